//! Reviewer keys: the secret identity a reviewer keeps offline, and the public
//! file the server seals to.
//!
//! A reviewer has **one secret file**, `NAME.key`: a standard age identity
//! file, optionally passphrase-protected with age's scrypt recipient, so
//! stock age reads what gundo seals. The identity is one of two kinds
//! ([`NativeIdentity`]):
//!
//! * **post-quantum** (`gundo keygen`, the default): age's hybrid
//!   `mlkem768x25519` type ([`pq`]; `AGE-SECRET-KEY-PQ-1…` / `age1pq1…`),
//!   read by Go age ≥ 1.3 and typage ≥ 0.3;
//! * **classic** (`gundo keygen --classic`): age's X25519 type
//!   (`AGE-SECRET-KEY-1…` / `age1…`), read by every age, Debian's 1.1.1 too.
//!
//! The reviewer's ed25519 **signing key** (for outbox bundles) is derived
//! from the identity's 32-byte secret with HKDF, under a label of its own for
//! each kind, so there is nothing else to keep safe.
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
//! directory holding any file that holds or may hold one (a secret key line,
//! a plugin identity, an age-encrypted file such as a passphrase-protected
//! `NAME.key`, or anything else that is not a `NAME.pub` it understands).
//!
//! Which keys a file is sealed to is [`sealing_set`]'s choice: the
//! post-quantum ones if there is any, never a mix (see there).

pub mod pq;

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
/// What every age secret key starts with, classic or post-quantum.
const ANY_SECRET_KEY_PREFIX: &str = "AGE-SECRET-KEY-";
/// The line an age plugin identity starts with.
const PLUGIN_IDENTITY_PREFIX: &str = "AGE-PLUGIN-";
/// Human-readable part of a Bech32-encoded reviewer signing (verifying) key.
const SIGNING_KEY_HRP: &str = "gundosig";
/// HKDF label separating the signing key from the age key it is derived from.
const SIGNING_KEY_LABEL: &[u8] = b"gundo reviewer signing key v1";
/// The same for a post-quantum identity's seed: another kind, another label.
const PQ_SIGNING_KEY_LABEL: &[u8] = b"gundo reviewer signing key mlkem768x25519 v1";
/// Marks the throw-away demo key, which a real server refuses.
const DEMO_MARK: &str = "# DEMO KEY";
/// Identities published as test vectors (the age spec's example, the age
/// test kit's two keys; see `keys/TEST-ONLY-*`): anyone can read what is
/// sealed to them, so a `NAME.pub` holding one of their recipients is refused.
const PUBLISHED_TEST_IDENTITIES: [&str; 3] = [
    "AGE-SECRET-KEY-PQ-1XX76JRALNLXDMEW0CRK45QMCCH4X06SE84UN3VPM33W6HWDX0H3SK3ZQFR",
    "AGE-SECRET-KEY-PQ-1HZLGZUPT4ETPKDEV8HSGFDCYZ4E522W0A7PU2LHT8EH9W6YLNC3SW78XKG",
    "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0",
];

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
    /// A hybrid post-quantum age recipient (`age1pq1…`, `mlkem768x25519`).
    Pq(pq::Recipient),
}

impl RecipientKey {
    /// Whether a quantum computer that breaks X25519 still cannot open what
    /// is sealed to this key.
    pub fn is_post_quantum(&self) -> bool {
        matches!(self, Self::Pq(_))
    }
}

/// Why a recipient string was refused.
#[derive(Debug, thiserror::Error)]
#[error("not an age recipient gundo can seal to (age1pq1… or age1…)")]
pub struct BadRecipient;

impl FromStr for RecipientKey {
    type Err = BadRecipient;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.starts_with(pq::RECIPIENT_PREFIX) {
            return pq::Recipient::from_str(text)
                .map(Self::Pq)
                .map_err(|_| BadRecipient);
        }
        age::x25519::Recipient::from_str(text)
            .map(Self::X25519)
            .map_err(|_| BadRecipient)
    }
}

impl From<pq::Recipient> for RecipientKey {
    fn from(recipient: pq::Recipient) -> Self {
        Self::Pq(recipient)
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
            Self::Pq(recipient) => recipient.fmt(f),
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
            Self::Pq(recipient) => recipient.wrap_file_key(file_key),
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

/// An age identity gundo makes and reads natively: classic X25519 or hybrid
/// post-quantum. Wiped on drop; `Debug` is redacted.
pub enum NativeIdentity {
    /// `AGE-SECRET-KEY-1…`.
    X25519(age::x25519::Identity),
    /// `AGE-SECRET-KEY-PQ-1…` (`mlkem768x25519`).
    Pq(pq::Identity),
}

impl NativeIdentity {
    /// The recipient to seal to.
    pub fn to_public(&self) -> RecipientKey {
        match self {
            Self::X25519(identity) => RecipientKey::X25519(identity.to_public()),
            Self::Pq(identity) => RecipientKey::Pq(identity.to_public()),
        }
    }

    /// Whether this is a post-quantum identity.
    pub fn is_post_quantum(&self) -> bool {
        matches!(self, Self::Pq(_))
    }

    /// The identity line as age writes it.
    pub fn to_string(&self) -> SecretString {
        match self {
            Self::X25519(identity) => identity.to_string(),
            Self::Pq(identity) => identity.to_string(),
        }
    }

    /// Parses one identity line of either kind.
    fn from_line(line: &str) -> Option<Self> {
        if line.starts_with(pq::IDENTITY_PREFIX) {
            return pq::Identity::from_str(line).ok().map(Self::Pq);
        }
        if line.starts_with(SECRET_KEY_PREFIX) {
            return age::x25519::Identity::from_str(line).ok().map(Self::X25519);
        }
        None
    }
}

impl std::fmt::Debug for NativeIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::X25519(_) => "NativeIdentity::X25519(<redacted>)",
            Self::Pq(_) => "NativeIdentity::Pq(<redacted>)",
        })
    }
}

impl age::Identity for NativeIdentity {
    fn unwrap_stanza(
        &self,
        stanza: &age_core::format::Stanza,
    ) -> Option<Result<age_core::format::FileKey, age::DecryptError>> {
        match self {
            Self::X25519(identity) => identity.unwrap_stanza(stanza),
            Self::Pq(identity) => identity.unwrap_stanza(stanza),
        }
    }

    fn unwrap_stanzas(
        &self,
        stanzas: &[age_core::format::Stanza],
    ) -> Option<Result<age_core::format::FileKey, age::DecryptError>> {
        match self {
            Self::X25519(identity) => identity.unwrap_stanzas(stanzas),
            Self::Pq(identity) => identity.unwrap_stanzas(stanzas),
        }
    }
}

/// A reviewer's secret identity: the age key and the signing key derived from it.
pub struct ReviewerIdentity {
    identity: NativeIdentity,
    signing_key: ed25519_dalek::SigningKey,
    demo: bool,
}

/// What a reviewer's identity file holds: a key that opens bundles and signs
/// outboxes, or plugin identities that only open bundles.
pub enum ReviewerKey {
    /// An age X25519 or post-quantum key (from `gundo keygen`), with its derived signing key.
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
    #[error(
        "no reviewer key in {}: copy a reviewer's NAME.pub (from `gundo keygen`) there{}",
        .dir.display(),
        secrets_note(.secrets)
    )]
    NoReviewers {
        /// The directory.
        dir: PathBuf,
        /// Files found there that hold or may hold a secret.
        secrets: Vec<PathBuf>,
    },
    /// A `*.pub` file is not what `gundo keygen` writes.
    #[error("{path} is not a gundo reviewer public key: {reason}")]
    BadPublicFile {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// A secret key, or a file that may hold one, sits where only public keys belong.
    #[error(
        "{} {kind}: remove it from the keys directory at once and treat that key as exposed (the server must only hold NAME.pub files)",
        .path.display()
    )]
    SecretInKeysDir {
        /// The file.
        path: PathBuf,
        /// What it is.
        kind: SecretKind,
    },
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
    #[error("{0} holds no age identity (AGE-SECRET-KEY-PQ-1…, AGE-SECRET-KEY-1… or AGE-PLUGIN-…)")]
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

/// The end of the "no reviewer key" message: the secret files found instead.
fn secrets_note(secrets: &[PathBuf]) -> String {
    if secrets.is_empty() {
        return String::new();
    }
    let names: Vec<String> = secrets.iter().map(|p| p.display().to_string()).collect();
    format!(
        "; found instead {}, which {} or may hold a SECRET key: remove {} and treat {} as exposed",
        names.join(", "),
        if names.len() == 1 { "holds" } else { "hold" },
        if names.len() == 1 { "it" } else { "them" },
        if names.len() == 1 {
            "that key"
        } else {
            "those keys"
        },
    )
}

impl ReviewerIdentity {
    /// Makes a fresh classic (X25519) identity from the OS random generator.
    pub fn generate() -> Self {
        Self::from_age_identity(
            NativeIdentity::X25519(age::x25519::Identity::generate()),
            false,
        )
    }

    /// Makes a fresh post-quantum (`mlkem768x25519`) identity.
    pub fn generate_pq() -> Self {
        Self::from_age_identity(NativeIdentity::Pq(pq::Identity::generate()), false)
    }

    /// Makes the throw-away demo identity: classic, so that the demo's
    /// instructions work with any stock age (Debian's 1.1.1 has no PQ).
    pub fn generate_demo() -> Self {
        Self::from_age_identity(
            NativeIdentity::X25519(age::x25519::Identity::generate()),
            true,
        )
    }

    fn from_age_identity(identity: NativeIdentity, demo: bool) -> Self {
        let signing_key = derive_signing_key(&identity);
        Self {
            identity,
            signing_key,
            demo,
        }
    }

    /// The age identity (to decrypt).
    pub fn age_identity(&self) -> &NativeIdentity {
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
            recipient: self.identity.to_public(),
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
        if self.identity.is_post_quantum() {
            text.push_str(
                "\n# post-quantum (mlkem768x25519): read by gundo, Go age >= 1.3 and typage >= 0.3;\n# not by Debian's age 1.1.1 or rage",
            );
        }
        text.push_str("\n# public key: ");
        text.push_str(&self.identity.to_public().to_string());
        text.push('\n');
        text.push_str(self.identity.to_string().expose_secret());
        text.push('\n');
        text
    }

    /// Reads an identity file written by [`write_keypair`] (or any age
    /// identity file with an X25519 or `mlkem768x25519` key), decrypting it with `passphrase` if it is
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

    /// The first X25519 or post-quantum secret key in an identity file's
    /// text, if any.
    fn from_text(text: &str) -> Option<Self> {
        let demo = text.lines().any(|l| l.starts_with(DEMO_MARK));
        let identity = text
            .lines()
            .map(str::trim)
            .find_map(NativeIdentity::from_line)?;
        Some(Self::from_age_identity(identity, demo))
    }
}

impl ReviewerKey {
    /// Reads an identity file: an age X25519 or post-quantum key as [`ReviewerIdentity::read`]
    /// does, or else the age plugin identities in it (`AGE-PLUGIN-…`, the file
    /// possibly passphrase-protected the same way). A plugin must be on `PATH`
    /// now; `callbacks` carry its questions (PIN, touch…) to the reviewer.
    /// A native key wins over plugin lines in the same file: it is the one
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

/// Derives the reviewer's ed25519 signing key from the age identity's
/// 32-byte secret (the X25519 scalar, or the post-quantum seed), each kind
/// under its own HKDF label.
fn derive_signing_key(identity: &NativeIdentity) -> ed25519_dalek::SigningKey {
    let mut seed = Zeroizing::new([0u8; 32]);
    match identity {
        NativeIdentity::X25519(identity) => {
            let encoded = identity.to_string();
            let (_, secret) = bech32::decode(encoded.expose_secret())
                .expect("an age identity always renders as valid Bech32");
            let secret = Zeroizing::new(secret);
            Hkdf::<Sha256>::new(None, &secret)
                .expand(SIGNING_KEY_LABEL, seed.as_mut())
                .expect("32 bytes is a valid HKDF-SHA256 output length");
        }
        NativeIdentity::Pq(identity) => {
            Hkdf::<Sha256>::new(None, identity.seed())
                .expand(PQ_SIGNING_KEY_LABEL, seed.as_mut())
                .expect("32 bytes is a valid HKDF-SHA256 output length");
        }
    }
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
        .map_err(|_| bad("`recipient` is not an age recipient (age1pq1… or age1…)".into()))?;
    if is_published_test_key(&recipient) {
        return Err(bad(
            "`recipient` is a published TEST key (keys/TEST-ONLY-…): anyone can read what is sealed to it".into(),
        ));
    }
    let verifying_key = decode_verifying_key(&file.signing_key)
        .ok_or_else(|| bad("`signing_key` is not a gundosig1… key".into()))?;
    Ok(Reviewer {
        name: file.name,
        recipient,
        verifying_key,
        demo: file.demo,
    })
}

/// Why a file may not stay in the keys directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecretKind {
    /// An age secret key line, classic or post-quantum (`AGE-SECRET-KEY-…`).
    SecretKey,
    /// An age plugin identity (`AGE-PLUGIN-…`).
    PluginIdentity,
    /// An age-encrypted file, binary or armored: e.g. a passphrase-protected
    /// `NAME.key`, which is a secret key however strong the passphrase.
    AgeEncrypted,
    /// Any other file that is not a `NAME.pub`: the server cannot tell what it holds.
    NotPublic,
}

impl std::fmt::Display for SecretKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::SecretKey => "holds a SECRET key (AGE-SECRET-KEY-…)",
            Self::PluginIdentity => "holds an age plugin identity (AGE-PLUGIN-…)",
            Self::AgeEncrypted => {
                "is an age-encrypted file, such as a passphrase-protected SECRET key (NAME.key)"
            }
            Self::NotPublic => "is not a reviewer public key (NAME.pub) and may hold a secret",
        })
    }
}

/// What a file in the keys directory is: a reviewer, or an error saying why
/// it may not be there. The same verdict for `serve` and `check`.
pub fn inspect_key_file(path: &Path, bytes: &[u8]) -> Result<Reviewer, KeysError> {
    if let Some(kind) = secret_kind(path, bytes) {
        return Err(KeysError::SecretInKeysDir {
            path: path.to_owned(),
            kind,
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|_| KeysError::BadPublicFile {
        path: path.to_owned(),
        reason: "not UTF-8 text".into(),
    })?;
    parse_public_file(path, text)
}

/// Whether a keys-directory file holds or may hold a secret, and why.
fn secret_kind(path: &Path, bytes: &[u8]) -> Option<SecretKind> {
    let contains = |needle: &str| {
        bytes
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
    };
    if contains(ANY_SECRET_KEY_PREFIX) {
        Some(SecretKind::SecretKey)
    } else if contains(PLUGIN_IDENTITY_PREFIX) {
        Some(SecretKind::PluginIdentity)
    } else if contains("age-encryption.org/") || contains("-----BEGIN AGE ENCRYPTED FILE-----") {
        Some(SecretKind::AgeEncrypted)
    } else if path.extension().is_none_or(|e| e != "pub") {
        Some(SecretKind::NotPublic)
    } else {
        None
    }
}

/// Whether `recipient` belongs to a published test identity.
fn is_published_test_key(recipient: &RecipientKey) -> bool {
    PUBLISHED_TEST_IDENTITIES
        .iter()
        .filter_map(|line| NativeIdentity::from_line(line))
        .any(|identity| identity.to_public() == *recipient)
}

/// Loads every `*.pub` in `dir`. Refuses an unreadable directory, one with
/// no reviewer, a malformed file, any file that holds or may hold a secret,
/// and (unless `allow_demo`) the demo key.
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
    let mut secrets = Vec::new();
    let mut first_error = None;
    for path in paths {
        if !path.is_file() {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|source| KeysError::Io {
            path: path.clone(),
            source,
        })?;
        match inspect_key_file(&path, &bytes) {
            Ok(reviewer) if reviewer.demo && !allow_demo => {
                first_error.get_or_insert(KeysError::DemoKey(path));
            }
            Ok(reviewer) => reviewers.push(reviewer),
            Err(KeysError::SecretInKeysDir { path, kind }) => secrets.push((path, kind)),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    if reviewers.is_empty() && first_error.is_none() {
        return Err(KeysError::NoReviewers {
            dir: dir.to_owned(),
            secrets: secrets.into_iter().map(|(path, _)| path).collect(),
        });
    }
    if let Some((path, kind)) = secrets.into_iter().next() {
        return Err(KeysError::SecretInKeysDir { path, kind });
    }
    match first_error {
        Some(e) => Err(e),
        None => Ok(reviewers),
    }
}

/// The age recipients every file for the reviewers is sealed to: the
/// [`sealing_set`] (post-quantum keys only, as soon as there is one).
pub fn recipients(reviewers: &[Reviewer]) -> Vec<RecipientKey> {
    sealing_set(reviewers).0
}

/// Which reviewer keys a file is sealed to, and which reviewers are left out.
///
/// The age spec says a file sealed to an `mlkem768x25519` recipient SHOULD
/// NOT also be sealed to a classic one (the classic stanza would let a
/// quantum computer read it), and Go age ≥ 1.3 refuses such a mix ("can't
/// mix post-quantum and classic recipients"), as the age crate does through
/// the `postquantum` label. So gundo never weakens a file to reach everyone:
///
/// * every key post-quantum, or none: all of them;
/// * a mix: the post-quantum keys only; the classic reviewers are returned
///   as left out (they read nothing new until they have a PQ key).
pub fn sealing_set(reviewers: &[Reviewer]) -> (Vec<RecipientKey>, Vec<&Reviewer>) {
    let (chosen, left_out) = choose_post_quantum(reviewers, |r| &r.recipient);
    (
        chosen.into_iter().map(|r| r.recipient.clone()).collect(),
        left_out,
    )
}

/// The same choice for a backup: reviewers and the operator's
/// `backup_recipients` together. Returns the recipients and the names of
/// what is left out (reviewer names, then `backup_recipients[i]`).
pub fn backup_sealing_set(
    reviewers: &[Reviewer],
    backup: &[RecipientKey],
) -> (Vec<RecipientKey>, Vec<String>) {
    let all: Vec<(String, &RecipientKey)> = reviewers
        .iter()
        .map(|r| (r.name.clone(), &r.recipient))
        .chain(
            backup
                .iter()
                .enumerate()
                .map(|(i, key)| (format!("backup_recipients[{i}]"), key)),
        )
        .collect();
    let (chosen, left_out) = choose_post_quantum(&all, |(_, key)| key);
    (
        chosen.into_iter().map(|(_, key)| (*key).clone()).collect(),
        left_out.into_iter().map(|(name, _)| name.clone()).collect(),
    )
}

/// The post-quantum items if there is any, else all; and the rest.
fn choose_post_quantum<T>(items: &[T], key: impl Fn(&T) -> &RecipientKey) -> (Vec<&T>, Vec<&T>) {
    if items.iter().any(|item| key(item).is_post_quantum()) {
        items.iter().partition(|item| key(item).is_post_quantum())
    } else {
        (items.iter().collect(), Vec::new())
    }
}

/// A recipient of a reply, as [`reply_recipients`] chose it.
#[derive(Clone, Debug)]
pub struct ReplyRecipient {
    key: RecipientKey,
    /// Declare the classic label set whatever the key's kind (see
    /// [`reply_recipients`] for the one case where this is set).
    as_classic: bool,
}

impl age::Recipient for ReplyRecipient {
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
        let (stanzas, labels) = self.key.wrap_file_key(file_key)?;
        if self.as_classic {
            Ok((stanzas, std::collections::HashSet::new()))
        } else {
            Ok((stanzas, labels))
        }
    }
}

/// The recipients of a reply: the thread's reply key and the reviewers'.
///
/// * A **post-quantum** thread (opened while the reviewers' keys were
///   post-quantum): the reviewers' post-quantum keys only, never weakened by
///   a classic one.
/// * A **classic** thread (opened before the reviewers moved to
///   post-quantum keys): its X25519 reply key is all the submitter's receipt
///   derives, so the reply can be no stronger than X25519 whatever else it
///   is sealed to. It is sealed to that key and to every reviewer in one
///   file, which is exactly as strong as that single X25519 stanza: adding
///   the reviewers' post-quantum stanzas weakens nothing. age's encryptor
///   refuses such a mix by label, so here (and only here) the stanzas are
///   declared with the classic label set, the truth about this file.
pub fn reply_recipients(
    thread: RecipientKey,
    reviewers: Vec<RecipientKey>,
) -> (ReplyRecipient, Vec<ReplyRecipient>) {
    let classic_thread = !thread.is_post_quantum();
    let reviewers = reviewers
        .into_iter()
        .filter(|key| classic_thread || key.is_post_quantum())
        .map(|key| ReplyRecipient {
            key,
            as_classic: classic_thread,
        })
        .collect();
    (
        ReplyRecipient {
            key: thread,
            as_classic: classic_thread,
        },
        reviewers,
    )
}

/// One line for the operator about what new files are sealed to, or `None`
/// when every key (reviewers' and backup keys) is post-quantum: which keys
/// still need replacing, or that new tips are not post-quantum at all.
pub fn sealing_notice(reviewers: &[Reviewer], backup: &[RecipientKey]) -> Option<String> {
    if !reviewers.iter().any(|r| r.recipient.is_post_quantum()) {
        let backups = if backup.iter().any(RecipientKey::is_post_quantum) {
            " (backups go to the post-quantum backup key only)"
        } else {
            ""
        };
        return Some(format!(
            "no reviewer key is post-quantum: new tips are sealed with X25519 only, which a future quantum computer could open{backups}; each reviewer runs `gundo keygen --pq` and hands over the new NAME.pub"
        ));
    }
    let (_, left_out) = backup_sealing_set(reviewers, backup);
    if left_out.is_empty() {
        return None;
    }
    let one = left_out.len() == 1;
    Some(format!(
        "sealing to post-quantum keys only: {} still {} a classic key and can read nothing new until {} replaced (`gundo keygen --pq`, then the new NAME.pub into the keys directory; for a backup key, its age1pq1… recipient in backup_recipients)",
        left_out.join(", "),
        if one { "has" } else { "have" },
        if one { "it is" } else { "they are" },
    ))
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
        assert!(matches!(reviewers, Err(KeysError::SecretInKeysDir { .. })));

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
            Err(KeysError::NoReviewers { .. })
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
    fn post_quantum_keygen_round_trips_and_signs_under_its_own_label() {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("pq.key");
        let identity = ReviewerIdentity::generate_pq();
        let pub_path = write_keypair(&identity, &key, Some(pass("long phrase"))).unwrap();
        let text = std::fs::read_to_string(&key).unwrap();
        assert!(text.starts_with("-----BEGIN AGE ENCRYPTED FILE-----"));
        let read = ReviewerIdentity::read(&key, Some(pass("long phrase"))).unwrap();
        assert!(read.age_identity().is_post_quantum());
        assert_eq!(
            read.age_identity().to_public(),
            identity.age_identity().to_public()
        );
        assert_eq!(
            read.signing_key().to_bytes(),
            identity.signing_key().to_bytes()
        );
        let public = std::fs::read_to_string(&pub_path).unwrap();
        let reviewer = parse_public_file(&pub_path, &public).unwrap();
        assert!(reviewer.recipient.is_post_quantum());
        assert!(reviewer.recipient.to_string().starts_with("age1pq1"));
        assert_eq!(
            reviewer.verifying_key,
            identity.signing_key().verifying_key()
        );

        // The same 32 secret bytes as a classic key give another signing key.
        let NativeIdentity::Pq(pq) = identity.age_identity() else {
            panic!("post-quantum")
        };
        let hrp = bech32::Hrp::parse("age-secret-key-").unwrap();
        let classic_text = bech32::encode_upper::<bech32::Bech32>(hrp, pq.seed()).unwrap();
        let classic = NativeIdentity::X25519(classic_text.parse().unwrap());
        assert_ne!(
            derive_signing_key(&classic).to_bytes(),
            identity.signing_key().to_bytes()
        );

        // Unencrypted, through the plugin-aware reader too.
        let plain = dir.path().join("plain.key");
        write_keypair(&ReviewerIdentity::generate_pq(), &plain, None).unwrap();
        let key = ReviewerKey::read(&plain, None, &age::NoCallbacks).unwrap();
        assert!(
            key.signing_identity()
                .unwrap()
                .age_identity()
                .is_post_quantum()
        );
        let text = std::fs::read_to_string(&plain).unwrap();
        assert!(text.lines().any(|l| l.starts_with("AGE-SECRET-KEY-PQ-1")));
    }

    #[test]
    fn recipient_keys_parse_both_kinds() {
        let pq = pq::Identity::generate().to_public().to_string();
        let classic = age::x25519::Identity::generate().to_public().to_string();
        assert!(RecipientKey::from_str(&pq).unwrap().is_post_quantum());
        assert!(!RecipientKey::from_str(&classic).unwrap().is_post_quantum());
        assert_eq!(RecipientKey::from_str(&pq).unwrap().to_string(), pq);
        assert!(RecipientKey::from_str(&pq[..pq.len() - 1]).is_err());
        assert!(RecipientKey::from_str("age1pq1").is_err());
    }

    fn reviewer(name: &str, post_quantum: bool) -> Reviewer {
        let identity = if post_quantum {
            ReviewerIdentity::generate_pq()
        } else {
            ReviewerIdentity::generate()
        };
        identity.to_reviewer(name)
    }

    fn names<'a>(reviewers: &[&'a Reviewer]) -> Vec<&'a str> {
        reviewers.iter().map(|r| r.name.as_str()).collect()
    }

    #[test]
    fn the_sealing_set_never_mixes_and_never_weakens() {
        let all_pq = [reviewer("a", true), reviewer("b", true)];
        let (keys, left) = sealing_set(&all_pq);
        assert_eq!(keys.len(), 2);
        assert!(keys.iter().all(RecipientKey::is_post_quantum));
        assert!(left.is_empty());
        assert_eq!(sealing_notice(&all_pq, &[]), None);

        let none_pq = [reviewer("a", false), reviewer("b", false)];
        let (keys, left) = sealing_set(&none_pq);
        assert_eq!(keys.len(), 2);
        assert!(left.is_empty());
        let notice = sealing_notice(&none_pq, &[]).unwrap();
        assert!(
            notice.contains("no reviewer key is post-quantum"),
            "{notice}"
        );
        assert!(notice.contains("gundo keygen --pq"));

        let mixed = [
            reviewer("amina", false),
            reviewer("binta", true),
            reviewer("cheick", false),
        ];
        let (keys, left) = sealing_set(&mixed);
        assert_eq!(keys, vec![mixed[1].recipient.clone()]);
        assert_eq!(names(&left), ["amina", "cheick"]);
        assert_eq!(recipients(&mixed), keys);
        let notice = sealing_notice(&mixed, &[]).unwrap();
        assert!(
            notice.contains("amina, cheick still have a classic key"),
            "{notice}"
        );
        assert!(!notice.contains('\n'));

        // The set seals: age accepts it (a mix would be refused).
        let sealed = crate::reply::seal_reply("x", &keys[0], &keys);
        assert!(sealed.is_ok());
    }

    #[test]
    fn backups_follow_the_same_rule_with_backup_keys() {
        let classic_backup: RecipientKey = age::x25519::Identity::generate().to_public().into();
        let pq_backup: RecipientKey = pq::Identity::generate().to_public().into();
        let pq_reviewers = [reviewer("amina", true)];
        let (keys, left) = backup_sealing_set(&pq_reviewers, std::slice::from_ref(&classic_backup));
        assert_eq!(keys, vec![pq_reviewers[0].recipient.clone()]);
        assert_eq!(left, ["backup_recipients[0]"]);
        let notice = sealing_notice(&pq_reviewers, std::slice::from_ref(&classic_backup)).unwrap();
        assert!(
            notice.contains("backup_recipients[0] still has a classic key"),
            "{notice}"
        );

        let (keys, left) = backup_sealing_set(&pq_reviewers, std::slice::from_ref(&pq_backup));
        assert_eq!(keys.len(), 2);
        assert!(left.is_empty());
        assert_eq!(
            sealing_notice(&pq_reviewers, std::slice::from_ref(&pq_backup)),
            None
        );

        // Classic reviewers and a PQ backup key: tips stay classic (no
        // choice), the backup goes to the PQ key alone.
        let classic_reviewers = [reviewer("amina", false)];
        let (keys, left) = backup_sealing_set(&classic_reviewers, std::slice::from_ref(&pq_backup));
        assert_eq!(keys, vec![pq_backup.clone()]);
        assert_eq!(left, ["amina"]);
        let notice = sealing_notice(&classic_reviewers, &[pq_backup]).unwrap();
        assert!(notice.contains("backups go to the post-quantum backup key only"));
    }

    #[test]
    fn anything_that_may_hold_a_secret_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let work = tempfile::tempdir().unwrap();
        write_keypair(
            &ReviewerIdentity::generate_pq(),
            &work.path().join("amina.key"),
            Some(pass("phrase")),
        )
        .unwrap();
        std::fs::copy(work.path().join("amina.pub"), dir.path().join("amina.pub")).unwrap();
        assert_eq!(load_reviewers(dir.path(), false).unwrap().len(), 1);

        let binary = {
            let mut out = Vec::new();
            let mut w = age::Encryptor::with_user_passphrase(pass("p"))
                .wrap_output(&mut out)
                .unwrap();
            w.write_all(b"AGE-SECRET-KEY-1...").unwrap();
            w.finish().unwrap();
            out
        };
        let pq_line = pq::Identity::generate()
            .to_string()
            .expose_secret()
            .to_owned();
        let cases: [(&str, Vec<u8>, SecretKind); 6] = [
            (
                "amina.key",
                std::fs::read(work.path().join("amina.key")).unwrap(),
                SecretKind::AgeEncrypted,
            ),
            ("binary.age", binary, SecretKind::AgeEncrypted),
            ("pq.pub", pq_line.into_bytes(), SecretKind::SecretKey),
            (
                "lower.txt",
                b"age-secret-key-1qqqq".to_vec(),
                SecretKind::SecretKey,
            ),
            (
                "hw.key",
                b"AGE-PLUGIN-YUBIKEY-1XYZ".to_vec(),
                SecretKind::PluginIdentity,
            ),
            ("README", b"hello".to_vec(), SecretKind::NotPublic),
        ];
        for (name, bytes, kind) in cases {
            let path = dir.path().join(name);
            std::fs::write(&path, &bytes).unwrap();
            match load_reviewers(dir.path(), false) {
                Err(KeysError::SecretInKeysDir {
                    path: found,
                    kind: k,
                }) => {
                    assert_eq!(found, path);
                    assert_eq!(k, kind, "{name}");
                }
                other => panic!("{name}: {other:?}"),
            }
            let message = inspect_key_file(&path, &bytes).unwrap_err().to_string();
            assert!(message.contains(name), "{message}");
            assert!(message.contains("treat that key as exposed"), "{message}");
            assert!(!message.contains('\n'));
            std::fs::remove_file(&path).unwrap();
        }

        // Only the secret half was copied: the "no reviewer" error names it.
        std::fs::remove_file(dir.path().join("amina.pub")).unwrap();
        std::fs::copy(work.path().join("amina.key"), dir.path().join("amina.key")).unwrap();
        let err = load_reviewers(dir.path(), false).unwrap_err();
        assert!(matches!(err, KeysError::NoReviewers { ref secrets, .. } if secrets.len() == 1));
        let message = err.to_string();
        assert!(message.contains("no reviewer key"), "{message}");
        assert!(message.contains("amina.key"), "{message}");
        assert!(message.contains("treat that key as exposed"), "{message}");
    }

    #[test]
    fn replies_to_old_classic_threads_stay_readable_and_pq_threads_stay_pq() {
        use crate::reply::{open_reply, seal_reply};
        let reviewer_pq = pq::Identity::generate();
        let reviewer_classic = age::x25519::Identity::generate();
        let reviewers = vec![
            RecipientKey::from(reviewer_pq.to_public()),
            RecipientKey::from(reviewer_classic.to_public()),
        ];

        // An old thread with an X25519 reply key, reviewers now PQ.
        let old_thread = age::x25519::Identity::generate();
        let (to, rs) = reply_recipients(old_thread.to_public().into(), reviewers.clone());
        assert_eq!(rs.len(), 2);
        let sealed = seal_reply("ancien fil", &to, &rs).unwrap();
        for identity in [
            &old_thread as &dyn age::Identity,
            &reviewer_pq,
            &reviewer_classic,
        ] {
            assert_eq!(
                open_reply(identity, &sealed).unwrap().as_str(),
                "ancien fil"
            );
        }

        // A PQ thread: never sealed to the classic reviewer.
        let new_thread = pq::Identity::generate();
        let (to, rs) = reply_recipients(new_thread.to_public().into(), reviewers);
        assert_eq!(rs.len(), 1);
        let (_, labels) =
            age::Recipient::wrap_file_key(&to, &age_core::format::FileKey::new(Box::new([1; 16])))
                .unwrap();
        assert!(labels.contains("postquantum"));
        let sealed = seal_reply("nouveau fil", &to, &rs).unwrap();
        assert!(open_reply(&new_thread, &sealed).is_ok());
        assert!(open_reply(&reviewer_pq, &sealed).is_ok());
        assert!(open_reply(&reviewer_classic, &sealed).is_err());
    }

    #[test]
    fn the_published_test_keys_in_keys_dir_match_and_are_refused_as_reviewers() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let field = |file: &str, name: &str| -> String {
            std::fs::read_to_string(root.join("keys").join(file))
                .unwrap()
                .lines()
                .find_map(|l| l.strip_prefix(&format!("{name}: ")).map(str::to_owned))
                .unwrap()
        };
        let example = field("TEST-ONLY-age-spec-example.pq.txt", "identity");
        let identity = NativeIdentity::from_line(&example).unwrap();
        assert_eq!(
            identity.to_public().to_string(),
            field("TEST-ONLY-age-spec-example.pq.txt", "recipient")
        );
        let testkit = field("TEST-ONLY-age-testkit.pq.txt", "identity");
        let vector = String::from_utf8_lossy(
            &std::fs::read(root.join("tests/data/age-pq/testkit/hybrid")).unwrap(),
        )
        .into_owned();
        assert!(vector.contains(&format!("identity: {testkit}")));
        for line in [example, testkit] {
            assert!(PUBLISHED_TEST_IDENTITIES.contains(&line.as_str()));
            let public = NativeIdentity::from_line(&line).unwrap().to_public();
            assert!(is_published_test_key(&public));
            let text = format!(
                "name = \"t\"\nrecipient = \"{public}\"\nsigning_key = \"{}\"\n",
                encode_verifying_key(&ReviewerIdentity::generate().signing_key().verifying_key())
            );
            let err = parse_public_file(Path::new("t.pub"), &text).unwrap_err();
            assert!(err.to_string().contains("published TEST key"), "{err}");
        }
        assert!(!is_published_test_key(
            &ReviewerIdentity::generate_pq().age_identity().to_public()
        ));
    }

    #[test]
    fn fingerprint_is_stable_and_short() {
        let r = ReviewerIdentity::generate().to_reviewer("a");
        assert_eq!(r.fingerprint(), r.fingerprint());
        assert_eq!(r.fingerprint().len(), 19);
    }
}
