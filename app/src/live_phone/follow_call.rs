//! The operating system follows the call, each part only where the browser has it: the headset's
//! and OS's hang-up and microphone keys (Media Session, with the caller as the title), the screen
//! kept on during a call (Wake Lock), and the missed-call count on the app icon (Badging API),
//! cleared when the user looks at the page again.

use leptos::prelude::*;

use crate::browser::{
    CallMediaSession, EventListener, ScreenWakeLock, page_looked_at, page_visible, show_badge,
};
use crate::i18n::td_string;
use crate::live_phone::core::LivePhone;
use crate::phone::{CallState, MissedCalls};

/// What the OS's keys do: the phone's own hang-up and mute.
#[derive(Clone, Copy)]
pub(super) struct CallControls {
    pub(super) hang_up: Callback<()>,
    pub(super) toggle_mute: Callback<()>,
}

impl LivePhone {
    /// Keeps the Media Session and the wake lock in step with the call, and clears the missed-call
    /// badge whenever the page is looked at. [`count_missed_call`](Self::count_missed_call) adds
    /// to it.
    pub(super) fn follow_call(self, controls: CallControls) {
        let state = self.state;
        let missed = self.missed;
        let media = StoredValue::new_local(None::<(String, CallMediaSession)>);
        let wake_lock = StoredValue::new_local(ScreenWakeLock::default());

        // Only who and mute matter here, not every change of device status or call phase.
        let active = Memo::new(move |_| {
            state.with(|s| match s.call() {
                CallState::Active(call) => Some((call.who.clone(), call.muted)),
                _ => None,
            })
        });
        Effect::new(move |_| match active.get() {
            Some((who, muted)) => {
                let same = media.with_value(|m| m.as_ref().is_some_and(|(w, _)| *w == who));
                if !same {
                    let artist = td_string!(self.locale(), phone.softphone_call);
                    let session = CallMediaSession::new(
                        &who,
                        artist,
                        move || controls.hang_up.run(()),
                        move || controls.toggle_mute.run(()),
                    );
                    // The old session (if any) is dropped first, clearing its handlers.
                    media.set_value(None);
                    media.set_value(session.map(|s| (who, s)));
                }
                media.with_value(|m| {
                    if let Some((_, session)) = m {
                        session.set_microphone_active(!muted);
                    }
                });
                wake_lock.with_value(ScreenWakeLock::acquire);
            }
            None => {
                media.set_value(None);
                wake_lock.with_value(ScreenWakeLock::release);
            }
        });

        let seen = move || {
            if page_visible() && missed.try_update_value(MissedCalls::seen) == Some(true) {
                self.badge_missed(0);
            }
        };
        Effect::new(move |_| {
            // Opening the page clears whatever an earlier session left on the icon (but the
            // voicemail still unheard, which the page's badge adds back once read).
            if page_visible() {
                self.badge_missed(0);
            }
            let listeners = StoredValue::new_local(
                [
                    EventListener::on_window("visibilitychange", move |_| {
                        if !page_visible() {
                            return;
                        }
                        seen();
                        if state.with_untracked(|s| matches!(s.call(), CallState::Active(_))) {
                            wake_lock.with_value(ScreenWakeLock::acquire);
                        }
                    }),
                    EventListener::on_window("focus", move |_| seen()),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>(),
            );
            on_cleanup(move || {
                listeners.try_set_value(Vec::new());
                media.try_set_value(None);
                if let Some(lock) = wake_lock.try_get_value() {
                    lock.release();
                }
            });
        });
    }

    /// Counts a call that stopped ringing unanswered, onto the badge, unless the user is looking
    /// at the page (visible and focused): then the notice tells them, and nothing waits on the icon.
    pub(super) fn count_missed_call(self) {
        if page_looked_at() {
            return;
        }
        if let Some(count) = self.missed.try_update_value(|m| m.missed()) {
            self.badge_missed(count);
        }
    }

    /// Missed calls onto the page's badge (which adds unheard voicemail), or straight onto the
    /// icon on a page without one.
    fn badge_missed(self, count: u32) {
        match self.badge {
            Some(badge) => badge.set_missed(count),
            None => show_badge(count),
        }
    }
}
