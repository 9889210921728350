//! Runs one console press: who may (checked here, whatever the page showed), the change in our
//! records (each atomic, so two consoles or a double click make it once), then Twilio's side of
//! it through the REST API, then every open console is told.
//!
//! Where Twilio refuses, the record is put back as it was and the console shows Twilio's reason;
//! where Twilio says the call is gone, the line ends.

use domain::show::{AfterAir, CallSid, ConsoleCommand, LineState, authorize, card_field};
use twilio_rest::{CallUpdate, RestError};

use crate::{
    error::AppError,
    i18n::{Locale, td_string},
    ssr::{
        AppState,
        db::{
            show_bans, show_callers,
            show_callers::CallerLine,
            show_console::{self, Card, MoveError},
            show_history,
            shows::{self, Show},
            users::User,
        },
        locale,
        show::hotline_urls,
    },
};

/// Runs `command` on show `show_name` for `user`. A show the user is not a member of is
/// [`AppError::NotFound`], as if it did not exist; a caller of another show too. Refusals are
/// in the request's language.
pub async fn run(
    state: &AppState,
    user: &User,
    show_name: &str,
    command: ConsoleCommand,
) -> Result<(), AppError> {
    run_in(state, user, show_name, command, locale::of_request()).await
}

/// [`run`], its refusals in `locale`.
pub async fn run_in(
    state: &AppState,
    user: &User,
    show_name: &str,
    command: ConsoleCommand,
    locale: Locale,
) -> Result<(), AppError> {
    let (show, role) = shows::membership(&state.db, show_name, &user.id)
        .await
        .map_err(AppError::internal)?
        .ok_or(AppError::NotFound)?;
    let line = match command.target() {
        Some(call) => Some(caller_of(state, &show, call, locale).await?),
        None => None,
    };
    authorize(role, command.action(), line.as_ref().map(|l| l.state))
        .map_err(|f| AppError::Forbidden(locale::forbidden(locale, f).to_owned()))?;
    let outcome = Press {
        state,
        show: &show,
        user,
        locale,
    }
    .apply(command, line)
    .await;
    // Told even after a failure: a half-made change was put back, or a gone caller ended.
    state.shows.changed(&show.id);
    outcome
}

async fn caller_of(
    state: &AppState,
    show: &Show,
    call: &CallSid,
    locale: Locale,
) -> Result<CallerLine, AppError> {
    match show_callers::find(&state.db, call)
        .await
        .map_err(AppError::internal)?
    {
        Some((show_id, line)) if show_id == show.id => Ok(line),
        _ => Err(refused(td_string!(locale, server.show_caller_gone))),
    }
}

/// A refusal the console shows.
fn refused(sentence: &str) -> AppError {
    AppError::Invalid(sentence.to_owned())
}

fn moved(e: MoveError, locale: Locale) -> AppError {
    match e {
        MoveError::UnknownCaller => refused(td_string!(locale, server.show_caller_gone)),
        MoveError::Illegal(e) => AppError::Invalid(td_string!(
            locale,
            server.show_illegal_move,
            from = locale::line_state(locale, e.from),
            to = locale::line_state(locale, e.to)
        )),
        MoveError::Changed => refused(td_string!(locale, server.show_changed_first)),
        MoveError::Db(e) => AppError::internal(e),
    }
}

struct Press<'a> {
    state: &'a AppState,
    show: &'a Show,
    user: &'a User,
    locale: Locale,
}

impl Press<'_> {
    async fn apply(
        &self,
        command: ConsoleCommand,
        line: Option<CallerLine>,
    ) -> Result<(), AppError> {
        let db = &self.state.db;
        let show_id = &self.show.id;
        let locale = self.locale;
        let was = line.as_ref().map(|l| l.state);
        match command {
            ConsoleCommand::Screen { call } => {
                let from = self.to(&call, LineState::Screening).await?;
                let url = hotline_urls::connect_url(
                    &self.state.config,
                    self.show.name.as_str(),
                    self.user.identity.as_str(),
                    false,
                );
                self.dequeue(&call, &url, from).await
            }
            ConsoleCommand::Hold { call } => {
                let from = self.to(&call, LineState::Waiting).await?;
                self.requeue(&call, from).await
            }
            ConsoleCommand::MarkReady { call } => {
                let from = self.to(&call, LineState::Ready).await?;
                self.requeue(&call, from).await
            }
            ConsoleCommand::SetNext { call } => {
                self.to(&call, LineState::Next).await?;
                if was == Some(LineState::Screening) {
                    // Talking to the screener: back into the queue, at the head of the order.
                    self.requeue(&call, LineState::Screening).await?;
                }
                Ok(())
            }
            ConsoleCommand::EditCard { call, card } => {
                let card = Card {
                    name: Some(card_field(&card.name).unwrap_or_default()),
                    location: Some(card_field(&card.location).unwrap_or_default()),
                    topic: Some(card_field(&card.topic).unwrap_or_default()),
                    note: Some(card_field(&card.note).unwrap_or_default()),
                    warning: None,
                };
                self.card(&call, &card).await
            }
            ConsoleCommand::Warn { call, reason } => {
                let warning = card_field(&reason)
                    .unwrap_or_else(|| td_string!(locale, server.default_warning).into());
                let card = Card {
                    warning: Some(warning),
                    ..Card::default()
                };
                self.card(&call, &card).await
            }
            ConsoleCommand::Drop { call } => self.hang_up(&call, was).await,
            ConsoleCommand::Ban { call, reason } => {
                let Some(number) = line.as_ref().and_then(|l| l.number.clone()) else {
                    return Err(refused(td_string!(locale, server.show_withheld_ban)));
                };
                let reason = card_field(&reason)
                    .unwrap_or_else(|| td_string!(locale, server.default_ban_reason).into());
                show_bans::ban(db, show_id, &number, &reason, Some(&self.user.id))
                    .await
                    .map_err(AppError::internal)?;
                if was == Some(LineState::Ended) {
                    return Ok(());
                }
                self.hang_up(&call, was).await
            }
            ConsoleCommand::TakeNext { seen_on_air, after } => {
                self.take_next(&seen_on_air, after).await
            }
            ConsoleCommand::PutOnAir { call } => {
                if !was.is_some_and(LineState::is_holding) {
                    return Err(refused(td_string!(locale, server.show_air_needs_hold)));
                }
                if was != Some(LineState::Next) {
                    self.to(&call, LineState::Next).await?;
                }
                let on_air: Vec<CallSid> = show_callers::live_lines(db, show_id)
                    .await
                    .map_err(AppError::internal)?
                    .into_iter()
                    .filter(|l| l.state == LineState::OnAir)
                    .map(|l| l.call_sid)
                    .collect();
                self.take_next(&on_air, AfterAir::Drop).await
            }
            ConsoleCommand::BackToHold { call } => {
                let from = self.to(&call, LineState::Ready).await?;
                self.requeue(&call, from).await
            }
            ConsoleCommand::Lock { ref call } | ConsoleCommand::Unlock { ref call } => {
                let lock = matches!(command, ConsoleCommand::Lock { .. });
                let on_air = show_console::set_locked(db, show_id, call, lock)
                    .await
                    .map_err(AppError::internal)?;
                if on_air {
                    Ok(())
                } else {
                    Err(refused(td_string!(locale, server.show_lock_on_air_only)))
                }
            }
            ConsoleCommand::OpenLines | ConsoleCommand::CloseLines => {
                let open = matches!(command, ConsoleCommand::OpenLines);
                shows::set_lines_open(db, self.show.name.as_str(), open)
                    .await
                    .map_err(AppError::internal)?;
                Ok(())
            }
        }
    }

    /// Moves the line; returns the state it left.
    async fn to(&self, call: &CallSid, to: LineState) -> Result<LineState, AppError> {
        let screener = (to == LineState::Screening).then_some(self.user.id.as_str());
        show_console::move_line(&self.state.db, &self.show.id, call, to, screener)
            .await
            .map_err(|e| moved(e, self.locale))
    }

    async fn card(&self, call: &CallSid, card: &Card) -> Result<(), AppError> {
        let updated = show_console::update_card(&self.state.db, &self.show.id, call, card)
            .await
            .map_err(AppError::internal)?;
        if updated {
            Ok(())
        } else {
            Err(refused(td_string!(self.locale, server.show_caller_hung_up)))
        }
    }

    /// After a Twilio refusal, puts the line back in `from`, or ends it when the call is gone.
    async fn undo(&self, call: &CallSid, from: LineState, e: RestError) -> AppError {
        let back = if e.is_call_gone() {
            LineState::Ended
        } else {
            from
        };
        if let Err(undo) =
            show_console::move_line(&self.state.db, &self.show.id, call, back, None).await
        {
            tracing::warn!(call = %call, error = %undo, "could not put a line back after Twilio refused");
        }
        if e.is_call_gone() {
            tracing::info!(call = %call, error = %e, "Twilio says the caller is gone; line ended");
            refused(td_string!(self.locale, server.show_caller_hung_up))
        } else {
            tracing::warn!(call = %call, error = %e, "Twilio refused a console change");
            AppError::Twilio(e.to_string())
        }
    }

    /// Takes `call` out of the show's queue into the TwiML at `url`.
    async fn dequeue(&self, call: &CallSid, url: &str, from: LineState) -> Result<(), AppError> {
        let result = async {
            let queue_sid = match show_history::queue_sid_of(&self.state.db, call)
                .await
                .map_err(|e| RestError::Network(e.to_string()))?
            {
                Some(sid) => sid,
                None => self
                    .state
                    .twilio
                    .queue_by_name(&self.show.name.queue_name())
                    .await?
                    .map(|q| q.sid)
                    .ok_or(RestError::Twilio {
                        status: 404,
                        code: Some(20404),
                        message: "the show's queue does not exist".into(),
                    })?,
            };
            let url = url
                .parse()
                .map_err(|e: url::ParseError| RestError::Decode(e.to_string()))?;
            self.state
                .twilio
                .dequeue(&queue_sid, call.as_str(), &url)
                .await
        }
        .await;
        match result {
            Ok(_) => Ok(()),
            // Not in the queue, but maybe still on the line: hearing the greeting, before their
            // `<Enqueue>`. Then nothing changes and the console says so.
            Err(e) if e.is_not_found() && self.still_on_the_line(call).await => {
                let _ =
                    show_console::move_line(&self.state.db, &self.show.id, call, from, None).await;
                Err(refused(td_string!(self.locale, server.show_still_greeting)))
            }
            Err(e) => Err(self.undo(call, from, e).await),
        }
    }

    /// Whether Twilio still has `call` live.
    async fn still_on_the_line(&self, call: &CallSid) -> bool {
        self.state
            .twilio
            .fetch_call(call.as_str())
            .await
            .is_ok_and(|c| matches!(c.status.as_str(), "queued" | "ringing" | "in-progress"))
    }

    /// Sends `call` (talking to a member) back to the show's queue.
    async fn requeue(&self, call: &CallSid, from: LineState) -> Result<(), AppError> {
        let url = hotline_urls::requeue_url(&self.state.config, self.show.name.as_str());
        let url = url.parse().map_err(AppError::internal)?;
        match self
            .state
            .twilio
            .update_call(call.as_str(), &CallUpdate::Redirect(url))
            .await
        {
            Ok(_) => Ok(()),
            Err(e) => Err(self.undo(call, from, e).await),
        }
    }

    /// Ends the line and hangs up on the caller.
    async fn hang_up(&self, call: &CallSid, was: Option<LineState>) -> Result<(), AppError> {
        let from = self.to(call, LineState::Ended).await?;
        match self
            .state
            .twilio
            .update_call(call.as_str(), &CallUpdate::Complete)
            .await
        {
            Ok(_) => Ok(()),
            Err(e) if e.is_call_gone() => Ok(()),
            Err(e) => Err(self.undo(call, was.unwrap_or(from), e).await),
        }
    }

    /// "Next caller": one atomic step in our records, then Twilio: the unlocked on-air caller
    /// hung up on or sent back to hold, the next one dequeued into the host's browser with a
    /// whisper first.
    async fn take_next(&self, seen_on_air: &[CallSid], after: AfterAir) -> Result<(), AppError> {
        if after == AfterAir::Keep {
            return Err(refused(td_string!(self.locale, server.show_two_on_air)));
        }
        let taken = show_console::take_next(&self.state.db, &self.show.id, seen_on_air, after)
            .await
            .map_err(AppError::internal)?;
        for call in &taken.dropped {
            if let Err(e) = self
                .state
                .twilio
                .update_call(call.as_str(), &CallUpdate::Complete)
                .await
                && !e.is_call_gone()
            {
                tracing::warn!(call = %call, error = %e, "could not hang up on the caller leaving air");
            }
        }
        for call in &taken.back_to_hold {
            // Already ready in our records; a refusal puts them back on air.
            self.requeue(call, LineState::OnAir).await?;
        }
        let Some(next) = taken.taken else {
            return Ok(());
        };
        let url = hotline_urls::connect_url(
            &self.state.config,
            self.show.name.as_str(),
            self.user.identity.as_str(),
            true,
        );
        self.dequeue(&next, &url, LineState::Ready).await
    }
}
