//! The Redis store: one state shared by several replicas.
//!
//! Every key is under [`REDIS_PREFIX`] (below, `P`):
//!
//! | key | type | holds | expiry |
//! | --- | --- | --- | --- |
//! | `P ctx:{chat}:{user}` | string | `{"expires_at":…,"context":…}` | `EX ttl` |
//! | `P progress:{chat}` | hash | user → JSON array of steps done | — |
//! | `P names:{chat}` | hash | user → latest display name | — |
//! | `P scores:{chat}` | hash | `{user}:c` → correct, `{user}:a` → answered | — |
//! | `P poll:{id}` | string | the [`PollRecord`] as JSON | 7 days |
//! | `P poll:{id}:answers` | set | users counted | with the poll |
//! | `P chatpolls:{chat}` | set | poll ids sent to the chat (for migrations) | 7 days |
//! | `P user:{user}:chats` | set | chats with the user's progress, name or score | — |
//! | `P user:{user}:ctx` | set | chats with a context of the user | ≥ its contexts |
//! | `P user:{user}:polls` | hash | poll id → chat, for the answers | ≥ those polls |
//! | `P update:{id}` | string | lease end (seconds) while claimed, `done` once finished | lease + 48 h, then 48 h |
//!
//! The `user:*` sets index where a user appears, so [`Store::forget_user`] deletes every trace
//! without scanning the keyspace. Updates that touch several keys run as one Lua script or in
//! `MULTI`/`EXEC` under `WATCH`, so replicas never interleave half-done writes. Contexts also
//! carry their logical expiry, so the `now` passed in decides liveness exactly as on the other
//! backends, while `EX` makes Redis drop them on its own clock.
//!
//! Connections come from a small pool; one that fails is dropped, and an operation that failed
//! on a pooled connection (closed by a Redis restart, say) is retried once on a new one. Every
//! connection has a [`TIMEOUT`] so a dead server cannot block a caller for long.
//!
//! Settings, quiz misses and review reminders have keys of their own, listed in `study.rs`.
//!
//! `rediss://` (TLS) is not built in: this build refuses it with a hint.

use super::{
    MemberProgress, POLL_TTL_SECS, PollRecord, Score, Store, StoreError, UPDATE_RETENTION_SECS,
    expires_at, sort_board, sort_scores,
};
use crate::core::context::{Context, ConversationId};
use ::redis::{Client, Connection, RedisError, RedisResult, cmd, pipe};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

mod study;
use super::study::StudyStore;

/// The prefix of every key this store writes.
pub const REDIS_PREFIX: &str = "devops-guide:";

/// Connect, read and write timeout of every connection.
pub const TIMEOUT: Duration = Duration::from_secs(2);

/// Idle connections kept for reuse.
const MAX_IDLE: usize = 8;

/// A store on a Redis server. See the [module documentation](self).
pub struct RedisStore {
    client: Client,
    idle: Mutex<Vec<Connection>>,
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Not the URL: it may hold a password.
        f.debug_struct("RedisStore").finish_non_exhaustive()
    }
}

#[derive(Serialize)]
struct StoredContextRef<'a> {
    expires_at: u64,
    context: &'a Context,
}

#[derive(Deserialize)]
struct StoredContext {
    expires_at: u64,
    context: Context,
}

fn k_ctx(chat: i64, user: i64) -> String {
    format!("{REDIS_PREFIX}ctx:{chat}:{user}")
}
fn k_progress(chat: i64) -> String {
    format!("{REDIS_PREFIX}progress:{chat}")
}
fn k_names(chat: i64) -> String {
    format!("{REDIS_PREFIX}names:{chat}")
}
fn k_scores(chat: i64) -> String {
    format!("{REDIS_PREFIX}scores:{chat}")
}
fn k_poll(poll_id: &str) -> String {
    format!("{REDIS_PREFIX}poll:{poll_id}")
}
fn k_answers(poll_id: &str) -> String {
    format!("{REDIS_PREFIX}poll:{poll_id}:answers")
}
fn k_chat_polls(chat: i64) -> String {
    format!("{REDIS_PREFIX}chatpolls:{chat}")
}
fn k_user_chats(user: i64) -> String {
    format!("{REDIS_PREFIX}user:{user}:chats")
}
fn k_user_ctx(user: i64) -> String {
    format!("{REDIS_PREFIX}user:{user}:ctx")
}
fn k_user_polls(user: i64) -> String {
    format!("{REDIS_PREFIX}user:{user}:polls")
}
fn k_update(update_id: i64) -> String {
    format!("{REDIS_PREFIX}update:{update_id}")
}

/// Stores a context and indexes it under its user; the index lives at least as long as the
/// longest-lived context it lists.
/// KEYS: ctx, user ctx index. ARGV: value, ex seconds, chat.
const PUT_CONTEXT: &str = r"
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
redis.call('SADD', KEYS[2], ARGV[3])
if redis.call('TTL', KEYS[2]) < tonumber(ARGV[2]) then
  redis.call('EXPIRE', KEYS[2], ARGV[2])
end
return 1
";

/// Marks a step done or not done, keeps the name and indexes the chat under the user.
/// KEYS: progress, names, user chats index. ARGV: user, step, done (1/0), name, chat.
const SET_STEP: &str = r"
local raw = redis.call('HGET', KEYS[1], ARGV[1])
local steps = {}
if raw then steps = cjson.decode(raw) end
local step = tonumber(ARGV[2])
local out = {}
for _, s in ipairs(steps) do
  if s ~= step then table.insert(out, s) end
end
if ARGV[3] == '1' then table.insert(out, step) end
table.sort(out)
if #out == 0 then
  redis.call('HDEL', KEYS[1], ARGV[1])
else
  redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(out))
end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[4])
redis.call('SADD', KEYS[3], ARGV[5])
return 1
";

/// Counts an answer once per (poll, user).
/// KEYS: answers, scores, names, user chats index, user polls index, poll.
/// ARGV: user, correct (1/0), name, chat, poll id.
const RECORD_ANSWER: &str = r"
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
local ttl = redis.call('TTL', KEYS[6])
if ttl < 1 then ttl = 1 end
redis.call('EXPIRE', KEYS[1], ttl)
redis.call('HINCRBY', KEYS[2], ARGV[1] .. ':a', 1)
if ARGV[2] == '1' then redis.call('HINCRBY', KEYS[2], ARGV[1] .. ':c', 1) end
redis.call('HSET', KEYS[3], ARGV[1], ARGV[3])
redis.call('SADD', KEYS[4], ARGV[4])
redis.call('HSET', KEYS[5], ARGV[5], ARGV[4])
if redis.call('TTL', KEYS[5]) < ttl then redis.call('EXPIRE', KEYS[5], ttl) end
return 1
";

/// Takes over an update whose lease ran out and that was not finished.
/// KEYS: update. ARGV: new lease end, now, ex seconds.
const TAKE_OVER_UPDATE: &str = r"
local v = redis.call('GET', KEYS[1])
if v then
  if v == 'done' then return 0 end
  if tonumber(v) > tonumber(ARGV[2]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
return 1
";

/// Renames a key unless it has gone (expired) meanwhile; an existing destination is newer and
/// wins. KEYS: from, to.
const MOVE_KEY: &str = r"
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('DEL', KEYS[1]) return 0 end
redis.call('RENAME', KEYS[1], KEYS[2])
return 1
";

/// Replaces a string's value keeping its expiry, unless it has gone. KEYS: key. ARGV: value.
const REPLACE_KEEP_TTL: &str = r"
local ttl = redis.call('PTTL', KEYS[1])
if ttl == -2 then return 0 end
if ttl == -1 then redis.call('SET', KEYS[1], ARGV[1]) else redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl) end
return 1
";

fn eval(script: &str, keys: &[&str]) -> ::redis::Cmd {
    let mut c = cmd("EVAL");
    c.arg(script).arg(keys.len()).arg(keys);
    c
}

/// An error after which the connection cannot be trusted (its replies may be out of step).
fn is_broken(e: &RedisError) -> bool {
    e.is_io_error() || e.is_connection_dropped() || e.is_unrecoverable_error() || e.is_timeout()
}

/// Seconds for `EX`: Redis refuses 0.
fn ex(secs: u64) -> u64 {
    secs.max(1)
}

fn parse_steps(raw: &str) -> Result<Vec<u8>, StoreError> {
    let mut steps: Vec<u8> = serde_json::from_str(raw)?;
    steps.sort_unstable();
    steps.dedup();
    Ok(steps)
}

impl RedisStore {
    /// Connects to the server at `url` (`redis://[USER:PASSWORD@]HOST[:PORT][/DB]`) and checks
    /// that it answers.
    pub fn open(url: &str) -> Result<RedisStore, StoreError> {
        if url.starts_with("rediss://") {
            return Err(StoreError::BadUrl(
                "'rediss://': this build has no tls for redis; reach redis over a private \
                 network or a local tls tunnel (stunnel, spiped) and use 'redis://'"
                    .into(),
            ));
        }
        let client = Client::open(url)?;
        let store = RedisStore {
            client,
            idle: Mutex::new(Vec::new()),
        };
        store.ping()?;
        Ok(store)
    }

    fn idle(&self) -> MutexGuard<'_, Vec<Connection>> {
        // The pool is a plain list; a panic elsewhere cannot leave it half-updated.
        self.idle
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn connect(&self) -> RedisResult<Connection> {
        let con = self.client.get_connection_with_timeout(TIMEOUT)?;
        con.set_read_timeout(Some(TIMEOUT))?;
        con.set_write_timeout(Some(TIMEOUT))?;
        Ok(con)
    }

    fn release(&self, con: Connection) {
        let mut idle = self.idle();
        if idle.len() < MAX_IDLE {
            idle.push(con);
        }
    }

    /// Runs `op` on a connection from the pool. A connection is returned to the pool only after
    /// a success: after an error it may hold a `WATCH` or an unread reply.
    fn run<T>(
        &self,
        mut op: impl FnMut(&mut Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let pooled = self.idle().pop();
        let was_pooled = pooled.is_some();
        let mut con = match pooled {
            Some(con) => con,
            None => self.connect()?,
        };
        let result = match op(&mut con) {
            // A pooled connection the server closed (restart, idle timeout) fails at once;
            // retry on a fresh one. Not after a timeout: the command may have run.
            Err(StoreError::Redis(e)) if was_pooled && is_broken(&e) && !e.is_timeout() => {
                con = self.connect()?;
                op(&mut con)
            }
            other => other,
        };
        if result.is_ok() {
            self.release(con);
        }
        result
    }
}

impl Store for RedisStore {
    fn get_context(&self, id: ConversationId, now: u64) -> Result<Option<Context>, StoreError> {
        let key = k_ctx(id.chat, id.user);
        self.run(|con| {
            let raw: Option<String> = cmd("GET").arg(&key).query(con)?;
            let Some(raw) = raw else { return Ok(None) };
            let stored: StoredContext = serde_json::from_str(&raw)?;
            if now > stored.expires_at {
                cmd("DEL").arg(&key).exec(con)?;
                return Ok(None);
            }
            Ok(Some(stored.context))
        })
    }

    fn put_context(
        &self,
        id: ConversationId,
        ctx: &Context,
        ttl_secs: u64,
    ) -> Result<(), StoreError> {
        let value = serde_json::to_string(&StoredContextRef {
            expires_at: expires_at(ctx.at, ttl_secs),
            context: ctx,
        })?;
        let keys = [k_ctx(id.chat, id.user), k_user_ctx(id.user)];
        self.run(|con| {
            eval(PUT_CONTEXT, &[&keys[0], &keys[1]])
                .arg(&value)
                .arg(ex(ttl_secs))
                .arg(id.chat)
                .exec(con)?;
            Ok(())
        })
    }

    fn remove_context(&self, id: ConversationId) -> Result<(), StoreError> {
        self.run(|con| {
            pipe()
                .atomic()
                .cmd("DEL")
                .arg(k_ctx(id.chat, id.user))
                .ignore()
                .cmd("SREM")
                .arg(k_user_ctx(id.user))
                .arg(id.chat)
                .ignore()
                .exec(con)?;
            Ok(())
        })
    }

    fn set_step(
        &self,
        chat: i64,
        user: i64,
        display_name: &str,
        step: u8,
        done: bool,
    ) -> Result<(), StoreError> {
        let keys = [k_progress(chat), k_names(chat), k_user_chats(user)];
        self.run(|con| {
            eval(SET_STEP, &[&keys[0], &keys[1], &keys[2]])
                .arg(user)
                .arg(step)
                .arg(u8::from(done))
                .arg(display_name)
                .arg(chat)
                .exec(con)?;
            Ok(())
        })
    }

    fn progress(&self, chat: i64, user: i64) -> Result<Vec<u8>, StoreError> {
        self.run(|con| {
            let raw: Option<String> = cmd("HGET").arg(k_progress(chat)).arg(user).query(con)?;
            raw.map_or(Ok(Vec::new()), |raw| parse_steps(&raw))
        })
    }

    fn board(&self, chat: i64) -> Result<Vec<MemberProgress>, StoreError> {
        self.run(|con| {
            let (progress, names): (HashMap<i64, String>, HashMap<i64, String>) = pipe()
                .cmd("HGETALL")
                .arg(k_progress(chat))
                .cmd("HGETALL")
                .arg(k_names(chat))
                .query(con)?;
            let mut board = Vec::with_capacity(progress.len());
            for (user, raw) in progress {
                let steps = parse_steps(&raw)?;
                if !steps.is_empty() {
                    board.push(MemberProgress {
                        user,
                        name: names.get(&user).cloned().unwrap_or_default(),
                        steps,
                    });
                }
            }
            sort_board(&mut board);
            Ok(board)
        })
    }

    fn reset_board(&self, chat: i64) -> Result<(), StoreError> {
        self.run(|con| {
            cmd("DEL").arg(k_progress(chat)).exec(con)?;
            Ok(())
        })
    }

    fn put_poll(&self, poll_id: &str, record: &PollRecord) -> Result<(), StoreError> {
        let value = serde_json::to_string(record)?;
        self.run(|con| {
            pipe()
                .atomic()
                .cmd("SET")
                .arg(k_poll(poll_id))
                .arg(&value)
                .arg("EX")
                .arg(POLL_TTL_SECS)
                .ignore()
                .cmd("SADD")
                .arg(k_chat_polls(record.chat))
                .arg(poll_id)
                .ignore()
                .cmd("EXPIRE")
                .arg(k_chat_polls(record.chat))
                .arg(POLL_TTL_SECS)
                .ignore()
                .exec(con)?;
            Ok(())
        })
    }

    fn get_poll(&self, poll_id: &str) -> Result<Option<PollRecord>, StoreError> {
        self.run(|con| {
            let raw: Option<String> = cmd("GET").arg(k_poll(poll_id)).query(con)?;
            Ok(raw.map(|raw| serde_json::from_str(&raw)).transpose()?)
        })
    }

    fn record_answer(
        &self,
        poll_id: &str,
        user: i64,
        display_name: &str,
        correct: bool,
    ) -> Result<bool, StoreError> {
        let Some(record) = self.get_poll(poll_id)? else {
            return Ok(false);
        };
        let chat = record.chat;
        let keys = [
            k_answers(poll_id),
            k_scores(chat),
            k_names(chat),
            k_user_chats(user),
            k_user_polls(user),
            k_poll(poll_id),
        ];
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        self.run(|con| {
            let counted: i64 = eval(RECORD_ANSWER, &keys)
                .arg(user)
                .arg(u8::from(correct))
                .arg(display_name)
                .arg(chat)
                .arg(poll_id)
                .query(con)?;
            Ok(counted == 1)
        })
    }

    fn scores(&self, chat: i64) -> Result<Vec<Score>, StoreError> {
        self.run(|con| {
            let (fields, names): (HashMap<String, u32>, HashMap<i64, String>) = pipe()
                .cmd("HGETALL")
                .arg(k_scores(chat))
                .cmd("HGETALL")
                .arg(k_names(chat))
                .query(con)?;
            let mut by_user: HashMap<i64, (u32, u32)> = HashMap::new();
            for (field, n) in fields {
                let Some((user, kind)) = field.rsplit_once(':') else {
                    continue;
                };
                let Ok(user) = user.parse::<i64>() else {
                    continue;
                };
                let entry = by_user.entry(user).or_default();
                match kind {
                    "c" => entry.0 = n,
                    "a" => entry.1 = n,
                    _ => {}
                }
            }
            let mut scores: Vec<Score> = by_user
                .into_iter()
                .map(|(user, (correct, answered))| Score {
                    user,
                    name: names.get(&user).cloned().unwrap_or_default(),
                    correct,
                    answered,
                })
                .collect();
            sort_scores(&mut scores);
            Ok(scores)
        })
    }

    fn forget_user(&self, user: i64, chat: Option<i64>) -> Result<(), StoreError> {
        self.forget_study(user, chat)?;
        let index = [
            k_user_chats(user),
            k_user_ctx(user),
            k_user_polls(user),
            k_chat_polls(user),
        ];
        self.run(|con| {
            ::redis::transaction(con, &index, |con, tx| {
                type Read = (Vec<i64>, Vec<i64>, HashMap<String, i64>, Vec<String>);
                let (chats, ctx_chats, polls, private_polls): Read = pipe()
                    .cmd("SMEMBERS")
                    .arg(&index[0])
                    .cmd("SMEMBERS")
                    .arg(&index[1])
                    .cmd("HGETALL")
                    .arg(&index[2])
                    .cmd("SMEMBERS")
                    .arg(&index[3])
                    .query(con)?;
                let scope: BTreeSet<i64> = match chat {
                    Some(c) => BTreeSet::from([c]),
                    None => chats.into_iter().chain(ctx_chats).collect(),
                };
                for &c in &scope {
                    tx.cmd("DEL").arg(k_ctx(c, user)).ignore();
                    tx.cmd("HDEL").arg(k_progress(c)).arg(user).ignore();
                    tx.cmd("HDEL").arg(k_names(c)).arg(user).ignore();
                    tx.cmd("HDEL")
                        .arg(k_scores(c))
                        .arg(format!("{user}:c"))
                        .arg(format!("{user}:a"))
                        .ignore();
                    tx.cmd("SREM").arg(&index[0]).arg(c).ignore();
                    tx.cmd("SREM").arg(&index[1]).arg(c).ignore();
                }
                for (poll_id, poll_chat) in &polls {
                    if chat.is_none_or(|c| c == *poll_chat) {
                        tx.cmd("SREM").arg(k_answers(poll_id)).arg(user).ignore();
                        tx.cmd("HDEL").arg(&index[2]).arg(poll_id).ignore();
                    }
                }
                // The user's private chat (its id is theirs): its polls go too.
                if chat.is_none_or(|c| c == user) {
                    for poll_id in &private_polls {
                        tx.cmd("DEL")
                            .arg(k_poll(poll_id))
                            .arg(k_answers(poll_id))
                            .ignore();
                    }
                    tx.cmd("DEL").arg(&index[3]).ignore();
                }
                if chat.is_none() {
                    tx.cmd("DEL").arg(&index).ignore();
                }
                tx.query::<Option<()>>(con)
            })?;
            Ok(())
        })
    }

    fn migrate_chat(&self, from: i64, to: i64) -> Result<(), StoreError> {
        if from == to {
            return Ok(());
        }
        self.migrate_study(from, to)?;
        let watched = [
            k_progress(from),
            k_progress(to),
            k_names(from),
            k_scores(from),
            k_chat_polls(from),
        ];
        let poll_ids: Vec<String> = self.run(|con| {
            // Ok(Err(_)): a stored value is not valid JSON; nothing was written.
            ::redis::transaction(con, &watched, |con, tx| {
                type Read = (
                    HashMap<i64, String>,
                    HashMap<i64, String>,
                    HashMap<i64, String>,
                    HashMap<String, i64>,
                    Vec<String>,
                );
                let (progress, progress_to, names, scores, polls): Read = pipe()
                    .cmd("HGETALL")
                    .arg(k_progress(from))
                    .cmd("HGETALL")
                    .arg(k_progress(to))
                    .cmd("HGETALL")
                    .arg(k_names(from))
                    .cmd("HGETALL")
                    .arg(k_scores(from))
                    .cmd("SMEMBERS")
                    .arg(k_chat_polls(from))
                    .query(con)?;
                // Every stored value is parsed before anything is queued.
                let mut merged = Vec::with_capacity(progress.len());
                for (&user, raw) in &progress {
                    let there = progress_to.get(&user).map_or("[]", String::as_str);
                    let (mut steps, more) = match (parse_steps(raw), parse_steps(there)) {
                        (Ok(steps), Ok(more)) => (steps, more),
                        (Err(e), _) | (_, Err(e)) => return Ok(Some(Err(e))),
                    };
                    steps.extend(more);
                    steps.sort_unstable();
                    steps.dedup();
                    match serde_json::to_string(&steps) {
                        Ok(value) => merged.push((user, value)),
                        Err(e) => return Ok(Some(Err(e.into()))),
                    }
                }
                for (user, value) in merged {
                    tx.cmd("HSET")
                        .arg(k_progress(to))
                        .arg(user)
                        .arg(value)
                        .ignore();
                }
                let mut users: HashSet<i64> =
                    progress.keys().chain(names.keys()).copied().collect();
                for (field, n) in &scores {
                    if let Some(user) = field.rsplit_once(':').and_then(|(u, _)| u.parse().ok()) {
                        users.insert(user);
                    }
                    tx.cmd("HINCRBY")
                        .arg(k_scores(to))
                        .arg(field)
                        .arg(n)
                        .ignore();
                }
                for (user, name) in &names {
                    tx.cmd("HSETNX")
                        .arg(k_names(to))
                        .arg(user)
                        .arg(name)
                        .ignore();
                }
                for &user in &users {
                    tx.cmd("SREM").arg(k_user_chats(user)).arg(from).ignore();
                    tx.cmd("SADD").arg(k_user_chats(user)).arg(to).ignore();
                    let answered: HashMap<String, i64> =
                        cmd("HGETALL").arg(k_user_polls(user)).query(con)?;
                    for (poll_id, c) in answered {
                        if c == from {
                            tx.cmd("HSET")
                                .arg(k_user_polls(user))
                                .arg(poll_id)
                                .arg(to)
                                .ignore();
                        }
                    }
                }
                tx.cmd("DEL")
                    .arg(k_progress(from))
                    .arg(k_names(from))
                    .arg(k_scores(from))
                    .arg(k_chat_polls(from))
                    .ignore();
                if !polls.is_empty() {
                    tx.cmd("SADD").arg(k_chat_polls(to)).arg(&polls).ignore();
                    tx.cmd("EXPIRE")
                        .arg(k_chat_polls(to))
                        .arg(POLL_TTL_SECS)
                        .ignore();
                }
                Ok(tx.query::<Option<()>>(con)?.map(|()| Ok(polls)))
            })?
        })?;
        // The polls still open in the old chat: their answers now count in the new one.
        for poll_id in poll_ids {
            if let Some(mut record) = self.get_poll(&poll_id)? {
                record.chat = to;
                let value = serde_json::to_string(&record)?;
                self.run(|con| {
                    eval(REPLACE_KEEP_TTL, &[&k_poll(&poll_id)])
                        .arg(&value)
                        .exec(con)?;
                    Ok(())
                })?;
            }
        }
        // Contexts are keys of their own; find them by name (a migration is rare).
        let pattern = format!("{REDIS_PREFIX}ctx:{from}:*");
        self.run(|con| {
            let mut cursor: u64 = 0;
            loop {
                let (next, keys): (u64, Vec<String>) = cmd("SCAN")
                    .arg(cursor)
                    .arg("MATCH")
                    .arg(&pattern)
                    .arg("COUNT")
                    .arg(1000)
                    .query(con)?;
                for key in keys {
                    let Some(user) = key.rsplit(':').next().and_then(|u| u.parse::<i64>().ok())
                    else {
                        continue;
                    };
                    eval(MOVE_KEY, &[&key, &k_ctx(to, user)]).exec(con)?;
                    pipe()
                        .atomic()
                        .cmd("SREM")
                        .arg(k_user_ctx(user))
                        .arg(from)
                        .ignore()
                        .cmd("SADD")
                        .arg(k_user_ctx(user))
                        .arg(to)
                        .ignore()
                        .exec(con)?;
                }
                if next == 0 {
                    return Ok(());
                }
                cursor = next;
            }
        })
    }

    fn ping(&self) -> Result<(), StoreError> {
        self.run(|con| {
            let _pong: String = cmd("PING").query(con)?;
            Ok(())
        })
    }

    fn claim_update(&self, update_id: i64, lease_secs: u64, now: u64) -> Result<bool, StoreError> {
        let key = k_update(update_id);
        let lease_until = now.saturating_add(lease_secs);
        let keep = ex(lease_secs.saturating_add(UPDATE_RETENTION_SECS));
        self.run(|con| {
            let set: Option<String> = cmd("SET")
                .arg(&key)
                .arg(lease_until)
                .arg("NX")
                .arg("EX")
                .arg(keep)
                .query(con)?;
            if set.is_some() {
                return Ok(true);
            }
            let taken: i64 = eval(TAKE_OVER_UPDATE, &[&key])
                .arg(lease_until)
                .arg(now)
                .arg(keep)
                .query(con)?;
            Ok(taken == 1)
        })
    }

    fn finish_update(&self, update_id: i64) -> Result<(), StoreError> {
        self.run(|con| {
            cmd("SET")
                .arg(k_update(update_id))
                .arg("done")
                .arg("EX")
                .arg(UPDATE_RETENTION_SECS)
                .exec(con)?;
            Ok(())
        })
    }
}
