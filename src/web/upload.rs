//! Streams a multipart upload into a sealed blob without ever holding more
//! than a few chunks in memory.
//!
//! The async side reads the form's parts and checks the limits; a bounded
//! channel carries them to one blocking task that writes the ZIP, pads it,
//! encrypts it with age and writes the ciphertext to a temp file in the blob
//! directory. Only when the whole form was read does the blocking task
//! finish the age file, fsync it and give it its name. If the client goes
//! away, a limit is crossed or anything fails, the channel closes without
//! the end marker, and the temp file is removed: nothing is left behind.

use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::Multipart;
use axum::extract::multipart::{Field, MultipartError};

use tokio::sync::mpsc;
use zeroize::Zeroizing;

use super::i18n::Lang;
use super::limits::UploadTicket;
use super::pages::{ArrivedFile, ErrorKind};
use super::slots::{Slot, UploadPolicy};
use super::{App, AppState, PageError};
use crate::config::UploadLimits;
use crate::seal::{self, Part, SealError};
use crate::store::{BlobId, StoreError};

/// How many parts may wait between the network and the sealer.
const CHANNEL_DEPTH: usize = 8;
/// How often (in plaintext bytes) the sealer re-checks the free-space floor.
const FLOOR_CHECK_EVERY: u64 = 16 * 1024 * 1024;
/// A receipt field is short; anything longer is not a receipt.
const MAX_RECEIPT_FIELD: usize = 256;
/// How often a waiting upload checks the rate floor and the idle limit.
const RATE_CHECK_EVERY: Duration = Duration::from_secs(1);

/// How the body of one upload is watched: its slot, the rate floor, the
/// longest silence.
#[derive(Clone, Copy)]
pub(super) struct Pace<'a> {
    slot: &'a Slot,
    policy: &'a UploadPolicy,
    idle: Duration,
}

impl<'a> Pace<'a> {
    pub(super) fn new(app: &'a AppState, ticket: &'a UploadTicket) -> Self {
        Self {
            slot: &ticket.0,
            policy: app.0.guards.upload_policy(),
            idle: app.0.guards.body_idle(),
        }
    }

    fn record(self, bytes: usize) {
        self.slot
            .record(bytes as u64, Instant::now(), self.policy.window);
    }
}

/// What the channel to the sealer carries: a part, or `None` once the whole
/// form was read.
type Step = Option<Part>;

/// Why sealing stopped on the blocking side.
enum SealFailure {
    /// The form ended early: the client left or a limit was crossed.
    Aborted,
    /// Free space fell below the floor.
    NoSpace,
    Seal(SealError),
    Store(StoreError),
}

impl From<seal::SealFailure<SealFailure>> for SealFailure {
    fn from(e: seal::SealFailure<SealFailure>) -> Self {
        match e {
            seal::SealFailure::Parts(failure) => failure,
            seal::SealFailure::Seal(e) => Self::Seal(e),
        }
    }
}

impl From<StoreError> for SealFailure {
    fn from(e: StoreError) -> Self {
        Self::Store(e)
    }
}

impl From<std::io::Error> for SealFailure {
    fn from(e: std::io::Error) -> Self {
        Self::Store(StoreError::Io(e))
    }
}

/// Seals the rest of `form` (fields `message` and `files`) into a committed
/// blob, and says which files arrived (names as stored, sizes as sent).
/// Refuses with a page when a limit is crossed or the form is malformed.
pub(super) async fn seal_upload(
    app: &AppState,
    pace: Pace<'_>,
    lang: Lang,
    form: &mut Multipart,
) -> Result<(BlobId, Vec<ArrivedFile>), PageError> {
    // The upload cap and the free-space floor were checked on the way in
    // (`limits::admit_upload`); the floor is checked again as bytes arrive.
    let (tx, rx) = mpsc::channel(CHANNEL_DEPTH);
    let inner = app.0.clone();
    let sealer = tokio::task::spawn_blocking(move || seal_parts(&inner, rx));
    let mut arrived = Vec::new();
    let fed = feed(app.0.limits, pace, form, &tx, &mut arrived).await;
    let fed = match fed {
        Ok(()) => send(&tx, None).await,
        Err(e) => Err(e),
    };
    drop(tx);
    // Always wait for the sealer: on failure it removes its temp file, and the
    // answer must not go out before that is done.
    let outcome = sealer.await;
    match (fed, outcome) {
        (Ok(()), Ok(Ok(blob))) => {
            pace.slot.finish_receiving();
            Ok((blob, arrived))
        }
        (Err(Feed::Refused(kind)), _) => Err(PageError::new(lang, kind)),
        (_, Ok(Err(failure))) => Err(failure_page(lang, &failure)),
        (_, Ok(Ok(blob))) => {
            // Cannot happen (the end marker was not sent), but never keep such a blob.
            app.0.store.discard_blob(&blob);
            Err(PageError::internal(
                "sealer finished without the end marker",
            ))
        }
        (_, Err(_)) => Err(PageError::internal("sealer task failed")),
    }
}

fn failure_page(lang: Lang, failure: &SealFailure) -> PageError {
    let kind = match failure {
        SealFailure::Aborted => "aborted",
        SealFailure::NoSpace => {
            tracing::warn!(
                "free space in the data directory fell below min_free_mib during an upload: it was refused and nothing was kept"
            );
            return PageError::new(lang, ErrorKind::NoSpace);
        }
        SealFailure::Seal(SealError::Io(e)) if crate::store::is_out_of_space(e) => {
            return super::disk_full(lang);
        }
        SealFailure::Store(e) if e.is_out_of_space() => return super::disk_full(lang),
        SealFailure::Seal(SealError::TooLarge) => return PageError::new(lang, ErrorKind::TooLarge),
        SealFailure::Seal(_) => "seal",
        SealFailure::Store(_) => "store",
    };
    PageError::internal(kind).in_lang(lang)
}

/// Why feeding the sealer stopped.
enum Feed {
    /// The form broke a rule: show this page.
    Refused(ErrorKind),
    /// The sealer stopped taking parts: its own result says why.
    SealerGone,
}

impl From<MultipartError> for Feed {
    fn from(e: MultipartError) -> Self {
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            Self::Refused(ErrorKind::TooLarge)
        } else {
            Self::Refused(ErrorKind::BadRequest)
        }
    }
}

async fn send(tx: &mpsc::Sender<Step>, step: Step) -> Result<(), Feed> {
    tx.send(step).await.map_err(|_| Feed::SealerGone)
}

/// Reads the form's parts, enforcing the limits, and passes them on; notes
/// each file in `arrived` under the name the sealer gives it.
async fn feed(
    limits: UploadLimits,
    pace: Pace<'_>,
    form: &mut Multipart,
    tx: &mpsc::Sender<Step>,
    arrived: &mut Vec<ArrivedFile>,
) -> Result<(), Feed> {
    let mut taken = std::collections::HashSet::new();
    let mut total: u64 = 0;
    let mut files = 0usize;
    let mut have_message = false;
    let mut anything = false;
    let mut add = |len: usize| {
        total = total.saturating_add(len as u64);
        if total > limits.max_message_bytes {
            Err(Feed::Refused(ErrorKind::TooLarge))
        } else {
            Ok(())
        }
    };
    while let Some(mut field) = within(pace, form.next_field()).await? {
        match field.name() {
            Some("message") if !have_message => {
                have_message = true;
                // UTF-8 takes at most four bytes a character.
                let bytes =
                    read_small(&mut field, limits.max_message_chars.saturating_mul(4), pace)
                        .await?
                        .ok_or(Feed::Refused(ErrorKind::MessageTooLong))?;
                let text = String::from_utf8(bytes.to_vec())
                    .map_err(|_| Feed::Refused(ErrorKind::BadRequest))?;
                let text = Zeroizing::new(text);
                if text.chars().count() > limits.max_message_chars {
                    return Err(Feed::Refused(ErrorKind::MessageTooLong));
                }
                add(text.len())?;
                anything |= !text.trim().is_empty();
                send(tx, Some(Part::Message(text))).await?;
            }
            Some("files") => {
                let name = field.file_name().unwrap_or_default().to_owned();
                let first = within(pace, field.chunk()).await?;
                // An empty file input still sends one nameless, empty part.
                if name.is_empty() && first.as_ref().is_none_or(Bytes::is_empty) {
                    continue;
                }
                files += 1;
                if files > limits.max_files {
                    return Err(Feed::Refused(ErrorKind::TooManyFiles));
                }
                anything = true;
                arrived.push(ArrivedFile {
                    name: Zeroizing::new(seal::attachment_entry_name(&name, files, &mut taken)),
                    bytes: 0,
                });
                send(tx, Some(Part::File(name))).await?;
                let mut next = first;
                while let Some(chunk) = next {
                    pace.record(chunk.len());
                    add(chunk.len())?;
                    if let Some(file) = arrived.last_mut() {
                        file.bytes += chunk.len() as u64;
                    }
                    send(tx, Some(Part::Data(chunk))).await?;
                    next = within(pace, field.chunk()).await?;
                }
            }
            _ => return Err(Feed::Refused(ErrorKind::BadRequest)),
        }
    }
    if anything {
        Ok(())
    } else {
        Err(Feed::Refused(ErrorKind::Empty))
    }
}

/// Waits for the next piece of the body, refusing a body silent for longer
/// than the idle limit, one that falls under the rate floor, and one whose
/// slot was given to another upload.
async fn within<T>(
    pace: Pace<'_>,
    next: impl Future<Output = Result<T, MultipartError>>,
) -> Result<T, Feed> {
    let idle_until = tokio::time::Instant::now() + pace.idle;
    tokio::pin!(next);
    loop {
        let check = (tokio::time::Instant::now() + RATE_CHECK_EVERY).min(idle_until);
        tokio::select! {
            biased;
            result = &mut next => return result.map_err(Feed::from),
            () = pace.slot.cut_off() => return Err(Feed::Refused(ErrorKind::TooSlow)),
            () = tokio::time::sleep_until(check) => {
                if pace.slot.check_floor(pace.policy, Instant::now()) {
                    return Err(Feed::Refused(ErrorKind::TooSlow));
                }
                if tokio::time::Instant::now() >= idle_until {
                    return Err(Feed::Refused(ErrorKind::TimedOut));
                }
            }
        }
    }
}

/// Reads a whole small field, or `None` if it is longer than `max` bytes.
async fn read_small(
    field: &mut Field<'_>,
    max: usize,
    pace: Pace<'_>,
) -> Result<Option<Zeroizing<Vec<u8>>>, Feed> {
    let mut buf = Zeroizing::new(Vec::new());
    while let Some(chunk) = within(pace, field.chunk()).await? {
        pace.record(chunk.len());
        if buf.len() + chunk.len() > max {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(Some(buf))
}

/// Reads the form's first field, which must be `receipt` (the follow-up
/// form puts it first so the thread is known before any upload is stored).
pub(super) async fn read_receipt_field(
    pace: Pace<'_>,
    lang: Lang,
    form: &mut Multipart,
) -> Result<Zeroizing<String>, PageError> {
    let refused = |feed: Feed| match feed {
        Feed::Refused(kind) => PageError::new(lang, kind),
        Feed::SealerGone => PageError::new(lang, ErrorKind::BadRequest),
    };
    let bad = || PageError::new(lang, ErrorKind::BadRequest);
    let mut field = within(pace, form.next_field())
        .await
        .map_err(refused)?
        .ok_or_else(bad)?;
    if field.name() != Some("receipt") {
        return Err(bad());
    }
    let bytes = read_small(&mut field, MAX_RECEIPT_FIELD, pace)
        .await
        .map_err(refused)?
        .ok_or_else(bad)?;
    std::str::from_utf8(&bytes)
        .map(|s| Zeroizing::new(s.to_owned()))
        .map_err(|_| bad())
}

/// The blocking side: ZIP → padding → age → temp file → fsync → name.
fn seal_parts(app: &App, mut rx: mpsc::Receiver<Step>) -> Result<BlobId, SealFailure> {
    let pending = app.store.new_blob()?;
    let mut since_floor_check = 0u64;
    let parts = std::iter::from_fn(|| {
        let part = match rx.blocking_recv() {
            // The channel closed before the end marker: the form was cut short.
            None => return Some(Err(SealFailure::Aborted)),
            // The end marker: the whole form was read.
            Some(None) => return None,
            Some(Some(part)) => part,
        };
        if let Part::Data(bytes) = &part {
            since_floor_check += bytes.len() as u64;
            if since_floor_check >= FLOOR_CHECK_EVERY {
                since_floor_check = 0;
                match app.store.free_bytes() {
                    Ok(free) if free >= app.min_free_bytes => {}
                    Ok(_) => return Some(Err(SealFailure::NoSpace)),
                    Err(e) => return Some(Err(e.into())),
                }
            }
        }
        Some(Ok(part))
    });
    // On error `seal_message` drops the pending blob, which removes the temp file.
    let (pending, _) = seal::seal_message(&app.recipients, pending, parts)?;
    Ok(pending.commit()?)
}
