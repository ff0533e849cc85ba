//! `gundo check`: everything an operator should know is wrong before tips
//! arrive, one line per finding.
//!
//! It reads the configuration, the keys directory (every reviewer's name and
//! fingerprint; any file that holds or may hold a secret, and the demo key,
//! as `serve` judges them; who is left out of post-quantum sealing), the modes and owners of the
//! configuration, keys and data, the free space against the floor, whether
//! Tor can reach the socket, and whether swap could carry memory to disk in
//! the clear. It changes nothing. A [`Finding::Problem`] makes the command
//! exit non-zero; a [`Finding::Note`] is advice.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::config::{Config, ListenAddr};
use crate::hygiene::{SystemPaths, swap_problems};
use crate::keys;

/// The Unix group Tor runs as on Debian (Tor keeps only its primary group).
pub const TOR_GROUP: &str = "debian-tor";
/// Longest unix socket path (`sun_path` is 108 bytes with the final NUL).
const MAX_SOCKET_PATH: usize = 107;

/// One line of the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finding {
    /// Something checked and found right.
    Ok(String),
    /// A reviewer the server seals to.
    Reviewer {
        /// From the key file.
        name: String,
        /// The recipient's fingerprint, to compare by voice.
        fingerprint: String,
    },
    /// Advice that does not fail the check.
    Note(String),
    /// Something to fix.
    Problem(String),
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Ok(text) => write!(f, "ok: {text}"),
            Self::Reviewer { name, fingerprint } => {
                write!(f, "reviewer: {name}  fingerprint {fingerprint}")
            }
            Self::Note(text) => write!(f, "note: {text}"),
            Self::Problem(text) => write!(f, "problem: {text}"),
        }
    }
}

/// Where the check looks outside the configuration; tests point it elsewhere.
#[derive(Clone, Debug)]
pub struct CheckEnv {
    /// `/proc/swaps` and `/sys/dev/block`.
    pub system: SystemPaths,
    /// `/etc/group`, to find Tor's group.
    pub etc_group: PathBuf,
}

impl Default for CheckEnv {
    fn default() -> Self {
        Self {
            system: SystemPaths::default(),
            etc_group: "/etc/group".into(),
        }
    }
}

/// Every finding about the configuration at `config_path`.
pub fn check(config_path: &Path, env: &CheckEnv) -> Vec<Finding> {
    let mut out = Vec::new();
    let config = match Config::load(config_path) {
        Ok(config) => config,
        Err(e) => {
            out.push(Finding::Problem(e.to_string()));
            return out;
        }
    };
    out.push(Finding::Ok(format!(
        "configuration {}",
        config_path.display()
    )));
    not_writable_by_others(config_path, "the configuration", &mut out);
    check_keys(&config, &mut out);
    check_data_dir(&config, &mut out);
    check_listen(&config, env, &mut out);
    let swap = swap_problems(&env.system);
    if swap.is_empty() {
        out.push(Finding::Ok("no unencrypted swap".into()));
    }
    out.extend(swap.into_iter().map(Finding::Problem));
    out
}

/// The number of problems in `findings`.
pub fn problems(findings: &[Finding]) -> usize {
    findings
        .iter()
        .filter(|f| matches!(f, Finding::Problem(_)))
        .count()
}

fn mode(meta: &std::fs::Metadata) -> u32 {
    meta.permissions().mode() & 0o7777
}

/// Only root or the user running the check may own it, and nobody else may write it.
fn not_writable_by_others(path: &Path, what: &str, out: &mut Vec<Finding>) {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return;
    };
    let me = rustix::process::geteuid().as_raw();
    if meta.uid() != 0 && meta.uid() != me {
        out.push(Finding::Problem(format!(
            "{what} {} belongs to uid {}: it must belong to root (chown root {})",
            path.display(),
            meta.uid(),
            path.display()
        )));
    }
    if mode(&meta) & 0o022 != 0 {
        out.push(Finding::Problem(format!(
            "{what} {} can be changed by others (mode {:04o}): chmod go-w {}",
            path.display(),
            mode(&meta),
            path.display()
        )));
    }
}

fn check_keys(config: &Config, out: &mut Vec<Finding>) {
    let dir = &config.keys_dir;
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            out.push(Finding::Problem(format!(
                "the keys directory {} cannot be read ({e}): create it (install -d -m 750 {}) and copy each reviewer's NAME.pub there",
                dir.display(),
                dir.display()
            )));
            return;
        }
    };
    let before = problems(out);
    not_writable_by_others(dir, "the keys directory", out);
    if let (Ok(keys), Ok(data)) = (std::fs::metadata(dir), std::fs::metadata(&config.data_dir))
        && keys.uid() != 0
        && keys.uid() == data.uid()
    {
        out.push(Finding::Problem(format!(
            "the keys directory {} belongs to the server's own user (uid {}): a compromised server could add a key; chown -R root {}",
            dir.display(),
            keys.uid(),
            dir.display()
        )));
    }
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    let mut reviewers = Vec::new();
    let mut secrets = Vec::new();
    for path in paths.iter().filter(|p| p.is_file()) {
        let Ok(bytes) = std::fs::read(path) else {
            out.push(Finding::Problem(format!(
                "{} cannot be read",
                path.display()
            )));
            continue;
        };
        // One verdict for `serve` and `check`: the same function decides.
        match keys::inspect_key_file(path, &bytes) {
            Ok(reviewer) if reviewer.demo => out.push(Finding::Problem(format!(
                "{} is the throw-away demo key: remove it (its secret half is unencrypted on some laptop)",
                path.display()
            ))),
            Ok(reviewer) => {
                not_writable_by_others(path, "the key file", out);
                reviewers.push(reviewer);
            }
            Err(e @ keys::KeysError::SecretInKeysDir { .. }) => {
                secrets.push(path.clone());
                out.push(Finding::Problem(e.to_string()));
            }
            Err(e) => out.push(Finding::Problem(e.to_string())),
        }
    }
    if reviewers.is_empty() && problems(out) == before + secrets.len() {
        out.push(Finding::Problem(
            keys::KeysError::NoReviewers {
                dir: dir.clone(),
                secrets,
            }
            .to_string(),
        ));
    }
    for reviewer in &reviewers {
        out.push(Finding::Reviewer {
            name: reviewer.name.clone(),
            fingerprint: reviewer.fingerprint(),
        });
    }
    if !reviewers.is_empty()
        && let Some(notice) = keys::sealing_notice(&reviewers, &config.backup_recipients)
    {
        out.push(Finding::Note(notice));
    }
    // Whatever `serve` would still refuse, say it too.
    if problems(out) == before
        && let Err(e) = keys::load_reviewers(dir, false)
    {
        out.push(Finding::Problem(e.to_string()));
    }
}

fn check_data_dir(config: &Config, out: &mut Vec<Finding>) {
    let dir = &config.data_dir;
    let meta = match std::fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => meta,
        Ok(_) => {
            out.push(Finding::Problem(format!(
                "the data directory {} is not a directory",
                dir.display()
            )));
            return;
        }
        Err(_) => {
            out.push(Finding::Problem(format!(
                "the data directory {} does not exist: run deploy/install.sh, or create it (install -d -m 700 -o gundo -g gundo {})",
                dir.display(),
                dir.display()
            )));
            return;
        }
    };
    let before = problems(out);
    let owner = meta.uid();
    for (path, what) in [
        (dir.clone(), "the data directory"),
        (dir.join("blobs"), "the blob directory"),
        (config.database_path(), "the database"),
        (dir.join("gundo.db-wal"), "the database log"),
        (dir.join("gundo.db-shm"), "the database index"),
    ] {
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if mode(&meta) & 0o077 != 0 {
            out.push(Finding::Problem(format!(
                "{what} {} is open to other users (mode {:04o}): chmod go-rwx {}",
                path.display(),
                mode(&meta),
                path.display()
            )));
        }
        if meta.uid() != owner {
            out.push(Finding::Problem(format!(
                "{what} {} belongs to uid {}, the data directory to uid {owner}: the server may not be able to write it (chown to the data directory's owner)",
                path.display(),
                meta.uid()
            )));
        }
    }
    if problems(out) == before {
        out.push(Finding::Ok(format!(
            "data directory {} is private (uid {owner})",
            dir.display()
        )));
    }
    match crate::store::existing_server_key(dir) {
        Some(key) => out.push(Finding::Ok(format!(
            "export bundles are signed by this server's key, fingerprint {}: give it to the reviewers by voice; their workspaces refuse bundles signed by any other",
            crate::bundle::fingerprint(&key)
        ))),
        None => out.push(Finding::Note(
            "no server signing key yet: the server makes it on its first start (or first export); run `gundo check` again then to read its fingerprint".into(),
        )),
    }
    match rustix::fs::statvfs(dir) {
        Ok(stat) => {
            let free = stat.f_bavail.saturating_mul(stat.f_frsize);
            let mib = |b: u64| b / (1024 * 1024);
            // Less than this is a full disk whatever the floor says: a tip
            // cannot even be started, nor can the database grow.
            let full: u64 = 1024 * 1024;
            if free < full {
                out.push(Finding::Problem(format!(
                    "the disk of {} is full ({} KiB free): every upload fails until there is room",
                    dir.display(),
                    free / 1024
                )));
            } else if free < config.min_free_bytes {
                out.push(Finding::Problem(format!(
                    "only {} MiB free in {}, below the floor of {} MiB (min_free_mib): new tips are refused until there is room",
                    mib(free),
                    dir.display(),
                    mib(config.min_free_bytes)
                )));
            } else {
                out.push(Finding::Ok(format!(
                    "{} MiB free (floor {} MiB)",
                    mib(free),
                    mib(config.min_free_bytes)
                )));
            }
        }
        Err(e) => out.push(Finding::Problem(format!(
            "cannot read the free space of {}: {e}",
            dir.display()
        ))),
    }
}

fn check_listen(config: &Config, env: &CheckEnv, out: &mut Vec<Finding>) {
    let path = match &config.listen {
        ListenAddr::Tcp(addr) if addr.ip().is_loopback() => {
            out.push(Finding::Note(format!(
                "listens on {addr} (TCP): the hardened unit (PrivateNetwork=yes) needs listen = \"unix:/run/gundo/gundo.sock\""
            )));
            return;
        }
        ListenAddr::Tcp(addr) => {
            out.push(Finding::Problem(format!(
                "listens on {addr}, which is not loopback: only Tor may reach gundo; use unix:/run/gundo/gundo.sock"
            )));
            return;
        }
        ListenAddr::Unix(path) => path,
    };
    let before = problems(out);
    if path.as_os_str().len() > MAX_SOCKET_PATH {
        out.push(Finding::Problem(format!(
            "the socket path {} is longer than {MAX_SOCKET_PATH} bytes",
            path.display()
        )));
    }
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        use std::os::unix::fs::FileTypeExt;
        if !meta.file_type().is_socket() {
            out.push(Finding::Problem(format!(
                "{} exists and is not a socket: the server would refuse to replace it",
                path.display()
            )));
        }
    }
    let parent = path.parent().unwrap_or_else(|| Path::new("/"));
    match std::fs::metadata(parent) {
        Err(_) => out.push(Finding::Problem(format!(
            "the socket's directory {} does not exist: systemd-tmpfiles --create gundo.conf makes it (deploy/gundo.tmpfiles)",
            parent.display()
        ))),
        Ok(meta) => {
            if mode(&meta) & 0o002 != 0 {
                out.push(Finding::Problem(format!(
                    "the socket's directory {} is world-writable: anyone could put a socket there",
                    parent.display()
                )));
            }
            match group_id(&env.etc_group, TOR_GROUP) {
                None => out.push(Finding::Problem(format!(
                    "no {TOR_GROUP} group: is tor installed? (apt install tor)"
                ))),
                Some(gid) if meta.gid() != gid || mode(&meta) & 0o2010 != 0o2010 => {
                    out.push(Finding::Problem(format!(
                        "Tor cannot reach {}: its directory must belong to group {TOR_GROUP}, with the setgid bit and group search (mode 2750, as deploy/gundo.tmpfiles makes it)",
                        path.display()
                    )));
                }
                Some(_) => {}
            }
        }
    }
    if problems(out) == before {
        out.push(Finding::Ok(format!(
            "socket {} reachable by Tor ({TOR_GROUP})",
            path.display()
        )));
    }
    if !config.proxy_protocol {
        out.push(Finding::Note(
            "proxy_protocol = false: with deploy/torrc (HiddenServiceExportCircuitID haproxy) Tor sends a PROXY line, set proxy_protocol = true".into(),
        ));
    }
}

/// The id of group `name` in an `/etc/group`-format file.
fn group_id(etc_group: &Path, name: &str) -> Option<u32> {
    let text = std::fs::read_to_string(etc_group).ok()?;
    text.lines().find_map(|line| {
        let mut fields = line.split(':');
        (fields.next()? == name)
            .then(|| fields.nth(1)?.parse().ok())
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_lookup() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("group");
        std::fs::write(&file, "root:x:0:\ndebian-tor:x:113:\ngundo:x:999:\n").unwrap();
        assert_eq!(group_id(&file, "debian-tor"), Some(113));
        assert_eq!(group_id(&file, "tor"), None);
    }

    #[test]
    fn findings_print_as_one_line_each() {
        let lines = [
            Finding::Ok("a".into()),
            Finding::Reviewer {
                name: "amina".into(),
                fingerprint: "AB12-34CD".into(),
            },
            Finding::Note("n".into()),
            Finding::Problem("p".into()),
        ];
        let text: Vec<String> = lines.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            [
                "ok: a",
                "reviewer: amina  fingerprint AB12-34CD",
                "note: n",
                "problem: p"
            ]
        );
        assert_eq!(problems(&lines), 1);
    }
}
