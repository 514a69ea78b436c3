//! How CDS items are named in the app's opaque keys: an action by its byte-exact
//! `group/name` pair, a group by its id and byte-exact name.

use crate::app::source::Key;
use crate::domain::error::ApiError;

use super::wire::{ActionPath, GroupRef};

pub(crate) fn action(path: &ActionPath) -> Key {
    Key::pair(path.group.as_str(), path.name.as_str())
}

pub(crate) fn action_path(key: &Key) -> Result<ActionPath, ApiError> {
    match key {
        Key::Pair(group, name) => Ok(ActionPath::new(&**group, &**name)),
        other => Err(bad(other)),
    }
}

pub(crate) fn group(g: &GroupRef) -> Key {
    Key::NumText(g.id, g.name.raw().into())
}

/// The byte-exact name of a group key.
pub(crate) fn group_name(key: &Key) -> Result<&str, ApiError> {
    match key {
        Key::NumText(_, name) => Ok(name),
        other => Err(bad(other)),
    }
}

/// The numeric id of a group key (`/group/{id}/action` and worker models take the id).
pub(crate) fn group_id(key: &Key) -> Result<i64, ApiError> {
    match key {
        Key::NumText(id, _) if *id != 0 => Ok(*id),
        Key::NumText(..) => Err(ApiError::Local("CDS has not told opsy this group's id yet".into())),
        other => Err(bad(other)),
    }
}

fn bad(key: &Key) -> ApiError {
    ApiError::Local(format!("not a CDS key: {key:?}"))
}
