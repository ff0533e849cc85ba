//! The private RAM folder: the only place the desk writes plaintext, so
//! that an outside viewer (`xdg-open`, or `$GUNDO_DESK_VIEWER`) can show a
//! cleaned copy or, when the reviewer insists, an original.
//!
//! It is `$XDG_RUNTIME_DIR/gundo-desk-<random>/` (128 random bits), mode
//! 0700, when `$XDG_RUNTIME_DIR` is a RAM file system (tmpfs), as it is on
//! Debian and on Tails (`/run/user/1000` for Tails' `amnesia` user);
//! otherwise `/dev/shm/gundo-desk-<random>/`, 0700, and the desk says so. On
//! neither, nothing is opened in an outside viewer: plaintext **must
//! never** reach a disk.
//!
//! The folder is made when the first file is opened and holds a lock
//! (`.lock`, `flock`) while the desk runs. When the desk exits, every file in
//! it is overwritten with zeros, then the folder is removed; a desk that
//! crashed (or was killed) leaves it behind, so every start removes the
//! folders of this user whose lock nobody holds any more. Files are 0600,
//! never executable.

use std::fs::{self, File};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use rustix::fs::FlockOperation;

/// Every desk folder's name starts with this.
const PREFIX: &str = "gundo-desk-";
/// The lock file inside a desk folder.
const LOCK: &str = ".lock";
/// The viewer command when `$GUNDO_DESK_VIEWER` does not name one.
const DEFAULT_VIEWER: &str = "xdg-open";
/// `statfs` magic numbers of RAM file systems (`linux/magic.h`).
const TMPFS_MAGIC: u64 = 0x0102_1994;
const RAMFS_MAGIC: u64 = 0x8584_58f6;

/// Where the desk's folder goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Place {
    /// `$XDG_RUNTIME_DIR`, on tmpfs.
    Runtime(PathBuf),
    /// `/dev/shm`, because `$XDG_RUNTIME_DIR` is unset (`None`) or not in
    /// RAM (the path it names).
    Shm(PathBuf, Option<PathBuf>),
    /// No RAM folder found: outside viewers are not used.
    Nowhere,
}

impl Place {
    /// The folder the desk's folders go in.
    pub(super) fn base(&self) -> Option<&Path> {
        match self {
            Place::Runtime(base) | Place::Shm(base, _) => Some(base),
            Place::Nowhere => None,
        }
    }
}

/// Whether `path` is on a RAM file system.
pub(super) fn in_ram(path: &Path) -> bool {
    rustix::fs::statfs(path).is_ok_and(|fs| {
        #[allow(clippy::cast_sign_loss)] // a magic number, compared as bits
        let kind = fs.f_type as u64;
        kind == TMPFS_MAGIC || kind == RAMFS_MAGIC
    })
}

/// Finds the place: `runtime` (the value of `$XDG_RUNTIME_DIR`) if it is a
/// folder in RAM, else `shm` if it is.
pub(super) fn locate(runtime: Option<PathBuf>, shm: &Path) -> Place {
    match runtime {
        Some(dir) if dir.is_dir() && in_ram(&dir) => Place::Runtime(dir),
        runtime if shm.is_dir() && in_ram(shm) => Place::Shm(
            shm.to_owned(),
            runtime.filter(|r| !r.as_os_str().is_empty()),
        ),
        _ => Place::Nowhere,
    }
}

/// Overwrites every file under `dir` with zeros, then removes it all.
/// Symbolic links are removed, never followed.
fn wipe(dir: &Path) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        let meta = fs::symlink_metadata(&path)?;
        if meta.is_dir() {
            wipe(&path)?;
        } else {
            if meta.is_file() {
                // Zeros first: a viewer that still holds the file sees them,
                // and the RAM pages no longer hold the plaintext.
                if let Ok(mut file) = fs::OpenOptions::new().write(true).open(&path) {
                    let zeros = vec![0u8; 64 * 1024];
                    let mut left = meta.len();
                    while left > 0 {
                        let n = usize::try_from(left.min(zeros.len() as u64)).unwrap_or(0);
                        file.write_all(&zeros[..n])?;
                        left -= n as u64;
                    }
                }
            }
            fs::remove_file(&path)?;
        }
    }
    fs::remove_dir(dir)
}

/// Removes the desk folders under `base` that belong to this user and that
/// no running desk holds (its lock is free): what a crashed desk left.
/// Returns how many it removed.
pub(super) fn remove_stale(base: &Path) -> usize {
    let uid = rustix::process::getuid().as_raw();
    let Ok(entries) = fs::read_dir(base) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.filter_map(Result::ok) {
        if !entry.file_name().to_string_lossy().starts_with(PREFIX) {
            continue;
        }
        let path = entry.path();
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        if !meta.is_dir() || meta.uid() != uid {
            continue;
        }
        let free = match File::open(path.join(LOCK)) {
            Ok(lock) => rustix::fs::flock(&lock, FlockOperation::NonBlockingLockExclusive).is_ok(),
            // Made, but killed before its lock was: nobody holds it.
            Err(e) => e.kind() == io::ErrorKind::NotFound,
        };
        if free && wipe(&path).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Wipes a file [`RamDir::create`] made (and its sub-folder).
pub(super) fn discard(path: &Path) {
    if let Some(sub) = path.parent() {
        let _ = wipe(sub);
    }
}

/// The desk's own RAM folder, made on first use and wiped on drop.
#[derive(Debug)]
pub(super) struct RamDir {
    place: Place,
    folder: Option<(PathBuf, File)>,
    opened: u32,
    viewers: Vec<Child>,
}

impl RamDir {
    /// A RAM folder under `place` (not made yet).
    pub(super) fn new(place: Place) -> Self {
        Self {
            place,
            folder: None,
            opened: 0,
            viewers: Vec::new(),
        }
    }

    /// Where it is (or would be).
    pub(super) fn place(&self) -> &Place {
        &self.place
    }

    /// The folder, made (0700, locked) if it is not yet.
    fn folder(&mut self) -> io::Result<PathBuf> {
        if let Some((path, _)) = &self.folder {
            return Ok(path.clone());
        }
        let base = self
            .place
            .base()
            .ok_or_else(|| io::Error::other("no folder in RAM"))?;
        // 128 random bits: another user cannot guess it, and it never clashes.
        let path = base.join(format!(
            "{PREFIX}{}",
            crate::ids::BlobId::generate().as_str()
        ));
        fs::DirBuilder::new().mode(0o700).create(&path)?;
        let lock = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path.join(LOCK))?;
        rustix::fs::flock(&lock, FlockOperation::NonBlockingLockExclusive)?;
        self.folder = Some((path.clone(), lock));
        Ok(path)
    }

    /// A new file named `name` (a safe name from the workspace) in a
    /// sub-folder of its own, mode 0600, for `write` to fill.
    pub(super) fn create(
        &mut self,
        name: &str,
        write: impl FnOnce(&mut File) -> io::Result<()>,
    ) -> io::Result<PathBuf> {
        let folder = self.folder()?;
        self.opened += 1;
        let sub = folder.join(self.opened.to_string());
        fs::DirBuilder::new().mode(0o700).create(&sub)?;
        let path = sub.join(name);
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)?;
        if let Err(e) = write(&mut file) {
            drop(file);
            let _ = wipe(&sub);
            return Err(e);
        }
        Ok(path)
    }

    /// Opens `path` in the outside viewer: `$GUNDO_DESK_VIEWER` (a program
    /// and its arguments, split at spaces) or `xdg-open`, with no terminal
    /// (its output would draw over the desk).
    pub(super) fn show(&mut self, path: &Path, viewer: Option<&str>) -> io::Result<()> {
        let viewer = viewer
            .filter(|v| !v.trim().is_empty())
            .unwrap_or(DEFAULT_VIEWER);
        let mut words = viewer.split_whitespace();
        let program = words.next().unwrap_or(DEFAULT_VIEWER);
        let child = Command::new(program)
            .args(words)
            .arg(path)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        self.viewers.push(child);
        Ok(())
    }

    /// Collects viewers that have exited (no zombies).
    pub(super) fn reap(&mut self) {
        self.viewers
            .retain_mut(|child| matches!(child.try_wait(), Ok(None)));
    }
}

impl Drop for RamDir {
    fn drop(&mut self) {
        self.reap();
        if let Some((path, lock)) = self.folder.take() {
            let _ = wipe(&path);
            drop(lock);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder in RAM for a test, if this machine has `/dev/shm`.
    fn ram() -> Option<tempfile::TempDir> {
        let shm = Path::new("/dev/shm");
        (shm.is_dir() && in_ram(shm)).then(|| tempfile::tempdir_in(shm).unwrap())
    }

    #[test]
    fn files_live_in_a_private_folder_that_is_wiped_on_drop() {
        let Some(base) = ram() else { return };
        let place = locate(Some(base.path().to_owned()), Path::new("/nonexistent"));
        assert_eq!(place, Place::Runtime(base.path().to_owned()));
        let mut dir = RamDir::new(place);
        let path = dir
            .create("photo.cleaned.jpg", |f| f.write_all(b"pixels"))
            .unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"pixels");
        let folder = path.parent().unwrap().parent().unwrap().to_owned();
        assert_eq!(fs::metadata(&folder).unwrap().mode() & 0o777, 0o700);
        assert_eq!(fs::metadata(&path).unwrap().mode() & 0o777, 0o600);
        // A running desk's folder is not stale.
        assert_eq!(remove_stale(base.path()), 0);
        assert!(path.exists());
        drop(dir);
        assert!(!folder.exists());
    }

    #[test]
    fn a_crashed_desk_folder_is_removed_at_the_next_start() {
        let Some(base) = ram() else { return };
        let mut dir = RamDir::new(Place::Runtime(base.path().to_owned()));
        let path = dir.create("tip.pdf", |f| f.write_all(b"%PDF")).unwrap();
        // What a kill -9 leaves: the folder, its lock no longer held.
        let (folder, lock) = dir.folder.take().unwrap();
        drop(lock);
        std::mem::drop(dir);
        assert!(path.exists());
        assert_eq!(remove_stale(base.path()), 1);
        assert!(!folder.exists());
        // Not ours or not a desk folder: left alone.
        fs::create_dir(base.path().join("other")).unwrap();
        assert_eq!(remove_stale(base.path()), 0);
        assert!(base.path().join("other").exists());
    }

    #[test]
    fn a_folder_on_disk_is_never_used() {
        let disk = tempfile::tempdir_in(concat!(env!("CARGO_MANIFEST_DIR"), "/target")).unwrap();
        if in_ram(disk.path()) {
            return;
        }
        assert_eq!(
            locate(Some(disk.path().to_owned()), Path::new("/nonexistent")),
            Place::Nowhere
        );
        if let Some(base) = ram() {
            assert_eq!(
                locate(Some(disk.path().to_owned()), base.path()),
                Place::Shm(base.path().to_owned(), Some(disk.path().to_owned()))
            );
            assert_eq!(
                locate(None, base.path()),
                Place::Shm(base.path().to_owned(), None)
            );
        }
    }
}
