//! Every key binding is data: id, scope, default keys, description and whether it changes
//! anything on a server. The dispatcher, the `?` overlay, the hint bar, `--read-only` and the
//! `[keys.<scope>]` overrides all read this one table (gitui's commands-as-data).

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Where a binding applies. The names are the TOML table names under `[keys]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Scope {
    Global,
    Dialog,
    Input,
    Actions,
    Groups,
    Group,
    Tokens,
    Audits,
    UserActions,
}

impl Scope {
    pub(crate) const ALL: [Scope; 9] = [
        Scope::Global,
        Scope::Dialog,
        Scope::Input,
        Scope::Actions,
        Scope::Groups,
        Scope::Group,
        Scope::Tokens,
        Scope::Audits,
        Scope::UserActions,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Scope::Global => "global",
            Scope::Dialog => "dialogs",
            Scope::Input => "input",
            Scope::Actions => "actions",
            Scope::Groups => "groups",
            Scope::Group => "group",
            Scope::Tokens => "tokens",
            Scope::Audits => "audits",
            Scope::UserActions => "user_actions",
        }
    }

    pub(crate) fn title(self) -> &'static str {
        match self {
            Scope::Global => "Everywhere",
            Scope::Dialog => "Dialogs",
            Scope::Input => "Typing in a field",
            Scope::Actions => "Actions",
            Scope::Groups => "Groups list",
            Scope::Group => "Inside a group",
            Scope::Tokens => "Group tokens",
            Scope::Audits => "Audits",
            Scope::UserActions => "User Actions",
        }
    }

    pub(crate) fn from_name(name: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// What a key asks for. `app::update` interprets it in context.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Command {
    PaneActions,
    PaneGroups,
    PaneAudits,
    PaneUserActions,
    NextPane,
    PrevPane,
    Down,
    Up,
    Top,
    Bottom,
    HalfPageDown,
    HalfPageUp,
    Open,
    Back,
    Filter,
    Help,
    Refresh,
    Freeze,
    OpenCommandLine,
    CopyId,
    Mark,
    MarkRange,
    Sort,
    NextMatch,
    PrevMatch,
    Quit,
    Suspend,
    HistoryPrev,
    HistoryNext,
    Confirm,
    Cancel,
    Activate,
    FocusNext,
    FocusPrev,
    Submit,
    ClearLine,
    Complete,
    Silence,
    Unsilence,
    Execute,
    BulkSilence,
    ToggleSilenced,
    UpdateActions,
    Undo,
    ActionAudits,
    ActionUsage,
    ActionExport,
    ActionImport,
    ActionDelete,
    ActionToggle,
    ActionEdit,
    ActionNew,
    AuditDiff,
    AuditRollback,
    AuditExecutions,
    NewGroup,
    RenameGroup,
    DeleteGroup,
    AddMember,
    RemoveMember,
    ToggleAdmin,
    Tokens,
    NextTab,
    PrevTab,
    GenerateToken,
    RevokeToken,
}

pub(crate) struct Binding {
    pub(crate) scope: Scope,
    pub(crate) id: &'static str,
    pub(crate) command: Command,
    pub(crate) keys: &'static [&'static str],
    pub(crate) desc: &'static str,
    /// Changes state on a server: removed by `--read-only`.
    pub(crate) dangerous: bool,
    /// Short label for the hint bar; empty means the binding is only listed in `?`.
    pub(crate) hint: &'static str,
}

const fn b(
    scope: Scope,
    id: &'static str,
    command: Command,
    keys: &'static [&'static str],
    desc: &'static str,
    dangerous: bool,
    hint: &'static str,
) -> Binding {
    Binding { scope, id, command, keys, desc, dangerous, hint }
}

use Command as C;
use Scope as S;

/// The default keymap; `config/default.toml` lists it with comments and a test keeps the two equal.
pub(crate) const BINDINGS: &[Binding] = &[
    b(S::Global, "pane_actions", C::PaneActions, &["1"], "Actions pane", false, ""),
    b(S::Global, "pane_groups", C::PaneGroups, &["2"], "Groups pane", false, ""),
    b(S::Global, "pane_audits", C::PaneAudits, &["3"], "Audits pane", false, ""),
    b(S::Global, "pane_user_actions", C::PaneUserActions, &["4"], "User Actions pane", false, ""),
    b(S::Global, "next_pane", C::NextPane, &["tab"], "next pane", false, ""),
    b(S::Global, "prev_pane", C::PrevPane, &["shift-tab"], "previous pane", false, ""),
    b(S::Global, "down", C::Down, &["j", "down"], "move down", false, ""),
    b(S::Global, "up", C::Up, &["k", "up"], "move up", false, ""),
    b(S::Global, "top", C::Top, &["g", "home"], "go to top", false, ""),
    b(S::Global, "bottom", C::Bottom, &["G", "end"], "go to bottom", false, ""),
    b(S::Global, "half_page_down", C::HalfPageDown, &["ctrl-d", "pagedown"], "half a page down", false, ""),
    b(S::Global, "half_page_up", C::HalfPageUp, &["ctrl-u", "pageup"], "half a page up", false, ""),
    b(S::Global, "open", C::Open, &["enter"], "open / drill in", false, "open"),
    b(S::Global, "back", C::Back, &["esc"], "back / close / clear filter", false, ""),
    b(S::Global, "filter", C::Filter, &["/"], "filter", false, "filter"),
    b(S::Global, "help", C::Help, &["?"], "help", false, "help"),
    b(S::Global, "refresh", C::Refresh, &["r"], "refresh now", false, ""),
    b(S::Global, "freeze", C::Freeze, &["f"], "freeze / resume polling", false, ""),
    b(S::Global, "command_line", C::OpenCommandLine, &[":"], "command line", false, ""),
    b(S::Global, "copy_id", C::CopyId, &["y"], "copy id (OSC 52)", false, ""),
    b(S::Global, "mark", C::Mark, &["space"], "mark / unmark the row, move down", false, "mark"),
    b(S::Global, "mark_range", C::MarkRange, &["v"], "mark a range (v again ends it)", false, "range"),
    b(S::Global, "sort", C::Sort, &["o"], "next order", false, "sort"),
    b(S::Global, "next_match", C::NextMatch, &["n"], "next match of / in a page", false, "next"),
    b(S::Global, "prev_match", C::PrevMatch, &["N"], "previous match of / in a page", false, ""),
    b(S::Global, "quit", C::Quit, &["q", "ctrl-c"], "quit", false, "quit"),
    b(S::Global, "suspend", C::Suspend, &["ctrl-z"], "suspend (fg resumes)", false, ""),
    b(S::Dialog, "confirm", C::Confirm, &["y"], "confirm", false, "confirm"),
    b(S::Dialog, "cancel", C::Cancel, &["n", "esc"], "cancel", false, "cancel"),
    b(S::Dialog, "activate", C::Activate, &["enter"], "activate focused button", false, "press focused"),
    b(S::Dialog, "focus_next", C::FocusNext, &["tab", "right"], "move focus", false, "focus"),
    b(S::Dialog, "focus_prev", C::FocusPrev, &["shift-tab", "left"], "move focus back", false, ""),
    b(S::Input, "submit", C::Submit, &["enter"], "accept what is typed", false, "submit"),
    b(S::Input, "cancel", C::Cancel, &["esc", "ctrl-c"], "cancel", false, "cancel"),
    b(S::Input, "clear_line", C::ClearLine, &["ctrl-u"], "clear the field", false, "clear"),
    b(S::Input, "complete", C::Complete, &["tab"], "complete, or go to the buttons", false, "complete"),
    b(S::Input, "history_prev", C::HistoryPrev, &["up"], "previous : command", false, ""),
    b(S::Input, "history_next", C::HistoryNext, &["down"], "next : command", false, ""),
    b(S::UserActions, "silence", C::Silence, &["s"], "silence", true, "silence"),
    b(S::UserActions, "unsilence", C::Unsilence, &["u"], "unsilence", true, "unsilence"),
    b(S::UserActions, "execute", C::Execute, &["x"], "execute a corrective action", true, "execute"),
    b(S::UserActions, "bulk_silence", C::BulkSilence, &["S"], "silence everything shown", true, "bulk silence"),
    b(S::UserActions, "include_silenced", C::ToggleSilenced, &["i"], "include silenced on/off", false, "silenced"),
    b(S::UserActions, "update_actions", C::UpdateActions, &["U"], "ask the server to re-evaluate", true, ""),
    b(S::UserActions, "undo", C::Undo, &["z"], "undo the last silence", true, "undo"),
    b(S::Actions, "audits", C::ActionAudits, &["a"], "audits of this action", false, "audits"),
    b(S::Actions, "usage", C::ActionUsage, &["w"], "where used", false, "usage"),
    b(S::Actions, "export", C::ActionExport, &["e"], "export to a file", false, "export"),
    b(S::Actions, "import", C::ActionImport, &["I"], "import a file", true, "import"),
    b(S::Actions, "delete", C::ActionDelete, &["D"], "delete", true, "delete"),
    b(S::Actions, "toggle", C::ActionToggle, &["t"], "enable / disable", true, "toggle"),
    b(S::Actions, "edit", C::ActionEdit, &["E"], "edit in $VISUAL / $EDITOR (diff, then apply)", true, "edit"),
    b(S::Actions, "new", C::ActionNew, &["n"], "new action from a template in the editor", true, "new"),
    b(S::Audits, "diff", C::AuditDiff, &["enter"], "diff before/after", false, "diff"),
    b(S::Audits, "rollback", C::AuditRollback, &["R"], "roll back to before this change", true, "roll back"),
    b(S::Audits, "executions", C::AuditExecutions, &["x"], "Waldur execution history", false, "executions"),
    b(S::Groups, "new_group", C::NewGroup, &["n"], "new group", true, "new"),
    b(S::Groups, "rename_group", C::RenameGroup, &["e"], "rename group", true, "rename"),
    b(S::Groups, "delete_group", C::DeleteGroup, &["D"], "delete group", true, "delete"),
    b(S::Group, "add_member", C::AddMember, &["a"], "add member(s)", true, "add"),
    b(S::Group, "remove_member", C::RemoveMember, &["D"], "remove member", true, "remove"),
    b(S::Group, "toggle_admin", C::ToggleAdmin, &["A"], "promote / demote admin", true, "admin"),
    b(S::Group, "tokens", C::Tokens, &["T"], "group tokens", false, "tokens"),
    b(S::Group, "next_tab", C::NextTab, &["]"], "next tab", false, "tab"),
    b(S::Group, "prev_tab", C::PrevTab, &["["], "previous tab", false, ""),
    b(S::Tokens, "generate_token", C::GenerateToken, &["n"], "generate a token", true, "generate"),
    b(S::Tokens, "revoke_token", C::RevokeToken, &["D"], "revoke token", true, "revoke"),
];

/// A key as written in the config: `s`, `S`, `ctrl-d`, `shift-tab`, `enter`, `pagedown`, `f5`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct KeySpec {
    pub(crate) code: KeyCode,
    pub(crate) ctrl: bool,
    pub(crate) alt: bool,
}

impl KeySpec {
    pub(crate) fn parse(spec: &str) -> Result<Self, String> {
        let mut ctrl = false;
        let mut alt = false;
        let mut shift = false;
        let mut rest = spec;
        loop {
            let lower = rest.to_ascii_lowercase();
            if let Some(r) = lower.strip_prefix("ctrl-").or_else(|| lower.strip_prefix("c-")) {
                ctrl = true;
                rest = &rest[rest.len() - r.len()..];
            } else if let Some(r) = lower.strip_prefix("alt-").or_else(|| lower.strip_prefix("m-")) {
                alt = true;
                rest = &rest[rest.len() - r.len()..];
            } else if let Some(r) = lower.strip_prefix("shift-").filter(|r| !r.is_empty()) {
                shift = true;
                rest = &rest[rest.len() - r.len()..];
            } else {
                break;
            }
        }
        let named = rest.to_ascii_lowercase();
        let code = match named.as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" if shift => KeyCode::BackTab,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            "insert" | "ins" => KeyCode::Insert,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" | "pgup" => KeyCode::PageUp,
            "pagedown" | "pgdn" | "pgdown" => KeyCode::PageDown,
            "space" => KeyCode::Char(' '),
            f if f.len() > 1 && f.starts_with('f') && f[1..].parse::<u8>().is_ok_and(|n| (1..=24).contains(&n)) => {
                KeyCode::F(f[1..].parse().unwrap_or(1))
            }
            _ => {
                let mut chars = rest.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if !c.is_control() => {
                        let c = if shift { c.to_ascii_uppercase() } else { c };
                        KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c })
                    }
                    _ => {
                        return Err(format!(
                            "unknown key {spec:?} (examples: \"s\", \"S\", \"ctrl-d\", \"shift-tab\", \"enter\", \"pagedown\", \"f5\")"
                        ));
                    }
                }
            }
        };
        Ok(Self { code, ctrl, alt })
    }

    /// Normalise a terminal key event: SHIFT is carried by the character itself.
    pub(crate) fn from_event(ev: &KeyEvent) -> Self {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let code = match ev.code {
            KeyCode::Char(c) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            other => other,
        };
        Self { code, ctrl, alt: ev.modifiers.contains(KeyModifiers::ALT) }
    }
}

impl fmt::Display for KeySpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("enter"),
            KeyCode::Esc => f.write_str("esc"),
            KeyCode::Tab => f.write_str("tab"),
            KeyCode::BackTab => f.write_str("shift-tab"),
            KeyCode::Backspace => f.write_str("backspace"),
            KeyCode::Delete => f.write_str("delete"),
            KeyCode::Insert => f.write_str("insert"),
            KeyCode::Up => f.write_str("up"),
            KeyCode::Down => f.write_str("down"),
            KeyCode::Left => f.write_str("left"),
            KeyCode::Right => f.write_str("right"),
            KeyCode::Home => f.write_str("home"),
            KeyCode::End => f.write_str("end"),
            KeyCode::PageUp => f.write_str("pageup"),
            KeyCode::PageDown => f.write_str("pagedown"),
            KeyCode::F(n) => write!(f, "f{n}"),
            _ => f.write_str("?"),
        }
    }
}

/// `[keys.<scope>] <id> = ["k", …]` from the config, already parsed as strings.
pub(crate) type Overrides = BTreeMap<String, BTreeMap<String, Vec<String>>>;

/// Check one override entry; the message names what is wrong and what would be right.
pub(crate) fn validate_override(scope: &str, id: &str, keys: &[String]) -> Result<(), String> {
    let Some(sc) = Scope::from_name(scope) else {
        let names: Vec<_> = Scope::ALL.iter().map(|s| s.name()).collect();
        return Err(format!("unknown key scope [keys.{scope}]; scopes are {}", names.join(", ")));
    };
    if !BINDINGS.iter().any(|b| b.scope == sc && b.id == id) {
        let ids: Vec<_> = BINDINGS.iter().filter(|b| b.scope == sc).map(|b| b.id).collect();
        return Err(format!("unknown binding {id:?} in [keys.{scope}]; bindings there are {}", ids.join(", ")));
    }
    for k in keys {
        KeySpec::parse(k)?;
    }
    Ok(())
}

/// The resolved keymap: defaults, then overrides, minus dangerous bindings when read-only.
#[derive(Debug, Clone)]
pub(crate) struct Keymap {
    by_key: HashMap<(Scope, KeySpec), Command>,
    by_command: HashMap<(Scope, Command), Vec<KeySpec>>,
    read_only: bool,
}

impl Default for Keymap {
    fn default() -> Self {
        match Self::new(&Overrides::new(), false) {
            Ok(k) => k,
            // The built-in table is checked by a unit test; an empty map would be the only
            // alternative and is never reached.
            Err(_) => Self { by_key: HashMap::new(), by_command: HashMap::new(), read_only: false },
        }
    }
}

impl Keymap {
    pub(crate) fn new(overrides: &Overrides, read_only: bool) -> Result<Self, String> {
        for (scope, entries) in overrides {
            for (id, keys) in entries {
                validate_override(scope, id, keys)?;
            }
        }
        let mut by_key = HashMap::new();
        let mut by_command: HashMap<(Scope, Command), Vec<KeySpec>> = HashMap::new();
        for binding in BINDINGS {
            let keys: Vec<KeySpec> = match overrides.get(binding.scope.name()).and_then(|m| m.get(binding.id)) {
                Some(custom) => custom.iter().map(|k| KeySpec::parse(k)).collect::<Result<_, _>>()?,
                None => binding.keys.iter().map(|k| KeySpec::parse(k)).collect::<Result<_, _>>()?,
            };
            by_command.insert((binding.scope, binding.command), keys.clone());
            if read_only && binding.dangerous {
                continue;
            }
            for key in keys {
                if let Some(other) = by_key.insert((binding.scope, key), binding.command) {
                    let other_id =
                        BINDINGS.iter().find(|b| b.scope == binding.scope && b.command == other).map_or("?", |b| b.id);
                    return Err(format!(
                        "key {key} is bound twice in [keys.{}]: {other_id} and {}",
                        binding.scope.name(),
                        binding.id
                    ));
                }
            }
        }
        Ok(Self { by_key, by_command, read_only })
    }

    pub(crate) fn read_only(&self) -> bool {
        self.read_only
    }

    /// First match in `scopes`, most specific first. Key releases and repeats of dangerous
    /// commands are the caller's concern (single-flight guards them).
    pub(crate) fn lookup(&self, scopes: &[Scope], ev: &KeyEvent) -> Option<Command> {
        if ev.kind == KeyEventKind::Release {
            return None;
        }
        let key = KeySpec::from_event(ev);
        scopes.iter().find_map(|s| self.by_key.get(&(*s, key)).copied())
    }

    /// Every command `ev` is bound to in `scopes`, most specific first (a key may mean one
    /// thing in a pane and another everywhere else).
    pub(crate) fn lookup_all(&self, scopes: &[Scope], ev: &KeyEvent) -> Vec<Command> {
        if ev.kind == KeyEventKind::Release {
            return Vec::new();
        }
        let key = KeySpec::from_event(ev);
        scopes.iter().filter_map(|s| self.by_key.get(&(*s, key)).copied()).collect()
    }

    /// Whether `ev` is bound in any scope.
    pub(crate) fn is_bound(&self, ev: &KeyEvent) -> bool {
        let key = KeySpec::from_event(ev);
        Scope::ALL.iter().any(|s| self.by_key.contains_key(&(*s, key)))
    }

    /// The dangerous binding `ev` would have triggered had `--read-only` not removed it.
    pub(crate) fn removed_by_read_only(&self, scopes: &[Scope], ev: &KeyEvent) -> Option<&'static Binding> {
        if !self.read_only {
            return None;
        }
        let key = KeySpec::from_event(ev);
        scopes.iter().find_map(|s| {
            BINDINGS.iter().find(|b| b.scope == *s && b.dangerous && self.keys(b.scope, b.command).contains(&key))
        })
    }

    pub(crate) fn keys(&self, scope: Scope, command: Command) -> &[KeySpec] {
        self.by_command.get(&(scope, command)).map_or(&[], Vec::as_slice)
    }

    /// "s" or "j/down": the keys of a command, for hints and help.
    pub(crate) fn label(&self, scope: Scope, command: Command) -> String {
        self.keys(scope, command).iter().map(ToString::to_string).collect::<Vec<_>>().join("/")
    }

    /// The first key only: the hint bar is narrow, `?` lists them all.
    pub(crate) fn short_label(&self, scope: Scope, command: Command) -> String {
        self.keys(scope, command).first().map(ToString::to_string).unwrap_or_default()
    }

    /// Whether a binding is usable (it exists and read-only has not removed it).
    pub(crate) fn enabled(&self, scope: Scope, command: Command) -> bool {
        let removed = self.read_only && binding(scope, command).is_some_and(|b| b.dangerous);
        !removed && !self.keys(scope, command).is_empty()
    }
}

pub(crate) fn binding(scope: Scope, command: Command) -> Option<&'static Binding> {
    BINDINGS.iter().find(|b| b.scope == scope && b.command == command)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn the_builtin_table_resolves_without_conflicts() {
        let km = Keymap::new(&Overrides::new(), false).expect("defaults are consistent");
        assert_eq!(
            km.lookup(&[Scope::UserActions, Scope::Global], &key(KeyCode::Char('s'), KeyModifiers::NONE)),
            Some(Command::Silence)
        );
        assert_eq!(
            km.lookup(&[Scope::UserActions, Scope::Global], &key(KeyCode::Char('S'), KeyModifiers::SHIFT)),
            Some(Command::BulkSilence)
        );
        assert_eq!(
            km.lookup(&[Scope::Global], &key(KeyCode::Char('d'), KeyModifiers::CONTROL)),
            Some(Command::HalfPageDown)
        );
        assert_eq!(km.lookup(&[Scope::Global], &key(KeyCode::BackTab, KeyModifiers::SHIFT)), Some(Command::PrevPane));
        assert_eq!(km.lookup(&[Scope::Global], &key(KeyCode::Char('c'), KeyModifiers::CONTROL)), Some(Command::Quit));
    }

    #[test]
    fn ctrl_d_is_navigation_never_delete() {
        let km = Keymap::default();
        for scope in Scope::ALL {
            let cmd = km.lookup(&[scope, Scope::Global], &key(KeyCode::Char('d'), KeyModifiers::CONTROL));
            assert_eq!(cmd, Some(Command::HalfPageDown), "{scope:?}");
        }
    }

    #[test]
    fn destructive_bindings_are_capitals_or_behind_a_dialog() {
        for b in BINDINGS.iter().filter(|b| b.dangerous) {
            assert!(b.keys.iter().all(|k| k.len() == 1), "{} has a multi-char key", b.id);
        }
        for id in ["delete", "rollback", "delete_group", "remove_member", "revoke_token", "bulk_silence"] {
            let b = BINDINGS.iter().find(|b| b.id == id).expect("binding exists");
            assert!(b.keys.iter().all(|k| k.chars().all(|c| c.is_ascii_uppercase())), "{id} is not a capital");
        }
    }

    #[test]
    fn overrides_replace_keys_per_binding() {
        let mut o = Overrides::new();
        o.entry("user_actions".into()).or_default().insert("silence".into(), vec!["ctrl-s".into(), "Z".into()]);
        let km = Keymap::new(&o, false).expect("valid");
        let scopes = [Scope::UserActions, Scope::Global];
        assert_eq!(km.lookup(&scopes, &key(KeyCode::Char('Z'), KeyModifiers::SHIFT)), Some(Command::Silence));
        assert_eq!(km.lookup(&scopes, &key(KeyCode::Char('s'), KeyModifiers::CONTROL)), Some(Command::Silence));
        assert_eq!(km.lookup(&scopes, &key(KeyCode::Char('s'), KeyModifiers::NONE)), None);
        assert_eq!(km.label(Scope::UserActions, Command::Silence), "ctrl-s/Z");
    }

    #[test]
    fn bad_overrides_say_what_is_wrong() {
        let err = validate_override("user_actoins", "silence", &[]).expect_err("bad scope");
        assert!(err.contains("user_actions"), "{err}");
        let err = validate_override("user_actions", "silense", &[]).expect_err("bad id");
        assert!(err.contains("silence"), "{err}");
        let err = validate_override("user_actions", "silence", &["ctrl-".into()]).expect_err("bad key");
        assert!(err.contains("unknown key"), "{err}");
        let mut o = Overrides::new();
        o.entry("user_actions".into()).or_default().insert("silence".into(), vec!["u".into()]);
        let err = Keymap::new(&o, false).expect_err("conflict");
        assert!(err.contains("bound twice"), "{err}");
    }

    #[test]
    fn read_only_removes_every_dangerous_binding() {
        let km = Keymap::new(&Overrides::new(), true).expect("valid");
        for b in BINDINGS {
            for k in b.keys {
                let spec = KeySpec::parse(k).expect("parses");
                let ev = key(spec.code, if spec.ctrl { KeyModifiers::CONTROL } else { KeyModifiers::NONE });
                let got = km.lookup(&[b.scope], &ev);
                if b.dangerous {
                    assert_eq!(got, None, "{} still bound", b.id);
                    assert!(!km.enabled(b.scope, b.command));
                } else {
                    assert_eq!(got, Some(b.command), "{} lost", b.id);
                }
            }
        }
    }

    #[test]
    fn key_specs_round_trip_through_display() {
        for s in ["s", "S", "ctrl-d", "shift-tab", "enter", "esc", "pagedown", "f5", "/", "?", "space", "alt-x"] {
            let k = KeySpec::parse(s).expect("parses");
            assert_eq!(KeySpec::parse(&k.to_string()).expect("reparses"), k, "{s}");
        }
    }
}
