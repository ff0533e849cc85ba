//! The reviewer's workspace on the air-gapped laptop: its layout and its
//! small state file.
//!
//! ```text
//! DIR/index.html, DIR/index.en.html       the offline page (French, English)
//! DIR/threads/<THREAD-ID>/
//!     messages/<DAY>_<kind>_<BLOB-ID>/    one folder per inbound message
//!         message.txt                     the text
//!         files/<safe name>               attachments as sent
//!         files/<safe name>.cleaned.<ext> metadata-stripped copies, beside them
//!         meta.toml                       day, kind, attachments, risks
//!     replies/<DAY>_<BLOB-ID>.txt         replies that went through the server
//!     pending/<REPLY-ID>.txt              this reviewer's queued replies
//! DIR/outbox/<REPLY-ID>.toml              queued replies, already encrypted
//! DIR/.gundo/state.toml                   threads, reviewers, what was acknowledged
//! ```
//!
//! Every file is written through a temp name and renamed, so an interrupted
//! `review open` leaves either nothing or a whole message. Folders are 0700.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::bundle::MessageKind;
use crate::ids::{BlobId, ThreadId};

const STATE_FORMAT: &str = "gundo-workspace-v1";

/// Why the workspace could not be used.
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    /// A file or folder operation failed.
    #[error("{path}: {source}")]
    Io {
        /// Where.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The state file is damaged or from another tool.
    #[error("{0} is not a gundo workspace state file")]
    BadState(PathBuf),
}

/// What the workspace remembers between commands.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct State {
    format: String,
    /// Every reviewer's recipient, from the latest bundle: replies are sealed to them.
    #[serde(default)]
    pub reviewers: Vec<String>,
    /// Threads seen, by id.
    #[serde(default)]
    pub threads: BTreeMap<String, ThreadInfo>,
    /// Messages opened here and not yet acknowledged in an outbox.
    #[serde(default)]
    pub unacknowledged: Vec<BlobId>,
    /// Replies queued here that the server has not yet sent back in a bundle.
    #[serde(default)]
    pub pending: Vec<PendingReply>,
}

/// A reply queued by this reviewer.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PendingReply {
    /// Its id (the blob id it will have on the server).
    pub id: BlobId,
    /// The thread it answers.
    pub thread: ThreadId,
    /// The day it was written.
    pub day: String,
    /// Whether it went into an outbox already.
    pub sent: bool,
}

/// A reply that came back through the server.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplyRecord {
    /// Its blob.
    pub blob: BlobId,
    /// The day the server stored it.
    pub day: String,
}

/// What the workspace knows of a thread.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThreadInfo {
    /// Where replies are encrypted to.
    pub reply_recipient: String,
    /// The day the tip arrived.
    pub created_day: String,
    /// Message folder names, in arrival order.
    #[serde(default)]
    pub messages: Vec<String>,
    /// Replies, in arrival order.
    #[serde(default)]
    pub replies: Vec<ReplyRecord>,
}

/// A message folder's description.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageMeta {
    /// The blob it came from.
    pub blob: BlobId,
    /// Tip or follow-up.
    pub kind: MessageKind,
    /// The day it arrived.
    pub day: String,
    /// Its attachments, in arrival order.
    #[serde(default)]
    pub attachments: Vec<AttachmentMeta>,
    /// Set when the message could not be opened with this key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unreadable: Option<String>,
}

/// One attachment of a message.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttachmentMeta {
    /// The original, under `files/`.
    pub file: String,
    /// The metadata-stripped copy, under `files/`, if the type is supported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cleaned: Option<String>,
    /// Why no clean copy could be made, if that was tried and failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clean_failed: Option<String>,
    /// What the clean copy lost, in short English phrases.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<String>,
    /// What the file could do if opened, in English and French.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk: Option<[String; 2]>,
    /// Size in bytes.
    pub size: u64,
}

/// An open workspace.
pub struct Workspace {
    root: PathBuf,
    /// What it remembers; saved by [`Workspace::save`].
    pub state: State,
}

impl Workspace {
    /// Opens `root`, creating the layout (mode 0700) if it is new.
    pub fn open(root: &Path) -> Result<Self, WorkspaceError> {
        for dir in [
            root.to_owned(),
            root.join("threads"),
            root.join("outbox"),
            root.join(".gundo"),
        ] {
            create_private_dir(&dir)?;
        }
        let state_path = root.join(".gundo/state.toml");
        let state = match std::fs::read_to_string(&state_path) {
            Ok(text) => {
                let state: State = toml::from_str(&text)
                    .map_err(|_| WorkspaceError::BadState(state_path.clone()))?;
                if state.format != STATE_FORMAT {
                    return Err(WorkspaceError::BadState(state_path));
                }
                state
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => State {
                format: STATE_FORMAT.to_owned(),
                ..State::default()
            },
            Err(source) => {
                return Err(WorkspaceError::Io {
                    path: state_path,
                    source,
                });
            }
        };
        Ok(Self {
            root: root.to_owned(),
            state,
        })
    }

    /// Writes the state file (atomically).
    pub fn save(&self) -> Result<(), WorkspaceError> {
        let text = toml::to_string(&self.state).expect("the state is plain data");
        write_atomically(&self.root.join(".gundo/state.toml"), text.as_bytes())
    }

    /// The workspace folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `threads/<id>`.
    pub fn thread_dir(&self, thread: &ThreadId) -> PathBuf {
        self.root.join("threads").join(thread.as_str())
    }

    /// The folder of a message.
    pub fn message_dir(
        &self,
        thread: &ThreadId,
        kind: MessageKind,
        day: &str,
        blob: &BlobId,
    ) -> PathBuf {
        self.thread_dir(thread).join("messages").join(format!(
            "{}_{}_{}",
            safe_day(day),
            kind.as_str(),
            blob
        ))
    }

    /// Whether a message is already here.
    pub fn has_message(
        &self,
        thread: &ThreadId,
        kind: MessageKind,
        day: &str,
        blob: &BlobId,
    ) -> bool {
        self.message_dir(thread, kind, day, blob)
            .join("meta.toml")
            .is_file()
    }

    /// The file of a reply that went through the server.
    pub fn reply_file(&self, thread: &ThreadId, day: &str, blob: &BlobId) -> PathBuf {
        self.thread_dir(thread)
            .join("replies")
            .join(format!("{}_{}.txt", safe_day(day), blob))
    }

    /// The plaintext of a reply this reviewer queued.
    pub fn pending_file(&self, thread: &ThreadId, reply: &BlobId) -> PathBuf {
        self.thread_dir(thread)
            .join("pending")
            .join(format!("{reply}.txt"))
    }

    /// The queued, encrypted reply.
    pub fn outbox_file(&self, reply: &BlobId) -> PathBuf {
        self.root.join("outbox").join(format!("{reply}.toml"))
    }

    /// A scratch folder inside the workspace (same file system, so renames are atomic).
    pub fn scratch_dir(&self) -> PathBuf {
        self.root.join(".gundo")
    }
}

/// A day as it may appear in a file name: `YYYY-MM-DD` or `unknown-day`.
fn safe_day(day: &str) -> &str {
    let ok = day.len() == 10
        && day.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if ok { day } else { "unknown-day" }
}

/// Creates a folder (and parents) with mode 0700.
pub fn create_private_dir(path: &Path) -> Result<(), WorkspaceError> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(path)
        .map_err(|source| WorkspaceError::Io {
            path: path.to_owned(),
            source,
        })
}

/// Writes `path` through a temp file beside it and a rename.
pub fn write_atomically(path: &Path, contents: &[u8]) -> Result<(), WorkspaceError> {
    use std::io::Write;
    let io = |source| WorkspaceError::Io {
        path: path.to_owned(),
        source,
    };
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    create_private_dir(dir)?;
    let mut file = tempfile::Builder::new()
        .prefix(".tmp-")
        .tempfile_in(dir)
        .map_err(io)?;
    file.write_all(contents).map_err(io)?;
    file.as_file().sync_all().map_err(io)?;
    file.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_round_trip_and_layout() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::open(dir.path()).unwrap();
        ws.state.reviewers.push("age1x".into());
        ws.state.unacknowledged.push(BlobId::generate());
        ws.save().unwrap();
        let again = Workspace::open(dir.path()).unwrap();
        assert_eq!(again.state.reviewers, ["age1x"]);
        assert_eq!(again.state.unacknowledged.len(), 1);
        let thread = ThreadId::generate();
        let blob = BlobId::generate();
        let folder = ws.message_dir(&thread, MessageKind::Tip, "../../etc", &blob);
        assert!(folder.starts_with(dir.path().join("threads")));
        assert!(folder.to_string_lossy().contains("unknown-day"));
        std::fs::write(dir.path().join(".gundo/state.toml"), "format = \"other\"").unwrap();
        assert!(matches!(
            Workspace::open(dir.path()),
            Err(WorkspaceError::BadState(_))
        ));
    }
}
