//! Security headers on every response: a Content-Security-Policy that allows only our origin and
//! the Twilio hosts the Voice SDK needs, and the usual hardening headers.

use std::sync::Arc;

use app::{
    csp_nonce::CspNonceSlot,
    ssr::{
        AppState,
        config::{Config, Mode},
    },
};
use axum::{
    extract::{Request, State},
    http::{HeaderName, HeaderValue, header},
    middleware::Next,
    response::Response,
};
use leptos::config::{LeptosOptions, ReloadWSProtocol};

/// The Voice SDK's signaling edges (sdk `lib/twilio/regions.ts`, `Edge`). It connects to
/// `roaming`, then reconnects to the edge Twilio's `connected` message names, so each must be
/// allowed (sdk README, "Content Security Policy").
const TWILIO_EDGES: [&str; 16] = [
    "roaming",
    "ashburn",
    "dublin",
    "frankfurt",
    "sao-paulo",
    "singapore",
    "sydney",
    "tokyo",
    "umatilla",
    "ashburn-ix",
    "frankfurt-ix",
    "london-ix",
    "san-jose-ix",
    "singapore-ix",
    "sydney-ix",
    "tokyo-ix",
];

/// Insights goes to `eventgw.twilio.com`, then to `eventgw.<home>.twilio.com` once signaling
/// names the account's home region (sdk `createEventGatewayURI`).
const TWILIO_HOME_REGIONS: [&str; 8] = ["us1", "us2", "ie1", "de1", "au1", "br1", "jp1", "sg1"];

/// The policy for this server, built once; only the nonce changes per response.
#[derive(Clone)]
pub struct SecurityHeaders(Arc<Policy>);

struct Policy {
    /// Every directive but `script-src`, which carries the per-response nonce.
    directives: String,
    /// Only when `PUBLIC_BASE_URL` is https: HSTS over http would pin nothing, or the wrong host.
    hsts: bool,
}

impl SecurityHeaders {
    /// The policy for `state`'s mode (live mode adds Twilio's hosts) and base URL.
    pub fn new(state: &AppState) -> Self {
        Self::for_config(&state.config, &state.leptos)
    }

    /// As [`SecurityHeaders::new`], from its parts.
    pub fn for_config(config: &Config, leptos: &LeptosOptions) -> Self {
        let mut connect = vec!["'self'".to_owned()];
        if config.mode == Mode::Live {
            connect.extend(
                TWILIO_EDGES
                    .iter()
                    .map(|edge| format!("wss://voice-js.{edge}.twilio.com")),
            );
            connect.push("https://eventgw.twilio.com".to_owned());
            connect.extend(
                TWILIO_HOME_REGIONS
                    .iter()
                    .map(|home| format!("https://eventgw.{home}.twilio.com")),
            );
        }
        // `cargo leptos watch` reloads the page over its own port: `'self'` doesn't cover it.
        if std::env::var_os("LEPTOS_WATCH").is_some() {
            let scheme = match leptos.reload_ws_protocol {
                ReloadWSProtocol::WS => "ws",
                ReloadWSProtocol::WSS => "wss",
            };
            let port = leptos.reload_external_port.unwrap_or(leptos.reload_port);
            connect.push(format!("{scheme}://*:{port}"));
        }
        let directives = [
            "default-src 'self'".to_owned(),
            "style-src 'self'".to_owned(),
            "img-src 'self'".to_owned(),
            "font-src 'self'".to_owned(),
            // Our sounds are files; the SDK may play the remote stream through a blob: URL.
            "media-src 'self' blob: mediastream:".to_owned(),
            format!("connect-src {}", connect.join(" ")),
            "worker-src 'self'".to_owned(),
            "manifest-src 'self'".to_owned(),
            "object-src 'none'".to_owned(),
            "base-uri 'none'".to_owned(),
            "form-action 'self'".to_owned(),
            "frame-ancestors 'none'".to_owned(),
        ]
        .join("; ");
        Self(Arc::new(Policy {
            directives,
            hsts: config.is_https(),
        }))
    }

    /// The Content-Security-Policy for a response whose inline scripts carry `nonce`, if any.
    /// `'wasm-unsafe-eval'` lets the page compile its wasm; it allows no JavaScript `eval`.
    pub fn content_security_policy(&self, nonce: Option<&str>) -> String {
        let nonce = nonce.map(|n| format!(" 'nonce-{n}'")).unwrap_or_default();
        format!(
            "script-src 'self' 'wasm-unsafe-eval'{nonce}; {}",
            self.0.directives
        )
    }
}

/// Middleware: sets the headers on every response; a page's policy names the nonce its
/// [`app::csp_nonce::CspNonce`] recorded in the request's [`CspNonceSlot`].
pub async fn apply(
    State(policy): State<SecurityHeaders>,
    mut request: Request,
    next: Next,
) -> Response {
    let slot = CspNonceSlot::default();
    request.extensions_mut().insert(slot.clone());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let nonce = slot.get().filter(|n| is_nonce(n));
    let csp = policy.content_security_policy(nonce);
    // Built from constants and a checked nonce: always a valid header value.
    if let Ok(csp) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // Not `no-referrer`: a form posted before hydration (sign-in, sign-out) is redirected back
    // to its page by leptos_axum using Referer. Other origins only ever see our origin.
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    headers.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static(
            "microphone=(self), camera=(), display-capture=(), geolocation=(), payment=(), usb=()",
        ),
    );
    // For browsers without CSP's frame-ancestors: nobody may frame a page that can place calls.
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    if policy.0.hsts {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    response
}

/// Leptos's nonces are URL-safe base64; anything else is not put into the policy.
fn is_nonce(value: &str) -> bool {
    (16..=128).contains(&value.len())
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '/' | '='))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy_for(vars: &[(&str, &str)]) -> SecurityHeaders {
        let config = Config::from_lookup(|name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        })
        .expect("valid test configuration");
        SecurityHeaders::for_config(&config, &LeptosOptions::builder().output_name("t").build())
    }

    #[test]
    fn local_mode_allows_only_our_origin() {
        let csp = policy_for(&[]).content_security_policy(None);
        assert!(csp.contains("connect-src 'self';"), "{csp}");
        assert!(!csp.contains("twilio.com"), "{csp}");
        assert!(
            csp.starts_with("script-src 'self' 'wasm-unsafe-eval'; "),
            "{csp}"
        );
        assert!(!csp.contains("unsafe-inline"), "{csp}");
    }

    #[test]
    fn the_nonce_goes_into_script_src() {
        let csp = policy_for(&[]).content_security_policy(Some("AbC123_-xyz456789"));
        assert!(
            csp.starts_with("script-src 'self' 'wasm-unsafe-eval' 'nonce-AbC123_-xyz456789'; "),
            "{csp}"
        );
    }

    #[test]
    fn nonces_are_checked_before_use() {
        assert!(is_nonce("kZ3u0nPzvN6Zb4Hh0rUu2A"));
        assert!(!is_nonce("short"));
        assert!(!is_nonce("abcdefghijklmnop'; script-src *"));
    }
}
