//! A call's length as the dialog's timer and the end notice show it.

/// Formats a duration in seconds as `mm:ss`, or `h:mm:ss` from one hour on.
pub fn format_elapsed(total_seconds: u64) -> String {
    let (h, m, s) = (
        total_seconds / 3600,
        total_seconds / 60 % 60,
        total_seconds % 60,
    );
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::format_elapsed;

    #[test]
    fn elapsed_time_is_minutes_and_seconds_then_hours() {
        assert_eq!(format_elapsed(0), "00:00");
        assert_eq!(format_elapsed(65), "01:05");
        assert_eq!(format_elapsed(3599), "59:59");
        assert_eq!(format_elapsed(3600 + 62), "1:01:02");
    }
}
