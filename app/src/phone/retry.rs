//! Delays between retries: every retry loop of the phone waits, longer each time, up to a cap.

/// Exponential backoff from `first_ms`, doubling up to `max_ms`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backoff {
    first_ms: u32,
    max_ms: u32,
    attempts: u32,
}

impl Backoff {
    /// Starts at `first_ms` (at least 1 ms); never waits longer than `max_ms`.
    pub fn new(first_ms: u32, max_ms: u32) -> Self {
        Self {
            first_ms: first_ms.max(1),
            max_ms: max_ms.max(first_ms.max(1)),
            attempts: 0,
        }
    }

    /// The delay before the next attempt.
    pub fn next_delay_ms(&mut self) -> u32 {
        let delay = self
            .first_ms
            .saturating_mul(1u32 << self.attempts.min(20))
            .min(self.max_ms);
        self.attempts = self.attempts.saturating_add(1);
        delay
    }

    /// Attempts so far.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Success: the next failure starts from `first_ms` again.
    pub fn reset(&mut self) {
        self.attempts = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_up_to_the_cap_and_starts_over_after_a_success() {
        let mut b = Backoff::new(2_000, 30_000);
        let delays: Vec<u32> = (0..7).map(|_| b.next_delay_ms()).collect();
        assert_eq!(
            delays,
            [2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]
        );
        assert_eq!(b.attempts(), 7);
        b.reset();
        assert_eq!(b.next_delay_ms(), 2_000);
        for _ in 0..100 {
            assert!(b.next_delay_ms() <= 30_000, "never overflows");
        }
        assert_eq!(Backoff::new(0, 0).next_delay_ms(), 1, "never a busy loop");
    }
}
