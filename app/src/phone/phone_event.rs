//! What can happen to the phone: the user's actions and the SDK's events, in our words.

use crate::phone::{IncomingView, TwilioError};

/// Everything that may change [`crate::phone::PhoneState`]. Times are browser milliseconds since
/// the epoch, passed in so the state machine stays pure.
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
    /// Another tab of this user went online; this one stops ringing.
    TakenOverByAnotherTab,
    /// We destroyed the device (sign-out, page hidden for a refresh…).
    WentOffline,
    /// We placed a call to `who` (formatted number or name).
    Dialled {
        /// Who is called, as the in-call dialog shows it.
        who: String,
    },
    /// The far end rings.
    RemoteRinging,
    /// The call was answered (outgoing) or accepted (incoming) at `at_ms`.
    Answered {
        /// When, in browser milliseconds since the epoch.
        at_ms: f64,
    },
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
    /// The call ended: hung up by either side, rejected, cancelled or failed.
    CallEnded,
}
