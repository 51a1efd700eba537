//! The study side of the store: what quizzes, review reminders and group settings need to
//! remember, as the [`StudyStore`] trait every backend implements (in its own `study` child
//! module) and every [`Store`](super::Store) has.
//!
//! - **Group settings** ([`ChatSettings`]): whether a group's admins turned quizzes or review
//!   reminders off. Kept until the group is migrated (they move with it).
//! - **Misses**: how often a member answered each quiz question (by its stable key) wrongly in a
//!   chat, so reviews come back to those questions. Member data: [`Store::forget_user`]
//!   (super::Store::forget_user) deletes it.
//! - **Reminders** ([`Reminder`]): one review schedule per (chat, user), with the time it is next
//!   due. [`StudyStore::advance_reminder`] moves that time forward only if it still holds the
//!   value the caller read — a compare-and-set — so of several scheduler instances sharing one
//!   store exactly one sends a due reminder. Member data too.
//! - **Quiz series** ([`SeriesRecord`]): the `/quiz N` series running in a chat, so that every
//!   replica sharing the store sees it: at most one live series per chat
//!   ([`StudyStore::start_series`] is a compare-and-set), a `/quiz stop` on any replica marks it
//!   stopped ([`StudyStore::stop_series`]), and the replica running it checks and renews it
//!   before each question ([`StudyStore::advance_series`]). The record holds a lease: if the
//!   replica running the series dies, the series is over once `lease_until` passes. No member
//!   data; a migration drops the old chat's series (its runner's next check finds nothing and
//!   stops, and `/quiz` can start anew in the supergroup).
//!
//! The backends' `forget_user` and `migrate_chat` call [`StudyStore::forget_study`] and
//! [`StudyStore::migrate_study`], so the store's privacy and migration contracts cover this data.

use super::StoreError;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What a group's admins turned on or off. Both are on until changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatSettings {
    /// Whether /quiz works in the chat.
    pub quizzes: bool,
    /// Whether review reminders are sent to the chat.
    pub reminders: bool,
}

impl Default for ChatSettings {
    fn default() -> Self {
        ChatSettings {
            quizzes: true,
            reminders: true,
        }
    }
}

/// How often a reminder comes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Cadence {
    /// Every day at the time.
    Daily,
    /// Every week, on the weekday it was set for, at the time.
    Weekly,
}

impl Cadence {
    /// Seconds between two reviews.
    pub fn period_secs(self) -> u64 {
        match self {
            Cadence::Daily => 86_400,
            Cadence::Weekly => 7 * 86_400,
        }
    }

    /// `daily` or `weekly`.
    pub fn as_str(self) -> &'static str {
        match self {
            Cadence::Daily => "daily",
            Cadence::Weekly => "weekly",
        }
    }

    /// The cadence named `daily` or `weekly`.
    pub fn parse(s: &str) -> Option<Cadence> {
        match s {
            "daily" => Some(Cadence::Daily),
            "weekly" => Some(Cadence::Weekly),
            _ => None,
        }
    }
}

/// A member's review schedule in a chat (their private chat, or a group they set it in).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminder {
    /// Where the review is sent.
    pub chat: i64,
    /// Whose done steps it is drawn from.
    pub user: i64,
    /// Daily or weekly.
    pub cadence: Cadence,
    /// Local hour, 0–23.
    pub hour: u8,
    /// Local minute, 0–59.
    pub minute: u8,
    /// The time zone as a fixed offset from UTC, in minutes (+02:00 is 120).
    pub utc_offset_minutes: i32,
    /// When it is next due, in seconds since the epoch.
    pub next_at: u64,
}

/// The quiz series recorded for a chat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesRecord {
    /// Who runs it: a token unique to one series on one replica.
    pub owner: String,
    /// Questions in the series.
    pub total: u32,
    /// Questions sent so far, as last recorded by the owner.
    pub sent: u32,
    /// Whether a `/quiz stop` asked it to end (the owner ends it at its next check).
    pub stopped: bool,
    /// The series is over at this time (seconds since the epoch) unless the owner renews it.
    pub lease_until: u64,
}

impl SeriesRecord {
    /// Whether the series still runs at `now`: not stopped, its lease not run out.
    pub fn is_running(&self, now: u64) -> bool {
        !self.stopped && self.lease_until > now
    }
}

/// What quizzes, reviews and group settings remember. See the [module documentation](self).
pub trait StudyStore {
    /// The settings of `chat` (both on when never set).
    fn chat_settings(&self, chat: i64) -> Result<ChatSettings, StoreError>;

    /// Replaces the settings of `chat`.
    fn set_chat_settings(&self, chat: i64, settings: &ChatSettings) -> Result<(), StoreError>;

    /// Counts one wrong answer of `user` in `chat` to the question `question_key`.
    fn record_miss(&self, chat: i64, user: i64, question_key: &str) -> Result<(), StoreError>;

    /// `user`'s wrong answers in `chat`: question key → how many times.
    fn misses(&self, chat: i64, user: i64) -> Result<HashMap<String, u32>, StoreError>;

    /// Stores `reminder`, replacing the one of its (chat, user).
    fn put_reminder(&self, reminder: &Reminder) -> Result<(), StoreError>;

    /// The reminder of `user` in `chat`.
    fn reminder(&self, chat: i64, user: i64) -> Result<Option<Reminder>, StoreError>;

    /// Deletes the reminder of `user` in `chat`; whether there was one.
    fn remove_reminder(&self, chat: i64, user: i64) -> Result<bool, StoreError>;

    /// Deletes every reminder sent to `chat` (the bot was blocked or removed); how many.
    fn remove_chat_reminders(&self, chat: i64) -> Result<usize, StoreError>;

    /// Up to `limit` reminders due at `now` (`next_at <= now`), soonest first.
    fn due_reminders(&self, now: u64, limit: usize) -> Result<Vec<Reminder>, StoreError>;

    /// Moves the reminder of (`chat`, `user`) from `expected` to `next_at` if it is still due at
    /// `expected`: true for exactly one of several callers racing with the same `expected`.
    fn advance_reminder(
        &self,
        chat: i64,
        user: i64,
        expected: u64,
        next_at: u64,
    ) -> Result<bool, StoreError>;

    /// Records a series of `total` questions run by `owner` in `chat`, leased until
    /// `now + lease_secs`, unless a running one ([`SeriesRecord::is_running`]) is recorded: true
    /// for exactly one of several callers racing for the chat.
    fn start_series(
        &self,
        chat: i64,
        owner: &str,
        total: u32,
        now: u64,
        lease_secs: u64,
    ) -> Result<bool, StoreError>;

    /// The series recorded for `chat` whose lease has not run out at `now` (stopped or not).
    fn series(&self, chat: i64, now: u64) -> Result<Option<SeriesRecord>, StoreError>;

    /// Marks the series running in `chat` at `now` stopped; the record, stopped, or `None` when
    /// none was running.
    fn stop_series(&self, chat: i64, now: u64) -> Result<Option<SeriesRecord>, StoreError>;

    /// Records that `owner` has sent `sent` questions and renews its lease to
    /// `now + lease_secs`, if the running series of `chat` is still `owner`'s; false when it was
    /// stopped, taken over or ran out (the owner should stop sending).
    fn advance_series(
        &self,
        chat: i64,
        owner: &str,
        sent: u32,
        now: u64,
        lease_secs: u64,
    ) -> Result<bool, StoreError>;

    /// Deletes the series record of `chat` if it is `owner`'s; whether it was.
    fn end_series(&self, chat: i64, owner: &str) -> Result<bool, StoreError>;

    /// Deletes `user`'s misses and reminders in `chat`, or everywhere when `None`.
    fn forget_study(&self, user: i64, chat: Option<i64>) -> Result<(), StoreError>;

    /// Moves settings, misses and reminders from chat `from` to chat `to` (a supergroup
    /// upgrade). What `to` already has wins for settings and reminders; misses add up. The
    /// series of `from` is dropped, not moved.
    fn migrate_study(&self, from: i64, to: i64) -> Result<(), StoreError>;
}
