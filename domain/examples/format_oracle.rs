//! Runs [`domain::format_as_you_type`] over many inputs in one process, for
//! `scripts/check-as-you-type`, which compares what the dial pad's field shows with
//! libphonenumber's `AsYouTypeFormatter`.
//!
//! ```text
//! cargo run -q -p domain --example format_oracle < inputs.tsv
//! ```
//!
//! Each line on stdin is `HOME<TAB>INPUT` (`GB\t0207946`); each line on stdout is what the field
//! shows for it (`020 7946`), or `error: …` for a line that can't be read, so that the two
//! streams stay aligned.

use std::io::{self, BufRead, BufWriter, Write};

use domain::{CountryCode, format_as_you_type};

fn answer(line: &str) -> String {
    let Some((home, input)) = line.split_once('\t') else {
        return format!("error: expected HOME<TAB>INPUT, got {line:?}");
    };
    match CountryCode::parse(home) {
        Ok(home) => format_as_you_type(home, input),
        Err(e) => format!("error: {e}"),
    }
}

fn main() -> io::Result<()> {
    let mut out = BufWriter::new(io::stdout().lock());
    for line in io::stdin().lock().lines() {
        writeln!(out, "{}", answer(&line?))?;
    }
    out.flush()
}
