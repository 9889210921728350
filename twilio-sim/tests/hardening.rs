//! The simulator against clients that misbehave: a socket acting on calls it does not own, a
//! token that expires while its socket stays open, oversized frames, a reader that stops
//! reading, too many sockets or calls, a number of ours claimed by a simulated phone, a device
//! that answers the instant it is invited (as scripted clients do; `scripts/sim-load` found it),
//! and the maps that must empty again once everyone has gone.

use std::{
    net::SocketAddr,
    sync::Arc,
    time::{Duration, SystemTime},
};

use axum::{Router, extract::Form, routing::post};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, tungstenite::Message};
use twilio_core::token::{TokenSpec, mint_access_token};
use twilio_sim::{
    Census, OwnNumbers, SimConfig, SimLimits, Simulator,
    media::{BoxFuture, MediaLeg, MediaNotice, MediaPlane, NoMedia},
};

const ACCOUNT: &str = "AC22222222222222222222222222222222";
const KEY: &str = "SK22222222222222222222222222222222";
const SECRET: &str = "key-secret";
const AUTH: &str = "auth-token";
const APP: &str = "AP22222222222222222222222222222222";
const OFFER: &str = "v=0\r\n";
/// Ours in this test: a simulated phone may not claim it.
const OUR_NUMBER: &str = "+442079460001";

/// The scripted application: `client:bob` is dialled with hangupOnStar, `hold` waits, anything
/// else is rejected.
async fn voice(Form(params): Form<Vec<(String, String)>>) -> String {
    let to = params
        .iter()
        .find(|(k, _)| k == "To")
        .map(|(_, v)| v.as_str());
    let twiml = match to {
        Some("client:bob") => {
            r#"<Response><Dial answerOnBridge="true" hangupOnStar="true" action="/after"><Client>bob</Client></Dial></Response>"#
        }
        Some("client:alice") => r#"<Response><Dial><Client>alice</Client></Dial></Response>"#,
        Some("hold") => r#"<Response><Pause length="60"/></Response>"#,
        _ => r#"<Response><Reject/></Response>"#,
    };
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>{twiml}")
}

async fn after() -> &'static str {
    r#"<?xml version="1.0" encoding="UTF-8"?><Response><Say>after the dial</Say></Response>"#
}

struct World {
    base: String,
    sim: Simulator,
}

async fn start_with(limits: SimLimits) -> World {
    start_with_media(limits, Arc::new(NoMedia::default())).await
}

async fn start_with_media(limits: SimLimits, media: Arc<dyn MediaPlane>) -> World {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let own: OwnNumbers = Arc::new(|n: String| Box::pin(async move { n == OUR_NUMBER }));
    let sim = Simulator::new(
        SimConfig {
            account_sid: ACCOUNT.into(),
            api_key_sid: KEY.into(),
            api_key_secret: SECRET.into(),
            auth_token: AUTH.into(),
            application_sid: APP.into(),
            voice_url: format!("{base}/voice"),
            status_callback_url: None,
            own_numbers: Some(own),
            recordings_dir: None,
            limits,
        },
        media,
        format!("{base}/2010-04-01"),
    )
    .unwrap();
    let app = Router::new()
        .route("/voice", post(voice))
        .route("/after", post(after))
        .merge(sim.router());
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap()
    });
    World { base, sim }
}

async fn start() -> World {
    start_with(SimLimits::default()).await
}

fn token(identity: &str, ttl: Duration) -> String {
    mint_access_token(
        &TokenSpec {
            account_sid: ACCOUNT.into(),
            api_key_sid: KEY.into(),
            api_key_secret: SECRET.into(),
            identity: identity.into(),
            ttl,
            outgoing_application_sid: Some(APP.into()),
            outgoing_params: None,
            incoming_allow: true,
        },
        SystemTime::now(),
    )
    .unwrap()
}

fn signal_url(base: &str) -> String {
    format!("{}/sim/signal", base.replacen("http", "ws", 1))
}

struct Device(WebSocketStream<MaybeTlsStream<TcpStream>>);

impl Device {
    async fn connect(base: &str) -> Self {
        let (ws, _) = tokio_tungstenite::connect_async(signal_url(base))
            .await
            .unwrap();
        Self(ws)
    }

    /// Connected with a token for `identity` (not registered).
    async fn listening(base: &str, identity: &str) -> Self {
        let mut d = Self::connect(base).await;
        d.send(
            "listen",
            json!({"token": token(identity, Duration::from_secs(600))}),
        )
        .await;
        d.expect("connected").await;
        d
    }

    /// Connected and registered for incoming calls.
    async fn online(base: &str, identity: &str) -> Self {
        let mut d = Self::listening(base, identity).await;
        d.send("register", json!({"media": {"audio": true}})).await;
        d.expect("ready").await;
        d
    }

    async fn send(&mut self, kind: &str, payload: Value) {
        let frame = json!({"type": kind, "version": "1.6", "payload": payload});
        self.0
            .send(Message::Text(frame.to_string().into()))
            .await
            .unwrap();
    }

    /// The next frame that is not a keepalive, or `None` if none comes within `wait`.
    async fn next_within(&mut self, wait: Duration) -> Option<(String, Value)> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let message = tokio::time::timeout_at(deadline, self.0.next())
                .await
                .ok()?;
            let Message::Text(text) = message.expect("the socket is open").unwrap() else {
                continue;
            };
            if text.trim().is_empty() {
                continue;
            }
            let v: Value = serde_json::from_str(&text).unwrap();
            return Some((v["type"].as_str().unwrap().to_owned(), v["payload"].clone()));
        }
    }

    async fn next(&mut self) -> (String, Value) {
        self.next_within(Duration::from_secs(10))
            .await
            .expect("a frame within 10 s")
    }

    async fn expect(&mut self, kind: &str) -> Value {
        let (got, payload) = self.next().await;
        assert_eq!(got, kind, "expected {kind}: {payload}");
        payload
    }

    /// Nothing but keepalives for a while.
    async fn quiet(&mut self, who: &str) {
        if let Some((kind, payload)) = self.next_within(Duration::from_millis(400)).await {
            panic!("{who} got {kind} {payload}, expected nothing");
        }
    }

    /// Whether the server closed the socket within `wait` (frames before that are skipped).
    async fn closed_within(&mut self, wait: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            match tokio::time::timeout_at(deadline, self.0.next()).await {
                Err(_) => return false,
                Ok(None | Some(Err(_)) | Some(Ok(Message::Close(_)))) => return true,
                Ok(Some(Ok(_))) => {}
            }
        }
    }

    /// Places a call with temporary id `temp`; our `CA…` from `ringing`.
    async fn call(&mut self, to: &str, temp: &str) -> String {
        self.send(
            "invite",
            json!({"callsid": temp, "sdp": OFFER, "twilio": {"params": format!("To={to}")}}),
        )
        .await;
        self.expect("ringing").await["callsid"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

/// Polls until the simulator holds nothing, or fails with what it still holds.
async fn assert_empties(sim: &Simulator) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        let census = sim.census();
        if census == Census::default() {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "still held: {census:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn another_socket_cannot_act_on_a_call_it_does_not_own() {
    let w = start().await;
    let mut bob = Device::online(&w.base, "bob").await;
    let mut alice = Device::online(&w.base, "alice").await;
    let mut eve = Device::online(&w.base, "eve").await;
    let call = alice.call("client%3Abob", "TJSalice").await;
    let leg = bob.expect("invite").await["callsid"]
        .as_str()
        .unwrap()
        .to_owned();

    // While bob's device rings, eve answers, declines and hangs up his leg and alice's call.
    eve.send("answer", json!({"callsid": leg, "sdp": OFFER}))
        .await;
    eve.send("reject", json!({"callsid": leg})).await;
    eve.send("hangup", json!({"callsid": leg})).await;
    eve.send("cancel", json!({"callsid": call})).await;
    eve.send("hangup", json!({"callsid": "TJSalice"})).await;
    eve.send("reinvite", json!({"callsid": call, "sdp": OFFER}))
        .await;
    eve.send("message", json!({"callsid": call, "voiceeventsid": "KX1"}))
        .await;
    eve.quiet("eve, acting on others' calls").await;
    alice.quiet("alice, whose call eve acted on").await;
    bob.quiet("bob, whose ringing leg eve acted on").await;

    // The call is intact: bob answers it.
    bob.send("answer", json!({"callsid": leg, "sdp": OFFER}))
        .await;
    assert_eq!(alice.expect("answer").await["callsid"], call);

    // Bridged: eve's star (hangupOnStar), hangups and DTMF change nothing.
    eve.send("dtmf", json!({"callsid": call, "dtmf": "*"}))
        .await;
    eve.send("dtmf", json!({"callsid": leg, "dtmf": "*"})).await;
    eve.send("hangup", json!({"callsid": call})).await;
    eve.send("hangup", json!({"callsid": leg})).await;
    alice.quiet("alice, in a call eve pressed * on").await;
    bob.quiet("bob, in a call eve hung up").await;

    // alice's own message is acknowledged; her own star ends the bridge, and bob's leg.
    alice
        .send("message", json!({"callsid": call, "voiceeventsid": "KX2"}))
        .await;
    assert_eq!(alice.expect("ack").await["voiceeventsid"], "KX2");
    alice
        .send("dtmf", json!({"callsid": call, "dtmf": "*"}))
        .await;
    assert_eq!(bob.expect("hangup").await["callsid"], leg);
    alice.send("hangup", json!({"callsid": call})).await;
}

#[tokio::test]
async fn a_temporary_id_names_only_the_calls_of_the_socket_that_used_it() {
    let w = start().await;
    let mut alice = Device::listening(&w.base, "alice").await;
    let mut eve = Device::listening(&w.base, "eve").await;
    // The SDK's temporary ids are random; a hostile page can copy another's.
    let alices = alice.call("hold", "TJSsame").await;
    alice.expect("answer").await;
    let eves = eve.call("hold", "TJSsame").await;
    eve.expect("answer").await;
    for _ in 0..5 {
        eve.send("hangup", json!({"callsid": "TJSsame"})).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(w.sim.census().legs, 1, "only eve's own call ended");
    eve.send("message", json!({"callsid": eves, "voiceeventsid": "KX1"}))
        .await;
    eve.quiet("eve, whose call ended").await;
    alice
        .send(
            "message",
            json!({"callsid": alices, "voiceeventsid": "KX2"}),
        )
        .await;
    assert_eq!(alice.expect("ack").await["callsid"], alices);
}

#[tokio::test]
async fn a_reconnect_token_re_attaches_a_call_only_for_its_own_identity() {
    let w = start_with(SimLimits {
        reconnect_window: Duration::from_secs(5),
        ..SimLimits::default()
    })
    .await;
    let mut bob = Device::online(&w.base, "bob").await;
    let mut alice = Device::online(&w.base, "alice").await;
    let call = alice.call("client%3Abob", "TJS1").await;
    let leg = bob.expect("invite").await["callsid"].clone();
    bob.send("answer", json!({"callsid": leg, "sdp": OFFER}))
        .await;
    let reconnect = alice.expect("answer").await["reconnect"]
        .as_str()
        .unwrap()
        .to_owned();

    // alice's socket drops; eve, who learnt the reconnect token, tries to take the call.
    alice.0.close(None).await.unwrap();
    let mut eve = Device::listening(&w.base, "eve").await;
    eve.send(
        "invite",
        json!({"callsid": call, "sdp": OFFER, "reconnect": reconnect}),
    )
    .await;
    let refused = eve.expect("hangup").await;
    assert!(refused["error"]["code"].is_number(), "{refused}");

    // alice herself can.
    let mut alice = Device::online(&w.base, "alice").await;
    alice
        .send(
            "invite",
            json!({"callsid": call, "sdp": OFFER, "reconnect": reconnect}),
        )
        .await;
    assert_eq!(alice.expect("answer").await["callsid"], call);
    bob.send("hangup", json!({"callsid": leg})).await;
    loop {
        let (kind, payload) = alice.next().await;
        if kind == "hangup" {
            assert_eq!(payload["callsid"], call);
            break;
        }
    }
}

#[tokio::test]
async fn a_token_that_expires_while_its_socket_is_open_is_refused_on_register_and_invite() {
    let w = start().await;
    let mut d = Device::connect(&w.base).await;
    d.send(
        "listen",
        json!({"token": token("alice", Duration::from_secs(2))}),
    )
    .await;
    d.expect("connected").await;
    d.send("register", json!({"media": {"audio": true}})).await;
    d.expect("ready").await;

    tokio::time::sleep(Duration::from_millis(2100)).await;
    // The SDK re-registers every 30 s: an expired token is told so (31205 → SDK 20104).
    d.send("register", json!({"media": {"audio": true}})).await;
    let error = d.expect("error").await;
    assert_eq!(error["error"]["code"], 31205, "{error}");
    d.send(
        "invite",
        json!({"callsid": "TJSx", "sdp": OFFER, "twilio": {"params": "To=hold"}}),
    )
    .await;
    let error = d.expect("error").await;
    assert_eq!(error["error"]["code"], 31205, "{error}");
    assert_eq!(error["callsid"], "TJSx");
    assert_eq!(d.expect("hangup").await["callsid"], "TJSx");
    assert_eq!(w.sim.census().legs, 0, "no call was placed");

    // An expired registration no longer rings.
    let mut bob = Device::listening(&w.base, "bob").await;
    bob.call("client%3Aalice", "TJSb").await;
    d.quiet("alice, whose token expired").await;

    // A fresh token (device.updateToken) brings it back.
    d.send(
        "listen",
        json!({"token": token("alice", Duration::from_secs(60))}),
    )
    .await;
    d.expect("connected").await;
    d.send("register", json!({"media": {"audio": true}})).await;
    d.expect("ready").await;
}

#[tokio::test]
async fn an_oversized_frame_closes_the_socket() {
    let w = start().await;
    let mut d = Device::connect(&w.base).await;
    // Just under the limit: read, and refused as a token.
    d.send("listen", json!({"token": "x".repeat(60 * 1024)}))
        .await;
    assert_eq!(d.expect("error").await["error"]["code"], 31204);
    // Over it: the socket closes.
    d.send("listen", json!({"token": "x".repeat(70 * 1024)}))
        .await;
    assert!(d.closed_within(Duration::from_secs(5)).await);
    assert_empties(&w.sim).await;
}

#[tokio::test]
async fn a_reader_that_stops_reading_is_disconnected() {
    let w = start_with(SimLimits {
        outgoing_queue: 8,
        ..SimLimits::default()
    })
    .await;
    // A client with a small receive window that never reads what we send it.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let stream = socket
        .connect(w.base.trim_start_matches("http://").parse().unwrap())
        .await
        .unwrap();
    let (mut ws, _) = tokio_tungstenite::client_async(signal_url(&w.base), stream)
        .await
        .unwrap();
    // Each register before a token is answered with an error frame, which nobody reads.
    let frame = json!({"type": "register", "version": "1.6", "payload": {}}).to_string();
    let flood = async {
        loop {
            if ws.send(Message::Text(frame.clone().into())).await.is_err() {
                return;
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(20), flood)
        .await
        .expect("the server hangs up on a reader that does not keep up");
    assert_empties(&w.sim).await;
}

#[tokio::test]
async fn sockets_beyond_the_limit_are_refused() {
    let w = start_with(SimLimits {
        max_sockets: 3,
        ..SimLimits::default()
    })
    .await;
    let mut open = Vec::new();
    for _ in 0..3 {
        open.push(Device::connect(&w.base).await);
    }
    match tokio_tungstenite::connect_async(signal_url(&w.base)).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            assert_eq!(response.status(), 503);
        }
        other => panic!("a fourth socket was not refused: {:?}", other.map(|_| ())),
    }
    // A closed socket frees its place.
    open.pop().unwrap().0.close(None).await.unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while tokio_tungstenite::connect_async(signal_url(&w.base))
        .await
        .is_err()
    {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the place came back"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn one_identity_cannot_hold_more_sockets_than_its_limit() {
    let w = start_with(SimLimits {
        max_sockets_per_identity: 2,
        ..SimLimits::default()
    })
    .await;
    let mut first = Device::online(&w.base, "alice").await;
    let _second = Device::online(&w.base, "alice").await;
    // The same socket may present a new token for its identity (device.updateToken).
    first
        .send(
            "listen",
            json!({"token": token("alice", Duration::from_secs(600))}),
        )
        .await;
    first.expect("connected").await;

    let mut third = Device::connect(&w.base).await;
    third
        .send(
            "listen",
            json!({"token": token("alice", Duration::from_secs(600))}),
        )
        .await;
    let error = third.expect("error").await;
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("too many connections"),
        "{error}"
    );
    assert!(third.closed_within(Duration::from_secs(5)).await);
    // Another identity is not affected.
    Device::online(&w.base, "bob").await;
}

#[tokio::test]
async fn one_identity_cannot_place_more_calls_than_its_limit() {
    let w = start_with(SimLimits {
        max_calls_per_identity: 2,
        ..SimLimits::default()
    })
    .await;
    let mut alice = Device::listening(&w.base, "alice").await;
    let mut tab = Device::listening(&w.base, "alice").await;
    let first = alice.call("hold", "TJS1").await;
    alice.expect("answer").await;
    tab.call("hold", "TJS2").await;
    tab.expect("answer").await;

    alice
        .send(
            "invite",
            json!({"callsid": "TJS3", "sdp": OFFER, "twilio": {"params": "To=hold"}}),
        )
        .await;
    let refused = alice.expect("hangup").await;
    assert_eq!(refused["callsid"], "TJS3");
    assert_eq!(refused["error"]["code"], 31002, "{refused}");
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("too many"),
        "{refused}"
    );
    // bob is not counted against alice.
    let mut bob = Device::listening(&w.base, "bob").await;
    bob.call("hold", "TJS4").await;

    // Ending one call makes room for the next.
    alice.send("hangup", json!({"callsid": first})).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    alice.call("hold", "TJS5").await;
}

#[tokio::test]
async fn every_map_empties_once_sockets_and_calls_are_gone() {
    let w = start_with(SimLimits {
        reconnect_window: Duration::from_millis(300),
        ..SimLimits::default()
    })
    .await;
    for round in 0..6 {
        let mut bob = Device::online(&w.base, "bob").await;
        let mut alice = Device::online(&w.base, "alice").await;
        let call = alice.call("client%3Abob", "TJS1").await;
        let leg = bob.expect("invite").await["callsid"].clone();
        bob.send("answer", json!({"callsid": leg, "sdp": OFFER}))
            .await;
        let reconnect = alice.expect("answer").await["reconnect"]
            .as_str()
            .unwrap()
            .to_owned();
        // alice's socket drops and her device re-attaches the call, twice.
        for _ in 0..2 {
            alice.0.close(None).await.unwrap();
            alice = Device::online(&w.base, "alice").await;
            alice
                .send(
                    "invite",
                    json!({"callsid": call, "sdp": OFFER, "reconnect": reconnect}),
                )
                .await;
            alice.expect("answer").await;
        }
        assert!(w.sim.census().aliases > 0, "re-attached calls use aliases");
        if round % 2 == 0 {
            bob.send("hangup", json!({"callsid": leg})).await;
        } else {
            // Nobody re-attaches: the call ends when the window passes.
            alice.0.close(None).await.unwrap();
            alice = Device::connect(&w.base).await;
        }
        // Some calls that were never answered, and bare sockets.
        let mut lone = Device::listening(&w.base, "carol").await;
        lone.call("hold", "TJS9").await;
        let _bare = Device::connect(&w.base).await;
        tokio::time::sleep(Duration::from_millis(100)).await;
        drop((alice, bob, lone));
    }
    assert_empties(&w.sim).await;
}

#[tokio::test]
async fn our_own_numbers_cannot_be_claimed_by_a_simulated_phone() {
    let w = start().await;
    let url = |n: &str| {
        format!(
            "{}/sim/phone/token?number={}",
            w.base,
            n.replace('+', "%2B")
        )
    };
    let response = reqwest::get(url(OUR_NUMBER)).await.unwrap();
    assert_eq!(response.status(), 403);
    let body: Value = response.json().await.unwrap();
    let message = body["error"].as_str().unwrap();
    assert!(message.contains("own numbers"), "{message}");
    let response = reqwest::get(url("+447700900123")).await.unwrap();
    assert_eq!(response.status(), 200);

    // A token naming the number some other way is refused when the device presents it.
    let mut d = Device::connect(&w.base).await;
    d.send(
        "listen",
        json!({"token": token(OUR_NUMBER, Duration::from_secs(60))}),
    )
    .await;
    let error = d.expect("error").await;
    assert_eq!(error["error"]["code"], 31201, "{error}");
    d.send("register", json!({"media": {"audio": true}})).await;
    assert_eq!(
        d.expect("error").await["error"]["code"],
        31201,
        "no identity"
    );
}

#[tokio::test]
async fn a_refused_socket_reads_why_but_a_closing_one_is_just_dropped() {
    let w = start_with(SimLimits {
        max_sockets_per_identity: 1,
        ..SimLimits::default()
    })
    .await;
    // A socket the device closes is dropped without a closing handshake, as a network drop
    // would be (the SDK then shows 31005 and reconnects, which `dropSignaling` relies on).
    let mut d = Device::listening(&w.base, "alice").await;
    d.0.send(Message::Close(None)).await.unwrap();
    let after = tokio::time::timeout(Duration::from_secs(5), d.0.next())
        .await
        .expect("the socket ends");
    assert!(
        !matches!(after, Some(Ok(Message::Close(_)))),
        "no close handshake: {after:?}"
    );
    assert_empties(&w.sim).await;
    // A socket we refuse gets the reason before the close.
    let _first = Device::listening(&w.base, "alice").await;
    let mut second = Device::connect(&w.base).await;
    second
        .send(
            "listen",
            json!({"token": token("alice", Duration::from_secs(60))}),
        )
        .await;
    assert_eq!(second.expect("error").await["error"]["code"], 31000);
    assert!(second.closed_within(Duration::from_secs(5)).await);
}

/// No media, but each offer to a dialled device takes a while to make, as a real media plane's
/// can under load: the simulator yields between the devices it rings.
struct SlowOffers(NoMedia);

impl MediaPlane for SlowOffers {
    fn accept_offer<'a>(
        &'a self,
        sdp: &'a str,
    ) -> BoxFuture<'a, Result<(MediaLeg, String), String>> {
        self.0.accept_offer(sdp)
    }
    fn create_offer(&self) -> BoxFuture<'_, Result<(MediaLeg, String), String>> {
        Box::pin(async {
            tokio::time::sleep(Duration::from_millis(200)).await;
            self.0.create_offer().await
        })
    }
    fn apply_answer<'a>(
        &'a self,
        leg: MediaLeg,
        sdp: &'a str,
    ) -> BoxFuture<'a, Result<(), String>> {
        self.0.apply_answer(leg, sdp)
    }
    fn reoffer<'a>(&'a self, leg: MediaLeg, sdp: &'a str) -> BoxFuture<'a, Result<String, String>> {
        self.0.reoffer(leg, sdp)
    }
    fn bridge(&self, a: MediaLeg, b: MediaLeg) {
        self.0.bridge(a, b)
    }
    fn unbridge(&self, leg: MediaLeg) {
        self.0.unbridge(leg)
    }
    fn hold(&self, leg: MediaLeg, on: bool) {
        self.0.hold(leg, on)
    }
    fn close(&self, leg: MediaLeg) {
        self.0.close(leg)
    }
    fn record(&self, leg: MediaLeg) {
        self.0.record(leg)
    }
    fn take_recording(&self, leg: MediaLeg) -> BoxFuture<'_, Vec<Vec<u8>>> {
        self.0.take_recording(leg)
    }
    fn notices(&self) -> Option<tokio::sync::broadcast::Receiver<MediaNotice>> {
        self.0.notices()
    }
}

#[tokio::test]
async fn a_device_that_answers_the_instant_it_rings_is_connected() {
    let world = start_with_media(
        SimLimits::default(),
        Arc::new(SlowOffers(NoMedia::default())),
    )
    .await;
    // bob has two tabs; the simulator makes an offer for each before either may answer.
    let mut first_tab = Device::online(&world.base, "bob").await;
    let mut second_tab = Device::online(&world.base, "bob").await;
    let mut alice = Device::online(&world.base, "alice").await;
    alice.call("client:bob", "TJS1").await;

    let invite = first_tab.expect("invite").await;
    let leg = invite["callsid"].as_str().unwrap().to_owned();
    first_tab
        .send("answer", json!({"callsid": leg, "sdp": OFFER}))
        .await;

    // answerOnBridge: alice hears the call answered once bob's answer bridged it.
    let answered = alice.expect("answer").await;
    assert!(answered["sdp"].is_string(), "{answered}");
    let (kind, payload) = second_tab.next().await;
    assert_eq!(kind, "invite", "{payload}");
    second_tab.expect("cancel").await;
    first_tab.quiet("the tab that answered").await;
}
