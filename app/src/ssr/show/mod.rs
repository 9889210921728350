//! The call-in show's console on the server: the snapshot every console draws, and the presses
//! that change a show, with Twilio's side of each. The feed of changes is [`super::change_feed`].

pub mod command;
pub mod hotline_urls;
pub mod reconcile;
pub mod snapshot;
