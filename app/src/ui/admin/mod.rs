//! The admin page's parts: the users table with each user's number, and the add-user form.

mod add_user_form;
mod user_row;

pub use add_user_form::AddUserForm;
pub use user_row::UserRow;
