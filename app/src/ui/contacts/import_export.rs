//! Importing a vCard or CSV file, with a report of every card or row not imported; and the
//! export links.

use leptos::{html::Input, prelude::*, task::spawn_local};

use crate::browser::{PickError, read_picked_file};
use crate::contacts::{ContactsFormat, ImportReport, MAX_IMPORT_BYTES, SkippedEntry};
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::server_fns::import_contacts;

/// The import field, its report, and the export links. `imported` runs after an import.
#[component]
pub fn ImportExport(imported: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let input = NodeRef::<Input>::new();
    let report = RwSignal::new(None::<ImportReport>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let import = move |_| {
        let Some(input) = input.get_untracked() else {
            return;
        };
        busy.set(true);
        report.set(None);
        error.set(None);
        let locale = i18n.get_locale_untracked();
        spawn_local(async move {
            let outcome = match read_picked_file(&input, MAX_IMPORT_BYTES).await {
                Err(PickError::Nothing) => {
                    Err(td_string!(locale, lists.choose_file_first).to_owned())
                }
                Err(PickError::TooBig(bytes)) => Err(td_string!(
                    locale,
                    lists.file_too_big,
                    size = bytes.div_ceil(1000),
                    max = MAX_IMPORT_BYTES / 1000
                )
                .to_string()),
                Err(PickError::Unreadable) => {
                    Err(td_string!(locale, lists.file_unreadable).to_owned())
                }
                Ok(file) => match ContactsFormat::from_file_name(&file.name) {
                    None => {
                        Err(td_string!(locale, lists.not_vcf_or_csv, file = file.name).to_string())
                    }
                    Some(format) => import_contacts(format, file.text)
                        .await
                        .map_err(|e| e.message(i18n.get_locale_untracked())),
                },
            };
            busy.set(false);
            match outcome {
                Ok(done) => {
                    report.set(Some(done));
                    input.set_value("");
                    imported.run(());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="import-export" aria-labelledby="import-heading">
            <h2 id="import-heading">{t!(i18n, lists.import_and_export)}</h2>
            <label for="contacts-file">{t!(i18n, lists.file_label)}</label>
            <div class="import-export__pick">
                <input id="contacts-file" type="file" node_ref=input
                    accept=".vcf,.vcard,.csv,text/vcard,text/csv"/>
                <button type="button" class="primary-button" on:click=import disabled=move || busy.get()>
                    {move || if busy.get() { t_string!(i18n, lists.importing) } else { t_string!(i18n, lists.import) }}
                </button>
            </div>
            <p class="error-line" role="alert">{move || error.get()}</p>
            <div role="status" class="import-report">
                {move || report.get().map(|r| {
                    let locale = i18n.get_locale();
                    view! {
                        <p>{imported_words(locale, r.imported)}</p>
                        {(!r.skipped.is_empty()).then(|| view! {
                            <p>{td_string!(locale, lists.not_imported, count = r.skipped.len()).to_string()}</p>
                            <ul class="import-report__skipped">
                                {r.skipped.iter().map(|s| view! { <li>{skipped_words(locale, s)}</li> }).collect_view()}
                            </ul>
                        })}
                    }
                })}
            </div>
            <p class="import-export__links">
                {t!(i18n, lists.export)}
                <a href="/api/contacts/export/vcf" download="contacts.vcf">"vCard"</a>
                " · "
                <a href="/api/contacts/export/csv" download="contacts.csv">"CSV"</a>
            </p>
        </section>
    }
    .into_any()
}

/// "Imported 3 contacts." (French keeps 0 and 1 singular).
fn imported_words(locale: Locale, count: u32) -> String {
    let singular = match locale {
        Locale::fr => count <= 1,
        Locale::en | Locale::ja => count == 1,
    };
    if singular {
        td_string!(locale, lists.imported_singular, count = count).to_string()
    } else {
        td_string!(locale, lists.imported_plural, count = count).to_string()
    }
}

/// One line of the report: "Entry 4 (Ann): A contact needs a name." The reason is the server's.
fn skipped_words(locale: Locale, entry: &SkippedEntry) -> String {
    let (place, reason) = (entry.place, entry.reason.as_str());
    if entry.name.is_empty() {
        td_string!(locale, lists.skipped_entry, place = place, reason = reason).to_string()
    } else {
        let name = entry.name.as_str();
        td_string!(
            locale,
            lists.skipped_entry_named,
            place = place,
            name = name,
            reason = reason
        )
        .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_count_of_imported_contacts_agrees_in_each_language() {
        assert_eq!(imported_words(Locale::en, 1), "Imported 1 contact.");
        assert_eq!(imported_words(Locale::en, 0), "Imported 0 contacts.");
        assert_eq!(imported_words(Locale::en, 12), "Imported 12 contacts.");
        assert_eq!(imported_words(Locale::fr, 0), "0 contact importé.");
        assert_eq!(imported_words(Locale::fr, 12), "12 contacts importés.");
        assert_eq!(
            imported_words(Locale::ja, 12),
            "12件の連絡先をインポートしました。"
        );
    }

    #[test]
    fn a_skipped_entry_names_its_place_and_name() {
        let named = SkippedEntry {
            place: 4,
            name: "Ann".to_owned(),
            reason: "Why.".to_owned(),
        };
        let nameless = SkippedEntry {
            name: String::new(),
            ..named.clone()
        };
        assert_eq!(skipped_words(Locale::en, &named), "Entry 4 (Ann): Why.");
        assert_eq!(skipped_words(Locale::en, &nameless), "Entry 4: Why.");
        assert_eq!(
            skipped_words(Locale::fr, &named),
            "Entrée 4 (Ann)\u{a0}: Why."
        );
        assert_eq!(skipped_words(Locale::ja, &named), "4件目（Ann）：Why.");
        assert_eq!(skipped_words(Locale::ja, &nameless), "4件目：Why.");
    }
}
