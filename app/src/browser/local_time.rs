//! Dates in the user's own locale and time zone (`Intl.DateTimeFormat`).

/// `unix_seconds` as the user reads a date and time ("3 Dec 2026, 14:03" in en-GB). The instant
/// comes from the server's clock, so a wrong browser clock does not move it. On the server, UTC
/// in ISO 8601.
pub fn local_date_time(unix_seconds: i64) -> String {
    date_time(unix_seconds, None)
}

/// `unix_seconds` as a reader of `locale` writes a date and time, in the user's time zone
/// ("3 déc. 2026, 14:03" in French, "2026/12/03 14:03" in Japanese). On the server, as
/// [`local_date_time`].
pub fn local_date_time_in(unix_seconds: i64, locale: crate::i18n::Locale) -> String {
    use leptos_i18n::Locale as _;
    date_time(unix_seconds, Some(locale.as_str()))
}

/// The date and time in `tag`'s language (`None`: the browser's own).
fn date_time(unix_seconds: i64, tag: Option<&str>) -> String {
    #[cfg(feature = "hydrate")]
    {
        use js_sys::{Date, Object};
        use wasm_bindgen::JsValue;

        let options = Object::new();
        super::reflect::set(&options, "dateStyle", &"medium".into());
        super::reflect::set(&options, "timeStyle", &"short".into());
        let date = Date::new(&JsValue::from_f64(unix_seconds as f64 * 1000.0));
        // Locales undefined: the browser's own language.
        let locales = tag.map_or(JsValue::UNDEFINED, JsValue::from);
        super::reflect::call(&date, "toLocaleString", &[&locales, &options])
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_else(|| String::from(date.to_iso_string()))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = tag;
        let days = unix_seconds.div_euclid(86_400);
        let seconds = unix_seconds.rem_euclid(86_400);
        format!(
            "day {days} after 1970-01-01, {:02}:{:02} UTC",
            seconds / 3600,
            seconds % 3600 / 60
        )
    }
}
