//! TwiML for Voice: an escaping writer (the only producer of XML text) and typed verbs on top.

mod verbs;
mod writer;

pub use verbs::{
    Client, Dial, DialNoun, Enqueue, Number, Queue, Record, Redirect, Say, Verb, VoiceResponse,
};
pub use writer::{TwimlWriter, escape};
