//! Backups: one age file holding a consistent snapshot of the data directory,
//! and its restore into an empty one.
//!
//! The file is a binary age v1 file to every reviewer (and any
//! `backup_recipients`) whose plaintext is a tar archive:
//!
//! 1. `gundo-backup.toml`: format, day, schema version;
//! 2. `server-signing.key`: the server's export-signing key, so that a
//!    restored server signs as before and reviewers' pins still hold;
//! 3. `blobs/<BLOB-ID>.age`: every stored message, reply and note, as they
//!    are on disk (already age files to the reviewers);
//! 4. `gundo.db`: the database, last.
//!
//! The database is copied with `SQLite`'s online backup API in one step, so
//! the snapshot is one consistent state even while the server writes; it is
//! taken in memory, **never** in a temp file. A blob that another process
//! deleted between the snapshot and its copy (a purge, an import) is marked
//! purged in the snapshot, so a restored store never names a missing file.
//! Tar headers carry no time, owner or name: mode 0600 and size only.
//!
//! The database holds receipt verifiers, salts and reply recipients: nothing
//! that reads a tip, but metadata worth sealing. Restoring it as it was gives
//! a server on which every receipt still opens its thread, since a receipt is
//! checked only against what the database holds.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, MAIN_DB};
use serde::{Deserialize, Serialize};

use super::{BlobId, MIGRATIONS, PendingBlob, Store, StoreError, create_private_dir, today};

/// The `format` of a backup this gundo writes and reads.
pub const BACKUP_FORMAT: &str = "gundo-backup-v1";
const MANIFEST_NAME: &str = "gundo-backup.toml";
const DATABASE_NAME: &str = "gundo.db";
/// A manifest is a few lines; anything larger is not one.
const MAX_MANIFEST_BYTES: u64 = 4096;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    format: String,
    day: String,
    schema: u32,
}

/// What a backup holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BackupReport {
    /// Threads in the snapshot.
    pub threads: usize,
    /// Blob files copied.
    pub blobs: usize,
    /// Blobs deleted by another process during the backup (their rows were
    /// marked purged in the snapshot).
    pub vanished: usize,
}

/// What a restore brought back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RestoreReport {
    /// Threads restored.
    pub threads: usize,
    /// Blob files restored.
    pub blobs: usize,
}

/// Why a backup could not be written.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No recipient: the backup would be readable by nobody.
    #[error("no recipient to seal the backup to")]
    NoRecipients,
    /// Writing the file failed.
    #[error("writing the backup: {0}")]
    Io(#[from] std::io::Error),
}

/// Why a restore was refused or failed. On failure the data directory is
/// left empty again.
#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    /// The data directory holds something already.
    #[error(
        "{0} is not empty: a restore only goes into an empty data directory (move the old one aside)"
    )]
    NotEmpty(PathBuf),
    /// Not an age file for this key, or damaged (one variant: nothing leaks).
    #[error("this is not a gundo backup for this key, or it is damaged")]
    Unreadable,
    /// A backup from another version of the format.
    #[error("unknown backup format {0:?}: this gundo reads {BACKUP_FORMAT}")]
    UnknownFormat(String),
    /// A backup from a newer gundo.
    #[error("the backup has schema version {found}, this gundo knows up to {known}: upgrade gundo")]
    NewerSchema {
        /// In the backup.
        found: u32,
        /// Known here.
        known: u32,
    },
    /// Something in the archive that a backup never holds.
    #[error("the backup holds an unexpected entry {0:?}: refusing it")]
    UnexpectedEntry(String),
    /// A part is missing or out of place.
    #[error("the backup is incomplete: {0}")]
    Incomplete(&'static str),
    /// The restored database names a blob the backup did not hold.
    #[error("the backup lacks the stored message {0}")]
    MissingBlob(BlobId),
    /// The restored database failed `SQLite`'s integrity check.
    #[error("the restored database is damaged")]
    Damaged,
    /// The store could not be opened.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Writing into the data directory failed.
    #[error("restoring: {0}")]
    Io(#[from] std::io::Error),
}

impl Store {
    /// Writes a backup to `out`, sealed to `recipients`, and returns `out`
    /// (the caller fsyncs and renames it into place).
    pub fn write_backup<W: Write>(
        &self,
        recipients: &[impl age::Recipient],
        out: W,
    ) -> Result<(W, BackupReport), BackupError> {
        let encryptor =
            age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
                .map_err(|_| BackupError::NoRecipients)?;

        let snapshot = self.snapshot()?;
        let mut tar = tar::Builder::new(encryptor.wrap_output(out)?);
        let manifest = Manifest {
            format: BACKUP_FORMAT.to_owned(),
            day: today(),
            schema: schema_version(&snapshot)?,
        };
        let manifest = toml::to_string(&manifest).expect("a flat struct of strings serialises");
        append(
            &mut tar,
            MANIFEST_NAME,
            manifest.len() as u64,
            manifest.as_bytes(),
        )?;
        let key = self.server_signing_key()?.to_file_text();
        append(
            &mut tar,
            super::SIGNING_KEY_FILE,
            key.len() as u64,
            key.as_bytes(),
        )?;

        let rows: Vec<(String, u8)> = snapshot
            .prepare(
                "SELECT blob_id, 1 FROM messages WHERE purged = 0
                 UNION ALL SELECT blob_id, 0 FROM replies
                 UNION ALL SELECT blob_id, 2 FROM notes",
            )
            .map_err(StoreError::from)?
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .map_err(StoreError::from)?
            .collect::<Result<_, _>>()
            .map_err(StoreError::from)?;
        let mut report = BackupReport {
            threads: count_threads(&snapshot)?,
            blobs: 0,
            vanished: 0,
        };
        for (blob, table) in rows {
            let id = BlobId::parse(&blob).ok_or(StoreError::Corrupt("blob id"))?;
            let file = match std::fs::File::open(self.blob_path(&id)) {
                Ok(file) => file,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    let sql = match table {
                        1 => "UPDATE messages SET purged = 1 WHERE blob_id = ?1",
                        0 => "DELETE FROM replies WHERE blob_id = ?1",
                        _ => "DELETE FROM notes WHERE blob_id = ?1",
                    };
                    snapshot.execute(sql, [&blob]).map_err(StoreError::from)?;
                    report.vanished += 1;
                    continue;
                }
                Err(e) => return Err(e.into()),
            };
            let len = file.metadata()?.len();
            append(
                &mut tar,
                &format!("blobs/{}", id.file_name()),
                len,
                file.take(len),
            )?;
            report.blobs += 1;
        }

        let mut snapshot = snapshot;
        let bytes = snapshot.serialize(MAIN_DB).map_err(StoreError::from)?;
        append(&mut tar, DATABASE_NAME, bytes.len() as u64, &bytes[..])?;
        let mut writer = tar.into_inner()?;
        writer.flush()?;
        Ok((writer.finish()?, report))
    }

    /// The whole database, copied in one step of the online backup API (one
    /// read transaction, so one consistent state), into memory.
    fn snapshot(&self) -> Result<Connection, StoreError> {
        let mut copy = Connection::open_in_memory()?;
        {
            let db = self.lock()?;
            let backup = rusqlite::backup::Backup::new(&db, &mut copy)?;
            // All pages in one step (-1): one read transaction, one state.
            // Busy means another process holds a lock for a moment: retry.
            let mut tries = 0;
            loop {
                match backup.step(-1)? {
                    rusqlite::backup::StepResult::Done => break,
                    _ if tries < 100 => {
                        tries += 1;
                        std::thread::sleep(std::time::Duration::from_millis(100));
                    }
                    _ => {
                        return Err(StoreError::Database(rusqlite::Error::SqliteFailure(
                            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                            Some("the database stayed busy during the backup".into()),
                        )));
                    }
                }
            }
        }
        Ok(copy)
    }
}

fn count_threads(db: &Connection) -> Result<usize, StoreError> {
    let n: i64 = db.query_row("SELECT count(*) FROM threads", [], |row| row.get(0))?;
    usize::try_from(n).map_err(|_| StoreError::Corrupt("thread count"))
}

fn schema_version(db: &Connection) -> Result<u32, StoreError> {
    Ok(db.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

/// Appends one regular file with a header that says nothing but its size.
fn append<W: Write>(
    tar: &mut tar::Builder<W>,
    name: &str,
    len: u64,
    data: impl Read,
) -> std::io::Result<()> {
    let mut header = tar::Header::new_ustar();
    header.set_entry_type(tar::EntryType::Regular);
    header.set_size(len);
    header.set_mode(0o600);
    header.set_mtime(0);
    header.set_uid(0);
    header.set_gid(0);
    tar.append_data(&mut header, name, data)
}

/// Restores the backup read from `input` into `data_dir`, which must be empty
/// or absent, decrypting with `identity` (a reviewer's, or the operator's
/// backup key). On any failure everything written is removed again.
pub fn restore_backup(
    data_dir: &Path,
    identity: &dyn age::Identity,
    input: impl Read,
) -> Result<RestoreReport, RestoreError> {
    let existed = data_dir.exists();
    if existed
        && std::fs::read_dir(data_dir)
            .map_err(RestoreError::Io)?
            .next()
            .is_some()
    {
        return Err(RestoreError::NotEmpty(data_dir.to_owned()));
    }
    create_private_dir(data_dir)?;
    let outcome = unpack(data_dir, identity, input);
    if outcome.is_err() {
        // Leave the directory as it was found: empty (or absent).
        if let Ok(entries) = std::fs::read_dir(data_dir) {
            for entry in entries.flatten() {
                let path = entry.path();
                let _ = if path.is_dir() {
                    std::fs::remove_dir_all(&path)
                } else {
                    std::fs::remove_file(&path)
                };
            }
        }
        if !existed {
            let _ = std::fs::remove_dir(data_dir);
        }
    }
    outcome
}

fn unpack(
    data_dir: &Path,
    identity: &dyn age::Identity,
    input: impl Read,
) -> Result<RestoreReport, RestoreError> {
    let decryptor = age::Decryptor::new(std::io::BufReader::new(input))
        .map_err(|_| RestoreError::Unreadable)?;
    let reader = decryptor
        .decrypt(std::iter::once(identity))
        .map_err(|_| RestoreError::Unreadable)?;
    let blob_dir = data_dir.join("blobs");
    create_private_dir(&blob_dir)?;
    let mut archive = tar::Archive::new(reader);
    let mut entries = archive.entries().map_err(|_| RestoreError::Unreadable)?;

    let first = entries
        .next()
        .ok_or(RestoreError::Incomplete("it is empty"))?
        .map_err(|_| RestoreError::Unreadable)?;
    check_manifest(first)?;

    let mut blobs = 0;
    let mut database = false;
    for entry in entries {
        let mut entry = entry.map_err(|_| RestoreError::Unreadable)?;
        let name = entry_name(&entry)?;
        if database {
            return Err(RestoreError::UnexpectedEntry(name));
        }
        if name == super::SIGNING_KEY_FILE {
            restore_signing_key(data_dir, &mut entry, name)?;
            continue;
        }
        if name == DATABASE_NAME {
            let path = data_dir.join(DATABASE_NAME);
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)?;
            super::set_mode(&path, 0o600)?;
            std::io::copy(&mut entry, &mut file).map_err(|_| RestoreError::Unreadable)?;
            file.sync_all()?;
            database = true;
            continue;
        }
        let id = name
            .strip_prefix("blobs/")
            .and_then(|n| n.strip_suffix(".age"))
            .and_then(BlobId::parse)
            .ok_or_else(|| RestoreError::UnexpectedEntry(name.clone()))?;
        let mut pending = PendingBlob::create(&blob_dir)?;
        std::io::copy(&mut entry, &mut pending).map_err(|_| RestoreError::Unreadable)?;
        pending.commit_as(&id)?;
        blobs += 1;
    }
    if !database {
        return Err(RestoreError::Incomplete("the database is missing"));
    }
    std::fs::File::open(data_dir)?.sync_all()?;

    // Opening brings an older snapshot's schema up to date.
    let store = Store::open(data_dir)?;
    let threads = {
        let db = store.lock()?;
        let check: String = db
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))
            .map_err(StoreError::from)?;
        if check != "ok" {
            return Err(RestoreError::Damaged);
        }
        let named: Vec<String> = db
            .prepare(
                "SELECT blob_id FROM messages WHERE purged = 0 UNION ALL SELECT blob_id FROM replies \
                 UNION ALL SELECT blob_id FROM notes",
            )
            .map_err(StoreError::from)?
            .query_map([], |row| row.get(0))
            .map_err(StoreError::from)?
            .collect::<Result<_, _>>()
            .map_err(StoreError::from)?;
        for blob in named {
            let id = BlobId::parse(&blob).ok_or(StoreError::Corrupt("blob id"))?;
            if !store.blob_path(&id).is_file() {
                return Err(RestoreError::MissingBlob(id));
            }
        }
        count_threads(&db)?
    };
    // Blobs no row names (there should be none) go, as at any start.
    let stray = store.recover()?;
    Ok(RestoreReport {
        threads,
        blobs: blobs - stray,
    })
}

/// Reads and checks the backup's first entry, its manifest.
fn check_manifest<R: Read>(mut first: tar::Entry<'_, R>) -> Result<(), RestoreError> {
    if entry_name(&first)? != MANIFEST_NAME {
        return Err(RestoreError::Incomplete(
            "it does not start with its manifest",
        ));
    }
    let mut text = String::new();
    (&mut first)
        .take(MAX_MANIFEST_BYTES)
        .read_to_string(&mut text)
        .map_err(|_| RestoreError::Unreadable)?;
    let manifest: Manifest = toml::from_str(&text).map_err(|_| RestoreError::Unreadable)?;
    if manifest.format != BACKUP_FORMAT {
        return Err(RestoreError::UnknownFormat(manifest.format));
    }
    let known = u32::try_from(MIGRATIONS.len()).expect("a handful of migrations");
    if manifest.schema > known {
        return Err(RestoreError::NewerSchema {
            found: manifest.schema,
            known,
        });
    }
    Ok(())
}

/// Writes the server signing key of a backup (mode 0600), if it is one.
fn restore_signing_key(
    data_dir: &Path,
    entry: &mut impl Read,
    name: String,
) -> Result<(), RestoreError> {
    let path = data_dir.join(super::SIGNING_KEY_FILE);
    let mut text = zeroize::Zeroizing::new(String::new());
    entry
        .take(MAX_MANIFEST_BYTES)
        .read_to_string(&mut text)
        .map_err(|_| RestoreError::Unreadable)?;
    if crate::bundle::ServerSigningKey::from_file_text(&text).is_none() {
        return Err(RestoreError::UnexpectedEntry(name));
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)?;
    super::set_mode(&path, 0o600)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    Ok(())
}

fn entry_name<R: Read>(entry: &tar::Entry<'_, R>) -> Result<String, RestoreError> {
    if entry.header().entry_type() != tar::EntryType::Regular {
        return Err(RestoreError::UnexpectedEntry(
            String::from_utf8_lossy(&entry.path_bytes()).into_owned(),
        ));
    }
    Ok(String::from_utf8_lossy(&entry.path_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::super::NewThread;
    use super::*;
    use crate::receipt::{Salt, Verifier};

    fn filled_store(dir: &Path) -> (Store, crate::ids::ThreadId) {
        let store = Store::open(dir).unwrap();
        let mut blob = store.new_blob().unwrap();
        blob.write_all(b"sealed tip").unwrap();
        let blob = blob.commit().unwrap();
        let thread = NewThread {
            salt: Salt::generate(),
            verifier: Verifier::from_bytes([3; 32]),
            reply_recipient: age::x25519::Identity::generate().to_public().to_string(),
        };
        let (_, id) = store.record_tip(&blob, &thread).unwrap();
        store.add_reply(&id, b"sealed reply").unwrap();
        (store, id)
    }

    #[test]
    fn backup_restores_into_an_empty_directory_only() {
        let dir = tempfile::tempdir().unwrap();
        let (store, id) = filled_store(&dir.path().join("data"));
        let key = age::x25519::Identity::generate();
        let (bytes, report) = store.write_backup(&[key.to_public()], Vec::new()).unwrap();
        assert_eq!(
            report,
            BackupReport {
                threads: 1,
                blobs: 2,
                vanished: 0
            }
        );

        let target = dir.path().join("restored");
        let restored = restore_backup(&target, &key, &bytes[..]).unwrap();
        assert_eq!(
            restored,
            RestoreReport {
                threads: 1,
                blobs: 2
            }
        );
        let again = Store::open(&target).unwrap();
        assert_eq!(
            again.message_blobs(&id).unwrap(),
            store.message_blobs(&id).unwrap()
        );
        assert_eq!(again.replies(&id).unwrap()[0].ciphertext, b"sealed reply");

        // Not into a non-empty directory, and not with another key.
        assert!(matches!(
            restore_backup(&target, &key, &bytes[..]),
            Err(RestoreError::NotEmpty(_))
        ));
        let other = dir.path().join("other");
        assert!(matches!(
            restore_backup(&other, &age::x25519::Identity::generate(), &bytes[..]),
            Err(RestoreError::Unreadable)
        ));
        assert!(!other.exists(), "a failed restore leaves nothing behind");
    }

    #[test]
    fn a_blob_deleted_during_the_backup_is_marked_purged() {
        let dir = tempfile::tempdir().unwrap();
        let (store, id) = filled_store(&dir.path().join("data"));
        let tip = store.message_blobs(&id).unwrap().remove(0);
        std::fs::remove_file(store.blob_path(&tip)).unwrap();
        let key = age::x25519::Identity::generate();
        let (bytes, report) = store.write_backup(&[key.to_public()], Vec::new()).unwrap();
        assert_eq!(report.vanished, 1);
        let target = dir.path().join("restored");
        let restored = restore_backup(&target, &key, &bytes[..]).unwrap();
        assert_eq!(restored.blobs, 1);
    }

    #[test]
    fn a_tampered_or_truncated_backup_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = filled_store(&dir.path().join("data"));
        let key = age::x25519::Identity::generate();
        let (mut bytes, _) = store.write_backup(&[key.to_public()], Vec::new()).unwrap();
        let target = dir.path().join("restored");
        std::fs::create_dir(&target).unwrap();
        let truncated = &bytes[..bytes.len() - 100];
        assert!(restore_backup(&target, &key, truncated).is_err());
        assert_eq!(std::fs::read_dir(&target).unwrap().count(), 0);
        let middle = bytes.len() / 2;
        bytes[middle] ^= 1;
        assert!(restore_backup(&target, &key, &bytes[..]).is_err());
        assert_eq!(std::fs::read_dir(&target).unwrap().count(), 0);
    }
}
