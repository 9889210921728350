//! What a voice webhook costs us: signature check, TwiML render (and the simulator's parse),
//! token minting. Each is reported next to a baseline measured in the same run (one bare
//! HMAC-SHA1 over the same bytes), so the figures read as ratios that hold across machines.

use std::{
    collections::BTreeMap,
    hint::black_box,
    time::{Duration, SystemTime},
};

use criterion::{Criterion, criterion_group, criterion_main};
use hmac::{Hmac, Mac};
use sha1::Sha1;
use twilio_core::{
    signature::{compute_signature, is_valid},
    token::{TokenSpec, mint_access_token},
    twiml::{Client, Dial, DialNoun, Verb, VoiceResponse, parse},
};

const TOKEN: &str = "0123456789abcdef0123456789abcdef";
const URL: &str = "https://phone.example.com/twilio/voice";

fn webhook_params() -> Vec<(String, String)> {
    [
        ("AccountSid", "AC0123456789abcdef0123456789abcdef"),
        ("ApiVersion", "2010-04-01"),
        ("ApplicationSid", "AP0123456789abcdef0123456789abcdef"),
        ("CallSid", "CA0123456789abcdef0123456789abcdef"),
        ("CallStatus", "ringing"),
        ("Called", ""),
        ("Caller", "client:alice"),
        ("Direction", "inbound"),
        ("From", "client:alice"),
        ("To", "+442079460958"),
        ("ticket", "42"),
        (
            "CallToken",
            "%7B%22parentCallInfoToken%22%3A%22eyJ...%22%7D",
        ),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

fn dial_client() -> VoiceResponse {
    VoiceResponse::new().then(Verb::Dial(Dial {
        action: Some(format!("{URL}/dial-status")),
        answer_on_bridge: Some(true),
        timeout: Some(25),
        nouns: vec![DialNoun::Client(Client {
            identity: "bob".into(),
            parameters: vec![("ticket".into(), "42".into())],
            ..Client::default()
        })],
        ..Dial::default()
    }))
}

fn benches(c: &mut Criterion) {
    let params = webhook_params();
    let signature = compute_signature(TOKEN, URL, &params);
    let concatenated: String = std::iter::once(URL.to_owned())
        .chain(params.iter().map(|(k, v)| format!("{k}{v}")))
        .collect();

    let mut group = c.benchmark_group("voice_webhook");
    group.bench_function("baseline_hmac_sha1_same_bytes", |b| {
        b.iter(|| {
            let mut mac = Hmac::<Sha1>::new_from_slice(TOKEN.as_bytes()).unwrap();
            mac.update(black_box(concatenated.as_bytes()));
            black_box(mac.finalize())
        })
    });
    group.bench_function("signature_check", |b| {
        b.iter(|| {
            assert!(is_valid(
                TOKEN,
                black_box(URL),
                black_box(&params),
                signature.as_bytes()
            ))
        })
    });
    group.bench_function("twiml_render_dial_client", |b| {
        b.iter(|| black_box(dial_client()).render())
    });
    let rendered = dial_client().render();
    group.bench_function("twiml_parse_dial_client", |b| {
        b.iter(|| parse(black_box(&rendered)).unwrap())
    });
    group.bench_function("signature_check_plus_render", |b| {
        b.iter(|| {
            assert!(is_valid(
                TOKEN,
                URL,
                black_box(&params),
                signature.as_bytes()
            ));
            dial_client().render()
        })
    });
    group.bench_function("mint_access_token", |b| {
        let spec = TokenSpec {
            account_sid: "AC0123456789abcdef0123456789abcdef".into(),
            api_key_sid: "SK0123456789abcdef0123456789abcdef".into(),
            api_key_secret: "secret-secret-secret-secret-0001".into(),
            identity: "alice".into(),
            ttl: Duration::from_secs(3600),
            outgoing_application_sid: Some("AP0123456789abcdef0123456789abcdef".into()),
            outgoing_params: Some(BTreeMap::new()),
            incoming_allow: true,
        };
        b.iter(|| mint_access_token(black_box(&spec), SystemTime::now()).unwrap())
    });
    group.finish();
}

criterion_group!(webhook, benches);
criterion_main!(webhook);
