//! The browser side of a show's console: the live snapshot from the server's event stream, a
//! clock on the server's time, and the presses sent back. Components only read its signals.

mod feed_status;
mod use_console;

pub use feed_status::FeedStatus;
pub use use_console::{UseConsoleReturn, use_console};
