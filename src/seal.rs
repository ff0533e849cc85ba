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
//! Promises: every plaintext byte handed to [`MessageSealer`] goes into the age
//! stream writer and nowhere else (no temporary file, no log, no error message);
//! memory stays bounded whatever the message size (age buffers one 64 KiB
//! chunk, the ZIP writer keeps one small record per entry); the result is either
//! exactly padded or an error, never a silently unpadded file. ZIP64 is refused
//! rather than written, so the padding arithmetic stays exact.
//!
//! Must never: write plaintext anywhere but into age, put submitted content
//! (text, file names, bytes) into an error, or hand back an age file that was
//! not finished.
//!
//! [age v1]: https://age-encryption.org/v1
//! [ZIP APPNOTE]: https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT

use std::borrow::Cow;
use std::collections::HashSet;
use std::io::{self, Read, Write};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use rawzip::path::ZipFilePath;
use rawzip::{DataDescriptorOutput, ZipArchiveWriter};
use zeroize::Zeroize;

/// ZIP entry holding the tip's text.
const MESSAGE_ENTRY: &str = "message.txt";
/// ZIP entry holding the padding.
const PADDING_ENTRY: &str = ".padding";
/// Folder the attachments go in.
const FILES_PREFIX: &str = "files/";

// Record sizes as rawzip writes them when no time, extra field or comment is
// set (rawzip 0.5 `writer.rs`; APPNOTE 4.3.7, 4.3.9, 4.3.12, 4.3.16). Unix
// permissions only fill fixed fields, so they change no size.
/// Local file header without its name.
const LOCAL_HEADER_FIXED: u64 = 30;
/// Data descriptor with its signature and 32-bit sizes.
const DATA_DESCRIPTOR: u64 = 16;
/// Central directory file header without its name.
const CENTRAL_HEADER_FIXED: u64 = 46;
/// End of central directory record without a comment.
const END_RECORD: u64 = 22;
/// `PADDING_ENTRY.len()`.
const PADDING_NAME_LEN: u64 = 8;
/// Longest attachment entry name: `files/` plus [`MAX_NAME_BYTES`].
const MAX_FILE_ENTRY_NAME: u64 = (FILES_PREFIX.len() + MAX_NAME_BYTES) as u64;

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
    /// `write_message` was called a second time.
    #[error("the message text was written twice")]
    MessageTwice,
    /// `write_file_data` was called with no attachment open.
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
    /// The bytes rawzip accounted for differ from the bytes sent to age.
    #[error("the container layout is inconsistent")]
    Layout,
    /// An earlier call failed part-way; the output is unusable and must be discarded.
    #[error("an earlier write failed; the message cannot be completed")]
    Broken,
}

impl From<rawzip::Error> for SealError {
    fn from(err: rawzip::Error) -> Self {
        match err.into_kind() {
            rawzip::ErrorKind::IO(io) => SealError::Io(io),
            other => SealError::Zip(rawzip::Error::from(other)),
        }
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

/// Where the ZIP writer's bytes go right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Into age (counted).
    Pass,
    /// Into `captured`, to compare with bytes already sent to age.
    Capture,
    /// Nowhere: rawzip is replaying bytes age already has, to keep its offsets.
    Discard,
}

/// The age stream and the byte count of plaintext it received.
struct Pipe<W: Write> {
    /// `None` once finished.
    age: Option<age::stream::StreamWriter<W>>,
    mode: Mode,
    /// Plaintext bytes written into age.
    passed: u64,
    /// A replayed local header (small: bounded by [`MAX_CAPTURE`]).
    captured: Vec<u8>,
}

/// Largest replayed local header accepted.
const MAX_CAPTURE: usize = 30 + 65_535;

impl<W: Write> Pipe<W> {
    /// Sends plaintext into age and counts it.
    fn pass(&mut self, buf: &[u8]) -> io::Result<()> {
        let age = self
            .age
            .as_mut()
            .ok_or_else(|| io::Error::other("the age stream is already finished"))?;
        age.write_all(buf)?;
        self.passed += buf.len() as u64;
        Ok(())
    }
}

/// Locks the pipe. Poisoning means a panic mid-write: the output is unusable.
fn lock<W: Write>(pipe: &Mutex<Pipe<W>>) -> Result<MutexGuard<'_, Pipe<W>>, SealError> {
    pipe.lock().map_err(|_| SealError::Broken)
}

/// Switches where the ZIP writer's bytes go.
fn set_mode<W: Write>(pipe: &Mutex<Pipe<W>>, mode: Mode) -> Result<(), SealError> {
    lock(pipe)?.mode = mode;
    Ok(())
}

/// The ZIP writer's sink: a handle on the shared pipe.
///
/// Shared because rawzip's entry writer borrows the archive, so an attachment
/// that arrives over many calls cannot keep one open: its data goes into age
/// directly and rawzip replays the entry in `Discard` mode when it closes (see
/// [`MessageSealer::close_open_file`]). `Arc<Mutex>` keeps the sealer `Send`.
struct Tap<W: Write>(Arc<Mutex<Pipe<W>>>);

impl<W: Write> Write for Tap<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut pipe = self
            .0
            .lock()
            .map_err(|_| io::Error::other("the seal pipe is poisoned"))?;
        match pipe.mode {
            Mode::Pass => pipe.pass(buf)?,
            Mode::Capture => {
                if pipe.captured.len() + buf.len() > MAX_CAPTURE {
                    return Err(io::Error::other("replayed header is too long"));
                }
                pipe.captured.extend_from_slice(buf);
            }
            Mode::Discard => {}
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        // rawzip flushes after each entry and at the end; flushing the caller's
        // file mid-stream gains nothing. The caller flushes after `finish`.
        Ok(())
    }
}

/// An attachment whose local header and data are in age but not yet in rawzip.
struct OpenFile {
    /// Full entry name, `files/…`.
    path: String,
    /// The local header bytes sent to age.
    header: Vec<u8>,
    crc: crc32fast::Hasher,
    len: u64,
}

/// Streams one message (text + files) into a padded ZIP inside an age file.
///
/// Any I/O or format error leaves the sealer broken: later calls return
/// [`SealError::Broken`] and the output must be discarded. Dropping the sealer
/// without [`MessageSealer::finish`] leaves a truncated age file that does not
/// decrypt.
pub struct MessageSealer<W: Write> {
    pipe: Arc<Mutex<Pipe<W>>>,
    /// rawzip's archive: writes headers, descriptors and the central directory
    /// through a [`Tap`] on `pipe`.
    zip: ZipArchiveWriter<Tap<W>>,
    open: Option<OpenFile>,
    message_written: bool,
    /// Attachments started.
    files: usize,
    /// Entries started, padding excluded.
    entries: usize,
    /// Central directory bytes for the entries started.
    central_len: u64,
    /// Lowercase attachment names in use.
    taken: HashSet<String>,
    broken: bool,
}

impl<W: Write> MessageSealer<W> {
    /// Starts the age file (writes its header to `output`). Errors if `recipients` is empty.
    pub fn new(recipients: &[age::x25519::Recipient], output: W) -> Result<Self, SealError> {
        if recipients.is_empty() {
            return Err(SealError::NoRecipients);
        }
        let encryptor =
            age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
                .map_err(SealError::Encrypt)?;
        let age = encryptor.wrap_output(output)?;
        let pipe = Arc::new(Mutex::new(Pipe {
            age: Some(age),
            mode: Mode::Pass,
            passed: 0,
            captured: Vec::new(),
        }));
        let zip = ZipArchiveWriter::new(Tap(Arc::clone(&pipe)));
        Ok(Self {
            pipe,
            zip,
            open: None,
            message_written: false,
            files: 0,
            entries: 0,
            central_len: 0,
            taken: HashSet::new(),
            broken: false,
        })
    }

    /// Writes `message.txt`. At most once; before, between or after files.
    ///
    /// Closes the open attachment, if any.
    pub fn write_message(&mut self, text: &str) -> Result<(), SealError> {
        self.usable()?;
        if self.message_written {
            return Err(SealError::MessageTwice);
        }
        let name_len = MESSAGE_ENTRY.len() as u64;
        self.check_room(
            LOCAL_HEADER_FIXED + name_len + text.len() as u64 + DATA_DESCRIPTOR,
            CENTRAL_HEADER_FIXED + name_len,
        )?;
        self.guarded(|s| {
            s.close_open_file()?;
            let (mut entry, config) = new_entry(&mut s.zip, MESSAGE_ENTRY).start()?;
            let mut data = config.wrap(&mut entry);
            data.write_all(text.as_bytes())?;
            let (_, descriptor) = data.finish()?;
            entry.finish(descriptor)?;
            s.message_written = true;
            s.entries += 1;
            s.central_len += CENTRAL_HEADER_FIXED + name_len;
            Ok(())
        })
    }

    /// Opens `files/<safe name>`, closing any open file entry first. Returns the entry name used.
    ///
    /// The returned name is the full ZIP entry name (`files/…`, see
    /// [`attachment_entry_name`]); it is submitted content: never log it.
    pub fn start_file(&mut self, sent_name: &str) -> Result<String, SealError> {
        self.usable()?;
        // The name is not known yet: reserve room for the longest one.
        self.check_room(
            LOCAL_HEADER_FIXED + MAX_FILE_ENTRY_NAME + DATA_DESCRIPTOR,
            CENTRAL_HEADER_FIXED + MAX_FILE_ENTRY_NAME,
        )?;
        self.guarded(|s| {
            s.close_open_file()?;
            let name = attachment_entry_name(sent_name, s.files + 1, &mut s.taken);
            let path = format!("{FILES_PREFIX}{name}");
            // rawzip normalises names (`\`, `:`, `..`); the name must come
            // through unchanged or the computed sizes would be wrong.
            if ZipFilePath::from_str(&path).as_str() != path {
                return Err(SealError::Layout);
            }
            let header = local_header(&path)?;
            lock(&s.pipe)?.pass(&header)?;
            s.files += 1;
            s.entries += 1;
            s.central_len += CENTRAL_HEADER_FIXED + path.len() as u64;
            s.open = Some(OpenFile {
                path: path.clone(),
                header,
                crc: crc32fast::Hasher::new(),
                len: 0,
            });
            Ok(path)
        })
    }

    /// Appends bytes to the open file entry (error if none is open).
    pub fn write_file_data(&mut self, data: &[u8]) -> Result<(), SealError> {
        self.usable()?;
        if self.open.is_none() {
            return Err(SealError::NoOpenFile);
        }
        self.check_room(data.len() as u64, 0)?;
        self.guarded(|s| {
            lock(&s.pipe)?.pass(data)?;
            let open = s.open.as_mut().ok_or(SealError::NoOpenFile)?;
            open.crc.update(data);
            open.len += data.len() as u64;
            Ok(())
        })
    }

    /// Bytes of plaintext written so far (for limits).
    pub fn plaintext_len(&self) -> u64 {
        // A poisoned lock still holds a readable count.
        self.pipe
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .passed
    }

    /// Closes the open entry, writes the padding entry, the central directory and finishes age.
    /// Returns the output writer (the caller flushes and fsyncs it) and the padded plaintext length.
    /// You MUST call this: without it the age file is truncated and will not decrypt.
    ///
    /// The sealer never flushes `output` itself: a `BufWriter` passed in still
    /// holds the age file's last bytes until the caller calls `flush` (and
    /// `sync_all` on the file).
    pub fn finish(mut self) -> Result<(W, u64), SealError> {
        self.usable()?;
        self.close_open_file()?;
        if self.entries + 1 > MAX_ENTRIES {
            return Err(SealError::TooLarge);
        }
        let unpadded = {
            let passed = lock(&self.pipe)?.passed;
            passed
                + LOCAL_HEADER_FIXED
                + PADDING_NAME_LEN
                + DATA_DESCRIPTOR
                + self.central_len
                + CENTRAL_HEADER_FIXED
                + PADDING_NAME_LEN
                + END_RECORD
        };
        let target = padme(unpadded);
        if target >= ZIP32_LIMIT {
            return Err(SealError::TooLarge);
        }

        let (mut entry, config) = new_entry(&mut self.zip, PADDING_ENTRY).start()?;
        let mut data = config.wrap(&mut entry);
        write_zeros(&mut data, target - unpadded)?;
        let (_, descriptor) = data.finish()?;
        entry.finish(descriptor)?;
        drop(self.zip.finish()?);

        let mut pipe = lock(&self.pipe)?;
        if pipe.passed != target {
            return Err(SealError::Padding);
        }
        let age = pipe.age.take().ok_or(SealError::Layout)?;
        Ok((age.finish()?, target))
    }

    /// Errors if an earlier call broke the output.
    fn usable(&self) -> Result<(), SealError> {
        if self.broken {
            Err(SealError::Broken)
        } else {
            Ok(())
        }
    }

    /// Runs a step that writes; any error leaves the sealer broken.
    fn guarded<T>(
        &mut self,
        step: impl FnOnce(&mut Self) -> Result<T, SealError>,
    ) -> Result<T, SealError> {
        let result = step(self);
        if result.is_err() {
            self.broken = true;
        }
        result
    }

    /// Refuses, before writing, what would push the padded ZIP into ZIP64.
    ///
    /// `add` is plaintext about to be written, `add_central` its central
    /// directory record. The padded total is checked again exactly in `finish`.
    fn check_room(&self, add: u64, add_central: u64) -> Result<(), SealError> {
        let new_entries = usize::from(add_central > 0);
        if self.entries + new_entries + 1 > MAX_ENTRIES {
            return Err(SealError::TooLarge);
        }
        let open_descriptor = if self.open.is_some() {
            DATA_DESCRIPTOR
        } else {
            0
        };
        let least_total = self
            .plaintext_len()
            .saturating_add(add)
            .saturating_add(open_descriptor)
            .saturating_add(self.central_len + add_central)
            .saturating_add(
                LOCAL_HEADER_FIXED
                    + PADDING_NAME_LEN
                    + DATA_DESCRIPTOR
                    + CENTRAL_HEADER_FIXED
                    + PADDING_NAME_LEN
                    + END_RECORD,
            );
        if padme(least_total) >= ZIP32_LIMIT {
            return Err(SealError::TooLarge);
        }
        Ok(())
    }

    /// Closes the open attachment: its data descriptor goes to age, its record to rawzip.
    ///
    /// The local header and data are already in age. rawzip replays the entry
    /// with the pipe not passing: the header is captured and compared with what
    /// age got, the data is `len` zero bytes thrown away (so rawzip's offsets and
    /// sizes match the real stream); then the descriptor is written for real.
    fn close_open_file(&mut self) -> Result<(), SealError> {
        let Some(open) = self.open.take() else {
            return Ok(());
        };
        let header_offset = lock(&self.pipe)?.passed - open.len - open.header.len() as u64;
        if self.zip.stream_offset() != header_offset {
            return Err(SealError::Layout);
        }

        {
            let mut pipe = lock(&self.pipe)?;
            pipe.captured.clear();
            pipe.mode = Mode::Capture;
        }
        let (mut entry, _config) = new_entry(&mut self.zip, &open.path).start()?;
        {
            let mut pipe = lock(&self.pipe)?;
            let same = pipe.captured == open.header;
            pipe.captured.clear();
            if !same {
                return Err(SealError::Layout);
            }
            pipe.mode = Mode::Discard;
        }
        write_zeros(&mut entry, open.len)?;
        set_mode(&self.pipe, Mode::Pass)?;
        if entry.compressed_bytes() != open.len {
            return Err(SealError::Layout);
        }
        entry.finish(DataDescriptorOutput::new(open.crc.finalize(), open.len))?;

        if self.zip.stream_offset() != lock(&self.pipe)?.passed {
            return Err(SealError::Layout);
        }
        Ok(())
    }
}

/// Starts an entry the one way this module writes them (see [`ENTRY_MODE`]).
fn new_entry<'z, 'p, W: Write>(
    zip: &'z mut ZipArchiveWriter<W>,
    path: &'p str,
) -> rawzip::ZipFileBuilder<'z, 'p, W> {
    zip.new_file(path).unix_permissions(ENTRY_MODE)
}

/// The local header rawzip writes for `path`, from a throwaway archive.
fn local_header(path: &str) -> Result<Vec<u8>, SealError> {
    let mut header = Vec::new();
    let mut scratch = ZipArchiveWriter::new(&mut header);
    // Only the header is wanted: the entry and archive are dropped unfinished.
    let _ = new_entry(&mut scratch, path).start()?;
    drop(scratch);
    Ok(header)
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

    fn seal(
        recipients: &[age::x25519::Recipient],
        text: Option<&str>,
        files: &[Upload<'_>],
    ) -> (Vec<u8>, u64) {
        let mut sealer = MessageSealer::new(recipients, Vec::new()).expect("new");
        if let Some(text) = text {
            sealer.write_message(text).expect("message");
        }
        for (name, chunks) in files {
            sealer.start_file(name).expect("start");
            for chunk in chunks {
                sealer.write_file_data(chunk).expect("data");
            }
        }
        let before = sealer.plaintext_len();
        let (out, len) = sealer.finish().expect("finish");
        assert!(len >= before);
        (out, len)
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
            assert!(record.extra_fields().next().is_none());
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
    fn message_may_come_after_files_and_closes_the_open_one() {
        let id = Identity::generate();
        let mut sealer = MessageSealer::new(&[id.to_public()], Vec::new()).expect("new");
        assert_eq!(sealer.start_file("x.txt").expect("start"), "files/x.txt");
        sealer.write_file_data(b"xx").expect("data");
        sealer.write_message("after").expect("message");
        assert!(matches!(
            sealer.write_file_data(b"late"),
            Err(SealError::NoOpenFile)
        ));
        assert!(matches!(
            sealer.write_message("again"),
            Err(SealError::MessageTwice)
        ));
        // Those refusals did not break the sealer.
        sealer.start_file("y.txt").expect("start");
        sealer.write_file_data(b"yy").expect("data");
        let (blob, len) = sealer.finish().expect("finish");
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
    fn no_open_file_before_any_start() {
        let id = Identity::generate();
        let mut sealer = MessageSealer::new(&[id.to_public()], Vec::new()).expect("new");
        assert!(matches!(
            sealer.write_file_data(b"x"),
            Err(SealError::NoOpenFile)
        ));
    }

    #[test]
    fn sealer_can_move_between_threads() {
        fn assert_send<T: Send>() {}
        assert_send::<MessageSealer<io::BufWriter<std::fs::File>>>();
    }

    #[test]
    fn no_recipients_is_refused() {
        assert!(matches!(
            MessageSealer::new(&[], Vec::new()),
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
    fn plaintext_len_counts_what_was_written() {
        let id = Identity::generate();
        let mut sealer = MessageSealer::new(&[id.to_public()], Vec::new()).expect("new");
        assert_eq!(sealer.plaintext_len(), 0);
        sealer.write_message("hello").expect("message");
        // Local header (30 + 11) + 5 + descriptor 16.
        assert_eq!(sealer.plaintext_len(), 62);
        sealer.start_file("f").expect("start");
        sealer.write_file_data(&[1; 100]).expect("data");
        assert_eq!(sealer.plaintext_len(), 62 + 30 + 7 + 100);
        let (_, len) = sealer.finish().expect("finish");
        assert!(len > 62 + 30 + 7 + 100 + 16);
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
            let mut sealer = MessageSealer::new(&[id.to_public()], Vec::new()).expect("new");
            if let Some(text) = &text {
                sealer.write_message(text).expect("message");
            }
            let mut expected = Vec::new();
            for (name, size, chunk) in &files {
                let entry = sealer.start_file(name).expect("start");
                let data = noise(*size, 4);
                for piece in data.chunks(*chunk) {
                    sealer.write_file_data(piece).expect("data");
                }
                expected.push((entry, data));
            }
            let (blob, len) = sealer.finish().expect("finish");
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
    fn unfinished_sealer_output_does_not_decrypt() {
        let id = Identity::generate();
        for size in [0usize, 10, 70_000] {
            let mut out = Vec::new();
            {
                let mut sealer = MessageSealer::new(&[id.to_public()], &mut out).expect("new");
                sealer.write_message("never finished").expect("message");
                sealer.start_file("f").expect("start");
                sealer.write_file_data(&vec![1; size]).expect("data");
            }
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
        let mut sealer = MessageSealer::new(&[id.to_public()], Vec::new()).expect("new");
        // With the padding entry, 65533 attachments is the most without ZIP64.
        for i in 0..MAX_ENTRIES - 1 {
            sealer.start_file(&format!("{i}")).expect("start");
        }
        assert!(matches!(
            sealer.start_file("one too many"),
            Err(SealError::TooLarge)
        ));
        assert!(matches!(
            sealer.write_message("too"),
            Err(SealError::TooLarge)
        ));
        let (blob, len) = sealer.finish().expect("finish");
        let zip = open(&id, &blob);
        assert_padded(&zip, len);
        assert_eq!(entries(&zip).len(), MAX_ENTRIES);
    }

    #[test]
    fn refuses_zip64_sizes() {
        let id = Identity::generate();
        let mut sealer = MessageSealer::new(&[id.to_public()], Vec::new()).expect("new");
        sealer.start_file("huge").expect("start");
        // Refused before anything is written, and the sealer stays usable.
        let before = sealer.plaintext_len();
        assert!(matches!(
            sealer.check_room(0xFC00_0000, 0),
            Err(SealError::TooLarge)
        ));
        assert!(sealer.check_room(0xF000_0000, 0).is_ok());
        assert_eq!(sealer.plaintext_len(), before);
        sealer.write_file_data(b"ok").expect("data");
        sealer.finish().expect("finish");
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
        let mut sealer = MessageSealer::new(&[id.to_public()], Vec::new()).expect("new");
        let mut used = Vec::new();
        for (i, name) in sent.iter().enumerate() {
            used.push(sealer.start_file(name).expect("start"));
            sealer
                .write_file_data(&[u8::try_from(i).expect("small")])
                .expect("data");
        }
        let (blob, len) = sealer.finish().expect("finish");
        assert_eq!(
            used,
            [
                "files/passwd",
                "files/passwd (2)",
                "files/PASSWD (3)",
                "files/a..b.txt",
                "files/résumé_v2.pdf",
                "files/x_fdp.exe",
                "files/file-7",
            ]
        );
        let zip = open(&id, &blob);
        assert_padded(&zip, len);
        let all = entries(&zip);
        assert_eq!(&names(&all)[..used.len()], used);
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
