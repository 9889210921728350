//! Keeping the device able to receive calls: our own token timer, an immediate refresh when the
//! SDK or the gateway says the token is expiring, registering again when the registration may
//! have been lost (docs/sdk-field-notes.md §1 and §3), and the network going and coming back.
//! Every loop here waits between attempts, longer each time, and ends with its device.

use leptos::{prelude::*, task::spawn_local};

use crate::browser::{monotonic_ms, now_ms};
use crate::error::AppError;
use crate::live_phone::core::LivePhone;
use crate::phone::{Backoff, PhoneEvent, RefreshPlan, TokenLifetime};
use crate::server_fns::access_token;
use crate::twilio::sleep;

/// The least time between two refreshes, whatever the plan says (a token too short to plan
/// with must not turn the timer into a busy loop).
const MIN_MS_BETWEEN_REFRESHES: u32 = 10_000;
/// Checks after the network comes back, before leaving it to the SDK.
const BACK_ONLINE_CHECKS: u32 = 5;

/// What a refresh attempt came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Refresh {
    /// The device has the new token (or is gone: nothing to do).
    Done,
    /// It failed; try again later.
    Retry,
    /// 401: the session is over and the phone stopped.
    SignedOut,
}

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
                self.record("error", format!("register: {}", e.log_line()));
                self.apply(PhoneEvent::DeviceFailed(e));
            }
        });
    }

    /// The browser's `offline` event: say so at once (the SDK notices ~20 s later).
    pub(super) fn network_lost(self) {
        if self.device().is_none() {
            return;
        }
        self.record("device", "browser went offline");
        self.apply(PhoneEvent::NetworkLost);
    }

    /// The browser's `online` event: registered still (the socket survived) means Ready again;
    /// otherwise register again, checking a few times with growing delays.
    pub(super) fn network_back(self) {
        let Some(device) = self.device() else { return };
        self.record("device", "browser back online");
        let generation = self.generation();
        spawn_local(async move {
            let mut backoff = Backoff::new(1_000, 16_000);
            for _ in 0..BACK_ONLINE_CHECKS {
                if self.generation() != generation {
                    return;
                }
                if device.is_registered() {
                    self.apply(PhoneEvent::Registered);
                    return;
                }
                self.reregister("back online");
                sleep(backoff.next_delay_ms()).await;
            }
        });
    }

    /// Logs a token's lifetime and when it will be renewed.
    pub(super) fn record_token(self, identity: &str, token: TokenLifetime) {
        let plan = match token.plan(monotonic_ms(), now_ms(), false) {
            RefreshPlan::Now => "now".to_owned(),
            RefreshPlan::WaitSeconds(s) => format!("in {s} s"),
        };
        self.record(
            "token",
            format!(
                "access token for {identity}, valid {} s; next refresh {plan}",
                token.lifetime_seconds
            ),
        );
    }

    /// Our own token timer (the SDK's `tokenWillExpire` fires only once: twilio-voice.js#93).
    /// Ends when the device of `generation` is replaced, or the session is gone.
    pub(super) async fn refresh_tokens(self, generation: u32) {
        let mut backoff = Backoff::new(2_000, 60_000);
        loop {
            let Some(Some(token)) = self
                .live
                .try_with_value(|l| (l.generation == generation).then_some(l.token).flatten())
            else {
                return;
            };
            let Some(busy) = self.state.try_with_untracked(|s| s.is_busy()) else {
                return;
            };
            match token.plan(monotonic_ms(), now_ms(), busy) {
                // Wake at least once a minute: timers in background tabs drift.
                RefreshPlan::WaitSeconds(s) => sleep((s.min(60) * 1000) as u32).await,
                RefreshPlan::Now => match self.refresh_token_now(generation).await {
                    Refresh::Done => {
                        backoff.reset();
                        sleep(MIN_MS_BETWEEN_REFRESHES).await;
                    }
                    Refresh::Retry => sleep(backoff.next_delay_ms()).await,
                    Refresh::SignedOut => return,
                },
            }
        }
    }

    /// Fetches a token and hands it to the device of `generation`.
    pub(super) async fn refresh_token_now(self, generation: u32) -> Refresh {
        let token = match access_token().await {
            Ok(token) => token,
            Err(AppError::Unauthenticated) => {
                self.record("error", "token refresh: 401, the session is over");
                if self.generation() == generation {
                    self.signed_out();
                }
                return Refresh::SignedOut;
            }
            Err(e) => {
                self.record("error", format!("token refresh failed: {e:?}"));
                return Refresh::Retry;
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
            return Refresh::Done;
        };
        match device.update_token(&token.token) {
            Ok(()) => {
                let lifetime = TokenLifetime::of_jwt(&token.token, monotonic_ms(), now_ms());
                self.live.update_value(|l| l.token = Some(lifetime));
                self.record_token(&token.identity, lifetime);
                Refresh::Done
            }
            Err(e) => {
                self.record("error", format!("token refresh: {}", e.log_line()));
                Refresh::Retry
            }
        }
    }
}
