//! Latency distribution of `Engine::respond` over a realistic mix of messages, at 1×, 10× and
//! 100× the knowledge base. Criterion reports no percentiles, so this bench times every response
//! with `Instant` and prints count, median, p90, p99 and max in microseconds.
//!
//! Run: `cargo bench --bench latency` (set `LATENCY_RESPONSES` to change the 200,000 responses
//! timed per knowledge size; `LATENCY_VERBOSE=1` also prints each message's intent).
//!
//! The mix is `support::DIALOGS`: 42 messages in 14 conversations (typos, follow-ups answered
//! with `Engine::respond(text, Some(&previous))`, declines, long messages, group mentions). Each
//! timed response includes dropping the reply. The mix is sent round-robin after one untimed
//! warm-up round.

#[path = "support/mod.rs"]
mod support;

use devops_guide::Engine;
use std::hint::black_box;
use std::time::{Duration, Instant};
use support::Message;

/// Percentile `p` (0–100) of sorted nanoseconds, nearest rank.
fn percentile(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn us(ns: u64) -> f64 {
    ns as f64 / 1000.0
}

struct Stats {
    count: usize,
    median: u64,
    p90: u64,
    p99: u64,
    max: u64,
}

fn stats(mut ns: Vec<u64>) -> Stats {
    ns.sort_unstable();
    Stats {
        count: ns.len(),
        median: percentile(&ns, 50.0),
        p90: percentile(&ns, 90.0),
        p99: percentile(&ns, 99.0),
        max: ns.last().copied().unwrap_or(0),
    }
}

/// Times `responses` responses of `mix` (round-robin); returns every time and the per-message
/// times.
fn run(engine: &Engine, mix: &[Message], responses: usize) -> (Vec<u64>, Vec<Vec<u64>>) {
    for m in mix {
        black_box(engine.respond(&m.text, m.previous.as_ref()));
    }
    let mut all = Vec::with_capacity(responses);
    let mut per_message: Vec<Vec<u64>> =
        vec![Vec::with_capacity(responses / mix.len() + 1); mix.len()];
    let mut i = 0;
    while all.len() < responses {
        let m = &mix[i];
        let start = Instant::now();
        let outcome = engine.respond(black_box(&m.text), black_box(m.previous.as_ref()));
        black_box(&outcome);
        drop(outcome);
        let ns = start.elapsed().as_nanos() as u64;
        all.push(ns);
        per_message[i].push(ns);
        i = (i + 1) % mix.len();
    }
    (all, per_message)
}

fn preview(text: &str) -> String {
    let short: String = text.chars().take(48).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}

fn main() {
    let responses: usize = std::env::var("LATENCY_RESPONSES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000);
    let verbose = std::env::var_os("LATENCY_VERBOSE").is_some();

    let base = support::scaled_engine(1);
    // The same messages (and previous intents) at every scale.
    let mix = support::latency_mix(&base);
    let labels: Vec<String> = mix
        .iter()
        .map(|m| base.respond(&m.text, m.previous.as_ref()).intent.label())
        .collect();
    if verbose {
        for (m, label) in mix.iter().zip(&labels) {
            let prev = m.previous.as_ref().map(|p| p.label()).unwrap_or_default();
            println!("  {label:<28} prev={prev:<24} {}", preview(&m.text));
        }
    }

    println!(
        "latency of Engine::respond: {} messages in the mix, {responses} timed responses per knowledge size",
        mix.len()
    );
    println!(
        "{:>6} {:>8} {:>9} {:>9} {:>9} {:>10} {:>9} {:>9} {:>9} {:>9}",
        "kb", "words", "load", "build", "count", "median", "p90", "p99", "max", "same"
    );
    let mut medians = Vec::new();
    for factor in [1usize, 10, 100] {
        let (files, _) = support::scaled_files(factor);
        let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
        let start = Instant::now();
        let kb = devops_guide::Knowledge::from_files("knowledge", &files)
            .unwrap_or_else(|e| panic!("the {factor}× generated knowledge is invalid:\n{e}"));
        let load: Duration = start.elapsed();
        let start = Instant::now();
        let engine = Engine::new(kb);
        let build: Duration = start.elapsed();
        // Sanity: a real question gets the same answer at every scale.
        let same = mix
            .iter()
            .zip(&labels)
            .filter(|(m, l)| engine.respond(&m.text, m.previous.as_ref()).intent.label() == **l)
            .count();
        let (all, per_message) = run(&engine, &mix, responses);
        let s = stats(all);
        medians.push(s.median);
        println!(
            "{:>5}× {:>8} {:>7.1}ms {:>7.1}ms {:>9} {:>8.2}µs {:>7.2}µs {:>7.2}µs {:>7.1}µs {:>6}/{}",
            factor,
            engine.lexicon().word_count(),
            load.as_secs_f64() * 1e3,
            build.as_secs_f64() * 1e3,
            s.count,
            us(s.median),
            us(s.p90),
            us(s.p99),
            us(s.max),
            same,
            mix.len()
        );
        if factor == 1 || verbose {
            let mut slowest: Vec<(u64, usize)> = per_message
                .into_iter()
                .enumerate()
                .map(|(i, ns)| (stats(ns).median, i))
                .collect();
            slowest.sort_unstable_by(|a, b| b.cmp(a));
            println!("       slowest messages by median at {factor}×:");
            for (median, i) in slowest.iter().take(5) {
                println!(
                    "         {:>7.2}µs  {:<26} {}",
                    us(*median),
                    labels[*i],
                    preview(&mix[*i].text)
                );
            }
        }
    }
    println!(
        "scaling of the median: 10× = {:.2}× the 1× median, 100× = {:.2}× the 1× median",
        medians[1] as f64 / medians[0] as f64,
        medians[2] as f64 / medians[0] as f64
    );

    // Not part of the mix: a worst case built to be slow, MAX_TOKENS gibberish words of 20
    // letters, each of which the matcher tries to correct as a typo.
    let gibberish: Vec<String> = (0..devops_guide::core::normalize::MAX_TOKENS)
        .map(|i| {
            (0..20)
                .map(|j| (b'a' + ((i * 7 + j * 13 + i * j) % 26) as u8) as char)
                .collect()
        })
        .collect();
    let gibberish = gibberish.join(" ");
    let worst = [Message {
        text: gibberish,
        previous: None,
    }];
    let (all, _) = run(&base, &worst, 200);
    let s = stats(all);
    println!(
        "worst case (not in the mix): {} gibberish words of 20 letters at 1×: median {:.1}µs, max {:.1}µs",
        devops_guide::core::normalize::MAX_TOKENS,
        us(s.median),
        us(s.max)
    );
}
