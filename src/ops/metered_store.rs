//! [`MeteredStore`]: wraps any [`Store`] and times every call into the store-latency histogram
//! of [`super::metrics`], counting failures by operation. `run` wraps the store it opened in it,
//! so `/metrics` shows how the store behaves whichever backend is configured.
//!
//! Adding a method to [`Store`] means adding its forwarding line here.

use super::metrics::metrics;
use crate::core::context::{Context, ConversationId};
use crate::storage::study::{ChatSettings, Reminder, SeriesRecord, StudyStore};
use crate::storage::{MemberProgress, PollRecord, Score, Store, StoreError};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

/// A store whose calls are timed and counted.
pub struct MeteredStore {
    inner: Arc<dyn Store>,
}

impl MeteredStore {
    /// `inner`, metered.
    pub fn wrap(inner: Arc<dyn Store>) -> Arc<dyn Store> {
        Arc::new(MeteredStore { inner })
    }
}

/// Runs one store call, timing it and counting a failure under `operation`.
fn timed<T>(
    operation: &str,
    call: impl FnOnce() -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let started = Instant::now();
    let result = call();
    metrics().store.observe(started.elapsed());
    if result.is_err() {
        metrics().store_errors.inc(operation);
    }
    result
}

impl Store for MeteredStore {
    fn get_context(&self, id: ConversationId, now: u64) -> Result<Option<Context>, StoreError> {
        timed("get_context", || self.inner.get_context(id, now))
    }
    fn put_context(
        &self,
        id: ConversationId,
        ctx: &Context,
        ttl_secs: u64,
    ) -> Result<(), StoreError> {
        timed("put_context", || self.inner.put_context(id, ctx, ttl_secs))
    }
    fn remove_context(&self, id: ConversationId) -> Result<(), StoreError> {
        timed("remove_context", || self.inner.remove_context(id))
    }
    fn set_step(
        &self,
        chat: i64,
        user: i64,
        display_name: &str,
        step: u8,
        done: bool,
    ) -> Result<(), StoreError> {
        timed("set_step", || {
            self.inner.set_step(chat, user, display_name, step, done)
        })
    }
    fn progress(&self, chat: i64, user: i64) -> Result<Vec<u8>, StoreError> {
        timed("progress", || self.inner.progress(chat, user))
    }
    fn board(&self, chat: i64) -> Result<Vec<MemberProgress>, StoreError> {
        timed("board", || self.inner.board(chat))
    }
    fn reset_board(&self, chat: i64) -> Result<(), StoreError> {
        timed("reset_board", || self.inner.reset_board(chat))
    }
    fn put_poll(&self, poll_id: &str, record: &PollRecord) -> Result<(), StoreError> {
        timed("put_poll", || self.inner.put_poll(poll_id, record))
    }
    fn get_poll(&self, poll_id: &str) -> Result<Option<PollRecord>, StoreError> {
        timed("get_poll", || self.inner.get_poll(poll_id))
    }
    fn record_answer(
        &self,
        poll_id: &str,
        user: i64,
        display_name: &str,
        correct: bool,
    ) -> Result<bool, StoreError> {
        timed("record_answer", || {
            self.inner
                .record_answer(poll_id, user, display_name, correct)
        })
    }
    fn scores(&self, chat: i64) -> Result<Vec<Score>, StoreError> {
        timed("scores", || self.inner.scores(chat))
    }
    fn forget_user(&self, user: i64, chat: Option<i64>) -> Result<(), StoreError> {
        timed("forget_user", || self.inner.forget_user(user, chat))
    }
    fn migrate_chat(&self, from: i64, to: i64) -> Result<(), StoreError> {
        timed("migrate_chat", || self.inner.migrate_chat(from, to))
    }
    fn ping(&self) -> Result<(), StoreError> {
        timed("ping", || self.inner.ping())
    }
    fn claim_update(&self, update_id: i64, lease_secs: u64, now: u64) -> Result<bool, StoreError> {
        timed("claim_update", || {
            self.inner.claim_update(update_id, lease_secs, now)
        })
    }
    fn finish_update(&self, update_id: i64) -> Result<(), StoreError> {
        timed("finish_update", || self.inner.finish_update(update_id))
    }
}

impl StudyStore for MeteredStore {
    fn chat_settings(&self, chat: i64) -> Result<ChatSettings, StoreError> {
        timed("chat_settings", || self.inner.chat_settings(chat))
    }
    fn set_chat_settings(&self, chat: i64, settings: &ChatSettings) -> Result<(), StoreError> {
        timed("set_chat_settings", || {
            self.inner.set_chat_settings(chat, settings)
        })
    }
    fn record_miss(&self, chat: i64, user: i64, question_key: &str) -> Result<(), StoreError> {
        timed("record_miss", || {
            self.inner.record_miss(chat, user, question_key)
        })
    }
    fn misses(&self, chat: i64, user: i64) -> Result<HashMap<String, u32>, StoreError> {
        timed("misses", || self.inner.misses(chat, user))
    }
    fn put_reminder(&self, reminder: &Reminder) -> Result<(), StoreError> {
        timed("put_reminder", || self.inner.put_reminder(reminder))
    }
    fn reminder(&self, chat: i64, user: i64) -> Result<Option<Reminder>, StoreError> {
        timed("reminder", || self.inner.reminder(chat, user))
    }
    fn remove_reminder(&self, chat: i64, user: i64) -> Result<bool, StoreError> {
        timed("remove_reminder", || self.inner.remove_reminder(chat, user))
    }
    fn remove_chat_reminders(&self, chat: i64) -> Result<usize, StoreError> {
        timed("remove_chat_reminders", || {
            self.inner.remove_chat_reminders(chat)
        })
    }
    fn due_reminders(&self, now: u64, limit: usize) -> Result<Vec<Reminder>, StoreError> {
        timed("due_reminders", || self.inner.due_reminders(now, limit))
    }
    fn advance_reminder(
        &self,
        chat: i64,
        user: i64,
        expected: u64,
        next_at: u64,
    ) -> Result<bool, StoreError> {
        timed("advance_reminder", || {
            self.inner.advance_reminder(chat, user, expected, next_at)
        })
    }
    fn start_series(
        &self,
        chat: i64,
        owner: &str,
        total: u32,
        now: u64,
        lease_secs: u64,
    ) -> Result<bool, StoreError> {
        timed("start_series", || {
            self.inner.start_series(chat, owner, total, now, lease_secs)
        })
    }
    fn series(&self, chat: i64, now: u64) -> Result<Option<SeriesRecord>, StoreError> {
        timed("series", || self.inner.series(chat, now))
    }
    fn stop_series(&self, chat: i64, now: u64) -> Result<Option<SeriesRecord>, StoreError> {
        timed("stop_series", || self.inner.stop_series(chat, now))
    }
    fn advance_series(
        &self,
        chat: i64,
        owner: &str,
        sent: u32,
        now: u64,
        lease_secs: u64,
    ) -> Result<bool, StoreError> {
        timed("advance_series", || {
            self.inner
                .advance_series(chat, owner, sent, now, lease_secs)
        })
    }
    fn end_series(&self, chat: i64, owner: &str) -> Result<bool, StoreError> {
        timed("end_series", || self.inner.end_series(chat, owner))
    }
    fn forget_study(&self, user: i64, chat: Option<i64>) -> Result<(), StoreError> {
        timed("forget_study", || self.inner.forget_study(user, chat))
    }
    fn migrate_study(&self, from: i64, to: i64) -> Result<(), StoreError> {
        timed("migrate_study", || self.inner.migrate_study(from, to))
    }
}
