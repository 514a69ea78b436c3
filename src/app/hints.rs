//! The hint bar's content: what can be done right now, in the order that matters. A dialog or
//! a field shows its own keys; a pane shows its ready offers, most specific scope first. Every
//! key is the keymap's, so a rebinding shows here too.

use super::dialog::{Focus, Kind};
use super::keymap::{BINDINGS, Command, Scope, binding};
use super::model::Model;

/// (keys, description) pairs; the last one is the way out and is always drawn.
pub(crate) fn hints(model: &Model) -> Vec<(String, String)> {
    let km = &model.keymap;
    let p = |k: String, d: &str| (k, d.to_string());
    let dialog = |cmd| km.short_label(Scope::Dialog, cmd);
    let input = |cmd| km.short_label(Scope::Input, cmd);
    let global = |cmd| km.short_label(Scope::Global, cmd);
    // "n/esc": the letter is quick, esc is what everyone tries first.
    let cancel = km.label(Scope::Dialog, Command::Cancel);
    if model.help.is_some() {
        return vec![
            p(global(Command::Down), "scroll"),
            p(format!("{}/{}", global(Command::Back), global(Command::Help)), "close"),
        ];
    }
    if let Some(d) = &model.dialog {
        let close = format!("{}/{}", dialog(Command::Activate), global(Command::Back));
        return match &d.kind {
            Kind::Prompt(pr) => {
                let mut out = vec![p(input(Command::Submit), "submit")];
                if pr.input.holds_paths() {
                    out.push(p(input(Command::Complete), "complete"));
                }
                out.extend([p(input(Command::ClearLine), "clear"), p(input(Command::Cancel), "cancel")]);
                out
            }
            Kind::Confirm(c) if c.typed.is_some() && c.focus == Focus::Input => vec![
                p("type".into(), "the text shown"),
                p(input(Command::Submit), "confirm when it matches"),
                p(input(Command::Complete), "buttons"),
                p(input(Command::Cancel), "cancel"),
            ],
            Kind::Confirm(_) => vec![
                p(dialog(Command::Confirm), "confirm"),
                p(dialog(Command::FocusNext), "focus"),
                p(dialog(Command::Activate), "press focused"),
                p(cancel, "cancel"),
            ],
            Kind::Picker(_) => vec![
                p(format!("{}/{}", global(Command::Down), global(Command::Up)), "move"),
                p(dialog(Command::Activate), "pick"),
                p("1-9".into(), "pick n"),
                p(cancel, "cancel"),
            ],
            Kind::Notice(n) if n.copy.is_some() => vec![p(dialog(Command::Confirm), "copy"), p(close, "close")],
            Kind::Notice(_) => vec![p(close, "close")],
            Kind::Secret(s) if s.armed => {
                vec![
                    p(dialog(Command::Confirm), "copy"),
                    p(dialog(Command::Cancel), "close: the token is gone for good"),
                ]
            }
            Kind::Secret(_) => vec![p(dialog(Command::Confirm), "copy"), p(close, "close (shown once)")],
        };
    }
    if model.command_line.is_some() {
        // What Tab left to choose from, in place of the keys that found them.
        let mut out: Vec<_> = model.command_choices.iter().map(|c| p(c.clone(), "")).collect();
        if out.is_empty() {
            out.push(p(input(Command::Complete), "complete"));
            let walk = format!("{}/{}", input(Command::HistoryPrev), input(Command::HistoryNext));
            out.push(p(walk, "history"));
        }
        out.extend([
            p(input(Command::Submit), "run"),
            p(":help".into(), "commands"),
            p(input(Command::Cancel), "cancel"),
        ]);
        return out;
    }
    if model.find.input.is_some() {
        return vec![
            p(input(Command::Submit), "find"),
            p(input(Command::ClearLine), "clear"),
            p(input(Command::Cancel), "cancel"),
        ];
    }
    if model.pane.unit().filter(model).is_some_and(|f| f.is_editing()) {
        let mut out = vec![p(input(Command::Submit), "keep filter")];
        let facets = model.pane.unit().facets(model);
        if facets.is_empty() {
            out.push(p("words".into(), "filter the list"));
        }
        out.extend(facets.into_iter().map(|f| p(f.to_string(), "")));
        out.push(p(input(Command::ClearLine), "clear"));
        out.push(p(input(Command::Cancel), "drop filter"));
        return out;
    }
    let unit = model.pane.unit();
    let sub_view = unit.in_sub_view(model);
    let mut out = Vec::new();
    // The view's own keys, most specific scope first and in keymap order, then the shared
    // ones: open, filter, back.
    let scopes = model.key_scopes();
    let rank = |o: &crate::app::panes::Offer| match (o.scope, o.cmd) {
        (Scope::Global, Command::Open) => (usize::MAX, 0),
        (Scope::Global, Command::Filter) => (usize::MAX, 1),
        (Scope::Global, _) => (usize::MAX, 2),
        (scope, cmd) => (
            scopes.iter().position(|s| *s == scope).unwrap_or(usize::MAX - 1),
            BINDINGS.iter().position(|b| b.scope == scope && b.command == cmd).unwrap_or(usize::MAX),
        ),
    };
    let mut offers: Vec<_> = unit.offers(model).into_iter().filter(|o| o.ready.is_ok()).collect();
    offers.sort_by_key(rank);
    for offer in offers {
        let Some(b) = binding(offer.scope, offer.cmd) else { continue };
        let hint = match offer.cmd {
            Command::Back if sub_view => "back",
            Command::Back if unit.ruler(model).is_some_and(|r| r.marked + r.hidden_marks > 0 || r.range) => {
                "clear marks"
            }
            Command::Back => "clear filter",
            _ => b.hint,
        };
        if hint.is_empty() || !km.enabled(offer.scope, offer.cmd) {
            continue;
        }
        let pair = (km.label(offer.scope, offer.cmd), hint.to_string());
        if !out.contains(&pair) {
            out.push(pair);
        }
    }
    if unit.shows_page(model) {
        out.push((km.label(Scope::Global, Command::Filter), "find".into()));
        if !model.find.word.is_empty() {
            let keys = format!("{}/{}", global(Command::NextMatch), global(Command::PrevMatch));
            out.push((keys, "next/prev".into()));
        }
    }
    for cmd in [Command::Quit, Command::Help] {
        let hint = binding(Scope::Global, cmd).map_or("", |b| b.hint);
        out.push((km.label(Scope::Global, cmd), hint.to_string()));
    }
    out
}
