//! A scripted Voice SDK device: speaks the PStream protocol over a real WebSocket to the local
//! simulator, so tests can place and answer calls without a browser.

use std::time::{Duration, SystemTime};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, tungstenite::Message};
use twilio_core::token::{TokenSpec, mint_access_token};

/// Any offer the simulator's media plane accepts; the signaling tests use `NoMedia`.
pub const OFFER: &str = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=rtpmap:111 opus/48000/2\r\na=sendrecv\r\n";

pub struct Device {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

/// A token for `identity` on the test account.
pub fn token(identity: &str, ttl: Duration) -> String {
    mint_access_token(
        &TokenSpec {
            account_sid: super::ACCOUNT_SID.into(),
            api_key_sid: "SK0123456789abcdef0123456789abcdef".into(),
            api_key_secret: super::API_SECRET.into(),
            identity: identity.into(),
            ttl,
            outgoing_application_sid: Some("AP0123456789abcdef0123456789abcdef".into()),
            outgoing_params: None,
            incoming_allow: true,
        },
        SystemTime::now(),
    )
    .unwrap()
}

impl Device {
    pub async fn connect(base: &str) -> Self {
        let url = format!("{}/sim/signal", base.replacen("http", "ws", 1));
        let (ws, _) = tokio_tungstenite::connect_async(url).await.unwrap();
        Self { ws }
    }

    /// Connected with a valid token and registered for incoming calls.
    pub async fn online(base: &str, identity: &str) -> Self {
        let mut d = Self::connect(base).await;
        d.send(
            "listen",
            json!({"token": token(identity, Duration::from_secs(600))}),
        )
        .await;
        let connected = d.expect("connected").await;
        assert_eq!(connected["token"]["identity"], identity);
        d.send("register", json!({"media": {"audio": true}})).await;
        d.expect("ready").await;
        d
    }

    pub async fn send(&mut self, kind: &str, payload: Value) {
        let frame = json!({"type": kind, "version": "1.6", "payload": payload});
        self.ws
            .send(Message::Text(frame.to_string().into()))
            .await
            .unwrap();
    }

    /// The next frame that is not a keepalive: `(type, payload)`.
    pub async fn next(&mut self) -> (String, Value) {
        loop {
            let message = tokio::time::timeout(Duration::from_secs(10), self.ws.next())
                .await
                .expect("a frame within 10 s")
                .expect("the socket is open")
                .unwrap();
            let Message::Text(text) = message else {
                continue;
            };
            if text.trim().is_empty() {
                continue;
            }
            let v: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(v["version"], "1.6");
            return (v["type"].as_str().unwrap().to_owned(), v["payload"].clone());
        }
    }

    /// The next frame, which must be of type `kind`; its payload.
    pub async fn expect(&mut self, kind: &str) -> Value {
        let (got, payload) = self.next().await;
        assert_eq!(got, kind, "expected {kind}, got {got}: {payload}");
        payload
    }

    /// Skips `message` frames (spoken text), returning the next other frame.
    pub async fn next_skipping_messages(&mut self) -> (String, Value) {
        loop {
            let (kind, payload) = self.next().await;
            if kind != "message" {
                return (kind, payload);
            }
        }
    }

    /// Places a call with `params`; returns our `CA…` from `ringing`.
    pub async fn call(&mut self, params: &str) -> String {
        self.send(
            "invite",
            json!({"callsid": "TJSdeadbeef", "sdp": OFFER, "twilio": {"params": params}}),
        )
        .await;
        let ringing = self.expect("ringing").await;
        ringing["callsid"].as_str().unwrap().to_owned()
    }

    pub async fn close(mut self) {
        let _ = self.ws.close(None).await;
    }
}
