//! Known answers from three independent sources (the age spec's examples,
//! the HPKE-PQ draft's vector for this exact suite, and the age test kit's
//! hybrid vectors), then properties.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use age::Identity as _;
use age::Recipient as _;
use hpke::Kem as _;
use proptest::prelude::*;
use sha2::{Digest, Sha256};

use super::*;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/age-pq")
        .join(name)
}

/// `name: value` lines, `#` comments skipped.
fn fields(path: &Path) -> Vec<(String, String)> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let (k, v) = l.split_once(": ").unwrap();
            (k.to_owned(), v.to_owned())
        })
        .collect()
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    &fields.iter().find(|(k, _)| k == name).unwrap().1
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

fn seal(recipients: &[&dyn age::Recipient], plain: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut writer = age::Encryptor::with_recipients(recipients.iter().copied())
        .unwrap()
        .wrap_output(&mut out)
        .unwrap();
    writer.write_all(plain).unwrap();
    writer.finish().unwrap();
    out
}

fn open(identity: &dyn age::Identity, file: &[u8]) -> Result<Vec<u8>, age::DecryptError> {
    let decryptor = age::Decryptor::new_buffered(file)?;
    let mut reader = decryptor.decrypt(std::iter::once(identity))?;
    let mut plain = Vec::new();
    reader.read_to_end(&mut plain)?;
    Ok(plain)
}

fn file_key() -> FileKey {
    FileKey::new(Box::new(*b"YELLOW SUBMARINE"))
}

#[test]
fn spec_example_identity_gives_its_recipient() {
    let example = fields(&data("spec-example.txt"));
    let identity: Identity = field(&example, "identity").parse().unwrap();
    assert_eq!(
        identity.to_public().to_string(),
        field(&example, "recipient")
    );
    assert_eq!(
        identity.to_string().expose_secret(),
        field(&example, "identity")
    );
    let recipient: Recipient = field(&example, "recipient").parse().unwrap();
    assert_eq!(recipient.to_string().len(), 1959);
    assert_eq!(recipient, identity.to_public());
}

#[test]
fn spec_example_stanza_opens_with_the_example_identity() {
    let example = fields(&data("spec-example.txt"));
    let identity: Identity = field(&example, "identity").parse().unwrap();
    let line = field(&example, "stanza");
    let args: Vec<&str> = line.split(' ').collect();
    assert_eq!(args[..2], ["->", STANZA_TAG]);
    let stanza = Stanza {
        tag: args[1].to_owned(),
        args: args[2..].iter().map(|a| (*a).to_owned()).collect(),
        body: BASE64_STANDARD_NO_PAD
            .decode(field(&example, "body"))
            .unwrap(),
    };
    assert!(matches!(identity.unwrap_stanza(&stanza), Some(Ok(_))));
    assert!(Identity::generate().unwrap_stanza(&stanza).is_none());
}

/// Hands out fixed bytes, as the vector's `ikmE` (encapsulation randomness).
struct FixedRng<'a>(&'a [u8]);

impl rand_core::RngCore for FixedRng<'_> {
    fn next_u32(&mut self) -> u32 {
        rand_core::impls::next_u32_via_fill(self)
    }
    fn next_u64(&mut self) -> u64 {
        rand_core::impls::next_u64_via_fill(self)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        let (taken, rest) = self.0.split_at(dest.len());
        dest.copy_from_slice(taken);
        self.0 = rest;
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl rand_core::CryptoRng for FixedRng<'_> {}

/// The draft's own vector for KEM 0x647a + HKDF-SHA256 + `ChaCha20Poly1305`:
/// key derivation, seed expansion, deterministic encapsulation, the
/// combiner, decapsulation and the HPKE key schedule.
#[test]
fn hpke_pq_draft_vector() {
    let v = fields(&data("hpke-pq-mlkem768x25519.txt"));
    let (sk, pk) = MlKem768X25519::derive_keypair(&hex(field(&v, "ikmR")));
    assert_eq!(sk.to_bytes().as_slice(), hex(field(&v, "skRm")));
    assert_eq!(pk.to_bytes().as_slice(), hex(field(&v, "pkRm")));
    let parsed = kem::PublicKey::from_bytes(&hex(field(&v, "pkRm"))).unwrap();
    assert_eq!(parsed, pk);
    let from_seed = Identity::from_seed(hex(field(&v, "skRm")).try_into().unwrap());
    assert_eq!(*from_seed.to_public().0, pk);

    let ikm_e = hex(field(&v, "ikmE"));
    let mut rng = FixedRng(&ikm_e);
    let (ss, enc) = MlKem768X25519::encap(&pk, None, &mut rng).unwrap();
    assert!(rng.0.is_empty(), "encapsulation uses all 64 bytes");
    assert_eq!(enc.to_bytes().as_slice(), hex(field(&v, "enc")));
    assert_eq!(ss.0.as_slice(), hex(field(&v, "shared_secret")));
    let ss = MlKem768X25519::decap(&sk, None, &enc).unwrap();
    assert_eq!(ss.0.as_slice(), hex(field(&v, "shared_secret")));

    let plain = hpke::single_shot_open::<ChaCha20Poly1305, HkdfSha256, MlKem768X25519>(
        &OpModeR::Base,
        &sk,
        &enc,
        &hex(field(&v, "info")),
        &hex(field(&v, "ct")),
        &hex(field(&v, "aad")),
    )
    .unwrap();
    assert_eq!(plain, hex(field(&v, "pt")));
}

/// What the age test kit expects a decryption to end in.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    Success,
    NoMatch,
    HeaderFailure,
    HmacFailure,
    PayloadFailure,
    ArmorFailure,
}

/// Every hybrid vector of the age test kit (C2SP CCTV `age/testdata`).
#[test]
fn age_testkit_hybrid_vectors() {
    let mut seen = 0;
    for entry in std::fs::read_dir(data("testkit")).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let split = bytes.windows(2).position(|w| w == b"\n\n").unwrap();
        let header = std::str::from_utf8(&bytes[..split]).unwrap();
        let mut body = bytes[split + 2..].to_vec();
        let mut expect = None;
        let mut payload = None;
        let mut armored = false;
        let mut identities: Vec<Box<dyn age::Identity>> = Vec::new();
        for line in header.lines() {
            let (key, value) = line.split_once(": ").unwrap();
            match key {
                "expect" => expect = Some(value.to_owned()),
                "payload" => payload = Some(value.to_owned()),
                "armored" => armored = value == "yes",
                "compressed" => {
                    let mut inflated = Vec::new();
                    flate2::read::ZlibDecoder::new(&body[..])
                        .read_to_end(&mut inflated)
                        .unwrap();
                    body = inflated;
                }
                "identity" if value.starts_with(IDENTITY_PREFIX) => {
                    identities.push(Box::new(value.parse::<Identity>().unwrap()));
                }
                "identity" => {
                    identities.push(Box::new(value.parse::<age::x25519::Identity>().unwrap()));
                }
                _ => {}
            }
        }
        let expected = match expect.as_deref().unwrap() {
            "success" => Outcome::Success,
            "no match" => Outcome::NoMatch,
            "header failure" => Outcome::HeaderFailure,
            "HMAC failure" => Outcome::HmacFailure,
            "payload failure" => Outcome::PayloadFailure,
            "armor failure" => Outcome::ArmorFailure,
            other => panic!("unknown expectation {other}"),
        };
        let mut plain = Vec::new();
        let outcome = (|| {
            let reader: Box<dyn Read> = if armored {
                Box::new(age::armor::ArmoredReader::new(&body[..]))
            } else {
                Box::new(&body[..])
            };
            let decryptor = match age::Decryptor::new(reader) {
                Ok(d) => d,
                Err(age::DecryptError::Io(_)) if armored => return Outcome::ArmorFailure,
                Err(_) => return Outcome::HeaderFailure,
            };
            let mut stream = match decryptor.decrypt(identities.iter().map(|i| &**i)) {
                Ok(s) => s,
                Err(age::DecryptError::NoMatchingKeys) => return Outcome::NoMatch,
                Err(age::DecryptError::InvalidMac) => return Outcome::HmacFailure,
                Err(_) => return Outcome::HeaderFailure,
            };
            match stream.read_to_end(&mut plain) {
                Ok(_) => Outcome::Success,
                Err(_) => Outcome::PayloadFailure,
            }
        })();
        assert_eq!(outcome, expected, "{}", path.display());
        if let Some(payload) = payload {
            assert_eq!(
                hex(&payload),
                Sha256::digest(&plain).as_slice(),
                "{}",
                path.display()
            );
        }
        seen += 1;
    }
    assert_eq!(seen, 19, "every hybrid vector of the test kit");
}

#[test]
fn a_file_round_trips_and_only_its_identities_open_it() {
    let a = Identity::generate();
    let b = Identity::generate();
    let file = seal(&[&a.to_public(), &b.to_public()], b"tip");
    assert_eq!(open(&a, &file).unwrap(), b"tip");
    assert_eq!(open(&b, &file).unwrap(), b"tip");
    assert!(matches!(
        open(&Identity::generate(), &file),
        Err(age::DecryptError::NoMatchingKeys)
    ));
    // A classic identity does not see the PQ stanzas as its own.
    assert!(matches!(
        open(&age::x25519::Identity::generate(), &file),
        Err(age::DecryptError::NoMatchingKeys)
    ));
}

#[test]
fn age_refuses_to_mix_it_with_a_classic_recipient() {
    let pq = Identity::generate().to_public();
    let classic = age::x25519::Identity::generate().to_public();
    let (_, labels) = pq.wrap_file_key(&file_key()).unwrap();
    assert_eq!(labels, std::iter::once("postquantum".to_owned()).collect());
    for recipients in [
        [&pq as &dyn age::Recipient, &classic],
        [&classic as &dyn age::Recipient, &pq],
    ] {
        let mut out = Vec::new();
        let refused = match age::Encryptor::with_recipients(recipients.into_iter()) {
            Err(e) => e,
            Ok(encryptor) => {
                let e = encryptor.wrap_output(&mut out).err().unwrap();
                e.into_inner()
                    .unwrap()
                    .downcast::<age::EncryptError>()
                    .map(|e| *e)
                    .unwrap()
            }
        };
        assert!(matches!(
            refused,
            age::EncryptError::IncompatibleRecipients { .. }
        ));
    }
}

#[test]
fn the_stanza_has_the_shape_the_spec_gives() {
    let identity = Identity::generate();
    let (stanzas, _) = identity.to_public().wrap_file_key(&file_key()).unwrap();
    let [stanza] = stanzas.as_slice() else {
        panic!("one stanza")
    };
    assert_eq!(stanza.tag, "mlkem768x25519");
    assert_eq!(stanza.args.len(), 1);
    assert_eq!(
        BASE64_STANDARD_NO_PAD
            .decode(&stanza.args[0])
            .unwrap()
            .len(),
        1120
    );
    assert_eq!(stanza.body.len(), 32);
    let key = identity.unwrap_stanza(stanza).unwrap().unwrap();
    assert_eq!(key.expose_secret(), b"YELLOW SUBMARINE");
}

#[test]
fn bad_recipients_are_refused() {
    let good = Identity::generate().to_public().to_string();
    // Another age type, and the classic one.
    assert_eq!(
        age::x25519::Identity::generate()
            .to_public()
            .to_string()
            .parse::<Recipient>(),
        Err(ParseError::WrongPrefix)
    );
    // A flipped character breaks the checksum.
    let mut flipped = good.clone().into_bytes();
    flipped[100] = if flipped[100] == b'q' { b'p' } else { b'q' };
    assert_eq!(
        String::from_utf8(flipped).unwrap().parse::<Recipient>(),
        Err(ParseError::Bech32)
    );
    let recipient: Recipient = good.parse().unwrap();
    let bytes = recipient.0.to_bytes().to_vec();
    let encode = |b: &[u8]| age_core::primitives::bech32_encode(RECIPIENT_HRP, b);
    // Too short, too long.
    assert_eq!(
        encode(&bytes[1..]).parse::<Recipient>(),
        Err(ParseError::InvalidKey)
    );
    let mut long = bytes.clone();
    long.push(0);
    assert_eq!(
        encode(&long).parse::<Recipient>(),
        Err(ParseError::InvalidKey)
    );
    // An ML-KEM coefficient of 4095 (≥ q = 3329) fails FIPS 203's modulus check.
    let mut over_q = bytes.clone();
    over_q[0] = 0xff;
    over_q[1] |= 0x0f;
    assert_eq!(
        encode(&over_q).parse::<Recipient>(),
        Err(ParseError::InvalidKey)
    );
    // A low-order X25519 point (here the point of order 1: u = 1).
    let mut low = bytes.clone();
    low[1184..].fill(0);
    low[1184] = 1;
    assert_eq!(
        encode(&low).parse::<Recipient>(),
        Err(ParseError::InvalidKey)
    );
    // Identities are not recipients, and the other way round.
    assert_eq!(
        Identity::generate()
            .to_string()
            .expose_secret()
            .parse::<Recipient>(),
        Err(ParseError::WrongPrefix)
    );
    assert!(good.parse::<Identity>().is_err());
}

#[test]
fn bad_identities_are_refused() {
    let text = Identity::generate().to_string();
    let text = text.expose_secret();
    assert!(text.starts_with(IDENTITY_PREFIX));
    assert_eq!(text.len(), 77);
    assert!(text.to_lowercase().parse::<Identity>().is_ok());
    let classic = age::x25519::Identity::generate().to_string();
    assert_eq!(
        classic.expose_secret().parse::<Identity>(),
        Err(ParseError::WrongPrefix)
    );
    let hrp = IDENTITY_HRP;
    let short = bech32::encode_upper::<bech32::Bech32>(hrp, &[7; 31]).unwrap();
    assert_eq!(short.parse::<Identity>(), Err(ParseError::InvalidKey));
    let long = bech32::encode_upper::<bech32::Bech32>(hrp, &[7; 33]).unwrap();
    assert_eq!(long.parse::<Identity>(), Err(ParseError::InvalidKey));
}

#[test]
fn debug_never_shows_the_secret() {
    let identity = Identity::generate();
    let shown = format!("{identity:?}");
    assert_eq!(shown, "pq::Identity(<redacted>)");
    let secret = identity.to_string();
    let bech = secret.expose_secret();
    assert!(!shown.contains(&bech[20..30]));
    let recipient = format!("{:?}", identity.to_public());
    assert!(recipient.starts_with("pq::Recipient(age1pq1"));
    assert!(recipient.len() < 64);
}

/// A stanza made for `identity` around file key YELLOW SUBMARINE.
fn stanza_for(identity: &Identity) -> Stanza {
    let (mut stanzas, _) = identity.to_public().wrap_file_key(&file_key()).unwrap();
    stanzas.remove(0)
}

/// `Stanza` is not `Clone`.
fn copy(stanza: &Stanza) -> Stanza {
    Stanza {
        tag: stanza.tag.clone(),
        args: stanza.args.clone(),
        body: stanza.body.clone(),
    }
}

#[allow(clippy::needless_pass_by_value)] // reads best at the call sites
fn is_header_error(result: Option<Result<FileKey, age::DecryptError>>) -> bool {
    matches!(result, Some(Err(age::DecryptError::InvalidHeader)))
}

#[test]
fn malformed_stanzas_are_header_errors() {
    let identity = Identity::generate();
    let good = stanza_for(&identity);
    let mut none = copy(&good);
    none.args.clear();
    assert!(is_header_error(identity.unwrap_stanza(&none)));
    let mut extra = copy(&good);
    extra.args.push("AAAA".into());
    assert!(is_header_error(identity.unwrap_stanza(&extra)));
    let mut padded = copy(&good);
    padded.args[0].push('=');
    assert!(is_header_error(identity.unwrap_stanza(&padded)));
    let mut garbage = copy(&good);
    garbage.args[0] = "not base64!".into();
    assert!(is_header_error(identity.unwrap_stanza(&garbage)));
    let mut long_body = copy(&good);
    long_body.body.push(0);
    assert!(is_header_error(identity.unwrap_stanza(&long_body)));
    // Another type is not ours: ignored, even if it looks the same.
    let mut other = copy(&good);
    other.tag = "MLKEM768X25519".into();
    assert!(identity.unwrap_stanza(&other).is_none());
    // An X25519 share at the identity point: the all-zero secret is refused.
    let mut enc = BASE64_STANDARD_NO_PAD.decode(&good.args[0]).unwrap();
    enc[1088..].fill(0);
    let mut zero = copy(&good);
    zero.args[0] = BASE64_STANDARD_NO_PAD.encode(&enc);
    assert!(is_header_error(identity.unwrap_stanza(&zero)));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn seal_then_open_round_trips(seed in any::<[u8; 32]>(), key in any::<[u8; 16]>()) {
        let identity = Identity::from_seed(seed);
        let file_key = FileKey::new(Box::new(key));
        let (stanzas, _) = identity.to_public().wrap_file_key(&file_key).unwrap();
        let opened = identity.unwrap_stanza(&stanzas[0]).unwrap().unwrap();
        prop_assert_eq!(opened.expose_secret(), &key);
    }

    #[test]
    fn another_identity_finds_nothing(a in any::<[u8; 32]>(), b in any::<[u8; 32]>()) {
        prop_assume!(a != b);
        let stanza = stanza_for(&Identity::from_seed(a));
        prop_assert!(Identity::from_seed(b).unwrap_stanza(&stanza).is_none());
    }

    #[test]
    fn a_tampered_stanza_never_opens(
        seed in any::<[u8; 32]>(),
        in_enc in any::<bool>(),
        at in any::<prop::sample::Index>(),
        bit in 0u8..8,
    ) {
        let identity = Identity::from_seed(seed);
        let mut stanza = stanza_for(&identity);
        if in_enc {
            let mut enc = BASE64_STANDARD_NO_PAD.decode(&stanza.args[0]).unwrap();
            let i = at.index(enc.len());
            enc[i] ^= 1 << bit;
            stanza.args[0] = BASE64_STANDARD_NO_PAD.encode(&enc);
        } else {
            let i = at.index(stanza.body.len());
            stanza.body[i] ^= 1 << bit;
        }
        // "Not mine" or a header error, never a file key (and never a panic).
        prop_assert!(!matches!(identity.unwrap_stanza(&stanza), Some(Ok(_))));
    }

    #[test]
    fn stanzas_of_any_shape_never_panic(
        args in prop::collection::vec("[A-Za-z0-9+/=]{0,1600}", 0..4),
        body in prop::collection::vec(any::<u8>(), 0..64),
    ) {
        let identity = Identity::from_seed([9; 32]);
        let stanza = Stanza { tag: STANZA_TAG.into(), args, body };
        let result = identity.unwrap_stanza(&stanza);
        prop_assert!(!matches!(result, Some(Ok(_))));
    }

    #[test]
    fn bad_lengths_are_header_errors(enc_len in 0usize..1300, body_len in 0usize..80) {
        prop_assume!(enc_len != ENC_LEN || body_len != BODY_LEN);
        let identity = Identity::from_seed([3; 32]);
        let stanza = Stanza {
            tag: STANZA_TAG.into(),
            args: vec![BASE64_STANDARD_NO_PAD.encode(vec![0x42; enc_len])],
            body: vec![0; body_len],
        };
        prop_assert!(is_header_error(identity.unwrap_stanza(&stanza)));
    }

    #[test]
    fn bech32_round_trips(seed in any::<[u8; 32]>()) {
        let identity = Identity::from_seed(seed);
        let text = identity.to_string();
        let again: Identity = text.expose_secret().parse().unwrap();
        prop_assert_eq!(again.seed(), &seed);
        let recipient = identity.to_public();
        let parsed: Recipient = recipient.to_string().parse().unwrap();
        prop_assert_eq!(parsed.to_string(), recipient.to_string());
        prop_assert_eq!(parsed, recipient);
    }

    #[test]
    fn parsers_never_panic(text in "(age1pq1|AGE-SECRET-KEY-PQ-1)?[a-z0-9A-Z]{0,120}") {
        let _ = text.parse::<Recipient>();
        let _ = text.parse::<Identity>();
    }
}

#[test]
fn identities_are_equal_exactly_when_their_seeds_are() {
    // Compared in constant time on the seed, and only on it.
    let seed = [7u8; 32];
    let mut other = seed;
    other[31] ^= 1;
    assert_eq!(Identity::from_seed(seed), Identity::from_seed_ref(&seed));
    assert_ne!(Identity::from_seed(seed), Identity::from_seed(other));
    assert_ne!(Identity::generate(), Identity::generate());
}
