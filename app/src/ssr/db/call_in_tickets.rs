//! Browser call-in tickets: which show a listener's token may call, and what they typed.

use crate::ssr::db::{Db, unix_now};

/// How long a ticket (and its token) lasts, seconds.
pub const TICKET_SECONDS: i64 = 600;
/// Tickets one client address may take per [`TICKET_SECONDS`].
pub const PER_CLIENT: i64 = 3;
/// Tickets alive at once, all clients together: the table stays bounded.
pub const MAX_LIVE: i64 = 10_000;

/// Identities of browser call-in listeners start with this.
pub const IDENTITY_PREFIX: &str = "listener-";

/// A live ticket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ticket {
    /// The show it may call.
    pub show_id: String,
    /// The name the listener typed.
    pub name: String,
    /// Their topic.
    pub topic: String,
    /// Their call, once it reached the hotline.
    pub call_sid: Option<String>,
}

/// Why no ticket was issued.
#[derive(Debug, thiserror::Error)]
pub enum IssueError {
    /// This client took [`PER_CLIENT`] tickets already, or too many are alive.
    #[error("too many call-ins; try again in a few minutes")]
    TooMany,
    /// The database failed.
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Issues a ticket for `identity` to call `show_id`, unless `client` has had [`PER_CLIENT`]
/// in the last [`TICKET_SECONDS`] or [`MAX_LIVE`] are alive: one statement, so parallel requests
/// cannot pass the limits together. Expired tickets are deleted first.
pub async fn issue(
    db: &Db,
    identity: &str,
    show_id: &str,
    name: &str,
    topic: &str,
    client: &str,
) -> Result<(), IssueError> {
    let now = unix_now();
    sqlx::query("DELETE FROM call_in_tickets WHERE created_at < $1")
        .bind(now - TICKET_SECONDS)
        .execute(db)
        .await?;
    // On Postgres under the table's lock: read-committed statements would count together.
    let mut tx = super::begin_exclusive(db, "call_in_tickets").await?;
    let inserted = sqlx::query(
        "INSERT INTO call_in_tickets (identity, show_id, name, topic, client, created_at) \
         SELECT $1, $2, $3, $4, $5, $6 \
         WHERE (SELECT COUNT(*) FROM call_in_tickets WHERE client = $5 AND created_at >= $7) < $8 \
           AND (SELECT COUNT(*) FROM call_in_tickets) < $9",
    )
    .bind(identity)
    .bind(show_id)
    .bind(name)
    .bind(topic)
    .bind(client)
    .bind(now)
    .bind(now - TICKET_SECONDS)
    .bind(PER_CLIENT)
    .bind(MAX_LIVE)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    if inserted == 1 {
        Ok(())
    } else {
        Err(IssueError::TooMany)
    }
}

/// The live ticket of `identity`.
pub async fn find(db: &Db, identity: &str) -> Result<Option<Ticket>, sqlx::Error> {
    let row: Option<(String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT show_id, name, topic, call_sid FROM call_in_tickets \
         WHERE identity = $1 AND created_at >= $2",
    )
    .bind(identity)
    .bind(unix_now() - TICKET_SECONDS)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(show_id, name, topic, call_sid)| Ticket {
        show_id,
        name,
        topic,
        call_sid,
    }))
}

/// Records the call `identity` made to the hotline.
pub async fn attach_call(db: &Db, identity: &str, call_sid: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE call_in_tickets SET call_sid = $2 WHERE identity = $1")
        .bind(identity)
        .bind(call_sid)
        .execute(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::db::show_callers::tests::open_show;

    #[tokio::test]
    async fn a_client_gets_three_tickets_then_is_refused_and_others_are_not() {
        let (db, show) = open_show(10).await;
        for n in 0..PER_CLIENT {
            issue(
                &db,
                &format!("listener-{n}"),
                &show.id,
                "Ann",
                "",
                "10.0.0.1",
            )
            .await
            .unwrap();
        }
        assert!(matches!(
            issue(&db, "listener-x", &show.id, "Ann", "", "10.0.0.1").await,
            Err(IssueError::TooMany)
        ));
        issue(&db, "listener-y", &show.id, "Bo", "bins", "10.0.0.2")
            .await
            .unwrap();
        let ticket = find(&db, "listener-y").await.unwrap().unwrap();
        assert_eq!(
            (ticket.name.as_str(), ticket.topic.as_str()),
            ("Bo", "bins")
        );
        attach_call(&db, "listener-y", "CA1").await.unwrap();
        assert_eq!(
            find(&db, "listener-y")
                .await
                .unwrap()
                .unwrap()
                .call_sid
                .as_deref(),
            Some("CA1")
        );
        assert_eq!(find(&db, "listener-none").await.unwrap(), None);
    }

    #[tokio::test]
    async fn an_expired_ticket_is_not_found() {
        let (db, show) = open_show(10).await;
        issue(&db, "listener-old", &show.id, "Ann", "", "10.0.0.1")
            .await
            .unwrap();
        sqlx::query("UPDATE call_in_tickets SET created_at = created_at - $1")
            .bind(TICKET_SECONDS + 1)
            .execute(&db)
            .await
            .unwrap();
        assert_eq!(find(&db, "listener-old").await.unwrap(), None);
    }
}
