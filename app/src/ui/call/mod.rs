//! The call dialogs: a call in progress, and an incoming call.

mod call_controls;
mod call_quality_indicator;
mod call_timer;
mod in_call_dialog;
mod incoming_call_dialog;

pub use crate::phone::format_elapsed;
pub use call_controls::CallControls;
pub use call_quality_indicator::CallQualityIndicator;
pub use call_timer::CallTimer;
pub use in_call_dialog::InCallDialog;
pub use incoming_call_dialog::IncomingCallDialog;
