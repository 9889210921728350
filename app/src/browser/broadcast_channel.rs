//! A `BroadcastChannel` between the tabs of this origin that closes when dropped.

use wasm_bindgen::prelude::Closure;
use web_sys::MessageEvent;

/// A named channel to the other tabs of this origin. Dropping it stops listening and closes it.
#[must_use = "the channel closes as soon as this is dropped"]
pub struct BroadcastChannel {
    channel: web_sys::BroadcastChannel,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

impl BroadcastChannel {
    /// Joins the channel `name` and calls `on_message` with every text another tab posts on it.
    /// `None` without the API, and always on the server.
    pub fn open(name: &str, on_message: impl Fn(String) + 'static) -> Option<Self> {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let channel = web_sys::BroadcastChannel::new(name).ok()?;
            let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
                if let Some(text) = ev.data().as_string() {
                    on_message(text);
                }
            });
            channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            Some(Self {
                channel,
                _on_message: on_message,
            })
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (name, on_message);
            None
        }
    }

    /// Sends `text` to the other tabs on this channel (never to this one).
    pub fn post(&self, text: &str) {
        // Only fails once closed, which a live value never is.
        let _ = self.channel.post_message(&text.into());
    }
}

impl Drop for BroadcastChannel {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}
