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

/// A name component: inline up to [`INLINE`] bytes, boxed beyond. The boxed form is a thin
/// pointer (`Box<Box<str>>`: a `Box<str>` is 16 bytes by itself and would make every name 24);
/// its second allocation is only for long names, which are rare and never on the lookup's
/// hot path (`live123456` is inline).
#[derive(Clone)]
pub(crate) enum ObjectName {
    Inline { len: u8, bytes: [u8; INLINE] },
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
            _ => ObjectName::Boxed(Box::new(s.into())),
        }
    }

    /// The component's bytes (UTF-8): what lookups compare, without re-validating.
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            ObjectName::Inline { len, bytes } => bytes.get(..usize::from(*len)).unwrap_or(&[]),
            ObjectName::Boxed(s) => s.as_bytes(),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            // Built from a `&str` cut at its own length: always valid UTF-8.
            ObjectName::Inline { .. } => std::str::from_utf8(self.as_bytes()).unwrap_or_default(),
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
        assert_eq!(ObjectName::new("").as_str(), "");
        assert_eq!(std::mem::size_of::<ObjectName>(), 16);
        assert_eq!(std::mem::size_of::<Option<ObjectName>>(), 16);
    }
}
