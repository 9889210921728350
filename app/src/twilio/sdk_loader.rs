//! Loads the vendored Voice SDK when a phone first goes online, not with every page: most page
//! loads (contacts, recents, settings, a phone that stays offline) never need its 55 KB (brotli).
//! The script keeps its Subresource Integrity hash, and our CSP's `script-src 'self'` allows a
//! same-origin script added by the page. In local mode the simulator's WebSocket redirect is
//! loaded first: the SDK captures `globalThis.WebSocket` when its bundle runs.

use std::cell::RefCell;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::sdk_is_loaded;
use crate::phone::TwilioError;
use crate::twilio_sdk_scripts::{SIMULATOR_LOADER_URL, TWILIO_SDK_INTEGRITY, TWILIO_SDK_URL};

thread_local! {
    /// The load under way or done, shared by every caller (two clicks load it once).
    static LOADING: RefCell<Option<Promise>> = const { RefCell::new(None) };
}

/// Makes `Twilio.Device` available: at once if it is, else by adding the SDK's script (after the
/// simulator's loader in local mode) and waiting for it. A failed load (offline, a tampered file
/// the browser refused for its hash) is an error, and the next call tries again.
pub async fn load_sdk(local_mode: bool) -> Result<(), TwilioError> {
    if sdk_is_loaded() {
        return Ok(());
    }
    let promise = LOADING.with(|loading| {
        loading
            .borrow_mut()
            .get_or_insert_with(|| {
                wasm_bindgen_futures::future_to_promise(async move {
                    if local_mode {
                        JsFuture::from(add_script(SIMULATOR_LOADER_URL, None)?).await?;
                    }
                    JsFuture::from(add_script(
                        TWILIO_SDK_URL,
                        Some(TWILIO_SDK_INTEGRITY.trim_end()),
                    )?)
                    .await
                })
            })
            .clone()
    });
    let loaded = JsFuture::from(promise).await.is_ok() && sdk_is_loaded();
    if loaded {
        Ok(())
    } else {
        LOADING.with(|loading| loading.borrow_mut().take());
        Err(TwilioError::sdk_not_loaded())
    }
}

/// Appends `<script src integrity>` to the document's head; the promise settles on its `load`
/// or `error` event.
fn add_script(src: &str, integrity: Option<&str>) -> Result<Promise, JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let script = document.create_element("script")?;
    script.set_attribute("src", src)?;
    if let Some(integrity) = integrity {
        script.set_attribute("integrity", integrity)?;
    }
    let head = document
        .query_selector("head")?
        .ok_or_else(|| JsValue::from_str("no head"))?;
    let mut failed = None;
    let promise = Promise::new(&mut |resolve, reject| {
        let attached = script
            .add_event_listener_with_callback("load", &resolve)
            .and_then(|()| script.add_event_listener_with_callback("error", &reject));
        if let Err(e) = attached {
            failed = Some(e);
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }
    head.append_child(&script)?;
    Ok(promise)
}
