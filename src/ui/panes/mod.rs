//! One module per pane, mirroring `app::panes`.

pub mod actions;
pub mod audits;
pub mod group_view;
pub mod groups;
pub mod list;
pub mod placeholder;
pub mod user_actions;

use ratatui::text::Span;

use super::chrome::spinner;
use super::theme::Theme;
use crate::app::freshness::{Freshness, State, short_age};
use crate::app::model::Model;

/// "waldur.example.com · 14:03:22 ⠋", or "STALE 3m · ✗ error…": contract 7 on every pane.
/// `compact` (narrow terminals) drops the server name and the time zone; the tabs line and the
/// help already say which profile is in use.
/// The last fetch error of the visible pane, for the status line when nothing else is there.
pub fn fetch_error(model: &Model) -> Option<&str> {
    use crate::app::model::Pane;
    use crate::app::panes::audits::Mode;
    let f = match model.pane {
        Pane::UserActions => &model.user_actions.freshness,
        Pane::Actions => &model.actions.freshness,
        Pane::Audits => match model.audits.mode {
            Mode::Feed => &model.actions.freshness,
            Mode::Action => &model.audits.action.as_ref()?.freshness,
            Mode::Executions => &model.audits.executions.freshness,
        },
        Pane::Groups => crate::app::panes::groups::visible_freshness(&model.groups),
    };
    f.last_error.as_deref()
}

pub fn freshness_spans<'a>(
    model: &Model,
    f: &Freshness,
    server: Option<&str>,
    theme: &Theme,
    compact: bool,
) -> Vec<Span<'a>> {
    let Some(server) = server else { return vec![] };
    let mut out = Vec::new();
    let time = |t: jiff::Timestamp| t.to_zoned(jiff::tz::TimeZone::UTC).strftime("%H:%M:%S").to_string();
    match f.state(model.now, model.settings.interval) {
        State::Loading => {
            out.push(Span::styled(format!("{} loading from {server}", spinner(model)), theme.key()));
        }
        State::Fresh => {
            let ok = f.last_ok.map(time).unwrap_or_default();
            let text = if compact { format!("✓ {ok}") } else { format!("{server} · {ok} UTC") };
            out.push(Span::styled(text, theme.muted()));
        }
        State::Stale => {
            out.push(Span::styled(" STALE ", theme.stale()));
            // Absolute time, and an age only in whole minutes: the screen is not redrawn every
            // second while idle, so a seconds counter would be wrong most of the time.
            if let Some(ok) = f.last_ok {
                let age = model.now.duration_since(ok).unsigned_abs();
                let mut text =
                    if compact { format!(" data {}", time(ok)) } else { format!(" data from {} UTC", time(ok)) };
                if age.as_secs() >= 60 {
                    text.push_str(&format!(" ({} ago)", short_age(age)));
                }
                out.push(Span::styled(text, theme.muted()));
            }
            if f.last_error.is_some() {
                out.push(Span::styled(" ✗", theme.error()));
            }
        }
    }
    if f.in_flight && f.last_ok.is_some() {
        out.push(Span::styled(format!(" {}", spinner(model)), theme.key()));
    }
    if model.frozen {
        out.push(Span::styled(" ❄", theme.muted()));
    }
    out.push(Span::raw(" "));
    out
}
