//! Languages of the site and every user-visible string.
//!
//! Each language is one catalogue file beside this one (`fr.rs`, `en.rs`,
//! `ar.rs`): its code, its name in itself, its writing direction and one
//! [`Texts`] value. The [`languages!`] list below names each file once; that
//! one line makes the language's pages, routes and links exist.
//!
//! Every message is a field of [`Texts`], so a catalogue with a missing or
//! unknown message does not compile, and nothing can go missing at request
//! time. A test also reads each catalogue's source, so a catalogue that fills
//! its gaps from another language (`..fr::CATALOGUE.texts`) fails too.
//!
//! Texts are plain strings (the templates escape them); they use typographic
//! apostrophes and quotes so that escaping does not bloat the pages.

/// Writing direction of a language, for the `dir` attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    /// Left to right.
    Ltr,
    /// Right to left: the whole layout is mirrored.
    Rtl,
}

/// One language: everything the site needs to show its pages in it.
pub struct Catalogue {
    /// The code used in URLs and in the `lang` attribute (BCP 47, lower case).
    pub code: &'static str,
    /// The language's name in itself, for the language links.
    pub name: &'static str,
    /// Writing direction.
    pub dir: Dir,
    /// Separator between groups of three digits in large numbers.
    pub thousands_sep: &'static str,
    /// Every sentence of the site.
    pub texts: Texts,
}

/// Lists the catalogue files, default language first, and derives [`Lang`]
/// from them. Adding a language is one line here plus its file.
macro_rules! languages {
    ($($variant:ident => $module:ident,)+) => {
        $(mod $module;)+

        /// A language the site is offered in: one per catalogue file.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Lang {
            $(
                #[doc = concat!("The language of `src/web/i18n/", stringify!($module), ".rs`.")]
                $variant,
            )+
        }

        impl Lang {
            /// All languages, the default first.
            pub const ALL: [Lang; [$(Lang::$variant),+].len()] = [$(Lang::$variant),+];

            /// The catalogue of this language.
            pub fn catalogue(self) -> &'static Catalogue {
                match self {
                    $(Lang::$variant => &$module::CATALOGUE,)+
                }
            }
        }

        /// Each catalogue's file name and source, for the completeness test.
        #[cfg(test)]
        const SOURCES: &[(&str, &str)] = &[
            $((concat!(stringify!($module), ".rs"), include_str!(concat!(stringify!($module), ".rs"))),)+
        ];
    };
}

languages! {
    Fr => fr,
    En => en,
    Ar => ar,
}

impl Lang {
    /// The default language: French.
    pub const DEFAULT: Lang = Lang::ALL[0];

    /// The code used in URLs and in the `lang` attribute.
    pub fn code(self) -> &'static str {
        self.catalogue().code
    }

    /// The language for a URL code; `None` for anything unknown.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.code() == code)
    }

    /// The writing direction, for the `dir` attribute.
    pub fn dir(self) -> &'static str {
        match self.catalogue().dir {
            Dir::Ltr => "ltr",
            Dir::Rtl => "rtl",
        }
    }

    /// The language's name in itself, for the language links.
    pub fn native_name(self) -> &'static str {
        self.catalogue().name
    }

    /// Every user-visible string in this language.
    pub fn texts(self) -> &'static Texts {
        &self.catalogue().texts
    }

    /// Every other language, in [`Lang::ALL`] order.
    pub fn others(self) -> impl Iterator<Item = Lang> {
        Lang::ALL.into_iter().filter(move |&lang| lang != self)
    }
}

/// Declares [`Texts`] and the list of its field names.
macro_rules! texts {
    ($($(#[$doc:meta])* $name:ident,)+) => {
        /// Every user-visible sentence of the site, one value per catalogue.
        pub struct Texts {
            $($(#[$doc])* pub $name: &'static str,)+
        }

        impl Texts {
            /// The name of every message, in declaration order.
            pub const KEYS: &'static [&'static str] = &[$(stringify!($name),)+];

            /// Every message as `(name, text)`, for tests over all messages.
            #[cfg(test)]
            pub(crate) fn all(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($name), self.$name),)+]
            }
        }
    };
}

texts! {
    // Layout, on every page.
    /// One line under the site name.
    tagline,
    /// `aria-label` of the language links.
    languages_label,
    /// `aria-label` of the main menu.
    menu_label,
    /// Menu: home page.
    nav_home,
    /// Menu: submission form (also its title and the home page button).
    nav_submit,
    /// Menu: status page (also its title and button).
    nav_status,
    /// Footer line about safety.
    footer,

    // Home page.
    /// Main heading of the home page.
    home_title,
    /// What can be reported here.
    home_intro,
    /// Heading: what to do before anything else.
    home_first,
    /// First: Tor Browser on a personal device.
    home_first_tor,
    /// First: never from work.
    home_first_work,
    /// First: tell nobody.
    home_first_tell,
    /// First: no name, no identifying details.
    home_first_name,
    /// Heading: what happens to the message.
    home_after,
    /// Who reads the tips: vetted reviewers, offline.
    home_who,
    /// What the server keeps: nothing readable, no address, only the day.
    home_keeps,
    /// Heading over the three steps.
    home_how,
    /// Step 1: write, attach.
    home_step1,
    /// Step 2: the code.
    home_step2,
    /// Step 3: come back.
    home_step3,
    /// How long an answer may take.
    home_wait,
    /// Question before the link to the status page.
    home_have_code,
    /// Advice: close Tor Browser when done (several pages).
    close_tor,

    // Submission form (shared parts also on the thread page).
    /// Calm first sentence of the form page.
    submit_intro,
    /// Heading over what to include.
    tips_title,
    /// What to include: what.
    tip_what,
    /// What to include: where.
    tip_where,
    /// What to include: when.
    tip_when,
    /// What to include: who.
    tip_who,
    /// What to include: documents.
    tip_docs,
    /// Legend of the new submission fieldset.
    legend_new,
    /// Label of the message text area.
    message_label,
    /// Label of the file input.
    files_label,
    /// Limits; `{files}`, `{size}` and `{chars}` are replaced.
    limits,
    /// A size in megabytes; `{n}` is the number.
    size_mb,
    /// A size in gigabytes; `{n}` is the number.
    size_gb,
    /// Heading of the warning about files.
    files_title,
    /// Hidden data in files can identify.
    files_meta,
    /// How to remove it: screenshot, or copy the words.
    files_meta_tip,
    /// A document few people have points to them.
    files_rare,
    /// Voice recordings identify.
    files_voice,
    /// The send button.
    send_button,
    /// Sending can be slow; text first, files later.
    send_wait,
    /// A code comes after sending.
    send_code,

    // Receipt page.
    /// Heading after a successful submission.
    receipt_title,
    /// Sentence before the code.
    receipt_intro,
    /// The code is shown only once: write it on paper now.
    receipt_once,
    /// Nobody can recover it.
    receipt_nobody,
    /// Keep it hidden.
    receipt_hide,
    /// Printing: only the digits print; never at work.
    receipt_print,
    /// Heading: how to come back.
    receipt_return_title,
    /// How to come back.
    receipt_return,

    // Status form.
    /// Sentence over the code field.
    status_intro,
    /// Label of the code field.
    receipt_label,
    /// Hint: spaces do not matter.
    receipt_hint,
    /// Problem: wrong number of digits.
    problem_length,
    /// Problem: check digits do not match.
    problem_check,
    /// Problem: nothing found (must not say whether the code exists).
    problem_not_found,
    /// A lost code cannot be recovered.
    status_lost,

    // Thread page.
    /// Heading of the replies page.
    thread_title,
    /// Before the date of each reply.
    reply_on,
    /// No reply yet.
    no_reply,
    /// What to do with a question that is unsafe to answer.
    unsafe_question,
    /// Legend of the follow-up form.
    followup_title,
    /// What the follow-up form is for.
    followup_intro,

    // Follow-up done page.
    /// Heading after a follow-up.
    followup_done_title,
    /// Sentence after a follow-up.
    followup_done_text,

    // Error pages.
    /// The typed text may still be in the previous page.
    error_back,
    /// Too much at once: send in parts.
    error_split,
    /// Link back to the home page.
    error_home,
    /// Title: unreadable request.
    err_bad_request_title,
    /// Text: unreadable request.
    err_bad_request,
    /// Title: form sent from another site.
    err_cross_site_title,
    /// Text: form sent from another site.
    err_cross_site,
    /// Title: no such page.
    err_not_found_title,
    /// Text: no such page.
    err_not_found,
    /// Title: wrong HTTP method.
    err_method_title,
    /// Text: wrong HTTP method.
    err_method,
    /// Title: files too large.
    err_too_large_title,
    /// Text: files too large.
    err_too_large,
    /// Title: too many files.
    err_too_many_files_title,
    /// Text: too many files.
    err_too_many_files,
    /// Title: message too long.
    err_too_long_title,
    /// Text: message too long.
    err_too_long,
    /// Title: rate limited.
    err_slow_down_title,
    /// Text: rate limited.
    err_slow_down,
    /// Title: overloaded.
    err_busy_title,
    /// Text: overloaded.
    err_busy,
    /// Title: disk full.
    err_no_space_title,
    /// Text: disk full.
    err_no_space,
    /// Title: the upload was too slow.
    err_timed_out_title,
    /// Text: the upload was too slow.
    err_timed_out,
    /// Title: the upload fell below the minimum rate and was cut off.
    err_too_slow_title,
    /// Text: the upload fell below the minimum rate and was cut off.
    err_too_slow,
    /// Title: internal error.
    err_internal_title,
    /// Text: internal error.
    err_internal,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `name:` keys a catalogue source gives inside `Texts { … }`.
    fn keys_in_source(source: &str) -> Vec<&str> {
        let body = &source[source.find("Texts {").expect("a Texts value") + "Texts {".len()..];
        body.lines()
            .filter_map(|line| {
                let line = line.trim_start();
                let (key, _) = line.split_once(':')?;
                key.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                    .then_some(key)
                    .filter(|key| !key.is_empty())
            })
            .collect()
    }

    #[test]
    fn every_catalogue_has_every_key_once_and_no_other() {
        assert_eq!(SOURCES.len(), Lang::ALL.len());
        for (file, source) in SOURCES {
            assert!(
                !source
                    .lines()
                    .any(|line| line.trim_start().starts_with("..")),
                "{file}: fills messages from elsewhere (`..`); write every message"
            );
            let keys = keys_in_source(source);
            for key in Texts::KEYS {
                let count = keys.iter().filter(|k| *k == key).count();
                assert_eq!(count, 1, "{file}: message `{key}` appears {count} times");
            }
            for key in &keys {
                assert!(Texts::KEYS.contains(key), "{file}: unknown message `{key}`");
            }
        }
    }

    #[test]
    fn key_scanner_sees_missing_and_extra_keys() {
        let source = "Texts {\n    tagline: \"a\",\n    nope: \"b: c\",\n}";
        assert_eq!(keys_in_source(source), ["tagline", "nope"]);
    }

    #[test]
    fn codes_are_unique_and_match_files() {
        for (i, lang) in Lang::ALL.into_iter().enumerate() {
            let code = lang.code();
            assert!(!code.is_empty() && code.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'));
            assert_eq!(
                SOURCES[i].0,
                format!("{code}.rs"),
                "file named after its code"
            );
            assert!(Lang::ALL[..i].iter().all(|other| other.code() != code));
            assert!(!lang.native_name().is_empty());
        }
    }

    #[test]
    fn placeholders_match_the_default_language() {
        let placeholders = |text: &str| -> Vec<String> {
            text.split('{')
                .skip(1)
                .map(|rest| rest.split('}').next().unwrap_or("").to_owned())
                .collect()
        };
        let default = Lang::DEFAULT.texts().all();
        for lang in Lang::ALL {
            for ((key, text), (_, reference)) in lang.texts().all().into_iter().zip(&default) {
                let mut found = placeholders(text);
                let mut expected = placeholders(reference);
                found.sort();
                expected.sort();
                assert_eq!(found, expected, "{}: {key}", lang.code());
            }
        }
    }
}
