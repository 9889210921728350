//! Where focus goes when a page appears after a client-side route change.

use std::sync::atomic::{AtomicBool, Ordering};

use leptos::{html::H1, prelude::*};

/// Set once the first page (the one the browser loaded) has appeared.
static FIRST_PAGE_SHOWN: AtomicBool = AtomicBool::new(false);

/// Focuses `heading` (give it `tabindex="-1"`) when its page appears after a route change, such
/// as sign-in → phone or sign-out → login, so a keyboard or screen reader user starts at the top
/// of the new page instead of on a button that no longer exists. The page the browser loaded
/// keeps its own focus (the login form's autofocus). Effects run only in the browser.
pub fn focus_on_arrival(heading: NodeRef<H1>) {
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let Some(h1) = heading.get() else {
            return false;
        };
        if FIRST_PAGE_SHOWN.swap(true, Ordering::Relaxed) {
            // After this frame: a page under <Suspense> is built before it is in the document.
            request_animation_frame(move || {
                let _ = h1.focus();
            });
        }
        true
    });
}
