//! The simulator serves only this machine: it mints tokens for simulated phones to anyone who
//! asks (`/sim/phone/token`) and has no authentication beyond them, so besides listening on
//! loopback, every request must be addressed to a loopback name and, when a browser sends an
//! `Origin`, come from a page on one (a DNS-rebinding page, evil.example resolving to
//! 127.0.0.1, is refused). The server's local mode applies the same check to all its routes.

use axum::http::{HeaderMap, header};
use twilio_core::loopback::is_loopback_host;

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
