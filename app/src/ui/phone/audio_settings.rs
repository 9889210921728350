//! "Microphone and speaker": which microphone and speaker calls use, remembered in this browser
//! and used from the next call; a live level meter of the chosen microphone while the panel is
//! open (the microphone is released when it closes); a test sound through the chosen speaker.
//! The lists follow devices being plugged in and out.

use leptos::{prelude::*, task::spawn_local};

use crate::browser::{
    AudioChoice, AudioDevice, AudioDevices, InputLevel, list_audio_devices, load_audio_choice,
    on_audio_devices_changed, output_selection_supported, play_test_sound, save_audio_choice,
};

/// How often the meter is redrawn.
const METER_MS: u64 = 100;
/// How much of the shown level is kept each redraw when the sound gets quieter.
const METER_FALL: f64 = 0.8;
/// The sound the test plays (one of our own, also the SDK's outgoing-call sound).
const TEST_SOUND: &str = "/sounds/outgoing.wav";

/// The open microphone lives on the page's thread in the browser; during server rendering (where
/// it is an empty value) the component's cleanup may run on another thread, which a thread-bound
/// slot would panic at.
#[cfg(feature = "hydrate")]
type MeterStorage = LocalStorage;
#[cfg(not(feature = "hydrate"))]
type MeterStorage = SyncStorage;

/// The panel, closed at first.
#[component]
pub fn AudioSettings() -> impl IntoView {
    let open = RwSignal::new(false);
    let devices = RwSignal::new(AudioDevices::default());
    let choice = RwSignal::new(AudioChoice::default());
    let level = RwSignal::new(0.0_f64);
    let status = RwSignal::new(None::<String>);
    let speakers = RwSignal::new(false);
    let meter = StoredValue::<Option<InputLevel>, MeterStorage>::new_with_storage(None);
    // Bumped to drop a meter that is still opening when the panel closes or the choice changes.
    let meter_generation = StoredValue::new(0u32);

    let relist = move || {
        spawn_local(async move {
            let listed = list_audio_devices().await;
            let chosen = choice.get_untracked();
            let gone = |id: &Option<String>, list: &[AudioDevice]| {
                id.as_ref()
                    .is_some_and(|id| !list.iter().any(|d| &d.id == id))
            };
            if gone(&chosen.input, &listed.inputs) || gone(&chosen.output, &listed.outputs) {
                status.set(Some(
                    "A device you chose is not connected: calls use the default until it is back."
                        .into(),
                ));
            }
            devices.set(listed);
        });
    };
    let start_meter = move || {
        meter.set_value(None);
        let generation = meter_generation.get_value() + 1;
        meter_generation.set_value(generation);
        let input = choice.get_untracked().input;
        spawn_local(async move {
            let opened = InputLevel::open(input.as_deref()).await;
            if meter_generation.get_value() != generation || !open.get_untracked() {
                return; // dropped here: closed or replaced meanwhile
            }
            match opened {
                Ok(opened) => {
                    meter.set_value(Some(opened));
                    // Labels appear once the microphone is allowed.
                    relist();
                }
                Err(name) => status.set(Some(format!(
                    "The microphone could not be opened ({name}): check the browser's permission for this site."
                ))),
            }
        });
    };
    let stop_meter = move || {
        meter_generation.set_value(meter_generation.get_value() + 1);
        meter.set_value(None);
        level.set(0.0);
    };

    // Browser only: the stored choice, the device-change listener and the meter's clock.
    Effect::new(move |_| {
        choice.set(load_audio_choice());
        speakers.set(output_selection_supported());
        let changed = StoredValue::new_local(on_audio_devices_changed(move |_| {
            if open.get_untracked() {
                relist();
            }
        }));
        let clock = set_interval_with_handle(
            move || {
                meter.with_value(|m| {
                    if let Some(m) = m {
                        // Rises at once, falls gently: a word stays readable on the bar.
                        let now = m.level();
                        level.update(|shown| *shown = now.max(*shown * METER_FALL));
                    }
                });
            },
            std::time::Duration::from_millis(METER_MS),
        )
        .ok();
        on_cleanup(move || {
            changed.try_set_value(None);
            meter.try_set_value(None);
            if let Some(clock) = clock {
                clock.clear();
            }
        });
    });

    let toggled = move |ev: leptos::ev::Event| {
        let now_open = event_target::<web_sys::HtmlDetailsElement>(&ev).open();
        open.set(now_open);
        if now_open {
            status.set(None);
            relist();
            start_meter();
        } else {
            stop_meter();
        }
    };
    let choose = move |input: bool, id: String| {
        let id = (!id.is_empty()).then_some(id);
        choice.update(|c| {
            if input {
                c.input = id;
            } else {
                c.output = id;
            }
        });
        save_audio_choice(&choice.get_untracked());
        status.set(Some(
            "Saved for this browser; used from the next call.".into(),
        ));
        if input {
            start_meter();
        }
    };
    let test = move |_| {
        let output = choice.get_untracked().output;
        spawn_local(async move {
            match play_test_sound(TEST_SOUND, output.as_deref()).await {
                Ok(()) => status.set(Some("Playing a test sound…".into())),
                Err(why) => status.set(Some(why)),
            }
        });
    };
    let options = move |input: bool| {
        let selected = move || {
            let c = choice.get();
            if input { c.input } else { c.output }.unwrap_or_default()
        };
        let list = move || {
            devices.with(|d| {
                if input {
                    d.inputs.clone()
                } else {
                    d.outputs.clone()
                }
            })
        };
        view! {
            <option value="" selected=move || selected().is_empty()>"System default"</option>
            {move || list().into_iter().enumerate().map(|(i, device)| {
                let label = if device.label.is_empty() {
                    format!("{} {}", if input { "Microphone" } else { "Speaker" }, i + 1)
                } else {
                    device.label.clone()
                };
                let id = device.id.clone();
                view! { <option value=device.id.clone() selected=move || selected() == id>{label}</option> }
            }).collect_view()}
        }
    };

    view! {
        <details class="audio-settings" on:toggle=toggled>
            <summary>"Microphone and speaker"</summary>
            <div class="audio-settings__body">
                <label for="audio-input">"Microphone"</label>
                <select id="audio-input" on:change=move |ev| choose(true, event_target_value(&ev))>
                    {options(true)}
                </select>
                <meter id="audio-level" class="audio-settings__meter" min="0" max="1" low="0.02" high="0.9"
                    optimum="0.4" aria-label="Microphone level" prop:value=move || level.get()></meter>
                <p class="hint">"Speak: the bar moves when the microphone hears you."</p>
                <label for="audio-output">"Speaker"</label>
                <Show when=move || speakers.get() fallback=|| view! {
                    <p id="audio-output" class="hint">"This browser plays calls through the system's default speaker."</p>
                }>
                    <select id="audio-output" on:change=move |ev| choose(false, event_target_value(&ev))>
                        {options(false)}
                    </select>
                </Show>
                <button type="button" class="link-button" on:click=test>"Play a test sound"</button>
                <p class="hint" role="status">{move || status.get()}</p>
            </div>
        </details>
    }
}
