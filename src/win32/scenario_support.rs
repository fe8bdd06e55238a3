//! What the scenario interpreter (`crate::scenario`) needs from the facade that the facade's
//! own modules keep private.

pub use super::objects::ProcessRef;
