//! Waldur: user actions sorted by urgency; silence, unsilence, execute corrective actions.

pub mod client;
pub mod model;
