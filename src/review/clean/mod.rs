//! Cleaned copies of attachments, and warnings about the ones that can act
//! when opened.
//!
//! Attachments come from an untrusted, possibly hostile sender, and their
//! metadata — GPS position and camera serial in a photo, author and company in
//! a PDF or an Office file, the phone model in a video — can identify the
//! whistleblower. Before a reviewer looks at an attachment, the workspace
//! makes a cleaned copy ([`clean`]) and shows a warning for files that can run
//! code ([`assess`]).
//!
//! One module per format family, each saying which types it takes, what it
//! removes and what it leaves:
//!
//! | module | takes (by magic bytes) | how |
//! | --- | --- | --- |
//! | [`images`] | JPEG, PNG, GIF, WebP, TIFF | pixels re-encoded (orientation applied); animated PNG/WebP chunk-stripped |
//! | [`pdf`] | PDF | metadata, actions, scripts, attachments and authors removed; embedded JPEGs stripped |
//! | [`office`] | OOXML (docx, xlsx, pptx), ODF (odt, ods, odp) | property, thumbnail and people parts removed, authors anonymised, media cleaned |
//! | [`av`] | MP4/MOV/M4A/3GP, MP3, WAV, Ogg Vorbis/Opus | metadata boxes, tags and chunks removed; streams copied untouched |
//! | [`archive`] | every ZIP the cleaner unpacks | layout checked, bytes extracted capped |
//!
//! Promises:
//! - Types are recognised by their first bytes, never by the sent name, which
//!   the sender chooses.
//! - A copy is called clean ([`Cleaning::Cleaned`]) only when every step for
//!   its format succeeded. A part that cannot be cleaned (an embedded object,
//!   a format without a cleaner) makes the whole file [`Cleaning::NotCleaned`];
//!   a file that is damaged, encrypted or a decompression bomb is
//!   [`Cleaning::Refused`]. In both cases the reviewer has only the original.
//! - Work and memory are bounded by [`CleanLimits`]; a hostile file yields a
//!   refusal, never a panic or a runaway allocation.
//!
//! Must never: modify the original bytes, claim a copy is clean when a step
//! failed, or put file content into a reason.
//!
//! Not removed anywhere: what is in the visible content itself (names in a
//! document's text, a face or a street sign in a photo, a voice), and traces
//! below the level of metadata (a camera sensor's noise pattern, the way an
//! encoder built a stream).

pub mod archive;
pub mod av;
#[cfg(test)]
mod fixtures;
pub mod images;
pub mod office;
pub mod pdf;

use std::io::Read;

use rawzip::{CompressionMethod, ZipArchive};

pub use archive::{ArchiveError, ArchiveLimits, ZipLayout, check_zip_layout};

/// What a reviewer should know before opening a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Risk {
    /// A program or a shortcut to one.
    Executable,
    /// A script that a double click runs.
    Script,
    /// An Office document with macros or embedded active objects.
    MacroDocument,
    /// A PDF with JavaScript or launch actions.
    ActivePdf,
    /// A web page, or an SVG image with scripts.
    Html,
    /// An archive or disk image, whose contents are not checked.
    Archive,
}

impl Risk {
    /// One short English sentence telling the reviewer what to do.
    pub fn label_en(self) -> &'static str {
        match self {
            Risk::Executable => "A program: it runs as soon as it is opened. Do not open it.",
            Risk::Script => "A script: it runs commands if opened. Read it only as plain text.",
            Risk::MacroDocument => {
                "An office document with macros or active objects: never enable its content."
            }
            Risk::ActivePdf => {
                "A PDF with scripts or actions: open it only in a viewer with JavaScript off."
            }
            Risk::Html => "A web page or image with scripts: do not open it in a browser.",
            Risk::Archive => {
                "An archive or disk image: the files inside are not checked. Unpack with care."
            }
        }
    }

    /// One short French sentence telling the reviewer what to do.
    pub fn label_fr(self) -> &'static str {
        match self {
            Risk::Executable => "Un programme : il s'exécute dès qu'on l'ouvre. Ne l'ouvrez pas.",
            Risk::Script => {
                "Un script : il lance des commandes si on l'ouvre. Lisez-le seulement comme texte."
            }
            Risk::MacroDocument => {
                "Un document bureautique avec macros ou objets actifs : n'activez jamais son contenu."
            }
            Risk::ActivePdf => {
                "Un PDF avec scripts ou actions : ouvrez-le seulement dans un lecteur sans JavaScript."
            }
            Risk::Html => {
                "Une page web ou une image avec scripts : ne l'ouvrez pas dans un navigateur."
            }
            Risk::Archive => {
                "Une archive ou image disque : son contenu n'est pas vérifié. Décompressez avec prudence."
            }
        }
    }
}

/// How much of a file [`assess`] needs at least: its first 64 KiB.
pub const ASSESS_HEAD_BYTES: usize = 64 * 1024;

/// The most inflated bytes [`assess`] reads from a PDF's compressed streams
/// (object streams hide `/JavaScript` from a plain byte scan).
const PDF_INFLATE_BUDGET: u64 = 32 * 1024 * 1024;

/// The most PDF streams [`assess`] tries to inflate.
const PDF_MAX_STREAMS: usize = 10_000;

/// The most bytes read from a ZIP's `[Content_Types].xml` when assessing it.
const CONTENT_TYPES_MAX: u64 = 1024 * 1024;

/// The most ZIP entries [`assess`] looks at.
const ASSESS_MAX_ZIP_ENTRIES: usize = 100_000;

/// Flags file types that can act when opened: by magic bytes first, then by
/// the extension of `name` (the operating system picks a program by it).
///
/// `content` is the file, or at least its first [`ASSESS_HEAD_BYTES`]. Pass
/// the whole file whenever it is in memory (up to [`CleanLimits::max_input`]):
/// a ZIP's directory is at its end, and a PDF's scripts may sit anywhere, so
/// with only the head, macros in Office files are found only by their part
/// names in local headers and PDF scripts only in the head. The work is
/// bounded whatever the size.
pub fn assess(name: &str, content: &[u8]) -> Option<Risk> {
    risk_by_content(content).or_else(|| risk_by_extension(name))
}

/// The risk the content itself shows, whatever its name.
fn risk_by_content(content: &[u8]) -> Option<Risk> {
    const MACH_O: [[u8; 4]; 5] = [
        [0xFE, 0xED, 0xFA, 0xCE],
        [0xFE, 0xED, 0xFA, 0xCF],
        [0xCE, 0xFA, 0xED, 0xFE],
        [0xCF, 0xFA, 0xED, 0xFE],
        // Fat Mach-O, and Java class files: both run.
        [0xCA, 0xFE, 0xBA, 0xBE],
    ];
    const WINDOWS_SHORTCUT: &[u8] = &[0x4C, 0, 0, 0, 0x01, 0x14, 0x02, 0];
    const COMPOUND_FILE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    if content.starts_with(b"MZ")
        || content.starts_with(b"\x7FELF")
        || MACH_O.iter().any(|magic| content.starts_with(magic))
        || content.starts_with(WINDOWS_SHORTCUT)
        || content.starts_with(b"dex\n")
    {
        return Some(Risk::Executable);
    }
    if content.starts_with(b"#!") || starts_with_ignore_case(content, b"@echo off") {
        return Some(Risk::Script);
    }
    if content.starts_with(COMPOUND_FILE) {
        // Word, Excel and PowerPoint 97–2003 keep VBA in a `_VBA_PROJECT`
        // stream; directory names are UTF-16LE.
        let vba: Vec<u8> = "_VBA_PROJECT"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        return contains(content, &vba).then_some(Risk::MacroDocument);
    }
    if content.starts_with(b"{\\rtf") {
        // Embedded OLE objects are how RTF exploits deliver their payload.
        return contains(content, b"\\object").then_some(Risk::MacroDocument);
    }
    if content.starts_with(b"PK\x03\x04") || content.starts_with(b"PK\x05\x06") {
        return risk_of_zip(content);
    }
    if is_pdf(content) {
        return pdf_is_active(content).then_some(Risk::ActivePdf);
    }
    if is_other_archive(content) {
        return Some(Risk::Archive);
    }
    if is_active_markup(content) {
        return Some(Risk::Html);
    }
    None
}

/// Whether `content` starts like a PDF. Readers accept junk before the
/// header, so the first KiB is searched, as Acrobat does.
fn is_pdf(content: &[u8]) -> bool {
    contains(&content[..content.len().min(1024)], b"%PDF-")
}

/// Archive and disk-image formats other than ZIP.
fn is_other_archive(content: &[u8]) -> bool {
    const MAGICS: &[&[u8]] = &[
        b"Rar!\x1A\x07",
        &[0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], // 7z
        &[0x1F, 0x8B],                         // gzip
        b"BZh",
        &[0xFD, b'7', b'z', b'X', b'Z', 0], // xz
        &[0x28, 0xB5, 0x2F, 0xFD],          // zstd
        b"MSCF",                            // cab
        b"conectix",                        // vhd
        b"vhdxfile",
    ];
    let at = |offset: usize, magic: &[u8]| {
        content
            .get(offset..offset + magic.len())
            .is_some_and(|found| found == magic)
    };
    MAGICS.iter().any(|magic| content.starts_with(magic))
        || at(257, b"ustar")
        || [0x8001, 0x8801, 0x9001]
            .iter()
            .any(|&offset| at(offset, b"CD001")) // ISO 9660
}

/// A ZIP: an Office file with macros, a Java or Android program, an ordinary
/// Office or `OpenDocument` file (no risk), or any other archive.
fn risk_of_zip(content: &[u8]) -> Option<Risk> {
    let Ok(archive) = ZipArchive::from_slice(content) else {
        // Only a head, or a damaged file: the local headers still name the parts.
        let lower = content.to_ascii_lowercase();
        return if MACRO_PART_NAMES.iter().any(|part| contains(&lower, part)) {
            Some(Risk::MacroDocument)
        } else {
            Some(Risk::Archive)
        };
    };
    let mut is_document = false;
    let mut runs = false;
    for entry in archive.entries().take(ASSESS_MAX_ZIP_ENTRIES) {
        let Ok(entry) = entry else { break };
        let name = entry.file_path().as_ref().to_ascii_lowercase();
        if MACRO_PART_NAMES.iter().any(|part| contains(&name, part)) {
            return Some(Risk::MacroDocument);
        }
        if name == b"[content_types].xml" {
            is_document = true;
            let types = read_small_entry(&archive, &entry).to_ascii_lowercase();
            if MACRO_CONTENT_TYPES
                .iter()
                .any(|kind| contains(&types, kind))
            {
                return Some(Risk::MacroDocument);
            }
        }
        // OpenDocument keeps Basic macros and scripts in these folders.
        if name == b"mimetype" {
            is_document = true;
        }
        if name.starts_with(b"basic/") || name.starts_with(b"scripts/") {
            return Some(Risk::MacroDocument);
        }
        if name.ends_with(b".class") || name == b"classes.dex" {
            runs = true;
        }
    }
    if runs {
        Some(Risk::Executable)
    } else if is_document {
        None
    } else {
        Some(Risk::Archive)
    }
}

/// Lowercase part names that mean macros or active objects in Office files.
const MACRO_PART_NAMES: &[&[u8]] = &[
    b"vbaproject",
    b"vbadata.xml",
    b"macrosheets/",
    b"activex/",
    b"embeddings/oleobject",
];

/// Lowercase content types that mean macros or active objects, whatever the
/// part is called.
const MACRO_CONTENT_TYPES: &[&[u8]] = &[
    b"macroenabled",
    b"ms-office.vbaproject",
    b"ms-excel.macrosheet",
    b"ms-excel.intlmacrosheet",
    b"ms-office.activex",
    b"ms-office.oleobject",
];

/// Up to [`CONTENT_TYPES_MAX`] bytes of a stored or deflated entry; what could
/// not be read is left out.
fn read_small_entry(
    archive: &rawzip::ZipSliceArchive<&[u8]>,
    entry: &rawzip::ZipFileHeaderRecord<'_>,
) -> Vec<u8> {
    let mut text = Vec::new();
    let Ok(local) = archive.get_entry(entry.wayfinder()) else {
        return text;
    };
    let method = entry.compression_method();
    if method == CompressionMethod::STORE {
        text.extend_from_slice(local.data());
        text.truncate(usize::try_from(CONTENT_TYPES_MAX).unwrap_or(usize::MAX));
    } else if method == CompressionMethod::DEFLATE {
        // A damaged stream still yields what was inflated before the damage.
        let inflater = flate2::bufread::DeflateDecoder::new(local.data());
        let _ = inflater.take(CONTENT_TYPES_MAX).read_to_end(&mut text);
    }
    text
}

/// Whether a PDF names JavaScript, launch actions, rich media or XFA forms,
/// in its plain bytes or inside its Flate-compressed streams.
///
/// A best effort: names behind other filters (LZW, ASCII-hex) are not seen.
fn pdf_is_active(content: &[u8]) -> bool {
    if has_active_pdf_name(content) {
        return true;
    }
    let mut budget = PDF_INFLATE_BUDGET;
    let mut streams = 0;
    let mut from = 0;
    while let Some(found) = find(&content[from..], b"stream") {
        let keyword = from + found;
        from = keyword + b"stream".len();
        if keyword >= 3 && &content[keyword - 3..keyword] == b"end" {
            continue;
        }
        let start = match content.get(from..from + 2) {
            Some(b"\r\n") => from + 2,
            Some([b'\n' | b'\r', _]) => from + 1,
            _ => continue,
        };
        streams += 1;
        if streams > PDF_MAX_STREAMS || budget == 0 {
            break;
        }
        let mut plain = Vec::new();
        let zlib = flate2::bufread::ZlibDecoder::new(&content[start..]);
        // Most streams are images or not Flate at all: failing early is normal.
        let _ = zlib.take(budget).read_to_end(&mut plain);
        budget -= plain.len() as u64;
        if has_active_pdf_name(&plain) {
            return true;
        }
    }
    false
}

/// Whether `bytes` hold a PDF name (`/JavaScript`, also when spelt with `#xx`
/// escapes as in `/J#61vaScript`) that makes a viewer run something.
fn has_active_pdf_name(bytes: &[u8]) -> bool {
    const ACTIVE: &[&[u8]] = &[b"JavaScript", b"JS", b"Launch", b"RichMedia", b"XFA"];
    const LONGEST: usize = 10;
    let is_end = |b: u8| b.is_ascii_whitespace() || b"()<>[]{}/%\0".contains(&b);
    let mut at = 0;
    while let Some(slash) = bytes[at..].iter().position(|&b| b == b'/') {
        let mut name = [0u8; LONGEST];
        let mut len = 0;
        let mut i = at + slash + 1;
        while let Some(&b) = bytes.get(i).filter(|&&b| !is_end(b)) {
            let (byte, width) = match (b, bytes.get(i + 1..i + 3)) {
                (b'#', Some(hex)) => match hex_pair(hex) {
                    Some(decoded) => (decoded, 3),
                    None => (b, 1),
                },
                _ => (b, 1),
            };
            if len < LONGEST {
                name[len] = byte;
            }
            len += 1;
            i += width;
        }
        if len <= LONGEST && ACTIVE.contains(&&name[..len]) {
            return true;
        }
        at = i.max(at + slash + 1);
    }
    false
}

/// The byte spelt by two hexadecimal digits.
fn hex_pair(hex: &[u8]) -> Option<u8> {
    let text = std::str::from_utf8(hex).ok()?;
    u8::from_str_radix(text, 16).ok()
}

/// Whether `content` is HTML (or XHTML), or an SVG image that can run scripts.
fn is_active_markup(content: &[u8]) -> bool {
    const PAGE_TAGS: &[&[u8]] = &[
        b"<!doctype html",
        b"<html",
        b"<head",
        b"<body",
        b"<script",
        b"<iframe",
    ];
    let text = content.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(content);
    let start = text
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(text.len());
    let text = &text[start..];
    if !text.starts_with(b"<") {
        return false;
    }
    let head = text[..text.len().min(ASSESS_HEAD_BYTES)].to_ascii_lowercase();
    let first = &head[..head.len().min(1024)];
    if PAGE_TAGS.iter().any(|tag| contains(first, tag)) {
        return true;
    }
    contains(&head, b"<svg")
        && (contains(&head, b"<script")
            || contains(&head, b"javascript:")
            || contains(&head, b"<foreignobject")
            || has_event_attribute(&head))
}

/// Whether lowercase markup has an `on…=` event handler attribute.
fn has_event_attribute(markup: &[u8]) -> bool {
    markup.windows(3).enumerate().any(|(i, window)| {
        if !(window[0].is_ascii_whitespace() && &window[1..] == b"on") {
            return false;
        }
        let rest = &markup[i + 3..];
        let letters = rest.iter().take_while(|b| b.is_ascii_lowercase()).count();
        letters > 0
            && rest[letters..]
                .iter()
                .find(|b| !b.is_ascii_whitespace())
                .is_some_and(|&b| b == b'=')
    })
}

/// The risk the extension of `name` implies. Windows ignores trailing dots
/// and spaces, so `x.exe.` is an `.exe`.
fn risk_by_extension(name: &str) -> Option<Risk> {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let last = last.trim_end_matches(['.', ' ']);
    let extension = last.rsplit_once('.')?.1.to_ascii_lowercase();
    let table: [(&[&str], Risk); 5] = [
        (
            &[
                "exe",
                "dll",
                "scr",
                "com",
                "pif",
                "cpl",
                "msi",
                "msp",
                "msix",
                "appx",
                "sys",
                "ocx",
                "xll",
                "jar",
                "apk",
                "lnk",
                "url",
                "scf",
                "desktop",
                "appimage",
                "run",
                "deb",
                "rpm",
                "app",
                "gadget",
                "application",
            ],
            Risk::Executable,
        ),
        (
            &[
                "bat",
                "cmd",
                "ps1",
                "psm1",
                "vbs",
                "vbe",
                "js",
                "jse",
                "mjs",
                "wsf",
                "wsh",
                "wsc",
                "hta",
                "sh",
                "bash",
                "zsh",
                "py",
                "pyw",
                "pl",
                "rb",
                "php",
                "lua",
                "applescript",
                "scpt",
                "command",
                "reg",
                "inf",
                "jnlp",
                "msc",
            ],
            Risk::Script,
        ),
        (
            &[
                "docm", "dotm", "xlsm", "xltm", "xlam", "xlsb", "pptm", "potm", "ppsm", "ppam",
                "sldm", "xla", "iqy", "slk",
            ],
            Risk::MacroDocument,
        ),
        (
            &[
                "html", "htm", "xhtml", "xht", "shtml", "mht", "mhtml", "svg", "svgz",
            ],
            Risk::Html,
        ),
        (
            &[
                "zip", "rar", "7z", "tar", "gz", "tgz", "bz2", "tbz2", "xz", "txz", "zst", "cab",
                "iso", "img", "vhd", "vhdx", "dmg", "arj", "lzh", "ace",
            ],
            Risk::Archive,
        ),
    ];
    table
        .iter()
        .find(|(extensions, _)| extensions.contains(&extension.as_str()))
        .map(|&(_, risk)| risk)
}

/// Bounds on the work [`clean`] does for one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CleanLimits {
    /// Larger files are not cleaned.
    pub max_input: u64,
    /// Bounds on every ZIP (Office, ODF) the cleaner unpacks.
    pub archive: ArchiveLimits,
    /// The widest or tallest image decoded, in pixels.
    pub max_image_side: u32,
    /// The most memory one image decoder may hold, in bytes (the decoded
    /// pixels count towards it).
    pub max_image_alloc: u64,
    /// The most bytes one PDF stream may inflate to.
    pub max_pdf_stream: u64,
}

impl Default for CleanLimits {
    fn default() -> Self {
        Self {
            max_input: 256 * 1024 * 1024,
            archive: ArchiveLimits::default(),
            // 20,000 px covers a 600 dpi scan of an A2 sheet.
            max_image_side: 20_000,
            max_image_alloc: 512 * 1024 * 1024,
            max_pdf_stream: 256 * 1024 * 1024,
        }
    }
}

/// What [`clean`] made of one attachment.
#[derive(Debug, PartialEq, Eq)]
pub enum Cleaning {
    /// Every step for this format succeeded: `bytes` is the cleaned copy.
    Cleaned {
        /// The cleaned copy, in the same format as the original.
        bytes: Vec<u8>,
        /// The format found in the content, e.g. `"JPEG"`.
        format: &'static str,
        /// What was removed, in short English phrases, for the reviewer.
        removed: Vec<&'static str>,
    },
    /// No cleaned copy: the format has no cleaner, or a part of the file
    /// could not be cleaned. The original is all the reviewer has.
    NotCleaned {
        /// Why, in one short English phrase without file content.
        reason: &'static str,
    },
    /// No cleaned copy, and the file is suspect: damaged, encrypted, or a
    /// decompression bomb. The original is kept, and flagged.
    Refused {
        /// Why, with figures where there are some, without file content.
        reason: String,
    },
}

/// What the workspace says for every file that has no cleaned copy.
pub const NOT_CLEANED: &str = "not cleaned: open only the original on this laptop, with care";

impl Cleaning {
    /// One line for the reviewer: what was done, or why nothing was.
    pub fn summary(&self) -> String {
        match self {
            Cleaning::Cleaned {
                format, removed, ..
            } => {
                format!("{format} cleaned: removed {}", removed.join("; "))
            }
            Cleaning::NotCleaned { reason } => format!("{NOT_CLEANED} ({reason})"),
            Cleaning::Refused { reason } => {
                format!("{NOT_CLEANED}: refused, the file may be hostile ({reason})")
            }
        }
    }
}

/// Why one cleaning step failed; [`clean`] turns it into a [`Cleaning`].
#[derive(Debug, thiserror::Error)]
pub enum CleanError {
    /// The file is over [`CleanLimits::max_input`].
    #[error("the file is too large to be cleaned on this laptop")]
    TooLarge,
    /// An image is wider, taller or bigger once decoded than allowed.
    #[error("the image is too large to be decoded on this laptop")]
    ImageTooLarge,
    /// An archive's layout or sizes were refused.
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    /// The named thing is damaged, encrypted, or not what its first bytes claim.
    #[error("the {0} is damaged or encrypted")]
    Malformed(&'static str),
    /// A part gundo has no cleaner for; the phrase says which.
    #[error("{0}")]
    Unsupported(&'static str),
}

impl From<CleanError> for Cleaning {
    fn from(error: CleanError) -> Self {
        match error {
            CleanError::TooLarge => Cleaning::NotCleaned {
                reason: "the file is too large to be cleaned on this laptop",
            },
            CleanError::ImageTooLarge => Cleaning::NotCleaned {
                reason: "an image is too large to be decoded on this laptop",
            },
            CleanError::Unsupported(reason) => Cleaning::NotCleaned { reason },
            CleanError::Archive(_) | CleanError::Malformed(_) => Cleaning::Refused {
                reason: error.to_string(),
            },
        }
    }
}

/// A cleaned copy and what was removed from it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Cleaned {
    /// The cleaned bytes.
    pub(crate) bytes: Vec<u8>,
    /// What was removed, for the reviewer.
    pub(crate) removed: Vec<&'static str>,
}

/// The formats recognised by their first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    Jpeg,
    Png,
    Gif,
    WebP,
    Tiff,
    /// HEIC, HEIF or AVIF: no decoder without C libraries.
    Heif,
    Pdf,
    Zip,
    /// ISO base media: MP4, MOV, M4A, 3GP.
    Mp4,
    Mp3,
    Wav,
    Ogg,
}

impl Format {
    /// The name the reviewer sees.
    fn name(self) -> &'static str {
        match self {
            Format::Jpeg => "JPEG",
            Format::Png => "PNG",
            Format::Gif => "GIF",
            Format::WebP => "WebP",
            Format::Tiff => "TIFF",
            Format::Heif => "HEIC/AVIF",
            Format::Pdf => "PDF",
            Format::Zip => "ZIP",
            Format::Mp4 => "MP4/MOV",
            Format::Mp3 => "MP3",
            Format::Wav => "WAV",
            Format::Ogg => "Ogg",
        }
    }
}

/// Makes a cleaned copy of `content`, whose type is read from its first
/// bytes (never from its name, which the sender chose).
///
/// A copy is [`Cleaning::Cleaned`] only when every step succeeded; the
/// original is never changed.
pub fn clean(content: &[u8], limits: &CleanLimits) -> Cleaning {
    let Some(format) = detect_format(content) else {
        return Cleaning::NotCleaned {
            reason: "gundo has no cleaner for this type of file",
        };
    };
    if content.len() as u64 > limits.max_input {
        return CleanError::TooLarge.into();
    }
    // The parsers below are large and these bytes are hostile: a panic inside
    // one must cost this one copy, not the reviewer's whole session.
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        clean_format(format, content, limits)
    }));
    match outcome {
        Ok(Ok(cleaned)) => Cleaning::Cleaned {
            bytes: cleaned.bytes,
            format: format.name(),
            removed: cleaned.removed,
        },
        Ok(Err(error)) => error.into(),
        Err(_) => Cleaning::Refused {
            reason: "the cleaner could not read this file".to_owned(),
        },
    }
}

fn clean_format(
    format: Format,
    content: &[u8],
    limits: &CleanLimits,
) -> Result<Cleaned, CleanError> {
    match format {
        Format::Jpeg | Format::Png | Format::Gif | Format::WebP | Format::Tiff | Format::Heif => {
            images::clean_image(format, content, limits)
        }
        Format::Pdf => pdf::clean_pdf(content, limits),
        Format::Zip => office::clean_office(content, limits),
        Format::Mp4 => av::clean_mp4(content),
        Format::Mp3 => av::clean_mp3(content),
        Format::Wav => av::clean_wav(content),
        Format::Ogg => av::clean_ogg(content),
    }
}

/// The format `content` starts with, if the cleaner knows it.
pub(crate) fn detect_format(content: &[u8]) -> Option<Format> {
    if content.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Format::Jpeg)
    } else if content.starts_with(images::PNG_SIGNATURE) {
        Some(Format::Png)
    } else if content.starts_with(b"GIF87a") || content.starts_with(b"GIF89a") {
        Some(Format::Gif)
    } else if content.starts_with(b"RIFF") && content.get(8..12) == Some(b"WEBP") {
        Some(Format::WebP)
    } else if content.starts_with(b"RIFF") && content.get(8..12) == Some(b"WAVE") {
        Some(Format::Wav)
    } else if content.starts_with(b"II*\0") || content.starts_with(b"MM\0*") {
        Some(Format::Tiff)
    } else if content.starts_with(b"PK\x03\x04") || content.starts_with(b"PK\x05\x06") {
        Some(Format::Zip)
    } else if content.starts_with(b"OggS") {
        Some(Format::Ogg)
    } else if let Some(format) = av::detect_iso_media(content) {
        Some(format)
    } else if av::is_mp3(content) {
        Some(Format::Mp3)
    } else if is_pdf(content) {
        Some(Format::Pdf)
    } else {
        None
    }
}

/// Whether `haystack` contains `needle`.
pub(crate) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    find(haystack, needle).is_some()
}

/// Where `needle` first occurs in `haystack`.
pub(crate) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// Whether `bytes` start with `prefix`, ignoring ASCII case.
pub(crate) fn starts_with_ignore_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes
        .get(..prefix.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;
    use fixtures::{PLANTED, add, docx, jpeg_with_metadata, pdf_with_author, zlib};
    use proptest::prelude::*;
    use rawzip::ZipArchiveWriter;

    // --- assess -------------------------------------------------------------

    fn zip_with(names: &[&str], content_types: &str) -> Vec<u8> {
        let mut out = Vec::new();
        let mut writer = ZipArchiveWriter::new(&mut out);
        if !content_types.is_empty() {
            add(
                &mut writer,
                "[Content_Types].xml",
                content_types.as_bytes(),
                true,
            );
        }
        for name in names {
            add(&mut writer, name, b"data", true);
        }
        writer.finish().unwrap();
        out
    }

    #[test]
    fn executables_are_found_by_content_whatever_their_name() {
        let pe = [b"MZ\x90\0\x03\0\0\0".as_slice(), &[0; 56]].concat();
        assert_eq!(assess("invoice.pdf", &pe), Some(Risk::Executable));
        assert_eq!(
            assess("photo.jpg", b"\x7FELF\x02\x01\x01"),
            Some(Risk::Executable)
        );
        assert_eq!(
            assess("x", &[0xCF, 0xFA, 0xED, 0xFE, 7, 0, 0, 1]),
            Some(Risk::Executable)
        );
        assert_eq!(
            assess("x.txt", &[0x4C, 0, 0, 0, 1, 0x14, 2, 0, 0]),
            Some(Risk::Executable)
        );
        let jar = zip_with(&["META-INF/MANIFEST.MF", "a/Main.class"], "");
        assert_eq!(assess("game.zip", &jar), Some(Risk::Executable));
    }

    #[test]
    fn scripts_are_found_by_shebang_or_extension() {
        assert_eq!(
            assess("readme.txt", b"#!/bin/sh\nrm -rf ~\n"),
            Some(Risk::Script)
        );
        assert_eq!(assess("x.txt", b"@ECHO OFF\r\ndel *"), Some(Risk::Script));
        assert_eq!(assess("run.ps1", b"Write-Host hi"), Some(Risk::Script));
        assert_eq!(assess("a.HTA", b"anything"), Some(Risk::Script));
    }

    #[test]
    fn macros_are_found_by_part_name_content_type_or_extension() {
        assert_eq!(
            assess("report.docm", b"anything"),
            Some(Risk::MacroDocument)
        );
        let vba = zip_with(&["word/document.xml", "word/vbaProject.bin"], "<Types/>");
        assert_eq!(assess("report.docx", &vba), Some(Risk::MacroDocument));
        // Only the head: the local headers still name the part.
        assert_eq!(
            assess("report.docx", &vba[..vba.len() - 200]),
            Some(Risk::MacroDocument)
        );
        let renamed = zip_with(
            &["word/document.xml", "word/innocent.dat"],
            r#"<Types><Override PartName="/word/innocent.dat" ContentType="application/vnd.ms-office.vbaProject"/></Types>"#,
        );
        assert_eq!(assess("report.docx", &renamed), Some(Risk::MacroDocument));
        let xlm = zip_with(
            &["xl/workbook.xml", "xl/macrosheets/sheet1.xml"],
            "<Types/>",
        );
        assert_eq!(assess("book.xlsx", &xlm), Some(Risk::MacroDocument));
        let mut doc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        doc.extend("_VBA_PROJECT".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(assess("old.doc", &doc), Some(Risk::MacroDocument));
        assert_eq!(
            assess("x.rtf", br"{\rtf1 {\object\objemb {\objdata 0105}}}"),
            Some(Risk::MacroDocument)
        );
    }

    #[test]
    fn plain_office_files_and_images_carry_no_risk() {
        assert_eq!(assess("report.docx", &docx()), None);
        assert_eq!(assess("photo.jpg", &jpeg_with_metadata()), None);
        assert_eq!(assess("photo.JPG", &jpeg_with_metadata()), None);
        assert_eq!(assess("report.pdf", &pdf_with_author(false)), None);
        assert_eq!(assess("report.pdf", &pdf_with_author(true)), None);
        assert_eq!(assess("notes.txt", b"le 12 mars, camp de Kati"), None);
        assert_eq!(assess("noext", b""), None);
    }

    #[test]
    fn pdf_scripts_are_found_even_when_escaped_or_compressed() {
        let plain = b"%PDF-1.7\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>";
        assert_eq!(assess("a.pdf", plain), Some(Risk::ActivePdf));
        assert_eq!(
            assess("a.pdf", b"%PDF-1.7\n<< /S /J#61vaScript >>"),
            Some(Risk::ActivePdf)
        );
        assert_eq!(
            assess("a.pdf", b"%PDF-1.4\n<< /S /Launch /F (cmd.exe) >>"),
            Some(Risk::ActivePdf)
        );
        let hidden = [
            b"%PDF-1.7\n5 0 obj << /Type /ObjStm /Filter /FlateDecode >>\nstream\r\n".as_slice(),
            &zlib(b"<< /S /JavaScript /JS 7 0 R >>"),
            b"\r\nendstream\nendobj\n",
        ]
        .concat();
        assert!(!contains(&hidden, b"JavaScript"));
        assert_eq!(assess("a.pdf", &hidden), Some(Risk::ActivePdf));
        assert_eq!(
            assess("a.pdf", b"%PDF-1.7\n<< /JSON /Javascripts /S /GoTo >>"),
            None
        );
    }

    #[test]
    fn web_pages_and_scripted_svg_are_html() {
        assert_eq!(
            assess("a.txt", b"<html><body>hi</body></html>"),
            Some(Risk::Html)
        );
        assert_eq!(
            assess("a.txt", b"\xEF\xBB\xBF\n  <!DOCTYPE HTML>\n<p>x"),
            Some(Risk::Html)
        );
        assert_eq!(
            assess("a.png", b"<svg xmlns='x'><script>alert(1)</script></svg>"),
            Some(Risk::Html)
        );
        assert_eq!(
            assess("a.png", b"<svg xmlns='x'><rect onload = \"f()\"/></svg>"),
            Some(Risk::Html)
        );
        assert_eq!(
            assess(
                "a.png",
                b"<svg xmlns='x'><rect width='1' fill='red'/></svg>"
            ),
            None
        );
        assert_eq!(
            assess("a.svg", b"<svg xmlns='x'><rect/></svg>"),
            Some(Risk::Html)
        );
        assert_eq!(assess("page.HTM", b"hello"), Some(Risk::Html));
    }

    #[test]
    fn archives_are_found_by_content_or_extension() {
        assert_eq!(assess("a.zip", b"not really"), Some(Risk::Archive));
        assert_eq!(
            assess("a.bin", &zip_with(&["x.txt"], "")[..]),
            Some(Risk::Archive)
        );
        assert_eq!(assess("a.bin", b"\x1F\x8B\x08\0"), Some(Risk::Archive));
        assert_eq!(assess("a.bin", b"Rar!\x1A\x07\x01\0"), Some(Risk::Archive));
        assert_eq!(assess("report.docx.zip", &docx()), Some(Risk::Archive));
        assert_eq!(assess("image.iso", b""), Some(Risk::Archive));
    }

    #[test]
    fn extensions_are_read_as_windows_reads_them() {
        assert_eq!(
            assess("photo.jpg.exe", b"\xFF\xD8\xFF"),
            Some(Risk::Executable)
        );
        assert_eq!(assess("evil.exe. . ", b""), Some(Risk::Executable));
        assert_eq!(assess("a\u{202E}gnp.exe", b""), Some(Risk::Executable));
        assert_eq!(
            assess("C:\\Users\\x\\setup.MSI", b""),
            Some(Risk::Executable)
        );
        assert_eq!(assess("exe", b""), None);
    }

    #[test]
    fn every_risk_has_two_short_labels() {
        let all = [
            Risk::Executable,
            Risk::Script,
            Risk::MacroDocument,
            Risk::ActivePdf,
            Risk::Html,
            Risk::Archive,
        ];
        for risk in all {
            for label in [risk.label_en(), risk.label_fr()] {
                assert!(label.ends_with('.') && label.len() < 100, "{label}");
            }
        }
        let english: std::collections::HashSet<_> = all.iter().map(|r| r.label_en()).collect();
        assert_eq!(english.len(), all.len());
    }

    // --- the API ----------------------------------------------------------

    #[test]
    fn every_supported_format_comes_back_cleaned_with_what_was_removed() {
        let samples: Vec<(&str, Vec<u8>)> = vec![
            ("JPEG", jpeg_with_metadata()),
            ("PNG", fixtures::png_with_metadata()),
            ("GIF", fixtures::gif_with_metadata()),
            ("WebP", fixtures::webp_with_metadata(false)),
            ("TIFF", fixtures::tiff_with_metadata()),
            ("PDF", pdf_with_author(true)),
            (
                "PDF",
                fixtures::pdf_with_image(&jpeg_with_metadata(), false),
            ),
            ("ZIP", docx()),
            ("ZIP", fixtures::odt()),
            ("MP4/MOV", fixtures::mp4_with_metadata()),
            ("MP3", fixtures::mp3_with_tags()),
            ("WAV", fixtures::wav_with_metadata()),
            ("Ogg", fixtures::ogg_with_comments(false)),
            ("Ogg", fixtures::ogg_with_comments(true)),
        ];
        for (name, original) in samples {
            let copy = original.clone();
            match clean(&original, &CleanLimits::default()) {
                Cleaning::Cleaned {
                    bytes,
                    format,
                    removed,
                } => {
                    assert_eq!(format, name);
                    assert!(!contains(&bytes, PLANTED), "{name}: planted bytes survived");
                    assert!(!removed.is_empty());
                }
                other => panic!("{name}: {other:?}"),
            }
            assert_eq!(original, copy, "the original is untouched");
        }
    }

    #[test]
    fn unknown_types_and_limits_are_not_cleaned_and_say_so() {
        let tiny = CleanLimits {
            max_input: 10,
            ..CleanLimits::default()
        };
        let too_large = clean(&jpeg_with_metadata(), &tiny);
        assert!(matches!(too_large, Cleaning::NotCleaned { .. }));
        assert!(too_large.summary().starts_with(NOT_CLEANED));
        for content in [b"".as_slice(), b"plain text", b"\x7FELF\x02"] {
            let outcome = clean(content, &CleanLimits::default());
            assert!(
                matches!(outcome, Cleaning::NotCleaned { .. }),
                "{outcome:?}"
            );
        }
        let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic";
        assert!(matches!(
            clean(heic, &CleanLimits::default()),
            Cleaning::NotCleaned { reason } if reason.contains("HEIC")
        ));
        let plain_zip = fixtures::zip(&[("notes.txt", b"texte", true)]);
        assert!(matches!(
            clean(&plain_zip, &CleanLimits::default()),
            Cleaning::NotCleaned { .. }
        ));
    }

    #[test]
    fn damaged_files_and_bombs_are_refused_with_figures_and_no_content() {
        let broken = clean(b"PK\x03\x04 GUNDOPLANTED broken", &CleanLimits::default());
        assert!(matches!(broken, Cleaning::Refused { .. }), "{broken:?}");
        let bomb = archive::tests::overlapping_bomb(403, &vec![b' '; 100_000]);
        let refused = clean(&bomb, &CleanLimits::default());
        let Cleaning::Refused { reason } = &refused else {
            panic!("{refused:?}");
        };
        assert!(reason.contains("overlapping"), "{reason}");
        assert!(refused.summary().starts_with(NOT_CLEANED));
        assert!(!refused.summary().contains("GUNDOPLANTED"));
    }

    // --- never panics -------------------------------------------------------

    fn magic_prefix() -> impl Strategy<Value = Vec<u8>> {
        prop::sample::select(vec![
            vec![0xFF, 0xD8, 0xFF],
            vec![0xFF, 0xD8, 0xFF, 0xE1, 0x00],
            images::PNG_SIGNATURE.to_vec(),
            b"GIF89a".to_vec(),
            b"II*\0".to_vec(),
            b"MM\0*\0\0\0\x08".to_vec(),
            b"RIFF\x20\0\0\0WEBP".to_vec(),
            b"RIFF\x20\0\0\0WEBPVP8X\x0A\0\0\0".to_vec(),
            b"RIFF\x20\0\0\0WAVEfmt ".to_vec(),
            b"%PDF-1.7\n".to_vec(),
            b"PK\x03\x04".to_vec(),
            b"PK\x05\x06".to_vec(),
            b"\0\0\0\x20ftypisom".to_vec(),
            b"ID3\x03\0\0".to_vec(),
            vec![0xFF, 0xFB, 0x90, 0x64],
            b"OggS\0\x02".to_vec(),
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn clean_never_panics_on_a_known_prefix(
            prefix in magic_prefix(),
            tail in prop::collection::vec(any::<u8>(), 0..600),
        ) {
            let content = [prefix, tail].concat();
            let _ = clean(&content, &CleanLimits::default());
            let _ = assess("x", &content);
        }

        #[test]
        fn clean_never_panics_on_damaged_real_files(
            which in 0..8usize,
            edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
            cut in any::<prop::sample::Index>(),
            truncate in any::<bool>(),
        ) {
            let mut content = match which {
                0 => jpeg_with_metadata(),
                1 => fixtures::png_with_metadata(),
                2 => fixtures::gif_with_metadata(),
                3 => fixtures::webp_with_metadata(false),
                4 => fixtures::tiff_with_metadata(),
                5 => fixtures::odt(),
                6 => pdf_with_author(false),
                _ => docx(),
            };
            for (at, byte) in edits {
                let at = at.index(content.len());
                content[at] = byte;
            }
            if truncate {
                content.truncate(cut.index(content.len() + 1));
            }
            let outcome = clean(&content, &CleanLimits::default());
            // Re-encoded images keep nothing but pixels however damaged; in a
            // damaged document a misspelt key can make metadata look like content.
            if let Cleaning::Cleaned { bytes, .. } = outcome
                && which < 5
            {
                prop_assert!(!contains(&bytes, PLANTED));
            }
            let _ = assess("x.docx", &content);
        }

        #[test]
        fn assess_never_panics(name in ".{0,40}", content in prop::collection::vec(any::<u8>(), 0..300)) {
            let _ = assess(&name, &content);
        }
    }
}
