//! The last component of an object's name, stored once, in the object itself.
//!
//! Short components (most names: `live123`, `MyMapping`) are kept inline, so that a directory
//! lookup, which compares the wanted name against the found object's own name, reads the name
//! from the object's slot and not from a further heap block (issue #11: a random open among
//! 1M names is bounded by dependent cache misses). Longer ones are boxed.
//!
//! The whole name is 16 bytes (a tag, a length and 14 bytes, or a tag and a thin pointer), so
//! that an object, name link included, fits with its slot map version in one 64-byte cache
//! line (`src/ob/object.rs`): a lookup that confirms a candidate reads one line of the slot.

/// Longest component kept inline, in bytes.
const INLINE: usize = 14;

/// The namespace's own components longer than [`INLINE`] bytes: every machine names them, so
/// they point here instead of each taking two allocations (a fresh `System` + one process
/// names `BaseNamedObjects` twice and `PrivateNamespaces` once; issue #11).
static KNOWN: [&str; 3] = [
    "BaseNamedObjects",
    "PrivateNamespaces",
    super::app_container::APP_CONTAINER_NAMED_OBJECTS,
];

/// A name component: inline up to [`INLINE`] bytes, one of the namespace's [`KNOWN`] long
/// components, or boxed. The boxed form is a thin pointer (`Box<Box<str>>`: a `Box<str>` is 16
/// bytes by itself and would make every name 24); its second allocation is only for long
/// names, which are rare and never on the lookup's hot path (`live123456` is inline).
#[derive(Clone)]
pub(crate) enum ObjectName {
    Inline { len: u8, bytes: [u8; INLINE] },
    Known(&'static &'static str),
    Boxed(Box<Box<str>>),
}

impl ObjectName {
    pub fn new(s: &str) -> Self {
        let b = s.as_bytes();
        match (u8::try_from(b.len()), b.len() <= INLINE) {
            (Ok(len), true) => {
                let mut bytes = [0; INLINE];
                if let Some(dst) = bytes.get_mut(..b.len()) {
                    dst.copy_from_slice(b);
                }
                ObjectName::Inline { len, bytes }
            }
            _ => match KNOWN.iter().find(|k| **k == s) {
                Some(known) => ObjectName::Known(known),
                None => ObjectName::Boxed(Box::new(s.into())),
            },
        }
    }

    /// The component's bytes (UTF-8): what lookups compare, without re-validating.
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            ObjectName::Inline { len, bytes } => bytes.get(..usize::from(*len)).unwrap_or(&[]),
            ObjectName::Known(s) => s.as_bytes(),
            ObjectName::Boxed(s) => s.as_bytes(),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            // Built from a `&str` cut at its own length: always valid UTF-8.
            ObjectName::Inline { .. } => std::str::from_utf8(self.as_bytes()).unwrap_or_default(),
            ObjectName::Known(s) => s,
            ObjectName::Boxed(s) => s,
        }
    }
}

impl std::ops::Deref for ObjectName {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for ObjectName {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for ObjectName {}

impl std::fmt::Debug for ObjectName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for ObjectName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_are_inline_long_ones_boxed_and_both_read_back() {
        let short = ObjectName::new("live123");
        assert!(matches!(short, ObjectName::Inline { len: 7, .. }));
        assert_eq!(short.as_str(), "live123");
        let edge = "x".repeat(INLINE);
        assert!(matches!(ObjectName::new(&edge), ObjectName::Inline { .. }));
        assert_eq!(&*ObjectName::new(&edge), edge);
        let long = "é".repeat(INLINE);
        assert!(matches!(ObjectName::new(&long), ObjectName::Boxed(_)));
        assert_eq!(ObjectName::new(&long).as_bytes(), long.as_bytes());
        let over = "y".repeat(INLINE + 1);
        assert!(matches!(ObjectName::new(&over), ObjectName::Boxed(_)));
        assert_eq!(ObjectName::new(&over).as_str(), over);
        assert_eq!(ObjectName::new(&over), ObjectName::new(&over));
        assert_ne!(ObjectName::new(&over), ObjectName::new(&edge));
        let known = ObjectName::new("BaseNamedObjects");
        assert!(matches!(known, ObjectName::Known(_)));
        assert_eq!(known.as_str(), "BaseNamedObjects");
        assert_eq!(
            known,
            ObjectName::Boxed(Box::new("BaseNamedObjects".into()))
        );
        assert_eq!(ObjectName::new("").as_str(), "");
        assert_eq!(std::mem::size_of::<ObjectName>(), 16);
        assert_eq!(std::mem::size_of::<Option<ObjectName>>(), 16);
    }
}
