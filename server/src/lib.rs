//! The softphone server as a library: the router, Twilio webhooks, TwiML, start-up and the admin
//! CLI. `main.rs` only wires them; tests drive `router()` directly.

pub mod cache_policy;
pub mod cli;
pub mod csrf;
pub mod data_dir_lock;
pub mod demo_users;
pub mod embedded_site;
pub mod http_server;
pub mod local_account;
pub mod local_only;
pub mod local_sim;
pub mod memory;
pub mod per_key_limit;
pub mod refuse_nul;
pub mod router;
pub mod routes;
pub mod security_headers;
pub mod shutdown;
pub mod startup;
pub mod twiml;
pub mod webhook;
