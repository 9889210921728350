//! Decisions to TwiML documents.

use app::ssr::config::Config;
use twilio_core::twiml::{Client, Dial, DialNoun, Number, Record, Say, Verb, VoiceResponse};

use crate::twiml::{dial_status::AfterDial, voice::VoiceRoute};

/// Events our status callback wants for dialled numbers.
const STATUS_EVENTS: &str = "initiated ringing answered completed";
/// The longest voicemail, in seconds.
const VOICEMAIL_SECONDS: u32 = 120;

/// The `/twilio/voice` answer.
pub fn voice(route: &VoiceRoute, config: &Config) -> VoiceResponse {
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
        VoiceRoute::Refuse(why) => VoiceResponse::say_and_hang_up(why.spoken()),
    }
}

/// The `/twilio/dial-status` answer.
pub fn after_dial(after: &AfterDial, config: &Config) -> VoiceResponse {
    match after {
        AfterDial::Hangup => hang_up(),
        AfterDial::SayThenHangup(reason) => VoiceResponse::say_and_hang_up(*reason),
        AfterDial::Voicemail(reason) => VoiceResponse::new()
            .then(say(&format!(
                "{reason} Please leave a message after the tone."
            )))
            .then(Verb::Record(Record {
                action: Some(config.public_url("/twilio/voicemail")),
                max_length: Some(VOICEMAIL_SECONDS),
                play_beep: Some(true),
            }))
            .then(Verb::Hangup),
    }
}

/// Just `<Hangup />`.
pub fn hang_up() -> VoiceResponse {
    VoiceResponse::new().then(Verb::Hangup)
}

/// After a voicemail.
pub fn goodbye() -> VoiceResponse {
    VoiceResponse::say_and_hang_up("Thank you. Goodbye.")
}

fn say(text: &str) -> Verb {
    Verb::Say(Say {
        text: text.to_owned(),
        ..Say::default()
    })
}
