//! A show's console: the user's shows, and one press on a console
//! (the live view itself is the `/api/shows/{name}/events` stream).

use domain::show::{ConsoleCommand, Role};
use leptos::{prelude::*, server_fn::codec::Json};
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// A show the signed-in user is a member of.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyShow {
    /// Its name (in `/shows/{name}`).
    pub name: String,
    /// The user's role in it.
    pub role: Role,
    /// Its hotline, formatted for reading.
    pub hotline: String,
    /// Whether callers are let in now.
    pub lines_open: bool,
}

/// The shows the signed-in user is a member of, by name.
#[server(name = MyShows, prefix = "/api", endpoint = "my_shows")]
pub async fn my_shows() -> Result<Vec<MyShow>, AppError> {
    use crate::ssr::{AppState, auth::current_user, db::shows};

    let state = expect_context::<AppState>();
    let user = current_user(&state).await?.0;
    let home = state.policy.home_country();
    Ok(shows::of_user(&state.db, &user.id)
        .await
        .map_err(AppError::internal)?
        .into_iter()
        .map(|(show, role)| MyShow {
            name: show.name.to_string(),
            role,
            hotline: domain::format_as_you_type(home, show.hotline.as_str()),
            lines_open: show.lines_open,
        })
        .collect())
}

/// One press on show `show`'s console, checked on the server whatever the page showed: a show
/// the user is not a member of is "Not found."; a press their role may not make is refused with
/// the reason; where Twilio refuses, nothing changes and Twilio's reason is the error.
#[server(name = RunConsoleCommand, prefix = "/api", endpoint = "console_command", input = Json)]
pub async fn console_command(
    /// The show's name.
    show: String,
    /// The press.
    command: ConsoleCommand,
) -> Result<(), AppError> {
    use crate::ssr::{AppState, auth::current_user, show::command::run};

    let state = expect_context::<AppState>();
    let user = current_user(&state).await?.0;
    run(&state, &user, &show, command)
        .await
        .map_err(AppError::respond)
}
