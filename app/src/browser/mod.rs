//! Browser APIs, one file per API, in the shape the app needs them; nothing here knows about the
//! phone. Like leptos-use, every item compiles for the server too, where it does nothing and
//! returns `None` or `false`, so components need no `#[cfg(feature = "hydrate")]`. Listeners and
//! handlers are values that remove themselves when dropped.

mod audio_devices;
mod badge;
mod broadcast_channel;
mod clipboard;
mod clock;
mod event_listener;
mod event_source;
mod file_text;
mod local_time;
mod location;
mod media_session;
mod microphone;
mod notifications;
mod protocol_handlers;
#[cfg(feature = "hydrate")]
mod reflect;
mod visibility;
mod wake_lock;

pub use audio_devices::{
    AudioChoice, AudioDevice, AudioDevices, InputLevel, list_audio_devices, load_audio_choice,
    on_audio_devices_changed, output_selection_supported, play_test_sound, save_audio_choice,
};
pub use badge::show_badge;
pub use broadcast_channel::BroadcastChannel;
pub use clipboard::copy_to_clipboard;
pub use clock::{monotonic_ms, now_ms};
pub use event_listener::EventListener;
pub use event_source::{EventSource, SseMessage};
pub use file_text::{PickError, PickedFile, read_picked_file};
pub use local_time::local_date_time;
pub use location::go_to;
pub use media_session::CallMediaSession;
pub use microphone::check_microphone;
pub use notifications::{
    NotificationContent, ServiceWorkerMessage, ask_notification_permission, close_notifications,
    may_notify, notify_while_hidden, on_service_worker_message,
};
pub use protocol_handlers::{can_register_protocol_handlers, register_protocol_handler};
pub use visibility::{page_looked_at, page_visible};
pub use wake_lock::ScreenWakeLock;
