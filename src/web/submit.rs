//! `POST /{lang}/submit` (a new tip) and `POST /{lang}/followup` (more from
//! the same submitter): both seal the upload as it streams in and answer only
//! once the message is durably stored.

use axum::extract::multipart::MultipartRejection;
use axum::extract::{Extension, Multipart, State};
use axum::response::Response;
use zeroize::Zeroizing;

use super::limits::UploadTicket;
use super::pages::{ErrorKind, FollowupDonePage, ReceiptPage, StatusProblem};
use super::status::{find_thread, parse_problem, refused};
use super::{AppState, KnownLang, PageError, render_page, upload};
use crate::keys::RecipientKey;
use crate::receipt::{ReceiptCode, ReceiptSecret, Salt, derive_thread_keys};
use crate::store::{BlobId, NewThread};

/// `POST /{lang}/submit`: seals the tip as it streams in, then shows the receipt.
pub(super) async fn submit(
    State(app): State<AppState>,
    KnownLang(lang): KnownLang,
    Extension(ticket): Extension<UploadTicket>,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    let mut form = form.map_err(|_| PageError::new(lang, ErrorKind::BadRequest))?;
    let pace = upload::Pace::new(&app, &ticket);
    let (blob, _files) = upload::seal_upload(&app, pace, lang, &mut form).await?;
    let receipt = open_thread(&app, blob).await.map_err(|e| e.in_lang(lang))?;
    Ok(render_page(&ReceiptPage {
        lang,
        site: &app.0.site,
        receipt,
    }))
}

/// Draws a receipt for a sealed tip, stores its verifier and reply recipient
/// with the tip's row, and returns the receipt for display (once).
async fn open_thread(app: &AppState, blob: BlobId) -> Result<Zeroizing<String>, PageError> {
    let secret = ReceiptSecret::generate();
    let salt = Salt::generate();
    let derived = app
        .with_argon2_slot(move || {
            derive_thread_keys(&secret, &salt).map(|keys| (keys, secret, salt))
        })
        .await;
    let Ok(Ok((keys, secret, salt))) = derived else {
        app.0.store.discard_blob(&blob);
        return Err(PageError::internal("receipt derivation failed"));
    };
    // A reply must be as safe as the tip: post-quantum when the tip is.
    let post_quantum = app.0.recipients.iter().any(RecipientKey::is_post_quantum);
    let thread = NewThread {
        salt,
        verifier: keys.verifier.clone(),
        reply_recipient: keys.reply_recipient(post_quantum).to_string(),
    };
    let (locator, _) = app
        .blocking(move |a| {
            a.store
                .record_tip(&blob, &thread)
                .inspect_err(|_| a.store.discard_blob(&blob))
        })
        .await?;
    Ok(ReceiptCode::new(locator, secret).to_display())
}

/// `POST /{lang}/followup`: the receipt first, then text and files for the same thread.
pub(super) async fn followup(
    State(app): State<AppState>,
    KnownLang(lang): KnownLang,
    Extension(ticket): Extension<UploadTicket>,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    let mut form = form.map_err(|_| PageError::new(lang, ErrorKind::BadRequest))?;
    let pace = upload::Pace::new(&app, &ticket);
    let entered = upload::read_receipt_field(pace, lang, &mut form).await?;
    let code = match ReceiptCode::parse(&entered) {
        Ok(code) => code,
        Err(e) => return Ok(refused(&app, lang, parse_problem(&e), entered)),
    };
    let Some((thread, _keys)) = find_thread(&app, code).await.map_err(|e| e.in_lang(lang))? else {
        return Ok(refused(&app, lang, StatusProblem::NotFound, entered));
    };
    let (blob, files) = upload::seal_upload(&app, pace, lang, &mut form).await?;
    app.blocking(move |a| {
        a.store
            .record_followup(&thread, &blob)
            .inspect_err(|_| a.store.discard_blob(&blob))
    })
    .await
    .map_err(|e| e.in_lang(lang))?;
    Ok(render_page(&FollowupDonePage {
        lang,
        site: &app.0.site,
        files,
    }))
}
