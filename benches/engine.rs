//! Criterion benchmarks of the core: loading the embedded knowledge, building the engine, and
//! answering one message of each kind, on the real knowledge and on generated knowledge 10× and
//! 100× larger.
//!
//! Run: `cargo bench --bench engine` (quicker: `cargo bench --bench engine -- --warm-up-time 1
//! --measurement-time 3`). Groups:
//!
//! - `kb_load/embedded`: `Knowledge::embedded()` (parse and validate the 14 files).
//! - `engine_build/embedded`: `Engine::new` (compile the vocabulary).
//! - `respond/<kind>`: one `Engine::respond` for each of six kinds of message.
//! - `respond_scaled/<factor>`: the same six messages (one iteration answers all six) on the real
//!   knowledge (1) and on generated knowledge with 10× and 100× the tools, topics and
//!   certifications (see `support/mod.rs`).
//!
//! Criterion reports no percentiles; `cargo bench --bench latency` does.

#[path = "support/mod.rs"]
mod support;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use devops_guide::{Engine, Knowledge};
use std::hint::black_box;

fn kb_load(c: &mut Criterion) {
    let mut group = c.benchmark_group("kb_load");
    group.bench_function("embedded", |b| {
        b.iter(|| black_box(Knowledge::embedded().expect("embedded knowledge is valid")))
    });
    group.finish();
}

fn engine_build(c: &mut Criterion) {
    let kb = Knowledge::embedded().expect("embedded knowledge is valid");
    let mut group = c.benchmark_group("engine_build");
    group.bench_function("embedded", |b| {
        b.iter_batched(
            || kb.clone(),
            |kb| black_box(Engine::new(kb)),
            criterion::BatchSize::SmallInput,
        )
    });
    group.finish();
}

fn respond(c: &mut Criterion) {
    let engine = Engine::new(Knowledge::embedded().expect("embedded knowledge is valid"));
    let mut group = c.benchmark_group("respond");
    for (name, m) in support::kinds() {
        group.bench_function(name, |b| {
            b.iter(|| black_box(engine.respond(black_box(&m.text), black_box(m.previous.as_ref()))))
        });
    }
    group.finish();
}

fn respond_scaled(c: &mut Criterion) {
    let kinds = support::kinds();
    let mut group = c.benchmark_group("respond_scaled");
    group.throughput(Throughput::Elements(kinds.len() as u64));
    for factor in [1usize, 10, 100] {
        let engine = support::scaled_engine(factor);
        group.bench_function(factor.to_string(), |b| {
            b.iter(|| {
                for (_, m) in &kinds {
                    black_box(engine.respond(black_box(&m.text), black_box(m.previous.as_ref())));
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, kb_load, engine_build, respond, respond_scaled);
criterion_main!(benches);
