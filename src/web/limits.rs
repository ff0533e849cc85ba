//! Limits that keep the site up under a flood, behind Tor, where every client
//! arrives from the same local address.
//!
//! - **Form posts per circuit and site-wide** (tower-governor): with
//!   `proxy_protocol = true`, each Tor circuit (from the PROXY header, see
//!   [`super::proxy`]) gets a small budget of form posts, and the whole site
//!   takes a bounded number per minute. Past either, "slow down" (429).
//! - **Upload slots** ([`super::slots`]): a bounded number of uploads stream
//!   in at once, at most a few per circuit, each above a rate floor; when
//!   all are taken, the upload furthest under the floor yields.
//! - **Receipt checks** (Argon2id, 64 MiB each) run at most one per core, and
//!   only a bounded number may wait; past it, "busy". Memory stays bounded
//!   whatever the flood. New tips do not queue behind receipt checks: they
//!   are already bounded by the upload slots.
//! - **Deadlines**: every request has a total time limit (uploads a long one),
//!   and an upload's body may not stall longer than `body_idle_seconds`.
//! - **Panics** in a handler are caught, counted and answered with a page.
//!
//! Rejections are translated pages (429, 503, 408); nothing about the client
//! is logged.

use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::FutureExt;
use governor::middleware::NoOpMiddleware;
use tokio::sync::{Semaphore, SemaphorePermit};
use tower_governor::GovernorError;
use tower_governor::governor::{GovernorConfig, GovernorConfigBuilder};
use tower_governor::key_extractor::{GlobalKeyExtractor, KeyExtractor};

use super::pages::ErrorKind;
use super::slots::{Refusal, Slot, Slots, UploadPolicy};
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

/// Keys the per-circuit post budget on the Tor circuit of the connection.
#[derive(Clone, Copy, Debug)]
pub(super) struct CircuitKeyExtractor;

impl KeyExtractor for CircuitKeyExtractor {
    type Key = u32;

    fn extract<T>(&self, request: &axum::http::Request<T>) -> Result<u32, GovernorError> {
        match request.extensions().get::<ClientKey>() {
            Some(ClientKey::Circuit(id)) => Ok(*id),
            // Only installed with `proxy_protocol`, where every connection
            // has a circuit (one without a PROXY header is closed).
            _ => Err(GovernorError::UnableToExtractKey),
        }
    }
}

/// Form posts per circuit.
pub(super) type CircuitPosts = GovernorConfig<CircuitKeyExtractor, NoOpMiddleware>;
/// Form posts site-wide.
pub(super) type SitePosts = GovernorConfig<GlobalKeyExtractor, NoOpMiddleware>;

/// The shared state of the limits.
pub(super) struct Guards {
    settings: AbuseLimits,
    pub(super) circuit_posts: Option<Arc<CircuitPosts>>,
    pub(super) site_posts: Arc<SitePosts>,
    uploads: Arc<Slots>,
    receipt_checks: Semaphore,
    panics: AtomicU64,
}

/// `n` posts a minute as a governor quota: a burst of `n`, one back every 60/n s.
fn posts_per_minute<K: KeyExtractor>(
    builder: &mut GovernorConfigBuilder<K, NoOpMiddleware>,
    n: u32,
) -> GovernorConfig<K, NoOpMiddleware> {
    let n = n.max(1);
    builder
        .period(Duration::from_secs(60) / n)
        .burst_size(n)
        .methods(vec![Method::POST])
        .finish()
        .expect("a period and burst of at least one are valid")
}

impl Guards {
    pub(super) fn new(settings: AbuseLimits, cores: usize) -> Self {
        let circuit_posts = settings.per_circuit.then(|| {
            Arc::new(posts_per_minute(
                &mut GovernorConfigBuilder::default().key_extractor(CircuitKeyExtractor),
                settings.circuit_posts_per_minute,
            ))
        });
        let site_posts = Arc::new(posts_per_minute(
            &mut GovernorConfigBuilder::default().key_extractor(GlobalKeyExtractor),
            settings.posts_per_minute,
        ));
        Self {
            settings,
            circuit_posts,
            site_posts,
            uploads: Slots::new(UploadPolicy {
                max_in_flight: settings.max_uploads_in_flight,
                per_circuit: settings.max_uploads_per_circuit,
                floor_bytes_per_second: settings.upload_floor_bytes_per_second,
                window: settings.upload_floor_window,
                ..UploadPolicy::default()
            }),
            // Those running (one per core) plus those allowed to wait.
            receipt_checks: Semaphore::new(cores + settings.receipt_check_queue),
            panics: AtomicU64::new(0),
        }
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

    /// The upload policy's figures.
    pub(super) fn upload_policy(&self) -> &UploadPolicy {
        self.uploads.policy()
    }

    /// Forgets circuits not seen lately, so the keyed state does not grow.
    pub(super) fn prune(&self) {
        if let Some(posts) = &self.circuit_posts {
            posts.limiter().retain_recent();
            posts.limiter().shrink_to_fit();
        }
    }

    /// Circuits currently tracked.
    pub(super) fn tracked_circuits(&self) -> usize {
        self.circuit_posts
            .as_ref()
            .map_or(0, |posts| posts.limiter().len())
    }

    /// Panics caught since start.
    pub(super) fn panics(&self) -> u64 {
        self.panics.load(Ordering::Relaxed)
    }

    pub(super) fn count_panic(&self) {
        self.panics.fetch_add(1, Ordering::Relaxed);
    }
}

/// Marks the bare answer of the rate limiter, for [`slow_down_page`].
#[derive(Clone, Copy, Debug)]
struct RateLimited;

/// What the rate limiter answers past a budget: a bare 429 that
/// [`slow_down_page`], which knows the language, turns into the page.
pub(super) fn rate_limited(_: GovernorError) -> Response {
    let mut response = StatusCode::TOO_MANY_REQUESTS.into_response();
    response.extensions_mut().insert(RateLimited);
    response
}

/// A request's body, held outside the rate limiter so that a refused
/// request's body can still be drained after the limiter dropped the request.
#[derive(Clone)]
struct HeldBody(Arc<Mutex<Option<Body>>>);

impl HeldBody {
    fn take(&self) -> Option<Body> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).take()
    }
}

/// Outside the rate limiter: holds the body back, and turns the limiter's
/// bare 429 into the translated "slow down" page after draining the body.
pub(super) async fn slow_down_page(lang: PageLang, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let held = HeldBody(Arc::new(Mutex::new(Some(body))));
    let mut request = Request::from_parts(parts, Body::empty());
    request.extensions_mut().insert(held.clone());
    let response = next.run(request).await;
    if response.extensions().get::<RateLimited>().is_none() {
        return response;
    }
    if let Some(body) = held.take() {
        drain(body).await;
    }
    PageError::new(lang.0, ErrorKind::SlowDown).into_response()
}

/// Inside the rate limiter: gives the request its body back.
pub(super) async fn release_body(mut request: Request, next: Next) -> Response {
    if let Some(body) = request
        .extensions()
        .get::<HeldBody>()
        .and_then(HeldBody::take)
    {
        *request.body_mut() = body;
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

/// The upload slot a request holds, for the handler that streams it.
#[derive(Clone)]
pub(super) struct UploadTicket(pub(super) Arc<Slot>);

/// Lets an upload in only if it gets an upload slot (held until the handler
/// is done, or until it falls under the rate floor) and there is free space
/// above the floor; otherwise "slow down", "busy" or "no space" before a byte
/// is stored.
pub(super) async fn admit_upload(
    State(app): State<AppState>,
    lang: PageLang,
    mut request: Request,
    next: Next,
) -> Response {
    if request.method() != Method::POST {
        return next.run(request).await;
    }
    let client = request
        .extensions()
        .get::<ClientKey>()
        .copied()
        .unwrap_or(ClientKey::Unknown);
    let guard = match app.0.guards.uploads.admit(client, Instant::now()) {
        Ok(guard) => guard,
        Err(refusal) => {
            drain(request.into_body()).await;
            let kind = match refusal {
                Refusal::CircuitFull => ErrorKind::SlowDown,
                Refusal::Busy => ErrorKind::Busy,
            };
            return PageError::new(lang.0, kind).into_response();
        }
    };
    request.extensions_mut().insert(UploadTicket(guard.slot()));
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
