//! The frames of the Voice JS SDK's signaling socket, PStream version 1.6, which Twilio does not
//! document publicly: see `docs/twilio-signaling.md` in this repository.
//!
//! Every frame is `{"type", "version", "payload"}` JSON, except the bare `"\n"` keepalive that both
//! sides send and echo. Unknown types and fields are tolerated, as a gateway must when clients are
//! newer than it.

mod client_frame;
mod gateway_error;
mod server_frame;

pub use client_frame::ClientFrame;
pub use gateway_error::GatewayError;
pub use server_frame::ServerFrame;
