//! Twilio Voice SDK bindings: `sys` binds `Twilio.Device` and `Twilio.Call` 1:1; the rest is the
//! typed layer the phone hook uses (Rust options, event enums, subscriptions that unsubscribe on
//! drop, [`crate::phone::TwilioError`]). Nothing here hands a `JsValue` to a component.

mod device_options;
mod js_error;
mod phone_call;
mod phone_device;
mod rtc_constraints;
mod sdk_loader;
mod subscription;
mod sys;
mod with_timeout;

pub use device_options::{Codec, DeviceOptions, SOUND_NAMES};
pub use phone_call::{CallEvent, PhoneCall};
pub use phone_device::{DeviceEvent, PhoneDevice, sdk_is_loaded};
pub use sdk_loader::load_sdk;
pub use subscription::Subscription;
pub use with_timeout::{sleep, with_timeout};
