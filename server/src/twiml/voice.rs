//! The Voice URL's decision: who a call goes to, or why it is refused. Pure: the route handler
//! classifies the dialled `To` (the same classifier as the dial pad's preview) and looks things
//! up; this decides, and nothing reaches `<Dial>` that the classifier did not allow.

use std::collections::BTreeMap;

use app::ssr::{
    db::{shows::Show, users::User},
    locale::Locale,
    spoken,
};
use domain::{ClientIdentity, Destination, DialRefusal, Dialled, E164};
use serde::Deserialize;

/// The parameters of a `/twilio/voice` request
/// (<https://www.twilio.com/docs/usage/webhooks/voice-webhooks>). Everything else the SDK's
/// `connect({params})` sent is in `other`.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VoiceWebhook {
    /// `CA…`
    pub call_sid: String,
    /// Must be ours.
    pub account_sid: String,
    /// `client:<identity>` for our browsers, E.164 for phones.
    #[serde(default)]
    pub from: String,
    /// What the browser dialled (its `To` param), or our number for inbound calls.
    #[serde(default)]
    pub to: String,
    /// Every other field.
    #[serde(flatten)]
    pub other: BTreeMap<String, String>,
}

/// Fields Twilio itself sends on a voice request (besides the four above), by their exact names:
/// anything else came from the caller's `connect({params})`. A custom parameter may share a
/// prefix with these (`Topic`, `Tone`, `FromDesk` are the caller's own).
/// Source: <https://www.twilio.com/docs/usage/webhooks/voice-webhooks>.
const TWILIO_FIELDS: [&str; 31] = [
    "ApiVersion",
    "ApplicationSid",
    "CallStatus",
    "CallToken",
    "Called",
    "CalledCity",
    "CalledCountry",
    "CalledState",
    "CalledZip",
    "Caller",
    "CallerCity",
    "CallerCountry",
    "CallerName",
    "CallerState",
    "CallerZip",
    "Direction",
    "ForwardedFrom",
    "FromCity",
    "FromCountry",
    "FromState",
    "FromZip",
    "ParentCallSid",
    "StirPassportToken",
    "StirVerstat",
    "ToCity",
    "ToCountry",
    "ToState",
    "ToZip",
    "Digits",
    "SpeechResult",
    "Confidence",
];
/// Most custom parameters passed on to a `<Client>`.
const MAX_PASSED_PARAMETERS: usize = 16;

impl VoiceWebhook {
    /// The caller's client identity, for calls placed by one of our browsers.
    pub fn caller_identity(&self) -> Option<ClientIdentity> {
        match Destination::parse(&self.from) {
            Ok(Destination::Client(identity)) => Some(identity),
            _ => None,
        }
    }

    /// Whether `From` is one of our browsers (`client:…`), known or not.
    pub fn from_a_client(&self) -> bool {
        self.from.starts_with(Destination::CLIENT_PREFIX)
    }

    /// Custom parameters worth passing to the callee as `<Parameter>`: not Twilio's own fields
    /// (by exact name), with plain names, and not too many.
    pub fn custom_parameters(&self) -> Vec<(String, String)> {
        self.other
            .iter()
            .filter(|(k, _)| !TWILIO_FIELDS.contains(&k.as_str()))
            .filter(|(k, _)| {
                k.len() <= 64
                    && k.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            })
            .take(MAX_PASSED_PARAMETERS)
            .map(|(k, v)| (k.clone(), v.chars().take(256).collect()))
            .collect()
    }
}

/// What the handler looked up for this call.
#[derive(Clone, Debug, Default)]
pub struct Lookups {
    /// The user placing the call, if `From` is one of our clients.
    pub caller: Option<User>,
    /// The classifier's verdict on `To`, for calls placed by one of our users
    /// ([`app::ssr::dialled::classify`]).
    pub dialled: Option<Dialled>,
    /// For calls from a phone: the user who owns the dialled number, if it is one of ours.
    pub number_owner: Option<User>,
    /// For calls from a phone: the show whose hotline the dialled number is. The handler hands
    /// such calls to the show before [`route`] is asked.
    pub hotline: Option<Show>,
}

/// The account facts the decision needs.
#[derive(Clone, Debug)]
pub struct Account<'a> {
    /// `AC…`: requests for any other account are refused.
    pub account_sid: &'a str,
    /// Caller ID for users without a number of their own.
    pub number: &'a E164,
}

/// Where a call goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VoiceRoute {
    /// Ring one of our browsers.
    Client {
        /// Whom.
        identity: ClientIdentity,
        /// Passed through as `<Parameter>`.
        parameters: Vec<(String, String)>,
    },
    /// Dial a phone number; `e164` has passed the number policy.
    Number {
        /// Whom.
        e164: E164,
        /// Our number shown to them.
        caller_id: E164,
    },
    /// Say why, then hang up.
    Refuse(Refusal),
}

/// Why a call is not connected; each says so to the caller in a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// `AccountSid` is not ours.
    WrongAccount,
    /// `From` is a client we don't know.
    UnknownCaller,
    /// The classifier refused the dialled `To`.
    Dialled(DialRefusal),
    /// The caller reached the hourly cap.
    RateLimited {
        /// Minutes until the next call is possible.
        minutes: u64,
    },
    /// The caller already has as many calls to numbers up as they may.
    CallerBusy,
    /// The account already has as many calls to numbers up as it may.
    AccountBusy,
    /// An inbound call to a number that no user owns.
    UnknownNumber,
}

impl Refusal {
    /// The sentence spoken to the caller, in English.
    pub fn spoken(&self) -> String {
        self.spoken_in(Locale::en)
    }

    /// The sentence spoken to the caller, in `locale`.
    pub fn spoken_in(&self, locale: Locale) -> String {
        match self {
            Self::WrongAccount | Self::UnknownCaller => spoken::not_allowed(locale),
            Self::Dialled(refusal) => app::ssr::locale::dial_refusal(locale, refusal),
            Self::RateLimited { minutes } => spoken::rate_limited(locale, *minutes),
            Self::CallerBusy => spoken::caller_busy(locale),
            Self::AccountBusy => spoken::account_busy(locale),
            Self::UnknownNumber => spoken::not_in_service(locale),
        }
    }
}

/// Decides where a call to our Voice URL goes. A [`VoiceRoute::Number`] still has to pass the
/// call caps, which the handler checks and records atomically in the database.
pub fn route(hook: &VoiceWebhook, account: &Account<'_>, found: &Lookups) -> VoiceRoute {
    if hook.account_sid != account.account_sid {
        return VoiceRoute::Refuse(Refusal::WrongAccount);
    }
    if hook.from_a_client() {
        let Some(caller) = &found.caller else {
            return VoiceRoute::Refuse(Refusal::UnknownCaller);
        };
        return outbound(hook, caller, account, found);
    }
    // A phone called one of our numbers: ring its owner.
    match &found.number_owner {
        Some(owner) => VoiceRoute::Client {
            identity: owner.identity.clone(),
            parameters: Vec::new(),
        },
        None => VoiceRoute::Refuse(Refusal::UnknownNumber),
    }
}

fn outbound(
    hook: &VoiceWebhook,
    caller: &User,
    account: &Account<'_>,
    found: &Lookups,
) -> VoiceRoute {
    match &found.dialled {
        Some(Dialled::Colleague { identity, .. }) => VoiceRoute::Client {
            identity: identity.clone(),
            parameters: hook.custom_parameters(),
        },
        Some(Dialled::Number { e164, .. }) => VoiceRoute::Number {
            e164: e164.clone(),
            caller_id: caller
                .number
                .clone()
                .unwrap_or_else(|| account.number.clone()),
        },
        Some(Dialled::Refused { refusal }) => VoiceRoute::Refuse(Refusal::Dialled(refusal.clone())),
        // The handler classifies every call from a known user; nothing classified, nothing dialled.
        None => VoiceRoute::Refuse(Refusal::Dialled(DialRefusal::Blocked {
            reason: domain::BlockReason::Empty,
        })),
    }
}
