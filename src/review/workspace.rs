//! The reviewer's workspace on the air-gapped laptop. It holds **only
//! ciphertext**: a seized laptop with its workspace needs the reviewer's key
//! (and its passphrase, or the hardware key) to read anything.
//!
//! ```text
//! DIR/state.age               the workspace's state, sealed to this reviewer:
//!                             pins, threads, texts, attachments' records,
//!                             states, notes, drafts, queued and sent items
//! DIR/messages/<BLOB-ID>.age  each message's own age file, as the server sealed it
//! DIR/replies/<BLOB-ID>.age   replies that went through the server
//! DIR/notes/<BLOB-ID>.age     team notes and states that went through the server
//! DIR/derived/<ID>.age        cleaned copies of attachments, sealed to this reviewer
//! DIR/.staging-*/             a bundle being opened: removed if it fails,
//!                             and at the next command if it crashed
//! ```
//!
//! File names are random ids, so the layout says how many messages there
//! are and nothing else. Plaintext exists only in memory (and, while the desk
//! shows a file in an outside viewer, in its private RAM folder).
//!
//! Every file is written through a temp name and renamed. The state is the
//! index: a file it does not name is not part of the workspace (what a
//! crash left behind is ignored, then replaced). Folders are 0700, files 0600.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::bundle::{MessageKind, ReviewerEntry};
use crate::ids::{BlobId, ThreadId};
use crate::keys::RecipientKey;

/// `format` of the state this gundo writes and reads.
const STATE_FORMAT: &str = "gundo-workspace-v2";
/// The sealed state's file name.
const STATE_FILE: &str = "state.age";
/// The largest state read (texts of every message included).
const MAX_STATE_BYTES: u64 = 1024 * 1024 * 1024;

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
    /// The state does not open with this key.
    #[error(
        "this workspace belongs to another key (or its state is damaged): use the key it was made with"
    )]
    NotThisKey,
    /// The state is damaged or from another tool or version.
    #[error("{0} is not a gundo workspace state this version reads")]
    BadState(PathBuf),
    /// The folder holds files of an older, plaintext workspace.
    #[error(
        "{0} is a workspace of an older gundo that kept tips in plaintext: wipe it (shred), then open the bundles into a new folder"
    )]
    OldPlaintextWorkspace(PathBuf),
}

fn io_at(path: &Path) -> impl FnOnce(std::io::Error) -> WorkspaceError + '_ {
    move |source| WorkspaceError::Io {
        path: path.to_owned(),
        source,
    }
}

/// A thread's state, as the team sets it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThreadState {
    /// Nobody has looked at it yet.
    New,
    /// Someone is working on it.
    Open,
    /// The source was answered.
    Answered,
    /// Nothing more to do.
    Handled,
}

impl ThreadState {
    /// As written on the command line and in notes.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Open => "open",
            Self::Answered => "answered",
            Self::Handled => "handled",
        }
    }

    /// From the command line.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "new" => Some(Self::New),
            "open" => Some(Self::Open),
            "answered" => Some(Self::Answered),
            "handled" => Some(Self::Handled),
            _ => None,
        }
    }
}

/// What the workspace remembers, sealed to this reviewer.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct State {
    format: String,
    /// This reviewer's own recipient: what the state and derived files are sealed to.
    pub owner: String,
    /// The pinned server key (`gundoserver1…`); set by the first open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_key: Option<String>,
    /// The pinned reviewer set; set by the first open.
    #[serde(default)]
    pub reviewers: Vec<ReviewerEntry>,
    /// Threads, by id.
    #[serde(default)]
    pub threads: BTreeMap<String, ThreadRecord>,
    /// Messages opened here and not yet acknowledged in an outbox.
    #[serde(default)]
    pub unacknowledged: Vec<BlobId>,
    /// Replies, notes and states queued here for the next outbox.
    #[serde(default)]
    pub queued: Vec<QueuedItem>,
    /// Items written into an outbox that no bundle has brought back yet.
    #[serde(default)]
    pub sent: Vec<QueuedItem>,
    /// Reply drafts the desk keeps, by thread.
    #[serde(default)]
    pub drafts: BTreeMap<String, String>,
}

/// A reply, note or state this reviewer made, already sealed.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueuedItem {
    /// Its id (its blob id on the server).
    pub id: BlobId,
    /// The thread.
    pub thread: ThreadId,
    /// Reply, or team note/state.
    pub kind: QueuedKind,
    /// The day it was written.
    pub day: String,
    /// The armored age file.
    pub age: String,
    /// What it says, for this reviewer's own screens until it comes back.
    pub text: String,
    /// A note's or state's plaintext.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<TeamItem>,
}

/// What a queued item is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QueuedKind {
    /// A reply to the source.
    Reply,
    /// A note or a state, for the other reviewers only.
    Team,
}

/// What the workspace knows of a thread.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThreadRecord {
    /// Where replies are sealed to (`age1…`).
    pub reply_recipient: String,
    /// The day the tip arrived.
    pub created_day: String,
    /// Inbound messages, in arrival order.
    #[serde(default)]
    pub messages: Vec<MessageRecord>,
    /// Replies that went through the server, in arrival order.
    #[serde(default)]
    pub replies: Vec<ReplyRecord>,
    /// Team notes and states, in arrival order.
    #[serde(default)]
    pub notes: Vec<NoteRecord>,
}

/// An inbound message, as this workspace read it once.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageRecord {
    /// Its blob (`messages/<blob>.age`).
    pub blob: BlobId,
    /// Tip or follow-up.
    pub kind: MessageKind,
    /// The day it arrived.
    pub day: String,
    /// What could be read.
    pub readable: Readable,
    /// Its text (UTF-8, lossy), if readable.
    #[serde(default)]
    pub text: String,
    /// Its attachments, in arrival order.
    #[serde(default)]
    pub attachments: Vec<AttachmentRecord>,
}

/// Whether this reviewer could read a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Readable {
    /// Read.
    Yes,
    /// Sealed before this reviewer's key was added: ask another reviewer.
    NotSealedToThisKey,
    /// Damaged: the reason, without content.
    Damaged(String),
}

/// One attachment of a message.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttachmentRecord {
    /// A safe name for it: unique in the message, nothing hidden.
    pub name: String,
    /// Where its entry starts in the message's ZIP (to find it again).
    pub entry_offset: u64,
    /// Its size in bytes.
    pub size: u64,
    /// What it could do if opened (`executable`, `script`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk: Option<String>,
    /// The cleaned copy, or why there is none.
    pub cleaning: CleaningRecord,
}

/// The outcome of cleaning an attachment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum CleaningRecord {
    /// A cleaned copy is in `derived/<copy>.age`.
    Cleaned {
        /// The derived file.
        copy: BlobId,
        /// The format found.
        format: String,
        /// What was removed.
        removed: Vec<String>,
    },
    /// No cleaned copy: open only the original, with care.
    NotCleaned {
        /// Why.
        reason: String,
    },
    /// No cleaned copy, and the file is suspect (damaged, a bomb): flagged.
    Refused {
        /// Why.
        reason: String,
    },
}

/// A reply that went through the server.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplyRecord {
    /// Its blob (`replies/<blob>.age`).
    pub blob: BlobId,
    /// The day the server stored it.
    pub day: String,
    /// Who sent it, as the server's keys directory names them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// Its text, if this key opens it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// A team note or state that went through the server.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteRecord {
    /// Its blob (`notes/<blob>.age`).
    pub blob: BlobId,
    /// The day the server stored it.
    pub day: String,
    /// Who sent it, as the server's keys directory names them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// What it says, if this key opens it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<TeamItem>,
}

/// The plaintext of a team note or state (a small TOML file, sealed to the
/// reviewers only: never to the source, never readable by the server).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamItem {
    /// `gundo-team-v1`.
    pub format: String,
    /// A note's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// A state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<ThreadState>,
    /// Who handles the thread, with a state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handler: Option<String>,
}

/// An open workspace: its folder, its key's recipient and its state.
pub struct Workspace {
    root: PathBuf,
    owner: RecipientKey,
    /// What it remembers; saved by [`Workspace::save`].
    pub state: State,
}

impl Workspace {
    /// Opens `root` with `identity` (whose recipient is `owner`), creating
    /// an empty workspace if there is none. Removes what an interrupted
    /// `review open` left.
    pub fn open(
        root: &Path,
        identity: &dyn age::Identity,
        owner: &RecipientKey,
    ) -> Result<Self, WorkspaceError> {
        if root.join(".gundo/state.toml").exists() || root.join("index.html").exists() {
            return Err(WorkspaceError::OldPlaintextWorkspace(root.to_owned()));
        }
        for dir in ["", "messages", "replies", "notes", "derived"] {
            create_private_dir(&root.join(dir))?;
        }
        remove_staging(root)?;
        let state_path = root.join(STATE_FILE);
        let state = match std::fs::File::open(&state_path) {
            Ok(file) => read_state(file, identity, &state_path)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => State {
                format: STATE_FORMAT.to_owned(),
                owner: owner.to_string(),
                ..State::default()
            },
            Err(e) => return Err(io_at(&state_path)(e)),
        };
        Ok(Self {
            root: root.to_owned(),
            owner: owner.clone(),
            state,
        })
    }

    /// Seals the state to this reviewer and writes it (atomically).
    pub fn save(&self) -> Result<(), WorkspaceError> {
        let text = Zeroizing::new(toml::to_string(&self.state).expect("the state is plain data"));
        write_sealed(&self.root.join(STATE_FILE), &self.owner, text.as_bytes())
    }

    /// The workspace folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// This reviewer's own recipient.
    pub fn owner(&self) -> &RecipientKey {
        &self.owner
    }

    /// A message's age file.
    pub fn message_file(&self, blob: &BlobId) -> PathBuf {
        self.root.join("messages").join(blob.file_name())
    }

    /// A reply's age file.
    pub fn reply_file(&self, blob: &BlobId) -> PathBuf {
        self.root.join("replies").join(blob.file_name())
    }

    /// A team note's age file.
    pub fn note_file(&self, blob: &BlobId) -> PathBuf {
        self.root.join("notes").join(blob.file_name())
    }

    /// A derived file (a cleaned copy), sealed to this reviewer.
    pub fn derived_file(&self, id: &BlobId) -> PathBuf {
        self.root.join("derived").join(id.file_name())
    }

    /// A new staging folder inside the workspace (same file system, so the
    /// commit is renames).
    pub fn staging(&self) -> Result<tempfile::TempDir, WorkspaceError> {
        tempfile::Builder::new()
            .prefix(".staging-")
            .tempdir_in(&self.root)
            .map_err(io_at(&self.root))
    }

    /// The thread `id`, if the workspace has it.
    pub fn thread(&self, id: &str) -> Option<&ThreadRecord> {
        self.state.threads.get(id)
    }
}

fn read_state(
    file: std::fs::File,
    identity: &dyn age::Identity,
    path: &Path,
) -> Result<State, WorkspaceError> {
    let decryptor = age::Decryptor::new(std::io::BufReader::new(file))
        .map_err(|_| WorkspaceError::NotThisKey)?;
    let mut reader = decryptor
        .decrypt(std::iter::once(identity))
        .map_err(|_| WorkspaceError::NotThisKey)?;
    let mut bytes = Zeroizing::new(Vec::new());
    (&mut reader)
        .take(MAX_STATE_BYTES)
        .read_to_end(&mut bytes)
        .map_err(|_| WorkspaceError::BadState(path.to_owned()))?;
    let text =
        std::str::from_utf8(&bytes).map_err(|_| WorkspaceError::BadState(path.to_owned()))?;
    let state: State =
        toml::from_str(text).map_err(|_| WorkspaceError::BadState(path.to_owned()))?;
    if state.format != STATE_FORMAT {
        return Err(WorkspaceError::BadState(path.to_owned()));
    }
    Ok(state)
}

/// Removes staging folders an interrupted `review open` left.
fn remove_staging(root: &Path) -> Result<(), WorkspaceError> {
    for entry in std::fs::read_dir(root).map_err(io_at(root))? {
        let entry = entry.map_err(io_at(root))?;
        if entry.file_name().to_string_lossy().starts_with(".staging-") {
            let path = entry.path();
            std::fs::remove_dir_all(&path).map_err(io_at(&path))?;
        }
    }
    Ok(())
}

/// Creates a folder (and parents) with mode 0700.
pub fn create_private_dir(path: &Path) -> Result<(), WorkspaceError> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(path)
        .map_err(io_at(path))
}

/// Seals `plain` to `to` and writes it at `path` through a temp file beside
/// it, fsynced, renamed.
pub fn write_sealed(path: &Path, to: &RecipientKey, plain: &[u8]) -> Result<(), WorkspaceError> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let io = io_at(path);
    let temp = tempfile::Builder::new()
        .prefix(".tmp-")
        .tempfile_in(dir)
        .map_err(|e| WorkspaceError::Io {
            path: path.to_owned(),
            source: e,
        })?;
    let sealed = (|| {
        let encryptor = age::Encryptor::with_recipients(std::iter::once(to as &dyn age::Recipient))
            .map_err(std::io::Error::other)?;
        let mut writer = encryptor.wrap_output(std::io::BufWriter::new(temp))?;
        writer.write_all(plain)?;
        let buffered = writer.finish()?;
        let temp = buffered
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)?;
        temp.as_file().sync_all()?;
        Ok::<_, std::io::Error>(temp)
    })()
    .map_err(|e| WorkspaceError::Io {
        path: path.to_owned(),
        source: e,
    })?;
    sealed.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

/// Moves a staged file into place (same file system: a rename).
pub fn commit_file(staged: &Path, path: &Path) -> Result<(), WorkspaceError> {
    std::fs::rename(staged, path).map_err(io_at(path))
}

/// Syncs a folder, so the renames into it are durable.
pub fn sync_dir(path: &Path) -> Result<(), WorkspaceError> {
    std::fs::File::open(path)
        .and_then(|dir| dir.sync_all())
        .map_err(io_at(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_is_sealed_to_its_owner_and_holds_no_plaintext() {
        let dir = tempfile::tempdir().unwrap();
        let me = age::x25519::Identity::generate();
        let owner = RecipientKey::from(me.to_public());
        let mut ws = Workspace::open(dir.path(), &me, &owner).unwrap();
        ws.state
            .drafts
            .insert("0123456789abcdef".into(), "brouillon secret".into());
        ws.save().unwrap();
        let bytes = std::fs::read(dir.path().join(STATE_FILE)).unwrap();
        assert!(bytes.starts_with(b"age-encryption.org/v1"));
        assert!(!bytes.windows(16).any(|w| w == b"brouillon secret"));
        let again = Workspace::open(dir.path(), &me, &owner).unwrap();
        assert_eq!(again.state.drafts.len(), 1);
        let stranger = age::x25519::Identity::generate();
        assert!(matches!(
            Workspace::open(
                dir.path(),
                &stranger,
                &RecipientKey::from(stranger.to_public())
            ),
            Err(WorkspaceError::NotThisKey)
        ));
    }

    #[test]
    fn staging_left_by_a_crash_is_removed_and_old_workspaces_refused() {
        let dir = tempfile::tempdir().unwrap();
        let me = age::x25519::Identity::generate();
        let owner = RecipientKey::from(me.to_public());
        let ws = Workspace::open(dir.path(), &me, &owner).unwrap();
        let staging = ws.staging().unwrap().keep();
        std::fs::write(staging.join("x.age"), b"half").unwrap();
        Workspace::open(dir.path(), &me, &owner).unwrap();
        assert!(!staging.exists());
        let old = tempfile::tempdir().unwrap();
        std::fs::write(old.path().join("index.html"), b"<html>").unwrap();
        assert!(matches!(
            Workspace::open(old.path(), &me, &owner),
            Err(WorkspaceError::OldPlaintextWorkspace(_))
        ));
    }
}
