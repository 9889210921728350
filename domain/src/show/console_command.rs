//! `ConsoleCommand`: one press on a show's console, with what it needs, as the browser sends it
//! and the server checks it (`action` for [`authorize`](crate::show::authorize), `target` for
//! the line it touches).

use serde::{Deserialize, Serialize};

use crate::show::{AfterAir, CallSid, ConsoleAction};
use crate::visible_text::one_visible_line;

/// Most characters kept of a card field (name, location, topic, note) or a warning / ban reason.
pub const MAX_CARD_FIELD_CHARS: usize = 200;

/// The screener's card for a caller, as typed; blank fields clear.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardFields {
    /// Their name.
    pub name: String,
    /// Where they call from.
    pub location: String,
    /// What they want to talk about.
    pub topic: String,
    /// A note for the host (whispered to the host before the caller is bridged).
    pub note: String,
}

/// A console press. Each names the line it acts on, except those on the whole show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum ConsoleCommand {
    /// Talk to a holding caller (any, not only the front) from the screener's browser.
    Screen {
        /// The caller.
        call: CallSid,
    },
    /// Fill in the caller's card.
    EditCard {
        /// The caller.
        call: CallSid,
        /// The card as typed.
        card: CardFields,
    },
    /// Back to hold, unscreened.
    Hold {
        /// The caller.
        call: CallSid,
    },
    /// Screened: back to hold, ready for air.
    MarkReady {
        /// The caller.
        call: CallSid,
    },
    /// Set as the next caller.
    SetNext {
        /// The caller.
        call: CallSid,
    },
    /// Hang up on the caller.
    Drop {
        /// The caller.
        call: CallSid,
    },
    /// Flag the caller's number.
    Warn {
        /// The caller.
        call: CallSid,
        /// Why, shown on every console.
        reason: String,
    },
    /// Ban the caller's number from the show (and hang up on them).
    Ban {
        /// The caller.
        call: CallSid,
        /// Why, kept with the ban.
        reason: String,
    },
    /// "Next caller".
    TakeNext {
        /// Who the pressing console showed on air: a second press made before it saw the first
        /// one's result changes nothing.
        seen_on_air: Vec<CallSid>,
        /// What happens to the unlocked caller on air.
        after: AfterAir,
    },
    /// Put this caller on air.
    PutOnAir {
        /// The caller.
        call: CallSid,
    },
    /// Take the on-air caller back to hold, ready.
    BackToHold {
        /// The caller.
        call: CallSid,
    },
    /// Keep the on-air caller through Next.
    Lock {
        /// The caller.
        call: CallSid,
    },
    /// Let Next drop the on-air caller again.
    Unlock {
        /// The caller.
        call: CallSid,
    },
    /// Let callers into the queue.
    OpenLines,
    /// Tell new callers the lines are closed.
    CloseLines,
}

impl ConsoleCommand {
    /// What [`authorize`](crate::show::authorize) checks.
    pub fn action(&self) -> ConsoleAction {
        match self {
            Self::Screen { .. } => ConsoleAction::Screen,
            Self::EditCard { .. } => ConsoleAction::EditCard,
            Self::Hold { .. } => ConsoleAction::Hold,
            Self::MarkReady { .. } => ConsoleAction::MarkReady,
            Self::SetNext { .. } => ConsoleAction::SetNext,
            Self::Drop { .. } => ConsoleAction::Drop,
            Self::Warn { .. } => ConsoleAction::Warn,
            Self::Ban { .. } => ConsoleAction::Ban,
            Self::TakeNext { .. } => ConsoleAction::TakeNext,
            Self::PutOnAir { .. } => ConsoleAction::PutOnAir,
            Self::BackToHold { .. } => ConsoleAction::BackToHold,
            Self::Lock { .. } => ConsoleAction::Lock,
            Self::Unlock { .. } => ConsoleAction::Unlock,
            Self::OpenLines => ConsoleAction::OpenLines,
            Self::CloseLines => ConsoleAction::CloseLines,
        }
    }

    /// The line the command acts on, if it acts on one.
    pub fn target(&self) -> Option<&CallSid> {
        match self {
            Self::Screen { call }
            | Self::EditCard { call, .. }
            | Self::Hold { call }
            | Self::MarkReady { call }
            | Self::SetNext { call }
            | Self::Drop { call }
            | Self::Warn { call, .. }
            | Self::Ban { call, .. }
            | Self::PutOnAir { call }
            | Self::BackToHold { call }
            | Self::Lock { call }
            | Self::Unlock { call } => Some(call),
            Self::TakeNext { .. } | Self::OpenLines | Self::CloseLines => None,
        }
    }
}

/// `text` on one line without hidden characters ([`one_visible_line`]), trimmed and cut to
/// [`MAX_CARD_FIELD_CHARS`]; `None` when blank. Card fields come from listeners and are spoken
/// to the host and shown on every console.
pub fn card_field(text: &str) -> Option<String> {
    let visible = one_visible_line(text);
    let trimmed = visible.trim();
    (!trimmed.is_empty()).then(|| trimmed.chars().take(MAX_CARD_FIELD_CHARS).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sid() -> CallSid {
        CallSid::parse(&format!("CA{:032x}", 7)).unwrap()
    }

    #[test]
    fn the_wire_shape_names_the_command_and_its_fields() {
        let json = serde_json::to_value(ConsoleCommand::Warn {
            call: sid(),
            reason: "swore on air".into(),
        })
        .unwrap();
        assert_eq!(json["command"], "warn");
        assert_eq!(json["call"], sid().as_str());
        assert_eq!(json["reason"], "swore on air");
        let back: ConsoleCommand = serde_json::from_value(json).unwrap();
        assert_eq!(back.action(), ConsoleAction::Warn);
    }

    #[test]
    fn a_malformed_call_sid_is_refused_when_read() {
        let bad = serde_json::json!({"command": "drop", "call": "CAnot-a-sid"});
        assert!(serde_json::from_value::<ConsoleCommand>(bad).is_err());
    }

    #[test]
    fn commands_on_the_show_have_no_target_and_the_rest_do() {
        assert_eq!(ConsoleCommand::OpenLines.target(), None);
        let next = ConsoleCommand::TakeNext {
            seen_on_air: vec![sid()],
            after: AfterAir::Drop,
        };
        assert_eq!(next.target(), None);
        assert_eq!(ConsoleCommand::Drop { call: sid() }.target(), Some(&sid()));
    }

    #[test]
    fn card_fields_are_trimmed_bounded_and_blank_means_none() {
        assert_eq!(card_field("   "), None);
        assert_eq!(card_field(" Ann "), Some("Ann".into()));
        let long = "é".repeat(MAX_CARD_FIELD_CHARS + 50);
        assert_eq!(
            card_field(&long).unwrap().chars().count(),
            MAX_CARD_FIELD_CHARS
        );
        // What a listener types is read out to the host: nothing hidden, one line.
        assert_eq!(
            card_field("Ann\u{202E}\u{200B}\nfrom\0 Leeds"),
            Some("Ann from Leeds".into())
        );
        assert_eq!(card_field("\u{200B}\u{FEFF}"), None);
    }
}
