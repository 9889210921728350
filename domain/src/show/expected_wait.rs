//! `ExpectedWait`: how long a holding caller will probably wait, from our own history of the show.

use serde::{Deserialize, Serialize};

/// The pace at which a show takes callers to air, measured from when its recent callers went on
/// air, and the wait it predicts for a caller at a given position.
///
/// **Formula.** Let `G` be the median gap between consecutive on-air starts among the show's last
/// [`WINDOW`](Self::WINDOW) airings, ignoring gaps over [`MAX_GAP_SECONDS`](Self::MAX_GAP_SECONDS)
/// (the break between two shows), and `e` the seconds since the latest on-air start. The caller at
/// position `N` (1 = taken by the next press of Next) is expected to wait
///
/// ```text
/// wait(N) = max((N − 1) · G, N · G − e)
/// ```
///
/// that is, `N` turns of `G` seconds, less the part of the current turn already gone, but never
/// less than the `N − 1` whole turns still ahead. The median, not the mean, so one long interview
/// or one news break does not move every prediction. With fewer than two airings there is no `G`,
/// and no prediction: we say nothing rather than guess.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpectedWait {
    /// `G`, in seconds; `None` until the show has a history.
    turn_seconds: Option<u64>,
}

impl ExpectedWait {
    /// How many recent airings the median looks at.
    pub const WINDOW: usize = 20;
    /// Longer gaps between two airings are breaks, not turns (30 minutes).
    pub const MAX_GAP_SECONDS: u64 = 30 * 60;

    /// The pace from when the show's callers went on air (unix seconds, any order).
    pub fn from_airings(on_air_starts: &[u64]) -> Self {
        let mut starts = on_air_starts.to_vec();
        starts.sort_unstable();
        let recent = &starts[starts.len().saturating_sub(Self::WINDOW)..];
        let mut gaps: Vec<u64> = recent
            .windows(2)
            .map(|pair| pair[1] - pair[0])
            .filter(|&gap| gap <= Self::MAX_GAP_SECONDS)
            .collect();
        gaps.sort_unstable();
        let turn_seconds = match gaps.len() {
            0 => None,
            n if n % 2 == 1 => Some(gaps[n / 2]),
            n => Some((gaps[n / 2 - 1] + gaps[n / 2]).div_ceil(2)),
        };
        Self { turn_seconds }
    }

    /// `G`: the median seconds between two callers going on air, if known.
    pub fn turn_seconds(&self) -> Option<u64> {
        self.turn_seconds
    }

    /// The expected wait in seconds for the caller at `position` (1-based), `seconds_since_last_airing`
    /// being `e` (`None`: nobody went on air yet, `e` = 0). `None` without a history.
    pub fn for_position(
        &self,
        position: u32,
        seconds_since_last_airing: Option<u64>,
    ) -> Option<u64> {
        let turn = self.turn_seconds?;
        let position = u64::from(position.max(1));
        let elapsed = seconds_since_last_airing.unwrap_or(0);
        let whole_turns_ahead = (position - 1).saturating_mul(turn);
        Some(
            position
                .saturating_mul(turn)
                .saturating_sub(elapsed)
                .max(whole_turns_ahead),
        )
    }

    /// A wait in words for a caller on hold: "less than a minute", "about 1 minute",
    /// "about 4 minutes" (rounded up to whole minutes, so nobody is promised too little).
    pub fn in_words(seconds: u64) -> String {
        match seconds.div_ceil(60) {
            0 => "less than a minute".to_owned(),
            1 if seconds < 60 => "less than a minute".to_owned(),
            1 => "about 1 minute".to_owned(),
            minutes => format!("about {minutes} minutes"),
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rstest::rstest;

    use super::*;

    #[rstest]
    #[case::none(&[], None)]
    #[case::one_airing(&[100], None)]
    #[case::one_gap(&[100, 280], Some(180))]
    #[case::median_of_odd(&[0, 100, 400, 500], Some(100))]
    #[case::median_of_even_rounds_up(&[0, 100, 301], Some(151))]
    #[case::any_order(&[500, 0, 400, 100], Some(100))]
    #[case::break_ignored(&[0, 120, 120 + 3600, 120 + 3600 + 240], Some(180))]
    #[case::only_breaks(&[0, 4000], None)]
    fn the_pace_is_the_median_gap_between_airings(
        #[case] starts: &[u64],
        #[case] turn: Option<u64>,
    ) {
        assert_eq!(ExpectedWait::from_airings(starts).turn_seconds(), turn);
    }

    #[test]
    fn only_the_last_twenty_airings_count() {
        // Twenty slow turns long ago, then twenty fast ones.
        let mut starts: Vec<u64> = (0..21).map(|i| i * 600).collect();
        let last = *starts.last().unwrap();
        starts.extend((1..=20).map(|i| last + i * 60));
        assert_eq!(ExpectedWait::from_airings(&starts).turn_seconds(), Some(60));
    }

    #[rstest]
    #[case::first_just_after_an_airing(1, Some(0), Some(180))]
    #[case::first_a_minute_in(1, Some(60), Some(120))]
    #[case::first_long_after(1, Some(1000), Some(0))]
    #[case::third_a_minute_in(3, Some(60), Some(480))]
    #[case::third_long_after(3, Some(1000), Some(360))]
    #[case::nobody_aired_yet(2, None, Some(360))]
    #[case::position_zero_is_first(0, Some(0), Some(180))]
    fn the_wait_is_turns_ahead_less_the_current_turns_progress(
        #[case] position: u32,
        #[case] elapsed: Option<u64>,
        #[case] wait: Option<u64>,
    ) {
        let pace = ExpectedWait::from_airings(&[0, 180]);
        assert_eq!(pace.for_position(position, elapsed), wait);
    }

    #[test]
    fn without_history_nothing_is_predicted() {
        assert_eq!(
            ExpectedWait::from_airings(&[]).for_position(1, Some(0)),
            None
        );
    }

    #[rstest]
    #[case(0, "less than a minute")]
    #[case(59, "less than a minute")]
    #[case(60, "about 1 minute")]
    #[case(61, "about 2 minutes")]
    #[case(240, "about 4 minutes")]
    fn waits_are_spoken_in_whole_minutes_rounded_up(#[case] seconds: u64, #[case] words: &str) {
        assert_eq!(ExpectedWait::in_words(seconds), words);
    }

    proptest! {
        #[test]
        fn a_later_position_never_waits_less(
            starts in prop::collection::vec(0u64..100_000, 0..30),
            position in 1u32..50,
            elapsed in prop::option::of(0u64..10_000),
        ) {
            let pace = ExpectedWait::from_airings(&starts);
            let here = pace.for_position(position, elapsed);
            let behind = pace.for_position(position + 1, elapsed);
            prop_assert_eq!(here.is_some(), behind.is_some());
            if let (Some(here), Some(behind)) = (here, behind) {
                prop_assert!(behind >= here);
            }
        }
    }
}
