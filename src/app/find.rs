//! `/` in a page of text (a detail, where an action is used): find a word, see every match
//! highlighted, and go from one to the next with `n` and `N`, as in `less`. Lists filter
//! instead; a page has nothing to filter, so the same key finds.

use super::document::Document;
use super::field::{Field, FieldKey};
use super::keymap::{Command, Keymap};
use super::list::Pager;

#[derive(Debug, Clone, Default)]
pub(crate) struct Find {
    /// The word being typed, while it is.
    pub(crate) input: Option<Field>,
    /// The word last found, lowercased; empty when none.
    pub(crate) word: String,
}

/// What a key did to the find line.
pub(crate) enum FindKey {
    /// Still typing.
    Typing,
    /// Done (submitted or cancelled): the word to find, if any.
    Done,
}

impl Find {
    pub(crate) fn open(&mut self) {
        self.input = Some(Field::new(&self.word, "word to find"));
    }

    pub(crate) fn on_key(&mut self, keymap: &Keymap, key: &crossterm::event::KeyEvent) -> FindKey {
        let Some(input) = &mut self.input else { return FindKey::Done };
        match input.on_key(keymap, key) {
            FieldKey::Submit => {
                self.word = crate::domain::text::clean_line(input.text().trim()).to_lowercase();
                self.input = None;
                FindKey::Done
            }
            FieldKey::Cancel => {
                self.input = None;
                FindKey::Done
            }
            FieldKey::Complete | FieldKey::Leave | FieldKey::Edited | FieldKey::Unchanged => FindKey::Typing,
        }
    }

    pub(crate) fn on_paste(&mut self, text: &str) {
        if let Some(input) = &mut self.input {
            input.paste(text);
        }
    }

    /// The word as the page highlights it, when one is set and not being typed.
    pub(crate) fn highlight(&self) -> Option<&str> {
        (self.input.is_none() && !self.word.is_empty()).then_some(self.word.as_str())
    }
}

/// Move `pager` to the next row (or the previous one, for `N`) of `doc` drawn `width` wide that
/// holds `word`, wrapping around the page. Returns what the status line should say.
pub(crate) fn go(doc: &Document, width: u16, pager: &mut Pager, word: &str, cmd: Command) -> String {
    if word.is_empty() {
        return "nothing to find: / then a word".into();
    }
    let rows: Vec<String> = doc
        .wrap(width)
        .iter()
        .map(|row| row.iter().map(|(t, _)| t.as_str()).collect::<String>().to_lowercase())
        .collect();
    let hits: Vec<usize> = rows.iter().enumerate().filter(|(_, r)| r.contains(word)).map(|(i, _)| i).collect();
    let Some(&first) = hits.first() else { return format!("“{word}” is not on this page") };
    let here = pager.offset;
    let target = match cmd {
        Command::PrevMatch => hits.iter().rev().find(|&&i| i < here).copied().unwrap_or(hits[hits.len() - 1]),
        // Submitting starts at the top of the screen; n moves past it.
        Command::NextMatch => hits.iter().find(|&&i| i > here).copied().unwrap_or(first),
        _ => hits.iter().find(|&&i| i >= here).copied().unwrap_or(first),
    };
    pager.offset = target;
    let n = hits.iter().position(|&i| i == target).map_or(0, |p| p + 1);
    format!("“{word}”: match {n} of {}", hits.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::document::DocLine;

    fn page() -> Document {
        let mut d = Document::default();
        for i in 0..10 {
            d.push(DocLine::plain(if i % 3 == 0 { format!("line {i} has a Needle") } else { format!("line {i}") }));
        }
        d
    }

    #[test]
    fn n_and_shift_n_go_round_the_matches() {
        let (doc, mut pager) = (page(), Pager::default());
        assert_eq!(go(&doc, 80, &mut pager, "needle", Command::Filter), "“needle”: match 1 of 4");
        assert_eq!(pager.offset, 0);
        go(&doc, 80, &mut pager, "needle", Command::NextMatch);
        assert_eq!(pager.offset, 3);
        go(&doc, 80, &mut pager, "needle", Command::PrevMatch);
        assert_eq!(pager.offset, 0);
        assert_eq!(go(&doc, 80, &mut pager, "needle", Command::PrevMatch), "“needle”: match 4 of 4", "wraps around");
        assert_eq!(pager.offset, 9);
        assert_eq!(go(&doc, 80, &mut pager, "needle", Command::NextMatch), "“needle”: match 1 of 4");
        assert_eq!(go(&doc, 80, &mut pager, "hay", Command::NextMatch), "“hay” is not on this page");
        assert_eq!(pager.offset, 0, "no match: the page stays");
    }
}
