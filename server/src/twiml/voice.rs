//! The Voice URL's decision: who a call goes to, or why it is refused. Pure: the route handler
//! looks things up, this decides, and the number policy is applied here whatever the browser
//! checked.

use std::collections::BTreeMap;

use app::ssr::db::users::User;
use domain::{
    BlockReason, CallRateLimiter, ClientIdentity, Destination, E164, NumberPolicy, RateDecision,
    Verdict,
};
use serde::Deserialize;

/// The parameters of a `/twilio/voice` request (twilio.md §4.3). Everything else the SDK's
/// `connect({params})` sent is in `custom`.
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

/// Fields Twilio itself sends; anything else came from the caller's `connect({params})`.
const TWILIO_FIELDS: [&str; 10] = [
    "ApiVersion",
    "ApplicationSid",
    "CallStatus",
    "Called",
    "Caller",
    "CallToken",
    "Direction",
    "ForwardedFrom",
    "ParentCallSid",
    "StirVerstat",
];
/// Most custom parameters passed on to a `<Client>`.
const MAX_PASSED_PARAMETERS: usize = 16;

impl VoiceWebhook {
    /// The caller's client identity, for calls placed by one of our browsers.
    pub fn caller_identity(&self) -> Option<ClientIdentity> {
        self.from
            .strip_prefix("client:")
            .and_then(|id| id.parse().ok())
    }

    /// Custom parameters worth passing to the callee as `<Parameter>`: not Twilio's own fields,
    /// with plain names, and not too many.
    pub fn custom_parameters(&self) -> Vec<(String, String)> {
        let geo_prefixes = ["From", "To", "Caller", "Called"];
        self.other
            .iter()
            .filter(|(k, _)| !TWILIO_FIELDS.contains(&k.as_str()))
            .filter(|(k, _)| !geo_prefixes.iter().any(|p| k.starts_with(p)))
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
    /// The user who owns the dialled number, if it is one of ours.
    pub number_owner: Option<User>,
    /// When the caller placed outbound calls in the last hour (unix seconds).
    pub recent_calls: Vec<u64>,
    /// Now (unix seconds).
    pub now: u64,
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
    /// Nothing was dialled.
    NoDestination,
    /// `To` can't be a client identity or number.
    InvalidDestination,
    /// A user called themselves.
    SelfCall,
    /// The number policy said no.
    Blocked(BlockReason),
    /// The caller reached the hourly cap.
    RateLimited {
        /// Minutes until the next call is possible.
        minutes: u64,
    },
    /// An inbound call to a number that no user owns.
    UnknownNumber,
}

impl Refusal {
    /// The sentence spoken to the caller.
    pub fn spoken(&self) -> String {
        match self {
            Self::WrongAccount | Self::UnknownCaller => "This call is not allowed.".to_owned(),
            Self::NoDestination => "No number was dialled.".to_owned(),
            Self::InvalidDestination => {
                "That is not a number or user that can be called.".to_owned()
            }
            Self::SelfCall => "You can't call yourself.".to_owned(),
            Self::Blocked(reason) => reason.to_string(),
            Self::RateLimited { minutes } => {
                format!(
                    "You have reached the limit of calls per hour. Try again in {minutes} minutes."
                )
            }
            Self::UnknownNumber => "The number you called is not in service.".to_owned(),
        }
    }
}

/// Decides where a call to our Voice URL goes.
pub fn route(
    hook: &VoiceWebhook,
    account: &Account<'_>,
    policy: &NumberPolicy,
    cap: &CallRateLimiter,
    found: &Lookups,
) -> VoiceRoute {
    if hook.account_sid != account.account_sid {
        return VoiceRoute::Refuse(Refusal::WrongAccount);
    }
    if hook.from.starts_with("client:") {
        let Some(caller) = &found.caller else {
            return VoiceRoute::Refuse(Refusal::UnknownCaller);
        };
        return outbound(hook, caller, account, policy, cap, found);
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
    policy: &NumberPolicy,
    cap: &CallRateLimiter,
    found: &Lookups,
) -> VoiceRoute {
    let to = hook.to.trim();
    if to.is_empty() {
        return VoiceRoute::Refuse(Refusal::NoDestination);
    }
    let Ok(destination) = Destination::parse(to) else {
        return VoiceRoute::Refuse(Refusal::InvalidDestination);
    };
    let raw = match destination {
        Destination::Client(identity) if identity == caller.identity => {
            return VoiceRoute::Refuse(Refusal::SelfCall);
        }
        Destination::Client(identity) => {
            return VoiceRoute::Client {
                identity,
                parameters: hook.custom_parameters(),
            };
        }
        Destination::Number(raw) => raw,
    };
    let e164 = match policy.check(&raw) {
        Verdict::Blocked(reason) => return VoiceRoute::Refuse(Refusal::Blocked(reason)),
        Verdict::Allowed { e164, .. } => e164,
    };
    // A colleague's number: ring their browser directly, no phone network involved.
    if let Some(owner) = found
        .number_owner
        .as_ref()
        .filter(|o| o.number.as_ref() == Some(&e164))
    {
        if owner.identity == caller.identity {
            return VoiceRoute::Refuse(Refusal::SelfCall);
        }
        return VoiceRoute::Client {
            identity: owner.identity.clone(),
            parameters: hook.custom_parameters(),
        };
    }
    if let RateDecision::Denied { retry_at } = cap.decide(found.now, &found.recent_calls) {
        return VoiceRoute::Refuse(Refusal::RateLimited {
            minutes: retry_at.saturating_sub(found.now).div_ceil(60).max(1),
        });
    }
    VoiceRoute::Number {
        e164,
        caller_id: caller
            .number
            .clone()
            .unwrap_or_else(|| account.number.clone()),
    }
}
