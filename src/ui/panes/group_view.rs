//! One group: the tab bar and the Members, Tokens, Actions and Worker models tables.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Wrap};

use super::list::{empty, table, window};
use crate::app::dialog::Tone;
use crate::app::model::Model;
use crate::app::panes::groups::{GroupView, GroupsOp, MemberRow, Tab, pending_for};
use crate::backends::cds::wire::{SHARED_INFRA, WorkerModel};
use crate::ui::theme::Theme;
use crate::ui::util::fit;

/// "Group platform · 3 members, 1 of them admin".
pub fn title<'a>(model: &Model, v: &GroupView, theme: &Theme) -> Vec<Span<'a>> {
    let mut out = vec![Span::styled(format!("Group {}", v.name), theme.header())];
    if v.name == SHARED_INFRA {
        out.push(Span::styled(" · public", theme.tone(Tone::Warning)));
    }
    if let Some(c) = model.groups.counts.get(&v.name).filter(|_| v.loaded) {
        let admins = match c.admins {
            0 => "no admin".to_string(),
            1 => "1 of them admin".to_string(),
            n => format!("{n} of them admins"),
        };
        let style = if c.admins == 0 { theme.tone(Tone::Warning) } else { theme.muted() };
        let members = if c.members == 1 { "1 member".to_string() } else { format!("{} members", c.members) };
        out.push(Span::styled(format!(" · {members}, {admins}"), style));
    }
    out
}

pub fn render(model: &Model, v: &GroupView, theme: &Theme, frame: &mut Frame, area: Rect) {
    if area.height == 0 {
        return;
    }
    let tabs = Rect { height: 1, ..area };
    let body = Rect { y: area.y + 1, height: area.height - 1, ..area };
    tab_bar(v, theme, frame, tabs);
    if v.gone {
        let server = model.settings.servers.cds.as_deref().unwrap_or("CDS");
        let text = format!("The group {} no longer exists on {server} (deleted or renamed). Esc goes back.", v.name);
        empty(&text, theme, frame, body);
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
    for tab in Tab::ALL {
        let label = match tab {
            Tab::Members if v.loaded => format!(" Members {} ", v.members.len()),
            Tab::Tokens if v.tokens.freshness.last_ok.is_some() && v.tokens_denied.is_none() => {
                format!(" Tokens {} ", v.tokens.rows.len())
            }
            _ => format!(" {} ", tab.title()),
        };
        spans.push(Span::styled(label, if tab == v.tab { theme.tab_active() } else { theme.tab() }));
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn loading_or(f: &crate::app::freshness::Freshness, loading: &str, none: &str) -> String {
    if f.last_ok.is_none() && f.last_error.is_none() {
        loading.to_string()
    } else if f.last_ok.is_none() {
        // The error itself is on the status line.
        "Could not load this yet; opsy keeps trying (r retries now).".to_string()
    } else {
        none.to_string()
    }
}

fn members(model: &Model, v: &GroupView, theme: &Theme, frame: &mut Frame, area: Rect) {
    if v.members.is_empty() {
        empty(&loading_or(&v.freshness, "Loading members…", "CDS lists no member in this group."), theme, frame, area);
        return;
    }
    let wide = area.width >= 120;
    let (user_w, name_w, role_w): (u16, u16, u16) = if wide { (20, 28, 26) } else { (14, 18, 18) };
    // Wide screens: the role sits next to the email rather than at the far right.
    let email_w = area.width.saturating_sub(user_w + name_w + role_w + 3).clamp(4, 44);
    let widths = vec![
        Constraint::Length(user_w),
        Constraint::Length(name_w),
        Constraint::Length(email_w),
        Constraint::Length(role_w),
    ];
    let (start, end, selected) = window(&v.cursor, v.members.len(), area);
    let rows = v.members[start..end].iter().map(|m| {
        let (role, style) = role(model, v, m, theme);
        Row::new(vec![
            Cell::from(fit(m.username.shown(), user_w.into())),
            Cell::from(fit(&m.fullname, name_w.into())),
            Cell::from(fit(&m.email, email_w.into())).style(theme.muted()),
            Cell::from(fit(&role, role_w.into())).style(style),
        ])
    });
    table(rows, vec!["USERNAME", "FULL NAME", "EMAIL", "ROLE"], widths, selected, theme, frame, area);
}

/// "admin", "member", "member, CDS admin", or what is being done to them right now.
fn role(model: &Model, v: &GroupView, m: &MemberRow, theme: &Theme) -> (String, ratatui::style::Style) {
    if let Some(op) = pending_for(model, &v.name, &m.username) {
        let text = match op {
            GroupsOp::Promote(_) => "→ admin…",
            GroupsOp::Demote(_) => "→ member…",
            _ => "removing…",
        };
        return (text.to_string(), theme.tone(Tone::Warning));
    }
    let mut text = if m.admin { "admin".to_string() } else { "member".to_string() };
    if m.cds_admin {
        text.push_str(", CDS admin");
    }
    (text, if m.admin { theme.key() } else { theme.base() })
}

fn tokens(model: &Model, v: &GroupView, theme: &Theme, frame: &mut Frame, area: Rect) {
    if let Some(why) = &v.tokens_denied {
        let lines = vec![
            Line::styled(format!("Only admins of {} can see and manage its tokens.", v.name), theme.header()),
            Line::raw(""),
            Line::styled(format!("CDS said: {why}"), theme.muted()),
        ];
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
        return;
    }
    if v.tokens.rows.is_empty() {
        let none = if model.read_only() { "No tokens." } else { "No tokens. n generates one." };
        let mut text = loading_or(&v.tokens.freshness, "Loading tokens…", none);
        if let Some(hint) = v.tokens_hint {
            text = format!("{text}\n{hint}");
        }
        empty(&text, theme, frame, area);
        return;
    }
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
    let (start, end, selected) = window(&v.tokens.cursor, v.tokens.rows.len(), area);
    let rows = v.tokens.rows[start..end].iter().map(|t| {
        let created = t.created.map(|c| {
            if wide { c.strftime("%Y-%m-%d %H:%M UTC").to_string() } else { c.strftime("%Y-%m-%d").to_string() }
        });
        let expiration = t.expiration.map_or_else(|| "?".to_string(), |e| e.to_string());
        Row::new(vec![
            Cell::from(format!("#{}", t.id)).style(theme.muted()),
            Cell::from(fit(&t.description, desc_w.into())),
            Cell::from(fit(&t.creator, creator_w.into())),
            Cell::from(expiration),
            Cell::from(created.unwrap_or_default()).style(theme.muted()),
        ])
    });
    let header = vec!["ID", "DESCRIPTION", "CREATOR", "EXPIRATION", "CREATED"];
    table(rows, header, widths, selected, theme, frame, area);
}

fn actions(v: &GroupView, theme: &Theme, frame: &mut Frame, area: Rect) {
    if v.id == 0 {
        empty("Waiting for the group's id…", theme, frame, area);
        return;
    }
    let l = &v.actions;
    let builtins = match v.builtin_actions {
        0 => None,
        1 => Some("+ 1 builtin or plugin action, usable as a step by every group".to_string()),
        n => Some(format!("+ {n} builtin and plugin actions, usable as steps by every group")),
    };
    if l.rows.is_empty() {
        let none = "No action of this group or of shared.infra.";
        empty(&loading_or(&l.freshness, "Loading actions…", none), theme, frame, area);
        return;
    }
    let table_area = Rect { height: area.height.saturating_sub(u16::from(builtins.is_some())), ..area };
    let name_w: u16 = if area.width >= 120 { 44 } else { 30 };
    let desc_w = area.width.saturating_sub(name_w + 1).max(4);
    let (start, end, selected) = window(&l.cursor, l.rows.len(), table_area);
    let rows = l.rows[start..end].iter().map(|a| {
        let style = if a.own { theme.base() } else { theme.muted() };
        Row::new(vec![
            Cell::from(fit(&a.full_name, name_w.into())).style(style),
            Cell::from(fit(&a.description, desc_w.into())).style(theme.muted()),
        ])
    });
    let widths = vec![Constraint::Length(name_w), Constraint::Length(desc_w)];
    table(rows, vec!["ACTION (own first)", "DESCRIPTION"], widths, selected, theme, frame, table_area);
    if let Some(text) = builtins {
        let used = (end - start) as u16 + 1;
        if used < area.height {
            let r = Rect { y: area.y + used, height: 1, ..area };
            frame.render_widget(Paragraph::new(Line::styled(fit(&text, area.width.into()), theme.muted())), r);
        }
    }
}

fn image(m: &WorkerModel) -> &str {
    [&m.image, &m.model_docker.image, &m.model_virtual_machine.image]
        .into_iter()
        .find(|s| !s.is_empty())
        .map_or("", |s| s)
}

fn models(v: &GroupView, theme: &Theme, frame: &mut Frame, area: Rect) {
    if v.id == 0 {
        empty("Waiting for the group's id…", theme, frame, area);
        return;
    }
    let l = &v.models;
    if l.rows.is_empty() {
        let none = "No enabled worker model for this group or shared.infra.";
        empty(&loading_or(&l.freshness, "Loading worker models…", none), theme, frame, area);
        return;
    }
    let wide = area.width >= 120;
    let (name_w, type_w, note_w): (u16, u16, u16) = if wide { (36, 10, 30) } else { (24, 9, 16) };
    let image_w = area.width.saturating_sub(name_w + type_w + note_w + 3).max(4);
    let widths = vec![
        Constraint::Length(name_w),
        Constraint::Length(type_w),
        Constraint::Length(image_w),
        Constraint::Length(note_w),
    ];
    let (start, end, selected) = window(&l.cursor, l.rows.len(), area);
    let rows = l.rows[start..end].iter().map(|m| {
        let group = m.group.as_ref().map(|g| g.name.shown()).filter(|g| *g != v.name.shown());
        let name = match group {
            Some(g) => format!("{g}/{}", m.name),
            None => m.name.shown().to_string(),
        };
        let (note, style) = if m.nb_spawn_err > 0 {
            let text = format!("{} spawn error{}", m.nb_spawn_err, if m.nb_spawn_err == 1 { "" } else { "s" });
            (text, theme.tone(Tone::Warning))
        } else if m.restricted {
            ("restricted".to_string(), theme.muted())
        } else {
            (String::new(), theme.muted())
        };
        Row::new(vec![
            Cell::from(fit(&name, name_w.into())).style(if group.is_some() { theme.muted() } else { theme.base() }),
            Cell::from(fit(&m.kind, type_w.into())),
            Cell::from(fit(image(m), image_w.into())).style(theme.muted()),
            Cell::from(fit(&note, note_w.into())).style(style),
        ])
    });
    table(rows, vec!["MODEL", "TYPE", "IMAGE", ""], widths, selected, theme, frame, area);
}
