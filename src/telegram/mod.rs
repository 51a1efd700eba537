//! The Telegram front-end: `devops-guide run` serves the bot on long polling (the default, one
//! replica) or, with `--webhook-url`, on a webhook ([`webhook`], many replicas).
//!
//! It validates the token before anything else (a missing or malformed token is a one-line error;
//! a token Telegram rejects is reported as such, never a panic or a crash loop), registers the
//! command menu, and runs [`handlers::schema`] until SIGINT or SIGTERM ([`lifecycle`]). With
//! `--listen` it serves `/healthz`, `/readyz` and `/metrics` ([`http`]); SIGHUP or an edited
//! `--knowledge` directory reloads the knowledge ([`reload`]). Long polling refuses to start
//! while a webhook is set (it would unhook a webhook fleet) unless forced, and a second poller
//! (Telegram's 409) is a clear error, not a crash loop.
//! The token and the webhook secret are never logged: every error passes through
//! [`delivery::redact`], and so does every log line ([`logging`]).
//!
//! This module adapts Telegram to the [`Assistant`]; it holds no career knowledge of its own.

pub mod commands;
pub mod delivery;
pub mod handlers;
pub mod http;
pub mod lifecycle;
pub mod logging;
pub mod ops;
pub mod pacing;
pub mod pictures;
pub mod quiz;
pub mod reload;
pub mod render;
pub mod webhook;

use crate::assistant::Assistant;
use crate::core::engine::Engine;
use delivery::{Flood, deliver, redact, register_secrets};
use std::sync::Arc;
use std::time::Duration;
use teloxide::prelude::*;
use teloxide::update_listeners::Polling;
use teloxide::{ApiError, RequestError};

/// How the bot is run.
#[derive(Clone)]
pub struct RunOptions {
    /// The bot token from @BotFather.
    pub token: String,
    /// The Bot API base URL (a self-hosted Bot API server, or the tests' fake), if not Telegram's.
    pub api_url: Option<String>,
    /// Whether to keep within Telegram's rate limits (off only for tests and benchmarks).
    pub throttle: bool,
    /// Seconds of inactivity after which a conversation's context is forgotten.
    pub context_ttl: u64,
    /// Where contexts and progress are kept.
    pub store: Arc<dyn crate::storage::Store>,
    /// Webhook mode, the HTTP endpoints, reloading and the polling safety check.
    pub ops: OpsOptions,
}

/// The operations side of `run`.
#[derive(Clone, Debug, Default)]
pub struct OpsOptions {
    /// Where to serve `/healthz`, `/readyz`, `/metrics` (and the webhook route).
    pub listen: Option<std::net::SocketAddr>,
    /// Webhook mode: the public URL Telegram posts to (its path is our route) and the secret.
    pub webhook: Option<WebhookMode>,
    /// Start long polling even though a webhook is set (deleting it).
    pub force_polling: bool,
    /// The knowledge directory to reload from and watch (`None`: the copy built in).
    pub knowledge_dir: Option<std::path::PathBuf>,
}

/// Webhook mode's settings.
#[derive(Clone)]
pub struct WebhookMode {
    /// The public URL of the webhook.
    pub url: reqwest::Url,
    /// `WEBHOOK_SECRET`, shared by all replicas.
    pub secret: String,
}

impl std::fmt::Debug for WebhookMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookMode")
            .field("url", &self.url.as_str())
            .finish_non_exhaustive()
    }
}

/// Why the bot could not run. Messages never contain the token.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// No token in the environment.
    #[error(
        "no bot token: set TELOXIDE_TOKEN (or TELEGRAM_BOT_TOKEN) to the token @BotFather gave you"
    )]
    MissingToken,
    /// The token is not of the form `<bot id>:<secret>`.
    #[error("the bot token is malformed: expected <bot id>:<secret>, as @BotFather gives it")]
    MalformedToken,
    /// The Bot API URL is not a URL.
    #[error("TELOXIDE_API_URL {0:?} is not a valid http(s) URL")]
    BadApiUrl(String),
    /// Telegram answered 401 to getMe.
    #[error(
        "Telegram rejected the bot token (401 Unauthorized); check TELOXIDE_TOKEN or create a new token with @BotFather"
    )]
    TokenRejected,
    /// The Bot API could not be reached or answered nonsense.
    #[error("cannot reach the Telegram Bot API: {0}")]
    Unreachable(String),
    /// The async runtime could not start.
    #[error("cannot start the runtime: {0}")]
    Runtime(#[from] std::io::Error),
    /// Webhook mode without `WEBHOOK_SECRET`.
    #[error(
        "webhook mode needs WEBHOOK_SECRET: set it to the secret every replica shares (1-256 of A-Z a-z 0-9 _ -), the one `devops-guide webhook set` registered"
    )]
    MissingWebhookSecret,
    /// `WEBHOOK_SECRET` has characters Telegram does not allow.
    #[error("WEBHOOK_SECRET must be 1-256 characters of A-Z a-z 0-9 _ - (Telegram's rule)")]
    BadWebhookSecret,
    /// The webhook URL is not usable.
    #[error("the webhook URL {0} is not a valid https URL")]
    BadWebhookUrl(String),
    /// Webhook mode without `--listen`.
    #[error("webhook mode needs --listen ADDR (such as 0.0.0.0:8080) to receive updates on")]
    MissingListen,
    /// The HTTP address cannot be bound.
    #[error("cannot listen on {0}: {1}")]
    Listen(std::net::SocketAddr, std::io::Error),
    /// Long polling asked for while a webhook is set.
    #[error(
        "a webhook is set ({0}): the bot is served by webhook replicas, and long polling would delete it; run `devops-guide webhook delete` first, or pass --force to take over"
    )]
    WebhookActive(String),
    /// Telegram refused `getUpdates` with 409 Conflict.
    #[error(
        "Telegram refused long polling (409 Conflict: {0}); another instance of this bot is polling, or a webhook was set meanwhile - only one poller may run"
    )]
    PollingConflict(String),
}

/// The token from the environment: `TELOXIDE_TOKEN`, else `TELEGRAM_BOT_TOKEN`, validated.
pub fn token_from_env() -> Result<String, RunError> {
    let token = std::env::var("TELOXIDE_TOKEN")
        .ok()
        .filter(|t| !t.trim().is_empty())
        .or_else(|| {
            std::env::var("TELEGRAM_BOT_TOKEN")
                .ok()
                .filter(|t| !t.trim().is_empty())
        })
        .ok_or(RunError::MissingToken)?;
    let token = token.trim().to_string();
    let well_formed = token.split_once(':').is_some_and(|(id, secret)| {
        !id.is_empty()
            && id.chars().all(|c| c.is_ascii_digit())
            && secret.len() >= 20
            && secret
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    });
    if !well_formed {
        return Err(RunError::MalformedToken);
    }
    Ok(token)
}

/// Runs the bot until SIGINT or SIGTERM; blocks the calling thread.
pub fn run_blocking(engine: Engine, options: RunOptions) -> Result<(), RunError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(run(engine, options))
}

/// Registers the token (and its secret half, in case it appears URL-encoded) and the webhook
/// secret for redaction.
pub fn register_run_secrets(token: &str, webhook_secret: Option<&str>) {
    let mut secrets = vec![token.to_string()];
    if let Some((_, half)) = token.split_once(':') {
        secrets.push(half.to_string());
    }
    secrets.extend(webhook_secret.map(str::to_string));
    register_secrets(secrets);
}

/// A bot for `token`, at `api_url` when given (a self-hosted Bot API server, the tests' fake).
pub fn make_bot(token: &str, api_url: Option<&str>) -> Result<Bot, RunError> {
    let mut bot = Bot::new(token);
    if let Some(url) = api_url {
        let parsed = reqwest_url(url).ok_or_else(|| RunError::BadApiUrl(url.to_string()))?;
        bot = bot.set_api_url(parsed);
    }
    Ok(bot)
}

/// Runs the bot until SIGINT or SIGTERM.
pub async fn run(engine: Engine, options: RunOptions) -> Result<(), RunError> {
    register_run_secrets(
        &options.token,
        options.ops.webhook.as_ref().map(|w| w.secret.as_str()),
    );
    let bot = make_bot(&options.token, options.api_url.as_deref())?;
    // Ask for our own identity first: teloxide's dispatcher panics when getMe fails.
    let me = match bot.get_me().await {
        Ok(me) => me,
        Err(RequestError::Api(ApiError::InvalidToken)) => return Err(RunError::TokenRejected),
        Err(e) => return Err(RunError::Unreachable(redact(&e.to_string()))),
    };
    tracing::info!(
        username = me.user.username.as_deref().unwrap_or(""),
        "connected to Telegram"
    );

    pacing::set_enabled(options.throttle);
    deliver("setMyCommands", 0, || {
        bot.set_my_commands(commands::menu()).into_future()
    })
    .await;

    crate::ops::metrics::metrics()
        .set_knowledge_version(&crate::ops::metrics::knowledge_version(engine.knowledge()));
    let assistant = Arc::new(Assistant::new(
        engine,
        crate::ops::metered_store::MeteredStore::wrap(options.store.clone()),
        options.context_ttl,
    ));
    let flood = Arc::new(Flood::default());
    let study = Arc::new(quiz::Study::from_env(assistant.clone(), options.throttle));
    tokio::spawn(quiz::run_reminders(bot.clone(), study.clone()));
    let series_at_exit = Arc::clone(&study);
    let stop = lifecycle::Stop::new();
    stop.on_signals();
    reload::spawn(Arc::clone(&assistant), options.ops.knowledge_dir.clone());
    let ops_app = http::ops_router(http::OpsState {
        assistant: Arc::clone(&assistant),
    });

    if let Some(mode) = &options.ops.webhook {
        let addr = options.ops.listen.ok_or(RunError::MissingListen)?;
        let listener = http::bind(addr)
            .await
            .map_err(|e| RunError::Listen(addr, e))?;
        match bot.get_webhook_info().await {
            Ok(info) if info.url.as_ref() != Some(&mode.url) => tracing::warn!(
                registered = info.url.as_ref().map(|u| u.as_str()).unwrap_or("(none)"),
                expected = mode.url.as_str(),
                "Telegram's webhook is not this deployment's URL: run `devops-guide webhook set`"
            ),
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(error = %redact(&e.to_string()), "cannot read the webhook registration")
            }
        }
        let state = Arc::new(webhook::WebhookState::new(
            bot.clone(),
            me,
            Arc::clone(&assistant),
            handler_dependencies(assistant, flood, study),
            mode.secret.clone(),
        ));
        let app = ops_app.merge(webhook::router(mode.url.path(), state));
        tokio::select! {
            _ = http::serve(listener, app, stop.clone()) => {}
            _ = stop.deadline() => {}
        }
        series_at_exit.release_series();
        tracing::info!("stopped (the webhook stays registered for the other replicas)");
        return Ok(());
    }

    // Long polling deletes any webhook: refuse while one is set, unless forced.
    match bot.get_webhook_info().await {
        Ok(info) => {
            if let Some(url) = info.url.filter(|_| !options.ops.force_polling) {
                return Err(RunError::WebhookActive(url.to_string()));
            }
        }
        Err(RequestError::Api(ApiError::InvalidToken)) => return Err(RunError::TokenRejected),
        Err(e) => return Err(RunError::Unreachable(redact(&e.to_string()))),
    }
    if let Some(addr) = options.ops.listen {
        let listener = http::bind(addr)
            .await
            .map_err(|e| RunError::Listen(addr, e))?;
        tokio::spawn(http::serve(listener, ops_app, stop.clone()));
    }

    let mut dispatcher = Dispatcher::builder(bot.clone(), handlers::schema())
        .dependencies(handler_dependencies(assistant, flood, study))
        .default_handler(|_| async {})
        .error_handler(LoggingErrorHandler::with_custom_text(
            "an update handler failed",
        ))
        .build();

    let shutdown = dispatcher.shutdown_token();
    let stopping = stop.clone();
    tokio::spawn(async move {
        stopping.wait().await;
        // Retried: the dispatcher may not be running yet when the signal comes.
        for _ in 0..200 {
            if shutdown.shutdown().is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    });

    // A short long-poll timeout keeps shutdown prompt. Polling deletes any webhook first.
    let listener = Polling::builder(bot.clone())
        .timeout(Duration::from_secs(5))
        .delete_webhook()
        .await
        .build();
    let conflict = Arc::new(PollingErrors {
        conflict: std::sync::Mutex::new(None),
        detected: tokio::sync::Notify::new(),
        stop: stop.clone(),
    });
    let dispatched = tokio::select! {
        r = dispatcher.try_dispatch_with_listener(listener, Arc::clone(&conflict)) => Some(r),
        _ = stop.deadline() => None,
        // teloxide's polling would retry a 409 with a backoff: stop at once instead, once the
        // replies in flight are out (or the grace is over).
        _ = conflict.detected.notified() => {
            let grace = tokio::time::Instant::now() + lifecycle::SHUTDOWN_GRACE;
            while !ops::pending_replies().is_empty() && tokio::time::Instant::now() < grace {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            None
        }
    };
    series_at_exit.release_series();
    if let Some(result) = dispatched {
        result.map_err(|e| RunError::Unreachable(redact(&e.to_string())))?;
    }
    if let Some(description) = conflict
        .conflict
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .take()
    {
        return Err(RunError::PollingConflict(description));
    }
    tracing::info!("stopped");
    Ok(())
}

/// What the handlers are given besides the update, the bot and `Me`, in both modes (the
/// polling dispatcher and the webhook route).
fn handler_dependencies(
    assistant: Arc<Assistant>,
    flood: Arc<Flood>,
    study: Arc<quiz::Study>,
) -> teloxide::dptree::di::DependencyMap {
    dptree::deps![assistant, flood, study]
}

/// The polling listener's errors: logged (redacted); a 409 Conflict stops the bot with a clear
/// error instead of being retried forever.
struct PollingErrors {
    conflict: std::sync::Mutex<Option<String>>,
    detected: tokio::sync::Notify,
    stop: lifecycle::Stop,
}

impl teloxide::error_handlers::ErrorHandler<RequestError> for PollingErrors {
    fn handle_error(
        self: Arc<Self>,
        error: RequestError,
    ) -> futures_util_box::BoxFuture<'static, ()> {
        let is_conflict = matches!(
            &error,
            RequestError::Api(ApiError::CantGetUpdates | ApiError::TerminatedByOtherGetUpdates)
        ) || matches!(&error, RequestError::Api(ApiError::Unknown(d)) if d.starts_with("Conflict"));
        let text = redact(&error.to_string());
        Box::pin(async move {
            ops::count_failure("getUpdates", &error, false);
            if is_conflict {
                tracing::error!(error = %text, "Telegram refused long polling with 409 Conflict; stopping");
                *self.conflict.lock().unwrap_or_else(|p| p.into_inner()) = Some(text);
                self.detected.notify_one();
                self.stop.trigger();
            } else {
                tracing::error!(error = %text, "polling failed");
            }
        })
    }
}

/// The boxed future type of teloxide's error handlers.
mod futures_util_box {
    pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;
}

fn reqwest_url(url: &str) -> Option<reqwest::Url> {
    let parsed = reqwest::Url::parse(url).ok()?;
    matches!(parsed.scheme(), "http" | "https").then_some(parsed)
}

/// Resolves on SIGINT or SIGTERM (teloxide's own handler listens only for SIGINT, and
/// Kubernetes and systemd stop services with SIGTERM).
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}

/// Starts logging for `run` in the default (pretty) format: `RUST_LOG` (default `info`), to
/// stderr, with secrets redacted ([`logging`]).
pub fn init_logging() {
    logging::init(logging::LogFormat::Pretty);
}
