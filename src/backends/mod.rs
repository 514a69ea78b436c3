//! One folder per server dialect, over one shared HTTP layer (`http`) and one set of tolerant
//! field decoders (`de`).

pub mod cds;
pub mod de;
pub mod heimdall;
pub mod http;
pub mod waldur;
