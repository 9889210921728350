//! Checking that the microphone can be opened before the SDK needs it.

/// Asks for the microphone (the browser prompts once) and releases it straight away. `Err` is
/// the instruction to show: the SDK would otherwise fail the call with 31401 after it started.
/// On the server there is no microphone: `Err`.
pub async fn check_microphone() -> Result<(), String> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        use wasm_bindgen_futures::JsFuture;
        use web_sys::{MediaStream, MediaStreamConstraints, MediaStreamTrack};

        let devices = web_sys::window()
            .map(|w| w.navigator())
            .and_then(|n| n.media_devices().ok())
            .ok_or(NO_MICROPHONE_HERE)?;
        let constraints = MediaStreamConstraints::new();
        constraints.set_audio(&true.into());
        let promise = devices
            .get_user_media_with_constraints(&constraints)
            .map_err(|_| "This browser can't open the microphone.".to_owned())?;
        match JsFuture::from(promise).await {
            Ok(stream) => {
                let stream: MediaStream = stream.unchecked_into();
                for track in stream.get_tracks().iter() {
                    track.unchecked_into::<MediaStreamTrack>().stop();
                }
                Ok(())
            }
            Err(e) => {
                let name = e
                    .dyn_ref::<web_sys::DomException>()
                    .map(|d| d.name())
                    .unwrap_or_default();
                Err(match name.as_str() {
                    "NotAllowedError" | "SecurityError" => "The microphone is blocked for this site. Click the icon left of the address bar, allow the microphone, then try again.".to_owned(),
                    "NotFoundError" => "No microphone was found. Connect one and try again.".to_owned(),
                    "NotReadableError" => "The microphone is in use by another program, or failed. Close that program and try again.".to_owned(),
                    _ => format!("The microphone could not be opened ({name})."),
                })
            }
        }
    }
    #[cfg(not(feature = "hydrate"))]
    {
        Err(NO_MICROPHONE_HERE.to_owned())
    }
}

/// Without `navigator.mediaDevices` (plain http other than localhost, or no browser at all).
const NO_MICROPHONE_HERE: &str =
    "This browser can't use a microphone here (it needs https or localhost).";
