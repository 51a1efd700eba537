//! Logs of `run` and `webhook`: tracing-subscriber to stderr, filtered by `RUST_LOG` (default
//! `info`), as human-readable lines (`--log-format pretty`, the default) or one JSON object per
//! event (`--log-format json`, for log collectors). teloxide and the HTTP crates log through the
//! `log` crate, which is bridged in.
//!
//! Every line passes through [`delivery::redact`](super::delivery::redact) on its way out, so the
//! bot token and the webhook secret never reach the logs, whatever logs them — an error of
//! reqwest carrying the request URL, or a trace line of an HTTP crate. Message texts are logged
//! only at debug level.

use super::delivery::redact;
use std::io::{self, IsTerminal, Write};

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    /// Human-readable lines (colored on a terminal).
    #[default]
    Pretty,
    /// One JSON object per event.
    Json,
}

impl std::str::FromStr for LogFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<LogFormat, String> {
        match s {
            "pretty" => Ok(LogFormat::Pretty),
            "json" => Ok(LogFormat::Json),
            other => Err(format!(
                "unknown log format {other:?}: expected json or pretty"
            )),
        }
    }
}

/// Stderr, with the registered secrets redacted from every write. tracing-subscriber formats an
/// event whole and writes it in one call, so a secret is never split across writes.
#[derive(Debug, Default, Clone, Copy)]
pub struct RedactingStderr;

impl Write for RedactingStderr {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        io::stderr().lock().write_all(redact(&text).as_bytes())?;
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        io::stderr().flush()
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for RedactingStderr {
    type Writer = RedactingStderr;
    fn make_writer(&'a self) -> RedactingStderr {
        RedactingStderr
    }
}

/// Starts logging in `format`. Register the secrets first.
pub fn init(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(RedactingStderr);
    let _ = match format {
        LogFormat::Pretty => builder.with_ansi(io::stderr().is_terminal()).try_init(),
        LogFormat::Json => builder.json().with_ansi(false).try_init(),
    };
}
