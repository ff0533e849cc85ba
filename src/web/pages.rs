//! The HTML pages shown to the submitter, as askama templates.
//!
//! Every page shares `templates/base.html`: the organisation's name and
//! introduction, language links, menu, safety footer, one stylesheet
//! (`/gundo.css`) and nothing else: no script, no image, no inline style, no
//! external URL. Every text comes from the catalogues through
//! [`tr!`](crate::tr) (ids checked at compile time) and everything is
//! escaped.
//!
//! The receipt page is shown once: it **must never** hold a link, a form or
//! anything else that leaves it, since the code could not be shown again. Its
//! language links are in-page anchors to the same instructions in every
//! language, all on the page.

use askama::Template;
use zeroize::Zeroizing;

use crate::config::Site;
use crate::i18n::{Lang, spoken_date};
use crate::tr;

/// The speed the submit page's estimates assume: a slow Tor link on a phone,
/// in KiB per second.
pub const SLOW_LINK_KIB_PER_SECOND: u64 = 20;
/// The example file size (MiB) the submit page gives a sending time for.
const EXAMPLE_MIB: u64 = 10;

const KIB: u64 = 1024;
const MIB: u64 = 1024 * KIB;

/// Upload limits shown to the submitter in human units.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Total size of one submission, in MiB.
    pub max_message_mib: u64,
    /// Number of files in one submission.
    pub max_files: usize,
    /// Characters in the message text.
    pub max_chars: usize,
}

impl Limits {
    /// The size limit, as people write it in `lang` (`500 Mo`, `2 GB`).
    fn size(self, lang: Lang) -> String {
        if self.max_message_mib >= 1024 && self.max_message_mib.is_multiple_of(1024) {
            tr!(lang, "size", unit = "gb", n = self.max_message_mib / 1024)
        } else {
            tr!(lang, "size", unit = "mb", n = self.max_message_mib)
        }
    }

    /// The limits sentence in `lang`.
    fn describe(self, lang: Lang) -> String {
        tr!(
            lang,
            "limits",
            files = self.max_files,
            size = self.size(lang),
            chars = self.max_chars
        )
    }
}

/// A file size as people write it: bytes below 1 KiB, KiB (rounded up)
/// below 1 MiB, then MiB (rounded to the nearest, at least 1).
fn file_size(lang: Lang, bytes: u64) -> String {
    if bytes < KIB {
        tr!(lang, "size", unit = "bytes", n = bytes)
    } else if bytes < MIB {
        tr!(lang, "size", unit = "kb", n = bytes.div_ceil(KIB))
    } else {
        tr!(lang, "size", unit = "mb", n = (bytes + MIB / 2) / MIB)
    }
}

/// How long `bytes` take at [`SLOW_LINK_KIB_PER_SECOND`]: `("minutes", n)`
/// under two hours (at least one minute), else `("hours", n)`.
fn sending_time(bytes: u64) -> (&'static str, u64) {
    let seconds = bytes.div_ceil(SLOW_LINK_KIB_PER_SECOND * KIB);
    let minutes = seconds.div_ceil(60).max(1);
    if minutes < 120 {
        ("minutes", minutes)
    } else {
        ("hours", (minutes + 30) / 60)
    }
}

/// What the shared layout needs to know about a page.
trait Chrome {
    /// The page's language.
    fn lang(&self) -> Lang;
    /// The organisation the page names.
    fn site(&self) -> &Site;
    /// Path after `/{code}/` for the same page in another language (a POST
    /// result cannot be shown again, so those point to a sensible GET page).
    fn alt_path(&self) -> &'static str;
    /// Menu entry to mark as current: `"home"`, `"submit"`, `"status"` or `""`.
    fn current(&self) -> &'static str;
    /// A page shown only once: no link may leave it (no menu, the name is
    /// not a link, the language links stay on the page).
    fn shown_once(&self) -> bool {
        false
    }
    /// The organisation's introduction in the page's language, if any.
    fn intro(&self) -> Option<&str> {
        self.site().intro(self.lang())
    }
}

/// Implements [`Chrome`] for a page with `lang` and `site` fields.
macro_rules! chrome {
    ($page:ident, alt = $alt:literal, current = $current:literal $(, $once:ident)?) => {
        impl Chrome for $page<'_> {
            fn lang(&self) -> Lang {
                self.lang
            }
            fn site(&self) -> &Site {
                self.site
            }
            fn alt_path(&self) -> &'static str {
                $alt
            }
            fn current(&self) -> &'static str {
                $current
            }
            $(fn $once(&self) -> bool {
                true
            })?
        }
    };
}

/// Home page: `GET /{lang}/`.
#[derive(Template)]
#[template(path = "landing.html", whitespace = "minimize")]
pub struct LandingPage<'a> {
    /// Page language.
    pub lang: Lang,
    /// The organisation.
    pub site: &'a Site,
}

chrome!(LandingPage, alt = "", current = "home");

/// One line of the slow-link estimate: a size and how long it takes.
pub struct Estimate {
    /// The line, formatted.
    pub text: String,
}

/// Submission form: `GET /{lang}/submit`.
#[derive(Template)]
#[template(path = "submit.html", whitespace = "minimize")]
pub struct SubmitPage<'a> {
    /// Page language.
    pub lang: Lang,
    /// The organisation.
    pub site: &'a Site,
    /// Limits to show and to set on the fields.
    pub limits: Limits,
}

impl SubmitPage<'_> {
    /// The limits sentence.
    fn limits_text(&self) -> String {
        self.limits.describe(self.lang)
    }

    /// The slow-link speed sentence.
    fn slow_link(&self) -> String {
        tr!(self.lang, "slow-link", rate = SLOW_LINK_KIB_PER_SECOND)
    }

    /// How long an example file and the largest submission take on a slow link.
    fn estimates(&self) -> Vec<Estimate> {
        let lang = self.lang;
        let mut lines = Vec::new();
        if self.limits.max_message_mib > EXAMPLE_MIB {
            let (unit, amount) = sending_time(EXAMPLE_MIB * MIB);
            lines.push(Estimate {
                text: tr!(
                    lang,
                    "slow-link-example",
                    size = tr!(lang, "size", unit = "mb", n = EXAMPLE_MIB),
                    unit = unit,
                    amount = amount
                ),
            });
        }
        let (unit, amount) = sending_time(self.limits.max_message_mib * MIB);
        lines.push(Estimate {
            text: tr!(
                lang,
                "slow-link-limit",
                size = self.limits.size(lang),
                unit = unit,
                amount = amount
            ),
        });
        lines
    }
}

chrome!(SubmitPage, alt = "submit", current = "submit");

/// The receipt's instructions in one language, for the receipt page.
pub struct Instructions {
    /// The language's code, its section's anchor and `lang`.
    pub code: &'static str,
    /// Its writing direction.
    pub dir: &'static str,
    /// Heading: the language's name for itself ("In English").
    pub heading: String,
    /// Shown once: write it down now.
    pub once: String,
    /// What leaving the page means.
    pub leave: String,
    /// How to come back.
    pub come_back: String,
}

/// The receipt, shown once after `POST /{lang}/submit`.
#[derive(Template)]
#[template(path = "receipt.html", whitespace = "minimize")]
pub struct ReceiptPage<'a> {
    /// Page language.
    pub lang: Lang,
    /// The organisation.
    pub site: &'a Site,
    /// The receipt code, as it should be written down.
    pub receipt: Zeroizing<String>,
}

impl ReceiptPage<'_> {
    /// The instructions in every other language, each in its own section.
    fn other_languages(&self) -> Vec<Instructions> {
        self.lang
            .others()
            .map(|lang| Instructions {
                code: lang.code(),
                dir: lang.dir(),
                heading: tr!(lang, "receipt-in-language"),
                once: tr!(lang, "receipt-once"),
                leave: tr!(lang, "receipt-leave"),
                come_back: tr!(lang, "receipt-return"),
            })
            .collect()
    }
}

chrome!(ReceiptPage, alt = "status", current = "", shown_once);

/// Why a receipt was not accepted on the status form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusProblem {
    /// Not 24 digits.
    WrongLength,
    /// The check digit does not match (typo or swapped digits).
    CheckDigits,
    /// Nothing found; says nothing about whether the receipt exists.
    NotFound,
}

/// Longest typed receipt shown back in the field (the field's `maxlength`).
pub const MAX_TYPED_RECEIPT: usize = 64;

/// Status form: `GET /{lang}/status`, and the answer to a `POST` whose
/// receipt is mistyped or unknown, with what was typed still in the field.
#[derive(Template)]
#[template(path = "status.html", whitespace = "minimize")]
pub struct StatusFormPage<'a> {
    /// Page language.
    pub lang: Lang,
    /// The organisation.
    pub site: &'a Site,
    /// Why the last receipt was refused, if it was.
    pub problem: Option<StatusProblem>,
    /// What the person typed, shown back so they fix a digit instead of
    /// typing 24 again (the page is never cached: `no-store`).
    pub typed: Option<Zeroizing<String>>,
}

impl StatusFormPage<'_> {
    /// The alert to show, if any.
    fn problem_text(&self) -> Option<String> {
        let lang = self.lang;
        self.problem.map(|problem| match problem {
            StatusProblem::WrongLength => tr!(lang, "problem-length"),
            StatusProblem::CheckDigits => tr!(lang, "problem-check"),
            StatusProblem::NotFound => tr!(lang, "problem-not-found"),
        })
    }

    /// What was typed, cut to the field's length.
    fn typed_text(&self) -> Option<&str> {
        let typed = self.typed.as_deref()?;
        let end = typed
            .char_indices()
            .nth(MAX_TYPED_RECEIPT)
            .map_or(typed.len(), |(at, _)| at);
        Some(&typed[..end])
    }
}

chrome!(StatusFormPage, alt = "status", current = "status");

/// One reply from the organisation.
pub struct ReplyView {
    /// The day it was written, `YYYY-MM-DD`.
    pub day: String,
    /// The reply text (plain text, shown escaped with its line breaks).
    pub text: Zeroizing<String>,
}

/// The replies and the follow-up form: `POST /{lang}/status` with a good receipt.
#[derive(Template)]
#[template(path = "thread.html", whitespace = "minimize")]
pub struct ThreadPage<'a> {
    /// Page language.
    pub lang: Lang,
    /// The organisation.
    pub site: &'a Site,
    /// The receipt, carried in the follow-up form's hidden field.
    pub receipt: Zeroizing<String>,
    /// The replies, in any order (shown oldest first, newest last).
    pub replies: Vec<ReplyView>,
    /// Limits of the follow-up form.
    pub limits: Limits,
}

impl ThreadPage<'_> {
    /// The limits sentence.
    fn limits_text(&self) -> String {
        self.limits.describe(self.lang)
    }

    /// Replies by day, newest last (stable: same-day replies keep their order).
    fn ordered_replies(&self) -> Vec<&ReplyView> {
        let mut replies: Vec<&ReplyView> = self.replies.iter().collect();
        replies.sort_by(|a, b| a.day.cmp(&b.day));
        replies
    }

    /// A reply's heading: its day, as people say it.
    fn reply_heading(&self, reply: &ReplyView) -> String {
        tr!(
            self.lang,
            "reply-on",
            date = spoken_date(self.lang, &reply.day)
        )
    }
}

chrome!(ThreadPage, alt = "status", current = "status");

/// A file that arrived with a message, as the confirmation names it.
pub struct ArrivedFile {
    /// Its name as stored (submitted content: shown escaped, never logged).
    pub name: Zeroizing<String>,
    /// Its size as sent, in bytes.
    pub bytes: u64,
}

/// Confirmation after `POST /{lang}/followup`: what arrived.
#[derive(Template)]
#[template(path = "followup_done.html", whitespace = "minimize")]
pub struct FollowupDonePage<'a> {
    /// Page language.
    pub lang: Lang,
    /// The organisation.
    pub site: &'a Site,
    /// The files that arrived, in the order they were sent.
    pub files: Vec<ArrivedFile>,
}

impl FollowupDonePage<'_> {
    /// The sentence over the list of files.
    fn files_heading(&self) -> String {
        tr!(self.lang, "followup-done-files", count = self.files.len())
    }

    /// A file's size, as people write it.
    fn size_of(&self, file: &ArrivedFile) -> String {
        file_size(self.lang, file.bytes)
    }
}

chrome!(FollowupDonePage, alt = "status", current = "");

/// What went wrong, for [`ErrorPage`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// Unreadable request (400).
    BadRequest,
    /// A submission with no text and no file (400).
    Empty,
    /// Form posted from another origin (403).
    CrossSite,
    /// No such page (404).
    NotFound,
    /// Wrong HTTP method (405).
    MethodNotAllowed,
    /// Body over the size limit (413).
    TooLarge,
    /// More files than allowed (413).
    TooManyFiles,
    /// Message text over the character limit (413).
    MessageTooLong,
    /// A small form (the receipt check) far over its size (413).
    FormTooLarge,
    /// Rate limited (429).
    SlowDown,
    /// Overloaded (503).
    Busy,
    /// Disk full (503).
    NoSpace,
    /// The request or upload took too long (408).
    TimedOut,
    /// The upload ran below the minimum sustained rate and gave its place up (408).
    TooSlow,
    /// Anything else (500).
    Internal,
}

impl ErrorKind {
    /// Every kind, for tests and callers that iterate.
    pub const ALL: [ErrorKind; 15] = [
        ErrorKind::BadRequest,
        ErrorKind::Empty,
        ErrorKind::CrossSite,
        ErrorKind::NotFound,
        ErrorKind::MethodNotAllowed,
        ErrorKind::TooLarge,
        ErrorKind::TooManyFiles,
        ErrorKind::MessageTooLong,
        ErrorKind::FormTooLarge,
        ErrorKind::SlowDown,
        ErrorKind::Busy,
        ErrorKind::NoSpace,
        ErrorKind::TimedOut,
        ErrorKind::TooSlow,
        ErrorKind::Internal,
    ];

    /// The HTTP status code.
    pub fn status(self) -> u16 {
        match self {
            ErrorKind::BadRequest | ErrorKind::Empty => 400,
            ErrorKind::CrossSite => 403,
            ErrorKind::NotFound => 404,
            ErrorKind::MethodNotAllowed => 405,
            ErrorKind::TooLarge
            | ErrorKind::TooManyFiles
            | ErrorKind::MessageTooLong
            | ErrorKind::FormTooLarge => 413,
            ErrorKind::SlowDown => 429,
            ErrorKind::Busy | ErrorKind::NoSpace => 503,
            ErrorKind::TimedOut | ErrorKind::TooSlow => 408,
            ErrorKind::Internal => 500,
        }
    }
}

/// Which form an error answers: it decides what the page advises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormKind {
    /// `POST /{lang}/submit`: a first submission, with no code yet.
    Tip,
    /// `POST /{lang}/followup`: more for a thread, with its code.
    FollowUp,
    /// `POST /{lang}/status`: a receipt check.
    Receipt,
}

impl FormKind {
    /// The form a request posts, from its method and path.
    pub fn of(method: &axum::http::Method, path: &str) -> Option<FormKind> {
        if method != axum::http::Method::POST {
            return None;
        }
        let (_, page) = path.trim_start_matches('/').split_once('/')?;
        match page {
            "submit" => Some(FormKind::Tip),
            "followup" => Some(FormKind::FollowUp),
            "status" => Some(FormKind::Receipt),
            _ => None,
        }
    }
}

/// An error page in the page's language.
#[derive(Template)]
#[template(path = "error.html", whitespace = "minimize")]
pub struct ErrorPage<'a> {
    /// Page language.
    pub lang: Lang,
    /// The organisation.
    pub site: &'a Site,
    /// What went wrong.
    pub kind: ErrorKind,
    /// The form the error answers, if any.
    pub form: Option<FormKind>,
    /// The upload limits, for the pages that name them.
    pub limits: Limits,
}

impl ErrorPage<'_> {
    /// The heading.
    fn title(&self) -> String {
        let lang = self.lang;
        match self.kind {
            ErrorKind::BadRequest => tr!(lang, "err-bad-request-title"),
            ErrorKind::Empty => tr!(lang, "err-empty-title"),
            ErrorKind::CrossSite => tr!(lang, "err-cross-site-title"),
            ErrorKind::NotFound => tr!(lang, "err-not-found-title"),
            ErrorKind::MethodNotAllowed => tr!(lang, "err-method-title"),
            ErrorKind::TooLarge => tr!(lang, "err-too-large-title"),
            ErrorKind::TooManyFiles => tr!(lang, "err-too-many-files-title"),
            ErrorKind::MessageTooLong => tr!(lang, "err-too-long-title"),
            ErrorKind::FormTooLarge => tr!(lang, "err-form-too-large-title"),
            ErrorKind::SlowDown => tr!(lang, "err-slow-down-title"),
            ErrorKind::Busy => tr!(lang, "err-busy-title"),
            ErrorKind::NoSpace => tr!(lang, "err-no-space-title"),
            ErrorKind::TimedOut => tr!(lang, "err-timed-out-title"),
            ErrorKind::TooSlow => tr!(lang, "err-too-slow-title"),
            ErrorKind::Internal => tr!(lang, "err-internal-title"),
        }
    }

    /// The explanation, with the limit that was crossed.
    fn text(&self) -> String {
        let lang = self.lang;
        let limits = self.limits;
        match self.kind {
            ErrorKind::BadRequest => tr!(lang, "err-bad-request"),
            ErrorKind::Empty => tr!(lang, "err-empty"),
            ErrorKind::CrossSite => tr!(lang, "err-cross-site"),
            ErrorKind::NotFound => tr!(lang, "err-not-found"),
            ErrorKind::MethodNotAllowed => tr!(lang, "err-method"),
            ErrorKind::TooLarge => tr!(lang, "err-too-large", size = limits.size(lang)),
            ErrorKind::TooManyFiles => tr!(lang, "err-too-many-files", files = limits.max_files),
            ErrorKind::MessageTooLong => tr!(lang, "err-too-long", chars = limits.max_chars),
            ErrorKind::FormTooLarge => tr!(lang, "err-form-too-large"),
            ErrorKind::SlowDown => tr!(lang, "err-slow-down"),
            ErrorKind::Busy => tr!(lang, "err-busy"),
            ErrorKind::NoSpace => tr!(lang, "err-no-space"),
            ErrorKind::TimedOut => tr!(lang, "err-timed-out"),
            ErrorKind::TooSlow => tr!(lang, "err-too-slow"),
            ErrorKind::Internal => tr!(lang, "err-internal"),
        }
    }

    /// The error answers a form, so the typed text may be recovered with the
    /// browser's back button.
    fn after_form(&self) -> bool {
        self.form.is_some()
    }

    /// The error answers an upload whose trouble sending in smaller pieces
    /// gets around: every upload error but an empty or forged one (and a
    /// form posted to an address that is not one).
    fn upload_advice(&self) -> Option<FormKind> {
        match (self.form, self.kind) {
            (
                _,
                ErrorKind::Empty
                | ErrorKind::CrossSite
                | ErrorKind::NotFound
                | ErrorKind::MethodNotAllowed,
            )
            | (Some(FormKind::Receipt) | None, _) => None,
            (form, _) => form,
        }
    }

    /// The limits sentence.
    fn limits_text(&self) -> String {
        self.limits.describe(self.lang)
    }
}

chrome!(ErrorPage, alt = "", current = "");

/// Renders any page to a String (wraps askama's render).
pub fn render(page: &impl Template) -> Result<String, askama::Error> {
    page.render()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSS: &str = include_str!("../../static/gundo.css");

    const LIMITS: Limits = Limits {
        max_message_mib: 500,
        max_files: 20,
        max_chars: 50_000,
    };

    const RECEIPT: &str = "1234 5678 9012 3456 7890 1234";

    /// A site whose name needs escaping, introduced in French and English only.
    fn site() -> Site {
        Site::new(
            "Observatoire <Sahel> & Cie",
            [("fr", "Nous veillons."), ("en", "We watch.")],
        )
        .unwrap()
    }

    fn receipt() -> Zeroizing<String> {
        Zeroizing::new(RECEIPT.to_owned())
    }

    fn reply(day: &str, text: &str) -> ReplyView {
        ReplyView {
            day: day.to_owned(),
            text: Zeroizing::new(text.to_owned()),
        }
    }

    fn arrived(name: &str, bytes: u64) -> ArrivedFile {
        ArrivedFile {
            name: Zeroizing::new(name.to_owned()),
            bytes,
        }
    }

    fn error_page(lang: Lang, site: &Site, kind: ErrorKind, form: Option<FormKind>) -> String {
        render(&ErrorPage {
            lang,
            site,
            kind,
            form,
            limits: LIMITS,
        })
        .expect("renders")
    }

    /// Every page type in one language, with a name for messages.
    fn all_pages(lang: Lang) -> Vec<(String, String)> {
        let site = site();
        let site = &site;
        let mut pages = vec![
            ("landing".to_owned(), render(&LandingPage { lang, site })),
            (
                "submit".to_owned(),
                render(&SubmitPage {
                    lang,
                    site,
                    limits: LIMITS,
                }),
            ),
            (
                "receipt".to_owned(),
                render(&ReceiptPage {
                    lang,
                    site,
                    receipt: receipt(),
                }),
            ),
            (
                "status".to_owned(),
                render(&StatusFormPage {
                    lang,
                    site,
                    problem: None,
                    typed: None,
                }),
            ),
            (
                "thread-empty".to_owned(),
                render(&ThreadPage {
                    lang,
                    site,
                    receipt: receipt(),
                    replies: vec![],
                    limits: LIMITS,
                }),
            ),
            (
                "thread-two".to_owned(),
                render(&ThreadPage {
                    lang,
                    site,
                    receipt: receipt(),
                    replies: vec![
                        reply("2025-01-02", "Merci.\nPouvez-vous préciser la date ?"),
                        reply("2025-01-09", "Bien reçu."),
                    ],
                    limits: LIMITS,
                }),
            ),
            (
                "followup-done".to_owned(),
                render(&FollowupDonePage {
                    lang,
                    site,
                    files: vec![arrived("liste.txt", 24), arrived("photo.jpg", 2048)],
                }),
            ),
            (
                "followup-done-text".to_owned(),
                render(&FollowupDonePage {
                    lang,
                    site,
                    files: vec![],
                }),
            ),
        ];
        for problem in [
            StatusProblem::WrongLength,
            StatusProblem::CheckDigits,
            StatusProblem::NotFound,
        ] {
            pages.push((
                format!("status-{problem:?}"),
                render(&StatusFormPage {
                    lang,
                    site,
                    problem: Some(problem),
                    typed: Some(Zeroizing::new("1234 5678".to_owned())),
                }),
            ));
        }
        for kind in ErrorKind::ALL {
            for form in [None, Some(FormKind::Tip), Some(FormKind::FollowUp)] {
                pages.push((
                    format!("error-{kind:?}-{form:?}"),
                    Ok(error_page(lang, site, kind, form)),
                ));
            }
        }
        pages
            .into_iter()
            .map(|(name, html)| (format!("{}/{name}", lang.code()), html.expect("renders")))
            .collect()
    }

    /// The text between `open` and the next `<`.
    fn element_text<'a>(html: &'a str, open: &str) -> &'a str {
        let text = &html[html.find(open).expect("element") + open.len()..];
        &text[..text.find('<').expect("closed")]
    }

    /// `shown` is `original` HTML-escaped: no raw markup character, and it
    /// decodes back to `original`.
    fn assert_escaped(shown: &str, original: &str) {
        for raw in ['<', '>', '"', '\''] {
            assert!(!shown.contains(raw), "{shown}");
        }
        let mut decoded = shown.to_owned();
        for (entity, c) in [
            ("&lt;", "<"),
            ("&#60;", "<"),
            ("&gt;", ">"),
            ("&#62;", ">"),
            ("&quot;", "\""),
            ("&#34;", "\""),
            ("&#39;", "'"),
            ("&#x27;", "'"),
            ("&amp;", "&"),
            ("&#38;", "&"),
        ] {
            decoded = decoded.replace(entity, c);
        }
        assert_eq!(decoded, original, "{shown}");
        assert_eq!(
            shown.matches('&').count(),
            original.matches(['<', '>', '"', '\'', '&']).count()
        );
    }

    /// Attribute names of every tag (text is escaped, so `<` starts a tag).
    fn attribute_names(html: &str) -> Vec<String> {
        let mut names = Vec::new();
        for tag in html.split('<').skip(1) {
            let tag = tag.split('>').next().unwrap_or("");
            let mut in_quotes = false;
            let mut current = String::new();
            let mut chars = tag.chars().skip_while(|c| !c.is_whitespace());
            while let Some(c) = chars.next() {
                match c {
                    '"' => in_quotes = !in_quotes,
                    _ if in_quotes => {}
                    '=' | ' ' | '\n' | '/' => {
                        if !current.is_empty() {
                            names.push(std::mem::take(&mut current).to_ascii_lowercase());
                        }
                        if c == '=' && chars.clone().next() != Some('"') {
                            // Unquoted value: skip it.
                            for c in chars.by_ref() {
                                if c.is_whitespace() {
                                    break;
                                }
                            }
                        }
                    }
                    _ => current.push(c),
                }
            }
            if !current.is_empty() {
                names.push(current.to_ascii_lowercase());
            }
        }
        names
    }

    /// Values of an attribute, wherever it appears (` href="…"` does not
    /// match `hreflang`).
    fn attribute_values(html: &str, attr: &str) -> Vec<String> {
        let needle = format!(" {attr}=\"");
        html.match_indices(&needle)
            .map(|(at, _)| {
                let rest = &html[at + needle.len()..];
                rest[..rest.find('"').expect("closed")].to_owned()
            })
            .collect()
    }

    #[test]
    fn every_page_is_safe_small_and_linked_in_every_language() {
        for lang in Lang::ALL {
            for (name, html) in all_pages(lang) {
                assert!(html.starts_with("<!doctype html>"), "{name}");
                let root = format!("<html lang=\"{}\" dir=\"{}\">", lang.code(), lang.dir());
                assert!(html.contains(&root), "{name}: {root}");
                for needle in [
                    "<meta charset=\"utf-8\">",
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
                    "<meta name=\"referrer\" content=\"no-referrer\">",
                    "<link rel=\"stylesheet\" href=\"/gundo.css\">",
                    "<title>",
                    "</footer>",
                ] {
                    assert!(html.contains(needle), "{name}: missing {needle}");
                }
                let once = name.ends_with("/receipt");
                for other in lang.others() {
                    let code = other.code();
                    let tail = if once {
                        format!("\" lang=\"{code}\">{}</a>", other.native_name())
                    } else {
                        format!(
                            "\" lang=\"{code}\" hreflang=\"{code}\">{}</a>",
                            other.native_name()
                        )
                    };
                    let end = html.find(&tail).expect("link to the other language");
                    let href = &html[html[..end].rfind("href=\"").expect("href") + 6..end];
                    let expected: Vec<String> = if once {
                        vec![format!("#in-{code}")]
                    } else {
                        ["", "submit", "status"]
                            .map(|path| format!("/{code}/{path}"))
                            .to_vec()
                    };
                    assert!(expected.iter().any(|e| e == href), "{name}: {href}");
                }
                assert!(
                    !html.contains(&format!("hreflang=\"{}\"", lang.code())),
                    "{name}"
                );
                let lower = html.to_ascii_lowercase();
                for banned in [
                    "<script",
                    "style=",
                    "<style",
                    "<img",
                    "<iframe",
                    "//",
                    "javascript:",
                ] {
                    assert!(!lower.contains(banned), "{name}: contains {banned}");
                }
                for attr in attribute_names(&html) {
                    assert!(!attr.starts_with("on"), "{name}: handler {attr}");
                    assert_ne!(attr, "style", "{name}");
                }
                let ids = attribute_values(&html, "id");
                for (i, id) in ids.iter().enumerate() {
                    assert!(!ids[i + 1..].contains(id), "{name}: duplicate id {id}");
                }
                for target in attribute_values(&html, "for") {
                    assert!(ids.contains(&target), "{name}: label for missing {target}");
                }
                assert!(
                    !html.contains('{') && !html.contains('}'),
                    "{name}: placeholder left"
                );
                assert!(!html.contains("No localization"), "{name}");
                assert!(
                    !html.contains("&#39;"),
                    "{name}: ASCII apostrophe in a text"
                );
                let total = html.len() + CSS.len();
                assert!(total <= 20 * 1024, "{name}: {total} bytes with CSS");
            }
        }
    }

    #[test]
    fn attribute_scanner_finds_handlers() {
        let names = attribute_names("<a href=\"/x\" onclick=\"a b\"><input  required ONload=x/>");
        assert_eq!(names, ["href", "onclick", "required", "onload"]);
    }

    #[test]
    fn each_page_and_each_part_has_its_writing_direction() {
        for lang in Lang::ALL {
            for (name, html) in all_pages(lang) {
                // Only the receipt page holds other languages, each in its section.
                let mut rest = html.as_str();
                let sections: Vec<(String, String)> = std::iter::from_fn(|| {
                    let at = rest.find("<section id=\"in-")?;
                    let tag = &rest[at..rest[at..].find('>')? + at];
                    rest = &rest[at + tag.len()..];
                    let values = |attr| attribute_values(tag, attr).pop().unwrap_or_default();
                    Some((values("lang"), values("dir")))
                })
                .collect();
                if name.ends_with("/receipt") {
                    assert_eq!(sections.len(), Lang::ALL.len() - 1, "{name}");
                    for (code, dir) in sections {
                        let other = Lang::from_code(&code).expect("a language");
                        assert_eq!(dir, other.dir(), "{name}: section {code}");
                    }
                } else {
                    assert!(sections.is_empty(), "{name}");
                }
            }
        }
        for (name, html) in all_pages(Lang::Fr).into_iter().chain(all_pages(Lang::En)) {
            if !name.ends_with("/receipt") {
                assert!(!html.contains("dir=\"rtl\""), "{name}");
            }
        }
    }

    #[test]
    fn the_receipt_page_has_no_way_out() {
        let site = site();
        for lang in Lang::ALL {
            let html = render(&ReceiptPage {
                lang,
                site: &site,
                receipt: receipt(),
            })
            .expect("renders");
            let ids = attribute_values(&html, "id");
            // Every link is a fragment of this very page.
            let links = attribute_values(&html, "href");
            assert_eq!(links.len(), Lang::ALL.len(), "{links:?}");
            for href in &links {
                if href == "/gundo.css" {
                    continue;
                }
                let target = href
                    .strip_prefix('#')
                    .unwrap_or_else(|| panic!("{}: {href} leaves the page", lang.code()));
                assert!(ids.iter().any(|id| id == target), "{href}: no such id");
            }
            // The one `href` that is not a fragment is the stylesheet, which
            // loads with the page and leaves nothing.
            assert_eq!(links.iter().filter(|h| !h.starts_with('#')).count(), 1);
            assert!(html.contains("<link rel=\"stylesheet\" href=\"/gundo.css\">"));
            assert_eq!(html.matches("<link").count(), 1);
            let lower = html.to_ascii_lowercase();
            for way_out in [
                "<form",
                "action=",
                "formaction",
                "http-equiv",
                "<base",
                "<area",
                "src=",
                "<nav class=\"menu\"",
            ] {
                assert!(!lower.contains(way_out), "{}: {way_out}", lang.code());
            }
            // The instructions, in every language, on the page.
            for other in Lang::ALL {
                for text in [
                    tr!(other, "receipt-once"),
                    tr!(other, "receipt-leave"),
                    tr!(other, "receipt-return"),
                ] {
                    assert!(html.contains(&text), "{} page lacks {text}", lang.code());
                }
                if other != lang {
                    let heading = tr!(other, "receipt-in-language");
                    let open = format!(
                        "<section id=\"in-{}\" lang=\"{}\" dir=\"{}\">\n<h2>{heading}</h2>",
                        other.code(),
                        other.code(),
                        other.dir()
                    );
                    assert!(html.contains(&open), "{}: {open}", lang.code());
                }
            }
            assert!(html.contains(&format!(
                "<p class=\"brand\">{}</p>",
                "Observatoire &#60;Sahel&#62; &#38; Cie"
            )));
        }
    }

    #[test]
    fn receipt_page_shows_the_code_once_left_to_right() {
        let site = site();
        for lang in Lang::ALL {
            let html = render(&ReceiptPage {
                lang,
                site: &site,
                receipt: receipt(),
            })
            .expect("renders");
            let element = format!("<p id=\"receipt\" class=\"receipt\" dir=\"ltr\">{RECEIPT}</p>");
            assert!(html.contains(&element), "{html}");
            assert_eq!(html.matches(RECEIPT).count(), 1);
            assert!(html.contains(&tr!(lang, "receipt-leave")));
        }
    }

    #[test]
    fn receipt_is_escaped() {
        let html = render(&ReceiptPage {
            lang: Lang::Fr,
            site: &Site::default(),
            receipt: Zeroizing::new("<b>\"1&2'".to_owned()),
        })
        .expect("renders");
        let shown = element_text(&html, "<p id=\"receipt\" class=\"receipt\" dir=\"ltr\">");
        assert_escaped(shown, "<b>\"1&2'");
    }

    #[test]
    fn every_page_names_the_organisation_and_its_introduction() {
        for lang in Lang::ALL {
            for (name, html) in all_pages(lang) {
                let escaped = "Observatoire &#60;Sahel&#62; &#38; Cie";
                assert!(
                    html.contains(&format!("<p class=\"brand\">{escaped}</p>"))
                        || html.contains(&format!(
                            "<p class=\"brand\"><a href=\"/{}/\">{escaped}</a></p>",
                            lang.code()
                        )),
                    "{name}"
                );
                assert!(html.contains(&format!(" – {escaped}</title>")), "{name}");
                let header = &html[..html.find("</header>").expect("a header")];
                match lang {
                    Lang::Fr => assert!(header.contains("<p class=\"intro\">Nous veillons.</p>")),
                    Lang::En => assert!(header.contains("<p class=\"intro\">We watch.</p>")),
                    // No Arabic introduction: none at all, never another language's.
                    Lang::Ar => assert!(!header.contains("class=\"intro\""), "{name}"),
                }
            }
        }
        let plain = render(&LandingPage {
            lang: Lang::Fr,
            site: &Site::default(),
        })
        .expect("renders");
        assert!(plain.contains("<p class=\"brand\"><a href=\"/fr/\">gundo</a></p>"));
        assert!(!plain.contains("class=\"intro\""));
    }

    #[test]
    fn css_is_small_and_mirrors() {
        assert!(CSS.len() < 4 * 1024, "{} bytes", CSS.len());
        for needle in [
            "@media print",
            ":focus-visible",
            ".receipt",
            "monospace",
            "letter-spacing",
            ".reply",
            "pre-wrap",
            "margin-inline-start",
            "padding-inline",
            "border-inline-start",
            "text-align:start",
        ] {
            assert!(CSS.contains(needle), "missing {needle}");
        }
        assert!(!CSS.contains("url("), "no external resource");
        assert!(!CSS.contains("@import") && !CSS.contains("@font-face"));
        for physical in [
            "margin-left",
            "margin-right",
            "padding-left",
            "padding-right",
            "text-align:left",
            "text-align:right",
        ] {
            assert!(!CSS.contains(physical), "physical property {physical}");
        }
    }

    #[test]
    fn reply_text_is_escaped_and_dated_as_people_say_it() {
        let evil = "<script>alert(1)</script>&\"'";
        let site = Site::default();
        let html = render(&ThreadPage {
            lang: Lang::En,
            site: &site,
            receipt: receipt(),
            replies: vec![reply("2025-03-04", evil)],
            limits: LIMITS,
        })
        .expect("renders");
        assert!(!html.contains("<script"));
        assert_escaped(
            element_text(&html, "<div class=\"reply\" dir=\"auto\">"),
            evil,
        );
        assert!(html.contains("<time datetime=\"2025-03-04\">Reply on 4 March 2025</time>"));
        for (lang, said) in [
            (Lang::Fr, "Réponse du 1er\u{a0}décembre 2026"),
            (Lang::Ar, "رد بتاريخ 1 ديسمبر 2026"),
        ] {
            let html = render(&ThreadPage {
                lang,
                site: &site,
                receipt: receipt(),
                replies: vec![reply("2026-12-01", "x")],
                limits: LIMITS,
            })
            .expect("renders");
            assert!(
                html.contains(&format!("<time datetime=\"2026-12-01\">{said}</time>")),
                "{html}"
            );
        }
    }

    #[test]
    fn dates_that_are_not_days_are_shown_as_they_are() {
        assert_eq!(spoken_date(Lang::En, "2026-12-02"), "2 December 2026");
        for odd in [
            "",
            "2026",
            "2026-13-01",
            "2026-12-32",
            "26-12-01",
            "2026-1x-01",
        ] {
            assert_eq!(spoken_date(Lang::En, odd), odd);
        }
    }

    #[test]
    fn reply_line_breaks_are_kept() {
        let html = render(&ThreadPage {
            lang: Lang::Fr,
            site: &Site::default(),
            receipt: receipt(),
            replies: vec![reply("2025-03-04", "a\n\nb")],
            limits: LIMITS,
        })
        .expect("renders");
        assert!(html.contains(">a\n\nb</div>"));
    }

    #[test]
    fn replies_are_shown_newest_last() {
        let html = render(&ThreadPage {
            lang: Lang::Fr,
            site: &Site::default(),
            receipt: receipt(),
            replies: vec![
                reply("2025-02-01", "third"),
                reply("2025-01-01", "first"),
                reply("2025-01-15", "second"),
            ],
            limits: LIMITS,
        })
        .expect("renders");
        let at = |s: &str| html.find(s).expect("present");
        assert!(at("first") < at("second") && at("second") < at("third"));
        assert!(!html.contains(&tr!(Lang::Fr, "no-reply")));
    }

    #[test]
    fn empty_thread_says_to_come_back() {
        for lang in Lang::ALL {
            let html = render(&ThreadPage {
                lang,
                site: &Site::default(),
                receipt: receipt(),
                replies: vec![],
                limits: LIMITS,
            })
            .expect("renders");
            assert!(html.contains(&tr!(lang, "no-reply")));
            assert!(!html.contains("class=\"reply\""));
            assert!(html.contains(&tr!(lang, "unsafe-question")));
            assert!(html.contains(&tr!(lang, "split-followup")));
        }
    }

    #[test]
    fn followup_form_starts_with_the_escaped_hidden_receipt() {
        for lang in Lang::ALL {
            let html = render(&ThreadPage {
                lang,
                site: &Site::default(),
                receipt: Zeroizing::new("12\"><script>34".to_owned()),
                replies: vec![],
                limits: LIMITS,
            })
            .expect("renders");
            let open = format!(
                "<form method=\"post\" action=\"/{}/followup\" enctype=\"multipart/form-data\">",
                lang.code()
            );
            let form = &html[html.find(&open).expect("follow-up form")..];
            let form = &form[..form.find("</form>").expect("closed")];
            let first_input = &form[form.find("<input").expect("an input")..];
            let hidden = "<input type=\"hidden\" name=\"receipt\" value=\"";
            assert!(first_input.starts_with(hidden), "{first_input}");
            let value = &first_input[hidden.len()..];
            let value = &value[..value.find('"').expect("quoted")];
            assert_escaped(value, "12\"><script>34");
            assert!(first_input[hidden.len() + value.len()..].starts_with("\">"));
            assert!(!form[open.len()..form.find("<input").expect("input")].contains("<textarea"));
            assert_form_fields(form);
            assert!(!html.contains("<script"));
        }
    }

    fn assert_form_fields(form: &str) {
        assert!(
            form.contains("<textarea name=\"message\" id=\"message\""),
            "{form}"
        );
        assert!(form.contains(" maxlength=\"50000\""), "{form}");
        assert!(form.contains("<label for=\"message\">"));
        assert!(form.contains("<input type=\"file\" name=\"files\" id=\"files\" multiple"));
        assert!(form.contains("<label for=\"files\">"));
        assert!(form.contains("<button type=\"submit\">"));
    }

    #[test]
    fn submit_form_has_action_enctype_fields_limits_and_slow_link_advice() {
        for lang in Lang::ALL {
            let html = render(&SubmitPage {
                lang,
                site: &Site::default(),
                limits: LIMITS,
            })
            .expect("renders");
            let open = format!(
                "<form method=\"post\" action=\"/{}/submit\" enctype=\"multipart/form-data\">",
                lang.code()
            );
            let form_at = html.find(&open).expect("submit form");
            let form = &html[form_at..];
            let form = &form[..form.find("</form>").expect("closed")];
            assert!(form.contains("<fieldset>") && form.contains("<legend>"));
            assert_form_fields(form);
            for text in [
                tr!(lang, "files-meta"),
                tr!(lang, "files-voice"),
                tr!(lang, "tip-what"),
                tr!(lang, "tip-docs"),
            ] {
                assert!(html.contains(&text));
            }
            assert!(html.contains(&LIMITS.describe(lang)));
            // Before the form: what a big file means on a slow link, and how
            // to send the text first, then the files one by one.
            let before = &html[..form_at];
            for text in [
                tr!(lang, "large-title"),
                tr!(lang, "slow-link", rate = 20),
                tr!(lang, "slow-link-cut"),
                tr!(lang, "split-tip-first"),
                tr!(lang, "split-tip-then"),
            ] {
                assert!(before.contains(&text), "{}: {text}", lang.code());
            }
            assert!(
                before.find(&tr!(lang, "split-tip-first"))
                    < before.find(&tr!(lang, "split-tip-then"))
            );
        }
        let page = |lang| {
            render(&SubmitPage {
                lang,
                site: &Site::default(),
                limits: LIMITS,
            })
            .expect("renders")
        };
        let fr = page(Lang::Fr);
        assert!(fr.contains(
            "Au plus 20\u{a0}fichiers, 500\u{a0}Mo en tout. Texte\u{a0}: 50\u{a0}000\u{a0}caractères au plus."
        ));
        assert!(fr.contains("<li>10\u{a0}Mo\u{a0}: environ 9\u{a0}minutes</li>"));
        assert!(fr.contains(
            "<li>500\u{a0}Mo, le maximum pour un envoi\u{a0}: environ 7\u{a0}heures</li>"
        ));
        assert!(fr.contains("environ 20\u{a0}Ko par seconde"));
        let en = page(Lang::En);
        assert!(en.contains("Up to 20 files, 500 MB in all. Text: up to 50,000 characters."));
        assert!(en.contains("<li>10 MB: about 9 minutes</li>"));
        assert!(en.contains("<li>500 MB, the most one sending may hold: about 7 hours</li>"));
        assert!(page(Lang::Ar).contains("نحو 7 ساعات"));
        let big = Limits {
            max_message_mib: 2048,
            ..LIMITS
        };
        assert!(big.describe(Lang::En).contains(" 2 GB in all"));
        let odd = Limits {
            max_message_mib: 1536,
            ..LIMITS
        };
        assert!(
            odd.describe(Lang::Fr)
                .contains(" 1\u{a0}536\u{a0}Mo en tout")
        );
        // A limit under the example size gives one estimate, the limit's.
        let small = SubmitPage {
            lang: Lang::En,
            site: &Site::default(),
            limits: Limits {
                max_message_mib: 5,
                ..LIMITS
            },
        };
        let estimates: Vec<String> = small.estimates().into_iter().map(|e| e.text).collect();
        assert_eq!(
            estimates,
            ["5 MB, the most one sending may hold: about 5 minutes"]
        );
    }

    #[test]
    fn sending_times_and_file_sizes_are_in_human_units() {
        assert_eq!(sending_time(1), ("minutes", 1));
        assert_eq!(sending_time(10 * MIB), ("minutes", 9));
        assert_eq!(sending_time(50 * MIB), ("minutes", 43));
        assert_eq!(sending_time(140 * MIB), ("hours", 2));
        assert_eq!(sending_time(500 * MIB), ("hours", 7));
        assert_eq!(file_size(Lang::Fr, 24), "24\u{a0}octets");
        assert_eq!(file_size(Lang::Fr, 1), "1\u{a0}octet");
        assert_eq!(file_size(Lang::Fr, 2048), "2\u{a0}Ko");
        assert_eq!(file_size(Lang::En, 1025), "2 KB");
        assert_eq!(file_size(Lang::En, 5 * MIB + 1), "5 MB");
        assert_eq!(file_size(Lang::En, MIB), "1 MB");
        assert_eq!(file_size(Lang::Ar, 3 * MIB), "3 ميغابايت");
    }

    #[test]
    fn status_form_shows_each_problem_and_keeps_what_was_typed() {
        let site = Site::default();
        for lang in Lang::ALL {
            let html = render(&StatusFormPage {
                lang,
                site: &site,
                problem: None,
                typed: None,
            })
            .expect("renders");
            assert!(!html.contains("role=\"alert\""));
            assert!(!html.contains(" value="));
            assert!(html.contains(&format!(
                "<form method=\"post\" action=\"/{}/status\">",
                lang.code()
            )));
            assert!(html.contains(
                "<input name=\"receipt\" id=\"receipt-input\" inputmode=\"numeric\" autocomplete=\"off\" autocapitalize=\"off\" spellcheck=\"false\""
            ));
            assert!(html.contains("<label for=\"receipt-input\">"));
            assert!(html.contains(&tr!(lang, "receipt-hint")));
            for (problem, text) in [
                (StatusProblem::WrongLength, tr!(lang, "problem-length")),
                (StatusProblem::CheckDigits, tr!(lang, "problem-check")),
                (StatusProblem::NotFound, tr!(lang, "problem-not-found")),
            ] {
                let typed = "1234-5678 \"><b>9012";
                let html = render(&StatusFormPage {
                    lang,
                    site: &site,
                    problem: Some(problem),
                    typed: Some(Zeroizing::new(typed.to_owned())),
                })
                .expect("renders");
                assert!(
                    html.contains(&format!("role=\"alert\">{text}</p>")),
                    "{problem:?}"
                );
                assert_eq!(html.matches("role=\"alert\"").count(), 1);
                assert!(html.contains("aria-invalid=\"true\""));
                let values = attribute_values(&html, "value");
                assert_eq!(values.len(), 1, "{problem:?}");
                assert_escaped(&values[0], typed);
                assert!(!html.contains("<b>"));
            }
        }
        assert!(tr!(Lang::En, "problem-length").contains("24 digits"));
        // Only as much as the field holds comes back.
        let long = "1".repeat(500);
        let page = StatusFormPage {
            lang: Lang::En,
            site: &site,
            problem: Some(StatusProblem::WrongLength),
            typed: Some(Zeroizing::new(long)),
        };
        assert_eq!(page.typed_text().map(str::len), Some(MAX_TYPED_RECEIPT));
        let html = render(&page).expect("renders");
        assert!(html.contains(&format!(" maxlength=\"{MAX_TYPED_RECEIPT}\"")));
    }

    #[test]
    fn error_pages_have_status_title_and_advice() {
        let statuses: Vec<u16> = ErrorKind::ALL.iter().map(|k| k.status()).collect();
        assert_eq!(
            statuses,
            [
                400, 400, 403, 404, 405, 413, 413, 413, 413, 429, 503, 503, 408, 408, 500
            ]
        );
        let site = Site::default();
        for lang in Lang::ALL {
            let mut seen = Vec::new();
            for kind in ErrorKind::ALL {
                let page = ErrorPage {
                    lang,
                    site: &site,
                    kind,
                    form: None,
                    limits: LIMITS,
                };
                let html = render(&page).expect("renders");
                assert!(
                    html.contains(&format!("<h1>{}</h1>", page.title())),
                    "{kind:?}"
                );
                assert!(html.contains(&page.text()), "{kind:?}");
                assert!(html.contains(&format!("href=\"/{}/\"", lang.code())));
                assert!(
                    !html.contains(&tr!(lang, "error-back")),
                    "{kind:?}: no form"
                );
                assert!(!html.contains(&tr!(lang, "split-tip-first")), "{kind:?}");
                assert!(!seen.contains(&page.title()), "{kind:?} shares a title");
                seen.push(page.title());
            }
        }
    }

    #[test]
    fn upload_errors_name_the_limit_and_advise_by_form() {
        let site = Site::default();
        let advised = |html: &str, lang: Lang, form: Option<FormKind>| match form {
            Some(FormKind::Tip) => {
                html.contains(&tr!(lang, "split-tip-first"))
                    && html.contains(&tr!(lang, "split-tip-then"))
                    && !html.contains(&tr!(lang, "split-followup"))
            }
            Some(FormKind::FollowUp) => {
                html.contains(&tr!(lang, "split-followup"))
                    && !html.contains(&tr!(lang, "split-tip-first"))
            }
            _ => false,
        };
        for lang in Lang::ALL {
            for kind in ErrorKind::ALL {
                for form in [Some(FormKind::Tip), Some(FormKind::FollowUp)] {
                    let html = error_page(lang, &site, kind, form);
                    let expected = !matches!(
                        kind,
                        ErrorKind::Empty
                            | ErrorKind::CrossSite
                            | ErrorKind::NotFound
                            | ErrorKind::MethodNotAllowed
                    );
                    assert_eq!(advised(&html, lang, form), expected, "{kind:?} {form:?}");
                    assert_eq!(html.contains(&LIMITS.describe(lang)), expected, "{kind:?}");
                    assert!(html.contains(&tr!(lang, "error-back")), "{kind:?}");
                }
                let html = error_page(lang, &site, kind, Some(FormKind::Receipt));
                assert!(!html.contains(&tr!(lang, "large-title")), "{kind:?}");
                assert!(html.contains(&tr!(lang, "error-back")));
            }
        }
        // The 413 pages say the limit, in the units people use.
        let fr = |kind| error_page(Lang::Fr, &site, kind, Some(FormKind::Tip));
        assert!(fr(ErrorKind::TooLarge).contains("dépassent 500\u{a0}Mo, la taille permise"));
        assert!(fr(ErrorKind::TooManyFiles).contains("au plus 20\u{a0}fichiers."));
        assert!(fr(ErrorKind::MessageTooLong).contains("dépasse 50\u{a0}000\u{a0}caractères"));
        let en = error_page(Lang::En, &site, ErrorKind::TooLarge, Some(FormKind::Tip));
        assert!(en.contains("bigger than 500 MB, the size allowed"));
        let ar = error_page(
            Lang::Ar,
            &site,
            ErrorKind::TooManyFiles,
            Some(FormKind::Tip),
        );
        assert!(ar.contains("أكثر من 20 ملفًا"), "{ar}");
        // A first submission is never told to use a code it does not have yet:
        // it is told it will get one first.
        let tip = fr(ErrorKind::TooLarge);
        let first = tip.find(&tr!(Lang::Fr, "split-tip-first")).expect("step 1");
        assert!(first < tip.find("entrez votre code").expect("step 2"));
        assert!(tr!(Lang::Fr, "split-tip-first").contains("Vous recevez un code"));
        // The empty submission says it is empty.
        assert!(fr(ErrorKind::Empty).contains("<h1>Message vide</h1>"));
        // The connection cut off below the rate floor gets the same advice.
        assert!(advised(
            &fr(ErrorKind::TooSlow),
            Lang::Fr,
            Some(FormKind::Tip)
        ));
    }

    #[test]
    fn forms_are_known_from_method_and_path() {
        use axum::http::Method;
        assert_eq!(
            FormKind::of(&Method::POST, "/fr/submit"),
            Some(FormKind::Tip)
        );
        assert_eq!(
            FormKind::of(&Method::POST, "/ar/followup"),
            Some(FormKind::FollowUp)
        );
        assert_eq!(
            FormKind::of(&Method::POST, "/en/status"),
            Some(FormKind::Receipt)
        );
        assert_eq!(FormKind::of(&Method::GET, "/fr/submit"), None);
        assert_eq!(FormKind::of(&Method::POST, "/fr/"), None);
        assert_eq!(FormKind::of(&Method::POST, "/submit"), None);
        assert_eq!(FormKind::of(&Method::POST, "/fr/submit/x"), None);
    }

    #[test]
    fn followup_confirmation_names_each_file_escaped_with_its_size() {
        let site = Site::default();
        for lang in Lang::ALL {
            let html = render(&FollowupDonePage {
                lang,
                site: &site,
                files: vec![arrived("<b>état \"1\".pdf", 3 * MIB), arrived("n.txt", 24)],
            })
            .expect("renders");
            assert!(html.contains(&tr!(lang, "followup-done-files", count = 2)));
            let shown = element_text(&html, "<li><bdi>");
            assert_escaped(shown, "<b>état \"1\".pdf");
            assert!(html.contains(&format!("</bdi> ({})</li>", file_size(lang, 3 * MIB))));
            assert!(html.contains(&format!(
                "<li><bdi>n.txt</bdi> ({})</li>",
                file_size(lang, 24)
            )));
            assert!(!html.contains(&tr!(lang, "followup-done-no-file")));
            let none = render(&FollowupDonePage {
                lang,
                site: &site,
                files: vec![],
            })
            .expect("renders");
            assert!(none.contains(&tr!(lang, "followup-done-no-file")));
            assert!(!none.contains("<bdi>"));
        }
        assert_eq!(
            tr!(Lang::Fr, "followup-done-files", count = 1),
            "Ce fichier est arrivé\u{a0}:"
        );
        assert_eq!(
            tr!(Lang::En, "followup-done-files", count = 3),
            "These 3 files arrived:"
        );
    }

    #[test]
    fn every_message_without_arguments_is_shown_somewhere_in_every_language() {
        // Messages with arguments are checked, filled in, by the tests above.
        // The language's own heading of the receipt instructions shows on the
        // other languages' receipt pages (see `the_receipt_page_has_no_way_out`).
        let internal = [
            "language-name",
            "language-dir",
            "digit-group-separator",
            "receipt-in-language",
        ];
        for lang in Lang::ALL {
            let pages: Vec<String> = all_pages(lang).into_iter().map(|(_, html)| html).collect();
            let id: i18n_embed::unic_langid::LanguageIdentifier = lang.code().parse().unwrap();
            let plain: Vec<String> = lang.loader().with_message_iter(&id, |messages| {
                messages
                    .filter(|m| {
                        !format!("{:?}", m.value).contains("VariableReference")
                            && !m.id.name.starts_with("desk-")
                    })
                    .map(|m| m.id.name.to_owned())
                    .collect()
            });
            assert!(plain.len() > 50, "{}", plain.len());
            for name in plain {
                if internal.contains(&name.as_str()) {
                    continue;
                }
                let text = lang.loader().get(&name);
                assert!(
                    pages.iter().any(|html| html.contains(&text)),
                    "{}: `{name}` is on no page",
                    lang.code()
                );
            }
        }
    }

    #[test]
    fn each_page_says_what_a_submitter_needs() {
        let site = Site::default();
        let site = &site;
        for lang in Lang::ALL {
            let page = |html: askama::Result<String>| html.expect("renders");
            let landing = page(render(&LandingPage { lang, site }));
            for id in [
                "home-who",
                "home-keeps",
                "home-first-tor",
                "home-first-work",
                "home-first-tell",
                "home-first-name",
                "home-wait",
                "close-tor",
            ] {
                assert!(
                    landing.contains(&lang.loader().get(id)),
                    "{}: {id}",
                    lang.code()
                );
            }
            let submit = page(render(&SubmitPage {
                lang,
                site,
                limits: LIMITS,
            }));
            for text in [
                tr!(lang, "tip-what"),
                tr!(lang, "tip-where"),
                tr!(lang, "tip-when"),
                tr!(lang, "tip-who"),
                tr!(lang, "tip-docs"),
                tr!(lang, "files-meta"),
                tr!(lang, "files-meta-tip"),
                tr!(lang, "files-rare"),
                tr!(lang, "files-voice"),
                tr!(lang, "send-wait"),
            ] {
                assert!(submit.contains(&text), "{}: {text}", lang.code());
            }
            let receipt_page = page(render(&ReceiptPage {
                lang,
                site,
                receipt: receipt(),
            }));
            for text in [
                tr!(lang, "receipt-once"),
                tr!(lang, "receipt-leave"),
                tr!(lang, "receipt-nobody"),
                tr!(lang, "receipt-hide"),
                tr!(lang, "receipt-print"),
                tr!(lang, "receipt-return"),
            ] {
                assert!(receipt_page.contains(&text), "{}: {text}", lang.code());
            }
            let thread = page(render(&ThreadPage {
                lang,
                site,
                receipt: receipt(),
                replies: vec![reply("2025-01-02", "?")],
                limits: LIMITS,
            }));
            for text in [
                tr!(lang, "unsafe-question"),
                tr!(lang, "followup-intro"),
                tr!(lang, "files-meta"),
            ] {
                assert!(thread.contains(&text), "{}: {text}", lang.code());
            }
        }
    }

    #[test]
    fn receipt_prints_alone() {
        let print = &CSS[CSS.find("@media print").expect("print rules")..];
        for needle in [
            "header,footer,form",
            "main:has(.receipt)>:not(.receipt){display:none}",
        ] {
            assert!(print.contains(needle), "print CSS lacks {needle}");
        }
    }

    /// Prints every page's weight with the stylesheet (the budget is 20 KiB):
    /// `cargo test --lib web::pages::tests::sizes -- --nocapture`.
    #[test]
    fn sizes() {
        println!("stylesheet {} B", CSS.len());
        for lang in Lang::ALL {
            for (name, html) in all_pages(lang) {
                println!(
                    "{name:<40} {:>6} B  with stylesheet {:>6} B",
                    html.len(),
                    html.len() + CSS.len()
                );
            }
        }
    }
}
