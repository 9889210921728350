//! The page's clocks. The wall clock (`Date.now()`) may be hours off the server's or jump (NTP,
//! a user setting it): it only timestamps log lines. Durations (call timers, token lifetimes) use
//! the monotonic clock, `performance.now()`.

/// Milliseconds since the epoch, by the browser's wall clock. On the server, the system clock.
pub fn now_ms() -> f64 {
    #[cfg(feature = "hydrate")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    }
}

/// Milliseconds since the page started, never going backwards (`performance.now()`). On the
/// server (and without the API), the wall clock, which is all there is.
pub fn monotonic_ms() -> f64 {
    #[cfg(feature = "hydrate")]
    {
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            return performance.now();
        }
    }
    now_ms()
}
