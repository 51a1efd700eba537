//! The command-line front-end: argument parsing, loading the knowledge, and the subcommands
//! `chat`, `ask`, `check` and `chart`. It renders the engine's [`crate::core::reply::Reply`] as plain text.
//!
//! Exit codes: 0 ok, 1 `check` found problems, 2 usage or configuration error (clap's own usage
//! errors exit 2 as well).

mod chart;
mod chat;
mod check;
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
    /// Run the Telegram bot (long polling). The token comes from TELOXIDE_TOKEN or
    /// TELEGRAM_BOT_TOKEN; TELOXIDE_API_URL points it at another Bot API server.
    #[cfg(feature = "telegram")]
    Run(RunArgs),
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
    use crate::telegram::{RunOptions, init_logging, run_blocking, token_from_env};
    // The token is checked before anything slow happens, and its value is never printed.
    let token = token_from_env().map_err(|e| e.to_string())?;
    let api_url = std::env::var("TELOXIDE_API_URL")
        .ok()
        .filter(|u| !u.trim().is_empty());
    let engine = load_engine(knowledge)?;
    let spec = args
        .store
        .clone()
        .unwrap_or_else(|| format!("sqlite:{}", crate::storage::default_sqlite_path().display()));
    let store = crate::storage::open(&spec).map_err(|e| format!("cannot open the store: {e}"))?;
    init_logging();
    let options = RunOptions {
        token,
        api_url,
        throttle: !args.no_throttle,
        context_ttl: args.context_ttl,
        store,
    };
    run_blocking(engine, options).map_err(|e| e.to_string())?;
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
