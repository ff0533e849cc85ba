//! `gundo import` under attack and mishap: a replayed outbox after retention
//! deleted its replies, a reply to a thread that expired, and a crafted
//! outbox whose names carry terminal escape sequences.

use std::io::Write;
use std::path::Path;

use gundo::bundle::{OUTBOX_FORMAT, OutboxContent, OutboxReply, armor, write_outbox};
use gundo::config::RetentionPolicy;
use gundo::ids::{BlobId, ThreadId};
use gundo::keys::{ReviewerIdentity, encode_verifying_key};
use gundo::store::{NewThread, Store};

use crate::support::{fails, gundo, ok};

/// A data directory with one thread (and its tip), a keys directory with
/// amina's public key, and a configuration naming both.
struct Server {
    dir: tempfile::TempDir,
    amina: ReviewerIdentity,
    thread: ThreadId,
    reply_key: age::x25519::Identity,
}

impl Server {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let amina = ReviewerIdentity::generate();
        std::fs::create_dir(dir.path().join("keys")).unwrap();
        std::fs::write(
            dir.path().join("keys/amina.pub"),
            gundo::keys::public_file_text(&amina.to_reviewer("amina")),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("gundo.toml"),
            "data_dir = \"data\"\nkeys_dir = \"keys\"\nmin_free_mib = 0\n",
        )
        .unwrap();
        let store = Store::open(&dir.path().join("data")).unwrap();
        let mut blob = store.new_blob().unwrap();
        blob.write_all(b"sealed tip").unwrap();
        let blob = blob.commit().unwrap();
        let reply_key = age::x25519::Identity::generate();
        let (_, thread) = store
            .record_tip(
                &blob,
                &NewThread {
                    salt: gundo::receipt::Salt::generate(),
                    verifier: gundo::receipt::Verifier::from_bytes([1; 32]),
                    reply_recipient: reply_key.to_public().to_string(),
                },
            )
            .unwrap();
        Self {
            dir,
            amina,
            thread,
            reply_key,
        }
    }

    fn store(&self) -> Store {
        Store::open(&self.dir.path().join("data")).unwrap()
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    /// An outbox signed by `signer`, naming itself `name`, with replies
    /// `(id, thread)`, written to `file`.
    fn outbox(
        &self,
        signer: &ReviewerIdentity,
        name: &str,
        day: &str,
        replies: &[(&BlobId, &ThreadId)],
        file: &str,
    ) -> String {
        let sealed = gundo::reply::seal_reply(
            "Merci, nous lisons.",
            &gundo::keys::RecipientKey::from(self.reply_key.to_public()),
            &[self.amina.age_identity().to_public()],
        )
        .unwrap();
        let content = OutboxContent {
            format: OUTBOX_FORMAT.into(),
            signer: name.into(),
            signing_key: encode_verifying_key(&signer.signing_key().verifying_key()),
            day: day.into(),
            acknowledged: vec![],
            replies: replies
                .iter()
                .map(|(id, thread)| OutboxReply {
                    id: (*id).clone(),
                    thread: (*thread).clone(),
                    age: armor(&sealed).unwrap(),
                })
                .collect(),
            notes: vec![],
        };
        std::fs::write(
            self.root().join(file),
            write_outbox(&content, signer.signing_key()),
        )
        .unwrap();
        file.to_owned()
    }

    fn import(&self, file: &str) -> std::process::Output {
        gundo(self.root(), &["import", "--config", "gundo.toml", file])
    }
}

#[test]
fn a_replayed_outbox_cannot_bring_back_replies_that_retention_deleted() {
    let server = Server::new();
    let reply = BlobId::generate();
    let file = server.outbox(
        &server.amina,
        "amina",
        "2026-12-01",
        &[(&reply, &server.thread)],
        "a.outbox",
    );
    let first = ok(&server.import(&file));
    assert!(first.contains("1 new reply"), "{first}");

    // The receipt holder reads it, it goes out in an export, and retention deletes it.
    let store = server.store();
    assert_eq!(store.replies(&server.thread).unwrap().len(), 1);
    let manifest = store.export_manifest(false).unwrap();
    store.mark_exported(&manifest).unwrap();
    let later = gundo::store::today_date() + time::Duration::days(5);
    let policy = RetentionPolicy {
        read_reply_days: 1,
        ..RetentionPolicy::default()
    };
    assert_eq!(store.purge_expired(&policy, later).unwrap().read_replies, 1);
    assert!(store.replies(&server.thread).unwrap().is_empty());
    drop(store);

    // The same outbox again: nothing comes back, and it says so.
    let again = ok(&server.import(&file));
    assert!(again.contains("imported before: nothing new"), "{again}");
    assert!(
        again.contains("0 new replies") || again.contains("0 new reply"),
        "{again}"
    );
    assert!(server.store().replies(&server.thread).unwrap().is_empty());

    // A new outbox carrying the same reply (re-sent after a lost stick): not added either.
    let resent = server.outbox(
        &server.amina,
        "amina",
        "2026-12-03",
        &[(&reply, &server.thread)],
        "b.outbox",
    );
    let out = ok(&server.import(&resent));
    assert!(
        out.contains("imported before (from an earlier outbox), not added again"),
        "{out}"
    );
    assert!(server.store().replies(&server.thread).unwrap().is_empty());
}

#[test]
fn a_reply_to_an_expired_thread_is_skipped_and_the_rest_imported() {
    let server = Server::new();
    let (kept, lost) = (BlobId::generate(), BlobId::generate());
    let gone = ThreadId::generate();
    let file = server.outbox(
        &server.amina,
        "amina",
        "2026-12-01",
        &[(&lost, &gone), (&kept, &server.thread)],
        "mixed.outbox",
    );
    let out = ok(&server.import(&file));
    assert!(out.contains("1 new reply"), "{out}");
    assert!(
        out.contains(&format!("skipped reply {lost} to thread {gone}")),
        "{out}"
    );
    assert_eq!(server.store().replies(&server.thread).unwrap().len(), 1);
}

#[test]
fn names_in_a_crafted_outbox_never_reach_the_terminal_as_they_are() {
    let server = Server::new();
    let fake = "\u{1b}[2K\r\u{1b}[32mimported the outbox of amina: 9 new replies\u{7}";
    // Signed by a stranger: refused, and the name it gives is shown escaped.
    let stranger = ReviewerIdentity::generate();
    let file = server.outbox(&stranger, fake, "2026-12-01", &[], "evil.outbox");
    let refused = server.import(&file);
    let err = fails(&refused);
    assert!(err.contains("not in the keys directory"), "{err}");
    for output in [&refused.stdout, &refused.stderr] {
        assert!(
            !output.contains(&0x1b) && !output.contains(&0x07),
            "{:?}",
            String::from_utf8_lossy(output)
        );
    }
    assert!(err.contains("␛[32m"), "the escape is shown, visibly: {err}");

    // Signed by amina but naming itself otherwise: amina's own name is printed.
    let file = server.outbox(
        &server.amina,
        fake,
        "2026-12-01",
        &[(&BlobId::generate(), &server.thread)],
        "odd.outbox",
    );
    let imported = server.import(&file);
    let out = ok(&imported);
    assert!(
        out.contains("imported the outbox of amina: 1 new reply"),
        "{out}"
    );
    for output in [&imported.stdout, &imported.stderr] {
        assert!(!output.contains(&0x1b) && !output.contains(&0x07));
    }
}
