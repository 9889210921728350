//! The wall clock, as the browser reads it (`Date.now()`): the performance clock can drift from it
//! by seconds after the machine slept, and call times are shown against it.

/// Milliseconds since the epoch. On the server, the system clock.
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

/// Unix seconds.
pub fn now_seconds() -> u64 {
    (now_ms() / 1000.0) as u64
}
