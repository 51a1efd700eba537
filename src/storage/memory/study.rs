//! [`StudyStore`] on the in-memory store: four maps beside the others, under the same lock.

use super::MemoryStore;
use crate::storage::StoreError;
use crate::storage::study::{ChatSettings, Reminder, SeriesRecord, StudyStore};
use std::collections::HashMap;

/// The study data of a [`MemoryStore`].
#[derive(Debug, Default)]
pub(super) struct StudyData {
    settings: HashMap<i64, ChatSettings>,
    /// (chat, user) → question key → wrong answers.
    misses: HashMap<(i64, i64), HashMap<String, u32>>,
    reminders: HashMap<(i64, i64), Reminder>,
    /// chat → its quiz series.
    series: HashMap<i64, SeriesRecord>,
}

impl StudyStore for MemoryStore {
    fn chat_settings(&self, chat: i64) -> Result<ChatSettings, StoreError> {
        Ok(self
            .lock()
            .study
            .settings
            .get(&chat)
            .copied()
            .unwrap_or_default())
    }

    fn set_chat_settings(&self, chat: i64, settings: &ChatSettings) -> Result<(), StoreError> {
        self.lock().study.settings.insert(chat, *settings);
        Ok(())
    }

    fn record_miss(&self, chat: i64, user: i64, question_key: &str) -> Result<(), StoreError> {
        *self
            .lock()
            .study
            .misses
            .entry((chat, user))
            .or_default()
            .entry(question_key.to_string())
            .or_default() += 1;
        Ok(())
    }

    fn misses(&self, chat: i64, user: i64) -> Result<HashMap<String, u32>, StoreError> {
        Ok(self
            .lock()
            .study
            .misses
            .get(&(chat, user))
            .cloned()
            .unwrap_or_default())
    }

    fn put_reminder(&self, reminder: &Reminder) -> Result<(), StoreError> {
        self.lock()
            .study
            .reminders
            .insert((reminder.chat, reminder.user), reminder.clone());
        Ok(())
    }

    fn reminder(&self, chat: i64, user: i64) -> Result<Option<Reminder>, StoreError> {
        Ok(self.lock().study.reminders.get(&(chat, user)).cloned())
    }

    fn remove_reminder(&self, chat: i64, user: i64) -> Result<bool, StoreError> {
        Ok(self.lock().study.reminders.remove(&(chat, user)).is_some())
    }

    fn remove_chat_reminders(&self, chat: i64) -> Result<usize, StoreError> {
        let mut inner = self.lock();
        let before = inner.study.reminders.len();
        inner.study.reminders.retain(|&(c, _), _| c != chat);
        Ok(before - inner.study.reminders.len())
    }

    fn due_reminders(&self, now: u64, limit: usize) -> Result<Vec<Reminder>, StoreError> {
        let mut due: Vec<Reminder> = self
            .lock()
            .study
            .reminders
            .values()
            .filter(|r| r.next_at <= now)
            .cloned()
            .collect();
        due.sort_by_key(|r| (r.next_at, r.chat, r.user));
        due.truncate(limit);
        Ok(due)
    }

    fn advance_reminder(
        &self,
        chat: i64,
        user: i64,
        expected: u64,
        next_at: u64,
    ) -> Result<bool, StoreError> {
        let mut inner = self.lock();
        match inner.study.reminders.get_mut(&(chat, user)) {
            Some(r) if r.next_at == expected => {
                r.next_at = next_at;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    fn start_series(
        &self,
        chat: i64,
        owner: &str,
        total: u32,
        now: u64,
        lease_secs: u64,
    ) -> Result<bool, StoreError> {
        let mut inner = self.lock();
        if inner
            .study
            .series
            .get(&chat)
            .is_some_and(|s| s.is_running(now))
        {
            return Ok(false);
        }
        let record = SeriesRecord {
            owner: owner.to_string(),
            total,
            sent: 0,
            stopped: false,
            lease_until: now.saturating_add(lease_secs),
        };
        inner.study.series.insert(chat, record);
        Ok(true)
    }

    fn series(&self, chat: i64, now: u64) -> Result<Option<SeriesRecord>, StoreError> {
        Ok(self
            .lock()
            .study
            .series
            .get(&chat)
            .filter(|s| s.lease_until > now)
            .cloned())
    }

    fn stop_series(&self, chat: i64, now: u64) -> Result<Option<SeriesRecord>, StoreError> {
        let mut inner = self.lock();
        match inner.study.series.get_mut(&chat) {
            Some(s) if s.is_running(now) => {
                s.stopped = true;
                Ok(Some(s.clone()))
            }
            _ => Ok(None),
        }
    }

    fn advance_series(
        &self,
        chat: i64,
        owner: &str,
        sent: u32,
        now: u64,
        lease_secs: u64,
    ) -> Result<bool, StoreError> {
        let mut inner = self.lock();
        match inner.study.series.get_mut(&chat) {
            Some(s) if s.owner == owner && s.is_running(now) => {
                s.sent = sent;
                s.lease_until = now.saturating_add(lease_secs);
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    fn end_series(&self, chat: i64, owner: &str) -> Result<bool, StoreError> {
        let mut inner = self.lock();
        if inner
            .study
            .series
            .get(&chat)
            .is_some_and(|s| s.owner == owner)
        {
            inner.study.series.remove(&chat);
            return Ok(true);
        }
        Ok(false)
    }

    fn forget_study(&self, user: i64, chat: Option<i64>) -> Result<(), StoreError> {
        let mut inner = self.lock();
        let hit = |c: i64, u: i64| u == user && chat.is_none_or(|chat| chat == c);
        inner.study.misses.retain(|&(c, u), _| !hit(c, u));
        inner.study.reminders.retain(|&(c, u), _| !hit(c, u));
        Ok(())
    }

    fn migrate_study(&self, from: i64, to: i64) -> Result<(), StoreError> {
        if from == to {
            return Ok(());
        }
        let mut inner = self.lock();
        let study = &mut inner.study;
        study.series.remove(&from);
        if let Some(settings) = study.settings.remove(&from) {
            study.settings.entry(to).or_insert(settings);
        }
        let moved: Vec<(i64, i64)> = study
            .misses
            .keys()
            .filter(|(c, _)| *c == from)
            .copied()
            .collect();
        for key in moved {
            let misses = study.misses.remove(&key).unwrap_or_default();
            let there = study.misses.entry((to, key.1)).or_default();
            for (question, n) in misses {
                *there.entry(question).or_default() += n;
            }
        }
        let moved: Vec<(i64, i64)> = study
            .reminders
            .keys()
            .filter(|(c, _)| *c == from)
            .copied()
            .collect();
        for key in moved {
            if let Some(mut reminder) = study.reminders.remove(&key) {
                reminder.chat = to;
                study.reminders.entry((to, key.1)).or_insert(reminder);
            }
        }
        Ok(())
    }
}
