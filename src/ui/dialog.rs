//! Dialog boxes: centred, bordered, the target named in the body, Cancel focused by default,
//! the dangerous button in red.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use super::theme::Theme;
use super::util::{centered, fit, wrap};
use crate::app::dialog::{Confirm, Dialog, Focus, Kind, Tone};
use crate::app::keymap::{Command, Keymap, Scope};

pub(crate) fn render(d: &Dialog, keymap: &Keymap, hyperlinks: bool, theme: &Theme, frame: &mut Frame, area: Rect) {
    let copy_key = keymap.label(Scope::Dialog, Command::Confirm);
    let width = if d.wide { area.width.saturating_sub(4).max(1) } else { area.width.saturating_sub(4).clamp(1, 76) };
    let inner_w = usize::from(width.saturating_sub(4)).max(1);
    let mut lines: Vec<Line> = Vec::new();
    let mut links: Vec<(usize, usize, &str)> = Vec::new();
    // Where each body line starts once wrapped: scrolling moves by body lines.
    let mut starts: Vec<usize> = Vec::with_capacity(d.body.len());
    let half = inner_w.saturating_sub(3) / 2;
    // Two columns from this width; below it a run of paired lines is drawn as its left
    // column, then its right one.
    let side_by_side = inner_w >= 100;
    let mut i = 0;
    while i < d.body.len() {
        let b = &d.body[i];
        if b.beside.is_some() && !side_by_side {
            let run = d.body[i..].iter().take_while(|b| b.beside.is_some()).count();
            let pairs = &d.body[i..i + run];
            // Scrolling into the run lands on the line's left half.
            let top = lines.len();
            starts.extend((0..run).map(|k| top + pairs[..k].iter().filter(|b| !b.text.is_empty()).count()));
            let lefts = pairs.iter().map(|b| (b.text.as_str(), b.tone));
            let rights = pairs.iter().filter_map(|b| b.beside.as_ref().map(|(t, tone)| (t.as_str(), *tone)));
            for (n, (text, tone)) in lefts.chain([("", Tone::Normal)]).chain(rights).enumerate() {
                if !text.is_empty() || n == run {
                    lines.push(Line::styled(fit(text, inner_w), theme.tone(tone)));
                }
            }
            i += run;
            continue;
        }
        i += 1;
        starts.push(lines.len());
        if let Some((right, tone)) = &b.beside {
            let left = format!("{:<half$}", fit(&b.text, half));
            lines.push(Line::from(vec![
                Span::styled(left, theme.tone(b.tone)),
                Span::styled(" │ ", theme.muted()),
                Span::styled(fit(right, half), theme.tone(*tone)),
            ]));
            continue;
        }
        for piece in wrap(&b.text, inner_w) {
            if let Some(url) = b.link.as_deref().filter(|_| hyperlinks) {
                links.push((lines.len(), piece.chars().count(), url));
            }
            lines.push(Line::styled(piece, theme.tone(b.tone)));
        }
    }
    // Messages under an input wrap: a validation error cut in half explains nothing.
    let (error, note): (Vec<String>, Vec<String>) = match &d.kind {
        Kind::Prompt(p) => (wrapped(p.error.as_deref(), inner_w), wrapped(p.note.as_deref(), inner_w)),
        Kind::Confirm(c) => (wrapped(c.error.as_deref(), inner_w), vec![]),
        _ => (vec![], vec![]),
    };
    let messages = (error.len() + note.len()) as u16;
    // Rows below the body: input or list, messages, buttons.
    let extra: u16 = match &d.kind {
        Kind::Prompt(_) => 3 + messages,
        Kind::Confirm(c) => 2 + if c.typed.is_some() { 2 } else { 0 } + messages,
        Kind::Picker(p) => 1 + p.items.len() as u16 * 2,
        Kind::Notice(_) => 2,
        // Blank, the secret, blank, the warning when armed, buttons.
        Kind::Secret(s) => 3 + wrap(s.secret.expose(), inner_w).len() as u16 + u16::from(s.armed),
    };
    let height = (lines.len() as u16).saturating_add(extra).saturating_add(2);
    let rect = centered(area, width, height);
    frame.render_widget(Clear, rect);
    let danger =
        matches!(&d.kind, Kind::Confirm(c) if c.danger) || matches!(&d.kind, Kind::Notice(n) if n.tone == Tone::Danger);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(if danger { theme.border_danger() } else { theme.border() })
        .title(Span::styled(format!(" {} ", fit(&d.title, inner_w)), theme.header()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let inner = Rect { x: inner.x + 1, width: inner.width.saturating_sub(2).max(1), ..inner };
    // The buttons and inputs keep their rows; a body too tall for the rest scrolls.
    let body_h = (lines.len() as u16).min(inner.height.saturating_sub(extra).max(1)).min(inner.height);
    let first = starts.get(d.scroll).copied().unwrap_or(0).min(lines.len().saturating_sub(usize::from(body_h)));
    let hidden_below = lines.len().saturating_sub(first + usize::from(body_h));
    let shown: Vec<Line> = lines.into_iter().skip(first).take(usize::from(body_h)).collect();
    frame.render_widget(Paragraph::new(shown), Rect { height: body_h, ..inner });
    if first > 0 || hidden_below > 0 {
        // A picker's rows take j/k: its body moves by half pages.
        let (down, up) = match d.kind {
            Kind::Picker(_) => (Command::HalfPageDown, Command::HalfPageUp),
            _ => (Command::Down, Command::Up),
        };
        let (down, up) = (keymap.label(Scope::Global, down), keymap.label(Scope::Global, up));
        let text = format!(" {down} · {up} scroll · {first} above · {hidden_below} below ");
        let x = rect.x + rect.width.saturating_sub(text.chars().count() as u16 + 2);
        let r = Rect {
            x,
            y: rect.y + rect.height.saturating_sub(1),
            width: (text.chars().count() as u16).min(rect.width),
            height: 1,
        };
        frame.render_widget(Paragraph::new(Span::styled(text, theme.muted())), r);
    }
    let links = links.into_iter().filter_map(|(row, w, url)| row.checked_sub(first).map(|r| (r, w, url)));
    for (row, width, url) in links.filter(|(row, _, _)| *row < usize::from(body_h)) {
        let area = Rect { y: inner.y + row as u16, height: 1, width: (width as u16).min(inner.width), ..inner };
        super::link::hyperlink(frame.buffer_mut(), area, url);
    }
    let mut y = inner.y + body_h;
    let bottom = inner.y + inner.height;
    let mut row = |h: u16| {
        let r = Rect { y, height: h.min(bottom.saturating_sub(y)), ..inner };
        y = y.saturating_add(h).min(bottom);
        r
    };
    match &d.kind {
        Kind::Prompt(p) => {
            row(1);
            let r = row(1);
            let label = format!("{}: ", p.label);
            let lw = (label.chars().count() as u16).min(r.width);
            frame.render_widget(Paragraph::new(Span::styled(label, theme.key())), r);
            frame.render_widget(p.input.widget(), Rect { x: r.x + lw, width: r.width.saturating_sub(lw), ..r });
            for e in error {
                frame.render_widget(Paragraph::new(Line::styled(e, theme.error())), row(1));
            }
            for n in note {
                frame.render_widget(Paragraph::new(Line::styled(n, theme.muted())), row(1));
            }
        }
        Kind::Confirm(c) => {
            if let Some(t) = &c.typed {
                row(1);
                let r = row(1);
                let label = format!("type {}: ", t.expected);
                let lw = (label.chars().count() as u16).min(r.width);
                let style = if c.focus == Focus::Input { theme.key() } else { theme.muted() };
                frame.render_widget(Paragraph::new(Span::styled(label, style)), r);
                frame.render_widget(t.input.widget(), Rect { x: r.x + lw, width: r.width.saturating_sub(lw), ..r });
            }
            for e in error {
                frame.render_widget(Paragraph::new(Line::styled(e, theme.error())), row(1));
            }
            row(1);
            frame.render_widget(Paragraph::new(buttons(c, theme)), row(1));
        }
        Kind::Picker(p) => {
            row(1);
            for (i, item) in p.items.iter().enumerate() {
                let selected = i == p.cursor;
                let marker = if selected { "▶ " } else { "  " };
                let style =
                    if selected { theme.selected().patch(theme.tone(item.tone)) } else { theme.tone(item.tone) };
                let label = format!("{marker}{}. {}", i + 1, item.label);
                frame.render_widget(Paragraph::new(Line::styled(fit(&label, inner_w), style)), row(1));
                frame.render_widget(
                    Paragraph::new(Line::styled(fit(&format!("     {}", item.detail), inner_w), theme.muted())),
                    row(1),
                );
            }
        }
        Kind::Notice(n) => {
            row(1);
            let mut spans = vec![Span::styled(" OK ", theme.button(true, false, true))];
            if n.copy.is_some() {
                spans.push(Span::styled(format!("   {copy_key} copies it"), theme.muted()));
            }
            frame.render_widget(Paragraph::new(Line::from(spans)), row(1));
        }
        Kind::Secret(s) => {
            row(1);
            // The only place the secret is ever turned into text: wrapped, never cut, so
            // that what the operator selects by hand is all of it.
            let secret = s.secret.expose();
            let pieces = wrap(secret, inner_w);
            let r = row(pieces.len() as u16);
            let lines: Vec<Line> = pieces.into_iter().map(|p| Line::styled(p, theme.key())).collect();
            frame.render_widget(Paragraph::new(lines), r);
            row(1);
            if s.armed {
                let cancel = keymap.label(Scope::Dialog, Command::Cancel);
                let warn = format!("Not copied yet: press {cancel} again to close, and the token is gone for good.");
                frame.render_widget(Paragraph::new(Line::styled(fit(&warn, inner_w), theme.error())), row(1));
            }
            let copy = if s.copied {
                format!("   copied · {copy_key} copies again")
            } else {
                format!("   {copy_key} copies it")
            };
            let spans = vec![Span::styled(" OK ", theme.button(true, false, true)), Span::styled(copy, theme.muted())];
            frame.render_widget(Paragraph::new(Line::from(spans)), row(1));
        }
    }
}

fn wrapped(text: Option<&str>, width: usize) -> Vec<String> {
    text.map(|t| wrap(t, width)).unwrap_or_default()
}

fn buttons<'a>(c: &Confirm, theme: &Theme) -> Line<'a> {
    let enabled = c.typed.as_ref().is_none_or(|t| t.matches());
    Line::from(vec![
        Span::styled(" Cancel ", theme.button(c.focus == Focus::Cancel, false, true)),
        Span::raw("   "),
        Span::styled(format!(" {} ", c.action), theme.button(c.focus == Focus::Confirm, c.danger, enabled)),
    ])
}
