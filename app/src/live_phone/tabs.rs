//! Cross-tab leadership: only the last tab of a user that went online rings. A tab going online
//! tells the others on a `BroadcastChannel`, and they stop ringing (docs/sdk-field-notes.md §8).

use leptos::prelude::*;

use crate::browser::BroadcastChannel;
use crate::live_phone::core::LivePhone;
use crate::phone::PhoneEvent;

/// The message a tab going online posts to the others.
const CLAIM: &str = "device-online";

impl LivePhone {
    /// Joins the channel of `identity`'s tabs: a claim from another tab hands the calls over.
    pub(super) fn open_cross_tab(self, identity: &str) {
        let channel = BroadcastChannel::open(&format!("softphone:{identity}"), move |text| {
            if text == CLAIM {
                self.taken_over();
            }
        });
        self.tabs.set_value(channel);
    }

    /// Leaves the channel.
    pub(super) fn close_cross_tab(self) {
        drop(self.tabs.try_update_value(Option::take));
    }

    /// Tells this user's other tabs to stop ringing: this one takes over.
    pub(super) fn claim_calls(self) {
        self.tabs.with_value(|tabs| {
            if let Some(tabs) = tabs {
                tabs.post(CLAIM);
            }
        });
    }

    fn taken_over(self) {
        if self.state.with_untracked(|s| s.is_busy()) {
            // Never drop a live call; the other tab rings once this call ends and it re-registers.
            self.record("device", "another tab went online; keeping this call");
            return;
        }
        if self.device().is_some() {
            self.record("device", "another tab went online: this one stops ringing");
            self.tear_down();
            self.apply(PhoneEvent::TakenOverByAnotherTab);
        }
    }
}
