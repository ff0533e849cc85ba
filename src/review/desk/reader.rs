//! A long text to read and scroll: the help, or an attachment shown as
//! text inside the desk (a web page, an SVG image, a script: read, never
//! run, never handed to a browser).

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;

use super::pager::{Doc, Pager};
use super::{Keys, Outcome};
use crate::i18n::Lang;
use crate::tr;

/// The reader's state.
#[derive(Debug)]
pub(super) struct Reader {
    /// What the title bar says.
    pub(super) title: String,
    doc: Doc,
    pager: Pager,
}

impl Reader {
    /// A reader of `doc`, at its top.
    pub(super) fn new(title: String, doc: Doc) -> Self {
        Self {
            title,
            doc,
            pager: Pager::default(),
        }
    }

    /// How far down the reader is.
    pub(super) fn percent(&self) -> usize {
        self.pager.percent(&self.doc)
    }

    /// Handles a key.
    pub(super) fn key(&mut self, key: KeyEvent) -> Outcome {
        if self.pager.scroll_key(&self.doc, key.code) {
            return Outcome::None;
        }
        match key.code {
            KeyCode::Esc => Outcome::Back,
            _ => Outcome::Global(key),
        }
    }

    /// The keys this screen takes.
    pub(super) fn keys(lang: Lang) -> Keys {
        Keys::new(lang)
            .key("↑↓ PgUp PgDn", tr!(lang, "desk-key-scroll"))
            .esc(tr!(lang, "desk-key-back"))
            .key("q", tr!(lang, "desk-key-quit"))
    }

    /// Draws the text into `area`.
    pub(super) fn draw(&self, frame: &mut Frame<'_>, area: Rect) {
        self.pager.render(&self.doc, area, frame.buffer_mut(), None);
    }
}
