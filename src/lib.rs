//! devops-guide: career guidance for people becoming DevOps engineers, answered from a knowledge
//! base of the role's responsibilities, skills, tools, certifications, salaries and roadmap.
//!
//! # Layout
//!
//! - [`core`]: the knowledge base (`knowledge/*.toml`, embedded in the binary), the typo-tolerant
//!   matcher, conversation context and the conversation engine that turns a message into a
//!   structured [`core::reply::Reply`]. Pure and synchronous; knows no front-end.
//! - [`cli`]: the command-line front-end — `chat` (a terminal conversation, or JSON lines with
//!   `--jsonl`), `ask` (one answer) and `check` (validate a knowledge directory).
//!
//! The binary `devops-guide` (`src/main.rs`) only parses arguments and calls [`cli::run`].

pub mod cli;
pub mod core;

pub use crate::core::engine::{Engine, Intent, Outcome};
pub use crate::core::knowledge::{KbError, Knowledge};
pub use crate::core::reply::Reply;
