//! Setting a thread's state for the team (`m`): new, open, answered or
//! handled, and who handles it. Sealed to the reviewers only, it goes out
//! with the next outbox ([`crate::review::mark`]).

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::input::Input;
use super::{Action, Keys, Outcome, popup, state_label};
use crate::i18n::Lang;
use crate::review::ThreadState;
use crate::tr;

/// The states, in the order offered.
const STATES: [ThreadState; 4] = [
    ThreadState::New,
    ThreadState::Open,
    ThreadState::Answered,
    ThreadState::Handled,
];

/// The dialog's state.
#[derive(Debug)]
pub(super) struct MarkDialog {
    thread: String,
    selected: usize,
    handler: Input,
}

impl MarkDialog {
    /// The dialog for `thread`, on its current state and handler.
    pub(super) fn new(thread: &str, current: ThreadState, handler: Option<&str>) -> Self {
        Self {
            thread: thread.to_owned(),
            selected: STATES.iter().position(|&s| s == current).unwrap_or(0),
            handler: Input::with(handler.unwrap_or_default()),
        }
    }

    /// Handles a key: ↑↓ choose the state, typing edits the handler.
    pub(super) fn key(&mut self, key: KeyEvent) -> Outcome {
        match key.code {
            KeyCode::Up => self.selected = self.selected.saturating_sub(1),
            KeyCode::Down => self.selected = (self.selected + 1).min(STATES.len() - 1),
            KeyCode::Esc => return Outcome::Back,
            KeyCode::Enter => {
                let handler = self.handler.text().trim();
                if handler.len() > 64 {
                    return Outcome::Problem(super::Problem::TooLong);
                }
                return Outcome::Close(Action::Mark {
                    thread: self.thread.clone(),
                    state: STATES[self.selected],
                    handler: (!handler.is_empty()).then(|| handler.to_owned()),
                });
            }
            _ => {
                self.handler.key(key);
            }
        }
        Outcome::None
    }

    /// The keys this dialog takes.
    pub(super) fn keys(lang: Lang) -> Keys {
        Keys::new(lang)
            .key("↑↓", tr!(lang, "desk-key-choose"))
            .enter(tr!(lang, "desk-key-queue"))
            .esc(tr!(lang, "desk-key-cancel"))
    }

    /// Draws the dialog over `area`.
    pub(super) fn draw(&self, frame: &mut Frame<'_>, area: Rect, lang: Lang) {
        let rect = popup(area, 62, u16::try_from(STATES.len() + 8).unwrap_or(12));
        frame.render_widget(Clear, rect);
        let mut lines = vec![Line::from(tr!(lang, "desk-mark-intro")), Line::from("")];
        for (i, &state) in STATES.iter().enumerate() {
            let label = format!(
                "{} {}",
                if i == self.selected { "▸" } else { " " },
                state_label(lang, state)
            );
            let style = if i == self.selected {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default()
            };
            lines.push(Line::styled(label, style));
        }
        lines.push(Line::from(""));
        let label = tr!(lang, "desk-mark-handler");
        lines.push(Line::from(format!("{label} {}", self.handler.text())));
        lines.push(Line::styled(
            tr!(lang, "desk-mark-handler-hint"),
            Style::default().add_modifier(Modifier::DIM),
        ));
        let block = Block::default()
            .borders(Borders::ALL)
            .title(format!(" {} ", tr!(lang, "desk-mark-title")));
        let inner = block.inner(rect);
        frame.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false }),
            rect,
        );
        let x = unicode_width::UnicodeWidthStr::width(
            format!("{label} {}", self.handler.before_cursor()).as_str(),
        );
        let y = inner.y + u16::try_from(STATES.len() + 3).unwrap_or(0);
        let x = inner.x + u16::try_from(x).unwrap_or(0);
        if y < inner.bottom() && x < inner.right() {
            frame.set_cursor_position((x, y));
        }
    }
}
