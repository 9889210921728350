//! Small browser services the phone needs: the clock, the microphone check, notifications.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{MediaStream, MediaStreamConstraints, MediaStreamTrack};

/// Browser clock, milliseconds since the epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Unix seconds.
pub fn now_seconds() -> u64 {
    (now_ms() / 1000.0) as u64
}

/// Asks for the microphone (the browser prompts once) and releases it straight away. `Err` is
/// the instruction to show: the SDK would otherwise fail the call with 31401 after it started.
pub async fn check_microphone() -> Result<(), String> {
    let devices = web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| n.media_devices().ok())
        .ok_or("This browser can't use a microphone here (it needs https or localhost).")?;
    let constraints = MediaStreamConstraints::new();
    constraints.set_audio(&true.into());
    let promise = devices
        .get_user_media_with_constraints(&constraints)
        .map_err(|_| "This browser can't open the microphone.".to_owned())?;
    match JsFuture::from(promise).await {
        Ok(stream) => {
            let stream: MediaStream = stream.unchecked_into();
            for track in stream.get_tracks().iter() {
                track.unchecked_into::<MediaStreamTrack>().stop();
            }
            Ok(())
        }
        Err(e) => {
            let name = e
                .dyn_ref::<web_sys::DomException>()
                .map(|d| d.name())
                .unwrap_or_default();
            Err(match name.as_str() {
                "NotAllowedError" | "SecurityError" => "The microphone is blocked for this site. Click the icon left of the address bar, allow the microphone, then try again.".to_owned(),
                "NotFoundError" => "No microphone was found. Connect one and try again.".to_owned(),
                "NotReadableError" => "The microphone is in use by another program, or failed. Close that program and try again.".to_owned(),
                _ => format!("The microphone could not be opened ({name})."),
            })
        }
    }
}

/// Whether the browser has the Notification API (iOS Safari outside a home-screen app has not;
/// calling into a missing class would throw).
fn notifications_supported() -> bool {
    js_sys::Reflect::has(&js_sys::global(), &"Notification".into()).unwrap_or(false)
}

/// Asks for permission to show notifications, once, from a click ("Go online").
pub fn ask_notification_permission() {
    if notifications_supported()
        && web_sys::Notification::permission() == web_sys::NotificationPermission::Default
    {
        // The promise only tells us the answer, which `notify_if_hidden` reads again later.
        let _ = web_sys::Notification::request_permission();
    }
}

/// Whether the page is visible (the tab shown, the window not minimised).
pub fn page_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_none_or(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
}

/// Whether a system notification is due and allowed: the page is hidden (the in-page dialog is
/// enough otherwise) and the user granted notifications.
pub fn may_notify() -> bool {
    !page_visible()
        && notifications_supported()
        && web_sys::Notification::permission() == web_sys::NotificationPermission::Granted
}

/// Shows a plain system notification when [`may_notify`]. Returns it so it can be closed when
/// answered.
pub fn notify_if_hidden(title: &str, body: &str) -> Option<web_sys::Notification> {
    if !may_notify() {
        return None;
    }
    let options = web_sys::NotificationOptions::new();
    options.set_body(body);
    options.set_tag(super::os_integration::INCOMING_TAG);
    options.set_require_interaction(true);
    web_sys::Notification::new_with_options(title, &options).ok()
}

/// Copies `text` to the clipboard.
pub fn copy_to_clipboard(text: &str) {
    if let Some(window) = web_sys::window() {
        // A rejected write (no permission) leaves the log selectable by hand.
        let _ = window.navigator().clipboard().write_text(text);
    }
}
