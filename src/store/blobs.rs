//! The blob directory: one age file per stored message or reply,
//! `blobs/<BLOB-ID>.age`.
//!
//! A blob is written through a temp file in the same directory (named
//! `.partial-…`) and only becomes `<id>.age` after its bytes and then the
//! directory are fsynced. A writer that is dropped before [`PendingBlob::commit`]
//! removes its temp file, so a client that disconnects mid-upload leaves
//! nothing behind; after a crash, [`remove_partials`] clears what is left.
//! Only ciphertext ever goes through here.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::ids::BlobId;

/// Prefix of temp files that are not (yet) blobs.
pub(crate) const PARTIAL_PREFIX: &str = ".partial-";

/// A blob being written. Dropping it without [`PendingBlob::commit`] deletes it.
pub struct PendingBlob {
    dir: PathBuf,
    writer: BufWriter<tempfile::NamedTempFile>,
}

impl PendingBlob {
    /// Starts a temp file in `dir`.
    pub(crate) fn create(dir: &Path) -> std::io::Result<Self> {
        let file = tempfile::Builder::new()
            .prefix(PARTIAL_PREFIX)
            .tempfile_in(dir)?;
        Ok(Self {
            dir: dir.to_owned(),
            writer: BufWriter::with_capacity(256 * 1024, file),
        })
    }

    /// Flushes, fsyncs the file, renames it to a fresh `<id>.age` and fsyncs
    /// the directory. Only then is the blob durable.
    pub fn commit(self) -> std::io::Result<BlobId> {
        let id = BlobId::generate();
        self.commit_as(&id)?;
        Ok(id)
    }

    /// Like [`PendingBlob::commit`] under a given id; fails (and removes the
    /// temp file) if a blob with that id already exists.
    pub fn commit_as(self, id: &BlobId) -> std::io::Result<()> {
        let file = self
            .writer
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)?;
        // The file's times would say when the message arrived to the second;
        // gundo keeps days only, so they are set back to the start of the day.
        // (The change time cannot be set: the README says so.)
        let midnight = start_of_today();
        file.as_file().set_times(
            std::fs::FileTimes::new()
                .set_accessed(midnight)
                .set_modified(midnight),
        )?;
        file.as_file().sync_all()?;
        file.persist_noclobber(self.dir.join(id.file_name()))
            .map_err(|e| e.error)?;
        File::open(&self.dir)?.sync_all()
    }
}

/// 00:00 UTC today.
fn start_of_today() -> std::time::SystemTime {
    let now = std::time::SystemTime::now();
    let since_epoch = now
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs();
    std::time::UNIX_EPOCH + std::time::Duration::from_secs(since_epoch - since_epoch % 86_400)
}

impl Write for PendingBlob {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writer.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.writer.flush()
    }
}

/// Removes temp files left by a crash. Returns how many were removed.
pub(crate) fn remove_partials(dir: &Path) -> std::io::Result<usize> {
    let mut removed = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry
            .file_name()
            .to_string_lossy()
            .starts_with(PARTIAL_PREFIX)
        {
            std::fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// Ids of every committed blob in `dir`.
pub(crate) fn list(dir: &Path) -> std::io::Result<Vec<BlobId>> {
    let mut ids = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name();
        let name = name.to_string_lossy();
        if let Some(id) = name.strip_suffix(".age").and_then(BlobId::parse) {
            ids.push(id);
        }
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropped_blob_leaves_nothing_and_committed_blob_stays() {
        let dir = tempfile::tempdir().unwrap();
        {
            let mut blob = PendingBlob::create(dir.path()).unwrap();
            blob.write_all(b"ciphertext").unwrap();
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);

        let mut blob = PendingBlob::create(dir.path()).unwrap();
        blob.write_all(b"ciphertext").unwrap();
        let id = blob.commit().unwrap();
        assert_eq!(
            std::fs::read(dir.path().join(id.file_name())).unwrap(),
            b"ciphertext"
        );
        // Only the day shows in the file's times.
        let modified = std::fs::metadata(dir.path().join(id.file_name()))
            .unwrap()
            .modified()
            .unwrap()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        assert_eq!(modified % 86_400, 0);
        assert_eq!(list(dir.path()).unwrap(), vec![id]);
    }

    #[test]
    fn partials_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".partial-abc"), b"x").unwrap();
        std::fs::write(dir.path().join(format!("{}.age", "0".repeat(32))), b"x").unwrap();
        assert_eq!(remove_partials(dir.path()).unwrap(), 1);
        assert_eq!(list(dir.path()).unwrap().len(), 1);
    }

    #[test]
    fn blob_ids_cannot_be_paths() {
        let id = BlobId::generate();
        assert_eq!(BlobId::parse(id.as_str()), Some(id.clone()));
        assert_ne!(BlobId::generate(), id);
        for bad in [
            "../../etc/passwd",
            "",
            "ABCDEF0123456789ABCDEF0123456789",
            &"0".repeat(33),
        ] {
            assert_eq!(BlobId::parse(bad), None, "{bad}");
        }
    }
}
