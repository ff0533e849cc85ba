//! One inbound message, read from its own age file without writing a byte
//! of plaintext anywhere.
//!
//! A message is an age file whose plaintext is a ZIP (see [`crate::seal`]).
//! age's STREAM construction decrypts any 64 KiB chunk on its own, so the
//! ZIP is read in place, through a seeking decryptor: its central directory
//! first (checked by [`check_zip_layout`]: no overlapping or out-of-order
//! entries, sizes bounded), then each entry once. `review open` reads the
//! text and each attachment once, to flag risks and make cleaned copies;
//! `review save` reads one attachment again to write it where the reviewer
//! chooses. Every entry's size and CRC-32 are checked as it is read.
//!
//! Must never: write plaintext to disk, trust a name from the ZIP as a path
//! (names go through [`super::names::safe_file_name`]), or read an entry past
//! its checked size.

use std::collections::HashSet;
use std::io::{self, Read, Seek};
use std::path::Path;

use zeroize::Zeroizing;

use super::clean::{self, ArchiveLimits, CleanLimits, Cleaning, check_zip_layout};
use super::names;
use super::workspace::{AttachmentRecord, CleaningRecord, Readable};

/// Largest `message.txt` read.
const MAX_TEXT_BYTES: u64 = 16 * 1024 * 1024;

/// What reading a message gave.
pub(super) struct Reading {
    /// Whether it could be read.
    pub(super) readable: Readable,
    /// Its text.
    pub(super) text: String,
    /// Its attachments, with the cleaned copy of each that has one.
    pub(super) attachments: Vec<(AttachmentRecord, Option<Cleaned>)>,
}

/// A cleaned copy, in memory until it is sealed.
pub(super) struct Cleaned {
    pub(super) bytes: Zeroizing<Vec<u8>>,
    pub(super) format: &'static str,
    pub(super) removed: Vec<&'static str>,
}

impl Reading {
    fn unreadable(readable: Readable) -> Self {
        Self {
            readable,
            text: String::new(),
            attachments: Vec::new(),
        }
    }
}

/// Why a message's age file did not open.
pub(super) enum OpenFailure {
    /// Not sealed to this key, or damaged: recorded, not an error.
    Unreadable(Readable),
    /// Reading the file failed (or an age plugin did): stop.
    Io(io::Error),
}

/// The message's plaintext, read at any offset by seeking the decryptor.
struct Decrypting(std::sync::Mutex<age::stream::StreamReader<io::BufReader<std::fs::File>>>);

impl rawzip::ReaderAt for Decrypting {
    fn read_at(&self, buf: &mut [u8], offset: u64) -> io::Result<usize> {
        let mut reader = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        reader.seek(io::SeekFrom::Start(offset))?;
        reader.read(buf)
    }
}

/// The message's ZIP, decrypted as it is read.
type SealedZip = rawzip::ZipArchive<Decrypting>;

fn open_zip(identity: &dyn age::Identity, path: &Path) -> Result<SealedZip, OpenFailure> {
    // Buffered: age reads the header a byte at a time, and a post-quantum
    // stanza is 1.5 KB long.
    let file = io::BufReader::new(std::fs::File::open(path).map_err(OpenFailure::Io)?);
    let decryptor = age::Decryptor::new(file)
        .map_err(|_| OpenFailure::Unreadable(Readable::Damaged("not an age file".into())))?;
    let reader = decryptor
        .decrypt(std::iter::once(identity))
        .map_err(|e| match e {
            age::DecryptError::NoMatchingKeys => {
                OpenFailure::Unreadable(Readable::NotSealedToThisKey)
            }
            age::DecryptError::Io(e) => OpenFailure::Io(e),
            _ => OpenFailure::Unreadable(Readable::Damaged("its age header is damaged".into())),
        })?;
    let mut reader = reader;
    let damaged = || {
        OpenFailure::Unreadable(Readable::Damaged(
            "its container is damaged or truncated".into(),
        ))
    };
    let end = reader.seek(io::SeekFrom::End(0)).map_err(|_| damaged())?;
    let mut buffer = vec![0u8; rawzip::RECOMMENDED_BUFFER_SIZE];
    let archive = rawzip::ZipLocator::new()
        .locate_in_reader(Decrypting(std::sync::Mutex::new(reader)), &mut buffer, end)
        .map_err(|_| damaged())?;
    // The server writes one STORE entry per part, in order: a layout that is
    // not that was not written by gundo.
    let limits = ArchiveLimits {
        max_entries: 65_535,
        ..ArchiveLimits::default()
    };
    check_zip_layout(&archive, &mut buffer, &limits)
        .map_err(|e| OpenFailure::Unreadable(Readable::Damaged(e.to_string())))?;
    Ok(archive)
}

/// One entry of the message's ZIP, as listed in its central directory.
struct Listed {
    name: Vec<u8>,
    wayfinder: rawzip::ZipArchiveEntryWayfinder,
    offset: u64,
    size: u64,
    stored: bool,
}

fn list(archive: &SealedZip) -> Result<Vec<Listed>, OpenFailure> {
    let mut buffer = vec![0u8; rawzip::RECOMMENDED_BUFFER_SIZE];
    let mut listed = Vec::new();
    let mut entries = archive.entries(&mut buffer);
    let damaged = || OpenFailure::Unreadable(Readable::Damaged("its directory is damaged".into()));
    while let Some(entry) = entries.next_entry().map_err(|_| damaged())? {
        if entry.is_dir() {
            continue;
        }
        listed.push(Listed {
            name: entry.file_path().as_ref().to_vec(),
            wayfinder: entry.wayfinder(),
            offset: entry.local_header_offset(),
            size: entry.uncompressed_size_hint(),
            stored: entry.compression_method() == rawzip::CompressionMethod::STORE,
        });
    }
    Ok(listed)
}

/// Reads a message once: its text, and each attachment to flag its risks
/// and clean it (in memory, within `limits`).
pub(super) fn read_message(
    identity: &dyn age::Identity,
    path: &Path,
    limits: &CleanLimits,
) -> Result<Reading, io::Error> {
    let archive = match open_zip(identity, path) {
        Ok(archive) => archive,
        Err(OpenFailure::Unreadable(readable)) => return Ok(Reading::unreadable(readable)),
        Err(OpenFailure::Io(e)) => return Err(e),
    };
    let listed = match list(&archive) {
        Ok(listed) => listed,
        Err(OpenFailure::Unreadable(readable)) => return Ok(Reading::unreadable(readable)),
        Err(OpenFailure::Io(e)) => return Err(e),
    };
    let mut reading = Reading {
        readable: Readable::Yes,
        text: String::new(),
        attachments: Vec::new(),
    };
    let mut taken = HashSet::new();
    for entry in listed {
        if entry.name == b"message.txt" {
            match read_entry(&archive, &entry, MAX_TEXT_BYTES) {
                Ok(bytes) => reading.text = String::from_utf8_lossy(&bytes).into_owned(),
                Err(_) => {
                    reading.readable = Readable::Damaged("its text is damaged".into());
                }
            }
        } else if let Some(sent) = entry.name.strip_prefix(b"files/") {
            let name = names::safe_file_name(&String::from_utf8_lossy(sent), &mut taken);
            reading
                .attachments
                .push(read_attachment(&archive, &entry, name, limits));
        }
    }
    Ok(reading)
}

/// Flags and cleans one attachment; a damaged one is kept, flagged.
fn read_attachment(
    archive: &SealedZip,
    entry: &Listed,
    name: String,
    limits: &CleanLimits,
) -> (AttachmentRecord, Option<Cleaned>) {
    let mut record = AttachmentRecord {
        name,
        entry_offset: entry.offset,
        size: entry.size,
        risk: None,
        cleaning: CleaningRecord::NotCleaned {
            reason: clean::NOT_CLEANED.to_owned(),
        },
    };
    let whole = entry.size <= limits.max_input;
    let read = if whole {
        read_entry(archive, entry, limits.max_input)
    } else {
        read_head(archive, entry, clean::ASSESS_HEAD_BYTES as u64)
    };
    let Ok(content) = read else {
        record.cleaning = CleaningRecord::Refused {
            reason: "the file is damaged in the message (size or checksum)".into(),
        };
        return (record, None);
    };
    record.risk = clean::assess(&record.name, &content).map(|r| risk_code(r).to_owned());
    if !whole {
        record.cleaning = CleaningRecord::NotCleaned {
            reason: "too large to be cleaned on this laptop".into(),
        };
        return (record, None);
    }
    match clean::clean(&content, limits) {
        Cleaning::Cleaned {
            bytes,
            format,
            removed,
        } => {
            let cleaned = Cleaned {
                bytes: Zeroizing::new(bytes),
                format,
                removed,
            };
            (record, Some(cleaned))
        }
        Cleaning::NotCleaned { reason } => {
            record.cleaning = CleaningRecord::NotCleaned {
                reason: reason.to_owned(),
            };
            (record, None)
        }
        Cleaning::Refused { reason } => {
            record.cleaning = CleaningRecord::Refused { reason };
            (record, None)
        }
    }
}

/// A stable code for a risk, for the workspace and the screens' texts.
pub fn risk_code(risk: clean::Risk) -> &'static str {
    match risk {
        clean::Risk::Executable => "executable",
        clean::Risk::Script => "script",
        clean::Risk::MacroDocument => "macro-document",
        clean::Risk::ActivePdf => "active-pdf",
        clean::Risk::Html => "html",
        clean::Risk::Archive => "archive",
    }
}

/// Whether a risk means the file can run code when opened.
pub fn risk_runs_code(code: &str) -> bool {
    matches!(code, "executable" | "script" | "macro-document" | "html")
}

/// An entry's data in memory, its size and CRC checked (at most `max` bytes).
fn read_entry(archive: &SealedZip, entry: &Listed, max: u64) -> io::Result<Zeroizing<Vec<u8>>> {
    let mut out = Zeroizing::new(Vec::new());
    copy_entry(archive, entry, max, &mut *out)?;
    Ok(out)
}

/// The first `max` bytes of an entry (no CRC check: the rest is not read).
fn read_head(archive: &SealedZip, entry: &Listed, max: u64) -> io::Result<Zeroizing<Vec<u8>>> {
    if !entry.stored {
        return Err(io::Error::other("not stored"));
    }
    let found = archive
        .get_entry(entry.wayfinder)
        .map_err(io::Error::other)?;
    let mut out = Zeroizing::new(Vec::new());
    found.reader().take(max).read_to_end(&mut out)?;
    Ok(out)
}

/// Copies an entry's data to `out`, checking its size and CRC-32.
fn copy_entry(
    archive: &SealedZip,
    entry: &Listed,
    max: u64,
    out: &mut dyn io::Write,
) -> io::Result<u64> {
    if !entry.stored || entry.size > max {
        return Err(io::Error::other("not a stored entry within bounds"));
    }
    let found = archive
        .get_entry(entry.wayfinder)
        .map_err(io::Error::other)?;
    let raw = found.reader();
    let expected = raw.claim_verifier();
    let mut reader = Verified::new(raw, expected);
    io::copy(&mut (&mut reader).take(max), out)
}

/// Writes the attachment whose entry starts at `offset` to `out`, checked.
pub(super) fn save_attachment(
    identity: &dyn age::Identity,
    path: &Path,
    offset: u64,
    out: &mut dyn io::Write,
) -> Result<u64, io::Error> {
    let archive = open_zip(identity, path).map_err(|e| match e {
        OpenFailure::Io(e) => e,
        OpenFailure::Unreadable(_) => io::Error::other("the message does not open with this key"),
    })?;
    let listed = list(&archive).map_err(|_| io::Error::other("the message is damaged"))?;
    let entry = listed
        .iter()
        .find(|e| e.offset == offset)
        .ok_or_else(|| io::Error::other("the attachment is not in the message"))?;
    copy_entry(&archive, entry, u64::MAX, out)
}

/// An entry's data, checked against the central directory's size and CRC-32
/// once it ends, with `crc32fast` (the CPU's carry-less multiply).
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

// `Seek` is what makes reading in place possible; keep the bound visible.
const _: fn() = || {
    fn seekable<T: Read + Seek>() {}
    seekable::<age::stream::StreamReader<io::BufReader<std::fs::File>>>();
};
