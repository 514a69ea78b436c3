//! CDS actions as the Actions and Audits panes show them: rows, the detail page (parameters,
//! requirements, steps), where an action is used, and its audit history.

use std::sync::Arc;

use crate::app::dialog::Tone;
use crate::app::document::{DocLine, Document};
use crate::app::panes::actions::{ActionRow, Change};
use crate::app::panes::audits::AuditRow;
use crate::app::source::SourceId;
use crate::backends::cds::keys;
use crate::backends::cds::wire::{Action, ActionType, AuditAction, AuditEvent, Usage};

fn change(audit: &Option<Box<AuditAction>>) -> Option<Change> {
    audit.as_ref().map(|x| Change {
        audit_id: x.id,
        at: x.created,
        by: x.triggered_by.clone(),
        event: Arc::from(x.event_type.as_str()),
    })
}

/// One row per Default action with a group; others have no `/action/{group}/{name}` route.
pub(crate) fn rows(source: SourceId, actions: &[Action]) -> Vec<ActionRow> {
    actions.iter().filter_map(|a| row(source, a)).collect()
}

pub(crate) fn row(source: SourceId, a: &Action) -> Option<ActionRow> {
    let path = a.path()?;
    Some(ActionRow {
        source,
        key: keys::action(&path),
        name: a.full_name(),
        kind: a.kind.to_string(),
        description: a.description.shown().lines().next().unwrap_or("").to_string(),
        facts: format!("{}/{}", a.parameters.len(), a.requirements.len()),
        active: None,
        editable: a.editable,
        owner: Some(Arc::from(path.group.as_str())),
        created: change(&a.first_audit),
        changed: change(&a.last_audit).or_else(|| change(&a.first_audit)),
        copy: path.to_string(),
    })
}

/// The detail page: facts, description, audits, parameters, requirements and steps in order.
pub(crate) fn detail(a: &Action) -> Document {
    let mut d = Document::default();
    d.heading(a.full_name());
    let mut facts = DocLine::new(a.kind.to_string(), Tone::Strong);
    if let Some(g) = &a.group {
        facts = facts.span(format!("  group {}", g.name), Tone::Normal);
    }
    facts = facts.span(if a.editable { "  you may edit it" } else { "  read-only for you" }, Tone::Muted);
    if a.deprecated {
        facts = facts.span("  DEPRECATED", Tone::Warning);
    }
    d.push(facts);
    for l in a.description.shown().lines() {
        d.push(DocLine::plain(l));
    }
    let audit = |label: &str, x: &Option<Box<AuditAction>>| {
        x.as_ref().map(|x| {
            let when = x.created.map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string()).unwrap_or_default();
            DocLine::new(format!("{label} {when} by {} ({})", x.triggered_by, x.event_type), Tone::Muted)
        })
    };
    d.lines.extend(audit("created", &a.first_audit));
    d.lines.extend(audit("changed", &a.last_audit));

    d.blank();
    d.heading(format!("Parameters ({})", a.parameters.len()));
    for p in &a.parameters {
        let mut line = DocLine::new(format!("  {:<20}", p.name), Tone::Strong)
            .span(format!(" {:<8}", p.kind), Tone::Normal)
            .span(format!(" default {:?}", p.value.shown()), Tone::Normal);
        if p.advanced {
            line = line.span(" advanced", Tone::Muted);
        }
        d.push(line.indented(6));
        if !p.description.is_empty() {
            d.push(DocLine::new(format!("      {}", p.description), Tone::Muted).indented(6));
        }
    }
    d.blank();
    d.heading(format!("Requirements ({})", a.requirements.len()));
    for r in &a.requirements {
        d.push(DocLine::plain(format!("  {:<12} {}", r.kind, r.value)).indented(15));
    }
    d.blank();
    d.heading(format!("Steps ({}), in order", a.actions.len()));
    for (i, s) in a.actions.iter().enumerate() {
        let name =
            if s.step_name.is_empty() { s.name.shown().to_string() } else { format!("{} ({})", s.step_name, s.name) };
        let mut flags = Vec::new();
        if !s.enabled {
            flags.push("disabled");
        }
        if s.optional {
            flags.push("optional");
        }
        if s.always_executed {
            flags.push("always executed");
        }
        let kind = match &s.kind {
            ActionType::Default => {
                s.group.as_ref().map(|g| format!("action of {}", g.name)).unwrap_or_else(|| "action".into())
            }
            other => other.to_string(),
        };
        let flags = if flags.is_empty() { String::new() } else { format!("  [{}]", flags.join(", ")) };
        d.push(
            DocLine::new(format!("  {:>2}. ", i + 1), Tone::Strong)
                .span(name, if s.enabled { Tone::Normal } else { Tone::Muted })
                .span(format!("  {kind}"), Tone::Muted)
                .span(flags, Tone::Warning)
                .indented(6),
        );
        for p in s.parameters.iter().filter(|p| !p.value.is_empty()) {
            let first = p.value.shown().lines().next().unwrap_or("");
            let more = if p.value.shown().lines().count() > 1 { " …" } else { "" };
            d.push(DocLine::new(format!("        {} = {first}{more}", p.name), Tone::Muted).indented(8));
        }
    }
    d
}

/// Where an action is used: pipelines (with the permission warning) and parent actions.
pub(crate) fn usage(u: &Usage) -> Document {
    let mut d = Document::default();
    d.heading(format!("Pipelines ({})", u.pipelines.len()));
    if u.pipelines.is_empty() {
        d.push(DocLine::new("  none visible to you (CDS filters this list by your projects)", Tone::Muted));
    }
    for p in &u.pipelines {
        let mut line = DocLine::plain(format!(
            "  {} / {} / {} / {}",
            p.project_key(),
            p.pipeline_name(),
            p.stage_name(),
            p.job_name()
        ));
        if p.warning() {
            line = line
                .span("  ⚠ the action's group has no permission on this project: the job cannot run it", Tone::Warning);
        }
        d.push(line.indented(2));
    }
    d.blank();
    d.heading(format!("Actions using it as a step ({})", u.actions.len()));
    if u.actions.is_empty() {
        d.push(DocLine::new("  none", Tone::Muted));
    }
    for a in &u.actions {
        let mut line = DocLine::plain(format!("  {}", a.parent_path()));
        if a.warning {
            line = line.span("  ⚠ from another group than shared.infra or its own", Tone::Warning);
        }
        d.push(line.indented(2));
    }
    d
}

/// An action's audits as the Audits pane lists them (CDS sends them newest first).
pub(crate) fn audit_rows(audits: Vec<AuditAction>) -> Vec<AuditRow> {
    audits
        .into_iter()
        .map(|a| {
            let no_revert = (!a.can_roll_back()).then(|| {
                if a.event_type == AuditEvent::ActionAdd {
                    "This change created the action: there is no earlier state to return to. Delete it from the Actions pane instead."
                } else {
                    "Only ActionUpdate changes can be rolled back (this one has no state before it)."
                }
                .to_string()
            });
            AuditRow {
                id: a.id,
                at: a.created,
                by: a.triggered_by,
                event: Arc::from(a.event_type.as_str()),
                creation: a.event_type == AuditEvent::ActionAdd,
                before: a.data_before,
                after: a.data_after,
                no_revert,
            }
        })
        .collect()
}
