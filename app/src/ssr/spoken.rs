//! What callers hear (`<Say>`), in English, French or Japanese: refusals, the end of an
//! unanswered call and voicemail, a show's hotline and the host's whisper. The TwiML itself is
//! the server's (`server::twiml`); it says these with [`super::locale::say_language`].

use super::locale::{Locale, then};
use crate::i18n::td_string;

/// "This call is not allowed."
pub fn not_allowed(locale: Locale) -> String {
    td_string!(locale, server.say_not_allowed).to_owned()
}

/// The hourly cap: the next call in `minutes`.
pub fn rate_limited(locale: Locale, minutes: u64) -> String {
    td_string!(locale, server.say_rate_limited, minutes = minutes)
}

/// The caller has as many calls up as they may.
pub fn caller_busy(locale: Locale) -> String {
    td_string!(locale, server.say_caller_busy).to_owned()
}

/// The account has as many calls up as it may.
pub fn account_busy(locale: Locale) -> String {
    td_string!(locale, server.say_account_busy).to_owned()
}

/// A call to a number nobody has.
pub fn not_in_service(locale: Locale) -> String {
    td_string!(locale, server.say_not_in_service).to_owned()
}

/// Why a dialled party was not reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unreached {
    /// `busy`.
    Busy,
    /// `no-answer`.
    NoAnswer,
    /// `failed`.
    Failed,
}

impl Unreached {
    /// The sentence.
    pub fn spoken(self, locale: Locale) -> String {
        match self {
            Self::Busy => td_string!(locale, server.say_line_busy),
            Self::NoAnswer => td_string!(locale, server.say_no_answer),
            Self::Failed => td_string!(locale, server.say_not_connected),
        }
        .to_owned()
    }
}

/// The called user's mailbox is full.
pub fn mailbox_full(locale: Locale, why: Unreached) -> String {
    td_string!(locale, server.say_mailbox_full, reason = why.spoken(locale))
}

/// Before the tone.
pub fn leave_a_message(locale: Locale, why: Unreached) -> String {
    td_string!(
        locale,
        server.say_leave_message,
        reason = why.spoken(locale)
    )
}

/// After a voicemail.
pub fn thank_you_goodbye(locale: Locale) -> String {
    td_string!(locale, server.say_thank_you_goodbye).to_owned()
}

/// A show's lines are closed.
pub fn lines_closed(locale: Locale) -> String {
    td_string!(locale, server.say_lines_closed).to_owned()
}

/// A show's queue is full.
pub fn lines_full(locale: Locale) -> String {
    td_string!(locale, server.say_lines_full).to_owned()
}

/// A holding caller's place (`None`: unknown) and, when the show can tell, the expected wait.
pub fn hold(locale: Locale, position: Option<u32>, expected_wait: Option<u64>) -> String {
    let place = match position {
        Some(1) => td_string!(locale, server.say_next_in_line).to_owned(),
        Some(n) => td_string!(locale, server.say_number_in_line, position = n),
        None => td_string!(locale, server.say_please_hold).to_owned(),
    };
    match expected_wait {
        Some(seconds) => then(
            locale,
            &place,
            &td_string!(
                locale,
                server.say_expected_wait,
                wait = wait_in_words(locale, seconds)
            ),
        ),
        None => place,
    }
}

/// [`ExpectedWait::in_words`](domain::show::ExpectedWait::in_words) in `locale`: "less than a minute", "about 1 minute",
/// "about 4 minutes" (rounded up).
pub fn wait_in_words(locale: Locale, seconds: u64) -> String {
    match seconds.div_ceil(60) {
        0 => td_string!(locale, server.wait_under_a_minute).to_owned(),
        1 if seconds < 60 => td_string!(locale, server.wait_under_a_minute).to_owned(),
        1 => td_string!(locale, server.wait_about_one_minute).to_owned(),
        minutes => td_string!(locale, server.wait_about_minutes, minutes = minutes),
    }
}

/// After a show call.
pub fn show_goodbye(locale: Locale) -> String {
    td_string!(locale, server.say_show_goodbye).to_owned()
}

/// Twilio could not queue the caller.
pub fn something_went_wrong(locale: Locale) -> String {
    td_string!(locale, server.say_something_wrong).to_owned()
}

/// The screener's card as the host hears it before the caller is on air (`None`: no card).
pub struct Card<'a> {
    /// The caller's name.
    pub name: Option<&'a str>,
    /// Where they call from.
    pub location: Option<&'a str>,
    /// What about.
    pub topic: Option<&'a str>,
    /// The screener's note.
    pub note: Option<&'a str>,
    /// A warning.
    pub warning: Option<&'a str>,
}

/// The whisper: "On air: Ann, from Leeds. Topic: … Note: … Warning: …".
pub fn whisper(locale: Locale, card: Option<&Card<'_>>) -> String {
    let Some(card) = card else {
        return td_string!(locale, server.say_next_caller).to_owned();
    };
    let mut words = match (card.name, card.location) {
        (Some(name), Some(place)) => td_string!(
            locale,
            server.whisper_name_place,
            name = name,
            place = place
        ),
        (Some(name), None) => td_string!(locale, server.whisper_name, name = name),
        (None, Some(place)) => td_string!(locale, server.whisper_place, place = place),
        (None, None) => td_string!(locale, server.whisper_unscreened).to_owned(),
    };
    if let Some(topic) = card.topic {
        words = then(
            locale,
            &words,
            &td_string!(locale, server.whisper_topic, topic = topic),
        );
    }
    if let Some(note) = card.note {
        words = then(
            locale,
            &words,
            &td_string!(locale, server.whisper_note, note = note),
        );
    }
    if let Some(warning) = card.warning {
        words = then(
            locale,
            &words,
            &td_string!(locale, server.whisper_warning, warning = warning),
        );
    }
    words
}

#[cfg(test)]
mod tests {
    use domain::show::ExpectedWait;

    use super::*;

    #[test]
    fn waits_read_as_the_domain_reads_them_in_english() {
        for seconds in [0, 1, 59, 60, 61, 119, 120, 121, 600] {
            assert_eq!(
                wait_in_words(Locale::en, seconds),
                ExpectedWait::in_words(seconds)
            );
        }
        assert_eq!(wait_in_words(Locale::fr, 240), "environ 4\u{a0}minutes");
        assert_eq!(wait_in_words(Locale::ja, 240), "約4分");
    }

    #[test]
    fn the_hold_message_has_the_place_and_wait_in_each_language() {
        assert_eq!(
            hold(Locale::en, Some(3), Some(240)),
            "You are number 3 in line. We expect to take your call in about 4 minutes."
        );
        assert_eq!(
            hold(Locale::fr, Some(3), Some(240)),
            "Vous êtes en position 3 dans la file d'attente. Nous prévoyons de prendre votre appel dans environ 4\u{a0}minutes."
        );
        assert_eq!(
            hold(Locale::ja, Some(3), Some(240)),
            "あなたの順番は3番目です。約4分でおつなぎできる見込みです。"
        );
        assert_eq!(hold(Locale::en, Some(1), None), "You are next in line.");
        assert_eq!(hold(Locale::en, None, None), "Please hold.");
    }

    #[test]
    fn the_whisper_reads_the_card_in_each_language() {
        let card = Card {
            name: Some("Ann"),
            location: Some("Leeds"),
            topic: Some("bins"),
            note: None,
            warning: Some("swears"),
        };
        assert_eq!(
            whisper(Locale::en, Some(&card)),
            "On air: Ann, from Leeds. Topic: bins. Warning: swears."
        );
        assert_eq!(
            whisper(Locale::fr, Some(&card)),
            "À l'antenne\u{a0}: Ann, depuis Leeds. Sujet\u{a0}: bins. Avertissement\u{a0}: swears."
        );
        assert_eq!(
            whisper(Locale::ja, Some(&card)),
            "オンエア：LeedsのAnn。話題：bins。注意：swears。"
        );
        assert_eq!(whisper(Locale::en, None), "Next caller.");
    }

    #[test]
    fn voicemail_sentences_put_the_reason_first() {
        assert_eq!(
            leave_a_message(Locale::en, Unreached::NoAnswer),
            "There was no answer. Please leave a message after the tone, then hang up or press the pound key."
        );
        assert_eq!(
            leave_a_message(Locale::fr, Unreached::NoAnswer),
            "Il n'y a pas eu de réponse. Veuillez laisser un message après le bip, puis raccrochez ou appuyez sur la touche dièse."
        );
        assert_eq!(
            mailbox_full(Locale::ja, Unreached::Busy),
            "話し中です。留守番電話がいっぱいのため、メッセージを残すことはできません。失礼いたします。"
        );
        assert_eq!(
            rate_limited(Locale::fr, 12),
            "Vous avez atteint la limite d'appels par heure. Réessayez dans 12 minutes."
        );
        assert_eq!(
            rate_limited(Locale::ja, 12),
            "1時間あたりの発信数の上限に達しました。12分後にもう一度おかけください。"
        );
    }
}
