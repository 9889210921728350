//! A Voice SDK `Device`, scripted: the PStream 1.6 signaling socket (`docs/twilio-signaling.md`),
//! registered for incoming calls, echoing keepalives, answering every call it is offered and
//! placing one when told to, with a [`Peer`] carrying each call's media.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio::sync::{oneshot, watch};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, tungstenite::Message};

use super::account;
use super::peer::{Counters, Identity, Peer, stopped};

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// How long one expected frame may take before the device gives up.
const FRAME_WAIT: Duration = Duration::from_secs(30);

/// What every device shares with the script.
pub struct Shared {
    pub peer_identity: Identity,
    /// Every call leg's counters, callers' and callees'.
    pub legs: Mutex<Vec<Arc<Counters>>>,
    /// When each callee's device received its incoming `invite` (it rings): by identity.
    pub rang_at: Mutex<HashMap<String, Instant>>,
    pub stop: watch::Receiver<bool>,
}

/// A call to place once `go` fires.
pub struct CallPlan {
    /// The callee's identity.
    pub to: String,
    pub go: oneshot::Receiver<()>,
    pub report: oneshot::Sender<Result<Placed, String>>,
}

/// When an outgoing call's milestones happened.
pub struct Placed {
    pub to: String,
    pub invited_at: Instant,
    /// The simulator answered: the callee accepted and the legs are bridged.
    pub answered_at: Instant,
}

/// An outgoing call waiting for its answer: where the peer waits for the simulator's SDP,
/// the milestones so far, and where they are reported.
type Outgoing = (
    oneshot::Sender<String>,
    Placed,
    oneshot::Sender<Result<Placed, String>>,
);

/// A registered device.
pub struct Device {
    ws: Socket,
}

impl Device {
    /// Connects to `base`'s `/sim/signal`, signs in as `identity` and registers for incoming
    /// calls, as `new Device(token).register()` does.
    pub async fn online(base: &str, identity: &str) -> Result<Self, String> {
        let url = format!("{}/sim/signal", base.replacen("http", "ws", 1));
        let (ws, _) = tokio_tungstenite::connect_async(url)
            .await
            .map_err(|e| format!("connecting: {e}"))?;
        let mut device = Self { ws };
        device
            .send("listen", json!({"token": account::token(identity)}))
            .await?;
        device.expect("connected").await?;
        device
            .send("register", json!({"media": {"audio": true}}))
            .await?;
        device.expect("ready").await?;
        Ok(device)
    }

    /// Serves the socket until the script stops: answers calls, places `plan`'s.
    pub async fn run(mut self, identity: String, shared: Arc<Shared>, plan: Option<CallPlan>) {
        let mut stop = shared.stop.clone();
        let (mut go, mut plan) = match plan {
            Some(CallPlan { to, go, report }) => (Some(go), Some((to, report))),
            None => (None, None),
        };
        let mut outgoing: Option<Outgoing> = None;
        loop {
            let frame = tokio::select! {
                () = stopped(&mut stop) => break,
                fired = async { go.as_mut().expect("guarded by is_some").await }, if go.is_some() => {
                    go = None;
                    let (to, report) = plan.take().expect("a plan with its go");
                    if fired.is_err() {
                        continue; // the script gave up on this call
                    }
                    match self.invite(&to, &shared).await {
                        Ok((answer, invited_at)) => {
                            let placed = Placed { to, invited_at, answered_at: invited_at };
                            outgoing = Some((answer, placed, report));
                        }
                        Err(e) => { let _ = report.send(Err(e)); }
                    }
                    continue;
                }
                frame = self.next() => frame,
            };
            let (kind, payload) = match frame {
                Ok(frame) => frame,
                Err(e) => {
                    if let Some((_, _, report)) = outgoing.take() {
                        let _ = report.send(Err(e.clone()));
                    }
                    if !*stop.borrow() {
                        eprintln!("sim-load: {identity}: {e}");
                    }
                    break;
                }
            };
            match kind.as_str() {
                "invite" => {
                    shared
                        .rang_at
                        .lock()
                        .unwrap()
                        .insert(identity.clone(), Instant::now());
                    if let Err(e) = self.accept(&payload, &shared).await {
                        eprintln!("sim-load: {identity} could not answer: {e}");
                    }
                }
                "answer" if outgoing.is_some() => {
                    let (to_peer, mut placed, report) = outgoing.take().unwrap();
                    placed.answered_at = Instant::now();
                    let sdp = payload["sdp"].as_str().unwrap_or_default().to_owned();
                    let _ = to_peer.send(sdp);
                    let _ = report.send(Ok(placed));
                }
                "hangup" => {
                    if let Some((_, _, report)) = outgoing.take() {
                        let _ = report.send(Err(format!("the call was hung up: {payload}")));
                    }
                }
                _ => {}
            }
        }
        let _ = self.ws.close(None).await;
    }

    /// `Device.connect({params: {To: "client:…"}})`: sends the offer, starts the peer waiting
    /// for the answer.
    async fn invite(
        &mut self,
        to: &str,
        shared: &Shared,
    ) -> Result<(oneshot::Sender<String>, Instant), String> {
        let mut peer = Peer::new(&shared.peer_identity)
            .await
            .map_err(|e| e.to_string())?;
        let offer = peer.offer();
        let (answer, answered) = oneshot::channel();
        let counters = Arc::new(Counters::default());
        shared.legs.lock().unwrap().push(counters.clone());
        tokio::spawn(peer.run(Some(answered), counters, shared.stop.clone()));
        let params = serde_urlencoded::to_string([("To", format!("client:{to}"))]).expect("a form");
        let invited_at = Instant::now();
        self.send(
            "invite",
            json!({"callsid": format!("TJS{:032x}", rand_id()), "sdp": offer, "twilio": {"params": params}}),
        )
        .await?;
        Ok((answer, invited_at))
    }

    /// `call.accept()`: answers the simulator's offer and starts the peer.
    async fn accept(&mut self, invite: &Value, shared: &Shared) -> Result<(), String> {
        let callsid = invite["callsid"]
            .as_str()
            .ok_or("an invite without callsid")?
            .to_owned();
        let offer = invite["sdp"].as_str().ok_or("an invite without sdp")?;
        let mut peer = Peer::new(&shared.peer_identity)
            .await
            .map_err(|e| e.to_string())?;
        let answer = peer.answer(offer)?;
        let counters = Arc::new(Counters::default());
        shared.legs.lock().unwrap().push(counters.clone());
        tokio::spawn(peer.run(None, counters, shared.stop.clone()));
        self.send("answer", json!({"callsid": callsid, "sdp": answer}))
            .await
    }

    async fn send(&mut self, kind: &str, payload: Value) -> Result<(), String> {
        let frame = json!({"type": kind, "version": "1.6", "payload": payload});
        self.ws
            .send(Message::Text(frame.to_string().into()))
            .await
            .map_err(|e| format!("sending {kind}: {e}"))
    }

    /// The next frame that is not a keepalive (keepalives are echoed, as the SDK does).
    async fn next(&mut self) -> Result<(String, Value), String> {
        loop {
            let message = match self.ws.next().await {
                Some(Ok(m)) => m,
                Some(Err(e)) => return Err(format!("socket error: {e}")),
                None => return Err("the simulator closed the socket".into()),
            };
            let Message::Text(text) = message else {
                continue;
            };
            if text.trim().is_empty() {
                self.ws
                    .send(Message::Text("\n".into()))
                    .await
                    .map_err(|e| format!("echoing a keepalive: {e}"))?;
                continue;
            }
            let v: Value =
                serde_json::from_str(&text).map_err(|e| format!("unreadable frame: {e}"))?;
            let kind = v["type"].as_str().unwrap_or_default().to_owned();
            return Ok((kind, v["payload"].clone()));
        }
    }

    async fn expect(&mut self, kind: &str) -> Result<Value, String> {
        let (got, payload) = tokio::time::timeout(FRAME_WAIT, self.next())
            .await
            .map_err(|_| format!("no {kind} within {FRAME_WAIT:?}"))??;
        if got == kind {
            Ok(payload)
        } else {
            Err(format!("expected {kind}, got {got}: {payload}"))
        }
    }
}

/// A call id unique within this run (the SDK's `TJS…` is random; the simulator only echoes it).
fn rand_id() -> u128 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    u128::from(NEXT.fetch_add(1, Ordering::Relaxed))
}
