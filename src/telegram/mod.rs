//! The Telegram front-end: `devops-guide run` serves the bot on long polling.
//!
//! It validates the token before anything else (a missing or malformed token is a one-line error;
//! a token Telegram rejects is reported as such, never a panic or a crash loop), registers the
//! command menu, and runs teloxide's dispatcher over [`handlers::schema`] until SIGINT or SIGTERM.
//! The token is never logged: every error passes through [`delivery::redact`].
//!
//! This module adapts Telegram to the [`Assistant`]; it holds no career knowledge of its own.

pub mod commands;
pub mod delivery;
pub mod handlers;
pub mod pictures;
pub mod quiz;
pub mod render;

use crate::assistant::Assistant;
use crate::core::engine::Engine;
use delivery::{Flood, deliver, redact, register_secrets};
use std::sync::Arc;
use std::time::Duration;
use teloxide::adaptors::throttle::Limits;
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

/// Runs the bot until SIGINT or SIGTERM.
pub async fn run(engine: Engine, options: RunOptions) -> Result<(), RunError> {
    register_secrets(vec![options.token.clone()]);
    let mut bot = Bot::new(options.token.clone());
    if let Some(url) = &options.api_url {
        let parsed = reqwest_url(url).ok_or_else(|| RunError::BadApiUrl(url.clone()))?;
        bot = bot.set_api_url(parsed);
    }
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

    let limits = if options.throttle {
        Limits::default()
    } else {
        Limits {
            messages_per_sec_chat: 10_000,
            messages_per_min_chat: 600_000,
            messages_per_min_channel_or_supergroup: 600_000,
            messages_per_sec_overall: 100_000,
        }
    };
    let bot = bot.throttle(limits);
    deliver("setMyCommands", 0, || {
        bot.set_my_commands(commands::menu()).into_future()
    })
    .await;

    let assistant = Arc::new(Assistant::new(
        engine,
        options.store.clone(),
        options.context_ttl,
    ));
    let flood = Arc::new(Flood::default());
    let study = Arc::new(quiz::Study::from_env(assistant.clone(), options.throttle));
    tokio::spawn(quiz::run_reminders(bot.clone(), study.clone()));
    let mut dispatcher = Dispatcher::builder(bot.clone(), handlers::schema())
        .dependencies(dptree::deps![assistant, flood, study])
        .default_handler(|_| async {})
        .error_handler(LoggingErrorHandler::with_custom_text(
            "an update handler failed",
        ))
        .build();

    let stop = dispatcher.shutdown_token();
    tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!("stopping: finishing the replies in flight");
        if let Ok(done) = stop.shutdown() {
            done.await;
        }
    });

    // A short long-poll timeout keeps shutdown prompt. Polling deletes any webhook first.
    let listener = Polling::builder(bot.clone())
        .timeout(Duration::from_secs(5))
        .delete_webhook()
        .await
        .build();
    dispatcher
        .try_dispatch_with_listener(
            listener,
            LoggingErrorHandler::with_custom_text("polling failed"),
        )
        .await
        .map_err(|e| RunError::Unreachable(redact(&e.to_string())))?;
    tracing::info!("stopped");
    Ok(())
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

/// Starts logging for `run`: `RUST_LOG` (default `info`), to stderr. teloxide logs through the
/// `log` crate, which is bridged in.
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    use std::io::IsTerminal;
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .try_init();
}
