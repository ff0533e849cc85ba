//! Files that carry identifying metadata, built in code.

/// A JPEG segment.
fn segment(marker: u8, body: &[u8]) -> Vec<u8> {
    let length = u16::try_from(body.len() + 2).unwrap();
    let mut out = vec![0xFF, marker];
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(body);
    out
}

/// The GPS latitude 12°38'23.52" N (Bamako) as EXIF rationals.
pub fn gps_latitude() -> Vec<u8> {
    [(12u32, 1u32), (38, 1), (2352, 100)]
        .iter()
        .flat_map(|(n, d)| n.to_be_bytes().into_iter().chain(d.to_be_bytes()))
        .collect()
}

/// A 1×1 grey baseline JPEG whose EXIF places the camera in Bamako.
pub fn jpeg_with_gps() -> Vec<u8> {
    let mut tiff = b"MM\0\x2A\0\0\0\x08".to_vec();
    tiff.extend_from_slice(&[0, 1, 0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 26, 0, 0, 0, 0]);
    tiff.extend_from_slice(&[0, 2]);
    tiff.extend_from_slice(&[0, 1, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]);
    tiff.extend_from_slice(&[0, 2, 0, 5, 0, 0, 0, 3, 0, 0, 0, 56]);
    tiff.extend_from_slice(&[0, 0, 0, 0]);
    tiff.extend_from_slice(&gps_latitude());
    let exif = [&b"Exif\0\0"[..], &tiff].concat();
    let mut out = vec![0xFF, 0xD8];
    out.extend(segment(0xE0, b"JFIF\0\x01\x02\x01\0\x48\0\x48\0\0"));
    out.extend(segment(0xE1, &exif));
    out.extend(segment(0xDB, &[&[0u8][..], &[1; 64]].concat()));
    out.extend(segment(0xC0, &[8, 0, 1, 0, 1, 1, 1, 0x11, 0]));
    let one_code = |class: u8| [&[class, 1][..], &[0; 15], &[0]].concat();
    out.extend(segment(0xC4, &one_code(0x00)));
    out.extend(segment(0xC4, &one_code(0x10)));
    out.extend(segment(0xDA, &[1, 1, 0x00, 0, 63, 0]));
    out.extend_from_slice(&[0x3F, 0xFF, 0xD9]);
    out
}

/// A one-page PDF whose Info dictionary names its author.
pub fn pdf_with_author(author: &str) -> Vec<u8> {
    use lopdf::{Document, Object, Stream, StringFormat, dictionary};
    let mut document = Document::with_version("1.5");
    let pages = document.new_object_id();
    let contents = document.add_object(Stream::new(
        lopdf::Dictionary::new(),
        b"BT 72 712 Td (Rapport) Tj ET".to_vec(),
    ));
    let page = document.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages, "Contents" => contents,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    document.objects.insert(
        pages,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let catalog = document.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
    let info = document.add_object(dictionary! {
        "Author" => Object::String(author.as_bytes().to_vec(), StringFormat::Literal),
    });
    document.trailer.set("Root", catalog);
    document.trailer.set("Info", info);
    let mut out = Vec::new();
    document.save_to(&mut out).unwrap();
    out
}
