//! The commands that change a server. Each one: refused under read-only (exit 3), confirmed
//! (`--yes` or the terminal), then one request per target, in the order given and never
//! twice, with one line per target saying what was done (stdout) or why not (stderr). The exit
//! code is the worst of the targets'.

use std::sync::Arc;

use uuid::Uuid;

use crate::app::effect::{AuditCall, Call, GroupCall, WaldurCall};
use crate::app::msg::{Feed, Payload, Reply};
use crate::app::source::SourceInfo;
use crate::backends::waldur::model::CorrectiveAction;

use super::args::{Command, Members, UserActionFilters, Yes};
use super::confirm::confirm;
use super::exit::{Exit, Failure, Outcome, describe};
use super::get::{find_action, find_group, query};
use super::session::Session;

pub(crate) async fn run(session: &Session, command: &Command) -> Outcome {
    match command {
        Command::Silence { uuids, days, yes } => silence(session, uuids, *days, *yes).await,
        Command::Unsilence { uuids, yes } => unsilence(session, uuids, *yes).await,
        Command::BulkSilence { filters, days, yes } => bulk_silence(session, filters, *days, *yes).await,
        Command::Execute { uuid, label, yes } => execute(session, *uuid, label, *yes).await,
        Command::Rollback { path, audit, yes } => rollback(session, path, *audit, *yes).await,
        Command::Members(Members::Add { group, users, yes }) => add_members(session, group, users, *yes).await,
        Command::Members(Members::Remove { group, user, yes }) => remove_member(session, group, user, *yes).await,
        Command::Import { file, yes } => super::transfer::import(session, file, *yes).await,
        _ => Err(Failure::usage("not a command of the scripting CLI")),
    }
}

/// Each target once, in the order given: a UUID typed twice is one request.
fn distinct(uuids: &[Uuid]) -> Vec<Uuid> {
    let mut out: Vec<Uuid> = Vec::with_capacity(uuids.len());
    for u in uuids {
        if !out.contains(u) {
            out.push(*u);
        }
    }
    out
}

fn for_days(days: Option<u16>) -> String {
    match days {
        Some(1) => " for 1 day".into(),
        Some(n) => format!(" for {n} days"),
        None => " until unsilenced".into(),
    }
}

fn user_actions(n: usize) -> String {
    if n == 1 { "1 user action".into() } else { format!("{n} user actions") }
}

async fn silence(session: &Session, uuids: &[Uuid], days: Option<u16>, yes: Yes) -> Outcome {
    session.allow_changes("silence")?;
    let source = session.source("waldur")?;
    let targets = distinct(uuids);
    confirm(yes, &format!("silence {}{} on {}", user_actions(targets.len()), for_days(days), source.server))?;
    let mut exit = Exit::Ok;
    for uuid in targets {
        let outcome = session.call(&Call::Waldur(source.id, WaldurCall::Silence { uuid, days })).await;
        exit = exit.worst(report(&uuid.to_string(), outcome.map(|_| format!("silenced{}", for_days(days)))));
    }
    Ok(exit)
}

async fn unsilence(session: &Session, uuids: &[Uuid], yes: Yes) -> Outcome {
    session.allow_changes("unsilence")?;
    let source = session.source("waldur")?;
    let targets = distinct(uuids);
    confirm(yes, &format!("unsilence {} on {}", user_actions(targets.len()), source.server))?;
    let mut exit = Exit::Ok;
    for uuid in targets {
        let outcome = session.call(&Call::Waldur(source.id, WaldurCall::Unsilence { uuid })).await;
        exit = exit.worst(report(&uuid.to_string(), outcome.map(|_| "unsilenced".to_string())));
    }
    Ok(exit)
}

/// One target's line: "<target>: <done>" on stdout, or "<target>: failed: <why>" on stderr.
fn report(target: &str, outcome: Result<String, crate::domain::error::ApiError>) -> Exit {
    match outcome {
        Ok(done) => {
            println!("{target}: {done}");
            Exit::Ok
        }
        Err(e) => {
            eprintln!("{target}: failed: {}", describe(&e));
            Exit::of(&e)
        }
    }
}

async fn bulk_silence(session: &Session, filters: &UserActionFilters, days: Option<u16>, yes: Yes) -> Outcome {
    session.allow_changes("bulk-silence")?;
    let source = session.source("waldur")?;
    let query = query(filters);
    confirm(yes, &format!("silence every user action matching {query}{} on {}", for_days(days), source.server))?;
    match session.call(&Call::Waldur(source.id, WaldurCall::BulkSilence { query: query.clone(), days })).await {
        Ok(Reply::BulkSilenced(r)) => {
            println!("{query}: {} silenced{}", user_actions(usize::try_from(r.count).unwrap_or(0)), for_days(days));
            Ok(Exit::Ok)
        }
        Ok(_) => Ok(Exit::Ok),
        Err(e) => Err(Failure::api(&format!("{query}: failed"), &e)),
    }
}

/// Read the user action first (its corrective actions are computed for the caller), so that a
/// label that is not offered is refused before anything is sent, as the console's picker does.
async fn execute(session: &Session, uuid: Uuid, label: &str, yes: Yes) -> Outcome {
    session.allow_changes("execute")?;
    let source = session.source("waldur")?;
    let action = match session.call(&Call::Waldur(source.id, WaldurCall::Get { uuid })).await {
        Ok(Reply::UserAction(a)) => a,
        Ok(_) => return Err(Failure::usage("the server's answer was not a user action")),
        Err(e) => return Err(Failure::api(&format!("reading user action {uuid}"), &e)),
    };
    let Some(chosen) = action.corrective_actions.iter().find(|a| &*a.label == label) else {
        let offered: Vec<String> = action.corrective_actions.iter().map(|a| format!("{:?}", &*a.label)).collect();
        return Err(Failure::not_found(format!(
            "user action {uuid} offers no corrective action {label:?} (offered: {})",
            if offered.is_empty() { "none".into() } else { offered.join(", ") }
        )));
    };
    confirm(yes, &execute_question(uuid, &action.title, chosen, source))?;
    let call = Call::Waldur(source.id, WaldurCall::Execute { uuid, label: chosen.label.to_string() });
    match session.call(&call).await {
        Ok(Reply::Executed(r)) => {
            let mut text = format!("{uuid}: executed {label:?}");
            for extra in [&*r.message, &*r.redirect_url] {
                if !extra.is_empty() {
                    text.push_str(&format!("\n  {extra}"));
                }
            }
            println!("{text}");
            Ok(Exit::Ok)
        }
        Ok(_) => Ok(Exit::Ok),
        Err(e) => Err(Failure::api(&format!("{uuid}: executing {label:?} failed"), &e)),
    }
}

fn execute_question(uuid: Uuid, title: &str, a: &CorrectiveAction, source: &SourceInfo) -> String {
    let kind = if a.is_navigation() { "opens in Waldur" } else { "runs on the server" };
    format!(
        "execute {:?} ({} severity, {kind}) on user action {uuid} \"{title}\" on {}",
        &*a.label,
        a.severity.as_str(),
        source.server
    )
}

async fn rollback(session: &Session, path: &str, audit: i64, yes: Yes) -> Outcome {
    session.allow_changes("rollback")?;
    let (source, row) = find_action(session, "cds", path).await?;
    let audits = match session.fetch(&Feed::Audits(source.id, row.key.clone())).await {
        Ok(Payload::Audits(rows)) => rows,
        Ok(_) => Vec::new(),
        Err(e) => return Err(Failure::api(&format!("reading the audits of {path}"), &e)),
    };
    let Some(change) = audits.iter().find(|a| a.id == audit) else {
        return Err(Failure::not_found(format!("{path} has no audit {audit} (`opsy get audits {path}` lists them)")));
    };
    if let Some(why) = &change.no_revert {
        return Err(Failure::usage(format!("audit {audit} of {path} cannot be rolled back: {why}")));
    }
    confirm(
        yes,
        &format!("roll {path} back to its state before change {audit} ({}) on {}", change.event, source.server),
    )?;
    let call = Call::Audit(source.id, AuditCall::Revert { key: row.key.clone(), audit });
    match session.call(&call).await {
        Ok(_) => {
            println!("{path}: rolled back to before change {audit} (CDS records the rollback as a new change)");
            Ok(Exit::Ok)
        }
        Err(e) => Err(Failure::api(&format!("{path}: rollback failed"), &e)),
    }
}

/// The group's members as the server has them now, by their byte-exact ids.
async fn members_of(
    session: &Session,
    source: crate::app::source::SourceId,
    key: &crate::app::source::Key,
) -> Outcome<Vec<Arc<str>>> {
    match session.fetch(&Feed::Group(source, key.clone())).await {
        Ok(Payload::Group(detail)) => Ok(detail.members.into_iter().map(|m| m.id).collect()),
        Ok(_) => Ok(Vec::new()),
        Err(e) => Err(Failure::api("reading the group's members", &e)),
    }
}

async fn add_members(session: &Session, group: &str, users: &[String], yes: Yes) -> Outcome {
    session.allow_changes("members add")?;
    let row = find_group(session, group).await?;
    let caps = session.sources().groups_caps(row.source).cloned();
    let Some(caps) = caps.filter(|c| c.add_members) else {
        return Err(Failure::usage(format!("{} does not let opsy add members", session.sources().name(row.source))));
    };
    let mut typed: Vec<String> = Vec::new();
    for raw in users {
        let (id, warning) = (caps.check_member)(raw).map_err(|why| Failure::usage(format!("{raw:?}: {why}")))?;
        if let Some(w) = warning {
            eprintln!("opsy: warning: {raw:?}: {w}");
        }
        if !typed.contains(&id) {
            typed.push(id);
        }
    }
    let known = members_of(session, row.source, &row.key).await?;
    let (already, new): (Vec<String>, Vec<String>) = typed.into_iter().partition(|u| known.iter().any(|k| &**k == u));
    for u in &already {
        println!("{u}: already a member of {}: nothing sent", row.name);
    }
    if new.is_empty() {
        return Ok(Exit::Ok);
    }
    let server = session.sources().server(row.source);
    confirm(yes, &format!("add {} to group {} on {server}", new.join(", "), row.name))?;
    let call = Call::Group(row.source, GroupCall::AddMembers { group: row.key.clone(), members: new.clone() });
    let report = match session.call(&call).await {
        Ok(Reply::MembersAdded(r)) => r,
        Ok(_) => return Ok(Exit::Ok),
        Err(e) => return Err(Failure::api(&format!("adding members to {}", row.name), &e)),
    };
    let mut exit = Exit::Ok;
    for u in &report.added {
        println!("{u}: added to {}", row.name);
    }
    for u in &report.unknown {
        eprintln!("{u}: failed: unknown user{}", report.unknown_hint.map(|h| format!("\n  {h}")).unwrap_or_default());
        exit = exit.worst(Exit::NotFound);
    }
    for (u, e) in &report.failed {
        eprintln!("{u}: failed: {}", describe(e));
        exit = exit.worst(Exit::of(e));
    }
    for u in &report.not_tried {
        eprintln!("{u}: not sent: the previous answer would repeat for it");
        exit = exit.worst(Exit::Server);
    }
    Ok(exit)
}

async fn remove_member(session: &Session, group: &str, user: &str, yes: Yes) -> Outcome {
    session.allow_changes("members remove")?;
    let row = find_group(session, group).await?;
    if !session.sources().groups_caps(row.source).is_some_and(|c| c.remove_members) {
        return Err(Failure::usage(format!("{} does not let opsy remove members", session.sources().name(row.source))));
    }
    let known = members_of(session, row.source, &row.key).await?;
    let Some(member) = known.into_iter().find(|k| &**k == user) else {
        return Err(Failure::not_found(format!("{user:?} is not a member of {} (`opsy get group {group}`)", row.name)));
    };
    let server = session.sources().server(row.source);
    confirm(yes, &format!("remove {user} from group {} on {server}", row.name))?;
    let call = Call::Group(row.source, GroupCall::RemoveMember { group: row.key.clone(), member });
    match session.call(&call).await {
        Ok(_) => {
            println!("{user}: removed from {}", row.name);
            Ok(Exit::Ok)
        }
        Err(e) => Err(Failure::api(&format!("{user}: removing from {} failed", row.name), &e)),
    }
}
