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
