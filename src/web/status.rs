//! `POST /{lang}/status`: the submitter enters the receipt and reads the
//! thread's replies, decrypted with the identity derived from the receipt.
//!
//! A mistyped receipt (wrong length, bad check digit) is answered at once,
//! before any slow work. An unknown locator and a wrong secret get the same
//! page after the same Argon2id work, so neither reveals which threads exist.
//! Every receipt that opens nothing gets the same class of answer: the form
//! again (200), saying why, with what was typed still in the field. 400 is
//! for a request the site cannot read; 413 for a form far over its size.

use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use zeroize::Zeroizing;

use super::i18n::Lang;
use super::pages::{ErrorKind, ReplyView, StatusFormPage, StatusProblem, ThreadPage};
use super::{AppState, KnownLang, PageError, render_page};
use crate::receipt::{ReceiptCode, ReceiptError, Salt, ThreadKeys, derive_thread_keys};
use crate::reply::open_reply;
use crate::store::ThreadId;

/// The receipt form.
#[derive(Deserialize)]
pub(super) struct StatusForm {
    receipt: String,
}

/// `POST /{lang}/status`: the thread's replies, newest last, and a follow-up form.
pub(super) async fn status(
    State(app): State<AppState>,
    KnownLang(lang): KnownLang,
    form: Result<Form<StatusForm>, FormRejection>,
) -> Result<Response, PageError> {
    let Form(form) = form.map_err(|rejection| {
        let kind = if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ErrorKind::FormTooLarge
        } else {
            ErrorKind::BadRequest
        };
        PageError::new(lang, kind)
    })?;
    let typed = Zeroizing::new(form.receipt);
    let code = match ReceiptCode::parse(&typed) {
        Ok(code) => code,
        Err(e) => return Ok(refused(&app, lang, parse_problem(&e), typed)),
    };
    let receipt = code.to_display();
    let Some((thread, keys)) = find_thread(&app, code).await.map_err(|e| e.in_lang(lang))? else {
        return Ok(refused(&app, lang, StatusProblem::NotFound, typed));
    };
    let (stored, reply_recipient) = app
        .blocking(move |a| Ok((a.store.replies(&thread)?, a.store.reply_recipient(&thread)?)))
        .await
        .map_err(|e| e.in_lang(lang))?;
    // The identity of the kind the thread was opened with (X25519 or PQ).
    let identity = keys.reply_identity_for(&reply_recipient);
    let replies = stored
        .into_iter()
        .filter_map(|reply| {
            let Ok(text) = open_reply(identity, &reply.ciphertext) else {
                tracing::error!(
                    kind = "reply-unreadable",
                    "a stored reply could not be opened"
                );
                return None;
            };
            Some(ReplyView {
                day: reply.day,
                text,
            })
        })
        .collect();
    Ok(render_page(&ThreadPage {
        lang,
        site: &app.0.site,
        receipt,
        replies,
        limits: app.limits_view(),
    }))
}

/// Why a typed receipt could not even be looked up.
pub(super) fn parse_problem(error: &ReceiptError) -> StatusProblem {
    match error {
        ReceiptError::CheckDigit => StatusProblem::CheckDigits,
        _ => StatusProblem::WrongLength,
    }
}

/// The receipt form again, saying why `typed` opened nothing, with it
/// still in the field.
pub(super) fn refused(
    app: &AppState,
    lang: Lang,
    problem: StatusProblem,
    typed: Zeroizing<String>,
) -> Response {
    render_page(&StatusFormPage {
        lang,
        site: &app.0.site,
        problem: Some(problem),
        typed: Some(typed),
    })
}

/// Finds and checks the thread a receipt opens. `None` for an unknown
/// locator and for a wrong secret alike, after the same Argon2id work.
pub(super) async fn find_thread(
    app: &AppState,
    code: ReceiptCode,
) -> Result<Option<(ThreadId, ThreadKeys)>, PageError> {
    // A place in the bounded queue for Argon2 first: past it, "busy" at once.
    let _ticket = app
        .0
        .guards
        .receipt_check_ticket()
        .map_err(|kind| PageError::new(Lang::Fr, kind))?;
    let locator = code.locator();
    let record = app.blocking(move |a| a.store.find_thread(locator)).await?;
    let checked = app
        .with_argon2_slot(move || match record {
            None => {
                // Same work as a real check, so timing does not tell unknown from wrong.
                let _ = derive_thread_keys(code.secret(), &Salt::from_bytes([0; 16]));
                Ok(None)
            }
            Some(record) => {
                let keys = derive_thread_keys(code.secret(), &record.salt)?;
                Ok(keys
                    .verifier
                    .matches(&record.verifier)
                    .then_some((record.id, keys)))
            }
        })
        .await?;
    checked.map_err(|_: ReceiptError| PageError::internal("receipt derivation failed"))
}
