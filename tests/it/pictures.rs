//! Pictures (issue 7): the salary chart, the roadmap card and the cohort board.
//!
//! - In the library: every picture is a PNG that decodes at the size its drawing says; the
//!   drawing model's bars follow the knowledge (order, relative lengths, ranges from their lower
//!   end), and the decoded pixels agree with the model where sampled; any UTF-8 name renders.
//! - The CLI: `devops-guide chart …` writes decodable PNGs, and refuses bad input with exit 2.
//! - Telegram: the real `devops-guide run` against the fake Bot API sends the pictures with
//!   sendPhoto as multipart uploads, and an identical picture again by its `file_id`.

use devops_guide::Knowledge;
use devops_guide::core::knowledge::FigureKind;
use devops_guide::picture::{self, Drawing, Mark, Picture, Rgb};
use devops_guide::storage::MemberProgress;

use crate::support::stores::TempDir;
use crate::support::{bin, code, run_quiet, stderr, stdout};

fn kb() -> Knowledge {
    Knowledge::embedded().expect("the embedded knowledge loads")
}

/// The PNG decoded: width, height and RGB rows.
struct Decoded {
    width: u32,
    height: u32,
    rgb: Vec<u8>,
}

impl Decoded {
    fn pixel(&self, x: u32, y: u32) -> Rgb {
        let at = ((y * self.width + x) * 3) as usize;
        Rgb(self.rgb[at], self.rgb[at + 1], self.rgb[at + 2])
    }
}

fn decode(png_bytes: &[u8]) -> Decoded {
    let decoder = png::Decoder::new(png_bytes);
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("a PNG frame");
    assert_eq!(info.color_type, png::ColorType::Rgb);
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    buf.truncate(info.buffer_size());
    Decoded {
        width: info.width,
        height: info.height,
        rgb: buf,
    }
}

/// Decodes the picture and checks it has its drawing's size.
fn decoded(picture: &Picture) -> Decoded {
    let d = decode(&picture.png);
    assert_eq!(
        (d.width, d.height),
        (picture.drawing.width, picture.drawing.height),
        "the PNG's size is not the drawing's"
    );
    d
}

/// The figure bars of the drawing: (country, kind, from, to, x, width, y).
fn bars(d: &Drawing) -> Vec<(String, String, u64, u64, i32, u32, i32)> {
    d.figures()
        .map(|s| match &s.mark {
            Mark::Figure {
                country,
                kind,
                from,
                to,
                ..
            } => (
                country.clone(),
                kind.clone(),
                *from,
                *to,
                s.rect.x,
                s.rect.w,
                s.rect.y,
            ),
            _ => unreachable!("figures() yields figure marks"),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The salary chart
// ---------------------------------------------------------------------------------------------

/// One bar per figure of the knowledge, panel by panel in the knowledge's order, top to bottom;
/// within a panel every bar's length is its figure over the panel's largest, and a range starts
/// at its lower end. No country's panel is scaled by another's figures (no conversion).
#[test]
fn salary_bars_follow_the_knowledge_in_order_and_proportion() {
    let kb = kb();
    let chart = picture::salary_chart(&kb).expect("the chart renders");
    let bars = bars(&chart.drawing);
    let expected: Vec<(String, FigureKind, u64, u64)> = kb
        .countries
        .iter()
        .flat_map(|c| {
            c.figure.iter().map(|f| {
                let (from, to) = match f.kind {
                    FigureKind::Range => (f.min.unwrap(), f.max.unwrap()),
                    _ => (0, f.amount.unwrap()),
                };
                (c.id.clone(), f.kind, from, to)
            })
        })
        .collect();
    assert_eq!(bars.len(), expected.len(), "one bar per figure");
    assert_eq!(bars.len(), 11, "the seed's 11 salary figures");
    for (bar, want) in bars.iter().zip(&expected) {
        assert_eq!((&bar.0, bar.2, bar.3), (&want.0, want.2, want.3), "{bar:?}");
        assert_eq!(bar.1, format!("{:?}", want.1).to_lowercase());
    }
    // Top to bottom in the knowledge's order.
    assert!(bars.windows(2).all(|w| w[0].6 < w[1].6), "{bars:?}");
    // Every bar starts at the same left edge of the scale, but ranges, which start at their
    // lower end; within a country, lengths are proportional to the figures.
    let origin = bars.iter().find(|b| b.2 == 0).map(|b| b.4).unwrap();
    for c in &kb.countries {
        let panel: Vec<_> = bars.iter().filter(|b| b.0 == c.id).collect();
        let top = panel.iter().map(|b| b.3).max().unwrap() as f64;
        let full = panel.iter().map(|b| b.4 + b.5 as i32).max().unwrap() - origin;
        for b in &panel {
            let want_len = (b.3 - b.2) as f64 / top * full as f64;
            assert!(
                (f64::from(b.5) - want_len).abs() <= 1.5,
                "{}: bar {b:?} is {} px, expected {want_len:.1}",
                c.id,
                b.5
            );
            let want_x = origin as f64 + b.2 as f64 / top * full as f64;
            assert!((f64::from(b.4) - want_x).abs() <= 1.5, "{b:?}");
        }
    }
    // The US total is longer than its base; Canada's extra pay is the shortest of its panel.
    let len = |country: &str, kind: &str| {
        bars.iter()
            .find(|b| b.0 == country && b.1 == kind)
            .map(|b| b.5)
            .unwrap()
    };
    assert!(len("us", "total") > len("us", "base"));
    assert!(len("canada", "extra") < len("canada", "base"));
    assert!(len("canada", "base") < len("canada", "total"));
}

/// The PNG decodes at the drawing's size, and its pixels are the drawing's: each bar's colour
/// at its centre, and, along the US panel's rows, runs of bar colour as long as the model's bars
/// (so the picture, not only the model, shows the total longer than the base in proportion).
#[test]
fn salary_chart_pixels_match_the_drawing() {
    let chart = picture::salary_chart(&kb()).expect("the chart renders");
    let image = decoded(&chart);
    assert_eq!(image.width, 1000);
    assert!(
        image.height > 600 && image.height < 1400,
        "{}",
        image.height
    );
    for s in chart.drawing.figures() {
        let (x, y) = s.rect.centre();
        assert_eq!(image.pixel(x, y), s.fill, "at the centre of {:?}", s.mark);
    }
    let run = |s: &picture::Shape| {
        let y = s.rect.centre().1;
        (0..image.width)
            .filter(|&x| image.pixel(x, y) == s.fill)
            .count() as f64
    };
    let us: Vec<_> = chart
        .drawing
        .figures()
        .filter(|s| matches!(&s.mark, Mark::Figure { country, .. } if country == "us"))
        .collect();
    let (total, base) = (run(us[0]), run(us[1]));
    assert!((total - f64::from(us[0].rect.w)).abs() <= 1.0, "{total}");
    assert!((base - f64::from(us[1].rect.w)).abs() <= 1.0, "{base}");
    let ratio = total / base;
    assert!(
        (ratio - 142_314.0 / 109_670.0).abs() < 0.01,
        "total/base drawn as {ratio:.3}"
    );
}

/// Labels say what the seed says: each figure's label and amount in its own currency, each
/// country with its currency code; the caption names the source and its date.
#[test]
fn salary_chart_is_labelled_as_the_seed_labels_it_with_source_and_date() {
    let kb = kb();
    let chart = picture::salary_chart(&kb).expect("the chart renders");
    let texts: Vec<&str> = chart
        .drawing
        .labels
        .iter()
        .map(|l| l.text.as_str())
        .collect();
    let has = |needle: &str| texts.iter().any(|t| t.contains(needle));
    for c in &kb.countries {
        assert!(has(&format!("{} · {}", c.name, c.currency)), "{}", c.name);
        for f in &c.figure {
            let label = f.label.to_lowercase();
            assert!(
                texts.iter().any(|t| t.to_lowercase() == label),
                "no label {:?}",
                f.label
            );
        }
    }
    for value in [
        "$142,314",
        "£41,100 – £100,000",
        "₹3,80,000 – ₹14,50,000",
        "CA$6,631",
        "$5,000",
    ] {
        assert!(has(value), "no {value:?} in {texts:?}");
    }
    assert!(has("reported by Glassdoor"));
    assert!(has("93,900 salaries"));
    for needle in ["Edstellar", "February 2025", "2025-02-24", "not converted"] {
        assert!(chart.caption.contains(needle), "caption: {}", chart.caption);
    }
    assert!(chart.caption.chars().count() <= 1024);
    // Nothing converted: no label puts two currencies' symbols side by side.
    assert!(!texts.iter().any(|t| t.contains('₹') && t.contains('£')));
}

// ---------------------------------------------------------------------------------------------
// The roadmap card and the cohort board
// ---------------------------------------------------------------------------------------------

#[test]
fn a_progress_card_marks_the_steps_done_in_model_and_pixels() {
    let kb = kb();
    let card = picture::progress_card(&kb, "Alice", &[1, 3, 7, 42]).expect("the card renders");
    let image = decoded(&card);
    assert_eq!(image.width, 800);
    let steps: Vec<(u8, bool)> = card
        .drawing
        .steps()
        .map(|s| match s.mark {
            Mark::Step { step, done, .. } => (step, done),
            _ => unreachable!(),
        })
        .collect();
    assert_eq!(
        steps,
        (1..=7)
            .map(|n| (n, [1, 3, 7].contains(&n)))
            .collect::<Vec<_>>()
    );
    let fills: Vec<Rgb> = card.drawing.steps().map(|s| s.fill).collect();
    assert_ne!(fills[0], fills[1], "done and pending steps look alike");
    assert_eq!(fills[0], fills[2]);
    // Sampled beside the tick mark, inside each step's box.
    for s in card.drawing.steps() {
        let (x, y) = (s.rect.x as u32 + 3, s.rect.y as u32 + 3);
        assert_eq!(image.pixel(x, y), s.fill, "{:?}", s.mark);
    }
    let texts: Vec<&str> = card
        .drawing
        .labels
        .iter()
        .map(|l| l.text.as_str())
        .collect();
    assert!(texts.contains(&"Alice"));
    assert!(texts.contains(&"3 of 7 steps done"), "{texts:?}");
    for s in &kb.steps {
        assert!(
            texts.contains(&format!("{}. {}", s.number, s.title).as_str()),
            "{}",
            s.title
        );
    }
}

/// Names are any UTF-8 a Telegram user can have: every one renders to a decodable PNG of the
/// card's size, a long one cut to fit.
#[test]
fn any_name_renders_on_a_card() {
    let kb = kb();
    let long = "Bartholomew ".repeat(400);
    let names = [
        "",
        " ",
        "Zoë Ångström",
        "李小龙",
        "محمد",
        "🚀🔥👩‍💻",
        "e\u{301}\u{302}\u{303}",
        "\u{0}\u{7}\n\t\r",
        "\u{202e}reversed",
        "\u{fffd}\u{10ffff}",
        "<b>&amp;</b>",
        long.as_str(),
    ];
    for name in names {
        let card =
            picture::progress_card(&kb, name, &[2]).unwrap_or_else(|e| panic!("{name:?}: {e}"));
        let image = decoded(&card);
        assert_eq!((image.width, image.height), (800, card.drawing.height));
        let widest = card.drawing.labels[1].text.chars().count();
        assert!(widest < 120, "{name:?} was not cut: {widest} characters");
    }
}

fn member(user: i64, name: &str, steps: &[u8]) -> MemberProgress {
    MemberProgress {
        user,
        name: name.to_string(),
        steps: steps.to_vec(),
    }
}

/// Rows are members most advanced first, a cell per step filled where done; over 30 members
/// the rest are counted, not drawn.
#[test]
fn the_board_lists_members_most_advanced_first() {
    let kb = kb();
    let members = vec![
        member(1, "Ann", &[1]),
        member(2, "Bo", &[1, 2, 3, 4, 5]),
        member(3, "Cy", &[]),
        member(4, "Di", &[2, 4, 6]),
        member(5, "Ed", &[1, 2, 3, 4, 5, 6, 7]),
        member(6, "Fay", &[3]),
    ];
    let board = picture::board(&kb, &members).expect("the board renders");
    let image = decoded(&board);
    assert_eq!(image.width, 900);
    let texts: Vec<&str> = board
        .drawing
        .labels
        .iter()
        .map(|l| l.text.as_str())
        .collect();
    let order: Vec<&str> = texts
        .iter()
        .copied()
        .filter(|t| ["Ann", "Bo", "Cy", "Di", "Ed", "Fay"].contains(t))
        .collect();
    assert_eq!(order, ["Ed", "Bo", "Di", "Ann", "Fay", "Cy"]);
    // (row, step, done, fill, centre)
    type Cell = (usize, u8, bool, Rgb, (u32, u32));
    let cells: Vec<Cell> = board
        .drawing
        .steps()
        .map(|s| match s.mark {
            Mark::Step { row, step, done } => (row, step, done, s.fill, s.rect.centre()),
            _ => unreachable!(),
        })
        .collect();
    assert_eq!(cells.len(), 6 * 7);
    let done_in_row = |row: usize| cells.iter().filter(|c| c.0 == row && c.2).count();
    assert_eq!(
        (0..6).map(done_in_row).collect::<Vec<_>>(),
        [7, 5, 3, 1, 1, 0]
    );
    // Di's row (the third) has steps 2, 4 and 6, as the pixels show.
    let di: Vec<u8> = cells
        .iter()
        .filter(|c| c.0 == 2 && c.2)
        .map(|c| c.1)
        .collect();
    assert_eq!(di, [2, 4, 6]);
    for c in &cells {
        assert_eq!(image.pixel(c.4.0, c.4.1), c.3, "cell {c:?}");
    }
    let done_colour = cells.iter().find(|c| c.2).unwrap().3;
    assert!(cells.iter().all(|c| (c.3 == done_colour) == c.2));

    let crowd: Vec<MemberProgress> = (0..45)
        .map(|n| member(n, &format!("member {n}"), &[1]))
        .collect();
    let big = picture::board(&kb, &crowd).expect("a big board renders");
    decoded(&big);
    assert_eq!(big.drawing.steps().count(), 30 * 7);
    assert!(big.drawing.labels.iter().any(|l| l.text == "… and 15 more"));
    assert!(big.caption.contains("45 members"));
}

// ---------------------------------------------------------------------------------------------
// The CLI
// ---------------------------------------------------------------------------------------------

#[test]
fn the_cli_writes_decodable_pictures_and_refuses_bad_input() {
    let dir = TempDir::new("chart-cli");
    let salary = dir.path().join("salary.png");
    let out = run_quiet(bin().args(["chart", "salary", "--out"]).arg(&salary));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("February 2025"), "{}", stdout(&out));
    let image = decode(&std::fs::read(&salary).expect("salary.png written"));
    assert_eq!(image.width, 1000);
    // The same picture as the library draws.
    assert_eq!(
        std::fs::read(&salary).unwrap(),
        picture::salary_chart(&kb()).unwrap().png
    );

    let card = dir.path().join("card.png");
    let out = run_quiet(
        bin()
            .args([
                "chart", "progress", "--steps", "1,2,3", "--name", "Zoë", "--out",
            ])
            .arg(&card),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("3 of 7 steps done"),
        "{}",
        stdout(&out)
    );
    let expected = picture::progress_card(&kb(), "Zoë", &[1, 2, 3]).unwrap();
    assert_eq!(std::fs::read(&card).unwrap(), expected.png);

    // A cohort from a store the terminal wrote.
    let store = format!("sqlite:{}", dir.path().join("cohort.sqlite3").display());
    let lines: String = (1..=3)
        .map(|u| format!("{{\"chat_id\":-5,\"user_id\":{u},\"text\":\"/done {u}\"}}\n"))
        .collect();
    let out = crate::support::run(
        bin().args(["chat", "--jsonl", "--store", &store]),
        lines.as_bytes(),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let board = dir.path().join("board.png");
    let out = run_quiet(
        bin()
            .args([
                "chart", "cohort", "--store", &store, "--chat", "-5", "--out",
            ])
            .arg(&board),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("3 members"), "{}", stdout(&out));
    decode(&std::fs::read(&board).unwrap());
    let from_store = dir.path().join("member.png");
    let out = run_quiet(
        bin()
            .args([
                "chart", "progress", "--store", &store, "--chat", "-5", "--user", "2",
            ])
            .arg("--out")
            .arg(&from_store),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("1 of 7 steps done"),
        "{}",
        stdout(&out)
    );

    // Errors: exit 2 with a clear message, no file.
    let nowhere = dir.path().join("missing-dir").join("x.png");
    let out = run_quiet(bin().args(["chart", "salary", "--out"]).arg(&nowhere));
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("cannot write the picture to"),
        "{}",
        stderr(&out)
    );
    let out = run_quiet(
        bin()
            .args(["chart", "progress", "--steps", "1,9", "--out"])
            .arg(dir.path().join("bad.png")),
    );
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("\"9\" is not a roadmap step"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("bad.png").exists());
    let out = run_quiet(
        bin()
            .args([
                "chart", "cohort", "--store", &store, "--chat", "-6", "--out",
            ])
            .arg(dir.path().join("empty.png")),
    );
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("no one in chat -6"),
        "{}",
        stderr(&out)
    );
}

// ---------------------------------------------------------------------------------------------
// Telegram
// ---------------------------------------------------------------------------------------------

#[cfg(feature = "telegram")]
mod telegram {
    use super::*;
    use crate::support::bot::start_bot;
    use crate::support::fake_bot_api::{
        ALICE, BOB, BOT_USERNAME, Call, FakeBotApi, TgUser, describe, png_size,
    };
    use serde_json::Value;
    use std::thread;
    use std::time::Duration;

    const GROUP: i64 = -100777;
    const STEP: Duration = Duration::from_secs(10);

    fn photos_to(calls: &[Call], chat: i64) -> Vec<Call> {
        calls
            .iter()
            .filter(|c| c.method == "sendPhoto" && c.chat_id() == Some(chat))
            .cloned()
            .collect()
    }

    /// Pushes `update` and waits for the `n`-th successful sendPhoto to `chat` since.
    fn photo_after(fake: &FakeBotApi, update: Value, chat: i64) -> Call {
        let before = fake.calls().len();
        fake.push_update(update);
        let calls = fake.wait_for(
            |calls| {
                photos_to(&calls[before..], chat)
                    .iter()
                    .any(|c| c.succeeded())
            },
            STEP,
        );
        photos_to(&calls[before..], chat)
            .into_iter()
            .find(|c| c.succeeded())
            .expect("just seen")
    }

    /// The uploaded PNG of a sendPhoto: a multipart file part named `photo`.
    fn upload(call: &Call) -> Vec<u8> {
        assert!(
            call.content_type.starts_with("multipart/form-data"),
            "not a multipart upload: {}",
            call.content_type
        );
        let field = call.body["photo"]["field"]
            .as_str()
            .unwrap_or_else(|| panic!("photo is not an uploaded file: {call}"));
        let file = call
            .files
            .iter()
            .find(|f| f.field == field)
            .unwrap_or_else(|| panic!("no file part {field}: {call}"));
        file.data.clone()
    }

    /// The `file_id` of the largest size in a sendPhoto's answer.
    fn largest_file_id(call: &Call) -> String {
        call.result()["photo"]
            .as_array()
            .expect("a photo in the answer")
            .iter()
            .max_by_key(|p| p["width"].as_u64().unwrap() * p["height"].as_u64().unwrap())
            .and_then(|p| p["file_id"].as_str())
            .expect("a file_id")
            .to_owned()
    }

    /// /salary without a country sends the chart — uploaded as multipart, the same PNG the
    /// library draws, with the source and date in its caption — and the text answer. Asked
    /// again in words ("compare salaries") or as `/salary compare`, the identical chart goes by
    /// the `file_id` of the first upload's largest size, not uploaded again.
    #[test]
    fn the_salary_chart_is_uploaded_once_then_sent_by_file_id() {
        let fake = FakeBotApi::start();
        let _bot = start_bot(&fake, "memory", &[]);
        let first = photo_after(&fake, fake.private_text(ALICE, "/salary").into(), ALICE.id);
        let png_bytes = upload(&first);
        assert_eq!(png_bytes, picture::salary_chart(&kb()).unwrap().png);
        assert_eq!(png_size(&png_bytes).map(|s| s.0), Some(1000));
        let caption = first.body["caption"].as_str().unwrap_or("");
        for needle in ["Edstellar", "February 2025", "2025-02-24"] {
            assert!(caption.contains(needle), "caption: {caption}");
        }
        // The text answer follows the picture.
        fake.wait_for_call(
            |c| c.is_message_to(ALICE.id) && c.text().contains("142,314"),
            STEP,
        );
        let file_id = largest_file_id(&first);
        assert!(
            !file_id.ends_with("-s"),
            "the thumbnail was taken: {file_id}"
        );

        for again in ["compare salaries", "/salary compare"] {
            let second = photo_after(&fake, fake.private_text(ALICE, again).into(), ALICE.id);
            assert_eq!(
                second.body["photo"].as_str(),
                Some(file_id.as_str()),
                "{again}: the identical chart was not sent by file_id: {second}"
            );
            assert!(second.files.is_empty(), "uploaded again: {second}");
        }
        let calls = fake.calls();
        assert_eq!(
            photos_to(&calls, ALICE.id)
                .iter()
                .filter(|c| !c.files.is_empty())
                .count(),
            1,
            "{}",
            describe(&calls)
        );
    }

    /// The "Compare DevOps salaries across countries" button under a one-country answer sends
    /// the chart too, then the comparison in words.
    #[test]
    fn the_compare_button_sends_the_chart() {
        let fake = FakeBotApi::start();
        let _bot = start_bot(&fake, "memory", &[]);
        fake.push_update(fake.private_text(ALICE, "devops salary in the uk"));
        let uk = fake.wait_for_call(
            |c| c.is_message_to(ALICE.id) && c.text().contains("57,500"),
            STEP,
        );
        let data = uk
            .buttons()
            .iter()
            .find(|b| b["text"] == "Compare DevOps salaries across countries")
            .and_then(|b| b["callback_data"].as_str())
            .map(str::to_owned)
            .unwrap_or_else(|| panic!("no compare button: {uk}"));
        let chart = photo_after(
            &fake,
            fake.callback_query(ALICE, uk.result(), &data),
            ALICE.id,
        );
        assert_eq!(upload(&chart), picture::salary_chart(&kb()).unwrap().png);
        fake.wait_for_call(
            |c| c.is_message_to(ALICE.id) && c.text().contains("142,314"),
            STEP,
        );
    }

    /// A `file_id` Telegram refuses is forgotten and the picture uploaded again.
    #[test]
    fn a_refused_file_id_falls_back_to_an_upload() {
        let fake = FakeBotApi::start();
        let _bot = start_bot(&fake, "memory", &[]);
        photo_after(&fake, fake.private_text(BOB, "/salary").into(), BOB.id);
        fake.script(
            "sendPhoto",
            400,
            serde_json::json!({"ok": false, "error_code": 400,
                "description": "Bad Request: wrong file identifier/HTTP URL specified"}),
        );
        let before = fake.calls().len();
        fake.push_update(fake.private_text(BOB, "/salary"));
        let calls = fake.wait_for(
            |calls| {
                photos_to(&calls[before..], BOB.id)
                    .iter()
                    .any(|c| c.succeeded())
            },
            STEP,
        );
        let tries = photos_to(&calls[before..], BOB.id);
        assert!(tries[0].body["photo"].is_string() && !tries[0].succeeded());
        let retried = tries.iter().find(|c| c.succeeded()).unwrap();
        upload(retried);
    }

    /// `/progress card` and the progress message's "Picture" button send the member's card; the
    /// button is refused to another member, as the step buttons are.
    #[test]
    fn progress_cards_come_from_the_command_and_the_button() {
        let fake = FakeBotApi::start();
        let _bot = start_bot(&fake, "memory", &[]);
        let at = |name: &str, args: &str| format!("/{name}@{BOT_USERNAME} {args}");
        for step in ["1", "2"] {
            let before = fake.calls().len();
            fake.push_update(fake.group_text(GROUP, ALICE, &at("done", step)));
            fake.wait_for(
                |calls| calls[before..].iter().any(|c| c.is_message_to(GROUP)),
                STEP,
            );
        }
        let card = photo_after(
            &fake,
            fake.group_text(GROUP, ALICE, &at("progress", "card"))
                .into(),
            GROUP,
        );
        let png_bytes = upload(&card);
        assert_eq!(
            png_bytes,
            picture::progress_card(&kb(), "Alice", &[1, 2]).unwrap().png
        );
        // Multipart fields are strings: reply_parameters is JSON text.
        let reply: Value = card.body["reply_parameters"]
            .as_str()
            .and_then(|p| serde_json::from_str(p).ok())
            .unwrap_or(Value::Null);
        assert!(
            reply["message_id"].is_i64(),
            "not in reply in the group: {card}"
        );
        assert!(
            card.body["caption"]
                .as_str()
                .is_some_and(|c| c.contains("2 of 7 steps done"))
        );

        let before = fake.calls().len();
        fake.push_update(fake.group_text(GROUP, ALICE, &at("progress", "")));
        let calls = fake.wait_for(
            |calls| {
                calls[before..]
                    .iter()
                    .any(|c| c.is_message_to(GROUP) && !c.buttons().is_empty())
            },
            STEP,
        );
        let progress = calls[before..]
            .iter()
            .find(|c| c.is_message_to(GROUP) && !c.buttons().is_empty())
            .unwrap()
            .clone();
        let data = progress
            .buttons()
            .iter()
            .find(|b| b["text"].as_str().is_some_and(|t| t.contains("Picture")))
            .and_then(|b| b["callback_data"].as_str())
            .map(str::to_owned)
            .unwrap_or_else(|| panic!("no Picture button: {progress}"));

        // Bob's press is refused in an alert, and nothing is sent.
        let pressed = fake.push_update(fake.callback_query(BOB, progress.result(), &data));
        let id = pressed["callback_query"]["id"].clone();
        let ack = fake.wait_for_call(
            |c| c.method == "answerCallbackQuery" && c.body["callback_query_id"] == id,
            STEP,
        );
        assert!(ack.body["show_alert"] == true, "{ack}");
        // Alice's press sends her card: the same picture, so by file_id.
        let by_button = photo_after(
            &fake,
            fake.callback_query(ALICE, progress.result(), &data),
            GROUP,
        );
        assert_eq!(
            by_button.body["photo"].as_str(),
            Some(largest_file_id(&card).as_str()),
            "{by_button}"
        );
        let calls = fake.calls();
        assert_eq!(photos_to(&calls, GROUP).len(), 2, "{}", describe(&calls));
    }

    const MEMBERS: [TgUser; 6] = [
        TgUser {
            id: 2001,
            first_name: "Ann",
            username: "ann",
        },
        TgUser {
            id: 2002,
            first_name: "Bo",
            username: "bo",
        },
        TgUser {
            id: 2003,
            first_name: "Cy",
            username: "cy",
        },
        TgUser {
            id: 2004,
            first_name: "Di",
            username: "di",
        },
        TgUser {
            id: 2005,
            first_name: "Ed",
            username: "ed",
        },
        TgUser {
            id: 2006,
            first_name: "Fay",
            username: "fay",
        },
    ];

    /// /cohort is text for a group of five, a picture from six members on.
    #[test]
    fn the_cohort_board_is_a_picture_from_six_members() {
        let fake = FakeBotApi::start();
        let _bot = start_bot(&fake, "memory", &[]);
        let at = |name: &str, args: &str| format!("/{name}@{BOT_USERNAME} {args}");
        let mark = |user: TgUser, step: usize| {
            let before = fake.calls().len();
            fake.push_update(fake.group_text(GROUP, user, &at("done", &step.to_string())));
            fake.wait_for(
                |calls| calls[before..].iter().any(|c| c.is_message_to(GROUP)),
                STEP,
            );
        };
        for (n, user) in MEMBERS.iter().take(5).enumerate() {
            mark(*user, n + 1);
        }
        let before = fake.calls().len();
        fake.push_update(fake.group_text(GROUP, ALICE, &at("cohort", "")));
        fake.wait_for_call(
            |c| c.is_message_to(GROUP) && c.text().contains("5 members"),
            STEP,
        );
        thread::sleep(Duration::from_millis(500));
        assert!(photos_to(&fake.calls()[before..], GROUP).is_empty());

        mark(MEMBERS[5], 7);
        mark(MEMBERS[5], 6);
        let board = photo_after(
            &fake,
            fake.group_text(GROUP, ALICE, &at("cohort", "")).into(),
            GROUP,
        );
        let png_bytes = upload(&board);
        let image = decode(&png_bytes);
        assert_eq!(image.width, 900);
        assert!(
            board.body["caption"]
                .as_str()
                .is_some_and(|c| c.contains("6 members")),
            "{board}"
        );
        // Fay, with two steps, heads the board.
        let members: Vec<MemberProgress> = MEMBERS
            .iter()
            .enumerate()
            .map(|(n, u)| {
                let steps = if n == 5 {
                    vec![6, 7]
                } else {
                    vec![n as u8 + 1]
                };
                member(u.id, u.first_name, &steps)
            })
            .collect();
        let mut sorted = members.clone();
        sorted.sort_by(|a, b| b.steps.len().cmp(&a.steps.len()).then(a.name.cmp(&b.name)));
        assert_eq!(png_bytes, picture::board(&kb(), &sorted).unwrap().png);
        thread::sleep(Duration::from_millis(500));
        let calls = fake.calls();
        assert!(
            !calls
                .iter()
                .any(|c| c.is_message_to(GROUP) && c.text().contains("6 members")),
            "the text board was sent as well; {}",
            describe(&calls)
        );
    }
}
