//! The offline reviewer: opens export bundles into a workspace on an
//! air-gapped laptop, queues encrypted replies, and writes the signed outbox
//! that carries them (and the acknowledgements) back to the server.
//!
//! Plaintext exists only here, in the workspace, on the reviewer's machine.
//! Attachments are written under safe names (never outside the workspace,
//! never over another file) with metadata-stripped copies beside them and a
//! risk flag for types that can act when opened. Opening the same bundle twice
//! changes nothing; opening a newer one merges into the workspace. This module
//! never touches the network, the server's database or its blob directory.

pub mod clean;
mod index;
pub mod names;
pub mod workspace;

use std::collections::HashSet;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::bundle::{
    self, BundleError, ExportItem, ExportManifest, MessageEntry, OutboxContent, OutboxReply,
};
use crate::ids::{BlobId, ThreadId};
use crate::keys::{ReviewerIdentity, ReviewerKey, encode_verifying_key};
use crate::reply::{MAX_REPLY_BYTES, ReplyError, open_reply, seal_reply};
use workspace::{
    AttachmentMeta, MessageMeta, PendingReply, ReplyRecord, ThreadInfo, Workspace, WorkspaceError,
};

/// Largest message plaintext (the padded ZIP) a workspace accepts.
const MAX_MESSAGE_PLAINTEXT: u64 = 4 * 1024 * 1024 * 1024;
/// Largest `message.txt` kept.
const MAX_TEXT_BYTES: u64 = 16 * 1024 * 1024;
/// How much of a file the risk check reads (all of it for small files, so
/// Office macro parts inside a ZIP are seen).
const RISK_READ_BYTES: u64 = 16 * 1024 * 1024;

/// Why a review command failed. Messages carry no tip content.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// The bundle could not be read (wrong key, damaged…).
    #[error(transparent)]
    Bundle(#[from] BundleError),
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
    #[error("no thread {0} in this workspace: open a bundle that holds it first")]
    UnknownThread(String),
    /// The workspace knows no reviewer keys yet.
    #[error("this workspace has no reviewer keys yet: open a bundle first")]
    NoReviewers,
    /// The reply is empty, too long or not UTF-8.
    #[error("the reply must be UTF-8 text of 1 to {MAX_REPLY_BYTES} bytes")]
    BadReply,
    /// The thread's reply key in the workspace is not an age recipient.
    #[error("the workspace holds a malformed key for thread {0}")]
    BadThreadKey(String),
    /// Nothing to put in an outbox.
    #[error("nothing to send: no queued reply and no newly opened message")]
    NothingToSend,
    /// The outbox file exists already.
    #[error("{0} already exists: refusing to overwrite")]
    Exists(PathBuf),
    /// The age plugin holding the reviewer's key failed (a cancelled PIN,
    /// an unplugged key…). Nothing about the failing item was recorded.
    #[error("the age plugin failed, nothing more was opened (run again to retry): {0}")]
    Plugin(String),
}

fn io_at(path: &Path) -> impl FnOnce(io::Error) -> ReviewError + '_ {
    move |source| ReviewError::Io {
        path: path.to_owned(),
        source,
    }
}

/// What `review open` did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct OpenReport {
    /// Messages new to this workspace.
    pub new_messages: usize,
    /// Messages this key could not open.
    pub unreadable_messages: usize,
    /// Replies new to this workspace.
    pub new_replies: usize,
    /// Threads in the workspace after opening.
    pub threads: usize,
}

/// Opens `bundle` with `identity` into the workspace `dir` and rewrites its
/// `index.html`. `progress` is told how many bundle bytes were handled.
///
/// A plugin failure stops the opening: what was stored before it stays, and
/// the failing message or reply is left for the next run, never marked
/// damaged or unreadable.
pub fn open_bundle(
    identity: &ReviewerKey,
    bundle: &Path,
    dir: &Path,
    mut progress: impl FnMut(u64),
) -> Result<OpenReport, ReviewError> {
    let file = std::fs::File::open(bundle).map_err(io_at(bundle))?;
    let mut ws = Workspace::open(dir)?;
    let mut report = OpenReport::default();
    let read = bundle::read_export(
        identity.age_identity(),
        io::BufReader::new(file),
        |manifest, item| {
            remember_threads(&mut ws, manifest);
            match item {
                ExportItem::Message(blob, reader) => {
                    let entry = manifest
                        .messages
                        .iter()
                        .find(|m| &m.blob == blob)
                        .ok_or(BundleError::Damaged("message not in manifest"))?;
                    match store_message(&mut ws, identity, entry, reader) {
                        Ok(Stored::New) => report.new_messages += 1,
                        Ok(Stored::Unreadable) => report.unreadable_messages += 1,
                        Ok(Stored::AlreadyHere) => {}
                        Err(e) => return Err(review_to_bundle(e)),
                    }
                }
                ExportItem::Reply(blob, reader) => {
                    let entry = manifest
                        .replies
                        .iter()
                        .find(|r| &r.blob == blob)
                        .ok_or(BundleError::Damaged("reply not in manifest"))?;
                    if store_reply(&mut ws, identity, &entry.thread, &entry.day, blob, reader)
                        .map_err(review_to_bundle)?
                    {
                        report.new_replies += 1;
                    }
                }
            }
            progress(1);
            Ok(())
        },
    );
    let manifest = match read {
        Ok(manifest) => manifest,
        Err(e) => {
            // What was stored before the failure is complete on disk, and a
            // later run skips it: record it now or it is never listed nor
            // acknowledged. The failure itself is what the reviewer must see.
            if report.new_messages + report.unreadable_messages + report.new_replies > 0
                && ws.save().is_ok()
            {
                let _ = index::write_index(&ws);
            }
            return Err(match identity.plugin_failure() {
                // The reader hid the plugin's own error behind "damaged" or "workspace".
                Some(failure) => ReviewError::Plugin(failure),
                None => e.into(),
            });
        }
    };
    remember_threads(&mut ws, &manifest);
    if !manifest.reviewers.is_empty() {
        ws.state.reviewers.clone_from(&manifest.reviewers);
    }
    ws.save()?;
    index::write_index(&ws)?;
    report.threads = ws.state.threads.len();
    Ok(report)
}

/// Carries a workspace failure through the bundle reader's callback.
fn review_to_bundle(e: ReviewError) -> BundleError {
    match e {
        ReviewError::Bundle(b) => b,
        ReviewError::Io { source, .. }
        | ReviewError::Workspace(WorkspaceError::Io { source, .. }) => BundleError::Io(source),
        _ => BundleError::Damaged("workspace"),
    }
}

fn remember_threads(ws: &mut Workspace, manifest: &ExportManifest) {
    for thread in &manifest.threads {
        ws.state
            .threads
            .entry(thread.id.as_str().to_owned())
            .or_insert_with(|| ThreadInfo {
                reply_recipient: thread.reply_recipient.clone(),
                created_day: thread.created_day.clone(),
                messages: Vec::new(),
                replies: Vec::new(),
            });
    }
}

enum Stored {
    New,
    Unreadable,
    AlreadyHere,
}

/// Decrypts one message into its folder: text, attachments under safe
/// names, clean copies, risk flags, `meta.toml`. All or nothing: it is built
/// in a scratch folder and renamed into place.
fn store_message(
    ws: &mut Workspace,
    identity: &ReviewerKey,
    entry: &MessageEntry,
    reader: &mut dyn Read,
) -> Result<Stored, ReviewError> {
    let final_dir = ws.message_dir(&entry.thread, entry.kind, &entry.day, &entry.blob);
    if ws.has_message(&entry.thread, entry.kind, &entry.day, &entry.blob) {
        return Ok(Stored::AlreadyHere);
    }
    let scratch = ws.scratch_dir();
    let staging = tempfile::Builder::new()
        .prefix(".open-")
        .tempdir_in(&scratch)
        .map_err(io_at(&scratch))?;
    let out = staging.path().join("message");
    workspace::create_private_dir(&out.join("files"))?;
    let mut meta = MessageMeta {
        blob: entry.blob.clone(),
        kind: entry.kind,
        day: entry.day.clone(),
        attachments: Vec::new(),
        unreadable: None,
    };
    let zip_path = staging.path().join("message.zip");
    match decrypt_to_file(identity, reader, &zip_path)? {
        Some(reason) => meta.unreadable = Some(reason.to_owned()),
        None => meta.attachments = extract_message(&zip_path, &out)?,
    }
    let _ = std::fs::remove_file(&zip_path);
    let meta_text = toml::to_string(&meta).expect("plain data");
    workspace::write_atomically(&out.join("meta.toml"), meta_text.as_bytes())?;
    let parent = final_dir.parent().expect("a message folder has a parent");
    workspace::create_private_dir(parent)?;
    if final_dir.exists() {
        // Left by a crash before its meta.toml existed: never a complete message.
        std::fs::remove_dir_all(&final_dir).map_err(io_at(&final_dir))?;
    }
    std::fs::rename(&out, &final_dir).map_err(io_at(&final_dir))?;
    let folder = final_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Some(thread) = ws.state.threads.get_mut(entry.thread.as_str())
        && !thread.messages.contains(&folder)
    {
        thread.messages.push(folder);
    }
    if meta.unreadable.is_some() {
        return Ok(Stored::Unreadable);
    }
    ws.state.unacknowledged.push(entry.blob.clone());
    Ok(Stored::New)
}

/// Decrypts a sealed message to `path`; `Some(reason)` if this key cannot.
fn decrypt_to_file(
    identity: &ReviewerKey,
    reader: &mut dyn Read,
    path: &Path,
) -> Result<Option<&'static str>, ReviewError> {
    // Buffered: age's unbuffered header reader re-parses the header for every
    // byte of a long stanza argument, ~4 ms per file with an mlkem768x25519
    // stanza (1,494 base64 characters). The tar entry bounds what is read.
    let Ok(decryptor) = age::Decryptor::new_buffered(io::BufReader::new(reader)) else {
        return Ok(Some("damaged: not an age file"));
    };
    let mut plain = match decryptor.decrypt(std::iter::once(identity.age_identity())) {
        Ok(r) => r,
        // Recorded, a plugin's failure would mark the message lost for good.
        Err(_) if identity.plugin_failure().is_some() => {
            return Err(ReviewError::Plugin(
                identity.plugin_failure().unwrap_or_default(),
            ));
        }
        Err(age::DecryptError::NoMatchingKeys) => {
            return Ok(Some(
                "not sealed to this key (it arrived before this reviewer was added)",
            ));
        }
        Err(_) => return Ok(Some("damaged")),
    };
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(io_at(path))?;
    let copied = io::copy(&mut (&mut plain).take(MAX_MESSAGE_PLAINTEXT + 1), &mut file);
    match copied {
        Ok(n) if n > MAX_MESSAGE_PLAINTEXT => Ok(Some("too large")),
        Ok(_) => Ok(None),
        // age reports a bad MAC or truncation as a read error.
        Err(e)
            if e.kind() != io::ErrorKind::StorageFull
                && e.kind() != io::ErrorKind::PermissionDenied =>
        {
            Ok(Some("damaged or truncated"))
        }
        Err(e) => Err(ReviewError::Io {
            path: path.to_owned(),
            source: e,
        }),
    }
}

/// Writes `message.txt` and `files/…` from a decrypted message ZIP into `out`.
fn extract_message(zip_path: &Path, out: &Path) -> Result<Vec<AttachmentMeta>, ReviewError> {
    let file = std::fs::File::open(zip_path).map_err(io_at(zip_path))?;
    let mut buffer = vec![0u8; rawzip::RECOMMENDED_BUFFER_SIZE];
    let damaged = || ReviewError::Bundle(BundleError::Damaged("message container"));
    let archive = rawzip::ZipArchive::from_file(file, &mut buffer).map_err(|_| damaged())?;
    let mut listed = Vec::new();
    {
        let mut entries = archive.entries(&mut buffer);
        while let Some(entry) = entries.next_entry().map_err(|_| damaged())? {
            if entry.is_dir() || entry.compression_method() != rawzip::CompressionMethod::STORE {
                continue;
            }
            listed.push((entry.file_path().as_ref().to_vec(), entry.wayfinder()));
        }
    }
    let mut taken = HashSet::new();
    let mut attachments = Vec::new();
    for (name, wayfinder) in listed {
        let entry = archive.get_entry(wayfinder).map_err(|_| damaged())?;
        let raw = entry.reader();
        let expected = raw.claim_verifier();
        let mut reader = Verified::new(raw, expected);
        if name == b"message.txt" {
            let path = out.join("message.txt");
            copy_new(&mut (&mut reader).take(MAX_TEXT_BYTES), &path)?;
        } else if let Some(sent) = name.strip_prefix(b"files/") {
            let sent = String::from_utf8_lossy(sent);
            let safe = names::safe_file_name(&sent, &mut taken);
            let path = out.join("files").join(&safe);
            let size = copy_new(&mut (&mut reader).take(MAX_MESSAGE_PLAINTEXT), &path)?;
            attachments.push(describe_attachment(out, &safe, size, &mut taken)?);
        }
    }
    Ok(attachments)
}

/// An entry's data, checked against the central directory's size and CRC-32
/// once it ends, as rawzip's verifying reader does, but with `crc32fast`
/// (the CPU's carry-less multiply) instead of rawzip's portable table, which
/// took a sizeable share of `review open` on large attachments.
struct Verified<R> {
    reader: R,
    crc: crc32fast::Hasher,
    size: u64,
    expected: rawzip::ZipVerification,
}

impl<R: Read> Verified<R> {
    fn new(reader: R, expected: rawzip::ZipVerification) -> Self {
        Self {
            reader,
            crc: crc32fast::Hasher::new(),
            size: 0,
            expected,
        }
    }
}

impl<R: Read> Read for Verified<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let read = self.reader.read(buf)?;
        self.crc.update(&buf[..read]);
        self.size += read as u64;
        if read == 0 || self.size >= self.expected.uncompressed_size {
            let found = rawzip::ZipVerification {
                crc: self.crc.clone().finalize(),
                uncompressed_size: self.size,
            };
            self.expected
                .valid(found)
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        }
        Ok(read)
    }
}

/// Copies `reader` into a new file (never over an existing one).
fn copy_new(reader: &mut dyn Read, path: &Path) -> Result<u64, ReviewError> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(io_at(path))?;
    let n = io::copy(reader, &mut file).map_err(|e| {
        if e.kind() == io::ErrorKind::InvalidData || e.kind() == io::ErrorKind::Other {
            ReviewError::Bundle(BundleError::Damaged("message container checksum"))
        } else {
            ReviewError::Io {
                path: path.to_owned(),
                source: e,
            }
        }
    })?;
    file.sync_all().map_err(io_at(path))?;
    Ok(n)
}

/// Risk flag and metadata-stripped copy of one attachment.
fn describe_attachment(
    out: &Path,
    safe: &str,
    size: u64,
    taken: &mut HashSet<String>,
) -> Result<AttachmentMeta, ReviewError> {
    let path = out.join("files").join(safe);
    let head = {
        let mut head = Vec::new();
        let file = std::fs::File::open(&path).map_err(io_at(&path))?;
        file.take(RISK_READ_BYTES)
            .read_to_end(&mut head)
            .map_err(io_at(&path))?;
        head
    };
    let risk =
        clean::assess(safe, &head).map(|r| [r.label_en().to_owned(), r.label_fr().to_owned()]);
    let limits = clean::CleanLimits::default();
    let mut meta = AttachmentMeta {
        file: safe.to_owned(),
        cleaned: None,
        clean_failed: None,
        risk,
        size,
    };
    if size > limits.max_input {
        return Ok(meta);
    }
    let content = if size <= RISK_READ_BYTES {
        head
    } else {
        std::fs::read(&path).map_err(io_at(&path))?
    };
    match clean::strip_metadata(safe, &content, &limits) {
        Ok(Some(cleaned)) => {
            let (stem, ext) = match safe.rfind('.') {
                Some(dot) if dot > 0 => safe.split_at(dot),
                _ => (safe, ""),
            };
            let name = names::safe_file_name(&format!("{stem}.cleaned{ext}"), taken);
            copy_new(&mut &cleaned[..], &out.join("files").join(&name))?;
            meta.cleaned = Some(name);
        }
        Ok(None) => {}
        Err(e) => meta.clean_failed = Some(e.to_string()),
    }
    Ok(meta)
}

/// Stores a reply that went through the server; `true` if it is new here.
fn store_reply(
    ws: &mut Workspace,
    identity: &ReviewerKey,
    thread: &ThreadId,
    day: &str,
    blob: &BlobId,
    reader: &mut dyn Read,
) -> Result<bool, ReviewError> {
    let path = ws.reply_file(thread, day, blob);
    if path.exists() {
        return Ok(false);
    }
    let mut ciphertext = Vec::new();
    reader
        .take(4 * MAX_REPLY_BYTES as u64)
        .read_to_end(&mut ciphertext)
        .map_err(|_| BundleError::Damaged("reply"))?;
    let text = match open_reply(identity.age_identity(), &ciphertext) {
        Ok(text) => text,
        // `open_reply` calls a plugin's failure unreadable: never store that.
        Err(_) if identity.plugin_failure().is_some() => {
            return Err(ReviewError::Plugin(
                identity.plugin_failure().unwrap_or_default(),
            ));
        }
        Err(ReplyError::Unreadable) => Zeroizing::new(String::from(
            "[This reply cannot be opened with this key: it was sealed before this reviewer was added.]\n",
        )),
        Err(_) => return Err(BundleError::Damaged("reply").into()),
    };
    workspace::write_atomically(&path, text.as_bytes())?;
    // A reply this reviewer queued has come back through the server: no longer pending.
    let pending = ws.pending_file(thread, blob);
    if pending.exists() {
        std::fs::remove_file(&pending).map_err(io_at(&pending))?;
    }
    let _ = std::fs::remove_file(ws.root().join("outbox/sent").join(format!("{blob}.toml")));
    ws.state.pending.retain(|p| &p.id != blob);
    if let Some(info) = ws.state.threads.get_mut(thread.as_str())
        && !info.replies.iter().any(|r| &r.blob == blob)
    {
        info.replies.push(ReplyRecord {
            blob: blob.clone(),
            day: day.to_owned(),
        });
    }
    Ok(true)
}

/// A queued reply in `outbox/`: already encrypted.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct QueuedReply {
    id: BlobId,
    thread: ThreadId,
    day: String,
    age: String,
}

/// Encrypts `text` to the thread's reply key and every reviewer, queues it in
/// the outbox, keeps a readable copy under `pending/`, and rewrites the index.
pub fn queue_reply(dir: &Path, thread: &str, text: &str) -> Result<BlobId, ReviewError> {
    let mut ws = Workspace::open(dir)?;
    if text.trim().is_empty() || text.len() > MAX_REPLY_BYTES {
        return Err(ReviewError::BadReply);
    }
    let info = ws
        .state
        .threads
        .get(thread)
        .ok_or_else(|| ReviewError::UnknownThread(thread.chars().take(40).collect()))?;
    let thread_id =
        ThreadId::parse(thread).ok_or_else(|| ReviewError::UnknownThread(thread.to_owned()))?;
    let reply_to = crate::keys::RecipientKey::from_str(&info.reply_recipient)
        .map_err(|_| ReviewError::BadThreadKey(thread.to_owned()))?;
    if ws.state.reviewers.is_empty() {
        return Err(ReviewError::NoReviewers);
    }
    let reviewers = ws
        .state
        .reviewers
        .iter()
        .map(|r| crate::keys::RecipientKey::from_str(r).map_err(|_| ReviewError::NoReviewers))
        .collect::<Result<Vec<_>, _>>()?;
    // Post-quantum threads stay post-quantum; classic ones stay readable.
    let (reply_to, reviewers) = crate::keys::reply_recipients(reply_to, reviewers);
    let sealed = seal_reply(text, &reply_to, &reviewers).map_err(|_| ReviewError::BadReply)?;
    let id = BlobId::generate();
    let day = crate::store::today();
    let queued = QueuedReply {
        id: id.clone(),
        thread: thread_id.clone(),
        day: day.clone(),
        age: bundle::armor(&sealed).map_err(io_at(dir))?,
    };
    workspace::write_atomically(&ws.pending_file(&thread_id, &id), text.as_bytes())?;
    workspace::write_atomically(
        &ws.outbox_file(&id),
        toml::to_string(&queued).expect("plain data").as_bytes(),
    )?;
    ws.state.pending.push(PendingReply {
        id: id.clone(),
        thread: thread_id,
        day,
        sent: false,
    });
    ws.save()?;
    index::write_index(&ws)?;
    Ok(id)
}

/// What `review outbox` wrote.
#[derive(Debug, PartialEq, Eq)]
pub struct OutboxReport {
    /// Replies in the outbox.
    pub replies: usize,
    /// Messages acknowledged.
    pub acknowledged: usize,
}

/// Writes the queued replies and the acknowledgements of newly opened
/// messages into one signed outbox at `out`, then marks them sent.
pub fn write_outbox(
    identity: &ReviewerIdentity,
    signer: &str,
    dir: &Path,
    out: &Path,
) -> Result<OutboxReport, ReviewError> {
    let mut ws = Workspace::open(dir)?;
    let outbox_dir = ws.root().join("outbox");
    let mut queued_files = Vec::new();
    for entry in std::fs::read_dir(&outbox_dir).map_err(io_at(&outbox_dir))? {
        let path = entry.map_err(io_at(&outbox_dir))?.path();
        if path.extension().is_some_and(|e| e == "toml") && path.is_file() {
            queued_files.push(path);
        }
    }
    queued_files.sort();
    let mut replies = Vec::new();
    for path in &queued_files {
        let text = std::fs::read_to_string(path).map_err(io_at(path))?;
        let queued: QueuedReply = toml::from_str(&text)
            .map_err(|_| ReviewError::Bundle(BundleError::Damaged("queued reply")))?;
        replies.push(OutboxReply {
            id: queued.id,
            thread: queued.thread,
            age: queued.age,
        });
    }
    if replies.is_empty() && ws.state.unacknowledged.is_empty() {
        return Err(ReviewError::NothingToSend);
    }
    let content = OutboxContent {
        format: bundle::OUTBOX_FORMAT.to_owned(),
        signer: signer.to_owned(),
        signing_key: encode_verifying_key(&identity.signing_key().verifying_key()),
        day: crate::store::today(),
        acknowledged: ws.state.unacknowledged.clone(),
        replies,
    };
    let bytes = bundle::write_outbox(&content, identity.signing_key());
    write_new_file(out, &bytes)?;
    // Sent: keep the encrypted copies under outbox/sent/ until the server sends the replies back.
    let sent_dir = outbox_dir.join("sent");
    workspace::create_private_dir(&sent_dir)?;
    for path in &queued_files {
        if let Some(name) = path.file_name() {
            std::fs::rename(path, sent_dir.join(name)).map_err(io_at(path))?;
        }
    }
    for pending in &mut ws.state.pending {
        pending.sent = true;
    }
    let report = OutboxReport {
        replies: content.replies.len(),
        acknowledged: content.acknowledged.len(),
    };
    ws.state.unacknowledged.clear();
    ws.save()?;
    index::write_index(&ws)?;
    Ok(report)
}

/// Creates `path` (never overwriting), writes and fsyncs it.
fn write_new_file(path: &Path, bytes: &[u8]) -> Result<(), ReviewError> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == io::ErrorKind::AlreadyExists {
                ReviewError::Exists(path.to_owned())
            } else {
                ReviewError::Io {
                    path: path.to_owned(),
                    source: e,
                }
            }
        })?;
    let result = file.write_all(bytes).and_then(|()| file.sync_all());
    if let Err(e) = result {
        let _ = std::fs::remove_file(path);
        return Err(ReviewError::Io {
            path: path.to_owned(),
            source: e,
        });
    }
    Ok(())
}
