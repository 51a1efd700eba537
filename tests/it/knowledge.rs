//! The knowledge base, as a learner and an editor meet it: every fact of the seed post is loaded
//! as written, and every kind of mistake an editor can make in `knowledge/` is reported with the
//! file and the line to fix.

use crate::support::{copy_knowledge, knowledge_dir, line_of, missing_dir, record_line};
use devops_guide::core::knowledge::{
    Country, Figure, FigureKind, KbError, Knowledge, NOT_NAMED, NumberFormat, Problem,
};
use std::collections::HashSet;
use std::path::Path;

/// The seed post's id in `sources.toml`.
const SEED: &str = "edstellar-2025";

fn kb() -> Knowledge {
    Knowledge::embedded().unwrap_or_else(|e| panic!("the embedded knowledge does not load:\n{e}"))
}

fn country<'a>(kb: &'a Knowledge, id: &str) -> &'a Country {
    kb.countries
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no salary record for {id}"))
}

fn figure(country: &Country, kind: FigureKind) -> &Figure {
    country
        .figure
        .iter()
        .find(|f| f.kind == kind)
        .unwrap_or_else(|| panic!("{} has no {kind:?} figure", country.id))
}

fn amount(country: &Country, kind: FigureKind) -> u64 {
    figure(country, kind)
        .amount
        .unwrap_or_else(|| panic!("{} {kind:?} has no amount", country.id))
}

fn range(country: &Country) -> (u64, u64) {
    let f = figure(country, FigureKind::Range);
    (f.min.expect("range min"), f.max.expect("range max"))
}

// ---------------------------------------------------------------------------------------------
// What a learner is told: the seed's facts, as the post states them.

/// The facts come from the Edstellar post of 24 February 2025, and the knowledge says so.
#[test]
fn the_seed_post_is_a_source_dated_2025_02_24() {
    let kb = kb();
    let seed = kb
        .sources
        .iter()
        .find(|s| s.id == SEED)
        .expect("the seed source");
    assert_eq!(seed.date, "2025-02-24");
    assert_eq!(seed.date_label, "February 2025");
    assert_eq!(
        seed.title,
        "7 Key Roles and Responsibilities of a DevOps Engineer"
    );
    assert!(seed.publisher.contains("Edstellar"), "{}", seed.publisher);
    assert_eq!(kb.source(SEED).date, "2025-02-24");
}

/// Whatever a learner is told can be traced: every record names a source that exists.
#[test]
fn every_record_names_a_source_that_resolves() {
    let kb = kb();
    let ids: HashSet<&str> = kb.sources.iter().map(|s| s.id.as_str()).collect();
    let mut named: Vec<(String, &str)> = vec![
        ("overview".into(), kb.overview.source.as_str()),
        ("job description".into(), kb.job.source.as_str()),
    ];
    named.extend(
        kb.roles
            .iter()
            .map(|r| (format!("role {}", r.id), r.source.as_str())),
    );
    named.extend(
        kb.skills
            .iter()
            .map(|r| (format!("skill {}", r.id), r.source.as_str())),
    );
    named.extend(
        kb.countries
            .iter()
            .map(|r| (format!("salary {}", r.id), r.source.as_str())),
    );
    named.extend(
        kb.certifications
            .iter()
            .map(|r| (format!("certification {}", r.id), r.source.as_str())),
    );
    named.extend(kb.certifications.iter().filter_map(|r| {
        r.issuer_source
            .as_deref()
            .map(|s| (format!("certification {} issuer", r.id), s))
    }));
    named.extend(
        kb.activities
            .iter()
            .map(|r| (format!("activity {}", r.id), r.source.as_str())),
    );
    named.extend(
        kb.departments
            .iter()
            .map(|r| (format!("department {}", r.id), r.source.as_str())),
    );
    named.extend(
        kb.steps
            .iter()
            .map(|r| (format!("step {}", r.number), r.source.as_str())),
    );
    for (what, source) in &named {
        assert!(!source.is_empty(), "{what} names no source");
        assert!(
            ids.contains(source),
            "{what} names unknown source {source:?}"
        );
    }
    for source in &kb.sources {
        assert!(
            !source.date.is_empty() && !source.date_label.is_empty(),
            "{}",
            source.id
        );
    }
}

/// Salaries are given for exactly the five countries of the post, in its order.
#[test]
fn salaries_cover_the_five_countries_of_the_post() {
    let ids: Vec<String> = kb().countries.iter().map(|c| c.id.clone()).collect();
    assert_eq!(ids, ["us", "uk", "india", "canada", "australia"]);
}

/// A learner in the US is told $142,314 total and $109,670 base, as Glassdoor reports.
#[test]
fn us_salary_is_142314_total_and_109670_base_from_glassdoor() {
    let kb = kb();
    let us = country(&kb, "us");
    assert_eq!(us.currency, "USD");
    assert_eq!(amount(us, FigureKind::Total), 142_314);
    assert_eq!(amount(us, FigureKind::Base), 109_670);
    assert_eq!(us.reported_by, "Glassdoor");
    assert_eq!(us.cited_source(), Some("Glassdoor"));
}

/// A learner in the UK is told about £57,500, with most salaries between £41,100 and £100,000,
/// as DevIT reports.
#[test]
fn uk_salary_is_57500_within_41100_to_100000_from_devit() {
    let kb = kb();
    let uk = country(&kb, "uk");
    assert_eq!(uk.currency, "GBP");
    assert_eq!(amount(uk, FigureKind::Typical), 57_500);
    assert_eq!(range(uk), (41_100, 100_000));
    assert_eq!(uk.reported_by, "DevIT");
}

/// A learner in India is told ₹3.8–14.5 lakh, for two to six years of experience, from 93,900
/// salaries, and that the post names no source for it.
#[test]
fn india_salary_is_380000_to_1450000_inr_for_two_to_six_years() {
    let kb = kb();
    let india = country(&kb, "india");
    assert_eq!(india.currency, "INR");
    assert_eq!(india.number_format, NumberFormat::Indian);
    assert_eq!(range(india), (380_000, 1_450_000));
    assert_eq!(india.sample_size, Some(93_900));
    let experience = india.experience.as_deref().expect("india experience");
    assert!(experience.contains("two to six years"), "{experience}");
    assert_eq!(india.reported_by, NOT_NAMED);
    assert_eq!(india.cited_source(), None);
}

/// A learner in Canada is told CA$98,541 total = CA$91,910 base + CA$6,631 extra; no source named.
#[test]
fn canada_salary_is_98541_total_91910_base_6631_extra_cad() {
    let kb = kb();
    let canada = country(&kb, "canada");
    assert_eq!(canada.currency, "CAD");
    assert_eq!(amount(canada, FigureKind::Total), 98_541);
    assert_eq!(amount(canada, FigureKind::Base), 91_910);
    assert_eq!(amount(canada, FigureKind::Extra), 6_631);
    assert_eq!(canada.reported_by, NOT_NAMED);
}

/// A learner in Australia is told $125,000 total = $120,000 base + $5,000 extra; no source named.
#[test]
fn australia_salary_is_125000_total_120000_base_5000_extra() {
    let kb = kb();
    let australia = country(&kb, "australia");
    assert_eq!(australia.currency, "AUD");
    assert_eq!(amount(australia, FigureKind::Total), 125_000);
    assert_eq!(amount(australia, FigureKind::Base), 120_000);
    assert_eq!(amount(australia, FigureKind::Extra), 5_000);
    assert_eq!(australia.reported_by, NOT_NAMED);
}

/// A learner asking about the market hears Imarc's USD 13.2 billion in 2024, 81.1 billion by 2028.
#[test]
fn the_market_grows_from_13_2_billion_in_2024_to_81_1_by_2028_per_imarc() {
    let m = kb().overview.market;
    assert_eq!(m.reported_by, "Imarc");
    assert_eq!(m.currency, "USD");
    assert_eq!(m.unit, "billion");
    assert_eq!((m.from_year, m.to_year), (2024, 2028));
    assert!((m.from_value - 13.2).abs() < 1e-9, "{}", m.from_value);
    assert!((m.to_value - 81.1).abs() < 1e-9, "{}", m.to_value);
}

/// A learner choosing a certification hears the six of the post, in its order.
#[test]
fn the_six_certifications_of_the_post() {
    let names: Vec<String> = kb().certifications.iter().map(|c| c.name.clone()).collect();
    assert_eq!(
        names,
        [
            "AWS Certified DevOps Engineer – Professional",
            "Google Professional DevOps Engineer",
            "Microsoft Certified: DevOps Engineer Expert",
            "Certified Kubernetes Administrator (CKA)",
            "HashiCorp Certified: Terraform Associate",
            "Certified Jenkins Engineer (CJE)",
        ]
    );
}

/// A learner following the roadmap gets its seven steps in order: Linux, Terraform, Docker,
/// Jenkins, AWS, DevSecOps, certifications.
#[test]
fn the_roadmap_has_seven_steps_in_order() {
    let kb = kb();
    let numbers: Vec<u8> = kb.steps.iter().map(|s| s.number).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5, 6, 7]);
    let expected = [
        "Linux",
        "Terraform",
        "Docker",
        "Jenkins",
        "AWS",
        "DevSecOps",
        "certifications",
    ];
    for (step, word) in kb.steps.iter().zip(expected) {
        assert!(
            step.text.contains(word),
            "step {}: {:?} lacks {word}",
            step.number,
            step.text
        );
    }
    let last = &kb.steps[6];
    let certs: HashSet<&str> = last.certifications.iter().map(String::as_str).collect();
    let all: HashSet<&str> = kb.certifications.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(certs, all, "the last step leads to every certification");
}

/// A learner asking what the job is gets the seven key roles of the post, in order.
#[test]
fn the_seven_key_roles_in_order() {
    let kb = kb();
    let titles: Vec<&str> = kb.roles.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "AI-Driven Automation and Infrastructure Management",
            "CI/CD Pipeline Optimization for AI Models",
            "Security and Compliance Automation",
            "Observability and AI-Based Monitoring",
            "Managing Cloud-Native AI Workloads",
            "Data Pipeline and MLOps Integration",
            "Edge Computing and AI Model Deployment",
        ]
    );
    let numbers: Vec<u8> = kb.roles.iter().map(|r| r.number).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5, 6, 7]);
}

/// A learner asking what to know gets the seven skills of the table, each with why it matters.
#[test]
fn the_seven_skills_of_the_table() {
    let kb = kb();
    let names: Vec<&str> = kb.skills.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "CI/CD (Continuous Integration & Continuous Deployment)",
            "Cloud Platforms",
            "Infrastructure as Code (IaC)",
            "Containerization & Orchestration",
            "Monitoring & Logging",
            "Scripting & Automation",
            "Security & Compliance",
        ]
    );
    for skill in &kb.skills {
        assert!(
            !skill.why.trim().is_empty(),
            "skill {} says no why",
            skill.id
        );
    }
}

/// A learner reading the sample job description gets its nine responsibilities and the 3–5+ years
/// of experience it asks for.
#[test]
fn the_job_description_has_nine_responsibilities_and_asks_3_to_5_plus_years() {
    let job = kb().job;
    assert_eq!(job.responsibilities.len(), 9, "{:#?}", job.responsibilities);
    assert!(
        job.responsibilities[0].contains("CI/CD"),
        "{}",
        job.responsibilities[0]
    );
    assert!(
        job.responsibilities[8].contains("disaster recovery"),
        "{}",
        job.responsibilities[8]
    );
    let e = &job.experience;
    assert_eq!((e.min_years, e.max_years, e.open_ended), (3, 5, true));
    assert!(e.text.contains("3-5+ years"), "{}", e.text);
    assert_eq!(job.preferred_certifications, ["aws", "gcp", "azure", "cka"]);
    assert_eq!(job.education.degree, "Bachelor's degree");
}

/// A learner asking who they will work with hears the five departments of the post, in order.
#[test]
fn the_five_departments_in_order() {
    let names: Vec<String> = kb().departments.iter().map(|d| d.name.clone()).collect();
    assert_eq!(
        names,
        [
            "Software Development",
            "Data Science",
            "IT Security",
            "Cloud Engineering",
            "Product Management",
        ]
    );
}

/// A learner asking about a typical day hears the seven activities of the post.
#[test]
fn the_seven_day_to_day_activities() {
    let kb = kb();
    assert_eq!(kb.activities.len(), 7);
    let ids: Vec<&str> = kb.activities.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "infrastructure",
            "pipelines",
            "security",
            "monitoring",
            "optimizing",
            "collaborating",
            "containers",
        ]
    );
}

/// The repository's `knowledge/` directory, loaded from disk, is the same knowledge as the copy
/// compiled into the binary, and names its files by that directory.
#[test]
fn the_repository_directory_loads_like_the_embedded_copy() {
    let dir = knowledge_dir();
    let from_disk = Knowledge::load_dir(&dir)
        .unwrap_or_else(|e| panic!("{} does not load:\n{e}", dir.display()));
    let embedded = kb();
    assert_eq!(from_disk.summary(), embedded.summary());
    assert_eq!(from_disk.version(), embedded.version());
    assert_eq!(from_disk.origin, dir.display().to_string());
    assert_eq!(embedded.origin, "knowledge");
}

/// An untouched copy of the knowledge loads: the tests below break one thing at a time.
#[test]
fn an_untouched_copy_loads() {
    let copy = copy_knowledge();
    Knowledge::load_dir(copy.path()).unwrap_or_else(|e| panic!("{e}"));
}

// ---------------------------------------------------------------------------------------------
// What an editor is told: every mistake names the file and the line.

/// The problems of a directory that must not load.
fn problems(dir: &Path) -> Vec<Problem> {
    match Knowledge::load_dir(dir) {
        Ok(_) => panic!("{} loaded, but it holds a mistake", dir.display()),
        Err(KbError::Invalid(problems)) => {
            assert!(!problems.is_empty(), "KbError::Invalid with no problem");
            problems
        }
        Err(e) => panic!("expected KbError::Invalid, got {e:?}"),
    }
}

/// Asserts that one problem is at `file:line` and its message holds every fragment.
fn assert_reported(problems: &[Problem], file: &str, line: usize, fragments: &[&str]) {
    let found = problems.iter().any(|p| {
        p.file == file && p.line == line && fragments.iter().all(|f| p.message.contains(f))
    });
    let listed: Vec<String> = problems.iter().map(Problem::to_string).collect();
    assert!(
        found,
        "expected a problem at {file}:{line} saying {fragments:?}; got:\n{}",
        listed.join("\n")
    );
}

/// A broken quote is reported at its line, as a TOML syntax error.
#[test]
fn malformed_toml_is_reported_at_its_line() {
    let copy = copy_knowledge();
    let broken = "title = \"Security and Compliance Automation\n";
    let text = copy.replace(
        "roles.toml",
        "title = \"Security and Compliance Automation\"\n",
        broken,
    );
    let line = line_of(&text, broken);
    let problems = problems(copy.path());
    assert_reported(&problems, &copy.problem_file("roles.toml"), line, &[]);
    assert_eq!(problems.len(), 1, "{problems:#?}");
}

/// A misspelt key (`salry = 1`) is reported at its line and named, not silently ignored.
#[test]
fn an_unknown_field_is_reported_at_its_line() {
    let copy = copy_knowledge();
    let text = copy.replace(
        "salaries.toml",
        "reported_by = \"DevIT\"\n",
        "reported_by = \"DevIT\"\nsalry = 1\n",
    );
    let line = line_of(&text, "salry = 1");
    let problems = problems(copy.path());
    assert_reported(
        &problems,
        &copy.problem_file("salaries.toml"),
        line,
        &["unknown field", "salry"],
    );
}

/// A skill without its required `why` is reported at the skill's record, naming the field.
#[test]
fn a_missing_field_is_reported_at_its_record() {
    let copy = copy_knowledge();
    let original = copy.read("skills.toml");
    let why = "why = \"Automates infrastructure setup, ensuring consistency, scalability, and quick provisioning.\"\n";
    let removed_at = line_of(&original, why);
    let text = copy.replace("skills.toml", why, "");
    let line = record_line(&text, removed_at - 1, "[[skill]]");
    let problems = problems(copy.path());
    assert_reported(
        &problems,
        &copy.problem_file("skills.toml"),
        line,
        &["missing field", "why"],
    );
}

/// Two roles with one id: the second is reported at its record, pointing back to the first.
#[test]
fn a_duplicate_id_is_reported_at_the_second_record() {
    let copy = copy_knowledge();
    let text = copy.replace("roles.toml", "id = \"ci_cd\"\n", "id = \"automation\"\n");
    let first = record_line(&text, line_of(&text, "id = \"automation\""), "[[role]]");
    let injected = text.rfind("id = \"automation\"").expect("injected id");
    let second = record_line(
        &text,
        text[..injected].matches('\n').count() + 1,
        "[[role]]",
    );
    assert_ne!(first, second);
    let problems = problems(copy.path());
    assert_reported(
        &problems,
        &copy.problem_file("roles.toml"),
        second,
        &[
            "role \"automation\"",
            "duplicate id",
            &format!("first defined on line {first}"),
        ],
    );
}

/// A roadmap step naming a tool the knowledge does not hold ("helm") is reported at the step.
#[test]
fn a_dangling_reference_is_reported_at_its_record() {
    let copy = copy_knowledge();
    let text = copy.replace(
        "roadmap.toml",
        "tools = [\"docker\", \"kubernetes\"]\n",
        "tools = [\"docker\", \"kubernetes\", \"helm\"]\n",
    );
    let line = record_line(&text, line_of(&text, "\"helm\""), "[[step]]");
    let problems = problems(copy.path());
    assert_reported(
        &problems,
        &copy.problem_file("roadmap.toml"),
        line,
        &["step 3", "unknown tool", "\"helm\""],
    );
}

/// An abbreviation spelt out for a topic must be a word learners type for that topic, or the
/// guide would never spell it out.
#[test]
fn an_abbreviation_that_is_not_an_alias_is_reported_at_its_topic() {
    let copy = copy_knowledge();
    let text = copy.replace("topics.toml", "short = \"IaC\"", "short = \"IaaC\"");
    let line = record_line(&text, line_of(&text, "\"IaaC\""), "[[topic]]");
    let problems = problems(copy.path());
    assert_reported(
        &problems,
        &copy.problem_file("topics.toml"),
        line,
        &[
            "topic \"iac\"",
            "abbreviation \"IaaC\"",
            "not one of its aliases",
        ],
    );
}

/// A currency word must be one of a country's aliases, or "salary in rupees" would find nothing.
#[test]
fn a_currency_word_that_is_no_country_alias_is_reported_at_its_list() {
    let copy = copy_knowledge();
    let text = copy.replace(
        "vocabulary.toml",
        "currency_words = [",
        "currency_words = [\"yen\", ",
    );
    let line = line_of(&text, "currency_words = [");
    let problems = problems(copy.path());
    assert_reported(
        &problems,
        &copy.problem_file("vocabulary.toml"),
        line,
        &["currency word \"yen\"", "not an alias of any country"],
    );
}

/// A two-word respelling reads two words as two ("y para" → "and for"); one that maps them to
/// one word is reported at its line.
#[test]
fn a_two_word_respelling_to_one_word_is_reported_at_its_line() {
    let copy = copy_knowledge();
    let text = copy.replace(
        "vocabulary.toml",
        "\"y para\" = \"and for\"",
        "\"y para\" = \"for\"",
    );
    let line = line_of(&text, "\"y para\" = \"for\"");
    let problems = problems(copy.path());
    assert_reported(
        &problems,
        &copy.problem_file("vocabulary.toml"),
        line,
        &["respelling \"y para\"", "two words read as two"],
    );
}

/// One alias for two things ("k8s" for a topic and for Kubernetes) is reported, naming both
/// owners, at the line of the alias in one of them.
#[test]
fn an_alias_clash_is_reported_naming_both_owners() {
    let copy = copy_knowledge();
    let topics = copy.replace(
        "topics.toml",
        "aliases = [\"containers\", ",
        "aliases = [\"containers\", \"k8s\", ",
    );
    let topic_line = line_of(&topics, "\"k8s\"");
    let tools = copy.read("tools.toml");
    let tool_line = line_of(&tools, "\"k8s\"");
    let problems = problems(copy.path());
    let clash: Vec<&Problem> = problems
        .iter()
        .filter(|p| p.message.contains("alias \"k8s\""))
        .collect();
    assert_eq!(clash.len(), 1, "{problems:#?}");
    let p = clash[0];
    assert!(
        p.message.contains("topic \"containers\"") && p.message.contains("tool \"kubernetes\""),
        "{p}"
    );
    let at_topic = (copy.problem_file("topics.toml"), topic_line);
    let at_tool = (copy.problem_file("tools.toml"), tool_line);
    let at = (p.file.clone(), p.line);
    assert!(
        at == at_topic || at == at_tool,
        "{p} is at neither {at_topic:?} nor {at_tool:?}"
    );
}

/// A salary range with min above max is reported at the `min = ` line, with both values.
#[test]
fn a_reversed_range_is_reported_at_its_min_line() {
    let copy = copy_knowledge();
    let text = copy.replace(
        "salaries.toml",
        "min = 41100\nmax = 100000\n",
        "min = 100000\nmax = 41100\n",
    );
    let line = line_of(&text, "min = 100000");
    let problems = problems(copy.path());
    assert_reported(
        &problems,
        &copy.problem_file("salaries.toml"),
        line,
        &["salary \"uk\"", "range min 100000 is above max 41100"],
    );
    assert_eq!(problems.len(), 1, "{problems:#?}");
}

/// A source date that is not YYYY-MM-DD is reported at its `date = ` line.
#[test]
fn a_bad_date_is_reported_at_its_line() {
    let copy = copy_knowledge();
    let text = copy.replace(
        "sources.toml",
        "date = \"2025-02-24\"\n",
        "date = \"24 Feb 2025\"\n",
    );
    let line = line_of(&text, "date = \"24 Feb 2025\"");
    let problems = problems(copy.path());
    assert_reported(
        &problems,
        &copy.problem_file("sources.toml"),
        line,
        &["source \"edstellar-2025\"", "\"24 Feb 2025\"", "YYYY-MM-DD"],
    );
}

/// A date in the right shape but not in the calendar (30 February) is a bad date too.
#[test]
fn an_impossible_calendar_date_is_reported() {
    let copy = copy_knowledge();
    let text = copy.replace(
        "sources.toml",
        "date = \"2025-02-24\"\n",
        "date = \"2025-02-30\"\n",
    );
    let line = line_of(&text, "date = \"2025-02-30\"");
    let problems = problems(copy.path());
    assert_reported(
        &problems,
        &copy.problem_file("sources.toml"),
        line,
        &["\"2025-02-30\"", "YYYY-MM-DD"],
    );
}

/// An intent id the engine does not answer is reported at its record, and the intent it replaced
/// is reported missing.
#[test]
fn an_unknown_intent_id_is_reported_at_its_record() {
    let copy = copy_knowledge();
    let text = copy.replace("intents.toml", "id = \"thanks\"\n", "id = \"thank_you\"\n");
    let line = record_line(&text, line_of(&text, "id = \"thank_you\""), "[[intent]]");
    let problems = problems(copy.path());
    let file = copy.problem_file("intents.toml");
    assert_reported(
        &problems,
        &file,
        line,
        &["intent \"thank_you\"", "unknown id"],
    );
    assert_reported(&problems, &file, 0, &["intent \"thanks\" is missing"]);
}

/// Mistakes in several files are all reported at once, each at its own file and line, so an
/// editor fixes them in one pass.
#[test]
fn problems_in_several_files_are_all_reported() {
    let copy = copy_knowledge();
    let salaries = copy.replace(
        "salaries.toml",
        "min = 41100\nmax = 100000\n",
        "min = 100000\nmax = 41100\n",
    );
    let roadmap = copy.replace(
        "roadmap.toml",
        "tools = [\"docker\", \"kubernetes\"]\n",
        "tools = [\"docker\", \"kubernetes\", \"helm\"]\n",
    );
    let sources = copy.replace(
        "sources.toml",
        "date = \"2025-02-24\"\n",
        "date = \"24 Feb 2025\"\n",
    );
    let intents = copy.replace("intents.toml", "id = \"thanks\"\n", "id = \"thank_you\"\n");
    let problems = problems(copy.path());
    assert_reported(
        &problems,
        &copy.problem_file("salaries.toml"),
        line_of(&salaries, "min = 100000"),
        &["range min 100000 is above max 41100"],
    );
    assert_reported(
        &problems,
        &copy.problem_file("roadmap.toml"),
        record_line(&roadmap, line_of(&roadmap, "\"helm\""), "[[step]]"),
        &["unknown tool \"helm\""],
    );
    assert_reported(
        &problems,
        &copy.problem_file("sources.toml"),
        line_of(&sources, "date = \"24 Feb 2025\""),
        &["YYYY-MM-DD"],
    );
    assert_reported(
        &problems,
        &copy.problem_file("intents.toml"),
        record_line(
            &intents,
            line_of(&intents, "id = \"thank_you\""),
            "[[intent]]",
        ),
        &["unknown id"],
    );
}

/// Syntax errors in two files are both reported, not only the first file's.
#[test]
fn syntax_errors_in_several_files_are_all_reported() {
    let copy = copy_knowledge();
    let roles = copy.replace(
        "roles.toml",
        "title = \"Security and Compliance Automation\"\n",
        "title = \"Security and Compliance Automation\n",
    );
    let salaries = copy.replace(
        "salaries.toml",
        "reported_by = \"DevIT\"\n",
        "reported_by = \"DevIT\"\nsalry = 1\n",
    );
    let problems = problems(copy.path());
    assert_reported(
        &problems,
        &copy.problem_file("roles.toml"),
        line_of(&roles, "title = \"Security and Compliance Automation\n"),
        &[],
    );
    assert_reported(
        &problems,
        &copy.problem_file("salaries.toml"),
        line_of(&salaries, "salry = 1"),
        &["salry"],
    );
}

/// A knowledge file that is missing from the directory is named.
#[test]
fn a_missing_file_is_named() {
    let copy = copy_knowledge();
    copy.remove("tools.toml");
    let problems = problems(copy.path());
    assert_reported(
        &problems,
        &copy.problem_file("tools.toml"),
        0,
        &["cannot read"],
    );
}

/// A stray `.toml` file (a misspelt file name) is reported rather than silently ignored.
#[test]
fn an_unknown_knowledge_file_is_named() {
    let copy = copy_knowledge();
    let text = copy.read("tools.toml");
    copy.write("tool.toml", &text);
    let problems = problems(copy.path());
    assert_reported(
        &problems,
        &copy.problem_file("tool.toml"),
        0,
        &["unknown knowledge file"],
    );
}

/// Every problem prints as `path:line: message`, one per line, so editors can jump to it.
#[test]
fn problems_print_as_path_line_message() {
    let copy = copy_knowledge();
    let text = copy.replace(
        "salaries.toml",
        "min = 41100\nmax = 100000\n",
        "min = 100000\nmax = 41100\n",
    );
    let line = line_of(&text, "min = 100000");
    let err = Knowledge::load_dir(copy.path()).expect_err("a reversed range");
    assert_eq!(
        err.to_string(),
        format!(
            "{}:{line}: salary \"uk\": range min 100000 is above max 41100",
            copy.problem_file("salaries.toml")
        )
    );
}

/// A directory that does not exist is a `KbError::Directory` naming it, not a list of problems.
#[test]
fn a_directory_that_does_not_exist_is_a_directory_error() {
    let dir = missing_dir();
    match Knowledge::load_dir(&dir) {
        Err(KbError::Directory { path, source }) => {
            assert_eq!(path, dir);
            assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
        }
        Err(e) => panic!("expected KbError::Directory, got {e:?}"),
        Ok(_) => panic!("{} loaded", dir.display()),
    }
}

/// A file given where a directory is expected is a `KbError::Directory` too.
#[test]
fn a_file_instead_of_a_directory_is_a_directory_error() {
    let file = knowledge_dir().join("salaries.toml");
    match Knowledge::load_dir(&file) {
        Err(KbError::Directory { path, .. }) => assert_eq!(path, file),
        Err(e) => panic!("expected KbError::Directory, got {e:?}"),
        Ok(_) => panic!("{} loaded as a directory", file.display()),
    }
}
