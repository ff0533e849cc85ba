//! The MLKEM768-X25519 hybrid KEM (X-Wing) as an HPKE KEM, for the `hpke`
//! crate.
//!
//! This is composition only, exactly as draft-ietf-hpke-pq-03 §4 and the
//! concrete hybrid KEM it cites (draft-irtf-cfrg-concrete-hybrid-kems-02)
//! define it; every primitive comes from a `RustCrypto` crate:
//!
//! * **key pair from a 32-byte seed**: SHAKE256(seed) gives 96 bytes; the
//!   first 64 are the ML-KEM-768 seed `d ‖ z` (FIPS 203 `KeyGen_internal`),
//!   the next 32 the X25519 private key.
//! * **encapsulation key** (1216 bytes): the ML-KEM-768 encapsulation key
//!   (1184) then the X25519 public key (32).
//! * **enc** (1120 bytes): the ML-KEM-768 ciphertext (1088) then the
//!   ephemeral X25519 public key (32).
//! * **shared secret**: SHA3-256(`ss_M ‖ ss_X ‖ ct_X ‖ pk_X ‖ "\.//^\"`), the
//!   X-Wing combiner.
//! * HPKE `KEM_ID` 0x647a; `DeriveKeyPair` is SHAKE256 `LabeledDerive` of
//!   the input keying material to a seed (only the tests use it: age
//!   identities are seeds already).
//!
//! Checks the spec and FIPS 203 require, each an error and never a panic:
//! an ML-KEM encapsulation key must pass the modulus check (FIPS 203 §7.2),
//! and an X25519 shared secret must not be all zero (a low-order point), on
//! either side. The asymmetric-key-authenticated HPKE modes do not exist for
//! this KEM and are refused.

use hpke::generic_array::typenum::{self, U32, Unsigned};
use hpke::kem::SharedSecret;
use hpke::{Deserializable, HpkeError, Serializable};
use ml_kem::kem::{Decapsulate, Encapsulate};
use ml_kem::{Ciphertext, EncodedSizeUser, KemCore, MlKem768};
use rand_core::{CryptoRng, RngCore};
use sha3::digest::{ExtendableOutput, FixedOutput, Update, XofReader};
use sha3::{Sha3_256, Shake256};
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, Zeroizing};

/// The X-Wing combiner's label, `\.//^\`.
const XWING_LABEL: &[u8] = b"\\.//^\\";
/// ML-KEM-768 encapsulation key length (1184).
type MlKemEkLen = <<MlKem768 as KemCore>::EncapsulationKey as EncodedSizeUser>::EncodedSize;
/// ML-KEM-768 ciphertext length (1088).
type MlKemCtLen = <MlKem768 as KemCore>::CiphertextSize;
/// The ML-KEM-768 key pair of a seed.
type MlKemKeys = (
    <MlKem768 as KemCore>::DecapsulationKey,
    <MlKem768 as KemCore>::EncapsulationKey,
);

/// The hybrid KEM.
pub(crate) struct MlKem768X25519;

/// A recipient's public key: ML-KEM-768 encapsulation key and X25519 point.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct PublicKey {
    ek_m: <MlKem768 as KemCore>::EncapsulationKey,
    pk_x: x25519_dalek::PublicKey,
}

impl Eq for PublicKey {}

/// A private key: the 32-byte seed (its serialisation) and what it expands to.
/// Every part is wiped on drop (`ml-kem`'s `zeroize` feature, x25519-dalek's
/// own, and the seed here).
#[derive(Clone)]
pub(crate) struct PrivateKey {
    seed: Zeroizing<[u8; 32]>,
    dk_m: <MlKem768 as KemCore>::DecapsulationKey,
    sk_x: x25519_dalek::StaticSecret,
    public: PublicKey,
}

impl PartialEq for PrivateKey {
    fn eq(&self, other: &Self) -> bool {
        self.seed.ct_eq(&*other.seed).into()
    }
}

impl Eq for PrivateKey {}

/// The encapsulated key `enc`: ML-KEM-768 ciphertext and ephemeral X25519 point.
#[derive(Clone)]
pub(crate) struct EncappedKey {
    ct_m: Ciphertext<MlKem768>,
    ct_x: x25519_dalek::PublicKey,
}

impl PrivateKey {
    /// Expands a seed (an age `AGE-SECRET-KEY-PQ-1…` identity) into the key pair.
    pub(crate) fn from_seed(seed: &[u8; 32]) -> Self {
        let mut xof = Shake256::default().chain(seed).finalize_xof();
        let mut d = Zeroizing::new([0u8; 32]);
        let mut z = Zeroizing::new([0u8; 32]);
        let mut x = Zeroizing::new([0u8; 32]);
        xof.read(d.as_mut());
        xof.read(z.as_mut());
        xof.read(x.as_mut());
        let (dk_m, ek_m): MlKemKeys = MlKem768::generate_deterministic(&(*d).into(), &(*z).into());
        let sk_x = x25519_dalek::StaticSecret::from(*x);
        let pk_x = x25519_dalek::PublicKey::from(&sk_x);
        Self {
            seed: Zeroizing::new(*seed),
            dk_m,
            sk_x,
            public: PublicKey { ek_m, pk_x },
        }
    }

    /// The seed this key expands from.
    pub(crate) fn seed(&self) -> &[u8; 32] {
        &self.seed
    }

    /// The public half.
    pub(crate) fn public_key(&self) -> &PublicKey {
        &self.public
    }
}

impl Serializable for PrivateKey {
    type OutputSize = U32;

    fn write_exact(&self, buf: &mut [u8]) {
        buf.copy_from_slice(self.seed.as_ref());
    }
}

impl Deserializable for PrivateKey {
    fn from_bytes(encoded: &[u8]) -> Result<Self, HpkeError> {
        let seed = Zeroizing::new(
            <[u8; 32]>::try_from(encoded)
                .map_err(|_| HpkeError::IncorrectInputLength(32, encoded.len()))?,
        );
        Ok(Self::from_seed(&seed))
    }
}

impl Serializable for PublicKey {
    type OutputSize = typenum::Sum<MlKemEkLen, U32>;

    fn write_exact(&self, buf: &mut [u8]) {
        let (m, x) = buf.split_at_mut(MlKemEkLen::USIZE);
        m.copy_from_slice(&self.ek_m.as_bytes());
        x.copy_from_slice(self.pk_x.as_bytes());
    }
}

impl Deserializable for PublicKey {
    /// Parses a recipient's 1216 bytes. Refuses an ML-KEM key that fails the
    /// FIPS 203 modulus check (a coefficient ≥ q: decoding reduces it, so
    /// re-encoding differs) and a low-order X25519 point, which no honest
    /// key generator makes and which would give an all-zero share.
    fn from_bytes(encoded: &[u8]) -> Result<Self, HpkeError> {
        let expected = <Self as Serializable>::OutputSize::USIZE;
        if encoded.len() != expected {
            return Err(HpkeError::IncorrectInputLength(expected, encoded.len()));
        }
        let (m, x) = encoded.split_at(MlKemEkLen::USIZE);
        let m = m.try_into().map_err(|_| HpkeError::ValidationError)?;
        let ek_m = <MlKem768 as KemCore>::EncapsulationKey::from_bytes(m);
        if ek_m.as_bytes().as_slice() != m.as_slice() {
            return Err(HpkeError::ValidationError);
        }
        let x: [u8; 32] = x.try_into().map_err(|_| HpkeError::ValidationError)?;
        let pk_x = x25519_dalek::PublicKey::from(x);
        // Any clamped scalar is a multiple of the cofactor, so a point of
        // small order (and only such a point) gives the all-zero output.
        let probe = x25519_dalek::StaticSecret::from([0x55u8; 32]);
        if !probe.diffie_hellman(&pk_x).was_contributory() {
            return Err(HpkeError::ValidationError);
        }
        Ok(Self { ek_m, pk_x })
    }
}

impl Serializable for EncappedKey {
    type OutputSize = typenum::Sum<MlKemCtLen, U32>;

    fn write_exact(&self, buf: &mut [u8]) {
        let (m, x) = buf.split_at_mut(MlKemCtLen::USIZE);
        m.copy_from_slice(self.ct_m.as_slice());
        x.copy_from_slice(self.ct_x.as_bytes());
    }
}

impl Deserializable for EncappedKey {
    fn from_bytes(encoded: &[u8]) -> Result<Self, HpkeError> {
        let expected = <Self as Serializable>::OutputSize::USIZE;
        if encoded.len() != expected {
            return Err(HpkeError::IncorrectInputLength(expected, encoded.len()));
        }
        let (m, x) = encoded.split_at(MlKemCtLen::USIZE);
        let ct_m = Ciphertext::<MlKem768>::try_from(m).map_err(|_| HpkeError::ValidationError)?;
        let x: [u8; 32] = x.try_into().map_err(|_| HpkeError::ValidationError)?;
        Ok(Self {
            ct_m,
            ct_x: x25519_dalek::PublicKey::from(x),
        })
    }
}

impl hpke::Kem for MlKem768X25519 {
    type PublicKey = PublicKey;
    type PrivateKey = PrivateKey;
    type EncappedKey = EncappedKey;
    type NSecret = U32;
    const KEM_ID: u16 = 0x647a;

    fn sk_to_pk(sk: &PrivateKey) -> PublicKey {
        sk.public.clone()
    }

    fn derive_keypair(ikm: &[u8]) -> (PrivateKey, PublicKey) {
        let seed = Zeroizing::new(labeled_derive_seed(ikm));
        let sk = PrivateKey::from_seed(&seed);
        let pk = sk.public.clone();
        (sk, pk)
    }

    fn decap(
        sk: &PrivateKey,
        pk_sender_id: Option<&PublicKey>,
        enc: &EncappedKey,
    ) -> Result<SharedSecret<Self>, HpkeError> {
        if pk_sender_id.is_some() {
            return Err(HpkeError::DecapError);
        }
        let mut ss_m = sk
            .dk_m
            .decapsulate(&enc.ct_m)
            .map_err(|()| HpkeError::DecapError)?;
        let ss_x = sk.sk_x.diffie_hellman(&enc.ct_x);
        if !ss_x.was_contributory() {
            ss_m.as_mut_slice().zeroize();
            return Err(HpkeError::DecapError);
        }
        let ss = combine(&ss_m, ss_x.as_bytes(), &enc.ct_x, &sk.public.pk_x);
        ss_m.as_mut_slice().zeroize();
        Ok(ss)
    }

    fn encap<R: CryptoRng + RngCore>(
        pk: &PublicKey,
        sender_id_keypair: Option<(&PrivateKey, &PublicKey)>,
        rng: &mut R,
    ) -> Result<(SharedSecret<Self>, EncappedKey), HpkeError> {
        if sender_id_keypair.is_some() {
            return Err(HpkeError::EncapError);
        }
        // X-Wing's encapsulation randomness: 32 bytes for ML-KEM, then 32
        // for the ephemeral X25519 key, in that order.
        let (ct_m, mut ss_m) = pk
            .ek_m
            .encapsulate(&mut *rng)
            .map_err(|()| HpkeError::EncapError)?;
        let ek_x = x25519_dalek::EphemeralSecret::random_from_rng(&mut *rng);
        let ct_x = x25519_dalek::PublicKey::from(&ek_x);
        let ss_x = ek_x.diffie_hellman(&pk.pk_x);
        if !ss_x.was_contributory() {
            ss_m.as_mut_slice().zeroize();
            return Err(HpkeError::EncapError);
        }
        let ss = combine(&ss_m, ss_x.as_bytes(), &ct_x, &pk.pk_x);
        ss_m.as_mut_slice().zeroize();
        Ok((ss, EncappedKey { ct_m, ct_x }))
    }
}

/// The X-Wing combiner.
fn combine(
    ss_m: &[u8],
    ss_x: &[u8; 32],
    ct_x: &x25519_dalek::PublicKey,
    pk_x: &x25519_dalek::PublicKey,
) -> SharedSecret<MlKem768X25519> {
    let digest = Sha3_256::default()
        .chain(ss_m)
        .chain(ss_x)
        .chain(ct_x.as_bytes())
        .chain(pk_x.as_bytes())
        .chain(XWING_LABEL)
        .finalize_fixed();
    SharedSecret(digest)
}

/// `SHAKE256.LabeledDerive(ikm, "DeriveKeyPair", "", 32)` with this KEM's
/// suite id (draft-ietf-hpke-pq-03 §4 and §5).
fn labeled_derive_seed(ikm: &[u8]) -> [u8; 32] {
    const LABEL: &[u8] = b"DeriveKeyPair";
    let mut seed = [0u8; 32];
    Shake256::default()
        .chain(ikm)
        .chain(b"HPKE-v1")
        .chain(b"KEM")
        .chain(<MlKem768X25519 as hpke::Kem>::KEM_ID.to_be_bytes())
        .chain(u16::try_from(LABEL.len()).unwrap_or(u16::MAX).to_be_bytes())
        .chain(LABEL)
        .chain(32u16.to_be_bytes())
        .finalize_xof_into(&mut seed);
    seed
}
