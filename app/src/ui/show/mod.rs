//! The call-in show's console: figures, the wait chart, the host's controls and a card per caller.

mod figures;
mod host_controls;
mod line_card;
mod line_list;
mod wait_chart;

pub use figures::Figures;
pub use host_controls::HostControls;
pub use line_card::LineCardView;
pub use line_list::LineList;
pub use wait_chart::WaitChart;
