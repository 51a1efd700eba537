//! Real stores for the tests to look into: a `redis-server` started on a free loopback port
//! ([`RedisServer`]), temporary directories for SQLite files ([`TempDir`]), and dumps of
//! everything a SQLite file or a Redis server holds, as text ([`dump_sqlite`], [`dump_redis`]),
//! for the privacy checks. Used by `storage` (the store's contract) and `cohort` (the cohort
//! features end to end).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------------------------
// Dumps: every row of every table, every key and value.

pub fn dump_sqlite(path: &Path) -> String {
    use rusqlite::types::ValueRef;
    let conn = rusqlite::Connection::open(path).expect("open for a dump");
    let mut tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .expect("list tables")
        .query_map([], |r| r.get(0))
        .expect("list tables")
        .collect::<Result<_, _>>()
        .expect("table names");
    tables.sort();
    let mut out = String::new();
    for table in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{table}\""))
            .expect("select");
        let columns = stmt.column_count();
        let mut rows = stmt.query([]).expect("rows");
        while let Some(row) = rows.next().expect("row") {
            out.push_str(&table);
            for i in 0..columns {
                let value = match row.get_ref(i).expect("value") {
                    ValueRef::Null => "NULL".to_string(),
                    ValueRef::Integer(n) => n.to_string(),
                    ValueRef::Real(x) => x.to_string(),
                    ValueRef::Text(t) | ValueRef::Blob(t) => String::from_utf8_lossy(t).into(),
                };
                out.push_str(" | ");
                out.push_str(&value);
            }
            out.push('\n');
        }
    }
    out
}

pub fn dump_redis(url: &str) -> String {
    let client = ::redis::Client::open(url).expect("client");
    let mut con = client.get_connection().expect("connect for a dump");
    let mut keys: Vec<String> = ::redis::cmd("KEYS").arg("*").query(&mut con).expect("keys");
    keys.sort();
    let mut out = String::new();
    for key in keys {
        let kind: String = ::redis::cmd("TYPE")
            .arg(&key)
            .query(&mut con)
            .expect("type");
        let values: Vec<String> = match kind.as_str() {
            "string" => vec![::redis::cmd("GET").arg(&key).query(&mut con).expect("get")],
            "hash" => ::redis::cmd("HGETALL")
                .arg(&key)
                .query(&mut con)
                .expect("hgetall"),
            "set" => ::redis::cmd("SMEMBERS")
                .arg(&key)
                .query(&mut con)
                .expect("smembers"),
            "list" => ::redis::cmd("LRANGE")
                .arg(&key)
                .arg(0)
                .arg(-1)
                .query(&mut con)
                .expect("lrange"),
            "zset" => ::redis::cmd("ZRANGE")
                .arg(&key)
                .arg(0)
                .arg(-1)
                .arg("WITHSCORES")
                .query(&mut con)
                .expect("zrange"),
            other => vec![format!("<{other}>")],
        };
        out.push_str(&format!("{key} ({kind}): {}\n", values.join(" | ")));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// A real redis-server on a free loopback port, and temporary directories.

/// A `redis-server` started for one test on 127.0.0.1, keeping nothing on disk; killed on drop.
pub struct RedisServer {
    child: Child,
    port: u16,
    dir: TempDir,
}

impl RedisServer {
    /// Starts a server, or returns `None` (after saying so loudly) when `redis-server` is not
    /// installed. Under CI a missing `redis-server` fails the test instead.
    pub fn start() -> Option<RedisServer> {
        let installed = Command::new("redis-server")
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok();
        if !installed {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!(
                    "redis-server is not installed, and CI must run the Redis storage tests: \
                     install Debian's redis-server (.ci/run does)"
                );
            }
            // Straight to the process's stderr: the test harness captures `eprintln!`.
            static SAID: std::sync::Once = std::sync::Once::new();
            SAID.call_once(|| {
                let _ = std::io::Write::write_all(
                    &mut std::io::stderr(),
                    b"\n!!!!!!!! SKIPPED: redis-server not installed - the Redis store was NOT \
                      tested (apt-get install redis-server) !!!!!!!!\n\n",
                );
            });
            return None;
        }
        let dir = TempDir::new("redis");
        let mut last_error = String::new();
        for _ in 0..5 {
            let port = free_port();
            match spawn_redis(port, dir.path()) {
                Ok(child) => return Some(RedisServer { child, port, dir }),
                Err(e) => last_error = e,
            }
        }
        panic!("cannot start redis-server: {last_error}");
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// Stops the server (for a test of a store that went away); `restart` brings it back.
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Stops the server and starts a new one on the same port (with no data).
    pub fn restart(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match spawn_redis(self.port, self.dir.path()) {
                Ok(child) => {
                    self.child = child;
                    return;
                }
                Err(e) if Instant::now() > deadline => panic!("cannot restart redis-server: {e}"),
                Err(_) => thread::sleep(Duration::from_millis(50)),
            }
        }
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `redis-server` on `port` and waits until it answers PING.
fn spawn_redis(port: u16, dir: &Path) -> Result<Child, String> {
    let mut child = Command::new("redis-server")
        .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
        .args(["--save", "", "--appendonly", "no"])
        .arg("--dir")
        .arg(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run redis-server: {e}"))?;
    let client = ::redis::Client::open(format!("redis://127.0.0.1:{port}/"))
        .map_err(|e| format!("bad url: {e}"))?;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!("redis-server on port {port} exited: {status}"));
        }
        let pong = client
            .get_connection_with_timeout(Duration::from_millis(200))
            .and_then(|mut con| ::redis::cmd("PING").query::<String>(&mut con));
        if pong.is_ok() {
            return Ok(child);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "redis-server on port {port} did not answer within 10 s"
            ));
        }
        thread::sleep(Duration::from_millis(20));
    }
}

/// A loopback port nothing listens on right now (the OS picks it; it is released at once).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("bind 127.0.0.1:0")
}

static DIRS: AtomicUsize = AtomicUsize::new(0);

/// A fresh directory under the system's temporary directory, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(what: &str) -> TempDir {
        let n = DIRS.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!(
            "devops-guide-storage-{what}-{}-{n}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
