//! Live or local, and what local mode needs to stay on this machine: loopback addresses only.

use std::net::{IpAddr, SocketAddr};

/// Whether calls go through Twilio or stay on this machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// All Twilio credentials were given: a real account.
    Live,
    /// None was given: credentials are generated locally and calls stay on this machine.
    Local,
}

/// What happens when a dialled party does not answer, is busy or fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unanswered {
    /// Say so and record a voicemail.
    Voicemail,
    /// Say so and hang up.
    Hangup,
}

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
