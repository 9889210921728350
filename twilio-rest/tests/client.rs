//! The client against a scripted server (retries, timeouts, auth and form as Twilio reads them)
//! and against the local simulator's Queue REST (the shapes it reads are the ones Twilio serves).

use std::{
    net::SocketAddr,
    sync::{
        Arc,
        atomic::{AtomicU32, Ordering},
    },
    time::Duration,
};

use axum::{
    Router,
    extract::State,
    http::{HeaderMap, StatusCode},
    response::IntoResponse,
    routing::any,
};
use twilio_rest::{CallUpdate, Client, ClientConfig, RestError, retry::RetryPolicy};
use twilio_sim::{SimConfig, Simulator, media::NoMedia};
use url::Url;

const ACCOUNT: &str = "AC11111111111111111111111111111111";
const KEY: &str = "SK11111111111111111111111111111111";
const SECRET: &str = "key-secret";
const QUEUE: &str = "QU22222222222222222222222222222222";
const CALL: &str = "CA33333333333333333333333333333333";

fn config(base: &str) -> ClientConfig {
    ClientConfig {
        api_base: Url::parse(&format!("{base}/2010-04-01")).unwrap(),
        account_sid: ACCOUNT.into(),
        username: KEY.into(),
        password: SECRET.into(),
        timeout: Duration::from_millis(300),
        retry: RetryPolicy {
            attempts: 3,
            first_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(50),
        },
    }
}

async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

/// One scripted answer: status, body, delay in milliseconds.
type Step = (u16, &'static str, u64);
type Script = (Arc<AtomicU32>, Arc<Vec<Step>>);

/// A server that answers each request with the next of `script` (status, body, delay), the
/// last one repeating, and counts requests.
async fn scripted(script: Vec<Step>) -> (String, Arc<AtomicU32>) {
    let count = Arc::new(AtomicU32::new(0));
    let script = Arc::new(script);
    let app = Router::new()
        .fallback(any(|State((count, script)): State<Script>| async move {
            let n = count.fetch_add(1, Ordering::SeqCst) as usize;
            let (status, body, delay) = script[n.min(script.len() - 1)];
            tokio::time::sleep(Duration::from_millis(delay)).await;
            (StatusCode::from_u16(status).unwrap(), body)
        }))
        .with_state((count.clone(), script));
    (serve(app).await, count)
}

const QUEUE_JSON: &str = r#"{"sid":"QU22222222222222222222222222222222","friendly_name":"hold-call-in","current_size":2,"average_wait_time":41,"max_size":100}"#;

#[tokio::test]
async fn a_read_is_retried_after_a_503_and_then_succeeds() {
    let (base, count) = scripted(vec![(503, "{}", 0), (200, QUEUE_JSON, 0)]).await;
    let client = Client::new(config(&base)).unwrap();
    let queue = client.fetch_queue(QUEUE).await.unwrap();
    assert_eq!((queue.current_size, queue.average_wait_time), (2, 41));
    assert_eq!(count.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_dequeue_is_not_repeated_after_a_500_since_it_may_have_happened() {
    let (base, count) = scripted(vec![(500, "{}", 0), (200, "{}", 0)]).await;
    let client = Client::new(config(&base)).unwrap();
    let url = Url::parse("https://example.com/next").unwrap();
    let e = client.dequeue(QUEUE, CALL, &url).await.unwrap_err();
    assert_eq!(e.status(), Some(500));
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_write_is_retried_on_429_and_gives_up_after_the_attempts() {
    let (base, count) = scripted(vec![(
        429,
        r#"{"code":20429,"message":"Too Many Requests"}"#,
        0,
    )])
    .await;
    let client = Client::new(config(&base)).unwrap();
    let e = client
        .update_call(CALL, &CallUpdate::Complete)
        .await
        .unwrap_err();
    assert_eq!(
        e,
        RestError::Twilio {
            status: 429,
            code: Some(20429),
            message: "Too Many Requests".into()
        }
    );
    assert_eq!(count.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_slow_answer_times_out_and_a_timed_out_write_is_not_repeated() {
    let (base, count) = scripted(vec![(200, QUEUE_JSON, 2_000)]).await;
    let client = Client::new(config(&base)).unwrap();
    let e = client
        .update_call(CALL, &CallUpdate::Complete)
        .await
        .unwrap_err();
    assert_eq!(e, RestError::Timeout);
    assert_eq!(count.load(Ordering::SeqCst), 1);
    assert_eq!(
        client.fetch_queue(QUEUE).await.unwrap_err(),
        RestError::Timeout
    );
    assert_eq!(
        count.load(Ordering::SeqCst),
        4,
        "a read is tried three times"
    );
}

#[tokio::test]
async fn requests_carry_basic_auth_the_account_path_and_twilios_form_fields() {
    type Seen = Arc<std::sync::Mutex<Vec<(String, String, String)>>>;
    let seen: Seen = Arc::default();
    let app =
        Router::new()
            .fallback(any(
                |State(seen): State<Seen>,
                 uri: axum::http::Uri,
                 headers: HeaderMap,
                 body: String| async move {
                    let auth = headers
                        .get("authorization")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_owned();
                    seen.lock().unwrap().push((uri.to_string(), auth, body));
                    (
                        StatusCode::OK,
                        r#"{"sid":"CA33333333333333333333333333333333","status":"in-progress"}"#,
                    )
                        .into_response()
                },
            ))
            .with_state(seen.clone());
    let base = serve(app).await;
    let client = Client::new(config(&base)).unwrap();
    let url = Url::parse("https://example.com/twilio/hotline/requeue?show=call-in").unwrap();
    let call = client
        .update_call(CALL, &CallUpdate::Redirect(url))
        .await
        .unwrap();
    assert_eq!(call.status, "in-progress");
    let seen = seen.lock().unwrap();
    let (path, auth, body) = &seen[0];
    assert_eq!(
        path,
        &format!("/2010-04-01/Accounts/{ACCOUNT}/Calls/{CALL}.json")
    );
    use base64::Engine as _;
    let expected = base64::engine::general_purpose::STANDARD.encode(format!("{KEY}:{SECRET}"));
    assert_eq!(auth, &format!("Basic {expected}"));
    let form: Vec<(String, String)> = serde_urlencoded::from_str(body).unwrap();
    assert_eq!(
        form,
        vec![
            (
                "Url".to_owned(),
                "https://example.com/twilio/hotline/requeue?show=call-in".to_owned()
            ),
            ("Method".to_owned(), "POST".to_owned())
        ]
    );
}

#[tokio::test]
async fn a_malformed_sid_cannot_reach_another_path() {
    let (base, count) = scripted(vec![(404, r#"{"code":20404,"message":"not found"}"#, 0)]).await;
    let client = Client::new(config(&base)).unwrap();
    let e = client.fetch_call("CA../../Queues").await.unwrap_err();
    assert!(e.is_not_found());
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

async fn simulator() -> String {
    simulator_keeping(None).await
}

async fn simulator_keeping(recordings_dir: Option<std::path::PathBuf>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let sim = Simulator::new(
        SimConfig {
            account_sid: ACCOUNT.into(),
            api_key_sid: KEY.into(),
            api_key_secret: SECRET.into(),
            auth_token: "auth-token".into(),
            application_sid: "AP11111111111111111111111111111111".into(),
            voice_url: format!("{base}/voice"),
            status_callback_url: None,
            own_numbers: None,
            recordings_dir,
            limits: Default::default(),
        },
        Arc::new(NoMedia::default()),
        format!("{base}/2010-04-01"),
    )
    .unwrap();
    let app = sim.router();
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap()
    });
    base
}

#[tokio::test]
async fn the_simulators_queues_read_as_twilios() {
    let base = simulator().await;
    let client = Client::new(config(&base)).unwrap();
    assert_eq!(client.queue_by_name("hold-call-in").await.unwrap(), None);
    let created = reqwest::Client::new()
        .post(format!("{base}/2010-04-01/Accounts/{ACCOUNT}/Queues.json"))
        .basic_auth(KEY, Some(SECRET))
        .form(&[("FriendlyName", "hold-call-in"), ("MaxSize", "25")])
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let queue = client.queue_by_name("hold-call-in").await.unwrap().unwrap();
    assert_eq!(
        (queue.current_size, queue.average_wait_time, queue.max_size),
        (0, 0, 25)
    );
    assert_eq!(client.fetch_queue(&queue.sid).await.unwrap(), queue);
    assert!(client.list_members(&queue.sid).await.unwrap().is_empty());
    let url = Url::parse(&format!("{base}/next")).unwrap();
    let e = client.dequeue(&queue.sid, CALL, &url).await.unwrap_err();
    assert!(e.is_not_found(), "{e}");
}

#[tokio::test]
async fn wrong_credentials_are_refused_with_twilios_error() {
    let base = simulator().await;
    let mut config = config(&base);
    config.password = "wrong".into();
    let e = Client::new(config)
        .unwrap()
        .list_queues()
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(401));
}

#[tokio::test]
async fn a_recordings_audio_streams_with_ranges_and_deleting_it_is_for_good() {
    let dir = std::env::temp_dir().join(format!("twilio-rest-recordings-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let sid = "RE0123456789abcdef0123456789abcdef";
    let audio: Vec<u8> = (0..=255u8).cycle().take(4000).collect();
    std::fs::write(dir.join(format!("{sid}.ogg")), &audio).unwrap();
    let base = simulator_keeping(Some(dir.clone())).await;
    let client = Client::new(config(&base)).unwrap();

    let whole = client.recording_media(sid, None).await.unwrap();
    assert_eq!(whole.status(), 200);
    assert_eq!(whole.headers()["content-type"], "audio/ogg");
    assert_eq!(whole.bytes().await.unwrap(), audio);
    let part = client
        .recording_media(sid, Some("bytes=100-199"))
        .await
        .unwrap();
    assert_eq!(part.status(), 206);
    assert_eq!(part.bytes().await.unwrap(), audio[100..200]);

    // Without the account's credentials there is nothing to hear.
    let anonymous = reqwest::get(format!(
        "{base}/2010-04-01/Accounts/{ACCOUNT}/Recordings/{sid}"
    ))
    .await
    .unwrap();
    assert_eq!(anonymous.status(), 401);
    // A path that is not a recording SID names no file, wherever it points.
    let e = client
        .recording_media("RE../../etc/passwd", None)
        .await
        .unwrap_err();
    assert!(e.is_not_found(), "{e}");

    client.delete_recording(sid).await.unwrap();
    assert!(!dir.join(format!("{sid}.ogg")).exists());
    let e = client.recording_media(sid, None).await.unwrap_err();
    assert!(e.is_not_found(), "{e}");
    assert!(
        client
            .delete_recording(sid)
            .await
            .unwrap_err()
            .is_not_found()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
