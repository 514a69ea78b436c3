//! Types shared by `api`, `app` and `demo`: what the servers hold, as opsy sees it. No I/O.

pub mod error;
pub mod secret;
pub mod text;
