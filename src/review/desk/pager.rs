//! A long text on screen: a [`Doc`] of lines and a [`Pager`] that scrolls it.
//!
//! A tip can be 10 MB, or 10,000 lines, from someone who wants the reader's
//! screen to freeze. Nothing here looks at more than it shows: a doc line is
//! a piece of at most [`CHUNK`] bytes of one source line, made safe
//! ([`crate::terminal::line`]) and wrapped only when it is drawn or scrolled
//! past, and the pager's position is a doc line and a row inside it, never
//! a row count from the top. Building a doc is one pass over the text to
//! find its line breaks.

use std::borrow::Cow;
use std::cell::Cell;
use std::ops::Range;
use std::rc::Rc;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::style::Style;
use unicode_width::UnicodeWidthChar;

/// Longest piece of a source line kept as one doc line, in bytes: a line
/// longer than that is cut (at a space near the end if there is one).
pub(super) const CHUNK: usize = 4096;

/// One line of a doc: a piece of a shared text, and how to draw it.
#[derive(Clone, Debug)]
pub(super) struct DocLine {
    text: Rc<str>,
    range: Range<usize>,
    /// How it is drawn.
    pub(super) style: Style,
}

impl DocLine {
    /// The line as it may be shown: control characters, escape sequences
    /// and bidi overrides as visible placeholders.
    pub(super) fn safe(&self) -> Cow<'_, str> {
        crate::terminal::line(&self.text[self.range.clone()])
    }
}

/// Lines to show, in order.
#[derive(Clone, Debug, Default)]
pub(super) struct Doc {
    lines: Vec<DocLine>,
}

impl Doc {
    /// How many doc lines it has.
    pub(super) fn len(&self) -> usize {
        self.lines.len()
    }

    /// Whether it has no line.
    pub(super) fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The line `i`.
    pub(super) fn line(&self, i: usize) -> Option<&DocLine> {
        self.lines.get(i)
    }

    /// Adds one line (its own line breaks, if any, start new lines).
    pub(super) fn push_line(&mut self, line: impl Into<String>, style: Style) {
        self.push_text(&line.into(), style);
    }

    /// Adds an empty line.
    pub(super) fn blank(&mut self) {
        self.push_line(String::new(), Style::default());
    }

    /// Adds a text of any length: one doc line per line of it (a `\r`
    /// before a line break dropped), long lines cut in [`CHUNK`]s.
    pub(super) fn push_text(&mut self, text: &str, style: Style) {
        let shared: Rc<str> = Rc::from(text);
        let mut start = 0;
        loop {
            let end = shared[start..]
                .find('\n')
                .map_or(shared.len(), |i| start + i);
            let line_end = if shared[start..end].ends_with('\r') {
                end - 1
            } else {
                end
            };
            let mut piece = start;
            loop {
                let cut = chunk_end(&shared, piece, line_end);
                self.lines.push(DocLine {
                    text: Rc::clone(&shared),
                    range: piece..cut,
                    style,
                });
                if cut >= line_end {
                    break;
                }
                piece = cut;
            }
            if end >= shared.len() {
                break;
            }
            start = end + 1;
        }
    }
}

/// Where the piece of `text[start..end]` starting at `start` ends: at most
/// [`CHUNK`] bytes on, on a character boundary, after a space if one is
/// near the end.
fn chunk_end(text: &str, start: usize, end: usize) -> usize {
    if end - start <= CHUNK {
        return end;
    }
    let mut cut = start + CHUNK;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let window = cut.saturating_sub(256).max(start + 1);
    match text[window..cut].rfind(' ') {
        Some(space) => window + space + 1,
        None => cut,
    }
}

/// The rows `text` takes at `width` columns, as byte ranges: words are kept
/// whole where they fit, a space that ends a row stays on it, and a word
/// wider than a row is cut. Always at least one row.
pub(super) fn wrap(text: &str, width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let mut rows = Vec::new();
    let mut row_start = 0;
    let mut used = 0;
    // Just after the last space of the row: where it may break.
    let mut after_space: Option<(usize, usize)> = None;
    for (i, c) in text.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > width && i > row_start {
            let (cut, used_before) = match after_space {
                Some((at, used_at)) if at > row_start && at <= i => (at, used_at),
                _ => (i, used),
            };
            rows.push(row_start..cut);
            row_start = cut;
            used -= used_before;
            after_space = None;
        }
        used += w;
        if c == ' ' {
            after_space = Some((i + 1, used));
        }
    }
    rows.push(row_start..text.len());
    rows
}

/// A scroll position over a [`Doc`]: the doc line at the top of the view and
/// the row of it shown first. The view's size is what the last draw had.
#[derive(Debug, Default)]
pub(super) struct Pager {
    top: (usize, usize),
    view: Cell<(u16, u16)>,
}

impl Pager {
    /// Rows the view had when last drawn (at least 1).
    pub(super) fn height(&self) -> usize {
        usize::from(self.view.get().1.max(1))
    }

    fn width(&self) -> usize {
        usize::from(self.view.get().0.max(1))
    }

    fn rows_of(&self, doc: &Doc, line: usize) -> usize {
        doc.line(line)
            .map_or(1, |l| wrap(&l.safe(), self.width()).len())
    }

    /// The first position from which the end of the doc fills the view.
    fn last_top(&self, doc: &Doc) -> (usize, usize) {
        let mut needed = self.height();
        let mut line = doc.len();
        while line > 0 {
            line -= 1;
            let rows = self.rows_of(doc, line);
            if rows >= needed {
                return (line, rows - needed);
            }
            needed -= rows;
        }
        (0, 0)
    }

    /// Scrolls `n` rows down, never past the end.
    pub(super) fn down(&mut self, doc: &Doc, n: usize) {
        let last = self.last_top(doc);
        let (mut line, mut row) = self.top;
        for _ in 0..n {
            if (line, row) >= last {
                break;
            }
            row += 1;
            if row >= self.rows_of(doc, line) {
                line += 1;
                row = 0;
            }
        }
        self.top = (line, row).min(last);
    }

    /// Scrolls `n` rows up.
    pub(super) fn up(&mut self, doc: &Doc, n: usize) {
        let (mut line, mut row) = self.top;
        for _ in 0..n {
            if row > 0 {
                row -= 1;
            } else if line > 0 {
                line -= 1;
                row = self.rows_of(doc, line).saturating_sub(1);
            } else {
                break;
            }
        }
        self.top = (line, row);
    }

    /// To the top.
    pub(super) fn home(&mut self) {
        self.top = (0, 0);
    }

    /// To the end.
    pub(super) fn end(&mut self, doc: &Doc) {
        self.top = self.last_top(doc);
    }

    /// Moves as a scrolling key says (arrows, pages, space, Home, End);
    /// `false` for any other key, left to the screen.
    pub(super) fn scroll_key(&mut self, doc: &Doc, code: KeyCode) -> bool {
        let page = self.height().saturating_sub(1).max(1);
        match code {
            KeyCode::Up => self.up(doc, 1),
            KeyCode::Down => self.down(doc, 1),
            KeyCode::PageUp => self.up(doc, page),
            KeyCode::PageDown | KeyCode::Char(' ') => self.down(doc, page),
            KeyCode::Home => self.home(),
            KeyCode::End => self.end(doc),
            _ => return false,
        }
        true
    }

    /// Scrolls so that doc line `line` is in view (near the top if it was not).
    pub(super) fn reveal(&mut self, doc: &Doc, line: usize) {
        if line < self.top.0 || (line == self.top.0 && self.top.1 > 0) {
            self.top = (line, 0);
            return;
        }
        let mut rows = 0;
        for at in self.top.0..line {
            rows += self.rows_of(doc, at) - if at == self.top.0 { self.top.1 } else { 0 };
            if rows >= self.height() {
                break;
            }
        }
        if rows < self.height() {
            return;
        }
        self.top = (line.saturating_sub(1), 0).min(self.last_top(doc));
    }

    /// Keeps the position inside `doc` (after it changed or the view shrank).
    pub(super) fn clamp(&mut self, doc: &Doc) {
        if doc.is_empty() {
            self.top = (0, 0);
        } else if self.top.0 >= doc.len() {
            self.top = self.last_top(doc);
        }
    }

    /// How far down the view is, in percent of the doc's lines.
    pub(super) fn percent(&self, doc: &Doc) -> usize {
        if doc.len() <= 1 || self.top >= self.last_top(doc) {
            return 100;
        }
        self.top.0 * 100 / doc.len()
    }

    /// Draws the doc lines in view into `area`; `highlight` is a doc line
    /// drawn reversed (the selected attachment). Wraps only what it draws.
    pub(super) fn render(&self, doc: &Doc, area: Rect, buf: &mut Buffer, highlight: Option<usize>) {
        self.view.set((area.width, area.height));
        let width = usize::from(area.width);
        let (mut line, mut skip) = self.top;
        let mut y = 0;
        while y < area.height {
            let Some(doc_line) = doc.line(line) else {
                break;
            };
            let safe = doc_line.safe();
            let mut style = doc_line.style;
            if highlight == Some(line) {
                style = style.add_modifier(ratatui::style::Modifier::REVERSED);
            }
            for range in wrap(&safe, width).into_iter().skip(skip) {
                if y >= area.height {
                    break;
                }
                buf.set_stringn(area.x, area.y + y, &safe[range], width, style);
                y += 1;
            }
            line += 1;
            skip = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    fn rows(text: &str, width: usize) -> Vec<&str> {
        wrap(text, width).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn wrapping_keeps_words_whole_and_cuts_what_cannot_fit() {
        assert_eq!(rows("", 10), vec![""]);
        assert_eq!(rows("abc def ghi", 7), vec!["abc ", "def ghi"]);
        assert_eq!(rows("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(rows("été à Gao", 4), vec!["été ", "à ", "Gao"]);
        // Wide characters take two columns.
        assert_eq!(rows("日本語の", 4), vec!["日本", "語の"]);
        assert_eq!(rows("x", 0), vec!["x"]);
    }

    #[test]
    fn long_lines_become_chunks_and_line_breaks_lines() {
        let mut doc = Doc::default();
        doc.push_text("one\r\ntwo\n\nthree", Style::default());
        let lines: Vec<String> = (0..doc.len())
            .map(|i| doc.line(i).unwrap().safe().into_owned())
            .collect();
        assert_eq!(lines, ["one", "two", "", "three"]);
        let mut long = Doc::default();
        long.push_text(&"é".repeat(3 * CHUNK), Style::default());
        assert!(long.len() >= 3);
        for i in 0..long.len() {
            let line = long.line(i).unwrap();
            assert!(line.range.len() <= CHUNK);
        }
    }

    #[test]
    fn scrolling_stops_at_both_ends() {
        let mut doc = Doc::default();
        doc.push_text(
            &(0..100).fold(String::new(), |mut s, i| {
                let _ = writeln!(s, "line {i}");
                s
            }),
            Style::default(),
        );
        let mut pager = Pager::default();
        pager.view.set((20, 10));
        pager.up(&doc, 5);
        assert_eq!(pager.top, (0, 0));
        pager.down(&doc, 1000);
        // 101 lines (the text ends with a line break): the last 10 fill the view.
        assert_eq!(pager.top, (91, 0));
        assert_eq!(pager.percent(&doc), 100);
        pager.home();
        pager.reveal(&doc, 50);
        assert!(pager.top.0 <= 50 && pager.top.0 + 10 > 50);
    }
}
