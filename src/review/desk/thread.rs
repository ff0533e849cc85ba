//! One thread: its messages, replies, notes and states in the order they
//! happened, with each attachment's size, risk and cleaning; Tab selects an
//! attachment and Enter opens it (through [`super::attachment`]).
//!
//! A message this key cannot open (sealed before the reviewer was added) is
//! shown as such, with who else can read it: the thread never hides that
//! something is there.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

use super::pager::{Doc, Pager};
use super::{Keys, Outcome, risk_label, size, state_label};
use crate::i18n::{Lang, spoken_date};
use crate::review::workspace::{CleaningRecord, QueuedKind, Readable};
use crate::review::{Event, ThreadView};
use crate::tr;

/// An attachment as the thread screen lists it.
#[derive(Clone, Debug)]
pub(super) struct Listed {
    /// Its doc line.
    line: usize,
    /// Its name in the workspace.
    pub(super) name: String,
}

/// The thread screen's state.
#[derive(Debug)]
pub(super) struct ThreadScreen {
    /// The thread's id.
    pub(super) id: String,
    doc: Doc,
    pager: Pager,
    attachments: Vec<Listed>,
    selected: Option<usize>,
}

fn bold() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

impl ThreadScreen {
    /// The screen for `view`, at its top.
    pub(super) fn new(view: &ThreadView, lang: Lang) -> Self {
        let (doc, attachments) = build(view, lang);
        Self {
            id: view.summary.id.clone(),
            doc,
            pager: Pager::default(),
            attachments,
            selected: None,
        }
    }

    /// Rebuilds the screen from a newer `view` of the same thread, keeping
    /// the position and the selection where they still make sense.
    pub(super) fn update(&mut self, view: &ThreadView, lang: Lang) {
        let (doc, attachments) = build(view, lang);
        self.doc = doc;
        self.attachments = attachments;
        self.selected = self.selected.filter(|&i| i < self.attachments.len());
        self.pager.clamp(&self.doc);
    }

    /// The selected attachment's name.
    pub(super) fn selected_attachment(&self) -> Option<&str> {
        self.selected
            .and_then(|i| self.attachments.get(i))
            .map(|a| a.name.as_str())
    }

    /// Handles a key.
    pub(super) fn key(&mut self, key: KeyEvent) -> Outcome {
        if self.pager.scroll_key(&self.doc, key.code) {
            return Outcome::None;
        }
        match key.code {
            KeyCode::Tab | KeyCode::BackTab => {
                if self.attachments.is_empty() {
                    return Outcome::None;
                }
                let n = self.attachments.len();
                let next = match (self.selected, key.code) {
                    (None, KeyCode::Tab) => 0,
                    (None, _) => n - 1,
                    (Some(i), KeyCode::Tab) => (i + 1) % n,
                    (Some(i), _) => (i + n - 1) % n,
                };
                self.selected = Some(next);
                self.pager.reveal(&self.doc, self.attachments[next].line);
            }
            KeyCode::Enter => {
                if let Some(name) = self.selected_attachment() {
                    return Outcome::Attachment(self.id.clone(), name.to_owned());
                }
            }
            KeyCode::Char('r') => return Outcome::Reply(self.id.clone()),
            KeyCode::Char('n') => return Outcome::Note(self.id.clone()),
            KeyCode::Char('m') => return Outcome::Mark(self.id.clone()),
            KeyCode::Esc => return Outcome::Back,
            _ => return Outcome::Global(key),
        }
        Outcome::None
    }

    /// How far down the reader is, for the title bar.
    pub(super) fn percent(&self) -> usize {
        self.pager.percent(&self.doc)
    }

    /// The keys this screen takes, for the last line.
    pub(super) fn keys(&self, lang: Lang) -> Keys {
        let keys = Keys::new(lang).key("↑↓ PgUp PgDn", tr!(lang, "desk-key-scroll"));
        let keys = if self.attachments.is_empty() {
            keys
        } else {
            keys.key("Tab", tr!(lang, "desk-key-attachment"))
        };
        let keys = if self.selected.is_some() {
            keys.enter(tr!(lang, "desk-key-open-file"))
        } else {
            keys
        };
        keys.key("r", tr!(lang, "desk-key-reply"))
            .key("n", tr!(lang, "desk-key-note"))
            .key("m", tr!(lang, "desk-key-mark"))
            .key("o", tr!(lang, "desk-key-outbox"))
            .esc(tr!(lang, "desk-key-back"))
            .key("?", tr!(lang, "desk-key-help"))
            .key("q", tr!(lang, "desk-key-quit"))
    }

    /// Draws the thread into `area`.
    pub(super) fn draw(&self, frame: &mut Frame<'_>, area: Rect) {
        let highlight = self
            .selected
            .and_then(|i| self.attachments.get(i))
            .map(|a| a.line);
        self.pager
            .render(&self.doc, area, frame.buffer_mut(), highlight);
    }
}

/// The thread as doc lines, and where its attachments are.
// One match over the kinds of event, read top to bottom as the screen shows them.
#[allow(clippy::too_many_lines)]
fn build(view: &ThreadView, lang: Lang) -> (Doc, Vec<Listed>) {
    let mut doc = Doc::default();
    let mut attachments = Vec::new();
    let s = &view.summary;
    let unknown = || "?".to_owned();
    doc.push_line(
        tr!(
            lang,
            "desk-thread-started",
            id = s.id.clone(),
            date = spoken_date(lang, &s.created_day)
        ),
        bold(),
    );
    let mut state = tr!(
        lang,
        "desk-thread-state",
        what = state_label(lang, s.state.state())
    );
    if let Some(handler) = s.state.handler() {
        state.push_str(" · ");
        state.push_str(&tr!(lang, "desk-thread-handler", name = handler.to_owned()));
    }
    doc.push_line(state, Style::default());
    if s.state.conflict() {
        let day = s.state.day.as_deref().unwrap_or_default();
        doc.push_line(
            tr!(lang, "desk-thread-conflict", date = spoken_date(lang, day)),
            Style::default()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
        );
        for (state, handler, by) in &s.state.latest {
            let mut what = state_label(lang, *state);
            if let Some(h) = handler {
                what.push_str(" → ");
                what.push_str(h);
            }
            doc.push_line(
                format!(
                    "  {}",
                    tr!(
                        lang,
                        "desk-thread-conflict-entry",
                        name = by.clone().unwrap_or_else(unknown),
                        what = what
                    )
                ),
                Style::default().fg(Color::Yellow),
            );
        }
    }
    if s.unreadable > 0 {
        doc.push_line(
            tr!(lang, "desk-thread-unreadable", count = s.unreadable),
            Style::default().fg(Color::Yellow),
        );
    }
    let header = |doc: &mut Doc, text: String| {
        doc.blank();
        doc.push_line(format!("▶ {text}"), bold().fg(Color::Cyan));
    };
    for event in &view.events {
        match event {
            Event::Message(m) => {
                let date = spoken_date(lang, &m.day);
                let title = match m.kind {
                    crate::bundle::MessageKind::Tip => tr!(lang, "desk-event-tip", date = date),
                    crate::bundle::MessageKind::Followup => {
                        tr!(lang, "desk-event-followup", date = date)
                    }
                };
                header(&mut doc, title);
                match &m.readable {
                    Readable::Yes => {}
                    Readable::NotSealedToThisKey => doc.push_line(
                        tr!(lang, "desk-event-not-sealed"),
                        Style::default().fg(Color::Yellow),
                    ),
                    Readable::Damaged(why) => doc.push_line(
                        tr!(lang, "desk-event-damaged", what = why.clone()),
                        Style::default().fg(Color::Red),
                    ),
                }
                if !m.text.is_empty() {
                    doc.push_text(&m.text, Style::default());
                }
                for a in &m.attachments {
                    let mut parts = vec![format!("  • {}", a.name), size(lang, a.size)];
                    if let Some(risk) = &a.risk {
                        parts.push(format!("⚠ {}", risk_label(lang, risk)));
                    }
                    parts.push(match &a.cleaning {
                        CleaningRecord::Cleaned { format, .. } => {
                            tr!(lang, "desk-cleaning-cleaned", what = format.clone())
                        }
                        CleaningRecord::NotCleaned { .. } => tr!(lang, "desk-cleaning-not-cleaned"),
                        CleaningRecord::Refused { .. } => tr!(lang, "desk-cleaning-refused"),
                    });
                    let style = if a.risk.is_some()
                        || matches!(a.cleaning, CleaningRecord::Refused { .. })
                    {
                        Style::default().fg(Color::Red)
                    } else {
                        Style::default()
                    };
                    attachments.push(Listed {
                        line: doc.len(),
                        name: a.name.clone(),
                    });
                    doc.push_line(parts.join(" · "), style);
                }
            }
            Event::Reply(r) => {
                let by = r.by.clone().unwrap_or_else(unknown);
                header(
                    &mut doc,
                    tr!(
                        lang,
                        "desk-event-reply",
                        name = by,
                        date = spoken_date(lang, &r.day)
                    ),
                );
                match &r.text {
                    Some(text) => doc.push_text(text, Style::default()),
                    None => doc.push_line(
                        tr!(lang, "desk-event-sealed"),
                        Style::default().fg(Color::Yellow),
                    ),
                }
            }
            Event::Note(n) => {
                let by = n.by.clone().unwrap_or_else(unknown);
                let date = spoken_date(lang, &n.day);
                let Some(body) = &n.body else {
                    header(
                        &mut doc,
                        tr!(lang, "desk-event-note", name = by, date = date),
                    );
                    doc.push_line(
                        tr!(lang, "desk-event-sealed"),
                        Style::default().fg(Color::Yellow),
                    );
                    continue;
                };
                if let Some(state) = body.state {
                    let mut what = state_label(lang, state);
                    if let Some(h) = &body.handler {
                        what.push_str(" → ");
                        what.push_str(h);
                    }
                    header(
                        &mut doc,
                        tr!(
                            lang,
                            "desk-event-state",
                            name = by.clone(),
                            date = date.clone(),
                            what = what
                        ),
                    );
                }
                if let Some(text) = &body.note {
                    header(
                        &mut doc,
                        tr!(lang, "desk-event-note", name = by, date = date),
                    );
                    doc.push_text(text, Style::default().fg(Color::Yellow));
                }
            }
            Event::Mine(q, sent) => {
                let date = spoken_date(lang, &q.day);
                let mut title = match (q.kind, q.team.as_ref().and_then(|t| t.state)) {
                    (QueuedKind::Reply, _) => tr!(lang, "desk-event-mine-reply", date = date),
                    (QueuedKind::Team, Some(state)) => {
                        let mut what = state_label(lang, state);
                        if let Some(h) = q.team.as_ref().and_then(|t| t.handler.as_ref()) {
                            what.push_str(" → ");
                            what.push_str(h);
                        }
                        tr!(lang, "desk-event-mine-state", date = date, what = what)
                    }
                    (QueuedKind::Team, None) => tr!(lang, "desk-event-mine-note", date = date),
                };
                title.push_str(" · ");
                title.push_str(&if *sent {
                    tr!(lang, "desk-event-mine-sent")
                } else {
                    tr!(lang, "desk-event-mine-queued")
                });
                header(&mut doc, title);
                let text = match &q.team {
                    Some(team) => team.note.as_deref(),
                    None => Some(q.text.as_str()),
                };
                if let Some(text) = text {
                    doc.push_text(text, Style::default().add_modifier(Modifier::ITALIC));
                }
            }
        }
    }
    if let Some(draft) = &view.draft {
        header(&mut doc, tr!(lang, "desk-event-draft"));
        doc.push_text(draft, Style::default().add_modifier(Modifier::DIM));
    }
    (doc, attachments)
}
