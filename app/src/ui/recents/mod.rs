//! The user's recent calls, under the dial pad.

mod recent_calls_view;
pub mod when;

pub use recent_calls_view::RecentCallsView;
