//! `Client`: authenticated requests to one account's REST API, with a timeout and retries.

use std::time::Duration;

use reqwest::{Method, StatusCode, header::RETRY_AFTER};
use serde::de::DeserializeOwned;
use url::Url;

use crate::{
    Call, CallUpdate, Member, Queue, RestError,
    resources::{MemberPage, QueuePage},
    retry::{Idempotence, RetryPolicy},
};

/// Twilio's API base, for live accounts.
pub const LIVE_API_BASE: &str = "https://api.twilio.com/2010-04-01";

/// Most queues or members read in one page; a show's queue is far smaller
/// (Twilio's own page size limit is 1000).
const PAGE_SIZE: u32 = 1000;

/// A voicemail's audio is at most a few megabytes (two minutes of WAV); this leaves a slow
/// link time to carry it.
const MEDIA_TIMEOUT: Duration = Duration::from_secs(120);

/// Where and as whom to call the API.
#[derive(Clone, Debug)]
pub struct ClientConfig {
    /// The API's base URL, up to and including the version: [`LIVE_API_BASE`], or the local
    /// simulator's `http://127.0.0.1:PORT/2010-04-01`.
    pub api_base: Url,
    /// The account (`AC…`) whose resources are addressed.
    pub account_sid: String,
    /// Basic-auth user: an API key SID (`SK…`) or the account SID.
    pub username: String,
    /// Basic-auth password: the API key's secret or the auth token.
    pub password: String,
    /// Each attempt's limit, connection included.
    pub timeout: Duration,
    /// When to try again.
    pub retry: RetryPolicy,
}

/// A REST client for one account. Cheap to clone (one connection pool).
#[derive(Clone, Debug)]
pub struct Client {
    http: reqwest::Client,
    config: ClientConfig,
}

impl Client {
    /// A client for `config`; fails only if the HTTP stack cannot start (TLS roots).
    pub fn new(config: ClientConfig) -> Result<Self, RestError> {
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.timeout)
            .user_agent(concat!("softphone-twilio-rest/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| RestError::Network(e.to_string()))?;
        Ok(Self { http, config })
    }

    /// The account's queues (one page of up to 1000).
    pub async fn list_queues(&self) -> Result<Vec<Queue>, RestError> {
        let page: QueuePage = self
            .send(
                Method::GET,
                &format!("Queues.json?PageSize={PAGE_SIZE}"),
                None,
            )
            .await?;
        Ok(page.queues)
    }

    /// The queue `<Enqueue>` named `friendly_name`, if it exists yet (Twilio creates a queue the
    /// first time a call is enqueued in it).
    pub async fn queue_by_name(&self, friendly_name: &str) -> Result<Option<Queue>, RestError> {
        Ok(self
            .list_queues()
            .await?
            .into_iter()
            .find(|q| q.friendly_name == friendly_name))
    }

    /// One queue, by SID.
    pub async fn fetch_queue(&self, queue_sid: &str) -> Result<Queue, RestError> {
        self.send(
            Method::GET,
            &format!("Queues/{}.json", seg(queue_sid)),
            None,
        )
        .await
    }

    /// The calls waiting in a queue, front first.
    pub async fn list_members(&self, queue_sid: &str) -> Result<Vec<Member>, RestError> {
        let page: MemberPage = self
            .send(
                Method::GET,
                &format!(
                    "Queues/{}/Members.json?PageSize={PAGE_SIZE}",
                    seg(queue_sid)
                ),
                None,
            )
            .await?;
        Ok(page.queue_members)
    }

    /// Takes `call_sid` out of the queue into the TwiML at `url`. Twilio answers 400 if that
    /// member was dequeued already (so a repeated press cannot take it twice) and 404 if it is not
    /// in the queue.
    pub async fn dequeue(
        &self,
        queue_sid: &str,
        call_sid: &str,
        url: &Url,
    ) -> Result<Member, RestError> {
        let form = vec![("Url", url.to_string()), ("Method", "POST".into())];
        self.send(
            Method::POST,
            &format!("Queues/{}/Members/{}.json", seg(queue_sid), seg(call_sid)),
            Some(form),
        )
        .await
    }

    /// One call, by SID.
    pub async fn fetch_call(&self, call_sid: &str) -> Result<Call, RestError> {
        self.send(Method::GET, &format!("Calls/{}.json", seg(call_sid)), None)
            .await
    }

    /// Redirects or hangs up a live call. Twilio answers 400 (code 21220) for a call that
    /// is no longer in progress.
    pub async fn update_call(
        &self,
        call_sid: &str,
        update: &CallUpdate,
    ) -> Result<Call, RestError> {
        self.send(
            Method::POST,
            &format!("Calls/{}.json", seg(call_sid)),
            Some(update.form()),
        )
        .await
    }

    /// A recording's audio (<https://www.twilio.com/docs/voice/api/recording#fetch-a-recording-media-file>):
    /// the response, status 200, 206 or 416 (a range past the end), for the caller to stream on.
    /// `range` is passed as the `Range` header so a player can seek. Twilio answers WAV at this
    /// URL (the local simulator, Ogg Opus); the `Content-Type` says which. Not retried: the body
    /// is streamed.
    pub async fn recording_media(
        &self,
        recording_sid: &str,
        range: Option<&str>,
    ) -> Result<reqwest::Response, RestError> {
        let mut request = self
            .http
            .get(self.url(&format!("Recordings/{}", seg(recording_sid))))
            .basic_auth(&self.config.username, Some(&self.config.password))
            // The whole body, not just the headers, must arrive within this.
            .timeout(MEDIA_TIMEOUT);
        if let Some(range) = range {
            request = request.header(reqwest::header::RANGE, range);
        }
        let response = request.send().await.map_err(network)?;
        match response.status() {
            // 416: a range past the end, for the player to hear as such (with Content-Range).
            StatusCode::OK | StatusCode::PARTIAL_CONTENT | StatusCode::RANGE_NOT_SATISFIABLE => {
                Ok(response)
            }
            status => {
                let body = response.text().await.unwrap_or_default();
                Err(RestError::from_body(status.as_u16(), &body))
            }
        }
    }

    /// Deletes a recording for good (Twilio answers 204; 404 if it is already gone).
    pub async fn delete_recording(&self, recording_sid: &str) -> Result<(), RestError> {
        self.delete(&format!("Recordings/{}.json", seg(recording_sid)))
            .await
    }

    /// Deletes an empty queue: Twilio keeps queues until deleted and asks that inactive ones be
    /// (<https://www.twilio.com/docs/voice/api/queue-resource#delete-a-queue-resource>; 404 if it
    /// is already gone, 400 while a call is still in it).
    pub async fn delete_queue(&self, queue_sid: &str) -> Result<(), RestError> {
        self.delete(&format!("Queues/{}.json", seg(queue_sid)))
            .await
    }

    /// `DELETE` of the resource at `path` (204 or 200 on success).
    async fn delete(&self, path: &str) -> Result<(), RestError> {
        let response = self
            .http
            .delete(self.url(path))
            .basic_auth(&self.config.username, Some(&self.config.password))
            .send()
            .await
            .map_err(network)?;
        let status = response.status();
        if status == StatusCode::NO_CONTENT || status == StatusCode::OK {
            return Ok(());
        }
        let body = response.text().await.unwrap_or_default();
        Err(RestError::from_body(status.as_u16(), &body))
    }

    fn url(&self, path: &str) -> String {
        format!(
            "{}/Accounts/{}/{path}",
            self.config.api_base.as_str().trim_end_matches('/'),
            seg(&self.config.account_sid)
        )
    }

    async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        form: Option<Vec<(&'static str, String)>>,
    ) -> Result<T, RestError> {
        let url = self.url(path);
        let kind = if method == Method::GET {
            Idempotence::Read
        } else {
            Idempotence::Write
        };
        let mut attempt = 1;
        loop {
            let mut request = self
                .http
                .request(method.clone(), &url)
                .basic_auth(&self.config.username, Some(&self.config.password));
            if let Some(form) = &form {
                request = request.form(form);
            }
            let (outcome, status, retry_after) = match request.send().await {
                Ok(response) => {
                    let status = response.status();
                    let retry_after = response
                        .headers()
                        .get(RETRY_AFTER)
                        .and_then(|v| v.to_str().ok()?.parse().ok());
                    (read(response).await, Some(status.as_u16()), retry_after)
                }
                Err(e) if e.is_timeout() => (Err(RestError::Timeout), None, None),
                Err(e) => (Err(RestError::Network(e.to_string())), None, None),
            };
            match outcome {
                Err(e)
                    if attempt < self.config.retry.attempts
                        && !matches!(e, RestError::Decode(_))
                        && RetryPolicy::retries(kind, status) =>
                {
                    let wait = self.config.retry.backoff(attempt, retry_after);
                    tracing::warn!(error = %e, ?wait, attempt, "Twilio REST request failed; retrying");
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                outcome => return outcome,
            }
        }
    }
}

fn network(e: reqwest::Error) -> RestError {
    if e.is_timeout() {
        RestError::Timeout
    } else {
        RestError::Network(e.to_string())
    }
}

async fn read<T: DeserializeOwned>(response: reqwest::Response) -> Result<T, RestError> {
    let status = response.status();
    let body = response.text().await.map_err(|e| {
        if e.is_timeout() {
            RestError::Timeout
        } else {
            RestError::Network(e.to_string())
        }
    })?;
    if status != StatusCode::OK && status != StatusCode::CREATED {
        return Err(RestError::from_body(status.as_u16(), &body));
    }
    serde_json::from_str(&body).map_err(|e| RestError::Decode(e.to_string()))
}

/// A SID as one path segment: SIDs are letters and digits, anything else is dropped so a
/// malformed one cannot reach another path.
fn seg(sid: &str) -> String {
    sid.chars().filter(char::is_ascii_alphanumeric).collect()
}
