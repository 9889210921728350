//! Hold and transfer of a user's call, with Twilio's queue pattern: the party put on hold is sent
//! (through the Calls REST API) to a queue of its own, where it hears music; the user's leg is
//! parked; resuming dials that queue from the user's leg. A transfer sends the held party on to
//! a colleague or a number (blind), or first talks to them from the user's leg (warm), then
//! sends the colleague's leg to the queue. Hosted PBXs do this with conferences; a queue needs no
//! mixing and runs on the local simulator too. Twilio's docs:
//! <https://www.twilio.com/docs/voice/api/call-resource#update-a-call-resource>,
//! <https://www.twilio.com/docs/voice/twiml/enqueue>, <https://www.twilio.com/docs/voice/twiml/queue>.
//!
//! Which leg moves first depends on who dialled whom. A user who placed the call owns the parent
//! leg: the other party (the `<Dial>`'s child) is redirected into the queue, and the user's
//! `<Dial>` ends into its action URL, which parks it. A user who was called owns the child leg:
//! redirecting the parent would hang the child up, so the user's leg is redirected to be parked,
//! and the caller's `<Dial>` ends into its action URL, which queues it. After the first hold both
//! legs run TwiML of their own, and the other party is always the one redirected.
//!
//! Inside: `urls` (the routes' addresses) ← `legs` (whose call, who the other party is) ←
//! `moves` (the user's presses) and `webhooks` (what Twilio's requests change) ← `view`.

mod legs;
mod moves;
mod urls;
mod view;
mod webhooks;

pub use moves::run;
pub use urls::{
    CONSULT_PATH, ENQUEUE_PATH, LEFT_PATH, MUSIC_PATH, PARK_PATH, RESUME_PATH, TRANSFER_ENDED_PATH,
    TRANSFER_PATH, TransferQuery, consult_key, enqueue_url, left_url, music_url, park_url,
    queue_name, resume_url, transfer_ended_url,
};
pub use view::view;
pub use webhooks::{AfterDial, after_dial, hold_music_started, leg_answered, leg_ended};
