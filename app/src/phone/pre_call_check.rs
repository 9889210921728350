//! What a pre-call check found, in words: whether the microphone hears the user, and how quickly
//! the server answers. Measured in the browser (`ui/phone/pre_call_check_view.rs`); judged here,
//! where it is unit-tested.

use crate::i18n::{Locale, td_string};
use crate::phone::MicrophoneProblem;

/// A level above this, at any moment of the listening time, is a microphone that picks up sound
/// (the meter's scale: 0 silence, 1 full scale). A muted or dead microphone reads 0, or a few
/// millionths; any real room's noise is well above this.
pub const HEARD_LEVEL: f64 = 0.005;
/// Round trips up to this (median, ms) make a good connection for calls.
pub const GOOD_MS: f64 = 150.0;
/// Up to this they are usable; beyond, calls will lag.
pub const USABLE_MS: f64 = 400.0;

/// The measurements.
#[derive(Clone, Debug, PartialEq)]
pub struct PreCallCheck {
    /// The loudest level heard while listening, or why the microphone could not be opened.
    pub microphone: Result<f64, MicrophoneProblem>,
    /// Each round trip to the server with the session (ms), or why it failed.
    pub round_trips_ms: Result<Vec<f64>, String>,
}

/// One finding: whether it is fine, and the sentence saying so.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Nothing to do.
    pub ok: bool,
    /// What the user reads.
    pub words: String,
}

impl PreCallCheck {
    /// The microphone's finding.
    pub fn microphone(&self, locale: Locale) -> Finding {
        match &self.microphone {
            Ok(peak) if *peak > HEARD_LEVEL => Finding {
                ok: true,
                words: td_string!(locale, phone.check_mic_ok).into(),
            },
            Ok(_) => Finding {
                ok: false,
                words: td_string!(locale, phone.check_mic_silent).into(),
            },
            Err(problem) => Finding {
                ok: false,
                words: problem.sentences(locale),
            },
        }
    }

    /// The connection's finding, from the median round trip.
    pub fn connection(&self, locale: Locale) -> Finding {
        let trips = match &self.round_trips_ms {
            Ok(trips) if !trips.is_empty() => trips,
            Ok(_) => {
                return Finding {
                    ok: false,
                    words: td_string!(locale, phone.check_conn_not_measured).into(),
                };
            }
            Err(why) => {
                return Finding {
                    ok: false,
                    words: td_string!(locale, phone.check_conn_unreachable, why = why).to_string(),
                };
            }
        };
        let mut sorted = trips.clone();
        sorted.sort_by(f64::total_cmp);
        let ms = sorted[sorted.len() / 2].round();
        let (ok, verdict) = if ms <= GOOD_MS {
            (true, td_string!(locale, phone.check_conn_good))
        } else if ms <= USABLE_MS {
            (true, td_string!(locale, phone.check_conn_usable))
        } else {
            (false, td_string!(locale, phone.check_conn_slow))
        };
        Finding {
            ok,
            words: td_string!(locale, phone.check_conn, verdict = verdict, ms = ms).to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(
        microphone: Result<f64, MicrophoneProblem>,
        trips: Result<Vec<f64>, String>,
    ) -> PreCallCheck {
        PreCallCheck {
            microphone,
            round_trips_ms: trips,
        }
    }

    #[test]
    fn a_microphone_that_hears_is_fine_and_a_silent_or_refused_one_says_why() {
        assert!(check(Ok(0.3), Ok(vec![])).microphone(Locale::en).ok);
        let silent = check(Ok(0.000_01), Ok(vec![])).microphone(Locale::en);
        assert!(!silent.ok);
        assert!(silent.words.contains("no sound"), "{}", silent.words);
        let refused = check(
            Err(MicrophoneProblem::from_exception_name("NotAllowedError")),
            Ok(vec![]),
        )
        .microphone(Locale::en);
        assert!(!refused.ok);
        assert!(
            refused.words.starts_with("Microphone blocked. "),
            "{}",
            refused.words
        );
    }

    #[test]
    fn the_connection_is_judged_on_the_median_round_trip() {
        // One slow outlier does not make a good connection slow.
        let good = check(Ok(0.3), Ok(vec![20.0, 900.0, 30.0])).connection(Locale::en);
        assert_eq!(
            good,
            Finding {
                ok: true,
                words: "Connection: good (30 ms to the server).".into()
            }
        );
        let usable = check(Ok(0.3), Ok(vec![200.0, 250.0, 300.0])).connection(Locale::en);
        assert!(
            usable.ok && usable.words.contains("may lag"),
            "{}",
            usable.words
        );
        let slow = check(Ok(0.3), Ok(vec![500.0, 600.0, 700.0])).connection(Locale::en);
        assert!(
            !slow.ok && slow.words.contains("will lag"),
            "{}",
            slow.words
        );
        let down = check(Ok(0.3), Err("Please sign in.".into())).connection(Locale::en);
        assert!(
            !down.ok && down.words.contains("can't be reached"),
            "{}",
            down.words
        );
    }

    #[test]
    fn the_findings_read_in_each_language_with_the_figure_in_place() {
        let good = check(Ok(0.3), Ok(vec![30.0])).connection(Locale::fr);
        assert_eq!(
            good.words,
            "Connexion\u{a0}: bonne (30\u{a0}ms jusqu'au serveur)."
        );
        let good = check(Ok(0.3), Ok(vec![30.0])).connection(Locale::ja);
        assert_eq!(good.words, "接続：良好（サーバーまで30ms）。");
        let down = check(Ok(0.3), Err("x".into())).connection(Locale::ja);
        assert_eq!(down.words, "接続：サーバーに接続できません（x）。");
    }
}
