//! `devops-guide healthcheck [--url URL]`: a minimal HTTP/1.1 GET of a running bot's `/healthz`,
//! for container images without a shell or curl (the distroless image's HEALTHCHECK). Exit 0 on
//! a 200 answer within [`TIMEOUT`], 1 otherwise, with the reason on stderr.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::process::ExitCode;
use std::time::Duration;

/// How long the probe waits to connect, and then for the answer.
const TIMEOUT: Duration = Duration::from_secs(3);

/// Probes `url`; the exit code says whether it answered 200.
pub fn run(url: &str) -> ExitCode {
    match probe(url) {
        Ok(()) => ExitCode::SUCCESS,
        Err(reason) => {
            eprintln!("devops-guide healthcheck: {url}: {reason}");
            ExitCode::from(1)
        }
    }
}

fn probe(url: &str) -> Result<(), String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or("only http:// URLs can be probed")?;
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let with_port = if authority
        .rsplit_once(':')
        .is_some_and(|(_, p)| p.parse::<u16>().is_ok())
    {
        authority.to_string()
    } else {
        format!("{authority}:80")
    };
    let addr = with_port
        .to_socket_addrs()
        .map_err(|e| format!("cannot resolve {authority}: {e}"))?
        .next()
        .ok_or_else(|| format!("{authority} has no address"))?;
    let mut stream =
        TcpStream::connect_timeout(&addr, TIMEOUT).map_err(|e| format!("cannot connect: {e}"))?;
    stream
        .set_read_timeout(Some(TIMEOUT))
        .and_then(|_| stream.set_write_timeout(Some(TIMEOUT)))
        .map_err(|e| e.to_string())?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n"
    )
    .map_err(|e| format!("cannot send the request: {e}"))?;
    let mut head = [0u8; 64];
    let n = stream
        .read(&mut head)
        .map_err(|e| format!("no answer: {e}"))?;
    let status_line = String::from_utf8_lossy(&head[..n]);
    let status = status_line.split_whitespace().nth(1).unwrap_or("");
    if status == "200" {
        Ok(())
    } else {
        Err(format!(
            "answered {}",
            status_line.lines().next().unwrap_or("nothing")
        ))
    }
}
