//! Webhook mode for many replicas behind a load balancer, on one shared (Redis) store.
//!
//! `run --webhook-url URL --listen ADDR` serves our own axum route at the URL's path — not
//! teloxide's webhook helpers, which register the webhook at every start with a random secret,
//! delete it when a replica stops and acknowledge an update before handling it. Here:
//!
//! - a request without the right `X-Telegram-Bot-Api-Secret-Token` (the `WEBHOOK_SECRET` all
//!   replicas share) is answered 401 and not looked at further; a body over
//!   [`MAX_UPDATE_BYTES`] is answered 413;
//! - the update's id is claimed in the store with a lease of [`CLAIM_LEASE_SECS`]: a duplicate
//!   of an update claimed or finished by any replica is answered 200 without a reply;
//! - the handler tree ([`super::handlers::schema`]) runs and is awaited, in a task of its own
//!   (so a dropped connection does not cut a reply in half); the update is marked finished and
//!   only then answered 200. A replica that crashes mid-update never answers, so Telegram
//!   redelivers, and the expired lease lets another replica handle it;
//! - when the store cannot be reached the update is answered 503, for Telegram to retry.
//!
//! Ordering: updates of one chat are handled one at a time in a replica (a per-chat async
//! lock). Across replicas, Telegram sends an update of a chat only after the previous one was
//! acknowledged when `max_connections` is 1; with more connections, two updates of one chat may
//! be handled by two replicas at once — each sees the context the other left, and the replies
//! may cross. `deploy/README.md` says when to choose which.
//!
//! Registering the webhook is an explicit, idempotent step, [`command`]
//! (`devops-guide webhook set|info|delete`), run once by a deploy job; a stopping replica
//! leaves the webhook alone.

use super::RunError;
use super::delivery::redact;
use super::handlers::{HandlerError, TgBot};
use crate::assistant::Assistant;
use crate::ops::metrics::metrics;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use std::collections::HashMap;
use std::ops::ControlFlow;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};
use teloxide::dispatching::UpdateHandler;
use teloxide::dptree::di::DependencyMap;
use teloxide::prelude::*;
use teloxide::types::{AllowedUpdate, Me};

/// The largest update body accepted (Telegram's are a few kilobytes).
pub const MAX_UPDATE_BYTES: usize = 256 * 1024;
/// How long a claim on an update holds before another replica may take it over.
pub const CLAIM_LEASE_SECS: u64 = 60;
/// The header Telegram sends the secret in.
pub const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";
/// `max_connections` of `webhook set` when not given.
pub const DEFAULT_MAX_CONNECTIONS: u8 = 40;

/// The updates the handlers use, as `webhook set` asks Telegram for them.
pub fn allowed_updates() -> Vec<AllowedUpdate> {
    vec![
        AllowedUpdate::Message,
        AllowedUpdate::EditedMessage,
        AllowedUpdate::CallbackQuery,
        AllowedUpdate::InlineQuery,
        AllowedUpdate::MyChatMember,
        AllowedUpdate::PollAnswer,
    ]
}

/// The webhook secret from `WEBHOOK_SECRET`, validated as Telegram requires (1–256 of
/// `A-Z a-z 0-9 _ -`). Its value is never printed.
pub fn secret_from_env() -> Result<String, RunError> {
    let secret = std::env::var("WEBHOOK_SECRET")
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .ok_or(RunError::MissingWebhookSecret)?;
    let valid = secret.len() <= 256
        && secret
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !valid {
        return Err(RunError::BadWebhookSecret);
    }
    Ok(secret)
}

/// A webhook URL: https (or http, for a local Bot API server and tests) with a host.
pub fn parse_url(url: &str) -> Result<reqwest::Url, RunError> {
    let parsed = reqwest::Url::parse(url).map_err(|_| RunError::BadWebhookUrl(url.to_string()))?;
    if !matches!(parsed.scheme(), "https" | "http") || parsed.host_str().is_none() {
        return Err(RunError::BadWebhookUrl(url.to_string()));
    }
    if ["/healthz", "/readyz", "/metrics"].contains(&parsed.path()) {
        return Err(RunError::BadWebhookUrl(format!(
            "{url} (its path is one of the operations endpoints)"
        )));
    }
    Ok(parsed)
}

/// One async lock per chat, dropped when nobody holds or waits for it.
#[derive(Default)]
struct ChatLocks {
    locks: Mutex<HashMap<i64, Arc<tokio::sync::Mutex<()>>>>,
}

struct ChatGuard<'a> {
    owner: &'a ChatLocks,
    key: i64,
    _guard: tokio::sync::OwnedMutexGuard<()>,
}

impl ChatLocks {
    async fn lock(&self, key: i64) -> ChatGuard<'_> {
        let lock = {
            let mut locks = self.locks.lock().unwrap_or_else(|p| p.into_inner());
            Arc::clone(locks.entry(key).or_default())
        };
        ChatGuard {
            owner: self,
            key,
            _guard: lock.lock_owned().await,
        }
    }
}

impl Drop for ChatGuard<'_> {
    fn drop(&mut self) {
        let mut locks = self.owner.locks.lock().unwrap_or_else(|p| p.into_inner());
        // The map's reference and the guard's: nobody else is waiting.
        if locks
            .get(&self.key)
            .is_some_and(|l| Arc::strong_count(l) <= 2)
        {
            locks.remove(&self.key);
        }
    }
}

/// Everything the webhook route needs.
pub struct WebhookState {
    handler: UpdateHandler<HandlerError>,
    deps: DependencyMap,
    assistant: Arc<Assistant>,
    secret: String,
    locks: ChatLocks,
}

impl WebhookState {
    /// The state for `bot` (known as `me`), answering from `assistant`, the handlers given
    /// `dependencies` — the same [`super::handler_dependencies`] the polling dispatcher gets.
    pub fn new(
        bot: TgBot,
        me: Me,
        assistant: Arc<Assistant>,
        mut dependencies: DependencyMap,
        secret: String,
    ) -> WebhookState {
        // What teloxide's dispatcher adds itself in polling mode.
        dependencies.insert(bot);
        dependencies.insert(me);
        WebhookState {
            handler: super::handlers::schema(),
            deps: dependencies,
            assistant,
            secret,
            locks: ChatLocks::default(),
        }
    }
}

/// The router of the webhook route at `path`.
pub fn router(path: &str, state: Arc<WebhookState>) -> Router {
    Router::new().route(path, post(receive)).with_state(state)
}

/// Compares two secrets in time independent of where they differ.
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len()
        && given
            .iter()
            .zip(expected)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// `POST <webhook path>`: one update from Telegram.
async fn receive(State(state): State<Arc<WebhookState>>, request: Request) -> Response {
    let authorized = request
        .headers()
        .get(SECRET_HEADER)
        .is_some_and(|v| same_secret(v.as_bytes(), state.secret.as_bytes()));
    if !authorized {
        metrics().webhook.inc("unauthorized");
        tracing::warn!("webhook request without the right secret token refused");
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let body: Body = request.into_body();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_UPDATE_BYTES).await else {
        metrics().webhook.inc("too_large");
        tracing::warn!(
            max_bytes = MAX_UPDATE_BYTES,
            "webhook request body too large (or cut off); refused"
        );
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let update: Update = match serde_json::from_slice(&bytes) {
        Ok(update) => update,
        Err(e) => {
            metrics().webhook.inc("bad_request");
            // serde's message may quote a piece of the body (a message text): debug only.
            tracing::warn!(
                line = e.line(),
                column = e.column(),
                "webhook request is not an update; refused"
            );
            tracing::debug!(error = %e, "webhook request is not an update");
            return StatusCode::BAD_REQUEST.into_response();
        }
    };
    let update_id = i64::from(update.id.0);
    match state
        .assistant
        .store()
        .claim_update(update_id, CLAIM_LEASE_SECS, now())
    {
        Ok(true) => {}
        Ok(false) => {
            metrics().webhook.inc("duplicate");
            tracing::info!(
                update_id,
                "duplicate update (handled or being handled); acknowledged without a reply"
            );
            return StatusCode::OK.into_response();
        }
        Err(e) => {
            metrics().webhook.inc("store_unavailable");
            tracing::error!(update_id, error = %redact(&e.to_string()), "cannot claim the update in the store; Telegram will retry");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    }
    // Handled in a task of its own: a connection dropped by the peer does not cancel a reply
    // half sent; the response waits for it all the same.
    let handling = tokio::spawn(handle(Arc::clone(&state), update, update_id));
    match handling.await {
        Ok(()) => {
            metrics().webhook.inc("handled");
            StatusCode::OK.into_response()
        }
        Err(e) => {
            metrics().webhook.inc("failed");
            tracing::error!(update_id, error = %e, "handling the update failed; Telegram will redeliver it");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Runs the handler tree on one claimed update, in its chat's turn, then marks it finished.
async fn handle(state: Arc<WebhookState>, update: Update, update_id: i64) {
    let key = update
        .chat()
        .map(|c| c.id.0)
        .or_else(|| update.from().map(|u| u.id.0 as i64))
        .unwrap_or(0);
    let _turn = state.locks.lock(key).await;
    let mut deps = state.deps.clone();
    deps.insert(update);
    match state.handler.dispatch(deps).await {
        ControlFlow::Break(Ok(())) | ControlFlow::Continue(_) => {}
        ControlFlow::Break(Err(e)) => {
            tracing::error!(update_id, error = %redact(&e.to_string()), "an update handler failed");
        }
    }
    if let Err(e) = state.assistant.store().finish_update(update_id) {
        tracing::error!(update_id, error = %redact(&e.to_string()), "cannot mark the update finished; a redelivery after the lease would be answered again");
    }
}

/// What `devops-guide webhook` does.
#[derive(Debug, Clone)]
pub enum WebhookAction {
    /// Registers the webhook at `url` with the secret, the allowed updates and
    /// `max_connections`.
    Set {
        /// The public HTTPS URL of the replicas' load balancer.
        url: reqwest::Url,
        /// `WEBHOOK_SECRET`.
        secret: String,
        /// Telegram's `max_connections` (1–100).
        max_connections: u8,
    },
    /// Prints what Telegram has registered.
    Info,
    /// Deletes the webhook (pending updates are kept).
    Delete,
}

/// Runs a `devops-guide webhook` action against the Bot API; returns what to print.
pub async fn command(bot: &Bot, action: WebhookAction) -> Result<String, RunError> {
    let failed = |e: teloxide::RequestError| match e {
        teloxide::RequestError::Api(teloxide::ApiError::InvalidToken) => RunError::TokenRejected,
        other => RunError::Unreachable(redact(&other.to_string())),
    };
    match action {
        WebhookAction::Set {
            url,
            secret,
            max_connections,
        } => {
            let updates = allowed_updates();
            bot.set_webhook(url.clone())
                .secret_token(secret)
                .allowed_updates(updates.clone())
                .max_connections(max_connections)
                .await
                .map_err(failed)?;
            let names: Vec<String> = updates.iter().map(allowed_name).collect();
            Ok(format!(
                "webhook set: {url}\nallowed updates: {}\nmax connections: {max_connections}\n",
                names.join(", ")
            ))
        }
        WebhookAction::Info => {
            let info = bot.get_webhook_info().await.map_err(failed)?;
            let url = info
                .url
                .as_ref()
                .map(|u| u.to_string())
                .unwrap_or_else(|| "(none: the bot is on long polling)".to_string());
            let last_error = match (&info.last_error_message, info.last_error_date) {
                (Some(m), Some(d)) => format!("{m} (at {d})"),
                (Some(m), None) => m.clone(),
                _ => "none".to_string(),
            };
            let allowed = info
                .allowed_updates
                .as_ref()
                .map(|a| a.iter().map(allowed_name).collect::<Vec<_>>().join(", "))
                .unwrap_or_else(|| "(Telegram's default)".to_string());
            let max = info
                .max_connections
                .map(|m| m.to_string())
                .unwrap_or_else(|| "(default)".to_string());
            Ok(format!(
                "url: {url}\npending updates: {}\nlast error: {last_error}\nallowed updates: {allowed}\nmax connections: {max}\n",
                info.pending_update_count
            ))
        }
        WebhookAction::Delete => {
            bot.delete_webhook().await.map_err(failed)?;
            Ok("webhook deleted; pending updates are kept for long polling\n".to_string())
        }
    }
}

/// The Bot API name of an update type (`callback_query`).
fn allowed_name(update: &AllowedUpdate) -> String {
    serde_json::to_value(update)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| format!("{update:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_only_when_equal() {
        assert!(same_secret(b"abc-123", b"abc-123"));
        assert!(!same_secret(b"abc-124", b"abc-123"));
        assert!(!same_secret(b"abc", b"abc-123"));
        assert!(!same_secret(b"", b"abc"));
    }

    #[test]
    fn webhook_urls_are_checked() {
        assert!(parse_url("https://bot.example.org/tg").is_ok());
        assert!(parse_url("ftp://bot.example.org/tg").is_err());
        assert!(parse_url("not a url").is_err());
        assert!(parse_url("https://bot.example.org/metrics").is_err());
    }
}
