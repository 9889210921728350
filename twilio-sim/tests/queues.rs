//! The simulator against a scripted application: queues from both sides, the Queue REST API, and
//! the signature on every webhook. The application here answers fixed TwiML per path and records
//! each request after checking its `X-Twilio-Signature`.

use std::{
    net::SocketAddr,
    sync::{Arc, Mutex},
    time::{Duration, SystemTime},
};

use axum::{
    Router,
    extract::{OriginalUri, State},
    http::{HeaderMap, StatusCode},
    response::IntoResponse,
    routing::post,
};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use twilio_core::{
    signature::is_valid,
    token::{TokenSpec, mint_access_token},
};
use twilio_sim::{SimConfig, Simulator, media::NoMedia};

const ACCOUNT: &str = "AC11111111111111111111111111111111";
const KEY: &str = "SK11111111111111111111111111111111";
const SECRET: &str = "key-secret";
const AUTH: &str = "auth-token";
const APP: &str = "AP11111111111111111111111111111111";
const OFFER: &str = "v=0\r\n";

type Log = Arc<Mutex<Vec<(String, Vec<(String, String)>)>>>;

#[derive(Clone)]
struct AppState {
    base: String,
    log: Log,
}

/// The scripted application: `/voice` routes by `To`.
async fn webhook(
    State(app): State<AppState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: String,
) -> impl IntoResponse {
    let params: Vec<(String, String)> = serde_urlencoded::from_str(&body).unwrap();
    let url = format!("{}{}", app.base, uri.path());
    let signature = headers
        .get("x-twilio-signature")
        .map(|v| v.as_bytes().to_vec())
        .unwrap_or_default();
    if !is_valid(AUTH, &url, &params, &signature) {
        return (StatusCode::FORBIDDEN, String::new());
    }
    app.log
        .lock()
        .unwrap()
        .push((uri.path().to_owned(), params.clone()));
    let to = params
        .iter()
        .find(|(k, _)| k == "To")
        .map(|(_, v)| v.as_str());
    let twiml = match (uri.path(), to) {
        ("/voice", Some("radio")) => {
            r#"<Response><Enqueue action="/after-queue" waitUrl="/hold">radio</Enqueue><Say>Thanks for calling</Say></Response>"#
        }
        ("/voice", Some("client:host")) => {
            r#"<Response><Dial action="/dj-next" timeout="5"><Client url="/whisper"><Identity>host</Identity></Client></Dial></Response>"#
        }
        ("/whisper", _) => r#"<Response><Say>On air: Ann, from Leeds</Say></Response>"#,
        ("/connecting", _) => r#"<Response><Say>Connecting you to the DJ</Say></Response>"#,
        ("/voice", Some("next-caller")) => {
            r#"<Response><Dial hangupOnStar="true" timeout="5" action="/dj-next"><Queue url="/connecting">radio</Queue></Dial></Response>"#
        }
        ("/hold", _) => {
            r#"<Response><Say>You are in the queue</Say><Pause length="1"/></Response>"#
        }
        ("/after-queue", _) => r#"<Response><Say>Thanks, goodbye</Say></Response>"#,
        ("/dequeued", _) => r#"<Response><Say>Taken out of the queue</Say></Response>"#,
        ("/dj-next", _) => r#"<Response><Hangup/></Response>"#,
        _ => r#"<Response><Reject/></Response>"#,
    };
    (
        StatusCode::OK,
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>{twiml}"),
    )
}

struct World {
    base: String,
    log: Log,
}

async fn start() -> World {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let log: Log = Arc::default();
    let sim = Simulator::new(
        SimConfig {
            account_sid: ACCOUNT.into(),
            api_key_sid: KEY.into(),
            api_key_secret: SECRET.into(),
            auth_token: AUTH.into(),
            application_sid: APP.into(),
            voice_url: format!("{base}/voice"),
            status_callback_url: None,
            own_numbers: None,
            recordings_dir: None,
            limits: Default::default(),
        },
        Arc::new(NoMedia::default()),
        format!("{base}/2010-04-01"),
    )
    .unwrap();
    let app = Router::new()
        .route("/voice", post(webhook))
        .route("/hold", post(webhook))
        .route("/after-queue", post(webhook))
        .route("/dequeued", post(webhook))
        .route("/dj-next", post(webhook))
        .route("/whisper", post(webhook))
        .route("/connecting", post(webhook))
        .with_state(AppState {
            base: base.clone(),
            log: log.clone(),
        })
        .merge(sim.router());
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap()
    });
    World { base, log }
}

struct Device(
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
);

impl Device {
    async fn online(base: &str, identity: &str) -> Self {
        let url = format!("{}/sim/signal", base.replacen("http", "ws", 1));
        let (ws, _) = tokio_tungstenite::connect_async(url).await.unwrap();
        let mut d = Self(ws);
        let token = mint_access_token(
            &TokenSpec {
                account_sid: ACCOUNT.into(),
                api_key_sid: KEY.into(),
                api_key_secret: SECRET.into(),
                identity: identity.into(),
                ttl: Duration::from_secs(600),
                outgoing_application_sid: Some(APP.into()),
                outgoing_params: None,
                incoming_allow: true,
            },
            SystemTime::now(),
        )
        .unwrap();
        d.send("listen", json!({"token": token})).await;
        d.expect("connected").await;
        d
    }

    async fn send(&mut self, kind: &str, payload: Value) {
        let frame = json!({"type": kind, "version": "1.6", "payload": payload});
        self.0
            .send(Message::Text(frame.to_string().into()))
            .await
            .unwrap();
    }

    async fn next(&mut self) -> (String, Value) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let Message::Text(text) = tokio::time::timeout_at(deadline, self.0.next())
                .await
                .expect("a frame within 10 s")
                .unwrap()
                .unwrap()
            else {
                continue;
            };
            if text.trim().is_empty() {
                continue;
            }
            let v: Value = serde_json::from_str(&text).unwrap();
            return (v["type"].as_str().unwrap().to_owned(), v["payload"].clone());
        }
    }

    async fn expect(&mut self, kind: &str) -> Value {
        let (got, payload) = self.next().await;
        assert_eq!(got, kind, "{payload}");
        payload
    }

    /// The text of the next `<Say>`, skipping other frames.
    async fn next_said(&mut self) -> String {
        loop {
            let (kind, payload) = self.next().await;
            if kind == "message" {
                let content: Value =
                    serde_json::from_str(payload["content"].as_str().unwrap()).unwrap();
                if content["twiml"] == "Say" {
                    return content["text"].as_str().unwrap().to_owned();
                }
            }
        }
    }

    async fn call(&mut self, to: &str) -> String {
        self.send(
            "invite",
            json!({"callsid": "TJS1", "sdp": OFFER, "twilio": {"params": format!("To={to}")}}),
        )
        .await;
        self.expect("ringing").await["callsid"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

fn rest(base: &str, path: &str) -> String {
    format!("{base}/2010-04-01/Accounts/{ACCOUNT}{path}")
}

async fn get_json(base: &str, path: &str) -> Value {
    reqwest_get(&rest(base, path), Some((ACCOUNT, AUTH)))
        .await
        .1
}

async fn reqwest_get(url: &str, auth: Option<(&str, &str)>) -> (u16, Value) {
    let client = reqwest::Client::new();
    let mut request = client.get(url);
    if let Some((user, password)) = auth {
        request = request.basic_auth(user, Some(password));
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_caller_waits_in_a_queue_until_the_dj_takes_them_then_presses_star() {
    let world = start().await;
    let mut caller = Device::online(&world.base, "listener").await;
    let caller_sid = caller.call("radio").await;
    caller.expect("answer").await;
    assert_eq!(caller.next_said().await, "You are in the queue");

    // The queue exists, with the caller at the front.
    let queues = get_json(&world.base, "/Queues.json").await;
    let queue = &queues["queues"][0];
    assert_eq!(queue["friendly_name"], "radio");
    assert_eq!(queue["current_size"], 1);
    let queue_sid = queue["sid"].as_str().unwrap().to_owned();
    let members = get_json(&world.base, &format!("/Queues/{queue_sid}/Members.json")).await;
    assert_eq!(members["queue_members"][0]["call_sid"], caller_sid);
    assert_eq!(members["queue_members"][0]["position"], 1);
    let front = get_json(
        &world.base,
        &format!("/Queues/{queue_sid}/Members/Front.json"),
    )
    .await;
    assert_eq!(front["call_sid"], caller_sid);

    // The DJ's "next caller": <Dial><Queue>.
    let mut dj = Device::online(&world.base, "dj").await;
    let dj_sid = dj.call("next-caller").await;
    dj.expect("answer").await;
    // <Queue url>: played to the dequeued caller alone, before the bridge.
    assert_eq!(caller.next_said().await, "Connecting you to the DJ");
    // Bridged once the announcement has been said (about 1.5 s).
    tokio::time::sleep(Duration::from_millis(1800)).await;
    let queue = get_json(&world.base, &format!("/Queues/{queue_sid}.json")).await;
    assert_eq!(queue["current_size"], 0, "the caller left the queue");

    // * ends the bridge: the caller goes on to the Enqueue action, the DJ to the Dial action.
    dj.send("dtmf", json!({"callsid": dj_sid, "dtmf": "*"}))
        .await;
    assert_eq!(caller.next_said().await, "Thanks, goodbye");
    let (kind, _) = dj.next().await;
    assert_eq!(kind, "hangup", "the DJ's action said <Hangup/>");

    let log = world.log.lock().unwrap().clone();
    let after = log
        .iter()
        .find(|(p, _)| p == "/after-queue")
        .expect("Enqueue action requested");
    let field = |k: &str| after.1.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    assert_eq!(field("QueueResult").as_deref(), Some("bridged"));
    assert_eq!(field("QueueSid").as_deref(), Some(queue_sid.as_str()));
    assert_eq!(field("DequeingCallSid").as_deref(), Some(dj_sid.as_str()));
    let connecting = log
        .iter()
        .find(|(p, _)| p == "/connecting")
        .expect("the Queue url was requested");
    let announced = |k: &str| {
        connecting
            .1
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(announced("CallSid").as_deref(), Some(caller_sid.as_str()));
    assert_eq!(
        announced("DequeingCallSid").as_deref(),
        Some(dj_sid.as_str())
    );
    assert_eq!(announced("QueueSid").as_deref(), Some(queue_sid.as_str()));
    let dj_action = log
        .iter()
        .find(|(p, _)| p == "/dj-next")
        .expect("Dial action requested");
    let dj_field = |k: &str| {
        dj_action
            .1
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(
        dj_field("DialCallSid").as_deref(),
        Some(caller_sid.as_str())
    );
    assert_eq!(dj_field("DialCallStatus").as_deref(), Some("completed"));
    let hold = log.iter().find(|(p, _)| p == "/hold").unwrap();
    assert!(hold.1.iter().any(|(k, v)| k == "QueuePosition" && v == "1"));
}

#[tokio::test]
async fn the_rest_api_dequeues_a_caller_to_other_twiml() {
    let world = start().await;
    let mut caller = Device::online(&world.base, "listener").await;
    let caller_sid = caller.call("radio").await;
    caller.expect("answer").await;
    assert_eq!(caller.next_said().await, "You are in the queue");
    let queue_sid = get_json(&world.base, "/Queues.json").await["queues"][0]["sid"]
        .as_str()
        .unwrap()
        .to_owned();
    let response = reqwest::Client::new()
        .post(rest(
            &world.base,
            &format!("/Queues/{queue_sid}/Members/{caller_sid}.json"),
        ))
        .basic_auth(KEY, Some(SECRET))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("Url=%2Fdequeued")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(caller.next_said().await, "Taken out of the queue");
    let members = get_json(&world.base, &format!("/Queues/{queue_sid}/Members.json")).await;
    assert_eq!(members["queue_members"], json!([]));
}

/// Twilio: "When redirecting a member … addressed by CallSid, only the first request will
/// succeed and return a 200 … A second request will fail and return an appropriate 400"
/// (<https://www.twilio.com/docs/voice/api/member-resource>). Also when the two race.
#[tokio::test]
async fn only_the_first_of_two_simultaneous_dequeues_of_a_member_succeeds_the_other_gets_400() {
    let world = start().await;
    let mut caller = Device::online(&world.base, "listener").await;
    let caller_sid = caller.call("radio").await;
    caller.expect("answer").await;
    assert_eq!(caller.next_said().await, "You are in the queue");
    let queue_sid = get_json(&world.base, "/Queues.json").await["queues"][0]["sid"]
        .as_str()
        .unwrap()
        .to_owned();
    let dequeue = || {
        reqwest::Client::new()
            .post(rest(
                &world.base,
                &format!("/Queues/{queue_sid}/Members/{caller_sid}.json"),
            ))
            .basic_auth(KEY, Some(SECRET))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("Url=%2Fdequeued")
            .send()
    };
    let (a, b) = tokio::join!(dequeue(), dequeue());
    let mut statuses = [a.unwrap().status().as_u16(), b.unwrap().status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 400]);
    assert_eq!(caller.next_said().await, "Taken out of the queue");
    let late = dequeue().await.unwrap();
    assert_eq!(late.status(), 400);
    let body: serde_json::Value = late.json().await.unwrap();
    assert_eq!(body["status"], json!(400));
    assert!(
        body["message"].as_str().unwrap().contains("already"),
        "{body}"
    );
}

#[tokio::test]
async fn the_rest_api_refuses_bad_credentials_and_unknown_resources() {
    let world = start().await;
    let (status, body) = reqwest_get(&rest(&world.base, "/Queues.json"), None).await;
    assert_eq!((status, body["code"].clone()), (401, json!(20003)));
    let (status, _) =
        reqwest_get(&rest(&world.base, "/Queues.json"), Some((ACCOUNT, "wrong"))).await;
    assert_eq!(status, 401);
    let (status, body) = reqwest_get(
        &rest(
            &world.base,
            "/Queues/QU00000000000000000000000000000000.json",
        ),
        Some((ACCOUNT, AUTH)),
    )
    .await;
    assert_eq!((status, body["code"].clone()), (404, json!(20404)));
    let created = reqwest::Client::new()
        .post(rest(&world.base, "/Queues.json"))
        .basic_auth(ACCOUNT, Some(AUTH))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("FriendlyName=support&MaxSize=9000")
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 400, "MaxSize above 5000 is refused");
    let created = reqwest::Client::new()
        .post(rest(&world.base, "/Queues.json"))
        .basic_auth(ACCOUNT, Some(AUTH))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("FriendlyName=support&MaxSize=10")
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let body: Value = created.json().await.unwrap();
    assert_eq!(body["max_size"], 10);
    assert!(body["sid"].as_str().unwrap().starts_with("QU"));
}

#[tokio::test]
async fn an_unsigned_or_failing_application_ends_the_call_with_an_error() {
    let world = start().await;
    let mut d = Device::online(&world.base, "someone").await;
    // The scripted app rejects unknown destinations with <Reject/>.
    d.call("nowhere").await;
    let hangup = d.expect("hangup").await;
    assert_eq!(hangup["error"]["code"], 31603);
}

fn logged(log: &Log, path: &str) -> Vec<Vec<(String, String)>> {
    log.lock()
        .unwrap()
        .iter()
        .filter(|(p, _)| p == path)
        .map(|(_, params)| params.clone())
        .collect()
}

fn field<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

async fn update_call(base: &str, sid: &str, body: &str) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(rest(base, &format!("/Calls/{sid}.json")))
        .basic_auth(KEY, Some(SECRET))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// `<Client url>`: the whisper reaches the dialled leg alone before the bridge; then the Call
/// resource redirects the bridged caller (the dialled leg is hung up, the Dial's action is not
/// requested) and hangs the call up; an ended call is not found.
#[tokio::test]
async fn a_whisper_reaches_the_callee_alone_then_the_call_resource_redirects_and_hangs_up() {
    let world = start().await;
    let mut host = Device::online(&world.base, "host").await;
    host.send("register", json!({"media": {"audio": true}}))
        .await;
    host.expect("ready").await;
    let mut caller = Device::online(&world.base, "listener").await;
    let call = caller.call("client%3Ahost").await;
    let leg = host.expect("invite").await["callsid"]
        .as_str()
        .unwrap()
        .to_owned();
    host.send("answer", json!({"callsid": leg, "sdp": OFFER}))
        .await;
    assert_eq!(host.next_said().await, "On air: Ann, from Leeds");
    let whisper = logged(&world.log, "/whisper");
    assert_eq!(whisper.len(), 1);
    assert_eq!(field(&whisper[0], "CallSid"), Some(leg.as_str()));
    assert_eq!(field(&whisper[0], "ParentCallSid"), Some(call.as_str()));
    // The caller is answered only once the whisper is over and the legs are bridged.
    assert_eq!(caller.expect("answer").await["callsid"], call.as_str());

    let (status, fetched) = get_json_status(&world.base, &format!("/Calls/{call}.json")).await;
    assert_eq!(
        (status, fetched["status"].as_str()),
        (200, Some("in-progress"))
    );

    let (status, body) = update_call(&world.base, &call, "Url=%2Fdequeued&Method=POST").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(host.expect("hangup").await["callsid"], leg.as_str());
    assert_eq!(caller.next_said().await, "Taken out of the queue");
    assert!(
        logged(&world.log, "/dj-next").is_empty(),
        "no Dial action after a redirect"
    );
}

#[tokio::test]
async fn the_call_resource_hangs_up_a_call_and_then_it_is_gone() {
    let world = start().await;
    let mut caller = Device::online(&world.base, "listener").await;
    let call = caller.call("radio").await;
    caller.expect("answer").await;
    assert_eq!(caller.next_said().await, "You are in the queue");
    let (status, body) = update_call(&world.base, &call, "Status=completed").await;
    assert_eq!(status, 200, "{body}");
    loop {
        let (kind, payload) = caller.next().await;
        if kind == "hangup" {
            assert_eq!(payload["callsid"], call.as_str());
            break;
        }
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (status, body) = get_json_status(&world.base, &format!("/Calls/{call}.json")).await;
    assert_eq!((status, body["code"].as_u64()), (404, Some(20404)));
    let (status, body) = update_call(&world.base, &call, "Status=completed").await;
    assert_eq!((status, body["code"].as_u64()), (404, Some(20404)));
    let (status, body) = update_call(&world.base, "CAnot-a-call", "Status=bogus").await;
    assert_eq!(status, 404, "{body}");
}

#[tokio::test]
async fn a_caller_hanging_up_during_a_dial_still_gets_its_action_requested() {
    let world = start().await;
    let mut host = Device::online(&world.base, "host").await;
    host.send("register", json!({"media": {"audio": true}}))
        .await;
    host.expect("ready").await;
    let mut caller = Device::online(&world.base, "listener").await;
    let call = caller.call("client%3Ahost").await;
    let leg = host.expect("invite").await["callsid"]
        .as_str()
        .unwrap()
        .to_owned();
    host.send("answer", json!({"callsid": leg, "sdp": OFFER}))
        .await;
    assert_eq!(host.next_said().await, "On air: Ann, from Leeds");
    caller.expect("answer").await;
    caller.send("hangup", json!({"callsid": call})).await;
    assert_eq!(host.expect("hangup").await["callsid"], leg.as_str());
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    let action = loop {
        if let Some(params) = logged(&world.log, "/dj-next").pop() {
            break params;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the Dial action was requested"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(field(&action, "CallStatus"), Some("completed"));
    assert_eq!(field(&action, "DialCallStatus"), Some("completed"));
}

async fn get_json_status(base: &str, path: &str) -> (u16, Value) {
    reqwest_get(&rest(base, path), Some((KEY, SECRET))).await
}
