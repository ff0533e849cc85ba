//! The `gundo` command: argument parsing only, each command turned into a
//! call into the library. Errors are one line on stderr and a non-zero exit.

#![forbid(unsafe_code)]

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use age::secrecy::{ExposeSecret, SecretString};
use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use zeroize::Zeroizing;

use gundo::bundle;
use gundo::config::{Config, ListenAddr};
use gundo::keys::{self, ReviewerIdentity, ReviewerKey};
use gundo::review;
use gundo::store::Store;
use gundo::web;

/// Every freed block is wiped before the system allocator gets it back, so
/// no receipt, reply or tip outlives the buffer that held it (DESIGN §6:
/// freed memory is not wiped otherwise). It costs a memset per free; see
/// BENCHMARKS.md for what it costs on ingest and pages.
#[cfg(not(feature = "bench-plain-alloc"))]
#[global_allocator]
static ALLOCATOR: zalloc::ZeroizingAlloc<std::alloc::System> =
    zalloc::ZeroizingAlloc(std::alloc::System);

/// Anonymous whistleblower submissions over Tor, read offline by vetted reviewers.
#[derive(Parser)]
#[command(name = "gundo", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Help for every server command's `--config`.
const CONFIG_HELP: &str = "The server's configuration (default: ./gundo.toml, then /etc/gundo/gundo.toml; with the demo: gundo-demo/gundo.toml)";

/// Passphrases shorter than this get a warning from `keygen`.
const SHORT_PASSPHRASE: usize = 12;

#[derive(Subcommand)]
enum Command {
    /// [server] Run the submission site.
    Serve {
        #[arg(long, help = CONFIG_HELP)]
        config: Option<PathBuf>,
        /// Listen here instead of the configuration's `listen` (HOST:PORT or unix:PATH), e.g. when its port is taken.
        #[arg(long)]
        listen: Option<String>,
        /// Try gundo with no set-up: creates ./gundo-demo/ with a throw-away reviewer key and gundo-demo/gundo.toml for the other commands.
        #[arg(long, conflicts_with = "config")]
        demo: bool,
    },
    /// [reviewer] Make a reviewer identity, on your own offline machine: NAME.key (secret, keep it) and NAME.pub (for the operator).
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
        /// Read the passphrase from this file's first line (for scripts). Use 12 characters or more: several words.
        #[arg(long, conflicts_with = "no_passphrase")]
        passphrase_file: Option<PathBuf>,
        /// Write the identity unencrypted (only for keys kept on encrypted media).
        #[arg(long)]
        no_passphrase: bool,
    },
    /// [server] Write every message not yet exported (and new replies) into one bundle for the reviewers.
    Export {
        #[arg(long, help = CONFIG_HELP)]
        config: Option<PathBuf>,
        /// The bundle file to write (never overwritten).
        #[arg(long)]
        out: PathBuf,
        /// Re-export everything still on the server (after a lost stick).
        #[arg(long)]
        all: bool,
    },
    /// [server] Verify a reviewer's outbox and store its replies.
    Import {
        #[arg(long, help = CONFIG_HELP)]
        config: Option<PathBuf>,
        /// The outbox file a reviewer wrote with `gundo review outbox`.
        outbox: PathBuf,
    },
    /// [reviewer, offline] Open bundles, answer, write the outbox: on the air-gapped laptop.
    #[command(subcommand)]
    Review(ReviewCommand),
    /// [server] Check a deployment: configuration, keys, modes, free space, socket, swap.
    Check {
        #[arg(long, help = CONFIG_HELP)]
        config: Option<PathBuf>,
    },
    /// [server] Write a consistent, encrypted snapshot of the database and every stored message.
    Backup {
        #[arg(long, help = CONFIG_HELP)]
        config: Option<PathBuf>,
        /// The backup file to write (never overwritten).
        #[arg(long)]
        out: PathBuf,
    },
    /// [server] Restore a backup into an empty data directory.
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
    /// [server] Delete what has expired (the server also does this every 6 hours).
    Purge {
        #[arg(long, help = CONFIG_HELP)]
        config: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum ReviewCommand {
    /// Verify a bundle (server signature, pinned reviewers) and add it to a workspace that holds only ciphertext.
    Open {
        #[command(flatten)]
        key: IdentityArgs,
        /// The bundle written by `gundo export`.
        #[arg(long)]
        bundle: PathBuf,
        /// The workspace folder (created if needed).
        #[arg(long)]
        workspace: PathBuf,
        /// The server key's fingerprint (40 digits, from the operator's `gundo check`): pins it without asking, or accepts a new server.
        #[arg(long, value_name = "FINGERPRINT")]
        server_fingerprint: Option<String>,
        /// Accept a change of the reviewer set that the bundle shows.
        #[arg(long)]
        accept_reviewers: bool,
    },
    /// One line per thread: id, day, state, who handles it, first words.
    List {
        #[command(flatten)]
        key: IdentityArgs,
        /// The workspace folder.
        #[arg(long)]
        workspace: PathBuf,
    },
    /// A whole thread as text: messages, attachments (cleaning, risks), replies, notes, states.
    Show {
        #[command(flatten)]
        key: IdentityArgs,
        /// The workspace folder.
        #[arg(long)]
        workspace: PathBuf,
        /// The thread (its id, from `review list`).
        #[arg(long)]
        thread: String,
    },
    /// Write an attachment's cleaned copy (or, with --original, the file as sent) into a folder, in plaintext.
    Save {
        #[command(flatten)]
        key: IdentityArgs,
        /// The workspace folder.
        #[arg(long)]
        workspace: PathBuf,
        /// The thread (its id, from `review list`).
        #[arg(long)]
        thread: String,
        /// The attachment's name, as `review show` lists it.
        #[arg(long)]
        file: String,
        /// The folder to write it into (never overwriting a file).
        #[arg(long)]
        to: PathBuf,
        /// The file as sent, with whatever it hides: only when the cleaned copy will not do.
        #[arg(long)]
        original: bool,
    },
    /// Queue a reply to a thread (sealed at once to the source and the reviewers).
    Reply {
        #[command(flatten)]
        key: IdentityArgs,
        /// The workspace folder.
        #[arg(long)]
        workspace: PathBuf,
        /// The thread to answer (its id, from `review list`).
        #[arg(long)]
        thread: String,
        /// The reply's text, UTF-8 (`-` reads standard input).
        #[arg(long)]
        message_file: PathBuf,
    },
    /// Queue a note about a thread for the other reviewers (never sent to the source).
    Note {
        #[command(flatten)]
        key: IdentityArgs,
        /// The workspace folder.
        #[arg(long)]
        workspace: PathBuf,
        /// The thread (its id, from `review list`).
        #[arg(long)]
        thread: String,
        /// The note's text, UTF-8 (`-` reads standard input).
        #[arg(long)]
        message_file: PathBuf,
    },
    /// Set a thread's state for the team, and who handles it.
    Mark {
        #[command(flatten)]
        key: IdentityArgs,
        /// The workspace folder.
        #[arg(long)]
        workspace: PathBuf,
        /// The thread (its id, from `review list`).
        #[arg(long)]
        thread: String,
        /// new, open, answered or handled.
        #[arg(long)]
        state: String,
        /// Who handles it (a reviewer's name).
        #[arg(long)]
        handler: Option<String>,
    },
    /// The reviewer's desk: a full-screen program to read threads, open attachments safely, reply, write notes and states, and write the outbox.
    Desk {
        #[command(flatten)]
        key: IdentityArgs,
        /// The workspace folder (created if needed).
        #[arg(long)]
        workspace: PathBuf,
        /// A bundle to open first (one can also be opened from the desk, with b).
        #[arg(long)]
        bundle: Option<PathBuf>,
        /// The desk's language: fr (default), en or ar.
        #[arg(long, default_value = "fr", value_parser = ["fr", "en", "ar"])]
        lang: String,
    },
    /// Write the queued replies, notes, states and acknowledgements into one signed outbox for the server.
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

impl ReviewCommand {
    /// The identity every review command takes.
    fn key(&self) -> &IdentityArgs {
        match self {
            Self::Open { key, .. }
            | Self::List { key, .. }
            | Self::Show { key, .. }
            | Self::Save { key, .. }
            | Self::Reply { key, .. }
            | Self::Note { key, .. }
            | Self::Mark { key, .. }
            | Self::Desk { key, .. }
            | Self::Outbox { key, .. } => key,
        }
    }
}

#[derive(clap::Args)]
struct IdentityArgs {
    /// Your identity file, from `gundo keygen` (an age plugin identity opens bundles too; with the demo: gundo-demo/demo-reviewer.key).
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
            // An error can quote a name from a bundle or an outbox: never let
            // it reach the terminal as it is.
            eprintln!("gundo: {}", gundo::terminal::line(&format!("{e:#}")));
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
        Command::Import { config, outbox } => import(config.as_deref(), &outbox),
        Command::Review(command) => review(command),
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

/// `review open`: a progress bar, the trust decisions, one line per outcome.
fn review_open(
    identity: &ReviewerKey,
    session: &review::Session<'_>,
    bundle: &Path,
    workspace: &Path,
    options: &review::trust::TrustOptions,
) -> anyhow::Result<()> {
    // A plugin may ask for a PIN or a touch on the terminal: a spinner
    // would draw over its question.
    let bar = if identity.is_plugin() {
        indicatif::ProgressBar::hidden()
    } else {
        progress_bar(std::fs::metadata(bundle).map(|m| m.len()).ok())
    };
    let report = review::open_bundle(session, bundle, workspace, options, &TerminalConfirm, |n| {
        bar.inc(n);
    })
    .with_context(|| format!("nothing was opened from {}", bundle.display()))?;
    bar.finish_and_clear();
    if report.server_newly_pinned {
        println!(
            "this workspace now trusts the server key with fingerprint {}: check it with the operator by voice if you have not",
            report.server_fingerprint
        );
    }
    if let Some(change) = &report.reviewer_change {
        println!(
            "accepted a change of reviewers: {}",
            gundo::terminal::line(&change.to_string())
        );
    }
    println!(
        "{}, {}, {}, {}: `gundo review list` shows them",
        count(report.new_messages, "new message", "new messages"),
        count(report.new_replies, "new reply", "new replies"),
        count(report.new_notes, "new note", "new notes"),
        count(report.threads, "thread", "threads")
    );
    if report.unreadable_messages > 0 {
        println!(
            "{} not sealed to this key (they arrived before it was added): another reviewer can read them",
            count(report.unreadable_messages, "message was", "messages were")
        );
    }
    Ok(())
}

/// `review desk` draws on the terminal and reads its keys: without one it
/// refuses before asking for anything.
fn desk_needs_a_terminal() -> anyhow::Result<()> {
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        bail!(
            "the desk is a full-screen program and needs a terminal: in scripts, use `gundo review list`, `show`, `reply` and `outbox`"
        );
    }
    Ok(())
}

/// The reviewer's commands: read the key once, make the session, call the library.
// One short arm per review command: splitting it would only move the match.
#[allow(clippy::too_many_lines)]
fn review(command: ReviewCommand) -> anyhow::Result<()> {
    let key = command.key();
    if matches!(command, ReviewCommand::Desk { .. }) {
        desk_needs_a_terminal()?;
    }
    let identity = read_identity(key)?;
    let session = session(&identity, &key.identity)?;
    let signer = keys::reviewer_name(&key.identity).unwrap_or_else(|_| "reviewer".to_owned());
    match command {
        ReviewCommand::Open {
            bundle,
            workspace,
            server_fingerprint,
            accept_reviewers,
            ..
        } => review_open(
            &identity,
            &session,
            &bundle,
            &workspace,
            &review::trust::TrustOptions {
                server_fingerprint,
                accept_reviewers,
            },
        )?,
        ReviewCommand::List { workspace, .. } => {
            print!(
                "{}",
                review::text::list(&review::list(&session, &workspace)?)
            );
        }
        ReviewCommand::Show {
            workspace, thread, ..
        } => {
            print!(
                "{}",
                review::text::show(&review::show(&session, &workspace, &thread)?)
            );
        }
        ReviewCommand::Save {
            workspace,
            thread,
            file,
            to,
            original,
            ..
        } => {
            println!(
                "{}",
                review::save(&session, &workspace, &thread, &file, &to, original)?
            );
        }
        ReviewCommand::Reply {
            workspace,
            thread,
            message_file,
            ..
        } => {
            let text = read_reply_text(&message_file)?;
            let id = review::queue_reply(&session, &workspace, &thread, &text)?;
            println!(
                "reply {id} queued for thread {thread}: write the outbox with `gundo review outbox`"
            );
        }
        ReviewCommand::Note {
            workspace,
            thread,
            message_file,
            ..
        } => {
            let text = read_reply_text(&message_file)?;
            let id = review::queue_note(&session, &workspace, &thread, &text)?;
            println!(
                "note {id} queued for the other reviewers on thread {thread} (never sent to the source)"
            );
        }
        ReviewCommand::Mark {
            workspace,
            thread,
            state,
            handler,
            ..
        } => {
            let state = review::ThreadState::parse(&state)
                .context("--state is one of new, open, answered, handled")?;
            review::mark(&session, &workspace, &thread, state, handler.as_deref())?;
            println!(
                "thread {thread} marked {} for the team: it goes out with the next outbox",
                state.as_str()
            );
        }
        ReviewCommand::Desk {
            workspace,
            bundle,
            lang,
            ..
        } => review::desk::run(
            &session,
            &review::desk::Options {
                workspace: &workspace,
                bundle: bundle.as_deref(),
                lang: gundo::i18n::Lang::from_code(&lang).unwrap_or_default(),
                signer: &signer,
                signing: identity.signing_identity().ok(),
            },
        )?,
        ReviewCommand::Outbox { workspace, out, .. } => {
            let signing = identity.signing_identity()?;
            let report = review::write_outbox(&session, signing, &signer, &workspace, &out)?;
            println!(
                "wrote {}: {}, {}, {}, signed by {signer}",
                out.display(),
                count(report.replies, "reply", "replies"),
                count(report.notes, "note or state", "notes and states"),
                count(report.acknowledged, "acknowledgement", "acknowledgements")
            );
        }
    }
    Ok(())
}

fn check(config: Option<&Path>) -> anyhow::Result<()> {
    let path = Config::locate(config)?;
    let findings = gundo::check::check(&path, &gundo::check::CheckEnv::default());
    for finding in &findings {
        println!("{finding}");
    }
    match gundo::check::problems(&findings) {
        0 => Ok(()),
        n => bail!(
            "{} to fix, one per `problem:` line above",
            count(n, "problem", "problems")
        ),
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
        "wrote {}: {}, {}, sealed to {} (reviewers and backup keys)",
        out.display(),
        count(report.threads, "thread", "threads"),
        count(report.blobs, "stored file", "stored files"),
        count(recipients.len(), "key", "keys"),
    );
    if !left_out.is_empty() {
        println!(
            "not sealed to {} (classic keys; the backup is post-quantum): give them a post-quantum key",
            left_out.join(", ")
        );
    }
    if report.vanished > 0 {
        println!(
            "{} deleted (purge or import) while the backup ran; the backup records them as deleted",
            count(report.vanished, "file was", "files were")
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
        "restored {} and {} into {}: every receipt made before the backup works again",
        count(report.threads, "thread", "threads"),
        count(report.blobs, "stored file", "stored files"),
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
        "deleted {}, the ciphertext of {} and {}; {} removed",
        count(report.threads, "expired thread", "expired threads"),
        count(
            report.delivered_messages,
            "acknowledged message",
            "acknowledged messages"
        ),
        count(report.read_replies, "read reply", "read replies"),
        count(report.files_removed, "file", "files")
    );
    if report.held_threads > 0 {
        println!(
            "kept {} a message no reviewer has acknowledged yet",
            count(
                report.held_threads,
                "expired thread that holds",
                "expired threads that hold"
            )
        );
    }
    Ok(())
}

/// `1 reply`, `2 replies`: a count and its noun in the number it takes.
fn count<N>(n: N, one: &str, many: &str) -> String
where
    N: std::fmt::Display + PartialEq + From<u8> + Copy,
{
    if n == N::from(1) {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// An I/O error without the temp file name `tempfile` adds to it: the
/// person asked for `out`, the hidden `.gundo-…` beside it means nothing.
fn without_temp_name(error: &std::io::Error) -> std::io::Error {
    match error.raw_os_error() {
        Some(code) => std::io::Error::from_raw_os_error(code),
        None => std::io::Error::from(error.kind()),
    }
}

/// Writes `out` through a temp file beside it (mode 0600), fsyncs it and
/// renames it into place; never overwrites, and leaves nothing behind on
/// failure. Errors name `out` or its folder, never the temp file.
fn write_new_file(
    out: &Path,
    write: impl FnOnce(
        std::io::BufWriter<std::fs::File>,
    ) -> anyhow::Result<std::io::BufWriter<std::fs::File>>,
) -> anyhow::Result<()> {
    if out.exists() {
        bail!("{} already exists: refusing to overwrite", out.display());
    }
    let dir = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let cannot_write = || format!("cannot write in {}", dir.display());
    let temp = tempfile::Builder::new()
        .prefix(".gundo-")
        .tempfile_in(dir)
        .map_err(|e| without_temp_name(&e))
        .with_context(cannot_write)?;
    // Written through a plain handle: its errors carry no temp file name.
    let handle = temp.as_file().try_clone().with_context(cannot_write)?;
    let handle = write(std::io::BufWriter::new(handle))?
        .into_inner()
        .map_err(std::io::IntoInnerError::into_error)
        .with_context(|| format!("writing {}", out.display()))?;
    handle
        .sync_all()
        .with_context(|| format!("writing {}", out.display()))?;
    temp.persist_noclobber(out)
        .map_err(|e| without_temp_name(&e.error))
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
    if manifest.messages.is_empty() && manifest.replies.is_empty() && manifest.notes.is_empty() {
        println!("nothing new to export: no file written");
        return Ok(());
    }
    let signer = store
        .server_signing_key()
        .context("reading the server signing key")?;
    // The reviewer set a workspace pins, and seals replies to: the keys the
    // bundle is sealed to (post-quantum only once there is one).
    let (recipients, left_out) = keys::sealing_set(&reviewers);
    manifest.reviewers = reviewers
        .iter()
        .filter(|r| recipients.contains(&r.recipient))
        .map(|r| bundle::ReviewerEntry {
            name: r.name.clone(),
            recipient: r.recipient.to_string(),
        })
        .collect();
    let total: u64 = manifest
        .messages
        .iter()
        .map(|m| &m.blob)
        .chain(manifest.replies.iter().map(|r| &r.blob))
        .chain(manifest.notes.iter().map(|n| &n.blob))
        .filter_map(|b| std::fs::metadata(store.blob_path(b)).ok())
        .map(|m| m.len())
        .sum();
    let bar = progress_bar(Some(total));
    write_new_file(out, |file| {
        bundle::write_export(
            &recipients,
            &manifest,
            |id| store.blob_path(id),
            &signer,
            file,
            |n| bar.inc(n),
        )
        .context("writing the bundle")
    })?;
    bar.finish_and_clear();
    store.mark_exported(&manifest)?;
    println!(
        "wrote {}: {}, {}, {}, {}, sealed to {}, signed by this server ({})",
        out.display(),
        count(manifest.messages.len(), "message", "messages"),
        count(manifest.replies.len(), "reply", "replies"),
        count(manifest.notes.len(), "note", "notes"),
        count(manifest.threads.len(), "thread", "threads"),
        count(recipients.len(), "reviewer", "reviewers"),
        bundle::fingerprint(&signer.verifying_key())
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
    let report = store
        .import_outbox(&verified, config.purge_after_ack)
        .context("nothing was imported")?;
    bar.finish_and_clear();
    let signer = gundo::terminal::line(&verified.signer);
    if report.outbox_seen_before {
        println!("this outbox of {signer} was imported before: nothing new was added");
    }
    println!(
        "imported the outbox of {signer}: {}, {}, {} acknowledged, {} purged",
        count(report.replies_added, "new reply", "new replies"),
        count(report.notes_added, "new note", "new notes"),
        count(report.acknowledged, "message", "messages"),
        report.purged
    );
    if report.replies_seen_before > 0 && !report.outbox_seen_before {
        println!(
            "{} imported before (from an earlier outbox), not added again",
            count(
                report.replies_seen_before,
                "reply or note was",
                "replies or notes were"
            )
        );
    }
    for skipped in &report.skipped {
        println!(
            "skipped reply {} to thread {}: that thread is no longer on this server (it expired or was deleted); the reviewer still has it",
            skipped.id, skipped.thread
        );
    }
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

/// The session of a reviewer: their key, and the recipient their workspace
/// is sealed to. A key from `gundo keygen` knows its recipient; a plugin
/// identity file must name it on a comment line (`# recipient: age1…`, as
/// age plugins write them).
fn session<'a>(key: &'a ReviewerKey, path: &Path) -> anyhow::Result<review::Session<'a>> {
    if let Ok(identity) = key.signing_identity() {
        return Ok(review::Session::native(key, identity));
    }
    let owner = key.plugin_recipient().cloned().with_context(|| {
            format!(
                "{} is a plugin identity that does not say its recipient: the workspace is sealed to it, so add a line `# recipient: age1…` to the file",
                path.display()
            )
        })?;
    Ok(review::Session { key, owner })
}

/// Asks the reviewer on the terminal whether to trust what a bundle says;
/// without a terminal nobody answers (`None`).
struct TerminalConfirm;

impl review::trust::Confirm for TerminalConfirm {
    fn server_key(&self, fingerprint: &str) -> Option<bool> {
        TerminalCallbacks::yes_no(&format!(
            "This bundle is signed by the server key with fingerprint\n    {fingerprint}\nIs it the fingerprint the operator gave you (read it aloud together)? [yes/no] "
        ))
    }

    fn reviewers(&self, change: &review::trust::ReviewerChange) -> Option<bool> {
        TerminalCallbacks::yes_no(&format!(
            "This bundle changes who replies and notes are sealed to: {}\nAccept this change (check it with the operator first)? [yes/no] ",
            gundo::terminal::line(&change.to_string())
        ))
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

    /// Asks until the answer is `yes` or `no`; `None` without a terminal.
    fn yes_no(question: &str) -> Option<bool> {
        loop {
            let answer = Self::ask(question)?;
            match answer.trim().to_ascii_lowercase().as_str() {
                "yes" | "y" | "oui" | "o" => return Some(true),
                "no" | "n" | "non" => return Some(false),
                _ => {}
            }
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
    let server_key = store
        .server_signing_key()
        .context("reading or making the server signing key")?
        .verifying_key();
    if removed > 0 {
        tracing_init();
        tracing::info!(
            removed,
            "removed unfinished uploads left by an earlier stop"
        );
    }
    let recipients = keys::recipients(&reviewers);
    let sealing = format!(
        "sealing to {} ({})",
        count(recipients.len(), "reviewer key", "reviewer keys"),
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
    )
    .with_site(config.site.clone());
    let options = web::serve::ServeOptions {
        proxy_protocol: config.proxy_protocol,
        header_timeout: config.abuse.header_timeout,
        max_connections: config.abuse.max_connections,
        max_connections_per_circuit: config.abuse.max_connections_per_circuit,
    };
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(async move {
        let listener = match web::serve::Listener::bind(&config.listen).await {
            Ok(listener) => listener,
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => bail!(
                "cannot listen on {}: another program (another gundo?) already uses it; stop it, or choose another address with --listen, e.g. --listen 127.0.0.1:8081",
                config.listen
            ),
            Err(e) => {
                return Err(
                    anyhow::Error::new(e).context(format!("cannot listen on {}", config.listen))
                );
            }
        };
        let bound = listener.local_addr()?;
        banner(demo.is_some(), &bound, &sealing, &server_key, notice.as_deref());
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

/// What `serve` prints once it listens: the demo's instructions, or where it
/// serves, whom it seals to, the signing key's fingerprint and any notice.
/// A closed stdout must not stop the server: write errors are ignored.
fn banner(
    demo: bool,
    bound: &ListenAddr,
    sealing: &str,
    server_key: &ed25519_dalek::VerifyingKey,
    notice: Option<&str>,
) {
    let mut out = std::io::stdout();
    if let (true, ListenAddr::Tcp(addr)) = (demo, bound) {
        let _ = writeln!(
            out,
            "{}",
            gundo::demo::instructions(&format!("http://{addr}/"))
        );
    } else {
        let _ = writeln!(out, "gundo: serving on {bound}, {sealing}");
        let _ = writeln!(
            out,
            "gundo: export bundles are signed by this server's key, fingerprint {}: reviewers compare it, read aloud, when they first open a bundle",
            bundle::fingerprint(server_key)
        );
    }
    if let Some(notice) = notice {
        let _ = writeln!(out, "gundo: note: {notice}");
    }
}

/// Logs carry no client data and no time (journald adds its own; a log
/// line's time must not be matched against a tip's arrival).
fn tracing_init() {
    let _ = tracing_subscriber::fmt()
        // Colour codes only for a person at a terminal, never in a file,
        // a pipe or the journal.
        .with_ansi(std::io::stderr().is_terminal())
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
    let short = passphrase
        .as_ref()
        .map(|p| p.expose_secret().chars().count())
        .filter(|&n| n < SHORT_PASSPHRASE);
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
    if let Some(n) = short {
        eprintln!(
            "gundo: warning: the passphrase has only {}; {SHORT_PASSPHRASE} or more (several words) resist guessing far longer if {} is ever copied",
            count(n, "character", "characters"),
            out.display()
        );
    }
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
