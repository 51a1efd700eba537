//! Latency of the store's operations on SQLite (a file in a temporary directory) and on Redis
//! (a `redis-server` this bench starts on a free loopback port), as a histogram: every
//! operation is timed with `Instant`, and the bench prints count, median, p90, p99, p99.9 and
//! max in microseconds, and the share of operations in each latency bucket. The target
//! (issue 5) is p99 under 1 ms for both.
//!
//! Run: `cargo bench --bench store` (`STORE_BENCH_OPS=n` changes the 10,000 operations timed per
//! kind). Without `redis-server` on PATH the Redis half is skipped with a note.
//!
//! Operations, each on a store already holding a cohort of 30 members with progress, scores and
//! contexts: `get_context` (a live one), `put_context`, `set_step` (toggling a step), `board`
//! (30 members), `record_answer` (a new member answering a stored poll), `due_reminders` (200
//! scheduled, none due) and `advance_reminder` (a claim that wins).

use devops_guide::Intent;
use devops_guide::core::context::{Context, ConversationId};
use devops_guide::storage::{Cadence, PollRecord, RedisStore, Reminder, SqliteStore, Store};
use std::hint::black_box;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const GROUP: i64 = -1_001_234_567_890;
const MEMBERS: i64 = 30;

/// Percentile `p` (0–100) of sorted nanoseconds, nearest rank.
fn percentile(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn us(ns: u64) -> String {
    format!("{:.1}", ns as f64 / 1000.0)
}

/// Bucket upper bounds, in microseconds.
const BUCKETS: [u64; 7] = [50, 100, 250, 500, 1000, 2000, u64::MAX];

fn report(backend: &str, op: &str, mut samples: Vec<u64>) {
    samples.sort_unstable();
    let mut counts = [0usize; BUCKETS.len()];
    for &ns in &samples {
        let i = BUCKETS
            .iter()
            .position(|&b| ns <= b.saturating_mul(1000))
            .unwrap_or(BUCKETS.len() - 1);
        counts[i] += 1;
    }
    let share: Vec<String> = counts
        .iter()
        .map(|&c| format!("{:5.1}%", 100.0 * c as f64 / samples.len().max(1) as f64))
        .collect();
    let p99 = percentile(&samples, 99.0);
    println!(
        "| {backend} | {op} | {} | {} | {} | {} | {} | {} | {} | {} |",
        samples.len(),
        us(percentile(&samples, 50.0)),
        us(percentile(&samples, 90.0)),
        us(p99),
        us(percentile(&samples, 99.9)),
        us(*samples.last().unwrap_or(&0)),
        share.join(" "),
        if p99 < 1_000_000 { "yes" } else { "**no**" }
    );
}

fn timed(n: usize, mut op: impl FnMut(usize)) -> Vec<u64> {
    // Untimed warm-up: caches, prepared statements, pooled connections.
    for i in 0..n.min(200) {
        op(i);
    }
    (0..n)
        .map(|i| {
            let start = Instant::now();
            op(i);
            start.elapsed().as_nanos() as u64
        })
        .collect()
}

fn ctx(at: u64) -> Context {
    Context {
        last: Intent::Roadmap,
        earlier: Some(Intent::Skills),
        at,
        place: Some("uk".to_string()),
    }
}

fn run(backend: &str, store: &dyn Store, n: usize) {
    // The cohort.
    for user in 1..=MEMBERS {
        for step in 1..=(user % 7 + 1) as u8 {
            store
                .set_step(GROUP, user, &format!("Member {user}"), step, true)
                .expect("set_step");
        }
        store
            .put_context(ConversationId { chat: GROUP, user }, &ctx(1_000), 3_600)
            .expect("put_context");
    }
    let poll = PollRecord {
        chat: GROUP,
        correct_option: 1,
        question_key: "cert:kubernetes".into(),
        created_at: 1_000,
    };
    store.put_poll("bench-poll", &poll).expect("put_poll");
    for n in 0..200 {
        store
            .put_reminder(&Reminder {
                chat: 10_000 + n,
                user: 10_000 + n,
                cadence: Cadence::Daily,
                hour: 9,
                minute: 0,
                utc_offset_minutes: 0,
                next_at: 2_000_000 + n as u64,
            })
            .expect("put_reminder");
    }

    let id = ConversationId {
        chat: GROUP,
        user: 1,
    };
    report(
        backend,
        "get_context",
        timed(n, |_| {
            black_box(store.get_context(id, 1_000).expect("get"));
        }),
    );
    report(
        backend,
        "put_context",
        timed(n, |i| {
            store
                .put_context(id, &ctx(1_000 + i as u64), 3_600)
                .expect("put");
        }),
    );
    report(
        backend,
        "set_step",
        timed(n, |i| {
            store
                .set_step(GROUP, 2, "Member 2", 5, i % 2 == 0)
                .expect("set_step");
        }),
    );
    report(
        backend,
        "board (30 members)",
        timed(n, |_| {
            black_box(store.board(GROUP).expect("board"));
        }),
    );
    report(
        backend,
        "record_answer",
        timed(n, |i| {
            black_box(
                store
                    .record_answer("bench-poll", 1_000_000 + i as i64, "Answerer", i % 3 == 0)
                    .expect("record_answer"),
            );
        }),
    );
    report(
        backend,
        "due_reminders (none due)",
        timed(n, |_| {
            black_box(store.due_reminders(1_000_000, 50).expect("due"));
        }),
    );
    store
        .put_reminder(&Reminder {
            chat: 77,
            user: 77,
            cadence: Cadence::Daily,
            hour: 9,
            minute: 0,
            utc_offset_minutes: 0,
            next_at: 0,
        })
        .expect("put_reminder");
    let mut at = 0u64;
    report(
        backend,
        "advance_reminder (wins)",
        timed(n, |_| {
            assert!(store.advance_reminder(77, 77, at, at + 1).expect("advance"));
            at += 1;
        }),
    );
}

/// A temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(what: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!(
            "devops-guide-bench-{what}-{}-{}",
            std::process::id(),
            Instant::now().elapsed().as_nanos()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temporary directory");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A `redis-server` on a free loopback port, nothing on disk; killed on drop.
struct Redis(Child, u16);

impl Redis {
    fn start(dir: &TempDir) -> Option<Redis> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .ok()?
            .port();
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .arg("--dir")
            .arg(&dir.0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let redis = Redis(child, port);
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Some(redis)
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn main() {
    // `cargo bench` passes `--bench`; anything else (a filter) is ignored here.
    let n: usize = std::env::var("STORE_BENCH_OPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    println!("store operation latency, {n} timed operations each (µs)\n");
    println!(
        "| backend | operation | count | median | p90 | p99 | p99.9 | max | ≤50 ≤100 ≤250 ≤500 ≤1000 ≤2000 >2000 µs | p99 < 1 ms |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");

    let dir = TempDir::new("sqlite");
    let sqlite = SqliteStore::open(dir.0.join("bench.sqlite3")).expect("open sqlite");
    run("sqlite", &sqlite, n);
    drop(sqlite);

    let redis_dir = TempDir::new("redis");
    match Redis::start(&redis_dir) {
        Some(server) => {
            let store =
                RedisStore::open(&format!("redis://127.0.0.1:{}/", server.1)).expect("open redis");
            run("redis", &store, n);
        }
        None => println!(
            "\nNOTE: redis-server is not installed (or did not start): the Redis half was skipped \
             (apt-get install redis-server)."
        ),
    }
}
