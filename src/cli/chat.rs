//! `devops-guide chat` and `devops-guide ask`: the engine in the terminal.
//!
//! `chat` is a conversation (line editing and history when stdin is a terminal, plain lines
//! otherwise); `chat --jsonl` reads one JSON object per line and writes exactly one JSON object per
//! input line, flushed, so another program (the evaluation scorer) can drive it. Context is kept
//! per (chat_id, user_id), as in Telegram. Bad input — invalid JSON, invalid UTF-8, any text — gets
//! an answer or an error object on its line, and the session goes on.

use crate::core::context::{Contexts, ConversationId, DEFAULT_CAPACITY, DEFAULT_TTL_SECS};
use crate::core::engine::Engine;
use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

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
    /// Most conversations whose context is kept (the least recently used is forgotten first).
    #[arg(long, default_value_t = DEFAULT_CAPACITY, value_name = "N")]
    pub max_contexts: usize,
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
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn answer_json(text: &str, intent: &str, confidence: f32) -> String {
    serde_json::json!({
        "text": text,
        "intent": intent,
        "confidence": (confidence * 1000.0).round() / 1000.0,
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
    Ok(ExitCode::SUCCESS)
}

pub(super) fn chat(engine: &Engine, args: &ChatArgs) -> Result<ExitCode, String> {
    let mut contexts = Contexts::new(args.context_ttl, args.max_contexts);
    if args.jsonl {
        return jsonl(engine, &mut contexts);
    }
    if std::io::stdin().is_terminal() {
        return interactive(engine, &mut contexts);
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
        let outcome = engine.converse(&mut contexts, id, &text, now());
        if writeln!(out, "{}\n", outcome.reply.to_plain_text()).is_err() {
            break;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn interactive(engine: &Engine, contexts: &mut Contexts) -> Result<ExitCode, String> {
    let mut editor =
        rustyline::DefaultEditor::new().map_err(|e| format!("cannot open the terminal: {e}"))?;
    println!("devops-guide — ask about DevOps careers (salaries, certifications, the roadmap…).");
    println!("Type /help for ideas, /reset to start over, /quit or Ctrl-D to leave.\n");
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
        match text {
            "/quit" | "/exit" => break,
            "/reset" => {
                contexts.remove(id);
                println!("(context cleared)\n");
                continue;
            }
            _ => {}
        }
        let text = text.strip_prefix("/start").map(|_| "hello").unwrap_or(text);
        let text = if text == "/help" { "help" } else { text };
        let outcome = engine.converse(contexts, id, text, now());
        println!("\n{}\n", outcome.reply.to_plain_text());
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

fn jsonl(engine: &Engine, contexts: &mut Contexts) -> Result<ExitCode, String> {
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
                    let outcome = engine.converse(contexts, id, &req.text, now());
                    answer_json(
                        &outcome.reply.to_plain_text(),
                        &outcome.intent.label(),
                        outcome.confidence,
                    )
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
