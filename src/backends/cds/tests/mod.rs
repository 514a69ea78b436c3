//! The CDS client against recorded payloads, a scripted server and the demo server, and
//! CDS's own import/export round trip.

mod calls;
mod client;
mod common;
mod decode;
mod demo_actions;
mod demo_groups;
mod roundtrip;
