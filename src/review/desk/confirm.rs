//! A question that needs an explicit answer: opening an original, trusting a
//! server key, accepting a change of reviewers.
//!
//! The safe answer is the one selected first: Enter alone never says yes.
//! The reviewer moves to the other answer (←/→ or Tab) and presses Enter,
//! or, for a file that can run code, types the file's exact name.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::input::Input;
use super::{Action, Keys, Outcome, Problem, popup};
use crate::i18n::Lang;
use crate::terminal;
use crate::tr;

/// The question's state.
#[derive(Debug)]
pub(super) struct Confirm {
    title: String,
    lines: Vec<String>,
    yes: String,
    no: String,
    on_yes: Action,
    on_no: Option<Action>,
    /// The exact text to type instead of choosing, and what is typed.
    typed: Option<(String, Input)>,
    yes_selected: bool,
}

impl Confirm {
    /// A question answered by choosing: `on_yes` if the reviewer chooses
    /// `yes`, `on_no` (or just closing) otherwise. Every line is shown
    /// through [`terminal::line`].
    pub(super) fn new(
        title: String,
        lines: &[String],
        (yes, no): (String, String),
        on_yes: Action,
        on_no: Option<Action>,
    ) -> Self {
        Self {
            title,
            lines: lines
                .iter()
                .map(|l| terminal::line(l).into_owned())
                .collect(),
            yes,
            no,
            on_yes,
            on_no,
            typed: None,
            yes_selected: false,
        }
    }

    /// The same question, answered yes only by typing `expected`.
    pub(super) fn typing(mut self, expected: &str) -> Self {
        self.typed = Some((expected.to_owned(), Input::default()));
        self
    }

    fn no(&self) -> Outcome {
        match &self.on_no {
            Some(action) => Outcome::Close(action.clone()),
            None => Outcome::Back,
        }
    }

    /// Handles a key.
    pub(super) fn key(&mut self, key: KeyEvent) -> Outcome {
        if let Some((expected, input)) = &mut self.typed {
            return match key.code {
                KeyCode::Esc => self.no(),
                KeyCode::Enter if input.text() == expected.as_str() => {
                    Outcome::Close(self.on_yes.clone())
                }
                KeyCode::Enter => Outcome::Problem(Problem::NameMismatch),
                _ => {
                    input.key(key);
                    Outcome::None
                }
            };
        }
        match key.code {
            KeyCode::Left | KeyCode::Right | KeyCode::Tab | KeyCode::BackTab => {
                self.yes_selected = !self.yes_selected;
            }
            KeyCode::Enter if self.yes_selected => return Outcome::Close(self.on_yes.clone()),
            KeyCode::Enter | KeyCode::Esc => return self.no(),
            _ => {}
        }
        Outcome::None
    }

    /// The keys this question takes.
    pub(super) fn keys(&self, lang: Lang) -> Keys {
        if self.typed.is_some() {
            return Keys::new(lang)
                .enter(tr!(lang, "desk-key-confirm"))
                .esc(tr!(lang, "desk-key-cancel"));
        }
        Keys::new(lang)
            .key("←→", tr!(lang, "desk-key-choose"))
            .enter(tr!(lang, "desk-key-confirm"))
            .esc(tr!(lang, "desk-key-cancel"))
    }

    /// Draws the question over `area`.
    pub(super) fn draw(&self, frame: &mut Frame<'_>, area: Rect) {
        let inner_width = usize::from(area.width.min(70).saturating_sub(2));
        let rows: usize = self
            .lines
            .iter()
            .map(|l| super::pager::wrap(l, inner_width).len() + 1)
            .sum::<usize>()
            + 1;
        let rect = popup(area, 70, u16::try_from(rows + 2).unwrap_or(u16::MAX));
        frame.render_widget(Clear, rect);
        let mut lines: Vec<Line<'_>> = Vec::new();
        for line in &self.lines {
            lines.push(Line::from(line.as_str()));
            lines.push(Line::from(""));
        }
        if let Some((_, input)) = &self.typed {
            lines.push(Line::styled(
                format!("> {}", input.text()),
                Style::default().add_modifier(Modifier::BOLD),
            ));
        } else {
            let button = |label: &str, on: bool| {
                let style = if on {
                    Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
                } else {
                    Style::default()
                };
                Span::styled(format!("[ {label} ]"), style)
            };
            lines.push(Line::from(vec![
                button(&self.no, !self.yes_selected),
                Span::raw("   "),
                button(&self.yes, self.yes_selected),
            ]));
        }
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(Style::default().fg(Color::Yellow))
            .title(format!(" {} ", terminal::line(&self.title)));
        let inner = block.inner(rect);
        let paragraph = Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false });
        let width = usize::from(inner.width);
        let used: usize = self
            .lines
            .iter()
            .map(|l| super::pager::wrap(l, width).len() + 1)
            .sum::<usize>()
            + 1;
        frame.render_widget(paragraph, rect);
        if let Some((_, input)) = &self.typed {
            let x = 2 + unicode_width::UnicodeWidthStr::width(input.before_cursor());
            let y = inner.y + u16::try_from(used.saturating_sub(1)).unwrap_or(0);
            let x = inner.x + u16::try_from(x).unwrap_or(0);
            if y < inner.bottom() && x < inner.right() {
                frame.set_cursor_position((x, y));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyModifiers;

    fn press(c: &mut Confirm, code: KeyCode) -> Outcome {
        c.key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    fn question() -> Confirm {
        Confirm::new(
            "t".into(),
            &["open?".into()],
            ("yes".into(), "no".into()),
            Action::Answer(true),
            Some(Action::Answer(false)),
        )
    }

    #[test]
    fn enter_alone_never_says_yes() {
        let mut c = question();
        assert!(matches!(
            press(&mut c, KeyCode::Enter),
            Outcome::Close(Action::Answer(false))
        ));
        press(&mut c, KeyCode::Right);
        assert!(matches!(
            press(&mut c, KeyCode::Enter),
            Outcome::Close(Action::Answer(true))
        ));
    }

    #[test]
    fn a_file_that_runs_code_opens_only_when_its_name_is_typed() {
        let mut c = question().typing("run.exe");
        press(&mut c, KeyCode::Right);
        assert!(matches!(
            press(&mut c, KeyCode::Enter),
            Outcome::Problem(Problem::NameMismatch)
        ));
        for ch in "run.exe".chars() {
            press(&mut c, KeyCode::Char(ch));
        }
        assert!(matches!(
            press(&mut c, KeyCode::Enter),
            Outcome::Close(Action::Answer(true))
        ));
    }
}
