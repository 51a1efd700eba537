//! Webhook mode end to end: the real `devops-guide run --webhook-url … --listen …` and
//! `devops-guide webhook set|info|delete` against the fake Bot API, updates posted to the
//! replica's route over loopback HTTP as Telegram would post them.

use std::net::SocketAddr;
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::fake_bot_api::{ALICE, BOB, FakeBotApi, describe};
use crate::support::html::plain;
use crate::support::running::{Process, free_addr, get, metric, request};
use crate::support::stores::RedisServer;
use crate::support::{bin, code, run_quiet, stderr, stdout};

pub const TOKEN: &str = "123456:TEST-token-abcdefghijklmnopqrstuvwxyz";
pub const TOKEN_SECRET: &str = "TEST-token-abcdefghijklmnopqrstuvwxyz";
/// The secret every replica shares (`WEBHOOK_SECRET`).
pub const SECRET: &str = "s3cret-Shared-by-ALL-replicas_0123456789";
/// The public URL of the webhook; its path is the replicas' route.
pub const URL: &str = "https://bot.example.org/tg";
pub const PATH: &str = "/tg";

const STEP: Duration = Duration::from_secs(15);
const QUIET: Duration = Duration::from_millis(1500);

/// `devops-guide webhook ARGS…` against `fake`.
fn webhook_command(fake: &FakeBotApi, args: &[&str], secret: Option<&str>) -> Command {
    let mut cmd = bin();
    cmd.arg("webhook")
        .args(args)
        .env("TELOXIDE_API_URL", fake.url())
        .env("TELOXIDE_TOKEN", TOKEN)
        .env_remove("TELEGRAM_BOT_TOKEN")
        .env_remove("WEBHOOK_SECRET")
        .env_remove("DEVOPS_GUIDE_WEBHOOK_URL");
    if let Some(secret) = secret {
        cmd.env("WEBHOOK_SECRET", secret);
    }
    cmd
}

/// `devops-guide run --no-throttle --webhook-url URL --listen ADDR` with `store`.
pub fn replica_command(fake: &FakeBotApi, listen: SocketAddr, store: &str) -> Command {
    let mut cmd = bin();
    cmd.args(["run", "--no-throttle", "--webhook-url", URL, "--listen"])
        .arg(listen.to_string())
        .env("TELOXIDE_API_URL", fake.url())
        .env("TELOXIDE_TOKEN", TOKEN)
        .env("WEBHOOK_SECRET", SECRET)
        .env("DEVOPS_GUIDE_STORE", store)
        .env("RUST_LOG", "info")
        .env_remove("TELEGRAM_BOT_TOKEN")
        .env_remove("DEVOPS_GUIDE_WEBHOOK_URL")
        .env_remove("DEVOPS_GUIDE_LISTEN");
    cmd
}

/// A replica serving on a free port, ready.
pub fn start_replica(fake: &FakeBotApi, store: &str) -> (Process, SocketAddr) {
    let addr = free_addr();
    let mut replica = Process::spawn(replica_command(fake, addr, store));
    replica.wait_http(addr, STEP);
    (replica, addr)
}

/// Posts `update` to the replica's webhook route with `secret` (none when `None`).
pub fn post_update(addr: SocketAddr, update: &Value, secret: Option<&str>) -> u16 {
    let body = update.to_string();
    let mut headers = vec![("Content-Type", "application/json")];
    if let Some(secret) = secret {
        headers.push(("X-Telegram-Bot-Api-Secret-Token", secret));
    }
    request(addr, "POST", PATH, &headers, body.as_bytes())
        .unwrap_or_else(|e| panic!("POST {PATH}: {e}"))
        .status
}

fn replies_to(fake: &FakeBotApi, chat: i64) -> usize {
    fake.calls()
        .iter()
        .filter(|c| c.is_message_to(chat) && c.succeeded())
        .count()
}

#[test]
fn webhook_set_registers_the_secret_and_allowed_updates_idempotently_and_info_shows_it() {
    let fake = FakeBotApi::start();
    for _ in 0..2 {
        let out = run_quiet(&mut webhook_command(
            &fake,
            &["set", "--webhook-url", URL, "--max-connections", "10"],
            Some(SECRET),
        ));
        assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
        assert!(stdout(&out).contains(URL), "{}", stdout(&out));
        let printed = stdout(&out) + &stderr(&out);
        assert!(!printed.contains(SECRET) && !printed.contains(TOKEN_SECRET));
        let webhook = fake.webhook().expect("a webhook registered");
        assert_eq!(webhook.url, URL);
        assert_eq!(webhook.secret_token.as_deref(), Some(SECRET));
        assert_eq!(webhook.max_connections, serde_json::json!(10));
        let allowed: Vec<&str> = webhook
            .allowed_updates
            .as_array()
            .expect("allowed_updates sent")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        for kind in [
            "message",
            "edited_message",
            "callback_query",
            "inline_query",
            "my_chat_member",
            "poll_answer",
        ] {
            assert!(allowed.contains(&kind), "{kind} missing from {allowed:?}");
        }
        assert!(!allowed.contains(&"chat_member"), "{allowed:?}");
    }
    let info = run_quiet(&mut webhook_command(&fake, &["info"], None));
    assert_eq!(code(&info), 0, "stderr: {}", stderr(&info));
    let text = stdout(&info);
    assert!(text.contains(&format!("url: {URL}")), "{text}");
    assert!(text.contains("pending updates: 0"), "{text}");
    assert!(text.contains("last error: none"), "{text}");

    // Without the secret, `set` refuses before calling Telegram.
    let calls_before = fake.calls().len();
    let out = run_quiet(&mut webhook_command(
        &fake,
        &["set", "--webhook-url", URL],
        None,
    ));
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("WEBHOOK_SECRET"), "{}", stderr(&out));
    assert_eq!(
        fake.calls().len(),
        calls_before,
        "{}",
        describe(&fake.calls())
    );

    let out = run_quiet(&mut webhook_command(&fake, &["delete"], None));
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
    assert_eq!(fake.webhook(), None);
}

#[test]
fn webhook_mode_without_the_secret_exits_2_and_says_why() {
    let fake = FakeBotApi::start();
    let mut cmd = replica_command(&fake, free_addr(), "memory");
    cmd.env_remove("WEBHOOK_SECRET");
    let out = run_quiet(&mut cmd);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("WEBHOOK_SECRET"), "{err}");
    assert!(!err.contains(TOKEN_SECRET), "{err}");
}

/// The 200 comes only after the reply was sent: Telegram redelivers anything not acknowledged.
#[test]
fn an_update_posted_with_the_secret_is_answered_before_it_is_acknowledged() {
    let fake = FakeBotApi::start();
    let (_replica, addr) = start_replica(&fake, "memory");
    let update = fake.next_update(fake.private_text(ALICE, "what cert for kubernetes?"));
    assert_eq!(post_update(addr, &update, Some(SECRET)), 200);
    let calls = fake.calls();
    let reply = calls
        .iter()
        .find(|c| c.is_message_to(ALICE.id) && c.succeeded())
        .unwrap_or_else(|| panic!("no reply before the 200; {}", describe(&calls)));
    assert!(
        plain(reply.text()).contains("Certified Kubernetes Administrator"),
        "{reply}"
    );
    // Webhook replicas never poll.
    assert!(!calls.iter().any(|c| c.method == "getUpdates"));
}

#[test]
fn a_request_without_the_right_secret_is_refused_401_and_not_processed() {
    let fake = FakeBotApi::start();
    let (_replica, addr) = start_replica(&fake, "memory");
    let update = fake.next_update(fake.private_text(ALICE, "what cert for kubernetes?"));
    assert_eq!(post_update(addr, &update, None), 401);
    assert_eq!(post_update(addr, &update, Some("wrong-secret")), 401);
    thread::sleep(QUIET);
    assert_eq!(
        replies_to(&fake, ALICE.id),
        0,
        "{}",
        describe(&fake.calls())
    );
    // Not processed means not claimed either: the genuine delivery of the same update is
    // answered.
    assert_eq!(post_update(addr, &update, Some(SECRET)), 200);
    assert_eq!(
        replies_to(&fake, ALICE.id),
        1,
        "{}",
        describe(&fake.calls())
    );
    let metrics = get(addr, "/metrics").body;
    assert_eq!(
        metric(
            &metrics,
            "devops_guide_webhook_requests_total{outcome=\"unauthorized\"}"
        ),
        2.0
    );
}

#[test]
fn an_oversized_or_malformed_body_is_refused() {
    let fake = FakeBotApi::start();
    let (_replica, addr) = start_replica(&fake, "memory");
    let big = "x".repeat(600 * 1024);
    let update = fake.next_update(fake.private_text(ALICE, &big));
    assert_eq!(post_update(addr, &update, Some(SECRET)), 413);
    // Not an update at all: refused as a bad request.
    let garbage = request(
        addr,
        "POST",
        PATH,
        &[("X-Telegram-Bot-Api-Secret-Token", SECRET)],
        b"{\"update_id\": \"what cert for kubernetes?\"",
    )
    .expect("an answer");
    assert_eq!(garbage.status, 400);
    thread::sleep(QUIET);
    assert_eq!(replies_to(&fake, ALICE.id), 0);
    // The replica goes on serving.
    let update = fake.next_update(fake.private_text(ALICE, "hi"));
    assert_eq!(post_update(addr, &update, Some(SECRET)), 200);
    assert_eq!(replies_to(&fake, ALICE.id), 1);
}

/// Telegram redelivers an update it saw no 200 for, possibly to another replica: the shared
/// store lets exactly one of them answer.
#[test]
fn the_same_update_posted_to_two_replicas_on_one_redis_is_answered_once() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let fake = FakeBotApi::start();
    let (_a, addr_a) = start_replica(&fake, &redis.url());
    let (_b, addr_b) = start_replica(&fake, &redis.url());
    for (n, user) in [ALICE, BOB].into_iter().enumerate() {
        let update = fake.next_update(fake.private_text(user, "devops salary in the uk"));
        // At the same time, and again one after the other.
        let (u1, u2) = (update.clone(), update.clone());
        let t1 = thread::spawn(move || post_update(addr_a, &u1, Some(SECRET)));
        let t2 = thread::spawn(move || post_update(addr_b, &u2, Some(SECRET)));
        assert_eq!(t1.join().expect("post a"), 200);
        assert_eq!(t2.join().expect("post b"), 200);
        assert_eq!(post_update(addr_b, &update, Some(SECRET)), 200);
        assert_eq!(post_update(addr_a, &update, Some(SECRET)), 200);
        thread::sleep(QUIET);
        assert_eq!(
            replies_to(&fake, user.id),
            1,
            "update {n} answered more than once; {}",
            describe(&fake.calls())
        );
    }
    let duplicates = metric(
        &get(addr_a, "/metrics").body,
        "devops_guide_webhook_requests_total{outcome=\"duplicate\"}",
    ) + metric(
        &get(addr_b, "/metrics").body,
        "devops_guide_webhook_requests_total{outcome=\"duplicate\"}",
    );
    assert_eq!(duplicates, 6.0);
}

/// A rolling restart must not unhook the bot: a stopping replica leaves the webhook alone.
#[test]
fn a_stopped_replica_exits_0_and_leaves_the_webhook_registered() {
    let fake = FakeBotApi::start();
    fake.set_webhook(URL, SECRET);
    let (mut replica, addr) = start_replica(&fake, "memory");
    let update = fake.next_update(fake.private_text(ALICE, "hi"));
    assert_eq!(post_update(addr, &update, Some(SECRET)), 200);
    replica.signal("TERM");
    let started = Instant::now();
    let status = replica.wait_exit(Duration::from_secs(10));
    assert_eq!(status.code(), Some(0), "stderr:\n{}", replica.stderr());
    assert!(started.elapsed() < Duration::from_secs(10));
    let calls = fake.calls();
    assert!(
        !calls
            .iter()
            .any(|c| c.method == "deleteWebhook" || c.method == "setWebhook"),
        "{}",
        describe(&calls)
    );
    assert_eq!(fake.webhook().map(|w| w.url), Some(URL.to_string()));
}

/// Two updates of one chat arriving together are handled in order: the second waits for the
/// first's reply (here held up by a 429), it does not overtake it.
#[test]
fn updates_of_one_chat_are_answered_in_order() {
    let fake = FakeBotApi::start();
    let (_replica, addr) = start_replica(&fake, "memory");
    fake.fail_next_with_429("sendMessage", 1);
    let first = fake.next_update(fake.private_text(ALICE, "what cert for kubernetes?"));
    let second = fake.next_update(fake.private_text(ALICE, "devops salary in the uk"));
    let posting = thread::spawn(move || post_update(addr, &first, Some(SECRET)));
    fake.wait_for_call(|c| c.is_message_to(ALICE.id) && c.status == 429, STEP);
    assert_eq!(post_update(addr, &second, Some(SECRET)), 200);
    assert_eq!(posting.join().expect("first post"), 200);
    let calls = fake.calls();
    let replies: Vec<String> = calls
        .iter()
        .filter(|c| c.is_message_to(ALICE.id) && c.succeeded())
        .map(|c| plain(c.text()))
        .collect();
    assert_eq!(replies.len(), 2, "{}", describe(&calls));
    assert!(
        replies[0].contains("Certified Kubernetes Administrator"),
        "{replies:?}"
    );
    assert!(replies[1].contains("57,500"), "{replies:?}");
}

/// SIGTERM while an update's reply waits out a 429: the reply still goes out, the update is
/// acknowledged with 200 (so Telegram does not redeliver it), and the replica exits 0 in time.
#[test]
fn sigterm_during_a_slow_reply_finishes_it_before_exiting() {
    let fake = FakeBotApi::start();
    let (mut replica, addr) = start_replica(&fake, "memory");
    fake.fail_next_with_429("sendMessage", 2);
    let update = fake.next_update(fake.private_text(ALICE, "what cert for kubernetes?"));
    let posting = thread::spawn(move || post_update(addr, &update, Some(SECRET)));
    fake.wait_for_call(|c| c.is_message_to(ALICE.id) && c.status == 429, STEP);
    let signalled = Instant::now();
    replica.signal("TERM");
    assert_eq!(posting.join().expect("post"), 200);
    let status = replica.wait_exit(Duration::from_secs(10));
    assert_eq!(status.code(), Some(0), "stderr:\n{}", replica.stderr());
    assert!(signalled.elapsed() < Duration::from_secs(10));
    assert_eq!(
        replies_to(&fake, ALICE.id),
        1,
        "{}",
        describe(&fake.calls())
    );
}
