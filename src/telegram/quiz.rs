//! Quizzes, the leaderboard, admin commands and review reminders on Telegram.
//!
//! - `/quiz [N|stop]` sends native quiz polls (`sendPoll` with `type=quiz`, not anonymous, so
//!   answers reach the bot as `poll_answer` updates, which carry no chat: the store maps each
//!   poll id to its chat, question and correct option). `/quiz N` runs a series of up to
//!   [`MAX_SERIES`] questions, one per chat at a time, a question every [`Study::pace`] (each
//!   poll is open that long, so the next comes when the previous closes) and never more than
//!   [`GROUP_MESSAGES_PER_MINUTE`] a minute. The pace is 30 s; tests shorten it with the
//!   `DEVOPS_GUIDE_QUIZ_PACE_MS` environment variable (with `--no-throttle` only).
//! - A series is recorded in the store ([`SeriesRecord`](crate::storage::SeriesRecord)), so
//!   replicas sharing one store (webhook mode behind a load balancer) agree on it: `/quiz N`
//!   claims the chat's series there and is refused while another replica runs one; `/quiz stop`
//!   on any replica marks it stopped, and the replica running it checks the record before each
//!   question (renewing its lease, [`Study::lease`]: twice the pace plus
//!   [`SERIES_LEASE_MARGIN`]), so it stops within one pace (a question already being sent
//!   still goes out) — at once when the stop reaches the same replica, which also wakes the
//!   series up in process. A replica that stops ends its series ([`Study::release_series`]);
//!   the series of one that dies is over when its lease runs out. A question held up by
//!   retries for longer than the lease may let another series start; the old one then stops at
//!   its next check. When the store cannot be reached, a running series goes on with what its
//!   replica knows.
//! - `/leaderboard` ranks the chat's members by correct answers.
//! - `/cohort_reset` and `/settings` change a group only for its administrators, checked with
//!   `getChatMember` (creator or administrator); an anonymous admin, whose message comes from
//!   the group itself (`sender_chat` is the chat), counts as one.
//! - `/remind` schedules reviews; [`run_reminders`] sends them when the [`Scheduler`] says they
//!   are due. A 403 from Telegram (the bot was blocked or removed) ends that chat's reminders.
//!
//! The polls' answers count wherever they arrive: the store maps each poll to its chat.

use crate::assistant::Assistant;
use crate::core::quiz::{Question, QuizRng};
use crate::core::reply::Reply;
use crate::reminders::{Clock, DueReview, Scheduler, SystemClock};
use crate::storage::PollRecord;
use crate::study::{self, MAX_SERIES, QuizRequest, SettingsRequest};
use crate::telegram::commands::Command;
use crate::telegram::delivery::deliver;
use crate::telegram::handlers::{HandlerError, TgBot, display_name, send_reply};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use teloxide::prelude::*;
use teloxide::types::{InputPollOption, PollAnswer, PollType, ThreadId};
use teloxide::{ApiError, RequestError};

/// Telegram's limit on messages a bot sends to one group: about 20 a minute.
pub const GROUP_MESSAGES_PER_MINUTE: u64 = 20;

/// The user id Telegram puts in `from` of an anonymous group admin's messages
/// (@GroupAnonymousBot).
pub const GROUP_ANONYMOUS_BOT: u64 = 1_087_968_824;

/// The pace of a series unless `DEVOPS_GUIDE_QUIZ_PACE_MS` says otherwise.
pub const DEFAULT_PACE: Duration = Duration::from_secs(30);

/// How often the reminder scheduler looks for due reviews.
pub const REMINDER_TICK: Duration = Duration::from_secs(1);

/// What a series' lease holds beyond two paces: time for a `sendPoll` that is retried or paced
/// to go through before another replica may take the chat over.
pub const SERIES_LEASE_MARGIN: Duration = Duration::from_secs(30);

/// A series running in a chat, on this replica.
#[derive(Debug)]
struct Series {
    /// Its owner token in the store's record.
    owner: String,
    total: usize,
    sent: AtomicUsize,
    stopped: AtomicBool,
    wake: tokio::sync::Notify,
}

/// The quiz and reminder state of the running bot (a dispatcher dependency).
pub struct Study {
    assistant: Arc<Assistant>,
    pace: Duration,
    /// The series this replica runs, to wake them up when stopped here.
    series: Mutex<HashMap<i64, Arc<Series>>>,
    /// Makes the owner tokens of this replica's series unique among replicas.
    replica: String,
    started_series: AtomicU64,
    rng: Mutex<QuizRng>,
    scheduler: Scheduler,
}

impl std::fmt::Debug for Study {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Study")
            .field("pace", &self.pace)
            .finish_non_exhaustive()
    }
}

fn seed() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0x5eed)
        ^ u64::from(std::process::id()).rotate_left(32)
}

impl Study {
    /// The state for `assistant`: series paced at `pace` (raised to keep within Telegram's
    /// group limit when `throttle` is on), reminders on `clock`.
    pub fn new(
        assistant: Arc<Assistant>,
        pace: Duration,
        throttle: bool,
        clock: Arc<dyn Clock>,
    ) -> Study {
        let floor = Duration::from_secs(60 / GROUP_MESSAGES_PER_MINUTE);
        let pace = if throttle { pace.max(floor) } else { pace };
        Study {
            scheduler: Scheduler::new(assistant.clone(), clock),
            assistant,
            pace,
            series: Mutex::new(HashMap::new()),
            replica: format!("{:016x}", seed()),
            started_series: AtomicU64::new(0),
            rng: Mutex::new(QuizRng::new(seed())),
        }
    }

    /// The state for `run`: the pace from `DEVOPS_GUIDE_QUIZ_PACE_MS` (honoured only without
    /// throttling) or [`DEFAULT_PACE`], the system clock.
    pub fn from_env(assistant: Arc<Assistant>, throttle: bool) -> Study {
        let pace = std::env::var("DEVOPS_GUIDE_QUIZ_PACE_MS")
            .ok()
            .filter(|_| !throttle)
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map_or(DEFAULT_PACE, Duration::from_millis);
        Study::new(assistant, pace, throttle, Arc::new(SystemClock))
    }

    /// Time between two questions of a series.
    pub fn pace(&self) -> Duration {
        self.pace
    }

    /// How long a series' record holds without being renewed: two paces and
    /// [`SERIES_LEASE_MARGIN`], whole seconds.
    pub fn lease(&self) -> Duration {
        let lease = self.pace * 2 + SERIES_LEASE_MARGIN;
        Duration::from_secs(lease.as_secs() + u64::from(lease.subsec_nanos() > 0))
    }

    /// A new owner token, unique to one series on this replica.
    fn new_owner(&self) -> String {
        let n = self.started_series.fetch_add(1, Ordering::Relaxed);
        format!("{}:{n}", self.replica)
    }

    /// Records in the store that `series` has sent `sent` questions and renews its lease; false
    /// when the record says it must stop (stopped on any replica, taken over, or run out).
    fn renew(&self, chat: i64, series: &Series, sent: usize) -> bool {
        let store = self.assistant.store();
        let sent = u32::try_from(sent).unwrap_or(u32::MAX);
        match store.advance_series(chat, &series.owner, sent, now(), self.lease().as_secs()) {
            Ok(running) => running,
            Err(e) => {
                tracing::error!(chat_id = chat, error = %e, "cannot renew a quiz series in the store; it goes on");
                !series.stopped.load(Ordering::SeqCst)
            }
        }
    }

    /// Ends in the store the series this replica runs, as it stops: they go no further, and
    /// their chats are free for a new series at once rather than when the leases run out.
    pub fn release_series(&self) {
        let running: Vec<(i64, Arc<Series>)> = self.series().drain().collect();
        for (chat, series) in running {
            series.stopped.store(true, Ordering::SeqCst);
            match self.assistant.store().end_series(chat, &series.owner) {
                Ok(_) => tracing::info!(chat_id = chat, "quiz series ended as the bot stops"),
                Err(e) => {
                    tracing::error!(chat_id = chat, error = %e, "cannot end a quiz series in the store; it ends when its lease runs out")
                }
            }
        }
    }

    fn series(&self) -> MutexGuard<'_, HashMap<i64, Arc<Series>>> {
        self.series.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn rng(&self) -> MutexGuard<'_, QuizRng> {
        self.rng.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// How long each poll stays open: the pace, when Telegram accepts it (5–600 s).
    fn open_period(&self) -> Option<u16> {
        let secs = self.pace.as_secs();
        (5..=600).contains(&secs).then_some(secs as u16)
    }
}

fn now() -> u64 {
    SystemClock.now()
}

fn in_group(msg: &Message) -> bool {
    msg.chat.is_group() || msg.chat.is_supergroup()
}

/// Whether a request failed because the bot may no longer write to the chat (HTTP 403: blocked
/// by the user, removed from the group, the user deleted their account).
pub fn is_forbidden(e: &RequestError) -> bool {
    match e {
        RequestError::Api(
            ApiError::BotBlocked
            | ApiError::BotKicked
            | ApiError::BotKickedFromSupergroup
            | ApiError::BotKickedFromChannel
            | ApiError::UserDeactivated
            | ApiError::CantInitiateConversation
            | ApiError::CantTalkWithBots,
        ) => true,
        RequestError::Api(ApiError::Unknown(d)) => d.starts_with("Forbidden"),
        _ => false,
    }
}

/// The `sendPoll` request of `question`: a quiz, not anonymous, with its explanation.
fn poll_request(
    bot: &TgBot,
    chat: ChatId,
    thread: Option<ThreadId>,
    question: &Question,
    open_period: Option<u16>,
) -> <TgBot as Requester>::SendPoll {
    let options: Vec<InputPollOption> = question
        .options
        .iter()
        .map(|o| InputPollOption::new(o.clone()))
        .collect();
    let mut request = bot
        .send_poll(chat, question.text.clone(), options)
        .type_(PollType::Quiz)
        .is_anonymous(false)
        .correct_option_id(question.correct as u8)
        .explanation(question.explanation.clone());
    if let Some(p) = open_period {
        request = request.open_period(p);
    }
    if let Some(t) = thread {
        request = request.message_thread_id(t);
    }
    request
}

/// Sends `question` as a quiz poll to `chat` once and remembers it; the request's own result.
async fn send_poll_once(
    bot: &TgBot,
    assistant: &Assistant,
    chat: ChatId,
    question: &Question,
) -> Result<(), RequestError> {
    let sent = poll_request(bot, chat, None, question, None).await?;
    remember_poll(assistant, chat.0, &sent, question);
    Ok(())
}

fn remember_poll(assistant: &Assistant, chat: i64, sent: &Message, question: &Question) {
    let Some(poll) = sent.poll() else {
        tracing::warn!(chat_id = chat, "sendPoll answered without a poll");
        return;
    };
    let record = PollRecord {
        chat,
        correct_option: question.correct as u8,
        question_key: question.key.clone(),
        created_at: now(),
    };
    if let Err(e) = assistant.store().put_poll(&poll.id.0, &record) {
        tracing::error!(chat_id = chat, error = %e, "cannot remember a quiz poll; its answers will not count");
    }
}

/// Sends `question` with retries for rate limits and transient failures; whether it was sent.
async fn send_poll(
    bot: &TgBot,
    assistant: &Assistant,
    chat: ChatId,
    thread: Option<ThreadId>,
    question: &Question,
    open_period: Option<u16>,
) -> bool {
    let sent = deliver("sendPoll", chat.0, || {
        poll_request(bot, chat, thread, question, open_period).into_future()
    })
    .await;
    match sent {
        Some(message) => {
            remember_poll(assistant, chat.0, &message, question);
            true
        }
        None => false,
    }
}

/// Whether the sender of `msg` may change the chat: anyone in a private chat; in a group its
/// creator and administrators, anonymous admins included. `None` when Telegram could not say.
async fn is_admin(bot: &TgBot, msg: &Message) -> Option<bool> {
    if !in_group(msg) {
        return Some(true);
    }
    // An anonymous admin posts as the group itself (from = @GroupAnonymousBot).
    if msg
        .sender_chat
        .as_ref()
        .is_some_and(|c| c.id == msg.chat.id)
    {
        return Some(true);
    }
    let user = msg.from.as_ref()?;
    if user.id.0 == GROUP_ANONYMOUS_BOT {
        return Some(false);
    }
    let member = deliver("getChatMember", msg.chat.id.0, || {
        bot.get_chat_member(msg.chat.id, user.id).into_future()
    })
    .await?;
    Some(member.kind.is_privileged())
}

fn refusal(what: &str) -> Reply {
    Reply::new(format!("Only this group's admins can {what}."))
        .paragraph("Ask an admin of the group to do it.")
}

fn trouble() -> Reply {
    Reply::new("Sorry, I couldn't reach my memory just now — please try again in a moment.")
}

/// Handles the study commands (`/quiz`, `/leaderboard`, `/remind`, `/settings`,
/// `/cohort_reset`); the caller already applied flood control.
pub async fn on_command(
    bot: &TgBot,
    msg: &Message,
    cmd: &Command,
    assistant: &Arc<Assistant>,
    study: &Arc<Study>,
) {
    let chat = msg.chat.id.0;
    let user = msg.from.as_ref().map(|u| u.id.0 as i64).unwrap_or(chat);
    let logged = |r: Result<Reply, crate::storage::StoreError>| {
        r.unwrap_or_else(|e| {
            tracing::error!(chat_id = chat, error = %e, "store operation failed");
            trouble()
        })
    };
    let reply = match cmd {
        Command::Quiz(arg) => quiz(bot, msg, arg, assistant, study).await,
        Command::Leaderboard => Some(logged(assistant.leaderboard(chat))),
        Command::Remind(arg) => Some(logged(assistant.remind(&study.scheduler, chat, user, arg))),
        Command::Settings(arg) => {
            let request = study::parse_settings(arg);
            let changes = matches!(request, SettingsRequest::Set { .. });
            match (changes, is_admin(bot, msg).await) {
                (true, Some(false)) => Some(refusal("change its settings")),
                (true, None) => Some(trouble()),
                _ => Some(logged(assistant.settings(chat, &request))),
            }
        }
        Command::CohortReset if !in_group(msg) => Some(Reply::new(
            "/cohort_reset clears a group's progress board: send it in the group, as one of its admins.",
        )),
        Command::CohortReset => match is_admin(bot, msg).await {
            Some(true) => {
                tracing::info!(chat_id = chat, user_id = user, "cohort board reset");
                Some(logged(assistant.reset_cohort(chat)))
            }
            Some(false) => Some(refusal("reset the cohort board")),
            None => Some(trouble()),
        },
        _ => None,
    };
    if let Some(reply) = reply {
        send_reply(bot, assistant, msg, &reply).await;
    }
}

async fn quiz(
    bot: &TgBot,
    msg: &Message,
    arg: &str,
    assistant: &Arc<Assistant>,
    study: &Arc<Study>,
) -> Option<Reply> {
    let chat = msg.chat.id.0;
    let (count, capped) = match study::parse_quiz(arg) {
        QuizRequest::Bad => return Some(study::quiz_usage()),
        QuizRequest::Stop => return Some(stop(study, chat)),
        QuizRequest::Start { count, capped } => (count, capped),
    };
    match assistant.store().chat_settings(chat) {
        Ok(s) if !s.quizzes => {
            return Some(
                Reply::new("Quizzes are turned off in this group by its admins.")
                    .paragraph("An admin can turn them on with /settings quizzes on."),
            );
        }
        Ok(_) => {}
        Err(e) => {
            tracing::error!(chat_id = chat, error = %e, "cannot read the chat's settings");
            return Some(trouble());
        }
    }
    let questions = assistant.quiz().series(count, &mut study.rng());
    if questions.is_empty() {
        return Some(Reply::new(
            "The knowledge I have makes no quiz question right now.",
        ));
    }
    let series = Arc::new(Series {
        owner: study.new_owner(),
        total: questions.len(),
        sent: AtomicUsize::new(0),
        stopped: AtomicBool::new(false),
        wake: tokio::sync::Notify::new(),
    });
    // One series per chat, whichever replica runs it: the store decides.
    let total = u32::try_from(series.total).unwrap_or(u32::MAX);
    let store = assistant.store();
    match store.start_series(chat, &series.owner, total, now(), study.lease().as_secs()) {
        Ok(true) => {}
        Ok(false) => {
            let at = match store.series(chat, now()) {
                Ok(Some(other)) => format!(" (question {} of {})", other.sent, other.total),
                _ => String::new(),
            };
            return Some(
                Reply::new(format!("A quiz is already running here{at}."))
                    .paragraph("Answer it, or send /quiz stop to end it before starting another."),
            );
        }
        Err(e) => {
            tracing::error!(chat_id = chat, error = %e, "cannot start a quiz series in the store");
            return Some(trouble());
        }
    }
    study.series().insert(chat, series.clone());
    if capped {
        let note = Reply::new(format!(
            "A series has at most {MAX_SERIES} questions: here come {MAX_SERIES}."
        ));
        send_reply(bot, assistant, msg, &note).await;
    } else if count > 1 {
        let every = if study.pace >= Duration::from_secs(1) {
            format!("{} seconds", study.pace.as_secs())
        } else {
            format!("{} ms", study.pace.as_millis())
        };
        let note = Reply::new(format!(
            "Quiz: {count} questions, one every {every}. /quiz stop ends it."
        ));
        send_reply(bot, assistant, msg, &note).await;
    }
    let thread = msg.is_topic_message.then_some(msg.thread_id).flatten();
    let (bot, assistant, study) = (bot.clone(), assistant.clone(), study.clone());
    tokio::spawn(async move {
        run_series(
            &bot,
            &assistant,
            &study,
            ChatId(chat),
            thread,
            questions,
            series,
        )
        .await;
    });
    None
}

/// `/quiz stop`: stops the chat's series, on this replica at once, on another at its next check.
fn stop(study: &Study, chat: i64) -> Reply {
    let local = study.series().remove(&chat);
    if let Some(series) = &local {
        series.stopped.store(true, Ordering::SeqCst);
        series.wake.notify_one();
    }
    let stopped = match study.assistant.store().stop_series(chat, now()) {
        Ok(Some(record)) => {
            let sent = local
                .as_ref()
                .filter(|l| l.owner == record.owner)
                .map_or(record.sent as usize, |l| l.sent.load(Ordering::SeqCst));
            Some((sent, record.total as usize))
        }
        Ok(None) => None,
        Err(e) => {
            tracing::error!(chat_id = chat, error = %e, "cannot stop a quiz series in the store");
            if local.is_none() {
                return trouble();
            }
            None
        }
    };
    let stopped = stopped.or_else(|| local.map(|l| (l.sent.load(Ordering::SeqCst), l.total)));
    match stopped {
        Some((sent, total)) => {
            Reply::new(format!("Quiz stopped after {sent} of {total} questions."))
                .paragraph("/leaderboard shows the scores.")
        }
        None => Reply::new("No quiz is running here."),
    }
}

async fn run_series(
    bot: &TgBot,
    assistant: &Assistant,
    study: &Study,
    chat: ChatId,
    thread: Option<ThreadId>,
    questions: Vec<Question>,
    series: Arc<Series>,
) {
    let total = questions.len();
    let open_period = study.open_period();
    let mut finished = true;
    for (n, question) in questions.iter().enumerate() {
        // Stopped here, or on another replica (the store's record says so).
        if series.stopped.load(Ordering::SeqCst) || !study.renew(chat.0, &series, n) {
            finished = false;
            break;
        }
        if !send_poll(bot, assistant, chat, thread, question, open_period).await {
            finished = false;
            break;
        }
        series.sent.store(n + 1, Ordering::SeqCst);
        if !study.renew(chat.0, &series, n + 1) {
            finished = false;
            break;
        }
        if n + 1 < total {
            // The next question when this poll closes, unless stopped first.
            let _ = tokio::time::timeout(study.pace, series.wake.notified()).await;
        }
    }
    {
        let mut running = study.series();
        if running
            .get(&chat.0)
            .is_some_and(|s| Arc::ptr_eq(s, &series))
        {
            running.remove(&chat.0);
        }
    }
    match assistant.store().end_series(chat.0, &series.owner) {
        Ok(_) => {}
        Err(e) => {
            tracing::error!(chat_id = chat.0, error = %e, "cannot end a quiz series in the store; it ends when its lease runs out");
        }
    }
    if finished && total > 1 && !series.stopped.load(Ordering::SeqCst) {
        let _ = tokio::time::timeout(study.pace, series.wake.notified()).await;
        let reply = Reply::new("That was the last question of the series.")
            .paragraph("/leaderboard shows the scores; /quiz 5 starts another round.");
        let text = crate::telegram::render::to_html_messages(&reply).join("\n\n");
        deliver("sendMessage", chat.0, || {
            let mut request = bot
                .send_message(chat, text.clone())
                .parse_mode(teloxide::types::ParseMode::Html);
            if let Some(t) = thread {
                request = request.message_thread_id(t);
            }
            request.into_future()
        })
        .await;
    }
}

/// Counts a `poll_answer`: the voter's answer to one of the bot's quiz polls.
pub async fn on_poll_answer(
    answer: PollAnswer,
    assistant: Arc<Assistant>,
) -> Result<(), HandlerError> {
    let Some(user) = answer.voter.user() else {
        return Ok(()); // answered as a chat: nobody to score
    };
    let name = display_name(Some(user));
    match assistant.answer_poll(
        &answer.poll_id.0,
        user.id.0 as i64,
        &name,
        &answer.option_ids,
    ) {
        Ok(Some(correct)) => {
            tracing::info!(user_id = user.id.0, correct, "quiz answer counted");
        }
        Ok(None) => {}
        Err(e) => tracing::error!(error = %e, "cannot count a quiz answer"),
    }
    Ok(())
}

/// Sends the due reviews every [`REMINDER_TICK`], for as long as the bot runs.
pub async fn run_reminders(bot: TgBot, study: Arc<Study>) {
    let mut tick = tokio::time::interval(REMINDER_TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let due = {
            let mut rng = study.rng();
            study.scheduler.claim_due(&mut rng)
        };
        match due {
            Ok(reviews) => {
                for review in reviews {
                    send_review(&bot, &study, review).await;
                }
            }
            Err(e) => tracing::error!(error = %e, "cannot look for due review reminders"),
        }
    }
}

async fn send_review(bot: &TgBot, study: &Study, review: DueReview) {
    let chat = ChatId(review.reminder.chat);
    let assistant = &study.assistant;
    let result = match &review.question {
        Some(question) if chat.0 < 0 => {
            // In a group, say whose review it is when the question leaves room.
            let name = assistant
                .store()
                .board(chat.0)
                .ok()
                .and_then(|b| b.into_iter().find(|m| m.user == review.reminder.user))
                .map(|m| m.name);
            let mut question = question.clone();
            if let Some(name) = name {
                let text = format!("Review for {name}: {}", question.text);
                if text.chars().count() <= crate::core::quiz::MAX_QUESTION_CHARS {
                    question.text = text;
                }
            }
            send_poll_once(bot, assistant, chat, &question).await
        }
        Some(question) => send_poll_once(bot, assistant, chat, question).await,
        None => {
            let reply = Reply::new("Time for your review!").paragraph(
                "Mark the roadmap steps you have done with /done N, and your reviews will quiz you on them.",
            );
            let text = crate::telegram::render::to_html_messages(&reply).join("\n\n");
            bot.send_message(chat, text)
                .parse_mode(teloxide::types::ParseMode::Html)
                .await
                .map(|_| ())
        }
    };
    match result {
        Ok(()) => tracing::info!(
            chat_id = chat.0,
            user_id = review.reminder.user,
            "review sent"
        ),
        Err(e) if is_forbidden(&e) => {
            let removed = assistant.store().remove_chat_reminders(chat.0);
            tracing::info!(chat_id = chat.0, removed = ?removed.ok(), "the bot may no longer write to this chat; its review reminders are stopped");
        }
        Err(e) => tracing::warn!(
            chat_id = chat.0,
            error = %crate::telegram::delivery::redact(&e.to_string()),
            "cannot send a review; it comes again at its next time"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::engine::Engine;
    use crate::core::knowledge::Knowledge;
    use crate::storage::MemoryStore;

    fn assistant() -> Arc<Assistant> {
        let engine = Engine::new(Knowledge::embedded().expect("knowledge"));
        Arc::new(Assistant::new(engine, Arc::new(MemoryStore::new()), 600))
    }

    #[test]
    fn a_throttled_series_keeps_within_the_group_limit() {
        let clock: Arc<dyn Clock> = Arc::new(SystemClock);
        let fast = Duration::from_millis(100);
        let throttled = Study::new(assistant(), fast, true, clock.clone());
        // At most one poll per 3 s: 20 a minute.
        assert!(throttled.pace() >= Duration::from_secs(60 / GROUP_MESSAGES_PER_MINUTE));
        let unthrottled = Study::new(assistant(), fast, false, clock.clone());
        assert_eq!(unthrottled.pace(), fast);
        assert_eq!(
            unthrottled.open_period(),
            None,
            "Telegram accepts 5–600 s only"
        );
        let default = Study::new(assistant(), DEFAULT_PACE, true, clock);
        assert_eq!(default.open_period(), Some(30));
    }

    #[test]
    fn a_series_lease_outlasts_two_paces_in_whole_seconds() {
        let clock: Arc<dyn Clock> = Arc::new(SystemClock);
        let default = Study::new(assistant(), DEFAULT_PACE, true, clock.clone());
        assert_eq!(default.lease(), DEFAULT_PACE * 2 + SERIES_LEASE_MARGIN);
        let fast = Study::new(assistant(), Duration::from_millis(700), false, clock);
        // 1.4 s + the margin, rounded up: a lease of whole seconds never ends early
        assert_eq!(fast.lease(), SERIES_LEASE_MARGIN + Duration::from_secs(2));
    }
}
