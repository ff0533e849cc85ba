//! The age `mlkem768x25519` recipient type: hybrid post-quantum reviewer keys.
//!
//! Specified by the age format (C2SP `age.md`, "The MLKEM768-X25519 (i.e.
//! X-Wing) hybrid post-quantum recipient type") and implemented by Go age
//! ≥ 1.3 (`age-keygen -pq`) and typage ≥ 0.3:
//!
//! * an **identity** is 32 random bytes, Bech32 with HRP `AGE-SECRET-KEY-PQ-`
//!   (upper case, 77 characters);
//! * its **recipient** is the MLKEM768-X25519 public key of that seed (1216
//!   bytes), Bech32 with HRP `age1pq` in lower case, 1959 characters — past
//!   Bech32's 90-character limit, which age lifts (same checksum);
//! * a **stanza** is `-> mlkem768x25519 <base64 enc>` (enc is 1120 bytes)
//!   whose body is HPKE `SealBase` of the 16-byte file key: KEM
//!   MLKEM768-X25519 ([`kem`], draft-ietf-hpke-pq-03), KDF HKDF-SHA256, AEAD
//!   `ChaCha20Poly1305`, `info = "age-encryption.org/mlkem768x25519"`, empty
//!   aad; so the body is 32 bytes.
//!
//! A recipient declares the label `postquantum`, so age's encryptor refuses
//! to put it in one file with a classic recipient (which would let a quantum
//! computer read the file through the classic stanza). The identity ignores
//! stanzas of other types, answers "not mine" when the HPKE tag does not
//! verify (another reviewer's stanza), and answers a header error for any
//! malformed `mlkem768x25519` stanza, as the spec requires: wrong argument
//! count, non-canonical base64, wrong enc or body length, or an all-zero
//! X25519 share. It never panics on input.
//!
//! Secrets: the seed and every expanded key are wiped on drop; `Debug` never
//! shows them; the Bech32 text of an identity only comes out as a
//! [`SecretString`].

use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

use age::secrecy::SecretString;
use age_core::format::{FileKey, Stanza};
use age_core::primitives::{bech32_decode, bech32_encode_to_fmt};
use age_core::secrecy::ExposeSecret;
use base64::Engine;
use base64::prelude::BASE64_STANDARD_NO_PAD;
use hpke::aead::ChaCha20Poly1305;
use hpke::kdf::HkdfSha256;
use hpke::{Deserializable, HpkeError, OpModeR, OpModeS, Serializable};
use rand_core::{OsRng, RngCore};
use zeroize::Zeroizing;

mod kem;

use kem::MlKem768X25519;

/// The stanza type (first argument).
pub const STANZA_TAG: &str = "mlkem768x25519";
/// HPKE `info` of the stanza.
const HPKE_INFO: &[u8] = b"age-encryption.org/mlkem768x25519";
/// Bech32 HRP of a recipient, `age1pq1…`.
const RECIPIENT_HRP: bech32::Hrp = bech32::Hrp::parse_unchecked("age1pq");
/// Bech32 HRP of an identity, `AGE-SECRET-KEY-PQ-1…`.
const IDENTITY_HRP: bech32::Hrp = bech32::Hrp::parse_unchecked("age-secret-key-pq-");
/// The line an identity starts with (upper case, as written).
pub const IDENTITY_PREFIX: &str = "AGE-SECRET-KEY-PQ-1";
/// The start of every recipient.
pub const RECIPIENT_PREFIX: &str = "age1pq1";
/// Length of `enc` in a stanza.
const ENC_LEN: usize = 1120;
/// Length of the stanza body: the 16-byte file key and a 16-byte tag.
const BODY_LEN: usize = 32;
/// The label every recipient of this type returns to age's encryptor.
pub const POSTQUANTUM_LABEL: &str = "postquantum";

/// Why a recipient or identity string was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// Not Bech32 (with age's unlimited length), or a bad checksum.
    #[error("not valid Bech32")]
    Bech32,
    /// Bech32, but not `age1pq1…` / `AGE-SECRET-KEY-PQ-1…`.
    #[error("not an mlkem768x25519 key (age1pq1… or AGE-SECRET-KEY-PQ-1…)")]
    WrongPrefix,
    /// The right prefix, but not a valid key of the right length.
    #[error("not a valid mlkem768x25519 key")]
    InvalidKey,
}

/// A hybrid post-quantum recipient, `age1pq1…`.
#[derive(Clone, PartialEq, Eq)]
pub struct Recipient(Box<kem::PublicKey>);

impl FromStr for Recipient {
    type Err = ParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        bech32_decode(
            text,
            |_| ParseError::Bech32,
            |hrp| {
                (hrp == RECIPIENT_HRP)
                    .then_some(())
                    .ok_or(ParseError::WrongPrefix)
            },
            |_, bytes| {
                let bytes: Vec<u8> = bytes.collect();
                kem::PublicKey::from_bytes(&bytes)
                    .map(|key| Self(Box::new(key)))
                    .map_err(|_| ParseError::InvalidKey)
            },
        )
    }
}

impl fmt::Display for Recipient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        bech32_encode_to_fmt(f, RECIPIENT_HRP, &self.0.to_bytes())
    }
}

impl fmt::Debug for Recipient {
    /// Abbreviated: the whole recipient is 1959 characters.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.to_string();
        let head = text.get(..16).unwrap_or(&text);
        let tail = text.get(text.len().saturating_sub(8)..).unwrap_or_default();
        write!(f, "pq::Recipient({head}…{tail})")
    }
}

impl age::Recipient for Recipient {
    fn wrap_file_key(
        &self,
        file_key: &FileKey,
    ) -> Result<(Vec<Stanza>, HashSet<String>), age::EncryptError> {
        let (enc, body) =
            hpke::single_shot_seal::<ChaCha20Poly1305, HkdfSha256, MlKem768X25519, _>(
                &OpModeS::Base,
                &self.0,
                HPKE_INFO,
                file_key.expose_secret(),
                &[],
                &mut OsRng,
            )
            .map_err(|_| {
                age::EncryptError::Io(std::io::Error::other("mlkem768x25519 encapsulation failed"))
            })?;
        let stanza = Stanza {
            tag: STANZA_TAG.to_owned(),
            args: vec![BASE64_STANDARD_NO_PAD.encode(enc.to_bytes())],
            body,
        };
        Ok((
            vec![stanza],
            std::iter::once(POSTQUANTUM_LABEL.to_owned()).collect(),
        ))
    }
}

/// A hybrid post-quantum identity, `AGE-SECRET-KEY-PQ-1…`: a 32-byte seed
/// and the keys it expands to, all wiped on drop.
#[derive(Clone)]
pub struct Identity(Box<kem::PrivateKey>);

impl Identity {
    /// A fresh identity from the operating system's random generator.
    ///
    /// # Panics
    /// If the operating system cannot provide randomness.
    pub fn generate() -> Self {
        let mut seed = Zeroizing::new([0u8; 32]);
        OsRng.fill_bytes(seed.as_mut());
        Self::from_seed_ref(&seed)
    }

    /// The identity whose secret is `seed` (age's identity *is* the seed).
    /// The caller's copy is the caller's to wipe.
    pub fn from_seed(seed: [u8; 32]) -> Self {
        let seed = Zeroizing::new(seed);
        Self::from_seed_ref(&seed)
    }

    /// As [`Identity::from_seed`], without a copy of the seed on the stack.
    pub fn from_seed_ref(seed: &[u8; 32]) -> Self {
        Self(Box::new(kem::PrivateKey::from_seed(seed)))
    }

    /// The 32-byte seed, e.g. to derive other keys from it.
    pub fn seed(&self) -> &[u8; 32] {
        self.0.seed()
    }

    /// The recipient files for this identity are sealed to.
    pub fn to_public(&self) -> Recipient {
        Recipient(Box::new(self.0.public_key().clone()))
    }

    /// The identity as age writes it, `AGE-SECRET-KEY-PQ-1…` (upper case).
    pub fn to_string(&self) -> SecretString {
        let mut text = Zeroizing::new(String::with_capacity(80));
        bech32::encode_upper_to_fmt::<bech32::Bech32, String>(
            &mut text,
            IDENTITY_HRP,
            self.0.seed(),
        )
        .expect("32 bytes always fit a standard Bech32 string");
        SecretString::from(text.as_str().to_owned())
    }

    /// Opens one `mlkem768x25519` stanza; see [`age::Identity::unwrap_stanza`].
    fn unwrap(&self, stanza: &Stanza) -> Option<Result<FileKey, age::DecryptError>> {
        if stanza.tag != STANZA_TAG {
            return None;
        }
        let malformed = Some(Err(age::DecryptError::InvalidHeader));
        let [arg] = stanza.args.as_slice() else {
            return malformed;
        };
        // The base64 engine refuses padding and non-zero trailing bits, so
        // only the canonical encoding of exactly 1120 bytes passes.
        let enc = match BASE64_STANDARD_NO_PAD.decode(arg) {
            Ok(enc) if enc.len() == ENC_LEN => enc,
            _ => return malformed,
        };
        // Checked before any decryption (partitioning-oracle attacks).
        if stanza.body.len() != BODY_LEN {
            return malformed;
        }
        let Ok(enc) = kem::EncappedKey::from_bytes(&enc) else {
            return malformed;
        };
        match hpke::single_shot_open::<ChaCha20Poly1305, HkdfSha256, MlKem768X25519>(
            &OpModeR::Base,
            &self.0,
            &enc,
            HPKE_INFO,
            &stanza.body,
            &[],
        ) {
            Ok(plain) => {
                let plain = Zeroizing::new(plain);
                if plain.len() != 16 {
                    return malformed;
                }
                Some(Ok(FileKey::init_with_mut(|key| {
                    key.copy_from_slice(&plain);
                })))
            }
            // An all-zero X25519 share: a malformed stanza, not "not mine".
            Err(HpkeError::DecapError) => malformed,
            // The tag does not verify: a stanza for someone else.
            Err(_) => None,
        }
    }
}

impl FromStr for Identity {
    type Err = ParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let checked = bech32::primitives::decode::CheckedHrpstring::new::<bech32::Bech32>(text)
            .map_err(|_| ParseError::Bech32)?;
        if checked.hrp() != IDENTITY_HRP {
            return Err(ParseError::WrongPrefix);
        }
        let mut seed = Zeroizing::new([0u8; 32]);
        let mut len = 0;
        for byte in checked.byte_iter() {
            let slot = seed.get_mut(len).ok_or(ParseError::InvalidKey)?;
            *slot = byte;
            len += 1;
        }
        if len != seed.len() {
            return Err(ParseError::InvalidKey);
        }
        Ok(Self::from_seed_ref(&seed))
    }
}

impl fmt::Debug for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("pq::Identity(<redacted>)")
    }
}

impl PartialEq for Identity {
    /// Constant-time on the seeds.
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl Eq for Identity {}

impl age::Identity for Identity {
    fn unwrap_stanza(&self, stanza: &Stanza) -> Option<Result<FileKey, age::DecryptError>> {
        self.unwrap(stanza)
    }
}

#[cfg(test)]
mod tests;
