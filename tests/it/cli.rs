//! The real `devops-guide` binary, run the way learners, editors and other programs run it:
//! `check`, `ask`, `chat` (plain and `--jsonl`), `--knowledge` and `DEVOPS_GUIDE_KNOWLEDGE`, and
//! the exit codes (0 ok, 1 problems found, 2 usage or configuration error).

use crate::support::{
    bin, code, copy_knowledge, knowledge_dir, line_of, missing_dir, run, run_quiet, stderr, stdout,
};
use serde_json::Value;

/// The UK figure a test copy changes, and what it is changed to.
const UK_TYPICAL: &str = "amount = 57500\n";
const UK_TYPICAL_CHANGED: &str = "amount = 61234\n";

/// The summary line `check` prints for a count (`   6 certifications`).
fn has_count(out: &str, n: usize, what: &str) -> bool {
    out.lines().any(|l| l.trim() == format!("{n} {what}"))
}

// ---------------------------------------------------------------------------------------------
// check

/// `devops-guide check` validates the built-in knowledge, exits 0 and prints what it holds.
#[test]
fn check_of_the_built_in_knowledge_exits_0_with_a_summary() {
    let out = run_quiet(bin().arg("check"));
    assert_eq!(code(&out), 0, "stderr:\n{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("knowledge in knowledge is valid"), "{text}");
    for (n, what) in [
        (7, "roles"),
        (7, "skills"),
        (9, "job description responsibilities"),
        (5, "salary countries"),
        (6, "certifications"),
        (7, "day-to-day activities"),
        (5, "departments"),
        (7, "roadmap steps"),
        (17, "kinds of question"),
    ] {
        assert!(
            has_count(&text, n, what),
            "no \"{n} {what}\" line in:\n{text}"
        );
    }
}

/// `devops-guide check knowledge/` validates the repository's directory and names it.
#[test]
fn check_of_the_repository_directory_exits_0() {
    let dir = knowledge_dir();
    let out = run_quiet(bin().arg("check").arg(&dir));
    assert_eq!(code(&out), 0, "stderr:\n{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains(&format!("knowledge in {} is valid", dir.display())),
        "{text}"
    );
    assert!(has_count(&text, 6, "certifications"), "{text}");
}

/// `check` of a broken copy exits 1 and prints `path:line: message` on stderr, nothing on stdout.
#[test]
fn check_of_a_broken_directory_exits_1_with_path_line_message() {
    let copy = copy_knowledge();
    let text = copy.replace(
        "salaries.toml",
        "min = 41100\nmax = 100000\n",
        "min = 100000\nmax = 41100\n",
    );
    let line = line_of(&text, "min = 100000");
    let out = run_quiet(bin().arg("check").arg(copy.path()));
    let err = stderr(&out);
    assert_eq!(code(&out), 1, "stderr:\n{err}");
    let expected = format!(
        "{}:{line}: salary \"uk\": range min 100000 is above max 41100",
        copy.problem_file("salaries.toml")
    );
    assert!(
        err.lines().any(|l| l == expected),
        "no line {expected:?} in:\n{err}"
    );
    assert!(err.contains("problem(s) found"), "{err}");
    assert_eq!(stdout(&out), "");
}

/// `check` of a directory that does not exist exits 2 and names it.
#[test]
fn check_of_a_missing_directory_exits_2() {
    let dir = missing_dir();
    let out = run_quiet(bin().arg("check").arg(&dir));
    assert_eq!(code(&out), 2, "stderr:\n{}", stderr(&out));
    assert!(
        stderr(&out).contains(&dir.display().to_string()),
        "{}",
        stderr(&out)
    );
}

/// `check` with no argument checks the directory of `DEVOPS_GUIDE_KNOWLEDGE` when it is set.
#[test]
fn check_uses_the_environment_directory() {
    let copy = copy_knowledge();
    copy.replace(
        "salaries.toml",
        "min = 41100\nmax = 100000\n",
        "min = 100000\nmax = 41100\n",
    );
    let out = run_quiet(
        bin()
            .arg("check")
            .env("DEVOPS_GUIDE_KNOWLEDGE", copy.path()),
    );
    assert_eq!(code(&out), 1, "stderr:\n{}", stderr(&out));
    assert!(
        stderr(&out).contains(&copy.problem_file("salaries.toml")),
        "{}",
        stderr(&out)
    );
}

// ---------------------------------------------------------------------------------------------
// choosing the knowledge

/// Without a directory, the UK figure is the built-in £57,500.
#[test]
fn ask_uses_the_built_in_knowledge_by_default() {
    let out = run_quiet(bin().args(["ask", "devops salary in the uk"]));
    assert_eq!(code(&out), 0, "stderr:\n{}", stderr(&out));
    assert!(stdout(&out).contains("£57,500"), "{}", stdout(&out));
}

/// `--knowledge DIR` (before or after the subcommand) answers from DIR: a copy whose UK figure
/// was changed gives the changed figure.
#[test]
fn knowledge_option_selects_the_directory() {
    let copy = copy_knowledge();
    copy.replace("salaries.toml", UK_TYPICAL, UK_TYPICAL_CHANGED);
    let after = run_quiet(
        bin()
            .args(["ask", "--knowledge"])
            .arg(copy.path())
            .arg("devops salary in the uk"),
    );
    let before = run_quiet(
        bin()
            .arg("--knowledge")
            .arg(copy.path())
            .args(["ask", "devops salary in the uk"]),
    );
    for out in [after, before] {
        assert_eq!(code(&out), 0, "stderr:\n{}", stderr(&out));
        let text = stdout(&out);
        assert!(text.contains("£61,234"), "{text}");
        assert!(!text.contains("£57,500"), "{text}");
    }
}

/// `DEVOPS_GUIDE_KNOWLEDGE=DIR` answers from DIR as well.
#[test]
fn environment_variable_selects_the_directory() {
    let copy = copy_knowledge();
    copy.replace("salaries.toml", UK_TYPICAL, UK_TYPICAL_CHANGED);
    let out = run_quiet(
        bin()
            .env("DEVOPS_GUIDE_KNOWLEDGE", copy.path())
            .args(["ask", "devops salary in the uk"]),
    );
    assert_eq!(code(&out), 0, "stderr:\n{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("£61,234"), "{text}");
    assert!(!text.contains("£57,500"), "{text}");
}

/// `--knowledge` wins over the environment variable.
#[test]
fn knowledge_option_overrides_the_environment_variable() {
    let copy = copy_knowledge();
    copy.replace("salaries.toml", UK_TYPICAL, UK_TYPICAL_CHANGED);
    let out = run_quiet(
        bin()
            .env("DEVOPS_GUIDE_KNOWLEDGE", missing_dir())
            .arg("--knowledge")
            .arg(copy.path())
            .args(["ask", "devops salary in the uk"]),
    );
    assert_eq!(code(&out), 0, "stderr:\n{}", stderr(&out));
    assert!(stdout(&out).contains("£61,234"), "{}", stdout(&out));
}

/// Answering from a broken directory exits 2 and points the user to `check`.
#[test]
fn ask_with_a_broken_directory_exits_2_and_suggests_check() {
    let copy = copy_knowledge();
    copy.replace(
        "salaries.toml",
        "min = 41100\nmax = 100000\n",
        "min = 100000\nmax = 41100\n",
    );
    let out = run_quiet(
        bin()
            .arg("--knowledge")
            .arg(copy.path())
            .args(["ask", "devops salary in the uk"]),
    );
    assert_eq!(code(&out), 2, "stdout:\n{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains("range min 100000 is above max 41100"), "{err}");
    assert!(err.contains("devops-guide check"), "{err}");
    assert_eq!(stdout(&out), "");
}

// ---------------------------------------------------------------------------------------------
// ask

/// A learner asking which certification to get for Kubernetes is told the CKA.
#[test]
fn ask_which_cert_for_kubernetes_names_the_cka() {
    let out = run_quiet(bin().args(["ask", "what cert for kubernetes"]));
    assert_eq!(code(&out), 0, "stderr:\n{}", stderr(&out));
    assert!(
        stdout(&out).contains("Certified Kubernetes Administrator (CKA)"),
        "{}",
        stdout(&out)
    );
}

/// The question may be given as several words without quotes.
#[test]
fn ask_joins_unquoted_words() {
    let out = run_quiet(bin().args(["ask", "what", "cert", "for", "kubernetes"]));
    assert_eq!(code(&out), 0, "stderr:\n{}", stderr(&out));
    assert!(stdout(&out).contains("(CKA)"), "{}", stdout(&out));
}

/// `ask --json` prints exactly one JSON object with the answer's text, intent and confidence.
#[test]
fn ask_json_prints_one_object_with_text_intent_confidence() {
    let out = run_quiet(bin().args(["ask", "--json", "what cert for kubernetes"]));
    assert_eq!(code(&out), 0, "stderr:\n{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "{text}");
    let v: Value = serde_json::from_str(lines[0]).unwrap_or_else(|e| panic!("{e}: {text}"));
    assert_answer(&v);
    assert!(v["text"].as_str().unwrap().contains("(CKA)"), "{v}");
}

/// An editor asking "why did it answer that?" sees, on stderr, each phrase the matcher found
/// (typos corrected) and the words it did not know; the answer on stdout is unchanged.
#[test]
fn ask_explain_shows_what_was_understood_on_stderr() {
    let out = run_quiet(bin().args(["ask", "--explain", "kubernets cert for my cat"]));
    assert_eq!(code(&out), 0, "stderr:\n{}", stderr(&out));
    assert!(stdout(&out).contains("(CKA)"), "{}", stdout(&out));
    let explained = stderr(&out);
    assert!(
        explained.contains("\"kubernets\" → tool kubernetes (typo"),
        "{explained}"
    );
    assert!(explained.contains("unknown words: cat"), "{explained}");
    assert!(!stdout(&out).contains("unknown words"), "{}", stdout(&out));
}

/// `ask` without a question is a usage error.
#[test]
fn ask_without_a_question_exits_2() {
    let out = run_quiet(bin().arg("ask"));
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("Usage"), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------------------------
// chat

/// Asserts an answer object: non-empty text and intent, confidence in 0..=1, nothing else.
fn assert_answer(v: &Value) {
    let obj = v
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"));
    assert!(obj.get("error").is_none(), "unexpected error: {v}");
    let text = obj
        .get("text")
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no text: {v}"));
    assert!(!text.trim().is_empty(), "empty text: {v}");
    let intent = obj
        .get("intent")
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no intent: {v}"));
    assert!(!intent.is_empty(), "empty intent: {v}");
    let confidence = obj
        .get("confidence")
        .and_then(Value::as_f64)
        .unwrap_or_else(|| panic!("no confidence: {v}"));
    assert!(
        (0.0..=1.0).contains(&confidence),
        "confidence out of range: {v}"
    );
}

/// Asserts an error object: `{"error": "<non-empty message>"}`.
fn assert_error(v: &Value) {
    let obj = v
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"));
    let message = obj
        .get("error")
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no error: {v}"));
    assert!(!message.is_empty(), "{v}");
}

/// Runs `chat --jsonl` on the given input lines (joined with `\n`, plus `tail` after the last
/// one) and returns one parsed JSON value per output line, checking there is one per input line.
fn jsonl(lines: &[Vec<u8>], tail: &[u8]) -> Vec<Value> {
    let mut input = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            input.push(b'\n');
        }
        input.extend_from_slice(line);
    }
    input.extend_from_slice(tail);
    let out = run(bin().args(["chat", "--jsonl"]), &input);
    assert_eq!(code(&out), 0, "stderr:\n{}", stderr(&out));
    let text = String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8");
    assert!(
        text.ends_with('\n') || text.is_empty(),
        "the last answer is not terminated"
    );
    let values: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    assert_eq!(
        values.len(),
        lines.len(),
        "one answer per input line expected; got:\n{text}"
    );
    values
}

fn request(chat: i64, user: i64, text: &str) -> Vec<u8> {
    serde_json::json!({ "chat_id": chat, "user_id": user, "text": text })
        .to_string()
        .into_bytes()
}

/// Each chat keeps its own context: "and in India?" follows the salary talk of its own chat, and
/// another chat's "without bonuses?" still means its own country.
#[test]
fn chat_jsonl_keeps_a_context_per_chat() {
    let answers = jsonl(
        &[
            request(1, 1, "devops salary in the uk"),
            request(2, 2, "devops salary in canada"),
            request(1, 1, "and in india?"),
            request(2, 2, "without bonuses?"),
            request(-100_123, 5, "what is step 3 of the roadmap"),
            request(-100_123, 6, "whats next?"),
            request(-100_123, 5, "whats next?"),
        ],
        b"\n",
    );
    for a in &answers {
        assert_answer(a);
    }
    let intent = |i: usize| answers[i]["intent"].as_str().unwrap().to_string();
    let text = |i: usize| answers[i]["text"].as_str().unwrap().to_string();
    assert!(text(0).contains("£57,500"), "{}", answers[0]);
    assert!(text(1).contains("CA$98,541"), "{}", answers[1]);
    // Chat 1 moves to India...
    assert!(
        intent(2).starts_with("salary") && intent(2).contains("india"),
        "{}",
        answers[2]
    );
    assert!(
        text(2).contains("India") && !text(2).contains("Canada"),
        "{}",
        answers[2]
    );
    // ...while chat 2 is still about Canada: its base salary, not India's or the UK's.
    assert!(
        intent(3).starts_with("salary") && intent(3).contains("canada"),
        "{}",
        answers[3]
    );
    assert!(text(3).contains("CA$91,910"), "{}", answers[3]);
    // In a group chat, each user has their own context.
    assert!(intent(4).contains('3'), "{}", answers[4]);
    assert!(
        !intent(5).starts_with("roadmap_step"),
        "another user's context leaked: {}",
        answers[5]
    );
    assert!(
        intent(6).starts_with("roadmap_step") && intent(6).contains('4'),
        "{}",
        answers[6]
    );
}

/// Whatever arrives on a line — broken JSON, nothing, invalid UTF-8, 100 KB, control characters,
/// right-to-left scripts, emoji, HTML, SQL — gets exactly one JSON object back on its own line,
/// an answer or an `{"error": …}`, and the session goes on to exit 0.
#[test]
fn chat_jsonl_answers_every_line_with_one_object_and_never_crashes() {
    let big = "kubernetes salary aws in the uk ".repeat(4_000)[..100_000].to_string();
    let mut invalid_utf8 = b"{\"text\": \"salary in the uk ".to_vec();
    invalid_utf8.extend_from_slice(&[0xff, 0xfe, 0xc3]);
    invalid_utf8.extend_from_slice(b"\"}");
    let cases: Vec<(Vec<u8>, bool)> = vec![
        // (line, whether it is an answer rather than an error)
        (request(1, 1, "devops salary in the uk"), true),
        (b"{\"text\": \"unterminated".to_vec(), false),
        (b"".to_vec(), false),
        (b"   \t ".to_vec(), false),
        (invalid_utf8, false),
        (vec![0xff, 0xfe, 0xfd], false),
        (request(1, 1, &big), true),
        (request(2, 2, &"x".repeat(100_000)), true),
        (
            request(3, 3, "\u{0}\u{1}\u{7}salary\u{1b}[31m in the uk\t\r\u{7f}"),
            true,
        ),
        (request(4, 4, "ما هو راتب مهندس DevOps في الهند؟"), true),
        (request(5, 5, "מה המשכורת של מהנדס DevOps?"), true),
        (
            request(6, 6, "\u{202e}devops salary\u{202c} \u{200f}"),
            true,
        ),
        (request(7, 7, "🚀🔥💯"), true),
        (request(8, 8, "👨‍👩‍👧‍👦"), true),
        (request(9, 9, "<b>x</b>"), true),
        (
            request(10, 10, "<script>alert(1)</script> devops roadmap"),
            true,
        ),
        (request(11, 11, "'; DROP TABLE users;--"), true),
        (request(12, 12, ""), true),
        (b"[1, 2, 3]".to_vec(), false),
        (b"\"just a string\"".to_vec(), false),
        (b"null".to_vec(), false),
        (b"{\"chat_id\": 1}".to_vec(), false),
        (b"{\"text\": 5}".to_vec(), false),
        (
            b"{\"chat_id\": 99999999999999999999, \"text\": \"hi\"}".to_vec(),
            false,
        ),
        (b"{\"text\": \"hi\"} trailing".to_vec(), false),
        (b"\r".to_vec(), false),
        (request(1, 1, "and in india?"), true),
    ];
    let lines: Vec<Vec<u8>> = cases.iter().map(|(l, _)| l.clone()).collect();
    // The last line has no newline after it: it must be answered all the same.
    let answers = jsonl(&lines, b"");
    for (i, ((line, is_answer), v)) in cases.iter().zip(&answers).enumerate() {
        let shown = String::from_utf8_lossy(&line[..line.len().min(80)]);
        if *is_answer {
            assert!(
                v.get("error").is_none(),
                "line {i} ({shown}) got an error: {v}"
            );
            assert_answer(v);
        } else {
            assert_error(v);
            assert!(
                v.get("text").is_none(),
                "line {i} ({shown}) got an answer: {v}"
            );
        }
    }
    // The conversation of chat 1 survived everything in between.
    let last = answers.last().unwrap();
    assert!(last["text"].as_str().unwrap().contains("India"), "{last}");
}

/// A program that closes stdin at once gets no output and a clean exit.
#[test]
fn chat_jsonl_with_empty_input_exits_0_silently() {
    let out = run(bin().args(["chat", "--jsonl"]), b"");
    assert_eq!(code(&out), 0, "stderr:\n{}", stderr(&out));
    assert_eq!(stdout(&out), "");
}

/// `chat` reading from a pipe (not a terminal) answers each line in turn, skipping blank lines,
/// and keeps the context between them.
#[test]
fn plain_chat_answers_piped_lines() {
    let out = run(
        bin().arg("chat"),
        b"devops salary in the uk\n\n   \nand in india?\nwhat cert for kubernetes\n",
    );
    assert_eq!(code(&out), 0, "stderr:\n{}", stderr(&out));
    let text = stdout(&out);
    let uk = text
        .find("£57,500")
        .unwrap_or_else(|| panic!("no UK figure:\n{text}"));
    let india = text
        .find("₹3.8 lakh")
        .unwrap_or_else(|| panic!("no India figure:\n{text}"));
    let cka = text
        .find("(CKA)")
        .unwrap_or_else(|| panic!("no CKA:\n{text}"));
    assert!(uk < india && india < cka, "answers out of order:\n{text}");
    assert!(
        !text.contains("you>"),
        "a prompt was printed to a pipe:\n{text}"
    );
}

/// Invalid UTF-8 on a plain `chat` line does not stop the conversation.
#[test]
fn plain_chat_survives_invalid_utf8() {
    let out = run(
        bin().arg("chat"),
        b"\xff\xfe salary\ndevops salary in the uk\n",
    );
    assert_eq!(code(&out), 0, "stderr:\n{}", stderr(&out));
    assert!(stdout(&out).contains("£57,500"), "{}", stdout(&out));
}

// ---------------------------------------------------------------------------------------------
// usage

/// An unknown subcommand exits 2 with the usage on stderr.
#[test]
fn unknown_subcommand_exits_2_with_usage() {
    let out = run_quiet(bin().arg("frobnicate"));
    assert_eq!(code(&out), 2, "stdout:\n{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains("frobnicate"), "{err}");
    assert!(err.contains("Usage"), "{err}");
    assert_eq!(stdout(&out), "");
}

/// No subcommand at all is a usage error as well.
#[test]
fn no_subcommand_exits_2_with_usage() {
    let out = run_quiet(&mut bin());
    assert_eq!(code(&out), 2, "stdout:\n{}", stdout(&out));
    assert!(stderr(&out).contains("Usage"), "{}", stderr(&out));
}

/// `--help` lists the three subcommands and exits 0.
#[test]
fn help_lists_the_subcommands() {
    let out = run_quiet(bin().arg("--help"));
    assert_eq!(code(&out), 0, "stderr:\n{}", stderr(&out));
    let text = stdout(&out);
    for sub in ["chat", "ask", "check"] {
        assert!(text.contains(sub), "{sub} missing from:\n{text}");
    }
}

/// A city an editor adds to a country's `cities` names that country, with no Rust change — and
/// the answer says its figures are national, not the city's. Before the edit the city is a place
/// the guide has no figures for.
#[test]
fn a_city_added_to_the_knowledge_gets_its_countrys_figures_said_to_be_national() {
    let before = run_quiet(bin().args(["ask", "devops pay in leicester"]));
    assert_eq!(code(&before), 0, "stderr:\n{}", stderr(&before));
    assert!(!stdout(&before).contains("£57,500"), "{}", stdout(&before));
    assert!(stdout(&before).contains("Leicester"), "{}", stdout(&before));

    let copy = copy_knowledge();
    copy.replace(
        "salaries.toml",
        "cities = [\"london\"",
        "cities = [\"leicester\", \"london\"",
    );
    let after = run_quiet(
        bin()
            .args(["ask", "--knowledge"])
            .arg(copy.path())
            .arg("devops pay in leicester"),
    );
    assert_eq!(code(&after), 0, "stderr:\n{}", stderr(&after));
    let text = stdout(&after);
    assert!(text.contains("£57,500"), "{text}");
    assert!(
        text.contains("national figures for the UK, none for Leicester"),
        "{text}"
    );
}

/// A certification question naming two subjects, each with its own certification, gets both —
/// in the order named — and a question about the order of two roadmap subjects gets both steps.
#[test]
fn two_subjects_in_one_question_get_an_answer_each() {
    let certs = run_quiet(bin().args(["ask", "we run azure + kubernetes, which certs make sense"]));
    let text = stdout(&certs);
    let azure = text.find("Microsoft Certified: DevOps Engineer Expert");
    let cka = text.find("Certified Kubernetes Administrator");
    assert!(azure.is_some() && cka.is_some() && azure < cka, "{text}");

    let order = run_quiet(bin().args(["ask", "does ansible come before docker in the roadmap?"]));
    let text = stdout(&order);
    let two = text.find("Roadmap step 2 of 7");
    let three = text.find("Roadmap step 3 of 7");
    assert!(two.is_some() && three.is_some() && two < three, "{text}");
}
