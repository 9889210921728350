//! Hold and transfer in the in-call dialog: Hold / Resume, and Transfer to a colleague or a
//! number, at once or after talking to them first. The server alone knows where both legs are
//! (`/api/call_control`); the controls read it again whenever the user's calls change.

use domain::call_hold::{CallCommand, CallControl};
use leptos::{prelude::*, task::spawn_local};

use crate::i18n::{t, t_string, use_i18n};
use crate::server_fns::{call_command, call_control};

/// The hold and transfer controls for the call whose CallSid `call_sid` gives (once the SDK knows
/// it). `connected`: the call is answered (nothing can be held before). `changes` bumps when the
/// user's calls change on the server (the other party held them, a colleague answered).
/// `on_transferred` gets whom a blind transfer hands the call to (as typed) before it is asked
/// (Twilio may end the call before the answer arrives), and `None` if the server refused it.
#[component]
pub fn CallControls(
    call_sid: Callback<(), Option<String>>,
    #[prop(into)] connected: Signal<bool>,
    #[prop(into)] changes: Signal<u32>,
    on_transferred: Callback<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let control = RwSignal::new(CallControl::Plain);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let transfer_open = RwSignal::new(false);
    let target = RwSignal::new(String::new());
    // Said when the caller hangs up during a warm transfer's talk: the call goes on with the
    // colleague, and the dialog still names the caller.
    let caller_left = RwSignal::new(None::<String>);
    let transfer_button = NodeRef::<leptos::html::Button>::new();

    // Read again on every change the server tells of, and when the call connects or ends.
    Effect::new(move |_| {
        changes.track();
        if !connected.get() {
            control.set(CallControl::Plain);
            transfer_open.set(false);
            error.set(None);
            caller_left.set(None);
            return;
        }
        let Some(sid) = call_sid.run(()) else { return };
        spawn_local(async move {
            if let Ok(now) = call_control(sid).await {
                let was = control.get_untracked();
                if let (
                    CallControl::Consulting {
                        target,
                        answered: true,
                    },
                    CallControl::Plain,
                ) = (&was, &now)
                {
                    caller_left.try_set(Some(target.clone()));
                }
                control.try_set(now);
            }
        });
    });

    let send = move |command: CallCommand| {
        let Some(sid) = call_sid.run(()) else { return };
        let transferred_to = match &command {
            CallCommand::Transfer { to, warm: false } => Some(to.trim().to_owned()),
            _ => None,
        };
        busy.set(true);
        error.set(None);
        caller_left.set(None);
        if transferred_to.is_some() {
            on_transferred.run(transferred_to.clone());
        }
        spawn_local(async move {
            match call_command(sid, command).await {
                Ok(now) => {
                    control.try_set(now);
                    transfer_open.try_set(false);
                    if transferred_to.is_some() {
                        target.try_set(String::new());
                    }
                }
                Err(e) => {
                    if transferred_to.is_some() {
                        on_transferred.run(None);
                    }
                    error.try_set(Some(e.to_string()));
                }
            }
            busy.try_set(false);
        });
    };

    let held = move || control.with(|c| matches!(c, CallControl::Holding { .. }));
    let consulting = move || control.with(|c| matches!(c, CallControl::Consulting { .. }));
    let consult_answered =
        move || control.with(|c| matches!(c, CallControl::Consulting { answered: true, .. }));
    let status = move || {
        control.with(|c| match c {
            CallControl::Plain => caller_left
                .get()
                .map(|name| t_string!(i18n, phone.consult_caller_left, name = name).to_string())
                .unwrap_or_default(),
            CallControl::ControlledByOther => {
                t_string!(i18n, phone.status_controlled_by_other).to_owned()
            }
            CallControl::Holding { settled: false } => {
                t_string!(i18n, phone.status_holding).to_owned()
            }
            CallControl::Holding { settled: true } => {
                t_string!(i18n, phone.status_on_hold).to_owned()
            }
            CallControl::HeldByOther => t_string!(i18n, phone.status_held_by_other).to_owned(),
            CallControl::Consulting {
                target,
                answered: false,
            } => t_string!(i18n, phone.consult_ringing, name = target.clone()).to_string(),
            CallControl::Consulting {
                target,
                answered: true,
            } => t_string!(i18n, phone.consult_talking, name = target.clone()).to_string(),
        })
    };
    let can_press = move || {
        connected.get()
            && !busy.get()
            && control
                .with(|c| !matches!(c, CallControl::HeldByOther | CallControl::ControlledByOther))
    };

    view! {
        <div class="call-controls">
            <p class="call-controls__status" role="status">{status}</p>
            <div class="call-dialog__controls" hidden=consulting>
                <button
                    type="button"
                    class="toggle"
                    aria-pressed=move || held().to_string()
                    disabled=move || !can_press() || control.with(|c| *c == CallControl::Holding { settled: false })
                    on:click=move |_| send(if held() { CallCommand::Resume } else { CallCommand::Hold })
                >
                    {move || if held() { t_string!(i18n, phone.resume) } else { t_string!(i18n, phone.hold) }}
                </button>
                <button
                    type="button"
                    class="toggle"
                    node_ref=transfer_button
                    aria-expanded=move || transfer_open.get().to_string()
                    aria-controls="call-transfer"
                    disabled=move || !can_press()
                    on:click=move |_| transfer_open.update(|open| *open = !*open)
                >
                    {t!(i18n, phone.transfer)}
                </button>
            </div>
            <form
                id="call-transfer"
                class="call-transfer"
                hidden=move || !transfer_open.get() || consulting()
                // Enter talks to them first: a warm transfer can still be called off, a blind one
                // can't.
                on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    send(CallCommand::Transfer { to: target.get_untracked(), warm: true });
                }
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Escape" {
                        // The form closes; the dialog (and the call) stay.
                        ev.prevent_default();
                        ev.stop_propagation();
                        transfer_open.set(false);
                        if let Some(button) = transfer_button.get() {
                            let _ = button.focus();
                        }
                    }
                }
            >
                <label for="call-transfer-to">{t!(i18n, phone.transfer_to)}</label>
                <input
                    id="call-transfer-to"
                    type="text"
                    autocomplete="off"
                    required
                    placeholder=move || t_string!(i18n, phone.transfer_placeholder)
                    prop:value=move || target.get()
                    on:input=move |ev| target.set(event_target_value(&ev))
                />
                <div class="call-dialog__controls">
                    <button type="submit" class="toggle" disabled=move || !can_press() || target.with(|t| t.trim().is_empty())>
                        {t!(i18n, phone.talk_first)}
                    </button>
                    <button
                        type="button"
                        class="toggle"
                        disabled=move || !can_press() || target.with(|t| t.trim().is_empty())
                        on:click=move |_| send(CallCommand::Transfer { to: target.get_untracked(), warm: false })
                    >
                        {t!(i18n, phone.transfer_now)}
                    </button>
                    <button type="button" class="toggle" on:click=move |_| transfer_open.set(false)>
                        {t!(i18n, phone.transfer_cancel)}
                    </button>
                </div>
            </form>
            <div class="call-dialog__controls" hidden=move || !consulting()>
                <button
                    type="button"
                    class="toggle"
                    disabled=move || busy.get() || !consult_answered()
                    on:click=move |_| send(CallCommand::CompleteTransfer)
                >
                    {t!(i18n, phone.complete_transfer)}
                </button>
                <button
                    type="button"
                    class="toggle"
                    disabled=move || busy.get()
                    on:click=move |_| send(CallCommand::CancelTransfer)
                >
                    {t!(i18n, phone.back_to_caller)}
                </button>
            </div>
            <p class="call-controls__error" role="alert">{move || error.get()}</p>
        </div>
    }
}
