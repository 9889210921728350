//! `GET /api/shows/{name}/queue`: the seed's queue status, for a show's members only (issue 17).

mod common;

use app::ssr::{
    AppState,
    db::{self, show_callers, shows},
};
use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use common::*;
use domain::show::CallSid;

/// The test state with the show `drive-time`, lines open, bob its screener; alice is no member.
async fn show_state() -> (AppState, shows::Show) {
    let state = state().await;
    let show = add_show_with_screener(&state, "drive-time", "bob").await;
    shows::set_lines_open(&state.db, "drive-time", true)
        .await
        .unwrap();
    (state, show)
}

async fn get(state: &AppState, path: &str, cookie: Option<&str>) -> axum::response::Response {
    let mut request = Request::get(path);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    send(&app(state), request.body(Body::empty()).unwrap()).await
}

#[tokio::test]
async fn a_member_gets_the_seeds_shape_with_the_average_age_of_the_callers_holding_now() {
    let (state, show) = show_state().await;
    let now = db::unix_now();
    for (n, age) in [(1u32, 30), (2, 90)] {
        let sid = CallSid::parse(&format!("CA{n:032x}")).unwrap();
        let from = show_callers::CallerNumber::Known(format!("+44770090010{n}").parse().unwrap());
        show_callers::admit(&state.db, &show.id, &sid, &from)
            .await
            .unwrap();
        // In Twilio's queue for `age` seconds, as its waitUrl's QueueTime says.
        show_callers::seen_waiting(&state.db, &sid, Some("QU1"), Some(n), Some(age as u32))
            .await
            .unwrap();
        sqlx::query("UPDATE show_callers SET queued_at = $2 WHERE call_sid = $1")
            .bind(sid.as_str())
            .bind(now - age)
            .execute(&state.db)
            .await
            .unwrap();
    }
    let cookie = session(&state, "bob").await;
    let response = get(&state, "/api/shows/drive-time/queue", Some(&cookie)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CACHE_CONTROL],
        "private, no-store"
    );
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
    let body: serde_json::Value = serde_json::from_str(&body_text(response).await).unwrap();
    let average = body["average_wait_time"].as_u64().unwrap();
    assert_eq!(body["current_size"], 2);
    assert!((60..=61).contains(&average), "{body}");
    assert_eq!(body.as_object().unwrap().len(), 2, "{body}");
}

#[tokio::test]
async fn an_empty_queue_has_size_and_average_wait_zero() {
    let (state, _) = show_state().await;
    let cookie = session(&state, "bob").await;
    let response = get(&state, "/api/shows/drive-time/queue", Some(&cookie)).await;
    assert_eq!(
        body_text(response).await,
        r#"{"current_size":0,"average_wait_time":0}"#
    );
}

#[tokio::test]
async fn without_a_session_it_is_401() {
    let (state, _) = show_state().await;
    let response = get(&state, "/api/shows/drive-time/queue", None).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        response.headers()[header::CACHE_CONTROL],
        "private, no-store"
    );
}

#[tokio::test]
async fn a_non_member_gets_the_same_404_as_for_a_show_that_does_not_exist() {
    let (state, _) = show_state().await;
    let cookie = session(&state, "alice").await;
    let theirs = get(&state, "/api/shows/drive-time/queue", Some(&cookie)).await;
    let (theirs_status, theirs_body) = (theirs.status(), body_text(theirs).await);
    let none = get(&state, "/api/shows/no-such-show/queue", Some(&cookie)).await;
    assert_eq!(theirs_status, StatusCode::NOT_FOUND);
    assert_eq!(none.status(), StatusCode::NOT_FOUND);
    assert_eq!(theirs_body, body_text(none).await);
}
