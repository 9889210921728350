//! Twilio webhooks: only requests carrying a valid `X-Twilio-Signature` reach a handler.

mod signed_form;

pub use signed_form::{MAX_WEBHOOK_BYTES, SignedForm, WebhookRejection};
