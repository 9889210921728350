//! What the simulator must know about the account it pretends to host and the app it calls.

/// The simulated account and the application's URLs.
#[derive(Clone)]
pub struct SimConfig {
    /// `AC…`: every token's `sub`, every webhook's `AccountSid`.
    pub account_sid: String,
    /// `SK…`: the only key tokens may be signed with.
    pub api_key_sid: String,
    /// The key's secret: verifies tokens (and mints the simulated phones' own).
    pub api_key_secret: String,
    /// Signs every webhook (`X-Twilio-Signature`) and authenticates the REST API.
    pub auth_token: String,
    /// `AP…`: the TwiML App that browsers' outgoing calls run.
    pub application_sid: String,
    /// Absolute URL of the app's Voice webhook, for both the TwiML App and our numbers.
    pub voice_url: String,
    /// Absolute URL for call status callbacks of the calls the Voice URL answers, if any.
    pub status_callback_url: Option<String>,
}

impl std::fmt::Debug for SimConfig {
    // Secrets stay out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimConfig")
            .field("account_sid", &self.account_sid)
            .field("api_key_sid", &self.api_key_sid)
            .field("application_sid", &self.application_sid)
            .field("voice_url", &self.voice_url)
            .finish_non_exhaustive()
    }
}
