//! The `gundo` command: argument parsing only, each command turned into a
//! call into the library. Errors are one line on stderr and a non-zero exit.

#![forbid(unsafe_code)]

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use age::secrecy::SecretString;
use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use zeroize::Zeroizing;

use gundo::bundle;
use gundo::config::{Config, ListenAddr};
use gundo::keys::{self, ReviewerIdentity, ReviewerKey};
use gundo::review;
use gundo::store::Store;
use gundo::web;

/// Anonymous whistleblower submissions over Tor, read offline by vetted reviewers.
#[derive(Parser)]
#[command(name = "gundo", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the submission site.
    Serve {
        /// Configuration file (default: ./gundo.toml, then /etc/gundo/gundo.toml).
        #[arg(long)]
        config: Option<PathBuf>,
        /// Listen here instead (HOST:PORT or unix:PATH).
        #[arg(long)]
        listen: Option<String>,
        /// Try gundo with no set-up: creates ./gundo-demo/ with a throw-away reviewer key.
        #[arg(long, conflicts_with = "config")]
        demo: bool,
    },
    /// Make a reviewer identity: NAME.key (secret, keep offline) and NAME.pub (for the server).
    ///
    /// The identity is post-quantum (age's hybrid mlkem768x25519: AGE-SECRET-KEY-PQ-1… /
    /// age1pq1…) unless --classic. Post-quantum keys are read by gundo, Go age >= 1.3 and
    /// typage >= 0.3, but not by Debian's `age` 1.1.1, rage and the Rust age crate (0.12), or
    /// most age plugins: a reviewer who must open tips with those makes a --classic key.
    Keygen {
        /// Where to write the secret identity, e.g. amina.key.
        #[arg(long)]
        out: PathBuf,
        /// A post-quantum identity (mlkem768x25519): the default.
        #[arg(long, conflicts_with = "classic")]
        pq: bool,
        /// A classic X25519 identity, for tools without post-quantum support
        /// (Debian's age 1.1.1, rage, most age plugins). Not post-quantum; and
        /// while any reviewer key on the server is, a classic reviewer
        /// receives nothing new.
        #[arg(long)]
        classic: bool,
        /// Read the passphrase from this file's first line (for scripts).
        #[arg(long, conflicts_with = "no_passphrase")]
        passphrase_file: Option<PathBuf>,
        /// Write the identity unencrypted (only for keys kept on encrypted media).
        #[arg(long)]
        no_passphrase: bool,
    },
    /// Write every message not yet exported (and new replies) into one bundle for the reviewers.
    Export {
        /// Configuration file (default: ./gundo.toml, then /etc/gundo/gundo.toml).
        #[arg(long)]
        config: Option<PathBuf>,
        /// The bundle file to write (never overwritten).
        #[arg(long)]
        out: PathBuf,
        /// Re-export everything still on the server (after a lost stick).
        #[arg(long)]
        all: bool,
    },
    /// Verify a reviewer's outbox and store its replies.
    Import {
        /// Configuration file (default: ./gundo.toml, then /etc/gundo/gundo.toml).
        #[arg(long)]
        config: Option<PathBuf>,
        /// The outbox file written by `gundo review outbox`.
        bundle: PathBuf,
    },
    /// The reviewer's offline tool.
    #[command(subcommand)]
    Review(ReviewCommand),
    /// Check a deployment: configuration, keys, modes, free space, socket, swap.
    Check {
        /// Configuration file (default: ./gundo.toml, then /etc/gundo/gundo.toml).
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Write a consistent, encrypted snapshot of the database and every stored message.
    Backup {
        /// Configuration file (default: ./gundo.toml, then /etc/gundo/gundo.toml).
        #[arg(long)]
        config: Option<PathBuf>,
        /// The backup file to write (never overwritten).
        #[arg(long)]
        out: PathBuf,
    },
    /// Restore a backup into an empty data directory.
    Restore {
        /// Configuration file naming the data directory (default: ./gundo.toml, then /etc/gundo/gundo.toml).
        #[arg(long, conflicts_with = "data_dir")]
        config: Option<PathBuf>,
        /// Restore into this directory instead of the configured one.
        #[arg(long)]
        data_dir: Option<PathBuf>,
        #[command(flatten)]
        key: IdentityArgs,
        /// The file written by `gundo backup`.
        backup: PathBuf,
    },
    /// Delete what has expired (the server also does this every 6 hours).
    Purge {
        /// Configuration file (default: ./gundo.toml, then /etc/gundo/gundo.toml).
        #[arg(long)]
        config: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum ReviewCommand {
    /// Decrypt a bundle into a workspace and write its index.html.
    Open {
        #[command(flatten)]
        key: IdentityArgs,
        /// The bundle written by `gundo export`.
        #[arg(long)]
        bundle: PathBuf,
        /// The workspace folder (created if needed).
        #[arg(long)]
        workspace: PathBuf,
    },
    /// Queue a reply to a thread (encrypted at once).
    Reply {
        #[command(flatten)]
        key: IdentityArgs,
        /// The workspace folder.
        #[arg(long)]
        workspace: PathBuf,
        /// The thread to answer (its id, as in index.html).
        #[arg(long)]
        thread: String,
        /// The reply's text, UTF-8 (`-` reads standard input).
        #[arg(long)]
        message_file: PathBuf,
    },
    /// Write the queued replies and acknowledgements into one signed outbox for the server.
    Outbox {
        #[command(flatten)]
        key: IdentityArgs,
        /// The workspace folder.
        #[arg(long)]
        workspace: PathBuf,
        /// The outbox file to write (never overwritten).
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(clap::Args)]
struct IdentityArgs {
    /// The identity file (from `gundo keygen`; an age plugin identity opens bundles too).
    #[arg(long)]
    identity: PathBuf,
    /// Read the identity's passphrase from this file's first line (for scripts).
    #[arg(long)]
    passphrase_file: Option<PathBuf>,
}

fn main() -> ExitCode {
    // A panic message can quote the data that caused it (a slice of a
    // submitter's text, say): print where it happened, never what.
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map_or_else(String::new, |l| format!(" at {}:{}", l.file(), l.line()));
        eprintln!("gundo: internal error{place}");
    }));
    // Before anything is read: no core file may ever hold a tip or a key.
    if let Err(e) = gundo::hygiene::disable_core_dumps() {
        eprintln!("gundo: {e}");
        return ExitCode::FAILURE;
    }
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gundo: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve {
            config,
            listen,
            demo,
        } => serve(config.as_deref(), listen.as_deref(), demo),
        Command::Keygen {
            out,
            pq: _,
            classic,
            passphrase_file,
            no_passphrase,
        } => keygen(&out, !classic, passphrase_file.as_deref(), no_passphrase),
        Command::Export { config, out, all } => export(config.as_deref(), &out, all),
        Command::Import { config, bundle } => import(config.as_deref(), &bundle),
        Command::Review(ReviewCommand::Open {
            key,
            bundle,
            workspace,
        }) => {
            let identity = read_identity(&key)?;
            // A plugin may ask for a PIN or a touch on the terminal: a spinner
            // would draw over its question.
            let bar = if identity.is_plugin() {
                indicatif::ProgressBar::hidden()
            } else {
                progress_bar(None)
            };
            let report = review::open_bundle(&identity, &bundle, &workspace, |n| bar.inc(n))
                .with_context(|| format!("opening {}", bundle.display()))?;
            bar.finish_and_clear();
            println!(
                "{} new message(s), {} new reply(ies), {} thread(s): open {}",
                report.new_messages,
                report.new_replies,
                report.threads,
                workspace.join("index.html").display()
            );
            if report.unreadable_messages > 0 {
                println!(
                    "{} message(s) were not sealed to this key (they arrived before it was added)",
                    report.unreadable_messages
                );
            }
            Ok(())
        }
        Command::Review(ReviewCommand::Reply {
            key,
            workspace,
            thread,
            message_file,
        }) => {
            read_identity(&key)?;
            let text = read_reply_text(&message_file)?;
            let id = review::queue_reply(&workspace, &thread, &text)?;
            println!(
                "reply {id} queued for thread {thread}: write the outbox with `gundo review outbox`"
            );
            Ok(())
        }
        Command::Review(ReviewCommand::Outbox {
            key,
            workspace,
            out,
        }) => {
            let identity = read_identity(&key)?;
            let identity = identity.signing_identity()?;
            let signer =
                keys::reviewer_name(&key.identity).unwrap_or_else(|_| "reviewer".to_owned());
            let report = review::write_outbox(identity, &signer, &workspace, &out)?;
            println!(
                "wrote {}: {} reply(ies), {} acknowledgement(s), signed by {signer}",
                out.display(),
                report.replies,
                report.acknowledged
            );
            Ok(())
        }
        Command::Check { config } => check(config.as_deref()),
        Command::Backup { config, out } => backup(config.as_deref(), &out),
        Command::Restore {
            config,
            data_dir,
            key,
            backup,
        } => restore(config.as_deref(), data_dir, &key, &backup),
        Command::Purge { config } => purge(config.as_deref()),
    }
}

fn check(config: Option<&Path>) -> anyhow::Result<()> {
    let path = Config::locate(config)?;
    let findings = gundo::check::check(&path, &gundo::check::CheckEnv::default());
    for finding in &findings {
        println!("{finding}");
    }
    match gundo::check::problems(&findings) {
        0 => Ok(()),
        n => bail!("{n} problem(s) to fix, one per `problem:` line above"),
    }
}

fn backup(config: Option<&Path>, out: &Path) -> anyhow::Result<()> {
    let (config, reviewers, store) = load_for_bundles(config)?;
    let (recipients, left_out) = keys::backup_sealing_set(&reviewers, &config.backup_recipients);
    let mut report = None;
    write_new_file(out, |file| {
        let (file, written) = store.write_backup(&recipients, file)?;
        report = Some(written);
        Ok(file)
    })?;
    let report = report.expect("set when the file was written");
    println!(
        "wrote {}: {} thread(s), {} stored file(s), sealed to {} key(s) (reviewers and backup keys)",
        out.display(),
        report.threads,
        report.blobs,
        recipients.len(),
    );
    if !left_out.is_empty() {
        println!(
            "not sealed to {} (classic keys; the backup is post-quantum): give them a post-quantum key",
            left_out.join(", ")
        );
    }
    if report.vanished > 0 {
        println!(
            "{} file(s) were deleted (purge or import) while the backup ran; the backup records them as deleted",
            report.vanished
        );
    }
    Ok(())
}

fn restore(
    config: Option<&Path>,
    data_dir: Option<PathBuf>,
    key: &IdentityArgs,
    backup: &Path,
) -> anyhow::Result<()> {
    let data_dir = match data_dir {
        Some(dir) => dir,
        None => Config::load(&Config::locate(config)?)?.data_dir,
    };
    let identity = read_identity(key)?;
    let file =
        std::fs::File::open(backup).with_context(|| format!("reading {}", backup.display()))?;
    let report = gundo::store::restore_backup(&data_dir, identity.age_identity(), file)
        .with_context(|| format!("nothing was restored into {}", data_dir.display()))?;
    println!(
        "restored {} thread(s) and {} stored file(s) into {}: every receipt made before the backup works again",
        report.threads,
        report.blobs,
        data_dir.display()
    );
    Ok(())
}

fn purge(config: Option<&Path>) -> anyhow::Result<()> {
    let config = Config::load(&Config::locate(config)?)?;
    let store = Store::open(&config.data_dir)
        .with_context(|| format!("opening the data directory {}", config.data_dir.display()))?;
    let report = store.purge_expired(&config.retention, gundo::store::today_date())?;
    println!(
        "deleted {} expired thread(s), the ciphertext of {} acknowledged message(s) and {} read reply(ies); {} file(s) removed",
        report.threads, report.delivered_messages, report.read_replies, report.files_removed
    );
    if report.held_threads > 0 {
        println!(
            "kept {} expired thread(s) that hold a message no reviewer has acknowledged yet",
            report.held_threads
        );
    }
    Ok(())
}

/// Writes `out` through a temp file beside it, fsyncs it and renames it into
/// place; never overwrites, and leaves nothing behind on failure.
fn write_new_file(
    out: &Path,
    write: impl FnOnce(
        std::io::BufWriter<tempfile::NamedTempFile>,
    ) -> anyhow::Result<std::io::BufWriter<tempfile::NamedTempFile>>,
) -> anyhow::Result<()> {
    if out.exists() {
        bail!("{} already exists: refusing to overwrite", out.display());
    }
    let dir = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let temp = tempfile::Builder::new()
        .prefix(".gundo-")
        .tempfile_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    let temp = write(std::io::BufWriter::new(temp))?
        .into_inner()
        .map_err(std::io::IntoInnerError::into_error)?;
    temp.as_file().sync_all()?;
    temp.persist_noclobber(out)
        .map_err(|e| e.error)
        .with_context(|| format!("writing {}", out.display()))?;
    std::fs::File::open(dir)?.sync_all()?;
    Ok(())
}

fn load_for_bundles(config: Option<&Path>) -> anyhow::Result<(Config, Vec<keys::Reviewer>, Store)> {
    let config = Config::load(&Config::locate(config)?)?;
    // Reading and writing bundles is fine with the demo key: only `serve` refuses it.
    let reviewers = keys::load_reviewers(&config.keys_dir, true)?;
    let store = Store::open(&config.data_dir)
        .with_context(|| format!("opening the data directory {}", config.data_dir.display()))?;
    Ok((config, reviewers, store))
}

fn export(config: Option<&Path>, out: &Path, all: bool) -> anyhow::Result<()> {
    let (_, reviewers, store) = load_for_bundles(config)?;
    let mut manifest = store.export_manifest(all)?;
    if manifest.messages.is_empty() && manifest.replies.is_empty() {
        println!("nothing new to export: no file written");
        return Ok(());
    }
    // The reviewer set a workspace pins, and seals replies to: the keys the
    // bundle is sealed to (post-quantum only once there is one).
    let (recipients, left_out) = keys::sealing_set(&reviewers);
    manifest.reviewers = recipients.iter().map(ToString::to_string).collect();
    let total: u64 = manifest
        .messages
        .iter()
        .map(|m| &m.blob)
        .chain(manifest.replies.iter().map(|r| &r.blob))
        .filter_map(|b| std::fs::metadata(store.blob_path(b)).ok())
        .map(|m| m.len())
        .sum();
    let bar = progress_bar(Some(total));
    write_new_file(out, |file| {
        bundle::write_export(
            &recipients,
            &manifest,
            |id| store.blob_path(id),
            file,
            |n| bar.inc(n),
        )
        .context("writing the bundle")
    })?;
    bar.finish_and_clear();
    store.mark_exported(&manifest)?;
    println!(
        "wrote {}: {} message(s), {} reply(ies), {} thread(s), sealed to {} reviewer(s)",
        out.display(),
        manifest.messages.len(),
        manifest.replies.len(),
        manifest.threads.len(),
        recipients.len()
    );
    if !left_out.is_empty() {
        let names: Vec<&str> = left_out.iter().map(|r| r.name.as_str()).collect();
        println!(
            "not sealed to {} (classic keys, the others are post-quantum): they need a post-quantum key (`gundo keygen --pq`)",
            names.join(", ")
        );
    }
    Ok(())
}

fn import(config: Option<&Path>, bundle_path: &Path) -> anyhow::Result<()> {
    let (config, reviewers, store) = load_for_bundles(config)?;
    let bytes = {
        use std::io::Read;
        let file = std::fs::File::open(bundle_path)
            .with_context(|| format!("reading {}", bundle_path.display()))?;
        let mut bytes = Vec::new();
        file.take(bundle::MAX_OUTBOX_BYTES + 1)
            .read_to_end(&mut bytes)?;
        bytes
    };
    let verified = bundle::UntrustedOutbox::parse(&bytes)
        .and_then(|outbox| outbox.verify(&reviewers))
        .context("nothing was imported")?;
    let bar = progress_bar(None);
    let report = store.import_outbox(&verified, config.purge_after_ack).map_err(|e| match e {
        gundo::store::StoreError::NoSuchThread(thread) => {
            anyhow::anyhow!("the outbox answers thread {thread}, which is not on this server: nothing was imported")
        }
        other => anyhow::Error::new(other).context("nothing was imported"),
    })?;
    bar.finish_and_clear();
    println!(
        "imported the outbox of {}: {} new reply(ies), {} message(s) acknowledged, {} purged",
        verified.signer, report.replies_added, report.acknowledged, report.purged
    );
    Ok(())
}

/// A progress bar on a terminal; nothing otherwise.
fn progress_bar(total: Option<u64>) -> indicatif::ProgressBar {
    if !std::io::stdout().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    match total {
        Some(total) => indicatif::ProgressBar::new(total),
        None => indicatif::ProgressBar::new_spinner(),
    }
}

fn read_identity(args: &IdentityArgs) -> anyhow::Result<ReviewerKey> {
    let passphrase = args
        .passphrase_file
        .as_deref()
        .map(read_passphrase_file)
        .transpose()?;
    match ReviewerKey::read(&args.identity, passphrase, &TerminalCallbacks) {
        Err(keys::KeysError::NeedsPassphrase(path)) => {
            if !std::io::stdin().is_terminal() {
                bail!(
                    "{} is passphrase-protected and there is no terminal: use --passphrase-file FILE",
                    path.display()
                );
            }
            let entered = Zeroizing::new(rpassword::prompt_password(format!(
                "Passphrase for {}: ",
                path.display()
            ))?);
            Ok(ReviewerKey::read(
                &args.identity,
                Some(SecretString::from(entered.to_string())),
                &TerminalCallbacks,
            )?)
        }
        other => Ok(other?),
    }
}

/// Carries an age plugin's questions (PIN, touch, "insert the key") to the
/// reviewer's terminal. With no terminal every question gets `None`, so the
/// plugin fails cleanly instead of waiting for an answer that cannot come.
#[derive(Clone, Copy)]
struct TerminalCallbacks;

impl TerminalCallbacks {
    /// Asks on stderr, reads one line from the terminal; `None` without one.
    fn ask(prompt: &str) -> Option<String> {
        if !std::io::stdin().is_terminal() {
            return None;
        }
        eprint!("{prompt}");
        let _ = std::io::stderr().flush();
        let mut line = String::new();
        match std::io::stdin().read_line(&mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(line.trim_end_matches(['\r', '\n']).to_owned()),
        }
    }

    fn prompt(description: &str) -> String {
        let description = description.trim_end();
        if description.ends_with(':') || description.ends_with('?') {
            format!("{description} ")
        } else {
            format!("{description}: ")
        }
    }
}

impl age::Callbacks for TerminalCallbacks {
    fn display_message(&self, message: &str) {
        eprintln!("{message}");
    }

    fn confirm(&self, message: &str, yes_string: &str, no_string: Option<&str>) -> Option<bool> {
        let no_string = no_string.unwrap_or("no");
        // Only an exact choice counts: a stray key press must not skip a hardware key.
        loop {
            let answer = Self::ask(&format!("{message} [{yes_string}/{no_string}] "))?;
            let answer = answer.trim();
            if answer.eq_ignore_ascii_case(yes_string) {
                return Some(true);
            }
            if answer.eq_ignore_ascii_case(no_string) {
                return Some(false);
            }
        }
    }

    fn request_public_string(&self, description: &str) -> Option<String> {
        Self::ask(&Self::prompt(description))
    }

    fn request_passphrase(&self, description: &str) -> Option<SecretString> {
        if !std::io::stdin().is_terminal() {
            return None;
        }
        rpassword::prompt_password(Self::prompt(description))
            .ok()
            .map(SecretString::from)
    }
}

fn read_reply_text(path: &Path) -> anyhow::Result<Zeroizing<String>> {
    use std::io::Read;
    let limit = gundo::reply::MAX_REPLY_BYTES as u64 + 1;
    let mut bytes = Zeroizing::new(Vec::new());
    if path == Path::new("-") {
        std::io::stdin().take(limit).read_to_end(&mut bytes)?;
    } else {
        std::fs::File::open(path)
            .with_context(|| format!("reading {}", path.display()))?
            .take(limit)
            .read_to_end(&mut bytes)?;
    }
    let text = std::str::from_utf8(&bytes).context("the reply is not UTF-8 text")?;
    Ok(Zeroizing::new(text.to_owned()))
}

fn serve(config: Option<&Path>, listen: Option<&str>, demo: bool) -> anyhow::Result<()> {
    let demo = if demo {
        Some(gundo::demo::prepare(Path::new(".")).context("preparing the demo")?)
    } else {
        None
    };
    let config_path = match &demo {
        Some(demo) => demo.config.clone(),
        None => Config::locate(config)?,
    };
    let mut config = Config::load(&config_path)?;
    if let Some(listen) = listen {
        config.listen = listen.parse::<ListenAddr>()?;
    }
    let reviewers =
        keys::load_reviewers(&config.keys_dir, demo.is_some()).context("refusing to start")?;
    let store = Store::open(&config.data_dir)
        .with_context(|| format!("opening the data directory {}", config.data_dir.display()))?;
    let removed = store
        .recover()
        .context("cleaning up after an earlier stop")?;
    if removed > 0 {
        tracing_init();
        tracing::info!(
            removed,
            "removed unfinished uploads left by an earlier stop"
        );
    }
    let recipients = keys::recipients(&reviewers);
    let sealing = format!(
        "sealing to {} reviewer key(s) ({})",
        recipients.len(),
        if recipients.iter().any(keys::RecipientKey::is_post_quantum) {
            "post-quantum"
        } else {
            "classic X25519"
        }
    );
    let notice =
        keys::sealing_notice(&reviewers, &config.backup_recipients).filter(|_| demo.is_none());
    let state = web::AppState::with_abuse_limits(
        store,
        recipients,
        config.limits,
        config.min_free_bytes,
        config.abuse,
    );
    let options = web::serve::ServeOptions {
        proxy_protocol: config.proxy_protocol,
        header_timeout: config.abuse.header_timeout,
    };
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(async move {
        let listener = web::serve::Listener::bind(&config.listen)
            .await
            .with_context(|| format!("cannot listen on {}", config.listen))?;
        let bound = listener.local_addr()?;
        match (&demo, &bound) {
            // A closed stdout must not stop the server: ignore write errors here.
            (Some(_), ListenAddr::Tcp(addr)) => {
                let _ = writeln!(
                    std::io::stdout(),
                    "{}",
                    gundo::demo::instructions(&format!("http://{addr}/"))
                );
            }
            _ => {
                let _ = writeln!(std::io::stdout(), "gundo: serving on {bound}, {sealing}");
            }
        }
        if let Some(notice) = &notice {
            let _ = writeln!(std::io::stdout(), "gundo: note: {notice}");
        }
        tracing_init();
        let housekeeping = state.spawn_housekeeping();
        let retention = gundo::service::spawn_retention(state.clone(), config.retention);
        let watchdog = gundo::service::spawn_watchdog(state.clone());
        gundo::service::notify_ready(&format!("serving on {bound}, {sealing}"));
        web::serve::serve(listener, web::router(state), options, shutdown_signal()).await;
        gundo::service::notify_stopping();
        housekeeping.abort();
        retention.abort();
        if let Some(watchdog) = watchdog {
            watchdog.abort();
        }
        anyhow::Ok(())
    })
}

/// Logs carry no client data and no time (journald adds its own; a log
/// line's time must not be matched against a tip's arrival).
fn tracing_init() {
    let _ = tracing_subscriber::fmt()
        .without_time()
        .with_target(false)
        .with_writer(std::io::stderr)
        .try_init();
}

async fn shutdown_signal() {
    let Ok(mut term) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
    else {
        let _ = tokio::signal::ctrl_c().await;
        return;
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
}

fn keygen(
    out: &Path,
    post_quantum: bool,
    passphrase_file: Option<&Path>,
    no_passphrase: bool,
) -> anyhow::Result<()> {
    keys::reviewer_name(out)?;
    let passphrase = if no_passphrase {
        None
    } else if let Some(file) = passphrase_file {
        Some(read_passphrase_file(file)?)
    } else {
        Some(prompt_new_passphrase()?)
    };
    let identity = if post_quantum {
        ReviewerIdentity::generate_pq()
    } else {
        ReviewerIdentity::generate()
    };
    let pub_path = keys::write_keypair(&identity, out, passphrase)?;
    let reviewer = identity.to_reviewer(&keys::reviewer_name(out)?);
    let kind = if post_quantum {
        "post-quantum (mlkem768x25519; opens with gundo, Go age >= 1.3, typage >= 0.3)"
    } else {
        "classic X25519 (opens with any age; not post-quantum)"
    };
    println!(
        "wrote {} (secret: keep it offline) and {} (public: give it to the operator)\nkind:        {kind}\nrecipient:   {}\nfingerprint: {}",
        out.display(),
        pub_path.display(),
        reviewer.recipient,
        reviewer.fingerprint()
    );
    Ok(())
}

fn read_passphrase_file(path: &Path) -> anyhow::Result<SecretString> {
    let text = Zeroizing::new(
        std::fs::read_to_string(path)
            .with_context(|| format!("reading the passphrase file {}", path.display()))?,
    );
    let line = text.lines().next().unwrap_or_default();
    if line.is_empty() {
        bail!("the passphrase file {} is empty", path.display());
    }
    Ok(SecretString::from(line.to_owned()))
}

fn prompt_new_passphrase() -> anyhow::Result<SecretString> {
    if !std::io::stdin().is_terminal() {
        bail!("no terminal to ask for a passphrase: use --passphrase-file FILE or --no-passphrase");
    }
    let first = Zeroizing::new(rpassword::prompt_password("Passphrase for the new key: ")?);
    if first.is_empty() {
        bail!("an empty passphrase protects nothing: use --no-passphrase if that is really meant");
    }
    let second = Zeroizing::new(rpassword::prompt_password("Same passphrase again: ")?);
    if *first != *second {
        bail!("the two passphrases differ");
    }
    Ok(SecretString::from(first.to_string()))
}
