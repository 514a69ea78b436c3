//! `:` commands, for what has no key or for operators who prefer typing. Up and Down walk
//! the history (`history.rs`); Tab completes command names and their arguments.

use super::dialog::Tone;
use super::effect::Effect;
use super::model::Model;
use super::panes::Pane;

/// Every command, for `?` and for the answer to an unknown one.
pub(crate) const COMMANDS: &[(&str, &str)] = &[
    (":q  :quit", "quit"),
    (":1 … :4, :actions :groups :audits :ua", "go to a pane"),
    (":refresh  :r", "refresh the visible pane now"),
    (":freeze", "freeze or resume polling"),
    (":silenced on|off", "include silenced user actions"),
    (":filter <text>", "set the visible list's filter"),
    (":profile [name]", "switch to another profile (alone: list them)"),
    (":help  :h", "this help"),
];

pub(crate) const HELP: &str =
    "commands: q, 1-4 or a pane name, refresh, freeze, silenced on|off, filter <text>, profile [name], help";

pub(crate) fn run(model: &mut Model, line: &str) -> Vec<Effect> {
    let mut words = line.split_whitespace();
    let Some(cmd) = words.next() else { return vec![] };
    let rest: Vec<&str> = words.collect();
    match cmd {
        "q" | "quit" | "exit" => model.quit = true,
        "1" | "actions" => model.go(Pane::Actions),
        "2" | "groups" => model.go(Pane::Groups),
        "3" | "audits" => model.go(Pane::Audits),
        "4" | "ua" | "user-actions" | "user_actions" => model.go(Pane::UserActions),
        "r" | "refresh" => return model.pane.unit().refresh(model).into_iter().map(Effect::Refresh).collect(),
        "freeze" => {
            model.frozen = !model.frozen;
            let text = if model.frozen { "polling frozen" } else { "polling resumed" };
            model.set_status(text, Tone::Muted);
        }
        "help" | "h" => model.help = Some(Default::default()),
        "silenced" => match rest.first().copied() {
            Some("on") => model.user_actions.include_silenced = true,
            Some("off") => model.user_actions.include_silenced = false,
            _ => model.set_status("usage: silenced on|off", Tone::Warning),
        },
        "filter" => {
            let text = rest.join(" ");
            let unit = model.pane.unit();
            if unit.filter(model).is_some() {
                unit.edit_filter(model, &mut |f| f.set(&text));
            } else {
                model.set_status("nothing to filter in this view", Tone::Warning);
            }
        }
        "profile" => return profile(model, rest.first().copied()),
        other => model.set_status(format!("unknown command “{other}”; {HELP}"), Tone::Warning),
    }
    vec![]
}

/// `:profile` lists the profiles; `:profile NAME` asks the runtime to switch (it says how it
/// went: the new profile in the chrome, or why not and the old one stays).
fn profile(model: &mut Model, name: Option<&str>) -> Vec<Effect> {
    let current = model.settings.profile.clone();
    let Some(name) = name else {
        let text = match model.settings.profiles.as_slice() {
            [] => format!("profile {current}; no other profile is configured"),
            all => format!("profile {current}; profiles: {} (:profile NAME switches)", all.join(", ")),
        };
        model.set_status(text, Tone::Muted);
        return vec![];
    };
    if name == current {
        model.set_status(format!("already on profile {current}"), Tone::Muted);
        return vec![];
    }
    // Their answers would be dropped with the old profile: the operator would never learn
    // whether a silence went through.
    if !model.ops.is_empty() {
        let n = model.ops.len();
        model.set_status(format!("{n} request(s) in flight: switch profiles once they have answered"), Tone::Warning);
        return vec![];
    }
    model.set_progress(format!("switching to profile {name}…"));
    vec![Effect::SwitchProfile(name.to_string())]
}

/// The names Tab completes, as typed after `:`.
const NAMES: &[&str] = &[
    "actions",
    "audits",
    "filter",
    "freeze",
    "groups",
    "help",
    "profile",
    "quit",
    "refresh",
    "silenced",
    "ua",
    "user-actions",
];

/// What Tab does to the line: a longer text, and the choices left when there are several.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Completion {
    pub(crate) text: Option<String>,
    pub(crate) candidates: Vec<String>,
}

/// Complete the command name, or the argument of a command that takes one of a known set
/// (profile names, `on|off`).
pub(crate) fn complete(model: &Model, typed: &str) -> Completion {
    let (head, arg) = match typed.trim_start().split_once(' ') {
        None => (None, typed.trim_start()),
        Some((cmd, rest)) => (Some(cmd), rest.trim_start()),
    };
    let options: Vec<String> = match head {
        None => NAMES.iter().map(|s| s.to_string()).collect(),
        Some("profile") => model.settings.profiles.clone(),
        Some("silenced") => vec!["on".into(), "off".into()],
        Some(_) => return Completion::default(),
    };
    let matching: Vec<&str> = options.iter().map(String::as_str).filter(|o| o.starts_with(arg)).collect();
    let before = head.map(|h| format!("{h} ")).unwrap_or_default();
    match matching.as_slice() {
        [] => Completion::default(),
        [one] => {
            let space = if head.is_none() && matches!(*one, "profile" | "silenced" | "filter") { " " } else { "" };
            Completion { text: Some(format!("{before}{one}{space}")), candidates: vec![] }
        }
        many => {
            let common = common_prefix(many);
            Completion {
                text: (common.len() > arg.len()).then(|| format!("{before}{common}")),
                candidates: many.iter().map(|s| s.to_string()).collect(),
            }
        }
    }
}

fn common_prefix<'a>(words: &[&'a str]) -> &'a str {
    let Some(first) = words.first() else { return "" };
    let len = words.iter().skip(1).fold(first.len(), |len, w| {
        first[..len].char_indices().zip(w.chars()).take_while(|((_, a), b)| a == b).count().min(len)
    });
    // `len` counts characters; the names are ASCII, but cut on a boundary all the same.
    let end = first.char_indices().nth(len).map_or(first.len(), |(i, _)| i);
    &first[..end]
}

#[cfg(test)]
mod tests;
