//! What can be done with an attachment (Enter on it in a thread): open its
//! cleaned copy in an outside viewer, read it as text inside the desk, or
//! open the original — only after a confirmation that names the risk, and
//! for a file that can run code only once its name is typed. A web page or
//! an SVG image is never handed to an outside program from the desk (that
//! would be a browser): it is read as text here.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::confirm::Confirm;
use super::{Action, Keys, Outcome, Problem, Screen, popup, risk_sentence, size};
use crate::i18n::Lang;
use crate::review::risk_runs_code;
use crate::review::workspace::{AttachmentRecord, CleaningRecord};
use crate::terminal;
use crate::tr;

/// Names that browsers (and so `xdg-open`) take as pages or SVG images.
const MARKUP: [&str; 12] = [
    "html", "htm", "xhtml", "shtml", "mht", "mhtml", "svg", "svgz", "xml", "xsl", "xslt", "hta",
];

/// Whether a file must only ever be read as text: a web page, an SVG image
/// or other markup a browser would render (by its risk or its name).
pub(super) fn is_markup(record: &AttachmentRecord) -> bool {
    record.risk.as_deref() == Some("html")
        || record
            .name
            .rsplit_once('.')
            .is_some_and(|(_, ext)| MARKUP.contains(&ext.to_ascii_lowercase().as_str()))
}

/// Whether a file's first bytes are markup (a page, an SVG, XML), whatever
/// its name says.
pub(super) fn looks_like_markup(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = head[start..].to_ascii_lowercase();
    [
        &b"<!doctype"[..],
        b"<html",
        b"<svg",
        b"<?xml",
        b"<head",
        b"<body",
        b"<script",
    ]
    .iter()
    .any(|tag| head.starts_with(tag))
}

/// One thing the dialog offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Choice {
    Cleaned,
    AsText,
    Original,
}

/// The dialog's state.
#[derive(Debug)]
pub(super) struct AttachmentDialog {
    thread: String,
    record: AttachmentRecord,
    choices: Vec<Choice>,
    selected: usize,
}

impl AttachmentDialog {
    /// The dialog for `record`, an attachment of `thread`.
    pub(super) fn new(thread: &str, record: AttachmentRecord) -> Self {
        let mut choices = Vec::new();
        if matches!(record.cleaning, CleaningRecord::Cleaned { .. }) {
            choices.push(Choice::Cleaned);
        }
        choices.push(Choice::AsText);
        if !is_markup(&record) {
            choices.push(Choice::Original);
        }
        Self {
            thread: thread.to_owned(),
            record,
            choices,
            selected: 0,
        }
    }

    fn choose(&self, choice: Choice, lang: Lang) -> Outcome {
        let thread = self.thread.clone();
        let name = self.record.name.clone();
        match choice {
            Choice::Cleaned => Outcome::Close(Action::View {
                thread,
                name,
                original: false,
            }),
            Choice::AsText => Outcome::Close(Action::ReadAsText { thread, name }),
            Choice::Original if is_markup(&self.record) => {
                Outcome::Problem(Problem::NeverInBrowser)
            }
            Choice::Original => {
                Outcome::Replace(Box::new(Screen::Confirm(self.confirm_original(lang))))
            }
        }
    }

    /// The confirmation that names what opening the original risks.
    fn confirm_original(&self, lang: Lang) -> Confirm {
        let name = terminal::line(&self.record.name).into_owned();
        let mut lines = vec![tr!(lang, "desk-original-intro", file = name.clone())];
        if let Some(risk) = &self.record.risk {
            lines.push(risk_sentence(lang, risk));
        }
        lines.push(match &self.record.cleaning {
            CleaningRecord::Cleaned { removed, .. } => {
                tr!(lang, "desk-original-keeps", what = removed.join(", "))
            }
            CleaningRecord::NotCleaned { reason } => {
                tr!(lang, "desk-original-not-cleaned", what = reason.clone())
            }
            CleaningRecord::Refused { reason } => {
                tr!(lang, "desk-original-refused", what = reason.clone())
            }
        });
        let runs_code = self.record.risk.as_deref().is_some_and(risk_runs_code);
        if runs_code {
            lines.push(tr!(lang, "desk-original-type-name", file = name.clone()));
        }
        let confirm = Confirm::new(
            tr!(lang, "desk-original-title"),
            &lines,
            (tr!(lang, "desk-original-yes"), tr!(lang, "desk-key-cancel")),
            Action::View {
                thread: self.thread.clone(),
                name: self.record.name.clone(),
                original: true,
            },
            None,
        );
        if runs_code {
            confirm.typing(&self.record.name)
        } else {
            confirm
        }
    }

    /// Handles a key: ↑↓ and Enter, or the choice's number.
    pub(super) fn key(&mut self, key: KeyEvent, lang: Lang) -> Outcome {
        match key.code {
            KeyCode::Up => self.selected = self.selected.saturating_sub(1),
            KeyCode::Down => self.selected = (self.selected + 1).min(self.choices.len() - 1),
            KeyCode::Enter => return self.choose(self.choices[self.selected], lang),
            KeyCode::Char(c @ '1'..='9') => {
                let index = (c as usize) - ('1' as usize);
                if let Some(&choice) = self.choices.get(index) {
                    return self.choose(choice, lang);
                }
            }
            KeyCode::Esc => return Outcome::Back,
            _ => {}
        }
        Outcome::None
    }

    /// The keys this dialog takes.
    pub(super) fn keys(lang: Lang) -> Keys {
        Keys::new(lang)
            .key("↑↓ 1-3", tr!(lang, "desk-key-choose"))
            .enter(tr!(lang, "desk-key-confirm"))
            .esc(tr!(lang, "desk-key-cancel"))
    }

    /// Draws the dialog over `area`.
    pub(super) fn draw(&self, frame: &mut Frame<'_>, area: Rect, lang: Lang) {
        let r = &self.record;
        let mut lines = vec![Line::styled(
            format!("{} · {}", terminal::line(&r.name), size(lang, r.size)),
            Style::default().add_modifier(Modifier::BOLD),
        )];
        if let Some(risk) = &r.risk {
            lines.push(Line::styled(
                format!("⚠ {}", risk_sentence(lang, risk)),
                Style::default().fg(Color::Red),
            ));
        }
        let cleaning = match &r.cleaning {
            CleaningRecord::Cleaned {
                format, removed, ..
            } => tr!(
                lang,
                "desk-cleaning-removed",
                what = format!("{format}: {}", removed.join(", "))
            ),
            CleaningRecord::NotCleaned { reason } => {
                tr!(lang, "desk-original-not-cleaned", what = reason.clone())
            }
            CleaningRecord::Refused { reason } => {
                tr!(lang, "desk-original-refused", what = reason.clone())
            }
        };
        lines.push(Line::from(terminal::line(&cleaning).into_owned()));
        lines.push(Line::from(""));
        for (i, choice) in self.choices.iter().enumerate() {
            let label = match choice {
                Choice::Cleaned => tr!(lang, "desk-attachment-cleaned"),
                Choice::AsText => tr!(lang, "desk-attachment-text"),
                Choice::Original => tr!(lang, "desk-attachment-original"),
            };
            let style = if i == self.selected {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default()
            };
            lines.push(Line::styled(format!("{}  {label}", i + 1), style));
        }
        if is_markup(r) {
            lines.push(Line::from(""));
            lines.push(Line::styled(
                tr!(lang, "desk-attachment-markup"),
                Style::default().add_modifier(Modifier::DIM),
            ));
        }
        let inner_width = usize::from(area.width.min(72).saturating_sub(2));
        let rows: usize = lines
            .iter()
            .map(|l| {
                let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
                super::pager::wrap(&text, inner_width).len()
            })
            .sum();
        let rect = popup(area, 72, u16::try_from(rows + 2).unwrap_or(u16::MAX));
        frame.render_widget(Clear, rect);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(format!(" {} ", tr!(lang, "desk-attachment-title")));
        frame.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false }),
            rect,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::BlobId;
    use ratatui::crossterm::event::KeyModifiers;

    fn record(name: &str, risk: Option<&str>, cleaned: bool) -> AttachmentRecord {
        AttachmentRecord {
            name: name.into(),
            entry_offset: 0,
            size: 1,
            risk: risk.map(str::to_owned),
            cleaning: if cleaned {
                CleaningRecord::Cleaned {
                    copy: BlobId::generate(),
                    format: "jpeg".into(),
                    removed: vec!["GPS".into()],
                }
            } else {
                CleaningRecord::NotCleaned {
                    reason: "plain text".into(),
                }
            },
        }
    }

    fn press(d: &mut AttachmentDialog, code: KeyCode) -> Outcome {
        d.key(KeyEvent::new(code, KeyModifiers::NONE), Lang::En)
    }

    #[test]
    fn the_cleaned_copy_comes_first_and_the_original_needs_a_confirmation() {
        let mut d = AttachmentDialog::new("t", record("photo.jpg", None, true));
        assert!(matches!(
            press(&mut d, KeyCode::Enter),
            Outcome::Close(Action::View {
                original: false,
                ..
            })
        ));
        let Outcome::Replace(screen) = press(&mut d, KeyCode::Char('3')) else {
            panic!("the original asks first");
        };
        let Screen::Confirm(mut confirm) = *screen else {
            panic!("a confirmation");
        };
        // Enter alone cancels.
        assert!(matches!(
            confirm.key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
            Outcome::Back
        ));
    }

    #[test]
    fn pages_and_svg_are_only_read_as_text() {
        for (name, risk) in [
            ("page.html", None),
            ("x.SVG", None),
            ("a.txt", Some("html")),
        ] {
            let r = record(name, risk, false);
            assert!(is_markup(&r), "{name}");
            let mut d = AttachmentDialog::new("t", r);
            assert_eq!(d.choices, vec![Choice::AsText]);
            assert!(matches!(press(&mut d, KeyCode::Char('2')), Outcome::None));
        }
        assert!(!is_markup(&record("photo.jpg", None, true)));
        assert!(looks_like_markup(b"\xef\xbb\xbf  <!DOCTYPE html>"));
        assert!(looks_like_markup(b"<svg xmlns"));
        assert!(!looks_like_markup(b"%PDF-1.7"));
    }

    #[test]
    fn a_program_asks_for_its_name() {
        let mut d = AttachmentDialog::new("t", record("run.exe", Some("executable"), false));
        let Outcome::Replace(screen) = press(&mut d, KeyCode::Char('2')) else {
            panic!("the original asks first");
        };
        let Screen::Confirm(mut confirm) = *screen else {
            panic!("a confirmation");
        };
        let key = |c| KeyEvent::new(c, KeyModifiers::NONE);
        confirm.key(key(KeyCode::Right));
        assert!(matches!(
            confirm.key(key(KeyCode::Enter)),
            Outcome::Problem(Problem::NameMismatch)
        ));
    }
}
