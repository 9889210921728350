//! A show's console as one [`ConsoleSnapshot`], assembled from our records.

use std::collections::HashSet;

use domain::{
    format_as_you_type,
    show::{ConsoleSnapshot, LineCard, LineState, QueueFigures, Role, running_order},
};

use crate::ssr::{
    AppState,
    db::{show_bans, show_callers, show_callers::CallerLine, show_history, shows::Show, unix_now},
};

/// How many ended callers the console keeps showing, newest first.
pub const ENDED_SHOWN: u32 = 5;

/// A card field, `None` when blank (the console stores a cleared field as empty).
fn filled(field: &Option<String>) -> Option<String> {
    field.clone().filter(|s| !s.trim().is_empty())
}

/// The console of `show` for a member with `role`, with Twilio's own figures `queue`.
pub async fn snapshot(
    state: &AppState,
    show: &Show,
    role: Role,
    queue: QueueFigures,
) -> Result<ConsoleSnapshot, sqlx::Error> {
    let db = &state.db;
    let live = show_callers::live_lines(db, &show.id).await?;
    let ended = show_history::recently_ended(db, &show.id, ENDED_SHOWN).await?;
    let statistics = show_callers::statistics(db, &show.id).await?;
    let banned: HashSet<String> = show_bans::list(db, &show.id)
        .await?
        .into_iter()
        .map(|b| b.number)
        .collect();
    let sids: Vec<_> = live
        .iter()
        .chain(&ended)
        .map(|l| l.call_sid.clone())
        .collect();
    let earlier = show_history::earlier_calls(db, &show.id, &sids).await?;

    // Holding callers in running order (position 1 is whom Next takes), then the others.
    let lines: Vec<_> = live.iter().map(CallerLine::line).collect();
    let order: Vec<_> = running_order(&lines)
        .into_iter()
        .filter(|l| l.state != LineState::Screening)
        .map(|l| l.call_sid.clone())
        .collect();
    let home = state.policy.home_country();
    let card = |line: &CallerLine| {
        let position = order
            .iter()
            .position(|sid| sid == &line.call_sid)
            .and_then(|i| u32::try_from(i + 1).ok());
        LineCard {
            call: line.call_sid.clone(),
            state: line.state,
            answered: line.state == LineState::OnAir && line.answered_at.is_some(),
            locked: line.locked,
            position,
            number: line
                .number
                .as_ref()
                .map(|n| format_as_you_type(home, n.as_str())),
            withheld: line.withheld,
            queued_at: line.queued_at.max(0) as u64,
            state_since: line.state_since.max(0) as u64,
            in_queue_since: line.in_queue_since.map(|t| t.max(0) as u64),
            name: filled(&line.name),
            location: filled(&line.location),
            topic: filled(&line.topic),
            note: filled(&line.note),
            warning: filled(&line.warning),
            banned: line
                .number
                .as_ref()
                .is_some_and(|n| banned.contains(n.as_str())),
            earlier_calls: earlier.get(&line.call_sid).copied().unwrap_or(0),
        }
    };
    let mut cards: Vec<LineCard> = live.iter().map(card).collect();
    cards.sort_by_key(|c| {
        (
            c.position.unwrap_or(u32::MAX),
            c.state != LineState::Screening,
            c.queued_at,
        )
    });
    cards.extend(ended.iter().map(card));
    Ok(ConsoleSnapshot {
        show: show.name.to_string(),
        hotline: format_as_you_type(home, show.hotline.as_str()),
        lines_open: show.lines_open,
        max_waiting: show.max_waiting,
        role,
        now: unix_now().max(0) as u64,
        lines: cards,
        statistics,
        queue,
    })
}

/// How long a snapshot waits for Twilio's figures before showing ours alone.
const QUEUE_FIGURES_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// Twilio's own figures for `show`'s queue, from the Queue REST resource (our reason when Twilio
/// is slow in `locale`; Twilio's own reason as Twilio gives it).
pub async fn queue_figures(
    state: &AppState,
    show: &Show,
    locale: crate::i18n::Locale,
) -> QueueFigures {
    let name = show.name.queue_name();
    match tokio::time::timeout(QUEUE_FIGURES_WAIT, state.twilio.queue_by_name(&name)).await {
        Ok(Ok(Some(queue))) => QueueFigures::Read {
            current_size: queue.current_size,
            average_wait_time: queue.average_wait_time,
        },
        Ok(Ok(None)) => QueueFigures::NoQueueYet,
        Ok(Err(e)) => QueueFigures::Unavailable(e.to_string()),
        Err(_) => QueueFigures::Unavailable(
            crate::i18n::td_string!(locale, server.twilio_no_answer_in_time).into(),
        ),
    }
}
