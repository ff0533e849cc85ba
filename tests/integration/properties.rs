//! Property tests for every parser that reads untrusted input, through the
//! public API only: the PROXY header Tor sends, a reviewer's outbox, an
//! export manifest, the upload form's field names and attachment names, and
//! a receipt as a submitter types it.
//!
//! Each parser is fed arbitrary input (it must refuse, never panic), its own
//! output (it must read back what was written) and near misses of valid
//! input (they must be refused).

use std::collections::HashSet;

use gundo::bundle::{
    EXPORT_FORMAT, ExportManifest, MessageEntry, MessageKind, NoteEntry, OUTBOX_FORMAT,
    OutboxContent, OutboxReply, ReplyEntry, ReviewerEntry, ThreadEntry, UntrustedOutbox, armor,
    write_outbox,
};
use gundo::ids::{BlobId, ThreadId};
use gundo::keys::{ReviewerIdentity, encode_verifying_key};
use gundo::receipt::{RECEIPT_DIGITS, ReceiptCode, ReceiptError, damm_check_digit};
use gundo::seal::attachment_entry_name;
use gundo::web::proxy::{MAX_HEADER, ProxyError, parse_v1, read_header};
use proptest::prelude::*;

// ---- PROXY header (Tor's circuit id) ----

/// Tor's circuit-id prefix, as Tor writes the source address.
fn tor_source(id: u32) -> String {
    let [a, b, c, d] = id.to_be_bytes();
    std::net::Ipv6Addr::new(
        0xfc00,
        0xdead,
        0xbeef,
        0x4dad,
        0,
        0,
        u16::from_be_bytes([a, b]),
        u16::from_be_bytes([c, d]),
    )
    .to_string()
}

/// Runs `read_header` on `input`, returning the result and what is left unread.
fn read_from(input: &[u8]) -> (Result<u32, ProxyError>, Vec<u8>) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let mut rest = input;
    let result = runtime.block_on(read_header(&mut rest));
    (result, rest.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn proxy_header_never_panics_on_lines(
        words in prop::collection::vec("[ -~]{0,12}", 0..9),
        tail in prop::sample::select(vec!["\r\n", "\n", "", "\r", "\r\n\r\n"]),
    ) {
        let line = format!("{}{tail}", words.join(" "));
        let _ = parse_v1(line.as_bytes());
        let _ = read_from(line.as_bytes());
    }

    #[test]
    fn proxy_header_from_tor_gives_its_circuit_and_nothing_more_is_read(
        id in any::<u32>(),
        source_port in 0u16..,
        destination in prop::sample::select(vec!["::1", "fd00::1", "127.0.0.1"]),
        destination_port in 0u16..,
        request in prop::collection::vec(any::<u8>(), 0..300),
    ) {
        let header = format!(
            "PROXY TCP6 {} {destination} {source_port} {destination_port}\r\n",
            tor_source(id)
        );
        prop_assert!(header.len() <= MAX_HEADER);
        prop_assert_eq!(parse_v1(header.as_bytes()), Ok(id));
        let mut input = header.clone().into_bytes();
        input.extend_from_slice(&request);
        let (result, rest) = read_from(&input);
        prop_assert_eq!(result, Ok(id));
        prop_assert_eq!(rest, request);
    }

    #[test]
    fn proxy_header_cut_short_is_refused(id in any::<u32>(), cut in 0usize..60) {
        let header = format!("PROXY TCP6 {} ::1 46 80\r\n", tor_source(id));
        let cut = cut.min(header.len() - 1);
        let short = &header.as_bytes()[..cut];
        prop_assert!(parse_v1(short).is_err());
        let (result, rest) = read_from(short);
        prop_assert_eq!(result, Err(ProxyError::Truncated));
        prop_assert!(rest.is_empty());
    }

    #[test]
    fn proxy_header_from_outside_tor_is_not_a_circuit(
        segments in prop::array::uniform8(any::<u16>()),
        port in 1u16..,
    ) {
        let source = std::net::Ipv6Addr::from(segments);
        let line = format!("PROXY TCP6 {source} ::1 {port} 80\r\n");
        let tor = segments[..6] == [0xfc00, 0xdead, 0xbeef, 0x4dad, 0, 0];
        let expected = if tor {
            Ok(u32::from(segments[6]) << 16 | u32::from(segments[7]))
        } else {
            Err(ProxyError::NotTor)
        };
        prop_assert_eq!(parse_v1(line.as_bytes()), expected);
    }

    #[test]
    fn proxy_reading_stops_within_the_header_bound(
        garbage in prop::collection::vec(any::<u8>().prop_filter("no LF", |b| *b != b'\n'), 0..400),
    ) {
        // Without a CRLF nothing past MAX_HEADER bytes is ever consumed; what
        // does not start with `PROXY ` is refused within its first six bytes.
        let (result, rest) = read_from(&garbage);
        prop_assert!(result.is_err());
        let consumed = garbage.len() - rest.len();
        prop_assert!(consumed <= MAX_HEADER, "{} bytes read", consumed);
        let signature = b"PROXY ";
        let prefix = garbage.len().min(signature.len());
        if garbage[..prefix] != signature[..prefix] {
            prop_assert_eq!(result, Err(ProxyError::NoHeader));
            prop_assert!(consumed <= signature.len());
        } else if garbage.len() > MAX_HEADER {
            prop_assert_eq!(result, Err(ProxyError::TooLong));
        }
    }
}

// ---- reviewer outbox ----

fn blob_id(bits: u128) -> BlobId {
    BlobId::parse(&format!("{bits:032x}")).expect("32 hex digits")
}

fn thread_id(bits: u64) -> ThreadId {
    ThreadId::parse(&format!("{bits:016x}")).expect("16 hex digits")
}

/// A signed outbox of `reviewer`, with `replies` texts sealed to a fresh thread key.
fn signed_outbox(
    reviewer: &ReviewerIdentity,
    name: &str,
    day: &str,
    acknowledged: &[u128],
    replies: &[(u128, u64, String)],
) -> (OutboxContent, Vec<u8>, Vec<Vec<u8>>) {
    let thread_key = age::x25519::Identity::generate();
    let mut sealed = Vec::new();
    let replies = replies
        .iter()
        .map(|(id, thread, text)| {
            let ciphertext =
                gundo::reply::seal_reply(text, &thread_key.to_public(), &[]).expect("seal");
            let reply = OutboxReply {
                id: blob_id(*id),
                thread: thread_id(*thread),
                age: armor(&ciphertext).expect("armor"),
            };
            sealed.push(ciphertext);
            reply
        })
        .collect();
    let content = OutboxContent {
        format: OUTBOX_FORMAT.into(),
        signer: name.into(),
        signing_key: encode_verifying_key(&reviewer.signing_key().verifying_key()),
        day: day.into(),
        acknowledged: acknowledged.iter().copied().map(blob_id).collect(),
        replies,
        notes: vec![],
    };
    let bytes = write_outbox(&content, reviewer.signing_key());
    (content, bytes, sealed)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn outbox_parse_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let _ = UntrustedOutbox::parse(&bytes);
    }

    #[test]
    fn outbox_parse_never_panics_on_damaged_outboxes(
        cut in any::<prop::sample::Index>(),
        junk in prop::collection::vec(any::<u8>(), 0..40),
        at in any::<prop::sample::Index>(),
    ) {
        let reviewer = ReviewerIdentity::generate();
        let (_, bytes, _) = signed_outbox(&reviewer, "awa", "2026-03-01", &[1], &[]);
        let mut damaged = bytes[..cut.index(bytes.len())].to_vec();
        let at = at.index(damaged.len() + 1);
        damaged.splice(at..at, junk);
        damaged.extend_from_slice(&bytes[cut.index(bytes.len())..]);
        let reviewers = [reviewer.to_reviewer("awa")];
        if let Ok(outbox) = UntrustedOutbox::parse(&damaged) {
            // Whatever still parses must not verify unless it is the original.
            let verified = outbox.verify(&reviewers);
            prop_assert!(verified.is_err() || damaged == bytes);
        }
    }

    #[test]
    fn a_signed_outbox_round_trips(
        name in "[\\PC&&[^\"\\\\]]{1,20}",
        day in "20[0-9]{2}-[01][0-9]-[0-3][0-9]",
        acknowledged in prop::collection::vec(any::<u128>(), 0..5),
        replies in prop::collection::vec((any::<u128>(), any::<u64>(), "\\PC{0,200}"), 0..3),
    ) {
        let reviewer = ReviewerIdentity::generate();
        let (content, bytes, sealed) =
            signed_outbox(&reviewer, &name, &day, &acknowledged, &replies);
        let verified = UntrustedOutbox::parse(&bytes)
            .expect("own outbox parses")
            .verify(&[ReviewerIdentity::generate().to_reviewer("other"), reviewer.to_reviewer("awa")])
            .expect("own outbox verifies");
        prop_assert_eq!(verified.signer, "awa");
        prop_assert_eq!(verified.acknowledged, content.acknowledged);
        prop_assert_eq!(verified.replies.len(), replies.len());
        for ((got, want), ciphertext) in verified.replies.iter().zip(&content.replies).zip(&sealed) {
            prop_assert_eq!(&got.id, &want.id);
            prop_assert_eq!(&got.thread, &want.thread);
            prop_assert_eq!(&got.ciphertext, ciphertext);
        }
    }

    #[test]
    fn any_flipped_byte_in_an_outbox_is_refused(
        at in any::<prop::sample::Index>(),
        mask in 1u8..,
    ) {
        let reviewer = ReviewerIdentity::generate();
        let (_, bytes, _) = signed_outbox(
            &reviewer,
            "awa",
            "2026-03-01",
            &[7, 8],
            &[(9, 10, "Merci, pouvez-vous préciser ?".into())],
        );
        let mut flipped = bytes.clone();
        let at = at.index(flipped.len());
        flipped[at] ^= mask;
        let reviewers = [reviewer.to_reviewer("awa")];
        let refused = match UntrustedOutbox::parse(&flipped) {
            Err(_) => true,
            Ok(outbox) => outbox.verify(&reviewers).is_err(),
        };
        prop_assert!(refused, "byte {} ^ {:#04x} was accepted", at, mask);
    }
}

#[test]
fn an_outbox_signed_by_a_stranger_is_refused() {
    let reviewer = ReviewerIdentity::generate();
    let stranger = ReviewerIdentity::generate();
    let (_, bytes, _) = signed_outbox(&stranger, "eve", "2026-03-01", &[1], &[]);
    let outbox = UntrustedOutbox::parse(&bytes).expect("well-formed");
    assert!(outbox.verify(&[reviewer.to_reviewer("awa")]).is_err());
}

// ---- export manifest ----

fn kind() -> impl Strategy<Value = MessageKind> {
    prop_oneof![Just(MessageKind::Tip), Just(MessageKind::Followup)]
}

fn manifest() -> impl Strategy<Value = ExportManifest> {
    let text = || any::<String>();
    (
        prop_oneof![Just(EXPORT_FORMAT.to_owned()), text()],
        text(),
        prop::collection::vec((text(), text()), 0..3),
        prop::collection::vec((any::<u64>(), text(), text()), 0..3),
        prop::collection::vec((any::<u128>(), any::<u64>(), kind(), text()), 0..4),
        prop::collection::vec(
            (
                any::<u128>(),
                any::<u64>(),
                text(),
                prop::option::of(text()),
            ),
            0..3,
        ),
        prop::collection::vec(
            (
                any::<u128>(),
                any::<u64>(),
                text(),
                prop::option::of(text()),
            ),
            0..3,
        ),
    )
        .prop_map(
            |(format, day, reviewers, threads, messages, replies, notes)| ExportManifest {
                format,
                day,
                reviewers: reviewers
                    .into_iter()
                    .map(|(name, recipient)| ReviewerEntry { name, recipient })
                    .collect(),
                threads: threads
                    .into_iter()
                    .map(|(id, reply_recipient, created_day)| ThreadEntry {
                        id: thread_id(id),
                        reply_recipient,
                        created_day,
                    })
                    .collect(),
                messages: messages
                    .into_iter()
                    .map(|(blob, thread, kind, day)| MessageEntry {
                        blob: blob_id(blob),
                        thread: thread_id(thread),
                        kind,
                        day,
                    })
                    .collect(),
                replies: replies
                    .into_iter()
                    .map(|(blob, thread, day, by)| ReplyEntry {
                        blob: blob_id(blob),
                        thread: thread_id(thread),
                        day,
                        by,
                    })
                    .collect(),
                notes: notes
                    .into_iter()
                    .map(|(blob, thread, day, by)| NoteEntry {
                        blob: blob_id(blob),
                        thread: thread_id(thread),
                        day,
                        by,
                    })
                    .collect(),
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn export_manifest_round_trips_through_toml(manifest in manifest()) {
        let text = toml::to_string(&manifest).expect("a manifest always serialises");
        let back: ExportManifest = toml::from_str(&text).expect("own output parses");
        prop_assert_eq!(back, manifest);
    }

    #[test]
    fn export_manifest_parse_never_panics(text in any::<String>()) {
        let _ = toml::from_str::<ExportManifest>(&text);
    }

    #[test]
    fn export_manifest_parse_never_panics_on_near_misses(
        manifest in manifest(),
        at in any::<prop::sample::Index>(),
        insert in "[\\[\\]=\"'#\n .a-z0-9]{0,4}",
    ) {
        let mut text = toml::to_string(&manifest).expect("serialises");
        let mut at = at.index(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        text.insert_str(at, &insert);
        if let Ok(parsed) = toml::from_str::<ExportManifest>(&text) {
            // Ids that parse are still ids: nothing else gets through.
            for message in &parsed.messages {
                prop_assert!(BlobId::parse(message.blob.as_str()).is_some());
            }
        }
    }
}

// ---- attachment names from the upload form ----

/// Characters that must never reach a ZIP entry name.
fn forbidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '/' | '\\'
                | ':'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{061C}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn attachment_names_are_safe_unique_and_short(
        sent in prop::collection::vec(
            prop_oneof![
                any::<String>(),
                "[aA./\\\\ :\u{202E}\u{2066}\u{200F}\u{0}\u{7f}\u{85}é]{0,20}",
                "[a-z]{190,260}(\\.[a-z]{1,20})?",
                prop::sample::select(vec!["", ".", "..", "a.txt", "A.TXT", "a (2).txt"])
                    .prop_map(str::to_owned),
            ],
            1..12,
        ),
    ) {
        let mut taken = HashSet::new();
        let mut seen = HashSet::new();
        for (i, name) in sent.iter().enumerate() {
            let entry = attachment_entry_name(name, i + 1, &mut taken);
            prop_assert!(!entry.is_empty());
            prop_assert!(entry.len() <= 200, "{} bytes", entry.len());
            prop_assert!(!entry.chars().any(forbidden), "{:?}", entry);
            prop_assert!(entry != "." && entry != "..");
            prop_assert!(seen.insert(entry.to_lowercase()), "{:?} twice", entry);
        }
        prop_assert_eq!(taken, seen);
    }
}

// ---- upload form field names ----

/// A multipart body for `/fr/submit` with these `(field name, value)` parts.
fn multipart(parts: &[(&str, &str)]) -> Vec<u8> {
    use std::fmt::Write as _;
    let boundary = crate::fuzz_regressions::harness::FIXED_BOUNDARY;
    let mut body = String::new();
    for (name, value) in parts {
        let _ = write!(
            body,
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        );
    }
    let _ = write!(body, "--{boundary}--\r\n");
    body.into_bytes()
}

/// Field names a browser could send: no quote, backslash or line break
/// (those would change the header itself, not the name).
fn other_field_name() -> impl Strategy<Value = String> {
    "[^\"\\\\\r\n]{0,40}".prop_filter("not a field of the form", |n| {
        n != "message" && n != "files"
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The submit form has two fields, `message` (once) and `files`; any
    /// other name, before or after them, refuses the whole form with 400
    /// (the harness also checks it never answers 500).
    #[test]
    fn the_submit_form_takes_only_its_own_fields(
        name in other_field_name(),
        first in any::<bool>(),
    ) {
        let site = crate::fuzz_regressions::harness::SubmitHarness::new();
        let tip = ("message", "Le carburant du camp a été revendu.");
        let parts = if first { [(name.as_str(), "x"), tip] } else { [tip, (name.as_str(), "x")] };
        prop_assert_eq!(site.run(&multipart(&parts)), 400, "field {:?}", name);
        // The same tip alone is taken; a second message is not.
        prop_assert_eq!(site.run(&multipart(&[tip])), 200);
        prop_assert_eq!(site.run(&multipart(&[tip, tip])), 400);
    }
}

// ---- receipt entry ----

/// A valid receipt's 24 digit values, from 23 drawn ones and their check digit.
fn receipt_digits() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(0u8..10, RECEIPT_DIGITS - 1).prop_map(|mut digits| {
        digits.push(damm_check_digit(&digits));
        digits
    })
}

fn ascii(digits: &[u8]) -> String {
    digits.iter().map(|&d| char::from(b'0' + d)).collect()
}

/// The digit `d` in one of the three accepted scripts.
fn in_script(d: u8, script: usize) -> char {
    let zero = [0x30, 0x0660, 0x06F0][script];
    char::from_u32(zero + u32::from(d)).expect("a digit")
}

/// Text with no digit in any accepted script (other scripts' digits included).
fn separator() -> impl Strategy<Value = String> {
    "[^0-9\u{0660}-\u{0669}\u{06F0}-\u{06F9}]{0,3}"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn receipts_read_back_from_their_display(digits in receipt_digits()) {
        let code = ReceiptCode::parse(&ascii(&digits)).expect("valid");
        let shown = code.to_display();
        let again = ReceiptCode::parse(&shown).expect("own display parses");
        prop_assert!(again == code);
        let shown_again = again.to_display();
        prop_assert_eq!(shown_again.as_str(), shown.as_str());
        prop_assert_eq!(shown.chars().filter(char::is_ascii_digit).collect::<String>(), ascii(&digits));
    }

    #[test]
    fn receipts_ignore_separators_and_accept_arabic_indic_digits(
        digits in receipt_digits(),
        seps in prop::collection::vec(separator(), RECEIPT_DIGITS + 1),
        scripts in prop::collection::vec(0usize..3, RECEIPT_DIGITS),
    ) {
        let mut typed = String::new();
        for ((&d, sep), &script) in digits.iter().zip(&seps).zip(&scripts) {
            typed.push_str(sep);
            typed.push(in_script(d, script));
        }
        typed.push_str(&seps[RECEIPT_DIGITS]);
        let code = ReceiptCode::parse(&typed).expect("separators and scripts are accepted");
        let plain = ReceiptCode::parse(&ascii(&digits)).expect("valid");
        prop_assert!(code == plain);
    }

    #[test]
    fn every_single_digit_change_is_refused(
        digits in receipt_digits(),
        position in 0..RECEIPT_DIGITS,
        delta in 1u8..10,
    ) {
        let mut wrong = digits.clone();
        wrong[position] = (wrong[position] + delta) % 10;
        prop_assert_eq!(ReceiptCode::parse(&ascii(&wrong)).map(|_| ()), Err(ReceiptError::CheckDigit));
    }

    #[test]
    fn every_adjacent_swap_is_refused(digits in receipt_digits(), position in 0..RECEIPT_DIGITS - 1) {
        let mut swapped = digits.clone();
        swapped.swap(position, position + 1);
        let result = ReceiptCode::parse(&ascii(&swapped)).map(|_| ());
        if digits[position] == digits[position + 1] {
            prop_assert_eq!(result, Ok(()));
        } else {
            prop_assert_eq!(result, Err(ReceiptError::CheckDigit));
        }
    }

    #[test]
    fn receipt_parse_never_panics(input in any::<String>()) {
        let _ = ReceiptCode::parse(&input);
    }
}
