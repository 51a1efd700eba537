//! Pictures: the salary comparison chart, a member's roadmap card and a cohort's progress board,
//! rendered in-process to PNG for the front-ends (Telegram sends them as photos, `devops-guide
//! chart` writes them to files).
//!
//! Every picture is first laid out as a [`Drawing`] — the list of filled boxes (each saying what
//! it stands for: a salary figure's bar, a roadmap step, …) and text labels, with their pixel
//! positions — and only then rasterized: plotters draws the drawing on an RGB buffer, text in
//! the DejaVu Sans font embedded in the binary (`assets/fonts/`, through ab_glyph, so no system
//! font is needed on a bare machine or in a container), and `png` encodes it. Tests inspect the
//! drawing (bars' order and lengths) as well as the decoded pixels.
//!
//! Pictures show only what the knowledge holds: the salary chart has one panel per country in
//! its own currency and no converted view, since `knowledge/` holds no exchange rates. Any UTF-8
//! text (a member's name) renders without panicking; characters the font lacks show as boxes.

mod roadmap;
mod salary;

pub use roadmap::{board, progress_card};
pub use salary::salary_chart;

use plotters::backend::BitMapBackend;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::sync::OnceLock;

/// The embedded font: DejaVu Sans (Bitstream Vera licence, `assets/fonts/LICENSE-DejaVu.txt`).
static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// Why a picture could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PictureError {
    /// The embedded font could not be read (a broken build).
    #[error("the embedded font cannot be read")]
    Font,
    /// Drawing on the buffer failed.
    #[error("cannot draw the picture: {0}")]
    Draw(String),
    /// PNG encoding failed.
    #[error("cannot encode the picture as PNG: {0}")]
    Encode(String),
}

/// A colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    fn plotters(self) -> RGBColor {
        RGBColor(self.0, self.1, self.2)
    }
}

/// An axis-aligned box in pixels: `x`, `y` its top-left corner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    /// Left edge.
    pub x: i32,
    /// Top edge.
    pub y: i32,
    /// Width.
    pub w: u32,
    /// Height.
    pub h: u32,
}

impl Rect {
    /// The centre pixel, for sampling.
    pub fn centre(&self) -> (u32, u32) {
        (
            (self.x + self.w as i32 / 2).max(0) as u32,
            (self.y + self.h as i32 / 2).max(0) as u32,
        )
    }
}

/// What a box stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    /// A salary figure: a bar from `from` to `to` in the panel's currency, on the panel's own
    /// scale (`from` is 0 but for a range).
    Figure {
        /// The country's id.
        country: String,
        /// The figure's kind, as `salaries.toml` names it (`total`, `base`, `extra`, `typical`,
        /// `range`).
        kind: String,
        /// The figure's label in the post.
        label: String,
        /// Start of the bar.
        from: u64,
        /// End of the bar.
        to: u64,
    },
    /// A roadmap step of one member (`row` 0 on a card; the board's row, from the top).
    Step {
        /// Row, from 0.
        row: usize,
        /// Step number, from 1.
        step: u8,
        /// Whether it is done.
        done: bool,
    },
    /// Background, panels, frames: no data.
    Decoration,
}

/// A filled box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    /// Where.
    pub rect: Rect,
    /// Its colour.
    pub fill: Rgb,
    /// What it stands for.
    pub mark: Mark,
}

/// Horizontal alignment of a label against its `x`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// `x` is the left edge.
    Left,
    /// `x` is the centre.
    Centre,
    /// `x` is the right edge.
    Right,
}

/// A line of text; `y` is the middle of the line.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    /// The text.
    pub text: String,
    /// Anchor, per `align`.
    pub x: i32,
    /// Vertical middle.
    pub y: i32,
    /// Font size in pixels.
    pub size: f64,
    /// Colour.
    pub color: Rgb,
    /// Alignment.
    pub align: Align,
}

/// A picture before rasterization: what is drawn where, in painting order (labels over boxes).
#[derive(Debug, Clone, PartialEq)]
pub struct Drawing {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Background colour.
    pub background: Rgb,
    /// The boxes, painted in order.
    pub shapes: Vec<Shape>,
    /// The text, painted after the boxes.
    pub labels: Vec<Label>,
}

/// A rendered picture with its caption (for a Telegram photo's caption or a file's reader).
#[derive(Debug, Clone)]
pub struct Picture {
    /// What was drawn.
    pub drawing: Drawing,
    /// The PNG file.
    pub png: Vec<u8>,
    /// A caption: what the picture shows and, for facts, their source and date.
    pub caption: String,
}

impl Drawing {
    fn new(width: u32, height: u32) -> Drawing {
        Drawing {
            width,
            height,
            background: WHITE_BG,
            shapes: Vec::new(),
            labels: Vec::new(),
        }
    }

    fn fill(&mut self, x: i32, y: i32, w: u32, h: u32, fill: Rgb, mark: Mark) {
        self.shapes.push(Shape {
            rect: Rect { x, y, w, h },
            fill,
            mark,
        });
    }

    fn text(
        &mut self,
        text: impl Into<String>,
        x: i32,
        y: i32,
        size: f64,
        color: Rgb,
        align: Align,
    ) {
        self.labels.push(Label {
            text: text.into(),
            x,
            y,
            size,
            color,
            align,
        });
    }

    /// The boxes standing for salary figures, in painting order.
    pub fn figures(&self) -> impl Iterator<Item = &Shape> {
        self.shapes
            .iter()
            .filter(|s| matches!(s.mark, Mark::Figure { .. }))
    }

    /// The boxes standing for roadmap steps, in painting order.
    pub fn steps(&self) -> impl Iterator<Item = &Shape> {
        self.shapes
            .iter()
            .filter(|s| matches!(s.mark, Mark::Step { .. }))
    }

    /// Rasterizes the drawing and encodes it as PNG.
    pub fn to_png(&self) -> Result<Vec<u8>, PictureError> {
        register_font()?;
        let (w, h) = (self.width, self.height);
        let mut buffer = vec![0u8; w as usize * h as usize * 3];
        {
            let root = BitMapBackend::with_buffer(&mut buffer, (w, h)).into_drawing_area();
            let draw = |e: &dyn std::fmt::Display| PictureError::Draw(e.to_string());
            root.fill(&self.background.plotters())
                .map_err(|e| draw(&e))?;
            for s in &self.shapes {
                let r = s.rect;
                if r.w == 0 || r.h == 0 {
                    continue;
                }
                let corners = [(r.x, r.y), (r.x + r.w as i32 - 1, r.y + r.h as i32 - 1)];
                root.draw(&Rectangle::new(corners, s.fill.plotters().filled()))
                    .map_err(|e| draw(&e))?;
            }
            for l in &self.labels {
                let h = match l.align {
                    Align::Left => HPos::Left,
                    Align::Centre => HPos::Center,
                    Align::Right => HPos::Right,
                };
                let style = (FontFamily::SansSerif, l.size)
                    .into_font()
                    .color(&l.color.plotters())
                    .pos(Pos::new(h, VPos::Center));
                root.draw(&Text::new(l.text.as_str(), (l.x, l.y), style))
                    .map_err(|e| draw(&e))?;
            }
            root.present().map_err(|e| draw(&e))?;
        }
        encode_png(&buffer, w, h)
    }
}

fn encode_png(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>, PictureError> {
    let mut out = Vec::with_capacity(rgb.len() / 8);
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    // Flat colours compress well even at the fastest setting, which keeps rendering quick.
    encoder.set_compression(png::Compression::Fast);
    let encode = |e: png::EncodingError| PictureError::Encode(e.to_string());
    let mut writer = encoder.write_header().map_err(encode)?;
    writer.write_image_data(rgb).map_err(encode)?;
    writer.finish().map_err(encode)?;
    Ok(out)
}

/// Registers the embedded font with plotters, once per process.
fn register_font() -> Result<(), PictureError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        plotters::style::register_font("sans-serif", FontStyle::Normal, FONT).is_ok()
    });
    ok.then_some(()).ok_or(PictureError::Font)
}

/// The width of `text` in pixels at `size`.
fn text_width(text: &str, size: f64) -> Result<u32, PictureError> {
    register_font()?;
    let font = (FontFamily::SansSerif, size).into_font();
    font.box_size(text)
        .map(|(w, _)| w)
        .map_err(|e| PictureError::Draw(e.to_string()))
}

/// `text` on one line, cut with an ellipsis to fit `max_width` pixels at `size`; control
/// characters become spaces.
fn fit(text: &str, size: f64, max_width: u32) -> Result<String, PictureError> {
    let clean: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(200)
        .collect();
    let clean = clean.trim().to_string();
    if text_width(&clean, size)? <= max_width {
        return Ok(clean);
    }
    let chars: Vec<char> = clean.chars().collect();
    // Binary search on the number of characters kept.
    let (mut lo, mut hi) = (0usize, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let candidate: String = chars[..mid].iter().collect::<String>() + "…";
        if text_width(&candidate, size)? <= max_width {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    Ok(chars[..lo]
        .iter()
        .collect::<String>()
        .trim_end()
        .to_string()
        + "…")
}

const WHITE_BG: Rgb = Rgb(255, 255, 255);
const INK: Rgb = Rgb(33, 37, 41);
const MUTED: Rgb = Rgb(108, 117, 125);
const PANEL: Rgb = Rgb(244, 246, 248);
const TRACK: Rgb = Rgb(226, 230, 234);
const DONE: Rgb = Rgb(46, 139, 87);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_to_fit_and_short_text_is_kept() {
        assert_eq!(fit("Alice", 20.0, 500).unwrap(), "Alice");
        let long = "Bartholomew ".repeat(20);
        let cut = fit(&long, 20.0, 200).unwrap();
        assert!(cut.ends_with('…'), "{cut}");
        assert!(text_width(&cut, 20.0).unwrap() <= 200);
        assert_eq!(fit("a\u{0}b\nc", 20.0, 500).unwrap(), "a b c");
    }
}
