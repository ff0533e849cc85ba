//! Metadata-stripped copies of attachments, and warnings about the ones that
//! can act when opened.
//!
//! Attachments come from an untrusted, possibly hostile sender, and their
//! metadata — GPS position and camera serial in a photo, author and company in
//! a PDF or an Office file — can identify the whistleblower. Before a reviewer
//! looks at an attachment, the workspace writes a clean copy beside the
//! original ([`strip_metadata`]) and shows a warning for files that can run
//! code ([`assess`]).
//!
//! Promises:
//! - Types are recognised by their first bytes, never by the sent name, which
//!   the sender chooses.
//! - A clean copy keeps what is needed to show the content (JPEG scan data
//!   bit-exact, PNG and WebP image chunks, PDF pages, Office parts) and drops
//!   what is known to identify: JPEG APPn/COM segments (EXIF, XMP, ICC, IPTC,
//!   JFIF thumbnails) and anything after the end of the image, PNG text, time,
//!   EXIF and ICC chunks, WebP EXIF/XMP/ICC chunks, the PDF `/Info`
//!   dictionary, `/ID`, XMP streams and annotation authors, Office
//!   `docProps` core/app/custom properties, ZIP timestamps, comments and
//!   extra fields.
//! - Work and memory are bounded by [`CleanLimits`]; a hostile file yields an
//!   error, never a panic or a runaway allocation.
//!
//! Must never: modify the original bytes, claim a copy is clean when a step
//! failed (every failure is an error, and the caller keeps only the original),
//! or put file content into an error message.
//!
//! Not removed: what is in the visible content itself (names in a document's
//! text, comment and tracked-change authors inside Office parts, a face in a
//! photo), and metadata in formats not listed above ([`strip_metadata`]
//! returns `Ok(None)` for them).

use std::io::{Read, Write};

use lopdf::{Document, LoadOptions, Object};
use rawzip::path::EntryPath;
use rawzip::{CompressionMethod, DataDescriptorOutput, ZipArchive, ZipArchiveWriter};

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

/// Bounds on the work [`strip_metadata`] does for one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CleanLimits {
    /// Larger files are not cleaned.
    pub max_input: u64,
    /// The most entries an Office file may have.
    pub max_zip_entries: usize,
    /// The most bytes an Office file may declare once unpacked, all entries
    /// together; also the most one PDF stream may inflate to.
    pub max_unpacked: u64,
    /// The most one large Office entry may expand by (unpacked ÷ packed).
    pub max_ratio: u64,
}

impl Default for CleanLimits {
    fn default() -> Self {
        Self {
            max_input: 256 * 1024 * 1024,
            max_zip_entries: 10_000,
            max_unpacked: 1024 * 1024 * 1024,
            max_ratio: 100,
        }
    }
}

/// Entries declaring at most this many bytes are not held to
/// [`CleanLimits::max_ratio`]: a page of blank XML compresses a thousandfold,
/// and a bomb has to be large to hurt.
const RATIO_EXEMPT_BYTES: u64 = 1024 * 1024;

/// Why no clean copy was made. The caller keeps the original only, and says so.
#[derive(Debug, thiserror::Error)]
pub enum CleanError {
    /// The file is over [`CleanLimits::max_input`].
    #[error("the file is too large to be cleaned")]
    TooLarge,
    /// The archive declares more entries, bytes or compression than allowed.
    #[error("the archive expands too much: it may be a decompression bomb")]
    Bomb,
    /// The file is damaged, encrypted, or not what its first bytes claim.
    #[error("the file is damaged or encrypted and could not be cleaned")]
    Malformed,
}

/// The formats a clean copy can be made of, by magic bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Jpeg,
    Png,
    WebP,
    Pdf,
    Zip,
}

/// Returns a copy without identifying metadata for supported types, `Ok(None)` for unsupported ones.
///
/// The type is read from the content's first bytes; `_name` is not used to
/// decide it, as the sender chooses it. A ZIP is supported when it is an Office
/// Open XML package (it holds `[Content_Types].xml`); other ZIPs give `Ok(None)`.
pub fn strip_metadata(
    _name: &str,
    content: &[u8],
    limits: &CleanLimits,
) -> Result<Option<Vec<u8>>, CleanError> {
    let Some(format) = detect_format(content) else {
        return Ok(None);
    };
    if content.len() as u64 > limits.max_input {
        return Err(CleanError::TooLarge);
    }
    match format {
        Format::Jpeg => strip_jpeg(content).map(Some),
        Format::Png => strip_png(content).map(Some),
        Format::WebP => strip_webp(content).map(Some),
        Format::Pdf => strip_pdf(content, limits).map(Some),
        Format::Zip => strip_office(content, limits),
    }
}

/// The supported format `content` starts with.
fn detect_format(content: &[u8]) -> Option<Format> {
    if content.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Format::Jpeg)
    } else if content.starts_with(PNG_SIGNATURE) {
        Some(Format::Png)
    } else if content.starts_with(b"RIFF") && content.get(8..12) == Some(b"WEBP") {
        Some(Format::WebP)
    } else if content.starts_with(b"PK\x03\x04") {
        Some(Format::Zip)
    } else if is_pdf(content) {
        Some(Format::Pdf)
    } else {
        None
    }
}

/// JPEG: keeps the coding segments and the scans bit-exact; drops every `APPn`
/// segment but a thumbnail-less JFIF APP0 and Adobe's APP14 (it says how to
/// convert colours), all comments, and anything after the end-of-image marker
/// (where phones append further images with their own EXIF).
fn strip_jpeg(data: &[u8]) -> Result<Vec<u8>, CleanError> {
    const JFIF_WITHOUT_THUMBNAIL: usize = 12;
    let mut out = Vec::with_capacity(data.len());
    out.extend_from_slice(&[0xFF, 0xD8]);
    let mut pos = 2;
    let mut scanned = false;
    loop {
        if pos == data.len() && scanned {
            // A truncated photo still shows its first part: close it.
            out.extend_from_slice(&[0xFF, 0xD9]);
            return Ok(out);
        }
        let marker_start = pos;
        if data.get(pos) != Some(&0xFF) {
            return Err(CleanError::Malformed);
        }
        // Any marker may be preceded by fill bytes.
        while data.get(pos + 1) == Some(&0xFF) {
            pos += 1;
        }
        let marker = *data.get(pos + 1).ok_or(CleanError::Malformed)?;
        pos += 2;
        match marker {
            0xD9 => {
                out.extend_from_slice(&data[marker_start..pos]);
                return Ok(out);
            }
            // Standalone markers: restart markers and TEM carry no length.
            0xD0..=0xD7 | 0x01 => {
                out.extend_from_slice(&data[marker_start..pos]);
                continue;
            }
            0xC0..=0xD7 | 0xDA..=0xFE => {}
            _ => return Err(CleanError::Malformed),
        }
        let length = data
            .get(pos..pos + 2)
            .map(|b| usize::from(u16::from_be_bytes([b[0], b[1]])))
            .filter(|&length| length >= 2)
            .ok_or(CleanError::Malformed)?;
        let end = pos + length;
        let body = data.get(pos + 2..end).ok_or(CleanError::Malformed)?;
        match marker {
            0xE0 if body.starts_with(b"JFIF\0") && body.len() >= JFIF_WITHOUT_THUMBNAIL + 2 => {
                // A JFIF thumbnail may show the picture before it was cropped.
                out.extend_from_slice(&[0xFF, 0xE0, 0, 16]);
                out.extend_from_slice(&body[..JFIF_WITHOUT_THUMBNAIL]);
                out.extend_from_slice(&[0, 0]);
            }
            0xEE if body.starts_with(b"Adobe") => out.extend_from_slice(&data[marker_start..end]),
            0xE0..=0xEF | 0xFE => {}
            _ => out.extend_from_slice(&data[marker_start..end]),
        }
        pos = end;
        if marker == 0xDA {
            scanned = true;
            let scan_end = entropy_end(data, pos);
            out.extend_from_slice(&data[pos..scan_end]);
            pos = scan_end;
        }
    }
}

/// Where the entropy-coded data starting at `start` ends: at the first marker
/// that is not a stuffed zero or a restart marker, or at the end of `data`.
fn entropy_end(data: &[u8], start: usize) -> usize {
    let mut pos = start;
    while let Some(offset) = data[pos..].iter().position(|&b| b == 0xFF) {
        let at = pos + offset;
        match data.get(at + 1) {
            Some(0x00 | 0xD0..=0xD7) => pos = at + 2,
            Some(_) => return at,
            None => return data.len(),
        }
    }
    data.len()
}

/// The eight bytes every PNG file starts with.
const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1A\n";

/// PNG: keeps the critical chunks, transparency, colour-rendering and
/// animation chunks; drops text (`tEXt`, `zTXt`, `iTXt`), `eXIf`, `iCCP`
/// (profiles carry names), `tIME`, `sPLT` (named palettes), private and
/// unknown chunks, and anything after `IEND`.
fn strip_png(data: &[u8]) -> Result<Vec<u8>, CleanError> {
    const KEPT: &[&[u8; 4]] = &[
        b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"sBIT", b"bKGD",
        b"hIST", b"pHYs", b"cICP", b"mDCV", b"mDCv", b"cLLI", b"cLLi", b"acTL", b"fcTL", b"fdAT",
    ];
    let mut out = Vec::with_capacity(data.len());
    out.extend_from_slice(PNG_SIGNATURE);
    let mut pos = PNG_SIGNATURE.len();
    let mut first = true;
    loop {
        let header = data.get(pos..pos + 8).ok_or(CleanError::Malformed)?;
        let length = u32::from_be_bytes([header[0], header[1], header[2], header[3]]);
        let kind = [header[4], header[5], header[6], header[7]];
        if length > 0x7FFF_FFFF || !kind.iter().all(u8::is_ascii_alphabetic) {
            return Err(CleanError::Malformed);
        }
        if first && &kind != b"IHDR" {
            return Err(CleanError::Malformed);
        }
        first = false;
        let end = usize::try_from(length)
            .ok()
            .and_then(|length| (pos + 12).checked_add(length))
            .filter(|&end| end <= data.len())
            .ok_or(CleanError::Malformed)?;
        if KEPT.contains(&&kind) {
            out.extend_from_slice(&data[pos..end]);
        } else if kind[0].is_ascii_uppercase() {
            // An unknown critical chunk: no viewer can show this image anyway.
            return Err(CleanError::Malformed);
        }
        pos = end;
        if &kind == b"IEND" {
            return Ok(out);
        }
    }
}

/// WebP: keeps the image, alpha and animation chunks; drops `EXIF`, `XMP `,
/// `ICCP` and unknown chunks, clears their flags in `VP8X`, and drops
/// anything after the RIFF container.
fn strip_webp(data: &[u8]) -> Result<Vec<u8>, CleanError> {
    const KEPT: &[&[u8; 4]] = &[b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF"];
    // VP8X flags that stay true once the metadata is gone: alpha, animation.
    const VP8X_KEPT_FLAGS: u8 = 0x10 | 0x02;
    let riff_size = data
        .get(4..8)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .ok_or(CleanError::Malformed)?;
    let riff_end = usize::try_from(riff_size)
        .ok()
        .and_then(|size| size.checked_add(8))
        .filter(|&end| end <= data.len() && end >= 12)
        .ok_or(CleanError::Malformed)?;
    let mut chunks = Vec::with_capacity(riff_end);
    let mut pos = 12;
    while pos < riff_end {
        let header = data.get(pos..pos + 8).ok_or(CleanError::Malformed)?;
        let kind = [header[0], header[1], header[2], header[3]];
        let size = u32::from_le_bytes([header[4], header[5], header[6], header[7]]);
        let size = usize::try_from(size).map_err(|_| CleanError::Malformed)?;
        let body_end = (pos + 8).checked_add(size).ok_or(CleanError::Malformed)?;
        if body_end > riff_end {
            return Err(CleanError::Malformed);
        }
        // Chunks are padded to an even size; some writers omit the last pad.
        let end = (body_end + (size & 1)).min(riff_end);
        if KEPT.contains(&&kind) {
            let start = chunks.len();
            chunks.extend_from_slice(&data[pos..body_end]);
            if size & 1 == 1 {
                chunks.push(0);
            }
            if &kind == b"VP8X" {
                let flags = chunks.get_mut(start + 8).ok_or(CleanError::Malformed)?;
                *flags &= VP8X_KEPT_FLAGS;
            }
        }
        pos = end;
    }
    let size = u32::try_from(chunks.len() + 4).map_err(|_| CleanError::Malformed)?;
    let mut out = Vec::with_capacity(chunks.len() + 12);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&size.to_le_bytes());
    out.extend_from_slice(b"WEBP");
    out.extend_from_slice(&chunks);
    Ok(out)
}

/// PDF: loads the document with lopdf, removes the trailer's `/Info` and `/ID`,
/// every `/Metadata` (XMP) and `/PieceInfo` (application private data), and the
/// author (`/T`) of markup annotations, then writes a new file holding only
/// the objects still reachable: older revisions and orphans are gone.
/// Encrypted documents are refused.
fn strip_pdf(content: &[u8], limits: &CleanLimits) -> Result<Vec<u8>, CleanError> {
    let options = LoadOptions {
        max_decompressed_size: Some(usize::try_from(limits.max_unpacked).unwrap_or(usize::MAX)),
        ..LoadOptions::default()
    };
    // lopdf is a large parser and these bytes are hostile: a panic inside it
    // must cost this one copy, not the reviewer's whole session.
    let cleaned = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut document =
            Document::load_mem_with_options(content, options).map_err(|_| CleanError::Malformed)?;
        if document.trailer.has(b"Encrypt") || document.was_encrypted() {
            return Err(CleanError::Malformed);
        }
        document.catalog().map_err(|_| CleanError::Malformed)?;
        document.trailer.remove(b"Info");
        document.trailer.remove(b"ID");
        for object in document.objects.values_mut() {
            scrub_pdf_object(object, 0);
        }
        document.prune_objects();
        let mut out = Vec::with_capacity(content.len());
        document
            .save_to(&mut out)
            .map_err(|_| CleanError::Malformed)?;
        Ok(out)
    }));
    cleaned.unwrap_or(Err(CleanError::Malformed))
}

/// Removes identifying entries from `object` and the direct objects inside it.
fn scrub_pdf_object(object: &mut Object, depth: usize) {
    // Markup annotations whose `/T` is the commenter's name (for form fields,
    // `/T` is the field name and must stay).
    const MARKUP: &[&[u8]] = &[
        b"Text",
        b"FreeText",
        b"Line",
        b"Square",
        b"Circle",
        b"Polygon",
        b"PolyLine",
        b"Highlight",
        b"Underline",
        b"Squiggly",
        b"StrikeOut",
        b"Stamp",
        b"Caret",
        b"Ink",
        b"FileAttachment",
        b"Sound",
        b"Redact",
        b"Popup",
    ];
    // lopdf's parser bounds nesting already; this keeps the walk bounded too.
    if depth > 256 {
        return;
    }
    let dictionary = match object {
        Object::Dictionary(dictionary) => dictionary,
        Object::Stream(stream) => {
            if stream.dict.has_type(b"Metadata") {
                stream.set_plain_content(Vec::new());
            }
            &mut stream.dict
        }
        Object::Array(items) => {
            for item in items {
                scrub_pdf_object(item, depth + 1);
            }
            return;
        }
        _ => return,
    };
    dictionary.remove(b"Metadata");
    dictionary.remove(b"PieceInfo");
    let is_markup = dictionary.has(b"Rect")
        && dictionary
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|subtype| MARKUP.contains(&subtype));
    if is_markup {
        dictionary.remove(b"T");
    }
    for (_, value) in dictionary.iter_mut() {
        scrub_pdf_object(value, depth + 1);
    }
}

/// Office Open XML parts that hold document properties, and what replaces
/// each: the same root element, empty, with its namespaces.
const OFFICE_PROPERTIES: &[(&str, &str)] = &[
    (
        "docProps/core.xml",
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\r\n",
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties""#,
            r#" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/""#,
            r#" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>"#,
        ),
    ),
    (
        "docProps/app.xml",
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\r\n",
            r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties""#,
            r#" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>"#,
        ),
    ),
    (
        "docProps/custom.xml",
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\r\n",
            r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties""#,
            r#" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>"#,
        ),
    ),
];

/// Office Open XML: rewrites the package with the property parts replaced by
/// empty ones and every other entry's compressed bytes copied unchanged.
/// The new archive has no timestamps, comments or extra fields (they hold
/// times, time zones and Unix user ids). A ZIP that is not an Office package
/// gives `Ok(None)`.
fn strip_office(content: &[u8], limits: &CleanLimits) -> Result<Option<Vec<u8>>, CleanError> {
    let archive = ZipArchive::from_slice(content).map_err(|_| CleanError::Malformed)?;
    if archive.entries_hint() > u64::try_from(limits.max_zip_entries).unwrap_or(u64::MAX) {
        return Err(CleanError::Bomb);
    }
    let mut entries = Vec::new();
    let mut unpacked: u64 = 0;
    let mut packed: u64 = 0;
    for entry in archive.entries() {
        let entry = entry.map_err(|_| CleanError::Malformed)?;
        if entries.len() == limits.max_zip_entries {
            return Err(CleanError::Bomb);
        }
        let (size, stored) = (entry.uncompressed_size_hint(), entry.compressed_size_hint());
        unpacked = unpacked.saturating_add(size);
        // Entries sharing one compressed body would make the copy many times
        // the size of the original: honest archives never overlap.
        packed = packed.saturating_add(stored);
        let ratio_exceeded =
            size > RATIO_EXEMPT_BYTES && size > stored.saturating_mul(limits.max_ratio);
        if unpacked > limits.max_unpacked || ratio_exceeded || packed > content.len() as u64 {
            return Err(CleanError::Bomb);
        }
        entries.push(entry);
    }
    let is_office = entries.iter().any(|entry| {
        entry
            .file_path()
            .as_ref()
            .eq_ignore_ascii_case(b"[Content_Types].xml")
    });
    if !is_office {
        return Ok(None);
    }

    let mut out = Vec::with_capacity(content.len());
    let mut writer = ZipArchiveWriter::new(&mut out);
    let failed = |_| CleanError::Malformed;
    for entry in &entries {
        let file_path = entry.file_path();
        let name = file_path.as_ref();
        if entry.is_dir() {
            writer.new_dir(entry_path(name)).create().map_err(failed)?;
            continue;
        }
        let replacement = OFFICE_PROPERTIES
            .iter()
            .find(|(part, _)| name.eq_ignore_ascii_case(part.as_bytes()));
        if let Some((_, empty)) = replacement {
            let (mut file, config) = writer.new_file(entry_path(name)).start().map_err(failed)?;
            let mut data = config.wrap(&mut file);
            data.write_all(empty.as_bytes())
                .map_err(|_| CleanError::Malformed)?;
            let (_, descriptor) = data.finish().map_err(failed)?;
            file.finish(descriptor).map_err(failed)?;
        } else {
            if entry.flags().is_encrypted() {
                return Err(CleanError::Malformed);
            }
            let local = archive.get_entry(entry.wayfinder()).map_err(failed)?;
            let (mut file, _) = writer
                .new_file(entry_path(name))
                .compression_method(entry.compression_method())
                .start()
                .map_err(failed)?;
            file.write_all(local.data())
                .map_err(|_| CleanError::Malformed)?;
            let descriptor =
                DataDescriptorOutput::new(entry.crc32(), entry.uncompressed_size_hint());
            file.finish(descriptor).map_err(failed)?;
        }
    }
    writer.finish().map_err(failed)?;
    Ok(Some(out))
}

/// The entry name to write: ASCII names byte for byte (Office part names are
/// ASCII), other UTF-8 names flagged as UTF-8, anything else as it came.
fn entry_path(name: &[u8]) -> EntryPath<'_> {
    match std::str::from_utf8(name) {
        Ok(text) if !name.is_ascii() => EntryPath::conformant(text),
        _ => EntryPath::verbatim(name),
    }
}

/// Whether `haystack` contains `needle`.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    find(haystack, needle).is_some()
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// Whether `bytes` start with `prefix`, ignoring ASCII case.
fn starts_with_ignore_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes
        .get(..prefix.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{Dictionary, Stream, dictionary};
    use proptest::prelude::*;
    use rawzip::extra_fields::ExtraFieldId;

    const NAME: &[u8] = b"Amadou";

    fn strip(content: &[u8]) -> Result<Option<Vec<u8>>, CleanError> {
        strip_metadata("attachment", content, &CleanLimits::default())
    }

    fn cleaned(content: &[u8]) -> Vec<u8> {
        strip(content).unwrap().expect("a supported type")
    }

    // --- JPEG ---------------------------------------------------------------

    fn segment(marker: u8, body: &[u8]) -> Vec<u8> {
        let length = u16::try_from(body.len() + 2).unwrap();
        let mut out = vec![0xFF, marker];
        out.extend_from_slice(&length.to_be_bytes());
        out.extend_from_slice(body);
        out
    }

    /// EXIF with a GPS IFD placing the camera in Bamako (12°38'23.52" N).
    fn exif_with_gps() -> Vec<u8> {
        let mut tiff = b"MM\0\x2A\0\0\0\x08".to_vec();
        // IFD0: one entry, GPSInfo (0x8825) pointing at offset 26.
        tiff.extend_from_slice(&[0, 1, 0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 26, 0, 0, 0, 0]);
        // GPS IFD: GPSLatitudeRef "N", GPSLatitude at offset 56.
        tiff.extend_from_slice(&[0, 2]);
        tiff.extend_from_slice(&[0, 1, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]);
        tiff.extend_from_slice(&[0, 2, 0, 5, 0, 0, 0, 3, 0, 0, 0, 56]);
        tiff.extend_from_slice(&[0, 0, 0, 0]);
        assert_eq!(tiff.len(), 56);
        tiff.extend_from_slice(&gps_latitude());
        let mut body = b"Exif\0\0".to_vec();
        body.extend_from_slice(&tiff);
        body
    }

    fn gps_latitude() -> Vec<u8> {
        [(12u32, 1u32), (38, 1), (2352, 100)]
            .iter()
            .flat_map(|(n, d)| n.to_be_bytes().into_iter().chain(d.to_be_bytes()))
            .collect()
    }

    /// The coding segments of a 1×1 grey baseline JPEG: one quantisation
    /// table, the frame, a DC and an AC Huffman table with a single code each.
    fn jpeg_tables() -> Vec<u8> {
        let mut out = segment(0xDB, &[&[0u8][..], &[1; 64]].concat());
        out.extend(segment(0xC0, &[8, 0, 1, 0, 1, 1, 1, 0x11, 0]));
        let one_code = |class: u8| [&[class, 1][..], &[0; 15], &[0]].concat();
        out.extend(segment(0xC4, &one_code(0x00)));
        out.extend(segment(0xC4, &one_code(0x10)));
        out
    }

    /// Start of scan to end of image: DC difference 0, end of block, padding.
    fn jpeg_scan() -> Vec<u8> {
        let mut out = segment(0xDA, &[1, 1, 0x00, 0, 63, 0]);
        out.extend_from_slice(&[0x3F, 0xFF, 0xD9]);
        out
    }

    fn jfif(thumbnail: bool) -> Vec<u8> {
        let mut body = b"JFIF\0\x01\x02\x01\0\x48\0\x48".to_vec();
        if thumbnail {
            body.extend_from_slice(&[1, 1, 0xAA, 0xBB, 0xCC]);
        } else {
            body.extend_from_slice(&[0, 0]);
        }
        segment(0xE0, &body)
    }

    fn adobe() -> Vec<u8> {
        segment(0xEE, b"Adobe\0\x64\0\0\0\0\x01")
    }

    fn jpeg_with_metadata() -> Vec<u8> {
        let mut out = vec![0xFF, 0xD8];
        out.extend(jfif(true));
        out.extend(segment(0xE1, &exif_with_gps()));
        out.extend(segment(
            0xE1,
            b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>Amadou</x:xmpmeta>",
        ));
        out.extend(segment(0xE2, b"ICC_PROFILE\0\x01\x01Amadou's screen"));
        out.extend(adobe());
        out.extend(segment(0xED, b"Photoshop 3.0\08BIM\x04\x04Amadou"));
        out.extend(segment(0xEC, b"Ducky Amadou"));
        out.extend(jpeg_tables());
        out.extend(segment(0xFE, b"taken by Amadou"));
        out.extend(jpeg_scan());
        // What a phone appends: a second image with its own EXIF.
        out.extend_from_slice(&[0xFF, 0xD8]);
        out.extend(segment(0xE1, &exif_with_gps()));
        out.extend_from_slice(&[0xFF, 0xD9]);
        out
    }

    #[test]
    fn jpeg_loses_exif_gps_and_comments_but_keeps_the_image() {
        let original = jpeg_with_metadata();
        let copy = original.clone();
        let out = cleaned(&original);
        assert_eq!(original, copy, "the original is untouched");
        assert!(!contains(&out, b"Exif"));
        assert!(!contains(&out, &gps_latitude()));
        assert!(!contains(&out, NAME));
        assert!(!contains(&out, b"ICC_PROFILE"));
        assert!(!contains(&out, &[0xAA, 0xBB, 0xCC]), "JFIF thumbnail");

        let expected = [
            vec![0xFF, 0xD8],
            jfif(false),
            adobe(),
            jpeg_tables(),
            jpeg_scan(),
        ]
        .concat();
        assert_eq!(out, expected);
        let sos = |bytes: &[u8]| find(bytes, &[0xFF, 0xDA]).unwrap();
        let scan = &original[sos(&original)..];
        let scan = &scan[..find(scan, &[0xFF, 0xD9]).unwrap() + 2];
        assert_eq!(&out[sos(&out)..], scan, "SOS to EOI is byte-identical");
    }

    #[test]
    fn jpeg_scans_with_stuffing_restarts_and_tables_between_them_are_copied() {
        let mut scans = segment(0xDA, &[1, 1, 0x00, 0, 63, 0]);
        scans.extend_from_slice(&[0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD3, 0x56, 0xFF, 0xFF]);
        scans.extend(segment(
            0xC4,
            &[0x10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
        ));
        scans.extend(segment(0xDA, &[1, 1, 0x00, 1, 63, 0]));
        scans.extend_from_slice(&[0x78, 0xFF, 0xD9]);
        let mut original = vec![0xFF, 0xD8];
        original.extend(jpeg_tables());
        original.extend(segment(0xE1, &exif_with_gps()));
        original.extend(&scans);
        let out = cleaned(&original);
        assert_eq!(out, [vec![0xFF, 0xD8], jpeg_tables(), scans].concat());
    }

    #[test]
    fn a_truncated_jpeg_is_closed_and_a_headless_one_refused() {
        let mut original = vec![0xFF, 0xD8];
        original.extend(segment(0xFE, NAME));
        original.extend(jpeg_tables());
        original.extend(segment(0xDA, &[1, 1, 0x00, 0, 63, 0]));
        original.extend_from_slice(&[0x3F, 0x12]);
        let out = cleaned(&original);
        assert!(out.ends_with(&[0x3F, 0x12, 0xFF, 0xD9]));
        assert!(!contains(&out, NAME));

        let cut = &original[..original.len() - 40];
        assert!(matches!(strip(cut), Err(CleanError::Malformed)));
        assert!(matches!(
            strip(&[0xFF, 0xD8, 0xFF]),
            Err(CleanError::Malformed)
        ));
    }

    // --- PNG ----------------------------------------------------------------

    fn chunk(kind: [u8; 4], data: &[u8]) -> Vec<u8> {
        let mut out = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
        out.extend_from_slice(&kind);
        out.extend_from_slice(data);
        let mut crc = crc32fast::Hasher::new();
        crc.update(&kind);
        crc.update(data);
        out.extend_from_slice(&crc.finalize().to_be_bytes());
        out
    }

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut encoder =
            flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    fn png_image_chunks() -> [Vec<u8>; 2] {
        // 1×1, 8-bit grey, one scanline: filter 0, value 0x80.
        [
            chunk(*b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]),
            chunk(*b"IDAT", &zlib(&[0, 0x80])),
        ]
    }

    #[test]
    fn png_loses_text_time_exif_and_icc_but_keeps_the_image() {
        let [ihdr, idat] = png_image_chunks();
        let gama = chunk(*b"gAMA", &45455u32.to_be_bytes());
        let phys = chunk(*b"pHYs", &[0, 0, 0x0B, 0x13, 0, 0, 0x0B, 0x13, 1]);
        let iend = chunk(*b"IEND", &[]);
        let original = [
            PNG_SIGNATURE.to_vec(),
            ihdr.clone(),
            gama.clone(),
            chunk(*b"tEXt", b"Author\0Amadou Traore"),
            chunk(*b"zTXt", &[b"Comment\0\0".as_slice(), &zlib(NAME)].concat()),
            chunk(*b"iTXt", b"Author\0\0\0fr\0Auteur\0Amadou"),
            chunk(*b"eXIf", &exif_with_gps()[6..]),
            chunk(
                *b"iCCP",
                &[b"Amadou\0\0".as_slice(), &zlib(b"profile")].concat(),
            ),
            chunk(*b"tIME", &[0x07, 0xEA, 1, 2, 3, 4, 5]),
            chunk(*b"prVt", NAME),
            phys.clone(),
            idat.clone(),
            iend.clone(),
            b"trailing Amadou".to_vec(),
        ]
        .concat();
        let out = cleaned(&original);
        assert_eq!(
            out,
            [PNG_SIGNATURE.to_vec(), ihdr, gama, phys, idat, iend].concat()
        );
        for kind in [b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"iCCP", b"tIME"] {
            assert!(!contains(&out, kind));
        }
    }

    #[test]
    fn broken_pngs_are_refused() {
        let [ihdr, idat] = png_image_chunks();
        let no_iend = [PNG_SIGNATURE.to_vec(), ihdr.clone(), idat.clone()].concat();
        assert!(matches!(strip(&no_iend), Err(CleanError::Malformed)));
        let idat_first = [PNG_SIGNATURE.to_vec(), idat, ihdr, chunk(*b"IEND", &[])].concat();
        assert!(matches!(strip(&idat_first), Err(CleanError::Malformed)));
    }

    // --- WebP ---------------------------------------------------------------

    fn riff_chunk(kind: [u8; 4], data: &[u8]) -> Vec<u8> {
        let mut out = kind.to_vec();
        out.extend_from_slice(&u32::try_from(data.len()).unwrap().to_le_bytes());
        out.extend_from_slice(data);
        if data.len() % 2 == 1 {
            out.push(0);
        }
        out
    }

    fn riff(chunks: &[Vec<u8>]) -> Vec<u8> {
        let body = chunks.concat();
        let mut out = b"RIFF".to_vec();
        out.extend_from_slice(&u32::try_from(body.len() + 4).unwrap().to_le_bytes());
        out.extend_from_slice(b"WEBP");
        out.extend(body);
        out
    }

    #[test]
    fn webp_loses_exif_xmp_and_icc_and_their_flags() {
        // Flags: ICC 0x20, alpha 0x10, EXIF 0x08, XMP 0x04; canvas 1×1.
        let extended = |flags: u8| riff_chunk(*b"VP8X", &[flags, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        let vp8l = riff_chunk(
            *b"VP8L",
            &[0x2F, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88],
        );
        let alph = riff_chunk(*b"ALPH", &[0, 0xFF]);
        let original = [
            riff(&[
                extended(0x3C),
                riff_chunk(*b"ICCP", b"Amadou's profile"),
                alph.clone(),
                vp8l.clone(),
                riff_chunk(*b"EXIF", &exif_with_gps()[6..]),
                riff_chunk(*b"XMP ", b"<x:xmpmeta>Amadou</x:xmpmeta>"),
                riff_chunk(*b"UNKN", NAME),
            ]),
            b"after the container: Amadou".to_vec(),
        ]
        .concat();
        let out = cleaned(&original);
        assert_eq!(out, riff(&[extended(0x10), alph, vp8l]));
        assert!(!contains(&out, b"EXIF") && !contains(&out, NAME));
    }

    #[test]
    fn a_webp_whose_chunk_overruns_the_container_is_refused() {
        let mut bad = riff(&[riff_chunk(*b"VP8L", &[1, 2, 3, 4])]);
        bad[16] = 200;
        assert!(matches!(strip(&bad), Err(CleanError::Malformed)));
    }

    // --- PDF ----------------------------------------------------------------

    fn text(value: &str) -> Object {
        Object::string_literal(value)
    }

    fn pdf_with_author(object_streams: bool) -> Vec<u8> {
        let mut document = Document::with_version("1.5");
        let tree_id = document.new_object_id();
        let contents = Stream::new(Dictionary::new(), b"BT 72 712 Td (Rapport) Tj ET".to_vec());
        let contents_id = document.add_object(contents);
        let xmp = Stream::new(
            dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
            b"<x:xmpmeta><dc:creator>Amadou Traore</dc:creator></x:xmpmeta>".to_vec(),
        );
        let xmp_id = document.add_object(xmp);
        let note_id = document.add_object(dictionary! {
            "Type" => "Annot", "Subtype" => "Text", "Rect" => vec![0.into(), 0.into(), 9.into(), 9.into()],
            "T" => text("Amadou Traore"), "Contents" => text("voir page 2"),
        });
        let field_id = document.add_object(dictionary! {
            "Type" => "Annot", "Subtype" => "Widget", "FT" => "Tx",
            "Rect" => vec![0.into(), 20.into(), 9.into(), 29.into()], "T" => text("matricule"),
        });
        let page_id = document.add_object(dictionary! {
            "Type" => "Page", "Parent" => tree_id, "Contents" => contents_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Annots" => vec![note_id.into(), field_id.into()], "Metadata" => xmp_id,
            "PieceInfo" => dictionary! { "Illustrator" => dictionary! { "Private" => text("Amadou") } },
        });
        document.objects.insert(
            tree_id,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 },
            ),
        );
        let catalog_id = document.add_object(dictionary! {
            "Type" => "Catalog", "Pages" => tree_id, "Metadata" => xmp_id,
        });
        let info_id = document.add_object(dictionary! {
            "Author" => text("Amadou Traore"), "Creator" => text("Word - Amadou"),
            "CreationDate" => text("D:20260101120000+00'00'"),
        });
        document.trailer.set("Root", catalog_id);
        document.trailer.set("Info", info_id);
        document
            .trailer
            .set("ID", vec![text("Amadou-1"), text("Amadou-2")]);
        let mut out = Vec::new();
        if object_streams {
            document.save_modern(&mut out).unwrap();
        } else {
            document.save_to(&mut out).unwrap();
        }
        out
    }

    /// Every string and (decoded) stream in a parsed document.
    fn all_pdf_text(document: &Document) -> Vec<u8> {
        fn walk(object: &Object, out: &mut Vec<u8>) {
            match object {
                Object::String(bytes, _) | Object::Name(bytes) => out.extend_from_slice(bytes),
                Object::Array(items) => items.iter().for_each(|item| walk(item, out)),
                Object::Dictionary(dictionary) => dictionary.iter().for_each(|(key, value)| {
                    out.extend_from_slice(key);
                    walk(value, out);
                }),
                Object::Stream(stream) => {
                    walk(&Object::Dictionary(stream.dict.clone()), out);
                    out.extend(
                        stream
                            .decompressed_content()
                            .unwrap_or(stream.content.clone()),
                    );
                }
                _ => {}
            }
        }
        let mut out = Vec::new();
        walk(&Object::Dictionary(document.trailer.clone()), &mut out);
        document
            .objects
            .values()
            .for_each(|object| walk(object, &mut out));
        out
    }

    #[test]
    fn pdf_loses_info_xmp_id_and_comment_authors() {
        for object_streams in [false, true] {
            let original = pdf_with_author(object_streams);
            let before = Document::load_mem(&original).unwrap();
            assert!(
                contains(&all_pdf_text(&before), NAME),
                "the fixture carries the name"
            );

            let out = cleaned(&original);
            assert!(
                !contains(&out, NAME),
                "raw bytes, object streams: {object_streams}"
            );
            let after = Document::load_mem(&out).expect("the clean copy parses");
            assert!(!contains(&all_pdf_text(&after), NAME));
            assert!(!after.trailer.has(b"Info") && !after.trailer.has(b"ID"));
            assert!(!after.catalog().unwrap().has(b"Metadata"));
            assert_eq!(after.get_pages().len(), 1);
            let page = after.get_pages()[&1];
            assert!(
                after
                    .get_page_content(page)
                    .starts_with(b"BT 72 712 Td (Rapport) Tj ET")
            );
            // The form field keeps its name; the comment keeps its text.
            let all = all_pdf_text(&after);
            assert!(contains(&all, b"matricule") && contains(&all, b"voir page 2"));
        }
    }

    #[test]
    fn encrypted_or_broken_pdfs_are_refused() {
        let mut document = Document::load_mem(&pdf_with_author(false)).unwrap();
        let encrypt_id = document.add_object(dictionary! {
            "Filter" => "Standard", "V" => 1, "R" => 2, "P" => -4,
            "O" => Object::string_literal(vec![1u8; 32]), "U" => Object::string_literal(vec![2u8; 32]),
        });
        document.trailer.set("Encrypt", encrypt_id);
        let mut encrypted = Vec::new();
        document.save_to(&mut encrypted).unwrap();
        assert!(matches!(strip(&encrypted), Err(CleanError::Malformed)));

        assert!(matches!(
            strip(b"%PDF-1.7\n1 0 obj\n<< /Author (Amadou"),
            Err(CleanError::Malformed)
        ));
    }

    // --- Office Open XML ----------------------------------------------------

    const CORE: &str = r#"<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Amadou</dc:creator><cp:lastModifiedBy>Amadou Traore</cp:lastModifiedBy></cp:coreProperties>"#;

    fn deflate(data: &[u8]) -> Vec<u8> {
        let mut encoder =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    /// Adds a file entry holding `data`, deflated or stored.
    fn add(writer: &mut ZipArchiveWriter<&mut Vec<u8>>, name: &str, data: &[u8], deflated: bool) {
        let method = if deflated {
            CompressionMethod::DEFLATE
        } else {
            CompressionMethod::STORE
        };
        let (mut file, _) = writer
            .new_file(name)
            .compression_method(method)
            .extra_field(
                ExtraFieldId::new(0x7875),
                b"uid of Amadou",
                rawzip::Header::default(),
            )
            .unwrap()
            .start()
            .unwrap();
        file.write_all(&if deflated {
            deflate(data)
        } else {
            data.to_vec()
        })
        .unwrap();
        let crc = rawzip::crc32(data);
        file.finish(DataDescriptorOutput::new(crc, data.len() as u64))
            .unwrap();
    }

    fn docx() -> Vec<u8> {
        let mut out = Vec::new();
        let mut writer = ZipArchiveWriter::new(&mut out);
        add(
            &mut writer,
            "[Content_Types].xml",
            br#"<Types><Default Extension="xml" ContentType="application/xml"/></Types>"#,
            true,
        );
        add(&mut writer, "_rels/.rels", b"<Relationships/>", true);
        add(&mut writer, "docProps/core.xml", CORE.as_bytes(), true);
        add(
            &mut writer,
            "docProps/app.xml",
            b"<Properties><Company>Amadou SARL</Company></Properties>",
            false,
        );
        add(
            &mut writer,
            "docProps/custom.xml",
            b"<Properties><vt:lpwstr>Amadou</vt:lpwstr></Properties>",
            true,
        );
        add(
            &mut writer,
            "word/document.xml",
            b"<w:document>le rapport</w:document>",
            true,
        );
        writer.new_dir("word/media/").create().unwrap();
        add(
            &mut writer,
            "word/media/image1.png",
            b"\x89PNG pretend",
            false,
        );
        writer.set_comment("zipped on Amadou's laptop");
        writer.finish().unwrap();
        out
    }

    fn unpack(
        archive: &rawzip::ZipSliceArchive<&[u8]>,
        entry: &rawzip::ZipFileHeaderRecord<'_>,
    ) -> Vec<u8> {
        let local = archive.get_entry(entry.wayfinder()).unwrap();
        let mut data = Vec::new();
        if entry.compression_method() == CompressionMethod::DEFLATE {
            let inflater = flate2::bufread::DeflateDecoder::new(local.data());
            local
                .verifying_reader(inflater)
                .read_to_end(&mut data)
                .unwrap();
        } else {
            local
                .verifying_reader(local.data())
                .read_to_end(&mut data)
                .unwrap();
        }
        data
    }

    #[test]
    fn docx_loses_its_properties_and_keeps_every_other_entry_as_it_was() {
        let original = docx();
        let out = cleaned(&original);
        assert!(
            !contains(&out, NAME),
            "no property, comment or extra field keeps the name"
        );

        let before = ZipArchive::from_slice(original.as_slice()).unwrap();
        let after = ZipArchive::from_slice(out.as_slice()).unwrap();
        let old: Vec<_> = before.entries().map(Result::unwrap).collect();
        let new: Vec<_> = after.entries().map(Result::unwrap).collect();
        assert_eq!(old.len(), new.len());
        for (old, new) in old.iter().zip(&new) {
            let name = old.file_path().as_ref().to_vec();
            assert_eq!(name, new.file_path().as_ref());
            assert!(new.extra_fields().next().is_none());
            let data = unpack(&after, new);
            match String::from_utf8_lossy(&name).as_ref() {
                "docProps/core.xml" => {
                    assert!(!contains(&data, NAME));
                    assert!(contains(&data, b"<cp:coreProperties xmlns:cp="));
                    assert!(data.ends_with(b"/>"));
                }
                "docProps/app.xml" | "docProps/custom.xml" => {
                    assert!(!contains(&data, NAME) && contains(&data, b"<Properties xmlns="));
                }
                _ => {
                    assert_eq!(old.compression_method(), new.compression_method());
                    assert_eq!(old.crc32(), new.crc32());
                    let raw =
                        |archive: &rawzip::ZipSliceArchive<&[u8]>,
                         entry: &rawzip::ZipFileHeaderRecord<'_>| {
                            archive
                                .get_entry(entry.wayfinder())
                                .unwrap()
                                .data()
                                .to_vec()
                        };
                    assert_eq!(raw(&before, old), raw(&after, new), "raw copy");
                    assert_eq!(unpack(&before, old), data);
                }
            }
        }
    }

    #[test]
    fn a_zip_that_is_not_an_office_file_is_unsupported() {
        let mut out = Vec::new();
        let mut writer = ZipArchiveWriter::new(&mut out);
        add(&mut writer, "notes.txt", b"Amadou", false);
        writer.finish().unwrap();
        assert!(strip(&out).unwrap().is_none());
        assert!(matches!(
            strip(b"PK\x03\x04 broken"),
            Err(CleanError::Malformed)
        ));
    }

    #[test]
    fn a_docx_claiming_ten_gibibytes_is_a_bomb() {
        let mut out = Vec::new();
        let mut writer = ZipArchiveWriter::new(&mut out);
        add(&mut writer, "[Content_Types].xml", b"<Types/>", false);
        let (mut file, _) = writer
            .new_file("word/document.xml")
            .compression_method(CompressionMethod::DEFLATE)
            .start()
            .unwrap();
        file.write_all(&deflate(b"<w:document/>")).unwrap();
        file.finish(DataDescriptorOutput::new(0, 10 << 30)).unwrap();
        writer.finish().unwrap();
        assert!(matches!(strip(&out), Err(CleanError::Bomb)));
    }

    #[test]
    fn a_docx_with_twenty_thousand_entries_is_a_bomb() {
        let mut out = Vec::new();
        let mut writer = ZipArchiveWriter::new(&mut out);
        add(&mut writer, "[Content_Types].xml", b"<Types/>", false);
        for n in 0..20_000 {
            add(&mut writer, &format!("word/p{n}.xml"), b"", false);
        }
        writer.finish().unwrap();
        assert!(matches!(strip(&out), Err(CleanError::Bomb)));
    }

    #[test]
    fn a_highly_compressed_entry_is_a_bomb() {
        let mut out = Vec::new();
        let mut writer = ZipArchiveWriter::new(&mut out);
        add(&mut writer, "[Content_Types].xml", b"<Types/>", false);
        add(&mut writer, "word/document.xml", &vec![b' '; 4 << 20], true);
        writer.finish().unwrap();
        assert!(matches!(strip(&out), Err(CleanError::Bomb)));
        let loose = CleanLimits {
            max_ratio: 10_000,
            ..CleanLimits::default()
        };
        assert!(strip_metadata("x.docx", &out, &loose).unwrap().is_some());
    }

    #[test]
    fn entries_sharing_one_body_are_a_bomb() {
        // One local entry, and 40 directory records that all point at it: a
        // raw copy would be 40 times the original.
        let body = vec![b'x'; 4096];
        let crc = rawzip::crc32(&body);
        let size = u32::try_from(body.len()).unwrap().to_le_bytes();
        let name = b"[Content_Types].xml";
        let name_len = u16::try_from(name.len()).unwrap().to_le_bytes();
        let mut zip = b"PK\x03\x04\x14\0\0\0\0\0\0\0\0\0".to_vec();
        zip.extend_from_slice(&crc.to_le_bytes());
        zip.extend_from_slice(&size);
        zip.extend_from_slice(&size);
        zip.extend_from_slice(&name_len);
        zip.extend_from_slice(&[0, 0]);
        zip.extend_from_slice(name);
        zip.extend_from_slice(&body);
        let directory_start = u32::try_from(zip.len()).unwrap();
        let records: u16 = 40;
        for _ in 0..records {
            zip.extend_from_slice(b"PK\x01\x02\x14\0\x14\0\0\0\0\0\0\0\0\0");
            zip.extend_from_slice(&crc.to_le_bytes());
            zip.extend_from_slice(&size);
            zip.extend_from_slice(&size);
            zip.extend_from_slice(&name_len);
            zip.extend_from_slice(&[0; 12]); // extra, comment, disk, attributes
            zip.extend_from_slice(&0u32.to_le_bytes());
            zip.extend_from_slice(name);
        }
        let directory_size = u32::try_from(zip.len()).unwrap() - directory_start;
        zip.extend_from_slice(b"PK\x05\x06\0\0\0\0");
        zip.extend_from_slice(&records.to_le_bytes());
        zip.extend_from_slice(&records.to_le_bytes());
        zip.extend_from_slice(&directory_size.to_le_bytes());
        zip.extend_from_slice(&directory_start.to_le_bytes());
        zip.extend_from_slice(&[0, 0]);
        assert!(matches!(strip(&zip), Err(CleanError::Bomb)));
    }

    #[test]
    fn limits_and_unsupported_types() {
        let tiny = CleanLimits {
            max_input: 10,
            ..CleanLimits::default()
        };
        assert!(matches!(
            strip_metadata("a.jpg", &jpeg_with_metadata(), &tiny),
            Err(CleanError::TooLarge)
        ));
        // Unsupported types are not cleaned, whatever their size or name.
        assert!(
            strip_metadata("a.jpg", b"GIF89a Amadou", &tiny)
                .unwrap()
                .is_none()
        );
        assert!(strip(b"").unwrap().is_none());
        assert!(strip(b"plain text").unwrap().is_none());
    }

    #[test]
    fn errors_carry_no_content() {
        for error in [
            CleanError::TooLarge,
            CleanError::Bomb,
            CleanError::Malformed,
        ] {
            let message = error.to_string();
            assert!(!message.is_empty() && !message.contains('{'));
        }
    }

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

    // --- never panics -------------------------------------------------------

    fn magic_prefix() -> impl Strategy<Value = Vec<u8>> {
        prop::sample::select(vec![
            vec![0xFF, 0xD8, 0xFF],
            vec![0xFF, 0xD8, 0xFF, 0xE1, 0x00],
            PNG_SIGNATURE.to_vec(),
            [PNG_SIGNATURE, &[0, 0, 0, 13]].concat(),
            b"RIFF\x20\0\0\0WEBP".to_vec(),
            b"RIFF\x20\0\0\0WEBPVP8X\x0A\0\0\0".to_vec(),
            b"%PDF-1.7\n".to_vec(),
            b"%PDF-1.4\n1 0 obj\n<<".to_vec(),
            b"PK\x03\x04".to_vec(),
            b"PK\x05\x06".to_vec(),
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn strip_never_panics_on_a_known_prefix(
            prefix in magic_prefix(),
            tail in prop::collection::vec(any::<u8>(), 0..600),
        ) {
            let content = [prefix, tail].concat();
            let _ = strip(&content);
            let _ = assess("x", &content);
        }

        #[test]
        fn strip_never_panics_on_damaged_real_files(
            which in 0..6usize,
            edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
            cut in any::<prop::sample::Index>(),
            truncate in any::<bool>(),
        ) {
            let mut content = match which {
                0 => jpeg_with_metadata(),
                1 => [PNG_SIGNATURE.to_vec(), png_image_chunks().concat(), chunk(*b"IEND", &[])].concat(),
                2 => riff(&[riff_chunk(*b"VP8X", &[0x08; 10]), riff_chunk(*b"EXIF", b"Amadou")]),
                3 => pdf_with_author(false),
                4 => pdf_with_author(true),
                _ => docx(),
            };
            for (at, byte) in edits {
                let at = at.index(content.len());
                content[at] = byte;
            }
            if truncate {
                content.truncate(cut.index(content.len() + 1));
            }
            let _ = strip(&content);
            let _ = assess("x.docx", &content);
        }

        #[test]
        fn assess_never_panics(name in ".{0,40}", content in prop::collection::vec(any::<u8>(), 0..300)) {
            let _ = assess(&name, &content);
        }
    }
}
