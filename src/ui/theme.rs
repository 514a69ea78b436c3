//! Styles by meaning, in the 16 ANSI colours (they follow the operator's terminal palette), or
//! modifiers only for `NO_COLOR` / `theme = "mono"`.

use ratatui::style::{Color, Modifier, Style};

use crate::app::dialog::Tone;
use crate::backends::waldur::model::Urgency;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Theme {
    pub(crate) mono: bool,
}

impl Theme {
    pub(crate) fn new(mono: bool) -> Self {
        Self { mono }
    }

    fn pick(&self, color: Style, mono: Style) -> Style {
        if self.mono { mono } else { color }
    }

    pub(crate) fn base(&self) -> Style {
        Style::default()
    }

    pub(crate) fn tab_active(&self) -> Style {
        self.pick(
            Style::default().fg(Color::Black).bg(Color::Cyan).add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD),
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
    pub(crate) fn selected(&self) -> Style {
        Style::default()
            .fg(Color::Reset)
            .bg(Color::Reset)
            .add_modifier(Modifier::REVERSED | Modifier::BOLD)
            .remove_modifier(Modifier::DIM)
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
        Style::default().add_modifier(Modifier::DIM)
    }

    pub(crate) fn key(&self) -> Style {
        self.pick(
            Style::default().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD),
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
        self.pick(
            Style::default().fg(Color::Black).bg(Color::Magenta).add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::REVERSED),
        )
    }

    pub(crate) fn tone(&self, t: Tone) -> Style {
        match t {
            Tone::Normal => Style::default(),
            Tone::Strong | Tone::Heading => Style::default().add_modifier(Modifier::BOLD),
            Tone::Muted => self.muted(),
            Tone::Danger => self.pick(
                Style::default().fg(Color::LightRed).add_modifier(Modifier::BOLD),
                Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            ),
            Tone::Warning => {
                self.pick(Style::default().fg(Color::Yellow), Style::default().add_modifier(Modifier::BOLD))
            }
            Tone::Success => self.pick(Style::default().fg(Color::Green), Style::default()),
            Tone::Added => self.pick(Style::default().fg(Color::Green), Style::default()),
            Tone::Removed => self.pick(Style::default().fg(Color::Red), Style::default().add_modifier(Modifier::DIM)),
            Tone::Info => self.pick(Style::default().fg(Color::Blue), Style::default()),
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
        self.pick(Style::default().fg(Color::Cyan), Style::default())
    }

    pub(crate) fn border_danger(&self) -> Style {
        self.pick(Style::default().fg(Color::LightRed), Style::default().add_modifier(Modifier::BOLD))
    }
}
