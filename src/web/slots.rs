//! Upload slots: the few places where an upload may stream in at once, who
//! may hold one, and who yields when they are all taken.
//!
//! A slot is the scarce resource of the upload path: while it is held, the
//! server keeps a connection, a multipart parser, a channel of chunks and an
//! age stream for it. [`Slots`] bounds how many are held (so memory stays
//! bounded whatever a client does) and decides fairly who holds them:
//!
//! - **Per circuit**: one Tor circuit holds at most
//!   [`UploadPolicy::per_circuit`] slots (one person needs one or two), so a
//!   few circuits cannot take them all.
//! - **A floor on the sustained rate**: an upload must bring at least
//!   [`UploadPolicy::floor_bytes_per_second`] averaged over the last
//!   [`UploadPolicy::window`]. The window is long so that a real upload over
//!   Tor from a phone, which may stall for several seconds and average
//!   10–50 KiB/s, stays far above the floor. An upload under the floor for a
//!   whole window is cut off.
//! - **Who yields**: when every slot is taken, a newcomer takes the slot of
//!   the upload furthest below the floor (measured from
//!   [`UploadPolicy::grace`] after it started, so a fresh upload has time to
//!   get going), instead of being turned away while trickling uploads hold
//!   the slots. Uploads at or above the floor are never displaced: the
//!   newcomer is told the site is busy.
//!
//! Uploads are counted only while they receive: once a body is whole
//! ([`Slot::finish_receiving`]) it no longer holds a place.
//!
//! Everything here is plain logic over an explicit `now`, so the policy is
//! tested without waiting. Nothing about a client is kept but its circuit id
//! (already in memory for the rate limits) and byte counts.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

use super::ClientKey;

/// How often an upload's byte count is sampled for the sliding window.
const SAMPLE_EVERY: Duration = Duration::from_secs(1);

/// The figures of the policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UploadPolicy {
    /// Uploads receiving at once, whoever sends them.
    pub max_in_flight: usize,
    /// Uploads receiving at once from one Tor circuit.
    pub per_circuit: usize,
    /// Least bytes per second an upload must bring, averaged over `window`.
    pub floor_bytes_per_second: u64,
    /// How far back the floor looks.
    pub window: Duration,
    /// How long a new upload has before it can be found under the floor.
    pub grace: Duration,
}

impl Default for UploadPolicy {
    fn default() -> Self {
        Self {
            max_in_flight: 32,
            per_circuit: 2,
            floor_bytes_per_second: 2 * 1024,
            window: Duration::from_secs(60),
            grace: Duration::from_secs(2),
        }
    }
}

/// Why an upload got no slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// This circuit already holds its share of slots.
    CircuitFull,
    /// Every slot is held by an upload at or above the floor.
    Busy,
}

/// The table of slots.
#[derive(Debug)]
pub struct Slots {
    policy: UploadPolicy,
    held: Mutex<Vec<Arc<Slot>>>,
}

/// One upload's place: its circuit, when it started, what it has brought.
#[derive(Debug)]
pub struct Slot {
    circuit: ClientKey,
    started: Instant,
    progress: Mutex<Progress>,
    /// Set once the whole body has arrived: the slot no longer counts.
    received: AtomicBool,
    /// Set when the upload must stop (under the floor, or displaced).
    cut: AtomicBool,
    wake: Notify,
}

#[derive(Debug)]
struct Progress {
    total: u64,
    /// `(when, total bytes by then)`, oldest first, at most one a second:
    /// the first one is at or before the start of the window.
    samples: VecDeque<(Instant, u64)>,
}

/// A held slot; dropping it gives the place back.
#[derive(Debug)]
pub struct SlotGuard {
    slots: Arc<Slots>,
    slot: Arc<Slot>,
}

impl Slots {
    /// An empty table under `policy`.
    pub fn new(policy: UploadPolicy) -> Arc<Self> {
        Arc::new(Self {
            policy,
            held: Mutex::new(Vec::new()),
        })
    }

    /// The policy's figures.
    pub fn policy(&self) -> &UploadPolicy {
        &self.policy
    }

    fn table(&self) -> MutexGuard<'_, Vec<Arc<Slot>>> {
        // A panic while the lock was held cannot leave the table half
        // changed (every change is one push or one remove).
        self.held.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A slot for an upload from `circuit` starting at `now`, taking the
    /// place of the upload furthest under the floor if every slot is held.
    pub fn admit(self: &Arc<Self>, circuit: ClientKey, now: Instant) -> Result<SlotGuard, Refusal> {
        let mut table = self.table();
        table.retain(|slot| !slot.is_receiving_done());
        if let ClientKey::Circuit(_) = circuit
            && table.iter().filter(|slot| slot.circuit == circuit).count()
                >= self.policy.per_circuit
        {
            return Err(Refusal::CircuitFull);
        }
        if table.len() >= self.policy.max_in_flight {
            let victim = table
                .iter()
                .enumerate()
                .filter_map(|(at, slot)| slot.shortfall(&self.policy, now).map(|s| (at, s)))
                .max_by_key(|&(_, shortfall)| shortfall)
                .map(|(at, _)| at)
                .ok_or(Refusal::Busy)?;
            table.swap_remove(victim).cut();
        }
        let slot = Arc::new(Slot {
            circuit,
            started: now,
            progress: Mutex::new(Progress {
                total: 0,
                samples: VecDeque::from([(now, 0)]),
            }),
            received: AtomicBool::new(false),
            cut: AtomicBool::new(false),
            wake: Notify::new(),
        });
        table.push(slot.clone());
        Ok(SlotGuard {
            slots: self.clone(),
            slot,
        })
    }

    /// Uploads receiving now.
    pub fn receiving(&self) -> usize {
        self.table()
            .iter()
            .filter(|slot| !slot.is_receiving_done())
            .count()
    }
}

impl SlotGuard {
    /// The slot, for the upload that holds it.
    pub fn slot(&self) -> Arc<Slot> {
        self.slot.clone()
    }
}

impl Drop for SlotGuard {
    fn drop(&mut self) {
        self.slots
            .table()
            .retain(|slot| !Arc::ptr_eq(slot, &self.slot));
    }
}

impl Slot {
    fn progress(&self) -> MutexGuard<'_, Progress> {
        self.progress.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Counts `bytes` that arrived at `now`.
    pub fn record(&self, bytes: u64, now: Instant, window: Duration) {
        let mut progress = self.progress();
        progress.total = progress.total.saturating_add(bytes);
        let total = progress.total;
        let fresh = progress
            .samples
            .back()
            .is_none_or(|&(at, _)| now.saturating_duration_since(at) >= SAMPLE_EVERY);
        if fresh {
            progress.samples.push_back((now, total));
        }
        // Keep one sample at or before the window's start, none older.
        let start = now.checked_sub(window).unwrap_or(self.started);
        while progress.samples.len() > 1 && progress.samples[1].0 <= start {
            progress.samples.pop_front();
        }
    }

    /// The whole body has arrived: the slot stops counting and can no longer be cut.
    pub fn finish_receiving(&self) {
        self.received.store(true, Ordering::Release);
    }

    fn is_receiving_done(&self) -> bool {
        self.received.load(Ordering::Acquire)
    }

    /// How many bytes short of the floor the upload is at `now`: what it
    /// brought over the window (or since it started, if it is younger)
    /// against the floor over that time less the grace; `None` when it is
    /// not short, still in its grace, or done.
    fn shortfall(&self, policy: &UploadPolicy, now: Instant) -> Option<u64> {
        if self.is_receiving_done() {
            return None;
        }
        let lookback = now
            .saturating_duration_since(self.started)
            .min(policy.window);
        // The grace is slack on what is owed, whatever the upload's age.
        let span = lookback.checked_sub(policy.grace)?;
        if span.is_zero() {
            return None;
        }
        let owed =
            u64::try_from(u128::from(policy.floor_bytes_per_second) * span.as_millis() / 1000)
                .unwrap_or(u64::MAX);
        let brought = {
            let progress = self.progress();
            let since = now.checked_sub(lookback).unwrap_or(self.started);
            let before = progress
                .samples
                .iter()
                .rev()
                .find(|&&(at, _)| at <= since)
                .map_or(0, |&(_, total)| total);
            progress.total - before
        };
        owed.checked_sub(brought).filter(|&short| short > 0)
    }

    /// Whether the upload has been under the floor for a whole window at
    /// `now`; if so it is cut.
    pub fn check_floor(&self, policy: &UploadPolicy, now: Instant) -> bool {
        let whole_window = now.saturating_duration_since(self.started) >= policy.window;
        if whole_window && self.shortfall(policy, now).is_some() {
            self.cut();
        }
        self.is_cut()
    }

    fn cut(&self) {
        self.cut.store(true, Ordering::Release);
        self.wake.notify_one();
    }

    /// Whether the upload must stop.
    pub fn is_cut(&self) -> bool {
        self.cut.load(Ordering::Acquire)
    }

    /// Completes once the upload must stop.
    pub async fn cut_off(&self) {
        while !self.is_cut() {
            self.wake.notified().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KIB: u64 = 1024;

    fn policy(max: usize) -> UploadPolicy {
        UploadPolicy {
            max_in_flight: max,
            ..UploadPolicy::default()
        }
    }

    fn at(start: Instant, secs: u64) -> Instant {
        start + Duration::from_secs(secs)
    }

    /// Feeds `rate` bytes a second for `secs` seconds, from `from`.
    fn feed(slot: &Slot, start: Instant, from: u64, secs: u64, rate: u64) {
        for s in from..from + secs {
            slot.record(rate, at(start, s + 1), Duration::from_secs(60));
        }
    }

    #[test]
    fn a_circuit_holds_at_most_its_share() {
        let slots = Slots::new(policy(16));
        let now = Instant::now();
        let a = slots.admit(ClientKey::Circuit(1), now).unwrap();
        let b = slots.admit(ClientKey::Circuit(1), now).unwrap();
        assert_eq!(
            slots.admit(ClientKey::Circuit(1), now).unwrap_err(),
            Refusal::CircuitFull
        );
        let _other = slots.admit(ClientKey::Circuit(2), now).unwrap();
        drop(a);
        let _c = slots.admit(ClientKey::Circuit(1), now).unwrap();
        // Without PROXY headers every client is the same: no per-circuit cap.
        let unknown: Vec<_> = (0..5)
            .map(|_| slots.admit(ClientKey::Unknown, now).unwrap())
            .collect();
        assert_eq!(slots.receiving(), 8);
        drop((b, unknown));
        assert_eq!(slots.receiving(), 2);
    }

    #[test]
    fn when_full_the_upload_furthest_under_the_floor_yields() {
        let slots = Slots::new(policy(3));
        let t0 = Instant::now();
        let fast = slots.admit(ClientKey::Circuit(1), t0).unwrap();
        let slow = slots.admit(ClientKey::Circuit(2), t0).unwrap();
        let slowest = slots.admit(ClientKey::Circuit(3), t0).unwrap();
        feed(&fast.slot, t0, 0, 10, 40 * KIB);
        feed(&slow.slot, t0, 0, 10, KIB);
        feed(&slowest.slot, t0, 0, 10, 1);
        let newcomer = slots.admit(ClientKey::Circuit(4), at(t0, 10)).unwrap();
        assert!(slowest.slot.is_cut());
        assert!(!slow.slot.is_cut() && !fast.slot.is_cut());
        // The next newcomer displaces the other one under the floor...
        let _second = slots.admit(ClientKey::Circuit(5), at(t0, 10)).unwrap();
        assert!(slow.slot.is_cut());
        // ...and then everyone left is fast or young: busy.
        assert_eq!(
            slots.admit(ClientKey::Circuit(6), at(t0, 10)).unwrap_err(),
            Refusal::Busy
        );
        assert!(!fast.slot.is_cut() && !newcomer.slot.is_cut());
    }

    #[test]
    fn a_young_upload_is_not_displaced_during_its_grace() {
        let slots = Slots::new(policy(1));
        let t0 = Instant::now();
        let young = slots.admit(ClientKey::Circuit(1), t0).unwrap();
        assert_eq!(
            slots
                .admit(ClientKey::Circuit(2), t0 + Duration::from_millis(1999))
                .unwrap_err(),
            Refusal::Busy
        );
        // Past the grace, bringing nothing, it yields.
        assert!(slots.admit(ClientKey::Circuit(2), at(t0, 3)).is_ok());
        assert!(young.slot.is_cut());
    }

    #[test]
    fn the_floor_is_exact_at_its_edge() {
        let policy = policy(1);
        let t0 = Instant::now();
        let slots = Slots::new(policy);
        let guard = slots.admit(ClientKey::Circuit(1), t0).unwrap();
        // 10 s old, grace 2 s: owes 8 s × 2 KiB.
        guard.slot.record(16 * KIB, at(t0, 1), policy.window);
        assert_eq!(guard.slot.shortfall(&policy, at(t0, 10)), None);
        let short = Slot {
            circuit: ClientKey::Unknown,
            started: t0,
            progress: Mutex::new(Progress {
                total: 16 * KIB - 1,
                samples: VecDeque::from([(t0, 0)]),
            }),
            received: AtomicBool::new(false),
            cut: AtomicBool::new(false),
            wake: Notify::new(),
        };
        assert_eq!(short.shortfall(&policy, at(t0, 10)), Some(1));
    }

    #[test]
    fn a_stalling_but_real_upload_stays_above_the_floor() {
        // 10 KiB/s on average with 20-second stalls, as over Tor from a phone.
        let policy = policy(1);
        let slots = Slots::new(policy);
        let t0 = Instant::now();
        let guard = slots.admit(ClientKey::Circuit(1), t0).unwrap();
        let slot = guard.slot();
        let mut second = 0;
        for _ in 0..10 {
            feed(&slot, t0, second, 10, 20 * KIB);
            second += 30; // 20 s of silence after each 10 s burst
            assert!(
                !slot.check_floor(&policy, at(t0, second)),
                "cut at {second} s"
            );
            assert_eq!(slot.shortfall(&policy, at(t0, second)), None);
        }
    }

    #[test]
    fn a_trickle_is_cut_after_one_window_even_when_slots_are_free() {
        let policy = policy(16);
        let slots = Slots::new(policy);
        let t0 = Instant::now();
        let guard = slots.admit(ClientKey::Circuit(1), t0).unwrap();
        let slot = guard.slot();
        // A burst at the start, then one byte every 20 seconds.
        slot.record(200 * KIB, at(t0, 1), policy.window);
        for s in (21..=120).step_by(20) {
            slot.record(1, at(t0, s), policy.window);
            let whole_window_since_burst = s >= 61;
            assert_eq!(
                slot.check_floor(&policy, at(t0, s)),
                whole_window_since_burst,
                "at {s} s"
            );
        }
    }

    #[test]
    fn finished_uploads_free_their_place_and_are_never_cut() {
        let slots = Slots::new(policy(1));
        let t0 = Instant::now();
        let done = slots.admit(ClientKey::Circuit(1), t0).unwrap();
        done.slot.finish_receiving();
        assert_eq!(slots.receiving(), 0);
        let _next = slots.admit(ClientKey::Circuit(1), at(t0, 100)).unwrap();
        assert!(!done.slot.is_cut());
        assert!(!done.slot.check_floor(slots.policy(), at(t0, 100)));
    }

    #[test]
    fn samples_stay_few() {
        let policy = policy(1);
        let slots = Slots::new(policy);
        let t0 = Instant::now();
        let guard = slots.admit(ClientKey::Unknown, t0).unwrap();
        for ms in 0..600_000u64 {
            guard
                .slot
                .record(1, t0 + Duration::from_millis(ms * 10), policy.window);
        }
        assert!(guard.slot.progress().samples.len() <= 62);
    }

    #[test]
    fn the_table_keeps_the_policy_it_was_given() {
        let given = UploadPolicy {
            max_in_flight: 7,
            per_circuit: 3,
            floor_bytes_per_second: 5 * KIB,
            window: Duration::from_secs(90),
            grace: Duration::from_secs(4),
        };
        assert_eq!(*Slots::new(given).policy(), given);
    }

    #[tokio::test]
    async fn a_cut_upload_is_woken() {
        let slots = Slots::new(policy(1));
        let t0 = Instant::now();
        let first = slots.admit(ClientKey::Circuit(1), t0).unwrap();
        let slot = first.slot();
        // Not cut: the upload goes on (waiting cannot end by itself).
        assert!(
            tokio::time::timeout(Duration::from_millis(50), slot.cut_off())
                .await
                .is_err()
        );
        let waiter = tokio::spawn(async move { slot.cut_off().await });
        tokio::task::yield_now().await;
        let _second = slots.admit(ClientKey::Circuit(2), at(t0, 5)).unwrap();
        tokio::time::timeout(Duration::from_secs(5), waiter)
            .await
            .expect("woken")
            .unwrap();
    }
}
