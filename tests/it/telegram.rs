//! End-to-end tests of the Telegram front-end: the real `devops-guide run --no-throttle`,
//! polling a [`FakeBotApi`] on the loopback through `TELOXIDE_API_URL`.
//!
//! Each test starts its own fake and its own bot process (killed when the test ends), pushes
//! updates as Telegram would deliver them, and asserts on the calls the bot made, with a
//! deadline. "Nothing was sent" is asserted after [`QUIET`], and then (where it matters) a
//! question the bot must answer proves that it was listening all along.

use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::bin;
use crate::support::fake_bot_api::{ALICE, BOB, BOT_USERNAME, Call, FakeBotApi, describe};
use crate::support::html::{plain, telegram_html_problem};
use crate::support::running::Process;

/// A well-formed token (`<bot id>:<secret>`) that only the fake knows.
const TOKEN: &str = "123456:TEST-token-abcdefghijklmnopqrstuvwxyz";
/// The secret half of [`TOKEN`], which must never be printed.
const TOKEN_SECRET: &str = "TEST-token-abcdefghijklmnopqrstuvwxyz";

/// A supergroup the bot is a member of.
const GROUP: i64 = -100123;

/// How long one answer may take (a debug build on a busy 2-core machine).
const STEP: Duration = Duration::from_secs(10);
/// How long the bot is given to (wrongly) say something before "it said nothing" is asserted.
const QUIET: Duration = Duration::from_millis(1500);
/// How long the process may take to start polling, or to exit when it should.
const EXIT: Duration = Duration::from_secs(10);

/// The answers to "what cert for kubernetes?" and to "devops salary in the uk" contain these.
const CKA: &str = "Certified Kubernetes Administrator";
const UK_SALARY: &str = "57,500";

// ---------------------------------------------------------------------------------------------
// The bot process
// ---------------------------------------------------------------------------------------------

/// `devops-guide run --no-throttle` against `fake`, logging at info, with `token` as
/// `TELOXIDE_TOKEN` (none at all when `None`).
fn run_command(fake: &FakeBotApi, token: Option<&str>) -> Command {
    let mut cmd = bin();
    cmd.args(["run", "--no-throttle"])
        .env("TELOXIDE_API_URL", fake.url())
        .env("RUST_LOG", "info")
        // Nothing of the tests' in the user's state directory.
        .env("DEVOPS_GUIDE_STORE", "memory")
        .env_remove("TELEGRAM_BOT_TOKEN")
        .env_remove("TELOXIDE_TOKEN")
        .env_remove("TELOXIDE_PROXY");
    if let Some(token) = token {
        cmd.env("TELOXIDE_TOKEN", token);
    }
    cmd
}

/// A fake Bot API and the bot polling it with [`TOKEN`]. The bot is killed on drop; when a test
/// fails, its stderr is printed to help tell why.
fn start() -> (FakeBotApi, Process) {
    let fake = FakeBotApi::start();
    let mut bot = Process::spawn_as("the bot", run_command(&fake, Some(TOKEN)));
    bot.wait_polling(&fake, 0, EXIT);
    (fake, bot)
}

// ---------------------------------------------------------------------------------------------
// Reading what the bot sent
// ---------------------------------------------------------------------------------------------

fn assert_telegram_html(call: &Call) {
    if let Some(problem) = telegram_html_problem(call.text()) {
        panic!("not valid Telegram HTML ({problem}): {call}");
    }
}

/// The successful `sendMessage` calls to `chat`.
fn messages_to(calls: &[Call], chat: i64) -> Vec<&Call> {
    calls
        .iter()
        .filter(|c| c.is_message_to(chat) && c.succeeded())
        .collect()
}

/// Waits for a successful `sendMessage` to `chat` whose text (as read) contains `needle`.
fn wait_reply(fake: &FakeBotApi, chat: i64, needle: &str, timeout: Duration) -> Call {
    fake.wait_for_call(
        |c| c.is_message_to(chat) && c.succeeded() && plain(c.text()).contains(needle),
        timeout,
    )
}

/// Sleeps until `QUIET` has passed since `since`.
fn quiet_since(since: Instant) {
    thread::sleep((since + QUIET).saturating_duration_since(Instant::now()));
}

/// Fails unless the bot, given [`QUIET`] since `since`, sent nothing at all to `chat`.
fn assert_nothing_sent_to(fake: &FakeBotApi, chat: i64, since: Instant) {
    quiet_since(since);
    let calls = fake.calls();
    assert!(
        !calls.iter().any(|c| c.is_message_to(chat)),
        "the bot sent something to chat {chat}; {}",
        describe(&calls)
    );
}

/// Proves the bot is still reading `chat` (a group): a mention is answered.
fn assert_still_answers_group(fake: &FakeBotApi) {
    fake.push_update(fake.group_text(
        GROUP,
        ALICE,
        &format!("@{BOT_USERNAME} devops salary in the uk"),
    ));
    wait_reply(fake, GROUP, UK_SALARY, STEP);
}

// ---------------------------------------------------------------------------------------------
// Private chats
// ---------------------------------------------------------------------------------------------

/// Alice opens the bot and presses Start: she is welcomed in HTML, with buttons to tap; and
/// before that, at start-up, the bot registered its command menu.
#[test]
fn start_in_private_welcomes_with_html_and_buttons_and_commands_are_registered() {
    let (fake, _bot) = start();

    let registered = fake.wait_for_call(|c| c.method == "setMyCommands" && c.succeeded(), STEP);
    let names: Vec<&str> = registered.body["commands"]
        .as_array()
        .unwrap_or_else(|| panic!("setMyCommands without commands: {registered}"))
        .iter()
        .map(|c| c["command"].as_str().unwrap_or(""))
        .collect();
    for name in &names {
        assert!(
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
            "command {name:?} is not what Telegram accepts (a-z, 0-9, _; no slash)"
        );
    }
    for expected in [
        "start", "help", "roadmap", "certs", "salary", "skills", "roles", "tools", "about",
    ] {
        assert!(
            names.contains(&expected),
            "/{expected} is not registered: {names:?}"
        );
    }

    fake.push_update(fake.private_text(ALICE, "/start"));

    let welcome = fake.wait_for_call(|c| c.is_message_to(ALICE.id) && c.succeeded(), STEP);
    assert_eq!(welcome.body["parse_mode"], "HTML", "{welcome}");
    assert!(
        plain(welcome.text()).to_lowercase().contains("devops"),
        "not a welcome: {welcome}"
    );
    assert!(
        !welcome.buttons().is_empty(),
        "no inline keyboard: {welcome}"
    );
    assert_telegram_html(&welcome);
}

/// Alice asks in her own words which certification proves Kubernetes skills, and gets the CKA.
#[test]
fn private_question_is_answered() {
    let (fake, _bot) = start();

    fake.push_update(fake.private_text(ALICE, "what cert for kubernetes?"));

    let answer = wait_reply(&fake, ALICE.id, CKA, STEP);
    assert_telegram_html(&answer);
}

/// Alice pastes markup at the bot. Whatever it answers shows her text as text: nothing she
/// wrote reaches Telegram as a tag, and every reply parses as Telegram HTML.
#[test]
fn user_markup_is_never_echoed_raw() {
    let (fake, _bot) = start();

    fake.push_update(fake.private_text(ALICE, "<b>hi</b> & <script>"));
    fake.push_update(fake.private_text(
        ALICE,
        "what cert for <script>alert(1)</script> & <i>co</i>?",
    ));

    let calls = fake.wait_for(|calls| messages_to(calls, ALICE.id).len() >= 2, STEP);
    for reply in messages_to(&calls, ALICE.id) {
        assert!(
            !reply.text().contains("<script"),
            "raw markup echoed: {reply}"
        );
        assert_telegram_html(reply);
    }
}

/// Alice sends a sticker: the bot tells her, in one line, that it reads text.
#[test]
fn sticker_in_private_gets_a_one_line_hint() {
    let (fake, _bot) = start();
    let sent = Instant::now();

    fake.push_update(fake.sticker(ALICE.id, ALICE));

    let hint = fake.wait_for_call(|c| c.is_message_to(ALICE.id) && c.succeeded(), STEP);
    let text = plain(hint.text());
    assert!(
        !text.trim().is_empty() && !text.trim().contains('\n'),
        "not a one-line hint: {hint}"
    );
    quiet_since(sent);
    assert_eq!(
        messages_to(&fake.calls(), ALICE.id).len(),
        1,
        "{}",
        describe(&fake.calls())
    );
}

/// Alice fires off twelve questions in a row: the bot answers at most ten, says "slow down"
/// exactly once, and ignores the rest.
#[test]
fn flood_control_answers_at_most_ten_and_says_slow_down_once() {
    let (fake, _bot) = start();
    let sent = Instant::now();

    for _ in 0..12 {
        fake.push_update(fake.private_text(ALICE, "what cert for kubernetes?"));
    }

    fake.wait_for_call(
        |c| c.is_message_to(ALICE.id) && plain(c.text()).to_lowercase().contains("slow down"),
        STEP,
    );
    quiet_since(sent);
    let calls = fake.calls();
    let replies = messages_to(&calls, ALICE.id);
    let slow_down = replies
        .iter()
        .filter(|c| plain(c.text()).to_lowercase().contains("slow down"))
        .count();
    let answers = replies.len() - slow_down;
    assert_eq!(slow_down, 1, "{}", describe(&calls));
    assert!(
        (1..=10).contains(&answers),
        "{answers} answers; {}",
        describe(&calls)
    );
}

// ---------------------------------------------------------------------------------------------
// Groups
// ---------------------------------------------------------------------------------------------

/// Bob asks the group about lunch. That is not for the bot, which stays silent; it still
/// answers when mentioned afterwards.
#[test]
fn group_chatter_is_ignored() {
    let (fake, _bot) = start();
    let sent = Instant::now();

    fake.push_update(fake.group_text(GROUP, BOB, "anyone up for lunch?"));

    assert_nothing_sent_to(&fake, GROUP, sent);
    assert_still_answers_group(&fake);
}

/// Alice mentions the bot in the group to ask about UK salaries: it answers, as a reply to
/// her message.
#[test]
fn group_mention_is_answered_as_a_reply() {
    let (fake, _bot) = start();
    let question = fake.group_text(
        GROUP,
        ALICE,
        &format!("@{BOT_USERNAME} devops salary in the uk"),
    );
    let asked = question.id();

    fake.push_update(question);

    let answer = wait_reply(&fake, GROUP, UK_SALARY, STEP);
    assert_eq!(
        answer.reply_to(),
        Some(asked),
        "not a reply to the question: {answer}"
    );
}

/// Having asked about the UK, Alice replies to the bot's answer "and in india?": a reply to the
/// bot is addressed to it, and the conversation's context makes it a salary question.
#[test]
fn group_reply_to_the_bot_continues_the_conversation() {
    let (fake, _bot) = start();
    fake.push_update(fake.group_text(
        GROUP,
        ALICE,
        &format!("@{BOT_USERNAME} devops salary in the uk"),
    ));
    let uk = wait_reply(&fake, GROUP, UK_SALARY, STEP);

    fake.push_update(
        fake.group_text(GROUP, ALICE, "and in india?")
            .replying_to(uk.result()),
    );

    wait_reply(&fake, GROUP, "3.8", STEP);
}

/// In the group, `/help@OtherBot` is for another bot and is ignored; `/salary@<bot> uk` is
/// answered.
#[test]
fn group_commands_are_answered_only_when_addressed_to_the_bot() {
    let (fake, _bot) = start();
    let sent = Instant::now();

    fake.push_update(fake.group_text(GROUP, ALICE, "/help@OtherBot"));
    fake.push_update(fake.group_text(GROUP, ALICE, &format!("/salary@{BOT_USERNAME} uk")));

    wait_reply(&fake, GROUP, UK_SALARY, STEP);
    quiet_since(sent);
    let calls = fake.calls();
    assert_eq!(messages_to(&calls, GROUP).len(), 1, "{}", describe(&calls));
}

/// In a forum group, Alice asks in the "Careers" topic: the answer goes to that topic.
#[test]
fn forum_topic_question_is_answered_in_the_topic() {
    let (fake, _bot) = start();

    fake.push_update(
        fake.group_text(
            GROUP,
            ALICE,
            &format!("@{BOT_USERNAME} devops salary in the uk"),
        )
        .in_topic(77),
    );

    let answer = wait_reply(&fake, GROUP, UK_SALARY, STEP);
    assert_eq!(
        answer.body["message_thread_id"], 77,
        "not in the topic: {answer}"
    );
}

/// Bob sends a sticker in the group: nothing for the bot to say.
#[test]
fn sticker_in_group_is_ignored() {
    let (fake, _bot) = start();
    let sent = Instant::now();

    fake.push_update(fake.sticker(GROUP, BOB));

    assert_nothing_sent_to(&fake, GROUP, sent);
    assert_still_answers_group(&fake);
}

/// Bob adds the bot to the group: it introduces itself, once.
#[test]
fn bot_added_to_group_introduces_itself_once() {
    let (fake, _bot) = start();
    let sent = Instant::now();

    fake.push_update(fake.bot_added_to_group(GROUP, BOB));

    fake.wait_for(|calls| !messages_to(calls, GROUP).is_empty(), STEP);
    quiet_since(sent);
    let calls = fake.calls();
    assert_eq!(messages_to(&calls, GROUP).len(), 1, "{}", describe(&calls));
}

// ---------------------------------------------------------------------------------------------
// Buttons and inline mode
// ---------------------------------------------------------------------------------------------

/// Alice taps a button under the welcome: the tap is acknowledged (the spinner stops) and the
/// answer comes as a new message.
#[test]
fn button_press_is_acknowledged_and_answered() {
    let (fake, _bot) = start();
    fake.push_update(fake.private_text(ALICE, "/start"));
    let welcome = fake.wait_for_call(
        |c| c.is_message_to(ALICE.id) && !c.buttons().is_empty(),
        STEP,
    );
    let data = welcome
        .buttons()
        .iter()
        .find_map(|b| b["callback_data"].as_str().map(str::to_owned))
        .unwrap_or_else(|| panic!("no callback button: {welcome}"));
    let before = fake.calls().len();

    let press = fake.push_update(fake.callback_query(ALICE, welcome.result(), &data));

    let query_id = press["callback_query"]["id"].clone();
    fake.wait_for(
        |calls| {
            let later = &calls[before..];
            later.iter().any(|c| {
                c.method == "answerCallbackQuery" && c.body["callback_query_id"] == query_id
            }) && later
                .iter()
                .any(|c| c.is_message_to(ALICE.id) && c.succeeded())
        },
        STEP,
    );
}

/// Alice taps a button of a message from an older version of the bot, whose data it no longer
/// understands: the tap is still acknowledged, with a word of explanation, and the bot goes on.
#[test]
fn stale_button_is_acknowledged_and_the_bot_goes_on() {
    let (fake, mut bot) = start();
    let old = fake.bot_message(ALICE.id, "An answer from an older version");

    let press = fake.push_update(fake.callback_query(ALICE, &old, "v0:stale"));

    let query_id = press["callback_query"]["id"].clone();
    let ack = fake.wait_for_call(
        |c| c.method == "answerCallbackQuery" && c.body["callback_query_id"] == query_id,
        STEP,
    );
    assert!(
        ack.body["text"]
            .as_str()
            .is_some_and(|t| !t.trim().is_empty()),
        "acknowledged without a word: {ack}"
    );
    fake.push_update(fake.private_text(ALICE, "what cert for kubernetes?"));
    wait_reply(&fake, ALICE.id, CKA, STEP);
    bot.assert_running();
}

/// Alice types "@<bot> kubernetes cert" in another chat: the bot offers an article whose
/// message is the CKA answer.
#[test]
fn inline_query_offers_the_answer() {
    let (fake, _bot) = start();

    let query = fake.push_update(fake.inline_query(ALICE, "kubernetes cert"));

    let query_id = query["inline_query"]["id"].clone();
    let answer = fake.wait_for_call(
        |c| c.method == "answerInlineQuery" && c.body["inline_query_id"] == query_id,
        STEP,
    );
    let results = answer.body["results"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(!results.is_empty(), "no results: {answer}");
    assert!(results.iter().all(|r| r["type"] == "article"), "{answer}");
    assert!(
        results.iter().any(|r| {
            plain(
                r["input_message_content"]["message_text"]
                    .as_str()
                    .unwrap_or(""),
            )
            .contains(CKA)
        }),
        "no result carries the CKA: {answer}"
    );
}

/// Alice types just "@<bot> ": before she writes a question, the bot suggests some.
#[test]
fn empty_inline_query_offers_suggestions() {
    let (fake, _bot) = start();

    let query = fake.push_update(fake.inline_query(ALICE, ""));

    let query_id = query["inline_query"]["id"].clone();
    let answer = fake.wait_for_call(
        |c| c.method == "answerInlineQuery" && c.body["inline_query_id"] == query_id,
        STEP,
    );
    let results = answer.body["results"].as_array().map_or(0, Vec::len);
    assert!(results >= 2, "{results} results: {answer}");
}

// ---------------------------------------------------------------------------------------------
// Telegram failing
// ---------------------------------------------------------------------------------------------

/// Telegram answers the first reply with 429 "retry after 1": the bot waits and sends it again,
/// and Alice gets it exactly once.
#[test]
fn reply_is_retried_after_429_and_delivered_once() {
    let (fake, _bot) = start();
    fake.fail_next_with_429("sendMessage", 1);

    fake.push_update(fake.private_text(ALICE, "what cert for kubernetes?"));

    let delivered = wait_reply(&fake, ALICE.id, CKA, STEP);
    thread::sleep(QUIET);
    let calls = fake.calls();
    let to_alice: Vec<&Call> = calls.iter().filter(|c| c.is_message_to(ALICE.id)).collect();
    assert_eq!(
        to_alice.first().map(|c| c.status),
        Some(429),
        "{}",
        describe(&calls)
    );
    let successes: Vec<&&Call> = to_alice
        .iter()
        .filter(|c| c.succeeded() && c.text() == delivered.text())
        .collect();
    assert_eq!(successes.len(), 1, "{}", describe(&calls));
}

/// Telegram answers the first reply with 500: after teloxide's own 10 s pause the bot tries
/// again and the answer arrives.
#[test]
fn reply_is_retried_after_500_and_delivered() {
    let (fake, _bot) = start();
    fake.fail_next_with_500("sendMessage");

    fake.push_update(fake.private_text(ALICE, "what cert for kubernetes?"));

    wait_reply(&fake, ALICE.id, CKA, Duration::from_secs(25));
    let calls = fake.calls();
    let to_alice: Vec<&Call> = calls.iter().filter(|c| c.is_message_to(ALICE.id)).collect();
    assert_eq!(
        to_alice.first().map(|c| c.status),
        Some(500),
        "{}",
        describe(&calls)
    );
    assert_eq!(
        to_alice.iter().filter(|c| c.succeeded()).count(),
        1,
        "{}",
        describe(&calls)
    );
}

// ---------------------------------------------------------------------------------------------
// Start-up and shutdown
// ---------------------------------------------------------------------------------------------

/// The operator forgot to set a token: `run` says so in one line and exits with 2, without
/// calling Telegram.
#[test]
fn missing_token_exits_2_with_one_line() {
    let fake = FakeBotApi::start();
    let mut cmd = run_command(&fake, None);
    cmd.env_remove("RUST_LOG");
    let mut bot = Process::spawn_as("the bot", cmd);

    let status = bot.wait_exit(EXIT);

    let stderr = bot.stderr();
    assert_eq!(status.code(), Some(2), "stderr:\n{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "stderr:\n{stderr}");
    assert!(fake.calls().is_empty(), "{}", describe(&fake.calls()));
}

/// The operator pasted something that is not a token: `run` exits with 2 and does not print
/// it back.
#[test]
fn malformed_token_exits_2_without_printing_it() {
    let fake = FakeBotApi::start();
    let mut cmd = run_command(&fake, Some("abc"));
    cmd.env_remove("RUST_LOG");
    let mut bot = Process::spawn_as("the bot", cmd);

    let status = bot.wait_exit(EXIT);

    let stderr = bot.stderr();
    assert_eq!(status.code(), Some(2), "stderr:\n{stderr}");
    assert!(!stderr.contains("abc"), "the token is printed:\n{stderr}");
    assert!(fake.calls().is_empty(), "{}", describe(&fake.calls()));
}

/// The token was revoked: Telegram answers getMe with 401. The bot exits with an error within
/// seconds, says the token was rejected, and does not print it.
#[test]
fn rejected_token_exits_nonzero_without_printing_it() {
    let fake = FakeBotApi::start();
    fake.reject_token(TOKEN);
    let mut bot = Process::spawn_as("the bot", run_command(&fake, Some(TOKEN)));

    let status = bot.wait_exit(EXIT);

    let stderr = bot.stderr();
    assert!(
        status.code().is_some_and(|c| c != 0),
        "exit {status}; stderr:\n{stderr}"
    );
    let lower = stderr.to_lowercase();
    assert!(
        ["rejected", "401", "unauthorized"]
            .iter()
            .any(|w| lower.contains(w)),
        "stderr does not say the token was rejected:\n{stderr}"
    );
    assert!(
        !stderr.contains(TOKEN_SECRET),
        "the token is printed:\n{stderr}"
    );
    assert!(
        fake.calls()
            .iter()
            .any(|c| c.method == "getMe" && c.status == 401),
        "{}",
        describe(&fake.calls())
    );
}

/// systemd stops the service with SIGTERM: the bot stops polling and exits with 0.
#[test]
fn sigterm_exits_cleanly() {
    let (_fake, mut bot) = start();

    let killed = Command::new("kill")
        .args(["-TERM", &bot.child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(killed.success());

    let status = bot.wait_exit(EXIT);
    assert!(status.success(), "exit {status}; stderr:\n{}", bot.stderr());
}

// ---------------------------------------------------------------------------------------------
// The helpers themselves
// ---------------------------------------------------------------------------------------------

#[test]
fn telegram_html_check_accepts_escaped_text_and_known_tags_only() {
    let ok = [
        "plain",
        "<b>CKA</b> &amp; more &lt;script&gt; &#39; &#x27;",
        "<a href=\"https://example.com\">x</a> <blockquote><i>q</i></blockquote>",
    ];
    for text in ok {
        assert_eq!(telegram_html_problem(text), None, "{text}");
    }
    let bad = [
        "<script>",
        "a & b",
        "1 > 0",
        "<b>open",
        "</i>",
        "<b><i>x</b></i>",
        "&nbsp;",
    ];
    for text in bad {
        assert!(telegram_html_problem(text).is_some(), "{text}");
    }
    assert_eq!(plain("<b>A</b> &amp; &lt;B&gt;"), "A & <B>");
}

#[test]
fn fake_entities_match_what_telegram_derives() {
    use crate::support::fake_bot_api::entities_of;

    let mention = entities_of("hey @DevopsGuideTestBot, salary?");
    assert_eq!(
        mention,
        vec![serde_json::json!({"type": "mention", "offset": 4, "length": 19})]
    );
    let command = entities_of("/salary@DevopsGuideTestBot uk");
    assert_eq!(
        command,
        vec![serde_json::json!({"type": "bot_command", "offset": 0, "length": 26})]
    );
    // Offsets count UTF-16 code units: the emoji before the mention is two.
    let emoji = entities_of("👋 @DevopsGuideTestBot");
    assert_eq!(emoji[0]["offset"], Value::from(3));
    assert!(entities_of("mail me at a@b.co").is_empty());
}

/// An editor writes a very long job overview (over 6,000 characters). Asked for the job
/// description, the bot sends it as several messages, each within Telegram's 4,096 characters,
/// split between paragraphs and all valid HTML, with the buttons on the last one only.
#[test]
fn a_long_answer_is_split_into_messages_within_telegrams_limit() {
    let knowledge = crate::support::copy_knowledge();
    let sentence = "The ideal candidate automates delivery & keeps <systems> reliable. ";
    let long = sentence.repeat(100);
    knowledge.replace(
        "job_description.toml",
        "overview = \"We are seeking",
        &format!("overview = \"{long}We are seeking"),
    );
    let fake = FakeBotApi::start();
    let mut cmd = run_command(&fake, Some(TOKEN));
    cmd.arg("--knowledge").arg(knowledge.path());
    let mut bot = Process::spawn_as("the bot", cmd);
    bot.wait_polling(&fake, 0, EXIT);

    fake.push_update(fake.private_text(ALICE, "show me the sample job description"));

    let calls = fake.wait_for(
        |calls| {
            messages_to(calls, ALICE.id)
                .iter()
                .any(|c| c.text().contains("Preferred certifications"))
        },
        STEP,
    );
    let parts = messages_to(&calls, ALICE.id);
    assert!(parts.len() >= 2, "{}", describe(&calls));
    for part in &parts {
        assert!(
            part.text().chars().count() <= 4096,
            "{} chars",
            part.text().chars().count()
        );
        assert_telegram_html(part);
    }
    let total: usize = parts
        .iter()
        .map(|p| plain(p.text()).matches("automates delivery").count())
        .sum();
    assert_eq!(
        total, 100,
        "every sentence of the overview arrives exactly once"
    );
    let (last, rest) = parts.split_last().expect("parts");
    assert!(rest.iter().all(|p| p.buttons().is_empty()));
    assert!(!last.buttons().is_empty() || last.body["reply_markup"].is_null());
}

/// Alice fixes a typo in a question the bot already answered. Telegram delivers the edit as an
/// `edited_message`; the bot does not answer the same question a second time.
#[test]
fn an_edited_message_is_not_answered_twice() {
    let (fake, _bot) = start();

    let update = fake.push_update(fake.private_text(ALICE, "what cert for kubernets?"));
    wait_reply(&fake, ALICE.id, CKA, STEP);
    let answers_before = messages_to(&fake.calls(), ALICE.id).len();

    let since = Instant::now();
    let mut edited = update["message"].clone();
    edited["text"] = serde_json::json!("what cert for kubernetes?");
    edited["edit_date"] = serde_json::json!(crate::support::fake_bot_api::unix_now());
    let edit = fake.push_update(serde_json::json!({ "edited_message": edited }));
    quiet_since(since);

    let calls = fake.calls();
    // The bot did receive the edit: it polled past its update id.
    let edit_id = edit["update_id"].as_i64().expect("update id");
    assert!(
        calls
            .iter()
            .any(|c| c.method == "getUpdates" && c.body["offset"].as_i64().unwrap_or(0) > edit_id),
        "the edit was never fetched; {}",
        describe(&calls)
    );
    assert_eq!(
        messages_to(&calls, ALICE.id).len(),
        answers_before,
        "the edit was answered again; {}",
        describe(&calls)
    );
}
