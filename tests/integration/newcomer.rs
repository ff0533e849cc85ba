//! What a newcomer meets on the command line: help that says where each
//! command runs, hints that fix the mistake, errors that name the files they
//! asked for, and counts in plain English.

use crate::support::{fails, gundo, ok};

#[test]
fn help_says_where_each_command_runs_and_import_takes_an_outbox() {
    let dir = tempfile::tempdir().unwrap();
    let help = ok(&gundo(dir.path(), &["--help"]));
    for said in [
        "[server] Run the submission site",
        "[server] Write every message not yet exported",
        "[server] Verify a reviewer's outbox",
        "[reviewer] Make a reviewer identity",
        "[reviewer, offline]",
    ] {
        assert!(help.contains(said), "{said}\n{help}");
    }
    let import = ok(&gundo(dir.path(), &["import", "--help"]));
    assert!(import.contains("<OUTBOX>"), "{import}");
    assert!(!import.contains("BUNDLE"), "{import}");
    for command in ["export", "import", "check", "backup", "purge", "serve"] {
        let help = ok(&gundo(dir.path(), &[command, "--help"]));
        assert!(
            help.contains("with the demo: gundo-demo/gundo.toml"),
            "{command}: {help}"
        );
    }
    let open = ok(&gundo(dir.path(), &["review", "open", "--help"]));
    assert!(open.contains("gundo-demo/demo-reviewer.key"), "{open}");
}

#[test]
fn a_taken_port_gets_a_hint_to_use_listen() {
    let dir = tempfile::tempdir().unwrap();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let err = fails(&gundo(dir.path(), &["serve", "--demo", "--listen", &addr]));
    assert!(err.contains(&addr), "{err}");
    assert!(err.contains("already uses it"), "{err}");
    assert!(err.contains("--listen 127.0.0.1:8081"), "{err}");
}

#[test]
fn errors_name_the_file_asked_for_never_a_temp_file() {
    let dir = tempfile::tempdir().unwrap();
    gundo::demo::prepare(dir.path()).unwrap();
    let err = fails(&gundo(
        dir.path(),
        &[
            "backup",
            "--config",
            "gundo-demo/gundo.toml",
            "--out",
            "no-such-folder/file",
        ],
    ));
    assert!(err.contains("cannot write in no-such-folder"), "{err}");
    assert!(!err.contains(".gundo-"), "{err}");
    assert!(!err.contains("at path"), "{err}");
}

#[test]
fn keygen_warns_of_a_short_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("short"), "court\n").unwrap();
    let out = gundo(
        dir.path(),
        &["keygen", "--out", "a.key", "--passphrase-file", "short"],
    );
    ok(&out);
    let warning = String::from_utf8(out.stderr).unwrap();
    assert!(warning.starts_with("gundo: warning: "), "{warning}");
    assert!(warning.contains("only 5 characters"), "{warning}");
    assert!(warning.contains("12 or more"), "{warning}");
    assert!(
        dir.path().join("a.key").exists(),
        "the key is still written"
    );

    std::fs::write(dir.path().join("long"), "trois mots suffisent\n").unwrap();
    let out = gundo(
        dir.path(),
        &["keygen", "--out", "b.key", "--passphrase-file", "long"],
    );
    ok(&out);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
