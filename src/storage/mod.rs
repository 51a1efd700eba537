//! The store: everything the bot remembers between two messages — conversation contexts,
//! roadmap progress, quiz polls and scores, and which webhook updates were already handled —
//! behind one [`Store`] trait with three backends:
//!
//! - [`MemoryStore`] (`memory`): hash maps in the process, gone when it exits. For tests and the
//!   default of `chat`.
//! - [`SqliteStore`] (`sqlite:PATH`): one file, the default of `run` on a single replica. Schema
//!   migrations by `PRAGMA user_version`; WAL with `synchronous=NORMAL`.
//! - [`RedisStore`] (`redis://…`): shared by several replicas. Every key is under
//!   [`REDIS_PREFIX`].
//!
//! [`open`] picks one from a `--store` value.
//!
//! # Contract
//!
//! The backends behave alike; `tests/it/storage.rs` runs one suite against all three.
//!
//! - The API is synchronous: every operation is a lookup or a small write (well under a
//!   millisecond on SQLite and on Redis over loopback), so async callers call it directly.
//! - Time is passed in (seconds since the epoch), never read here, so expiry is tested without
//!   waiting. Redis additionally lets keys expire on its own clock so nothing stays forever.
//! - A context expires `ttl_secs` after its [`Context::at`]: it is live while
//!   `now <= at + ttl_secs`.
//! - State is keyed by (chat, user): in a group every member has their own context, progress and
//!   score. A display name is kept per (chat, user), the latest one seen, raw (escaping it is the
//!   renderer's job).
//! - [`Store::forget_user`] leaves no row or key that holds the user's id or display name (in the
//!   chat given, or anywhere).
//! - Poll records are kept [`POLL_TTL_SECS`]; an update id is kept at least
//!   [`UPDATE_RETENTION_SECS`] after its lease ends or it is finished.
//!
//! Quiz misses, review reminders and group settings are the [`StudyStore`] half of the trait
//! (`study.rs`, and a `study` child module per backend).
//!
//! Backends depend only on [`crate::core::context`] (serde) and their driver.

pub mod memory;
pub mod redis;
pub mod sqlite;
pub mod study;

pub use self::memory::MemoryStore;
pub use self::redis::{REDIS_PREFIX, RedisStore};
pub use self::sqlite::SqliteStore;
pub use self::study::{Cadence, ChatSettings, Reminder, SeriesRecord, StudyStore};

use crate::core::context::{Context, ConversationId};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How long a quiz poll's record (and who answered it) is kept: 7 days.
pub const POLL_TTL_SECS: u64 = 7 * 24 * 3600;

/// How long a webhook update id is remembered after its lease ends (SQLite, memory) or after it
/// is finished (Redis): 48 hours, comfortably more than the 24 hours Telegram retries for.
pub const UPDATE_RETENTION_SECS: u64 = 48 * 3600;

/// One member's roadmap progress in a chat, as shown on the cohort board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberProgress {
    /// Telegram user id.
    pub user: i64,
    /// The latest display name seen for the user in that chat (raw, not escaped).
    pub name: String,
    /// Roadmap steps done, ascending.
    pub steps: Vec<u8>,
}

/// What the store keeps about a quiz poll: `poll_answer` updates carry only the poll id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollRecord {
    /// The chat the poll was sent to.
    pub chat: i64,
    /// The index of the correct option.
    pub correct_option: u8,
    /// Which generated question it was (for review reminders and reports).
    pub question_key: String,
    /// When it was sent, in seconds.
    pub created_at: u64,
}

/// One member's quiz score in a chat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    /// Telegram user id.
    pub user: i64,
    /// The latest display name seen for the user in that chat (raw, not escaped).
    pub name: String,
    /// Questions answered correctly.
    pub correct: u32,
    /// Questions answered.
    pub answered: u32,
}

/// Why the store failed. Messages are lowercase and name what was being done.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite refused or failed.
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// Redis could not be reached or refused a command.
    #[error("redis: {0}")]
    Redis(#[from] ::redis::RedisError),
    /// A stored value could not be read back (or a value could not be written as JSON).
    #[error("stored value is not valid json: {0}")]
    Serde(#[from] serde_json::Error),
    /// The `--store` value is not one this build understands.
    #[error("bad store {0}")]
    BadUrl(String),
    /// The directory of the SQLite file could not be created.
    #[error("cannot create directory {}: {source}", path.display())]
    Directory {
        /// The directory.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The SQLite store's checkpoint thread could not be started.
    #[error("cannot start the sqlite checkpoint thread: {source}")]
    Thread {
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The SQLite file was written by a newer version with a schema this one does not know.
    #[error(
        "database {} has schema version {found}, newer than the {known} this build knows; \
         upgrade devops-guide or use another file",
        path.display()
    )]
    SchemaTooNew {
        /// The database file.
        path: PathBuf,
        /// Its `user_version`.
        found: i64,
        /// The newest version this build knows.
        known: i64,
    },
}

/// Everything the bot remembers, shared by the front-ends and (on SQLite or Redis) kept across
/// restarts. See the [module documentation](self) for the contract every backend keeps.
pub trait Store: StudyStore + Send + Sync {
    // --- conversation context -----------------------------------------------------------------

    /// The context of `id`, unless there is none or it expired at `now`.
    fn get_context(&self, id: ConversationId, now: u64) -> Result<Option<Context>, StoreError>;

    /// Stores the context of `id`, replacing any; it expires `ttl_secs` after `ctx.at`.
    fn put_context(
        &self,
        id: ConversationId,
        ctx: &Context,
        ttl_secs: u64,
    ) -> Result<(), StoreError>;

    /// Forgets the context of `id`.
    fn remove_context(&self, id: ConversationId) -> Result<(), StoreError>;

    // --- roadmap progress ---------------------------------------------------------------------

    /// Marks roadmap `step` done (or not done) for `user` in `chat`, remembering their display
    /// name. Setting a step to the state it already has changes nothing else.
    fn set_step(
        &self,
        chat: i64,
        user: i64,
        display_name: &str,
        step: u8,
        done: bool,
    ) -> Result<(), StoreError>;

    /// The steps `user` has done in `chat`, ascending.
    fn progress(&self, chat: i64, user: i64) -> Result<Vec<u8>, StoreError>;

    /// Every member of `chat` with at least one step done: most steps first, ties by name, then
    /// by user id.
    fn board(&self, chat: i64) -> Result<Vec<MemberProgress>, StoreError>;

    /// Clears the progress of every member of `chat` (quiz scores stay).
    fn reset_board(&self, chat: i64) -> Result<(), StoreError>;

    // --- quizzes ------------------------------------------------------------------------------

    /// Remembers the poll `poll_id` (kept [`POLL_TTL_SECS`]).
    fn put_poll(&self, poll_id: &str, record: &PollRecord) -> Result<(), StoreError>;

    /// The record of `poll_id`, unless it is unknown or was dropped after [`POLL_TTL_SECS`].
    fn get_poll(&self, poll_id: &str) -> Result<Option<PollRecord>, StoreError>;

    /// Counts `user`'s answer to `poll_id` in the poll's chat, remembering their display name.
    /// Returns whether it was counted: false when the user already answered that poll (the
    /// answer is counted once whatever is retried) or the poll is unknown.
    fn record_answer(
        &self,
        poll_id: &str,
        user: i64,
        display_name: &str,
        correct: bool,
    ) -> Result<bool, StoreError>;

    /// The quiz scores of `chat`: most correct answers first, then fewest answered, then by name,
    /// then by user id.
    fn scores(&self, chat: i64) -> Result<Vec<Score>, StoreError>;

    // --- privacy and group life ---------------------------------------------------------------

    /// Deletes everything stored about `user` — contexts, progress, answers and scores, display
    /// name — in `chat`, or in every chat when `chat` is `None`. Afterwards no row or key in that
    /// scope holds the user's id or name.
    fn forget_user(&self, user: i64, chat: Option<i64>) -> Result<(), StoreError>;

    /// Moves a chat's progress, scores, names, contexts and open polls from `from` to `to` (a
    /// group upgraded to a supergroup). A member with data under both ids keeps the union of
    /// their steps and the sum of their scores.
    fn migrate_chat(&self, from: i64, to: i64) -> Result<(), StoreError>;

    /// Whether the store answers (for readiness checks).
    fn ping(&self) -> Result<(), StoreError>;

    // --- webhook update de-duplication --------------------------------------------------------

    /// Whether this caller may handle update `update_id`: true when it was never claimed, or was
    /// claimed but not finished and that claim's lease (`lease_secs` from its `now`) has run out
    /// (`now >= claimed_at + lease_secs`). A true answer is itself a claim.
    fn claim_update(&self, update_id: i64, lease_secs: u64, now: u64) -> Result<bool, StoreError>;

    /// Marks update `update_id` handled: no later claim succeeds while it is remembered.
    fn finish_update(&self, update_id: i64) -> Result<(), StoreError>;
}

/// Opens the store a `--store` value names:
///
/// - `memory`: in this process only;
/// - `sqlite:PATH` (relative to the working directory, or absolute; `sqlite` alone means
///   [`default_sqlite_path`]); the file and its directory are created when missing;
/// - `redis://[USER:PASSWORD@]HOST[:PORT][/DB]`: connects at once, so a wrong address fails
///   here rather than at the first message. (`rediss://`, Redis over TLS, is recognised but
///   this build has no TLS for Redis: it is refused with a hint.)
pub fn open(spec: &str) -> Result<Arc<dyn Store>, StoreError> {
    let spec = spec.trim();
    if spec == "memory" {
        return Ok(Arc::new(MemoryStore::new()));
    }
    if spec == "sqlite" || spec == "sqlite:" {
        return Ok(Arc::new(SqliteStore::open(default_sqlite_path())?));
    }
    if let Some(path) = spec.strip_prefix("sqlite:") {
        // Accept the URL spelling too: sqlite:///abs/path and sqlite://rel/path.
        let path = path.strip_prefix("//").unwrap_or(path);
        return Ok(Arc::new(SqliteStore::open(Path::new(path))?));
    }
    if spec.starts_with("redis://") || spec.starts_with("rediss://") {
        return Ok(Arc::new(RedisStore::open(spec)?));
    }
    // Name only the kind: the rest may be a password.
    let kind = spec.split(':').next().unwrap_or_default();
    Err(StoreError::BadUrl(format!(
        "'{kind}': expected 'memory', 'sqlite:PATH' or 'redis://HOST:PORT'"
    )))
}

/// Where `run` keeps its SQLite file by default: `$STATE_DIRECTORY/devops-guide.sqlite3` under
/// systemd's `StateDirectory=`, else `$XDG_STATE_HOME/devops-guide/devops-guide.sqlite3`, else
/// `~/.local/state/devops-guide/devops-guide.sqlite3`, else `./devops-guide.sqlite3`.
pub fn default_sqlite_path() -> PathBuf {
    let var = |name: &str| std::env::var_os(name).map(PathBuf::from);
    sqlite_path_from(var("STATE_DIRECTORY"), var("XDG_STATE_HOME"), var("HOME"))
}

const SQLITE_FILE: &str = "devops-guide.sqlite3";

/// [`default_sqlite_path`] from the values of `STATE_DIRECTORY`, `XDG_STATE_HOME` and `HOME`.
/// Relative or empty values are ignored, as the XDG specification asks.
fn sqlite_path_from(
    state_directory: Option<PathBuf>,
    xdg_state_home: Option<PathBuf>,
    home: Option<PathBuf>,
) -> PathBuf {
    let usable = |p: Option<PathBuf>| p.filter(|p| p.is_absolute());
    // systemd may list several directories separated by ':'; the first is ours.
    let state_directory = state_directory
        .and_then(|p| {
            p.to_str()
                .map(|s| PathBuf::from(s.split(':').next().unwrap_or_default()))
        })
        .filter(|p| p.is_absolute());
    if let Some(dir) = state_directory {
        return dir.join(SQLITE_FILE);
    }
    if let Some(dir) = usable(xdg_state_home) {
        return dir.join("devops-guide").join(SQLITE_FILE);
    }
    if let Some(home) = usable(home) {
        return home
            .join(".local")
            .join("state")
            .join("devops-guide")
            .join(SQLITE_FILE);
    }
    PathBuf::from(SQLITE_FILE)
}

/// Board order: most steps first, then by name, then by user id.
fn sort_board(board: &mut [MemberProgress]) {
    board.sort_by(|a, b| {
        b.steps
            .len()
            .cmp(&a.steps.len())
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.user.cmp(&b.user))
    });
}

/// Leaderboard order: most correct first, then fewest answered, then by name, then by user id.
fn sort_scores(scores: &mut [Score]) {
    scores.sort_by(|a, b| {
        b.correct
            .cmp(&a.correct)
            .then_with(|| a.answered.cmp(&b.answered))
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.user.cmp(&b.user))
    });
}

/// When a context stored at `ctx_at` with `ttl_secs` stops being live.
fn expires_at(ctx_at: u64, ttl_secs: u64) -> u64 {
    ctx_at.saturating_add(ttl_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Option<PathBuf> {
        Some(PathBuf::from(s))
    }

    #[test]
    fn the_default_path_follows_systemd_then_xdg_then_home() {
        assert_eq!(
            sqlite_path_from(p("/var/lib/dg:/other"), p("/x"), p("/home/a")),
            PathBuf::from("/var/lib/dg/devops-guide.sqlite3")
        );
        assert_eq!(
            sqlite_path_from(None, p("/x/state"), p("/home/a")),
            PathBuf::from("/x/state/devops-guide/devops-guide.sqlite3")
        );
        assert_eq!(
            sqlite_path_from(None, p("relative"), p("/home/a")),
            PathBuf::from("/home/a/.local/state/devops-guide/devops-guide.sqlite3")
        );
        assert_eq!(
            sqlite_path_from(None, p(""), None),
            PathBuf::from("devops-guide.sqlite3")
        );
    }

    #[test]
    fn unknown_stores_are_refused_without_echoing_secrets() {
        let err = open("postgres://user:hunter2@db/x").err().expect("refused");
        let msg = err.to_string();
        assert!(msg.contains("'postgres'"), "{msg}");
        assert!(!msg.contains("hunter2"), "{msg}");
    }

    #[test]
    fn boards_are_most_advanced_first_then_by_name() {
        let m = |user, name: &str, steps: &[u8]| MemberProgress {
            user,
            name: name.into(),
            steps: steps.to_vec(),
        };
        let mut board = vec![m(1, "Zoe", &[1]), m(2, "Bob", &[1]), m(3, "Al", &[1, 2])];
        sort_board(&mut board);
        let order: Vec<i64> = board.iter().map(|m| m.user).collect();
        assert_eq!(order, [3, 2, 1]);
    }
}
