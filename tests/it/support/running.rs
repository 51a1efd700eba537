//! A `devops-guide` process kept running for the tests that talk to a live bot (`telegram`,
//! `webhook`, `ops`, and through [`crate::support::bot`] the others): its stderr collected as it
//! comes (to assert on logs), waits until it logs, serves HTTP or polls the fake Bot API, signals
//! sent to it by pid, its exit awaited with a deadline; plus a minimal HTTP/1.1 client over
//! `std::net::TcpStream` for its endpoints and webhook route, and free loopback ports to give it.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::support::fake_bot_api::{FakeBotApi, describe};

/// A loopback address nothing listens on right now (the OS picks the port and releases it).
pub fn free_addr() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("bind 127.0.0.1:0")
}

/// An HTTP answer: status and body.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub body: String,
}

/// Sends one HTTP/1.1 request to `addr` and reads the whole answer (`Connection: close`).
/// `Err` when nothing answers (connection refused, reset before a status line).
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Result<Answer, String> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5))
        .map_err(|e| format!("connect {addr}: {e}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .map_err(|e| e.to_string())?;
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream
        .write_all(head.as_bytes())
        .map_err(|e| format!("send: {e}"))?;
    // The server may answer (413, 401) before reading a large body and close: not an error.
    let _ = stream.write_all(body);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("no HTTP answer from {addr}{path}: {text:?}"))?;
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    Ok(Answer { status, body })
}

/// `GET path`, failing the test when nothing answers.
pub fn get(addr: SocketAddr, path: &str) -> Answer {
    request(addr, "GET", path, &[], b"").unwrap_or_else(|e| panic!("GET {path}: {e}"))
}

/// The value of the Prometheus series `series` (name with labels, as printed) in `metrics`;
/// 0 when absent.
pub fn metric(metrics: &str, series: &str) -> f64 {
    metrics
        .lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' '))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0.0)
}

/// A `devops-guide` process with its stderr collected by a background thread, killed on drop;
/// its stderr printed when the test fails.
pub struct Process {
    pub child: Child,
    stderr: Arc<Mutex<Vec<u8>>>,
    /// How failure messages name it: "the process", "the bot".
    who: &'static str,
}

impl Process {
    /// Starts `cmd` with stderr collected; failures name it "the process".
    pub fn spawn(cmd: Command) -> Process {
        Process::spawn_as("the process", cmd)
    }

    /// Starts `cmd` with stderr collected (stdin and stdout null); failures name it `who`.
    pub fn spawn_as(who: &'static str, mut cmd: Command) -> Process {
        cmd.stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let mut pipe = child.stderr.take().expect("piped stderr");
        let sink = Arc::clone(&stderr);
        thread::spawn(move || {
            let mut buf = [0; 8192];
            while let Ok(n @ 1..) = pipe.read(&mut buf) {
                sink.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .extend_from_slice(&buf[..n]);
            }
        });
        Process { child, stderr, who }
    }

    /// What the process wrote to stderr so far.
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr.lock().unwrap_or_else(|e| e.into_inner())).into_owned()
    }

    /// Waits until stderr contains `needle`; fails the test after `timeout`.
    pub fn wait_log(&mut self, needle: &str, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        while !self.stderr().contains(needle) {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                panic!(
                    "{} exited ({status}) before logging {needle:?}; stderr:\n{}",
                    self.who,
                    self.stderr()
                );
            }
            assert!(
                Instant::now() < deadline,
                "{needle:?} not logged within {timeout:?}; stderr:\n{}",
                self.stderr()
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until `GET /healthz` on `addr` answers 200.
    pub fn wait_http(&mut self, addr: SocketAddr, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        loop {
            if request(addr, "GET", "/healthz", &[], b"").is_ok_and(|a| a.status == 200) {
                return;
            }
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                panic!(
                    "{} exited ({status}) before serving HTTP; stderr:\n{}",
                    self.who,
                    self.stderr()
                );
            }
            assert!(
                Instant::now() < deadline,
                "no /healthz on {addr} within {timeout:?}; stderr:\n{}",
                self.stderr()
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until the process polls `fake` for updates for real: a successful `getUpdates` among
    /// the calls from index `since` on that is not the `offset: -1` call with which teloxide drops
    /// pending updates, so updates pushed after it are served. Fails the test if the process
    /// exits first or after `timeout`.
    pub fn wait_polling(&mut self, fake: &FakeBotApi, since: usize, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        while !fake.calls()[since..].iter().any(|c| {
            c.method == "getUpdates" && c.succeeded() && c.body["offset"].as_i64().unwrap_or(0) >= 0
        }) {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                panic!(
                    "{} exited ({status}) before polling; stderr:\n{}\n{}",
                    self.who,
                    self.stderr(),
                    describe(&fake.calls())
                );
            }
            assert!(
                Instant::now() < deadline,
                "{} did not poll getUpdates within {timeout:?}; {}",
                self.who,
                describe(&fake.calls())
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Fails the test if the process has exited.
    pub fn assert_running(&mut self) {
        if let Some(status) = self.child.try_wait().expect("try_wait") {
            panic!("{} exited ({status}); stderr:\n{}", self.who, self.stderr());
        }
    }

    /// Kills the process and waits for it to exit.
    pub fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Sends `signal` (`TERM`, `HUP`, …) to the process.
    pub fn signal(&self, signal: &str) {
        let sent = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(self.child.id().to_string())
            .status()
            .expect("run kill");
        assert!(sent.success(), "kill -{signal} failed");
    }

    /// Waits for the process to exit; fails the test if it still runs after `timeout`.
    pub fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                // Let the reader thread drain what was written just before the exit.
                thread::sleep(Duration::from_millis(100));
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "{} was still running after {timeout:?}; stderr:\n{}",
                self.who,
                self.stderr()
            );
            thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if thread::panicking() {
            eprintln!("--- {}'s stderr ---\n{}", self.who, self.stderr());
        }
    }
}
