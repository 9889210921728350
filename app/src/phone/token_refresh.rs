//! When to fetch a fresh access token: our own timer, because the SDK's `tokenWillExpire` fires
//! only once (twilio-voice.js#93), and not in the middle of a call.
//!
//! Nothing here compares the browser's clock with the server's: a token's lifetime is the
//! difference of its own `iat` and `exp` (both the server's clock), and its age is measured on
//! the browser's clocks from the moment it arrived. A browser clock hours off changes neither.

/// Refresh this long before expiry.
pub const REFRESH_BEFORE_EXPIRY_SECONDS: u64 = 5 * 60;
/// While a call is up, look again this often.
pub const RECHECK_DURING_CALL_SECONDS: u64 = 15;
/// Below this much life left, refresh even mid-call: ~1 s of audio loss beats a dropped device.
pub const MUST_REFRESH_SECONDS: u64 = 45;
/// The lifetime assumed for a token whose claims can't be read: short, so it is renewed early.
pub const FALLBACK_LIFETIME_SECONDS: u64 = 10 * 60;

/// What the refresh timer should do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefreshPlan {
    /// Refresh now.
    Now,
    /// Look again after this many seconds.
    WaitSeconds(u64),
}

/// A token as the phone holds it: how long it lives, and when it arrived by the page's two
/// clocks (monotonic `performance.now()` and wall `Date.now()`, both milliseconds).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TokenLifetime {
    /// `exp - iat`, seconds.
    pub lifetime_seconds: u64,
    /// `performance.now()` when it arrived.
    pub received_monotonic_ms: f64,
    /// `Date.now()` when it arrived.
    pub received_wall_ms: f64,
}

impl TokenLifetime {
    /// Reads the lifetime from the JWT's own `iat` and `exp` claims; without them, a short
    /// [`FALLBACK_LIFETIME_SECONDS`].
    pub fn of_jwt(jwt: &str, received_monotonic_ms: f64, received_wall_ms: f64) -> Self {
        Self {
            lifetime_seconds: jwt_lifetime_seconds(jwt).unwrap_or(FALLBACK_LIFETIME_SECONDS),
            received_monotonic_ms,
            received_wall_ms,
        }
    }

    /// Seconds since it arrived: the larger of the monotonic and the wall clock's elapsed time.
    /// The monotonic clock may stand still while the machine sleeps, the wall clock may jump
    /// back; taking the larger (never below 0) errs towards refreshing early, never late.
    pub fn age_seconds(&self, now_monotonic_ms: f64, now_wall_ms: f64) -> u64 {
        let monotonic = now_monotonic_ms - self.received_monotonic_ms;
        let wall = now_wall_ms - self.received_wall_ms;
        (monotonic.max(wall).max(0.0) / 1000.0) as u64
    }

    /// The plan at the given clock readings.
    pub fn plan(&self, now_monotonic_ms: f64, now_wall_ms: f64, in_call: bool) -> RefreshPlan {
        plan_token_refresh(
            self.age_seconds(now_monotonic_ms, now_wall_ms),
            self.lifetime_seconds,
            in_call,
        )
    }
}

/// Decides, for a token `age` seconds old that lives `lifetime` seconds, whether to refresh.
/// Short tokens (tests use a few minutes) refresh at half life.
pub fn plan_token_refresh(age: u64, lifetime: u64, in_call: bool) -> RefreshPlan {
    let left = lifetime.saturating_sub(age);
    if left <= MUST_REFRESH_SECONDS {
        return RefreshPlan::Now;
    }
    let refresh_at = lifetime - REFRESH_BEFORE_EXPIRY_SECONDS.min(lifetime / 2);
    match (refresh_at.saturating_sub(age), in_call) {
        (0, false) => RefreshPlan::Now,
        (0, true) => {
            RefreshPlan::WaitSeconds(RECHECK_DURING_CALL_SECONDS.min(left - MUST_REFRESH_SECONDS))
        }
        (due, _) => RefreshPlan::WaitSeconds(due),
    }
}

/// `exp - iat` (or `exp - nbf`) of a JWT (`header.payload.signature`, payload base64url JSON); `None` if unreadable.
fn jwt_lifetime_seconds(jwt: &str) -> Option<u64> {
    let payload = jwt.split('.').nth(1)?;
    let claims: serde_json::Value = serde_json::from_slice(&base64url_decode(payload)?).ok()?;
    // `iat`, or `nbf` for minters that leave `iat` out.
    let iat = claims.get("iat").or_else(|| claims.get("nbf"))?.as_u64()?;
    let exp = claims.get("exp")?.as_u64()?;
    exp.checked_sub(iat).filter(|l| *l > 0)
}

/// Decodes unpadded base64url (RFC 4648 §5), as JWTs use it.
fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for byte in text.trim_end_matches('=').bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A JWT-shaped token with these claims (the signature is not read).
    fn jwt(iat: u64, exp: u64) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let payload = format!(r#"{{"iat":{iat},"exp":{exp},"jti":"SK-1"}}"#);
        let mut encoded = String::new();
        for chunk in payload.as_bytes().chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
            for i in 0..=chunk.len() {
                encoded.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            }
        }
        format!("eyJhbGciOiJIUzI1NiJ9.{encoded}.sig")
    }

    #[test]
    fn an_hour_long_token_is_refreshed_five_minutes_before_expiry() {
        assert_eq!(
            plan_token_refresh(0, 3600, false),
            RefreshPlan::WaitSeconds(3300)
        );
    }

    #[test]
    fn a_short_token_is_refreshed_at_half_its_life() {
        assert_eq!(
            plan_token_refresh(0, 120, false),
            RefreshPlan::WaitSeconds(60)
        );
        assert_eq!(plan_token_refresh(60, 120, false), RefreshPlan::Now);
    }

    #[test]
    fn a_due_refresh_waits_while_a_call_is_up_until_it_must_not() {
        // Due (5 min left of an hour) but in a call: look again in 15 s.
        assert_eq!(
            plan_token_refresh(3300, 3600, true),
            RefreshPlan::WaitSeconds(15)
        );
        assert_eq!(plan_token_refresh(3300, 3600, false), RefreshPlan::Now);
        // 40 s left: refresh whatever happens.
        assert_eq!(plan_token_refresh(3560, 3600, true), RefreshPlan::Now);
        assert_eq!(
            plan_token_refresh(5000, 3600, false),
            RefreshPlan::Now,
            "already expired"
        );
    }

    #[test]
    fn the_lifetime_comes_from_the_tokens_own_claims() {
        let token = TokenLifetime::of_jwt(&jwt(1_700_000_000, 1_700_003_600), 0.0, 0.0);
        assert_eq!(token.lifetime_seconds, 3600);
        let unreadable = TokenLifetime::of_jwt("not-a-jwt", 0.0, 0.0);
        assert_eq!(unreadable.lifetime_seconds, FALLBACK_LIFETIME_SECONDS);
        let backwards = TokenLifetime::of_jwt(&jwt(1_700_003_600, 1_700_000_000), 0.0, 0.0);
        assert_eq!(backwards.lifetime_seconds, FALLBACK_LIFETIME_SECONDS);
    }

    #[test]
    fn a_browser_clock_hours_off_the_servers_changes_nothing() {
        // The server issued the token at its 1_700_000_000; the browser's wall clock reads three
        // hours ahead, or three hours behind. The plan is the same: 55 minutes from now.
        let server_iat = 1_700_000_000;
        for skew_hours in [-3.0, 0.0, 3.0, 27.0] {
            let wall_now = (server_iat as f64 + skew_hours * 3600.0) * 1000.0;
            let monotonic_now = 12_345.0;
            let token =
                TokenLifetime::of_jwt(&jwt(server_iat, server_iat + 3600), monotonic_now, wall_now);
            assert_eq!(
                token.plan(monotonic_now, wall_now, false),
                RefreshPlan::WaitSeconds(3300),
                "skew {skew_hours} h"
            );
            // 56 minutes later by both clocks: due.
            let later = 56.0 * 60_000.0;
            assert_eq!(
                token.plan(monotonic_now + later, wall_now + later, false),
                RefreshPlan::Now,
                "skew {skew_hours} h"
            );
        }
    }

    #[test]
    fn a_sleeping_machine_or_a_clock_jumping_back_errs_towards_refreshing_early() {
        let token = TokenLifetime {
            lifetime_seconds: 3600,
            received_monotonic_ms: 1_000.0,
            received_wall_ms: 5_000_000.0,
        };
        // Asleep for two hours: the monotonic clock barely moved, the wall clock did.
        assert_eq!(
            token.plan(2_000.0, 5_000_000.0 + 7_200_000.0, false),
            RefreshPlan::Now
        );
        // The wall clock was set back a day: the monotonic clock still counts.
        assert_eq!(token.age_seconds(61_000.0, 5_000_000.0 - 86_400_000.0), 60);
    }
}
