//! An `EventSource` (Server-Sent Events) that closes when dropped.

use wasm_bindgen::prelude::Closure;

/// What an [`EventSource`] reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SseMessage {
    /// The stream is open (again).
    Open,
    /// A named event and its data.
    Event {
        /// The `event:` name.
        name: &'static str,
        /// The `data:` text.
        data: String,
    },
    /// The stream broke. `closed`: the browser gave up (the server refused it, e.g. 401/404);
    /// otherwise it is reconnecting by itself.
    Error {
        /// The browser will not retry.
        closed: bool,
    },
}

/// A live `EventSource`. Dropping it closes the connection.
#[must_use = "the stream closes as soon as this is dropped"]
pub struct EventSource {
    #[cfg(feature = "hydrate")]
    source: web_sys::EventSource,
    _listeners: Vec<Closure<dyn FnMut(web_sys::Event)>>,
}

impl EventSource {
    /// Opens `url` (same origin, with cookies) and calls `on_message` for `open`, `error` and each
    /// event named in `events`. `None` without the API, and always on the server.
    pub fn open(
        url: &str,
        events: &[&'static str],
        on_message: impl Fn(SseMessage) + 'static,
    ) -> Option<Self> {
        #[cfg(feature = "hydrate")]
        {
            use std::rc::Rc;
            use wasm_bindgen::JsCast;
            let source = web_sys::EventSource::new(url).ok()?;
            let on_message = Rc::new(on_message);
            let mut listeners = Vec::new();
            let mut listen = |kind: &str, callback: Closure<dyn FnMut(web_sys::Event)>| {
                source
                    .add_event_listener_with_callback(kind, callback.as_ref().unchecked_ref())
                    .ok();
                listeners.push(callback);
            };
            let on = on_message.clone();
            listen(
                "open",
                Closure::new(move |_: web_sys::Event| on(SseMessage::Open)),
            );
            let on = on_message.clone();
            let watched = source.clone();
            listen(
                "error",
                Closure::new(move |_: web_sys::Event| {
                    on(SseMessage::Error {
                        closed: watched.ready_state() == web_sys::EventSource::CLOSED,
                    })
                }),
            );
            for &name in events {
                let on = on_message.clone();
                listen(
                    name,
                    Closure::new(move |ev: web_sys::Event| {
                        if let Some(data) = ev
                            .dyn_ref::<web_sys::MessageEvent>()
                            .and_then(|m| m.data().as_string())
                        {
                            on(SseMessage::Event { name, data });
                        }
                    }),
                );
            }
            Some(Self {
                source,
                _listeners: listeners,
            })
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (url, events, on_message);
            None
        }
    }
}

impl Drop for EventSource {
    fn drop(&mut self) {
        #[cfg(feature = "hydrate")]
        self.source.close();
    }
}
