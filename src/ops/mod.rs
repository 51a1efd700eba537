//! Operating the bot: what an operator watches and relies on, independent of the transport.
//!
//! - [`metrics`]: the process-wide Prometheus registry (counters and histograms on atomics) that
//!   the assistant, the Telegram front-end and the store report into, and its text rendering
//!   for `GET /metrics`.
//! - [`metered_store`]: a [`crate::storage::Store`] decorator timing every store call into the
//!   store-latency histogram.
//!
//! The HTTP side (`/healthz`, `/readyz`, `/metrics`, the webhook route) lives with the Telegram
//! front-end, which owns the async runtime.

pub mod metered_store;
pub mod metrics;
