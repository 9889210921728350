//! A show's hotline: what a caller hears when they ring, while they hold, and when they leave the
//! queue. Pure: the route handlers look things up and record them; this decides and renders.
//!
//! Twilio's side (<https://www.twilio.com/docs/voice/twiml/enqueue>): `<Enqueue waitUrl action>`
//! puts the caller in the show's queue; Twilio requests `waitUrl` for the hold TwiML, again each
//! time it `<Redirect>`s, with the caller's `QueuePosition` and `QueueTime`; it requests `action`
//! with a `QueueResult` when the caller leaves the queue.

use app::ssr::{
    config::Config,
    db::{
        show_callers::{Admission, CallerNumber, Standing},
        shows::Show,
    },
};
use app::ssr::{locale::Locale, spoken};
use domain::{E164, show::CallSid};
use serde::Deserialize;
use twilio_core::twiml::{Enqueue, Redirect, Verb, VoiceResponse};

use crate::twiml::speech::{say, say_and_hang_up};

/// Where Twilio asks for the hold TwiML.
pub const WAIT_PATH: &str = "/twilio/hotline/wait";
/// Where Twilio reports how a caller left the queue.
pub const QUEUE_RESULT_PATH: &str = "/twilio/hotline/queue-result";
/// Seconds of hold between two announcements of the caller's place.
pub const HOLD_SECONDS: u32 = 30;

/// What carriers send as `From` for a withheld number, spelled on a phone keypad:
/// ANONYMOUS, RESTRICTED, UNKNOWN, BLOCKED, UNAVAILABLE, PRIVATE.
const WITHHELD_SPELLINGS: [&str; 6] = [
    "+266696687",
    "+7378742833",
    "+8656696",
    "+2562533",
    "+86282452253",
    "+7748283",
];

/// The caller of a hotline call from Twilio's `From`: a number, or withheld (empty, `anonymous`,
/// `restricted`, a keypad spelling of those, or anything else that is not E.164).
pub fn caller_number(from: &str) -> CallerNumber {
    match E164::parse(from.trim()) {
        Ok(number) if !WITHHELD_SPELLINGS.contains(&number.as_str()) => CallerNumber::Known(number),
        _ => CallerNumber::Withheld,
    }
}

/// What a hotline call hears when it rings, in the show's language (its host's).
pub fn answer(show: &Show, admission: Admission, config: &Config, locale: Locale) -> VoiceResponse {
    match admission {
        // Unanswered, so unbilled (<https://www.twilio.com/docs/voice/twiml/reject>); "busy", so
        // a prankster hears nothing that tells them they are banned.
        Admission::Banned => VoiceResponse::new().then(Verb::Reject {
            reason: Some("busy".to_owned()),
        }),
        Admission::LinesClosed => say_and_hang_up(locale, &spoken::lines_closed(locale)),
        Admission::Full => say_and_hang_up(locale, &spoken::lines_full(locale)),
        // The greeting is the station's own text, in whatever language it was written: Twilio's
        // default voice reads it, not the host's language's (a French voice on English words).
        Admission::Admitted => VoiceResponse::new()
            .then(say(Locale::en, &show.greeting))
            .then(enqueue(show, config)),
    }
}

/// Holds the caller in `show`'s queue, with our waitUrl and action.
pub fn enqueue(show: &Show, config: &Config) -> Verb {
    Verb::Enqueue(Enqueue {
        name: show.name.queue_name(),
        action: Some(config.public_url(QUEUE_RESULT_PATH)),
        method: None,
        wait_url: Some(config.public_url(WAIT_PATH)),
    })
}

/// The parameters of a waitUrl request. Twilio's names; the queue figures are optional, since
/// not every sender includes all of them.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct WaitWebhook {
    /// Must be ours.
    pub account_sid: String,
    /// The holding caller.
    pub call_sid: String,
    /// `QU…`
    #[serde(default)]
    pub queue_sid: Option<String>,
    /// 1 at the front of Twilio's queue.
    #[serde(default)]
    pub queue_position: Option<String>,
    /// Seconds this caller has been in the queue.
    #[serde(default)]
    pub queue_time: Option<String>,
    /// Twilio's average time in queue.
    #[serde(default)]
    pub avg_queue_time: Option<String>,
    /// Callers in the queue.
    #[serde(default)]
    pub current_queue_size: Option<String>,
    /// The queue's cap.
    #[serde(default)]
    pub max_queue_size: Option<String>,
}

impl WaitWebhook {
    /// `CallSid`, if well formed.
    pub fn call_sid(&self) -> Option<CallSid> {
        CallSid::parse(&self.call_sid).ok()
    }

    /// `QueuePosition`, if a number.
    pub fn position(&self) -> Option<u32> {
        self.queue_position.as_deref()?.trim().parse().ok()
    }

    /// `QueueTime` (seconds in the queue so far), if a number.
    pub fn queue_time(&self) -> Option<u32> {
        self.queue_time.as_deref()?.trim().parse().ok()
    }
}

/// The hold TwiML: where the caller stands and how long we expect, then hold, then back here.
///
/// The place told is the caller's place in the show's running order (screened callers go first,
/// so it can differ from Twilio's first-in-first-out `QueuePosition`, which is only the fallback
/// for a caller we have no line for). The wait is [`ExpectedWait`](domain::show::ExpectedWait)'s, said only when the show has
/// a history to predict from.
pub fn hold(
    standing: Option<Standing>,
    queue_position: Option<u32>,
    config: &Config,
    locale: Locale,
) -> VoiceResponse {
    let position = standing.map(|s| s.position).or(queue_position);
    let words = spoken::hold(locale, position, standing.and_then(|s| s.expected_wait));
    VoiceResponse::new()
        .then(say(locale, &words))
        .then(Verb::Pause {
            length: Some(HOLD_SECONDS),
        })
        .then(Verb::Redirect(Redirect {
            url: config.public_url(WAIT_PATH),
            method: None,
        }))
}

/// The parameters of the Enqueue action.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct QueueResultWebhook {
    /// Must be ours.
    pub account_sid: String,
    /// The caller who left the queue.
    pub call_sid: String,
    /// How they left.
    #[serde(default)]
    pub queue_result: String,
    /// Seconds they spent in the queue, when they were in it.
    #[serde(default)]
    pub queue_time: Option<String>,
}

impl QueueResultWebhook {
    /// `CallSid`, if well formed.
    pub fn call_sid(&self) -> Option<CallSid> {
        CallSid::parse(&self.call_sid).ok()
    }

    /// How they left.
    pub fn result(&self) -> QueueResult {
        QueueResult::parse(&self.queue_result)
    }

    /// `QueueTime`, if a number.
    pub fn queue_time(&self) -> Option<u32> {
        self.queue_time.as_deref()?.trim().parse().ok()
    }
}

/// Twilio's `QueueResult` (<https://www.twilio.com/docs/voice/twiml/enqueue>).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueueResult {
    /// Dequeued by `<Dial><Queue>` and the bridged call is over.
    Bridged,
    /// Being bridged right now.
    BridgingInProcess,
    /// The queue was full.
    QueueFull,
    /// Moved out of the queue by REST (the console screening or airing them).
    Redirected,
    /// The caller hung up while holding: abandoned.
    Hangup,
    /// `<Leave />`.
    Leave,
    /// Twilio could not queue the call.
    Error,
    /// Twilio failed.
    SystemError,
    /// A value this version does not know.
    Other,
}

impl QueueResult {
    /// Reads Twilio's spelling.
    pub fn parse(s: &str) -> Self {
        match s {
            "bridged" => Self::Bridged,
            "bridging-in-process" => Self::BridgingInProcess,
            "queue-full" => Self::QueueFull,
            "redirected" => Self::Redirected,
            "hangup" => Self::Hangup,
            "leave" => Self::Leave,
            "error" => Self::Error,
            "system-error" => Self::SystemError,
            _ => Self::Other,
        }
    }

    /// Whether the caller's line ends with it. A redirected or bridging caller is still on the
    /// line, wherever the console sent them.
    pub fn ends_the_line(self) -> bool {
        !matches!(self, Self::Redirected | Self::BridgingInProcess)
    }

    /// What the caller hears next, if they are still there, in the show's language.
    pub fn after(self, locale: Locale) -> VoiceResponse {
        match self {
            Self::Bridged | Self::Leave => say_and_hang_up(locale, &spoken::show_goodbye(locale)),
            Self::QueueFull => say_and_hang_up(locale, &spoken::lines_full(locale)),
            Self::Error | Self::SystemError | Self::Other => {
                say_and_hang_up(locale, &spoken::something_went_wrong(locale))
            }
            Self::Hangup => VoiceResponse::new().then(Verb::Hangup),
            // Nothing to add: the call goes on with the TwiML it was redirected to.
            Self::Redirected | Self::BridgingInProcess => VoiceResponse::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The digits a word is dialled as on a phone keypad.
    fn keypad(word: &str) -> String {
        let key = |c: char| match c {
            'A'..='C' => '2',
            'D'..='F' => '3',
            'G'..='I' => '4',
            'J'..='L' => '5',
            'M'..='O' => '6',
            'P'..='S' => '7',
            'T'..='V' => '8',
            _ => '9',
        };
        format!("+{}", word.chars().map(key).collect::<String>())
    }

    #[test]
    fn the_withheld_spellings_are_the_words_on_a_keypad() {
        let words = [
            "ANONYMOUS",
            "RESTRICTED",
            "UNKNOWN",
            "BLOCKED",
            "UNAVAILABLE",
            "PRIVATE",
        ];
        let spelled: Vec<String> = words.iter().map(|w| keypad(w)).collect();
        assert_eq!(spelled, WITHHELD_SPELLINGS);
    }

    #[test]
    fn withheld_numbers_are_recognised() {
        let cases = [
            ("+447700900123", true),
            (" +447700900123 ", true),
            ("", false),
            ("anonymous", false),
            ("Restricted", false),
            ("+266696687", false),
            ("client:alice", false),
        ];
        for (from, known) in cases {
            assert_eq!(
                matches!(caller_number(from), CallerNumber::Known(_)),
                known,
                "{from:?}"
            );
        }
    }

    #[test]
    fn queue_results_are_read_and_end_the_line_unless_the_call_moved_on() {
        let cases = [
            ("bridged", QueueResult::Bridged, true),
            ("hangup", QueueResult::Hangup, true),
            ("queue-full", QueueResult::QueueFull, true),
            ("leave", QueueResult::Leave, true),
            ("error", QueueResult::Error, true),
            ("system-error", QueueResult::SystemError, true),
            ("redirected", QueueResult::Redirected, false),
            ("bridging-in-process", QueueResult::BridgingInProcess, false),
            ("something-new", QueueResult::Other, true),
        ];
        for (spelled, result, ends) in cases {
            assert_eq!(QueueResult::parse(spelled), result);
            assert_eq!(result.ends_the_line(), ends, "{spelled}");
        }
    }
}
