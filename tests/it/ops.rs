//! Operating the bot end to end, on the real `devops-guide run`: the HTTP endpoints
//! (`/healthz`, `/readyz` with a store that goes away, `/metrics` moving), graceful shutdown on
//! SIGTERM during a slow reply, knowledge hot reload on SIGHUP, logs at trace level through
//! failures never showing the token or the webhook secret, and the polling safety checks (a
//! webhook set, another poller).

use std::net::SocketAddr;
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use crate::support::fake_bot_api::{ALICE, Call, FakeBotApi, describe};
use crate::support::html::plain;
use crate::support::running::{Process, free_addr, get, metric};
use crate::support::stores::RedisServer;
use crate::support::{bin, code, copy_knowledge, run_quiet, stderr};
use crate::webhook::{SECRET, TOKEN, TOKEN_SECRET, post_update, replica_command};

const STEP: Duration = Duration::from_secs(15);

/// `devops-guide run --no-throttle --listen ADDR` (long polling) against `fake`.
fn polling_command(fake: &FakeBotApi, listen: SocketAddr, store: &str) -> Command {
    let mut cmd = throttled_polling_command(fake, listen, store);
    cmd.arg("--no-throttle");
    cmd
}

/// `devops-guide run --listen ADDR` (long polling, keeping Telegram's limits) against `fake`.
fn throttled_polling_command(fake: &FakeBotApi, listen: SocketAddr, store: &str) -> Command {
    let mut cmd = bin();
    cmd.args(["run", "--listen"])
        .arg(listen.to_string())
        .env("TELOXIDE_API_URL", fake.url())
        .env("TELOXIDE_TOKEN", TOKEN)
        .env("DEVOPS_GUIDE_STORE", store)
        .env("RUST_LOG", "info")
        .env_remove("TELEGRAM_BOT_TOKEN")
        .env_remove("WEBHOOK_SECRET")
        .env_remove("DEVOPS_GUIDE_WEBHOOK_URL")
        .env_remove("DEVOPS_GUIDE_LISTEN");
    cmd
}

fn start_polling(fake: &FakeBotApi, store: &str, extra: &[&str]) -> (Process, SocketAddr) {
    let addr = free_addr();
    let mut cmd = polling_command(fake, addr, store);
    cmd.args(extra);
    let mut bot = Process::spawn(cmd);
    bot.wait_http(addr, STEP);
    bot.wait_polling(fake, 0, STEP);
    (bot, addr)
}

fn reply_containing(fake: &FakeBotApi, needle: &str, after: usize) -> Call {
    let calls = fake.wait_for(
        |calls| {
            calls[after.min(calls.len())..].iter().any(|c| {
                c.is_message_to(ALICE.id) && c.succeeded() && plain(c.text()).contains(needle)
            })
        },
        STEP,
    );
    calls[after..]
        .iter()
        .find(|c| c.is_message_to(ALICE.id) && c.succeeded() && plain(c.text()).contains(needle))
        .cloned()
        .expect("just seen")
}

#[test]
fn healthz_answers_and_metrics_move_after_a_message() {
    let fake = FakeBotApi::start();
    let (bot, addr) = start_polling(&fake, "memory", &[]);
    let health = get(addr, "/healthz");
    assert_eq!((health.status, health.body.as_str()), (200, "ok\n"));
    let ready = get(addr, "/readyz");
    assert_eq!(ready.status, 200, "{}", ready.body);
    let before = get(addr, "/metrics").body;
    assert!(
        before.contains("devops_guide_knowledge_info{version=\"kb-"),
        "{before}"
    );
    let messages = "devops_guide_updates_total{kind=\"message\"}";
    let certs = "devops_guide_replies_total{intent=\"certifications\"}";
    let matched = "devops_guide_matching_seconds_count";
    let stored = "devops_guide_store_seconds_count";

    fake.push_update(fake.private_text(ALICE, "what cert for kubernetes?"));
    reply_containing(&fake, "Certified Kubernetes Administrator", 0);
    let after = get(addr, "/metrics").body;
    assert_eq!(metric(&after, messages), metric(&before, messages) + 1.0);
    assert_eq!(metric(&after, certs), metric(&before, certs) + 1.0);
    assert_eq!(metric(&after, matched), metric(&before, matched) + 1.0);
    assert!(metric(&after, stored) > metric(&before, stored), "{after}");
    assert!(
        after.contains("# TYPE devops_guide_matching_seconds histogram"),
        "{after}"
    );

    // Message texts are logged only at debug level.
    assert!(
        !bot.stderr().contains("what cert for kubernetes"),
        "{}",
        bot.stderr()
    );

    // A 500 from Telegram is counted by code, and its retry.
    fake.fail_next_with_500("sendMessage");
    let seen = fake.calls().len();
    fake.push_update(fake.private_text(ALICE, "devops salary in the uk"));
    reply_containing(&fake, "57,500", seen);
    let after = get(addr, "/metrics").body;
    assert_eq!(
        metric(
            &after,
            "devops_guide_telegram_api_errors_total{code=\"5xx\"}"
        ),
        1.0,
        "{after}"
    );
    assert_eq!(
        metric(
            &after,
            "devops_guide_telegram_retries_total{request=\"sendMessage\"}"
        ),
        1.0,
        "{after}"
    );
}

#[test]
fn readyz_is_503_while_the_store_is_down() {
    let Some(mut redis) = RedisServer::start() else {
        return;
    };
    let fake = FakeBotApi::start();
    let (_bot, addr) = start_polling(&fake, &redis.url(), &[]);
    assert_eq!(get(addr, "/readyz").status, 200);
    redis.stop();
    let down = get(addr, "/readyz");
    assert_eq!(down.status, 503, "{}", down.body);
    assert!(down.body.contains("store"), "{}", down.body);
    assert!(!down.body.contains("127.0.0.1"), "{}", down.body);
    // Alive all the same: a liveness probe must not restart a pod for its store.
    assert_eq!(get(addr, "/healthz").status, 200);
    redis.restart();
    let deadline = Instant::now() + STEP;
    while get(addr, "/readyz").status != 200 {
        assert!(
            Instant::now() < deadline,
            "not ready again after Redis came back"
        );
        thread::sleep(Duration::from_millis(100));
    }
}

/// Kubernetes and systemd stop with SIGTERM: a reply waiting out a 429 still goes out, and the
/// process exits 0 well within the 10 s they give.
#[test]
fn sigterm_during_a_slow_reply_still_delivers_it_and_exits_0() {
    let fake = FakeBotApi::start();
    let (mut bot, _addr) = start_polling(&fake, "memory", &[]);
    fake.fail_next_with_429("sendMessage", 2);
    fake.push_update(fake.private_text(ALICE, "what cert for kubernetes?"));
    fake.wait_for_call(|c| c.is_message_to(ALICE.id) && c.status == 429, STEP);
    let signalled = Instant::now();
    bot.signal("TERM");
    let status = bot.wait_exit(Duration::from_secs(10));
    assert_eq!(status.code(), Some(0), "stderr:\n{}", bot.stderr());
    assert!(signalled.elapsed() < Duration::from_secs(10));
    let delivered = fake
        .calls()
        .iter()
        .filter(|c| c.is_message_to(ALICE.id) && c.succeeded())
        .count();
    assert_eq!(delivered, 1, "{}", describe(&fake.calls()));
}

/// A reply that cannot finish in time (a long retry_after) is named in the log with its chat,
/// and the process still exits 0 within 10 s.
#[test]
fn a_reply_still_pending_at_the_deadline_is_logged_with_its_chat() {
    let fake = FakeBotApi::start();
    let (mut bot, _addr) = start_polling(&fake, "memory", &[]);
    fake.fail_next_with_429("sendMessage", 40);
    fake.push_update(fake.private_text(ALICE, "what cert for kubernetes?"));
    fake.wait_for_call(|c| c.is_message_to(ALICE.id) && c.status == 429, STEP);
    let signalled = Instant::now();
    bot.signal("TERM");
    let status = bot.wait_exit(Duration::from_secs(10));
    assert_eq!(status.code(), Some(0), "stderr:\n{}", bot.stderr());
    assert!(signalled.elapsed() < Duration::from_secs(10));
    let log = bot.stderr();
    let line = log
        .lines()
        .find(|l| l.contains("still pending"))
        .unwrap_or_else(|| panic!("no pending reply logged:\n{log}"));
    assert!(line.contains(&format!("chat_id={}", ALICE.id)), "{line}");
}

#[test]
fn sighup_with_a_broken_knowledge_file_keeps_the_old_knowledge_and_a_valid_edit_takes_effect() {
    let knowledge = copy_knowledge();
    let fake = FakeBotApi::start();
    let (mut bot, addr) = start_polling(
        &fake,
        "memory",
        &[
            "--knowledge",
            knowledge.path().to_str().expect("utf-8 path"),
        ],
    );
    fake.push_update(fake.private_text(ALICE, "devops salary in the uk"));
    reply_containing(&fake, "57,500", 0);

    // A broken edit: refused whole, every problem logged, counted; the old answers stay.
    knowledge.replace("salaries.toml", "amount = 57500", "amount = \"a lot\"");
    bot.signal("HUP");
    // (The directory watch may refuse it too; the SIGHUP's own reload is waited for.)
    bot.wait_log(
        "knowledge reload refused: invalid knowledge trigger=\"SIGHUP\"",
        STEP,
    );
    assert!(bot.stderr().contains("salaries.toml"), "{}", bot.stderr());
    let seen = fake.calls().len();
    fake.push_update(fake.private_text(ALICE, "devops salary in the uk"));
    reply_containing(&fake, "57,500", seen);
    let metrics = get(addr, "/metrics").body;
    assert!(
        metric(
            &metrics,
            "devops_guide_knowledge_reloads_total{result=\"failed\"}"
        ) >= 1.0,
        "{metrics}"
    );
    assert_eq!(get(addr, "/readyz").status, 200);

    // A valid edit takes effect.
    knowledge.replace("salaries.toml", "amount = \"a lot\"", "amount = 61234");
    bot.signal("HUP");
    bot.wait_log("knowledge reloaded trigger=\"SIGHUP\"", STEP);
    let seen = fake.calls().len();
    fake.push_update(fake.private_text(ALICE, "devops salary in the uk"));
    reply_containing(&fake, "61,234", seen);
}

/// Trace-level logs through a rejected token (401), a 5xx, a refused connection and a webhook
/// request with a wrong secret: neither the token nor the webhook secret appears anywhere.
#[test]
fn trace_logs_never_contain_the_token_or_the_webhook_secret() {
    let mut logs = Vec::new();
    // 401: the token is rejected.
    let fake = FakeBotApi::start();
    fake.reject_token(TOKEN);
    let mut cmd = polling_command(&fake, free_addr(), "memory");
    cmd.env("RUST_LOG", "trace").env("WEBHOOK_SECRET", SECRET);
    let out = run_quiet(&mut cmd);
    assert_ne!(code(&out), 0);
    logs.push(("401", stderr(&out)));

    // Refused connection: nothing listens at the API URL.
    let closed = free_addr();
    let mut cmd = polling_command(&fake, free_addr(), "memory");
    cmd.env("RUST_LOG", "trace")
        .env("TELOXIDE_API_URL", format!("http://{closed}/"))
        .args(["--log-format", "json"]);
    let out = run_quiet(&mut cmd);
    assert_ne!(code(&out), 0);
    logs.push(("refused", stderr(&out)));

    // 5xx on a reply, in webhook mode, with a wrong-secret request too.
    let fake = FakeBotApi::start();
    let addr = free_addr();
    let mut cmd = replica_command(&fake, addr, "memory");
    cmd.env("RUST_LOG", "trace");
    let mut replica = Process::spawn(cmd);
    replica.wait_http(addr, STEP);
    fake.fail_next_with_500("sendMessage");
    let update = fake.next_update(fake.private_text(ALICE, "what cert for kubernetes?"));
    assert_eq!(post_update(addr, &update, Some("not-the-secret")), 401);
    assert_eq!(post_update(addr, &update, Some(SECRET)), 200);
    replica.signal("TERM");
    replica.wait_exit(Duration::from_secs(10));
    logs.push(("5xx", replica.stderr()));

    for (case, log) in &logs {
        assert!(
            log.contains("TRACE") || log.contains("\"level\":\"TRACE\""),
            "{case}: not at trace level:\n{log}"
        );
        assert!(
            !log.contains(TOKEN_SECRET),
            "{case}: the token leaked:\n{log}"
        );
        assert!(!log.contains(SECRET), "{case}: the secret leaked:\n{log}");
    }
    assert!(
        logs[0].1.contains("rejected the bot token"),
        "{}",
        logs[0].1
    );
    // --log-format json: every log line is one JSON object with a level and a message (the
    // last line is the exit message of the binary itself, not a log event).
    let json_lines: Vec<&str> = logs[1].1.lines().filter(|l| l.starts_with('{')).collect();
    assert!(json_lines.len() > 3, "json logs: {}", logs[1].1);
    for line in json_lines {
        let event: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
        assert!(event["level"].is_string(), "{line}");
        assert!(event["fields"].is_object(), "{line}");
    }
    assert!(
        logs[1]
            .1
            .lines()
            .all(|l| l.starts_with('{') || l.starts_with("devops-guide: ")),
        "a log line that is not JSON: {}",
        logs[1].1
    );
    assert!(logs[2].1.contains("transient failure"), "{}", logs[2].1);
}

#[test]
fn polling_refuses_to_start_over_a_set_webhook_unless_forced() {
    let fake = FakeBotApi::start();
    fake.set_webhook("https://bot.example.org/tg", SECRET);
    let out = run_quiet(&mut polling_command(&fake, free_addr(), "memory"));
    assert_eq!(code(&out), 2, "stderr: {}", stderr(&out));
    assert!(
        stderr(&out).contains("a webhook is set (https://bot.example.org/tg)"),
        "{}",
        stderr(&out)
    );
    assert!(!fake.calls().iter().any(|c| c.method == "deleteWebhook"));
    assert!(fake.webhook().is_some());

    let (_bot, _addr) = start_polling(&fake, "memory", &["--force"]);
    assert!(fake.calls().iter().any(|c| c.method == "deleteWebhook"));
    assert!(fake.webhook().is_none());
}

/// Another poller makes Telegram answer 409: a clear error and an exit, not a crash loop.
#[test]
fn a_second_poller_409_is_a_clear_error_exit() {
    let fake = FakeBotApi::start();
    let (mut bot, _addr) = start_polling(&fake, "memory", &[]);
    for _ in 0..3 {
        fake.script(
            "getUpdates",
            409,
            serde_json::json!({"ok": false, "error_code": 409, "description": "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}),
        );
    }
    let status = bot.wait_exit(Duration::from_secs(15));
    assert_eq!(status.code(), Some(2), "stderr:\n{}", bot.stderr());
    assert!(bot.stderr().contains("409 Conflict"), "{}", bot.stderr());
    let conflicts = fake.calls().iter().filter(|c| c.status == 409).count();
    assert!(conflicts <= 2, "retried {conflicts} times");
}

/// The image's HEALTHCHECK: the binary probes /healthz itself (distroless has no curl).
#[test]
fn the_healthcheck_probe_passes_on_a_live_bot_and_fails_without_one() {
    let fake = FakeBotApi::start();
    let (_bot, addr) = start_polling(&fake, "memory", &[]);
    let out = run_quiet(bin().args(["healthcheck", "--url", &format!("http://{addr}/healthz")]));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = run_quiet(bin().args(["healthcheck", "--url", &format!("http://{addr}/nothing")]));
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("404"), "{}", stderr(&out));
    let closed = free_addr();
    let out = run_quiet(bin().args(["healthcheck", "--url", &format!("http://{closed}/healthz")]));
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("cannot connect"), "{}", stderr(&out));
}

/// With `--knowledge DIR`, an edited file is picked up without any signal.
#[test]
fn an_edited_knowledge_directory_is_reloaded_without_a_signal() {
    let knowledge = copy_knowledge();
    let fake = FakeBotApi::start();
    let (mut bot, _addr) = start_polling(
        &fake,
        "memory",
        &[
            "--knowledge",
            knowledge.path().to_str().expect("utf-8 path"),
        ],
    );
    knowledge.replace("salaries.toml", "amount = 57500", "amount = 59999");
    bot.wait_log("knowledge reloaded", STEP);
    assert!(bot.stderr().contains("file change"), "{}", bot.stderr());
    fake.push_update(fake.private_text(ALICE, "devops salary in the uk"));
    reply_containing(&fake, "59,999", 0);
}

/// Without `--no-throttle`, replies to one private chat keep Telegram's one-a-second limit
/// (teloxide's `Throttle` is replaced by `telegram::pacing`); other chats are not held up.
#[test]
fn replies_to_one_chat_are_paced_a_second_apart() {
    let fake = FakeBotApi::start();
    let addr = free_addr();
    let mut bot = Process::spawn(throttled_polling_command(&fake, addr, "memory"));
    bot.wait_http(addr, STEP);
    bot.wait_polling(&fake, 0, STEP);
    fake.push_update(fake.private_text(ALICE, "hi"));
    fake.push_update(fake.private_text(ALICE, "what cert for kubernetes?"));
    fake.push_update(fake.private_text(crate::support::fake_bot_api::BOB, "hi"));
    let calls = fake.wait_for(
        |calls| {
            calls
                .iter()
                .filter(|c| c.is_message_to(ALICE.id) && c.succeeded())
                .count()
                >= 2
        },
        STEP,
    );
    let times: Vec<Instant> = calls
        .iter()
        .filter(|c| c.is_message_to(ALICE.id) && c.succeeded())
        .map(|c| c.at)
        .collect();
    let gap = times[1].duration_since(times[0]);
    assert!(gap >= Duration::from_millis(950), "replies {gap:?} apart");
    let bob = calls
        .iter()
        .find(|c| c.is_message_to(crate::support::fake_bot_api::BOB.id) && c.succeeded())
        .expect("Bob answered");
    assert!(bob.at < times[1], "Bob waited for Alice's pacing");
}
