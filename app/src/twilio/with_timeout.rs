//! Our own time limits around SDK promises, which can stay pending forever (offline, bad token:
//! docs/sdk-field-notes.md §1), and a sleep for timers.

use js_sys::{Array, Promise};
use wasm_bindgen::{JsCast, JsValue, prelude::Closure};
use wasm_bindgen_futures::JsFuture;

use crate::phone::TwilioError;
use crate::twilio::js_error::twilio_error_from_js;

/// A promise resolving with `value` after `ms` milliseconds.
fn timer(ms: u32, value: JsValue) -> Promise {
    Promise::new(&mut |resolve, _reject| {
        let value = value.clone();
        let resolve_later = Closure::once_into_js(move || {
            let _ = resolve.call1(&JsValue::UNDEFINED, &value);
        });
        if let Some(window) = web_sys::window() {
            // Only fails for a non-function; ours is one.
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                resolve_later.unchecked_ref(),
                ms as i32,
            );
        }
    })
}

/// Waits `ms` milliseconds.
pub async fn sleep(ms: u32) {
    let _ = JsFuture::from(timer(ms, JsValue::UNDEFINED)).await;
}

/// Awaits `promise`, or fails with [`TwilioError::timed_out`] after `seconds`.
pub async fn with_timeout(
    promise: Promise,
    seconds: u32,
    what: &str,
) -> Result<JsValue, TwilioError> {
    // A unique marker the SDK can never resolve with.
    let timed_out = JsValue::from(js_sys::Symbol::for_("softphone.timeout"));
    let race = Promise::race(&Array::of2(
        &promise,
        &timer(seconds * 1000, timed_out.clone()),
    ));
    match JsFuture::from(race).await {
        Ok(value) if value == timed_out => Err(TwilioError::timed_out(what, seconds)),
        Ok(value) => Ok(value),
        Err(e) => Err(twilio_error_from_js(&e)),
    }
}
