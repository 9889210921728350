//! Media plane of the local Twilio simulator.
//!
//! # Why the simulator terminates media
//!
//! On real Twilio a browser never talks to another browser: every call leg's WebRTC ends on
//! Twilio's media servers, which answer with their own reachable ICE-lite candidates and forward
//! audio between bridged legs (a `<Dial><Client>`, a `<Queue>` member). The Voice JS SDK relies
//! on that. It sends its SDP right after `setLocalDescription`, so offers and answers carry no
//! `a=candidate` lines (`lib/twilio/rtc/rtcpc.ts` in the SDK's source, `twilio/twilio-voice.js`;
//! see `docs/twilio-signaling.md`). Relaying SDP between two browsers leaves ICE
//! at `new`, with no media. Terminating each leg here, the way Twilio does, fixes that without
//! patching the page. It also gives the simulator what a peer-to-peer setup could not: hold audio
//! for a queued caller, DTMF it can see (`hangupOnStar`), and byte counters for tests.
//!
//! # Shape
//!
//! [`MediaEngine`] is a cheap handle. One UDP socket carries every leg, and one driver task owns
//! all the [`str0m::Rtc`] instances. Each leg is ICE-lite and advertises one host candidate:
//! the socket's address, or `127.0.0.1`/`::1` when bound to an unspecified address.

#![warn(missing_docs)]

mod audio_mid;
mod codecs;
mod config;
mod driver;
mod engine;
mod error;
mod event;
mod guard;
mod hold_tone;
mod leg;
mod leg_id;
mod out_clock;
mod recorder;
mod stats;

pub use config::MediaConfig;
pub use engine::MediaEngine;
pub use error::MediaError;
pub use event::MediaEvent;
pub use leg_id::LegId;
pub use stats::LegStats;
