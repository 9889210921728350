//! Issue 18: the admin page's server functions. Only administrators; the same checks and the
//! same sentences as the command line (both go through `app::ssr::user_admin`); a number mapped
//! to a user rings them from the next call; nobody can remove themselves.

mod common;

use app::ssr::{AppState, user_admin};
use axum::http::StatusCode;
use common::*;

const FORM: &str = "application/x-www-form-urlencoded";

async fn admin_fn(
    state: &AppState,
    user: &str,
    endpoint: &str,
    pairs: &[(&str, &str)],
) -> (StatusCode, serde_json::Value) {
    let cookie = session(state, user).await;
    let body = serde_urlencoded::to_string(pairs).unwrap();
    call_server_fn(state, Some(&cookie), endpoint, FORM, body).await
}

/// Whom a phone calling `number` rings now.
async fn rings(state: &AppState, number: &str) -> String {
    let params = form(&[
        ("AccountSid", ACCOUNT_SID),
        ("CallSid", "CA00000000000000000000000000000077"),
        ("From", "+447700900123"),
        ("To", number),
        ("Direction", "inbound"),
        ("CallStatus", "ringing"),
    ]);
    body_text(send(&app(state), signed_post("/twilio/voice", &params)).await).await
}

/// The sentence the page shows for a refusal the command line prints as `e`.
fn as_page_says(e: user_admin::UserAdminError) -> String {
    let text = e.to_string();
    let stop = if text.ends_with('.') { "" } else { "." };
    format!("{}{}{stop}", text[..1].to_uppercase(), &text[1..])
}

#[tokio::test]
async fn only_administrators_see_and_change_users() {
    let state = state().await;
    let (status, overview) = admin_fn(&state, "alice", "admin_overview", &[]).await;
    assert_eq!(status, StatusCode::OK, "{overview}");
    let users = overview["users"].as_array().unwrap();
    assert_eq!(users.len(), 2);
    assert_eq!(users[1]["name"], "bob");
    assert_eq!(users[1]["identity"], "bob");
    assert_eq!(users[1]["number"], BOB_NUMBER);
    assert_eq!(users[1]["formatted"], "+44 20 7946 0002");
    assert_eq!(overview["me"], "alice");

    for (endpoint, pairs) in [
        ("admin_overview", vec![]),
        ("admin_set_number", vec![("name", "alice"), ("number", "")]),
        ("admin_remove_user", vec![("name", "alice")]),
        (
            "admin_add_user",
            vec![("name", "mallory"), ("password", "long enough password")],
        ),
    ] {
        let (status, error) = admin_fn(&state, "bob", endpoint, &pairs).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{endpoint}: {error}");
        let body = serde_urlencoded::to_string(&pairs).unwrap();
        let (status, _) = call_server_fn(&state, None, endpoint, FORM, body).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{endpoint}");
    }
    // bob is unchanged and mallory was not added.
    let (_, overview) = admin_fn(&state, "alice", "admin_overview", &[]).await;
    assert_eq!(overview["users"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_mapped_number_rings_its_new_user_from_the_next_call() {
    let state = state().await;
    let new_number = "+442079460077";
    assert!(!rings(&state, new_number).await.contains("<Identity>"));
    // Typed as a person would, in national format.
    let (status, body) = admin_fn(
        &state,
        "alice",
        "admin_set_number",
        &[("name", "bob"), ("number", "020 7946 0077")],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        rings(&state, new_number)
            .await
            .contains("<Identity>bob</Identity>")
    );
    // bob's old number rings nobody now.
    assert!(
        !rings(&state, BOB_NUMBER)
            .await
            .contains("<Identity>bob</Identity>")
    );
    // Taking the number away.
    let (status, _) = admin_fn(
        &state,
        "alice",
        "admin_set_number",
        &[("name", "bob"), ("number", " ")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(!rings(&state, new_number).await.contains("<Identity>"));
}

/// A server function, its form fields, and what the command line's path refuses them with.
type Case = (
    &'static str,
    Vec<(&'static str, &'static str)>,
    user_admin::UserAdminError,
);

#[tokio::test]
async fn refusals_read_as_the_command_lines() {
    let state = state().await;
    let cases: Vec<Case> = vec![
        (
            "admin_set_number",
            vec![("name", "bob"), ("number", ALICE_NUMBER)],
            user_admin::set_number(&state, "bob", ALICE_NUMBER)
                .await
                .unwrap_err(),
        ),
        (
            "admin_set_number",
            vec![("name", "bob"), ("number", "not a number")],
            user_admin::set_number(&state, "bob", "not a number")
                .await
                .unwrap_err(),
        ),
        (
            "admin_set_number",
            vec![("name", "nobody"), ("number", "")],
            user_admin::set_number(&state, "nobody", "")
                .await
                .unwrap_err(),
        ),
        (
            "admin_add_user",
            vec![("name", "carol"), ("password", "short")],
            user_admin::add_user(&state, "carol", "short", "", false)
                .await
                .unwrap_err(),
        ),
        (
            "admin_add_user",
            vec![("name", "bob"), ("password", "long enough password")],
            user_admin::add_user(&state, "bob", "long enough password", "", false)
                .await
                .unwrap_err(),
        ),
        (
            "admin_add_user",
            vec![("name", "a b"), ("password", "long enough password")],
            user_admin::add_user(&state, "a b", "long enough password", "", false)
                .await
                .unwrap_err(),
        ),
        // A name that would pass for bob's on the screens of those he calls.
        (
            "admin_add_user",
            vec![("name", "BOB"), ("password", "long enough password")],
            user_admin::add_user(&state, "BOB", "long enough password", "", false)
                .await
                .unwrap_err(),
        ),
        // Ten spaces, and a demo password the README publishes.
        (
            "admin_add_user",
            vec![("name", "carol"), ("password", "          ")],
            user_admin::add_user(&state, "carol", "          ", "", false)
                .await
                .unwrap_err(),
        ),
        (
            "admin_add_user",
            vec![("name", "carol"), ("password", "alice-local-demo")],
            user_admin::add_user(&state, "carol", "alice-local-demo", "", false)
                .await
                .unwrap_err(),
        ),
        // The account's own number, every number-less user's caller ID.
        (
            "admin_set_number",
            vec![("name", "bob"), ("number", "+44 20 7946 0000")],
            user_admin::set_number(&state, "bob", "+44 20 7946 0000")
                .await
                .unwrap_err(),
        ),
        (
            "admin_remove_user",
            vec![("name", "alice")],
            user_admin::remove_user(
                &state,
                "alice",
                app::ssr::db::users::find_by_name(&state.db, "alice")
                    .await
                    .unwrap()
                    .as_ref(),
            )
            .await
            .unwrap_err(),
        ),
    ];
    for (endpoint, pairs, cli_error) in cases {
        assert!(cli_error.is_input(), "{cli_error}");
        let said = cli_error.to_string();
        assert!(!said.contains(".."), "one full stop: {said}");
        let (status, error) = admin_fn(&state, "alice", endpoint, &pairs).await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "{endpoint} {pairs:?}: {error}"
        );
        assert_eq!(
            error["Invalid"],
            as_page_says(cli_error),
            "{endpoint} {pairs:?}"
        );
    }
}

#[tokio::test]
async fn an_added_user_can_sign_in_and_a_removed_one_is_signed_out() {
    let state = state().await;
    let (status, body) = admin_fn(
        &state,
        "alice",
        "admin_add_user",
        &[
            ("name", "carol"),
            ("password", "carol's long password"),
            ("number", "+442079460078"),
            ("is_admin", "false"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        rings(&state, "+442079460078")
            .await
            .contains("<Identity>carol</Identity>")
    );
    let carol = session(&state, "carol").await;
    let (status, _) =
        call_server_fn(&state, Some(&carol), "recent_calls", FORM, String::new()).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = admin_fn(&state, "alice", "admin_remove_user", &[("name", "carol")]).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) =
        call_server_fn(&state, Some(&carol), "recent_calls", FORM, String::new()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        !rings(&state, "+442079460078")
            .await
            .contains("<Identity>carol</Identity>")
    );
}
