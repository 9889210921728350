//! Turns whatever the SDK throws or emits as an error into a [`TwilioError`].

use wasm_bindgen::{JsCast, JsValue};

use crate::phone::{TwilioError, UNKNOWN_JS_ERROR};
use crate::twilio::sys::TwilioErrorObject;

/// Reads `code` and `message` off a `TwilioError` (or any thrown `Error`, whose code is 0).
pub fn twilio_error_from_js(value: &JsValue) -> TwilioError {
    if let Some(text) = value.as_string() {
        return TwilioError::new(0, text);
    }
    let error = value.unchecked_ref::<TwilioErrorObject>();
    let code = error
        .code()
        .filter(|c| c.is_finite() && *c >= 0.0)
        .unwrap_or(0.0) as u32;
    let message = error
        .message()
        .filter(|m| !m.is_empty())
        .or_else(|| error.description())
        .unwrap_or_else(|| UNKNOWN_JS_ERROR.to_owned());
    TwilioError::new(code, message)
}
