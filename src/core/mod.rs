//! The core: what the bot knows and how it understands and answers a message, independent of any
//! front-end.
//!
//! Invariants: everything here is synchronous and pure apart from [`knowledge::Knowledge::load_dir`]
//! reading files; nothing here imports a front-end, a runtime or a network crate (no teloxide,
//! tokio, axum, clap), so the same engine serves the terminal, Telegram and the benchmarks.
//!
//! - [`knowledge`]: typed, validated facts loaded from `knowledge/*.toml`.
//! - [`normalize`]: message text → tokens.
//! - [`matcher`]: tokens → the knowledge's phrases, typo-tolerant.
//! - [`engine`]: phrases (+ context) → [`engine::Intent`] → [`reply::Reply`].
//! - [`context`]: per-(chat, user) memory of the last answer, with expiry and a bound.
//! - [`reply`]: the structured answer front-ends render.
//! - [`quiz`]: quiz questions generated from the knowledge, for polls, the terminal and reviews.

pub mod context;
pub mod engine;
pub mod knowledge;
pub mod matcher;
pub mod normalize;
pub mod quiz;
pub mod reply;
