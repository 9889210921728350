//! What one user, and the whole account, may spend on outbound calls to phone numbers at once:
//! Twilio bills every minute, so a stolen session or a stuck browser must not run up a bill.

use super::{ConfigError, env::parse_number};

/// Limits on calls to phone numbers, checked before any `<Dial><Number>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CallLimits {
    /// The longest call to a phone number, in seconds: `<Dial timeLimit>`, after which Twilio
    /// hangs up.
    pub max_call_seconds: u32,
    /// Calls to phone numbers one user may have up at once.
    pub max_concurrent_per_user: u32,
    /// Calls to phone numbers the whole account may have up at once.
    pub max_concurrent: u32,
}

impl Default for CallLimits {
    fn default() -> Self {
        Self {
            max_call_seconds: 2 * 3600,
            max_concurrent_per_user: 2,
            max_concurrent: 20,
        }
    }
}

impl CallLimits {
    /// Reads `MAX_CALL_SECONDS`, `MAX_CONCURRENT_CALLS_PER_USER` and `MAX_CONCURRENT_CALLS`.
    pub fn read(get: &impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let d = Self::default();
        let number = |name, default: u32, min, max| {
            parse_number(get, name, u64::from(default), min, max).map(|n| n as u32)
        };
        Ok(Self {
            // Twilio's own ceiling for timeLimit is 24 hours.
            max_call_seconds: number("MAX_CALL_SECONDS", d.max_call_seconds, 60, 86_400)?,
            max_concurrent_per_user: number(
                "MAX_CONCURRENT_CALLS_PER_USER",
                d.max_concurrent_per_user,
                1,
                100,
            )?,
            max_concurrent: number("MAX_CONCURRENT_CALLS", d.max_concurrent, 1, 100_000)?,
        })
    }
}
