//! Conversation context: what each person last asked, so that "and in India?" or "next step"
//! can be understood. One [`Context`] per (chat, user) — in a group every member has their own —
//! kept by a store (`crate::storage`), which forgets it after [`DEFAULT_TTL_SECS`] of inactivity
//! unless configured otherwise and keeps a bounded number in memory.

use crate::core::engine::Intent;
use serde::{Deserialize, Serialize};

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
    /// The country named last (its id), even in a question of another kind or a declined one:
    /// "and what do they earn there?".
    #[serde(default)]
    pub place: Option<String>,
}

/// Default inactivity after which a context is forgotten: 30 minutes.
pub const DEFAULT_TTL_SECS: u64 = 30 * 60;
/// Default number of contexts kept.
pub const DEFAULT_CAPACITY: usize = 10_000;
