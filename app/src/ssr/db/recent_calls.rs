//! The call legs behind a user's recent calls, and how far they have looked at missed ones.

use domain::CallLeg;

use crate::ssr::db::Db;

/// How many of a user's most recent legs are read: the list shows calls, not an archive.
pub const MAX_LEGS: i64 = 500;

/// The legs of every call the user took part in since `since` (unix seconds): legs from or to
/// `client` (`client:<identity>`) or to `number`, and every other leg of those calls, so the
/// fold ([`domain::recent_calls`]) sees each call whole. At most [`MAX_LEGS`] calls.
pub async fn legs_of(
    db: &Db,
    client: &str,
    number: Option<&str>,
    since: i64,
) -> Result<Vec<CallLeg>, sqlx::Error> {
    let rows: Vec<LegRow> = sqlx::query_as(
        "WITH mine AS ( \
             SELECT COALESCE(parent_call_sid, call_sid) AS root FROM calls \
             WHERE (from_address = $1 OR to_address = $1 OR to_address = $2) \
               AND started_at >= $3 \
             ORDER BY started_at DESC LIMIT $4) \
         SELECT call_sid, parent_call_sid, from_address, to_address, status, started_at, \
                duration_seconds \
         FROM calls \
         WHERE call_sid IN (SELECT root FROM mine) OR parent_call_sid IN (SELECT root FROM mine)",
    )
    .bind(client)
    .bind(number)
    .bind(since)
    .bind(MAX_LEGS)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| CallLeg {
            call_sid: row.call_sid,
            parent_call_sid: row.parent_call_sid,
            from: row.from_address,
            to: row.to_address,
            status: row.status,
            started_at: row.started_at,
            duration_seconds: row.duration_seconds,
        })
        .collect())
}

/// A row of `calls`, as [`legs_of`] reads it.
#[derive(sqlx::FromRow)]
struct LegRow {
    call_sid: String,
    parent_call_sid: Option<String>,
    from_address: String,
    to_address: String,
    status: String,
    started_at: i64,
    duration_seconds: Option<i64>,
}

/// Missed calls that started at or before this (unix seconds) have been seen; 0 when never.
pub async fn seen_until(db: &Db, user_id: &str) -> Result<i64, sqlx::Error> {
    let seen: Option<(i64,)> =
        sqlx::query_as("SELECT seen_until FROM missed_calls_seen WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(db)
            .await?;
    Ok(seen.map_or(0, |(s,)| s))
}

/// The user has seen missed calls up to `until`. Never moves back (two tabs, a late request).
pub async fn mark_seen(db: &Db, user_id: &str, until: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO missed_calls_seen (user_id, seen_until) VALUES ($1, $2) \
         ON CONFLICT (user_id) DO UPDATE SET seen_until = excluded.seen_until \
         WHERE excluded.seen_until > missed_calls_seen.seen_until",
    )
    .bind(user_id)
    .bind(until)
    .execute(db)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::db::{calls, in_memory};

    fn update(
        sid: &str,
        parent: Option<&str>,
        from: &str,
        to: &str,
        status: &str,
        seq: i64,
    ) -> calls::CallUpdate {
        calls::CallUpdate {
            call_sid: sid.into(),
            parent_call_sid: parent.map(Into::into),
            direction: "inbound".into(),
            from: from.into(),
            to: to.into(),
            user_id: None,
            status: status.into(),
            sequence_number: seq,
            duration_seconds: (status == "completed").then_some(7),
        }
    }

    #[tokio::test]
    async fn a_call_is_read_whole_from_either_side() {
        let db = in_memory().await.unwrap();
        calls::apply(
            &db,
            &update(
                "CA1",
                None,
                "+442079460958",
                "+442079460002",
                "completed",
                3,
            ),
        )
        .await
        .unwrap();
        calls::apply(
            &db,
            &update(
                "CA2",
                Some("CA1"),
                "+442079460958",
                "client:bob",
                "no-answer",
                1,
            ),
        )
        .await
        .unwrap();
        calls::apply(
            &db,
            &update("CA3", None, "client:carol", "+442079460959", "completed", 1),
        )
        .await
        .unwrap();
        let mut legs = legs_of(&db, "client:bob", Some("+442079460002"), 0)
            .await
            .unwrap();
        legs.sort_by(|a, b| a.call_sid.cmp(&b.call_sid));
        assert_eq!(
            legs.iter().map(|l| l.call_sid.as_str()).collect::<Vec<_>>(),
            ["CA1", "CA2"]
        );
        let bob = domain::recent_calls(
            &legs,
            domain::recent_calls::Me {
                client: "client:bob",
                number: Some("+442079460002"),
            },
        );
        assert_eq!(bob.len(), 1);
        assert_eq!(bob[0].outcome, domain::CallOutcome::Missed);
        // A retried and a late, older callback change nothing.
        calls::apply(
            &db,
            &update(
                "CA2",
                Some("CA1"),
                "+442079460958",
                "client:bob",
                "no-answer",
                1,
            ),
        )
        .await
        .unwrap();
        calls::apply(
            &db,
            &update(
                "CA2",
                Some("CA1"),
                "+442079460958",
                "client:bob",
                "ringing",
                0,
            ),
        )
        .await
        .unwrap();
        let again = legs_of(&db, "client:bob", Some("+442079460002"), 0)
            .await
            .unwrap();
        let bob_again = domain::recent_calls(
            &again,
            domain::recent_calls::Me {
                client: "client:bob",
                number: Some("+442079460002"),
            },
        );
        assert_eq!(bob_again, bob);
    }

    #[tokio::test]
    async fn seen_never_moves_back() {
        let db = in_memory().await.unwrap();
        let user = crate::ssr::db::users::add(&db, "bob", "not-a-real-hash", None, false)
            .await
            .unwrap();
        assert_eq!(seen_until(&db, &user.id).await.unwrap(), 0);
        mark_seen(&db, &user.id, 200).await.unwrap();
        mark_seen(&db, &user.id, 100).await.unwrap();
        assert_eq!(seen_until(&db, &user.id).await.unwrap(), 200);
    }
}
