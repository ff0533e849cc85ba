//! `index.html` (French) and `index.en.html` (English): a static page listing
//! every thread, message, attachment and reply in the workspace, to browse
//! offline in any browser.
//!
//! Everything from a tip is escaped by the template engine; there is no
//! JavaScript, nothing is loaded from anywhere, and a Content-Security-Policy
//! `<meta>` forbids scripts even if a file were ever injected. Links are
//! relative and percent-encoded, so a hostile attachment name cannot break out
//! of its `href`.

use askama::Template;

use super::workspace::{MessageMeta, Workspace, WorkspaceError, write_atomically};
use crate::bundle::MessageKind;
use crate::ids::ThreadId;

/// Longest message text shown on the page (the file holds all of it).
const MAX_SHOWN_TEXT: usize = 256 * 1024;

/// Labels of the page in one language.
pub(super) struct IndexTexts {
    code: &'static str,
    title: &'static str,
    intro: &'static str,
    safety: &'static str,
    other_language: &'static str,
    other_href: &'static str,
    other_code: &'static str,
    no_threads: &'static str,
    thread: &'static str,
    opened_on: &'static str,
    tip: &'static str,
    followup: &'static str,
    folder: &'static str,
    attachments: &'static str,
    original: &'static str,
    cleaned: &'static str,
    no_clean_copy: &'static str,
    clean_failed: &'static str,
    risk: &'static str,
    unreadable: &'static str,
    replies: &'static str,
    pending: &'static str,
    queued: &'static str,
    sent: &'static str,
    reply_how: &'static str,
    bytes: &'static str,
}

const FR: IndexTexts = IndexTexts {
    code: "fr",
    title: "gundo — espace de lecture",
    intro: "Cette page liste les signalements ouverts sur cet ordinateur. Elle fonctionne sans réseau et sans JavaScript.",
    safety: "Ouvrez d'abord les copies nettoyées. N'ouvrez jamais un fichier marqué à risque sur cet ordinateur. Ne branchez jamais cet ordinateur à un réseau.",
    other_language: "English",
    other_href: "index.en.html",
    other_code: "en",
    no_threads: "Aucun signalement pour l'instant : ouvrez un lot avec « gundo review open ».",
    thread: "Fil",
    opened_on: "reçu le",
    tip: "Signalement",
    followup: "Suite",
    folder: "dossier",
    attachments: "Pièces jointes",
    original: "original",
    cleaned: "copie nettoyée",
    no_clean_copy: "pas de copie nettoyée pour ce type de fichier",
    clean_failed: "nettoyage impossible",
    risk: "À RISQUE",
    unreadable: "Message illisible avec cette clé",
    replies: "Réponses",
    pending: "Réponse en attente",
    queued: "à mettre dans la boîte d'envoi",
    sent: "dans une boîte d'envoi, pas encore revenue du serveur",
    reply_how: "Pour répondre : gundo review reply --thread",
    bytes: "octets",
};

const EN: IndexTexts = IndexTexts {
    code: "en",
    title: "gundo — reading workspace",
    intro: "This page lists the tips opened on this computer. It works without a network and without JavaScript.",
    safety: "Open the cleaned copies first. Never open a file flagged as risky on this computer. Never connect this computer to a network.",
    other_language: "Français",
    other_href: "index.html",
    other_code: "fr",
    no_threads: "No tips yet: open a bundle with \u{201c}gundo review open\u{201d}.",
    thread: "Thread",
    opened_on: "received",
    tip: "Tip",
    followup: "Follow-up",
    folder: "folder",
    attachments: "Attachments",
    original: "original",
    cleaned: "cleaned copy",
    no_clean_copy: "no cleaned copy for this file type",
    clean_failed: "cleaning failed",
    risk: "RISKY",
    unreadable: "Message not readable with this key",
    replies: "Replies",
    pending: "Pending reply",
    queued: "to be put in an outbox",
    sent: "in an outbox, not yet back from the server",
    reply_how: "To reply: gundo review reply --thread",
    bytes: "bytes",
};

#[derive(Template)]
#[template(path = "review/index.html")]
struct IndexPage<'a> {
    t: &'a IndexTexts,
    threads: &'a [ThreadView],
}

struct ThreadView {
    id: String,
    created_day: String,
    messages: Vec<MessageView>,
    replies: Vec<TextView>,
    pending: Vec<PendingView>,
}

struct MessageView {
    day: String,
    tip: bool,
    folder_href: String,
    text: String,
    unreadable: Option<String>,
    attachments: Vec<AttachmentView>,
}

struct AttachmentView {
    name: String,
    href: String,
    size: u64,
    cleaned: Option<(String, String)>,
    clean_failed: Option<String>,
    risk: Option<[String; 2]>,
}

struct TextView {
    day: String,
    text: String,
}

struct PendingView {
    day: String,
    text: String,
    sent: bool,
}

/// Writes both pages from the workspace's current content.
pub(super) fn write_index(ws: &Workspace) -> Result<(), WorkspaceError> {
    let threads = gather(ws);
    for (texts, file) in [(&FR, "index.html"), (&EN, "index.en.html")] {
        let html = IndexPage {
            t: texts,
            threads: &threads,
        }
        .render()
        .expect("rendering plain data to a String does not fail");
        write_atomically(&ws.root().join(file), html.as_bytes())?;
    }
    Ok(())
}

fn gather(ws: &Workspace) -> Vec<ThreadView> {
    let mut threads: Vec<ThreadView> = ws
        .state
        .threads
        .iter()
        .filter_map(|(id, info)| {
            let thread = ThreadId::parse(id)?;
            let base = format!("threads/{id}");
            let messages = info
                .messages
                .iter()
                .filter_map(|folder| {
                    let dir = ws.thread_dir(&thread).join("messages").join(folder);
                    let meta: MessageMeta =
                        toml::from_str(&std::fs::read_to_string(dir.join("meta.toml")).ok()?)
                            .ok()?;
                    let folder_href = format!("{base}/messages/{}", encode_segment(folder));
                    let text = read_text(&dir.join("message.txt"));
                    Some(MessageView {
                        day: meta.day.clone(),
                        tip: meta.kind == MessageKind::Tip,
                        text,
                        unreadable: meta.unreadable.clone(),
                        attachments: meta
                            .attachments
                            .iter()
                            .map(|a| AttachmentView {
                                name: a.file.clone(),
                                href: format!("{folder_href}/files/{}", encode_segment(&a.file)),
                                size: a.size,
                                cleaned: a.cleaned.as_ref().map(|c| {
                                    (
                                        c.clone(),
                                        format!("{folder_href}/files/{}", encode_segment(c)),
                                    )
                                }),
                                clean_failed: a.clean_failed.clone(),
                                risk: a.risk.clone(),
                            })
                            .collect(),
                        folder_href,
                    })
                })
                .collect();
            let replies = info
                .replies
                .iter()
                .map(|r| TextView {
                    day: r.day.clone(),
                    text: read_text(&ws.reply_file(&thread, &r.day, &r.blob)),
                })
                .collect();
            let pending = ws
                .state
                .pending
                .iter()
                .filter(|p| p.thread == thread)
                .map(|p| PendingView {
                    day: p.day.clone(),
                    text: read_text(&ws.pending_file(&thread, &p.id)),
                    sent: p.sent,
                })
                .collect();
            Some(ThreadView {
                id: id.clone(),
                created_day: info.created_day.clone(),
                messages,
                replies,
                pending,
            })
        })
        .collect();
    // Newest threads first; ties by id so the page is the same on every run.
    threads.sort_by(|a, b| {
        b.created_day
            .cmp(&a.created_day)
            .then_with(|| a.id.cmp(&b.id))
    });
    threads
}

fn read_text(path: &std::path::Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_default();
    let mut text = String::from_utf8_lossy(&bytes[..bytes.len().min(MAX_SHOWN_TEXT)]).into_owned();
    if bytes.len() > MAX_SHOWN_TEXT {
        text.push_str("\n[…]");
    }
    text
}

/// Percent-encodes one path segment for a relative `href`.
fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 15)]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_cannot_break_out() {
        assert_eq!(
            encode_segment("a b/../c\"<>.pdf"),
            "a%20b%2F..%2Fc%22%3C%3E.pdf"
        );
        assert_eq!(encode_segment("été.jpg"), "%C3%A9t%C3%A9.jpg");
    }
}
