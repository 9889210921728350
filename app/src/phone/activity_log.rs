//! The device activity log: what the SDK and the user did, timestamped, copyable as text.

/// Entries kept; older ones are dropped so a day-long tab does not grow without bound.
pub const MAX_LOG_ENTRIES: usize = 200;

/// One line of the log.
#[derive(Clone, Debug, PartialEq)]
pub struct LogEntry {
    /// Position in the whole session's log (stable key for the list, survives trimming).
    pub seq: u64,
    /// Browser clock, milliseconds since the epoch.
    pub at_ms: f64,
    /// Short category: `device`, `call`, `token`, `user`, `error`.
    pub kind: &'static str,
    /// What happened.
    pub text: String,
}

impl LogEntry {
    /// `HH:MM:SS.mmm` (UTC) of this entry.
    pub fn time(&self) -> String {
        let ms = self.at_ms.max(0.0) as u64;
        let (h, m, s, milli) = (
            ms / 3_600_000 % 24,
            ms / 60_000 % 60,
            ms / 1000 % 60,
            ms % 1000,
        );
        format!("{h:02}:{m:02}:{s:02}.{milli:03}")
    }

    /// The entry as one line of text.
    pub fn line(&self) -> String {
        format!("{}Z {:<6} {}", self.time(), self.kind, self.text)
    }
}

/// The newest [`MAX_LOG_ENTRIES`] entries, oldest first.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ActivityLog {
    entries: Vec<LogEntry>,
    pushed: u64,
}

impl ActivityLog {
    /// Appends an entry, dropping the oldest beyond the limit.
    pub fn push(&mut self, at_ms: f64, kind: &'static str, text: impl Into<String>) {
        if self.entries.len() == MAX_LOG_ENTRIES {
            self.entries.remove(0);
        }
        self.pushed += 1;
        self.entries.push(LogEntry {
            seq: self.pushed,
            at_ms,
            kind,
            text: text.into(),
        });
    }

    /// Entries, oldest first.
    pub fn entries(&self) -> &[LogEntry] {
        &self.entries
    }

    /// The whole log as text, for the clipboard.
    pub fn to_text(&self) -> String {
        self.entries
            .iter()
            .map(LogEntry::line)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_timestamped_lines_and_the_oldest_go_first() {
        let mut log = ActivityLog::default();
        log.push(3_723_004.0, "device", "registered");
        assert_eq!(log.to_text(), "01:02:03.004Z device registered");
        for i in 0..MAX_LOG_ENTRIES {
            log.push(0.0, "call", format!("{i}"));
        }
        assert_eq!(log.entries().len(), MAX_LOG_ENTRIES);
        assert_eq!(log.entries()[0].text, "0");
    }
}
