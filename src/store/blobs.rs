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

use rand::TryRng;

/// Prefix of temp files that are not (yet) blobs.
pub(crate) const PARTIAL_PREFIX: &str = ".partial-";
const EXTENSION: &str = "age";

/// Names one blob: 128 random bits, in lowercase hex.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BlobId(String);

impl BlobId {
    /// Draws a fresh id from the OS random generator.
    pub fn generate() -> Self {
        Self(random_hex::<16>()) // 128 bits
    }

    /// Accepts only what [`BlobId::generate`] makes (so an id can never be a path).
    pub fn parse(text: &str) -> Option<Self> {
        (text.len() == 32
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
        .then(|| Self(text.to_owned()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The file name, `<id>.age`.
    pub fn file_name(&self) -> String {
        format!("{}.{EXTENSION}", self.0)
    }
}

impl std::fmt::Display for BlobId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// `N` bytes from the OS random generator, as lowercase hex.
pub(crate) fn random_hex<const N: usize>() -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut bytes = [0u8; N];
    rand::rngs::SysRng
        .try_fill_bytes(&mut bytes)
        .expect("the OS random generator does not fail on Linux once booted");
    bytes
        .iter()
        .flat_map(|b| {
            [
                char::from(HEX[usize::from(b >> 4)]),
                char::from(HEX[usize::from(b & 15)]),
            ]
        })
        .collect()
}

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

    /// Flushes, fsyncs the file, renames it to `<id>.age` (never over an
    /// existing blob) and fsyncs the directory. Only then is the blob durable.
    pub fn commit(self) -> std::io::Result<BlobId> {
        let file = self
            .writer
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)?;
        file.as_file().sync_all()?;
        let id = BlobId::generate();
        file.persist_noclobber(self.dir.join(id.file_name()))
            .map_err(|e| e.error)?;
        File::open(&self.dir)?.sync_all()?;
        Ok(id)
    }
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
