//! Writes the ledger's changes to `outbound_calls` off the webhook's path: in the order they
//! were made (a call's end never lands before its record), batched into one transaction.
//!
//! The caps are decided in memory, so nothing waits for these writes but a restart's read-back:
//! a change is lost only if the process dies before its batch commits (milliseconds, unless the
//! database cannot be written, when it keeps trying), and the server flushes on a graceful stop
//! ([`Writer::flush`]).

use std::time::Duration;

use tokio::sync::{mpsc, oneshot};

use crate::ssr::db::{Db, outbound_calls};

/// Most changes written in one transaction.
const BATCH: usize = 256;

/// The pauses between attempts while the database cannot be written: doubling up to the last.
const FIRST_PAUSE: Duration = Duration::from_millis(100);
const LAST_PAUSE: Duration = Duration::from_secs(10);

/// One change to `outbound_calls`.
pub(super) enum Change {
    /// A call admitted.
    Placed {
        call_sid: String,
        user_id: String,
        destination: String,
        placed_at: i64,
    },
    /// A call over.
    Ended { call_sid: String },
    /// Answered once every change sent before it is written.
    Flush(oneshot::Sender<()>),
}

/// The sending end; the task writing behind it runs until the last sender goes.
pub(super) struct Writer {
    changes: mpsc::UnboundedSender<Change>,
}

impl Writer {
    /// Starts the writing task (on the current Tokio runtime).
    pub(super) fn start(db: Db) -> Self {
        let (changes, queue) = mpsc::unbounded_channel();
        tokio::spawn(write_forever(db, queue));
        Self { changes }
    }

    pub(super) fn send(&self, change: Change) {
        // The task ends only when this sender is dropped.
        let _ = self.changes.send(change);
    }

    /// Waits until every change sent so far is written (or failed and was logged).
    pub(super) async fn flush(&self) {
        let (done, written) = oneshot::channel();
        self.send(Change::Flush(done));
        let _ = written.await;
    }
}

async fn write_forever(db: Db, mut queue: mpsc::UnboundedReceiver<Change>) {
    let mut batch = Vec::with_capacity(BATCH);
    while queue.recv_many(&mut batch, BATCH).await > 0 {
        let mut flushed = Vec::new();
        let writes: Vec<Change> = batch
            .drain(..)
            .filter_map(|change| match change {
                Change::Flush(done) => {
                    flushed.push(done);
                    None
                }
                change => Some(change),
            })
            .collect();
        write_all(&db, &writes).await;
        for done in flushed {
            let _ = done.send(());
        }
    }
}

/// Writes `changes` in order. While the database cannot be written (another process holds its
/// write lock past the busy timeout, the disk is full) it tries again, more and more slowly, so
/// nothing is lost; a change the database refuses for good (its user removed meanwhile) is
/// logged and left out without taking the others with it.
async fn write_all(db: &Db, changes: &[Change]) {
    if changes.is_empty() || retrying(|| write(db, changes)).await.is_ok() {
        return;
    }
    for change in changes {
        if let Err(e) = retrying(|| write(db, std::slice::from_ref(change))).await {
            // The caps in memory are unaffected; only a restart would read less back.
            tracing::error!(error = %e, "the database refused an outbound call's record");
        }
    }
}

/// Runs `attempt` until it succeeds or fails with a refusal (a constraint), which it returns.
async fn retrying<F, Fut>(mut attempt: F) -> Result<(), sqlx::Error>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<(), sqlx::Error>>,
{
    let mut pause = FIRST_PAUSE;
    loop {
        match attempt().await {
            Ok(()) => return Ok(()),
            Err(sqlx::Error::Database(e)) if e.kind() != sqlx::error::ErrorKind::Other => {
                return Err(sqlx::Error::Database(e));
            }
            Err(e) => {
                tracing::warn!(error = %e, retry_in = ?pause, "could not record outbound calls yet");
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(LAST_PAUSE);
            }
        }
    }
}

async fn write(db: &Db, changes: &[Change]) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    for change in changes {
        match change {
            Change::Placed {
                call_sid,
                user_id,
                destination,
                placed_at,
            } => {
                outbound_calls::record(&mut *tx, call_sid, user_id, destination, *placed_at).await?
            }
            Change::Ended { call_sid } => outbound_calls::ended(&mut *tx, call_sid).await?,
            Change::Flush(_) => {}
        }
    }
    tx.commit().await
}
