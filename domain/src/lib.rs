//! Pure domain logic, no IO: compiled into the server and into the wasm.

#![warn(missing_docs)]

mod block_reason;
pub mod call_hold;
mod call_rate;
pub mod contact;
mod country_code;
pub mod dialled;
mod format_as_you_type;
mod ids;
mod libphonenumber;
mod number_kind;
mod number_policy;
pub mod recent_calls;
pub mod show;
pub mod visible_text;

pub use block_reason::BlockReason;
pub use call_rate::{CallRateLimiter, RateDecision};
pub use contact::{CheckedContact, ContactDraft, ContactError, contact_matches};
pub use country_code::{CountryCode, CountryCodeError, CountryListError, parse_country_list};
pub use dialled::{Colleague, DialRefusal, Dialled, Lookup, ParsedDestination};
pub use format_as_you_type::format_as_you_type;
pub use ids::{
    ClientIdentity, ClientIdentityError, Destination, DestinationError, E164, E164Error,
};
pub use number_kind::NumberKind;
pub use number_policy::{NumberPolicy, NumberPolicyError, Verdict};
pub use recent_calls::{CallDirection, CallLeg, CallOutcome, RecentCall, recent_calls};
