//! A one-line text field: the search, a handler's name, a folder, a file name.
//!
//! It holds what the reviewer typed, with a cursor. Characters that must not
//! reach a terminal are never taken in (a paste can carry them), so what it
//! shows is what it holds.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key did to the field.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Edit {
    /// The text or the cursor changed (or the key was a field key that did nothing).
    Changed,
    /// Not a key the field uses.
    Ignored,
}

/// A one-line text field.
#[derive(Clone, Debug, Default)]
pub(super) struct Input {
    text: String,
    /// The cursor, as a byte offset on a character boundary.
    cursor: usize,
}

impl Input {
    /// A field holding `text`, the cursor at its end.
    pub(super) fn with(text: &str) -> Self {
        let text: String = text
            .chars()
            .filter(|&c| !crate::terminal::is_unsafe(c))
            .collect();
        Self {
            cursor: text.len(),
            text,
        }
    }

    /// What it holds.
    pub(super) fn text(&self) -> &str {
        &self.text
    }

    /// The text before the cursor (to place the terminal's cursor).
    pub(super) fn before_cursor(&self) -> &str {
        &self.text[..self.cursor]
    }

    /// Inserts `text` at the cursor, without line breaks or control characters.
    pub(super) fn insert(&mut self, text: &str) {
        for c in text.chars() {
            let c = if c == '\n' || c == '\t' { ' ' } else { c };
            if crate::terminal::is_unsafe(c) {
                continue;
            }
            self.text.insert(self.cursor, c);
            self.cursor += c.len_utf8();
        }
    }

    /// Handles a key: characters, Backspace, Delete, ←, →, Home, End.
    pub(super) fn key(&mut self, key: KeyEvent) -> Edit {
        if key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return Edit::Ignored;
        }
        match key.code {
            KeyCode::Char(c) => self.insert(c.encode_utf8(&mut [0; 4])),
            KeyCode::Backspace => {
                if let Some(c) = self.text[..self.cursor].chars().next_back() {
                    self.cursor -= c.len_utf8();
                    self.text.remove(self.cursor);
                }
            }
            KeyCode::Delete => {
                if self.cursor < self.text.len() {
                    self.text.remove(self.cursor);
                }
            }
            KeyCode::Left => {
                if let Some(c) = self.text[..self.cursor].chars().next_back() {
                    self.cursor -= c.len_utf8();
                }
            }
            KeyCode::Right => {
                if let Some(c) = self.text[self.cursor..].chars().next() {
                    self.cursor += c.len_utf8();
                }
            }
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = self.text.len(),
            _ => return Edit::Ignored,
        }
        Edit::Changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(input: &mut Input, code: KeyCode) -> Edit {
        input.key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn typing_editing_and_no_control_characters() {
        let mut input = Input::default();
        for c in "Gaoé".chars() {
            press(&mut input, KeyCode::Char(c));
        }
        press(&mut input, KeyCode::Backspace);
        press(&mut input, KeyCode::Left);
        press(&mut input, KeyCode::Char('x'));
        assert_eq!(input.text(), "Gaxo");
        assert_eq!(input.before_cursor(), "Gax");
        press(&mut input, KeyCode::Home);
        press(&mut input, KeyCode::Delete);
        assert_eq!(input.text(), "axo");
        input.insert("\u{1b}[31m\u{202e}z\nw");
        assert_eq!(input.text(), "[31mz waxo");
        assert_eq!(press(&mut input, KeyCode::F(5)), Edit::Ignored);
        assert_eq!(Input::with("a\u{7}b").text(), "ab");
    }
}
