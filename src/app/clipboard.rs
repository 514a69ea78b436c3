//! Where `y` sends text, and what the status line says about it. The terminal's clipboard is
//! reached with OSC 52; inside tmux or GNU screen the sequence must be wrapped to get through
//! them (the runtime writes the bytes, `runtime/clipboard.rs`), and without any answer from
//! the terminal the operator is told where the text went and how to get it otherwise.

use super::dialog::Tone;
use super::effect::Effect;
use super::model::Model;

/// How the OSC 52 sequence reaches the operator's terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Route {
    /// Straight to the terminal.
    #[default]
    Direct,
    /// Inside tmux (`$TMUX` is set): both as is (tmux takes it with `set-clipboard on`) and
    /// wrapped in its DCS passthrough (`allow-passthrough on`).
    Tmux,
    /// Inside a tmux that takes neither (both options off): said, with the text.
    TmuxBlocked,
    /// Wrapped in GNU screen's DCS passthrough (`$STY` is set).
    Screen,
}

impl Route {
    /// From the environment the console was started in: tmux inside screen is the inner one.
    pub(crate) fn detect(tmux: Option<&str>, sty: Option<&str>) -> Self {
        match (tmux.filter(|v| !v.is_empty()), sty.filter(|v| !v.is_empty())) {
            (Some(_), _) => Route::Tmux,
            (None, Some(_)) => Route::Screen,
            (None, None) => Route::Direct,
        }
    }
}

impl Model {
    /// Copy `text` (what the operator sees as `what`, e.g. "id 1a2b…") and say where it went.
    pub(crate) fn copy(&mut self, what: &str, text: String) -> Vec<Effect> {
        let what = crate::domain::text::clean_line(what);
        let said = match self.settings.clipboard {
            Route::Tmux => format!("copied {what} to the clipboard via tmux"),
            Route::Screen => format!("copied {what} to the clipboard via screen"),
            Route::TmuxBlocked => format!(
                "{what}: tmux does not pass OSC 52 on (set -g set-clipboard on); \
                 copy it from this line"
            ),
            Route::Direct => {
                format!("{what}: OSC 52 sent; if your terminal ignores it, copy it from this line")
            }
        };
        self.set_status(said, Tone::Success);
        vec![Effect::Copy(text)]
    }

    /// Like [`Model::copy`] for a secret: the status line never repeats it.
    pub(crate) fn copy_secret(&mut self, text: String) -> Vec<Effect> {
        let said = match self.settings.clipboard {
            Route::Tmux => "copied to the clipboard via tmux",
            Route::Screen => "copied to the clipboard via screen",
            Route::TmuxBlocked => "tmux does not pass OSC 52 on (set -g set-clipboard on); select the text",
            Route::Direct => "OSC 52 sent; if your terminal ignores it, select the text in the dialog",
        };
        self.set_status(said, Tone::Success);
        vec![Effect::Copy(text)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::testing::model;

    #[test]
    fn tmux_wins_over_screen_and_empty_values_do_not_count() {
        assert_eq!(Route::detect(Some("/tmp/tmux-1000/default,1,0"), None), Route::Tmux);
        assert_eq!(Route::detect(Some("/tmp/tmux"), Some("123.pts-0.host")), Route::Tmux);
        assert_eq!(Route::detect(None, Some("123.pts-0.host")), Route::Screen);
        assert_eq!(Route::detect(Some(""), Some("")), Route::Direct);
        assert_eq!(Route::detect(None, None), Route::Direct);
    }

    #[test]
    fn the_status_says_where_the_text_went() {
        let mut m = model();
        m.settings.clipboard = Route::Tmux;
        assert_eq!(m.copy("id abc", "abc".into()), vec![Effect::Copy("abc".into())]);
        assert_eq!(m.status.as_ref().map(|s| s.text.as_str()), Some("copied id abc to the clipboard via tmux"));
        m.settings.clipboard = Route::Direct;
        m.copy("id abc", "abc".into());
        let text = m.status.as_ref().map(|s| s.text.clone()).unwrap_or_default();
        assert!(text.starts_with("id abc: OSC 52 sent; if your terminal ignores it"), "{text}");
        m.settings.clipboard = Route::TmuxBlocked;
        m.copy("id abc", "abc".into());
        let text = m.status.as_ref().map(|s| s.text.clone()).unwrap_or_default();
        assert!(
            text.starts_with("id abc: tmux does not pass OSC 52 on") && text.contains("set-clipboard on"),
            "{text}"
        );
        m.copy_secret("s3cret".into());
        let text = m.status.as_ref().map(|s| s.text.clone()).unwrap_or_default();
        assert!(!text.contains("s3cret"), "{text}");
    }
}
