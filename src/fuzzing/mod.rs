//! Fuzzing from outside (feature `arbitrary`): the operation vocabulary the crate's own fuzz
//! targets and its reference model speak, for users who fuzz their code with a winsection
//! machine inside. [`Op`] implements `arbitrary::Arbitrary`; [`apply`] runs one against a
//! [`crate::System`]; `System: Clone` lets a fuzzer snapshot a state and fork from it.
//!
//! ```
//! use arbitrary::{Arbitrary, Unstructured};
//! use winsection::fuzzing::{apply, Op};
//! let data: Vec<u8> = (0u8..=255).collect();
//! let mut u = Unstructured::new(&data);
//! let mut sys = winsection::System::new();
//! // `arbitrary` keeps producing values from exhausted input: stop when it is used up.
//! while !u.is_empty() {
//!     let Ok(op) = Op::arbitrary(&mut u) else { break };
//!     apply(&mut sys, &op);
//!     sys.check_touched().unwrap();
//! }
//! sys.check().unwrap();
//! ```

mod apply;
pub mod op;
mod pe_images;

pub use apply::{apply, fresh_machine};
pub use op::Op;
