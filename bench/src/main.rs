//! `loadgen`: sends one kind of request at a fixed concurrency and reports what it cost the server.
//!
//! ```text
//! loadgen --kind voice --url http://127.0.0.1:3100/twilio/voice --pid 1234 \
//!         --auth-token … --account-sid AC… --public-url http://127.0.0.1:3100 --users bench0,bench1
//! loadgen --kind token --url http://127.0.0.1:3100/api/token --pid 1234 --cookie 'session=…' --origin http://127.0.0.1:3100
//! loadgen --kind get --url http://127.0.0.1:3200/token --pid 5678
//! ```
//!
//! Prints one JSON object: requests, failures, wall seconds, the server's CPU seconds over the
//! measured run (utime + stime of `--pid` from `/proc/<pid>/stat`), requests per server
//! CPU-second, p50/p99 latency in milliseconds, and the server's RSS (KiB) before and after. A
//! warm-up (`--warmup` requests, not measured) comes first. Voice requests are signed as Twilio
//! signs them (`X-Twilio-Signature` over `--public-url` + the path and the form), each with its own
//! CallSid, calling from the `--users` in turn.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use bench::proc_stat::ProcessSample;

/// What is requested, and how it is made.
#[derive(Clone)]
enum Kind {
    /// A signed `/twilio/voice` POST from a browser calling a phone number (`to`).
    Voice {
        auth_token: String,
        account_sid: String,
        signed_url: String,
        users: Vec<String>,
        to: String,
    },
    /// A POST with the session cookie and the page's Origin (our server function `/api/token`).
    Token {
        cookie: String,
        origin: String,
    },
    /// A plain GET (a peer's `/token`), or a plain form POST (a peer's unsigned voice webhook).
    Get,
    PlainVoice {
        to: String,
    },
}

struct Args {
    kind: Kind,
    /// Text every answer's body must contain (`<Number` for a dialling webhook): a fast error
    /// page is not a result.
    expect: Option<String>,
    url: String,
    pid: u32,
    concurrency: usize,
    requests: usize,
    warmup: usize,
}

fn main() {
    let args = match parse_args(std::env::args().skip(1).collect()) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("loadgen: {message}");
            std::process::exit(2);
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let report = runtime.block_on(run(args));
    println!("{report}");
}

async fn run(args: Args) -> serde_json::Value {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.concurrency)
        .timeout(Duration::from_secs(10))
        .build()
        .expect("an HTTP client");
    let shared = Arc::new(Shared {
        client,
        kind: args.kind.clone(),
        url: args.url.clone(),
        expect: args.expect.clone(),
    });
    // Warm-up: connections opened, caches filled; not measured.
    let _ = batch(&shared, args.concurrency, args.warmup, 0).await;
    let before = ProcessSample::read(args.pid);
    let started = Instant::now();
    let (mut latencies, failures) =
        batch(&shared, args.concurrency, args.requests, args.warmup).await;
    let wall = started.elapsed().as_secs_f64();
    let after = ProcessSample::read(args.pid);
    latencies.sort_unstable();
    let cpu = match (&before, &after) {
        (Some(b), Some(a)) => Some(a.cpu_seconds - b.cpu_seconds),
        _ => None,
    };
    let percentile = |p: f64| -> f64 {
        if latencies.is_empty() {
            return f64::NAN;
        }
        let i = ((latencies.len() as f64 - 1.0) * p).round() as usize;
        latencies[i].as_secs_f64() * 1000.0
    };
    serde_json::json!({
        "url": args.url,
        "concurrency": args.concurrency,
        "requests": args.requests,
        "failures": failures,
        "wall_seconds": wall,
        "requests_per_second": args.requests as f64 / wall,
        "server_cpu_seconds": cpu,
        "requests_per_cpu_second": cpu.filter(|c| *c > 0.0).map(|c| (args.requests - failures) as f64 / c),
        "p50_ms": percentile(0.50),
        "p99_ms": percentile(0.99),
        "rss_kib_before": before.map(|s| s.rss_kib),
        "rss_kib_after": after.map(|s| s.rss_kib),
    })
}

/// What every worker reads.
struct Shared {
    client: reqwest::Client,
    kind: Kind,
    url: String,
    expect: Option<String>,
}

/// Sends `count` requests from `concurrency` workers; returns each success's latency and the
/// number of failures (a transport error, a status other than 200, or a body without `expect`).
async fn batch(
    shared: &Arc<Shared>,
    concurrency: usize,
    count: usize,
    first_index: usize,
) -> (Vec<Duration>, usize) {
    let next = Arc::new(AtomicUsize::new(0));
    let mut workers = Vec::with_capacity(concurrency);
    for _ in 0..concurrency {
        let shared = shared.clone();
        let next = next.clone();
        workers.push(tokio::spawn(async move {
            let Shared {
                client,
                kind,
                url,
                expect,
            } = &*shared;
            let mut latencies = Vec::new();
            let mut failures = 0usize;
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= count {
                    break;
                }
                let request = build(client, kind, url, first_index + i);
                let started = Instant::now();
                match request.send().await {
                    Ok(response) if response.status() == reqwest::StatusCode::OK => {
                        // The whole body, as a caller would read it.
                        match response.bytes().await {
                            Ok(body)
                                if expect.as_ref().is_none_or(|text| {
                                    String::from_utf8_lossy(&body).contains(text.as_str())
                                }) =>
                            {
                                latencies.push(started.elapsed());
                            }
                            Ok(body) => {
                                if failures == 0 {
                                    eprintln!(
                                        "loadgen: {url}: unexpected answer: {}",
                                        String::from_utf8_lossy(&body)
                                    );
                                }
                                failures += 1;
                            }
                            Err(_) => failures += 1,
                        }
                    }
                    Ok(response) => {
                        if failures == 0 {
                            eprintln!("loadgen: {url} answered {}", response.status());
                        }
                        failures += 1;
                    }
                    Err(e) => {
                        if failures == 0 {
                            eprintln!("loadgen: {url}: {e}");
                        }
                        failures += 1;
                    }
                }
            }
            (latencies, failures)
        }));
    }
    let mut all = Vec::with_capacity(count);
    let mut failures = 0;
    for worker in workers {
        let (latencies, failed) = worker.await.expect("a worker task");
        all.extend(latencies);
        failures += failed;
    }
    (all, failures)
}

fn build(
    client: &reqwest::Client,
    kind: &Kind,
    url: &str,
    index: usize,
) -> reqwest::RequestBuilder {
    let form_post = |params: &[(String, String)]| {
        client
            .post(url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(serde_urlencoded::to_string(params).expect("a form"))
    };
    match kind {
        Kind::Voice {
            auth_token,
            account_sid,
            signed_url,
            users,
            to,
        } => {
            let from = format!("client:{}", users[index % users.len()]);
            let params = voice_params(account_sid, &format!("CA{index:032x}"), &from, to);
            let signature =
                twilio_core::signature::compute_signature(auth_token, signed_url, &params);
            form_post(&params).header("x-twilio-signature", signature)
        }
        Kind::Token { cookie, origin } => client
            .post(url)
            .header("cookie", cookie)
            .header("origin", origin)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(""),
        Kind::Get => client.get(url),
        Kind::PlainVoice { to } => form_post(&voice_params(
            "AC00000000000000000000000000000000",
            &format!("CA{index:032x}"),
            "client:bench",
            to,
        )),
    }
}

/// The form the Voice SDK's call makes Twilio send (Twilio's voice webhook parameters:
/// <https://www.twilio.com/docs/usage/webhooks/voice-webhooks>).
fn voice_params(account_sid: &str, call_sid: &str, from: &str, to: &str) -> Vec<(String, String)> {
    [
        ("AccountSid", account_sid),
        ("ApiVersion", "2010-04-01"),
        ("ApplicationSid", "AP00000000000000000000000000000000"),
        ("CallSid", call_sid),
        ("CallStatus", "ringing"),
        ("Caller", from),
        ("Direction", "inbound"),
        ("From", from),
        ("To", to),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

fn parse_args(args: Vec<String>) -> Result<Args, String> {
    let mut map = std::collections::HashMap::new();
    let mut it = args.into_iter();
    while let Some(flag) = it.next() {
        let name = flag
            .strip_prefix("--")
            .ok_or_else(|| format!("unexpected argument {flag:?}"))?
            .to_owned();
        let value = it.next().ok_or_else(|| format!("--{name} needs a value"))?;
        map.insert(name, value);
    }
    let take = |name: &str| {
        map.get(name)
            .cloned()
            .ok_or_else(|| format!("--{name} is required"))
    };
    let number = |name: &str, default: usize| -> Result<usize, String> {
        map.get(name)
            .map(|v| {
                v.parse()
                    .map_err(|_| format!("--{name}: not a number: {v:?}"))
            })
            .unwrap_or(Ok(default))
    };
    let to = map
        .get("to")
        .cloned()
        .unwrap_or_else(|| "+442079460958".into());
    let kind = match take("kind")?.as_str() {
        "voice" => Kind::Voice {
            auth_token: take("auth-token")?,
            account_sid: take("account-sid")?,
            signed_url: format!(
                "{}{}",
                take("public-url")?,
                reqwest::Url::parse(&take("url")?)
                    .map_err(|e| format!("--url: {e}"))?
                    .path()
            ),
            users: take("users")?.split(',').map(str::to_owned).collect(),
            to,
        },
        "token" => Kind::Token {
            cookie: take("cookie")?,
            origin: take("origin")?,
        },
        "get" => Kind::Get,
        "plain-voice" => Kind::PlainVoice { to },
        other => {
            return Err(format!(
                "--kind: {other:?} is not voice, token, get or plain-voice"
            ));
        }
    };
    Ok(Args {
        kind,
        expect: map.get("expect").cloned(),
        url: take("url")?,
        pid: take("pid")?
            .parse()
            .map_err(|_| "--pid: not a number".to_owned())?,
        concurrency: number("concurrency", 16)?,
        requests: number("requests", 20_000)?,
        warmup: number("warmup", 2_000)?,
    })
}
