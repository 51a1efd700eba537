//! `devops-guide check [DIR]`: validates a knowledge directory the way the bot loads it, then
//! checks that every example phrasing in `intents.toml` is understood as its own kind of
//! question. Prints a summary and exits 0, or prints every problem to stderr as
//! `path:line: message` and exits 1; a directory that cannot be read exits 2.

use crate::core::engine::Engine;
use crate::core::knowledge::{KbError, Problem};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

pub(super) fn run(dir: Option<PathBuf>) -> ExitCode {
    let kb = match super::load_knowledge(dir.as_deref()) {
        Ok(kb) => kb,
        Err(KbError::Invalid(problems)) => {
            for p in &problems {
                eprintln!("{p}");
            }
            eprintln!("devops-guide: {} problem(s) found", problems.len());
            return ExitCode::from(1);
        }
        Err(e) => {
            eprintln!("devops-guide: {e}");
            return ExitCode::from(2);
        }
    };
    let origin = kb.origin.clone();
    let summary = kb.summary();
    let version = kb.version();
    let engine = Engine::new(kb);
    let problems = misread_examples(&engine, &origin);
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("{p}");
        }
        eprintln!("devops-guide: {} problem(s) found", problems.len());
        return ExitCode::from(1);
    }
    // Write errors (a closed pipe, as in `check | head -1`) end the listing quietly.
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "knowledge in {origin} is valid (version {version})")
        .and_then(|_| {
            summary
                .iter()
                .try_for_each(|(what, n)| writeln!(out, "  {n:>4} {what}"))
        })
        .and_then(|_| {
            writeln!(
                out,
                "  {:>4} vocabulary words",
                engine.lexicon().word_count()
            )
        });
    ExitCode::SUCCESS
}

/// Example phrasings the engine does not understand as their own kind of question.
fn misread_examples(engine: &Engine, origin: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    for intent in &engine.knowledge().intents {
        for example in &intent.examples {
            let outcome = engine.respond(example, None);
            if outcome.intent.kind() != Some(intent.id.as_str()) {
                problems.push(Problem {
                    file: format!("{origin}/intents.toml"),
                    line: intent.line,
                    message: format!(
                        "intent \"{}\": example \"{example}\" is understood as \"{}\"; add cues or hints so it is recognised",
                        intent.id,
                        outcome.intent.label()
                    ),
                });
            }
        }
    }
    problems
}
