//! 1:1 wasm-bindgen declarations of the parts of `@twilio/voice-sdk` 2.18.5 we use
//! (`dist/twilio.min.js` sets the globals `Twilio.Device` and `Twilio.Call`). Names follow the SDK.

use js_sys::{Function, Object, Promise};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// Node's `EventEmitter`, which `Device` and `Call` extend.
    #[derive(Clone, Debug)]
    #[wasm_bindgen(extends = Object)]
    pub type EventEmitter;

    #[wasm_bindgen(method)]
    pub fn on(this: &EventEmitter, event: &str, listener: &Function);

    #[wasm_bindgen(method, js_name = removeListener)]
    pub fn remove_listener(this: &EventEmitter, event: &str, listener: &Function);

    /// `Twilio.Device`: <https://www.twilio.com/docs/voice/sdks/javascript/twiliodevice>
    #[derive(Clone, Debug)]
    #[wasm_bindgen(extends = EventEmitter, js_namespace = Twilio)]
    pub type Device;

    /// Throws on a non-string token or an unsupported browser.
    #[wasm_bindgen(constructor, js_namespace = Twilio, js_class = "Device", catch)]
    pub fn new(token: &str, options: &Object) -> Result<Device, JsValue>;

    /// Resolves once registered; may never settle while the gateway is unreachable.
    #[wasm_bindgen(method, catch)]
    pub fn register(this: &Device) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch)]
    pub fn unregister(this: &Device) -> Result<Promise, JsValue>;

    /// Resolves with a `Call` in state `connecting`.
    #[wasm_bindgen(method, catch)]
    pub fn connect(this: &Device, options: &Object) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, js_name = updateToken, catch)]
    pub fn update_token(this: &Device, token: &str) -> Result<(), JsValue>;

    /// Rejects pending incoming calls, hangs up, closes the socket, removes every listener.
    #[wasm_bindgen(method)]
    pub fn destroy(this: &Device);

    /// `'unregistered' | 'registering' | 'registered' | 'destroyed'`
    #[wasm_bindgen(method, getter)]
    pub fn state(this: &Device) -> String;

    #[wasm_bindgen(method, getter, js_name = isBusy)]
    pub fn is_busy(this: &Device) -> bool;

    /// `Twilio.Call`: <https://www.twilio.com/docs/voice/sdks/javascript/twiliocall>
    #[derive(Clone, Debug)]
    #[wasm_bindgen(extends = EventEmitter, js_namespace = Twilio)]
    pub type Call;

    #[wasm_bindgen(method)]
    pub fn accept(this: &Call);

    /// `accept({rtcConstraints})`.
    #[wasm_bindgen(method, js_name = accept)]
    pub fn accept_with(this: &Call, options: &Object);

    #[wasm_bindgen(method)]
    pub fn reject(this: &Call);

    #[wasm_bindgen(method)]
    pub fn disconnect(this: &Call);

    #[wasm_bindgen(method)]
    pub fn mute(this: &Call, should_mute: bool);

    #[wasm_bindgen(method, js_name = isMuted)]
    pub fn is_muted(this: &Call) -> bool;

    /// Throws `InvalidArgumentError` for anything but `[0-9*#w]`.
    #[wasm_bindgen(method, js_name = sendDigits, catch)]
    pub fn send_digits(this: &Call, digits: &str) -> Result<(), JsValue>;

    /// `'pending' | 'connecting' | 'ringing' | 'open' | 'reconnecting' | 'closed'`
    #[wasm_bindgen(method)]
    pub fn status(this: &Call) -> String;

    /// Incoming: `{CallSid, From, To, AccountSid, …}`; outgoing: `{CallSid}` once known.
    #[wasm_bindgen(method, getter)]
    pub fn parameters(this: &Call) -> Object;

    /// A `TwilioError` (the UMD bundle does not export its class, so it is bound structurally).
    #[derive(Clone, Debug)]
    #[wasm_bindgen(extends = Object)]
    pub type TwilioErrorObject;

    #[wasm_bindgen(method, getter)]
    pub fn code(this: &TwilioErrorObject) -> Option<f64>;

    #[wasm_bindgen(method, getter)]
    pub fn message(this: &TwilioErrorObject) -> Option<String>;

    #[wasm_bindgen(method, getter)]
    pub fn description(this: &TwilioErrorObject) -> Option<String>;
}
