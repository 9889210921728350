//! A listener on an SDK event emitter that is removed when dropped (never `Closure::forget`:
//! a leaked listener rings a device the user already left).

use wasm_bindgen::{JsCast, prelude::Closure};

use crate::twilio::sys::EventEmitter;

/// Keeps `callback` alive while subscribed; dropping it calls `removeListener`.
#[must_use = "the listener is removed as soon as this is dropped"]
pub struct Subscription {
    emitter: EventEmitter,
    event: &'static str,
    callback: Closure<dyn FnMut(wasm_bindgen::JsValue, wasm_bindgen::JsValue)>,
}

impl Subscription {
    /// Calls `f(first_argument, second_argument)` on every `event` of `emitter`.
    pub(crate) fn new(
        emitter: &EventEmitter,
        event: &'static str,
        f: impl FnMut(wasm_bindgen::JsValue, wasm_bindgen::JsValue) + 'static,
    ) -> Self {
        let callback = Closure::<dyn FnMut(_, _)>::new(f);
        emitter.on(event, callback.as_ref().unchecked_ref());
        Self {
            emitter: emitter.clone(),
            event,
            callback,
        }
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.emitter
            .remove_listener(self.event, self.callback.as_ref().unchecked_ref());
    }
}
