//! `opsy get …`: the console's lists, as tables for people and JSON or YAML for scripts. Each
//! goes through the same backend feeds and calls as the panes, so a row here is the row the
//! console shows, in the console's order.

use std::sync::Arc;

use serde_json::{Value, json};

use crate::app::effect::{ActionCall, Call};
use crate::app::msg::{Feed, Payload, Reply};
use crate::app::panes::actions::{ActionRow, Change, Sort};
use crate::app::panes::audits::AuditRow;
use crate::app::panes::groups::{GroupRow, MemberRow};
use crate::app::source::SourceInfo;
use crate::backends::waldur::model::{ListQuery, Order, Urgency, UserActionRow};
use crate::config::ServerKind;

use super::args::{ActionSource, Format, Get, UrgencyArg, UserActionFilters};
use super::exit::{Exit, Failure, Outcome};
use super::render::{Listing, col, print_listing, print_one, time, time_cell, wide};
use super::session::Session;

/// The kinds each `get` needs connected.
pub(crate) fn kinds(get: &Get) -> &'static [ServerKind] {
    match get {
        Get::UserActions { .. } => &[ServerKind::Waldur],
        Get::Audits { .. } => &[ServerKind::Cds],
        Get::Actions { .. } | Get::Action { .. } => &[ServerKind::Cds, ServerKind::Zitadel, ServerKind::Heimdall],
        Get::Groups { .. } | Get::Group { .. } => &[ServerKind::Cds, ServerKind::Zitadel, ServerKind::Heimdall],
    }
}

pub(crate) async fn run(session: &Session, get: &Get) -> Outcome {
    match get {
        Get::UserActions { filters, output } => user_actions(session, filters, output.format).await,
        Get::Actions { source, output } => actions(session, *source, output.format).await,
        Get::Action { target, output } => action(session, target, output.format).await,
        Get::Groups { output } => groups(session, output.format).await,
        Get::Group { name, output } => group(session, name, output.format).await,
        Get::Audits { path, output } => audits(session, path, output.format).await,
    }
}

/// The query the console's User Actions pane would send for these filters.
pub(crate) fn query(f: &UserActionFilters) -> ListQuery {
    ListQuery {
        include_silenced: f.include_silenced,
        urgency: f.urgency.map(|u| match u {
            UrgencyArg::High => Urgency::High,
            UrgencyArg::Medium => Urgency::Medium,
            UrgencyArg::Low => Urgency::Low,
        }),
        action_type: f.action_type.as_deref().map(Arc::from),
        overdue: f.overdue.then_some(true),
        order: Order::Severity,
    }
}

async fn user_actions(session: &Session, filters: &UserActionFilters, format: Format) -> Outcome {
    let source = session.source("waldur")?;
    let feed = Feed::UserActions(source.id, query(filters));
    // Already in the console's order. Days to the due date count from the server's clock.
    let (rows, now) = match session.fetch(&feed).await {
        Ok(Payload::UserActions(view)) => (view.rows, view.at.unwrap_or_else(jiff::Timestamp::now)),
        Ok(_) => return Err(unexpected("user actions")),
        Err(e) => return Err(Failure::api("listing user actions", &e)),
    };
    let mut listing = Listing::new(&[
        col("UUID"),
        col("URGENCY"),
        col("DUE"),
        col("TYPE"),
        col("SCOPE"),
        col("TITLE"),
        wide("ORGANIZATION"),
        wide("CREATED"),
        wide("SILENCED"),
    ]);
    for r in &rows {
        listing.push(user_action_cells(r), user_action_record(r, now));
    }
    print_listing(&listing, format)?;
    Ok(Exit::Ok)
}

fn user_action_cells(r: &UserActionRow) -> Vec<String> {
    // A silence that has run out is not one any more (the console says the same).
    let until = r.silenced_until().filter(|until| *until > jiff::Timestamp::now());
    let silenced = match (r.is_silenced, until) {
        (_, Some(until)) => format!("until {}", time_cell(Some(until))),
        (true, None) => "yes".into(),
        (false, None) => "-".into(),
    };
    vec![
        r.uuid.to_string(),
        r.urgency.as_str().into(),
        time_cell(r.due()),
        r.action_type().into(),
        r.scope_name().into(),
        r.title.to_string(),
        r.organization_name().into(),
        time_cell(r.created()),
        silenced,
    ]
}

/// The documented JSON of a user action (README, "Scripting").
fn user_action_record(r: &UserActionRow, now: jiff::Timestamp) -> Value {
    json!({
        "uuid": r.uuid.to_string(),
        "title": &*r.title,
        "urgency": r.urgency.as_str(),
        "action_type": r.action_type(),
        "project_name": &*r.scope.project_name,
        "organization_name": r.organization_name(),
        "due_date": time(r.due()),
        "days_until_due": r.days_until_due(now),
        "created": time(r.created()),
        "is_silenced": r.is_silenced,
        "silenced_until": time(r.silenced_until()),
    })
}

async fn actions(session: &Session, only: Option<ActionSource>, format: Format) -> Outcome {
    let sources: Vec<&SourceInfo> =
        session.sources().actions().map(|(s, _)| s).filter(|s| only.is_none_or(|o| o.kind() == s.kind)).collect();
    if sources.is_empty() {
        let kinds: Vec<&str> = only.map_or(vec!["cds", "zitadel", "heimdall"], |o| vec![o.kind()]);
        return Err(session.missing(&kinds));
    }
    let mut rows = Vec::new();
    for s in sources {
        rows.extend(fetch_actions(session, s).await?);
    }
    rows.sort_by(|a, b| Sort::Name.order(a, b));
    let mut listing = Listing::new(&[
        col("SOURCE"),
        col("NAME"),
        col("TYPE"),
        col("FACTS"),
        col("DESCRIPTION"),
        wide("OWNER"),
        wide("CHANGED"),
        wide("BY"),
    ]);
    for r in &rows {
        let kind = session.sources().get(r.source).map_or("?", |s| s.kind);
        let changed = r.changed.as_ref();
        listing.push(
            vec![
                kind.into(),
                r.name.clone(),
                r.kind.clone(),
                r.facts.clone(),
                r.description.clone(),
                r.owner.as_deref().unwrap_or("-").into(),
                time_cell(changed.and_then(|c| c.at)),
                changed.map_or_else(String::new, |c| c.by.to_string()),
            ],
            action_record(kind, r),
        );
    }
    print_listing(&listing, format)?;
    Ok(Exit::Ok)
}

async fn fetch_actions(session: &Session, source: &SourceInfo) -> Outcome<Vec<ActionRow>> {
    match session.fetch(&Feed::Actions(source.id)).await {
        Ok(Payload::Actions(rows)) => Ok(rows),
        Ok(_) => Err(unexpected("actions")),
        Err(e) => Err(Failure::api(&format!("listing {}'s actions", source.name), &e)),
    }
}

fn action_record(kind: &str, r: &ActionRow) -> Value {
    let change = |c: Option<&Change>| {
        c.map_or(Value::Null, |c| json!({"at": time(c.at), "by": &*c.by, "event": &*c.event, "audit_id": c.audit_id}))
    };
    json!({
        "source": kind,
        "id": r.copy,
        "name": r.name,
        "type": r.kind,
        "description": r.description,
        "facts": r.facts,
        "active": r.active,
        "editable": r.editable,
        "owner": r.owner.as_deref(),
        "created": change(r.created.as_ref()),
        "changed": change(r.changed.as_ref()),
    })
}

/// `SOURCE/ID-OR-PATH`: the source's config name, then the action as `get actions` shows it
/// (its `id`, or its `name`).
pub(crate) async fn find_action<'s>(
    session: &'s Session,
    kind: &str,
    wanted: &str,
) -> Outcome<(&'s SourceInfo, ActionRow)> {
    let source = session.source(kind)?;
    if source.actions.is_none() {
        return Err(Failure::usage(format!("{} has no actions", source.name)));
    }
    let rows = fetch_actions(session, source).await?;
    let found = rows.iter().find(|r| r.copy == wanted).or_else(|| rows.iter().find(|r| r.name == wanted)).cloned();
    match found {
        Some(row) => Ok((source, row)),
        None => {
            Err(Failure::not_found(format!("{} has no action {wanted:?} (`opsy get actions` lists them)", source.name)))
        }
    }
}

fn split_target(target: &str) -> Outcome<(&str, &str)> {
    match target.split_once('/') {
        Some((kind, rest)) if !rest.is_empty() && matches!(kind, "cds" | "zitadel" | "heimdall") => Ok((kind, rest)),
        _ => Err(Failure::usage(format!(
            "{target:?} is not SOURCE/ID-OR-PATH: e.g. cds/shared.infra/build-go, zitadel/<id>, heimdall/<name>"
        ))),
    }
}

async fn action(session: &Session, target: &str, format: Format) -> Outcome {
    let (kind, wanted) = split_target(target)?;
    let (source, row) = find_action(session, kind, wanted).await?;
    let call = Call::Action(source.id, ActionCall::Detail { key: row.key.clone(), fresh: true });
    let lines: Vec<String> = match session.call(&call).await {
        Ok(Reply::Document(doc)) => {
            doc.lines.iter().map(|l| l.spans.iter().map(|(t, _)| t.as_str()).collect::<String>()).collect()
        }
        Ok(_) => return Err(unexpected("action detail")),
        Err(e) => return Err(Failure::api(&format!("reading {target}"), &e)),
    };
    let mut record = action_record(kind, &row);
    if let Value::Object(map) = &mut record {
        map.insert("detail".into(), Value::from(lines.clone()));
    }
    let text = lines.iter().map(|l| format!("{}\n", l.trim_end())).collect::<String>();
    print_one(&text, &record, format)?;
    Ok(Exit::Ok)
}

async fn group_rows(session: &Session) -> Outcome<Vec<GroupRow>> {
    let sources: Vec<&SourceInfo> = session.sources().groups().map(|(s, _)| s).collect();
    if sources.is_empty() {
        return Err(session.missing(&["cds", "zitadel", "heimdall"]));
    }
    let mut rows = Vec::new();
    for s in sources {
        match session.fetch(&Feed::Groups(s.id)).await {
            Ok(Payload::Groups(list)) => rows.extend(list),
            Ok(_) => return Err(unexpected("groups")),
            Err(e) => return Err(Failure::api(&format!("listing {}'s groups", s.name), &e)),
        }
    }
    rows.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.source.cmp(&b.source)));
    Ok(rows)
}

async fn groups(session: &Session, format: Format) -> Outcome {
    let rows = group_rows(session).await?;
    let mut listing = Listing::new(&[col("SOURCE"), col("NAME"), col("PUBLIC"), col("DESCRIPTION")]);
    for r in &rows {
        let kind = session.sources().get(r.source).map_or("?", |s| s.kind);
        listing.push(
            vec![kind.into(), r.name.clone(), if r.public { "yes" } else { "-" }.into(), r.description.clone()],
            json!({"source": kind, "name": r.name, "public": r.public, "description": r.description}),
        );
    }
    print_listing(&listing, format)?;
    Ok(Exit::Ok)
}

/// `NAME`, or `SOURCE/NAME` when several sources have a group of that name.
pub(crate) async fn find_group(session: &Session, wanted: &str) -> Outcome<GroupRow> {
    let rows = group_rows(session).await?;
    let kind_of = |r: &GroupRow| session.sources().get(r.source).map_or("?", |s| s.kind);
    let (kind, name) = match wanted.split_once('/') {
        Some((k, n)) if matches!(k, "cds" | "zitadel" | "heimdall") => (Some(k), n),
        _ => (None, wanted),
    };
    let found: Vec<&GroupRow> =
        rows.iter().filter(|r| r.name == name && kind.is_none_or(|k| kind_of(r) == k)).collect();
    match found.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(Failure::not_found(format!("no group {wanted:?} (`opsy get groups` lists them)"))),
        several => {
            let names: Vec<String> = several.iter().map(|r| format!("{}/{}", kind_of(r), r.name)).collect();
            Err(Failure::usage(format!("several groups are named {name:?}: say which, {}", names.join(" or "))))
        }
    }
}

async fn group(session: &Session, wanted: &str, format: Format) -> Outcome {
    let row = find_group(session, wanted).await?;
    let members = match session.fetch(&Feed::Group(row.source, row.key.clone())).await {
        Ok(Payload::Group(detail)) => detail.members,
        Ok(_) => return Err(unexpected("group")),
        Err(e) => return Err(Failure::api(&format!("reading group {wanted}"), &e)),
    };
    let mut listing = Listing::new(&[col("MEMBER"), col("ADMIN"), col("NAME"), col("DETAIL")]);
    for m in &members {
        listing.push(member_cells(m), member_record(m));
    }
    print_listing(&listing, format)?;
    Ok(Exit::Ok)
}

fn member_cells(m: &MemberRow) -> Vec<String> {
    let admin = if m.super_admin {
        "server"
    } else if m.admin {
        "yes"
    } else {
        "-"
    };
    vec![m.shown.clone(), admin.into(), m.name.clone(), m.detail.clone()]
}

fn member_record(m: &MemberRow) -> Value {
    json!({"id": &*m.id, "name": m.name, "detail": m.detail, "admin": m.admin, "super_admin": m.super_admin})
}

async fn audits(session: &Session, path: &str, format: Format) -> Outcome {
    let (source, row) = find_action(session, "cds", path).await?;
    let rows: Vec<AuditRow> = match session.fetch(&Feed::Audits(source.id, row.key.clone())).await {
        Ok(Payload::Audits(rows)) => rows,
        Ok(_) => return Err(unexpected("audits")),
        Err(e) => return Err(Failure::api(&format!("reading the audits of {path}"), &e)),
    };
    let mut listing = Listing::new(&[col("ID"), col("AT"), col("BY"), col("EVENT"), col("ROLLBACK")]);
    for a in &rows {
        listing.push(
            vec![
                a.id.to_string(),
                time_cell(a.at),
                a.by.to_string(),
                a.event.to_string(),
                if a.no_revert.is_none() { "yes" } else { "-" }.into(),
            ],
            json!({
                "id": a.id,
                "at": time(a.at),
                "by": &*a.by,
                "event": &*a.event,
                "creation": a.creation,
                "can_rollback": a.no_revert.is_none(),
                "before": a.before,
                "after": a.after,
            }),
        );
    }
    print_listing(&listing, format)?;
    Ok(Exit::Ok)
}

/// A backend answered a feed with another kind of payload (never expected).
fn unexpected(what: &str) -> Failure {
    Failure::new(Exit::Server, format!("the server's answer for {what} was not understood"))
}
