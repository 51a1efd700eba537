//! Getting replies to Telegram despite its limits and failures: 429s are waited out, network
//! errors and 5xx answers are retried with a bounded backoff, and a reply that finally fails is
//! logged with the chat and the kind of error — nothing is dropped silently. Also the flood
//! control that keeps one over-eager member from monopolising the bot, and the redaction that
//! keeps the bot token out of every message (reqwest errors carry the request URL, token and all).

use crate::core::context::ConversationId;
use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::sync::{Mutex, RwLock};
use std::time::{Duration, Instant};
use teloxide::{ApiError, RequestError};

/// Attempts per request, the first included.
const MAX_ATTEMPTS: u32 = 5;
/// Longest wait honoured for a 429 before trying again.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
/// First pause after a network error or 5xx; doubled each time.
const FIRST_BACKOFF: Duration = Duration::from_millis(300);

static SECRETS: RwLock<Vec<String>> = RwLock::new(Vec::new());

/// Registers strings (the bot token, the webhook secret) that must never appear in logs or
/// errors; adds to those registered before. The longest are redacted first.
pub fn register_secrets(secrets: Vec<String>) {
    let mut all = SECRETS.write().unwrap_or_else(|p| p.into_inner());
    for s in secrets {
        if !s.is_empty() && !all.contains(&s) {
            all.push(s);
        }
    }
    all.sort_by_key(|s| std::cmp::Reverse(s.len()));
}

/// `text` with every registered secret replaced by `<redacted>`.
pub fn redact(text: &str) -> String {
    let mut out = text.to_string();
    for s in SECRETS.read().unwrap_or_else(|p| p.into_inner()).iter() {
        if out.contains(s.as_str()) {
            out = out.replace(s.as_str(), "<redacted>");
        }
    }
    out
}

/// A short name for the kind of a request error, for logs and metrics.
pub fn error_kind(e: &RequestError) -> &'static str {
    match e {
        RequestError::Api(
            ApiError::BotBlocked | ApiError::BotKicked | ApiError::BotKickedFromSupergroup,
        ) => "forbidden",
        RequestError::Api(ApiError::InvalidToken) => "unauthorized",
        RequestError::Api(_) => "api",
        RequestError::MigrateToChatId(_) => "migrated",
        RequestError::RetryAfter(_) => "rate_limited",
        RequestError::Network(_) => "network",
        RequestError::InvalidJson { .. } => "invalid_response",
        RequestError::Io(_) => "io",
    }
}

/// Whether an error is worth another attempt after a pause.
fn transient(e: &RequestError) -> bool {
    match e {
        RequestError::Network(_) | RequestError::Io(_) | RequestError::InvalidJson { .. } => true,
        RequestError::Api(ApiError::Unknown(description)) => {
            let d = description.to_ascii_lowercase();
            [
                "internal server error",
                "bad gateway",
                "gateway",
                "service unavailable",
                "timeout",
            ]
            .iter()
            .any(|x| d.contains(x))
        }
        _ => false,
    }
}

/// Runs `attempt` until it succeeds, waiting out rate limits and retrying transient failures;
/// logs and returns `None` when the request finally fails. `what` names the request in logs.
pub async fn deliver<T, Fut>(
    what: &str,
    chat_id: i64,
    mut attempt: impl FnMut() -> Fut,
) -> Option<T>
where
    Fut: Future<Output = Result<T, RequestError>>,
{
    let _pending = super::ops::pending_reply(chat_id, what);
    super::pacing::pace(what, chat_id).await;
    let mut backoff = FIRST_BACKOFF;
    for n in 1..=MAX_ATTEMPTS {
        let result = attempt().await;
        if let Err(e) = &result {
            super::ops::count_failure(what, e, n < MAX_ATTEMPTS);
        }
        match result {
            Ok(value) => return Some(value),
            Err(RequestError::RetryAfter(after)) if n < MAX_ATTEMPTS => {
                let wait = after.duration().min(MAX_RETRY_AFTER);
                tracing::warn!(
                    chat_id,
                    request = what,
                    wait_secs = wait.as_secs(),
                    "rate limited by Telegram; waiting"
                );
                tokio::time::sleep(wait).await;
            }
            Err(e) if n < MAX_ATTEMPTS && transient(&e) => {
                tracing::warn!(chat_id, request = what, kind = error_kind(&e), error = %redact(&e.to_string()), attempt = n, "transient failure; retrying");
                tokio::time::sleep(backoff).await;
                backoff *= 2;
            }
            Err(e) => {
                tracing::error!(chat_id, request = what, kind = error_kind(&e), error = %redact(&e.to_string()), "reply not delivered");
                return None;
            }
        }
    }
    None
}

/// What flood control decides about one message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Answer it.
    Allow,
    /// Tell the sender to slow down (once), and ignore the message.
    Warn,
    /// Ignore it silently.
    Ignore,
}

/// One sender's recent messages, and until when they are muted.
type Sender = (VecDeque<Instant>, Option<Instant>);

/// Per-person flood control: more than `limit` messages in `window` gets one "slow down", then
/// silence for `mute`.
#[derive(Debug)]
pub struct Flood {
    limit: usize,
    window: Duration,
    mute: Duration,
    state: Mutex<HashMap<ConversationId, Sender>>,
}

impl Default for Flood {
    fn default() -> Flood {
        Flood::new(10, Duration::from_secs(10), Duration::from_secs(30))
    }
}

impl Flood {
    /// Flood control with these limits.
    pub fn new(limit: usize, window: Duration, mute: Duration) -> Flood {
        Flood {
            limit,
            window,
            mute,
            state: Mutex::new(HashMap::new()),
        }
    }

    /// Records a message of `id` now and decides what to do with it.
    pub fn check(&self, id: ConversationId) -> Verdict {
        self.check_at(id, Instant::now())
    }

    fn check_at(&self, id: ConversationId, now: Instant) -> Verdict {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if state.len() > 50_000 {
            // Bound the memory: forget everyone idle for longer than a window and a mute.
            let keep = self.window + self.mute;
            state.retain(|_, (times, muted)| {
                times.back().is_some_and(|t| now.duration_since(*t) < keep)
                    || muted.is_some_and(|m| m > now)
            });
        }
        let (times, muted) = state.entry(id).or_default();
        if let Some(until) = *muted {
            if now < until {
                return Verdict::Ignore;
            }
            *muted = None;
            times.clear();
        }
        while times
            .front()
            .is_some_and(|t| now.duration_since(*t) > self.window)
        {
            times.pop_front();
        }
        times.push_back(now);
        if times.len() > self.limit {
            *muted = Some(now + self.mute);
            return Verdict::Warn;
        }
        Verdict::Allow
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_eleventh_message_in_ten_seconds_is_warned_then_ignored() {
        let flood = Flood::default();
        let id = ConversationId { chat: 1, user: 1 };
        let t0 = Instant::now();
        for i in 0..10 {
            assert_eq!(
                flood.check_at(id, t0 + Duration::from_millis(i * 100)),
                Verdict::Allow
            );
        }
        assert_eq!(
            flood.check_at(id, t0 + Duration::from_secs(1)),
            Verdict::Warn
        );
        assert_eq!(
            flood.check_at(id, t0 + Duration::from_secs(2)),
            Verdict::Ignore
        );
        assert_eq!(
            flood.check_at(id, t0 + Duration::from_secs(40)),
            Verdict::Allow
        );
        let other = ConversationId { chat: 1, user: 2 };
        assert_eq!(
            flood.check_at(other, t0 + Duration::from_secs(2)),
            Verdict::Allow
        );
    }

    #[test]
    fn secrets_are_redacted() {
        register_secrets(vec!["123:SECRET".into()]);
        assert_eq!(
            redact("url https://x/bot123:SECRET/getMe"),
            "url https://x/bot<redacted>/getMe"
        );
    }
}
