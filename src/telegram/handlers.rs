//! The handler tree: which updates the bot answers and how. Private chats: every text. Groups:
//! commands addressed to this bot, messages that mention it and replies to its messages — all
//! other chatter is ignored silently, whether or not privacy mode lets the bot see it. Answers in
//! a group reply to the asking message, in its forum topic.

use crate::assistant::Assistant;
use crate::core::context::ConversationId;
use crate::core::reply::Reply;
use crate::telegram::commands::{Ask, Command};
use crate::telegram::delivery::{Flood, Verdict, deliver};
use crate::telegram::pictures;
use crate::telegram::render;
use std::sync::Arc;
use teloxide::dispatching::UpdateHandler;
use teloxide::prelude::*;
use teloxide::types::{
    InlineQueryResult, InlineQueryResultArticle, InputMessageContent, InputMessageContentText, Me,
    MessageEntityKind, ParseMode, ReplyParameters,
};
use teloxide::utils::command::BotCommands;

/// The bot as handlers use it. Replies keep within Telegram's limits through
/// [`crate::telegram::pacing`] in `deliver` (teloxide's `Throttle` put 250 ms on each reply).
pub type TgBot = Bot;

/// Why a handler failed. Delivery failures are logged where they happen, so handlers rarely
/// fail; this is for the dispatcher's error handler.
#[derive(Debug, thiserror::Error)]
pub enum HandlerError {
    /// A request to Telegram failed.
    #[error("telegram request failed: {0}")]
    Request(#[from] teloxide::RequestError),
}

type HandlerResult = Result<(), HandlerError>;

/// The update handler tree.
pub fn schema() -> UpdateHandler<HandlerError> {
    let messages = Update::filter_message()
        .branch(teloxide::filter_command::<Command, _>().endpoint(on_command))
        .branch(dptree::endpoint(on_message));
    dptree::entry()
        .inspect(|u: Update| crate::telegram::ops::count_update(&u))
        .branch(messages)
        .branch(Update::filter_callback_query().endpoint(on_callback))
        .branch(Update::filter_inline_query().endpoint(on_inline_query))
        .branch(Update::filter_my_chat_member().endpoint(on_my_chat_member))
        .branch(Update::filter_poll_answer().endpoint(crate::telegram::quiz::on_poll_answer))
}

fn conversation(msg: &Message) -> ConversationId {
    ConversationId {
        chat: msg.chat.id.0,
        user: msg
            .from
            .as_ref()
            .map(|u| u.id.0 as i64)
            .unwrap_or(msg.chat.id.0),
    }
}

fn in_group(msg: &Message) -> bool {
    msg.chat.is_group() || msg.chat.is_supergroup()
}

fn username(me: &Me) -> &str {
    me.user.username.as_deref().unwrap_or("")
}

/// Whether a group message is meant for the bot: it mentions the bot (as @username or a text
/// mention) or replies to one of the bot's messages.
fn addressed(msg: &Message, me: &Me) -> bool {
    let name = username(me).to_lowercase();
    let text = msg.text().or(msg.caption()).unwrap_or("");
    let mentioned = !name.is_empty() && text.to_lowercase().contains(&format!("@{name}"));
    let text_mention = msg.entities().into_iter().flatten().any(
        |e| matches!(&e.kind, MessageEntityKind::TextMention { user } if user.id == me.user.id),
    );
    let reply_to_bot = msg
        .reply_to_message()
        .and_then(|r| r.from.as_ref())
        .is_some_and(|u| u.id == me.user.id);
    mentioned || text_mention || reply_to_bot
}

/// Sends a reply to the chat of `msg`: split into messages, the keyboard on the last one, in
/// reply to `msg` in groups and in its forum topic.
pub(crate) async fn send_reply(bot: &TgBot, assistant: &Assistant, msg: &Message, reply: &Reply) {
    let reply_to = in_group(msg).then_some(msg.id);
    let thread = msg.is_topic_message.then_some(msg.thread_id).flatten();
    send_to(bot, assistant, msg.chat.id, reply_to, thread, reply).await;
}

async fn send_to(
    bot: &TgBot,
    assistant: &Assistant,
    chat: ChatId,
    reply_to: Option<teloxide::types::MessageId>,
    thread: Option<teloxide::types::ThreadId>,
    reply: &Reply,
) {
    let messages = render::to_html_messages(reply);
    let keyboard = render::keyboard(&assistant.engine(), reply);
    let last = messages.len().saturating_sub(1);
    for (n, text) in messages.into_iter().enumerate() {
        let keyboard = if n == last { keyboard.clone() } else { None };
        deliver("sendMessage", chat.0, || {
            let mut request = bot
                .send_message(chat, text.clone())
                .parse_mode(ParseMode::Html);
            if let Some(id) = reply_to {
                request = request
                    .reply_parameters(ReplyParameters::new(id).allow_sending_without_reply());
            }
            if let Some(t) = thread {
                request = request.message_thread_id(t);
            }
            if let Some(k) = keyboard.clone() {
                request = request.reply_markup(k);
            }
            request.into_future()
        })
        .await;
    }
}

/// A member's display name, as the cohort board shows it.
pub(crate) fn display_name(user: Option<&teloxide::types::User>) -> String {
    match user {
        Some(u) => match &u.last_name {
            Some(last) => format!("{} {last}", u.first_name),
            None => u.first_name.clone(),
        },
        None => "someone".to_string(),
    }
}

/// A store failure, said to the user without internals.
fn store_trouble(id: ConversationId, e: &crate::storage::StoreError) -> Reply {
    tracing::error!(chat_id = id.chat, error = %e, "store operation failed");
    Reply::new("Sorry, I couldn't reach my memory just now — please try again in a moment.")
}

fn answer_for(assistant: &Assistant, msg: &Message, id: ConversationId, ask: Ask) -> Option<Reply> {
    let group = in_group(msg);
    let result = match ask {
        Ask::Label(label) => return assistant.press(id, label).map(|o| o.reply),
        Ask::Text(text) => return Some(assistant.ask(id, &text).reply),
        Ask::Privacy => return Some(assistant.privacy()),
        Ask::Progress | Ask::ProgressCard => assistant.progress(id),
        Ask::Step(arg, done) => match arg.trim_start_matches('#').parse::<u8>() {
            Ok(step) => assistant.set_step(id, &display_name(msg.from.as_ref()), step, done),
            Err(_) => {
                let verb = if done { "done" } else { "undo" };
                return Some(Reply::new(format!(
                    "Which step? Send /{verb} and its number, for example /{verb} 3."
                )));
            }
        },
        Ask::Cohort if group => assistant.board(id.chat),
        Ask::Cohort => {
            return Some(Reply::new(
                "The cohort board is for groups: add me to your study group and send /cohort there.",
            ));
        }
        Ask::Forget => assistant.forget(id.user, group.then_some(id.chat)),
        Ask::Study => return None,
    };
    Some(result.unwrap_or_else(|e| store_trouble(id, &e)))
}

async fn on_command(
    bot: TgBot,
    msg: Message,
    cmd: Command,
    assistant: Arc<Assistant>,
    flood: Arc<Flood>,
    study: Arc<crate::telegram::quiz::Study>,
) -> HandlerResult {
    let id = conversation(&msg);
    if !admit(&bot, &assistant, &flood, &msg, id).await {
        return Ok(());
    }
    if matches!(cmd.ask(), Ask::Study) {
        crate::telegram::quiz::on_command(&bot, &msg, &cmd, &assistant, &study).await;
        return Ok(());
    }
    let name = display_name(msg.from.as_ref());
    if pictures::for_command(&bot, &assistant, &msg, id, &name, &cmd.ask()).await {
        return Ok(());
    }
    if let Some(reply) = answer_for(&assistant, &msg, id, cmd.ask()) {
        send_reply(&bot, &assistant, &msg, &reply).await;
    }
    Ok(())
}

/// Flood control for one message: `false` when it must not be answered.
async fn admit(
    bot: &TgBot,
    assistant: &Assistant,
    flood: &Flood,
    msg: &Message,
    id: ConversationId,
) -> bool {
    match flood.check(id) {
        Verdict::Allow => true,
        Verdict::Ignore => false,
        Verdict::Warn => {
            let reply = Reply::new("Please slow down a little.")
                .paragraph("You've sent a lot of messages in a few seconds; I'll be back with you in half a minute.");
            send_reply(bot, assistant, msg, &reply).await;
            false
        }
    }
}

fn short_help() -> Reply {
    let commands = Command::bot_commands()
        .iter()
        .map(|c| format!("{} — {}", c.command, c.description))
        .collect();
    Reply::new("I don't know that command.")
        .paragraph("Here's what I understand:")
        .bullets(commands)
}

async fn on_message(
    bot: TgBot,
    msg: Message,
    me: Me,
    assistant: Arc<Assistant>,
    flood: Arc<Flood>,
) -> HandlerResult {
    let group = in_group(&msg);
    // A group upgraded to a supergroup: its cohort moves with it (Telegram sends both halves;
    // moving twice is harmless). The supergroup's half comes "from" Telegram's anonymous group
    // bot, so it is read before bots' messages are set aside: it is the half ordered before
    // the supergroup's next messages.
    let migration = match (msg.migrate_to_chat_id(), msg.migrate_from_chat_id()) {
        (Some(to), _) => Some((msg.chat.id, *to)),
        (_, Some(from)) => Some((*from, msg.chat.id)),
        _ => None,
    };
    if let Some((from, to)) = migration {
        if let Err(e) = assistant.store().migrate_chat(from.0, to.0) {
            tracing::error!(chat_id = from.0, error = %e, "cannot move the cohort to the supergroup");
        } else {
            tracing::info!(
                from = from.0,
                to = to.0,
                "group upgraded to a supergroup; cohort moved"
            );
        }
        return Ok(());
    }
    let from_bot = msg.from.as_ref().is_some_and(|u| u.is_bot);
    if from_bot || msg.chat.is_channel() {
        return Ok(());
    }
    let Some(text) = msg.text() else {
        // Stickers, photos, voice: a hint in private, nothing in groups; service messages (a
        // member joined, a title changed) carry no content worth a reply anywhere.
        let content = msg.sticker().is_some()
            || msg.photo().is_some()
            || msg.voice().is_some()
            || msg.video().is_some()
            || msg.document().is_some()
            || msg.audio().is_some()
            || msg.animation().is_some()
            || msg.video_note().is_some();
        if !group && content {
            let reply = Reply::new("I can only read text — send me your question in words.");
            send_reply(&bot, &assistant, &msg, &reply).await;
        }
        return Ok(());
    };
    if group && !addressed(&msg, &me) {
        return Ok(());
    }
    let id = conversation(&msg);
    if let Some(command) = text.strip_prefix('/') {
        // A command the filter did not take: unknown, or for another bot ("/help@OtherBot").
        let target = command
            .split_whitespace()
            .next()
            .unwrap_or("")
            .split_once('@')
            .map(|(_, b)| b);
        let for_us = match target {
            Some(bot_name) => bot_name.eq_ignore_ascii_case(username(&me)),
            None => !group,
        };
        if for_us && admit(&bot, &assistant, &flood, &msg, id).await {
            send_reply(&bot, &assistant, &msg, &short_help()).await;
        }
        return Ok(());
    }
    if !admit(&bot, &assistant, &flood, &msg, id).await {
        return Ok(());
    }
    tracing::debug!(chat_id = id.chat, user_id = id.user, text, "message");
    let outcome = assistant.ask(id, text);
    tracing::info!(chat_id = id.chat, intent = %outcome.intent.label(), confidence = outcome.confidence, "answered");
    if outcome.intent.label() == pictures::SALARY_COMPARISON {
        pictures::send_salary_chart(&bot, &assistant, pictures::Target::answering(&msg)).await;
    }
    send_reply(&bot, &assistant, &msg, &outcome.reply).await;
    Ok(())
}

async fn on_callback(bot: TgBot, q: CallbackQuery, assistant: Arc<Assistant>) -> HandlerResult {
    let Some(message) = q.message.as_ref() else {
        deliver("answerCallbackQuery", 0, || {
            bot.answer_callback_query(q.id.clone()).into_future()
        })
        .await;
        return Ok(());
    };
    let chat = message.chat().id;
    // In a group, a press acts for the member who pressed, with that member's context.
    let id = ConversationId {
        chat: chat.0,
        user: q.from.id.0 as i64,
    };
    let label = q.data.as_deref().and_then(render::label_of);
    // An action button ("mark step 3 done"): it acts only for the member it belongs to, and
    // updates the message it sits on.
    if let Some(command) = label.and_then(|l| l.strip_prefix(render::ACTION_PREFIX)) {
        let name = display_name(Some(&q.from));
        if let Some(owner) = command
            .strip_prefix(pictures::CARD_ACTION)
            .and_then(|rest| rest.strip_prefix(':'))
        {
            let thread = message
                .regular_message()
                .and_then(|m| m.is_topic_message.then_some(m.thread_id).flatten());
            pictures::on_card_press(&bot, &assistant, &q, owner, &name, thread).await;
            return Ok(());
        }
        match assistant.act(chat.0, id.user, &name, command) {
            Ok(reply) => {
                deliver("answerCallbackQuery", chat.0, || {
                    bot.answer_callback_query(q.id.clone())
                        .text("Saved")
                        .into_future()
                })
                .await;
                let text = render::to_html_messages(&reply)
                    .into_iter()
                    .next()
                    .unwrap_or_default();
                let keyboard = render::keyboard(&assistant.engine(), &reply);
                deliver("editMessageText", chat.0, || {
                    let mut edit = bot
                        .edit_message_text(chat, message.id(), text.clone())
                        .parse_mode(ParseMode::Html);
                    if let Some(k) = keyboard.clone() {
                        edit = edit.reply_markup(k);
                    }
                    edit.into_future()
                })
                .await;
            }
            Err(refusal) => {
                deliver("answerCallbackQuery", chat.0, || {
                    bot.answer_callback_query(q.id.clone())
                        .text(refusal.clone())
                        .show_alert(true)
                        .into_future()
                })
                .await;
            }
        }
        return Ok(());
    }
    let outcome = label.and_then(|label| assistant.press(id, label));
    let Some(outcome) = outcome else {
        deliver("answerCallbackQuery", chat.0, || {
            bot.answer_callback_query(q.id.clone())
                .text("This button is from an older version of the guide — please ask again.")
                .into_future()
        })
        .await;
        return Ok(());
    };
    deliver("answerCallbackQuery", chat.0, || {
        bot.answer_callback_query(q.id.clone()).into_future()
    })
    .await;
    let thread = message
        .regular_message()
        .and_then(|m| m.is_topic_message.then_some(m.thread_id).flatten());
    if outcome.intent.label() == pictures::SALARY_COMPARISON {
        let to = pictures::Target::in_chat(chat, thread);
        pictures::send_salary_chart(&bot, &assistant, to).await;
    }
    send_to(&bot, &assistant, chat, None, thread, &outcome.reply).await;
    Ok(())
}

/// An inline article for one reply: its first message, as HTML.
fn article(id: String, reply: &Reply) -> InlineQueryResult {
    let text = render::to_html_messages(reply)
        .into_iter()
        .next()
        .unwrap_or_default();
    let description = reply
        .blocks
        .iter()
        .find_map(|b| match b {
            crate::core::reply::Block::Paragraph(p) => {
                Some(p.chars().take(100).collect::<String>())
            }
            _ => None,
        })
        .unwrap_or_default();
    let content =
        InputMessageContent::Text(InputMessageContentText::new(text).parse_mode(ParseMode::Html));
    let article = InlineQueryResultArticle::new(id, reply.title.clone(), content);
    InlineQueryResult::Article(if description.is_empty() {
        article
    } else {
        article.description(description)
    })
}

async fn on_inline_query(bot: TgBot, q: InlineQuery, assistant: Arc<Assistant>) -> HandlerResult {
    let engine = assistant.engine();
    let mut results = Vec::new();
    let query = q.query.trim();
    if query.is_empty() {
        for label in ["roadmap", "certifications_list", "salary:compare", "skills"] {
            if let Some(o) = assistant.engine().answer_intent(
                &crate::core::engine::Intent::from_label(label)
                    .unwrap_or(crate::core::engine::Intent::Help),
            ) {
                results.push(article(label.to_string(), &o.reply));
            }
        }
    } else {
        let outcome = engine.respond(query, None);
        if outcome.intent.kind().is_some() {
            results.push(article(outcome.intent.label(), &outcome.reply));
            // Related answers: the reply's own follow-ups.
            for s in &outcome.reply.suggestions {
                let related = engine.respond(s, None);
                let label = related.intent.label();
                if related.intent.kind().is_some()
                    && !results
                        .iter()
                        .any(|r| matches!(r, InlineQueryResult::Article(a) if a.id == label))
                {
                    results.push(article(label, &related.reply));
                }
                if results.len() >= 4 {
                    break;
                }
            }
        }
    }
    let chat_id = q.from.id.0 as i64;
    deliver("answerInlineQuery", chat_id, || {
        bot.answer_inline_query(q.id.clone(), results.clone())
            .cache_time(300)
            .into_future()
    })
    .await;
    Ok(())
}

async fn on_my_chat_member(
    bot: TgBot,
    update: ChatMemberUpdated,
    assistant: Arc<Assistant>,
) -> HandlerResult {
    let group = update.chat.is_group() || update.chat.is_supergroup();
    let joined = !update.old_chat_member.is_present() && update.new_chat_member.is_present();
    if group && joined {
        let reply = Reply::new("Hi everyone — I'm devops-guide.")
            .paragraph("I answer questions about becoming a DevOps engineer: the roadmap, certifications, skills and tools, salaries in five countries, and more. Mention me or reply to one of my messages to ask; I stay quiet otherwise.")
            .suggest(["What's the roadmap to become a DevOps engineer?".to_string()]);
        send_to(&bot, &assistant, update.chat.id, None, None, &reply).await;
    }
    Ok(())
}
