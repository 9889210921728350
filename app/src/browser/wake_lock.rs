//! Keeping the screen on during a call (Screen Wake Lock API), where the browser has it.

#[cfg(feature = "hydrate")]
use std::{cell::RefCell, rc::Rc};

/// Keeps the screen on while a call is up. The browser drops the lock when the page is hidden;
/// [`acquire`](Self::acquire) again when it is visible. Clones share the lock. Does nothing on the
/// server.
#[derive(Clone, Default)]
pub struct ScreenWakeLock {
    #[cfg(feature = "hydrate")]
    inner: Rc<RefCell<WakeLockState>>,
}

#[cfg(feature = "hydrate")]
#[derive(Default)]
struct WakeLockState {
    wanted: bool,
    requesting: bool,
    sentinel: Option<wasm_bindgen::JsValue>,
}

impl ScreenWakeLock {
    /// Asks for the lock unless it is held or on its way. Only a visible page may hold one.
    pub fn acquire(&self) {
        #[cfg(feature = "hydrate")]
        {
            use js_sys::Reflect;
            use leptos::task::spawn_local;

            use super::reflect::{call, navigator, property, settle, settle_later};
            use super::visibility::page_visible;

            let mut state = self.inner.borrow_mut();
            state.wanted = true;
            let held = state.sentinel.as_ref().is_some_and(|s| {
                !Reflect::get(s, &"released".into())
                    .ok()
                    .and_then(|r| r.as_bool())
                    .unwrap_or(false)
            });
            if held || state.requesting || !page_visible() {
                return;
            }
            let Some(wake_lock) = navigator().and_then(|n| property(&n, "wakeLock")) else {
                return;
            };
            state.requesting = true;
            drop(state);
            let inner = Rc::clone(&self.inner);
            spawn_local(async move {
                let sentinel = settle(call(&wake_lock, "request", &[&"screen".into()])).await;
                let mut state = inner.borrow_mut();
                state.requesting = false;
                match sentinel {
                    Some(sentinel) if state.wanted => state.sentinel = Some(sentinel),
                    // The call ended while the browser was deciding.
                    Some(sentinel) => settle_later(call(&sentinel, "release", &[])),
                    None => {}
                }
            });
        }
    }

    /// Lets the screen sleep again.
    pub fn release(&self) {
        #[cfg(feature = "hydrate")]
        {
            use super::reflect::{call, settle_later};
            let sentinel = {
                let mut state = self.inner.borrow_mut();
                state.wanted = false;
                state.sentinel.take()
            };
            if let Some(sentinel) = sentinel {
                settle_later(call(&sentinel, "release", &[]));
            }
        }
    }
}
