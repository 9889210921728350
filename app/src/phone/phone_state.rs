//! The phone's state machine: device status plus the current call, changed only by events that
//! make sense in the current state.

use crate::i18n::Locale;
use crate::phone::{
    CallEnd, CallPhase, CallState, CallView, DeviceStatus, MicrophoneProblem, PhoneEvent,
};

/// Device status and call. Fields are private: the only way to change them is [`PhoneState::apply`],
/// so an out-of-order SDK event (an answer without a call, a call while offline) cannot produce
/// a state the UI has no picture for.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct PhoneState {
    device: DeviceStatus,
    call: CallState,
    /// The last microphone check failed this way (until one succeeds).
    microphone: Option<MicrophoneProblem>,
    /// How the last call ended, until the next one starts.
    last_end: Option<CallEnd>,
    /// The language of the words the state keeps (a failed device's reason).
    locale: Locale,
}

/// Whether an event changed the state; `Ignored` events are logged but otherwise dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applied {
    /// The state changed.
    Changed,
    /// The event made no sense in this state and was ignored.
    Ignored,
}

impl PhoneState {
    /// Offline, no call.
    pub fn new() -> Self {
        Self::default()
    }

    /// Says the words the state keeps from now on (a failed device's reason) in `locale`.
    pub fn set_locale(&mut self, locale: Locale) {
        self.locale = locale;
    }

    /// The device's status.
    pub fn device(&self) -> &DeviceStatus {
        &self.device
    }

    /// The current call.
    pub fn call(&self) -> &CallState {
        &self.call
    }

    /// How the last call ended (until the next one starts).
    pub fn last_end(&self) -> Option<&CallEnd> {
        self.last_end.as_ref()
    }

    /// Whether a call is ringing in or in progress.
    pub fn is_busy(&self) -> bool {
        self.call != CallState::Idle
    }

    /// Whether a call may be placed now.
    pub fn can_dial(&self) -> bool {
        self.device == DeviceStatus::Ready && !self.is_busy()
    }

    /// The status a registered device shows: `Ready` only with a working microphone.
    fn registered(&self) -> DeviceStatus {
        match &self.microphone {
            Some(problem) => DeviceStatus::Microphone(problem.clone()),
            None => DeviceStatus::Ready,
        }
    }

    /// Applies `event` if it is legal here; otherwise leaves everything as it was.
    pub fn apply(&mut self, event: PhoneEvent) -> Applied {
        use DeviceStatus as D;
        use PhoneEvent as E;
        match &event {
            E::MicrophoneFailed(problem) => {
                let changed = self.microphone.as_ref() != Some(problem);
                self.microphone = Some(problem.clone());
                if self.device.is_registered() {
                    self.device = self.registered();
                }
                return if changed {
                    Applied::Changed
                } else {
                    Applied::Ignored
                };
            }
            E::MicrophoneWorks => {
                let changed = self.microphone.take().is_some();
                if self.device.is_registered() {
                    self.device = self.registered();
                }
                return if changed {
                    Applied::Changed
                } else {
                    Applied::Ignored
                };
            }
            _ => {}
        }
        let next_device = match (&self.device, &event) {
            (d, E::GoingOnline) if d.can_go_online() => Some(D::Connecting),
            (
                D::Connecting | D::Ready | D::Microphone(_) | D::Failed(_) | D::Unreachable,
                E::Registered,
            ) => Some(self.registered()).filter(|d| *d != self.device),
            // Not registered means not reachable: never keep showing Ready.
            (D::Ready | D::Microphone(_), E::Unregistered) => Some(D::Connecting),
            (
                D::Connecting | D::Ready | D::Microphone(_) | D::Failed(_) | D::Unreachable,
                E::DeviceFailed(e),
            ) if e.is_connectivity() => Some(D::Unreachable).filter(|d| *d != self.device),
            (
                D::Connecting | D::Ready | D::Microphone(_) | D::Failed(_) | D::Unreachable,
                E::DeviceFailed(e),
            ) => Some(D::Failed(e.words(self.locale))),
            (D::Connecting | D::Ready | D::Microphone(_) | D::Failed(_), E::NetworkLost) => {
                Some(D::Unreachable)
            }
            (D::Offline | D::SignedOut, E::TakenOverByAnotherTab) => None,
            (_, E::TakenOverByAnotherTab) => Some(D::InAnotherTab),
            (D::Offline, E::WentOffline) => None,
            (_, E::WentOffline) => Some(D::Offline),
            (D::SignedOut, E::SignedOut) => None,
            (_, E::SignedOut) => Some(D::SignedOut),
            _ => None,
        };
        if let Some(device) = next_device {
            self.device = device;
            // Without a device there is no call either (destroy() ends it).
            if matches!(self.device, D::Offline | D::InAnotherTab | D::SignedOut) {
                self.call = CallState::Idle;
            }
            return Applied::Changed;
        }
        self.apply_to_call(event)
    }

    fn apply_to_call(&mut self, event: PhoneEvent) -> Applied {
        use CallPhase as P;
        use DeviceStatus as D;
        use PhoneEvent as E;
        let next_call = match (&self.call, event) {
            (CallState::Idle, E::Dialled { who }) if self.device == D::Ready => {
                self.last_end = None;
                Some(CallState::Active(CallView::new(who, true)))
            }
            (CallState::Idle, E::IncomingRang(incoming))
                if self.device.is_registered()
                    || matches!(self.device, D::Failed(_) | D::Unreachable) =>
            {
                self.last_end = None;
                Some(CallState::Incoming(incoming))
            }
            (CallState::Incoming(incoming), E::Accepted) => Some(CallState::Active(CallView::new(
                incoming
                    .caller_name
                    .clone()
                    .unwrap_or_else(|| incoming.caller.clone()),
                false,
            ))),
            (CallState::Active(c), E::RemoteRinging) if c.phase == P::Connecting => {
                Some(CallState::Active(CallView {
                    phase: P::Ringing,
                    ..c.clone()
                }))
            }
            (CallState::Active(c), E::Answered { at_ms })
                if c.answered_at_ms.is_none() && c.phase != P::NotConnected =>
            {
                Some(CallState::Active(CallView {
                    phase: P::InCall,
                    answered_at_ms: Some(at_ms),
                    ..c.clone()
                }))
            }
            // On a call that rang here, what our server says is the whisper read to us before
            // the bridge (a show's caller card, to the host): the call goes on as it was.
            (CallState::Active(c), E::Announced(words)) if !c.outgoing => {
                Some(CallState::Active(CallView {
                    announcement: Some(words),
                    ..c.clone()
                }))
            }
            // On a call we placed, our server speaks only when it did not connect it: whatever
            // "answered" it to speak was not the far end, so no timer and no "In call".
            (CallState::Active(c), E::Announced(words)) => Some(CallState::Active(CallView {
                phase: P::NotConnected,
                answered_at_ms: None,
                announcement: Some(words),
                ..c.clone()
            })),
            (CallState::Active(c), E::HandedOver(to)) => Some(CallState::Active(CallView {
                handed_over_to: to,
                ..c.clone()
            })),
            (CallState::Active(c), E::CallFailed(e)) => Some(CallState::Active(CallView {
                error: Some(e),
                ..c.clone()
            })),
            (CallState::Active(c), E::Reconnecting)
                if !matches!(c.phase, P::Reconnecting | P::NotConnected) =>
            {
                Some(CallState::Active(CallView {
                    phase: P::Reconnecting,
                    ..c.clone()
                }))
            }
            (CallState::Active(c), E::Reconnected) if c.phase == P::Reconnecting => {
                let phase = if c.answered_at_ms.is_some() {
                    P::InCall
                } else {
                    P::Connecting
                };
                Some(CallState::Active(CallView { phase, ..c.clone() }))
            }
            (CallState::Active(c), E::MuteChanged(muted)) if c.muted != muted => {
                Some(CallState::Active(CallView { muted, ..c.clone() }))
            }
            (
                call @ (CallState::Incoming(_) | CallState::Active(_)),
                E::CallEnded { how, at_ms },
            ) => {
                self.last_end = CallEnd::classify(call, &how, at_ms);
                if let crate::phone::HowEnded::Microphone(problem) = how {
                    self.microphone = Some(problem);
                    if self.device.is_registered() {
                        self.device = self.registered();
                    }
                }
                Some(CallState::Idle)
            }
            _ => None,
        };
        match next_call {
            Some(call) => {
                self.call = call;
                Applied::Changed
            }
            None => Applied::Ignored,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phone::{CallEnd, HowEnded, IncomingView, MicrophoneProblem, TwilioError};

    fn ended() -> PhoneEvent {
        PhoneEvent::CallEnded {
            how: HowEnded::Remote,
            at_ms: 0.0,
        }
    }

    fn ready() -> PhoneState {
        let mut s = PhoneState::new();
        assert_eq!(s.apply(PhoneEvent::GoingOnline), Applied::Changed);
        assert_eq!(s.apply(PhoneEvent::Registered), Applied::Changed);
        s
    }

    fn bob_calls() -> PhoneEvent {
        PhoneEvent::IncomingRang(IncomingView {
            caller: "+44 20 7946 0002".into(),
            caller_name: Some("bob".into()),
        })
    }

    fn active(s: &PhoneState) -> &CallView {
        match s.call() {
            CallState::Active(c) => c,
            other => panic!("expected an active call, got {other:?}"),
        }
    }

    #[test]
    fn going_online_connects_then_registration_makes_it_ready() {
        let mut s = PhoneState::new();
        assert_eq!(s.device(), &DeviceStatus::Offline);
        s.apply(PhoneEvent::GoingOnline);
        assert_eq!(s.device(), &DeviceStatus::Connecting);
        s.apply(PhoneEvent::Registered);
        assert_eq!(s.device(), &DeviceStatus::Ready);
    }

    #[test]
    fn registration_without_going_online_is_ignored() {
        let mut s = PhoneState::new();
        assert_eq!(s.apply(PhoneEvent::Registered), Applied::Ignored);
        assert_eq!(s.device(), &DeviceStatus::Offline);
    }

    #[test]
    fn losing_registration_or_an_error_is_never_shown_as_ready() {
        let mut s = ready();
        s.apply(PhoneEvent::Unregistered);
        assert_eq!(s.device(), &DeviceStatus::Connecting);
        s.apply(PhoneEvent::Registered);
        s.apply(PhoneEvent::DeviceFailed(TwilioError::new(31005, "gone")));
        assert_eq!(s.device(), &DeviceStatus::Unreachable);
        assert!(!s.can_dial());
        s.apply(PhoneEvent::Registered);
        s.apply(PhoneEvent::DeviceFailed(TwilioError::new(
            20101,
            "bad token",
        )));
        assert!(matches!(s.device(), DeviceStatus::Failed(r) if !r.contains("20101")));
        assert!(!s.can_dial());
        s.apply(PhoneEvent::Registered);
        assert_eq!(s.device(), &DeviceStatus::Ready);
    }

    #[test]
    fn dialling_needs_a_ready_idle_phone() {
        let mut offline = PhoneState::new();
        let dial = || PhoneEvent::Dialled { who: "bob".into() };
        assert_eq!(offline.apply(dial()), Applied::Ignored);
        let mut s = ready();
        assert_eq!(s.apply(dial()), Applied::Changed);
        assert_eq!(s.apply(dial()), Applied::Ignored, "one call at a time");
    }

    #[test]
    fn an_outgoing_call_rings_is_answered_muted_and_ends() {
        let mut s = ready();
        s.apply(PhoneEvent::Dialled { who: "bob".into() });
        assert_eq!(active(&s).phase, CallPhase::Connecting);
        s.apply(PhoneEvent::RemoteRinging);
        assert_eq!(active(&s).phase, CallPhase::Ringing);
        s.apply(PhoneEvent::Answered { at_ms: 1000.0 });
        assert_eq!(active(&s).phase, CallPhase::InCall);
        assert_eq!(active(&s).answered_at_ms, Some(1000.0));
        assert_eq!(
            s.apply(PhoneEvent::Answered { at_ms: 9000.0 }),
            Applied::Ignored,
            "the timer starts once"
        );
        s.apply(PhoneEvent::MuteChanged(true));
        assert!(active(&s).muted);
        assert_eq!(s.apply(PhoneEvent::MuteChanged(true)), Applied::Ignored);
        s.apply(ended());
        assert_eq!(s.call(), &CallState::Idle);
        assert_eq!(s.device(), &DeviceStatus::Ready);
    }

    #[test]
    fn ringing_after_the_answer_is_ignored() {
        let mut s = ready();
        s.apply(PhoneEvent::Dialled { who: "bob".into() });
        s.apply(PhoneEvent::Answered { at_ms: 1.0 });
        assert_eq!(s.apply(PhoneEvent::RemoteRinging), Applied::Ignored);
        assert_eq!(active(&s).phase, CallPhase::InCall);
    }

    #[test]
    fn reconnecting_returns_to_the_phase_it_interrupted() {
        let mut s = ready();
        s.apply(PhoneEvent::Dialled { who: "bob".into() });
        s.apply(PhoneEvent::Answered { at_ms: 1.0 });
        s.apply(PhoneEvent::Reconnecting);
        assert_eq!(active(&s).phase, CallPhase::Reconnecting);
        s.apply(PhoneEvent::Reconnected);
        assert_eq!(active(&s).phase, CallPhase::InCall);
        assert_eq!(
            active(&s).answered_at_ms,
            Some(1.0),
            "the timer keeps running"
        );
        assert_eq!(s.apply(PhoneEvent::Reconnected), Applied::Ignored);
    }

    #[test]
    fn an_incoming_call_is_accepted_under_the_callers_name() {
        let mut s = ready();
        s.apply(bob_calls());
        assert!(matches!(s.call(), CallState::Incoming(_)));
        assert_eq!(s.apply(PhoneEvent::RemoteRinging), Applied::Ignored);
        assert_eq!(
            s.apply(PhoneEvent::Answered { at_ms: 1.0 }),
            Applied::Ignored,
            "answering needs our accept first"
        );
        s.apply(PhoneEvent::Accepted);
        assert_eq!(active(&s).who, "bob");
        s.apply(PhoneEvent::Answered { at_ms: 5.0 });
        assert_eq!(active(&s).phase, CallPhase::InCall);
    }

    #[test]
    fn a_second_incoming_call_does_not_replace_the_first() {
        let mut s = ready();
        s.apply(bob_calls());
        assert_eq!(s.apply(bob_calls()), Applied::Ignored);
        s.apply(ended());
        assert_eq!(s.call(), &CallState::Idle, "rejected or cancelled");
    }

    #[test]
    fn accepting_or_hanging_up_without_a_call_is_ignored() {
        let mut s = ready();
        assert_eq!(s.apply(PhoneEvent::Accepted), Applied::Ignored);
        assert_eq!(s.apply(ended()), Applied::Ignored);
        assert_eq!(s.apply(PhoneEvent::MuteChanged(true)), Applied::Ignored);
    }

    #[test]
    fn another_tab_taking_over_or_going_offline_ends_the_call_view() {
        let mut s = ready();
        s.apply(bob_calls());
        s.apply(PhoneEvent::TakenOverByAnotherTab);
        assert_eq!(s.device(), &DeviceStatus::InAnotherTab);
        assert_eq!(s.call(), &CallState::Idle);
        s.apply(PhoneEvent::GoingOnline);
        assert_eq!(s.device(), &DeviceStatus::Connecting);
        s.apply(PhoneEvent::WentOffline);
        assert_eq!(s.device(), &DeviceStatus::Offline);
        assert_eq!(s.apply(PhoneEvent::WentOffline), Applied::Ignored);
    }

    #[test]
    fn going_online_twice_is_ignored() {
        let mut s = ready();
        assert_eq!(s.apply(PhoneEvent::GoingOnline), Applied::Ignored);
        assert_eq!(s.device(), &DeviceStatus::Ready);
    }

    #[test]
    fn a_blocked_microphone_is_never_ready_and_recovers_when_it_works() {
        let mut s = PhoneState::new();
        s.apply(PhoneEvent::GoingOnline);
        s.apply(PhoneEvent::MicrophoneFailed(MicrophoneProblem::Blocked));
        assert_eq!(s.device(), &DeviceStatus::Connecting);
        s.apply(PhoneEvent::Registered);
        assert_eq!(
            s.device(),
            &DeviceStatus::Microphone(MicrophoneProblem::Blocked)
        );
        assert!(!s.can_dial());
        s.apply(bob_calls());
        assert!(
            matches!(s.call(), CallState::Incoming(_)),
            "calls still ring"
        );
        s.apply(PhoneEvent::CallEnded {
            how: HowEnded::Microphone(MicrophoneProblem::Blocked),
            at_ms: 0.0,
        });
        assert_eq!(s.call(), &CallState::Idle);
        assert!(matches!(
            s.last_end(),
            Some(CallEnd::Microphone {
                answering: true,
                ..
            })
        ));
        s.apply(PhoneEvent::MicrophoneWorks);
        assert_eq!(s.device(), &DeviceStatus::Ready);
    }

    #[test]
    fn a_failed_microphone_check_on_a_call_makes_a_ready_device_say_so() {
        let mut s = ready();
        s.apply(bob_calls());
        s.apply(PhoneEvent::Accepted);
        s.apply(PhoneEvent::CallEnded {
            how: HowEnded::Microphone(MicrophoneProblem::Blocked),
            at_ms: 0.0,
        });
        assert_eq!(
            s.device(),
            &DeviceStatus::Microphone(MicrophoneProblem::Blocked)
        );
    }

    #[test]
    fn a_whisper_on_a_call_that_rang_here_leaves_it_in_call() {
        // A show's host: the caller's card is read to them, then they talk, then the console
        // sends the caller back to hold.
        let mut s = ready();
        s.apply(bob_calls());
        s.apply(PhoneEvent::Accepted);
        s.apply(PhoneEvent::Answered { at_ms: 10.0 });
        s.apply(PhoneEvent::Announced("On air: Ann, from Leeds.".into()));
        assert_eq!(active(&s).phase, CallPhase::InCall);
        assert_eq!(active(&s).answered_at_ms, Some(10.0), "the timer runs");
        s.apply(PhoneEvent::CallEnded {
            how: HowEnded::Remote,
            at_ms: 9_010.0,
        });
        assert_eq!(
            s.last_end()
                .and_then(|e| e.words("bob", crate::i18n::Locale::en))
                .as_deref(),
            Some("Call ended · 00:09")
        );
    }

    #[test]
    fn what_the_server_says_stops_the_call_looking_answered() {
        let mut s = ready();
        s.apply(PhoneEvent::Dialled {
            who: "+44 20 7946 0958".into(),
        });
        s.apply(PhoneEvent::RemoteRinging);
        s.apply(PhoneEvent::Answered { at_ms: 10.0 });
        s.apply(PhoneEvent::Announced("There was no answer.".into()));
        assert_eq!(active(&s).phase, CallPhase::NotConnected);
        assert_eq!(active(&s).answered_at_ms, None, "no timer");
        assert_eq!(
            active(&s).status_text(crate::i18n::Locale::en),
            "There was no answer."
        );
        assert_eq!(
            s.apply(PhoneEvent::Answered { at_ms: 20.0 }),
            Applied::Ignored,
            "a late answer can't start the timer"
        );
        s.apply(PhoneEvent::CallEnded {
            how: HowEnded::Remote,
            at_ms: 1500.0,
        });
        assert_eq!(
            s.last_end()
                .and_then(|e| e.words("+44 20 7946 0958", crate::i18n::Locale::en)),
            Some("No answer".into())
        );
    }

    #[test]
    fn an_answered_call_ends_with_its_length_by_the_monotonic_clock() {
        let mut s = ready();
        s.apply(PhoneEvent::Dialled { who: "bob".into() });
        s.apply(PhoneEvent::Answered { at_ms: 500.0 });
        s.apply(PhoneEvent::CallEnded {
            how: HowEnded::HungUpByUs,
            at_ms: 42_900.0,
        });
        assert_eq!(
            s.last_end()
                .and_then(|e| e.words("bob", crate::i18n::Locale::en)),
            Some("Call ended · 00:42".into())
        );
        s.apply(PhoneEvent::Dialled { who: "bob".into() });
        assert_eq!(s.last_end(), None, "a new call forgets the last end");
    }

    #[test]
    fn losing_the_network_shows_at_once_and_registration_recovers() {
        let mut s = ready();
        s.apply(PhoneEvent::NetworkLost);
        assert_eq!(s.device(), &DeviceStatus::Unreachable);
        assert_eq!(
            s.apply(PhoneEvent::DeviceFailed(TwilioError::new(31005, "x"))),
            Applied::Ignored,
            "the SDK noticing later changes nothing"
        );
        assert_eq!(s.apply(PhoneEvent::Unregistered), Applied::Ignored);
        s.apply(PhoneEvent::Registered);
        assert_eq!(s.device(), &DeviceStatus::Ready);
    }

    #[test]
    fn signing_out_ends_the_call_and_the_device_for_good() {
        let mut s = ready();
        s.apply(bob_calls());
        s.apply(PhoneEvent::SignedOut);
        assert_eq!(s.device(), &DeviceStatus::SignedOut);
        assert_eq!(s.call(), &CallState::Idle);
        assert_eq!(s.apply(PhoneEvent::Registered), Applied::Ignored);
        assert_eq!(s.apply(PhoneEvent::GoingOnline), Applied::Ignored);
        assert_eq!(s.apply(PhoneEvent::TakenOverByAnotherTab), Applied::Ignored);
    }

    #[test]
    fn a_failed_device_keeps_its_reason_in_the_pages_language() {
        let mut s = ready();
        s.set_locale(Locale::ja);
        s.apply(PhoneEvent::DeviceFailed(TwilioError::new(31600, "x")));
        assert_eq!(
            s.device(),
            &DeviceStatus::Failed("相手は通話中です。".into())
        );
        assert_eq!(s.device().label(Locale::ja), "エラー：相手は通話中です。");
    }
}
