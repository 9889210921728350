//! The TwiML the console sends a show's callers to (through Twilio's REST API): connected to a
//! member's browser, back to hold, the host's whisper, and what follows when the member's side
//! ends. Pure: the handlers in `routes::hotline_console` look things up and record them.

use app::ssr::{
    config::Config,
    db::{show_callers::CallerLine, shows::Show},
    show::hotline_urls,
};
use app::ssr::{locale::Locale, spoken};
use serde::Deserialize;
use twilio_core::twiml::{Client, Dial, DialNoun, Verb, VoiceResponse};

use crate::twiml::{
    hotline::enqueue,
    speech::{say, say_and_hang_up},
};

/// Seconds the member's browser rings before the caller goes back to hold.
pub const RING_SECONDS: u32 = 20;

/// The query of a connect URL ([`hotline_urls::connect_url`]).
#[derive(Clone, Debug, Deserialize)]
pub struct ConnectQuery {
    /// The show's name.
    pub show: String,
    /// The member's client identity.
    pub to: String,
    /// `1`: the host, on air (whisper first).
    #[serde(default)]
    pub air: Option<String>,
}

impl ConnectQuery {
    /// Whether this connects the caller to air.
    pub fn on_air(&self) -> bool {
        self.air.as_deref() == Some("1")
    }
}

/// A query naming only the show.
#[derive(Clone, Debug, Deserialize)]
pub struct ShowQuery {
    /// The show's name.
    pub show: String,
}

/// The whisper's query.
#[derive(Clone, Debug, Deserialize)]
pub struct WhisperQuery {
    /// The caller about to be bridged.
    pub call: String,
}

/// The Dial action's parameters (<https://www.twilio.com/docs/voice/twiml/dial#action>).
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConnectEndedWebhook {
    /// Must be ours.
    pub account_sid: String,
    /// The caller.
    pub call_sid: String,
    /// How the member's leg ended: `completed`, `busy`, `no-answer`, `failed`, `canceled`.
    #[serde(default)]
    pub dial_call_status: String,
    /// The caller's own call: `completed` when they hung up (the action is then requested
    /// anyway, and its answer ignored), `in-progress` when the member's side ended.
    #[serde(default)]
    pub call_status: String,
}

impl ConnectEndedWebhook {
    /// The caller hung up.
    pub fn caller_left(&self) -> bool {
        matches!(
            self.call_status.as_str(),
            "completed" | "canceled" | "failed" | "busy" | "no-answer"
        )
    }

    /// The member never answered (their browser offline, busy or not picking up).
    pub fn unanswered(&self) -> bool {
        matches!(
            self.dial_call_status.as_str(),
            "busy" | "no-answer" | "failed" | "canceled"
        )
    }
}

/// Rings `identity`'s browser for the caller of `show`; on air, the host hears `whisper_url`
/// first. The custom parameters tell the member's phone what the call is.
pub fn connect(
    show: &Show,
    identity: &str,
    on_air: bool,
    caller: Option<&CallerLine>,
    config: &Config,
) -> VoiceResponse {
    let mut parameters = vec![
        ("ShowName".to_owned(), show.name.to_string()),
        (
            "ShowLine".to_owned(),
            if on_air { "air" } else { "screen" }.to_owned(),
        ),
    ];
    if let Some(name) = caller
        .and_then(|c| c.name.clone())
        .filter(|n| !n.is_empty())
    {
        parameters.push(("CallerName".to_owned(), name));
    }
    let url = match caller {
        Some(caller) if on_air => Some(hotline_urls::whisper_url(config, caller.call_sid.as_str())),
        _ => None,
    };
    VoiceResponse::new().then(Verb::Dial(Dial {
        action: Some(hotline_urls::connect_ended_url(config, show.name.as_str())),
        timeout: Some(RING_SECONDS),
        nouns: vec![DialNoun::Client(Client {
            identity: identity.to_owned(),
            parameters,
            url,
            ..Client::default()
        })],
        ..Dial::default()
    }))
}

/// Back to hold in the show's queue, without the greeting.
pub fn requeue(show: &Show, config: &Config) -> VoiceResponse {
    VoiceResponse::new().then(enqueue(show, config))
}

/// What the host hears, alone, before the caller is bridged: the screener's card, in the show's
/// language (its host's).
pub fn whisper(caller: Option<&CallerLine>, locale: Locale) -> VoiceResponse {
    fn field(f: &Option<String>) -> Option<&str> {
        f.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }
    let card = caller.map(|caller| spoken::Card {
        name: field(&caller.name),
        location: field(&caller.location),
        topic: field(&caller.topic),
        note: field(&caller.note),
        warning: field(&caller.warning),
    });
    VoiceResponse::new().then(say(locale, &spoken::whisper(locale, card.as_ref())))
}

/// After the host's side of an on-air call ends, in the show's language.
pub fn thanks(locale: Locale) -> VoiceResponse {
    say_and_hang_up(locale, &spoken::show_goodbye(locale))
}
