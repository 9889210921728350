//! Requests to the application, signed the way Twilio signs them
//! (<https://www.twilio.com/docs/usage/security#validating-requests>), with Twilio's parameters
//! (<https://www.twilio.com/docs/usage/webhooks/voice-webhooks>), and the TwiML they return.

use std::time::Duration;

use twilio_core::{
    signature::compute_signature,
    twiml::{self, VoiceResponse},
};
use url::Url;

/// Twilio gives up on a webhook after 15 s.
const WEBHOOK_TIMEOUT: Duration = Duration::from_secs(15);

/// Why a webhook gave no usable TwiML. Twilio would log these as 11200 (HTTP) and 12100 (parse).
#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    /// The URL in the TwiML is not one we can resolve.
    #[error("bad URL {0:?}")]
    BadUrl(String),
    /// Connection or timeout.
    #[error("request to {url} failed: {reason}")]
    Http {
        /// Where.
        url: String,
        /// Why.
        reason: String,
    },
    /// A non-2xx answer.
    #[error("{url} answered HTTP {status}")]
    Status {
        /// Where.
        url: String,
        /// The status code.
        status: u16,
    },
    /// The body is not TwiML.
    #[error("{url} returned unreadable TwiML: {reason}")]
    Parse {
        /// Where.
        url: String,
        /// Why.
        reason: String,
    },
}

/// A signed-webhook client.
#[derive(Clone)]
pub struct Webhooks {
    http: reqwest::Client,
    auth_token: String,
}

impl Webhooks {
    /// A client that signs with `auth_token`.
    pub fn new(auth_token: String) -> Self {
        let http = reqwest::Client::builder()
            .timeout(WEBHOOK_TIMEOUT)
            .user_agent("TwilioProxy/1.1 (twilio-sim)")
            .build()
            .unwrap_or_default();
        Self { http, auth_token }
    }

    /// POSTs (or GETs) `params` to `url`, signed, and reads the TwiML answer.
    pub async fn fetch_twiml(
        &self,
        url: &Url,
        method: &str,
        params: &[(String, String)],
    ) -> Result<VoiceResponse, WebhookError> {
        let body = self.request(url, method, params).await?;
        twiml::parse(&body).map_err(|e| WebhookError::Parse {
            url: url.to_string(),
            reason: e.to_string(),
        })
    }

    /// Sends a request whose answer is ignored (status callbacks), in the background as Twilio
    /// does: a slow application never holds up the call. Failures are logged.
    pub fn notify(&self, url: Url, params: Vec<(String, String)>) {
        let webhooks = self.clone();
        tokio::spawn(async move {
            if let Err(e) = webhooks.request(&url, "POST", &params).await {
                tracing::warn!(error = %e, "status callback failed");
            }
        });
    }

    async fn request(
        &self,
        url: &Url,
        method: &str,
        params: &[(String, String)],
    ) -> Result<String, WebhookError> {
        let http_err = |e: reqwest::Error| WebhookError::Http {
            url: url.to_string(),
            reason: e.to_string(),
        };
        let request = if method.eq_ignore_ascii_case("GET") {
            // Twilio signs a GET over the full URL with its query and no body parameters.
            let mut full = url.clone();
            full.query_pairs_mut().extend_pairs(params);
            let signature = compute_signature(&self.auth_token, full.as_str(), &[]);
            self.http
                .get(full.as_str())
                .header("X-Twilio-Signature", signature)
        } else {
            let signature = compute_signature(&self.auth_token, url.as_str(), params);
            let body = serde_urlencoded::to_string(params).unwrap_or_default();
            self.http
                .post(url.as_str())
                .header("X-Twilio-Signature", signature)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(body)
        };
        let response = request.send().await.map_err(http_err)?;
        let status = response.status();
        if !status.is_success() {
            return Err(WebhookError::Status {
                url: url.to_string(),
                status: status.as_u16(),
            });
        }
        response.text().await.map_err(http_err)
    }
}

/// Resolves a TwiML URL (often relative, like `/twilio/dial-status`) against the document that
/// contained it, as Twilio does.
pub fn resolve(base: &Url, reference: &str) -> Result<Url, WebhookError> {
    base.join(reference.trim())
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .ok_or_else(|| WebhookError::BadUrl(reference.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_urls_against_the_document() {
        let base = Url::parse("http://127.0.0.1:3000/twilio/voice").unwrap();
        assert_eq!(
            resolve(&base, "/twilio/dial-status").unwrap().as_str(),
            "http://127.0.0.1:3000/twilio/dial-status"
        );
        assert_eq!(
            resolve(&base, "next").unwrap().as_str(),
            "http://127.0.0.1:3000/twilio/next"
        );
        assert!(resolve(&base, "javascript:alert(1)").is_err());
    }
}
