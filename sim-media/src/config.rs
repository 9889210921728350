//! `MediaConfig`: the engine's tunables.

use std::time::Duration;

/// Settings for [`crate::MediaEngine::start_with`]; [`Default`] is what `start` uses.
#[derive(Clone, Debug)]
pub struct MediaConfig {
    /// A leg without a working ICE path for this long is dropped with
    /// [`crate::MediaEvent::Disconnected`]: never connected since its SDP, or lost since.
    pub ice_timeout: Duration,
}

impl Default for MediaConfig {
    fn default() -> Self {
        Self {
            ice_timeout: Duration::from_secs(30),
        }
    }
}
