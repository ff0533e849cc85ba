//! The text editor for replies to the source and notes to the other
//! reviewers: several lines, soft-wrapped to the screen, typed or pasted
//! (accents, Arabic, anything but control characters), moved through with
//! the arrows. Ctrl+S shows a preview of exactly what will be sealed; Enter
//! there queues it. Esc leaves, and a reply's text is kept as the thread's
//! draft (sealed in the workspace, [`crate::review::save_draft`]).

use std::cell::Cell;
use std::ops::Range;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, Borders};
use unicode_width::UnicodeWidthStr;

use super::pager::{Doc, Pager, wrap};
use super::{Action, Keys, Outcome, Problem, size};
use crate::i18n::Lang;
use crate::reply::MAX_REPLY_BYTES;
use crate::review::MAX_NOTE_BYTES;
use crate::tr;

/// What the editor writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// A reply to the source.
    Reply,
    /// A note to the other reviewers.
    Note,
}

impl Kind {
    /// The most bytes the library takes.
    fn max_bytes(self) -> usize {
        match self {
            Kind::Reply => MAX_REPLY_BYTES,
            Kind::Note => MAX_NOTE_BYTES,
        }
    }
}

/// The editor's state.
#[derive(Debug)]
pub(super) struct Editor {
    /// Reply or note.
    pub(super) kind: Kind,
    /// The thread it is for.
    pub(super) thread: String,
    lines: Vec<String>,
    /// The cursor: a line, and a byte offset in it on a character boundary.
    row: usize,
    col: usize,
    /// The column Up and Down aim for.
    want_x: Option<usize>,
    /// The text it started with (a draft), to know whether it changed.
    initial: String,
    /// The preview, when shown.
    preview: Option<(Doc, Pager)>,
    /// The first visual row drawn, and the text area's size at the last draw.
    scroll: Cell<usize>,
    view: Cell<(u16, u16)>,
}

/// One visual row: a logical line and the bytes of it on the row.
type Row = (usize, Range<usize>);

impl Editor {
    /// An editor for `thread`, holding `text` (a draft, or nothing).
    pub(super) fn new(kind: Kind, thread: &str, text: &str) -> Self {
        let mut editor = Self {
            kind,
            thread: thread.to_owned(),
            lines: vec![String::new()],
            row: 0,
            col: 0,
            want_x: None,
            initial: String::new(),
            preview: None,
            scroll: Cell::new(0),
            view: Cell::new((40, 10)),
        };
        editor.insert(text);
        editor.initial = editor.text();
        editor
    }

    /// What it holds.
    pub(super) fn text(&self) -> String {
        self.lines.join("\n")
    }

    /// Whether it differs from what it started with.
    pub(super) fn changed(&self) -> bool {
        self.text() != self.initial
    }

    /// Whether the preview is shown.
    pub(super) fn previewing(&self) -> bool {
        self.preview.is_some()
    }

    /// Inserts typed or pasted text at the cursor: line breaks (`\r\n`,
    /// `\r`, `\n`) start lines, a tab is a space, other control characters
    /// and bidi overrides are dropped.
    pub(super) fn insert(&mut self, text: &str) {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        for c in text.chars() {
            match c {
                '\n' => {
                    let rest = self.lines[self.row].split_off(self.col);
                    self.row += 1;
                    self.lines.insert(self.row, rest);
                    self.col = 0;
                }
                '\t' => self.insert_char(' '),
                c if crate::terminal::is_unsafe(c) => {}
                c => self.insert_char(c),
            }
        }
        self.want_x = None;
    }

    fn insert_char(&mut self, c: char) {
        self.lines[self.row].insert(self.col, c);
        self.col += c.len_utf8();
    }

    fn width(&self) -> usize {
        usize::from(self.view.get().0.max(1))
    }

    /// Every visual row of the text at the editor's width.
    fn rows(&self) -> Vec<Row> {
        let width = self.width();
        self.lines
            .iter()
            .enumerate()
            .flat_map(|(i, line)| wrap(line, width).into_iter().map(move |r| (i, r)))
            .collect()
    }

    /// The cursor's visual row (an index into `rows`) and column.
    fn cursor_at(&self, rows: &[Row]) -> (usize, usize) {
        let mut found = 0;
        for (v, (line, range)) in rows.iter().enumerate() {
            if *line != self.row {
                continue;
            }
            found = v;
            if self.col < range.end {
                break;
            }
        }
        let (_, range) = &rows[found];
        let start = range.start.min(self.col);
        (found, self.lines[self.row][start..self.col].width())
    }

    /// Moves the cursor to the visual row `v`, as near column `x` as it goes.
    fn go_to_row(&mut self, rows: &[Row], v: usize, x: usize) {
        let (line, range) = &rows[v];
        let text = &self.lines[*line];
        let last_of_line = rows.get(v + 1).is_none_or(|(next, _)| next != line);
        let mut col = range.start;
        let mut used = 0;
        for (i, c) in text[range.clone()].char_indices() {
            let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if used + w > x {
                break;
            }
            used += w;
            col = range.start + i + c.len_utf8();
        }
        if !last_of_line && col >= range.end {
            // The end of a wrapped row is the start of the next one.
            col = text[range.start..range.end]
                .char_indices()
                .next_back()
                .map_or(range.start, |(i, _)| range.start + i);
        }
        self.row = *line;
        self.col = col;
    }

    fn vertical(&mut self, delta: isize) {
        let rows = self.rows();
        let (v, x) = self.cursor_at(&rows);
        let x = *self.want_x.get_or_insert(x);
        let target = v.saturating_add_signed(delta).min(rows.len() - 1);
        if target == v {
            if delta < 0 {
                self.col = 0;
            } else {
                self.col = self.lines[self.row].len();
            }
            return;
        }
        self.go_to_row(&rows, target, x);
    }

    /// Handles a key in the editor (or its preview).
    pub(super) fn key(&mut self, key: KeyEvent) -> Outcome {
        if let Some((doc, pager)) = &mut self.preview {
            let page = pager.height().saturating_sub(1).max(1);
            match key.code {
                KeyCode::Enter => {
                    return Outcome::Act(Action::Queue {
                        thread: self.thread.clone(),
                        kind: self.kind,
                        text: self.text(),
                    });
                }
                KeyCode::Esc => self.preview = None,
                KeyCode::Up => pager.up(doc, 1),
                KeyCode::Down => pager.down(doc, 1),
                KeyCode::PageUp => pager.up(doc, page),
                KeyCode::PageDown => pager.down(doc, page),
                _ => {}
            }
            return Outcome::None;
        }
        let control = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('s') if control => return self.open_preview(),
            KeyCode::F(2) => return self.open_preview(),
            KeyCode::Char('c') if control => return Outcome::Quit,
            KeyCode::Char(c) if !control && !key.modifiers.contains(KeyModifiers::ALT) => {
                self.insert(c.encode_utf8(&mut [0; 4]));
            }
            KeyCode::Enter => self.insert("\n"),
            KeyCode::Backspace => {
                if let Some(c) = self.lines[self.row][..self.col].chars().next_back() {
                    self.col -= c.len_utf8();
                    self.lines[self.row].remove(self.col);
                } else if self.row > 0 {
                    let line = self.lines.remove(self.row);
                    self.row -= 1;
                    self.col = self.lines[self.row].len();
                    self.lines[self.row].push_str(&line);
                }
                self.want_x = None;
            }
            KeyCode::Delete => {
                if self.col < self.lines[self.row].len() {
                    self.lines[self.row].remove(self.col);
                } else if self.row + 1 < self.lines.len() {
                    let next = self.lines.remove(self.row + 1);
                    self.lines[self.row].push_str(&next);
                }
                self.want_x = None;
            }
            KeyCode::Left => {
                if let Some(c) = self.lines[self.row][..self.col].chars().next_back() {
                    self.col -= c.len_utf8();
                } else if self.row > 0 {
                    self.row -= 1;
                    self.col = self.lines[self.row].len();
                }
                self.want_x = None;
            }
            KeyCode::Right => {
                if let Some(c) = self.lines[self.row][self.col..].chars().next() {
                    self.col += c.len_utf8();
                } else if self.row + 1 < self.lines.len() {
                    self.row += 1;
                    self.col = 0;
                }
                self.want_x = None;
            }
            KeyCode::Up => self.vertical(-1),
            KeyCode::Down => self.vertical(1),
            KeyCode::PageUp => self.vertical(-isize::from(self.page())),
            KeyCode::PageDown => self.vertical(isize::from(self.page())),
            KeyCode::Home => {
                self.col = 0;
                self.want_x = None;
            }
            KeyCode::End => {
                self.col = self.lines[self.row].len();
                self.want_x = None;
            }
            KeyCode::Esc => return Outcome::LeaveEditor,
            _ => {}
        }
        Outcome::None
    }

    fn page(&self) -> u8 {
        u8::try_from(self.view.get().1.saturating_sub(1).max(1)).unwrap_or(u8::MAX)
    }

    fn open_preview(&mut self) -> Outcome {
        let text = self.text();
        if text.trim().is_empty() {
            return Outcome::Problem(Problem::EmptyText);
        }
        if text.len() > self.kind.max_bytes() {
            return Outcome::Problem(Problem::TooLong);
        }
        let mut doc = Doc::default();
        doc.push_text(&text, Style::default());
        self.preview = Some((doc, Pager::default()));
        Outcome::None
    }

    /// The keys this screen takes, for the last line.
    pub(super) fn keys(&self, lang: Lang) -> Keys {
        if self.preview.is_some() {
            return Keys::new(lang)
                .enter(tr!(lang, "desk-key-queue"))
                .esc(tr!(lang, "desk-key-edit"))
                .key("↑↓", tr!(lang, "desk-key-scroll"));
        }
        Keys::new(lang)
            .key("Ctrl+S", tr!(lang, "desk-key-preview"))
            .esc(match self.kind {
                Kind::Reply => tr!(lang, "desk-key-back-draft"),
                Kind::Note => tr!(lang, "desk-key-back"),
            })
    }

    /// Draws the editor (or the preview) into `area`.
    pub(super) fn draw(&self, frame: &mut Frame<'_>, area: Rect, lang: Lang) {
        let title = match (self.kind, self.preview.is_some()) {
            (Kind::Reply, false) => tr!(lang, "desk-editor-reply"),
            (Kind::Note, false) => tr!(lang, "desk-editor-note"),
            (Kind::Reply, true) => tr!(lang, "desk-preview-reply"),
            (Kind::Note, true) => tr!(lang, "desk-preview-note"),
        };
        let counter = tr!(
            lang,
            "desk-editor-size",
            size = size(lang, self.text().len() as u64),
            max = size(lang, self.kind.max_bytes() as u64)
        );
        let block = Block::default()
            .borders(Borders::ALL)
            .title(format!(" {title} "))
            .title_bottom(format!(" {counter} "))
            .title_style(Style::default().add_modifier(Modifier::BOLD));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if let Some((doc, pager)) = &self.preview {
            pager.render(doc, inner, frame.buffer_mut(), None);
            return;
        }
        self.view.set((inner.width, inner.height));
        let rows = self.rows();
        let (v, x) = self.cursor_at(&rows);
        let height = usize::from(inner.height.max(1));
        let mut scroll = self.scroll.get().min(rows.len().saturating_sub(1));
        if v < scroll {
            scroll = v;
        } else if v >= scroll + height {
            scroll = v + 1 - height;
        }
        self.scroll.set(scroll);
        let buf = frame.buffer_mut();
        for (y, (line, range)) in rows.iter().skip(scroll).take(height).enumerate() {
            let y = inner.y + u16::try_from(y).unwrap_or(0);
            // Nothing unsafe gets in (see `insert`): the text is shown as it is.
            buf.set_stringn(
                inner.x,
                y,
                &self.lines[*line][range.clone()],
                usize::from(inner.width),
                Style::default(),
            );
        }
        let cx = inner.x
            + u16::try_from(x)
                .unwrap_or(0)
                .min(inner.width.saturating_sub(1));
        let cy = inner.y + u16::try_from(v - scroll).unwrap_or(0);
        frame.set_cursor_position((cx, cy));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(editor: &mut Editor, code: KeyCode) -> Outcome {
        editor.key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    fn typed(editor: &mut Editor, text: &str) {
        for c in text.chars() {
            if c == '\n' {
                press(editor, KeyCode::Enter);
            } else {
                press(editor, KeyCode::Char(c));
            }
        }
    }

    #[test]
    fn typing_moving_and_deleting_across_lines() {
        let mut e = Editor::new(Kind::Reply, "t", "");
        typed(&mut e, "Merci.\nQuel mois ?");
        assert_eq!(e.text(), "Merci.\nQuel mois ?");
        press(&mut e, KeyCode::Up);
        press(&mut e, KeyCode::End);
        typed(&mut e, " Très bien");
        assert_eq!(e.text(), "Merci. Très bien\nQuel mois ?");
        press(&mut e, KeyCode::Down);
        press(&mut e, KeyCode::Home);
        press(&mut e, KeyCode::Backspace);
        assert_eq!(e.text(), "Merci. Très bienQuel mois ?");
        press(&mut e, KeyCode::Enter);
        press(&mut e, KeyCode::Left);
        press(&mut e, KeyCode::Delete);
        assert_eq!(e.text(), "Merci. Très bienQuel mois ?");
        for _ in 0..4 {
            press(&mut e, KeyCode::Backspace);
        }
        assert_eq!(e.text(), "Merci. Très Quel mois ?");
        assert!(e.changed());
    }

    #[test]
    fn paste_keeps_accents_and_line_breaks_and_drops_controls() {
        let mut e = Editor::new(Kind::Note, "t", "déjà\n");
        assert!(!e.changed());
        e.insert("a\r\nb\u{1b}[2J\u{7}\u{202e}c\td شكرا");
        assert_eq!(e.text(), "déjà\na\nb[2Jc d شكرا");
    }

    #[test]
    fn up_and_down_follow_wrapped_rows() {
        let mut e = Editor::new(Kind::Reply, "t", "");
        e.view.set((10, 5));
        typed(&mut e, "aaaa bbbb cccc dddd");
        // Rows: "aaaa bbbb " and "cccc dddd"; the cursor is at the end.
        press(&mut e, KeyCode::Up);
        assert_eq!(e.row, 0);
        assert_eq!(&e.lines[0][..e.col], "aaaa bbbb");
        press(&mut e, KeyCode::Down);
        assert_eq!(e.col, e.lines[0].len());
        press(&mut e, KeyCode::Down);
        assert_eq!(e.col, e.lines[0].len());
    }

    #[test]
    fn the_preview_queues_exactly_the_text_and_refuses_an_empty_one() {
        let mut e = Editor::new(Kind::Reply, "t1", "");
        let ctrl_s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert!(matches!(
            e.key(ctrl_s),
            Outcome::Problem(Problem::EmptyText)
        ));
        typed(&mut e, "Quel mois ?");
        assert!(matches!(e.key(ctrl_s), Outcome::None));
        assert!(e.previewing());
        match press(&mut e, KeyCode::Enter) {
            Outcome::Act(Action::Queue { thread, kind, text }) => {
                assert_eq!(
                    (thread.as_str(), kind, text.as_str()),
                    ("t1", Kind::Reply, "Quel mois ?")
                );
            }
            other => panic!("{other:?}"),
        }
        press(&mut e, KeyCode::Esc);
        assert!(!e.previewing());
        assert!(matches!(press(&mut e, KeyCode::Esc), Outcome::LeaveEditor));
    }
}
