//! The small components around the phone: status light and "Go online", number verdict, activity
//! log, and "Handle phone links". They read [`use_phone`](crate::live_phone::use_phone).

mod activity_log_view;
mod audio_settings;
mod number_verdict;
mod phone_links_button;
mod pre_call_check_view;
mod status_light;

pub use activity_log_view::ActivityLogView;
pub use audio_settings::AudioSettings;
pub use number_verdict::{NumberVerdict, refusal_words, verdict_words};
pub use phone_links_button::PhoneLinksButton;
pub use pre_call_check_view::PreCallCheckView;
pub use status_light::StatusLight;
