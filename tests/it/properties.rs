//! Properties that hold for every message, whatever a user (or an attacker) sends: the engine
//! never panics and always answers something, the tokenizer stays bounded, and a declined message
//! never states a salary figure.
//!
//! Inputs mix arbitrary Unicode (control characters, right-to-left scripts, emoji, combining
//! marks, huge strings) with words of everyday life that are not about DevOps. Case counts are
//! modest (256) so the module runs in a few seconds.

use devops_guide::core::engine::Focus;
use devops_guide::core::normalize::{MAX_TOKENS, tokenize};
use devops_guide::{Engine, Intent, Knowledge};
use proptest::prelude::*;
use proptest::sample::select;
use std::sync::OnceLock;

/// The engine over the embedded knowledge, built once for the whole module.
fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        Engine::new(
            Knowledge::embedded()
                .unwrap_or_else(|e| panic!("the embedded knowledge does not load:\n{e}")),
        )
    })
}

/// Every salary figure of the knowledge as replies write it (western and Indian grouping).
const FIGURES: [&str; 5] = ["142,314", "57,500", "98,541", "125,000", "3,80,000"];

/// Words of everyday life, none of them about DevOps.
const EVERYDAY: [&str; 40] = [
    "banana",
    "bread",
    "recipe",
    "guitar",
    "football",
    "weather",
    "poem",
    "cat",
    "dog",
    "holiday",
    "knitting",
    "pizza",
    "movie",
    "garden",
    "chess",
    "dinosaur",
    "wedding",
    "horoscope",
    "tomorrow",
    "rain",
    "lyrics",
    "song",
    "birthday",
    "cake",
    "beach",
    "flight",
    "hotel",
    "painting",
    "yoga",
    "soup",
    "novel",
    "homework",
    "piano",
    "bicycle",
    "sunset",
    "marathon",
    "tea",
    "coffee",
    "grandma",
    "vacation",
];

fn cases() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        ..ProptestConfig::default()
    }
}

/// Arbitrary text: any Unicode, control characters, right-to-left scripts with direction marks,
/// emoji with joiners and skin tones, combining marks, and now and then a huge string.
fn any_text() -> impl Strategy<Value = String> {
    let chars = prop_oneof![
        4 => any::<char>(),
        2 => prop::char::range('\u{0}', '\u{1f}'),
        2 => prop::char::range('\u{0590}', '\u{06ff}'), // Hebrew, Arabic
        1 => select(vec!['\u{200e}', '\u{200f}', '\u{202e}', '\u{2066}', '\u{200d}', '\u{feff}']),
        2 => prop::char::range('\u{1f300}', '\u{1faff}'), // emoji
        1 => select(vec!['\u{1f3fd}', '\u{fe0f}', '\u{20e3}']),
        1 => prop::char::range('\u{0300}', '\u{036f}'), // combining marks
        3 => prop::char::range('a', 'z'),
        2 => select(vec![' ', '\n', '\t', '@', '+', '&', '£', '₹', '\'', '’', '/', '-', '.', '?']),
    ];
    let short =
        prop::collection::vec(chars, 0..200).prop_map(|cs| cs.into_iter().collect::<String>());
    prop_oneof![
        6 => short.clone(),
        2 => any::<String>(),
        // Up to a few hundred kilobytes: a piece repeated.
        1 => (short, 1usize..5_000).prop_map(|(s, n)| {
            let mut big = s.repeat(n);
            let mut end = big.len().min(400_000);
            while !big.is_char_boundary(end) {
                end -= 1;
            }
            big.truncate(end);
            big
        }),
        // One endless word, one endless mention.
        1 => (1usize..200_000).prop_map(|n| "k".repeat(n)),
        1 => (1usize..50_000).prop_map(|n| format!("@{} salary", "a".repeat(n))),
    ]
}

/// A message of everyday words, here and there mixed with arbitrary text.
fn everyday_message() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => select(EVERYDAY.to_vec()).prop_map(str::to_string),
        1 => any_text().prop_map(|s| s.chars().take(40).collect::<String>()),
    ];
    prop::collection::vec(piece, 1..12).prop_map(|words| words.join(" "))
}

/// A message made of the knowledge's own vocabulary (cues, aliases, numbers) strung together
/// with the joins that split a message into several questions ("and", "?", "+", "also") — the
/// messages that go furthest into the engine.
fn vocabulary_message() -> impl Strategy<Value = String> {
    let kb = engine().knowledge();
    let mut phrases: Vec<String> = Vec::new();
    for i in &kb.intents {
        phrases.extend(i.cues.iter().cloned());
    }
    for c in &kb.countries {
        phrases.extend(c.aliases.iter().cloned());
    }
    for c in &kb.certifications {
        phrases.extend(c.aliases.iter().cloned());
    }
    for t in &kb.tools {
        phrases.extend(t.aliases.iter().cloned());
    }
    for t in &kb.topics {
        phrases.extend(t.aliases.iter().cloned());
    }
    phrases.extend(["3", "first", "last", "that", "it", "one", "why", "next"].map(String::from));
    let joins = [
        "and", "?", "+", "&", "also", ", also", ";", "and what", "and how",
    ];
    let piece = prop_oneof![
        5 => select(phrases),
        2 => select(joins.to_vec()).prop_map(str::to_string),
        1 => select(EVERYDAY.to_vec()).prop_map(str::to_string),
    ];
    prop::collection::vec(piece, 1..14).prop_map(|words| words.join(" "))
}

/// An intent the engine can answer, to stand as the previous one in a conversation: every
/// entity of the knowledge, every step, every kind of question.
fn previous_intent() -> impl Strategy<Value = Intent> {
    let kb = engine().knowledge();
    let mut all = vec![
        Intent::Greeting,
        Intent::Thanks,
        Intent::Help,
        Intent::WhatIsDevops,
        Intent::Trends,
        Intent::MarketOutlook,
        Intent::Sources,
        Intent::Responsibilities,
        Intent::Skills,
        Intent::Tools,
        Intent::CertList,
        Intent::SalaryCompare {
            countries: Vec::new(),
            focus: Focus::All,
        },
        Intent::Roadmap,
        Intent::ExperienceEducation,
        Intent::JobDescription,
        Intent::Departments,
        Intent::DayToDay,
    ];
    all.extend(kb.steps.iter().map(|s| Intent::RoadmapStep(s.number)));
    all.extend(kb.roles.iter().map(|r| Intent::Role(r.id.clone())));
    all.extend(kb.skills.iter().map(|s| Intent::SkillWhy(s.id.clone())));
    all.extend(
        kb.departments
            .iter()
            .map(|d| Intent::Department(d.id.clone())),
    );
    all.extend(
        kb.certifications
            .iter()
            .map(|c| Intent::CertInfo(c.id.clone())),
    );
    all.extend(kb.tools.iter().map(|t| Intent::ToolInfo(t.id.clone())));
    all.extend(kb.tools.iter().map(|t| Intent::CertFor(t.id.clone())));
    all.extend(kb.topics.iter().map(|t| Intent::ToolsFor(t.id.clone())));
    all.extend(kb.topics.iter().map(|t| Intent::CertFor(t.id.clone())));
    for c in &kb.countries {
        for focus in [Focus::All, Focus::Base, Focus::Extra] {
            all.push(Intent::Salary {
                country: c.id.clone(),
                focus,
            });
        }
    }
    select(all)
}

/// What every answer must be: some text, and a confidence in [0, 1].
fn check_outcome(text: &str, previous: Option<&Intent>) -> Result<(), TestCaseError> {
    let outcome = engine().respond(text, previous);
    let plain = outcome.reply.to_plain_text();
    prop_assert!(
        !plain.trim().is_empty(),
        "empty reply to {:?}",
        preview(text)
    );
    prop_assert!(
        (0.0..=1.0).contains(&outcome.confidence),
        "confidence {} for {:?} ({})",
        outcome.confidence,
        preview(text),
        outcome.intent.label()
    );
    Ok(())
}

fn preview(text: &str) -> String {
    text.chars().take(80).collect()
}

proptest! {
    #![proptest_config(cases())]

    /// Any text, first in a conversation, gets an answer.
    #[test]
    fn any_message_gets_an_answer(text in any_text()) {
        check_outcome(&text, None)?;
    }

    /// Any text, after any answer, gets an answer.
    #[test]
    fn any_follow_up_gets_an_answer(text in any_text(), previous in previous_intent()) {
        check_outcome(&text, Some(&previous))?;
    }

    /// Any string of the guide's own words and joins, first or as a follow-up, gets an answer.
    #[test]
    fn any_mix_of_known_words_gets_an_answer(
        text in vocabulary_message(),
        previous in prop::option::of(previous_intent()),
    ) {
        check_outcome(&text, previous.as_ref())?;
    }

    /// The tokenizer looks at no more than MAX_TOKENS words and never yields an empty one.
    #[test]
    fn tokens_are_bounded_and_never_empty(text in any_text()) {
        let tokens = tokenize(&text);
        prop_assert!(tokens.len() <= MAX_TOKENS, "{} tokens", tokens.len());
        for t in &tokens {
            prop_assert!(!t.text.is_empty(), "an empty token in {:?}", preview(&text));
            prop_assert!(!t.typed().is_empty(), "an empty original in {:?}", preview(&text));
        }
    }

    /// Many words joined by the symbols that become words ("+" → "plus") stay bounded too.
    #[test]
    fn symbol_words_are_bounded(words in prop::collection::vec("[a-z]{1,6}", 100..400),
                                sep in select(vec!["+", "&", " + ", "£", "₹", "++", " @x "])) {
        let text = words.join(sep);
        let tokens = tokenize(&text);
        prop_assert!(tokens.len() <= MAX_TOKENS, "{} tokens", tokens.len());
        prop_assert!(tokens.iter().all(|t| !t.text.is_empty()));
    }

    /// A declined message states no salary figure.
    #[test]
    fn a_decline_states_no_salary_figure(text in everyday_message()) {
        let outcome = engine().respond(&text, None);
        if outcome.intent.label() == "out_of_scope" {
            let plain = outcome.reply.to_plain_text();
            for figure in FIGURES {
                prop_assert!(
                    !plain.contains(figure),
                    "the decline of {:?} states {figure}:\n{plain}",
                    preview(&text)
                );
            }
        }
    }

    /// Nor within a conversation, whatever came before.
    #[test]
    fn a_decline_after_any_answer_states_no_salary_figure(text in everyday_message(),
                                                          previous in previous_intent()) {
        let outcome = engine().respond(&text, Some(&previous));
        if outcome.intent.label() == "out_of_scope" {
            let plain = outcome.reply.to_plain_text();
            for figure in FIGURES {
                prop_assert!(
                    !plain.contains(figure),
                    "the decline of {:?} after {} states {figure}:\n{plain}",
                    preview(&text),
                    previous.label()
                );
            }
        }
    }
}

/// The figures the decline property looks for are really the ones replies state, so the property
/// cannot pass by looking for the wrong text.
#[test]
fn the_figures_looked_for_are_the_ones_replies_state() {
    let all = engine()
        .respond("compare devops salaries across countries", None)
        .reply
        .to_plain_text();
    for figure in FIGURES {
        assert!(
            all.contains(figure),
            "{figure} not in the salary comparison:\n{all}"
        );
    }
}

/// Everyday messages are declined, so the decline property is not vacuous.
#[test]
fn everyday_messages_are_declined() {
    for text in [
        "banana bread recipe",
        "weather tomorrow",
        "write me a poem about my cat",
        "guitar lyrics for a birthday song",
        "best pizza near the beach hotel",
    ] {
        let outcome = engine().respond(text, None);
        assert_eq!(outcome.intent.label(), "out_of_scope", "{text:?}");
    }
}
