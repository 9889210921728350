//! A user's voicemail box for the page, and deleting a message at Twilio and here.

use crate::phone::{VoicemailView, Voicemails};
use crate::ssr::{
    AppState,
    db::{users::User, voicemails},
    party_names::PartyNames,
};

/// The user's messages, newest first, each caller named as in recent calls.
pub async fn for_user(
    state: &AppState,
    user: &User,
    locale: crate::i18n::Locale,
) -> Result<Voicemails, sqlx::Error> {
    let stored = voicemails::list(&state.db, &user.id).await?;
    let mut names = PartyNames::in_language(locale);
    let mut messages = Vec::with_capacity(stored.len());
    for message in &stored {
        let (party, call_back) = names.party(state, &user.id, &message.from_address).await?;
        messages.push(VoicemailView {
            recording_sid: message.recording_sid.clone(),
            party,
            call_back,
            recorded_at: message.recorded_at,
            duration_seconds: message.duration_seconds,
            heard: message.heard,
        });
    }
    Ok(Voicemails {
        unheard: messages.iter().filter(|m| !m.heard).count() as u32,
        full: stored.len() as i64 >= voicemails::MAILBOX_SIZE,
        messages,
    })
}

/// Why a message could not be deleted.
#[derive(Debug, thiserror::Error)]
pub enum DeleteError {
    /// Not one of the user's messages.
    #[error("That message is not in your mailbox.")]
    NotFound,
    /// Twilio kept the recording; the message stays listed so nothing is lost track of.
    #[error("Twilio did not delete the recording ({0}); the message is kept. Try again.")]
    Twilio(twilio_rest::RestError),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Deletes the recording at Twilio, then the message here. A recording Twilio no longer has
/// counts as deleted; any other refusal keeps the message.
pub async fn delete(state: &AppState, user: &User, recording_sid: &str) -> Result<(), DeleteError> {
    if voicemails::find(&state.db, &user.id, recording_sid)
        .await?
        .is_none()
    {
        return Err(DeleteError::NotFound);
    }
    match state.twilio.delete_recording(recording_sid).await {
        Ok(()) => {}
        Err(e) if e.is_not_found() => {}
        Err(e) => return Err(DeleteError::Twilio(e)),
    }
    voicemails::remove(&state.db, &user.id, recording_sid).await?;
    Ok(())
}
