//! `[ui.colors]`: the operator's styles for what the theme draws by meaning. A value is
//! `"FG [on BG] [modifier…]"`: colours are ANSI names (`yellow`, `lightblue`, `reset`),
//! `#rrggbb`, or a 256-colour index (`0`…`255`); modifiers are `bold`, `dim`, `italic`,
//! `underlined`, `reversed`, `crossed_out`; `on BG` alone sets only the background.

use ratatui::style::{Color, Modifier, Style};

/// Every style the operator may set, by its key under `[ui.colors]`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Colors {
    /// The cursor row.
    pub(crate) selected: Option<Style>,
    /// Secondary text: ages, ids, hints.
    pub(crate) muted: Option<Style>,
    /// Key names in hints and help.
    pub(crate) key: Option<Style>,
    /// Dialog and overlay borders.
    pub(crate) border: Option<Style>,
    /// The visible pane's tab.
    pub(crate) tab_active: Option<Style>,
    /// READ-ONLY, FROZEN.
    pub(crate) badge: Option<Style>,
    pub(crate) danger: Option<Style>,
    pub(crate) warning: Option<Style>,
    pub(crate) success: Option<Style>,
    pub(crate) info: Option<Style>,
}

/// The keys, in the order `config check` and the docs list them.
pub(crate) const KEYS: [&str; 10] =
    ["selected", "muted", "key", "border", "tab_active", "badge", "danger", "warning", "success", "info"];

pub(crate) const FORM: &str = "\"FG [on BG] [bold|dim|italic|underlined|reversed|crossed_out…]\", colours as ANSI \
     names (yellow, lightblue, reset), #rrggbb or 0-255, e.g. selected = \"black on #ffd75f bold\"";

impl Colors {
    pub(crate) fn slot(&mut self, key: &str) -> Option<&mut Option<Style>> {
        Some(match key {
            "selected" => &mut self.selected,
            "muted" => &mut self.muted,
            "key" => &mut self.key,
            "border" => &mut self.border,
            "tab_active" => &mut self.tab_active,
            "badge" => &mut self.badge,
            "danger" => &mut self.danger,
            "warning" => &mut self.warning,
            "success" => &mut self.success,
            "info" => &mut self.info,
            _ => return None,
        })
    }
}

/// One value; `Err` says which word is wrong.
pub(crate) fn parse_style(text: &str) -> Result<Style, String> {
    let mut style = Style::default();
    let mut words = text.split_whitespace().peekable();
    if words.peek().is_none() {
        return Err("empty: give at least a colour or a modifier".into());
    }
    let mut fg_set = false;
    while let Some(word) = words.next() {
        let lower = word.to_ascii_lowercase();
        if lower == "on" {
            let bg = words.next().ok_or("\"on\" must be followed by a background colour")?;
            style = style.bg(parse_color(bg)?);
        } else if let Some(m) = modifier(&lower) {
            style = style.add_modifier(m);
        } else if !fg_set {
            style = style.fg(parse_color(word)?);
            fg_set = true;
        } else {
            return Err(format!("{word:?} is neither a modifier nor \"on BG\" (one text colour only)"));
        }
    }
    if let (Some(fg), Some(bg)) = (style.fg, style.bg)
        && fg == bg
        && fg != Color::Reset
    {
        return Err(format!("the text and its background are the same colour ({text:?}): unreadable"));
    }
    Ok(style)
}

fn parse_color(word: &str) -> Result<Color, String> {
    if let Some(hex) = word.strip_prefix('#') {
        let ok = hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit());
        let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0);
        return if ok { Ok(Color::Rgb(byte(0), byte(2), byte(4))) } else { Err(format!("{word:?}: write #rrggbb")) };
    }
    if word.chars().all(|c| c.is_ascii_digit()) {
        return word.parse::<u8>().map(Color::Indexed).map_err(|_| format!("{word:?}: colour indexes go 0-255"));
    }
    let named = match word.to_ascii_lowercase().replace(['_', '-'], "").as_str() {
        "reset" | "default" => Color::Reset,
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" | "grey" => Color::Gray,
        "darkgray" | "darkgrey" => Color::DarkGray,
        "lightred" => Color::LightRed,
        "lightgreen" => Color::LightGreen,
        "lightyellow" => Color::LightYellow,
        "lightblue" => Color::LightBlue,
        "lightmagenta" => Color::LightMagenta,
        "lightcyan" => Color::LightCyan,
        "white" => Color::White,
        _ => return Err(format!("{word:?} is not a colour or a modifier")),
    };
    Ok(named)
}

fn modifier(word: &str) -> Option<Modifier> {
    Some(match word {
        "bold" => Modifier::BOLD,
        "dim" => Modifier::DIM,
        "italic" => Modifier::ITALIC,
        "underlined" | "underline" => Modifier::UNDERLINED,
        "reversed" | "reverse" => Modifier::REVERSED,
        "crossed_out" | "strikethrough" => Modifier::CROSSED_OUT,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_hex_indexes_and_modifiers() {
        assert_eq!(
            parse_style("black on #ffd75f bold"),
            Ok(Style::default().fg(Color::Black).bg(Color::Rgb(0xff, 0xd7, 0x5f)).add_modifier(Modifier::BOLD))
        );
        assert_eq!(parse_style("242"), Ok(Style::default().fg(Color::Indexed(242))));
        assert_eq!(parse_style("on blue"), Ok(Style::default().bg(Color::Blue)));
        assert_eq!(
            parse_style("Light_Cyan italic"),
            Ok(Style::default().fg(Color::LightCyan).add_modifier(Modifier::ITALIC))
        );
        assert_eq!(parse_style("dim"), Ok(Style::default().add_modifier(Modifier::DIM)));
    }

    #[test]
    fn every_mistake_names_the_word() {
        assert!(parse_style("").is_err());
        assert!(parse_style("yelow").is_err_and(|e| e.contains("\"yelow\"")));
        assert!(parse_style("#ffd75").is_err_and(|e| e.contains("#rrggbb")));
        assert!(parse_style("256").is_err_and(|e| e.contains("0-255")));
        assert!(parse_style("red on").is_err_and(|e| e.contains("background")));
        assert!(parse_style("red blue").is_err_and(|e| e.contains("\"blue\"")));
        assert!(parse_style("red on red").is_err_and(|e| e.contains("unreadable")));
    }
}
