//! Decisions to TwiML documents.

use app::ssr::{config::Config, locale::Locale, spoken};
use domain::ClientIdentity;
use twilio_core::twiml::{Client, Dial, DialNoun, Number, Record, Verb, VoiceResponse};

use crate::twiml::{
    dial_status::AfterDial,
    speech::{say, say_and_hang_up},
    voice::VoiceRoute,
};

/// Events our status callback wants for dialled numbers.
const STATUS_EVENTS: &str = "initiated ringing answered completed";
/// The longest voicemail, in seconds.
const VOICEMAIL_SECONDS: u32 = 120;

/// The `/twilio/voice` answer; a refusal is said in `locale` (the calling user's).
pub fn voice(route: &VoiceRoute, config: &Config, locale: Locale) -> VoiceResponse {
    let dial = |nouns| Dial {
        action: Some(config.public_url("/twilio/dial-status")),
        // The caller keeps hearing ringing until the callee answers, so the SDK's `ringing`
        // and `accept` events mean what they say.
        answer_on_bridge: Some(true),
        timeout: Some(config.dial_timeout_seconds),
        nouns,
        ..Dial::default()
    };
    match route {
        VoiceRoute::Client {
            identity,
            parameters,
        } => VoiceResponse::new().then(Verb::Dial(dial(vec![DialNoun::Client(Client {
            identity: identity.as_str().to_owned(),
            parameters: parameters.clone(),
            status_callback: Some(config.public_url("/twilio/status")),
            status_callback_event: Some(STATUS_EVENTS.to_owned()),
            url: None,
        })]))),
        VoiceRoute::Number { e164, caller_id } => VoiceResponse::new().then(Verb::Dial(Dial {
            caller_id: Some(caller_id.to_string()),
            // Twilio hangs up after this: a call left up by mistake can't run up the bill.
            time_limit: Some(config.calls.max_call_seconds),
            ..dial(vec![DialNoun::Number(Number {
                number: e164.to_string(),
                status_callback: Some(config.public_url("/twilio/status")),
                status_callback_event: Some(STATUS_EVENTS.to_owned()),
            })])
        })),
        VoiceRoute::Refuse(why) => say_and_hang_up(locale, &why.spoken_in(locale)),
    }
}

/// Whose voicemail a caller reaches, if the call ends in voicemail.
#[derive(Clone, Copy, Debug)]
pub enum Mailbox<'a> {
    /// The user with this client identity, whose box has room.
    Open(&'a ClientIdentity),
    /// The user's box is full: the caller is told, nothing is recorded.
    Full,
    /// Nobody's (the number has no user any more): the caller is only told why.
    Nobody,
}

/// The `/twilio/dial-status` answer, said in `locale` (our user's who dialled, or the called
/// user's for a caller from outside). `mailbox` matters only for [`AfterDial::Voicemail`]; the
/// recording's action names the mailbox, so the message reaches the user who was called even if
/// the number is given to someone else meanwhile.
pub fn after_dial(
    after: &AfterDial,
    mailbox: Mailbox<'_>,
    config: &Config,
    locale: Locale,
) -> VoiceResponse {
    match (after, mailbox) {
        (AfterDial::Hangup, _) => hang_up(),
        (AfterDial::SayThenHangup(reason), _) | (AfterDial::Voicemail(reason), Mailbox::Nobody) => {
            say_and_hang_up(locale, &reason.spoken(locale))
        }
        (AfterDial::Voicemail(reason), Mailbox::Full) => {
            say_and_hang_up(locale, &spoken::mailbox_full(locale, *reason))
        }
        (AfterDial::Voicemail(reason), Mailbox::Open(identity)) => {
            let query =
                serde_urlencoded::to_string([("mailbox", identity.as_str())]).unwrap_or_default();
            let action = format!("/twilio/voicemail?{query}");
            VoiceResponse::new()
                .then(say(locale, &spoken::leave_a_message(locale, *reason)))
                .then(Verb::Record(Record {
                    action: Some(config.public_url(&action)),
                    max_length: Some(VOICEMAIL_SECONDS),
                    play_beep: Some(true),
                }))
                .then(Verb::Hangup)
        }
    }
}

/// Just `<Hangup />`.
pub fn hang_up() -> VoiceResponse {
    VoiceResponse::new().then(Verb::Hangup)
}

/// After a voicemail, in the language of the user it was left for.
pub fn goodbye(locale: Locale) -> VoiceResponse {
    say_and_hang_up(locale, &spoken::thank_you_goodbye(locale))
}
