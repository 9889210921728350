//! `Accept-Language` (RFC 9110 §12.5.4) read by weight, for the page's language
//! ([`crate::ui::LanguageContext`]) and the server's ([`crate::ssr::locale`]) alike.

/// The language tags of an `Accept-Language` value, most wanted first (RFC 9110 §12.5.4): by
/// `q` (1 when absent), equal weights in the order given; `q=0` ("not acceptable"), `*` and
/// unreadable weights are left out.
pub fn languages_by_weight(header: &str) -> Vec<&str> {
    let mut weighted: Vec<(f32, &str)> = header
        .split(',')
        .filter_map(|item| {
            let mut parts = item.split(';');
            let tag = parts.next()?.trim();
            let q = match parts.find_map(|p| p.trim().strip_prefix("q=")) {
                Some(q) => q.trim().parse::<f32>().ok().filter(|q| q.is_finite())?,
                None => 1.0,
            };
            (!tag.is_empty() && tag != "*" && q > 0.0).then_some((q, tag))
        })
        .collect();
    // Stable: equal weights keep the browser's order.
    weighted.sort_by(|a, b| b.0.total_cmp(&a.0));
    weighted.into_iter().map(|(_, tag)| tag).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;
    use leptos_i18n::Locale as _;

    #[test]
    fn weights_order_the_languages_and_zero_means_not_wanted() {
        assert_eq!(languages_by_weight("fr;q=0.1,ja;q=0.9"), ["ja", "fr"]);
        assert_eq!(languages_by_weight("en;q=0.1, fr;q=0.9"), ["fr", "en"]);
        assert_eq!(languages_by_weight("fr;q=0,ja"), ["ja"]);
        assert_eq!(
            languages_by_weight("fr-CA,fr;q=0.8,en;q=0.5"),
            ["fr-CA", "fr", "en"]
        );
    }

    #[test]
    fn the_browsers_order_stands_between_equal_weights_and_junk_is_dropped() {
        assert_eq!(languages_by_weight("ja, fr, en"), ["ja", "fr", "en"]);
        assert_eq!(languages_by_weight("*, fr;q=abc, ;q=1, ja;q=0.5"), ["ja"]);
        assert_eq!(languages_by_weight(""), Vec::<&str>::new());
        assert_eq!(languages_by_weight("fr;q=NaN,ja;q=inf"), Vec::<&str>::new());
    }

    #[test]
    fn the_weighted_order_picks_the_apps_language() {
        let pick = |header: &str| Locale::find_locale(&languages_by_weight(header));
        assert_eq!(pick("fr;q=0.1,ja;q=0.9"), Locale::ja);
        assert_eq!(pick("de-DE,fr;q=0.7"), Locale::fr);
        assert_eq!(pick("de-DE"), Locale::en);
    }
}
