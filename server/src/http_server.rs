//! The accept loop, in place of `axum::serve`, which has no header-read or idle timeout: a client
//! that sends half a request header, or nothing, would hold its connection (and a file
//! descriptor) forever (issue 16). Here every connection is HTTP/1.1 through hyper with
//!
//! - a header-read timeout: a request's head must arrive within it, counted from when the server
//!   starts waiting, so it also closes kept-alive connections idle between requests;
//! - an idle timeout: a connection on which no byte moves either way is shut down gracefully,
//!   then dropped after a second period (a response stuck on a client that stopped reading);
//! - a request timeout: the handler must produce its response head within it, else 408;
//! - a cap on connections served at once: at the cap, accepting pauses and the kernel queues;
//! - a cap on connections per client address (trusted proxies aside): beyond it, a new
//!   connection is closed as it arrives, so one client holding idle sockets cannot starve the
//!   others.
//!
//! Upgraded connections (the simulator's `/sim/signal` WebSocket) leave hyper, and these limits,
//! once upgraded: their liveness is the WebSocket's own business. On shutdown the loop stops
//! accepting, asks every connection to finish its request, and waits for them.

use std::{
    future::Future,
    io,
    net::{IpAddr, SocketAddr},
    pin::{Pin, pin},
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    task::{Context, Poll},
    time::Duration,
};

use app::ssr::config::HttpLimits;
use axum::{
    Router,
    body::Body,
    extract::ConnectInfo,
    http::{Request, StatusCode},
    response::{IntoResponse, Response},
};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::{
    io::{AsyncRead, AsyncWrite, ReadBuf},
    net::{TcpListener, TcpStream},
    sync::{OwnedSemaphorePermit, Semaphore, watch},
    time::Instant,
};
use tower::ServiceExt;

use crate::per_key_limit::{Held, PerKeyLimit};

/// Serves `app` on `listener` under `limits` until `shutdown` resolves, then finishes the open
/// requests. Each request carries `ConnectInfo<SocketAddr>` of its TCP peer. Connections from
/// `trusted_proxies` are not counted per client.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: HttpLimits,
    trusted_proxies: Vec<IpAddr>,
    shutdown: impl Future<Output = ()>,
) {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let per_client = PerKeyLimit::<IpAddr>::new(limits.max_connections_per_client);
    let (stop, stopping) = watch::channel(false);
    let mut shutdown = pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = slots.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break, // never closed
            },
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors, or a connection reset before it was accepted:
                    // wait a little rather than spin, and go on serving the others.
                    tracing::warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let client = if trusted_proxies.contains(&peer.ip()) {
            None
        } else {
            match per_client.try_take(&peer.ip()) {
                Some(held) => Some(held),
                None => {
                    tracing::debug!(client = %peer.ip(), "closed: too many connections from one client");
                    drop(stream);
                    continue;
                }
            }
        };
        tokio::spawn(serve_connection(
            stream,
            peer,
            app.clone(),
            limits,
            stopping.clone(),
            (permit, client),
        ));
    }
    drop(listener);
    stop.send_replace(true);
    // Every connection holds a permit until it ends: all of them back means all are done.
    let all = u32::try_from(limits.max_connections).unwrap_or(u32::MAX);
    if tokio::time::timeout(SHUTDOWN_GRACE, slots.acquire_many(all))
        .await
        .is_err()
    {
        tracing::info!(
            "stopping with connections still open (event streams) after the grace period"
        );
    }
}

/// How long a stop waits for open connections to finish. An open page's event stream never
/// ends by itself: past this the process goes anyway, and the page reconnects (to this server
/// once restarted, or another).
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

async fn serve_connection(
    stream: TcpStream,
    peer: SocketAddr,
    app: Router,
    limits: HttpLimits,
    mut stopping: watch::Receiver<bool>,
    _slots: (OwnedSemaphorePermit, Option<Held<IpAddr>>),
) {
    let _ = stream.set_nodelay(true);
    let activity = Activity::default();
    let io = TokioIo::new(Tracked {
        inner: stream,
        activity: activity.clone(),
    });
    let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
        request.extensions_mut().insert(ConnectInfo(peer));
        let app = app.clone();
        async move {
            let response =
                tokio::time::timeout(limits.request_timeout, app.oneshot(request.map(Body::new)))
                    .await;
            Ok::<_, std::convert::Infallible>(match response {
                Ok(Ok(response)) => response,
                Ok(Err(never)) => match never {},
                Err(_) => request_timed_out(),
            })
        }
    });
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    let mut connection = pin!(http.serve_connection(io, service).with_upgrades());
    let mut shutting_down = false;
    loop {
        let idle_deadline = activity.last() + limits.idle_timeout;
        tokio::select! {
            result = connection.as_mut() => {
                if let Err(e) = result {
                    tracing::debug!(%peer, error = %e, "connection ended with an error");
                }
                return;
            }
            _ = stopping.wait_for(|stop| *stop), if !shutting_down => {
                connection.as_mut().graceful_shutdown();
                shutting_down = true;
            }
            () = tokio::time::sleep_until(idle_deadline) => {
                if activity.last() + limits.idle_timeout > Instant::now() {
                    continue; // bytes moved meanwhile
                }
                if shutting_down {
                    tracing::debug!(%peer, "dropping a connection idle since it was asked to close");
                    return;
                }
                tracing::debug!(%peer, "closing an idle connection");
                connection.as_mut().graceful_shutdown();
                shutting_down = true;
                activity.touch();
            }
        }
    }
}

fn request_timed_out() -> Response {
    (
        StatusCode::REQUEST_TIMEOUT,
        "The request took too long and was abandoned.",
    )
        .into_response()
}

/// When a byte last moved on a connection.
#[derive(Clone)]
struct Activity {
    since: Instant,
    millis: Arc<AtomicU64>,
}

impl Default for Activity {
    fn default() -> Self {
        Self {
            since: Instant::now(),
            millis: Arc::new(AtomicU64::new(0)),
        }
    }
}

impl Activity {
    fn touch(&self) {
        let elapsed = u64::try_from(self.since.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.millis.store(elapsed, Ordering::Relaxed);
    }

    fn last(&self) -> Instant {
        self.since + Duration::from_millis(self.millis.load(Ordering::Relaxed))
    }
}

/// A stream that records activity on every read or write that moves bytes.
struct Tracked {
    inner: TcpStream,
    activity: Activity,
}

impl AsyncRead for Tracked {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let poll = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.touch();
        }
        poll
    }
}

impl AsyncWrite for Tracked {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write(cx, data);
        if matches!(poll, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        poll
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(poll, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        poll
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}
