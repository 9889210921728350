//! The user's presses during a call: hold, resume, transfer (blind or warm), complete or cancel
//! a warm transfer. Each is checked against the call's owner, changes our record in one atomic
//! step (so a double click or two tabs make it once), then asks Twilio; where Twilio refuses,
//! the record is put back and the phone shows why.

use std::time::Duration;

use domain::{
    ClientIdentity, Destination, Dialled,
    call_hold::{CallCommand, CallControl, HoldState},
};
use twilio_rest::{CallUpdate, RestError};

use super::{
    legs::{self, Found, UsersCall},
    urls::{self, TransferQuery},
    view, webhooks,
};
use crate::{
    error::AppError,
    i18n::{Locale, td_string},
    policy_words,
    ssr::{
        AppState,
        call_caps::{self, Admission},
        db::{
            call_holds::{self, NewHold},
            call_transfers,
            users::User,
        },
        dialled::classify,
        locale,
    },
};

/// How long a hold may take to reach the other party (their leg moving to the hold queue and
/// its music starting) before the press returns "holding" and the phone waits for the change.
const SETTLE: Duration = Duration::from_secs(5);
/// How often the record is read while waiting for that.
const SETTLE_POLL: Duration = Duration::from_millis(50);

/// Runs `command` on `user`'s call whose leg is `leg`, and returns what the phone shows next.
/// A leg that is not the user's, or no longer up, is refused the same way.
pub async fn run(
    state: &AppState,
    user: &User,
    leg: &str,
    command: CallCommand,
) -> Result<CallControl, AppError> {
    let locale = locale::of_request();
    let call = match legs::find(state, user, leg)
        .await
        .map_err(AppError::internal)?
    {
        Found::Call(call) => call,
        Found::ShowLine => return Err(refused(td_string!(locale, server.call_on_show))),
        Found::Nothing => return Err(refused(td_string!(locale, server.call_not_found))),
    };
    // A leg the other party holds (or held and resumed), or whose other party is holding or
    // transferring someone: only that party moves these legs (the database refuses crossed
    // holds too; this says why).
    let db = &state.db;
    if call_holds::involves(db, &call.leg, &call.leg)
        .await
        .map_err(AppError::internal)?
        || call_holds::involves(db, &call.other, &call.leg)
            .await
            .map_err(AppError::internal)?
    {
        return Err(refused(td_string!(locale, server.call_controlled_by_other)));
    }
    let press = Press {
        state,
        user,
        locale,
    };
    let outcome = match command {
        CallCommand::Hold => press.hold(&call).await,
        CallCommand::Resume => press.resume(&call).await,
        CallCommand::Transfer { to, warm } => press.transfer(&call, &to, warm).await,
        CallCommand::CompleteTransfer => press.complete_transfer(&call).await,
        CallCommand::CancelTransfer => press.cancel_transfer(&call).await,
    };
    // Told even after a failure: a half-made change was put back.
    press.tell(&call);
    outcome?;
    view::view(state, user, leg)
        .await
        .map_err(AppError::internal)
}

/// A refusal the phone shows.
fn refused(sentence: &str) -> AppError {
    AppError::Invalid(sentence.to_owned())
}

struct Press<'a> {
    state: &'a AppState,
    user: &'a User,
    locale: Locale,
}

impl Press<'_> {
    /// Both users' phones read the call's state again.
    fn tell(&self, call: &UsersCall) {
        self.state.phones.changed(&self.user.id);
        if let Some(other) = &call.other_user_id {
            self.state.phones.changed(other);
        }
    }

    async fn redirect(&self, sid: &str, url: String) -> Result<(), RestError> {
        let url = url
            .parse()
            .map_err(|e: url::ParseError| RestError::Decode(e.to_string()))?;
        self.state
            .twilio
            .update_call(sid, &CallUpdate::Redirect(url))
            .await
            .map(|_| ())
    }

    /// Twilio refused a move: the other party left, or Twilio's reason.
    fn twilio_refused(&self, e: RestError) -> AppError {
        if e.is_call_gone() {
            tracing::info!(error = %e, "Twilio says a leg is gone");
            refused(td_string!(self.locale, server.call_other_left))
        } else {
            tracing::warn!(error = %e, "Twilio refused a hold or transfer");
            AppError::Twilio(e.to_string())
        }
    }

    async fn hold(&self, call: &UsersCall) -> Result<(), AppError> {
        let config = &self.state.config;
        let first = call.hold.is_none();
        let started = call_holds::start(
            &self.state.db,
            &NewHold {
                holder_sid: &call.leg,
                user_id: &self.user.id,
                held_sid: &call.other,
                held_is_parent: call.other_is_parent,
                held_address: &call.other_address,
                held_user_id: call.other_user_id.as_deref(),
            },
        )
        .await
        .map_err(AppError::internal)?;
        if !started {
            return Err(refused(td_string!(self.locale, server.call_already_held)));
        }
        // Redirecting a parent would hang up its child: a caller's leg leaves its <Dial> through
        // the action URL once the user's leg is parked.
        let moved = if first && call.other_is_parent {
            self.redirect(&call.leg, urls::park_url(config, &call.other))
                .await
        } else {
            self.redirect(&call.other, urls::enqueue_url(config, &call.other))
                .await
        };
        if let Err(e) = moved {
            let db = &self.state.db;
            let put_back = if first {
                call_holds::forget(db, &call.leg).await.map(|_| ())
            } else {
                call_holds::advance(db, &call.leg, &[HoldState::Holding], HoldState::Talking)
                    .await
                    .map(|_| ())
            };
            put_back.map_err(AppError::internal)?;
            return Err(self.twilio_refused(e));
        }
        self.settled(&call.leg).await?;
        Ok(())
    }

    /// Waits (up to [`SETTLE`]) until the other party hears the hold music; whether they do.
    async fn settled(&self, leg: &str) -> Result<bool, AppError> {
        let deadline = tokio::time::Instant::now() + SETTLE;
        loop {
            let hold = call_holds::by_holder(&self.state.db, leg)
                .await
                .map_err(AppError::internal)?;
            match hold.map(|h| h.state) {
                Some(HoldState::Held) => return Ok(true),
                Some(HoldState::Holding) if tokio::time::Instant::now() < deadline => {
                    tokio::time::sleep(SETTLE_POLL).await;
                }
                _ => return Ok(false),
            }
        }
    }

    async fn resume(&self, call: &UsersCall) -> Result<(), AppError> {
        let db = &self.state.db;
        let resumed = call_holds::advance(db, &call.leg, &[HoldState::Held], HoldState::Talking)
            .await
            .map_err(AppError::internal)?;
        if !resumed {
            return Err(refused(td_string!(self.locale, server.call_not_held)));
        }
        if let Err(e) = self
            .redirect(&call.leg, urls::resume_url(&self.state.config, &call.other))
            .await
        {
            call_holds::advance(db, &call.leg, &[HoldState::Talking], HoldState::Held)
                .await
                .map_err(AppError::internal)?;
            return Err(self.twilio_refused(e));
        }
        Ok(())
    }

    async fn transfer(&self, call: &UsersCall, to: &str, warm: bool) -> Result<(), AppError> {
        let state = self.state;
        // A colleague may be named as the transfer field shows them ("bob"), not only as the
        // dial pad spells a client ("client:bob").
        let to = match ClientIdentity::parse(to.trim()) {
            Ok(identity) if !to.trim().starts_with(|c: char| c.is_ascii_digit()) => {
                format!("{}{}", Destination::CLIENT_PREFIX, identity.as_str())
            }
            _ => to.to_owned(),
        };
        let target = match classify(&state.directory, &state.policy, &self.user.identity, &to)
            .await
            .map_err(AppError::internal)?
        {
            Dialled::Colleague { identity, name, .. } => Target {
                address: format!("{}{}", Destination::CLIENT_PREFIX, identity.as_str()),
                name,
                number: None,
            },
            Dialled::Number { e164, .. } => Target {
                address: e164.to_string(),
                name: domain::format_as_you_type(state.policy.home_country(), e164.as_str()),
                number: Some(e164),
            },
            Dialled::Refused { refusal } => {
                return Err(AppError::Invalid(policy_words::dial_refusal(
                    self.locale,
                    &refusal,
                )));
            }
        };
        if target.address == call.other_address {
            return Err(refused(td_string!(self.locale, server.transfer_to_same)));
        }
        match call.hold.as_ref().map(|h| h.state) {
            None | Some(HoldState::Talking) => self.hold(call).await?,
            Some(HoldState::Consulting) => {
                return Err(refused(td_string!(self.locale, server.transfer_under_way)));
            }
            Some(HoldState::Holding | HoldState::Held) => {}
        }
        if !self.settled(&call.leg).await? {
            return Err(refused(td_string!(self.locale, server.call_hold_slow)));
        }
        // A number is a new call to pay for: the same caps as the dial pad's.
        if let Some(number) = &target.number {
            let key = if warm {
                urls::consult_key(&call.leg)
            } else {
                call.other.clone()
            };
            let admission = state
                .calls
                .admit(&key, &self.user.id, number.as_str())
                .await
                .map_err(AppError::internal)?;
            if let Some(why) = cap_refusal(admission, self.locale) {
                return Err(AppError::Invalid(why));
            }
        }
        if warm {
            self.consult(call, &target).await
        } else {
            self.blind(call, &target).await
        }
    }

    /// Sends the held party to `target` and ends the user's leg.
    async fn blind(&self, call: &UsersCall, target: &Target) -> Result<(), AppError> {
        let config = &self.state.config;
        let query = TransferQuery {
            to: target.address.clone(),
            // A colleague sees who is really calling; a number sees our caller ID, as Twilio
            // only lets us show numbers we own.
            caller_id: match target.number {
                None => call.other_address.clone(),
                Some(_) => self.caller_id(),
            },
        };
        self.redirect(
            &call.other,
            urls::transfer_url(config, urls::TRANSFER_PATH, &query),
        )
        .await
        .map_err(|e| self.twilio_refused(e))?;
        tracing::info!(call = %call.leg, to = %target.address, "blind transfer");
        call_transfers::record(&self.state.db, &call.leg, &self.user.id, &target.name)
            .await
            .map_err(AppError::internal)?;
        // Forgotten first: a hold whose user hangs up would hang up the held party too.
        let hold = call_holds::forget(&self.state.db, &call.leg)
            .await
            .map_err(AppError::internal)?;
        webhooks::retire_queue(self.state, hold.and_then(|h| h.queue_sid).as_deref());
        if let Err(e) = self
            .state
            .twilio
            .update_call(&call.leg, &CallUpdate::Complete)
            .await
            && !e.is_call_gone()
        {
            tracing::warn!(call = %call.leg, error = %e, "could not hang up after a transfer");
        }
        Ok(())
    }

    /// The user's leg calls `target` while the other party stays held.
    async fn consult(&self, call: &UsersCall, target: &Target) -> Result<(), AppError> {
        let db = &self.state.db;
        let started = call_holds::consult(db, &call.leg, &target.address, &target.name)
            .await
            .map_err(AppError::internal)?;
        if !started {
            return Err(refused(td_string!(self.locale, server.call_not_held)));
        }
        let query = TransferQuery {
            to: target.address.clone(),
            caller_id: match target.number {
                None => format!(
                    "{}{}",
                    Destination::CLIENT_PREFIX,
                    self.user.identity.as_str()
                ),
                Some(_) => self.caller_id(),
            },
        };
        if let Err(e) = self
            .redirect(
                &call.leg,
                urls::transfer_url(&self.state.config, urls::CONSULT_PATH, &query),
            )
            .await
        {
            call_holds::consult_ended(db, &call.leg)
                .await
                .map_err(AppError::internal)?;
            return Err(self.twilio_refused(e));
        }
        tracing::info!(call = %call.leg, to = %target.address, "warm transfer: consulting");
        Ok(())
    }

    /// Our number shown to a number we call: the user's own, else the account's.
    fn caller_id(&self) -> String {
        self.user
            .number
            .clone()
            .unwrap_or_else(|| self.state.account().number.clone())
            .to_string()
    }

    async fn complete_transfer(&self, call: &UsersCall) -> Result<(), AppError> {
        let Some(hold) = call.hold.as_ref() else {
            return Err(refused(td_string!(
                self.locale,
                server.transfer_not_under_way
            )));
        };
        let (HoldState::Consulting, Some(consult_sid)) = (hold.state, hold.consult_sid.as_deref())
        else {
            return Err(refused(match hold.state {
                HoldState::Consulting => td_string!(self.locale, server.transfer_not_answered),
                _ => td_string!(self.locale, server.transfer_not_under_way),
            }));
        };
        let colleague = match hold.target.as_deref() {
            Some(target) => legs::user_of(self.state, target)
                .await
                .map_err(AppError::internal)?,
            None => None,
        };
        let db = &self.state.db;
        let Some(taken) = call_holds::hand_over(db, &call.leg, colleague.as_deref())
            .await
            .map_err(AppError::internal)?
        else {
            return Err(refused(td_string!(
                self.locale,
                server.transfer_not_under_way
            )));
        };
        if let Err(e) = self
            .redirect(
                consult_sid,
                urls::resume_url(&self.state.config, &call.other),
            )
            .await
        {
            call_holds::restore(db, &taken)
                .await
                .map_err(AppError::internal)?;
            return Err(self.twilio_refused(e));
        }
        if let Some(name) = &hold.target_name {
            call_transfers::record(db, &call.leg, &self.user.id, name)
                .await
                .map_err(AppError::internal)?;
        }
        if let Some(colleague) = colleague {
            self.state.phones.changed(&colleague);
        }
        tracing::info!(call = %call.leg, to = ?hold.target, "warm transfer completed");
        Ok(())
    }

    async fn cancel_transfer(&self, call: &UsersCall) -> Result<(), AppError> {
        let db = &self.state.db;
        let back = call_holds::advance(db, &call.leg, &[HoldState::Consulting], HoldState::Talking)
            .await
            .map_err(AppError::internal)?;
        if !back {
            return Err(refused(td_string!(
                self.locale,
                server.transfer_not_under_way
            )));
        }
        // Redirecting the user's leg ends its <Dial> to the colleague (Twilio hangs up the
        // dialled leg) and joins the held party again.
        if let Err(e) = self
            .redirect(&call.leg, urls::resume_url(&self.state.config, &call.other))
            .await
        {
            call_holds::advance(db, &call.leg, &[HoldState::Talking], HoldState::Consulting)
                .await
                .map_err(AppError::internal)?;
            return Err(self.twilio_refused(e));
        }
        self.state
            .calls
            .ended(&urls::consult_key(&call.leg))
            .await
            .map_err(AppError::internal)?;
        Ok(())
    }
}

/// Whom a transfer goes to.
struct Target {
    /// `client:<identity>` or E.164.
    address: String,
    /// As shown.
    name: String,
    /// For a number: the number.
    number: Option<domain::E164>,
}

/// Why the call caps stop a transfer to a number, if they do.
fn cap_refusal(admission: Admission, locale: Locale) -> Option<String> {
    match admission {
        Admission::Admitted => None,
        Admission::HourlyCap { retry_at } => Some(crate::ssr::spoken::rate_limited(
            locale,
            call_caps::minutes_until(retry_at),
        )),
        Admission::UserBusy => Some(crate::ssr::spoken::caller_busy(locale)),
        Admission::AccountBusy => Some(crate::ssr::spoken::account_busy(locale)),
    }
}
