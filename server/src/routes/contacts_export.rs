//! `GET /api/contacts/export/{vcf|csv}`: the signed-in user's contacts as a file to save
//! (vCard 4.0 or CSV with `name,numbers,note`), which the import reads back.

use app::ssr::{
    AppState,
    auth::CurrentUser,
    contacts::{csv_file, vcard},
    db::contacts,
};
use axum::{
    extract::{Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};

/// 401 without a session (the extractor's rejection); 404 for another format.
/// `Cache-Control: private, no-store` comes from the `/api` cache policy.
pub async fn export(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(format): Path<String>,
) -> Response {
    let stored = match contacts::list(&state.db, &user.id).await {
        Ok(stored) => stored,
        Err(e) => {
            tracing::error!(error = %e, "database error while exporting contacts");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let (body, content_type, extension) = match format.as_str() {
        "vcf" => {
            let cards: Vec<vcard::Card<'_>> = stored
                .iter()
                .map(|c| vcard::Card {
                    name: &c.name,
                    numbers: &c.numbers,
                    note: &c.note,
                })
                .collect();
            (vcard::write(&cards), "text/vcard; charset=utf-8", "vcf")
        }
        "csv" => {
            let rows: Vec<(&str, &[String], &str)> = stored
                .iter()
                .map(|c| (c.name.as_str(), c.numbers.as_slice(), c.note.as_str()))
                .collect();
            (csv_file::write(&rows), "text/csv; charset=utf-8", "csv")
        }
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"contacts.{extension}\""),
            ),
        ],
        body,
    )
        .into_response()
}
