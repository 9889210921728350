//! A typed `Twilio.Device`: created from a token and [`DeviceOptions`], events as [`DeviceEvent`],
//! promises wrapped in our own time limits.

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::phone::TwilioError;
use crate::twilio::{
    DeviceOptions, PhoneCall, Subscription, js_error::twilio_error_from_js, sys, with_timeout,
};

/// How long registering may take before we call it failed (the SDK would wait forever).
const REGISTER_TIMEOUT_SECONDS: u32 = 15;
/// How long `connect()` may take to hand us a call.
const CONNECT_TIMEOUT_SECONDS: u32 = 15;

/// What the device reports.
#[derive(Clone, Debug)]
pub enum DeviceEvent {
    /// Registering with the gateway.
    Registering,
    /// Registered: incoming calls reach us.
    Registered,
    /// No longer registered.
    Unregistered,
    /// An error of the device itself (token, connection, gateway).
    Failed(TwilioError),
    /// An error the SDK attributes to one call; the call reports it too.
    CallFailed(TwilioError),
    /// Someone calls us.
    Incoming(PhoneCall),
    /// The token expires soon (the SDK fires this only once; our own timer is the real one).
    TokenWillExpire,
}

/// Whether `dist/twilio.min.js` has loaded (`window.Twilio.Device` exists).
pub fn sdk_is_loaded() -> bool {
    let global = js_sys::global();
    Reflect::get(&global, &"Twilio".into())
        .ok()
        .filter(|t| t.is_object())
        .and_then(|t| Reflect::get(&t, &"Device".into()).ok())
        .is_some_and(|d| d.is_function())
}

/// One SDK device; clones share it. Not `Send`: keep it in a local `StoredValue`. Call
/// [`PhoneDevice::destroy`] when done (subscriptions alone don't end its calls).
#[derive(Clone)]
pub struct PhoneDevice {
    device: sys::Device,
}

impl PhoneDevice {
    /// Creates the device. Call from a user gesture: the SDK creates an `AudioContext` here, which
    /// browsers only let play after one (docs/sdk-field-notes.md §2).
    pub fn new(token: &str, options: &DeviceOptions) -> Result<Self, TwilioError> {
        if !sdk_is_loaded() {
            return Err(TwilioError::sdk_not_loaded());
        }
        sys::Device::new(token, &options.to_js())
            .map(|device| Self { device })
            .map_err(|e| twilio_error_from_js(&e))
    }

    /// Subscribes `on_event` to everything the device reports, until the subscriptions are dropped.
    pub fn subscribe(&self, on_event: impl Fn(DeviceEvent) + Clone + 'static) -> Vec<Subscription> {
        let emitter: &sys::EventEmitter = self.device.as_ref();
        let sub = |name: &'static str, map: fn(JsValue) -> DeviceEvent| {
            let on_event = on_event.clone();
            Subscription::new(emitter, name, move |first, _| on_event(map(first)))
        };
        let on_error = on_event.clone();
        vec![
            // `error` carries the call as its second argument when a call caused it.
            Subscription::new(emitter, "error", move |error, call| {
                let error = twilio_error_from_js(&error);
                on_error(if call.is_undefined() || call.is_null() {
                    DeviceEvent::Failed(error)
                } else {
                    DeviceEvent::CallFailed(error)
                })
            }),
            sub("registering", |_| DeviceEvent::Registering),
            sub("registered", |_| DeviceEvent::Registered),
            sub("unregistered", |_| DeviceEvent::Unregistered),
            sub("incoming", |c| DeviceEvent::Incoming(PhoneCall::from_js(c))),
            sub("tokenWillExpire", |_| DeviceEvent::TokenWillExpire),
        ]
    }

    /// Registers for incoming calls, failing after [`REGISTER_TIMEOUT_SECONDS`]. Does nothing
    /// when already registered or registering.
    pub async fn register(&self) -> Result<(), TwilioError> {
        if self.device.state() != "unregistered" {
            return Ok(());
        }
        let promise = self
            .device
            .register()
            .map_err(|e| twilio_error_from_js(&e))?;
        with_timeout(promise, REGISTER_TIMEOUT_SECONDS, "Going online")
            .await
            .map(drop)
    }

    /// Whether the SDK thinks we are registered.
    pub fn is_registered(&self) -> bool {
        self.device.state() == "registered"
    }

    /// Places a call; `to` becomes the `To` parameter our `/twilio/voice` webhook dials. `mic` is
    /// the microphone to use (`None`: the default; a device since unplugged falls back to it).
    pub async fn connect(&self, to: &str, mic: Option<&str>) -> Result<PhoneCall, TwilioError> {
        let params = Object::new();
        let _ = Reflect::set(&params, &"To".into(), &JsValue::from_str(to));
        let options = Object::new();
        let _ = Reflect::set(&options, &"params".into(), &params);
        if let Some(constraints) = crate::twilio::rtc_constraints::microphone_constraints(mic) {
            let _ = Reflect::set(&options, &"rtcConstraints".into(), &constraints);
        }
        let promise: Promise = self
            .device
            .connect(&options)
            .map_err(|e| twilio_error_from_js(&e))?;
        let call = with_timeout(promise, CONNECT_TIMEOUT_SECONDS, "Placing the call").await?;
        Ok(PhoneCall::from_js(call))
    }

    /// Plays calls through speaker `id` (`device.audio.speakerDevices.set`). `Err` in words when
    /// the browser cannot choose speakers or the speaker is gone.
    pub async fn set_speaker(&self, id: &str) -> Result<(), String> {
        let speakers = Reflect::get(self.device.as_ref(), &"audio".into())
            .and_then(|audio| Reflect::get(&audio, &"speakerDevices".into()))
            .map_err(|_| "This browser cannot choose a speaker.".to_owned())?;
        let set: js_sys::Function = Reflect::get(&speakers, &"set".into())
            .ok()
            .and_then(|f| f.dyn_into().ok())
            .ok_or("This browser cannot choose a speaker.")?;
        let promise: Promise = set
            .call1(&speakers, &JsValue::from_str(id))
            .ok()
            .and_then(|p| p.dyn_into().ok())
            .ok_or("This browser cannot choose a speaker.")?;
        wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .map(drop)
            .map_err(|_| {
                "That speaker could not be used; calls play through the default one.".into()
            })
    }

    /// Gives the device a fresh access token (re-sends `listen` on the open socket).
    pub fn update_token(&self, token: &str) -> Result<(), TwilioError> {
        self.device
            .update_token(token)
            .map_err(|e| twilio_error_from_js(&e))
    }

    /// Whether a call is up.
    pub fn is_busy(&self) -> bool {
        self.device.is_busy()
    }
}

impl PhoneDevice {
    /// Rejects any ringing call, hangs up and closes the socket: no ghost device once we let go.
    pub fn destroy(&self) {
        self.device.destroy();
    }
}
