//! The operator's side: the systemd unit's exposure score, install.sh into a
//! temporary root, `gundo check`, backup and restore, purge, and what the
//! server tells systemd.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use gundo::keys::ReviewerIdentity;
use gundo::store::Store;

use crate::support::{BinaryServer, client, gundo, receipt_in};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}

/// A deployment in a temp dir: `gundo.toml`, `keys/amina.pub`, `amina.key`
/// (no passphrase), and `data/`. `{dir}` in `extra` becomes the temp dir.
struct Deployment {
    dir: tempfile::TempDir,
    reviewer: ReviewerIdentity,
}

impl Deployment {
    fn new(extra: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let reviewer = ReviewerIdentity::generate();
        std::fs::create_dir(dir.path().join("keys")).unwrap();
        gundo::keys::write_keypair(&reviewer, &dir.path().join("amina.key"), None).unwrap();
        std::fs::rename(
            dir.path().join("amina.pub"),
            dir.path().join("keys/amina.pub"),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("gundo.toml"),
            format!(
                "data_dir = \"data\"\nkeys_dir = \"keys\"\nmin_free_mib = 0\n{}",
                extra.replace("{dir}", &dir.path().to_string_lossy())
            ),
        )
        .unwrap();
        Store::open(&dir.path().join("data")).unwrap();
        Self { dir, reviewer }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn run(&self, args: &[&str]) -> Output {
        gundo(self.dir.path(), args)
    }
}

// ---------------------------------------------------------------- systemd unit

/// Exposure items the unit keeps, each for a reason written in the README.
const ACCEPTED_EXPOSURE: [&str; 3] = [
    "RootDirectory=/RootImage=", // runs on the host's root file system (read-only)
    "RestrictAddressFamilies=~AF_UNIX", // its listening socket and sd_notify
    "DeviceAllow=",              // char-rtc:r, added by ProtectClock=yes
];

#[test]
fn the_unit_scores_at_most_1_5_with_systemd_analyze() {
    let unit = Path::new(ROOT).join("deploy/gundo.service");
    let Ok(out) = Command::new("systemd-analyze")
        .args(["security", "--offline=true", "--no-pager"])
        .arg(&unit)
        .output()
    else {
        eprintln!("systemd-analyze is not installed: skipping (scripts/ops-checks.sh installs it)");
        return;
    };
    let report = text(&out.stdout);
    let score: f64 = report
        .lines()
        .find_map(|l| l.split("Overall exposure level for gundo.service: ").nth(1))
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no score in:\n{report}{}", text(&out.stderr)))
        .parse()
        .unwrap();
    assert!(score <= 1.5, "exposure {score} > 1.5:\n{report}");
    for line in report.lines().filter(|l| l.starts_with('✗')) {
        let item = line
            .trim_start_matches('✗')
            .split_whitespace()
            .next()
            .unwrap();
        assert!(
            ACCEPTED_EXPOSURE.contains(&item),
            "new exposure {item}: remove it or say in the README why it stays\n{line}"
        );
    }
}

#[test]
fn the_unit_gives_the_server_only_what_the_deployed_config_needs() {
    let unit = std::fs::read_to_string(Path::new(ROOT).join("deploy/gundo.service")).unwrap();
    for line in [
        "Type=notify",
        "WatchdogSec=60",
        "ExecStart=/usr/bin/gundo serve --config /etc/gundo/gundo.toml",
        "User=gundo",
        "PrivateNetwork=yes",
        "RestrictAddressFamilies=AF_UNIX",
        "ProtectSystem=strict",
        "StateDirectory=gundo",
        "ReadWritePaths=/run/gundo",
        "LimitCORE=0",
        "MemoryDenyWriteExecute=yes",
        "CapabilityBoundingSet=",
        "SystemCallFilter=@system-service",
    ] {
        assert!(unit.lines().any(|l| l == line), "the unit lacks {line}");
    }
    // The socket the deployed config listens on lives in the writable path,
    // and tmpfiles.d makes that directory Tor's group, setgid.
    let tmpfiles = std::fs::read_to_string(Path::new(ROOT).join("deploy/gundo.tmpfiles")).unwrap();
    assert!(
        tmpfiles
            .lines()
            .any(|l| l == "d /run/gundo 2750 gundo debian-tor -")
    );
}

// ------------------------------------------------------------------ install.sh

/// A stand-in `tor` that reports (or lacks) the proof-of-work module.
fn fake_tor(dir: &Path, pow: bool) -> PathBuf {
    let path = dir.join(if pow { "tor-pow" } else { "tor-nopow" });
    std::fs::write(
        &path,
        format!(
            "#!/bin/sh\ncase \"$1\" in\n--version) echo 'Tor version 0.4.9.99.';;\n--list-modules) echo 'relay: yes'; echo 'pow: {}';;\nesac\n",
            if pow { "yes" } else { "no" }
        ),
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

fn install_into(root: &Path, tor: &Path) -> Output {
    Command::new("bash")
        .arg(Path::new(ROOT).join("deploy/install.sh"))
        .args(["--destdir"])
        .arg(root)
        .args(["--bin", env!("CARGO_BIN_EXE_gundo")])
        .env("GUNDO_TOR", tor)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// Every path under `root` with its mode and, for files, its contents.
fn tree(root: &Path) -> Vec<(String, u32, Option<Vec<u8>>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            let name = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if meta.is_dir() {
                stack.push(path.clone());
                out.push((name, meta.mode() & 0o7777, None));
            } else {
                out.push((
                    name,
                    meta.mode() & 0o7777,
                    Some(std::fs::read(&path).unwrap()),
                ));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn install_sh_lays_down_the_tree_in_a_temporary_root_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    // An existing torrc (as Debian ships one) must keep its lines.
    std::fs::create_dir_all(root.join("etc/tor")).unwrap();
    std::fs::write(
        root.join("etc/tor/torrc"),
        "## Debian's torrc\nSocksPort 9050\n",
    )
    .unwrap();
    let tor = fake_tor(dir.path(), true);

    let out = install_into(&root, &tor);
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(text(&out.stdout).contains("pow: yes"));
    let first = tree(&root);
    let mode_of = |name: &str| {
        first
            .iter()
            .find(|(n, _, _)| n == name)
            .unwrap_or_else(|| panic!("install.sh did not make {name}"))
            .1
    };
    for (path, mode) in [
        ("usr/local/bin/gundo", 0o755),
        ("etc/gundo", 0o750),
        ("etc/gundo/gundo.toml", 0o640),
        ("etc/gundo/keys", 0o750),
        ("var/lib/gundo", 0o700),
        ("var/backups/gundo", 0o700),
        ("etc/systemd/system/gundo.service", 0o644),
        ("etc/tmpfiles.d/gundo.conf", 0o644),
        ("etc/tor/torrc.d/gundo.conf", 0o644),
        ("etc/tor/torrc", 0o644),
        ("etc/apparmor.d/local/system_tor", 0o644),
    ] {
        assert_eq!(mode_of(path), mode, "mode of {path}");
    }
    let read = |p: &str| std::fs::read_to_string(root.join(p)).unwrap();
    let deploy = |p: &str| std::fs::read_to_string(Path::new(ROOT).join("deploy").join(p)).unwrap();
    assert_eq!(read("etc/gundo/gundo.toml"), deploy("gundo.toml"));
    assert_eq!(read("etc/tor/torrc.d/gundo.conf"), deploy("torrc"));
    assert_eq!(read("etc/tmpfiles.d/gundo.conf"), deploy("gundo.tmpfiles"));
    let unit = read("etc/systemd/system/gundo.service");
    assert!(unit.contains("ExecStart=/usr/local/bin/gundo serve --config /etc/gundo/gundo.toml"));
    assert!(!unit.contains("/usr/bin/gundo"));
    assert_eq!(
        std::fs::read(root.join("usr/local/bin/gundo")).unwrap(),
        std::fs::read(env!("CARGO_BIN_EXE_gundo")).unwrap()
    );
    let torrc = read("etc/tor/torrc");
    assert!(torrc.starts_with("## Debian's torrc\nSocksPort 9050\n"));
    assert!(
        torrc
            .lines()
            .any(|l| l == "%include /etc/tor/torrc.d/*.conf")
    );
    assert!(read("etc/apparmor.d/local/system_tor").contains("/{,var/}run/gundo/gundo.sock rw,"));
    // Nothing secret, and the data and keys directories start empty.
    assert!(
        std::fs::read_dir(root.join("etc/gundo/keys"))
            .unwrap()
            .next()
            .is_none()
    );
    assert!(
        std::fs::read_dir(root.join("var/lib/gundo"))
            .unwrap()
            .next()
            .is_none()
    );

    // Again: the same tree, and an operator's edit of the config survives.
    let out = install_into(&root, &tor);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(tree(&root), first, "a second run changed the tree");
    std::fs::write(root.join("etc/gundo/gundo.toml"), "# edited\n").unwrap();
    std::fs::set_permissions(
        root.join("var/lib/gundo"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    let out = install_into(&root, &tor);
    assert!(out.status.success());
    assert_eq!(read("etc/gundo/gundo.toml"), "# edited\n");
    assert_eq!(
        std::fs::metadata(root.join("var/lib/gundo"))
            .unwrap()
            .mode()
            & 0o777,
        0o700,
        "install.sh tightens a loosened data directory"
    );
}

#[test]
fn install_sh_refuses_a_tor_without_proof_of_work() {
    let dir = tempfile::tempdir().unwrap();
    let out = install_into(&dir.path().join("root"), &fake_tor(dir.path(), false));
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("no proof-of-work module"), "{stderr}");
    assert!(
        !dir.path().join("root/etc/gundo").exists(),
        "nothing installed before the check"
    );
}

// ----------------------------------------------------------------- gundo check

fn problems(out: &Output) -> Vec<String> {
    text(&out.stdout)
        .lines()
        .filter(|l| l.starts_with("problem: "))
        .map(str::to_owned)
        .collect()
}

#[test]
fn check_names_reviewers_and_catches_an_open_data_dir_a_missing_keys_dir_and_a_demo_key() {
    let deployment = Deployment::new("");
    let data = deployment.path("data");
    // A clean deployment, seen with a fake system (no swap): no problem.
    let findings = gundo::check::check(
        &deployment.path("gundo.toml"),
        &fake_system(deployment.dir.path()),
    );
    assert_eq!(gundo::check::problems(&findings), 0, "{findings:#?}");
    let fingerprint = deployment.reviewer.to_reviewer("amina").fingerprint();
    assert!(findings.contains(&gundo::check::Finding::Reviewer {
        name: "amina".into(),
        fingerprint: fingerprint.clone(),
    }));

    // The real command prints the reviewer and its fingerprint too.
    let out = deployment.run(&["check", "--config", "gundo.toml"]);
    assert!(text(&out.stdout).contains(&format!("reviewer: amina  fingerprint {fingerprint}")));

    // A world-readable data directory.
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = deployment.run(&["check", "--config", "gundo.toml"]);
    assert!(!out.status.success());
    let found = problems(&out);
    assert!(
        found
            .iter()
            .any(|p| p.contains("data directory") && p.contains("open to other users")),
        "{found:?}"
    );
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o700)).unwrap();

    // The demo key.
    let demo = ReviewerIdentity::generate_demo();
    gundo::keys::write_keypair(&demo, &deployment.path("demo-reviewer.key"), None).unwrap();
    std::fs::rename(
        deployment.path("demo-reviewer.pub"),
        deployment.path("keys/demo-reviewer.pub"),
    )
    .unwrap();
    let out = deployment.run(&["check", "--config", "gundo.toml"]);
    assert!(!out.status.success());
    assert!(
        problems(&out)
            .iter()
            .any(|p| p.contains("demo-reviewer.pub") && p.contains("demo key"))
    );

    // A secret key in the keys directory.
    std::fs::remove_file(deployment.path("keys/demo-reviewer.pub")).unwrap();
    std::fs::copy(
        deployment.path("amina.key"),
        deployment.path("keys/oops.txt"),
    )
    .unwrap();
    let out = deployment.run(&["check", "--config", "gundo.toml"]);
    assert!(
        problems(&out)
            .iter()
            .any(|p| p.contains("oops.txt") && p.contains("SECRET"))
    );
    std::fs::remove_file(deployment.path("keys/oops.txt")).unwrap();

    // No keys directory at all: one line for it, and the rest still checked.
    std::fs::rename(deployment.path("keys"), deployment.path("keys.gone")).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o750)).unwrap();
    let out = deployment.run(&["check", "--config", "gundo.toml"]);
    assert!(!out.status.success());
    let found = problems(&out);
    assert!(
        found
            .iter()
            .any(|p| p.contains("keys directory") && p.contains("cannot be read")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|p| p.contains("data directory")),
        "{found:?}"
    );
}

/// No swap, and `/etc/group` with Tor's group at gid 4242.
fn fake_system(dir: &Path) -> gundo::check::CheckEnv {
    std::fs::write(dir.join("swaps"), "Filename\tType\tSize\tUsed\tPriority\n").unwrap();
    std::fs::write(dir.join("group"), "root:x:0:\ndebian-tor:x:4242:\n").unwrap();
    gundo::check::CheckEnv {
        system: gundo::hygiene::SystemPaths {
            swaps: dir.join("swaps"),
            sys_dev_block: dir.join("none"),
        },
        etc_group: dir.join("group"),
    }
}

#[test]
fn check_knows_when_tor_can_reach_the_socket_and_when_the_disk_is_full() {
    let deployment =
        Deployment::new("listen = \"unix:{dir}/run/gundo.sock\"\nproxy_protocol = true\n");
    let run = deployment.path("run");
    std::fs::create_dir(&run).unwrap();
    let env = fake_system(deployment.dir.path());
    let tor_problem = |findings: &[gundo::check::Finding]| {
        findings.iter().any(
            |f| matches!(f, gundo::check::Finding::Problem(p) if p.contains("Tor cannot reach")),
        )
    };
    let findings = gundo::check::check(&deployment.path("gundo.toml"), &env);
    assert!(tor_problem(&findings), "{findings:#?}");
    if is_root() {
        std::os::unix::fs::chown(&run, None, Some(4242)).unwrap();
        std::fs::set_permissions(&run, std::fs::Permissions::from_mode(0o2750)).unwrap();
        let findings = gundo::check::check(&deployment.path("gundo.toml"), &env);
        assert_eq!(gundo::check::problems(&findings), 0, "{findings:#?}");
    }
    // A floor above what any disk here has free.
    let config = std::fs::read_to_string(deployment.path("gundo.toml")).unwrap();
    std::fs::write(
        deployment.path("gundo.toml"),
        config.replace("min_free_mib = 0", "min_free_mib = 1000000000"),
    )
    .unwrap();
    let findings = gundo::check::check(&deployment.path("gundo.toml"), &env);
    assert!(
        findings.iter().any(
            |f| matches!(f, gundo::check::Finding::Problem(p) if p.contains("below the floor"))
        )
    );
}

// ---------------------------------------------------------- backup and restore

#[tokio::test(flavor = "multi_thread")]
async fn a_receipt_made_before_a_backup_opens_its_thread_after_a_restore() {
    let server = BinaryServer::start("");
    let dir = server.dir.path();
    let response = client()
        .post(server.url("/en/submit"))
        .multipart(reqwest::multipart::Form::new().text("message", "convoy fuel sold at Gao"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let receipt = receipt_in(&response.text().await.unwrap());

    // A reviewer's reply, stored as `gundo import` would store it.
    let code = gundo::receipt::ReceiptCode::parse(&receipt).unwrap();
    let reviewer = ReviewerIdentity::read(&dir.join("reviewer.key"), None).unwrap();
    {
        let store = Store::open(&server.data_dir()).unwrap();
        let thread = store.find_thread(code.locator()).unwrap().unwrap().id;
        let recipient: gundo::keys::RecipientKey =
            store.reply_recipient(&thread).unwrap().parse().unwrap();
        let sealed = gundo::reply::seal_reply(
            "Merci. Which depot?",
            &recipient,
            &[reviewer.age_identity().to_public()],
        )
        .unwrap();
        store.add_reply(&thread, &sealed).unwrap();
    }

    // Backed up while the server runs.
    let out = gundo(
        dir,
        &["backup", "--config", "gundo.toml", "--out", "backup.age"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("1 thread, 2 stored files"),
        "{}",
        text(&out.stdout)
    );
    // The file is age to the reviewer: nothing in it is readable as is.
    let backup = std::fs::read(dir.join("backup.age")).unwrap();
    assert!(backup.starts_with(b"age-encryption.org/v1\n"));
    assert!(!crate::support::contains(&backup, b"SQLite format 3"));
    // Never overwritten.
    let again = gundo(
        dir,
        &["backup", "--config", "gundo.toml", "--out", "backup.age"],
    );
    assert!(!again.status.success());
    assert!(text(&again.stderr).contains("already exists"));

    // Restore refuses a directory that holds anything.
    let out = gundo(
        dir,
        &[
            "restore",
            "--data-dir",
            "data",
            "--identity",
            "reviewer.key",
            "backup.age",
        ],
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("not empty"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(text(&out.stderr).lines().count(), 1);
    // The first server keeps running on its own data: the restored one is separate.

    // Into an empty directory: a new server there opens the old receipt.
    std::fs::create_dir(dir.join("restored")).unwrap();
    let out = gundo(
        dir,
        &[
            "restore",
            "--data-dir",
            "restored",
            "--identity",
            "reviewer.key",
            "backup.age",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    std::fs::write(
        dir.join("restored.toml"),
        "listen = \"127.0.0.1:0\"\ndata_dir = \"restored\"\nkeys_dir = \"keys\"\nmin_free_mib = 0\n",
    )
    .unwrap();
    let restored = ServerProcess::start(dir, "restored.toml", &[]);
    let page = client()
        .post(format!("http://{}/en/status", restored.address))
        .form(&[("receipt", receipt.as_str())])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Merci. Which depot?"), "{page}");
    // The same receipt still takes a follow-up on the restored server.
    let response = client()
        .post(format!("http://{}/en/followup", restored.address))
        .multipart(
            reqwest::multipart::Form::new()
                .text("receipt", receipt.clone())
                .text("message", "Depot 4"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

// ----------------------------------------------------------------------- purge

#[test]
fn purge_removes_expired_threads_and_leaves_fresh_ones() {
    use std::io::Write;
    let deployment = Deployment::new("retention_days = 180\n");
    let store = Store::open(&deployment.path("data")).unwrap();
    let tip = |bytes: &[u8]| {
        let mut blob = store.new_blob().unwrap();
        blob.write_all(bytes).unwrap();
        let blob = blob.commit().unwrap();
        let thread = gundo::store::NewThread {
            salt: gundo::receipt::Salt::generate(),
            verifier: gundo::receipt::Verifier::from_bytes([9; 32]),
            reply_recipient: age::x25519::Identity::generate().to_public().to_string(),
        };
        let (locator, id) = store.record_tip(&blob, &thread).unwrap();
        (locator, id, blob)
    };
    let (old_locator, old, old_blob) = tip(b"old");
    let (fresh_locator, _, fresh_blob) = tip(b"fresh");
    let (held_locator, held, held_blob) = tip(b"never acknowledged");
    drop(store);
    // Age two threads past the retention; acknowledge the first one's tip.
    let db = rusqlite::Connection::open(deployment.path("data/gundo.db")).unwrap();
    db.execute_batch(&format!(
        "UPDATE threads SET active_day = '2001-01-01' WHERE id IN ('{old}', '{held}');
         UPDATE messages SET delivered = 1, delivered_day = '2001-01-01' WHERE thread_id = '{old}';"
    ))
    .unwrap();
    drop(db);

    let out = deployment.run(&["purge", "--config", "gundo.toml"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(said.contains("deleted 1 expired thread,"), "{said}");
    assert!(said.contains("kept 1 expired thread that holds"), "{said}");

    let store = Store::open(&deployment.path("data")).unwrap();
    assert!(store.find_thread(old_locator).unwrap().is_none());
    assert!(!store.blob_path(&old_blob).exists());
    assert!(store.find_thread(fresh_locator).unwrap().is_some());
    assert!(store.blob_path(&fresh_blob).exists());
    assert!(store.find_thread(held_locator).unwrap().is_some());
    assert!(store.blob_path(&held_blob).exists());
}

// ---------------------------------------------------- systemd notify, hygiene

/// `gundo serve` in its own process, stopped on drop.
struct ServerProcess {
    child: std::process::Child,
    address: String,
}

impl ServerProcess {
    fn start(dir: &Path, config: &str, env: &[(&str, &str)]) -> Self {
        use std::io::BufRead;
        let mut child = Command::new(env!("CARGO_BIN_EXE_gundo"))
            .args(["serve", "--config", config])
            .current_dir(dir)
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let address = line
            .strip_prefix("gundo: serving on ")
            .and_then(|rest| rest.split(',').next())
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_owned();
        Self { child, address }
    }

    fn terminate(&mut self) {
        let pid = rustix::process::Pid::from_raw(i32::try_from(self.child.id()).unwrap()).unwrap();
        let _ = rustix::process::kill_process(pid, rustix::process::Signal::TERM);
        let _ = self.child.wait();
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn serve_notifies_readiness_pings_the_watchdog_and_keeps_no_core() {
    let deployment = Deployment::new("listen = \"unix:{dir}/run/gundo.sock\"\n");
    let run = deployment.path("run");
    std::fs::create_dir(&run).unwrap();
    if is_root() {
        // As /run/gundo: setgid, Tor's group; the socket must inherit it.
        std::os::unix::fs::chown(&run, None, Some(4242)).unwrap();
        std::fs::set_permissions(&run, std::fs::Permissions::from_mode(0o2750)).unwrap();
    }
    let notify_path = deployment.path("notify");
    let notify = std::os::unix::net::UnixDatagram::bind(&notify_path).unwrap();
    notify
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut server = ServerProcess::start(
        deployment.dir.path(),
        "gundo.toml",
        &[
            ("NOTIFY_SOCKET", notify_path.to_str().unwrap()),
            ("WATCHDOG_USEC", "400000"),
        ],
    );
    let mut buf = [0u8; 512];
    let mut next = || {
        let n = notify
            .recv(&mut buf)
            .expect("a notification from the server");
        text(&buf[..n])
    };
    let first = next();
    assert!(first.contains("READY=1"), "{first}");
    assert!(first.contains("STATUS=serving on unix:"), "{first}");
    // Readiness comes after the bind: the socket is there, mode 0660.
    let socket = std::fs::symlink_metadata(run.join("gundo.sock")).unwrap();
    assert_eq!(socket.mode() & 0o777, 0o660);
    if is_root() {
        assert_eq!(
            socket.gid(),
            4242,
            "the socket inherits Tor's group from its directory"
        );
    }
    assert!(next().contains("WATCHDOG=1"));
    assert!(next().contains("WATCHDOG=1"));

    // Core dumps are off for the server (and every other command).
    let limits = std::fs::read_to_string(format!("/proc/{}/limits", server.child.id())).unwrap();
    let core = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .unwrap();
    assert_eq!(
        core.split_whitespace().skip(4).take(2).collect::<Vec<_>>(),
        ["0", "0"],
        "{core}"
    );

    server.terminate();
    let mut stopping = false;
    for _ in 0..10 {
        match notify.recv(&mut buf) {
            Ok(n) if text(&buf[..n]).contains("STOPPING=1") => {
                stopping = true;
                break;
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
    assert!(stopping, "the server says it is stopping");
    assert!(
        !run.join("gundo.sock").exists(),
        "the socket is removed on stop"
    );
}
