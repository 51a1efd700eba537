//! Criterion benchmarks of the pictures: rendering each one to PNG bytes (layout, rasterizing
//! with the embedded font, PNG encoding), as Telegram and `devops-guide chart` do.
//!
//! Run: `cargo bench --bench picture` (quicker: `cargo bench --bench picture -- --warm-up-time 1
//! --measurement-time 3`). Groups:
//!
//! - `picture/salary_chart`: the five-country salary chart (target: under 20 ms).
//! - `picture/progress_card`: a member's roadmap card with three steps done.
//! - `picture/cohort_board_30`: a board of 30 members.

use criterion::{Criterion, criterion_group, criterion_main};
use devops_guide::Knowledge;
use devops_guide::picture;
use devops_guide::storage::MemberProgress;
use std::hint::black_box;

fn pictures(c: &mut Criterion) {
    let kb = Knowledge::embedded().expect("embedded knowledge is valid");
    let members: Vec<MemberProgress> = (0..30)
        .map(|n| MemberProgress {
            user: n,
            name: format!("Member number {n}"),
            steps: (1..=(n % 8) as u8).collect(),
        })
        .collect();
    let mut group = c.benchmark_group("picture");
    group.bench_function("salary_chart", |b| {
        b.iter(|| black_box(picture::salary_chart(&kb).expect("renders")))
    });
    group.bench_function("progress_card", |b| {
        b.iter(|| {
            black_box(picture::progress_card(&kb, "Zoë Ångström", &[1, 2, 3]).expect("renders"))
        })
    });
    group.bench_function("cohort_board_30", |b| {
        b.iter(|| black_box(picture::board(&kb, &members).expect("renders")))
    });
    group.finish();
}

criterion_group!(benches, pictures);
criterion_main!(benches);
