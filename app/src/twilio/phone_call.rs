//! A typed `Twilio.Call`: its events as a Rust enum, its actions as methods.

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};

use crate::phone::{QualitySample, TwilioError};
use crate::twilio::{Subscription, js_error::twilio_error_from_js, sys};

/// What a call reports.
#[derive(Clone, Debug, PartialEq)]
pub enum CallEvent {
    /// The far end rings (outgoing).
    Ringing,
    /// Answered (outgoing) or accepted (incoming): media is being set up.
    Accepted,
    /// The caller gave up before we answered (incoming).
    Cancelled,
    /// We rejected it (incoming).
    Rejected,
    /// Hung up, by either side.
    Disconnected,
    /// Media or signalling dropped; the SDK is restoring it (the error says which).
    Reconnecting(TwilioError),
    /// Restored.
    Reconnected,
    /// Our microphone was muted (`true`) or unmuted.
    Muted(bool),
    /// Something failed; the call may end.
    Failed(TwilioError),
    /// A user-defined message for this call (`messageReceived`): its `content`, as text. The local
    /// simulator delivers `<Say>` this way (`{"twiml":"Say","text":…}`).
    Message(String),
    /// The SDK's once-a-second measure of the call's media.
    Sample(QualitySample),
    /// A quality warning, e.g. `low-bytes-received`; `cleared` when it went away.
    Warning {
        /// The SDK's name for it.
        name: String,
        /// Whether it went away (`warning-cleared`) rather than started.
        cleared: bool,
    },
}

/// The fields of an `RTCSample` the quality indicator uses; missing or non-numeric ones read as
/// 0 (or no MOS).
fn quality_sample(sample: &JsValue) -> QualitySample {
    let number = |name: &str| {
        Reflect::get(sample, &JsValue::from_str(name))
            .ok()
            .and_then(|v| v.as_f64())
            .filter(|v| v.is_finite())
    };
    QualitySample {
        mos: number("mos"),
        jitter_ms: number("jitter").unwrap_or(0.0),
        rtt_ms: number("rtt").unwrap_or(0.0),
        packets_lost_percent: number("packetsLostFraction").unwrap_or(0.0),
    }
}

/// One SDK call, placed or received.
#[derive(Clone, Debug)]
pub struct PhoneCall {
    call: sys::Call,
}

impl PhoneCall {
    pub(crate) fn from_js(value: JsValue) -> Self {
        Self {
            call: value.unchecked_into(),
        }
    }

    /// Subscribes `on_event` to everything the call reports, until the subscriptions are dropped.
    pub fn subscribe(&self, on_event: impl Fn(CallEvent) + Clone + 'static) -> Vec<Subscription> {
        let emitter: &sys::EventEmitter = self.call.as_ref();
        let simple = |name: &'static str, event: CallEvent| {
            let on_event = on_event.clone();
            Subscription::new(emitter, name, move |_, _| on_event(event.clone()))
        };
        let mut subs = vec![
            simple("ringing", CallEvent::Ringing),
            simple("accept", CallEvent::Accepted),
            simple("cancel", CallEvent::Cancelled),
            simple("reject", CallEvent::Rejected),
            simple("disconnect", CallEvent::Disconnected),
            simple("reconnected", CallEvent::Reconnected),
        ];
        let with = |name: &'static str, map: fn(JsValue) -> CallEvent| {
            let on_event = on_event.clone();
            Subscription::new(emitter, name, move |first, _| on_event(map(first)))
        };
        subs.push(with("reconnecting", |e| {
            CallEvent::Reconnecting(twilio_error_from_js(&e))
        }));
        subs.push(with("mute", |m| CallEvent::Muted(m.is_truthy())));
        subs.push(with("error", |e| {
            CallEvent::Failed(twilio_error_from_js(&e))
        }));
        subs.push(with("messageReceived", |m| {
            let content = Reflect::get(&m, &JsValue::from_str("content")).unwrap_or_default();
            CallEvent::Message(content.as_string().unwrap_or_else(|| {
                js_sys::JSON::stringify(&content)
                    .ok()
                    .and_then(|s| s.as_string())
                    .unwrap_or_default()
            }))
        }));
        subs.push(with("sample", |sample| {
            CallEvent::Sample(quality_sample(&sample))
        }));
        subs.push(with("warning", |n| CallEvent::Warning {
            name: n.as_string().unwrap_or_default(),
            cleared: false,
        }));
        subs.push(with("warning-cleared", |n| CallEvent::Warning {
            name: n.as_string().unwrap_or_default(),
            cleared: true,
        }));
        subs
    }

    /// Whether `other` is this same SDK call object.
    pub fn is_same(&self, other: &PhoneCall) -> bool {
        let (a, b): (&JsValue, &JsValue) = (self.call.as_ref(), other.call.as_ref());
        a == b
    }

    /// Who is calling (incoming): the `From` parameter, `client:<identity>` or a number.
    pub fn from(&self) -> String {
        self.parameter("From")
    }

    /// Twilio's call SID, once known.
    pub fn sid(&self) -> String {
        self.parameter("CallSid")
    }

    fn parameter(&self, name: &str) -> String {
        Reflect::get(&self.call.parameters(), &JsValue::from_str(name))
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    }

    /// Answers an incoming call, with microphone `mic` (`None`: the default).
    pub fn accept(&self, mic: Option<&str>) {
        match crate::twilio::rtc_constraints::microphone_constraints(mic) {
            Some(constraints) => {
                let options = js_sys::Object::new();
                let _ = Reflect::set(&options, &"rtcConstraints".into(), &constraints);
                self.call.accept_with(&options);
            }
            None => self.call.accept(),
        }
    }

    /// Declines an incoming call.
    pub fn reject(&self) {
        self.call.reject();
    }

    /// Hangs up.
    pub fn disconnect(&self) {
        self.call.disconnect();
    }

    /// Mutes or unmutes our microphone.
    pub fn mute(&self, muted: bool) {
        self.call.mute(muted);
    }

    /// Whether our microphone is muted.
    pub fn is_muted(&self) -> bool {
        self.call.is_muted()
    }

    /// Sends DTMF digits (`0-9 * #`).
    pub fn send_digits(&self, digits: &str) -> Result<(), TwilioError> {
        self.call
            .send_digits(digits)
            .map_err(|e| twilio_error_from_js(&e))
    }
}
