//! What `loadgen` (scripts/bench) and `sim-load` (scripts/sim-load) share.

pub mod proc_stat;
