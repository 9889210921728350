//! The harness the end-to-end tests share: a scripted application that answers fixed TwiML per
//! path and records each request after checking its `X-Twilio-Signature`, the simulator serving
//! next to it, SDK-like devices on the signaling socket, and REST helpers.

// Each test file uses only some of these.
#![allow(dead_code)]

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

pub const ACCOUNT: &str = "AC11111111111111111111111111111111";
pub const KEY: &str = "SK11111111111111111111111111111111";
pub const SECRET: &str = "key-secret";
pub const AUTH: &str = "auth-token";
pub const APP: &str = "AP11111111111111111111111111111111";
pub const OFFER: &str = "v=0\r\n";

pub type Log = Arc<Mutex<Vec<(String, Vec<(String, String)>)>>>;

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
        // A Dial with an action and the dialled leg's own status callback.
        ("/voice", Some("client:bob")) => {
            r#"<Response><Dial action="/after-dial" timeout="5"><Client statusCallback="/leg-status" statusCallbackEvent="answered completed"><Identity>bob</Identity></Client></Dial></Response>"#
        }
        ("/hold-wait", _) => r#"<Response><Enqueue waitUrl="/music">hold-1</Enqueue></Response>"#,
        ("/music", _) => r#"<Response><Say>Please hold</Say><Pause length="1"/></Response>"#,
        ("/after-dial", _) => {
            r#"<Response><Say>Bob stepped away</Say><Pause length="60"/></Response>"#
        }
        ("/rejoin", _) => {
            r#"<Response><Dial action="/after-rejoin" timeout="5"><Queue>hold-1</Queue></Dial></Response>"#
        }
        ("/after-rejoin", _) => r#"<Response><Say>Goodbye</Say></Response>"#,
        ("/elsewhere", _) => {
            r#"<Response><Say>Somewhere else</Say><Pause length="60"/></Response>"#
        }
        ("/leg-status" | "/app-status", _) => "<Response/>",
        _ => r#"<Response><Reject/></Response>"#,
    };
    (
        StatusCode::OK,
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>{twiml}"),
    )
}

pub struct World {
    pub base: String,
    pub log: Log,
    pub sim: Simulator,
}

pub async fn start() -> World {
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
            status_callback_url: Some(format!("{base}/app-status")),
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
        .route("/hold-wait", post(webhook))
        .route("/music", post(webhook))
        .route("/after-dial", post(webhook))
        .route("/rejoin", post(webhook))
        .route("/after-rejoin", post(webhook))
        .route("/elsewhere", post(webhook))
        .route("/leg-status", post(webhook))
        .route("/app-status", post(webhook))
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
    World { base, log, sim }
}

pub struct Device(
    pub tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
);

impl Device {
    pub async fn online(base: &str, identity: &str) -> Self {
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
        Self::online_with(base, &token).await
    }

    /// Connected with `token` (signed with whatever account the simulator at `base` hosts).
    pub async fn online_with(base: &str, token: &str) -> Self {
        let url = format!("{}/sim/signal", base.replacen("http", "ws", 1));
        let (ws, _) = tokio_tungstenite::connect_async(url).await.unwrap();
        let mut d = Self(ws);
        d.send("listen", json!({"token": token})).await;
        d.expect("connected").await;
        d
    }

    pub async fn send(&mut self, kind: &str, payload: Value) {
        let frame = json!({"type": kind, "version": "1.6", "payload": payload});
        self.0
            .send(Message::Text(frame.to_string().into()))
            .await
            .unwrap();
    }

    pub async fn next(&mut self) -> (String, Value) {
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

    pub async fn expect(&mut self, kind: &str) -> Value {
        let (got, payload) = self.next().await;
        assert_eq!(got, kind, "{payload}");
        payload
    }

    /// The text of the next `<Say>`, skipping other frames.
    pub async fn next_said(&mut self) -> String {
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

    pub async fn call(&mut self, to: &str) -> String {
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

pub fn rest(base: &str, path: &str) -> String {
    format!("{base}/2010-04-01/Accounts/{ACCOUNT}{path}")
}

pub async fn get_json(base: &str, path: &str) -> Value {
    reqwest_get(&rest(base, path), Some((ACCOUNT, AUTH)))
        .await
        .1
}

pub async fn reqwest_get(url: &str, auth: Option<(&str, &str)>) -> (u16, Value) {
    let client = reqwest::Client::new();
    let mut request = client.get(url);
    if let Some((user, password)) = auth {
        request = request.basic_auth(user, Some(password));
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

pub fn logged(log: &Log, path: &str) -> Vec<Vec<(String, String)>> {
    log.lock()
        .unwrap()
        .iter()
        .filter(|(p, _)| p == path)
        .map(|(_, params)| params.clone())
        .collect()
}

pub fn field<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

pub async fn update_call(base: &str, sid: &str, body: &str) -> (u16, Value) {
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

pub async fn get_json_status(base: &str, path: &str) -> (u16, Value) {
    reqwest_get(&rest(base, path), Some((KEY, SECRET))).await
}
