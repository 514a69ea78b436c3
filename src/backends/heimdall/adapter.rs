//! Heimdall as the panes show it: its actions as a read-only catalogue of permission verbs
//! (with the endpoints each guards), its groups and their members (CPFs), and who the
//! operator is.

use crate::app::dialog::Tone;
use crate::app::document::{DocLine, Document};
use crate::app::panes::actions::ActionRow;
use crate::app::panes::groups::{GroupDetail, GroupRow, MemberRow};
use crate::app::source::{Key, SourceId};

use super::cpf::Cpf;
use super::wire::{Action, Group, MappingDetail, Member, User};

pub(crate) fn action_row(source: SourceId, a: &Action) -> ActionRow {
    let endpoints = match a.endpoint_count {
        1 => "1 endpoint".to_string(),
        n => format!("{n} endpoints"),
    };
    ActionRow {
        source,
        key: Key::NumText(a.id, a.name.raw().into()),
        name: a.name.shown().into_owned(),
        kind: "permission".into(),
        description: a.description.as_deref().and_then(|d| d.lines().next()).unwrap_or("").to_string(),
        facts: endpoints,
        active: None,
        // Read-only here: writes cascade into authorization policy platform-wide.
        editable: false,
        owner: None,
        created: None,
        changed: None,
        copy: a.name.raw().to_string(),
    }
}

/// The detail page: what the verb is, and every endpoint mapped to it.
pub(crate) fn action_detail(a: &Action, mappings: &[MappingDetail]) -> Document {
    let mut d = Document::default();
    d.heading(a.name.shown());
    match a.description.as_deref() {
        Some(text) if !text.is_empty() => text.lines().for_each(|l| d.push(DocLine::plain(l))),
        _ => d.push(DocLine::new("(no description)", Tone::Muted)),
    }
    d.field("id", a.id.to_string());
    d.field("endpoints", a.endpoint_count.to_string());
    d.push(DocLine::new(
        "A permission verb in Heimdall's catalogue: read-only in opsy (changing one changes authorization platform-wide).",
        Tone::Muted,
    ));
    d.blank();
    d.heading(format!("Endpoints it guards ({})", mappings.len()));
    if mappings.is_empty() {
        d.push(DocLine::new("  no endpoint is mapped to it", Tone::Muted));
    }
    for m in mappings {
        let mut line =
            DocLine::new(format!("  {:<7}", m.method), Tone::Strong).span(m.path_pattern.to_string(), Tone::Normal);
        if let Some(desc) = m.description.as_deref().filter(|s| !s.is_empty()) {
            line = line.span(format!("  {desc}"), Tone::Muted);
        }
        d.push(line.indented(10));
    }
    d
}

pub(crate) fn group_row(source: SourceId, g: &Group) -> GroupRow {
    GroupRow {
        source,
        key: Key::text(g.name.raw()),
        name: g.name.shown().into_owned(),
        description: g.description.as_deref().unwrap_or("").to_string(),
        public: false,
    }
}

/// Members as listed (newest first); a subject or adder that is a CPF is shown the usual way.
pub(crate) fn group_detail(key: &Key, members: &[Member]) -> GroupDetail {
    let members = members
        .iter()
        .map(|m| {
            let raw = m.subject.raw();
            let shown = formatted_cpf(raw).unwrap_or_else(|| m.subject.shown().into_owned());
            let when = m.joined_at.map(|t| t.strftime("%Y-%m-%d").to_string()).unwrap_or_default();
            let detail = match m.added_by.as_deref() {
                Some(by) if !by.is_empty() => format!("{when} by {}", formatted_cpf(by).unwrap_or_else(|| by.into())),
                _ => when,
            };
            MemberRow {
                id: raw.into(),
                shown,
                name: m.display_name.as_deref().unwrap_or("").to_string(),
                detail,
                admin: false,
                super_admin: false,
            }
        })
        .collect();
    GroupDetail { key: key.clone(), members }
}

/// `123.456.789-09` for a subject that is exactly a CPF's eleven digits; anything else is
/// shown as the server sent it.
fn formatted_cpf(raw: &str) -> Option<String> {
    Cpf::parse(raw).ok().filter(|p| p.cpf.as_str() == raw).map(|p| p.cpf.formatted())
}

/// "111.111.111-11 (Ana) · superadmin · groups eng, ops".
pub(crate) fn whoami(u: &User) -> String {
    let cpf = Cpf::parse(&u.cpf).map(|p| p.cpf.formatted()).unwrap_or_else(|_| u.cpf.to_string());
    let mut out = match u.display_name.as_deref().filter(|n| !n.is_empty()) {
        Some(name) => format!("{cpf} ({name})"),
        None => cpf,
    };
    if !u.roles.is_empty() {
        let roles: Vec<&str> = u.roles.iter().map(|r| &**r).collect();
        out.push_str(&format!(" · roles {}", roles.join(", ")));
    }
    if !u.groups.is_empty() {
        let groups: Vec<&str> = u.groups.iter().map(|g| &**g).collect();
        out.push_str(&format!(" · groups {}", groups.join(", ")));
    }
    out
}
