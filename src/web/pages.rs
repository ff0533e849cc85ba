//! The HTML pages shown to the submitter, as askama templates.
//!
//! Every page shares `templates/base.html`: language links, menu, safety
//! footer, one stylesheet (`/gundo.css`) and nothing else: no script, no
//! image, no inline style, no external URL. Everything is escaped.

use askama::Template;
use zeroize::Zeroizing;

use super::i18n::Lang;

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
    /// The limits sentence in `lang`, with sizes in the units people use.
    fn describe(self, lang: Lang) -> String {
        let t = lang.texts();
        let sep = lang.catalogue().thousands_sep;
        let size = if self.max_message_mib >= 1024 && self.max_message_mib.is_multiple_of(1024) {
            t.size_gb.replace(
                "{n}",
                &group_digits(&(self.max_message_mib / 1024).to_string(), sep),
            )
        } else {
            t.size_mb
                .replace("{n}", &group_digits(&self.max_message_mib.to_string(), sep))
        };
        t.limits
            .replace("{files}", &group_digits(&self.max_files.to_string(), sep))
            .replace("{size}", &size)
            .replace("{chars}", &group_digits(&self.max_chars.to_string(), sep))
    }
}

/// `50000` → `50,000` (with `sep` between groups of three digits).
fn group_digits(digits: &str, sep: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * sep.len());
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

/// What the shared layout needs to know about a page.
trait Chrome {
    /// Path after `/{code}/` for the same page in another language (a POST
    /// result cannot be shown again, so those point to a sensible GET page).
    fn alt_path(&self) -> &'static str;
    /// Menu entry to mark as current: `"home"`, `"submit"`, `"status"` or `""`.
    fn current(&self) -> &'static str;
}

/// Home page: `GET /{lang}/`.
#[derive(Template)]
#[template(path = "landing.html", whitespace = "minimize")]
pub struct LandingPage {
    /// Page language.
    pub lang: Lang,
}

impl Chrome for LandingPage {
    fn alt_path(&self) -> &'static str {
        ""
    }
    fn current(&self) -> &'static str {
        "home"
    }
}

/// Submission form: `GET /{lang}/submit`.
#[derive(Template)]
#[template(path = "submit.html", whitespace = "minimize")]
pub struct SubmitPage {
    /// Page language.
    pub lang: Lang,
    /// Limits to show and to set on the fields.
    pub limits: Limits,
}

impl SubmitPage {
    /// The limits sentence.
    fn limits_text(&self) -> String {
        self.limits.describe(self.lang)
    }
}

impl Chrome for SubmitPage {
    fn alt_path(&self) -> &'static str {
        "submit"
    }
    fn current(&self) -> &'static str {
        "submit"
    }
}

/// The receipt, shown once after `POST /{lang}/submit`.
#[derive(Template)]
#[template(path = "receipt.html", whitespace = "minimize")]
pub struct ReceiptPage {
    /// Page language.
    pub lang: Lang,
    /// The receipt code, as it should be written down.
    pub receipt: Zeroizing<String>,
}

impl Chrome for ReceiptPage {
    fn alt_path(&self) -> &'static str {
        "status"
    }
    fn current(&self) -> &'static str {
        ""
    }
}

/// Why a receipt was not accepted on the status form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusProblem {
    /// Not 24 digits.
    WrongLength,
    /// The check digits do not match (typo or swapped digits).
    CheckDigits,
    /// Nothing found; says nothing about whether the receipt exists.
    NotFound,
}

/// Status form: `GET /{lang}/status`, and the answer to a `POST` whose
/// receipt is mistyped or unknown.
#[derive(Template)]
#[template(path = "status.html", whitespace = "minimize")]
pub struct StatusFormPage {
    /// Page language.
    pub lang: Lang,
    /// Why the last receipt was refused, if it was.
    pub problem: Option<StatusProblem>,
}

impl StatusFormPage {
    /// The alert to show, if any.
    fn problem_text(&self) -> Option<&'static str> {
        let t = self.lang.texts();
        self.problem.map(|problem| match problem {
            StatusProblem::WrongLength => t.problem_length,
            StatusProblem::CheckDigits => t.problem_check,
            StatusProblem::NotFound => t.problem_not_found,
        })
    }
}

impl Chrome for StatusFormPage {
    fn alt_path(&self) -> &'static str {
        "status"
    }
    fn current(&self) -> &'static str {
        "status"
    }
}

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
pub struct ThreadPage {
    /// Page language.
    pub lang: Lang,
    /// The receipt, carried in the follow-up form's hidden field.
    pub receipt: Zeroizing<String>,
    /// The replies, in any order (shown oldest first, newest last).
    pub replies: Vec<ReplyView>,
    /// Limits of the follow-up form.
    pub limits: Limits,
}

impl ThreadPage {
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
}

impl Chrome for ThreadPage {
    fn alt_path(&self) -> &'static str {
        "status"
    }
    fn current(&self) -> &'static str {
        "status"
    }
}

/// Confirmation after `POST /{lang}/followup`.
#[derive(Template)]
#[template(path = "followup_done.html", whitespace = "minimize")]
pub struct FollowupDonePage {
    /// Page language.
    pub lang: Lang,
}

impl Chrome for FollowupDonePage {
    fn alt_path(&self) -> &'static str {
        "status"
    }
    fn current(&self) -> &'static str {
        ""
    }
}

/// What went wrong, for [`ErrorPage`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// Unreadable request (400).
    BadRequest,
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
    pub const ALL: [ErrorKind; 13] = [
        ErrorKind::BadRequest,
        ErrorKind::CrossSite,
        ErrorKind::NotFound,
        ErrorKind::MethodNotAllowed,
        ErrorKind::TooLarge,
        ErrorKind::TooManyFiles,
        ErrorKind::MessageTooLong,
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
            ErrorKind::BadRequest => 400,
            ErrorKind::CrossSite => 403,
            ErrorKind::NotFound => 404,
            ErrorKind::MethodNotAllowed => 405,
            ErrorKind::TooLarge | ErrorKind::TooManyFiles | ErrorKind::MessageTooLong => 413,
            ErrorKind::SlowDown => 429,
            ErrorKind::Busy | ErrorKind::NoSpace => 503,
            ErrorKind::TimedOut | ErrorKind::TooSlow => 408,
            ErrorKind::Internal => 500,
        }
    }

    /// Whether the error answers a form, so the typed text may be recovered
    /// with the browser's back button.
    fn after_form(self) -> bool {
        !matches!(self, ErrorKind::NotFound | ErrorKind::MethodNotAllowed)
    }

    /// Whether sending in several parts would get around the error.
    fn can_split(self) -> bool {
        matches!(
            self,
            ErrorKind::TooLarge | ErrorKind::TooManyFiles | ErrorKind::MessageTooLong
        )
    }
}

/// An error page in the page's language.
#[derive(Template)]
#[template(path = "error.html", whitespace = "minimize")]
pub struct ErrorPage {
    /// Page language.
    pub lang: Lang,
    /// What went wrong.
    pub kind: ErrorKind,
}

impl ErrorPage {
    /// Heading and explanation.
    fn title_text(&self) -> (&'static str, &'static str) {
        let t = self.lang.texts();
        match self.kind {
            ErrorKind::BadRequest => (t.err_bad_request_title, t.err_bad_request),
            ErrorKind::CrossSite => (t.err_cross_site_title, t.err_cross_site),
            ErrorKind::NotFound => (t.err_not_found_title, t.err_not_found),
            ErrorKind::MethodNotAllowed => (t.err_method_title, t.err_method),
            ErrorKind::TooLarge => (t.err_too_large_title, t.err_too_large),
            ErrorKind::TooManyFiles => (t.err_too_many_files_title, t.err_too_many_files),
            ErrorKind::MessageTooLong => (t.err_too_long_title, t.err_too_long),
            ErrorKind::SlowDown => (t.err_slow_down_title, t.err_slow_down),
            ErrorKind::Busy => (t.err_busy_title, t.err_busy),
            ErrorKind::NoSpace => (t.err_no_space_title, t.err_no_space),
            ErrorKind::TimedOut => (t.err_timed_out_title, t.err_timed_out),
            ErrorKind::TooSlow => (t.err_too_slow_title, t.err_too_slow),
            ErrorKind::Internal => (t.err_internal_title, t.err_internal),
        }
    }

    /// The heading.
    fn title(&self) -> &'static str {
        self.title_text().0
    }

    /// The explanation.
    fn text(&self) -> &'static str {
        self.title_text().1
    }
}

impl Chrome for ErrorPage {
    fn alt_path(&self) -> &'static str {
        ""
    }
    fn current(&self) -> &'static str {
        ""
    }
}

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

    fn receipt() -> Zeroizing<String> {
        Zeroizing::new(RECEIPT.to_owned())
    }

    fn reply(day: &str, text: &str) -> ReplyView {
        ReplyView {
            day: day.to_owned(),
            text: Zeroizing::new(text.to_owned()),
        }
    }

    /// Every page type in one language, with a name for messages.
    fn all_pages(lang: Lang) -> Vec<(String, String)> {
        let mut pages = vec![
            ("landing".to_owned(), render(&LandingPage { lang })),
            (
                "submit".to_owned(),
                render(&SubmitPage {
                    lang,
                    limits: LIMITS,
                }),
            ),
            (
                "receipt".to_owned(),
                render(&ReceiptPage {
                    lang,
                    receipt: receipt(),
                }),
            ),
            (
                "status".to_owned(),
                render(&StatusFormPage {
                    lang,
                    problem: None,
                }),
            ),
            (
                "thread-empty".to_owned(),
                render(&ThreadPage {
                    lang,
                    receipt: receipt(),
                    replies: vec![],
                    limits: LIMITS,
                }),
            ),
            (
                "thread-two".to_owned(),
                render(&ThreadPage {
                    lang,
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
                render(&FollowupDonePage { lang }),
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
                    problem: Some(problem),
                }),
            ));
        }
        for kind in ErrorKind::ALL {
            pages.push((format!("error-{kind:?}"), render(&ErrorPage { lang, kind })));
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

    /// Values of `id` and `for` attributes.
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
                for other in lang.others() {
                    let code = other.code();
                    let tail = format!(
                        "\" lang=\"{code}\" hreflang=\"{code}\">{}</a>",
                        other.native_name()
                    );
                    let end = html.find(&tail).expect("link to the other language");
                    let href = &html[html[..end].rfind("href=\"").expect("href") + 6..end];
                    let expected = ["", "submit", "status"].map(|path| format!("/{code}/{path}"));
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
    fn arabic_is_rtl_and_others_ltr() {
        for (name, html) in all_pages(Lang::Ar) {
            assert!(html.contains("dir=\"rtl\""), "{name}");
        }
        for (name, html) in all_pages(Lang::Fr).into_iter().chain(all_pages(Lang::En)) {
            assert!(!html.contains("dir=\"rtl\""), "{name}");
        }
    }

    #[test]
    fn receipt_page_shows_the_code_once_left_to_right() {
        for lang in Lang::ALL {
            let html = render(&ReceiptPage {
                lang,
                receipt: receipt(),
            })
            .expect("renders");
            let element = format!("<p id=\"receipt\" class=\"receipt\" dir=\"ltr\">{RECEIPT}</p>");
            assert!(html.contains(&element), "{html}");
            assert_eq!(html.matches(RECEIPT).count(), 1);
            assert!(html.contains(lang.texts().receipt_once));
            assert!(html.contains(&format!("href=\"/{}/status\"", lang.code())));
        }
    }

    #[test]
    fn receipt_is_escaped() {
        let html = render(&ReceiptPage {
            lang: Lang::Fr,
            receipt: Zeroizing::new("<b>\"1&2'".to_owned()),
        })
        .expect("renders");
        let shown = element_text(&html, "<p id=\"receipt\" class=\"receipt\" dir=\"ltr\">");
        assert_escaped(shown, "<b>\"1&2'");
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
    fn reply_text_is_escaped_and_kept_as_text() {
        let evil = "<script>alert(1)</script>&\"'";
        let html = render(&ThreadPage {
            lang: Lang::En,
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
        assert!(html.contains("<time datetime=\"2025-03-04\" dir=\"ltr\">2025-03-04</time>"));
    }

    #[test]
    fn reply_line_breaks_are_kept() {
        let html = render(&ThreadPage {
            lang: Lang::Fr,
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
        assert!(!html.contains(Lang::Fr.texts().no_reply));
    }

    #[test]
    fn empty_thread_says_to_come_back() {
        for lang in Lang::ALL {
            let html = render(&ThreadPage {
                lang,
                receipt: receipt(),
                replies: vec![],
                limits: LIMITS,
            })
            .expect("renders");
            assert!(html.contains(lang.texts().no_reply));
            assert!(!html.contains("class=\"reply\""));
            assert!(html.contains(lang.texts().unsafe_question));
        }
    }

    #[test]
    fn followup_form_starts_with_the_escaped_hidden_receipt() {
        for lang in Lang::ALL {
            let html = render(&ThreadPage {
                lang,
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
    fn submit_form_has_action_enctype_fields_and_limits() {
        for lang in Lang::ALL {
            let t = lang.texts();
            let html = render(&SubmitPage {
                lang,
                limits: LIMITS,
            })
            .expect("renders");
            let open = format!(
                "<form method=\"post\" action=\"/{}/submit\" enctype=\"multipart/form-data\">",
                lang.code()
            );
            let form = &html[html.find(&open).expect("submit form")..];
            let form = &form[..form.find("</form>").expect("closed")];
            assert!(form.contains("<fieldset>") && form.contains("<legend>"));
            assert_form_fields(form);
            for text in [t.files_meta, t.files_voice, t.tip_what, t.tip_docs] {
                assert!(html.contains(text));
            }
            assert!(html.contains(&LIMITS.describe(lang)));
        }
        let fr = render(&SubmitPage {
            lang: Lang::Fr,
            limits: LIMITS,
        })
        .expect("renders");
        assert!(fr.contains(
            "Au plus 20\u{a0}fichiers, 500\u{a0}Mo en tout. Texte\u{a0}: 50\u{a0}000\u{a0}caractères au plus."
        ));
        let en = render(&SubmitPage {
            lang: Lang::En,
            limits: LIMITS,
        })
        .expect("renders");
        assert!(en.contains("Up to 20 files, 500 MB in all. Text: up to 50,000 characters."));
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
    }

    #[test]
    fn status_form_shows_each_problem_as_an_alert() {
        for lang in Lang::ALL {
            let t = lang.texts();
            let html = render(&StatusFormPage {
                lang,
                problem: None,
            })
            .expect("renders");
            assert!(!html.contains("role=\"alert\""));
            assert!(html.contains(&format!(
                "<form method=\"post\" action=\"/{}/status\">",
                lang.code()
            )));
            assert!(html.contains(
                "<input name=\"receipt\" id=\"receipt-input\" inputmode=\"numeric\" autocomplete=\"off\" autocapitalize=\"off\" spellcheck=\"false\""
            ));
            assert!(html.contains("<label for=\"receipt-input\">"));
            assert!(html.contains(t.receipt_hint));
            for (problem, text) in [
                (StatusProblem::WrongLength, t.problem_length),
                (StatusProblem::CheckDigits, t.problem_check),
                (StatusProblem::NotFound, t.problem_not_found),
            ] {
                let html = render(&StatusFormPage {
                    lang,
                    problem: Some(problem),
                })
                .expect("renders");
                assert!(
                    html.contains(&format!("role=\"alert\">{text}</p>")),
                    "{problem:?}"
                );
                assert_eq!(html.matches("role=\"alert\"").count(), 1);
                assert!(html.contains("aria-invalid=\"true\""));
            }
        }
        assert!(Lang::En.texts().problem_length.contains("24 digits"));
    }

    #[test]
    fn error_pages_have_status_title_and_advice() {
        let statuses: Vec<u16> = ErrorKind::ALL.iter().map(|k| k.status()).collect();
        assert_eq!(
            statuses,
            [
                400, 403, 404, 405, 413, 413, 413, 429, 503, 503, 408, 408, 500
            ]
        );
        for lang in Lang::ALL {
            let mut seen = Vec::new();
            for kind in ErrorKind::ALL {
                let page = ErrorPage { lang, kind };
                let html = render(&page).expect("renders");
                assert!(
                    html.contains(&format!("<h1>{}</h1>", page.title())),
                    "{kind:?}"
                );
                assert!(html.contains(page.text()), "{kind:?}");
                assert_eq!(html.contains(lang.texts().error_split), kind.can_split());
                assert!(html.contains(&format!("href=\"/{}/\"", lang.code())));
                assert!(!seen.contains(&page.title()), "{kind:?} shares a title");
                seen.push(page.title());
            }
        }
    }

    #[test]
    fn texts_are_complete_and_clean() {
        let fr = Lang::Fr.texts().all();
        for lang in Lang::ALL {
            let texts = lang.texts().all();
            assert_eq!(texts.len(), fr.len());
            for (name, text) in texts {
                assert!(!text.is_empty(), "{name}");
                assert_eq!(text.trim(), text, "{}: {name}", lang.code());
                for bad in ['\'', '"', '<', '>', '&', '{', '}', '\n'] {
                    let templated = matches!(name, "limits" | "size_mb" | "size_gb");
                    if templated && (bad == '{' || bad == '}') {
                        continue;
                    }
                    assert!(
                        !text.contains(bad),
                        "{}: {name} contains {bad}",
                        lang.code()
                    );
                }
            }
            let limits = lang.texts().limits;
            for placeholder in ["{files}", "{size}", "{chars}"] {
                assert_eq!(limits.matches(placeholder).count(), 1, "{}", lang.code());
            }
            assert_eq!(limits.matches('{').count(), 3, "{}", lang.code());
        }
        // French puts a no-break space before double punctuation.
        for (name, text) in fr {
            for mark in [" :", " ?", " !", " ;", "« ", " »"] {
                assert!(
                    !text.contains(mark),
                    "fr: {name} has a breaking space in {mark:?}"
                );
            }
        }
    }

    #[test]
    fn every_message_is_shown_somewhere_in_every_language() {
        for lang in Lang::ALL {
            let pages: Vec<String> = all_pages(lang).into_iter().map(|(_, html)| html).collect();
            for (name, text) in lang.texts().all() {
                if matches!(name, "limits" | "size_mb" | "size_gb") {
                    continue; // templates, shown filled in
                }
                assert!(
                    pages.iter().any(|html| html.contains(text)),
                    "{}: `{name}` is on no page",
                    lang.code()
                );
            }
        }
    }

    #[test]
    fn each_page_says_what_a_submitter_needs() {
        for lang in Lang::ALL {
            let t = lang.texts();
            let page = |html: askama::Result<String>| html.expect("renders");
            let landing = page(render(&LandingPage { lang }));
            for text in [
                t.home_who,
                t.home_keeps,
                t.home_first_tor,
                t.home_first_work,
                t.home_first_tell,
                t.home_first_name,
                t.home_wait,
                t.close_tor,
            ] {
                assert!(landing.contains(text), "{}: {text}", lang.code());
            }
            let submit = page(render(&SubmitPage {
                lang,
                limits: LIMITS,
            }));
            for text in [
                t.tip_what,
                t.tip_where,
                t.tip_when,
                t.tip_who,
                t.tip_docs,
                t.files_meta,
                t.files_meta_tip,
                t.files_rare,
                t.files_voice,
                t.send_wait,
            ] {
                assert!(submit.contains(text), "{}: {text}", lang.code());
            }
            let receipt_page = page(render(&ReceiptPage {
                lang,
                receipt: receipt(),
            }));
            for text in [
                t.receipt_once,
                t.receipt_nobody,
                t.receipt_hide,
                t.receipt_print,
                t.receipt_return,
            ] {
                assert!(receipt_page.contains(text), "{}: {text}", lang.code());
            }
            let thread = page(render(&ThreadPage {
                lang,
                receipt: receipt(),
                replies: vec![reply("2025-01-02", "?")],
                limits: LIMITS,
            }));
            for text in [t.unsafe_question, t.followup_intro, t.files_meta] {
                assert!(thread.contains(text), "{}: {text}", lang.code());
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

    #[test]
    fn lang_codes_round_trip() {
        assert_eq!(Lang::ALL[0], Lang::Fr);
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
            assert!(lang.others().all(|other| other != lang));
            assert_eq!(lang.others().count(), Lang::ALL.len() - 1);
        }
        for unknown in ["", "de", "FR", "fr ", "f", "ar-ML", "../fr"] {
            assert_eq!(Lang::from_code(unknown), None, "{unknown:?}");
        }
        assert_eq!(Lang::Ar.dir(), "rtl");
        assert_eq!(Lang::Fr.dir(), "ltr");
        assert_eq!(Lang::En.native_name(), "English");
    }

    #[test]
    fn digits_are_grouped() {
        assert_eq!(group_digits("5", ","), "5");
        assert_eq!(group_digits("500", ","), "500");
        assert_eq!(group_digits("5000", ","), "5,000");
        assert_eq!(group_digits("50000", "\u{a0}"), "50\u{a0}000");
        assert_eq!(group_digits("1234567", ","), "1,234,567");
    }

    /// Prints page sizes: `cargo test --lib sizes -- --nocapture`.
    #[test]
    fn sizes() {
        println!("css {}", CSS.len());
        for lang in Lang::ALL {
            for (name, html) in all_pages(lang) {
                println!("{name} {}", html.len());
            }
        }
    }
}
