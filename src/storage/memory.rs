//! The in-memory store: hash maps behind one `std::sync::Mutex`, held only for a lookup or a
//! small update (never across an `.await`). Nothing survives the process.
//!
//! Contexts are bounded: when [`MemoryStore::with_capacity`]'s limit is reached, expired ones are
//! dropped, then the one that expires soonest. Polls older than [`POLL_TTL_SECS`] (by the newest
//! poll's `created_at`) and update ids past their retention are dropped lazily as new ones come.

use super::{
    MemberProgress, POLL_TTL_SECS, PollRecord, Score, Store, StoreError, UPDATE_RETENTION_SECS,
    expires_at, sort_board, sort_scores,
};
use crate::core::context::{Context, ConversationId, DEFAULT_CAPACITY};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::{Mutex, MutexGuard};

mod study;
use super::study::StudyStore;

/// Everything in the process's memory. See the [module documentation](self).
#[derive(Debug)]
pub struct MemoryStore {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    capacity: usize,
    /// Context and when it stops being live.
    contexts: HashMap<ConversationId, (Context, u64)>,
    /// (chat, user) → steps done.
    progress: HashMap<(i64, i64), BTreeSet<u8>>,
    /// (chat, user) → latest display name.
    names: HashMap<(i64, i64), String>,
    /// (chat, user) → (correct, answered).
    scores: HashMap<(i64, i64), (u32, u32)>,
    polls: HashMap<String, PollRecord>,
    /// (poll id, user) that were counted.
    answers: HashSet<(String, i64)>,
    updates: HashMap<i64, Update>,
    /// Size of `updates` at which stale ids are next swept.
    next_update_sweep: usize,
    /// Settings, misses and reminders.
    study: study::StudyData,
}

#[derive(Debug, Clone, Copy)]
struct Update {
    lease_until: u64,
    done: bool,
}

const MIN_UPDATE_SWEEP: usize = 1024;

impl Default for MemoryStore {
    fn default() -> Self {
        MemoryStore::new()
    }
}

impl MemoryStore {
    /// An empty store keeping at most [`DEFAULT_CAPACITY`] contexts.
    pub fn new() -> MemoryStore {
        MemoryStore::with_capacity(DEFAULT_CAPACITY)
    }

    /// An empty store keeping at most `capacity` contexts (at least one).
    pub fn with_capacity(capacity: usize) -> MemoryStore {
        MemoryStore {
            inner: Mutex::new(Inner {
                capacity: capacity.max(1),
                next_update_sweep: MIN_UPDATE_SWEEP,
                ..Inner::default()
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // Every update below leaves the maps consistent before it could panic, so a poisoned
        // lock still guards usable data.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Store for MemoryStore {
    fn get_context(&self, id: ConversationId, now: u64) -> Result<Option<Context>, StoreError> {
        let mut inner = self.lock();
        match inner.contexts.get(&id) {
            Some((_, until)) if now > *until => {
                inner.contexts.remove(&id);
                Ok(None)
            }
            Some((ctx, _)) => Ok(Some(ctx.clone())),
            None => Ok(None),
        }
    }

    fn put_context(
        &self,
        id: ConversationId,
        ctx: &Context,
        ttl_secs: u64,
    ) -> Result<(), StoreError> {
        let mut inner = self.lock();
        if !inner.contexts.contains_key(&id) && inner.contexts.len() >= inner.capacity {
            let now = ctx.at;
            inner.contexts.retain(|_, (_, until)| now <= *until);
            if inner.contexts.len() >= inner.capacity
                && let Some(soonest) = inner
                    .contexts
                    .iter()
                    .min_by_key(|(_, (_, until))| *until)
                    .map(|(k, _)| *k)
            {
                inner.contexts.remove(&soonest);
            }
        }
        inner
            .contexts
            .insert(id, (ctx.clone(), expires_at(ctx.at, ttl_secs)));
        Ok(())
    }

    fn remove_context(&self, id: ConversationId) -> Result<(), StoreError> {
        self.lock().contexts.remove(&id);
        Ok(())
    }

    fn set_step(
        &self,
        chat: i64,
        user: i64,
        display_name: &str,
        step: u8,
        done: bool,
    ) -> Result<(), StoreError> {
        let mut inner = self.lock();
        inner.names.insert((chat, user), display_name.to_owned());
        if done {
            inner.progress.entry((chat, user)).or_default().insert(step);
        } else if let Some(steps) = inner.progress.get_mut(&(chat, user)) {
            steps.remove(&step);
            if steps.is_empty() {
                inner.progress.remove(&(chat, user));
            }
        }
        Ok(())
    }

    fn progress(&self, chat: i64, user: i64) -> Result<Vec<u8>, StoreError> {
        Ok(self
            .lock()
            .progress
            .get(&(chat, user))
            .map(|s| s.iter().copied().collect())
            .unwrap_or_default())
    }

    fn board(&self, chat: i64) -> Result<Vec<MemberProgress>, StoreError> {
        let inner = self.lock();
        let mut board: Vec<MemberProgress> = inner
            .progress
            .iter()
            .filter(|((c, _), steps)| *c == chat && !steps.is_empty())
            .map(|(&(c, user), steps)| MemberProgress {
                user,
                name: inner.names.get(&(c, user)).cloned().unwrap_or_default(),
                steps: steps.iter().copied().collect(),
            })
            .collect();
        sort_board(&mut board);
        Ok(board)
    }

    fn reset_board(&self, chat: i64) -> Result<(), StoreError> {
        self.lock().progress.retain(|(c, _), _| *c != chat);
        Ok(())
    }

    fn put_poll(&self, poll_id: &str, record: &PollRecord) -> Result<(), StoreError> {
        let mut inner = self.lock();
        let oldest = record.created_at.saturating_sub(POLL_TTL_SECS);
        inner.polls.retain(|_, r| r.created_at >= oldest);
        let Inner { polls, answers, .. } = &mut *inner;
        answers.retain(|(p, _)| polls.contains_key(p));
        inner.polls.insert(poll_id.to_owned(), record.clone());
        Ok(())
    }

    fn get_poll(&self, poll_id: &str) -> Result<Option<PollRecord>, StoreError> {
        Ok(self.lock().polls.get(poll_id).cloned())
    }

    fn record_answer(
        &self,
        poll_id: &str,
        user: i64,
        display_name: &str,
        correct: bool,
    ) -> Result<bool, StoreError> {
        let mut inner = self.lock();
        let Some(chat) = inner.polls.get(poll_id).map(|r| r.chat) else {
            return Ok(false);
        };
        if !inner.answers.insert((poll_id.to_owned(), user)) {
            return Ok(false);
        }
        let score = inner.scores.entry((chat, user)).or_default();
        score.1 += 1;
        if correct {
            score.0 += 1;
        }
        inner.names.insert((chat, user), display_name.to_owned());
        Ok(true)
    }

    fn scores(&self, chat: i64) -> Result<Vec<Score>, StoreError> {
        let inner = self.lock();
        let mut scores: Vec<Score> = inner
            .scores
            .iter()
            .filter(|((c, _), _)| *c == chat)
            .map(|(&(c, user), &(correct, answered))| Score {
                user,
                name: inner.names.get(&(c, user)).cloned().unwrap_or_default(),
                correct,
                answered,
            })
            .collect();
        sort_scores(&mut scores);
        Ok(scores)
    }

    fn forget_user(&self, user: i64, chat: Option<i64>) -> Result<(), StoreError> {
        let mut inner = self.lock();
        let hit = |c: i64, u: i64| u == user && chat.is_none_or(|chat| chat == c);
        inner.contexts.retain(|id, _| !hit(id.chat, id.user));
        inner.progress.retain(|&(c, u), _| !hit(c, u));
        inner.names.retain(|&(c, u), _| !hit(c, u));
        inner.scores.retain(|&(c, u), _| !hit(c, u));
        let Inner { polls, answers, .. } = &mut *inner;
        answers.retain(|(p, u)| {
            let poll_chat = polls.get(p).map(|r| r.chat);
            // An answer to a poll no longer known cannot be placed in a chat: drop it too.
            !(*u == user && (chat.is_none() || poll_chat.is_none() || poll_chat == chat))
        });
        // The user's private chat (its id is theirs): its polls go too.
        if chat.is_none_or(|c| c == user) {
            polls.retain(|_, r| r.chat != user);
            answers.retain(|(p, _)| polls.contains_key(p));
        }
        drop(inner);
        self.forget_study(user, chat)
    }

    fn migrate_chat(&self, from: i64, to: i64) -> Result<(), StoreError> {
        if from == to {
            return Ok(());
        }
        let mut inner = self.lock();
        let moved: Vec<_> = inner
            .progress
            .keys()
            .filter(|(c, _)| *c == from)
            .copied()
            .collect();
        for key in moved {
            let steps = inner.progress.remove(&key).unwrap_or_default();
            inner.progress.entry((to, key.1)).or_default().extend(steps);
        }
        let moved: Vec<_> = inner
            .scores
            .keys()
            .filter(|(c, _)| *c == from)
            .copied()
            .collect();
        for key in moved {
            let (correct, answered) = inner.scores.remove(&key).unwrap_or_default();
            let score = inner.scores.entry((to, key.1)).or_default();
            score.0 += correct;
            score.1 += answered;
        }
        let moved: Vec<_> = inner
            .names
            .keys()
            .filter(|(c, _)| *c == from)
            .copied()
            .collect();
        for key in moved {
            let name = inner.names.remove(&key).unwrap_or_default();
            inner.names.entry((to, key.1)).or_insert(name);
        }
        let moved: Vec<_> = inner
            .contexts
            .keys()
            .filter(|id| id.chat == from)
            .copied()
            .collect();
        for id in moved {
            if let Some(entry) = inner.contexts.remove(&id) {
                inner
                    .contexts
                    .entry(ConversationId { chat: to, ..id })
                    .or_insert(entry);
            }
        }
        for record in inner.polls.values_mut() {
            if record.chat == from {
                record.chat = to;
            }
        }
        drop(inner);
        self.migrate_study(from, to)
    }

    fn ping(&self) -> Result<(), StoreError> {
        Ok(())
    }

    fn claim_update(&self, update_id: i64, lease_secs: u64, now: u64) -> Result<bool, StoreError> {
        let mut inner = self.lock();
        if inner.updates.len() >= inner.next_update_sweep {
            inner
                .updates
                .retain(|_, u| u.lease_until.saturating_add(UPDATE_RETENTION_SECS) >= now);
            inner.next_update_sweep = (inner.updates.len() * 2).max(MIN_UPDATE_SWEEP);
        }
        let claim = Update {
            lease_until: now.saturating_add(lease_secs),
            done: false,
        };
        match inner.updates.get_mut(&update_id) {
            None => {
                inner.updates.insert(update_id, claim);
                Ok(true)
            }
            Some(u) if !u.done && u.lease_until <= now => {
                *u = claim;
                Ok(true)
            }
            Some(_) => Ok(false),
        }
    }

    fn finish_update(&self, update_id: i64) -> Result<(), StoreError> {
        let mut inner = self.lock();
        inner
            .updates
            .entry(update_id)
            .and_modify(|u| u.done = true)
            // Finished without a claim (it should not happen): remember it from now on anyway.
            .or_insert(Update {
                lease_until: 0,
                done: true,
            });
        Ok(())
    }
}
