//! Dates in the user's own locale and time zone (`Intl.DateTimeFormat`).

/// `unix_seconds` as the user reads a date and time ("3 Dec 2026, 14:03" in en-GB). The instant
/// comes from the server's clock, so a wrong browser clock does not move it. On the server, UTC
/// in ISO 8601.
pub fn local_date_time(unix_seconds: i64) -> String {
    #[cfg(feature = "hydrate")]
    {
        use js_sys::{Date, Object};
        use wasm_bindgen::JsValue;

        let options = Object::new();
        super::reflect::set(&options, "dateStyle", &"medium".into());
        super::reflect::set(&options, "timeStyle", &"short".into());
        let date = Date::new(&JsValue::from_f64(unix_seconds as f64 * 1000.0));
        // Locales undefined: the browser's own language.
        super::reflect::call(&date, "toLocaleString", &[&JsValue::UNDEFINED, &options])
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_else(|| String::from(date.to_iso_string()))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let days = unix_seconds.div_euclid(86_400);
        let seconds = unix_seconds.rem_euclid(86_400);
        format!(
            "day {days} after 1970-01-01, {:02}:{:02} UTC",
            seconds / 3600,
            seconds % 3600 / 60
        )
    }
}
