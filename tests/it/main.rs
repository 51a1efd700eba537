//! The single integration-test binary of the project (`cargo test --test it`).
//!
//! Every integration test is a module of this one binary, so the crate is linked once for all of
//! them rather than once per file.
//!
//! - `support`: shared helpers — the repository's `knowledge/` directory, throw-away copies of it
//!   to break on purpose, and the `devops-guide` binary run with a deadline.
//! - `knowledge`: the seed's facts as loaded, and every kind of editing mistake reported with its
//!   file and line.
//! - `cli`: the real binary — `check`, `ask`, `chat` and `chat --jsonl`, `--knowledge` and
//!   `DEVOPS_GUIDE_KNOWLEDGE`, exit codes.
//! - `properties`: property tests (proptest) of the engine and its parts.
//! - `eval`: the evaluation sets of `tests/eval/` scored against the engine.
//! - `telegram`: the real binary's `run` against an in-process fake of the Telegram Bot API
//!   (`support::fake_bot_api`) — private chats, groups, buttons, inline mode, Telegram's errors,
//!   the token and shutdown.
//! - `storage`: one contract suite for the store run against every backend — memory, SQLite on a
//!   temporary file, Redis on a `redis-server` started on a free loopback port.
//! - `webhook`: `run --webhook-url` replicas and `webhook set|info|delete` against the fake — the
//!   secret, body limits, acknowledging after the reply, one answer across replicas on Redis.
//! - `ops`: `/healthz`, `/readyz`, `/metrics`, SIGTERM and SIGHUP, secrets absent from trace
//!   logs, polling refusing a set webhook or a second poller.
//! - `cohort`: roadmap progress, the group board, /forget and /privacy end to end — `chat --jsonl`
//!   processes sharing a SQLite file or a Redis, and `run` against the fake Bot API.
//! - `pictures`: the salary chart, roadmap card and cohort board — the drawing model and decoded
//!   PNG pixels, `chart` writing files, and sendPhoto uploads then `file_id`s through the fake.
//! - `quiz`: quiz polls, poll answers, the leaderboard, series, and the admin-only commands, end
//!   to end through the fake Bot API.
//! - `reminders`: review reminders — due while the bot was down, claimed once by two schedulers
//!   on one Redis with a test clock, stopped by a 403.

mod support;

mod cli;
mod cohort;
mod eval;
mod knowledge;
#[cfg(feature = "telegram")]
mod ops;
mod pictures;
mod properties;
#[cfg(feature = "telegram")]
mod quiz;
#[cfg(feature = "telegram")]
mod reminders;
mod storage;
#[cfg(feature = "telegram")]
mod telegram;
#[cfg(feature = "telegram")]
mod webhook;
