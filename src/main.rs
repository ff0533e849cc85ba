//! The `gundo` command: argument parsing only, each command turned into a
//! call into the library. Errors are one line on stderr and a non-zero exit.

#![forbid(unsafe_code)]

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use age::secrecy::SecretString;
use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use zeroize::Zeroizing;

use gundo::config::{Config, ListenAddr};
use gundo::keys::{self, ReviewerIdentity};
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
    Keygen {
        /// Where to write the secret identity, e.g. amina.key.
        #[arg(long)]
        out: PathBuf,
        /// Read the passphrase from this file's first line (for scripts).
        #[arg(long, conflicts_with = "no_passphrase")]
        passphrase_file: Option<PathBuf>,
        /// Write the identity unencrypted (only for keys kept on encrypted media).
        #[arg(long)]
        no_passphrase: bool,
    },
}

fn main() -> ExitCode {
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
            passphrase_file,
            no_passphrase,
        } => keygen(&out, passphrase_file.as_deref(), no_passphrase),
    }
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
    let state = web::AppState::new(
        store,
        keys::recipients(&reviewers),
        config.limits,
        config.min_free_bytes,
    );
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(async move {
        let listener = web::serve::Listener::bind(&config.listen)
            .await
            .with_context(|| format!("cannot listen on {}", config.listen))?;
        let bound = listener.local_addr()?;
        match (&demo, &bound) {
            (Some(_), ListenAddr::Tcp(addr)) => {
                println!("{}", gundo::demo::instructions(&format!("http://{addr}/")));
            }
            _ => println!(
                "gundo: serving on {bound}, sealing to {} reviewer key(s)",
                reviewers.len()
            ),
        }
        tracing_init();
        web::serve::serve(listener, web::router(state), shutdown_signal()).await;
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

fn keygen(out: &Path, passphrase_file: Option<&Path>, no_passphrase: bool) -> anyhow::Result<()> {
    keys::reviewer_name(out)?;
    let passphrase = if no_passphrase {
        None
    } else if let Some(file) = passphrase_file {
        Some(read_passphrase_file(file)?)
    } else {
        Some(prompt_new_passphrase()?)
    };
    let identity = ReviewerIdentity::generate();
    let pub_path = keys::write_keypair(&identity, out, passphrase)?;
    let reviewer = identity.to_reviewer(&keys::reviewer_name(out)?);
    println!(
        "wrote {} (secret: keep it offline) and {} (public: give it to the operator)\nrecipient:   {}\nfingerprint: {}",
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
