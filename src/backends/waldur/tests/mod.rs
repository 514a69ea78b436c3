//! The Waldur client against the demo server, whose answers are checked against Waldur's
//! own OpenAPI schema.

mod demo;
mod mirror;
mod openapi;
mod progress;
