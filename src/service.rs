//! Running as a system service: systemd readiness and watchdog
//! (`Type=notify`, `WatchdogSec=`), and the periodic retention sweep.
//!
//! Readiness is sent once the socket is bound, so Tor never meets a missing
//! socket after systemd says the service is up. Watchdog pings are sent only
//! while the database answers: a server whose store is wedged stops pinging
//! and systemd restarts it. Outside systemd (no `$NOTIFY_SOCKET`) all of this
//! does nothing.

use std::time::Duration;

use sd_notify::NotifyState;

use crate::config::RetentionPolicy;
use crate::web::AppState;

/// How often the server deletes what has expired (days are the unit, so a
/// few times a day is enough).
pub const SWEEP_INTERVAL: Duration = Duration::from_secs(6 * 60 * 60);

/// Tells systemd the service is ready, with a one-line status.
pub fn notify_ready(status: &str) {
    if let Err(e) = sd_notify::notify(&[NotifyState::Ready, NotifyState::Status(status)]) {
        tracing::warn!(kind = ?e.kind(), "cannot notify systemd of readiness");
    }
}

/// Tells systemd the service is stopping.
pub fn notify_stopping() {
    let _ = sd_notify::notify(&[NotifyState::Stopping]);
}

/// Pings systemd's watchdog at half its interval while the store answers;
/// `None` when no watchdog is asked for.
pub fn spawn_watchdog(state: AppState) -> Option<tokio::task::JoinHandle<()>> {
    let interval = sd_notify::watchdog_enabled()?;
    let period = (interval / 2).max(Duration::from_millis(100));
    Some(tokio::spawn(async move {
        let mut tick = tokio::time::interval(period);
        loop {
            tick.tick().await;
            let store = state.clone();
            let alive = tokio::time::timeout(
                period,
                tokio::task::spawn_blocking(move || store.store().ping()),
            )
            .await;
            if let Ok(Ok(Ok(()))) = alive {
                let _ = sd_notify::notify(&[NotifyState::Watchdog]);
            } else {
                tracing::error!(
                    kind = "watchdog",
                    "the store did not answer: not pinging the watchdog"
                );
            }
        }
    }))
}

/// Deletes what `policy` says has expired, at start and every [`SWEEP_INTERVAL`].
pub fn spawn_retention(state: AppState, policy: RetentionPolicy) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(SWEEP_INTERVAL);
        loop {
            tick.tick().await;
            let store = state.clone();
            let swept = tokio::task::spawn_blocking(move || {
                store
                    .store()
                    .purge_expired(&policy, crate::store::today_date())
            })
            .await;
            match swept {
                Ok(Ok(report)) => {
                    if report.threads + report.delivered_messages + report.read_replies > 0 {
                        tracing::info!(
                            threads = report.threads,
                            delivered = report.delivered_messages,
                            replies = report.read_replies,
                            "deleted what had expired"
                        );
                    }
                }
                Ok(Err(e)) => tracing::error!(error = %e, "the retention sweep failed"),
                Err(_) => tracing::error!(kind = "retention", "the retention sweep panicked"),
            }
        }
    })
}
