//! The admin page's server functions, for users with the admin flag only: the overview, adding
//! and removing users, and mapping a number to a user. Every change is checked by
//! `ssr::user_admin`, exactly as the command line's.

use leptos::prelude::*;

use crate::admin::AdminOverview;
use crate::error::AppError;

/// The signed-in administrator; others are refused (401 signed out, 403 signed in).
#[cfg(feature = "ssr")]
async fn admin(state: &crate::ssr::AppState) -> Result<crate::ssr::db::users::User, AppError> {
    let user = crate::ssr::auth::current_user(state).await?.0;
    if !user.is_admin {
        let locale = crate::ssr::locale::of_request();
        return Err(AppError::Forbidden(
            crate::i18n::td_string!(locale, server.admins_only).into(),
        )
        .respond());
    }
    Ok(user)
}

/// A refusal the administrator can act on as a 400 with its sentence (in the request's
/// language; in English, the command line's words in sentence case); anything else logged.
#[cfg(feature = "ssr")]
fn refused(e: crate::ssr::user_admin::UserAdminError) -> AppError {
    if e.is_input() {
        let state = expect_context::<crate::ssr::AppState>();
        let locale = crate::ssr::locale::of_request();
        AppError::Invalid(e.sentence(locale, &state.policy)).respond()
    } else {
        AppError::internal(e)
    }
}

/// Users, shows and the call policy.
#[server(name = AdminOverviewFn, prefix = "/api", endpoint = "admin_overview")]
pub async fn admin_overview() -> Result<AdminOverview, AppError> {
    use crate::admin::{AdminShow, AdminUser};
    use crate::ssr::{
        AppState,
        db::{shows, users},
    };

    let state = expect_context::<AppState>();
    let me = admin(&state).await?;
    let home = state.policy.home_country();
    let format = |n: &str| domain::format_as_you_type(home, n);
    // Members' roles in the reader's words, as the show page names them.
    let locale = crate::ssr::locale::of_request();
    let mut show_views = Vec::new();
    for show in shows::list(&state.db).await.map_err(AppError::internal)? {
        let members = shows::members(&state.db, &show.id)
            .await
            .map_err(AppError::internal)?
            .into_iter()
            .map(|m| {
                let role = match m.role {
                    domain::show::Role::Host => crate::i18n::td_string!(locale, show.role_host),
                    domain::show::Role::Screener => {
                        crate::i18n::td_string!(locale, show.role_screener)
                    }
                };
                format!("{} ({role})", m.user_name)
            })
            .collect();
        show_views.push(AdminShow {
            name: show.name.to_string(),
            hotline: format(show.hotline.as_str()),
            lines_open: show.lines_open,
            members,
        });
    }
    Ok(AdminOverview {
        me: me.name,
        users: users::list(&state.db)
            .await
            .map_err(AppError::internal)?
            .into_iter()
            .map(|u| AdminUser {
                formatted: u.number.as_ref().map(|n| format(n.as_str())),
                number: u.number.map(|n| n.to_string()),
                identity: u.identity.as_str().to_owned(),
                name: u.name,
                is_admin: u.is_admin,
            })
            .collect(),
        shows: show_views,
        account_number: format(state.account().number.as_str()),
        allowed_countries: state
            .policy
            .allowed_countries()
            .iter()
            .map(ToString::to_string)
            .collect(),
        max_calls_per_hour: state.config.max_calls_per_hour,
        max_call_seconds: state.config.calls.max_call_seconds,
    })
}

/// Adds a user, with their own number if `number` is not blank.
#[server(name = AdminAddUser, prefix = "/api", endpoint = "admin_add_user")]
pub async fn admin_add_user(
    /// Login name, also their client identity.
    name: String,
    /// At least ten characters.
    password: String,
    /// E.164 or national format; blank for none.
    #[server(default)]
    number: String,
    /// May administer users.
    #[server(default)]
    is_admin: bool,
) -> Result<(), AppError> {
    use crate::ssr::{AppState, user_admin};

    let state = expect_context::<AppState>();
    admin(&state).await?;
    user_admin::add_user(&state, &name, &password, &number, is_admin)
        .await
        .map(|_| ())
        .map_err(refused)
}

/// Maps `number` to user `name` (blank: takes their number away). Calls to it ring them from
/// the next call on.
#[server(name = AdminSetNumber, prefix = "/api", endpoint = "admin_set_number")]
pub async fn admin_set_number(
    /// Login name.
    name: String,
    /// E.164 or national format; blank for none.
    #[server(default)]
    number: String,
) -> Result<(), AppError> {
    use crate::ssr::{AppState, user_admin};

    let state = expect_context::<AppState>();
    admin(&state).await?;
    user_admin::set_number(&state, &name, &number)
        .await
        .map(|_| ())
        .map_err(refused)
}

/// Removes user `name` and ends their sessions; not the administrator asking.
#[server(name = AdminRemoveUser, prefix = "/api", endpoint = "admin_remove_user")]
pub async fn admin_remove_user(
    /// Login name.
    name: String,
) -> Result<(), AppError> {
    use crate::ssr::{AppState, user_admin};

    let state = expect_context::<AppState>();
    let me = admin(&state).await?;
    user_admin::remove_user(&state, &name, Some(&me))
        .await
        .map_err(refused)
}
