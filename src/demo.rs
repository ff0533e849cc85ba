//! `gundo serve --demo`: a working site with no set-up, for trying gundo.
//!
//! It creates `./gundo-demo/` (a data directory like any other, holding
//! `gundo.db` and `blobs/`), a throw-away reviewer key
//! `gundo-demo/demo-reviewer.key` (unencrypted, loudly labelled), its public
//! half in `gundo-demo/keys/`, and `gundo-demo/gundo.toml` for the other
//! commands. Running it again reuses all of them. A real server refuses the
//! demo key (see [`crate::keys::load_reviewers`]). Its pages name a
//! placeholder organisation, "DEMO", where a real server names its own.

use std::path::{Path, PathBuf};

use crate::keys::{KeysError, ReviewerIdentity, public_path, write_keypair};

/// The demo's directory, relative to where gundo runs.
pub const DEMO_DIR: &str = "gundo-demo";
/// The demo reviewer's key file name.
pub const DEMO_KEY: &str = "demo-reviewer.key";

const DEMO_CONFIG: &str = "\
# gundo DEMO configuration, written by `gundo serve --demo`. NOT FOR REAL TIPS:
# the reviewer key beside it is unencrypted and throw-away.
listen = \"127.0.0.1:8080\"
data_dir = \".\"
keys_dir = \"keys\"
# A demo runs on laptops with little free space.
min_free_mib = 64
# The organisation every page names: a real server puts its own name here.
site_name = \"DEMO – the name of your organisation\"

[site_intro]
fr = \"Ceci est une démonstration de gundo. N’envoyez rien de réel.\"
en = \"This is a gundo demonstration. Send nothing real.\"
ar = \"هذا عرض تجريبي لـ gundo. لا ترسل أي شيء حقيقي.\"
";

/// Why the demo could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// A file or directory could not be made.
    #[error("cannot set up {path}: {source}")]
    Io {
        /// Where.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The demo key could not be made.
    #[error(transparent)]
    Keys(#[from] KeysError),
}

/// Paths of a prepared demo.
pub struct Demo {
    /// `gundo-demo/gundo.toml`.
    pub config: PathBuf,
    /// `gundo-demo/demo-reviewer.key`.
    pub key: PathBuf,
    /// `gundo-demo/blobs`.
    pub blobs: PathBuf,
}

/// Creates (or reuses) the demo directory under `base`.
pub fn prepare(base: &Path) -> Result<Demo, DemoError> {
    let dir = base.join(DEMO_DIR);
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| DemoError::Io { path, source }
    };
    let keys_dir = dir.join("keys");
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&keys_dir)
            .map_err(io(&keys_dir))?;
    }
    let key = dir.join(DEMO_KEY);
    if !key.exists() {
        // A half-made demo (key lost, .pub left) starts over with a new key.
        let stale_pub = keys_dir.join("demo-reviewer.pub");
        if stale_pub.exists() {
            std::fs::remove_file(&stale_pub).map_err(io(&stale_pub))?;
        }
        let written = write_keypair(&ReviewerIdentity::generate_demo(), &key, None)?;
        debug_assert_eq!(written, public_path(&key));
        // The key stays outside the keys directory: the server refuses secrets there.
        std::fs::rename(&written, &stale_pub).map_err(io(&stale_pub))?;
    }
    let config = dir.join("gundo.toml");
    if !config.exists() {
        std::fs::write(&config, DEMO_CONFIG).map_err(io(&config))?;
    }
    Ok(Demo {
        config,
        key,
        blobs: dir.join("blobs"),
    })
}

/// What the demo prints: where to go, how the reviewer's commands reach the
/// demo, and how to read tips with stock tools. The README's "Try it" shows
/// this very text (a test compares them).
pub fn instructions(url: &str) -> String {
    format!(
        "\
gundo DEMO: NOT FOR REAL TIPS. The reviewer key {DEMO_DIR}/{DEMO_KEY} is unencrypted and throw-away.

  Open the site:  {url}
  (Tor Browser on \"Safest\" works: no JavaScript is needed.)

  The other commands reach this demo with --config {DEMO_DIR}/gundo.toml and its key.
  In another terminal, in this folder, bring what arrived to the reviewer's side:

    gundo export --config {DEMO_DIR}/gundo.toml --out demo.bundle
    gundo review open --identity {DEMO_DIR}/{DEMO_KEY} --bundle demo.bundle --workspace demo-review
    gundo review list --identity {DEMO_DIR}/{DEMO_KEY} --workspace demo-review

  Or read each sealed message with stock tools, into ./gundo-demo-tips/
  (Debian: sudo apt-get update && sudo apt-get install age unzip):

    for f in {DEMO_DIR}/blobs/*.age; do d=gundo-demo-tips/$(basename \"$f\" .age); mkdir -p \"$d\" && age -d -i {DEMO_DIR}/{DEMO_KEY} -o \"$d.zip\" \"$f\" && unzip -oq \"$d.zip\" -d \"$d\"; done

  Stop with Ctrl-C. Delete {DEMO_DIR}/, gundo-demo-tips/, demo.bundle and demo-review/ when done.
"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_shows_what_the_demo_prints() {
        let readme = include_str!("../README.md");
        let printed = instructions("http://127.0.0.1:8080/");
        assert!(
            readme.contains(&printed),
            "README.md's \"Try it\" must show exactly what `gundo serve --demo` prints:\n{printed}"
        );
    }

    #[test]
    fn the_demo_config_names_a_placeholder_organisation() {
        let config = crate::config::Config::parse(DEMO_CONFIG, Path::new("/tmp/demo")).unwrap();
        assert!(config.site.name.starts_with("DEMO"), "{}", config.site.name);
        for lang in crate::i18n::Lang::ALL {
            assert!(config.site.intro(lang).is_some(), "{}", lang.code());
        }
        assert_eq!(config.data_dir, Path::new("/tmp/demo/."));
    }
}
