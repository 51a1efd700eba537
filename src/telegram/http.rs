//! The HTTP side of `run --listen ADDR`, in both modes: `GET /healthz` (the process is alive),
//! `GET /readyz` (knowledge loaded and the store answering; else 503 with the reason), and
//! `GET /metrics` (Prometheus text format, see [`crate::ops::metrics`]). In webhook mode the
//! same server carries the webhook route ([`super::webhook`]).
//!
//! The endpoints hold no secret and print none: a store failure is reported by kind only.

use super::lifecycle::Stop;
use crate::assistant::Assistant;
use crate::ops::metrics::metrics;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// How long `/readyz` waits for the store to answer a ping.
const PING_TIMEOUT: Duration = Duration::from_secs(2);

/// What the endpoints look at.
#[derive(Clone)]
pub struct OpsState {
    /// The assistant serving (its engine and store).
    pub assistant: Arc<Assistant>,
}

/// The router of `/healthz`, `/readyz` and `/metrics`.
pub fn ops_router(state: OpsState) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics_text))
        .with_state(state)
}

async fn healthz() -> &'static str {
    "ok\n"
}

async fn readyz(State(state): State<OpsState>) -> Response {
    let engine = state.assistant.engine();
    if engine.knowledge().steps.is_empty() || metrics().knowledge_version().is_empty() {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "not ready: knowledge not loaded\n",
        )
            .into_response();
    }
    let store = Arc::clone(state.assistant.store());
    let ping = tokio::time::timeout(
        PING_TIMEOUT,
        tokio::task::spawn_blocking(move || store.ping()),
    )
    .await;
    match ping {
        Ok(Ok(Ok(()))) => (StatusCode::OK, "ready\n").into_response(),
        Ok(Ok(Err(e))) => {
            tracing::warn!(error = %super::delivery::redact(&e.to_string()), "readiness: the store does not answer");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "not ready: the store does not answer\n",
            )
                .into_response()
        }
        _ => (
            StatusCode::SERVICE_UNAVAILABLE,
            "not ready: the store did not answer in time\n",
        )
            .into_response(),
    }
}

async fn metrics_text() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        metrics().render(),
    )
        .into_response()
}

/// Binds `addr`, so that a taken port fails `run` at start rather than later.
pub async fn bind(addr: SocketAddr) -> Result<tokio::net::TcpListener, std::io::Error> {
    tokio::net::TcpListener::bind(addr).await
}

/// Serves `app` on `listener` until `stop` is requested and the requests in flight are done
/// (bounded by the caller's deadline).
pub async fn serve(listener: tokio::net::TcpListener, app: Router, stop: Stop) {
    let addr = listener.local_addr().ok();
    tracing::info!(listen = ?addr, "serving /healthz, /readyz and /metrics");
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(async move { stop.wait().await })
        .await;
    if let Err(e) = served {
        tracing::error!(error = %e, "the HTTP server failed");
    }
}
