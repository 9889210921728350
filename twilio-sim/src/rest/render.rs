//! What the Queue and Member resources have in common on the wire: Twilio's dates, resource URIs
//! and paged list envelope.

use std::time::SystemTime;

use serde::Deserialize;
use serde_json::{Value, json};

use super::error::RestError;
use crate::config::SimConfig;

/// `PageSize` and `Page` of a list request.
#[derive(Deserialize)]
pub struct Page {
    #[serde(rename = "PageSize")]
    page_size: Option<usize>,
    #[serde(rename = "Page")]
    page: Option<usize>,
}

/// Slices one page of `items` into Twilio's list envelope under `key`.
pub fn page_of(key: &str, uri: &str, items: Vec<Value>, page: &Page) -> Value {
    let size = page.page_size.unwrap_or(50).clamp(1, 1000);
    let number = page.page.unwrap_or(0);
    let total = items.len();
    let start = (number * size).min(total);
    let slice: Vec<Value> = items.into_iter().skip(start).take(size).collect();
    let has_next = start + slice.len() < total;
    json!({
        key: slice,
        "page": number,
        "page_size": size,
        "start": start,
        "end": (start + slice.len()).saturating_sub(1),
        "uri": format!("{uri}?PageSize={size}&Page={number}"),
        "first_page_uri": format!("{uri}?PageSize={size}&Page=0"),
        "previous_page_uri": (number > 0).then(|| format!("{uri}?PageSize={size}&Page={}", number - 1)),
        "next_page_uri": has_next.then(|| format!("{uri}?PageSize={size}&Page={}", number + 1)),
    })
}

/// A date as Twilio writes them: "Tue, 24 Nov 2026 16:35:59 +0000".
pub fn rfc2822(t: SystemTime) -> String {
    httpdate::fmt_http_date(t).replace(" GMT", " +0000")
}

/// A queue's URI, without `.json`.
pub fn queue_uri(config: &SimConfig, sid: &str) -> String {
    format!("/2010-04-01/Accounts/{}/Queues/{sid}", config.account_sid)
}

/// A resource path segment: `QU….json` → `QU…`; anything else is not found.
pub fn strip_json(segment: &str) -> Result<&str, RestError> {
    segment.strip_suffix(".json").ok_or(RestError::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_list_items_like_twilio() {
        let items: Vec<Value> = (0..5).map(|i| json!(i)).collect();
        let page = page_of(
            "queues",
            "/q.json",
            items,
            &Page {
                page_size: Some(2),
                page: Some(1),
            },
        );
        assert_eq!(page["queues"], json!([2, 3]));
        assert_eq!(page["start"], 2);
        assert_eq!(page["end"], 3);
        assert_eq!(page["next_page_uri"], "/q.json?PageSize=2&Page=2");
        assert_eq!(page["previous_page_uri"], "/q.json?PageSize=2&Page=0");
        let last = page_of(
            "queues",
            "/q.json",
            vec![],
            &Page {
                page_size: None,
                page: None,
            },
        );
        assert_eq!(last["next_page_uri"], Value::Null);
        assert_eq!(last["page_size"], 50);
    }

    #[test]
    fn dates_are_rfc_2822() {
        let t = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_800_000_000);
        assert_eq!(rfc2822(t), "Fri, 15 Jan 2027 08:00:00 +0000");
    }
}
