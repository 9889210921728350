//! "Next caller": the running order of the holding callers, and what one press of Next does.

use serde::{Deserialize, Serialize};

use crate::show::{CallSid, Line, LineState};

/// What Next does with the unlocked caller who is on air when it takes the next one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AfterAir {
    /// Hang up on them (the pro systems' default).
    #[default]
    Drop,
    /// Put them back on hold, ready ("Direct Hold").
    BackToHold,
    /// Leave them on air with the next caller (a conference of guests).
    Keep,
}

/// What one press of Next changes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextPlan {
    /// The caller to put on air; `None` when nobody is holding.
    pub take: Option<CallSid>,
    /// On-air callers to hang up on.
    pub drop: Vec<CallSid>,
    /// On-air callers to put back on hold, ready.
    pub back_to_hold: Vec<CallSid>,
    /// On-air callers who stay on air: locked ones, and all of them with [`AfterAir::Keep`].
    pub kept: Vec<CallSid>,
}

/// Tier of a line in the running order: the caller set as next, then screened callers, then the
/// rest.
fn tier(state: LineState) -> Option<u8> {
    match state {
        LineState::Next => Some(0),
        LineState::Ready => Some(1),
        LineState::Waiting | LineState::Screening => Some(2),
        LineState::OnAir | LineState::Ended => None,
    }
}

/// The callers not on air and not gone, in the order they will go on air, the pro systems' order:
/// the caller set as next, then ready (screened) callers, longest-waiting first, then everyone
/// else, longest-waiting first (ties by SID, so the order is total). A caller's position is their
/// index plus one.
///
/// Callers being screened are ranked with the waiting ones: they are not taken by Next
/// ([`choose_next`]) while the screener talks to them, but they keep their place.
pub fn running_order(lines: &[Line]) -> Vec<&Line> {
    let mut order: Vec<&Line> = lines.iter().filter(|l| tier(l.state).is_some()).collect();
    order.sort_by(|a, b| {
        (tier(a.state), a.queued_at, &a.call_sid).cmp(&(tier(b.state), b.queued_at, &b.call_sid))
    });
    order
}

/// The caller "Next caller" takes: the caller set as next, else the longest-waiting ready caller,
/// else the longest-waiting caller on hold; never one the screener is talking to.
pub fn choose_next(lines: &[Line]) -> Option<&Line> {
    running_order(lines)
        .into_iter()
        .find(|l| l.state != LineState::Screening)
}

/// What one press of Next does: take [`choose_next`], and deal with whoever is on air by `after`,
/// except locked guests, who stay. With nobody to take, nothing changes, so a Next pressed at an
/// empty queue never cuts the guest off.
pub fn plan_next(lines: &[Line], after: AfterAir) -> NextPlan {
    let Some(next) = choose_next(lines) else {
        return NextPlan::default();
    };
    let mut plan = NextPlan {
        take: Some(next.call_sid.clone()),
        ..NextPlan::default()
    };
    for line in lines.iter().filter(|l| l.state == LineState::OnAir) {
        let sid = line.call_sid.clone();
        match (line.locked, after) {
            (true, _) | (false, AfterAir::Keep) => plan.kept.push(sid),
            (false, AfterAir::Drop) => plan.drop.push(sid),
            (false, AfterAir::BackToHold) => plan.back_to_hold.push(sid),
        }
    }
    plan
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rstest::rstest;

    use super::*;
    use crate::show::LineState::*;

    fn sid(n: u8) -> CallSid {
        CallSid::parse(&format!("CA{n:032x}")).unwrap()
    }

    fn line(n: u8, state: LineState, queued_at: u64) -> Line {
        Line {
            call_sid: sid(n),
            state,
            queued_at,
            locked: false,
        }
    }

    fn locked(mut line: Line) -> Line {
        line.locked = true;
        line
    }

    #[rstest]
    #[case::next_beats_older_ready(&[line(1, Ready, 10), line(2, Next, 30)], Some(2))]
    #[case::ready_beats_older_waiting(&[line(1, Waiting, 10), line(2, Ready, 30)], Some(2))]
    #[case::longest_waiting_ready(&[line(1, Ready, 30), line(2, Ready, 10)], Some(2))]
    #[case::longest_waiting_otherwise(&[line(1, Waiting, 30), line(2, Waiting, 10)], Some(2))]
    #[case::never_from_the_screener(&[line(1, Screening, 10), line(2, Waiting, 30)], Some(2))]
    #[case::only_being_screened(&[line(1, Screening, 10)], None)]
    #[case::not_the_one_on_air(&[line(1, OnAir, 5), line(2, Waiting, 30)], Some(2))]
    #[case::not_the_gone(&[line(1, Ended, 5)], None)]
    #[case::empty(&[], None)]
    #[case::tie_by_sid(&[line(2, Waiting, 10), line(1, Waiting, 10)], Some(1))]
    fn next_follows_the_pro_systems_precedence(#[case] lines: &[Line], #[case] taken: Option<u8>) {
        assert_eq!(
            choose_next(lines).map(|l| l.call_sid.clone()),
            taken.map(sid)
        );
    }

    #[test]
    fn the_running_order_ranks_screened_callers_first_and_keeps_the_screeners_in_place() {
        let lines = [
            line(1, Waiting, 10),
            line(2, Screening, 20),
            line(3, Ready, 30),
            line(4, OnAir, 1),
            line(5, Next, 40),
            line(6, Waiting, 25),
            line(7, Ended, 2),
        ];
        let order: Vec<_> = running_order(&lines)
            .iter()
            .map(|l| l.call_sid.clone())
            .collect();
        assert_eq!(order, [sid(5), sid(3), sid(1), sid(2), sid(6)]);
    }

    #[rstest]
    #[case::drop(AfterAir::Drop, &[1], &[], &[])]
    #[case::back_to_hold(AfterAir::BackToHold, &[], &[1], &[])]
    #[case::keep(AfterAir::Keep, &[], &[], &[1])]
    fn next_deals_with_the_on_air_caller_as_asked(
        #[case] after: AfterAir,
        #[case] drop: &[u8],
        #[case] back: &[u8],
        #[case] kept: &[u8],
    ) {
        let lines = [line(1, OnAir, 1), line(2, Ready, 10)];
        let plan = plan_next(&lines, after);
        let sids = |ns: &[u8]| ns.iter().map(|&n| sid(n)).collect::<Vec<_>>();
        assert_eq!(plan.take, Some(sid(2)));
        assert_eq!(plan.drop, sids(drop));
        assert_eq!(plan.back_to_hold, sids(back));
        assert_eq!(plan.kept, sids(kept));
    }

    #[test]
    fn a_locked_guest_stays_on_air_through_next() {
        let lines = [
            locked(line(1, OnAir, 1)),
            line(3, OnAir, 2),
            line(2, Waiting, 10),
        ];
        let plan = plan_next(&lines, AfterAir::Drop);
        assert_eq!(plan.take, Some(sid(2)));
        assert_eq!(plan.kept, [sid(1)]);
        assert_eq!(plan.drop, [sid(3)]);
    }

    #[test]
    fn next_at_an_empty_queue_changes_nothing() {
        let lines = [line(1, OnAir, 1), line(2, Screening, 10)];
        assert_eq!(plan_next(&lines, AfterAir::Drop), NextPlan::default());
    }

    /// Up to 12 lines with distinct SIDs, in any states, some locked.
    fn any_lines() -> impl Strategy<Value = Vec<Line>> {
        let line = (
            prop::sample::select(LineState::ALL.to_vec()),
            0u64..100,
            any::<bool>(),
        );
        prop::collection::vec(line, 0..12).prop_map(|lines| {
            (0u8..)
                .zip(lines)
                .map(|(n, (state, queued_at, locked))| Line {
                    call_sid: sid(n),
                    state,
                    queued_at,
                    locked,
                })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn next_takes_the_first_holding_caller_of_the_running_order(
            lines in any_lines(),
        ) {
            let order = running_order(&lines);
            let taken = choose_next(&lines);
            prop_assert!(order.iter().all(|l| !matches!(l.state, OnAir | Ended)));
            if let Some(taken) = taken {
                prop_assert!(taken.state.is_holding());
                prop_assert!(taken.state.to(OnAir).is_ok());
                for earlier in order.iter().take_while(|l| l.call_sid != taken.call_sid) {
                    prop_assert_eq!(earlier.state, Screening);
                }
            } else {
                prop_assert!(order.iter().all(|l| l.state == Screening));
            }
        }

        #[test]
        fn next_never_drops_a_locked_guest(
            lines in any_lines(),
            after in prop::sample::select(vec![AfterAir::Drop, AfterAir::BackToHold, AfterAir::Keep]),
        ) {
            let plan = plan_next(&lines, after);
            for line in lines.iter().filter(|l| l.locked && l.state == OnAir) {
                prop_assert!(!plan.drop.contains(&line.call_sid));
                prop_assert!(!plan.back_to_hold.contains(&line.call_sid));
            }
        }
    }
}
