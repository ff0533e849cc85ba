//! The bodies of gundo's fuzz targets, one function per target.
//!
//! Each function takes the raw fuzz input, feeds it to the same public entry
//! point hostile input reaches in production, and asserts what that entry
//! point promises beyond "no panic". Each returns whether the input was
//! accepted, so the seed corpus can pin which seeds must get through.
//!
//! The targets in `fuzz_targets/` are one-line wrappers around these; the
//! integration test `fuzz_regressions` includes this very file and replays
//! `fuzz/corpus/` and `tests/data/fuzz/` through it, so `cargo test` runs the
//! harness logic without libFuzzer. Keep it to dependencies the main crate
//! has too.

use std::collections::HashSet;
use std::io::{self, Read, Write};
use std::path::{Component, Path};
use std::str::FromStr;

use axum::body::Body;
use axum::http::{Request, header};
use ed25519_dalek::Signer;
use gundo::bundle::{self, BundleError, ExportItem, UntrustedOutbox};
use gundo::config::{Config, ConfigError, UploadLimits};
use gundo::keys::Reviewer;
use gundo::receipt::{RECEIPT_DIGITS, ReceiptCode, ReceiptError};
use tower::ServiceExt;

/// The fixed identity the export target encrypts to and decrypts with
/// (bytes 1..=32): a test key, never used for anything real.
const FUZZ_IDENTITY: &str =
    "AGE-SECRET-KEY-1QYPQXPQ9QCRSSZG2PVXQ6RS0ZQG3YYC5Z5TPWXQERGD3C8G7RUSQGPQYEE";
/// The fixed ed25519 key that signs outboxes in the outbox target's signing mode.
const FUZZ_SIGNING_KEY: [u8; 32] = [42; 32];
/// Domain separation `bundle` puts before the signed bytes; restated here so
/// the outbox target can sign its input (a seed checks the two agree).
const OUTBOX_SIGNATURE_CONTEXT: &[u8] = b"gundo outbox signature v1\n";
/// Lowercase hex, as `bundle` writes a signature.
const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";
/// The base directory configuration text is resolved against.
const CONFIG_BASE: &str = "/srv/gundo";
/// The multipart boundary used when the input does not choose one.
pub const FIXED_BOUNDARY: &str = "XXX";
/// Names one `attachment_names` input may give (the server's limit is 1000 files).
const MAX_NAMES: usize = 100;
/// HTTP statuses `POST /{lang}/submit` may answer: never 500.
const SUBMIT_STATUSES: [u16; 6] = [200, 400, 403, 413, 429, 503];

/// The fuzz age identity.
pub fn fuzz_identity() -> age::x25519::Identity {
    age::x25519::Identity::from_str(FUZZ_IDENTITY).expect("the fuzz identity is a valid age key")
}

/// The fuzz outbox signing key.
pub fn fuzz_signing_key() -> ed25519_dalek::SigningKey {
    ed25519_dalek::SigningKey::from_bytes(&FUZZ_SIGNING_KEY)
}

/// The one reviewer the outbox target's keys directory holds.
pub fn fuzz_reviewer() -> Reviewer {
    Reviewer {
        name: "fuzz".to_owned(),
        recipient: fuzz_identity().to_public().into(),
        verifying_key: fuzz_signing_key().verifying_key(),
        demo: false,
    }
}

/// Bytes as text, with invalid UTF-8 replaced: a browser or a file can send anything.
fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// `receipt`: [`ReceiptCode::parse`] on any text. An accepted receipt
/// displays as six groups of four and parses back to itself; a refused one
/// says why truthfully.
pub fn receipt(data: &[u8]) -> bool {
    let input = text(data);
    match ReceiptCode::parse(&input) {
        Ok(code) => {
            let shown = code.to_display();
            assert_eq!(shown.len(), RECEIPT_DIGITS + 5, "display is 6 groups of 4");
            let again = ReceiptCode::parse(&shown).expect("a receipt's own display parses");
            assert!(again == code, "display then parse round-trips");
            true
        }
        Err(ReceiptError::WrongLength { expected, found }) => {
            assert_eq!(expected, RECEIPT_DIGITS);
            assert_ne!(found, RECEIPT_DIGITS, "24 digits is the right length");
            assert!(
                found <= input.chars().count(),
                "cannot find more digits than characters"
            );
            false
        }
        Err(ReceiptError::CheckDigit) => false,
        Err(ReceiptError::Derivation) => panic!("parsing never derives keys"),
    }
}

/// `proxy_header`: the PROXY protocol v1 line Tor sends before the first
/// request byte. An accepted line starts with `PROXY `, and for `TCP6` the
/// circuit id is the low 32 bits of the source address.
pub fn proxy_header(data: &[u8]) -> bool {
    let Ok(circuit) = gundo::web::proxy::parse_v1(data) else {
        return false;
    };
    assert!(data.starts_with(b"PROXY "), "accepted a line without PROXY");
    if let Some(expected) = tcp6_circuit(data) {
        assert_eq!(
            circuit, expected,
            "the circuit id is the source's low 32 bits"
        );
    }
    true
}

/// The low 32 bits of a well-formed `PROXY TCP6 SRC DST SPORT DPORT\r\n` line's source.
fn tcp6_circuit(line: &[u8]) -> Option<u32> {
    let line = std::str::from_utf8(line).ok()?.strip_suffix("\r\n")?;
    let fields: Vec<&str> = line.split(' ').collect();
    let [
        _,
        "TCP6",
        source,
        destination,
        source_port,
        destination_port,
    ] = fields[..]
    else {
        return None;
    };
    destination.parse::<std::net::Ipv6Addr>().ok()?;
    source_port.parse::<u16>().ok()?;
    destination_port.parse::<u16>().ok()?;
    let source: std::net::Ipv6Addr = source.parse().ok()?;
    Some(u32::try_from(source.to_bits() & 0xFFFF_FFFF).expect("masked to 32 bits"))
}

/// `submit_multipart`: the whole site on one tokio runtime and one store in
/// a temp dir, with small limits so each run is quick.
pub struct SubmitHarness {
    runtime: tokio::runtime::Runtime,
    router: axum::Router,
    // Dropped last: the store's files live here.
    _dir: tempfile::TempDir,
}

impl SubmitHarness {
    /// A fresh store in a new temp dir, sealing to the fuzz identity.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("a temp dir for the store");
        let store = gundo::store::Store::open(&dir.path().join("data")).expect("a new store opens");
        let limits = UploadLimits {
            max_message_bytes: 1 << 20,
            max_files: 4,
            max_message_chars: 1000,
        };
        let state =
            gundo::web::AppState::new(store, vec![fuzz_identity().to_public().into()], limits, 0);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime");
        Self {
            runtime,
            router: gundo::web::router(state),
            _dir: dir,
        }
    }

    /// POSTs `data` as the body of `/fr/submit`. The boundary is the input's
    /// first line after `--` when it starts with `--` (as a real body does),
    /// else [`FIXED_BOUNDARY`]. Returns the status, asserted not to be 500.
    pub fn run(&self, data: &[u8]) -> u16 {
        let boundary = data
            .strip_prefix(b"--")
            .and_then(|rest| rest.split(|&b| b == b'\r' || b == b'\n').next())
            .filter(|b| !b.is_empty())
            .unwrap_or(FIXED_BOUNDARY.as_bytes());
        let content_type = [b"multipart/form-data; boundary=".as_slice(), boundary].concat();
        let content_type = header::HeaderValue::from_bytes(&content_type).unwrap_or_else(|_| {
            header::HeaderValue::from_static("multipart/form-data; boundary=XXX")
        });
        let request = Request::post("/fr/submit")
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(data.to_vec()))
            .expect("a valid request");
        let response = self
            .runtime
            .block_on(self.router.clone().oneshot(request))
            .expect("the router is infallible");
        let status = response.status().as_u16();
        assert!(
            SUBMIT_STATUSES.contains(&status),
            "POST /fr/submit answered {status}"
        );
        if status == 200 {
            let page = self
                .runtime
                .block_on(axum::body::to_bytes(response.into_body(), 1 << 20))
                .expect("the receipt page is small");
            let page = String::from_utf8_lossy(&page);
            assert!(page.contains("<html"), "a 200 is a page");
        }
        status
    }
}

impl Default for SubmitHarness {
    fn default() -> Self {
        Self::new()
    }
}

/// `outbox`: the first byte chooses the mode, the rest is the file.
///
/// - even: the rest is an outbox file as found on the stick; it is parsed,
///   then verified against a keys directory holding the fuzz reviewer.
/// - odd: the rest is outbox *content*; it is signed with the fuzz key
///   first, so the fuzzer gets past the signature into reply decoding. Then
///   a signature failure would be a bug: our signature must verify.
pub fn outbox(data: &[u8]) -> bool {
    let Some((&mode, rest)) = data.split_first() else {
        return false;
    };
    let signed;
    let file = if mode & 1 == 0 {
        rest
    } else {
        signed = sign_outbox(rest);
        &signed
    };
    let Ok(untrusted) = UntrustedOutbox::parse(file) else {
        return false;
    };
    match untrusted.verify(&[fuzz_reviewer()]) {
        Ok(verified) => {
            assert_eq!(verified.signer, "fuzz");
            for reply in &verified.replies {
                assert!(reply.ciphertext.starts_with(b"age-encryption.org/v1\n"));
            }
            true
        }
        Err(BundleError::BadSignature) => {
            assert!(
                mode & 1 == 0,
                "an outbox signed by the fuzz key must verify"
            );
            false
        }
        Err(_) => false,
    }
}

/// `content` followed by its signature with the fuzz key, as `write_outbox` lays it out.
pub fn sign_outbox(content: &[u8]) -> Vec<u8> {
    let signature = fuzz_signing_key().sign(&[OUTBOX_SIGNATURE_CONTEXT, content].concat());
    let hex: String = signature
        .to_bytes()
        .iter()
        .flat_map(|b| {
            [
                HEX_DIGITS[usize::from(b >> 4)],
                HEX_DIGITS[usize::from(b & 15)],
            ]
        })
        .map(char::from)
        .collect();
    let mut out = content.to_vec();
    out.extend_from_slice(b"-----BEGIN GUNDO SIGNATURE-----\n");
    out.extend_from_slice(hex.as_bytes());
    out.extend_from_slice(b"\n-----END GUNDO SIGNATURE-----\n");
    out
}

/// `export_bundle`: the first byte chooses the mode, the rest is the input.
///
/// - even: the rest is the bundle's *plaintext* (a tar whose first entry is
///   `manifest.toml`); it is age-encrypted to the fuzz identity first, so
///   the fuzzer works on the tar and manifest parsing.
/// - odd: the rest is a bundle file as found on the stick (age header first).
///
/// Either way [`bundle::read_export`] reads it with the fuzz identity. An
/// accepted bundle has the known format and handed over exactly the
/// messages and replies its manifest lists.
pub fn export_bundle(data: &[u8]) -> bool {
    let Some((&mode, rest)) = data.split_first() else {
        return false;
    };
    let encrypted;
    let file = if mode & 1 == 0 {
        encrypted = encrypt_to_fuzz_identity(rest);
        &encrypted
    } else {
        rest
    };
    let identity = fuzz_identity();
    let mut items = 0usize;
    let result = bundle::read_export(&identity, file, |_, item| {
        items += 1;
        let (ExportItem::Message(_, reader)
        | ExportItem::Reply(_, reader)
        | ExportItem::Note(_, reader)) = item;
        // Read part of it: the reader must drain the rest itself.
        io::copy(&mut reader.take(4096), &mut io::sink())?;
        Ok(())
    });
    match result {
        Ok(verified) => {
            let manifest = verified.manifest;
            assert_eq!(manifest.format, bundle::EXPORT_FORMAT);
            assert_eq!(
                items,
                manifest.messages.len() + manifest.replies.len() + manifest.notes.len(),
                "every listed blob, and only those, is handed over"
            );
            true
        }
        Err(_) => false,
    }
}

/// `plaintext` as an age file to the fuzz identity.
pub fn encrypt_to_fuzz_identity(plaintext: &[u8]) -> Vec<u8> {
    let recipient = fuzz_identity().to_public();
    let encryptor =
        age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
            .expect("one recipient");
    let mut out = Vec::new();
    let mut writer = encryptor.wrap_output(&mut out).expect("writing to memory");
    writer.write_all(plaintext).expect("writing to memory");
    writer.finish().expect("writing to memory");
    out
}

/// `config`: [`Config::parse`] on any text. An accepted configuration has
/// absolute paths and limits within their documented ranges; a refusal is
/// one line.
pub fn config(data: &[u8]) -> bool {
    let input = text(data);
    let base = Path::new(CONFIG_BASE);
    match Config::parse(&input, base) {
        Ok(config) => {
            assert!(config.data_dir.is_absolute() && config.keys_dir.is_absolute());
            let limits = config.limits;
            assert!((1 << 20..=3 << 30).contains(&limits.max_message_bytes));
            assert!(limits.max_files <= 1000);
            assert!((1..=10_000_000).contains(&limits.max_message_chars));
            true
        }
        Err(error) => {
            assert!(!matches!(
                error,
                ConfigError::Read { .. } | ConfigError::NotFound
            ));
            let message = error.to_string();
            assert_eq!(message.lines().count(), 1, "a one-line error: {message:?}");
            false
        }
    }
}

/// `attachment_names`: the input is a list of sent names separated by 0xFF
/// (a byte UTF-8 never uses), given as one message's attachments to both
/// [`gundo::seal::attachment_entry_name`] (names inside the sealed ZIP) and
/// [`gundo::review::names::safe_file_name`] (names in a reviewer's
/// workspace). Every result must be safe and unique. Only the first
/// [`MAX_NAMES`] count: both functions are quadratic in the names already
/// taken, by design, under the server's file limit. Returns whether any name
/// was given.
pub fn attachment_names(data: &[u8]) -> bool {
    let mut zip_taken = HashSet::new();
    let mut disk_taken = HashSet::new();
    let mut count = 0usize;
    for (i, sent) in data.split(|&b| b == 0xFF).take(MAX_NAMES).enumerate() {
        let sent = text(sent);
        count += 1;

        let before = zip_taken.len();
        let name = gundo::seal::attachment_entry_name(&sent, i + 1, &mut zip_taken);
        assert_eq!(
            zip_taken.len(),
            before + 1,
            "a new lowercase name: {name:?}"
        );
        assert!(zip_taken.contains(&name.to_lowercase()));
        assert!(!name.is_empty() && name.len() <= 200, "{name:?}");
        assert!(!name.contains(['/', '\\', ':']), "{name:?}");
        assert!(!name.chars().any(char::is_control), "{name:?}");
        assert!(
            !name.starts_with([' ', '.']) && !name.ends_with([' ', '.']),
            "{name:?}"
        );
        // rawzip must keep the path as is, or the padding arithmetic is off.
        let path = format!("files/{name}");
        assert_eq!(
            rawzip::path::ZipFilePath::from_str(&path).as_str(),
            path,
            "rawzip rewrites the name"
        );

        let before = disk_taken.len();
        let name = gundo::review::names::safe_file_name(&sent, &mut disk_taken);
        assert_eq!(
            disk_taken.len(),
            before + 1,
            "a new lowercase name: {name:?}"
        );
        assert_safe_file_name(&name);
    }
    count > 0
}

/// What `safe_file_name` promises about one name.
fn assert_safe_file_name(name: &str) {
    assert!(!name.is_empty(), "empty name");
    assert!(
        name.len() <= gundo::review::names::MAX_NAME_BYTES,
        "{name:?}"
    );
    assert!(
        !name
            .chars()
            .any(|c| c.is_control()
                || matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*' | '/' | '\\')),
        "{name:?}"
    );
    assert!(!name.starts_with(['.', '-', ' ']), "{name:?}");
    assert!(!name.ends_with(['.', ' ']), "{name:?}");
    let device = name
        .split('.')
        .next()
        .unwrap_or_default()
        .trim_end_matches(' ');
    let device = device.to_lowercase();
    let numbered = ["com", "lpt"].iter().any(|p| {
        device.strip_prefix(p).is_some_and(|n| {
            matches!(
                n,
                "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "¹" | "²" | "³"
            )
        })
    });
    let named = ["con", "prn", "aux", "nul", "conin$", "conout$"].contains(&device.as_str());
    assert!(!numbered && !named, "a Windows device name: {name:?}");
    let mut components = Path::new(name).components();
    assert!(
        matches!(components.next(), Some(Component::Normal(_))) && components.next().is_none(),
        "not one plain path component: {name:?}"
    );
}

/// `clean`: an attachment as the reviewer side gets it, through the cleaner
/// and the risk check (`gundo::review::clean`). Promises beyond "no panic":
/// a cleaned copy is not empty and says what it lost; a refusal's reason is
/// one short line. Accepted means a cleaned copy was made.
pub fn clean(data: &[u8]) -> bool {
    use gundo::review::clean::{self, CleanLimits, Cleaning};
    let _ = clean::assess("attachment", data);
    match clean::clean(data, &CleanLimits::default()) {
        Cleaning::Cleaned { bytes, removed, .. } => {
            assert!(!bytes.is_empty(), "an empty cleaned copy");
            assert!(!removed.is_empty(), "a cleaned copy that says nothing");
            let _ = clean::assess("attachment.cleaned", &bytes);
            true
        }
        Cleaning::NotCleaned { reason } => {
            assert!(!reason.is_empty());
            false
        }
        Cleaning::Refused { reason } => {
            // Fixed phrases and figures only: short, whatever the input.
            assert!(!reason.is_empty() && reason.len() < 400, "{reason}");
            false
        }
    }
}
