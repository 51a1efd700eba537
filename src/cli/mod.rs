//! The command-line front-end: argument parsing, loading the knowledge, and the subcommands
//! `chat`, `ask`, `check` and `chart`. It renders the engine's [`crate::core::reply::Reply`] as plain text.
//!
//! Exit codes: 0 ok, 1 `check` found problems, 2 usage or configuration error (clap's own usage
//! errors exit 2 as well).

mod chart;
mod chat;
mod check;
mod healthcheck;
mod quiz;

use crate::core::engine::Engine;
use crate::core::knowledge::{KbError, Knowledge};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Career guidance for people becoming DevOps engineers.
#[derive(Debug, Parser)]
#[command(name = "devops-guide", version, about, propagate_version = true)]
pub struct Cli {
    /// Load the knowledge base from this directory instead of the copy built into the binary.
    #[arg(
        long,
        global = true,
        env = "DEVOPS_GUIDE_KNOWLEDGE",
        value_name = "DIR"
    )]
    pub knowledge: Option<PathBuf>,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Talk to the guide in the terminal (or speak JSON lines with --jsonl).
    Chat(chat::ChatArgs),
    /// Ask one question and print the answer.
    Ask(chat::AskArgs),
    /// Validate a knowledge directory (the built-in one when DIR is absent).
    Check {
        /// The directory to check.
        dir: Option<PathBuf>,
    },
    /// Write a picture (the salary chart, a roadmap card, a cohort's board) to a PNG file.
    Chart(chart::ChartArgs),
    /// Run the Telegram bot (long polling, or a webhook with --webhook-url). The token comes
    /// from TELOXIDE_TOKEN or TELEGRAM_BOT_TOKEN; TELOXIDE_API_URL points it at another Bot API
    /// server.
    #[cfg(feature = "telegram")]
    Run(RunArgs),
    /// Register, show or delete the bot's webhook with Telegram (run once per deployment, by
    /// a deploy job; replicas never touch it). Token as for `run`.
    #[cfg(feature = "telegram")]
    Webhook {
        /// What to do.
        #[command(subcommand)]
        action: WebhookCommand,
    },
    /// Probe a running bot's /healthz (for container HEALTHCHECKs): exit 0 when it answers 200.
    Healthcheck {
        /// The URL to probe (http only).
        #[arg(
            long,
            default_value = "http://127.0.0.1:8080/healthz",
            value_name = "URL"
        )]
        url: String,
    },
}

/// `devops-guide webhook …`.
#[cfg(feature = "telegram")]
#[derive(Debug, Subcommand)]
pub enum WebhookCommand {
    /// Register the webhook: URL, WEBHOOK_SECRET, the update types the bot handles and
    /// max_connections. Idempotent: running it again changes nothing.
    Set {
        /// The public HTTPS URL Telegram posts updates to (the replicas' load balancer).
        #[arg(long, env = "DEVOPS_GUIDE_WEBHOOK_URL", value_name = "URL")]
        webhook_url: String,
        /// How many connections Telegram opens at once (1-100). 1 keeps every chat's updates in
        /// order across replicas; more spreads load (see deploy/README.md).
        #[arg(long, default_value_t = crate::telegram::webhook::DEFAULT_MAX_CONNECTIONS,
              value_parser = clap::value_parser!(u8).range(1..=100), value_name = "N")]
        max_connections: u8,
    },
    /// Print the registered webhook: URL, pending updates, last error.
    Info,
    /// Delete the webhook (before going back to long polling).
    Delete,
}

/// Options of `run`.
#[cfg(feature = "telegram")]
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// Do not throttle replies to Telegram's rate limits (tests and benchmarks only).
    #[arg(long)]
    pub no_throttle: bool,
    /// Forget a conversation's context after this many seconds of inactivity.
    #[arg(long, default_value_t = crate::core::context::DEFAULT_TTL_SECS, value_name = "SECS")]
    pub context_ttl: u64,
    /// Where contexts and cohort progress are kept: memory, sqlite:PATH or redis://HOST:PORT
    /// [default: sqlite in the state directory].
    #[arg(long, env = "DEVOPS_GUIDE_STORE", value_name = "STORE")]
    pub store: Option<String>,
    /// Serve GET /healthz, /readyz and /metrics (and, in webhook mode, the webhook) here.
    #[arg(long, env = "DEVOPS_GUIDE_LISTEN", value_name = "ADDR")]
    pub listen: Option<std::net::SocketAddr>,
    /// Webhook mode: receive updates at this public URL (its path is served on --listen);
    /// needs WEBHOOK_SECRET. Register it once with `devops-guide webhook set`.
    #[arg(long, env = "DEVOPS_GUIDE_WEBHOOK_URL", value_name = "URL")]
    pub webhook_url: Option<String>,
    /// Long polling: start even though a webhook is set (it is deleted).
    #[arg(long)]
    pub force: bool,
    /// Log lines as human-readable text or one JSON object per event.
    #[arg(long, env = "DEVOPS_GUIDE_LOG_FORMAT", default_value = "pretty",
          value_parser = ["pretty", "json"], value_name = "FORMAT")]
    pub log_format: String,
}

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Check { dir } => return check::run(dir.or(cli.knowledge)),
        Command::Chat(args) => load_engine(cli.knowledge).and_then(|e| chat::chat(e, &args)),
        Command::Ask(args) => load_engine(cli.knowledge).and_then(|e| chat::ask(&e, &args)),
        Command::Chart(args) => load_engine(cli.knowledge)
            .and_then(|e| chart::run(e.knowledge(), &args).map(|()| ExitCode::SUCCESS)),
        #[cfg(feature = "telegram")]
        Command::Run(args) => run_bot(cli.knowledge, &args),
        #[cfg(feature = "telegram")]
        Command::Webhook { action } => run_webhook_command(action),
        Command::Healthcheck { url } => return healthcheck::run(&url),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("devops-guide: {message}");
            ExitCode::from(2)
        }
    }
}

#[cfg(feature = "telegram")]
fn run_bot(knowledge: Option<PathBuf>, args: &RunArgs) -> Result<ExitCode, String> {
    use crate::telegram::{OpsOptions, RunOptions, WebhookMode, run_blocking, token_from_env};
    // The token is checked before anything slow happens, and its value is never printed.
    let token = token_from_env().map_err(|e| e.to_string())?;
    let webhook = match args.webhook_url.as_deref().filter(|u| !u.trim().is_empty()) {
        Some(url) => Some(WebhookMode {
            url: crate::telegram::webhook::parse_url(url.trim()).map_err(|e| e.to_string())?,
            secret: crate::telegram::webhook::secret_from_env().map_err(|e| e.to_string())?,
        }),
        None => None,
    };
    if webhook.is_some() && args.listen.is_none() {
        return Err(crate::telegram::RunError::MissingListen.to_string());
    }
    crate::telegram::register_run_secrets(&token, webhook.as_ref().map(|w| w.secret.as_str()));
    let api_url = std::env::var("TELOXIDE_API_URL")
        .ok()
        .filter(|u| !u.trim().is_empty());
    let engine = load_engine(knowledge.clone())?;
    let spec = args
        .store
        .clone()
        .unwrap_or_else(|| format!("sqlite:{}", crate::storage::default_sqlite_path().display()));
    let store = crate::storage::open(&spec).map_err(|e| format!("cannot open the store: {e}"))?;
    let format = args.log_format.parse().map_err(|e: String| e)?;
    crate::telegram::logging::init(format);
    let options = RunOptions {
        token,
        api_url,
        throttle: !args.no_throttle,
        context_ttl: args.context_ttl,
        store,
        ops: OpsOptions {
            listen: args.listen,
            webhook,
            force_polling: args.force,
            knowledge_dir: knowledge.clone(),
        },
    };
    run_blocking(engine, options).map_err(|e| e.to_string())?;
    Ok(ExitCode::SUCCESS)
}

/// `devops-guide webhook set|info|delete`: prints what Telegram answered.
#[cfg(feature = "telegram")]
fn run_webhook_command(action: WebhookCommand) -> Result<ExitCode, String> {
    use crate::telegram::webhook::{WebhookAction, command, parse_url, secret_from_env};
    use crate::telegram::{make_bot, register_run_secrets, token_from_env};
    let token = token_from_env().map_err(|e| e.to_string())?;
    let action = match action {
        WebhookCommand::Set {
            webhook_url,
            max_connections,
        } => WebhookAction::Set {
            url: parse_url(webhook_url.trim()).map_err(|e| e.to_string())?,
            secret: secret_from_env().map_err(|e| e.to_string())?,
            max_connections,
        },
        WebhookCommand::Info => WebhookAction::Info,
        WebhookCommand::Delete => WebhookAction::Delete,
    };
    let secret = match &action {
        WebhookAction::Set { secret, .. } => Some(secret.clone()),
        _ => None,
    };
    register_run_secrets(&token, secret.as_deref());
    let api_url = std::env::var("TELOXIDE_API_URL")
        .ok()
        .filter(|u| !u.trim().is_empty());
    let bot = make_bot(&token, api_url.as_deref()).map_err(|e| e.to_string())?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    let printed = runtime
        .block_on(command(&bot, action))
        .map_err(|e| e.to_string())?;
    print!("{printed}");
    Ok(ExitCode::SUCCESS)
}

/// Loads the knowledge (a directory, or the embedded copy) and builds the engine.
fn load_engine(dir: Option<PathBuf>) -> Result<Engine, String> {
    let kb = load_knowledge(dir.as_deref()).map_err(|e| match e {
        KbError::Invalid(_) => format!(
            "the knowledge base is invalid:\n{e}\nrun `devops-guide check{}` to see every problem",
            dir.as_deref()
                .map(|d| format!(" {}", d.display()))
                .unwrap_or_default()
        ),
        other => other.to_string(),
    })?;
    Ok(Engine::new(kb))
}

fn load_knowledge(dir: Option<&std::path::Path>) -> Result<Knowledge, KbError> {
    match dir {
        Some(d) => Knowledge::load_dir(d),
        None => Knowledge::embedded(),
    }
}
