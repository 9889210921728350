//! `ShowFeed`: "this show changed", from whatever changed it (a hotline webhook, a console press)
//! to every open console stream, which then sends a fresh snapshot.
//!
//! In one process, a broadcast channel. Several instances will fan this out between them through
//! the database (issue: scale out); nothing else has to change for that.

use std::sync::Arc;

use tokio::sync::broadcast;

/// How many changes a slow console may fall behind before it just resyncs (it sends a full
/// snapshot either way, so lagging loses nothing).
const BACKLOG: usize = 1024;

/// The channel of show changes, keyed by show id. Cheap to clone.
#[derive(Clone)]
pub struct ShowFeed {
    sender: broadcast::Sender<Arc<str>>,
}

impl Default for ShowFeed {
    fn default() -> Self {
        Self {
            sender: broadcast::channel(BACKLOG).0,
        }
    }
}

impl ShowFeed {
    /// Says that show `show_id` changed. Never blocks; nobody listening is fine.
    pub fn changed(&self, show_id: &str) {
        let _ = self.sender.send(Arc::from(show_id));
    }

    /// Every change from now on, for every show (a stream filters its own).
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<str>> {
        self.sender.subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_subscriber_hears_each_change_with_its_show() {
        let feed = ShowFeed::default();
        let mut rx = feed.subscribe();
        feed.changed("a");
        feed.changed("b");
        assert_eq!(&*rx.recv().await.unwrap(), "a");
        assert_eq!(&*rx.recv().await.unwrap(), "b");
    }

    #[tokio::test]
    async fn a_lagging_subscriber_is_told_so_rather_than_blocking_the_sender() {
        let feed = ShowFeed::default();
        let mut rx = feed.subscribe();
        for _ in 0..BACKLOG + 10 {
            feed.changed("a");
        }
        assert!(matches!(
            rx.recv().await,
            Err(broadcast::error::RecvError::Lagged(_))
        ));
    }
}
