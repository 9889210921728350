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

#[cfg(test)]
mod tests {
    use domain::show::ConsoleSnapshot;
    use leptos::prelude::*;

    use super::{Figures, HostControls};
    use crate::i18n::Locale;
    use crate::ui::test_render::render_in;

    fn board(locale: Locale) -> String {
        render_in(locale, || {
            let snapshot = Signal::stored(None::<ConsoleSnapshot>);
            let now = Signal::stored(0);
            view! {
                <HostControls snapshot press=Callback::new(|_| {}) busy=Signal::stored(false)/>
                <Figures snapshot now/>
            }
            .into_any()
        })
    }

    #[test]
    fn the_board_reads_in_each_language_attributes_included() {
        for (locale, words) in [
            (
                Locale::en,
                [
                    r#"aria-label="Show controls""#,
                    "Lines closed — open them",
                    r#"title="Twilio's Queue resource, read at the last change""#,
                    "Aired within 2 minutes",
                ],
            ),
            (
                Locale::fr,
                [
                    r#"aria-label="Commandes de l'émission""#,
                    "Lignes fermées — les ouvrir",
                    r#"title="La ressource Queue de Twilio, lue au dernier changement""#,
                    "À l'antenne en moins de 2\u{a0}min",
                ],
            ),
            (
                Locale::ja,
                [
                    r#"aria-label="番組の操作""#,
                    "着信受付停止中：受付を開始",
                    r#"title="TwilioのQueueリソース（最後の変更時に取得）""#,
                    "2分以内にオンエア",
                ],
            ),
        ] {
            let html = board(locale);
            for w in words {
                assert!(html.contains(w), "{locale:?} {w}: {html}");
            }
        }
    }
}
