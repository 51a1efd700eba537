//! Conversation context: what each person last asked, so that "and in India?" or "next step"
//! can be understood. One [`Context`] per (chat, user) — in a group every member has their own —
//! kept by [`Contexts`], which forgets a context after a period of inactivity and keeps at most a
//! fixed number (the least recently used is dropped first).
//!
//! Time is passed in (seconds), never read here, so expiry is tested without waiting.

use crate::core::engine::Intent;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Who a context belongs to: a user in a chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ConversationId {
    /// Telegram chat id (negative for groups), or any number for the CLI.
    pub chat: i64,
    /// Telegram user id.
    pub user: i64,
}

/// What the previous answer was about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Context {
    /// The intent answered last (with its entity: the country, the certification, the step…).
    pub last: Intent,
    /// The answer before that, for questions about both ("which one is higher?").
    #[serde(default)]
    pub earlier: Option<Intent>,
    /// When it was answered, in seconds.
    pub at: u64,
}

/// Default inactivity after which a context is forgotten: 30 minutes.
pub const DEFAULT_TTL_SECS: u64 = 30 * 60;
/// Default number of contexts kept.
pub const DEFAULT_CAPACITY: usize = 10_000;

/// In-memory contexts with expiry and a bound.
#[derive(Debug, Clone)]
pub struct Contexts {
    ttl: u64,
    capacity: usize,
    entries: HashMap<ConversationId, (Context, u64)>,
    /// Use counter, bumped at every access, for least-recently-used eviction.
    clock: u64,
}

impl Contexts {
    /// Contexts forgotten after `ttl_secs` of inactivity, at most `capacity` kept.
    pub fn new(ttl_secs: u64, capacity: usize) -> Contexts {
        Contexts {
            ttl: ttl_secs,
            capacity: capacity.max(1),
            entries: HashMap::new(),
            clock: 0,
        }
    }

    /// The live context of `id` at time `now`, if any.
    pub fn get(&mut self, id: ConversationId, now: u64) -> Option<Context> {
        self.clock += 1;
        let clock = self.clock;
        let ttl = self.ttl;
        match self.entries.get_mut(&id) {
            Some((ctx, _)) if now.saturating_sub(ctx.at) > ttl => {
                self.entries.remove(&id);
                None
            }
            Some((ctx, used)) => {
                *used = clock;
                Some(ctx.clone())
            }
            None => None,
        }
    }

    /// Stores the context of `id`, evicting the least recently used one when full.
    pub fn put(&mut self, id: ConversationId, ctx: Context) {
        self.clock += 1;
        if !self.entries.contains_key(&id) && self.entries.len() >= self.capacity {
            let now = ctx.at;
            let ttl = self.ttl;
            self.entries
                .retain(|_, (c, _)| now.saturating_sub(c.at) <= ttl);
            if self.entries.len() >= self.capacity
                && let Some(oldest) = self
                    .entries
                    .iter()
                    .min_by_key(|(_, (_, used))| *used)
                    .map(|(k, _)| *k)
            {
                self.entries.remove(&oldest);
            }
        }
        self.entries.insert(id, (ctx, self.clock));
    }

    /// Forgets the context of `id`.
    pub fn remove(&mut self, id: ConversationId) {
        self.entries.remove(&id);
    }

    /// Number of contexts kept.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no context is kept.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(at: u64) -> Context {
        Context {
            last: Intent::Roadmap,
            earlier: None,
            at,
        }
    }

    fn id(user: i64) -> ConversationId {
        ConversationId { chat: -1, user }
    }

    #[test]
    fn a_context_expires_after_inactivity() {
        let mut c = Contexts::new(60, 10);
        c.put(id(1), ctx(0));
        assert!(c.get(id(1), 60).is_some());
        assert!(c.get(id(1), 61).is_none());
    }

    #[test]
    fn the_least_recently_used_is_evicted() {
        let mut c = Contexts::new(1000, 2);
        c.put(id(1), ctx(0));
        c.put(id(2), ctx(0));
        c.get(id(1), 1);
        c.put(id(3), ctx(1));
        assert_eq!(c.len(), 2);
        assert!(c.get(id(1), 2).is_some());
        assert!(c.get(id(2), 2).is_none());
    }

    #[test]
    fn group_members_have_their_own_context() {
        let mut c = Contexts::new(1000, 10);
        c.put(id(1), ctx(0));
        assert!(c.get(id(2), 0).is_none());
    }
}
