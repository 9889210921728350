//! The phone's state, pure Rust: what the device and the call are doing, and which events may
//! change that. Compiled on the server too (SSR renders the offline state) and unit-tested on the host.

mod activity_log;
mod call_end;
mod call_quality;
mod call_state;
mod call_view;
mod device_status;
mod elapsed;
mod incoming_view;
mod microphone;
mod missed_calls;
mod notification_action;
mod phone_event;
mod phone_state;
mod pre_call_check;
mod recent_call_view;
mod retry;
mod sim_message;
mod token_refresh;
mod twilio_error;
mod voicemail_view;

pub use activity_log::{ActivityLog, LogEntry};
pub use call_end::{CallEnd, HowEnded};
pub use call_quality::{CallQuality, QualityLevel, QualitySample};
pub use call_state::CallState;
pub use call_view::{CallPhase, CallView};
pub use device_status::{DeviceStatus, unreachable_words};
pub use elapsed::format_elapsed;
pub use incoming_view::IncomingView;
pub use microphone::MicrophoneProblem;
pub use missed_calls::MissedCalls;
pub use notification_action::{
    CallNotificationAction, NOTIFICATION_ACTION_MESSAGE, NotificationAction,
};
pub use phone_event::PhoneEvent;
pub use phone_state::{Applied, PhoneState};
pub use pre_call_check::{Finding, PreCallCheck};
pub use recent_call_view::{DAYS, MAX_LISTED, RecentCallView, RecentCalls};
pub use retry::Backoff;
pub use sim_message::spoken_words;
pub use token_refresh::{RefreshPlan, TokenLifetime, plan_token_refresh};
pub use twilio_error::{TwilioError, UNKNOWN_JS_ERROR};
pub use voicemail_view::{VoicemailView, Voicemails};
