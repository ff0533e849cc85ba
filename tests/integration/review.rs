//! The whole loop through the real binary and HTTP: submit → export → open
//! (reviewer A, passphrase file) → reply → outbox → import → the submitter
//! reads the reply; reviewer B (no passphrase) opens both exports.

use std::io::{BufRead, BufReader};
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

fn thread_ids(workspace: &Path) -> Vec<String> {
    std::fs::read_dir(workspace.join("threads"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
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
            Part::bytes(name.as_bytes().to_vec()).file_name(name.clone()),
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

    // Export: one bundle; a second export has nothing new and writes nothing.
    let out = ok(&gundo(
        &root,
        &[
            "export",
            "--config",
            "server/gundo.toml",
            "--out",
            "b1.bundle",
        ],
    ));
    assert!(out.contains(": 1 message, "), "{out}");
    let out = ok(&gundo(
        &root,
        &[
            "export",
            "--config",
            "server/gundo.toml",
            "--out",
            "empty.bundle",
        ],
    ));
    assert!(out.contains("nothing new"), "{out}");
    assert!(!root.join("empty.bundle").exists());

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

    // Reviewer A opens it with a passphrase file; opening twice changes nothing.
    let open_a = [
        "review",
        "open",
        "--identity",
        "a/amina.key",
        "--passphrase-file",
        "a/pass",
        "--bundle",
        "b1.bundle",
        "--workspace",
        "a/ws",
    ];
    let out = ok(&gundo(&root, &open_a));
    assert!(out.contains("1 new message,"), "{out}");
    let index = std::fs::read_to_string(root.join("a/ws/index.html")).unwrap();
    let before: Vec<(PathBuf, Vec<u8>)> = all_files(&root.join("a/ws"))
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    let out = ok(&gundo(&root, &open_a));
    assert!(out.contains("0 new messages,"), "{out}");
    let after: Vec<(PathBuf, Vec<u8>)> = all_files(&root.join("a/ws"))
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    assert_eq!(before.len(), after.len(), "opening twice adds no file");
    assert!(
        index.contains("Les soldes fantômes"),
        "the tip is on the page"
    );
    assert!(index.contains("Content-Security-Policy") && !index.contains("<script"));

    let threads = thread_ids(&root.join("a/ws"));
    assert_eq!(threads.len(), 1);
    let thread = &threads[0];
    let message_dirs: Vec<PathBuf> =
        std::fs::read_dir(root.join("a/ws/threads").join(thread).join("messages"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
    let files_dir = message_dirs[0].join("files");
    let names: Vec<String> = std::fs::read_dir(&files_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    // Hostile names became safe names, all inside the folder, none lost.
    assert_eq!(names.len(), 2 + hostile.len() + 2, "{names:?}");
    for name in &names {
        assert!(
            !name.contains('/') && !name.contains('\u{202E}') && name.len() <= 120,
            "{name:?}"
        );
        assert!(!name.eq_ignore_ascii_case("CON"), "{name:?}");
    }
    assert!(names.iter().any(|n| n == "passwd"));
    for path in all_files(&root) {
        assert!(path.starts_with(&root), "{}", path.display());
    }
    // Metadata: the clean JPEG has no GPS, the clean PDF no author; originals untouched.
    let original_jpeg = std::fs::read(files_dir.join("photo.jpg")).unwrap();
    assert_eq!(original_jpeg, jpeg_with_gps());
    let clean_jpeg = std::fs::read(files_dir.join("photo.cleaned.jpg")).unwrap();
    assert!(!contains(&clean_jpeg, &gps_latitude()) && !contains(&clean_jpeg, b"Exif"));
    let clean_pdf = std::fs::read(files_dir.join("contrat.cleaned.pdf")).unwrap();
    assert!(!contains(&clean_pdf, b"Amadou"));
    assert!(contains(
        &std::fs::read(files_dir.join("contrat.pdf")).unwrap(),
        b"Amadou"
    ));
    assert!(index.contains("À RISQUE"), "the .exe is flagged");

    // A replies; the outbox carries the reply and the acknowledgement.
    std::fs::write(root.join("a/reply.txt"), REPLY).unwrap();
    ok(&gundo(
        &root,
        &[
            "review",
            "reply",
            "--identity",
            "a/amina.key",
            "--passphrase-file",
            "a/pass",
            "--workspace",
            "a/ws",
            "--thread",
            thread,
            "--message-file",
            "a/reply.txt",
        ],
    ));
    assert!(
        std::fs::read_to_string(root.join("a/ws/index.html"))
            .unwrap()
            .contains("Pouvez-vous dire quel mois")
    );
    ok(&gundo(
        &root,
        &[
            "review",
            "outbox",
            "--identity",
            "a/amina.key",
            "--passphrase-file",
            "a/pass",
            "--workspace",
            "a/ws",
            "--out",
            "o1.outbox",
        ],
    ));

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
            b"photo.jpg",
            receipt.as_bytes(),
        ] {
            assert!(!contains(&bytes, needle), "{carried} holds plaintext");
        }
    }

    // A tampered outbox, and one signed by an unknown key, change nothing.
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
    assert!(out.contains("0 new replies"), "{out}");
    assert_eq!(
        site.replies_shown(&receipt).await,
        1,
        "exactly once after a second import"
    );
    assert_eq!(
        site.blobs().len(),
        1,
        "the tip's blob is gone, the reply's is here"
    );

    // The next export carries A's reply; B opens both bundles.
    ok(&gundo(
        &root,
        &[
            "export",
            "--config",
            "server/gundo.toml",
            "--out",
            "b2.bundle",
        ],
    ));
    for bundle in ["b1.bundle", "b2.bundle"] {
        ok(&gundo(
            &root,
            &[
                "review",
                "open",
                "--identity",
                "b/binta.key",
                "--bundle",
                bundle,
                "--workspace",
                "b/ws",
            ],
        ));
    }
    let index_b = std::fs::read_to_string(root.join("b/ws/index.html")).unwrap();
    assert!(index_b.contains("Les soldes fantômes"));
    assert!(index_b.contains("Pouvez-vous dire quel mois"));
    let index_b_en = std::fs::read_to_string(root.join("b/ws/index.en.html")).unwrap();
    assert!(index_b_en.contains("lang=\"en\""));

    // A opens b2: the pending reply is now a delivered one.
    ok(&gundo(
        &root,
        &[
            "review",
            "open",
            "--identity",
            "a/amina.key",
            "--passphrase-file",
            "a/pass",
            "--bundle",
            "b2.bundle",
            "--workspace",
            "a/ws",
        ],
    ));
    let index_a = std::fs::read_to_string(root.join("a/ws/index.html")).unwrap();
    assert_eq!(index_a.matches("Pouvez-vous dire quel mois").count(), 1);
    assert!(!index_a.contains("Réponse en attente"));

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
    ok(&gundo(
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
    let err = fails(&gundo(
        &root,
        &["import", "--config", "server/gundo.toml", "y.outbox"],
    ));
    assert!(err.contains("not in the keys directory"), "{err}");
}
