//! What can happen to the phone: the user's actions and the SDK's events, in our words.

use crate::phone::{HowEnded, IncomingView, MicrophoneProblem, TwilioError};

/// Everything that may change [`crate::phone::PhoneState`]. Times are milliseconds of the page's
/// monotonic clock (`performance.now()`), passed in so the state machine stays pure.
#[derive(Clone, Debug, PartialEq)]
pub enum PhoneEvent {
    /// "Go online" pressed: a device is being created and registered.
    GoingOnline,
    /// The SDK says we are registered for incoming calls.
    Registered,
    /// The SDK says we are no longer registered (socket lost, token refused…).
    Unregistered,
    /// The device failed; the reason is shown until it recovers.
    DeviceFailed(TwilioError),
    /// The browser says the network is gone (`offline` event): shown at once, not when the SDK
    /// notices ~20 s later.
    NetworkLost,
    /// The microphone can't be opened (checked on going online and on every call).
    MicrophoneFailed(MicrophoneProblem),
    /// The microphone opened.
    MicrophoneWorks,
    /// Another tab of this user went online; this one stops ringing.
    TakenOverByAnotherTab,
    /// We destroyed the device (page hidden for a refresh…).
    WentOffline,
    /// The session is gone (signed out here or in another tab, or a token request got 401).
    SignedOut,
    /// We placed a call to `who` (formatted number or name).
    Dialled {
        /// Who is called, as the in-call dialog shows it.
        who: String,
    },
    /// The far end rings.
    RemoteRinging,
    /// The call was answered (outgoing) or accepted (incoming) at `at_ms`.
    Answered {
        /// When, by the monotonic clock.
        at_ms: f64,
    },
    /// Our server said something instead of connecting the call (`<Say>`): the words.
    Announced(String),
    /// The user is handing the call to this colleague or number (`None`: the server refused):
    /// its end says so. Set before asking, as the call may end before the answer arrives.
    HandedOver(Option<String>),
    /// The SDK reported an error for the call (it may end next).
    CallFailed(TwilioError),
    /// Media or signalling dropped; the SDK is restoring it.
    Reconnecting,
    /// Restored.
    Reconnected,
    /// Our microphone was muted or unmuted.
    MuteChanged(bool),
    /// Someone calls us.
    IncomingRang(IncomingView),
    /// We accepted the incoming call; it connects.
    Accepted,
    /// The call ended: how, and when (monotonic clock), for its length.
    CallEnded {
        /// What ended it.
        how: HowEnded,
        /// When.
        at_ms: f64,
    },
}
