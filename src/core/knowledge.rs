//! The knowledge base: typed records of every fact the bot states, loaded from the TOML files of
//! `knowledge/` and validated before anything is answered from them.
//!
//! Loading is pure ([`Knowledge::from_files`] takes the files' text) with the IO at the edges
//! ([`Knowledge::embedded`] reads the copy compiled into the binary, [`Knowledge::load_dir`] a
//! directory). Every problem is reported with the file and line it comes from, and validation goes
//! on after the first problem so an editor sees them all at once. This module knows nothing of
//! matching or replies: it only says what is true and where it came from.

use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The knowledge files, in the order they are read. A directory passed to `--knowledge` must hold
/// exactly these (`README.md` and other non-TOML files are ignored).
pub const FILES: [&str; 14] = [
    "sources.toml",
    "overview.toml",
    "roles.toml",
    "skills.toml",
    "job_description.toml",
    "salaries.toml",
    "certifications.toml",
    "day_to_day.toml",
    "departments.toml",
    "roadmap.toml",
    "topics.toml",
    "tools.toml",
    "vocabulary.toml",
    "intents.toml",
];

/// The knowledge base compiled into the binary, so that it runs anywhere with no files.
const EMBEDDED: [(&str, &str); 14] = [
    ("sources.toml", include_str!("../../knowledge/sources.toml")),
    (
        "overview.toml",
        include_str!("../../knowledge/overview.toml"),
    ),
    ("roles.toml", include_str!("../../knowledge/roles.toml")),
    ("skills.toml", include_str!("../../knowledge/skills.toml")),
    (
        "job_description.toml",
        include_str!("../../knowledge/job_description.toml"),
    ),
    (
        "salaries.toml",
        include_str!("../../knowledge/salaries.toml"),
    ),
    (
        "certifications.toml",
        include_str!("../../knowledge/certifications.toml"),
    ),
    (
        "day_to_day.toml",
        include_str!("../../knowledge/day_to_day.toml"),
    ),
    (
        "departments.toml",
        include_str!("../../knowledge/departments.toml"),
    ),
    ("roadmap.toml", include_str!("../../knowledge/roadmap.toml")),
    ("topics.toml", include_str!("../../knowledge/topics.toml")),
    ("tools.toml", include_str!("../../knowledge/tools.toml")),
    (
        "vocabulary.toml",
        include_str!("../../knowledge/vocabulary.toml"),
    ),
    ("intents.toml", include_str!("../../knowledge/intents.toml")),
];

/// One problem found in the knowledge files: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file, as the user named it (`knowledge/salaries.toml`).
    pub file: String,
    /// 1-based line of the record or field at fault (0 when the whole file is at fault).
    pub line: usize,
    /// What is wrong, lower-case, with the offending values quoted.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        }
    }
}

/// Why a knowledge base could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    /// The directory itself cannot be used (it does not exist, or is not a directory).
    #[error("cannot read knowledge directory {}: {source}", path.display())]
    Directory {
        /// The directory given.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The files were read but hold problems: every one is listed, one per line.
    #[error("{}", display_problems(.0))]
    Invalid(Vec<Problem>),
}

fn display_problems(problems: &[Problem]) -> String {
    let lines: Vec<String> = problems.iter().map(Problem::to_string).collect();
    lines.join("\n")
}

// ---------------------------------------------------------------------------------------------
// The records. Field names are the TOML keys; `deny_unknown_fields` turns a misspelt key into an
// error instead of a silently missing fact.

/// A publication facts are taken from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Short id other files refer to.
    pub id: String,
    /// Title of the publication.
    pub title: String,
    /// Who published it.
    pub publisher: String,
    /// Date of the version used, `YYYY-MM-DD`.
    pub date: String,
    /// The date as replies say it ("February 2025").
    pub date_label: String,
    /// Where it can be found, when known.
    #[serde(default)]
    pub url: Option<String>,
    /// Anything an editor should know about this source.
    #[serde(default)]
    pub note: Option<String>,
}

/// What a DevOps engineer is, the role's aspects and the market outlook.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overview {
    /// Source id for every fact of the file.
    pub source: String,
    /// The definition.
    pub definition: Definition,
    /// Aspects of the role (AI/ML deployments, shift-left security, trends, …).
    pub aspect: Vec<Aspect>,
    /// The market figures.
    pub market: Market,
}

/// The definition of the role.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    /// One sentence.
    pub summary: String,
    /// What follows from it.
    pub detail: String,
}

/// One aspect of the role.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Aspect {
    /// Short id.
    pub id: String,
    /// Heading.
    pub title: String,
    /// The fact.
    pub text: String,
    /// Phrases that ask about this aspect alone ("shift left", "guitar solos"): such a question
    /// gets this aspect rather than all of them.
    #[serde(default)]
    pub cues: Vec<String>,
}

/// The market outlook: a value in one year growing to a value in a later year.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Market {
    /// Who the post cites for the figures.
    pub reported_by: String,
    /// ISO currency code.
    pub currency: String,
    /// Unit of the values ("billion").
    pub unit: String,
    /// Year of the first value.
    pub from_year: u16,
    /// First value, in `unit` of `currency`.
    pub from_value: f64,
    /// Year of the forecast.
    pub to_year: u16,
    /// Forecast value.
    pub to_value: f64,
    /// What the post says the growth means.
    pub summary: String,
}

/// One of the 7 key roles and responsibilities.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// Short id (`observability`).
    pub id: String,
    /// Position in the post, from 1.
    pub number: u8,
    /// Heading as the post gives it.
    pub title: String,
    /// Topic id the role is about.
    pub topic: String,
    /// What the role is.
    pub summary: String,
    /// What else it involves.
    pub detail: String,
    /// Tool ids the role names.
    pub tools: Vec<String>,
    /// Other things it names that are not tools (standards, practices, industries).
    #[serde(default)]
    pub also_named: Vec<String>,
    /// Source id (defaults to the file's).
    #[serde(default)]
    pub source: String,
}

/// A row of the skills table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Skill {
    /// Short id (`iac`).
    pub id: String,
    /// Name as the table gives it.
    pub name: String,
    /// Topic id.
    pub topic: String,
    /// Tool ids the table names.
    pub tools: Vec<String>,
    /// Practices the table names that are not tools.
    #[serde(default)]
    pub practices: Vec<String>,
    /// Why the skill is needed.
    pub why: String,
    /// Source id (defaults to the file's).
    #[serde(default)]
    pub source: String,
}

/// The sample job description.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobDescription {
    /// Source id.
    pub source: String,
    /// Job title.
    pub title: String,
    /// Role overview.
    pub overview: String,
    /// The key responsibilities, in order.
    pub responsibilities: Vec<String>,
    /// Certification ids the description prefers.
    pub preferred_certifications: Vec<String>,
    /// Skills and qualifications by group.
    pub qualification: Vec<Qualification>,
    /// Experience asked for.
    pub experience: Experience,
    /// Education asked for.
    pub education: Education,
}

/// A group of the skills and qualifications.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Qualification {
    /// Group name.
    pub group: String,
    /// Topic id of the group.
    pub topic: String,
    /// The items as the post lists them.
    pub items: Vec<String>,
}

/// Experience asked for by the job description.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Experience {
    /// Fewest years.
    pub min_years: u8,
    /// Most years of the range.
    pub max_years: u8,
    /// Whether the range is open above ("3-5+").
    pub open_ended: bool,
    /// The requirement as written.
    pub text: String,
    /// Fields the experience may come from.
    pub fields: Vec<String>,
}

/// Education asked for by the job description.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Education {
    /// The degree.
    pub degree: String,
    /// Its fields.
    pub fields: Vec<String>,
}

/// Salaries in one country.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Country {
    /// Short id (`uk`).
    pub id: String,
    /// Full name.
    pub name: String,
    /// Name in running text ("the UK").
    pub short: String,
    /// Words learners use for the country (demonyms, currency).
    pub aliases: Vec<String>,
    /// Its cities, which name the country too; the figures are national, and replies say so.
    #[serde(default)]
    pub cities: Vec<String>,
    /// ISO currency code.
    pub currency: String,
    /// Symbol the figures are written with.
    pub symbol: String,
    /// Anything uncertain about the currency, said in replies.
    #[serde(default)]
    pub currency_note: Option<String>,
    /// `western` (1,450,000) or `indian` (14,50,000 and lakh).
    #[serde(default)]
    pub number_format: NumberFormat,
    /// Who the post cites for the figures, or "not named".
    pub reported_by: String,
    /// Experience band the figures are for, when the post gives one.
    #[serde(default)]
    pub experience: Option<String>,
    /// How many salaries the figures are based on, when the post says.
    #[serde(default)]
    pub sample_size: Option<u64>,
    /// What the post says about the figures.
    pub note: String,
    /// The figures.
    pub figure: Vec<Figure>,
    /// Source id (defaults to the file's).
    #[serde(default)]
    pub source: String,
}

impl Country {
    /// The source the post cites for this country's figures, if it names one.
    pub fn cited_source(&self) -> Option<&str> {
        (self.reported_by != NOT_NAMED).then_some(self.reported_by.as_str())
    }
}

/// The value of `reported_by` that says the post names no source for the figures.
pub const NOT_NAMED: &str = "not named";

/// How a country's figures are grouped when printed.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum NumberFormat {
    /// 1,450,000
    #[default]
    Western,
    /// 14,50,000, with lakh for amounts of a lakh or more.
    Indian,
}

/// What a salary figure is.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum FigureKind {
    /// Total pay, base plus extra.
    Total,
    /// Base salary.
    Base,
    /// Extra compensation on top of base.
    Extra,
    /// A typical salary the post gives without saying total or base.
    Typical,
    /// A range, from `min` to `max`.
    Range,
}

/// One salary figure, per year.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    /// What the figure is.
    pub kind: FigureKind,
    /// How the post labels it.
    pub label: String,
    /// The amount, for every kind but `range`.
    #[serde(default)]
    pub amount: Option<u64>,
    /// Lower end, for `range`.
    #[serde(default)]
    pub min: Option<u64>,
    /// Upper end, for `range`.
    #[serde(default)]
    pub max: Option<u64>,
}

/// A certification.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Certification {
    /// Short id (`cka`).
    pub id: String,
    /// Full name.
    pub name: String,
    /// Abbreviation, when it has a well-known one.
    #[serde(default)]
    pub short: Option<String>,
    /// Who issues it, where known.
    #[serde(default)]
    pub issuer: Option<String>,
    /// The source of `issuer` when it is not the file's source.
    #[serde(default)]
    pub issuer_source: Option<String>,
    /// Words learners use for it.
    pub aliases: Vec<String>,
    /// Tool or topic ids it is about.
    pub covers: Vec<String>,
    /// Tool or topic ids it also touches.
    #[serde(default)]
    pub related: Vec<String>,
    /// What it validates.
    pub validates: String,
    /// Why it matters.
    pub why: String,
    /// Source id (defaults to the file's).
    #[serde(default)]
    pub source: String,
}

/// A day-to-day activity.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    /// Short id.
    pub id: String,
    /// Heading.
    pub title: String,
    /// Topic id.
    pub topic: String,
    /// Tool ids named.
    pub tools: Vec<String>,
    /// Topics of the people it is done with ("data engineers"): "do they work with data
    /// engineers day to day?" is this activity.
    #[serde(default)]
    pub with: Vec<String>,
    /// The activity.
    pub text: String,
    /// Source id (defaults to the file's).
    #[serde(default)]
    pub source: String,
}

/// A department DevOps engineers work with.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Department {
    /// Short id.
    pub id: String,
    /// Position in the post, from 1.
    pub number: u8,
    /// Name.
    pub name: String,
    /// Topic id (the people of that department).
    pub topic: String,
    /// Topic ids of what the department works on, besides its people ("cloud").
    #[serde(default)]
    pub areas: Vec<String>,
    /// Topic ids the text names as work done with them ("managing data pipelines"), whose
    /// tools answer "which frameworks are involved there?".
    #[serde(default)]
    pub mentions: Vec<String>,
    /// What DevOps does with them.
    pub text: String,
    /// Source id (defaults to the file's).
    #[serde(default)]
    pub source: String,
}

/// A roadmap step.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Position, from 1, without gaps.
    pub number: u8,
    /// Short heading.
    pub title: String,
    /// The step as the post gives it.
    pub text: String,
    /// Topic ids it is about.
    pub topics: Vec<String>,
    /// Tool ids it names.
    pub tools: Vec<String>,
    /// Certification ids it leads to.
    #[serde(default)]
    pub certifications: Vec<String>,
    /// Source id (defaults to the file's).
    #[serde(default)]
    pub source: String,
}

/// A subject learners ask about.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    /// Short id (`monitoring`).
    pub id: String,
    /// Name in running text.
    pub name: String,
    /// Whether the topic is a group of people (developers, data scientists, …).
    #[serde(default)]
    pub people: bool,
    /// Whether the topic is broad ("automation", "AI"): a more specific topic named with it wins,
    /// and on its own it does not make a message about something.
    #[serde(default)]
    pub generic: bool,
    /// Words learners use for it.
    pub aliases: Vec<String>,
    /// Abbreviations the source spells out ("CI/CD" is "Continuous Integration and Continuous
    /// Deployment"), for "what does CI/CD stand for?".
    #[serde(default)]
    pub abbreviations: Vec<Abbreviation>,
}

/// An abbreviation and what it stands for, as the source spells it out.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Abbreviation {
    /// As written ("CI/CD").
    pub short: String,
    /// Spelt out ("Continuous Integration and Continuous Deployment").
    pub long: String,
}

/// A tool, platform or language.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tool {
    /// Short id (`kubernetes`).
    pub id: String,
    /// Name as it is written.
    pub name: String,
    /// Topic ids it belongs to.
    pub topics: Vec<String>,
    /// Words learners use for it.
    pub aliases: Vec<String>,
}

/// The matcher's general vocabulary (see `knowledge/vocabulary.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabulary {
    /// Words that say nothing about the subject.
    pub stopwords: Vec<String>,
    /// Common words never corrected as typos (they still count as unknown words).
    #[serde(default)]
    pub plain_words: Vec<String>,
    /// Phrases that say a message is about DevOps.
    pub anchors: Vec<String>,
    /// Words for each modifier.
    pub modifiers: Modifiers,
    /// Number words.
    pub number: Vec<NumberWords>,
    /// Chat spellings rewritten before matching ("u" → "you").
    #[serde(default)]
    pub respell: std::collections::BTreeMap<String, String>,
    /// Country aliases that are a currency or a way of counting money ("rupees", "lakh",
    /// "pounds"): they name their country only when no other country is named ("UK salary in
    /// rupees" is about the UK).
    #[serde(default)]
    pub currency_words: Vec<String>,
    /// Experience levels ("junior", "entry level"): the figures are not by level, and salary
    /// replies say so.
    #[serde(default)]
    pub levels: Vec<String>,
    /// Attempts to rewrite the bot's instructions ("ignore previous instructions"): a sentence
    /// holding one is set aside, and a real question beside it is still answered.
    #[serde(default)]
    pub injections: Vec<String>,
    /// Teams the guide does not describe ("QA", "marketing"): a question about working with one
    /// is answered with the departments it does describe, saying so.
    #[serde(default)]
    pub other_teams: Vec<String>,
    /// Employers ("Netflix", "Google"): the guide has nothing on any one company's pay or
    /// tools, so "Google DevOps salary?" is declined rather than answered with a country's.
    /// One word each, lower case.
    #[serde(default)]
    pub companies: Vec<String>,
    /// Things the knowledge does not hold.
    pub unknown: Unknown,
}

/// Words for each modifier; the ids are fixed because the engine acts on them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Modifiers {
    /// "what comes after …", "next".
    pub after: Vec<String>,
    /// "before …", "previous".
    pub before: Vec<String>,
    /// "tell me more".
    pub more: Vec<String>,
    /// "base pay", "without bonuses".
    pub base: Vec<String>,
    /// "bonus", "extra".
    pub extra: Vec<String>,
    /// "compare", "across countries".
    pub compare: Vec<String>,
    /// "list", "all".
    pub list: Vec<String>,
    /// "where do I start".
    pub start: Vec<String>,
    /// "first", "basics".
    pub first: Vec<String>,
    /// "last", "final".
    pub last: Vec<String>,
    /// "why", "what's the point".
    pub why: Vec<String>,
    /// "step", "stage".
    pub step_word: Vec<String>,
    /// "fix", "error", "install": a request for technical support.
    pub troubleshoot: Vec<String>,
    /// "price", "cost": something the source does not give for certifications.
    pub price: Vec<String>,
    /// "who founded …": trivia, not career guidance.
    pub trivia: Vec<String>,
    /// "write my cover letter": a task, not a question.
    pub task: Vec<String>,
    /// "is AWS better than Azure?": an opinion the source does not give.
    pub opinion: Vec<String>,
    /// "including bonus": every figure.
    pub total: Vec<String>,
    /// Taxes, investing, the publisher's courses: declined whatever else is asked.
    pub off_topic: Vec<String>,
    /// "stand for", "acronym": what an abbreviation means.
    #[serde(default)]
    pub define: Vec<String>,
    /// "how long", "how many weeks": study times, which the source does not give.
    #[serde(default)]
    pub duration: Vec<String>,
    /// "what's left", "the rest of the roadmap": the steps still ahead, not only the next.
    #[serde(default)]
    pub rest: Vec<String>,
    /// "are you sure?", "that seems high": doubt of the answer just given, which is given
    /// again.
    #[serde(default)]
    pub doubt: Vec<String>,
}

/// The words of one number.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumberWords {
    /// The number.
    pub value: u8,
    /// Its words.
    pub words: Vec<String>,
}

/// Things the knowledge does not hold, named so they are declined rather than mistaken.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unknown {
    /// Countries, regions and cities without salary figures.
    pub countries: Vec<String>,
    /// Certifications the post does not cover.
    pub certifications: Vec<String>,
    /// Tools and languages the post does not name.
    pub tools: Vec<String>,
    /// Professions other than DevOps engineer.
    pub professions: Vec<String>,
    /// Roles next to DevOps engineer (DevOps manager, SRE lead …) without figures of their own.
    pub roles: Vec<String>,
}

/// A kind of question and the words that signal it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntentDef {
    /// Fixed id the engine answers.
    pub id: String,
    /// Name in help texts.
    pub title: String,
    /// Words that on their own say what is asked.
    pub cues: Vec<String>,
    /// Words that lean towards it.
    pub hints: Vec<String>,
    /// Typical phrasings.
    pub examples: Vec<String>,
    /// Line of the record in `intents.toml`, for `check`'s messages.
    #[serde(skip)]
    pub line: usize,
}

/// Everything the bot knows, validated.
#[derive(Debug, Clone)]
pub struct Knowledge {
    /// Publications, by id.
    pub sources: Vec<Source>,
    /// Definition, aspects and market.
    pub overview: Overview,
    /// The 7 roles, in order.
    pub roles: Vec<Role>,
    /// The skills table, in order.
    pub skills: Vec<Skill>,
    /// The sample job description.
    pub job: JobDescription,
    /// Salaries by country, in the post's order.
    pub countries: Vec<Country>,
    /// The certifications, in the post's order.
    pub certifications: Vec<Certification>,
    /// Why certifications matter at all ("why bother with certs?"), from the same source.
    pub certifications_why: String,
    /// Day-to-day activities.
    pub activities: Vec<Activity>,
    /// Departments.
    pub departments: Vec<Department>,
    /// The roadmap, ordered by step number.
    pub steps: Vec<Step>,
    /// Topics.
    pub topics: Vec<Topic>,
    /// Tools.
    pub tools: Vec<Tool>,
    /// The matcher's general vocabulary.
    pub vocabulary: Vocabulary,
    /// The kinds of question.
    pub intents: Vec<IntentDef>,
    /// Where each file came from (`knowledge/salaries.toml`), for messages.
    pub origin: String,
}

// ---------------------------------------------------------------------------------------------
// File shapes. Arrays of records are read as `Spanned` so problems can name the record's line.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourcesFile {
    source: Vec<Spanned<Source>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RolesFile {
    source: String,
    role: Vec<Spanned<Role>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SkillsFile {
    source: String,
    skill: Vec<Spanned<Skill>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SalariesFile {
    source: String,
    country: Vec<Spanned<Country>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CertificationsFile {
    source: String,
    /// Why certifications matter at all, as the post says.
    #[serde(default)]
    why: String,
    certification: Vec<Spanned<Certification>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActivitiesFile {
    source: String,
    activity: Vec<Spanned<Activity>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DepartmentsFile {
    source: String,
    department: Vec<Spanned<Department>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoadmapFile {
    source: String,
    step: Vec<Spanned<Step>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicsFile {
    #[allow(dead_code)]
    source: String,
    topic: Vec<Spanned<Topic>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ToolsFile {
    #[allow(dead_code)]
    source: String,
    tool: Vec<Spanned<Tool>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IntentsFile {
    intent: Vec<Spanned<IntentDef>>,
}

/// Turns byte offsets into 1-based line numbers for one file.
struct Lines<'a> {
    text: &'a str,
}

impl Lines<'_> {
    fn of(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.text.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }

    /// The line of the first `key = …` at or after `offset`, else the line of `offset`.
    fn of_key(&self, offset: usize, key: &str) -> usize {
        let start = offset.min(self.text.len());
        let rest = &self.text[start..];
        let mut pos = 0;
        for line in rest.split_inclusive('\n') {
            let trimmed = line.trim_start();
            if let Some(after) = trimmed.strip_prefix(key)
                && after.trim_start().starts_with('=')
            {
                return self.of(start + pos);
            }
            pos += line.len();
        }
        self.of(offset)
    }
}

/// Collects problems while loading, each tied to a file and line.
struct Report {
    origin: String,
    problems: Vec<Problem>,
}

impl Report {
    fn add(&mut self, file: &str, line: usize, message: impl Into<String>) {
        self.problems.push(Problem {
            file: format!("{}/{}", self.origin, file),
            line,
            message: message.into(),
        });
    }
}

fn parse<T: serde::de::DeserializeOwned>(file: &str, text: &str, report: &mut Report) -> Option<T> {
    match toml::from_str::<T>(text) {
        Ok(value) => Some(value),
        Err(e) => {
            let line = e.span().map(|s| Lines { text }.of(s.start)).unwrap_or(0);
            let message = e.message().trim().replace('\n', " ");
            report.add(file, line, message);
            None
        }
    }
}

/// Splits spanned records into plain records and their lines.
fn unspan<T>(records: Vec<Spanned<T>>, text: &str) -> (Vec<T>, Vec<usize>) {
    // Offsets of the line starts, once, so each record's line is a binary search (counting
    // newlines from the top for every record is quadratic in a large file).
    let newlines: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
    records
        .into_iter()
        .map(|r| {
            let line = newlines.partition_point(|&nl| nl < r.span().start) + 1;
            (r.into_inner(), line)
        })
        .unzip()
}

impl Knowledge {
    /// The knowledge base compiled into the binary.
    pub fn embedded() -> Result<Knowledge, KbError> {
        Knowledge::from_files("knowledge", &EMBEDDED)
    }

    /// Loads and validates the knowledge files of `dir`.
    pub fn load_dir(dir: &Path) -> Result<Knowledge, KbError> {
        let meta = std::fs::metadata(dir).map_err(|source| KbError::Directory {
            path: dir.to_path_buf(),
            source,
        })?;
        if !meta.is_dir() {
            return Err(KbError::Directory {
                path: dir.to_path_buf(),
                source: std::io::Error::other("not a directory"),
            });
        }
        let origin = dir.display().to_string();
        let origin = origin.trim_end_matches('/').to_string();
        let mut problems = Vec::new();
        let mut texts: Vec<(&str, String)> = Vec::new();
        for name in FILES {
            match std::fs::read_to_string(dir.join(name)) {
                Ok(text) => texts.push((name, text)),
                Err(e) => problems.push(Problem {
                    file: format!("{origin}/{name}"),
                    line: 0,
                    message: format!("cannot read the file: {e}"),
                }),
            }
        }
        if let Ok(entries) = std::fs::read_dir(dir) {
            let mut extra: Vec<String> = entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".toml") && !FILES.contains(&n.as_str()))
                .collect();
            extra.sort();
            for name in extra {
                problems.push(Problem {
                    file: format!("{origin}/{name}"),
                    line: 0,
                    message: format!(
                        "unknown knowledge file (the files are: {})",
                        FILES.join(", ")
                    ),
                });
            }
        }
        if !problems.is_empty() {
            return Err(KbError::Invalid(problems));
        }
        let borrowed: Vec<(&str, &str)> = texts.iter().map(|(n, t)| (*n, t.as_str())).collect();
        Knowledge::from_files(&origin, &borrowed)
    }

    /// Parses and validates the knowledge files given as `(file name, text)` pairs; `origin` is
    /// the directory name used in messages. Every parse error (the first of each file) and every
    /// validation problem is reported.
    pub fn from_files(origin: &str, files: &[(&str, &str)]) -> Result<Knowledge, KbError> {
        let mut report = Report {
            origin: origin.to_string(),
            problems: Vec::new(),
        };
        let text = |name: &str| -> &str {
            files
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, t)| *t)
                .unwrap_or("")
        };
        for name in FILES {
            if !files.iter().any(|(n, _)| *n == name) {
                report.add(name, 0, "the file is missing");
            }
        }

        let sources: Option<SourcesFile> = parse("sources.toml", text("sources.toml"), &mut report);
        let overview: Option<Overview> = parse("overview.toml", text("overview.toml"), &mut report);
        let roles: Option<RolesFile> = parse("roles.toml", text("roles.toml"), &mut report);
        let skills: Option<SkillsFile> = parse("skills.toml", text("skills.toml"), &mut report);
        let job: Option<JobDescription> = parse(
            "job_description.toml",
            text("job_description.toml"),
            &mut report,
        );
        let salaries: Option<SalariesFile> =
            parse("salaries.toml", text("salaries.toml"), &mut report);
        let certs: Option<CertificationsFile> = parse(
            "certifications.toml",
            text("certifications.toml"),
            &mut report,
        );
        let activities: Option<ActivitiesFile> =
            parse("day_to_day.toml", text("day_to_day.toml"), &mut report);
        let departments: Option<DepartmentsFile> =
            parse("departments.toml", text("departments.toml"), &mut report);
        let roadmap: Option<RoadmapFile> = parse("roadmap.toml", text("roadmap.toml"), &mut report);
        let topics: Option<TopicsFile> = parse("topics.toml", text("topics.toml"), &mut report);
        let tools: Option<ToolsFile> = parse("tools.toml", text("tools.toml"), &mut report);
        let vocabulary: Option<Vocabulary> =
            parse("vocabulary.toml", text("vocabulary.toml"), &mut report);
        let intents: Option<IntentsFile> = parse("intents.toml", text("intents.toml"), &mut report);

        let (
            Some(sources),
            Some(overview),
            Some(roles),
            Some(skills),
            Some(job),
            Some(salaries),
            Some(certs),
            Some(activities),
            Some(departments),
            Some(roadmap),
            Some(topics),
            Some(tools),
            Some(vocabulary),
            Some(intents),
        ) = (
            sources,
            overview,
            roles,
            skills,
            job,
            salaries,
            certs,
            activities,
            departments,
            roadmap,
            topics,
            tools,
            vocabulary,
            intents,
        )
        else {
            return Err(KbError::Invalid(report.problems));
        };

        let (sources, source_lines) = unspan(sources.source, text("sources.toml"));
        let (mut roles_v, role_lines) = unspan(roles.role, text("roles.toml"));
        let (mut skills_v, skill_lines) = unspan(skills.skill, text("skills.toml"));
        let (mut countries, country_lines) = unspan(salaries.country, text("salaries.toml"));
        let (mut certifications, cert_lines) =
            unspan(certs.certification, text("certifications.toml"));
        let (mut activities_v, activity_lines) =
            unspan(activities.activity, text("day_to_day.toml"));
        let (mut departments_v, department_lines) =
            unspan(departments.department, text("departments.toml"));
        let (mut steps, step_lines) = unspan(roadmap.step, text("roadmap.toml"));
        let (topics_v, topic_lines) = unspan(topics.topic, text("topics.toml"));
        let (tools_v, tool_lines) = unspan(tools.tool, text("tools.toml"));
        let (mut intents_v, intent_lines) = unspan(intents.intent, text("intents.toml"));
        for (intent, line) in intents_v.iter_mut().zip(&intent_lines) {
            intent.line = *line;
        }

        // File-wide sources fill records that name none.
        fn fill(source: &mut String, default: &str) {
            if source.is_empty() {
                *source = default.to_string();
            }
        }
        roles_v
            .iter_mut()
            .for_each(|r| fill(&mut r.source, &roles.source));
        skills_v
            .iter_mut()
            .for_each(|r| fill(&mut r.source, &skills.source));
        countries
            .iter_mut()
            .for_each(|r| fill(&mut r.source, &salaries.source));
        certifications
            .iter_mut()
            .for_each(|r| fill(&mut r.source, &certs.source));
        activities_v
            .iter_mut()
            .for_each(|r| fill(&mut r.source, &activities.source));
        departments_v
            .iter_mut()
            .for_each(|r| fill(&mut r.source, &departments.source));
        steps
            .iter_mut()
            .for_each(|r| fill(&mut r.source, &roadmap.source));

        let kb = Knowledge {
            sources,
            overview,
            roles: roles_v,
            skills: skills_v,
            job,
            countries,
            certifications,
            certifications_why: certs.why.clone(),
            activities: activities_v,
            departments: departments_v,
            steps,
            topics: topics_v,
            tools: tools_v,
            vocabulary,
            intents: intents_v,
            origin: origin.to_string(),
        };
        let lines = RecordLines {
            sources: source_lines,
            roles: role_lines,
            skills: skill_lines,
            countries: country_lines,
            certifications: cert_lines,
            activities: activity_lines,
            departments: department_lines,
            steps: step_lines,
            topics: topic_lines,
            tools: tool_lines,
            intents: intent_lines,
        };
        validate(&kb, &lines, files, &mut report);
        if report.problems.is_empty() {
            let mut kb = kb;
            kb.steps.sort_by_key(|s| s.number);
            Ok(kb)
        } else {
            Err(KbError::Invalid(report.problems))
        }
    }

    /// The source with this id. Validation guarantees every id used by a record exists.
    pub fn source(&self, id: &str) -> &Source {
        self.sources
            .iter()
            .find(|s| s.id == id)
            .unwrap_or(&self.sources[0])
    }

    /// Counts per subject, for `check`'s summary.
    pub fn summary(&self) -> Vec<(&'static str, usize)> {
        vec![
            ("sources", self.sources.len()),
            ("roles", self.roles.len()),
            ("skills", self.skills.len()),
            (
                "job description responsibilities",
                self.job.responsibilities.len(),
            ),
            ("salary countries", self.countries.len()),
            (
                "salary figures",
                self.countries.iter().map(|c| c.figure.len()).sum(),
            ),
            ("certifications", self.certifications.len()),
            ("day-to-day activities", self.activities.len()),
            ("departments", self.departments.len()),
            ("roadmap steps", self.steps.len()),
            ("topics", self.topics.len()),
            ("tools", self.tools.len()),
            ("kinds of question", self.intents.len()),
            (
                "aliases",
                self.topics.iter().map(|t| t.aliases.len()).sum::<usize>()
                    + self.tools.iter().map(|t| t.aliases.len()).sum::<usize>()
                    + self
                        .certifications
                        .iter()
                        .map(|c| c.aliases.len())
                        .sum::<usize>()
                    + self
                        .countries
                        .iter()
                        .map(|c| c.aliases.len())
                        .sum::<usize>(),
            ),
        ]
    }

    /// A short fingerprint of the loaded facts, reported by `check` and (later) in metrics.
    pub fn version(&self) -> String {
        format!(
            "{}-{}r{}c{}s",
            self.sources
                .first()
                .map(|s| s.date.as_str())
                .unwrap_or("undated"),
            self.roles.len(),
            self.certifications.len(),
            self.steps.len()
        )
    }
}

/// Lines of the records of each file, parallel to the record vectors.
struct RecordLines {
    sources: Vec<usize>,
    roles: Vec<usize>,
    skills: Vec<usize>,
    countries: Vec<usize>,
    certifications: Vec<usize>,
    activities: Vec<usize>,
    departments: Vec<usize>,
    steps: Vec<usize>,
    topics: Vec<usize>,
    tools: Vec<usize>,
    intents: Vec<usize>,
}

/// The intent ids the engine answers; `intents.toml` must define exactly these.
pub const INTENT_IDS: [&str; 17] = [
    "salary",
    "certifications",
    "roadmap",
    "responsibilities",
    "skills",
    "tools",
    "what_is_devops",
    "trends",
    "experience_education",
    "job_description",
    "departments",
    "day_to_day",
    "market_outlook",
    "sources",
    "greeting",
    "thanks",
    "help",
];

fn validate(kb: &Knowledge, lines: &RecordLines, files: &[(&str, &str)], report: &mut Report) {
    let text = |name: &str| -> &str {
        files
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| *t)
            .unwrap_or("")
    };
    let source_ids: HashSet<&str> = kb.sources.iter().map(|s| s.id.as_str()).collect();
    let topic_ids: HashSet<&str> = kb.topics.iter().map(|t| t.id.as_str()).collect();
    let tool_ids: HashSet<&str> = kb.tools.iter().map(|t| t.id.as_str()).collect();
    let cert_ids: HashSet<&str> = kb.certifications.iter().map(|c| c.id.as_str()).collect();

    // Unique ids per kind.
    fn unique<'a>(
        report: &mut Report,
        file: &str,
        kind: &str,
        ids: impl Iterator<Item = (&'a str, usize)>,
    ) {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (id, line) in ids {
            if let Some(first) = seen.get(id) {
                report.add(
                    file,
                    line,
                    format!("{kind} \"{id}\": duplicate id (first defined on line {first})"),
                );
            } else {
                seen.insert(id, line);
            }
            if id.trim().is_empty() {
                report.add(file, line, format!("{kind}: the id is empty"));
            }
        }
    }
    unique(
        report,
        "sources.toml",
        "source",
        kb.sources
            .iter()
            .map(|s| s.id.as_str())
            .zip(lines.sources.iter().copied()),
    );
    unique(
        report,
        "roles.toml",
        "role",
        kb.roles
            .iter()
            .map(|s| s.id.as_str())
            .zip(lines.roles.iter().copied()),
    );
    unique(
        report,
        "skills.toml",
        "skill",
        kb.skills
            .iter()
            .map(|s| s.id.as_str())
            .zip(lines.skills.iter().copied()),
    );
    unique(
        report,
        "salaries.toml",
        "salary",
        kb.countries
            .iter()
            .map(|s| s.id.as_str())
            .zip(lines.countries.iter().copied()),
    );
    unique(
        report,
        "certifications.toml",
        "certification",
        kb.certifications
            .iter()
            .map(|s| s.id.as_str())
            .zip(lines.certifications.iter().copied()),
    );
    unique(
        report,
        "day_to_day.toml",
        "activity",
        kb.activities
            .iter()
            .map(|s| s.id.as_str())
            .zip(lines.activities.iter().copied()),
    );
    unique(
        report,
        "departments.toml",
        "department",
        kb.departments
            .iter()
            .map(|s| s.id.as_str())
            .zip(lines.departments.iter().copied()),
    );
    unique(
        report,
        "topics.toml",
        "topic",
        kb.topics
            .iter()
            .map(|s| s.id.as_str())
            .zip(lines.topics.iter().copied()),
    );
    unique(
        report,
        "tools.toml",
        "tool",
        kb.tools
            .iter()
            .map(|s| s.id.as_str())
            .zip(lines.tools.iter().copied()),
    );
    unique(
        report,
        "intents.toml",
        "intent",
        kb.intents
            .iter()
            .map(|s| s.id.as_str())
            .zip(lines.intents.iter().copied()),
    );
    // Tools and topics share one namespace: certifications and roles refer to either.
    for (tool, line) in kb.tools.iter().zip(&lines.tools) {
        if topic_ids.contains(tool.id.as_str()) {
            report.add(
                "tools.toml",
                *line,
                format!(
                    "tool \"{}\": id is also a topic id in topics.toml; tool and topic ids must differ",
                    tool.id
                ),
            );
        }
    }

    // Required text is non-empty.
    let mut required = |file: &str, line: usize, what: &str, field: &str, value: &str| {
        if value.trim().is_empty() {
            report.add(file, line, format!("{what}: \"{field}\" is empty"));
        }
    };
    for (s, l) in kb.sources.iter().zip(&lines.sources) {
        let what = format!("source \"{}\"", s.id);
        required("sources.toml", *l, &what, "title", &s.title);
        required("sources.toml", *l, &what, "publisher", &s.publisher);
        required("sources.toml", *l, &what, "date_label", &s.date_label);
    }
    required(
        "overview.toml",
        0,
        "definition",
        "summary",
        &kb.overview.definition.summary,
    );
    for a in &kb.overview.aspect {
        required(
            "overview.toml",
            0,
            &format!("aspect \"{}\"", a.id),
            "text",
            &a.text,
        );
    }
    for (r, l) in kb.roles.iter().zip(&lines.roles) {
        let what = format!("role \"{}\"", r.id);
        required("roles.toml", *l, &what, "title", &r.title);
        required("roles.toml", *l, &what, "summary", &r.summary);
        required("roles.toml", *l, &what, "detail", &r.detail);
    }
    for (s, l) in kb.skills.iter().zip(&lines.skills) {
        let what = format!("skill \"{}\"", s.id);
        required("skills.toml", *l, &what, "name", &s.name);
        required("skills.toml", *l, &what, "why", &s.why);
    }
    for (c, l) in kb.certifications.iter().zip(&lines.certifications) {
        let what = format!("certification \"{}\"", c.id);
        required("certifications.toml", *l, &what, "name", &c.name);
        required("certifications.toml", *l, &what, "validates", &c.validates);
        required("certifications.toml", *l, &what, "why", &c.why);
    }
    for (c, l) in kb.countries.iter().zip(&lines.countries) {
        let what = format!("salary \"{}\"", c.id);
        required("salaries.toml", *l, &what, "name", &c.name);
        required("salaries.toml", *l, &what, "reported_by", &c.reported_by);
    }
    for (s, l) in kb.steps.iter().zip(&lines.steps) {
        required(
            "roadmap.toml",
            *l,
            &format!("step {}", s.number),
            "text",
            &s.text,
        );
    }
    for (d, l) in kb.departments.iter().zip(&lines.departments) {
        required(
            "departments.toml",
            *l,
            &format!("department \"{}\"", d.id),
            "text",
            &d.text,
        );
    }
    for (a, l) in kb.activities.iter().zip(&lines.activities) {
        required(
            "day_to_day.toml",
            *l,
            &format!("activity \"{}\"", a.id),
            "text",
            &a.text,
        );
    }
    required(
        "job_description.toml",
        0,
        "job description",
        "overview",
        &kb.job.overview,
    );

    // Dates are YYYY-MM-DD.
    for (s, l) in kb.sources.iter().zip(&lines.sources) {
        if !is_date(&s.date) {
            let line = Lines {
                text: text("sources.toml"),
            }
            .of_key(offset_of_line(text("sources.toml"), *l), "date");
            report.add(
                "sources.toml",
                line,
                format!("source \"{}\": date \"{}\" is not YYYY-MM-DD", s.id, s.date),
            );
        }
    }

    // Every source reference resolves.
    let mut check_source = |file: &str, line: usize, what: &str, id: &str| {
        if !source_ids.contains(id) {
            report.add(
                file,
                line,
                format!("{what}: unknown source \"{id}\" (sources.toml has no such id)"),
            );
        }
    };
    check_source("overview.toml", 1, "overview", &kb.overview.source);
    check_source("job_description.toml", 1, "job description", &kb.job.source);
    for (r, l) in kb.roles.iter().zip(&lines.roles) {
        check_source("roles.toml", *l, &format!("role \"{}\"", r.id), &r.source);
    }
    for (r, l) in kb.skills.iter().zip(&lines.skills) {
        check_source("skills.toml", *l, &format!("skill \"{}\"", r.id), &r.source);
    }
    for (r, l) in kb.countries.iter().zip(&lines.countries) {
        check_source(
            "salaries.toml",
            *l,
            &format!("salary \"{}\"", r.id),
            &r.source,
        );
    }
    for (r, l) in kb.certifications.iter().zip(&lines.certifications) {
        check_source(
            "certifications.toml",
            *l,
            &format!("certification \"{}\"", r.id),
            &r.source,
        );
        if let Some(s) = &r.issuer_source {
            check_source(
                "certifications.toml",
                *l,
                &format!("certification \"{}\" issuer", r.id),
                s,
            );
        }
    }
    for (r, l) in kb.activities.iter().zip(&lines.activities) {
        check_source(
            "day_to_day.toml",
            *l,
            &format!("activity \"{}\"", r.id),
            &r.source,
        );
    }
    for (r, l) in kb.departments.iter().zip(&lines.departments) {
        check_source(
            "departments.toml",
            *l,
            &format!("department \"{}\"", r.id),
            &r.source,
        );
    }
    for (r, l) in kb.steps.iter().zip(&lines.steps) {
        check_source("roadmap.toml", *l, &format!("step {}", r.number), &r.source);
    }

    // Every reference to a topic, tool or certification resolves.
    let mut refs = |file: &str,
                    line: usize,
                    what: &str,
                    kind: &str,
                    ids: &[String],
                    known: &dyn Fn(&str) -> bool| {
        for id in ids {
            if !known(id) {
                report.add(file, line, format!("{what}: unknown {kind} \"{id}\""));
            }
        }
    };
    let is_topic = |id: &str| topic_ids.contains(id);
    let is_tool = |id: &str| tool_ids.contains(id);
    let is_cert = |id: &str| cert_ids.contains(id);
    let is_subject = |id: &str| topic_ids.contains(id) || tool_ids.contains(id);
    for (r, l) in kb.roles.iter().zip(&lines.roles) {
        let what = format!("role \"{}\"", r.id);
        refs(
            "roles.toml",
            *l,
            &what,
            "topic",
            std::slice::from_ref(&r.topic),
            &is_topic,
        );
        refs("roles.toml", *l, &what, "tool", &r.tools, &is_tool);
    }
    for (r, l) in kb.skills.iter().zip(&lines.skills) {
        let what = format!("skill \"{}\"", r.id);
        refs(
            "skills.toml",
            *l,
            &what,
            "topic",
            std::slice::from_ref(&r.topic),
            &is_topic,
        );
        refs("skills.toml", *l, &what, "tool", &r.tools, &is_tool);
    }
    for q in &kb.job.qualification {
        let what = format!("qualification \"{}\"", q.group);
        refs(
            "job_description.toml",
            0,
            &what,
            "topic",
            std::slice::from_ref(&q.topic),
            &is_topic,
        );
    }
    refs(
        "job_description.toml",
        0,
        "job description",
        "certification",
        &kb.job.preferred_certifications,
        &is_cert,
    );
    for (r, l) in kb.certifications.iter().zip(&lines.certifications) {
        let what = format!("certification \"{}\"", r.id);
        refs(
            "certifications.toml",
            *l,
            &what,
            "tool or topic",
            &r.covers,
            &is_subject,
        );
        refs(
            "certifications.toml",
            *l,
            &what,
            "tool or topic",
            &r.related,
            &is_subject,
        );
    }
    for (r, l) in kb.activities.iter().zip(&lines.activities) {
        let what = format!("activity \"{}\"", r.id);
        refs(
            "day_to_day.toml",
            *l,
            &what,
            "topic",
            std::slice::from_ref(&r.topic),
            &is_topic,
        );
        refs("day_to_day.toml", *l, &what, "tool", &r.tools, &is_tool);
        refs("day_to_day.toml", *l, &what, "topic", &r.with, &is_topic);
    }
    for (r, l) in kb.departments.iter().zip(&lines.departments) {
        let what = format!("department \"{}\"", r.id);
        refs(
            "departments.toml",
            *l,
            &what,
            "topic",
            std::slice::from_ref(&r.topic),
            &is_topic,
        );
        refs("departments.toml", *l, &what, "topic", &r.areas, &is_topic);
        refs(
            "departments.toml",
            *l,
            &what,
            "topic",
            &r.mentions,
            &is_topic,
        );
    }
    for (r, l) in kb.steps.iter().zip(&lines.steps) {
        let what = format!("step {}", r.number);
        refs("roadmap.toml", *l, &what, "topic", &r.topics, &is_topic);
        refs("roadmap.toml", *l, &what, "tool", &r.tools, &is_tool);
        refs(
            "roadmap.toml",
            *l,
            &what,
            "certification",
            &r.certifications,
            &is_cert,
        );
    }
    for (r, l) in kb.tools.iter().zip(&lines.tools) {
        refs(
            "tools.toml",
            *l,
            &format!("tool \"{}\"", r.id),
            "topic",
            &r.topics,
            &is_topic,
        );
    }

    // Numbered records run 1..=n without gaps or repeats.
    fn sequence(report: &mut Report, file: &str, kind: &str, numbers: &[(u8, usize)]) {
        let mut sorted: Vec<(u8, usize)> = numbers.to_vec();
        sorted.sort();
        for (expected, (n, line)) in (1u8..).zip(&sorted) {
            if *n != expected {
                report.add(
                    file,
                    *line,
                    format!("{kind} {n}: numbers must run 1, 2, 3 … without gaps or repeats (expected {expected})"),
                );
                break;
            }
        }
    }
    let nums: Vec<(u8, usize)> = kb
        .steps
        .iter()
        .map(|s| s.number)
        .zip(lines.steps.iter().copied())
        .collect();
    sequence(report, "roadmap.toml", "step", &nums);
    let nums: Vec<(u8, usize)> = kb
        .roles
        .iter()
        .map(|s| s.number)
        .zip(lines.roles.iter().copied())
        .collect();
    sequence(report, "roles.toml", "role", &nums);
    let nums: Vec<(u8, usize)> = kb
        .departments
        .iter()
        .map(|s| s.number)
        .zip(lines.departments.iter().copied())
        .collect();
    sequence(report, "departments.toml", "department", &nums);

    // Salary figures: positive amounts, ranges with min <= max, the right fields for each kind.
    let salaries_text = text("salaries.toml");
    let salary_lines = Lines {
        text: salaries_text,
    };
    for (c, l) in kb.countries.iter().zip(&lines.countries) {
        if c.currency.len() != 3 || !c.currency.chars().all(|ch| ch.is_ascii_uppercase()) {
            report.add(
                "salaries.toml",
                *l,
                format!(
                    "salary \"{}\": currency \"{}\" is not a 3-letter ISO code",
                    c.id, c.currency
                ),
            );
        }
        if c.figure.is_empty() {
            report.add(
                "salaries.toml",
                *l,
                format!("salary \"{}\": no figures", c.id),
            );
        }
        // Figures are nested tables; find each one's line after the country's.
        let mut cursor = offset_of_line(salaries_text, *l);
        for f in &c.figure {
            let fig_line = {
                let start = salaries_text[cursor..]
                    .find("[[country.figure]]")
                    .map(|p| cursor + p)
                    .unwrap_or(cursor);
                cursor = (start + 1).min(salaries_text.len());
                start
            };
            let at = |key: &str| salary_lines.of_key(fig_line, key);
            let what = format!("salary \"{}\"", c.id);
            match f.kind {
                FigureKind::Range => match (f.min, f.max) {
                    (Some(min), Some(max)) => {
                        if min == 0 || max == 0 {
                            report.add(
                                "salaries.toml",
                                at("min"),
                                format!("{what}: range figures must be positive"),
                            );
                        }
                        if min > max {
                            report.add(
                                "salaries.toml",
                                at("min"),
                                format!("{what}: range min {min} is above max {max}"),
                            );
                        }
                    }
                    _ => report.add(
                        "salaries.toml",
                        salary_lines.of(fig_line),
                        format!("{what}: a range figure needs both \"min\" and \"max\""),
                    ),
                },
                _ => match f.amount {
                    Some(0) => report.add(
                        "salaries.toml",
                        at("amount"),
                        format!("{what}: figure \"{}\" must be positive", f.label),
                    ),
                    Some(_) => {}
                    None => report.add(
                        "salaries.toml",
                        salary_lines.of(fig_line),
                        format!("{what}: figure \"{}\" needs an \"amount\"", f.label),
                    ),
                },
            }
        }
    }
    let m = &kb.overview.market;
    if m.from_value <= 0.0 || m.to_value <= 0.0 {
        let line = Lines {
            text: text("overview.toml"),
        }
        .of_key(0, "from_value");
        report.add("overview.toml", line, "market: values must be positive");
    }
    if m.from_year > m.to_year {
        let line = Lines {
            text: text("overview.toml"),
        }
        .of_key(0, "from_year");
        report.add(
            "overview.toml",
            line,
            format!(
                "market: from_year {} is after to_year {}",
                m.from_year, m.to_year
            ),
        );
    }
    let e = &kb.job.experience;
    if e.min_years > e.max_years {
        let line = Lines {
            text: text("job_description.toml"),
        }
        .of_key(0, "min_years");
        report.add(
            "job_description.toml",
            line,
            format!(
                "experience: range min {} is above max {}",
                e.min_years, e.max_years
            ),
        );
    }

    // No alias is claimed by two entities; every alias says something after normalisation.
    // Alias → (owner, file, record line, alias as written) of its first claim.
    let mut claimed: HashMap<String, (String, String, usize, String)> = HashMap::new();
    // The alias's own line: its first quoted occurrence at or after `from_line` (its record's
    // line, or its list's). Found only when there is a problem to report: scanning the text
    // for every alias would dominate loading.
    let alias_line = |file: &str, from_line: usize, alias: &str| {
        let file_text = text(file);
        let from = offset_of_line(file_text, from_line).min(file_text.len());
        file_text[from..]
            .find(&format!("\"{alias}\""))
            .map(|p| Lines { text: file_text }.of(from + p))
            .unwrap_or(from_line)
    };
    let mut claim = |report: &mut Report, file: &str, line: usize, owner: String, alias: &str| {
        let key = crate::core::normalize::phrase_key(alias);
        if key.is_empty() {
            report.add(
                file,
                alias_line(file, line, alias),
                format!("{owner}: alias \"{alias}\" has no letters or digits"),
            );
            return;
        }
        match claimed.get(&key) {
            Some((other, other_file, other_line, other_alias)) if *other != owner => {
                let other_at = alias_line(other_file, *other_line, other_alias);
                report.add(
                    file,
                    alias_line(file, line, alias),
                    format!(
                        "{owner}: alias \"{alias}\" is already claimed by {other} ({}/{other_file}:{other_at}); an alias may belong to one entity only",
                        report.origin
                    ),
                )
            }
            Some(_) => {}
            None => {
                claimed.insert(key, (owner, file.to_string(), line, alias.to_string()));
            }
        }
    };
    for (t, l) in kb.topics.iter().zip(&lines.topics) {
        for a in &t.aliases {
            claim(report, "topics.toml", *l, format!("topic \"{}\"", t.id), a);
        }
        // An abbreviation is spelt out when the learner types it: it must be one of the aliases.
        for ab in &t.abbreviations {
            let key = crate::core::normalize::phrase_key(&ab.short);
            if !t
                .aliases
                .iter()
                .any(|a| crate::core::normalize::phrase_key(a) == key)
            {
                report.add(
                    "topics.toml",
                    *l,
                    format!(
                        "topic \"{}\": abbreviation \"{}\" is not one of its aliases",
                        t.id, ab.short
                    ),
                );
            }
            if ab.long.trim().is_empty() {
                report.add(
                    "topics.toml",
                    *l,
                    format!(
                        "topic \"{}\": abbreviation \"{}\" has an empty `long`",
                        t.id, ab.short
                    ),
                );
            }
        }
    }
    for (t, l) in kb.tools.iter().zip(&lines.tools) {
        for a in &t.aliases {
            claim(report, "tools.toml", *l, format!("tool \"{}\"", t.id), a);
        }
    }
    for (c, l) in kb.certifications.iter().zip(&lines.certifications) {
        for a in &c.aliases {
            claim(
                report,
                "certifications.toml",
                *l,
                format!("certification \"{}\"", c.id),
                a,
            );
        }
    }
    for (c, l) in kb.countries.iter().zip(&lines.countries) {
        for a in c.aliases.iter().chain(&c.cities) {
            claim(
                report,
                "salaries.toml",
                *l,
                format!("salary \"{}\"", c.id),
                a,
            );
        }
    }
    let u = &kb.vocabulary.unknown;
    let vocabulary = text("vocabulary.toml");
    for (kind, key, list) in [
        ("unknown country", "countries", &u.countries),
        ("unknown certification", "certifications", &u.certifications),
        ("unknown tool", "tools", &u.tools),
        ("unknown profession", "professions", &u.professions),
        ("unknown role", "roles", &u.roles),
    ] {
        // The list's own line, so the alias is looked for in its list and not an earlier one.
        let list_line = vocabulary
            .find(&format!("\n{key} = ["))
            .map(|p| Lines { text: vocabulary }.of(p + 1))
            .unwrap_or(1);
        for a in list {
            let line = list_line;
            claim(
                report,
                "vocabulary.toml",
                line,
                format!("{kind} \"{a}\""),
                a,
            );
        }
    }

    // A currency word is one of a country's aliases, or it would never be found.
    let currency_line = vocabulary
        .find("\ncurrency_words = [")
        .map(|p| Lines { text: vocabulary }.of(p + 1))
        .unwrap_or(1);
    for w in &kb.vocabulary.currency_words {
        let key = crate::core::normalize::phrase_key(w);
        let is_alias = kb.countries.iter().any(|c| {
            c.aliases
                .iter()
                .any(|a| crate::core::normalize::phrase_key(a) == key)
        });
        if !is_alias {
            report.add(
                "vocabulary.toml",
                currency_line,
                format!("currency word \"{w}\" is not an alias of any country in salaries.toml"),
            );
        }
    }

    // A respelling is one word to one, or two words to two ("y para" → "and for").
    for (from, to) in &kb.vocabulary.respell {
        let words = |x: &str| x.split_whitespace().count();
        let fits = match words(from) {
            1 => words(to) >= 1,
            2 => words(to) == 2,
            _ => false,
        };
        if !fits {
            let line = vocabulary
                .find(&format!("\n\"{from}\" = "))
                .or_else(|| vocabulary.find(&format!("\n{from} = ")))
                .map(|p| Lines { text: vocabulary }.of(p + 1))
                .unwrap_or(1);
            report.add(
                "vocabulary.toml",
                line,
                format!(
                    "respelling \"{from}\" → \"{to}\": a key of one word, or of two words read as two"
                ),
            );
        }
    }

    // The intents are exactly the ones the engine answers.
    for (i, l) in kb.intents.iter().zip(&lines.intents) {
        if !INTENT_IDS.contains(&i.id.as_str()) {
            report.add(
                "intents.toml",
                *l,
                format!(
                    "intent \"{}\": unknown id (the engine answers: {})",
                    i.id,
                    INTENT_IDS.join(", ")
                ),
            );
        }
        if i.cues.is_empty() {
            report.add(
                "intents.toml",
                *l,
                format!("intent \"{}\": needs at least one cue", i.id),
            );
        }
    }
    for id in INTENT_IDS {
        if !kb.intents.iter().any(|i| i.id == id) {
            report.add("intents.toml", 0, format!("intent \"{id}\" is missing"));
        }
    }
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && {
            let year: u32 = s[..4].parse().unwrap_or(0);
            let month: u32 = s[5..7].parse().unwrap_or(0);
            let day: u32 = s[8..10].parse().unwrap_or(0);
            let leap =
                year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
            let days = match month {
                1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
                4 | 6 | 9 | 11 => 30,
                2 if leap => 29,
                2 => 28,
                _ => 0,
            };
            (1..=days).contains(&day)
        }
}

/// Byte offset of the start of 1-based `line`.
fn offset_of_line(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n')
        .nth(line - 2)
        .map(|(i, _)| i + 1)
        .unwrap_or(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_knowledge_loads() {
        let kb = Knowledge::embedded().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(kb.roles.len(), 7);
        assert_eq!(kb.steps.len(), 7);
        assert_eq!(kb.certifications.len(), 6);
    }

    #[test]
    fn lines_count_from_one() {
        let lines = Lines { text: "a\nb\nc" };
        assert_eq!(lines.of(0), 1);
        assert_eq!(lines.of(2), 2);
        assert_eq!(offset_of_line("a\nb\nc", 3), 4);
    }
}
