//! `gundo.toml`: where the server listens, where it keeps its data, whose
//! keys it seals to, and the limits that protect it.
//!
//! Every setting has a safe default; only `listen`, `data_dir` and `keys_dir`
//! are part of the design's contract. Relative paths are resolved against the
//! directory holding the configuration file, so `gundo export --config
//! gundo-demo/gundo.toml` works from anywhere. Unknown keys are refused (a
//! typo must not silently fall back to a default), and the error names the key.
//! `deploy/gundo.toml.example` documents each key; a test parses it.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::i18n::Lang;

/// Where configuration is looked for when `--config` is not given.
pub const DEFAULT_PATHS: [&str; 2] = ["gundo.toml", "/etc/gundo/gundo.toml"];

const MIB: u64 = 1024 * 1024;

/// Where the server accepts connections.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ListenAddr {
    /// A TCP address, normally on loopback.
    Tcp(SocketAddr),
    /// A unix socket path (`unix:/run/gundo/gundo.sock`): what Tor points at.
    Unix(PathBuf),
}

impl std::str::FromStr for ListenAddr {
    type Err = ConfigError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Some(path) = s.strip_prefix("unix:") {
            if path.is_empty() {
                return Err(ConfigError::Invalid {
                    key: "listen",
                    reason: "a unix socket needs a path".into(),
                });
            }
            return Ok(Self::Unix(PathBuf::from(path)));
        }
        s.parse().map(Self::Tcp).map_err(|_| ConfigError::Invalid {
            key: "listen",
            reason: format!("{s:?} is neither HOST:PORT nor unix:PATH"),
        })
    }
}

impl std::fmt::Display for ListenAddr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Tcp(addr) => write!(f, "{addr}"),
            Self::Unix(path) => write!(f, "unix:{}", path.display()),
        }
    }
}

/// The file as written, before validation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    listen: Option<String>,
    data_dir: Option<PathBuf>,
    keys_dir: Option<PathBuf>,
    max_message_mib: Option<u64>,
    max_files: Option<usize>,
    max_message_chars: Option<usize>,
    min_free_mib: Option<u64>,
    retention_days: Option<u32>,
    delivered_retention_days: Option<u32>,
    read_reply_retention_days: Option<u32>,
    purge_after_ack: Option<bool>,
    backup_recipients: Option<Vec<String>>,
    proxy_protocol: Option<bool>,
    circuit_posts_per_minute: Option<u32>,
    posts_per_minute: Option<u32>,
    max_uploads_in_flight: Option<usize>,
    max_uploads_per_circuit: Option<usize>,
    upload_floor_kib_per_second: Option<u64>,
    upload_floor_window_seconds: Option<u64>,
    max_connections: Option<usize>,
    max_connections_per_circuit: Option<usize>,
    receipt_check_queue: Option<usize>,
    header_timeout_seconds: Option<u64>,
    body_idle_seconds: Option<u64>,
    upload_deadline_minutes: Option<u64>,
    site_name: Option<String>,
    site_intro: Option<BTreeMap<String, String>>,
}

/// Validated configuration.
#[derive(Clone, Debug)]
pub struct Config {
    /// Where the site listens.
    pub listen: ListenAddr,
    /// `gundo.db` and `blobs/` live here.
    pub data_dir: PathBuf,
    /// Every `*.pub` file here is a reviewer the server seals to.
    pub keys_dir: PathBuf,
    /// Limits on what one submission may carry.
    pub limits: UploadLimits,
    /// New uploads are refused when free space in `data_dir` would fall below this.
    pub min_free_bytes: u64,
    /// What expires, and when.
    pub retention: RetentionPolicy,
    /// Delete a message's ciphertext once a reviewer acknowledged it.
    pub purge_after_ack: bool,
    /// Extra age recipients of `gundo backup` (an operator's backup key),
    /// besides every reviewer.
    pub backup_recipients: Vec<crate::keys::RecipientKey>,
    /// Expect Tor's PROXY protocol header (`HiddenServiceExportCircuitID haproxy`).
    pub proxy_protocol: bool,
    /// Limits that keep the site up under a flood.
    pub abuse: AbuseLimits,
    /// The organisation every page names.
    pub site: Site,
}

/// The organisation that receives the tips, as the header of every page
/// names it (`site_name`, `[site_intro]`). It helps a careful source see
/// they reached the right site; what proves it is the onion address, which
/// the organisation publishes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Site {
    /// The organisation's name: the header and title of every page.
    pub name: String,
    /// A short introduction per language; a language without one shows none
    /// (never another language's).
    intros: Vec<(Lang, String)>,
}

impl Site {
    /// The name shown when `site_name` is not set.
    pub const DEFAULT_NAME: &'static str = "gundo";
    /// Longest `site_name`, in characters.
    pub const MAX_NAME_CHARS: usize = 80;
    /// Longest introduction, in characters.
    pub const MAX_INTRO_CHARS: usize = 400;

    /// A site named `name` with introductions by language code, checked as
    /// the configuration file's `site_name` and `[site_intro]` are.
    pub fn new<'a>(
        name: &str,
        intros: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, ConfigError> {
        let name = one_line(name, "site_name", Self::MAX_NAME_CHARS)?;
        let mut checked = Vec::new();
        for (code, text) in intros {
            let lang = Lang::from_code(code).ok_or_else(|| ConfigError::Invalid {
                key: "site_intro",
                reason: format!(
                    "{code:?} is not a language of the site ({})",
                    Lang::ALL.map(Lang::code).join(", ")
                ),
            })?;
            checked.push((lang, one_line(text, "site_intro", Self::MAX_INTRO_CHARS)?));
        }
        Ok(Self {
            name,
            intros: checked,
        })
    }

    /// The introduction in `lang`, if the operator wrote one.
    pub fn intro(&self, lang: Lang) -> Option<&str> {
        self.intros
            .iter()
            .find(|(l, _)| *l == lang)
            .map(|(_, text)| text.as_str())
    }
}

impl Default for Site {
    fn default() -> Self {
        Self {
            name: Self::DEFAULT_NAME.to_owned(),
            intros: Vec::new(),
        }
    }
}

/// A text for a page header: not empty, not too long, no control or
/// direction-override character; line breaks become spaces.
fn one_line(text: &str, key: &'static str, max_chars: usize) -> Result<String, ConfigError> {
    let invalid = |reason: &str| ConfigError::Invalid {
        key,
        reason: reason.to_owned(),
    };
    if text.chars().any(|c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    }) {
        return Err(invalid(
            "must not hold control or text-direction characters",
        ));
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return Err(invalid("must not be empty"));
    }
    if text.chars().count() > max_chars {
        return Err(invalid(&format!("must be at most {max_chars} characters")));
    }
    Ok(text)
}

/// What `gundo purge` and the server's daily sweep delete, in days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetentionPolicy {
    /// A thread (its rows, messages and replies) expires this long after its
    /// last activity — unless it still holds a message no reviewer has
    /// acknowledged, which is never deleted unread.
    pub thread_days: u32,
    /// A message's ciphertext is deleted this long after a reviewer
    /// acknowledged it (when `purge_after_ack` did not delete it at once).
    pub delivered_days: u32,
    /// A reply is deleted this long after the receipt holder first saw it on
    /// the status page, once every reviewer has had it in an export.
    pub read_reply_days: u32,
}

impl Default for RetentionPolicy {
    fn default() -> Self {
        Self {
            thread_days: 180,
            delivered_days: 30,
            read_reply_days: 30,
        }
    }
}

/// Limits that keep the site up under a flood, behind Tor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AbuseLimits {
    /// Form posts (submit, follow-up, receipt check) one Tor circuit may make per minute.
    pub circuit_posts_per_minute: u32,
    /// Form posts the whole site takes per minute.
    pub posts_per_minute: u32,
    /// Uploads (tips and follow-ups) streaming in at once.
    pub max_uploads_in_flight: usize,
    /// Uploads one Tor circuit may stream in at once (with `proxy_protocol`).
    pub max_uploads_per_circuit: usize,
    /// Least rate an upload must keep, in bytes per second, averaged over
    /// `upload_floor_window`; below it, it gives its place up.
    pub upload_floor_bytes_per_second: u64,
    /// How far back the upload rate floor looks.
    pub upload_floor_window: Duration,
    /// Open connections at once, whoever holds them (bounds memory).
    pub max_connections: usize,
    /// Open connections at once from one Tor circuit (with `proxy_protocol`).
    pub max_connections_per_circuit: usize,
    /// Whether limits are kept per Tor circuit (`proxy_protocol = true`).
    pub per_circuit: bool,
    /// Receipt checks that may wait for an Argon2 slot; past it, "busy".
    pub receipt_check_queue: usize,
    /// Time a client has to send a request's head.
    pub header_timeout: Duration,
    /// Longest silence inside an upload's body.
    pub body_idle: Duration,
    /// Longest a whole upload may take.
    pub upload_deadline: Duration,
}

impl Default for AbuseLimits {
    fn default() -> Self {
        Self {
            circuit_posts_per_minute: 12,
            posts_per_minute: 600,
            max_uploads_in_flight: 32,
            max_uploads_per_circuit: 2,
            upload_floor_bytes_per_second: 2 * 1024,
            upload_floor_window: Duration::from_secs(60),
            max_connections: 1024,
            max_connections_per_circuit: 16,
            per_circuit: false,
            receipt_check_queue: 16,
            header_timeout: Duration::from_secs(20),
            body_idle: Duration::from_secs(60),
            upload_deadline: Duration::from_secs(120 * 60),
        }
    }
}

/// Limits on one submission (tip or follow-up).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UploadLimits {
    /// Text and files together, in bytes.
    pub max_message_bytes: u64,
    /// Number of attached files.
    pub max_files: usize,
    /// Characters of message text.
    pub max_message_chars: usize,
}

impl Default for UploadLimits {
    fn default() -> Self {
        Self {
            max_message_bytes: 500 * MIB,
            max_files: 20,
            max_message_chars: 100_000,
        }
    }
}

/// Why a configuration was refused.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is not valid TOML or has an unknown key.
    #[error("{path}: {message}")]
    Syntax {
        /// The file.
        path: PathBuf,
        /// The parser's one-line message.
        message: String,
    },
    /// A key has a value that cannot work.
    #[error("setting `{key}`: {reason}")]
    Invalid {
        /// The key.
        key: &'static str,
        /// Why.
        reason: String,
    },
    /// No file given and none in the default places.
    #[error(
        "no configuration file: pass --config FILE or create ./gundo.toml or /etc/gundo/gundo.toml"
    )]
    NotFound,
}

/// Largest message the sealed ZIP container holds without ZIP64.
const MAX_MESSAGE_MIB_CEILING: u64 = 3 * 1024;

impl Config {
    /// Reads and validates the file at `path`.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        let base = path.parent().unwrap_or_else(|| Path::new("."));
        Self::parse(&text, base).map_err(|e| match e {
            ConfigError::Syntax { message, .. } => ConfigError::Syntax {
                path: path.to_owned(),
                message,
            },
            other => other,
        })
    }

    /// Finds the file: `explicit`, else the default places in order.
    pub fn locate(explicit: Option<&Path>) -> Result<PathBuf, ConfigError> {
        if let Some(path) = explicit {
            return Ok(path.to_owned());
        }
        DEFAULT_PATHS
            .iter()
            .map(PathBuf::from)
            .find(|p| p.is_file())
            .ok_or(ConfigError::NotFound)
    }

    /// Parses configuration text; relative paths are resolved against `base`.
    pub fn parse(text: &str, base: &Path) -> Result<Self, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| ConfigError::Syntax {
            path: PathBuf::new(),
            message: one_line_message(text, &e),
        })?;
        let resolve = |p: PathBuf| if p.is_absolute() { p } else { base.join(p) };
        let defaults = UploadLimits::default();
        let max_message_mib = raw.max_message_mib.unwrap_or(500);
        if max_message_mib == 0 || max_message_mib > MAX_MESSAGE_MIB_CEILING {
            return Err(ConfigError::Invalid {
                key: "max_message_mib",
                reason: format!("must be between 1 and {MAX_MESSAGE_MIB_CEILING}"),
            });
        }
        let max_files = raw.max_files.unwrap_or(defaults.max_files);
        if max_files > 1000 {
            return Err(ConfigError::Invalid {
                key: "max_files",
                reason: "must be at most 1000".into(),
            });
        }
        let max_message_chars = raw.max_message_chars.unwrap_or(defaults.max_message_chars);
        if max_message_chars == 0 || max_message_chars > 10_000_000 {
            return Err(ConfigError::Invalid {
                key: "max_message_chars",
                reason: "must be between 1 and 10000000".into(),
            });
        }
        let retention = retention_policy(&raw)?;
        let backup_recipients = backup_recipients(raw.backup_recipients.as_deref())?;
        let abuse = abuse_limits(&raw)?;
        let site = site(&raw)?;
        Ok(Self {
            abuse,
            site,
            listen: match raw.listen.as_deref().unwrap_or("127.0.0.1:8080").parse()? {
                ListenAddr::Unix(path) => ListenAddr::Unix(resolve(path)),
                tcp @ ListenAddr::Tcp(_) => tcp,
            },
            data_dir: resolve(raw.data_dir.unwrap_or_else(|| "/var/lib/gundo".into())),
            keys_dir: resolve(raw.keys_dir.unwrap_or_else(|| "/etc/gundo/keys".into())),
            limits: UploadLimits {
                max_message_bytes: max_message_mib * MIB,
                max_files,
                max_message_chars,
            },
            min_free_bytes: scaled(raw.min_free_mib.unwrap_or(1024), MIB, "min_free_mib")?,
            retention,
            backup_recipients,
            purge_after_ack: raw.purge_after_ack.unwrap_or(true),
            proxy_protocol: raw.proxy_protocol.unwrap_or(false),
        })
    }

    /// The `SQLite` database file.
    pub fn database_path(&self) -> PathBuf {
        self.data_dir.join("gundo.db")
    }
}

/// `value * unit` (a setting in its unit, to bytes or seconds), or an error
/// naming `key`: a huge value must be refused, never wrap around to a tiny one.
fn scaled(value: u64, unit: u64, key: &'static str) -> Result<u64, ConfigError> {
    value.checked_mul(unit).ok_or_else(|| ConfigError::Invalid {
        key,
        reason: "is too large".into(),
    })
}

/// The flood limits: each at least 1, the rate floor's window in range.
fn abuse_limits(raw: &RawConfig) -> Result<AbuseLimits, ConfigError> {
    let defaults = AbuseLimits::default();
    let positive = |value: Option<u64>, key: &'static str, default: u64| match value {
        Some(0) => Err(ConfigError::Invalid {
            key,
            reason: "must be at least 1".into(),
        }),
        Some(v) => Ok(v),
        None => Ok(default),
    };
    let abuse = AbuseLimits {
        circuit_posts_per_minute: u32::try_from(positive(
            raw.circuit_posts_per_minute.map(u64::from),
            "circuit_posts_per_minute",
            u64::from(defaults.circuit_posts_per_minute),
        )?)
        .unwrap_or(u32::MAX),
        posts_per_minute: u32::try_from(positive(
            raw.posts_per_minute.map(u64::from),
            "posts_per_minute",
            u64::from(defaults.posts_per_minute),
        )?)
        .unwrap_or(u32::MAX),
        max_uploads_in_flight: usize::try_from(positive(
            raw.max_uploads_in_flight.map(|v| v as u64),
            "max_uploads_in_flight",
            defaults.max_uploads_in_flight as u64,
        )?)
        .unwrap_or(usize::MAX),
        max_uploads_per_circuit: usize::try_from(positive(
            raw.max_uploads_per_circuit.map(|v| v as u64),
            "max_uploads_per_circuit",
            defaults.max_uploads_per_circuit as u64,
        )?)
        .unwrap_or(usize::MAX),
        upload_floor_bytes_per_second: scaled(
            raw.upload_floor_kib_per_second.unwrap_or(2),
            1024,
            "upload_floor_kib_per_second",
        )?,
        upload_floor_window: Duration::from_secs(positive(
            raw.upload_floor_window_seconds,
            "upload_floor_window_seconds",
            defaults.upload_floor_window.as_secs(),
        )?),
        max_connections: usize::try_from(positive(
            raw.max_connections.map(|v| v as u64),
            "max_connections",
            defaults.max_connections as u64,
        )?)
        .unwrap_or(usize::MAX),
        max_connections_per_circuit: usize::try_from(positive(
            raw.max_connections_per_circuit.map(|v| v as u64),
            "max_connections_per_circuit",
            defaults.max_connections_per_circuit as u64,
        )?)
        .unwrap_or(usize::MAX),
        per_circuit: raw.proxy_protocol.unwrap_or(false),
        receipt_check_queue: raw
            .receipt_check_queue
            .unwrap_or(defaults.receipt_check_queue),
        header_timeout: Duration::from_secs(positive(
            raw.header_timeout_seconds,
            "header_timeout_seconds",
            20,
        )?),
        body_idle: Duration::from_secs(positive(raw.body_idle_seconds, "body_idle_seconds", 60)?),
        upload_deadline: Duration::from_secs(scaled(
            positive(raw.upload_deadline_minutes, "upload_deadline_minutes", 120)?,
            60,
            "upload_deadline_minutes",
        )?),
    };
    if !(10..=3600).contains(&abuse.upload_floor_window.as_secs()) {
        return Err(ConfigError::Invalid {
            key: "upload_floor_window_seconds",
            reason: "must be between 10 and 3600".into(),
        });
    }
    Ok(abuse)
}

/// `site_name` and `[site_intro]`.
fn site(raw: &RawConfig) -> Result<Site, ConfigError> {
    match (&raw.site_name, &raw.site_intro) {
        (None, None) => Ok(Site::default()),
        (name, intros) => Site::new(
            name.as_deref().unwrap_or(Site::DEFAULT_NAME),
            intros
                .iter()
                .flatten()
                .map(|(code, text)| (code.as_str(), text.as_str())),
        ),
    }
}

/// `retention_days` and the other expiry keys: each at least one day.
fn retention_policy(raw: &RawConfig) -> Result<RetentionPolicy, ConfigError> {
    let days = |value: Option<u32>, key: &'static str, default: u32| match value {
        Some(0) => Err(ConfigError::Invalid {
            key,
            reason: "must be at least 1".into(),
        }),
        Some(days) => Ok(days),
        None => Ok(default),
    };
    let defaults = RetentionPolicy::default();
    Ok(RetentionPolicy {
        thread_days: days(raw.retention_days, "retention_days", defaults.thread_days)?,
        delivered_days: days(
            raw.delivered_retention_days,
            "delivered_retention_days",
            defaults.delivered_days,
        )?,
        read_reply_days: days(
            raw.read_reply_retention_days,
            "read_reply_retention_days",
            defaults.read_reply_days,
        )?,
    })
}

/// `backup_recipients`: age recipients, post-quantum (`age1pq1…`) or X25519 (`age1…`).
fn backup_recipients(
    list: Option<&[String]>,
) -> Result<Vec<crate::keys::RecipientKey>, ConfigError> {
    list.unwrap_or_default()
        .iter()
        .map(|r| {
            r.parse::<crate::keys::RecipientKey>()
                .map_err(|_| ConfigError::Invalid {
                    key: "backup_recipients",
                    reason: format!("{r:?} is not an age recipient (age1pq1… or age1…)"),
                })
        })
        .collect()
}

/// The parser's message on one line, with the line it is about (which names the key).
fn one_line_message(text: &str, error: &toml::de::Error) -> String {
    let Some(span) = error.span() else {
        return error.message().to_owned();
    };
    let start = span.start.min(text.len());
    let line_no = text[..start].matches('\n').count() + 1;
    let line = text.lines().nth(line_no - 1).unwrap_or_default().trim();
    let line: String = line.chars().take(60).collect();
    format!("line {line_no} (`{line}`): {}", error.message().trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_file_parses_and_documents_every_key() {
        let text = include_str!("../deploy/gundo.toml.example");
        let config = Config::parse(text, Path::new("/etc/gundo")).unwrap();
        assert_eq!(config.limits, UploadLimits::default());
        assert_eq!(config.abuse, AbuseLimits::default());
        assert!(config.purge_after_ack);
        assert_eq!(config.retention, RetentionPolicy::default());
        assert!(config.backup_recipients.is_empty());
        // Every key the parser knows is present (uncommented) in the example.
        for key in [
            "listen",
            "data_dir",
            "keys_dir",
            "max_message_mib",
            "max_files",
            "max_message_chars",
            "min_free_mib",
            "retention_days",
            "delivered_retention_days",
            "read_reply_retention_days",
            "purge_after_ack",
            "backup_recipients",
            "proxy_protocol",
            "circuit_posts_per_minute",
            "posts_per_minute",
            "max_uploads_in_flight",
            "max_uploads_per_circuit",
            "upload_floor_kib_per_second",
            "upload_floor_window_seconds",
            "max_connections",
            "max_connections_per_circuit",
            "receipt_check_queue",
            "header_timeout_seconds",
            "body_idle_seconds",
            "upload_deadline_minutes",
            "site_name",
        ] {
            assert!(
                text.lines().any(|l| l.starts_with(&format!("{key} ="))),
                "{key} is not documented in deploy/gundo.toml.example"
            );
        }
    }

    #[test]
    fn the_example_names_its_site_in_every_language() {
        let text = include_str!("../deploy/gundo.toml.example");
        assert!(text.lines().any(|l| l == "[site_intro]"));
        let config = Config::parse(text, Path::new("/etc/gundo")).unwrap();
        assert_ne!(config.site.name, Site::DEFAULT_NAME);
        for lang in Lang::ALL {
            assert!(config.site.intro(lang).is_some(), "{}", lang.code());
        }
    }

    #[test]
    fn site_name_and_intros_are_checked() {
        let config = Config::parse(
            "site_name = \"Observatoire  citoyen\"\n[site_intro]\nfr = \"\"\"Nous\nveillons.\"\"\"\nar = \"نحن نراقب.\"\n",
            Path::new("/"),
        )
        .unwrap();
        assert_eq!(config.site.name, "Observatoire citoyen");
        assert_eq!(config.site.intro(Lang::Fr), Some("Nous veillons."));
        assert_eq!(config.site.intro(Lang::Ar), Some("نحن نراقب."));
        assert_eq!(
            config.site.intro(Lang::En),
            None,
            "never another language's"
        );
        assert_eq!(
            Config::parse("", Path::new("/")).unwrap().site,
            Site::default()
        );
        for (bad, key) in [
            ("site_name = \"  \"", "site_name"),
            ("site_name = \"a\\u0007b\"", "site_name"),
            ("site_name = \"\\u202Eevil\"", "site_name"),
            ("site_name = 3", "site_name"),
            ("[site_intro]\nde = \"Hallo\"", "site_intro"),
            ("[site_intro]\nfr = \"\"", "site_intro"),
        ] {
            let err = Config::parse(bad, Path::new("/")).unwrap_err();
            assert!(err.to_string().contains(key), "{bad}: {err}");
        }
        let long = format!("site_name = \"{}\"", "x".repeat(81));
        assert!(Config::parse(&long, Path::new("/")).is_err());
        let err = Config::parse("[site_intro]\nde = \"x\"", Path::new("/")).unwrap_err();
        assert!(err.to_string().contains("fr, en, ar"), "{err}");
    }

    #[test]
    fn the_deployed_file_listens_where_tor_points() {
        // deploy/gundo.toml is what the package and install.sh put in
        // /etc/gundo; deploy/torrc's HiddenServicePort points at its socket
        // and sends the PROXY header it expects.
        let config = Config::parse(
            include_str!("../deploy/gundo.toml"),
            Path::new("/etc/gundo"),
        )
        .unwrap();
        assert_eq!(
            config.listen,
            ListenAddr::Unix("/run/gundo/gundo.sock".into())
        );
        assert!(config.proxy_protocol);
        assert_eq!(config.data_dir, PathBuf::from("/var/lib/gundo"));
        assert_eq!(config.keys_dir, PathBuf::from("/etc/gundo/keys"));
        let torrc = include_str!("../deploy/torrc");
        assert!(
            torrc
                .lines()
                .any(|l| l.starts_with("HiddenServicePort 80 unix:/run/gundo/gundo.sock"))
        );
        assert!(
            torrc
                .lines()
                .any(|l| l == "HiddenServiceExportCircuitID haproxy")
        );
    }

    #[test]
    fn retention_and_backup_keys() {
        let config = Config::parse(
            "retention_days = 90\nread_reply_retention_days = 7\nbackup_recipients = [\"age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\"]",
            Path::new("/"),
        )
        .unwrap();
        assert_eq!(config.retention.thread_days, 90);
        assert_eq!(config.retention.read_reply_days, 7);
        assert_eq!(config.retention.delivered_days, 30);
        assert_eq!(config.backup_recipients.len(), 1);
        let err = Config::parse("backup_recipients = [\"age1nope\"]", Path::new("/")).unwrap_err();
        assert!(err.to_string().contains("backup_recipients"), "{err}");
        let err = Config::parse("delivered_retention_days = 0", Path::new("/")).unwrap_err();
        assert!(
            err.to_string().contains("delivered_retention_days"),
            "{err}"
        );
    }

    #[test]
    fn empty_file_gives_safe_defaults() {
        let config = Config::parse("", Path::new("/x")).unwrap();
        assert_eq!(
            config.listen,
            ListenAddr::Tcp("127.0.0.1:8080".parse().unwrap())
        );
        assert_eq!(config.data_dir, PathBuf::from("/var/lib/gundo"));
        assert_eq!(config.limits.max_message_bytes, 500 * MIB);
        assert_eq!(config.limits.max_files, 20);
        assert_eq!(config.limits.max_message_chars, 100_000);
        assert!(!config.proxy_protocol);
    }

    #[test]
    fn relative_paths_follow_the_config_file() {
        let config =
            Config::parse("data_dir = \".\"\nkeys_dir = \"keys\"", Path::new("/srv/g")).unwrap();
        assert_eq!(config.data_dir, PathBuf::from("/srv/g/."));
        assert_eq!(config.keys_dir, PathBuf::from("/srv/g/keys"));
        let config = Config::parse("listen = \"unix:run/g.sock\"", Path::new("/srv/g")).unwrap();
        assert_eq!(config.listen, ListenAddr::Unix("/srv/g/run/g.sock".into()));
    }

    #[test]
    fn unix_socket_listen() {
        let config =
            Config::parse("listen = \"unix:/run/gundo/gundo.sock\"", Path::new("/")).unwrap();
        assert_eq!(
            config.listen,
            ListenAddr::Unix("/run/gundo/gundo.sock".into())
        );
    }

    #[test]
    fn errors_name_the_key() {
        let err = Config::parse("max_fils = 3", Path::new("/")).unwrap_err();
        assert!(err.to_string().contains("max_fils"), "{err}");
        let err = Config::parse("listen = \"nowhere\"", Path::new("/")).unwrap_err();
        assert!(err.to_string().contains("listen"), "{err}");
        let err = Config::parse("max_message_mib = 0", Path::new("/")).unwrap_err();
        assert!(err.to_string().contains("max_message_mib"), "{err}");
        let err = Config::parse("max_files = \"many\"", Path::new("/")).unwrap_err();
        assert!(err.to_string().contains("max_files"), "{err}");
        assert_eq!(err.to_string().lines().count(), 1);
    }
}
