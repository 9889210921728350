//! Cross-tab coordination on a `BroadcastChannel` per user: only the last tab that went online
//! rings (docs/sdk-field-notes.md §8), a tab busy in a call hands over as soon as the call ends,
//! and signing out in one tab stops the phone in all of them.

use leptos::{prelude::*, task::spawn_local};

use crate::browser::BroadcastChannel;
use crate::live_phone::core::LivePhone;
use crate::phone::{Backoff, DeviceStatus, PhoneEvent};
use crate::server_fns::whoami;
use crate::twilio::sleep;

/// The message a tab going online posts to the others.
const CLAIM: &str = "device-online";
/// The message a tab posts when its user presses "Sign out".
const SIGNING_OUT: &str = "signing-out";
/// How often another tab checks that the session really ended after [`SIGNING_OUT`].
const SIGN_OUT_CHECKS: u32 = 6;

impl LivePhone {
    /// Joins the channel of `identity`'s tabs.
    pub(super) fn open_cross_tab(self, identity: &str) {
        let channel = BroadcastChannel::open(&format!("softphone:{identity}"), move |text| {
            match text.as_str() {
                CLAIM => self.taken_over(),
                SIGNING_OUT => self.another_tab_signs_out(),
                _ => {}
            }
        });
        self.tabs.set_value(channel);
    }

    /// Leaves the channel.
    pub(super) fn close_cross_tab(self) {
        drop(self.tabs.try_update_value(Option::take));
    }

    fn post(self, message: &str) {
        self.tabs.with_value(|tabs| {
            if let Some(tabs) = tabs {
                tabs.post(message);
            }
        });
    }

    /// Tells this user's other tabs to stop ringing: this one takes over.
    pub(super) fn claim_calls(self) {
        self.post(CLAIM);
    }

    /// "Sign out" pressed here: this tab's device stops now (it is leaving), and the other tabs
    /// are told, so they stop theirs once the session is really gone.
    pub(super) fn signing_out(self) {
        self.record("user", "sign out");
        self.post(SIGNING_OUT);
        self.tear_down();
        self.apply(PhoneEvent::SignedOut);
    }

    /// Stops the phone if the server no longer knows this session (signed out on another
    /// device, the user removed by an administrator); nothing otherwise.
    pub(super) fn check_session(self) {
        spawn_local(async move {
            if let Ok(None) = whoami().await {
                self.signed_out();
            }
        });
    }

    /// Another tab is signing out: check (a few times, waiting longer each time, as the sign-out
    /// request may still be on its way) that the session is gone, then stop.
    fn another_tab_signs_out(self) {
        self.record("device", "another tab is signing out");
        spawn_local(async move {
            let mut backoff = Backoff::new(300, 4_000);
            for _ in 0..SIGN_OUT_CHECKS {
                sleep(backoff.next_delay_ms()).await;
                let Some(signed_out) = self
                    .state
                    .try_with_untracked(|s| *s.device() == DeviceStatus::SignedOut)
                else {
                    return;
                };
                if signed_out {
                    return;
                }
                if let Ok(None) = whoami().await {
                    self.signed_out();
                    return;
                }
            }
            self.record("device", "the session is still valid: staying signed in");
        });
    }

    fn taken_over(self) {
        if self.state.with_untracked(|s| s.is_busy()) {
            // Never drop a live call: this tab hands over as soon as it ends (`end_call`).
            self.record(
                "device",
                "another tab went online; keeping this call, then handing over",
            );
            self.live.update_value(|l| l.stand_down_after_call = true);
            return;
        }
        if self.device().is_some() {
            self.record("device", "another tab went online: this one stops ringing");
            self.tear_down();
            self.apply(PhoneEvent::TakenOverByAnotherTab);
        }
    }
}
