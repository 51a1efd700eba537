//! End-to-end tests of the cohort features (issue 5): roadmap progress per (chat, user) in a
//! store shared by processes, from real process boundaries.
//!
//! - The terminal: `devops-guide chat --jsonl --store …` as a child process, driven one line at
//!   a time ([`Session`]), on a temporary SQLite file or a real `redis-server`
//!   ([`RedisServer`], which skips loudly without `redis-server`, except under `CI=true`).
//! - Telegram: `devops-guide run --no-throttle` against the in-process [`FakeBotApi`], with
//!   `DEVOPS_GUIDE_STORE` naming the store (`support::bot::start_bot`) — buttons that belong to
//!   their owner, the group's board with names escaped, /forget and /privacy.
//!
//! After a /forget the SQLite file is looked into with `rusqlite` (every row of every table) and
//! byte by byte (the file and its write-ahead log).

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::bin;
use crate::support::stores::{RedisServer, TempDir, dump_sqlite};

/// How long one answer may take (a debug build on a busy machine).
const STEP: Duration = Duration::from_secs(10);
/// The number of roadmap steps.
const STEPS: usize = 7;

// ---------------------------------------------------------------------------------------------
// Reading progress and boards
// ---------------------------------------------------------------------------------------------

/// The steps a progress reply shows as done (its "✅ N." lines), ascending; fails the test when
/// the reply does not list all [`STEPS`] steps.
fn done_steps(text: &str) -> Vec<u8> {
    let mut done = Vec::new();
    let mut listed = 0;
    for line in text.lines() {
        let line = line.trim_start_matches(['•', ' ']);
        let (mark, rest) = if let Some(rest) = line.strip_prefix("✅ ") {
            (true, rest)
        } else if let Some(rest) = line.strip_prefix("⬜ ") {
            (false, rest)
        } else {
            continue;
        };
        let number: u8 = rest
            .split('.')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("a step line without its number: {line:?}"));
        listed += 1;
        if mark {
            done.push(number);
        }
    }
    assert_eq!(
        listed, STEPS,
        "not a progress reply with every step:\n{text}"
    );
    done
}

// ---------------------------------------------------------------------------------------------
// The terminal: `chat --jsonl` one line at a time
// ---------------------------------------------------------------------------------------------

/// A running `devops-guide chat --jsonl --store <store>`, asked one line at a time; killed on
/// drop (its stderr is printed when the test failed).
struct Session {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<String>,
    stderr: Arc<Mutex<Vec<u8>>>,
}

impl Session {
    fn start(store: &str) -> Session {
        let mut cmd = bin();
        cmd.args(["chat", "--jsonl", "--store", store])
            .env_remove("DEVOPS_GUIDE_STORE")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().expect("piped stdout");
        let (send, lines) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&stderr);
        let mut pipe = child.stderr.take().expect("piped stderr");
        thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = pipe.read_to_end(&mut buf);
            sink.lock().unwrap_or_else(|e| e.into_inner()).extend(buf);
        });
        Session {
            child,
            stdin,
            lines,
            stderr,
        }
    }

    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr.lock().unwrap_or_else(|e| e.into_inner())).into_owned()
    }

    /// Sends `text` as `user` in `chat` and returns the answer object (which must not be an
    /// error object).
    fn say(&mut self, chat: i64, user: i64, text: &str) -> Value {
        let request = json!({"chat_id": chat, "user_id": user, "text": text});
        let stdin = self.stdin.as_mut().expect("stdin still open");
        writeln!(stdin, "{request}")
            .and_then(|_| stdin.flush())
            .unwrap_or_else(|e| panic!("cannot write {request}: {e}; stderr:\n{}", self.stderr()));
        let line = self.lines.recv_timeout(STEP).unwrap_or_else(|e| {
            panic!(
                "no answer to {request} within {STEP:?} ({e}); stderr:\n{}",
                self.stderr()
            )
        });
        let answer: Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {line:?} in answer to {request}"));
        assert!(
            answer["error"].is_null() && answer["text"].is_string(),
            "{request} was answered with {answer}"
        );
        answer
    }

    /// The text of the answer to `text` (see [`Self::say`]).
    fn text(&mut self, chat: i64, user: i64, text: &str) -> String {
        self.say(chat, user, text)["text"]
            .as_str()
            .expect("text")
            .to_owned()
    }

    /// Closes stdin and waits for the process to exit, which it must do with 0.
    fn finish(mut self) {
        drop(self.stdin.take());
        let deadline = Instant::now() + STEP;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                break status;
            }
            assert!(
                Instant::now() < deadline,
                "chat --jsonl did not exit within {STEP:?} of its stdin closing"
            );
            thread::sleep(Duration::from_millis(10));
        };
        assert!(
            status.success(),
            "chat --jsonl exited with {status}; stderr:\n{}",
            self.stderr()
        );
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if thread::panicking() {
            eprintln!("--- chat --jsonl's stderr ---\n{}", self.stderr());
        }
    }
}

fn sqlite_spec(path: &Path) -> String {
    format!("sqlite:{}", path.display())
}

/// The SQLite file and its write-ahead log, as far as they exist now.
fn sqlite_files(path: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    [
        path.to_path_buf(),
        PathBuf::from(format!("{}-wal", path.display())),
        PathBuf::from(format!("{}-journal", path.display())),
    ]
    .into_iter()
    .filter_map(|file| std::fs::read(&file).ok().map(|bytes| (file, bytes)))
    .collect()
}

/// Fails if any byte of the SQLite file or its logs spells `needle`.
fn assert_no_bytes(path: &Path, needle: &str, when: &str) {
    for (file, bytes) in sqlite_files(path) {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
            "{when}: {} still holds {needle:?}",
            file.display()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The terminal
// ---------------------------------------------------------------------------------------------

/// Sam tracks the roadmap from the terminal with a SQLite file: marks steps 2 and 3 done and
/// quits. The next day a new `chat` on the same file shows the two steps done, "2 of 7".
#[test]
fn cli_progress_in_sqlite_survives_the_process() {
    let dir = TempDir::new("cohort-cli-sqlite");
    let store = sqlite_spec(&dir.path().join("s.sqlite3"));

    let mut first = Session::start(&store);
    assert_eq!(done_steps(&first.text(7, 1, "/done 2")), [2]);
    let answer = first.say(7, 1, "/done 3");
    assert_eq!(answer["intent"], "command", "{answer}");
    assert_eq!(done_steps(answer["text"].as_str().expect("text")), [2, 3]);
    first.finish();

    let mut second = Session::start(&store);
    let progress = second.text(7, 1, "/progress");
    assert_eq!(done_steps(&progress), [2, 3], "{progress}");
    assert!(progress.contains("2 of 7"), "{progress}");
    // Someone else in the same chat has their own progress
    assert_eq!(done_steps(&second.text(7, 2, "/progress")), [] as [u8; 0]);
    second.finish();
}

/// Two terminals share one Redis: what the first marks the second sees at once, and a
/// conversation begun on one goes on on the other — a follow-up ("and in india?", "tell me more
/// about it") is understood by the process that did not hear the question.
#[test]
fn cli_two_processes_on_one_redis_share_progress_and_conversations() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let store = redis.url();
    let mut a = Session::start(&store);
    let mut b = Session::start(&store);

    assert_eq!(done_steps(&a.text(7, 1, "/done 1")), [1]);
    let progress = b.text(7, 1, "/progress");
    assert_eq!(done_steps(&progress), [1], "{progress}");
    assert!(progress.contains("1 of 7"), "{progress}");

    let uk = a.say(7, 1, "devops salary in the uk");
    assert_eq!(uk["intent"], "salary:uk", "{uk}");
    let india = b.say(7, 1, "and in india?");
    assert_eq!(india["intent"], "salary:india", "{india}");
    assert!(
        india["text"].as_str().is_some_and(|t| t.contains("3.8")),
        "not India's figures: {india}"
    );

    // "tell me more about it" means nothing without the question before it
    let cert = a.say(7, 1, "best cert for k8s?");
    assert_eq!(cert["intent"], "cert_for:kubernetes", "{cert}");
    let more = b.say(7, 1, "tell me more about it");
    assert_eq!(more["intent"], "cert_info:cka", "{more}");

    // The board is the chat's, whichever process asks
    assert_eq!(done_steps(&b.text(7, 2, "/done 4")), [4]);
    let board = a.text(7, 3, "/cohort");
    assert!(
        board.contains("(2 members)") && board.contains("user 1") && board.contains("user 2"),
        "{board}"
    );

    a.finish();
    b.finish();
}

/// User 424242 marks steps in a group (chat 5) and in private, asks a question there, then
/// sends /forget in private. Nothing of them is left: no row of any table holds their id or
/// name, no byte of the file or its log spells the name — while the process still runs and after
/// it exits — and the conversation is gone too. Another member's progress in the group is kept.
#[test]
fn cli_forget_leaves_no_trace_in_the_sqlite_file() {
    const ID: i64 = 424_242;
    const NAME: &str = "user 424242";
    let dir = TempDir::new("cohort-cli-forget");
    let path = dir.path().join("s.sqlite3");
    let store = sqlite_spec(&path);

    let mut chat = Session::start(&store);
    assert_eq!(done_steps(&chat.text(5, ID, "/done 2")), [2]);
    assert_eq!(done_steps(&chat.text(ID, ID, "/done 6")), [6]);
    let cert = chat.say(ID, ID, "best cert for k8s?");
    assert_eq!(cert["intent"], "cert_for:kubernetes", "{cert}");
    assert_eq!(done_steps(&chat.text(5, 777, "/done 1")), [1]);
    let before = dump_sqlite(&path);
    assert!(
        before.contains(NAME) && before.contains(&ID.to_string()),
        "the store does not hold the user before /forget, so the test proves nothing:\n{before}"
    );

    // Sent in their own conversation (chat id = user id), as in a private chat: everything goes
    let forgot = chat.text(ID, ID, "/forget");
    assert!(forgot.contains("forgotten"), "{forgot}");
    assert_no_bytes(&path, NAME, "right after /forget");
    let dump = dump_sqlite(&path);
    assert!(
        !dump.contains(&ID.to_string()),
        "the id is still stored:\n{dump}"
    );
    assert!(!dump.contains(NAME), "the name is still stored:\n{dump}");
    assert!(
        dump.contains("user 777"),
        "another member was forgotten too:\n{dump}"
    );
    chat.finish();

    assert_no_bytes(&path, NAME, "after the process exited");
    let dump = dump_sqlite(&path);
    assert!(!dump.contains(&ID.to_string()), "the id is stored:\n{dump}");

    let mut again = Session::start(&store);
    let more = again.say(ID, ID, "tell me more about it");
    assert_ne!(
        more["intent"], "cert_info:cka",
        "the context survived /forget: {more}"
    );
    assert_eq!(done_steps(&again.text(5, ID, "/progress")), [] as [u8; 0]);
    let board = again.text(5, 777, "/cohort");
    assert!(
        board.contains("(1 member)") && board.contains("user 777") && !board.contains(NAME),
        "{board}"
    );
    again.finish();
}

// ---------------------------------------------------------------------------------------------
// Telegram
// ---------------------------------------------------------------------------------------------

/// The bot's side: `run` against the fake Bot API.
#[cfg(feature = "telegram")]
mod telegram {
    use super::*;
    use crate::support::bot::{command, exchange, start_bot};
    use crate::support::fake_bot_api::{
        ALICE, BOB, Call, FakeBotApi, TgUser, describe, entities_of, unix_now,
    };
    use crate::support::html::plain;

    /// A supergroup the bot is a member of.
    const GROUP: i64 = -100123;
    /// How long the bot is given to (wrongly) do something before "it did nothing" is asserted.
    const QUIET: Duration = Duration::from_millis(1500);

    /// A member whose first name is markup, to see it escaped on the board.
    const EVE: TgUser = TgUser {
        id: 1003,
        first_name: "<b>Eve & co</b>",
        username: "eve_and_co",
    };

    /// Fails unless `html` is valid for `parse_mode: "HTML"` (see `support::html`).
    fn assert_telegram_html(html: &str) {
        if let Some(problem) = crate::support::html::telegram_html_problem(html) {
            panic!("not valid Telegram HTML ({problem}): {html}");
        }
    }

    /// The callback data of the button labelled `text`.
    fn button(call: &Call, text: &str) -> String {
        call.buttons()
            .iter()
            .find(|b| b["text"] == text)
            .and_then(|b| b["callback_data"].as_str())
            .map(str::to_owned)
            .unwrap_or_else(|| panic!("no button {text:?}: {call}"))
    }

    /// Pushes a press of `data` under `message` by `user` and waits for its `answerCallbackQuery`.
    fn press(fake: &FakeBotApi, user: TgUser, message: &Value, data: &str) -> Call {
        let pressed = fake.push_update(fake.callback_query(user, message, data));
        let id = pressed["callback_query"]["id"].clone();
        fake.wait_for_call(
            |c| c.method == "answerCallbackQuery" && c.body["callback_query_id"] == id,
            STEP,
        )
    }

    fn is_alert(ack: &Call) -> bool {
        ack.body["show_alert"] == true || ack.body["show_alert"] == "true"
    }

    fn edits(calls: &[Call]) -> Vec<&Call> {
        calls
            .iter()
            .filter(|c| c.method == "editMessageText")
            .collect()
    }

    /// In the study group Alice sends /progress: the roadmap with a "Done"/"Undo" button per
    /// step, each carrying her id. Bob presses her "Done: step 1": he is told, in an alert, that
    /// these are not his buttons, and nothing changes. Alice presses it: the press is
    /// acknowledged and the same message now shows "1 of 7" with an "Undo: step 1" button. The
    /// group's board lists Alice by name — and a terminal on the same SQLite file sees the same
    /// progress and board.
    #[test]
    fn progress_buttons_act_only_for_their_owner() {
        let dir = TempDir::new("cohort-tg-buttons");
        let path = dir.path().join("bot.sqlite3");
        let fake = FakeBotApi::start();
        let _bot = start_bot(&fake, &sqlite_spec(&path), &[]);

        let progress = exchange(
            &fake,
            fake.group_text(GROUP, ALICE, &command("progress", "")),
            GROUP,
            "0 of 7",
        );
        assert_eq!(done_steps(&plain(progress.text())), [] as [u8; 0]);
        for n in 1..=STEPS {
            let data = button(&progress, &format!("Done: step {n}"));
            assert_eq!(data, format!("v1:x:done:{n}:{}", ALICE.id), "{progress}");
        }
        let done_1 = button(&progress, "Done: step 1");

        // Bob presses Alice's button
        let refused = press(&fake, BOB, progress.result(), &done_1);
        assert!(is_alert(&refused), "refused without an alert: {refused}");
        assert!(
            refused.body["text"]
                .as_str()
                .is_some_and(|t| !t.trim().is_empty()),
            "refused without a word: {refused}"
        );
        thread::sleep(QUIET);
        let calls = fake.calls();
        assert!(
            edits(&calls).is_empty(),
            "Bob's press changed a message; {}",
            describe(&calls)
        );

        // Alice presses it
        let before = fake.calls().len();
        let saved = press(&fake, ALICE, progress.result(), &done_1);
        assert!(!is_alert(&saved), "Alice's own press was refused: {saved}");
        let calls = fake.wait_for(|calls| !edits(&calls[before..]).is_empty(), STEP);
        let edit = edits(&calls[before..])[0].clone();
        assert!(edit.succeeded(), "{edit}");
        assert_eq!(edit.body["chat_id"], GROUP, "{edit}");
        assert_eq!(
            edit.body["message_id"],
            progress.result()["message_id"],
            "another message was edited: {edit}"
        );
        let edited = plain(edit.text());
        assert!(edited.contains("1 of 7"), "{edit}");
        assert_eq!(done_steps(&edited), [1], "{edit}");
        assert_telegram_html(edit.text());
        assert_eq!(
            button(&edit, "Undo: step 1"),
            format!("v1:x:undo:1:{}", ALICE.id)
        );
        assert_eq!(
            button(&edit, "Done: step 2"),
            format!("v1:x:done:2:{}", ALICE.id)
        );

        // The board: Alice alone (Bob's press saved nothing for him either)
        let board = exchange(
            &fake,
            fake.group_text(GROUP, BOB, &command("cohort", "")),
            GROUP,
            "Cohort progress",
        );
        let board = plain(board.text());
        assert!(
            board.contains("(1 member)") && board.contains("Alice") && !board.contains("Bob"),
            "{board}"
        );

        // The terminal on the bot's store sees the same
        let mut terminal = Session::start(&sqlite_spec(&path));
        assert_eq!(
            done_steps(&terminal.text(GROUP, ALICE.id, "/progress")),
            [1]
        );
        let board = terminal.text(GROUP, BOB.id, "/cohort");
        assert!(board.contains("Alice"), "{board}");
        terminal.finish();
    }

    /// A member whose first name is `<b>Eve & co</b>` marks step 1, Alice steps 1 and 2: the board
    /// lists Alice first (most advanced), then Eve's name exactly as she wrote it — escaped, so
    /// Telegram shows the markup as text and accepts the message.
    #[test]
    fn cohort_board_escapes_names_most_advanced_first() {
        let fake = FakeBotApi::start();
        let _bot = start_bot(&fake, "memory", &[]);

        let eve = exchange(
            &fake,
            fake.group_text(GROUP, EVE, &command("done", "1")),
            GROUP,
            "1 of 7",
        );
        assert_eq!(
            button(&eve, "Undo: step 1"),
            format!("v1:x:undo:1:{}", EVE.id)
        );
        exchange(
            &fake,
            fake.group_text(GROUP, ALICE, &command("done", "1")),
            GROUP,
            "1 of 7",
        );
        exchange(
            &fake,
            fake.group_text(GROUP, ALICE, &command("done", "2")),
            GROUP,
            "2 of 7",
        );

        let board = exchange(
            &fake,
            fake.group_text(GROUP, BOB, &command("cohort", "")),
            GROUP,
            "Cohort progress",
        );
        let html = board.text();
        assert!(
            html.contains("&lt;b&gt;Eve &amp; co&lt;/b&gt;"),
            "Eve's name is not escaped: {board}"
        );
        let read = plain(html);
        assert!(read.contains("(2 members)"), "{board}");
        let alice = read
            .find("Alice")
            .unwrap_or_else(|| panic!("no Alice: {board}"));
        let eve = read
            .find("<b>Eve & co</b>")
            .unwrap_or_else(|| panic!("no Eve: {board}"));
        assert!(alice < eve, "not most advanced first: {read}");
    }

    /// Alice and Bob mark steps in the group, and Alice one in her private chat. Alice sends
    /// /forget in the group: the board shows only Bob, the store keeps no row of Alice in the
    /// group, and her private progress is untouched. Bob forgets too: nobody is on the board.
    /// /privacy says what is stored and how to delete it.
    #[test]
    fn forget_in_a_group_forgets_that_group_only_and_privacy_explains() {
        let dir = TempDir::new("cohort-tg-forget");
        let path = dir.path().join("bot.sqlite3");
        let fake = FakeBotApi::start();
        let _bot = start_bot(&fake, &sqlite_spec(&path), &[]);

        exchange(
            &fake,
            fake.group_text(GROUP, ALICE, &command("done", "1")),
            GROUP,
            "1 of 7",
        );
        exchange(
            &fake,
            fake.group_text(GROUP, BOB, &command("done", "2")),
            GROUP,
            "1 of 7",
        );
        exchange(
            &fake,
            fake.private_text(ALICE, "/done 3"),
            ALICE.id,
            "1 of 7",
        );
        let board = exchange(
            &fake,
            fake.group_text(GROUP, BOB, &command("cohort", "")),
            GROUP,
            "Cohort progress",
        );
        assert!(plain(board.text()).contains("(2 members)"), "{board}");

        exchange(
            &fake,
            fake.group_text(GROUP, ALICE, &command("forget", "")),
            GROUP,
            "forgotten",
        );
        let board = exchange(
            &fake,
            fake.group_text(GROUP, BOB, &command("cohort", "")),
            GROUP,
            "Cohort progress",
        );
        let read = plain(board.text());
        assert!(
            read.contains("(1 member)") && read.contains("Bob") && !read.contains("Alice"),
            "{read}"
        );
        let alice = format!("| {GROUP} | {}", ALICE.id);
        let dump = dump_sqlite(&path);
        assert!(
            !dump.lines().any(|row| row.contains(&alice)),
            "Alice is still stored in the group:\n{dump}"
        );
        let private = exchange(
            &fake,
            fake.private_text(ALICE, "/progress"),
            ALICE.id,
            "of 7",
        );
        assert_eq!(
            done_steps(&plain(private.text())),
            [3],
            "a group's /forget touched the private chat: {private}"
        );

        exchange(
            &fake,
            fake.group_text(GROUP, BOB, &command("forget", "")),
            GROUP,
            "forgotten",
        );
        exchange(
            &fake,
            fake.group_text(GROUP, ALICE, &command("cohort", "")),
            GROUP,
            "No one has marked a roadmap step yet",
        );

        let privacy = exchange(
            &fake,
            fake.group_text(GROUP, ALICE, &command("privacy", "")),
            GROUP,
            "What I store about you",
        );
        let read = plain(privacy.text());
        for needle in ["user id", "display name", "roadmap steps", "/forget"] {
            assert!(
                read.contains(needle),
                "/privacy does not mention {needle:?}: {read}"
            );
        }
    }

    /// A study group of the basic kind (Telegram's "group", not yet a supergroup).
    const BASIC_GROUP: i64 = -4001;
    /// The supergroup it becomes.
    const UPGRADED: i64 = -1_001_555_296_434;

    /// Alice marks step 1 in the cohort's basic group; then the group is upgraded to a
    /// supergroup (Telegram does it when a group goes public or grows): the bot receives the
    /// two service messages of the migration and the chat has a new id. The cohort's board and
    /// Alice's progress move with it.
    #[test]
    fn board_survives_the_group_becoming_a_supergroup() {
        let fake = FakeBotApi::start();
        let _bot = start_bot(&fake, "memory", &[]);
        let basic = json!({"id": BASIC_GROUP, "type": "group", "title": "DevOps Learners"});
        let supergroup = json!({"id": UPGRADED, "type": "supergroup", "title": "DevOps Learners"});
        let text = command("done", "1");
        let done = json!({"message": {
            "message_id": 11,
            "from": ALICE.json(),
            "chat": basic,
            "date": unix_now(),
            "text": text,
            "entities": entities_of(&text),
        }});
        exchange(&fake, done, BASIC_GROUP, "1 of 7");

        // What Telegram sends on the upgrade, as in teloxide's own tests
        fake.push_update(json!({"message": {
            "message_id": 12,
            "from": ALICE.json(),
            "chat": basic,
            "date": unix_now(),
            "migrate_to_chat_id": UPGRADED,
        }}));
        fake.push_update(json!({"message": {
            "message_id": 1,
            "from": {"id": 1087968824, "is_bot": true, "first_name": "Group",
                     "username": "GroupAnonymousBot"},
            "sender_chat": supergroup,
            "chat": supergroup,
            "date": unix_now(),
            "migrate_from_chat_id": BASIC_GROUP,
        }}));

        let board = exchange(
            &fake,
            fake.group_text(UPGRADED, BOB, &command("cohort", "")),
            UPGRADED,
            "",
        );
        let read = plain(board.text());
        assert!(
            read.contains("(1 member)") && read.contains("Alice"),
            "the board was lost in the upgrade: {read}"
        );
        let progress = exchange(
            &fake,
            fake.group_text(UPGRADED, ALICE, &command("progress", "")),
            UPGRADED,
            "of 7",
        );
        assert_eq!(done_steps(&plain(progress.text())), [1], "{progress}");
    }
}
