//! The signed-in user's voicemail: list, mark heard or new, delete (the audio is a plain
//! download, `GET /api/voicemails/{RecordingSid}/audio`).

use leptos::prelude::*;

use crate::error::AppError;
pub use crate::phone::{VoicemailView, Voicemails};

/// The user's messages, newest first.
#[server(name = ListVoicemails, prefix = "/api", endpoint = "voicemails")]
pub async fn voicemails() -> Result<Voicemails, AppError> {
    use crate::ssr::{AppState, auth::current_user, voicemails::for_user};

    let state = expect_context::<AppState>();
    let user = current_user(&state).await?.0;
    let locale = crate::ssr::locale::of_request();
    for_user(&state, &user, locale)
        .await
        .map_err(AppError::internal)
}

/// Marks a message heard (played) or new again; "Not found." when it is not the user's.
#[server(name = MarkVoicemailHeard, prefix = "/api", endpoint = "mark_voicemail_heard")]
pub async fn mark_voicemail_heard(
    /// `RE…`
    recording_sid: String,
    /// `true`: heard; `false`: new again.
    heard: bool,
) -> Result<(), AppError> {
    use crate::ssr::{AppState, auth::current_user, db::voicemails};

    let state = expect_context::<AppState>();
    let user = current_user(&state).await?.0;
    match voicemails::set_heard(&state.db, &user.id, &recording_sid, heard).await {
        Ok(true) => {
            state.phones.changed(&user.id);
            Ok(())
        }
        Ok(false) => Err(AppError::NotFound.respond()),
        Err(e) => Err(AppError::internal(e)),
    }
}

/// Deletes a message, at Twilio too; refused with the reason when Twilio keeps it.
#[server(name = DeleteVoicemail, prefix = "/api", endpoint = "delete_voicemail")]
pub async fn delete_voicemail(
    /// `RE…`
    recording_sid: String,
) -> Result<(), AppError> {
    use crate::ssr::{
        AppState,
        auth::current_user,
        voicemails::{DeleteError, delete},
    };

    let state = expect_context::<AppState>();
    let user = current_user(&state).await?.0;
    match delete(&state, &user, &recording_sid).await {
        Ok(()) => {
            state.phones.changed(&user.id);
            Ok(())
        }
        Err(DeleteError::NotFound) => Err(AppError::NotFound.respond()),
        Err(DeleteError::Twilio(e)) => {
            let locale = crate::ssr::locale::of_request();
            let sentence =
                crate::i18n::td_string!(locale, server.voicemail_not_deleted, reason = e);
            Err(AppError::Twilio(sentence).respond())
        }
        Err(DeleteError::Db(e)) => Err(AppError::internal(e)),
    }
}
