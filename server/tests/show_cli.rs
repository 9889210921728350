//! `server show …`: shows, hotlines and members from the command line, with `user add`'s clear
//! errors (issue 17).

mod common;

use app::ssr::{
    AppState,
    db::{shows, users},
};
use clap::Parser;
use common::*;
use domain::show::Role;
use server::cli::{self, Args, Command};

/// Parses and runs `server <words>`, as the binary would.
async fn run(state: &AppState, words: &[&str]) -> Result<(), String> {
    let args = Args::try_parse_from(std::iter::once("server").chain(words.iter().copied()))
        .map_err(|e| e.to_string())?;
    let command: Command = args.command.expect("a subcommand");
    cli::run(command, state).await.map_err(|e| format!("{e:#}"))
}

#[tokio::test]
async fn a_show_is_added_opened_given_members_and_removed() {
    let state = state().await;
    run(
        &state,
        &["show", "add", "call-in", "--hotline", "020 7946 0100"],
    )
    .await
    .unwrap();
    let show = shows::find_by_name(&state.db, "call-in")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(show.hotline.as_str(), "+442079460100");
    assert_eq!(show.max_waiting, cli::DEFAULT_MAX_WAITING);
    assert!(!show.lines_open);
    run(&state, &["show", "open", "call-in"]).await.unwrap();
    assert!(
        shows::find_by_name(&state.db, "call-in")
            .await
            .unwrap()
            .unwrap()
            .lines_open
    );
    run(&state, &["show", "close", "call-in"]).await.unwrap();
    run(
        &state,
        &["show", "member", "add", "call-in", "alice", "--host"],
    )
    .await
    .unwrap();
    run(
        &state,
        &["show", "member", "add", "call-in", "bob", "--screener"],
    )
    .await
    .unwrap();
    let members = shows::members(&state.db, &show.id).await.unwrap();
    assert_eq!(
        members
            .iter()
            .map(|m| (m.user_name.as_str(), m.role))
            .collect::<Vec<_>>(),
        [("alice", Role::Host), ("bob", Role::Screener)]
    );
    run(&state, &["show", "list"]).await.unwrap();
    run(&state, &["show", "member", "remove", "call-in", "bob"])
        .await
        .unwrap();
    assert_eq!(
        run(&state, &["show", "member", "remove", "call-in", "bob"])
            .await
            .unwrap_err(),
        "\"bob\" is not a member of the show \"call-in\""
    );
    run(&state, &["show", "remove", "call-in"]).await.unwrap();
    assert_eq!(
        run(&state, &["show", "remove", "call-in"])
            .await
            .unwrap_err(),
        "there is no show named \"call-in\""
    );
}

#[tokio::test]
async fn mistakes_are_named_in_plain_words() {
    let state = state().await;
    run(
        &state,
        &[
            "show",
            "add",
            "one",
            "--hotline",
            "+442079460100",
            "--max-waiting",
            "5",
        ],
    )
    .await
    .unwrap();
    let cases: [(&[&str], &str); 10] = [
        (
            &["show", "add", "two", "--hotline", "+442079460100"],
            "the number +442079460100 is already the hotline of the show \"one\"",
        ),
        (
            &["show", "add", "two", "--hotline", ALICE_NUMBER],
            "the number +442079460001 belongs to the user \"alice\"; a hotline needs a number of its own",
        ),
        (
            &["show", "add", "one", "--hotline", "+442079460101"],
            "a show named \"one\" already exists",
        ),
        (
            &["show", "add", "two", "--hotline", "+44 909 879 0879"],
            "--hotline \"+44 909 879 0879\": Premium-rate numbers can't be called.",
        ),
        (
            &["show", "add", "two", "--hotline", "12ab"],
            "--hotline \"12ab\": A phone number can't contain 'a'.",
        ),
        (
            &["show", "add", "Drive time", "--hotline", "+442079460101"],
            "\"Drive time\": a show name has only letters, digits, '-' and '_', not ' '",
        ),
        (
            &[
                "show",
                "add",
                "two",
                "--hotline",
                "+442079460101",
                "--max-waiting",
                "0",
            ],
            "--max-waiting 0: between 1 and 1000 callers",
        ),
        (
            &["show", "member", "add", "one", "carol", "--host"],
            "there is no user named \"carol\"",
        ),
        (
            &["show", "member", "add", "nosuch", "alice", "--screener"],
            "there is no show named \"nosuch\"",
        ),
        (
            &["show", "open", "nosuch"],
            "there is no show named \"nosuch\"",
        ),
    ];
    for (words, message) in cases {
        assert_eq!(run(&state, words).await.unwrap_err(), message, "{words:?}");
    }
    assert_eq!(shows::list(&state.db).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_member_is_a_host_or_a_screener_never_both_nor_neither() {
    let state = state().await;
    let both = run(
        &state,
        &[
            "show",
            "member",
            "add",
            "one",
            "alice",
            "--host",
            "--screener",
        ],
    )
    .await;
    assert!(both.unwrap_err().contains("cannot be used with"));
    let neither = run(&state, &["show", "member", "add", "one", "alice"]).await;
    assert!(neither.unwrap_err().contains("required"));
}

#[tokio::test]
async fn a_users_number_cannot_be_a_shows_hotline_either_way_round() {
    let state = state().await;
    run(
        &state,
        &["show", "add", "one", "--hotline", "+442079460100"],
    )
    .await
    .unwrap();
    let number = "+442079460100".parse().unwrap();
    let err = users::add(&state.db, "carol", "h", Some(&number), false)
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the number +442079460100 is the hotline of the show \"one\""
    );
}
