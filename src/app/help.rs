//! The `?` page, written from the keymap registry so it can never disagree with the keys, and
//! measured here so that scrolling (`j`, `G`, `End`…) knows exactly how long it is.

use super::command_line::COMMANDS;
use super::dialog::Tone;
use super::document::{DocLine, Document};
use super::keymap::{BINDINGS, Scope};
use super::model::Model;
use super::panes::Pane;

/// The overlay's inner size on a `width`×`height` terminal (the UI draws it the same way).
pub(crate) fn inner_size(width: u16, height: u16) -> (u16, u16) {
    let w = width.saturating_sub(4).min(90).saturating_sub(2);
    let h = height.saturating_sub(2).saturating_sub(2);
    (w, h)
}

/// The page: the visible pane's keys first, then every other scope, each binding's config
/// name on wide terminals, each pane's filter words, then the `:` commands.
pub(crate) fn document(model: &Model, width: u16) -> Document {
    let km = &model.keymap;
    let with_ids = width >= 88;
    let mut doc = Document::default();
    doc.push(DocLine::new("Rebind any key in the config: [keys.<scope>] <binding> = [\"key\", …]", Tone::Muted));
    if model.read_only() {
        doc.push(DocLine::new(
            "Started with --read-only: every key that changes data on a server is disabled.",
            Tone::Warning,
        ));
    }
    // Action keys the visible view offers but cannot use on this row (a source that cannot
    // edit, like Heimdall's catalogue): `?` says why.
    let offers = model.pane.unit().offers(model);
    let why_not = |b: &crate::app::keymap::Binding| {
        let offer = offers.iter().find(|o| o.cmd == b.command && b.scope == Scope::Actions)?;
        offer.ready.clone().err()
    };
    for scope in scope_order(model) {
        doc.blank();
        doc.push(DocLine::new(scope.title(), Tone::Heading).span(format!("  [keys.{}]", scope.name()), Tone::Muted));
        for b in BINDINGS.iter().filter(|b| b.scope == scope) {
            let keys = km.label(b.scope, b.command);
            let mut line =
                DocLine::new(format!("  {keys:<18}"), Tone::Key).span(format!("{:<34}", b.desc), Tone::Normal);
            if with_ids {
                line = line.span(format!("{:<20}", b.id), Tone::Muted);
            }
            if b.dangerous {
                line = match model.read_only() {
                    true => line.span("off: --read-only", Tone::Warning),
                    false => line.span("changes data", Tone::Danger),
                };
            }
            if let Some(why) = why_not(b).filter(|_| !model.read_only() || !b.dangerous) {
                line = line.span(format!("  not here: {why}"), Tone::Warning);
            }
            doc.push(line.indented(20));
        }
        let words = Pane::ALL.iter().flat_map(|p| p.unit().filter_help()).find(|(s, _)| *s == scope);
        if let Some((_, words)) = words {
            doc.push(DocLine::new(format!("  / filter: {words}"), Tone::Muted).indented(12));
        }
    }
    doc.blank();
    doc.push(
        DocLine::new("Command line", Tone::Heading)
            .span("  type : then a command, Enter runs it; Up/Down: earlier commands; Tab completes", Tone::Muted),
    );
    for (cmd, what) in COMMANDS {
        doc.push(DocLine::new(format!("  {cmd:<40}"), Tone::Key).span(*what, Tone::Normal).indented(42));
    }
    doc
}

fn scope_order(model: &Model) -> Vec<Scope> {
    let mut order = model.pane.unit().help_scopes().to_vec();
    for s in Scope::ALL {
        if !order.contains(&s) {
            order.push(s);
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::testing::model;

    #[test]
    fn the_page_lists_every_binding_the_commands_and_whole_filter_lines() {
        let m = model();
        let doc = document(&m, 88);
        let text = doc.text();
        for b in BINDINGS {
            assert!(text.contains(b.desc), "{} missing", b.id);
        }
        assert!(text.contains(":silenced on|off") && text.contains(":filter <text>"), "{text}");
        // Wrapped, never cut: every word of the longest filter line is on the page.
        let rows: Vec<String> =
            doc.wrap(88).iter().map(|r| r.iter().map(|(t, _)| t.as_str()).collect::<String>()).collect();
        assert!(rows.iter().all(|r| r.chars().count() <= 88));
        let words = rows.join(" ").split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(words.contains("(the server applies them too)"), "{rows:#?}");
    }
}
