//! Audio and video from phones and recorders, recognised by their first
//! bytes: ISO base media (MP4, MOV, M4A, 3GP: an `ftyp` box, or a QuickTime
//! file starting with `moov`/`mdat`/`wide`/`free`), MP3 (an ID3v2 tag or an
//! MPEG audio frame), WAV (`RIFF…WAVE`) and Ogg (`OggS`, Vorbis, Opus or
//! Theora inside). The audio and video streams are **copied untouched**.
//!
//! | format | removed | how |
//! | --- | --- | --- |
//! | MP4/MOV/M4A/3GP | `udta` (`©xyz` location, `©mak`/`©mod` make and model, `©day`, `©swr`, `loci`, Samsung `smta`…), `meta` (Apple `mdta` keys: location, make, model, software, creation date), `uuid` boxes (XMP, vendor data), every other top-level or `moov`/`trak` box that is not part of the media's structure; creation and modification times in `mvhd`, `tkhd` and `mdhd` set to zero; handler names blanked (they can name the camera's maker) | each removed box becomes a `free` box of the same size with zeroed content, so no sample offset moves and `mdat` is byte-identical |
//! | MP3 | ID3v2 tags (at the start and appended), ID3v1 and ID3v1.1 (`TAG`, `TAG+`), APEv2 and Lyrics3 tags | the MPEG frames are copied as they are |
//! | WAV | every chunk but `fmt `, `fact` and `data`: `LIST`/`INFO` (artist, software, dates), `bext` (originator, date, time, coding history), `iXML`, `id3 `, `_PMX` (XMP), `cart`, padding | chunks copied, the RIFF size rewritten |
//! | Ogg | the comment header of each Vorbis, Opus or Theora stream (artist, date, location, encoder, cover picture) replaced by an empty one (empty vendor string, no comments) | packets copied, pages rebuilt with the same granule positions and new CRCs |
//!
//! Timed-metadata tracks (handler `meta`: GPS telemetry, Apple `mebx` keys)
//! and timecode tracks (`tmcd`: the time of day) are removed: their samples,
//! found through the track's sample tables, are zeroed in `mdat` and the
//! track becomes a `free` box.
//!
//! Not cleaned: an MP4/MOV with a caption, hint or other track (content
//! gundo would have to judge), fragmented files whose fragments carry metadata boxes,
//! FLAC, RF64, and Ogg streams of other codecs. Left: what is heard and seen,
//! the encoder's settings inside the streams (an MP3's LAME header, an H.264
//! stream's encoder string), sample-description vendor codes.
//!
//! Parsing is hand-written for MP4 boxes, ID3 and RIFF (a few fixed headers;
//! no maintained crate rewrites metadata in place while leaving every other
//! byte as it is) and done by the `ogg` crate for Ogg pages; every size is
//! checked against the bytes there, and property tests feed arbitrary input.

// Format names (ID3v2, QuickTime) are prose here, not code.
#![allow(clippy::doc_markdown)]

use std::io::Cursor;

use super::{CleanError, Cleaned, Format};

/// HEIF/AVIF major brands: images, not video.
const HEIF_BRANDS: &[&[u8; 4]] = &[
    b"heic", b"heix", b"hevc", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1", b"avif",
    b"avis", b"avio",
];

/// ISO base media (or HEIF) by its first box.
pub(crate) fn detect_iso_media(content: &[u8]) -> Option<Format> {
    let kind = content.get(4..8)?;
    if kind == b"ftyp" {
        let brand = content.get(8..12)?;
        return Some(if HEIF_BRANDS.iter().any(|b| b.as_slice() == brand) {
            Format::Heif
        } else {
            Format::Mp4
        });
    }
    // Old QuickTime files have no `ftyp`.
    let size = u32::from_be_bytes(content.get(0..4)?.try_into().ok()?);
    let plausible = size == 1 || (size >= 8 && size as usize <= content.len().max(8));
    (plausible
        && [b"moov", b"mdat", b"wide", b"free", b"skip"]
            .iter()
            .any(|k| k.as_slice() == kind))
    .then_some(Format::Mp4)
}

/// Whether `content` starts like an MP3: an ID3v2 tag, or an MPEG audio
/// frame header (sync, a layer, a usable bitrate and sample rate).
pub(crate) fn is_mp3(content: &[u8]) -> bool {
    content.starts_with(b"ID3") || content.get(0..4).is_some_and(is_mpeg_frame)
}

fn is_mpeg_frame(header: &[u8]) -> bool {
    header.len() >= 4
        && header[0] == 0xFF
        && header[1] & 0xE0 == 0xE0
        && (header[1] >> 1) & 3 != 0 // layer
        && (header[1] >> 3) & 3 != 1 // version
        && header[2] >> 4 != 0xF // bitrate
        && (header[2] >> 2) & 3 != 3 // sample rate
}

// --- MP4 ---------------------------------------------------------------------

/// What an MP4 box is turned into.
#[derive(Clone, Copy, PartialEq, Eq)]
enum BoxAction {
    Keep,
    CheckFragment,
    Descend,
    Free,
    ZeroTimes,
    BlankHandlerName,
}

/// The boxes of `moov`, `trak` and `mdia` that make up the media's
/// structure; anything else there becomes `free`.
fn box_action(parent: [u8; 4], kind: [u8; 4]) -> BoxAction {
    use BoxAction::{BlankHandlerName, CheckFragment, Descend, Free, Keep, ZeroTimes};
    match (&parent, &kind) {
        (b"root", b"ftyp" | b"mdat" | b"mfra" | b"sidx" | b"ssix" | b"styp" | b"pdin")
        | (b"moov", b"mvex" | b"iods")
        | (b"trak", b"edts" | b"tref" | b"tapt")
        | (b"mdia", b"minf") => Keep,
        (b"root", b"moov") | (b"moov", b"trak") | (b"trak", b"mdia") => Descend,
        (b"root", b"moof") => CheckFragment,
        (b"moov", b"mvhd") | (b"trak", b"tkhd") | (b"mdia", b"mdhd") => ZeroTimes,
        (b"mdia", b"hdlr") => BlankHandlerName,
        _ => Free,
    }
}

/// What was found, for the reviewer.
#[derive(Default)]
#[allow(clippy::struct_excessive_bools)] // four independent facts, not a state
struct Mp4Found {
    freed: bool,
    data_tracks: bool,
    times: bool,
    handler: bool,
}

/// MP4/MOV/M4A/3GP: metadata boxes become `free` boxes of the same size with
/// zeroed content; times are zeroed in place. Every other byte is unchanged.
pub(crate) fn clean_mp4(data: &[u8]) -> Result<Cleaned, CleanError> {
    let mut out = data.to_vec();
    let mut found = Mp4Found::default();
    walk_boxes(&mut out, 0, data.len(), *b"root", 0, &mut found)?;
    let mut removed =
        vec!["location, device make and model, software and dates (udta, meta, uuid/XMP boxes)"];
    if found.times {
        removed.push("creation and modification times (mvhd, tkhd, mdhd)");
    }
    if found.handler {
        removed.push("handler names");
    }
    if found.data_tracks {
        removed.push(
            "timed-metadata and timecode tracks (GPS telemetry, time of day), samples blanked",
        );
    }
    let _ = found.freed;
    Ok(Cleaned {
        bytes: out,
        removed,
    })
}

fn walk_boxes(
    data: &mut [u8],
    start: usize,
    end: usize,
    parent: [u8; 4],
    depth: usize,
    found: &mut Mp4Found,
) -> Result<(), CleanError> {
    let malformed = || CleanError::Malformed("MP4/MOV");
    if depth > 8 {
        return Err(malformed());
    }
    let mut pos = start;
    while pos < end {
        if end - pos < 8 {
            // QuickTime allows a 4-byte zero terminator at the end of a list.
            if &parent != b"root" && data[pos..end].iter().all(|&b| b == 0) {
                return Ok(());
            }
            return Err(malformed());
        }
        let size = u32::from_be_bytes(data[pos..pos + 4].try_into().map_err(|_| malformed())?);
        let kind: [u8; 4] = data[pos + 4..pos + 8].try_into().map_err(|_| malformed())?;
        let (header, box_end) = match size {
            0 if &parent == b"root" => (8, end),
            1 => {
                let large = data.get(pos + 8..pos + 16).ok_or_else(malformed)?;
                let large = u64::from_be_bytes(large.try_into().map_err(|_| malformed())?);
                let large = usize::try_from(large).map_err(|_| malformed())?;
                (16, pos.checked_add(large).ok_or_else(malformed)?)
            }
            0..=7 => return Err(malformed()),
            _ => (8, pos + size as usize),
        };
        if box_end > end || box_end < pos + header {
            return Err(malformed());
        }
        let body = pos + header;
        match box_action(parent, kind) {
            BoxAction::Keep => {}
            BoxAction::CheckFragment => {
                let carries = [b"meta", b"udta", b"uuid"]
                    .iter()
                    .any(|k| find_descendant(data, body, box_end, **k, 0));
                if carries {
                    return Err(CleanError::Unsupported(
                        "a fragmented video whose fragments carry metadata boxes",
                    ));
                }
            }
            BoxAction::Descend => {
                if &kind == b"trak" && track_kind(data, body, box_end)? == TrackKind::Data {
                    // Timed metadata (GPS, orientation, faces) or a timecode:
                    // its samples are blanked in `mdat`, the track goes.
                    for (start, length) in track_samples(data, body, box_end)? {
                        data[start..start + length].fill(0);
                    }
                    data[pos + 4..pos + 8].copy_from_slice(b"free");
                    data[body..box_end].fill(0);
                    found.data_tracks = true;
                } else {
                    walk_boxes(data, body, box_end, kind, depth + 1, found)?;
                }
            }
            BoxAction::Free => {
                data[pos + 4..pos + 8].copy_from_slice(b"free");
                data[body..box_end].fill(0);
                found.freed = true;
            }
            BoxAction::ZeroTimes => {
                // version(1) flags(3), then creation and modification times:
                // 32-bit each in version 0, 64-bit in version 1.
                let version = *data.get(body).ok_or_else(malformed)?;
                let width = if version == 1 { 8 } else { 4 };
                let times = data
                    .get_mut(body + 4..body + 4 + 2 * width)
                    .filter(|_| body + 4 + 2 * width <= box_end)
                    .ok_or_else(malformed)?;
                times.fill(0);
                found.times = true;
            }
            BoxAction::BlankHandlerName => {
                // version/flags(4) pre_defined(4) handler_type(4) reserved(12) name.
                if box_end > body + 24 {
                    data[body + 24..box_end].fill(0);
                    found.handler = true;
                }
            }
        }
        pos = box_end;
    }
    Ok(())
}

/// What a track holds, by its handler.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TrackKind {
    /// Video or sound: kept.
    Media,
    /// Timed metadata (`meta`: GPS telemetry, Apple `mebx` keys) or a
    /// timecode (`tmcd`: the time of day it was filmed): removed.
    Data,
}

/// The kind of a track; captions, hints and other tracks are not cleaned
/// (their samples are content gundo would have to judge).
fn track_kind(data: &[u8], start: usize, end: usize) -> Result<TrackKind, CleanError> {
    let malformed = || CleanError::Malformed("MP4/MOV");
    let mdia = find_child(data, start, end, *b"mdia").ok_or_else(malformed)?;
    let hdlr = find_child(data, mdia.0, mdia.1, *b"hdlr").ok_or_else(malformed)?;
    match data.get(hdlr.0 + 8..hdlr.0 + 12) {
        Some(b"vide" | b"soun") => Ok(TrackKind::Media),
        Some(b"meta" | b"tmcd") => Ok(TrackKind::Data),
        _ => Err(CleanError::Unsupported(
            "the video has a caption or other data track that gundo does not remove",
        )),
    }
}

/// The most samples a removed track may list.
const MAX_TRACK_SAMPLES: usize = 10_000_000;

/// Where every sample of a track lies in the file (`start`, `length`), from
/// its sample tables: `stsz` (sizes), `stsc` (samples per chunk) and
/// `stco`/`co64` (chunk offsets). Each range is checked against the file.
fn track_samples(data: &[u8], start: usize, end: usize) -> Result<Vec<(usize, usize)>, CleanError> {
    let malformed = || CleanError::Malformed("MP4/MOV");
    let u32_at = |at: usize| -> Result<u32, CleanError> {
        data.get(at..at + 4)
            .and_then(|b| b.try_into().ok())
            .map(u32::from_be_bytes)
            .ok_or_else(malformed)
    };
    let mdia = find_child(data, start, end, *b"mdia").ok_or_else(malformed)?;
    let minf = find_child(data, mdia.0, mdia.1, *b"minf").ok_or_else(malformed)?;
    let stbl = find_child(data, minf.0, minf.1, *b"stbl").ok_or_else(malformed)?;
    let sizes = find_child(data, stbl.0, stbl.1, *b"stsz").ok_or(CleanError::Unsupported(
        "a data track whose sample table gundo cannot read",
    ))?;
    let chunk_runs = find_child(data, stbl.0, stbl.1, *b"stsc").ok_or_else(malformed)?;
    let (offsets, wide) = match find_child(data, stbl.0, stbl.1, *b"stco") {
        Some(range) => (range, false),
        None => (
            find_child(data, stbl.0, stbl.1, *b"co64").ok_or_else(malformed)?,
            true,
        ),
    };
    // stsz: version/flags, a common size (0: one size per sample), a count.
    let common = u32_at(sizes.0 + 4)? as usize;
    let count = u32_at(sizes.0 + 8)? as usize;
    if count > MAX_TRACK_SAMPLES {
        return Err(malformed());
    }
    let size_of = |index: usize| -> Result<usize, CleanError> {
        if common != 0 {
            return Ok(common);
        }
        let at = sizes.0 + 12 + 4 * index;
        if at + 4 > sizes.1 {
            return Err(malformed());
        }
        Ok(u32_at(at)? as usize)
    };
    let chunks = u32_at(offsets.0 + 4)? as usize;
    let chunk_offset = |index: usize| -> Result<usize, CleanError> {
        let width = if wide { 8 } else { 4 };
        let at = offsets.0 + 8 + width * index;
        if at + width > offsets.1 {
            return Err(malformed());
        }
        if wide {
            let high = u64::from(u32_at(at)?);
            let low = u64::from(u32_at(at + 4)?);
            usize::try_from((high << 32) | low).map_err(|_| malformed())
        } else {
            Ok(u32_at(at)? as usize)
        }
    };
    let runs = u32_at(chunk_runs.0 + 4)? as usize;
    let run = |index: usize| -> Result<(usize, usize), CleanError> {
        let at = chunk_runs.0 + 8 + 12 * index;
        if at + 12 > chunk_runs.1 {
            return Err(malformed());
        }
        Ok((u32_at(at)? as usize, u32_at(at + 4)? as usize))
    };
    let mut samples = Vec::new();
    let mut sample = 0;
    // The run in force: the last whose first chunk (counted from 1) is at or
    // before this one; runs are walked once, in step with the chunks.
    let mut next_run = 0;
    let mut per_chunk = 0;
    for chunk in 0..chunks {
        if sample == count {
            break;
        }
        while next_run < runs {
            let (first, samples_in) = run(next_run)?;
            if first > chunk + 1 {
                break;
            }
            per_chunk = samples_in;
            next_run += 1;
        }
        let mut at = chunk_offset(chunk)?;
        for _ in 0..per_chunk {
            if sample == count {
                break;
            }
            let size = size_of(sample)?;
            let end = at.checked_add(size).ok_or_else(malformed)?;
            if end > data.len() {
                return Err(malformed());
            }
            samples.push((at, size));
            at = end;
            sample += 1;
        }
    }
    if sample != count {
        return Err(malformed());
    }
    Ok(samples)
}

/// The body range of the first child box of `kind` between `start` and `end`.
fn find_child(data: &[u8], start: usize, end: usize, kind: [u8; 4]) -> Option<(usize, usize)> {
    let mut pos = start;
    while pos + 8 <= end {
        let size = u32::from_be_bytes(data[pos..pos + 4].try_into().ok()?) as usize;
        let (header, box_end) = if size == 1 {
            let large = u64::from_be_bytes(data.get(pos + 8..pos + 16)?.try_into().ok()?);
            (16, pos.checked_add(usize::try_from(large).ok()?)?)
        } else if size < 8 {
            return None;
        } else {
            (8, pos + size)
        };
        if box_end > end {
            return None;
        }
        if data[pos + 4..pos + 8] == kind {
            return Some((pos + header, box_end));
        }
        pos = box_end;
    }
    None
}

/// Whether a box of `kind` is among the boxes between `start` and `end`, or
/// inside the fragment containers (`traf`) among them.
fn find_descendant(data: &[u8], start: usize, end: usize, kind: [u8; 4], depth: usize) -> bool {
    if depth > 4 {
        return true;
    }
    if find_child(data, start, end, kind).is_some() {
        return true;
    }
    find_child(data, start, end, *b"traf")
        .is_some_and(|(s, e)| find_descendant(data, s, e, kind, depth + 1))
}

// --- MP3 ---------------------------------------------------------------------

/// An ID3v2 tag's total length at `data`'s start, if it has one.
fn id3v2_length(data: &[u8]) -> Option<usize> {
    let header = data.get(0..10)?;
    if &header[0..3] != b"ID3" || header[6..10].iter().any(|b| b & 0x80 != 0) {
        return None;
    }
    let size = header[6..10]
        .iter()
        .fold(0usize, |size, &b| (size << 7) | usize::from(b));
    let footer = if header[5] & 0x10 != 0 { 10 } else { 0 };
    Some(10 + size + footer)
}

/// MP3: every tag removed from both ends; the frames copied untouched.
pub(crate) fn clean_mp3(data: &[u8]) -> Result<Cleaned, CleanError> {
    let malformed = || CleanError::Malformed("MP3");
    let mut start = 0;
    let mut found_tags = false;
    while let Some(length) = id3v2_length(&data[start..]) {
        start = start
            .checked_add(length)
            .filter(|&s| s <= data.len())
            .ok_or_else(malformed)?;
        found_tags = true;
    }
    let mut end = data.len();
    loop {
        let tail = &data[start..end];
        let cut = if tail.len() >= 128 && tail[tail.len() - 128..].starts_with(b"TAG") {
            let extended = tail.len() >= 355 && tail[tail.len() - 355..].starts_with(b"TAG+");
            if extended { 355 } else { 128 }
        } else if tail.len() >= 32 && tail[tail.len() - 32..].starts_with(b"APETAGEX") {
            let footer = &tail[tail.len() - 32..];
            let size =
                u32::from_le_bytes(footer[12..16].try_into().map_err(|_| malformed())?) as usize;
            let flags = u32::from_le_bytes(footer[20..24].try_into().map_err(|_| malformed())?);
            let header = if flags & 0x8000_0000 != 0 { 32 } else { 0 };
            size.checked_add(header)
                .filter(|&n| n <= tail.len() && n >= 32)
                .ok_or_else(malformed)?
        } else if tail.len() >= 15 && tail.ends_with(b"LYRICS200") {
            let digits = std::str::from_utf8(&tail[tail.len() - 15..tail.len() - 9])
                .map_err(|_| malformed())?;
            let size: usize = digits.parse().map_err(|_| malformed())?;
            size.checked_add(15)
                .filter(|&n| n <= tail.len())
                .ok_or_else(malformed)?
        } else if tail.len() >= 10 && tail[tail.len() - 10..].starts_with(b"3DI") {
            let footer = &tail[tail.len() - 10..];
            let appended = [b"ID3".as_slice(), &footer[3..]].concat();
            id3v2_length(&appended)
                .map(|n| n + 10)
                .filter(|&n| n <= tail.len())
                .ok_or_else(malformed)?
        } else {
            break;
        };
        end -= cut;
        found_tags = true;
    }
    let frames = &data[start..end];
    if !frames.get(0..4).is_some_and(is_mpeg_frame) {
        return Err(if frames.starts_with(b"fLaC") {
            CleanError::Unsupported("FLAC audio is not cleaned")
        } else {
            malformed()
        });
    }
    let _ = found_tags;
    Ok(Cleaned {
        bytes: frames.to_vec(),
        removed: vec![
            "ID3v1, ID3v2, APE and Lyrics3 tags (artist, title, comments, pictures, dates)",
        ],
    })
}

// --- WAV ---------------------------------------------------------------------

/// WAV: only `fmt `, `fact` and `data` are kept.
pub(crate) fn clean_wav(data: &[u8]) -> Result<Cleaned, CleanError> {
    const KEPT: &[&[u8; 4]] = &[b"fmt ", b"fact", b"data"];
    let malformed = || CleanError::Malformed("WAV");
    let riff_end = data
        .get(4..8)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
        .and_then(|size| size.checked_add(8))
        .ok_or_else(malformed)?
        .min(data.len());
    let mut chunks = Vec::with_capacity(riff_end);
    let mut pos = 12;
    let mut has_format = false;
    let mut has_data = false;
    while pos + 8 <= riff_end {
        let kind: [u8; 4] = data[pos..pos + 4].try_into().map_err(|_| malformed())?;
        let size = u32::from_le_bytes(data[pos + 4..pos + 8].try_into().map_err(|_| malformed())?)
            as usize;
        let mut body_end = (pos + 8).checked_add(size).ok_or_else(malformed)?;
        if body_end > riff_end {
            // A recorder that stopped early leaves a data size too large.
            if &kind == b"data" {
                body_end = riff_end;
            } else {
                return Err(malformed());
            }
        }
        if KEPT.contains(&&kind) {
            let length = u32::try_from(body_end - pos - 8).map_err(|_| malformed())?;
            chunks.extend_from_slice(&kind);
            chunks.extend_from_slice(&length.to_le_bytes());
            chunks.extend_from_slice(&data[pos + 8..body_end]);
            if length % 2 == 1 {
                chunks.push(0);
            }
            has_format |= &kind == b"fmt ";
            has_data |= &kind == b"data";
        }
        pos = body_end + (body_end - pos) % 2;
    }
    if !has_format || !has_data {
        return Err(malformed());
    }
    let size = u32::try_from(chunks.len() + 4).map_err(|_| malformed())?;
    let mut out = Vec::with_capacity(chunks.len() + 12);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&size.to_le_bytes());
    out.extend_from_slice(b"WAVE");
    out.extend_from_slice(&chunks);
    Ok(Cleaned {
        bytes: out,
        removed: vec![
            "LIST/INFO, bext, iXML, ID3 and XMP chunks (artist, software, originator, dates)",
        ],
    })
}

// --- Ogg ---------------------------------------------------------------------

/// The codec of a logical Ogg stream, from its first packet.
#[derive(Clone, Copy, PartialEq, Eq)]
enum OggCodec {
    Vorbis,
    Opus,
    Theora,
}

/// Ogg: each Vorbis, Opus or Theora stream's comment header replaced by an
/// empty one; every other packet copied as it is, pages rebuilt.
pub(crate) fn clean_ogg(data: &[u8]) -> Result<Cleaned, CleanError> {
    use ogg::{PacketReader, PacketWriteEndInfo, PacketWriter};
    let malformed = || CleanError::Malformed("Ogg");
    let mut reader = PacketReader::new(Cursor::new(data));
    let mut streams: std::collections::HashMap<u32, (OggCodec, usize)> =
        std::collections::HashMap::new();
    let mut out = Vec::with_capacity(data.len());
    let mut replaced = 0;
    {
        let mut writer = PacketWriter::new(&mut out);
        while let Some(packet) = reader.read_packet().map_err(|_| malformed())? {
            let serial = packet.stream_serial();
            if packet.first_in_stream() {
                let codec = if packet.data.starts_with(b"\x01vorbis") {
                    OggCodec::Vorbis
                } else if packet.data.starts_with(b"OpusHead") {
                    OggCodec::Opus
                } else if packet.data.starts_with(b"\x80theora") {
                    OggCodec::Theora
                } else {
                    return Err(CleanError::Unsupported(
                        "an Ogg stream of a codec gundo does not clean",
                    ));
                };
                streams.insert(serial, (codec, 0));
            }
            let (codec, index) = streams.get_mut(&serial).ok_or_else(malformed)?;
            let content = if *index == 1 {
                replaced += 1;
                empty_comment_header(*codec, &packet.data).ok_or_else(malformed)?
            } else {
                packet.data.clone()
            };
            *index += 1;
            let end = if packet.last_in_stream() {
                PacketWriteEndInfo::EndStream
            } else if packet.last_in_page() {
                PacketWriteEndInfo::EndPage
            } else {
                PacketWriteEndInfo::NormalPacket
            };
            writer
                .write_packet(content, serial, end, packet.absgp_page())
                .map_err(|_| malformed())?;
        }
    }
    if replaced == 0 {
        return Err(malformed());
    }
    Ok(Cleaned {
        bytes: out,
        removed: vec![
            "Vorbis/Opus comments (artist, date, location, encoder, cover picture); vendor string emptied",
        ],
    })
}

/// The empty comment header for `codec`, if `original` is one.
fn empty_comment_header(codec: OggCodec, original: &[u8]) -> Option<Vec<u8>> {
    let (magic, framing): (&[u8], bool) = match codec {
        OggCodec::Vorbis => (b"\x03vorbis", true),
        OggCodec::Opus => (b"OpusTags", false),
        OggCodec::Theora => (b"\x81theora", false),
    };
    if !original.starts_with(magic) {
        return None;
    }
    let mut header = magic.to_vec();
    header.extend_from_slice(&0u32.to_le_bytes()); // vendor string length
    header.extend_from_slice(&0u32.to_le_bytes()); // comment count
    if framing {
        header.push(1);
    }
    Some(header)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::clean::fixtures::{self, PLANTED};
    use crate::review::clean::{contains, find};
    use proptest::prelude::*;

    #[test]
    fn mp4_metadata_boxes_become_free_and_mdat_is_untouched() {
        let original = fixtures::mp4_with_metadata();
        assert!(contains(&original, PLANTED) && contains(&original, b"\xA9xyz"));
        let out = clean_mp4(&original).unwrap();
        assert_eq!(
            out.bytes.len(),
            original.len(),
            "same size: no offset moves"
        );
        assert!(!contains(&out.bytes, PLANTED));
        assert!(!contains(&out.bytes, b"\xA9xyz") && !contains(&out.bytes, b"+14.4974"));
        let mdat = |b: &[u8]| {
            let at = find(b, b"mdat").unwrap() - 4;
            b[at..at + 24].to_vec()
        };
        assert_eq!(mdat(&original), mdat(&out.bytes));
        // mvhd creation time zeroed.
        let mvhd = find(&out.bytes, b"mvhd").unwrap();
        assert_eq!(&out.bytes[mvhd + 8..mvhd + 16], &[0; 8]);
    }

    #[test]
    fn a_timed_metadata_track_goes_with_its_samples_and_the_video_stays() {
        let original = fixtures::mp4_with_track(b"meta");
        assert!(contains(&original, b"GUNDOPLANTED-GPS"));
        let out = clean_mp4(&original).unwrap();
        assert_eq!(out.bytes.len(), original.len());
        assert!(
            !contains(&out.bytes, PLANTED),
            "samples blanked, track freed"
        );
        assert!(
            contains(&out.bytes, b"frame-data-here!"),
            "the video's own samples stay"
        );
        assert!(out.removed.iter().any(|r| r.contains("timed-metadata")));
        assert!(clean_mp4(&fixtures::mp4_with_track(b"tmcd")).is_ok());
        assert!(clean_mp4(&fixtures::mp4_with_track(b"soun")).is_ok());
        assert!(matches!(
            clean_mp4(&fixtures::mp4_with_track(b"sbtl")),
            Err(CleanError::Unsupported(_))
        ));
    }

    #[test]
    fn mp3_tags_go_from_both_ends() {
        let original = fixtures::mp3_with_tags();
        let out = clean_mp3(&original).unwrap();
        assert!(!contains(&out.bytes, PLANTED) && !contains(&out.bytes, b"ID3"));
        assert!(!contains(&out.bytes, b"TAG") && !contains(&out.bytes, b"APETAGEX"));
        assert_eq!(out.bytes, fixtures::mp3_frames());
    }

    #[test]
    fn wav_keeps_only_format_and_samples() {
        let original = fixtures::wav_with_metadata();
        let out = clean_wav(&original).unwrap();
        assert!(!contains(&out.bytes, PLANTED) && !contains(&out.bytes, b"bext"));
        assert!(contains(&out.bytes, &fixtures::wav_samples()));
        assert_eq!(
            u32::from_le_bytes(out.bytes[4..8].try_into().unwrap()) as usize,
            out.bytes.len() - 8
        );
    }

    #[test]
    fn ogg_comments_go_and_audio_packets_stay() {
        for opus in [false, true] {
            let original = fixtures::ogg_with_comments(opus);
            assert!(contains(&original, PLANTED));
            let out = clean_ogg(&original).unwrap();
            assert!(!contains(&out.bytes, PLANTED));
            let packets = |bytes: &[u8]| {
                let mut reader = ogg::PacketReader::new(Cursor::new(bytes.to_vec()));
                let mut all = Vec::new();
                while let Some(p) = reader.read_packet().unwrap() {
                    all.push((p.data.clone(), p.absgp_page()));
                }
                all
            };
            let (before, after) = (packets(&original), packets(&out.bytes));
            assert_eq!(before.len(), after.len());
            assert_eq!(before[0], after[0], "identification header");
            assert_eq!(
                &before[2..],
                &after[2..],
                "every later packet, and its granule"
            );
        }
    }

    #[test]
    fn broken_media_are_refused() {
        assert!(clean_mp4(b"\0\0\0\x20ftypisom\0\0\0\0").is_err());
        assert!(clean_mp3(b"ID3\x04\0\0\0\0\0\x7Fnot mpeg").is_err());
        assert!(clean_wav(b"RIFF\x04\0\0\0WAVE").is_err());
        assert!(clean_ogg(b"OggS\0\x02").is_err());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn media_cleaners_never_panic(
            which in 0..5usize,
            edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
            cut in any::<prop::sample::Index>(),
        ) {
            let mut content = match which {
                0 => fixtures::mp4_with_metadata(),
                1 => fixtures::mp3_with_tags(),
                2 => fixtures::wav_with_metadata(),
                3 => fixtures::ogg_with_comments(false),
                _ => fixtures::ogg_with_comments(true),
            };
            for (at, byte) in edits {
                let at = at.index(content.len());
                content[at] = byte;
            }
            content.truncate(cut.index(content.len() + 1));
            let _ = clean_mp4(&content);
            let _ = clean_mp3(&content);
            let _ = clean_wav(&content);
            let _ = clean_ogg(&content);
            let _ = detect_iso_media(&content);
            let _ = is_mp3(&content);
        }

        #[test]
        fn arbitrary_bytes_never_panic(content in prop::collection::vec(any::<u8>(), 0..400)) {
            let _ = clean_mp4(&content);
            let _ = clean_mp3(&content);
            let _ = clean_wav(&content);
            let _ = clean_ogg(&content);
        }
    }
}
