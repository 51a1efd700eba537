//! The study features every front-end shares, on top of the [`Assistant`]: quiz answers and the
//! leaderboard, group settings, `/remind` and `/quiz` arguments. They build [`Reply`]s and talk
//! to the store; sending polls and checking who is an admin is the front-end's job.

use crate::assistant::Assistant;
use crate::core::quiz::Question;
use crate::core::reply::Reply;
use crate::reminders::{self, RemindRequest, Scheduler};
use crate::storage::{ChatSettings, StoreError};

/// Most questions in one `/quiz N` series.
pub const MAX_SERIES: usize = 10;

/// What a `/quiz` asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuizRequest {
    /// Run `count` questions; `capped` when more than [`MAX_SERIES`] were asked for.
    Start {
        /// How many questions.
        count: usize,
        /// Whether the count asked for was lowered to [`MAX_SERIES`].
        capped: bool,
    },
    /// End the running series.
    Stop,
    /// Not understood.
    Bad,
}

/// Parses the argument of `/quiz`: nothing (one question), a number, or `stop`.
pub fn parse_quiz(arg: &str) -> QuizRequest {
    let arg = arg.trim().to_lowercase();
    match arg.as_str() {
        "" => QuizRequest::Start {
            count: 1,
            capped: false,
        },
        "stop" | "end" | "off" => QuizRequest::Stop,
        n => match n.parse::<u64>() {
            Ok(0) | Err(_) => QuizRequest::Bad,
            Ok(n) if n > MAX_SERIES as u64 => QuizRequest::Start {
                count: MAX_SERIES,
                capped: true,
            },
            Ok(n) => QuizRequest::Start {
                count: n as usize,
                capped: false,
            },
        },
    }
}

/// How to use `/quiz`, said when its argument is not understood.
pub fn quiz_usage() -> Reply {
    Reply::new("How to run a quiz").bullets(vec![
        "/quiz — one question".to_string(),
        format!("/quiz N — N questions in a row (at most {MAX_SERIES})"),
        "/quiz stop — end the series running in this chat".to_string(),
    ])
}

/// What a `/settings` asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingsRequest {
    /// Show them.
    Show,
    /// Turn quizzes and/or reminders on or off.
    Set {
        /// The new quiz setting, if changed.
        quizzes: Option<bool>,
        /// The new reminder setting, if changed.
        reminders: Option<bool>,
    },
    /// Not understood.
    Bad,
}

/// Parses `/settings [quizzes|reminders|all] [on|off]`.
pub fn parse_settings(arg: &str) -> SettingsRequest {
    let lowered = arg.trim().to_lowercase();
    let words: Vec<&str> = lowered.split_whitespace().collect();
    let state = |w: &str| match w {
        "on" | "yes" | "enable" => Some(true),
        "off" | "no" | "disable" => Some(false),
        _ => None,
    };
    match words.as_slice() {
        [] => SettingsRequest::Show,
        [what, value] => match (*what, state(value)) {
            ("quiz" | "quizzes", Some(v)) => SettingsRequest::Set {
                quizzes: Some(v),
                reminders: None,
            },
            ("reminder" | "reminders" | "remind", Some(v)) => SettingsRequest::Set {
                quizzes: None,
                reminders: Some(v),
            },
            ("all" | "both", Some(v)) => SettingsRequest::Set {
                quizzes: Some(v),
                reminders: Some(v),
            },
            _ => SettingsRequest::Bad,
        },
        _ => SettingsRequest::Bad,
    }
}

fn on_off(on: bool) -> &'static str {
    if on { "on" } else { "off" }
}

/// The settings of a chat as a reply.
fn settings_reply(title: &str, settings: &ChatSettings) -> Reply {
    Reply::new(title)
        .bullets(vec![
            format!("Quizzes (/quiz): {}", on_off(settings.quizzes)),
            format!("Review reminders (/remind): {}", on_off(settings.reminders)),
        ])
        .paragraph(
            "Admins change them with /settings quizzes on|off or /settings reminders on|off.",
        )
}

impl Assistant {
    /// Records `user`'s answer (`options` chosen) to the quiz poll `poll_id`: counted once,
    /// a wrong one also noted against the question for reviews. `Some(correct)` when counted;
    /// `None` for an unknown poll, a retracted vote or an answer already counted.
    pub fn answer_poll(
        &self,
        poll_id: &str,
        user: i64,
        name: &str,
        options: &[u8],
    ) -> Result<Option<bool>, StoreError> {
        if options.is_empty() {
            return Ok(None);
        }
        let store = self.store();
        let Some(poll) = store.get_poll(poll_id)? else {
            return Ok(None);
        };
        let correct = options == [poll.correct_option];
        if !store.record_answer(poll_id, user, name, correct)? {
            return Ok(None);
        }
        if !correct {
            store.record_miss(poll.chat, user, &poll.question_key)?;
        }
        Ok(Some(correct))
    }

    /// The quiz leaderboard of `chat`: most correct answers first.
    pub fn leaderboard(&self, chat: i64) -> Result<Reply, StoreError> {
        let scores = self.store().scores(chat)?;
        if scores.is_empty() {
            return Ok(Reply::new("No quiz answers here yet.")
                .paragraph("Send /quiz for a question, or /quiz 5 for a series."));
        }
        let lines = scores
            .iter()
            .map(|s| format!("{} — {} of {} correct", s.name, s.correct, s.answered))
            .collect();
        Ok(Reply::new("Quiz leaderboard").numbered(lines))
    }

    /// Shows or changes the settings of `chat` (the caller checked the sender may).
    pub fn settings(&self, chat: i64, request: &SettingsRequest) -> Result<Reply, StoreError> {
        let store = self.store();
        let mut settings = store.chat_settings(chat)?;
        match request {
            SettingsRequest::Show => Ok(settings_reply("Settings of this chat", &settings)),
            SettingsRequest::Set { quizzes, reminders } => {
                if let Some(q) = quizzes {
                    settings.quizzes = *q;
                }
                if let Some(r) = reminders {
                    settings.reminders = *r;
                }
                store.set_chat_settings(chat, &settings)?;
                Ok(settings_reply("Settings saved", &settings))
            }
            SettingsRequest::Bad => Ok(Reply::new("I didn't understand that setting.")
                .paragraph("Send /settings to see them, or for example /settings quizzes off.")),
        }
    }

    /// Clears the cohort board of `chat` (the caller checked the sender is an admin).
    pub fn reset_cohort(&self, chat: i64) -> Result<Reply, StoreError> {
        self.store().reset_board(chat)?;
        Ok(Reply::new("The cohort board is reset.")
            .paragraph("Everyone's roadmap progress in this group is cleared; quiz scores stay. Members mark their steps again with /done N or /progress."))
    }

    /// Handles `/remind ARG` for `user` in `chat`, scheduling with `scheduler`.
    pub fn remind(
        &self,
        scheduler: &Scheduler,
        chat: i64,
        user: i64,
        arg: &str,
    ) -> Result<Reply, StoreError> {
        let store = self.store();
        let request = match reminders::parse_remind(arg) {
            Ok(r) => r,
            Err(e) => {
                return Ok(Reply::new(format!("Sorry — {e}.")).paragraph(remind_help()));
            }
        };
        match request {
            RemindRequest::Show => Ok(match store.reminder(chat, user)? {
                Some(r) => Reply::new(format!(
                    "Your review reminder here: {}.",
                    reminders::describe(&r)
                ))
                .paragraph("Send /remind off to stop it."),
                None => Reply::new("You have no review reminder here.").paragraph(remind_help()),
            }),
            RemindRequest::Off => Ok(if store.remove_reminder(chat, user)? {
                Reply::new("Review reminders stopped.")
            } else {
                Reply::new("You had no review reminder here.")
            }),
            RemindRequest::Set {
                cadence,
                hour,
                minute,
                utc_offset_minutes,
            } => {
                if !store.chat_settings(chat)?.reminders {
                    return Ok(Reply::new(
                        "Review reminders are turned off in this group by its admins.",
                    )
                    .paragraph("An admin can turn them on with /settings reminders on."));
                }
                let r =
                    scheduler.schedule(chat, user, cadence, hour, minute, utc_offset_minutes)?;
                let done = store.progress(chat, user)?;
                let mut reply = Reply::new(format!(
                    "Review reminder set: {}.",
                    reminders::describe(&r)
                ))
                .paragraph("Each review is one quiz question about the roadmap steps you have marked done, more often the ones you got wrong before. /remind off stops it.");
                if done.is_empty() {
                    reply = reply.paragraph(
                        "You have no step marked done yet: mark them with /done N so the reviews have something to ask.",
                    );
                }
                Ok(reply)
            }
        }
    }
}

/// How to use `/remind`.
pub fn remind_help() -> String {
    "Send /remind daily or /remind weekly, optionally with a time (HH:MM, default 09:00) and a time zone as a fixed offset from UTC (UTC, +02:00, -05:30; default UTC) — for example /remind daily 08:30 +02:00. /remind off stops it.".to_string()
}

/// The question as numbered choices, for front-ends without native polls (the terminal).
pub fn numbered_question(question: &Question) -> Reply {
    let lines = question.options.clone();
    Reply::new(question.text.clone())
        .numbered(lines)
        .paragraph("Answer with the number of your choice.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiz_arguments() {
        assert_eq!(
            parse_quiz(""),
            QuizRequest::Start {
                count: 1,
                capped: false
            }
        );
        assert_eq!(
            parse_quiz(" 3 "),
            QuizRequest::Start {
                count: 3,
                capped: false
            }
        );
        assert_eq!(
            parse_quiz("50"),
            QuizRequest::Start {
                count: MAX_SERIES,
                capped: true
            }
        );
        assert_eq!(
            parse_quiz("99999999999999999999999"),
            QuizRequest::Bad,
            "a number too big to parse is not understood rather than a panic"
        );
        assert_eq!(parse_quiz("Stop"), QuizRequest::Stop);
        assert_eq!(parse_quiz("0"), QuizRequest::Bad);
        assert_eq!(parse_quiz("kubernetes"), QuizRequest::Bad);
    }

    #[test]
    fn settings_arguments() {
        assert_eq!(parse_settings(""), SettingsRequest::Show);
        assert_eq!(
            parse_settings("quizzes OFF"),
            SettingsRequest::Set {
                quizzes: Some(false),
                reminders: None
            }
        );
        assert_eq!(
            parse_settings("all on"),
            SettingsRequest::Set {
                quizzes: Some(true),
                reminders: Some(true)
            }
        );
        assert_eq!(parse_settings("quizzes maybe"), SettingsRequest::Bad);
    }
}
