//! The `<Dial action>` decision: what happens after the dialled party answered, or did not.

use app::ssr::{config::Unanswered, spoken::Unreached};
use serde::Deserialize;

/// The parameters of a `/twilio/dial-status` request.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DialStatusWebhook {
    /// Must be ours.
    pub account_sid: String,
    /// The caller's leg, whose `<Dial>` just ended.
    #[serde(default)]
    pub call_sid: String,
    /// The caller: `client:<identity>` when one of our users dialled out.
    #[serde(default)]
    pub from: String,
    /// What the caller dialled: for a phone calling in, one of our users' numbers.
    #[serde(default)]
    pub to: String,
    /// `completed | answered | busy | no-answer | failed | canceled`.
    pub dial_call_status: String,
}

/// What to do after the `<Dial>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AfterDial {
    /// The call happened, or the caller gave up: nothing more to say.
    Hangup,
    /// Tell the caller why, then hang up.
    SayThenHangup(Unreached),
    /// Tell the caller why, then record a message for the user they called.
    Voicemail(Unreached),
}

/// Decides the end of a call: our own users get told what happened; outside callers to a user
/// who did not answer get voicemail, or a goodbye, as configured.
pub fn after_dial(hook: &DialStatusWebhook, unanswered: Unanswered) -> AfterDial {
    let reason = match hook.dial_call_status.as_str() {
        "busy" => Unreached::Busy,
        "no-answer" => Unreached::NoAnswer,
        "failed" => Unreached::Failed,
        // completed, answered, canceled (the caller hung up) and anything new: we're done.
        _ => return AfterDial::Hangup,
    };
    let from_our_user = hook.from.starts_with(domain::Destination::CLIENT_PREFIX);
    match (from_our_user, unanswered) {
        (false, Unanswered::Voicemail) => AfterDial::Voicemail(reason),
        _ => AfterDial::SayThenHangup(reason),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hook(from: &str, status: &str) -> DialStatusWebhook {
        DialStatusWebhook {
            account_sid: "AC1".into(),
            call_sid: "CA1".into(),
            from: from.into(),
            to: "+442079460100".into(),
            dial_call_status: status.into(),
        }
    }

    #[test]
    fn answered_and_abandoned_calls_just_end() {
        for status in ["completed", "answered", "canceled"] {
            assert_eq!(
                after_dial(&hook("+442079460958", status), Unanswered::Voicemail),
                AfterDial::Hangup
            );
        }
    }

    #[test]
    fn outside_callers_get_voicemail_when_configured() {
        assert_eq!(
            after_dial(&hook("+442079460958", "no-answer"), Unanswered::Voicemail),
            AfterDial::Voicemail(Unreached::NoAnswer)
        );
        assert_eq!(
            after_dial(&hook("+442079460958", "busy"), Unanswered::Hangup),
            AfterDial::SayThenHangup(Unreached::Busy)
        );
    }

    #[test]
    fn our_own_users_are_told_and_not_sent_to_voicemail() {
        assert_eq!(
            after_dial(&hook("client:alice", "failed"), Unanswered::Voicemail),
            AfterDial::SayThenHangup(Unreached::Failed)
        );
    }
}
