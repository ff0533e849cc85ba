//! The desk's state machine and drawing, on ratatui's `TestBackend`: keys in,
//! the screen's text out. The real terminal is `scripts/desk-check.sh`.

use std::fmt::Write as _;
use std::time::Instant;

use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::bundle::MessageKind;
use crate::ids::BlobId;
use crate::review::workspace::{
    AttachmentRecord, CleaningRecord, MessageRecord, NoteRecord, QueuedItem, QueuedKind, Readable,
    ReplyRecord, TeamItem,
};
use crate::review::{CurrentState, ThreadSummary};

fn summary(id: &str, day: &str, words: &str) -> ThreadSummary {
    ThreadSummary {
        id: id.into(),
        last_day: day.into(),
        created_day: day.into(),
        state: CurrentState::default(),
        unanswered: true,
        new_messages: 0,
        first_words: words.into(),
        messages: 1,
        unreadable: 0,
    }
}

fn message(day: &str, text: &str, attachments: Vec<AttachmentRecord>) -> MessageRecord {
    MessageRecord {
        blob: BlobId::generate(),
        kind: MessageKind::Tip,
        day: day.into(),
        readable: Readable::Yes,
        text: text.into(),
        attachments,
    }
}

fn attachment(name: &str, size: u64, risk: Option<&str>, cleaned: bool) -> AttachmentRecord {
    AttachmentRecord {
        name: name.into(),
        entry_offset: 0,
        size,
        risk: risk.map(str::to_owned),
        cleaning: if cleaned {
            CleaningRecord::Cleaned {
                copy: BlobId::generate(),
                format: "jpeg".into(),
                removed: vec!["GPS position".into()],
            }
        } else {
            CleaningRecord::NotCleaned {
                reason: "no cleaner".into(),
            }
        },
    }
}

fn tip(id: &str, day: &str, text: &str) -> ThreadView {
    ThreadView {
        summary: summary(id, day, &crate::review::first_words(text, 12)),
        events: vec![Event::Message(message(day, text, Vec::new()))],
        draft: None,
    }
}

fn press(app: &mut App, code: KeyCode) -> Step {
    app.key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// The screen, one string per row.
fn screen(app: &App, width: u16, height: u16) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    let buffer = terminal.backend().buffer();
    (0..height)
        .map(|y| {
            (0..width)
                .map(|x| buffer[(x, y)].symbol().to_owned())
                .collect::<String>()
        })
        .collect()
}

fn shows(rows: &[String], text: &str) -> bool {
    rows.iter().any(|r| r.contains(text))
}

fn app(lang: Lang, views: Vec<ThreadView>) -> App {
    App::new(lang, "amina", views, "/run/user/1000/gundo-desk-…".into())
}

#[test]
fn the_inbox_lists_newest_first_with_its_markers() {
    let mut answered = tip(
        "aaaa000000000001",
        "2026-12-01",
        "Les soldes fantômes du bataillon",
    );
    answered.summary.unanswered = false;
    answered.summary.state = CurrentState {
        latest: vec![(
            ThreadState::Answered,
            Some("amina".into()),
            Some("amina".into()),
        )],
        day: Some("2026-12-01".into()),
    };
    let mut fresh = tip(
        "bbbb000000000002",
        "2026-12-02",
        "Le carburant du camp est vendu",
    );
    fresh.summary.new_messages = 2;
    let mut conflict = tip("cccc000000000003", "2026-11-30", "Des armes disparues");
    conflict.summary.unanswered = false;
    conflict.summary.unreadable = 1;
    conflict.summary.state = CurrentState {
        latest: vec![
            (ThreadState::Handled, None, Some("binta".into())),
            (
                ThreadState::Open,
                Some("amina".into()),
                Some("amina".into()),
            ),
        ],
        day: Some("2026-11-30".into()),
    };
    // `review::list` sorts newest first: the inbox keeps that order.
    let app = app(Lang::Fr, vec![fresh, answered, conflict]);
    let rows = screen(&app, 110, 20);
    let at = |text: &str| rows.iter().position(|r| r.contains(text)).unwrap();
    assert!(at("Le carburant") < at("Les soldes") && at("Les soldes") < at("Des armes"));
    assert!(
        rows[1].contains("3\u{a0}fils · 2\u{a0}nouveaux messages · 1\u{a0}sans réponse"),
        "{}",
        rows[1]
    );
    let fresh_row = &rows[at("Le carburant") - 1];
    assert!(
        fresh_row.contains("●") && fresh_row.contains("2\u{a0}nouveaux"),
        "{fresh_row}"
    );
    assert!(fresh_row.contains("2\u{a0}décembre 2026") && fresh_row.contains("sans réponse"));
    let answered_row = &rows[at("Les soldes") - 1];
    assert!(answered_row.contains("répondu") && answered_row.contains("→ amina"));
    assert!(!answered_row.contains("sans réponse") && !answered_row.contains('●'));
    let conflict_row = &rows[at("Des armes") - 1];
    assert!(
        conflict_row.contains("conflit") && conflict_row.contains("1\u{a0}illisible"),
        "{conflict_row}"
    );
    assert!(rows.last().unwrap().contains("aide") || rows[rows.len() - 2].contains("aide"));
}

#[test]
fn enter_opens_the_thread_with_dates_sizes_and_attachment_flags() {
    let mut view = tip("aaaa000000000001", "2026-12-02", "Voici les listes.");
    if let Event::Message(m) = &mut view.events[0] {
        m.attachments = vec![
            attachment("photo.jpg", 2_345_678, None, true),
            attachment("run.exe", 12_000, Some("executable"), false),
        ];
    }
    view.events.push(Event::Reply(ReplyRecord {
        blob: BlobId::generate(),
        day: "2026-12-03".into(),
        by: Some("amina".into()),
        text: Some("Quel mois ?".into()),
    }));
    view.events.push(Event::Note(NoteRecord {
        blob: BlobId::generate(),
        day: "2026-12-04".into(),
        by: Some("binta".into()),
        body: Some(TeamItem {
            format: "gundo-team-v1".into(),
            note: Some("Je vérifie à Gao.".into()),
            state: Some(ThreadState::Open),
            handler: Some("binta".into()),
        }),
    }));
    for (lang, date, size, risk) in [
        (Lang::Fr, "2\u{a0}décembre 2026", "2\u{a0}Mo", "programme"),
        (Lang::En, "2 December 2026", "2 MB", "program"),
        (Lang::Ar, "2 ديسمبر 2026", "ميغابايت", "برنامج"),
    ] {
        let mut app = app(lang, vec![view.clone()]);
        assert!(matches!(press(&mut app, KeyCode::Enter), Step::Continue));
        let rows = screen(&app, 100, 30);
        assert!(shows(&rows, date), "{lang:?}: {rows:#?}");
        assert!(
            shows(&rows, size) && shows(&rows, risk),
            "{lang:?}: {rows:#?}"
        );
        assert!(shows(&rows, "Quel mois") && shows(&rows, "Je vérifie à Gao."));
        let order: Vec<usize> = ["Voici les listes", "Quel mois", "Je vérifie"]
            .iter()
            .map(|t| rows.iter().position(|r| r.contains(t)).unwrap())
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "in order: {order:?}");
    }
    // Tab selects the first attachment, Enter asks what to do with it.
    let mut app = app(Lang::En, vec![view]);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Enter);
    let rows = screen(&app, 100, 30);
    assert!(shows(&rows, "Open the cleaned copy"), "{rows:#?}");
    assert!(matches!(
        press(&mut app, KeyCode::Enter),
        Step::Do(Action::View {
            original: false,
            ..
        })
    ));
}

#[test]
fn hostile_text_reaches_the_screen_only_as_placeholders() {
    let hostile = "Rapport\u{1b}[2J\u{1b}]0;pwned\u{7} fin \u{202e}fdp.exe\u{9b}31m\r\nsuite";
    let mut view = tip("aaaa000000000001", "2026-12-02", hostile);
    if let Event::Message(m) = &mut view.events[0] {
        m.attachments = vec![attachment("a\u{1b}[31m\u{202e}gpj.exe", 10, None, false)];
    }
    view.events.push(Event::Reply(ReplyRecord {
        blob: BlobId::generate(),
        day: "2026-12-03".into(),
        by: Some("mal\u{1b}[1mlory".into()),
        text: Some("ok\u{7}".into()),
    }));
    let mut app = app(Lang::En, vec![view]);
    let check = |rows: &[String]| {
        for row in rows {
            assert!(
                !row.chars().any(crate::terminal::is_unsafe),
                "an unsafe character reached the screen: {row:?}"
            );
        }
    };
    let inbox = screen(&app, 100, 20);
    check(&inbox);
    assert!(shows(&inbox, "Rapport␛[2J␛]0;pwned␇"), "{inbox:#?}");
    press(&mut app, KeyCode::Enter);
    let rows = screen(&app, 100, 20);
    check(&rows);
    assert!(
        shows(
            &rows,
            "Rapport␛[2J␛]0;pwned␇ fin ⟨U+202E⟩fdp.exe⟨U+009B⟩31m"
        ),
        "{rows:#?}"
    );
    assert!(shows(&rows, "a␛[31m⟨U+202E⟩gpj.exe"));
    assert!(shows(&rows, "mal␛[1mlory") && shows(&rows, "ok␇"));
}

#[test]
fn a_ten_thousand_line_text_scrolls_without_freezing() {
    let text = (0..10_000).fold(String::new(), |mut s, i| {
        let _ = writeln!(s, "ligne {i}");
        s
    });
    let mut app = app(Lang::Fr, vec![tip("aaaa000000000001", "2026-12-02", &text)]);
    press(&mut app, KeyCode::Enter);
    let start = Instant::now();
    screen(&app, 80, 24);
    press(&mut app, KeyCode::End);
    let rows = screen(&app, 80, 24);
    assert!(shows(&rows, "ligne 9999"), "{rows:#?}");
    for _ in 0..50 {
        press(&mut app, KeyCode::PageUp);
    }
    let rows = screen(&app, 80, 24);
    assert!(!shows(&rows, "ligne 9999"));
    press(&mut app, KeyCode::Home);
    assert!(shows(&screen(&app, 80, 24), "ligne 0"));
    assert!(
        start.elapsed().as_secs() < 5,
        "scrolling took {:?}",
        start.elapsed()
    );
}

#[test]
fn a_ten_megabyte_text_opens_and_scrolls_to_its_end() {
    let mut text = "mot ".repeat(10 * 1024 * 1024 / 4);
    text.push_str("FIN");
    let mut app = app(Lang::En, vec![tip("aaaa000000000001", "2026-12-02", &text)]);
    let start = Instant::now();
    press(&mut app, KeyCode::Enter);
    screen(&app, 80, 24);
    press(&mut app, KeyCode::End);
    let rows = screen(&app, 80, 24);
    assert!(shows(&rows, "FIN"), "{rows:#?}");
    press(&mut app, KeyCode::PageUp);
    screen(&app, 80, 24);
    assert!(
        start.elapsed().as_secs() < 10,
        "a 10 MB text took {:?}",
        start.elapsed()
    );
}

#[test]
fn search_finds_threads_by_any_message_without_accents() {
    let mut other = tip("bbbb000000000002", "2026-12-01", "Rien à voir");
    other.events.push(Event::Message(message(
        "2026-12-01",
        "Un Événement à Tombouctou",
        Vec::new(),
    )));
    let mut app = app(
        Lang::Fr,
        vec![
            tip("aaaa000000000001", "2026-12-02", "Le carburant du camp"),
            other,
        ],
    );
    press(&mut app, KeyCode::Char('/'));
    typed(&mut app, "evenement");
    let rows = screen(&app, 100, 20);
    assert!(shows(&rows, "1\u{a0}fil trouvé"), "{rows:#?}");
    assert!(shows(&rows, "Rien à voir") && !shows(&rows, "Le carburant"));
    press(&mut app, KeyCode::Enter);
    assert!(matches!(press(&mut app, KeyCode::Enter), Step::Continue));
    assert!(matches!(app.stack.last(), Some(Screen::Thread(t)) if t.id == "bbbb000000000002"));
    press(&mut app, KeyCode::Esc);
    // Esc clears the search.
    press(&mut app, KeyCode::Esc);
    assert!(shows(&screen(&app, 100, 20), "Le carburant"));
    assert_eq!(fold("ÉTÉ Œuvre ça"), "ete oeuvre ca");
    assert_eq!(fold("أَحْمَد"), fold("احمد"));
}

#[test]
fn a_reply_is_typed_previewed_then_queued_and_a_left_one_kept_as_draft() {
    let mut app = app(
        Lang::Fr,
        vec![tip("aaaa000000000001", "2026-12-02", "Bonjour")],
    );
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('r'));
    typed(&mut app, "Merci. Quel mois ?");
    press(&mut app, KeyCode::Enter);
    app.paste("Réponse collée\r\navec شكرا");
    let rows = screen(&app, 80, 20);
    assert!(
        shows(&rows, "Merci. Quel mois ?") && shows(&rows, "avec شكرا"),
        "{rows:#?}"
    );
    assert!(
        app.key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL))
            .is_continue()
    );
    let rows = screen(&app, 80, 20);
    assert!(shows(&rows, "Aperçu"), "{rows:#?}");
    match press(&mut app, KeyCode::Enter) {
        Step::Do(Action::Queue { thread, kind, text }) => {
            assert_eq!(thread, "aaaa000000000001");
            assert_eq!(kind, Kind::Reply);
            assert_eq!(text, "Merci. Quel mois ?\nRéponse collée\navec شكرا");
        }
        other => panic!("{other:?}"),
    }
    app.queued(Kind::Reply, "aaaa000000000001");
    assert!(matches!(app.stack.last(), Some(Screen::Thread(_))));
    // Leaving an editor with text keeps it as the draft.
    press(&mut app, KeyCode::Char('r'));
    typed(&mut app, "brouillon");
    assert!(matches!(
        press(&mut app, KeyCode::Esc),
        Step::Do(Action::SaveDraft { text, .. }) if text == "brouillon"
    ));
}

#[test]
fn marking_a_thread_queues_its_state_and_handler() {
    let mut app = app(
        Lang::En,
        vec![tip("aaaa000000000001", "2026-12-02", "Bonjour")],
    );
    press(&mut app, KeyCode::Char('m'));
    let rows = screen(&app, 100, 30);
    assert!(
        shows(&rows, "Thread state") && shows(&rows, "handled"),
        "{rows:#?}"
    );
    press(&mut app, KeyCode::Down);
    typed(&mut app, "binta");
    match press(&mut app, KeyCode::Enter) {
        Step::Do(Action::Mark {
            thread,
            state,
            handler,
        }) => {
            assert_eq!(thread, "aaaa000000000001");
            assert_eq!(state, ThreadState::Open);
            assert_eq!(handler.as_deref(), Some("binta"));
        }
        other => panic!("{other:?}"),
    }
    assert!(app.stack.is_empty());
}

#[test]
fn a_later_reviewer_sees_that_earlier_messages_exist() {
    let mut view = tip("aaaa000000000001", "2026-12-02", "");
    if let Event::Message(m) = &mut view.events[0] {
        m.readable = Readable::NotSealedToThisKey;
    }
    view.summary.unreadable = 1;
    view.summary.first_words = String::new();
    let mut app = app(Lang::En, vec![view]);
    assert!(shows(&screen(&app, 100, 20), "1 unreadable"));
    press(&mut app, KeyCode::Enter);
    let rows = screen(&app, 100, 20);
    assert!(
        shows(&rows, "sealed before your key was added"),
        "{rows:#?}"
    );
}

#[test]
fn every_screen_shows_its_keys_on_its_last_lines() {
    let mut view = tip("aaaa000000000001", "2026-12-02", "Bonjour");
    if let Event::Message(m) = &mut view.events[0] {
        m.attachments = vec![attachment("photo.jpg", 10, None, true)];
    }
    view.events.push(Event::Mine(
        QueuedItem {
            id: BlobId::generate(),
            thread: crate::ids::ThreadId::parse("aaaa000000000001").unwrap(),
            kind: QueuedKind::Reply,
            day: "2026-12-02".into(),
            age: String::new(),
            text: "Merci".into(),
            team: None,
        },
        false,
    ));
    let mut app = app(Lang::Fr, vec![view]);
    let bottom = |app: &App| {
        let rows = screen(app, 80, 24);
        rows[rows.len() - 2..].join("\n")
    };
    let inbox = bottom(&app);
    for key in [
        "choisir",
        "répondre",
        "envoi",
        "chercher",
        "aide",
        "quitter",
    ] {
        assert!(inbox.contains(key), "inbox: {key} in {inbox}");
    }
    press(&mut app, KeyCode::Enter);
    assert!(bottom(&app).contains("Échap") && bottom(&app).contains("défiler"));
    press(&mut app, KeyCode::Char('?'));
    let rows = screen(&app, 80, 60);
    assert!(
        shows(&rows, "gundo-desk"),
        "the help says where files go: {rows:#?}"
    );
    assert!(bottom(&app).contains("retour"));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('r'));
    assert!(bottom(&app).contains("Ctrl+S") && bottom(&app).contains("aperçu"));
    press(&mut app, KeyCode::Esc);
    let counts = Counts::of(&app.threads);
    assert_eq!(counts.replies, 1);
    app.stack.push(Screen::Outbox(OutboxScreen::new(
        vec![PathBuf::from("/media/amina/USB")],
        counts,
        "amina-2026-12-02.outbox".into(),
    )));
    let rows = screen(&app, 80, 24);
    assert!(
        shows(&rows, "1\u{a0}réponse") && shows(&rows, "/media/amina/USB"),
        "{rows:#?}"
    );
    assert!(bottom(&app).contains("écrire"));
    match press(&mut app, KeyCode::Enter) {
        Step::Do(Action::WriteOutbox { folder }) => assert_eq!(folder, "/media/amina/USB"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn sizes_and_outbox_names_read_as_people_write_them() {
    assert_eq!(size(Lang::Fr, 999), "999\u{a0}octets");
    assert_eq!(size(Lang::Fr, 1001), "2\u{a0}Ko");
    assert_eq!(size(Lang::Fr, 2_345_678), "2\u{a0}Mo");
    assert_eq!(size(Lang::En, 60_000_000), "60 MB");
    assert_eq!(size(Lang::En, 12_000_000_000), "12 GB");
    assert!(outbox_name("amina").starts_with("amina-20"));
    assert!(outbox_name("../x").starts_with("..x-"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.outbox"), b"").unwrap();
    assert_eq!(
        unique_path(dir.path(), "a.outbox"),
        dir.path().join("a-2.outbox")
    );
    assert_eq!(
        unique_path(dir.path(), "b.outbox"),
        dir.path().join("b.outbox")
    );
}

impl Step {
    fn is_continue(&self) -> bool {
        matches!(self, Step::Continue)
    }
}
