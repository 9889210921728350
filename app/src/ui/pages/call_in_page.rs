//! `/call/{show}`: a listener with no account calls a show from the browser, then sees their
//! place in line, the expected wait, and an "On air" light.

use domain::show::{ListenerPhase, ListenerView};
use leptos::{html::H1, prelude::*};
use leptos_router::hooks::use_params_map;

use crate::call_in::{CallInStatus, use_call_in};
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::server_fns::MAX_NAME_CHARS;
use crate::ui::LanguageSwitch;
use crate::ui::pages::focus_on_arrival;

/// The call-in page of the show named in the path.
#[component]
pub fn CallInPage() -> impl IntoView {
    let i18n = use_i18n();
    let show = use_params_map()
        .with_untracked(|p| p.get("show"))
        .unwrap_or_default();
    let call_in = use_call_in(show.clone());
    let name = RwSignal::new(String::new());
    let topic = RwSignal::new(String::new());
    let heading = NodeRef::<H1>::new();
    focus_on_arrival(heading);

    let busy = move || {
        matches!(
            call_in.status.get(),
            CallInStatus::Placing | CallInStatus::Connected
        )
    };
    let on_air = move || {
        call_in.status.get() == CallInStatus::Connected
            && call_in
                .view
                .with(|v| v.as_ref().is_some_and(|v| v.phase == ListenerPhase::OnAir))
    };
    let words = move || {
        let locale = i18n.get_locale();
        call_in
            .view
            .with(|v| status_words(locale, &call_in.status.get(), v.as_ref()))
    };
    view! {
        <main class="page call-in">
            <LanguageSwitch/>
            <h1 node_ref=heading tabindex="-1">{move || t_string!(i18n, show.call_title, show = show.clone()).to_string()}</h1>
            <p class="call-in__intro">{t!(i18n, show.call_intro)}</p>
            <form
                class="call-in__form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    call_in.call.run((name.get_untracked(), topic.get_untracked()));
                }
            >
                <label>{t!(i18n, show.your_name)}<input type="text" required maxlength=MAX_NAME_CHARS.to_string() autocomplete="given-name" bind:value=name prop:disabled=busy/></label>
                <label>{t!(i18n, show.topic_question)}<input type="text" maxlength="200" bind:value=topic prop:disabled=busy/></label>
                <button type="submit" class="call-button" disabled=busy>{t!(i18n, show.call_the_show)}</button>
            </form>
            <p
                class=move || if on_air() { "on-air-light on-air-light--on" } else { "on-air-light" }
                aria-hidden=move || (!on_air()).to_string()
            >
                {t!(i18n, show.on_air)}
            </p>
            <p class="call-in__status" role="status">{words}</p>
            <Show when=move || call_in.status.get() == CallInStatus::Connected>
                <button type="button" class="hang-up-button" on:click=move |_| call_in.hang_up.run(())>
                    {t!(i18n, show.hang_up)}
                </button>
            </Show>
        </main>
    }
    .into_any()
}

/// The status line in `locale`: the call as the browser knows it, and once connected where it
/// stands as the server pushes it (`view`).
fn status_words(locale: Locale, status: &CallInStatus, view: Option<&ListenerView>) -> String {
    match status {
        CallInStatus::Idle => String::new(),
        CallInStatus::Placing => td_string!(locale, show.calling).to_owned(),
        CallInStatus::Ended => td_string!(locale, show.call_ended).to_owned(),
        CallInStatus::Failed(why) => td_string!(locale, show.call_failed, reason = why).to_string(),
        CallInStatus::Connected => match view {
            None => td_string!(locale, show.connected).to_owned(),
            Some(v) => match v.phase {
                ListenerPhase::Calling => td_string!(locale, show.listen_to_greeting).to_owned(),
                ListenerPhase::Waiting => {
                    let mut s = match v.position {
                        Some(1) => td_string!(locale, show.next_in_line).to_owned(),
                        Some(n) => {
                            td_string!(locale, show.number_in_line, position = n).to_string()
                        }
                        None => td_string!(locale, show.on_hold).to_owned(),
                    };
                    if let Some(wait) = v.expected_wait {
                        let wait = wait_in_words(locale, wait);
                        s.push_str(&td_string!(locale, show.expected_wait, wait));
                    }
                    s
                }
                ListenerPhase::Screening => td_string!(locale, show.talking_to_producer).to_owned(),
                ListenerPhase::OnAir => td_string!(locale, show.you_are_on_air).to_owned(),
                ListenerPhase::Ended => td_string!(locale, show.call_ended).to_owned(),
            },
        },
    }
}

/// An expected wait of `seconds`, in `locale`'s words, rounded up to whole minutes (the same
/// rounding as `ExpectedWait::in_words`, which is its English).
fn wait_in_words(locale: Locale, seconds: u64) -> String {
    match seconds.div_ceil(60) {
        0 => td_string!(locale, show.less_than_a_minute).to_owned(),
        1 if seconds < 60 => td_string!(locale, show.less_than_a_minute).to_owned(),
        1 => td_string!(locale, show.about_one_minute).to_owned(),
        minutes => td_string!(locale, show.about_minutes, minutes).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use domain::show::ExpectedWait;

    use super::*;

    #[test]
    fn the_wait_reads_as_the_domain_says_in_english() {
        for seconds in [0, 1, 59, 60, 61, 119, 120, 121, 600, 3601] {
            assert_eq!(
                wait_in_words(Locale::en, seconds),
                ExpectedWait::in_words(seconds),
                "{seconds} s"
            );
        }
    }

    #[test]
    fn the_wait_reads_in_french_and_japanese() {
        assert_eq!(wait_in_words(Locale::fr, 30), "moins d'une minute");
        assert_eq!(wait_in_words(Locale::fr, 300), "environ 5\u{a0}minutes");
        assert_eq!(wait_in_words(Locale::ja, 30), "1分未満");
        assert_eq!(wait_in_words(Locale::ja, 300), "約5分");
    }

    #[test]
    fn the_place_in_line_and_the_wait_land_in_each_language() {
        let view = ListenerView {
            phase: ListenerPhase::Waiting,
            position: Some(3),
            expected_wait: Some(300),
        };
        let words = |locale| status_words(locale, &CallInStatus::Connected, Some(&view));
        assert_eq!(
            words(Locale::en),
            "You are number 3 in line. We expect to take your call in about 5 minutes."
        );
        assert_eq!(
            words(Locale::fr),
            "Vous êtes 3ᵉ dans la file d'attente. Nous prévoyons de prendre votre appel dans \
             environ 5\u{a0}minutes."
        );
        assert_eq!(
            words(Locale::ja),
            "お客様は3番目です。お待ち時間の目安は約5分です。"
        );
    }

    #[test]
    fn a_failure_says_why_in_each_language() {
        let failed = CallInStatus::Failed("no microphone".to_owned());
        assert_eq!(
            status_words(Locale::en, &failed, None),
            "The call could not be made: no microphone"
        );
        assert_eq!(
            status_words(Locale::fr, &failed, None),
            "L'appel n'a pas pu être passé\u{a0}: no microphone"
        );
        assert_eq!(
            status_words(Locale::ja, &failed, None),
            "電話をかけられませんでした：no microphone"
        );
    }
}
