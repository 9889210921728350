//! One caller on the board: state and time in it, place, number, the screener's card, flags,
//! and the presses the viewer's role allows (the server checks them again).

use domain::show::{CardFields, ConsoleCommand, LineCard, LineState, Role, authorize};
use leptos::prelude::*;

use crate::phone::format_elapsed;

fn state_words(line: &LineCard) -> &'static str {
    match line.state {
        LineState::Waiting => "Waiting",
        LineState::Screening => "Screening",
        LineState::Ready => "Ready",
        LineState::Next => "Next",
        LineState::OnAir if line.answered => "On air",
        LineState::OnAir => "Ringing the host",
        LineState::Ended => "Ended",
    }
}

/// The presses offered for `line`, in order, as (label, command).
fn presses(line: &LineCard) -> Vec<(&'static str, ConsoleCommand)> {
    let call = line.call.clone();
    match line.state {
        LineState::Waiting | LineState::Ready | LineState::Next => {
            let mut p = vec![
                ("Screen", ConsoleCommand::Screen { call: call.clone() }),
                (
                    "Put on air",
                    ConsoleCommand::PutOnAir { call: call.clone() },
                ),
            ];
            if line.state != LineState::Next {
                p.push(("Set next", ConsoleCommand::SetNext { call: call.clone() }));
            }
            p.push(("Drop", ConsoleCommand::Drop { call }));
            p
        }
        LineState::Screening => vec![
            ("Ready", ConsoleCommand::MarkReady { call: call.clone() }),
            ("Set next", ConsoleCommand::SetNext { call: call.clone() }),
            ("Hold", ConsoleCommand::Hold { call: call.clone() }),
            ("Drop", ConsoleCommand::Drop { call }),
        ],
        LineState::OnAir => vec![
            if line.locked {
                ("Unlock", ConsoleCommand::Unlock { call: call.clone() })
            } else {
                ("Lock", ConsoleCommand::Lock { call: call.clone() })
            },
            (
                "Back to hold",
                ConsoleCommand::BackToHold { call: call.clone() },
            ),
            ("Drop", ConsoleCommand::Drop { call }),
        ],
        LineState::Ended => vec![],
    }
}

/// The card of `line` (`None` once it left the board) for a viewer with `role`. The head and the
/// buttons follow each snapshot; the editor is built once, so typing survives snapshots and the
/// ticking clock.
#[component]
pub fn LineCardView(
    line: Memo<Option<LineCard>>,
    role: Memo<Option<Role>>,
    now: Signal<u64>,
    press: Callback<ConsoleCommand>,
) -> impl IntoView {
    let initial = line.get_untracked();
    let call = initial.as_ref().map(|l| l.call.clone());
    let field = |f: fn(&LineCard) -> &Option<String>| {
        RwSignal::new(
            initial
                .as_ref()
                .and_then(|l| f(l).clone())
                .unwrap_or_default(),
        )
    };
    let (name, location, topic, note) = (
        field(|l| &l.name),
        field(|l| &l.location),
        field(|l| &l.topic),
        field(|l| &l.note),
    );
    let reason = RwSignal::new(String::new());
    let state = Memo::new(move |_| line.with(|l| l.as_ref().map(|l| l.state)));
    let screening = Memo::new(move |_| state.get() == Some(LineState::Screening));
    let editable = Memo::new(move |_| state.get().is_some_and(|s| s != LineState::Ended));
    let can_ban = Memo::new(move |_| {
        line.with(|l| {
            l.as_ref().is_some_and(|l| {
                l.number.is_some()
                    && !l.banned
                    && role.get().is_some_and(|r| {
                        authorize(r, domain::show::ConsoleAction::Ban, Some(l.state)).is_ok()
                    })
            })
        })
    });
    let since = move || {
        line.with(|l| {
            l.as_ref()
                .map(|l| format_elapsed(now.get().saturating_sub(l.state_since)))
        })
    };
    let head = move || {
        let line = line.get()?;
        let role = role.get()?;
        let who = line
            .name
            .clone()
            .or_else(|| line.number.clone())
            .unwrap_or_else(|| "Withheld number".to_owned());
        let buttons = presses(&line)
            .into_iter()
            .filter(|(_, c)| authorize(role, c.action(), Some(line.state)).is_ok())
            .map(|(label, command)| {
                view! {
                    <button
                        type="button"
                        aria-label=format!("{label}: {who}")
                        on:click=move |_| press.run(command.clone())
                    >
                        {label}
                    </button>
                }
            })
            .collect_view();
        let card_line = [&line.name, &line.location, &line.topic]
            .into_iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join(" · ");
        Some(view! {
            <div class="line__head">
                <span class="line__state">{state_words(&line)}</span>
                <time class="line__since" aria-label="Time in this state">{since}</time>
                {line.position.map(|p| view! { <span class="line__position">{format!("#{p}")}</span> })}
                <span class="line__number">
                    {line.number.clone().unwrap_or_else(|| "Withheld number".to_owned())}
                </span>
                <span class="line__flags">
                    {(line.state.is_holding() && line.in_queue_since.is_none()).then(|| view! {
                        <span class="flag">"hearing the greeting"</span>
                    })}
                    {line.withheld.then(|| view! { <span class="flag flag--withheld">"withheld"</span> })}
                    {line.locked.then(|| view! { <span class="flag">"locked"</span> })}
                    {line.banned.then(|| view! { <span class="flag flag--banned">"banned"</span> })}
                    {line.warning.clone().map(|w| view! { <span class="flag flag--warned">{format!("warned: {w}")}</span> })}
                    {(line.earlier_calls > 0).then(|| view! {
                        <span class="flag flag--repeat">{format!("repeat caller ({} earlier)", line.earlier_calls)}</span>
                    })}
                </span>
            </div>
            {(!card_line.is_empty()).then(|| view! { <p class="line__card">{card_line}</p> })}
            {line.note.clone().map(|n| view! { <p class="line__note">{format!("Note: {n}")}</p> })}
            <div class="line__actions">{buttons}</div>
        })
    };
    let call = StoredValue::new(call);
    let submit_card = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(call) = call.get_value() {
            press.run(ConsoleCommand::EditCard {
                call,
                card: CardFields {
                    name: name.get_untracked(),
                    location: location.get_untracked(),
                    topic: topic.get_untracked(),
                    note: note.get_untracked(),
                },
            });
        }
    };
    let flag = move |ban: bool| {
        if let Some(call) = call.get_value() {
            let reason = reason.get_untracked();
            press.run(if ban {
                ConsoleCommand::Ban { call, reason }
            } else {
                ConsoleCommand::Warn { call, reason }
            });
        }
    };
    view! {
        <li
            class=move || format!("line line--{}", state.get().map_or("ended", LineState::as_str))
            data-call=move || call.get_value().map(|c| c.to_string())
        >
            {head}
            <Show when=move || editable.get()>
                <details class="line__edit" prop:open=move || screening.get()>
                    <summary>"Card and flags"</summary>
                    <form class="card-form" on:submit=submit_card>
                        <label>"Name"<input type="text" maxlength="200" bind:value=name/></label>
                        <label>"From"<input type="text" maxlength="200" bind:value=location/></label>
                        <label>"Topic"<input type="text" maxlength="200" bind:value=topic/></label>
                        <label>"Note for the host"<input type="text" maxlength="200" bind:value=note/></label>
                        <button type="submit">"Save card"</button>
                    </form>
                    <div class="flag-form">
                        <label>"Reason"<input type="text" maxlength="200" bind:value=reason/></label>
                        <button type="button" on:click=move |_| flag(false)>"Warn"</button>
                        <Show when=move || can_ban.get()>
                            <button type="button" class="danger" on:click=move |_| flag(true)>
                                "Ban number"
                            </button>
                        </Show>
                    </div>
                </details>
            </Show>
        </li>
    }
    .into_any()
}
