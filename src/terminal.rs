//! Text from hostile people, made safe to show on a terminal.
//!
//! Names in bundles and outboxes, file names, tips, notes and replies come
//! from people who may want to fool whoever reads them: an escape sequence
//! can repaint a line (a fake green "imported"), move the cursor, set the
//! window title or, on some terminals, answer back; a bidi override can make
//! `exe.pdf` read as `fdp.exe`. Every such character is shown as a visible
//! placeholder instead, and never reaches the terminal:
//!
//! - C0 controls and DEL become their Control Pictures (`␛` for ESC, `␇`
//!   for BEL, `␡`), so the reader sees that something was there;
//! - C1 controls, bidi embeddings, overrides, isolates and marks, and line or
//!   paragraph separators become `⟨U+XXXX⟩`.
//!
//! [`line`] also replaces line breaks and tabs (one-line messages must stay
//! one line); [`text`] keeps `\n` so a message reads as written.
//!
//! Every command prints untrusted strings through these, and `main` passes
//! every error line through [`line`] as well.

use std::borrow::Cow;
use std::fmt::Write as _;

/// `text` made safe for a one-line message.
pub fn line(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

/// `text` made safe to print as several lines: only `\n` is kept.
pub fn text(text: &str) -> Cow<'_, str> {
    escape(text, true)
}

/// Whether `c` must not reach a terminal as it is (`\n` apart).
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_format_control(c)
}

/// Bidi and other invisible format characters that reorder or hide text.
fn is_format_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2069}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
    )
}

fn escape(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let keep = |c: char| keep_newlines && c == '\n';
    if !text.chars().any(|c| is_unsafe(c) && !keep(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if keep(c) => out.push(c),
            // C0 controls: U+2400 + code is the control's picture.
            '\0'..='\u{1F}' => {
                out.push(char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{FFFD}'));
            }
            '\u{7F}' => out.push('\u{2421}'),
            c if is_unsafe(c) => {
                let _ = write!(out, "⟨U+{:04X}⟩", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_untouched() {
        for s in [
            "amina",
            "Rapport – été «final».pdf",
            "تقرير",
            "a b\u{a0}c",
            "",
        ] {
            assert!(matches!(line(s), Cow::Borrowed(b) if b == s));
        }
        assert!(matches!(text("two\nlines"), Cow::Borrowed(_)));
    }

    #[test]
    fn escapes_become_visible_placeholders() {
        assert_eq!(line("\u{1b}[32mimported\u{7}"), "␛[32mimported␇");
        assert_eq!(line("a\nb\tc\rd"), "a␊b␉c␍d");
        assert_eq!(text("a\nb\u{1b}"), "a\nb␛");
        assert_eq!(line("\u{7f}\u{9b}"), "␡⟨U+009B⟩");
        assert_eq!(line("exe\u{202E}fdp.pdf"), "exe⟨U+202E⟩fdp.pdf");
        assert_eq!(
            line("\u{2066}x\u{2069}\u{200f}"),
            "⟨U+2066⟩x⟨U+2069⟩⟨U+200F⟩"
        );
    }

    proptest::proptest! {
        #[test]
        fn nothing_unsafe_survives(s in ".*") {
            let safe = line(&s);
            proptest::prop_assert!(!safe.chars().any(is_unsafe));
            let many = text(&s);
            proptest::prop_assert!(!many.chars().any(|c| is_unsafe(c) && c != '\n'));
        }
    }
}
