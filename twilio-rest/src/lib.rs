//! A typed client for the parts of Twilio's REST API (2010-04-01) that a call-in show needs:
//!
//! - [`Queue`]s: list, find by name, fetch (<https://www.twilio.com/docs/voice/api/queue-resource>);
//! - queue [`Member`]s: list, and dequeue one chosen call into new TwiML
//!   (<https://www.twilio.com/docs/voice/api/member-resource>);
//! - [`Call`]s: fetch, redirect to a URL or inline TwiML, complete
//!   (<https://www.twilio.com/docs/voice/api/call-resource>);
//! - recordings: their audio, streamed, and deletion
//!   (<https://www.twilio.com/docs/voice/api/recording>).
//!
//! The API base URL is a setting, so local mode points it at the built-in simulator. Every request
//! has a timeout; 429 and 5xx answers are retried with exponential backoff, except where a retry
//! could act twice (see [`retry`]). Errors keep Twilio's own code and message.

#![warn(missing_docs)]

mod client;
mod error;
mod resources;
pub mod retry;

pub use client::{Client, ClientConfig, LIVE_API_BASE};
pub use error::RestError;
pub use resources::{Call, CallUpdate, Member, Queue};
