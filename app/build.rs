//! `sqlx::migrate!("./migrations")` embeds the migration files at compile time, so a new or
//! edited migration must rebuild this crate; without this, cargo would not notice
//! (<https://docs.rs/sqlx/latest/sqlx/macro.migrate.html>, "Triggering Recompilation").

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
