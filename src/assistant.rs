//! The assistant: the engine plus what it remembers — conversation contexts and a cohort's
//! roadmap progress — in a [`Store`], shared by every front-end (the terminal and Telegram).
//! It owns the clock, so the engine stays pure, and it builds the replies of the cohort
//! features (progress, the cohort board, privacy), which need the store.
//!
//! A store that fails never costs an answer: the failure is logged and the question is answered
//! without its context.

use crate::core::context::{Context, ConversationId};
use crate::core::engine::{Engine, Intent, Outcome};
use crate::core::quiz::Quiz;
use crate::core::reply::Reply;
use crate::storage::{Store, StoreError};
use std::sync::{Arc, RwLock};
use std::time::{SystemTime, UNIX_EPOCH};

/// The engine and the store of its conversations.
pub struct Assistant {
    /// Swapped whole by a knowledge reload; each answer uses the engine current when it started.
    engine: RwLock<Arc<Engine>>,
    store: Arc<dyn Store>,
    /// Seconds of inactivity after which a context is forgotten.
    ttl: u64,
    /// The quiz questions of the engine's knowledge.
    quiz: Quiz,
}

impl std::fmt::Debug for Assistant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Assistant")
            .field("ttl", &self.ttl)
            .finish_non_exhaustive()
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

impl Assistant {
    /// An assistant answering from `engine`, remembering in `store`, forgetting contexts after
    /// `ttl_secs` of inactivity.
    pub fn new(engine: Engine, store: Arc<dyn Store>, ttl_secs: u64) -> Assistant {
        let quiz = Quiz::new(engine.knowledge());
        Assistant {
            engine: RwLock::new(Arc::new(engine)),
            store,
            ttl: ttl_secs,
            quiz,
        }
    }

    /// The engine serving now (a reload may replace it for later calls).
    pub fn engine(&self) -> Arc<Engine> {
        Arc::clone(&self.engine.read().unwrap_or_else(|p| p.into_inner()))
    }

    /// Replaces the engine (a knowledge reload); answers in progress finish on the old one.
    pub fn replace_engine(&self, engine: Engine) {
        *self.engine.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(engine);
    }

    /// The store.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// The quiz questions generated from the knowledge.
    pub fn quiz(&self) -> &Quiz {
        &self.quiz
    }

    fn context(&self, id: ConversationId, now: u64) -> Option<Context> {
        self.store.get_context(id, now).unwrap_or_else(|e| {
            tracing::error!(chat_id = id.chat, error = %e, "cannot read the conversation context");
            None
        })
    }

    /// Saves what a follow-up needs: the intent answered (or, after a decline, the one before
    /// it) and the country named last.
    fn remember(&self, id: ConversationId, outcome: &Outcome, previous: Option<Context>, now: u64) {
        let place = outcome
            .place
            .clone()
            .or_else(|| previous.as_ref().and_then(|c| c.place.clone()));
        let context = match (&outcome.remember, previous) {
            (Some(last), previous) => Context {
                last: last.clone(),
                // (The same answer again keeps the one before it: "and the previous one?"; so
                // does another figure of the same country's pay — "UK?", "and Canada?", "the
                // base there?" leave the UK to compare with: "compare those two countries".)
                earlier: outcome.earlier.clone().or_else(|| previous.and_then(|c| {
                    let same_country = matches!(
                        (&c.last, last),
                        (Intent::Salary { country: a, .. }, Intent::Salary { country: b, .. }) if a == b
                    );
                    if c.last == *last || (same_country && c.earlier.is_some()) {
                        c.earlier
                    } else {
                        Some(c.last)
                    }
                })),
                at: now,
                place,
            },
            // A declined question keeps the conversation where it was, with its place.
            (None, Some(previous)) if place != previous.place => Context {
                at: now,
                place,
                ..previous
            },
            (None, None) if place.is_some() => Context {
                last: outcome.intent.clone(),
                earlier: None,
                at: now,
                place,
            },
            _ => return,
        };
        if let Err(e) = self.store.put_context(id, &context, self.ttl) {
            tracing::error!(chat_id = id.chat, error = %e, "cannot save the conversation context");
        }
    }

    /// Answers a message of conversation `id`, using and updating its context.
    pub fn ask(&self, id: ConversationId, text: &str) -> Outcome {
        let now = now();
        let context = self.context(id, now);
        let started = std::time::Instant::now();
        let outcome = self.engine().respond_in(text, context.as_ref());
        crate::ops::metrics::metrics().answered(&outcome.intent, started.elapsed());
        self.remember(id, &outcome, context, now);
        outcome
    }

    /// Answers a button press carrying an intent label; `None` when the label is unknown (a
    /// button from an older version).
    pub fn press(&self, id: ConversationId, label: &str) -> Option<Outcome> {
        let intent = Intent::from_label(label)?;
        let outcome = self.engine().answer_intent(&intent)?;
        let now = now();
        let context = self.context(id, now);
        self.remember(id, &outcome, context, now);
        Some(outcome)
    }

    /// The roadmap with the member's progress, and a button per step to mark it done or undone.
    pub fn progress(&self, id: ConversationId) -> Result<Reply, StoreError> {
        let done = self.store.progress(id.chat, id.user)?;
        let engine = self.engine();
        let steps = &engine.knowledge().steps;
        let lines = steps
            .iter()
            .map(|s| {
                let mark = if done.contains(&s.number) {
                    "✅"
                } else {
                    "⬜"
                };
                format!("{mark} {}. {}", s.number, s.title)
            })
            .collect();
        let mut reply = Reply::new(format!(
            "Your roadmap progress: {} of {} steps done",
            done.len(),
            steps.len()
        ))
        .bullets(lines)
        .paragraph("Send /done N to mark step N done, /undo N to take it back.");
        for s in steps {
            let (verb, command) = if done.contains(&s.number) {
                ("Undo", format!("undo:{}:{}", s.number, id.user))
            } else {
                ("Done", format!("done:{}:{}", s.number, id.user))
            };
            reply = reply.action(format!("{verb}: step {}", s.number), command);
        }
        // Front-ends that can send pictures offer the member's roadmap card.
        reply = reply.action("🖼 Picture", format!("card:{}", id.user));
        Ok(reply)
    }

    /// Marks step `step` done (or not) for the member, then shows their progress.
    pub fn set_step(
        &self,
        id: ConversationId,
        name: &str,
        step: u8,
        done: bool,
    ) -> Result<Reply, StoreError> {
        let engine = self.engine();
        let steps = &engine.knowledge().steps;
        if !steps.iter().any(|s| s.number == step) {
            return Ok(Reply::new(format!(
                "There is no step {step}: the roadmap has steps 1 to {}.",
                steps.len()
            )));
        }
        self.store.set_step(id.chat, id.user, name, step, done)?;
        self.progress(id)
    }

    /// The cohort board of a chat: every member's progress, most advanced first.
    pub fn board(&self, chat: i64) -> Result<Reply, StoreError> {
        let board = self.store.board(chat)?;
        let total = self.engine().knowledge().steps.len();
        if board.is_empty() {
            return Ok(Reply::new("No one has marked a roadmap step yet.")
                .paragraph("Send /progress to see the roadmap and mark the steps you have done."));
        }
        let lines = board
            .iter()
            .map(|m| {
                let bar: String = (1..=total as u8)
                    .map(|n| if m.steps.contains(&n) { '■' } else { '□' })
                    .collect();
                format!("{} — {bar} {}/{total}", m.name, m.steps.len())
            })
            .collect();
        let members = if board.len() == 1 {
            "1 member".to_string()
        } else {
            format!("{} members", board.len())
        };
        Ok(Reply::new(format!("Cohort progress ({members})")).numbered(lines))
    }

    /// Deletes everything stored about `user` (in `chat`, or everywhere when `None`).
    pub fn forget(&self, user: i64, chat: Option<i64>) -> Result<Reply, StoreError> {
        self.store.forget_user(user, chat)?;
        let scope = if chat.is_some() {
            "in this chat"
        } else {
            "anywhere"
        };
        Ok(
            Reply::new("Done — I have forgotten you.").paragraph(format!(
                "Your progress, quiz scores, review reminders, name and conversation {scope} are deleted from my store."
            )),
        )
    }

    /// What is stored and for how long.
    pub fn privacy(&self) -> Reply {
        let minutes = self.ttl.div_ceil(60);
        Reply::new("What I store about you").bullets(vec![
            "Your Telegram user id and display name, with the roadmap steps you mark done (per chat), until you send /forget.".to_string(),
            "Your quiz scores (answers and correct answers, per chat) and which quiz questions you got wrong, so reviews can come back to them — until you send /forget. Quiz polls are kept 7 days.".to_string(),
            "Your review reminder, if you set one with /remind (daily or weekly, its time and time zone), until you send /remind off or /forget. A group's quiz and reminder settings (/settings) belong to the group.".to_string(),
            format!("What you asked last, so that follow-ups like \"and in India?\" work — forgotten after {minutes} minutes of silence."),
            "Nothing else: no message history, no phone number, no contacts.".to_string(),
            "/forget in a group deletes what is stored about you in that group; in a private chat, everywhere.".to_string(),
        ])
    }

    /// Runs an action command from a button (`done:3:42`) pressed by `presser` in `chat`.
    /// `Err` carries a short refusal for the presser (an alert in Telegram).
    pub fn act(&self, chat: i64, presser: i64, name: &str, command: &str) -> Result<Reply, String> {
        let mut parts = command.split(':');
        let (verb, step, owner) = (parts.next(), parts.next(), parts.next());
        let step: u8 = step
            .and_then(|s| s.parse().ok())
            .ok_or("This button no longer works; send /progress.")?;
        let owner: i64 = owner
            .and_then(|s| s.parse().ok())
            .ok_or("This button no longer works; send /progress.")?;
        if owner != presser {
            return Err(
                "These buttons belong to someone else's progress — send /progress for your own."
                    .into(),
            );
        }
        let done = match verb {
            Some("done") => true,
            Some("undo") => false,
            _ => return Err("This button no longer works; send /progress.".into()),
        };
        let id = ConversationId {
            chat,
            user: presser,
        };
        self.set_step(id, name, step, done).map_err(|e| {
            tracing::error!(chat_id = chat, error = %e, "cannot update progress");
            "Sorry, I couldn't save that just now — please try again.".to_string()
        })
    }
}
