//! One-line text fields: dialog prompts, typed confirmations, the `/` filter and the `:` command
//! line. Their keys come from `[keys.input]` (submit, cancel, clear, complete); every other key
//! edits the text. A field never holds a newline or a tab, whatever the terminal sends.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea};

use super::keymap::{Command, Keymap, Scope};

#[derive(Debug, Clone)]
pub(crate) struct Field {
    area: TextArea<'static>,
    /// The field holds a file path: Tab completes it.
    paths: bool,
}

/// What a key did to a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldKey {
    Submit,
    Cancel,
    /// Tab in a field that completes paths.
    Complete,
    /// Tab / shift-tab elsewhere: the dialog moves the focus.
    Leave,
    Edited,
    Unchanged,
}

impl Field {
    pub(crate) fn new(initial: &str, placeholder: &str) -> Self {
        let mut area = TextArea::new(vec![one_line(initial)]);
        area.move_cursor(CursorMove::End);
        area.set_placeholder_text(placeholder.to_string());
        area.set_cursor_line_style(ratatui::style::Style::default());
        // Dimmed, not the default colour 8, which is the background of some palettes.
        area.set_placeholder_style(ratatui::style::Style::default().add_modifier(ratatui::style::Modifier::DIM));
        Self { area, paths: false }
    }

    /// A field for a file path: Tab completes, `~` is the home directory.
    pub(crate) fn for_paths(mut self) -> Self {
        self.paths = true;
        self
    }

    pub(crate) fn holds_paths(&self) -> bool {
        self.paths
    }

    pub(crate) fn text(&self) -> String {
        self.area.lines().join(" ")
    }

    /// Replace the text and put the cursor at its end (a completion, a restored path).
    pub(crate) fn set_text(&mut self, text: &str) {
        let placeholder = self.area.placeholder_text().to_string();
        let paths = self.paths;
        *self = Self::new(text, &placeholder);
        self.paths = paths;
    }

    /// The widget, for `ui` to draw.
    pub(crate) fn widget(&self) -> &TextArea<'static> {
        &self.area
    }

    pub(crate) fn paste(&mut self, text: &str) {
        self.area.insert_str(one_line(text));
    }

    pub(crate) fn on_key(&mut self, keymap: &Keymap, key: &KeyEvent) -> FieldKey {
        match keymap.lookup(&[Scope::Input], key) {
            Some(Command::Submit) => return FieldKey::Submit,
            Some(Command::Cancel) => return FieldKey::Cancel,
            Some(Command::ClearLine) => {
                let changed = !self.text().is_empty();
                self.set_text("");
                return if changed { FieldKey::Edited } else { FieldKey::Unchanged };
            }
            Some(Command::Complete) if self.paths => return FieldKey::Complete,
            Some(Command::Complete) => return FieldKey::Leave,
            _ => {}
        }
        if is_line_break_or_tab(key) {
            return if key.code == KeyCode::BackTab { FieldKey::Leave } else { FieldKey::Unchanged };
        }
        if self.area.input(*key) { FieldKey::Edited } else { FieldKey::Unchanged }
    }
}

/// Keys that would put a second line or a tab into the text area.
fn is_line_break_or_tab(key: &KeyEvent) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Enter | KeyCode::Tab | KeyCode::BackTab => true,
        KeyCode::Char('\n' | '\r' | '\t') => true,
        // The text area's own meanings for these are newline and line moves.
        KeyCode::Char('m' | 'n' | 'p') if ctrl => true,
        _ => false,
    }
}

fn one_line(text: &str) -> String {
    text.replace(['\r', '\n', '\t'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keymap::Overrides;

    fn k(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }
    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }
    fn code(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn tab_and_line_breaks_never_reach_the_text() {
        let km = Keymap::default();
        let mut f = Field::new("k8s", "");
        assert_eq!(f.on_key(&km, &code(KeyCode::Tab)), FieldKey::Leave);
        assert_eq!(f.on_key(&km, &ctrl('m')), FieldKey::Unchanged);
        assert_eq!(f.on_key(&km, &code(KeyCode::BackTab)), FieldKey::Leave);
        f.paste("-deploy\n.yml\t");
        assert_eq!(f.text(), "k8s-deploy .yml ");
        let mut p = Field::new("~/ops/k8s", "").for_paths();
        assert_eq!(p.on_key(&km, &code(KeyCode::Tab)), FieldKey::Complete);
        assert_eq!(p.text(), "~/ops/k8s");
    }

    #[test]
    fn ctrl_u_clears_the_line_as_in_a_shell() {
        let km = Keymap::default();
        let mut f = Field::new("", "");
        for c in "urgency:lo".chars() {
            f.on_key(&km, &k(c));
        }
        assert_eq!(f.on_key(&km, &ctrl('u')), FieldKey::Edited);
        assert_eq!(f.text(), "");
        assert_eq!(f.on_key(&km, &ctrl('u')), FieldKey::Unchanged);
    }

    #[test]
    fn submit_and_cancel_follow_the_keymap() {
        let mut o = Overrides::new();
        o.entry("input".into()).or_default().insert("submit".into(), vec!["ctrl-s".into()]);
        let km = Keymap::new(&o, false).expect("valid");
        let mut f = Field::new("x", "");
        assert_eq!(f.on_key(&km, &ctrl('s')), FieldKey::Submit);
        assert_eq!(f.on_key(&km, &code(KeyCode::Enter)), FieldKey::Unchanged, "enter is no longer submit");
        assert_eq!(f.text(), "x");
        assert_eq!(f.on_key(&km, &code(KeyCode::Esc)), FieldKey::Cancel);
        assert_eq!(f.on_key(&km, &ctrl('c')), FieldKey::Cancel);
    }
}
