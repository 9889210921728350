//! Issue 16: 200 connections that each sent half a request header were all still open 45 s
//! later. The server, started in-process on a free port, closes them after the header timeout,
//! answers everyone else meanwhile, caps its connections, and keeps WebSockets working.

mod common;

use std::{net::SocketAddr, time::Duration};

use app::ssr::config::HttpLimits;
use common::device::Device;
use serde_json::json;
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
    time::{Instant, timeout},
};

const HEADER_TIMEOUT: Duration = Duration::from_secs(1);

fn limits(max_connections: usize) -> HttpLimits {
    HttpLimits {
        header_read_timeout: HEADER_TIMEOUT,
        idle_timeout: Duration::from_secs(30),
        request_timeout: Duration::from_secs(5),
        max_connections,
        max_connections_per_client: max_connections,
    }
}

async fn start(app: axum::Router, limits: HttpLimits) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(server::http_server::serve(
        listener,
        app,
        limits,
        Vec::new(),
        std::future::pending(),
    ));
    addr
}

/// Opens `n` connections that each send half a request head and then nothing.
async fn half_sent(addr: SocketAddr, n: usize) -> Vec<TcpStream> {
    let mut streams = Vec::with_capacity(n);
    for _ in 0..n {
        let mut s = TcpStream::connect(addr).await.unwrap();
        s.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            .await
            .unwrap();
        streams.push(s);
    }
    streams
}

/// A whole `GET /healthz`: the status line and body.
async fn healthz(addr: SocketAddr) -> String {
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).await.unwrap();
    answer
}

/// Whether the server has closed `s` (end of stream or reset), waiting at most `within`.
async fn closed_within(s: &mut TcpStream, within: Duration) -> bool {
    let mut buf = [0u8; 1024];
    let deadline = Instant::now() + within;
    loop {
        match timeout(deadline - Instant::now(), s.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0) | Err(_)) => return true,
            Ok(Ok(_)) => continue, // an error response before the close
        }
    }
}

#[tokio::test]
async fn hundreds_of_half_sent_requests_neither_block_others_nor_stay_open() {
    let state = common::state().await;
    let addr = start(common::app(&state), limits(1000)).await;
    let mut slow = half_sent(addr, 300).await;

    let started = Instant::now();
    let answer = timeout(Duration::from_secs(2), healthz(addr))
        .await
        .expect("a normal request is answered while 300 are half-sent");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.ends_with("ok"), "{answer}");
    assert!(started.elapsed() < Duration::from_secs(1));

    for (i, s) in slow.iter_mut().enumerate() {
        assert!(
            closed_within(s, HEADER_TIMEOUT + Duration::from_secs(3)).await,
            "half-sent connection {i} still open after the header timeout"
        );
    }
}

#[tokio::test]
async fn an_idle_kept_alive_connection_is_closed() {
    let state = common::state().await;
    let addr = start(common::app(&state), limits(1000)).await;
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .await
        .unwrap();
    let mut buf = [0u8; 4096];
    let n = s.read(&mut buf).await.unwrap();
    assert!(buf[..n].starts_with(b"HTTP/1.1 200"));
    assert!(closed_within(&mut s, HEADER_TIMEOUT + Duration::from_secs(3)).await);
}

#[tokio::test]
async fn at_the_connection_cap_newcomers_wait_and_are_then_served() {
    let state = common::state().await;
    let addr = start(common::app(&state), limits(20)).await;
    let _slow = half_sent(addr, 20).await;
    // All 20 slots are held; the newcomer is served once the header timeout frees them.
    let answer = timeout(HEADER_TIMEOUT + Duration::from_secs(3), healthz(addr))
        .await
        .expect("served after the slow ones time out");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn the_signaling_websocket_outlives_the_header_timeout() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let base = format!("http://{addr}");
    let state = common::local::local_state(&[("PUBLIC_BASE_URL", &base)]).await;
    let media = std::sync::Arc::new(twilio_sim::media::NoMedia::default());
    let sim = server::local_sim::start_with_media(&state, media).unwrap();
    let app = server::router::router(state, Some(&sim));
    tokio::spawn(server::http_server::serve(
        listener,
        app,
        limits(1000),
        Vec::new(),
        std::future::pending(),
    ));

    let mut device = Device::connect(&base).await;
    tokio::time::sleep(HEADER_TIMEOUT * 2).await;
    device
        .send(
            "listen",
            json!({"token": common::device::token("alice", Duration::from_secs(60))}),
        )
        .await;
    assert_eq!(
        device.expect("connected").await["token"]["identity"],
        "alice"
    );
}

/// A POST whose headers promise a body that never fully comes.
async fn stalled_body(addr: SocketAddr) -> TcpStream {
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(
        b"POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\n\
          Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nname=ali",
    )
    .await
    .unwrap();
    s
}

#[tokio::test]
async fn a_request_whose_body_stalls_gets_408_after_the_request_timeout() {
    let state = common::state().await;
    let limits = HttpLimits {
        request_timeout: Duration::from_secs(1),
        ..limits(1000)
    };
    let addr = start(common::app(&state), limits).await;
    let mut s = stalled_body(addr).await;
    let mut answer = vec![0u8; 1024];
    let n = timeout(Duration::from_secs(4), s.read(&mut answer))
        .await
        .expect("answered")
        .unwrap();
    let answer = String::from_utf8_lossy(&answer[..n]);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
}

#[tokio::test]
async fn a_connection_on_which_nothing_moves_is_dropped_after_the_idle_timeout() {
    let state = common::state().await;
    let limits = HttpLimits {
        header_read_timeout: Duration::from_secs(60),
        idle_timeout: Duration::from_secs(1),
        request_timeout: Duration::from_secs(60),
        ..limits(1000)
    };
    let addr = start(common::app(&state), limits).await;
    let mut s = stalled_body(addr).await;
    // Shut down gracefully after one idle period, dropped after the second.
    assert!(closed_within(&mut s, Duration::from_secs(5)).await);
}

#[tokio::test]
async fn one_client_holding_idle_connections_cannot_take_every_slot() {
    let app = axum::Router::new().route("/healthz", axum::routing::get(|| async { "ok" }));
    let addr = start(
        app,
        HttpLimits {
            max_connections_per_client: 4,
            ..limits(100)
        },
    )
    .await;
    // Four half-sent requests hold this client's four places...
    let held = half_sent(addr, 4).await;
    // ...so a fifth connection from it is closed as it arrives, without an answer.
    let mut fifth = TcpStream::connect(addr).await.unwrap();
    let _ = fifth
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .await;
    let mut buf = [0u8; 64];
    let read = tokio::time::timeout(Duration::from_secs(5), fifth.read(&mut buf)).await;
    assert!(
        matches!(read, Ok(Ok(0)) | Ok(Err(_))),
        "the fifth connection was served: {read:?}"
    );
    // One given back, the client is served again.
    drop(held);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(healthz(addr).await.contains("200 OK"));
}

// Found by a tester: SIGTERM never finished while a phone page (its event stream) was open.
#[tokio::test]
async fn a_stop_does_not_wait_for_ever_on_an_endless_stream() {
    use axum::{body::Body, routing::get};
    let endless = || async {
        let ticks = futures_util::stream::unfold((), |()| async {
            tokio::time::sleep(Duration::from_millis(200)).await;
            Some((Ok::<_, std::convert::Infallible>(": keep-alive\n"), ()))
        });
        Body::from_stream(ticks)
    };
    let app = axum::Router::new().route("/events", get(endless));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(server::http_server::serve(
        listener,
        app,
        limits(10),
        Vec::new(),
        async {
            let _ = stopped.await;
        },
    ));
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .await
        .unwrap();
    let mut head = [0u8; 64];
    let n = stream.read(&mut head).await.unwrap();
    assert!(head[..n].starts_with(b"HTTP/1.1 200"));
    let asked = Instant::now();
    stop.send(()).unwrap();
    timeout(
        server::http_server::SHUTDOWN_GRACE + Duration::from_secs(3),
        server,
    )
    .await
    .expect("the server stopped within its grace period")
    .unwrap();
    assert!(
        asked.elapsed() >= Duration::from_secs(1),
        "it waited for the stream first"
    );
}
