//! The call on `navigator.mediaSession`: its title in the OS's media controls, and the headset's
//! and OS's hang-up and microphone keys.

use wasm_bindgen::{JsValue, prelude::Closure};

/// The call's handlers on `navigator.mediaSession`. Dropping it clears them and the metadata.
#[must_use = "the handlers are cleared as soon as this is dropped"]
pub struct CallMediaSession {
    session: JsValue,
    actions: Vec<&'static str>,
    _handlers: Vec<Closure<dyn FnMut()>>,
}

impl CallMediaSession {
    /// Shows `who` as what is playing (over `artist`, e.g. "Softphone call") and routes the headset's / OS's hang-up and microphone keys
    /// to `on_hang_up` and `on_toggle_microphone`. `None` without the Media Session API, and
    /// always on the server.
    pub fn new(
        who: &str,
        artist: &str,
        on_hang_up: impl Fn() + 'static,
        on_toggle_microphone: impl Fn() + 'static,
    ) -> Option<Self> {
        #[cfg(feature = "hydrate")]
        {
            use js_sys::{Array, Function, Object, Reflect};
            use wasm_bindgen::JsCast;

            use super::reflect::{call, navigator, property, set};

            let session = property(&navigator()?, "mediaSession")?;
            if let Some(class) = property(&js_sys::global(), "MediaMetadata")
                .and_then(|c| c.dyn_into::<Function>().ok())
            {
                let init = Object::new();
                set(&init, "title", &who.into());
                set(&init, "artist", &artist.into());
                if let Ok(metadata) = Reflect::construct(&class, &Array::of1(&init)) {
                    let _ = Reflect::set(&session, &"metadata".into(), &metadata);
                }
            }
            let wanted = [
                ("hangup", Closure::<dyn FnMut()>::new(on_hang_up)),
                (
                    "togglemicrophone",
                    Closure::<dyn FnMut()>::new(on_toggle_microphone),
                ),
            ];
            let mut actions = Vec::new();
            let mut handlers = Vec::new();
            for (action, handler) in wanted {
                // A browser that doesn't know the action throws a TypeError: that key just isn't ours.
                if call(
                    &session,
                    "setActionHandler",
                    &[&action.into(), handler.as_ref()],
                )
                .is_ok()
                {
                    actions.push(action);
                    handlers.push(handler);
                }
            }
            Some(Self {
                session,
                actions,
                _handlers: handlers,
            })
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (who, artist, on_hang_up, on_toggle_microphone);
            None
        }
    }

    /// Tells the OS whether our microphone is live (its mute indicator, the headset's light).
    pub fn set_microphone_active(&self, active: bool) {
        #[cfg(feature = "hydrate")]
        super::reflect::settle_later(super::reflect::call(
            &self.session,
            "setMicrophoneActive",
            &[&active.into()],
        ));
        #[cfg(not(feature = "hydrate"))]
        let _ = active;
    }
}

impl Drop for CallMediaSession {
    fn drop(&mut self) {
        use js_sys::{Function, Reflect};
        use wasm_bindgen::JsCast;
        if let Ok(set_action_handler) = Reflect::get(&self.session, &"setActionHandler".into())
            .and_then(JsCast::dyn_into::<Function>)
        {
            for action in &self.actions {
                let _ = set_action_handler.call2(&self.session, &(*action).into(), &JsValue::NULL);
            }
        }
        let _ = Reflect::set(&self.session, &"metadata".into(), &JsValue::NULL);
    }
}
