//! Parsing single variables: numbers in a range, durations, the public base URL, address lists.

use std::{net::IpAddr, time::Duration};

use super::{ConfigError, mode::is_loopback_host};

/// A whole number from `min` to `max`, or `default` when unset.
pub fn parse_number(
    get: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: u64,
    min: u64,
    max: u64,
) -> Result<u64, ConfigError> {
    let Some(raw) = get(name) else {
        return Ok(default);
    };
    match raw.parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(ConfigError::Invalid {
            name,
            reason: format!("{raw:?} is not a whole number from {min} to {max}"),
        }),
    }
}

/// As [`parse_number`], in seconds.
pub fn parse_seconds(
    get: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: u64,
    min: u64,
    max: u64,
) -> Result<Duration, ConfigError> {
    parse_number(get, name, default, min, max).map(Duration::from_secs)
}

/// `PUBLIC_BASE_URL`: an http(s) base without query or trailing slash. Plain http is accepted
/// only when `allow_http` (local mode) or for a loopback host: anywhere else the session cookie
/// and Twilio's webhooks would cross the network in clear.
pub fn parse_base_url(url: &str, allow_http: bool) -> Result<String, ConfigError> {
    parse_named_base_url("PUBLIC_BASE_URL", url, allow_http)
}

/// A base URL in variable `name`, with the rules of [`parse_base_url`].
pub fn parse_named_base_url(
    name: &'static str,
    url: &str,
    allow_http: bool,
) -> Result<String, ConfigError> {
    let invalid = |reason: &str| ConfigError::Invalid {
        name,
        reason: reason.to_owned(),
    };
    let (https, rest) = match url.strip_prefix("https://") {
        Some(rest) => (true, rest),
        None => (
            false,
            url.strip_prefix("http://").ok_or_else(|| {
                invalid("must start with https:// (or http:// for local testing)")
            })?,
        ),
    };
    if rest.is_empty() || rest.starts_with('/') {
        return Err(invalid("has no host"));
    }
    if rest.contains(['?', '#', ' ', '@']) {
        return Err(invalid(
            "must be a base URL without credentials, query, fragment or spaces",
        ));
    }
    let host = rest.split('/').next().unwrap_or_default();
    if !https && !allow_http && !is_loopback_host(host) {
        return Err(invalid(
            "must start with https:// with a real Twilio account: over plain http the session \
             cookie, passwords and Twilio's webhooks would cross the network unencrypted \
             (http:// is accepted only for 127.0.0.1, [::1] or localhost)",
        ));
    }
    Ok(url.trim_end_matches('/').to_owned())
}

/// A comma-separated list of IP addresses (`TRUSTED_PROXIES`).
pub fn parse_addresses(
    get: &impl Fn(&str) -> Option<String>,
    name: &'static str,
) -> Result<Vec<IpAddr>, ConfigError> {
    let Some(raw) = get(name) else {
        return Ok(Vec::new());
    };
    raw.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<IpAddr>().map_err(|_| ConfigError::Invalid {
                name,
                reason: format!("{s:?} is not an IP address (expected a comma-separated list)"),
            })
        })
        .collect()
}
