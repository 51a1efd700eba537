//! Pictures in Telegram, sent with sendPhoto: the salary chart with the "compare salaries"
//! answer, a member's roadmap card (`/progress card` and the progress message's "Picture"
//! button) and the cohort board of a group of more than [`BOARD_PICTURE_MIN_MEMBERS`] - 1
//! members (smaller boards stay text).
//!
//! # The file_id cache
//!
//! Telegram answers an upload with the photo's `file_id`; a picture whose PNG bytes are the same
//! as one already uploaded is sent again by that `file_id` instead of being re-uploaded. The
//! cache is keyed by the picture's content (a 64-bit hash of the PNG bytes and their length),
//! lives in this process only (a restart uploads each picture once more, which is harmless), and
//! is bounded: past [`CACHE_CAPACITY`] entries the oldest is forgotten. A `file_id` Telegram
//! refuses is dropped and the picture uploaded again.

use crate::assistant::Assistant;
use crate::core::context::ConversationId;
use crate::picture::{self, Picture};
use crate::telegram::commands::Ask;
use crate::telegram::delivery::deliver;
use crate::telegram::handlers::TgBot;
use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, VecDeque};
use std::hash::{Hash, Hasher};
use std::sync::{Mutex, OnceLock};
use teloxide::prelude::*;
use teloxide::types::{FileId, InputFile, MessageId, ReplyParameters, ThreadId};

/// The most `file_id`s the cache keeps.
pub const CACHE_CAPACITY: usize = 256;
/// A group's board is a picture from this many members on (smaller ones get the text board).
pub const BOARD_PICTURE_MIN_MEMBERS: usize = 6;
/// The intent whose answer comes with the salary chart.
pub const SALARY_COMPARISON: &str = "salary:compare";
/// The verb of the progress message's "Picture" button (`v1:x:card:<owner>`).
pub const CARD_ACTION: &str = "card";
/// Telegram's limit on a photo caption, in characters.
const MAX_CAPTION_CHARS: usize = 1024;

/// A picture's identity: a hash of its PNG bytes and their length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ContentKey {
    hash: u64,
    len: usize,
}

impl ContentKey {
    /// The key of a PNG.
    pub fn of(png: &[u8]) -> ContentKey {
        let mut hasher = DefaultHasher::new();
        png.hash(&mut hasher);
        ContentKey {
            hash: hasher.finish(),
            len: png.len(),
        }
    }
}

/// `file_id`s of pictures already uploaded, by content; bounded, oldest forgotten first.
#[derive(Debug)]
pub struct PhotoCache {
    capacity: usize,
    inner: Mutex<(HashMap<ContentKey, String>, VecDeque<ContentKey>)>,
}

impl PhotoCache {
    /// An empty cache of at most `capacity` entries.
    pub fn new(capacity: usize) -> PhotoCache {
        PhotoCache {
            capacity: capacity.max(1),
            inner: Mutex::new((HashMap::new(), VecDeque::new())),
        }
    }

    fn lock(
        &self,
    ) -> std::sync::MutexGuard<'_, (HashMap<ContentKey, String>, VecDeque<ContentKey>)> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The `file_id` of this content, if it was uploaded.
    pub fn get(&self, key: ContentKey) -> Option<String> {
        self.lock().0.get(&key).cloned()
    }

    /// Remembers the `file_id` of this content.
    pub fn put(&self, key: ContentKey, file_id: String) {
        let mut guard = self.lock();
        let (ids, order) = &mut *guard;
        if ids.insert(key, file_id).is_none() {
            order.push_back(key);
        }
        while ids.len() > self.capacity {
            match order.pop_front() {
                Some(old) => {
                    ids.remove(&old);
                }
                None => break,
            }
        }
    }

    /// Forgets this content's `file_id`.
    pub fn remove(&self, key: ContentKey) {
        let mut guard = self.lock();
        let (ids, order) = &mut *guard;
        ids.remove(&key);
        order.retain(|k| *k != key);
    }

    /// How many `file_id`s are kept.
    pub fn len(&self) -> usize {
        self.lock().0.len()
    }

    /// Whether none is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn cache() -> &'static PhotoCache {
    static CACHE: OnceLock<PhotoCache> = OnceLock::new();
    CACHE.get_or_init(|| PhotoCache::new(CACHE_CAPACITY))
}

/// Where a photo goes: a chat, in reply to a message (groups), in a forum topic.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    chat: ChatId,
    reply_to: Option<MessageId>,
    thread: Option<ThreadId>,
}

impl Target {
    /// A chat (in a forum topic), not in reply to a message.
    pub fn in_chat(chat: ChatId, thread: Option<ThreadId>) -> Target {
        Target {
            chat,
            reply_to: None,
            thread,
        }
    }

    /// The chat of `msg`: in reply to it in groups, in its forum topic.
    pub fn answering(msg: &Message) -> Target {
        let group = msg.chat.is_group() || msg.chat.is_supergroup();
        Target {
            chat: msg.chat.id,
            reply_to: group.then_some(msg.id),
            thread: msg.is_topic_message.then_some(msg.thread_id).flatten(),
        }
    }
}

/// The `file_id` of the largest size of the photo a message carries.
fn largest_photo(message: &Message) -> Option<String> {
    message
        .photo()?
        .iter()
        .max_by_key(|p| u64::from(p.width) * u64::from(p.height))
        .map(|p| p.file.id.0.clone())
}

/// Sends `picture` with its caption: by `file_id` when the same picture was uploaded before,
/// else uploaded (and its `file_id` remembered). `false` when it could not be sent.
pub async fn send_picture(bot: &TgBot, to: Target, picture: &Picture) -> bool {
    let key = ContentKey::of(&picture.png);
    let caption: String = picture.caption.chars().take(MAX_CAPTION_CHARS).collect();
    let send = |photo: InputFile| {
        let mut request = bot.send_photo(to.chat, photo).caption(caption.clone());
        if let Some(id) = to.reply_to {
            request =
                request.reply_parameters(ReplyParameters::new(id).allow_sending_without_reply());
        }
        if let Some(t) = to.thread {
            request = request.message_thread_id(t);
        }
        request.into_future()
    };
    if let Some(file_id) = cache().get(key) {
        let sent = deliver("sendPhoto", to.chat.0, || {
            send(InputFile::file_id(FileId(file_id.clone())))
        })
        .await;
        if sent.is_some() {
            return true;
        }
        tracing::warn!(
            chat_id = to.chat.0,
            "a cached file_id was refused; uploading the picture again"
        );
        cache().remove(key);
    }
    let sent = deliver("sendPhoto", to.chat.0, || {
        send(InputFile::memory(picture.png.clone()).file_name("picture.png"))
    })
    .await;
    match sent {
        Some(message) => {
            if let Some(file_id) = largest_photo(&message) {
                cache().put(key, file_id);
            }
            true
        }
        None => false,
    }
}

/// Renders a picture, logging a failure (which leaves the text answer to stand alone).
fn rendered(what: &str, picture: Result<Picture, picture::PictureError>) -> Option<Picture> {
    picture
        .map_err(|e| tracing::error!(picture = what, error = %e, "cannot render a picture"))
        .ok()
}

/// Sends the salary chart to `to`.
pub async fn send_salary_chart(bot: &TgBot, assistant: &Assistant, to: Target) -> bool {
    match rendered(
        "salary",
        picture::salary_chart(assistant.engine().knowledge()),
    ) {
        Some(p) => send_picture(bot, to, &p).await,
        None => false,
    }
}

/// Sends the member's roadmap card to `to`.
async fn send_card(
    bot: &TgBot,
    assistant: &Assistant,
    id: ConversationId,
    name: &str,
    to: Target,
) -> bool {
    let done = match assistant.store().progress(id.chat, id.user) {
        Ok(done) => done,
        Err(e) => {
            tracing::error!(chat_id = id.chat, error = %e, "cannot read progress for a card");
            return false;
        }
    };
    let card = picture::progress_card(assistant.engine().knowledge(), name, &done);
    match rendered("card", card) {
        Some(p) => send_picture(bot, to, &p).await,
        None => false,
    }
}

/// Sends the group's board as a picture when it has at least [`BOARD_PICTURE_MIN_MEMBERS`]
/// members; `false` (the text board is due) otherwise or on failure.
async fn send_board(bot: &TgBot, assistant: &Assistant, chat: i64, to: Target) -> bool {
    let board = match assistant.store().board(chat) {
        Ok(board) => board,
        Err(e) => {
            tracing::error!(chat_id = chat, error = %e, "cannot read the board for a picture");
            return false;
        }
    };
    if board.len() < BOARD_PICTURE_MIN_MEMBERS {
        return false;
    }
    match rendered(
        "board",
        picture::board(assistant.engine().knowledge(), &board),
    ) {
        Some(p) => send_picture(bot, to, &p).await,
        None => false,
    }
}

/// The picture part of a command's answer, sent before the text. `true` when the picture is
/// the whole answer (no text is due).
pub async fn for_command(
    bot: &TgBot,
    assistant: &Assistant,
    msg: &Message,
    id: ConversationId,
    name: &str,
    ask: &Ask,
) -> bool {
    let to = Target::answering(msg);
    let group = msg.chat.is_group() || msg.chat.is_supergroup();
    match ask {
        Ask::Label(label) if *label == SALARY_COMPARISON => {
            send_salary_chart(bot, assistant, to).await;
            false
        }
        // `/salary compare`, `/salary uk vs india`: a comparison in words.
        Ask::Text(text)
            if assistant.engine().respond(text, None).intent.label() == SALARY_COMPARISON =>
        {
            send_salary_chart(bot, assistant, to).await;
            false
        }
        Ask::ProgressCard => send_card(bot, assistant, id, name, to).await,
        Ask::Cohort if group => send_board(bot, assistant, id.chat, to).await,
        _ => false,
    }
}

/// A press of the progress message's "Picture" button (`card:<owner>`): the owner's card, sent
/// to the chat; anyone else is told in an alert, as for the other progress buttons.
pub async fn on_card_press(
    bot: &TgBot,
    assistant: &Assistant,
    q: &CallbackQuery,
    owner: &str,
    name: &str,
    thread: Option<ThreadId>,
) {
    let Some(chat) = q.message.as_ref().map(|m| m.chat().id) else {
        return;
    };
    let presser = q.from.id.0 as i64;
    let refusal = match owner.parse::<i64>() {
        Ok(owner) if owner == presser => None,
        Ok(_) => {
            Some("This button belongs to someone else's progress — send /progress for your own.")
        }
        Err(_) => Some("This button no longer works; send /progress."),
    };
    deliver("answerCallbackQuery", chat.0, || {
        let mut answer = bot.answer_callback_query(q.id.clone());
        if let Some(text) = refusal {
            answer = answer.text(text).show_alert(true);
        }
        answer.into_future()
    })
    .await;
    if refusal.is_some() {
        return;
    }
    let id = ConversationId {
        chat: chat.0,
        user: presser,
    };
    send_card(bot, assistant, id, name, Target::in_chat(chat, thread)).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_keys_by_content_and_forgets_the_oldest_past_its_capacity() {
        let cache = PhotoCache::new(2);
        let (a, b, c) = (
            ContentKey::of(b"png a"),
            ContentKey::of(b"png b"),
            ContentKey::of(b"png c"),
        );
        assert_eq!(a, ContentKey::of(b"png a"));
        assert_ne!(a, b);
        cache.put(a, "id-a".into());
        cache.put(b, "id-b".into());
        cache.put(a, "id-a2".into());
        assert_eq!(cache.get(a).as_deref(), Some("id-a2"));
        cache.put(c, "id-c".into());
        assert_eq!(cache.len(), 2);
        assert_eq!(cache.get(a), None, "the oldest entry goes first");
        assert_eq!(cache.get(c).as_deref(), Some("id-c"));
        cache.remove(c);
        assert_eq!(cache.get(c), None);
        assert_eq!(cache.len(), 1);
    }
}
