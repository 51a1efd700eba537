//! `devops-guide chat` and `devops-guide ask`: the engine in the terminal.
//!
//! `chat` is a conversation (line editing and history when stdin is a terminal, plain lines
//! otherwise); `chat --jsonl` reads one JSON object per line and writes exactly one JSON object per
//! input line, flushed, so another program (the evaluation scorer) can drive it. Context is kept
//! per (chat_id, user_id), as in Telegram, in the store given by `--store` (memory by default),
//! and the cohort commands work here too: /progress, /done N, /undo N, /cohort, /forget,
//! /privacy, /reset, and /quiz [N|stop] with /leaderboard (`super::quiz`: numbered choices,
//! answered by number). Bad input — invalid JSON, invalid UTF-8, any text — gets
//! an answer or an error object on its line, and the session goes on.

use crate::assistant::Assistant;
use crate::core::context::{ConversationId, DEFAULT_CAPACITY, DEFAULT_TTL_SECS};
use crate::core::engine::{Engine, Outcome};
use crate::core::reply::Reply;
use crate::storage::{MemoryStore, Store};
use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;

/// Options of `chat`.
#[derive(Debug, clap::Args)]
pub struct ChatArgs {
    /// Speak JSON lines on stdin/stdout: {"chat_id", "user_id", "text"} in, {"text", "intent",
    /// "confidence"} out.
    #[arg(long)]
    pub jsonl: bool,
    /// Forget a conversation's context after this many seconds of inactivity.
    #[arg(long, default_value_t = DEFAULT_TTL_SECS, value_name = "SECS")]
    pub context_ttl: u64,
    /// Most conversations whose context is kept in memory (the least recently used is forgotten
    /// first).
    #[arg(long, default_value_t = DEFAULT_CAPACITY, value_name = "N")]
    pub max_contexts: usize,
    /// Where contexts and progress are kept: memory (the default), sqlite:PATH or
    /// redis://HOST:PORT — the same store as the bot's, to share a cohort's progress.
    #[arg(long, env = "DEVOPS_GUIDE_STORE", value_name = "STORE")]
    pub store: Option<String>,
}

/// Options of `ask`.
#[derive(Debug, clap::Args)]
pub struct AskArgs {
    /// The question.
    #[arg(required = true, num_args = 1.., value_name = "QUESTION")]
    pub question: Vec<String>,
    /// Print the answer as JSON ({"text", "intent", "confidence"}).
    #[arg(long)]
    pub json: bool,
    /// Also print what the matcher understood of the question (to stderr), for knowledge editors.
    #[arg(long)]
    pub explain: bool,
}

fn answer_json(text: &str, intent: &str, confidence: f32) -> String {
    serde_json::json!({
        "text": text,
        "intent": intent,
        "confidence": (f64::from(confidence) * 1000.0).round() / 1000.0,
    })
    .to_string()
}

pub(super) fn ask(engine: &Engine, args: &AskArgs) -> Result<ExitCode, String> {
    let question = args.question.join(" ");
    let outcome = engine.respond(&question, None);
    let text = outcome.reply.to_plain_text();
    let line = if args.json {
        answer_json(&text, &outcome.intent.label(), outcome.confidence)
    } else {
        text
    };
    // A closed pipe (`ask … | head -1`) is not an error worth a message.
    let _ = writeln!(std::io::stdout().lock(), "{line}");
    if args.explain {
        let mut err = std::io::stderr().lock();
        for understood in engine.explain(&question) {
            let _ = writeln!(err, "  {understood}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn chat(engine: Engine, args: &ChatArgs) -> Result<ExitCode, String> {
    let store: Arc<dyn Store> = match args.store.as_deref() {
        None | Some("memory") => Arc::new(MemoryStore::with_capacity(args.max_contexts)),
        Some(spec) => {
            crate::storage::open(spec).map_err(|e| format!("cannot open the store: {e}"))?
        }
    };
    let assistant = Assistant::new(engine, store, args.context_ttl);
    if args.jsonl {
        return jsonl(&assistant);
    }
    if std::io::stdin().is_terminal() {
        return interactive(&assistant);
    }
    // Plain lines from a pipe: one answer per line, separated by a blank line.
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    let id = ConversationId { chat: 1, user: 1 };
    for line in stdin.lock().split(b'\n') {
        let line = line.map_err(|e| format!("cannot read stdin: {e}"))?;
        let text = String::from_utf8_lossy(&line);
        if text.trim().is_empty() {
            continue;
        }
        let (reply, _) = turn(&assistant, id, &text);
        if writeln!(out, "{}\n", reply.to_plain_text()).is_err() {
            break;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One turn of the terminal conversation: a command (/progress, /done 3, /forget, …) or a
/// question for the engine. Returns the reply and, for questions, the engine's outcome.
fn turn(assistant: &Assistant, id: ConversationId, text: &str) -> (Reply, Option<Outcome>) {
    let trimmed = text.trim();
    // As in a group: "@devops_guide_bot /start@devops_guide_bot" is the command /start.
    let mut addressed = trimmed;
    while let Some(rest) = addressed.strip_prefix('@') {
        addressed = rest
            .split_once(char::is_whitespace)
            .map_or("", |(_, after)| after.trim_start());
    }
    let (command, arg) = match addressed.strip_prefix('/') {
        Some(rest) => {
            let mut parts = rest.splitn(2, char::is_whitespace);
            (
                parts.next().unwrap_or("").split('@').next().unwrap_or(""),
                parts.next().unwrap_or("").trim(),
            )
        }
        None => ("", ""),
    };
    let name = format!("user {}", id.user);
    let stored = |r: Result<Reply, crate::storage::StoreError>| {
        r.unwrap_or_else(|e| Reply::new(format!("Sorry, the store failed: {e}")))
    };
    if let Some(reply) = super::quiz::handle(assistant, id, command, arg, trimmed) {
        return (reply, None);
    }
    let reply = match command {
        "progress" => stored(assistant.progress(id)),
        "done" | "undo" => match arg.trim_start_matches('#').parse::<u8>() {
            Ok(step) => stored(assistant.set_step(id, &name, step, command == "done")),
            Err(_) => Reply::new(format!("Which step? For example: /{command} 3")),
        },
        "cohort" => stored(assistant.board(id.chat)),
        // As in Telegram: in a group's chat, that group; in one's own chat, everywhere.
        "forget" => stored(assistant.forget(id.user, (id.chat != id.user).then_some(id.chat))),
        "privacy" => assistant.privacy(),
        "reset" => {
            let _ = assistant.store().remove_context(id);
            Reply::new("(context cleared)")
        }
        _ => {
            let question = match command {
                "start" => "hello",
                "help" => "help",
                _ => trimmed,
            };
            let outcome = assistant.ask(id, question);
            return (outcome.reply.clone(), Some(outcome));
        }
    };
    // Action buttons are not shown in the terminal: the reply says which commands to type.
    (reply, None)
}

fn interactive(assistant: &Assistant) -> Result<ExitCode, String> {
    let mut editor =
        rustyline::DefaultEditor::new().map_err(|e| format!("cannot open the terminal: {e}"))?;
    println!("devops-guide — ask about DevOps careers (salaries, certifications, the roadmap…).");
    println!(
        "Type /help for ideas, /progress to track the roadmap, /reset to start over, /quit or Ctrl-D to leave.\n"
    );
    let id = ConversationId { chat: 1, user: 1 };
    loop {
        let line = match editor.readline("you> ") {
            Ok(line) => line,
            Err(
                rustyline::error::ReadlineError::Interrupted | rustyline::error::ReadlineError::Eof,
            ) => break,
            Err(e) => return Err(format!("cannot read the terminal: {e}")),
        };
        let text = line.trim();
        if text.is_empty() {
            continue;
        }
        let _ = editor.add_history_entry(text);
        if matches!(text, "/quit" | "/exit") {
            break;
        }
        let (reply, _) = turn(assistant, id, text);
        println!("\n{}\n", reply.to_plain_text());
    }
    Ok(ExitCode::SUCCESS)
}

/// One input line of `--jsonl`.
#[derive(serde::Deserialize)]
struct Request {
    #[serde(default = "one")]
    chat_id: i64,
    #[serde(default = "one")]
    user_id: i64,
    text: String,
}

fn one() -> i64 {
    1
}

fn jsonl(assistant: &Assistant) -> Result<ExitCode, String> {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut out = std::io::stdout().lock();
    let mut line = Vec::new();
    loop {
        line.clear();
        match input.read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => return Err(format!("cannot read stdin: {e}")),
        }
        let response = match std::str::from_utf8(&line) {
            Err(e) => error_json(&format!("the line is not valid UTF-8 ({e})")),
            Ok(text) if text.trim().is_empty() => {
                error_json("empty line: expected a JSON object with \"text\"")
            }
            Ok(text) => match serde_json::from_str::<Request>(text.trim()) {
                Err(e) => error_json(&format!("invalid request: {e}")),
                Ok(req) => {
                    let id = ConversationId {
                        chat: req.chat_id,
                        user: req.user_id,
                    };
                    match turn(assistant, id, &req.text) {
                        (reply, Some(outcome)) => answer_json(
                            &reply.to_plain_text(),
                            &outcome.intent.label(),
                            outcome.confidence,
                        ),
                        (reply, None) => answer_json(&reply.to_plain_text(), "command", 1.0),
                    }
                }
            },
        };
        if writeln!(out, "{response}")
            .and_then(|_| out.flush())
            .is_err()
        {
            break; // the reader went away
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn error_json(message: &str) -> String {
    serde_json::json!({ "error": message }).to_string()
}
