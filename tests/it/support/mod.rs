//! Helpers shared by the integration tests: where the repository's knowledge lives, throw-away
//! copies of it that a test may break on purpose, the binary under test, and (in
//! [`fake_bot_api`], on axum and tokio) a fake of the Telegram Bot API for `run` to talk to.
//!
//! [`bot`] runs the real `devops-guide run` against the fake (quizzes, reminders).
//!
//! [`stores`] starts a real `redis-server`, makes temporary directories for SQLite files and
//! dumps what a store holds. [`running`] keeps a `devops-guide` process running (stderr
//! collected, signals, exit with a deadline) and speaks plain HTTP to its endpoints.
//!
//! Apart from the fake and the stores' drivers, only `std` is used: a copy is a plain directory
//! under [`std::env::temp_dir`] removed on drop, and child processes are run with a deadline so a
//! hung binary fails the test instead of hanging `cargo test`.

#![allow(dead_code)] // Not every test module uses every helper.

#[cfg(feature = "telegram")]
pub mod bot;
pub mod fake_bot_api;
pub mod html;
pub mod running;
pub mod stores;

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

/// How long a run of the binary may take before the test fails (debug build, busy machine).
pub const PROCESS_TIMEOUT: Duration = Duration::from_secs(120);

/// The repository's `knowledge/` directory (the files compiled into the binary).
pub fn knowledge_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge")
}

/// A private copy of the knowledge files in a fresh temporary directory, removed on drop.
#[derive(Debug)]
pub struct KnowledgeCopy {
    dir: PathBuf,
}

static COPIES: AtomicUsize = AtomicUsize::new(0);

/// Copies every `knowledge/*.toml` into a new directory named after this process and a counter,
/// so tests running in parallel (and other test binaries) never share one.
pub fn copy_knowledge() -> KnowledgeCopy {
    let n = COPIES.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("devops-guide-it-{}-{n}", std::process::id()));
    if dir.exists() {
        // Left over by an earlier process that had the same id.
        fs::remove_dir_all(&dir).unwrap_or_else(|e| panic!("cannot clear {}: {e}", dir.display()));
    }
    fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    let copy = KnowledgeCopy { dir };
    let source = knowledge_dir();
    let entries =
        fs::read_dir(&source).unwrap_or_else(|e| panic!("cannot list {}: {e}", source.display()));
    let mut copied = 0;
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.extension().is_some_and(|ext| ext == "toml") {
            let name = path.file_name().expect("file name");
            fs::copy(&path, copy.dir.join(name))
                .unwrap_or_else(|e| panic!("cannot copy {}: {e}", path.display()));
            copied += 1;
        }
    }
    assert!(copied > 0, "no .toml files in {}", source.display());
    copy
}

impl KnowledgeCopy {
    /// The directory of the copy.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// The path of one file of the copy, as `load_dir` names it in problems
    /// (`<dir>/salaries.toml`).
    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// `<dir>/<name>` as a string, the way problems spell the file.
    pub fn problem_file(&self, name: &str) -> String {
        format!("{}/{name}", self.dir.display())
    }

    /// The current text of one file of the copy.
    pub fn read(&self, name: &str) -> String {
        let path = self.file(name);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    /// Replaces `from` with `to` in one file of the copy and returns the new text. `from` must
    /// occur exactly once, so the edit lands where the test means it to.
    pub fn replace(&self, name: &str, from: &str, to: &str) -> String {
        let text = self.read(name);
        let count = text.matches(from).count();
        assert_eq!(
            count, 1,
            "{name} must contain {from:?} exactly once to be edited (found {count} times)"
        );
        let new_text = text.replacen(from, to, 1);
        self.write(name, &new_text);
        new_text
    }

    /// Overwrites one file of the copy.
    pub fn write(&self, name: &str, text: &str) {
        let path = self.file(name);
        fs::write(&path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }

    /// Deletes one file of the copy.
    pub fn remove(&self, name: &str) {
        let path = self.file(name);
        fs::remove_file(&path).unwrap_or_else(|e| panic!("cannot remove {}: {e}", path.display()));
    }
}

impl Drop for KnowledgeCopy {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// 1-based line of the first occurrence of `needle` in `text`; panics when it is absent.
pub fn line_of(text: &str, needle: &str) -> usize {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} is not in the text"));
    text[..at].matches('\n').count() + 1
}

/// 1-based line of the last line at or before `line` that is exactly `header` (such as
/// `[[role]]`): the line a record-level problem is reported on.
pub fn record_line(text: &str, line: usize, header: &str) -> usize {
    text.lines()
        .take(line)
        .enumerate()
        .filter(|(_, l)| l.trim() == header)
        .map(|(i, _)| i + 1)
        .last()
        .unwrap_or_else(|| panic!("no {header} at or before line {line}"))
}

/// A path under the temporary directory that does not exist.
pub fn missing_dir() -> PathBuf {
    let n = COPIES.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!(
        "devops-guide-it-missing-{}-{n}",
        std::process::id()
    ));
    assert!(!dir.exists(), "{} exists", dir.display());
    dir
}

/// The binary under test, with `DEVOPS_GUIDE_KNOWLEDGE` removed from its environment so the
/// developer's own setting cannot change what the tests see.
pub fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_devops-guide"));
    cmd.env_remove("DEVOPS_GUIDE_KNOWLEDGE");
    cmd
}

/// Runs `cmd` with `input` on its stdin (closed afterwards) and collects its output; fails the
/// test if it runs longer than [`PROCESS_TIMEOUT`]. Stdin is fed from its own thread so a child
/// that answers while it reads cannot deadlock against a full pipe.
pub fn run(cmd: &mut Command, input: &[u8]) -> Output {
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    let mut stdin = child.stdin.take().expect("piped stdin");
    let input = input.to_vec();
    // The child may exit without reading everything (broken pipe): that is for the test to judge.
    let writer = thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let mut stdout = child.stdout.take().expect("piped stdout");
    let mut stderr = child.stderr.take().expect("piped stderr");
    let out_reader = thread::spawn(move || {
        let mut buf = Vec::new();
        stdout.read_to_end(&mut buf).map(|_| buf)
    });
    let err_reader = thread::spawn(move || {
        let mut buf = Vec::new();
        stderr.read_to_end(&mut buf).map(|_| buf)
    });
    let deadline = Instant::now() + PROCESS_TIMEOUT;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(10)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{cmd:?} did not finish within {PROCESS_TIMEOUT:?}");
            }
            Err(e) => panic!("cannot wait for {cmd:?}: {e}"),
        }
    };
    writer.join().expect("stdin writer");
    let stdout = out_reader
        .join()
        .expect("stdout reader")
        .expect("read stdout");
    let stderr = err_reader
        .join()
        .expect("stderr reader")
        .expect("read stderr");
    Output {
        status,
        stdout,
        stderr,
    }
}

/// Runs `cmd` with an empty stdin.
pub fn run_quiet(cmd: &mut Command) -> Output {
    run(cmd, b"")
}

/// The process's stdout as text.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The process's stderr as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The exit code, failing the test if the process was killed by a signal (a crash).
pub fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or_else(|| {
        panic!(
            "the process was killed by a signal ({:?}); stderr:\n{}",
            out.status,
            stderr(out)
        )
    })
}
