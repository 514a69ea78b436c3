//! The configuration against the fixture corpus: every invalid file fails at its line with a
//! hint, every valid one loads.

mod corpus;
