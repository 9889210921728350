//! `FeedStatus`: whether the console is seeing the show live.

/// The state of the console's event stream, shown so a frozen console never looks live.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeedStatus {
    /// Opening the stream.
    Connecting,
    /// Receiving: what is on screen is the show now.
    Live,
    /// The stream broke; the browser is reconnecting (what is on screen may be stale).
    Reconnecting,
    /// The server refused the stream (signed out, or no longer a member).
    Closed,
}

impl FeedStatus {
    /// Words for the status line.
    pub fn words(self) -> &'static str {
        match self {
            Self::Connecting => "Connecting…",
            Self::Live => "Live",
            Self::Reconnecting => "Reconnecting… (figures may be out of date)",
            Self::Closed => "Disconnected. Reload the page or sign in again.",
        }
    }

    /// A class for its colour.
    pub fn class(self) -> &'static str {
        match self {
            Self::Live => "feed feed--live",
            Self::Connecting => "feed",
            Self::Reconnecting | Self::Closed => "feed feed--down",
        }
    }
}
