//! The two files carried by USB stick between the server and the air-gapped
//! reviewers.
//!
//! **Export bundle** (server → reviewers): one age file to every reviewer.
//! Its plaintext is a tar archive — `manifest.toml` first, then
//! `messages/<BLOB-ID>.age`, `replies/<BLOB-ID>.age` and `notes/<BLOB-ID>.age`
//! (each still its own age file), then tar's two zero blocks — followed by
//! one 512-byte **signature block** and zero blocks up to a Padmé bucket. Tar
//! readers stop at the end blocks, so stock tools still list it:
//! `age -d -i KEY -o b.tar b.bundle && tar -tf b.tar`. A lost stick leaks the
//! bundle's padded size and nothing else: not the thread count, not the days,
//! not even which server signed it (the signature is inside the encryption).
//!
//! The signature block is the server's ed25519 signature (its own key, made
//! on first start, see [`ServerSigningKey`]) over
//! `"gundo export signature v2\n" || BLAKE3(every plaintext byte before the
//! block)`, followed by the server's verifying key. Anyone who knows the
//! reviewers' public keys can make an age file to them; only the server can
//! sign it. [`read_export`] hands entries to its caller as they stream past,
//! unverified, and returns a [`VerifiedExport`] only once the signature and
//! the zero padding after it have been checked at the end of the stream: a
//! caller stages what it is handed and commits it only then.
//!
//! **Outbox** (reviewer → server): a text file, `outbox.toml`'s content
//! (replies as armored age files, team notes and states as armored age files
//! to the reviewers only, acknowledgements as blob ids) followed by an ed25519
//! signature over every byte before it. It is not encrypted (the server holds
//! no secret key): it carries only ciphertext and random ids. Any change to
//! any byte makes [`UntrustedOutbox::verify`] fail. Parsing gives an
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
pub const EXPORT_FORMAT: &str = "gundo-export-v2";
/// `format` of an outbox.
pub const OUTBOX_FORMAT: &str = "gundo-outbox-v2";
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
/// Domain separation of the server's export signatures.
const EXPORT_SIGNATURE_CONTEXT: &[u8] = b"gundo export signature v2\n";
/// A tar block: the signature block is one.
const BLOCK: usize = 512;
/// Human-readable part of a Bech32-encoded server verifying key.
const SERVER_KEY_HRP: &str = "gundoserver";
/// The line a server signing key file holds its secret on.
const SERVER_SECRET_PREFIX: &str = "GUNDO-SERVER-SIGNING-KEY-";

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
    /// The bundle carries no server signature (made by an older gundo, or forged).
    #[error("the bundle is not signed by a server: refused")]
    Unsigned,
    /// The bundle's signature does not verify: altered, truncated or forged.
    #[error("the bundle's signature is not valid: it was changed or forged, refused")]
    BadExportSignature,
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
    /// Every reviewer at export time: replies and notes are sealed to them all.
    #[serde(default)]
    pub reviewers: Vec<ReviewerEntry>,
    /// Every thread a message or reply below belongs to.
    #[serde(default)]
    pub threads: Vec<ThreadEntry>,
    /// Inbound messages, in arrival order.
    #[serde(default)]
    pub messages: Vec<MessageEntry>,
    /// Replies, in arrival order.
    #[serde(default)]
    pub replies: Vec<ReplyEntry>,
    /// Team notes and states, in arrival order.
    #[serde(default)]
    pub notes: Vec<NoteEntry>,
}

/// A reviewer in a manifest: who replies and notes are sealed to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewerEntry {
    /// The name in the server's keys directory.
    pub name: String,
    /// The age recipient (`age1…`).
    pub recipient: String,
}

/// A team note or state in a manifest (sealed to the reviewers only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteEntry {
    /// Its blob (`notes/<blob>.age` in the bundle).
    pub blob: BlobId,
    /// Its thread.
    pub thread: ThreadId,
    /// The day it was imported.
    pub day: String,
    /// The reviewer whose outbox brought it, as the keys directory names them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
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
    /// The reviewer whose outbox brought it, as the keys directory names them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
}

/// The server's own ed25519 key, which signs every export bundle.
///
/// Made on the server's first start inside the data directory (mode 0600,
/// included in backups, see [`crate::store::Store::server_signing_key`]).
/// Reviewers' workspaces pin its verifying key, compared out of band by its
/// [`fingerprint`].
pub struct ServerSigningKey(ed25519_dalek::SigningKey);

impl ServerSigningKey {
    /// A fresh key from the OS random generator.
    pub fn generate() -> Self {
        let mut seed = zeroize::Zeroizing::new([0u8; 32]);
        rand::TryRng::try_fill_bytes(&mut rand::rngs::SysRng, seed.as_mut())
            .expect("the OS random generator must work to make a signing key");
        Self(ed25519_dalek::SigningKey::from_bytes(&seed))
    }

    /// The public half, which workspaces pin.
    pub fn verifying_key(&self) -> ed25519_dalek::VerifyingKey {
        self.0.verifying_key()
    }

    /// The key file's text: a comment and the secret, Bech32-encoded.
    pub fn to_file_text(&self) -> zeroize::Zeroizing<String> {
        let secret = zeroize::Zeroizing::new(self.0.to_bytes());
        let encoded = zeroize::Zeroizing::new(
            bech32::encode::<bech32::Bech32>(
                bech32::Hrp::parse(&SERVER_SECRET_PREFIX.to_ascii_lowercase())
                    .expect("constant HRP is valid"),
                secret.as_ref(),
            )
            .expect("32 bytes always encode"),
        );
        let mut text = zeroize::Zeroizing::new(String::from(
            "# gundo server signing key: it signs the export bundles. Keep it with the data\n\
             # (it is in every backup); never copy it anywhere else.\n",
        ));
        text.push_str("# fingerprint: ");
        text.push_str(&fingerprint(&self.verifying_key()));
        text.push('\n');
        text.push_str(&encoded.to_ascii_uppercase());
        text.push('\n');
        text
    }

    /// Reads what [`ServerSigningKey::to_file_text`] wrote.
    pub fn from_file_text(text: &str) -> Option<Self> {
        let line = text
            .lines()
            .map(str::trim)
            .find(|l| l.starts_with(SERVER_SECRET_PREFIX))?;
        let (hrp, bytes) = bech32::decode(line).ok()?;
        if !hrp.as_str().eq_ignore_ascii_case(SERVER_SECRET_PREFIX) {
            return None;
        }
        let bytes = zeroize::Zeroizing::new(bytes);
        let seed: &[u8; 32] = bytes.as_slice().try_into().ok()?;
        Some(Self(ed25519_dalek::SigningKey::from_bytes(seed)))
    }

    fn sign_export(&self, digest: &[u8; 32]) -> Signature {
        self.0.sign(&[EXPORT_SIGNATURE_CONTEXT, digest].concat())
    }
}

/// A server verifying key as text, `gundoserver1…`.
pub fn encode_server_key(key: &ed25519_dalek::VerifyingKey) -> String {
    bech32::encode::<bech32::Bech32>(
        bech32::Hrp::parse(SERVER_KEY_HRP).expect("constant HRP is valid"),
        key.as_bytes(),
    )
    .expect("32 bytes always encode")
}

/// Reads a `gundoserver1…` key.
pub fn decode_server_key(text: &str) -> Option<ed25519_dalek::VerifyingKey> {
    let (hrp, bytes) = bech32::decode(text).ok()?;
    if hrp.as_str() != SERVER_KEY_HRP {
        return None;
    }
    ed25519_dalek::VerifyingKey::from_bytes(&bytes.try_into().ok()?).ok()
}

/// A server key's fingerprint, to read aloud and compare: 40 digits in eight
/// groups of five (`12345 67890 …`), from SHA-256 of the key under its own
/// label. Each group is five bytes of the hash modulo 100 000, as Signal's
/// safety numbers are made; the whole is about 132 bits.
pub fn fingerprint(key: &ed25519_dalek::VerifyingKey) -> String {
    use sha2::Digest;
    let hash = sha2::Sha256::new()
        .chain_update(b"gundo server key fingerprint v1\n")
        .chain_update(key.as_bytes())
        .finalize();
    hash.chunks(4)
        .map(|c| {
            let n = u32::from_be_bytes(c.try_into().expect("32 bytes make 8 chunks of 4"));
            format!("{:05}", n % 100_000)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `text` is a fingerprint as [`fingerprint`] writes it, whatever the
/// spacing a person typed it with; returns it in the canonical form.
pub fn normalise_fingerprint(text: &str) -> Option<String> {
    let digits: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if digits.len() != 40 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(
        digits
            .as_bytes()
            .chunks(5)
            .map(|c| std::str::from_utf8(c).expect("ASCII digits"))
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// Counts and hashes (BLAKE3) the bytes on their way to a writer (or from a
/// reader). BLAKE3 rather than SHA-512: over a large bundle SHA-512 took
/// twice the time of the age decryption itself (BENCHMARKS.md, `review open`).
struct Hashing<T> {
    inner: T,
    count: u64,
    hash: blake3::Hasher,
}

impl<T> Hashing<T> {
    fn new(inner: T) -> Self {
        Self {
            inner,
            count: 0,
            hash: blake3::Hasher::new(),
        }
    }

    /// The digest of every byte so far.
    fn digest(&self) -> [u8; 32] {
        self.hash.finalize().into()
    }
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        self.count += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hash.update(&buf[..n]);
        self.count += n as u64;
        Ok(n)
    }
}

/// The signature block: the context line, the server key, the signature, zeros.
fn signature_block(key: &ServerSigningKey, digest: &[u8; 32]) -> [u8; BLOCK] {
    let text = format!(
        "{}key {}\nsig {}\n",
        std::str::from_utf8(EXPORT_SIGNATURE_CONTEXT).expect("ASCII"),
        encode_server_key(&key.verifying_key()),
        hex(&key.sign_export(digest).to_bytes())
    );
    let mut block = [0u8; BLOCK];
    block[..text.len()].copy_from_slice(text.as_bytes());
    block
}

/// Reads a signature block: the key it names and its signature.
fn parse_signature_block(
    block: &[u8; BLOCK],
) -> Result<(ed25519_dalek::VerifyingKey, Signature), BundleError> {
    let end = block.iter().position(|&b| b == 0).unwrap_or(BLOCK);
    if block[end..].iter().any(|&b| b != 0) {
        return Err(BundleError::BadExportSignature);
    }
    if end == 0 {
        return Err(BundleError::Unsigned);
    }
    let text = std::str::from_utf8(&block[..end]).map_err(|_| BundleError::BadExportSignature)?;
    let rest = text
        .strip_prefix(std::str::from_utf8(EXPORT_SIGNATURE_CONTEXT).expect("ASCII"))
        .ok_or(BundleError::BadExportSignature)?;
    let mut lines = rest.lines();
    let (Some(key), Some(sig), None) = (
        lines.next().and_then(|l| l.strip_prefix("key ")),
        lines.next().and_then(|l| l.strip_prefix("sig ")),
        lines.next(),
    ) else {
        return Err(BundleError::BadExportSignature);
    };
    let key = decode_server_key(key).ok_or(BundleError::BadExportSignature)?;
    let sig = unhex::<64>(sig)
        .map(|b| Signature::from_bytes(&b))
        .ok_or(BundleError::BadExportSignature)?;
    Ok((key, sig))
}

/// Writes an export bundle to `output`: the manifest, then each blob file
/// (found with `blob_file`), the server's signature, padding, all in one age
/// file to `recipients`. Returns `output` (the caller fsyncs).
pub fn write_export<W: Write>(
    recipients: &[impl age::Recipient],
    manifest: &ExportManifest,
    blob_file: impl Fn(&BlobId) -> PathBuf,
    signer: &ServerSigningKey,
    output: W,
    mut progress: impl FnMut(u64),
) -> Result<W, BundleError> {
    let encryptor =
        age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
            .map_err(|_| BundleError::Damaged("no reviewer recipient"))?;
    let age = encryptor.wrap_output(output)?;
    let mut tar = tar::Builder::new(Hashing::new(age));
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
        .chain(manifest.replies.iter().map(|r| ("replies", &r.blob)))
        .chain(manifest.notes.iter().map(|n| ("notes", &n.blob)));
    for (folder, blob) in entries {
        let file = std::fs::File::open(blob_file(blob))?;
        let len = file.metadata()?.len();
        append(
            &mut tar,
            &format!("{folder}/{}", blob.file_name()),
            len,
            file.take(len),
        )?;
        progress(len);
    }
    // `into_inner` writes tar's two zero blocks, which the signature covers.
    let mut hashing = tar.into_inner()?;
    let block = signature_block(signer, &hashing.digest());
    hashing.write_all(&block)?;
    let target = padme(hashing.count.max(MIN_EXPORT_PLAINTEXT));
    // tar ends at two zero blocks; what follows them is not read as entries.
    let zeros = [0u8; 8192];
    let mut left = target - hashing.count;
    while left > 0 {
        let n = usize::try_from(left.min(zeros.len() as u64)).expect("at most 8192");
        hashing.write_all(&zeros[..n])?;
        left -= n as u64;
    }
    Ok(hashing.inner.finish()?)
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

/// What a reader of an export bundle is handed, entry by entry, **before**
/// the signature is checked: stage it, act on it only once [`read_export`]
/// returned a [`VerifiedExport`].
pub enum ExportItem<'a> {
    /// An inbound message's age file.
    Message(&'a MessageEntry, &'a mut dyn Read),
    /// A reply's age file.
    Reply(&'a ReplyEntry, &'a mut dyn Read),
    /// A team note's or state's age file.
    Note(&'a NoteEntry, &'a mut dyn Read),
}

/// An export bundle whose server signature verified, and the key that made it.
#[derive(Debug)]
pub struct VerifiedExport {
    /// What the bundle holds.
    pub manifest: ExportManifest,
    /// The server key that signed it: the caller checks it against its pin.
    pub server_key: ed25519_dalek::VerifyingKey,
}

/// Opens an export bundle with `identity`, reads its manifest, hands every
/// message, reply and note to `on_item` as it streams past (unverified), and
/// checks at the end of the stream the server's signature over every byte and
/// the zero padding after it. Refuses entries the manifest does not list, in
/// another order, or named otherwise than `folder/<BLOB-ID>.age`.
pub fn read_export<R: Read>(
    identity: &dyn age::Identity,
    input: R,
    mut on_item: impl FnMut(&ExportManifest, ExportItem<'_>) -> Result<(), BundleError>,
) -> Result<VerifiedExport, BundleError> {
    let decryptor =
        age::Decryptor::new(input).map_err(|_| BundleError::Damaged("not an age file"))?;
    let reader = decryptor
        .decrypt(std::iter::once(identity))
        .map_err(|e| match e {
            age::DecryptError::NoMatchingKeys => BundleError::NotForThisKey,
            _ => BundleError::Damaged("age header"),
        })?;
    let mut archive = tar::Archive::new(Hashing::new(reader));
    let manifest = {
        let mut entries = archive.entries().map_err(|_| BundleError::Damaged("tar"))?;
        let manifest = {
            let mut first = entries
                .next()
                .ok_or(BundleError::Damaged("empty"))?
                .map_err(damaged_tar)?;
            if first.path_bytes().as_ref() != MANIFEST_ENTRY.as_bytes()
                || first.size() > MAX_MANIFEST
            {
                return Err(BundleError::Damaged("no manifest"));
            }
            let mut text = String::new();
            first.read_to_string(&mut text).map_err(damaged_tar)?;
            let manifest: ExportManifest =
                toml::from_str(&text).map_err(|_| BundleError::Damaged("manifest"))?;
            if manifest.format != EXPORT_FORMAT {
                return Err(BundleError::Damaged(
                    "unknown format (made by another version of gundo)",
                ));
            }
            manifest
        };
        let mut expected_messages = manifest.messages.iter();
        let mut expected_replies = manifest.replies.iter();
        let mut expected_notes = manifest.notes.iter();
        for entry in entries {
            let mut entry = entry.map_err(damaged_tar)?;
            if entry.header().entry_type() != tar::EntryType::Regular {
                return Err(BundleError::Damaged("unexpected entry"));
            }
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
                "messages" => match expected_messages.next() {
                    Some(m) if m.blob == id => {
                        on_item(&manifest, ExportItem::Message(m, &mut entry))?;
                    }
                    _ => return Err(BundleError::Damaged("unexpected entry")),
                },
                "replies" => match expected_replies.next() {
                    Some(r) if r.blob == id => {
                        on_item(&manifest, ExportItem::Reply(r, &mut entry))?;
                    }
                    _ => return Err(BundleError::Damaged("unexpected entry")),
                },
                "notes" => match expected_notes.next() {
                    Some(n) if n.blob == id => {
                        on_item(&manifest, ExportItem::Note(n, &mut entry))?;
                    }
                    _ => return Err(BundleError::Damaged("unexpected entry")),
                },
                _ => return Err(BundleError::Damaged("unexpected entry")),
            }
            // Drain what the callback left, so every byte is hashed and MAC-checked.
            io::copy(&mut entry, &mut io::sink()).map_err(damaged_tar)?;
        }
        if expected_messages.next().is_some()
            || expected_replies.next().is_some()
            || expected_notes.next().is_some()
        {
            return Err(BundleError::Damaged("truncated"));
        }
        manifest
    };
    let server_key = check_signature(archive.into_inner())?;
    Ok(VerifiedExport {
        manifest,
        server_key,
    })
}

/// After the archive's entries: the second end block, the signature block
/// over every byte before it, and only zeros up to a Padmé bucket. Returns
/// the key that signed.
fn check_signature<R: Read>(
    mut rest: Hashing<R>,
) -> Result<ed25519_dalek::VerifyingKey, BundleError> {
    // tar stopped at the first zero block; the second one must follow.
    let mut block = [0u8; BLOCK];
    rest.read_exact(&mut block).map_err(damaged_tar)?;
    if block.iter().any(|&b| b != 0) {
        return Err(BundleError::Damaged("no end of archive"));
    }
    let digest = rest.digest();
    let signed_len = rest.count;
    if rest.read_exact(&mut block).is_err() {
        return Err(BundleError::Unsigned);
    }
    let (server_key, signature) = parse_signature_block(&block)?;
    server_key
        .verify(&[EXPORT_SIGNATURE_CONTEXT, &digest].concat(), &signature)
        .map_err(|_| BundleError::BadExportSignature)?;
    // Only zeros may follow, up to the bucket; reading to the end checks the last MAC.
    let mut padding = rest.count - signed_len;
    loop {
        let mut zeros = [0u8; 8192];
        let n = rest.read(&mut zeros).map_err(damaged_tar)?;
        if n == 0 {
            break;
        }
        if zeros[..n].iter().any(|&b| b != 0) {
            return Err(BundleError::BadExportSignature);
        }
        padding += n as u64;
    }
    if padme(signed_len + padding) != signed_len + padding {
        return Err(BundleError::Damaged("not padded"));
    }
    Ok(server_key)
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
    /// Team notes and states for the other reviewers (sealed to the reviewers only).
    #[serde(default)]
    pub notes: Vec<OutboxReply>,
}

/// One reply (or team note) in an outbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutboxReply {
    /// Chosen by the reviewer when queued; importing twice adds it once.
    pub id: BlobId,
    /// The thread it belongs to.
    pub thread: ThreadId,
    /// The reply or note as an armored age file.
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
    /// Team notes and states, as binary age files (to the reviewers only).
    pub notes: Vec<VerifiedReply>,
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
        let dearmor = |reply: OutboxReply| {
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
        };
        let replies = self
            .content
            .replies
            .into_iter()
            .map(dearmor)
            .collect::<Result<_, _>>()?;
        let notes = self
            .content
            .notes
            .into_iter()
            .map(dearmor)
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
            notes,
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
                    by: Some("amina".into()),
                })
                .collect(),
            notes: vec![],
        }
    }

    /// A bundle with one 100 KB message and one reply, its server key and reviewer.
    fn signed_bundle() -> (
        Vec<u8>,
        ExportManifest,
        ServerSigningKey,
        age::x25519::Identity,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let reviewer = age::x25519::Identity::generate();
        let (m, r) = (BlobId::generate(), BlobId::generate());
        std::fs::write(dir.path().join(m.file_name()), vec![1u8; 100_000]).unwrap();
        std::fs::write(dir.path().join(r.file_name()), b"reply bytes").unwrap();
        let manifest = manifest(std::slice::from_ref(&m), std::slice::from_ref(&r));
        let server = ServerSigningKey::generate();
        let bundle = write_export(
            &[reviewer.to_public()],
            &manifest,
            |id| dir.path().join(id.file_name()),
            &server,
            Vec::new(),
            |_| (),
        )
        .unwrap();
        (bundle, manifest, server, reviewer)
    }

    fn decrypt(identity: &age::x25519::Identity, bundle: &[u8]) -> Vec<u8> {
        let d = age::Decryptor::new(bundle).unwrap();
        let mut out = Vec::new();
        d.decrypt(std::iter::once(identity as &dyn age::Identity))
            .unwrap()
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    fn encrypt(recipient: &age::x25519::Recipient, plain: &[u8]) -> Vec<u8> {
        let e = age::Encryptor::with_recipients(std::iter::once(recipient as &dyn age::Recipient))
            .unwrap();
        let mut out = Vec::new();
        let mut w = e.wrap_output(&mut out).unwrap();
        w.write_all(plain).unwrap();
        w.finish().unwrap();
        out
    }

    #[test]
    fn export_round_trip_signed_padded_and_only_for_reviewers() {
        let (bundle, manifest, server, reviewer) = signed_bundle();
        assert!(
            !bundle.windows(10).any(|w| w == b"2026-11-30"),
            "no plaintext"
        );
        let mut seen = Vec::new();
        let read = read_export(&reviewer, &bundle[..], |_, item| {
            let (kind, id, reader) = match item {
                ExportItem::Message(m, r) => ("m", m.blob.clone(), r),
                ExportItem::Reply(e, r) => ("r", e.blob.clone(), r),
                ExportItem::Note(n, r) => ("n", n.blob.clone(), r),
            };
            let mut bytes = Vec::new();
            reader.read_to_end(&mut bytes).unwrap();
            seen.push((kind, id, bytes.len()));
            Ok(())
        })
        .unwrap();
        assert_eq!(read.manifest, manifest);
        assert_eq!(read.server_key, server.verifying_key());
        assert_eq!(
            seen,
            vec![
                ("m", manifest.messages[0].blob.clone(), 100_000),
                ("r", manifest.replies[0].blob.clone(), 11)
            ]
        );
        // The plaintext length is a Padmé bucket.
        let plain = decrypt(&reviewer, &bundle);
        assert_eq!(padme(plain.len() as u64), plain.len() as u64);

        let stranger = age::x25519::Identity::generate();
        assert!(matches!(
            read_export(&stranger, &bundle[..], |_, _| Ok(())),
            Err(BundleError::NotForThisKey)
        ));
        assert!(read_export(&reviewer, &bundle[..bundle.len() / 2], |_, _| Ok(())).is_err());
    }

    #[test]
    fn a_bundle_made_with_the_reviewers_public_keys_alone_is_refused() {
        // What anyone who knows the reviewers' recipients can make: the
        // server's plaintext, changed, re-encrypted to the reviewer.
        let (bundle, _, _, reviewer) = signed_bundle();
        let plain = decrypt(&reviewer, &bundle);
        // The tar entries with no signature block at all: unsigned.
        let end = plain.len() - plain.iter().rev().position(|&b| b != 0).unwrap();
        let sig_start = (end - 1) / BLOCK * BLOCK;
        let mut unsigned = plain[..sig_start].to_vec();
        unsigned.resize(usize::try_from(padme(unsigned.len() as u64)).unwrap(), 0);
        let forged = encrypt(&reviewer.to_public(), &unsigned);
        assert!(matches!(
            read_export(&reviewer, &forged[..], |_, _| Ok(())),
            Err(BundleError::Unsigned)
        ));
        // Any changed byte of what the signature covers, or of the padding after it.
        let after = (sig_start + BLOCK < plain.len()).then_some(plain.len() - 1);
        for at in (0..plain.len())
            .step_by(997)
            .chain([sig_start - 1])
            .chain(after)
        {
            if at >= sig_start && at < sig_start + BLOCK {
                continue; // the block itself: covered by its own checks below
            }
            let mut altered = plain.clone();
            altered[at] ^= 0x20;
            let forged = encrypt(&reviewer.to_public(), &altered);
            assert!(
                read_export(&reviewer, &forged[..], |_, _| Ok(())).is_err(),
                "a change at byte {at} was accepted"
            );
        }
        // Signed by another server key: verifies, but as that key (the pin decides).
        let other = ServerSigningKey::generate();
        let mut resigned = plain[..sig_start].to_vec();
        let digest: [u8; 32] = blake3::hash(&resigned).into();
        resigned.extend_from_slice(&signature_block(&other, &digest));
        resigned.resize(plain.len(), 0);
        let read = read_export(
            &reviewer,
            &encrypt(&reviewer.to_public(), &resigned)[..],
            |_, _| Ok(()),
        )
        .unwrap();
        assert_eq!(read.server_key, other.verifying_key());
        // A signature by one key presented as another's is refused.
        let mut swapped = resigned.clone();
        let key_line = format!(
            "key {}",
            encode_server_key(&ServerSigningKey::generate().verifying_key())
        );
        let at = sig_start + EXPORT_SIGNATURE_CONTEXT.len();
        swapped[at..at + key_line.len()].copy_from_slice(key_line.as_bytes());
        assert!(matches!(
            read_export(
                &reviewer,
                &encrypt(&reviewer.to_public(), &swapped)[..],
                |_, _| Ok(())
            ),
            Err(BundleError::BadExportSignature)
        ));
    }

    #[test]
    fn the_server_key_file_round_trips_and_fingerprints_read_aloud() {
        let key = ServerSigningKey::generate();
        let text = key.to_file_text();
        assert!(text.contains("GUNDO-SERVER-SIGNING-KEY-1"));
        let again = ServerSigningKey::from_file_text(&text).unwrap();
        assert_eq!(again.verifying_key(), key.verifying_key());
        assert!(ServerSigningKey::from_file_text("# nothing").is_none());
        let fp = fingerprint(&key.verifying_key());
        assert_eq!(fp.len(), 47);
        assert_eq!(fp.split(' ').count(), 8);
        assert!(
            fp.split(' ')
                .all(|g| g.len() == 5 && g.bytes().all(|b| b.is_ascii_digit()))
        );
        assert_ne!(
            fp,
            fingerprint(&ServerSigningKey::generate().verifying_key())
        );
        assert_eq!(
            normalise_fingerprint(&fp.replace(' ', "")),
            Some(fp.clone())
        );
        assert_eq!(
            normalise_fingerprint(&fp.replace(' ', "-")),
            Some(fp.clone())
        );
        assert_eq!(normalise_fingerprint("1234"), None);
        assert_eq!(
            decode_server_key(&encode_server_key(&key.verifying_key())),
            Some(key.verifying_key())
        );
    }

    #[test]
    fn an_empty_export_is_padded_to_the_minimum() {
        let reviewer = age::x25519::Identity::generate();
        let bundle = write_export(
            &[reviewer.to_public()],
            &manifest(&[], &[]),
            |_| PathBuf::new(),
            &ServerSigningKey::generate(),
            Vec::new(),
            |_| (),
        )
        .unwrap();
        assert!(bundle.len() as u64 > MIN_EXPORT_PLAINTEXT);
        assert!(read_export(&reviewer, &bundle[..], |_, _| Ok(())).is_ok());
        // Only zeros may follow the signature.
        let mut plain = decrypt(&reviewer, &bundle);
        let last = plain.len() - 1;
        plain[last] = 1;
        assert!(matches!(
            read_export(
                &reviewer,
                &encrypt(&reviewer.to_public(), &plain)[..],
                |_, _| Ok(())
            ),
            Err(BundleError::BadExportSignature)
        ));
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
            notes: vec![],
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
