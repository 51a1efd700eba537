//! Review reminders: schedules in the store, claimed exactly once, stopped by a 403.
//!
//! - Through the real bot on SQLite: Alice marks a step and sets `/remind daily`; the bot is
//!   stopped; while it is down her reminder falls due (its time is moved into the past in the
//!   file, as time passing would); the restarted bot sends her review — a quiz poll about the
//!   step she has done — once, schedules the next one a day later, and a further restart sends
//!   nothing more.
//! - A review set in a group goes to the group and names its member.
//! - A 403 from Telegram (the bot was blocked) deletes that chat's reminders; another chat's
//!   stay.
//! - Library level, with a test clock: two schedulers on one Redis (two store handles, racing
//!   in two threads) fire a due reminder exactly once per occurrence.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use devops_guide::assistant::Assistant;
use devops_guide::core::quiz::{Quiz, QuizRng};
use devops_guide::reminders::{Clock, Scheduler};
use devops_guide::storage::{Cadence, RedisStore, Reminder, SqliteStore, Store, StudyStore};
use devops_guide::{Engine, Knowledge};
use serde_json::json;

use crate::support::bot::{STEP, exchange, polls_to, start_bot};
use crate::support::fake_bot_api::{ALICE, BOB, FakeBotApi};
use crate::support::stores::{RedisServer, TempDir};

/// How long the bot is given to (wrongly) do something before "it did nothing" is asserted.
const QUIET: Duration = Duration::from_millis(2500);

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs()
}

/// The roadmap steps the question of a `sendPoll` is about, by the generated quiz.
fn steps_of(question: &str) -> Vec<u8> {
    let quiz = Quiz::new(&Knowledge::embedded().expect("knowledge"));
    let steps: Vec<u8> = quiz
        .templates()
        .iter()
        .filter(|t| t.question == question)
        .flat_map(|t| t.steps.clone())
        .collect();
    assert!(!steps.is_empty(), "not a generated question: {question}");
    steps
}

/// Waits until `check` holds for the reminder of (`chat`, `user`) in the SQLite file.
fn wait_reminder(
    path: &std::path::Path,
    chat: i64,
    user: i64,
    check: impl Fn(Option<Reminder>) -> bool,
) {
    let deadline = Instant::now() + STEP;
    loop {
        let store = SqliteStore::open(path).expect("open");
        if check(store.reminder(chat, user).expect("reminder")) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the reminder did not change as expected"
        );
        thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_reminder_due_while_the_bot_was_down_fires_once_after_the_restart() {
    let dir = TempDir::new("reminder-restart");
    let path = dir.path().join("bot.sqlite3");
    let spec = format!("sqlite:{}", path.display());
    let fake = FakeBotApi::start();
    let me = ALICE.id;

    let bot = start_bot(&fake, &spec, &[]);
    exchange(
        &fake,
        fake.private_text(ALICE, "/done 3"),
        me,
        "1 of 7 steps done",
    );
    let set = exchange(
        &fake,
        fake.private_text(ALICE, "/remind daily 07:30 +02:00"),
        me,
        "Review reminder set: daily at 07:30 UTC+02:00",
    );
    assert!(set.succeeded());
    exchange(
        &fake,
        fake.private_text(ALICE, "/remind"),
        me,
        "daily at 07:30 UTC+02:00",
    );
    bot.stop();

    // While the bot is down, the reminder falls due.
    let due_at = now() - 3600;
    {
        let store = SqliteStore::open(&path).expect("open");
        let mut reminder = store.reminder(me, me).expect("read").expect("stored");
        assert!(reminder.next_at > now(), "first due in the future");
        reminder.next_at = due_at;
        store.put_reminder(&reminder).expect("write");
    }
    assert!(polls_to(&fake.calls(), me).is_empty());

    let bot = start_bot(&fake, &spec, &[]);
    let calls = fake.wait_for(|c| !polls_to(c, me).is_empty(), STEP);
    let poll = polls_to(&calls, me).remove(0);
    assert_eq!(poll.body["type"], "quiz");
    let question = poll.body["question"].as_str().expect("question");
    assert!(
        steps_of(question).contains(&3),
        "the review is about step 3, the one done: {question}"
    );
    // Scheduled again, a day after the missed time, in the future.
    wait_reminder(&path, me, me, |r| {
        r.is_some_and(|r| r.next_at > now() && (r.next_at - due_at).is_multiple_of(86_400))
    });
    thread::sleep(QUIET);
    assert_eq!(polls_to(&fake.calls(), me).len(), 1, "fired exactly once");
    bot.stop();

    let _bot = start_bot(&fake, &spec, &[]);
    thread::sleep(QUIET);
    assert_eq!(
        polls_to(&fake.calls(), me).len(),
        1,
        "not again after another restart"
    );
    exchange(
        &fake,
        fake.private_text(ALICE, "/remind off"),
        me,
        "Review reminders stopped",
    );
    wait_reminder(&path, me, me, |r| r.is_none());
}

#[test]
fn a_403_stops_the_reminders_of_that_chat() {
    let dir = TempDir::new("reminder-403");
    let path = dir.path().join("bot.sqlite3");
    let spec = format!("sqlite:{}", path.display());
    {
        let store = SqliteStore::open(&path).expect("open");
        for user in [ALICE, BOB] {
            store
                .set_step(user.id, user.id, user.first_name, 2, true)
                .expect("step");
        }
        // Alice's is due now; Bob's tomorrow.
        for (user, next_at) in [(ALICE.id, now() - 60), (BOB.id, now() + 86_400)] {
            store
                .put_reminder(&Reminder {
                    chat: user,
                    user,
                    cadence: Cadence::Weekly,
                    hour: 8,
                    minute: 0,
                    utc_offset_minutes: 0,
                    next_at,
                })
                .expect("reminder");
        }
    }
    let fake = FakeBotApi::start();
    // Alice blocked the bot.
    fake.script(
        "sendPoll",
        403,
        json!({"ok": false, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}),
    );
    let bot = start_bot(&fake, &spec, &[]);
    fake.wait_for(
        |c| c.iter().any(|c| c.method == "sendPoll" && c.status == 403),
        STEP,
    );
    wait_reminder(&path, ALICE.id, ALICE.id, |r| r.is_none());
    let store = SqliteStore::open(&path).expect("open");
    assert!(
        store.reminder(BOB.id, BOB.id).expect("read").is_some(),
        "another chat keeps its reminder"
    );
    thread::sleep(QUIET);
    let attempts = fake
        .calls()
        .iter()
        .filter(|c| c.method == "sendPoll")
        .count();
    assert_eq!(attempts, 1, "no retry to a chat that blocked the bot");
    assert!(
        bot.stderr().contains("review reminders are stopped"),
        "{}",
        bot.stderr()
    );
}

/// A clock the test moves by hand.
struct TestClock(AtomicU64);

impl Clock for TestClock {
    fn now(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
}

#[test]
fn two_schedulers_on_one_redis_fire_a_reminder_exactly_once() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    let clock = Arc::new(TestClock(AtomicU64::new(1_000_000)));
    let scheduler = || {
        let store: Arc<dyn Store> = Arc::new(RedisStore::open(&server.url()).expect("redis"));
        let engine = Engine::new(Knowledge::embedded().expect("knowledge"));
        let assistant = Arc::new(Assistant::new(engine, store, 600));
        Arc::new(Scheduler::new(assistant, clock.clone()))
    };
    let (a, b) = (scheduler(), scheduler());
    let store = RedisStore::open(&server.url()).expect("redis");
    let (chat, user) = (-100_777, 4242_i64);
    store.set_step(chat, user, "Ann", 4, true).expect("step");
    store
        .record_miss(chat, user, "step:tool:jenkins")
        .expect("miss");
    let reminder = a
        .schedule(chat, user, Cadence::Daily, 10, 0, 120)
        .expect("schedule");
    assert!(reminder.next_at > 1_000_000);

    let race = |a: &Arc<Scheduler>, b: &Arc<Scheduler>| -> usize {
        let handles: Vec<_> = [a.clone(), b.clone()]
            .into_iter()
            .enumerate()
            .map(|(n, s)| {
                thread::spawn(move || {
                    let mut rng = QuizRng::new(n as u64);
                    let reviews = s.claim_due(&mut rng).expect("claim");
                    let quiz = Quiz::new(&Knowledge::embedded().expect("knowledge"));
                    for r in &reviews {
                        let q = r.question.as_ref().expect("a question about step 4");
                        let steps = &quiz.template(&q.key).expect("a generated question").steps;
                        assert!(steps.contains(&4), "{} is not about step 4", q.key);
                    }
                    reviews.len()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("thread")).sum()
    };

    clock.0.store(reminder.next_at - 1, Ordering::SeqCst);
    assert_eq!(race(&a, &b), 0, "not due yet");
    clock.0.store(reminder.next_at, Ordering::SeqCst);
    assert_eq!(race(&a, &b), 1, "due: exactly one of the two sends it");
    assert_eq!(race(&a, &b), 0, "and only once");
    // The next day, once more; days missed by both are skipped, not replayed.
    clock.0.store(reminder.next_at + 86_400, Ordering::SeqCst);
    assert_eq!(race(&a, &b), 1);
    clock
        .0
        .store(reminder.next_at + 5 * 86_400 + 10, Ordering::SeqCst);
    assert_eq!(race(&a, &b), 1);
    assert_eq!(race(&a, &b), 0);
    assert_eq!(
        store.reminder(chat, user).expect("read").map(|r| r.next_at),
        Some(reminder.next_at + 6 * 86_400)
    );
}

/// A review set in a group goes to the group, naming whose review it is, and is about the
/// steps that member marked done there.
#[test]
fn a_group_review_names_its_member() {
    let dir = TempDir::new("reminder-group");
    let path = dir.path().join("bot.sqlite3");
    let spec = format!("sqlite:{}", path.display());
    let group = -100_888;
    {
        let store = SqliteStore::open(&path).expect("open");
        store.set_step(group, BOB.id, "Bob", 5, true).expect("step");
        store
            .put_reminder(&Reminder {
                chat: group,
                user: BOB.id,
                cadence: Cadence::Daily,
                hour: 8,
                minute: 0,
                utc_offset_minutes: 60,
                next_at: now() - 5,
            })
            .expect("reminder");
    }
    let fake = FakeBotApi::start();
    let _bot = start_bot(&fake, &spec, &[]);
    let calls = fake.wait_for(|c| !polls_to(c, group).is_empty(), STEP);
    let poll = polls_to(&calls, group).remove(0);
    let question = poll.body["question"].as_str().expect("question");
    let asked = question
        .strip_prefix("Review for Bob: ")
        .unwrap_or_else(|| panic!("the review does not name Bob: {question}"));
    assert!(steps_of(asked).contains(&5), "about step 5: {question}");
    assert_eq!(poll.body["is_anonymous"], false);
}
