//! The admin command line: `server user add NAME [--number +E164] [--admin]`, `number NAME
//! [NUMBER]`, `list`, `remove` (checked by `app::ssr::user_admin`, as the admin page is);
//! `server show add NAME --hotline +E164 …`, `list`, `remove`, `open`, `close`, `member add|remove`.

use std::io::{BufRead, IsTerminal};

use anyhow::{Context, bail};
use app::ssr::{
    AppState,
    db::{shows, users},
    user_admin,
};
use clap::{Args as ClapArgs, Parser, Subcommand};
use domain::{
    Verdict,
    show::{Role, ShowName},
};

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
    /// Manage call-in shows.
    #[command(subcommand)]
    Show(ShowCommand),
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
    /// Give a user a number (calls to it ring them from the next call on), or with no number
    /// take theirs away.
    Number {
        /// Login name.
        name: String,
        /// E.164 or national format; omitted: the user has no number.
        number: Option<String>,
    },
    /// List users.
    List,
    /// Remove a user and end their sessions.
    Remove {
        /// Login name.
        name: String,
    },
}

/// `server show …`
#[derive(Subcommand, Debug)]
pub enum ShowCommand {
    /// Add a show, lines closed. Calls to its hotline go to its queue.
    Add {
        /// Letters, digits, '-' and '_': in URLs and in the show's Twilio queue name.
        name: String,
        /// One of the account's Twilio numbers, owned by no user (E.164 or national format).
        #[arg(long)]
        hotline: String,
        /// Most callers holding at once; more hear that all lines are busy.
        #[arg(long, default_value_t = DEFAULT_MAX_WAITING)]
        max_waiting: u32,
        /// Spoken to every caller before they are put on hold.
        #[arg(long, default_value = DEFAULT_GREETING)]
        greeting: String,
    },
    /// List shows, with their hotline, lines and members.
    List,
    /// Remove a show with its members, callers and bans.
    Remove {
        /// The show's name.
        name: String,
    },
    /// Open the lines: callers are put on hold.
    Open {
        /// The show's name.
        name: String,
    },
    /// Close the lines: callers hear that the lines are closed.
    Close {
        /// The show's name.
        name: String,
    },
    /// Manage a show's members.
    #[command(subcommand)]
    Member(MemberCommand),
}

/// `server show member …`
#[derive(Subcommand, Debug)]
pub enum MemberCommand {
    /// Make a user a member of a show as its host or a screener (or change their role).
    Add {
        /// The show's name.
        show: String,
        /// The user's login name.
        user: String,
        /// Which role.
        #[command(flatten)]
        role: RoleFlag,
    },
    /// Remove a user from a show.
    Remove {
        /// The show's name.
        show: String,
        /// The user's login name.
        user: String,
    },
}

/// `--host` or `--screener`, exactly one.
#[derive(ClapArgs, Debug)]
#[group(required = true, multiple = false)]
pub struct RoleFlag {
    /// The host ("talent"): puts callers on air.
    #[arg(long)]
    pub host: bool,
    /// A screener ("producer"): screens callers, never puts them on air.
    #[arg(long)]
    pub screener: bool,
}

impl RoleFlag {
    /// The role chosen.
    pub fn role(&self) -> Role {
        if self.host {
            Role::Host
        } else {
            Role::Screener
        }
    }
}

/// Default `--max-waiting`.
pub const DEFAULT_MAX_WAITING: u32 = 10;
/// Most `--max-waiting`: well under Twilio's queue sizes (1000 by default, 5000 at most,
/// <https://www.twilio.com/docs/voice/api/queue-resource>).
pub const MAX_MAX_WAITING: u32 = 1000;
/// Default `--greeting`.
pub const DEFAULT_GREETING: &str =
    "Thank you for calling the show. This call may be broadcast and recorded. Please hold.";
/// Longest greeting, in characters.
const MAX_GREETING_CHARS: usize = 1000;

/// Runs a command against the configured database.
pub async fn run(command: Command, state: &AppState) -> anyhow::Result<()> {
    match command {
        Command::User(command) => run_user(command, state).await,
        Command::Show(command) => run_show(command, state).await,
    }
}

async fn run_user(command: UserCommand, state: &AppState) -> anyhow::Result<()> {
    match command {
        UserCommand::Add {
            name,
            number,
            admin,
        } => {
            let number = number.unwrap_or_default();
            // The number is checked before the password is asked for.
            user_admin::read_number(state, &number)?;
            let password = read_password()?;
            let user = user_admin::add_user(state, &name, &password, &number, admin).await?;
            println!(
                "added {}{}{}",
                user.name,
                user.number
                    .map(|n| format!(" with number {n}"))
                    .unwrap_or_default(),
                if user.is_admin { " (admin)" } else { "" }
            );
        }
        UserCommand::Number { name, number } => {
            let user =
                user_admin::set_number(state, &name, number.as_deref().unwrap_or("")).await?;
            match user.number {
                Some(number) => println!("{name} now has the number {number}"),
                None => println!("{name} now has no number"),
            }
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
            user_admin::remove_user(state, &name, None).await?;
            println!("removed {name}");
        }
    }
    Ok(())
}

async fn run_show(command: ShowCommand, state: &AppState) -> anyhow::Result<()> {
    match command {
        ShowCommand::Add {
            name,
            hotline,
            max_waiting,
            greeting,
        } => {
            let name = ShowName::parse(&name).map_err(|e| anyhow::anyhow!("{name:?}: {e}"))?;
            let hotline = match state.policy.check(&hotline) {
                Verdict::Allowed { e164, .. } => e164,
                Verdict::Blocked(reason) => bail!("--hotline {hotline:?}: {reason}"),
            };
            if !(1..=MAX_MAX_WAITING).contains(&max_waiting) {
                bail!("--max-waiting {max_waiting}: between 1 and {MAX_MAX_WAITING} callers");
            }
            let greeting = greeting.trim();
            if greeting.is_empty() || greeting.chars().count() > MAX_GREETING_CHARS {
                bail!("--greeting: between 1 and {MAX_GREETING_CHARS} characters");
            }
            let show = shows::add(&state.db, &name, &hotline, max_waiting, greeting).await?;
            println!(
                "added {} with hotline {}, lines closed (open them with `server show open {}`)",
                show.name, show.hotline, show.name
            );
        }
        ShowCommand::List => {
            let all = shows::list(&state.db).await?;
            if all.is_empty() {
                println!("no shows yet: add one with `server show add NAME --hotline +E164`");
            }
            for show in all {
                let members = shows::members(&state.db, &show.id)
                    .await?
                    .into_iter()
                    .map(|m| format!("{} ({})", m.user_name, m.role))
                    .collect::<Vec<_>>();
                println!(
                    "{}\t{}\tlines {}\tmax {} waiting\t{}",
                    show.name,
                    show.hotline,
                    if show.lines_open { "open" } else { "closed" },
                    show.max_waiting,
                    if members.is_empty() {
                        "no members".to_owned()
                    } else {
                        members.join(", ")
                    }
                );
            }
        }
        ShowCommand::Remove { name } => {
            if !shows::remove(&state.db, &name).await? {
                bail!("there is no show named {name:?}");
            }
            println!("removed {name}");
        }
        ShowCommand::Open { name } => set_lines(state, &name, true).await?,
        ShowCommand::Close { name } => set_lines(state, &name, false).await?,
        ShowCommand::Member(MemberCommand::Add { show, user, role }) => {
            let role = role.role();
            shows::add_member(&state.db, &show, &user, role).await?;
            println!(
                "{user} is now {} of {show}",
                match role {
                    Role::Host => "a host",
                    Role::Screener => "a screener",
                }
            );
        }
        ShowCommand::Member(MemberCommand::Remove { show, user }) => {
            if !shows::remove_member(&state.db, &show, &user).await? {
                bail!("{user:?} is not a member of the show {show:?}");
            }
            println!("removed {user} from {show}");
        }
    }
    Ok(())
}

async fn set_lines(state: &AppState, name: &str, open: bool) -> anyhow::Result<()> {
    if !shows::set_lines_open(&state.db, name, open).await? {
        bail!("there is no show named {name:?}");
    }
    println!("{name}: lines {}", if open { "open" } else { "closed" });
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
    user_admin::check_password(&password)?;
    Ok(password)
}
