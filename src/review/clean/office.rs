//! Office documents: Office Open XML (docx, xlsx, pptx: a ZIP holding
//! `[Content_Types].xml`) and OpenDocument (odt, ods, odp…: a ZIP whose
//! `mimetype` entry names an `application/vnd.oasis.opendocument.*` type).
//! Any other ZIP is not cleaned (its files are not looked at), after its
//! layout has been checked like every archive ([`super::archive`]).
//!
//! The package is unpacked through [`BoundedZip`] (layout checked, output
//! capped) and written anew, entry by entry in the original order:
//!
//! Removed parts (and their relationships, `[Content_Types].xml` overrides
//! and ODF manifest entries, so the package stays consistent):
//! - OOXML: `docProps/custom.xml`, `docProps/thumbnail.*`, `customXml/`,
//!   `*/people.xml` (names and e-mail addresses of editors),
//!   `*/printerSettings/` (printer names), `docMetadata/` (sensitivity
//!   labels naming the organisation's tenant), `[trash]/`;
//! - ODF: `meta.xml` (also in embedded objects), `Thumbnails/`,
//!   `settings.xml` (printer and database names, window geometry),
//!   `Configurations2/`, `layout-cache`, `ObjectReplacements/` (preview
//!   pictures of embedded objects).
//!
//! Replaced with empty valid parts: `docProps/core.xml` and `docProps/app.xml`
//! (author, last editor, company, manager, dates, template, editing time),
//! and any other part whose root is core, extended or custom properties.
//!
//! Rewritten in every XML part, streaming with quick-xml:
//! - comment and tracked-change authors (`w:author` on `w:ins`, `w:del`,
//!   `w:rPrChange`, `w:comment`…; `author` in xlsx comments; pptx comment
//!   authors; threaded-comment persons; ODF `dc:creator`) are replaced by
//!   pseudonyms (`Author 1`, `Author 2`…: who wrote what stays readable,
//!   not who they are), initials by `A1`, `A2`…;
//! - their dates (`w:date`, `w16du:dateUtc`, `dT`, `dt`, `created`, ODF
//!   `dc:date`) are removed or set to 1970-01-01 where the schema needs one;
//! - user ids and identity providers are replaced or set to `None`;
//! - revision-session ids (`w:rsid*` attributes, `w:rsids`), list ids
//!   (`w:nsid`), the attached template's path, document variables and
//!   mail-merge sources (`w:attachedTemplate`, `w:docVars`, `w:mailMerge`),
//!   the path a workbook was saved under (`x15ac:absPath`), the name of who
//!   protected it (`fileSharing/@userName`);
//! - XML comments; in SVG pictures, `<metadata>` and editor attributes.
//!
//! Embedded media (`word/media`, `ppt/media`, `xl/media`, ODF `Pictures/`)
//! are cleaned by their content as [`super::images`] and [`super::av`] do.
//!
//! The new ZIP has fixed (zero) timestamps, no comment and no extra fields
//! (they hold times, time zones and Unix user ids).
//!
//! Not cleaned (the whole file is [`Cleaning::NotCleaned`](super::Cleaning)):
//! a part gundo has no cleaner for — embedded objects (OLE, nested Office
//! files or PDFs), macros, fonts, EMF/WMF pictures — or XML not in UTF-8 or
//! with a DTD. mat2 aborts on unknown parts likewise, but keeps embedded
//! spreadsheets uncleaned; gundo refuses to call such a file clean.
//!
//! Left, unlike mat2: tracked changes and comments themselves (their text
//! is evidence; mat2 accepts every change and deletes comments), and the
//! producer's attribute order. Also left: names in the text, hyperlink
//! targets, and the document's own structure.

// Format names (OpenDocument, LibreOffice) are prose here, not code.
#![allow(clippy::doc_markdown)]

use std::collections::{BTreeSet, HashMap};
use std::io::Write;

use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesStart, BytesText, Event};
use quick_xml::name::ResolveResult;
use rawzip::path::EntryPath;
use rawzip::{CompressionMethod, ZipArchiveWriter};

use super::archive::BoundedZip;
use super::{CleanError, CleanLimits, Cleaned, Format, clean_format, detect_format};

const W: &[u8] = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W15: &[u8] = b"http://schemas.microsoft.com/office/word/2012/wordml";
const W16CEX: &[u8] = b"http://schemas.microsoft.com/office/word/2018/wordml/cex";
const W16DU: &[u8] = b"http://schemas.microsoft.com/office/word/2023/wordml/word16du";
const SPREADSHEET: &[u8] = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const THREADED: &[u8] = b"http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments";
const PRESENTATION: &[u8] = b"http://schemas.openxmlformats.org/presentationml/2006/main";
const P188: &[u8] = b"http://schemas.microsoft.com/office/powerpoint/2018/8/main";
const DC: &[u8] = b"http://purl.org/dc/elements/1.1/";
const ODF_META: &[u8] = b"urn:oasis:names:tc:opendocument:xmlns:meta:1.0";
const MANIFEST: &[u8] = b"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0";
const RELATIONSHIPS: &[u8] = b"http://schemas.openxmlformats.org/package/2006/relationships";
const CONTENT_TYPES: &[u8] = b"http://schemas.openxmlformats.org/package/2006/content-types";
const SVG: &[u8] = b"http://www.w3.org/2000/svg";
const EXCEL_AC: &[u8] = b"http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac";
const CORE_PROPERTIES: &[u8] =
    b"http://schemas.openxmlformats.org/package/2006/metadata/core-properties";
const EXTENDED_PROPERTIES: &[u8] =
    b"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties";
const CUSTOM_PROPERTIES: &[u8] =
    b"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties";
const INKSCAPE: &[u8] = b"http://www.inkscape.org/namespaces/inkscape";
const SODIPODI: &[u8] = b"http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd";

/// The date written where a schema requires one.
const EPOCH: &str = "1970-01-01T00:00:00Z";

/// Office Open XML property parts, and what replaces each: the same root
/// element, empty, with its namespaces.
const EMPTY_PROPERTIES: &[(&str, &str)] = &[
    (
        "docprops/core.xml",
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\r\n",
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties""#,
            r#" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/""#,
            r#" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>"#,
        ),
    ),
    (
        "docprops/app.xml",
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\r\n",
            r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties""#,
            r#" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>"#,
        ),
    ),
    (
        "docprops/custom.xml",
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\r\n",
            r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties""#,
            r#" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>"#,
        ),
    ),
];

/// The empty replacement for a property part, found by its root element
/// (whatever the part is called: the package's relationships name it).
fn empty_properties(data: &[u8]) -> Option<&'static str> {
    let text = std::str::from_utf8(data).ok()?;
    let mut reader = quick_xml::NsReader::from_str(text.strip_prefix('\u{FEFF}').unwrap_or(text));
    loop {
        let (resolved, event) = reader.read_resolved_event().ok()?;
        match event {
            Event::Start(start) | Event::Empty(start) => {
                let ns = namespace_of(&resolved);
                let local = start.local_name();
                let root = (ns.as_slice(), local.as_ref().as_bytes());
                let index = match root {
                    (CORE_PROPERTIES, b"coreProperties") => 0,
                    (EXTENDED_PROPERTIES, b"Properties") => 1,
                    (CUSTOM_PROPERTIES, b"Properties") => 2,
                    _ => return None,
                };
                return Some(EMPTY_PROPERTIES[index].1);
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// Which kind of package.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Ooxml,
    Odf,
}

/// Whether a part (lowercase name) is removed, and what it was.
fn removed_part(kind: Kind, name: &str) -> Option<&'static str> {
    let base = name.rsplit('/').next().unwrap_or(name);
    match kind {
        Kind::Ooxml => {
            if name == "docprops/custom.xml" {
                Some("custom document properties")
            } else if name.starts_with("docprops/thumbnail") {
                Some("the thumbnail (a picture of the first page)")
            } else if name.starts_with("customxml/") {
                Some("custom XML parts")
            } else if base == "people.xml" {
                Some("the people part (editors' names and e-mail addresses)")
            } else if name.contains("/printersettings/") || name.starts_with("printersettings/") {
                Some("printer settings")
            } else if name.starts_with("docmetadata/") {
                Some("sensitivity labels")
            } else if name.starts_with("[trash]/") {
                Some("deleted parts ([trash])")
            } else {
                None
            }
        }
        Kind::Odf => {
            if base == "meta.xml" {
                Some("meta.xml (author, dates, editing time, generator)")
            } else if name.starts_with("thumbnails/") {
                Some("the thumbnail (a picture of the first page)")
            } else if name == "settings.xml" {
                Some("settings.xml (printer names, window geometry)")
            } else if name.starts_with("configurations2/") || name == "layout-cache" {
                Some("application configuration and layout cache")
            } else if name.starts_with("objectreplacements/") {
                Some("preview pictures of embedded objects")
            } else {
                None
            }
        }
    }
}

/// What one run over a package removed, each thing once.
#[derive(Default)]
struct Found(BTreeSet<&'static str>);

impl Found {
    fn note(&mut self, what: &'static str) {
        self.0.insert(what);
    }
}

/// Pseudonyms for the people named in a package, shared by all its parts.
#[derive(Default)]
struct Pseudonyms {
    names: HashMap<String, usize>,
    initials: HashMap<String, usize>,
}

impl Pseudonyms {
    fn name(&mut self, original: &str) -> String {
        let next = self.names.len() + 1;
        let n = *self.names.entry(original.to_owned()).or_insert(next);
        format!("Author {n}")
    }

    fn initials(&mut self, original: &str) -> String {
        let next = self.initials.len() + 1;
        let n = *self.initials.entry(original.to_owned()).or_insert(next);
        format!("A{n}")
    }
}

/// Cleans an Office Open XML or OpenDocument package.
pub(crate) fn clean_office(content: &[u8], limits: &CleanLimits) -> Result<Cleaned, CleanError> {
    let mut zip = BoundedZip::open(content, &limits.archive)?;
    let kind = package_kind(&mut zip)?;
    let members = zip.members().to_vec();
    let mut removed: BTreeSet<String> = BTreeSet::new();
    let mut found = Found::default();
    for member in &members {
        let name = String::from_utf8_lossy(&member.name).to_lowercase();
        if let Some(what) = removed_part(kind, &name) {
            found.note(what);
            removed.insert(name);
        }
    }
    let mut pseudonyms = Pseudonyms::default();
    let mut out = Vec::with_capacity(content.len());
    let mut writer = ZipArchiveWriter::new(&mut out);
    let failed = |_| CleanError::Malformed("Office file");
    for (index, member) in members.iter().enumerate() {
        let lower = String::from_utf8_lossy(&member.name).to_lowercase();
        if removed.contains(&lower) {
            continue;
        }
        if member.is_dir {
            if !removed.iter().any(|r| r.starts_with(&lower)) {
                writer
                    .new_dir(entry_path(&member.name))
                    .create()
                    .map_err(failed)?;
            }
            continue;
        }
        let data = zip.read(index)?;
        let cleaned = clean_part(
            kind,
            &lower,
            data,
            &removed,
            &mut pseudonyms,
            &mut found,
            limits,
        )?;
        let method = if member.method == CompressionMethod::STORE {
            CompressionMethod::STORE
        } else {
            CompressionMethod::DEFLATE
        };
        let (mut file, config) = writer
            .new_file(entry_path(&member.name))
            .compression_method(method)
            .start()
            .map_err(failed)?;
        let written = if method == CompressionMethod::STORE {
            let mut data = config.wrap(&mut file);
            data.write_all(&cleaned)
                .map_err(|_| CleanError::Malformed("Office file"))?;
            data.finish().map_err(failed)?.1
        } else {
            let encoder =
                flate2::write::DeflateEncoder::new(&mut file, flate2::Compression::default());
            let mut data = config.wrap(encoder);
            data.write_all(&cleaned)
                .map_err(|_| CleanError::Malformed("Office file"))?;
            let (encoder, descriptor) = data.finish().map_err(failed)?;
            encoder
                .finish()
                .map_err(|_| CleanError::Malformed("Office file"))?;
            descriptor
        };
        file.finish(written).map_err(failed)?;
    }
    writer.finish().map_err(failed)?;
    let mut removed: Vec<&'static str> = found.0.into_iter().collect();
    removed.push("ZIP timestamps, comments and extra fields");
    Ok(Cleaned {
        bytes: out,
        removed,
    })
}

/// OOXML, ODF, or neither (not cleaned).
fn package_kind(zip: &mut BoundedZip<'_>) -> Result<Kind, CleanError> {
    let members = zip.members();
    if members
        .iter()
        .any(|m| m.name.eq_ignore_ascii_case(b"[Content_Types].xml"))
    {
        return Ok(Kind::Ooxml);
    }
    if let Some(index) = members.iter().position(|m| m.name == b"mimetype") {
        let mimetype = zip.read(index)?;
        if mimetype.starts_with(b"application/vnd.oasis.opendocument.") {
            return Ok(Kind::Odf);
        }
    }
    Err(CleanError::Unsupported(
        "a ZIP archive: the files inside are not cleaned",
    ))
}

/// The cleaned bytes of one part that is kept.
fn clean_part(
    kind: Kind,
    name: &str,
    data: Vec<u8>,
    removed: &BTreeSet<String>,
    pseudonyms: &mut Pseudonyms,
    found: &mut Found,
    limits: &CleanLimits,
) -> Result<Vec<u8>, CleanError> {
    if kind == Kind::Ooxml {
        let empty = EMPTY_PROPERTIES
            .iter()
            .find(|(part, _)| *part == name)
            .map(|(_, empty)| *empty)
            .or_else(|| empty_properties(&data));
        if let Some(empty) = empty {
            found.note("document properties (author, last editor, company, dates)");
            return Ok(empty.as_bytes().to_vec());
        }
    }
    if kind == Kind::Odf && name == "mimetype" {
        return Ok(data);
    }
    match detect_format(&data) {
        Some(Format::Zip | Format::Pdf) => {
            return Err(CleanError::Unsupported(
                "an embedded document (Office file, PDF or archive) inside it is not cleaned",
            ));
        }
        Some(format) => {
            found.note("metadata of embedded pictures and media");
            return Ok(clean_format(format, &data, limits)?.bytes);
        }
        None => {}
    }
    let is_xml = [".xml", ".rels", ".vml", ".svg"]
        .iter()
        .any(|ext| name.ends_with(ext))
        || data.starts_with(b"<?xml")
        || data.starts_with(b"\xEF\xBB\xBF<?xml");
    if !is_xml {
        return Err(CleanError::Unsupported(
            "a part gundo cannot clean (an embedded object, macros, a font or an EMF/WMF picture)",
        ));
    }
    let mut rules = Rules {
        kind,
        part: name,
        removed,
        pseudonyms,
        found,
    };
    rewrite_xml(&data, &mut rules)
}

/// The entry name to write: ASCII names byte for byte (Office part names are
/// ASCII), other UTF-8 names flagged as UTF-8, anything else as it came.
fn entry_path(name: &[u8]) -> EntryPath<'_> {
    match std::str::from_utf8(name) {
        Ok(text) if !name.is_ascii() => EntryPath::conformant(text),
        _ => EntryPath::verbatim(name),
    }
}

/// An element or attribute name: its namespace (empty if none) and local name.
struct Name<'a> {
    ns: &'a [u8],
    local: &'a [u8],
}

/// What to do with an attribute.
enum AttributeAction {
    Keep,
    Drop,
    Replace(String),
}

/// What to do with an element's text.
#[derive(Clone, Copy)]
enum TextAction {
    Name,
    Initials,
    Date,
}

/// The rewriting rules for one part.
struct Rules<'a> {
    kind: Kind,
    part: &'a str,
    removed: &'a BTreeSet<String>,
    pseudonyms: &'a mut Pseudonyms,
    found: &'a mut Found,
}

impl Rules<'_> {
    /// Whether an element (and everything inside it) goes.
    fn drops_element(
        &mut self,
        element: &Name<'_>,
        attributes: &[(Vec<u8>, Vec<u8>, String)],
    ) -> bool {
        let value = |local: &[u8]| {
            attributes
                .iter()
                .find(|(ns, name, _)| ns.is_empty() && name == local)
                .map(|(_, _, v)| v.as_str())
        };
        match (element.ns, element.local) {
            (W, b"rsids" | b"nsid") => {
                self.found.note("revision-session ids (w:rsid)");
                true
            }
            (W, b"attachedTemplate" | b"docVars" | b"mailMerge") => {
                self.found
                    .note("the template's path, document variables and mail-merge sources");
                true
            }
            (RELATIONSHIPS, b"Relationship") => {
                let external = value(b"TargetMode") == Some("External");
                let kind = value(b"Type").unwrap_or_default();
                if kind.ends_with("/attachedTemplate") {
                    return true;
                }
                !external
                    && value(b"Target")
                        .is_some_and(|target| self.removed.contains(&resolve(self.part, target)))
            }
            (CONTENT_TYPES, b"Override") => value(b"PartName").is_some_and(|part| {
                self.removed
                    .contains(&part.trim_start_matches('/').to_lowercase())
            }),
            (MANIFEST, b"file-entry") => attributes
                .iter()
                .find(|(ns, name, _)| ns == MANIFEST && name == b"full-path")
                .is_some_and(|(_, _, path)| {
                    let path = path.to_lowercase();
                    self.removed.contains(&path)
                        || (path.ends_with('/')
                            && self.removed.iter().any(|r| r.starts_with(&path)))
                }),
            (EXCEL_AC, b"absPath") => {
                self.found
                    .note("the path the workbook was saved under (it names the user)");
                true
            }
            (SVG, b"metadata") => {
                self.found.note("metadata of embedded pictures and media");
                true
            }
            _ => false,
        }
    }

    /// What happens to one attribute of a kept element.
    fn attribute(
        &mut self,
        element: &Name<'_>,
        attribute: &Name<'_>,
        value: &str,
    ) -> AttributeAction {
        use AttributeAction::{Drop, Keep, Replace};
        let people = "comment and tracked-change authors (replaced by pseudonyms) and their dates";
        let action = match (attribute.ns, attribute.local) {
            (W, local) if local.starts_with(b"rsid") => {
                self.found.note("revision-session ids (w:rsid)");
                return Drop;
            }
            (W, b"author") => Replace(self.pseudonyms.name(value)),
            (W, b"initials") => Replace(self.pseudonyms.initials(value)),
            (W, b"date") | (W16DU | W16CEX, b"dateUtc") | (W15, b"userId" | b"providerId") => Drop,
            (INKSCAPE | SODIPODI, _) => {
                self.found.note("metadata of embedded pictures and media");
                return Drop;
            }
            (b"", local) => match (element.ns, element.local, local) {
                (THREADED, b"threadedComment", b"dT") | (P188, b"cm" | b"reply", b"created") => {
                    Replace(EPOCH.to_owned())
                }
                (THREADED, b"person", b"displayName" | b"userId")
                | (P188, b"author", b"name" | b"userId")
                | (PRESENTATION, b"cmAuthor", b"name")
                | (SPREADSHEET, b"fileSharing", b"userName") => {
                    Replace(self.pseudonyms.name(value))
                }
                (THREADED, b"person", b"providerId") | (P188, b"author", b"providerId") => {
                    Replace("None".to_owned())
                }
                (P188, b"author", b"initials") | (PRESENTATION, b"cmAuthor", b"initials") => {
                    Replace(self.pseudonyms.initials(value))
                }
                (PRESENTATION, b"cm", b"dt") => Drop,
                _ => return Keep,
            },
            _ => return Keep,
        };
        self.found.note(people);
        action
    }

    /// Whether an element's text is replaced, and by what kind of value.
    fn text_of(&mut self, element: &Name<'_>) -> Option<TextAction> {
        let action = match (self.kind, element.ns, element.local) {
            (Kind::Ooxml, SPREADSHEET, b"author") | (Kind::Odf, DC, b"creator") => TextAction::Name,
            (Kind::Odf, DC, b"date") => TextAction::Date,
            (Kind::Odf, ODF_META, b"creator-initials") => TextAction::Initials,
            _ => return None,
        };
        self.found
            .note("comment and tracked-change authors (replaced by pseudonyms) and their dates");
        Some(action)
    }

    fn replacement(&mut self, action: TextAction, original: &str) -> String {
        match action {
            TextAction::Name => self.pseudonyms.name(original.trim()),
            TextAction::Initials => self.pseudonyms.initials(original.trim()),
            TextAction::Date => EPOCH.trim_end_matches('Z').to_owned(),
        }
    }
}

/// The part name a relationship `target` in the `.rels` part `rels` points
/// at, lowercase, without a leading slash.
fn resolve(rels: &str, target: &str) -> String {
    let target = target.split('#').next().unwrap_or_default();
    // `dir/_rels/name.xml.rels` describes `dir/name.xml`: targets are relative to `dir`.
    let base = rels
        .rsplit_once("_rels/")
        .map(|(dir, _)| dir.trim_end_matches('/'))
        .unwrap_or_default();
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        base.split('/').filter(|p| !p.is_empty()).collect()
    };
    for piece in target.split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            piece => parts.push(piece),
        }
    }
    parts.join("/").to_lowercase()
}

/// The most nested elements a part may have.
const MAX_XML_DEPTH: usize = 1024;

/// Rewrites one XML part by `rules`, event by event.
#[allow(clippy::too_many_lines)] // one match over the XML events reads best whole
fn rewrite_xml(data: &[u8], rules: &mut Rules<'_>) -> Result<Vec<u8>, CleanError> {
    let malformed = || CleanError::Malformed("Office file's XML");
    let text = std::str::from_utf8(data)
        .map_err(|_| CleanError::Unsupported("a part of the document is not UTF-8 XML"))?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut reader = quick_xml::NsReader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut writer = quick_xml::Writer::new(Vec::with_capacity(data.len()));
    let mut depth = 0usize;
    let mut skip_until: Option<usize> = None;
    let mut replacing: Option<(usize, TextAction, String)> = None;
    loop {
        let (resolved, event) = reader.read_resolved_event().map_err(|_| malformed())?;
        let element_ns = namespace_of(&resolved);
        let is_start = matches!(event, Event::Start(_));
        match event {
            Event::Eof => break,
            Event::DocType(_) => {
                return Err(CleanError::Unsupported(
                    "a part of the document declares a DTD",
                ));
            }
            Event::Start(_) if skip_until.is_some() => depth += 1,
            Event::End(_) if skip_until.is_some() => {
                depth = depth.checked_sub(1).ok_or_else(malformed)?;
                if skip_until == Some(depth) {
                    skip_until = None;
                }
            }
            _ if skip_until.is_some() => {}
            Event::Start(start) | Event::Empty(start) => {
                let local = start.local_name();
                let element = Name {
                    ns: &element_ns,
                    local: local.as_ref().as_bytes(),
                };
                let mut attributes = Vec::new();
                for attribute in start.attributes() {
                    let attribute = attribute.map_err(|_| malformed())?;
                    let (resolved, local) = reader.resolver().resolve_attribute(attribute.key);
                    let value = attribute
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|_| malformed())?
                        .into_owned();
                    attributes.push((
                        namespace_of(&resolved),
                        local.as_ref().as_bytes().to_vec(),
                        value,
                    ));
                }
                if rules.drops_element(&element, &attributes) {
                    if is_start {
                        skip_until = Some(depth);
                        depth += 1;
                    }
                    continue;
                }
                let name = start.name().as_ref().to_owned();
                let mut rebuilt = BytesStart::new(name);
                for (raw, (ns, local, value)) in start.attributes().zip(&attributes) {
                    let raw: Attribute<'_> = raw.map_err(|_| malformed())?;
                    let attribute = Name { ns, local };
                    match rules.attribute(&element, &attribute, value) {
                        AttributeAction::Keep => rebuilt.push_attribute(raw),
                        AttributeAction::Drop => {}
                        AttributeAction::Replace(new) => {
                            let key = raw.key.as_ref();
                            rebuilt.push_attribute((key, new.as_str()));
                        }
                    }
                }
                let text_action = rules.text_of(&element);
                if is_start {
                    writer
                        .write_event(Event::Start(rebuilt))
                        .map_err(|_| malformed())?;
                    if let Some(action) = text_action {
                        replacing = Some((depth, action, String::new()));
                    }
                    depth += 1;
                    if depth > MAX_XML_DEPTH {
                        return Err(malformed());
                    }
                } else {
                    writer
                        .write_event(Event::Empty(rebuilt))
                        .map_err(|_| malformed())?;
                }
            }
            Event::End(end) => {
                depth = depth.checked_sub(1).ok_or_else(malformed)?;
                if let Some((at, action, collected)) = replacing.take() {
                    if at == depth {
                        let new = rules.replacement(action, &collected);
                        writer
                            .write_event(Event::Text(BytesText::new(&new)))
                            .map_err(|_| malformed())?;
                    } else {
                        replacing = Some((at, action, collected));
                    }
                }
                writer
                    .write_event(Event::End(end))
                    .map_err(|_| malformed())?;
            }
            Event::Text(text) if replacing.is_some() => {
                let decoded = text.xml10_content();
                if let Some((_, _, collected)) = replacing.as_mut() {
                    collected.push_str(&decoded);
                }
            }
            Event::CData(data) if replacing.is_some() => {
                let decoded = data.xml10_content();
                if let Some((_, _, collected)) = replacing.as_mut() {
                    collected.push_str(&decoded);
                }
            }
            Event::GeneralRef(_) if replacing.is_some() => {}
            Event::Comment(_) => {}
            other => writer.write_event(other).map_err(|_| malformed())?,
        }
    }
    if depth != 0 {
        return Err(malformed());
    }
    Ok(writer.into_inner())
}

/// The namespace a name resolved to; Strict Office Open XML's namespaces
/// are read as their transitional twins, so one set of rules serves both.
fn namespace_of(resolved: &ResolveResult<'_>) -> Vec<u8> {
    const STRICT: &[(&[u8], &[u8])] = &[
        (b"http://purl.oclc.org/ooxml/wordprocessingml/main", W),
        (
            b"http://purl.oclc.org/ooxml/spreadsheetml/main",
            SPREADSHEET,
        ),
        (
            b"http://purl.oclc.org/ooxml/presentationml/main",
            PRESENTATION,
        ),
        (
            b"http://purl.oclc.org/ooxml/officeDocument/extendedProperties",
            EXTENDED_PROPERTIES,
        ),
        (
            b"http://purl.oclc.org/ooxml/officeDocument/customProperties",
            CUSTOM_PROPERTIES,
        ),
    ];
    match resolved {
        ResolveResult::Bound(ns) => {
            let ns = ns.as_ref().as_bytes();
            STRICT
                .iter()
                .find(|(strict, _)| *strict == ns)
                .map_or(ns, |(_, transitional)| transitional)
                .to_vec()
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::clean::archive::ArchiveError;
    use crate::review::clean::contains;
    use crate::review::clean::fixtures::{self, PLANTED, docx, odt};
    use proptest::prelude::*;
    use rawzip::ZipArchive;
    use std::io::Read;

    fn clean(content: &[u8]) -> Result<Cleaned, CleanError> {
        clean_office(content, &CleanLimits::default())
    }

    /// Every entry of a ZIP, unpacked, in order, with whether it was stored.
    fn unpack(data: &[u8]) -> Vec<(String, Vec<u8>, bool)> {
        let archive = ZipArchive::from_slice(data).unwrap();
        let mut out = Vec::new();
        for entry in archive.entries() {
            let entry = entry.unwrap();
            assert!(entry.extra_fields().next().is_none(), "no extra field");
            let time = entry.last_modified_dos();
            assert_eq!(
                (time.year(), time.month(), time.hour()),
                (1980, 1, 0),
                "fixed time"
            );
            let local = archive.get_entry(entry.wayfinder()).unwrap();
            let stored = entry.compression_method() == CompressionMethod::STORE;
            let mut plain = Vec::new();
            if stored {
                local
                    .verifying_reader(local.data())
                    .read_to_end(&mut plain)
                    .unwrap();
            } else {
                let inflater = flate2::bufread::DeflateDecoder::new(local.data());
                local
                    .verifying_reader(inflater)
                    .read_to_end(&mut plain)
                    .unwrap();
            }
            out.push((
                String::from_utf8(entry.file_path().as_ref().to_vec()).unwrap(),
                plain,
                stored,
            ));
        }
        assert!(archive.comment().as_bytes().is_empty(), "no ZIP comment");
        out
    }

    fn part<'a>(parts: &'a [(String, Vec<u8>, bool)], name: &str) -> &'a str {
        let data = &parts.iter().find(|(n, _, _)| n == name).unwrap().1;
        std::str::from_utf8(data).unwrap()
    }

    fn well_formed(xml: &str) {
        let mut reader = quick_xml::Reader::from_str(xml);
        reader.config_mut().check_end_names = true;
        loop {
            if reader.read_event().unwrap() == Event::Eof {
                break;
            }
        }
    }

    #[test]
    fn docx_loses_properties_people_thumbnail_authors_and_photo_metadata() {
        let original = docx();
        let out = clean(&original).unwrap();
        assert!(!contains(&out.bytes, PLANTED), "raw bytes");
        let parts = unpack(&out.bytes);
        for (name, data, _) in &parts {
            assert!(!contains(data, PLANTED), "{name}");
            if [".xml", ".rels"].iter().any(|ext| name.ends_with(ext)) {
                well_formed(std::str::from_utf8(data).unwrap());
            }
        }
        let names: Vec<&str> = parts.iter().map(|(n, _, _)| n.as_str()).collect();
        for gone in [
            "docProps/custom.xml",
            "docProps/thumbnail.jpeg",
            "word/people.xml",
            "customXml/item1.xml",
            "customXml/itemProps1.xml",
        ] {
            assert!(!names.contains(&gone), "{gone}");
        }
        let types = part(&parts, "[Content_Types].xml");
        assert!(!types.contains("people.xml") && !types.contains("custom.xml"));
        assert!(!types.contains("customXml") && types.contains("/word/comments.xml"));
        let rels = part(&parts, "_rels/.rels");
        assert!(!rels.contains("thumbnail") && !rels.contains("custom.xml"));
        assert!(rels.contains("docProps/core.xml") && rels.contains("word/document.xml"));
        let document_rels = part(&parts, "word/_rels/document.xml.rels");
        assert!(!document_rels.contains("people.xml") && !document_rels.contains("customXml"));
        assert!(
            document_rels.contains("comments.xml") && document_rels.contains("media/image1.jpeg")
        );
        assert!(document_rels.contains("https://example.org/"), "links stay");

        let document = part(&parts, "word/document.xml");
        assert!(document.contains(r#"w:author="Author 1""#));
        assert!(document.contains(r#"w:author="Author 2""#));
        assert!(!document.contains("w:date") && !document.contains("rsid"));
        assert!(document.contains("Le rapport &amp; la suite"), "{document}");
        assert!(
            document.contains("<w:delText>retrait</w:delText>"),
            "changes stay visible"
        );
        assert!(!document.contains("<!--"));
        let comments = part(&parts, "word/comments.xml");
        assert!(
            comments.contains(r#"w:author="Author 1""#) && comments.contains(r#"w:initials="A1""#)
        );
        assert!(comments.contains("à vérifier"));
        assert!(part(&parts, "docProps/core.xml").ends_with("/>"));
        let photo = &parts
            .iter()
            .find(|(n, _, _)| n == "word/media/image1.jpeg")
            .unwrap()
            .1;
        assert!(!contains(photo, b"Exif"));
        image::load_from_memory(photo).expect("the photo still decodes");
        for expected in [
            "people part",
            "thumbnail",
            "custom XML",
            "pseudonyms",
            "rsid",
            "pictures",
        ] {
            assert!(
                out.removed.iter().any(|r| r.contains(expected)),
                "{expected}: {:?}",
                out.removed
            );
        }
    }

    #[test]
    fn odt_loses_meta_settings_thumbnail_and_authors() {
        let out = clean(&odt()).unwrap();
        assert!(!contains(&out.bytes, PLANTED));
        let parts = unpack(&out.bytes);
        assert_eq!(parts[0].0, "mimetype");
        assert!(parts[0].2, "mimetype stays first and stored");
        let names: Vec<&str> = parts.iter().map(|(n, _, _)| n.as_str()).collect();
        for gone in ["meta.xml", "settings.xml", "Thumbnails/thumbnail.png"] {
            assert!(!names.contains(&gone), "{gone}");
        }
        let manifest = part(&parts, "META-INF/manifest.xml");
        assert!(!manifest.contains("meta.xml") && !manifest.contains("Thumbnails"));
        assert!(manifest.contains("Pictures/photo.jpg") && manifest.contains("content.xml"));
        let content = part(&parts, "content.xml");
        well_formed(content);
        assert!(content.contains("<dc:creator>Author 1</dc:creator>"));
        assert!(content.contains("<dc:creator>Author 2</dc:creator>"));
        assert!(content.contains("<dc:date>1970-01-01T00:00:00</dc:date>"));
        assert!(content.contains("<meta:creator-initials>A1</meta:creator-initials>"));
        assert!(content.contains("à vérifier") && content.contains(" ajouté"));
    }

    #[test]
    fn parts_without_a_cleaner_make_the_file_not_cleaned() {
        let types = fixtures::CONTENT_TYPES.as_bytes();
        let document = fixtures::DOCUMENT.as_bytes();
        for (name, data) in [
            ("word/vbaProject.bin", b"\xD0\xCF\x11\xE0 macros".as_slice()),
            ("word/embeddings/Microsoft_Excel_Worksheet1.xlsx", &docx()),
            ("word/media/image2.emf", b"\x01\0\0\0 EMF picture"),
            ("word/fonts/font1.odttf", b"\0\x01\0\0 font"),
        ] {
            let file = fixtures::zip(&[
                ("[Content_Types].xml", types, true),
                ("word/document.xml", document, true),
                (name, data, false),
            ]);
            assert!(
                matches!(clean(&file), Err(CleanError::Unsupported(_))),
                "{name}"
            );
        }
        let dtd = fixtures::zip(&[
            ("[Content_Types].xml", types, true),
            (
                "word/document.xml",
                b"<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"GUNDOPLANTED\">]><w>&a;</w>",
                true,
            ),
        ]);
        assert!(matches!(clean(&dtd), Err(CleanError::Unsupported(_))));
        let plain = fixtures::zip(&[("notes.txt", b"texte", true)]);
        assert!(matches!(clean(&plain), Err(CleanError::Unsupported(_))));
    }

    #[test]
    fn an_office_bomb_is_refused_with_its_figures() {
        // 200 MiB of spaces as word/document.xml: about 200 KB deflated.
        let spaces = vec![b' '; 200 << 20];
        let bomb = fixtures::zip(&[
            (
                "[Content_Types].xml",
                fixtures::CONTENT_TYPES.as_bytes(),
                true,
            ),
            ("word/document.xml", &spaces, true),
        ]);
        let started = std::time::Instant::now();
        let refused = clean(&bomb).unwrap_err();
        let elapsed = started.elapsed();
        let CleanError::Archive(ArchiveError::TooMuchOutput {
            would_write,
            archive,
            cap,
        }) = refused
        else {
            panic!("{refused:?}");
        };
        assert!(would_write > cap && archive == bomb.len() as u64);
        eprintln!(
            "bomb figures: docx: {archive} bytes in, {would_write} bytes it would write (cap {cap}), refused in {elapsed:?}"
        );
        let overlapping =
            crate::review::clean::archive::tests::overlapping_bomb(403, &[b' '; 4096]);
        assert!(matches!(
            clean(&overlapping),
            Err(CleanError::Archive(ArchiveError::Overlap { .. }))
        ));
    }

    #[test]
    fn renamed_property_parts_and_workbook_paths_go_too() {
        let core = br#"<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>GUNDOPLANTED</dc:creator></cp:coreProperties>"#;
        let workbook = br#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac"><fileSharing userName="GUNDOPLANTED" reservationPassword="CC1A"/><mc:AlternateContent><mc:Choice Requires="x15"><x15ac:absPath url="C:/Users/GUNDOPLANTED/Documents/"/></mc:Choice></mc:AlternateContent><sheets/></workbook>"#;
        let file = fixtures::zip(&[
            (
                "[Content_Types].xml",
                fixtures::CONTENT_TYPES.as_bytes(),
                true,
            ),
            ("props/core1.xml", core, true),
            ("xl/workbook.xml", workbook, true),
        ]);
        let out = clean(&file).unwrap();
        let parts = unpack(&out.bytes);
        for (name, data, _) in &parts {
            assert!(!contains(data, PLANTED), "{name}");
        }
        let workbook = part(&parts, "xl/workbook.xml");
        well_formed(workbook);
        assert!(workbook.contains(r#"userName="Author 1""#) && workbook.contains("<sheets/>"));
    }

    #[test]
    fn strict_ooxml_authors_go_too() {
        let strict = br#"<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body><w:ins w:id="1" w:author="GUNDOPLANTED" w:date="2026-03-01T10:00:00Z"/></w:body></w:document>"#;
        let file = fixtures::zip(&[
            (
                "[Content_Types].xml",
                fixtures::CONTENT_TYPES.as_bytes(),
                true,
            ),
            ("word/document.xml", strict, true),
        ]);
        let out = clean(&file).unwrap();
        let parts = unpack(&out.bytes);
        let document = part(&parts, "word/document.xml");
        assert!(document.contains(r#"w:author="Author 1""#) && !document.contains("w:date"));
    }

    #[test]
    fn relationship_targets_resolve_like_opc() {
        assert_eq!(
            resolve("word/_rels/document.xml.rels", "people.xml"),
            "word/people.xml"
        );
        assert_eq!(
            resolve("word/_rels/document.xml.rels", "../customXml/item1.xml"),
            "customxml/item1.xml"
        );
        assert_eq!(
            resolve("_rels/.rels", "docProps/thumbnail.jpeg"),
            "docprops/thumbnail.jpeg"
        );
        assert_eq!(
            resolve("word/_rels/a.xml.rels", "/word/media/x.png#frag"),
            "word/media/x.png"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn xml_rewriting_never_panics(text in ".{0,300}") {
            let removed = BTreeSet::new();
            let mut pseudonyms = Pseudonyms::default();
            let mut found = Found::default();
            let mut rules = Rules {
                kind: Kind::Ooxml,
                part: "word/document.xml",
                removed: &removed,
                pseudonyms: &mut pseudonyms,
                found: &mut found,
            };
            let _ = rewrite_xml(text.as_bytes(), &mut rules);
            let wrapped = format!("<w:d xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" w:author=\"{text}\">{text}</w:d>");
            let _ = rewrite_xml(wrapped.as_bytes(), &mut rules);
        }

        #[test]
        fn office_cleaning_never_panics(
            which in any::<bool>(),
            edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
        ) {
            let mut content = if which { docx() } else { odt() };
            for (at, byte) in edits {
                let at = at.index(content.len());
                content[at] = byte;
            }
            // A damaged name can turn a removed part into an unknown one: only
            // the absence of panics is a property here.
            let _ = clean(&content);
        }
    }
}
