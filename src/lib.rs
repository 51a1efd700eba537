//! devops-guide: career guidance for people becoming DevOps engineers, answered from a knowledge
//! base of the role's responsibilities, skills, tools, certifications, salaries and roadmap.
//!
//! # Layout
//!
//! - [`core`]: the knowledge base (`knowledge/*.toml`, embedded in the binary), the typo-tolerant
//!   matcher, conversation context and the conversation engine that turns a message into a
//!   structured [`core::reply::Reply`]. Pure and synchronous; knows no front-end.
//! - [`assistant`]: the engine plus every conversation's context, shared by front-ends that
//!   serve many people at once.
//! - [`storage`]: the [`storage::Store`] trait — contexts, roadmap progress, quiz scores, update
//!   de-duplication — on memory, SQLite (`sqlite:PATH`) or Redis (`redis://…`), picked by
//!   [`storage::open`].
//! - [`study`] and [`reminders`]: quizzes, the leaderboard, group settings and review
//!   reminders (with their [`reminders::Scheduler`]) over the assistant and its store.
//! - `telegram` (feature `telegram`, on by default): the bot — `devops-guide run` on long
//!   polling, rendering replies as HTML with buttons, inline mode, Telegram's limits.
//! - [`ops`]: the metrics registry (Prometheus text) and the metered store, for operating
//!   the bot; its HTTP endpoints, webhook mode and hot reload are in `telegram`.
//! - [`cli`]: the command-line front-end — `chat` (a terminal conversation, or JSON lines with
//!   `--jsonl`), `ask` (one answer) and `check` (validate a knowledge directory).
//!
//! - [`picture`]: PNG pictures — the salary chart, a member's roadmap card, a cohort's board —
//!   drawn in-process with an embedded font, for Telegram photos and `devops-guide chart`.
//!
//! The binary `devops-guide` (`src/main.rs`) only parses arguments and calls [`cli::run`].

pub mod assistant;
pub mod cli;
pub mod core;
pub mod ops;
pub mod picture;
pub mod reminders;
pub mod storage;
pub mod study;
#[cfg(feature = "telegram")]
pub mod telegram;

pub use crate::core::engine::{Engine, Intent, Outcome};
pub use crate::core::knowledge::{KbError, Knowledge};
pub use crate::core::reply::Reply;
