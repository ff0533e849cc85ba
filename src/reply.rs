//! Replies from reviewers to a submitter: UTF-8 text in an age file whose
//! recipients are the thread's reply recipient (derived from the receipt, so
//! only the receipt holder can read it on the server) **and** every reviewer
//! (so every air-gapped machine can read the whole conversation).
//!
//! The server never holds a reply in the clear except while rendering the
//! status page to the receipt holder, and then in zeroizing memory.

use std::io::{Read, Write};

use zeroize::Zeroizing;

/// Longest reply, in bytes of UTF-8: replies are letters, not documents.
pub const MAX_REPLY_BYTES: usize = 64 * 1024;

/// Why a reply could not be sealed or opened. Crypto failures are one variant.
#[derive(Debug, thiserror::Error)]
pub enum ReplyError {
    /// Over [`MAX_REPLY_BYTES`].
    #[error("a reply is at most {MAX_REPLY_BYTES} bytes")]
    TooLong,
    /// No recipient given.
    #[error("a reply needs at least one recipient")]
    NoRecipients,
    /// Not an age file for this key, damaged, or not UTF-8 text.
    #[error("the reply cannot be opened with this key, or it is damaged")]
    Unreadable,
    /// Writing the age file failed.
    #[error("sealing the reply failed: {0}")]
    Io(#[from] std::io::Error),
}

/// Encrypts `text` to the thread's reply recipient and every reviewer.
pub fn seal_reply<R: age::Recipient>(
    text: &str,
    reply_recipient: &R,
    reviewers: &[R],
) -> Result<Vec<u8>, ReplyError> {
    if text.len() > MAX_REPLY_BYTES {
        return Err(ReplyError::TooLong);
    }
    let recipients = std::iter::once(reply_recipient)
        .chain(reviewers)
        .map(|r| r as &dyn age::Recipient);
    let encryptor =
        age::Encryptor::with_recipients(recipients).map_err(|_| ReplyError::NoRecipients)?;
    let mut out = Vec::new();
    let mut writer = encryptor.wrap_output(&mut out)?;
    writer.write_all(text.as_bytes())?;
    writer.finish()?;
    Ok(out)
}

/// Decrypts a reply with `identity` (the thread's reply identity or a
/// reviewer's), refusing anything longer than [`MAX_REPLY_BYTES`].
pub fn open_reply(
    identity: &dyn age::Identity,
    ciphertext: &[u8],
) -> Result<Zeroizing<String>, ReplyError> {
    let decryptor = age::Decryptor::new_buffered(ciphertext).map_err(|_| ReplyError::Unreadable)?;
    let reader = decryptor
        .decrypt(std::iter::once(identity))
        .map_err(|_| ReplyError::Unreadable)?;
    let mut plain = Zeroizing::new(Vec::new());
    reader
        .take(MAX_REPLY_BYTES as u64 + 1)
        .read_to_end(&mut plain)
        .map_err(|_| ReplyError::Unreadable)?;
    if plain.len() > MAX_REPLY_BYTES {
        return Err(ReplyError::TooLong);
    }
    let text = std::str::from_utf8(&plain).map_err(|_| ReplyError::Unreadable)?;
    Ok(Zeroizing::new(text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thread_and_every_reviewer_can_read_others_cannot() {
        let thread = age::x25519::Identity::generate();
        let a = age::x25519::Identity::generate();
        let b = age::x25519::Identity::generate();
        let stranger = age::x25519::Identity::generate();
        let sealed = seal_reply(
            "Merci. Où ? — شكرا",
            &thread.to_public(),
            &[a.to_public(), b.to_public()],
        )
        .unwrap();
        for id in [&thread, &a, &b] {
            assert_eq!(
                open_reply(id, &sealed).unwrap().as_str(),
                "Merci. Où ? — شكرا"
            );
        }
        assert!(matches!(
            open_reply(&stranger, &sealed),
            Err(ReplyError::Unreadable)
        ));
        let mut tampered = sealed.clone();
        let last = tampered.len() - 1;
        tampered[last] ^= 1;
        assert!(matches!(
            open_reply(&thread, &tampered),
            Err(ReplyError::Unreadable)
        ));
        assert!(matches!(
            open_reply(&thread, &sealed[..sealed.len() - 5]),
            Err(ReplyError::Unreadable)
        ));
    }

    #[test]
    fn length_is_bounded() {
        let thread = age::x25519::Identity::generate();
        let long = "x".repeat(MAX_REPLY_BYTES + 1);
        assert!(matches!(
            seal_reply(&long, &thread.to_public(), &[]),
            Err(ReplyError::TooLong)
        ));
        let ok = "x".repeat(MAX_REPLY_BYTES);
        let sealed = seal_reply(&ok, &thread.to_public(), &[]).unwrap();
        assert_eq!(open_reply(&thread, &sealed).unwrap().len(), MAX_REPLY_BYTES);
    }

    /// An age file to `identity` holding `plain`, made without `seal_reply`'s own check.
    fn sealed_raw(identity: &age::x25519::Identity, plain: &[u8]) -> Vec<u8> {
        let recipient = identity.to_public();
        let encryptor =
            age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
                .expect("one recipient");
        let mut out = Vec::new();
        let mut writer = encryptor.wrap_output(&mut out).expect("wrap");
        writer.write_all(plain).expect("write");
        writer.finish().expect("finish");
        out
    }

    #[test]
    fn opening_refuses_one_byte_over_the_limit() {
        let thread = age::x25519::Identity::generate();
        // At the limit (made the same way) it opens whole.
        let at = sealed_raw(&thread, &vec![b'y'; MAX_REPLY_BYTES]);
        assert_eq!(
            open_reply(&thread, &at).expect("at the limit").as_str(),
            "y".repeat(MAX_REPLY_BYTES)
        );
        for over in [
            MAX_REPLY_BYTES + 1,
            MAX_REPLY_BYTES + 2,
            3 * MAX_REPLY_BYTES,
        ] {
            let sealed = sealed_raw(&thread, &vec![b'y'; over]);
            assert!(
                matches!(open_reply(&thread, &sealed), Err(ReplyError::TooLong)),
                "{over} bytes"
            );
        }
    }

    #[test]
    fn sealing_refuses_one_byte_over_the_limit_counted_in_utf8_bytes() {
        let thread = age::x25519::Identity::generate();
        // 'é' is two bytes: 32,768 of them are exactly the limit, 64 KiB,
        // written out so that a changed constant cannot pass unnoticed.
        let at = "é".repeat(32_768);
        assert_eq!(at.len(), 65_536);
        let sealed = seal_reply(&at, &thread.to_public(), &[]).expect("at the limit");
        assert_eq!(open_reply(&thread, &sealed).expect("opens").as_str(), at);
        let over = format!("{at}x");
        assert!(matches!(
            seal_reply(&over, &thread.to_public(), &[]),
            Err(ReplyError::TooLong)
        ));
        // Short and empty replies round-trip exactly.
        for text in ["", "x", "Bonjour"] {
            let sealed = seal_reply(text, &thread.to_public(), &[]).expect("seal");
            assert!(sealed.starts_with(b"age-encryption.org/v1\n"));
            assert_eq!(open_reply(&thread, &sealed).expect("opens").as_str(), text);
        }
    }

    #[test]
    fn text_that_is_not_utf8_is_unreadable() {
        let thread = age::x25519::Identity::generate();
        let sealed = sealed_raw(&thread, b"caf\xe9");
        assert!(matches!(
            open_reply(&thread, &sealed),
            Err(ReplyError::Unreadable)
        ));
        assert!(matches!(
            open_reply(&thread, b"not an age file"),
            Err(ReplyError::Unreadable)
        ));
    }
}
