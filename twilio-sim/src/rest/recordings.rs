//! The Recording resource's media and deletion
//! (<https://www.twilio.com/docs/voice/api/recording#fetch-a-recording-media-file>): `GET
//! …/Recordings/RE…` answers the audio (with byte ranges, so a player can seek) and `DELETE
//! …/Recordings/RE….json` removes it. Twilio serves WAV at the bare URL; the simulator keeps what
//! the browser sent, Opus in Ogg, and says so in `Content-Type`. Metadata (`.json`) is not
//! simulated.

use axum::{
    extract::{Path, Request, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use tower::ServiceExt;
use tower_http::services::ServeFile;

use super::{auth::AccountAuth, error::RestError, render::strip_json};
use crate::{handle::SimHandle, recording::file_for};

/// `GET /Accounts/{account}/Recordings/{RE…}`: the audio, `audio/ogg`.
pub async fn fetch_media(
    _: AccountAuth,
    State(sim): State<SimHandle>,
    Path((_, recording)): Path<(String, String)>,
    request: Request,
) -> Result<Response, RestError> {
    let path = sim
        .config()
        .recordings_dir
        .as_deref()
        .and_then(|dir| file_for(dir, &recording))
        .filter(|path| path.is_file())
        .ok_or(RestError::NotFound)?;
    // `.ogg` is served as `audio/ogg`.
    let served = ServeFile::new(path)
        .oneshot(request)
        .await
        .map_err(|_| RestError::NotFound)?;
    Ok(served.into_response())
}

/// `DELETE /Accounts/{account}/Recordings/{RE…}.json`: 204, or 404 if there is no such audio.
pub async fn delete(
    _: AccountAuth,
    State(sim): State<SimHandle>,
    Path((_, recording)): Path<(String, String)>,
) -> Result<StatusCode, RestError> {
    let path = sim
        .config()
        .recordings_dir
        .as_deref()
        .and_then(|dir| file_for(dir, strip_json(&recording).ok()?))
        .ok_or(RestError::NotFound)?;
    match tokio::fs::remove_file(&path).await {
        Ok(()) => Ok(StatusCode::NO_CONTENT),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(RestError::NotFound),
        Err(e) => {
            tracing::warn!(error = %e, "could not delete a recording");
            Err(RestError::NotFound)
        }
    }
}
