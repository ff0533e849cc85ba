//! Accepting connections: TCP on loopback or a unix socket (what Tor points
//! at), HTTP/1.1 only, through hyper-util with a header-read timer.
//!
//! `axum::serve` arms no header-read timeout, so a client could hold a
//! connection open forever by sending half a header; here every connection
//! gets [`ServeOptions::header_timeout`] to send its request head (and, with
//! `proxy_protocol`, its PROXY line). Each request carries the connection's
//! [`ClientKey`]: Tor's circuit id when the PROXY header is expected.
//!
//! Open connections are capped, in all and per circuit, so that memory stays
//! bounded however many a client opens; past a cap a connection is closed at
//! once. A connection whose first bytes disagree with `proxy_protocol` (a
//! PROXY line when none is expected, none when one is) is an operator's
//! mistake in `gundo.toml` or torrc: it is logged once a minute at most, with
//! no client data.
//!
//! hyper answers some malformed requests itself (a bad request line, a head
//! over [`MAX_HEAD_BYTES`]) with a bare status and no body: those answers
//! carry none of the site's security headers, and hyper offers no hook to
//! add them. They hold no content a browser could act on.

use std::collections::HashMap;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, UnixListener};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use tower::ServiceExt;

use super::{ClientKey, proxy};
use crate::config::ListenAddr;

/// How connections are read.
#[derive(Clone, Copy, Debug)]
pub struct ServeOptions {
    /// Expect Tor's PROXY v1 header first on every connection.
    pub proxy_protocol: bool,
    /// Time a client has to send a request's head (and the PROXY line).
    pub header_timeout: Duration,
    /// Open connections at once.
    pub max_connections: usize,
    /// Open connections at once from one Tor circuit.
    pub max_connections_per_circuit: usize,
}

impl Default for ServeOptions {
    fn default() -> Self {
        Self {
            proxy_protocol: false,
            header_timeout: Duration::from_secs(20),
            max_connections: 1024,
            max_connections_per_circuit: 16,
        }
    }
}
/// Largest request head (and read buffer) per connection.
const MAX_HEAD_BYTES: usize = 64 * 1024;

/// A bound listening socket.
pub enum Listener {
    /// TCP.
    Tcp(TcpListener),
    /// A unix socket; the path is removed when the listener is dropped.
    Unix(UnixListener, PathBuf),
}

impl Listener {
    /// Binds `addr`. A stale unix socket file at the path is replaced.
    pub async fn bind(addr: &ListenAddr) -> std::io::Result<Self> {
        match addr {
            ListenAddr::Tcp(addr) => Ok(Self::Tcp(TcpListener::bind(addr).await?)),
            ListenAddr::Unix(path) => {
                use std::os::unix::fs::{FileTypeExt, PermissionsExt};
                if let Ok(meta) = std::fs::symlink_metadata(path)
                    && meta.file_type().is_socket()
                {
                    std::fs::remove_file(path)?;
                }
                let listener = UnixListener::bind(path)?;
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o660))?;
                Ok(Self::Unix(listener, path.clone()))
            }
        }
    }

    /// The address actually bound (the port, when 0 was asked for).
    pub fn local_addr(&self) -> std::io::Result<ListenAddr> {
        match self {
            Self::Tcp(l) => l.local_addr().map(ListenAddr::Tcp),
            Self::Unix(_, path) => Ok(ListenAddr::Unix(path.clone())),
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        if let Self::Unix(_, path) = self {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Serves `app` on `listener` until `shutdown` completes.
pub async fn serve(
    listener: Listener,
    app: Router,
    options: ServeOptions,
    shutdown: impl Future<Output = ()>,
) {
    tokio::pin!(shutdown);
    let open = Arc::new(Semaphore::new(options.max_connections));
    let circuits = Circuits::default();
    loop {
        let accepted = tokio::select! {
            () = &mut shutdown => break,
            accepted = accept(&listener) => accepted,
        };
        // Past the cap, the new connection is closed at once: it costs nothing.
        let Ok(permit) = open.clone().try_acquire_owned() else {
            continue;
        };
        let held = Held {
            _permit: permit,
            circuits: circuits.clone(),
            circuit: None,
        };
        match accepted {
            Ok(Connection::Tcp(stream)) => {
                tokio::spawn(serve_connection(stream, app.clone(), options, held));
            }
            Ok(Connection::Unix(stream)) => {
                tokio::spawn(serve_connection(stream, app.clone(), options, held));
            }
            Err(e) => {
                // Out of file descriptors or similar: back off instead of spinning.
                tracing::warn!(kind = ?e.kind(), "accept failed");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
}

enum Connection {
    Tcp(tokio::net::TcpStream),
    Unix(tokio::net::UnixStream),
}

async fn accept(listener: &Listener) -> std::io::Result<Connection> {
    match listener {
        Listener::Tcp(l) => l.accept().await.map(|(s, _)| Connection::Tcp(s)),
        Listener::Unix(l, _) => l.accept().await.map(|(s, _)| Connection::Unix(s)),
    }
}

/// Open connections per circuit, shared by every connection task.
#[derive(Clone, Default)]
struct Circuits(Arc<Mutex<HashMap<u32, usize>>>);

impl Circuits {
    /// Counts one more connection on `circuit`, unless it has `max` already.
    fn enter(&self, circuit: u32, max: usize) -> bool {
        let mut open = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let count = open.entry(circuit).or_insert(0);
        if *count >= max {
            return false;
        }
        *count += 1;
        true
    }

    fn leave(&self, circuit: u32) {
        let mut open = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = open.get_mut(&circuit) {
            *count -= 1;
            if *count == 0 {
                open.remove(&circuit);
            }
        }
    }
}

/// What a connection holds while it is open: its place under the caps.
struct Held {
    _permit: OwnedSemaphorePermit,
    circuits: Circuits,
    circuit: Option<u32>,
}

impl Drop for Held {
    fn drop(&mut self) {
        if let Some(circuit) = self.circuit {
            self.circuits.leave(circuit);
        }
    }
}

/// Operator mistakes seen on connections, each logged once a minute at most.
#[derive(Clone, Copy)]
enum Mismatch {
    /// A PROXY line arrived with `proxy_protocol = false`.
    UnexpectedProxyHeader,
    /// A connection without a PROXY line with `proxy_protocol = true`.
    MissingProxyHeader,
}

/// Seconds since start at which each mismatch was last logged (0: never).
static LAST_LOGGED: [AtomicU64; 2] = [AtomicU64::new(0), AtomicU64::new(0)];

fn log_mismatch(mismatch: Mismatch) {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    let now = START.get_or_init(Instant::now).elapsed().as_secs() + 1;
    let last = &LAST_LOGGED[mismatch as usize];
    let before = last.load(Ordering::Relaxed);
    if (before != 0 && now < before + 60)
        || last
            .compare_exchange(before, now, Ordering::Relaxed, Ordering::Relaxed)
            .is_err()
    {
        return;
    }
    match mismatch {
        Mismatch::UnexpectedProxyHeader => tracing::warn!(
            "a connection began with a PROXY header, but gundo.toml has proxy_protocol = false: \
             set proxy_protocol = true to match Tor's HiddenServiceExportCircuitID haproxy \
             (these connections are refused until then)"
        ),
        Mismatch::MissingProxyHeader => tracing::warn!(
            "a connection came without a PROXY header, but gundo.toml has proxy_protocol = true: \
             add HiddenServiceExportCircuitID haproxy to the onion service in torrc, or set \
             proxy_protocol = false (these connections are closed until then)"
        ),
    }
}

/// Passes a connection's bytes through unchanged, noticing whether it
/// starts with a PROXY line (which `proxy_protocol = false` does not expect).
struct Sniff<S> {
    inner: S,
    head: [u8; 6],
    seen: usize,
}

impl<S> Sniff<S> {
    fn new(inner: S) -> Self {
        Self {
            inner,
            head: [0; 6],
            seen: 0,
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Sniff<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if self.seen < self.head.len() {
            let this = &mut *self;
            let fresh = &buf.filled()[before..];
            let take = fresh.len().min(this.head.len() - this.seen);
            this.head[this.seen..this.seen + take].copy_from_slice(&fresh[..take]);
            this.seen += take;
            if this.seen == this.head.len() && &this.head == b"PROXY " {
                log_mismatch(Mismatch::UnexpectedProxyHeader);
            }
        }
        polled
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Sniff<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

async fn serve_connection<S>(mut stream: S, app: Router, options: ServeOptions, mut held: Held)
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let client = if options.proxy_protocol {
        match tokio::time::timeout(options.header_timeout, proxy::read_header(&mut stream)).await {
            Ok(Ok(circuit)) => {
                if !held
                    .circuits
                    .enter(circuit, options.max_connections_per_circuit)
                {
                    return;
                }
                held.circuit = Some(circuit);
                ClientKey::Circuit(circuit)
            }
            Ok(Err(proxy::ProxyError::NoHeader)) => {
                log_mismatch(Mismatch::MissingProxyHeader);
                return;
            }
            // A malformed or missing header closes the connection: drop it.
            Ok(Err(_)) | Err(_) => return,
        }
    } else {
        ClientKey::Unknown
    };
    let stream = Sniff::new(stream);
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(options.header_timeout)
        .max_buf_size(MAX_HEAD_BYTES);
    let service = tower::service_fn(
        move |mut request: axum::http::Request<hyper::body::Incoming>| {
            request.extensions_mut().insert(client);
            app.clone().oneshot(request)
        },
    );
    // Errors here are the client's (reset, timeout, malformed head): nothing to log.
    let _ = builder
        .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service))
        .await;
}
