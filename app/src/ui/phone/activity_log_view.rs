//! The device activity log, folded away under the phone, with a copy button for support.

use leptos::prelude::*;

use crate::browser::copy_to_clipboard;
use crate::i18n::{t, t_string, use_i18n};
use crate::phone::ActivityLog;

/// Timestamped lines, newest last, selectable and copyable as plain text.
#[component]
pub fn ActivityLogView(log: RwSignal<ActivityLog>) -> impl IntoView {
    let i18n = use_i18n();
    let copied = RwSignal::new(false);
    let copy = move |_| {
        copy_to_clipboard(&log.with_untracked(ActivityLog::to_text));
        copied.set(true);
    };
    view! {
        <details class="activity-log">
            <summary>{t!(i18n, phone.device_activity)}</summary>
            <button type="button" class="link-button" on:click=copy>
                {move || if copied.get() { t_string!(i18n, phone.copied) } else { t_string!(i18n, phone.copy_log) }}
            </button>
            <ol class="activity-log__lines" aria-label=move || t_string!(i18n, phone.device_activity_log)>
                <For
                    each=move || log.with(|l| l.entries().to_vec())
                    key=|entry| entry.seq
                    children=move |entry| {
                        view! {
                            <li data-kind=entry.kind>
                                <time>{entry.time()}</time>
                                " "
                                <span>{entry.text.clone()}</span>
                            </li>
                        }
                    }
                />
            </ol>
        </details>
    }
}
