//! The browser side of the phone: [`use_phone`] and the live Twilio device behind it. Cut by
//! direction, so that nothing here imports in a circle: `actions` (what the user asks),
//! `events` (what the SDK reports), `refresh` (tokens and registration), `tabs` (one ringing tab
//! per user) and `follow_call` (the OS follows the call) build on `core` (the device, the call,
//! the signals), which builds only on `browser`, `twilio` and `phone`. `connect` wires them up.
//! Compiled for the browser only, but for `use_phone`'s inert server path.

#[cfg(feature = "hydrate")]
mod actions;
mod app_badge;
#[cfg(feature = "hydrate")]
mod connect;
#[cfg(feature = "hydrate")]
mod core;
#[cfg(feature = "hydrate")]
mod events;
#[cfg(feature = "hydrate")]
mod follow_call;
#[cfg(feature = "hydrate")]
mod refresh;
#[cfg(feature = "hydrate")]
mod tabs;
mod use_phone;

pub use app_badge::AppBadge;
pub use use_phone::{UsePhoneReturn, use_phone};
