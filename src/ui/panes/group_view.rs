//! One group: the tab bar and the tables of the tabs its source has (Members, Tokens,
//! Actions, Worker models).

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Wrap};

use crate::app::dialog::Tone;
use crate::app::freshness::Freshness;
use crate::app::model::Model;
use crate::app::panes::groups::{GroupView, GroupsOp, MemberRow, Tab, pending_for};
use crate::ui::table;
use crate::ui::theme::Theme;
use crate::ui::util::{fit, highlighted};

/// "Group platform · 3 members, 1 of them admin".
pub(crate) fn title<'a>(model: &Model, v: &GroupView, theme: &Theme) -> Vec<Span<'a>> {
    let mut out = vec![Span::styled(format!("Group {}", v.name), theme.header())];
    if model.sources.mixed_groups() {
        out.push(Span::styled(format!(" · {}", model.sources.name(v.source)), theme.muted()));
    }
    if v.public {
        out.push(Span::styled(" · public", theme.tone(Tone::Warning)));
    }
    let admins_too = model.sources.groups_caps(v.source).is_some_and(|c| c.admins);
    if let Some(c) = model.groups.counts.get(&(v.source, v.key.clone())).filter(|_| v.loaded) {
        let members = if c.members == 1 { "1 member".to_string() } else { format!("{} members", c.members) };
        if admins_too {
            let admins = match c.admins {
                0 => "no admin".to_string(),
                1 => "1 of them admin".to_string(),
                n => format!("{n} of them admins"),
            };
            let style = if c.admins == 0 { theme.tone(Tone::Warning) } else { theme.muted() };
            out.push(Span::styled(format!(" · {members}, {admins}"), style));
        } else {
            out.push(Span::styled(format!(" · {members}"), theme.muted()));
        }
    }
    out
}

pub(crate) fn render(model: &Model, v: &GroupView, theme: &Theme, frame: &mut Frame, area: Rect) {
    if area.height == 0 {
        return;
    }
    let tabs = Rect { height: 1, ..area };
    let body = Rect { y: area.y + 1, height: area.height - 1, ..area };
    tab_bar(v, theme, frame, tabs);
    if v.gone {
        let server = model.sources.server(v.source);
        let text = format!("The group {} no longer exists on {server} (deleted or renamed). Esc goes back.", v.name);
        table::empty(&text, theme, frame, body);
        return;
    }
    match v.tab {
        Tab::Members => members(model, v, theme, frame, body),
        Tab::Tokens => tokens(model, v, theme, frame, body),
        Tab::Actions => actions(v, theme, frame, body),
        Tab::WorkerModels => models(v, theme, frame, body),
    }
}

fn tab_bar(v: &GroupView, theme: &Theme, frame: &mut Frame, area: Rect) {
    let mut spans = Vec::new();
    for tab in v.tabs.iter().copied() {
        let label = match tab {
            Tab::Members if v.loaded => format!(" Members {} ", v.members.rows().len()),
            Tab::Tokens if v.tokens.freshness.last_ok.is_some() && v.tokens_denied.is_none() => {
                format!(" Tokens {} ", v.tokens.list.rows().len())
            }
            _ => format!(" {} ", tab.title()),
        };
        spans.push(Span::styled(label, if tab == v.tab { theme.tab_active() } else { theme.tab() }));
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn loading_or(f: &Freshness, loading: &str, none: &str) -> String {
    if f.last_ok.is_none() && f.last_error.is_none() {
        loading.to_string()
    } else if f.last_ok.is_none() {
        // The error itself is at the top of the pane.
        "Could not load this yet; opsy keeps trying (r retries now).".to_string()
    } else {
        none.to_string()
    }
}

fn denied(lines: Vec<Line<'_>>, frame: &mut Frame, area: Rect) {
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

fn members(model: &Model, v: &GroupView, theme: &Theme, frame: &mut Frame, area: Rect) {
    let source = model.sources.name(v.source);
    if let Some(why) = &v.members_denied {
        let lines = vec![
            Line::styled(format!("{source} does not let you see the members of {}.", v.name), theme.header()),
            Line::raw(""),
            Line::styled(why.clone(), theme.muted()),
        ];
        denied(lines, frame, area);
        return;
    }
    if v.members.is_empty() {
        let text = if v.member_filter.is_active() {
            format!("No member matches the filter “{}”. Esc clears it.", v.member_filter.filter.raw.trim())
        } else {
            loading_or(&v.freshness, "Loading members…", &format!("{source} lists no member in this group."))
        };
        table::empty(&text, theme, frame, area);
        return;
    }
    let area = table::around(&v.members, theme, frame, area);
    let caps = model.sources.groups_caps(v.source);
    let id_header = match caps.map(|c| c.member_noun) {
        Some("CPF") => "CPF",
        _ => "USERNAME",
    };
    let detail_header = caps.map_or("DETAIL", |c| c.detail_header);
    let wide = area.width >= 120;
    // "member, CDS admin" needs 17 columns; without such a member, "→ member…" needs 9 and
    // narrow screens give the rest to the detail ("2026-12-02 by 111.111.111-11").
    let narrow_role = if v.members.rows().iter().any(|m| m.super_admin) { 18 } else { 10 };
    let (user_w, name_w, role_w): (u16, u16, u16) = if wide { (20, 28, 26) } else { (14, 18, narrow_role) };
    // Wide screens: the role sits next to the detail rather than at the far right.
    let detail_w = area.width.saturating_sub(user_w + name_w + role_w + 3).clamp(4, 44);
    let widths = vec![
        Constraint::Length(user_w),
        Constraint::Length(name_w),
        Constraint::Length(detail_w),
        Constraint::Length(role_w),
    ];
    let header = vec![id_header, "FULL NAME", detail_header, "ROLE"];
    let words = &v.member_filter.filter.words;
    table::list(&v.members, header, widths, theme, frame, area, |m| {
        let (role, style) = role(model, v, m, theme);
        Row::new(vec![
            Cell::from(highlighted(fit(&m.shown, user_w.into()), words, theme.base(), theme.hit())),
            Cell::from(highlighted(fit(&m.name, name_w.into()), words, theme.base(), theme.hit())),
            Cell::from(highlighted(fit(&m.detail, detail_w.into()), words, theme.muted(), theme.hit())),
            Cell::from(fit(&role, role_w.into())).style(style),
        ])
    });
}

/// "admin", "member", "member, CDS admin", or what is being done to them right now.
fn role(model: &Model, v: &GroupView, m: &MemberRow, theme: &Theme) -> (String, ratatui::style::Style) {
    if let Some(op) = pending_for(model, v, &m.id) {
        let text = match op {
            GroupsOp::Promote(_) => "→ admin…",
            GroupsOp::Demote(_) => "→ member…",
            _ => "removing…",
        };
        return (text.to_string(), theme.tone(Tone::Warning));
    }
    let mut text = if m.admin { "admin".to_string() } else { "member".to_string() };
    if m.super_admin {
        text.push_str(&format!(", {} admin", model.sources.name(v.source)));
    }
    (text, if m.admin { theme.key() } else { theme.base() })
}

fn tokens(model: &Model, v: &GroupView, theme: &Theme, frame: &mut Frame, area: Rect) {
    if let Some(why) = &v.tokens_denied {
        let source = model.sources.name(v.source);
        let lines = vec![
            Line::styled(format!("Only admins of {} can see and manage its tokens.", v.name), theme.header()),
            Line::raw(""),
            Line::styled(format!("{source} said: {why}"), theme.muted()),
        ];
        denied(lines, frame, area);
        return;
    }
    if v.tokens.list.is_empty() {
        let none = if model.read_only() { "No tokens." } else { "No tokens. n generates one." };
        let mut text = loading_or(&v.tokens.freshness, "Loading tokens…", none);
        if let Some(hint) = &v.tokens_hint {
            text = format!("{text}\n{hint}");
        }
        table::empty(&text, theme, frame, area);
        return;
    }
    let area = table::around(&v.tokens.list, theme, frame, area);
    let wide = area.width >= 120;
    let (id_w, creator_w, exp_w, created_w): (u16, u16, u16, u16) =
        if wide { (7, 24, 12, 20) } else { (5, 16, 10, 10) };
    let desc_w = area.width.saturating_sub(id_w + creator_w + exp_w + created_w + 4).max(4);
    let widths = vec![
        Constraint::Length(id_w),
        Constraint::Length(desc_w),
        Constraint::Length(creator_w),
        Constraint::Length(exp_w),
        Constraint::Length(created_w),
    ];
    let header = vec!["ID", "DESCRIPTION", "CREATOR", "EXPIRATION", "CREATED"];
    table::list(&v.tokens.list, header, widths, theme, frame, area, |t| {
        let created = t.created.map(|c| {
            if wide { c.strftime("%Y-%m-%d %H:%M UTC").to_string() } else { c.strftime("%Y-%m-%d").to_string() }
        });
        Row::new(vec![
            Cell::from(format!("#{}", t.id)).style(theme.muted()),
            Cell::from(fit(&t.description, desc_w.into())),
            Cell::from(fit(&t.creator, creator_w.into())),
            Cell::from(t.expiration.clone()),
            Cell::from(created.unwrap_or_default()).style(theme.muted()),
        ])
    });
}

fn actions(v: &GroupView, theme: &Theme, frame: &mut Frame, area: Rect) {
    let l = &v.actions;
    let builtins = match v.builtin_actions {
        0 => None,
        1 => Some("+ 1 builtin or plugin action, usable as a step by every group".to_string()),
        n => Some(format!("+ {n} builtin and plugin actions, usable as steps by every group")),
    };
    if l.list.is_empty() {
        let none = "No action of this group or of shared.infra.";
        table::empty(&loading_or(&l.freshness, "Loading actions…", none), theme, frame, area);
        return;
    }
    let table_area = Rect { height: area.height.saturating_sub(u16::from(builtins.is_some())), ..area };
    let table_area = table::around(&l.list, theme, frame, table_area);
    let name_w: u16 = if table_area.width >= 120 { 44 } else { 30 };
    let desc_w = table_area.width.saturating_sub(name_w + 1).max(4);
    let widths = vec![Constraint::Length(name_w), Constraint::Length(desc_w)];
    let (start, end, _) = table::window(&l.list, table_area);
    table::list(&l.list, vec!["ACTION (own first)", "DESCRIPTION"], widths, theme, frame, table_area, |a| {
        let style = if a.own { theme.base() } else { theme.muted() };
        Row::new(vec![
            Cell::from(fit(&a.name, name_w.into())).style(style),
            Cell::from(fit(&a.description, desc_w.into())).style(theme.muted()),
        ])
    });
    if let Some(text) = builtins {
        let used = (end - start) as u16 + 1;
        if used < area.height {
            let r = Rect { y: area.y + used, height: 1, ..area };
            frame.render_widget(Paragraph::new(Line::styled(fit(&text, area.width.into()), theme.muted())), r);
        }
    }
}

fn models(v: &GroupView, theme: &Theme, frame: &mut Frame, area: Rect) {
    let l = &v.models;
    if l.list.is_empty() {
        let none = "No enabled worker model for this group or shared.infra.";
        table::empty(&loading_or(&l.freshness, "Loading worker models…", none), theme, frame, area);
        return;
    }
    let area = table::around(&l.list, theme, frame, area);
    let wide = area.width >= 120;
    let (name_w, type_w, note_w): (u16, u16, u16) = if wide { (36, 10, 30) } else { (24, 9, 16) };
    let image_w = area.width.saturating_sub(name_w + type_w + note_w + 3).max(4);
    let widths = vec![
        Constraint::Length(name_w),
        Constraint::Length(type_w),
        Constraint::Length(image_w),
        Constraint::Length(note_w),
    ];
    table::list(&l.list, vec!["MODEL", "TYPE", "IMAGE", ""], widths, theme, frame, area, |m| {
        let note_style = if m.warning { theme.tone(Tone::Warning) } else { theme.muted() };
        Row::new(vec![
            Cell::from(fit(&m.name, name_w.into())).style(if m.own { theme.base() } else { theme.muted() }),
            Cell::from(fit(&m.kind, type_w.into())),
            Cell::from(fit(&m.image, image_w.into())).style(theme.muted()),
            Cell::from(fit(&m.note, note_w.into())).style(note_style),
        ])
    });
}
