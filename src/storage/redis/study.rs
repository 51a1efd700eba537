//! [`StudyStore`] on Redis. Keys (under the store's prefix `P`):
//!
//! | key | type | holds |
//! | --- | --- | --- |
//! | `P settings:{chat}` | string | the [`ChatSettings`] as JSON |
//! | `P misses:{chat}` | hash | user → JSON object question key → wrong answers |
//! | `P reminder:{chat}:{user}` | string | the [`Reminder`] as JSON |
//! | `P reminders:due` | sorted set | `{chat}:{user}` scored by `next_at` |
//! | `P chat:{chat}:reminders` | set | users with a reminder in the chat |
//! | `P user:{user}:study` | set | chats with the user's misses or reminders |
//! | `P series:{chat}` | hash | the chat's [`SeriesRecord`] (`owner`, `total`, `sent`, `stopped` 0/1, `lease_until`), expiring with its lease |
//!
//! A due reminder is claimed by a Lua script that moves its score in `reminders:due` only when
//! it still is the `next_at` the caller read, so of several replicas exactly one wins. A series
//! is started, stopped, advanced and ended by Lua scripts too, each one atomic compare-and-set
//! on the chat's hash; the key's own expiry (the lease) clears the series of a replica that died.

use super::{REDIS_PREFIX, RedisStore, eval, ex};
use crate::storage::StoreError;
use crate::storage::study::{ChatSettings, Reminder, SeriesRecord, StudyStore};
use ::redis::{cmd, pipe};
use std::collections::{BTreeSet, HashMap};

fn k_settings(chat: i64) -> String {
    format!("{REDIS_PREFIX}settings:{chat}")
}
fn k_misses(chat: i64) -> String {
    format!("{REDIS_PREFIX}misses:{chat}")
}
fn k_reminder(chat: i64, user: i64) -> String {
    format!("{REDIS_PREFIX}reminder:{chat}:{user}")
}
fn k_due() -> String {
    format!("{REDIS_PREFIX}reminders:due")
}
fn k_chat_reminders(chat: i64) -> String {
    format!("{REDIS_PREFIX}chat:{chat}:reminders")
}
fn k_user_study(user: i64) -> String {
    format!("{REDIS_PREFIX}user:{user}:study")
}
fn k_series(chat: i64) -> String {
    format!("{REDIS_PREFIX}series:{chat}")
}
fn member(chat: i64, user: i64) -> String {
    format!("{chat}:{user}")
}

/// Counts a miss. KEYS: misses, user study index. ARGV: user, question key, chat.
const RECORD_MISS: &str = r"
local raw = redis.call('HGET', KEYS[1], ARGV[1])
local m = {}
if raw then m = cjson.decode(raw) end
m[ARGV[2]] = (tonumber(m[ARGV[2]]) or 0) + 1
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(m))
redis.call('SADD', KEYS[2], ARGV[3])
return 1
";

/// Moves a reminder's time if it still is the one read.
/// KEYS: reminder, due set. ARGV: member, expected, next, the reminder with `next` as JSON.
const ADVANCE: &str = r"
local score = redis.call('ZSCORE', KEYS[2], ARGV[1])
if not score or tonumber(score) ~= tonumber(ARGV[2]) then return 0 end
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
redis.call('SET', KEYS[1], ARGV[4])
return 1
";

/// Records a series unless a running one is there.
/// KEYS: series. ARGV: now, owner, total, lease_until, expiry in seconds.
const START_SERIES: &str = r"
local r = redis.call('HMGET', KEYS[1], 'stopped', 'lease_until')
if r[1] == '0' and tonumber(r[2]) > tonumber(ARGV[1]) then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'owner', ARGV[2], 'total', ARGV[3], 'sent', 0, 'stopped', 0,
  'lease_until', ARGV[4])
redis.call('EXPIRE', KEYS[1], ARGV[5])
return 1
";

/// Marks a running series stopped; the record after, or an empty array.
/// KEYS: series. ARGV: now.
const STOP_SERIES: &str = r"
local r = redis.call('HMGET', KEYS[1], 'stopped', 'lease_until')
if r[1] ~= '0' or tonumber(r[2]) <= tonumber(ARGV[1]) then return {} end
redis.call('HSET', KEYS[1], 'stopped', 1)
return redis.call('HGETALL', KEYS[1])
";

/// Records progress and renews the lease of the owner's running series.
/// KEYS: series. ARGV: owner, sent, now, lease_until, expiry in seconds.
const ADVANCE_SERIES: &str = r"
local r = redis.call('HMGET', KEYS[1], 'owner', 'stopped', 'lease_until')
if r[1] ~= ARGV[1] or r[2] ~= '0' or tonumber(r[3]) <= tonumber(ARGV[3]) then return 0 end
redis.call('HSET', KEYS[1], 'sent', ARGV[2], 'lease_until', ARGV[4])
redis.call('EXPIRE', KEYS[1], ARGV[5])
return 1
";

/// Deletes the owner's series. KEYS: series. ARGV: owner.
const END_SERIES: &str = r"
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1
";

/// The series record in the fields of its hash; `None` for an empty (absent) hash.
fn series_of(fields: &HashMap<String, String>) -> Option<SeriesRecord> {
    let number = |name: &str| fields.get(name).and_then(|v| v.parse::<u64>().ok());
    Some(SeriesRecord {
        owner: fields.get("owner")?.clone(),
        total: u32::try_from(number("total")?).ok()?,
        sent: u32::try_from(number("sent")?).ok()?,
        stopped: number("stopped")? != 0,
        lease_until: number("lease_until")?,
    })
}

impl RedisStore {
    /// Queues the writes that store `r` on `tx`.
    fn queue_reminder(tx: &mut ::redis::Pipeline, r: &Reminder, value: &str) {
        tx.cmd("SET")
            .arg(k_reminder(r.chat, r.user))
            .arg(value)
            .ignore();
        tx.cmd("ZADD")
            .arg(k_due())
            .arg(r.next_at)
            .arg(member(r.chat, r.user))
            .ignore();
        tx.cmd("SADD")
            .arg(k_chat_reminders(r.chat))
            .arg(r.user)
            .ignore();
        tx.cmd("SADD")
            .arg(k_user_study(r.user))
            .arg(r.chat)
            .ignore();
    }

    /// Queues the deletion of the reminder of (`chat`, `user`) on `tx`.
    fn queue_unremind(tx: &mut ::redis::Pipeline, chat: i64, user: i64) {
        tx.cmd("DEL").arg(k_reminder(chat, user)).ignore();
        tx.cmd("ZREM").arg(k_due()).arg(member(chat, user)).ignore();
        tx.cmd("SREM")
            .arg(k_chat_reminders(chat))
            .arg(user)
            .ignore();
    }
}

impl StudyStore for RedisStore {
    fn chat_settings(&self, chat: i64) -> Result<ChatSettings, StoreError> {
        self.run(|con| {
            let raw: Option<String> = cmd("GET").arg(k_settings(chat)).query(con)?;
            match raw {
                Some(raw) => Ok(serde_json::from_str(&raw)?),
                None => Ok(ChatSettings::default()),
            }
        })
    }

    fn set_chat_settings(&self, chat: i64, settings: &ChatSettings) -> Result<(), StoreError> {
        let value = serde_json::to_string(settings)?;
        self.run(|con| {
            cmd("SET").arg(k_settings(chat)).arg(&value).exec(con)?;
            Ok(())
        })
    }

    fn record_miss(&self, chat: i64, user: i64, question_key: &str) -> Result<(), StoreError> {
        self.run(|con| {
            eval(RECORD_MISS, &[&k_misses(chat), &k_user_study(user)])
                .arg(user)
                .arg(question_key)
                .arg(chat)
                .exec(con)?;
            Ok(())
        })
    }

    fn misses(&self, chat: i64, user: i64) -> Result<HashMap<String, u32>, StoreError> {
        self.run(|con| {
            let raw: Option<String> = cmd("HGET").arg(k_misses(chat)).arg(user).query(con)?;
            match raw {
                Some(raw) => Ok(serde_json::from_str(&raw)?),
                None => Ok(HashMap::new()),
            }
        })
    }

    fn put_reminder(&self, r: &Reminder) -> Result<(), StoreError> {
        let value = serde_json::to_string(r)?;
        self.run(|con| {
            let mut tx = pipe();
            tx.atomic();
            RedisStore::queue_reminder(&mut tx, r, &value);
            tx.exec(con)?;
            Ok(())
        })
    }

    fn reminder(&self, chat: i64, user: i64) -> Result<Option<Reminder>, StoreError> {
        self.run(|con| {
            let raw: Option<String> = cmd("GET").arg(k_reminder(chat, user)).query(con)?;
            Ok(raw.map(|raw| serde_json::from_str(&raw)).transpose()?)
        })
    }

    fn remove_reminder(&self, chat: i64, user: i64) -> Result<bool, StoreError> {
        self.run(|con| {
            let existed: bool = cmd("EXISTS").arg(k_reminder(chat, user)).query(con)?;
            let mut tx = pipe();
            tx.atomic();
            RedisStore::queue_unremind(&mut tx, chat, user);
            tx.exec(con)?;
            Ok(existed)
        })
    }

    fn remove_chat_reminders(&self, chat: i64) -> Result<usize, StoreError> {
        self.run(|con| {
            let users: Vec<i64> = cmd("SMEMBERS").arg(k_chat_reminders(chat)).query(con)?;
            let mut tx = pipe();
            tx.atomic();
            for &user in &users {
                RedisStore::queue_unremind(&mut tx, chat, user);
            }
            tx.cmd("DEL").arg(k_chat_reminders(chat)).ignore();
            tx.exec(con)?;
            Ok(users.len())
        })
    }

    fn due_reminders(&self, now: u64, limit: usize) -> Result<Vec<Reminder>, StoreError> {
        self.run(|con| {
            let members: Vec<String> = cmd("ZRANGEBYSCORE")
                .arg(k_due())
                .arg("-inf")
                .arg(now)
                .arg("LIMIT")
                .arg(0)
                .arg(limit)
                .query(con)?;
            if members.is_empty() {
                return Ok(Vec::new());
            }
            let keys: Vec<String> = members
                .iter()
                .map(|m| format!("{REDIS_PREFIX}reminder:{m}"))
                .collect();
            let values: Vec<Option<String>> = cmd("MGET").arg(&keys).query(con)?;
            let mut due = Vec::new();
            for raw in values.into_iter().flatten() {
                let reminder: Reminder = serde_json::from_str(&raw)?;
                // Another replica may have advanced it between the two reads.
                if reminder.next_at <= now {
                    due.push(reminder);
                }
            }
            Ok(due)
        })
    }

    fn advance_reminder(
        &self,
        chat: i64,
        user: i64,
        expected: u64,
        next_at: u64,
    ) -> Result<bool, StoreError> {
        let Some(mut reminder) = self.reminder(chat, user)? else {
            return Ok(false);
        };
        reminder.next_at = next_at;
        let value = serde_json::to_string(&reminder)?;
        self.run(|con| {
            let won: i64 = eval(ADVANCE, &[&k_reminder(chat, user), &k_due()])
                .arg(member(chat, user))
                .arg(expected)
                .arg(next_at)
                .arg(&value)
                .query(con)?;
            Ok(won == 1)
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
        self.run(|con| {
            let won: i64 = eval(START_SERIES, &[&k_series(chat)])
                .arg(now)
                .arg(owner)
                .arg(total)
                .arg(now.saturating_add(lease_secs))
                .arg(ex(lease_secs))
                .query(con)?;
            Ok(won == 1)
        })
    }

    fn series(&self, chat: i64, now: u64) -> Result<Option<SeriesRecord>, StoreError> {
        self.run(|con| {
            let fields: HashMap<String, String> = cmd("HGETALL").arg(k_series(chat)).query(con)?;
            Ok(series_of(&fields).filter(|s| s.lease_until > now))
        })
    }

    fn stop_series(&self, chat: i64, now: u64) -> Result<Option<SeriesRecord>, StoreError> {
        self.run(|con| {
            let fields: HashMap<String, String> =
                eval(STOP_SERIES, &[&k_series(chat)]).arg(now).query(con)?;
            Ok(series_of(&fields))
        })
    }

    fn advance_series(
        &self,
        chat: i64,
        owner: &str,
        sent: u32,
        now: u64,
        lease_secs: u64,
    ) -> Result<bool, StoreError> {
        self.run(|con| {
            let won: i64 = eval(ADVANCE_SERIES, &[&k_series(chat)])
                .arg(owner)
                .arg(sent)
                .arg(now)
                .arg(now.saturating_add(lease_secs))
                .arg(ex(lease_secs))
                .query(con)?;
            Ok(won == 1)
        })
    }

    fn end_series(&self, chat: i64, owner: &str) -> Result<bool, StoreError> {
        self.run(|con| {
            let ended: i64 = eval(END_SERIES, &[&k_series(chat)]).arg(owner).query(con)?;
            Ok(ended == 1)
        })
    }

    fn forget_study(&self, user: i64, chat: Option<i64>) -> Result<(), StoreError> {
        self.run(|con| {
            let chats: Vec<i64> = match chat {
                Some(c) => vec![c],
                None => cmd("SMEMBERS").arg(k_user_study(user)).query(con)?,
            };
            let mut tx = pipe();
            tx.atomic();
            for &c in &chats {
                tx.cmd("HDEL").arg(k_misses(c)).arg(user).ignore();
                RedisStore::queue_unremind(&mut tx, c, user);
                tx.cmd("SREM").arg(k_user_study(user)).arg(c).ignore();
            }
            if chat.is_none() {
                tx.cmd("DEL").arg(k_user_study(user)).ignore();
            }
            tx.exec(con)?;
            Ok(())
        })
    }

    fn migrate_study(&self, from: i64, to: i64) -> Result<(), StoreError> {
        if from == to {
            return Ok(());
        }
        self.run(|con| {
            type Read = (
                Option<String>,
                HashMap<i64, String>,
                HashMap<i64, String>,
                Vec<i64>,
            );
            let (settings, misses_from, misses_to, users): Read = pipe()
                .cmd("GET")
                .arg(k_settings(from))
                .cmd("HGETALL")
                .arg(k_misses(from))
                .cmd("HGETALL")
                .arg(k_misses(to))
                .cmd("SMEMBERS")
                .arg(k_chat_reminders(from))
                .query(con)?;
            let mut tx = pipe();
            tx.atomic();
            tx.cmd("DEL").arg(k_series(from)).ignore();
            if let Some(settings) = settings {
                tx.cmd("SET")
                    .arg(k_settings(to))
                    .arg(settings)
                    .arg("NX")
                    .ignore();
                tx.cmd("DEL").arg(k_settings(from)).ignore();
            }
            let mut moved: BTreeSet<i64> = BTreeSet::new();
            for (user, raw) in &misses_from {
                let mut sum: HashMap<String, u32> = serde_json::from_str(raw)?;
                if let Some(there) = misses_to.get(user) {
                    let there: HashMap<String, u32> = serde_json::from_str(there)?;
                    for (question, n) in there {
                        *sum.entry(question).or_default() += n;
                    }
                }
                tx.cmd("HSET")
                    .arg(k_misses(to))
                    .arg(user)
                    .arg(serde_json::to_string(&sum)?)
                    .ignore();
                moved.insert(*user);
            }
            tx.cmd("DEL").arg(k_misses(from)).ignore();
            for &user in &users {
                let raw: Option<String> = cmd("GET").arg(k_reminder(from, user)).query(con)?;
                let there: bool = cmd("EXISTS").arg(k_reminder(to, user)).query(con)?;
                RedisStore::queue_unremind(&mut tx, from, user);
                if let (Some(raw), false) = (raw, there) {
                    let mut reminder: Reminder = serde_json::from_str(&raw)?;
                    reminder.chat = to;
                    let value = serde_json::to_string(&reminder)?;
                    RedisStore::queue_reminder(&mut tx, &reminder, &value);
                }
                moved.insert(user);
            }
            for user in moved {
                tx.cmd("SREM").arg(k_user_study(user)).arg(from).ignore();
                tx.cmd("SADD").arg(k_user_study(user)).arg(to).ignore();
            }
            tx.exec(con)?;
            Ok(())
        })
    }
}
