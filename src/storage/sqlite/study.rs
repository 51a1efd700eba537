//! [`StudyStore`] on SQLite: the tables of schema version 2 ([`MIGRATION`]) and the quiz series
//! of version 3 ([`SERIES_MIGRATION`]).
//!
//! A due reminder is claimed with one `UPDATE … WHERE next_at = ?expected`: SQLite serialises
//! writers, so of several handles (or processes) racing on one file exactly one changes the row.
//! A series is started the same way, with one `INSERT … ON CONFLICT DO UPDATE … WHERE` that
//! replaces only a stopped or expired record.

use super::{SqliteStore, secs};
use crate::storage::StoreError;
use crate::storage::study::{Cadence, ChatSettings, Reminder, SeriesRecord, StudyStore};
use rusqlite::{OptionalExtension, Row, TransactionBehavior, params};
use std::collections::HashMap;

/// Schema version 2: group settings, quiz misses, review reminders.
pub(super) const MIGRATION: &str = "
     CREATE TABLE chat_settings (
         chat_id   INTEGER NOT NULL PRIMARY KEY,
         quizzes   INTEGER NOT NULL,
         reminders INTEGER NOT NULL
     );

     CREATE TABLE misses (
         chat_id      INTEGER NOT NULL,
         user_id      INTEGER NOT NULL,
         question_key TEXT    NOT NULL,
         count        INTEGER NOT NULL,
         PRIMARY KEY (chat_id, user_id, question_key)
     ) WITHOUT ROWID;
     CREATE INDEX misses_by_user ON misses (user_id);

     CREATE TABLE reminders (
         chat_id    INTEGER NOT NULL,
         user_id    INTEGER NOT NULL,
         cadence    TEXT    NOT NULL,
         hour       INTEGER NOT NULL,
         minute     INTEGER NOT NULL,
         utc_offset INTEGER NOT NULL,
         next_at    INTEGER NOT NULL,
         PRIMARY KEY (chat_id, user_id)
     ) WITHOUT ROWID;
     CREATE INDEX reminders_by_user ON reminders (user_id);
     CREATE INDEX reminders_by_time ON reminders (next_at);";

/// Schema version 3: the quiz series running in each chat.
pub(super) const SERIES_MIGRATION: &str = "
     CREATE TABLE quiz_series (
         chat_id     INTEGER NOT NULL PRIMARY KEY,
         owner       TEXT    NOT NULL,
         total       INTEGER NOT NULL,
         sent        INTEGER NOT NULL,
         stopped     INTEGER NOT NULL,
         lease_until INTEGER NOT NULL
     );";

const SERIES_COLUMNS: &str = "owner, total, sent, stopped, lease_until";

fn series_of(r: &Row<'_>) -> rusqlite::Result<SeriesRecord> {
    Ok(SeriesRecord {
        owner: r.get(0)?,
        total: r.get(1)?,
        sent: r.get(2)?,
        stopped: r.get(3)?,
        lease_until: u64::try_from(r.get::<_, i64>(4)?).unwrap_or(0),
    })
}

const REMINDER_COLUMNS: &str = "chat_id, user_id, cadence, hour, minute, utc_offset, next_at";

fn reminder_of(r: &Row<'_>) -> rusqlite::Result<Reminder> {
    let cadence: String = r.get(2)?;
    Ok(Reminder {
        chat: r.get(0)?,
        user: r.get(1)?,
        cadence: Cadence::parse(&cadence).unwrap_or(Cadence::Daily),
        hour: r.get(3)?,
        minute: r.get(4)?,
        utc_offset_minutes: r.get(5)?,
        next_at: u64::try_from(r.get::<_, i64>(6)?).unwrap_or(0),
    })
}

impl StudyStore for SqliteStore {
    fn chat_settings(&self, chat: i64) -> Result<ChatSettings, StoreError> {
        let settings = self
            .conn()
            .prepare_cached("SELECT quizzes, reminders FROM chat_settings WHERE chat_id = ?1")?
            .query_row(params![chat], |r| {
                Ok(ChatSettings {
                    quizzes: r.get(0)?,
                    reminders: r.get(1)?,
                })
            })
            .optional()?;
        Ok(settings.unwrap_or_default())
    }

    fn set_chat_settings(&self, chat: i64, settings: &ChatSettings) -> Result<(), StoreError> {
        self.conn()
            .prepare_cached(
                "INSERT INTO chat_settings (chat_id, quizzes, reminders) VALUES (?1, ?2, ?3)
                 ON CONFLICT (chat_id) DO UPDATE
                 SET quizzes = excluded.quizzes, reminders = excluded.reminders",
            )?
            .execute(params![chat, settings.quizzes, settings.reminders])?;
        Ok(())
    }

    fn record_miss(&self, chat: i64, user: i64, question_key: &str) -> Result<(), StoreError> {
        self.conn()
            .prepare_cached(
                "INSERT INTO misses (chat_id, user_id, question_key, count) VALUES (?1, ?2, ?3, 1)
                 ON CONFLICT (chat_id, user_id, question_key) DO UPDATE SET count = count + 1",
            )?
            .execute(params![chat, user, question_key])?;
        Ok(())
    }

    fn misses(&self, chat: i64, user: i64) -> Result<HashMap<String, u32>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT question_key, count FROM misses WHERE chat_id = ?1 AND user_id = ?2",
        )?;
        let misses = stmt
            .query_map(params![chat, user], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<HashMap<String, u32>, _>>()?;
        Ok(misses)
    }

    fn put_reminder(&self, r: &Reminder) -> Result<(), StoreError> {
        self.conn()
            .prepare_cached(&format!(
                "INSERT OR REPLACE INTO reminders ({REMINDER_COLUMNS})
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
            ))?
            .execute(params![
                r.chat,
                r.user,
                r.cadence.as_str(),
                r.hour,
                r.minute,
                r.utc_offset_minutes,
                secs(r.next_at)
            ])?;
        Ok(())
    }

    fn reminder(&self, chat: i64, user: i64) -> Result<Option<Reminder>, StoreError> {
        let reminder = self
            .conn()
            .prepare_cached(&format!(
                "SELECT {REMINDER_COLUMNS} FROM reminders WHERE chat_id = ?1 AND user_id = ?2"
            ))?
            .query_row(params![chat, user], reminder_of)
            .optional()?;
        Ok(reminder)
    }

    fn remove_reminder(&self, chat: i64, user: i64) -> Result<bool, StoreError> {
        let removed = self
            .conn()
            .prepare_cached("DELETE FROM reminders WHERE chat_id = ?1 AND user_id = ?2")?
            .execute(params![chat, user])?;
        Ok(removed > 0)
    }

    fn remove_chat_reminders(&self, chat: i64) -> Result<usize, StoreError> {
        let removed = self
            .conn()
            .prepare_cached("DELETE FROM reminders WHERE chat_id = ?1")?
            .execute(params![chat])?;
        Ok(removed)
    }

    fn due_reminders(&self, now: u64, limit: usize) -> Result<Vec<Reminder>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {REMINDER_COLUMNS} FROM reminders WHERE next_at <= ?1
             ORDER BY next_at, chat_id, user_id LIMIT ?2"
        ))?;
        let due = stmt
            .query_map(
                params![secs(now), i64::try_from(limit).unwrap_or(i64::MAX)],
                reminder_of,
            )?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(due)
    }

    fn advance_reminder(
        &self,
        chat: i64,
        user: i64,
        expected: u64,
        next_at: u64,
    ) -> Result<bool, StoreError> {
        let changed = self
            .conn()
            .prepare_cached(
                "UPDATE reminders SET next_at = ?4
                 WHERE chat_id = ?1 AND user_id = ?2 AND next_at = ?3",
            )?
            .execute(params![chat, user, secs(expected), secs(next_at)])?;
        Ok(changed == 1)
    }

    fn start_series(
        &self,
        chat: i64,
        owner: &str,
        total: u32,
        now: u64,
        lease_secs: u64,
    ) -> Result<bool, StoreError> {
        let changed = self
            .conn()
            .prepare_cached(
                "INSERT INTO quiz_series (chat_id, owner, total, sent, stopped, lease_until)
                 VALUES (?1, ?2, ?3, 0, 0, ?4)
                 ON CONFLICT (chat_id) DO UPDATE
                 SET owner = excluded.owner, total = excluded.total, sent = 0, stopped = 0,
                     lease_until = excluded.lease_until
                 WHERE quiz_series.stopped = 1 OR quiz_series.lease_until <= ?5",
            )?
            .execute(params![
                chat,
                owner,
                total,
                secs(now.saturating_add(lease_secs)),
                secs(now)
            ])?;
        Ok(changed == 1)
    }

    fn series(&self, chat: i64, now: u64) -> Result<Option<SeriesRecord>, StoreError> {
        let record = self
            .conn()
            .prepare_cached(&format!(
                "SELECT {SERIES_COLUMNS} FROM quiz_series WHERE chat_id = ?1 AND lease_until > ?2"
            ))?
            .query_row(params![chat, secs(now)], series_of)
            .optional()?;
        Ok(record)
    }

    fn stop_series(&self, chat: i64, now: u64) -> Result<Option<SeriesRecord>, StoreError> {
        let record = self
            .conn()
            .prepare_cached(&format!(
                "UPDATE quiz_series SET stopped = 1
                 WHERE chat_id = ?1 AND stopped = 0 AND lease_until > ?2
                 RETURNING {SERIES_COLUMNS}"
            ))?
            .query_row(params![chat, secs(now)], series_of)
            .optional()?;
        Ok(record)
    }

    fn advance_series(
        &self,
        chat: i64,
        owner: &str,
        sent: u32,
        now: u64,
        lease_secs: u64,
    ) -> Result<bool, StoreError> {
        let changed = self
            .conn()
            .prepare_cached(
                "UPDATE quiz_series SET sent = ?3, lease_until = ?5
                 WHERE chat_id = ?1 AND owner = ?2 AND stopped = 0 AND lease_until > ?4",
            )?
            .execute(params![
                chat,
                owner,
                sent,
                secs(now),
                secs(now.saturating_add(lease_secs))
            ])?;
        Ok(changed == 1)
    }

    fn end_series(&self, chat: i64, owner: &str) -> Result<bool, StoreError> {
        let removed = self
            .conn()
            .prepare_cached("DELETE FROM quiz_series WHERE chat_id = ?1 AND owner = ?2")?
            .execute(params![chat, owner])?;
        Ok(removed > 0)
    }

    fn forget_study(&self, user: i64, chat: Option<i64>) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        for table in ["misses", "reminders"] {
            // The table names are the constants here, never input.
            tx.prepare_cached(&format!(
                "DELETE FROM {table} WHERE user_id = ?1 AND (?2 IS NULL OR chat_id = ?2)"
            ))?
            .execute(params![user, chat])?;
        }
        tx.commit()?;
        Ok(())
    }

    fn migrate_study(&self, from: i64, to: i64) -> Result<(), StoreError> {
        if from == to {
            return Ok(());
        }
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        for sql in [
            "INSERT OR IGNORE INTO chat_settings (chat_id, quizzes, reminders)
             SELECT ?2, quizzes, reminders FROM chat_settings WHERE chat_id = ?1",
            "INSERT INTO misses (chat_id, user_id, question_key, count)
             SELECT ?2, user_id, question_key, count FROM misses WHERE chat_id = ?1
             ON CONFLICT (chat_id, user_id, question_key) DO UPDATE
             SET count = count + excluded.count",
            "INSERT OR IGNORE INTO reminders (chat_id, user_id, cadence, hour, minute, utc_offset, next_at)
             SELECT ?2, user_id, cadence, hour, minute, utc_offset, next_at
             FROM reminders WHERE chat_id = ?1",
        ] {
            tx.prepare_cached(sql)?.execute(params![from, to])?;
        }
        for table in ["chat_settings", "misses", "reminders", "quiz_series"] {
            // The table names are the constants here, never input.
            tx.prepare_cached(&format!("DELETE FROM {table} WHERE chat_id = ?1"))?
                .execute(params![from])?;
        }
        tx.commit()?;
        Ok(())
    }
}
