//! `ChangeFeed`: "this changed", keyed, from whatever changed it to every open stream that
//! follows that key, which then sends what is new. Two feeds: shows (a hotline webhook or a
//! console press changed a show; each console sends a fresh snapshot) and phones (a status
//! callback, a voicemail or another tab changed a user's calls; their pages read their lists).
//!
//! In one process, a broadcast channel. Server instances sharing a Postgres database also pass
//! each change to the others ([`super::change_relay`], LISTEN/NOTIFY).

use std::sync::{Arc, OnceLock};

use tokio::sync::{broadcast, mpsc};

/// The key that wakes every stream: changes may have been missed (the relay between instances
/// lost its connection), so each reads its state again.
pub const EVERYTHING: &str = "*";

/// How many changes a slow stream may fall behind before it just resyncs (it sends a full
/// snapshot or a "read again" either way, so lagging loses nothing).
const BACKLOG: usize = 1024;

/// A channel of changes, keyed (a show id, a user id). Cheap to clone.
#[derive(Clone)]
pub struct ChangeFeed {
    sender: broadcast::Sender<Arc<str>>,
    /// Where changes made here also go, for the other instances (set once, by the relay).
    relay: Arc<OnceLock<mpsc::UnboundedSender<Arc<str>>>>,
}

impl Default for ChangeFeed {
    fn default() -> Self {
        Self {
            sender: broadcast::channel(BACKLOG).0,
            relay: Arc::default(),
        }
    }
}

impl ChangeFeed {
    /// Says that `key` changed, here and (through the relay, if any) on every other instance.
    /// Never blocks; nobody listening is fine.
    pub fn changed(&self, key: &str) {
        let key = Arc::<str>::from(key);
        if let Some(relay) = self.relay.get() {
            let _ = relay.send(key.clone());
        }
        let _ = self.sender.send(key);
    }

    /// Says that `key` changed on another instance: to this process's streams only.
    pub fn changed_elsewhere(&self, key: &str) {
        let _ = self.sender.send(Arc::from(key));
    }

    /// From now on, every change made here is also sent to `relay`. Only the first call counts.
    pub fn relay_to(&self, relay: mpsc::UnboundedSender<Arc<str>>) {
        let _ = self.relay.set(relay);
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
            Ok(changed) if *changed == *key || &*changed == EVERYTHING => break,
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
