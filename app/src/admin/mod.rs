//! What the admin page shows: users with their identities and numbers (the number ↔ user
//! mapping), show hotlines, and the account's call policy.

use serde::{Deserialize, Serialize};

/// A user, as an administrator sees them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminUser {
    /// Login name.
    pub name: String,
    /// Twilio client identity (`client:<identity>` in TwiML and webhooks).
    pub identity: String,
    /// Their own number, E.164: calls to it ring them.
    pub number: Option<String>,
    /// The same, formatted for reading.
    pub formatted: Option<String>,
    /// May administer users.
    pub is_admin: bool,
}

/// A show's hotline, as an administrator sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminShow {
    /// The show's name.
    pub name: String,
    /// Its hotline, formatted for reading.
    pub hotline: String,
    /// Whether callers are let in.
    pub lines_open: bool,
    /// Its members, "name (role)".
    pub members: Vec<String>,
}

/// The whole admin page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminOverview {
    /// The administrator asking (who cannot remove themselves).
    pub me: String,
    /// Every user, by name.
    pub users: Vec<AdminUser>,
    /// Every show, by name.
    pub shows: Vec<AdminShow>,
    /// The account's own number (caller ID for users without one), formatted.
    pub account_number: String,
    /// Countries calls may go to, as ISO codes.
    pub allowed_countries: Vec<String>,
    /// Calls to phone numbers one user may place per hour.
    pub max_calls_per_hour: u32,
    /// Longest call to a phone number, in seconds.
    pub max_call_seconds: u32,
}
