//! `age-plugin-gundotest`: a fake age plugin for gundo's integration tests.
//!
//! Its identity, `AGE-PLUGIN-GUNDOTEST-1…`, is the Bech32 of a raw age X25519
//! secret, and on `identity-v1` it unwraps ordinary `X25519` stanzas with it.
//! So a test seals to a plain `age1…` recipient and opens through the real
//! plugin protocol (a separate process found on `PATH`), with no hardware.
//! It protects nothing (the secret is in the identity line): it MUST never be
//! installed outside a test.
//!
//! `GUNDOTEST_BUDGET=FILE` (FILE holding a number) makes it fail like an
//! unplugged key once it has unwrapped that many files, across runs.

use std::collections::HashMap;
use std::convert::Infallible;
use std::io;
use std::str::FromStr;

use age_core::format::{FileKey, Stanza};
use age_plugin::identity::{self, IdentityPluginV1};
use age_plugin::{Callbacks, PluginHandler, run_state_machine};
use zeroize::Zeroizing;

/// The name in `AGE-PLUGIN-GUNDOTEST-1…` and `age-plugin-gundotest`.
const PLUGIN_NAME: &str = "gundotest";

struct Handler;

impl PluginHandler for Handler {
    type RecipientV1 = Infallible;
    type IdentityV1 = Plugin;

    fn identity_v1(self) -> io::Result<Plugin> {
        Ok(Plugin { keys: Vec::new() })
    }
}

struct Plugin {
    keys: Vec<age::x25519::Identity>,
}

impl IdentityPluginV1 for Plugin {
    fn add_identity(
        &mut self,
        index: usize,
        plugin_name: &str,
        bytes: &[u8],
    ) -> Result<(), identity::Error> {
        match (plugin_name == PLUGIN_NAME)
            .then(|| x25519_identity(bytes))
            .flatten()
        {
            Some(key) => {
                self.keys.push(key);
                Ok(())
            }
            None => Err(identity::Error::Identity {
                index,
                message: "not a gundotest identity".to_owned(),
            }),
        }
    }

    fn unwrap_file_keys(
        &mut self,
        files: Vec<Vec<Stanza>>,
        _callbacks: impl Callbacks<identity::Error>,
    ) -> io::Result<HashMap<usize, Result<FileKey, Vec<identity::Error>>>> {
        let mut file_keys = HashMap::new();
        for (file_index, stanzas) in files.iter().enumerate() {
            // A file none of our keys opens gets no entry: "not for this key".
            let Some(result) = self
                .keys
                .iter()
                .find_map(|key| age::Identity::unwrap_stanzas(key, stanzas))
            else {
                continue;
            };
            let result = match result {
                Ok(_) if budget_spent()? => Err(vec![identity::Error::Identity {
                    index: 0,
                    message: "the test key is unplugged".to_owned(),
                }]),
                Ok(file_key) => Ok(file_key),
                Err(e) => Err(vec![identity::Error::Internal {
                    message: e.to_string(),
                }]),
            };
            file_keys.insert(file_index, result);
        }
        Ok(file_keys)
    }
}

/// The age X25519 identity whose secret is `bytes`.
fn x25519_identity(bytes: &[u8]) -> Option<age::x25519::Identity> {
    if bytes.len() != 32 {
        return None;
    }
    let hrp = bech32::Hrp::parse("age-secret-key-").ok()?;
    let encoded = Zeroizing::new(bech32::encode::<bech32::Bech32>(hrp, bytes).ok()?);
    let upper = Zeroizing::new(encoded.to_uppercase());
    age::x25519::Identity::from_str(&upper).ok()
}

/// Takes one unwrap from the budget file, if there is one; `true` once it is empty.
fn budget_spent() -> io::Result<bool> {
    let Some(path) = std::env::var_os("GUNDOTEST_BUDGET") else {
        return Ok(false);
    };
    let left: u64 = std::fs::read_to_string(&path)?.trim().parse().unwrap_or(0);
    if left == 0 {
        return Ok(true);
    }
    std::fs::write(&path, (left - 1).to_string())?;
    Ok(false)
}

fn main() -> io::Result<()> {
    // age starts a plugin as `age-plugin-NAME --age-plugin=STATE-MACHINE`.
    let state_machine =
        std::env::args().find_map(|a| a.strip_prefix("--age-plugin=").map(str::to_owned));
    if let Some(state_machine) = state_machine {
        run_state_machine(&state_machine, Handler)
    } else {
        eprintln!("age-plugin-gundotest: a fake age plugin for gundo's tests, run by age");
        std::process::exit(2)
    }
}
