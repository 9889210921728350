//! Keeping the device able to receive calls: our own token timer, an immediate refresh when the
//! SDK or the gateway says the token is expiring, and registering again when the registration
//! may have been lost (docs/sdk-field-notes.md §1 and §3).

use leptos::{prelude::*, task::spawn_local};

use crate::browser::now_seconds;
use crate::live_phone::core::LivePhone;
use crate::phone::{PhoneEvent, RefreshPlan, plan_token_refresh};
use crate::server_fns::access_token;
use crate::twilio::sleep;

impl LivePhone {
    /// After a freeze, sleep or network loss the registration may be gone without an event
    /// (twilio-voice.js#444): register again if the SDK says we are not registered.
    pub(super) fn reregister(self, why: &'static str) {
        let Some(device) = self.device() else { return };
        if device.is_registered() || device.is_busy() {
            return;
        }
        self.record("device", format!("registering again: {why}"));
        spawn_local(async move {
            if let Err(e) = device.register().await {
                self.record("error", e.plain_words());
                self.apply(PhoneEvent::DeviceFailed(e));
            }
        });
    }

    /// Our own token timer (the SDK's `tokenWillExpire` fires only once: twilio-voice.js#93).
    /// Ends when the device of `generation` is replaced.
    pub(super) async fn refresh_tokens(self, generation: u32) {
        loop {
            let Some(Some((received, expires))) = self.live.try_with_value(|l| {
                (l.generation == generation)
                    .then_some(l.token_window)
                    .flatten()
            }) else {
                return;
            };
            let busy = self.state.with_untracked(|s| s.is_busy());
            match plan_token_refresh(now_seconds(), received, expires, busy) {
                // Wake at least once a minute: timers in background tabs drift.
                RefreshPlan::WaitSeconds(s) => sleep((s.min(60) * 1000) as u32).await,
                RefreshPlan::Now => {
                    if !self.refresh_token_now(generation).await {
                        sleep(10_000).await;
                    }
                }
            }
        }
    }

    /// Fetches a token and hands it to the device of `generation`. `false` when that failed
    /// (try again later); `true` when it worked or that device is gone.
    pub(super) async fn refresh_token_now(self, generation: u32) -> bool {
        let token = match access_token().await {
            Ok(token) => token,
            Err(e) => {
                self.record("error", format!("token refresh failed: {e}"));
                return false;
            }
        };
        let Some(device) = self
            .live
            .try_with_value(|l| {
                (l.generation == generation)
                    .then(|| l.device.clone())
                    .flatten()
            })
            .flatten()
        else {
            return true;
        };
        match device.update_token(&token.token) {
            Ok(()) => {
                self.live
                    .update_value(|l| l.token_window = Some((now_seconds(), token.expires_at)));
                self.record(
                    "token",
                    format!("refreshed; now valid until {}", token.expires_at),
                );
                true
            }
            Err(e) => {
                self.record("error", format!("token refresh: {}", e.plain_words()));
                false
            }
        }
    }
}
