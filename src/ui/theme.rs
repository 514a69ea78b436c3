//! Styles by meaning, in the 16 ANSI colours (they follow the operator's terminal palette), or
//! modifiers only for `NO_COLOR` / `theme = "mono"`. `[ui.colors]` replaces a meaning's style
//! (`config/colors.rs`); mono ignores it, since its point is no colour at all.

use ratatui::style::{Color, Modifier, Style};

use crate::app::dialog::Tone;
use crate::backends::waldur::model::Urgency;
use crate::config::colors::Colors;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Theme {
    pub(crate) mono: bool,
    colors: Colors,
}

impl Theme {
    pub(crate) fn new(mono: bool, colors: Colors) -> Self {
        Self { mono, colors: if mono { Colors::default() } else { colors } }
    }

    fn pick(&self, color: Style, mono: Style) -> Style {
        if self.mono { mono } else { color }
    }

    /// The operator's style for a meaning, else the built-in one.
    fn or(&self, chosen: fn(&Colors) -> Option<Style>, builtin: Style) -> Style {
        chosen(&self.colors).unwrap_or(builtin)
    }

    pub(crate) fn base(&self) -> Style {
        Style::default()
    }

    pub(crate) fn tab_active(&self) -> Style {
        self.or(
            |c| c.tab_active,
            self.pick(
                Style::default().fg(Color::Black).bg(Color::Cyan).add_modifier(Modifier::BOLD),
                Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            ),
        )
    }

    pub(crate) fn tab(&self) -> Style {
        Style::default()
    }

    pub(crate) fn header(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }

    /// The terminal's own two colours, swapped: readable on every palette, dark or light,
    /// whatever the cells' colours were (they are reset, and a dimmed cell is undimmed).
    /// A fixed background such as colour 8 is exactly the background of some palettes
    /// (Solarized), and grey-on-grey for muted columns.
    ///
    /// An operator's selection style covers the whole row the same way: the colours it leaves
    /// out are the terminal's own, never a cell's (yellow text on a yellow selection), and
    /// cells are undimmed unless it asks for dim.
    pub(crate) fn selected(&self) -> Style {
        let Some(chosen) = self.colors.selected else {
            return Style::default()
                .fg(Color::Reset)
                .bg(Color::Reset)
                .add_modifier(Modifier::REVERSED | Modifier::BOLD)
                .remove_modifier(Modifier::DIM);
        };
        let undim = if chosen.add_modifier.contains(Modifier::DIM) { Modifier::empty() } else { Modifier::DIM };
        Style::default()
            .fg(chosen.fg.unwrap_or(Color::Reset))
            .bg(chosen.bg.unwrap_or(Color::Reset))
            .add_modifier(chosen.add_modifier)
            .remove_modifier(undim | (Modifier::REVERSED - chosen.add_modifier))
    }

    /// The part of a cell a filter word matched.
    pub(crate) fn hit(&self) -> Style {
        self.pick(
            Style::default().fg(Color::Yellow).add_modifier(Modifier::UNDERLINED),
            Style::default().add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
        )
    }

    /// The mark in the gutter of a marked row.
    pub(crate) fn marked(&self) -> Style {
        self.pick(
            Style::default().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD),
        )
    }

    /// Dimmed, not grey: colour 8 is the background colour in some palettes.
    pub(crate) fn muted(&self) -> Style {
        self.or(|c| c.muted, Style::default().add_modifier(Modifier::DIM))
    }

    pub(crate) fn key(&self) -> Style {
        self.or(
            |c| c.key,
            self.pick(
                Style::default().fg(Color::Cyan).add_modifier(Modifier::BOLD),
                Style::default().add_modifier(Modifier::BOLD),
            ),
        )
    }

    pub(crate) fn urgency(&self, u: Urgency) -> Style {
        match u {
            Urgency::High => self.pick(
                Style::default().fg(Color::LightRed).add_modifier(Modifier::BOLD),
                Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            ),
            Urgency::Medium => {
                self.pick(Style::default().fg(Color::Yellow), Style::default().add_modifier(Modifier::BOLD))
            }
            Urgency::Low => self.pick(Style::default().fg(Color::Blue), Style::default()),
            Urgency::Unknown => self.muted(),
        }
    }

    pub(crate) fn overdue(&self) -> Style {
        self.pick(Style::default().fg(Color::LightRed), Style::default().add_modifier(Modifier::BOLD))
    }

    pub(crate) fn stale(&self) -> Style {
        self.pick(
            Style::default().fg(Color::Black).bg(Color::Yellow).add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    }

    pub(crate) fn error(&self) -> Style {
        self.tone(Tone::Danger)
    }

    pub(crate) fn badge(&self) -> Style {
        self.or(
            |c| c.badge,
            self.pick(
                Style::default().fg(Color::Black).bg(Color::Magenta).add_modifier(Modifier::BOLD),
                Style::default().add_modifier(Modifier::REVERSED),
            ),
        )
    }

    pub(crate) fn tone(&self, t: Tone) -> Style {
        match t {
            Tone::Normal => Style::default(),
            Tone::Strong | Tone::Heading => Style::default().add_modifier(Modifier::BOLD),
            Tone::Muted => self.muted(),
            Tone::Danger => self.or(
                |c| c.danger,
                self.pick(
                    Style::default().fg(Color::LightRed).add_modifier(Modifier::BOLD),
                    Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
                ),
            ),
            Tone::Warning => self.or(
                |c| c.warning,
                self.pick(Style::default().fg(Color::Yellow), Style::default().add_modifier(Modifier::BOLD)),
            ),
            Tone::Success => self.or(|c| c.success, self.pick(Style::default().fg(Color::Green), Style::default())),
            Tone::Added => self.pick(Style::default().fg(Color::Green), Style::default()),
            Tone::Removed => self.pick(Style::default().fg(Color::Red), Style::default().add_modifier(Modifier::DIM)),
            Tone::Info => self.or(|c| c.info, self.pick(Style::default().fg(Color::Blue), Style::default())),
            Tone::Key => self.key(),
        }
    }

    /// A dialog button; the dangerous confirm button is red so it is never pressed by habit.
    pub(crate) fn button(&self, focused: bool, danger: bool, enabled: bool) -> Style {
        if !enabled {
            return self.muted().add_modifier(Modifier::CROSSED_OUT);
        }
        match (focused, danger) {
            (true, true) => self.pick(
                Style::default().fg(Color::White).bg(Color::Red).add_modifier(Modifier::BOLD),
                Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            ),
            (true, false) => self.pick(
                Style::default().fg(Color::Black).bg(Color::Cyan).add_modifier(Modifier::BOLD),
                Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            ),
            (false, true) => {
                self.pick(Style::default().fg(Color::LightRed), Style::default().add_modifier(Modifier::UNDERLINED))
            }
            (false, false) => Style::default(),
        }
    }

    pub(crate) fn border(&self) -> Style {
        self.or(|c| c.border, self.pick(Style::default().fg(Color::Cyan), Style::default()))
    }

    pub(crate) fn border_danger(&self) -> Style {
        self.pick(Style::default().fg(Color::LightRed), Style::default().add_modifier(Modifier::BOLD))
    }
}
