//! The inbox: every thread, newest activity first, two rows each.
//!
//! The first row says when the thread last moved, its state as the team set
//! it, who handles it, and its markers: new messages (●, since this
//! reviewer's last outbox), no reply yet, a conflict between reviewers, and
//! messages this key cannot read. The second row is the first words of its
//! first message. `/` filters the threads by the text of every message,
//! reply and note, searched in memory ([`super::Threads`]).

use std::cell::Cell;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::input::{Edit, Input};
use super::{Keys, Outcome, Threads, fold, pad, state_label, truncate};
use crate::i18n::{Lang, spoken_date};
use crate::review::ThreadSummary;
use crate::terminal;
use crate::tr;

/// The inbox's state.
#[derive(Debug, Default)]
pub(super) struct Inbox {
    /// Threads shown (indices into [`Threads::views`]), after the search.
    shown: Vec<usize>,
    /// The selected one, an index into `shown`.
    selected: usize,
    /// What is searched for.
    query: Input,
    /// Whether keys go to the search field.
    searching: bool,
    /// The first thread drawn (so the selection stays in view).
    offset: Cell<usize>,
    /// Threads the last draw had room for.
    room: Cell<usize>,
}

impl Inbox {
    /// Recomputes what is shown after the threads or the search changed,
    /// keeping the selected thread selected if it is still there.
    pub(super) fn refresh(&mut self, threads: &Threads) {
        let keep = self.selected_id(threads).map(str::to_owned);
        let query = fold(self.query.text().trim());
        self.shown = (0..threads.views.len())
            .filter(|&i| query.is_empty() || threads.haystacks[i].contains(&query))
            .collect();
        self.selected = keep
            .and_then(|id| {
                self.shown
                    .iter()
                    .position(|&i| threads.views[i].summary.id == id)
            })
            .unwrap_or(0)
            .min(self.shown.len().saturating_sub(1));
    }

    /// The selected thread's id.
    pub(super) fn selected_id<'t>(&self, threads: &'t Threads) -> Option<&'t str> {
        let index = *self.shown.get(self.selected)?;
        threads.views.get(index).map(|v| v.summary.id.as_str())
    }

    /// Text pasted while searching goes into the search.
    pub(super) fn paste(&mut self, text: &str, threads: &Threads) {
        if self.searching {
            self.query.insert(text);
            self.refresh(threads);
        }
    }

    /// Handles a key.
    pub(super) fn key(&mut self, key: KeyEvent, threads: &Threads) -> Outcome {
        if self.searching {
            match key.code {
                KeyCode::Enter => self.searching = false,
                KeyCode::Esc => {
                    self.searching = false;
                    self.query = Input::default();
                    self.refresh(threads);
                }
                KeyCode::Up | KeyCode::Down => {
                    self.searching = false;
                    return self.key(key, threads);
                }
                _ => {
                    if self.query.key(key) == Edit::Changed {
                        self.refresh(threads);
                    }
                }
            }
            return Outcome::None;
        }
        let selected = || self.selected_id(threads).map(str::to_owned);
        match key.code {
            KeyCode::Up => self.selected = self.selected.saturating_sub(1),
            KeyCode::Down => {
                self.selected = (self.selected + 1).min(self.shown.len().saturating_sub(1));
            }
            KeyCode::PageUp => self.selected = self.selected.saturating_sub(self.page()),
            KeyCode::PageDown => {
                self.selected =
                    (self.selected + self.page()).min(self.shown.len().saturating_sub(1));
            }
            KeyCode::Home => self.selected = 0,
            KeyCode::End => self.selected = self.shown.len().saturating_sub(1),
            KeyCode::Enter => return selected().map_or(Outcome::None, Outcome::OpenThread),
            KeyCode::Char('r') => return selected().map_or(Outcome::None, Outcome::Reply),
            KeyCode::Char('n') => return selected().map_or(Outcome::None, Outcome::Note),
            KeyCode::Char('m') => return selected().map_or(Outcome::None, Outcome::Mark),
            KeyCode::Char('/') => self.searching = true,
            KeyCode::Esc if !self.query.text().is_empty() => {
                self.query = Input::default();
                self.refresh(threads);
            }
            _ => return Outcome::Global(key),
        }
        Outcome::None
    }

    fn page(&self) -> usize {
        self.room.get().max(1)
    }

    /// The keys this screen takes, for the last line.
    pub(super) fn keys(&self, lang: Lang) -> Keys {
        if self.searching {
            return Keys::new(lang)
                .enter(tr!(lang, "desk-key-search-done"))
                .esc(tr!(lang, "desk-key-clear"));
        }
        let keys = Keys::new(lang)
            .key("↑↓", tr!(lang, "desk-key-move"))
            .enter(tr!(lang, "desk-key-open"))
            .key("r", tr!(lang, "desk-key-reply"))
            .key("n", tr!(lang, "desk-key-note"))
            .key("m", tr!(lang, "desk-key-mark"))
            .key("o", tr!(lang, "desk-key-outbox"))
            .key("b", tr!(lang, "desk-key-bundle"))
            .key("/", tr!(lang, "desk-key-search"));
        let keys = if self.query.text().is_empty() {
            keys
        } else {
            keys.esc(tr!(lang, "desk-key-clear"))
        };
        keys.key("?", tr!(lang, "desk-key-help"))
            .key("q", tr!(lang, "desk-key-quit"))
    }

    /// The first line: the counts, or the search and what it found.
    fn draw_summary(&self, frame: &mut Frame<'_>, area: Rect, threads: &Threads, lang: Lang) {
        let buf = frame.buffer_mut();
        let y = area.y;
        // The summary, or the search.
        let summary = if self.searching || !self.query.text().is_empty() {
            let query = terminal::line(self.query.text()).into_owned();
            let found = if self.query.text().trim().is_empty() {
                String::new()
            } else if self.shown.is_empty() {
                tr!(lang, "desk-search-none", query = query.clone())
            } else {
                tr!(lang, "desk-search-found", count = self.shown.len())
            };
            Line::from(vec![
                Span::styled(
                    format!("/ {}", tr!(lang, "desk-search-prompt")),
                    Style::default().add_modifier(Modifier::BOLD),
                ),
                Span::raw(" "),
                Span::styled(query, Style::default().add_modifier(Modifier::UNDERLINED)),
                Span::raw("   "),
                Span::raw(found),
            ])
        } else {
            Line::from(summary_line(threads, lang))
        };
        buf.set_line(area.x, y, &summary, area.width);
        if self.searching {
            let before = unicode_width::UnicodeWidthStr::width(self.query.before_cursor());
            let prompt = unicode_width::UnicodeWidthStr::width(
                format!("/ {} ", tr!(lang, "desk-search-prompt")).as_str(),
            );
            let x = area.x + u16::try_from(prompt + before).unwrap_or(area.width);
            frame.set_cursor_position((x.min(area.right().saturating_sub(1)), y));
        }
    }

    /// Draws the inbox into `area`.
    pub(super) fn draw(&self, frame: &mut Frame<'_>, area: Rect, threads: &Threads, lang: Lang) {
        let width = usize::from(area.width);
        self.draw_summary(frame, area, threads, lang);
        let mut y = area.y;
        let buf = frame.buffer_mut();
        y += 2;
        if threads.views.is_empty() {
            let text = tr!(lang, "desk-inbox-empty");
            for (range, y) in super::pager::wrap(&text, width.saturating_sub(2))
                .into_iter()
                .zip(y..area.bottom())
            {
                buf.set_stringn(area.x + 2, y, &text[range], width, Style::default());
            }
            return;
        }
        let rows = usize::from(area.bottom().saturating_sub(y));
        let room = (rows / 2).max(1);
        self.room.set(room);
        let mut offset = self.offset.get();
        if self.selected < offset {
            offset = self.selected;
        } else if self.selected >= offset + room {
            offset = self.selected + 1 - room;
        }
        self.offset.set(offset);
        let summaries: Vec<&ThreadSummary> = self
            .shown
            .iter()
            .skip(offset)
            .take(room)
            .map(|&i| &threads.views[i].summary)
            .collect();
        let dates: Vec<String> = summaries
            .iter()
            .map(|s| spoken_date(lang, &s.last_day))
            .collect();
        let date_width = dates.iter().map(|d| width_of(d)).max().unwrap_or(0);
        let state_width = [
            crate::review::ThreadState::New,
            crate::review::ThreadState::Open,
            crate::review::ThreadState::Answered,
            crate::review::ThreadState::Handled,
        ]
        .into_iter()
        .map(|s| width_of(&state_label(lang, s)))
        .max()
        .unwrap_or(0);
        for (n, (summary, date)) in summaries.iter().zip(&dates).enumerate() {
            let selected = offset + n == self.selected;
            let mut style = Style::default();
            if summary.new_messages > 0 {
                style = style.add_modifier(Modifier::BOLD);
            }
            if selected {
                style = style.add_modifier(Modifier::REVERSED);
            }
            let first = terminal::line(&row_text(summary, date, date_width, state_width, lang))
                .into_owned();
            buf.set_stringn(area.x, y, pad(&first, width), width, style);
            let words = if summary.first_words.is_empty() {
                tr!(lang, "desk-no-text")
            } else {
                terminal::line(&summary.first_words).into_owned()
            };
            let second = format!("     {}", truncate(&words, width.saturating_sub(6)));
            let dim = if selected {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default().add_modifier(Modifier::DIM)
            };
            buf.set_stringn(area.x, y + 1, pad(&second, width), width, dim);
            y += 2;
        }
    }
}

fn width_of(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// `N threads · N new messages · N unanswered`.
fn summary_line(threads: &Threads, lang: Lang) -> String {
    let views = &threads.views;
    let new: usize = views.iter().map(|v| v.summary.new_messages).sum();
    let unanswered = views.iter().filter(|v| v.summary.unanswered).count();
    [
        tr!(lang, "desk-count-threads", count = views.len()),
        tr!(lang, "desk-count-new", count = new),
        tr!(lang, "desk-count-unanswered", count = unanswered),
    ]
    .join(" · ")
}

/// The first row of a thread: markers, day, state, handler, flags.
pub(super) fn row_text(
    summary: &ThreadSummary,
    date: &str,
    date_width: usize,
    state_width: usize,
    lang: Lang,
) -> String {
    let bullet = if summary.new_messages > 0 { '●' } else { ' ' };
    let mut state = state_label(lang, summary.state.state());
    if summary.state.conflict() {
        state.push('!');
    }
    let handler = summary
        .state
        .handler()
        .map(|h| format!("→ {}", truncate(&terminal::line(h), 14)))
        .unwrap_or_default();
    let mut flags = Vec::new();
    if summary.new_messages > 0 {
        flags.push(tr!(lang, "desk-marker-new", count = summary.new_messages));
    }
    if summary.unanswered {
        flags.push(tr!(lang, "desk-marker-unanswered"));
    }
    if summary.state.conflict() {
        flags.push(tr!(lang, "desk-marker-conflict"));
    }
    if summary.unreadable > 0 {
        flags.push(tr!(
            lang,
            "desk-marker-unreadable",
            count = summary.unreadable
        ));
    }
    format!(
        " {bullet}  {}  {}  {}  {}",
        pad(date, date_width),
        pad(&state, state_width + 1),
        pad(&handler, 16),
        flags.join(" · ")
    )
}
