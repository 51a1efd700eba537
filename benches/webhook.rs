//! Webhook mode under load: the real `devops_guide::telegram::run` in webhook mode (throttling
//! off, memory store) on loopback, answering to an in-process fake Bot API, driven by an
//! in-process load generator posting updates to its route with the secret, as Telegram would.
//! Each request's latency is from sending the POST to receiving the 200 — which, in webhook
//! mode, comes only after the reply's `sendMessage` was answered by the fake: the whole update
//! → reply path.
//!
//! 1. fixed rate: 2,000 updates per second for 5 s (10,000 updates, each from its own user so
//!    flood control never steps in), sent on schedule whatever the answers (open loop), over a
//!    pool of keep-alive connections: achieved rate, median, p90, p99, max;
//! 2. saturation: 32 clients posting back to back (closed loop) for 5 s: updates per second.
//!
//! Run: `cargo bench --bench webhook`. Not a criterion bench: the target is a rate with a tail
//! latency, which criterion's per-iteration model does not express.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::routing::post;
use devops_guide::telegram::{OpsOptions, RunOptions, WebhookMode};
use devops_guide::{Engine, Knowledge};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const TOKEN: &str = "123456:BENCH-token-abcdefghijklmnopqrstuvwxyz";
const SECRET: &str = "bench-webhook-secret-0123456789";
const RATE: u64 = 2_000;
const SECONDS: u64 = 5;
const CLIENTS: usize = 32;

struct FakeState {
    next_message_id: AtomicI64,
    sent: AtomicU64,
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// The fake Bot API: getMe, setMyCommands, getWebhookInfo, sendMessage.
async fn fake(
    State(state): State<Arc<FakeState>>,
    Path((_token, method)): Path<(String, String)>,
    body: Bytes,
) -> axum::Json<Value> {
    let result = match method.to_ascii_lowercase().as_str() {
        "getme" => json!({
            "id": 4242, "is_bot": true, "first_name": "DevOps Guide",
            "username": "DevopsGuideBenchBot", "can_join_groups": true,
            "can_read_all_group_messages": false, "supports_inline_queries": true,
            "can_connect_to_business": false, "has_main_web_app": false,
        }),
        "getwebhookinfo" => json!({
            "url": "https://bot.example.org/tg", "has_custom_certificate": false,
            "pending_update_count": 0,
        }),
        "sendmessage" => {
            let request: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
            let chat_id = request["chat_id"].as_i64().unwrap_or(0);
            state.sent.fetch_add(1, Ordering::Relaxed);
            json!({
                "message_id": state.next_message_id.fetch_add(1, Ordering::Relaxed),
                "from": {"id": 4242, "is_bot": true, "first_name": "DevOps Guide"},
                "chat": {"id": chat_id, "type": "private", "first_name": "Tester"},
                "date": unix_now(),
                "text": request["text"].as_str().unwrap_or(""),
            })
        }
        _ => json!(true),
    };
    axum::Json(json!({"ok": true, "result": result}))
}

fn update(update_id: i64, user: i64) -> String {
    json!({
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "from": {"id": user, "is_bot": false, "first_name": "Load", "language_code": "en"},
            "chat": {"id": user, "type": "private", "first_name": "Load"},
            "date": unix_now(),
            "text": "what cert for kubernetes?",
        }
    })
    .to_string()
}

fn free_addr() -> SocketAddr {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

async fn send_update(
    client: &reqwest::Client,
    url: &str,
    body: String,
) -> Result<Duration, Box<dyn std::error::Error + Send + Sync>> {
    let started = Instant::now();
    let answer = client
        .post(url)
        .header("content-type", "application/json")
        .header("x-telegram-bot-api-secret-token", SECRET)
        .body(body)
        .send()
        .await?;
    let status = answer.status();
    let _ = answer.bytes().await?;
    if status != 200 {
        return Err(format!("answered {status}").into());
    }
    Ok(started.elapsed())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The fake, on a runtime of its own.
    let fake_runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let state = Arc::new(FakeState {
        next_message_id: AtomicI64::new(1),
        sent: AtomicU64::new(0),
    });
    let listener = fake_runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let fake_url = format!("http://{}/", listener.local_addr()?);
    let app = Router::new()
        .route("/{token}/{method}", post(fake))
        .with_state(Arc::clone(&state));
    fake_runtime.spawn(async move { axum::serve(listener, app).await });

    // The bot, in webhook mode, on a runtime of its own.
    let listen = free_addr();
    let options = RunOptions {
        token: TOKEN.into(),
        api_url: Some(fake_url),
        throttle: false,
        context_ttl: 1800,
        store: devops_guide::storage::open("memory")?,
        ops: OpsOptions {
            listen: Some(listen),
            webhook: Some(WebhookMode {
                url: reqwest::Url::parse("https://bot.example.org/tg")?,
                secret: SECRET.into(),
            }),
            ..OpsOptions::default()
        },
    };
    let engine = Engine::new(Knowledge::embedded()?);
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .expect("the bot's runtime");
        if let Err(e) = runtime.block_on(devops_guide::telegram::run(engine, options)) {
            eprintln!("the bot stopped: {e}");
            std::process::exit(1);
        }
    });

    let load = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let url = format!("http://{listen}/tg");
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .build()?;
    load.block_on(async {
        // Wait for the route, then warm up.
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut next_id: i64 = 1;
        loop {
            match send_update(&client, &url, update(next_id, 1_000_000 + next_id)).await {
                Ok(_) => break,
                Err(_) if Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(50)).await
                }
                Err(e) => panic!("the webhook never answered: {e}"),
            }
        }
        next_id += 1;
        for _ in 0..500 {
            send_update(&client, &url, update(next_id, 1_000_000 + next_id))
                .await
                .expect("warm-up");
            next_id += 1;
        }

        // 1. Fixed rate, open loop.
        let total = (RATE * SECONDS) as usize;
        let interval = Duration::from_secs_f64(1.0 / RATE as f64);
        let sent_before = state.sent.load(Ordering::Relaxed);
        let started = tokio::time::Instant::now();
        let mut tasks = Vec::with_capacity(total);
        for n in 0..total {
            tokio::time::sleep_until(started + interval * n as u32).await;
            let (client, url) = (client.clone(), url.clone());
            let id = next_id + n as i64;
            tasks.push(tokio::spawn(async move {
                send_update(&client, &url, update(id, 2_000_000 + id)).await
            }));
        }
        let mut latencies = Vec::with_capacity(total);
        for t in tasks {
            latencies.push(t.await.expect("task").expect("a webhook request failed"));
        }
        let took = started.elapsed();
        next_id += total as i64;
        latencies.sort();
        let replies = state.sent.load(Ordering::Relaxed) - sent_before;
        println!(
            "fixed rate {RATE}/s for {SECONDS} s: {total} updates in {:.3} s = {:.0} updates/s, {replies} replies; latency median {}, p90 {}, p99 {}, max {}",
            took.as_secs_f64(),
            total as f64 / took.as_secs_f64(),
            ms(percentile(&latencies, 0.5)),
            ms(percentile(&latencies, 0.9)),
            ms(percentile(&latencies, 0.99)),
            ms(*latencies.last().expect("latencies")),
        );

        // 2. Saturation, closed loop.
        let counter = Arc::new(AtomicI64::new(next_id));
        let stop_at = Instant::now() + Duration::from_secs(SECONDS);
        let started = Instant::now();
        let mut clients = Vec::new();
        for _ in 0..CLIENTS {
            let (client, url, counter) = (client.clone(), url.clone(), Arc::clone(&counter));
            clients.push(tokio::spawn(async move {
                let mut done = Vec::new();
                while Instant::now() < stop_at {
                    let id = counter.fetch_add(1, Ordering::Relaxed);
                    done.push(send_update(&client, &url, update(id, 3_000_000 + id)).await.expect("post"));
                }
                done
            }));
        }
        let mut latencies = Vec::new();
        for c in clients {
            latencies.extend(c.await.expect("client"));
        }
        let took = started.elapsed();
        latencies.sort();
        println!(
            "saturation, {CLIENTS} clients back to back: {} updates in {:.3} s = {:.0} updates/s; latency median {}, p99 {}",
            latencies.len(),
            took.as_secs_f64(),
            latencies.len() as f64 / took.as_secs_f64(),
            ms(percentile(&latencies, 0.5)),
            ms(percentile(&latencies, 0.99)),
        );
    });
    Ok(())
}
