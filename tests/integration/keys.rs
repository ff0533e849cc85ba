//! Reviewer keys through the real binary: post-quantum keygen, the keys
//! directory that must hold public keys only (issue 10 §3), the sealing set
//! of a mixed directory, and old X25519 threads after the move to PQ keys.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use gundo::keys::{RecipientKey, ReviewerKey};
use gundo::store::Store;

use crate::support::{client, fails, gundo, ok, receipt_in};

/// A deployment in a temp dir: `gundo.toml`, `keys/`, `data/`, and the
/// reviewers' secret files beside them (never in `keys/`).
struct Deployment {
    dir: tempfile::TempDir,
}

impl Deployment {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("keys")).unwrap();
        std::fs::write(
            dir.path().join("gundo.toml"),
            "listen = \"127.0.0.1:0\"\ndata_dir = \"data\"\nkeys_dir = \"keys\"\nmin_free_mib = 0\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("pass"), "une longue phrase de passe\n").unwrap();
        Store::open(&dir.path().join("data")).unwrap();
        Self { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        gundo(self.dir.path(), args)
    }

    /// `gundo keygen` with `flags`, unencrypted unless `flags` says otherwise.
    fn keygen(&self, name: &str, flags: &[&str]) {
        let out = format!("{name}.key");
        let mut args = vec!["keygen", "--out", out.as_str()];
        args.extend_from_slice(flags);
        if !flags.contains(&"--passphrase-file") {
            args.push("--no-passphrase");
        }
        ok(&self.run(&args));
    }

    /// Makes `name` a reviewer: their NAME.pub into the keys directory.
    fn add_reviewer(&self, name: &str) {
        std::fs::copy(
            self.path(&format!("{name}.pub")),
            self.path(&format!("keys/{name}.pub")),
        )
        .unwrap();
    }

    fn problems(&self) -> Vec<String> {
        let out = self.run(&["check", "--config", "gundo.toml"]);
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .filter_map(|l| l.strip_prefix("problem: ").map(str::to_owned))
            .collect()
    }

    fn notes(&self) -> Vec<String> {
        let out = self.run(&["check", "--config", "gundo.toml"]);
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .filter_map(|l| l.strip_prefix("note: ").map(str::to_owned))
            .collect()
    }

    fn key(&self, name: &str) -> ReviewerKey {
        ReviewerKey::read(&self.path(&format!("{name}.key")), None, &age::NoCallbacks).unwrap()
    }
}

/// `gundo serve` on 127.0.0.1:0; every line it prints is kept.
struct Server {
    child: Child,
    addr: String,
    lines: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(deployment: &Deployment) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gundo"))
            .args(["serve", "--config", "gundo.toml"])
            .current_dir(deployment.dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let (found, address) = std::sync::mpsc::channel();
        let kept = lines.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(rest) = line.strip_prefix("gundo: serving on ") {
                    let _ = found.send(rest.split(',').next().unwrap_or_default().to_owned());
                }
                kept.lock().unwrap().push(line);
            }
        });
        let addr = address
            .recv_timeout(Duration::from_secs(30))
            .expect("the server says where it listens");
        // The note, if any, follows the "serving on" line at once.
        std::thread::sleep(Duration::from_millis(200));
        Self { child, addr, lines }
    }

    fn output(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    async fn submit(&self, text: &str) -> String {
        let form = reqwest::multipart::Form::new().text("message", text.to_owned());
        let response = client()
            .post(self.url("/fr/submit"))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        receipt_in(&response.text().await.unwrap())
    }

    async fn status_page(&self, receipt: &str) -> String {
        let response = client()
            .post(self.url("/fr/status"))
            .form(&[("receipt", receipt)])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        response.text().await.unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn blobs(data: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(data.join("blobs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "age"))
        .collect();
    files.sort();
    files
}

fn open_with(key: &ReviewerKey, file: &Path) -> Result<Vec<u8>, age::DecryptError> {
    let bytes = std::fs::read(file).unwrap();
    let decryptor = age::Decryptor::new_buffered(&bytes[..])?;
    let mut reader = decryptor.decrypt(std::iter::once(key.age_identity()))?;
    let mut plain = Vec::new();
    reader.read_to_end(&mut plain)?;
    Ok(plain)
}

/// The header's stanza types (`-> TYPE …` lines).
fn stanza_types(file: &Path) -> Vec<String> {
    let bytes = std::fs::read(file).unwrap();
    let header = &bytes[..bytes.windows(4).position(|w| w == b"\n---").unwrap()];
    String::from_utf8_lossy(header)
        .lines()
        .filter_map(|l| l.strip_prefix("-> "))
        .map(|l| l.split(' ').next().unwrap().to_owned())
        .collect()
}

fn stored_reply_recipient(data: &Path, receipt: &str) -> String {
    let store = Store::open(data).unwrap();
    let code = gundo::receipt::ReceiptCode::parse(receipt).unwrap();
    let thread = store.find_thread(code.locator()).unwrap().unwrap().id;
    store.reply_recipient(&thread).unwrap()
}

#[test]
fn keygen_makes_post_quantum_keys_unless_asked_for_classic() {
    let deployment = Deployment::new();
    let out = ok(&deployment.run(&["keygen", "--out", "amina.key", "--no-passphrase"]));
    assert!(out.contains("post-quantum"), "{out}");
    let key = std::fs::read_to_string(deployment.path("amina.key")).unwrap();
    assert!(key.lines().any(|l| l.starts_with("AGE-SECRET-KEY-PQ-1")));
    let public = std::fs::read_to_string(deployment.path("amina.pub")).unwrap();
    let reviewer = gundo::keys::parse_public_file(Path::new("amina.pub"), &public).unwrap();
    assert!(reviewer.recipient.is_post_quantum());
    assert_eq!(reviewer.recipient.to_string().len(), 1959);
    assert!(out.contains(&reviewer.recipient.to_string()));

    // Passphrase-protected by default, with age's scrypt, like a classic key.
    deployment.keygen("binta", &["--pq", "--passphrase-file", "pass"]);
    let armored = std::fs::read_to_string(deployment.path("binta.key")).unwrap();
    assert!(armored.starts_with("-----BEGIN AGE ENCRYPTED FILE-----"));
    let binta = gundo::keys::ReviewerIdentity::read(
        &deployment.path("binta.key"),
        Some(age::secrecy::SecretString::from(
            "une longue phrase de passe".to_owned(),
        )),
    )
    .unwrap();
    assert!(binta.age_identity().is_post_quantum());

    deployment.keygen("cheick", &["--classic"]);
    let key = std::fs::read_to_string(deployment.path("cheick.key")).unwrap();
    assert!(key.lines().any(|l| l.starts_with("AGE-SECRET-KEY-1")));

    let both = deployment.run(&["keygen", "--pq", "--classic", "--out", "x.key"]);
    assert!(!both.status.success());
    assert!(!deployment.path("x.key").exists());

    // The help says which tools read what.
    let help = ok(&deployment.run(&["keygen", "--help"]));
    assert!(
        help.contains("1.1.1") && help.contains("--classic"),
        "{help}"
    );
}

#[test]
fn a_secret_in_the_keys_directory_stops_serve_and_fails_check() {
    let deployment = Deployment::new();
    deployment.keygen("amina", &["--passphrase-file", "pass"]);
    deployment.keygen("binta", &["--classic"]);
    deployment.keygen("cheick", &[]);
    deployment.add_reviewer("amina");
    let about_keys = |problems: Vec<String>| -> Vec<String> {
        problems
            .into_iter()
            .filter(|p| p.contains("keys"))
            .collect()
    };
    assert!(about_keys(deployment.problems()).is_empty());

    // The default output of `gundo keygen` (passphrase-protected), a plain
    // classic key, a plain post-quantum key, a file in binary age, a stray file.
    std::fs::write(deployment.path("binary.age"), {
        use std::io::Write;
        let mut out = Vec::new();
        let mut w =
            age::Encryptor::with_user_passphrase(age::secrecy::SecretString::from("x".to_owned()))
                .wrap_output(&mut out)
                .unwrap();
        w.write_all(b"secret").unwrap();
        w.finish().unwrap();
        out
    })
    .unwrap();
    std::fs::write(deployment.path("notes.txt"), "à faire: clés\n").unwrap();
    for (file, kind) in [
        ("amina.key", "age-encrypted"),
        ("binta.key", "SECRET key"),
        ("cheick.key", "SECRET key"),
        ("binary.age", "age-encrypted"),
        ("notes.txt", "not a reviewer public key"),
    ] {
        let placed = deployment.path(&format!("keys/{file}"));
        std::fs::copy(deployment.path(file), &placed).unwrap();

        let refused = fails(&deployment.run(&["serve", "--config", "gundo.toml"]));
        assert!(refused.contains(file), "{file}: {refused}");
        assert!(refused.contains(kind), "{file}: {refused}");
        assert!(refused.contains("treat that key as exposed"), "{refused}");

        let out = deployment.run(&["check", "--config", "gundo.toml"]);
        assert!(!out.status.success());
        let problems = deployment.problems();
        let line: Vec<&String> = problems.iter().filter(|p| p.contains(file)).collect();
        assert_eq!(line.len(), 1, "{file}: {problems:?}");
        assert!(line[0].contains("remove it"), "{}", line[0]);
        assert!(line[0].contains("treat that key as exposed"), "{}", line[0]);

        std::fs::remove_file(&placed).unwrap();
    }

    // Only the secret half was copied: "no reviewer key" names it.
    std::fs::remove_file(deployment.path("keys/amina.pub")).unwrap();
    std::fs::copy(
        deployment.path("amina.key"),
        deployment.path("keys/amina.key"),
    )
    .unwrap();
    let refused = fails(&deployment.run(&["serve", "--config", "gundo.toml"]));
    assert!(refused.contains("no reviewer key"), "{refused}");
    assert!(refused.contains("amina.key"), "{refused}");
    let problems = deployment.problems();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("no reviewer key") && p.contains("amina.key")),
        "{problems:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_mixed_keys_directory_seals_post_quantum_only_and_names_who_is_left_out() {
    let deployment = Deployment::new();
    deployment.keygen("amina", &["--pq"]);
    deployment.keygen("binta", &["--classic"]);
    deployment.add_reviewer("amina");
    deployment.add_reviewer("binta");

    let notes = deployment.notes();
    let note: Vec<&String> = notes
        .iter()
        .filter(|n| n.contains("post-quantum"))
        .collect();
    assert_eq!(note.len(), 1, "{notes:?}");
    assert!(
        note[0].contains("binta") && !note[0].contains("amina"),
        "{}",
        note[0]
    );
    assert!(note[0].contains("gundo keygen --pq"), "{}", note[0]);
    assert!(
        !deployment.problems().iter().any(|p| p.contains("keys")),
        "a mix is advice, not a failure"
    );

    let server = Server::start(&deployment);
    let lines = server.output();
    assert!(
        lines[0].ends_with("sealing to 1 reviewer key (post-quantum)"),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("gundo: note: ")
            && l.contains("binta")
            && l.contains("gundo keygen --pq")),
        "{lines:?}"
    );

    let receipt = server.submit("Un dépôt de carburant vendu.").await;
    let data = deployment.path("data");
    let [blob] = blobs(&data).try_into().unwrap();
    let types = stanza_types(&blob);
    assert!(types.iter().any(|t| t == "mlkem768x25519"), "{types:?}");
    assert!(
        !types.iter().any(|t| t == "X25519"),
        "never weakened: {types:?}"
    );
    assert!(open_with(&deployment.key("amina"), &blob).is_ok());
    assert!(matches!(
        open_with(&deployment.key("binta"), &blob),
        Err(age::DecryptError::NoMatchingKeys)
    ));
    // The thread's reply key is post-quantum too.
    assert!(stored_reply_recipient(&data, &receipt).starts_with("age1pq1"));

    // The export bundle follows the same set, and says who is left out.
    drop(server);
    let out = ok(&deployment.run(&["export", "--config", "gundo.toml", "--out", "b.bundle"]));
    assert!(out.contains("sealed to 1 reviewer"), "{out}");
    assert!(out.contains("not sealed to binta"), "{out}");
    let types = stanza_types(&deployment.path("b.bundle"));
    assert!(!types.iter().any(|t| t == "X25519"), "{types:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn threads_opened_before_the_move_to_pq_keys_keep_their_x25519_replies() {
    let deployment = Deployment::new();
    deployment.keygen("amina", &["--classic"]);
    deployment.add_reviewer("amina");
    let data = deployment.path("data");

    // Before: classic reviewers, so a classic thread.
    let server = Server::start(&deployment);
    assert!(server.output()[0].ends_with("(classic X25519)"));
    assert!(
        server
            .output()
            .iter()
            .any(|l| l.contains("no reviewer key is post-quantum")),
        "{:?}",
        server.output()
    );
    let old = server.submit("avant la migration").await;
    drop(server);
    let old_recipient = stored_reply_recipient(&data, &old);
    assert!(old_recipient.starts_with("age1") && !old_recipient.starts_with("age1pq1"));

    // The CSO migrates: amina makes a post-quantum key and hands over its .pub.
    deployment.keygen("amina-pq", &[]);
    std::fs::remove_file(deployment.path("keys/amina.pub")).unwrap();
    deployment.add_reviewer("amina-pq");
    let server = Server::start(&deployment);
    assert!(server.output()[0].ends_with("(post-quantum)"));
    assert!(!server.output().iter().any(|l| l.contains("note:")));
    let new = server.submit("après la migration").await;
    let new_recipient = stored_reply_recipient(&data, &new);
    assert!(new_recipient.starts_with("age1pq1"));

    // Replies sealed as the reviewer side seals them (to the thread's key
    // and the reviewers' new PQ key), stored as `gundo import` stores them.
    let reviewers = vec![
        deployment
            .key("amina-pq")
            .signing_identity()
            .unwrap()
            .age_identity()
            .to_public(),
    ];
    {
        let store = Store::open(&data).unwrap();
        for (receipt, recipient, text) in [
            (&old, &old_recipient, "Réponse au fil ancien"),
            (&new, &new_recipient, "Réponse au fil nouveau"),
        ] {
            let thread_key: RecipientKey = recipient.parse().unwrap();
            let (to, rs) = gundo::keys::reply_recipients(thread_key, reviewers.clone());
            let sealed = gundo::reply::seal_reply(text, &to, &rs).unwrap();
            // The new reviewer key reads both conversations.
            assert!(
                gundo::reply::open_reply(deployment.key("amina-pq").age_identity(), &sealed)
                    .is_ok()
            );
            let code = gundo::receipt::ReceiptCode::parse(receipt).unwrap();
            let thread = store.find_thread(code.locator()).unwrap().unwrap().id;
            store.add_reply(&thread, &sealed).unwrap();
        }
    }
    // Each submitter reads their reply with their receipt alone.
    let page = server.status_page(&old).await;
    assert!(page.contains("Réponse au fil ancien"), "old thread");
    assert!(!page.contains("Réponse au fil nouveau"));
    let page = server.status_page(&new).await;
    assert!(page.contains("Réponse au fil nouveau"), "new thread");

    // Old tips stay readable with the old key; the new key reads the new
    // tip and both replies (two tips and two replies are stored).
    let old_key = deployment.key("amina");
    let new_key = deployment.key("amina-pq");
    let files = blobs(&data);
    assert_eq!(files.len(), 4);
    let readable_old = files
        .iter()
        .filter(|f| open_with(&old_key, f).is_ok())
        .count();
    let readable_new = files
        .iter()
        .filter(|f| open_with(&new_key, f).is_ok())
        .count();
    assert_eq!((readable_old, readable_new), (1, 3));
}

#[tokio::test(flavor = "multi_thread")]
async fn backups_are_post_quantum_and_restore_with_a_post_quantum_key() {
    let deployment = Deployment::new();
    deployment.keygen("amina", &[]);
    deployment.add_reviewer("amina");
    // The operator's old classic backup key stays in the configuration.
    deployment.keygen("old-backup", &["--classic"]);
    let public = std::fs::read_to_string(deployment.path("old-backup.pub")).unwrap();
    let old_backup = gundo::keys::parse_public_file(Path::new("old-backup.pub"), &public)
        .unwrap()
        .recipient;
    let mut config = std::fs::read_to_string(deployment.path("gundo.toml")).unwrap();
    {
        use std::fmt::Write;
        writeln!(config, "backup_recipients = [\"{old_backup}\"]").unwrap();
    }
    std::fs::write(deployment.path("gundo.toml"), config).unwrap();
    assert!(
        deployment
            .notes()
            .iter()
            .any(|n| n.contains("backup_recipients[0] still has a classic key")),
        "{:?}",
        deployment.notes()
    );

    let server = Server::start(&deployment);
    let receipt = server.submit("à sauvegarder").await;
    drop(server);
    let out = ok(&deployment.run(&["backup", "--config", "gundo.toml", "--out", "backup.age"]));
    assert!(
        out.contains("sealed to 1 key (reviewers and backup keys)"),
        "{out}"
    );
    assert!(out.contains("not sealed to backup_recipients[0]"), "{out}");
    let types = stanza_types(&deployment.path("backup.age"));
    assert!(types.iter().any(|t| t == "mlkem768x25519"), "{types:?}");
    assert!(!types.iter().any(|t| t == "X25519"), "{types:?}");

    // The reviewer's post-quantum key restores it; every receipt works again.
    ok(&deployment.run(&[
        "restore",
        "--data-dir",
        "restored",
        "--identity",
        "amina.key",
        "backup.age",
    ]));
    assert!(stored_reply_recipient(&deployment.path("restored"), &receipt).starts_with("age1pq1"));
    let refused = deployment.run(&[
        "restore",
        "--data-dir",
        "restored-2",
        "--identity",
        "old-backup.key",
        "backup.age",
    ]);
    assert!(!refused.status.success());
}
