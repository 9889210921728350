//! Cross-site request forgery: a browser may only change state (POST, PUT, PATCH, DELETE, server
//! functions included) from our own origin. Browsers send `Origin` on every such request and
//! `Sec-Fetch-Site` too (both are forbidden headers: no page can set them), so a request that
//! carries neither is not a browser's and cannot ride a victim's cookie.
//!
//! The session cookie is `SameSite=Lax`, which already keeps it off cross-site POSTs; this check
//! also covers what Lax does not: sibling subdomains (same-site), sign-in CSRF (a forged login
//! carries no cookie at all) and browsers that ignore `SameSite`.

use app::ssr::config::{Config, Mode};
use axum::{
    extract::{Request, State},
    http::{HeaderMap, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// Paths whose requests are authenticated by something a browser never attaches on its own, so
/// they are exempt: Twilio's webhooks (`X-Twilio-Signature`) and the simulator's REST API (HTTP
/// Basic auth with the account's credentials, sent by server-side Twilio clients).
const EXEMPT_PREFIXES: [&str; 2] = ["/twilio/", "/2010-04-01/"];

/// Who we are, for comparing `Origin`: fixed in live mode, the request's own host in local mode.
#[derive(Clone, Debug)]
pub struct CsrfGuard {
    /// `PUBLIC_BASE_URL`'s origin (`https://phone.example.com`), normalised.
    public_origin: Option<String>,
    /// Local mode also accepts `http://<Host>`: the page is opened as 127.0.0.1 or localhost,
    /// with whatever port; the loopback guard has already refused any other host.
    trust_request_host: bool,
}

impl CsrfGuard {
    /// The guard for this configuration.
    pub fn new(config: &Config) -> Self {
        Self {
            public_origin: origin_of(&config.public_base_url),
            trust_request_host: config.mode == Mode::Local,
        }
    }

    /// Whether a request with this method, path and headers may proceed.
    pub fn allows(&self, method: &Method, path: &str, headers: &HeaderMap) -> bool {
        if !is_state_changing(method) || EXEMPT_PREFIXES.iter().any(|p| path.starts_with(p)) {
            return true;
        }
        let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
        let fetch_site = headers
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
            .map(str::to_ascii_lowercase);
        if origin.is_some_and(|o| self.is_ours(o, headers)) {
            return true;
        }
        // `none`: typed in the address bar or opened from a bookmark, never from another page.
        if matches!(fetch_site.as_deref(), Some("same-origin" | "none")) {
            return true;
        }
        origin.is_none() && fetch_site.is_none()
    }

    fn is_ours(&self, origin: &str, headers: &HeaderMap) -> bool {
        let Some(origin) = origin_of(origin) else {
            return false; // "null" (sandboxed frames, file: pages) or garbage
        };
        if self.public_origin.as_deref() == Some(origin.as_str()) {
            return true;
        }
        self.trust_request_host
            && headers
                .get(header::HOST)
                .and_then(|v| v.to_str().ok())
                .and_then(|host| origin_of(&format!("http://{host}")))
                .is_some_and(|own| own == origin)
    }
}

/// Middleware: answers 403 to a state-changing request from another origin.
pub async fn refuse_cross_site(
    State(guard): State<CsrfGuard>,
    request: Request,
    next: Next,
) -> Response {
    if guard.allows(request.method(), request.uri().path(), request.headers()) {
        return next.run(request).await;
    }
    tracing::info!(
        method = %request.method(),
        path = request.uri().path(),
        origin = ?request.headers().get(header::ORIGIN),
        fetch_site = ?request.headers().get("sec-fetch-site"),
        "refused a cross-site request"
    );
    (
        StatusCode::FORBIDDEN,
        "Refused: this request came from another site (its Origin is not this server's).",
    )
        .into_response()
}

fn is_state_changing(method: &Method) -> bool {
    !matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    )
}

/// `scheme://host[:port]` of a URL, lower-cased and without the scheme's default port, as
/// browsers serialise `Origin`; `None` for anything that is not an http(s) URL with a host.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => ":80",
        "https" => ":443",
        _ => return None,
    };
    let authority = rest.split(['/', '?', '#']).next()?.to_ascii_lowercase();
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    let authority = authority.strip_suffix(default_port).unwrap_or(&authority);
    Some(format!("{scheme}://{authority}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard(public: &str, local: bool) -> CsrfGuard {
        CsrfGuard {
            public_origin: origin_of(public),
            trust_request_host: local,
        }
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| (header::HeaderName::from_static(k), v.parse().unwrap()))
            .collect()
    }

    #[test]
    fn origins_are_compared_as_browsers_serialise_them() {
        assert_eq!(
            origin_of("HTTPS://Phone.Example.com:443/app/").as_deref(),
            Some("https://phone.example.com")
        );
        assert_eq!(
            origin_of("http://127.0.0.1:3000").as_deref(),
            Some("http://127.0.0.1:3000")
        );
        assert_eq!(origin_of("null"), None);
        assert_eq!(origin_of("ftp://x"), None);
        assert_eq!(origin_of("https://user@evil.example"), None);
    }

    #[test]
    fn a_post_from_another_origin_is_refused_and_one_from_ours_passes() {
        let g = guard("https://phone.example.com", false);
        let post = Method::POST;
        let evil = headers(&[
            ("origin", "https://evil.example"),
            ("sec-fetch-site", "cross-site"),
        ]);
        assert!(!g.allows(&post, "/api/login", &evil));
        assert!(!g.allows(&Method::DELETE, "/anything", &evil));
        assert!(g.allows(&Method::GET, "/", &evil), "reads are not CSRF");
        assert!(g.allows(&post, "/twilio/voice", &evil), "signed webhooks");
        assert!(g.allows(&post, "/2010-04-01/Accounts/AC1/Queues.json", &evil));
        assert!(!g.allows(&post, "/api/login", &headers(&[("origin", "null")])));
        assert!(!g.allows(
            &post,
            "/api/login",
            &headers(&[("sec-fetch-site", "same-site")])
        ));
        assert!(g.allows(
            &post,
            "/api/login",
            &headers(&[("origin", "https://phone.example.com")])
        ));
        assert!(g.allows(
            &post,
            "/api/login",
            &headers(&[("sec-fetch-site", "same-origin")])
        ));
        assert!(g.allows(&post, "/api/login", &HeaderMap::new()), "curl");
    }

    #[test]
    fn local_mode_accepts_the_requests_own_host_and_live_mode_does_not() {
        let h = headers(&[
            ("origin", "http://localhost:3000"),
            ("host", "localhost:3000"),
        ]);
        assert!(guard("http://127.0.0.1:3000", true).allows(&Method::POST, "/api/login", &h));
        assert!(!guard("https://phone.example.com", false).allows(&Method::POST, "/api/login", &h));
        let other_port = headers(&[
            ("origin", "http://localhost:8080"),
            ("host", "localhost:3000"),
        ]);
        assert!(!guard("http://127.0.0.1:3000", true).allows(
            &Method::POST,
            "/api/logout",
            &other_port
        ));
    }
}
