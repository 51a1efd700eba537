//! An in-process fake of the Telegram Bot API, for running the real `devops-guide run` against.
//!
//! [`FakeBotApi::start`] binds an axum server to `127.0.0.1:0` on a tokio runtime the fake owns,
//! so plain synchronous `#[test]`s can use it; dropping the fake stops the server. Point the bot
//! at it with `TELOXIDE_API_URL` = [`FakeBotApi::url`]: teloxide then calls
//! `POST {url}bot{token}/{method}`.
//!
//! The fake
//! - records every call (method, token, parsed body, the status and body it answered) in order;
//! - answers `getMe` as the bot [`BOT_USERNAME`], and every method with HTTP 401 for a token
//!   made [rejected](FakeBotApi::reject_token);
//! - serves the updates a test [pushed](FakeBotApi::push_update) from `getUpdates`, forgetting
//!   those below the request's `offset` and holding an empty poll for up to [`POLL_WAIT`];
//! - answers `sendPoll` with a `Message` carrying the `poll` (a fresh poll id; see
//!   [`FakeBotApi::poll_answer`]), and `getChatMember` with the status a test
//!   [set](FakeBotApi::set_member_status) for that user (`member` when none was set);
//! - answers `sendMessage` and `editMessageText` with a `Message` sent by the bot, and
//!   `sendPhoto` — a multipart upload (its parts recorded in [`Call::files`], `photo` in the
//!   parsed body describing the uploaded file) or a `file_id`
//!   string it issued before — with a `Message` whose `photo` has a thumbnail and the full size
//!   (an unknown `file_id` is refused with 400, as Telegram does),
//!   `getMyCommands` with none, and every other method with `true`;
//! - remembers the webhook `setWebhook` registers (url, secret_token, allowed_updates,
//!   max_connections; [`FakeBotApi::webhook`]) until `deleteWebhook` (or a `setWebhook` with an
//!   empty url), reports it from `getWebhookInfo` ("no webhook" when none), and, as Telegram does,
//!   answers `getUpdates` with 409 Conflict while one is set;
//! - returns [scripted](FakeBotApi::script) responses (a 429, a 500, ...) for a method before
//!   serving it normally again.
//!
//! The update builders ([`FakeBotApi::private_text`], [`FakeBotApi::group_text`],
//! [`FakeBotApi::callback_query`], ...) produce the JSON shapes of the Bot API, with the fields
//! teloxide needs to deserialize them (`date`, `chat.type`, `from.is_bot`, `chat_instance`).
//! Tests then assert on the recorded calls with [`FakeBotApi::wait_for`] and a deadline.

use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;
use std::net::SocketAddr;
use std::pin::pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri, header::CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};
use tokio::sync::Notify;

/// The user id of @GroupAnonymousBot, the `from` of an anonymous group admin's messages.
pub const GROUP_ANONYMOUS_BOT_ID: i64 = 1_087_968_824;

/// The bot's user id, as `getMe` reports it.
pub const BOT_ID: i64 = 4242;
/// The bot's username, as `getMe` reports it (without the `@`).
pub const BOT_USERNAME: &str = "DevopsGuideTestBot";
/// The bot's display name, as `getMe` reports it.
pub const BOT_FIRST_NAME: &str = "DevOps Guide";

/// The longest an empty `getUpdates` is held open waiting for a pushed update.
pub const POLL_WAIT: Duration = Duration::from_millis(300);

/// How often [`FakeBotApi::wait_for`] looks at the recorded calls again.
const POLL_INTERVAL: Duration = Duration::from_millis(20);

/// A (human) Telegram user, for building updates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TgUser {
    pub id: i64,
    pub first_name: &'static str,
    pub username: &'static str,
}

/// A user who talks to the bot.
pub const ALICE: TgUser = TgUser {
    id: 1001,
    first_name: "Alice",
    username: "alice_ops",
};

/// Another user, for the tests where two people share a group.
pub const BOB: TgUser = TgUser {
    id: 1002,
    first_name: "Bob",
    username: "bob_sre",
};

impl TgUser {
    /// The user as a Bot API `User` object.
    pub fn json(&self) -> Value {
        json!({
            "id": self.id,
            "is_bot": false,
            "first_name": self.first_name,
            "username": self.username,
            "language_code": "en",
        })
    }
}

/// The bot as a Bot API `User` object (the `from` of the messages it sends).
pub fn bot_user() -> Value {
    json!({
        "id": BOT_ID,
        "is_bot": true,
        "first_name": BOT_FIRST_NAME,
        "username": BOT_USERNAME,
    })
}

/// What `getMe` answers. teloxide 0.17's `Me` requires `has_main_web_app` (Bot API 8.0).
fn get_me() -> Value {
    json!({
        "id": BOT_ID,
        "is_bot": true,
        "first_name": BOT_FIRST_NAME,
        "username": BOT_USERNAME,
        "can_join_groups": true,
        "can_read_all_group_messages": false,
        "supports_inline_queries": true,
        "can_connect_to_business": false,
        "has_main_web_app": false,
    })
}

/// A Bot API `Chat` object: private for a positive id (a user's own chat), a supergroup for a
/// negative one.
pub fn chat(chat_id: i64) -> Value {
    if chat_id > 0 {
        json!({"id": chat_id, "type": "private", "first_name": "Tester"})
    } else {
        json!({"id": chat_id, "type": "supergroup", "title": "DevOps Learners"})
    }
}

/// Seconds since the Unix epoch, the Bot API's `date`.
pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// One call the bot made, with the answer it got.
#[derive(Clone, Debug)]
pub struct Call {
    /// The Bot API method, such as `sendMessage`.
    pub method: String,
    /// The token from the URL (`/bot{token}/{method}`).
    pub token: String,
    /// The request's `Content-Type`.
    pub content_type: String,
    /// The request body as sent (lossily decoded).
    pub raw: String,
    /// The request body parsed: JSON, or a form-encoded body as an object of strings, or a
    /// multipart body as an object of its text parts (strings) and file parts (`{"filename",
    /// "size"}`, the bytes in [`Call::files`]); `null` when it was none of these.
    pub body: Value,
    /// The file parts of a multipart request, in order.
    pub files: Vec<UploadedFile>,
    /// The HTTP status the fake answered with.
    pub status: u16,
    /// The JSON the fake answered with.
    pub response: Value,
    /// When the fake received the call.
    pub at: Instant,
}

/// A file part of a multipart request.
#[derive(Clone, Debug)]
pub struct UploadedFile {
    /// The form field (`photo`).
    pub field: String,
    /// The file name the client gave.
    pub filename: String,
    /// The part's `Content-Type`, if given.
    pub content_type: Option<String>,
    /// The bytes.
    pub data: Vec<u8>,
}

impl Call {
    /// Whether the fake answered this call with success (HTTP 200 and `"ok": true`).
    pub fn succeeded(&self) -> bool {
        self.status == 200 && self.response["ok"] == true
    }

    /// The `chat_id` of the request, whether sent as a number or as a string.
    pub fn chat_id(&self) -> Option<i64> {
        match &self.body["chat_id"] {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.parse().ok(),
            _ => None,
        }
    }

    /// Whether this is a `sendMessage` to `chat_id` (successful or not).
    pub fn is_message_to(&self, chat_id: i64) -> bool {
        self.method == "sendMessage" && self.chat_id() == Some(chat_id)
    }

    /// The `text` field of the request (empty when absent).
    pub fn text(&self) -> &str {
        self.body["text"].as_str().unwrap_or("")
    }

    /// The id of the message this one answers: `reply_parameters.message_id`, or the older
    /// `reply_to_message_id`.
    pub fn reply_to(&self) -> Option<i64> {
        self.body["reply_parameters"]["message_id"]
            .as_i64()
            .or_else(|| self.body["reply_to_message_id"].as_i64())
    }

    /// The buttons of the request's `reply_markup.inline_keyboard`, row by row flattened.
    pub fn buttons(&self) -> Vec<Value> {
        self.body["reply_markup"]["inline_keyboard"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_array)
            .flatten()
            .cloned()
            .collect()
    }

    /// The `result` the fake answered with: for `sendMessage`, the Message the bot "sent".
    pub fn result(&self) -> &Value {
        &self.response["result"]
    }
}

impl fmt::Display for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let body = if self.body.is_null() {
            format!("raw {:?}", self.raw)
        } else {
            self.body.to_string()
        };
        write!(
            f,
            "{} [{}] {}",
            self.method,
            self.status,
            shorten(&body, 600)
        )
    }
}

/// `text` cut to about `max` bytes (at a character boundary), for failure messages.
fn shorten(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes)", &text[..end], text.len())
}

/// The recorded calls, one a line, with the `getUpdates` polls counted instead of listed.
pub fn describe(calls: &[Call]) -> String {
    let polls = calls.iter().filter(|c| c.method == "getUpdates").count();
    let mut out = format!("{} calls ({polls} getUpdates not listed):\n", calls.len());
    for (i, call) in calls.iter().enumerate() {
        if call.method != "getUpdates" {
            out.push_str(&format!("  #{i} {call}\n"));
        }
    }
    out
}

/// A message update under construction; push it with [`FakeBotApi::push_update`] (it converts
/// into `{"message": …}`).
#[derive(Clone, Debug)]
pub struct MessageBuilder {
    message: Value,
}

impl MessageBuilder {
    /// The message as built so far.
    pub fn message(&self) -> &Value {
        &self.message
    }

    /// The message's `message_id`.
    pub fn id(&self) -> i64 {
        self.message["message_id"].as_i64().expect("message_id")
    }

    /// Makes the message a reply to `replied` (a Message object, such as a recorded
    /// `sendMessage` result). As in the Bot API, the replied message does not nest further.
    pub fn replying_to(mut self, replied: &Value) -> Self {
        let mut replied = replied.clone();
        if let Some(object) = replied.as_object_mut() {
            object.remove("reply_to_message");
        }
        self.message["reply_to_message"] = replied;
        self
    }

    /// Puts the message in forum topic `thread_id`, the way Telegram delivers it: the chat is a
    /// forum, the message has `message_thread_id` and `is_topic_message`, and (unless it already
    /// replies to something) it replies to the topic's `forum_topic_created` service message,
    /// whose id is the thread id.
    pub fn in_topic(mut self, thread_id: i64) -> Self {
        self.message["chat"]["is_forum"] = json!(true);
        self.message["message_thread_id"] = json!(thread_id);
        self.message["is_topic_message"] = json!(true);
        if self.message.get("reply_to_message").is_none() {
            self.message["reply_to_message"] = json!({
                "message_id": thread_id,
                "message_thread_id": thread_id,
                "date": unix_now() - 3600,
                "chat": self.message["chat"].clone(),
                "from": self.message["from"].clone(),
                "forum_topic_created": {"name": "Careers", "icon_color": 7322096},
                "is_topic_message": true,
            });
        }
        self
    }

    /// Removes the entities the builder derived from the text (as if a client sent the mention
    /// as plain text).
    pub fn without_entities(mut self) -> Self {
        if let Some(object) = self.message.as_object_mut() {
            object.remove("entities");
        }
        self
    }
}

impl From<MessageBuilder> for Value {
    fn from(builder: MessageBuilder) -> Value {
        json!({ "message": builder.message })
    }
}

/// The entities Telegram derives from a message text: a `bot_command` for a leading
/// `/command[@bot]` and a `mention` for each `@username`, with offsets and lengths in UTF-16
/// code units.
pub fn entities_of(text: &str) -> Vec<Value> {
    let mut entities = Vec::new();
    let utf16_len = |s: &str| s.encode_utf16().count();
    let is_name_char = |c: char| c.is_ascii_alphanumeric() || c == '_';
    if text.starts_with('/') {
        let end = text.find(char::is_whitespace).unwrap_or(text.len());
        entities
            .push(json!({"type": "bot_command", "offset": 0, "length": utf16_len(&text[..end])}));
    }
    let mut prev: Option<char> = None;
    for (at, c) in text.char_indices() {
        let starts_word = prev.is_none_or(|p| !is_name_char(p) && p != '/' && p != '@');
        // In "/help@bot" the "@bot" belongs to the command, not a mention.
        let in_command = text.starts_with('/') && !text[..at].contains(char::is_whitespace);
        if c == '@' && starts_word && !in_command {
            let name_len = text[at + 1..]
                .chars()
                .take_while(|&c| is_name_char(c))
                .count();
            if (5..=32).contains(&name_len) {
                entities.push(json!({
                    "type": "mention",
                    "offset": utf16_len(&text[..at]),
                    "length": 1 + name_len,
                }));
            }
        }
        prev = Some(c);
    }
    entities
}

/// A response a test scripted for a method.
#[derive(Clone, Debug)]
struct Scripted {
    status: u16,
    body: Value,
}

#[derive(Debug)]
struct Inner {
    calls: Vec<Call>,
    /// Updates not yet confirmed by an `offset`, by increasing `update_id`.
    updates: VecDeque<Value>,
    next_update_id: i64,
    /// Shared by the users' and the bot's messages, so every message id is unique.
    next_message_id: i64,
    next_query_id: i64,
    scripted: HashMap<String, VecDeque<Scripted>>,
    rejected_tokens: HashSet<String>,
    /// The `photo` (sizes) of every photo uploaded, by the `file_id`s issued for it.
    photos: HashMap<String, Value>,
    /// (chat, user) → the `status` getChatMember answers.
    member_status: HashMap<(i64, i64), String>,
    next_poll_id: i64,
    webhook: Option<Webhook>,
}

/// The webhook the fake has registered.
#[derive(Clone, Debug, PartialEq)]
pub struct Webhook {
    pub url: String,
    /// `secret_token` as sent (`None` when absent).
    pub secret_token: Option<String>,
    /// `allowed_updates` as sent (`null` when absent).
    pub allowed_updates: Value,
    /// `max_connections` as sent (`null` when absent).
    pub max_connections: Value,
}

#[derive(Debug)]
struct Shared {
    inner: Mutex<Inner>,
    update_pushed: Notify,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A test that panicked while holding the lock must not hide its own failure behind
        // poisoning errors in the server.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The running fake. Dropping it stops the server.
pub struct FakeBotApi {
    runtime: Option<tokio::runtime::Runtime>,
    addr: SocketAddr,
    shared: Arc<Shared>,
}

impl fmt::Debug for FakeBotApi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeBotApi")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl FakeBotApi {
    /// Starts the fake on `127.0.0.1:0` on a runtime of its own.
    pub fn start() -> FakeBotApi {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("fake-bot-api")
            .enable_all()
            .build()
            .expect("cannot build the fake Bot API's runtime");
        let shared = Arc::new(Shared {
            inner: Mutex::new(Inner {
                calls: Vec::new(),
                updates: VecDeque::new(),
                next_update_id: 10_000,
                next_message_id: 500,
                next_query_id: 1,
                scripted: HashMap::new(),
                rejected_tokens: HashSet::new(),
                photos: HashMap::new(),
                member_status: HashMap::new(),
                next_poll_id: 0,
                webhook: None,
            }),
            update_pushed: Notify::new(),
        });
        let app = Router::new()
            .route("/{bot_token}/{method}", post(handle))
            .fallback(unrouted)
            .with_state(Arc::clone(&shared));
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("cannot bind the fake Bot API to 127.0.0.1:0");
        let addr = listener.local_addr().expect("the fake Bot API's address");
        runtime.spawn(async move {
            axum::serve(listener, app)
                .await
                .expect("the fake Bot API's server failed");
        });
        FakeBotApi {
            runtime: Some(runtime),
            addr,
            shared,
        }
    }

    /// The base URL for `TELOXIDE_API_URL` (`http://127.0.0.1:PORT/`).
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Makes every call with `token` fail with HTTP 401 Unauthorized, as Telegram answers a
    /// revoked or unknown token.
    pub fn reject_token(&self, token: &str) {
        self.shared.lock().rejected_tokens.insert(token.to_owned());
    }

    /// Queues a response for the next call of `method`; the calls after the scripted ones are
    /// served normally.
    pub fn script(&self, method: &str, status: u16, body: Value) {
        self.shared
            .lock()
            .scripted
            .entry(canonical_method(method))
            .or_default()
            .push_back(Scripted { status, body });
    }

    /// Makes `getChatMember` answer `status` (`creator`, `administrator`, `member`, `left`,
    /// ...) for `user` in `chat`.
    pub fn set_member_status(&self, chat: i64, user: i64, status: &str) {
        self.shared
            .lock()
            .member_status
            .insert((chat, user), status.to_owned());
    }

    /// Makes the next call of `method` fail with 429 Too Many Requests and `retry_after`.
    pub fn fail_next_with_429(&self, method: &str, retry_after: u64) {
        self.script(
            method,
            429,
            json!({
                "ok": false,
                "error_code": 429,
                "description": format!("Too Many Requests: retry after {retry_after}"),
                "parameters": {"retry_after": retry_after},
            }),
        );
    }

    /// Makes the next call of `method` fail with 500 Internal Server Error.
    pub fn fail_next_with_500(&self, method: &str) {
        self.script(
            method,
            500,
            json!({"ok": false, "error_code": 500, "description": "Internal Server Error"}),
        );
    }

    /// Queues an update for `getUpdates`, giving it the next `update_id`; returns it as queued.
    pub fn push_update(&self, update: impl Into<Value>) -> Value {
        let mut update = update.into();
        {
            let mut inner = self.shared.lock();
            update["update_id"] = json!(inner.next_update_id);
            inner.next_update_id += 1;
            inner.updates.push_back(update.clone());
        }
        self.shared.update_pushed.notify_waiters();
        update
    }

    /// Gives `update` the next `update_id` without queueing it for `getUpdates` (to post it to
    /// a webhook); returns it.
    pub fn next_update(&self, update: impl Into<Value>) -> Value {
        let mut update = update.into();
        let mut inner = self.shared.lock();
        update["update_id"] = json!(inner.next_update_id);
        inner.next_update_id += 1;
        update
    }

    /// The webhook registered now, if any.
    pub fn webhook(&self) -> Option<Webhook> {
        self.shared.lock().webhook.clone()
    }

    /// Registers a webhook as if a deploy job had run `setWebhook` (not recorded as a call).
    pub fn set_webhook(&self, url: &str, secret_token: &str) {
        self.shared.lock().webhook = Some(Webhook {
            url: url.to_owned(),
            secret_token: Some(secret_token.to_owned()),
            allowed_updates: Value::Null,
            max_connections: Value::Null,
        });
    }

    /// Every call recorded so far, in order.
    pub fn calls(&self) -> Vec<Call> {
        self.shared.lock().calls.clone()
    }

    /// Polls the recorded calls until `predicate` holds for them and returns them; panics with
    /// the calls seen when `timeout` passes first.
    pub fn wait_for(&self, predicate: impl Fn(&[Call]) -> bool, timeout: Duration) -> Vec<Call> {
        let deadline = Instant::now() + timeout;
        loop {
            let calls = self.calls();
            if predicate(&calls) {
                return calls;
            }
            if Instant::now() >= deadline {
                panic!(
                    "the expected calls did not come within {timeout:?}; {}",
                    describe(&calls)
                );
            }
            thread::sleep(POLL_INTERVAL);
        }
    }

    /// Waits for the first call that `predicate` accepts and returns it (see [`Self::wait_for`]).
    pub fn wait_for_call(&self, predicate: impl Fn(&Call) -> bool, timeout: Duration) -> Call {
        let calls = self.wait_for(|calls| calls.iter().any(&predicate), timeout);
        calls
            .into_iter()
            .find(|c| predicate(c))
            .expect("the call just seen")
    }

    fn next_message_id(&self) -> i64 {
        let mut inner = self.shared.lock();
        inner.next_message_id += 1;
        inner.next_message_id
    }

    fn next_query_id(&self) -> String {
        let mut inner = self.shared.lock();
        inner.next_query_id += 1;
        // Telegram's query ids are long decimal strings.
        format!("{}", 4_242_000_000_000_000_000_i64 + inner.next_query_id)
    }

    fn text_message(&self, chat_id: i64, user: TgUser, text: &str) -> MessageBuilder {
        let mut message = json!({
            "message_id": self.next_message_id(),
            "from": user.json(),
            "chat": chat(chat_id),
            "date": unix_now(),
            "text": text,
        });
        let entities = entities_of(text);
        if !entities.is_empty() {
            message["entities"] = json!(entities);
        }
        MessageBuilder { message }
    }

    /// `user` writes `text` in their private chat with the bot (chat id = user id).
    pub fn private_text(&self, user: TgUser, text: &str) -> MessageBuilder {
        self.text_message(user.id, user, text)
    }

    /// `user` writes `text` in the group `chat_id` (negative: a supergroup). Mentions and a
    /// leading command get their entities, as Telegram derives them.
    pub fn group_text(&self, chat_id: i64, user: TgUser, text: &str) -> MessageBuilder {
        assert!(chat_id < 0, "a group's chat id is negative, not {chat_id}");
        self.text_message(chat_id, user, text)
    }

    /// `user` sends a sticker (a regular static one, with an emoji) in chat `chat_id`.
    pub fn sticker(&self, chat_id: i64, user: TgUser) -> MessageBuilder {
        let message = json!({
            "message_id": self.next_message_id(),
            "from": user.json(),
            "chat": chat(chat_id),
            "date": unix_now(),
            "sticker": {
                "file_id": "CAACAgIAAxkBAAEBcdNmZGVvcHMtZ3VpZGUtc3RpY2tlcgAC",
                "file_unique_id": "AgADdevopsguide",
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": false,
                "is_video": false,
                "emoji": "👍",
                "set_name": "DevOpsStickers",
                "file_size": 23456,
            },
        });
        MessageBuilder { message }
    }

    /// A message as if the bot had sent `text` to `chat_id` earlier (for a callback query on a
    /// message the fake never served, such as one from before a restart).
    pub fn bot_message(&self, chat_id: i64, text: &str) -> Value {
        json!({
            "message_id": self.next_message_id(),
            "from": bot_user(),
            "chat": chat(chat_id),
            "date": unix_now() - 60,
            "text": text,
        })
    }

    /// `user` presses the inline button carrying `data` under `message` (a Message object sent
    /// by the bot, such as a recorded `sendMessage` result).
    pub fn callback_query(&self, user: TgUser, message: &Value, data: &str) -> Value {
        json!({
            "callback_query": {
                "id": self.next_query_id(),
                "from": user.json(),
                "chat_instance": "-7319245468032712345",
                "message": message,
                "data": data,
            }
        })
    }

    /// `user` types `@bot query` in some chat's input field (first page: `offset` "").
    pub fn inline_query(&self, user: TgUser, query: &str) -> Value {
        json!({
            "inline_query": {
                "id": self.next_query_id(),
                "from": user.json(),
                "query": query,
                "offset": "",
                "chat_type": "sender",
            }
        })
    }

    /// `user` answers the poll `poll_id` (from a recorded `sendPoll` result's `poll.id`) with
    /// the options `option_ids` (empty: the vote is retracted). Like Telegram's, the update
    /// carries no chat.
    pub fn poll_answer(&self, user: TgUser, poll_id: &str, option_ids: &[u8]) -> Value {
        json!({
            "poll_answer": {
                "poll_id": poll_id,
                "user": user.json(),
                "option_ids": option_ids,
            }
        })
    }

    /// An anonymous admin of the group `chat_id` writes `text`: the message comes from
    /// @GroupAnonymousBot on behalf of the group itself (`sender_chat` is the group).
    pub fn anonymous_admin_text(&self, chat_id: i64, text: &str) -> MessageBuilder {
        let mut builder = self.text_message(
            chat_id,
            TgUser {
                id: GROUP_ANONYMOUS_BOT_ID,
                first_name: "Group",
                username: "GroupAnonymousBot",
            },
            text,
        );
        builder.message["from"]["is_bot"] = json!(true);
        builder.message["sender_chat"] = chat(chat_id);
        builder
    }

    /// `by` adds the bot to the group `chat_id`: its status goes from "left" to "member".
    pub fn bot_added_to_group(&self, chat_id: i64, by: TgUser) -> Value {
        assert!(chat_id < 0, "a group's chat id is negative, not {chat_id}");
        json!({
            "my_chat_member": {
                "chat": chat(chat_id),
                "from": by.json(),
                "date": unix_now(),
                "old_chat_member": {"user": bot_user(), "status": "left"},
                "new_chat_member": {"user": bot_user(), "status": "member"},
            }
        })
    }
}

impl Drop for FakeBotApi {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_timeout(Duration::from_secs(1));
        }
    }
}

/// `POST /bot{token}/{method}`.
async fn handle(
    State(shared): State<Arc<Shared>>,
    Path((bot_token, method)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let at = Instant::now();
    let token = bot_token
        .strip_prefix("bot")
        .unwrap_or(&bot_token)
        .to_owned();
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let raw = String::from_utf8_lossy(&body).into_owned();
    let (parsed, files) = if content_type.starts_with("multipart/form-data") {
        parse_multipart(&content_type, &body)
    } else {
        (parse_body(&content_type, &raw), Vec::new())
    };
    let method = canonical_method(&method);
    let parsed = match method.as_str() {
        // The upload's sizes, computed from the PNG, travel in the parsed body to `respond`.
        "sendPhoto" => with_uploaded_photo(parsed, &files),
        _ => parsed,
    };
    let (status, response) = respond(&shared, &token, &method, &parsed).await;
    shared.lock().calls.push(Call {
        method,
        token,
        content_type,
        raw,
        body: parsed,
        files,
        status,
        response: response.clone(),
        at,
    });
    let status = StatusCode::from_u16(status).expect("a valid scripted status");
    (status, axum::Json(response)).into_response()
}

/// Method names of the Bot API are case-insensitive, and teloxide sends them capitalized
/// (`SendMessage`): the known ones are recorded as the documentation spells them, others with a
/// lowercase first letter.
fn canonical_method(method: &str) -> String {
    const KNOWN: &[&str] = &[
        "getMe",
        "getUpdates",
        "sendMessage",
        "sendPhoto",
        "sendPoll",
        "getChatMember",
        "editMessageText",
        "editMessageReplyMarkup",
        "deleteMessage",
        "answerCallbackQuery",
        "answerInlineQuery",
        "setMyCommands",
        "getMyCommands",
        "deleteMyCommands",
        "setWebhook",
        "deleteWebhook",
        "getWebhookInfo",
        "sendChatAction",
        "setMyDescription",
        "setMyShortDescription",
        "setChatMenuButton",
        "getChat",
        "leaveChat",
        "logOut",
        "close",
    ];
    if let Some(known) = KNOWN.iter().find(|k| k.eq_ignore_ascii_case(method)) {
        return (*known).to_owned();
    }
    let mut chars = method.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_ascii_lowercase().to_string() + chars.as_str()
    })
}

/// Any other path: recorded (method `unrouted <path>`) and answered 404 as Telegram does.
async fn unrouted(State(shared): State<Arc<Shared>>, uri: Uri, body: Bytes) -> Response {
    let response = json!({"ok": false, "error_code": 404, "description": "Not Found"});
    shared.lock().calls.push(Call {
        method: format!("unrouted {}", uri.path()),
        token: String::new(),
        content_type: String::new(),
        raw: String::from_utf8_lossy(&body).into_owned(),
        body: Value::Null,
        files: Vec::new(),
        status: 404,
        response: response.clone(),
        at: Instant::now(),
    });
    (StatusCode::NOT_FOUND, axum::Json(response)).into_response()
}

/// The answer to one call: status and JSON body.
async fn respond(shared: &Shared, token: &str, method: &str, body: &Value) -> (u16, Value) {
    {
        let mut inner = shared.lock();
        if inner.rejected_tokens.contains(token) {
            return (
                401,
                json!({"ok": false, "error_code": 401, "description": "Unauthorized"}),
            );
        }
        if let Some(scripted) = inner.scripted.get_mut(method).and_then(VecDeque::pop_front) {
            return (scripted.status, scripted.body);
        }
    }
    let ok = |result: Value| (200, json!({"ok": true, "result": result}));
    match method {
        "getMe" => ok(get_me()),
        "getUpdates" => {
            if shared.lock().webhook.is_some() {
                return (
                    409,
                    json!({"ok": false, "error_code": 409, "description": "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}),
                );
            }
            ok(get_updates(shared, body).await)
        }
        "setWebhook" => {
            let url = body["url"].as_str().unwrap_or("").to_owned();
            shared.lock().webhook = (!url.is_empty()).then(|| Webhook {
                url,
                secret_token: body["secret_token"].as_str().map(str::to_owned),
                allowed_updates: match &body["allowed_updates"] {
                    // A form-encoded body carries the list as a JSON string.
                    Value::String(s) => serde_json::from_str(s).unwrap_or(Value::Null),
                    other => other.clone(),
                },
                max_connections: match &body["max_connections"] {
                    Value::String(s) => s.parse::<i64>().map_or(Value::Null, |n| json!(n)),
                    other => other.clone(),
                },
            });
            ok(json!(true))
        }
        "deleteWebhook" => {
            shared.lock().webhook = None;
            ok(json!(true))
        }
        // teloxide's polling asks whether a webhook is set before it deletes it.
        "getWebhookInfo" => {
            let webhook = shared.lock().webhook.clone();
            ok(match webhook {
                None => json!({
                    "url": "",
                    "has_custom_certificate": false,
                    "pending_update_count": 0,
                }),
                Some(w) => {
                    let mut info = json!({
                        "url": w.url,
                        "has_custom_certificate": false,
                        "pending_update_count": 0,
                    });
                    if !w.allowed_updates.is_null() {
                        info["allowed_updates"] = w.allowed_updates;
                    }
                    if !w.max_connections.is_null() {
                        info["max_connections"] = w.max_connections;
                    }
                    info
                }
            })
        }
        "getMyCommands" => ok(json!([])),
        "sendMessage" => match body["chat_id"]
            .as_i64()
            .or_else(|| body["chat_id"].as_str().and_then(|s| s.parse().ok()))
        {
            Some(chat_id) => {
                let message_id = {
                    let mut inner = shared.lock();
                    inner.next_message_id += 1;
                    inner.next_message_id
                };
                ok(sent_message(message_id, chat_id, body))
            }
            None => bad_request("Bad Request: chat_id is empty"),
        },
        "sendPhoto" => send_photo(shared, body),
        "sendPoll" => match body["chat_id"]
            .as_i64()
            .or_else(|| body["chat_id"].as_str().and_then(|s| s.parse().ok()))
        {
            Some(chat_id) => {
                let (message_id, poll_id) = {
                    let mut inner = shared.lock();
                    inner.next_message_id += 1;
                    inner.next_poll_id += 1;
                    (inner.next_message_id, inner.next_poll_id)
                };
                ok(sent_poll(message_id, chat_id, poll_id, body))
            }
            None => bad_request("Bad Request: chat_id is empty"),
        },
        "getChatMember" => {
            let chat_id = body["chat_id"].as_i64().unwrap_or(0);
            let user_id = body["user_id"].as_i64().unwrap_or(0);
            let status = shared
                .lock()
                .member_status
                .get(&(chat_id, user_id))
                .cloned()
                .unwrap_or_else(|| "member".to_owned());
            ok(chat_member(user_id, &status))
        }
        "editMessageText" => {
            if body.get("inline_message_id").is_some() {
                return ok(json!(true));
            }
            let chat_id = body["chat_id"].as_i64();
            let message_id = body["message_id"].as_i64();
            match (chat_id, message_id) {
                (Some(chat_id), Some(message_id)) => {
                    let mut message = sent_message(message_id, chat_id, body);
                    message["edit_date"] = json!(unix_now());
                    ok(message)
                }
                _ => bad_request("Bad Request: message to edit not found"),
            }
        }
        _ => ok(json!(true)),
    }
}

fn bad_request(description: &str) -> (u16, Value) {
    (
        400,
        json!({"ok": false, "error_code": 400, "description": description}),
    )
}

/// The Message the bot "sent" with `body` (a `sendMessage` or `editMessageText` request).
fn sent_message(message_id: i64, chat_id: i64, body: &Value) -> Value {
    let mut message = json!({
        "message_id": message_id,
        "from": bot_user(),
        "chat": chat(chat_id),
        "date": unix_now(),
        "text": body["text"].as_str().unwrap_or(""),
    });
    if let Some(thread) = body["message_thread_id"].as_i64() {
        message["message_thread_id"] = json!(thread);
        message["is_topic_message"] = json!(true);
        message["chat"]["is_forum"] = json!(true);
    }
    if body["reply_markup"]["inline_keyboard"].is_array() {
        message["reply_markup"] = body["reply_markup"].clone();
    }
    message
}

/// The Message carrying the quiz poll the bot "sent" with `body` (a `sendPoll` request).
fn sent_poll(message_id: i64, chat_id: i64, poll_id: i64, body: &Value) -> Value {
    let options: Vec<Value> = body["options"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|o| json!({"text": o["text"].as_str().unwrap_or(""), "voter_count": 0}))
        .collect();
    let mut poll = json!({
        "id": format!("{}", 5_000_000_000_000_000_000_i64 + poll_id),
        "question": body["question"].as_str().unwrap_or(""),
        "options": options,
        "total_voter_count": 0,
        "is_closed": false,
        "is_anonymous": body["is_anonymous"].as_bool().unwrap_or(true),
        "type": body["type"].as_str().unwrap_or("regular"),
        "allows_multiple_answers": false,
    });
    for field in ["correct_option_id", "explanation", "open_period"] {
        if !body[field].is_null() {
            poll[field] = body[field].clone();
        }
    }
    let mut message = json!({
        "message_id": message_id,
        "from": bot_user(),
        "chat": chat(chat_id),
        "date": unix_now(),
        "poll": poll,
    });
    if let Some(thread) = body["message_thread_id"].as_i64() {
        message["message_thread_id"] = json!(thread);
        message["is_topic_message"] = json!(true);
        message["chat"]["is_forum"] = json!(true);
    }
    message
}

/// A `ChatMember` with `status` for `user_id`, with the fields teloxide requires.
fn chat_member(user_id: i64, status: &str) -> Value {
    let user = json!({"id": user_id, "is_bot": false, "first_name": "Member"});
    match status {
        "creator" => json!({"status": "creator", "user": user, "is_anonymous": false}),
        "administrator" => json!({
            "status": "administrator",
            "user": user,
            "is_anonymous": false,
            "can_be_edited": false,
            "can_manage_chat": true,
            "can_change_info": true,
            "can_delete_messages": true,
            "can_manage_video_chats": true,
            "can_invite_users": true,
            "can_restrict_members": true,
            "can_promote_members": false,
        }),
        other => json!({"status": other, "user": user}),
    }
}

/// `getUpdates`: confirms the updates below `offset` (a negative offset keeps only that many of
/// the latest), then returns the pending ones, waiting up to [`POLL_WAIT`] for one to be pushed
/// when there are none (unless the request asked for `timeout: 0`).
async fn get_updates(shared: &Shared, body: &Value) -> Value {
    let offset = body["offset"].as_i64();
    let limit = body["limit"]
        .as_u64()
        .map_or(100, |l| l.clamp(1, 100) as usize);
    let short_poll = body["timeout"].as_u64() == Some(0);
    let deadline = tokio::time::Instant::now() + POLL_WAIT;
    loop {
        // Registered before looking at the queue, so a push in between is not missed.
        let mut pushed = pin!(shared.update_pushed.notified());
        pushed.as_mut().enable();
        {
            let mut inner = shared.lock();
            match offset {
                Some(offset) if offset >= 0 => inner
                    .updates
                    .retain(|u| u["update_id"].as_i64().is_some_and(|id| id >= offset)),
                Some(offset) => {
                    let keep = offset.unsigned_abs() as usize;
                    while inner.updates.len() > keep {
                        inner.updates.pop_front();
                    }
                }
                None => {}
            }
            if !inner.updates.is_empty() {
                return json!(inner.updates.iter().take(limit).collect::<Vec<_>>());
            }
        }
        if short_poll || tokio::time::timeout_at(deadline, pushed).await.is_err() {
            return json!([]);
        }
    }
}

/// The body as JSON, or a form-encoded or multipart body as an object of strings, or `null`.
fn parse_body(content_type: &str, raw: &str) -> Value {
    if let Ok(value) = serde_json::from_str::<Value>(raw) {
        return value;
    }
    if let Some(boundary) = content_type
        .strip_prefix("multipart/form-data")
        .and_then(|rest| rest.split("boundary=").nth(1))
    {
        // teloxide sends some methods (setWebhook) as multipart even without a file.
        let boundary = format!("--{}", boundary.trim_matches('"'));
        let mut object = serde_json::Map::new();
        for part in raw.split(boundary.as_str()) {
            let Some((head, value)) = part.split_once("\r\n\r\n") else {
                continue;
            };
            let Some(name) = head
                .split("name=\"")
                .nth(1)
                .and_then(|n| n.split('"').next())
            else {
                continue;
            };
            let value = value.strip_suffix("\r\n").unwrap_or(value);
            object.insert(name.to_owned(), Value::String(value.to_owned()));
        }
        return Value::Object(object);
    }
    if content_type.starts_with("application/x-www-form-urlencoded") {
        let mut object = serde_json::Map::new();
        for pair in raw.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            object.insert(percent_decode(key), Value::String(percent_decode(value)));
        }
        return Value::Object(object);
    }
    Value::Null
}

/// Decodes `+` and `%XX` of a form-encoded component.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match (hex_digit(bytes[i + 1]), hex_digit(bytes[i + 2])) {
                    (Some(high), Some(low)) => {
                        out.push(high * 16 + low);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_digit(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// `sendPhoto`: an upload gets new `file_id`s (a thumbnail and the full size); a `file_id`
/// string must be one issued before. Answers the Message with its `photo` and `caption`.
fn send_photo(shared: &Shared, body: &Value) -> (u16, Value) {
    let Some(chat_id) = body["chat_id"]
        .as_i64()
        .or_else(|| body["chat_id"].as_str().and_then(|s| s.parse().ok()))
    else {
        return bad_request("Bad Request: chat_id is empty");
    };
    let mut inner = shared.lock();
    inner.next_message_id += 1;
    let message_id = inner.next_message_id;
    let sizes = match &body["photo"] {
        Value::String(file_id) => match inner.photos.get(file_id) {
            Some(sizes) => sizes.clone(),
            None => return bad_request("Bad Request: wrong file identifier/HTTP URL specified"),
        },
        Value::Object(upload) => {
            let (Some(width), Some(height)) = (upload["width"].as_u64(), upload["height"].as_u64())
            else {
                return bad_request("Bad Request: IMAGE_PROCESS_FAILED");
            };
            let id = format!("photo-{message_id}");
            let thumb_height = (height * 90 / width.max(1)).max(1);
            let sizes = json!([
                {"file_id": format!("{id}-s"), "file_unique_id": format!("u{id}-s"), "width": 90, "height": thumb_height, "file_size": 1000},
                {"file_id": id.clone(), "file_unique_id": format!("u{id}"), "width": width, "height": height, "file_size": upload["size"]},
            ]);
            inner.photos.insert(id, sizes.clone());
            inner
                .photos
                .insert(format!("photo-{message_id}-s"), sizes.clone());
            sizes
        }
        _ => return bad_request("Bad Request: there is no photo in the request"),
    };
    let mut message = json!({
        "message_id": message_id,
        "from": bot_user(),
        "chat": chat(chat_id),
        "date": unix_now(),
        "photo": sizes,
    });
    if let Some(caption) = body["caption"].as_str() {
        message["caption"] = json!(caption);
    }
    (200, json!({"ok": true, "result": message}))
}

/// For a `sendPhoto` upload: the `photo` field — the file part itself, or `attach://<part>`
/// naming it, as teloxide sends it — becomes `{"field", "filename", "size", "width",
/// "height"}` (the PNG's size; absent when the bytes are not a PNG). A plain string (a
/// `file_id`) is left as it is.
fn with_uploaded_photo(mut body: Value, files: &[UploadedFile]) -> Value {
    let field = match body["photo"].as_str() {
        Some(value) => match value.strip_prefix("attach://") {
            Some(part) => part.to_owned(),
            None => return body,
        },
        None => "photo".to_owned(),
    };
    if let Some(file) = files.iter().find(|f| f.field == field) {
        let mut photo = json!({"field": field, "filename": file.filename, "size": file.data.len()});
        if let Some((width, height)) = png_size(&file.data) {
            photo["width"] = json!(width);
            photo["height"] = json!(height);
        }
        body["photo"] = photo;
    }
    body
}

/// The width and height in a PNG's header.
pub fn png_size(data: &[u8]) -> Option<(u32, u32)> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if data.len() < 24 || &data[..8] != SIGNATURE || &data[12..16] != b"IHDR" {
        return None;
    }
    let be = |at: usize| u32::from_be_bytes([data[at], data[at + 1], data[at + 2], data[at + 3]]);
    Some((be(16), be(20)))
}

/// A `multipart/form-data` body: its text parts as strings in an object, its file parts as
/// `{"filename", "size"}` there and in full in the returned list.
fn parse_multipart(content_type: &str, body: &[u8]) -> (Value, Vec<UploadedFile>) {
    let Some(boundary) = content_type.split(';').find_map(|p| {
        p.trim()
            .strip_prefix("boundary=")
            .map(|b| b.trim_matches('"').to_owned())
    }) else {
        return (Value::Null, Vec::new());
    };
    let delimiter = format!("--{boundary}").into_bytes();
    let mut object = serde_json::Map::new();
    let mut files = Vec::new();
    let mut rest = body;
    // Skip the preamble up to the first delimiter.
    match find(rest, &delimiter) {
        Some(at) => rest = &rest[at + delimiter.len()..],
        None => return (Value::Null, Vec::new()),
    }
    while !rest.starts_with(b"--") {
        let part_start = rest.strip_prefix(b"\r\n").unwrap_or(rest);
        let Some(end) = find(part_start, &delimiter) else {
            break;
        };
        let part = part_start[..end]
            .strip_suffix(b"\r\n")
            .unwrap_or(&part_start[..end]);
        rest = &part_start[end + delimiter.len()..];
        let Some(split) = find(part, b"\r\n\r\n") else {
            continue;
        };
        let (head, data) = (String::from_utf8_lossy(&part[..split]), &part[split + 4..]);
        let mut name = None;
        let mut filename = None;
        let mut part_type = None;
        for line in head.lines() {
            let (key, value) = line.split_once(':').unwrap_or((line, ""));
            if key.eq_ignore_ascii_case("content-disposition") {
                for param in value.split(';').map(str::trim) {
                    if let Some(v) = param.strip_prefix("name=") {
                        name = Some(v.trim_matches('"').to_owned());
                    } else if let Some(v) = param.strip_prefix("filename=") {
                        filename = Some(v.trim_matches('"').to_owned());
                    }
                }
            } else if key.eq_ignore_ascii_case("content-type") {
                part_type = Some(value.trim().to_owned());
            }
        }
        let Some(name) = name else { continue };
        match filename {
            Some(filename) => {
                object.insert(
                    name.clone(),
                    json!({"filename": filename, "size": data.len()}),
                );
                files.push(UploadedFile {
                    field: name,
                    filename,
                    content_type: part_type,
                    data: data.to_vec(),
                });
            }
            None => {
                object.insert(
                    name,
                    Value::String(String::from_utf8_lossy(data).into_owned()),
                );
            }
        }
    }
    (Value::Object(object), files)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
