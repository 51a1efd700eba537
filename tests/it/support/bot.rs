//! The real `devops-guide run --no-throttle` as a child process against a [`FakeBotApi`], for
//! the quiz, reminder, cohort and picture tests: [`start_bot`] waits until it polls for updates,
//! and dropping the [`Process`] kills it (printing its stderr when the test failed); plus
//! exchanging messages with it.

use std::process::Command;
use std::time::Duration;

use serde_json::Value;

use crate::support::bin;
use crate::support::fake_bot_api::{BOT_USERNAME, Call, FakeBotApi};
use crate::support::html::{plain, telegram_html_problem};
use crate::support::running::Process;

/// A well-formed token (`<bot id>:<secret>`) that only the fake knows.
pub const TOKEN: &str = "123456:TEST-token-abcdefghijklmnopqrstuvwxyz";

/// How long one answer may take (a debug build on a busy machine).
pub const STEP: Duration = Duration::from_secs(10);

/// Starts `run --no-throttle` on `store` with the extra environment `env`, and waits until it
/// polls; the bot is killed when the returned process is dropped.
pub fn start_bot(fake: &FakeBotApi, store: &str, env: &[(&str, &str)]) -> Process {
    let mut cmd: Command = bin();
    cmd.args(["run", "--no-throttle"])
        .env("TELOXIDE_API_URL", fake.url())
        .env("TELOXIDE_TOKEN", TOKEN)
        .env("DEVOPS_GUIDE_STORE", store)
        .env("RUST_LOG", "info")
        .env_remove("TELEGRAM_BOT_TOKEN")
        .env_remove("TELOXIDE_PROXY")
        .env_remove("DEVOPS_GUIDE_QUIZ_PACE_MS");
    for (key, value) in env {
        cmd.env(key, value);
    }
    let mut bot = Process::spawn_as("the bot", cmd);
    let already = fake.calls().len();
    bot.wait_polling(fake, already, STEP);
    bot
}

/// `/command@bot args` as typed in a group.
pub fn command(name: &str, args: &str) -> String {
    format!("/{name}@{BOT_USERNAME} {args}")
        .trim_end()
        .to_owned()
}

/// Pushes `update` and waits for the successful `sendMessage` to `chat` after it whose text (as
/// read) contains `needle`; its HTML must be valid for Telegram.
pub fn exchange(fake: &FakeBotApi, update: impl Into<Value>, chat: i64, needle: &str) -> Call {
    let before = fake.calls().len();
    fake.push_update(update);
    let found =
        |c: &Call| c.is_message_to(chat) && c.succeeded() && plain(c.text()).contains(needle);
    let calls = fake.wait_for(|calls| calls[before..].iter().any(found), STEP);
    let reply = calls[before..]
        .iter()
        .find(|c| found(c))
        .cloned()
        .expect("the reply just seen");
    if let Some(problem) = telegram_html_problem(reply.text()) {
        panic!("not valid Telegram HTML ({problem}): {}", reply.text());
    }
    reply
}

/// The successful `sendPoll` calls to `chat`, in order.
pub fn polls_to(calls: &[Call], chat: i64) -> Vec<Call> {
    calls
        .iter()
        .filter(|c| c.method == "sendPoll" && c.chat_id() == Some(chat) && c.succeeded())
        .cloned()
        .collect()
}
