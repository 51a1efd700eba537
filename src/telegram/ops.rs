//! What the Telegram front-end reports for operations: updates by kind, failed requests by error
//! code and retries (into [`crate::ops::metrics`]), and the replies in flight with their chat,
//! which shutdown waits for and names when it has to give up on them.

use crate::ops::metrics::metrics;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{LazyLock, Mutex};
use teloxide::types::{Update, UpdateKind};
use teloxide::{ApiError, RequestError};

/// The kind of an update, as the `updates_total` metric labels it.
pub fn update_kind(update: &Update) -> &'static str {
    match &update.kind {
        UpdateKind::Message(_) => "message",
        UpdateKind::EditedMessage(_) => "edited_message",
        UpdateKind::CallbackQuery(_) => "callback_query",
        UpdateKind::InlineQuery(_) => "inline_query",
        UpdateKind::ChosenInlineResult(_) => "chosen_inline_result",
        UpdateKind::MyChatMember(_) => "my_chat_member",
        UpdateKind::ChatMember(_) => "chat_member",
        UpdateKind::Poll(_) => "poll",
        UpdateKind::PollAnswer(_) => "poll_answer",
        UpdateKind::ChannelPost(_) | UpdateKind::EditedChannelPost(_) => "channel_post",
        _ => "other",
    }
}

/// Counts one update received.
pub fn count_update(update: &Update) {
    metrics().updates.inc(update_kind(update));
}

/// The error code a failed request is counted under: the HTTP status where Telegram gave one
/// (`429`, `401`, `403`, `400`, `5xx`), else what went wrong (`network`, `invalid_response`, …).
pub fn error_code(e: &RequestError) -> &'static str {
    match e {
        RequestError::RetryAfter(_) => "429",
        RequestError::Api(ApiError::InvalidToken) => "401",
        RequestError::Api(
            ApiError::BotBlocked | ApiError::BotKicked | ApiError::BotKickedFromSupergroup,
        ) => "403",
        RequestError::Api(ApiError::Unknown(d)) => {
            let d = d.to_ascii_lowercase();
            if ["internal server error", "gateway", "service unavailable"]
                .iter()
                .any(|x| d.contains(x))
            {
                "5xx"
            } else if d.starts_with("conflict") {
                "409"
            } else {
                "400"
            }
        }
        RequestError::Api(ApiError::CantGetUpdates | ApiError::TerminatedByOtherGetUpdates) => {
            "409"
        }
        RequestError::Api(_) => "400",
        RequestError::MigrateToChatId(_) => "migrated",
        RequestError::Network(_) => "network",
        RequestError::InvalidJson { .. } => "invalid_response",
        RequestError::Io(_) => "io",
    }
}

/// Counts one failed attempt of request `what`; `will_retry` when `deliver` may try again.
pub fn count_failure(what: &str, e: &RequestError, will_retry: bool) {
    let m = metrics();
    m.api_errors.inc(error_code(e));
    let retried = matches!(e, RequestError::RetryAfter(_))
        || matches!(e, RequestError::Network(_) | RequestError::Io(_))
        || error_code(e) == "5xx"
        || matches!(e, RequestError::InvalidJson { .. });
    if will_retry && retried {
        m.retries.inc(what);
    }
}

/// Replies being delivered now: an id per reply, with its chat and request.
static PENDING: LazyLock<Mutex<HashMap<u64, (i64, String)>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));
static NEXT_PENDING: AtomicU64 = AtomicU64::new(0);

/// A reply in flight; it leaves the register when dropped.
#[must_use]
pub struct PendingReply(u64);

impl Drop for PendingReply {
    fn drop(&mut self) {
        PENDING
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&self.0);
    }
}

/// Registers a reply (request `what` to `chat_id`) as in flight until the guard is dropped.
pub fn pending_reply(chat_id: i64, what: &str) -> PendingReply {
    let id = NEXT_PENDING.fetch_add(1, Ordering::Relaxed);
    PENDING
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(id, (chat_id, what.to_string()));
    PendingReply(id)
}

/// The replies in flight now: `(chat id, request)`, by chat.
pub fn pending_replies() -> Vec<(i64, String)> {
    let mut all: Vec<_> = PENDING
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .values()
        .cloned()
        .collect();
    all.sort();
    all
}
