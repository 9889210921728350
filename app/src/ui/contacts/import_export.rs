//! Importing a vCard or CSV file, with a report of every card or row not imported; and the
//! export links.

use leptos::{html::Input, prelude::*, task::spawn_local};

use crate::browser::{PickError, read_picked_file};
use crate::contacts::{ContactsFormat, ImportReport, MAX_IMPORT_BYTES};
use crate::server_fns::import_contacts;

/// The import field, its report, and the export links. `imported` runs after an import.
#[component]
pub fn ImportExport(imported: Callback<()>) -> impl IntoView {
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
        spawn_local(async move {
            let outcome = match read_picked_file(&input, MAX_IMPORT_BYTES).await {
                Err(PickError::Nothing) => Err("Choose a file first.".to_owned()),
                Err(PickError::TooBig(bytes)) => Err(format!(
                    "The file is {} KB; at most {} KB can be imported at once.",
                    bytes.div_ceil(1000),
                    MAX_IMPORT_BYTES / 1000
                )),
                Err(PickError::Unreadable) => {
                    Err("The browser could not read that file.".to_owned())
                }
                Ok(file) => match ContactsFormat::from_file_name(&file.name) {
                    None => Err(format!("{} is not a .vcf or .csv file.", file.name)),
                    Some(format) => import_contacts(format, file.text)
                        .await
                        .map_err(|e| e.to_string()),
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
            <h2 id="import-heading">"Import and export"</h2>
            <label for="contacts-file">"A vCard (.vcf) or CSV file, up to 1 MB"</label>
            <div class="import-export__pick">
                <input id="contacts-file" type="file" node_ref=input
                    accept=".vcf,.vcard,.csv,text/vcard,text/csv"/>
                <button type="button" class="primary-button" on:click=import disabled=move || busy.get()>
                    {move || if busy.get() { "Importing…" } else { "Import" }}
                </button>
            </div>
            <p class="error-line" role="alert">{move || error.get()}</p>
            <div role="status" class="import-report">
                {move || report.get().map(|r| view! {
                    <p>{format!("Imported {} contact{}.", r.imported, if r.imported == 1 { "" } else { "s" })}</p>
                    {(!r.skipped.is_empty()).then(|| view! {
                        <p>{format!("Not imported: {}", r.skipped.len())}</p>
                        <ul class="import-report__skipped">
                            {r.skipped.into_iter().map(|s| {
                                let who = if s.name.is_empty() { String::new() } else { format!(" ({})", s.name) };
                                view! { <li>{format!("Entry {}{who}: {}", s.place, s.reason)}</li> }
                            }).collect_view()}
                        </ul>
                    })}
                })}
            </div>
            <p class="import-export__links">
                "Export: "
                <a href="/api/contacts/export/vcf" download="contacts.vcf">"vCard"</a>
                " · "
                <a href="/api/contacts/export/csv" download="contacts.csv">"CSV"</a>
            </p>
        </section>
    }
    .into_any()
}
