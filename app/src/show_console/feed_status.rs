//! `FeedStatus`: whether the console is seeing the show live.

use crate::i18n::{Locale, td_string};

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
    /// Words for the status line, in `locale`.
    pub fn words(self, locale: Locale) -> &'static str {
        match self {
            Self::Connecting => td_string!(locale, show.feed_connecting),
            Self::Live => td_string!(locale, show.feed_live),
            Self::Reconnecting => td_string!(locale, show.feed_reconnecting),
            Self::Closed => td_string!(locale, show.feed_closed),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_reads_in_each_language() {
        assert_eq!(FeedStatus::Live.words(Locale::en), "Live");
        assert_eq!(FeedStatus::Live.words(Locale::fr), "En direct");
        assert_eq!(FeedStatus::Live.words(Locale::ja), "リアルタイム");
        assert_eq!(
            FeedStatus::Reconnecting.words(Locale::en),
            "Reconnecting… (figures may be out of date)"
        );
    }
}
