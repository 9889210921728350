//! How long a connection may take and how many there may be: slow or idle clients must not be
//! able to hold the server (issue 16: 200 half-sent request headers stayed open indefinitely).

use std::time::Duration;

use super::{ConfigError, env::parse_seconds};

/// Limits on HTTP connections, enforced by the server's accept loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HttpLimits {
    /// A request's head (request line and headers) must arrive within this, counted from the
    /// moment the server starts waiting for it: on a kept-alive HTTP/1 connection that is also
    /// how long it may sit idle between requests.
    pub header_read_timeout: Duration,
    /// A connection on which no byte moves either way for this long is shut down (HTTP/2 and
    /// stalled responses included); twice this and it is dropped.
    pub idle_timeout: Duration,
    /// A request must be answered (the response head sent) within this; then 408.
    pub request_timeout: Duration,
    /// Connections served at once; further ones wait in the kernel's backlog.
    pub max_connections: usize,
    /// Connections one client address may hold at once (not counted for `TRUSTED_PROXIES`,
    /// whose connections carry many clients); more are closed as they arrive, so one client
    /// cannot take every connection slot.
    pub max_connections_per_client: usize,
}

impl Default for HttpLimits {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            request_timeout: Duration::from_secs(30),
            max_connections: 512,
            max_connections_per_client: 128,
        }
    }
}

impl HttpLimits {
    /// Reads `HEADER_READ_TIMEOUT_SECONDS`, `IDLE_TIMEOUT_SECONDS`, `REQUEST_TIMEOUT_SECONDS`,
    /// `MAX_CONNECTIONS` and `MAX_CONNECTIONS_PER_CLIENT`.
    pub fn read(get: &impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let d = Self::default();
        Ok(Self {
            header_read_timeout: parse_seconds(
                get,
                "HEADER_READ_TIMEOUT_SECONDS",
                d.header_read_timeout.as_secs(),
                1,
                300,
            )?,
            idle_timeout: parse_seconds(
                get,
                "IDLE_TIMEOUT_SECONDS",
                d.idle_timeout.as_secs(),
                1,
                3600,
            )?,
            request_timeout: parse_seconds(
                get,
                "REQUEST_TIMEOUT_SECONDS",
                d.request_timeout.as_secs(),
                1,
                3600,
            )?,
            max_connections: super::env::parse_number(
                get,
                "MAX_CONNECTIONS",
                d.max_connections as u64,
                1,
                100_000,
            )? as usize,
            max_connections_per_client: super::env::parse_number(
                get,
                "MAX_CONNECTIONS_PER_CLIENT",
                d.max_connections_per_client as u64,
                1,
                100_000,
            )? as usize,
        })
    }
}
