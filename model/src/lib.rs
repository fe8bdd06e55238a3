//! `winsection-model`: the executable specification of winsection.
//!
//! - [`spec`]: a deliberately naive reference model of the documented Windows section-object
//!   rules (plain `Vec`/`BTreeMap`, no performance tricks). Every rule is a small function whose
//!   doc comment cites its source: a rule of `shared/behaviour/catalog.md` (which names the Wine
//!   oracle check or the Microsoft Learn page behind it) or, where the catalog is silent, the
//!   engine's own documented choice (marked "engine choice"). The model shares no behaviour
//!   logic with the engine: it uses only `winsection::consts`, the error codes and the
//!   operation vocabulary (data, not behaviour).
//! - [`op`]: the crate's operation vocabulary ([`op::Op`], from `winsection::fuzzing`),
//!   resolved against the model into a concrete [`spec::Call`] ([`op::Resolve`]), and a
//!   proptest strategy ([`op::op_strategy`]) for property tests.
//! - [`harness`]: [`harness::Harness`] runs each call on a `winsection::System` and on the
//!   model, compares results, last errors and observable state, then runs `System::check()`.

pub mod failed;
pub mod harness;
pub mod op;
pub mod spec;

pub use harness::{Harness, Start};
pub use op::{Op, Resolve};
pub use spec::{Call, Model, Outcome};
