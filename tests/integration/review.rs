//! The whole loop through the real binary and HTTP: submit → export → open
//! (reviewer A, passphrase file) into a workspace that holds only ciphertext
//! → list, show, save → reply, note, state → outbox → import → the submitter
//! reads the reply; reviewer B opens both exports and sees A's note and
//! state. And the attacks on the reviewer's side: forged, unsigned and
//! foreign bundles, and a changed reviewer set, leave a workspace untouched.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use reqwest::multipart::{Form, Part};

use crate::fixtures::{gps_latitude, jpeg_with_gps, pdf_with_author};
use crate::support::{all_files, client, contains, fails, gundo, ok, receipt_in};

const TIP: &str = "Les soldes fantômes du 5e bataillon: 212 noms. رواتب وهمية";
const REPLY: &str = "Merci. Pouvez-vous dire quel mois ? شكرا";

struct Site {
    dir: tempfile::TempDir,
    server: Child,
    url: String,
    stdout: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
        if let Some(reader) = self.stdout.take() {
            let _ = reader.join();
        }
    }
}

/// Two reviewers (A with a passphrase, B without), a config, the real server.
fn start_site() -> Site {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("server/keys")).unwrap();
    std::fs::create_dir_all(root.join("a")).unwrap();
    std::fs::create_dir_all(root.join("b")).unwrap();
    std::fs::write(root.join("a/pass"), "la phrase de passe d'Amina\n").unwrap();
    ok(&gundo(
        root,
        &[
            "keygen",
            "--out",
            "a/amina.key",
            "--passphrase-file",
            "a/pass",
        ],
    ));
    ok(&gundo(
        root,
        &["keygen", "--out", "b/binta.key", "--no-passphrase"],
    ));
    std::fs::copy(root.join("a/amina.pub"), root.join("server/keys/amina.pub")).unwrap();
    std::fs::copy(root.join("b/binta.pub"), root.join("server/keys/binta.pub")).unwrap();
    std::fs::write(
        root.join("server/gundo.toml"),
        "listen = \"127.0.0.1:0\"\ndata_dir = \"data\"\nkeys_dir = \"keys\"\nmin_free_mib = 0\n",
    )
    .unwrap();
    let mut server = Command::new(env!("CARGO_BIN_EXE_gundo"))
        .args(["serve", "--config", "server/gundo.toml"])
        .current_dir(root)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(root.join("server.log")).unwrap())
        .spawn()
        .unwrap();
    let stdout = server.stdout.take().unwrap();
    let (found, address) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(rest) = line.strip_prefix("gundo: serving on ") {
                let addr = rest.split(',').next().unwrap_or_default().to_owned();
                let _ = found.send(addr);
            }
        }
    });
    let addr = address
        .recv_timeout(std::time::Duration::from_secs(30))
        .expect("the server says where it listens");
    Site {
        dir,
        server,
        url: format!("http://{addr}"),
        stdout: Some(reader),
    }
}

impl Site {
    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn blobs(&self) -> Vec<PathBuf> {
        std::fs::read_dir(self.root().join("server/data/blobs"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect()
    }

    async fn replies_shown(&self, receipt: &str) -> usize {
        let html = client()
            .post(format!("{}/fr/status", self.url))
            .form(&[("receipt", receipt)])
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("/followup\""), "the receipt opens the thread");
        html.matches("Pouvez-vous dire quel mois").count()
    }
}

/// Every file under `dir`, with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = all_files(dir)
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    files.sort();
    files
}

/// `gundo review …` as reviewer A (passphrase file) or B.
fn review_as(root: &Path, who: &str, args: &[&str]) -> std::process::Output {
    let mut full: Vec<&str> = vec!["review", args[0]];
    match who {
        "a" => full.extend(["--identity", "a/amina.key", "--passphrase-file", "a/pass"]),
        _ => full.extend(["--identity", "b/binta.key"]),
    }
    full.extend(&args[1..]);
    gundo(root, &full)
}

/// The fingerprint `gundo export` says it signed with.
fn signed_with(export_output: &str) -> String {
    let marker = "signed by this server (";
    let start = export_output.find(marker).unwrap() + marker.len();
    export_output[start..start + 47].to_owned()
}

fn export(root: &Path, config: &str, out: &str) -> String {
    ok(&gundo(root, &["export", "--config", config, "--out", out]))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_whole_loop_reaches_the_submitter_and_every_reviewer() {
    let site = start_site();
    let root = site.root().to_owned();
    let hostile = [
        "../../etc/passwd".to_owned(),
        "/abs".to_owned(),
        "CON".to_owned(),
        "a\u{202E}gnp.exe".to_owned(),
        "x".repeat(4000),
        "Rapport.txt".to_owned(),
        "rapport.TXT".to_owned(),
    ];
    let mut form = Form::new()
        .text("message", TIP)
        .part("files", Part::bytes(jpeg_with_gps()).file_name("photo.jpg"))
        .part(
            "files",
            Part::bytes(pdf_with_author("Amadou Traore")).file_name("contrat.pdf"),
        );
    for name in &hostile {
        form = form.part(
            "files",
            Part::bytes(format!("contenu de {name}").into_bytes()).file_name(name.clone()),
        );
    }
    let response = client()
        .post(format!("{}/fr/submit", site.url))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let receipt = receipt_in(&response.text().await.unwrap());
    assert_eq!(site.blobs().len(), 1);

    // Export: one signed bundle; a second export has nothing new and writes nothing.
    let out = export(&root, "server/gundo.toml", "b1.bundle");
    assert!(out.contains("1 message"), "{out}");
    let fingerprint = signed_with(&out);
    assert_eq!(fingerprint.len(), 47, "{out}");
    let out = export(&root, "server/gundo.toml", "empty.bundle");
    assert!(out.contains("nothing new"), "{out}");
    assert!(!root.join("empty.bundle").exists());
    // The operator reads the same fingerprint from `gundo check`.
    let check = gundo(&root, &["check", "--config", "server/gundo.toml"]);
    assert!(
        String::from_utf8_lossy(&check.stdout).contains(&fingerprint),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );

    // A wrong key gets one line.
    let stranger = tempfile::tempdir().unwrap();
    ok(&gundo(
        stranger.path(),
        &["keygen", "--out", "x.key", "--no-passphrase"],
    ));
    let x_key = stranger.path().join("x.key");
    let err = fails(&gundo(
        &root,
        &[
            "review",
            "open",
            "--identity",
            x_key.to_str().unwrap(),
            "--bundle",
            "b1.bundle",
            "--workspace",
            "wx",
        ],
    ));
    assert!(err.contains("this bundle is not for this key"), "{err}");

    // Reviewer A opens it (no terminal: the key is pinned and its fingerprint
    // printed); opening twice changes nothing.
    let open_a = ["open", "--bundle", "b1.bundle", "--workspace", "a/ws"];
    let out = ok(&review_as(&root, "a", &open_a));
    assert!(out.contains("1 new message"), "{out}");
    assert!(
        out.contains(&format!(
            "now trusts the server key with fingerprint {fingerprint}"
        )),
        "{out}"
    );
    let before = snapshot(&root.join("a/ws"));
    let out = ok(&review_as(&root, "a", &open_a));
    assert!(out.contains("0 new messages"), "{out}");
    let after = snapshot(&root.join("a/ws"));
    assert_eq!(
        before.iter().map(|f| &f.0).collect::<Vec<_>>(),
        after.iter().map(|f| &f.0).collect::<Vec<_>>(),
        "opening twice adds no file"
    );

    // Nothing under the workspace is readable: no text, no attachment, no name.
    let gps = gps_latitude();
    let needles: Vec<(&str, Vec<u8>)> = vec![
        ("the tip's text", TIP.as_bytes()[..24].to_vec()),
        ("a line of the tip", "212 noms".as_bytes().to_vec()),
        ("the photo's GPS", gps.clone()),
        ("the PDF's author", b"Amadou".to_vec()),
        ("a file's content", b"contenu de".to_vec()),
        ("a file's name", b"photo.jpg".to_vec()),
        ("the receipt", receipt.as_bytes().to_vec()),
    ];
    for (path, bytes) in snapshot(&root.join("a/ws")) {
        for (what, needle) in &needles {
            assert!(!contains(&bytes, needle), "{} holds {what}", path.display());
        }
    }

    // list and show, from the sealed state.
    let listed = ok(&review_as(&root, "a", &["list", "--workspace", "a/ws"]));
    assert!(
        listed.contains("Les soldes fantômes du 5e bataillon"),
        "{listed}"
    );
    assert!(
        listed.contains("1 new") && listed.contains("unanswered"),
        "{listed}"
    );
    let thread = listed.split_whitespace().next().unwrap().to_owned();
    let shown = ok(&review_as(
        &root,
        "a",
        &["show", "--workspace", "a/ws", "--thread", &thread],
    ));
    assert!(shown.contains(TIP), "{shown}");
    assert!(
        shown.contains("attachment: photo.jpg") && shown.contains("cleaned copy (JPEG)"),
        "{shown}"
    );
    assert!(
        shown.contains("attachment: contrat.pdf") && shown.contains("cleaned copy (PDF)"),
        "{shown}"
    );
    assert!(
        shown.contains("RISK: executable"),
        "the .exe is flagged: {shown}"
    );
    assert!(
        !shown.contains('\u{202E}'),
        "no bidi override reaches the terminal"
    );
    assert!(shown.contains("passwd"), "{shown}");

    // save: the cleaned copy has no GPS; the original comes back byte for byte.
    std::fs::create_dir(root.join("out")).unwrap();
    let save = |file: &str, original: bool| {
        let mut args = vec![
            "save",
            "--workspace",
            "a/ws",
            "--thread",
            &thread,
            "--file",
            file,
            "--to",
            "out",
        ];
        if original {
            args.push("--original");
        }
        ok(&review_as(&root, "a", &args))
    };
    save("photo.jpg", false);
    let clean_jpeg = std::fs::read(root.join("out/photo.cleaned.jpg")).unwrap();
    assert!(clean_jpeg.starts_with(&[0xFF, 0xD8]));
    assert!(!contains(&clean_jpeg, &gps) && !contains(&clean_jpeg, b"Exif"));
    save("photo.jpg", true);
    assert_eq!(
        std::fs::read(root.join("out/photo.jpg")).unwrap(),
        jpeg_with_gps()
    );
    save("contrat.pdf", false);
    assert!(!contains(
        &std::fs::read(root.join("out/contrat.cleaned.pdf")).unwrap(),
        b"Amadou"
    ));
    save("passwd", true);
    assert_eq!(
        std::fs::read(root.join("out/passwd")).unwrap(),
        b"contenu de ../../etc/passwd"
    );
    // Saving twice never overwrites: a new name.
    save("passwd", true);
    assert!(root.join("out/passwd (2)").exists());
    let err = fails(&review_as(
        &root,
        "a",
        &[
            "save",
            "--workspace",
            "a/ws",
            "--thread",
            &thread,
            "--file",
            "Rapport.txt",
            "--to",
            "out",
        ],
    ));
    assert!(err.contains("no cleaned copy"), "{err}");

    // A replies, leaves a note for the team and marks the thread; the outbox carries all.
    std::fs::write(root.join("a/reply.txt"), REPLY).unwrap();
    ok(&review_as(
        &root,
        "a",
        &[
            "reply",
            "--workspace",
            "a/ws",
            "--thread",
            &thread,
            "--message-file",
            "a/reply.txt",
        ],
    ));
    std::fs::write(root.join("a/note.txt"), "Je m'en occupe, ne répondez pas.").unwrap();
    ok(&review_as(
        &root,
        "a",
        &[
            "note",
            "--workspace",
            "a/ws",
            "--thread",
            &thread,
            "--message-file",
            "a/note.txt",
        ],
    ));
    ok(&review_as(
        &root,
        "a",
        &[
            "mark",
            "--workspace",
            "a/ws",
            "--thread",
            &thread,
            "--state",
            "open",
            "--handler",
            "amina",
        ],
    ));
    let shown = ok(&review_as(
        &root,
        "a",
        &["show", "--workspace", "a/ws", "--thread", &thread],
    ));
    assert!(
        shown.contains("your reply (queued for the next outbox)") && shown.contains(REPLY),
        "{shown}"
    );
    for (path, bytes) in snapshot(&root.join("a/ws")) {
        for needle in [REPLY.as_bytes(), "Je m'en occupe".as_bytes()] {
            assert!(
                !contains(&bytes, needle),
                "{} holds a reply or note",
                path.display()
            );
        }
    }
    let out = ok(&review_as(
        &root,
        "a",
        &["outbox", "--workspace", "a/ws", "--out", "o1.outbox"],
    ));
    assert!(
        out.contains("1 reply, 2 notes and states, 1 acknowledgement"),
        "{out}"
    );

    // No plaintext in any file carried on the stick.
    for carried in ["b1.bundle", "o1.outbox"] {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(root.join(carried))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(
            mode & 0o777,
            0o600,
            "{carried} is for its carrier's eyes only"
        );
        let bytes = std::fs::read(root.join(carried)).unwrap();
        for needle in [
            &TIP.as_bytes()[..20],
            REPLY.as_bytes(),
            b"Je m'en occupe",
            b"photo.jpg",
            receipt.as_bytes(),
        ] {
            assert!(!contains(&bytes, needle), "{carried} holds plaintext");
        }
    }

    // A tampered outbox changes nothing.
    let mut tampered = std::fs::read(root.join("o1.outbox")).unwrap();
    let middle = tampered.len() / 2;
    tampered[middle] ^= 0x20;
    std::fs::write(root.join("tampered.outbox"), &tampered).unwrap();
    fails(&gundo(
        &root,
        &["import", "--config", "server/gundo.toml", "tampered.outbox"],
    ));
    assert_eq!(site.replies_shown(&receipt).await, 0);
    assert_eq!(site.blobs().len(), 1, "nothing applied");

    // Import: the reply reaches the submitter, the acknowledged tip is purged.
    let out = ok(&gundo(
        &root,
        &["import", "--config", "server/gundo.toml", "o1.outbox"],
    ));
    assert!(out.contains("1 new reply"), "{out}");
    assert_eq!(site.replies_shown(&receipt).await, 1);
    let out = ok(&gundo(
        &root,
        &["import", "--config", "server/gundo.toml", "o1.outbox"],
    ));
    assert!(out.contains("imported before"), "{out}");
    assert_eq!(
        site.replies_shown(&receipt).await,
        1,
        "exactly once after a second import"
    );
    assert_eq!(
        site.blobs().len(),
        3,
        "the tip's blob is gone; the reply's and the two notes' are here"
    );

    // The next export carries A's reply, note and state; B opens both bundles.
    let out = export(&root, "server/gundo.toml", "b2.bundle");
    assert!(out.contains("1 reply, 2 notes"), "{out}");
    for bundle in ["b1.bundle", "b2.bundle"] {
        ok(&review_as(
            &root,
            "b",
            &["open", "--bundle", bundle, "--workspace", "b/ws"],
        ));
    }
    let listed_b = ok(&review_as(&root, "b", &["list", "--workspace", "b/ws"]));
    assert!(
        listed_b.contains("open") && listed_b.contains("amina"),
        "B sees A's state: {listed_b}"
    );
    assert!(!listed_b.contains("unanswered"), "{listed_b}");
    let shown_b = ok(&review_as(
        &root,
        "b",
        &["show", "--workspace", "b/ws", "--thread", &thread],
    ));
    assert!(
        shown_b.contains("reply by amina") && shown_b.contains(REPLY),
        "{shown_b}"
    );
    assert!(
        shown_b.contains("note by amina (for reviewers only)")
            && shown_b.contains("Je m'en occupe"),
        "{shown_b}"
    );
    assert!(
        shown_b.contains("state by amina: open, handled by amina"),
        "{shown_b}"
    );

    // A opens b2: the pending reply is now a delivered one, shown once.
    ok(&review_as(
        &root,
        "a",
        &["open", "--bundle", "b2.bundle", "--workspace", "a/ws"],
    ));
    let shown_a = ok(&review_as(
        &root,
        "a",
        &["show", "--workspace", "a/ws", "--thread", &thread],
    ));
    assert_eq!(shown_a.matches(REPLY).count(), 1, "{shown_a}");
    assert!(!shown_a.contains("your reply"), "{shown_a}");

    // B marks it answered the same day: both states are shown, a conflict to settle.
    ok(&review_as(
        &root,
        "b",
        &[
            "mark",
            "--workspace",
            "b/ws",
            "--thread",
            &thread,
            "--state",
            "answered",
        ],
    ));
    let listed_b = ok(&review_as(&root, "b", &["list", "--workspace", "b/ws"]));
    assert!(listed_b.contains("conflict"), "{listed_b}");

    // The server's log holds no client data: no text, no receipt, no address, no browser.
    let log = std::fs::read_to_string(root.join("server.log")).unwrap();
    let digits: String = receipt.chars().filter(char::is_ascii_digit).collect();
    for needle in [
        &TIP[..20],
        &receipt,
        &digits,
        "127.0.0.1",
        "Mozilla",
        "photo.jpg",
        REPLY,
    ] {
        assert!(!log.contains(needle), "the log holds {needle:?}: {log}");
    }

    // An outbox signed by a key the server does not know is refused, whole.
    let y = tempfile::tempdir().unwrap();
    ok(&gundo(
        y.path(),
        &["keygen", "--out", "y.key", "--no-passphrase"],
    ));
    let y_key = y.path().join("y.key");
    std::fs::copy(root.join("b1.bundle"), y.path().join("b1.bundle")).unwrap();
    let err = fails(&gundo(
        &root,
        &[
            "review",
            "outbox",
            "--identity",
            y_key.to_str().unwrap(),
            "--workspace",
            "b/ws",
            "--out",
            "y.outbox",
        ],
    ));
    assert!(
        err.contains("another key"),
        "B's workspace does not open with y's key: {err}"
    );
}

/// Decrypts a bundle with reviewer A's key file (unencrypted copy for the test).
fn bundle_plaintext(identity: &dyn age::Identity, bundle: &[u8]) -> Vec<u8> {
    let decryptor = age::Decryptor::new(bundle).unwrap();
    let mut out = Vec::new();
    decryptor
        .decrypt(std::iter::once(identity))
        .unwrap()
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn sealed_to(recipient: &dyn age::Recipient, plain: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let encryptor = age::Encryptor::with_recipients(std::iter::once(recipient)).unwrap();
    let mut out = Vec::new();
    let mut writer = encryptor.wrap_output(&mut out).unwrap();
    writer.write_all(plain).unwrap();
    writer.finish().unwrap();
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn forged_foreign_and_changed_bundles_leave_the_workspace_untouched() {
    let site = start_site();
    let root = site.root().to_owned();
    let response = client()
        .post(format!("{}/fr/submit", site.url))
        .multipart(Form::new().text("message", TIP))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let fingerprint = signed_with(&export(&root, "server/gundo.toml", "b1.bundle"));
    ok(&review_as(
        &root,
        "b",
        &["open", "--bundle", "b1.bundle", "--workspace", "b/ws"],
    ));
    let pinned = snapshot(&root.join("b/ws"));
    let untouched = |what: &str| {
        assert_eq!(
            snapshot(&root.join("b/ws")),
            pinned,
            "{what} changed the workspace"
        );
    };

    // What whoever knows the reviewers' public keys can make: the real
    // bundle's plaintext with the reviewers swapped for an attacker's key.
    let binta = gundo::keys::ReviewerIdentity::read(&root.join("b/binta.key"), None).unwrap();
    let me = binta.age_identity();
    let plain = bundle_plaintext(me, &std::fs::read(root.join("b1.bundle")).unwrap());
    let attacker = age::x25519::Identity::generate().to_public().to_string();
    let forged = {
        // The tar rebuilt with the manifest changed, then the real signature block.
        let mut archive = tar::Archive::new(&plain[..]);
        let mut builder = tar::Builder::new(Vec::new());
        for entry in archive.entries().unwrap() {
            let mut entry = entry.unwrap();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            let path = entry.path().unwrap().into_owned();
            if path.to_str() == Some("manifest.toml") {
                let mut manifest: gundo::bundle::ExportManifest =
                    toml::from_str(std::str::from_utf8(&data).unwrap()).unwrap();
                for reviewer in &mut manifest.reviewers {
                    reviewer.recipient.clone_from(&attacker);
                }
                data = toml::to_string(&manifest).unwrap().into_bytes();
            }
            let mut header = entry.header().clone();
            header.set_size(data.len() as u64);
            header.set_cksum();
            builder.append(&header, &data[..]).unwrap();
        }
        let mut forged = builder.into_inner().unwrap();
        let body_end = plain.len() - plain.iter().rev().position(|&b| b != 0).unwrap();
        let sig_start = (body_end - 1) / 512 * 512;
        forged.extend_from_slice(&plain[sig_start..sig_start + 512]);
        forged.resize(forged.len().next_multiple_of(1 << 16), 0);
        forged
    };
    std::fs::write(
        root.join("forged.bundle"),
        sealed_to(&me.to_public(), &forged),
    )
    .unwrap();
    let err = fails(&review_as(
        &root,
        "b",
        &["open", "--bundle", "forged.bundle", "--workspace", "b/ws"],
    ));
    assert!(err.contains("signature is not valid"), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    untouched("a forged bundle");

    // The same without any signature.
    let body_end = plain.len() - plain.iter().rev().position(|&b| b != 0).unwrap();
    let mut unsigned = plain[..(body_end - 1) / 512 * 512].to_vec();
    unsigned.resize(plain.len(), 0);
    std::fs::write(
        root.join("unsigned.bundle"),
        sealed_to(&me.to_public(), &unsigned),
    )
    .unwrap();
    let err = fails(&review_as(
        &root,
        "b",
        &["open", "--bundle", "unsigned.bundle", "--workspace", "b/ws"],
    ));
    assert!(err.contains("not signed"), "{err}");
    untouched("an unsigned bundle");

    // A bundle from another server (its own key) to the same reviewers: refused...
    std::fs::create_dir_all(root.join("other/keys")).unwrap();
    for name in ["amina", "binta"] {
        std::fs::copy(
            root.join(format!("server/keys/{name}.pub")),
            root.join(format!("other/keys/{name}.pub")),
        )
        .unwrap();
    }
    std::fs::write(
        root.join("other/gundo.toml"),
        "data_dir = \"data\"\nkeys_dir = \"keys\"\nmin_free_mib = 0\n",
    )
    .unwrap();
    {
        let store = gundo::store::Store::open(&root.join("other/data")).unwrap();
        let mut blob = store.new_blob().unwrap();
        std::io::Write::write_all(&mut blob, &sealed_to(&me.to_public(), b"x")).unwrap();
        let blob = blob.commit().unwrap();
        store
            .record_tip(
                &blob,
                &gundo::store::NewThread {
                    salt: gundo::receipt::Salt::generate(),
                    verifier: gundo::receipt::Verifier::from_bytes([3; 32]),
                    reply_recipient: age::x25519::Identity::generate().to_public().to_string(),
                },
            )
            .unwrap();
    }
    let other_fp = signed_with(&export(&root, "other/gundo.toml", "other.bundle"));
    assert_ne!(other_fp, fingerprint);
    let err = fails(&review_as(
        &root,
        "b",
        &["open", "--bundle", "other.bundle", "--workspace", "b/ws"],
    ));
    assert!(
        err.contains("another server key") && err.contains(&other_fp) && err.contains(&fingerprint),
        "{err}"
    );
    untouched("another server's bundle");
    // ...a wrong fingerprint is refused too...
    let err = fails(&review_as(
        &root,
        "b",
        &[
            "open",
            "--bundle",
            "other.bundle",
            "--workspace",
            "b/ws",
            "--server-fingerprint",
            &fingerprint,
        ],
    ));
    assert!(err.contains("not the"), "{err}");
    untouched("a wrong fingerprint");

    // A reviewer added on the server: the change is shown and refused until accepted.
    ok(&gundo(
        &root,
        &["keygen", "--out", "carla.key", "--no-passphrase"],
    ));
    std::fs::copy(root.join("carla.pub"), root.join("server/keys/carla.pub")).unwrap();
    let response = client()
        .post(format!("{}/fr/submit", site.url))
        .multipart(Form::new().text("message", "Un second signalement."))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    export(&root, "server/gundo.toml", "b2.bundle");
    let err = fails(&review_as(
        &root,
        "b",
        &["open", "--bundle", "b2.bundle", "--workspace", "b/ws"],
    ));
    assert!(
        err.contains("added carla") && err.contains("--accept-reviewers"),
        "{err}"
    );
    untouched("a changed reviewer set");
    let out = ok(&review_as(
        &root,
        "b",
        &[
            "open",
            "--bundle",
            "b2.bundle",
            "--workspace",
            "b/ws",
            "--accept-reviewers",
        ],
    ));
    assert!(
        out.contains("accepted a change of reviewers: added carla"),
        "{out}"
    );

    // ...and an explicit fingerprint accepts the other server (a move, a new
    // server), whose reviewer set (without carla) must be accepted as well.
    let err = fails(&review_as(
        &root,
        "b",
        &[
            "open",
            "--bundle",
            "other.bundle",
            "--workspace",
            "b/ws",
            "--server-fingerprint",
            &other_fp,
        ],
    ));
    assert!(err.contains("removed carla"), "{err}");
    let out = ok(&review_as(
        &root,
        "b",
        &[
            "open",
            "--bundle",
            "other.bundle",
            "--workspace",
            "b/ws",
            "--server-fingerprint",
            &other_fp,
            "--accept-reviewers",
        ],
    ));
    assert!(
        out.contains(&format!(
            "now trusts the server key with fingerprint {other_fp}"
        )),
        "{out}"
    );
}
