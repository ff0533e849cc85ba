//! The offline reviewer: opens signed export bundles into a workspace that
//! holds only ciphertext, reads threads from it, queues sealed replies, team
//! notes and states, and writes the signed outbox that carries them (and
//! the acknowledgements) back to the server.
//!
//! The commands (`review open|list|show|save|reply|note|mark|outbox`) and
//! the desk ([`desk`]) call the same functions here. A [`Session`] is the reviewer's
//! key and the recipient their workspace is sealed to.
//!
//! Opening a bundle is all or nothing: what it holds is staged inside the
//! workspace, unverified, while it streams; only once the server's
//! signature has verified and the pins ([`trust`]) allow it is anything read
//! or moved into place. A forged, foreign, altered or unaccepted bundle
//! leaves the workspace exactly as it was. Each message is then decrypted
//! once, in memory, to index its text and attachments and make cleaned
//! copies, which are sealed to the reviewer before they touch the disk.
//!
//! This module never touches the network, the server's database or its
//! blob directory.

pub mod clean;
pub mod desk;
mod message;
pub mod names;
pub mod text;
pub mod trust;
pub mod workspace;

use std::collections::HashSet;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use zeroize::Zeroizing;

use crate::bundle::{self, BundleError, ExportItem, OutboxContent, OutboxReply};
use crate::ids::{BlobId, ThreadId};
use crate::keys::{RecipientKey, ReviewerIdentity, ReviewerKey, encode_verifying_key};
use crate::reply::{MAX_REPLY_BYTES, ReplyError, open_reply, seal_reply};
pub use message::{risk_code, risk_runs_code};
use trust::{Confirm, ReviewerChange, TrustError, TrustOptions};
pub use workspace::ThreadState;
use workspace::{
    CleaningRecord, MessageRecord, NoteRecord, QueuedItem, QueuedKind, Readable, ReplyRecord,
    TeamItem, ThreadRecord, Workspace, WorkspaceError,
};

/// `format` of a team note's or state's plaintext.
const TEAM_FORMAT: &str = "gundo-team-v1";
/// Longest team note, in bytes.
pub const MAX_NOTE_BYTES: usize = 16 * 1024;

/// Why a review command failed. Messages carry no tip content.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// The bundle could not be read (wrong key, damaged, forged…).
    #[error(transparent)]
    Bundle(#[from] BundleError),
    /// The bundle was refused on trust (server key, reviewer set).
    #[error(transparent)]
    Trust(#[from] TrustError),
    /// The workspace could not be used.
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// Where.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
    /// The thread is not in this workspace.
    #[error("no thread {0} in this workspace: `gundo review list` shows the threads")]
    UnknownThread(String),
    /// The thread has no such attachment.
    #[error("thread {thread} has no attachment named {name}: `gundo review show` lists them")]
    UnknownFile {
        /// The thread.
        thread: String,
        /// The name asked for.
        name: String,
    },
    /// The attachment has no cleaned copy.
    #[error("{0} has no cleaned copy: save the original with --original, knowing what it may hold")]
    NoCleanCopy(String),
    /// The workspace knows no reviewer keys yet.
    #[error("this workspace has no reviewer keys yet: open a bundle first")]
    NoReviewers,
    /// The reply is empty, too long or not UTF-8.
    #[error("the reply must be UTF-8 text of 1 to {MAX_REPLY_BYTES} bytes")]
    BadReply,
    /// The note is empty or too long.
    #[error("a note must be UTF-8 text of 1 to {MAX_NOTE_BYTES} bytes")]
    BadNote,
    /// A key in the workspace is not an age recipient.
    #[error("the workspace holds a malformed key for thread {0}")]
    BadThreadKey(String),
    /// Nothing to put in an outbox.
    #[error("nothing to send: no queued reply, note or state and no newly opened message")]
    NothingToSend,
    /// The output file exists already.
    #[error("{0} already exists: refusing to overwrite")]
    Exists(PathBuf),
    /// The age plugin holding the reviewer's key failed (a cancelled PIN,
    /// an unplugged key…). Nothing was changed.
    #[error("the age plugin failed, nothing was changed (run again to retry): {0}")]
    Plugin(String),
}

fn io_at(path: &Path) -> impl FnOnce(io::Error) -> ReviewError + '_ {
    move |source| ReviewError::Io {
        path: path.to_owned(),
        source,
    }
}

/// The reviewer at work: their key, and the recipient their workspace (its
/// state and derived files) is sealed to.
pub struct Session<'a> {
    /// Opens bundles, messages, replies and notes.
    pub key: &'a ReviewerKey,
    /// This reviewer's own recipient.
    pub owner: RecipientKey,
}

impl<'a> Session<'a> {
    /// A session for a key made by `gundo keygen`, sealed to its own recipient.
    pub fn native(key: &'a ReviewerKey, identity: &ReviewerIdentity) -> Self {
        Self {
            key,
            owner: identity.age_identity().to_public(),
        }
    }

    fn identity(&self) -> &dyn age::Identity {
        self.key.age_identity()
    }

    fn workspace(&self, dir: &Path) -> Result<Workspace, ReviewError> {
        Workspace::open(dir, self.identity(), &self.owner).map_err(|e| self.plugin_or(e.into()))
    }

    /// A plugin's own failure, if it had one, else `other`.
    fn plugin_or(&self, other: ReviewError) -> ReviewError {
        self.key.plugin_failure().map_or(other, ReviewError::Plugin)
    }
}

/// What `review open` did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct OpenReport {
    /// Messages new to this workspace.
    pub new_messages: usize,
    /// New messages this key could not open (sealed before it was added).
    pub unreadable_messages: usize,
    /// Replies new to this workspace.
    pub new_replies: usize,
    /// Team notes and states new to this workspace.
    pub new_notes: usize,
    /// Threads in the workspace after opening.
    pub threads: usize,
    /// The server key's fingerprint.
    pub server_fingerprint: String,
    /// Whether this open pinned the server key (first open or rotation).
    pub server_newly_pinned: bool,
    /// The change of reviewers this open accepted.
    pub reviewer_change: Option<ReviewerChange>,
}

/// Counts bytes read from the bundle, for the progress bar.
struct Progress<R, F> {
    inner: R,
    tell: F,
}

impl<R: Read, F: FnMut(u64)> Read for Progress<R, F> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        (self.tell)(n as u64);
        Ok(n)
    }
}

/// What a bundle's streaming left in the staging folder, unverified.
#[derive(Default)]
struct Staged {
    messages: Vec<bundle::MessageEntry>,
    replies: Vec<bundle::ReplyEntry>,
    notes: Vec<bundle::NoteEntry>,
}

/// Copies one staged age file into the staging folder.
fn stage(
    dir: &Path,
    folder: &str,
    blob: &BlobId,
    reader: &mut dyn Read,
) -> Result<(), BundleError> {
    let path = dir.join(folder).join(blob.file_name());
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)?;
    // Large writes: a message may be a gigabyte, and 8 KiB writes (what
    // `io::copy` does between these two) took a seventh of `review open`'s
    // time. A read gives at most one age chunk (64 KiB), so that is written.
    let mut buf = vec![0u8; STAGE_BUFFER];
    loop {
        // age reports a bad MAC or truncation as a read error.
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return Err(BundleError::Damaged("truncated or tampered")),
        };
        file.write_all(&buf[..n])?;
    }
    file.sync_all()?;
    Ok(())
}

/// The read buffer that stages a bundle's files (more than one age chunk).
const STAGE_BUFFER: usize = 256 * 1024;

/// What was read from the staged files, once the bundle was trusted.
#[derive(Default)]
struct Indexed {
    messages: Vec<(ThreadId, MessageRecord)>,
    replies: Vec<(ThreadId, ReplyRecord)>,
    notes: Vec<(ThreadId, NoteRecord)>,
}

/// Opens `bundle` into the workspace `dir`: verifies the server's signature
/// and the pins, then adds what is new. `progress` is told how many bundle
/// bytes were read. On any error the workspace is left as it was.
pub fn open_bundle(
    session: &Session<'_>,
    bundle_path: &Path,
    dir: &Path,
    options: &TrustOptions,
    confirm: &dyn Confirm,
    progress: impl FnMut(u64),
) -> Result<OpenReport, ReviewError> {
    let mut ws = session.workspace(dir)?;
    let staging = ws.staging()?;
    let (verified, staged) = stage_bundle(session, &ws, staging.path(), bundle_path, progress)?;
    let trusted = trust::decide(
        &verified.server_key,
        &verified.manifest.reviewers,
        ws.state.server_key.as_deref(),
        &ws.state.reviewers,
        options,
        confirm,
    )?;
    // Verified and trusted: read what is new, in the staging folder still.
    let indexed = index_staged(session, &ws, staging.path(), &staged)?;
    commit_files(&ws, staging.path(), &staged, &indexed)?;
    let mut report = OpenReport {
        server_fingerprint: bundle::fingerprint(&verified.server_key),
        server_newly_pinned: trusted.newly_pinned,
        reviewer_change: trusted.reviewer_change,
        ..OpenReport::default()
    };
    ws.state.server_key = Some(trusted.server_key);
    ws.state.reviewers = trusted.reviewers;
    for thread in &verified.manifest.threads {
        ws.state
            .threads
            .entry(thread.id.as_str().to_owned())
            .or_insert_with(|| ThreadRecord {
                reply_recipient: thread.reply_recipient.clone(),
                created_day: thread.created_day.clone(),
                messages: Vec::new(),
                replies: Vec::new(),
                notes: Vec::new(),
            });
    }
    let came_back: HashSet<BlobId> = indexed
        .replies
        .iter()
        .map(|(_, r)| r.blob.clone())
        .chain(indexed.notes.iter().map(|(_, n)| n.blob.clone()))
        .collect();
    for (thread, record) in indexed.messages {
        // Only what this reviewer read is acknowledged: the server purges
        // acknowledged ciphertext, and another reviewer may read the rest.
        match record.readable {
            Readable::Yes => ws.state.unacknowledged.push(record.blob.clone()),
            Readable::NotSealedToThisKey => report.unreadable_messages += 1,
            Readable::Damaged(_) => {}
        }
        report.new_messages += 1;
        if let Some(t) = ws.state.threads.get_mut(thread.as_str()) {
            t.messages.push(record);
        }
    }
    for (thread, record) in indexed.replies {
        report.new_replies += 1;
        if let Some(t) = ws.state.threads.get_mut(thread.as_str()) {
            t.replies.push(record);
        }
    }
    for (thread, record) in indexed.notes {
        report.new_notes += 1;
        if let Some(t) = ws.state.threads.get_mut(thread.as_str()) {
            t.notes.push(record);
        }
    }
    // What this reviewer sent is back through the server: no longer pending.
    ws.state.sent.retain(|item| !came_back.contains(&item.id));
    // The state names the new files: saving it is the commit.
    ws.save()?;
    report.threads = ws.state.threads.len();
    drop(staging);
    Ok(report)
}

/// Streams the bundle into the staging folder (what the workspace does not
/// have yet), unverified, and returns the verified manifest and key.
fn stage_bundle(
    session: &Session<'_>,
    ws: &Workspace,
    staging: &Path,
    bundle_path: &Path,
    progress: impl FnMut(u64),
) -> Result<(bundle::VerifiedExport, Staged), ReviewError> {
    for folder in ["messages", "replies", "notes", "derived"] {
        workspace::create_private_dir(&staging.join(folder))?;
    }
    let file = std::fs::File::open(bundle_path).map_err(io_at(bundle_path))?;
    let reader = io::BufReader::with_capacity(
        256 * 1024,
        Progress {
            inner: file,
            tell: progress,
        },
    );
    let known = |blob: &BlobId| {
        ws.state.threads.values().any(|t| {
            t.messages.iter().any(|m| &m.blob == blob)
                || t.replies.iter().any(|r| &r.blob == blob)
                || t.notes.iter().any(|n| &n.blob == blob)
        })
    };
    let mut staged = Staged::default();
    let verified = bundle::read_export(session.identity(), reader, |_, item| match item {
        ExportItem::Message(entry, r) if !known(&entry.blob) => {
            stage(staging, "messages", &entry.blob, r)?;
            staged.messages.push(entry.clone());
            Ok(())
        }
        ExportItem::Reply(entry, r) if !known(&entry.blob) => {
            stage(staging, "replies", &entry.blob, r)?;
            staged.replies.push(entry.clone());
            Ok(())
        }
        ExportItem::Note(entry, r) if !known(&entry.blob) => {
            stage(staging, "notes", &entry.blob, r)?;
            staged.notes.push(entry.clone());
            Ok(())
        }
        // Already here: read past it (the signature covers it all the same).
        _ => Ok(()),
    })
    .map_err(|e| session.plugin_or(e.into()))?;
    Ok((verified, staged))
}

/// Decrypts each staged message once (text, attachments: risks and cleaned
/// copies, sealed to this reviewer into the staging folder), and each reply
/// and note.
fn index_staged(
    session: &Session<'_>,
    ws: &Workspace,
    staging: &Path,
    staged: &Staged,
) -> Result<Indexed, ReviewError> {
    let plugin_failed = || session.key.plugin_failure().is_some();
    let limits = clean::CleanLimits::default();
    let mut indexed = Indexed::default();
    for entry in &staged.messages {
        let path = staging.join("messages").join(entry.blob.file_name());
        let reading = message::read_message(session.identity(), &path, &limits)
            .map_err(|e| session.plugin_or(io_at(&path)(e)))?;
        if plugin_failed() {
            return Err(session.plugin_or(ReviewError::NoReviewers));
        }
        let mut attachments = Vec::new();
        for (mut record, cleaned) in reading.attachments {
            if let Some(cleaned) = cleaned {
                let copy = BlobId::generate();
                workspace::write_sealed(
                    &staging.join("derived").join(copy.file_name()),
                    ws.owner(),
                    &cleaned.bytes,
                )?;
                record.cleaning = CleaningRecord::Cleaned {
                    copy,
                    format: cleaned.format.to_owned(),
                    removed: cleaned.removed.iter().map(|&r| r.to_owned()).collect(),
                };
            }
            attachments.push(record);
        }
        indexed.messages.push((
            entry.thread.clone(),
            MessageRecord {
                blob: entry.blob.clone(),
                kind: entry.kind,
                day: entry.day.clone(),
                readable: reading.readable,
                text: reading.text,
                attachments,
            },
        ));
    }
    for entry in &staged.replies {
        let path = staging.join("replies").join(entry.blob.file_name());
        let ciphertext = read_small(&path, 4 * MAX_REPLY_BYTES as u64)?;
        let text = match open_reply(session.identity(), &ciphertext) {
            Ok(text) => Some(text.to_string()),
            Err(_) if plugin_failed() => return Err(session.plugin_or(ReviewError::NoReviewers)),
            Err(ReplyError::Unreadable) => None,
            Err(_) => return Err(BundleError::Damaged("reply").into()),
        };
        let record = ReplyRecord {
            blob: entry.blob.clone(),
            day: entry.day.clone(),
            by: entry.by.clone(),
            text,
        };
        indexed.replies.push((entry.thread.clone(), record));
    }
    for entry in &staged.notes {
        let path = staging.join("notes").join(entry.blob.file_name());
        let ciphertext = read_small(&path, 4 * MAX_NOTE_BYTES as u64)?;
        let body = open_team_item(session.identity(), &ciphertext);
        if body.is_none() && plugin_failed() {
            return Err(session.plugin_or(ReviewError::NoReviewers));
        }
        let record = NoteRecord {
            blob: entry.blob.clone(),
            day: entry.day.clone(),
            by: entry.by.clone(),
            body,
        };
        indexed.notes.push((entry.thread.clone(), record));
    }
    Ok(indexed)
}

/// Moves the staged files into place. Nothing names them until the state is saved.
fn commit_files(
    ws: &Workspace,
    staging: &Path,
    staged: &Staged,
    indexed: &Indexed,
) -> Result<(), ReviewError> {
    let moves = staged
        .messages
        .iter()
        .map(|m| ("messages", &m.blob))
        .chain(staged.replies.iter().map(|r| ("replies", &r.blob)))
        .chain(staged.notes.iter().map(|n| ("notes", &n.blob)))
        .chain(indexed.messages.iter().flat_map(|(_, m)| {
            m.attachments.iter().filter_map(|a| match &a.cleaning {
                CleaningRecord::Cleaned { copy, .. } => Some(("derived", copy)),
                _ => None,
            })
        }));
    for (folder, blob) in moves {
        workspace::commit_file(
            &staging.join(folder).join(blob.file_name()),
            &ws.root().join(folder).join(blob.file_name()),
        )?;
    }
    for folder in ["messages", "replies", "notes", "derived"] {
        workspace::sync_dir(&ws.root().join(folder))?;
    }
    Ok(())
}

fn read_small(path: &Path, max: u64) -> Result<Vec<u8>, ReviewError> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(max).read_to_end(&mut bytes))
        .map_err(io_at(path))?;
    Ok(bytes)
}

/// Opens a team note's or state's age file; `None` if this key cannot or
/// it is not one.
fn open_team_item(identity: &dyn age::Identity, ciphertext: &[u8]) -> Option<TeamItem> {
    let text = open_reply(identity, ciphertext).ok()?;
    let item: TeamItem = toml::from_str(&text).ok()?;
    (item.format == TEAM_FORMAT).then_some(item)
}

/// The recipients of the reviewers this workspace pinned, and its owner.
fn team_recipients(ws: &Workspace) -> Result<Vec<RecipientKey>, ReviewError> {
    if ws.state.reviewers.is_empty() {
        return Err(ReviewError::NoReviewers);
    }
    let mut recipients = ws
        .state
        .reviewers
        .iter()
        .map(|r| RecipientKey::from_str(&r.recipient).map_err(|_| ReviewError::NoReviewers))
        .collect::<Result<Vec<_>, _>>()?;
    // Whatever a bundle said, this reviewer always reads what they wrote.
    if !recipients.contains(ws.owner()) {
        recipients.push(ws.owner().clone());
    }
    Ok(recipients)
}

fn thread_of(ws: &Workspace, thread: &str) -> Result<ThreadId, ReviewError> {
    if !ws.state.threads.contains_key(thread) {
        return Err(ReviewError::UnknownThread(
            crate::terminal::line(&thread.chars().take(40).collect::<String>()).into_owned(),
        ));
    }
    ThreadId::parse(thread).ok_or_else(|| ReviewError::UnknownThread(thread.to_owned()))
}

/// Seals `text` to the thread's reply key, every pinned reviewer and this
/// one, and queues it for the next outbox.
pub fn queue_reply(
    session: &Session<'_>,
    dir: &Path,
    thread: &str,
    text: &str,
) -> Result<BlobId, ReviewError> {
    let mut ws = session.workspace(dir)?;
    if text.trim().is_empty() || text.len() > MAX_REPLY_BYTES {
        return Err(ReviewError::BadReply);
    }
    let thread_id = thread_of(&ws, thread)?;
    let reply_to = RecipientKey::from_str(&ws.state.threads[thread].reply_recipient)
        .map_err(|_| ReviewError::BadThreadKey(thread.to_owned()))?;
    let team = team_recipients(&ws)?;
    // Post-quantum threads stay post-quantum; classic ones stay readable.
    let (reply_to, team) = crate::keys::reply_recipients(reply_to, team);
    let sealed = seal_reply(text, &reply_to, &team).map_err(|_| ReviewError::BadReply)?;
    let id = BlobId::generate();
    ws.state.queued.push(QueuedItem {
        id: id.clone(),
        thread: thread_id,
        kind: QueuedKind::Reply,
        day: crate::day::today(),
        age: bundle::armor(&sealed).map_err(io_at(dir))?,
        text: text.to_owned(),
        team: None,
    });
    ws.state.drafts.remove(thread);
    ws.save()?;
    Ok(id)
}

/// Seals a team note or state to the pinned reviewers and this one (never
/// to the source), and queues it for the next outbox.
fn queue_team(
    session: &Session<'_>,
    dir: &Path,
    thread: &str,
    item: &TeamItem,
    summary: String,
) -> Result<BlobId, ReviewError> {
    let mut ws = session.workspace(dir)?;
    let thread_id = thread_of(&ws, thread)?;
    let team = team_recipients(&ws)?;
    let plain = Zeroizing::new(toml::to_string(item).expect("plain data"));
    let (first, rest) = team.split_first().ok_or(ReviewError::NoReviewers)?;
    let sealed = seal_reply(&plain, first, rest).map_err(|_| ReviewError::BadNote)?;
    let id = BlobId::generate();
    ws.state.queued.push(QueuedItem {
        id: id.clone(),
        thread: thread_id,
        kind: QueuedKind::Team,
        day: crate::day::today(),
        age: bundle::armor(&sealed).map_err(io_at(dir))?,
        text: summary,
        team: Some(item.clone()),
    });
    ws.save()?;
    Ok(id)
}

/// Queues a note to the other reviewers about a thread.
pub fn queue_note(
    session: &Session<'_>,
    dir: &Path,
    thread: &str,
    text: &str,
) -> Result<BlobId, ReviewError> {
    if text.trim().is_empty() || text.len() > MAX_NOTE_BYTES {
        return Err(ReviewError::BadNote);
    }
    let item = TeamItem {
        format: TEAM_FORMAT.to_owned(),
        note: Some(text.to_owned()),
        state: None,
        handler: None,
    };
    queue_team(session, dir, thread, &item, text.to_owned())
}

/// Queues a thread's new state (and who handles it) for the other reviewers.
pub fn mark(
    session: &Session<'_>,
    dir: &Path,
    thread: &str,
    state: ThreadState,
    handler: Option<&str>,
) -> Result<BlobId, ReviewError> {
    if handler.is_some_and(|h| h.trim().is_empty() || h.len() > 64) {
        return Err(ReviewError::BadNote);
    }
    let item = TeamItem {
        format: TEAM_FORMAT.to_owned(),
        note: None,
        state: Some(state),
        handler: handler.map(str::to_owned),
    };
    let summary = match handler {
        Some(h) => format!("{} ({h})", state.as_str()),
        None => state.as_str().to_owned(),
    };
    queue_team(session, dir, thread, &item, summary)
}

/// Keeps a reply draft for the desk (sealed with the state).
pub fn save_draft(
    session: &Session<'_>,
    dir: &Path,
    thread: &str,
    text: &str,
) -> Result<(), ReviewError> {
    let mut ws = session.workspace(dir)?;
    thread_of(&ws, thread)?;
    if text.is_empty() {
        ws.state.drafts.remove(thread);
    } else {
        ws.state.drafts.insert(thread.to_owned(), text.to_owned());
    }
    ws.save()?;
    Ok(())
}

/// What `review outbox` wrote.
#[derive(Debug, PartialEq, Eq)]
pub struct OutboxReport {
    /// Replies in the outbox.
    pub replies: usize,
    /// Notes and states in the outbox.
    pub notes: usize,
    /// Messages acknowledged.
    pub acknowledged: usize,
}

/// Writes the queued replies, notes and states and the acknowledgements of
/// newly opened messages into one signed outbox at `out` (mode 0600), then
/// marks them sent. They stay in the workspace until a bundle brings them back.
pub fn write_outbox(
    session: &Session<'_>,
    identity: &ReviewerIdentity,
    signer: &str,
    dir: &Path,
    out: &Path,
) -> Result<OutboxReport, ReviewError> {
    write_outbox_with_progress(session, identity, signer, dir, out, &mut |_, _| {})
}

/// [`write_outbox`], telling `progress` how many of the outbox's bytes are
/// written so far, and of how many (for the desk's progress bar).
pub fn write_outbox_with_progress(
    session: &Session<'_>,
    identity: &ReviewerIdentity,
    signer: &str,
    dir: &Path,
    out: &Path,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<OutboxReport, ReviewError> {
    let mut ws = session.workspace(dir)?;
    if ws.state.queued.is_empty() && ws.state.unacknowledged.is_empty() {
        return Err(ReviewError::NothingToSend);
    }
    let item = |q: &QueuedItem| OutboxReply {
        id: q.id.clone(),
        thread: q.thread.clone(),
        age: q.age.clone(),
    };
    let content = OutboxContent {
        format: bundle::OUTBOX_FORMAT.to_owned(),
        signer: signer.to_owned(),
        signing_key: encode_verifying_key(&identity.signing_key().verifying_key()),
        day: crate::day::today(),
        acknowledged: ws.state.unacknowledged.clone(),
        replies: ws
            .state
            .queued
            .iter()
            .filter(|q| q.kind == QueuedKind::Reply)
            .map(item)
            .collect(),
        notes: ws
            .state
            .queued
            .iter()
            .filter(|q| q.kind == QueuedKind::Team)
            .map(item)
            .collect(),
    };
    let bytes = bundle::write_outbox(&content, identity.signing_key());
    write_new_file(out, &bytes, progress)?;
    let report = OutboxReport {
        replies: content.replies.len(),
        notes: content.notes.len(),
        acknowledged: content.acknowledged.len(),
    };
    let queued = std::mem::take(&mut ws.state.queued);
    ws.state.sent.extend(queued);
    ws.state.unacknowledged.clear();
    ws.save()?;
    Ok(report)
}

/// Creates `path` (never overwriting), mode 0600, writes and fsyncs it,
/// telling `progress` the bytes written so far and the total.
fn write_new_file(
    path: &Path,
    bytes: &[u8],
    progress: &mut dyn FnMut(u64, u64),
) -> Result<(), ReviewError> {
    use std::os::unix::fs::OpenOptionsExt;
    // 0600, like the bundles: an outbox names the threads a reviewer answered.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| {
            if e.kind() == io::ErrorKind::AlreadyExists {
                ReviewError::Exists(path.to_owned())
            } else {
                io_at(path)(e)
            }
        })?;
    // In pieces, so a slow USB stick shows its progress.
    let total = bytes.len() as u64;
    let mut written = 0;
    let result = bytes
        .chunks(256 * 1024)
        .try_for_each(|chunk| {
            file.write_all(chunk)?;
            written += chunk.len() as u64;
            progress(written, total);
            Ok(())
        })
        .and_then(|()| file.sync_all());
    if let Err(e) = result {
        let _ = std::fs::remove_file(path);
        return Err(io_at(path)(e));
    }
    Ok(())
}

/// A thread's current state, from the states the team set: the latest day
/// wins; different states set on that same day by different reviewers are
/// all kept (a conflict to settle).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CurrentState {
    /// `(state, handler, by)` of the latest day, one per reviewer who set one.
    pub latest: Vec<(ThreadState, Option<String>, Option<String>)>,
    /// The day they were set.
    pub day: Option<String>,
}

impl CurrentState {
    /// The state to show when there is one answer (or the first of a conflict).
    pub fn state(&self) -> ThreadState {
        self.latest.first().map_or(ThreadState::New, |s| s.0)
    }

    /// Whether reviewers set different states on the same day.
    pub fn conflict(&self) -> bool {
        self.latest
            .windows(2)
            .any(|w| w[0].0 != w[1].0 || w[0].1 != w[1].1)
    }

    /// Who handles the thread, if anyone said.
    pub fn handler(&self) -> Option<&str> {
        self.latest.iter().find_map(|s| s.1.as_deref())
    }
}

/// One thread as `list` and the desk's inbox show it.
#[derive(Clone, Debug)]
pub struct ThreadSummary {
    /// Its id.
    pub id: String,
    /// The day of its latest message, reply or note.
    pub last_day: String,
    /// The day the tip arrived.
    pub created_day: String,
    /// Its state as the team set it.
    pub state: CurrentState,
    /// No reviewer has replied yet (none through the server, none queued here).
    pub unanswered: bool,
    /// Messages not yet acknowledged by this reviewer (opened since the last outbox).
    pub new_messages: usize,
    /// The first words of its first readable message.
    pub first_words: String,
    /// Messages in it.
    pub messages: usize,
    /// Messages this key cannot read.
    pub unreadable: usize,
}

fn current_state(ws: &Workspace, thread: &str, record: &ThreadRecord) -> CurrentState {
    let mine = ws
        .state
        .reviewers
        .iter()
        .find(|r| r.recipient == ws.owner().to_string());
    let my_name = mine.map(|r| r.name.clone());
    let mut states: Vec<(String, ThreadState, Option<String>, Option<String>)> = record
        .notes
        .iter()
        .filter_map(|n| {
            let body = n.body.as_ref()?;
            Some((
                n.day.clone(),
                body.state?,
                body.handler.clone(),
                n.by.clone(),
            ))
        })
        .collect();
    // What this reviewer set and has not seen come back yet counts too.
    for item in ws.state.sent.iter().chain(&ws.state.queued) {
        if item.thread.as_str() != thread {
            continue;
        }
        if let Some(TeamItem {
            state: Some(state),
            handler,
            ..
        }) = &item.team
        {
            states.push((item.day.clone(), *state, handler.clone(), my_name.clone()));
        }
    }
    let Some(day) = states.iter().map(|s| s.0.clone()).max() else {
        return CurrentState::default();
    };
    let mut latest: Vec<(ThreadState, Option<String>, Option<String>)> = Vec::new();
    // Later in the list is later in time: one entry per reviewer, their last.
    for (_, state, handler, by) in states.into_iter().filter(|s| s.0 == day) {
        latest.retain(|s| s.2 != by);
        latest.push((state, handler, by));
    }
    CurrentState {
        latest,
        day: Some(day),
    }
}

/// The first `n` words of `text`, on one line.
pub fn first_words(text: &str, n: usize) -> String {
    let mut words: Vec<&str> = text.split_whitespace().take(n + 1).collect();
    let more = words.len() > n;
    words.truncate(n);
    let mut out = words.join(" ");
    if more {
        out.push('…');
    }
    out
}

/// Every thread, newest activity first.
pub fn list(session: &Session<'_>, dir: &Path) -> Result<Vec<ThreadSummary>, ReviewError> {
    Ok(summaries(&session.workspace(dir)?))
}

/// Every thread of an open workspace, newest activity first.
fn summaries(ws: &Workspace) -> Vec<ThreadSummary> {
    let unacknowledged: HashSet<&BlobId> = ws.state.unacknowledged.iter().collect();
    let mut threads: Vec<ThreadSummary> = ws
        .state
        .threads
        .iter()
        .map(|(id, t)| {
            let last_day = t
                .messages
                .iter()
                .map(|m| m.day.as_str())
                .chain(t.replies.iter().map(|r| r.day.as_str()))
                .chain(t.notes.iter().map(|n| n.day.as_str()))
                .max()
                .unwrap_or(&t.created_day)
                .to_owned();
            let answered_here = ws
                .state
                .queued
                .iter()
                .chain(&ws.state.sent)
                .any(|q| q.kind == QueuedKind::Reply && q.thread.as_str() == id);
            ThreadSummary {
                id: id.clone(),
                last_day,
                created_day: t.created_day.clone(),
                state: current_state(ws, id, t),
                unanswered: t.replies.is_empty() && !answered_here,
                new_messages: t
                    .messages
                    .iter()
                    .filter(|m| unacknowledged.contains(&m.blob))
                    .count(),
                first_words: t
                    .messages
                    .iter()
                    .find(|m| m.readable == Readable::Yes && !m.text.trim().is_empty())
                    .map(|m| first_words(&m.text, 12))
                    .unwrap_or_default(),
                messages: t.messages.len(),
                unreadable: t
                    .messages
                    .iter()
                    .filter(|m| m.readable != Readable::Yes)
                    .count(),
            }
        })
        .collect();
    threads.sort_by(|a, b| b.last_day.cmp(&a.last_day).then_with(|| a.id.cmp(&b.id)));
    threads
}

/// One entry of a thread, in the order it happened.
#[derive(Clone, Debug)]
pub enum Event {
    /// An inbound message.
    Message(MessageRecord),
    /// A reply that went through the server.
    Reply(ReplyRecord),
    /// A note or state from a reviewer.
    Note(NoteRecord),
    /// Something this reviewer wrote that has not come back through the server.
    Mine(QueuedItem, bool),
}

impl Event {
    /// The day it happened.
    pub fn day(&self) -> &str {
        match self {
            Event::Message(m) => &m.day,
            Event::Reply(r) => &r.day,
            Event::Note(n) => &n.day,
            Event::Mine(q, _) => &q.day,
        }
    }
}

/// A whole thread, as `show` and the desk's thread screen show it.
#[derive(Clone, Debug)]
pub struct ThreadView {
    /// The summary line.
    pub summary: ThreadSummary,
    /// Messages, replies, notes and this reviewer's pending items, by day.
    pub events: Vec<Event>,
    /// A draft kept for it.
    pub draft: Option<String>,
}

/// One thread, whole.
pub fn show(session: &Session<'_>, dir: &Path, thread: &str) -> Result<ThreadView, ReviewError> {
    let ws = session.workspace(dir)?;
    let summary = summaries(&ws)
        .into_iter()
        .find(|t| t.id == thread)
        .ok_or_else(|| {
            ReviewError::UnknownThread(
                crate::terminal::line(&thread.chars().take(40).collect::<String>()).into_owned(),
            )
        })?;
    Ok(view_of(&ws, summary))
}

/// Every thread, whole, newest activity first, from one read of the
/// workspace: what the desk holds in memory (and searches) while it runs.
pub fn show_all(session: &Session<'_>, dir: &Path) -> Result<Vec<ThreadView>, ReviewError> {
    let ws = session.workspace(dir)?;
    Ok(summaries(&ws)
        .into_iter()
        .map(|summary| view_of(&ws, summary))
        .collect())
}

/// The thread `summary` names, whole.
fn view_of(ws: &Workspace, summary: ThreadSummary) -> ThreadView {
    let thread = summary.id.as_str();
    let record = &ws.state.threads[thread];
    let mut events: Vec<Event> = record
        .messages
        .iter()
        .cloned()
        .map(Event::Message)
        .chain(record.replies.iter().cloned().map(Event::Reply))
        .chain(record.notes.iter().cloned().map(Event::Note))
        .chain(
            ws.state
                .sent
                .iter()
                .filter(|q| q.thread.as_str() == thread)
                .cloned()
                .map(|q| Event::Mine(q, true)),
        )
        .chain(
            ws.state
                .queued
                .iter()
                .filter(|q| q.thread.as_str() == thread)
                .cloned()
                .map(|q| Event::Mine(q, false)),
        )
        .collect();
    // Stable: within a day, messages, then replies, notes, this reviewer's own.
    events.sort_by(|a, b| a.day().cmp(b.day()));
    let draft = ws.state.drafts.get(thread).cloned();
    ThreadView {
        summary,
        events,
        draft,
    }
}

/// Where `save` wrote, and what.
#[derive(Debug, PartialEq, Eq)]
pub struct Saved {
    /// The file written.
    pub path: PathBuf,
    /// Its size.
    pub bytes: u64,
    /// Whether it is the original (not the cleaned copy).
    pub original: bool,
}

impl std::fmt::Display for Saved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = if self.original {
            "the ORIGINAL, with whatever it hides"
        } else {
            "the cleaned copy"
        };
        write!(
            f,
            "wrote {what} to {} ({} bytes)",
            crate::terminal::line(&self.path.display().to_string()),
            self.bytes
        )
    }
}

/// Writes an attachment's cleaned copy (or, with `original`, the file as
/// sent) into the folder `to`, under a safe name that takes no other file's
/// place. The only command that writes plaintext to disk, where the reviewer
/// chooses.
pub fn save(
    session: &Session<'_>,
    dir: &Path,
    thread: &str,
    name: &str,
    to: &Path,
    original: bool,
) -> Result<Saved, ReviewError> {
    let ws = session.workspace(dir)?;
    let (message, attachment) = find_attachment(&ws, thread, name)?;
    let mut taken: HashSet<String> = std::fs::read_dir(to)
        .map_err(io_at(to))?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().to_lowercase())
        .collect();
    let wanted = if original {
        attachment.name.clone()
    } else {
        cleaned_name(&attachment.name)
    };
    let file_name = names::safe_file_name(&wanted, &mut taken);
    let path = to.join(&file_name);
    if !original && !matches!(attachment.cleaning, CleaningRecord::Cleaned { .. }) {
        return Err(ReviewError::NoCleanCopy(attachment.name.clone()));
    }
    let temp = tempfile::Builder::new()
        .prefix(".gundo-save-")
        .tempfile_in(to)
        .map_err(io_at(to))?;
    let mut out = io::BufWriter::new(temp);
    let bytes = copy_attachment(session, &ws, message, attachment, original, &mut out)?;
    let temp = out.into_inner().map_err(|e| io_at(&path)(e.into_error()))?;
    temp.as_file().sync_all().map_err(io_at(&path))?;
    temp.persist_noclobber(&path)
        .map_err(|e| io_at(&path)(e.error))?;
    Ok(Saved {
        path,
        bytes,
        original,
    })
}

/// `photo.jpg` → `photo.cleaned.jpg`: the name `save` gives a cleaned copy.
pub fn cleaned_name(name: &str) -> String {
    let (stem, ext) = match name.rfind('.') {
        Some(dot) if dot > 0 => name.split_at(dot),
        _ => (name, ""),
    };
    format!("{stem}.cleaned{ext}")
}

/// Decrypts an attachment's cleaned copy (or, with `original`, the file as
/// sent) into `out`, and returns its size. Nothing touches the disk here:
/// `out` is the caller's (the desk's private RAM folder, or memory).
pub fn write_attachment(
    session: &Session<'_>,
    dir: &Path,
    thread: &str,
    name: &str,
    original: bool,
    out: &mut dyn Write,
) -> Result<u64, ReviewError> {
    let ws = session.workspace(dir)?;
    let (message, attachment) = find_attachment(&ws, thread, name)?;
    copy_attachment(session, &ws, message, attachment, original, out)
}

/// The message holding the attachment `name` of `thread`, and the attachment.
fn find_attachment<'w>(
    ws: &'w Workspace,
    thread: &str,
    name: &str,
) -> Result<(&'w MessageRecord, &'w workspace::AttachmentRecord), ReviewError> {
    thread_of(ws, thread)?;
    ws.state.threads[thread]
        .messages
        .iter()
        .find_map(|m| {
            m.attachments
                .iter()
                .find(|a| a.name == name)
                .map(|a| (m, a))
        })
        .ok_or_else(|| ReviewError::UnknownFile {
            thread: thread.to_owned(),
            name: crate::terminal::line(name).into_owned(),
        })
}

/// Copies an attachment (its cleaned copy, or the original) into `out`.
fn copy_attachment(
    session: &Session<'_>,
    ws: &Workspace,
    message: &MessageRecord,
    attachment: &workspace::AttachmentRecord,
    original: bool,
    out: &mut dyn Write,
) -> Result<u64, ReviewError> {
    if original {
        return message::save_attachment(
            session.identity(),
            &ws.message_file(&message.blob),
            attachment.entry_offset,
            out,
        )
        .map_err(|e| session.plugin_or(io_at(&ws.message_file(&message.blob))(e)));
    }
    let CleaningRecord::Cleaned { copy, .. } = &attachment.cleaning else {
        return Err(ReviewError::NoCleanCopy(attachment.name.clone()));
    };
    let file = ws.derived_file(copy);
    let sealed = std::fs::File::open(&file).map_err(io_at(&file))?;
    let decryptor =
        age::Decryptor::new(io::BufReader::new(sealed)).map_err(|_| WorkspaceError::NotThisKey)?;
    let mut reader = decryptor
        .decrypt(std::iter::once(session.identity()))
        .map_err(|_| session.plugin_or(WorkspaceError::NotThisKey.into()))?;
    io::copy(&mut reader, out).map_err(io_at(&file))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::{
        EXPORT_FORMAT, ExportManifest, MessageEntry, MessageKind, ReviewerEntry, ThreadEntry,
    };
    use workspace::AttachmentRecord;

    /// A workspace with one thread: a tip with a text and an attachment
    /// whose cleaned copy is sealed in `derived/`.
    fn workspace_with_a_tip(dir: &Path, key: &ReviewerKey, me: &ReviewerIdentity) -> String {
        let session = Session::native(key, me);
        let mut ws = session.workspace(dir).unwrap();
        let thread = ThreadId::generate();
        let copy = BlobId::generate();
        workspace::write_sealed(&ws.derived_file(&copy), ws.owner(), b"cleaned bytes").unwrap();
        let tip = BlobId::generate();
        ws.state.unacknowledged.push(tip.clone());
        ws.state.reviewers.push(ReviewerEntry {
            name: "amina".into(),
            recipient: session.owner.to_string(),
        });
        ws.state.threads.insert(
            thread.as_str().to_owned(),
            ThreadRecord {
                reply_recipient: age::x25519::Identity::generate().to_public().to_string(),
                created_day: "2026-12-02".into(),
                messages: vec![MessageRecord {
                    blob: tip,
                    kind: MessageKind::Tip,
                    day: "2026-12-02".into(),
                    readable: Readable::Yes,
                    text: "Les soldes fantômes du 5e bataillon".into(),
                    attachments: vec![AttachmentRecord {
                        name: "photo.jpg".into(),
                        entry_offset: 0,
                        size: 13,
                        risk: None,
                        cleaning: CleaningRecord::Cleaned {
                            copy,
                            format: "jpeg".into(),
                            removed: vec!["GPS".into()],
                        },
                    }],
                }],
                replies: Vec::new(),
                notes: Vec::new(),
            },
        );
        ws.save().unwrap();
        thread.as_str().to_owned()
    }

    /// The same fresh identity twice: as the key that opens, and as the one that signs.
    fn identities() -> (ReviewerKey, ReviewerIdentity) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("amina.key");
        crate::keys::write_keypair(&ReviewerIdentity::generate(), &path, None).unwrap();
        let read = || ReviewerIdentity::read(&path, None).unwrap();
        (ReviewerKey::Native(read()), read())
    }

    #[test]
    fn show_all_holds_every_thread_and_attachments_decrypt_into_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let (key, me) = identities();
        let thread = workspace_with_a_tip(dir.path(), &key, &me);
        let session = Session::native(&key, &me);
        let all = show_all(&session, dir.path()).unwrap();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].summary.id, thread);
        assert!(matches!(&all[0].events[0], Event::Message(m) if m.text.contains("fantômes")));
        let one = show(&session, dir.path(), &thread).unwrap();
        assert_eq!(one.summary.first_words, all[0].summary.first_words);

        let mut out = Vec::new();
        let n =
            write_attachment(&session, dir.path(), &thread, "photo.jpg", false, &mut out).unwrap();
        assert_eq!((n, out.as_slice()), (13, &b"cleaned bytes"[..]));
        assert!(matches!(
            write_attachment(&session, dir.path(), &thread, "other.jpg", false, &mut out),
            Err(ReviewError::UnknownFile { .. })
        ));
        assert_eq!(cleaned_name("photo.jpg"), "photo.cleaned.jpg");
        assert_eq!(cleaned_name("README"), "README.cleaned");
        assert_eq!(cleaned_name(".profile"), ".profile.cleaned");
    }

    #[test]
    fn the_outbox_reports_its_progress_in_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let (key, me) = identities();
        workspace_with_a_tip(dir.path(), &key, &me);
        let session = Session::native(&key, &me);
        let out = dir.path().join("amina.outbox");
        let mut seen = Vec::new();
        let report = write_outbox_with_progress(
            &session,
            &me,
            "amina",
            dir.path(),
            &out,
            &mut |done, total| seen.push((done, total)),
        )
        .unwrap();
        assert_eq!(report.acknowledged, 1);
        let size = std::fs::metadata(&out).unwrap().len();
        assert_eq!(seen.last(), Some(&(size, size)));
        assert!(seen.windows(2).all(|w| w[0].0 < w[1].0));
    }

    /// A signed bundle to `reviewer` holding one message whose blob is `blob`.
    fn bundle_with(dir: &Path, reviewer: &ReviewerIdentity, blob: &[u8]) -> (PathBuf, BlobId) {
        let id = BlobId::generate();
        std::fs::write(dir.join(id.file_name()), blob).unwrap();
        let thread = ThreadId::generate();
        let me = reviewer.to_reviewer("amina");
        let manifest = ExportManifest {
            format: EXPORT_FORMAT.into(),
            day: "2026-12-02".into(),
            reviewers: vec![bundle::ReviewerEntry {
                name: "amina".into(),
                recipient: me.recipient.to_string(),
            }],
            threads: vec![ThreadEntry {
                id: thread.clone(),
                reply_recipient: age::x25519::Identity::generate().to_public().to_string(),
                created_day: "2026-12-01".into(),
            }],
            messages: vec![MessageEntry {
                blob: id.clone(),
                thread,
                kind: MessageKind::Tip,
                day: "2026-12-01".into(),
            }],
            replies: vec![],
            notes: vec![],
        };
        let bytes = bundle::write_export(
            &[me.recipient],
            &manifest,
            |b| dir.join(b.file_name()),
            &bundle::ServerSigningKey::generate(),
            Vec::new(),
            |_| (),
        )
        .unwrap();
        let path = dir.join("b.bundle");
        std::fs::write(&path, bytes).unwrap();
        (path, id)
    }

    #[test]
    fn a_damaged_message_is_kept_flagged_and_never_acknowledged() {
        let dir = tempfile::tempdir().unwrap();
        let identity = ReviewerIdentity::generate();
        let (bundle, blob) = bundle_with(
            dir.path(),
            &identity,
            b"age-encryption.org/v1\nnot an age file",
        );
        let key = ReviewerKey::Native(identity);
        let ReviewerKey::Native(native) = &key else {
            unreachable!()
        };
        let session = Session::native(&key, native);
        let ws = dir.path().join("ws");
        let report = open_bundle(
            &session,
            &bundle,
            &ws,
            &TrustOptions::default(),
            &trust::NoTerminal,
            |_| (),
        )
        .unwrap();
        assert_eq!(report.new_messages, 1);
        let threads = list(&session, &ws).unwrap();
        assert_eq!(threads[0].unreadable, 1, "flagged");
        let view = show(&session, &ws, &threads[0].id).unwrap();
        assert!(
            matches!(&view.events[0], Event::Message(m) if matches!(m.readable, Readable::Damaged(_)))
        );
        // Acknowledging it would let the server purge it; another reviewer may read it.
        assert!(matches!(
            write_outbox(&session, native, "amina", &ws, &dir.path().join("o.outbox")),
            Err(ReviewError::NothingToSend)
        ));
        assert!(
            ws.join("messages").join(blob.file_name()).is_file(),
            "the original is kept"
        );
    }
}
