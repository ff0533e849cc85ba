//! Bounded ZIP reading: every archive the reviewer side unpacks goes through
//! here first (Office and ODF files being cleaned, and, through
//! [`check_zip_layout`], the tip's own message ZIP).
//!
//! Takes: any ZIP, by its end-of-central-directory record.
//!
//! Refuses, before inflating a single byte:
//! - more than [`ArchiveLimits::max_entries`] entries;
//! - entries whose data ranges overlap, or that are listed out of order (the
//!   central directory must list entries in the order of their data, each
//!   one's data ending before the next one's local header starts, and all of
//!   it before the central directory). Honest writers never do otherwise; a
//!   bomb does: 403 directory records pointing at one deflated body made a
//!   297 KB file write 101 MB;
//! - declared sizes that add up to more than [`ArchiveLimits::max_output`]:
//!   `max_ratio` times the archive's own size plus a small `allowance`;
//! - encrypted entries and compression methods other than stored and deflate.
//!
//! While inflating, the same caps hold on the bytes actually produced (the
//! declared sizes may lie), and each entry's size and CRC-32 are checked
//! against its directory record.
//!
//! Why 32× plus 8 MiB: real Office files expand by far less, and small
//! ones are covered by the allowance. Measured on files written by
//! `python-docx`, `openpyxl` and `python-pptx` (the templates Word, Excel
//! and `PowerPoint` ship): 20 slides 2.8×, an empty workbook 3.4×, 20,000
//! rows of numbers 7.8×, 20,000 identical rows 14.7×, a report with a photo
//! 14.9×, 200 paragraphs of text 20.0×, an empty document 22.6× (36 KB
//! holding 800 KB of styles); the most compressible single part, the styles,
//! 32×. Photos are stored already compressed, so documents with pictures
//! sit lower still. A deflate bomb reaches about 1,000× per layer. The cap
//! for the empty document is 9.5 MB, for it to need 0.8 MB.
//!
//! Must never: read outside the archive's bytes, allocate according to a
//! declared size before it was checked, or put entry names into an error.

use std::io::Read;

use rawzip::{CompressionMethod, ReaderAt, ZipArchive, ZipArchiveEntryWayfinder};

/// Bounds on one archive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArchiveLimits {
    /// The most entries (files and folders).
    pub max_entries: usize,
    /// The most bytes extracted, as a multiple of the archive's own size…
    pub max_ratio: u64,
    /// …plus this many bytes.
    pub allowance: u64,
    /// The most bytes one entry may inflate to.
    pub max_entry: u64,
}

impl Default for ArchiveLimits {
    fn default() -> Self {
        Self {
            max_entries: 10_000,
            max_ratio: 32,
            allowance: 8 * 1024 * 1024,
            max_entry: 256 * 1024 * 1024,
        }
    }
}

impl ArchiveLimits {
    /// The most bytes all entries of an archive of `archive_len` bytes may
    /// inflate to together.
    pub fn max_output(&self, archive_len: u64) -> u64 {
        archive_len
            .saturating_mul(self.max_ratio)
            .saturating_add(self.allowance)
    }
}

/// Why an archive was refused. Figures only: never an entry's name or data.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ArchiveError {
    /// No readable central directory.
    #[error("the archive is damaged: its directory cannot be read")]
    Damaged,
    /// More entries than allowed.
    #[error("the archive lists {found} entries, over the limit of {max}")]
    TooManyEntries {
        /// Entries listed (or announced).
        found: u64,
        /// The limit.
        max: usize,
    },
    /// An entry's data starts before the previous entry's data ends.
    #[error(
        "entry {entry} starts at byte {offset}, before the previous entry ends at byte {previous_end}: overlapping or out-of-order entries (a decompression bomb)"
    )]
    Overlap {
        /// The entry's position in the directory, from 0.
        entry: usize,
        /// Where its local header starts.
        offset: u64,
        /// Where the previous entry's data ends.
        previous_end: u64,
    },
    /// An entry's data runs into the central directory or past the file.
    #[error("entry {entry} runs to byte {end}, past the entries' area, which ends at byte {limit}")]
    OutsideData {
        /// The entry's position in the directory, from 0.
        entry: usize,
        /// Where its data ends.
        end: u64,
        /// Where the central directory starts.
        limit: u64,
    },
    /// The entries would write more than [`ArchiveLimits::max_output`].
    #[error(
        "the archive would write {would_write} bytes from {archive} bytes, over the cap of {cap} bytes: it may be a decompression bomb"
    )]
    TooMuchOutput {
        /// Bytes declared (or already produced) so far.
        would_write: u64,
        /// The archive's own size.
        archive: u64,
        /// The cap.
        cap: u64,
    },
    /// One entry would write more than [`ArchiveLimits::max_entry`].
    #[error("entry {entry} would write {would_write} bytes, over the per-entry cap of {cap}")]
    EntryTooLarge {
        /// The entry's position in the directory, from 0.
        entry: usize,
        /// Bytes declared or produced.
        would_write: u64,
        /// The cap.
        cap: u64,
    },
    /// An entry is encrypted.
    #[error("entry {0} is encrypted")]
    Encrypted(usize),
    /// An entry uses a compression method other than stored or deflate.
    #[error("entry {0} uses an unsupported compression method")]
    UnsupportedMethod(usize),
    /// An entry's data does not inflate, or does not match its size or CRC-32.
    #[error("entry {0} is damaged: its data does not match its directory record")]
    BadEntry(usize),
}

/// What [`check_zip_layout`] found in a well-formed archive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZipLayout {
    /// Entries in the central directory.
    pub entries: usize,
    /// Compressed bytes of all entries together.
    pub packed: u64,
    /// Declared uncompressed bytes of all entries together.
    pub unpacked: u64,
}

/// One entry's sizes, as the central directory declares them.
#[derive(Clone, Debug)]
struct Span {
    packed: u64,
    unpacked: u64,
}

/// Checks a ZIP's layout from its central directory, without inflating
/// anything: at most `limits.max_entries` entries, each entry's local header
/// at or after the end of the previous entry's data (so sorted and
/// non-overlapping), every entry's data before the central directory, and
/// declared sizes adding up to at most `limits.max_output(archive size)`.
///
/// `buffer` is rawzip's directory buffer (at least
/// [`rawzip::RECOMMENDED_BUFFER_SIZE`] bytes is best). Each entry's local
/// header is read (30 bytes) to learn where its data starts. Works on any
/// rawzip archive: one read from a slice, or from a file as the tip's
/// message ZIP is (`ZipArchive::from_file(file, &mut buffer)`, then
/// `check_zip_layout(&archive, &mut buffer, &ArchiveLimits::default())`
/// before extracting anything).
pub fn check_zip_layout<R: ReaderAt>(
    archive: &ZipArchive<R>,
    buffer: &mut [u8],
    limits: &ArchiveLimits,
) -> Result<ZipLayout, ArchiveError> {
    let spans = spans(archive, buffer, limits)?;
    let layout = ZipLayout {
        entries: spans.len(),
        packed: spans.iter().map(|s| s.packed).sum(),
        unpacked: spans
            .iter()
            .fold(0u64, |sum, s| sum.saturating_add(s.unpacked)),
    };
    let size = archive.end_offset();
    let cap = limits.max_output(size);
    if layout.unpacked > cap {
        return Err(ArchiveError::TooMuchOutput {
            would_write: layout.unpacked,
            archive: size,
            cap,
        });
    }
    Ok(layout)
}

/// The entries' spans, checked for count, order, overlap and bounds.
fn spans<R: ReaderAt>(
    archive: &ZipArchive<R>,
    buffer: &mut [u8],
    limits: &ArchiveLimits,
) -> Result<Vec<Span>, ArchiveError> {
    let max = limits.max_entries;
    if archive.entries_hint() > max as u64 {
        return Err(ArchiveError::TooManyEntries {
            found: archive.entries_hint(),
            max,
        });
    }
    let mut listed = Vec::new();
    {
        let mut entries = archive.entries(buffer);
        while let Some(entry) = entries.next_entry().map_err(|_| ArchiveError::Damaged)? {
            if listed.len() == max {
                return Err(ArchiveError::TooManyEntries {
                    found: max as u64 + 1,
                    max,
                });
            }
            listed.push((
                entry.wayfinder(),
                entry.local_header_offset(),
                entry.compressed_size_hint(),
                entry.uncompressed_size_hint(),
            ));
        }
    }
    let limit = archive.directory_offset();
    let mut previous_end = 0;
    let mut spans = Vec::with_capacity(listed.len());
    for (index, (wayfinder, header, packed, unpacked)) in listed.into_iter().enumerate() {
        if header < previous_end {
            return Err(ArchiveError::Overlap {
                entry: index,
                offset: header,
                previous_end,
            });
        }
        let entry = archive
            .get_entry(wayfinder)
            .map_err(|_| ArchiveError::Damaged)?;
        let (start, data_end) = entry.compressed_data_range();
        if start < header || data_end > limit {
            return Err(ArchiveError::OutsideData {
                entry: index,
                end: data_end,
                limit,
            });
        }
        // A zero-length entry still has its header: the next one must start after it.
        previous_end = data_end.max(header + 1);
        spans.push(Span { packed, unpacked });
    }
    Ok(spans)
}

/// One member of a checked archive.
#[derive(Clone, Debug)]
pub(crate) struct Member {
    /// Its name, as stored.
    pub(crate) name: Vec<u8>,
    /// Whether it is a folder.
    pub(crate) is_dir: bool,
    /// Stored or deflated.
    pub(crate) method: CompressionMethod,
    wayfinder: ZipArchiveEntryWayfinder,
    encrypted: bool,
}

/// An archive whose layout was checked, read entry by entry within a budget.
pub(crate) struct BoundedZip<'a> {
    archive: rawzip::ZipSliceArchive<&'a [u8]>,
    members: Vec<Member>,
    limits: ArchiveLimits,
    written: u64,
    cap: u64,
}

impl<'a> BoundedZip<'a> {
    /// Opens `data` and checks it with [`check_zip_layout`].
    pub(crate) fn open(data: &'a [u8], limits: &ArchiveLimits) -> Result<Self, ArchiveError> {
        let reader_archive = ZipArchive::from_slice(data)
            .map_err(|_| ArchiveError::Damaged)?
            .into_reader_archive();
        let mut buffer = vec![0u8; rawzip::RECOMMENDED_BUFFER_SIZE];
        check_zip_layout(&reader_archive, &mut buffer, limits)?;
        let archive = ZipArchive::from_slice(data).map_err(|_| ArchiveError::Damaged)?;
        let mut members = Vec::new();
        for (index, entry) in archive.entries().enumerate() {
            let entry = entry.map_err(|_| ArchiveError::Damaged)?;
            if entry.uncompressed_size_hint() > limits.max_entry {
                return Err(ArchiveError::EntryTooLarge {
                    entry: index,
                    would_write: entry.uncompressed_size_hint(),
                    cap: limits.max_entry,
                });
            }
            members.push(Member {
                name: entry.file_path().as_ref().to_vec(),
                is_dir: entry.is_dir(),
                method: entry.compression_method(),
                wayfinder: entry.wayfinder(),
                encrypted: entry.flags().is_encrypted(),
            });
        }
        Ok(Self {
            archive,
            members,
            limits: limits.clone(),
            written: 0,
            cap: limits.max_output(data.len() as u64),
        })
    }

    /// The members, in directory order.
    pub(crate) fn members(&self) -> &[Member] {
        &self.members
    }

    /// The inflated bytes of member `index`, checked against its size and
    /// CRC-32, and counted against the archive's budget.
    pub(crate) fn read(&mut self, index: usize) -> Result<Vec<u8>, ArchiveError> {
        let member = &self.members[index];
        if member.encrypted {
            return Err(ArchiveError::Encrypted(index));
        }
        let entry = self
            .archive
            .get_entry(member.wayfinder)
            .map_err(|_| ArchiveError::BadEntry(index))?;
        let left = self.cap.saturating_sub(self.written);
        let most = left.min(self.limits.max_entry);
        let mut data = Vec::new();
        let read = if member.method == CompressionMethod::STORE {
            entry
                .verifying_reader(entry.data())
                .take(most + 1)
                .read_to_end(&mut data)
        } else if member.method == CompressionMethod::DEFLATE {
            let inflater = flate2::bufread::DeflateDecoder::new(entry.data());
            entry
                .verifying_reader(inflater)
                .take(most + 1)
                .read_to_end(&mut data)
        } else {
            return Err(ArchiveError::UnsupportedMethod(index));
        };
        let produced = data.len() as u64;
        if produced > most {
            return Err(if most == left {
                ArchiveError::TooMuchOutput {
                    would_write: self.written.saturating_add(produced),
                    archive: self.archive.get_ref().len() as u64,
                    cap: self.cap,
                }
            } else {
                ArchiveError::EntryTooLarge {
                    entry: index,
                    would_write: produced,
                    cap: self.limits.max_entry,
                }
            });
        }
        read.map_err(|_| ArchiveError::BadEntry(index))?;
        self.written += produced;
        Ok(data)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::review::clean::fixtures::{add, deflate};
    use proptest::prelude::*;
    use rawzip::{DataDescriptorOutput, ZipArchiveWriter};
    use std::io::Write;

    fn layout(data: &[u8]) -> Result<ZipLayout, ArchiveError> {
        let archive = ZipArchive::from_slice(data)
            .map_err(|_| ArchiveError::Damaged)?
            .into_reader_archive();
        let mut buffer = vec![0u8; rawzip::RECOMMENDED_BUFFER_SIZE];
        check_zip_layout(&archive, &mut buffer, &ArchiveLimits::default())
    }

    fn honest() -> Vec<u8> {
        let mut out = Vec::new();
        let mut writer = ZipArchiveWriter::new(&mut out);
        add(&mut writer, "a.txt", b"first", true);
        add(&mut writer, "empty", b"", false);
        writer.new_dir("dir/").create().unwrap();
        add(&mut writer, "dir/b.txt", &[b'x'; 5000], true);
        writer.finish().unwrap();
        out
    }

    #[test]
    fn an_honest_archive_passes_with_its_figures() {
        let data = honest();
        let found = layout(&data).unwrap();
        assert_eq!(found.entries, 4);
        assert_eq!(found.unpacked, 5005);
        let mut zip = BoundedZip::open(&data, &ArchiveLimits::default()).unwrap();
        assert_eq!(zip.read(0).unwrap(), b"first");
        assert_eq!(zip.read(3).unwrap(), vec![b'x'; 5000]);
    }

    /// A ZIP of one deflated body and `records` directory records all
    /// pointing at it, as in the bomb that made a 297 KB bundle write 101 MB.
    pub(crate) fn overlapping_bomb(records: u16, body: &[u8]) -> Vec<u8> {
        let packed = deflate(body);
        let crc = rawzip::crc32(body);
        let packed_len = u32::try_from(packed.len()).unwrap().to_le_bytes();
        let size = u32::try_from(body.len()).unwrap().to_le_bytes();
        let name = b"word/document.xml";
        let name_len = u16::try_from(name.len()).unwrap().to_le_bytes();
        let mut zip = b"PK\x03\x04\x14\0\0\0\x08\0\0\0\0\0".to_vec();
        zip.extend_from_slice(&crc.to_le_bytes());
        zip.extend_from_slice(&packed_len);
        zip.extend_from_slice(&size);
        zip.extend_from_slice(&name_len);
        zip.extend_from_slice(&[0, 0]);
        zip.extend_from_slice(name);
        zip.extend_from_slice(&packed);
        let directory_start = u32::try_from(zip.len()).unwrap();
        for _ in 0..records {
            zip.extend_from_slice(b"PK\x01\x02\x14\0\x14\0\0\0\x08\0\0\0\0\0");
            zip.extend_from_slice(&crc.to_le_bytes());
            zip.extend_from_slice(&packed_len);
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
        zip
    }

    #[test]
    fn overlapping_entries_are_refused_before_any_inflating() {
        let body = vec![0u8; 250_000];
        let bomb = overlapping_bomb(403, &body);
        let started = std::time::Instant::now();
        let refused = layout(&bomb).unwrap_err();
        let elapsed = started.elapsed();
        assert_eq!(
            refused,
            ArchiveError::Overlap {
                entry: 1,
                offset: 0,
                previous_end: 30 + 17 + deflate(&body).len() as u64
            }
        );
        assert!(matches!(
            BoundedZip::open(&bomb, &ArchiveLimits::default()),
            Err(ArchiveError::Overlap { .. })
        ));
        eprintln!(
            "bomb figures: overlapping: {} bytes in, {} bytes declared, refused in {elapsed:?}",
            bomb.len(),
            403 * body.len()
        );
        // The terabyte variant: 65,534 records on one 1 MiB body.
        let body = vec![0u8; 1 << 20];
        let bomb = overlapping_bomb(65_534, &body);
        let started = std::time::Instant::now();
        assert_eq!(
            layout(&bomb),
            Err(ArchiveError::TooManyEntries {
                found: 65_534,
                max: 10_000
            })
        );
        eprintln!(
            "bomb figures: 65,534 overlapping: {} bytes in, {} bytes declared, refused in {:?}",
            bomb.len(),
            65_534 * body.len() as u64,
            started.elapsed()
        );
    }

    #[test]
    fn entries_listed_out_of_order_are_refused() {
        // Two honest entries, their directory records swapped.
        let data = honest();
        let archive = ZipArchive::from_slice(data.as_slice()).unwrap();
        let directory = usize::try_from(archive.directory_offset()).unwrap();
        let eocd = usize::try_from(archive.eocd_offset()).unwrap();
        let records: Vec<&[u8]> = {
            let mut records = Vec::new();
            let mut at = directory;
            while at < eocd {
                let name = usize::from(u16::from_le_bytes([data[at + 28], data[at + 29]]));
                let extra = usize::from(u16::from_le_bytes([data[at + 30], data[at + 31]]));
                let comment = usize::from(u16::from_le_bytes([data[at + 32], data[at + 33]]));
                let end = at + 46 + name + extra + comment;
                records.push(&data[at..end]);
                at = end;
            }
            records
        };
        let mut swapped = data[..directory].to_vec();
        swapped.extend_from_slice(records[1]);
        swapped.extend_from_slice(records[0]);
        for record in &records[2..] {
            swapped.extend_from_slice(record);
        }
        swapped.extend_from_slice(&data[eocd..]);
        assert!(matches!(
            layout(&swapped),
            Err(ArchiveError::Overlap { entry: 1, .. })
        ));
    }

    #[test]
    fn declared_sizes_over_the_cap_are_refused_with_the_figures() {
        let mut out = Vec::new();
        let mut writer = ZipArchiveWriter::new(&mut out);
        let (mut file, _) = writer
            .new_file("word/document.xml")
            .compression_method(CompressionMethod::DEFLATE)
            .start()
            .unwrap();
        file.write_all(&deflate(b"<w:document/>")).unwrap();
        file.finish(DataDescriptorOutput::new(0, 10 << 30)).unwrap();
        writer.finish().unwrap();
        let cap = ArchiveLimits::default().max_output(out.len() as u64);
        assert_eq!(
            layout(&out),
            Err(ArchiveError::TooMuchOutput {
                would_write: 10 << 30,
                archive: out.len() as u64,
                cap
            })
        );
    }

    #[test]
    fn a_deflate_bomb_that_lies_about_its_size_stops_at_the_cap() {
        // 64 MiB of zeros declared as 5 bytes: the directory looks honest.
        let zeros = vec![0u8; 64 << 20];
        let packed = deflate(&zeros);
        let mut out = Vec::new();
        let mut writer = ZipArchiveWriter::new(&mut out);
        let (mut file, _) = writer
            .new_file("xl/worksheets/sheet1.xml")
            .compression_method(CompressionMethod::DEFLATE)
            .start()
            .unwrap();
        file.write_all(&packed).unwrap();
        file.finish(DataDescriptorOutput::new(rawzip::crc32(&zeros), 5))
            .unwrap();
        writer.finish().unwrap();
        let limits = ArchiveLimits::default();
        let started = std::time::Instant::now();
        let mut zip = BoundedZip::open(&out, &limits).unwrap();
        let refused = zip.read(0).unwrap_err();
        let elapsed = started.elapsed();
        // The size check stops it as soon as it passes its declared size.
        assert_eq!(refused, ArchiveError::BadEntry(0));
        eprintln!(
            "bomb figures: lying deflate: {} bytes in, {} bytes it would write, refused in {elapsed:?}",
            out.len(),
            zeros.len(),
        );
        // Declared at its real size, it never gets that far.
        let mut honest_sized = Vec::new();
        let mut writer = ZipArchiveWriter::new(&mut honest_sized);
        let (mut file, _) = writer
            .new_file("xl/worksheets/sheet1.xml")
            .compression_method(CompressionMethod::DEFLATE)
            .start()
            .unwrap();
        file.write_all(&packed).unwrap();
        file.finish(DataDescriptorOutput::new(
            rawzip::crc32(&zeros),
            zeros.len() as u64,
        ))
        .unwrap();
        writer.finish().unwrap();
        let cap = limits.max_output(honest_sized.len() as u64);
        assert_eq!(
            BoundedZip::open(&honest_sized, &limits).err(),
            Some(ArchiveError::TooMuchOutput {
                would_write: zeros.len() as u64,
                archive: honest_sized.len() as u64,
                cap
            })
        );
    }

    #[test]
    fn the_layout_check_reads_a_file_backed_archive_as_the_message_zip_is() {
        use std::io::{Seek, SeekFrom};
        let mut buffer = vec![0u8; rawzip::RECOMMENDED_BUFFER_SIZE];
        for (data, good) in [(honest(), true), (overlapping_bomb(40, &[1; 4096]), false)] {
            let mut file = tempfile::tempfile().unwrap();
            file.write_all(&data).unwrap();
            file.seek(SeekFrom::Start(0)).unwrap();
            let archive = ZipArchive::from_file(file, &mut buffer).unwrap();
            let checked = check_zip_layout(&archive, &mut buffer, &ArchiveLimits::default());
            assert_eq!(checked.is_ok(), good, "{checked:?}");
        }
    }

    #[test]
    fn too_many_entries_are_refused() {
        let mut out = Vec::new();
        let mut writer = ZipArchiveWriter::new(&mut out);
        for n in 0..20 {
            add(&mut writer, &format!("p{n}.xml"), b"", false);
        }
        writer.finish().unwrap();
        let archive = ZipArchive::from_slice(out.as_slice())
            .unwrap()
            .into_reader_archive();
        let limits = ArchiveLimits {
            max_entries: 10,
            ..ArchiveLimits::default()
        };
        let mut buffer = vec![0u8; rawzip::RECOMMENDED_BUFFER_SIZE];
        assert_eq!(
            check_zip_layout(&archive, &mut buffer, &limits),
            Err(ArchiveError::TooManyEntries { found: 20, max: 10 })
        );
    }

    #[test]
    fn a_corrupted_entry_fails_its_crc() {
        let mut data = honest();
        let archive = ZipArchive::from_slice(data.as_slice()).unwrap();
        let entry = archive.entries().next().unwrap().unwrap();
        let local = archive.get_entry(entry.wayfinder()).unwrap();
        let (start, _) = local.compressed_data_range();
        let start = usize::try_from(start).unwrap();
        data[start] ^= 0x55;
        let mut zip = BoundedZip::open(&data, &ArchiveLimits::default()).unwrap();
        assert_eq!(zip.read(0), Err(ArchiveError::BadEntry(0)));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn the_layout_check_never_panics(
            edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..10),
            cut in any::<prop::sample::Index>(),
        ) {
            let mut data = honest();
            for (at, byte) in edits {
                let at = at.index(data.len());
                data[at] = byte;
            }
            data.truncate(cut.index(data.len() + 1).max(data.len() / 2));
            let _ = layout(&data);
            if let Ok(mut zip) = BoundedZip::open(&data, &ArchiveLimits::default()) {
                for index in 0..zip.members().len() {
                    let _ = zip.read(index);
                }
            }
        }
    }
}
