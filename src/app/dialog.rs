//! Modal dialogs: prompt, confirm (optionally typed), picker, notice. A dialog captures what it
//! acts on when it opens (its `Purpose` carries the target), defaults to Cancel, and keeps typed
//! input across polls: nothing but keys changes it.

use crossterm::event::{KeyCode, KeyEvent};

use super::field::{Field, FieldKey};
use super::keymap::{Command, Keymap, Scope};
use super::panes::Purpose;
use crate::domain::secret::Secret;

/// How a line of dialog text should look; the theme decides the colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Tone {
    #[default]
    Normal,
    Strong,
    Muted,
    Danger,
    Warning,
    Success,
    Added,
    Removed,
    Heading,
    /// Low urgency: noticeable, not alarming.
    Info,
    /// A key to press.
    Key,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BodyLine {
    pub(crate) text: String,
    pub(crate) tone: Tone,
    /// The line is a link to this URL (OSC 8 where the terminal supports it).
    pub(crate) link: Option<String>,
    /// A second column, drawn beside this one (two diffs side by side); neither wraps.
    pub(crate) beside: Option<(String, Tone)>,
}

impl BodyLine {
    pub(crate) fn new(text: impl Into<String>, tone: Tone) -> Self {
        Self { text: text.into(), tone, link: None, beside: None }
    }

    /// `left` and `right` in two columns.
    pub(crate) fn pair(left: BodyLine, right: BodyLine) -> Self {
        Self { beside: Some((right.text, right.tone)), ..left }
    }

    pub(crate) fn linked(mut self, url: &str) -> Self {
        self.link = Some(url.to_string());
        self
    }
}

pub(crate) fn line(text: impl Into<String>) -> BodyLine {
    BodyLine::new(text, Tone::Normal)
}

#[derive(Debug, Clone)]
pub(crate) struct Dialog {
    pub(crate) title: String,
    pub(crate) body: Vec<BodyLine>,
    pub(crate) kind: Kind,
    pub(crate) purpose: Purpose,
    /// As wide as the screen allows (a diff), instead of a narrow box.
    pub(crate) wide: bool,
    /// The first body line shown: a body taller than the screen scrolls (`j`, `k`, `ctrl-d`…).
    pub(crate) scroll: usize,
}

#[derive(Debug, Clone)]
pub(crate) enum Kind {
    Prompt(Prompt),
    Confirm(Confirm),
    Picker(Picker),
    Notice(Notice),
    /// A secret shown once (a generated token). Not a `Notice` because `Notice.copy` is a
    /// plain `String` that `Debug` would print; this one is dropped with the dialog.
    Secret(SecretNotice),
}

#[derive(Debug, Clone)]
pub(crate) struct Prompt {
    pub(crate) label: String,
    pub(crate) input: Field,
    /// Validation message shown under the input; the dialog stays open.
    pub(crate) error: Option<String>,
    /// What Tab found to choose from.
    pub(crate) note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Focus {
    Input,
    Cancel,
    Confirm,
}

#[derive(Debug, Clone)]
pub(crate) struct Confirm {
    /// The confirm button's label ("Delete", "Roll back"…).
    pub(crate) action: String,
    pub(crate) danger: bool,
    pub(crate) focus: Focus,
    /// Typed confirmation: the confirm button stays disabled until the input equals this.
    pub(crate) typed: Option<Typed>,
    pub(crate) error: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Typed {
    pub(crate) expected: String,
    pub(crate) input: Field,
}

impl Typed {
    pub(crate) fn matches(&self) -> bool {
        self.input.text() == self.expected
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PickItem {
    pub(crate) label: String,
    pub(crate) detail: String,
    pub(crate) tone: Tone,
}

#[derive(Debug, Clone)]
pub(crate) struct Picker {
    pub(crate) items: Vec<PickItem>,
    pub(crate) cursor: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct Notice {
    pub(crate) tone: Tone,
    /// Text that `y` copies (an id, a URL, a token shown once).
    pub(crate) copy: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct SecretNotice {
    pub(crate) secret: Secret,
    /// `y` was pressed at least once.
    pub(crate) copied: bool,
    /// A close key was pressed before copying: the next one really closes, and the screen
    /// says the secret will be gone.
    pub(crate) armed: bool,
}

/// What a key did to the dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    Stay,
    Cancelled,
    /// Prompt text (trimmed), a confirmation, a picked row, or a notice dismissed.
    Text(String),
    Confirmed,
    Picked(usize),
    Closed,
    Copy(String),
    /// Tab in a path prompt: the runtime lists the directory of what is typed.
    Complete(String),
}

impl Dialog {
    pub(crate) fn prompt(
        title: impl Into<String>,
        body: Vec<BodyLine>,
        label: &str,
        placeholder: &str,
        purpose: Purpose,
    ) -> Self {
        Self {
            title: title.into(),
            body,
            kind: Kind::Prompt(Prompt {
                label: label.to_string(),
                input: Field::new("", placeholder),
                error: None,
                note: None,
            }),
            purpose,
            wide: false,
            scroll: 0,
        }
    }

    pub(crate) fn confirm(
        title: impl Into<String>,
        body: Vec<BodyLine>,
        action: &str,
        danger: bool,
        purpose: Purpose,
    ) -> Self {
        Self {
            title: title.into(),
            body,
            kind: Kind::Confirm(Confirm {
                action: action.to_string(),
                danger,
                focus: Focus::Cancel,
                typed: None,
                error: None,
            }),
            purpose,
            wide: false,
            scroll: 0,
        }
    }

    /// A confirmation the operator must type (`expected`) before the button enables.
    pub(crate) fn typed_confirm(
        title: impl Into<String>,
        body: Vec<BodyLine>,
        action: &str,
        expected: &str,
        purpose: Purpose,
    ) -> Self {
        let typed = Typed { expected: expected.to_string(), input: Field::new("", expected) };
        Self {
            title: title.into(),
            body,
            kind: Kind::Confirm(Confirm {
                action: action.to_string(),
                danger: true,
                focus: Focus::Input,
                typed: Some(typed),
                error: None,
            }),
            purpose,
            wide: false,
            scroll: 0,
        }
    }

    pub(crate) fn picker(
        title: impl Into<String>,
        body: Vec<BodyLine>,
        items: Vec<PickItem>,
        purpose: Purpose,
    ) -> Self {
        Self {
            title: title.into(),
            body,
            kind: Kind::Picker(Picker { items, cursor: 0 }),
            purpose,
            wide: false,
            scroll: 0,
        }
    }

    pub(crate) fn notice(title: impl Into<String>, body: Vec<BodyLine>, tone: Tone, copy: Option<String>) -> Self {
        Self {
            title: title.into(),
            body,
            kind: Kind::Notice(Notice { tone, copy }),
            purpose: Purpose::None,
            wide: false,
            scroll: 0,
        }
    }

    /// The secret is rendered from the kind, never from `body`, so that no `String` in the
    /// model ever holds it.
    pub(crate) fn secret(title: impl Into<String>, body: Vec<BodyLine>, secret: Secret) -> Self {
        Self {
            title: title.into(),
            body,
            kind: Kind::Secret(SecretNotice { secret, copied: false, armed: false }),
            purpose: Purpose::None,
            wide: false,
            scroll: 0,
        }
    }

    /// Show a validation error and keep the dialog (and what was typed) open.
    /// As wide as the screen allows: for a diff.
    pub(crate) fn widened(mut self) -> Self {
        self.wide = true;
        self
    }

    pub(crate) fn set_error(&mut self, message: impl Into<String>) {
        match &mut self.kind {
            Kind::Prompt(p) => p.error = Some(message.into()),
            Kind::Confirm(c) => c.error = Some(message.into()),
            _ => {}
        }
    }

    /// Whether keys are typed into a text field (so `y`/`n` are letters, not commands).
    #[cfg(test)]
    pub(crate) fn is_typing(&self) -> bool {
        match &self.kind {
            Kind::Prompt(_) => true,
            Kind::Confirm(c) => c.typed.is_some() && c.focus == Focus::Input,
            _ => false,
        }
    }

    pub(crate) fn on_paste(&mut self, text: &str) {
        match &mut self.kind {
            Kind::Prompt(p) => {
                p.input.paste(text);
                p.error = None;
            }
            Kind::Confirm(Confirm { typed: Some(t), focus: Focus::Input, .. }) => t.input.paste(text),
            _ => {}
        }
    }

    /// The prompt, when it is one (to prefill it or to complete a path into it).
    pub(crate) fn prompt_mut(&mut self) -> Option<&mut Prompt> {
        match &mut self.kind {
            Kind::Prompt(p) => Some(p),
            _ => None,
        }
    }

    /// Every key a dialog understands comes from `[keys.dialogs]`, `[keys.input]` or, for
    /// moving in a picker, `[keys.global]`; nothing is hard-wired.
    pub(crate) fn on_key(&mut self, keymap: &Keymap, key: &KeyEvent) -> Outcome {
        let cmd = keymap.lookup(&[Scope::Dialog, Scope::Global], key);
        if let Some(cmd) = cmd
            && self.scrolls(cmd)
        {
            self.scroll_by(cmd);
            return Outcome::Stay;
        }
        match &mut self.kind {
            Kind::Secret(s) => secret_key(s, cmd),
            Kind::Prompt(p) => prompt_key(p, keymap, key),
            Kind::Confirm(c) => confirm_key(c, keymap, cmd, key),
            Kind::Picker(p) => picker_key(p, cmd, key),
            Kind::Notice(n) => match cmd {
                Some(Command::Confirm | Command::CopyId) if n.copy.is_some() => {
                    Outcome::Copy(n.copy.clone().unwrap_or_default())
                }
                Some(Command::Cancel | Command::Activate | Command::Back | Command::Quit) => Outcome::Closed,
                _ => Outcome::Stay,
            },
        }
    }
}

impl Dialog {
    /// The body moves with the list keys where they mean nothing else: in a confirmation or
    /// notice all of them, in a picker (whose rows take `j`/`k`) the half-page keys.
    fn scrolls(&self, cmd: Command) -> bool {
        use Command as C;
        let half = matches!(cmd, C::HalfPageDown | C::HalfPageUp);
        let all = half || matches!(cmd, C::Down | C::Up | C::Top | C::Bottom);
        match &self.kind {
            Kind::Confirm(c) => all && !(c.typed.is_some() && c.focus == Focus::Input),
            Kind::Notice(_) => all,
            Kind::Picker(_) => half,
            Kind::Prompt(_) | Kind::Secret(_) => false,
        }
    }

    /// The renderer stops at the last screenful; here the top is kept within the body.
    fn scroll_by(&mut self, cmd: Command) {
        let last = self.body.len().saturating_sub(1);
        self.scroll = match cmd {
            Command::Down => self.scroll + 1,
            Command::Up => self.scroll.saturating_sub(1),
            Command::HalfPageDown => self.scroll + 10,
            Command::HalfPageUp => self.scroll.saturating_sub(10),
            Command::Top => 0,
            _ => last,
        }
        .min(last);
    }
}

fn prompt_key(p: &mut Prompt, keymap: &Keymap, key: &KeyEvent) -> Outcome {
    match p.input.on_key(keymap, key) {
        FieldKey::Submit => Outcome::Text(p.input.text().trim().to_string()),
        FieldKey::Cancel => Outcome::Cancelled,
        FieldKey::Complete => Outcome::Complete(p.input.text()),
        FieldKey::Edited => {
            p.error = None;
            p.note = None;
            Outcome::Stay
        }
        FieldKey::Leave | FieldKey::Unchanged => Outcome::Stay,
    }
}

/// Copy keys copy; closing before a copy takes a second press, because the secret cannot be
/// shown again (ctrl-c included: it is the key people hit without thinking).
fn secret_key(s: &mut SecretNotice, cmd: Option<Command>) -> Outcome {
    match cmd {
        Some(Command::Confirm | Command::CopyId) => {
            s.copied = true;
            s.armed = false;
            Outcome::Copy(s.secret.expose().to_string())
        }
        Some(Command::Cancel | Command::Activate | Command::Back | Command::Quit) if s.copied || s.armed => {
            Outcome::Closed
        }
        Some(Command::Cancel | Command::Activate | Command::Back | Command::Quit) => {
            s.armed = true;
            Outcome::Stay
        }
        _ => Outcome::Stay,
    }
}

fn confirm_key(c: &mut Confirm, keymap: &Keymap, cmd: Option<Command>, key: &KeyEvent) -> Outcome {
    let typed_ok = c.typed.as_ref().is_none_or(Typed::matches);
    if c.focus == Focus::Input
        && let Some(t) = c.typed.as_mut()
    {
        return match t.input.on_key(keymap, key) {
            FieldKey::Cancel => Outcome::Cancelled,
            FieldKey::Leave | FieldKey::Complete => {
                c.focus = Focus::Cancel;
                Outcome::Stay
            }
            FieldKey::Submit if t.matches() => Outcome::Confirmed,
            FieldKey::Submit => {
                c.error = Some(format!("type {} exactly to enable {}", t.expected, c.action));
                Outcome::Stay
            }
            FieldKey::Edited => {
                c.error = None;
                Outcome::Stay
            }
            FieldKey::Unchanged => Outcome::Stay,
        };
    }
    match cmd {
        Some(Command::Confirm) if typed_ok => Outcome::Confirmed,
        Some(Command::Cancel | Command::Back | Command::Quit) => Outcome::Cancelled,
        Some(Command::FocusNext) => {
            c.focus = next_focus(c.focus, c.typed.is_some(), typed_ok);
            Outcome::Stay
        }
        Some(Command::FocusPrev) => {
            c.focus = prev_focus(c.focus, c.typed.is_some(), typed_ok);
            Outcome::Stay
        }
        Some(Command::Activate) => match c.focus {
            Focus::Confirm if typed_ok => Outcome::Confirmed,
            _ => Outcome::Cancelled,
        },
        _ => Outcome::Stay,
    }
}

/// Input → Cancel → Confirm (only when enabled) → Input…
fn next_focus(f: Focus, has_input: bool, confirm_enabled: bool) -> Focus {
    match f {
        Focus::Input => Focus::Cancel,
        Focus::Cancel if confirm_enabled => Focus::Confirm,
        Focus::Cancel | Focus::Confirm if has_input => Focus::Input,
        _ => Focus::Cancel,
    }
}

/// The same ring, walked the other way.
fn prev_focus(f: Focus, has_input: bool, confirm_enabled: bool) -> Focus {
    match f {
        Focus::Input if confirm_enabled => Focus::Confirm,
        Focus::Cancel if has_input => Focus::Input,
        Focus::Cancel if confirm_enabled => Focus::Confirm,
        _ => Focus::Cancel,
    }
}

fn picker_key(p: &mut Picker, cmd: Option<Command>, key: &KeyEvent) -> Outcome {
    let last = p.items.len().saturating_sub(1);
    match cmd {
        Some(Command::Down) => p.cursor = (p.cursor + 1).min(last),
        Some(Command::Up) => p.cursor = p.cursor.saturating_sub(1),
        Some(Command::Top) => p.cursor = 0,
        Some(Command::Bottom) => p.cursor = last,
        Some(Command::Activate | Command::Open) if !p.items.is_empty() => return Outcome::Picked(p.cursor),
        Some(Command::Cancel | Command::Back | Command::Quit) => return Outcome::Cancelled,
        _ => {
            // Digits pick directly: `x 2` executes the second action in two keys.
            if let KeyCode::Char(d @ '1'..='9') = key.code {
                let i = (d as usize) - ('1' as usize);
                if i < p.items.len() {
                    p.cursor = i;
                    return Outcome::Picked(i);
                }
            }
        }
    }
    Outcome::Stay
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn k(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }
    fn code(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn a_long_body_scrolls_with_the_list_keys_and_a_pickers_with_half_pages() {
        let km = Keymap::default();
        let body: Vec<BodyLine> = (0..50).map(|i| line(format!("line {i}"))).collect();
        let mut d = Dialog::confirm("Apply", body.clone(), "Apply", false, Purpose::None);
        assert_eq!(d.on_key(&km, &k('j')), Outcome::Stay);
        assert_eq!(d.scroll, 1);
        d.on_key(&km, &k('G'));
        assert_eq!(d.scroll, 49);
        d.on_key(&km, &k('g'));
        assert_eq!(d.scroll, 0);
        assert_eq!(d.on_key(&km, &code(KeyCode::Enter)), Outcome::Cancelled, "Cancel stays the default");
        let item = PickItem { label: "a".into(), detail: String::new(), tone: Tone::Normal };
        let mut p = Dialog::picker("Pick", body, vec![item.clone(), item], Purpose::None);
        p.on_key(&km, &k('j'));
        assert!(matches!(&p.kind, Kind::Picker(p) if p.cursor == 1) && p.scroll == 0, "j moves the cursor");
        p.on_key(&km, &code(KeyCode::PageDown));
        assert_eq!(p.scroll, 10);
    }

    #[test]
    fn confirm_defaults_to_cancel() {
        let km = Keymap::default();
        let mut d = Dialog::confirm("Delete", vec![], "Delete", true, Purpose::None);
        assert_eq!(d.on_key(&km, &code(KeyCode::Enter)), Outcome::Cancelled);
        let mut d = Dialog::confirm("Delete", vec![], "Delete", true, Purpose::None);
        assert_eq!(d.on_key(&km, &code(KeyCode::Tab)), Outcome::Stay);
        assert_eq!(d.on_key(&km, &code(KeyCode::Enter)), Outcome::Confirmed);
        let mut d = Dialog::confirm("Delete", vec![], "Delete", true, Purpose::None);
        assert_eq!(d.on_key(&km, &k('y')), Outcome::Confirmed);
        let mut d = Dialog::confirm("Delete", vec![], "Delete", true, Purpose::None);
        assert_eq!(d.on_key(&km, &k('n')), Outcome::Cancelled);
    }

    #[test]
    fn typed_confirm_stays_disabled_until_the_text_matches() {
        let km = Keymap::default();
        let mut d = Dialog::typed_confirm("Silence", vec![], "Silence", "42", Purpose::None);
        assert!(d.is_typing());
        // `y` is a letter here, not a confirmation.
        assert_eq!(d.on_key(&km, &k('y')), Outcome::Stay);
        assert_eq!(d.on_key(&km, &code(KeyCode::Enter)), Outcome::Stay);
        assert!(matches!(&d.kind, Kind::Confirm(c) if c.error.is_some()));
        d.on_key(&km, &code(KeyCode::Backspace));
        d.on_key(&km, &k('4'));
        d.on_key(&km, &k('2'));
        // Tab from the input goes to Cancel; the disabled button is skipped until it matches.
        assert_eq!(d.on_key(&km, &code(KeyCode::Tab)), Outcome::Stay);
        assert_eq!(d.on_key(&km, &code(KeyCode::Tab)), Outcome::Stay);
        assert!(matches!(&d.kind, Kind::Confirm(c) if c.focus == Focus::Confirm));
        assert_eq!(d.on_key(&km, &code(KeyCode::Enter)), Outcome::Confirmed);
    }

    #[test]
    fn typed_confirm_with_wrong_text_never_confirms() {
        let km = Keymap::default();
        let mut d = Dialog::typed_confirm("Delete", vec![], "Delete", "grp", Purpose::None);
        for c in "gr".chars() {
            d.on_key(&km, &k(c));
        }
        d.on_key(&km, &code(KeyCode::Tab));
        assert_eq!(d.on_key(&km, &k('y')), Outcome::Stay);
        d.on_key(&km, &code(KeyCode::Tab));
        assert!(matches!(&d.kind, Kind::Confirm(c) if c.focus == Focus::Input), "confirm button skipped");
        assert_eq!(d.on_key(&km, &code(KeyCode::Enter)), Outcome::Stay);
    }

    #[test]
    fn prompt_returns_trimmed_text_and_esc_cancels() {
        let km = Keymap::default();
        let mut d = Dialog::prompt("Silence", vec![], "days", "", Purpose::None);
        for c in " 7 ".chars() {
            d.on_key(&km, &k(c));
        }
        assert_eq!(d.on_key(&km, &code(KeyCode::Enter)), Outcome::Text("7".into()));
        assert_eq!(d.on_key(&km, &code(KeyCode::Esc)), Outcome::Cancelled);
    }

    #[test]
    fn picker_moves_and_picks() {
        let km = Keymap::default();
        let items =
            (0..3).map(|i| PickItem { label: format!("a{i}"), detail: String::new(), tone: Tone::Normal }).collect();
        let mut d = Dialog::picker("Execute", vec![], items, Purpose::None);
        d.on_key(&km, &k('j'));
        d.on_key(&km, &k('j'));
        d.on_key(&km, &k('j'));
        assert_eq!(d.on_key(&km, &code(KeyCode::Enter)), Outcome::Picked(2));
        assert_eq!(d.on_key(&km, &k('1')), Outcome::Picked(0));
        assert_eq!(d.on_key(&km, &k('9')), Outcome::Stay);
    }

    #[test]
    fn a_secret_is_copied_and_closing_it_uncopied_takes_two_presses() {
        let km = Keymap::default();
        let mut d = Dialog::secret("Token", vec![], Secret::new("s3cr3t"));
        assert!(!format!("{d:?}").contains("s3cr3t"));
        assert_eq!(d.on_key(&km, &code(KeyCode::Esc)), Outcome::Stay);
        assert!(matches!(&d.kind, Kind::Secret(s) if s.armed));
        assert_eq!(d.on_key(&km, &code(KeyCode::Esc)), Outcome::Closed);
        let mut d = Dialog::secret("Token", vec![], Secret::new("s3cr3t"));
        assert_eq!(d.on_key(&km, &k('y')), Outcome::Copy("s3cr3t".into()));
        assert_eq!(d.on_key(&km, &code(KeyCode::Enter)), Outcome::Closed);
        let mut d = Dialog::secret("Token", vec![], Secret::new("s3cr3t"));
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(d.on_key(&km, &ctrl_c), Outcome::Stay, "ctrl-c does not lose an uncopied secret");
    }

    #[test]
    fn notices_copy_and_close() {
        let km = Keymap::default();
        let mut d = Dialog::notice("Token", vec![], Tone::Normal, Some("secret".into()));
        assert_eq!(d.on_key(&km, &k('y')), Outcome::Copy("secret".into()));
        assert_eq!(d.on_key(&km, &code(KeyCode::Esc)), Outcome::Closed);
    }
}
