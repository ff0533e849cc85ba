//! The languages gundo speaks, and every sentence a person reads in them.
//!
//! Each language is one [Fluent](https://projectfluent.org/) catalogue,
//! `i18n/{code}/gundo.ftl` at the repository root — the format translators'
//! tools (Pontoon, Weblate) read — embedded in the binary at compile time. The
//! `languages!` list below names each catalogue once: that one line makes the
//! language's pages, routes, links and writing direction exist.
//!
//! Messages are read with [`tr!`](crate::tr), which is `i18n-embed-fl`'s
//! `fl!`: every message id and argument name is checked at compile time
//! against the French catalogue (see `i18n.toml`). The tests below check the
//! rest: every catalogue holds exactly the French messages with the same
//! arguments, parses without error, formats every message in every variant,
//! and keeps its typographic rules (French no-break spaces, Arabic
//! punctuation, no straight quotes anywhere). Plurals are Fluent's own
//! selectors (`{ $count -> [one] … *[other] … }`), which follow each
//! language's CLDR plural rules; numbers are grouped by thousands with the
//! separator the catalogue names.
//!
//! A language **never** falls back on another: each language has its own
//! loader holding its own catalogue alone, with itself as the fallback
//! language. A missing message shows as missing (and fails the tests), never
//! as French words on an Arabic page.
//!
//! Message ids: the submission site's have no prefix; the reviewer desk's
//! (`src/review/desk/`) start with `desk-`, in the same files, under the
//! same checks. This module
//! knows nothing of HTTP or terminals, so both can use it.

use std::borrow::Cow;
use std::sync::LazyLock;

use fluent::FluentValue;
use i18n_embed::fluent::FluentLanguageLoader;
use i18n_embed::unic_langid::LanguageIdentifier;
use i18n_embed::{I18nAssets, LanguageLoader};

/// The catalogue's file name in each language folder (`fl!` derives the same
/// name from the crate's).
pub const CATALOGUE_FILE: &str = "gundo.ftl";

/// The Fluent domain: the catalogue's file stem.
const DOMAIN: &str = "gundo";

/// Lists the catalogues, default language first, and derives [`Lang`] from
/// them. Adding a language is one line here plus its folder in `i18n/`.
macro_rules! languages {
    ($($variant:ident => $code:literal,)+) => {
        /// A language gundo is offered in: one per catalogue folder in `i18n/`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Lang {
            $(
                #[doc = concat!("The language of `i18n/", $code, "/gundo.ftl`.")]
                $variant,
            )+
        }

        impl Lang {
            /// All languages, the default first.
            pub const ALL: [Lang; [$(Lang::$variant),+].len()] = [$(Lang::$variant),+];

            /// The code used in URLs, in `lang` attributes and as the
            /// catalogue's folder name (BCP 47, lower case).
            pub fn code(self) -> &'static str {
                match self {
                    $(Lang::$variant => $code,)+
                }
            }

            /// The catalogue's Fluent source, embedded at compile time.
            pub fn catalogue_source(self) -> &'static str {
                match self {
                    $(Lang::$variant => include_str!(concat!(
                        env!("CARGO_MANIFEST_DIR"), "/i18n/", $code, "/gundo.ftl"
                    )),)+
                }
            }
        }
    };
}

languages! {
    Fr => "fr",
    En => "en",
    Ar => "ar",
}

impl Lang {
    /// The default language: French.
    pub const DEFAULT: Lang = Lang::ALL[0];

    /// The language for a URL code; `None` for anything unknown.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.code() == code)
    }

    /// The writing direction, for the `dir` attribute: `"ltr"` or `"rtl"`.
    pub fn dir(self) -> &'static str {
        if catalogue(self).rtl { "rtl" } else { "ltr" }
    }

    /// The language's name in itself, for the language links.
    pub fn native_name(self) -> &'static str {
        &catalogue(self).name
    }

    /// Every other language, in [`Lang::ALL`] order.
    pub fn others(self) -> impl Iterator<Item = Lang> {
        Lang::ALL.into_iter().filter(move |&lang| lang != self)
    }

    /// The loader of this language's catalogue, and of nothing else. Read
    /// messages with [`tr!`](crate::tr), which checks their ids.
    pub fn loader(self) -> &'static FluentLanguageLoader {
        &catalogue(self).loader
    }
}

impl Default for Lang {
    fn default() -> Self {
        Lang::DEFAULT
    }
}

impl From<&Lang> for Lang {
    fn from(lang: &Lang) -> Self {
        *lang
    }
}

/// A message in a language, formatted: `tr!(lang, "message-id")`, or with
/// arguments `tr!(lang, "message-id", count = 3, size = text)`. The id and
/// the argument names are checked against the French catalogue at compile
/// time; `lang` is a [`Lang`](crate::i18n::Lang) or a reference to one.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $id:literal) => {
        ::i18n_embed_fl::fl!(
            $crate::i18n::Lang::loader(::core::convert::Into::into($lang)),
            $id
        )
    };
    ($lang:expr, $id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        ::i18n_embed_fl::fl!(
            $crate::i18n::Lang::loader(::core::convert::Into::into($lang)),
            $id,
            $($name = ($value)),+
        )
    };
}

/// One language, loaded.
struct Catalogue {
    loader: FluentLanguageLoader,
    name: String,
    rtl: bool,
}

static CATALOGUES: LazyLock<Vec<Catalogue>> = LazyLock::new(|| {
    Lang::ALL
        .into_iter()
        .map(|lang| {
            let id: LanguageIdentifier = lang
                .code()
                .parse()
                .expect("every language code is BCP 47 (tested)");
            let loader = load_alone(&id, lang.catalogue_source());
            Catalogue {
                name: loader.get("language-name"),
                rtl: loader.get("language-dir") == "rtl",
                loader,
            }
        })
        .collect()
});

fn catalogue(lang: Lang) -> &'static Catalogue {
    &CATALOGUES[lang as usize]
}

/// A loader holding the catalogue `source` alone, with `id` as its own
/// fallback language: nothing it says can come from another language.
/// Placeables are not wrapped in Unicode isolation marks (pages set `dir`
/// themselves), and numbers are grouped with the catalogue's
/// `digit-group-separator`.
fn load_alone(id: &LanguageIdentifier, source: &str) -> FluentLanguageLoader {
    let loader = FluentLanguageLoader::new(DOMAIN, id.clone());
    let assets = Embedded {
        path: format!("{id}/{CATALOGUE_FILE}"),
        source,
    };
    loader
        .load_languages(&assets, std::slice::from_ref(id))
        .expect("an embedded catalogue is always found");
    loader.set_use_isolating(false);
    let formatter = digit_grouping(&loader.get("digit-group-separator"));
    loader.with_bundles_mut(|bundle| bundle.set_formatter(formatter));
    loader
}

/// One catalogue embedded in the binary, as i18n-embed wants to find it.
struct Embedded<'a> {
    path: String,
    source: &'a str,
}

impl I18nAssets for Embedded<'_> {
    fn get_files(&self, file_path: &str) -> Vec<Cow<'_, [u8]>> {
        if file_path == self.path {
            vec![Cow::Borrowed(self.source.as_bytes())]
        } else {
            Vec::new()
        }
    }

    fn filenames_iter(&self) -> Box<dyn Iterator<Item = String> + '_> {
        Box::new(std::iter::once(self.path.clone()))
    }
}

/// The digit-group separators a catalogue may name (Fluent's formatter hook
/// takes a plain function, so each separator is its own instance).
pub const DIGIT_GROUP_SEPARATORS: [&str; 6] = ["\u{a0}", "\u{202f}", ",", ".", "\u{2019}", ""];

/// The number formatter for a separator (`None`: numbers as Fluent writes them).
fn digit_grouping<M>(separator: &str) -> Option<fn(&FluentValue<'_>, &M) -> Option<String>> {
    match separator {
        "\u{a0}" => Some(grouped::<M, '\u{a0}'>),
        "\u{202f}" => Some(grouped::<M, '\u{202f}'>),
        "," => Some(grouped::<M, ','>),
        "." => Some(grouped::<M, '.'>),
        "\u{2019}" => Some(grouped::<M, '\u{2019}'>),
        _ => None,
    }
}

/// Writes a whole number of four digits or more with `SEP` between groups of
/// three (`50000` → `50 000`); anything else is left to Fluent.
fn grouped<M, const SEP: char>(value: &FluentValue<'_>, _: &M) -> Option<String> {
    let FluentValue::Number(number) = value else {
        return None;
    };
    if !number.options.use_grouping || number.options.minimum_fraction_digits.is_some() {
        return None;
    }
    let text = number.value.abs().to_string();
    if text.len() < 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut out = String::with_capacity(text.len() + text.len() / 3 * SEP.len_utf8() + 1);
    if number.value.is_sign_negative() {
        out.push('-');
    }
    for (i, digit) in text.chars().enumerate() {
        if i > 0 && (text.len() - i).is_multiple_of(3) {
            out.push(SEP);
        }
        out.push(digit);
    }
    Some(out)
}

/// A `YYYY-MM-DD` day as people say it in `lang` ("2 décembre 2026",
/// "2 December 2026", "2 ديسمبر 2026"), for the site's pages and the
/// reviewer desk alike; the day as it is if it is not one.
pub fn spoken_date(lang: Lang, day: &str) -> String {
    let mut parts = day.splitn(3, '-');
    let (Some(year), Some(month), Some(date)) = (parts.next(), parts.next(), parts.next()) else {
        return day.to_owned();
    };
    match (month.parse::<u32>(), date.parse::<u32>()) {
        (Ok(month @ 1..=12), Ok(date @ 1..=31))
            if year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) =>
        {
            crate::tr!(lang, "date", day = date, month = month, year = year)
        }
        _ => day.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;

    use fluent_syntax::ast;

    use super::*;

    /// What a test needs to know about one message.
    #[derive(Debug, Default)]
    struct Message {
        /// Variables it uses, in any variant.
        variables: BTreeSet<String>,
        /// Variables used as a selector, with the keys of their variants.
        selectors: BTreeMap<String, Vec<Key>>,
        /// Other messages it refers to.
        references: BTreeSet<String>,
        /// Every piece of literal text, from every variant.
        texts: Vec<String>,
    }

    #[derive(Clone, Debug)]
    enum Key {
        Name(String),
        Number(f64),
    }

    /// Every message of a catalogue, by id, in file order; panics on a
    /// syntax error, a duplicate id, a term or an attribute.
    fn messages(file: &str, source: &str) -> Vec<(String, Message)> {
        let resource = fluent_syntax::parser::parse(source)
            .unwrap_or_else(|(_, errors)| panic!("{file}: {errors:?}"));
        let mut out: Vec<(String, Message)> = Vec::new();
        for entry in resource.body {
            match entry {
                ast::Entry::Message(message) => {
                    let id = message.id.name.to_owned();
                    assert!(
                        out.iter().all(|(seen, _)| *seen != id),
                        "{file}: `{id}` twice"
                    );
                    assert!(message.attributes.is_empty(), "{file}: {id} has attributes");
                    let mut found = Message::default();
                    walk_pattern(
                        &message
                            .value
                            .unwrap_or_else(|| panic!("{file}: {id} has no value")),
                        &mut found,
                    );
                    out.push((id, found));
                }
                ast::Entry::Comment(_)
                | ast::Entry::GroupComment(_)
                | ast::Entry::ResourceComment(_) => {}
                ast::Entry::Term(term) => panic!("{file}: term -{}: use a message", term.id.name),
                ast::Entry::Junk { content } => panic!("{file}: unreadable: {content}"),
            }
        }
        // A message formats the messages it refers to with its own
        // arguments: it needs theirs too.
        loop {
            let mut grew = false;
            for i in 0..out.len() {
                let (variables, selectors): (BTreeSet<String>, BTreeMap<String, Vec<Key>>) = out
                    .iter()
                    .filter(|(id, _)| out[i].1.references.contains(id))
                    .fold(Default::default(), |(mut v, mut s), (_, m)| {
                        v.extend(m.variables.iter().cloned());
                        s.extend(m.selectors.clone());
                        (v, s)
                    });
                let message = &mut out[i].1;
                let before = message.variables.len();
                message.variables.extend(variables);
                for (name, keys) in selectors {
                    message.selectors.entry(name).or_insert(keys);
                }
                grew |= message.variables.len() != before;
            }
            if !grew {
                break;
            }
        }
        out
    }

    fn walk_pattern(pattern: &ast::Pattern<&str>, found: &mut Message) {
        for element in &pattern.elements {
            match element {
                ast::PatternElement::TextElement { value } => found.texts.push((*value).to_owned()),
                ast::PatternElement::Placeable { expression } => walk_expression(expression, found),
            }
        }
    }

    fn walk_expression(expression: &ast::Expression<&str>, found: &mut Message) {
        match expression {
            ast::Expression::Inline(inline) => walk_inline(inline, found),
            ast::Expression::Select { selector, variants } => {
                walk_inline(selector, found);
                if let ast::InlineExpression::VariableReference { id } = selector {
                    let keys = variants.iter().map(|variant| match &variant.key {
                        ast::VariantKey::Identifier { name } => Key::Name((*name).to_owned()),
                        ast::VariantKey::NumberLiteral { value } => {
                            Key::Number(value.parse().expect("a number key"))
                        }
                    });
                    found
                        .selectors
                        .entry(id.name.to_owned())
                        .or_default()
                        .extend(keys);
                }
                for variant in variants {
                    walk_pattern(&variant.value, found);
                }
            }
        }
    }

    fn walk_inline(inline: &ast::InlineExpression<&str>, found: &mut Message) {
        match inline {
            ast::InlineExpression::VariableReference { id } => {
                found.variables.insert(id.name.to_owned());
            }
            ast::InlineExpression::MessageReference { id, .. } => {
                found.references.insert(id.name.to_owned());
            }
            ast::InlineExpression::Placeable { expression } => walk_expression(expression, found),
            ast::InlineExpression::StringLiteral { .. }
            | ast::InlineExpression::NumberLiteral { .. } => {}
            ast::InlineExpression::FunctionReference { id, .. } => {
                panic!("function {}: not available to catalogues", id.name)
            }
            ast::InlineExpression::TermReference { id, .. } => {
                panic!("term -{}: use a message", id.name)
            }
        }
    }

    fn file(lang: Lang) -> String {
        format!("i18n/{}/{CATALOGUE_FILE}", lang.code())
    }

    /// Every message of every language, French first.
    fn all_messages() -> Vec<(Lang, Vec<(String, Message)>)> {
        Lang::ALL
            .into_iter()
            .map(|lang| (lang, messages(&file(lang), lang.catalogue_source())))
            .collect()
    }

    /// Arguments the program passes already written out (a size, a date, a
    /// year; the desk's names, paths, ids and quoted texts): text, never a
    /// number to select on.
    const TEXT_ARGUMENTS: [&str; 10] = [
        "size", "date", "year", "max", "id", "name", "what", "file", "path", "query",
    ];

    /// CLDR plural categories: selector keys a number picks, never a string.
    const PLURAL_CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

    /// The argument values to format `message` with: one set with every
    /// variable at its first candidate, then one set per other candidate of
    /// each variable (each selector key, and numbers of every plural class).
    fn argument_sets(message: &Message) -> Vec<fluent::FluentArgs<'static>> {
        let numbers = [1.0, 0.0, 2.0, 3.0, 11.0, 100.0, 1536.0, 100_000.0];
        let candidates: BTreeMap<&String, Vec<FluentValue<'static>>> = message
            .variables
            .iter()
            .map(|variable| {
                if TEXT_ARGUMENTS.contains(&variable.as_str()) {
                    return (variable, vec![FluentValue::from("Abc")]);
                }
                let mut values: Vec<FluentValue<'static>> = Vec::new();
                for key in message.selectors.get(variable).into_iter().flatten() {
                    match key {
                        Key::Name(name) if PLURAL_CATEGORIES.contains(&name.as_str()) => {}
                        Key::Name(name) => values.push(FluentValue::from(name.clone())),
                        Key::Number(n) => values.push(FluentValue::from(*n)),
                    }
                }
                values.extend(numbers.map(FluentValue::from));
                (variable, values)
            })
            .collect();
        let args_with = |changed: Option<(&String, &FluentValue<'static>)>| {
            let mut args = fluent::FluentArgs::new();
            for (variable, values) in &candidates {
                let value = match changed {
                    Some((name, value)) if name == *variable => value.clone(),
                    _ => values[0].clone(),
                };
                args.set(variable.as_str().to_owned(), value);
            }
            args
        };
        let mut sets = vec![args_with(None)];
        for (variable, values) in &candidates {
            for value in &values[1..] {
                sets.push(args_with(Some((variable, value))));
            }
        }
        sets
    }

    /// `source` formatted in every variant: (message id, text) pairs.
    fn formatted(lang: Lang) -> Vec<(String, String)> {
        let id: LanguageIdentifier = lang.code().parse().unwrap();
        let mut bundle = fluent::FluentBundle::new(vec![id]);
        bundle.set_use_isolating(false);
        let resource = fluent::FluentResource::try_new(lang.catalogue_source().to_owned()).unwrap();
        bundle.add_resource(resource).unwrap();
        let mut out = Vec::new();
        for (name, message) in messages(&file(lang), lang.catalogue_source()) {
            let pattern = bundle.get_message(&name).unwrap().value().unwrap();
            for args in argument_sets(&message) {
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
                assert!(errors.is_empty(), "{}: {name}: {errors:?}", lang.code());
                out.push((name.clone(), text.into_owned()));
            }
        }
        out
    }

    #[test]
    fn every_folder_is_a_language_and_every_language_a_folder() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("i18n");
        let mut folders: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|entry| entry.unwrap())
            .filter(|entry| entry.path().is_dir())
            .map(|entry| entry.file_name().into_string().unwrap())
            .collect();
        folders.sort();
        let mut codes: Vec<String> = Lang::ALL.iter().map(|l| l.code().to_owned()).collect();
        codes.sort();
        assert_eq!(
            folders, codes,
            "each folder in i18n/ needs its line in `languages!`, and each line its folder"
        );
        for lang in Lang::ALL {
            assert!(dir.join(lang.code()).join(CATALOGUE_FILE).is_file());
        }
    }

    #[test]
    fn codes_are_unique_well_formed_and_french_comes_first() {
        assert_eq!(Lang::DEFAULT, Lang::Fr);
        for (i, lang) in Lang::ALL.into_iter().enumerate() {
            let code = lang.code();
            assert!(!code.is_empty() && code.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'));
            assert!(code.parse::<LanguageIdentifier>().is_ok(), "{code}");
            assert!(Lang::ALL[..i].iter().all(|other| other.code() != code));
            assert_eq!(Lang::from_code(code), Some(lang));
            assert_eq!(lang.others().count(), Lang::ALL.len() - 1);
            assert!(lang.others().all(|other| other != lang));
        }
        for unknown in ["", "de", "FR", "fr ", "f", "ar-ML", "../fr"] {
            assert_eq!(Lang::from_code(unknown), None, "{unknown:?}");
        }
    }

    #[test]
    fn each_catalogue_names_its_language_direction_and_digit_groups() {
        for lang in Lang::ALL {
            assert!(!lang.native_name().is_empty());
            let dir = lang.loader().get("language-dir");
            assert!(
                dir == "ltr" || dir == "rtl",
                "{}: language-dir = {dir}",
                lang.code()
            );
            let separator = lang.loader().get("digit-group-separator");
            assert!(
                DIGIT_GROUP_SEPARATORS.contains(&separator.as_str()),
                "{}: digit-group-separator {separator:?} is not one of {DIGIT_GROUP_SEPARATORS:?}",
                lang.code()
            );
        }
        assert_eq!(Lang::Ar.dir(), "rtl");
        assert_eq!(Lang::Fr.dir(), "ltr");
        assert_eq!(Lang::En.dir(), "ltr");
        assert_eq!(Lang::En.native_name(), "English");
        assert_eq!(Lang::Ar.native_name(), "العربية");
    }

    #[test]
    fn every_catalogue_has_exactly_the_french_messages_with_the_same_arguments() {
        let all = all_messages();
        let (_, french) = &all[0];
        for (lang, messages) in &all {
            let code = lang.code();
            let ids: Vec<&String> = messages.iter().map(|(id, _)| id).collect();
            for (id, reference) in french {
                let Some((_, message)) = messages.iter().find(|(other, _)| other == id) else {
                    panic!("{code}: message `{id}` is missing");
                };
                assert_eq!(
                    message.variables, reference.variables,
                    "{code}: `{id}` must use the arguments the French one uses"
                );
            }
            for id in ids {
                assert!(
                    french.iter().any(|(other, _)| other == id),
                    "{code}: message `{id}` is not in the French catalogue"
                );
            }
            for (id, message) in messages {
                for target in &message.references {
                    assert!(
                        messages.iter().any(|(other, _)| other == target),
                        "{code}: `{id}` refers to a missing `{target}`"
                    );
                }
            }
        }
    }

    #[test]
    fn the_check_sees_a_missing_an_extra_and_a_broken_message() {
        let good = "a = A { $n }\nb = B\n";
        assert_eq!(messages("t", good).len(), 2);
        let parsed = messages(
            "t",
            "a = A\nc = { $n ->\n    [one] one\n   *[other] { $n } more\n}\n",
        );
        assert_eq!(parsed[1].1.variables, BTreeSet::from(["n".to_owned()]));
        assert_eq!(parsed[1].1.selectors["n"].len(), 2);
        assert!(std::panic::catch_unwind(|| messages("t", "a = A\na = again\n")).is_err());
        assert!(std::panic::catch_unwind(|| messages("t", "a = { $n\n")).is_err());
        assert!(std::panic::catch_unwind(|| messages("t", "-t = term\n")).is_err());
    }

    #[test]
    fn no_language_falls_back_on_another() {
        for lang in Lang::ALL {
            let id: LanguageIdentifier = lang.code().parse().unwrap();
            assert_eq!(lang.loader().current_languages(), std::slice::from_ref(&id));
            assert_eq!(lang.loader().fallback_language(), &id);
        }
        // A catalogue that lacks a message shows it missing, never in French.
        let id: LanguageIdentifier = "bm".parse().unwrap();
        let partial = load_alone(&id, "language-name = Bamanankan\n");
        assert_eq!(partial.get("language-name"), "Bamanankan");
        let missing = partial.get("nav-home");
        assert!(!missing.contains(&Lang::Fr.loader().get("nav-home")));
        assert!(missing.starts_with("No localization"), "{missing}");
        assert!(!partial.has("nav-home"));
        // And every language answers every message from its own catalogue.
        for lang in Lang::ALL {
            for (id, _) in messages(&file(lang), lang.catalogue_source()) {
                assert!(lang.loader().has(&id), "{}: {id}", lang.code());
            }
        }
    }

    #[test]
    fn every_message_formats_in_every_variant_and_language() {
        for lang in Lang::ALL {
            for (id, text) in formatted(lang) {
                let code = lang.code();
                if id == "digit-group-separator" {
                    continue; // a space, a comma, or nothing: by nature
                }
                assert!(!text.trim().is_empty(), "{code}: {id} is empty");
                assert_eq!(text.trim(), text, "{code}: {id} has outer spaces");
                for bad in ['\'', '"', '<', '>', '&', '{', '}', '\n', '\t'] {
                    assert!(!text.contains(bad), "{code}: {id} contains {bad:?}: {text}");
                }
                assert!(!text.contains("No localization"), "{code}: {id}");
            }
        }
    }

    #[test]
    fn french_puts_no_break_spaces_where_typography_wants_them() {
        let french = formatted(Lang::Fr);
        for (id, text) in &french {
            for mark in [" :", " ?", " !", " ;", "« ", " »"] {
                assert!(
                    !text.contains(mark),
                    "fr: `{id}` has a breaking space in {mark:?}: {text}"
                );
            }
            for (a, b) in text.chars().zip(text.chars().skip(1)) {
                assert!(
                    !(a.is_ascii_digit() && b == ' '),
                    "fr: `{id}` breaks a line between a number and its word: {text}"
                );
            }
        }
        // Every literal text too, in every variant (comments are free).
        for (id, message) in messages(&file(Lang::Fr), Lang::Fr.catalogue_source()) {
            for text in message.texts {
                for mark in [" :", " ?", " !", " ;", "« ", " »"] {
                    assert!(!text.contains(mark), "fr: `{id}`: {mark:?} in {text:?}");
                }
            }
        }
    }

    #[test]
    fn arabic_uses_arabic_punctuation() {
        for (id, message) in messages(&file(Lang::Ar), Lang::Ar.catalogue_source()) {
            if id == "digit-group-separator" {
                continue;
            }
            for text in message.texts {
                for (latin, arabic) in [(',', '،'), ('?', '؟'), (';', '؛')] {
                    assert!(
                        !text.contains(latin),
                        "ar: `{id}` has {latin:?}, write {arabic:?}: {text:?}"
                    );
                }
                assert!(!text.contains("« ") && !text.contains(" »"), "ar: `{id}`");
            }
        }
    }

    #[test]
    fn numbers_are_grouped_the_way_each_language_writes_them() {
        let limits = |lang| tr!(lang, "limits", files = 20, size = "x", chars = 100_000);
        assert!(
            limits(Lang::Fr).contains("100\u{a0}000\u{a0}caractères"),
            "{}",
            limits(Lang::Fr)
        );
        assert!(limits(Lang::En).contains("up to 100,000 characters"));
        assert!(limits(Lang::Ar).contains("100,000"));
        let mb = |lang, n: u64| tr!(lang, "size", unit = "mb", n = n);
        assert_eq!(mb(Lang::Fr, 500), "500\u{a0}Mo");
        assert_eq!(mb(Lang::Fr, 1536), "1\u{a0}536\u{a0}Mo");
        assert_eq!(mb(Lang::En, 1536), "1,536 MB");
        assert_eq!(tr!(Lang::En, "size", unit = "bytes", n = 1), "1 byte");
        assert_eq!(
            tr!(Lang::Fr, "size", unit = "bytes", n = 24),
            "24\u{a0}octets"
        );
    }

    #[test]
    fn plurals_follow_each_language_rules() {
        let hours = |lang, n: u64| tr!(lang, "duration", unit = "hours", amount = n);
        assert_eq!(hours(Lang::Fr, 1), "1\u{a0}heure");
        assert_eq!(hours(Lang::Fr, 7), "7\u{a0}heures");
        assert_eq!(hours(Lang::En, 1), "1 hour");
        assert_eq!(hours(Lang::En, 2), "2 hours");
        assert_eq!(hours(Lang::Ar, 1), "ساعة واحدة");
        assert_eq!(hours(Lang::Ar, 2), "ساعتين");
        assert_eq!(hours(Lang::Ar, 3), "3 ساعات");
        assert_eq!(hours(Lang::Ar, 11), "11 ساعة");
        assert_eq!(hours(Lang::Ar, 100), "100 ساعة");
        let files = |lang, n: u64| tr!(lang, "limits", files = n, size = "x", chars = 1);
        assert!(files(Lang::Fr, 1).starts_with("Au plus 1\u{a0}fichier,"));
        assert!(files(Lang::Fr, 20).starts_with("Au plus 20\u{a0}fichiers,"));
        assert!(files(Lang::En, 1).starts_with("Up to 1 file,"));
    }

    #[test]
    fn dates_are_written_as_people_say_them() {
        let date =
            |lang, day: u32, month: u32| tr!(lang, "date", day = day, month = month, year = "2026");
        assert_eq!(date(Lang::Fr, 2, 12), "2\u{a0}décembre 2026");
        assert_eq!(date(Lang::Fr, 1, 8), "1er\u{a0}août 2026");
        assert_eq!(date(Lang::En, 2, 12), "2 December 2026");
        assert_eq!(date(Lang::Ar, 2, 12), "2 ديسمبر 2026");
        assert_eq!(date(Lang::Ar, 15, 5), "15 مايو 2026");
    }

    #[test]
    fn digit_grouping_leaves_small_and_fractional_numbers_alone() {
        let group = |v: f64| grouped::<(), ','>(&FluentValue::from(v), &());
        assert_eq!(group(999.0), None);
        assert_eq!(group(1000.0).as_deref(), Some("1,000"));
        assert_eq!(group(1_234_567.0).as_deref(), Some("1,234,567"));
        assert_eq!(group(-50_000.0).as_deref(), Some("-50,000"));
        assert_eq!(group(1234.5), None);
        assert_eq!(grouped::<(), ','>(&FluentValue::from("5000"), &()), None);
    }

    /// Every file under `dir` whose name ends with one of `extensions`.
    fn sources(dir: &Path, extensions: &[&str], out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sources(&path, extensions, out);
            } else if extensions
                .iter()
                .any(|ext| path.extension().is_some_and(|e| e == *ext))
            {
                let text = std::fs::read_to_string(&path).unwrap();
                // Tests name messages freely: only what the program uses counts.
                let program = text.split("#[cfg(test)]").next().unwrap_or_default();
                out.push(program.to_owned());
            }
        }
    }

    #[test]
    fn every_message_is_used_by_the_code_or_another_message() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut code = Vec::new();
        sources(&root.join("src"), &["rs"], &mut code);
        sources(&root.join("templates"), &["html"], &mut code);
        let french = messages(&file(Lang::Fr), Lang::Fr.catalogue_source());
        for (id, _) in &french {
            let quoted = format!("\"{id}\"");
            let used = code.iter().any(|source| source.contains(&quoted))
                || french.iter().any(|(_, m)| m.references.contains(id));
            assert!(
                used,
                "`{id}` is used nowhere: remove it from every catalogue"
            );
        }
    }
}
