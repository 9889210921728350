//! Checking that the microphone can be opened before the SDK needs it.

/// Asks for the microphone (the browser prompts once) and releases it straight away. `Err` is
/// the name of the `DOMException` it failed with (`NotAllowedError`…), or `"Unsupported"` without
/// `navigator.mediaDevices`: the SDK would otherwise fail the call with 31401 after it started.
/// On the server there is no microphone: `Err("Unsupported")`.
pub async fn check_microphone() -> Result<(), String> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        use wasm_bindgen_futures::JsFuture;
        use web_sys::{MediaStream, MediaStreamConstraints, MediaStreamTrack};

        let devices = web_sys::window()
            .map(|w| w.navigator())
            .and_then(|n| n.media_devices().ok())
            .ok_or(UNSUPPORTED)?;
        let constraints = MediaStreamConstraints::new();
        constraints.set_audio(&true.into());
        let promise = devices
            .get_user_media_with_constraints(&constraints)
            .map_err(|_| UNSUPPORTED.to_owned())?;
        match JsFuture::from(promise).await {
            Ok(stream) => {
                let stream: MediaStream = stream.unchecked_into();
                for track in stream.get_tracks().iter() {
                    track.unchecked_into::<MediaStreamTrack>().stop();
                }
                Ok(())
            }
            Err(e) => Err(e
                .dyn_ref::<web_sys::DomException>()
                .map(|d| d.name())
                .unwrap_or_default()),
        }
    }
    #[cfg(not(feature = "hydrate"))]
    {
        Err(UNSUPPORTED.to_owned())
    }
}

/// The error name for a page that can't ask for the microphone at all.
const UNSUPPORTED: &str = "Unsupported";
