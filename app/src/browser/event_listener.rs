//! A DOM event listener that is removed when dropped (never `Closure::forget`: a leaked listener
//! acts for a page state the user already left).

use wasm_bindgen::prelude::Closure;
use web_sys::{Event, EventTarget};

/// Keeps `callback` alive while listening; dropping it calls `removeEventListener`.
#[must_use = "the listener is removed as soon as this is dropped"]
pub struct EventListener {
    target: EventTarget,
    kind: &'static str,
    callback: Closure<dyn FnMut(Event)>,
}

impl EventListener {
    /// Calls `on_event` for every `kind` event on `target`. `None` if the browser refused the
    /// listener, and always on the server.
    pub fn new(
        target: &EventTarget,
        kind: &'static str,
        on_event: impl FnMut(Event) + 'static,
    ) -> Option<Self> {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let callback = Closure::<dyn FnMut(Event)>::new(on_event);
            target
                .add_event_listener_with_callback(kind, callback.as_ref().unchecked_ref())
                .ok()?;
            Some(Self {
                target: target.clone(),
                kind,
                callback,
            })
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (target, kind, on_event);
            None
        }
    }

    /// Calls `on_event` for every `kind` event that reaches `window`: its own (`online`, `focus`,
    /// `pageshow`) and the document's that bubble (`visibilitychange`).
    pub fn on_window(kind: &'static str, on_event: impl FnMut(Event) + 'static) -> Option<Self> {
        #[cfg(feature = "hydrate")]
        {
            let window = web_sys::window()?;
            Self::new(&window, kind, on_event)
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (kind, on_event);
            None
        }
    }
}

impl Drop for EventListener {
    fn drop(&mut self) {
        use wasm_bindgen::JsCast;
        let _ = self
            .target
            .remove_event_listener_with_callback(self.kind, self.callback.as_ref().unchecked_ref());
    }
}
