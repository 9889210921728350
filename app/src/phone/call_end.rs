//! How a call ended, in words: from what ended it (an SDK event or our own action), what our
//! server said instead of connecting it (`<Say>`, which the local simulator delivers as a message),
//! and the SDK's error code.

use crate::i18n::{Locale, td_string};
use crate::phone::format_elapsed;
use crate::phone::{CallState, CallView, MicrophoneProblem, TwilioError};

/// What ended the call, as the live phone saw it.
#[derive(Clone, Debug, PartialEq)]
pub enum HowEnded {
    /// We pressed Hang up (or Reject on a ringing call).
    HungUpByUs,
    /// The other side or the service ended it (`disconnect`).
    Remote,
    /// A ringing incoming call stopped (`cancel`): the caller gave up, or another device answered.
    Cancelled,
    /// The same call was answered by another tab or device of ours.
    AnsweredElsewhere,
    /// The microphone could not be opened to place or answer it.
    Microphone(MicrophoneProblem),
    /// The SDK failed it before it could start.
    Failed(TwilioError),
}

/// Why a call ended, as the user is told.
#[derive(Clone, Debug, PartialEq)]
pub enum CallEnd {
    /// Answered, then hung up by either side, after this many seconds.
    Finished {
        /// From the answer to the end, by the page's monotonic clock.
        seconds: u64,
    },
    /// We hung up before the far end answered.
    CancelledByUs,
    /// Nobody answered (for a colleague: maybe offline).
    NoAnswer {
        /// Whether we called one of our users rather than a number.
        colleague: bool,
    },
    /// The far end is busy.
    Busy,
    /// The number or person could not be reached at all.
    NotReachable,
    /// The far end declined.
    Rejected,
    /// Our server refused the call and said why.
    Refused(String),
    /// Outgoing, ended by the far end before any answer, with no reason given.
    Unanswered,
    /// A call rang here and the caller gave up.
    Missed,
    /// We declined a ringing call.
    DeclinedByUs,
    /// Answered on another device or tab: nothing to say here.
    AnsweredElsewhere,
    /// The microphone stopped us placing (`answering == false`) or answering it.
    Microphone {
        /// The problem.
        problem: MicrophoneProblem,
        /// Whether we were answering (rather than placing) the call.
        answering: bool,
    },
    /// The SDK failed the call.
    Failed(TwilioError),
    /// The user handed the call to someone else (a blind transfer).
    Transferred {
        /// Whom, as typed.
        to: String,
    },
}

impl CallEnd {
    /// Decides how the current `call` ended; `now_ms` is the monotonic clock of `answered_at_ms`.
    /// `None` when there was no call.
    pub fn classify(call: &CallState, how: &HowEnded, now_ms: f64) -> Option<Self> {
        Some(match call {
            CallState::Idle => return None,
            CallState::Incoming(_) => match how {
                HowEnded::HungUpByUs => Self::DeclinedByUs,
                HowEnded::Remote | HowEnded::Cancelled => Self::Missed,
                HowEnded::AnsweredElsewhere => Self::AnsweredElsewhere,
                HowEnded::Microphone(problem) => Self::Microphone {
                    problem: problem.clone(),
                    answering: true,
                },
                HowEnded::Failed(e) => Self::Failed(e.clone()),
            },
            CallState::Active(view) => Self::active(view, how, now_ms),
        })
    }

    fn active(view: &CallView, how: &HowEnded, now_ms: f64) -> Self {
        if let HowEnded::Microphone(problem) = how {
            return Self::Microphone {
                problem: problem.clone(),
                answering: !view.outgoing,
            };
        }
        if let HowEnded::AnsweredElsewhere = how {
            return Self::AnsweredElsewhere;
        }
        if let Some(to) = &view.handed_over_to {
            return Self::Transferred { to: to.clone() };
        }
        // What our server said before hanging up explains a call it never connected; on a call
        // that rang here and was answered, a message is the whisper read first (a show's host).
        if let Some(words) = &view.announcement
            && (view.outgoing || view.answered_at_ms.is_none())
        {
            return Self::from_announcement(words, view);
        }
        if let Some(start) = view.answered_at_ms {
            let seconds = ((now_ms - start) / 1000.0).max(0.0) as u64;
            return Self::Finished { seconds };
        }
        match how {
            HowEnded::HungUpByUs if view.outgoing => Self::CancelledByUs,
            HowEnded::HungUpByUs => Self::DeclinedByUs,
            HowEnded::Failed(e) => Self::from_error(e),
            HowEnded::Cancelled if !view.outgoing => Self::Missed,
            _ => match &view.error {
                Some(e) => Self::from_error(e),
                None if view.outgoing => Self::Unanswered,
                None => Self::Missed,
            },
        }
    }

    /// What our server's `<Say>` before hanging up means (server `twiml/dial_status.rs` and the
    /// voice refusals): the dial-status sentences map to their reason, anything else is a refusal.
    /// The server speaks them in the user's language (`server.say_*`), so each is recognised in
    /// every language.
    pub fn from_announcement(words: &str, view: &CallView) -> Self {
        use leptos_i18n::Locale as _;

        let words = words.trim();
        let said =
            |key: fn(Locale) -> &'static str| Locale::get_all().iter().any(|l| key(*l) == words);
        if said(|l| td_string!(l, server.say_no_answer)) {
            Self::NoAnswer {
                colleague: is_colleague(&view.who),
            }
        } else if said(|l| td_string!(l, server.say_line_busy)) {
            Self::Busy
        } else if said(|l| td_string!(l, server.say_not_connected))
            || said(|l| td_string!(l, server.say_not_in_service))
        {
            Self::NotReachable
        } else {
            Self::Refused(words.to_owned())
        }
    }

    /// What an SDK error that ended the call means.
    pub fn from_error(e: &TwilioError) -> Self {
        match e.code {
            31486 | 31600 => Self::Busy,
            31603 | 31002 => Self::Rejected,
            31480 => Self::NoAnswer { colleague: false },
            31404 => Self::NotReachable,
            31401 | 31208 => Self::Microphone {
                problem: MicrophoneProblem::Blocked,
                answering: false,
            },
            _ => Self::Failed(e.clone()),
        }
    }

    /// The words shown in the notice area, in `locale`; `None` when nothing needs saying.
    pub fn words(&self, who: &str, locale: Locale) -> Option<String> {
        let plain = |words: &'static str| words.to_owned();
        Some(match self {
            Self::Finished { seconds } => td_string!(
                locale,
                phone.end_finished,
                duration = format_elapsed(*seconds)
            )
            .to_string(),
            Self::CancelledByUs => plain(td_string!(locale, phone.end_cancelled)),
            Self::NoAnswer { colleague: true } => {
                td_string!(locale, phone.end_no_answer_colleague, who = who).to_string()
            }
            Self::NoAnswer { colleague: false } => plain(td_string!(locale, phone.end_no_answer)),
            Self::Busy if is_colleague(who) => {
                td_string!(locale, phone.end_busy_colleague, who = who).to_string()
            }
            Self::Busy => plain(td_string!(locale, phone.end_busy)),
            Self::NotReachable if is_colleague(who) => {
                td_string!(locale, phone.end_unreachable_colleague, who = who).to_string()
            }
            Self::NotReachable => plain(td_string!(locale, phone.end_unreachable)),
            Self::Rejected => plain(td_string!(locale, phone.end_rejected)),
            Self::Refused(why) => td_string!(locale, phone.end_refused, why = why).to_string(),
            Self::Unanswered => plain(td_string!(locale, phone.end_unanswered)),
            // It stopped ringing: the caller hung up, the call rang out (to voicemail), or a
            // console withdrew it. The browser can't tell which, so the words don't say.
            Self::Missed => td_string!(locale, phone.end_missed, who = who).to_string(),
            Self::DeclinedByUs => plain(td_string!(locale, phone.end_declined_by_us)),
            Self::AnsweredElsewhere => return None,
            Self::Microphone { problem, answering } => problem.call_failed(*answering, locale),
            Self::Failed(e) => {
                td_string!(locale, phone.end_failed, why = e.words(locale)).to_string()
            }
            Self::Transferred { to } => {
                td_string!(locale, phone.transferred, name = to).to_string()
            }
        })
    }

    /// Whether this end is a call that rang here unanswered (for the missed-call badge).
    pub fn is_missed(&self) -> bool {
        matches!(self, Self::Missed)
    }
}

/// Whether `who` (as the dialog shows it) is one of our users rather than a phone number.
fn is_colleague(who: &str) -> bool {
    !who.trim_start()
        .starts_with(|c: char| c.is_ascii_digit() || c == '+' || c == '(')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phone::{CallPhase, IncomingView};

    fn outgoing(who: &str) -> CallView {
        CallView::new(who, true)
    }

    fn active(view: CallView) -> CallState {
        CallState::Active(view)
    }

    fn end(call: CallState, how: HowEnded, now_ms: f64) -> (CallEnd, Option<String>) {
        let who = match &call {
            CallState::Active(c) => c.who.clone(),
            CallState::Incoming(i) => i.caller.clone(),
            CallState::Idle => String::new(),
        };
        let end = CallEnd::classify(&call, &how, now_ms).expect("a call");
        let words = end.words(&who, Locale::en);
        (end, words)
    }

    #[test]
    fn an_answered_call_says_how_long_it_lasted() {
        let view = CallView {
            phase: CallPhase::InCall,
            answered_at_ms: Some(1_000.0),
            ..outgoing("bob")
        };
        for how in [HowEnded::HungUpByUs, HowEnded::Remote] {
            let (end, words) = end(active(view.clone()), how, 43_500.0);
            assert_eq!(end, CallEnd::Finished { seconds: 42 });
            assert_eq!(words.as_deref(), Some("Call ended · 00:42"));
        }
    }

    #[test]
    fn a_call_handed_over_says_to_whom_however_it_then_ends() {
        let view = CallView {
            phase: CallPhase::InCall,
            answered_at_ms: Some(1_000.0),
            handed_over_to: Some("+442079460976".into()),
            ..CallView::new("alice", false)
        };
        for how in [HowEnded::HungUpByUs, HowEnded::Remote] {
            let (end, words) = end(active(view.clone()), how, 43_500.0);
            assert_eq!(
                end,
                CallEnd::Transferred {
                    to: "+442079460976".into()
                }
            );
            assert_eq!(words.as_deref(), Some("Call transferred to +442079460976."));
        }
    }

    #[test]
    fn a_whisper_before_an_answered_incoming_call_is_not_a_refusal() {
        // A show's host hears the caller's card read first, then talks, then the console sends
        // the caller back to hold: the call ended normally.
        let view = CallView {
            announcement: Some("On air: Ann, from Leeds.".into()),
            answered_at_ms: Some(1_000.0),
            ..CallView::new("+44 20 7946 0960", false)
        };
        let (end, words) = end(active(view), HowEnded::Remote, 10_000.0);
        assert_eq!(end, CallEnd::Finished { seconds: 9 });
        assert_eq!(words.as_deref(), Some("Call ended · 00:09"));
    }

    #[test]
    fn what_the_server_said_explains_an_unconnected_call() {
        let said = |who: &str, words: &str| {
            let view = CallView {
                phase: CallPhase::NotConnected,
                announcement: Some(words.into()),
                ..outgoing(who)
            };
            end(active(view), HowEnded::Remote, 0.0).1.unwrap()
        };
        assert_eq!(
            said("bob", "There was no answer."),
            "No answer: bob may be offline"
        );
        assert_eq!(
            said("+44 20 7946 0958", "There was no answer."),
            "No answer"
        );
        assert_eq!(said("+44 20 7946 0958", "The line is busy."), "Line busy");
        assert_eq!(said("bob", "The line is busy."), "bob is busy");
        assert_eq!(
            said("+44 20 7946 0958", "The call could not be connected."),
            "Number not reachable"
        );
        assert_eq!(
            said(
                "+44 20 7946 0958",
                "The number you called is not in service."
            ),
            "Number not reachable"
        );
        assert_eq!(
            said("999", "This phone can't call emergency services."),
            "Not connected: This phone can't call emergency services."
        );
        // The server speaks in the user's language: recognised in each.
        assert_eq!(
            said("+44 20 7946 0958", "La ligne est occupée."),
            "Line busy"
        );
        assert_eq!(
            said("bob", "応答がありませんでした。"),
            "No answer: bob may be offline"
        );
        assert_eq!(
            said(
                "+44 20 7946 0958",
                "おかけになった番号は現在使われておりません。"
            ),
            "Number not reachable"
        );
    }

    #[test]
    fn an_error_code_explains_a_call_that_ended_unanswered() {
        let with = |code| {
            let view = CallView {
                error: Some(TwilioError::new(code, "x")),
                ..outgoing("+44 20 7946 0958")
            };
            end(active(view), HowEnded::Remote, 0.0).1.unwrap()
        };
        assert_eq!(with(31486), "Line busy");
        assert_eq!(with(31603), "Call rejected");
        assert_eq!(with(31404), "Number not reachable");
    }

    #[test]
    fn hanging_up_before_the_answer_cancels_and_never_shows_a_duration() {
        let (end, words) = end(active(outgoing("bob")), HowEnded::HungUpByUs, 99_000.0);
        assert_eq!(end, CallEnd::CancelledByUs);
        assert_eq!(words.as_deref(), Some("Call cancelled"));
        let (end, _) = end_unanswered_remote();
        assert_eq!(end, CallEnd::Unanswered);
    }

    fn end_unanswered_remote() -> (CallEnd, Option<String>) {
        end(active(outgoing("bob")), HowEnded::Remote, 5_000.0)
    }

    #[test]
    fn incoming_calls_end_as_missed_rejected_or_quietly() {
        let ringing = || {
            CallState::Incoming(IncomingView {
                caller: "+44 20 7946 0002".into(),
                caller_name: Some("bob".into()),
            })
        };
        let (missed, words) = end(ringing(), HowEnded::Cancelled, 0.0);
        assert!(missed.is_missed());
        // It may have rung out to voicemail, or been withdrawn: the words don't guess why.
        assert_eq!(words.as_deref(), Some("Missed call from +44 20 7946 0002"));
        assert_eq!(
            end(ringing(), HowEnded::HungUpByUs, 0.0).1.as_deref(),
            Some("Call rejected")
        );
        let (elsewhere, words) = end(ringing(), HowEnded::AnsweredElsewhere, 0.0);
        assert!(!elsewhere.is_missed());
        assert_eq!(words, None, "answered on another device: nothing to say");
        let (_, words) = end(
            ringing(),
            HowEnded::Microphone(MicrophoneProblem::Blocked),
            0.0,
        );
        assert!(
            words
                .unwrap()
                .starts_with("Couldn't answer: the microphone is blocked.")
        );
        assert_eq!(
            CallEnd::classify(&CallState::Idle, &HowEnded::Remote, 0.0),
            None
        );
    }

    #[test]
    fn the_words_read_in_each_language_with_the_caller_in_place() {
        let missed = CallEnd::Missed;
        assert_eq!(
            missed.words("+44 20 7946 0002", Locale::fr).as_deref(),
            Some("Appel manqué\u{a0}: +44 20 7946 0002")
        );
        assert_eq!(
            missed.words("+44 20 7946 0002", Locale::ja).as_deref(),
            Some("+44 20 7946 0002からの不在着信")
        );
        let finished = CallEnd::Finished { seconds: 42 };
        assert_eq!(
            finished.words("bob", Locale::fr).as_deref(),
            Some("Appel terminé · 00:42")
        );
        assert_eq!(
            finished.words("bob", Locale::ja).as_deref(),
            Some("通話終了 · 00:42")
        );
        let busy = CallEnd::Busy;
        assert_eq!(
            busy.words("bob", Locale::ja).as_deref(),
            Some("bobさんは通話中です")
        );
        assert_eq!(
            CallEnd::NoAnswer { colleague: true }
                .words("bob", Locale::fr)
                .as_deref(),
            Some("Pas de réponse\u{a0}: bob est peut-être hors ligne")
        );
    }
}
