//! System notifications while the page is hidden: permission, plain notifications and the service
//! worker's (which can carry buttons), closing them by tag, and the messages the service worker
//! relays when a button is pressed.

use wasm_bindgen::JsValue;

use super::EventListener;

/// A notification that stays until the user acts on it.
pub struct NotificationContent<'a> {
    /// The first line.
    pub title: &'a str,
    /// The text under the title.
    pub body: &'a str,
    /// A later notification with the same tag replaces this one; [`close_notifications`] closes
    /// them all.
    pub tag: &'a str,
    /// The icon's URL (service worker notifications only).
    pub icon: &'a str,
    /// Buttons as `(action id, title)` (service worker notifications only).
    pub actions: &'a [(&'a str, &'a str)],
    /// Text fields of `notification.data`, which the service worker reads back.
    pub data: &'a [(&'a str, &'a str)],
}

/// Asks for permission to show notifications, once, from a click. Nothing on the server.
pub fn ask_notification_permission() {
    #[cfg(feature = "hydrate")]
    if notifications_supported()
        && web_sys::Notification::permission() == web_sys::NotificationPermission::Default
    {
        // The promise only tells us the answer, which `may_notify` reads again later.
        let _ = web_sys::Notification::request_permission();
    }
}

/// Whether a system notification is due and allowed: the page is hidden (the page itself is
/// enough otherwise) and the user granted notifications. `false` on the server.
pub fn may_notify() -> bool {
    #[cfg(feature = "hydrate")]
    {
        !super::page_visible()
            && notifications_supported()
            && web_sys::Notification::permission() == web_sys::NotificationPermission::Granted
    }
    #[cfg(not(feature = "hydrate"))]
    {
        false
    }
}

/// Whether the browser has the Notification API (iOS Safari outside a home-screen app has not;
/// calling into a missing class would throw).
#[cfg(feature = "hydrate")]
fn notifications_supported() -> bool {
    js_sys::Reflect::has(&js_sys::global(), &"Notification".into()).unwrap_or(false)
}

/// When [`may_notify`], shows `content`: through the service worker, with its buttons, where
/// possible (`None`: close it with [`close_notifications`]), else as a plain notification, which
/// is returned to be closed. `None` on the server.
pub async fn notify_while_hidden(
    content: &NotificationContent<'_>,
) -> Option<web_sys::Notification> {
    #[cfg(feature = "hydrate")]
    {
        use js_sys::{Array, Object, Promise};
        use wasm_bindgen::JsCast;
        use wasm_bindgen_futures::JsFuture;

        use super::reflect::{call, set};

        if !may_notify() {
            return None;
        }
        if let Some(registration) = service_worker_registration().await {
            let options = Object::new();
            set(&options, "body", &content.body.into());
            set(&options, "tag", &content.tag.into());
            set(&options, "requireInteraction", &true.into());
            set(&options, "renotify", &true.into());
            set(&options, "icon", &content.icon.into());
            let actions: Array = content
                .actions
                .iter()
                .map(|(id, title)| {
                    let action = Object::new();
                    set(&action, "action", &(*id).into());
                    set(&action, "title", &(*title).into());
                    JsValue::from(action)
                })
                .collect();
            set(&options, "actions", &actions);
            let data = Object::new();
            for (name, value) in content.data {
                set(&data, name, &(*value).into());
            }
            set(&options, "data", &data);
            let shown = call(
                &registration,
                "showNotification",
                &[&content.title.into(), &options],
            );
            if let Ok(promise) = shown.and_then(|p| p.dyn_into::<Promise>())
                && JsFuture::from(promise).await.is_ok()
            {
                return None;
            }
        }
        plain_notification(content)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = content;
        None
    }
}

/// A notification without the service worker (no buttons), when [`may_notify`].
#[cfg(feature = "hydrate")]
fn plain_notification(content: &NotificationContent<'_>) -> Option<web_sys::Notification> {
    if !may_notify() {
        return None;
    }
    let options = web_sys::NotificationOptions::new();
    options.set_body(content.body);
    options.set_tag(content.tag);
    options.set_require_interaction(true);
    web_sys::Notification::new_with_options(content.title, &options).ok()
}

/// The service worker's registration for this page, if one is installed.
#[cfg(feature = "hydrate")]
async fn service_worker_registration() -> Option<JsValue> {
    use super::reflect::{call, navigator, property, settle};
    let container = property(&navigator()?, "serviceWorker")?;
    settle(call(&container, "getRegistration", &[])).await
}

/// Closes, in the background, the service worker's notifications tagged `tag`. Nothing on the
/// server.
pub fn close_notifications(tag: &'static str) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        use js_sys::{Array, Object};

        use super::reflect::{call, set, settle};

        let Some(registration) = service_worker_registration().await else {
            return;
        };
        let filter = Object::new();
        set(&filter, "tag", &tag.into());
        let Some(shown) = settle(call(&registration, "getNotifications", &[&filter])).await else {
            return;
        };
        for notification in Array::from(&shown).iter() {
            let _ = call(&notification, "close", &[]);
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = tag;
}

/// A message the service worker posted to this page: its `data` object, read field by field.
pub struct ServiceWorkerMessage {
    data: JsValue,
}

impl ServiceWorkerMessage {
    /// The text in `data[field]`; empty when it is missing or not text.
    pub fn text(&self, field: &str) -> String {
        js_sys::Reflect::get(&self.data, &field.into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    }
}

/// Calls `on_message` for each message the service worker posts to this page, such as a
/// notification's button it relays. Listens until the returned value is dropped. `None` without
/// service workers, and always on the server.
pub fn on_service_worker_message(
    on_message: impl Fn(&ServiceWorkerMessage) + 'static,
) -> Option<EventListener> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        use web_sys::EventTarget;

        use super::reflect::{call, navigator, property};

        let container = property(&navigator()?, "serviceWorker")?;
        let target: EventTarget = container.clone().dyn_into().ok()?;
        let listener = EventListener::new(&target, "message", move |event| {
            if let Some(data) = property(&event, "data") {
                on_message(&ServiceWorkerMessage { data });
            }
        })?;
        // Messages wait in a queue until the page says it is listening.
        let _ = call(&container, "startMessages", &[]);
        Some(listener)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = on_message;
        None
    }
}
