//! Roadmap pictures: a member's progress card (the roadmap's steps, done ones ticked) and a
//! cohort's board (members × steps, most advanced first).

use super::{
    Align, DONE, Drawing, INK, MUTED, Mark, PANEL, Picture, PictureError, Rgb, TRACK, fit,
};
use crate::core::knowledge::Knowledge;
use crate::storage::MemberProgress;

/// Width of a progress card.
pub const CARD_WIDTH: u32 = 800;
/// Width of a cohort board.
pub const BOARD_WIDTH: u32 = 900;
/// The most members a board picture lists; the rest are counted below.
pub const BOARD_MAX_ROWS: usize = 30;

const WHITE: Rgb = Rgb(255, 255, 255);
const PENDING: Rgb = Rgb(206, 212, 218);

/// Where the roadmap comes from: "Edstellar (blog), February 2025".
fn roadmap_source(kb: &Knowledge) -> String {
    kb.steps
        .first()
        .and_then(|s| kb.sources.iter().find(|src| src.id == s.source))
        .map(|s| format!("Roadmap from {}, {}", s.publisher, s.date_label))
        .unwrap_or_default()
}

/// A member's roadmap card: their name, how many steps are done, and every step with done ones
/// ticked. Step numbers in `done` that the roadmap lacks are ignored.
pub fn progress_card(kb: &Knowledge, name: &str, done: &[u8]) -> Result<Picture, PictureError> {
    const TOP: i32 = 150;
    const ROW: i32 = 56;
    const MARGIN: i32 = 40;
    let steps = &kb.steps;
    let height = TOP + steps.len() as i32 * ROW + 56;
    let mut d = Drawing::new(CARD_WIDTH, height as u32);
    let width = CARD_WIDTH as i32;
    let is_done = |n: u8| done.contains(&n);
    let count = steps.iter().filter(|s| is_done(s.number)).count();

    d.text("Roadmap progress", MARGIN, 34, 28.0, INK, Align::Left);
    let name = fit(name, 22.0, (width - 2 * MARGIN) as u32)?;
    d.text(name, MARGIN, 74, 22.0, INK, Align::Left);
    let summary = format!("{count} of {} steps done", steps.len());
    d.text(&summary, MARGIN, 108, 16.0, MUTED, Align::Left);
    // The meter: done share of the steps.
    let meter_x = MARGIN + 220;
    let meter_w = (width - MARGIN - meter_x) as u32;
    d.fill(meter_x, 101, meter_w, 14, TRACK, Mark::Decoration);
    if !steps.is_empty() && count > 0 {
        let filled = (f64::from(meter_w) * count as f64 / steps.len() as f64).round() as u32;
        d.fill(meter_x, 101, filled, 14, DONE, Mark::Decoration);
    }

    for (i, s) in steps.iter().enumerate() {
        let top = TOP + i as i32 * ROW;
        let mid = top + 20;
        let done = is_done(s.number);
        if done {
            d.fill(
                MARGIN - 10,
                top - 4,
                (width - 2 * MARGIN + 20) as u32,
                48,
                PANEL,
                Mark::Decoration,
            );
        }
        let mark = Mark::Step {
            row: 0,
            step: s.number,
            done,
        };
        if done {
            d.fill(MARGIN, top + 4, 32, 32, DONE, mark);
            d.text("✓", MARGIN + 16, mid + 2, 22.0, WHITE, Align::Centre);
        } else {
            d.fill(MARGIN, top + 4, 32, 32, PENDING, Mark::Decoration);
            d.fill(MARGIN + 2, top + 6, 28, 28, WHITE, mark);
        }
        let title = fit(
            &format!("{}. {}", s.number, s.title),
            19.0,
            (width - 2 * MARGIN - 60) as u32,
        )?;
        let colour = if done { INK } else { MUTED };
        d.text(title, MARGIN + 52, mid, 19.0, colour, Align::Left);
    }
    d.text(
        roadmap_source(kb),
        MARGIN,
        height - 26,
        13.0,
        MUTED,
        Align::Left,
    );

    let caption = format!("Roadmap progress: {summary}.");
    let png = d.to_png()?;
    Ok(Picture {
        drawing: d,
        png,
        caption,
    })
}

/// A cohort's board: one row per member, most advanced first (ties keep the given order), a
/// cell per roadmap step, filled when done; at most [`BOARD_MAX_ROWS`] rows, the rest counted.
pub fn board(kb: &Knowledge, members: &[MemberProgress]) -> Result<Picture, PictureError> {
    const MARGIN: i32 = 30;
    const HEAD: i32 = 130;
    const ROW: i32 = 40;
    const NAME_WIDTH: u32 = 300;
    const CELLS_X: i32 = 360;
    const CELL: i32 = 56;
    const LEGEND_LINE: i32 = 24;
    let steps = &kb.steps;
    let total = steps.len();
    let has = |m: &MemberProgress, n: u8| m.steps.contains(&n);
    let done_count = |m: &MemberProgress| steps.iter().filter(|s| has(m, s.number)).count();
    let mut order: Vec<&MemberProgress> = members.iter().collect();
    order.sort_by_key(|m| std::cmp::Reverse(done_count(m)));
    let shown = order.len().min(BOARD_MAX_ROWS);
    let hidden = order.len() - shown;
    let rows_bottom = HEAD + shown as i32 * ROW + if hidden > 0 { ROW } else { 0 };
    let height = rows_bottom + 24 + total as i32 * LEGEND_LINE + 50;
    let mut d = Drawing::new(BOARD_WIDTH, height as u32);
    let members_text = if members.len() == 1 {
        "1 member".to_string()
    } else {
        format!("{} members", members.len())
    };

    d.text("Cohort progress", MARGIN, 32, 28.0, INK, Align::Left);
    d.text(
        format!("{members_text} · most advanced first"),
        MARGIN,
        68,
        16.0,
        MUTED,
        Align::Left,
    );
    for (c, s) in steps.iter().enumerate() {
        let x = CELLS_X + c as i32 * CELL + (CELL - 8) / 2;
        d.text(
            s.number.to_string(),
            x,
            HEAD - 18,
            15.0,
            MUTED,
            Align::Centre,
        );
    }
    d.text(
        "done",
        CELLS_X + total as i32 * CELL + 14,
        HEAD - 18,
        15.0,
        MUTED,
        Align::Left,
    );

    for (r, m) in order.iter().take(shown).enumerate() {
        let top = HEAD + r as i32 * ROW;
        if r % 2 == 0 {
            d.fill(
                MARGIN - 10,
                top,
                BOARD_WIDTH - 2 * (MARGIN as u32 - 10),
                ROW as u32,
                PANEL,
                Mark::Decoration,
            );
        }
        let name = fit(&m.name, 17.0, NAME_WIDTH)?;
        d.text(name, MARGIN, top + ROW / 2, 17.0, INK, Align::Left);
        for (c, s) in steps.iter().enumerate() {
            let done = has(m, s.number);
            d.fill(
                CELLS_X + c as i32 * CELL,
                top + 6,
                (CELL - 8) as u32,
                (ROW - 12) as u32,
                if done { DONE } else { TRACK },
                Mark::Step {
                    row: r,
                    step: s.number,
                    done,
                },
            );
        }
        d.text(
            format!("{}/{total}", done_count(m)),
            CELLS_X + total as i32 * CELL + 14,
            top + ROW / 2,
            17.0,
            INK,
            Align::Left,
        );
    }
    if hidden > 0 {
        d.text(
            format!("… and {hidden} more"),
            MARGIN,
            HEAD + shown as i32 * ROW + ROW / 2,
            16.0,
            MUTED,
            Align::Left,
        );
    }
    for (i, s) in steps.iter().enumerate() {
        let line = fit(
            &format!("{}. {}", s.number, s.title),
            14.0,
            BOARD_WIDTH - 2 * MARGIN as u32,
        )?;
        d.text(
            line,
            MARGIN,
            rows_bottom + 24 + i as i32 * LEGEND_LINE,
            14.0,
            MUTED,
            Align::Left,
        );
    }
    d.text(
        roadmap_source(kb),
        MARGIN,
        height - 24,
        13.0,
        MUTED,
        Align::Left,
    );

    let caption = format!("Cohort progress ({members_text}), most advanced first.");
    let png = d.to_png()?;
    Ok(Picture {
        drawing: d,
        png,
        caption,
    })
}
