//! Opening a bundle from the desk (`b`): the file the operator brought on
//! the USB stick, found under `/media/$USER`, verified and added with a
//! progress bar in bytes ([`crate::review::open_bundle`]).

use std::path::PathBuf;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::input::Input;
use super::{Action, Keys, Outcome};
use crate::i18n::Lang;
use crate::tr;

/// The screen's state.
#[derive(Debug)]
pub(super) struct BundleScreen {
    path: Input,
    candidates: Vec<PathBuf>,
    candidate: usize,
}

impl BundleScreen {
    /// The screen, on the first of `candidates` (bundles found, newest first).
    pub(super) fn new(candidates: Vec<PathBuf>) -> Self {
        let first = candidates
            .first()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        Self {
            path: Input::with(&first),
            candidates,
            candidate: 0,
        }
    }

    /// Handles a key: typing edits the path, Tab takes the next bundle found.
    pub(super) fn key(&mut self, key: KeyEvent) -> Outcome {
        match key.code {
            KeyCode::Esc => return Outcome::Back,
            KeyCode::Enter => {
                return Outcome::Close(Action::OpenBundle {
                    path: self.path.text().trim().to_owned(),
                });
            }
            KeyCode::Tab if !self.candidates.is_empty() => {
                self.candidate = (self.candidate + 1) % self.candidates.len();
                self.path = Input::with(&self.candidates[self.candidate].display().to_string());
            }
            _ => {
                self.path.key(key);
            }
        }
        Outcome::None
    }

    /// The keys this screen takes.
    pub(super) fn keys(&self, lang: Lang) -> Keys {
        let keys = Keys::new(lang).enter(tr!(lang, "desk-key-open"));
        let keys = if self.candidates.len() > 1 {
            keys.key("Tab", tr!(lang, "desk-key-other-bundle"))
        } else {
            keys
        };
        keys.esc(tr!(lang, "desk-key-back"))
    }

    /// Draws the screen into `area`.
    pub(super) fn draw(&self, frame: &mut Frame<'_>, area: Rect, lang: Lang) {
        let label = tr!(lang, "desk-bundle-path");
        let lines = vec![
            Line::styled(
                tr!(lang, "desk-bundle-intro"),
                Style::default().add_modifier(Modifier::BOLD),
            ),
            Line::from(""),
            Line::from(format!("{label} {}", self.path.text())),
            Line::styled(
                tr!(lang, "desk-bundle-hint"),
                Style::default().add_modifier(Modifier::DIM),
            ),
        ];
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
        let x = unicode_width::UnicodeWidthStr::width(
            format!("{label} {}", self.path.before_cursor()).as_str(),
        );
        let (x, y) = (area.x + u16::try_from(x).unwrap_or(0), area.y + 2);
        if x < area.right() && y < area.bottom() {
            frame.set_cursor_position((x, y));
        }
    }
}
