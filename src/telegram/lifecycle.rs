//! Stopping well: SIGTERM and SIGINT (and, for the reloader, SIGHUP) as a [`Stop`] every part of
//! `run` watches. On a stop signal the bot stops taking updates (polling ends; the HTTP server
//! stops accepting connections), the replies in flight are finished, and after at most
//! [`SHUTDOWN_GRACE`] the process exits 0 anyway, naming in the log every reply still pending
//! (a long `retry_after`, say) with its chat id.

use super::ops::pending_replies;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// How long replies in flight are given to finish after a stop signal. Within the 10 s that
/// Kubernetes and systemd give by default before they kill, with room to spare.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(8);

/// A stop request shared by the parts of `run`.
#[derive(Clone, Debug)]
pub struct Stop {
    tx: Arc<watch::Sender<bool>>,
}

impl Default for Stop {
    fn default() -> Stop {
        Stop::new()
    }
}

impl Stop {
    /// A stop not yet requested.
    pub fn new() -> Stop {
        Stop {
            tx: Arc::new(watch::channel(false).0),
        }
    }

    /// Requests the stop.
    pub fn trigger(&self) {
        self.tx.send_replace(true);
    }

    /// Whether the stop was requested.
    pub fn requested(&self) -> bool {
        *self.tx.borrow()
    }

    /// Resolves once the stop is requested.
    pub async fn wait(&self) {
        let mut rx = self.tx.subscribe();
        let _ = rx.wait_for(|stopped| *stopped).await;
    }

    /// Resolves [`SHUTDOWN_GRACE`] after the stop was requested, having logged the replies
    /// still pending then.
    pub async fn deadline(&self) {
        self.wait().await;
        tokio::time::sleep(SHUTDOWN_GRACE).await;
        let pending = pending_replies();
        for (chat_id, request) in &pending {
            tracing::warn!(
                chat_id,
                request = request.as_str(),
                "shutdown deadline reached: this reply was still pending and is dropped"
            );
        }
        tracing::warn!(
            pending = pending.len(),
            grace_secs = SHUTDOWN_GRACE.as_secs(),
            "stopping without waiting any longer"
        );
    }

    /// Triggers the stop on the first SIGINT or SIGTERM.
    pub fn on_signals(&self) {
        let stop = self.clone();
        tokio::spawn(async move {
            super::shutdown_signal().await;
            tracing::info!(
                "stop signal received: taking no more updates, finishing the replies in flight"
            );
            stop.trigger();
        });
    }
}
