//! `ChangeFeed`: "this changed", keyed, from whatever changed it to every open stream that
//! follows that key, which then sends what is new. Two feeds: shows (a hotline webhook or a
//! console press changed a show; each console sends a fresh snapshot) and phones (a status
//! callback, a voicemail or another tab changed a user's calls; their pages read their lists).
//!
//! In one process, a broadcast channel. Several instances will fan this out between them through
//! the database (issue: scale out); nothing else has to change for that.

use std::sync::Arc;

use tokio::sync::broadcast;

/// How many changes a slow stream may fall behind before it just resyncs (it sends a full
/// snapshot or a "read again" either way, so lagging loses nothing).
const BACKLOG: usize = 1024;

/// A channel of changes, keyed (a show id, a user id). Cheap to clone.
#[derive(Clone)]
pub struct ChangeFeed {
    sender: broadcast::Sender<Arc<str>>,
}

impl Default for ChangeFeed {
    fn default() -> Self {
        Self {
            sender: broadcast::channel(BACKLOG).0,
        }
    }
}

impl ChangeFeed {
    /// Says that `key` changed. Never blocks; nobody listening is fine.
    pub fn changed(&self, key: &str) {
        let _ = self.sender.send(Arc::from(key));
    }

    /// Every change from now on, for every key (a stream filters its own).
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<str>> {
        self.sender.subscribe()
    }
}

/// Waits on `changes` (from [`ChangeFeed::subscribe`]) for a change of `key`, then for `coalesce`,
/// and drops what came meanwhile: a burst makes one wake. Also wakes when the receiver lagged (some
/// change of `key` may be among those missed). `None`: the feed is gone (the server is stopping).
pub async fn next_change(
    changes: &mut broadcast::Receiver<Arc<str>>,
    key: &str,
    coalesce: std::time::Duration,
) -> Option<()> {
    loop {
        match changes.recv().await {
            Ok(changed) if *changed == *key => break,
            Ok(_) => continue,
            Err(broadcast::error::RecvError::Lagged(_)) => break,
            Err(broadcast::error::RecvError::Closed) => return None,
        }
    }
    tokio::time::sleep(coalesce).await;
    while changes.try_recv().is_ok() {}
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_subscriber_hears_each_change_with_its_key() {
        let feed = ChangeFeed::default();
        let mut rx = feed.subscribe();
        feed.changed("a");
        feed.changed("b");
        assert_eq!(&*rx.recv().await.unwrap(), "a");
        assert_eq!(&*rx.recv().await.unwrap(), "b");
    }

    #[tokio::test]
    async fn a_lagging_subscriber_is_told_so_rather_than_blocking_the_sender() {
        let feed = ChangeFeed::default();
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
