//! The `twilio-sim` binary on its own, as another Voice application would use it: it creates its
//! account's credentials file, signs the application's webhooks with that account's auth token,
//! accepts tokens signed with its API key, bridges a call, serves its REST API with Basic auth,
//! refuses requests not addressed to this machine, and stops at once on a bad setting, naming it.

mod common;

use std::{
    io::{BufRead, BufReader},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex},
    time::{Duration, SystemTime},
};

use axum::{Router, extract::State, http::HeaderMap, routing::post};
use common::Device;
use serde_json::{Value, json};
use twilio_core::{
    signature::is_valid,
    token::{TokenSpec, mint_access_token},
};

/// The simulator's process, killed when the test ends however it ends.
struct Running {
    child: Child,
    base: String,
    data_dir: PathBuf,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}

fn scratch_dir() -> PathBuf {
    std::env::temp_dir().join(format!(
        "twilio-sim-standalone-{}",
        twilio_core::sid::random_secret()
    ))
}

fn simulator(vars: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_twilio-sim"));
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    for (k, v) in vars {
        command.env(k, v);
    }
    command
}

fn start(voice_url: &str, data_dir: &Path) -> Running {
    start_with(voice_url, data_dir, &[])
}

fn start_with(voice_url: &str, data_dir: &Path, extra: &[(&str, &str)]) -> Running {
    let mut vars = vec![
        ("SIM_ADDR", "127.0.0.1:0"),
        ("SIM_VOICE_URL", voice_url),
        ("SIM_DATA_DIR", data_dir.to_str().unwrap()),
        ("SIM_NUMBERS", "+442079460001"),
    ];
    vars.extend_from_slice(extra);
    let mut child = simulator(&vars)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the twilio-sim binary starts");
    // Only the first line is read; the pipe then closes, and the simulator must carry on.
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line
        .trim()
        .strip_prefix("listening ")
        .unwrap_or_else(|| panic!("first line {line:?}"))
        .to_owned();
    Running {
        child,
        base,
        data_dir: data_dir.to_owned(),
    }
}

type Webhooks = Arc<Mutex<Vec<(bool, Vec<(String, String)>)>>>;

/// The application: checks each webhook's signature with the auth token from the credentials
/// file, logs it, and dials `client:bob`.
async fn application(auth_token: Arc<Mutex<String>>) -> (String, Webhooks) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/voice", listener.local_addr().unwrap());
    let log: Webhooks = Arc::default();
    let signed_url = url.clone();
    let app = Router::new()
        .route(
            "/voice",
            post(
                move |State((token, log)): State<(Arc<Mutex<String>>, Webhooks)>, headers: HeaderMap, body: String| {
                    let signed_url = signed_url.clone();
                    async move {
                        let params: Vec<(String, String)> = serde_urlencoded::from_str(&body).unwrap();
                        let signature = headers.get("x-twilio-signature").map(|v| v.as_bytes().to_vec()).unwrap_or_default();
                        let valid = is_valid(&token.lock().unwrap(), &signed_url, &params, &signature);
                        log.lock().unwrap().push((valid, params));
                        r#"<?xml version="1.0" encoding="UTF-8"?><Response><Dial answerOnBridge="true"><Client>bob</Client></Dial></Response>"#
                    }
                },
            ),
        )
        .with_state((auth_token, log.clone()));
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, log)
}

/// A browser's peer connection, for SDP the real media relay accepts (no media flows here).
fn browser() -> str0m::Rtc {
    str0m::Rtc::builder()
        .set_crypto_provider(Arc::new(str0m::crypto::from_feature_flags()))
        .build(std::time::Instant::now())
}

fn offer(rtc: &mut str0m::Rtc) -> String {
    let mut change = rtc.sdp_api();
    change.add_media(
        str0m::media::MediaKind::Audio,
        str0m::media::Direction::SendRecv,
        None,
        None,
        None,
    );
    change.apply().unwrap().0.to_sdp_string()
}

fn answer(rtc: &mut str0m::Rtc, offer: &str) -> String {
    let offer = str0m::change::SdpOffer::from_sdp_string(offer).unwrap();
    rtc.sdp_api().accept_offer(offer).unwrap().to_sdp_string()
}

fn token(account: &Value, identity: &str) -> String {
    mint_access_token(
        &TokenSpec {
            account_sid: account["account_sid"].as_str().unwrap().into(),
            api_key_sid: account["api_key_sid"].as_str().unwrap().into(),
            api_key_secret: account["api_key_secret"].as_str().unwrap().into(),
            identity: identity.into(),
            ttl: Duration::from_secs(600),
            outgoing_application_sid: Some(account["twiml_app_sid"].as_str().unwrap().into()),
            outgoing_params: None,
            incoming_allow: true,
        },
        SystemTime::now(),
    )
    .unwrap()
}

#[tokio::test]
async fn another_application_places_a_call_through_it_with_its_own_credentials() {
    let auth_token = Arc::new(Mutex::new(String::new()));
    let (voice_url, webhooks) = application(auth_token.clone()).await;
    let data_dir = scratch_dir();
    let sim = tokio::task::spawn_blocking({
        let data_dir = data_dir.clone();
        move || start(&voice_url, &data_dir)
    })
    .await
    .unwrap();

    let file = sim.data_dir.join("twilio-account.json");
    let account: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    *auth_token.lock().unwrap() = account["auth_token"].as_str().unwrap().to_owned();

    let mut bob = Device::online_with(&sim.base, &token(&account, "bob")).await;
    bob.send("register", json!({"media": {"audio": true}}))
        .await;
    bob.expect("ready").await;
    let mut alice = Device::online_with(&sim.base, &token(&account, "alice")).await;
    let (mut alice_browser, mut bob_browser) = (browser(), browser());
    let sdp = offer(&mut alice_browser);
    alice
        .send(
            "invite",
            json!({"callsid": "TJS1", "sdp": sdp, "twilio": {"params": "To=client%3Abob"}}),
        )
        .await;
    alice.expect("ringing").await;
    let invite = bob.expect("invite").await;
    assert_eq!(invite["parameters"]["From"], "client:alice", "{invite}");
    let sdp = answer(&mut bob_browser, invite["sdp"].as_str().unwrap());
    bob.send("answer", json!({"callsid": invite["callsid"], "sdp": sdp}))
        .await;
    let answered = alice.expect("answer").await;
    assert!(
        answered["sdp"].as_str().unwrap().contains("a=candidate"),
        "{answered}"
    );

    let logged = webhooks.lock().unwrap().clone();
    assert_eq!(logged.len(), 1, "{logged:?}");
    let (valid, params) = &logged[0];
    assert!(
        valid,
        "the webhook is signed with the credentials file's auth token: {params:?}"
    );
    assert!(params.contains(&(
        "AccountSid".into(),
        account["account_sid"].as_str().unwrap().into()
    )));

    // Its REST API, with the API key as Twilio's helper libraries send it; a wrong secret is 401.
    let account_sid = account["account_sid"].as_str().unwrap();
    let queues = format!("{}/2010-04-01/Accounts/{account_sid}/Queues.json", sim.base);
    let key = account["api_key_sid"].as_str().unwrap();
    let (status, body) = common::reqwest_get(
        &queues,
        Some((key, account["api_key_secret"].as_str().unwrap())),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body["queues"].is_array(), "{body}");
    assert_eq!(
        common::reqwest_get(&queues, Some((key, "wrong"))).await.0,
        401
    );

    // A page elsewhere (DNS rebinding) gets nothing, not even the loader.
    let refused = reqwest::Client::new()
        .get(format!("{}/sim/loader.js", sim.base))
        .header("host", "evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status().as_u16(), 403);
}

// Found by a tester: the simulated phone page loaded the Voice SDK from /vendor, which only our
// server served, so on its own the page said "Twilio is not defined".
#[tokio::test]
async fn the_phone_page_gets_the_voice_sdk_and_sounds_from_the_site_dir() {
    let data_dir = scratch_dir();
    let site = data_dir.join("site");
    std::fs::create_dir_all(site.join("vendor")).unwrap();
    std::fs::create_dir_all(site.join("sounds")).unwrap();
    std::fs::write(site.join(twilio_sim::VOICE_SDK_PATH), "/* the SDK */").unwrap();
    std::fs::write(site.join("sounds/incoming.wav"), "RIFF").unwrap();
    let sim = start_with(
        "http://127.0.0.1:9/voice",
        &data_dir,
        &[("SIM_SITE_DIR", site.to_str().unwrap())],
    );
    let get = |path: &str| {
        let url = format!("{}{path}", sim.base);
        async move {
            let response = reqwest::get(url).await.unwrap();
            (response.status().as_u16(), response.text().await.unwrap())
        }
    };
    let (status, page) = get("/sim/phone").await;
    assert_eq!(status, 200);
    assert!(
        page.contains(&format!("/{}", twilio_sim::VOICE_SDK_PATH)),
        "{page}"
    );
    assert_eq!(
        get(&format!("/{}", twilio_sim::VOICE_SDK_PATH)).await,
        (200, "/* the SDK */".into())
    );
    assert_eq!(get("/sounds/incoming.wav").await.0, 200);
}

#[test]
fn a_second_start_reuses_the_credentials_file() {
    let data_dir = scratch_dir();
    let first = start("http://127.0.0.1:9/voice", &data_dir);
    let file = data_dir.join("twilio-account.json");
    let written = std::fs::read_to_string(&file).unwrap();
    let second = start("http://127.0.0.1:9/voice", &data_dir);
    assert_ne!(first.base, second.base);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), written);
}

#[test]
fn a_bad_setting_stops_it_at_once_naming_the_variable() {
    for (vars, name) in [
        (vec![], "SIM_VOICE_URL"),
        (
            vec![
                ("SIM_VOICE_URL", "http://127.0.0.1:3000/voice"),
                ("SIM_ADDR", "0.0.0.0:0"),
            ],
            "SIM_ADDR",
        ),
        (vec![("SIM_VOICE_URL", "not a url")], "SIM_VOICE_URL"),
    ] {
        let output = simulator(&vars).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{vars:?}: {stderr}");
        assert!(stderr.contains(name), "{vars:?}: {stderr}");
    }
}
