//! Reaching browser APIs that stable `web-sys` lacks, or that many browsers lack, through
//! `Reflect`: a missing object or method is a `None` or an `Err`, never an exception, and every
//! promise is awaited so that a refusal never reaches the console. Browser build only.

use js_sys::{Array, Function, Object, Promise, Reflect};
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// `window.navigator`, as a plain value to read properties from.
pub(super) fn navigator() -> Option<JsValue> {
    web_sys::window().map(|w| w.navigator().into())
}

/// `target[name]`, unless it is undefined or null.
pub(super) fn property(target: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(target, &name.into())
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// `target[name](...args)`; `Err` when there is no such method or it threw.
pub(super) fn call(target: &JsValue, name: &str, args: &[&JsValue]) -> Result<JsValue, JsValue> {
    let method: Function = property(target, name)
        .and_then(|m| m.dyn_into().ok())
        .ok_or(JsValue::UNDEFINED)?;
    let args: Array = args.iter().copied().collect();
    method.apply(target, &args)
}

/// `target[name] = value`; a frozen object just keeps its value.
pub(super) fn set(target: &Object, name: &str, value: &JsValue) {
    let _ = Reflect::set(target, &name.into(), value);
}

/// The promise a call returned, awaited; a throw, a rejection or an empty answer is `None`.
pub(super) async fn settle(returned: Result<JsValue, JsValue>) -> Option<JsValue> {
    let promise: Promise = returned.ok()?.dyn_into().ok()?;
    JsFuture::from(promise)
        .await
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// Runs `settle` in the background: for promises whose answer nobody needs.
pub(super) fn settle_later(returned: Result<JsValue, JsValue>) {
    if returned.is_ok() {
        spawn_local(async move {
            settle(returned).await;
        });
    }
}
