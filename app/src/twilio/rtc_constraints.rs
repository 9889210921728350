//! `rtcConstraints` for the SDK's `connect()` and `accept()`: which microphone a call uses.

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

/// `rtcConstraints` choosing microphone `id` if it is there (`ideal`, not `exact`: an unplugged
/// one falls back to the default instead of failing the call); `None` for the default.
pub(crate) fn microphone_constraints(id: Option<&str>) -> Option<Object> {
    let id = id?;
    let device = Object::new();
    let _ = Reflect::set(&device, &"ideal".into(), &JsValue::from_str(id));
    let audio = Object::new();
    let _ = Reflect::set(&audio, &"deviceId".into(), &device);
    let constraints = Object::new();
    let _ = Reflect::set(&constraints, &"audio".into(), &audio);
    Some(constraints)
}
