//! Age plugin identities through the real binary. A fake plugin
//! (`examples/age-plugin-gundotest.rs`, built by `cargo test`) is put on
//! `PATH`; its identity holds an X25519 secret, so a bundle exported to the
//! matching `age1…` recipient opens with an identity file holding only the
//! plugin line. The wrong plugin key, a missing plugin, a plugin failing
//! halfway and an outbox with a plugin identity are each refused in one line.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::support::{fails, ok};

use age::secrecy::{ExposeSecret, SecretString};
use gundo::bundle::{
    self, EXPORT_FORMAT, ExportManifest, MessageEntry, MessageKind, ReplyEntry, ThreadEntry,
};
use gundo::ids::{BlobId, ThreadId};
use gundo::seal::{Part, seal_message};
use zeroize::Zeroizing;

const TIP: &str = "Le registre des salaires du 3e district est faux. سجل مزور";
const REPLY: &str = "Merci, pouvez-vous préciser l'année ?";

/// The fake plugin, as `cargo test` builds it beside the gundo binary.
fn built_plugin() -> PathBuf {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_gundo")).parent().unwrap();
    let plugin = bin_dir.join("examples/age-plugin-gundotest");
    assert!(
        plugin.is_file(),
        "{} is missing: run plain `cargo test` (or `cargo build --example age-plugin-gundotest`) first",
        plugin.display()
    );
    plugin
}

/// `AGE-PLUGIN-GUNDOTEST-1…` holding `identity`'s secret.
fn plugin_identity_line(identity: &age::x25519::Identity) -> String {
    let encoded = identity.to_string();
    let (_, secret) = bech32::decode(encoded.expose_secret()).unwrap();
    let hrp = bech32::Hrp::parse("age-plugin-gundotest-").unwrap();
    bech32::encode::<bech32::Bech32>(hrp, &secret)
        .unwrap()
        .to_uppercase()
}

/// `gundo ARGS` in `dir` with `PATH` set to `path` only (no terminal).
fn gundo(dir: &Path, path: &Path, envs: &[(&str, &Path)], args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gundo"))
        .args(args)
        .current_dir(dir)
        .env("PATH", path)
        .envs(envs.iter().copied())
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// A bundle to `reviewer` with one tip and one reply in one thread.
fn write_bundle(dir: &Path, reviewer: &age::x25519::Recipient) -> PathBuf {
    let thread = ThreadId::generate();
    let thread_key = age::x25519::Identity::generate();
    let (message, reply) = (BlobId::generate(), BlobId::generate());
    let blobs = dir.join("blobs");
    std::fs::create_dir(&blobs).unwrap();

    let file = std::fs::File::create(blobs.join(message.file_name())).unwrap();
    let parts = [Ok::<_, std::convert::Infallible>(Part::Message(
        Zeroizing::new(TIP.to_owned()),
    ))];
    let (mut file, _) = seal_message(std::slice::from_ref(reviewer), file, parts)
        .map_err(|_| "sealing failed")
        .unwrap();
    file.flush().unwrap();
    let sealed = gundo::reply::seal_reply(
        REPLY,
        &thread_key.to_public(),
        std::slice::from_ref(reviewer),
    )
    .unwrap();
    std::fs::write(blobs.join(reply.file_name()), sealed).unwrap();

    let manifest = ExportManifest {
        format: EXPORT_FORMAT.to_owned(),
        day: "2026-12-01".to_owned(),
        reviewers: vec![bundle::ReviewerEntry {
            name: "hw".to_owned(),
            recipient: reviewer.to_string(),
        }],
        threads: vec![ThreadEntry {
            id: thread.clone(),
            reply_recipient: thread_key.to_public().to_string(),
            created_day: "2026-11-30".to_owned(),
        }],
        messages: vec![MessageEntry {
            blob: message,
            thread: thread.clone(),
            kind: MessageKind::Tip,
            day: "2026-11-30".to_owned(),
        }],
        replies: vec![ReplyEntry {
            blob: reply,
            thread,
            day: "2026-12-01".to_owned(),
            by: Some("hw".to_owned()),
        }],
        notes: vec![],
    };
    let out = dir.join("2026-12-01.bundle");
    let bytes = bundle::write_export(
        std::slice::from_ref(reviewer),
        &manifest,
        |id| blobs.join(id.file_name()),
        &bundle::ServerSigningKey::generate(),
        Vec::new(),
        |_| (),
    )
    .unwrap();
    std::fs::write(&out, bytes).unwrap();
    out
}

/// The identity file, wrapped with age's scrypt as `gundo keygen` does.
fn passphrase_wrapped(text: &str, passphrase: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let armor =
        age::armor::ArmoredWriter::wrap_output(&mut out, age::armor::Format::AsciiArmor).unwrap();
    let mut writer =
        age::Encryptor::with_user_passphrase(SecretString::from(passphrase.to_owned()))
            .wrap_output(armor)
            .unwrap();
    writer.write_all(text.as_bytes()).unwrap();
    writer.finish().unwrap().finish().unwrap();
    out
}

#[test]
fn a_plugin_identity_opens_bundles_but_cannot_sign() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let plugins = root.join("plugins");
    let nothing = root.join("empty");
    std::fs::create_dir(&plugins).unwrap();
    std::fs::create_dir(&nothing).unwrap();
    std::os::unix::fs::symlink(built_plugin(), plugins.join("age-plugin-gundotest")).unwrap();

    let secret = age::x25519::Identity::generate();
    let bundle = write_bundle(root, &secret.to_public());
    let bundle = bundle.to_str().unwrap();
    // As age plugins write them: the recipient on a comment line (the
    // workspace is sealed to it).
    std::fs::write(
        root.join("hw.key"),
        format!(
            "# a hardware key\n#    Recipient: {}\n{}\n",
            secret.to_public(),
            plugin_identity_line(&secret)
        ),
    )
    .unwrap();
    let open = |key: &'static str, ws: &'static str| {
        [
            "review",
            "open",
            "--identity",
            key,
            "--bundle",
            bundle,
            "--workspace",
            ws,
        ]
    };

    // Without the plugin on PATH: one line naming it, nothing opened.
    let err = fails(&gundo(root, &nothing, &[], &open("hw.key", "ws")));
    assert!(err.contains("age-plugin-gundotest is not on PATH"), "{err}");
    assert!(!root.join("ws/state.age").exists());

    // A plugin file that does not say its recipient cannot hold a workspace.
    std::fs::write(root.join("bare.key"), plugin_identity_line(&secret)).unwrap();
    let err = fails(&gundo(root, &plugins, &[], &open("bare.key", "wb")));
    assert!(err.contains("# recipient: age1"), "{err}");

    // A plugin key holding another secret: the bundle is not for it.
    let stranger = age::x25519::Identity::generate();
    std::fs::write(
        root.join("other.key"),
        format!(
            "# recipient: {}\n{}",
            stranger.to_public(),
            plugin_identity_line(&stranger)
        ),
    )
    .unwrap();
    let err = fails(&gundo(root, &plugins, &[], &open("other.key", "wo")));
    assert!(err.contains("this bundle is not for this key"), "{err}");

    // The plugin fails after the bundle's header (a PIN refused, a key pulled
    // out): the run stops, and nothing is recorded (no message marked damaged).
    let budget = root.join("budget");
    std::fs::write(&budget, "1").unwrap();
    let err = fails(&gundo(
        root,
        &plugins,
        &[("GUNDOTEST_BUDGET", &budget)],
        &open("hw.key", "ws"),
    ));
    assert!(err.contains("the age plugin failed"), "{err}");
    assert!(err.contains("the test key is unplugged"), "{err}");
    assert!(!root.join("ws/state.age").exists(), "nothing recorded");
    // Failing at the reply stops the run too, and records nothing.
    std::fs::write(&budget, "2").unwrap();
    let err = fails(&gundo(
        root,
        &plugins,
        &[("GUNDOTEST_BUDGET", &budget)],
        &open("hw.key", "ws"),
    ));
    assert!(err.contains("the test key is unplugged"), "{err}");
    assert!(!root.join("ws/state.age").exists(), "nothing recorded");

    // With the plugin working, everything opens; a second run adds nothing.
    let out = ok(&gundo(root, &plugins, &[], &open("hw.key", "ws")));
    assert!(out.contains("1 new message, 1 new reply"), "{out}");
    let thread = ok(&gundo(
        root,
        &plugins,
        &[],
        &[
            "review",
            "list",
            "--identity",
            "hw.key",
            "--workspace",
            "ws",
        ],
    ));
    let id = thread.split_whitespace().next().unwrap().to_owned();
    let shown = ok(&gundo(
        root,
        &plugins,
        &[],
        &[
            "review",
            "show",
            "--identity",
            "hw.key",
            "--workspace",
            "ws",
            "--thread",
            &id,
        ],
    ));
    assert!(shown.contains(REPLY), "the reply is shown: {shown}");
    assert!(shown.contains(TIP), "the tip is shown: {shown}");
    let out = ok(&gundo(root, &plugins, &[], &open("hw.key", "ws")));
    assert!(out.contains("0 new messages, 0 new replies"), "{out}");

    // The plugin line may be passphrase-protected like a gundo key.
    std::fs::write(
        root.join("wrapped.key"),
        passphrase_wrapped(
            &format!(
                "# recipient: {}\n{}",
                secret.to_public(),
                plugin_identity_line(&secret)
            ),
            "tenir bon",
        ),
    )
    .unwrap();
    std::fs::write(root.join("pass"), "tenir bon\n").unwrap();
    let mut args = open("wrapped.key", "ws2").to_vec();
    args.extend(["--passphrase-file", "pass"]);
    let out = ok(&gundo(root, &plugins, &[], &args));
    assert!(out.contains("1 new message, 1 new reply"), "{out}");

    // An outbox needs a signing key, which a plugin identity does not have.
    let err = fails(&gundo(
        root,
        &plugins,
        &[],
        &[
            "review",
            "outbox",
            "--identity",
            "hw.key",
            "--workspace",
            "ws",
            "--out",
            "x.outbox",
        ],
    ));
    assert!(err.contains("cannot sign"), "{err}");
    assert!(err.contains("`gundo keygen`"), "{err}");
    assert!(!root.join("x.outbox").exists());
}
