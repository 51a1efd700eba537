//! The evaluation suite: hundreds of questions written the way learners type (typos, slang,
//! group mentions, follow-ups, messages to decline), in the scorer's JSON-lines format under
//! `tests/eval/`, answered by the engine in-process and judged by the scorer's pass rule.
//!
//! A learner would notice a regression here first: a wrong figure, a missing certification, a
//! decline that states facts. The same files can be run against the binary with
//! `python3 ../shared/eval/score.py --chat-cmd "target/release/devops-guide chat --jsonl"
//! --questions tests/eval/questions.jsonl --dialogs tests/eval/dialogs.jsonl`.

use devops_guide::assistant::Assistant;
use devops_guide::core::context::ConversationId;
use devops_guide::storage::MemoryStore;
use devops_guide::{Engine, Knowledge};
use serde_json::Value;
use std::sync::Arc;

const SUITE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/eval");

/// The scorer's light normalisation: case, dashes and whitespace.
fn norm(s: &str) -> String {
    let dashes: &[char] = &[
        '\u{2010}', '\u{2011}', '\u{2012}', '\u{2013}', '\u{2014}', '\u{2015}', '\u{2212}',
    ];
    let replaced: String = s
        .chars()
        .map(|c| {
            if dashes.contains(&c) || c == '\u{a0}' {
                if c == '\u{a0}' { ' ' } else { '-' }
            } else {
                c
            }
        })
        .filter(|c| !matches!(c, '*' | '_' | '`' | '~'))
        .collect();
    replaced
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Why a reply fails an item, or `None` when it passes.
fn judge(reply: &str, item: &Value) -> Option<String> {
    let r = norm(reply);
    if r.is_empty() {
        return Some("empty reply".into());
    }
    for inner in item["expect_any"].as_array().into_iter().flatten() {
        let options: Vec<&str> = inner
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        if !options.iter().any(|o| r.contains(&norm(o))) {
            return Some(format!("missing one of {options:?}"));
        }
    }
    for f in item["forbid"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if r.contains(&norm(f)) {
            return Some(format!("forbidden {f:?}"));
        }
    }
    None
}

fn read_jsonl(name: &str) -> Vec<Value> {
    let path = format!("{SUITE}/{name}");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{path}: {e}: {l}")))
        .collect()
}

/// The engine with a memory store, as `chat --jsonl` runs it.
fn assistant() -> Assistant {
    let engine = Engine::new(Knowledge::embedded().expect("the embedded knowledge is valid"));
    Assistant::new(engine, Arc::new(MemoryStore::new()), 1800)
}

/// At least 95% of the single-turn questions are answered right, and every message that must be
/// declined is declined without stating a fact: no out-of-scope message gets a confident answer.
#[test]
fn the_suite_passes_and_out_of_scope_messages_are_declined() {
    let assistant = assistant();
    let items = read_jsonl("questions.jsonl");
    assert!(
        items.len() >= 250,
        "the suite has {} questions",
        items.len()
    );
    let mut failures = Vec::new();
    let mut confident_out_of_scope = Vec::new();
    let declines = items
        .iter()
        .filter(|i| i["label"] == "out_of_scope")
        .count();
    assert!(
        declines >= 50,
        "the suite has {declines} messages to decline"
    );
    for (n, item) in items.iter().enumerate() {
        let group = item["chat"] == "group";
        let chat = if group {
            -1_000_000 - n as i64
        } else {
            100_000 + n as i64
        };
        let id = ConversationId {
            chat,
            user: 7000 + n as i64,
        };
        let text = item["text"].as_str().expect("text");
        let outcome = assistant.ask(id, text);
        let reply = outcome.reply.to_plain_text();
        if let Some(why) = judge(&reply, item) {
            failures.push(format!(
                "{} {text:?}: {why}\n    reply: {reply:.200}",
                item["id"]
            ));
            if item["label"] == "out_of_scope" {
                confident_out_of_scope.push(format!(
                    "{} {text:?} -> {}",
                    item["id"],
                    outcome.intent.label()
                ));
            }
        }
    }
    let rate = 100.0 * (items.len() - failures.len()) as f64 / items.len() as f64;
    assert!(
        confident_out_of_scope.is_empty(),
        "out-of-scope messages answered with facts:\n{}",
        confident_out_of_scope.join("\n")
    );
    assert!(
        rate >= 95.0,
        "pass rate {rate:.1}% < 95%:\n{}",
        failures.join("\n")
    );
}

/// Multi-turn dialogs: follow-ups resolve against the same person's previous turn, and in a
/// group each member keeps their own conversation.
#[test]
fn follow_ups_resolve_against_each_members_own_context() {
    let assistant = assistant();
    let dialogs = read_jsonl("dialogs.jsonl");
    assert!(dialogs.len() >= 20);
    let (mut total, mut failures) = (0, Vec::new());
    for (n, dialog) in dialogs.iter().enumerate() {
        let group = dialog["chat"] == "group";
        let chat = if group {
            -2_000_000 - n as i64
        } else {
            200_000 + n as i64
        };
        for (k, turn) in dialog["turns"]
            .as_array()
            .expect("turns")
            .iter()
            .enumerate()
        {
            total += 1;
            let user = turn["user_id"].as_i64().unwrap_or(8000 + n as i64);
            let text = turn["text"].as_str().expect("text");
            let outcome = assistant.ask(ConversationId { chat, user }, text);
            let reply = outcome.reply.to_plain_text();
            if let Some(why) = judge(&reply, turn) {
                failures.push(format!(
                    "{}.{} {text:?}: {why}\n    reply: {reply:.200}",
                    dialog["id"],
                    k + 1
                ));
            }
        }
    }
    let rate = 100.0 * (total - failures.len()) as f64 / total as f64;
    assert!(
        rate >= 95.0,
        "dialog pass rate {rate:.1}% < 95%:\n{}",
        failures.join("\n")
    );
}

/// No phrasing of the suite or of the shared samples is copied into the knowledge's example
/// phrasings: the matcher must generalise, not memorise.
#[test]
fn no_suite_question_is_copied_into_the_knowledge() {
    let kb = Knowledge::embedded().expect("valid");
    let examples: Vec<String> = kb
        .intents
        .iter()
        .flat_map(|i| i.examples.iter().map(|e| norm(e)))
        .collect();
    for item in read_jsonl("questions.jsonl") {
        let text = norm(item["text"].as_str().expect("text"));
        let text = text.trim_start_matches("@devops_guide_bot ").to_string();
        assert!(
            !examples.contains(&text),
            "suite question copied into intents.toml: {text}"
        );
    }
}
