//! Quizzes end to end: `devops-guide run --no-throttle` against the fake Bot API, on SQLite
//! (and the poll answers and leaderboard on Redis too).
//!
//! - `/quiz` sends a native quiz poll: `type` quiz, not anonymous in the group, a valid
//!   `correct_option_id`, within Telegram's limits, its explanation citing the source and date,
//!   and its question one the knowledge generates, with the option the knowledge says is right
//!   marked correct. `poll_answer` updates (which carry no chat) are counted once each, and
//!   `/leaderboard` ranks the group with names escaped.
//! - `/quiz 3` sends three different polls one after the other, paced (the pace is shortened
//!   with `DEVOPS_GUIDE_QUIZ_PACE_MS`); one series per chat; `/quiz stop` ends one; `/quiz 50`
//!   is capped at 10.
//! - With two webhook replicas on one Redis, the series is one per chat across them: `/quiz` on
//!   the other replica is refused, and `/quiz stop` there stops the series the first one runs.
//! - In the terminal (`chat --jsonl`), `/quiz` shows numbered choices answered by number.
//! - `/cohort_reset` and `/settings` changes are refused to a member and done for an admin
//!   (the fake answers `getChatMember` with a scripted status) and for an anonymous admin.

use std::thread;
use std::time::{Duration, Instant};

use devops_guide::Knowledge;
use devops_guide::core::quiz::Quiz;
use devops_guide::storage::{RedisStore, StudyStore};
use serde_json::Value;

use crate::support::bot::{STEP, command, exchange, polls_to, start_bot};
use crate::support::fake_bot_api::{ALICE, BOB, Call, FakeBotApi, TgUser};
use crate::support::html::plain;
use crate::support::running::{Process, free_addr};
use crate::support::stores::{RedisServer, TempDir};
use crate::webhook::{SECRET, post_update, replica_command};

/// A supergroup the bot is a member of.
const GROUP: i64 = -100_555;
/// How long the bot is given to (wrongly) do something before "it did nothing" is asserted.
const QUIET: Duration = Duration::from_millis(1500);

/// A member whose first name is markup, to see it escaped on the leaderboard.
const EVE: TgUser = TgUser {
    id: 1003,
    first_name: "<b>Eve & co</b>",
    username: "eve_and_co",
};

fn sqlite(dir: &TempDir) -> String {
    format!("sqlite:{}", dir.path().join("bot.sqlite3").display())
}

/// The poll id of a successful `sendPoll`.
fn poll_id(call: &Call) -> String {
    call.result()["poll"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no poll in the answer: {call}"))
        .to_owned()
}

fn options(call: &Call) -> Vec<String> {
    call.body["options"]
        .as_array()
        .unwrap_or_else(|| panic!("no options: {call}"))
        .iter()
        .map(|o| {
            o["text"]
                .as_str()
                .or_else(|| o.as_str())
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

fn correct_option(call: &Call) -> usize {
    call.body["correct_option_id"]
        .as_u64()
        .unwrap_or_else(|| panic!("no correct_option_id: {call}")) as usize
}

/// Checks a `sendPoll` is a well-formed quiz of the knowledge, and returns its question text.
fn assert_generated_quiz(call: &Call) -> String {
    assert_eq!(call.body["type"], "quiz", "{call}");
    assert_eq!(call.body["is_anonymous"], false, "{call}");
    let question = call.body["question"].as_str().expect("question").to_owned();
    let options = options(call);
    let correct = correct_option(call);
    assert!(question.chars().count() <= 300, "{question}");
    assert!((2..=10).contains(&options.len()), "{call}");
    assert!(correct < options.len(), "{call}");
    assert!(
        options
            .iter()
            .all(|o| (1..=100).contains(&o.chars().count()))
    );
    let explanation = call.body["explanation"].as_str().expect("explanation");
    assert!(explanation.chars().count() <= 200, "{explanation}");
    assert!(
        explanation.contains("Source: Edstellar (blog), February 2025"),
        "{explanation}"
    );
    // The question is one the knowledge makes (several facts may share a wording, such as
    // "which tool is listed under IaC"), the option marked correct answers one of them, and no
    // other option answers any of them.
    let quiz = Quiz::new(&Knowledge::embedded().expect("knowledge"));
    let answers: Vec<&str> = quiz
        .templates()
        .iter()
        .filter(|t| t.question == question)
        .map(|t| t.correct.1.as_str())
        .collect();
    assert!(!answers.is_empty(), "not a generated question: {question}");
    for (i, option) in options.iter().enumerate() {
        assert_eq!(
            answers.contains(&option.as_str()),
            i == correct,
            "option {i} ({option}) of {call}"
        );
    }
    question
}

/// In the group Alice sends /quiz: a quiz poll comes. Alice answers it right (twice — the
/// second answer does not count again), Eve wrongly; an answer to an unknown poll is ignored.
/// /leaderboard ranks Alice first with 1 of 1 and Eve with 0 of 1, her name escaped.
#[test]
fn quiz_polls_count_answers_on_the_leaderboard() {
    let dir = TempDir::new("quiz-poll");
    polls_and_leaderboard(&sqlite(&dir));
}

/// The same on Redis, the store of several replicas.
#[test]
fn quiz_polls_count_answers_on_the_leaderboard_on_redis() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    polls_and_leaderboard(&server.url());
}

fn polls_and_leaderboard(store: &str) {
    let fake = FakeBotApi::start();
    let _bot = start_bot(&fake, store, &[]);

    exchange(
        &fake,
        fake.group_text(GROUP, ALICE, &command("leaderboard", "")),
        GROUP,
        "No quiz answers here yet",
    );
    let before = fake.calls().len();
    fake.push_update(fake.group_text(GROUP, ALICE, &command("quiz", "")));
    let calls = fake.wait_for(|c| !polls_to(&c[before..], GROUP).is_empty(), STEP);
    let poll = polls_to(&calls[before..], GROUP).remove(0);
    assert_generated_quiz(&poll);
    let id = poll_id(&poll);
    let right = correct_option(&poll) as u8;
    let wrong = (right + 1) % options(&poll).len() as u8;

    fake.push_update(fake.poll_answer(ALICE, &id, &[right]));
    fake.push_update(fake.poll_answer(ALICE, &id, &[right]));
    fake.push_update(fake.poll_answer(EVE, &id, &[wrong]));
    fake.push_update(fake.poll_answer(BOB, "no-such-poll", &[0]));
    // poll_answer updates carry no chat, so the dispatcher may handle them alongside the next
    // command: ask for the leaderboard until both answers are in.
    let deadline = Instant::now() + STEP;
    let board = loop {
        let board = exchange(
            &fake,
            fake.group_text(GROUP, BOB, &command("leaderboard", "")),
            GROUP,
            "",
        );
        let text = plain(board.text());
        if (text.contains("Alice") && text.contains("Eve")) || Instant::now() > deadline {
            break board;
        }
        thread::sleep(Duration::from_millis(100));
    };
    let text = plain(board.text());
    let alice = text
        .find("Alice — 1 of 1 correct")
        .unwrap_or_else(|| panic!("{text}"));
    let eve = text
        .find("<b>Eve & co</b> — 0 of 1 correct")
        .unwrap_or_else(|| panic!("{text}"));
    assert!(alice < eve, "most correct first: {text}");
    assert!(
        !text.contains("Bob"),
        "an unknown poll counts nothing: {text}"
    );
    assert!(
        board.text().contains("&lt;b&gt;Eve &amp; co&lt;/b&gt;"),
        "the name is escaped: {}",
        board.text()
    );
}

/// In a private chat /quiz 3 sends three different quiz polls, one after the other at the pace
/// (here 700 ms), then says the series is over. In the group /quiz 5 starts a series; a second
/// /quiz is told one is running; /quiz stop ends it after its first question and no more polls
/// come. /quiz 50 is capped at 10 questions; /quiz banana explains the usage.
#[test]
fn quiz_series_are_paced_one_per_chat_and_stop() {
    let dir = TempDir::new("quiz-series");
    let fake = FakeBotApi::start();
    let _bot = start_bot(
        &fake,
        &sqlite(&dir),
        &[("DEVOPS_GUIDE_QUIZ_PACE_MS", "700")],
    );
    let me = ALICE.id;

    let before = fake.calls().len();
    fake.push_update(fake.private_text(ALICE, "/quiz 3"));
    let calls = fake.wait_for(
        |c| {
            c[before..]
                .iter()
                .any(|c| c.is_message_to(me) && plain(c.text()).contains("last question"))
        },
        STEP,
    );
    let polls = polls_to(&calls[before..], me);
    assert_eq!(polls.len(), 3, "exactly three polls");
    let questions: Vec<String> = polls.iter().map(assert_generated_quiz).collect();
    assert!(
        questions[0] != questions[1]
            && questions[1] != questions[2]
            && questions[0] != questions[2],
        "a series repeats no question: {questions:?}"
    );
    // Paced: the fake saw each poll request at least most of the pace after the previous one.
    for pair in polls.windows(2) {
        let gap = pair[1].at - pair[0].at;
        assert!(
            gap >= Duration::from_millis(600),
            "polls came {gap:?} apart, faster than the 700 ms pace"
        );
    }

    // One series per chat, and /quiz stop ends it.
    let before = fake.calls().len();
    exchange(
        &fake,
        fake.group_text(GROUP, BOB, &command("quiz", "5")),
        GROUP,
        "5 questions",
    );
    fake.wait_for(|c| polls_to(&c[before..], GROUP).len() == 1, STEP);
    exchange(
        &fake,
        fake.group_text(GROUP, ALICE, &command("quiz", "")),
        GROUP,
        "A quiz is already running here",
    );
    exchange(
        &fake,
        fake.group_text(GROUP, ALICE, &command("quiz", "stop")),
        GROUP,
        "Quiz stopped after 1 of 5 questions",
    );
    thread::sleep(QUIET);
    assert_eq!(
        polls_to(&fake.calls()[before..], GROUP).len(),
        1,
        "no poll after /quiz stop"
    );
    exchange(
        &fake,
        fake.group_text(GROUP, ALICE, &command("quiz", "stop")),
        GROUP,
        "No quiz is running here",
    );

    // Limits and usage.
    exchange(
        &fake,
        fake.private_text(BOB, "/quiz 50"),
        BOB.id,
        "at most 10 questions",
    );
    exchange(
        &fake,
        fake.private_text(BOB, "/quiz stop"),
        BOB.id,
        "Quiz stopped after",
    );
    exchange(
        &fake,
        fake.private_text(BOB, "/quiz banana"),
        BOB.id,
        "at most 10",
    );
}

/// Posts `update` to the webhook replica at `addr` and returns the text of its reply to `chat`
/// (the replica acknowledges an update only once it has answered it).
fn post_for_reply(
    fake: &FakeBotApi,
    addr: std::net::SocketAddr,
    update: Value,
    chat: i64,
) -> String {
    let before = fake.calls().len();
    let update = fake.next_update(update);
    assert_eq!(post_update(addr, &update, Some(SECRET)), 200);
    let calls = fake.wait_for(
        |c| {
            c[before..]
                .iter()
                .any(|c| c.is_message_to(chat) && c.succeeded())
        },
        STEP,
    );
    let reply = calls[before..]
        .iter()
        .find(|c| c.is_message_to(chat) && c.succeeded())
        .expect("a reply");
    plain(reply.text())
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs()
}

/// Two webhook replicas share one Redis behind a load balancer. /quiz 5 reaches replica A,
/// which starts the series; /quiz 3 reaches replica B, which refuses it (a quiz runs here) and
/// sends no poll; /quiz stop reaches B and stops A's series: B says how many were sent, A sends
/// no further question and no "last question" note, and the chat is free for a new series on
/// either replica.
#[test]
fn a_series_is_one_per_chat_and_stopped_across_webhook_replicas() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let fake = FakeBotApi::start();
    let pace = Duration::from_millis(2000);
    let replica = |name: &'static str| {
        let addr = free_addr();
        let mut cmd = replica_command(&fake, addr, &redis.url());
        cmd.env("DEVOPS_GUIDE_QUIZ_PACE_MS", pace.as_millis().to_string());
        let mut process = Process::spawn_as(name, cmd);
        process.wait_http(addr, STEP);
        (process, addr)
    };
    let (_a, addr_a) = replica("replica A");
    let (_b, addr_b) = replica("replica B");
    let store = RedisStore::open(&redis.url()).expect("open the replicas' redis");

    let before = fake.calls().len();
    let intro = post_for_reply(
        &fake,
        addr_a,
        fake.group_text(GROUP, BOB, &command("quiz", "5")).into(),
        GROUP,
    );
    assert!(intro.contains("5 questions"), "{intro}");
    fake.wait_for(|c| polls_to(&c[before..], GROUP).len() == 1, STEP);
    // A has recorded its first question in the shared store.
    let deadline = Instant::now() + STEP;
    while store
        .series(GROUP, unix_now())
        .expect("read the series")
        .is_none_or(|s| s.sent < 1)
    {
        assert!(Instant::now() < deadline, "the series was never recorded");
        thread::sleep(Duration::from_millis(20));
    }

    let refused = post_for_reply(
        &fake,
        addr_b,
        fake.group_text(GROUP, ALICE, &command("quiz", "3")).into(),
        GROUP,
    );
    assert!(
        refused.contains("A quiz is already running here (question 1 of 5)"),
        "{refused}"
    );
    let stopped = post_for_reply(
        &fake,
        addr_b,
        fake.group_text(GROUP, ALICE, &command("quiz", "stop"))
            .into(),
        GROUP,
    );
    assert!(
        stopped.contains("Quiz stopped after 1 of 5 questions"),
        "{stopped}"
    );
    // A checks the store before its next question, one pace after the first.
    thread::sleep(pace * 2 + QUIET);
    let calls = fake.calls();
    assert_eq!(
        polls_to(&calls[before..], GROUP).len(),
        1,
        "a poll after /quiz stop on the other replica"
    );
    assert!(
        !calls[before..]
            .iter()
            .any(|c| c.is_message_to(GROUP) && plain(c.text()).contains("last question")),
        "a stopped series said it ended"
    );
    assert_eq!(
        store.series(GROUP, unix_now()).expect("read the series"),
        None,
        "A ended its stopped series"
    );
    let again = post_for_reply(
        &fake,
        addr_a,
        fake.group_text(GROUP, ALICE, &command("quiz", "stop"))
            .into(),
        GROUP,
    );
    assert!(again.contains("No quiz is running here"), "{again}");

    // The chat is free: B starts a series of its own.
    let before = fake.calls().len();
    let intro = post_for_reply(
        &fake,
        addr_b,
        fake.group_text(GROUP, ALICE, &command("quiz", "2")).into(),
        GROUP,
    );
    assert!(intro.contains("2 questions"), "{intro}");
    fake.wait_for(|c| polls_to(&c[before..], GROUP).len() == 2, STEP * 2);
}

/// A rolling restart: replica A is stopped (SIGTERM) while it runs a series. The series goes no
/// further, and the chat is free at once — /quiz on replica B starts a new series instead of
/// being refused until A's lease runs out.
#[test]
fn a_stopping_replica_frees_its_series_for_the_others() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let fake = FakeBotApi::start();
    let replica = |name: &'static str| {
        let addr = free_addr();
        let mut cmd = replica_command(&fake, addr, &redis.url());
        cmd.env("DEVOPS_GUIDE_QUIZ_PACE_MS", "2000");
        let mut process = Process::spawn_as(name, cmd);
        process.wait_http(addr, STEP);
        (process, addr)
    };
    let (mut a, addr_a) = replica("replica A");
    let (_b, addr_b) = replica("replica B");

    let before = fake.calls().len();
    let intro = post_for_reply(
        &fake,
        addr_a,
        fake.group_text(GROUP, BOB, &command("quiz", "5")).into(),
        GROUP,
    );
    assert!(intro.contains("5 questions"), "{intro}");
    fake.wait_for(|c| polls_to(&c[before..], GROUP).len() == 1, STEP);
    a.signal("TERM");
    let status = a.wait_exit(STEP);
    assert_eq!(status.code(), Some(0), "stderr:\n{}", a.stderr());

    let started = post_for_reply(
        &fake,
        addr_b,
        fake.group_text(GROUP, ALICE, &command("quiz", "2")).into(),
        GROUP,
    );
    assert!(started.contains("2 questions"), "{started}");
    fake.wait_for(|c| polls_to(&c[before..], GROUP).len() == 3, STEP);
    thread::sleep(QUIET);
    assert_eq!(
        polls_to(&fake.calls()[before..], GROUP).len(),
        3,
        "one poll from A's series, two from B's"
    );
}

/// Bob, a plain member, sends /cohort_reset: he is refused and the board keeps everyone. Alice,
/// an administrator (so getChatMember says), resets it. An anonymous admin (posting as the
/// group) turns quizzes off, and /quiz then says so; Bob cannot turn them back on.
#[test]
fn cohort_reset_and_settings_are_for_admins() {
    let dir = TempDir::new("quiz-admins");
    let fake = FakeBotApi::start();
    let _bot = start_bot(&fake, &sqlite(&dir), &[]);
    fake.set_member_status(GROUP, BOB.id, "member");
    fake.set_member_status(GROUP, ALICE.id, "administrator");

    for user in [ALICE, BOB] {
        exchange(
            &fake,
            fake.group_text(GROUP, user, &command("done", "2")),
            GROUP,
            "1 of 7 steps done",
        );
    }
    exchange(
        &fake,
        fake.group_text(GROUP, BOB, &command("cohort_reset", "")),
        GROUP,
        "Only this group's admins can reset the cohort board",
    );
    let asked = fake.calls();
    assert!(
        asked.iter().any(|c| c.method == "getChatMember"
            && c.chat_id() == Some(GROUP)
            && c.body["user_id"].as_i64() == Some(BOB.id)),
        "the bot asked Telegram whether Bob is an admin"
    );
    let board = exchange(
        &fake,
        fake.group_text(GROUP, BOB, &command("cohort", "")),
        GROUP,
        "Cohort progress",
    );
    assert!(
        plain(board.text()).contains("2 members"),
        "{}",
        board.text()
    );

    exchange(
        &fake,
        fake.group_text(GROUP, ALICE, &command("cohort_reset", "")),
        GROUP,
        "The cohort board is reset",
    );
    exchange(
        &fake,
        fake.group_text(GROUP, BOB, &command("cohort", "")),
        GROUP,
        "No one has marked a roadmap step yet",
    );

    // An anonymous admin needs no getChatMember: the message comes from the group itself.
    let before = fake.calls().len();
    exchange(
        &fake,
        fake.anonymous_admin_text(GROUP, &command("settings", "quizzes off")),
        GROUP,
        "Quizzes (/quiz): off",
    );
    assert!(
        !fake.calls()[before..]
            .iter()
            .any(|c| c.method == "getChatMember"),
        "an anonymous admin is recognised without asking"
    );
    exchange(
        &fake,
        fake.group_text(GROUP, ALICE, &command("quiz", "")),
        GROUP,
        "Quizzes are turned off in this group",
    );
    exchange(
        &fake,
        fake.group_text(GROUP, BOB, &command("settings", "quizzes on")),
        GROUP,
        "Only this group's admins can change its settings",
    );
    let shown = exchange(
        &fake,
        fake.group_text(GROUP, BOB, &command("settings", "")),
        GROUP,
        "Settings of this chat",
    );
    assert!(plain(shown.text()).contains("Quizzes (/quiz): off"));
    assert!(
        polls_to(&fake.calls(), GROUP).is_empty(),
        "no poll while quizzes are off"
    );
}

/// The terminal: `chat --jsonl` runs /quiz 2 as numbered choices. A number out of range is
/// explained; the right number is "Right!" with the explanation and the next question; a wrong
/// one names the right answer; /leaderboard counts 1 of 2. Every reply is one JSON line with
/// intent "command", like the other commands'.
#[test]
fn terminal_quiz_is_answered_by_number() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::Stdio;

    let mut child = crate::support::bin()
        .args(["chat", "--jsonl", "--store", "memory"])
        .env_remove("DEVOPS_GUIDE_STORE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chat --jsonl");
    let mut stdin = child.stdin.take().expect("stdin");
    let stdout = child.stdout.take().expect("stdout");
    let (send, lines) = std::sync::mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if send.send(line).is_err() {
                break;
            }
        }
    });
    let mut say = |text: &str| -> String {
        let request = serde_json::json!({"chat_id": -42, "user_id": 7, "text": text});
        writeln!(stdin, "{request}").expect("write");
        stdin.flush().expect("flush");
        let line = lines.recv_timeout(STEP).expect("an answer line");
        let answer: serde_json::Value = serde_json::from_str(&line).expect("JSON");
        assert_eq!(answer["intent"], "command", "{answer}");
        answer["text"].as_str().expect("text").to_owned()
    };
    let quiz = Quiz::new(&Knowledge::embedded().expect("knowledge"));
    // The numbered options of a shown question, and the number of its right answer.
    let right_number = |shown: &str, n: usize| -> (usize, usize) {
        let marker = format!("Question {n} of 2: ");
        let start = shown.find(&marker).unwrap_or_else(|| panic!("{shown}")) + marker.len();
        let question = shown[start..].lines().next().expect("question line");
        let answers: Vec<&str> = quiz
            .templates()
            .iter()
            .filter(|t| t.question == question)
            .map(|t| t.correct.1.as_str())
            .collect();
        let options: Vec<&str> = shown[start..]
            .lines()
            .filter_map(|l| {
                l.split_once(". ")
                    .filter(|(n, _)| n.parse::<usize>().is_ok())
            })
            .map(|(_, o)| o)
            .collect();
        assert!((2..=10).contains(&options.len()), "{shown}");
        let right: Vec<usize> = (0..options.len())
            .filter(|&i| answers.contains(&options[i]))
            .collect();
        assert_eq!(right.len(), 1, "exactly one right option: {shown}");
        (right[0] + 1, options.len())
    };

    let first = say("/quiz 2");
    let (right, count) = right_number(&first, 1);
    assert!(
        say(&(count + 1).to_string()).contains(&format!("Answer with a number from 1 to {count}"))
    );
    let second = say(&right.to_string());
    assert!(second.starts_with("Right!"), "{second}");
    assert!(
        second.contains("Source: Edstellar (blog), February 2025"),
        "{second}"
    );
    let (right, count) = right_number(&second, 2);
    let wrong = right % count + 1;
    let last = say(&wrong.to_string());
    assert!(
        last.contains(&format!("Not quite — the answer is {right}.")),
        "{last}"
    );
    assert!(
        last.contains("That was the last question: 1 of 2 right"),
        "{last}"
    );
    assert!(say("/leaderboard").contains("user 7 — 1 of 2 correct"));
    assert!(say("/quiz stop").contains("No quiz is running here"));
    drop(stdin);
    let _ = child.wait();
}
