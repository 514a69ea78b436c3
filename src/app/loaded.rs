//! A one-off answer the operator is waiting for (a detail, a usage list).

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Loaded<T> {
    Loading,
    Ready(T),
    Failed(String),
}
