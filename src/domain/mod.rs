//! Types shared by `api`, `app` and `demo`: what the servers hold, as opsy sees it. No I/O.

pub(crate) mod error;
pub(crate) mod secret;
pub(crate) mod text;

#[cfg(test)]
mod props;
