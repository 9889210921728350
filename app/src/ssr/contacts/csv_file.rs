//! CSV contacts files, read and written with the `csv` crate. A header row names the columns:
//! a name column (`name`, `full name`, `display name`), any number of number columns (a header
//! containing `phone`, `number`, `mobile` or `tel`; a cell may hold several numbers separated by
//! `;`) and optionally a `note` column. Other columns are ignored.

use domain::ContactDraft;

use super::{Entry, Place};
use crate::i18n::{Locale, td_string};

/// Most rows read from one file.
const MAX_ROWS: usize = 10_000;

/// Each row of `text` as a draft, or why it could not be read; `Err` for the whole file when its
/// header has no name column or no number column. Row numbers count the header as row 1, as a
/// spreadsheet shows them.
pub fn read(text: &str, locale: Locale) -> Result<Vec<Entry>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| td_string!(locale, server.csv_header_unreadable, reason = e))?
        .clone();
    let header = |i: usize| headers.get(i).unwrap_or("").to_lowercase();
    let name_column = (0..headers.len()).find(|&i| {
        matches!(
            header(i).as_str(),
            "name" | "full name" | "display name" | "fn"
        )
    });
    let number_columns: Vec<usize> = (0..headers.len())
        .filter(|&i| {
            let h = header(i);
            ["phone", "number", "mobile", "tel"]
                .iter()
                .any(|w| h.contains(w))
        })
        .collect();
    let note_column = (0..headers.len()).find(|&i| matches!(header(i).as_str(), "note" | "notes"));
    let Some(name_column) = name_column else {
        return Err(td_string!(locale, server.csv_no_name_column).into());
    };
    if number_columns.is_empty() {
        return Err(td_string!(locale, server.csv_no_number_column).into());
    }
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let place = index as Place + 2;
        if index >= MAX_ROWS {
            rows.push((
                place,
                Err(td_string!(locale, server.csv_too_many_rows, max = MAX_ROWS)),
            ));
            break;
        }
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                rows.push((
                    place,
                    Err(td_string!(locale, server.csv_row_unreadable, reason = e)),
                ));
                continue;
            }
        };
        if record.iter().all(str::is_empty) {
            continue;
        }
        let cell = |i: usize| record.get(i).unwrap_or("").to_owned();
        rows.push((
            place,
            Ok(ContactDraft {
                name: restore(cell(name_column)),
                numbers: number_columns
                    .iter()
                    .flat_map(|&i| {
                        cell(i)
                            .split(';')
                            .map(|n| n.trim().to_owned())
                            .filter(|n| !n.is_empty())
                            .collect::<Vec<_>>()
                    })
                    .collect(),
                note: note_column.map(cell).map(restore).unwrap_or_default(),
            }),
        ));
    }
    Ok(rows)
}

/// Contacts as CSV: `name,numbers,note`, numbers separated by `; `. A name or note that a
/// spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR) is written
/// with a leading `'` (OWASP's CSV injection advice); [`read`] removes it again.
pub fn write(contacts: &[(&str, &[String], &str)]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(["name", "numbers", "note"]);
    for (name, numbers, note) in contacts {
        let _ = writer.write_record([
            defuse(name).as_str(),
            numbers.join("; ").as_str(),
            defuse(note).as_str(),
        ]);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Whether a spreadsheet would read a cell starting like this as a formula.
fn formula_like(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

fn defuse(text: &str) -> String {
    if formula_like(text) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// Undoes [`defuse`].
fn restore(text: String) -> String {
    match text.strip_prefix('\'') {
        Some(rest) if formula_like(rest) => rest.to_owned(),
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    #[test]
    fn columns_are_found_by_their_headers_and_each_row_reported_by_its_number() {
        let text = "Given,Name,Mobile Phone,Work number,Notes\n\
                    x,Ann Example,020 7946 0958,+44 20 7946 0959; 020 7946 0960,\"Producer, drive time\"\n\
                    ,,,,\n\
                    y,\"Bob \"\"the voice\"\"\",not a number,,\n";
        let rows = read(text, Locale::en).unwrap();
        assert_eq!(rows.len(), 2, "the blank row is skipped: {rows:?}");
        let (place, ann) = &rows[0];
        assert_eq!(*place, 2);
        let ann = ann.as_ref().unwrap();
        assert_eq!(ann.name, "Ann Example");
        assert_eq!(
            ann.numbers,
            ["020 7946 0958", "+44 20 7946 0959", "020 7946 0960"]
        );
        assert_eq!(ann.note, "Producer, drive time");
        assert_eq!(rows[1].0, 4);
        assert_eq!(rows[1].1.as_ref().unwrap().name, "Bob \"the voice\"");
    }

    #[test]
    fn a_file_without_the_needed_columns_is_refused_as_a_whole() {
        assert!(
            read("first,last\nAnn,Example\n", Locale::en)
                .unwrap_err()
                .contains("\"name\"")
        );
        assert!(
            read("name,email\nAnn,a@example.com\n", Locale::en)
                .unwrap_err()
                .contains("\"phone\"")
        );
    }

    #[test]
    fn a_name_a_spreadsheet_would_run_is_written_inert_and_read_back_as_it_was() {
        let numbers = vec!["+442079460958".to_owned()];
        let text = write(&[("=HYPERLINK(\"http://evil.example\")", &numbers, "@SUM(A1)")]);
        assert!(text.contains("'=HYPERLINK"), "{text}");
        assert!(text.contains("'@SUM"), "{text}");
        let rows = read(&text, Locale::en).unwrap();
        let row = rows[0].1.as_ref().unwrap();
        assert_eq!(row.name, "=HYPERLINK(\"http://evil.example\")");
        assert_eq!(row.note, "@SUM(A1)");
        assert_eq!(row.numbers, numbers);
    }

    #[test]
    fn what_it_writes_it_reads_back() {
        let numbers = vec!["+442079460958".to_owned(), "+442079460959".to_owned()];
        let text = write(&[("Ann, \"the voice\"", &numbers, "line one\nline two")]);
        let rows = read(&text, Locale::en).unwrap();
        let ann = rows[0].1.as_ref().unwrap();
        assert_eq!(ann.name, "Ann, \"the voice\"");
        assert_eq!(ann.numbers, numbers);
        assert_eq!(ann.note, "line one\nline two");
    }
}
