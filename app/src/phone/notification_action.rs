//! What the user chose on an incoming-call notification, as the service worker reports it:
//! `{type: "incoming-call-action", action: "accept" | "reject", callSid}` (public/sw.js).

/// The `type` of the service worker's message.
pub const NOTIFICATION_ACTION_MESSAGE: &str = "incoming-call-action";

/// A button on the incoming-call notification.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotificationAction {
    /// Answer the call.
    Accept,
    /// Decline the call.
    Reject,
}

impl NotificationAction {
    /// The notification action's id (`actions[].action`).
    pub fn id(self) -> &'static str {
        match self {
            Self::Accept => "accept",
            Self::Reject => "reject",
        }
    }

    /// The button's words.
    pub fn title(self, locale: crate::i18n::Locale) -> &'static str {
        use crate::i18n::td_string;
        match self {
            Self::Accept => td_string!(locale, phone.accept),
            Self::Reject => td_string!(locale, phone.reject),
        }
    }

    /// Reads an action id; anything else (a click on the notification's body) is no action.
    pub fn from_id(id: &str) -> Option<Self> {
        match id {
            "accept" => Some(Self::Accept),
            "reject" => Some(Self::Reject),
            _ => None,
        }
    }
}

/// A notification action for a call: acted on only if `call_sid` is the call still ringing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallNotificationAction {
    /// The button pressed.
    pub action: NotificationAction,
    /// The call the notification was shown for.
    pub call_sid: String,
}

impl CallNotificationAction {
    /// Reads the service worker's message fields; `None` for other messages or a missing sid.
    pub fn from_message(kind: &str, action: &str, call_sid: &str) -> Option<Self> {
        if kind != NOTIFICATION_ACTION_MESSAGE || call_sid.is_empty() {
            return None;
        }
        Some(Self {
            action: NotificationAction::from_id(action)?,
            call_sid: call_sid.to_owned(),
        })
    }

    /// Whether this action is meant for the call ringing now (`None`: nothing rings).
    pub fn applies_to(&self, ringing_sid: Option<&str>) -> bool {
        ringing_sid == Some(self.call_sid.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_ids_round_trip() {
        for action in [NotificationAction::Accept, NotificationAction::Reject] {
            assert_eq!(NotificationAction::from_id(action.id()), Some(action));
        }
        assert_eq!(NotificationAction::from_id(""), None);
        assert_eq!(NotificationAction::from_id("ACCEPT"), None);
    }

    #[test]
    fn reads_the_service_workers_message() {
        assert_eq!(
            CallNotificationAction::from_message("incoming-call-action", "reject", "CA1"),
            Some(CallNotificationAction {
                action: NotificationAction::Reject,
                call_sid: "CA1".into()
            })
        );
        assert_eq!(
            CallNotificationAction::from_message("skip-waiting", "accept", "CA1"),
            None
        );
        assert_eq!(
            CallNotificationAction::from_message("incoming-call-action", "", "CA1"),
            None,
            "a click on the body only focuses the page"
        );
        assert_eq!(
            CallNotificationAction::from_message("incoming-call-action", "accept", ""),
            None
        );
    }

    #[test]
    fn applies_only_to_the_call_still_ringing() {
        let action =
            CallNotificationAction::from_message("incoming-call-action", "accept", "CA1").unwrap();
        assert!(action.applies_to(Some("CA1")));
        assert!(!action.applies_to(Some("CA2")), "a later call");
        assert!(!action.applies_to(None), "the call already ended");
    }
}
