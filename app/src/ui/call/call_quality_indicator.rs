//! A small live indicator of how the call sounds (Good / Fair / Poor, with the figures behind
//! it), and a hint in plain words when it degrades. Only the hint is announced: the figures
//! change every second and would drown a screen reader.

use leptos::prelude::*;

use crate::i18n::{Locale, t_string, use_i18n};
use crate::phone::{CallQuality, QualityLevel};

/// Shown while `shown` (the call is connected).
#[component]
pub fn CallQualityIndicator(quality: Signal<CallQuality>, shown: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let level = move || quality.with(CallQuality::level);
    let slug = move || match level() {
        QualityLevel::Good => "good",
        QualityLevel::Fair => "fair",
        QualityLevel::Poor => "poor",
    };
    view! {
        <div class="call-quality" data-level=slug hidden=move || !shown.get()>
            <span class="call-quality__bars" aria-hidden="true">
                <span></span><span></span><span></span>
            </span>
            <span class="call-quality__level">
                {move || t_string!(i18n, phone.quality_label, level = level().word(i18n.get_locale()))}
            </span>
            <span class="call-quality__figures">
                {move || {
                    let locale = i18n.get_locale();
                    quality.with(|q| q.figures(locale)).map(|f| match locale {
                        // Japanese brackets are full-width and need no space.
                        Locale::ja => format!("（{f}）"),
                        _ => format!(" ({f})"),
                    })
                }}
            </span>
            <p class="call-quality__hint" role="status">
                {move || shown.get().then(|| quality.with(|q| q.hint(i18n.get_locale()))).flatten()}
            </p>
        </div>
    }
}
