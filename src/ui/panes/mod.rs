//! One module per pane, mirroring `app::panes`, and what every pane's frame shares: the
//! freshness of each source behind the view, and the failures said in the pane itself.

pub(crate) mod actions;
pub(crate) mod audits;
pub(crate) mod group_view;
pub(crate) mod groups;
pub(crate) mod placeholder;
pub(crate) mod user_actions;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::chrome::spinner;
use super::theme::Theme;
use crate::app::freshness::{State, ago, short_age};
use crate::app::model::Model;
use crate::app::panes::{Health, Pane};

/// Draw the visible pane: its header line and its body.
pub(crate) fn render(model: &Model, theme: &Theme, frame: &mut Frame, header: Rect, body: Rect) {
    match model.pane {
        Pane::UserActions => user_actions::render(model, theme, frame, header, body),
        Pane::Actions => actions::render(model, theme, frame, header, body),
        Pane::Audits => audits::render(model, theme, frame, header, body),
        Pane::Groups => groups::render(model, theme, frame, header, body),
    }
}

/// The right side of a pane's header: for one source "cds.example.com · 14:03:22 UTC", or
/// "STALE data from 14:03:22 UTC ✗"; for several, one short mark each ("CDS ✓ ZITADEL ✗").
pub(crate) fn health_spans<'a>(model: &Model, health: &[Health<'_>], theme: &Theme, compact: bool) -> Vec<Span<'a>> {
    let mut out = Vec::new();
    let interval = model.interval_of(model.pane);
    match health {
        [] => {}
        [one] => one_source(model, one, interval, theme, compact, &mut out),
        many => {
            for h in many {
                let name = model.sources.name(h.source);
                let (mark, style) = match h.freshness.state(model.now, interval) {
                    State::Loading => (spinner(model).to_string(), theme.key()),
                    State::Fresh => ("✓".to_string(), theme.muted()),
                    State::Stale if h.freshness.last_error.is_some() => ("✗".to_string(), theme.error()),
                    State::Stale => ("STALE".to_string(), theme.stale()),
                };
                out.push(Span::styled(format!("{name} "), theme.muted()));
                out.push(Span::styled(mark, style));
                out.push(Span::raw(" "));
            }
            // The oldest data on screen says how fresh the view is.
            if let Some(oldest) = many.iter().filter_map(|h| h.freshness.last_ok).min() {
                out.push(Span::styled(format!("· {} ", age_of(model, oldest)), theme.muted()));
            }
        }
    }
    if model.frozen && !health.is_empty() {
        out.push(Span::styled("❄ ", theme.muted()));
    }
    out
}

fn age_of(model: &Model, at: jiff::Timestamp) -> String {
    ago(model.now.duration_since(at).unsigned_abs())
}

fn one_source<'a>(
    model: &Model,
    h: &Health<'_>,
    interval: std::time::Duration,
    theme: &Theme,
    compact: bool,
    out: &mut Vec<Span<'a>>,
) {
    let f = h.freshness;
    let server = model.sources.server(h.source);
    match f.state(model.now, interval) {
        State::Loading => {
            let mut text = format!("{} loading from {server}", spinner(model));
            if let Some(pages) = f.progress_text() {
                text.push_str(&format!(" · {pages}"));
            }
            out.push(Span::styled(text, theme.key()));
        }
        State::Fresh => {
            let age = f.last_ok.map(|ok| age_of(model, ok)).unwrap_or_default();
            let text = if compact { format!("✓ {age}") } else { format!("{server} · {age}") };
            out.push(Span::styled(text, theme.muted()));
        }
        State::Stale => {
            out.push(Span::styled(" STALE ", theme.stale()));
            if let Some(ok) = f.last_ok {
                let text =
                    if compact { format!(" {}", age_of(model, ok)) } else { format!(" data {}", age_of(model, ok)) };
                out.push(Span::styled(text, theme.muted()));
            }
            if f.last_error.is_some() {
                out.push(Span::styled(" ✗", theme.error()));
            }
        }
    }
    if f.in_flight && f.last_ok.is_some() {
        let pages = f.progress_text().map(|p| format!(" {p}")).unwrap_or_default();
        out.push(Span::styled(format!(" {}{pages}", spinner(model)), theme.key()));
    }
    out.push(Span::raw(" "));
}

/// One line per source behind the view that is failing: which server, what went wrong and
/// when opsy tries again. Empty when every source is fine.
pub(crate) fn problems<'a>(model: &Model, health: &[Health<'_>], theme: &Theme) -> Vec<Line<'a>> {
    let mut out = Vec::new();
    for h in health {
        let info = model.sources.get(h.source);
        let broken = info.and_then(|i| i.broken.as_deref());
        let Some(error) = broken.or(h.freshness.last_error.as_deref()) else { continue };
        let name = model.sources.name(h.source);
        let mut text = format!("✗ {name}: {error}");
        if broken.is_none() {
            match h.freshness.retry_at {
                Some(at) if at > model.now => {
                    let wait = at.duration_since(model.now).unsigned_abs();
                    text.push_str(&format!(" · retrying in {}", short_age(wait)));
                }
                Some(_) => text.push_str(" · retrying now"),
                None => {}
            }
            if h.freshness.last_ok.is_some() {
                text.push_str(" · last data kept");
            }
        }
        out.push(Line::styled(text, theme.error()));
    }
    out
}

/// Failures take the top rows of the body (at most three); the rest is for the data.
pub(crate) fn split_problems(
    model: &Model,
    health: &[Health<'_>],
    theme: &Theme,
    frame: &mut Frame,
    body: Rect,
) -> Rect {
    let lines = problems(model, health, theme);
    if lines.is_empty() || body.height < 4 {
        return body;
    }
    let rows: usize = lines
        .iter()
        .map(|l| {
            let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
            super::util::wrap(&text, usize::from(body.width)).len()
        })
        .sum();
    let n = u16::try_from(rows).unwrap_or(u16::MAX).min(3).min(body.height / 2);
    let top = Rect { height: n, ..body };
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), top);
    Rect { y: body.y + n, height: body.height - n, ..body }
}

/// What an empty list says: loading, a failure (never shown as "nothing here"), or `none`.
pub(crate) fn empty_text(health: &[Health<'_>], loading: &str, none: &str) -> String {
    let waiting = health.iter().any(|h| h.freshness.last_ok.is_none() && h.freshness.last_error.is_none());
    let failed =
        !health.is_empty() && health.iter().all(|h| h.freshness.last_ok.is_none() && h.freshness.last_error.is_some());
    if failed {
        "No data yet: the server did not answer (the reason is above).".to_string()
    } else if waiting {
        loading.to_string()
    } else {
        none.to_string()
    }
}
