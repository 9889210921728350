//! The Queue, Member, Call and Recording resources of Twilio's REST API, at the same paths, with the same JSON
//! shapes and HTTP Basic authentication (account SID + auth token, or API key SID + secret),
//! backed by the simulator's live queues
//! (<https://www.twilio.com/docs/voice/api/queue-resource>,
//! <https://www.twilio.com/docs/voice/api/member-resource>).

mod auth;
mod calls;
mod error;
mod members;
mod queues;
mod recordings;
mod render;

use axum::{Router, routing::get};

use crate::handle::SimHandle;

/// Routes under `/2010-04-01`.
pub fn routes() -> Router<SimHandle> {
    Router::new()
        .route(
            "/Accounts/{account}/Queues.json",
            get(queues::list_queues).post(queues::create_queue),
        )
        .route(
            "/Accounts/{account}/Queues/{queue}",
            get(queues::fetch_queue)
                .post(queues::update_queue)
                .delete(queues::delete_queue),
        )
        .route(
            "/Accounts/{account}/Queues/{queue}/Members.json",
            get(members::list_members),
        )
        .route(
            "/Accounts/{account}/Queues/{queue}/Members/{member}",
            get(members::fetch_member).post(members::dequeue_member),
        )
        .route(
            "/Accounts/{account}/Recordings/{recording}",
            get(recordings::fetch_media).delete(recordings::delete),
        )
        .route(
            "/Accounts/{account}/Calls/{call}",
            get(calls::fetch_call).post(calls::update_call),
        )
}
