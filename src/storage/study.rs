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

    /// Deletes `user`'s misses and reminders in `chat`, or everywhere when `None`.
    fn forget_study(&self, user: i64, chat: Option<i64>) -> Result<(), StoreError>;

    /// Moves settings, misses and reminders from chat `from` to chat `to` (a supergroup
    /// upgrade). What `to` already has wins for settings and reminders; misses add up.
    fn migrate_study(&self, from: i64, to: i64) -> Result<(), StoreError>;
}
