//! The sources of the running profile, as the runtime reaches them: one backend per source,
//! or the reason it could not be set up (its requests then fail with that reason, and only
//! its panes say so).

use std::sync::Arc;

use crate::app::effect::{Call, GroupCall};
use crate::app::msg::{Feed, Payload, Reply};
use crate::app::source::{Key, SourceId, SourceInfo, Sources};
use crate::backends::{Backend, Connected, Held};
use crate::domain::error::ApiError;

enum Slot {
    Ready(Arc<dyn Backend>),
    Broken(String),
}

#[derive(Default)]
pub(crate) struct Backends {
    slots: Vec<Slot>,
    infos: Vec<SourceInfo>,
}

impl Backends {
    /// The next source's id: sources are numbered in the order they are added.
    pub(crate) fn next_id(&self) -> SourceId {
        SourceId(u8::try_from(self.slots.len()).unwrap_or(u8::MAX))
    }

    pub(crate) fn add(&mut self, connected: Connected) {
        self.infos.push(connected.info);
        self.slots.push(Slot::Ready(connected.backend));
    }

    /// A source that could not be set up: shown, marked failed with `why`, never called.
    pub(crate) fn add_broken(&mut self, mut info: SourceInfo, why: String) {
        info.broken = Some(why.clone());
        self.infos.push(info);
        self.slots.push(Slot::Broken(why));
    }

    /// What the app is told about every source.
    pub(crate) fn sources(&self) -> Sources {
        Sources::new(self.infos.clone())
    }

    fn slot(&self, id: SourceId) -> Result<&Arc<dyn Backend>, ApiError> {
        match self.slots.get(usize::from(id.0)) {
            Some(Slot::Ready(b)) => Ok(b),
            Some(Slot::Broken(why)) => Err(ApiError::Local(why.clone())),
            None => Err(ApiError::Local("no such server in this profile".into())),
        }
    }

    pub(crate) async fn fetch(&self, feed: &Feed, held: Held) -> Result<Payload, ApiError> {
        self.slot(feed.source())?.fetch(feed, held).await
    }

    pub(crate) async fn call(&self, call: &Call) -> Result<Reply, ApiError> {
        let backend = self.slot(call.source())?;
        if let Call::Group(source, GroupCall::RemoveMembers { group, members }) = call {
            return Ok(remove_each(backend, *source, group, members).await);
        }
        backend.call(call).await
    }
}

/// One removal after the other, in the order shown: a server that keeps one admin refuses
/// only the last of them, and the report says which.
async fn remove_each(backend: &Arc<dyn Backend>, source: SourceId, group: &Key, members: &[Arc<str>]) -> Reply {
    let mut out = Vec::with_capacity(members.len());
    for member in members {
        let one = Call::Group(source, GroupCall::RemoveMember { group: group.clone(), member: member.clone() });
        out.push((member.clone(), backend.call(&one).await.map(|_| ())));
    }
    Reply::MembersRemoved(out)
}
