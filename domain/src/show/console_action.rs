//! `authorize`: whether a member of a show may do a console action, checked on the server for
//! every action (hiding a button is not a check).

use serde::{Deserialize, Serialize};

use crate::show::{LineState, Role};

/// Everything a console can ask the server to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsoleAction {
    /// See the show's lines and figures.
    View,
    /// Pick a holding caller (any, not only the front) and talk to them.
    Screen,
    /// Fill in a caller's name, location, topic or note.
    EditCard,
    /// Send a caller being screened back to hold, unscreened.
    Hold,
    /// Mark a caller screened: back to hold, ready for air.
    MarkReady,
    /// Set a caller as the next to go on air.
    SetNext,
    /// Unset the next caller.
    ClearNext,
    /// Hang up on a caller. On an on-air caller, only the host may.
    Drop,
    /// Flag a caller's number with a warning.
    Warn,
    /// Ban a caller's number: its future calls are rejected. Bans an on-air caller only as the
    /// host, since it also drops them.
    Ban,
    /// "Next caller": take the next caller to air by the show's running order.
    TakeNext,
    /// Put one chosen caller on air.
    PutOnAir,
    /// Take an on-air caller off air, back to hold.
    BackToHold,
    /// Lock an on-air caller, so Next does not drop them.
    Lock,
    /// Unlock an on-air caller.
    Unlock,
    /// Open the lines: callers get into the queue.
    OpenLines,
    /// Close the lines: callers hear that the lines are closed.
    CloseLines,
}

/// Why a member may not do an action. Its `Display` is a sentence for the console.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Forbidden {
    /// Airing callers is the host's.
    #[error("Only the host can put a caller on air.")]
    OnlyHostAirs,
    /// Anything done to an on-air caller is the host's.
    #[error("Only the host can drop or change the caller on air.")]
    OnlyHostTouchesAir,
}

/// Whether `role` may do `action` to a line in state `target` (`None` for actions on the show,
/// such as Next or closing the lines).
///
/// The Telos rule: a screener can answer, screen, hold, mark ready, set Next, warn, ban and drop
/// any caller who is not on air, and open or close the lines; only the host puts callers on air
/// (Next, a chosen caller) and drops, bans, locks or moves the caller on air. The host may do
/// everything.
pub fn authorize(
    role: Role,
    action: ConsoleAction,
    target: Option<LineState>,
) -> Result<(), Forbidden> {
    use ConsoleAction::*;
    if role == Role::Host {
        return Ok(());
    }
    match action {
        TakeNext | PutOnAir => Err(Forbidden::OnlyHostAirs),
        BackToHold | Lock | Unlock => Err(Forbidden::OnlyHostTouchesAir),
        Drop | Ban | Screen | Hold | MarkReady | SetNext | ClearNext
            if target == Some(LineState::OnAir) =>
        {
            Err(Forbidden::OnlyHostTouchesAir)
        }
        View | EditCard | Warn | Screen | Hold | MarkReady | SetNext | ClearNext | Drop | Ban
        | OpenLines | CloseLines => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rstest::rstest;

    use super::ConsoleAction::*;
    use super::*;

    const ALL: [ConsoleAction; 17] = [
        View, Screen, EditCard, Hold, MarkReady, SetNext, ClearNext, Drop, Warn, Ban, TakeNext,
        PutOnAir, BackToHold, Lock, Unlock, OpenLines, CloseLines,
    ];

    #[rstest]
    #[case::next_caller(TakeNext, None, Err(Forbidden::OnlyHostAirs))]
    #[case::air_a_chosen_caller(PutOnAir, Some(LineState::Ready), Err(Forbidden::OnlyHostAirs))]
    #[case::drop_the_on_air_caller(
        Drop,
        Some(LineState::OnAir),
        Err(Forbidden::OnlyHostTouchesAir)
    )]
    #[case::ban_the_on_air_caller(Ban, Some(LineState::OnAir), Err(Forbidden::OnlyHostTouchesAir))]
    #[case::back_to_hold(BackToHold, Some(LineState::OnAir), Err(Forbidden::OnlyHostTouchesAir))]
    #[case::lock(Lock, Some(LineState::OnAir), Err(Forbidden::OnlyHostTouchesAir))]
    #[case::drop_a_waiting_caller(Drop, Some(LineState::Waiting), Ok(()))]
    #[case::ban_a_caller_being_screened(Ban, Some(LineState::Screening), Ok(()))]
    #[case::screen_any_waiting_caller(Screen, Some(LineState::Waiting), Ok(()))]
    #[case::mark_ready(MarkReady, Some(LineState::Screening), Ok(()))]
    #[case::set_next(SetNext, Some(LineState::Ready), Ok(()))]
    #[case::note_on_the_on_air_caller(EditCard, Some(LineState::OnAir), Ok(()))]
    #[case::warn_the_on_air_caller(Warn, Some(LineState::OnAir), Ok(()))]
    #[case::close_the_lines(CloseLines, None, Ok(()))]
    fn a_screener_does_everything_but_air(
        #[case] action: ConsoleAction,
        #[case] target: Option<LineState>,
        #[case] expected: Result<(), Forbidden>,
    ) {
        assert_eq!(authorize(Role::Screener, action, target), expected);
    }

    fn any_target() -> impl Strategy<Value = Option<LineState>> {
        prop::option::of(prop::sample::select(LineState::ALL.to_vec()))
    }

    proptest! {
        #[test]
        fn the_host_may_do_everything(action in prop::sample::select(ALL.to_vec()), target in any_target()) {
            prop_assert_eq!(authorize(Role::Host, action, target), Ok(()));
        }

        #[test]
        fn a_screener_never_airs_nor_removes_the_on_air_caller(
            action in prop::sample::select(ALL.to_vec()),
            target in any_target(),
        ) {
            let allowed = authorize(Role::Screener, action, target).is_ok();
            let airs = matches!(action, TakeNext | PutOnAir);
            let removes_from_air = target == Some(LineState::OnAir)
                && !matches!(action, View | EditCard | Warn | OpenLines | CloseLines);
            if airs || removes_from_air {
                prop_assert!(!allowed);
            }
        }
    }

    #[test]
    fn refusals_read_as_sentences() {
        assert_eq!(
            Forbidden::OnlyHostAirs.to_string(),
            "Only the host can put a caller on air."
        );
    }
}
