//! What our TwiML says: pure decisions from webhook parameters, rendered with `twilio-core`'s
//! escaping writer. `Twiml` is the response type that sets the content type.

pub mod call_control;
pub mod dial_status;
pub mod hotline;
pub mod hotline_console;
pub mod render;
mod response;
pub mod speech;
pub mod voice;

pub use response::Twiml;
