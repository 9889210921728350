//! The TwiML of hold and transfer (see `app::ssr::call_control` for the pattern): park the
//! user's leg, queue the held party with music, dial the hold queue back, dial a transfer's
//! target.

use app::ssr::{
    call_control::{self, TransferQuery},
    config::Config,
};
use domain::Destination;
use twilio_core::twiml::{
    Client, Dial, DialNoun, Enqueue, Number, Queue, Redirect, Verb, VoiceResponse,
};

/// Twilio's own hold music (the classical bucket its `<Enqueue>` examples and the hold-music
/// Twimlet play: <https://www.twilio.com/labs/twimlets/holdmusic>).
pub const HOLD_MUSIC: &str = "http://com.twilio.music.classical.s3.amazonaws.com/BusyStrings.mp3";
/// How long one parking pause lasts before the park route is asked again (seconds).
const PARK_SECONDS: u32 = 60;
/// How long dialling the hold queue waits for the held party to be in it (seconds).
const RESUME_TIMEOUT: u32 = 15;
/// Events our status callback wants for transferred and consulted legs.
const STATUS_EVENTS: &str = "initiated ringing answered completed";

/// The user's leg waits in silence while `held` is on hold, and asks again after a while.
pub fn park(config: &Config, held: &str) -> VoiceResponse {
    VoiceResponse::new()
        .then(Verb::Pause {
            length: Some(PARK_SECONDS),
        })
        .then(Verb::Redirect(Redirect {
            url: call_control::park_url(config, held),
            method: None,
        }))
}

/// `held` waits in its own queue, hearing music.
pub fn enqueue(config: &Config, held: &str) -> VoiceResponse {
    VoiceResponse::new().then(Verb::Enqueue(Enqueue {
        name: call_control::queue_name(held),
        action: Some(call_control::left_url(config, held)),
        method: None,
        wait_url: Some(call_control::music_url(config, held)),
    }))
}

/// The hold queue's waitUrl: one pass of music (Twilio asks again when it ends).
pub fn music() -> VoiceResponse {
    VoiceResponse::new().then(Verb::Play {
        url: HOLD_MUSIC.to_owned(),
        loop_: None,
    })
}

/// Dials the hold queue of `held`: the user's leg resumes, or a colleague's takes the call.
pub fn resume(config: &Config, held: &str) -> VoiceResponse {
    VoiceResponse::new().then(Verb::Dial(Dial {
        action: Some(config.public_url("/twilio/dial-status")),
        timeout: Some(RESUME_TIMEOUT),
        time_limit: Some(config.calls.max_call_seconds),
        nouns: vec![DialNoun::Queue(Queue {
            name: call_control::queue_name(held),
            url: None,
        })],
        ..Dial::default()
    }))
}

/// Dials a transfer's target from the held party's leg (`consult: false`, its end reported to
/// the transfer's own action) or from the user's (`consult: true`, a warm transfer's talk first,
/// ending into the usual dial action, which parks the user again).
pub fn dial_target(config: &Config, query: &TransferQuery, consult: bool) -> VoiceResponse {
    let status_callback = Some(config.public_url("/twilio/status"));
    let status_callback_event = Some(STATUS_EVENTS.to_owned());
    let (noun, time_limit) = match Destination::parse(&query.to) {
        Ok(Destination::Client(identity)) => (
            DialNoun::Client(Client {
                identity: identity.as_str().to_owned(),
                parameters: Vec::new(),
                status_callback,
                status_callback_event,
                url: None,
            }),
            None,
        ),
        _ => (
            DialNoun::Number(Number {
                number: query.to.clone(),
                status_callback,
                status_callback_event,
            }),
            // As for any call to a number: Twilio hangs up after this.
            Some(config.calls.max_call_seconds),
        ),
    };
    let action = if consult {
        config.public_url("/twilio/dial-status")
    } else {
        call_control::transfer_ended_url(config, &query.to)
    };
    VoiceResponse::new().then(Verb::Dial(Dial {
        action: Some(action),
        answer_on_bridge: Some(true),
        caller_id: Some(query.caller_id.clone()),
        timeout: Some(config.dial_timeout_seconds),
        time_limit,
        nouns: vec![noun],
        ..Dial::default()
    }))
}
