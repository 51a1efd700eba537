//! `/quiz` and `/leaderboard` in the terminal (`chat`, and `chat --jsonl` with the same JSON
//! lines as every other command): a question is shown as numbered choices and answered by
//! typing the number. Answers count in the store like Telegram's poll answers (so
//! `/leaderboard` and review weighting work on a shared store too); the question waiting for an
//! answer is kept in this process, per (chat, user).

use crate::assistant::Assistant;
use crate::core::context::ConversationId;
use crate::core::quiz::{Question, QuizRng};
use crate::core::reply::Reply;
use crate::storage::PollRecord;
use crate::study::{self, MAX_SERIES, QuizRequest};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

/// A series being answered in one conversation.
struct Pending {
    questions: Vec<Question>,
    /// Index of the question waiting for an answer.
    at: usize,
    correct: usize,
}

struct State {
    pending: HashMap<ConversationId, Pending>,
    rng: QuizRng,
    /// Makes every question's record id unique in the store.
    asked: u64,
}

fn state() -> std::sync::MutexGuard<'static, State> {
    static STATE: OnceLock<Mutex<State>> = OnceLock::new();
    STATE
        .get_or_init(|| {
            Mutex::new(State {
                pending: HashMap::new(),
                rng: QuizRng::new(now_nanos()),
                asked: 0,
            })
        })
        .lock()
        .unwrap_or_else(|e| e.into_inner())
}

fn now_nanos() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0)
}

fn ask(pending: &Pending) -> Reply {
    let question = &pending.questions[pending.at];
    let mut reply = study::numbered_question(question);
    if pending.questions.len() > 1 {
        reply.title = format!(
            "Question {} of {}: {}",
            pending.at + 1,
            pending.questions.len(),
            reply.title
        );
    }
    reply
}

/// The reply to a quiz command or answer of conversation `id`, or `None` when `text` is neither
/// (`command` and `arg` as the terminal split them).
pub(super) fn handle(
    assistant: &Assistant,
    id: ConversationId,
    command: &str,
    arg: &str,
    text: &str,
) -> Option<Reply> {
    match command {
        "quiz" => Some(start_or_stop(assistant, id, arg)),
        "leaderboard" => Some(
            assistant
                .leaderboard(id.chat)
                .unwrap_or_else(|e| Reply::new(format!("Sorry, the store failed: {e}"))),
        ),
        "" => answer(assistant, id, text.trim()),
        _ => None,
    }
}

fn start_or_stop(assistant: &Assistant, id: ConversationId, arg: &str) -> Reply {
    let mut state = state();
    let (count, capped) = match study::parse_quiz(arg) {
        QuizRequest::Bad => return study::quiz_usage(),
        QuizRequest::Stop => {
            return match state.pending.remove(&id) {
                Some(p) => Reply::new(format!(
                    "Quiz stopped after {} of {} questions.",
                    p.at,
                    p.questions.len()
                )),
                None => Reply::new("No quiz is running here."),
            };
        }
        QuizRequest::Start { count, capped } => (count, capped),
    };
    if let Some(p) = state.pending.get(&id) {
        return Reply::new(format!(
            "A quiz is already running here (question {} of {}): answer with a number, or send /quiz stop.",
            p.at + 1,
            p.questions.len()
        ));
    }
    let questions = assistant.quiz().series(count, &mut state.rng);
    if questions.is_empty() {
        return Reply::new("The knowledge I have makes no quiz question right now.");
    }
    let pending = Pending {
        questions,
        at: 0,
        correct: 0,
    };
    let mut reply = ask(&pending);
    if capped {
        reply = reply.paragraph(format!(
            "(A series has at most {MAX_SERIES} questions: here come {MAX_SERIES}.)"
        ));
    }
    state.pending.insert(id, pending);
    reply
}

fn answer(assistant: &Assistant, id: ConversationId, text: &str) -> Option<Reply> {
    let mut state = state();
    let State { pending, asked, .. } = &mut *state;
    let p = pending.get_mut(&id)?;
    let choice: usize = text.parse().ok()?;
    let question = p.questions[p.at].clone();
    if choice == 0 || choice > question.options.len() {
        return Some(Reply::new(format!(
            "Answer with a number from 1 to {} (or /quiz stop).",
            question.options.len()
        )));
    }
    // Counted like a poll answer: a record for this question, then the answer.
    *asked += 1;
    let record_id = format!("cli:{}:{}:{}:{}", id.chat, id.user, now_nanos(), asked);
    let record = PollRecord {
        chat: id.chat,
        correct_option: question.correct as u8,
        question_key: question.key.clone(),
        created_at: now_nanos() / 1_000_000_000,
    };
    let name = format!("user {}", id.user);
    let counted = assistant
        .store()
        .put_poll(&record_id, &record)
        .and_then(|()| assistant.answer_poll(&record_id, id.user, &name, &[(choice - 1) as u8]));
    if let Err(e) = counted {
        tracing::error!(error = %e, "cannot count a quiz answer");
    }
    let right = choice - 1 == question.correct;
    if right {
        p.correct += 1;
    }
    let verdict = if right {
        Reply::new("Right!")
    } else {
        Reply::new(format!(
            "Not quite — the answer is {}. {}",
            question.correct + 1,
            question.options[question.correct]
        ))
    }
    .paragraph(question.explanation.clone());
    p.at += 1;
    if p.at < p.questions.len() {
        let next = ask(p);
        let mut reply = verdict;
        reply = reply.paragraph(next.title.clone());
        reply.blocks.extend(next.blocks);
        return Some(reply);
    }
    let total = p.questions.len();
    let correct = p.correct;
    pending.remove(&id);
    Some(verdict.paragraph(format!(
        "That was the last question: {correct} of {total} right. /leaderboard shows the scores; /quiz 5 starts another round."
    )))
}
