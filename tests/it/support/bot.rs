//! The real `devops-guide run --no-throttle` as a child process against a [`FakeBotApi`], for
//! the quiz and reminder tests: [`RunningBot::start`] waits until it polls for updates, and
//! dropping it kills it (printing its stderr when the test failed).

use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::bin;
use crate::support::fake_bot_api::{BOT_USERNAME, Call, FakeBotApi, describe};
use crate::support::html::{plain, telegram_html_problem};

/// A well-formed token (`<bot id>:<secret>`) that only the fake knows.
pub const TOKEN: &str = "123456:TEST-token-abcdefghijklmnopqrstuvwxyz";

/// How long one answer may take (a debug build on a busy machine).
pub const STEP: Duration = Duration::from_secs(10);

/// The running bot.
pub struct RunningBot {
    child: Child,
    stderr: Arc<Mutex<Vec<u8>>>,
}

impl RunningBot {
    /// Starts `run --no-throttle` on `store` with the extra environment `env`, and waits until
    /// it polls.
    pub fn start(fake: &FakeBotApi, store: &str, env: &[(&str, &str)]) -> RunningBot {
        let mut cmd: Command = bin();
        cmd.args(["run", "--no-throttle"])
            .env("TELOXIDE_API_URL", fake.url())
            .env("TELOXIDE_TOKEN", TOKEN)
            .env("DEVOPS_GUIDE_STORE", store)
            .env("RUST_LOG", "info")
            .env_remove("TELEGRAM_BOT_TOKEN")
            .env_remove("TELOXIDE_PROXY")
            .env_remove("DEVOPS_GUIDE_QUIZ_PACE_MS")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (key, value) in env {
            cmd.env(key, value);
        }
        let mut child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&stderr);
        let mut pipe = child.stderr.take().expect("piped stderr");
        thread::spawn(move || {
            let mut buf = [0; 4096];
            while let Ok(n @ 1..) = pipe.read(&mut buf) {
                sink.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .extend_from_slice(&buf[..n]);
            }
        });
        let mut bot = RunningBot { child, stderr };
        let already = fake.calls().len();
        let deadline = Instant::now() + STEP;
        while !fake.calls()[already..].iter().any(|c| {
            c.method == "getUpdates" && c.succeeded() && c.body["offset"].as_i64().unwrap_or(0) >= 0
        }) {
            if let Some(status) = bot.child.try_wait().expect("try_wait") {
                panic!(
                    "the bot exited ({status}) before polling; stderr:\n{}",
                    bot.stderr()
                );
            }
            assert!(
                Instant::now() < deadline,
                "the bot did not poll within {STEP:?}; {}",
                describe(&fake.calls())
            );
            thread::sleep(Duration::from_millis(20));
        }
        bot
    }

    /// What the bot wrote to stderr so far.
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr.lock().unwrap_or_else(|e| e.into_inner())).into_owned()
    }

    /// Kills the bot and waits for it to exit.
    pub fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for RunningBot {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if thread::panicking() {
            eprintln!("--- the bot's stderr ---\n{}", self.stderr());
        }
    }
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
