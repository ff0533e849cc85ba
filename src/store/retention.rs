//! Expiry: what `gundo purge` and the server's periodic sweep delete.
//!
//! Three things expire, each counted in days from a day the store already
//! keeps (see [`RetentionPolicy`]): whole threads after their last activity,
//! acknowledged messages' ciphertext, and replies the receipt holder has
//! seen. A thread that still holds a message no reviewer has acknowledged is
//! **never** deleted: nothing accepted is lost unread.
//!
//! Rows go first, in one transaction (`secure_delete` overwrites their
//! bytes), then the files; a crash in between leaves files no row names,
//! which [`Store::recover`] removes at the next start. The write-ahead log is
//! then checkpointed and truncated so that old page images do not stay in
//! `gundo.db-wal`. What this does not reach (blocks the file system or the
//! SSD keeps) is written down in the README.

use rusqlite::params;

use super::{BlobId, Store, StoreError, day_string};
use crate::config::RetentionPolicy;

/// What a purge deleted (and kept).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PurgeReport {
    /// Threads deleted with everything in them.
    pub threads: usize,
    /// Acknowledged messages whose ciphertext was deleted.
    pub delivered_messages: usize,
    /// Replies deleted after the receipt holder saw them.
    pub read_replies: usize,
    /// Expired threads kept because a message in them was never acknowledged.
    pub held_threads: usize,
    /// Blob files removed.
    pub files_removed: usize,
}

impl Store {
    /// Deletes what `policy` says has expired as of `today` (UTC).
    pub fn purge_expired(
        &self,
        policy: &RetentionPolicy,
        today: time::Date,
    ) -> Result<PurgeReport, StoreError> {
        let cutoff = |days: u32| {
            day_string(
                today
                    .checked_sub(time::Duration::days(i64::from(days)))
                    .unwrap_or(time::Date::MIN),
            )
        };
        let mut report = PurgeReport::default();
        let mut doomed: Vec<String> = Vec::new();
        {
            let mut db = self.lock()?;
            let tx = db.transaction()?;
            let expired: Vec<String> = tx
                .prepare("SELECT id FROM threads WHERE active_day < ?1 ORDER BY id")?
                .query_map([cutoff(policy.thread_days)], |row| row.get(0))?
                .collect::<Result<_, _>>()?;
            for thread in &expired {
                let unacknowledged = tx
                    .prepare_cached(
                        "SELECT 1 FROM messages WHERE thread_id = ?1 AND delivered = 0 AND purged = 0",
                    )?
                    .exists([thread])?;
                if unacknowledged {
                    report.held_threads += 1;
                    continue;
                }
                let mut files = tx.prepare_cached(
                    "SELECT blob_id FROM messages WHERE thread_id = ?1 AND purged = 0
                     UNION ALL SELECT blob_id FROM replies WHERE thread_id = ?1
                     UNION ALL SELECT blob_id FROM notes WHERE thread_id = ?1",
                )?;
                for blob in files.query_map([thread], |row| row.get(0))? {
                    doomed.push(blob?);
                }
                // Messages, replies and notes go with it (ON DELETE CASCADE).
                tx.execute("DELETE FROM threads WHERE id = ?1", [thread])?;
                report.threads += 1;
            }

            let delivered: Vec<String> = tx
                .prepare(
                    "SELECT blob_id FROM messages
                     WHERE delivered = 1 AND purged = 0 AND delivered_day < ?1",
                )?
                .query_map([cutoff(policy.delivered_days)], |row| row.get(0))?
                .collect::<Result<_, _>>()?;
            for blob in delivered {
                tx.execute("UPDATE messages SET purged = 1 WHERE blob_id = ?1", [&blob])?;
                doomed.push(blob);
                report.delivered_messages += 1;
            }

            // Only replies every reviewer has had in an export: a reply is
            // never deleted before the other reviewers could read it.
            let read: Vec<String> = tx
                .prepare(
                    "SELECT blob_id FROM replies
                     WHERE exported = 1 AND shown_day IS NOT NULL AND shown_day < ?1",
                )?
                .query_map([cutoff(policy.read_reply_days)], |row| row.get(0))?
                .collect::<Result<_, _>>()?;
            for blob in read {
                tx.execute("DELETE FROM replies WHERE blob_id = ?1", params![blob])?;
                doomed.push(blob);
                report.read_replies += 1;
            }
            tx.commit()?;
        }
        for blob in doomed.iter().filter_map(|b| BlobId::parse(b)) {
            match std::fs::remove_file(self.blob_path(&blob)) {
                Ok(()) => report.files_removed += 1,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e.into()),
            }
        }
        if report.files_removed > 0 {
            std::fs::File::open(&self.blob_dir)?.sync_all()?;
        }
        self.checkpoint()?;
        Ok(report)
    }

    /// Moves the write-ahead log into the database and truncates it, so
    /// deleted rows' old page images do not stay in `gundo.db-wal`. Best
    /// effort while another process reads: it is truncated at the next one.
    pub(crate) fn checkpoint(&self) -> Result<(), StoreError> {
        let db = self.lock()?;
        db.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::NewThread;
    use super::*;
    use crate::receipt::{Salt, Verifier};
    use std::io::Write;

    fn open() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        (dir, store)
    }

    fn tip(store: &Store, verifier: [u8; 32]) -> (crate::ids::ThreadId, BlobId) {
        let mut blob = store.new_blob().unwrap();
        blob.write_all(b"sealed").unwrap();
        let blob = blob.commit().unwrap();
        let thread = NewThread {
            salt: Salt::generate(),
            verifier: Verifier::from_bytes(verifier),
            reply_recipient: age::x25519::Identity::generate().to_public().to_string(),
        };
        let (_, id) = store.record_tip(&blob, &thread).unwrap();
        (id, blob)
    }

    fn set(store: &Store, sql: &str) {
        store.lock().unwrap().execute_batch(sql).unwrap();
    }

    fn later(days: i64) -> time::Date {
        super::super::today_date()
            .checked_add(time::Duration::days(days))
            .unwrap()
    }

    #[test]
    fn expired_acknowledged_threads_go_and_leave_no_bytes_behind() {
        let (dir, store) = open();
        let (old, old_blob) = tip(&store, [0xA5; 32]);
        let (fresh, fresh_blob) = tip(&store, [0x5A; 32]);
        set(
            &store,
            &format!(
                "UPDATE messages SET delivered = 1, delivered_day = '2000-01-01';
                 UPDATE threads SET active_day = '2000-01-01' WHERE id = '{old}';"
            ),
        );
        let policy = RetentionPolicy {
            delivered_days: 100_000,
            ..RetentionPolicy::default()
        };
        let report = store.purge_expired(&policy, later(0)).unwrap();
        assert_eq!(report.threads, 1);
        assert_eq!(report.files_removed, 1);
        assert!(!store.blob_path(&old_blob).exists());
        assert!(store.blob_path(&fresh_blob).exists());
        assert!(store.message_blobs(&old).unwrap().is_empty());
        assert_eq!(store.message_blobs(&fresh).unwrap(), vec![fresh_blob]);
        // secure_delete and the checkpoint: the deleted verifier is nowhere on disk.
        drop(store);
        for name in ["gundo.db", "gundo.db-wal"] {
            let Ok(bytes) = std::fs::read(dir.path().join(name)) else {
                continue;
            };
            assert!(
                !bytes.windows(32).any(|w| w == [0xA5; 32]),
                "{name} keeps the row"
            );
            if name == "gundo.db" {
                assert!(bytes.windows(32).any(|w| w == [0x5A; 32]));
            }
        }
    }

    #[test]
    fn unacknowledged_messages_hold_their_thread() {
        let (_dir, store) = open();
        let (id, blob) = tip(&store, [1; 32]);
        set(&store, "UPDATE threads SET active_day = '2000-01-01'");
        let report = store
            .purge_expired(&RetentionPolicy::default(), later(0))
            .unwrap();
        assert_eq!(report.threads, 0);
        assert_eq!(report.held_threads, 1);
        assert_eq!(store.message_blobs(&id).unwrap(), vec![blob.clone()]);
        assert!(store.blob_path(&blob).exists());
    }

    #[test]
    fn delivered_ciphertext_and_read_replies_expire() {
        let (_dir, store) = open();
        let (id, blob) = tip(&store, [2; 32]);
        let unread = store.add_reply(&id, b"unread").unwrap();
        set(
            &store,
            "UPDATE messages SET delivered = 1, delivered_day = '2000-01-01'",
        );
        let read = store.add_reply(&id, b"read").unwrap();
        // Shown to the receipt holder (both replies, today), then exported.
        assert_eq!(store.replies(&id).unwrap().len(), 2);
        set(
            &store,
            &format!("UPDATE replies SET exported = 1 WHERE blob_id = '{read}'"),
        );
        let policy = RetentionPolicy::default();
        // Today nothing read has expired yet; the delivered tip has.
        let report = store.purge_expired(&policy, later(0)).unwrap();
        assert_eq!(report.delivered_messages, 1);
        assert_eq!(report.read_replies, 0);
        assert!(!store.blob_path(&blob).exists());
        // Past the reply window: only the exported reply goes.
        let report = store.purge_expired(&policy, later(31)).unwrap();
        assert_eq!(report.read_replies, 1);
        assert!(!store.blob_path(&read).exists());
        assert!(store.blob_path(&unread).exists());
        assert_eq!(store.replies(&id).unwrap().len(), 1);
    }
}
