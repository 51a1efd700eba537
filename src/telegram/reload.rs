//! Knowledge hot reload: on SIGHUP, and when `--knowledge DIR` is given whenever a file of DIR
//! changes (its `*.toml` names, sizes and modification times are looked at every
//! [`WATCH_INTERVAL`]), the knowledge is loaded again and validated. A valid one replaces the
//! engine (answers in progress finish on the old one); an invalid one is refused whole: every
//! problem is logged, the `knowledge_reloads_total{result="failed"}` metric counts it, and the old
//! knowledge keeps serving.

use crate::assistant::Assistant;
use crate::core::engine::Engine;
use crate::core::knowledge::{KbError, Knowledge};
use crate::ops::metrics::{knowledge_version, metrics};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// How often the knowledge directory is looked at for changes.
pub const WATCH_INTERVAL: Duration = Duration::from_secs(2);

/// What identifies the content of a knowledge directory without reading it: each `*.toml`
/// file's name, size and modification time.
type Fingerprint = Vec<(PathBuf, u64, Option<SystemTime>)>;

fn fingerprint(dir: &Path) -> Fingerprint {
    let mut files: Fingerprint = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| {
            let meta = std::fs::metadata(&p).ok();
            let len = meta.as_ref().map_or(0, |m| m.len());
            let modified = meta.and_then(|m| m.modified().ok());
            (p, len, modified)
        })
        .collect();
    files.sort();
    files
}

/// Loads the knowledge again (from `dir`, or the copy built in) and swaps it in when valid.
/// Returns whether it was swapped in.
pub fn reload(assistant: &Assistant, dir: Option<&Path>, why: &str) -> bool {
    let loaded = match dir {
        Some(d) => Knowledge::load_dir(d),
        None => Knowledge::embedded(),
    };
    match loaded {
        Ok(kb) => {
            let version = knowledge_version(&kb);
            assistant.replace_engine(Engine::new(kb));
            metrics().set_knowledge_version(&version);
            metrics().reloads.inc("ok");
            tracing::info!(trigger = why, version, "knowledge reloaded");
            true
        }
        Err(e) => {
            metrics().reloads.inc("failed");
            match &e {
                KbError::Invalid(problems) => {
                    for problem in problems {
                        tracing::error!(trigger = why, problem = %problem, "knowledge reload refused: invalid knowledge");
                    }
                }
                other => {
                    tracing::error!(trigger = why, error = %other, "knowledge reload refused");
                }
            }
            tracing::warn!(
                version = metrics().knowledge_version(),
                "the previous knowledge keeps serving"
            );
            false
        }
    }
}

/// Watches for SIGHUP (and, with `dir`, for changed files) and reloads, until the runtime ends.
pub fn spawn(assistant: Arc<Assistant>, dir: Option<PathBuf>) {
    #[cfg(unix)]
    let mut hangups = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()) {
        Ok(s) => Some(s),
        Err(e) => {
            tracing::warn!(error = %e, "cannot listen for SIGHUP; reload by file watch only");
            None
        }
    };
    tokio::spawn(async move {
        let mut seen = dir.as_deref().map(fingerprint);
        let mut ticks = tokio::time::interval(WATCH_INTERVAL);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            #[cfg(unix)]
            let hangup = async {
                match hangups.as_mut() {
                    Some(s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            #[cfg(not(unix))]
            let hangup = std::future::pending::<()>();
            let why = tokio::select! {
                _ = hangup => "SIGHUP",
                _ = ticks.tick() => {
                    let Some(d) = dir.as_deref() else { continue };
                    let now = fingerprint(d);
                    if seen.as_ref() == Some(&now) {
                        continue;
                    }
                    "file change"
                }
            };
            if let Some(d) = dir.as_deref() {
                seen = Some(fingerprint(d));
            }
            let assistant = Arc::clone(&assistant);
            let dir = dir.clone();
            let _ =
                tokio::task::spawn_blocking(move || reload(&assistant, dir.as_deref(), why)).await;
        }
    });
}
