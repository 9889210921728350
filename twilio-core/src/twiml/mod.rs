//! TwiML for Voice: an escaping writer (the only producer of XML text), typed verbs rendered with
//! it, and a parser that reads the same verbs back.
//!
//! ```
//! use twilio_core::twiml::{Client, Dial, DialNoun, Verb, VoiceResponse, parse};
//!
//! let response = VoiceResponse::new().then(Verb::Dial(Dial {
//!     answer_on_bridge: Some(true),
//!     nouns: vec![DialNoun::Client(Client { identity: "alice".into(), ..Client::default() })],
//!     ..Dial::default()
//! }));
//! let xml = response.render();
//! assert_eq!(
//!     xml,
//!     r#"<?xml version="1.0" encoding="UTF-8"?><Response><Dial answerOnBridge="true"><Client><Identity>alice</Identity></Client></Dial></Response>"#
//! );
//! assert_eq!(parse(&xml), Ok(response));
//! ```

mod parse;
mod verbs;
mod writer;

pub use parse::{TwimlParseError, parse};
pub use verbs::{
    Client, Dial, DialNoun, Enqueue, Number, Queue, Record, Redirect, Say, Verb, VoiceResponse,
};
pub use writer::{TwimlWriter, escape, is_xml_char};
