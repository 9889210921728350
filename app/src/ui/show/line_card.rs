//! One caller on the board: state and time in it, place, number, the screener's card, flags,
//! and the presses the viewer's role allows (the server checks them again).

use domain::show::{CardFields, ConsoleCommand, LineCard, LineState, Role, authorize};
use leptos::prelude::*;

use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::phone::format_elapsed;

/// The state of `line`, in `locale`.
fn state_words(locale: Locale, line: &LineCard) -> &'static str {
    match line.state {
        LineState::Waiting => td_string!(locale, show.state_waiting),
        LineState::Screening => td_string!(locale, show.state_screening),
        LineState::Ready => td_string!(locale, show.state_ready),
        LineState::Next => td_string!(locale, show.state_next),
        LineState::OnAir if line.answered => td_string!(locale, show.state_on_air),
        LineState::OnAir => td_string!(locale, show.state_ringing_host),
        LineState::Ended => td_string!(locale, show.state_ended),
    }
}

/// The presses offered for `line`, in order, as (label in `locale`, command).
fn presses(locale: Locale, line: &LineCard) -> Vec<(&'static str, ConsoleCommand)> {
    let call = line.call.clone();
    let label = |key: PressLabel| key.words(locale);
    match line.state {
        LineState::Waiting | LineState::Ready | LineState::Next => {
            let mut p = vec![
                (
                    label(PressLabel::Screen),
                    ConsoleCommand::Screen { call: call.clone() },
                ),
                (
                    label(PressLabel::PutOnAir),
                    ConsoleCommand::PutOnAir { call: call.clone() },
                ),
            ];
            if line.state != LineState::Next {
                p.push((
                    label(PressLabel::SetNext),
                    ConsoleCommand::SetNext { call: call.clone() },
                ));
            }
            p.push((label(PressLabel::Drop), ConsoleCommand::Drop { call }));
            p
        }
        LineState::Screening => vec![
            (
                label(PressLabel::Ready),
                ConsoleCommand::MarkReady { call: call.clone() },
            ),
            (
                label(PressLabel::SetNext),
                ConsoleCommand::SetNext { call: call.clone() },
            ),
            (
                label(PressLabel::Hold),
                ConsoleCommand::Hold { call: call.clone() },
            ),
            (label(PressLabel::Drop), ConsoleCommand::Drop { call }),
        ],
        LineState::OnAir => vec![
            if line.locked {
                (
                    label(PressLabel::Unlock),
                    ConsoleCommand::Unlock { call: call.clone() },
                )
            } else {
                (
                    label(PressLabel::Lock),
                    ConsoleCommand::Lock { call: call.clone() },
                )
            },
            (
                label(PressLabel::BackToHold),
                ConsoleCommand::BackToHold { call: call.clone() },
            ),
            (label(PressLabel::Drop), ConsoleCommand::Drop { call }),
        ],
        LineState::Ended => vec![],
    }
}

/// The words of a press button.
#[derive(Clone, Copy)]
enum PressLabel {
    Screen,
    PutOnAir,
    SetNext,
    Drop,
    Ready,
    Hold,
    Lock,
    Unlock,
    BackToHold,
}

impl PressLabel {
    fn words(self, locale: Locale) -> &'static str {
        match self {
            Self::Screen => td_string!(locale, show.press_screen),
            Self::PutOnAir => td_string!(locale, show.press_put_on_air),
            Self::SetNext => td_string!(locale, show.press_set_next),
            Self::Drop => td_string!(locale, show.press_drop),
            Self::Ready => td_string!(locale, show.press_ready),
            Self::Hold => td_string!(locale, show.press_hold),
            Self::Lock => td_string!(locale, show.press_lock),
            Self::Unlock => td_string!(locale, show.press_unlock),
            Self::BackToHold => td_string!(locale, show.press_back_to_hold),
        }
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
    let i18n = use_i18n();
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
        let locale = i18n.get_locale();
        let withheld = td_string!(locale, show.withheld_number);
        let who = line
            .name
            .clone()
            .or_else(|| line.number.clone())
            .unwrap_or_else(|| withheld.to_owned());
        let buttons = presses(locale, &line)
            .into_iter()
            .filter(|(_, c)| authorize(role, c.action(), Some(line.state)).is_ok())
            .map(|(label, command)| {
                view! {
                    <button
                        type="button"
                        aria-label=td_string!(locale, show.press_label, label, who = &who).to_string()
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
                <span class="line__state">{state_words(locale, &line)}</span>
                <time class="line__since" aria-label=td_string!(locale, show.time_in_state)>{since}</time>
                {line.position.map(|p| view! { <span class="line__position">{format!("#{p}")}</span> })}
                <span class="line__number">
                    {line.number.clone().unwrap_or_else(|| withheld.to_owned())}
                </span>
                <span class="line__flags">
                    {(line.state.is_holding() && line.in_queue_since.is_none()).then(|| view! {
                        <span class="flag">{td_string!(locale, show.flag_hearing_greeting)}</span>
                    })}
                    {line.withheld.then(|| view! { <span class="flag flag--withheld">{td_string!(locale, show.flag_withheld)}</span> })}
                    {line.locked.then(|| view! { <span class="flag">{td_string!(locale, show.flag_locked)}</span> })}
                    {line.banned.then(|| view! { <span class="flag flag--banned">{td_string!(locale, show.flag_banned)}</span> })}
                    {line.warning.clone().map(|w| view! { <span class="flag flag--warned">{td_string!(locale, show.flag_warned, reason = w).to_string()}</span> })}
                    {(line.earlier_calls > 0).then(|| view! {
                        <span class="flag flag--repeat">{td_string!(locale, show.flag_repeat, count = line.earlier_calls).to_string()}</span>
                    })}
                </span>
            </div>
            {(!card_line.is_empty()).then(|| view! { <p class="line__card">{card_line}</p> })}
            {line.note.clone().map(|n| view! { <p class="line__note">{td_string!(locale, show.note, note = n).to_string()}</p> })}
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
                    <summary>{t!(i18n, show.card_and_flags)}</summary>
                    <form class="card-form" on:submit=submit_card>
                        <label>{t!(i18n, show.card_name)}<input type="text" maxlength="200" bind:value=name/></label>
                        <label>{t!(i18n, show.card_from)}<input type="text" maxlength="200" bind:value=location/></label>
                        <label>{t!(i18n, show.card_topic)}<input type="text" maxlength="200" bind:value=topic/></label>
                        <label>{t!(i18n, show.card_note)}<input type="text" maxlength="200" bind:value=note/></label>
                        <button type="submit">{t!(i18n, show.save_card)}</button>
                    </form>
                    <div class="flag-form">
                        <label>{t!(i18n, show.reason)}<input type="text" maxlength="200" bind:value=reason/></label>
                        <button type="button" on:click=move |_| flag(false)>{t!(i18n, show.warn)}</button>
                        <Show when=move || can_ban.get()>
                            <button type="button" class="danger" on:click=move |_| flag(true)>
                                {t!(i18n, show.ban_number)}
                            </button>
                        </Show>
                    </div>
                </details>
            </Show>
        </li>
    }
    .into_any()
}
