//! `AppBadge`: what the installed app's icon counts: missed calls not yet seen plus voicemail not
//! yet heard.

use leptos::prelude::*;

use crate::browser::show_badge;

/// The two counts behind the badge: missed calls (from the recent calls, and from the phone
/// when a call rings out while nobody looks), and unheard messages (from the voicemail box).
/// Provided by the phone page before its phone; the lists and the phone find it in context (a
/// show's console has none: its phone badges missed calls alone).
#[derive(Clone, Copy)]
pub struct AppBadge {
    missed: RwSignal<u32>,
    unheard: RwSignal<u32>,
}

impl AppBadge {
    /// Makes the badge for this page and puts it in context; each change of either count shows
    /// their sum on the icon. Missed calls drop to 0 once the user looks at the page (they are
    /// seen); unheard messages stay until played or deleted, as a phone's voicemail badge does.
    pub fn provide() -> Self {
        let badge = Self {
            missed: RwSignal::new(0),
            unheard: RwSignal::new(0),
        };
        Effect::new(move |_| show_badge(badge.missed.get() + badge.unheard.get()));
        provide_context(badge);
        badge
    }

    /// Missed calls not yet seen, from the recent calls.
    pub fn set_missed(self, count: u32) {
        self.missed.try_set(count);
    }

    /// Messages not yet heard, from the voicemail box.
    pub fn set_unheard(self, count: u32) {
        self.unheard.try_set(count);
    }
}
