//! Values as a trace record carries them: the text the trace prints, and the typed form the
//! JSON trace writes (`outs`, the sides of a failed expectation, exceptions), so that a JSON
//! reader never parses printed text (docs/trace-json.md, "Values").
//!
//! ```json
//! {"int":68}   {"int":5,"name":"ERROR_ACCESS_DENIED"}   {"handle":68}   {"int":"18446744073709551615"}
//! {"bytes":"6869","len":2}
//! {"struct":"SECTION_BASIC_INFORMATION","fields":{"BaseAddress":0,"AllocationAttributes":8388608,"MaximumSize":4096}}
//! ```

use std::borrow::Cow;
use std::fmt::Write;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::calls::{IntShow, OutKind};
use super::printer::js_u64;
use super::schema::JsU64;
use super::value::{show_protection, Value};
use crate::mm::access::Exception;

/// The most bytes of a byte value the JSON trace writes (as hex); `len` gives the full length.
/// The text form shows 32.
pub const JSON_BYTES_SHOWN: usize = 64;

/// A value in a record: printed text and typed form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceValue {
    /// As the text trace prints it (`0x44`, `"hi"`, `{BaseAddress: ...}`).
    pub shown: String,
    /// As the JSON trace writes it.
    pub typed: Typed,
}

/// The typed form of a value (one JSON object; which key it has says its type).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(untagged, deny_unknown_fields)]
pub enum Typed {
    /// An integer, with the name of the constant it stands for when the expression says which
    /// kind of constant it is (`GetLastError()`, `ERROR_*`, `PAGE_*`, a protection field or out
    /// value).
    Int {
        /// The number (a decimal string above 2^53 - 1).
        #[serde(serialize_with = "js_u64")]
        #[schemars(with = "JsU64")]
        int: u64,
        /// The constant's name.
        #[serde(skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    },
    /// A handle value (an out parameter that receives a handle).
    Handle {
        /// The handle value (a decimal string above 2^53 - 1).
        #[serde(serialize_with = "js_u64")]
        #[schemars(with = "JsU64")]
        handle: u64,
    },
    /// Bytes.
    Bytes {
        /// The first 64 bytes (all, when fewer) as lowercase hex.
        #[schemars(regex(pattern = r"^([0-9a-f]{2}){0,64}$"))]
        bytes: String,
        /// The full length.
        len: u64,
    },
    /// A struct, by its C type name, with the fields the text form shows.
    Struct {
        /// The C type (`MEMORY_BASIC_INFORMATION`, ...).
        #[serde(rename = "struct")]
        kind: &'static str,
        /// Field name -> number, in the struct's order.
        fields: StructFields,
    },
}

/// A struct's fields in order, written as a JSON object of numbers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StructFields(pub Vec<(&'static str, u64)>);

impl Serialize for StructFields {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Num(u64);
        impl Serialize for Num {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                js_u64(&self.0, s)
            }
        }
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, &Num(*v))?;
        }
        map.end()
    }
}

impl JsonSchema for StructFields {
    fn schema_name() -> Cow<'static, str> {
        "StructFields".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let num = generator.subschema_for::<JsU64>();
        json_schema!({
            "description": "Field name -> number, in the struct's order.",
            "type": "object",
            "additionalProperties": num
        })
    }
}

impl Serialize for TraceValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.typed.serialize(s)
    }
}

impl JsonSchema for TraceValue {
    fn schema_name() -> Cow<'static, str> {
        "TraceValue".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        Typed::json_schema(generator)
    }
}

/// The fields of a struct value the text form shows (value.rs), in order.
const SHOWN_FIELDS: &[(&str, &[&str])] = &[
    (
        "MEMORY_BASIC_INFORMATION",
        &[
            "BaseAddress",
            "AllocationBase",
            "AllocationProtect",
            "RegionSize",
            "State",
            "Protect",
            "Type",
        ],
    ),
    (
        "SYSTEM_INFO",
        &[
            "dwPageSize",
            "dwAllocationGranularity",
            "lpMinimumApplicationAddress",
            "lpMaximumApplicationAddress",
            "dwNumberOfProcessors",
        ],
    ),
];

fn typed(v: &Value) -> Typed {
    match v {
        Value::Int(n) => Typed::Int {
            int: *n,
            name: None,
        },
        Value::Bytes(b) => {
            let mut hex = String::new();
            for c in b.iter().take(JSON_BYTES_SHOWN) {
                let _ = write!(hex, "{c:02x}");
            }
            Typed::Bytes {
                bytes: hex,
                len: b.len() as u64,
            }
        }
        other => {
            let (kind, all) = match other.ty() {
                super::value::Ty::Struct(k) => (k.name(), k.fields()),
                _ => ("", &[][..]),
            };
            let names = SHOWN_FIELDS
                .iter()
                .find(|(k, _)| *k == kind)
                .map_or(all, |(_, f)| *f);
            let fields = names
                .iter()
                .filter_map(|f| other.field(f).map(|n| (*f, n)))
                .collect();
            Typed::Struct {
                kind,
                fields: StructFields(fields),
            }
        }
    }
}

/// A constant's name for the typed form: none when the text form has only a number (a
/// protection of 0 prints as `0`, one without a name as `0x...`).
fn constant_name(name: String) -> Option<String> {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        .then_some(name)
}

impl TraceValue {
    /// A value as printed by default.
    pub fn plain(v: &Value) -> Self {
        TraceValue {
            shown: v.show(),
            typed: typed(v),
        }
    }

    /// An integer printed as `N (NAME)`: the constant it stands for named.
    pub fn named(n: u64, name: String) -> Self {
        TraceValue {
            shown: format!("{} ({name})", super::value::show_int(n)),
            typed: Typed::Int {
                int: n,
                name: constant_name(name),
            },
        }
    }

    /// An out parameter's new value, printed as its parameter says.
    pub fn out(kind: OutKind, v: &Value) -> Self {
        let typed = match (kind, v) {
            (OutKind::Int(IntShow::Handle), Value::Int(n)) => Typed::Handle { handle: *n },
            (OutKind::Int(IntShow::Protection), Value::Int(n)) => Typed::Int {
                int: *n,
                name: constant_name(show_protection(u32::try_from(*n).unwrap_or(u32::MAX))),
            },
            _ => typed(v),
        };
        TraceValue {
            shown: kind.show(v),
            typed,
        }
    }
}

/// An exception: its code, name, access and address (docs/trace-json.md, "Exceptions").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct TraceException {
    /// As the text trace prints it (`EXCEPTION_ACCESS_VIOLATION (write at 0x10001000)`).
    #[serde(skip)]
    pub shown: String,
    /// The exception code (`EXCEPTION_RECORD.ExceptionCode`: 3221225477 = 0xC0000005).
    pub code: u32,
    /// Its name (`EXCEPTION_ACCESS_VIOLATION`; `EXCEPTION_0x........` for a code without one).
    pub name: String,
    /// `read` or `write`, for an access violation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access: Option<String>,
    /// The faulting address (a decimal string above 2^53 - 1); absent for an exception raised
    /// inside a real call.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "super::printer::js_u64_opt"
    )]
    #[schemars(with = "Option<JsU64>")]
    pub address: Option<u64>,
}

impl From<Exception> for TraceException {
    fn from(ex: Exception) -> Self {
        TraceException {
            shown: ex.to_string(),
            code: ex.code(),
            name: ex.name().into(),
            access: match ex {
                Exception::AccessViolation { write, .. } => {
                    Some(if write { "write" } else { "read" }.into())
                }
                Exception::GuardPage { .. } => None,
            },
            address: Some(ex.address()),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::win32::MEMORY_BASIC_INFORMATION;

    fn json(v: &impl Serialize) -> String {
        serde_json::to_string(v).unwrap()
    }

    #[test]
    fn each_type_has_its_key() {
        assert_eq!(json(&TraceValue::plain(&Value::Int(68))), r#"{"int":68}"#);
        assert_eq!(
            json(&TraceValue::plain(&Value::Int(u64::MAX))),
            r#"{"int":"18446744073709551615"}"#
        );
        let named = TraceValue::named(5, "ERROR_ACCESS_DENIED".into());
        assert_eq!(named.shown, "5 (ERROR_ACCESS_DENIED)");
        assert_eq!(json(&named), r#"{"int":5,"name":"ERROR_ACCESS_DENIED"}"#);
        let h = TraceValue::out(OutKind::Int(IntShow::Handle), &Value::Int(0x48));
        assert_eq!(
            (h.shown.as_str(), json(&h).as_str()),
            ("0x48", r#"{"handle":72}"#)
        );
        let p = TraceValue::out(OutKind::Int(IntShow::Protection), &Value::Int(4));
        assert_eq!(
            (p.shown.as_str(), json(&p).as_str()),
            ("PAGE_READWRITE", r#"{"int":4,"name":"PAGE_READWRITE"}"#)
        );
        assert_eq!(
            json(&TraceValue::plain(&Value::Bytes(b"hi".to_vec()))),
            r#"{"bytes":"6869","len":2}"#
        );
        let none = TraceValue::out(OutKind::Int(IntShow::Protection), &Value::Int(0));
        assert_eq!(
            (none.shown.as_str(), json(&none).as_str()),
            ("0", r#"{"int":0}"#)
        );
        let long = json(&TraceValue::plain(&Value::Bytes(vec![0xab; 100])));
        assert_eq!(
            long,
            format!(r#"{{"bytes":"{}","len":100}}"#, "ab".repeat(64))
        );
    }

    #[test]
    fn a_struct_writes_the_fields_the_text_shows_in_order() {
        let m = Value::Mbi(MEMORY_BASIC_INFORMATION {
            BaseAddress: 0x1000_0000,
            AllocationBase: 0x1000_0000,
            AllocationProtect: 4,
            PartitionId: 0,
            RegionSize: 0x1000,
            State: 0x1000,
            Protect: 4,
            Type: 0x40000,
        });
        assert_eq!(
            json(&TraceValue::plain(&m)),
            r#"{"struct":"MEMORY_BASIC_INFORMATION","fields":{"BaseAddress":268435456,"AllocationBase":268435456,"AllocationProtect":4,"RegionSize":4096,"State":4096,"Protect":4,"Type":262144}}"#
        );
    }

    #[test]
    fn an_exception_has_code_name_access_and_address() {
        let ex = TraceException::from(Exception::AccessViolation {
            address: 0x1000_1000,
            write: true,
        });
        assert_eq!(ex.shown, "EXCEPTION_ACCESS_VIOLATION (write at 0x10001000)");
        assert_eq!(
            json(&ex),
            r#"{"code":3221225477,"name":"EXCEPTION_ACCESS_VIOLATION","access":"write","address":268439552}"#
        );
    }
}
