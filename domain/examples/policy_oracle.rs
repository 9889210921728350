//! Runs `NumberPolicy::check` over many inputs in one process, for `scripts/check-numbers`,
//! which compares the verdicts with a reference implementation of libphonenumber.
//!
//! ```text
//! cargo run -q -p domain --example policy_oracle < inputs.tsv
//! ```
//!
//! Each line on stdin is `HOME<TAB>ALLOWED<TAB>INPUT`: the home country (`GB`), the allowed
//! countries (`GB,US`, or `*` for every region the metadata knows) and what a person typed.
//! Each line on stdout is the verdict as JSON, in the same order, e.g.
//! `{"verdict":"allowed","e164":"+442079460958","country":"GB",...}`; a line that can't be read
//! gives `{"error":"..."}` so that the two streams stay aligned.

use std::collections::{BTreeSet, HashMap};
use std::io::{self, BufRead, BufWriter, Write};

use domain::{CountryCode, NumberPolicy, parse_country_list};

fn every_region() -> BTreeSet<CountryCode> {
    phonenumber::metadata::DATABASE
        .iter()
        .filter_map(|m| CountryCode::parse(m.id()).ok())
        .collect()
}

fn policy(home: &str, allowed: &str) -> Result<NumberPolicy, String> {
    let home = CountryCode::parse(home).map_err(|e| e.to_string())?;
    let allowed = if allowed == "*" {
        every_region()
    } else {
        parse_country_list(allowed).map_err(|e| e.to_string())?
    };
    Ok(NumberPolicy::new(home, allowed))
}

fn answer(policies: &mut HashMap<(String, String), NumberPolicy>, line: &str) -> String {
    let mut fields = line.splitn(3, '\t');
    let (Some(home), Some(allowed), Some(input)) = (fields.next(), fields.next(), fields.next())
    else {
        return error(&format!(
            "expected HOME<TAB>ALLOWED<TAB>INPUT, got {line:?}"
        ));
    };
    let key = (home.to_owned(), allowed.to_owned());
    let policy = match policies.get(&key) {
        Some(p) => p,
        None => match policy(home, allowed) {
            Ok(p) => policies.entry(key).or_insert(p),
            Err(e) => return error(&e),
        },
    };
    serde_json::to_string(&policy.check(input)).expect("a verdict always serialises")
}

fn error(message: &str) -> String {
    serde_json::json!({ "error": message }).to_string()
}

fn main() -> io::Result<()> {
    let mut policies = HashMap::new();
    let mut out = BufWriter::new(io::stdout().lock());
    for line in io::stdin().lock().lines() {
        let line = line?;
        writeln!(out, "{}", answer(&mut policies, &line))?;
    }
    out.flush()
}
