//! Server instances sharing a Postgres database pass each other's changes ([`ChangeFeed`]):
//! a change made here is a `NOTIFY` on the feed's channel, and a connection that `LISTEN`s on
//! every channel hands the others' changes to this process's streams. So a note typed on a
//! console served by one instance reaches a console served by another within milliseconds.
//!
//! Postgres delivers a notification to every listener, its sender's included: each payload starts
//! with the sending instance's id, and an instance skips its own (it told its streams already).
//! A listener that loses its connection reconnects, and since changes may have been missed
//! meanwhile, every stream is woken to read its state again ([`EVERYTHING`]).
//! <https://www.postgresql.org/docs/current/sql-notify.html>

use std::sync::Arc;

use sqlx::postgres::PgListener;
use tokio::sync::mpsc;

use crate::ssr::{
    change_feed::{ChangeFeed, EVERYTHING},
    db::Db,
};

/// Starts relaying `feeds` (each with its channel name, e.g. `softphone_shows`) between the
/// instances sharing `db`, a Postgres database. Returns once this instance listens, so nothing
/// another instance says afterwards is missed.
///
/// Errors: the listening connection could not be opened.
pub async fn start(db: &Db, feeds: Vec<(&'static str, ChangeFeed)>) -> Result<(), sqlx::Error> {
    let instance = twilio_core::sid::random_secret();
    let url = db.connect_options().database_url.to_string();
    let mut listener = PgListener::connect(&url).await?;
    listener
        .listen_all(feeds.iter().map(|(channel, _)| *channel))
        .await?;
    for (channel, feed) in &feeds {
        let (outbox, changes) = mpsc::unbounded_channel();
        feed.relay_to(outbox);
        tokio::spawn(send(db.clone(), channel, instance.clone(), changes));
    }
    tokio::spawn(receive(listener, instance, feeds));
    Ok(())
}

/// Sends each change made here to the other instances, in order.
async fn send(
    db: Db,
    channel: &'static str,
    instance: String,
    mut changes: mpsc::UnboundedReceiver<Arc<str>>,
) {
    while let Some(key) = changes.recv().await {
        let sent = sqlx::query("SELECT pg_notify($1, $2)")
            .bind(channel)
            .bind(format!("{instance} {key}"))
            .execute(&db)
            .await;
        if let Err(e) = sent {
            // Their streams miss this one change; the next reaches them.
            tracing::warn!(error = %e, channel, "could not tell the other instances of a change");
        }
    }
}

/// Hands the other instances' changes to this process's streams.
async fn receive(
    mut listener: PgListener,
    instance: String,
    feeds: Vec<(&'static str, ChangeFeed)>,
) {
    loop {
        match listener.try_recv().await {
            Ok(Some(notification)) => {
                let Some((from, key)) = notification.payload().split_once(' ') else {
                    continue;
                };
                if from == instance {
                    continue;
                }
                if let Some((_, feed)) = feeds.iter().find(|(c, _)| *c == notification.channel()) {
                    feed.changed_elsewhere(key);
                }
            }
            // The connection was lost (the listener reconnects on the next call): whatever was
            // said meanwhile is gone, so every stream reads its state again.
            Ok(None) => {
                tracing::warn!("lost the connection that hears other instances; reconnecting");
                for (_, feed) in &feeds {
                    feed.changed_elsewhere(EVERYTHING);
                }
            }
            // Postgres restarting lands here ("connection reset"), not above: the same loss.
            Err(e) => {
                tracing::warn!(error = %e, "hearing other instances failed; retrying in a second");
                for (_, feed) in &feeds {
                    feed.changed_elsewhere(EVERYTHING);
                }
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::ssr::db::{Backend, scratch};

    // Two instances on one Postgres database: a change on A reaches B's streams within a second,
    // and A's own streams hear it once.
    #[tokio::test]
    async fn a_change_on_one_instance_reaches_the_others_streams_once() {
        let db = scratch(2).await.unwrap();
        if Backend::of(&db) != Backend::Postgres {
            return;
        }
        let (a, b) = (ChangeFeed::default(), ChangeFeed::default());
        start(&db, vec![("softphone_test_shows", a.clone())])
            .await
            .unwrap();
        start(&db, vec![("softphone_test_shows", b.clone())])
            .await
            .unwrap();
        let (mut on_a, mut on_b) = (a.subscribe(), b.subscribe());
        a.changed("show-1");
        let heard = tokio::time::timeout(Duration::from_secs(1), on_b.recv()).await;
        assert_eq!(&*heard.expect("B hears within a second").unwrap(), "show-1");
        assert_eq!(&*on_a.recv().await.unwrap(), "show-1");
        b.changed("show-2");
        let heard = tokio::time::timeout(Duration::from_secs(1), on_a.recv()).await;
        assert_eq!(&*heard.expect("A hears within a second").unwrap(), "show-2");
        // A's own change came back from Postgres too, and was skipped.
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(on_a.try_recv().is_err(), "no echo of A's own change");
    }
}
