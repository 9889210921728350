//! Pure Twilio protocol pieces, shared by the server and the local simulator: webhook
//! signatures, TwiML, access tokens and SIDs. No IO, no async.

#![warn(missing_docs)]

pub mod loopback;
pub mod sid;
pub mod signature;
pub mod token;
pub mod twiml;
