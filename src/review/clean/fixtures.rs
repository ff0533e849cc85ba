//! Test files with planted metadata, built in memory for the cleaners' tests.
//! Every planted value contains [`PLANTED`], so "nothing planted survives"
//! is one byte search.

// Test helpers: format names are prose, and failures are the test's.
#![allow(
    clippy::unwrap_used,
    clippy::trivially_copy_pass_by_ref,
    clippy::doc_markdown
)]

use std::io::{Cursor, Write};

use lopdf::{Dictionary, Document, Object, Stream, dictionary};
use rawzip::extra_fields::ExtraFieldId;
use rawzip::{CompressionMethod, DataDescriptorOutput, ZipArchiveWriter};

/// What every planted value contains.
pub(crate) const PLANTED: &[u8] = b"GUNDOPLANTED";

pub(crate) fn deflate(data: &[u8]) -> Vec<u8> {
    let mut encoder =
        flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

pub(crate) fn zlib(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

/// Adds a file entry holding `data`, deflated or stored, with an extra field
/// naming a user.
pub(crate) fn add(
    writer: &mut ZipArchiveWriter<&mut Vec<u8>>,
    name: &str,
    data: &[u8],
    deflated: bool,
) {
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
            b"uid GUNDOPLANTED-uid",
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

/// A ZIP of `(name, data, deflated)` entries, with a comment.
pub(crate) fn zip(entries: &[(&str, &[u8], bool)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut writer = ZipArchiveWriter::new(&mut out);
    for (name, data, deflated) in entries {
        add(&mut writer, name, data, *deflated);
    }
    writer.set_comment("zipped on GUNDOPLANTED-laptop");
    writer.finish().unwrap();
    out
}

// --- images -----------------------------------------------------------------

/// EXIF (big-endian TIFF) with an Artist, a camera serial and a GPS IFD
/// placing the camera at 14.4974 N.
pub(crate) fn exif_with_gps() -> Vec<u8> {
    let artist = b"GUNDOPLANTED-Artist\0";
    let mut tiff = b"MM\0\x2A\0\0\0\x08".to_vec();
    // IFD0 at 8: two entries (Artist, GPSInfo), next IFD 0. 2 + 24 + 4 = 30 bytes.
    let artist_at: u32 = 8 + 30;
    let gps_at: u32 = artist_at + u32::try_from(artist.len()).unwrap();
    tiff.extend_from_slice(&[0, 2]);
    tiff.extend_from_slice(&[0x01, 0x3B, 0, 2]);
    tiff.extend_from_slice(&u32::try_from(artist.len()).unwrap().to_be_bytes());
    tiff.extend_from_slice(&artist_at.to_be_bytes());
    tiff.extend_from_slice(&[0x88, 0x25, 0, 4, 0, 0, 0, 1]);
    tiff.extend_from_slice(&gps_at.to_be_bytes());
    tiff.extend_from_slice(&[0, 0, 0, 0]);
    tiff.extend_from_slice(artist);
    // GPS IFD: GPSLatitudeRef "N", GPSLatitude (rationals after the IFD).
    let rationals_at = gps_at + 2 + 24 + 4;
    tiff.extend_from_slice(&[0, 2]);
    tiff.extend_from_slice(&[0, 1, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]);
    tiff.extend_from_slice(&[0, 2, 0, 5, 0, 0, 0, 3]);
    tiff.extend_from_slice(&rationals_at.to_be_bytes());
    tiff.extend_from_slice(&[0, 0, 0, 0]);
    tiff.extend_from_slice(&gps_latitude());
    let mut body = b"Exif\0\0".to_vec();
    body.extend_from_slice(&tiff);
    body
}

/// 14° 29' 50.64" as three rationals.
pub(crate) fn gps_latitude() -> Vec<u8> {
    [(14u32, 1u32), (29, 1), (5064, 100)]
        .iter()
        .flat_map(|(n, d)| n.to_be_bytes().into_iter().chain(d.to_be_bytes()))
        .collect()
}

pub(crate) fn segment(marker: u8, body: &[u8]) -> Vec<u8> {
    let length = u16::try_from(body.len() + 2).unwrap();
    let mut out = vec![0xFF, marker];
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(body);
    out
}

/// A 16×12 colour gradient.
pub(crate) fn gradient() -> image::RgbImage {
    image::RgbImage::from_fn(16, 12, |x, y| {
        image::Rgb([
            u8::try_from(x * 16).unwrap(),
            u8::try_from(y * 20).unwrap(),
            128,
        ])
    })
}

/// A real JPEG (decodable) with EXIF/GPS, XMP, IPTC, ICC and a comment, and
/// a second image with EXIF after its end, as phones append.
pub(crate) fn jpeg_with_metadata() -> Vec<u8> {
    let mut plain = Vec::new();
    image::DynamicImage::ImageRgb8(gradient())
        .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
            &mut plain, 90,
        ))
        .unwrap();
    let mut out = vec![0xFF, 0xD8];
    out.extend(segment(0xE1, &exif_with_gps()));
    out.extend(segment(
        0xE1,
        b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>GUNDOPLANTED-XMP</x:xmpmeta>",
    ));
    out.extend(segment(0xE2, b"ICC_PROFILE\0\x01\x01GUNDOPLANTED-screen"));
    out.extend(segment(
        0xED,
        b"Photoshop 3.0\08BIM\x04\x04GUNDOPLANTED-IPTC",
    ));
    out.extend(segment(0xFE, b"taken by GUNDOPLANTED-Comment"));
    // The encoder's own segments and scan, after its SOI.
    out.extend_from_slice(&plain[2..]);
    out.extend_from_slice(&[0xFF, 0xD8]);
    out.extend(segment(0xE1, &exif_with_gps()));
    out.extend_from_slice(&[0xFF, 0xD9]);
    out
}

pub(crate) fn chunk(kind: [u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
    out.extend_from_slice(&kind);
    out.extend_from_slice(data);
    let mut crc = crc32fast::Hasher::new();
    crc.update(&kind);
    crc.update(data);
    out.extend_from_slice(&crc.finalize().to_be_bytes());
    out
}

/// A real PNG with text, EXIF, time and private chunks before its pixels.
pub(crate) fn png_with_metadata() -> Vec<u8> {
    let mut plain = Vec::new();
    image::DynamicImage::ImageRgb8(gradient())
        .write_with_encoder(image::codecs::png::PngEncoder::new(&mut plain))
        .unwrap();
    let ihdr_end = 8 + 25;
    [
        plain[..ihdr_end].to_vec(),
        chunk(*b"tEXt", b"Author\0GUNDOPLANTED-Author"),
        chunk(*b"iTXt", b"Comment\0\0\0fr\0\0GUNDOPLANTED-Comment"),
        chunk(*b"eXIf", &exif_with_gps()[6..]),
        chunk(*b"tIME", &[0x07, 0xEA, 1, 2, 3, 4, 5]),
        chunk(*b"prVt", b"GUNDOPLANTED-private"),
        plain[ihdr_end..].to_vec(),
        b"trailing GUNDOPLANTED".to_vec(),
    ]
    .concat()
}

/// A two-frame GIF with a comment and an XMP application block.
pub(crate) fn gif_with_metadata() -> Vec<u8> {
    let palette = [0u8, 0, 0, 255, 255, 255, 255, 0, 0, 0, 0, 255];
    let mut out = Vec::new();
    {
        let mut encoder = gif::Encoder::new(&mut out, 4, 4, &palette).unwrap();
        encoder.set_repeat(gif::Repeat::Infinite).unwrap();
        encoder
            .write_raw_extension(gif::AnyExtension(0xFE), &[b"GUNDOPLANTED-Comment"])
            .unwrap();
        encoder
            .write_raw_extension(
                gif::AnyExtension(0xFF),
                &[b"XMP DataXMP", b"<x:xmpmeta>GUNDOPLANTED-XMP</x:xmpmeta>"],
            )
            .unwrap();
        for shift in 0..2u8 {
            let frame = gif::Frame {
                width: 4,
                height: 4,
                delay: 50,
                buffer: std::borrow::Cow::Owned((0..16).map(|i| (i + shift) % 4).collect()),
                ..gif::Frame::default()
            };
            encoder.write_frame(&frame).unwrap();
        }
    }
    out
}

pub(crate) fn riff_chunk(kind: [u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = kind.to_vec();
    out.extend_from_slice(&u32::try_from(data.len()).unwrap().to_le_bytes());
    out.extend_from_slice(data);
    if data.len() % 2 == 1 {
        out.push(0);
    }
    out
}

pub(crate) fn riff(form: &[u8; 4], chunks: &[Vec<u8>]) -> Vec<u8> {
    let body = chunks.concat();
    let mut out = b"RIFF".to_vec();
    out.extend_from_slice(&u32::try_from(body.len() + 4).unwrap().to_le_bytes());
    out.extend_from_slice(form);
    out.extend(body);
    out
}

/// A real lossless WebP in an extended container with EXIF, XMP and ICC.
pub(crate) fn webp_with_metadata(animated: bool) -> Vec<u8> {
    let mut plain = Vec::new();
    image::DynamicImage::ImageRgb8(gradient())
        .write_with_encoder(image::codecs::webp::WebPEncoder::new_lossless(&mut plain))
        .unwrap();
    let image_chunk = plain[12..].to_vec();
    let flags = 0x20 | 0x08 | 0x04 | if animated { 0x02 } else { 0 };
    let vp8x = riff_chunk(*b"VP8X", &[flags, 0, 0, 0, 15, 0, 0, 11, 0, 0]);
    let mut chunks = vec![vp8x, riff_chunk(*b"ICCP", b"GUNDOPLANTED-profile")];
    if animated {
        chunks.push(riff_chunk(*b"ANIM", &[0, 0, 0, 0, 0, 0]));
        let mut frame = vec![0u8; 16];
        frame[6..9].copy_from_slice(&[15, 0, 0]);
        frame[9..12].copy_from_slice(&[11, 0, 0]);
        frame.extend_from_slice(&image_chunk);
        chunks.push(riff_chunk(*b"ANMF", &frame));
    } else {
        chunks.push(image_chunk);
    }
    chunks.push(riff_chunk(*b"EXIF", &exif_with_gps()[6..]));
    chunks.push(riff_chunk(
        *b"XMP ",
        b"<x:xmpmeta>GUNDOPLANTED-XMP</x:xmpmeta>",
    ));
    [riff(b"WEBP", &chunks), b"after: GUNDOPLANTED".to_vec()].concat()
}

/// A two-page TIFF whose pages carry Artist, Make, Model and a description.
pub(crate) fn tiff_with_metadata() -> Vec<u8> {
    use tiff::encoder::{TiffEncoder, colortype};
    use tiff::tags::Tag;
    let mut out = Cursor::new(Vec::new());
    {
        let mut encoder = TiffEncoder::new(&mut out).unwrap();
        for page in 0..2u8 {
            let pixels: Vec<u8> = gradient()
                .into_raw()
                .into_iter()
                .map(|v| v.wrapping_add(page * 7))
                .collect();
            let mut image = encoder.new_image::<colortype::RGB8>(16, 12).unwrap();
            for (tag, value) in [
                (Tag::Artist, "GUNDOPLANTED-Artist"),
                (Tag::Make, "GUNDOPLANTED-Make"),
                (Tag::Model, "GUNDOPLANTED-Model"),
                (Tag::ImageDescription, "GUNDOPLANTED-Description"),
            ] {
                image.encoder().write_tag(tag, value).unwrap();
            }
            image.write_data(&pixels).unwrap();
        }
    }
    out.into_inner()
}

// --- PDF --------------------------------------------------------------------

fn text(value: &str) -> Object {
    Object::string_literal(value)
}

pub(crate) fn pdf_with_author(object_streams: bool) -> Vec<u8> {
    let mut document = Document::with_version("1.5");
    let tree_id = document.new_object_id();
    let contents = Stream::new(Dictionary::new(), b"BT 72 712 Td (Rapport) Tj ET".to_vec());
    let contents_id = document.add_object(contents);
    let xmp = Stream::new(
        dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
        b"<x:xmpmeta><dc:creator>GUNDOPLANTED-Creator</dc:creator></x:xmpmeta>".to_vec(),
    );
    let xmp_id = document.add_object(xmp);
    let note_id = document.add_object(dictionary! {
        "Type" => "Annot", "Subtype" => "Text", "Rect" => vec![0.into(), 0.into(), 9.into(), 9.into()],
        "T" => text("GUNDOPLANTED-Annot"), "Contents" => text("voir page 2"),
        "M" => text("D:20260101120000+00'00'"), "RC" => text("<body>GUNDOPLANTED-RC</body>"),
    });
    let field_id = document.add_object(dictionary! {
        "Type" => "Annot", "Subtype" => "Widget", "FT" => "Tx",
        "Rect" => vec![0.into(), 20.into(), 9.into(), 29.into()], "T" => text("matricule"),
    });
    let page_id = document.add_object(dictionary! {
        "Type" => "Page", "Parent" => tree_id, "Contents" => contents_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Annots" => vec![note_id.into(), field_id.into()], "Metadata" => xmp_id,
        "PieceInfo" => dictionary! { "Illustrator" => dictionary! { "Private" => text("GUNDOPLANTED-Piece") } },
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
        "Author" => text("GUNDOPLANTED-Author"), "Creator" => text("Word - GUNDOPLANTED"),
        "CreationDate" => text("D:20260101120000+00'00'"),
    });
    document.trailer.set("Root", catalog_id);
    document.trailer.set("Info", info_id);
    document
        .trailer
        .set("ID", vec![text("GUNDOPLANTED-1"), text("GUNDOPLANTED-2")]);
    let mut out = Vec::new();
    if object_streams {
        document.save_modern(&mut out).unwrap();
    } else {
        document.save_to(&mut out).unwrap();
    }
    out
}

/// A one-page PDF with JavaScript on opening, a launch action, a name-tree
/// script, an embedded file and a file attachment annotation, and a web link.
pub(crate) fn active_pdf() -> Vec<u8> {
    let mut document = Document::with_version("1.7");
    let tree_id = document.new_object_id();
    let file_id = document.add_object(Stream::new(
        dictionary! { "Type" => "EmbeddedFile" },
        b"GUNDOPLANTED-attachment".to_vec(),
    ));
    let spec = dictionary! { "Type" => "Filespec", "F" => text("note.txt"), "EF" => dictionary! { "F" => file_id } };
    let spec_id = document.add_object(spec);
    let attachment_id = document.add_object(dictionary! {
        "Type" => "Annot", "Subtype" => "FileAttachment", "FS" => spec_id,
        "Rect" => vec![0.into(), 0.into(), 9.into(), 9.into()],
    });
    let launch_id = document.add_object(dictionary! {
        "S" => "Launch", "F" => text("cmd.exe"),
    });
    let launcher_id = document.add_object(dictionary! {
        "Type" => "Annot", "Subtype" => "Link", "A" => launch_id,
        "Rect" => vec![0.into(), 10.into(), 9.into(), 19.into()],
    });
    let web_id = document.add_object(dictionary! {
        "Type" => "Annot", "Subtype" => "Link",
        "A" => dictionary! { "S" => "URI", "URI" => text("https://example.org/") },
        "Rect" => vec![0.into(), 20.into(), 9.into(), 29.into()],
    });
    let contents_id = document.add_object(Stream::new(Dictionary::new(), b"BT ET".to_vec()));
    let page_id = document.add_object(dictionary! {
        "Type" => "Page", "Parent" => tree_id, "Contents" => contents_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Annots" => vec![attachment_id.into(), launcher_id.into(), web_id.into()],
        "AA" => dictionary! { "O" => dictionary! { "S" => "JavaScript", "JS" => text("app.alert(2)") } },
    });
    document.objects.insert(
        tree_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 },
        ),
    );
    let script_id =
        document.add_object(dictionary! { "S" => "JavaScript", "JS" => text("app.alert(3)") });
    let catalog_id = document.add_object(dictionary! {
        "Type" => "Catalog", "Pages" => tree_id,
        "OpenAction" => dictionary! { "S" => "JavaScript", "JS" => text("app.alert(1)") },
        "Names" => dictionary! {
            "JavaScript" => dictionary! { "Names" => vec![text("init"), script_id.into()] },
            "EmbeddedFiles" => dictionary! { "Names" => vec![text("note.txt"), spec_id.into()] },
        },
    });
    document.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    document.save_to(&mut out).unwrap();
    out
}

/// A one-page PDF drawing `jpeg` (a DCTDecode image XObject), the stream
/// optionally wrapped in Flate as well.
pub(crate) fn pdf_with_image(jpeg: &[u8], flate: bool) -> Vec<u8> {
    let mut document = Document::with_version("1.5");
    let tree_id = document.new_object_id();
    let (filter, data) = if flate {
        (
            Object::Array(vec!["FlateDecode".into(), "DCTDecode".into()]),
            zlib(jpeg),
        )
    } else {
        (Object::Name(b"DCTDecode".to_vec()), jpeg.to_vec())
    };
    let mut image = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 16, "Height" => 12,
            "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8, "Filter" => filter,
        },
        data,
    );
    image.allows_compression = false;
    let image_id = document.add_object(image);
    let contents_id = document.add_object(Stream::new(
        Dictionary::new(),
        b"q 160 0 0 120 72 600 cm /Im1 Do Q".to_vec(),
    ));
    let page_id = document.add_object(dictionary! {
        "Type" => "Page", "Parent" => tree_id, "Contents" => contents_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Resources" => dictionary! { "XObject" => dictionary! { "Im1" => image_id } },
    });
    document.objects.insert(
        tree_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 },
        ),
    );
    let catalog_id = document.add_object(dictionary! { "Type" => "Catalog", "Pages" => tree_id });
    document.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    document.save_to(&mut out).unwrap();
    out
}

/// Every string, name and (decoded) stream in a parsed document.
pub(crate) fn all_pdf_text(document: &Document) -> Vec<u8> {
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

// --- Office -----------------------------------------------------------------

pub(crate) const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="jpeg" ContentType="image/jpeg"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/><Override PartName="/word/people.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.people+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/><Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/><Override PartName="/customXml/itemProps1.xml" ContentType="application/vnd.openxmlformats-officedocument.customXmlProperties+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail" Target="docProps/thumbnail.jpeg"/><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/><Relationship Id="rId2" Type="http://schemas.microsoft.com/office/2011/relationships/people" Target="people.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.jpeg"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml" Target="../customXml/item1.xml"/><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org/" TargetMode="External"/></Relationships>"#;

pub(crate) const DOCUMENT: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><!-- GUNDOPLANTED-xmlcomment --><w:body><w:p w:rsidR="00AB12CD" w:rsidRDefault="00AB12CD"><w:r><w:t>Le rapport &amp; la suite</w:t></w:r><w:ins w:id="1" w:author="GUNDOPLANTED-Author" w:date="2026-03-01T10:00:00Z"><w:r><w:t>ajout</w:t></w:r></w:ins><w:del w:id="2" w:author="Awa GUNDOPLANTED" w:date="2026-03-02T10:00:00Z"><w:r><w:delText>retrait</w:delText></w:r></w:del><w:commentRangeStart w:id="0"/><w:r><w:rPr><w:b/><w:rPrChange w:id="3" w:author="GUNDOPLANTED-Author" w:date="2026-03-03T10:00:00Z"><w:rPr/></w:rPrChange></w:rPr><w:t>gras</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p></w:body></w:document>"#;

const COMMENTS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment w:id="0" w:author="GUNDOPLANTED-Author" w:date="2026-03-04T10:00:00Z" w:initials="GP"><w:p><w:r><w:t>à vérifier</w:t></w:r></w:p></w:comment></w:comments>"#;

const PEOPLE: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:person w15:author="GUNDOPLANTED-Author"><w15:presenceInfo w15:providerId="AD" w15:userId="gundoplanted@example.org GUNDOPLANTED-mail"/></w15:person></w15:people>"#;

const CORE: &str = r#"<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>GUNDOPLANTED-Creator</dc:creator><cp:lastModifiedBy>GUNDOPLANTED-LastModifiedBy</cp:lastModifiedBy></cp:coreProperties>"#;

/// A DOCX with properties, a thumbnail, custom XML, tracked changes, a
/// comment, a people part and a photo with GPS.
pub(crate) fn docx() -> Vec<u8> {
    let jpeg = jpeg_with_metadata();
    zip(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes(), true),
        ("_rels/.rels", ROOT_RELS.as_bytes(), true),
        ("docProps/core.xml", CORE.as_bytes(), true),
        (
            "docProps/app.xml",
            b"<Properties><Company>GUNDOPLANTED-Company</Company></Properties>",
            false,
        ),
        (
            "docProps/custom.xml",
            b"<Properties><vt:lpwstr>GUNDOPLANTED-Custom</vt:lpwstr></Properties>",
            true,
        ),
        ("docProps/thumbnail.jpeg", &jpeg, false),
        ("word/document.xml", DOCUMENT.as_bytes(), true),
        (
            "word/_rels/document.xml.rels",
            DOCUMENT_RELS.as_bytes(),
            true,
        ),
        ("word/comments.xml", COMMENTS.as_bytes(), true),
        ("word/people.xml", PEOPLE.as_bytes(), true),
        ("word/media/image1.jpeg", &jpeg, false),
        (
            "customXml/item1.xml",
            b"<b:Sources><b:Author>GUNDOPLANTED-Source</b:Author></b:Sources>",
            true,
        ),
        (
            "customXml/itemProps1.xml",
            b"<ds:datastoreItem ds:itemID=\"{GUNDOPLANTED}\"/>",
            true,
        ),
    ])
}

const ODF_CONTENT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.3"><office:body><office:text><text:tracked-changes><text:changed-region text:id="ct1"><text:insertion><office:change-info><dc:creator>GUNDOPLANTED-Author</dc:creator><dc:date>2026-03-01T10:00:00</dc:date></office:change-info></text:insertion></text:changed-region></text:tracked-changes><text:p>Le rapport<text:change-start text:change-id="ct1"/> ajouté<text:change-end text:change-id="ct1"/><office:annotation><dc:creator>GUNDOPLANTED-Annotator</dc:creator><dc:date>2026-03-04T10:00:00</dc:date><meta:creator-initials>GP</meta:creator-initials><text:p>à vérifier</text:p></office:annotation></text:p><draw:frame><draw:image xlink:href="Pictures/photo.jpg"/></draw:frame></office:text></office:body></office:document-content>"#;

const ODF_MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="settings.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="Thumbnails/thumbnail.png" manifest:media-type="image/png"/><manifest:file-entry manifest:full-path="Pictures/photo.jpg" manifest:media-type="image/jpeg"/></manifest:manifest>"#;

/// An ODT with meta.xml, settings, a thumbnail, a tracked change, an
/// annotation and a photo with GPS.
pub(crate) fn odt() -> Vec<u8> {
    let jpeg = jpeg_with_metadata();
    zip(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text", false),
        ("META-INF/manifest.xml", ODF_MANIFEST.as_bytes(), true),
        ("content.xml", ODF_CONTENT.as_bytes(), true),
        (
            "meta.xml",
            b"<office:document-meta><meta:initial-creator>GUNDOPLANTED-Creator</meta:initial-creator></office:document-meta>",
            true,
        ),
        (
            "settings.xml",
            b"<office:settings><config:config-item>GUNDOPLANTED-Printer</config:config-item></office:settings>",
            true,
        ),
        ("Thumbnails/thumbnail.png", &png_with_metadata(), false),
        ("Pictures/photo.jpg", &jpeg, false),
    ])
}

// --- audio and video --------------------------------------------------------

pub(crate) fn mp4_box(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
    let mut out = u32::try_from(body.len() + 8)
        .unwrap()
        .to_be_bytes()
        .to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(body);
    out
}

fn full_box_times() -> Vec<u8> {
    // version 0, flags, creation, modification, then timescale and the rest.
    let mut body = vec![0, 0, 0, 0];
    body.extend_from_slice(&0xDEAD_BEEFu32.to_be_bytes());
    body.extend_from_slice(&0xDEAD_BEEFu32.to_be_bytes());
    body.extend_from_slice(&[0, 0, 3, 0xE8, 0, 0, 0, 10]);
    body.extend_from_slice(&[0; 16]);
    body
}

fn track(handler: &[u8; 4], samples_at: u32) -> Vec<u8> {
    let hdlr = [&[0u8; 8][..], handler, &[0; 12], b"GUNDOPLANTED-Handler\0"].concat();
    // One chunk of two 8-byte samples at `samples_at`.
    let stbl = [
        mp4_box(b"stsz", &[0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0, 2]),
        mp4_box(
            b"stsc",
            &[0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 1],
        ),
        mp4_box(
            b"stco",
            &[&[0u8, 0, 0, 0, 0, 0, 0, 1][..], &samples_at.to_be_bytes()].concat(),
        ),
    ]
    .concat();
    let mdia = [
        mp4_box(b"mdhd", &full_box_times()),
        mp4_box(b"hdlr", &hdlr),
        mp4_box(b"minf", &mp4_box(b"stbl", &stbl)),
    ]
    .concat();
    mp4_box(
        b"trak",
        &[
            mp4_box(b"tkhd", &full_box_times()),
            mp4_box(b"udta", &mp4_box(b"name", b"GUNDOPLANTED-Track")),
            mp4_box(b"mdia", &mdia),
        ]
        .concat(),
    )
}

/// An MP4 with `©xyz`, make and model in `udta`, Apple keys in `meta`, an
/// XMP `uuid` box, and a video track.
pub(crate) fn mp4_with_metadata() -> Vec<u8> {
    let payload = b"frame-data-here!frame-data-here!";
    let layout = mp4_with_tracks(&[track(b"vide", 0)], payload);
    let mdat = u32::try_from(layout.len() - payload.len()).unwrap();
    mp4_with_tracks(&[track(b"vide", mdat)], payload)
}

/// A video track, and a track of `handler` whose two samples (the second
/// half of `mdat`) hold a planted position.
pub(crate) fn mp4_with_track(handler: &[u8; 4]) -> Vec<u8> {
    let payload = b"frame-data-here!GUNDOPLANTED-GPS";
    let layout = mp4_with_tracks(&[track(b"vide", 0), track(handler, 0)], payload);
    let mdat = u32::try_from(layout.len() - payload.len()).unwrap();
    mp4_with_tracks(&[track(b"vide", mdat), track(handler, mdat + 16)], payload)
}

fn mp4_with_tracks(tracks: &[Vec<u8>], payload: &[u8]) -> Vec<u8> {
    let udta = [
        mp4_box(b"\xA9xyz", b"\0\x12\x15\xC7+14.4974-004.1975/"),
        mp4_box(b"\xA9mak", b"\0\x11\x15\xC7GUNDOPLANTED-Make"),
        mp4_box(b"\xA9mod", b"\0\x12\x15\xC7GUNDOPLANTED-Model"),
    ]
    .concat();
    let meta = [
        &[0u8; 4][..],
        &mp4_box(b"keys", b"com.apple.quicktime.location.ISO6709"),
        &mp4_box(b"ilst", b"GUNDOPLANTED-Keys"),
    ]
    .concat();
    let moov = [
        mp4_box(b"mvhd", &full_box_times()),
        tracks.concat(),
        mp4_box(b"udta", &udta),
        mp4_box(b"meta", &meta),
    ]
    .concat();
    [
        mp4_box(b"ftyp", b"isom\0\0\x02\0isomiso2mp41"),
        mp4_box(b"moov", &moov),
        mp4_box(b"uuid", b"\xBE\x7A\xCF\xCB\x97\xA9\x42\xE8\x9C\x71\x99\x94\x91\xE3\xAF\xAC<x:xmpmeta>GUNDOPLANTED-XMP</x:xmpmeta>"),
        mp4_box(b"mdat", payload),
    ]
    .concat()
}

/// Two MPEG-1 layer III frames (128 kbit/s, 44.1 kHz, 417 bytes each).
pub(crate) fn mp3_frames() -> Vec<u8> {
    let mut frame = vec![0xFF, 0xFB, 0x90, 0x64];
    frame.resize(417, 0x55);
    [frame.clone(), frame].concat()
}

/// MP3 frames with an ID3v2.3 tag in front, and APEv2 and ID3v1 behind.
pub(crate) fn mp3_with_tags() -> Vec<u8> {
    let frame = [
        b"TPE1".as_slice(),
        &[0, 0, 0, 21, 0, 0, 0],
        b"GUNDOPLANTED-Artist",
    ]
    .concat();
    let size = u32::try_from(frame.len()).unwrap();
    let syncsafe = [
        u8::try_from((size >> 21) & 0x7F).unwrap(),
        u8::try_from((size >> 14) & 0x7F).unwrap(),
        u8::try_from((size >> 7) & 0x7F).unwrap(),
        u8::try_from(size & 0x7F).unwrap(),
    ];
    let id3v2 = [b"ID3\x03\0\0".as_slice(), &syncsafe, &frame].concat();
    let ape_items = [
        b"\x14\0\0\0\0\0\0\0Artist\0".as_slice(),
        b"GUNDOPLANTED-APE-1234",
    ]
    .concat();
    let mut ape_footer = b"APETAGEX".to_vec();
    ape_footer.extend_from_slice(&2000u32.to_le_bytes());
    ape_footer.extend_from_slice(&u32::try_from(ape_items.len() + 32).unwrap().to_le_bytes());
    ape_footer.extend_from_slice(&1u32.to_le_bytes());
    ape_footer.extend_from_slice(&0u32.to_le_bytes());
    ape_footer.extend_from_slice(&[0; 8]);
    let mut id3v1 = b"TAGGUNDOPLANTED-Title".to_vec();
    id3v1.resize(128, 0);
    [id3v2, mp3_frames(), ape_items, ape_footer, id3v1].concat()
}

pub(crate) fn wav_samples() -> Vec<u8> {
    (0..200u8).collect()
}

/// A WAV with INFO, bext and iXML chunks around its samples.
pub(crate) fn wav_with_metadata() -> Vec<u8> {
    let format = [
        1u8, 0, 1, 0, 0x40, 0x1F, 0, 0, 0x80, 0x3E, 0, 0, 2, 0, 16, 0,
    ];
    riff(
        b"WAVE",
        &[
            riff_chunk(*b"fmt ", &format),
            riff_chunk(*b"LIST", b"INFOIART\x14\0\0\0GUNDOPLANTED-Artist\0"),
            riff_chunk(*b"bext", b"GUNDOPLANTED-Originator"),
            riff_chunk(*b"data", &wav_samples()),
            riff_chunk(*b"iXML", b"<BWFXML>GUNDOPLANTED-iXML</BWFXML>"),
        ],
    )
}

/// An Ogg Vorbis or Opus stream: identification header, a comment header
/// with an artist and a location, (setup), and two audio packets.
pub(crate) fn ogg_with_comments(opus: bool) -> Vec<u8> {
    use ogg::{PacketWriteEndInfo, PacketWriter};
    let (ident, magic, framing): (&[u8], &[u8], bool) = if opus {
        (
            b"OpusHead\x01\x01\x38\x01\x80\xBB\0\0\0\0\0",
            b"OpusTags",
            false,
        )
    } else {
        (
            b"\x01vorbis\0\0\0\0\x01\x44\xAC\0\0\0\0\0\0\0\xEE\x02\0\0\0\0\0\xB8\x01",
            b"\x03vorbis",
            true,
        )
    };
    let mut comments = magic.to_vec();
    let vendor = b"GUNDOPLANTED-Vendor";
    comments.extend_from_slice(&u32::try_from(vendor.len()).unwrap().to_le_bytes());
    comments.extend_from_slice(vendor);
    let items: [&[u8]; 2] = [
        b"ARTIST=GUNDOPLANTED-Artist",
        b"LOCATION=14.4974,-4.1975 GUNDOPLANTED",
    ];
    comments.extend_from_slice(&2u32.to_le_bytes());
    for item in items {
        comments.extend_from_slice(&u32::try_from(item.len()).unwrap().to_le_bytes());
        comments.extend_from_slice(item);
    }
    if framing {
        comments.push(1);
    }
    let mut out = Vec::new();
    {
        let mut writer = PacketWriter::new(&mut out);
        writer
            .write_packet(ident.to_vec(), 7, PacketWriteEndInfo::EndPage, 0)
            .unwrap();
        let last_header = if opus {
            PacketWriteEndInfo::EndPage
        } else {
            PacketWriteEndInfo::NormalPacket
        };
        writer.write_packet(comments, 7, last_header, 0).unwrap();
        if !opus {
            writer
                .write_packet(
                    b"\x05vorbis-setup".to_vec(),
                    7,
                    PacketWriteEndInfo::EndPage,
                    0,
                )
                .unwrap();
        }
        writer
            .write_packet(vec![0xAA; 300], 7, PacketWriteEndInfo::EndPage, 960)
            .unwrap();
        writer
            .write_packet(vec![0xBB; 300], 7, PacketWriteEndInfo::EndStream, 1920)
            .unwrap();
    }
    out
}
