//! Local mode answers only requests addressed to this machine. It has demo users with public
//! passwords and a Twilio simulator without authentication, so besides listening on loopback
//! only, it refuses any request whose `Host` (or `Origin`, when a browser sends one) is not a
//! loopback name: a DNS-rebinding page (evil.example resolved to 127.0.0.1) or a tunnel in front
//! gets 403 on every route, pages, `/api`, `/sim` (signaling socket included) and the REST API.

use app::ssr::config::is_loopback_host;
use axum::{
    extract::Request,
    http::{HeaderMap, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// Middleware: 403 unless the request is addressed to, and comes from a page on, this machine.
pub async fn refuse_non_loopback(request: Request, next: Next) -> Response {
    match non_loopback(
        request.headers(),
        request.uri().authority().map(|a| a.as_str()),
    ) {
        None => next.run(request).await,
        Some(what) => {
            tracing::warn!(%what, path = request.uri().path(), "local mode: refused a request not addressed to this machine");
            (
                StatusCode::FORBIDDEN,
                format!(
                    "Refused: local mode only answers requests to 127.0.0.1, [::1] or localhost, \
                     and {what} is not one of them. Local mode has demo users with public \
                     passwords and an unauthenticated Twilio simulator, so it must not be reached \
                     from other machines or sites; configure a real Twilio account (live mode) to \
                     serve them."
                ),
            )
                .into_response()
        }
    }
}

/// What makes a request not local (for the message), or `None` when it is local. Without a
/// `Host` header the URI's authority counts (HTTP/2); with neither, the request is refused.
pub fn non_loopback(headers: &HeaderMap, uri_authority: Option<&str>) -> Option<String> {
    let host = headers
        .get(header::HOST)
        .map(|h| h.to_str().unwrap_or("(not text)"))
        .or(uri_authority);
    match host {
        None => return Some("a request without a Host header".to_owned()),
        Some(host) if !is_loopback_host(host) => return Some(format!("Host {host:?}")),
        Some(_) => {}
    }
    let origin = headers.get(header::ORIGIN)?;
    let origin = origin.to_str().unwrap_or("(not text)");
    let origin_host = origin
        .split_once("://")
        .map(|(_, rest)| rest.split('/').next().unwrap_or_default());
    match origin_host {
        Some(h) if is_loopback_host(h) => None,
        _ => Some(format!("Origin {origin:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| (header::HeaderName::from_static(k), v.parse().unwrap()))
            .collect()
    }

    #[test]
    fn loopback_host_and_origin_pass() {
        assert_eq!(
            non_loopback(&headers(&[("host", "127.0.0.1:3000")]), None),
            None
        );
        assert_eq!(
            non_loopback(
                &headers(&[
                    ("host", "localhost:3000"),
                    ("origin", "http://localhost:3000")
                ]),
                None
            ),
            None
        );
        assert_eq!(non_loopback(&HeaderMap::new(), Some("[::1]:3000")), None);
    }

    #[test]
    fn any_other_host_or_origin_is_refused() {
        assert!(non_loopback(&headers(&[("host", "evil.example:3000")]), None).is_some());
        assert!(non_loopback(&headers(&[("host", "192.168.1.2:3000")]), None).is_some());
        assert!(non_loopback(&HeaderMap::new(), None).is_some());
        for origin in [
            "https://evil.example",
            "null",
            "http://127.0.0.1.evil.example",
        ] {
            assert!(
                non_loopback(
                    &headers(&[("host", "127.0.0.1:3000"), ("origin", origin)]),
                    None
                )
                .is_some(),
                "{origin}"
            );
        }
    }
}
