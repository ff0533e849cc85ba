//! Reviewer keys: the secret identity a reviewer keeps offline, and the public
//! file the server seals to.
//!
//! A reviewer has **one secret file**, `NAME.key`: a standard age identity
//! file (`AGE-SECRET-KEY-1…`), optionally passphrase-protected with age's
//! scrypt recipient, so stock `age -d -i NAME.key` reads what gundo seals. The
//! reviewer's ed25519 **signing key** (for outbox bundles) is derived from that
//! X25519 secret with HKDF under its own label, so there is nothing else to
//! keep safe.
//!
//! The public half, `NAME.pub`, is a small TOML file: the reviewer's name, age
//! recipient and signing (verifying) key. Copying it into the server's keys
//! directory makes the reviewer a recipient of every new tip.
//!
//! A reviewer may also open bundles with an age **plugin identity**
//! (`AGE-PLUGIN-…`, e.g. a hardware key): [`ReviewerKey`] holds either kind.
//! A plugin identity only decrypts, through the plugin binary found on `PATH`;
//! it has no signing key, so outboxes are always signed with a `gundo keygen`
//! key.
//!
//! The server **never** holds a secret key: [`load_reviewers`] refuses a keys
//! directory in which any file contains one.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Mutex;

use age::secrecy::{ExposeSecret, SecretString};
use hkdf::Hkdf;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// The line an age X25519 secret key starts with.
const SECRET_KEY_PREFIX: &str = "AGE-SECRET-KEY-1";
/// The line an age plugin identity starts with.
const PLUGIN_IDENTITY_PREFIX: &str = "AGE-PLUGIN-";
/// Human-readable part of a Bech32-encoded reviewer signing (verifying) key.
const SIGNING_KEY_HRP: &str = "gundosig";
/// HKDF label separating the signing key from the age key it is derived from.
const SIGNING_KEY_LABEL: &[u8] = b"gundo reviewer signing key v1";
/// Marks the throw-away demo key, which a real server refuses.
const DEMO_MARK: &str = "# DEMO KEY";

/// One reviewer as the server knows them: public material only.
#[derive(Clone, Debug)]
pub struct Reviewer {
    /// A short name, from the key file's name.
    pub name: String,
    /// What tips are sealed to.
    pub recipient: RecipientKey,
    /// Verifies the reviewer's outbox bundles.
    pub verifying_key: ed25519_dalek::VerifyingKey,
    /// The throw-away key written by `serve --demo`.
    pub demo: bool,
}

impl Reviewer {
    /// A short fingerprint of the recipient, for operators to compare by voice.
    pub fn fingerprint(&self) -> String {
        recipient_fingerprint(&self.recipient.to_string())
    }
}

/// A short fingerprint of a recipient as text (`AB12-34CD-…`), to compare by voice.
pub fn recipient_fingerprint(recipient: &str) -> String {
    let digest = Sha256::digest(recipient.as_bytes());
    digest[..8]
        .chunks(2)
        .map(|c| format!("{:02X}{:02X}", c[0], c[1]))
        .collect::<Vec<_>>()
        .join("-")
}

/// A public key files are sealed to: a reviewer's, a thread's reply key, or
/// an operator's backup key. Every kind gundo seals to is one variant, so a
/// list of them can be handed to age's encryptor as it is (age itself
/// refuses to mix kinds whose labels differ).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecipientKey {
    /// A classic age X25519 recipient (`age1…`).
    X25519(age::x25519::Recipient),
}

/// Why a recipient string was refused.
#[derive(Debug, thiserror::Error)]
#[error("not an age recipient gundo can seal to (age1…)")]
pub struct BadRecipient;

impl FromStr for RecipientKey {
    type Err = BadRecipient;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        age::x25519::Recipient::from_str(text)
            .map(Self::X25519)
            .map_err(|_| BadRecipient)
    }
}

impl From<age::x25519::Recipient> for RecipientKey {
    fn from(recipient: age::x25519::Recipient) -> Self {
        Self::X25519(recipient)
    }
}

impl std::fmt::Display for RecipientKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::X25519(recipient) => recipient.fmt(f),
        }
    }
}

impl age::Recipient for RecipientKey {
    fn wrap_file_key(
        &self,
        file_key: &age_core::format::FileKey,
    ) -> Result<
        (
            Vec<age_core::format::Stanza>,
            std::collections::HashSet<String>,
        ),
        age::EncryptError,
    > {
        match self {
            Self::X25519(recipient) => recipient.wrap_file_key(file_key),
        }
    }
}

/// `NAME.pub` as written on disk.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PublicFile {
    name: String,
    recipient: String,
    signing_key: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    demo: bool,
}

/// A reviewer's secret identity: the age key and the signing key derived from it.
pub struct ReviewerIdentity {
    identity: age::x25519::Identity,
    signing_key: ed25519_dalek::SigningKey,
    demo: bool,
}

/// What a reviewer's identity file holds: a key that opens bundles and signs
/// outboxes, or plugin identities that only open bundles.
pub enum ReviewerKey {
    /// An age X25519 key (from `gundo keygen`), with its derived signing key.
    Native(ReviewerIdentity),
    /// Identities held by age plugins: decrypt only.
    Plugin(PluginIdentity),
}

/// Age plugin identities (`AGE-PLUGIN-…`): every decryption runs the plugin
/// binary (`age-plugin-NAME`, resolved on `PATH` when the file is read).
pub struct PluginIdentity {
    /// One per plugin named in the file, each holding that plugin's identities.
    plugins: Vec<Box<dyn age::Identity + Send + Sync>>,
    /// The plugins' binary names, for messages.
    binaries: Vec<String>,
    /// The recipient the file names on a comment line (`# recipient: age1…`,
    /// as age plugins write their identity files), if it does.
    recipient: Option<RecipientKey>,
    /// The first error a plugin reported. age folds a plugin's failure (a
    /// cancelled PIN, an unplugged key) into errors that read like a damaged
    /// file; callers look here so such a failure stops the work instead of
    /// being recorded as damage.
    failure: Mutex<Option<String>>,
}

/// Why keys could not be made, read or loaded.
#[derive(Debug, thiserror::Error)]
pub enum KeysError {
    /// The keys directory could not be listed.
    #[error("cannot read the keys directory {path}: {source}")]
    UnreadableDir {
        /// The directory.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The keys directory holds no `*.pub` file.
    #[error("no reviewer key in {0}: copy a reviewer's NAME.pub (from `gundo keygen`) there")]
    NoReviewers(PathBuf),
    /// A `*.pub` file is not what `gundo keygen` writes.
    #[error("{path} is not a gundo reviewer public key: {reason}")]
    BadPublicFile {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// A secret key sits where only public keys belong.
    #[error("{0} holds a SECRET key: remove it at once, the server must only hold *.pub files")]
    SecretInKeysDir(PathBuf),
    /// The demo key is there and this is not a demo.
    #[error("{0} is the throw-away demo key: remove it (only `gundo serve --demo` may use it)")]
    DemoKey(PathBuf),
    /// Refusing to overwrite a key.
    #[error("{0} already exists: refusing to overwrite a key")]
    Exists(PathBuf),
    /// The key's file name gives no usable reviewer name.
    #[error(
        "the key file name must be NAME.key with NAME made of letters, digits, '.', '_' or '-' (at most 64)"
    )]
    BadName,
    /// Reading or writing a key file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The identity file holds no age identity gundo can use.
    #[error("{0} holds no age identity (AGE-SECRET-KEY-1… or AGE-PLUGIN-…)")]
    NoIdentity(PathBuf),
    /// The plugin an identity names is not installed.
    #[error("{binary} is not on PATH: install it to use this plugin identity")]
    MissingPlugin {
        /// The plugin's binary name (`age-plugin-NAME`).
        binary: String,
    },
    /// A plugin identity was asked to sign.
    #[error(
        "this identity is held by {binaries}, which cannot sign: an outbox must be signed with a key made by `gundo keygen` (reviewers with hardware keys keep one for signing)"
    )]
    CannotSign {
        /// The plugins' binary names.
        binaries: String,
    },
    /// The identity file is passphrase-protected and no passphrase was given.
    #[error("{0} is passphrase-protected: a passphrase is needed")]
    NeedsPassphrase(PathBuf),
    /// The passphrase did not open the identity file.
    #[error("{0}: wrong passphrase, or the file is damaged")]
    WrongPassphrase(PathBuf),
}

impl ReviewerIdentity {
    /// Makes a fresh identity from the OS random generator.
    pub fn generate() -> Self {
        Self::from_age_identity(age::x25519::Identity::generate(), false)
    }

    /// Makes the throw-away demo identity.
    pub fn generate_demo() -> Self {
        Self::from_age_identity(age::x25519::Identity::generate(), true)
    }

    fn from_age_identity(identity: age::x25519::Identity, demo: bool) -> Self {
        let signing_key = derive_signing_key(&identity);
        Self {
            identity,
            signing_key,
            demo,
        }
    }

    /// The age identity (to decrypt).
    pub fn age_identity(&self) -> &age::x25519::Identity {
        &self.identity
    }

    /// The ed25519 key that signs this reviewer's outbox bundles.
    pub fn signing_key(&self) -> &ed25519_dalek::SigningKey {
        &self.signing_key
    }

    /// The public half.
    pub fn to_reviewer(&self, name: &str) -> Reviewer {
        Reviewer {
            name: name.to_owned(),
            recipient: RecipientKey::X25519(self.identity.to_public()),
            verifying_key: self.signing_key.verifying_key(),
            demo: self.demo,
        }
    }

    /// The identity file's text: comments and the secret key line.
    fn identity_file_text(&self, name: &str) -> Zeroizing<String> {
        let mut text = Zeroizing::new(String::new());
        if self.demo {
            text.push_str(DEMO_MARK);
            text.push_str(
                " — THROW-AWAY, NOT FOR REAL TIPS. Anyone with this file reads the demo's tips.\n",
            );
        }
        text.push_str("# gundo reviewer identity: ");
        text.push_str(name);
        text.push_str("\n# public key: ");
        text.push_str(&self.identity.to_public().to_string());
        text.push('\n');
        text.push_str(self.identity.to_string().expose_secret());
        text.push('\n');
        text
    }

    /// Reads an identity file written by [`write_keypair`] (or any age
    /// X25519 identity file), decrypting it with `passphrase` if it is
    /// passphrase-protected. A file holding only plugin identities is
    /// refused with [`KeysError::CannotSign`]: use [`ReviewerKey::read`] to
    /// open bundles with one.
    pub fn read(path: &Path, passphrase: Option<SecretString>) -> Result<Self, KeysError> {
        let bytes = read_identity_file(path, passphrase)?;
        let text =
            std::str::from_utf8(&bytes).map_err(|_| KeysError::NoIdentity(path.to_owned()))?;
        if let Some(identity) = Self::from_text(text) {
            return Ok(identity);
        }
        let plugins = plugin_identities(text);
        if plugins.is_empty() {
            return Err(KeysError::NoIdentity(path.to_owned()));
        }
        Err(KeysError::CannotSign {
            binaries: binary_names(&plugins).join(", "),
        })
    }

    /// The first X25519 secret key in an identity file's text, if any.
    fn from_text(text: &str) -> Option<Self> {
        let demo = text.lines().any(|l| l.starts_with(DEMO_MARK));
        let identity = text
            .lines()
            .map(str::trim)
            .find(|l| l.starts_with(SECRET_KEY_PREFIX))
            .and_then(|l| age::x25519::Identity::from_str(l).ok())?;
        Some(Self::from_age_identity(identity, demo))
    }
}

impl ReviewerKey {
    /// Reads an identity file: an age X25519 key as [`ReviewerIdentity::read`]
    /// does, or else the age plugin identities in it (`AGE-PLUGIN-…`, the file
    /// possibly passphrase-protected the same way). A plugin must be on `PATH`
    /// now; `callbacks` carry its questions (PIN, touch…) to the reviewer.
    /// An X25519 key wins over plugin lines in the same file: it is the one
    /// that can also sign.
    pub fn read(
        path: &Path,
        passphrase: Option<SecretString>,
        callbacks: &impl age::Callbacks,
    ) -> Result<Self, KeysError> {
        let bytes = read_identity_file(path, passphrase)?;
        let text =
            std::str::from_utf8(&bytes).map_err(|_| KeysError::NoIdentity(path.to_owned()))?;
        if let Some(identity) = ReviewerIdentity::from_text(text) {
            return Ok(Self::Native(identity));
        }
        let identities = plugin_identities(text);
        if identities.is_empty() {
            return Err(KeysError::NoIdentity(path.to_owned()));
        }
        let mut plugin = PluginIdentity::new(&identities, callbacks)?;
        plugin.recipient = named_recipient(text);
        Ok(Self::Plugin(plugin))
    }

    /// What decrypts bundles, messages and replies.
    pub fn age_identity(&self) -> &dyn age::Identity {
        match self {
            Self::Native(identity) => identity.age_identity(),
            Self::Plugin(plugin) => plugin,
        }
    }

    /// The key that signs outboxes; plugin identities have none.
    pub fn signing_identity(&self) -> Result<&ReviewerIdentity, KeysError> {
        match self {
            Self::Native(identity) => Ok(identity),
            Self::Plugin(plugin) => Err(KeysError::CannotSign {
                binaries: plugin.binaries.join(", "),
            }),
        }
    }

    /// The recipient a plugin identity file names on a comment line
    /// (`# recipient: age1…`); `None` for other keys, or if it names none.
    pub fn plugin_recipient(&self) -> Option<&RecipientKey> {
        match self {
            Self::Native(_) => None,
            Self::Plugin(plugin) => plugin.recipient.as_ref(),
        }
    }

    /// Whether decrypting runs a plugin (which may talk to the reviewer).
    pub fn is_plugin(&self) -> bool {
        matches!(self, Self::Plugin(_))
    }

    /// The first failure a plugin reported while decrypting, as one line.
    /// Sticky: it stays after the decryptor has turned it into another error.
    pub fn plugin_failure(&self) -> Option<String> {
        match self {
            Self::Native(_) => None,
            Self::Plugin(plugin) => plugin
                .failure
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .clone(),
        }
    }
}

impl PluginIdentity {
    /// Groups `identities` by plugin, so each decryption runs each plugin once.
    fn new(
        identities: &[age::plugin::Identity],
        callbacks: &impl age::Callbacks,
    ) -> Result<Self, KeysError> {
        let mut names: Vec<&str> = identities
            .iter()
            .map(age::plugin::Identity::plugin)
            .collect();
        names.sort_unstable();
        names.dedup();
        let mut plugins: Vec<Box<dyn age::Identity + Send + Sync>> = Vec::new();
        for name in &names {
            let plugin = age::plugin::IdentityPluginV1::new(name, identities, callbacks.clone())
                .map_err(|_| KeysError::MissingPlugin {
                    binary: plugin_binary(name),
                })?;
            plugins.push(Box::new(plugin));
        }
        Ok(Self {
            plugins,
            binaries: names.into_iter().map(plugin_binary).collect(),
            recipient: None,
            failure: Mutex::new(None),
        })
    }

    fn remember(&self, error: &age::DecryptError) {
        let mut failure = self
            .failure
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if failure.is_none() {
            *failure = Some(one_line(&error.to_string()));
        }
    }
}

impl age::Identity for PluginIdentity {
    fn unwrap_stanza(
        &self,
        stanza: &age_core::format::Stanza,
    ) -> Option<Result<age_core::format::FileKey, age::DecryptError>> {
        self.unwrap_stanzas(std::slice::from_ref(stanza))
    }

    fn unwrap_stanzas(
        &self,
        stanzas: &[age_core::format::Stanza],
    ) -> Option<Result<age_core::format::FileKey, age::DecryptError>> {
        // As age does with a list of identities: the first plugin with an
        // answer decides. A plugin that does not recognise the file answers
        // `None`; any error is the plugin failing, never "not for this key".
        let result = self
            .plugins
            .iter()
            .find_map(|plugin| plugin.unwrap_stanzas(stanzas));
        if let Some(Err(e)) = &result {
            self.remember(e);
        }
        result
    }
}

/// The plugin identities in an identity file's text; lines that do not parse
/// are skipped, as with X25519 keys.
fn plugin_identities(text: &str) -> Vec<age::plugin::Identity> {
    text.lines()
        .map(str::trim)
        .filter(|l| l.starts_with(PLUGIN_IDENTITY_PREFIX))
        .filter_map(|l| age::plugin::Identity::from_str(l).ok())
        .collect()
}

/// The first recipient a comment line names (`# recipient: age1…`, any case).
fn named_recipient(text: &str) -> Option<RecipientKey> {
    text.lines()
        .filter(|l| l.trim_start().starts_with('#'))
        .find_map(|l| {
            let at = l.to_ascii_lowercase().find("recipient:")?;
            l[at + "recipient:".len()..].trim().parse().ok()
        })
}

fn binary_names(identities: &[age::plugin::Identity]) -> Vec<String> {
    let mut names: Vec<String> = identities
        .iter()
        .map(|i| plugin_binary(i.plugin()))
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

fn plugin_binary(name: &str) -> String {
    format!("age-plugin-{name}")
}

/// A plugin's message as one line: plugins may write several, and age's
/// localised text wraps values in Unicode isolation marks.
fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .map(|w| w.replace(['\u{2068}', '\u{2069}'], ""))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads an identity file, decrypting it with `passphrase` if it is
/// passphrase-protected.
fn read_identity_file(
    path: &Path,
    passphrase: Option<SecretString>,
) -> Result<Zeroizing<Vec<u8>>, KeysError> {
    let io = |source| KeysError::Io {
        path: path.to_owned(),
        source,
    };
    let bytes = Zeroizing::new(std::fs::read(path).map_err(io)?);
    if !is_age_file(&bytes) {
        return Ok(bytes);
    }
    let Some(passphrase) = passphrase else {
        return Err(KeysError::NeedsPassphrase(path.to_owned()));
    };
    decrypt_with_passphrase(&bytes, passphrase)
        .ok_or_else(|| KeysError::WrongPassphrase(path.to_owned()))
}

/// Whether `bytes` start like an age file, binary or armored.
fn is_age_file(bytes: &[u8]) -> bool {
    bytes.starts_with(b"age-encryption.org/")
        || bytes.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----")
}

/// Opens a passphrase-protected identity file; `None` on any failure, so a
/// wrong passphrase and a damaged file look the same.
fn decrypt_with_passphrase(bytes: &[u8], passphrase: SecretString) -> Option<Zeroizing<Vec<u8>>> {
    use std::io::Read;
    let reader = age::armor::ArmoredReader::new(bytes);
    let decryptor = age::Decryptor::new(reader).ok()?;
    let identity = age::scrypt::Identity::new(passphrase);
    let mut stream = decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .ok()?;
    let mut out = Zeroizing::new(Vec::new());
    stream.read_to_end(&mut out).ok()?;
    Some(out)
}

/// Derives the reviewer's ed25519 signing key from the age X25519 secret.
fn derive_signing_key(identity: &age::x25519::Identity) -> ed25519_dalek::SigningKey {
    let encoded = identity.to_string();
    let (_, secret) = bech32::decode(encoded.expose_secret())
        .expect("an age identity always renders as valid Bech32");
    let secret = Zeroizing::new(secret);
    let mut seed = Zeroizing::new([0u8; 32]);
    Hkdf::<Sha256>::new(None, &secret)
        .expand(SIGNING_KEY_LABEL, seed.as_mut())
        .expect("32 bytes is a valid HKDF-SHA256 output length");
    ed25519_dalek::SigningKey::from_bytes(&seed)
}

/// Renders a verifying key as `gundosig1…`.
pub fn encode_verifying_key(key: &ed25519_dalek::VerifyingKey) -> String {
    bech32::encode::<bech32::Bech32>(
        bech32::Hrp::parse(SIGNING_KEY_HRP).expect("constant HRP is valid"),
        key.as_bytes(),
    )
    .expect("32 bytes always encode")
}

fn decode_verifying_key(text: &str) -> Option<ed25519_dalek::VerifyingKey> {
    let (hrp, bytes) = bech32::decode(text).ok()?;
    if hrp.as_str() != SIGNING_KEY_HRP {
        return None;
    }
    ed25519_dalek::VerifyingKey::from_bytes(&bytes.try_into().ok()?).ok()
}

/// The reviewer name a key path gives (`keys/amina.key` → `amina`).
pub fn reviewer_name(path: &Path) -> Result<String, KeysError> {
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .ok_or(KeysError::BadName)?;
    let valid = !name.is_empty()
        && !name.starts_with('.')
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if valid {
        Ok(name.to_owned())
    } else {
        Err(KeysError::BadName)
    }
}

/// Where the public half of `key_path` goes: `NAME.key` → `NAME.pub`.
pub fn public_path(key_path: &Path) -> PathBuf {
    key_path.with_extension("pub")
}

/// Writes `NAME.key` (mode 0600, passphrase-protected unless `passphrase` is
/// `None`) and `NAME.pub` beside it. Refuses to overwrite either.
pub fn write_keypair(
    identity: &ReviewerIdentity,
    key_path: &Path,
    passphrase: Option<SecretString>,
) -> Result<PathBuf, KeysError> {
    let name = reviewer_name(key_path)?;
    let pub_path = public_path(key_path);
    for path in [key_path, pub_path.as_path()] {
        if path.exists() {
            return Err(KeysError::Exists(path.to_owned()));
        }
    }
    let plain = identity.identity_file_text(&name);
    let contents = match passphrase {
        None => Zeroizing::new(plain.as_bytes().to_vec()),
        Some(passphrase) => {
            encrypt_with_passphrase(plain.as_bytes(), passphrase).map_err(|source| {
                KeysError::Io {
                    path: key_path.to_owned(),
                    source,
                }
            })?
        }
    };
    write_new_file(key_path, &contents, 0o600)?;
    let public = identity.to_reviewer(&name);
    if let Err(e) = write_new_file(&pub_path, public_file_text(&public).as_bytes(), 0o644) {
        let _ = std::fs::remove_file(key_path);
        return Err(e);
    }
    Ok(pub_path)
}

fn encrypt_with_passphrase(
    plain: &[u8],
    passphrase: SecretString,
) -> std::io::Result<Zeroizing<Vec<u8>>> {
    let mut out = Vec::new();
    let armor = age::armor::ArmoredWriter::wrap_output(&mut out, age::armor::Format::AsciiArmor)?;
    let mut writer = age::Encryptor::with_user_passphrase(passphrase).wrap_output(armor)?;
    writer.write_all(plain)?;
    writer.finish()?.finish()?;
    Ok(Zeroizing::new(out))
}

/// Creates `path` (never overwriting) with `mode`, writes, and fsyncs.
fn write_new_file(path: &Path, contents: &[u8], mode: u32) -> Result<(), KeysError> {
    use std::os::unix::fs::OpenOptionsExt;
    let io = |source| KeysError::Io {
        path: path.to_owned(),
        source,
    };
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                KeysError::Exists(path.to_owned())
            } else {
                io(e)
            }
        })?;
    file.write_all(contents).map_err(io)?;
    file.sync_all().map_err(io)
}

/// The text of `NAME.pub`.
pub fn public_file_text(reviewer: &Reviewer) -> String {
    let file = PublicFile {
        name: reviewer.name.clone(),
        recipient: reviewer.recipient.to_string(),
        signing_key: encode_verifying_key(&reviewer.verifying_key),
        demo: reviewer.demo,
    };
    let header = if reviewer.demo {
        "# gundo DEMO reviewer public key: throw-away, a real server refuses it.\n"
    } else {
        "# gundo reviewer public key. Copy this file into the server's keys directory\n# to seal every new tip to this reviewer too.\n"
    };
    format!(
        "{header}{}",
        toml::to_string(&file).expect("a flat struct of strings serialises")
    )
}

/// Parses the text of a `NAME.pub` file.
pub fn parse_public_file(path: &Path, text: &str) -> Result<Reviewer, KeysError> {
    let bad = |reason: String| KeysError::BadPublicFile {
        path: path.to_owned(),
        reason,
    };
    let file: PublicFile = toml::from_str(text).map_err(|e| bad(e.message().to_owned()))?;
    let recipient = RecipientKey::from_str(&file.recipient)
        .map_err(|_| bad("`recipient` is not an age recipient (age1…)".into()))?;
    let verifying_key = decode_verifying_key(&file.signing_key)
        .ok_or_else(|| bad("`signing_key` is not a gundosig1… key".into()))?;
    Ok(Reviewer {
        name: file.name,
        recipient,
        verifying_key,
        demo: file.demo,
    })
}

/// Loads every `*.pub` in `dir`. Refuses an unreadable directory, an empty
/// one, a malformed file, any secret key, and (unless `allow_demo`) the demo key.
pub fn load_reviewers(dir: &Path, allow_demo: bool) -> Result<Vec<Reviewer>, KeysError> {
    let unreadable = |source| KeysError::UnreadableDir {
        path: dir.to_owned(),
        source,
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(unreadable)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(unreadable)?;
    paths.sort();
    let mut reviewers = Vec::new();
    for path in paths {
        if !path.is_file() {
            continue;
        }
        let io = |source| KeysError::Io {
            path: path.clone(),
            source,
        };
        let bytes = std::fs::read(&path).map_err(io)?;
        if contains_secret_key(&bytes) {
            return Err(KeysError::SecretInKeysDir(path));
        }
        if path.extension().is_some_and(|e| e == "pub") {
            let text = String::from_utf8(bytes).map_err(|_| KeysError::BadPublicFile {
                path: path.clone(),
                reason: "not UTF-8 text".into(),
            })?;
            let reviewer = parse_public_file(&path, &text)?;
            if reviewer.demo && !allow_demo {
                return Err(KeysError::DemoKey(path));
            }
            reviewers.push(reviewer);
        }
    }
    if reviewers.is_empty() {
        return Err(KeysError::NoReviewers(dir.to_owned()));
    }
    Ok(reviewers)
}

fn contains_secret_key(bytes: &[u8]) -> bool {
    let needle = SECRET_KEY_PREFIX.as_bytes();
    bytes
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// The age recipients of a set of reviewers.
pub fn recipients(reviewers: &[Reviewer]) -> Vec<RecipientKey> {
    reviewers.iter().map(|r| r.recipient.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pass(s: &str) -> SecretString {
        SecretString::from(s.to_owned())
    }

    #[test]
    fn keygen_writes_a_standard_identity_and_a_public_file() {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("amina.key");
        let identity = ReviewerIdentity::generate();
        let pub_path = write_keypair(&identity, &key, None).unwrap();
        assert_eq!(pub_path, dir.path().join("amina.pub"));

        let text = std::fs::read_to_string(&key).unwrap();
        assert!(text.lines().any(|l| l.starts_with("AGE-SECRET-KEY-1")));
        // age's own parser reads it as a standard identity file.
        let parsed = age::IdentityFile::from_buffer(text.as_bytes()).unwrap();
        assert_eq!(parsed.into_identities().unwrap().len(), 1);

        let mode = std::os::unix::fs::PermissionsExt::mode(
            &std::fs::metadata(&key).unwrap().permissions(),
        );
        assert_eq!(mode & 0o777, 0o600);

        let reviewers = load_reviewers(dir.path(), false);
        // The .key sits beside the .pub here: the loader must refuse that directory.
        assert!(matches!(reviewers, Err(KeysError::SecretInKeysDir(_))));

        let keys_dir = tempfile::tempdir().unwrap();
        std::fs::copy(&pub_path, keys_dir.path().join("amina.pub")).unwrap();
        let reviewers = load_reviewers(keys_dir.path(), false).unwrap();
        assert_eq!(reviewers.len(), 1);
        assert_eq!(reviewers[0].name, "amina");
        assert_eq!(
            reviewers[0].recipient.to_string(),
            identity.age_identity().to_public().to_string()
        );
        assert_eq!(
            reviewers[0].verifying_key,
            identity.signing_key().verifying_key()
        );

        let again = ReviewerIdentity::read(&key, None).unwrap();
        assert_eq!(
            again.signing_key().to_bytes(),
            identity.signing_key().to_bytes()
        );
    }

    #[test]
    fn passphrase_protected_identity_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("b.key");
        let identity = ReviewerIdentity::generate();
        write_keypair(&identity, &key, Some(pass("correct horse"))).unwrap();
        let text = std::fs::read_to_string(&key).unwrap();
        assert!(text.starts_with("-----BEGIN AGE ENCRYPTED FILE-----"));
        assert!(!text.contains("AGE-SECRET-KEY"));
        assert!(matches!(
            ReviewerIdentity::read(&key, None),
            Err(KeysError::NeedsPassphrase(_))
        ));
        assert!(matches!(
            ReviewerIdentity::read(&key, Some(pass("wrong"))),
            Err(KeysError::WrongPassphrase(_))
        ));
        let read = ReviewerIdentity::read(&key, Some(pass("correct horse"))).unwrap();
        assert_eq!(
            read.age_identity().to_public().to_string(),
            identity.age_identity().to_public().to_string()
        );
    }

    /// A plugin identity line for a plugin no machine has.
    fn absent_plugin_line() -> String {
        age::plugin::Identity::default_for_plugin("gundo-absent-unit")
            .unwrap()
            .to_string()
    }

    #[test]
    fn plugin_identities_open_but_never_sign() {
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("hw.key");
        std::fs::write(&plain, format!("# yubikey\n{}\n", absent_plugin_line())).unwrap();
        // The plugin is resolved when the file is read, so a missing one is named at once.
        match ReviewerKey::read(&plain, None, &age::NoCallbacks) {
            Err(KeysError::MissingPlugin { binary }) => {
                assert_eq!(binary, "age-plugin-gundo-absent-unit");
            }
            _ => panic!("expected MissingPlugin"),
        }
        let err = ReviewerIdentity::read(&plain, None).err().unwrap();
        assert!(matches!(err, KeysError::CannotSign { .. }));
        assert!(err.to_string().contains("`gundo keygen`"));

        // Passphrase-protected like a gundo key: the plugin line is found inside.
        let wrapped = dir.path().join("wrapped.key");
        let text = format!("{}\n", absent_plugin_line());
        let sealed = encrypt_with_passphrase(text.as_bytes(), pass("pin")).unwrap();
        std::fs::write(&wrapped, &*sealed).unwrap();
        assert!(matches!(
            ReviewerKey::read(&wrapped, None, &age::NoCallbacks),
            Err(KeysError::NeedsPassphrase(_))
        ));
        assert!(matches!(
            ReviewerKey::read(&wrapped, Some(pass("pin")), &age::NoCallbacks),
            Err(KeysError::MissingPlugin { .. })
        ));

        // Beside a native key, the native key wins: it is the one that signs.
        let both = dir.path().join("both.key");
        let native = age::x25519::Identity::generate();
        std::fs::write(
            &both,
            format!(
                "{}\n{}\n",
                absent_plugin_line(),
                native.to_string().expose_secret()
            ),
        )
        .unwrap();
        let key = ReviewerKey::read(&both, None, &age::NoCallbacks).unwrap();
        assert!(!key.is_plugin());
        assert!(key.plugin_failure().is_none());
        assert_eq!(
            key.signing_identity()
                .unwrap()
                .age_identity()
                .to_public()
                .to_string(),
            native.to_public().to_string()
        );

        let nothing = dir.path().join("nothing.key");
        std::fs::write(&nothing, "# nothing here\n").unwrap();
        assert!(matches!(
            ReviewerKey::read(&nothing, None, &age::NoCallbacks),
            Err(KeysError::NoIdentity(_))
        ));
    }

    #[test]
    fn plugin_failures_read_as_one_line() {
        assert_eq!(
            one_line("'\u{2068}age-plugin-x\u{2069}' couldn't use an identity:\n PIN\tblocked\r\n"),
            "'age-plugin-x' couldn't use an identity: PIN blocked"
        );
    }

    #[test]
    fn keygen_refuses_to_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("c.key");
        write_keypair(&ReviewerIdentity::generate(), &key, None).unwrap();
        let before = std::fs::read(&key).unwrap();
        let err = write_keypair(&ReviewerIdentity::generate(), &key, None).unwrap_err();
        assert!(matches!(err, KeysError::Exists(_)));
        assert_eq!(std::fs::read(&key).unwrap(), before);
        // A stray .pub alone also blocks.
        std::fs::write(dir.path().join("d.pub"), "x").unwrap();
        assert!(matches!(
            write_keypair(
                &ReviewerIdentity::generate(),
                &dir.path().join("d.key"),
                None
            ),
            Err(KeysError::Exists(_))
        ));
        assert!(!dir.path().join("d.key").exists());
    }

    #[test]
    fn loader_refuses_empty_missing_bad_and_demo() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            load_reviewers(dir.path(), false),
            Err(KeysError::NoReviewers(_))
        ));
        assert!(matches!(
            load_reviewers(&dir.path().join("nope"), false),
            Err(KeysError::UnreadableDir { .. })
        ));
        std::fs::write(
            dir.path().join("x.pub"),
            "name = \"x\"\nrecipient = \"age1nope\"\nsigning_key = \"q\"\n",
        )
        .unwrap();
        assert!(matches!(
            load_reviewers(dir.path(), false),
            Err(KeysError::BadPublicFile { .. })
        ));
        std::fs::remove_file(dir.path().join("x.pub")).unwrap();

        let demo = ReviewerIdentity::generate_demo().to_reviewer("demo-reviewer");
        std::fs::write(
            dir.path().join("demo-reviewer.pub"),
            public_file_text(&demo),
        )
        .unwrap();
        assert!(matches!(
            load_reviewers(dir.path(), false),
            Err(KeysError::DemoKey(_))
        ));
        assert_eq!(load_reviewers(dir.path(), true).unwrap().len(), 1);
    }

    #[test]
    fn names_are_checked() {
        assert_eq!(reviewer_name(Path::new("/a/amina.key")).unwrap(), "amina");
        assert!(reviewer_name(Path::new("/a/we ird.key")).is_err());
        assert!(reviewer_name(Path::new("/a/.key")).is_err());
    }

    #[test]
    fn fingerprint_is_stable_and_short() {
        let r = ReviewerIdentity::generate().to_reviewer("a");
        assert_eq!(r.fingerprint(), r.fingerprint());
        assert_eq!(r.fingerprint().len(), 19);
    }
}
