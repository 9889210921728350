//! Whether a host names this machine. Local mode and the simulator serve only this machine (the
//! simulator has no authentication beyond tokens, and local mode's demo passwords are public),
//! so both the server's configuration and the simulator's request checks ask this.

use std::net::{IpAddr, SocketAddr};

/// Whether a `Host` header value (or the host of a URL authority) names this machine:
/// `localhost`, 127.0.0.0/8 or `[::1]`, with or without a port. Names other than `localhost`
/// are not resolved: a DNS name that points at 127.0.0.1 today may point elsewhere tomorrow
/// (DNS rebinding), so only the literal forms count.
pub fn is_loopback_host(host: &str) -> bool {
    let host = host.trim();
    if let Ok(addr) = host.parse::<SocketAddr>() {
        return addr.ip().is_loopback();
    }
    let name = match host.strip_prefix('[') {
        // `[::1]` without a port
        Some(rest) => match rest.strip_suffix(']') {
            Some(ip) => ip,
            None => return false,
        },
        None => match host.rsplit_once(':') {
            Some((name, port)) if !name.contains(':') => {
                if port.parse::<u16>().is_err() {
                    return false;
                }
                name
            }
            _ => host,
        },
    };
    let name = name.strip_suffix('.').unwrap_or(name);
    name.eq_ignore_ascii_case("localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::is_loopback_host;

    #[test]
    fn loopback_hosts_are_recognised_literally() {
        for host in [
            "localhost",
            "LOCALHOST:3000",
            "127.0.0.1",
            "127.8.9.10:80",
            "[::1]",
            "[::1]:3000",
            "localhost.",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "0.0.0.0:3000",
            "example.com",
            "localhost.example.com",
            "127.0.0.1.nip.io:3000",
            "[::]:3000",
            "10.0.0.1",
            "localhost:notaport",
            "",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }
}
