//! The bot's commands. The doc of each variant is what Telegram shows in the command menu
//! (registered with setMyCommands at start) and what /help lists.

use teloxide::utils::command::BotCommands;

/// Commands, as Telegram's menu shows them. Each `description` is the menu text (teloxide joins
/// a doc comment and a description attribute, so variants carry only the attribute).
#[derive(BotCommands, Clone, Debug, PartialEq, Eq)]
#[command(rename_rule = "lowercase", description = "Commands:")]
pub enum Command {
    #[command(description = "welcome and what to ask")]
    Start,
    #[command(description = "what I can help with")]
    Help,
    #[command(description = "the 7-step roadmap to become a DevOps engineer")]
    Roadmap,
    #[command(description = "certifications, or the one for a topic: /certs kubernetes")]
    Certs(String),
    #[command(description = "salaries compared, or one country: /salary uk")]
    Salary(String),
    #[command(description = "key skills and why each matters")]
    Skills,
    #[command(description = "the 7 roles and responsibilities")]
    Roles,
    #[command(description = "tools by area, or for one: /tools monitoring")]
    Tools(String),
    #[command(description = "where the facts come from, and their dates")]
    About,
    #[command(
        description = "your roadmap progress, with buttons to mark steps done; /progress card for a picture"
    )]
    Progress(String),
    #[command(description = "mark a roadmap step done: /done 3")]
    Done(String),
    #[command(description = "take back a step marked done: /undo 3")]
    Undo(String),
    #[command(description = "the group's roadmap progress board")]
    Cohort,
    #[command(description = "delete what I store about you")]
    Forget,
    #[command(description = "what I store and for how long")]
    Privacy,
    #[command(description = "a quiz question; /quiz 5 for a series, /quiz stop to end it")]
    Quiz(String),
    #[command(description = "the quiz scores of this chat")]
    Leaderboard,
    #[command(description = "review reminders: /remind daily 08:30 +02:00, /remind off")]
    Remind(String),
    #[command(description = "admins: turn quizzes or reminders on or off")]
    Settings(String),
    #[command(
        rename = "cohort_reset",
        description = "admins: clear the group's progress board"
    )]
    CohortReset,
}

/// The command menu for setMyCommands: names as the Bot API specifies them — 1–32 lowercase
/// letters, digits or underscores, without the slash teloxide's list puts in front.
pub fn menu() -> Vec<teloxide::types::BotCommand> {
    Command::bot_commands()
        .into_iter()
        .map(|mut c| {
            c.command = c.command.trim_start_matches('/').to_string();
            c
        })
        .collect()
}

/// What a command asks: an intent label (a fixed answer), a question in words (so that a topic
/// or country argument goes through the same matching as chat), or a cohort feature.
pub enum Ask {
    /// A fixed answer, by intent label.
    Label(&'static str),
    /// A question in words.
    Text(String),
    /// The member's progress.
    Progress,
    /// The member's progress as a picture.
    ProgressCard,
    /// Mark a step done (`true`) or not; the argument as typed.
    Step(String, bool),
    /// The chat's board.
    Cohort,
    /// Forget the member.
    Forget,
    /// What is stored.
    Privacy,
    /// Quizzes, the leaderboard, reminders, settings and resets (`telegram::quiz`).
    Study,
}

impl Command {
    /// What the command asks.
    pub fn ask(&self) -> Ask {
        let arg = |s: &String| s.trim().to_string();
        match self {
            Command::Start => Ask::Label("greeting"),
            Command::Help => Ask::Label("help"),
            Command::Roadmap => Ask::Label("roadmap"),
            Command::Certs(t) if arg(t).is_empty() => Ask::Label("certifications_list"),
            Command::Certs(t) => Ask::Text(format!("which certification for {}", arg(t))),
            Command::Salary(c) if arg(c).is_empty() => Ask::Label("salary:compare"),
            Command::Salary(c) => Ask::Text(format!("devops salary in {}", arg(c))),
            Command::Skills => Ask::Label("skills"),
            Command::Roles => Ask::Label("responsibilities"),
            Command::Tools(a) if arg(a).is_empty() => Ask::Label("tools"),
            Command::Tools(a) => Ask::Text(format!("which tools for {}", arg(a))),
            Command::About => Ask::Label("sources"),
            Command::Progress(a) if arg(a).eq_ignore_ascii_case("card") => Ask::ProgressCard,
            Command::Progress(_) => Ask::Progress,
            Command::Done(n) => Ask::Step(arg(n), true),
            Command::Undo(n) => Ask::Step(arg(n), false),
            Command::Cohort => Ask::Cohort,
            Command::Forget => Ask::Forget,
            Command::Privacy => Ask::Privacy,
            Command::Quiz(_)
            | Command::Leaderboard
            | Command::Remind(_)
            | Command::Settings(_)
            | Command::CohortReset => Ask::Study,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_names_follow_the_bot_api_rules() {
        for c in menu() {
            let name = c.command.as_str();
            assert!(!name.is_empty() && name.len() <= 32, "{name}");
            assert!(
                name.chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_'),
                "{name}"
            );
        }
    }
}
