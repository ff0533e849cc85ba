//! `gundo review desk`: the full-screen terminal program reviewers use on
//! the air-gapped laptop (Tails has no browser for local pages, DESIGN §6).
//!
//! It is the state → `draw(frame, &state)` → key → new state loop of
//! gitui and the ratatui examples. [`App`] is the whole state: the threads
//! read once from the workspace ([`crate::review::show_all`], kept in
//! memory, searched there — nothing is indexed on disk), the inbox, and a
//! stack of screens above it (thread, editor, dialogs, outbox, help), each
//! in its own file, drawing itself and handling its keys. A key never does
//! I/O: it yields an [`Action`], which [`Desk`] performs by calling the
//! same library functions as the `review` commands, then hands the result
//! back to the state. Drawing reads the state and nothing else.
//!
//! Everything shown that came from a submitter or a reviewer (texts, file
//! names, notes, names) goes through [`crate::terminal`]: control
//! characters, escape sequences and bidi overrides become visible
//! placeholders and are never sent to the terminal. Long texts are drawn a
//! window at a time ([`pager`]). Every sentence comes from the catalogues
//! (`desk-…` messages, [`crate::tr`]). Arabic is shown in logical order;
//! a terminal that cannot shape it shows the letters unjoined, and the desk
//! says so when it runs in Arabic.
//!
//! Plaintext leaves memory only into the private RAM folder ([`ramdir`]),
//! while an outside viewer shows a file, and for the outbox (which holds
//! only sealed items). The identity is the caller's ([`Session`]); freed
//! memory is wiped by the binary's allocator.

mod attachment;
mod bundle;
mod confirm;
mod editor;
mod help;
mod inbox;
mod input;
mod mark;
mod outbox;
mod pager;
mod ramdir;
mod reader;
mod thread;

use std::cell::RefCell;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use ratatui::Frame;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    self, Event as TermEvent, KeyCode, KeyEvent, KeyEventKind, KeyModifiers,
};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Gauge};
use unicode_width::UnicodeWidthStr;

use crate::i18n::Lang;
use crate::keys::ReviewerIdentity;
use crate::review::trust::{Confirm as TrustConfirm, ReviewerChange, TrustOptions};
use crate::review::{self, Event, ReviewError, Session, ThreadState, ThreadView};
use crate::terminal;
use crate::tr;

use attachment::AttachmentDialog;
use bundle::BundleScreen;
use confirm::Confirm;
use editor::{Editor, Kind};
use inbox::Inbox;
use mark::MarkDialog;
use outbox::{Counts, OutboxScreen};
use pager::Doc;
use ramdir::{Place, RamDir};
use reader::Reader;
use thread::ThreadScreen;

/// The environment variable naming the outside viewer (default `xdg-open`).
pub const VIEWER_VARIABLE: &str = "GUNDO_DESK_VIEWER";

/// Largest part of an attachment read as text inside the desk.
const MAX_TEXT_VIEW: usize = 16 * 1024 * 1024;

/// How the desk is started.
pub struct Options<'a> {
    /// The workspace folder.
    pub workspace: &'a Path,
    /// A bundle to open first.
    pub bundle: Option<&'a Path>,
    /// The language of every screen.
    pub lang: Lang,
    /// The reviewer's name (signs outboxes, names them).
    pub signer: &'a str,
    /// The key that signs outboxes (a plugin identity has none).
    pub signing: Option<&'a ReviewerIdentity>,
}

/// Why the desk stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    /// The terminal could not be set up or read.
    #[error("the terminal: {0}")]
    Terminal(#[from] io::Error),
    /// The workspace could not be read.
    #[error(transparent)]
    Review(#[from] ReviewError),
}

/// Runs the desk on this terminal until the reviewer quits.
pub fn run(session: &Session<'_>, options: &Options<'_>) -> Result<(), DeskError> {
    let place = ramdir::locate(
        std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from),
        Path::new("/dev/shm"),
    );
    if let Some(base) = place.base() {
        ramdir::remove_stale(base);
    }
    let lang = options.lang;
    let views = review::show_all(session, options.workspace)?;
    let mut app = App::new(lang, options.signer, views, files_note(lang, &place));
    match &place {
        Place::Shm(_, _) | Place::Nowhere => app.note(Tone::Warning, files_note(lang, &place)),
        Place::Runtime(_) if lang == Lang::Ar => {
            app.note(Tone::Info, tr!(lang, "desk-arabic-note"));
        }
        Place::Runtime(_) => app.note(Tone::Info, tr!(lang, "desk-welcome")),
    }
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    let guard = TerminalGuard::enter()?;
    let terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let mut desk = Desk {
        session,
        options,
        terminal,
        ram: RamDir::new(place),
        viewer: std::env::var(VIEWER_VARIABLE).ok(),
    };
    if let Some(bundle) = options.bundle {
        desk.perform(
            &mut app,
            Action::OpenBundle {
                path: bundle.display().to_string(),
            },
        );
    }
    let result = desk.run(&mut app, &stop);
    // Wiped before the terminal is given back.
    drop(desk);
    drop(guard);
    result
}

/// Raw mode, the alternate screen and bracketed paste, undone on drop (also
/// when a panic unwinds).
struct TerminalGuard;

impl TerminalGuard {
    fn enter() -> io::Result<Self> {
        use ratatui::crossterm::{event::EnableBracketedPaste, execute, terminal};
        terminal::enable_raw_mode()?;
        let guard = Self;
        execute!(
            io::stdout(),
            terminal::EnterAlternateScreen,
            EnableBracketedPaste
        )?;
        Ok(guard)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        use ratatui::crossterm::{cursor, event::DisableBracketedPaste, execute, terminal};
        let _ = execute!(
            io::stdout(),
            DisableBracketedPaste,
            terminal::LeaveAlternateScreen,
            cursor::Show
        );
        let _ = terminal::disable_raw_mode();
        let _ = io::stdout().flush();
    }
}

/// What the help says about where opened files go.
fn files_note(lang: Lang, place: &Place) -> String {
    let folder =
        |base: &Path| terminal::line(&base.join("gundo-desk-…").display().to_string()).into_owned();
    match place {
        Place::Runtime(base) => tr!(lang, "desk-files-runtime", path = folder(base)),
        Place::Shm(base, None) => tr!(lang, "desk-files-shm-unset", path = folder(base)),
        Place::Shm(base, Some(runtime)) => tr!(
            lang,
            "desk-files-shm-disk",
            path = folder(base),
            what = terminal::line(&runtime.display().to_string()).into_owned()
        ),
        Place::Nowhere => tr!(lang, "desk-files-nowhere"),
    }
}

// ---------------------------------------------------------------------------
// The state.

/// The threads, held in memory while the desk runs, with what `/` searches.
#[derive(Debug, Default)]
struct Threads {
    /// Every thread, newest activity first.
    views: Vec<ThreadView>,
    /// For each, its texts (messages, replies, notes, file names) folded
    /// for search ([`fold`]).
    haystacks: Vec<String>,
}

impl Threads {
    fn new(views: Vec<ThreadView>) -> Self {
        let haystacks = views.iter().map(haystack).collect();
        Self { views, haystacks }
    }

    fn get(&self, id: &str) -> Option<&ThreadView> {
        self.views.iter().find(|v| v.summary.id == id)
    }
}

/// Everything `/` finds a thread by.
fn haystack(view: &ThreadView) -> String {
    let mut text = String::new();
    let mut add = |s: &str| {
        text.push_str(&fold(s));
        text.push('\n');
    };
    add(&view.summary.id);
    for event in &view.events {
        match event {
            Event::Message(m) => {
                add(&m.text);
                for a in &m.attachments {
                    add(&a.name);
                }
            }
            Event::Reply(r) => add(r.text.as_deref().unwrap_or_default()),
            Event::Note(n) => {
                if let Some(body) = &n.body {
                    add(body.note.as_deref().unwrap_or_default());
                    add(body.handler.as_deref().unwrap_or_default());
                }
                add(n.by.as_deref().unwrap_or_default());
            }
            Event::Mine(q, _) => add(&q.text),
        }
    }
    if let Some(draft) = &view.draft {
        add(draft);
    }
    text
}

/// Text as search compares it: lower case, without the accents of French
/// and other Latin letters (é → e, œ → oe), without Arabic short vowels and
/// tatweel, alef forms as plain alef. "evenement" finds "Événement".
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        for c in c.to_lowercase() {
            match c {
                'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => out.push('a'),
                'æ' => out.push_str("ae"),
                'ç' => out.push('c'),
                'è' | 'é' | 'ê' | 'ë' => out.push('e'),
                'ì' | 'í' | 'î' | 'ï' => out.push('i'),
                'ñ' => out.push('n'),
                'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => out.push('o'),
                'œ' => out.push_str("oe"),
                'ù' | 'ú' | 'û' | 'ü' => out.push('u'),
                'ý' | 'ÿ' => out.push('y'),
                '\u{0640}' | '\u{064B}'..='\u{065F}' | '\u{0670}' => {}
                'أ' | 'إ' | 'آ' | 'ٱ' => out.push('ا'),
                'ى' => out.push('ي'),
                c => out.push(c),
            }
        }
    }
    out
}

/// A screen above the inbox.
#[derive(Debug)]
enum Screen {
    /// One thread.
    Thread(ThreadScreen),
    /// A reply or note being written.
    Editor(Editor),
    /// A long text: the help, an attachment read as text.
    Reader(Reader),
    /// The outbox.
    Outbox(OutboxScreen),
    /// Opening a bundle.
    Bundle(BundleScreen),
    /// Setting a thread's state.
    Mark(MarkDialog),
    /// What to do with an attachment.
    Attachment(AttachmentDialog),
    /// A question needing an explicit answer.
    Confirm(Confirm),
}

impl Screen {
    /// Whether it is drawn over the screen below it.
    fn is_dialog(&self) -> bool {
        matches!(
            self,
            Screen::Mark(_) | Screen::Attachment(_) | Screen::Confirm(_)
        )
    }
}

/// What a key did, for the [`App`] to carry out.
#[derive(Debug)]
enum Outcome {
    /// Nothing more.
    None,
    /// Close this screen.
    Back,
    /// Leave the desk.
    Quit,
    /// Not a key of this screen: perhaps one every screen takes (`?`, `q`, `o`, `b`).
    Global(KeyEvent),
    /// Open this thread.
    OpenThread(String),
    /// Write a reply to this thread.
    Reply(String),
    /// Write a note about this thread.
    Note(String),
    /// Set this thread's state.
    Mark(String),
    /// What to do with this attachment (thread, name).
    Attachment(String, String),
    /// Close this screen and show another instead.
    Replace(Box<Screen>),
    /// Do this (the screen stays).
    Act(Action),
    /// Close this screen, then do this.
    Close(Action),
    /// Leave the editor (keeping a reply's text as the draft).
    LeaveEditor,
    /// Say what is wrong, on the status line.
    Problem(Problem),
}

/// Something the reviewer got wrong, said on the status line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Problem {
    /// Nothing to send.
    EmptyText,
    /// Longer than the library takes.
    TooLong,
    /// The typed name is not the file's.
    NameMismatch,
    /// A page or SVG image: never handed to a browser.
    NeverInBrowser,
}

/// Work for [`Desk`]: every call into the library and every file.
#[derive(Clone, Debug)]
enum Action {
    /// Seal and queue a reply or a note.
    Queue {
        /// The thread.
        thread: String,
        /// Reply or note.
        kind: Kind,
        /// Its text.
        text: String,
    },
    /// Keep a reply's draft.
    SaveDraft {
        /// The thread.
        thread: String,
        /// The draft.
        text: String,
    },
    /// Queue a state.
    Mark {
        /// The thread.
        thread: String,
        /// The state.
        state: ThreadState,
        /// Who handles it.
        handler: Option<String>,
    },
    /// Show the outbox screen (finding the folders to write to).
    PrepareOutbox,
    /// Write the outbox into this folder.
    WriteOutbox {
        /// The folder.
        folder: String,
    },
    /// Show the bundle screen (finding the bundles).
    PrepareBundle,
    /// Open this bundle.
    OpenBundle {
        /// Its path.
        path: String,
    },
    /// Show an attachment in the outside viewer, through the RAM folder.
    View {
        /// The thread.
        thread: String,
        /// The attachment's name.
        name: String,
        /// The original rather than the cleaned copy.
        original: bool,
    },
    /// Show an attachment's original as text inside the desk.
    ReadAsText {
        /// The thread.
        thread: String,
        /// The attachment's name.
        name: String,
    },
    /// The answer to a question asked while a bundle opens.
    Answer(bool),
}

/// What the loop does after a key.
#[derive(Debug)]
enum Step {
    /// Go on.
    Continue,
    /// Leave.
    Quit,
    /// Perform this, then go on.
    Do(Action),
}

/// How a status line reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tone {
    /// Done, or good to know.
    Info,
    /// Take care.
    Warning,
    /// It failed.
    Error,
}

/// A long operation under way: its progress bar, in bytes.
#[derive(Debug)]
struct Progress {
    label: String,
    done: u64,
    total: Option<u64>,
}

/// The whole state of the desk.
#[derive(Debug)]
struct App {
    lang: Lang,
    me: String,
    threads: Threads,
    inbox: Inbox,
    stack: Vec<Screen>,
    status: Option<(Tone, String)>,
    progress: Option<Progress>,
    files: String,
    /// Notes being written, by thread (in memory only, for this run).
    note_drafts: std::collections::HashMap<String, String>,
}

impl App {
    /// The state on the inbox, for reviewer `me`, with `views` read from the
    /// workspace; `files` says where opened files go.
    fn new(lang: Lang, me: &str, views: Vec<ThreadView>, files: String) -> Self {
        let mut app = Self {
            lang,
            me: me.to_owned(),
            threads: Threads::default(),
            inbox: Inbox::default(),
            stack: Vec::new(),
            status: None,
            progress: None,
            files,
            note_drafts: std::collections::HashMap::new(),
        };
        app.set_threads(views);
        app
    }

    /// Says something on the status line.
    fn note(&mut self, tone: Tone, text: String) {
        self.status = Some((tone, text));
    }

    /// Takes newer views of the threads (after a change), keeping every
    /// screen where it was.
    fn set_threads(&mut self, views: Vec<ThreadView>) {
        self.threads = Threads::new(views);
        self.inbox.refresh(&self.threads);
        let lang = self.lang;
        for screen in &mut self.stack {
            if let Screen::Thread(t) = screen
                && let Some(view) = self.threads.get(&t.id)
            {
                t.update(view, lang);
            }
            if let Screen::Outbox(o) = screen {
                o.set_counts(Counts::of(&self.threads));
            }
        }
    }

    /// Text pasted into the terminal: into the field or editor that takes it.
    fn paste(&mut self, text: &str) {
        match self.stack.last_mut() {
            None => self.inbox.paste(text, &self.threads),
            Some(Screen::Editor(editor)) if !editor.previewing() => editor.insert(text),
            _ => {}
        }
    }

    /// Handles a key.
    fn key(&mut self, key: KeyEvent) -> Step {
        if key.kind != KeyEventKind::Press {
            return Step::Continue;
        }
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            return Step::Quit;
        }
        // What the status line said was about the last key.
        self.status = None;
        let lang = self.lang;
        let outcome = match self.stack.last_mut() {
            None => self.inbox.key(key, &self.threads),
            Some(Screen::Thread(t)) => t.key(key),
            Some(Screen::Editor(e)) => e.key(key),
            Some(Screen::Reader(r)) => r.key(key),
            Some(Screen::Outbox(o)) => o.key(key),
            Some(Screen::Bundle(b)) => b.key(key),
            Some(Screen::Mark(m)) => m.key(key),
            Some(Screen::Attachment(a)) => a.key(key, lang),
            Some(Screen::Confirm(c)) => c.key(key),
        };
        self.carry_out(outcome)
    }

    fn carry_out(&mut self, outcome: Outcome) -> Step {
        let lang = self.lang;
        match outcome {
            Outcome::None => {}
            Outcome::Back => {
                self.stack.pop();
            }
            Outcome::Quit => return Step::Quit,
            Outcome::Global(key) => match key.code {
                KeyCode::Char('q') => return Step::Quit,
                KeyCode::Char('?') => self
                    .stack
                    .push(Screen::Reader(help::screen(lang, &self.files))),
                KeyCode::Char('o') => return Step::Do(Action::PrepareOutbox),
                KeyCode::Char('b') => return Step::Do(Action::PrepareBundle),
                _ => {}
            },
            Outcome::OpenThread(id) => {
                if let Some(view) = self.threads.get(&id) {
                    self.stack
                        .push(Screen::Thread(ThreadScreen::new(view, lang)));
                }
            }
            Outcome::Reply(id) => {
                let draft = self
                    .threads
                    .get(&id)
                    .and_then(|v| v.draft.clone())
                    .unwrap_or_default();
                self.stack
                    .push(Screen::Editor(Editor::new(Kind::Reply, &id, &draft)));
            }
            Outcome::Note(id) => {
                let draft = self.note_drafts.get(&id).cloned().unwrap_or_default();
                self.stack
                    .push(Screen::Editor(Editor::new(Kind::Note, &id, &draft)));
            }
            Outcome::Mark(id) => {
                if let Some(view) = self.threads.get(&id) {
                    let state = &view.summary.state;
                    self.stack.push(Screen::Mark(MarkDialog::new(
                        &id,
                        state.state(),
                        state.handler(),
                    )));
                }
            }
            Outcome::Attachment(thread, name) => {
                let record = self.threads.get(&thread).and_then(|v| {
                    v.events.iter().find_map(|e| match e {
                        Event::Message(m) => m.attachments.iter().find(|a| a.name == name).cloned(),
                        _ => None,
                    })
                });
                if let Some(record) = record {
                    self.stack
                        .push(Screen::Attachment(AttachmentDialog::new(&thread, record)));
                }
            }
            Outcome::Replace(screen) => {
                self.stack.pop();
                self.stack.push(*screen);
            }
            Outcome::Act(action) => return Step::Do(action),
            Outcome::Close(action) => {
                self.stack.pop();
                return Step::Do(action);
            }
            Outcome::LeaveEditor => {
                if let Some(Screen::Editor(editor)) = self.stack.pop() {
                    match editor.kind {
                        Kind::Reply if editor.changed() => {
                            return Step::Do(Action::SaveDraft {
                                thread: editor.thread.clone(),
                                text: editor.text(),
                            });
                        }
                        Kind::Reply => {}
                        Kind::Note => {
                            self.note_drafts
                                .insert(editor.thread.clone(), editor.text());
                        }
                    }
                }
            }
            Outcome::Problem(problem) => {
                let text = match problem {
                    Problem::EmptyText => tr!(lang, "desk-problem-empty"),
                    Problem::TooLong => tr!(lang, "desk-problem-too-long"),
                    Problem::NameMismatch => tr!(lang, "desk-problem-name"),
                    Problem::NeverInBrowser => tr!(lang, "desk-problem-browser"),
                };
                self.note(Tone::Error, text);
            }
        }
        Step::Continue
    }

    /// The editor on top was queued: close it, forget its draft.
    fn queued(&mut self, kind: Kind, thread: &str) {
        if matches!(self.stack.last(), Some(Screen::Editor(_))) {
            self.stack.pop();
        }
        if kind == Kind::Note {
            self.note_drafts.remove(thread);
        }
        let text = match kind {
            Kind::Reply => tr!(self.lang, "desk-queued-reply"),
            Kind::Note => tr!(self.lang, "desk-queued-note"),
        };
        self.note(Tone::Info, text);
    }

    /// A reply draft the editor on top holds, if it changed (to keep on quit).
    fn pending_draft(&self) -> Option<(String, String)> {
        self.stack.iter().find_map(|s| match s {
            Screen::Editor(e) if e.kind == Kind::Reply && e.changed() => {
                Some((e.thread.clone(), e.text()))
            }
            _ => None,
        })
    }

    fn title(&self) -> String {
        let lang = self.lang;
        let top = self.stack.iter().rev().find(|s| !s.is_dialog());
        match top {
            None => tr!(lang, "desk-title-inbox"),
            Some(Screen::Thread(t)) => format!(
                "{} {} · {} %",
                tr!(lang, "desk-title-thread"),
                t.id,
                t.percent()
            ),
            Some(Screen::Editor(e)) => match e.kind {
                Kind::Reply => tr!(lang, "desk-title-reply"),
                Kind::Note => tr!(lang, "desk-title-note"),
            },
            Some(Screen::Reader(r)) => format!("{} · {} %", r.title, r.percent()),
            Some(Screen::Outbox(_)) => tr!(lang, "desk-title-outbox"),
            Some(Screen::Bundle(_)) => tr!(lang, "desk-title-bundle"),
            Some(_) => String::new(),
        }
    }

    fn keys(&self) -> Keys {
        let lang = self.lang;
        match self.stack.last() {
            None => self.inbox.keys(lang),
            Some(Screen::Thread(t)) => t.keys(lang),
            Some(Screen::Editor(e)) => e.keys(lang),
            Some(Screen::Reader(_)) => Reader::keys(lang),
            Some(Screen::Outbox(o)) => o.keys(lang),
            Some(Screen::Bundle(b)) => b.keys(lang),
            Some(Screen::Mark(_)) => MarkDialog::keys(lang),
            Some(Screen::Attachment(_)) => AttachmentDialog::keys(lang),
            Some(Screen::Confirm(c)) => c.keys(lang),
        }
    }

    /// Draws the whole screen: title, the screen (dialogs over the one
    /// below), the status line, and the keys on the last line.
    fn draw(&self, frame: &mut Frame<'_>) {
        let lang = self.lang;
        let key_lines = self.keys().lines(frame.area().width);
        let [title, body, status, keys] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
            Constraint::Length(u16::try_from(key_lines.len()).unwrap_or(1)),
        ])
        .areas(frame.area());
        let bar = Style::default().add_modifier(Modifier::REVERSED);
        let left = format!(" gundo · {}", terminal::line(&self.title()));
        let right = format!("{} ", terminal::line(&self.me));
        let room = usize::from(title.width).saturating_sub(right.width());
        frame.buffer_mut().set_stringn(
            title.x,
            title.y,
            pad(&truncate(&left, room), room),
            room,
            bar,
        );
        frame.buffer_mut().set_stringn(
            title.x + u16::try_from(room).unwrap_or(0),
            title.y,
            &right,
            right.width(),
            bar,
        );
        let body = body.inner(ratatui::layout::Margin::new(1, 0));
        let base = self.stack.iter().rposition(|s| !s.is_dialog());
        match base.map(|i| &self.stack[i]) {
            None => self.inbox.draw(frame, body, &self.threads, lang),
            Some(Screen::Thread(t)) => t.draw(frame, body),
            Some(Screen::Editor(e)) => e.draw(frame, body, lang),
            Some(Screen::Reader(r)) => r.draw(frame, body),
            Some(Screen::Outbox(o)) => o.draw(frame, body, lang),
            Some(Screen::Bundle(b)) => b.draw(frame, body, lang),
            Some(_) => {}
        }
        for screen in &self.stack[base.map_or(0, |i| i + 1)..] {
            match screen {
                Screen::Mark(m) => m.draw(frame, body, lang),
                Screen::Attachment(a) => a.draw(frame, body, lang),
                Screen::Confirm(c) => c.draw(frame, body),
                _ => {}
            }
        }
        if let Some((tone, text)) = &self.status {
            let style = match tone {
                Tone::Info => Style::default().fg(Color::Green),
                Tone::Warning => Style::default().fg(Color::Yellow),
                Tone::Error => Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
            };
            frame.buffer_mut().set_stringn(
                status.x + 1,
                status.y,
                terminal::line(text),
                usize::from(status.width.saturating_sub(1)),
                style,
            );
        }
        for (line, y) in key_lines.iter().zip(keys.y..keys.bottom()) {
            frame.buffer_mut().set_line(keys.x, y, line, keys.width);
        }
        if let Some(progress) = &self.progress {
            let rect = popup(frame.area(), 60, 5);
            frame.render_widget(Clear, rect);
            let done = size(lang, progress.done);
            let (ratio, label) = match progress.total {
                Some(total) if total > 0 => {
                    #[allow(clippy::cast_precision_loss)] // a bar's width
                    let ratio = (progress.done as f64 / total as f64).clamp(0.0, 1.0);
                    (
                        ratio,
                        tr!(
                            lang,
                            "desk-progress-of",
                            size = done,
                            max = size(lang, total)
                        ),
                    )
                }
                _ => (0.0, done),
            };
            let gauge = Gauge::default()
                .block(
                    Block::default()
                        .borders(Borders::ALL)
                        .title(format!(" {} ", progress.label)),
                )
                .gauge_style(Style::default().fg(Color::Cyan))
                .ratio(ratio)
                .label(label);
            frame.render_widget(gauge, rect);
        }
    }
}

// ---------------------------------------------------------------------------
// Shared pieces of the screens.

/// The keys a screen takes, for its last line: `key label` pairs.
#[derive(Debug)]
struct Keys {
    lang: Lang,
    items: Vec<(String, String)>,
}

impl Keys {
    /// No key yet.
    fn new(lang: Lang) -> Self {
        Self {
            lang,
            items: Vec::new(),
        }
    }

    /// A key and what it does.
    fn key(mut self, key: &str, label: String) -> Self {
        self.items.push((key.to_owned(), label));
        self
    }

    /// Enter, as the language names it, and what it does.
    fn enter(self, label: String) -> Self {
        let name = tr!(self.lang, "desk-keyname-enter");
        self.key(&name, label)
    }

    /// Esc, as the language names it, and what it does.
    fn esc(self, label: String) -> Self {
        let name = tr!(self.lang, "desk-keyname-esc");
        self.key(&name, label)
    }

    /// The last line (or lines, when they do not fit in `width` columns):
    /// every key stays visible.
    fn lines(&self, width: u16) -> Vec<Line<'static>> {
        let key = Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD);
        let width = usize::from(width);
        let mut lines = Vec::new();
        let mut spans = vec![Span::raw(" ")];
        let mut used = 1;
        for (k, label) in &self.items {
            let item = k.width() + label.width() + 5;
            if used + item > width && spans.len() > 1 {
                lines.push(Line::from(std::mem::take(&mut spans)));
                spans.push(Span::raw(" "));
                used = 1;
            }
            spans.push(Span::styled(format!(" {k} "), key));
            spans.push(Span::raw(format!(" {label}  ")));
            used += item;
        }
        lines.push(Line::from(spans));
        lines
    }
}

/// `text` padded with spaces to `width` columns.
fn pad(text: &str, width: usize) -> String {
    let used = text.width();
    if used >= width {
        return text.to_owned();
    }
    format!("{text}{}", " ".repeat(width - used))
}

/// `text` cut to `width` columns, with `…` when cut.
fn truncate(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// A centred rectangle of at most `width` × `height` inside `area`.
fn popup(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// A size as people say it in `lang`: `512 octets`, `12 Ko`, `3 Mo` (powers
/// of 1000, like [`crate::review::text::human_size`]).
fn size(lang: Lang, bytes: u64) -> String {
    const K: u64 = 1000;
    match bytes {
        b if b < K => tr!(lang, "size", unit = "bytes", n = b),
        b if b < K * K => tr!(lang, "size", unit = "kb", n = b.div_ceil(K)),
        b if b < 10 * K * K * K => tr!(lang, "size", unit = "mb", n = (b + K * K / 2) / (K * K)),
        b => tr!(
            lang,
            "size",
            unit = "gb",
            n = (b + K * K * K / 2) / (K * K * K)
        ),
    }
}

/// A thread state's name in `lang`.
fn state_label(lang: Lang, state: ThreadState) -> String {
    match state {
        ThreadState::New => tr!(lang, "desk-state-new"),
        ThreadState::Open => tr!(lang, "desk-state-open"),
        ThreadState::Answered => tr!(lang, "desk-state-answered"),
        ThreadState::Handled => tr!(lang, "desk-state-handled"),
    }
}

/// A risk's short name in `lang` (the code itself if it is not one we know).
fn risk_label(lang: Lang, code: &str) -> String {
    match code {
        "executable" => tr!(lang, "desk-risk-executable"),
        "script" => tr!(lang, "desk-risk-script"),
        "macro-document" => tr!(lang, "desk-risk-macro-document"),
        "active-pdf" => tr!(lang, "desk-risk-active-pdf"),
        "html" => tr!(lang, "desk-risk-html"),
        "archive" => tr!(lang, "desk-risk-archive"),
        other => terminal::line(other).into_owned(),
    }
}

/// What a risk means for the reviewer, in one sentence.
fn risk_sentence(lang: Lang, code: &str) -> String {
    match code {
        "executable" => tr!(lang, "desk-risk-executable-says"),
        "script" => tr!(lang, "desk-risk-script-says"),
        "macro-document" => tr!(lang, "desk-risk-macro-document-says"),
        "active-pdf" => tr!(lang, "desk-risk-active-pdf-says"),
        "html" => tr!(lang, "desk-risk-html-says"),
        "archive" => tr!(lang, "desk-risk-archive-says"),
        other => terminal::line(other).into_owned(),
    }
}

// ---------------------------------------------------------------------------
// The loop, and the work keys ask for.

/// The running desk: the terminal, the library and the RAM folder.
struct Desk<'s, 'o> {
    session: &'s Session<'s>,
    options: &'o Options<'o>,
    terminal: Term,
    ram: RamDir,
    viewer: Option<String>,
}

/// The terminal the desk draws on.
type Term = Terminal<CrosstermBackend<io::Stdout>>;

/// A redraw while work runs, at most this often.
const REDRAW: Duration = Duration::from_millis(50);

impl Desk<'_, '_> {
    fn draw(&mut self, app: &App) -> io::Result<()> {
        self.terminal.draw(|frame| app.draw(frame)).map(|_| ())
    }

    /// Draws, reads a key, acts, until the reviewer quits or a signal comes.
    fn run(&mut self, app: &mut App, signalled: &AtomicBool) -> Result<(), DeskError> {
        loop {
            self.draw(app)?;
            if signalled.load(Ordering::SeqCst) {
                break;
            }
            self.ram.reap();
            if !event::poll(Duration::from_millis(250))? {
                continue;
            }
            let step = match event::read()? {
                TermEvent::Key(key) => app.key(key),
                TermEvent::Paste(text) => {
                    app.paste(&text);
                    Step::Continue
                }
                _ => Step::Continue,
            };
            match step {
                Step::Continue => {}
                Step::Quit => break,
                Step::Do(action) => self.perform(app, action),
            }
        }
        if let Some((thread, text)) = app.pending_draft() {
            let _ = review::save_draft(self.session, self.options.workspace, &thread, &text);
        }
        Ok(())
    }

    /// Re-reads the threads after a change.
    fn reload(&self, app: &mut App) {
        match review::show_all(self.session, self.options.workspace) {
            Ok(views) => app.set_threads(views),
            Err(e) => app.note(Tone::Error, e.to_string()),
        }
    }

    /// Carries out `action`, telling the reviewer how it went.
    fn perform(&mut self, app: &mut App, action: Action) {
        let lang = app.lang;
        let dir = self.options.workspace;
        match action {
            Action::Queue { thread, kind, text } => {
                let queued = match kind {
                    Kind::Reply => review::queue_reply(self.session, dir, &thread, &text),
                    Kind::Note => review::queue_note(self.session, dir, &thread, &text),
                };
                match queued {
                    Ok(_) => {
                        self.reload(app);
                        app.queued(kind, &thread);
                    }
                    Err(e) => app.note(Tone::Error, e.to_string()),
                }
            }
            Action::SaveDraft { thread, text } => {
                match review::save_draft(self.session, dir, &thread, &text) {
                    Ok(()) => {
                        self.reload(app);
                        app.note(Tone::Info, tr!(lang, "desk-draft-kept"));
                    }
                    Err(e) => app.note(Tone::Error, e.to_string()),
                }
            }
            Action::Mark {
                thread,
                state,
                handler,
            } => match review::mark(self.session, dir, &thread, state, handler.as_deref()) {
                Ok(_) => {
                    self.reload(app);
                    app.note(
                        Tone::Info,
                        tr!(lang, "desk-marked", what = state_label(lang, state)),
                    );
                }
                Err(e) => app.note(Tone::Error, e.to_string()),
            },
            Action::PrepareOutbox => {
                let name = outbox_name(self.options.signer);
                app.stack.push(Screen::Outbox(OutboxScreen::new(
                    write_folders(),
                    Counts::of(&app.threads),
                    name,
                )));
            }
            Action::WriteOutbox { folder } => self.write_outbox(app, Path::new(&folder)),
            Action::PrepareBundle => app.stack.push(Screen::Bundle(BundleScreen::new(bundles()))),
            Action::OpenBundle { path } => self.open_bundle(app, Path::new(&path)),
            Action::View {
                thread,
                name,
                original,
            } => self.view(app, &thread, &name, original),
            Action::ReadAsText { thread, name } => self.read_as_text(app, &thread, &name),
            Action::Answer(_) => {}
        }
    }

    fn write_outbox(&mut self, app: &mut App, folder: &Path) {
        let lang = app.lang;
        let Some(signing) = self.options.signing else {
            app.note(Tone::Error, tr!(lang, "desk-outbox-cannot-sign"));
            return;
        };
        if !folder.is_dir() {
            app.note(
                Tone::Error,
                tr!(
                    lang,
                    "desk-outbox-no-folder",
                    path = folder.display().to_string()
                ),
            );
            return;
        }
        let out = unique_path(folder, &outbox_name(self.options.signer));
        app.progress = Some(Progress {
            label: tr!(lang, "desk-progress-outbox"),
            done: 0,
            total: None,
        });
        let mut last = Instant::now();
        let terminal = &mut self.terminal;
        let result = review::write_outbox_with_progress(
            self.session,
            signing,
            self.options.signer,
            self.options.workspace,
            &out,
            &mut |done, total| {
                if let Some(p) = &mut app.progress {
                    p.done = done;
                    p.total = Some(total);
                }
                if last.elapsed() >= REDRAW || done == total {
                    last = Instant::now();
                    let _ = terminal.draw(|frame| app.draw(frame));
                }
            },
        );
        app.progress = None;
        match result {
            Ok(report) => {
                self.reload(app);
                let text = tr!(
                    lang,
                    "desk-outbox-written",
                    path = out.display().to_string(),
                    replies = report.replies,
                    notes = report.notes,
                    acks = report.acknowledged
                );
                if let Some(Screen::Outbox(o)) = app.stack.last_mut() {
                    o.written = Some(text.clone());
                }
                app.note(Tone::Info, text);
            }
            Err(ReviewError::NothingToSend) => {
                app.note(Tone::Warning, tr!(lang, "desk-outbox-nothing"));
            }
            Err(e) => app.note(Tone::Error, e.to_string()),
        }
    }

    fn open_bundle(&mut self, app: &mut App, path: &Path) {
        let lang = app.lang;
        let total = std::fs::metadata(path).map(|m| m.len()).ok();
        app.progress = Some(Progress {
            label: tr!(lang, "desk-progress-bundle"),
            done: 0,
            total,
        });
        let app_cell = RefCell::new(&mut *app);
        let terminal = RefCell::new(&mut self.terminal);
        let ask = AskInDesk {
            app: &app_cell,
            terminal: &terminal,
        };
        let mut last = Instant::now();
        let result = review::open_bundle(
            self.session,
            path,
            self.options.workspace,
            &TrustOptions::default(),
            &ask,
            |n| {
                let mut app = app_cell.borrow_mut();
                if let Some(p) = &mut app.progress {
                    p.done += n;
                }
                if last.elapsed() >= REDRAW {
                    last = Instant::now();
                    let _ = terminal.borrow_mut().draw(|frame| app.draw(frame));
                }
            },
        );
        let app = app_cell.into_inner();
        app.progress = None;
        match result {
            Ok(report) => {
                self.reload(app);
                let mut text = tr!(
                    lang,
                    "desk-opened",
                    messages = report.new_messages,
                    replies = report.new_replies,
                    notes = report.new_notes,
                    threads = report.threads
                );
                if report.unreadable_messages > 0 {
                    text.push(' ');
                    text.push_str(&tr!(
                        lang,
                        "desk-opened-unreadable",
                        count = report.unreadable_messages
                    ));
                }
                app.note(Tone::Info, text);
            }
            Err(e) => app.note(
                Tone::Error,
                tr!(lang, "desk-open-failed", what = e.to_string()),
            ),
        }
    }

    fn view(&mut self, app: &mut App, thread: &str, name: &str, original: bool) {
        let lang = app.lang;
        if self.ram.place() == &Place::Nowhere {
            app.note(Tone::Error, tr!(lang, "desk-files-nowhere"));
            return;
        }
        let file_name = if original {
            name.to_owned()
        } else {
            review::cleaned_name(name)
        };
        let (session, dir) = (self.session, self.options.workspace);
        let mut failure = None;
        let written = self.ram.create(&file_name, |file| {
            let mut out = io::BufWriter::new(file);
            match review::write_attachment(session, dir, thread, name, original, &mut out) {
                Ok(_) => out.flush(),
                Err(e) => {
                    failure = Some(e.to_string());
                    Err(io::Error::other("not written"))
                }
            }
        });
        let path = match written {
            Ok(path) => path,
            Err(e) => {
                app.note(Tone::Error, failure.unwrap_or_else(|| e.to_string()));
                return;
            }
        };
        // A page or an SVG under another name is still never handed to a browser.
        let mut head = [0u8; 512];
        let read = std::fs::File::open(&path)
            .and_then(|mut f| io::Read::read(&mut f, &mut head))
            .unwrap_or(0);
        if attachment::looks_like_markup(&head[..read]) {
            ramdir::discard(&path);
            app.note(Tone::Warning, tr!(lang, "desk-problem-browser"));
            self.read_as_text(app, thread, name);
            return;
        }
        match self.ram.show(&path, self.viewer.as_deref()) {
            Ok(()) => app.note(
                Tone::Info,
                tr!(
                    lang,
                    "desk-viewing",
                    file = terminal::line(&file_name).into_owned()
                ),
            ),
            Err(e) => {
                ramdir::discard(&path);
                app.note(
                    Tone::Error,
                    tr!(lang, "desk-viewer-failed", what = e.to_string()),
                );
            }
        }
    }

    fn read_as_text(&mut self, app: &mut App, thread: &str, name: &str) {
        let lang = app.lang;
        let mut out = Capped::default();
        if let Err(e) = review::write_attachment(
            self.session,
            self.options.workspace,
            thread,
            name,
            true,
            &mut out,
        ) {
            app.note(Tone::Error, e.to_string());
            return;
        }
        let mut doc = Doc::default();
        doc.push_line(
            tr!(lang, "desk-reader-note"),
            Style::default().add_modifier(Modifier::DIM),
        );
        if out.cut {
            doc.push_line(
                tr!(
                    lang,
                    "desk-reader-cut",
                    size = size(lang, MAX_TEXT_VIEW as u64)
                ),
                Style::default().fg(Color::Yellow),
            );
        }
        doc.blank();
        doc.push_text(&String::from_utf8_lossy(&out.bytes), Style::default());
        app.stack.push(Screen::Reader(Reader::new(
            terminal::line(name).into_owned(),
            doc,
        )));
    }
}

/// Bytes kept in memory up to [`MAX_TEXT_VIEW`]; the rest is dropped.
#[derive(Default)]
struct Capped {
    bytes: zeroize::Zeroizing<Vec<u8>>,
    cut: bool,
}

impl io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let room = MAX_TEXT_VIEW.saturating_sub(self.bytes.len());
        if buf.len() > room {
            self.cut = true;
        }
        self.bytes.extend_from_slice(&buf[..buf.len().min(room)]);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Asks the reviewer inside the desk, while a bundle opens, whether to
/// trust its server key or its change of reviewers.
struct AskInDesk<'a, 'b, 'c> {
    app: &'a RefCell<&'b mut App>,
    terminal: &'a RefCell<&'c mut Term>,
}

impl AskInDesk<'_, '_, '_> {
    fn ask(&self, title: String, lines: &[String]) -> Option<bool> {
        let mut app = self.app.borrow_mut();
        let lang = app.lang;
        let progress = app.progress.take();
        app.stack.push(Screen::Confirm(Confirm::new(
            title,
            lines,
            (tr!(lang, "desk-trust-yes"), tr!(lang, "desk-trust-no")),
            Action::Answer(true),
            Some(Action::Answer(false)),
        )));
        let depth = app.stack.len();
        let answer = loop {
            if self
                .terminal
                .borrow_mut()
                .draw(|frame| app.draw(frame))
                .is_err()
            {
                break None;
            }
            let key = match event::read() {
                Ok(TermEvent::Key(key)) => key,
                Ok(_) => continue,
                Err(_) => break None,
            };
            match app.key(key) {
                Step::Do(Action::Answer(yes)) => break Some(yes),
                Step::Quit => break Some(false),
                _ => {}
            }
        };
        app.stack.truncate(depth - 1);
        app.progress = progress;
        answer
    }
}

impl TrustConfirm for AskInDesk<'_, '_, '_> {
    fn server_key(&self, fingerprint: &str) -> Option<bool> {
        let lang = self.app.borrow().lang;
        self.ask(
            tr!(lang, "desk-trust-server-title"),
            &[
                tr!(lang, "desk-trust-server"),
                fingerprint.to_owned(),
                tr!(lang, "desk-trust-server-check"),
            ],
        )
    }

    fn reviewers(&self, change: &ReviewerChange) -> Option<bool> {
        let lang = self.app.borrow().lang;
        let names = |set: &[crate::bundle::ReviewerEntry]| {
            set.iter()
                .map(|r| {
                    format!(
                        "{} ({})",
                        r.name,
                        crate::keys::recipient_fingerprint(&r.recipient)
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut lines = vec![tr!(lang, "desk-trust-reviewers")];
        if !change.added.is_empty() {
            lines.push(tr!(lang, "desk-trust-added", what = names(&change.added)));
        }
        if !change.removed.is_empty() {
            lines.push(tr!(
                lang,
                "desk-trust-removed",
                what = names(&change.removed)
            ));
        }
        lines.push(tr!(lang, "desk-trust-reviewers-check"));
        self.ask(tr!(lang, "desk-trust-reviewers-title"), &lines)
    }
}

/// `amina-2026-12-02.outbox`.
fn outbox_name(signer: &str) -> String {
    let signer: String = signer
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    let signer = if signer.is_empty() {
        "reviewer".to_owned()
    } else {
        signer
    };
    format!("{signer}-{}.outbox", crate::day::today())
}

/// `dir/name`, or `dir/stem-2.ext`… if that is taken.
fn unique_path(dir: &Path, name: &str) -> PathBuf {
    let first = dir.join(name);
    if !first.exists() {
        return first;
    }
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    (2..10_000)
        .map(|n| dir.join(format!("{stem}-{n}.{ext}")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

/// Where removable media are mounted for this user (udisks: `/media/$USER`,
/// `/run/media/$USER`; Tails: `/media/amnesia`).
fn media_folders() -> Vec<PathBuf> {
    let user = std::env::var("USER").unwrap_or_default();
    let mut found = Vec::new();
    if user.is_empty() {
        return found;
    }
    for base in [
        Path::new("/media").join(&user),
        Path::new("/run/media").join(&user),
    ] {
        let Ok(entries) = std::fs::read_dir(&base) else {
            continue;
        };
        let mut here: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        here.sort();
        found.extend(here);
    }
    found
}

/// Folders to write the outbox to: the writable media first, then the
/// current folder.
fn write_folders() -> Vec<PathBuf> {
    let writable = |p: &Path| rustix::fs::access(p, rustix::fs::Access::WRITE_OK).is_ok();
    let mut folders: Vec<PathBuf> = media_folders()
        .into_iter()
        .filter(|p| writable(p))
        .collect();
    if let Ok(here) = std::env::current_dir() {
        folders.push(here);
    }
    folders
}

/// Bundles found on the media and in the current folder, newest first.
fn bundles() -> Vec<PathBuf> {
    let mut found: Vec<(std::time::SystemTime, PathBuf)> = Vec::new();
    let mut folders = media_folders();
    if let Ok(here) = std::env::current_dir() {
        folders.push(here);
    }
    for folder in folders {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "bundle") && path.is_file() {
                let when = entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .unwrap_or(std::time::UNIX_EPOCH);
                found.push((when, path));
            }
        }
    }
    found.sort_by_key(|f| std::cmp::Reverse(f.0));
    found.into_iter().map(|(_, p)| p).collect()
}

#[cfg(test)]
mod tests;
