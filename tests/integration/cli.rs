//! The real `gundo` binary: keygen, serve's refusals, the demo.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use crate::support::{client, fails, gundo};

#[test]
fn keygen_writes_a_key_stock_age_reads_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    // A classic key: the age crate (0.12) reads no post-quantum identity yet.
    let out = gundo(
        dir.path(),
        &[
            "keygen",
            "--classic",
            "--out",
            "amina.key",
            "--no-passphrase",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let key = std::fs::read_to_string(dir.path().join("amina.key")).unwrap();
    let identities = age::IdentityFile::from_buffer(key.as_bytes())
        .unwrap()
        .into_identities()
        .unwrap();
    assert_eq!(identities.len(), 1);
    let public = std::fs::read_to_string(dir.path().join("amina.pub")).unwrap();
    let reviewer = gundo::keys::parse_public_file(Path::new("amina.pub"), &public).unwrap();
    assert_eq!(reviewer.name, "amina");
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains(&reviewer.recipient.to_string())
    );

    let again = gundo(
        dir.path(),
        &["keygen", "--out", "amina.key", "--no-passphrase"],
    );
    assert!(fails(&again).contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("amina.key")).unwrap(),
        key
    );

    std::fs::write(dir.path().join("pass"), "une phrase de passe\n").unwrap();
    let out = gundo(
        dir.path(),
        &["keygen", "--out", "binta.key", "--passphrase-file", "pass"],
    );
    assert!(out.status.success());
    let key = std::fs::read_to_string(dir.path().join("binta.key")).unwrap();
    assert!(key.starts_with("-----BEGIN AGE ENCRYPTED FILE-----"));
    let identity = gundo::keys::ReviewerIdentity::read(
        &dir.path().join("binta.key"),
        Some(age::secrecy::SecretString::from(
            "une phrase de passe".to_owned(),
        )),
    )
    .unwrap();
    let public = std::fs::read_to_string(dir.path().join("binta.pub")).unwrap();
    let reviewer = gundo::keys::parse_public_file(Path::new("binta.pub"), &public).unwrap();
    assert_eq!(
        reviewer.recipient.to_string(),
        identity.age_identity().to_public().to_string()
    );
    assert_eq!(
        reviewer.verifying_key,
        identity.signing_key().verifying_key()
    );

    // No terminal and no passphrase option: a clear refusal, no file.
    let out = gundo(dir.path(), &["keygen", "--out", "c.key"]);
    assert!(fails(&out).contains("--passphrase-file"));
    assert!(!dir.path().join("c.key").exists());
}

fn write_config(dir: &Path, keys_dir: &str) {
    std::fs::write(
        dir.join("gundo.toml"),
        format!("listen = \"127.0.0.1:0\"\ndata_dir = \"data\"\nkeys_dir = \"{keys_dir}\"\nmin_free_mib = 0\n"),
    )
    .unwrap();
}

#[test]
fn serve_refuses_to_start_without_a_real_reviewer_key() {
    let dir = tempfile::tempdir().unwrap();
    write_config(dir.path(), "keys");

    let out = gundo(dir.path(), &["serve"]);
    assert!(fails(&out).contains("cannot read the keys directory"));

    std::fs::create_dir(dir.path().join("keys")).unwrap();
    let out = gundo(dir.path(), &["serve", "--config", "gundo.toml"]);
    assert!(fails(&out).contains("no reviewer key"));

    let demo = gundo::keys::ReviewerIdentity::generate_demo().to_reviewer("demo-reviewer");
    std::fs::write(
        dir.path().join("keys/demo-reviewer.pub"),
        gundo::keys::public_file_text(&demo),
    )
    .unwrap();
    let out = gundo(dir.path(), &["serve"]);
    assert!(fails(&out).contains("demo key"));

    let out = gundo(dir.path(), &["serve", "--config", "missing.toml"]);
    assert!(fails(&out).contains("missing.toml"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_demo_runs_with_no_set_up_and_says_how_to_read_tips() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_gundo"))
        .args(["serve", "--demo", "--listen", "127.0.0.1:0"])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    // Keep draining stdout until the server exits, so it never writes into a closed pipe.
    let (found, url_line) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut printed = String::new();
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(url) = line.trim().strip_prefix("Open the site:") {
                let _ = found.send(url.trim().to_owned());
            }
            printed.push_str(&line);
            printed.push('\n');
        }
        printed
    });
    let url = tokio::task::spawn_blocking(move || {
        url_line.recv_timeout(std::time::Duration::from_secs(30))
    })
    .await
    .unwrap()
    .expect("the demo prints its URL");
    let page = client().get(format!("{url}fr/")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let _ = child.kill();
    let _ = child.wait();
    let printed = reader.join().unwrap();
    assert!(printed.contains("NOT FOR REAL TIPS"));
    assert!(printed.contains("age -d -i gundo-demo/demo-reviewer.key"));
    let demo = dir.path().join("gundo-demo");
    for file in [
        "gundo.toml",
        "demo-reviewer.key",
        "keys/demo-reviewer.pub",
        "gundo.db",
    ] {
        assert!(demo.join(file).exists(), "{file}");
    }
    assert!(
        std::fs::read_to_string(demo.join("demo-reviewer.key"))
            .unwrap()
            .contains("DEMO KEY")
    );
}
