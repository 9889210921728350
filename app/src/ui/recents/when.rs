//! "When" and "how long" for recent calls and voicemail, as the reader's language writes them:
//! English as before (the browser's own date format, `mm:ss`), French ("hier à 14 h 05",
//! "3 min 05 s") and Japanese ("昨日 14:05", "3分5秒").

use crate::i18n::Locale;
use crate::phone::format_elapsed;

/// A no-break space: French keeps a number and its unit (or "h") on one line.
const NBSP: char = '\u{a0}';

/// French months as dates abbreviate them.
const FR_MONTHS: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
    "déc.",
];

/// English months as `Intl` (en, medium) abbreviates them.
const EN_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A moment on the reader's wall clock (their time zone).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WallClock {
    /// The year, in full.
    pub year: i32,
    /// 1 to 12.
    pub month: u32,
    /// 1 to 31.
    pub day: u32,
    /// 0 to 23.
    pub hour: u32,
    /// 0 to 59.
    pub minute: u32,
}

impl WallClock {
    /// Days since 1970-01-01 of this date (proleptic Gregorian), to tell today from yesterday.
    fn day_number(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The UTC wall clock of a unix time (servers and tests; the browser uses its own zone).
    pub fn utc(unix_seconds: i64) -> Self {
        let days = unix_seconds.div_euclid(86_400);
        let seconds = unix_seconds.rem_euclid(86_400);
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Self {
            year,
            month,
            day,
            hour: (seconds / 3600) as u32,
            minute: (seconds % 3600 / 60) as u32,
        }
    }
}

/// When something happened (`then`), read on `now`'s day: today and yesterday by name in French
/// and Japanese, else the date (its year only if not this year), and the time.
/// English: "Dec 4, 2026, 2:05 PM" (what the browser writes, used when it cannot).
pub fn format_when(locale: Locale, then: WallClock, now: WallClock) -> String {
    let days_ago = now.day_number() - then.day_number();
    let same_year = then.year == now.year;
    let month = (then.month.clamp(1, 12) - 1) as usize;
    match locale {
        Locale::en => {
            let (hour, half) = match then.hour {
                0 => (12, "AM"),
                h @ 1..=11 => (h, "AM"),
                12 => (12, "PM"),
                h => (h - 12, "PM"),
            };
            format!(
                "{} {}, {}, {hour}:{:02} {half}",
                EN_MONTHS[month], then.day, then.year, then.minute
            )
        }
        Locale::fr => {
            let time = format!("{}{NBSP}h{NBSP}{:02}", then.hour, then.minute);
            match days_ago {
                0 => format!("aujourd’hui à {time}"),
                1 => format!("hier à {time}"),
                _ if same_year => format!("{}{NBSP}{} à {time}", then.day, FR_MONTHS[month]),
                _ => format!(
                    "{}{NBSP}{} {} à {time}",
                    then.day, FR_MONTHS[month], then.year
                ),
            }
        }
        Locale::ja => {
            let time = format!("{}:{:02}", then.hour, then.minute);
            match days_ago {
                0 => format!("今日 {time}"),
                1 => format!("昨日 {time}"),
                _ if same_year => format!("{}月{}日 {time}", then.month, then.day),
                _ => format!("{}年{}月{}日 {time}", then.year, then.month, then.day),
            }
        }
    }
}

/// How long a call or message lasted: English `mm:ss` (`h:mm:ss` from an hour on), French
/// "3 min 05 s", Japanese "3分5秒".
pub fn format_length(locale: Locale, total_seconds: u64) -> String {
    let (h, m, s) = (
        total_seconds / 3600,
        total_seconds / 60 % 60,
        total_seconds % 60,
    );
    match locale {
        Locale::en => format_elapsed(total_seconds),
        Locale::fr if h > 0 => format!("{h}{NBSP}h{NBSP}{m:02}{NBSP}min{NBSP}{s:02}{NBSP}s"),
        Locale::fr if m > 0 => format!("{m}{NBSP}min{NBSP}{s:02}{NBSP}s"),
        Locale::fr => format!("{s}{NBSP}s"),
        Locale::ja if h > 0 => format!("{h}時間{m}分{s}秒"),
        Locale::ja if m > 0 => format!("{m}分{s}秒"),
        Locale::ja => format!("{s}秒"),
    }
}

/// When `unix_seconds` was, for the reader, in their time zone. English keeps the browser's own
/// date format (its language's, if English, so en-GB reads "4 Dec 2026, 14:05"); French and
/// Japanese say today and yesterday by name ([`format_when`]).
pub fn local_when(locale: Locale, unix_seconds: i64) -> String {
    #[cfg(feature = "hydrate")]
    {
        use js_sys::{Date, Object, Reflect};
        use wasm_bindgen::JsValue;

        let date = Date::new(&JsValue::from_f64(unix_seconds as f64 * 1000.0));
        let wall = |d: &Date| WallClock {
            year: d.get_full_year() as i32,
            month: d.get_month() + 1,
            day: d.get_date(),
            hour: d.get_hours(),
            minute: d.get_minutes(),
        };
        if locale != Locale::en {
            return format_when(locale, wall(&date), wall(&Date::new_0()));
        }
        let options = Object::new();
        let _ = Reflect::set(&options, &"dateStyle".into(), &"medium".into());
        let _ = Reflect::set(&options, &"timeStyle".into(), &"short".into());
        let browser = web_sys::window()
            .and_then(|w| w.navigator().language())
            .filter(|l| l == "en" || l.starts_with("en-"))
            .unwrap_or_else(|| "en".to_owned());
        let text = String::from(date.to_locale_string(&browser, &options));
        if text.is_empty() {
            format_when(locale, wall(&date), wall(&Date::new_0()))
        } else {
            text
        }
    }
    #[cfg(not(feature = "hydrate"))]
    {
        match locale {
            Locale::en => crate::browser::local_date_time(unix_seconds),
            _ => {
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs() as i64);
                format_when(locale, WallClock::utc(unix_seconds), WallClock::utc(now))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> WallClock {
        WallClock {
            year,
            month,
            day,
            hour,
            minute,
        }
    }

    const NOW: WallClock = WallClock {
        year: 2026,
        month: 3,
        day: 1,
        hour: 9,
        minute: 30,
    };

    #[test]
    fn unix_times_land_on_their_utc_date() {
        assert_eq!(WallClock::utc(0), at(1970, 1, 1, 0, 0));
        assert_eq!(WallClock::utc(1_796_393_100), at(2026, 12, 4, 14, 5));
        assert_eq!(WallClock::utc(-60), at(1969, 12, 31, 23, 59));
        assert_eq!(WallClock::utc(951_782_400), at(2000, 2, 29, 0, 0));
    }

    #[test]
    fn french_says_today_and_yesterday_then_the_date() {
        let fr = |then| format_when(Locale::fr, then, NOW);
        assert_eq!(fr(at(2026, 3, 1, 8, 5)), "aujourd’hui à 8\u{a0}h\u{a0}05");
        // Yesterday across a month's end (February 2026 has 28 days).
        assert_eq!(fr(at(2026, 2, 28, 14, 5)), "hier à 14\u{a0}h\u{a0}05");
        assert_eq!(
            fr(at(2026, 2, 27, 0, 0)),
            "27\u{a0}févr. à 0\u{a0}h\u{a0}00"
        );
        assert_eq!(
            fr(at(2025, 12, 31, 23, 59)),
            "31\u{a0}déc. 2025 à 23\u{a0}h\u{a0}59"
        );
    }

    #[test]
    fn japanese_says_today_and_yesterday_then_the_date() {
        let ja = |then| format_when(Locale::ja, then, NOW);
        assert_eq!(ja(at(2026, 3, 1, 8, 5)), "今日 8:05");
        assert_eq!(ja(at(2026, 2, 28, 14, 5)), "昨日 14:05");
        assert_eq!(ja(at(2026, 2, 27, 0, 0)), "2月27日 0:00");
        assert_eq!(ja(at(2025, 12, 31, 23, 59)), "2025年12月31日 23:59");
    }

    #[test]
    fn english_falls_back_to_the_browsers_format() {
        let en = |then| format_when(Locale::en, then, NOW);
        assert_eq!(en(at(2026, 12, 4, 14, 5)), "Dec 4, 2026, 2:05 PM");
        assert_eq!(en(at(2026, 1, 9, 0, 7)), "Jan 9, 2026, 12:07 AM");
        assert_eq!(en(at(2026, 1, 9, 12, 0)), "Jan 9, 2026, 12:00 PM");
    }

    #[test]
    fn lengths_in_each_language() {
        assert_eq!(format_length(Locale::en, 185), "03:05");
        assert_eq!(format_length(Locale::en, 3600 + 62), "1:01:02");
        assert_eq!(format_length(Locale::fr, 185), "3\u{a0}min\u{a0}05\u{a0}s");
        assert_eq!(format_length(Locale::fr, 9), "9\u{a0}s");
        assert_eq!(
            format_length(Locale::fr, 3600 + 62),
            "1\u{a0}h\u{a0}01\u{a0}min\u{a0}02\u{a0}s"
        );
        assert_eq!(format_length(Locale::ja, 185), "3分5秒");
        assert_eq!(format_length(Locale::ja, 9), "9秒");
        assert_eq!(format_length(Locale::ja, 3600 + 62), "1時間1分2秒");
    }
}
