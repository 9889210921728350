//! Issue 18: each user's contacts through the server functions and the export route: checked
//! by the number policy, private to their owner, imported with a report, exported and read back.

mod common;

use app::ssr::AppState;
use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use common::*;

async fn call_fn(
    state: &AppState,
    cookie: &str,
    endpoint: &str,
    content_type: &str,
    body: String,
) -> (StatusCode, serde_json::Value) {
    call_server_fn(state, Some(cookie), endpoint, content_type, body).await
}

async fn save(
    state: &AppState,
    cookie: &str,
    pairs: &[(&str, &str)],
) -> (StatusCode, serde_json::Value) {
    let body = serde_urlencoded::to_string(pairs).unwrap();
    call_fn(
        state,
        cookie,
        "save_contact",
        "application/x-www-form-urlencoded",
        body,
    )
    .await
}

async fn list(state: &AppState, cookie: &str) -> Vec<serde_json::Value> {
    let (status, list) = call_fn(
        state,
        cookie,
        "contacts",
        "application/x-www-form-urlencoded",
        String::new(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list.as_array().unwrap().clone()
}

#[tokio::test]
async fn contacts_are_checked_private_and_editable() {
    let state = state().await;
    let alice = session(&state, "alice").await;
    let bob = session(&state, "bob").await;
    let (status, _) = save(
        &state,
        &alice,
        &[
            ("name", " Ann Example "),
            ("numbers", "020 7946 0958\n+44 20 7946 0959"),
            ("note", "producer"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, error) = save(&state, &alice, &[("name", "Help"), ("numbers", "999")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        error
            .to_string()
            .contains("999: This phone can't call emergency services"),
        "{error}"
    );
    let (status, error) = save(
        &state,
        &alice,
        &[("name", ""), ("numbers", "020 7946 0958")],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(error.to_string().contains("needs a name"), "{error}");

    // The form refuses what an import refuses: the same contact again (any case), the user's
    // own number, and names or notes hiding control or invisible characters.
    let refusals = [
        (
            vec![("name", "ann example"), ("numbers", "020 7946 0958")],
            "Already in your contacts",
        ),
        (
            vec![("name", "Me"), ("numbers", ALICE_NUMBER)],
            "your own number",
        ),
        // A NUL never reaches the contact's checks: every route refuses it (server/src/refuse_nul.rs).
        (
            vec![("name", "Nul\0Byte"), ("numbers", "020 7946 0910")],
            "NUL",
        ),
        (
            vec![("name", "\u{200B}\u{200B}"), ("numbers", "020 7946 0910")],
            "control or invisible",
        ),
        (
            vec![
                ("name", "Ed"),
                ("numbers", "020 7946 0910"),
                ("note", "x\0y"),
            ],
            "NUL",
        ),
    ];
    for (pairs, why) in refusals {
        let (status, error) = save(&state, &alice, &pairs).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{pairs:?}");
        assert!(error.to_string().contains(why), "{pairs:?}: {error}");
    }

    let contacts = list(&state, &alice).await;
    assert_eq!(contacts.len(), 1);
    assert_eq!(contacts[0]["name"], "Ann Example");
    assert_eq!(
        contacts[0]["numbers"],
        serde_json::json!(["+442079460958", "+442079460959"])
    );
    assert_eq!(contacts[0]["formatted"][0], "+44 20 7946 0958");
    let id = contacts[0]["id"].as_str().unwrap().to_owned();

    // Bob sees none of it and cannot change it.
    assert!(list(&state, &bob).await.is_empty());
    let (status, _) = save(
        &state,
        &bob,
        &[("id", &id), ("name", "Mine"), ("numbers", "020 7946 0900")],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = call_fn(
        &state,
        &bob,
        "delete_contact",
        "application/x-www-form-urlencoded",
        format!("id={id}"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Saving a contact unchanged is not a duplicate of itself.
    let (status, error) = save(
        &state,
        &alice,
        &[
            ("id", &id),
            ("name", "Ann Example"),
            ("numbers", "020 7946 0958"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{error}");
    let (status, _) = save(
        &state,
        &alice,
        &[
            ("id", &id),
            ("name", "Ann E."),
            ("numbers", "020 7946 0900"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        list(&state, &alice).await[0]["numbers"],
        serde_json::json!(["+442079460900"])
    );
    let (status, _) = call_fn(
        &state,
        &alice,
        "delete_contact",
        "application/x-www-form-urlencoded",
        format!("id={id}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(list(&state, &alice).await.is_empty());
}

#[tokio::test]
async fn an_import_reports_every_card_not_imported_and_the_export_reads_back() {
    let state = state().await;
    let alice = session(&state, "alice").await;
    let vcf = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Example\r\nTEL:020 7946 0958\r\nEND:VCARD\r\n\
               BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Premium\r\nTEL:0909 879 0000\r\nEND:VCARD\r\n\
               BEGIN:VCARD\r\nVERSION:4.0\r\nFN:No number\r\nEND:VCARD\r\n";
    let body = serde_json::json!({"format": "vcard", "text": vcf}).to_string();
    let (status, report) =
        call_fn(&state, &alice, "import_contacts", "application/json", body).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["imported"], 1);
    let skipped = report["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 2, "{report}");
    assert_eq!(skipped[0]["place"], 2);
    assert_eq!(skipped[0]["name"], "Premium");
    assert!(
        skipped[0]["reason"]
            .as_str()
            .unwrap()
            .contains("Premium-rate"),
        "{report}"
    );
    assert_eq!(skipped[1]["place"], 3);
    assert_eq!(skipped[1]["reason"], "A contact needs at least one number.");

    // A whole file refused says why, and adds nothing.
    let body =
        serde_json::json!({"format": "csv", "text": "first,last\nAnn,Example\n"}).to_string();
    let (status, error) =
        call_fn(&state, &alice, "import_contacts", "application/json", body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(error.to_string().contains("\\\"name\\\" column"), "{error}");

    for (format, content_type) in [("vcf", "text/vcard"), ("csv", "text/csv")] {
        let request = Request::get(format!("/api/contacts/export/{format}"))
            .header(header::COOKIE, &alice)
            .body(Body::empty())
            .unwrap();
        let response = send(&app(&state), request).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert!(
            response.headers()[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with(content_type)
        );
        assert!(
            response.headers()[header::CONTENT_DISPOSITION]
                .to_str()
                .unwrap()
                .contains(&format!("contacts.{format}"))
        );
        let text = body_text(response).await;
        assert!(
            text.contains("Ann Example") && text.contains("+442079460958"),
            "{text}"
        );
        // Imported back: already there, so reported and not doubled.
        let format = if format == "vcf" { "vcard" } else { "csv" };
        let body = serde_json::json!({"format": format, "text": text}).to_string();
        let (status, report) =
            call_fn(&state, &alice, "import_contacts", "application/json", body).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(report["imported"], 0, "{report}");
        assert!(
            report["skipped"][0]["reason"]
                .as_str()
                .unwrap()
                .contains("Already"),
            "{report}"
        );
    }
    let bob = session(&state, "bob").await;
    let request = Request::get("/api/contacts/export/vcf")
        .header(header::COOKIE, &bob)
        .body(Body::empty())
        .unwrap();
    assert!(
        !body_text(send(&app(&state), request).await)
            .await
            .contains("Ann")
    );
    let anonymous = Request::get("/api/contacts/export/vcf")
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        send(&app(&state), anonymous).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let other = Request::get("/api/contacts/export/xml")
        .header(header::COOKIE, &alice)
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        send(&app(&state), other).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_contacts_name_shows_in_recent_calls() {
    let state = state().await;
    let alice = session(&state, "alice").await;
    save(
        &state,
        &alice,
        &[("name", "Ann Example"), ("numbers", "020 7946 0958")],
    )
    .await;
    let mut params = form(&[("AccountSid", ACCOUNT_SID)]);
    params.extend(form(&[
        ("CallSid", "CA00000000000000000000000000000009"),
        ("CallStatus", "completed"),
        ("Direction", "inbound"),
        ("From", "+442079460958"),
        ("To", ALICE_NUMBER),
        ("SequenceNumber", "0"),
    ]));
    assert_eq!(
        send(&app(&state), signed_post("/twilio/status", &params))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    let (_, recents) = call_fn(
        &state,
        &alice,
        "recent_calls",
        "application/x-www-form-urlencoded",
        String::new(),
    )
    .await;
    assert_eq!(
        recents["calls"][0]["party"], "Ann Example (+44 20 7946 0958)",
        "{recents}"
    );
}
