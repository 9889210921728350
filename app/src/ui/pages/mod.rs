//! Routed pages.

mod admin_page;
mod arrival_focus;
mod call_in_page;
mod contacts_page;
mod login_page;
mod not_found_page;
mod phone_page;
mod show_page;
mod signed_in_only;

pub use admin_page::AdminPage;
pub use arrival_focus::focus_on_arrival;
pub use call_in_page::CallInPage;
pub use contacts_page::ContactsPage;
pub use login_page::{LoginForm, LoginPage};
pub use not_found_page::NotFoundPage;
pub use phone_page::{Phone, PhonePage};
pub use show_page::ShowPage;
pub use signed_in_only::SignedInOnly;
