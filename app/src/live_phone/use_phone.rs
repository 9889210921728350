//! `use_phone`: the phone's state as signals, and the actions the page can take.

use leptos::prelude::*;

use crate::phone::{ActivityLog, CallQuality, PhoneState};
use crate::server_fns::{DialTarget, SignedInUser};

/// What the phone page reads and calls. Only plain Rust data: no SDK object reaches a component.
#[derive(Clone, Copy)]
pub struct UsePhoneReturn {
    /// Device status and current call.
    pub state: RwSignal<PhoneState>,
    /// Timestamped device activity.
    pub log: RwSignal<ActivityLog>,
    /// The last thing the user must know (an error in words, a refusal), until the next action.
    pub notice: RwSignal<Option<String>>,
    /// How the current call sounds, from the SDK's samples and warnings.
    pub quality: RwSignal<CallQuality>,
    /// Creates the device and registers it (must run from a click: browsers block audio otherwise).
    pub go_online: Callback<()>,
    /// Places a call to a destination the number policy allowed.
    pub dial: Callback<DialTarget>,
    /// Hangs up the active call, or rejects a ringing one.
    pub hang_up: Callback<()>,
    /// Accepts the ringing call.
    pub accept: Callback<()>,
    /// Rejects the ringing call.
    pub reject: Callback<()>,
    /// Mutes or unmutes the microphone.
    pub toggle_mute: Callback<()>,
    /// Sends one DTMF digit.
    pub send_digit: Callback<char>,
    /// The server refused this page something only a session gets (its live updates): if the
    /// session is gone (signed out elsewhere, the user removed), the phone stops in this tab.
    pub check_session: Callback<()>,
    /// Twilio's CallSid of this tab's call (its own leg), once the SDK knows it.
    pub call_sid: Callback<(), Option<String>>,
    /// The user is handing the call to this colleague or number (`None`: refused): when it
    /// ends, it says so.
    pub handed_over: Callback<Option<String>>,
}

/// The phone for `user`. On the server (and until "Go online") it is offline with no call, and
/// the callbacks do nothing; in the browser they drive the Twilio device (the rest of
/// `live_phone/`).
///
/// ```ignore
/// let phone = use_phone(&user);
/// view! { <StatusLight status=Signal::derive(move || phone.state.with(|s| s.device().clone()))/> }
/// ```
pub fn use_phone(user: &SignedInUser) -> UsePhoneReturn {
    let state = RwSignal::new(PhoneState::new());
    let log = RwSignal::new(ActivityLog::default());
    let notice = RwSignal::new(None::<String>);
    let quality = RwSignal::new(CallQuality::default());
    #[cfg(feature = "hydrate")]
    {
        let phone = super::connect::connect(state, log, notice, quality, user);
        UsePhoneReturn {
            state,
            log,
            notice,
            quality,
            go_online: Callback::new(move |_| phone.go_online()),
            dial: Callback::new(move |target| phone.dial(target)),
            hang_up: Callback::new(move |_| phone.hang_up()),
            accept: Callback::new(move |_| phone.accept()),
            reject: Callback::new(move |_| phone.reject()),
            toggle_mute: Callback::new(move |_| phone.toggle_mute()),
            send_digit: Callback::new(move |digit| phone.send_digit(digit)),
            check_session: Callback::new(move |_| phone.check_session()),
            call_sid: Callback::new(move |_| phone.call_sid()),
            handed_over: Callback::new(move |to| {
                phone.apply(crate::phone::PhoneEvent::HandedOver(to))
            }),
        }
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = user;
        let nothing = Callback::new(|_: ()| {});
        UsePhoneReturn {
            state,
            log,
            notice,
            quality,
            go_online: nothing,
            dial: Callback::new(|_| {}),
            hang_up: nothing,
            accept: nothing,
            reject: nothing,
            toggle_mute: nothing,
            send_digit: Callback::new(|_| {}),
            check_session: nothing,
            call_sid: Callback::new(|_| None),
            handed_over: Callback::new(|_| {}),
        }
    }
}
