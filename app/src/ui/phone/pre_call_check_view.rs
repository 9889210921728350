//! "Check before a call": listens to the chosen microphone for a few seconds and times a few
//! round trips to the server, then says in words whether calls will work (judged by
//! [`PreCallCheck`]). The microphone is released as soon as it has listened.

use leptos::{prelude::*, task::spawn_local};

use crate::i18n::{Locale, t, use_i18n};
use crate::phone::{Finding, PreCallCheck};

/// How long the microphone listens.
#[cfg(feature = "hydrate")]
const LISTEN_MS: u32 = 3_000;
/// How often its level is read meanwhile.
#[cfg(feature = "hydrate")]
const SAMPLE_MS: u32 = 100;
/// Round trips timed.
#[cfg(feature = "hydrate")]
const ROUND_TRIPS: usize = 5;

/// The button and, once run, the two findings.
#[component]
pub fn PreCallCheckView() -> impl IntoView {
    let i18n = use_i18n();
    let running = RwSignal::new(false);
    let found = RwSignal::new(None::<PreCallCheck>);
    let run = move |_| {
        if running.get_untracked() {
            return;
        }
        running.set(true);
        found.set(None);
        spawn_local(async move {
            let check = measure(i18n.get_locale_untracked()).await;
            found.set(Some(check));
            running.set(false);
        });
    };
    let line = |f: Finding| {
        let mark = if f.ok { "✓" } else { "⚠" };
        view! {
            <li class="pre-call__finding" class:pre-call__finding--problem=!f.ok>
                <span aria-hidden="true">{mark}" "</span>{f.words}
            </li>
        }
    };
    view! {
        <section class="pre-call" aria-labelledby="pre-call-heading">
            <h2 id="pre-call-heading">{t!(i18n, phone.before_a_call)}</h2>
            <button type="button" class="link-button" on:click=run disabled=move || running.get()>
                {t!(i18n, phone.check_mic_and_connection)}
            </button>
            <div role="status">
                {move || running.get().then(|| view! {
                    <p class="hint">{t!(i18n, phone.listening)}</p>
                })}
                {move || found.get().map(|check| {
                    let locale = i18n.get_locale();
                    view! {
                        <ul class="pre-call__findings">
                            {line(check.microphone(locale))}{line(check.connection(locale))}
                        </ul>
                    }
                })}
            </div>
        </section>
    }
}

/// Listens, then times the round trips (a signed-in server function: the session is checked too).
/// A failure's own words are in `locale`.
async fn measure(locale: Locale) -> PreCallCheck {
    #[cfg(feature = "hydrate")]
    {
        use crate::browser::{InputLevel, load_audio_choice, monotonic_ms};
        use crate::phone::MicrophoneProblem;
        use crate::server_fns::whoami;
        use crate::twilio::sleep;

        let input = load_audio_choice().input;
        let microphone = match InputLevel::open(input.as_deref()).await {
            Ok(meter) => {
                let mut peak = 0.0_f64;
                for _ in 0..LISTEN_MS / SAMPLE_MS {
                    sleep(SAMPLE_MS).await;
                    peak = peak.max(meter.level());
                }
                Ok(peak)
            }
            Err(name) => Err(MicrophoneProblem::from_exception_name(&name)),
        };
        let mut trips = Vec::with_capacity(ROUND_TRIPS);
        let mut failed = None;
        for _ in 0..ROUND_TRIPS {
            let start = monotonic_ms();
            match whoami().await {
                Ok(Some(_)) => trips.push(monotonic_ms() - start),
                Ok(None) => {
                    failed =
                        Some(crate::i18n::td_string!(locale, phone.check_signed_out).to_owned())
                }
                Err(e) => failed = Some(e.message(locale)),
            }
            if failed.is_some() {
                break;
            }
        }
        PreCallCheck {
            microphone,
            round_trips_ms: failed.map_or(Ok(trips), Err),
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = locale;
    #[cfg(not(feature = "hydrate"))]
    PreCallCheck {
        microphone: Ok(0.0),
        round_trips_ms: Ok(Vec::new()),
    }
}
