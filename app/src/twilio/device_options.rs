//! `Device.Options` built from a Rust struct, with our defaults (docs/sdk-field-notes.md §6;
//! <https://www.twilio.com/docs/voice/sdks/javascript/twiliodevice#deviceoptions>).

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

/// The 15 sounds the SDK plays; each is served from `/sounds/<name>.wav` (`public/sounds/`,
/// made by `sdk/generate_sounds.py`), so nothing is fetched from sdk.twilio.com.
pub const SOUND_NAMES: [&str; 15] = [
    "incoming",
    "outgoing",
    "disconnect",
    "dtmf0",
    "dtmf1",
    "dtmf2",
    "dtmf3",
    "dtmf4",
    "dtmf5",
    "dtmf6",
    "dtmf7",
    "dtmf8",
    "dtmf9",
    "dtmfs",
    "dtmfh",
];

/// An audio codec, in the SDK's spelling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Codec {
    /// Wideband, loss-tolerant: preferred.
    Opus,
    /// G.711 µ-law: the fallback every carrier speaks.
    Pcmu,
}

impl Codec {
    fn sdk_name(self) -> &'static str {
        match self {
            Self::Opus => "opus",
            Self::Pcmu => "pcmu",
        }
    }
}

/// What we pass to `new Twilio.Device(token, options)`.
#[derive(Clone, Debug, PartialEq)]
pub struct DeviceOptions {
    /// Codec order; the SDK's default puts PCMU first.
    pub codec_preferences: Vec<Codec>,
    /// Precise error codes instead of a generic 53000/31005.
    pub improved_signaling_error_precision: bool,
    /// Ask before closing the tab during a call.
    pub close_protection: bool,
    /// Hand us a second incoming call while one is up, so the phone can decline it as busy at
    /// once; with `false` the SDK drops it silently and the caller rings until the `<Dial>`
    /// timeout (docs/sdk-field-notes.md §9).
    pub allow_incoming_while_busy: bool,
    /// Base URL of our sound files (`/sounds`).
    pub sounds_base: &'static str,
    /// Insights telemetry to eventgw.twilio.com; off in local mode, where there is no Twilio.
    pub publish_events: bool,
}

impl DeviceOptions {
    /// Our defaults; `local_mode` turns telemetry off.
    pub fn for_mode(local_mode: bool) -> Self {
        Self {
            codec_preferences: vec![Codec::Opus, Codec::Pcmu],
            improved_signaling_error_precision: true,
            close_protection: true,
            allow_incoming_while_busy: true,
            sounds_base: "/sounds",
            publish_events: !local_mode,
        }
    }

    /// The options object in the SDK's spelling.
    pub fn to_js(&self) -> Object {
        let options = Object::new();
        let codecs: Array = self
            .codec_preferences
            .iter()
            .map(|c| JsValue::from_str(c.sdk_name()))
            .collect();
        let sounds = Object::new();
        for name in SOUND_NAMES {
            set(
                &sounds,
                name,
                &format!("{}/{name}.wav", self.sounds_base).into(),
            );
        }
        set(&options, "codecPreferences", &codecs);
        set(
            &options,
            "enableImprovedSignalingErrorPrecision",
            &self.improved_signaling_error_precision.into(),
        );
        set(&options, "closeProtection", &self.close_protection.into());
        set(
            &options,
            "allowIncomingWhileBusy",
            &self.allow_incoming_while_busy.into(),
        );
        set(&options, "sounds", &sounds);
        // Private but honoured option (device.ts `IExtendedDeviceOptions`); false disables Insights.
        set(&options, "publishEvents", &self.publish_events.into());
        options
    }
}

fn set(target: &Object, key: &str, value: &JsValue) {
    // Reflect.set only fails on a frozen or non-object target; ours are fresh objects.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}
