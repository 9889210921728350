//! Server functions, one per file. Each is a thin layer over `ssr::` code and returns `AppError`.

mod access_token;
mod login;
mod logout;
mod whoami;

pub use access_token::{AccessToken, IssueAccessToken, access_token};
pub use login::{Login, login};
pub use logout::{Logout, logout};
pub use whoami::{SignedInUser, WhoAmI, whoami};
