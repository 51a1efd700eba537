//! The Telegram front-end end to end: the real `devops_guide::telegram::run` (teloxide long
//! polling, the dispatcher, the handlers, the memory store, the `Throttle` adaptor with throttling
//! off) against an in-process fake Bot API on loopback HTTP. It measures
//!
//! 1. latency: 500 private messages one at a time, each in a fresh chat (the conversations of
//!    `support::DIALOGS`, so follow-ups are answered with their context), from the moment the
//!    update is queued in the fake to the moment the bot's `sendMessage` for that chat reaches the
//!    fake: median, p90, p99, max; then 200 more, each after 300 ms of idleness. The two differ
//!    because the bot always wraps its `Bot` in teloxide's `Throttle` adaptor (with raised limits
//!    when throttling is off), whose worker sleeps a fixed 250 ms after each round of releases: a
//!    reply requested during that sleep waits for its end, one requested while the worker is idle
//!    goes out at once;
//! 2. throughput: 10,000 updates across 1,000 private chats (10 messages each, which is exactly
//!    the bot's per-person flood limit), all queued at once, until every expected `sendMessage`
//!    has arrived: updates per second overall, and over the middle 80 % of the replies.
//!
//! Run: `cargo bench --bench telegram`.
//!
//! The fake is this file's own, not `tests/it/support/fake_bot_api.rs`: that one records every
//! call with its parsed request and response and can only be observed by cloning the whole log
//! (`calls()`) under the lock the server also takes, polled every 20 ms. Here the fake stamps
//! each `sendMessage` with an `Instant` when its request reaches the handler and wakes the bench
//! through a condition variable, so the figures measure the bot, not the observer. It speaks the
//! same protocol: `getMe` (with `has_main_web_app`, which teloxide 0.17 requires),
//! `getWebhookInfo`, `deleteWebhook`, `setMyCommands`, `sendMessage`, and `getUpdates` serving
//! the queued updates from `offset`, at most `limit` (teloxide asks for the default, 100) per
//! call, holding an empty poll open up to the request's `timeout` (5 s, as the bot asks) until an
//! update is pushed.

#[path = "support/mod.rs"]
mod support;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::routing::post;
use devops_guide::telegram::RunOptions;
use devops_guide::{Engine, Knowledge};
use serde_json::{Value, json};
use std::collections::{HashMap, VecDeque};
use std::pin::pin;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::sync::Notify;

const TOKEN: &str = "123456:BENCH-token-abcdefghijklmnopqrstuvwxyz";
const LATENCY_WARMUP: usize = 50;
const LATENCY_MESSAGES: usize = 500;
/// Messages sent each after [`IDLE_PAUSE`] of silence, when the `Throttle` worker (which the bot
/// always wraps its `Bot` in, throttling on or off) is blocked on an empty queue rather than in
/// its fixed 250 ms sleep between rounds.
const IDLE_MESSAGES: usize = 200;
const IDLE_PAUSE: Duration = Duration::from_millis(300);
const CHATS: i64 = 1_000;
const PER_CHAT: usize = 10;
/// Any one wait for the bot longer than this is a failure, not a figure.
const DEADLINE: Duration = Duration::from_secs(120);

// ---------------------------------------------------------------------------------------------
// The fake Bot API
// ---------------------------------------------------------------------------------------------

#[derive(Default)]
struct Inner {
    /// Queued updates not yet confirmed by an `offset`, by increasing `update_id`.
    updates: VecDeque<(i64, Value)>,
    next_update_id: i64,
    next_message_id: i64,
    /// `getUpdates` requests received.
    polls: u64,
    /// `getUpdates` answers that carried updates, and how many they carried.
    batches: u64,
    batched_updates: u64,
    /// When the last `getUpdates` that carried updates was answered.
    last_batch: Option<Instant>,
    /// When each `sendMessage` to a chat arrived, in order.
    replies: HashMap<i64, Vec<Instant>>,
    total_replies: usize,
    /// Replies that were the flood-control warning (there should be none).
    slow_downs: usize,
    /// The first reply text seen, for a sanity print.
    sample: Option<String>,
    /// Methods other than the expected ones, and `sendMessage` requests without a chat.
    unexpected: Vec<String>,
}

struct Shared {
    inner: Mutex<Inner>,
    /// Wakes held `getUpdates` polls when updates are pushed.
    pushed: Notify,
    /// Wakes the bench thread when a reply arrives.
    replied: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

struct Fake {
    _runtime: tokio::runtime::Runtime,
    url: String,
    shared: Arc<Shared>,
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

impl Fake {
    fn start() -> Result<Fake, Box<dyn std::error::Error>> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("fake-bot-api")
            .enable_all()
            .build()?;
        let shared = Arc::new(Shared {
            inner: Mutex::new(Inner {
                next_update_id: 10_000,
                next_message_id: 500,
                ..Inner::default()
            }),
            pushed: Notify::new(),
            replied: Condvar::new(),
        });
        let app = Router::new()
            .route("/{bot_token}/{method}", post(handle))
            .with_state(Arc::clone(&shared));
        let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
        let addr = listener.local_addr()?;
        runtime.spawn(async move {
            axum::serve(listener, app)
                .await
                .expect("the fake Bot API's server failed");
        });
        Ok(Fake {
            _runtime: runtime,
            url: format!("http://{addr}/"),
            shared,
        })
    }

    /// Queues a private text message from user `chat` (chat id = user id) for every
    /// `(chat, text)`, under one lock, and wakes the held polls. Returns when they were queued.
    fn push(&self, messages: &[(i64, &str)]) -> Instant {
        let now = unix_now();
        let at;
        {
            let mut inner = self.shared.lock();
            for &(chat, text) in messages {
                inner.next_message_id += 1;
                let update_id = inner.next_update_id;
                inner.next_update_id += 1;
                let update = json!({
                    "update_id": update_id,
                    "message": {
                        "message_id": inner.next_message_id,
                        "from": {
                            "id": chat,
                            "is_bot": false,
                            "first_name": "Bench",
                            "username": "bench_user",
                            "language_code": "en",
                        },
                        "chat": {"id": chat, "type": "private", "first_name": "Bench"},
                        "date": now,
                        "text": text,
                    }
                });
                inner.updates.push_back((update_id, update));
            }
            at = Instant::now();
        }
        self.shared.pushed.notify_waiters();
        at
    }

    /// Blocks until `done` holds for the fake's state; panics after [`DEADLINE`].
    fn wait_until(&self, what: &str, done: impl Fn(&Inner) -> bool) -> MutexGuard<'_, Inner> {
        let deadline = Instant::now() + DEADLINE;
        let mut inner = self.shared.lock();
        while !done(&inner) {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(!left.is_zero(), "timed out waiting for {what}");
            inner = self
                .shared
                .replied
                .wait_timeout(inner, left.min(Duration::from_millis(100)))
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        inner
    }

    /// Waits until no reply has arrived for `quiet`, and returns the total replies.
    fn settle(&self, quiet: Duration) -> usize {
        let mut last = self.shared.lock().total_replies;
        loop {
            std::thread::sleep(quiet);
            let now = self.shared.lock().total_replies;
            if now == last {
                return now;
            }
            last = now;
        }
    }
}

/// `POST /bot{token}/{method}`. teloxide capitalizes method names (`SendMessage`).
async fn handle(
    State(shared): State<Arc<Shared>>,
    Path((_token, method)): Path<(String, String)>,
    body: Bytes,
) -> axum::Json<Value> {
    let arrived = Instant::now();
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let ok = |result: Value| axum::Json(json!({"ok": true, "result": result}));
    let method = method.to_ascii_lowercase();
    match method.as_str() {
        "getupdates" => ok(get_updates(&shared, &body).await),
        "sendmessage" => {
            let text = body["text"].as_str().unwrap_or("").to_owned();
            let chat = body["chat_id"]
                .as_i64()
                .or_else(|| body["chat_id"].as_str().and_then(|s| s.parse().ok()));
            let message_id = {
                let mut inner = shared.lock();
                inner.next_message_id += 1;
                let Some(chat) = chat else {
                    inner
                        .unexpected
                        .push(format!("sendMessage without chat_id: {body}"));
                    return axum::Json(
                        json!({"ok": false, "error_code": 400, "description": "Bad Request: chat_id is empty"}),
                    );
                };
                inner.replies.entry(chat).or_default().push(arrived);
                inner.total_replies += 1;
                if text.contains("slow down") {
                    inner.slow_downs += 1;
                }
                if inner.sample.is_none() {
                    inner.sample = Some(text.clone());
                }
                inner.next_message_id
            };
            shared.replied.notify_all();
            ok(json!({
                "message_id": message_id,
                "from": {"id": 4242, "is_bot": true, "first_name": "DevOps Guide", "username": "DevopsGuideBenchBot"},
                "chat": {"id": chat, "type": "private", "first_name": "Bench"},
                "date": unix_now(),
                "text": text,
            }))
        }
        "getme" => ok(json!({
            "id": 4242,
            "is_bot": true,
            "first_name": "DevOps Guide",
            "username": "DevopsGuideBenchBot",
            "can_join_groups": true,
            "can_read_all_group_messages": false,
            "supports_inline_queries": true,
            "can_connect_to_business": false,
            "has_main_web_app": false,
        })),
        "getwebhookinfo" => ok(json!({
            "url": "",
            "has_custom_certificate": false,
            "pending_update_count": 0,
        })),
        "deletewebhook" | "setmycommands" => ok(json!(true)),
        // "compare salaries" sends the chart first (a multipart upload, then by file_id).
        "sendphoto" => {
            let message_id = {
                let mut inner = shared.lock();
                inner.next_message_id += 1;
                inner.next_message_id
            };
            let size = |id: &str, w: u32, h: u32| json!({"file_id": id, "file_unique_id": id, "width": w, "height": h, "file_size": 1000});
            ok(json!({
                "message_id": message_id,
                "from": {"id": 4242, "is_bot": true, "first_name": "DevOps Guide", "username": "DevopsGuideBenchBot"},
                "chat": {"id": 1, "type": "private", "first_name": "Bench"},
                "date": unix_now(),
                "photo": [size("bench-photo-thumb", 90, 84), size("bench-photo", 1000, 936)],
            }))
        }
        other => {
            shared.lock().unexpected.push(other.to_owned());
            ok(json!(true))
        }
    }
}

/// `getUpdates`: forgets the updates below `offset`, then returns up to `limit` pending ones,
/// holding the request up to its `timeout` (at most 5 s) while there are none.
async fn get_updates(shared: &Shared, body: &Value) -> Value {
    let offset = body["offset"].as_i64().unwrap_or(0);
    let limit = body["limit"]
        .as_u64()
        .map_or(100, |l| l.clamp(1, 100) as usize);
    let wait = Duration::from_secs(body["timeout"].as_u64().unwrap_or(0).min(5));
    let deadline = tokio::time::Instant::now() + wait;
    shared.lock().polls += 1;
    shared.replied.notify_all();
    loop {
        // Registered before looking at the queue, so a push in between is not missed.
        let mut pushed = pin!(shared.pushed.notified());
        pushed.as_mut().enable();
        {
            let mut inner = shared.lock();
            while inner.updates.front().is_some_and(|(id, _)| *id < offset) {
                inner.updates.pop_front();
            }
            if !inner.updates.is_empty() {
                let batch: Vec<Value> = inner
                    .updates
                    .iter()
                    .take(limit)
                    .map(|(_, u)| u.clone())
                    .collect();
                inner.batches += 1;
                inner.batched_updates += batch.len() as u64;
                inner.last_batch = Some(Instant::now());
                return Value::Array(batch);
            }
        }
        if wait.is_zero() || tokio::time::timeout_at(deadline, pushed).await.is_err() {
            return json!([]);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Figures
// ---------------------------------------------------------------------------------------------

/// Percentile `p` (0–100) of sorted durations, nearest rank.
fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The messages of the dialogs, flattened (42 of them).
fn flat_messages() -> Vec<&'static str> {
    support::DIALOGS
        .iter()
        .flat_map(|d| d.iter().copied())
        .collect()
}

/// The 10 messages chat number `n` sends in the throughput run: 10 consecutive messages of the
/// flattened dialogs, starting at `n % 42` (so there are 42 distinct scripts).
fn script(flat: &[&'static str], n: i64) -> Vec<&'static str> {
    let start = n as usize % flat.len();
    (0..PER_CHAT)
        .map(|i| flat[(start + i) % flat.len()])
        .collect()
}

/// Sends one message and waits for the first `sendMessage` to its (fresh) chat. Returns the time
/// from queueing the update to the arrival of the reply.
fn one_message(fake: &Fake, chat: i64, text: &str, seen: usize) -> Duration {
    let pushed = fake.push(&[(chat, text)]);
    let inner = fake.wait_until("a reply", |inner| {
        inner.replies.get(&chat).is_some_and(|r| r.len() > seen)
    });
    inner.replies[&chat][seen].saturating_duration_since(pushed)
}

/// Sends the dialogs one message at a time, each dialog in a chat of its own from `first_chat`
/// on, until `count` messages, pausing `pause` before each; returns the latencies.
fn latency_run(fake: &Fake, first_chat: i64, count: usize, pause: Duration) -> Vec<Duration> {
    let mut out = Vec::with_capacity(count);
    let mut chat = first_chat;
    'outer: loop {
        for dialog in support::DIALOGS {
            for text in dialog {
                if out.len() == count {
                    break 'outer;
                }
                std::thread::sleep(pause);
                let seen = fake.shared.lock().replies.get(&chat).map_or(0, Vec::len);
                out.push(one_message(fake, chat, text, seen));
            }
            chat += 1;
        }
    }
    // Let multi-message replies finish before the next phase.
    fake.settle(Duration::from_millis(200));
    out
}

/// Queues `PER_CHAT` messages for each of `chats` chats (numbered from `first_chat`), round by
/// round, one batch of `chats` updates per round. Returns when the first batch was queued.
fn burst(fake: &Fake, flat: &[&'static str], first_chat: i64, chats: i64) -> Instant {
    let scripts: Vec<Vec<&'static str>> = (0..chats).map(|n| script(flat, n)).collect();
    let mut started = None;
    for round in 0..PER_CHAT {
        let batch: Vec<(i64, &str)> = (first_chat..)
            .zip(&scripts)
            .map(|(chat, script)| (chat, script[round]))
            .collect();
        let at = fake.push(&batch);
        started.get_or_insert(at);
    }
    started.expect("at least one round")
}

fn report_latency(how: &str, mut latencies: Vec<Duration>) {
    latencies.sort();
    println!(
        "latency, update queued → sendMessage received, {} messages one at a time, {how}: median {:.3} ms, p90 {:.3} ms, p99 {:.3} ms, max {:.3} ms (min {:.3} ms)",
        latencies.len(),
        ms(percentile(&latencies, 50.0)),
        ms(percentile(&latencies, 90.0)),
        ms(percentile(&latencies, 99.0)),
        ms(*latencies.last().expect("latencies")),
        ms(latencies[0]),
    );
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let fake = Fake::start()?;
    let engine = Engine::new(Knowledge::embedded()?);
    let options = RunOptions {
        token: TOKEN.into(),
        api_url: Some(fake.url.clone()),
        throttle: false,
        context_ttl: 1800,
        store: devops_guide::storage::open("memory")?,
        ops: Default::default(),
    };
    // The bot runs on a runtime of its own until the process exits.
    std::thread::Builder::new()
        .name("bot".into())
        .spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .expect("cannot build the bot's runtime");
            if let Err(e) = runtime.block_on(devops_guide::telegram::run(engine, options)) {
                eprintln!("the bot stopped: {e}");
                std::process::exit(1);
            }
        })?;
    drop(fake.wait_until("the bot's first getUpdates", |inner| inner.polls > 0));
    println!("bot polling the fake at {}", fake.url);

    // 1. Latency, one message at a time. Chats 1.. (warm-up), then 1_000.. back to back, then
    // 10_000.. each after an idle pause longer than the `Throttle` worker's 250 ms tick.
    latency_run(&fake, 1, LATENCY_WARMUP, Duration::ZERO);
    let back_to_back = latency_run(&fake, 1_000, LATENCY_MESSAGES, Duration::ZERO);
    report_latency("back to back", back_to_back);
    let idle = latency_run(&fake, 10_000, IDLE_MESSAGES, IDLE_PAUSE);
    report_latency(
        &format!("each after {} ms idle", IDLE_PAUSE.as_millis()),
        idle,
    );

    // 2. Throughput. A calibration burst (also the warm-up) learns how many sendMessage each of
    // the 42 scripts produces; the timed burst then waits for exactly that many.
    let flat = flat_messages();
    let scripts = flat.len() as i64;
    let calibration_first = 100_000;
    let calibration_chats = scripts * 10;
    let before = fake.settle(Duration::from_millis(200));
    burst(&fake, &flat, calibration_first, calibration_chats);
    drop(fake.wait_until("the calibration replies", |inner| {
        inner.total_replies >= before + calibration_chats as usize * PER_CHAT
    }));
    fake.settle(Duration::from_millis(1_000));
    let mut per_script: Vec<Option<usize>> = vec![None; scripts as usize];
    {
        let inner = fake.shared.lock();
        for n in 0..calibration_chats {
            let got = inner
                .replies
                .get(&(calibration_first + n))
                .map_or(0, Vec::len);
            let slot = &mut per_script[(n % scripts) as usize];
            match slot {
                Some(expected) => assert_eq!(
                    *expected, got,
                    "chats with the same script got different numbers of replies"
                ),
                None => *slot = Some(got),
            }
        }
    }
    let per_script: Vec<usize> = per_script
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect();
    let expected: usize = (0..CHATS).map(|n| per_script[(n % scripts) as usize]).sum();

    let first = 200_000;
    let (polls0, batches0, batched0) = {
        let inner = fake.shared.lock();
        (inner.polls, inner.batches, inner.batched_updates)
    };
    let base = fake.shared.lock().total_replies;
    let started = burst(&fake, &flat, first, CHATS);
    let queued = started.elapsed();
    let inner = fake.wait_until("the throughput replies", |inner| {
        inner.total_replies >= base + expected
    });
    let mut arrivals: Vec<Instant> = (0..CHATS)
        .flat_map(|n| {
            inner
                .replies
                .get(&(first + n))
                .into_iter()
                .flatten()
                .copied()
        })
        .collect();
    arrivals.sort();
    let finished = *arrivals.last().expect("replies");
    let elapsed = finished.saturating_duration_since(started);
    let updates = CHATS as usize * PER_CHAT;
    let rate = updates as f64 / elapsed.as_secs_f64();
    // The middle 80 % of the replies, as a steady-state rate (replies ≈ updates: few are split).
    let lo = arrivals[arrivals.len() / 10];
    let hi = arrivals[arrivals.len() * 9 / 10];
    let middle = (arrivals.len() * 9 / 10 - arrivals.len() / 10) as f64;
    let steady = middle / hi.saturating_duration_since(lo).as_secs_f64();
    let first_reply = arrivals[0].saturating_duration_since(started);
    let polls = inner.polls - polls0;
    let batches = inner.batches - batches0;
    let batched = inner.batched_updates - batched0;
    println!(
        "throughput, {updates} updates in {CHATS} chats queued at once ({:.1} ms to queue): {} sendMessage in {:.3} s = {rate:.0} updates/s; middle 80 % of replies {steady:.0}/s; first reply after {:.2} ms",
        ms(queued),
        arrivals.len(),
        elapsed.as_secs_f64(),
        ms(first_reply),
    );
    let fetched = inner
        .last_batch
        .map_or(Duration::ZERO, |t| t.saturating_duration_since(started));
    println!(
        "  {polls} getUpdates, {batches} with updates, {:.1} updates per batch; the last batch served {:.3} s after the first push",
        batched as f64 / batches.max(1) as f64,
        fetched.as_secs_f64(),
    );
    println!(
        "  flood warnings: {}, unexpected calls: {:?}",
        inner.slow_downs, inner.unexpected
    );
    if let Some(sample) = &inner.sample {
        let cut: String = sample.chars().take(100).collect();
        println!("  a reply: {cut:?}…");
    }
    assert_eq!(inner.slow_downs, 0, "flood control answered some messages");
    Ok(())
}
