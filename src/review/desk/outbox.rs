//! The outbox (`o`): what goes to the server, written as one signed file
//! into a folder the reviewer picks — the USB stick, found under
//! `/media/$USER` — with a progress bar in bytes.

use std::path::PathBuf;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::input::Input;
use super::{Action, Keys, Outcome, Threads};
use crate::i18n::Lang;
use crate::review::Event;
use crate::review::workspace::QueuedKind;
use crate::terminal;
use crate::tr;

/// What the next outbox holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Counts {
    /// Replies queued.
    pub(super) replies: usize,
    /// Notes and states queued.
    pub(super) team: usize,
    /// Messages to acknowledge.
    pub(super) acknowledgements: usize,
}

impl Counts {
    /// Counts what is queued in `threads`.
    pub(super) fn of(threads: &Threads) -> Self {
        let mut counts = Self::default();
        for view in &threads.views {
            counts.acknowledgements += view.summary.new_messages;
            for event in &view.events {
                if let Event::Mine(item, false) = event {
                    match item.kind {
                        QueuedKind::Reply => counts.replies += 1,
                        QueuedKind::Team => counts.team += 1,
                    }
                }
            }
        }
        counts
    }

    fn is_empty(self) -> bool {
        self == Self::default()
    }
}

/// The outbox screen's state.
#[derive(Debug)]
pub(super) struct OutboxScreen {
    folder: Input,
    candidates: Vec<PathBuf>,
    candidate: usize,
    counts: Counts,
    file_name: String,
    /// What the last write did, once done.
    pub(super) written: Option<String>,
}

impl OutboxScreen {
    /// The screen, on the first of `candidates` (folders found to write to).
    pub(super) fn new(candidates: Vec<PathBuf>, counts: Counts, file_name: String) -> Self {
        let folder = candidates
            .first()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        Self {
            folder: Input::with(&folder),
            candidates,
            candidate: 0,
            counts,
            file_name,
            written: None,
        }
    }

    /// After a write: what is queued now.
    pub(super) fn set_counts(&mut self, counts: Counts) {
        self.counts = counts;
    }

    /// Handles a key: typing edits the folder, Tab takes the next one found.
    pub(super) fn key(&mut self, key: KeyEvent) -> Outcome {
        match key.code {
            KeyCode::Esc => return Outcome::Back,
            KeyCode::Enter => {
                return Outcome::Act(Action::WriteOutbox {
                    folder: self.folder.text().trim().to_owned(),
                });
            }
            KeyCode::Tab if !self.candidates.is_empty() => {
                self.candidate = (self.candidate + 1) % self.candidates.len();
                self.folder = Input::with(&self.candidates[self.candidate].display().to_string());
            }
            _ => {
                self.folder.key(key);
            }
        }
        Outcome::None
    }

    /// The keys this screen takes.
    pub(super) fn keys(&self, lang: Lang) -> Keys {
        let keys = Keys::new(lang).enter(tr!(lang, "desk-key-write"));
        let keys = if self.candidates.len() > 1 {
            keys.key("Tab", tr!(lang, "desk-key-folder"))
        } else {
            keys
        };
        keys.esc(tr!(lang, "desk-key-back"))
    }

    /// Draws the screen into `area`.
    pub(super) fn draw(&self, frame: &mut Frame<'_>, area: Rect, lang: Lang) {
        let bold = Style::default().add_modifier(Modifier::BOLD);
        let mut lines = vec![
            Line::styled(tr!(lang, "desk-outbox-intro"), bold),
            Line::from(""),
        ];
        if self.counts.is_empty() {
            lines.push(Line::from(tr!(lang, "desk-outbox-nothing")));
        } else {
            for text in [
                tr!(lang, "desk-outbox-replies", count = self.counts.replies),
                tr!(lang, "desk-outbox-team", count = self.counts.team),
                tr!(
                    lang,
                    "desk-outbox-acks",
                    count = self.counts.acknowledgements
                ),
            ] {
                lines.push(Line::from(format!("  • {text}")));
            }
        }
        lines.push(Line::from(""));
        let label = tr!(lang, "desk-outbox-folder");
        lines.push(Line::from(format!("{label} {}", self.folder.text())));
        lines.push(Line::from(tr!(
            lang,
            "desk-outbox-file",
            file = terminal::line(&self.file_name).into_owned()
        )));
        lines.push(Line::styled(
            tr!(lang, "desk-outbox-hint"),
            Style::default().add_modifier(Modifier::DIM),
        ));
        if let Some(written) = &self.written {
            lines.push(Line::from(""));
            lines.push(Line::styled(
                terminal::line(written).into_owned(),
                Style::default()
                    .fg(Color::Green)
                    .add_modifier(Modifier::BOLD),
            ));
            lines.push(Line::from(tr!(lang, "desk-outbox-handover")));
        }
        let folder_row = if self.counts.is_empty() { 3 } else { 6 };
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
        let x = unicode_width::UnicodeWidthStr::width(
            format!("{label} {}", self.folder.before_cursor()).as_str(),
        );
        let (x, y) = (
            area.x + u16::try_from(x).unwrap_or(0),
            area.y + u16::try_from(folder_row).unwrap_or(0),
        );
        if x < area.right() && y < area.bottom() {
            frame.set_cursor_position((x, y));
        }
    }
}
