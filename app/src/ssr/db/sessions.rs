//! Login sessions: a random token in the cookie, its SHA-256 in the database, an expiry.

use sha2::{Digest, Sha256};

use crate::ssr::db::{Db, unix_now, users::User};

/// How long a session lasts after login.
pub const SESSION_LIFETIME_SECONDS: i64 = 14 * 24 * 3600;

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Starts a session for `user_id` and returns the cookie value (shown to the browser only).
pub async fn create(db: &Db, user_id: &str) -> Result<String, sqlx::Error> {
    let token = twilio_core::sid::random_secret();
    let now = unix_now();
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(hash(&token))
        .bind(user_id)
        .bind(now)
        .bind(now + SESSION_LIFETIME_SECONDS)
        .execute(db)
        .await?;
    // Opportunistic clean-up keeps the table small without a background job.
    sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now)
        .execute(db)
        .await?;
    Ok(token)
}

/// The user a live session token belongs to; `None` for unknown or expired tokens.
pub async fn user_for(db: &Db, token: &str) -> Result<Option<User>, sqlx::Error> {
    let name: Option<String> = sqlx::query_scalar(
        "SELECT users.name FROM sessions JOIN users ON users.id = sessions.user_id \
         WHERE sessions.token_hash = $1 AND sessions.expires_at > $2",
    )
    .bind(hash(token))
    .bind(unix_now())
    .fetch_optional(db)
    .await?;
    match name {
        Some(name) => super::users::find_by_name(db, &name).await,
        None => Ok(None),
    }
}

/// Ends a session (logout). Unknown tokens are fine.
pub async fn delete(db: &Db, token: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(hash(token))
        .execute(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::db::{in_memory, users};

    #[tokio::test]
    async fn a_session_token_finds_its_user_until_deleted() {
        let db = in_memory().await.unwrap();
        let alice = users::add(&db, "alice", "h", None, false).await.unwrap();
        let token = create(&db, &alice.id).await.unwrap();
        assert_eq!(
            user_for(&db, &token).await.unwrap().map(|u| u.name),
            Some("alice".into())
        );
        assert_eq!(user_for(&db, "forged").await.unwrap(), None);
        delete(&db, &token).await.unwrap();
        assert_eq!(user_for(&db, &token).await.unwrap(), None);
    }

    #[tokio::test]
    async fn the_database_never_holds_the_token_itself() {
        let db = in_memory().await.unwrap();
        let alice = users::add(&db, "alice", "h", None, false).await.unwrap();
        let token = create(&db, &alice.id).await.unwrap();
        let stored: String = sqlx::query_scalar("SELECT token_hash FROM sessions")
            .fetch_one(&db)
            .await
            .unwrap();
        assert_ne!(stored, token);
        assert_eq!(stored, hash(&token));
    }

    #[tokio::test]
    async fn expired_sessions_are_refused() {
        let db = in_memory().await.unwrap();
        let alice = users::add(&db, "alice", "h", None, false).await.unwrap();
        let token = create(&db, &alice.id).await.unwrap();
        sqlx::query("UPDATE sessions SET expires_at = $1")
            .bind(unix_now() - 1)
            .execute(&db)
            .await
            .unwrap();
        assert_eq!(user_for(&db, &token).await.unwrap(), None);
    }
}
