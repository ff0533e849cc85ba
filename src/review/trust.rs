//! What a workspace trusts: the server key and the reviewer set it pinned.
//!
//! A workspace **pins** the server's signing key on its first open: after
//! the reviewer confirmed its fingerprint on a terminal, or because it was
//! given (`--server-fingerprint`), or — without a terminal, for scripts —
//! as found, the way ssh's `accept-new` does, printing it. No later open
//! accepts another key unless the reviewer gives its fingerprint: that is
//! how a new server (or a rotated key) is accepted, explicitly.
//!
//! The **reviewer set** is pinned the same way: replies and notes are sealed
//! to it, so a bundle that adds or removes a reviewer is shown (names and
//! fingerprints) and refused unless the reviewer accepts the change
//! (`--accept-reviewers`, or a confirmation on a terminal).
//!
//! These are plain decisions over what the bundle says and what the workspace
//! pinned; nothing here reads a file or a terminal.

use crate::bundle::{ReviewerEntry, decode_server_key, encode_server_key, fingerprint};
use crate::keys::recipient_fingerprint;

/// How the reviewer steers trust for one open.
#[derive(Clone, Debug, Default)]
pub struct TrustOptions {
    /// The server key's fingerprint, as given by the operator out of band.
    pub server_fingerprint: Option<String>,
    /// Accept a change of the reviewer set.
    pub accept_reviewers: bool,
}

/// Asks the reviewer; `None` when nobody can answer (no terminal).
pub trait Confirm {
    /// "Is this the server's fingerprint?"
    fn server_key(&self, fingerprint: &str) -> Option<bool>;
    /// "Accept this change of the reviewers?"
    fn reviewers(&self, change: &ReviewerChange) -> Option<bool>;
}

/// Nobody to ask: scripts and tests.
pub struct NoTerminal;

impl Confirm for NoTerminal {
    fn server_key(&self, _: &str) -> Option<bool> {
        None
    }
    fn reviewers(&self, _: &ReviewerChange) -> Option<bool> {
        None
    }
}

/// Why a bundle was refused on trust. Nothing of the workspace changed.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TrustError {
    /// Signed by another key than the pinned one.
    #[error(
        "the bundle is signed by another server key (fingerprint {found}) than the one this workspace trusts ({pinned}): refused. If the operator moved to a new server, check the new fingerprint with them by voice and open again with --server-fingerprint"
    )]
    OtherServer {
        /// The pinned key's fingerprint.
        pinned: String,
        /// The bundle's.
        found: String,
    },
    /// Not the fingerprint the reviewer gave.
    #[error(
        "the bundle is signed by a server key with fingerprint {found}, not the {given} you gave: refused"
    )]
    NotTheGivenKey {
        /// What the reviewer gave.
        given: String,
        /// The bundle's.
        found: String,
    },
    /// `--server-fingerprint` is not a fingerprint.
    #[error("--server-fingerprint takes 40 digits, as `gundo check` shows them on the server")]
    BadFingerprint,
    /// The reviewer said no.
    #[error("the server key was not confirmed: nothing was opened")]
    NotConfirmed,
    /// The reviewer set changed without being accepted.
    #[error(
        "the bundle changes who replies and notes are sealed to: {0}. Nothing was opened: check the change with the operator, then open again with --accept-reviewers"
    )]
    ReviewersChanged(String),
}

/// What trusting a bundle does to the pins.
#[derive(Debug, PartialEq, Eq)]
pub struct Trusted {
    /// The server key to pin (`gundoserver1…`).
    pub server_key: String,
    /// Whether the key is pinned by this open (first open or rotation).
    pub newly_pinned: bool,
    /// The reviewer set to pin.
    pub reviewers: Vec<ReviewerEntry>,
    /// The change of reviewers that was accepted, if any.
    pub reviewer_change: Option<ReviewerChange>,
}

/// Reviewers a bundle adds and removes, against the pinned set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReviewerChange {
    /// In the bundle, not pinned.
    pub added: Vec<ReviewerEntry>,
    /// Pinned, not in the bundle.
    pub removed: Vec<ReviewerEntry>,
}

impl ReviewerChange {
    fn between(pinned: &[ReviewerEntry], bundle: &[ReviewerEntry]) -> Self {
        let has = |set: &[ReviewerEntry], r: &ReviewerEntry| {
            set.iter()
                .any(|s| s.recipient == r.recipient && s.name == r.name)
        };
        Self {
            added: bundle.iter().filter(|r| !has(pinned, r)).cloned().collect(),
            removed: pinned.iter().filter(|r| !has(bundle, r)).cloned().collect(),
        }
    }

    /// Whether anything changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty()
    }
}

impl std::fmt::Display for ReviewerChange {
    /// `added amina (AB12-…), removed binta (CD34-…)`; names are shown
    /// through [`crate::terminal::line`] by whoever prints this.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let list = |set: &[ReviewerEntry]| {
            set.iter()
                .map(|r| format!("{} ({})", r.name, recipient_fingerprint(&r.recipient)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut parts = Vec::new();
        if !self.added.is_empty() {
            parts.push(format!("added {}", list(&self.added)));
        }
        if !self.removed.is_empty() {
            parts.push(format!("removed {}", list(&self.removed)));
        }
        f.write_str(&parts.join("; "))
    }
}

/// Decides whether a bundle signed by `server_key` naming `reviewers` may
/// be opened into a workspace that pinned `pinned_key` and `pinned_reviewers`.
pub fn decide(
    server_key: &ed25519_dalek::VerifyingKey,
    reviewers: &[ReviewerEntry],
    pinned_key: Option<&str>,
    pinned_reviewers: &[ReviewerEntry],
    options: &TrustOptions,
    confirm: &dyn Confirm,
) -> Result<Trusted, TrustError> {
    let found = fingerprint(server_key);
    let encoded = encode_server_key(server_key);
    let pinned = pinned_key.and_then(decode_server_key);
    let newly_pinned = match (&options.server_fingerprint, pinned) {
        (Some(given), _) => {
            let given =
                crate::bundle::normalise_fingerprint(given).ok_or(TrustError::BadFingerprint)?;
            if given != found {
                return Err(TrustError::NotTheGivenKey { given, found });
            }
            pinned.is_none_or(|p| p != *server_key)
        }
        (None, Some(pinned)) if pinned == *server_key => false,
        (None, Some(pinned)) => {
            return Err(TrustError::OtherServer {
                pinned: fingerprint(&pinned),
                found,
            });
        }
        (None, None) => match confirm.server_key(&found) {
            Some(false) => return Err(TrustError::NotConfirmed),
            Some(true) | None => true,
        },
    };
    let change = ReviewerChange::between(pinned_reviewers, reviewers);
    let first_set = pinned_reviewers.is_empty();
    let reviewer_change = if first_set || change.is_empty() {
        None
    } else if options.accept_reviewers || confirm.reviewers(&change) == Some(true) {
        Some(change)
    } else {
        return Err(TrustError::ReviewersChanged(
            crate::terminal::line(&change.to_string()).into_owned(),
        ));
    };
    Ok(Trusted {
        server_key: encoded,
        newly_pinned,
        reviewers: reviewers.to_vec(),
        reviewer_change,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::ServerSigningKey;

    struct Answer(bool);
    impl Confirm for Answer {
        fn server_key(&self, _: &str) -> Option<bool> {
            Some(self.0)
        }
        fn reviewers(&self, _: &ReviewerChange) -> Option<bool> {
            Some(self.0)
        }
    }

    fn reviewer(name: &str) -> ReviewerEntry {
        ReviewerEntry {
            name: name.into(),
            recipient: age::x25519::Identity::generate().to_public().to_string(),
        }
    }

    #[test]
    fn the_first_open_pins_and_later_opens_refuse_another_key() {
        let server = ServerSigningKey::generate().verifying_key();
        let amina = vec![reviewer("amina")];
        let first = decide(
            &server,
            &amina,
            None,
            &[],
            &TrustOptions::default(),
            &NoTerminal,
        )
        .unwrap();
        assert!(first.newly_pinned);
        assert_eq!(first.reviewers, amina);
        let again = decide(
            &server,
            &amina,
            Some(&first.server_key),
            &amina,
            &TrustOptions::default(),
            &NoTerminal,
        )
        .unwrap();
        assert!(!again.newly_pinned);
        let forger = ServerSigningKey::generate().verifying_key();
        for confirm in [&NoTerminal as &dyn Confirm, &Answer(true)] {
            assert!(matches!(
                decide(
                    &forger,
                    &amina,
                    Some(&first.server_key),
                    &amina,
                    &TrustOptions::default(),
                    confirm
                ),
                Err(TrustError::OtherServer { .. })
            ));
        }
        // An explicit fingerprint rotates the pin; a wrong one is refused.
        let rotate = TrustOptions {
            server_fingerprint: Some(fingerprint(&forger)),
            ..TrustOptions::default()
        };
        assert!(
            decide(
                &forger,
                &amina,
                Some(&first.server_key),
                &amina,
                &rotate,
                &NoTerminal
            )
            .unwrap()
            .newly_pinned
        );
        let wrong = TrustOptions {
            server_fingerprint: Some(fingerprint(&server)),
            ..TrustOptions::default()
        };
        assert!(matches!(
            decide(&forger, &amina, None, &[], &wrong, &NoTerminal),
            Err(TrustError::NotTheGivenKey { .. })
        ));
        // On a terminal, "no" refuses the first pin.
        assert_eq!(
            decide(
                &server,
                &amina,
                None,
                &[],
                &TrustOptions::default(),
                &Answer(false)
            ),
            Err(TrustError::NotConfirmed)
        );
    }

    #[test]
    fn a_changed_reviewer_set_needs_accepting() {
        let server = ServerSigningKey::generate().verifying_key();
        let pin = encode_server_key(&server);
        let (amina, binta) = (reviewer("amina"), reviewer("binta"));
        let mallory = reviewer("mallory");
        let pinned = vec![amina.clone(), binta.clone()];
        let swapped = vec![amina.clone(), mallory.clone()];
        let refused = decide(
            &server,
            &swapped,
            Some(&pin),
            &pinned,
            &TrustOptions::default(),
            &NoTerminal,
        )
        .unwrap_err();
        let TrustError::ReviewersChanged(text) = &refused else {
            panic!("{refused:?}");
        };
        assert!(
            text.contains("added mallory") && text.contains("removed binta"),
            "{text}"
        );
        assert!(
            decide(
                &server,
                &swapped,
                Some(&pin),
                &pinned,
                &TrustOptions::default(),
                &Answer(false)
            )
            .is_err()
        );
        let accepted = decide(
            &server,
            &swapped,
            Some(&pin),
            &pinned,
            &TrustOptions::default(),
            &Answer(true),
        )
        .unwrap();
        assert_eq!(
            accepted.reviewer_change.unwrap().added,
            vec![mallory.clone()]
        );
        let flag = TrustOptions {
            accept_reviewers: true,
            ..TrustOptions::default()
        };
        assert!(decide(&server, &swapped, Some(&pin), &pinned, &flag, &NoTerminal).is_ok());
        // A renamed key is a change too.
        let renamed = vec![
            ReviewerEntry {
                name: "amina2".into(),
                ..amina
            },
            binta,
        ];
        assert!(
            decide(
                &server,
                &renamed,
                Some(&pin),
                &pinned,
                &TrustOptions::default(),
                &NoTerminal
            )
            .is_err()
        );
    }

    #[test]
    fn a_reviewer_only_added_or_only_removed_is_a_change() {
        let server = ServerSigningKey::generate().verifying_key();
        let pin = encode_server_key(&server);
        let (amina, binta) = (reviewer("amina"), reviewer("binta"));
        let pinned = vec![amina.clone()];
        // An attacker's key slipped in beside the real reviewers: replies
        // would be sealed to it too.
        let added = vec![amina.clone(), binta.clone()];
        let refused = decide(
            &server,
            &added,
            Some(&pin),
            &pinned,
            &TrustOptions::default(),
            &NoTerminal,
        )
        .unwrap_err();
        assert_eq!(
            refused,
            TrustError::ReviewersChanged(format!(
                "added binta ({})",
                recipient_fingerprint(&binta.recipient)
            ))
        );
        // A reviewer dropped: they would read nothing more.
        let removed = decide(
            &server,
            std::slice::from_ref(&amina),
            Some(&pin),
            &added,
            &TrustOptions::default(),
            &NoTerminal,
        )
        .unwrap_err();
        assert!(
            matches!(&removed, TrustError::ReviewersChanged(t) if t.starts_with("removed binta"))
        );
        assert!(ReviewerChange::between(&pinned, &pinned).is_empty());
        assert!(!ReviewerChange::between(&pinned, &added).is_empty());
        assert!(!ReviewerChange::between(&added, &pinned).is_empty());
    }

    #[test]
    fn without_a_terminal_nobody_answers() {
        // Scripts pin a first key as found (accept-new) because nobody
        // answered, never because someone said yes or no.
        assert_eq!(NoTerminal.server_key("12345"), None);
        assert_eq!(NoTerminal.reviewers(&ReviewerChange::default()), None);
    }
}
