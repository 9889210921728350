//! Recordings' audio: what `<Record>` heard, kept as `RE….ogg` under the configured directory
//! and served by the REST API at the `RecordingUrl` the action was given.

mod ogg_opus;

use std::{
    io,
    path::{Path, PathBuf},
    time::Duration,
};

pub use ogg_opus::ogg_opus;
use twilio_core::sid::is_valid_sid;

/// Where a recording's audio is kept, for a well-formed `RE` SID only (so a request path can
/// never name another file).
pub fn file_for(dir: &Path, recording_sid: &str) -> Option<PathBuf> {
    is_valid_sid("RE", recording_sid).then(|| dir.join(format!("{recording_sid}.ogg")))
}

/// Writes `frames` as `RE….ogg` in `dir` (created if missing) and returns how long they play.
/// Nothing is written when there is no audio.
pub async fn save(dir: &Path, recording_sid: &str, frames: &[Vec<u8>]) -> io::Result<Duration> {
    let path = file_for(dir, recording_sid)
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a recording SID"))?;
    if frames.is_empty() {
        return Ok(Duration::ZERO);
    }
    // The serial only has to differ between streams of one file; any value will do.
    let serial = recording_sid
        .bytes()
        .fold(0u32, |h, b| h.rotate_left(5) ^ u32::from(b));
    let (bytes, duration) = ogg_opus(frames, serial);
    tokio::fs::create_dir_all(dir).await?;
    // Written beside the final name and renamed, so a reader never sees half a file.
    let partial = path.with_extension("ogg.partial");
    tokio::fs::write(&partial, bytes).await?;
    tokio::fs::rename(&partial, &path).await?;
    Ok(duration)
}
