//! The live phone: the hook that owns the Twilio device, and the small components around it
//! (status light, "Go online", number verdict, activity log).

mod activity_log_view;
#[cfg(feature = "hydrate")]
mod browser;
#[cfg(feature = "hydrate")]
mod live_phone;
mod number_verdict;
#[cfg(feature = "hydrate")]
mod os_integration;
mod phone_links_button;
mod status_light;
mod use_phone;

pub use activity_log_view::ActivityLogView;
pub use number_verdict::NumberVerdict;
pub use phone_links_button::PhoneLinksButton;
pub use status_light::StatusLight;
pub use use_phone::{UsePhoneReturn, use_phone};
