//! Receipt codes: the submitter's only credential, and the keys derived from it.
//!
//! A receipt code is 24 decimal digits, shown as six groups of four
//! (`1234 5678 9012 3456 7890 1234`). It is a split token:
//!
//! * digits 1–6 are the [`Locator`]. It finds the thread with one indexed
//!   lookup and no slow work. It is not a credential: the store draws it and
//!   redraws it on a clash.
//! * digits 7–23 are the [`ReceiptSecret`]: 17 digits drawn uniformly from the
//!   operating system's random generator, so 10^17 > 2^56 equally likely values.
//! * digit 24 is a Damm check digit (H. Michael Damm, *Total anti-symmetrische
//!   Quasigruppen*, 2004) over the first 23. It rejects every single wrong digit
//!   and every swap of two adjacent digits before any slow work is done.
//!
//! Only the secret (not the locator, so the store can redraw the locator
//! without redoing the slow step) goes into Argon2id with RFC 9106's second
//! recommended setting (64 MiB, t = 3, p = 1, 32-byte output) and a random
//! 16-byte [`Salt`] per thread. HKDF-SHA256 then splits the Argon2id output
//! into a [`Verifier`], which the server stores to check a receipt, and the
//! thread's reply identity (an age X25519 identity) of which only the public
//! recipient is stored. Under a label of its own, the same output also gives
//! a post-quantum reply identity (the 32-byte seed of an age
//! `mlkem768x25519` identity); a thread stores the recipient of the kind the
//! reviewers' keys are, see [`ThreadKeys::reply_recipient`].
//!
//! Why a salt per thread: a seized database cannot be attacked in bulk. Each
//! thread has to be brute-forced on its own, up to 2^56 Argon2id runs of
//! 64 MiB each, and cracking one thread says nothing about any other.
//!
//! What this module must never do: log, `Debug`-print, `Display` or put into an
//! error any digit of a secret. Types holding secret material have a redacted
//! `Debug`, no `Display`, and wipe themselves on drop; every intermediate of
//! the derivation is wiped too. [`ReceiptCode::to_display`] is the only way
//! the digits leave this module, and it returns a zeroizing string.
//!
//! [`derive_thread_keys`] is slow on purpose (64 MiB of memory, a few tenths of
//! a second): call it off the async runtime, e.g. in `spawn_blocking`.

use std::fmt;
use std::str::FromStr;

use argon2::{Algorithm, Argon2, Block, Params, Version};
use hkdf::Hkdf;
use rand::TryRng;
use rand::rngs::SysRng;
use sha2::Sha256;
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// Number of digits in a receipt code, check digit included.
pub const RECEIPT_DIGITS: usize = 24;
/// Number of digits of the locator (the first part of a receipt).
pub const LOCATOR_DIGITS: usize = 6;
/// Number of digits of the secret (the middle part of a receipt).
pub const SECRET_DIGITS: usize = 17;
/// Length of a per-thread Argon2id salt in bytes.
pub const SALT_LEN: usize = 16;
/// Length of a verifier in bytes.
pub const VERIFIER_LEN: usize = 32;

/// Digits covered by the check digit: locator and secret.
const PAYLOAD_DIGITS: usize = LOCATOR_DIGITS + SECRET_DIGITS;
/// Digits per displayed group.
const GROUP_DIGITS: usize = 4;
/// Displayed length: 24 digits and 5 single spaces between 6 groups.
const DISPLAY_LEN: usize = RECEIPT_DIGITS + RECEIPT_DIGITS / GROUP_DIGITS - 1;
/// Number of distinct locators, 10^6.
const LOCATOR_SPACE: u64 = 1_000_000;
/// Number of distinct secrets, 10^17 (> 2^56).
const SECRET_SPACE: u64 = 100_000_000_000_000_000;

/// RFC 9106 §4, second recommended option: 64 MiB of memory...
const ARGON2_M_COST_KIB: u32 = 65_536;
/// ...three passes...
const ARGON2_T_COST: u32 = 3;
/// ...one lane...
const ARGON2_P_COST: u32 = 1;
/// ...and a 256-bit tag.
const ARGON2_OUTPUT_LEN: usize = 32;

/// HKDF info label for the verifier; distinct labels make the outputs independent.
const VERIFIER_INFO: &[u8] = b"gundo receipt verifier v1";
/// HKDF info label for the reply identity.
const REPLY_IDENTITY_INFO: &[u8] = b"gundo reply identity v1";
/// Bech32 human-readable part of an age X25519 secret key.
const AGE_SECRET_KEY_HRP: &str = "age-secret-key-";
/// HKDF info label for the post-quantum reply identity: the 32-byte seed of
/// an age `mlkem768x25519` identity, independent of the X25519 one.
const PQ_REPLY_IDENTITY_INFO: &[u8] = b"gundo reply identity mlkem768x25519 v1";

/// The quasigroup of order 10 from Damm (2004), as printed on Wikipedia.
/// It is weakly totally anti-symmetric with zeros on the diagonal, which is
/// what makes every single-digit error and adjacent transposition detectable.
const DAMM_TABLE: [[u8; 10]; 10] = [
    [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
    [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
    [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
    [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
    [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
    [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
    [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
    [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
    [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
    [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

/// Why receipt handling failed; never carries a digit of the receipt.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ReceiptError {
    /// The input did not hold exactly [`RECEIPT_DIGITS`] digits.
    #[error("a receipt has {expected} digits, this one has {found}")]
    WrongLength {
        /// Digits a receipt has.
        expected: usize,
        /// Digits found in the input.
        found: usize,
    },
    /// The check digit does not match the other 23 digits.
    #[error("the check digit does not match: a digit is wrong or two are swapped")]
    CheckDigit,
    /// Argon2, HKDF or Bech32 failed (should never happen); deliberately without details.
    #[error("the receipt key derivation failed")]
    Derivation,
}

/// 6-digit locator; finds the thread without slow work.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Locator(u32);

impl Locator {
    /// Largest valid locator.
    pub const MAX: u32 = 999_999;

    /// Draws a locator uniformly in `0..=999_999` from the OS random generator.
    pub fn random() -> Self {
        Self::random_from(&mut SysRng)
    }

    /// [`Locator::random`] over any generator, so tests can fix the draws.
    fn random_from<R: TryRng>(rng: &mut R) -> Self {
        let n = uniform_below(rng, LOCATOR_SPACE);
        Self(u32::try_from(n).expect("a value below 10^6 fits in u32"))
    }

    /// Wraps `n`, or `None` if it has more than six digits.
    pub fn from_u32(n: u32) -> Option<Self> {
        (n <= Self::MAX).then_some(Self(n))
    }

    /// The locator as a number.
    pub fn as_u32(self) -> u32 {
        self.0
    }
}

impl fmt::Display for Locator {
    /// Six digits, zero-padded, as in the receipt.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:06}", self.0)
    }
}

/// The 17-digit secret half; zeroized on drop, redacted Debug.
///
/// Held as ASCII digits because that is exactly the Argon2id password. Boxed
/// so that moving a receipt around moves a pointer, not copies of the digits.
pub struct ReceiptSecret(Box<[u8; SECRET_DIGITS]>);

impl ReceiptSecret {
    /// Draws 17 digits uniformly (one draw below 10^17) from the OS random generator.
    ///
    /// # Panics
    /// If the operating system cannot provide randomness: there is no safe
    /// fallback for a credential, so refusing is the only option.
    pub fn generate() -> Self {
        Self::generate_from(&mut SysRng)
    }

    /// [`ReceiptSecret::generate`] over any generator, so tests can fix the draws.
    fn generate_from<R: TryRng>(rng: &mut R) -> Self {
        let mut n = Zeroizing::new(uniform_below(rng, SECRET_SPACE));
        let mut secret = Self(Box::new([b'0'; SECRET_DIGITS]));
        // Fill in place from the least significant digit, so the digits are
        // never copied anywhere but the box that is wiped on drop.
        for slot in secret.0.iter_mut().rev() {
            *slot = b'0' + decimal_digit(*n);
            *n /= 10;
        }
        secret
    }

    /// The ASCII digits, for the derivation only.
    fn ascii(&self) -> &[u8; SECRET_DIGITS] {
        &self.0
    }
}

impl Drop for ReceiptSecret {
    fn drop(&mut self) {
        self.0.zeroize();
        // Lets a test see what is left in the box just before it is freed.
        #[cfg(test)]
        tests::record_dropped(&self.0);
    }
}

impl ZeroizeOnDrop for ReceiptSecret {}

impl ConstantTimeEq for ReceiptSecret {
    fn ct_eq(&self, other: &Self) -> subtle::Choice {
        self.0.ct_eq(&*other.0)
    }
}

impl PartialEq for ReceiptSecret {
    /// Constant-time, so comparing secrets leaks no timing.
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}

impl Eq for ReceiptSecret {}

impl fmt::Debug for ReceiptSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ReceiptSecret(<redacted>)")
    }
}

/// A parsed, check-digit-valid receipt code. Redacted Debug, zeroized on drop.
///
/// There is deliberately no `Display`: formatting with `{}` must not be able
/// to put a receipt into a log line. Use [`ReceiptCode::to_display`].
#[derive(PartialEq, Eq)]
pub struct ReceiptCode {
    /// Finds the thread; not secret on its own.
    locator: Locator,
    /// Wipes itself on drop.
    secret: ReceiptSecret,
}

impl ReceiptCode {
    /// Joins a locator and a secret; the check digit is computed when displayed.
    pub fn new(locator: Locator, secret: ReceiptSecret) -> Self {
        Self { locator, secret }
    }

    /// Parses a receipt as typed or pasted by a submitter.
    ///
    /// Every character that is not a digit is ignored, so any grouping
    /// (spaces, dashes, dots, line breaks) works. ASCII, Arabic-Indic
    /// (U+0660..U+0669) and Extended Arabic-Indic (U+06F0..U+06F9) digits are
    /// accepted and may be mixed. The length and the check digit are verified
    /// here, before any slow work. The caller remains responsible for wiping
    /// `input` itself.
    pub fn parse(input: &str) -> Result<Self, ReceiptError> {
        let mut digits = Zeroizing::new([0u8; RECEIPT_DIGITS]);
        let mut found = 0usize;
        for value in input.chars().filter_map(digit_value) {
            // Keep counting past 24 so the error can say how many there were.
            if let Some(slot) = digits.get_mut(found) {
                *slot = value;
            }
            found += 1;
        }
        if found != RECEIPT_DIGITS {
            return Err(ReceiptError::WrongLength {
                expected: RECEIPT_DIGITS,
                found,
            });
        }
        if damm_check_digit(&digits[..PAYLOAD_DIGITS]) != digits[PAYLOAD_DIGITS] {
            return Err(ReceiptError::CheckDigit);
        }

        let locator = digits[..LOCATOR_DIGITS]
            .iter()
            .fold(0u32, |acc, &d| acc * 10 + u32::from(d));
        let mut secret = ReceiptSecret(Box::new([b'0'; SECRET_DIGITS]));
        for (slot, &d) in secret
            .0
            .iter_mut()
            .zip(&digits[LOCATOR_DIGITS..PAYLOAD_DIGITS])
        {
            *slot = b'0' + d;
        }
        Ok(Self {
            locator: Locator(locator),
            secret,
        })
    }

    /// "1234 5678 9012 3456 7890 1234" (with the check digit), in a zeroizing string.
    pub fn to_display(&self) -> Zeroizing<String> {
        let mut digits = Zeroizing::new([0u8; RECEIPT_DIGITS]);
        self.write_digits(&mut digits);
        // Exact capacity: the string never reallocates, so no unwiped copy of
        // a prefix is left behind in freed memory.
        let mut out = Zeroizing::new(String::with_capacity(DISPLAY_LEN));
        for (i, &d) in digits.iter().enumerate() {
            if i > 0 && i % GROUP_DIGITS == 0 {
                out.push(' ');
            }
            out.push(char::from(b'0' + d));
        }
        out
    }

    /// The locator part.
    pub fn locator(&self) -> Locator {
        self.locator
    }

    /// The secret part.
    pub fn secret(&self) -> &ReceiptSecret {
        &self.secret
    }

    /// Writes all 24 digit values (0..=9), check digit last, into a caller-owned buffer.
    fn write_digits(&self, out: &mut [u8; RECEIPT_DIGITS]) {
        let mut locator = self.locator.0;
        for slot in out[..LOCATOR_DIGITS].iter_mut().rev() {
            *slot = decimal_digit(u64::from(locator));
            locator /= 10;
        }
        for (slot, &ascii) in out[LOCATOR_DIGITS..PAYLOAD_DIGITS]
            .iter_mut()
            .zip(self.secret.ascii())
        {
            *slot = ascii - b'0';
        }
        out[PAYLOAD_DIGITS] = damm_check_digit(&out[..PAYLOAD_DIGITS]);
    }
}

impl fmt::Debug for ReceiptCode {
    /// Redacts the locator too: a log line naming it would tie a request to a thread.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ReceiptCode(<redacted>)")
    }
}

/// Per-thread Argon2 salt (16 random bytes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Salt([u8; SALT_LEN]);

impl Salt {
    /// Draws a fresh salt from the OS random generator.
    ///
    /// # Panics
    /// If the operating system cannot provide randomness.
    pub fn generate() -> Self {
        let mut bytes = [0u8; SALT_LEN];
        SysRng
            .try_fill_bytes(&mut bytes)
            .expect("the OS random generator must work to make a salt");
        Self(bytes)
    }

    /// Wraps stored bytes.
    pub fn from_bytes(b: [u8; SALT_LEN]) -> Self {
        Self(b)
    }

    /// The bytes to store.
    pub fn as_bytes(&self) -> &[u8; SALT_LEN] {
        &self.0
    }
}

/// What the server stores to check a receipt: 32 bytes.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Verifier([u8; VERIFIER_LEN]);

impl Verifier {
    /// Wraps stored bytes.
    pub fn from_bytes(b: [u8; VERIFIER_LEN]) -> Self {
        Self(b)
    }

    /// The bytes to store.
    pub fn as_bytes(&self) -> &[u8; VERIFIER_LEN] {
        &self.0
    }

    /// Constant-time comparison (crate `subtle`).
    pub fn matches(&self, other: &Verifier) -> bool {
        self.0.ct_eq(&other.0).into()
    }
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Verifier(<redacted>)")
    }
}

/// Everything derived from a receipt; only `verifier` and `reply_identity.to_public()` are ever stored.
pub struct ThreadKeys {
    /// Stored to recognise the receipt later.
    pub verifier: Verifier,
    /// Decrypts replies to this thread; only its public recipient is stored.
    pub reply_identity: age::x25519::Identity,
    /// The same, post-quantum (`mlkem768x25519`), for threads opened while
    /// the reviewers' keys are post-quantum; only its recipient is stored.
    pub pq_reply_identity: crate::keys::pq::Identity,
}

impl ThreadKeys {
    /// The reply recipient a new thread stores: post-quantum when the
    /// reviewers' keys are (a reply must be as safe as the tip), else X25519.
    pub fn reply_recipient(&self, post_quantum: bool) -> crate::keys::RecipientKey {
        if post_quantum {
            self.pq_reply_identity.to_public().into()
        } else {
            self.reply_identity.to_public().into()
        }
    }

    /// The identity that opens replies to a thread whose stored reply
    /// recipient is `stored`: the kind matches the stored key, so threads
    /// opened before the reviewers moved to post-quantum keys keep their
    /// X25519 replies readable.
    pub fn reply_identity_for(&self, stored: &str) -> &dyn age::Identity {
        if stored.starts_with(crate::keys::pq::RECIPIENT_PREFIX) {
            &self.pq_reply_identity
        } else {
            &self.reply_identity
        }
    }
}

impl fmt::Debug for ThreadKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ThreadKeys(<redacted>)")
    }
}

/// Runs Argon2id (64 MiB, slow: call it off the async runtime) then HKDF.
pub fn derive_thread_keys(secret: &ReceiptSecret, salt: &Salt) -> Result<ThreadKeys, ReceiptError> {
    let params = Params::new(
        ARGON2_M_COST_KIB,
        ARGON2_T_COST,
        ARGON2_P_COST,
        Some(ARGON2_OUTPUT_LEN),
    )
    .map_err(|_| ReceiptError::Derivation)?;
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);

    // We supply the 64 MiB working memory ourselves: argon2 0.6 frees its own
    // without wiping it, and Argon2id's second half is secret-dependent.
    let block_count = argon2.params().block_count();
    let mut blocks = Vec::new();
    blocks
        .try_reserve_exact(block_count)
        .map_err(|_| ReceiptError::Derivation)?;
    blocks.resize(block_count, Block::new());
    let mut memory = Zeroizing::new(blocks.into_boxed_slice());

    let mut stretched = Zeroizing::new([0u8; ARGON2_OUTPUT_LEN]);
    argon2
        .hash_password_into_with_memory(
            secret.ascii(),
            salt.as_bytes(),
            stretched.as_mut_slice(),
            &mut memory[..],
        )
        .map_err(|_| ReceiptError::Derivation)?;
    // Wipe and free the 64 MiB now rather than at the end of the function.
    drop(memory);

    // No HKDF salt: the input is already uniform and salted by Argon2id.
    let hkdf = Hkdf::<Sha256>::new(None, stretched.as_slice());
    let mut verifier = Verifier([0u8; VERIFIER_LEN]);
    hkdf.expand(VERIFIER_INFO, &mut verifier.0)
        .map_err(|_| ReceiptError::Derivation)?;
    let mut reply_key = Zeroizing::new([0u8; 32]);
    hkdf.expand(REPLY_IDENTITY_INFO, reply_key.as_mut_slice())
        .map_err(|_| ReceiptError::Derivation)?;

    let reply_identity = age_identity_from_bytes(&reply_key)?;
    let mut pq_seed = Zeroizing::new([0u8; 32]);
    hkdf.expand(PQ_REPLY_IDENTITY_INFO, pq_seed.as_mut_slice())
        .map_err(|_| ReceiptError::Derivation)?;
    let pq_reply_identity = crate::keys::pq::Identity::from_seed_ref(&pq_seed);
    Ok(ThreadKeys {
        verifier,
        reply_identity,
        pq_reply_identity,
    })
}

/// Damm check digit of a digit string (each element 0..=9).
///
/// Appending the result gives a string whose check digit is 0.
///
/// # Panics
/// If an element is above 9 (e.g. an ASCII digit was passed): that is a bug
/// in the caller, and a silently wrong check digit would be worse.
pub fn damm_check_digit(digits: &[u8]) -> u8 {
    digits.iter().fold(0u8, |interim, &d| {
        assert!(d <= 9, "damm_check_digit takes digit values 0..=9");
        DAMM_TABLE[usize::from(interim)][usize::from(d)]
    })
}

/// Builds an age X25519 identity from 32 raw bytes.
///
/// age has no constructor from bytes, so go through its text form: Bech32
/// with the `AGE-SECRET-KEY-` prefix, upper case.
fn age_identity_from_bytes(bytes: &[u8; 32]) -> Result<age::x25519::Identity, ReceiptError> {
    let hrp = bech32::Hrp::parse(AGE_SECRET_KEY_HRP).map_err(|_| ReceiptError::Derivation)?;
    let len = bech32::encoded_length::<bech32::Bech32>(hrp, bytes)
        .map_err(|_| ReceiptError::Derivation)?;
    // Pre-sized so the string never reallocates and leaves an unwiped copy.
    let mut encoded = Zeroizing::new(String::with_capacity(len));
    // Encoding straight to upper case avoids a second, lower-case copy.
    bech32::encode_upper_to_fmt::<bech32::Bech32, String>(&mut encoded, hrp, bytes)
        .map_err(|_| ReceiptError::Derivation)?;
    age::x25519::Identity::from_str(&encoded).map_err(|_| ReceiptError::Derivation)
}

/// Value of a digit in one of the accepted scripts, `None` for anything else.
fn digit_value(c: char) -> Option<u8> {
    let zero = match c {
        '0'..='9' => '0',
        // Arabic-Indic, as used with Arabic.
        '\u{0660}'..='\u{0669}' => '\u{0660}',
        // Extended Arabic-Indic, as used with Persian and Urdu.
        '\u{06F0}'..='\u{06F9}' => '\u{06F0}',
        _ => return None,
    };
    u8::try_from(u32::from(c) - u32::from(zero)).ok()
}

/// Least significant decimal digit of `n`.
fn decimal_digit(n: u64) -> u8 {
    u8::try_from(n % 10).expect("a remainder modulo 10 fits in u8")
}

/// Refused draws in a row after which [`uniform_below`] gives up.
///
/// Each draw is refused with probability below 1/2 whatever the bound (about
/// 0.3 % for a secret), so 128 refusals in a row happen by chance with odds
/// below 2^-128: they mean a broken generator, which must stop the receipt
/// as a failing one does, not hang the request forever.
const MAX_REFUSED_DRAWS: usize = 128;

/// Uniform draw in `0..bound` from `rng` (the OS random generator outside tests).
///
/// Rejection sampling: a plain `x % bound` would favour small values, because
/// 2^64 is not a multiple of `bound`. Draws at or above the largest multiple
/// of `bound` are thrown away (for 10^17 about 0.3 % of them).
fn uniform_below<R: TryRng>(rng: &mut R, bound: u64) -> u64 {
    assert!(bound > 0, "cannot draw below zero");
    let limit = (u64::MAX / bound) * bound;
    for _ in 0..MAX_REFUSED_DRAWS {
        let mut x = rng
            .try_next_u64()
            .expect("the OS random generator must work to make a receipt");
        if x < limit {
            let value = x % bound;
            x.zeroize();
            return value;
        }
        x.zeroize();
    }
    panic!(
        "the OS random generator must work to make a receipt: {MAX_REFUSED_DRAWS} unusable draws in a row"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::io::{Read, Write};

    use age::secrecy::ExposeSecret;
    use proptest::prelude::*;

    /// A secret from known ASCII digits.
    fn secret(ascii: &[u8; SECRET_DIGITS]) -> ReceiptSecret {
        assert!(ascii.iter().all(u8::is_ascii_digit));
        ReceiptSecret(Box::new(*ascii))
    }

    /// Digit values of a digit string.
    fn values(s: &str) -> Vec<u8> {
        s.bytes().map(|b| b - b'0').collect()
    }

    /// Turns digit values back into a string.
    fn text(digits: &[u8]) -> String {
        digits.iter().map(|&d| char::from(b'0' + d)).collect()
    }

    /// Valid 24-digit codes used by the exhaustive tests.
    fn sample_codes() -> Vec<Vec<u8>> {
        let mut codes: Vec<Vec<u8>> = [
            "123456789012345678901238",
            "000000000000000000000000",
            "999999999999999999999999",
            "314159265358979323846260",
        ]
        .iter()
        .map(|s| values(s))
        .collect();
        for _ in 0..4 {
            let code = ReceiptCode::new(Locator::random(), ReceiptSecret::generate());
            let mut digits = [0u8; RECEIPT_DIGITS];
            code.write_digits(&mut digits);
            codes.push(digits.to_vec());
        }
        codes
    }

    // ---- Damm ----

    #[test]
    fn damm_known_vectors() {
        // Worked by hand from the table, e.g. 572: 0→T[0][5]=9→T[9][7]=7→T[7][2]=4.
        // 123456: 0→3→5→4→0→9→6.
        for (digits, check) in [
            ("", 0),
            ("0", 0),
            ("1", 3),
            ("12", 5),
            ("572", 4),
            ("5724", 0),
            ("123456", 6),
            ("1234567890", 6),
            ("00000000000000000000000", 0),
            ("12345678901234567890123", 8),
            ("99999999999999999999999", 9),
            ("31415926535897932384626", 0),
        ] {
            assert_eq!(damm_check_digit(&values(digits)), check, "{digits}");
        }
    }

    #[test]
    fn damm_table_is_a_weakly_totally_antisymmetric_quasigroup() {
        for i in 0..10 {
            let mut row = DAMM_TABLE[i];
            let mut col: Vec<u8> = DAMM_TABLE.iter().map(|r| r[i]).collect();
            row.sort_unstable();
            col.sort_unstable();
            assert_eq!(row, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], "row {i}");
            assert_eq!(col, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], "column {i}");
            assert_eq!(DAMM_TABLE[i][i], 0, "diagonal {i}");
        }
        for c in 0..10 {
            for x in 0..10 {
                for y in 0..10 {
                    if x != y {
                        let xy = DAMM_TABLE[usize::from(DAMM_TABLE[c][x])][y];
                        let yx = DAMM_TABLE[usize::from(DAMM_TABLE[c][y])][x];
                        assert_ne!(xy, yx, "c={c} x={x} y={y}");
                    }
                }
            }
        }
    }

    #[test]
    fn every_single_substitution_is_rejected() {
        for code in sample_codes() {
            assert!(ReceiptCode::parse(&text(&code)).is_ok());
            for pos in 0..RECEIPT_DIGITS {
                for wrong in (0..10).filter(|&d| d != code[pos]) {
                    let mut bad = code.clone();
                    bad[pos] = wrong;
                    assert_eq!(
                        ReceiptCode::parse(&text(&bad)),
                        Err(ReceiptError::CheckDigit),
                        "position {pos}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_adjacent_transposition_is_rejected() {
        let mut swaps = 0;
        for code in sample_codes() {
            for pos in 0..RECEIPT_DIGITS - 1 {
                if code[pos] != code[pos + 1] {
                    let mut bad = code.clone();
                    bad.swap(pos, pos + 1);
                    assert_eq!(
                        ReceiptCode::parse(&text(&bad)),
                        Err(ReceiptError::CheckDigit),
                        "swap at {pos}"
                    );
                    swaps += 1;
                }
            }
        }
        assert!(swaps > 50, "the sample codes must exercise swaps");
    }

    #[test]
    #[should_panic(expected = "0..=9")]
    fn damm_refuses_ascii_digits() {
        let _ = damm_check_digit(b"572");
    }

    // ---- format and parse ----

    #[test]
    fn display_format_is_six_groups_of_four() {
        let code = ReceiptCode::new(
            Locator::from_u32(123_456).expect("six digits"),
            secret(b"78901234567890123"),
        );
        assert_eq!(code.to_display().as_str(), "1234 5678 9012 3456 7890 1238");

        let low = ReceiptCode::new(
            Locator::from_u32(42).expect("six digits"),
            secret(b"00000000000000007"),
        );
        let shown = low.to_display();
        assert!(shown.starts_with("0000 42"), "{}", shown.as_str());
        assert_eq!(shown.capacity(), DISPLAY_LEN);
        let parsed = ReceiptCode::parse(&shown).expect("valid");
        assert_eq!(parsed.locator().as_u32(), 42);
        assert!(parsed == low);
    }

    #[test]
    fn wrong_length_reports_both_counts() {
        let cases = [
            ("", 0),
            ("1234 5678 9012 3456 7890 123", 23),
            ("1234 5678 9012 3456 7890 12345", 25),
            ("abc-def", 0),
            ("١٢٣", 3),
        ];
        for (input, found) in cases {
            assert_eq!(
                ReceiptCode::parse(input),
                Err(ReceiptError::WrongLength {
                    expected: RECEIPT_DIGITS,
                    found
                })
            );
        }
        let message = ReceiptCode::parse("12345").expect_err("short").to_string();
        assert_eq!(message, "a receipt has 24 digits, this one has 5");
    }

    #[test]
    fn arabic_indic_digits_are_accepted() {
        // "1234 5678 9012 3456 7890 1238" in Arabic-Indic, then Extended Arabic-Indic.
        let arabic = "١٢٣٤ ٥٦٧٨ ٩٠١٢ ٣٤٥٦ ٧٨٩٠ ١٢٣٨";
        let persian = "۱۲۳۴ ۵۶۷۸ ۹۰۱۲ ۳۴۵۶ ۷۸۹۰ ۱۲۳۸";
        for input in [arabic, persian] {
            let code = ReceiptCode::parse(input).expect("valid receipt");
            assert_eq!(code.to_display().as_str(), "1234 5678 9012 3456 7890 1238");
        }
        // Other scripts' digits (here fullwidth) are not digits to us.
        assert_eq!(
            ReceiptCode::parse("１２３４ 5678 9012 3456 7890 1238"),
            Err(ReceiptError::WrongLength {
                expected: 24,
                found: 20
            })
        );
    }

    #[test]
    fn errors_and_debug_carry_no_digits() {
        let code = ReceiptCode::parse("1234 5678 9012 3456 7890 1238").expect("valid");
        for debug in [
            format!("{code:?}"),
            format!("{:?}", code.secret()),
            format!("{:?}", Verifier::from_bytes([7; 32])),
        ] {
            assert!(!debug.chars().any(|c| c.is_ascii_digit()), "{debug}");
            assert!(debug.contains("redacted"), "{debug}");
        }
        let bad = ReceiptCode::parse("1234 5678 9012 3456 7890 1239").expect_err("bad check");
        for shown in [bad.to_string(), format!("{bad:?}")] {
            assert!(!shown.chars().any(|c| c.is_ascii_digit()), "{shown}");
        }
    }

    fn separator() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "", "", " ", "  ", "-", " - ", ".", "\n", "\r\n", "\t", "/", "_", ",", "\u{a0}",
            "\u{2009}", "\u{200f}", "x",
        ])
    }

    proptest! {
        #[test]
        fn display_then_parse_round_trips(
            locator in 0u32..=Locator::MAX,
            digits in prop::array::uniform17(b'0'..=b'9'),
        ) {
            let code = ReceiptCode::new(
                Locator::from_u32(locator).expect("in range"),
                secret(&digits),
            );
            let shown = code.to_display();
            prop_assert_eq!(shown.len(), DISPLAY_LEN);
            let parsed = ReceiptCode::parse(&shown).expect("own output parses");
            prop_assert_eq!(parsed.locator(), code.locator());
            prop_assert_eq!(parsed.secret().ascii(), &digits);
        }

        #[test]
        fn separators_are_ignored(
            locator in 0u32..=Locator::MAX,
            digits in prop::array::uniform17(b'0'..=b'9'),
            seps in prop::collection::vec(separator(), RECEIPT_DIGITS + 1),
        ) {
            let code = ReceiptCode::new(Locator::from_u32(locator).expect("in range"), secret(&digits));
            let shown = code.to_display();
            let mut input = String::new();
            for (c, sep) in shown.chars().filter(char::is_ascii_digit).zip(&seps) {
                input.push_str(sep);
                input.push(c);
            }
            input.push_str(seps[RECEIPT_DIGITS]);
            let parsed = ReceiptCode::parse(&input).expect("separators are ignored");
            prop_assert!(parsed == code);
        }

        #[test]
        fn mixed_scripts_are_accepted(
            locator in 0u32..=Locator::MAX,
            digits in prop::array::uniform17(b'0'..=b'9'),
            scripts in prop::collection::vec(0u32..3, RECEIPT_DIGITS),
        ) {
            let code = ReceiptCode::new(Locator::from_u32(locator).expect("in range"), secret(&digits));
            let shown = code.to_display();
            let input: String = shown
                .chars()
                .filter(char::is_ascii_digit)
                .zip(&scripts)
                .map(|(c, &script)| {
                    let zero = [0x30, 0x0660, 0x06F0][script as usize];
                    char::from_u32(zero + (u32::from(c) - 0x30)).expect("valid digit")
                })
                .collect();
            let parsed = ReceiptCode::parse(&input).expect("all three scripts are digits");
            prop_assert!(parsed == code);
        }

        #[test]
        fn parse_never_panics(input in any::<String>()) {
            let _ = ReceiptCode::parse(&input);
        }

        #[test]
        fn parse_of_digit_soup_is_consistent(input in "[0-9 \\-.٠-٩۰-۹a]{0,40}") {
            let count = input.chars().filter_map(digit_value).count();
            match ReceiptCode::parse(&input) {
                Ok(code) => {
                    prop_assert_eq!(count, RECEIPT_DIGITS);
                    let again = ReceiptCode::parse(&code.to_display()).expect("own output parses");
                    prop_assert!(again == code);
                }
                Err(ReceiptError::WrongLength { expected, found }) => {
                    prop_assert_eq!(expected, RECEIPT_DIGITS);
                    prop_assert_eq!(found, count);
                    prop_assert_ne!(found, RECEIPT_DIGITS);
                }
                Err(ReceiptError::CheckDigit) => prop_assert_eq!(count, RECEIPT_DIGITS),
                Err(ReceiptError::Derivation) => prop_assert!(false, "parse never derives"),
            }
        }
    }

    // ---- randomness ----

    /// Draws for the statistical tests: enough that every digit value is
    /// expected 1,000 times per position, and a collision among secrets
    /// (10^17 values) has odds below 10^-9.
    const DRAWS: usize = 10_000;

    /// Digit counts per position, as `counts[position][digit]`.
    fn digit_counts<const N: usize>(draws: impl Iterator<Item = [u8; N]>) -> [[usize; 10]; N] {
        let mut counts = [[0usize; 10]; N];
        for digits in draws {
            for (position, &d) in digits.iter().enumerate() {
                counts[position][usize::from(d)] += 1;
            }
        }
        counts
    }

    /// Every position takes every value, and none is far from 1/10 of the draws.
    ///
    /// Each count is Binomial(10,000, 0.1): mean 1,000, standard deviation 30,
    /// so 800..=1200 is more than six deviations wide (a false alarm across
    /// all 230 counts has odds below 10^-8), while a stuck, missing or
    /// doubled digit lands at 0 or 2,000.
    fn assert_uniform_digits<const N: usize>(counts: &[[usize; 10]; N], what: &str) {
        for (position, per_digit) in counts.iter().enumerate() {
            for (digit, &n) in per_digit.iter().enumerate() {
                assert!(
                    (800..=1200).contains(&n),
                    "{what} position {position}: digit {digit} drawn {n} times in {DRAWS}"
                );
            }
        }
    }

    #[test]
    fn drawn_secrets_are_uniform_distinct_and_never_one_repeated_digit() {
        let mut seen = std::collections::HashSet::new();
        let mut values = Vec::with_capacity(DRAWS);
        for _ in 0..DRAWS {
            let s = ReceiptSecret::generate();
            let ascii = *s.ascii();
            assert!(ascii.iter().all(u8::is_ascii_digit));
            // The `n %= 10` slip: all 17 digits the same, ten secrets in all.
            assert!(
                ascii.iter().any(|&d| d != ascii[0]),
                "a secret made of one repeated digit"
            );
            assert!(seen.insert(ascii), "two equal secrets in {DRAWS} draws");
            // With a fresh locator it makes a receipt whose check digit holds.
            let code = ReceiptCode::new(Locator::random(), s);
            let mut digits = [0u8; RECEIPT_DIGITS];
            code.write_digits(&mut digits);
            assert_eq!(damm_check_digit(&digits), 0);
            let again = ReceiptCode::parse(&code.to_display()).expect("a drawn code parses");
            assert!(again == code);
            values.push(ascii.map(|d| d - b'0'));
        }
        assert_uniform_digits(&digit_counts(values.into_iter()), "secret");
    }

    #[test]
    fn locators_are_in_range() {
        assert_eq!(Locator::from_u32(0).map(Locator::as_u32), Some(0));
        assert_eq!(
            Locator::from_u32(999_999).map(Locator::as_u32),
            Some(999_999)
        );
        assert_eq!(Locator::from_u32(1_000_000), None);
        assert_eq!(Locator::from_u32(u32::MAX), None);
        assert_eq!(
            Locator::from_u32(42).expect("in range").to_string(),
            "000042"
        );
    }

    #[test]
    fn drawn_locators_are_uniform_and_in_range() {
        let draws: Vec<Locator> = (0..DRAWS).map(|_| Locator::random()).collect();
        assert!(draws.iter().all(|l| l.as_u32() <= Locator::MAX));
        let counts = digit_counts(draws.iter().map(|l| {
            let shown = l.to_string();
            let mut digits = [0u8; LOCATOR_DIGITS];
            for (slot, b) in digits.iter_mut().zip(shown.bytes()) {
                *slot = b - b'0';
            }
            digits
        }));
        assert_uniform_digits(&counts, "locator");
    }

    /// A generator that replays fixed 64-bit draws, then fails (so a test that
    /// needs one draw more than expected panics rather than hangs).
    struct Scripted(std::collections::VecDeque<u64>);

    impl Scripted {
        fn new(draws: &[u64]) -> Self {
            Self(draws.iter().copied().collect())
        }
    }

    impl TryRng for Scripted {
        type Error = std::io::Error;

        fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
            Err(std::io::Error::other("receipts draw 64 bits at a time"))
        }

        fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
            self.0
                .pop_front()
                .ok_or_else(|| std::io::Error::other("scripted draws used up"))
        }

        fn try_fill_bytes(&mut self, _: &mut [u8]) -> Result<(), Self::Error> {
            Err(std::io::Error::other("receipts draw 64 bits at a time"))
        }
    }

    /// Largest multiple of 10^17 that fits in a u64: draws from it up are refused.
    const SECRET_LIMIT: u64 = 18_400_000_000_000_000_000;

    #[test]
    fn secret_digits_known_answers() {
        for (draw, ascii) in [
            (31_415_926_535_897_932, b"31415926535897932"),
            (7, b"00000000000000007"),
            (0, b"00000000000000000"),
            (SECRET_SPACE - 1, b"99999999999999999"),
            (12_345_678_901_234_567, b"12345678901234567"),
            // Reduced modulo 10^17: the top of the accepted range.
            (SECRET_LIMIT - 1, b"99999999999999999"),
            (SECRET_SPACE + 42, b"00000000000000042"),
        ] {
            let mut rng = Scripted::new(&[draw]);
            let secret = ReceiptSecret::generate_from(&mut rng);
            assert_eq!(secret.ascii(), ascii, "draw {draw}");
            assert!(rng.0.is_empty(), "one draw per secret");
        }
    }

    #[test]
    fn locator_known_answers() {
        for (draw, locator) in [
            (123_456, "123456"),
            (42, "000042"),
            (LOCATOR_SPACE - 1, "999999"),
            (3 * LOCATOR_SPACE + 7, "000007"),
        ] {
            let mut rng = Scripted::new(&[draw]);
            assert_eq!(Locator::random_from(&mut rng).to_string(), locator);
        }
    }

    #[test]
    fn draws_at_or_above_the_last_multiple_are_rejected() {
        assert_eq!(SECRET_LIMIT, (u64::MAX / SECRET_SPACE) * SECRET_SPACE);
        // The first draw is refused, the second used.
        for refused in [SECRET_LIMIT, SECRET_LIMIT + 1, u64::MAX] {
            let mut rng = Scripted::new(&[refused, 5]);
            assert_eq!(uniform_below(&mut rng, SECRET_SPACE), 5, "draw {refused}");
        }
        // Just below the limit is kept.
        let mut rng = Scripted::new(&[SECRET_LIMIT - 1]);
        assert_eq!(uniform_below(&mut rng, SECRET_SPACE), SECRET_SPACE - 1);
        // Small bounds: 2^64 - 1 = 18,446,744,073,709,551,615, so for 10 the
        // draws from ...610 up are refused.
        let ten_limit = u64::MAX - 5;
        let mut rng = Scripted::new(&[ten_limit, ten_limit + 3, ten_limit - 1]);
        assert_eq!(uniform_below(&mut rng, 10), 9);
        let mut rng = Scripted::new(&[13, 0]);
        assert_eq!(uniform_below(&mut rng, 10), 3);
        assert_eq!(uniform_below(&mut rng, 10), 0);
        // A bound of one accepts every draw, the largest included.
        let mut rng = Scripted::new(&[u64::MAX - 1]);
        assert_eq!(uniform_below(&mut rng, 1), 0);
        // For 2^63 the upper half of the draws is refused.
        let mut rng = Scripted::new(&[u64::MAX, 1 << 63, (1 << 63) - 1]);
        assert_eq!(uniform_below(&mut rng, 1 << 63), (1 << 63) - 1);
    }

    #[test]
    fn refusals_short_of_the_cap_still_give_a_draw() {
        let mut draws = vec![u64::MAX; MAX_REFUSED_DRAWS - 1];
        draws.push(9);
        assert_eq!(uniform_below(&mut Scripted::new(&draws), 10), 9);
    }

    #[test]
    #[should_panic(expected = "unusable draws in a row")]
    fn a_generator_stuck_above_the_limit_stops_rather_than_hangs() {
        let stuck = [u64::MAX; MAX_REFUSED_DRAWS];
        let _ = uniform_below(&mut Scripted::new(&stuck), SECRET_SPACE);
    }

    #[test]
    #[should_panic(expected = "cannot draw below zero")]
    fn uniform_below_refuses_an_empty_range() {
        let _ = uniform_below(&mut Scripted::new(&[1]), 0);
    }

    #[test]
    #[should_panic(expected = "must work")]
    fn a_failing_generator_is_never_papered_over() {
        let _ = ReceiptSecret::generate_from(&mut Scripted::new(&[]));
    }

    thread_local! {
        /// What each dropped secret's box held at the end of `drop` (this thread only).
        static DROPPED: std::cell::RefCell<Vec<[u8; SECRET_DIGITS]>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }

    /// Called from `ReceiptSecret::drop` in test builds.
    pub(super) fn record_dropped(buffer: &[u8; SECRET_DIGITS]) {
        DROPPED.with_borrow_mut(|seen| seen.push(*buffer));
    }

    #[test]
    fn dropped_secrets_are_wiped_before_their_memory_is_freed() {
        DROPPED.take();
        drop(secret(b"31415926535897932"));
        drop(ReceiptSecret::generate());
        let code = ReceiptCode::parse("1234 5678 9012 3456 7890 1238").expect("valid");
        drop(code);
        assert_eq!(DROPPED.take(), vec![[0u8; SECRET_DIGITS]; 3]);
    }

    #[test]
    fn secrets_compare_by_every_digit() {
        let base = *b"31415926535897932";
        assert!(secret(&base) == secret(&base));
        assert!(bool::from(secret(&base).ct_eq(&secret(&base))));
        for position in 0..SECRET_DIGITS {
            let mut other = base;
            other[position] = if base[position] == b'9' {
                b'0'
            } else {
                base[position] + 1
            };
            assert!(secret(&base) != secret(&other), "position {position}");
            assert!(!bool::from(secret(&base).ct_eq(&secret(&other))));
        }
    }

    #[test]
    fn uniform_below_covers_small_ranges() {
        let mut seen = [0u32; 10];
        for _ in 0..2000 {
            seen[usize::try_from(uniform_below(&mut SysRng, 10)).expect("small")] += 1;
        }
        // Expect 200 each; a bias or stuck value lands far outside.
        assert!(seen.iter().all(|&n| (100..=300).contains(&n)), "{seen:?}");
        assert_eq!(uniform_below(&mut SysRng, 1), 0);
    }

    #[test]
    fn salts_are_random_and_round_trip() {
        let a = Salt::generate();
        assert_ne!(a, Salt::generate());
        assert_eq!(Salt::from_bytes(*a.as_bytes()), a);
    }

    #[test]
    fn verifier_matches_only_itself() {
        let v = Verifier::from_bytes([9; 32]);
        assert!(v.matches(&Verifier::from_bytes([9; 32])));
        let mut other = [9; 32];
        other[31] = 8;
        assert!(!v.matches(&Verifier::from_bytes(other)));
        assert_eq!(v.clone().as_bytes(), &[9; 32]);
    }

    // ---- derivation (each call costs 64 MiB of Argon2id: 5 in total) ----

    /// The raw 32 reply-key bytes inside an age identity.
    fn identity_bytes(identity: &age::x25519::Identity) -> Vec<u8> {
        let encoded = identity.to_string();
        let (hrp, bytes) = bech32::decode(encoded.expose_secret()).expect("age writes Bech32");
        assert_eq!(hrp.to_lowercase(), AGE_SECRET_KEY_HRP);
        bytes
    }

    fn hex32(s: &str) -> [u8; 32] {
        let mut out = [0u8; 32];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).expect("hex");
        }
        out
    }

    #[test]
    fn derivation_properties() {
        let s = ReceiptSecret::generate();
        let salt = Salt::generate();
        let other_salt = Salt::generate();
        let k1 = derive_thread_keys(&s, &salt).expect("derive");
        let k2 = derive_thread_keys(&s, &salt).expect("derive");
        let k3 = derive_thread_keys(&s, &other_salt).expect("derive");

        // Deterministic for the same secret and salt.
        assert!(k1.verifier.matches(&k2.verifier));
        assert_eq!(
            k1.reply_identity.to_public().to_string(),
            k2.reply_identity.to_public().to_string()
        );
        // A different salt changes both outputs.
        assert!(!k1.verifier.matches(&k3.verifier));
        assert_ne!(
            k1.reply_identity.to_public().to_string(),
            k3.reply_identity.to_public().to_string()
        );
        // The two HKDF outputs are independent.
        assert_ne!(identity_bytes(&k1.reply_identity), k1.verifier.as_bytes());
        // A stored verifier compares equal to a fresh one.
        let stored = Verifier::from_bytes(*k1.verifier.as_bytes());
        assert!(stored.matches(&k2.verifier));

        // A reply encrypted to the stored recipient opens with the derived identity.
        let recipient = k1.reply_identity.to_public();
        let mut ciphertext = Vec::new();
        let encryptor =
            age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
                .expect("one recipient");
        let mut writer = encryptor.wrap_output(&mut ciphertext).expect("wrap");
        writer.write_all(b"reply to the source").expect("write");
        writer.finish().expect("finish");

        let decryptor = age::Decryptor::new(&ciphertext[..]).expect("age file");
        let mut reader = decryptor
            .decrypt(std::iter::once(&k2.reply_identity as &dyn age::Identity))
            .expect("derived identity decrypts");
        let mut plaintext = Vec::new();
        reader.read_to_end(&mut plaintext).expect("read");
        assert_eq!(plaintext, b"reply to the source");

        // The other thread's identity cannot.
        let decryptor = age::Decryptor::new(&ciphertext[..]).expect("age file");
        assert!(
            decryptor
                .decrypt(std::iter::once(&k3.reply_identity as &dyn age::Identity))
                .is_err()
        );
    }

    /// Pins the whole derivation (Argon2id parameters, HKDF labels, Bech32
    /// step): changing any of them would lock every submitter out. The
    /// expected values were computed independently with Python's
    /// `cryptography` (OpenSSL Argon2id, HKDF, X25519) and a reference
    /// Bech32 encoder.
    #[test]
    fn derivation_known_answer() {
        let salt = Salt::from_bytes([
            0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d,
            0x0e, 0x0f,
        ]);
        let keys = derive_thread_keys(&secret(b"31415926535897932"), &salt).expect("derive");
        assert_eq!(
            keys.verifier.as_bytes(),
            &hex32("47d566bf215325181f9d2f80dc45836779d94e36d057078e55fcdbc0805978c9")
        );
        assert_eq!(
            keys.reply_identity.to_string().expose_secret(),
            "AGE-SECRET-KEY-16TWJDRK3VESQJU9VXQR390CZD9UENJHVJR7YWYNC39NKY7HPL3AQWQGP02"
        );
        assert_eq!(
            keys.reply_identity.to_public().to_string(),
            "age1tx5a75t06zjzjensdssuyzmvc3ua7hyqmdg2m7k9gnd0cpg4gdlsv2khth"
        );

        // One digit off gives unrelated keys.
        let near = derive_thread_keys(&secret(b"31415926535897933"), &salt).expect("derive");
        assert!(!near.verifier.matches(&keys.verifier));
        assert_ne!(
            near.reply_identity.to_public().to_string(),
            keys.reply_identity.to_public().to_string()
        );
    }

    /// The post-quantum reply identity: same Argon2id output, its own HKDF
    /// label, the seed used as an age `mlkem768x25519` identity. Expected
    /// value computed independently with Python's `cryptography` (Argon2id,
    /// HKDF) and a reference Bech32 encoder; the seed-to-recipient step is
    /// pinned by the vectors in `keys::pq`.
    #[test]
    fn post_quantum_reply_identity_known_answer() {
        let salt = Salt::from_bytes([
            0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d,
            0x0e, 0x0f,
        ]);
        let keys = derive_thread_keys(&secret(b"31415926535897932"), &salt).expect("derive");
        assert_eq!(
            keys.pq_reply_identity.to_string().expose_secret(),
            "AGE-SECRET-KEY-PQ-15QWW4LJFLND7222GS9XHJHSPSZQHJK7NCL8AWCCXUD6S4CUFDDASJ5CEQL"
        );
        let pq = keys.reply_recipient(true);
        assert!(pq.is_post_quantum());
        assert_eq!(
            keys.reply_recipient(false).to_string(),
            keys.reply_identity.to_public().to_string()
        );

        // Each stored kind opens with its own identity, and only with it.
        for post_quantum in [true, false] {
            let stored = keys.reply_recipient(post_quantum);
            let sealed = crate::reply::seal_reply("réponse", &stored, &[]).expect("seal");
            let identity = keys.reply_identity_for(&stored.to_string());
            assert_eq!(
                crate::reply::open_reply(identity, &sealed)
                    .expect("open")
                    .as_str(),
                "réponse"
            );
            let other = keys.reply_identity_for(&keys.reply_recipient(!post_quantum).to_string());
            assert!(crate::reply::open_reply(other, &sealed).is_err());
        }
        assert_eq!(format!("{keys:?}"), "ThreadKeys(<redacted>)");
    }
}
