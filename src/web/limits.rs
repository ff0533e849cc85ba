//! Limits that keep the site up under a flood, behind Tor, where every client
//! arrives from the same local address.
//!
//! - **Per circuit**: with `proxy_protocol = true`, each Tor circuit (from the
//!   PROXY header, see [`super::proxy`]) gets a small budget of form posts.
//! - **Global**: the whole site takes a bounded number of posts per minute.
//! - **Uploads in flight** are capped; past the cap, "busy" before any byte is stored.
//! - **Receipt checks** (Argon2id, 64 MiB each) run at most one per core, and
//!   only a bounded number may wait; past it, "busy". Memory stays bounded
//!   whatever the flood. New tips do not queue behind receipt checks: they
//!   are already bounded by the upload cap.
//! - **Deadlines**: every request has a total time limit (uploads a long one),
//!   and an upload's body may not stall longer than `body_idle_seconds`.
//! - **Panics** in a handler are caught, counted and answered with a page.
//!
//! Rejections are translated pages (429, 503, 408); nothing about the client
//! is logged.

use std::num::NonZeroU32;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::FutureExt;
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};
use tokio::sync::{Semaphore, SemaphorePermit};

use super::pages::ErrorKind;
use super::{AppState, PageError, PageLang};
use crate::config::AbuseLimits;

/// Who sent a request, as far as the server can tell: set per connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ClientKey {
    /// A Tor circuit, from the PROXY header.
    Circuit(u32),
    /// No PROXY header configured: every client looks the same.
    Unknown,
}

/// Longest a request other than an upload may take, body included.
const SMALL_REQUEST_DEADLINE: Duration = Duration::from_secs(60);

/// The shared state of the limits.
pub(super) struct Guards {
    settings: AbuseLimits,
    per_circuit: DefaultKeyedRateLimiter<u32>,
    global: DefaultDirectRateLimiter,
    uploads: Semaphore,
    receipt_checks: Semaphore,
    panics: AtomicU64,
}

impl Guards {
    pub(super) fn new(settings: AbuseLimits, cores: usize) -> Self {
        let per_minute = |n: u32| Quota::per_minute(NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN));
        Self {
            settings,
            per_circuit: RateLimiter::keyed(per_minute(settings.circuit_posts_per_minute)),
            global: RateLimiter::direct(per_minute(settings.posts_per_minute)),
            uploads: Semaphore::new(settings.max_uploads_in_flight),
            // Those running (one per core) plus those allowed to wait.
            receipt_checks: Semaphore::new(cores + settings.receipt_check_queue),
            panics: AtomicU64::new(0),
        }
    }

    /// A place for one upload, or `None` when all are taken.
    fn upload_slot(&self) -> Option<SemaphorePermit<'_>> {
        self.uploads.try_acquire().ok()
    }

    /// A place in the receipt-check queue, or "busy".
    pub(super) fn receipt_check_ticket(&self) -> Result<SemaphorePermit<'_>, ErrorKind> {
        self.receipt_checks
            .try_acquire()
            .map_err(|_| ErrorKind::Busy)
    }

    /// Longest silence inside an upload's body.
    pub(super) fn body_idle(&self) -> Duration {
        self.settings.body_idle
    }

    /// Forgets circuits not seen lately, so the keyed state does not grow.
    pub(super) fn prune(&self) {
        self.per_circuit.retain_recent();
        self.per_circuit.shrink_to_fit();
    }

    /// Circuits currently tracked.
    pub(super) fn tracked_circuits(&self) -> usize {
        self.per_circuit.len()
    }

    /// Panics caught since start.
    pub(super) fn panics(&self) -> u64 {
        self.panics.load(Ordering::Relaxed)
    }

    pub(super) fn count_panic(&self) {
        self.panics.fetch_add(1, Ordering::Relaxed);
    }
}

/// Refuses form posts past the per-circuit or global budget with a 429 page.
pub(super) async fn limit_posts(
    State(app): State<AppState>,
    lang: PageLang,
    request: Request,
    next: Next,
) -> Response {
    if request.method() == Method::POST {
        let guards = &app.0.guards;
        let circuit_spent = matches!(
            request.extensions().get::<ClientKey>(),
            Some(ClientKey::Circuit(id)) if guards.per_circuit.check_key(id).is_err()
        );
        if circuit_spent || guards.global.check().is_err() {
            drain(request.into_body()).await;
            return PageError::new(lang.0, ErrorKind::SlowDown).into_response();
        }
    }
    next.run(request).await
}

/// Most a refused request's body is read before answering.
const DRAIN_BYTES: usize = 1024 * 1024;
/// Longest a refused request's body is read before answering.
const DRAIN_TIME: Duration = Duration::from_secs(2);

/// Reads and discards (a bounded part of) a refused request's body, so that
/// closing the connection does not reset it before the browser has read the
/// answer: a submitter then sees "slow down" or "busy", not a network error.
pub(super) async fn drain(body: axum::body::Body) {
    let _ = tokio::time::timeout(DRAIN_TIME, axum::body::to_bytes(body, DRAIN_BYTES)).await;
}

/// Lets an upload in only if there is a free upload slot (held until the
/// handler is done) and free space above the floor; otherwise "busy" or "no
/// space" before a byte is stored.
pub(super) async fn admit_upload(
    State(app): State<AppState>,
    lang: PageLang,
    request: Request,
    next: Next,
) -> Response {
    if request.method() != Method::POST {
        return next.run(request).await;
    }
    let Some(_slot) = app.0.guards.upload_slot() else {
        drain(request.into_body()).await;
        return PageError::new(lang.0, ErrorKind::Busy).into_response();
    };
    match app.blocking(|a| a.store.free_bytes()).await {
        Ok(free) if free >= app.0.min_free_bytes => next.run(request).await,
        Ok(_) => {
            drain(request.into_body()).await;
            PageError::new(lang.0, ErrorKind::NoSpace).into_response()
        }
        Err(e) => e.in_lang(lang.0).into_response(),
    }
}

/// Gives every request a total deadline (a long one for uploads) and
/// answers 408 past it. Dropping the handler aborts an upload, which removes
/// its temp file.
pub(super) async fn deadline(
    State(app): State<AppState>,
    lang: PageLang,
    request: Request,
    next: Next,
) -> Response {
    let is_upload = request.method() == Method::POST
        && (request.uri().path().ends_with("/submit")
            || request.uri().path().ends_with("/followup"));
    let limit = if is_upload {
        app.0.guards.settings.upload_deadline
    } else {
        SMALL_REQUEST_DEADLINE
    };
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => PageError::new(lang.0, ErrorKind::TimedOut).into_response(),
    }
}

/// Catches a panic in a handler: counted, logged by kind, answered with a page.
pub(super) async fn catch_panics(
    State(app): State<AppState>,
    lang: PageLang,
    request: Request,
    next: Next,
) -> Response {
    let Ok(response) = AssertUnwindSafe(next.run(request)).catch_unwind().await else {
        app.0.guards.count_panic();
        tracing::error!(kind = "panic", "a request handler panicked");
        return PageError::new(lang.0, ErrorKind::Internal).into_response();
    };
    response
}
