//! `review list` and `review show` as plain text, for scripts and terminals.
//!
//! Everything that came from a submitter or a reviewer (texts, file names,
//! notes, names) goes through [`crate::terminal`], so control characters,
//! escape sequences and bidi overrides are shown as visible placeholders and
//! never reach the terminal.

use std::fmt::Write as _;

use super::workspace::{CleaningRecord, MessageRecord, NoteRecord, QueuedKind, Readable};
use super::{Event, ThreadSummary, ThreadView};
use crate::terminal;

/// A size as people read it: `512 B`, `12 KB`, `3.4 MB`.
pub fn human_size(bytes: u64) -> String {
    const KB: u64 = 1000;
    // One decimal, rounded, in integers: `units` is the size in tenths.
    let tenths = |unit: u64| {
        let units = (u128::from(bytes) * 10 + u128::from(unit) / 2) / u128::from(unit);
        format!("{}.{}", units / 10, units % 10)
    };
    match bytes {
        b if b < KB => format!("{b} B"),
        b if b < KB * KB => format!("{} KB", b.div_ceil(KB)),
        b if b < KB * KB * KB => format!("{} MB", tenths(KB * KB)),
        _ => format!("{} GB", tenths(KB * KB * KB)),
    }
}

fn state_text(summary: &ThreadSummary) -> String {
    let state = &summary.state;
    let mut out = state.state().as_str().to_owned();
    if state.conflict() {
        let all: Vec<String> = state
            .latest
            .iter()
            .map(|(s, h, by)| {
                let by = by.as_deref().unwrap_or("?");
                match h {
                    Some(h) => format!("{} by {by}, handler {h}", s.as_str()),
                    None => format!("{} by {by}", s.as_str()),
                }
            })
            .collect();
        let _ = write!(out, " (conflict: {})", all.join("; "));
    }
    out
}

/// One line per thread: id, day, state, handler, markers, first words.
pub fn list(threads: &[ThreadSummary]) -> String {
    let mut out = String::new();
    for t in threads {
        let mut markers = Vec::new();
        if t.new_messages > 0 {
            markers.push(format!("{} new", t.new_messages));
        }
        if t.unanswered {
            markers.push("unanswered".to_owned());
        }
        if t.unreadable > 0 {
            markers.push(format!("{} not sealed to this key", t.unreadable));
        }
        let _ = writeln!(
            out,
            "{}  {}  {:<9}  {:<10}  {:<18}  {}",
            t.id,
            t.last_day,
            state_text(t),
            terminal::line(t.state.handler().unwrap_or("-")),
            markers.join(", "),
            terminal::line(&t.first_words)
        );
    }
    if threads.is_empty() {
        out.push_str("no thread yet: open a bundle with `gundo review open`\n");
    }
    out
}

/// The whole thread.
pub fn show(view: &ThreadView) -> String {
    let s = &view.summary;
    let mut out = format!(
        "thread {}, started {}, state {}{}\n",
        s.id,
        s.created_day,
        state_text(s),
        s.state
            .handler()
            .map(|h| format!(", handled by {}", terminal::line(h)))
            .unwrap_or_default()
    );
    for event in &view.events {
        match event {
            Event::Message(m) => message(&mut out, m),
            Event::Reply(r) => {
                let by = r.by.as_deref().map(terminal::line).unwrap_or_default();
                let _ = writeln!(out, "\n--- {} reply by {by}", r.day);
                match &r.text {
                    Some(text) => out.push_str(&terminal::text(text)),
                    None => out.push_str("[sealed before this reviewer's key was added]"),
                }
                out.push('\n');
            }
            Event::Note(n) => note(&mut out, n),
            Event::Mine(q, sent) => {
                let what = match q.kind {
                    QueuedKind::Reply => "your reply",
                    QueuedKind::Team => "your note or state",
                };
                let when = if *sent {
                    "in an outbox, not back through the server yet"
                } else {
                    "queued for the next outbox"
                };
                let _ = writeln!(out, "\n--- {} {what} ({when})", q.day);
                out.push_str(&terminal::text(&q.text));
                out.push('\n');
            }
        }
    }
    if let Some(draft) = &view.draft {
        let _ = writeln!(out, "\n--- draft (not queued)\n{}", terminal::text(draft));
    }
    out
}

/// An inbound message: its text, then each attachment with its cleaning and risk.
fn message(out: &mut String, m: &MessageRecord) {
    let _ = writeln!(out, "\n--- {} {} ({})", m.day, m.kind.as_str(), m.blob);
    match &m.readable {
        Readable::Yes => {}
        Readable::NotSealedToThisKey => out.push_str(
            "[this message was sealed before this reviewer's key was added: another reviewer can read it]\n",
        ),
        Readable::Damaged(why) => {
            let _ = writeln!(out, "[this message is damaged: {why}]");
        }
    }
    if !m.text.is_empty() {
        out.push_str(&terminal::text(&m.text));
        if !m.text.ends_with('\n') {
            out.push('\n');
        }
    }
    for a in &m.attachments {
        let _ = write!(
            out,
            "  attachment: {} ({})",
            terminal::line(&a.name),
            human_size(a.size)
        );
        if let Some(risk) = &a.risk {
            let _ = write!(out, ", RISK: {risk}");
        }
        match &a.cleaning {
            CleaningRecord::Cleaned {
                format, removed, ..
            } => {
                let _ = write!(
                    out,
                    "; cleaned copy ({format}): removed {}",
                    removed.join("; ")
                );
            }
            CleaningRecord::NotCleaned { reason } => {
                let _ = write!(
                    out,
                    "; not cleaned: open only the original on this laptop, with care ({reason})"
                );
            }
            CleaningRecord::Refused { reason } => {
                let _ = write!(out, "; REFUSED, may be hostile, kept as sent ({reason})");
            }
        }
        out.push('\n');
    }
}

/// A team note or state.
fn note(out: &mut String, n: &NoteRecord) {
    let by = n.by.as_deref().map(terminal::line).unwrap_or_default();
    let Some(body) = &n.body else {
        let _ = writeln!(
            out,
            "\n--- {} note by {by}: [not sealed to this key]",
            n.day
        );
        return;
    };
    if let Some(state) = body.state {
        let handler = body
            .handler
            .as_deref()
            .map(|h| format!(", handled by {}", terminal::line(h)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "\n--- {} state by {by}: {}{handler}",
            n.day,
            state.as_str()
        );
    }
    if let Some(text) = &body.note {
        let _ = writeln!(out, "\n--- {} note by {by} (for reviewers only)", n.day);
        out.push_str(&terminal::text(text));
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(human_size(0), "0 B");
        assert_eq!(human_size(999), "999 B");
        assert_eq!(human_size(1000), "1 KB");
        assert_eq!(human_size(1001), "2 KB");
        assert_eq!(human_size(60_000_000), "60.0 MB");
        assert_eq!(human_size(3_400_000_000), "3.4 GB");
    }
}
