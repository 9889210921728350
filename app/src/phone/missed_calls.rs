//! The missed-call count the app badge shows: calls that rang here and stopped before anyone
//! answered, since the user last looked at the page.

/// Counts missed calls until the user looks at the page again.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MissedCalls {
    count: u32,
}

impl MissedCalls {
    /// A call rang and stopped unanswered. Returns the new count, for the badge.
    pub fn missed(&mut self) -> u32 {
        self.count = self.count.saturating_add(1);
        self.count
    }

    /// The user looked at the page. Returns whether there was anything to clear.
    pub fn seen(&mut self) -> bool {
        std::mem::take(&mut self.count) > 0
    }

    /// Calls missed since the page was last seen.
    pub fn count(&self) -> u32 {
        self.count
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_missed_call_adds_one() {
        let mut missed = MissedCalls::default();
        assert_eq!(missed.count(), 0);
        assert_eq!(missed.missed(), 1);
        assert_eq!(missed.missed(), 2);
        assert_eq!(missed.count(), 2);
    }

    #[test]
    fn seeing_the_page_clears_the_count_once() {
        let mut missed = MissedCalls::default();
        assert!(!missed.seen(), "nothing to clear yet");
        missed.missed();
        assert!(missed.seen());
        assert_eq!(missed.count(), 0);
        assert!(!missed.seen(), "already cleared");
        assert_eq!(missed.missed(), 1, "counting starts again");
    }

    #[test]
    fn the_count_never_wraps() {
        let mut missed = MissedCalls { count: u32::MAX };
        assert_eq!(missed.missed(), u32::MAX);
    }
}
