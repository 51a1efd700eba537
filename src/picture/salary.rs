//! The salary chart: small multiples, one panel per country in the knowledge's order, each on its
//! own scale in its own currency, one bar per figure labelled as the post labels it. A range is
//! a bar from its lower to its upper end. Nothing is converted: bars compare only within a panel.

use super::{
    Align, Drawing, INK, MUTED, Mark, PANEL, Picture, PictureError, Rgb, TRACK, fit, text_width,
};
use crate::core::engine::group_digits;
use crate::core::knowledge::{Country, Figure, FigureKind, Knowledge};

/// Width of the chart in pixels.
pub const WIDTH: u32 = 1000;
const MARGIN: i32 = 24;
const HEADER: i32 = 96;
const PANEL_GAP: i32 = 14;
const PANEL_TITLE: i32 = 44;
const ROW: i32 = 40;
const BAR_HEIGHT: u32 = 24;
const LABEL_X: i32 = MARGIN + 20;
const LABEL_WIDTH: u32 = 300;
const BAR_X: i32 = 360;
/// Length of a panel's longest bar.
pub const BAR_SPAN: u32 = 400;
const FOOTER: i32 = 70;

fn colour(kind: FigureKind) -> Rgb {
    match kind {
        FigureKind::Total => Rgb(31, 78, 121),
        FigureKind::Base => Rgb(52, 134, 193),
        FigureKind::Extra => Rgb(230, 145, 56),
        FigureKind::Typical => Rgb(23, 165, 137),
        FigureKind::Range => Rgb(142, 98, 176),
    }
}

fn kind_name(kind: FigureKind) -> &'static str {
    match kind {
        FigureKind::Total => "total",
        FigureKind::Base => "base",
        FigureKind::Extra => "extra",
        FigureKind::Typical => "typical",
        FigureKind::Range => "range",
    }
}

/// The span of a figure's bar: (from, to).
fn span(f: &Figure) -> Option<(u64, u64)> {
    match (f.kind, f.amount, f.min, f.max) {
        (FigureKind::Range, _, Some(min), Some(max)) => Some((min, max)),
        (_, Some(a), _, _) => Some((0, a)),
        _ => None,
    }
}

fn money(c: &Country, amount: u64) -> String {
    format!("{}{}", c.symbol, group_digits(amount, c.number_format))
}

fn value_text(c: &Country, f: &Figure) -> String {
    match span(f) {
        Some((min, max)) if f.kind == FigureKind::Range => {
            format!("{} – {}", money(c, min), money(c, max))
        }
        Some((_, a)) => money(c, a),
        None => String::new(),
    }
}

fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

/// Where the figures come from, for the caption and the footer: "Edstellar (blog), “7 Key
/// Roles …”, updated 2025-02-24 (February 2025)", one per source the countries name.
fn sources_line(kb: &Knowledge) -> String {
    let mut ids: Vec<&str> = Vec::new();
    for c in &kb.countries {
        if !ids.contains(&c.source.as_str()) {
            ids.push(&c.source);
        }
    }
    ids.iter()
        .filter_map(|id| kb.sources.iter().find(|s| s.id == *id))
        .map(|s| {
            format!(
                "{}, “{}”, {} ({})",
                s.publisher, s.title, s.date_label, s.date
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The salary comparison chart of every country in the knowledge.
pub fn salary_chart(kb: &Knowledge) -> Result<Picture, PictureError> {
    // Panels are as tall as their figures; every panel has its own scale.
    let panel_height = |c: &Country| PANEL_TITLE + c.figure.len().max(1) as i32 * ROW + 8;
    let panels: i32 = kb
        .countries
        .iter()
        .map(|c| panel_height(c) + PANEL_GAP)
        .sum();
    let height = HEADER + panels + FOOTER;
    let mut d = Drawing::new(WIDTH, height as u32);
    let right = WIDTH as i32 - MARGIN;

    d.text(
        "DevOps engineer salaries by country",
        MARGIN,
        30,
        30.0,
        INK,
        Align::Left,
    );
    d.text(
        "Per year, in each country's own currency, as the post gives them — not converted: compare bars within a panel only",
        MARGIN,
        68,
        15.0,
        MUTED,
        Align::Left,
    );

    let mut top = HEADER;
    for c in &kb.countries {
        let panel_height = panel_height(c);
        d.fill(
            MARGIN,
            top,
            (right - MARGIN) as u32,
            panel_height as u32,
            PANEL,
            Mark::Decoration,
        );
        let title = format!("{} · {}", c.name, c.currency);
        d.text(&title, LABEL_X, top + 22, 21.0, INK, Align::Left);
        let mut about = Vec::new();
        about.push(match c.cited_source() {
            Some(who) => format!("reported by {who}"),
            None => "source not named in the post".to_string(),
        });
        if let Some(n) = c.sample_size {
            about.push(format!(
                "{} salaries",
                group_digits(n, crate::core::knowledge::NumberFormat::Western)
            ));
        }
        if let Some(e) = &c.experience {
            about.push(e.clone());
        }
        let title_end = LABEL_X + text_width(&title, 21.0)? as i32 + 24;
        let about_room = (right - 16 - title_end).max(0) as u32;
        let about = fit(&about.join(" · "), 14.0, about_room)?;
        d.text(about, right - 16, top + 23, 14.0, MUTED, Align::Right);

        let scale = c
            .figure
            .iter()
            .filter_map(span)
            .map(|(_, to)| to)
            .max()
            .unwrap_or(1)
            .max(1);
        let px = |v: u64| (v as f64 / scale as f64 * f64::from(BAR_SPAN)).round() as i32;
        for (r, f) in c.figure.iter().enumerate() {
            let Some((from, to)) = span(f) else { continue };
            let y = top + PANEL_TITLE + r as i32 * ROW;
            let mid = y + BAR_HEIGHT as i32 / 2;
            let label = fit(&capitalized(&f.label), 15.0, LABEL_WIDTH)?;
            d.text(label, LABEL_X, mid, 15.0, INK, Align::Left);
            d.fill(BAR_X, y, BAR_SPAN, BAR_HEIGHT, TRACK, Mark::Decoration);
            let (x0, x1) = (BAR_X + px(from), BAR_X + px(to));
            d.fill(
                x0,
                y,
                (x1 - x0).max(1) as u32,
                BAR_HEIGHT,
                colour(f.kind),
                Mark::Figure {
                    country: c.id.clone(),
                    kind: kind_name(f.kind).to_string(),
                    label: f.label.clone(),
                    from,
                    to,
                },
            );
            d.text(
                value_text(c, f),
                BAR_X + BAR_SPAN as i32 + 12,
                mid,
                15.0,
                INK,
                Align::Left,
            );
        }
        top += panel_height + PANEL_GAP;
    }

    let sources = sources_line(kb);
    let footer_top = height - FOOTER;
    d.text(
        fit(
            &format!("Source: {sources}"),
            13.0,
            WIDTH - 2 * MARGIN as u32,
        )?,
        MARGIN,
        footer_top + 24,
        13.0,
        MUTED,
        Align::Left,
    );
    d.text(
        "No exchange rates are given, so no figure is converted.",
        MARGIN,
        footer_top + 46,
        13.0,
        MUTED,
        Align::Left,
    );

    let caption = format!(
        "DevOps engineer salaries per year, each country in its own currency (not converted).\nSource: {sources}."
    );
    let png = d.to_png()?;
    Ok(Picture {
        drawing: d,
        png,
        caption,
    })
}
