//! How a call sounds, from the Voice SDK's once-a-second samples and its quality warnings
//! (<https://www.twilio.com/docs/voice/sdks/javascript/twiliocall#sample-event>,
//! <https://www.twilio.com/docs/voice/sdks/javascript/reference/call-quality-warnings>), in the
//! words a person can act on.

use std::collections::BTreeSet;

use crate::i18n::{Locale, td_string};

/// One second of the call's media, as the SDK measured it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct QualitySample {
    /// Mean opinion score, 1 (bad) to 4.5 (best); `None` until the SDK can compute it.
    pub mos: Option<f64>,
    /// Jitter of the audio received, in milliseconds.
    pub jitter_ms: f64,
    /// Round-trip time to Twilio's media server, in milliseconds.
    pub rtt_ms: f64,
    /// Packets lost in the last second, as a percentage (0 to 100).
    pub packets_lost_percent: f64,
}

/// The indicator's three states.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QualityLevel {
    /// Nothing to notice.
    Good,
    /// Audible but usable: a little delay or the odd glitch.
    Fair,
    /// Hard to hold a conversation.
    Poor,
}

impl QualityLevel {
    /// One word for the indicator.
    pub fn word(self, locale: Locale) -> &'static str {
        match self {
            Self::Good => td_string!(locale, phone.quality_good),
            Self::Fair => td_string!(locale, phone.quality_fair),
            Self::Poor => td_string!(locale, phone.quality_poor),
        }
    }
}

/// The current call's quality: its latest sample and the warnings the SDK has raised and not
/// cleared.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CallQuality {
    /// The newest sample, if any arrived yet.
    pub latest: Option<QualitySample>,
    /// Raised warnings (the SDK's names, e.g. `high-jitter`).
    pub warnings: BTreeSet<String>,
}

/// Twilio's own thresholds for its warnings: below 3.5 MOS is `low-mos`
/// (the call-quality-warnings reference above); 4.0 and up is toll quality.
const MOS_FAIR: f64 = 4.0;
const MOS_POOR: f64 = 3.5;
/// Twilio warns above 400 ms RTT, 30 ms jitter and 1 % packet loss; these are where a
/// conversation suffers, a step above.
const RTT_POOR_MS: f64 = 600.0;
const JITTER_POOR_MS: f64 = 50.0;
const LOSS_POOR_PERCENT: f64 = 5.0;

impl CallQuality {
    /// Takes in a new sample.
    pub fn sampled(&mut self, sample: QualitySample) {
        self.latest = Some(sample);
    }

    /// A warning raised (`cleared` false) or gone.
    pub fn warned(&mut self, name: &str, cleared: bool) {
        if cleared {
            self.warnings.remove(name);
        } else {
            self.warnings.insert(name.to_owned());
        }
    }

    /// How the call sounds now. Without a sample yet, Good unless warned.
    pub fn level(&self) -> QualityLevel {
        let sample = self.latest.unwrap_or_default();
        let poor = sample.mos.is_some_and(|m| m < MOS_POOR)
            || sample.rtt_ms > RTT_POOR_MS
            || sample.jitter_ms > JITTER_POOR_MS
            || sample.packets_lost_percent > LOSS_POOR_PERCENT
            || self.warnings.iter().any(|w| is_silence(w));
        if poor {
            return QualityLevel::Poor;
        }
        if sample.mos.is_some_and(|m| m < MOS_FAIR) || !self.warnings.is_empty() {
            return QualityLevel::Fair;
        }
        QualityLevel::Good
    }

    /// What to do about it, in plain words; `None` while the call sounds good. The most
    /// telling cause wins: no audio at all, then loss, then delay.
    pub fn hint(&self, locale: Locale) -> Option<&'static str> {
        let has = |name: &str| self.warnings.contains(name);
        let sample = self.latest.unwrap_or_default();
        if has("low-bytes-received") {
            return Some(td_string!(locale, phone.hint_no_sound_in));
        }
        if has("low-bytes-sent") {
            return Some(td_string!(locale, phone.hint_no_sound_out));
        }
        if has("constant-audio-input-level") {
            return Some(td_string!(locale, phone.hint_silent_mic));
        }
        if has("high-packet-loss")
            || has("high-jitter")
            || sample.packets_lost_percent > LOSS_POOR_PERCENT
            || sample.jitter_ms > JITTER_POOR_MS
        {
            return Some(td_string!(locale, phone.hint_breaking_up));
        }
        if has("high-rtt") || sample.rtt_ms > RTT_POOR_MS {
            return Some(td_string!(locale, phone.hint_delay));
        }
        if self.level() != QualityLevel::Good {
            return Some(td_string!(locale, phone.hint_not_best));
        }
        None
    }

    /// The figures behind the indicator, for reading: "MOS 4.4, 12 ms jitter, 0% loss, 40 ms
    /// round trip"; `None` before the first sample.
    pub fn figures(&self, locale: Locale) -> Option<String> {
        let s = self.latest?;
        let mos = s
            .mos
            .map(|m| {
                // French writes a decimal comma.
                let m = format!("{m:.1}");
                let m = if locale == Locale::fr {
                    m.replace('.', ",")
                } else {
                    m
                };
                td_string!(locale, phone.quality_mos, mos = m).to_string()
            })
            .unwrap_or_default();
        Some(
            td_string!(
                locale,
                phone.quality_figures,
                mos = mos,
                jitter = format!("{:.0}", s.jitter_ms),
                loss = format!("{:.0}", s.packets_lost_percent),
                rtt = format!("{:.0}", s.rtt_ms)
            )
            .to_string(),
        )
    }
}

/// Warnings that mean no audio flows one way: always poor.
fn is_silence(name: &str) -> bool {
    matches!(
        name,
        "low-bytes-received" | "low-bytes-sent" | "constant-audio-input-level"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(mos: f64, jitter_ms: f64, rtt_ms: f64, loss: f64) -> QualitySample {
        QualitySample {
            mos: Some(mos),
            jitter_ms,
            rtt_ms,
            packets_lost_percent: loss,
        }
    }

    #[test]
    fn a_clean_call_is_good_and_says_nothing() {
        let mut q = CallQuality::default();
        assert_eq!(
            (q.level(), q.hint(Locale::en), q.figures(Locale::en)),
            (QualityLevel::Good, None, None)
        );
        q.sampled(sample(4.4, 2.0, 30.0, 0.0));
        assert_eq!(q.level(), QualityLevel::Good);
        assert_eq!(q.hint(Locale::en), None);
        assert_eq!(
            q.figures(Locale::en).unwrap(),
            "MOS 4.4, 2 ms jitter, 0% loss, 30 ms round trip"
        );
    }

    #[test]
    fn each_measure_past_its_threshold_makes_the_call_poor_with_its_own_hint() {
        for (s, hint) in [
            (sample(3.2, 2.0, 30.0, 0.0), "not at its best"),
            (sample(4.3, 80.0, 30.0, 0.0), "breaking up"),
            (sample(4.3, 2.0, 900.0, 0.0), "delay"),
            (sample(4.3, 2.0, 30.0, 12.0), "breaking up"),
        ] {
            let mut q = CallQuality::default();
            q.sampled(s);
            assert_eq!(q.level(), QualityLevel::Poor, "{s:?}");
            assert!(
                q.hint(Locale::en).unwrap().contains(hint),
                "{s:?}: {:?}",
                q.hint(Locale::en)
            );
        }
        let mut fair = CallQuality::default();
        fair.sampled(sample(3.8, 2.0, 30.0, 0.0));
        assert_eq!(fair.level(), QualityLevel::Fair);
    }

    #[test]
    fn warnings_raise_and_clear() {
        let mut q = CallQuality::default();
        q.sampled(sample(4.4, 2.0, 30.0, 0.0));
        q.warned("high-rtt", false);
        assert_eq!(q.level(), QualityLevel::Fair);
        assert!(q.hint(Locale::en).unwrap().contains("delay"));
        q.warned("low-bytes-received", false);
        assert_eq!(q.level(), QualityLevel::Poor);
        assert!(
            q.hint(Locale::en)
                .unwrap()
                .starts_with("No sound is arriving")
        );
        q.warned("low-bytes-received", true);
        q.warned("high-rtt", true);
        assert_eq!((q.level(), q.hint(Locale::en)), (QualityLevel::Good, None));
    }

    #[test]
    fn a_silent_microphone_is_named() {
        let mut q = CallQuality::default();
        q.warned("constant-audio-input-level", false);
        assert_eq!(q.level(), QualityLevel::Poor);
        assert!(q.hint(Locale::en).unwrap().contains("microphone"));
    }

    #[test]
    fn the_figures_read_in_each_language() {
        let mut q = CallQuality::default();
        q.sampled(sample(4.4, 2.0, 30.0, 0.0));
        assert_eq!(
            q.figures(Locale::fr).unwrap(),
            "MOS 4,4, gigue 2\u{a0}ms, perte 0\u{a0}%, aller-retour 30\u{a0}ms"
        );
        assert_eq!(
            q.figures(Locale::ja).unwrap(),
            "MOS 4.4、ジッター2ms、パケット損失0%、往復30ms"
        );
        assert_eq!(QualityLevel::Poor.word(Locale::fr), "Mauvaise");
        assert_eq!(QualityLevel::Good.word(Locale::ja), "良好");
    }
}
