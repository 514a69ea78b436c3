//! CDS answers turned into the panes' rows and pages.

pub(crate) mod actions;
pub(crate) mod groups;
