//! Authentication: password hashing, login with rate limits, the session cookie, and the
//! `CurrentUser` extractor shared by routes and server functions.

use argon2::{
    Argon2,
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng},
};
use axum::extract::{FromRef, FromRequestParts};
use http::{HeaderMap, header, request::Parts};

use crate::{
    error::AppError,
    ssr::{
        AppState,
        db::{Db, login_failures, sessions, users::User},
    },
};

/// The session cookie's name. With `Secure` the `__Host-` prefix also pins it to our origin.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-softphone-session"
    } else {
        "softphone-session"
    }
}

/// Failed attempts allowed per account, and per client address, inside [`LOGIN_WINDOW_SECONDS`].
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
/// Per client address: higher, since several people may share one.
pub const MAX_FAILURES_PER_CLIENT: i64 = 20;
/// The rate-limit window.
pub const LOGIN_WINDOW_SECONDS: i64 = 15 * 60;
/// Shortest password `user add` accepts.
pub const MIN_PASSWORD_LENGTH: usize = 10;

/// Hashes a password with Argon2id (OWASP parameters, the crate's defaults).
pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

/// Whether `password` matches the PHC `hash` (Argon2id); CPU- and memory-heavy, call it off the
/// async threads.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// Checks a name and password and opens a session. Refuses while the account or the client has
/// too many recent failures, and takes as long for an unknown name as for a wrong password.
pub async fn login(
    db: &Db,
    name: &str,
    password: &str,
    client: &str,
) -> Result<(User, String), AppError> {
    let account_key = format!("account:{name}");
    let client_key = format!("client:{client}");
    for (key, max) in [
        (&account_key, MAX_FAILURES_PER_ACCOUNT),
        (&client_key, MAX_FAILURES_PER_CLIENT),
    ] {
        let (count, oldest) = login_failures::recent(db, key, LOGIN_WINDOW_SECONDS)
            .await
            .map_err(AppError::internal)?;
        if count >= max {
            let retry_after = oldest.map_or(LOGIN_WINDOW_SECONDS, |t| {
                t + LOGIN_WINDOW_SECONDS - crate::ssr::db::unix_now()
            });
            return Err(AppError::TooManyAttempts {
                retry_after_seconds: retry_after.max(1) as u64,
            });
        }
    }

    let stored = crate::ssr::db::users::password_hash(db, name)
        .await
        .map_err(AppError::internal)?;
    // An unknown name is checked against a dummy hash so both paths cost one Argon2 run.
    let (user, hash) = match stored {
        Some((user, hash)) => (Some(user), hash),
        None => (None, dummy_hash().to_owned()),
    };
    let password = password.to_owned();
    let matches = tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .map_err(AppError::internal)?;

    match user {
        Some(user) if matches => {
            login_failures::clear(db, &account_key, LOGIN_WINDOW_SECONDS)
                .await
                .map_err(AppError::internal)?;
            let token = sessions::create(db, &user.id)
                .await
                .map_err(AppError::internal)?;
            tracing::info!(user = %user.name, "signed in");
            Ok((user, token))
        }
        _ => {
            login_failures::record(db, &[account_key, client_key], LOGIN_WINDOW_SECONDS)
                .await
                .map_err(AppError::internal)?;
            tracing::warn!(client, "failed sign-in");
            Err(AppError::InvalidCredentials)
        }
    }
}

fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("not a real password").unwrap_or_default())
}

/// The `Set-Cookie` value that stores a new session.
pub fn session_cookie(token: &str, secure: bool) -> String {
    format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        cookie_name(secure),
        sessions::SESSION_LIFETIME_SECONDS,
        if secure { "; Secure" } else { "" }
    )
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_session_cookie(secure: bool) -> String {
    format!(
        "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
        cookie_name(secure),
        if secure { "; Secure" } else { "" }
    )
}

/// The session token from the request's cookies, if any.
pub fn session_token(headers: &HeaderMap, secure: bool) -> Option<String> {
    let name = cookie_name(secure);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, v)| *k == name && !v.is_empty())
        .map(|(_, v)| v.to_owned())
}

/// The signed-in user. As an extractor it rejects with 401.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurrentUser(pub User);

impl<S> FromRequestParts<S> for CurrentUser
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = (http::StatusCode, &'static str);

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        user_from_headers(&state, &parts.headers)
            .await
            .map_err(|e| (e.status(), "sign in first"))
    }
}

async fn user_from_headers(state: &AppState, headers: &HeaderMap) -> Result<CurrentUser, AppError> {
    let token = session_token(headers, state.config.is_https()).ok_or(AppError::Unauthenticated)?;
    let user = sessions::user_for(&state.db, &token)
        .await
        .map_err(AppError::internal)?;
    user.map(CurrentUser).ok_or(AppError::Unauthenticated)
}

/// For server functions: the signed-in user of the current request, or `Unauthenticated` (and
/// the response status set to 401).
pub async fn current_user(state: &AppState) -> Result<CurrentUser, AppError> {
    let parts: Parts = leptos::prelude::use_context()
        .ok_or_else(|| AppError::internal("no request parts in context"))?;
    user_from_headers(state, &parts.headers)
        .await
        .map_err(AppError::respond)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::db::{in_memory, users};

    async fn db_with_alice() -> Db {
        let db = in_memory().await.unwrap();
        users::add(
            &db,
            "alice",
            &hash_password("correct horse battery").unwrap(),
            None,
            false,
        )
        .await
        .unwrap();
        db
    }

    #[tokio::test]
    async fn the_right_password_opens_a_session() {
        let db = db_with_alice().await;
        let (user, token) = login(&db, "alice", "correct horse battery", "127.0.0.1")
            .await
            .unwrap();
        assert_eq!(user.name, "alice");
        assert_eq!(
            sessions::user_for(&db, &token).await.unwrap().unwrap().name,
            "alice"
        );
    }

    #[tokio::test]
    async fn wrong_password_and_unknown_name_look_the_same() {
        let db = db_with_alice().await;
        assert_eq!(
            login(&db, "alice", "wrong", "c").await.unwrap_err(),
            AppError::InvalidCredentials
        );
        assert_eq!(
            login(&db, "nobody", "wrong", "c").await.unwrap_err(),
            AppError::InvalidCredentials
        );
    }

    #[tokio::test]
    async fn an_account_is_locked_after_repeated_failures_even_with_the_right_password() {
        let db = db_with_alice().await;
        for i in 0..MAX_FAILURES_PER_ACCOUNT {
            let client = format!("10.0.0.{i}"); // different clients: the per-account limit trips
            assert_eq!(
                login(&db, "alice", "wrong", &client).await.unwrap_err(),
                AppError::InvalidCredentials
            );
        }
        let locked = login(&db, "alice", "correct horse battery", "10.0.0.99")
            .await
            .unwrap_err();
        assert!(
            matches!(locked, AppError::TooManyAttempts { retry_after_seconds } if retry_after_seconds > 0)
        );
    }

    #[tokio::test]
    async fn a_client_is_limited_across_accounts() {
        let db = db_with_alice().await;
        for i in 0..MAX_FAILURES_PER_CLIENT {
            let _ = login(&db, &format!("user{i}"), "wrong", "192.0.2.1").await;
        }
        assert!(matches!(
            login(&db, "alice", "correct horse battery", "192.0.2.1").await,
            Err(AppError::TooManyAttempts { .. })
        ));
        assert!(
            login(&db, "alice", "correct horse battery", "192.0.2.2")
                .await
                .is_ok()
        );
    }

    #[test]
    fn cookies_are_http_only_same_site_and_secure_on_https() {
        let c = session_cookie("tok", true);
        assert!(
            c.starts_with("__Host-softphone-session=tok; Path=/; HttpOnly; SameSite=Lax"),
            "{c}"
        );
        assert!(c.ends_with("; Secure"));
        assert!(!session_cookie("tok", false).contains("Secure"));
    }

    #[test]
    fn the_session_token_is_read_from_among_other_cookies() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            "a=1; softphone-session=abc; b=2".parse().unwrap(),
        );
        assert_eq!(session_token(&headers, false).as_deref(), Some("abc"));
        assert_eq!(session_token(&headers, true), None);
    }
}
