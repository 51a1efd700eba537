//! Quizzes generated from the knowledge: multiple-choice questions for the cohort features
//! (Telegram's quiz polls, the terminal's numbered choices, review reminders).
//!
//! Nothing here is written by hand: [`Quiz::new`] walks the [`Knowledge`] and makes one
//! [`Template`] per fact that can be asked unambiguously —
//!
//! - which certification the post recommends for a tool or topic it *covers*;
//! - in which country the post gives a salary figure;
//! - which roadmap step comes after step N;
//! - at which roadmap step a tool comes in;
//! - which tool the skills table lists for an area;
//! - which of the key roles names a tool;
//! - which department a collaboration describes.
//!
//! A fact is only asked when the knowledge leaves no doubt: a subject covered or touched by two
//! certifications, a tool named by two steps or two roles, a salary amount given for two
//! countries make no question, and a wrong option (a distractor) is only drawn from candidates
//! [`Template::is_answer`] rejects. So new knowledge makes new questions, and an edit that makes
//! a fact ambiguous removes its question instead of making a wrong one.
//!
//! Every question fits Telegram's quiz polls ([`MAX_QUESTION_CHARS`], [`MAX_OPTIONS`],
//! [`MAX_OPTION_CHARS`], [`MAX_EXPLANATION_CHARS`]), has a stable [`Template::key`] (stored
//! with the poll, and used to weight reviews toward questions answered wrongly), and cites its
//! source and date in the explanation. Randomness (which question, the options' order) comes
//! from a seedable [`QuizRng`], so tests are deterministic. Pure: no IO, no clock.

use crate::core::knowledge::{Country, FigureKind, Knowledge, NumberFormat};
use std::collections::HashMap;

/// Longest question text Telegram accepts in a poll, in characters.
pub const MAX_QUESTION_CHARS: usize = 300;
/// Longest option text Telegram accepts, in characters.
pub const MAX_OPTION_CHARS: usize = 100;
/// Longest quiz explanation Telegram accepts, in characters.
pub const MAX_EXPLANATION_CHARS: usize = 200;
/// Fewest options of a poll.
pub const MIN_OPTIONS: usize = 2;
/// Most options of a poll.
pub const MAX_OPTIONS: usize = 10;
/// How many options a question is given when the knowledge has enough distractors.
pub const OPTIONS_PER_QUESTION: usize = 4;

/// A small, seedable pseudo-random generator (SplitMix64): enough to pick questions and shuffle
/// options, with no dependency, and the same sequence for the same seed.
#[derive(Debug, Clone)]
pub struct QuizRng {
    state: u64,
}

impl QuizRng {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> QuizRng {
        QuizRng { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.next_u64() % n as u64) as usize
    }

    /// Shuffles `items` in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// What a template asks, with the ids the answer is judged by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    /// Which certification is recommended for a tool or topic id.
    CertificationFor(String),
    /// Which country has a salary figure of this kind and amount.
    CountryWithSalary(FigureKind, u64),
    /// Which step comes after step N.
    StepAfter(u8),
    /// At which step a tool id comes in.
    StepForTool(String),
    /// Which tool id the skills table lists under a skill id.
    ToolForSkill(String),
    /// Which role names a tool id.
    RoleForTool(String),
    /// Which department a department's text describes.
    DepartmentFor(String),
}

/// One askable fact: the question, its correct option and every option that would be wrong.
#[derive(Debug, Clone)]
pub struct Template {
    /// Stable id of the question (`cert:kubernetes`, `step:next:3`), the same for the same fact
    /// whatever the knowledge around it.
    pub key: String,
    /// What is asked, as judged.
    pub ask: Ask,
    /// The question text.
    pub question: String,
    /// The correct option: (id, text).
    pub correct: (String, String),
    /// Wrong options: (id, text), every one rejected by [`Template::is_answer`].
    pub distractors: Vec<(String, String)>,
    /// Why the answer is right, with the source and its date.
    pub explanation: String,
    /// The roadmap steps the question is about (reviews draw from steps already done).
    pub steps: Vec<u8>,
}

/// A question ready to send: the options in a random order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// The template's key.
    pub key: String,
    /// The question text.
    pub text: String,
    /// The options, in the order shown.
    pub options: Vec<String>,
    /// The ids of the options, parallel to `options`.
    pub option_ids: Vec<String>,
    /// Index of the correct option.
    pub correct: usize,
    /// Why, with the source and its date.
    pub explanation: String,
}

impl Template {
    /// Whether the option with id `option` answers this template correctly, judged from the
    /// knowledge alone (not from how the template was built).
    pub fn is_answer(&self, kb: &Knowledge, option: &str) -> bool {
        match &self.ask {
            Ask::CertificationFor(subject) => kb.certifications.iter().any(|c| {
                c.id == option
                    && (c.covers.iter().any(|s| s == subject)
                        || c.related.iter().any(|s| s == subject))
            }),
            Ask::CountryWithSalary(kind, amount) => kb.countries.iter().any(|c| {
                c.id == option
                    && c.figure
                        .iter()
                        .any(|f| f.kind == *kind && f.amount == Some(*amount))
            }),
            Ask::StepAfter(n) => option == (u32::from(*n) + 1).to_string(),
            Ask::StepForTool(tool) => kb
                .steps
                .iter()
                .any(|s| s.number.to_string() == option && s.tools.iter().any(|t| t == tool)),
            Ask::ToolForSkill(skill) => kb
                .skills
                .iter()
                .any(|s| s.id == *skill && s.tools.iter().any(|t| t == option)),
            Ask::RoleForTool(tool) => kb
                .roles
                .iter()
                .any(|r| r.id == option && r.tools.iter().any(|t| t == tool)),
            Ask::DepartmentFor(department) => option == department,
        }
    }

    /// The question with up to [`OPTIONS_PER_QUESTION`] options drawn and shuffled by `rng`.
    pub fn instantiate(&self, rng: &mut QuizRng) -> Question {
        let mut wrong = self.distractors.clone();
        rng.shuffle(&mut wrong);
        wrong.truncate(OPTIONS_PER_QUESTION - 1);
        let mut options = vec![self.correct.clone()];
        options.extend(wrong);
        rng.shuffle(&mut options);
        let correct = options
            .iter()
            .position(|(id, _)| *id == self.correct.0)
            .unwrap_or(0);
        Question {
            key: self.key.clone(),
            text: self.question.clone(),
            option_ids: options.iter().map(|(id, _)| id.clone()).collect(),
            options: options.into_iter().map(|(_, text)| text).collect(),
            correct,
            explanation: self.explanation.clone(),
        }
    }
}

/// Every question the knowledge supports.
#[derive(Debug, Clone)]
pub struct Quiz {
    templates: Vec<Template>,
}

impl Quiz {
    /// Generates the questions of `kb`, in a stable order. Templates that would break Telegram's
    /// limits or have fewer than one distractor are left out.
    pub fn new(kb: &Knowledge) -> Quiz {
        let mut templates = Vec::new();
        certification_questions(kb, &mut templates);
        salary_questions(kb, &mut templates);
        step_questions(kb, &mut templates);
        skill_questions(kb, &mut templates);
        role_questions(kb, &mut templates);
        department_questions(kb, &mut templates);
        for t in &mut templates {
            // Only options that fit Telegram and that the knowledge says are wrong.
            let judged = t.clone();
            t.distractors.retain(|(id, text)| {
                text.chars().count() <= MAX_OPTION_CHARS
                    && !text.is_empty()
                    && text != &judged.correct.1
                    && !judged.is_answer(kb, id)
            });
        }
        templates.retain(|t| {
            !t.distractors.is_empty()
                && t.is_answer(kb, &t.correct.0)
                && t.question.chars().count() <= MAX_QUESTION_CHARS
                && t.explanation.chars().count() <= MAX_EXPLANATION_CHARS
                && t.correct.1.chars().count() <= MAX_OPTION_CHARS
        });
        Quiz { templates }
    }

    /// Every template, in a stable order.
    pub fn templates(&self) -> &[Template] {
        &self.templates
    }

    /// How many questions there are.
    pub fn len(&self) -> usize {
        self.templates.len()
    }

    /// Whether the knowledge supports no question at all.
    pub fn is_empty(&self) -> bool {
        self.templates.is_empty()
    }

    /// The template with `key`.
    pub fn template(&self, key: &str) -> Option<&Template> {
        self.templates.iter().find(|t| t.key == key)
    }

    /// `n` different questions (fewer when there are fewer), chosen and shuffled by `rng`. Two
    /// facts asked in the same words ("Which tool is listed under IaC?") are never both in one
    /// series: the player would see the same question twice.
    pub fn series(&self, n: usize, rng: &mut QuizRng) -> Vec<Question> {
        let mut order: Vec<&Template> = self.templates.iter().collect();
        rng.shuffle(&mut order);
        let mut asked: Vec<&str> = Vec::new();
        order
            .into_iter()
            .filter(|t| {
                let fresh = !asked.contains(&t.question.as_str());
                if fresh {
                    asked.push(&t.question);
                }
                fresh
            })
            .take(n)
            .map(|t| t.instantiate(rng))
            .collect()
    }

    /// A review question about roadmap steps in `done`, weighted toward the questions with
    /// wrong answers in `wrong` (question key → times answered wrongly): a question answered
    /// wrongly k times is k + 1 times as likely as one never missed. `None` when no question is
    /// about a step done.
    pub fn review(
        &self,
        done: &[u8],
        wrong: &HashMap<String, u32>,
        rng: &mut QuizRng,
    ) -> Option<Question> {
        let pool: Vec<(&Template, u64)> = self
            .templates
            .iter()
            .filter(|t| t.steps.iter().any(|s| done.contains(s)))
            .map(|t| (t, 1 + u64::from(wrong.get(&t.key).copied().unwrap_or(0))))
            .collect();
        let total: u64 = pool.iter().map(|(_, w)| w).sum();
        if total == 0 {
            return None;
        }
        let mut pick = rng.next_u64() % total;
        for (t, w) in &pool {
            if pick < *w {
                return Some(t.instantiate(rng));
            }
            pick -= w;
        }
        None
    }
}

// ---------------------------------------------------------------------------------------------
// Generators, one per kind of fact.

/// "— Source: Edstellar (blog), February 2025." appended to `fact`, which is shortened (at a
/// word, with "…") so the whole fits [`MAX_EXPLANATION_CHARS`].
fn explain(kb: &Knowledge, source: &str, fact: &str) -> String {
    let s = kb.source(source);
    let cite = format!(" Source: {}, {}.", s.publisher, s.date_label);
    let room = MAX_EXPLANATION_CHARS.saturating_sub(cite.chars().count());
    let fact = fact.trim();
    let fact = if fact.chars().count() <= room {
        fact.to_string()
    } else {
        let cut: String = fact.chars().take(room.saturating_sub(1)).collect();
        let cut = match cut.rfind(' ') {
            Some(at) if at > 0 => cut[..at].trim_end_matches([',', ';', ':']).to_string(),
            _ => cut,
        };
        format!("{cut}…")
    };
    format!("{fact}{cite}")
}

fn tool_or_topic_name(kb: &Knowledge, id: &str) -> Option<String> {
    kb.tools
        .iter()
        .find(|t| t.id == id)
        .map(|t| t.name.clone())
        .or_else(|| {
            kb.topics
                .iter()
                .find(|t| t.id == id)
                .map(|t| t.name.clone())
        })
}

fn tool_name(kb: &Knowledge, id: &str) -> String {
    kb.tools
        .iter()
        .find(|t| t.id == id)
        .map(|t| t.name.clone())
        .unwrap_or_else(|| id.to_string())
}

/// Steps whose tools or topics include any of `ids`.
fn steps_about(kb: &Knowledge, ids: &[&str]) -> Vec<u8> {
    kb.steps
        .iter()
        .filter(|s| {
            s.tools.iter().any(|t| ids.contains(&t.as_str()))
                || s.topics.iter().any(|t| ids.contains(&t.as_str()))
        })
        .map(|s| s.number)
        .collect()
}

fn certification_questions(kb: &Knowledge, out: &mut Vec<Template>) {
    for cert in &kb.certifications {
        for subject in &cert.covers {
            // Asked only when no other certification covers or touches the subject.
            let others = kb.certifications.iter().filter(|c| {
                c.id != cert.id
                    && (c.covers.contains(subject) || c.related.iter().any(|r| r == subject))
            });
            if others.count() > 0 {
                continue;
            }
            let Some(name) = tool_or_topic_name(kb, subject) else {
                continue;
            };
            let mut steps = steps_about(kb, &[subject.as_str()]);
            steps.extend(
                kb.steps
                    .iter()
                    .filter(|s| s.certifications.contains(&cert.id))
                    .map(|s| s.number),
            );
            steps.sort_unstable();
            steps.dedup();
            out.push(Template {
                key: format!("cert:{subject}"),
                ask: Ask::CertificationFor(subject.clone()),
                question: format!("Which certification does the post recommend for {name}?"),
                correct: (cert.id.clone(), cert.name.clone()),
                distractors: kb
                    .certifications
                    .iter()
                    .filter(|c| c.id != cert.id)
                    .map(|c| (c.id.clone(), c.name.clone()))
                    .collect(),
                explanation: explain(
                    kb,
                    &cert.source,
                    &format!("{} validates {}.", cert.name, cert.validates),
                ),
                steps,
            });
        }
    }
}

fn kind_word(kind: FigureKind) -> &'static str {
    match kind {
        FigureKind::Total => "total",
        FigureKind::Base => "base",
        FigureKind::Extra => "extra",
        FigureKind::Typical => "typical",
        FigureKind::Range => "range",
    }
}

fn money(c: &Country, amount: u64) -> String {
    let grouped = crate::core::engine::group_digits(amount, c.number_format);
    match c.number_format {
        NumberFormat::Indian if amount >= 100_000 => {
            let lakh = amount as f64 / 100_000.0;
            format!("{}{lakh} lakh ({}{grouped})", c.symbol, c.symbol)
        }
        _ => format!("{}{grouped}", c.symbol),
    }
}

fn salary_questions(kb: &Knowledge, out: &mut Vec<Template>) {
    for country in &kb.countries {
        for figure in &country.figure {
            let Some(amount) = figure.amount else {
                continue;
            };
            // An amount given for two countries (or twice) cannot say which country.
            let same = kb
                .countries
                .iter()
                .flat_map(|c| c.figure.iter())
                .filter(|f| f.kind == figure.kind && f.amount == Some(amount))
                .count();
            if same != 1 {
                continue;
            }
            let shown = money(country, amount);
            let reported = country
                .cited_source()
                .map(|s| format!(" (reported by {s})"))
                .unwrap_or_default();
            out.push(Template {
                key: format!("salary:{}:{}", country.id, kind_word(figure.kind)),
                ask: Ask::CountryWithSalary(figure.kind, amount),
                question: format!(
                    "For which country does the post give a DevOps engineer's {} as {shown} a year?",
                    figure.label
                ),
                correct: (country.id.clone(), country.name.clone()),
                distractors: kb
                    .countries
                    .iter()
                    .filter(|c| c.id != country.id)
                    .map(|c| (c.id.clone(), c.name.clone()))
                    .collect(),
                explanation: explain(
                    kb,
                    &country.source,
                    &format!(
                        "{}: {} {shown} ({}){reported}.",
                        country.name, figure.label, country.currency
                    ),
                ),
                steps: Vec::new(),
            });
        }
    }
}

fn step_option(s: &crate::core::knowledge::Step) -> (String, String) {
    (
        s.number.to_string(),
        format!("Step {}: {}", s.number, s.title),
    )
}

fn step_questions(kb: &Knowledge, out: &mut Vec<Template>) {
    for pair in kb.steps.windows(2) {
        let (step, next) = (&pair[0], &pair[1]);
        out.push(Template {
            key: format!("step:next:{}", step.number),
            ask: Ask::StepAfter(step.number),
            question: format!(
                "On the post's roadmap to become a DevOps engineer, which step comes right after step {} “{}”?",
                step.number, step.title
            ),
            correct: step_option(next),
            distractors: kb
                .steps
                .iter()
                .filter(|s| s.number != next.number && s.number != step.number)
                .map(step_option)
                .collect(),
            explanation: explain(
                kb,
                &next.source,
                &format!("Step {}: {}", next.number, next.text),
            ),
            steps: vec![step.number, next.number],
        });
    }
    for step in &kb.steps {
        for tool in &step.tools {
            // A tool named by two steps cannot say which.
            if kb.steps.iter().filter(|s| s.tools.contains(tool)).count() != 1 {
                continue;
            }
            let name = tool_name(kb, tool);
            out.push(Template {
                key: format!("step:tool:{tool}"),
                ask: Ask::StepForTool(tool.clone()),
                question: format!(
                    "At which step of the post's DevOps roadmap do you learn {name}?"
                ),
                correct: step_option(step),
                distractors: kb
                    .steps
                    .iter()
                    .filter(|s| s.number != step.number)
                    .map(step_option)
                    .collect(),
                explanation: explain(
                    kb,
                    &step.source,
                    &format!("Step {}: {}", step.number, step.text),
                ),
                steps: vec![step.number],
            });
        }
    }
}

fn skill_questions(kb: &Knowledge, out: &mut Vec<Template>) {
    for skill in &kb.skills {
        for tool in &skill.tools {
            let name = tool_name(kb, tool);
            let mut ids: Vec<&str> = vec![skill.topic.as_str(), tool.as_str()];
            ids.extend(skill.tools.iter().map(String::as_str));
            out.push(Template {
                key: format!("skill:{}:{tool}", skill.id),
                ask: Ask::ToolForSkill(skill.id.clone()),
                question: format!(
                    "Which of these tools does the post's skills table list under “{}”?",
                    skill.name
                ),
                correct: (tool.clone(), name.clone()),
                distractors: kb
                    .tools
                    .iter()
                    .filter(|t| !skill.tools.contains(&t.id))
                    .map(|t| (t.id.clone(), t.name.clone()))
                    .collect(),
                explanation: explain(
                    kb,
                    &skill.source,
                    &format!(
                        "{}: {}.",
                        skill.name,
                        skill
                            .tools
                            .iter()
                            .map(|t| tool_name(kb, t))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ),
                steps: steps_about(kb, &ids),
            });
        }
    }
}

fn role_questions(kb: &Knowledge, out: &mut Vec<Template>) {
    for role in &kb.roles {
        for tool in &role.tools {
            // A tool named by two roles cannot say which.
            if kb.roles.iter().filter(|r| r.tools.contains(tool)).count() != 1 {
                continue;
            }
            let name = tool_name(kb, tool);
            out.push(Template {
                key: format!("role:tool:{tool}"),
                ask: Ask::RoleForTool(tool.clone()),
                question: format!(
                    "Which of a DevOps engineer's key roles does the post illustrate with {name}?"
                ),
                correct: (role.id.clone(), role.title.clone()),
                distractors: kb
                    .roles
                    .iter()
                    .filter(|r| r.id != role.id)
                    .map(|r| (r.id.clone(), r.title.clone()))
                    .collect(),
                explanation: explain(
                    kb,
                    &role.source,
                    &format!("{}: {}", role.title, role.summary),
                ),
                steps: steps_about(kb, &[tool.as_str(), role.topic.as_str()]),
            });
        }
    }
}

fn department_questions(kb: &Knowledge, out: &mut Vec<Template>) {
    for department in &kb.departments {
        let question = format!(
            "Which department does the post describe? “{}”",
            department.text
        );
        out.push(Template {
            key: format!("department:{}", department.id),
            ask: Ask::DepartmentFor(department.id.clone()),
            question,
            correct: (department.id.clone(), department.name.clone()),
            distractors: kb
                .departments
                .iter()
                .filter(|d| d.id != department.id)
                .map(|d| (d.id.clone(), d.name.clone()))
                .collect(),
            explanation: explain(
                kb,
                &department.source,
                &format!(
                    "The post lists {} among the departments DevOps engineers work with.",
                    department.name
                ),
            ),
            steps: steps_about(kb, &[department.topic.as_str()]),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::knowledge::FILES;

    fn real() -> Knowledge {
        Knowledge::embedded().expect("the embedded knowledge loads")
    }

    /// The repository's knowledge files with `edit` applied to one of them.
    fn edited(file: &str, edit: impl Fn(&str) -> String) -> Knowledge {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge");
        let texts: Vec<(String, String)> = FILES
            .iter()
            .map(|f| {
                let text = std::fs::read_to_string(format!("{dir}/{f}")).expect("readable");
                let text = if *f == file { edit(&text) } else { text };
                (f.to_string(), text)
            })
            .collect();
        let files: Vec<(&str, &str)> = texts
            .iter()
            .map(|(f, t)| (f.as_str(), t.as_str()))
            .collect();
        Knowledge::from_files("knowledge", &files).expect("the edited knowledge loads")
    }

    #[test]
    fn every_kind_of_fact_makes_questions() {
        let quiz = Quiz::new(&real());
        for prefix in [
            "cert:",
            "salary:",
            "step:next:",
            "step:tool:",
            "skill:",
            "role:tool:",
            "department:",
        ] {
            assert!(
                quiz.templates().iter().any(|t| t.key.starts_with(prefix)),
                "no question of kind {prefix}"
            );
        }
        assert!(quiz.len() >= 40, "only {} questions", quiz.len());
    }

    #[test]
    fn every_question_fits_telegram_and_has_exactly_one_right_answer() {
        let kb = real();
        let quiz = Quiz::new(&kb);
        let mut rng = QuizRng::new(7);
        let mut keys = std::collections::HashSet::new();
        for t in quiz.templates() {
            assert!(keys.insert(t.key.clone()), "duplicate key {}", t.key);
            for _ in 0..5 {
                let q = t.instantiate(&mut rng);
                assert!(q.text.chars().count() <= MAX_QUESTION_CHARS, "{}", q.text);
                assert!(
                    (MIN_OPTIONS..=MAX_OPTIONS).contains(&q.options.len()),
                    "{q:?}"
                );
                for o in &q.options {
                    assert!(
                        !o.is_empty() && o.chars().count() <= MAX_OPTION_CHARS,
                        "{o}"
                    );
                }
                let distinct: std::collections::HashSet<&String> = q.options.iter().collect();
                assert_eq!(distinct.len(), q.options.len(), "repeated option in {q:?}");
                assert!(
                    q.explanation.chars().count() <= MAX_EXPLANATION_CHARS,
                    "{}",
                    q.explanation
                );
                assert!(q.explanation.contains("Source: "), "{}", q.explanation);
                assert!(q.explanation.contains("2025"), "{}", q.explanation);
                // Judged from the knowledge: the marked option is right, every other is wrong.
                for (i, id) in q.option_ids.iter().enumerate() {
                    assert_eq!(
                        t.is_answer(&kb, id),
                        i == q.correct,
                        "{}: option {i} ({}) judged wrongly",
                        t.key,
                        q.options[i]
                    );
                }
            }
        }
    }

    #[test]
    fn the_right_option_lands_at_every_position() {
        let quiz = Quiz::new(&real());
        let mut rng = QuizRng::new(1);
        let mut seen = [0usize; OPTIONS_PER_QUESTION];
        for _ in 0..200 {
            for q in quiz.series(3, &mut rng) {
                if q.options.len() == OPTIONS_PER_QUESTION {
                    seen[q.correct] += 1;
                }
            }
        }
        assert!(seen.iter().all(|&n| n > 50), "{seen:?}");
    }

    #[test]
    fn a_series_never_asks_the_same_words_twice() {
        let quiz = Quiz::new(&real());
        let mut words: Vec<&str> = quiz
            .templates()
            .iter()
            .map(|t| t.question.as_str())
            .collect();
        let all = words.len();
        words.sort_unstable();
        words.dedup();
        assert!(
            words.len() < all,
            "the knowledge has facts asked in the same words"
        );
        for seed in 0..200 {
            let series = quiz.series(10, &mut QuizRng::new(seed));
            let mut texts: Vec<&str> = series.iter().map(|q| q.text.as_str()).collect();
            texts.sort_unstable();
            texts.dedup();
            assert_eq!(texts.len(), series.len(), "seed {seed} repeats a question");
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_series() {
        let quiz = Quiz::new(&real());
        let a = quiz.series(5, &mut QuizRng::new(42));
        let b = quiz.series(5, &mut QuizRng::new(42));
        assert_eq!(a, b);
        let keys: std::collections::HashSet<&String> = a.iter().map(|q| &q.key).collect();
        assert_eq!(keys.len(), 5, "a series repeats no question");
        assert_ne!(a, quiz.series(5, &mut QuizRng::new(43)));
    }

    #[test]
    fn known_facts_are_asked_with_their_answers() {
        let quiz = Quiz::new(&real());
        let cka = quiz
            .template("cert:kubernetes")
            .expect("kubernetes question");
        assert!(cka.correct.1.contains("CKA"), "{:?}", cka.correct);
        let next = quiz.template("step:next:2").expect("step 2 question");
        assert_eq!(next.correct.0, "3");
        let us = quiz.template("salary:us:total").expect("US total question");
        assert!(us.question.contains("$142,314"), "{}", us.question);
        assert_eq!(us.correct.1, "United States");
    }

    #[test]
    fn a_tool_named_by_two_steps_makes_no_question() {
        let kb = edited("roadmap.toml", |t| {
            t.replace(
                "tools = [\"docker\", \"kubernetes\"]",
                "tools = [\"docker\", \"kubernetes\", \"terraform\"]",
            )
        });
        let quiz = Quiz::new(&kb);
        assert!(quiz.template("step:tool:terraform").is_none());
        assert!(quiz.template("step:tool:docker").is_some());
    }

    #[test]
    fn a_subject_touched_by_two_certifications_makes_no_question() {
        // The CJE also touching Kubernetes makes "which certification for Kubernetes?" ambiguous.
        let kb = edited("certifications.toml", |t| {
            t.replace(
                "related = [\"ci_cd\", \"ai_ml\"]",
                "related = [\"ci_cd\", \"ai_ml\", \"kubernetes\"]",
            )
        });
        let quiz = Quiz::new(&kb);
        assert!(quiz.template("cert:kubernetes").is_none());
        assert!(quiz.template("cert:jenkins").is_some());
        // And a distractor that the knowledge makes right is never offered.
        for t in Quiz::new(&kb).templates() {
            for (id, _) in &t.distractors {
                assert!(!t.is_answer(&kb, id), "{}: {id}", t.key);
            }
        }
    }

    #[test]
    fn reviews_draw_from_steps_done_weighted_toward_wrong_answers() {
        let quiz = Quiz::new(&real());
        let mut rng = QuizRng::new(3);
        assert!(quiz.review(&[], &HashMap::new(), &mut rng).is_none());
        for _ in 0..50 {
            let q = quiz
                .review(&[3], &HashMap::new(), &mut rng)
                .expect("a question");
            let t = quiz.template(&q.key).expect("known key");
            assert!(t.steps.contains(&3), "{} is not about step 3", q.key);
        }
        let wrong = HashMap::from([("step:tool:docker".to_string(), 40)]);
        let hits = (0..200)
            .filter(|_| {
                quiz.review(&[3], &wrong, &mut rng)
                    .is_some_and(|q| q.key == "step:tool:docker")
            })
            .count();
        assert!(hits > 100, "missed question drawn only {hits} times of 200");
    }
}
