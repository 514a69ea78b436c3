//! go-yaml v2 on top of libyaml-safer: the style decisions of its encoder, its map key
//! order, its scalar resolution and its view of a parsed document.

mod emit;
mod keys;
mod load;
mod resolve;

pub use emit::{Yaml, marshal};
pub use keys::key_cmp;
pub use load::{Kind, Node, from_json, load};
pub use resolve::Resolved;
