//! Sealing one tip: a padded ZIP streamed straight into an [age v1] file.
//!
//! A stored message is a binary [age v1] file encrypted to every reviewer
//! recipient. Its plaintext is a ZIP archive written as the upload arrives, with
//! STORE entries and data descriptors ([ZIP APPNOTE] 4.3.9), so nothing is ever
//! seeked back to or held in memory:
//!
//! - `message.txt`: the tip's text (UTF-8);
//! - `files/<name>`: each attachment in arrival order, its name made safe for
//!   stock `unzip` by [`attachment_entry_name`];
//! - `.padding`: zero bytes sized so the whole plaintext is a Padmé bucket
//!   ([`padme`], from Nikitin et al., "Reducing Metadata Leakage from Encrypted
//!   Files and Communication with PURBs", PETS 2019,
//!   <https://doi.org/10.2478/popets-2019-0056>),
//!   so the ciphertext length leaks O(log log n) bits about the tip's size. It
//!   sits before the central directory because ZIP readers look for the end
//!   record at the end of the file.
//!
//! Reviewers run `age -d -i key blob.age > tip.zip && unzip tip.zip`.
//!
//! [`seal_message`] pulls the message's [`Part`]s from an iterator (the
//! caller's blocking task) and writes each one as it comes, so one function
//! drives the ZIP writer from start to end.
//!
//! Promises: every plaintext byte in a [`Part`] goes into the age stream writer
//! and nowhere else (no temporary file, no log, no error message); memory
//! stays bounded whatever the message size (one part at a time, age buffers one
//! 64 KiB chunk, the ZIP writer keeps one small record per entry); the result
//! is either exactly padded or an error, never a silently unpadded file. ZIP64
//! is refused rather than written, so the padding arithmetic stays exact.
//!
//! Must never: write plaintext anywhere but into age, put submitted content
//! (text, file names, bytes) into an error, or finish an age file for a message
//! that failed or was cut short (on any error the output is left truncated, so
//! it does not decrypt).
//!
//! [age v1]: https://age-encryption.org/v1
//! [ZIP APPNOTE]: https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT

use std::borrow::Cow;
use std::collections::HashSet;
use std::io::{self, Read, Write};

use bytes::Bytes;
use rawzip::path::ZipFilePath;
use rawzip::{DataDescriptorOutput, ZipArchiveWriter, ZipEntryWriter};
use zeroize::{Zeroize, Zeroizing};

/// ZIP entry holding the tip's text.
const MESSAGE_ENTRY: &str = "message.txt";
/// ZIP entry holding the padding.
const PADDING_ENTRY: &str = ".padding";
/// Folder the attachments go in.
const FILES_PREFIX: &str = "files/";

// Record sizes as rawzip writes them with the fixed time below and no other
// extra field or comment (rawzip 0.5 `writer.rs`; APPNOTE 4.3.7, 4.3.9,
// 4.3.12, 4.3.16). Unix permissions only fill fixed fields, so they change no
// size; the time adds an extended-timestamp field to central records only.
/// Local file header without its name.
const LOCAL_HEADER_FIXED: u64 = 30;
/// Data descriptor with its signature and 32-bit sizes.
const DATA_DESCRIPTOR: u64 = 16;
/// Central directory file header without its name: 46 fixed bytes and the
/// 9-byte extended-timestamp extra field (APPNOTE 4.5.3, Info-ZIP 0x5455).
const CENTRAL_HEADER_FIXED: u64 = 46 + 9;
/// The time of every entry: 1980-01-01 00:00 UTC, the first valid DOS date.
/// Never a real time; without one rawzip writes month and day 0, which is
/// not a DOS date, and `unzip` extracts files dated 1979.
const ENTRY_TIME_UNIX: i64 = 315_532_800;
/// End of central directory record without a comment.
const END_RECORD: u64 = 22;
/// `PADDING_ENTRY.len()`.
const PADDING_NAME_LEN: u64 = PADDING_ENTRY.len() as u64;

/// Mode of every entry: a regular file only its owner reads.
///
/// Setting it makes rawzip mark entries as made on Unix (same record sizes, no
/// extra field). Info-ZIP `unzip` 6.0 ignores the UTF-8 name flag on entries
/// made on MS-DOS, rawzip's default, and would mangle non-ASCII names; and a
/// fixed regular-file mode means no entry can become a symlink or executable.
const ENTRY_MODE: u32 = 0o100_600;

/// rawzip switches to ZIP64 when any size or offset reaches this.
const ZIP32_LIMIT: u64 = 0xFFFF_FFFF;
/// rawzip switches to ZIP64 at 65535 entries, so at most one fewer.
const MAX_ENTRIES: usize = 65_534;

/// Longest attachment name kept, in bytes.
const MAX_NAME_BYTES: usize = 200;
/// Longest extension (with its dot) kept when a name is shortened.
const MAX_EXT_BYTES: usize = 16;

/// Source of zero bytes for padding, so padding never allocates.
static ZEROS: [u8; 16 * 1024] = [0; 16 * 1024];

/// Why a message could not be sealed. Never carries submitted content.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    /// No recipient was given.
    #[error("no reviewer recipient to seal to")]
    NoRecipients,
    /// The output (or age) failed to write.
    #[error("writing the sealed message failed")]
    Io(#[from] std::io::Error),
    /// The ZIP would need ZIP64 (size, offset or entry count).
    #[error("the message is too large for the container format")]
    TooLarge,
    /// A second [`Part::Message`] came.
    #[error("the message text was written twice")]
    MessageTwice,
    /// A [`Part::Data`] came before any [`Part::File`].
    #[error("no attachment is open")]
    NoOpenFile,
    /// The finished plaintext is not exactly its Padmé bucket.
    #[error("the container could not be padded to its bucket")]
    Padding,
    /// age refused the recipient set.
    #[error("the recipients could not be used for sealing")]
    Encrypt(#[source] age::EncryptError),
    /// rawzip refused an entry (its messages hold no submitted content).
    #[error("the ZIP writer rejected the message")]
    Zip(#[source] rawzip::Error),
    /// rawzip would rewrite an entry name, so the computed sizes would be wrong.
    #[error("the container layout is inconsistent")]
    Layout,
}

impl From<rawzip::Error> for SealError {
    fn from(err: rawzip::Error) -> Self {
        match err.into_kind() {
            rawzip::ErrorKind::IO(io) => SealError::Io(io),
            other => SealError::Zip(rawzip::Error::from(other)),
        }
    }
}

/// Why [`seal_message`] stopped: the parts iterator's own error, or the sealer's.
#[derive(Debug)]
pub enum SealFailure<E> {
    /// The parts iterator yielded this error (the caller's abort signal).
    Parts(E),
    /// Sealing failed.
    Seal(SealError),
}

impl<E> From<SealError> for SealFailure<E> {
    fn from(err: SealError) -> Self {
        Self::Seal(err)
    }
}

impl<E> From<io::Error> for SealFailure<E> {
    fn from(err: io::Error) -> Self {
        Self::Seal(SealError::Io(err))
    }
}

impl<E> From<rawzip::Error> for SealFailure<E> {
    fn from(err: rawzip::Error) -> Self {
        Self::Seal(SealError::from(err))
    }
}

/// Padmé bucket for a length: the smallest allowed length ≥ `len`.
///
/// With E = ⌊log₂ L⌋ and S = ⌊log₂ E⌋ + 1, the low E − S bits of a bucket are
/// zero. Lengths 0 and 1 are their own buckets (log₂ 0 is undefined and there is
/// nothing to hide in one byte). Saturates at `u64::MAX`, far beyond any ZIP.
pub fn padme(len: u64) -> u64 {
    if len < 2 {
        return len;
    }
    // ⌊log₂ L⌋ ≥ 1 here, so ⌊log₂ E⌋ + 1 is E's bit length.
    let e = u64::from(len.ilog2());
    let s = u64::from(e.ilog2()) + 1;
    let mask = (1u64 << (e - s)) - 1;
    len.checked_add(mask).map_or(u64::MAX, |v| v & !mask)
}

/// Makes an uploaded file's name safe to extract with stock `unzip`, unique in `taken`.
///
/// Keeps the name as sent except: only the part after the last `/` or `\` is
/// kept; control characters (C0, DEL, C1), Unicode bidi controls, line and
/// paragraph separators and `:` become `_` (`:` because rawzip would read it as a
/// drive letter and cut the name); spaces and dots are trimmed from both ends;
/// an empty result becomes `file-<index>` (`index` is the file's 1-based
/// position); names are cut to 200 bytes on a character boundary, keeping an
/// extension of up to 16 bytes; a name already in `taken` (compared in
/// lowercase) gets ` (2)`, ` (3)`… before its extension.
///
/// `taken` holds the lowercase (`str::to_lowercase`) form of every name already
/// used; the returned name's lowercase form is added to it. The result excludes
/// the `files/` prefix. It is submitted content: never log it.
///
/// Cost is linear in the number of same-named files already taken, so
/// quadratic over one message: fine under the server's file-count limit.
#[allow(
    clippy::implicit_hasher,
    reason = "the signature is fixed for callers and fuzzers"
)]
pub fn attachment_entry_name(sent: &str, index: usize, taken: &mut HashSet<String>) -> String {
    let last = sent.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .map(|c| if is_unsafe_char(c) { '_' } else { c })
        .collect();
    // Windows drops trailing dots and spaces, which would merge names; leading
    // dots would hide the file from the reviewer.
    let trimmed = cleaned.trim_matches([' ', '.']);
    let base: Cow<'_, str> = if trimmed.is_empty() || trimmed == "." || trimmed == ".." {
        Cow::Owned(format!("file-{index}"))
    } else {
        Cow::Borrowed(trimmed)
    };

    // The loop ends: `taken` is finite and each round tries a new suffix.
    let mut copy = 1usize;
    loop {
        let candidate = if copy == 1 {
            fit_name(&base, "")
        } else {
            fit_name(&base, &format!(" ({copy})"))
        };
        let key = candidate.to_lowercase();
        if !taken.contains(&key) {
            taken.insert(key);
            return candidate;
        }
        copy += 1;
    }
}

/// Characters that could steer a terminal, fake an extension or split a path.
fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{061C}'
                | '\u{2028}'
                | '\u{2029}'
                | ':'
        )
}

/// `stem + suffix + ext` within [`MAX_NAME_BYTES`], shortening the stem only.
fn fit_name(base: &str, suffix: &str) -> String {
    let (stem, ext) = match base.rfind('.') {
        Some(dot) if dot > 0 && base.len() - dot <= MAX_EXT_BYTES => base.split_at(dot),
        _ => (base, ""),
    };
    if stem.len() + suffix.len() + ext.len() <= MAX_NAME_BYTES {
        return format!("{stem}{suffix}{ext}");
    }
    let budget = MAX_NAME_BYTES.saturating_sub(suffix.len() + ext.len());
    let mut end = budget.min(stem.len());
    while !stem.is_char_boundary(end) {
        end -= 1;
    }
    // The cut may expose a trailing space or dot; the stem starts with neither,
    // and the budget (≥ 161 bytes) keeps its first character.
    let stem = stem[..end].trim_end_matches([' ', '.']);
    format!("{stem}{suffix}{ext}")
}

/// One piece of a message on its way into the sealed ZIP, in arrival order.
pub enum Part {
    /// The tip's text: becomes `message.txt` (at most once).
    Message(Zeroizing<String>),
    /// A new attachment, with the name the browser sent; following `Data` parts are its bytes.
    File(String),
    /// Bytes of the current attachment.
    Data(Bytes),
}

/// Seals `parts` into a padded ZIP inside an age file written to `output`.
///
/// Stops at the first `Err` from `parts` (the caller's abort signal) and
/// returns it as [`SealFailure::Parts`]. On success returns `output` and the
/// padded plaintext length. On any error the age file is left unfinished, so
/// what reached `output` does not decrypt; the caller discards it.
///
/// The age file's last bytes are written after the last flush: with a
/// `BufWriter`, they reach the file only when the caller calls `flush` (and
/// `sync_all` to make them durable).
pub fn seal_message<W: Write, E>(
    recipients: &[impl age::Recipient],
    output: W,
    parts: impl IntoIterator<Item = Result<Part, E>>,
) -> Result<(W, u64), SealFailure<E>> {
    if recipients.is_empty() {
        return Err(SealError::NoRecipients.into());
    }
    let encryptor =
        age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
            .map_err(SealError::Encrypt)?;
    let age = encryptor.wrap_output(output)?;
    let mut zip = ZipArchiveWriter::new(Counting {
        inner: age,
        count: 0,
    });
    let mut room = Room::new();
    let mut message_written = false;
    let mut files = 0usize;
    let mut taken = HashSet::new();

    let mut parts = parts.into_iter().peekable();
    while let Some(part) = parts.next() {
        match part.map_err(SealFailure::Parts)? {
            Part::Message(text) => {
                if message_written {
                    return Err(SealError::MessageTwice.into());
                }
                message_written = true;
                let start = room.add_entry(MESSAGE_ENTRY, zip.stream_offset())?;
                room.check(start.saturating_add(text.len() as u64))?;
                let mut entry = start_entry(&mut zip, MESSAGE_ENTRY)?;
                let mut data = StoredData::new(&mut entry);
                data.write_all(text.as_bytes())?;
                let descriptor = data.finish();
                entry.finish(descriptor)?;
            }
            Part::File(sent) => {
                files += 1;
                let name = attachment_entry_name(&sent, files, &mut taken);
                let path = format!("{FILES_PREFIX}{name}");
                let mut end = room.add_entry(&path, zip.stream_offset())?;
                let mut entry = start_entry(&mut zip, &path)?;
                let mut data = StoredData::new(&mut entry);
                // The entry stays open while `Data` parts follow; anything else
                // (or an error) is left for the outer loop.
                while let Some(Ok(Part::Data(bytes))) =
                    parts.next_if(|p| matches!(p, Ok(Part::Data(_))))
                {
                    end = end.saturating_add(bytes.len() as u64);
                    room.check(end)?;
                    data.write_all(&bytes)?;
                }
                let descriptor = data.finish();
                entry.finish(descriptor)?;
            }
            Part::Data(_) => return Err(SealError::NoOpenFile.into()),
        }
    }

    // The padding entry's records are already in `room`.
    let unpadded = room.total(zip.stream_offset());
    let target = padme(unpadded);
    if target >= ZIP32_LIMIT {
        return Err(SealError::TooLarge.into());
    }
    let mut entry = start_entry(&mut zip, PADDING_ENTRY)?;
    let mut data = StoredData::new(&mut entry);
    write_zeros(&mut data, target - unpadded)?;
    let descriptor = data.finish();
    entry.finish(descriptor)?;
    let counted = zip.finish()?;
    // The arithmetic above must match the bytes age actually got.
    if counted.count != target {
        return Err(SealError::Padding.into());
    }
    Ok((counted.inner.finish()?, target))
}

/// What the archive will need besides the entries written so far, to refuse
/// ZIP64 before writing rather than after.
struct Room {
    /// Entries, counting the padding entry from the start.
    entries: usize,
    /// Central directory bytes, counting the padding entry's record.
    central_len: u64,
}

impl Room {
    fn new() -> Self {
        Self {
            entries: 1,
            central_len: CENTRAL_HEADER_FIXED + PADDING_NAME_LEN,
        }
    }

    /// Unpadded archive length if the entries end at offset `entries_end`.
    fn total(&self, entries_end: u64) -> u64 {
        entries_end.saturating_add(
            LOCAL_HEADER_FIXED + PADDING_NAME_LEN + DATA_DESCRIPTOR + self.central_len + END_RECORD,
        )
    }

    /// Refuses if an open entry whose data ends at `data_end` would need ZIP64 once padded.
    fn check(&self, data_end: u64) -> Result<(), SealError> {
        let total = self.total(data_end.saturating_add(DATA_DESCRIPTOR));
        if self.entries > MAX_ENTRIES || padme(total) >= ZIP32_LIMIT {
            return Err(SealError::TooLarge);
        }
        Ok(())
    }

    /// Counts an entry starting at `offset`; returns where its data starts.
    fn add_entry(&mut self, path: &str, offset: u64) -> Result<u64, SealError> {
        let name_len = path.len() as u64;
        self.entries += 1;
        self.central_len += CENTRAL_HEADER_FIXED + name_len;
        let start = offset.saturating_add(LOCAL_HEADER_FIXED + name_len);
        self.check(start)?;
        Ok(start)
    }
}

/// Counts the plaintext bytes passed on, to check the padding independently of rawzip.
struct Counting<W> {
    inner: W,
    count: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = self.inner.write(buf)?;
        self.count += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Starts an entry the one way this module writes them (see [`ENTRY_MODE`]).
fn start_entry<'z, W: Write>(
    zip: &'z mut ZipArchiveWriter<W>,
    path: &str,
) -> Result<ZipEntryWriter<'z, W>, SealError> {
    // rawzip normalises names (`\`, `:`, `..`); the name must come through
    // unchanged or the computed sizes would be wrong.
    if ZipFilePath::from_str(path).as_str() != path {
        return Err(SealError::Layout);
    }
    let (entry, _) = zip
        .new_file(path)
        .unix_permissions(ENTRY_MODE)
        .last_modified(rawzip::time::UtcDateTime::from_unix(ENTRY_TIME_UNIX))
        .start()?;
    Ok(entry)
}

/// The data of one STORE entry, with its CRC-32 from `crc32fast`.
///
/// rawzip's own data writer computes the CRC with a portable table (about a
/// tenth of the sealer's time on a 1 GiB upload); `crc32fast` uses the CPU's
/// carry-less multiply and gives the same CRC-32 (IEEE) much faster.
struct StoredData<'e, W> {
    entry: &'e mut W,
    crc: crc32fast::Hasher,
    len: u64,
}

impl<'e, W: Write> StoredData<'e, W> {
    fn new(entry: &'e mut W) -> Self {
        Self {
            entry,
            crc: crc32fast::Hasher::new(),
            len: 0,
        }
    }

    /// The data descriptor for what was written.
    fn finish(self) -> DataDescriptorOutput {
        DataDescriptorOutput::new(self.crc.finalize(), self.len)
    }
}

impl<W: Write> Write for StoredData<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = self.entry.write(buf)?;
        self.crc.update(&buf[..written]);
        self.len += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.entry.flush()
    }
}

/// Writes `count` zero bytes without allocating.
fn write_zeros(out: &mut impl Write, mut count: u64) -> io::Result<()> {
    while count > 0 {
        let step = usize::try_from(count).map_or(ZEROS.len(), |c| c.min(ZEROS.len()));
        out.write_all(&ZEROS[..step])?;
        count -= step as u64;
    }
    Ok(())
}

/// Why a sealed message could not be opened. Crypto failures are not told apart.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// None of the file's recipients is this identity.
    #[error("the sealed message is not addressed to this key")]
    NotForThisKey,
    /// The file is not a valid age file or failed authentication.
    #[error("the sealed message is damaged or was altered")]
    Corrupt,
    /// The file ends early.
    #[error("the sealed message is truncated")]
    Truncated,
    /// The plaintext is longer than the caller allows.
    #[error("the sealed message is larger than allowed")]
    TooLarge,
    /// Reading the input failed.
    #[error("reading the sealed message failed")]
    Io(#[source] std::io::Error),
}

impl OpenError {
    /// Sorts an I/O error from age's reader.
    fn from_io(err: io::Error) -> Self {
        match err.kind() {
            io::ErrorKind::UnexpectedEof => OpenError::Truncated,
            // age reports every authentication or framing failure as InvalidData.
            io::ErrorKind::InvalidData => OpenError::Corrupt,
            _ => OpenError::Io(err),
        }
    }

    /// Sorts an age header error.
    fn from_decrypt(err: age::DecryptError) -> Self {
        match err {
            age::DecryptError::NoMatchingKeys => OpenError::NotForThisKey,
            age::DecryptError::Io(io) => OpenError::from_io(io),
            _ => OpenError::Corrupt,
        }
    }
}

/// Decrypts a sealed message to its plaintext ZIP bytes, refusing more than `max_len`.
///
/// The whole file is read and authenticated before anything is returned; on
/// any error the partial plaintext is zeroed.
pub fn open_sealed<R: Read>(
    identity: &dyn age::Identity,
    input: R,
    max_len: u64,
) -> Result<Vec<u8>, OpenError> {
    let decryptor = age::Decryptor::new(input).map_err(OpenError::from_decrypt)?;
    let reader = decryptor
        .decrypt(std::iter::once(identity))
        .map_err(OpenError::from_decrypt)?;
    let mut plaintext = Vec::new();
    let result = reader
        .take(max_len.saturating_add(1))
        .read_to_end(&mut plaintext);
    match result {
        Ok(read) if read as u64 <= max_len => Ok(plaintext),
        Ok(_) => {
            plaintext.zeroize();
            Err(OpenError::TooLarge)
        }
        Err(err) => {
            plaintext.zeroize();
            Err(OpenError::from_io(err))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use age::x25519::Identity;
    use proptest::prelude::*;
    use std::convert::Infallible;

    const MAX: u64 = 1 << 30;

    /// Deterministic bytes without a short period (xorshift32), so misplaced
    /// data cannot compare equal by accident.
    fn noise(len: usize, seed: u32) -> Vec<u8> {
        let mut x = seed.wrapping_mul(0x9E37_79B9) | 1;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x.to_le_bytes()[0]
            })
            .collect()
    }

    /// One attachment: name as sent and the chunks it arrives in.
    type Upload<'a> = (&'a str, Vec<&'a [u8]>);

    fn message(text: &str) -> Part {
        Part::Message(Zeroizing::new(text.to_owned()))
    }

    fn file(name: &str) -> Part {
        Part::File(name.to_owned())
    }

    fn data(bytes: &[u8]) -> Part {
        Part::Data(Bytes::copy_from_slice(bytes))
    }

    /// The parts for a message text (if any) and attachments.
    fn parts(text: Option<&str>, files: &[Upload<'_>]) -> Vec<Part> {
        let mut out: Vec<Part> = text.map(message).into_iter().collect();
        for (name, chunks) in files {
            out.push(file(name));
            out.extend(chunks.iter().map(|c| data(c)));
        }
        out
    }

    /// Seals parts that never fail.
    fn seal_parts(
        recipients: &[age::x25519::Recipient],
        parts: Vec<Part>,
    ) -> Result<(Vec<u8>, u64), SealError> {
        let parts = parts.into_iter().map(Ok::<_, Infallible>);
        seal_message(recipients, Vec::new(), parts).map_err(|failure| match failure {
            SealFailure::Seal(err) => err,
            SealFailure::Parts(never) => match never {},
        })
    }

    fn seal(
        recipients: &[age::x25519::Recipient],
        text: Option<&str>,
        files: &[Upload<'_>],
    ) -> (Vec<u8>, u64) {
        seal_parts(recipients, parts(text, files)).expect("seal")
    }

    fn seal_one(id: &Identity, text: Option<&str>, files: &[Upload<'_>]) -> (Vec<u8>, u64) {
        seal(&[id.to_public()], text, files)
    }

    fn open(id: &Identity, blob: &[u8]) -> Vec<u8> {
        open_sealed(id, blob, MAX).expect("open")
    }

    /// Entries as (name bytes, data), CRC-verified, all STORE.
    fn entries(zip: &[u8]) -> Vec<(String, Vec<u8>)> {
        let archive = rawzip::ZipArchive::from_slice(zip).expect("zip");
        let mut out = Vec::new();
        let mut list = archive.entries();
        while let Some(record) = list.next_entry().expect("central record") {
            assert_eq!(
                record.compression_method(),
                rawzip::CompressionMethod::STORE
            );
            assert_eq!(
                record.version_made_by().creator_system(),
                rawzip::CreatorSystem::UNIX
            );
            assert_eq!(record.mode().value(), ENTRY_MODE);
            // One extra field, the fixed time; DOS date 1980-01-01, never a real time.
            let fields: Vec<_> = record.extra_fields().collect();
            assert_eq!(fields.len(), 1);
            assert_eq!(
                fields[0].0,
                rawzip::extra_fields::ExtraFieldId::EXTENDED_TIMESTAMP
            );
            assert_eq!(
                fields[0].1,
                [&[1u8][..], &315_532_800u32.to_le_bytes()].concat()
            );
            let dos = record.last_modified_dos();
            assert_eq!((dos.year(), dos.month(), dos.day()), (1980, 1, 1));
            let name = String::from_utf8(record.file_path().as_bytes().to_vec()).expect("utf8");
            let local = archive.get_entry(record.wayfinder()).expect("local");
            let mut data = Vec::new();
            io::copy(&mut local.verifying_reader(local.data()), &mut data).expect("crc");
            out.push((name, data));
        }
        out
    }

    fn names(entries: &[(String, Vec<u8>)]) -> Vec<&str> {
        entries.iter().map(|(n, _)| n.as_str()).collect()
    }

    /// The `.padding` entry is last, all zeros, and the length is its bucket.
    fn assert_padded(zip: &[u8], len: u64) {
        assert_eq!(zip.len() as u64, len);
        assert_eq!(padme(len), len);
        assert_eq!(&zip[..4], b"PK\x03\x04");
        assert_eq!(&zip[zip.len() - 22..zip.len() - 18], b"PK\x05\x06");
        let all = entries(zip);
        let (name, data) = all.last().expect("padding entry");
        assert_eq!(name, PADDING_ENTRY);
        assert!(data.iter().all(|&b| b == 0));
    }

    #[test]
    fn round_trip_text_and_two_files() {
        let id = Identity::generate();
        let text = "Bonjour, voilà les pièces à conviction — élèves, garçon.\nمرحبا، هذه الوثائق السرية.\n";
        let a = noise(5000, 1);
        let b = b"%PDF-1.7 second file".to_vec();
        let (blob, len) = seal_one(
            &id,
            Some(text),
            &[("a", vec![a.as_slice()]), ("b", vec![b.as_slice()])],
        );
        let zip = open(&id, &blob);
        assert_padded(&zip, len);
        let all = entries(&zip);
        assert_eq!(
            names(&all),
            ["message.txt", "files/a", "files/b", ".padding"]
        );
        assert_eq!(all[0].1, text.as_bytes());
        assert_eq!(all[1].1, a);
        assert_eq!(all[2].1, b);
    }

    #[test]
    fn message_may_come_between_files() {
        let id = Identity::generate();
        let (blob, len) = seal_parts(
            &[id.to_public()],
            vec![
                file("x.txt"),
                data(b"xx"),
                message("after"),
                file("y.txt"),
                data(b"yy"),
            ],
        )
        .expect("seal");
        let zip = open(&id, &blob);
        assert_padded(&zip, len);
        let all = entries(&zip);
        assert_eq!(
            names(&all),
            ["files/x.txt", "message.txt", "files/y.txt", ".padding"]
        );
        assert_eq!(all[0].1, b"xx");
        assert_eq!(all[1].1, b"after");
        assert_eq!(all[2].1, b"yy");
    }

    #[test]
    fn out_of_order_parts_are_refused() {
        let id = Identity::generate();
        let seal = |parts| seal_parts(&[id.to_public()], parts);
        assert!(matches!(seal(vec![data(b"x")]), Err(SealError::NoOpenFile)));
        assert!(matches!(
            seal(vec![message("m"), data(b"x"), file("f")]),
            Err(SealError::NoOpenFile)
        ));
        // A message closes the open attachment.
        assert!(matches!(
            seal(vec![file("f"), data(b"1"), message("m"), data(b"2")]),
            Err(SealError::NoOpenFile)
        ));
        assert!(matches!(
            seal(vec![message("a"), file("f"), message("b")]),
            Err(SealError::MessageTwice)
        ));
    }

    #[test]
    fn no_recipients_is_refused() {
        assert!(matches!(
            seal_parts(&[], Vec::new()),
            Err(SealError::NoRecipients)
        ));
    }

    #[test]
    fn empty_message_and_no_files() {
        let id = Identity::generate();
        let (blob, len) = seal_one(&id, None, &[]);
        let zip = open(&id, &blob);
        assert_padded(&zip, len);
        // 54 (padding entry) + 54 (its central record) + 22 = 130 → bucket 144.
        assert_eq!(len, 144);
        assert_eq!(names(&entries(&zip)), [".padding"]);

        let (blob, len) = seal_one(&id, Some(""), &[]);
        let zip = open(&id, &blob);
        assert_padded(&zip, len);
        let all = entries(&zip);
        assert_eq!(names(&all), ["message.txt", ".padding"]);
        assert!(all[0].1.is_empty());
    }

    #[test]
    fn files_at_the_age_chunk_boundary() {
        let id = Identity::generate();
        for size in [65_536usize, 65_537, 65_535, 2 * 65_536] {
            let data = noise(size, 2);
            let (blob, len) = seal_one(&id, Some("t"), &[("big.bin", vec![data.as_slice()])]);
            let zip = open(&id, &blob);
            assert_padded(&zip, len);
            let all = entries(&zip);
            assert_eq!(all[1].0, "files/big.bin");
            assert_eq!(all[1].1, data, "size {size}");
        }
    }

    #[test]
    fn odd_write_sizes_give_the_same_plaintext() {
        let id = Identity::generate();
        let data = noise(20_000, 3);
        let whole = open(
            &id,
            &seal_one(&id, Some("m"), &[("f", vec![data.as_slice()])]).0,
        );
        let bytes: Vec<&[u8]> = data.chunks(1).collect();
        let ones = open(&id, &seal_one(&id, Some("m"), &[("f", bytes)]).0);
        let odd: Vec<&[u8]> = data.chunks(8191).collect();
        let odds = open(&id, &seal_one(&id, Some("m"), &[("f", odd)]).0);
        assert_eq!(whole, ones);
        assert_eq!(whole, odds);
        // Empty writes change nothing either.
        let with_empty: Vec<&[u8]> = vec![&[], &data[..10], &[], &data[10..]];
        assert_eq!(
            whole,
            open(&id, &seal_one(&id, Some("m"), &[("f", with_empty)]).0)
        );
    }

    #[test]
    fn sealed_length_follows_the_record_sizes() {
        let id = Identity::generate();
        // message.txt: 30 + 11 + 5 + 16, its central record 46 + 9 + 11; the
        // padding entry 30 + 8 + 16 and 46 + 9 + 8; end record 22: 267 → bucket 272.
        let (blob, len) = seal_one(&id, Some("hello"), &[]);
        assert_eq!(len, 272);
        assert_padded(&open(&id, &blob), len);
    }

    #[test]
    fn padme_table() {
        let table: [(u64, u64); 22] = [
            (0, 0),
            (1, 1),
            (2, 2),
            (3, 3),
            (4, 4),
            (5, 5),
            (7, 7),
            (8, 8),
            (9, 10),
            (15, 16),
            (17, 18),
            (33, 36),
            (130, 144),
            (255, 256),
            (1000, 1024),
            (1025, 1088),
            (65_537, 67_584),
            (1_000_000, 1_015_808),
            (300 * 1024 * 1024, 318_767_104),
            (500 * 1024 * 1024, 528_482_304),
            (0xFC00_0001, 0x1_0000_0000),
            (u64::MAX, u64::MAX),
        ];
        for (input, bucket) in table {
            assert_eq!(padme(input), bucket, "padme({input})");
        }
    }

    #[test]
    fn padme_small_range_is_monotonic_and_tight() {
        let mut previous = 0;
        for len in 0..200_000u64 {
            let bucket = padme(len);
            assert!(bucket >= len);
            assert!(bucket >= previous);
            assert_eq!(padme(bucket), bucket);
            // At most 12 % overhead everywhere (11.1 % worst case, at 9).
            assert!((bucket - len) * 100 <= len * 12, "{len}");
            previous = bucket;
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn padme_properties(len in 256u64..(1u64 << 62), other in 256u64..(1u64 << 62)) {
            let bucket = padme(len);
            prop_assert!(bucket >= len);
            prop_assert_eq!(padme(bucket), bucket);
            // Overhead ≤ 12 %, computed without floats.
            prop_assert!(u128::from(bucket - len) * 100 <= u128::from(len) * 12);
            let (lo, hi) = if len <= other { (len, other) } else { (other, len) };
            prop_assert!(padme(lo) <= padme(hi));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn sealed_length_is_bucket_aligned(
            text in proptest::option::of("\\PC{0,300}"),
            files in proptest::collection::vec(
                ("\\PC{0,60}", 0usize..3000, 1usize..2000),
                0..5,
            ),
        ) {
            let id = Identity::generate();
            let mut all_parts: Vec<Part> = text.as_deref().map(message).into_iter().collect();
            let mut taken = HashSet::new();
            let mut expected = Vec::new();
            for (i, (name, size, chunk)) in files.iter().enumerate() {
                all_parts.push(file(name));
                let bytes = noise(*size, 4);
                all_parts.extend(bytes.chunks(*chunk).map(data));
                let entry = attachment_entry_name(name, i + 1, &mut taken);
                expected.push((format!("{FILES_PREFIX}{entry}"), bytes));
            }
            let (blob, len) = seal_parts(&[id.to_public()], all_parts).expect("seal");
            let zip = open(&id, &blob);
            assert_padded(&zip, len);
            let all = entries(&zip);
            let skip = usize::from(text.is_some());
            if let Some(text) = &text {
                prop_assert_eq!(&all[0].0, MESSAGE_ENTRY);
                prop_assert_eq!(&all[0].1, text.as_bytes());
            }
            prop_assert_eq!(all.len(), skip + files.len() + 1);
            for ((name, data), (got_name, got_data)) in expected.iter().zip(&all[skip..]) {
                prop_assert_eq!(name, got_name);
                prop_assert_eq!(data, got_data);
            }
        }
    }

    #[test]
    fn every_recipient_decrypts_and_others_do_not() {
        let alice = Identity::generate();
        let bob = Identity::generate();
        let eve = Identity::generate();
        let (sealed, len) = seal(
            &[alice.to_public(), bob.to_public()],
            Some("for both"),
            &[("doc.pdf", vec![&b"pdf"[..]])],
        );
        let from_alice = open(&alice, &sealed);
        let from_bob = open(&bob, &sealed);
        assert_eq!(from_alice, from_bob);
        assert_padded(&from_alice, len);
        assert!(matches!(
            open_sealed(&eve, sealed.as_slice(), MAX),
            Err(OpenError::NotForThisKey)
        ));
    }

    #[test]
    fn truncated_or_altered_blobs_do_not_open() {
        let id = Identity::generate();
        let data = vec![0x5a; 150_000];
        let (blob, len) = seal_one(&id, Some("text"), &[("f", vec![data.as_slice()])]);
        assert!(open_sealed(&id, blob.as_slice(), MAX).is_ok());
        // The payload is 64 KiB chunks, each sealed with a 16-byte tag; the
        // last one is flagged. Cutting right after a full chunk leaves a
        // stream whose last chunk is not flagged.
        let last_chunk = usize::try_from(len % 65_536).expect("small") + 16;
        let after_full_chunks = blob.len() - last_chunk;
        for cut in [
            0,
            10,
            60,
            blob.len() / 2,
            after_full_chunks,
            after_full_chunks - 65_552,
            blob.len() - 17,
            blob.len() - 1,
        ] {
            let result = open_sealed(&id, &blob[..cut], MAX);
            assert!(
                matches!(result, Err(OpenError::Truncated | OpenError::Corrupt)),
                "cut at {cut}: {result:?}"
            );
        }
        for at in [blob.len() / 2, blob.len() - 1, blob.len() - 20_000] {
            let mut altered = blob.clone();
            altered[at] ^= 0x01;
            assert!(matches!(
                open_sealed(&id, altered.as_slice(), MAX),
                Err(OpenError::Corrupt)
            ));
        }
        // A flip in the header is refused too (whichever way age words it).
        let mut altered = blob.clone();
        altered[40] ^= 0x01;
        assert!(open_sealed(&id, altered.as_slice(), MAX).is_err());
        // Trailing garbage after the last chunk is refused.
        let mut longer = blob;
        longer.push(0);
        assert!(open_sealed(&id, longer.as_slice(), MAX).is_err());
    }

    #[test]
    fn an_error_from_the_parts_stops_sealing_unfinished() {
        let id = Identity::generate();
        for size in [0usize, 10, 70_000] {
            let mut out = Vec::new();
            let parts = vec![
                Ok(message("never finished")),
                Ok(file("f")),
                Ok(data(&vec![1; size])),
                Err("gone"),
            ];
            // Nothing is pulled after the error.
            let after = std::iter::once_with(|| -> Result<Part, &str> {
                panic!("a part was pulled after the error")
            });
            let result = seal_message(&[id.to_public()], &mut out, parts.into_iter().chain(after));
            assert!(matches!(result, Err(SealFailure::Parts("gone"))));
            assert!(!out.is_empty());
            assert!(open_sealed(&id, out.as_slice(), MAX).is_err());
        }
    }

    #[test]
    fn open_sealed_enforces_max_len() {
        let id = Identity::generate();
        let (blob, len) = seal_one(&id, Some("abc"), &[]);
        assert_eq!(
            open_sealed(&id, blob.as_slice(), len).expect("fits").len() as u64,
            len
        );
        assert!(matches!(
            open_sealed(&id, blob.as_slice(), len - 1),
            Err(OpenError::TooLarge)
        ));
    }

    #[test]
    fn refuses_zip64_entry_counts() {
        let id = Identity::generate();
        // With the padding entry, 65533 attachments is the most without ZIP64.
        let most = || (0..MAX_ENTRIES - 1).map(|i| file(&i.to_string()));
        let (blob, len) = seal_parts(&[id.to_public()], most().collect()).expect("seal");
        let zip = open(&id, &blob);
        assert_padded(&zip, len);
        assert_eq!(entries(&zip).len(), MAX_ENTRIES);
        for extra in [file("one too many"), message("too")] {
            let too_many = most().chain([extra]).collect();
            assert!(matches!(
                seal_parts(&[id.to_public()], too_many),
                Err(SealError::TooLarge)
            ));
        }
    }

    #[test]
    fn refuses_zip64_sizes() {
        let mut room = Room::new();
        let start = room.add_entry("files/huge", 0).expect("room");
        assert_eq!(start, 30 + 10);
        assert!(matches!(room.check(0xFC00_0000), Err(SealError::TooLarge)));
        assert!(room.check(0xF000_0000).is_ok());
        // What `check` lets through pads to a 32-bit size.
        assert!(padme(room.total(0xF000_0000 + DATA_DESCRIPTOR)) < ZIP32_LIMIT);
        // An offset near the limit refuses even an empty entry.
        assert!(matches!(
            room.add_entry("files/late", 0xFC00_0000),
            Err(SealError::TooLarge)
        ));
    }

    #[test]
    fn attachment_names_are_made_safe() {
        let mut taken = HashSet::new();
        let mut name = |sent: &str, index: usize| attachment_entry_name(sent, index, &mut taken);
        assert_eq!(name("../../etc/passwd", 1), "passwd");
        assert_eq!(name("C:\\x\\y.pdf", 2), "y.pdf");
        let bidi = name("a\u{202E}gnp.exe", 3);
        assert!(!bidi.contains('\u{202E}'));
        assert_eq!(bidi, "a_gnp.exe");
        assert_eq!(name("", 4), "file-4");
        assert_eq!(name(".", 5), "file-5");
        assert_eq!(name("..", 6), "file-6");
        assert_eq!(name("dir/..", 7), "file-7");
        assert_eq!(name("  report . ", 8), "report");
        assert_eq!(name("tab\there\u{1b}[31m\u{9b}", 9), "tab_here_[31m_");
        assert_eq!(name("résumé:v2.pdf", 10), "résumé_v2.pdf");
        assert_eq!(name("وثيقة.docx", 11), "وثيقة.docx");
        assert_eq!(name("A.txt", 12), "A.txt");
        assert_eq!(name("a.txt", 13), "a (2).txt");
        assert_eq!(name("dir/A.TXT", 14), "A (3).TXT");
        assert_eq!(name("Makefile", 15), "Makefile");
        assert_eq!(name("makefile", 16), "makefile (2)");
        assert_eq!(name("file-4", 17), "file-4 (2)");
    }

    /// The bidi controls the design lists, written out independently of the code.
    const BIDI: [char; 12] = [
        '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
        '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
    ];

    #[test]
    fn every_control_and_bidi_character_is_replaced() {
        let mut taken = HashSet::new();
        let controls = (0u32..0x20).chain([0x7F]).chain(0x80..0xA0);
        let all = controls
            .filter_map(char::from_u32)
            .chain(BIDI)
            .chain(['\u{2028}', '\u{2029}']);
        for (i, c) in all.enumerate() {
            let name = attachment_entry_name(&format!("a{c}b"), i + 1, &mut taken);
            assert_eq!(
                name.split(" (").next(),
                Some("a_b"),
                "U+{:04X}",
                u32::from(c)
            );
        }
    }

    #[test]
    fn long_attachment_names_are_cut_keeping_the_extension() {
        let mut taken = HashSet::new();
        let sent = format!("{}.pdf", "é".repeat(1998));
        assert_eq!(sent.len(), 4000);
        let first = attachment_entry_name(&sent, 1, &mut taken);
        assert!(first.len() <= MAX_NAME_BYTES);
        assert_eq!(&first[first.len() - 4..], ".pdf");
        assert!(first.starts_with('é'));
        let second = attachment_entry_name(&sent, 2, &mut taken);
        assert!(second.len() <= MAX_NAME_BYTES);
        assert!(second.ends_with(" (2).pdf"), "{second}");
        assert_ne!(first, second);
        // A long "extension" is not kept as one.
        let odd = format!("x.{}", "y".repeat(500));
        let cut = attachment_entry_name(&odd, 3, &mut taken);
        assert_eq!(cut.len(), MAX_NAME_BYTES);
        // A cut that lands on spaces does not leave them at the end.
        let spaced = format!("{}{}z", "a".repeat(199), " ".repeat(10));
        assert_eq!(
            attachment_entry_name(&spaced, 4, &mut taken),
            "a".repeat(199)
        );
    }

    #[test]
    fn name_length_limits_are_exact() {
        let mut taken = HashSet::new();
        let mut name = |sent: &str| attachment_entry_name(sent, 1, &mut taken);
        // 200 bytes are kept whole; the 201st is cut.
        let at = "a".repeat(MAX_NAME_BYTES);
        assert_eq!(name(&at), at);
        assert_eq!(
            name(&format!("{}b", "c".repeat(MAX_NAME_BYTES))),
            "c".repeat(MAX_NAME_BYTES)
        );
        // With an extension the stem is cut: 196 + ".pdf" fits, 197 + ".pdf" does not.
        let at_ext = format!("{}.pdf", "d".repeat(196));
        assert_eq!(name(&at_ext), at_ext);
        assert_eq!(
            name(&format!("{}.pdf", "e".repeat(197))),
            format!("{}.pdf", "e".repeat(196))
        );
        // The copy suffix counts too: the second 196-byte stem shrinks to 192...
        assert_eq!(name(&at_ext), format!("{} (2).pdf", "d".repeat(192)));
        // ...and a stem that fits with its suffix is left alone.
        let short = format!("{}.pdf", "f".repeat(192));
        assert_eq!(name(&short), short);
        assert_eq!(name(&short), format!("{} (2).pdf", "f".repeat(192)));
        // Without an extension the suffix goes at the end, inside the 200 bytes.
        assert_eq!(name(&at), format!("{} (2)", "a".repeat(196)));
    }

    #[test]
    fn an_extension_is_at_most_sixteen_bytes_with_its_dot() {
        let mut taken = HashSet::new();
        let mut name = |sent: &str| attachment_entry_name(sent, 1, &mut taken);
        let ext16 = format!(".{}", "x".repeat(15));
        assert_eq!(
            name(&format!("{}{ext16}", "g".repeat(300))),
            format!("{}{ext16}", "g".repeat(MAX_NAME_BYTES - 16))
        );
        let ext17 = format!(".{}", "y".repeat(16));
        assert_eq!(
            name(&format!("{}{ext17}", "h".repeat(300))),
            "h".repeat(MAX_NAME_BYTES)
        );
    }

    #[test]
    fn a_cut_inside_a_character_moves_back_to_its_start() {
        let mut taken = HashSet::new();
        // 150 two-byte letters and a 3-byte extension: the 197-byte budget
        // ends inside the 99th letter, so 98 are kept (196 + 3 bytes).
        let sent = format!("{}.pd", "é".repeat(150));
        let cut = attachment_entry_name(&sent, 1, &mut taken);
        assert_eq!(cut, format!("{}.pd", "é".repeat(98)));
        // 98 two-byte letters and ".txt" are exactly 200 bytes: kept whole.
        let sent = format!("{}.txt", "ب".repeat(98));
        let first = attachment_entry_name(&sent, 2, &mut taken);
        assert_eq!(first, sent);
        // Three-byte letters: the budget of 196 keeps 65 of them, and the
        // copy's 192 exactly 64.
        let sent = format!("{}.txt", "€".repeat(100));
        let cut = attachment_entry_name(&sent, 3, &mut taken);
        assert_eq!(cut, format!("{}.txt", "€".repeat(65)));
        let again = attachment_entry_name(&sent, 4, &mut taken);
        assert_eq!(again, format!("{} (2).txt", "€".repeat(64)));
    }

    #[test]
    fn a_leading_dot_starts_no_extension() {
        // Callers trim leading dots, but the helper alone must not treat a
        // dot file's whole name as its extension.
        assert_eq!(fit_name(".profile", " (2)"), ".profile (2)");
        assert_eq!(fit_name("a.profile", " (2)"), "a (2).profile");
        assert_eq!(fit_name("noext", ""), "noext");
    }

    #[test]
    fn flush_reaches_the_writer_underneath() {
        let mut counting = Counting {
            inner: io::BufWriter::new(Vec::new()),
            count: 0,
        };
        counting.write_all(b"abc").expect("write");
        assert!(counting.inner.get_ref().is_empty(), "still buffered");
        counting.flush().expect("flush");
        assert_eq!(counting.inner.get_ref(), b"abc");
        assert_eq!(counting.count, 3);

        let mut inner = io::BufWriter::new(Vec::new());
        let mut stored = StoredData::new(&mut inner);
        stored.write_all(b"defg").expect("write");
        stored.flush().expect("flush");
        assert_eq!(stored.len, 4);
        assert_eq!(inner.get_ref(), b"defg");
    }

    /// A reader that yields `good`, then fails as a broken disk or pipe would.
    struct FailsAfter<'a> {
        good: &'a [u8],
    }

    impl Read for FailsAfter<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.good.is_empty() {
                return Err(io::Error::other("the stick was pulled out"));
            }
            let n = buf.len().min(self.good.len());
            buf[..n].copy_from_slice(&self.good[..n]);
            self.good = &self.good[n..];
            Ok(n)
        }
    }

    #[test]
    fn read_failures_are_io_errors_not_tampering() {
        let id = Identity::generate();
        let noise = noise(100_000, 6);
        let (blob, _) = seal_one(&id, Some("text"), &[("f", vec![noise.as_slice()])]);
        // In the header, then in the payload.
        for good in [0, 20, blob.len() / 2] {
            let result = open_sealed(
                &id,
                FailsAfter {
                    good: &blob[..good],
                },
                MAX,
            );
            assert!(
                matches!(result, Err(OpenError::Io(_))),
                "{good}: {result:?}"
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn attachment_names_hold_their_invariants(
            sents in proptest::collection::vec(
                prop_oneof![
                    "\\PC{0,300}",
                    "[aA./\\\\ \u{202E}\u{0}\u{85}:]{0,12}",
                    proptest::collection::vec(any::<char>(), 0..400)
                        .prop_map(|c| c.into_iter().collect::<String>()),
                ],
                1..8,
            ),
        ) {
            let mut taken = HashSet::new();
            for (i, sent) in sents.iter().enumerate() {
                let before = taken.clone();
                let name = attachment_entry_name(sent, i + 1, &mut taken);
                prop_assert!(!name.is_empty());
                prop_assert!(name.len() <= MAX_NAME_BYTES);
                prop_assert!(!name.contains(['/', '\\', ':']));
                prop_assert!(!name.chars().any(|c| c.is_control() || BIDI.contains(&c)));
                prop_assert!(!name.starts_with([' ', '.']) && !name.ends_with([' ', '.']));
                prop_assert!(!before.contains(&name.to_lowercase()));
                prop_assert!(taken.contains(&name.to_lowercase()));
                // rawzip writes the entry name unchanged.
                let path = format!("{FILES_PREFIX}{name}");
                let normalised = ZipFilePath::from_str(&path);
                prop_assert_eq!(normalised.as_str(), path.as_str());
            }
        }
    }

    #[test]
    fn odd_names_reach_the_zip_verbatim() {
        let id = Identity::generate();
        let sent = [
            "../../etc/passwd",
            "passwd",
            "PASSWD",
            "a..b.txt",
            "résumé:v2.pdf",
            "x\u{202E}fdp.exe",
            "",
        ];
        let mut all_parts = Vec::new();
        for (i, name) in sent.iter().enumerate() {
            all_parts.push(file(name));
            all_parts.push(data(&[u8::try_from(i).expect("small")]));
        }
        let (blob, len) = seal_parts(&[id.to_public()], all_parts).expect("seal");
        let zip = open(&id, &blob);
        assert_padded(&zip, len);
        let all = entries(&zip);
        assert_eq!(
            names(&all),
            [
                "files/passwd",
                "files/passwd (2)",
                "files/PASSWD (3)",
                "files/a..b.txt",
                "files/résumé_v2.pdf",
                "files/x_fdp.exe",
                "files/file-7",
                ".padding",
            ]
        );
    }

    /// Checks stock Info-ZIP `unzip` against a sealed message, if installed.
    #[test]
    fn stock_unzip_extracts_a_sealed_message() {
        use std::process::{Command, Stdio};
        let Ok(status) = Command::new("unzip")
            .arg("-v")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
        else {
            println!("note: `unzip` not on PATH; stock-tool check skipped");
            return;
        };
        assert!(status.success());

        let id = Identity::generate();
        let big = noise(200_000, 5);
        let files: [Upload<'_>; 6] = [
            ("../../evil.sh", vec![&b"#!/bin/sh\n"[..]]),
            ("C:\\Users\\x\\résumé «final».pdf", vec![&b"utf8"[..]]),
            ("report.pdf", vec![&big[..70_000], &big[70_000..]]),
            ("Report.PDF", vec![&b"second"[..]]),
            ("/abs/path.txt", vec![&b""[..]]),
            ("..", vec![&b"dots"[..]]),
        ];
        let text = "Texte accentué — نص عربي";
        let (blob, _) = seal_one(&id, Some(text), &files);
        let zip = open(&id, &blob);

        let dir = tempfile::tempdir().expect("tempdir");
        let archive = dir.path().join("tip.zip");
        std::fs::write(&archive, &zip).expect("write zip");
        let out = dir.path().join("out");
        // stdin closed: any "replace?" prompt would fail the run instead of
        // hanging. A UTF-8 locale so unzip writes UTF-8 names as they are.
        let result = Command::new("unzip")
            .env("LC_ALL", "C.UTF-8")
            .arg("-q")
            .arg(&archive)
            .arg("-d")
            .arg(&out)
            .stdin(Stdio::null())
            .output()
            .expect("run unzip");
        assert!(
            result.status.success(),
            "unzip failed: {}",
            String::from_utf8_lossy(&result.stderr)
        );
        let read = |p: &str| std::fs::read(out.join(p)).expect(p);
        assert_eq!(read("message.txt"), text.as_bytes());
        assert_eq!(read("files/evil.sh"), b"#!/bin/sh\n");
        assert_eq!(read("files/report.pdf"), big);
        assert_eq!(read("files/Report (2).PDF"), b"second");
        assert_eq!(read("files/path.txt"), b"");
        assert_eq!(read("files/file-6"), b"dots");
        assert_eq!(read("files/résumé «final».pdf"), b"utf8");
        assert!(read(".padding").iter().all(|&b| b == 0));
        // unzip reads the fixed time as 1980-01-01 (not 1979, as with month 0).
        let mtime = std::fs::metadata(out.join("message.txt"))
            .and_then(|m| m.modified())
            .expect("mtime")
            .duration_since(std::time::UNIX_EPOCH)
            .expect("after 1970")
            .as_secs();
        assert_eq!(
            mtime, 315_532_800,
            "extracted files are dated 1980-01-01 00:00 UTC"
        );
        // Nothing landed outside the extraction folder.
        let mut top: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        top.sort();
        assert_eq!(top, ["out", "tip.zip"]);
        let mut inside: Vec<_> = std::fs::read_dir(out.join("files"))
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        inside.sort();
        assert_eq!(inside.len(), 6);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let meta = std::fs::symlink_metadata(out.join("files/evil.sh")).expect("stat");
            assert!(meta.file_type().is_file());
            assert_eq!(meta.permissions().mode() & 0o777, 0o600);
        }

        // `unzip -t` also checks every CRC.
        let check = Command::new("unzip")
            .arg("-tq")
            .arg(&archive)
            .stdin(Stdio::null())
            .output()
            .expect("run unzip -t");
        assert!(check.status.success());
    }
}
