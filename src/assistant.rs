//! The assistant: the engine plus the memory of every conversation, shared by the front-ends
//! that serve many people at once (Telegram). It owns the clock, so the engine stays pure.
//!
//! Contexts live in memory behind a `std::sync::Mutex`: a lock is held only for a lookup or an
//! insert, never across an `.await`, so the standard mutex is the right (and cheaper) tool — a
//! Tokio mutex is for locks held across await points.

use crate::core::context::{Context, Contexts, ConversationId};
use crate::core::engine::{Engine, Intent, Outcome};
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

/// The engine and the conversations it is having.
#[derive(Debug)]
pub struct Assistant {
    engine: Engine,
    contexts: Mutex<Contexts>,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

impl Assistant {
    /// An assistant whose contexts expire after `ttl_secs` of inactivity, at most `capacity` kept.
    pub fn new(engine: Engine, ttl_secs: u64, capacity: usize) -> Assistant {
        Assistant {
            engine,
            contexts: Mutex::new(Contexts::new(ttl_secs, capacity)),
        }
    }

    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    fn contexts(&self) -> std::sync::MutexGuard<'_, Contexts> {
        // A panic while holding the lock leaves the contexts as they were; they are still usable.
        self.contexts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Answers a message of conversation `id`, using and updating its context.
    pub fn ask(&self, id: ConversationId, text: &str) -> Outcome {
        let now = now();
        let context = self.contexts().get(id, now);
        let outcome = self.engine.respond_in(text, context.as_ref());
        if let Some(last) = &outcome.remember {
            self.remember(id, last, context, now);
        }
        outcome
    }

    /// Answers a button press carrying an intent label; `None` when the label is unknown (a
    /// button from an older version).
    pub fn press(&self, id: ConversationId, label: &str) -> Option<Outcome> {
        let intent = Intent::from_label(label)?;
        let outcome = self.engine.answer_intent(&intent)?;
        let now = now();
        let context = self.contexts().get(id, now);
        self.remember(id, &outcome.intent, context, now);
        Some(outcome)
    }

    fn remember(&self, id: ConversationId, intent: &Intent, previous: Option<Context>, now: u64) {
        if intent.kind().is_some()
            && !matches!(intent, Intent::Greeting | Intent::Thanks | Intent::Help)
        {
            self.contexts().put(
                id,
                Context {
                    last: intent.clone(),
                    earlier: previous.map(|c| c.last),
                    at: now,
                },
            );
        }
    }

    /// Forgets the context of conversation `id`.
    pub fn forget(&self, id: ConversationId) {
        self.contexts().remove(id);
    }
}
