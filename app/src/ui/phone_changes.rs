//! `follow_phone_changes`: the server's word that the signed-in user's calls or voicemail
//! changed (`GET /api/phone/events`), for the lists that show them.

use leptos::prelude::*;

use crate::browser::{EventSource, SseMessage};

/// The stream's path (server/src/routes/phone_events.rs).
const PHONE_EVENTS_URL: &str = "/api/phone/events";

/// A number that changes each time the server says this user's calls or voicemail changed, and
/// each time the stream reconnects after a break (changes may have been missed meanwhile); not
/// when it first opens, as the lists have just been read. `refused` runs when the server refuses
/// the stream for good (no session any more: signed out elsewhere, or the user removed). Call it
/// once per page, in a component: the stream lives on the page's thread and closes with it.
pub fn follow_phone_changes(refused: Callback<()>) -> Signal<u32> {
    let changes = RwSignal::new(0u32);
    // In an effect: only the browser opens the stream.
    Effect::new(move |_| {
        let opened_before = std::rc::Rc::new(std::cell::Cell::new(false));
        let source = EventSource::open(PHONE_EVENTS_URL, &["changed"], move |message| {
            let bump = match message {
                SseMessage::Open => opened_before.replace(true),
                SseMessage::Event { .. } => true,
                SseMessage::Error { closed } => {
                    if closed {
                        refused.run(());
                    }
                    false
                }
            };
            if bump {
                changes.try_update(|n| *n = n.wrapping_add(1));
            }
        });
        let source = StoredValue::new_local(source);
        on_cleanup(move || source.update_value(|s| drop(s.take())));
    });
    changes.into()
}
