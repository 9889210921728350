//! The browser side of a listener's call-in: place the call with the ticket's token, follow it,
//! and the server's view of where it stands. Inert on the server.

mod use_call_in;

pub use use_call_in::{CallInStatus, UseCallInReturn, use_call_in};
