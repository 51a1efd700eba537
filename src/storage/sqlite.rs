//! The SQLite store: one file, for a single replica (the default of `run`).
//!
//! - **Schema**: numbered migrations in [`MIGRATIONS`], each applied once in its own transaction
//!   that also sets `PRAGMA user_version` to its number; a file from a newer build is refused
//!   rather than misread.
//! - **Durability and speed**: `journal_mode=WAL` with `synchronous=NORMAL` (a power cut may lose
//!   the last transactions, never corrupt the file), `busy_timeout` so two handles on one file
//!   wait for each other instead of failing, and every statement prepared once and cached.
//! - **Expiry**: a context row carries `expires_at`; a read of an expired one deletes it, and
//!   every [`PURGE_EVERY`]th write sweeps the rest. Polls older than [`POLL_TTL_SECS`] (with
//!   their answers) go when a newer poll is stored; update ids go
//!   [`UPDATE_RETENTION_SECS`] after their lease ends.
//! - **Forgetting**: `secure_delete` is on, so deleted rows are overwritten in the file, and a
//!   [`Store::forget_user`] ends with a WAL checkpoint so no old copy of the pages stays in the
//!   write-ahead log either.
//!
//! One connection per store, behind a `std::sync::Mutex` held for one operation.

use super::{
    MemberProgress, POLL_TTL_SECS, PollRecord, Score, Store, StoreError, UPDATE_RETENTION_SECS,
    expires_at, sort_board, sort_scores,
};
use crate::core::context::{Context, ConversationId};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::Duration;

mod study;
use super::study::StudyStore;

/// The schema, one step per version: step `i` takes `user_version` from `i` to `i + 1`. Steps
/// are only ever appended, never edited once released.
pub const MIGRATIONS: &[&str] = &[
    // 1: contexts, progress, quizzes, update de-duplication.
    "CREATE TABLE contexts (
         chat_id    INTEGER NOT NULL,
         user_id    INTEGER NOT NULL,
         data       TEXT    NOT NULL,
         expires_at INTEGER NOT NULL,
         PRIMARY KEY (chat_id, user_id)
     ) WITHOUT ROWID;
     CREATE INDEX contexts_by_user ON contexts (user_id);
     CREATE INDEX contexts_by_expiry ON contexts (expires_at);

     CREATE TABLE members (
         chat_id INTEGER NOT NULL,
         user_id INTEGER NOT NULL,
         name    TEXT    NOT NULL,
         PRIMARY KEY (chat_id, user_id)
     ) WITHOUT ROWID;
     CREATE INDEX members_by_user ON members (user_id);

     CREATE TABLE progress (
         chat_id INTEGER NOT NULL,
         user_id INTEGER NOT NULL,
         step    INTEGER NOT NULL,
         PRIMARY KEY (chat_id, user_id, step)
     ) WITHOUT ROWID;
     CREATE INDEX progress_by_user ON progress (user_id);

     CREATE TABLE polls (
         poll_id        TEXT    NOT NULL PRIMARY KEY,
         chat_id        INTEGER NOT NULL,
         correct_option INTEGER NOT NULL,
         question_key   TEXT    NOT NULL,
         created_at     INTEGER NOT NULL
     );
     CREATE INDEX polls_by_chat ON polls (chat_id);
     CREATE INDEX polls_by_age ON polls (created_at);

     CREATE TABLE answers (
         poll_id TEXT    NOT NULL,
         user_id INTEGER NOT NULL,
         PRIMARY KEY (poll_id, user_id)
     ) WITHOUT ROWID;
     CREATE INDEX answers_by_user ON answers (user_id);

     CREATE TABLE scores (
         chat_id  INTEGER NOT NULL,
         user_id  INTEGER NOT NULL,
         correct  INTEGER NOT NULL DEFAULT 0,
         answered INTEGER NOT NULL DEFAULT 0,
         PRIMARY KEY (chat_id, user_id)
     ) WITHOUT ROWID;
     CREATE INDEX scores_by_user ON scores (user_id);

     CREATE TABLE updates (
         update_id   INTEGER PRIMARY KEY,
         lease_until INTEGER NOT NULL,
         done        INTEGER NOT NULL DEFAULT 0
     );
     CREATE INDEX updates_by_lease ON updates (lease_until);",
    // 2: group settings, quiz misses, review reminders.
    study::MIGRATION,
    // 3: the quiz series running in each chat.
    study::SERIES_MIGRATION,
];

/// Expired contexts and stale update ids are swept on one write in this many.
pub const PURGE_EVERY: u32 = 256;

/// How long a handle waits for another one's write to finish before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// How often the background thread copies the write-ahead log into the database file.
pub const CHECKPOINT_EVERY: Duration = Duration::from_secs(1);

/// Pages of write-ahead log after which a write checkpoints by itself: a safety net, well above
/// what [`CHECKPOINT_EVERY`] lets accumulate (SQLite's default is 1000).
const AUTOCHECKPOINT_PAGES: u32 = 10_000;

/// A store in one SQLite file. See the [module documentation](self).
#[derive(Debug)]
pub struct SqliteStore {
    conn: Mutex<Connection>,
    path: PathBuf,
    writes: AtomicU32,
    /// Held for its `Drop`, which stops the thread.
    _checkpointer: Option<Checkpointer>,
}

/// The thread that checkpoints the write-ahead log, so the `fsync` of a checkpoint is never
/// paid by an operation (with `synchronous=NORMAL` a commit itself does not sync). Stopped and
/// joined when the store is dropped.
#[derive(Debug)]
struct Checkpointer {
    stop: mpsc::Sender<()>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    fn start(path: &Path) -> Result<Checkpointer, StoreError> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = thread::Builder::new()
            .name("sqlite-checkpoint".into())
            .spawn(move || {
                while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(CHECKPOINT_EVERY) {
                    // PASSIVE never waits for readers or writers; what it cannot copy now it
                    // copies next time.
                    if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
                    {
                        tracing::warn!(error = %e, "sqlite checkpoint failed");
                    }
                }
            })
            .map_err(|source| StoreError::Thread { source })?;
        Ok(Checkpointer {
            stop,
            thread: Some(thread),
        })
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        let _ = self.stop.send(());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Seconds as SQLite stores them (an INTEGER is an i64); far-future times are clamped.
fn secs(t: u64) -> i64 {
    i64::try_from(t).unwrap_or(i64::MAX)
}

impl SqliteStore {
    /// Opens (creating it and its directory if needed) the database at `path` and brings its
    /// schema up to date.
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteStore, StoreError> {
        let path = path.as_ref().to_path_buf();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Directory {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let mut conn = Connection::open(&path)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Returns the mode now in force; on a file system without shared memory it stays
        // "delete", which is slower but still correct.
        let mode: String =
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "secure_delete", "ON")?;
        conn.pragma_update(None, "wal_autocheckpoint", AUTOCHECKPOINT_PAGES)?;
        conn.set_prepared_statement_cache_capacity(64);
        migrate(&mut conn, &path)?;
        let wal = mode.eq_ignore_ascii_case("wal");
        let checkpointer = if wal {
            Some(Checkpointer::start(&path)?)
        } else {
            None
        };
        Ok(SqliteStore {
            conn: Mutex::new(conn),
            path,
            writes: AtomicU32::new(0),
            _checkpointer: checkpointer,
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock rolled back any open transaction (Transaction's Drop),
        // so the connection is still usable.
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Whether this write should also sweep expired rows.
    fn sweep_due(&self) -> bool {
        self.writes
            .fetch_add(1, Ordering::Relaxed)
            .is_multiple_of(PURGE_EVERY)
    }
}

/// Applies the migrations `conn` has not had yet.
fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let known = MIGRATIONS.len() as i64;
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found > known {
        return Err(StoreError::SchemaTooNew {
            path: path.to_path_buf(),
            found,
            known,
        });
    }
    for (version, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Another process may have migrated while this one waited for the lock.
        let now: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if now > version as i64 {
            continue;
        }
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

impl Store for SqliteStore {
    fn get_context(&self, id: ConversationId, now: u64) -> Result<Option<Context>, StoreError> {
        let conn = self.conn();
        let row: Option<(String, i64)> = conn
            .prepare_cached(
                "SELECT data, expires_at FROM contexts WHERE chat_id = ?1 AND user_id = ?2",
            )?
            .query_row(params![id.chat, id.user], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        match row {
            None => Ok(None),
            Some((_, until)) if secs(now) > until => {
                conn.prepare_cached(
                    "DELETE FROM contexts WHERE chat_id = ?1 AND user_id = ?2 AND expires_at < ?3",
                )?
                .execute(params![id.chat, id.user, secs(now)])?;
                Ok(None)
            }
            Some((data, _)) => Ok(Some(serde_json::from_str(&data)?)),
        }
    }

    fn put_context(
        &self,
        id: ConversationId,
        ctx: &Context,
        ttl_secs: u64,
    ) -> Result<(), StoreError> {
        let data = serde_json::to_string(ctx)?;
        let conn = self.conn();
        conn.prepare_cached(
            "INSERT INTO contexts (chat_id, user_id, data, expires_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (chat_id, user_id) DO UPDATE
             SET data = excluded.data, expires_at = excluded.expires_at",
        )?
        .execute(params![
            id.chat,
            id.user,
            data,
            secs(expires_at(ctx.at, ttl_secs))
        ])?;
        if self.sweep_due() {
            conn.prepare_cached("DELETE FROM contexts WHERE expires_at < ?1")?
                .execute(params![secs(ctx.at)])?;
        }
        Ok(())
    }

    fn remove_context(&self, id: ConversationId) -> Result<(), StoreError> {
        self.conn()
            .prepare_cached("DELETE FROM contexts WHERE chat_id = ?1 AND user_id = ?2")?
            .execute(params![id.chat, id.user])?;
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
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        upsert_name(&tx, chat, user, display_name)?;
        let sql = if done {
            "INSERT OR IGNORE INTO progress (chat_id, user_id, step) VALUES (?1, ?2, ?3)"
        } else {
            "DELETE FROM progress WHERE chat_id = ?1 AND user_id = ?2 AND step = ?3"
        };
        tx.prepare_cached(sql)?.execute(params![chat, user, step])?;
        tx.commit()?;
        Ok(())
    }

    fn progress(&self, chat: i64, user: i64) -> Result<Vec<u8>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT step FROM progress WHERE chat_id = ?1 AND user_id = ?2 ORDER BY step",
        )?;
        let steps = stmt
            .query_map(params![chat, user], |r| r.get(0))?
            .collect::<Result<Vec<u8>, _>>()?;
        Ok(steps)
    }

    fn board(&self, chat: i64) -> Result<Vec<MemberProgress>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT p.user_id, COALESCE(m.name, ''), p.step
             FROM progress p
             LEFT JOIN members m ON m.chat_id = p.chat_id AND m.user_id = p.user_id
             WHERE p.chat_id = ?1
             ORDER BY p.user_id, p.step",
        )?;
        let mut rows = stmt.query(params![chat])?;
        let mut board: Vec<MemberProgress> = Vec::new();
        while let Some(row) = rows.next()? {
            let user: i64 = row.get(0)?;
            let step: u8 = row.get(2)?;
            match board.last_mut() {
                Some(last) if last.user == user => last.steps.push(step),
                _ => board.push(MemberProgress {
                    user,
                    name: row.get(1)?,
                    steps: vec![step],
                }),
            }
        }
        sort_board(&mut board);
        Ok(board)
    }

    fn reset_board(&self, chat: i64) -> Result<(), StoreError> {
        self.conn()
            .prepare_cached("DELETE FROM progress WHERE chat_id = ?1")?
            .execute(params![chat])?;
        Ok(())
    }

    fn put_poll(&self, poll_id: &str, record: &PollRecord) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.prepare_cached(
            "INSERT OR REPLACE INTO polls (poll_id, chat_id, correct_option, question_key, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            poll_id,
            record.chat,
            record.correct_option,
            record.question_key,
            secs(record.created_at)
        ])?;
        let oldest = secs(record.created_at.saturating_sub(POLL_TTL_SECS));
        tx.prepare_cached(
            "DELETE FROM answers WHERE poll_id IN (SELECT poll_id FROM polls WHERE created_at < ?1)",
        )?
        .execute(params![oldest])?;
        tx.prepare_cached("DELETE FROM polls WHERE created_at < ?1")?
            .execute(params![oldest])?;
        tx.commit()?;
        Ok(())
    }

    fn get_poll(&self, poll_id: &str) -> Result<Option<PollRecord>, StoreError> {
        let record = self
            .conn()
            .prepare_cached(
                "SELECT chat_id, correct_option, question_key, created_at
                 FROM polls WHERE poll_id = ?1",
            )?
            .query_row(params![poll_id], |r| {
                Ok(PollRecord {
                    chat: r.get(0)?,
                    correct_option: r.get(1)?,
                    question_key: r.get(2)?,
                    created_at: u64::try_from(r.get::<_, i64>(3)?).unwrap_or(0),
                })
            })
            .optional()?;
        Ok(record)
    }

    fn record_answer(
        &self,
        poll_id: &str,
        user: i64,
        display_name: &str,
        correct: bool,
    ) -> Result<bool, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let chat: Option<i64> = tx
            .prepare_cached("SELECT chat_id FROM polls WHERE poll_id = ?1")?
            .query_row(params![poll_id], |r| r.get(0))
            .optional()?;
        let Some(chat) = chat else {
            return Ok(false);
        };
        let inserted = tx
            .prepare_cached("INSERT OR IGNORE INTO answers (poll_id, user_id) VALUES (?1, ?2)")?
            .execute(params![poll_id, user])?;
        if inserted == 0 {
            return Ok(false);
        }
        tx.prepare_cached(
            "INSERT INTO scores (chat_id, user_id, correct, answered) VALUES (?1, ?2, ?3, 1)
             ON CONFLICT (chat_id, user_id) DO UPDATE
             SET correct = correct + excluded.correct, answered = answered + 1",
        )?
        .execute(params![chat, user, i64::from(correct)])?;
        upsert_name(&tx, chat, user, display_name)?;
        tx.commit()?;
        Ok(true)
    }

    fn scores(&self, chat: i64) -> Result<Vec<Score>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT s.user_id, COALESCE(m.name, ''), s.correct, s.answered
             FROM scores s
             LEFT JOIN members m ON m.chat_id = s.chat_id AND m.user_id = s.user_id
             WHERE s.chat_id = ?1",
        )?;
        let mut scores = stmt
            .query_map(params![chat], |r| {
                Ok(Score {
                    user: r.get(0)?,
                    name: r.get(1)?,
                    correct: r.get(2)?,
                    answered: r.get(3)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        sort_scores(&mut scores);
        Ok(scores)
    }

    fn forget_user(&self, user: i64, chat: Option<i64>) -> Result<(), StoreError> {
        self.forget_study(user, chat)?;
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        for table in ["contexts", "progress", "members", "scores"] {
            // The table names are the constants above, never input.
            tx.prepare_cached(&format!(
                "DELETE FROM {table} WHERE user_id = ?1 AND (?2 IS NULL OR chat_id = ?2)"
            ))?
            .execute(params![user, chat])?;
        }
        // An answer whose poll is gone cannot be placed in a chat: it goes too.
        tx.prepare_cached(
            "DELETE FROM answers WHERE user_id = ?1 AND (
                 ?2 IS NULL
                 OR poll_id NOT IN (SELECT poll_id FROM polls)
                 OR poll_id IN (SELECT poll_id FROM polls WHERE chat_id = ?2)
             )",
        )?
        .execute(params![user, chat])?;
        // The user's private chat (its id is theirs): its polls go too.
        for sql in [
            "DELETE FROM answers WHERE (?2 IS NULL OR ?2 = ?1)
             AND poll_id IN (SELECT poll_id FROM polls WHERE chat_id = ?1)",
            "DELETE FROM polls WHERE chat_id = ?1 AND (?2 IS NULL OR ?2 = ?1)",
        ] {
            tx.prepare_cached(sql)?.execute(params![user, chat])?;
        }
        tx.commit()?;
        // Copy the overwritten pages into the file and empty the write-ahead log, so no old
        // version of them stays there. Best effort: a reader on another handle may keep part of
        // the log until it is done; the next checkpoint completes it.
        let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        Ok(())
    }

    fn migrate_chat(&self, from: i64, to: i64) -> Result<(), StoreError> {
        if from == to {
            return Ok(());
        }
        self.migrate_study(from, to)?;
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Each copy takes ?1 (from) and ?2 (to); each delete only ?1.
        let copies = [
            // Progress: the union of the steps.
            "INSERT OR IGNORE INTO progress (chat_id, user_id, step)
             SELECT ?2, user_id, step FROM progress WHERE chat_id = ?1",
            // Scores: the sum.
            "INSERT INTO scores (chat_id, user_id, correct, answered)
             SELECT ?2, user_id, correct, answered FROM scores WHERE chat_id = ?1
             ON CONFLICT (chat_id, user_id) DO UPDATE
             SET correct = correct + excluded.correct, answered = answered + excluded.answered",
            // Names and contexts: what the new chat already has is newer.
            "INSERT OR IGNORE INTO members (chat_id, user_id, name)
             SELECT ?2, user_id, name FROM members WHERE chat_id = ?1",
            "INSERT OR IGNORE INTO contexts (chat_id, user_id, data, expires_at)
             SELECT ?2, user_id, data, expires_at FROM contexts WHERE chat_id = ?1",
            "UPDATE polls SET chat_id = ?2 WHERE chat_id = ?1",
        ];
        for sql in copies {
            tx.prepare_cached(sql)?.execute(params![from, to])?;
        }
        for table in ["progress", "scores", "members", "contexts"] {
            // The table names are the constants here, never input.
            tx.prepare_cached(&format!("DELETE FROM {table} WHERE chat_id = ?1"))?
                .execute(params![from])?;
        }
        tx.commit()?;
        Ok(())
    }

    fn ping(&self) -> Result<(), StoreError> {
        self.conn()
            .prepare_cached("SELECT 1")?
            .query_row([], |_| Ok(()))?;
        Ok(())
    }

    fn claim_update(&self, update_id: i64, lease_secs: u64, now: u64) -> Result<bool, StoreError> {
        let conn = self.conn();
        if self.sweep_due() {
            conn.prepare_cached("DELETE FROM updates WHERE lease_until < ?1")?
                .execute(params![secs(now.saturating_sub(UPDATE_RETENTION_SECS))])?;
        }
        // One statement, so two handles cannot both win: a new id is inserted; an unfinished one
        // whose lease ran out is taken over; anything else is left alone (0 rows changed).
        let changed = conn
            .prepare_cached(
                "INSERT INTO updates (update_id, lease_until, done) VALUES (?1, ?2, 0)
                 ON CONFLICT (update_id) DO UPDATE SET lease_until = excluded.lease_until
                 WHERE updates.done = 0 AND updates.lease_until <= ?3",
            )?
            .execute(params![
                update_id,
                secs(now.saturating_add(lease_secs)),
                secs(now)
            ])?;
        Ok(changed == 1)
    }

    fn finish_update(&self, update_id: i64) -> Result<(), StoreError> {
        // Finished without a claim (it should not happen): remember it as finished anyway.
        self.conn()
            .prepare_cached(
                "INSERT INTO updates (update_id, lease_until, done) VALUES (?1, 0, 1)
                 ON CONFLICT (update_id) DO UPDATE SET done = 1",
            )?
            .execute(params![update_id])?;
        Ok(())
    }
}

/// Remembers the latest display name of `user` in `chat`.
fn upsert_name(
    conn: &Connection,
    chat: i64,
    user: i64,
    display_name: &str,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO members (chat_id, user_id, name) VALUES (?1, ?2, ?3)
         ON CONFLICT (chat_id, user_id) DO UPDATE SET name = excluded.name",
    )?
    .execute(params![chat, user, display_name])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_newer_schema_is_refused() {
        let dir = std::env::temp_dir().join(format!("dg-sqlite-unit-{}", std::process::id()));
        let path = dir.join("new.sqlite3");
        let _ = std::fs::remove_dir_all(&dir);
        drop(SqliteStore::open(&path).expect("open"));
        let conn = Connection::open(&path).expect("reopen");
        conn.pragma_update(None, "user_version", 99).expect("bump");
        drop(conn);
        let err = SqliteStore::open(&path).expect_err("refused");
        assert!(err.to_string().contains("schema version 99"), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
