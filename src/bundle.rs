//! The two files carried by USB stick between the server and the air-gapped
//! reviewers.
//!
//! **Export bundle** (server → reviewers): one age file to every reviewer.
//! Its plaintext is a tar archive — `manifest.toml` first, then
//! `messages/<BLOB-ID>.age` and `replies/<BLOB-ID>.age` (each still its own
//! age file) — followed by zero blocks up to a Padmé bucket (tar readers stop
//! at the first two zero blocks, so the padding is valid tar). A lost stick
//! leaks the bundle's padded size and nothing else: not the thread count, not
//! the days. Stock tools read it: `age -d -i KEY -o b.tar b.bundle && tar -tf b.tar`.
//!
//! **Outbox** (reviewer → server): a text file, `outbox.toml`'s content
//! (replies as armored age files, acknowledgements as blob ids) followed by an
//! ed25519 signature over every byte before it. It is not encrypted (the server
//! holds no secret key): it carries only ciphertext and random ids. Any change
//! to any byte makes [`UntrustedOutbox::verify`] fail. Parsing gives an
//! [`UntrustedOutbox`]; only [`UntrustedOutbox::verify`] against the keys
//! directory makes a [`VerifiedOutbox`], the only type `import` accepts.

use std::io::{self, Read, Write};
use std::path::PathBuf;

use ed25519_dalek::{Signature, Signer, Verifier as _};
use serde::{Deserialize, Serialize};

use crate::ids::{BlobId, ThreadId};
use crate::keys::{Reviewer, encode_verifying_key};
use crate::seal::padme;

/// `format` of an export manifest.
pub const EXPORT_FORMAT: &str = "gundo-export-v1";
/// `format` of an outbox.
pub const OUTBOX_FORMAT: &str = "gundo-outbox-v1";
/// The manifest's name inside an export bundle.
const MANIFEST_ENTRY: &str = "manifest.toml";
/// Smallest padded export plaintext: hides whether a bundle holds anything.
const MIN_EXPORT_PLAINTEXT: u64 = 16 * 1024;
/// Largest manifest accepted when reading.
const MAX_MANIFEST: u64 = 16 * 1024 * 1024;
/// Largest outbox accepted when reading.
pub const MAX_OUTBOX_BYTES: u64 = 64 * 1024 * 1024;
/// Separates what is signed from the signature.
const SIGNATURE_BEGIN: &str = "-----BEGIN GUNDO SIGNATURE-----\n";
const SIGNATURE_END: &str = "-----END GUNDO SIGNATURE-----\n";
/// Domain separation: this key's signatures mean "this is my outbox".
const SIGNATURE_CONTEXT: &[u8] = b"gundo outbox signature v1\n";

/// Why a bundle or outbox was refused. Messages carry no content.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// No identity given opens the bundle.
    #[error("this bundle is not for this key")]
    NotForThisKey,
    /// Not a gundo bundle, damaged or truncated.
    #[error("the bundle is damaged or not a gundo bundle ({0})")]
    Damaged(&'static str),
    /// The outbox's signature does not verify.
    #[error("the outbox signature is not valid: the file was changed or damaged")]
    BadSignature,
    /// The outbox was signed by a key not in the keys directory.
    #[error("the outbox is signed by a key that is not in the keys directory ({0})")]
    UnknownSigner(String),
    /// Reading or writing failed.
    #[error("{0}")]
    Io(#[from] io::Error),
}

/// Kind of an inbound message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MessageKind {
    /// The first message of a thread.
    Tip,
    /// A later message from the same submitter.
    Followup,
}

impl MessageKind {
    /// As stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Tip => "tip",
            Self::Followup => "followup",
        }
    }

    /// From the database's text.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "tip" => Some(Self::Tip),
            "followup" => Some(Self::Followup),
            _ => None,
        }
    }
}

/// What an export bundle holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportManifest {
    /// [`EXPORT_FORMAT`].
    pub format: String,
    /// The day of the export.
    pub day: String,
    /// Every reviewer's age recipient at export time: replies are sealed to them all.
    #[serde(default)]
    pub reviewers: Vec<String>,
    /// Every thread a message or reply below belongs to.
    #[serde(default)]
    pub threads: Vec<ThreadEntry>,
    /// Inbound messages, in arrival order.
    #[serde(default)]
    pub messages: Vec<MessageEntry>,
    /// Replies, in arrival order.
    #[serde(default)]
    pub replies: Vec<ReplyEntry>,
}

/// A thread in a manifest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThreadEntry {
    /// The thread.
    pub id: ThreadId,
    /// Where replies are encrypted to (`age1…`).
    pub reply_recipient: String,
    /// The day the tip arrived.
    pub created_day: String,
}

/// An inbound message in a manifest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageEntry {
    /// Its blob (`messages/<blob>.age` in the bundle).
    pub blob: BlobId,
    /// Its thread.
    pub thread: ThreadId,
    /// Tip or follow-up.
    pub kind: MessageKind,
    /// The day it arrived.
    pub day: String,
}

/// A reply in a manifest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplyEntry {
    /// Its blob (`replies/<blob>.age` in the bundle).
    pub blob: BlobId,
    /// Its thread.
    pub thread: ThreadId,
    /// The day it was imported.
    pub day: String,
}

/// Counts bytes on their way to a writer.
struct Counting<W> {
    inner: W,
    count: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.count += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Writes an export bundle to `output`: the manifest, then each blob file
/// (`entries` pairs a message's or reply's blob id with its file), padded,
/// all in one age file to `recipients`. Returns `output` (the caller fsyncs).
pub fn write_export<W: Write>(
    recipients: &[impl age::Recipient],
    manifest: &ExportManifest,
    blob_file: impl Fn(&BlobId) -> PathBuf,
    output: W,
    mut progress: impl FnMut(u64),
) -> Result<W, BundleError> {
    let encryptor =
        age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
            .map_err(|_| BundleError::Damaged("no reviewer recipient"))?;
    let age = encryptor.wrap_output(output)?;
    let mut tar = tar::Builder::new(Counting {
        inner: age,
        count: 0,
    });
    let manifest_text = toml::to_string(manifest).map_err(|_| BundleError::Damaged("manifest"))?;
    append(
        &mut tar,
        MANIFEST_ENTRY,
        manifest_text.len() as u64,
        manifest_text.as_bytes(),
    )?;
    let entries = manifest
        .messages
        .iter()
        .map(|m| ("messages", &m.blob))
        .chain(manifest.replies.iter().map(|r| ("replies", &r.blob)));
    for (folder, blob) in entries {
        let file = std::fs::File::open(blob_file(blob))?;
        let len = file.metadata()?.len();
        append(
            &mut tar,
            &format!("{folder}/{}", blob.file_name()),
            len,
            file,
        )?;
        progress(len);
    }
    let mut counting = tar.into_inner()?;
    let target = padme(counting.count.max(MIN_EXPORT_PLAINTEXT));
    // tar ends at two zero blocks; more zero blocks are still a valid archive.
    let zeros = [0u8; 8192];
    let mut left = target - counting.count;
    while left > 0 {
        let n = usize::try_from(left.min(zeros.len() as u64)).expect("at most 8192");
        counting.write_all(&zeros[..n])?;
        left -= n as u64;
    }
    Ok(counting.inner.finish()?)
}

fn append<W: Write>(
    tar: &mut tar::Builder<W>,
    path: &str,
    len: u64,
    data: impl Read,
) -> io::Result<()> {
    let mut header = tar::Header::new_ustar();
    header.set_size(len);
    header.set_mode(0o600);
    // No times: a day is all gundo keeps, and the manifest carries it.
    header.set_mtime(0);
    header.set_entry_type(tar::EntryType::Regular);
    tar.append_data(&mut header, path, data)
}

/// What a reader of an export bundle is handed, entry by entry.
pub enum ExportItem<'a> {
    /// An inbound message's age file.
    Message(&'a BlobId, &'a mut dyn Read),
    /// A reply's age file.
    Reply(&'a BlobId, &'a mut dyn Read),
}

/// Opens an export bundle with `identity`, reads its manifest, and hands
/// every message and reply to `on_item` as it streams past. Refuses entries
/// the manifest does not list and names that are not `folder/<BLOB-ID>.age`.
pub fn read_export<R: Read>(
    identity: &dyn age::Identity,
    input: R,
    mut on_item: impl FnMut(&ExportManifest, ExportItem<'_>) -> Result<(), BundleError>,
) -> Result<ExportManifest, BundleError> {
    let decryptor =
        age::Decryptor::new(input).map_err(|_| BundleError::Damaged("not an age file"))?;
    let reader = decryptor
        .decrypt(std::iter::once(identity))
        .map_err(|e| match e {
            age::DecryptError::NoMatchingKeys => BundleError::NotForThisKey,
            _ => BundleError::Damaged("age header"),
        })?;
    let mut archive = tar::Archive::new(reader);
    let mut entries = archive.entries().map_err(|_| BundleError::Damaged("tar"))?;
    let manifest = {
        let mut first = entries
            .next()
            .ok_or(BundleError::Damaged("empty"))?
            .map_err(damaged_tar)?;
        if first.path_bytes().as_ref() != MANIFEST_ENTRY.as_bytes() || first.size() > MAX_MANIFEST {
            return Err(BundleError::Damaged("no manifest"));
        }
        let mut text = String::new();
        first.read_to_string(&mut text).map_err(damaged_tar)?;
        let manifest: ExportManifest =
            toml::from_str(&text).map_err(|_| BundleError::Damaged("manifest"))?;
        if manifest.format != EXPORT_FORMAT {
            return Err(BundleError::Damaged("unknown format"));
        }
        manifest
    };
    let mut expected_messages = manifest.messages.iter().map(|m| &m.blob);
    let mut expected_replies = manifest.replies.iter().map(|r| &r.blob);
    for entry in entries {
        let mut entry = entry.map_err(damaged_tar)?;
        let path = String::from_utf8(entry.path_bytes().into_owned())
            .map_err(|_| BundleError::Damaged("entry name"))?;
        let (folder, file) = path
            .split_once('/')
            .ok_or(BundleError::Damaged("entry name"))?;
        let id = file
            .strip_suffix(".age")
            .and_then(BlobId::parse)
            .ok_or(BundleError::Damaged("entry name"))?;
        // Entries come in manifest order: anything else was not written by gundo.
        match folder {
            "messages" if expected_messages.next() == Some(&id) => {
                on_item(&manifest, ExportItem::Message(&id, &mut entry))?;
            }
            "replies" if expected_replies.next() == Some(&id) => {
                on_item(&manifest, ExportItem::Reply(&id, &mut entry))?;
            }
            _ => return Err(BundleError::Damaged("unexpected entry")),
        }
        // Drain what the callback left, so the MAC of the whole stream is checked.
        io::copy(&mut entry, &mut io::sink()).map_err(damaged_tar)?;
    }
    if expected_messages.next().is_some() || expected_replies.next().is_some() {
        return Err(BundleError::Damaged("truncated"));
    }
    Ok(manifest)
}

fn damaged_tar(_: io::Error) -> BundleError {
    // age reports a failed MAC or truncation as an I/O error while reading.
    BundleError::Damaged("truncated or tampered")
}

/// What an outbox says, before its signature is checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutboxContent {
    /// [`OUTBOX_FORMAT`].
    pub format: String,
    /// The reviewer's name.
    pub signer: String,
    /// The reviewer's verifying key (`gundosig1…`).
    pub signing_key: String,
    /// The day it was written.
    pub day: String,
    /// Blob ids of the messages this reviewer opened.
    #[serde(default)]
    pub acknowledged: Vec<BlobId>,
    /// Replies to deliver.
    #[serde(default)]
    pub replies: Vec<OutboxReply>,
}

/// One reply in an outbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutboxReply {
    /// Chosen by the reviewer when queued; importing twice adds it once.
    pub id: BlobId,
    /// The thread it answers.
    pub thread: ThreadId,
    /// The reply as an armored age file.
    pub age: String,
}

/// Writes an outbox: the content, then a signature over it.
pub fn write_outbox(content: &OutboxContent, key: &ed25519_dalek::SigningKey) -> Vec<u8> {
    let mut out = toml::to_string(content)
        .expect("an outbox of strings always serialises")
        .into_bytes();
    let signature = key.sign(&signed_message(&out));
    out.extend_from_slice(SIGNATURE_BEGIN.as_bytes());
    out.extend_from_slice(hex(&signature.to_bytes()).as_bytes());
    out.push(b'\n');
    out.extend_from_slice(SIGNATURE_END.as_bytes());
    out
}

fn signed_message(content: &[u8]) -> Vec<u8> {
    [SIGNATURE_CONTEXT, content].concat()
}

/// An outbox as read from the stick: not to be trusted until verified.
#[derive(Debug)]
pub struct UntrustedOutbox {
    signed: Vec<u8>,
    signature: Signature,
    content: OutboxContent,
}

/// An outbox whose signature verified against a reviewer in the keys directory.
#[derive(Debug)]
pub struct VerifiedOutbox {
    /// SHA-256 of the whole file, to recognise a replay.
    pub digest: [u8; 32],
    /// The reviewer who signed it.
    pub signer: String,
    /// Messages that reviewer opened.
    pub acknowledged: Vec<BlobId>,
    /// Replies, as binary age files.
    pub replies: Vec<VerifiedReply>,
}

/// A reply from a verified outbox.
#[derive(Debug)]
pub struct VerifiedReply {
    /// Its id (becomes its blob id).
    pub id: BlobId,
    /// The thread it answers.
    pub thread: ThreadId,
    /// The binary age file.
    pub ciphertext: Vec<u8>,
}

impl UntrustedOutbox {
    /// Splits an outbox file into content and signature.
    pub fn parse(bytes: &[u8]) -> Result<Self, BundleError> {
        let damaged = || BundleError::Damaged("not a gundo outbox");
        let tail = SIGNATURE_BEGIN.len() + 128 + 1 + SIGNATURE_END.len();
        if bytes.len() < tail || bytes.len() as u64 > MAX_OUTBOX_BYTES {
            return Err(damaged());
        }
        let (signed, trailer) = bytes.split_at(bytes.len() - tail);
        let trailer = std::str::from_utf8(trailer).map_err(|_| damaged())?;
        let hex_sig = trailer
            .strip_prefix(SIGNATURE_BEGIN)
            .and_then(|t| t.strip_suffix(SIGNATURE_END))
            .and_then(|t| t.strip_suffix('\n'))
            .ok_or_else(damaged)?;
        let signature = unhex::<64>(hex_sig)
            .map(|b| Signature::from_bytes(&b))
            .ok_or_else(damaged)?;
        let text = std::str::from_utf8(signed).map_err(|_| damaged())?;
        let content: OutboxContent = toml::from_str(text).map_err(|_| damaged())?;
        if content.format != OUTBOX_FORMAT {
            return Err(BundleError::Damaged("unknown outbox format"));
        }
        Ok(Self {
            signed: signed.to_vec(),
            signature,
            content,
        })
    }

    /// Checks the signature against `reviewers` (the keys directory) and
    /// decodes the replies.
    pub fn verify(self, reviewers: &[Reviewer]) -> Result<VerifiedOutbox, BundleError> {
        let signer = reviewers
            .iter()
            .find(|r| encode_verifying_key(&r.verifying_key) == self.content.signing_key)
            .ok_or_else(|| BundleError::UnknownSigner(self.content.signer.clone()))?;
        signer
            .verifying_key
            .verify(&signed_message(&self.signed), &self.signature)
            .map_err(|_| BundleError::BadSignature)?;
        let replies = self
            .content
            .replies
            .into_iter()
            .map(|reply| {
                let mut ciphertext = Vec::new();
                age::armor::ArmoredReader::new(reply.age.as_bytes())
                    .take(crate::reply::MAX_REPLY_BYTES as u64 * 2)
                    .read_to_end(&mut ciphertext)
                    .map_err(|_| BundleError::Damaged("reply is not an armored age file"))?;
                if !ciphertext.starts_with(b"age-encryption.org/v1\n") {
                    return Err(BundleError::Damaged("reply is not an age file"));
                }
                Ok(VerifiedReply {
                    id: reply.id,
                    thread: reply.thread,
                    ciphertext,
                })
            })
            .collect::<Result<_, _>>()?;
        let digest = {
            use sha2::Digest;
            let mut hash = sha2::Sha256::new();
            hash.update(&self.signed);
            hash.update(self.signature.to_bytes());
            hash.finalize().into()
        };
        Ok(VerifiedOutbox {
            digest,
            signer: signer.name.clone(),
            acknowledged: self.content.acknowledged,
            replies,
        })
    }
}

/// Armors a binary age file for an outbox.
pub fn armor(ciphertext: &[u8]) -> io::Result<String> {
    let mut out = Vec::new();
    let mut writer =
        age::armor::ArmoredWriter::wrap_output(&mut out, age::armor::Format::AsciiArmor)?;
    writer.write_all(ciphertext)?;
    writer.finish()?;
    String::from_utf8(out).map_err(io::Error::other)
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    bytes
        .iter()
        .flat_map(|b| {
            [
                char::from(DIGITS[usize::from(b >> 4)]),
                char::from(DIGITS[usize::from(b & 15)]),
            ]
        })
        .collect()
}

fn unhex<const N: usize>(text: &str) -> Option<[u8; N]> {
    let digits = text.as_bytes();
    if digits.len() != 2 * N {
        return None;
    }
    let value = |d: u8| match d {
        b'0'..=b'9' => Some(d - b'0'),
        b'a'..=b'f' => Some(d - b'a' + 10),
        _ => None,
    };
    let mut out = [0u8; N];
    for (byte, pair) in out.iter_mut().zip(digits.chunks(2)) {
        *byte = value(pair[0])? << 4 | value(pair[1])?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::ReviewerIdentity;

    fn manifest(messages: &[BlobId], replies: &[BlobId]) -> ExportManifest {
        let thread = ThreadId::generate();
        ExportManifest {
            format: EXPORT_FORMAT.into(),
            day: "2026-12-01".into(),
            reviewers: vec![],
            threads: vec![ThreadEntry {
                id: thread.clone(),
                reply_recipient: age::x25519::Identity::generate().to_public().to_string(),
                created_day: "2026-11-30".into(),
            }],
            messages: messages
                .iter()
                .map(|b| MessageEntry {
                    blob: b.clone(),
                    thread: thread.clone(),
                    kind: MessageKind::Tip,
                    day: "2026-11-30".into(),
                })
                .collect(),
            replies: replies
                .iter()
                .map(|b| ReplyEntry {
                    blob: b.clone(),
                    thread: thread.clone(),
                    day: "2026-12-01".into(),
                })
                .collect(),
        }
    }

    #[test]
    fn export_round_trip_padded_and_only_for_reviewers() {
        let dir = tempfile::tempdir().unwrap();
        let reviewer = age::x25519::Identity::generate();
        let (m, r) = (BlobId::generate(), BlobId::generate());
        std::fs::write(dir.path().join(m.file_name()), vec![1u8; 100_000]).unwrap();
        std::fs::write(dir.path().join(r.file_name()), b"reply bytes").unwrap();
        let manifest = manifest(std::slice::from_ref(&m), std::slice::from_ref(&r));
        let mut progressed = 0;
        let bundle = write_export(
            &[reviewer.to_public()],
            &manifest,
            |id| dir.path().join(id.file_name()),
            Vec::new(),
            |n| progressed += n,
        )
        .unwrap();
        assert_eq!(progressed, 100_011);
        assert!(
            !bundle.windows(10).any(|w| w == b"2026-11-30"),
            "no plaintext"
        );

        let mut seen = Vec::new();
        let read = read_export(&reviewer, &bundle[..], |_, item| {
            let (kind, id, reader) = match item {
                ExportItem::Message(id, r) => ("m", id.clone(), r),
                ExportItem::Reply(id, r) => ("r", id.clone(), r),
            };
            let mut bytes = Vec::new();
            reader.read_to_end(&mut bytes).unwrap();
            seen.push((kind, id, bytes.len()));
            Ok(())
        })
        .unwrap();
        assert_eq!(read, manifest);
        assert_eq!(seen, vec![("m", m, 100_000), ("r", r, 11)]);

        // The plaintext length is a Padmé bucket.
        let plain = {
            let d = age::Decryptor::new(&bundle[..]).unwrap();
            let mut out = Vec::new();
            d.decrypt(std::iter::once(&reviewer as &dyn age::Identity))
                .unwrap()
                .read_to_end(&mut out)
                .unwrap();
            out
        };
        assert_eq!(padme(plain.len() as u64), plain.len() as u64);

        let stranger = age::x25519::Identity::generate();
        assert!(matches!(
            read_export(&stranger, &bundle[..], |_, _| Ok(())),
            Err(BundleError::NotForThisKey)
        ));
        let mut flipped = bundle.clone();
        let at = flipped.len() - 300;
        flipped[at] ^= 1;
        assert!(matches!(
            read_export(&reviewer, &flipped[..], |_, _| Ok(())),
            Err(BundleError::Damaged(_))
        ));
        assert!(read_export(&reviewer, &bundle[..bundle.len() / 2], |_, _| Ok(())).is_err());
    }

    #[test]
    fn an_empty_export_is_padded_to_the_minimum() {
        let reviewer = age::x25519::Identity::generate();
        let bundle = write_export(
            &[reviewer.to_public()],
            &manifest(&[], &[]),
            |_| PathBuf::new(),
            Vec::new(),
            |_| (),
        )
        .unwrap();
        assert!(bundle.len() as u64 > MIN_EXPORT_PLAINTEXT);
    }

    fn outbox(identity: &ReviewerIdentity) -> (Vec<u8>, OutboxContent) {
        let thread_key = age::x25519::Identity::generate();
        let sealed = crate::reply::seal_reply("Merci", &thread_key.to_public(), &[]).unwrap();
        let content = OutboxContent {
            format: OUTBOX_FORMAT.into(),
            signer: "amina".into(),
            signing_key: encode_verifying_key(&identity.signing_key().verifying_key()),
            day: "2026-12-01".into(),
            acknowledged: vec![BlobId::generate()],
            replies: vec![OutboxReply {
                id: BlobId::generate(),
                thread: ThreadId::generate(),
                age: armor(&sealed).unwrap(),
            }],
        };
        (write_outbox(&content, identity.signing_key()), content)
    }

    #[test]
    fn outbox_verifies_only_untouched_and_known() {
        let amina = ReviewerIdentity::generate();
        let (bytes, content) = outbox(&amina);
        let reviewers = [amina.to_reviewer("amina")];
        let verified = UntrustedOutbox::parse(&bytes)
            .unwrap()
            .verify(&reviewers)
            .unwrap();
        assert_eq!(verified.signer, "amina");
        assert_eq!(verified.acknowledged, content.acknowledged);
        assert_eq!(verified.replies[0].id, content.replies[0].id);
        assert!(
            verified.replies[0]
                .ciphertext
                .starts_with(b"age-encryption.org/v1")
        );

        // Every single flipped bit anywhere is refused (sampled every 7 bytes to stay fast).
        for at in (0..bytes.len()).step_by(7) {
            let mut tampered = bytes.clone();
            tampered[at] ^= 0x01;
            let result = UntrustedOutbox::parse(&tampered).and_then(|o| o.verify(&reviewers));
            assert!(result.is_err(), "flip at {at} accepted");
        }
        // A stranger's signature.
        let stranger = ReviewerIdentity::generate();
        let (foreign, _) = outbox(&stranger);
        assert!(matches!(
            UntrustedOutbox::parse(&foreign).unwrap().verify(&reviewers),
            Err(BundleError::UnknownSigner(_))
        ));
        assert!(UntrustedOutbox::parse(b"").is_err());
        assert!(UntrustedOutbox::parse(&bytes[..bytes.len() - 1]).is_err());
    }

    #[test]
    fn hex_round_trip() {
        let bytes: [u8; 4] = [0, 1, 0xab, 0xff];
        assert_eq!(hex(&bytes), "0001abff");
        assert_eq!(unhex::<4>("0001abff"), Some(bytes));
        assert_eq!(unhex::<4>("0001abfg"), None);
        assert_eq!(unhex::<4>("0001ABFF"), None);
    }
}
