//! Local mode's demo users and their passwords, which are public (README, server log): made by the
//! server in local mode, refused as passwords for anyone else, and never accepted by a live server.

/// Local mode's demo users: name, password (also in the README), own simulated number. `dj` hosts
/// the demo show and `screener` screens its callers.
pub const DEMO_USERS: [(&str, &str, Option<&str>); 4] = [
    ("alice", "alice-local-demo", Some("+442079460001")),
    ("bob", "bob-local-demo", Some("+442079460002")),
    ("dj", "dj-local-demo", None),
    ("screener", "screener-local-demo", None),
];

/// Whether `password` is one of the demo users' public passwords.
pub fn is_public_password(password: &str) -> bool {
    DEMO_USERS.iter().any(|(_, public, _)| *public == password)
}
