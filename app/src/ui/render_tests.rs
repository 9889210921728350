//! Server-side render of each component: what a browser receives before hydration.

use leptos::prelude::*;

use crate::phone::{CallPhase, CallQuality, CallView, IncomingView};
use crate::server_fns::SignedInUser;
use crate::ui::test_render::render;
use crate::ui::{
    call::{InCallDialog, IncomingCallDialog},
    dial_pad::DialPad,
    pages::{LoginForm, NotFoundPage, Phone},
};

#[test]
fn the_dial_pad_has_twelve_labelled_keys_plus_delete_and_a_disabled_call_button() {
    let html = render(|| {
        let number = RwSignal::new(String::new());
        view! { <DialPad number on_call=Callback::new(|_| {})/> }.into_any()
    });
    for symbol in ["1", "2", "9", "0", "*", "#", "+"] {
        assert!(
            html.contains(&format!(r#"aria-label="{symbol}""#)),
            "key {symbol}: {html}"
        );
    }
    assert!(html.contains(r#"aria-label="Delete last digit""#), "{html}");
    assert!(html.contains(r#"aria-label="Number to call""#), "{html}");
    assert!(html.contains("ABC") && html.contains("WXYZ"), "{html}");
    let class_at = html.find(r#"class="call-button""#).unwrap();
    let tag = &html[html[..class_at].rfind("<button").unwrap()..class_at];
    assert!(
        tag.contains("disabled"),
        "empty number: Call is disabled: {html}"
    );
}

#[test]
fn the_in_call_dialog_shows_who_the_phase_timer_and_controls() {
    let html = render(|| {
        let call = Signal::derive(|| {
            Some(CallView {
                phase: CallPhase::Ringing,
                muted: true,
                ..CallView::new("+44 20 7946 0958", true)
            })
        });
        view! {
            <InCallDialog call on_hang_up=Callback::new(|_| {}) on_toggle_mute=Callback::new(|_| {})
                on_digit=Callback::new(|_| {}) quality=Signal::derive(CallQuality::default)/>
        }
        .into_any()
    });
    assert!(
        html.contains(r#"aria-labelledby="in-call-title""#),
        "{html}"
    );
    assert!(
        html.contains("+44 20 7946 0958") && html.contains("Ringing…"),
        "{html}"
    );
    assert!(
        !html.contains("00:00") && !html.contains("call-timer"),
        "no timer before the far end answers: {html}"
    );
    assert!(
        html.contains(r#"hidden class="call-quality""#),
        "no quality indicator before the call is connected: {html}"
    );
    assert!(
        html.contains(r#"aria-pressed="true""#) && html.contains("Unmute"),
        "{html}"
    );
    assert!(
        html.contains("Hang up") && html.contains("Keypad"),
        "{html}"
    );
}

#[test]
fn the_incoming_dialog_names_the_caller_and_offers_accept_and_reject() {
    let html = render(|| {
        let incoming = Signal::derive(|| {
            Some(IncomingView {
                caller: "+44 20 7946 0002".into(),
                caller_name: Some("bob".into()),
            })
        });
        view! { <IncomingCallDialog incoming on_accept=Callback::new(|_| {}) on_reject=Callback::new(|_| {})/> }.into_any()
    });
    assert!(
        html.contains("Incoming call")
            && html.contains("<strong>bob</strong>")
            && html.contains("+44 20 7946 0002"),
        "{html}"
    );
    assert!(
        html.contains(">Accept<") && html.contains(">Reject<"),
        "{html}"
    );
}

#[test]
fn the_phone_shows_the_user_their_number_and_the_local_mode_banner() {
    let html = render(|| {
        let user = SignedInUser {
            name: "alice".into(),
            identity: "alice".into(),
            number: Some("+442079460001".into()),
            local_mode: true,
            is_admin: false,
        };
        view! { <Phone user/> }.into_any()
    });
    assert!(
        html.contains("alice") && html.contains("+442079460001"),
        "{html}"
    );
    assert!(
        html.contains("Local mode — calls stay on this machine."),
        "{html}"
    );
    assert!(
        html.contains("Sign out") && html.contains(r#"data-state="offline""#),
        "{html}"
    );
}

#[test]
fn the_phone_has_no_banner_with_a_real_account() {
    let html = render(|| {
        let user = SignedInUser {
            name: "alice".into(),
            identity: "alice".into(),
            number: None,
            local_mode: false,
            is_admin: false,
        };
        view! { <Phone user/> }.into_any()
    });
    assert!(!html.contains("Local mode"), "{html}");
}

#[test]
fn the_login_form_carries_a_dial_link_number_through_sign_in() {
    let html = render(|| view! { <LoginForm dial=Some("+442079460958".to_owned())/> }.into_any());
    assert!(
        html.contains(r#"type="hidden""#) && html.contains(r#"name="dial""#),
        "{html}"
    );
    assert!(html.contains("+442079460958"), "{html}");
    let plain = render(|| view! { <LoginForm/> }.into_any());
    assert!(!plain.contains(r#"name="dial""#), "{plain}");
}

#[test]
fn the_login_page_has_labelled_fields_and_an_error_line() {
    let html = render(|| view! { <LoginForm/> }.into_any());
    assert!(
        html.contains(r#"name="name""#) && html.contains(r#"autocomplete="current-password""#),
        "{html}"
    );
    assert!(
        html.contains(r#"action="/api/login""#),
        "works without JavaScript: {html}"
    );
    assert!(
        html.contains(r#"id="login-error""#) && html.contains(r#"role="alert""#),
        "{html}"
    );
}

#[test]
fn the_not_found_page_links_back_home() {
    let html = render(|| view! { <NotFoundPage/> }.into_any());
    assert!(
        html.contains("Page not found") && html.contains(r#"href="/""#),
        "{html}"
    );
}

#[test]
fn offline_status_offers_go_online_and_never_says_ready() {
    use crate::phone::DeviceStatus;
    use crate::ui::phone::StatusLight;
    let html = render(|| {
        view! { <StatusLight status=Signal::stored(DeviceStatus::Offline) on_go_online=Callback::new(|_| {})/> }
            .into_any()
    });
    assert!(
        html.contains(r#"data-state="offline""#) && html.contains("Offline"),
        "{html}"
    );
    assert!(
        html.contains(r#"<button type="button" class="go-online-button">Go online</button>"#),
        "{html}"
    );
    assert!(!html.contains("Ready"), "{html}");
}

#[test]
fn a_failed_device_shows_the_reason_and_a_retry() {
    use crate::phone::{DeviceStatus, TwilioError};
    use crate::ui::phone::StatusLight;
    let reason = TwilioError::new(20101, "AccessTokenInvalid").plain_words();
    let html = render(move || {
        view! { <StatusLight status=Signal::stored(DeviceStatus::Failed(reason)) on_go_online=Callback::new(|_| {})/> }
            .into_any()
    });
    assert!(html.contains(r#"data-state="error""#), "{html}");
    assert!(html.contains("invalid access token"), "{html}");
    assert!(
        !html.contains("(error") && !html.contains("20101") && html.contains("Try again"),
        "plain words, the code only in the log: {html}"
    );
}

#[test]
fn a_ready_device_hides_go_online() {
    use crate::phone::DeviceStatus;
    use crate::ui::phone::StatusLight;
    let html = render(|| {
        view! { <StatusLight status=Signal::stored(DeviceStatus::Ready) on_go_online=Callback::new(|_| {})/> }
            .into_any()
    });
    assert!(
        html.contains(r#"data-state="ready""#) && html.contains("Ready"),
        "{html}"
    );
    let button = &html[html.find("<button").unwrap()..];
    assert!(
        button[..button.find('>').unwrap()].contains("hidden"),
        "{html}"
    );
}

#[test]
fn a_blocked_number_is_explained_under_the_field() {
    use crate::server_fns::NumberCheck;
    use crate::ui::phone::NumberVerdict;
    let html = render(|| {
        let check = Signal::stored(Some(NumberCheck {
            input: "999".into(),
            formatted: "999".into(),
            verdict: domain::Dialled::Refused {
                refusal: domain::DialRefusal::Blocked {
                    reason: domain::BlockReason::Emergency,
                },
            },
        }));
        view! { <NumberVerdict check/> }.into_any()
    });
    assert!(
        html.contains("verdict--blocked") && html.contains("emergency services"),
        "{html}"
    );
}

#[test]
fn an_allowed_colleague_is_named_with_the_formatted_number() {
    use crate::server_fns::NumberCheck;
    use crate::ui::phone::NumberVerdict;
    let html = render(|| {
        let check = Signal::stored(Some(NumberCheck {
            input: "02079460002".into(),
            formatted: "020 7946 0002".into(),
            verdict: domain::Dialled::Colleague {
                identity: "bob".parse().unwrap(),
                name: "bob".into(),
                number: Some("+44 20 7946 0002".into()),
            },
        }));
        view! { <NumberVerdict check/> }.into_any()
    });
    assert!(
        html.contains("bob · 020 7946 0002") && !html.contains("verdict--blocked"),
        "{html}"
    );
}

#[test]
fn the_activity_log_is_folded_copyable_and_timestamped() {
    use crate::phone::ActivityLog;
    use crate::ui::phone::ActivityLogView;
    let html = render(|| {
        let mut log = ActivityLog::default();
        log.push(3_723_004.0, "device", "registered");
        let log = RwSignal::new(log);
        view! { <ActivityLogView log/> }.into_any()
    });
    assert!(
        html.contains("<details") && html.contains("Copy log"),
        "{html}"
    );
    assert!(
        html.contains("01:02:03.004") && html.contains("registered"),
        "{html}"
    );
}

#[test]
fn the_phone_links_button_is_rendered_hidden_until_the_browser_says_it_can_register() {
    let html = render(|| view! { <crate::ui::phone::PhoneLinksButton/> }.into_any());
    let at = html.find("phone-links-button").expect("rendered");
    let tag = &html[html[..at].rfind("<button").unwrap()..];
    let tag = &tag[..tag.find('>').unwrap()];
    assert!(tag.contains("hidden"), "hidden on the server: {html}");
    assert!(tag.contains(r#"type="button""#), "{html}");
    assert!(html.contains("Handle phone links"), "{html}");
}

#[test]
fn the_dial_pad_is_a_form_whose_submit_is_call_and_keys_draw_their_letters_as_decoration() {
    let html = render(|| {
        let number = RwSignal::new("+442079460002".to_owned());
        view! { <DialPad number on_call=Callback::new(|_| {})/> }.into_any()
    });
    // Enter in the field submits the form, which calls; without the wasm it opens `/?dial=…`.
    assert!(
        html.contains("<form ") && html.contains(r#"class="dial-pad""#),
        "{html}"
    );
    assert!(
        html.contains(r#"action="/""#) && html.contains(r#"method="get""#),
        "{html}"
    );
    let class_at = html.find(r#"class="call-button""#).unwrap();
    let tag = &html[html[..class_at].rfind("<button").unwrap()..class_at];
    assert!(tag.contains(r#"type="submit""#), "Call submits: {html}");
    assert!(
        html.contains(r#"name="dial""#) && html.contains(r#"value="+442079460002""#),
        "{html}"
    );
    // Label in name: the visible text of key 2 is "2", its letters come from the stylesheet.
    assert!(html.contains(r#"data-letters="ABC""#), "{html}");
    assert!(
        !html.contains(">ABC<"),
        "letters are not text content: {html}"
    );
}

#[test]
fn a_plain_form_sign_in_error_from_the_url_is_shown_on_the_login_form() {
    let message = crate::server_fns::login_error_message("credentials");
    let html = render(move || view! { <LoginForm error=Some(message)/> }.into_any());
    let at = html.find(r#"id="login-error""#).unwrap();
    assert!(
        html[at..].contains("That name and password don&#39;t match.")
            || html[at..].contains("That name and password don't match."),
        "{html}"
    );
    assert!(html.contains("Softphone"), "the product's name: {html}");
    assert!(
        html.contains(r#"tabindex="-1""#),
        "the heading takes focus on arrival: {html}"
    );
}
