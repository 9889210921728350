//! "Microphone and speaker": which microphone and speaker calls use, remembered in this browser
//! and used from the next call; a live level meter of the chosen microphone while the panel is
//! open (the microphone is released when it closes); a test sound through the chosen speaker.
//! The lists follow devices being plugged in and out.

use leptos::{prelude::*, task::spawn_local};

use crate::browser::{
    AudioChoice, AudioDevice, AudioDevices, InputLevel, list_audio_devices, load_audio_choice,
    on_audio_devices_changed, output_selection_supported, play_test_sound, save_audio_choice,
};
use crate::i18n::{t, t_string, td_string, use_i18n};

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
    let i18n = use_i18n();
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
                    td_string!(i18n.get_locale_untracked(), phone.audio_device_gone).into(),
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
                Err(name) => status.set(Some(
                    td_string!(
                        i18n.get_locale_untracked(),
                        phone.audio_mic_not_opened,
                        name = name
                    )
                    .to_string(),
                )),
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
            td_string!(i18n.get_locale_untracked(), phone.audio_saved).into(),
        ));
        if input {
            start_meter();
        }
    };
    let test = move |_| {
        let output = choice.get_untracked().output;
        spawn_local(async move {
            let locale = i18n.get_locale_untracked();
            match play_test_sound(TEST_SOUND, output.as_deref(), locale).await {
                Ok(()) => status.set(Some(td_string!(locale, phone.audio_playing_test).into())),
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
            <option value="" selected=move || selected().is_empty()>{t!(i18n, phone.system_default)}</option>
            {move || list().into_iter().enumerate().map(|(i, device)| {
                let label = device.label.clone();
                let label = move || {
                    if !label.is_empty() {
                        label.clone()
                    } else if input {
                        t_string!(i18n, phone.microphone_n, n = i + 1).to_string()
                    } else {
                        t_string!(i18n, phone.speaker_n, n = i + 1).to_string()
                    }
                };
                let id = device.id.clone();
                view! { <option value=device.id.clone() selected=move || selected() == id>{label}</option> }
            }).collect_view()}
        }
    };

    view! {
        <details class="audio-settings" on:toggle=toggled>
            <summary>{t!(i18n, phone.microphone_and_speaker)}</summary>
            <div class="audio-settings__body">
                <label for="audio-input">{t!(i18n, phone.microphone)}</label>
                <select id="audio-input" on:change=move |ev| choose(true, event_target_value(&ev))>
                    {options(true)}
                </select>
                <meter id="audio-level" class="audio-settings__meter" min="0" max="1" low="0.02" high="0.9"
                    optimum="0.4" aria-label=move || t_string!(i18n, phone.microphone_level) prop:value=move || level.get()></meter>
                <p class="hint">{t!(i18n, phone.speak_hint)}</p>
                <label for="audio-output">{t!(i18n, phone.speaker)}</label>
                <Show when=move || speakers.get() fallback=move || view! {
                    <p id="audio-output" class="hint">{t!(i18n, phone.default_speaker_only)}</p>
                }>
                    <select id="audio-output" on:change=move |ev| choose(false, event_target_value(&ev))>
                        {options(false)}
                    </select>
                </Show>
                <button type="button" class="link-button" on:click=test>{t!(i18n, phone.play_test_sound)}</button>
                <p class="hint" role="status">{move || status.get()}</p>
            </div>
        </details>
    }
}
