//! Decoders against quirky payloads (fixtures under tests/fixtures/zitadel/), and the client
//! against the demo server's ZITADEL dialect.

mod client;
mod decode;
