//! The pages that only show something: landing, forms, stylesheet.

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};

use super::pages::{LandingPage, StatusFormPage, SubmitPage};
use super::{AppState, KnownLang, render_page};

/// The one stylesheet, served by the binary: pages load nothing from elsewhere.
const STYLESHEET: &str = include_str!("../../static/gundo.css");

/// `GET /`: French is the default language.
pub(super) async fn root() -> Redirect {
    Redirect::to("/fr/")
}

/// `GET /{lang}`: the landing page lives at `/{lang}/`.
pub(super) async fn to_landing(KnownLang(lang): KnownLang) -> Redirect {
    Redirect::permanent(&format!("/{}/", lang.code()))
}

/// `GET /gundo.css`.
pub(super) async fn stylesheet() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/css; charset=utf-8"),
        )],
        STYLESHEET,
    )
        .into_response()
}

/// `GET /{lang}/`: what happens to a tip, how to stay safe.
pub(super) async fn landing(State(app): State<AppState>, KnownLang(lang): KnownLang) -> Response {
    render_page(&LandingPage {
        lang,
        site: &app.0.site,
    })
}

/// `GET /{lang}/submit`: the submission form.
pub(super) async fn submit_form(
    State(app): State<AppState>,
    KnownLang(lang): KnownLang,
) -> Response {
    render_page(&SubmitPage {
        lang,
        site: &app.0.site,
        limits: app.limits_view(),
    })
}

/// `GET /{lang}/status`: the form to enter a receipt.
pub(super) async fn status_form(
    State(app): State<AppState>,
    KnownLang(lang): KnownLang,
) -> Response {
    render_page(&StatusFormPage {
        lang,
        site: &app.0.site,
        problem: None,
        typed: None,
    })
}
