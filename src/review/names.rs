//! Safe file names for attachments written into a reviewer's workspace.
//!
//! An attachment's name is chosen by the sender, who may be hostile: it can try
//! to climb out of the workspace (`../../.bashrc`), to overwrite another
//! attachment, to hide its real extension behind a right-to-left override
//! (`invoice\u{202E}fdp.exe` shows as `invoiceexe.pdf`), or to be a name that
//! Windows or a FAT-formatted USB stick cannot hold (`CON`, `a:b`).
//!
//! [`safe_file_name`] promises a single, plain path component that creates a
//! new file *inside* the folder on Linux, Windows and FAT alike, and that no
//! other attachment in that folder has, even where the file system ignores
//! case. It **never** returns an empty name, `.`, `..`, a name with a path
//! separator, or one longer than [`MAX_NAME_BYTES`]. Unicode normalisation
//! (NFC) is not applied: two names that differ only in normal form stay two
//! files.

use std::collections::HashSet;
use std::hash::BuildHasher;

/// The longest name returned, in bytes: well under the 255 that ext4, NTFS and
/// FAT allow, leaving room for the workspace's own suffixes.
pub const MAX_NAME_BYTES: usize = 120;

/// An extension longer than this (dot included) is not worth keeping whole
/// when a name must be shortened: it is more likely part of the name.
const MAX_EXTENSION_BYTES: usize = 16;

/// The name used when nothing usable is left of the sent one.
const FALLBACK_NAME: &str = "file";

/// Device names Windows reserves in every folder, with or without an extension.
/// The superscript digits are reserved too (`COM¹` opens a serial port).
const RESERVED_NAMES: &[&str] = &[
    "con", "prn", "aux", "nul", "conin$", "conout$", "com0", "com1", "com2", "com3", "com4",
    "com5", "com6", "com7", "com8", "com9", "com¹", "com²", "com³", "lpt0", "lpt1", "lpt2", "lpt3",
    "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9", "lpt¹", "lpt²", "lpt³",
];

/// Makes an attachment name safe to create inside a workspace folder, and unique there.
///
/// `taken` holds the lowercase forms of names already used in that folder (the
/// caller fills it with names already on disk too); the result's lowercase
/// form is inserted.
pub fn safe_file_name<S: BuildHasher>(sent: &str, taken: &mut HashSet<String, S>) -> String {
    let name = unique_name(&clean_name(sent), taken);
    taken.insert(name.to_lowercase());
    name
}

/// Turns the sent name into one safe path component, not yet unique.
fn clean_name(sent: &str) -> String {
    // Both separators count, whatever the platform: a name made on Windows
    // arrives with backslashes and must not become a folder elsewhere.
    let last = sent.rsplit(['/', '\\']).next().unwrap_or_default();
    let replaced: String = last
        .chars()
        .map(|c| if is_forbidden(c) { '_' } else { c })
        .collect();
    // Windows drops trailing dots and spaces silently, and a leading dot hides
    // the file; `.` and `..` vanish here too.
    let mut name = replaced.trim_matches([' ', '.']).to_owned();
    if name.starts_with('-') || is_reserved(&name) {
        // A leading dash reads as an option to any tool the reviewer runs on it.
        name.insert(0, '_');
    }
    if name.is_empty() {
        FALLBACK_NAME.clone_into(&mut name);
    }
    let (stem, extension) = split_extension(&name);
    fit(stem, "", extension)
}

/// Appends ` (2)`, ` (3)`… before the extension until no name in `taken`
/// matches, ignoring case.
fn unique_name<S: BuildHasher>(name: &str, taken: &HashSet<String, S>) -> String {
    if !taken.contains(&name.to_lowercase()) {
        return name.to_owned();
    }
    let (stem, extension) = split_extension(name);
    // Each number gives a different lowercase name, and at most `taken.len()`
    // of these `taken.len() + 1` can be in use.
    (2..=taken.len() + 2)
        .map(|n| fit(stem, &format!(" ({n})"), extension))
        .find(|candidate| !taken.contains(&candidate.to_lowercase()))
        .expect("one of taken.len() + 1 distinct candidates is free")
}

/// Joins `stem`, `suffix` and `extension`, shortening the stem so that the
/// whole fits in [`MAX_NAME_BYTES`].
fn fit(stem: &str, suffix: &str, extension: &str) -> String {
    let budget = MAX_NAME_BYTES - suffix.len() - extension.len();
    let mut cut = stem.len().min(budget);
    while !stem.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut stem = &stem[..cut];
    if extension.is_empty() && suffix.is_empty() {
        // A shortened name must not end in a dot or space either.
        stem = stem.trim_end_matches([' ', '.']);
    }
    format!("{stem}{suffix}{extension}")
}

/// Splits `name` into a non-empty stem and a short extension (with its dot),
/// or returns the whole name and `""` when it has none worth keeping.
fn split_extension(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(dot) if dot > 0 && name.len() - dot <= MAX_EXTENSION_BYTES => name.split_at(dot),
        _ => (name, ""),
    }
}

/// Characters that are replaced by `_`: controls, characters that reorder or
/// break the displayed name, and those Windows and FAT refuse.
fn is_forbidden(c: char) -> bool {
    c.is_control() // C0, DEL and C1
        || matches!(
            c,
            '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{061C}'
                | '\u{2028}'
                | '\u{2029}'
                | '<'
                | '>'
                | ':'
                | '"'
                | '|'
                | '?'
                | '*'
                | '/'
                | '\\'
        )
}

/// Whether Windows treats `name` as a device: its part before the first dot,
/// trailing spaces ignored, is a reserved name in any case.
fn is_reserved(name: &str) -> bool {
    let base = name
        .split('.')
        .next()
        .unwrap_or_default()
        .trim_end_matches(' ');
    let base = base.to_lowercase();
    RESERVED_NAMES.contains(&base.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::path::{Component, Path};

    fn one(sent: &str) -> String {
        safe_file_name(sent, &mut HashSet::new())
    }

    /// Everything the module promises about a single output.
    fn assert_safe(out: &str) {
        assert!(!out.is_empty());
        assert!(out.len() <= MAX_NAME_BYTES, "{} bytes", out.len());
        assert!(!out.chars().any(is_forbidden), "{out:?}");
        assert!(!is_reserved(out), "{out:?}");
        assert!(out != "." && out != "..");
        assert!(!out.starts_with(['.', '-', ' ']), "{out:?}");
        assert!(!out.ends_with(['.', ' ']), "{out:?}");
        let dir = Path::new("/workspace/threads/T1");
        let joined = dir.join(out);
        assert_eq!(joined.parent(), Some(dir), "{out:?}");
        let mut components = Path::new(out).components();
        assert!(matches!(components.next(), Some(Component::Normal(_))));
        assert!(components.next().is_none());
    }

    #[test]
    fn keeps_only_the_last_component() {
        assert_eq!(one("../../etc/passwd"), "passwd");
        assert_eq!(one("/abs"), "abs");
        assert_eq!(one("C:\\Windows\\x.dll"), "x.dll");
        assert_eq!(one("dir/sub\\report.pdf"), "report.pdf");
        assert_eq!(one("C:x.txt"), "C_x.txt");
    }

    #[test]
    fn dots_and_spaces_never_make_a_special_name() {
        assert_eq!(one(".."), "file");
        assert_eq!(one("."), "file");
        assert_eq!(one("   "), "file");
        assert_eq!(one(""), "file");
        assert_eq!(one("a/"), "file");
        assert_eq!(one(".bashrc"), "bashrc");
        assert_eq!(one(" report.pdf. . "), "report.pdf");
    }

    #[test]
    fn a_leading_dash_is_not_an_option() {
        assert_eq!(one("-rf"), "_-rf");
        assert_eq!(one("--help.txt"), "_--help.txt");
    }

    #[test]
    fn controls_and_bidi_overrides_are_replaced() {
        assert_eq!(one("a\u{202E}gnp.exe"), "a_gnp.exe");
        assert_eq!(
            one("x\u{2066}y\u{2069}\u{200E}\u{200F}\u{061C}.txt"),
            "x_y____.txt"
        );
        assert_eq!(one("bad\0name"), "bad_name");
        assert_eq!(one("two\nlines\r.txt"), "two_lines_.txt");
        assert_eq!(one("del\u{7F}c1\u{85}\u{9B}"), "del_c1__");
        assert_eq!(one("line\u{2028}para\u{2029}"), "line_para_");
        assert_eq!(one("tab\there"), "tab_here");
    }

    #[test]
    fn windows_forbidden_characters_are_replaced() {
        assert_eq!(one("a<b>c:d\"e|f?g*h.txt"), "a_b_c_d_e_f_g_h.txt");
    }

    #[test]
    fn reserved_device_names_get_a_prefix() {
        assert_eq!(one("CON"), "_CON");
        assert_eq!(one("con.txt"), "_con.txt");
        assert_eq!(one("Com1.tar.gz"), "_Com1.tar.gz");
        assert_eq!(one("lpt9"), "_lpt9");
        assert_eq!(one("nul .txt"), "_nul .txt");
        assert_eq!(one("aux."), "_aux");
        assert_eq!(one("COM\u{b9}.log"), "_COM\u{b9}.log");
        assert_eq!(one("conference.pdf"), "conference.pdf");
        assert_eq!(one("com10"), "com10");
    }

    #[test]
    fn long_names_are_cut_on_a_char_boundary_keeping_the_extension() {
        let long = format!("{}.pdf", "é".repeat(2000)); // 4 004 bytes
        let out = one(&long);
        assert!(out.len() <= MAX_NAME_BYTES);
        assert_eq!(&out[out.len() - 4..], ".pdf");
        assert!(out.starts_with("éé"));

        let out = one(&"x".repeat(4000));
        assert_eq!(out, "x".repeat(MAX_NAME_BYTES));

        // An "extension" of 30 bytes is part of the name, not kept whole.
        let out = one(&format!("{}.{}", "a".repeat(200), "b".repeat(29)));
        assert_eq!(out, "a".repeat(MAX_NAME_BYTES));

        // The cut does not leave a trailing dot.
        let out = one(&format!(
            "{}.{}",
            "a".repeat(MAX_NAME_BYTES - 1),
            "b".repeat(40)
        ));
        assert_eq!(out, "a".repeat(MAX_NAME_BYTES - 1));
    }

    #[test]
    fn names_are_unique_ignoring_case() {
        let mut taken = HashSet::new();
        assert_eq!(safe_file_name("Photo.JPG", &mut taken), "Photo.JPG");
        assert_eq!(safe_file_name("photo.jpg", &mut taken), "photo (2).jpg");
        assert_eq!(safe_file_name("PHOTO.jpg", &mut taken), "PHOTO (3).jpg");
        assert_eq!(
            safe_file_name("photo (2).jpg", &mut taken),
            "photo (2) (2).jpg"
        );
        assert_eq!(safe_file_name("README", &mut taken), "README");
        assert_eq!(safe_file_name("readme", &mut taken), "readme (2)");
        assert!(taken.contains("photo.jpg") && taken.contains("readme (2)"));
    }

    #[test]
    fn unicode_case_variants_collide() {
        let mut taken = HashSet::new();
        assert_eq!(safe_file_name("ÉTÉ.txt", &mut taken), "ÉTÉ.txt");
        assert_eq!(safe_file_name("été.txt", &mut taken), "été (2).txt");
        assert_eq!(safe_file_name("ΣΊΣΥΦΟΣ", &mut taken), "ΣΊΣΥΦΟΣ");
        assert_eq!(safe_file_name("σίσυφος", &mut taken), "σίσυφος (2)");
    }

    #[test]
    fn names_already_on_disk_are_avoided() {
        let mut taken: HashSet<String> = ["file".to_owned(), "file (2)".to_owned()].into();
        assert_eq!(safe_file_name("..", &mut taken), "file (3)");
    }

    #[test]
    fn a_suffix_still_fits_in_the_limit() {
        let long = format!("{}.pdf", "n".repeat(300));
        let mut taken = HashSet::new();
        let first = safe_file_name(&long, &mut taken);
        let second = safe_file_name(&long, &mut taken);
        assert_eq!(first.len(), MAX_NAME_BYTES);
        assert_eq!(second.len(), MAX_NAME_BYTES);
        assert!(second.ends_with(" (2).pdf"), "{second}");
    }

    #[test]
    fn corpus_of_hostile_names() {
        let corpus = [
            "../../etc/passwd",
            "/abs",
            "C:\\Windows\\x.dll",
            "CON",
            "con.txt",
            "a\u{202E}gnp.exe",
            &"n".repeat(4000),
            "Photo.JPG",
            "photo.jpg",
            ".bashrc",
            "-rf",
            "   ",
            "..",
            "nul\0byte",
            "new\nline",
            "\\\\server\\share\\x",
            "a/.",
            "..\\..\\",
        ];
        let mut taken = HashSet::new();
        let mut seen = HashSet::new();
        for sent in corpus {
            let out = safe_file_name(sent, &mut taken);
            assert_safe(&out);
            assert!(seen.insert(out.to_lowercase()), "duplicate {out:?}");
        }
        assert!(taken.contains("photo (2).jpg"));
    }

    proptest! {
        #[test]
        fn any_name_is_safe_and_new(
            sent in ".{0,300}",
            odd in prop::collection::vec(
                prop::sample::select(vec![
                    "/", "\\", ".", "..", " ", "-", "\0", "\u{202E}", "\u{85}", "CON", "com1",
                    ".txt", "É", "ß", "İ", "\u{2028}", ":", "*",
                ]),
                0..20,
            ),
            already in prop::collection::hash_set("[a-zA-Z ()._-]{1,12}", 0..20),
        ) {
            let mut taken: HashSet<String> = already.iter().map(|n| n.to_lowercase()).collect();
            let before = taken.clone();
            for sent in [sent.clone(), odd.concat(), format!("{}{sent}", odd.concat())] {
                let out = safe_file_name(&sent, &mut taken);
                assert_safe(&out);
                prop_assert!(!before.contains(&out.to_lowercase()));
                prop_assert!(taken.contains(&out.to_lowercase()));
                // The same name sent again never lands on the same file.
                let again = safe_file_name(&sent, &mut taken);
                prop_assert_ne!(again.to_lowercase(), out.to_lowercase());
            }
        }
    }
}
