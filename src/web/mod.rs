//! The submission site: axum router, thin handlers, security headers,
//! cross-site request refusal, and errors as translated pages.
//!
//! Handlers extract, make one call, render. Nothing here touches `SQLite` or
//! the blob directory (that is `store`'s job), and nothing here logs client
//! data: no address, no user agent, no receipt, no content. Errors are logged
//! by kind only, and the user sees a page in their language.
//!
//! Error pages are rendered in one place, `render_errors`, the layer that
//! knows which form a request posted: a refusal raised anywhere (a handler,
//! a limit, an extractor) becomes the translated page that names the limit
//! that was crossed and gives the advice that fits a first submission or a
//! follow-up.

/// The site's languages: the crate-level catalogues, seen from here.
pub use crate::i18n;
mod limits;
pub mod pages;
pub mod proxy;
pub mod serve;
mod site;
pub mod slots;
mod status;
mod submit;
mod upload;

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::extract::{DefaultBodyLimit, FromRequestParts, Request};
use axum::http::{HeaderValue, Method, StatusCode, header, request::Parts};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use tokio::sync::Semaphore;
use tower_governor::GovernorLayer;

use crate::config::{AbuseLimits, Site, UploadLimits};
use crate::store::Store;
use i18n::Lang;
pub use limits::ClientKey;
use pages::{ErrorKind, ErrorPage, FormKind, Limits};

/// Shared state of the site: cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<App>);

/// What every handler may use.
pub struct App {
    /// The only door to disk.
    pub store: Store,
    /// Every reviewer's age recipient: what tips are sealed to.
    pub recipients: Vec<crate::keys::RecipientKey>,
    /// Upload limits.
    pub limits: UploadLimits,
    /// Free-space floor for new uploads.
    pub min_free_bytes: u64,
    /// The organisation every page names.
    pub site: Site,
    /// Caps concurrent Argon2id runs (64 MiB each) at the number of cores.
    argon2_slots: Semaphore,
    /// Rate limits, upload and receipt-check caps, panic count.
    guards: limits::Guards,
}

impl AppState {
    /// Wraps the pieces the site needs.
    pub fn new(
        store: Store,
        recipients: Vec<crate::keys::RecipientKey>,
        limits: UploadLimits,
        min_free_bytes: u64,
    ) -> Self {
        Self::with_abuse_limits(
            store,
            recipients,
            limits,
            min_free_bytes,
            AbuseLimits::default(),
        )
    }

    /// Like [`AppState::new`], with the flood limits of the configuration.
    pub fn with_abuse_limits(
        store: Store,
        recipients: Vec<crate::keys::RecipientKey>,
        limits: UploadLimits,
        min_free_bytes: u64,
        abuse: AbuseLimits,
    ) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        Self(Arc::new(App {
            store,
            recipients,
            limits,
            min_free_bytes,
            site: Site::default(),
            argon2_slots: Semaphore::new(cores),
            guards: limits::Guards::new(abuse, cores),
        }))
    }

    /// The same state, naming `site` on every page (`site_name`, `[site_intro]`).
    ///
    /// # Panics
    ///
    /// If the state was already cloned: name the site right after making it.
    #[must_use]
    pub fn with_site(mut self, site: Site) -> Self {
        Arc::get_mut(&mut self.0)
            .expect("with_site is called before the state is shared")
            .site = site;
        self
    }

    /// Panics caught in handlers since start (a test asserts it stays 0).
    pub fn panics_caught(&self) -> u64 {
        self.0.guards.panics()
    }

    /// Tor circuits the rate limiter currently remembers.
    pub fn tracked_circuits(&self) -> usize {
        self.0.guards.tracked_circuits()
    }

    /// Forgets idle circuits every minute, so keyed limiter state stays small.
    pub fn spawn_housekeeping(&self) -> tokio::task::JoinHandle<()> {
        let state = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
            loop {
                tick.tick().await;
                state.0.guards.prune();
            }
        })
    }

    /// The store, for tests and the CLI.
    pub fn store(&self) -> &Store {
        &self.0.store
    }

    fn limits_view(&self) -> Limits {
        Limits {
            max_message_mib: self.0.limits.max_message_bytes / (1024 * 1024),
            max_files: self.0.limits.max_files,
            max_chars: self.0.limits.max_message_chars,
        }
    }

    /// Runs receipt work (Argon2id, 64 MiB and a core for a noticeable
    /// time) off the async runtime, at most one per core at once.
    async fn with_argon2_slot<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, PageError> {
        let _slot = self
            .0
            .argon2_slots
            .acquire()
            .await
            .map_err(|_| PageError::internal("argon2 slots closed"))?;
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|e| self.task_failed(&e))
    }

    /// Runs blocking store work off the async runtime.
    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&App) -> Result<T, crate::store::StoreError> + Send + 'static,
    ) -> Result<T, PageError> {
        let app = self.0.clone();
        tokio::task::spawn_blocking(move || work(&app))
            .await
            .map_err(|e| self.task_failed(&e))?
            .map_err(|e| {
                if e.is_out_of_space() {
                    return disk_full(Lang::Fr);
                }
                tracing::error!(kind = store_error_kind(&e), "store operation failed");
                PageError::new(Lang::Fr, ErrorKind::Internal)
            })
    }
}

impl AppState {
    /// A blocking task died: a panic there counts like one in a handler.
    fn task_failed(&self, error: &tokio::task::JoinError) -> PageError {
        if error.is_panic() {
            self.0.guards.count_panic();
        }
        PageError::internal("blocking task failed")
    }
}

/// The disk under the data directory is full: the operator is told in one
/// line, the submitter that nothing was kept and to try later (503).
fn disk_full(lang: Lang) -> PageError {
    tracing::error!(
        "the disk of the data directory is full: a request was refused and nothing was kept; free some space (`gundo check` shows it)"
    );
    PageError::new(lang, ErrorKind::NoSpace)
}

fn store_error_kind(e: &crate::store::StoreError) -> &'static str {
    use crate::store::StoreError as E;
    match e {
        E::Database(_) => "database",
        E::Io(_) => "io",
        E::NewerSchema { .. } => "schema",
        E::Poisoned => "poisoned",
        E::NoSuchThread(_) => "no-such-thread",
        E::Corrupt(_) => "corrupt",
        E::LocatorsExhausted => "locators-exhausted",
    }
}

/// Slack above the message limit for multipart framing and the text field.
const MULTIPART_SLACK: u64 = 1024 * 1024;
/// Body limit of the small forms (receipt check).
const SMALL_FORM_LIMIT: usize = 16 * 1024;

/// The site. This is the one place that lists every URL.
pub fn router(state: AppState) -> Router {
    let upload_limit =
        usize::try_from(state.0.limits.max_message_bytes + MULTIPART_SLACK).unwrap_or(usize::MAX);
    Router::new()
        .route("/", get(site::root).fallback(method_not_allowed))
        .route(
            "/gundo.css",
            get(site::stylesheet).fallback(method_not_allowed),
        )
        .route(
            "/{lang}",
            get(site::to_landing).fallback(method_not_allowed),
        )
        .route("/{lang}/", get(site::landing).fallback(method_not_allowed))
        .route(
            "/{lang}/submit",
            get(site::submit_form)
                .post(submit::submit)
                .route_layer(middleware::from_fn_with_state(
                    state.clone(),
                    limits::admit_upload,
                ))
                .layer(DefaultBodyLimit::max(upload_limit))
                .fallback(method_not_allowed),
        )
        .route(
            "/{lang}/status",
            get(site::status_form)
                .post(status::status)
                .layer(DefaultBodyLimit::max(SMALL_FORM_LIMIT))
                .fallback(method_not_allowed),
        )
        .route(
            "/{lang}/followup",
            post(submit::followup)
                .route_layer(middleware::from_fn_with_state(
                    state.clone(),
                    limits::admit_upload,
                ))
                .layer(DefaultBodyLimit::max(upload_limit))
                .fallback(method_not_allowed),
        )
        .fallback(not_found)
        .layer(middleware::from_fn(limits::release_body))
        .layer(tower::util::option_layer(
            state
                .0
                .guards
                .circuit_posts
                .clone()
                .map(|posts| GovernorLayer::new(posts).error_handler(limits::rate_limited)),
        ))
        .layer(
            GovernorLayer::new(state.0.guards.site_posts.clone())
                .error_handler(limits::rate_limited),
        )
        .layer(middleware::from_fn(limits::slow_down_page))
        .layer(middleware::from_fn(refuse_cross_site))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            limits::deadline,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            limits::catch_panics,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), render_errors))
        .layer(middleware::from_fn(security_headers))
        .with_state(state)
}

async fn not_found(lang: PageLang) -> PageError {
    PageError::new(lang.0, ErrorKind::NotFound)
}

async fn method_not_allowed(lang: PageLang) -> PageError {
    PageError::new(lang.0, ErrorKind::MethodNotAllowed)
}

/// The language of a page, from the first path segment. Unknown → French.
/// Never rejects: a bad language is handled by the route itself.
pub struct PageLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for PageLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(lang_of_path(parts.uri.path()).unwrap_or(Lang::Fr)))
    }
}

/// A known language as the first path segment, or a 404 page.
pub struct KnownLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for KnownLang {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        lang_of_path(parts.uri.path())
            .map(Self)
            .ok_or_else(|| PageError::new(Lang::Fr, ErrorKind::NotFound))
    }
}

fn lang_of_path(path: &str) -> Option<Lang> {
    path.trim_start_matches('/')
        .split('/')
        .next()
        .and_then(Lang::from_code)
}

/// An error shown to the user as a translated page with the right status.
/// Internal causes are logged by kind only; the page says what to do next.
///
/// As a response it carries only its status and itself; `render_errors`,
/// which wraps every route, writes the page.
#[derive(Clone, Copy, Debug)]
pub struct PageError {
    lang: Lang,
    kind: ErrorKind,
}

impl PageError {
    /// An error page of `kind` in `lang`.
    pub fn new(lang: Lang, kind: ErrorKind) -> Self {
        Self { lang, kind }
    }

    /// An internal failure: logged by kind, shown as a generic page.
    fn internal(what: &'static str) -> Self {
        tracing::error!(kind = what, "internal error");
        Self::new(Lang::Fr, ErrorKind::Internal)
    }

    /// The same error, shown in `lang`.
    #[must_use]
    pub fn in_lang(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.kind.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = status.into_response();
        if self.kind == ErrorKind::SlowDown || self.kind == ErrorKind::Busy {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
        }
        response.extensions_mut().insert(self);
        response
    }
}

/// Writes the page of every [`PageError`] answer, whoever raised it: in its
/// language, naming the organisation and the limits, with the advice that
/// fits the form it answers (a first submission has no code yet).
async fn render_errors(State(app): State<AppState>, request: Request, next: Next) -> Response {
    let form = FormKind::of(request.method(), request.uri().path());
    let mut response = next.run(request).await;
    let Some(error) = response.extensions_mut().remove::<PageError>() else {
        return response;
    };
    let page = render_page(&ErrorPage {
        lang: error.lang,
        site: &app.0.site,
        kind: error.kind,
        form,
        limits: app.limits_view(),
    });
    let (parts, body) = page.into_parts();
    *response.body_mut() = body;
    if let Some(content_type) = parts.headers.get(header::CONTENT_TYPE) {
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, content_type.clone());
    }
    response
}

/// Renders a page as an HTML response (askama auto-escapes everything).
fn render_page(page: &impl askama::Template) -> Response {
    let Ok(html) = pages::render(page) else {
        tracing::error!(kind = "template", "a page failed to render");
        return (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response();
    };
    Html(html).into_response()
}

/// Adds the strict headers every response carries, and drops `Server`.
async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.remove(header::SERVER);
    for (name, value) in [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::CACHE_CONTROL, "no-store"),
        (
            header::HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
        (
            header::HeaderName::from_static("cross-origin-resource-policy"),
            "same-origin",
        ),
        (
            header::HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=(), interest-cohort=()",
        ),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// Refuses cross-site form posts (CSRF) while letting Tor Browser's
/// same-origin posts through: on an onion service it sends `Origin: null`
/// with `Sec-Fetch-Site: same-origin`. Clients that send neither header
/// (curl, old browsers) are not a cross-site vector and pass.
async fn refuse_cross_site(lang: PageLang, request: Request, next: Next) -> Response {
    if request.method() == Method::POST && is_cross_site(request.headers()) {
        return PageError::new(lang.0, ErrorKind::CrossSite).into_response();
    }
    next.run(request).await
}

fn is_cross_site(headers: &axum::http::HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return !matches!(site.as_bytes(), b"same-origin" | b"none");
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return false;
    };
    // Without Fetch Metadata, an Origin must name this very host.
    let host = headers.get(header::HOST).map(HeaderValue::as_bytes);
    let origin = origin.as_bytes();
    let origin_host = origin
        .strip_prefix(b"http://")
        .or_else(|| origin.strip_prefix(b"https://"));
    match (origin_host, host) {
        (Some(origin_host), Some(host)) => origin_host != host,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderMap;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, HeaderValue::from_static(v));
        }
        map
    }

    #[test]
    fn cross_site_rules() {
        // Tor Browser on an onion service.
        assert!(!is_cross_site(&headers(&[
            ("origin", "null"),
            ("sec-fetch-site", "same-origin")
        ])));
        assert!(!is_cross_site(&headers(&[("sec-fetch-site", "none")])));
        assert!(is_cross_site(&headers(&[
            ("origin", "http://evil.example"),
            ("sec-fetch-site", "cross-site")
        ])));
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "same-site")])));
        // No fetch metadata: Origin must match Host.
        assert!(!is_cross_site(&headers(&[
            ("origin", "http://abc.onion"),
            ("host", "abc.onion")
        ])));
        assert!(is_cross_site(&headers(&[
            ("origin", "http://evil.onion"),
            ("host", "abc.onion")
        ])));
        assert!(is_cross_site(&headers(&[
            ("origin", "null"),
            ("host", "abc.onion")
        ])));
        // curl.
        assert!(!is_cross_site(&HeaderMap::new()));
    }

    #[test]
    fn language_from_path() {
        assert_eq!(lang_of_path("/ar/status"), Some(Lang::Ar));
        assert_eq!(lang_of_path("/en/"), Some(Lang::En));
        assert_eq!(lang_of_path("/xx/"), None);
        assert_eq!(lang_of_path("/"), None);
    }
}
