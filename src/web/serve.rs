//! Accepting connections: TCP on loopback or a unix socket (what Tor points
//! at), HTTP/1.1 only, through hyper-util with a header-read timer.
//!
//! `axum::serve` arms no header-read timeout, so a client could hold a
//! connection open forever by sending half a header; here every connection
//! gets [`ServeOptions::header_timeout`] to send its request head (and, with
//! `proxy_protocol`, its PROXY line). Each request carries the connection's
//! [`ClientKey`]: Tor's circuit id when the PROXY header is expected.

use std::future::Future;
use std::path::PathBuf;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, UnixListener};

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
}

impl Default for ServeOptions {
    fn default() -> Self {
        Self {
            proxy_protocol: false,
            header_timeout: Duration::from_secs(20),
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
    loop {
        let accepted = tokio::select! {
            () = &mut shutdown => break,
            accepted = accept(&listener) => accepted,
        };
        match accepted {
            Ok(Connection::Tcp(stream)) => {
                tokio::spawn(serve_connection(stream, app.clone(), options));
            }
            Ok(Connection::Unix(stream)) => {
                tokio::spawn(serve_connection(stream, app.clone(), options));
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

async fn serve_connection<S>(mut stream: S, app: Router, options: ServeOptions)
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let client = if options.proxy_protocol {
        match tokio::time::timeout(options.header_timeout, proxy::read_header(&mut stream)).await {
            Ok(Ok(circuit)) => ClientKey::Circuit(circuit),
            // A malformed or missing header closes the connection: drop it.
            Ok(Err(_)) | Err(_) => return,
        }
    } else {
        ClientKey::Unknown
    };
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
