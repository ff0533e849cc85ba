//! The only door to disk state: the `SQLite` database (`gundo.db`) and the blob
//! directory (`blobs/`), both inside the data directory.
//!
//! What is kept, and nothing more: per thread a random id, the receipt's
//! locator, salt and verifier, the public reply recipient and day-granular
//! dates; per message or reply its blob id, kind and day. **Never** an IP
//! address, a user agent, an exact time, an original size or any plaintext.
//! The database runs in WAL mode with `synchronous = FULL` (a receipt is shown
//! only after its row is durable) and `secure_delete` (deleted rows are
//! overwritten, not left in free pages).
//!
//! Every method is blocking (`SQLite`, fsync): async callers run them in
//! `spawn_blocking`. One `Mutex<Connection>` serialises database work, which
//! is ample for a submission site. Other `gundo` processes (export, import,
//! purge, backup) may open the same data directory while the server runs:
//! `SQLite`'s own locking and the busy timeout keep them apart.
//!
//! Expiry lives in [`retention`], snapshots and restores in [`backup`].

mod backup;
mod blobs;
mod retention;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, OptionalExtension, params};

pub use crate::ids::{BlobId, ThreadId};
pub use backup::{
    BACKUP_FORMAT, BackupError, BackupReport, RestoreError, RestoreReport, restore_backup,
};
pub use blobs::PendingBlob;
pub use retention::PurgeReport;

use crate::bundle::{
    ExportManifest, MessageEntry, MessageKind, NoteEntry, ReplyEntry, ThreadEntry, VerifiedOutbox,
    VerifiedReply,
};
use crate::receipt::{Locator, Salt, Verifier};

/// What the store needs to open a thread for a new tip.
pub struct NewThread {
    /// The receipt's per-thread Argon2 salt.
    pub salt: Salt,
    /// Checks a receipt's secret.
    pub verifier: Verifier,
    /// The public half of the thread's reply identity (`age1…`).
    pub reply_recipient: String,
}

/// A thread as found by its locator.
pub struct ThreadRecord {
    /// The thread's id.
    pub id: ThreadId,
    /// The receipt's per-thread Argon2 salt.
    pub salt: Salt,
    /// Checks a receipt's secret.
    pub verifier: Verifier,
}

/// A reply's day and ciphertext.
pub struct StoredReply {
    /// `YYYY-MM-DD`, UTC.
    pub day: String,
    /// The age file, to the thread's reply recipient and the reviewers.
    pub ciphertext: Vec<u8>,
}

/// What an import changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    /// Replies stored (not counting ones already here).
    pub replies_added: usize,
    /// Team notes and states stored.
    pub notes_added: usize,
    /// Replies imported before (still here, or since deleted by retention):
    /// never stored again.
    pub replies_seen_before: usize,
    /// Replies that could not be stored, and why.
    pub skipped: Vec<SkippedReply>,
    /// Messages newly marked delivered.
    pub acknowledged: usize,
    /// Messages whose ciphertext was deleted.
    pub purged: usize,
    /// This very outbox (the same signed bytes) was imported before.
    pub outbox_seen_before: bool,
}

/// A reply of an outbox that was not stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedReply {
    /// The reply.
    pub id: BlobId,
    /// The thread it answers.
    pub thread: ThreadId,
}

/// Why a store operation failed. Messages carry no submitted content.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database failed.
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
    /// A file or directory operation failed.
    #[error("storage error: {0}")]
    Io(#[from] std::io::Error),
    /// The database was written by a newer gundo.
    #[error(
        "the database has schema version {found}, this gundo knows up to {known}: upgrade gundo"
    )]
    NewerSchema {
        /// In the file.
        found: u32,
        /// Known here.
        known: u32,
    },
    /// A previous panic left the database lock poisoned.
    #[error("the database lock was poisoned")]
    Poisoned,
    /// No thread has that id.
    #[error("no thread {0}")]
    NoSuchThread(ThreadId),
    /// A stored value is not what the store writes.
    #[error("the database holds a malformed {0}")]
    Corrupt(&'static str),
    /// Every locator drawn was taken (the store is full).
    #[error("no free receipt locator left")]
    LocatorsExhausted,
}

impl StoreError {
    /// Whether the disk (or the user's quota) is full: nothing was stored,
    /// and trying again once there is room will work.
    pub fn is_out_of_space(&self) -> bool {
        match self {
            Self::Io(e) => is_out_of_space(e),
            Self::Database(rusqlite::Error::SqliteFailure(e, _)) => {
                e.code == rusqlite::ErrorCode::DiskFull
            }
            _ => false,
        }
    }
}

/// Whether an I/O error means the disk or quota is full. The kind is what
/// counts: wrappers such as tempfile's keep the kind but not the errno.
pub fn is_out_of_space(error: &std::io::Error) -> bool {
    matches!(
        error.kind(),
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
    )
}

/// Schema migrations, applied in order; `PRAGMA user_version` counts them.
const MIGRATIONS: &[&str] = &[
    "
    CREATE TABLE threads (
        id              TEXT PRIMARY KEY,
        locator         INTEGER NOT NULL UNIQUE,
        salt            BLOB NOT NULL,
        verifier        BLOB NOT NULL,
        reply_recipient TEXT NOT NULL,
        created_day     TEXT NOT NULL,
        active_day      TEXT NOT NULL
    );
    CREATE TABLE messages (
        blob_id   TEXT PRIMARY KEY,
        thread_id TEXT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
        kind      TEXT NOT NULL CHECK (kind IN ('tip', 'followup')),
        day       TEXT NOT NULL,
        exported  INTEGER NOT NULL DEFAULT 0,
        delivered INTEGER NOT NULL DEFAULT 0,
        purged    INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX messages_thread ON messages(thread_id);
    CREATE TABLE replies (
        blob_id   TEXT PRIMARY KEY,
        thread_id TEXT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
        day       TEXT NOT NULL,
        exported  INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX replies_thread ON replies(thread_id);
",
    "
    -- The day a reviewer acknowledged a message, for `delivered_retention_days`;
    -- rows delivered before this column existed count from the upgrade.
    ALTER TABLE messages ADD COLUMN delivered_day TEXT;
    UPDATE messages SET delivered_day = date('now') WHERE delivered = 1;
    -- The day the receipt holder first saw a reply, for `read_reply_retention_days`.
    ALTER TABLE replies ADD COLUMN shown_day TEXT;
",
    "
    -- Ids of every reply and note ever stored, kept after retention deletes
    -- them, so that a replayed outbox cannot bring one back. Ids only:
    -- random, they say nothing but how many there were.
    CREATE TABLE tombstones (blob_id TEXT PRIMARY KEY) WITHOUT ROWID;
    INSERT INTO tombstones SELECT blob_id FROM replies;
    -- SHA-256 of every imported outbox file, to say a replay is one.
    CREATE TABLE imported_outboxes (digest BLOB PRIMARY KEY) WITHOUT ROWID;
    -- Team notes and states between reviewers: age files to the reviewers
    -- only (the server cannot read them), exported to every reviewer.
    CREATE TABLE notes (
        blob_id   TEXT PRIMARY KEY,
        thread_id TEXT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
        day       TEXT NOT NULL,
        exported  INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX notes_thread ON notes(thread_id);
    -- Who sent a reply or note: the name of the key that signed its outbox.
    ALTER TABLE replies ADD COLUMN signer TEXT;
    ALTER TABLE notes ADD COLUMN signer TEXT;
",
];

/// The server's export-signing key, in the data directory.
pub const SIGNING_KEY_FILE: &str = "server-signing.key";

/// How many times a clashing locator is redrawn before giving up.
const LOCATOR_DRAWS: usize = 64;

/// The data directory: database and blobs.
pub struct Store {
    db: Mutex<Connection>,
    blob_dir: PathBuf,
    data_dir: PathBuf,
}

impl Store {
    /// Opens (creating if needed, mode 0700) the data directory, its database
    /// and blob directory, and brings the schema up to date.
    ///
    /// Refuses to run as root in a data directory that belongs to another
    /// user: the files root would create there (`gundo.db-wal`, new blobs)
    /// would lock the server's own user out of its data.
    pub fn open(data_dir: &Path) -> Result<Self, StoreError> {
        refuse_foreign_root(data_dir)?;
        create_private_dir(data_dir)?;
        let blob_dir = data_dir.join("blobs");
        create_private_dir(&blob_dir)?;
        let db_path = data_dir.join("gundo.db");
        let conn = Connection::open(&db_path)?;
        set_mode(&db_path, 0o600)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "secure_delete", "ON")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        let mut conn = conn;
        migrate(&mut conn)?;
        Ok(Self {
            db: Mutex::new(conn),
            blob_dir,
            data_dir: data_dir.to_owned(),
        })
    }

    /// Start-up recovery for the server: removes temp files a crash left,
    /// blobs no row refers to (a crash between the blob's rename and its row's
    /// commit: no receipt was ever shown for them) and blobs already marked
    /// purged (a crash between an import's commit and its deletions). Returns how many files
    /// were removed. Only the server calls this, before it accepts requests.
    pub fn recover(&self) -> Result<usize, StoreError> {
        let mut removed = blobs::remove_partials(&self.blob_dir)?;
        let on_disk = blobs::list(&self.blob_dir)?;
        let db = self.lock()?;
        let mut known = db.prepare(
            "SELECT 1 FROM messages WHERE blob_id = ?1 AND purged = 0 \
             UNION ALL SELECT 1 FROM replies WHERE blob_id = ?1 \
             UNION ALL SELECT 1 FROM notes WHERE blob_id = ?1",
        )?;
        for id in on_disk {
            if !known.exists([id.as_str()])? {
                std::fs::remove_file(self.blob_path(&id))?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    fn lock(&self) -> Result<MutexGuard<'_, Connection>, StoreError> {
        self.db.lock().map_err(|_| StoreError::Poisoned)
    }

    /// Answers when the database does (the watchdog's health check).
    pub fn ping(&self) -> Result<(), StoreError> {
        self.lock()?.query_row("SELECT 1", [], |_| Ok(()))?;
        Ok(())
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Where a blob lives.
    pub fn blob_path(&self, id: &BlobId) -> PathBuf {
        self.blob_dir.join(id.file_name())
    }

    /// The server's export-signing key: read from the data directory, or made
    /// there (mode 0600) the first time. Two processes making it at once keep
    /// one: the file is created only if absent, and the loser reads it.
    pub fn server_signing_key(&self) -> Result<crate::bundle::ServerSigningKey, StoreError> {
        let path = self.data_dir.join(SIGNING_KEY_FILE);
        if let Some(key) = read_signing_key(&path)? {
            return Ok(key);
        }
        let key = crate::bundle::ServerSigningKey::generate();
        let mut temp = tempfile::Builder::new()
            .prefix(".partial-key-")
            .tempfile_in(&self.data_dir)?;
        std::io::Write::write_all(&mut temp, key.to_file_text().as_bytes())?;
        temp.as_file().sync_all()?;
        match temp.persist_noclobber(&path) {
            Ok(_) => {
                std::fs::File::open(&self.data_dir)?.sync_all()?;
                Ok(key)
            }
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
                read_signing_key(&path)?.ok_or(StoreError::Corrupt("server signing key"))
            }
            Err(e) => Err(e.error.into()),
        }
    }

    /// Bytes available to gundo in the data directory's file system.
    pub fn free_bytes(&self) -> Result<u64, StoreError> {
        let stat = rustix::fs::statvfs(&self.data_dir).map_err(std::io::Error::from)?;
        Ok(stat.f_bavail.saturating_mul(stat.f_frsize))
    }

    /// Starts writing a blob (ciphertext only).
    pub fn new_blob(&self) -> Result<PendingBlob, StoreError> {
        Ok(PendingBlob::create(&self.blob_dir)?)
    }

    /// Deletes a committed blob that no row will refer to.
    pub fn discard_blob(&self, id: &BlobId) {
        // Best effort: `recover` removes it at the next start if this fails.
        let _ = std::fs::remove_file(self.blob_path(id));
    }

    /// Opens a thread for a new tip whose blob is committed, drawing a free
    /// locator. Returns the locator and thread id once the row is durable.
    pub fn record_tip(
        &self,
        blob: &BlobId,
        thread: &NewThread,
    ) -> Result<(Locator, ThreadId), StoreError> {
        let day = today();
        let mut db = self.lock()?;
        let tx = db.transaction()?;
        let mut drawn = None;
        for _ in 0..LOCATOR_DRAWS {
            let locator = Locator::random();
            let taken = tx
                .prepare_cached("SELECT 1 FROM threads WHERE locator = ?1")?
                .exists([locator.as_u32()])?;
            if !taken {
                drawn = Some(locator);
                break;
            }
        }
        let locator = drawn.ok_or(StoreError::LocatorsExhausted)?;
        let id = ThreadId::generate();
        tx.execute(
            "INSERT INTO threads (id, locator, salt, verifier, reply_recipient, created_day, active_day)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            params![
                id.as_str(),
                locator.as_u32(),
                &thread.salt.as_bytes()[..],
                &thread.verifier.as_bytes()[..],
                thread.reply_recipient,
                day
            ],
        )?;
        tx.execute(
            "INSERT INTO messages (blob_id, thread_id, kind, day) VALUES (?1, ?2, 'tip', ?3)",
            params![blob.as_str(), id.as_str(), day],
        )?;
        tx.commit()?;
        Ok((locator, id))
    }

    /// Finds the thread a locator points to.
    pub fn find_thread(&self, locator: Locator) -> Result<Option<ThreadRecord>, StoreError> {
        let db = self.lock()?;
        let row = db
            .query_row(
                "SELECT id, salt, verifier FROM threads WHERE locator = ?1",
                [locator.as_u32()],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, Vec<u8>>(1)?,
                        row.get::<_, Vec<u8>>(2)?,
                    ))
                },
            )
            .optional()?;
        let Some((id, salt, verifier)) = row else {
            return Ok(None);
        };
        Ok(Some(ThreadRecord {
            id: ThreadId::parse(&id).ok_or(StoreError::Corrupt("thread id"))?,
            salt: Salt::from_bytes(salt.try_into().map_err(|_| StoreError::Corrupt("salt"))?),
            verifier: Verifier::from_bytes(
                verifier
                    .try_into()
                    .map_err(|_| StoreError::Corrupt("verifier"))?,
            ),
        }))
    }

    /// Records a follow-up whose blob is committed.
    pub fn record_followup(&self, thread: &ThreadId, blob: &BlobId) -> Result<(), StoreError> {
        let day = today();
        let mut db = self.lock()?;
        let tx = db.transaction()?;
        touch_thread(&tx, thread, &day)?;
        tx.execute(
            "INSERT INTO messages (blob_id, thread_id, kind, day) VALUES (?1, ?2, 'followup', ?3)",
            params![blob.as_str(), thread.as_str(), day],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The thread's public reply recipient (`age1…`).
    pub fn reply_recipient(&self, thread: &ThreadId) -> Result<String, StoreError> {
        self.lock()?
            .query_row(
                "SELECT reply_recipient FROM threads WHERE id = ?1",
                [thread.as_str()],
                |row| row.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::NoSuchThread(thread.clone()))
    }

    /// Stores a reply: an age file (to the thread's reply recipient and the
    /// reviewers) written as a blob, then its row.
    pub fn add_reply(&self, thread: &ThreadId, ciphertext: &[u8]) -> Result<BlobId, StoreError> {
        use std::io::Write;
        // Refuse before writing anything if the thread is unknown.
        self.reply_recipient(thread)?;
        let mut pending = self.new_blob()?;
        pending.write_all(ciphertext)?;
        let blob = pending.commit()?;
        let day = today();
        let result = (|| {
            let mut db = self.lock()?;
            let tx = db.transaction()?;
            touch_thread(&tx, thread, &day)?;
            insert_reply(&tx, &blob, thread, &day)?;
            tx.commit()?;
            Ok(())
        })();
        if let Err(e) = result {
            self.discard_blob(&blob);
            return Err(e);
        }
        Ok(blob)
    }

    /// A thread's replies, oldest first, with their ciphertext, as shown to
    /// the receipt holder: records the day each reply is first shown (and
    /// nothing else), from which `read_reply_retention_days` counts.
    pub fn replies(&self, thread: &ThreadId) -> Result<Vec<StoredReply>, StoreError> {
        let rows: Vec<(String, String)> = {
            let db = self.lock()?;
            db.prepare_cached(
                "UPDATE replies SET shown_day = ?2 WHERE thread_id = ?1 AND shown_day IS NULL",
            )?
            .execute(params![thread.as_str(), today()])?;
            let mut stmt = db.prepare_cached(
                "SELECT blob_id, day FROM replies WHERE thread_id = ?1 ORDER BY rowid",
            )?;
            stmt.query_map([thread.as_str()], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect::<Result<_, _>>()?
        };
        rows.into_iter()
            .map(|(blob, day)| {
                let id = BlobId::parse(&blob).ok_or(StoreError::Corrupt("blob id"))?;
                Ok(StoredReply {
                    day,
                    ciphertext: std::fs::read(self.blob_path(&id))?,
                })
            })
            .collect()
    }

    /// What the next export holds: every message not yet exported (or, with
    /// `everything`, every message whose ciphertext is still here), every
    /// reply not yet exported (or all), and the threads they belong to.
    pub fn export_manifest(&self, everything: bool) -> Result<ExportManifest, StoreError> {
        let db = self.lock()?;
        let all = everything;
        let messages = db
            .prepare_cached(
                "SELECT blob_id, thread_id, kind, day FROM messages
                 WHERE purged = 0 AND (?1 OR exported = 0) ORDER BY rowid",
            )?
            .query_map([all], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                ))
            })?
            .map(|row| {
                let (blob, thread, kind, day) = row?;
                Ok(MessageEntry {
                    blob: BlobId::parse(&blob).ok_or(StoreError::Corrupt("blob id"))?,
                    thread: ThreadId::parse(&thread).ok_or(StoreError::Corrupt("thread id"))?,
                    kind: MessageKind::parse(&kind).ok_or(StoreError::Corrupt("message kind"))?,
                    day,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let replies = db
            .prepare_cached(
                "SELECT blob_id, thread_id, day, signer FROM replies WHERE ?1 OR exported = 0 ORDER BY rowid",
            )?
            .query_map([all], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, Option<String>>(3)?,
                ))
            })?
            .map(|row| {
                let (blob, thread, day, by) = row?;
                Ok(ReplyEntry {
                    blob: BlobId::parse(&blob).ok_or(StoreError::Corrupt("blob id"))?,
                    thread: ThreadId::parse(&thread).ok_or(StoreError::Corrupt("thread id"))?,
                    day,
                    by,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let notes = db
            .prepare_cached(
                "SELECT blob_id, thread_id, day, signer FROM notes WHERE ?1 OR exported = 0 ORDER BY rowid",
            )?
            .query_map([all], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, Option<String>>(3)?,
                ))
            })?
            .map(|row| {
                let (blob, thread, day, by) = row?;
                Ok(NoteEntry {
                    blob: BlobId::parse(&blob).ok_or(StoreError::Corrupt("blob id"))?,
                    thread: ThreadId::parse(&thread).ok_or(StoreError::Corrupt("thread id"))?,
                    day,
                    by,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let mut wanted: Vec<&ThreadId> = messages
            .iter()
            .map(|m| &m.thread)
            .chain(replies.iter().map(|r| &r.thread))
            .chain(notes.iter().map(|n| &n.thread))
            .collect();
        wanted.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        wanted.dedup();
        let mut thread_row =
            db.prepare_cached("SELECT reply_recipient, created_day FROM threads WHERE id = ?1")?;
        let threads = wanted
            .into_iter()
            .map(|id| {
                let (reply_recipient, created_day) =
                    thread_row.query_row([id.as_str()], |row| Ok((row.get(0)?, row.get(1)?)))?;
                Ok(ThreadEntry {
                    id: id.clone(),
                    reply_recipient,
                    created_day,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(ExportManifest {
            format: crate::bundle::EXPORT_FORMAT.to_owned(),
            day: today(),
            reviewers: Vec::new(),
            threads,
            messages,
            replies,
            notes,
        })
    }

    /// Marks what a written (and fsynced) export holds as exported.
    pub fn mark_exported(&self, manifest: &ExportManifest) -> Result<(), StoreError> {
        let mut db = self.lock()?;
        let tx = db.transaction()?;
        for message in &manifest.messages {
            tx.execute(
                "UPDATE messages SET exported = 1 WHERE blob_id = ?1",
                [message.blob.as_str()],
            )?;
        }
        for reply in &manifest.replies {
            tx.execute(
                "UPDATE replies SET exported = 1 WHERE blob_id = ?1",
                [reply.blob.as_str()],
            )?;
        }
        for note in &manifest.notes {
            tx.execute(
                "UPDATE notes SET exported = 1 WHERE blob_id = ?1",
                [note.blob.as_str()],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Applies a verified outbox: stores its new replies, marks acknowledged
    /// messages delivered and, with `purge`, deletes their ciphertext.
    ///
    /// A reply imported before is never stored again, even if retention has
    /// deleted it since (its id is kept as a tombstone), so importing an
    /// outbox twice adds nothing. A reply to a thread that is no longer here
    /// (expired) is skipped and reported, and the rest is imported. The
    /// database changes are one transaction: a failure stores nothing.
    pub fn import_outbox(
        &self,
        outbox: &VerifiedOutbox,
        purge: bool,
    ) -> Result<ImportReport, StoreError> {
        use std::io::Write;
        let mut report = ImportReport {
            replies_added: 0,
            notes_added: 0,
            replies_seen_before: 0,
            skipped: Vec::new(),
            acknowledged: 0,
            purged: 0,
            outbox_seen_before: false,
        };
        // Sort the replies and notes before writing any file.
        let (new_replies, new_notes) = self.sort_outbox(outbox, &mut report)?;
        let mut written = Vec::new();
        let outcome = (|| {
            for item in new_replies.iter().chain(&new_notes) {
                let mut pending = self.new_blob()?;
                pending.write_all(&item.ciphertext)?;
                pending.commit_as(&item.id)?;
                written.push(item.id.clone());
            }
            let day = today();
            let mut db = self.lock()?;
            let tx = db.transaction()?;
            for reply in &new_replies {
                touch_thread(&tx, &reply.thread, &day)?;
                insert_reply(&tx, &reply.id, &reply.thread, &day)?;
                tx.execute(
                    "UPDATE replies SET signer = ?2 WHERE blob_id = ?1",
                    params![reply.id.as_str(), outbox.signer],
                )?;
            }
            for note in &new_notes {
                tx.execute(
                    "INSERT INTO notes (blob_id, thread_id, day, signer) VALUES (?1, ?2, ?3, ?4)",
                    params![note.id.as_str(), note.thread.as_str(), day, outbox.signer],
                )?;
                tx.execute(
                    "INSERT OR IGNORE INTO tombstones (blob_id) VALUES (?1)",
                    [note.id.as_str()],
                )?;
            }
            let mut acknowledged = 0;
            let mut to_purge = Vec::new();
            for blob in &outbox.acknowledged {
                acknowledged += tx.execute(
                    "UPDATE messages SET delivered = 1, delivered_day = ?2
                     WHERE blob_id = ?1 AND delivered = 0",
                    params![blob.as_str(), day],
                )?;
                if purge
                    && tx.execute(
                        "UPDATE messages SET purged = 1 WHERE blob_id = ?1 AND purged = 0",
                        [blob.as_str()],
                    )? > 0
                {
                    to_purge.push(blob.clone());
                }
            }
            tx.execute(
                "INSERT OR IGNORE INTO imported_outboxes (digest) VALUES (?1)",
                [&outbox.digest[..]],
            )?;
            tx.commit()?;
            Ok::<_, StoreError>((acknowledged, to_purge))
        })();
        let (acknowledged, to_purge) = match outcome {
            Ok(done) => done,
            Err(e) => {
                for id in &written {
                    self.discard_blob(id);
                }
                return Err(e);
            }
        };
        // After the commit: a crash here leaves purged rows' files, which `recover` removes.
        for blob in &to_purge {
            self.discard_blob(blob);
        }
        report.replies_added = new_replies.len();
        report.notes_added = new_notes.len();
        report.acknowledged = acknowledged;
        report.purged = to_purge.len();
        Ok(report)
    }

    /// An outbox's replies and notes that are new here, by kind; counts those
    /// seen before and lists those whose thread is gone.
    fn sort_outbox<'o>(
        &self,
        outbox: &'o VerifiedOutbox,
        report: &mut ImportReport,
    ) -> Result<(Vec<&'o VerifiedReply>, Vec<&'o VerifiedReply>), StoreError> {
        let db = self.lock()?;
        report.outbox_seen_before = db
            .prepare_cached("SELECT 1 FROM imported_outboxes WHERE digest = ?1")?
            .exists([&outbox.digest[..]])?;
        let mut thread_exists = db.prepare_cached("SELECT 1 FROM threads WHERE id = ?1")?;
        let mut seen = db.prepare_cached("SELECT 1 FROM tombstones WHERE blob_id = ?1")?;
        let mut replies: Vec<&VerifiedReply> = Vec::new();
        let mut notes: Vec<&VerifiedReply> = Vec::new();
        for (item, is_note) in outbox
            .replies
            .iter()
            .map(|r| (r, false))
            .chain(outbox.notes.iter().map(|n| (n, true)))
        {
            let known = replies.iter().chain(&notes).any(|r| r.id == item.id);
            if known || seen.exists([item.id.as_str()])? {
                report.replies_seen_before += 1;
            } else if !thread_exists.exists([item.thread.as_str()])? {
                report.skipped.push(SkippedReply {
                    id: item.id.clone(),
                    thread: item.thread.clone(),
                });
            } else if is_note {
                notes.push(item);
            } else {
                replies.push(item);
            }
        }
        Ok((replies, notes))
    }

    /// Blob ids of a thread's inbound messages (tip first), for tests and export.
    pub fn message_blobs(&self, thread: &ThreadId) -> Result<Vec<BlobId>, StoreError> {
        let db = self.lock()?;
        let mut stmt =
            db.prepare_cached("SELECT blob_id FROM messages WHERE thread_id = ?1 ORDER BY rowid")?;
        let ids: Vec<String> = stmt
            .query_map([thread.as_str()], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        ids.iter()
            .map(|id| BlobId::parse(id).ok_or(StoreError::Corrupt("blob id")))
            .collect()
    }
}

/// Stores a reply's row and its tombstone (kept after the reply expires).
fn insert_reply(
    tx: &rusqlite::Transaction<'_>,
    blob: &BlobId,
    thread: &ThreadId,
    day: &str,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO replies (blob_id, thread_id, day) VALUES (?1, ?2, ?3)",
        params![blob.as_str(), thread.as_str(), day],
    )?;
    tx.execute(
        "INSERT OR IGNORE INTO tombstones (blob_id) VALUES (?1)",
        [blob.as_str()],
    )?;
    Ok(())
}

/// The server signing key at `path`, `None` if there is none yet.
fn read_signing_key(path: &Path) -> Result<Option<crate::bundle::ServerSigningKey>, StoreError> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let text = zeroize::Zeroizing::new(text);
            crate::bundle::ServerSigningKey::from_file_text(&text)
                .map(Some)
                .ok_or(StoreError::Corrupt("server signing key"))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The verifying key of the signing key in `data_dir`, if one was made (for
/// `gundo check`, which makes nothing).
pub fn existing_server_key(data_dir: &Path) -> Option<ed25519_dalek::VerifyingKey> {
    read_signing_key(&data_dir.join(SIGNING_KEY_FILE))
        .ok()
        .flatten()
        .map(|key| key.verifying_key())
}

fn touch_thread(
    tx: &rusqlite::Transaction<'_>,
    thread: &ThreadId,
    day: &str,
) -> Result<(), StoreError> {
    let changed = tx.execute(
        "UPDATE threads SET active_day = ?2 WHERE id = ?1",
        params![thread.as_str(), day],
    )?;
    if changed == 0 {
        return Err(StoreError::NoSuchThread(thread.clone()));
    }
    Ok(())
}

fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let known = u32::try_from(MIGRATIONS.len()).expect("a handful of migrations");
    let found: u32 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if found > known {
        return Err(StoreError::NewerSchema { found, known });
    }
    for (version, sql) in (found..).zip(&MIGRATIONS[found as usize..]) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
    }
    Ok(())
}

pub use crate::day::{day_string, today, today_date};

/// Root may only work in a data directory root owns (see [`Store::open`]).
fn refuse_foreign_root(data_dir: &Path) -> Result<(), StoreError> {
    use std::os::unix::fs::MetadataExt;
    if !rustix::process::geteuid().is_root() {
        return Ok(());
    }
    match std::fs::metadata(data_dir) {
        Ok(meta) if meta.uid() != 0 => Err(StoreError::Io(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            format!(
                "{} belongs to uid {}: run gundo as that user (`sudo -u gundo gundo …`); files root creates there would lock the server out",
                data_dir.display(),
                meta.uid()
            ),
        ))),
        _ => Ok(()),
    }
}

pub(crate) fn create_private_dir(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    match std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(path)
    {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && path.is_dir() => Ok(()),
        Err(e) => Err(e),
    }
}

pub(crate) fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn thread() -> NewThread {
        NewThread {
            salt: Salt::generate(),
            verifier: Verifier::from_bytes([7; 32]),
            reply_recipient: age::x25519::Identity::generate().to_public().to_string(),
        }
    }

    fn committed_blob(store: &Store, bytes: &[u8]) -> BlobId {
        use std::io::Write;
        let mut blob = store.new_blob().unwrap();
        blob.write_all(bytes).unwrap();
        blob.commit().unwrap()
    }

    #[test]
    fn tip_followup_and_replies_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let new = thread();
        let blob = committed_blob(&store, b"c1");
        let (locator, id) = store.record_tip(&blob, &new).unwrap();
        let found = store.find_thread(locator).unwrap().unwrap();
        assert_eq!(found.id, id);
        assert!(found.verifier.matches(&new.verifier));
        assert_eq!(found.salt.as_bytes(), new.salt.as_bytes());

        let follow = committed_blob(&store, b"c2");
        store.record_followup(&id, &follow).unwrap();
        assert_eq!(store.message_blobs(&id).unwrap(), vec![blob, follow]);

        store.add_reply(&id, b"r1").unwrap();
        store.add_reply(&id, b"r2").unwrap();
        let replies = store.replies(&id).unwrap();
        assert_eq!(
            replies
                .iter()
                .map(|r| r.ciphertext.clone())
                .collect::<Vec<_>>(),
            vec![b"r1".to_vec(), b"r2".to_vec()]
        );
        assert_eq!(replies[0].day, today());
    }

    #[test]
    fn reply_to_unknown_thread_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let ghost = ThreadId::parse("0123456789abcdef").unwrap();
        assert!(matches!(
            store.add_reply(&ghost, b"r"),
            Err(StoreError::NoSuchThread(_))
        ));
        assert_eq!(
            std::fs::read_dir(dir.path().join("blobs")).unwrap().count(),
            0
        );
    }

    #[test]
    fn recover_removes_partials_and_orphans_only() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let kept = committed_blob(&store, b"kept");
        store.record_tip(&kept, &thread()).unwrap();
        let orphan = committed_blob(&store, b"orphan");
        std::fs::write(dir.path().join("blobs/.partial-x"), b"half").unwrap();
        assert_eq!(store.recover().unwrap(), 2);
        assert!(store.blob_path(&kept).exists());
        assert!(!store.blob_path(&orphan).exists());
    }

    #[test]
    fn store_keeps_no_exact_time_and_private_modes() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let store = Store::open(&data).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(&data.join("blobs")), 0o700);
        assert_eq!(mode(&data.join("gundo.db")), 0o600);
        let blob = committed_blob(&store, b"x");
        store.record_tip(&blob, &thread()).unwrap();
        let db = store.lock().unwrap();
        let day: String = db
            .query_row("SELECT created_day FROM threads", [], |r| r.get(0))
            .unwrap();
        assert_eq!(day.len(), 10);
        let journal: String = db
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(journal, "wal");
        let secure: i64 = db
            .pragma_query_value(None, "secure_delete", |r| r.get(0))
            .unwrap();
        assert_eq!(secure, 1);
    }

    #[test]
    fn reopening_keeps_data_and_schema() {
        let dir = tempfile::tempdir().unwrap();
        let locator = {
            let store = Store::open(dir.path()).unwrap();
            let blob = committed_blob(&store, b"x");
            store.record_tip(&blob, &thread()).unwrap().0
        };
        let store = Store::open(dir.path()).unwrap();
        assert!(store.find_thread(locator).unwrap().is_some());
    }
}
