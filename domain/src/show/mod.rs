//! The radio call-in show: the rules a screener's and a host's console follow, pure and tested.
//!
//! Each caller to a show's hotline is a *line* with a [`LineState`]; who may do what to a line is
//! [`authorize`]d by [`Role`]; "Next caller" follows [`running_order`]; what a waiting caller is
//! told comes from [`ExpectedWait`]; the figures above the line board are [`ShowStatistics`]. The
//! server stores lines and feeds these functions; nothing here does IO.

mod call_sid;
mod console_action;
mod console_command;
mod console_snapshot;
mod expected_wait;
mod line;
mod line_state;
mod listener_view;
mod next_caller;
mod role;
mod show_name;
mod statistics;

pub use call_sid::{CallSid, CallSidError};
pub use console_action::{ConsoleAction, Forbidden, authorize};
pub use console_command::{CardFields, ConsoleCommand, MAX_CARD_FIELD_CHARS, card_field};
pub use console_snapshot::{ConsoleSnapshot, LineCard, QueueFigures};
pub use expected_wait::ExpectedWait;
pub use line::Line;
pub use line_state::{IllegalTransition, LineState, UnknownLineState};
pub use listener_view::{ListenerPhase, ListenerView};
pub use next_caller::{AfterAir, NextPlan, choose_next, plan_next, running_order};
pub use role::{Role, UnknownRole};
pub use show_name::{ShowName, ShowNameError};
pub use statistics::{CallerHistory, Share, ShowStatistics, WaitOutcome};
