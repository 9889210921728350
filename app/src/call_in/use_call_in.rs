//! `use_call_in`: a listener's call to a show, as signals.

use domain::show::ListenerView;
use leptos::{prelude::*, task::spawn_local};

use crate::browser::{EventSource, SseMessage};
use crate::server_fns::{CallInTicket, call_in};

/// The listener's side of the call, as their browser knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallInStatus {
    /// Nothing placed yet.
    Idle,
    /// Asking the server, then the SDK, to place the call.
    Placing,
    /// The call is up; where it stands is in [`UseCallInReturn::view`].
    Connected,
    /// The call ended.
    Ended,
    /// It could not be placed or failed; the sentence says why.
    Failed(String),
}

/// What the call-in page reads and calls.
#[derive(Clone, Copy)]
pub struct UseCallInReturn {
    /// The call as the browser knows it.
    pub status: RwSignal<CallInStatus>,
    /// Where the call stands, as the server pushes it (position, expected wait, on air).
    pub view: RwSignal<Option<ListenerView>>,
    /// Places the call: (name, topic).
    pub call: Callback<(String, String)>,
    /// Hangs up.
    pub hang_up: Callback<()>,
}

/// A call-in to show `show`. On the server the callbacks do nothing.
pub fn use_call_in(show: String) -> UseCallInReturn {
    let i18n = crate::i18n::use_i18n();
    let status = RwSignal::new(CallInStatus::Idle);
    let view = RwSignal::new(None::<ListenerView>);
    let live = StoredValue::<Option<Live>, LiveStorage>::new_with_storage(None);

    let call = Callback::new(move |(name, topic): (String, String)| {
        if matches!(
            status.get_untracked(),
            CallInStatus::Placing | CallInStatus::Connected
        ) {
            return;
        }
        status.set(CallInStatus::Placing);
        view.set(None);
        let show = show.clone();
        spawn_local(async move {
            match call_in(show, name, topic).await {
                Ok(ticket) => match Live::start(&ticket, status, view).await {
                    Ok(started) => {
                        live.set_value(Some(started));
                        status.set(CallInStatus::Connected);
                    }
                    Err(e) => status.set(CallInStatus::Failed(e)),
                },
                Err(e) => status.set(CallInStatus::Failed(e.message(i18n.get_locale_untracked()))),
            }
        });
    });
    let hang_up = Callback::new(move |()| {
        live.update_value(|l| {
            if let Some(l) = l.take() {
                l.hang_up();
            }
        });
        status.set(CallInStatus::Ended);
    });
    on_cleanup(move || live.update_value(|l| drop(l.take())));
    UseCallInReturn {
        status,
        view,
        call,
        hang_up,
    }
}

/// Where [`Live`] is kept: the page's thread in the browser (SDK objects are not `Send`); on the
/// server, where it is always empty, a thread-safe slot, because a page's cleanup may run on
/// another worker thread than its render and a thread-bound value would panic there.
#[cfg(feature = "hydrate")]
type LiveStorage = LocalStorage;
#[cfg(not(feature = "hydrate"))]
type LiveStorage = SyncStorage;

/// The device, the call and the status stream, alive while the call is.
struct Live {
    #[cfg(feature = "hydrate")]
    device: crate::twilio::PhoneDevice,
    #[cfg(feature = "hydrate")]
    call: crate::twilio::PhoneCall,
    #[cfg(feature = "hydrate")]
    _subscriptions: Vec<crate::twilio::Subscription>,
    #[cfg(feature = "hydrate")]
    _stream: Option<EventSource>,
}

impl Live {
    async fn start(
        ticket: &CallInTicket,
        status: RwSignal<CallInStatus>,
        view: RwSignal<Option<ListenerView>>,
    ) -> Result<Self, String> {
        let stream = EventSource::open(
            &format!("/api/call-in/{}/events", ticket.identity),
            &["listener"],
            move |message| {
                if let SseMessage::Event { data, .. } = message
                    && let Ok(next) = serde_json::from_str::<ListenerView>(&data)
                {
                    view.set(Some(next));
                }
            },
        );
        #[cfg(feature = "hydrate")]
        {
            use crate::twilio::{CallEvent, DeviceOptions, PhoneDevice, load_sdk};
            load_sdk(ticket.local_mode)
                .await
                .map_err(|e| e.to_string())?;
            let device =
                PhoneDevice::new(&ticket.token, &DeviceOptions::for_mode(ticket.local_mode))
                    .map_err(|e| e.to_string())?;
            let call = device
                .connect(
                    &ticket.hotline,
                    crate::browser::load_audio_choice().input.as_deref(),
                )
                .await
                .map_err(|e| {
                    device.destroy();
                    e.to_string()
                })?;
            let subscriptions = call.subscribe(move |event| match event {
                CallEvent::Disconnected | CallEvent::Cancelled | CallEvent::Rejected => {
                    status.set(CallInStatus::Ended)
                }
                CallEvent::Failed(e) => status.set(CallInStatus::Failed(e.to_string())),
                _ => {}
            });
            Ok(Self {
                device,
                call,
                _subscriptions: subscriptions,
                _stream: stream,
            })
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (ticket, status, stream);
            Ok(Self {})
        }
    }

    /// Hangs up (dropping does the same: leaving the page ends the call).
    fn hang_up(self) {
        drop(self);
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        #[cfg(feature = "hydrate")]
        {
            self.call.disconnect();
            self.device.destroy();
        }
    }
}
