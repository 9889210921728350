//! The server speaks the user's language: server functions refuse in the request's language (the
//! language menu's cookie, else `Accept-Language`), and callers hear `<Say language>` in the
//! language of the user they called (remembered when that user's phone fetches its token) or of
//! the show's host.

mod common;

use app::ssr::{
    AppState,
    db::{shows, users},
    locale::Locale,
};
use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use common::*;
use domain::show::{Role, ShowName};
use twilio_core::twiml::{Say, Verb, VoiceResponse, parse};

/// The cookie leptos_i18n keeps the language menu's choice in.
const LANGUAGE_COOKIE: &str = "i18n_pref_locale";

/// POSTs server function `endpoint` with `headers`, as the page does; its JSON.
async fn post(
    state: &AppState,
    endpoint: &str,
    body: &[(&str, &str)],
    headers: &[(header::HeaderName, &str)],
) -> (StatusCode, serde_json::Value) {
    let mut request = Request::post(format!("/api/{endpoint}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("origin", BASE_URL);
    for (name, value) in headers {
        request = request.header(name, *value);
    }
    let body = serde_urlencoded::to_string(body).unwrap();
    let response = send(&app(state), request.body(Body::from(body)).unwrap()).await;
    let status = response.status();
    let text = body_text(response).await;
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
    )
}

/// The sentence of an `AppError::Invalid` as the server sent it.
fn invalid(json: &serde_json::Value) -> &str {
    json["Invalid"].as_str().unwrap_or_else(|| panic!("{json}"))
}

async fn with_show(state: &AppState) {
    shows::add(
        &state.db,
        &ShowName::parse("drive-time").unwrap(),
        &"+442079460100".parse().unwrap(),
        10,
        "Bienvenue.",
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn a_server_function_refuses_in_the_language_of_the_request() {
    let state = state().await;
    with_show(&state).await;
    let no_name = [("show", "drive-time"), ("name", " "), ("topic", "")];

    let (status, english) = post(&state, "call_in", &no_name, &[]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(invalid(&english), "Please tell us your name.");

    let french = [(header::ACCEPT_LANGUAGE, "fr-FR,fr;q=0.9,en;q=0.8")];
    let (status, body) = post(&state, "call_in", &no_name, &french).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(invalid(&body), "Veuillez nous indiquer votre nom.");

    // The language menu's cookie wins over the browser's languages.
    let cookie = format!("{LANGUAGE_COOKIE}=ja");
    let japanese = [
        (header::ACCEPT_LANGUAGE, "fr-FR,fr;q=0.9"),
        (header::COOKIE, cookie.as_str()),
    ];
    let (status, body) = post(&state, "call_in", &no_name, &japanese).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(invalid(&body), "お名前を入力してください。");
}

#[tokio::test]
async fn a_contact_with_a_refused_number_is_refused_in_french_with_the_policys_reason() {
    let state = state().await;
    let session = session(&state, "alice").await;
    let cookies = format!("{session}; {LANGUAGE_COOKIE}=fr");
    let contact = [("name", "Urgences"), ("numbers", "999")];
    let (status, body) = post(
        &state,
        "save_contact",
        &contact,
        &[(header::COOKIE, cookies.as_str())],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(
        invalid(&body),
        "999\u{a0}: Ce téléphone ne peut pas appeler les services d'urgence. Utilisez un autre téléphone."
    );
    // The same refusal for an English page is the words it always was.
    let (_, body) = post(
        &state,
        "save_contact",
        &contact,
        &[(header::COOKIE, session.as_str())],
    )
    .await;
    assert_eq!(
        invalid(&body),
        "999: This phone can't call emergency services. Use another phone."
    );
}

/// The user's phone fetches its token from a page in `accept_language`.
async fn fetch_token(state: &AppState, user: &str, accept_language: &str) {
    let session = session(state, user).await;
    let (status, body) = post(
        state,
        "token",
        &[],
        &[
            (header::COOKIE, session.as_str()),
            (header::ACCEPT_LANGUAGE, accept_language),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// The `<Say>`s of a TwiML document.
fn says_of(twiml: &VoiceResponse) -> Vec<&Say> {
    twiml
        .verbs
        .iter()
        .filter_map(|verb| match verb {
            Verb::Say(say) => Some(say),
            _ => None,
        })
        .collect()
}

async fn dial_ended(state: &AppState, from: &str, to: &str, status: &str) -> VoiceResponse {
    let params = form(&[
        ("AccountSid", ACCOUNT_SID),
        ("CallSid", "CA00000000000000000000000000000001"),
        ("From", from),
        ("To", to),
        ("DialCallStatus", status),
    ]);
    let body =
        body_text(send(&app(state), signed_post("/twilio/dial-status", &params)).await).await;
    parse(&body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

#[tokio::test]
async fn a_caller_to_a_french_user_hears_french_and_the_language_is_named() {
    let state = state().await;
    fetch_token(&state, "bob", "fr-FR,fr;q=0.9").await;
    let bob = users::find_by_name(&state.db, "bob")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(users::locale(&state.db, &bob.id).await.unwrap(), Locale::fr);

    let twiml = dial_ended(&state, "+447700900123", BOB_NUMBER, "no-answer").await;
    let says = says_of(&twiml);
    assert_eq!(says.len(), 1, "{twiml:?}");
    assert_eq!(says[0].language.as_deref(), Some("fr-FR"));
    assert_eq!(
        says[0].voice.as_deref(),
        Some("Polly.Lea"),
        "a voice that speaks French"
    );
    assert_eq!(
        says[0].text,
        "Il n'y a pas eu de réponse. Veuillez laisser un message après le bip, puis raccrochez ou appuyez sur la touche dièse."
    );

    // alice never said: English, with no language attribute (the TwiML as it always was).
    let twiml = dial_ended(&state, "+447700900123", ALICE_NUMBER, "no-answer").await;
    let says = says_of(&twiml);
    assert_eq!(says[0].language, None);
    assert!(
        says[0].text.starts_with("There was no answer."),
        "{twiml:?}"
    );

    // Once bob's phone is in Japanese, so is his voicemail greeting.
    fetch_token(&state, "bob", "ja").await;
    let twiml = dial_ended(&state, "+447700900123", BOB_NUMBER, "busy").await;
    let says = says_of(&twiml);
    assert_eq!(says[0].language.as_deref(), Some("ja-JP"));
    assert!(says[0].text.starts_with("話し中です。"), "{twiml:?}");
}

#[tokio::test]
async fn our_user_hears_a_refusal_in_their_own_language() {
    let state = state().await;
    fetch_token(&state, "alice", "fr").await;
    let body = body_text(
        send(
            &app(&state),
            signed_post("/twilio/voice", &browser_call("client:alice")),
        )
        .await,
    )
    .await;
    let twiml = parse(&body).unwrap();
    let says = says_of(&twiml);
    assert_eq!(says[0].language.as_deref(), Some("fr-FR"), "{body}");
    assert_eq!(says[0].text, "Vous ne pouvez pas vous appeler vous-même.");
}

#[tokio::test]
async fn a_shows_callers_hear_its_hosts_language() {
    let state = state().await;
    with_show(&state).await;
    shows::add_member(&state.db, "drive-time", "bob", Role::Host)
        .await
        .unwrap();
    fetch_token(&state, "bob", "fr").await;
    let params = form(&[
        ("AccountSid", ACCOUNT_SID),
        ("CallSid", "CA00000000000000000000000000000002"),
        ("From", "+447700900123"),
        ("To", "+442079460100"),
    ]);
    let body = body_text(send(&app(&state), signed_post("/twilio/voice", &params)).await).await;
    let twiml = parse(&body).unwrap();
    let says = says_of(&twiml);
    assert_eq!(says[0].language.as_deref(), Some("fr-FR"), "{body}");
    assert_eq!(
        says[0].text,
        "Merci de votre appel. Les lignes sont fermées pour le moment. Veuillez rappeler pendant l'émission."
    );
}

#[tokio::test]
async fn a_withheld_caller_is_named_in_the_pages_language() {
    let state = state().await;
    let bob = users::find_by_name(&state.db, "bob")
        .await
        .unwrap()
        .unwrap();
    let message = app::ssr::db::voicemails::Voicemail {
        recording_sid: "RE00000000000000000000000000000001".into(),
        call_sid: "CA00000000000000000000000000000003".into(),
        from_address: "anonymous".into(),
        recorded_at: 1_700_000_000,
        duration_seconds: 5,
        heard: false,
    };
    app::ssr::db::voicemails::keep(&state.db, &bob.id, &message)
        .await
        .unwrap();
    let session = session(&state, "bob").await;
    for (language, party) in [
        ("en", "Withheld number"),
        ("fr", "Numéro masqué"),
        ("ja", "非通知"),
    ] {
        let (status, body) = post(
            &state,
            "voicemails",
            &[],
            &[
                (header::COOKIE, session.as_str()),
                (header::ACCEPT_LANGUAGE, language),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["messages"][0]["party"], party, "{body}");
    }
}

#[tokio::test]
async fn a_sign_in_without_a_password_is_refused_in_french() {
    let state = state().await;
    let (status, body) = post(
        &state,
        "login",
        &[("name", "alice"), ("password", "")],
        &[
            (header::ACCEPT, "application/json"),
            (header::ACCEPT_LANGUAGE, "fr"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(invalid(&body), "Saisissez votre nom et votre mot de passe.");
}

#[tokio::test]
async fn the_browsers_weights_choose_the_language_and_q0_is_never_chosen() {
    let state = state().await;
    with_show(&state).await;
    let no_name = [("show", "drive-time"), ("name", " "), ("topic", "")];
    for (accept_language, expected) in [
        ("fr;q=0.1,ja;q=0.9", "お名前を入力してください。"),
        ("en;q=0.1, fr;q=0.9", "Veuillez nous indiquer votre nom."),
        ("fr;q=0,ja", "お名前を入力してください。"),
        ("fr;q=0", "Please tell us your name."),
    ] {
        let (_, body) = post(
            &state,
            "call_in",
            &no_name,
            &[(header::ACCEPT_LANGUAGE, accept_language)],
        )
        .await;
        assert_eq!(
            invalid(&body),
            expected,
            "Accept-Language: {accept_language}"
        );
    }
}

#[tokio::test]
async fn choosing_a_language_in_the_menu_is_what_callers_hear_next() {
    let state = state().await;
    fetch_token(&state, "bob", "fr").await;
    let bob = users::find_by_name(&state.db, "bob")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(users::locale(&state.db, &bob.id).await.unwrap(), Locale::fr);
    // The menu tells the server at once, long before the phone's next token.
    let session = session(&state, "bob").await;
    let (status, body) = post(
        &state,
        "language",
        &[("locale", "ja")],
        &[(header::COOKIE, session.as_str())],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(users::locale(&state.db, &bob.id).await.unwrap(), Locale::ja);
    // Signed out, there is no one to remember it for: nothing happens, and nothing fails.
    let (status, _) = post(&state, "language", &[("locale", "fr")], &[]).await;
    assert_eq!(status, StatusCode::OK);
    // Not one of our languages: refused, nothing stored.
    let (status, _) = post(
        &state,
        "language",
        &[("locale", "de")],
        &[(header::COOKIE, session.as_str())],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(users::locale(&state.db, &bob.id).await.unwrap(), Locale::ja);
}

/// The language cookies a response sets.
fn language_cookies(response: &axum::response::Response) -> Vec<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|c| c.to_str().unwrap().to_owned())
        .filter(|c| c.starts_with(LANGUAGE_COOKIE))
        .collect()
}

#[tokio::test]
async fn the_language_cookie_is_the_whole_sites_and_only_pages_write_it() {
    let state = state().await;
    with_show(&state).await;
    let session = session(&state, "alice").await;
    let cookies = format!("{session}; {LANGUAGE_COOKIE}=fr");
    // Server functions read the language; they never set it (a Set-Cookie from /api/… without a
    // Path belongs to /api only, and the browser then sends two different values).
    for endpoint in ["recent_calls", "voicemails", "whoami", "token", "call_in"] {
        let response = send(
            &app(&state),
            Request::post(format!("/api/{endpoint}"))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header("origin", BASE_URL)
                .header(header::COOKIE, cookies.as_str())
                .header(header::ACCEPT_LANGUAGE, "ja")
                .body(Body::from("show=drive-time&name=Ann&topic="))
                .unwrap(),
        )
        .await;
        assert_eq!(
            language_cookies(&response),
            Vec::<String>::new(),
            "/api/{endpoint}"
        );
    }
    // A page that writes it writes it for the whole site, past the browser session.
    for path in ["/login", "/call/drive-time", "/shows/drive-time", "/"] {
        for cookie in [None, Some(cookies.as_str())] {
            let mut request = Request::get(path).header(header::ACCEPT_LANGUAGE, "ja");
            if let Some(cookie) = cookie {
                request = request.header(header::COOKIE, cookie);
            }
            let response = send(&app(&state), request.body(Body::empty()).unwrap()).await;
            for set in language_cookies(&response) {
                assert!(
                    set.contains("Path=/;") || set.ends_with("Path=/"),
                    "{path}: {set}"
                );
                assert!(set.contains("Max-Age="), "{path}: {set}");
            }
        }
    }
}
