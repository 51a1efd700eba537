//! The store's contract, one suite run against every backend: memory, SQLite on a temporary file
//! and Redis on a real `redis-server` this test starts on a free loopback port.
//!
//! The checks are the functions of [`contract`], each taking `&dyn Store` (and, where it must
//! look under the API, a dump of everything the backend holds). [`contract_tests!`] turns each
//! into one `#[test]` per backend, so a failure names both the check and the backend.
//!
//! Without `redis-server` on PATH the Redis tests print a loud `SKIPPED` and pass — except under
//! CI (`CI=true`), where they fail: `.ci/run` installs Debian's `redis-server`.
//!
//! The server, the temporary directories and the dumps are in `support::stores`, shared with the
//! `cohort` tests.

use crate::support::stores::{RedisServer, TempDir, dump_redis, dump_sqlite};
use devops_guide::Intent;
use devops_guide::core::context::{Context, ConversationId};
use devops_guide::storage::{
    self, Cadence, ChatSettings, MemberProgress, MemoryStore, PollRecord, REDIS_PREFIX, RedisStore,
    Reminder, Score, SeriesRecord, SqliteStore, Store, StoreError, StudyStore,
};
use std::path::PathBuf;
use std::sync::Arc;
use std::thread;

// ---------------------------------------------------------------------------------------------
// The backends under test.

/// One backend, ready for a check: a store, a second handle on the same data, and a dump of
/// every row or key it holds (as text) for the privacy checks.
struct Backend {
    store: Arc<dyn Store>,
    second: Arc<dyn Store>,
    dump: Box<dyn Fn() -> String>,
    /// Keeps the temporary file or the server alive for the test.
    _guard: Box<dyn std::any::Any>,
}

fn memory() -> Option<Backend> {
    let mem = Arc::new(MemoryStore::new());
    let store: Arc<dyn Store> = mem.clone();
    Some(Backend {
        second: store.clone(),
        store,
        dump: Box::new(move || format!("{mem:?}")),
        _guard: Box::new(()),
    })
}

fn sqlite() -> Option<Backend> {
    let dir = TempDir::new("sqlite");
    let path = dir.path().join("nested").join("store.sqlite3");
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&path).expect("open sqlite"));
    let second: Arc<dyn Store> = Arc::new(SqliteStore::open(&path).expect("open sqlite twice"));
    Some(Backend {
        store,
        second,
        dump: Box::new(move || dump_sqlite(&path)),
        _guard: Box::new(dir),
    })
}

fn redis() -> Option<Backend> {
    let server = RedisServer::start()?;
    let url = server.url();
    let store: Arc<dyn Store> = Arc::new(RedisStore::open(&url).expect("open redis"));
    let second: Arc<dyn Store> = Arc::new(RedisStore::open(&url).expect("open redis twice"));
    Some(Backend {
        store,
        second,
        dump: Box::new(move || dump_redis(&url)),
        _guard: Box::new(server),
    })
}

/// One `#[test]` per (backend, check).
macro_rules! contract_tests {
    ($($backend:ident),*) => {$(
        mod $backend {
            use super::*;

            fn backend() -> Option<Backend> {
                super::$backend()
            }

            #[test]
            fn ping() {
                let Some(b) = backend() else { return };
                b.store.ping().expect("ping");
            }

            #[test]
            fn context_round_trip_and_expiry() {
                let Some(b) = backend() else { return };
                contract::context_round_trip_and_expiry(&*b.store);
            }

            #[test]
            fn progress_set_unset_and_board_order() {
                let Some(b) = backend() else { return };
                contract::progress_set_unset_and_board_order(&*b.store);
            }

            #[test]
            fn polls_idempotent_answers_and_score_order() {
                let Some(b) = backend() else { return };
                contract::polls_idempotent_answers_and_score_order(&*b.store);
            }

            #[test]
            fn forget_user_everywhere_leaves_no_trace() {
                let Some(b) = backend() else { return };
                contract::forget_user_everywhere_leaves_no_trace(&*b.store, &*b.dump);
            }

            #[test]
            fn forget_user_in_one_chat_keeps_the_others() {
                let Some(b) = backend() else { return };
                contract::forget_user_in_one_chat_keeps_the_others(&*b.store);
            }

            #[test]
            fn migrate_chat_keeps_the_board() {
                let Some(b) = backend() else { return };
                contract::migrate_chat_keeps_the_board(&*b.store, &*b.dump);
            }

            #[test]
            fn claim_update_semantics() {
                let Some(b) = backend() else { return };
                contract::claim_update_semantics(&*b.store);
            }

            #[test]
            fn two_handles_see_each_others_writes() {
                let Some(b) = backend() else { return };
                contract::two_handles_see_each_others_writes(&*b.store, &*b.second);
            }

            #[test]
            fn chat_settings_default_on_and_persist() {
                let Some(b) = backend() else { return };
                contract::chat_settings_default_on_and_persist(&*b.store, &*b.second);
            }

            #[test]
            fn misses_count_per_question_and_member() {
                let Some(b) = backend() else { return };
                contract::misses_count_per_question_and_member(&*b.store);
            }

            #[test]
            fn reminders_due_in_order_and_removed() {
                let Some(b) = backend() else { return };
                contract::reminders_due_in_order_and_removed(&*b.store, &*b.second);
            }

            #[test]
            fn concurrent_reminder_claims_have_one_winner() {
                let Some(b) = backend() else { return };
                contract::concurrent_reminder_claims_have_one_winner(&b.store, &b.second);
            }

            #[test]
            fn study_data_moves_with_a_migration() {
                let Some(b) = backend() else { return };
                contract::study_data_moves_with_a_migration(&*b.store);
            }

            #[test]
            fn a_series_runs_once_per_chat_until_stopped_ended_or_expired() {
                let Some(b) = backend() else { return };
                contract::a_series_runs_once_per_chat_until_stopped_ended_or_expired(
                    &*b.store, &*b.second,
                );
            }

            #[test]
            fn concurrent_series_starts_have_one_winner() {
                let Some(b) = backend() else { return };
                contract::concurrent_series_starts_have_one_winner(&b.store, &b.second);
            }

            #[test]
            fn concurrent_claims_have_one_winner() {
                let Some(b) = backend() else { return };
                contract::concurrent_claims_have_one_winner(&b.store, &b.second);
            }
        }
    )*};
}

contract_tests!(memory, sqlite, redis);

// ---------------------------------------------------------------------------------------------
// The contract.

mod contract {
    use super::*;

    /// A user id and name that appear nowhere else in the fixtures, so a dump can be searched
    /// for them.
    pub const SECRET_USER: i64 = 987_654_321;
    pub const SECRET_NAME: &str = "Zebulon Quartz";

    pub fn ctx(last: Intent, at: u64) -> Context {
        Context {
            last,
            earlier: Some(Intent::Roadmap),
            at,
            place: Some("india".to_string()),
        }
    }

    fn id(chat: i64, user: i64) -> ConversationId {
        ConversationId { chat, user }
    }

    fn poll(chat: i64, created_at: u64) -> PollRecord {
        PollRecord {
            chat,
            correct_option: 2,
            question_key: "cert_for:kubernetes".into(),
            created_at,
        }
    }

    fn reminder(chat: i64, user: i64, next_at: u64) -> Reminder {
        Reminder {
            chat,
            user,
            cadence: Cadence::Daily,
            hour: 9,
            minute: 30,
            utc_offset_minutes: 120,
            next_at,
        }
    }

    fn names(board: &[MemberProgress]) -> Vec<(&str, Vec<u8>)> {
        board
            .iter()
            .map(|m| (m.name.as_str(), m.steps.clone()))
            .collect()
    }

    fn table(scores: &[Score]) -> Vec<(&str, u32, u32)> {
        scores
            .iter()
            .map(|s| (s.name.as_str(), s.correct, s.answered))
            .collect()
    }

    pub fn context_round_trip_and_expiry(s: &dyn Store) {
        // Given a context stored at t=1000 for 60 s
        let first = ctx(Intent::CertInfo("cka".into()), 1000);
        s.put_context(id(-100, 7), &first, 60).expect("put");
        // Then it is live up to and including t=1060, and gone after
        assert_eq!(
            s.get_context(id(-100, 7), 1000).expect("get"),
            Some(first.clone())
        );
        assert_eq!(s.get_context(id(-100, 7), 1060).expect("get"), Some(first));
        assert_eq!(s.get_context(id(-100, 7), 1061).expect("get"), None);
        // Every member of a group has their own; a private chat is another conversation
        assert_eq!(s.get_context(id(-100, 8), 1000).expect("get"), None);
        assert_eq!(s.get_context(id(7, 7), 1000).expect("get"), None);

        // A newer context replaces the old one, with its own expiry
        let salary = ctx(
            Intent::Salary {
                country: "india".into(),
                focus: devops_guide::core::engine::Focus::Base,
            },
            2000,
        );
        s.put_context(id(-100, 7), &salary, 600).expect("put");
        assert_eq!(s.get_context(id(-100, 7), 2599).expect("get"), Some(salary));
        s.remove_context(id(-100, 7)).expect("remove");
        assert_eq!(s.get_context(id(-100, 7), 2000).expect("get"), None);
        // Removing what is not there is fine
        s.remove_context(id(-100, 7)).expect("remove twice");
    }

    pub fn progress_set_unset_and_board_order(s: &dyn Store) {
        let chat = -200;
        s.set_step(chat, 1, "Ann", 2, true).expect("set");
        s.set_step(chat, 1, "Ann", 1, true).expect("set");
        s.set_step(chat, 1, "Ann", 2, true).expect("set twice");
        s.set_step(chat, 2, "Bob", 1, true).expect("set");
        s.set_step(chat, 2, "Bob", 3, true).expect("set");
        s.set_step(chat, 2, "Bob", 3, false).expect("unset");
        s.set_step(chat, 2, "Bob", 6, false)
            .expect("unset what is not set");
        s.set_step(chat, 3, "Cy", 4, true).expect("set");
        // Names are kept raw: escaping is the renderer's job
        s.set_step(chat, 4, "<b>Eve & Co</b>", 7, true)
            .expect("set");
        s.set_step(chat, 5, "Dan", 5, true).expect("set");
        s.set_step(chat, 5, "Dan", 5, false)
            .expect("unset the only step");

        assert_eq!(s.progress(chat, 1).expect("progress"), [1, 2]);
        assert_eq!(s.progress(chat, 2).expect("progress"), [1]);
        assert_eq!(s.progress(chat, 5).expect("progress"), Vec::<u8>::new());
        assert_eq!(s.progress(chat, 99).expect("progress"), Vec::<u8>::new());
        assert_eq!(s.progress(-201, 1).expect("other chat"), Vec::<u8>::new());

        // Most advanced first, ties by name; nobody without a step
        let board = s.board(chat).expect("board");
        assert_eq!(
            names(&board),
            [
                ("Ann", vec![1, 2]),
                ("<b>Eve & Co</b>", vec![7]),
                ("Bob", vec![1]),
                ("Cy", vec![4]),
            ]
        );
        assert_eq!(board[0].user, 1);

        // The latest display name is shown
        s.set_step(chat, 2, "Bobby", 5, true).expect("set");
        assert_eq!(
            names(&s.board(chat).expect("board"))[..2],
            [("Ann", vec![1, 2]), ("Bobby", vec![1, 5])]
        );

        // A reset clears the board of that chat only, and keeps the scores
        s.set_step(-201, 1, "Ann", 1, true).expect("set");
        s.put_poll("reset-poll", &poll(chat, 10)).expect("poll");
        assert!(
            s.record_answer("reset-poll", 1, "Ann", true)
                .expect("answer")
        );
        s.reset_board(chat).expect("reset");
        assert!(s.board(chat).expect("board").is_empty());
        assert_eq!(s.progress(chat, 1).expect("progress"), Vec::<u8>::new());
        assert_eq!(names(&s.board(-201).expect("board")), [("Ann", vec![1])]);
        assert_eq!(table(&s.scores(chat).expect("scores")), [("Ann", 1, 1)]);
    }

    pub fn polls_idempotent_answers_and_score_order(s: &dyn Store) {
        let chat = -300;
        let p1 = poll(chat, 1000);
        s.put_poll("p1", &p1).expect("put poll");
        assert_eq!(s.get_poll("p1").expect("get poll"), Some(p1));
        assert_eq!(s.get_poll("unknown").expect("get poll"), None);

        assert!(s.record_answer("p1", 1, "Ann", true).expect("answer"));
        // A retried or repeated answer is counted once, whatever it says
        assert!(!s.record_answer("p1", 1, "Ann", true).expect("again"));
        assert!(!s.record_answer("p1", 1, "Ann", false).expect("changed"));
        assert!(s.record_answer("p1", 2, "Bob", false).expect("answer"));
        // An answer to an unknown poll is not counted
        assert!(!s.record_answer("unknown", 1, "Ann", true).expect("unknown"));

        s.put_poll("p2", &poll(chat, 1100)).expect("put poll");
        s.put_poll("p3", &poll(chat, 1200)).expect("put poll");
        assert!(s.record_answer("p2", 1, "Ann", false).expect("answer"));
        assert!(s.record_answer("p2", 2, "Bob", true).expect("answer"));
        assert!(s.record_answer("p2", 3, "Cy", true).expect("answer"));
        assert!(s.record_answer("p3", 3, "Cy", true).expect("answer"));
        assert!(s.record_answer("p3", 4, "Dee", true).expect("answer"));

        // Most correct first, then fewest answered, then by name
        assert_eq!(
            table(&s.scores(chat).expect("scores")),
            [("Cy", 2, 2), ("Dee", 1, 1), ("Ann", 1, 2), ("Bob", 1, 2)]
        );
        assert!(s.scores(-301).expect("other chat").is_empty());
    }

    /// Fills two chats (a group and the user's private chat) with everything a user can leave.
    fn leave_traces(s: &dyn Store, group: i64) {
        let u = SECRET_USER;
        s.put_context(id(group, u), &ctx(Intent::Skills, 100), 3600)
            .expect("put");
        s.put_context(id(u, u), &ctx(Intent::Tools, 100), 3600)
            .expect("put");
        s.set_step(group, u, SECRET_NAME, 1, true).expect("set");
        s.set_step(u, u, SECRET_NAME, 2, true).expect("set");
        s.put_poll("quiz-group", &poll(group, 100)).expect("poll");
        s.put_poll("quiz-private", &poll(u, 100)).expect("poll");
        assert!(
            s.record_answer("quiz-group", u, SECRET_NAME, true)
                .expect("answer")
        );
        assert!(
            s.record_answer("quiz-private", u, SECRET_NAME, false)
                .expect("answer")
        );
        s.record_miss(group, u, "step:next:1").expect("miss");
        s.record_miss(u, u, "cert:kubernetes").expect("miss");
        s.put_reminder(&reminder(group, u, 5000)).expect("reminder");
        s.put_reminder(&reminder(u, u, 5000)).expect("reminder");
        // Another member, who must keep everything
        s.put_context(id(group, 5), &ctx(Intent::Skills, 100), 3600)
            .expect("put");
        s.set_step(group, 5, "Ann", 1, true).expect("set");
        assert!(
            s.record_answer("quiz-group", 5, "Ann", false)
                .expect("answer")
        );
    }

    pub fn forget_user_everywhere_leaves_no_trace(s: &dyn Store, dump: &dyn Fn() -> String) {
        let group = -1_002_003_004_005;
        leave_traces(s, group);
        let before = dump();
        assert!(
            before.contains(&SECRET_USER.to_string()) && before.contains(SECRET_NAME),
            "the dump does not show the user's data, so it cannot show its absence:\n{before}"
        );

        s.forget_user(SECRET_USER, None).expect("forget");

        let after = dump();
        for trace in [SECRET_USER.to_string().as_str(), SECRET_NAME, "Zebulon"] {
            assert!(
                !after.contains(trace),
                "{trace:?} is still stored after forget_user:\n{after}"
            );
        }
        let u = SECRET_USER;
        assert_eq!(s.get_context(id(group, u), 100).expect("get"), None);
        assert_eq!(s.get_context(id(u, u), 100).expect("get"), None);
        assert_eq!(s.progress(u, u).expect("progress"), Vec::<u8>::new());
        assert_eq!(s.reminder(group, u).expect("reminder"), None);
        assert_eq!(s.reminder(u, u).expect("reminder"), None);
        assert!(s.misses(group, u).expect("misses").is_empty());
        assert!(s.due_reminders(u64::MAX / 2, 10).expect("due").is_empty());
        // The other member keeps everything; the poll itself (no user in it) stays
        assert_eq!(names(&s.board(group).expect("board")), [("Ann", vec![1])]);
        assert_eq!(table(&s.scores(group).expect("scores")), [("Ann", 0, 1)]);
        assert!(s.get_context(id(group, 5), 100).expect("get").is_some());
        assert!(s.get_poll("quiz-group").expect("poll").is_some());
        // A poll sent to the user's private chat is the user's data
        assert_eq!(s.get_poll("quiz-private").expect("poll"), None);
        // The answers were forgotten too: answering again counts again
        assert!(s.record_answer("quiz-group", u, "Z", true).expect("answer"));
        assert!(
            !s.record_answer("quiz-group", 5, "Ann", true)
                .expect("answer")
        );
    }

    pub fn forget_user_in_one_chat_keeps_the_others(s: &dyn Store) {
        let group = -1_002_003_004_006;
        let u = SECRET_USER;
        leave_traces(s, group);

        s.forget_user(u, Some(group)).expect("forget in the group");

        // Gone from the group
        assert_eq!(s.get_context(id(group, u), 100).expect("get"), None);
        assert_eq!(names(&s.board(group).expect("board")), [("Ann", vec![1])]);
        assert_eq!(table(&s.scores(group).expect("scores")), [("Ann", 0, 1)]);
        // Kept in the private chat
        assert!(s.get_context(id(u, u), 100).expect("get").is_some());
        assert_eq!(s.progress(u, u).expect("progress"), [2]);
        assert_eq!(table(&s.scores(u).expect("scores")), [(SECRET_NAME, 0, 1)]);
        // The group's answer was forgotten, the private one was not
        assert!(s.record_answer("quiz-group", u, "Z", true).expect("answer"));
        assert!(
            !s.record_answer("quiz-private", u, "Z", true)
                .expect("answer")
        );
    }

    pub fn migrate_chat_keeps_the_board(s: &dyn Store, dump: &dyn Fn() -> String) {
        let (from, to) = (-400, -1_000_000_000_400);
        s.set_step(from, 1, "Ann", 1, true).expect("set");
        s.set_step(from, 1, "Ann", 2, true).expect("set");
        s.set_step(from, 2, "Bob", 3, true).expect("set");
        s.put_poll("old-quiz", &poll(from, 100)).expect("poll");
        assert!(s.record_answer("old-quiz", 1, "Ann", true).expect("answer"));
        assert!(
            s.record_answer("old-quiz", 2, "Bob", false)
                .expect("answer")
        );
        s.put_context(id(from, 1), &ctx(Intent::Skills, 100), 3600)
            .expect("put");
        // Bob already wrote in the supergroup before the migration was seen
        s.set_step(to, 2, "Bob", 4, true).expect("set");
        s.put_poll("new-quiz", &poll(to, 100)).expect("poll");
        assert!(s.record_answer("new-quiz", 2, "Bob", true).expect("answer"));

        s.migrate_chat(from, to).expect("migrate");

        assert_eq!(
            names(&s.board(to).expect("board")),
            [("Ann", vec![1, 2]), ("Bob", vec![3, 4])]
        );
        assert!(s.board(from).expect("board").is_empty());
        assert_eq!(
            table(&s.scores(to).expect("scores")),
            [("Ann", 1, 1), ("Bob", 1, 2)]
        );
        assert!(s.scores(from).expect("scores").is_empty());
        assert!(s.get_context(id(to, 1), 100).expect("get").is_some());
        assert_eq!(s.get_context(id(from, 1), 100).expect("get"), None);
        // A poll sent before the migration now counts in the new chat
        assert_eq!(
            s.get_poll("old-quiz").expect("poll").map(|p| p.chat),
            Some(to)
        );
        assert!(s.record_answer("old-quiz", 3, "Cy", true).expect("answer"));
        assert_eq!(
            table(&s.scores(to).expect("scores")),
            [("Ann", 1, 1), ("Cy", 1, 1), ("Bob", 1, 2)]
        );
        assert!(!s.record_answer("old-quiz", 1, "Ann", true).expect("answer"));
        // Migrating onto itself changes nothing
        s.migrate_chat(to, to).expect("migrate onto itself");
        assert_eq!(s.board(to).expect("board").len(), 2);

        // What moved is still found by forget_user
        s.set_step(to, SECRET_USER, SECRET_NAME, 1, true)
            .expect("set");
        let (from2, to2) = (-401, -1_000_000_000_401);
        s.set_step(from2, SECRET_USER, SECRET_NAME, 1, true)
            .expect("set");
        s.migrate_chat(from2, to2).expect("migrate");
        s.forget_user(SECRET_USER, None).expect("forget");
        let after = dump();
        assert!(
            !after.contains(&SECRET_USER.to_string()) && !after.contains(SECRET_NAME),
            "the user is still stored after a migration and forget_user:\n{after}"
        );
    }

    pub fn chat_settings_default_on_and_persist(s: &dyn Store, second: &dyn Store) {
        let defaults = ChatSettings {
            quizzes: true,
            reminders: true,
        };
        assert_eq!(s.chat_settings(-700).expect("settings"), defaults);
        let off = ChatSettings {
            quizzes: false,
            reminders: true,
        };
        s.set_chat_settings(-700, &off).expect("set");
        assert_eq!(second.chat_settings(-700).expect("settings"), off);
        assert_eq!(s.chat_settings(-701).expect("other chat"), defaults);
        let both_off = ChatSettings {
            quizzes: false,
            reminders: false,
        };
        s.set_chat_settings(-700, &both_off).expect("set");
        assert_eq!(s.chat_settings(-700).expect("settings"), both_off);
    }

    pub fn misses_count_per_question_and_member(s: &dyn Store) {
        assert!(s.misses(-710, 1).expect("misses").is_empty());
        s.record_miss(-710, 1, "step:next:3").expect("miss");
        s.record_miss(-710, 1, "step:next:3").expect("miss");
        s.record_miss(-710, 1, "cert:jenkins").expect("miss");
        s.record_miss(-710, 2, "cert:jenkins").expect("miss");
        s.record_miss(-711, 1, "cert:jenkins").expect("miss");
        let misses = s.misses(-710, 1).expect("misses");
        assert_eq!(misses.len(), 2, "{misses:?}");
        assert_eq!(misses["step:next:3"], 2);
        assert_eq!(misses["cert:jenkins"], 1);
        assert_eq!(s.misses(-710, 2).expect("misses")["cert:jenkins"], 1);
        s.forget_user(1, Some(-710)).expect("forget");
        assert!(s.misses(-710, 1).expect("misses").is_empty());
        assert_eq!(s.misses(-711, 1).expect("misses").len(), 1);
        assert_eq!(s.misses(-710, 2).expect("misses").len(), 1);
    }

    pub fn reminders_due_in_order_and_removed(s: &dyn Store, second: &dyn Store) {
        s.put_reminder(&reminder(-720, 1, 3000)).expect("put");
        s.put_reminder(&reminder(-720, 2, 1000)).expect("put");
        s.put_reminder(&reminder(31, 31, 2000)).expect("put");
        assert_eq!(
            second.reminder(-720, 1).expect("get"),
            Some(reminder(-720, 1, 3000))
        );
        let due = |now, limit| -> Vec<(i64, i64)> {
            s.due_reminders(now, limit)
                .expect("due")
                .iter()
                .map(|r| (r.chat, r.user))
                .collect()
        };
        assert!(due(999, 10).is_empty());
        assert_eq!(due(2000, 10), [(-720, 2), (31, 31)]);
        assert_eq!(due(5000, 2), [(-720, 2), (31, 31)]);
        // Replacing a reminder replaces its time
        s.put_reminder(&reminder(-720, 2, 4000)).expect("replace");
        assert_eq!(due(3000, 10), [(31, 31), (-720, 1)]);
        // Advancing: only from the time it holds
        assert!(!s.advance_reminder(31, 31, 1999, 9000).expect("advance"));
        assert!(s.advance_reminder(31, 31, 2000, 9000).expect("advance"));
        assert!(!s.advance_reminder(31, 31, 2000, 9500).expect("advance"));
        assert_eq!(
            s.reminder(31, 31).expect("get").map(|r| r.next_at),
            Some(9000)
        );
        assert!(!s.advance_reminder(-999, 1, 0, 1).expect("no such reminder"));
        // Removing one, then every one of a chat (the bot was blocked there)
        assert!(s.remove_reminder(31, 31).expect("remove"));
        assert!(!s.remove_reminder(31, 31).expect("remove twice"));
        assert_eq!(s.remove_chat_reminders(-720).expect("remove chat"), 2);
        assert!(due(u64::MAX / 2, 10).is_empty());
        assert_eq!(s.reminder(-720, 1).expect("get"), None);
    }

    pub fn concurrent_reminder_claims_have_one_winner(s: &Arc<dyn Store>, second: &Arc<dyn Store>) {
        for n in 0..20 {
            s.put_reminder(&reminder(-730, n, 1000)).expect("put");
        }
        let handles: Vec<_> = [s.clone(), second.clone(), s.clone(), second.clone()]
            .into_iter()
            .map(|store| {
                thread::spawn(move || {
                    let mut won = Vec::new();
                    for r in store.due_reminders(1000, 100).expect("due") {
                        if store
                            .advance_reminder(r.chat, r.user, r.next_at, r.next_at + 86_400)
                            .expect("advance")
                        {
                            won.push(r.user);
                        }
                    }
                    won
                })
            })
            .collect();
        let mut won: Vec<i64> = handles
            .into_iter()
            .flat_map(|h| h.join().expect("thread"))
            .collect();
        won.sort_unstable();
        assert_eq!(
            won,
            (0..20).collect::<Vec<_>>(),
            "each reminder fires exactly once"
        );
        assert!(s.due_reminders(1000, 100).expect("due").is_empty());
    }

    pub fn study_data_moves_with_a_migration(s: &dyn Store) {
        let (from, to) = (-740, -1_000_000_000_740);
        let off = ChatSettings {
            quizzes: false,
            reminders: true,
        };
        s.set_chat_settings(from, &off).expect("set");
        s.record_miss(from, 1, "cert:jenkins").expect("miss");
        s.record_miss(to, 1, "cert:jenkins").expect("miss");
        s.put_reminder(&reminder(from, 1, 3000)).expect("put");
        assert!(s.start_series(from, "a", 5, 100, 70).expect("start"));
        s.migrate_chat(from, to).expect("migrate");
        // A running series is dropped, not moved: its runner stops at its next check
        assert_eq!(s.series(from, 101).expect("series"), None);
        assert_eq!(s.series(to, 101).expect("series"), None);
        assert!(!s.advance_series(from, "a", 1, 101, 70).expect("advance"));
        assert_eq!(s.chat_settings(to).expect("settings"), off);
        assert_eq!(s.misses(to, 1).expect("misses")["cert:jenkins"], 2);
        assert!(s.misses(from, 1).expect("misses").is_empty());
        assert_eq!(s.reminder(from, 1).expect("get"), None);
        let moved = s.reminder(to, 1).expect("get").expect("moved");
        assert_eq!((moved.chat, moved.next_at), (to, 3000));
        let due: Vec<i64> = s
            .due_reminders(3000, 10)
            .expect("due")
            .iter()
            .map(|r| r.chat)
            .collect();
        assert_eq!(due, [to]);
    }

    pub fn claim_update_semantics(s: &dyn Store) {
        assert!(s.claim_update(1, 30, 100).expect("claim"), "first claim");
        assert!(!s.claim_update(1, 30, 101).expect("claim"), "second claim");
        assert!(
            !s.claim_update(1, 30, 129).expect("claim"),
            "lease still runs"
        );
        assert!(s.claim_update(1, 30, 130).expect("claim"), "lease ran out");
        assert!(
            !s.claim_update(1, 30, 131).expect("claim"),
            "the new lease runs"
        );
        s.finish_update(1).expect("finish");
        assert!(!s.claim_update(1, 30, 161).expect("claim"), "finished");
        assert!(
            !s.claim_update(1, 30, 3600).expect("claim"),
            "still finished"
        );
        // Other ids are independent
        assert!(s.claim_update(2, 30, 100).expect("claim"));
        assert!(s.claim_update(-3, 30, 100).expect("claim"));
    }

    pub fn two_handles_see_each_others_writes(a: &dyn Store, b: &dyn Store) {
        let chat = -500;
        a.set_step(chat, 1, "Ann", 3, true).expect("set");
        assert_eq!(b.progress(chat, 1).expect("progress"), [3]);
        b.set_step(chat, 1, "Ann", 4, true).expect("set");
        assert_eq!(names(&a.board(chat).expect("board")), [("Ann", vec![3, 4])]);

        // A follow-up begun on one replica is understood by the other
        let c = ctx(Intent::CertFor("kubernetes".into()), 100);
        a.put_context(id(chat, 1), &c, 600).expect("put");
        assert_eq!(b.get_context(id(chat, 1), 150).expect("get"), Some(c));

        a.put_poll("shared", &poll(chat, 100)).expect("poll");
        assert!(b.record_answer("shared", 1, "Ann", true).expect("answer"));
        assert!(!a.record_answer("shared", 1, "Ann", true).expect("answer"));
        assert_eq!(table(&a.scores(chat).expect("scores")), [("Ann", 1, 1)]);

        assert!(b.claim_update(9, 30, 100).expect("claim"));
        assert!(!a.claim_update(9, 30, 101).expect("claim"));
        a.finish_update(9).expect("finish");
        assert!(!b.claim_update(9, 30, 500).expect("claim"));

        b.forget_user(1, None).expect("forget");
        assert!(a.board(chat).expect("board").is_empty());
        assert_eq!(a.get_context(id(chat, 1), 150).expect("get"), None);
    }

    pub fn a_series_runs_once_per_chat_until_stopped_ended_or_expired(
        a: &dyn Store,
        b: &dyn Store,
    ) {
        let chat = -750;
        assert_eq!(a.series(chat, 100).expect("series"), None);
        assert_eq!(
            a.stop_series(chat, 100).expect("stop"),
            None,
            "nothing to stop"
        );
        assert!(a.start_series(chat, "a", 5, 100, 70).expect("start"));
        let running = SeriesRecord {
            owner: "a".into(),
            total: 5,
            sent: 0,
            stopped: false,
            lease_until: 170,
        };
        // Seen by the other replica, which cannot start a second one
        assert_eq!(b.series(chat, 101).expect("series"), Some(running.clone()));
        assert!(!b.start_series(chat, "b", 3, 101, 70).expect("start"));
        assert!(!a.start_series(chat, "a", 3, 101, 70).expect("start"));
        // Other chats are independent
        assert!(b.start_series(chat - 1, "b", 3, 101, 70).expect("start"));

        // The owner advances and renews its lease; nobody else can
        assert!(a.advance_series(chat, "a", 2, 150, 70).expect("advance"));
        assert!(!b.advance_series(chat, "b", 4, 150, 70).expect("advance"));
        let advanced = b.series(chat, 200).expect("series").expect("renewed");
        assert_eq!((advanced.sent, advanced.lease_until), (2, 220));

        // A stop on the other replica is what the owner's next advance sees
        let stopped = b
            .stop_series(chat, 201)
            .expect("stop")
            .expect("was running");
        assert_eq!(
            (
                stopped.owner.as_str(),
                stopped.total,
                stopped.sent,
                stopped.stopped
            ),
            ("a", 5, 2, true)
        );
        assert_eq!(
            b.stop_series(chat, 202).expect("stop"),
            None,
            "stopped once"
        );
        assert!(a.series(chat, 202).expect("series").expect("kept").stopped);
        assert!(!a.advance_series(chat, "a", 3, 203, 70).expect("advance"));
        // A stopped series does not block a new one, whose record its old owner cannot end
        assert!(b.start_series(chat, "b", 3, 204, 70).expect("start"));
        assert!(!a.end_series(chat, "a").expect("end"));
        assert_eq!(
            a.series(chat, 205).expect("series").map(|s| s.owner),
            Some("b".into())
        );
        assert!(b.end_series(chat, "b").expect("end"));
        assert_eq!(a.series(chat, 205).expect("series"), None);
        assert!(!b.end_series(chat, "b").expect("end"), "ended once");

        // The series of a replica that died is over when its lease runs out
        assert!(a.start_series(chat, "dead", 5, 300, 70).expect("start"));
        assert!(!b.start_series(chat, "b", 5, 369, 70).expect("start"));
        assert_eq!(b.series(chat, 370).expect("series"), None);
        assert_eq!(b.stop_series(chat, 370).expect("stop"), None);
        assert!(!a.advance_series(chat, "dead", 1, 370, 70).expect("advance"));
        assert!(b.start_series(chat, "b", 5, 370, 70).expect("start"));
        assert_eq!(
            a.series(chat, 371)
                .expect("series")
                .map(|s| (s.owner, s.sent)),
            Some(("b".into(), 0))
        );
    }

    pub fn concurrent_series_starts_have_one_winner(a: &Arc<dyn Store>, b: &Arc<dyn Store>) {
        for chat in -770..-760 {
            let winners: Vec<String> = thread::scope(|scope| {
                let handles: Vec<_> = (0..8)
                    .map(|i| {
                        let s = if i % 2 == 0 { a.clone() } else { b.clone() };
                        scope.spawn(move || {
                            let owner = format!("replica-{i}");
                            s.start_series(chat, &owner, 5, 1000, 70)
                                .expect("start")
                                .then_some(owner)
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .filter_map(|h| h.join().expect("starter"))
                    .collect()
            });
            assert_eq!(winners.len(), 1, "chat {chat} started {winners:?}");
            let owner = a.series(chat, 1001).expect("series").map(|s| s.owner);
            assert_eq!(owner.as_ref(), winners.first());
        }
    }

    pub fn concurrent_claims_have_one_winner(a: &Arc<dyn Store>, b: &Arc<dyn Store>) {
        for update in 100..110 {
            let winners: usize = thread::scope(|scope| {
                let handles: Vec<_> = (0..8)
                    .map(|i| {
                        let s = if i % 2 == 0 { a.clone() } else { b.clone() };
                        scope.spawn(move || s.claim_update(update, 30, 1000).expect("claim"))
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| usize::from(h.join().expect("claimer")))
                    .sum()
            });
            assert_eq!(winners, 1, "update {update} was claimed {winners} times");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// What only one backend has.

#[test]
fn sqlite_data_survives_closing_and_reopening_the_file() {
    let dir = TempDir::new("sqlite-reopen");
    let path = dir.path().join("store.sqlite3");
    {
        let s = SqliteStore::open(&path).expect("open");
        s.set_step(-1, 1, "Ann", 2, true).expect("set");
        s.put_context(
            ConversationId { chat: -1, user: 1 },
            &contract::ctx(Intent::Skills, 100),
            600,
        )
        .expect("put");
        s.put_poll(
            "p",
            &PollRecord {
                chat: -1,
                correct_option: 0,
                question_key: "k".into(),
                created_at: 100,
            },
        )
        .expect("poll");
        assert!(s.claim_update(7, 30, 100).expect("claim"));
        s.finish_update(7).expect("finish");
    }
    let s = storage::open(&format!("sqlite:{}", path.display())).expect("reopen");
    assert_eq!(s.progress(-1, 1).expect("progress"), [2]);
    assert!(
        s.get_context(ConversationId { chat: -1, user: 1 }, 150)
            .expect("get")
            .is_some()
    );
    assert_eq!(s.get_poll("p").expect("poll").map(|p| p.chat), Some(-1));
    assert!(!s.claim_update(7, 30, 1000).expect("claim"));
}

#[test]
fn sqlite_runs_in_wal_mode_at_the_latest_schema() {
    let dir = TempDir::new("sqlite-wal");
    let path = dir.path().join("store.sqlite3");
    let _store = SqliteStore::open(&path).expect("open");
    let conn = rusqlite::Connection::open(&path).expect("inspect");
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("journal_mode");
    assert_eq!(mode, "wal");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("user_version");
    assert_eq!(version, storage::sqlite::MIGRATIONS.len() as i64);
    // Opening again migrates nothing and keeps the version
    drop(SqliteStore::open(&path).expect("open again"));
    let again: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("user_version");
    assert_eq!(again, version);
}

/// A file at schema 2 (before quiz series were stored) is brought to the latest schema on open,
/// its data kept, and series work on it.
#[test]
fn sqlite_upgrades_a_schema_2_file_to_store_series() {
    let dir = TempDir::new("sqlite-upgrade");
    let path = dir.path().join("store.sqlite3");
    {
        let s = SqliteStore::open(&path).expect("open");
        s.set_step(-1, 1, "Ann", 2, true).expect("set");
    }
    {
        // What a build of schema 2 left: no series table, user_version 2.
        let conn = rusqlite::Connection::open(&path).expect("inspect");
        conn.execute_batch("DROP TABLE quiz_series; PRAGMA user_version = 2;")
            .expect("downgrade");
    }
    let s = SqliteStore::open(&path).expect("open and upgrade");
    assert_eq!(s.progress(-1, 1).expect("progress"), [2]);
    assert!(s.start_series(-1, "a", 5, 100, 70).expect("start"));
    assert!(!s.start_series(-1, "b", 5, 101, 70).expect("start"));
    let conn = rusqlite::Connection::open(&path).expect("inspect");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("user_version");
    assert_eq!(version, storage::sqlite::MIGRATIONS.len() as i64);
}

#[test]
fn sqlite_forget_leaves_no_copy_of_the_name_in_the_files() {
    let dir = TempDir::new("sqlite-bytes");
    let path = dir.path().join("store.sqlite3");
    let s = SqliteStore::open(&path).expect("open");
    for chat in 0..50 {
        s.set_step(-chat, contract::SECRET_USER, contract::SECRET_NAME, 1, true)
            .expect("set");
    }
    s.forget_user(contract::SECRET_USER, None).expect("forget");
    for file in [
        path.clone(),
        PathBuf::from(format!("{}-wal", path.display())),
    ] {
        let Ok(bytes) = std::fs::read(&file) else {
            continue;
        };
        let needle = contract::SECRET_NAME.as_bytes();
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "{} still holds the forgotten name",
            file.display()
        );
    }
}

#[test]
fn open_understands_every_store_spec() {
    let memory = storage::open("memory").expect("memory");
    memory.ping().expect("ping");

    let dir = TempDir::new("open");
    let path = dir.path().join("a").join("b.sqlite3");
    storage::open(&format!("sqlite:{}", path.display())).expect("sqlite:PATH");
    assert!(path.exists(), "the file and its directories are created");
    let url_form = dir.path().join("c.sqlite3");
    storage::open(&format!("sqlite://{}", url_form.display())).expect("sqlite:///PATH");
    assert!(url_form.exists());

    let bad = storage::open("mongodb://root:hunter2@db")
        .err()
        .expect("refused");
    assert!(matches!(bad, StoreError::BadUrl(_)), "{bad:?}");
    assert!(bad.to_string().contains("'mongodb'"), "{bad}");
    assert!(!bad.to_string().contains("hunter2"), "{bad}");

    let tls = storage::open("rediss://user:hunter2@127.0.0.1:1/")
        .err()
        .expect("refused");
    assert!(tls.to_string().contains("tls"), "{tls}");
    assert!(!tls.to_string().contains("hunter2"), "{tls}");

    // Nothing listens on port 1: the failure comes at open, not at the first message
    let down = storage::open("redis://127.0.0.1:1/")
        .err()
        .expect("refused");
    assert!(matches!(down, StoreError::Redis(_)), "{down:?}");

    let default = storage::default_sqlite_path();
    assert!(
        default.ends_with("devops-guide.sqlite3"),
        "{}",
        default.display()
    );
}

#[test]
fn redis_keys_are_prefixed_and_expire() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    let s = RedisStore::open(&server.url()).expect("open");
    let user = 42;
    s.put_context(
        ConversationId { chat: -1, user },
        &contract::ctx(Intent::Skills, 100),
        600,
    )
    .expect("put");
    s.set_step(-1, user, "Ann", 1, true).expect("set");
    s.put_poll(
        "p",
        &PollRecord {
            chat: -1,
            correct_option: 1,
            question_key: "k".into(),
            created_at: 100,
        },
    )
    .expect("poll");
    assert!(s.record_answer("p", user, "Ann", true).expect("answer"));
    assert!(s.claim_update(1, 30, 100).expect("claim"));

    let client = ::redis::Client::open(server.url()).expect("client");
    let mut con = client.get_connection().expect("connect");
    let keys: Vec<String> = ::redis::cmd("KEYS").arg("*").query(&mut con).expect("keys");
    assert!(!keys.is_empty());
    for key in &keys {
        assert!(
            key.starts_with(REDIS_PREFIX),
            "{key} is not under the prefix"
        );
    }
    let mut ttl =
        |key: String| -> i64 { ::redis::cmd("TTL").arg(key).query(&mut con).expect("ttl") };
    let context_ttl = ttl(format!("{REDIS_PREFIX}ctx:-1:{user}"));
    assert!(
        (1..=600).contains(&context_ttl),
        "context ttl {context_ttl}"
    );
    let poll_ttl = ttl(format!("{REDIS_PREFIX}poll:p"));
    assert!(
        poll_ttl > 6 * 24 * 3600 && poll_ttl <= 7 * 24 * 3600,
        "poll ttl {poll_ttl}"
    );
    let answers_ttl = ttl(format!("{REDIS_PREFIX}poll:p:answers"));
    assert!(
        answers_ttl > 0 && answers_ttl <= poll_ttl,
        "answers ttl {answers_ttl}"
    );
    let index_ttl = ttl(format!("{REDIS_PREFIX}user:{user}:ctx"));
    assert!(index_ttl >= context_ttl, "context index ttl {index_ttl}");
    let update_ttl = ttl(format!("{REDIS_PREFIX}update:1"));
    assert!(update_ttl > 24 * 3600, "update ttl {update_ttl}");
}

#[test]
fn redis_reconnects_after_the_server_restarts() {
    let Some(mut server) = RedisServer::start() else {
        return;
    };
    let s = RedisStore::open(&server.url()).expect("open");
    s.set_step(-1, 1, "Ann", 1, true).expect("set");
    server.restart();
    // The pooled connection is dead; the store notices and connects again (the data is gone:
    // this server keeps nothing on disk)
    s.ping().expect("ping after a restart");
    s.set_step(-1, 1, "Ann", 2, true)
        .expect("set after a restart");
    assert_eq!(s.progress(-1, 1).expect("progress"), [2]);
}
