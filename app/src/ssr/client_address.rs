//! The client's address, which login throttling counts per: the TCP peer, or, when the peer is a
//! trusted reverse proxy (`TRUSTED_PROXIES`), the address that proxy forwarded. Behind a proxy
//! every peer is the proxy, so without this one attacker could spend everyone's per-client limit;
//! and believing `X-Forwarded-For` from anyone would let each request pick a fresh address.

use std::net::{IpAddr, SocketAddr};

use http::HeaderMap;

/// The client of a request from `peer`. `X-Forwarded-For` is read right to left (each proxy
/// appends the address it saw), skipping trusted proxies; the first other address is the client.
/// An entry that is not an address stops the walk at the proxy that added it.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let forwarded: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let mut client = peer;
    for entry in forwarded.iter().rev() {
        let Some(addr) = parse_entry(entry) else {
            return client;
        };
        client = addr;
        if !trusted.contains(&addr) {
            return addr;
        }
    }
    client
}

fn parse_entry(entry: &str) -> Option<IpAddr> {
    entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|s| s.ip()))
}

/// The client's address as text, inside a server function (per-client limits key on it): the
/// TCP peer, or what a trusted reverse proxy forwarded (`TRUSTED_PROXIES`); "unknown" outside a
/// request.
pub fn of_server_fn_request(trusted_proxies: &[IpAddr]) -> String {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| {
            let peer = parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()?
                .0
                .ip();
            Some(client_address(peer, &parts.headers, trusted_proxies).to_string())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn xff(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", value.parse().unwrap());
        h
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_forwards() {
        assert_eq!(
            client_address(ip("203.0.113.7"), &xff("198.51.100.1"), &[ip("10.0.0.1")]),
            ip("203.0.113.7")
        );
        assert_eq!(
            client_address(ip("203.0.113.7"), &xff("198.51.100.1"), &[]),
            ip("203.0.113.7")
        );
    }

    #[test]
    fn a_trusted_proxy_names_the_client_and_spoofed_entries_to_the_left_are_ignored() {
        let trusted = [ip("10.0.0.1"), ip("10.0.0.2")];
        assert_eq!(
            client_address(ip("10.0.0.1"), &xff("198.51.100.1"), &trusted),
            ip("198.51.100.1")
        );
        // The client itself sent "1.2.3.4"; the proxy appended the real peer.
        assert_eq!(
            client_address(
                ip("10.0.0.1"),
                &xff("1.2.3.4, 198.51.100.1, 10.0.0.2"),
                &trusted
            ),
            ip("198.51.100.1")
        );
        assert_eq!(
            client_address(ip("10.0.0.1"), &xff("[2001:db8::1]:4711"), &trusted),
            ip("2001:db8::1")
        );
        assert_eq!(
            client_address(ip("10.0.0.1"), &HeaderMap::new(), &trusted),
            ip("10.0.0.1")
        );
        assert_eq!(
            client_address(ip("10.0.0.1"), &xff("garbage, 10.0.0.2"), &trusted),
            ip("10.0.0.2")
        );
    }
}
