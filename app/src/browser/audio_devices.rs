//! Microphones and speakers: listing them, remembering the user's choice in this browser,
//! playing a test sound through a chosen speaker, and measuring a microphone's level. Labels
//! are only given once the page may use the microphone (the browser's rule).

use serde::{Deserialize, Serialize};

/// One microphone or speaker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AudioDevice {
    /// The browser's `deviceId` for this origin.
    pub id: String,
    /// What the user reads; empty until the microphone is allowed.
    pub label: String,
}

/// The devices of this computer, as the browser lists them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AudioDevices {
    /// Microphones.
    pub inputs: Vec<AudioDevice>,
    /// Speakers and headphones.
    pub outputs: Vec<AudioDevice>,
}

/// The user's choice, remembered in this browser (`localStorage`). `None`: the system default.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AudioChoice {
    /// Microphone `deviceId`.
    pub input: Option<String>,
    /// Speaker `deviceId`.
    pub output: Option<String>,
}

#[cfg(feature = "hydrate")]
const CHOICE_KEY: &str = "softphone.audio";

/// The remembered choice (defaults when none, or unreadable).
pub fn load_audio_choice() -> AudioChoice {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()
            .and_then(|w| super::reflect::property(&w.into(), "localStorage"))
            .and_then(|s| super::reflect::call(&s, "getItem", &[&CHOICE_KEY.into()]).ok())
            .and_then(|v| v.as_string())
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        AudioChoice::default()
    }
}

/// Remembers `choice` in this browser; a browser refusing storage just forgets it.
pub fn save_audio_choice(choice: &AudioChoice) {
    #[cfg(feature = "hydrate")]
    if let (Some(storage), Ok(json)) = (
        web_sys::window().and_then(|w| super::reflect::property(&w.into(), "localStorage")),
        serde_json::to_string(choice),
    ) {
        let _ = super::reflect::call(&storage, "setItem", &[&CHOICE_KEY.into(), &json.into()]);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = choice;
}

/// Whether the browser can send a page's audio to a chosen speaker (`setSinkId`); Firefox and
/// Safari often cannot, and then calls play through the system's default.
pub fn output_selection_supported() -> bool {
    #[cfg(feature = "hydrate")]
    {
        use super::reflect::property;
        web_sys::window()
            .and_then(|w| property(&w.into(), "HTMLMediaElement"))
            .and_then(|class| property(&class, "prototype"))
            .and_then(|prototype| property(&prototype, "setSinkId"))
            .is_some_and(|method| method.is_function())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        false
    }
}

/// The microphones and speakers (`enumerateDevices`); empty on the server or without the API.
pub async fn list_audio_devices() -> AudioDevices {
    #[cfg(feature = "hydrate")]
    {
        use super::reflect::{call, navigator, property, settle};
        let Some(media) = navigator().and_then(|n| property(&n, "mediaDevices")) else {
            return AudioDevices::default();
        };
        let Some(list) = settle(call(&media, "enumerateDevices", &[])).await else {
            return AudioDevices::default();
        };
        let mut devices = AudioDevices::default();
        for info in js_sys::Array::from(&list).iter() {
            let text = |name| {
                property(&info, name)
                    .and_then(|v| v.as_string())
                    .unwrap_or_default()
            };
            let device = AudioDevice {
                id: text("deviceId"),
                label: text("label"),
            };
            // "default" and "communications" are aliases of a listed device (Chrome).
            if device.id.is_empty() || device.id == "default" || device.id == "communications" {
                continue;
            }
            match text("kind").as_str() {
                "audioinput" => devices.inputs.push(device),
                "audiooutput" => devices.outputs.push(device),
                _ => {}
            }
        }
        devices
    }
    #[cfg(not(feature = "hydrate"))]
    {
        AudioDevices::default()
    }
}

/// Calls `on_change` whenever a device is plugged in or out (`devicechange`).
pub fn on_audio_devices_changed(
    on_change: impl FnMut(web_sys::Event) + 'static,
) -> Option<super::EventListener> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let media = super::reflect::navigator()
            .and_then(|n| super::reflect::property(&n, "mediaDevices"))?;
        super::EventListener::new(media.unchecked_ref(), "devicechange", on_change)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = on_change;
        None
    }
}

/// Plays `sound` (a URL of ours) once through `output` (`None`: the default speaker). `Err` in
/// words (in `locale`) when the speaker cannot be chosen or the sound cannot play.
pub async fn play_test_sound(
    sound: &str,
    output: Option<&str>,
    locale: crate::i18n::Locale,
) -> Result<(), String> {
    use crate::i18n::td_string;
    #[cfg(feature = "hydrate")]
    {
        use super::reflect::{call, settle};
        let audio = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.create_element("audio").ok())
            .ok_or(td_string!(locale, phone.cannot_play_sounds))?;
        let _ = audio.set_attribute("src", sound);
        let audio: wasm_bindgen::JsValue = audio.into();
        if let Some(id) = output {
            let returned = call(&audio, "setSinkId", &[&id.into()]);
            if returned.is_err() || settle_ok(returned).await.is_err() {
                return Err(td_string!(locale, phone.speaker_unusable).into());
            }
        }
        let _ = settle(call(&audio, "play", &[])).await;
        Ok(())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (sound, output);
        Err(td_string!(locale, phone.sounds_play_in_browser).into())
    }
}

/// Awaits a promise that resolves to `undefined` on success.
#[cfg(feature = "hydrate")]
async fn settle_ok(
    returned: Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>,
) -> Result<(), ()> {
    use wasm_bindgen::JsCast;
    let promise: js_sys::Promise = returned.map_err(drop)?.dyn_into().map_err(drop)?;
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map(drop)
        .map_err(drop)
}

/// A microphone held open to show its level; closed (tracks stopped, the audio graph closed)
/// when dropped.
pub struct InputLevel {
    #[cfg(feature = "hydrate")]
    stream: wasm_bindgen::JsValue,
    #[cfg(feature = "hydrate")]
    context: wasm_bindgen::JsValue,
    #[cfg(feature = "hydrate")]
    analyser: wasm_bindgen::JsValue,
}

impl InputLevel {
    /// Opens microphone `input` (`None`: the default). `Err` is the `DOMException` name
    /// (`NotAllowedError`, `NotFoundError`…) or `"Unsupported"`.
    pub async fn open(input: Option<&str>) -> Result<Self, String> {
        #[cfg(feature = "hydrate")]
        {
            use super::reflect::{call, navigator, property, set};
            use wasm_bindgen::{JsCast, JsValue};
            let media = navigator()
                .and_then(|n| property(&n, "mediaDevices"))
                .ok_or("Unsupported")?;
            let audio = js_sys::Object::new();
            if let Some(id) = input {
                let exact = js_sys::Object::new();
                set(&exact, "exact", &id.into());
                set(&audio, "deviceId", &exact);
            }
            let constraints = js_sys::Object::new();
            set(&constraints, "audio", &audio);
            let promise: js_sys::Promise = call(&media, "getUserMedia", &[&constraints])
                .map_err(|_| "Unsupported")?
                .dyn_into()
                .map_err(|_| "Unsupported")?;
            let stream = wasm_bindgen_futures::JsFuture::from(promise)
                .await
                .map_err(|e| {
                    property(&e, "name")
                        .and_then(|n| n.as_string())
                        .unwrap_or_else(|| "Unsupported".into())
                })?;
            let window: JsValue = web_sys::window().ok_or("Unsupported")?.into();
            let class: js_sys::Function = property(&window, "AudioContext")
                .and_then(|c| c.dyn_into().ok())
                .ok_or("Unsupported")?;
            let context = js_sys::Reflect::construct(&class, &js_sys::Array::new())
                .map_err(|_| "Unsupported")?;
            let source =
                call(&context, "createMediaStreamSource", &[&stream]).map_err(|_| "Unsupported")?;
            let analyser = call(&context, "createAnalyser", &[]).map_err(|_| "Unsupported")?;
            set(
                analyser.unchecked_ref::<js_sys::Object>(),
                "fftSize",
                &JsValue::from_f64(1024.0),
            );
            let _ = call(&source, "connect", &[&analyser]);
            Ok(Self {
                stream,
                context,
                analyser,
            })
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = input;
            Err("Unsupported".into())
        }
    }

    /// The level now, 0 (silence) to 1 (full scale): the RMS of the last 1024 samples, scaled
    /// so that speech at a normal distance fills about half the meter.
    pub fn level(&self) -> f64 {
        #[cfg(feature = "hydrate")]
        {
            let samples = js_sys::Float32Array::new_with_length(1024);
            let _ = super::reflect::call(&self.analyser, "getFloatTimeDomainData", &[&samples]);
            let samples = samples.to_vec();
            let rms = (samples.iter().map(|s| f64::from(*s).powi(2)).sum::<f64>()
                / samples.len().max(1) as f64)
                .sqrt();
            (rms * 4.0).min(1.0)
        }
        #[cfg(not(feature = "hydrate"))]
        {
            0.0
        }
    }
}

impl Drop for InputLevel {
    fn drop(&mut self) {
        #[cfg(feature = "hydrate")]
        {
            use super::reflect::{call, settle_later};
            if let Ok(tracks) = call(&self.stream, "getTracks", &[]) {
                for track in js_sys::Array::from(&tracks).iter() {
                    let _ = call(&track, "stop", &[]);
                }
            }
            settle_later(call(&self.context, "close", &[]));
        }
    }
}
