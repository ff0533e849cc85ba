//! PDF, recognised by `%PDF-` in its first KiB (where readers look for it).
//!
//! The document is loaded with lopdf (object streams unpacked, each stream's
//! inflated size bounded), cleaned object by object, and written anew holding
//! only the objects still reachable from the catalogue: earlier revisions of
//! an incrementally saved file, orphans and anything after `%%EOF` are gone.
//!
//! Removed:
//! - the trailer's `/Info` (author, creator, producer, dates) and `/ID`;
//! - XMP: every `/Metadata` stream, the catalogue's and every object's;
//!   `/PieceInfo` (application private data), `/LastModified`, page
//!   thumbnails (`/Thumb`: a picture of an earlier state of the page);
//! - embedded files: the `/EmbeddedFiles` name tree, `/EF` in file
//!   specifications, `/AF` associated files, portfolios (`/Collection`),
//!   and file attachment, sound, movie, screen, rich-media and 3D annotations;
//! - scripts and actions: the `/JavaScript` name tree, every `/JS`,
//!   `/OpenAction`, `/AA`, XFA forms, and every action that runs, launches,
//!   imports, submits or opens another file (`JavaScript`, `Launch`,
//!   `ImportData`, `SubmitForm`, `GoToR`, `GoToE`, `Rendition`, `Sound`,
//!   `Movie`, `RichMediaExecute`), wherever it hangs (`/A`, `/Next`);
//! - annotation authors and dates: `/T` (the commenter's name) and `/RC`
//!   (rich text, which carries the author's styles) on markup annotations,
//!   `/M`, `/CreationDate` and `/NM` on every annotation; digital signatures'
//!   name, location, reason, contact, date and certificate;
//! - in embedded JPEG images (`/DCTDecode`): every `APPn` segment (EXIF, GPS,
//!   serial, XMP, IPTC, ICC, thumbnails) and comment, as in
//!   [`images::strip_jpeg_segments`](super::images::strip_jpeg_segments);
//!   the pixels stay bit-exact, as the PDF's own colour space describes them;
//! - in embedded JPEG 2000 images (`/JPXDecode`): every box but the
//!   signature, file type, header and codestream, and the codestream's
//!   comments.
//!
//! Left: the visible content (text, drawings, images' pixels, form values),
//! fonts, links to web pages, optional content (hidden layers stay hidden,
//! not removed), and the page structure. Unlike mat2, which renders every
//! page to a picture, the text stays searchable; what a page draws but hides
//! (white text, content under an image) stays too. An encrypted PDF is not
//! cleaned, and an image filter chain that ends elsewhere than in plain
//! image data makes the whole file not cleaned.

use std::collections::BTreeSet;
use std::io::Read;

use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId};

use super::images::strip_jpeg_segments;
use super::{CleanError, CleanLimits, Cleaned};

/// Actions that run, launch, import, submit or open something.
const ACTIVE_ACTIONS: &[&[u8]] = &[
    b"JavaScript",
    b"Launch",
    b"ImportData",
    b"SubmitForm",
    b"GoToR",
    b"GoToE",
    b"Rendition",
    b"Sound",
    b"Movie",
    b"RichMediaExecute",
];

/// Annotations that carry files, media or scripts: removed whole.
const CARRIER_ANNOTATIONS: &[&[u8]] = &[
    b"FileAttachment",
    b"Sound",
    b"Movie",
    b"Screen",
    b"RichMedia",
    b"3D",
];

/// Markup annotations, whose `/T` is the commenter's name (for form fields,
/// `/T` is the field name and must stay).
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
    b"Redact",
    b"Popup",
];

/// Keys removed from every dictionary, and what each is, for the reviewer.
const REMOVED_KEYS: &[(&[u8], &str)] = &[
    (b"Metadata", "XMP metadata streams"),
    (b"PieceInfo", "application private data (/PieceInfo)"),
    (b"LastModified", "modification dates"),
    (b"AA", "automatic actions (/AA)"),
    (b"OpenAction", "the action run on opening (/OpenAction)"),
    (b"JS", "JavaScript"),
    (b"EF", "embedded files"),
    (b"AF", "associated files"),
    (b"Thumb", "page thumbnails"),
    (b"Collection", "portfolio (embedded files)"),
    (b"XFA", "XFA forms (scripts and authoring data)"),
    (b"SpiderInfo", "web-capture information"),
];

/// What was removed, each thing once, in the order found.
#[derive(Default)]
struct Found(BTreeSet<&'static str>);

impl Found {
    fn note(&mut self, what: &'static str) {
        self.0.insert(what);
    }
}

/// Cleans a PDF; see the module documentation for what goes and what stays.
pub(crate) fn clean_pdf(content: &[u8], limits: &CleanLimits) -> Result<Cleaned, CleanError> {
    let options = LoadOptions {
        max_decompressed_size: Some(load_budget(content, limits)?),
        ..LoadOptions::default()
    };
    let mut document = Document::load_mem_with_options(content, options)
        .map_err(|_| CleanError::Malformed("PDF"))?;
    if document.trailer.has(b"Encrypt") || document.was_encrypted() {
        return Err(CleanError::Unsupported(
            "the PDF is encrypted: it cannot be cleaned",
        ));
    }
    document
        .catalog()
        .map_err(|_| CleanError::Malformed("PDF"))?;
    let mut found = Found::default();
    if document.trailer.remove(b"Info").is_some() {
        found.note("document information (/Info: author, creator, producer, dates)");
    }
    if document.trailer.remove(b"ID").is_some() {
        found.note("the document identifier (/ID)");
    }
    remove_name_trees(&mut document, &mut found);

    let active: BTreeSet<ObjectId> = document
        .objects
        .iter()
        .filter(|(_, object)| dictionary_of(object).is_some_and(is_active_action))
        .map(|(&id, _)| id)
        .collect();
    let carriers: BTreeSet<ObjectId> = document
        .objects
        .iter()
        .filter(|(_, object)| dictionary_of(object).is_some_and(is_carrier_annotation))
        .map(|(&id, _)| id)
        .collect();
    if !active.is_empty() {
        found.note("actions that run scripts, launch programs or open files");
    }
    if !carriers.is_empty() {
        found.note("file attachment and media annotations (embedded files)");
    }
    let refs = Refs {
        active: &active,
        carriers: &carriers,
    };
    let ids: Vec<ObjectId> = document.objects.keys().copied().collect();
    for id in ids {
        let Some(object) = document.objects.get_mut(&id) else {
            continue;
        };
        scrub_object(object, &refs, &mut found, 0);
        if let Object::Stream(stream) = object {
            clean_image_stream(stream, limits, &mut found)?;
        }
    }
    document.prune_objects();
    check_nothing_left(&document)?;
    let mut out = Vec::with_capacity(content.len());
    document
        .save_to(&mut out)
        .map_err(|_| CleanError::Malformed("PDF"))?;
    let mut removed: Vec<&'static str> = found.0.into_iter().collect();
    removed.push("earlier revisions and unreferenced objects");
    Ok(Cleaned {
        bytes: out,
        removed,
    })
}

/// The least each object stream may inflate to, however many there are.
const MIN_OBJECT_STREAM_BUDGET: u64 = 256 * 1024;

/// The most bytes one stream may inflate to while lopdf loads the document.
///
/// lopdf inflates every object stream (and cross-reference stream) while
/// loading, each bounded on its own; many of them could still add up to a
/// bomb. Together they get the same cap as an archive's entries
/// ([`ArchiveLimits::max_output`](super::ArchiveLimits::max_output) of the
/// file's size), shared between the object streams counted in the raw
/// bytes (an object stream is never inside another one, so each one's
/// dictionary is there to see).
fn load_budget(content: &[u8], limits: &CleanLimits) -> Result<usize, CleanError> {
    let total = limits.archive.max_output(content.len() as u64);
    let streams = count_names(content, b"ObjStm") as u64 + count_names(content, b"XRef") as u64;
    let share = total / streams.max(1);
    if share < MIN_OBJECT_STREAM_BUDGET {
        return Err(CleanError::Archive(super::ArchiveError::TooMuchOutput {
            would_write: streams.saturating_mul(MIN_OBJECT_STREAM_BUDGET),
            archive: content.len() as u64,
            cap: total,
        }));
    }
    Ok(usize::try_from(share.min(limits.max_pdf_stream)).unwrap_or(usize::MAX))
}

/// How many times the PDF name `/wanted` occurs, also when spelt with `#xx`
/// escapes.
fn count_names(bytes: &[u8], wanted: &[u8]) -> usize {
    let is_end = |b: u8| b.is_ascii_whitespace() || b"()<>[]{}/%\0".contains(&b);
    let mut count = 0;
    let mut at = 0;
    while let Some(slash) = bytes[at..].iter().position(|&b| b == b'/') {
        let mut i = at + slash + 1;
        let mut matched = 0;
        let mut length = 0;
        while let Some(&b) = bytes.get(i).filter(|&&b| !is_end(b)) {
            let (byte, width) = match (b, bytes.get(i + 1..i + 3)) {
                (b'#', Some(hex)) => std::str::from_utf8(hex)
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .map_or((b, 1), |decoded| (decoded, 3)),
                _ => (b, 1),
            };
            if wanted.get(length) == Some(&byte) {
                matched += 1;
            }
            length += 1;
            i += width;
        }
        if length == wanted.len() && matched == wanted.len() {
            count += 1;
        }
        at = i.max(at + slash + 1);
    }
    count
}

/// The object ids that references may not point at any more.
struct Refs<'a> {
    active: &'a BTreeSet<ObjectId>,
    carriers: &'a BTreeSet<ObjectId>,
}

/// The catalogue's `/Names` entries that hold scripts and files.
fn remove_name_trees(document: &mut Document, found: &mut Found) {
    let names = match document.catalog().ok().and_then(|c| c.get(b"Names").ok()) {
        Some(Object::Reference(id)) => Some(*id),
        _ => None,
    };
    let dictionary = match names {
        Some(id) => document
            .objects
            .get_mut(&id)
            .and_then(|object| object.as_dict_mut().ok()),
        None => document
            .catalog_mut()
            .ok()
            .and_then(|catalog| catalog.get_mut(b"Names").ok())
            .and_then(|object| object.as_dict_mut().ok()),
    };
    if let Some(dictionary) = dictionary {
        if dictionary.remove(b"JavaScript").is_some() {
            found.note("document-level JavaScript");
        }
        if dictionary.remove(b"EmbeddedFiles").is_some() {
            found.note("embedded files");
        }
    }
}

/// The dictionary of a dictionary or a stream.
fn dictionary_of(object: &Object) -> Option<&Dictionary> {
    match object {
        Object::Dictionary(dictionary) => Some(dictionary),
        Object::Stream(stream) => Some(&stream.dict),
        _ => None,
    }
}

fn name_is(dictionary: &Dictionary, key: &[u8], names: &[&[u8]]) -> bool {
    dictionary
        .get(key)
        .and_then(Object::as_name)
        .is_ok_and(|name| names.contains(&name))
}

fn is_active_action(dictionary: &Dictionary) -> bool {
    name_is(dictionary, b"S", ACTIVE_ACTIONS)
}

fn is_carrier_annotation(dictionary: &Dictionary) -> bool {
    dictionary.has(b"Rect") && name_is(dictionary, b"Subtype", CARRIER_ANNOTATIONS)
}

/// Whether `value` is, or points at, something that must go.
fn must_go(value: &Object, ids: &BTreeSet<ObjectId>, test: fn(&Dictionary) -> bool) -> bool {
    match value {
        Object::Reference(id) => ids.contains(id),
        Object::Dictionary(dictionary) => test(dictionary),
        _ => false,
    }
}

/// Removes identifying entries, actions and carriers from `object` and the
/// direct objects inside it.
fn scrub_object(object: &mut Object, refs: &Refs<'_>, found: &mut Found, depth: usize) {
    // lopdf's parser bounds nesting already; this keeps the walk bounded too.
    if depth > 256 {
        return;
    }
    let dictionary = match object {
        Object::Dictionary(dictionary) => dictionary,
        Object::Stream(stream) => {
            if stream.dict.has_type(b"Metadata") {
                stream.set_plain_content(Vec::new());
                found.note("XMP metadata streams");
            }
            if stream.dict.has_type(b"EmbeddedFile") {
                stream.set_plain_content(Vec::new());
                found.note("embedded files");
            }
            &mut stream.dict
        }
        Object::Array(items) => {
            items.retain(|item| {
                !must_go(item, refs.carriers, is_carrier_annotation)
                    && !must_go(item, refs.active, is_active_action)
            });
            for item in items {
                scrub_object(item, refs, found, depth + 1);
            }
            return;
        }
        _ => return,
    };
    for &(key, what) in REMOVED_KEYS {
        if dictionary.remove(key).is_some() {
            found.note(what);
        }
    }
    for key in [b"A".as_slice(), b"Next"] {
        if dictionary
            .get(key)
            .is_ok_and(|value| must_go(value, refs.active, is_active_action))
        {
            dictionary.remove(key);
        }
    }
    let is_annotation = dictionary.has(b"Rect") && dictionary.has(b"Subtype");
    if is_annotation {
        if name_is(dictionary, b"Subtype", MARKUP) {
            for key in [b"T".as_slice(), b"RC"] {
                if dictionary.remove(key).is_some() {
                    found.note("comment authors (/T) and rich text (/RC)");
                }
            }
        }
        for key in [b"M".as_slice(), b"CreationDate", b"NM"] {
            if dictionary.remove(key).is_some() {
                found.note("annotation dates and identifiers");
            }
        }
    }
    let is_signature = dictionary.has_type(b"Sig") || dictionary.has(b"ByteRange");
    if is_signature {
        for key in [
            b"Name".as_slice(),
            b"M",
            b"Location",
            b"Reason",
            b"ContactInfo",
            b"Cert",
            b"Contents",
            b"Prop_Build",
        ] {
            if dictionary.remove(key).is_some() {
                found.note("digital signatures (signer, date, place, certificate)");
            }
        }
    }
    if name_is(dictionary, b"S", ACTIVE_ACTIONS) {
        // A direct active action left where it is: make it inert.
        dictionary.set("S", Object::Name(b"GoTo".to_vec()));
        dictionary.set("D", Object::Array(Vec::new()));
        for key in [b"F".as_slice(), b"JS", b"Win", b"Mac", b"Unix", b"Fields"] {
            dictionary.remove(key);
        }
    }
    for (_, value) in dictionary.iter_mut() {
        scrub_object(value, refs, found, depth + 1);
    }
}

/// Cleans the image data of an image stream: JPEG segments, JPEG 2000 boxes.
fn clean_image_stream(
    stream: &mut lopdf::Stream,
    limits: &CleanLimits,
    found: &mut Found,
) -> Result<(), CleanError> {
    let filters: Vec<Vec<u8>> = match stream.filters() {
        Ok(filters) => filters.into_iter().map(<[u8]>::to_vec).collect(),
        Err(_) => return Ok(()),
    };
    let Some(last) = filters.last() else {
        return Ok(());
    };
    let image_codec = last.as_slice() == b"DCTDecode" || last.as_slice() == b"JPXDecode";
    let earlier_image_codec = filters[..filters.len() - 1]
        .iter()
        .any(|f| f.as_slice() == b"DCTDecode" || f.as_slice() == b"JPXDecode");
    if earlier_image_codec {
        return Err(CleanError::Unsupported(
            "the PDF has an image behind a filter chain gundo cannot clean",
        ));
    }
    if !image_codec {
        return Ok(());
    }
    let mut data = stream.content.clone();
    for filter in &filters[..filters.len() - 1] {
        if filter.as_slice() != b"FlateDecode" || stream.dict.has(b"DecodeParms") {
            return Err(CleanError::Unsupported(
                "the PDF has an image behind a filter chain gundo cannot clean",
            ));
        }
        let mut plain = Vec::new();
        flate2::read::ZlibDecoder::new(data.as_slice())
            .take(limits.max_pdf_stream + 1)
            .read_to_end(&mut plain)
            .map_err(|_| CleanError::Malformed("PDF image"))?;
        if plain.len() as u64 > limits.max_pdf_stream {
            return Err(CleanError::Malformed("PDF image"));
        }
        data = plain;
    }
    let cleaned = if last.as_slice() == b"DCTDecode" {
        found.note("EXIF, GPS, XMP, ICC and comments of embedded JPEG images");
        strip_jpeg_segments(&data)?
    } else {
        found.note("metadata boxes and comments of embedded JPEG 2000 images");
        strip_jpeg2000(&data)?
    };
    stream.dict.set("Filter", Object::Name(last.clone()));
    stream.dict.remove(b"DecodeParms");
    stream.set_content(cleaned);
    Ok(())
}

/// JPEG 2000 as a JP2 file (boxes) or a bare codestream: keeps the
/// signature, file type, header and codestream boxes, drops every other box
/// (`xml `, `uuid`, `uinf`…), and drops comment segments from the
/// codestream's main header.
fn strip_jpeg2000(data: &[u8]) -> Result<Vec<u8>, CleanError> {
    const KEPT: &[&[u8; 4]] = &[b"jP  ", b"ftyp", b"jp2h", b"jp2c", b"rreq"];
    let malformed = || CleanError::Malformed("PDF JPEG 2000 image");
    if data.starts_with(&[0xFF, 0x4F]) {
        return strip_codestream_comments(data).ok_or_else(malformed);
    }
    let mut out = Vec::with_capacity(data.len());
    let mut pos = 0;
    while pos < data.len() {
        let header = data.get(pos..pos + 8).ok_or_else(malformed)?;
        let size = u64::from(u32::from_be_bytes([
            header[0], header[1], header[2], header[3],
        ]));
        let kind: [u8; 4] = [header[4], header[5], header[6], header[7]];
        let (body_start, end) = match size {
            0 => (pos + 8, data.len()),
            1 => {
                let large = data.get(pos + 8..pos + 16).ok_or_else(malformed)?;
                let large = u64::from_be_bytes(large.try_into().map_err(|_| malformed())?);
                let end = usize::try_from(large)
                    .ok()
                    .and_then(|l| pos.checked_add(l))
                    .ok_or_else(malformed)?;
                (pos + 16, end)
            }
            2..=7 => return Err(malformed()),
            _ => (
                pos + 8,
                pos + usize::try_from(size).map_err(|_| malformed())?,
            ),
        };
        if end > data.len() || body_start > end {
            return Err(malformed());
        }
        if &kind == b"jp2c" {
            let codestream =
                strip_codestream_comments(&data[body_start..end]).ok_or_else(malformed)?;
            let length = u32::try_from(codestream.len() + 8).map_err(|_| malformed())?;
            out.extend_from_slice(&length.to_be_bytes());
            out.extend_from_slice(b"jp2c");
            out.extend_from_slice(&codestream);
        } else if KEPT.contains(&&kind) {
            out.extend_from_slice(&data[pos..end]);
        }
        pos = end;
    }
    Ok(out)
}

/// A JPEG 2000 codestream without the comment (`COM`) segments of its main
/// header; `None` if the main header is damaged.
fn strip_codestream_comments(data: &[u8]) -> Option<Vec<u8>> {
    if !data.starts_with(&[0xFF, 0x4F]) {
        return None;
    }
    let mut out = Vec::with_capacity(data.len());
    out.extend_from_slice(&[0xFF, 0x4F]);
    let mut pos = 2;
    loop {
        let marker = data.get(pos..pos + 2)?;
        if marker[0] != 0xFF {
            return None;
        }
        if marker[1] == 0x90 {
            // The first tile-part: the main header ends here.
            out.extend_from_slice(&data[pos..]);
            return Some(out);
        }
        let length = usize::from(u16::from_be_bytes(
            data.get(pos + 2..pos + 4)?.try_into().ok()?,
        ));
        if length < 2 {
            return None;
        }
        let end = pos + 2 + length;
        let segment = data.get(pos..end)?;
        if marker[1] != 0x64 {
            out.extend_from_slice(segment);
        }
        pos = end;
    }
}

/// Fails if a metadata stream, an embedded file or a script is still there
/// after cleaning, whatever kept it reachable.
fn check_nothing_left(document: &Document) -> Result<(), CleanError> {
    for object in document.objects.values() {
        let Some(dictionary) = dictionary_of(object) else {
            continue;
        };
        let left = (dictionary.has_type(b"Metadata") || dictionary.has_type(b"EmbeddedFile"))
            && matches!(object, Object::Stream(s) if !s.content.is_empty())
            || dictionary.has(b"JS")
            || is_active_action(dictionary);
        if left {
            return Err(CleanError::Unsupported(
                "the PDF keeps metadata or a script that could not be removed",
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::clean::fixtures::{self, PLANTED, all_pdf_text, pdf_with_author};
    use crate::review::clean::{contains, find};
    use lopdf::{Stream, dictionary};
    use proptest::prelude::*;

    fn clean(content: &[u8]) -> Result<Cleaned, CleanError> {
        clean_pdf(content, &CleanLimits::default())
    }

    #[test]
    fn pdf_loses_info_xmp_id_and_comment_authors() {
        for object_streams in [false, true] {
            let original = pdf_with_author(object_streams);
            let before = Document::load_mem(&original).unwrap();
            assert!(contains(&all_pdf_text(&before), PLANTED));

            let out = clean(&original).unwrap();
            assert!(
                !contains(&out.bytes, PLANTED),
                "object streams: {object_streams}"
            );
            let after = Document::load_mem(&out.bytes).expect("the clean copy parses");
            assert!(!contains(&all_pdf_text(&after), PLANTED));
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
            assert!(out.removed.iter().any(|r| r.contains("/Info")));
        }
    }

    #[test]
    fn scripts_actions_and_attachments_are_removed() {
        let original = fixtures::active_pdf();
        assert!(contains(&original, b"app.alert"));
        let out = clean(&original).unwrap();
        let after = Document::load_mem(&out.bytes).unwrap();
        let all = all_pdf_text(&after);
        for gone in [
            b"app.alert".as_slice(),
            b"JavaScript",
            b"Launch",
            b"cmd.exe",
            b"EmbeddedFile",
            PLANTED,
        ] {
            assert!(!contains(&all, gone), "{}", String::from_utf8_lossy(gone));
            assert!(
                !contains(&out.bytes, gone),
                "{}",
                String::from_utf8_lossy(gone)
            );
        }
        assert_eq!(after.get_pages().len(), 1);
        // The web link stays.
        assert!(contains(&all, b"https://example.org/"));
        assert_eq!(crate::review::clean::assess("x.pdf", &out.bytes), None);
    }

    #[test]
    fn an_embedded_jpeg_loses_its_exif_and_keeps_its_scan_data() {
        let jpeg = fixtures::jpeg_with_metadata();
        let original = fixtures::pdf_with_image(&jpeg, false);
        assert!(contains(&original, PLANTED));
        let out = clean(&original).unwrap();
        assert!(!contains(&out.bytes, PLANTED));
        assert!(!contains(&out.bytes, b"Exif"));
        let after = Document::load_mem(&out.bytes).unwrap();
        let image = after
            .objects
            .values()
            .find_map(|o| match o {
                Object::Stream(s) if s.dict.has(b"Width") => Some(s.content.clone()),
                _ => None,
            })
            .unwrap();
        let sos = |bytes: &[u8]| find(bytes, &[0xFF, 0xDA]).unwrap();
        assert_eq!(
            &image[sos(&image)..],
            &jpeg[sos(&jpeg)..sos(&jpeg) + image.len() - sos(&image)]
        );
        image::load_from_memory(&image).expect("the stripped JPEG still decodes");

        // Behind a Flate filter too.
        let flated = fixtures::pdf_with_image(&jpeg, true);
        let out = clean(&flated).unwrap();
        let after = Document::load_mem(&out.bytes).unwrap();
        let all = all_pdf_text(&after);
        assert!(!contains(&all, PLANTED) && !contains(&out.bytes, PLANTED));
    }

    #[test]
    fn jpeg2000_boxes_and_comments_go() {
        let codestream = [
            &[0xFF, 0x4F][..],
            &[0xFF, 0x51, 0, 4, 1, 2],
            &[0xFF, 0x64, 0, 10, 0, 1],
            PLANTED,
            &[0xFF, 0x90, 0, 10, 1, 2, 3, 4, 5, 6, 7, 8],
        ]
        .concat();
        // COM length covers Rcom + text.
        let mut codestream = codestream;
        let com_len = u16::try_from(4 + PLANTED.len()).unwrap().to_be_bytes();
        codestream[10..12].copy_from_slice(&com_len);
        let boxed = |kind: &[u8], body: &[u8]| {
            [
                &u32::try_from(body.len() + 8).unwrap().to_be_bytes()[..],
                kind,
                body,
            ]
            .concat()
        };
        let jp2 = [
            boxed(b"jP  ", &[0x0D, 0x0A, 0x87, 0x0A]),
            boxed(b"ftyp", b"jp2 \0\0\0\0jp2 "),
            boxed(b"jp2h", b"header"),
            boxed(b"xml ", PLANTED),
            boxed(b"uuid", PLANTED),
            boxed(b"jp2c", &codestream),
        ]
        .concat();
        let out = strip_jpeg2000(&jp2).unwrap();
        assert!(!contains(&out, PLANTED));
        assert!(contains(&out, &[0xFF, 0x90, 0, 10, 1, 2, 3]));
        assert!(contains(&out, b"jp2h"));
        assert!(strip_jpeg2000(&codestream).is_ok_and(|c| !contains(&c, PLANTED)));
        assert!(strip_jpeg2000(&jp2[..jp2.len() - 5]).is_err());
    }

    #[test]
    fn object_streams_share_the_archive_cap() {
        // One object stream inflating to 16 MiB, in a file of about 16 KB.
        let zeros = vec![b' '; 16 << 20];
        let packed = fixtures::zlib(&zeros);
        let mut bomb = format!(
            "%PDF-1.5\n1 0 obj\n<< /Type /Obj#53tm /N 1 /First 4 /Filter /FlateDecode /Length {} >>\nstream\n",
            packed.len()
        )
        .into_bytes();
        bomb.extend_from_slice(&packed);
        bomb.extend_from_slice(b"\nendstream\nendobj\ntrailer << /Root 2 0 R >>\n%%EOF\n");
        assert_eq!(count_names(&bomb, b"ObjStm"), 1);
        let limits = CleanLimits::default();
        let budget = load_budget(&bomb, &limits).unwrap();
        assert!(budget < zeros.len(), "{budget}");
        let started = std::time::Instant::now();
        assert!(clean_pdf(&bomb, &limits).is_err());
        eprintln!(
            "bomb figures: PDF object stream: {} bytes in, {} bytes it would inflate, cap {budget}, refused in {:?}",
            bomb.len(),
            zeros.len(),
            started.elapsed()
        );
        // Thousands of object streams in a small file: refused before loading.
        let many = b"<< /Type /ObjStm >> ".repeat(20_000);
        assert!(matches!(
            load_budget(&many, &limits),
            Err(CleanError::Archive(_))
        ));
        assert_eq!(count_names(b"/ObjStmX /Obj#53tm /ObjStm", b"ObjStm"), 2);
    }

    #[test]
    fn encrypted_or_broken_pdfs_are_not_cleaned() {
        let mut document = Document::load_mem(&pdf_with_author(false)).unwrap();
        let encrypt_id = document.add_object(dictionary! {
            "Filter" => "Standard", "V" => 1, "R" => 2, "P" => -4,
            "O" => Object::string_literal(vec![1u8; 32]), "U" => Object::string_literal(vec![2u8; 32]),
        });
        document.trailer.set("Encrypt", encrypt_id);
        let mut encrypted = Vec::new();
        document.save_to(&mut encrypted).unwrap();
        assert!(clean(&encrypted).is_err());
        assert!(matches!(
            clean(b"%PDF-1.7\n1 0 obj\n<< /Author (Amadou"),
            Err(CleanError::Malformed(_))
        ));
        let _ = Stream::new(Dictionary::new(), Vec::new());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn pdf_cleaning_never_panics(
            which in 0..3usize,
            edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
            cut in any::<prop::sample::Index>(),
        ) {
            let mut content = match which {
                0 => pdf_with_author(false),
                1 => pdf_with_author(true),
                _ => fixtures::active_pdf(),
            };
            for (at, byte) in edits {
                let at = at.index(content.len());
                content[at] = byte;
            }
            content.truncate(cut.index(content.len() + 1).max(16));
            let _ = std::panic::catch_unwind(|| clean(&content));
            let _ = strip_jpeg2000(&content);
        }
    }
}
