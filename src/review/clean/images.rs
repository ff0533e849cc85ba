//! Images: JPEG, PNG, GIF, WebP and TIFF, recognised by their first bytes.
//!
//! Cleaned by **re-encoding the pixels**: the image is decoded, turned
//! upright as its EXIF orientation says, and written anew, so nothing but
//! pixels survives — no EXIF (GPS, camera make, model and serial, dates,
//! owner), XMP, IPTC, ICC profile, comments, thumbnails, maker notes, text
//! chunks, or data hidden after the end of the image. Per format:
//!
//! | format | how | why |
//! | --- | --- | --- |
//! | JPEG | decoded and re-encoded at quality 92 | also drops the quantisation tables and encoder choices that point at a camera model; the loss at 92 does not harm reading a document or a face |
//! | PNG | decoded and re-encoded, lossless | pixels bit-exact (a palette image comes back as RGB) |
//! | animated PNG | chunk-level strip | the encoder writes one frame only; the frame chunks (`fcTL`/`fdAT`) hold only compressed pixels, every other ancillary chunk goes |
//! | GIF | frames re-encoded from their palette indices | pixels and palettes exact, animation timing kept; comments, XMP and other application blocks, plain-text blocks go |
//! | WebP | decoded and re-encoded lossless | pixels exactly as decoded (a lossy WebP grows) |
//! | animated WebP | chunk-level strip | no animated encoder; `EXIF`, `XMP `, `ICCP` and unknown chunks go |
//! | TIFF | every page decoded and re-encoded (deflate) | pixels exact; every tag but the image layout and orientation goes (`Artist`, `Make`, `Model`, serial, GPS and EXIF IFDs, XMP, IPTC, `DateTime`, `Software`, `HostComputer`, `ImageDescription`) |
//! | camera RAW (DNG, NEF, CR2…, TIFF-based) | not cleaned | the first page is a preview; the picture sits in sub-IFDs the re-encoder does not read |
//! | HEIC, HEIF, AVIF | not cleaned | no decoder without C libraries (libheif, dav1d); mat2 does not clean them thoroughly either |
//!
//! Left: what the pixels show, and the sensor's noise pattern (it survives any
//! re-encoding). A colour profile is dropped, so a wide-gamut photo looks a
//! little duller. Memory is bounded by [`CleanLimits::max_image_side`] and
//! [`CleanLimits::max_image_alloc`]: a small file that claims a huge canvas is
//! refused before the pixels are allocated.
//!
//! [`strip_jpeg_segments`] is also used on the JPEG streams inside PDFs.

use std::io::Cursor;

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader};

use super::{CleanError, CleanLimits, Cleaned, Format};

/// What every re-encoded image loses, for the reviewer.
const REENCODED: &[&str] = &[
    "EXIF (GPS position, camera make, model and serial, dates)",
    "XMP and IPTC",
    "comments and thumbnails",
    "colour profile",
    "anything but the pixels",
];

/// Cleans one image whose format was read from its first bytes.
pub(crate) fn clean_image(
    format: Format,
    data: &[u8],
    limits: &CleanLimits,
) -> Result<Cleaned, CleanError> {
    let bytes = match format {
        Format::Jpeg => reencode_jpeg(data, limits)?,
        Format::Png if is_animated_png(data) => {
            return Ok(Cleaned {
                bytes: strip_png(data)?,
                removed: vec![
                    "text, EXIF, time, ICC and private chunks (animated PNG: chunk-level strip)",
                ],
            });
        }
        Format::Png => reencode(data, ImageFormat::Png, limits, "PNG")?,
        Format::Gif => reencode_gif(data, limits)?,
        Format::WebP if is_animated_webp(data) => {
            return Ok(Cleaned {
                bytes: strip_webp(data)?,
                removed: vec![
                    "EXIF, XMP, ICC and unknown chunks (animated WebP: chunk-level strip)",
                ],
            });
        }
        Format::WebP => reencode(data, ImageFormat::WebP, limits, "WebP")?,
        Format::Tiff => reencode_tiff(data, limits)?,
        _ => {
            return Err(CleanError::Unsupported(
                "HEIC and AVIF images cannot be decoded here without C libraries",
            ));
        }
    };
    Ok(Cleaned {
        bytes,
        removed: REENCODED.to_vec(),
    })
}

/// The bounds handed to every decoder.
fn image_limits(limits: &CleanLimits) -> image::Limits {
    let mut bounds = image::Limits::default();
    bounds.max_image_width = Some(limits.max_image_side);
    bounds.max_image_height = Some(limits.max_image_side);
    bounds.max_alloc = Some(limits.max_image_alloc);
    bounds
}

/// Maps a decoder's or encoder's failure: limits hit, a coding the decoder
/// lacks, or a damaged file.
fn image_error(name: &'static str) -> impl Fn(ImageError) -> CleanError {
    move |error| match error {
        ImageError::Limits(_) => CleanError::ImageTooLarge,
        ImageError::Unsupported(_) => {
            CleanError::Unsupported("the image uses a coding the re-encoder cannot read")
        }
        _ => CleanError::Malformed(name),
    }
}

/// Decodes `data` within the limits and turns it upright.
pub(crate) fn decode_upright(
    data: &[u8],
    format: ImageFormat,
    limits: &CleanLimits,
    name: &'static str,
) -> Result<DynamicImage, CleanError> {
    let mut reader = ImageReader::with_format(Cursor::new(data), format);
    reader.limits(image_limits(limits));
    let mut decoder = reader.into_decoder().map_err(image_error(name))?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(image_error(name))?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// JPEG: 8-bit grey or RGB at quality 92 (alpha and 16-bit never come from a JPEG).
fn reencode_jpeg(data: &[u8], limits: &CleanLimits) -> Result<Vec<u8>, CleanError> {
    let image = decode_upright(data, ImageFormat::Jpeg, limits, "JPEG")?;
    let image = match image {
        DynamicImage::ImageLuma8(_) | DynamicImage::ImageRgb8(_) => image,
        DynamicImage::ImageLumaA8(_) | DynamicImage::ImageLuma16(_) => {
            DynamicImage::ImageLuma8(image.to_luma8())
        }
        other => DynamicImage::ImageRgb8(other.to_rgb8()),
    };
    let mut out = Vec::with_capacity(data.len());
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 92);
    image
        .write_with_encoder(encoder)
        .map_err(image_error("JPEG"))?;
    Ok(out)
}

/// PNG (lossless) or WebP (lossless), pixels as decoded.
fn reencode(
    data: &[u8],
    format: ImageFormat,
    limits: &CleanLimits,
    name: &'static str,
) -> Result<Vec<u8>, CleanError> {
    let image = decode_upright(data, format, limits, name)?;
    let mut out = Vec::with_capacity(data.len());
    if format == ImageFormat::WebP {
        // WebP holds 8-bit samples only.
        let image = match image {
            DynamicImage::ImageLuma8(_)
            | DynamicImage::ImageLumaA8(_)
            | DynamicImage::ImageRgb8(_)
            | DynamicImage::ImageRgba8(_) => image,
            other if other.color().has_alpha() => DynamicImage::ImageRgba8(other.to_rgba8()),
            other => DynamicImage::ImageRgb8(other.to_rgb8()),
        };
        let encoder = image::codecs::webp::WebPEncoder::new_lossless(&mut out);
        image
            .write_with_encoder(encoder)
            .map_err(image_error(name))?;
    } else {
        let encoder = image::codecs::png::PngEncoder::new(&mut out);
        image
            .write_with_encoder(encoder)
            .map_err(image_error(name))?;
    }
    Ok(out)
}

/// The most frames a GIF may have.
const MAX_GIF_FRAMES: usize = 10_000;

/// GIF: every frame rewritten from its palette indices, with its own
/// palette, position, delay, disposal and transparent index; the loop count
/// kept. Nothing else from the original is written.
fn reencode_gif(data: &[u8], limits: &CleanLimits) -> Result<Vec<u8>, CleanError> {
    let malformed = |_| CleanError::Malformed("GIF");
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::Indexed);
    let budget = limits.max_image_alloc;
    options.set_memory_limit(gif::MemoryLimit::Bytes(
        std::num::NonZeroU64::new(budget).unwrap_or(std::num::NonZeroU64::MIN),
    ));
    let mut decoder = options.read_info(data).map_err(malformed)?;
    let (width, height) = (decoder.width(), decoder.height());
    if u32::from(width.max(height)) > limits.max_image_side {
        return Err(CleanError::ImageTooLarge);
    }
    let palette = decoder.global_palette().unwrap_or_default().to_vec();
    let repeat = decoder.repeat();
    let mut out = Vec::with_capacity(data.len());
    {
        let mut encoder = gif::Encoder::new(&mut out, width, height, &palette)
            .map_err(|_| CleanError::Malformed("GIF"))?;
        if repeat != gif::Repeat::Finite(0) {
            encoder
                .set_repeat(repeat)
                .map_err(|_| CleanError::Malformed("GIF"))?;
        }
        let mut frames = 0;
        let mut pixel_bytes: u64 = 0;
        while let Some(frame) = decoder.read_next_frame().map_err(malformed)? {
            frames += 1;
            pixel_bytes += frame.buffer.len() as u64;
            if frames > MAX_GIF_FRAMES || pixel_bytes > budget {
                return Err(CleanError::ImageTooLarge);
            }
            let clean = gif::Frame {
                delay: frame.delay,
                dispose: frame.dispose,
                transparent: frame.transparent,
                needs_user_input: false,
                top: frame.top,
                left: frame.left,
                width: frame.width,
                height: frame.height,
                interlaced: false,
                palette: frame.palette.clone(),
                buffer: frame.buffer.clone(),
            };
            encoder
                .write_frame(&clean)
                .map_err(|_| CleanError::Malformed("GIF"))?;
        }
        if frames == 0 {
            return Err(CleanError::Malformed("GIF"));
        }
    }
    Ok(out)
}

/// The DNG version tag: a camera RAW file.
const DNG_VERSION: u16 = 50706;

/// The most pages a TIFF may have.
const MAX_TIFF_PAGES: usize = 1000;

/// TIFF: every page decoded with the `tiff` crate and written into a new
/// file with only the layout tags (and the orientation, a display hint that
/// names no one), deflate-compressed.
fn reencode_tiff(data: &[u8], limits: &CleanLimits) -> Result<Vec<u8>, CleanError> {
    use tiff::ColorType as C;
    use tiff::decoder::{Decoder, DecodingResult, Limits};
    use tiff::encoder::{Compression, DeflateLevel, TiffEncoder, colortype};
    use tiff::tags::Tag;

    let tiff_error = |error: tiff::TiffError| match error {
        tiff::TiffError::LimitsExceeded => CleanError::ImageTooLarge,
        tiff::TiffError::UnsupportedError(_) => {
            CleanError::Unsupported("the TIFF uses a layout the re-encoder cannot read")
        }
        _ => CleanError::Malformed("TIFF"),
    };
    let mut bounds = Limits::default();
    bounds.decoding_buffer_size = usize::try_from(limits.max_image_alloc).unwrap_or(usize::MAX);
    let mut decoder = Decoder::new(Cursor::new(data))
        .map_err(tiff_error)?
        .with_limits(bounds);
    let mut out = Cursor::new(Vec::with_capacity(data.len()));
    let mut encoder = TiffEncoder::new(&mut out)
        .map_err(tiff_error)?
        .with_compression(Compression::Deflate(DeflateLevel::Balanced));
    for page in 0.. {
        if page == MAX_TIFF_PAGES {
            return Err(CleanError::ImageTooLarge);
        }
        // Camera RAW files (DNG, NEF, CR2, ARW…) are TIFF too: their first
        // page is a small preview and the picture hides in sub-IFDs.
        let raw = decoder.find_tag(Tag::SubIfd).map_err(tiff_error)?.is_some()
            || decoder
                .find_tag(Tag::from_u16_exhaustive(DNG_VERSION))
                .map_err(tiff_error)?
                .is_some()
            || decoder
                .find_tag_unsigned::<u32>(Tag::NewSubfileType)
                .map_err(tiff_error)?
                .is_some_and(|kind| kind & 1 != 0)
            || data.get(8..10) == Some(b"CR");
        if raw {
            return Err(CleanError::Unsupported(
                "a camera RAW file or a TIFF of previews: gundo re-encodes plain TIFF pages only",
            ));
        }
        let (width, height) = decoder.dimensions().map_err(tiff_error)?;
        if width.max(height) > limits.max_image_side {
            return Err(CleanError::ImageTooLarge);
        }
        let orientation: Option<u16> = decoder
            .find_tag_unsigned(Tag::Orientation)
            .map_err(tiff_error)?
            .filter(|o| (1..=8).contains(o));
        let color = decoder.colortype().map_err(tiff_error)?;
        let pixels = decoder.read_image().map_err(tiff_error)?;
        macro_rules! page {
            ($kind:ty, $samples:expr) => {{
                let mut image = encoder
                    .new_image::<$kind>(width, height)
                    .map_err(tiff_error)?;
                if let Some(orientation) = orientation {
                    image
                        .encoder()
                        .write_tag(Tag::Orientation, orientation)
                        .map_err(tiff_error)?;
                }
                image.write_data($samples).map_err(tiff_error)?;
            }};
        }
        match (color, &pixels) {
            (C::Gray(8), DecodingResult::U8(samples)) => page!(colortype::Gray8, samples),
            (C::Gray(16), DecodingResult::U16(samples)) => page!(colortype::Gray16, samples),
            (C::RGB(8), DecodingResult::U8(samples)) => page!(colortype::RGB8, samples),
            (C::RGB(16), DecodingResult::U16(samples)) => page!(colortype::RGB16, samples),
            (C::RGBA(8), DecodingResult::U8(samples)) => page!(colortype::RGBA8, samples),
            (C::RGBA(16), DecodingResult::U16(samples)) => page!(colortype::RGBA16, samples),
            (C::CMYK(8), DecodingResult::U8(samples)) => page!(colortype::CMYK8, samples),
            _ => {
                return Err(CleanError::Unsupported(
                    "the TIFF uses a colour layout the re-encoder cannot write",
                ));
            }
        }
        if !decoder.more_images() {
            break;
        }
        decoder.next_image().map_err(tiff_error)?;
    }
    Ok(out.into_inner())
}

/// Whether a PNG is animated: an `acTL` chunk before the first `IDAT`.
fn is_animated_png(data: &[u8]) -> bool {
    let mut pos = PNG_SIGNATURE.len();
    while let Some(header) = data.get(pos..pos + 8) {
        let length = u32::from_be_bytes([header[0], header[1], header[2], header[3]]);
        match &header[4..8] {
            b"acTL" => return true,
            b"IDAT" | b"IEND" => return false,
            _ => {}
        }
        let Some(next) = usize::try_from(length)
            .ok()
            .and_then(|length| (pos + 12).checked_add(length))
        else {
            return false;
        };
        pos = next;
    }
    false
}

/// Whether a WebP is animated: the animation flag in `VP8X`.
fn is_animated_webp(data: &[u8]) -> bool {
    data.get(12..16) == Some(b"VP8X") && data.get(20).is_some_and(|flags| flags & 0x02 != 0)
        || super::contains(&data[..data.len().min(4096)], b"ANIM")
}

/// JPEG at the segment level: keeps the coding segments and the scans
/// bit-exact; drops every `APPn` segment but a thumbnail-less JFIF APP0 and
/// Adobe's APP14 (it says how to convert colours), all comments, and anything
/// after the end-of-image marker (where phones append further images with
/// their own EXIF). Used for the JPEG streams inside PDFs, whose colour
/// layout the PDF describes and a re-encoding could change.
pub(crate) fn strip_jpeg_segments(data: &[u8]) -> Result<Vec<u8>, CleanError> {
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
            return Err(CleanError::Malformed("JPEG"));
        }
        // Any marker may be preceded by fill bytes.
        while data.get(pos + 1) == Some(&0xFF) {
            pos += 1;
        }
        let marker = *data.get(pos + 1).ok_or(CleanError::Malformed("JPEG"))?;
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
            _ => return Err(CleanError::Malformed("JPEG")),
        }
        let length = data
            .get(pos..pos + 2)
            .map(|b| usize::from(u16::from_be_bytes([b[0], b[1]])))
            .filter(|&length| length >= 2)
            .ok_or(CleanError::Malformed("JPEG"))?;
        let end = pos + length;
        let body = data
            .get(pos + 2..end)
            .ok_or(CleanError::Malformed("JPEG"))?;
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
pub(crate) const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1A\n";

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
        let header = data.get(pos..pos + 8).ok_or(CleanError::Malformed("PNG"))?;
        let length = u32::from_be_bytes([header[0], header[1], header[2], header[3]]);
        let kind = [header[4], header[5], header[6], header[7]];
        if length > 0x7FFF_FFFF || !kind.iter().all(u8::is_ascii_alphabetic) {
            return Err(CleanError::Malformed("PNG"));
        }
        if first && &kind != b"IHDR" {
            return Err(CleanError::Malformed("PNG"));
        }
        first = false;
        let end = usize::try_from(length)
            .ok()
            .and_then(|length| (pos + 12).checked_add(length))
            .filter(|&end| end <= data.len())
            .ok_or(CleanError::Malformed("PNG"))?;
        if KEPT.contains(&&kind) {
            out.extend_from_slice(&data[pos..end]);
        } else if kind[0].is_ascii_uppercase() {
            // An unknown critical chunk: no viewer can show this image anyway.
            return Err(CleanError::Malformed("PNG"));
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
        .ok_or(CleanError::Malformed("WebP"))?;
    let riff_end = usize::try_from(riff_size)
        .ok()
        .and_then(|size| size.checked_add(8))
        .filter(|&end| end <= data.len() && end >= 12)
        .ok_or(CleanError::Malformed("WebP"))?;
    let mut chunks = Vec::with_capacity(riff_end);
    let mut pos = 12;
    while pos < riff_end {
        let header = data
            .get(pos..pos + 8)
            .ok_or(CleanError::Malformed("WebP"))?;
        let kind = [header[0], header[1], header[2], header[3]];
        let size = u32::from_le_bytes([header[4], header[5], header[6], header[7]]);
        let size = usize::try_from(size).map_err(|_| CleanError::Malformed("WebP"))?;
        let body_end = (pos + 8)
            .checked_add(size)
            .ok_or(CleanError::Malformed("WebP"))?;
        if body_end > riff_end {
            return Err(CleanError::Malformed("WebP"));
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
                let flags = chunks
                    .get_mut(start + 8)
                    .ok_or(CleanError::Malformed("WebP"))?;
                *flags &= VP8X_KEPT_FLAGS;
            }
        }
        pos = end;
    }
    let size = u32::try_from(chunks.len() + 4).map_err(|_| CleanError::Malformed("WebP"))?;
    let mut out = Vec::with_capacity(chunks.len() + 12);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&size.to_le_bytes());
    out.extend_from_slice(b"WEBP");
    out.extend_from_slice(&chunks);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::clean::contains;
    use crate::review::clean::fixtures::{
        self, PLANTED, chunk, exif_with_gps, gps_latitude, gradient, segment,
    };
    use proptest::prelude::*;

    fn clean(format: Format, data: &[u8]) -> Result<Cleaned, CleanError> {
        clean_image(format, data, &CleanLimits::default())
    }

    fn pixels(data: &[u8]) -> image::RgbaImage {
        image::load_from_memory(data).unwrap().to_rgba8()
    }

    #[test]
    fn jpeg_is_reencoded_without_any_planted_byte() {
        let original = fixtures::jpeg_with_metadata();
        let out = clean(Format::Jpeg, &original).unwrap();
        assert!(!contains(&out.bytes, PLANTED));
        assert!(!contains(&out.bytes, b"Exif") && !contains(&out.bytes, &gps_latitude()));
        assert!(!contains(&out.bytes, b"ICC_PROFILE") && !contains(&out.bytes, b"8BIM"));
        let before = pixels(&original);
        let after = pixels(&out.bytes);
        assert_eq!(before.dimensions(), after.dimensions());
        // Lossy, but close: every channel within a few steps on average.
        let difference: u64 = before
            .as_raw()
            .iter()
            .zip(after.as_raw())
            .map(|(a, b)| u64::from(a.abs_diff(*b)))
            .sum();
        assert!(
            difference / (before.as_raw().len() as u64) < 6,
            "{difference}"
        );
        // Only one image: what came after the first end-of-image is gone.
        assert_eq!(
            out.bytes.windows(2).filter(|w| w == &[0xFF, 0xD8]).count(),
            1
        );
    }

    #[test]
    fn jpeg_orientation_is_applied_before_the_exif_goes() {
        // EXIF with only Orientation = 6 (rotate 90° clockwise).
        let mut exif = b"Exif\0\0MM\0\x2A\0\0\0\x08\0\x01".to_vec();
        exif.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]);
        let mut plain = Vec::new();
        DynamicImage::ImageRgb8(gradient())
            .write_with_encoder(image::codecs::jpeg::JpegEncoder::new(&mut plain))
            .unwrap();
        let rotated = [&plain[..2], &segment(0xE1, &exif), &plain[2..]].concat();
        let out = clean(Format::Jpeg, &rotated).unwrap();
        assert_eq!(pixels(&out.bytes).dimensions(), (12, 16), "turned upright");
    }

    #[test]
    fn png_pixels_are_bit_exact_and_chunks_gone() {
        let original = fixtures::png_with_metadata();
        let out = clean(Format::Png, &original).unwrap();
        assert!(!contains(&out.bytes, PLANTED));
        for kind in [b"tEXt", b"iTXt", b"eXIf", b"tIME", b"prVt"] {
            assert!(!contains(&out.bytes, kind));
        }
        assert_eq!(pixels(&original), pixels(&out.bytes));
    }

    #[test]
    fn an_animated_png_is_chunk_stripped_and_keeps_its_frames() {
        let plain = {
            let mut out = Vec::new();
            DynamicImage::ImageRgb8(gradient())
                .write_with_encoder(image::codecs::png::PngEncoder::new(&mut out))
                .unwrap();
            out
        };
        let actl = chunk(*b"acTL", &[0, 0, 0, 1, 0, 0, 0, 0]);
        let original = [
            &plain[..33],
            &actl,
            &chunk(*b"tEXt", b"Author\0GUNDOPLANTED"),
            &plain[33..],
        ]
        .concat();
        let out = clean(Format::Png, &original).unwrap();
        assert!(!contains(&out.bytes, PLANTED) && contains(&out.bytes, b"acTL"));
        assert!(out.removed[0].contains("animated"));
    }

    #[test]
    fn gif_frames_keep_their_indices_and_timing_and_lose_the_blocks() {
        let original = fixtures::gif_with_metadata();
        let out = clean(Format::Gif, &original).unwrap();
        assert!(!contains(&out.bytes, PLANTED) && !contains(&out.bytes, b"XMP DataXMP"));
        let frames = |data: &[u8]| {
            let mut options = gif::DecodeOptions::new();
            options.set_color_output(gif::ColorOutput::Indexed);
            let mut decoder = options.read_info(data).unwrap();
            let mut all = Vec::new();
            while let Some(frame) = decoder.read_next_frame().unwrap() {
                all.push((frame.buffer.to_vec(), frame.delay));
            }
            (all, decoder.repeat())
        };
        assert_eq!(frames(&original), frames(&out.bytes));
    }

    #[test]
    fn webp_is_reencoded_lossless_and_animated_webp_stripped() {
        let original = fixtures::webp_with_metadata(false);
        let out = clean(Format::WebP, &original).unwrap();
        assert!(!contains(&out.bytes, PLANTED) && !contains(&out.bytes, b"EXIF"));
        assert_eq!(pixels(&original), pixels(&out.bytes));

        let animated = fixtures::webp_with_metadata(true);
        let out = clean(Format::WebP, &animated).unwrap();
        assert!(!contains(&out.bytes, PLANTED) && contains(&out.bytes, b"ANMF"));
        assert!(!contains(&out.bytes, b"EXIF") && !contains(&out.bytes, b"ICCP"));
    }

    #[test]
    fn every_tiff_page_is_kept_and_every_tag_gone() {
        let original = fixtures::tiff_with_metadata();
        let out = clean(Format::Tiff, &original).unwrap();
        assert!(!contains(&out.bytes, PLANTED));
        let pages = |data: &[u8]| {
            let mut decoder = tiff::decoder::Decoder::new(Cursor::new(data)).unwrap();
            let mut all = Vec::new();
            loop {
                all.push(match decoder.read_image().unwrap() {
                    tiff::decoder::DecodingResult::U8(v) => v,
                    _ => panic!("8-bit"),
                });
                if !decoder.more_images() {
                    break;
                }
                decoder.next_image().unwrap();
            }
            all
        };
        assert_eq!(pages(&original), pages(&out.bytes));
        assert_eq!(pages(&out.bytes).len(), 2);
    }

    #[test]
    fn a_tiff_holding_a_raw_picture_is_not_cleaned() {
        use tiff::encoder::{TiffEncoder, colortype};
        use tiff::tags::Tag;
        let mut out = Cursor::new(Vec::new());
        {
            let mut encoder = TiffEncoder::new(&mut out).unwrap();
            let mut image = encoder.new_image::<colortype::RGB8>(16, 12).unwrap();
            image
                .encoder()
                .write_tag(Tag::Unknown(DNG_VERSION), &[1u8, 4, 0, 0][..])
                .unwrap();
            image.write_data(gradient().as_raw()).unwrap();
        }
        assert!(matches!(
            clean(Format::Tiff, out.get_ref()),
            Err(CleanError::Unsupported(_))
        ));
    }

    #[test]
    fn a_huge_canvas_is_refused_before_any_allocation() {
        // 100,000 × 100,000 pixels declared in a 60-byte PNG.
        let ihdr = chunk(
            *b"IHDR",
            &[0, 1, 0x86, 0xA0, 0, 1, 0x86, 0xA0, 8, 2, 0, 0, 0],
        );
        let bomb = [
            PNG_SIGNATURE.to_vec(),
            ihdr,
            chunk(*b"IDAT", &fixtures::zlib(&[0; 64])),
            chunk(*b"IEND", &[]),
        ]
        .concat();
        let started = std::time::Instant::now();
        assert!(matches!(
            clean(Format::Png, &bomb),
            Err(CleanError::ImageTooLarge)
        ));
        let gif_bomb = [
            b"GIF89a".as_slice(),
            &[0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0],
            b";",
        ]
        .concat();
        assert!(clean(Format::Gif, &gif_bomb).is_err());
        eprintln!(
            "bomb figures: pixel bomb: {} bytes in, 30,000,000,000 bytes of pixels declared, refused in {:?}",
            bomb.len(),
            started.elapsed()
        );
    }

    #[test]
    fn damaged_and_undecodable_images_are_errors() {
        let jpeg = fixtures::jpeg_with_metadata();
        assert!(clean(Format::Jpeg, &jpeg[..jpeg.len() / 3]).is_err());
        assert!(clean(Format::Png, &fixtures::png_with_metadata()[..40]).is_err());
        assert!(matches!(
            clean(Format::Heif, b"\0\0\0\x18ftypheic"),
            Err(CleanError::Unsupported(_))
        ));
        let _ = exif_with_gps();
    }

    #[test]
    fn jpeg_segments_strip_keeps_the_scan_bit_exact() {
        let original = fixtures::jpeg_with_metadata();
        let out = strip_jpeg_segments(&original).unwrap();
        assert!(!contains(&out, PLANTED) && !contains(&out, b"Exif"));
        assert_eq!(pixels(&original), pixels(&out));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn image_cleaning_never_panics(
            which in 0..6usize,
            edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..6),
            cut in any::<prop::sample::Index>(),
        ) {
            let (format, mut content) = match which {
                0 => (Format::Jpeg, fixtures::jpeg_with_metadata()),
                1 => (Format::Png, fixtures::png_with_metadata()),
                2 => (Format::Gif, fixtures::gif_with_metadata()),
                3 => (Format::WebP, fixtures::webp_with_metadata(false)),
                4 => (Format::WebP, fixtures::webp_with_metadata(true)),
                _ => (Format::Tiff, fixtures::tiff_with_metadata()),
            };
            for (at, byte) in edits {
                let at = at.index(content.len());
                content[at] = byte;
            }
            content.truncate(cut.index(content.len() + 1));
            // Re-encoded formats keep nothing but pixels, whatever was damaged
            // (a chunk-level strip keeps what a damaged header calls image data).
            if let Ok(out) = clean(format, &content)
                && which != 4
            {
                prop_assert!(!contains(&out.bytes, PLANTED));
            }
            let _ = strip_jpeg_segments(&content);
            let _ = strip_png(&content);
            let _ = strip_webp(&content);
        }
    }
}
