//! The detail page of one user action: what the list row knows at once, then what only the
//! live detail has (description, context, corrective actions).

use jiff::Timestamp;

use super::{Detail, due_text, is_overdue, silence_state};
use crate::app::dialog::Tone;
use crate::app::document::{DocLine, Document};
use crate::app::loaded::Loaded;
use crate::backends::waldur::model::{Severity, Urgency, UserAction};

fn urgency_tone(u: Urgency) -> Tone {
    match u {
        Urgency::High => Tone::Danger,
        Urgency::Medium => Tone::Warning,
        Urgency::Low => Tone::Info,
        Urgency::Unknown => Tone::Muted,
    }
}

fn severity_tone(s: Severity) -> Tone {
    match s {
        Severity::Critical | Severity::High | Severity::Unknown => Tone::Danger,
        Severity::Medium => Tone::Warning,
        Severity::Low | Severity::Safe => Tone::Normal,
    }
}

pub(crate) fn document(d: &Detail, now: Timestamp) -> Document {
    let mut doc = Document::default();
    if d.gone && d.silenced_here {
        doc.push(DocLine::new(
            "Silenced from here: it left the list of unsilenced actions (i shows silenced ones).",
            Tone::Info,
        ));
    } else if d.gone {
        doc.push(DocLine::new(
            "This user action is no longer in the list (resolved, or silenced elsewhere). Shown as last seen.",
            Tone::Warning,
        ));
    }
    let r = &d.row;
    doc.heading(r.title.to_string());
    let due_tone = if is_overdue(r, now) { Tone::Danger } else { Tone::Normal };
    let due_at = r.due().map(|d| format!("  (due {})", d.strftime("%Y-%m-%d %H:%M UTC"))).unwrap_or_default();
    doc.push(
        DocLine::new(format!("{:<14}", "urgency"), Tone::Muted)
            .span(r.urgency.as_str(), urgency_tone(r.urgency))
            .span("   ", Tone::Normal)
            .span(due_text(r, now), due_tone)
            .span(due_at, Tone::Muted)
            .indented(14),
    );
    doc.field("type", r.action_type());
    doc.field("silenced", silence_state(r, now));
    doc.field("uuid", r.uuid.simple().to_string());
    doc.blank();
    match &d.full {
        Loaded::Loading => doc.push(DocLine::new("Loading the details and corrective actions…", Tone::Muted)),
        Loaded::Failed(e) => {
            for l in e.lines() {
                doc.push(DocLine::new(l, Tone::Danger));
            }
            doc.push(DocLine::new("r retries.", Tone::Muted));
        }
        Loaded::Ready(full) => full_lines(full, &mut doc),
    }
    doc
}

fn full_lines(r: &UserAction, doc: &mut Document) {
    let opt_uuid = |u: Option<uuid::Uuid>| u.map(|u| format!("  ({})", u.hyphenated())).unwrap_or_default();
    for l in r.description.lines() {
        doc.push(DocLine::plain(l));
    }
    doc.blank();
    doc.field("object", format!("{} ({})", r.related_object_name, r.related_object_type));
    doc.field("project", format!("{}{}", r.project_name, opt_uuid(r.project_uuid)));
    doc.field("organization", format!("{}{}", r.organization_name, opt_uuid(r.organization_uuid)));
    doc.field("offering", format!("{} {}{}", r.offering_name, r.offering_type, opt_uuid(r.offering_uuid)));
    doc.field("resource", format!("{}{}", r.resource_name, opt_uuid(r.resource_uuid)));
    if !r.order_type.is_empty() {
        doc.field("order type", r.order_type.to_string());
    }
    let ts = |t: Option<Timestamp>| t.map(|t| t.strftime("%Y-%m-%d %H:%M:%S UTC").to_string()).unwrap_or_default();
    doc.field("created", ts(r.created));
    doc.field("modified", ts(r.modified));
    match (&r.web_url, r.route_name.is_empty()) {
        (Some(url), _) => doc.field("in Waldur", url.clone()),
        (None, false) => doc.field("web UI route", format!("{} {}", r.route_name, r.route_params)),
        (None, true) => {}
    }
    doc.blank();
    doc.heading(format!("Corrective actions ({})", r.corrective_actions.len()));
    for (i, a) in r.corrective_actions.iter().enumerate() {
        let kind = if a.is_navigation() { "opens in Waldur" } else { "runs on the server" };
        doc.push(
            DocLine::new(format!(" {}. ", i + 1), Tone::Strong)
                .span(crate::domain::text::clean_line(&a.label).into_owned(), Tone::Heading)
                .span(format!("  {} · ", a.category), Tone::Normal)
                .span(a.severity.as_str(), severity_tone(a.severity))
                .span(format!(" · {} {kind}", a.method), Tone::Muted)
                .span(if a.confirmation_required { " · confirm" } else { "" }, Tone::Muted)
                .indented(4),
        );
        if !a.permissions_required.is_empty() {
            let perms: Vec<&str> = a.permissions_required.iter().map(|p| &**p).collect();
            doc.push(DocLine::new(format!("      needs {}", perms.join(", ")), Tone::Muted).indented(6));
        }
        match (&a.web_url, &a.route_name) {
            (Some(url), _) => doc.push(DocLine::new(format!("      opens {url}"), Tone::Muted).indented(6)),
            (None, Some(route)) => {
                doc.push(DocLine::new(format!("      route {route} {}", a.route_params), Tone::Muted).indented(6))
            }
            (None, None) => {}
        }
        if !a.metadata.is_empty() {
            doc.push(DocLine::new(format!("      metadata {}", a.metadata), Tone::Muted).indented(6));
        }
    }
}
