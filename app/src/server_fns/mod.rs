//! Server functions, one per file. Each is a thin layer over `ssr::` code and returns `AppError`.

mod access_token;
mod admin;
mod call_control;
mod call_in;
mod check_number;
mod console;
mod contacts;
mod describe_caller;
mod language;
mod login;
mod logout;
pub mod recent_calls;
mod voicemails;
mod whoami;

pub use access_token::{AccessToken, IssueAccessToken, access_token};
pub use admin::{
    AdminAddUser, AdminOverviewFn, AdminRemoveUser, AdminSetNumber, admin_add_user, admin_overview,
    admin_remove_user, admin_set_number,
};
pub use call_control::{ReadCallControl, RunCallCommand, call_command, call_control};
pub use call_in::{CallIn, CallInTicket, MAX_NAME_CHARS, call_in};
pub use check_number::{CheckNumber, DialTarget, NumberCheck, check_number};
pub use console::{MyShow, MyShows, RunConsoleCommand, console_command, my_shows};
pub use contacts::{
    DeleteContact, ImportContacts, ListContacts, SaveContact, delete_contact, import_contacts,
    list_contacts, save_contact,
};
pub use describe_caller::{DescribeCaller, describe_caller};
pub use language::{RememberLanguage, remember_language};
pub use login::{LOGIN_ERROR_PARAM, Login, login, login_error_message, login_error_message_in};
pub use logout::{Logout, logout};
pub use recent_calls::{
    ListRecentCalls, MarkMissedSeen, RecentCallView, RecentCalls, mark_missed_seen, recent_calls,
};
pub use voicemails::{
    DeleteVoicemail, ListVoicemails, MarkVoicemailHeard, VoicemailView, Voicemails,
    delete_voicemail, mark_voicemail_heard, voicemails,
};
pub use whoami::{SignedInUser, WhoAmI, whoami};
