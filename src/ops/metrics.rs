//! The process-wide metrics registry and its Prometheus text rendering (exposition format 0.0.4).
//!
//! Hand-rolled on atomics and small maps rather than a metrics crate: a dozen series, no
//! dependency. Every label set is bounded (update kinds, intent families, decline reasons, error
//! codes, request names — never a chat id or a text), so the registry cannot grow without bound.
//! Hooks elsewhere are one-liners on [`metrics()`].
//!
//! Why a process-wide registry rather than one injected as state: the counters are fed from
//! places that have no state of their own to carry it — `delivery::deliver`, a free function
//! every handler calls, and the store decorator — and threading a registry through them would
//! change every handler's calls. Unlike the `metrics` crate's recorder, nothing is installed:
//! several bots in one process (benchmarks) just share the counts, which only adds up.

use crate::core::engine::Intent;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{LazyLock, Mutex};
use std::time::Duration;

/// Upper bounds (seconds) of the latency histograms' buckets.
const BUCKETS: [f64; 12] = [
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0,
];

/// A latency histogram.
#[derive(Debug, Default)]
pub struct Histogram {
    buckets: [AtomicU64; BUCKETS.len()],
    count: AtomicU64,
    sum_nanos: AtomicU64,
}

impl Histogram {
    /// Records one observation.
    pub fn observe(&self, took: Duration) {
        let secs = took.as_secs_f64();
        if let Some(i) = BUCKETS.iter().position(|b| secs <= *b) {
            self.buckets[i].fetch_add(1, Ordering::Relaxed);
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        self.sum_nanos
            .fetch_add(took.as_nanos() as u64, Ordering::Relaxed);
    }

    fn render(&self, out: &mut String, name: &str, help: &str) {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} histogram");
        let mut cumulative = 0;
        for (bound, bucket) in BUCKETS.iter().zip(&self.buckets) {
            cumulative += bucket.load(Ordering::Relaxed);
            let _ = writeln!(out, "{name}_bucket{{le=\"{bound}\"}} {cumulative}");
        }
        let count = self.count.load(Ordering::Relaxed);
        let sum = self.sum_nanos.load(Ordering::Relaxed) as f64 / 1e9;
        let _ = writeln!(out, "{name}_bucket{{le=\"+Inf\"}} {count}");
        let _ = writeln!(out, "{name}_sum {sum}\n{name}_count {count}");
    }
}

/// A counter with one label.
#[derive(Debug, Default)]
pub struct LabeledCounter {
    values: Mutex<BTreeMap<String, u64>>,
}

impl LabeledCounter {
    /// Adds one to the series `label`.
    pub fn inc(&self, label: &str) {
        let mut values = self.values.lock().unwrap_or_else(|p| p.into_inner());
        match values.get_mut(label) {
            Some(v) => *v += 1,
            None => {
                values.insert(label.to_string(), 1);
            }
        }
    }

    /// The value of the series `label` (0 when never counted).
    pub fn get(&self, label: &str) -> u64 {
        let values = self.values.lock().unwrap_or_else(|p| p.into_inner());
        values.get(label).copied().unwrap_or(0)
    }

    fn render(&self, out: &mut String, name: &str, label: &str, help: &str) {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} counter");
        let values = self.values.lock().unwrap_or_else(|p| p.into_inner());
        for (value, count) in values.iter() {
            let _ = writeln!(out, "{name}{{{label}=\"{}\"}} {count}", escape(value));
        }
    }
}

/// A label value escaped for the text format.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Every metric of the process. Read with [`metrics()`].
#[derive(Debug, Default)]
pub struct Metrics {
    /// Updates received, by kind (`message`, `callback_query`, …).
    pub updates: LabeledCounter,
    /// Answers given, by intent family (`salary`, `roadmap`, `greeting`, …).
    pub replies: LabeledCounter,
    /// Questions declined, by reason.
    pub declines: LabeledCounter,
    /// Time the engine took to match and answer one message.
    pub matching: Histogram,
    /// Failed Telegram API requests, by error code (`429`, `5xx`, `403`, `network`, …).
    pub api_errors: LabeledCounter,
    /// Telegram requests tried again, by request (`sendMessage`, …).
    pub retries: LabeledCounter,
    /// Time of each store call.
    pub store: Histogram,
    /// Store calls that failed, by operation.
    pub store_errors: LabeledCounter,
    /// Knowledge reloads, by result (`ok`, `failed`).
    pub reloads: LabeledCounter,
    /// Webhook requests, by outcome (`handled`, `duplicate`, `unauthorized`, …).
    pub webhook: LabeledCounter,
    /// The version of the knowledge serving now.
    knowledge_version: Mutex<String>,
}

static METRICS: LazyLock<Metrics> = LazyLock::new(Metrics::default);

/// The process-wide registry.
pub fn metrics() -> &'static Metrics {
    &METRICS
}

impl Metrics {
    /// Records one answered message: how long matching took and what it was.
    pub fn answered(&self, intent: &Intent, took: Duration) {
        self.matching.observe(took);
        match intent {
            Intent::Decline(_) => {
                let label = intent.label();
                let reason = label.strip_prefix("decline:").unwrap_or(&label);
                self.declines.inc(reason);
            }
            other => self.replies.inc(other.kind().unwrap_or("other")),
        }
    }

    /// Sets the version of the knowledge now serving.
    pub fn set_knowledge_version(&self, version: &str) {
        *self
            .knowledge_version
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = version.to_string();
    }

    /// The version of the knowledge now serving ("" before any is loaded).
    pub fn knowledge_version(&self) -> String {
        self.knowledge_version
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// The registry in the Prometheus text format.
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(4096);
        let p = "devops_guide";
        self.updates.render(
            &mut out,
            &format!("{p}_updates_total"),
            "kind",
            "Telegram updates received, by kind.",
        );
        self.replies.render(
            &mut out,
            &format!("{p}_replies_total"),
            "intent",
            "Questions answered, by intent family.",
        );
        self.declines.render(
            &mut out,
            &format!("{p}_declines_total"),
            "reason",
            "Questions declined, by reason.",
        );
        self.matching.render(
            &mut out,
            &format!("{p}_matching_seconds"),
            "Time the engine took to match and answer one message.",
        );
        self.api_errors.render(
            &mut out,
            &format!("{p}_telegram_api_errors_total"),
            "code",
            "Failed Telegram Bot API requests, by error code.",
        );
        self.retries.render(
            &mut out,
            &format!("{p}_telegram_retries_total"),
            "request",
            "Telegram Bot API requests tried again after a 429, a 5xx or a network error.",
        );
        self.store.render(
            &mut out,
            &format!("{p}_store_seconds"),
            "Time of each call to the store.",
        );
        self.store_errors.render(
            &mut out,
            &format!("{p}_store_errors_total"),
            "operation",
            "Store calls that failed, by operation.",
        );
        self.reloads.render(
            &mut out,
            &format!("{p}_knowledge_reloads_total"),
            "result",
            "Knowledge reloads (SIGHUP or a changed file), by result; a failed one keeps the old knowledge.",
        );
        self.webhook.render(
            &mut out,
            &format!("{p}_webhook_requests_total"),
            "outcome",
            "Webhook requests, by outcome.",
        );
        let version = self.knowledge_version();
        let _ = writeln!(
            out,
            "# HELP {p}_knowledge_info The knowledge serving now (always 1).\n# TYPE {p}_knowledge_info gauge"
        );
        if !version.is_empty() {
            let _ = writeln!(
                out,
                "{p}_knowledge_info{{version=\"{}\"}} 1",
                escape(&version)
            );
        }
        out
    }
}

/// A short, stable version of a knowledge base: a hash of its content (`kb-` and 12 hex digits).
pub fn knowledge_version(knowledge: &crate::core::knowledge::Knowledge) -> String {
    // FNV-1a over the debug rendering: stable within a build, changes with any edited fact.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in format!("{knowledge:?}").bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("kb-{:012x}", hash & 0xffff_ffff_ffff)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histograms_are_cumulative_and_counters_labelled() {
        let m = Metrics::default();
        m.matching.observe(Duration::from_micros(50));
        m.matching.observe(Duration::from_millis(3));
        m.matching.observe(Duration::from_secs(2));
        m.updates.inc("message");
        m.updates.inc("message");
        m.set_knowledge_version("kb-1");
        let text = m.render();
        assert!(text.contains("devops_guide_matching_seconds_bucket{le=\"0.0001\"} 1"));
        assert!(text.contains("devops_guide_matching_seconds_bucket{le=\"0.005\"} 2"));
        assert!(text.contains("devops_guide_matching_seconds_bucket{le=\"+Inf\"} 3"));
        assert!(text.contains("devops_guide_matching_seconds_count 3"));
        assert!(text.contains("devops_guide_updates_total{kind=\"message\"} 2"));
        assert!(text.contains("devops_guide_knowledge_info{version=\"kb-1\"} 1"));
    }
}
