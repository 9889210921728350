//! Whose call a leg is, and who is on its other end, from what Twilio's status callbacks told us
//! (`calls`) and from our own holds (`call_holds`). A leg is the user's if they placed it (a
//! `client:` call whose child is up, or a call to a number the caps admitted for them), if it
//! rang them (a child leg `To` their client), or if they hold its other party.

use domain::{Destination, show::CallSid};

use crate::ssr::{
    AppState,
    db::{
        call_holds::{self, CallHold},
        calls, show_callers,
        users::User,
    },
};

/// A user's call that is up, as hold and transfer see it.
#[derive(Clone, Debug)]
pub struct UsersCall {
    /// The user's leg (the SDK's CallSid).
    pub leg: String,
    /// The other party's leg.
    pub other: String,
    /// The other party's leg is the parent of the user's (the other party called).
    pub other_is_parent: bool,
    /// Who the other party is: `client:<identity>` or a number, as Twilio named them.
    pub other_address: String,
    /// The other party's user, if one of ours.
    pub other_user_id: Option<String>,
    /// The hold or transfer under way, if any.
    pub hold: Option<CallHold>,
}

/// What [`find`] found for a leg.
#[derive(Clone, Debug)]
pub enum Found {
    /// The user's call.
    Call(Box<UsersCall>),
    /// A show's caller talking to a member: the show's console moves it, not the phone.
    ShowLine,
    /// Not up, not known, or not the user's.
    Nothing,
}

/// The call whose leg is `leg`, if it is `user`'s and up.
pub async fn find(state: &AppState, user: &User, leg: &str) -> Result<Found, sqlx::Error> {
    if CallSid::parse(leg).is_err() {
        return Ok(Found::Nothing);
    }
    let db = &state.db;
    if let Some(hold) = call_holds::by_holder(db, leg).await? {
        if hold.user_id != user.id {
            return Ok(Found::Nothing);
        }
        return Ok(Found::Call(Box::new(UsersCall {
            leg: leg.to_owned(),
            other: hold.held_sid.clone(),
            other_is_parent: hold.held_is_parent,
            other_address: hold.held_address.clone(),
            other_user_id: hold.held_user_id.clone(),
            hold: Some(hold),
        })));
    }
    let client = format!("{}{}", Destination::CLIENT_PREFIX, user.identity.as_str());
    // The user placed it: its child is up.
    if let Some(child) = calls::live_child_of(db, leg).await? {
        let theirs = child.from_address == client || state.calls.placed_by(leg, &user.id).await?;
        if !theirs {
            return Ok(Found::Nothing);
        }
        return Ok(Found::Call(Box::new(UsersCall {
            leg: leg.to_owned(),
            other: child.call_sid,
            other_is_parent: false,
            other_user_id: user_of(state, &child.to_address).await?,
            other_address: child.to_address,
            hold: None,
        })));
    }
    // It rang the user: the caller is its parent.
    if let Some(own) = calls::live_leg(db, leg).await?
        && own.to_address == client
        && let Some(parent) = own.parent_call_sid
    {
        if let Ok(parent_sid) = CallSid::parse(&parent)
            && show_callers::find(db, &parent_sid).await?.is_some()
        {
            return Ok(Found::ShowLine);
        }
        return Ok(Found::Call(Box::new(UsersCall {
            leg: leg.to_owned(),
            other: parent,
            other_is_parent: true,
            other_user_id: user_of(state, &own.from_address).await?,
            other_address: own.from_address,
            hold: None,
        })));
    }
    Ok(Found::Nothing)
}

/// The user a `client:` address names, if any.
pub async fn user_of(state: &AppState, address: &str) -> Result<Option<String>, sqlx::Error> {
    let Ok(Destination::Client(identity)) = Destination::parse(address) else {
        return Ok(None);
    };
    Ok(state
        .directory
        .user_by_identity(&identity)
        .await?
        .map(|u| u.id))
}
