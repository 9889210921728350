//! The admin command line: `server user add NAME [--number +E164] [--admin]`, `list`, `remove`.

use std::io::{BufRead, IsTerminal};

use anyhow::{Context, bail};
use app::ssr::{
    AppState,
    auth::{MIN_PASSWORD_LENGTH, hash_password},
    db::users,
};
use clap::{Parser, Subcommand};
use domain::E164;

/// Command-line arguments. With no subcommand the server serves.
#[derive(Parser, Debug)]
#[command(version, about = "Browser softphone for Twilio Programmable Voice")]
pub struct Args {
    /// What to do instead of serving.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Administrative commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Manage users.
    #[command(subcommand)]
    User(UserCommand),
}

/// `server user …`
#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Add a user. The password is read from standard input (one line) or prompted for.
    Add {
        /// Login name, also the Twilio client identity.
        name: String,
        /// The user's own Twilio number (E.164): calls to it ring this user.
        #[arg(long)]
        number: Option<String>,
        /// May administer other users.
        #[arg(long)]
        admin: bool,
    },
    /// List users.
    List,
    /// Remove a user and end their sessions.
    Remove {
        /// Login name.
        name: String,
    },
}

/// Runs a command against the configured database.
pub async fn run(command: Command, state: &AppState) -> anyhow::Result<()> {
    let Command::User(command) = command;
    match command {
        UserCommand::Add {
            name,
            number,
            admin,
        } => {
            let number = number
                .map(|n| {
                    n.parse::<E164>().map_err(|e| {
                        anyhow::anyhow!("--number {n:?}: {e} (expected E.164, like +15551234567)")
                    })
                })
                .transpose()?;
            let password = read_password()?;
            let hash = hash_password(&password)
                .map_err(|e| anyhow::anyhow!("hashing the password: {e}"))?;
            let user = users::add(&state.db, &name, &hash, number.as_ref(), admin).await?;
            println!(
                "added {}{}{}",
                user.name,
                user.number
                    .map(|n| format!(" with number {n}"))
                    .unwrap_or_default(),
                if user.is_admin { " (admin)" } else { "" }
            );
        }
        UserCommand::List => {
            let all = users::list(&state.db).await?;
            if all.is_empty() {
                println!("no users yet: add one with `server user add NAME`");
            }
            for user in all {
                println!(
                    "{}\t{}\t{}",
                    user.name,
                    user.number
                        .map(|n| n.to_string())
                        .unwrap_or_else(|| "-".into()),
                    if user.is_admin { "admin" } else { "" }
                );
            }
        }
        UserCommand::Remove { name } => {
            if !users::remove(&state.db, &name).await? {
                bail!("there is no user named {name:?}");
            }
            println!("removed {name}");
        }
    }
    Ok(())
}

/// One line from a pipe, or a prompt (twice, unechoed) on a terminal.
fn read_password() -> anyhow::Result<String> {
    let password = if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password: ").context("reading the password")?;
        let again = rpassword::prompt_password("Again: ").context("reading the password")?;
        if first != again {
            bail!("the passwords don't match");
        }
        first
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("reading the password from standard input")?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    };
    if password.chars().count() < MIN_PASSWORD_LENGTH {
        bail!("the password must have at least {MIN_PASSWORD_LENGTH} characters");
    }
    Ok(password)
}
