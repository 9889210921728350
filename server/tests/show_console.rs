//! Issue 17: a show's console through the whole router. The live stream (SSE) for members only,
//! each press checked on the server by role, and Twilio's side of each press made through the
//! REST API, here a fake Twilio that records what it is asked and answers as told.

mod common;

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use app::ssr::{
    AppState,
    db::{show_callers, shows, users},
};
use axum::{
    Router,
    body::Body,
    extract::State,
    http::{Request, StatusCode, Uri, header},
    response::IntoResponse,
    routing::any,
};
use common::*;
use domain::show::{CallSid, ConsoleSnapshot, LineState, Role, ShowName};

const HOTLINE: &str = "+442079460100";
const SHOW: &str = "drive-time";

fn sid(n: u32) -> String {
    format!("CA{n:032x}")
}

/// What the fake Twilio was asked: method, path, form body.
type Asked = Arc<Mutex<Vec<(String, String, String)>>>;
/// What it answers to writes: status and body (reads always answer the queue).
type Answer = Arc<Mutex<(u16, String)>>;

struct World {
    state: AppState,
    asked: Asked,
    answer: Answer,
    host: String,
    screener: String,
}

async fn fake_twilio(asked: Asked, answer: Answer) -> String {
    let app = Router::new()
        .fallback(any(
            |State((asked, answer)): State<(Asked, Answer)>,
             method: axum::http::Method,
             uri: Uri,
             body: String| async move {
                asked
                    .lock()
                    .unwrap()
                    .push((method.to_string(), uri.path().to_owned(), body));
                if method == axum::http::Method::GET && uri.path().contains("/Calls/") {
                    // Calls asked about are live unless a test ends them via the write answer.
                    let (status, body) = answer.lock().unwrap().clone();
                    return if status == 404 && body.contains("gone") {
                        (StatusCode::NOT_FOUND, body).into_response()
                    } else {
                        (StatusCode::OK, r#"{"sid":"CA","status":"in-progress"}"#.to_owned())
                            .into_response()
                    };
                }
                if method == axum::http::Method::GET {
                    return (
                        StatusCode::OK,
                        r#"{"queues":[{"sid":"QU00000000000000000000000000000001","friendly_name":"hold-drive-time","current_size":2,"average_wait_time":7,"max_size":100}]}"#.to_owned(),
                    )
                        .into_response();
                }
                let (status, body) = answer.lock().unwrap().clone();
                (StatusCode::from_u16(status).unwrap(), body).into_response()
            },
        ))
        .with_state((asked, answer));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/2010-04-01", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

/// alice hosts `drive-time`, bob screens it; the REST API is the fake.
async fn world() -> World {
    let asked: Asked = Arc::default();
    let answer: Answer = Arc::new(Mutex::new((200, r#"{"call_sid":"CA","position":1,"wait_time":1,"date_enqueued":"x","sid":"CA","status":"in-progress"}"#.to_owned())));
    let base = fake_twilio(asked.clone(), answer.clone()).await;
    let state = state_with(&[("TWILIO_API_BASE_URL", &base)]).await;
    shows::add(
        &state.db,
        &ShowName::parse(SHOW).unwrap(),
        &HOTLINE.parse().unwrap(),
        10,
        "Welcome.",
    )
    .await
    .unwrap();
    shows::set_lines_open(&state.db, SHOW, true).await.unwrap();
    shows::add_member(&state.db, SHOW, "alice", Role::Host)
        .await
        .unwrap();
    shows::add_member(&state.db, SHOW, "bob", Role::Screener)
        .await
        .unwrap();
    let host = session(&state, "alice").await;
    let screener = session(&state, "bob").await;
    World {
        state,
        asked,
        answer,
        host,
        screener,
    }
}

async fn ring(state: &AppState, n: u32, from: &str) {
    let params = form(&[
        ("AccountSid", ACCOUNT_SID),
        ("CallSid", &sid(n)),
        ("CallStatus", "ringing"),
        ("Direction", "inbound"),
        ("From", from),
        ("To", HOTLINE),
    ]);
    let response = send(&app(state), signed_post("/twilio/voice", &params)).await;
    assert_eq!(response.status(), StatusCode::OK);
}

fn events(cookie: Option<&str>, show: &str) -> Request<Body> {
    let mut request = Request::get(format!("/api/shows/{show}/events"));
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.body(Body::empty()).unwrap()
}

/// Reads the stream until the next `snapshot` event.
async fn next_snapshot(body: &mut Body, buffer: &mut String) -> ConsoleSnapshot {
    let data = next_sse_event(body, buffer, "snapshot", Duration::from_secs(5))
        .await
        .expect("a snapshot within 5 s");
    serde_json::from_str(&data).unwrap()
}

async fn press(world: &World, cookie: &str, command: serde_json::Value) -> (StatusCode, String) {
    let body = serde_json::json!({ "show": SHOW, "command": command }).to_string();
    let request = Request::post("/api/console_command")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::COOKIE, cookie)
        .header("origin", BASE_URL)
        .header("sec-fetch-site", "same-origin")
        .body(Body::from(body))
        .unwrap();
    let response = send(&app(&world.state), request).await;
    let status = response.status();
    (status, body_text(response).await)
}

async fn state_of(world: &World, n: u32) -> LineState {
    show_callers::find(&world.state.db, &CallSid::parse(&sid(n)).unwrap())
        .await
        .unwrap()
        .unwrap()
        .1
        .state
}

fn writes(world: &World) -> Vec<(String, String)> {
    world
        .asked
        .lock()
        .unwrap()
        .iter()
        .filter(|(m, _, _)| m == "POST")
        .map(|(_, path, body)| (path.clone(), body.clone()))
        .collect()
}

fn form_of(body: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str(body).unwrap()
}

#[tokio::test]
async fn a_member_sees_the_show_live_and_a_new_caller_arrives_without_a_reload() {
    let world = world().await;
    let response = send(&app(&world.state), events(Some(&world.screener), SHOW)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/event-stream"
    );
    let mut body = response.into_body();
    let mut buffer = String::new();
    let first = next_snapshot(&mut body, &mut buffer).await;
    assert_eq!(first.show, SHOW);
    assert_eq!(first.role, Role::Screener);
    assert!(first.lines.is_empty() && first.lines_open);
    assert_eq!(
        first.queue,
        domain::show::QueueFigures::Read {
            current_size: 2,
            average_wait_time: 7
        },
        "Twilio's own figures, read from the Queue resource"
    );

    ring(&world.state, 1, "+442079460958").await;
    let next = next_snapshot(&mut body, &mut buffer).await;
    assert_eq!(next.lines.len(), 1);
    let line = &next.lines[0];
    assert_eq!(line.state, LineState::Waiting);
    assert_eq!(line.position, Some(1));
    assert_eq!(line.number.as_deref(), Some("+44 20 7946 0958"));
    assert_eq!(line.in_queue_since, None, "still hearing the greeting");
    assert_eq!(next.statistics.waiting_now, 0, "not in Twilio's queue yet");

    // Twilio's first waitUrl request: in the queue for 2 s.
    let params = form(&[
        ("AccountSid", ACCOUNT_SID),
        ("CallSid", &sid(1)),
        ("QueueSid", "QU00000000000000000000000000000001"),
        ("QueuePosition", "1"),
        ("QueueTime", "2"),
    ]);
    let response = send(
        &app(&world.state),
        signed_post("/twilio/hotline/wait", &params),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let next = next_snapshot(&mut body, &mut buffer).await;
    assert_eq!(next.statistics.waiting_now, 1);
    let since = next.lines[0].in_queue_since.unwrap();
    assert!(
        (next.now - since).abs_diff(2) <= 1,
        "{since} vs {}",
        next.now
    );
}

#[tokio::test]
async fn only_members_get_a_stream_and_a_stranger_cannot_tell_a_show_exists() {
    let world = world().await;
    let app = app(&world.state);
    assert_eq!(
        send(&app, events(None, SHOW)).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let carol = {
        let hash = app::ssr::auth::hash_password(PASSWORD).unwrap();
        users::add(&world.state.db, "carol", &hash, None, false)
            .await
            .unwrap();
        session(&world.state, "carol").await
    };
    assert_eq!(
        send(&app, events(Some(&carol), SHOW)).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        send(&app, events(Some(&carol), "no-such-show"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let (status, body) = press(&world, &carol, serde_json::json!({"command": "open_lines"})).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
}

#[tokio::test]
async fn the_screener_picks_any_waiting_caller_and_it_is_dequeued_into_their_browser() {
    let world = world().await;
    ring(&world.state, 1, "+447700900001").await;
    ring(&world.state, 2, "+447700900002").await;
    let (status, body) = press(
        &world,
        &world.screener,
        serde_json::json!({"command": "screen", "call": sid(2)}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(state_of(&world, 2).await, LineState::Screening);
    assert_eq!(state_of(&world, 1).await, LineState::Waiting);
    let writes = writes(&world);
    assert_eq!(writes.len(), 1, "{writes:?}");
    let (path, body) = &writes[0];
    assert_eq!(
        path,
        &format!(
            "/2010-04-01/Accounts/{ACCOUNT_SID}/Queues/QU00000000000000000000000000000001/Members/{}.json",
            sid(2)
        )
    );
    assert_eq!(
        form_of(body),
        vec![
            (
                "Url".to_owned(),
                format!("{BASE_URL}/twilio/hotline/connect?show=drive-time&to=bob")
            ),
            ("Method".to_owned(), "POST".to_owned())
        ]
    );
}

#[tokio::test]
async fn a_screener_can_never_air_a_caller_or_drop_the_one_on_air_and_twilio_is_not_asked() {
    let world = world().await;
    ring(&world.state, 1, "+447700900001").await;
    let (status, body) = press(
        &world,
        &world.screener,
        serde_json::json!({"command": "take_next", "seen_on_air": [], "after": "drop"}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        body.contains("Only the host can put a caller on air."),
        "{body}"
    );
    let (status, _) = press(
        &world,
        &world.screener,
        serde_json::json!({"command": "put_on_air", "call": sid(1)}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // The host airs them; then the screener may not drop or send back the caller on air.
    let (status, body) = press(
        &world,
        &world.host,
        serde_json::json!({"command": "take_next", "seen_on_air": [], "after": "drop"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(state_of(&world, 1).await, LineState::OnAir);
    let before = writes(&world).len();
    for command in ["drop", "back_to_hold", "lock"] {
        let (status, _) = press(
            &world,
            &world.screener,
            serde_json::json!({"command": command, "call": sid(1)}),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{command}");
    }
    assert_eq!(state_of(&world, 1).await, LineState::OnAir);
    assert_eq!(writes(&world).len(), before, "Twilio was never asked");
}

#[tokio::test]
async fn next_takes_the_ready_caller_first_with_a_whisper_and_a_double_press_takes_one() {
    let world = world().await;
    ring(&world.state, 1, "+447700900001").await;
    ring(&world.state, 2, "+447700900002").await;
    press(
        &world,
        &world.screener,
        serde_json::json!({"command": "screen", "call": sid(2)}),
    )
    .await;
    let card = serde_json::json!({"command": "edit_card", "call": sid(2), "card": {
        "name": "Ann", "location": "Leeds", "topic": "potholes", "note": "calm, first time"}});
    assert_eq!(press(&world, &world.screener, card).await.0, StatusCode::OK);
    let (status, body) = press(
        &world,
        &world.screener,
        serde_json::json!({"command": "mark_ready", "call": sid(2)}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(state_of(&world, 2).await, LineState::Ready);
    let (path, body) = writes(&world).last().unwrap().clone();
    assert_eq!(
        path,
        format!("/2010-04-01/Accounts/{ACCOUNT_SID}/Calls/{}.json", sid(2))
    );
    assert_eq!(
        form_of(&body)[0],
        (
            "Url".to_owned(),
            format!("{BASE_URL}/twilio/hotline/requeue?show=drive-time")
        )
    );

    let next = serde_json::json!({"command": "take_next", "seen_on_air": [], "after": "drop"});
    let (a, b) = tokio::join!(
        press(&world, &world.host, next.clone()),
        press(&world, &world.host, next)
    );
    assert_eq!((a.0, b.0), (StatusCode::OK, StatusCode::OK));
    assert_eq!(
        state_of(&world, 2).await,
        LineState::OnAir,
        "the ready caller first"
    );
    assert_eq!(
        state_of(&world, 1).await,
        LineState::Waiting,
        "one press, one caller"
    );
    let dequeues: Vec<_> = writes(&world)
        .into_iter()
        .filter(|(path, _)| path.contains("/Members/"))
        .collect();
    assert_eq!(
        dequeues.len(),
        2,
        "the screening and the one airing: {dequeues:?}"
    );
    assert_eq!(
        form_of(&dequeues[1].1)[0].1,
        format!("{BASE_URL}/twilio/hotline/connect?show=drive-time&to=alice&air=1")
    );

    // The caller's leg asks what to do: the host's browser, with the whisper first.
    let params = form(&[("AccountSid", ACCOUNT_SID), ("CallSid", &sid(2))]);
    let connect = "/twilio/hotline/connect?show=drive-time&to=alice&air=1";
    let twiml = body_text(send(&app(&world.state), signed_post(connect, &params)).await).await;
    assert!(
        twiml.contains(&format!(
            "<Client url=\"{BASE_URL}/twilio/hotline/whisper?call={}\">",
            sid(2)
        )),
        "{twiml}"
    );
    assert!(twiml.contains("<Identity>alice</Identity>"), "{twiml}");

    // The host's phone rings: not on air yet, for the consoles and the statistics.
    let show = shows::find_by_name(&world.state.db, SHOW)
        .await
        .unwrap()
        .unwrap();
    let stats = || async {
        show_callers::statistics(&world.state.db, &show.id)
            .await
            .unwrap()
    };
    let card_of_2 = || async {
        let response = send(&app(&world.state), events(Some(&world.host), SHOW)).await;
        let mut body = response.into_body();
        let snapshot = next_snapshot(&mut body, &mut String::new()).await;
        snapshot
            .lines
            .into_iter()
            .find(|l| l.call.as_str() == sid(2))
            .unwrap()
    };
    let ringing = card_of_2().await;
    assert_eq!((ringing.state, ringing.answered), (LineState::OnAir, false));
    assert_eq!(
        stats().await.aired_within_two_minutes.part,
        0,
        "not aired while ringing"
    );

    // The host answers: Twilio asks for the whisper, and the caller is on air from then.
    let whisper = format!("/twilio/hotline/whisper?call={}", sid(2));
    let params = form(&[
        ("AccountSid", ACCOUNT_SID),
        ("CallSid", "CA0000000000000000000000000000beef"),
    ]);
    let twiml = body_text(send(&app(&world.state), signed_post(&whisper, &params)).await).await;
    assert!(
        twiml.contains(
            "<Say>On air: Ann, from Leeds. Topic: potholes. Note: calm, first time.</Say>"
        ),
        "{twiml}"
    );
    let answered = card_of_2().await;
    assert_eq!(
        (answered.state, answered.answered),
        (LineState::OnAir, true)
    );
    assert_eq!(stats().await.aired_within_two_minutes.part, 1);
}

#[tokio::test]
async fn a_caller_the_host_never_answers_goes_back_ready_and_never_counts_as_aired() {
    let world = world().await;
    ring(&world.state, 1, "+447700900001").await;
    let next = serde_json::json!({"command": "take_next", "seen_on_air": [], "after": "drop"});
    assert_eq!(press(&world, &world.host, next).await.0, StatusCode::OK);
    assert_eq!(state_of(&world, 1).await, LineState::OnAir);
    // The host's phone rang out: the <Dial>'s action says no-answer.
    let params = form(&[
        ("AccountSid", ACCOUNT_SID),
        ("CallSid", &sid(1)),
        ("DialCallStatus", "no-answer"),
        ("CallStatus", "in-progress"),
    ]);
    let ended = "/twilio/hotline/connect-ended?show=drive-time";
    let twiml = body_text(send(&app(&world.state), signed_post(ended, &params)).await).await;
    assert!(twiml.contains("<Enqueue"), "back to hold: {twiml}");
    assert_eq!(state_of(&world, 1).await, LineState::Ready);
    let show = shows::find_by_name(&world.state.db, SHOW)
        .await
        .unwrap()
        .unwrap();
    let stats = show_callers::statistics(&world.state.db, &show.id)
        .await
        .unwrap();
    assert_eq!(stats.aired_within_two_minutes.part, 0);
    let line = show_callers::find(&world.state.db, &CallSid::parse(&sid(1)).unwrap())
        .await
        .unwrap()
        .unwrap()
        .1;
    assert_eq!(line.aired_at, None);
}

#[tokio::test]
async fn twilio_refusing_a_dequeue_puts_the_line_back_and_the_console_says_why() {
    let world = world().await;
    ring(&world.state, 1, "+447700900001").await;
    *world.answer.lock().unwrap() = (
        429,
        r#"{"code":20429,"message":"Too Many Requests","status":429}"#.to_owned(),
    );
    let (status, body) = press(
        &world,
        &world.screener,
        serde_json::json!({"command": "screen", "call": sid(1)}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert!(body.contains("Too Many Requests"), "{body}");
    assert_eq!(state_of(&world, 1).await, LineState::Waiting);
}

#[tokio::test]
async fn a_caller_who_is_gone_when_dequeued_ends_on_every_console() {
    let world = world().await;
    ring(&world.state, 1, "+447700900001").await;
    *world.answer.lock().unwrap() = (
        404,
        r#"{"code":20404,"message":"The requested resource was not found (gone)","status":404}"#
            .to_owned(),
    );
    let (status, body) = press(
        &world,
        &world.screener,
        serde_json::json!({"command": "screen", "call": sid(1)}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("hung up"), "{body}");
    assert_eq!(state_of(&world, 1).await, LineState::Ended);
}

#[tokio::test]
async fn a_ban_rejects_the_number_next_time_and_a_withheld_caller_cannot_be_banned() {
    let world = world().await;
    ring(&world.state, 1, "+447700900001").await;
    ring(&world.state, 2, "anonymous").await;
    let (status, body) = press(
        &world,
        &world.screener,
        serde_json::json!({"command": "ban", "call": sid(1), "reason": "abusive"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(state_of(&world, 1).await, LineState::Ended);
    let (path, body) = writes(&world).last().unwrap().clone();
    assert!(path.ends_with(&format!("/Calls/{}.json", sid(1))));
    assert_eq!(
        form_of(&body),
        vec![("Status".to_owned(), "completed".to_owned())]
    );
    let params = form(&[
        ("AccountSid", ACCOUNT_SID),
        ("CallSid", &sid(3)),
        ("From", "+447700900001"),
        ("To", HOTLINE),
    ]);
    let twiml =
        body_text(send(&app(&world.state), signed_post("/twilio/voice", &params)).await).await;
    assert!(twiml.contains("<Reject reason=\"busy\" />"), "{twiml}");
    let (status, body) = press(
        &world,
        &world.screener,
        serde_json::json!({"command": "ban", "call": sid(2), "reason": "x"}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("withheld"), "{body}");
}

#[tokio::test]
async fn a_caller_still_hearing_the_greeting_is_not_taken_for_gone() {
    let world = world().await;
    ring(&world.state, 1, "+447700900001").await;
    // Not in Twilio's queue yet (the greeting plays before <Enqueue>), but the call is live.
    *world.answer.lock().unwrap() = (
        404,
        r#"{"code":20404,"message":"The requested resource was not found","status":404}"#
            .to_owned(),
    );
    let (status, body) = press(
        &world,
        &world.screener,
        serde_json::json!({"command": "screen", "call": sid(1)}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("still hearing the greeting"), "{body}");
    assert_eq!(state_of(&world, 1).await, LineState::Waiting);
}

async fn age_line(world: &World, n: u32, seconds: i64) {
    sqlx::query(
        "UPDATE show_callers SET state_since = state_since - $2, \
         last_seen_at = COALESCE(last_seen_at, queued_at) - $2 WHERE call_sid = $1",
    )
    .bind(sid(n))
    .bind(seconds)
    .execute(&world.state.db)
    .await
    .unwrap();
}

fn call_fetches(world: &World) -> usize {
    world
        .asked
        .lock()
        .unwrap()
        .iter()
        .filter(|(m, path, _)| m == "GET" && path.contains("/Calls/"))
        .count()
}

#[tokio::test]
async fn a_missed_webhook_is_caught_a_caller_twilio_no_longer_has_ends_as_abandoned() {
    use app::ssr::show::reconcile::reconcile_show;
    let world = world().await;
    let show = shows::find_by_name(&world.state.db, SHOW)
        .await
        .unwrap()
        .unwrap();
    ring(&world.state, 1, "+447700900001").await;
    ring(&world.state, 2, "+447700900002").await;
    ring(&world.state, 3, "+447700900003").await;
    // 1 and 2 went quiet long ago; 3 was just heard from, so Twilio is not even asked about it.
    age_line(&world, 1, 200).await;
    age_line(&world, 2, 200).await;
    // Twilio still has the calls: nothing changes.
    assert_eq!(reconcile_show(&world.state, &show.id).await.unwrap(), 0);
    assert_eq!(call_fetches(&world), 2);
    assert_eq!(state_of(&world, 1).await, LineState::Waiting);
    // Now Twilio has none of them.
    *world.answer.lock().unwrap() = (404, r#"{"code":20404,"message":"gone"}"#.to_owned());
    assert_eq!(reconcile_show(&world.state, &show.id).await.unwrap(), 2);
    assert_eq!(state_of(&world, 1).await, LineState::Ended);
    assert_eq!(state_of(&world, 2).await, LineState::Ended);
    assert_eq!(state_of(&world, 3).await, LineState::Waiting);
    let stats = show_callers::statistics(&world.state.db, &show.id)
        .await
        .unwrap();
    assert_eq!(stats.abandoned.part, 2, "they hung up before air");
}

#[tokio::test]
async fn live_streams_are_capped_and_a_closed_one_frees_its_slot() {
    use server::routes::show_events::MAX_STREAMS;
    let world = world().await;
    let app = app(&world.state);
    let mut open = Vec::new();
    for _ in 0..MAX_STREAMS {
        let response = send(&app, events(Some(&world.host), SHOW)).await;
        assert_eq!(response.status(), StatusCode::OK);
        open.push(response);
    }
    let refused = send(&app, events(Some(&world.host), SHOW)).await;
    assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE);
    drop(open.pop());
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(
        send(&app, events(Some(&world.host), SHOW)).await.status(),
        StatusCode::OK
    );
}
