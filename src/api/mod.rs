//! One module per server dialect over one shared HTTP layer. Typed requests and responses,
//! no UI types.

pub mod cds;
pub mod http;
pub mod waldur;
