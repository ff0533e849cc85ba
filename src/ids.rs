//! Identifiers: random, fixed-format newtypes that can never be paths.
//!
//! A [`BlobId`] names one stored age file (128 bits); a [`ThreadId`] names a
//! conversation for reviewers (64 bits). Both are lowercase hex drawn from the
//! OS random generator, and their parsers accept nothing else, so an id read
//! from a bundle can be joined to a directory safely.

use rand::TryRng;

/// Names one blob: 128 random bits, in lowercase hex.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BlobId(String);

impl BlobId {
    /// Draws a fresh id from the OS random generator.
    pub fn generate() -> Self {
        Self(random_hex::<16>()) // 128 bits
    }

    /// Accepts only what [`BlobId::generate`] makes (so an id can never be a path).
    pub fn parse(text: &str) -> Option<Self> {
        is_lower_hex(text, 32).then(|| Self(text.to_owned()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The file name, `<id>.age`.
    pub fn file_name(&self) -> String {
        format!("{}.age", self.0)
    }
}

impl std::fmt::Display for BlobId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// `N` bytes from the OS random generator, as lowercase hex.
pub(crate) fn random_hex<const N: usize>() -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut bytes = [0u8; N];
    rand::rngs::SysRng
        .try_fill_bytes(&mut bytes)
        .expect("the OS random generator does not fail on Linux once booted");
    bytes
        .iter()
        .flat_map(|b| {
            [
                char::from(HEX[usize::from(b >> 4)]),
                char::from(HEX[usize::from(b & 15)]),
            ]
        })
        .collect()
}

/// Names a thread for reviewers: 64 random bits in hex.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ThreadId(String);

impl ThreadId {
    /// Draws a fresh id from the OS random generator.
    pub fn generate() -> Self {
        Self(random_hex::<8>()) // 64 bits
    }

    /// Accepts only what the store makes: 16 lowercase hex digits.
    pub fn parse(text: &str) -> Option<Self> {
        is_lower_hex(text, 16).then(|| Self(text.to_owned()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ThreadId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether `text` is exactly `len` lowercase hex digits: what `random_hex` makes.
fn is_lower_hex(text: &str, len: usize) -> bool {
    text.len() == len
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Ids travel in bundles as their text; parsing refuses anything else.
macro_rules! id_serde {
    ($ty:ident, $what:literal) => {
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                Self::parse(&text).ok_or_else(|| serde::de::Error::custom(concat!("not a ", $what)))
            }
        }
    };
}

id_serde!(BlobId, "blob id");
id_serde!(ThreadId, "thread id");

#[cfg(test)]
mod tests {
    use super::*;

    use std::collections::HashSet;
    use std::fmt::Write as _;

    /// Ids drawn for the statistical tests: each hex digit value is expected
    /// 625 times per position (standard deviation 24).
    const DRAWS: usize = 10_000;

    /// Every position of `ids` takes all 16 values, each within 450..=800
    /// times (over seven deviations: no false alarms), and no id repeats.
    fn assert_uniform_and_distinct(ids: &[String], len: usize) {
        let mut counts = vec![[0usize; 16]; len];
        for id in ids {
            assert_eq!(id.len(), len, "{id}");
            for (position, digit) in id.chars().enumerate() {
                let value = digit.to_digit(16).expect("hex");
                counts[position][usize::try_from(value).expect("small")] += 1;
            }
        }
        for (position, per_value) in counts.iter().enumerate() {
            for (value, &n) in per_value.iter().enumerate() {
                assert!(
                    (450..=800).contains(&n),
                    "position {position}: {value:x} drawn {n} times"
                );
            }
        }
        let distinct: HashSet<&String> = ids.iter().collect();
        assert_eq!(distinct.len(), ids.len(), "an id was drawn twice");
    }

    #[test]
    fn drawn_blob_ids_are_uniform_lowercase_hex() {
        let ids: Vec<String> = (0..DRAWS)
            .map(|_| {
                let id = BlobId::generate();
                assert_eq!(BlobId::parse(id.as_str()), Some(id.clone()));
                assert_eq!(id.to_string(), id.as_str());
                id.as_str().to_owned()
            })
            .collect();
        assert_uniform_and_distinct(&ids, 32);
    }

    #[test]
    fn drawn_thread_ids_are_uniform_lowercase_hex() {
        let ids: Vec<String> = (0..DRAWS)
            .map(|_| {
                let id = ThreadId::generate();
                assert_eq!(ThreadId::parse(id.as_str()), Some(id.clone()));
                assert_eq!(id.to_string(), id.as_str());
                id.as_str().to_owned()
            })
            .collect();
        assert_uniform_and_distinct(&ids, 16);
    }

    #[test]
    fn ids_have_their_exact_length() {
        let blob = "0123456789abcdef0123456789abcdef";
        assert_eq!(
            BlobId::parse(blob).map(|id| id.to_string()),
            Some(blob.to_owned())
        );
        assert_eq!(BlobId::parse(&blob[..31]), None);
        assert_eq!(BlobId::parse(&format!("{blob}0")), None);
        assert_eq!(BlobId::parse(""), None);
        // A thread id is not a blob id, nor the other way round.
        assert_eq!(BlobId::parse(&blob[..16]), None);
        assert_eq!(ThreadId::parse(blob), None);

        let thread = "fedcba9876543210";
        assert_eq!(
            ThreadId::parse(thread).map(|id| id.to_string()),
            Some(thread.to_owned())
        );
        assert_eq!(ThreadId::parse(&thread[..15]), None);
        assert_eq!(ThreadId::parse(&format!("{thread}f")), None);
        assert_eq!(ThreadId::parse(""), None);
    }

    #[test]
    fn only_lowercase_hex_digits_are_accepted() {
        // Every ASCII byte, and a few that are hex elsewhere, in every position.
        let others = ('\0'..='\u{7f}').chain(['\u{ff10}', 'é', '\u{0660}']);
        for c in others {
            let is_hex = c.is_ascii_digit() || ('a'..='f').contains(&c);
            for position in [0, 7, 15] {
                let mut text: Vec<char> = "0123456789abcdef".chars().collect();
                text[position] = c;
                let text: String = text.into_iter().collect();
                let parsed = ThreadId::parse(&text);
                assert_eq!(
                    parsed.is_some(),
                    is_hex && text.len() == 16,
                    "{c:?} at {position}"
                );
                let blob = format!("{text}{text}");
                assert_eq!(
                    BlobId::parse(&blob).is_some(),
                    is_hex && blob.len() == 32,
                    "{c:?}"
                );
            }
        }
        // The alphabet's edges.
        assert!(ThreadId::parse("aaaaaaaaaaaaaaaa").is_some());
        assert!(ThreadId::parse("ffffffffffffffff").is_some());
        assert!(ThreadId::parse("0000000000000000").is_some());
        assert!(ThreadId::parse("9999999999999999").is_some());
        for edge in ['`', 'g', '/', ':', 'A', 'F'] {
            assert!(
                ThreadId::parse(&edge.to_string().repeat(16)).is_none(),
                "{edge}"
            );
        }
    }

    #[test]
    fn a_blob_file_is_its_id_with_the_age_extension() {
        let id = BlobId::parse("00ff00ff00ff00ff00ff00ff00ff00ff").expect("valid");
        assert_eq!(id.file_name(), "00ff00ff00ff00ff00ff00ff00ff00ff.age");
        assert_eq!(id.as_str(), "00ff00ff00ff00ff00ff00ff00ff00ff");
    }

    #[test]
    fn random_hex_spells_every_nibble() {
        // Each byte value becomes its two lowercase digits, high nibble first:
        // checked over many draws against an independent formatter.
        for _ in 0..200 {
            let text = random_hex::<32>();
            assert_eq!(text.len(), 64);
            let bytes: Vec<u8> = (0..32)
                .map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16).expect("hex"))
                .collect();
            let again = bytes.iter().fold(String::new(), |mut text, b| {
                write!(text, "{b:02x}").expect("writing to a String cannot fail");
                text
            });
            assert_eq!(again, text);
        }
    }

    /// A bundle-like document holding both kinds of id.
    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Carrier {
        blob: BlobId,
        thread: ThreadId,
    }

    #[test]
    fn ids_travel_as_their_text_and_nothing_else_parses() {
        let carrier = Carrier {
            blob: BlobId::parse("0123456789abcdef0123456789abcdef").expect("valid"),
            thread: ThreadId::parse("fedcba9876543210").expect("valid"),
        };
        let text = toml::to_string(&carrier).expect("serialise");
        assert_eq!(
            text,
            "blob = \"0123456789abcdef0123456789abcdef\"\nthread = \"fedcba9876543210\"\n"
        );
        assert_eq!(toml::from_str::<Carrier>(&text).expect("parse"), carrier);

        let path = "blob = \"../../etc/passwd\"\nthread = \"fedcba9876543210\"\n";
        let err = toml::from_str::<Carrier>(path).expect_err("a path is not an id");
        assert!(err.to_string().contains("not a blob id"), "{err}");
        let upper = "blob = \"0123456789abcdef0123456789abcdef\"\nthread = \"FEDCBA9876543210\"\n";
        let err = toml::from_str::<Carrier>(upper).expect_err("upper case is refused");
        assert!(err.to_string().contains("not a thread id"), "{err}");
    }
}
