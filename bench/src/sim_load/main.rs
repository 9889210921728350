//! `sim-load`: how much the local Twilio simulator holds on one machine, measured with scripted
//! devices (no browser): registered devices, simultaneous bridged calls with audio relayed, the
//! simulator's memory per device and per call, its CPU while relaying, and the time from a
//! caller's `invite` to the callee's device ringing.
//!
//! ```text
//! sim-load [--devices 1000] [--calls 100] [--media-seconds 10] [--call-every-ms 50]
//! ```
//!
//! The simulator runs in a child process (`sim-load serve`), so its CPU time and RSS
//! (`/proc/<pid>`) are its own, not the scripted devices'. Calls are placed one every
//! `--call-every-ms` while the earlier ones carry audio; each leg sends a 20 ms Opus frame every
//! 20 ms both ways, and the simulator's media relay forwards it to the other leg.
//! `scripts/sim-load` builds and runs it.

mod account;
mod device;
mod peer;
mod serve;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use bench::proc_stat::ProcessSample;
use futures_util::StreamExt;
use tokio::sync::{oneshot, watch};

use device::{CallPlan, Device, Placed, Shared};

/// Devices connecting at once, as many laptops coming online together would.
const CONNECTING_AT_ONCE: usize = 32;
/// Signaling sockets the simulator allows beyond the devices (the default, 256, is sized for
/// one person's machine).
const SPARE_SOCKETS: usize = 64;
/// How long every leg has, after the last call is placed, to connect its media.
const CONNECT_WAIT: Duration = Duration::from_secs(20);

struct Args {
    devices: usize,
    calls: usize,
    media_seconds: u64,
    call_every: Duration,
}

fn main() {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    if argv.first().map(String::as_str) == Some("serve") {
        let max_sockets = argv.get(1).and_then(|n| n.parse().ok()).unwrap_or(256);
        // The simulator's own warnings (a leg dropped, a socket refused), on stderr.
        tracing_subscriber::fmt()
            .with_env_filter(
                tracing_subscriber::EnvFilter::try_from_default_env()
                    .unwrap_or_else(|_| "warn".into()),
            )
            .with_writer(std::io::stderr)
            .init();
        let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
        runtime.block_on(serve::run(max_sockets));
        return;
    }
    let args = match parse_args(&argv) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("sim-load: {message}");
            std::process::exit(2);
        }
    };
    let (mut child, base) = start_simulator(args.devices + SPARE_SOCKETS);
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    let outcome = runtime.block_on(drive(&args, &base, child.id()));
    let _ = child.kill();
    let _ = child.wait();
    match outcome {
        Ok(()) => {}
        Err(e) => {
            eprintln!("sim-load: {e}");
            std::process::exit(1);
        }
    }
}

fn parse_args(argv: &[String]) -> Result<Args, String> {
    let mut args = Args {
        devices: 1000,
        calls: 100,
        media_seconds: 10,
        call_every: Duration::from_millis(50),
    };
    let mut it = argv.iter();
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let number: u64 = value
            .parse()
            .map_err(|_| format!("{flag}: {value:?} is not a whole number"))?;
        match flag.as_str() {
            "--devices" => args.devices = number as usize,
            "--calls" => args.calls = number as usize,
            "--media-seconds" => args.media_seconds = number,
            "--call-every-ms" => args.call_every = Duration::from_millis(number),
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    if args.calls * 2 > args.devices {
        return Err(format!(
            "{} calls need {} devices (a caller and a callee each); --devices is {}",
            args.calls,
            args.calls * 2,
            args.devices
        ));
    }
    Ok(args)
}

/// Starts `sim-load serve` and reads the URL it prints.
fn start_simulator(max_sockets: usize) -> (Child, String) {
    let exe = std::env::current_exe().expect("this program's path");
    let mut child = Command::new(exe)
        .args(["serve", &max_sockets.to_string()])
        .stdout(Stdio::piped())
        .spawn()
        .expect("starting the simulator");
    let stdout = child.stdout.take().expect("its stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("the simulator's first line");
    let base = line
        .trim()
        .strip_prefix("listening ")
        .unwrap_or_else(|| panic!("the simulator said {line:?}"))
        .to_owned();
    (child, base)
}

async fn drive(args: &Args, base: &str, pid: u32) -> Result<(), String> {
    let sample = || ProcessSample::read(pid).ok_or("the simulator process is gone");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let idle = sample()?;
    let (stop_tx, stop) = watch::channel(false);
    let shared = Arc::new(Shared {
        peer_identity: peer::Identity::new(),
        legs: Default::default(),
        rang_at: Default::default(),
        stop,
    });

    // 1. Devices come online.
    let started = Instant::now();
    let mut online = futures_util::stream::iter(0..args.devices)
        .map(|i| {
            let base = base.to_owned();
            async move {
                let identity = format!("dev-{i}");
                let began = Instant::now();
                let device = Device::online(&base, &identity).await;
                (i, identity, device, began.elapsed())
            }
        })
        .buffer_unordered(CONNECTING_AT_ONCE);
    let mut register_times = Vec::with_capacity(args.devices);
    let mut plans = Vec::new();
    let mut failures = 0;
    while let Some((i, identity, device, took)) = online.next().await {
        let device = match device {
            Ok(d) => d,
            Err(e) => {
                failures += 1;
                if failures <= 3 {
                    eprintln!("sim-load: {identity} could not come online: {e}");
                }
                continue;
            }
        };
        register_times.push(took);
        let plan = (i < args.calls).then(|| {
            let (go_tx, go) = oneshot::channel();
            let (report, placed) = oneshot::channel();
            let to = format!("dev-{}", args.calls + i);
            plans.push((go_tx, placed));
            CallPlan { to, go, report }
        });
        tokio::spawn(device.run(identity, shared.clone(), plan));
    }
    drop(online);
    let registering = started.elapsed();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let with_devices = sample()?;
    if register_times.len() < args.devices {
        return Err(format!(
            "only {} of {} devices came online",
            register_times.len(),
            args.devices
        ));
    }

    // 2. Calls are placed one by one while the earlier ones carry audio.
    let mut reports = Vec::new();
    for (go, placed) in plans {
        let _ = go.send(());
        reports.push(placed);
        tokio::time::sleep(args.call_every).await;
    }
    let mut placed: Vec<Placed> = Vec::new();
    let mut call_failures = Vec::new();
    for report in reports {
        match tokio::time::timeout(CONNECT_WAIT, report).await {
            Ok(Ok(Ok(p))) => placed.push(p),
            Ok(Ok(Err(e))) => call_failures.push(e),
            Ok(Err(_)) => call_failures.push("the caller's device stopped".into()),
            Err(_) => call_failures.push(format!("no answer within {CONNECT_WAIT:?}")),
        }
    }
    let legs = shared.legs.lock().unwrap().clone();
    let connect_by = Instant::now() + CONNECT_WAIT;
    while legs.iter().any(|l| !l.connected.load(Ordering::Relaxed)) && Instant::now() < connect_by {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let connected = legs
        .iter()
        .filter(|l| l.connected.load(Ordering::Relaxed))
        .count();

    // 3. Audio for a fixed window, with every call up.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let counts = |legs: &[Arc<peer::Counters>]| -> Vec<(u64, u64)> {
        legs.iter()
            .map(|l| {
                (
                    l.sent.load(Ordering::Relaxed),
                    l.received.load(Ordering::Relaxed),
                )
            })
            .collect()
    };
    let before = counts(&legs);
    let cpu_before = sample()?;
    let window = Instant::now();
    tokio::time::sleep(Duration::from_secs(args.media_seconds)).await;
    let seconds = window.elapsed().as_secs_f64();
    let cpu_after = sample()?;
    let after = counts(&legs);
    let _ = stop_tx.send(true);

    // 4. The report.
    let rang_at = shared.rang_at.lock().unwrap().clone();
    let mut setup: Vec<Duration> = placed
        .iter()
        .filter_map(|p| {
            rang_at
                .get(&p.to)
                .map(|r| r.saturating_duration_since(p.invited_at))
        })
        .collect();
    let mut bridged: Vec<Duration> = placed
        .iter()
        .map(|p| p.answered_at.saturating_duration_since(p.invited_at))
        .collect();
    register_times.sort_unstable();
    setup.sort_unstable();
    bridged.sort_unstable();
    let sent: u64 = before.iter().zip(&after).map(|(b, a)| a.0 - b.0).sum();
    let received: u64 = before.iter().zip(&after).map(|(b, a)| a.1 - b.1).sum();
    // A leg hears its call when it received at least 90% of the 50 frames a second sent to it.
    let expected_per_leg = seconds * 50.0;
    let hearing = before
        .iter()
        .zip(&after)
        .filter(|(b, a)| (a.1 - b.1) as f64 >= 0.9 * expected_per_leg)
        .count();
    let mib = |kib: u64| kib as f64 / 1024.0;
    let per = |total: u64, n: usize| if n == 0 { 0.0 } else { total as f64 / n as f64 };

    println!("simulator under load (sim-load, one process for the simulator, one for the devices)");
    println!(
        "  devices online          {} of {} in {:.1} s (listen + register: p50 {} p99 {})",
        register_times.len(),
        args.devices,
        registering.as_secs_f64(),
        ms(percentile(&register_times, 0.5)),
        ms(percentile(&register_times, 0.99))
    );
    println!(
        "  calls bridged           {} of {} ({} failed{})",
        placed.len(),
        args.calls,
        call_failures.len(),
        call_failures
            .first()
            .map(|e| format!(": {e}"))
            .unwrap_or_default()
    );
    println!("  legs with media up      {connected} of {}", legs.len());
    println!(
        "  legs hearing the other  {hearing} of {} (≥90% of 50 frames/s, over {seconds:.1} s)",
        legs.len()
    );
    println!(
        "  frames relayed          {received} of {sent} sent ({:.2}%)",
        100.0 * received as f64 / sent.max(1) as f64
    );
    println!(
        "  invite → callee rings   p50 {} p99 {} max {}",
        ms(percentile(&setup, 0.5)),
        ms(percentile(&setup, 0.99)),
        ms(setup.last().copied())
    );
    println!(
        "  invite → bridged        p50 {} p99 {} max {}",
        ms(percentile(&bridged, 0.5)),
        ms(percentile(&bridged, 0.99)),
        ms(bridged.last().copied())
    );
    println!(
        "  simulator RSS           idle {:.1} MiB, with devices {:.1} MiB, with calls {:.1} MiB",
        mib(idle.rss_kib),
        mib(with_devices.rss_kib),
        mib(cpu_after.rss_kib)
    );
    println!(
        "  memory per device       {:.1} KiB",
        per(
            with_devices.rss_kib.saturating_sub(idle.rss_kib),
            register_times.len()
        )
    );
    println!(
        "  memory per call         {:.1} KiB",
        per(
            cpu_after.rss_kib.saturating_sub(with_devices.rss_kib),
            placed.len()
        )
    );
    println!(
        "  simulator CPU relaying  {:.1}% of one core ({:.2} CPU-s over {seconds:.1} s)",
        100.0 * (cpu_after.cpu_seconds - cpu_before.cpu_seconds) / seconds,
        cpu_after.cpu_seconds - cpu_before.cpu_seconds
    );
    if placed.len() < args.calls || hearing < legs.len() || legs.len() < 2 * args.calls {
        return Err(format!(
            "not every call carried audio: {} of {} bridged, {hearing} of {} legs hearing",
            placed.len(),
            args.calls,
            2 * args.calls
        ));
    }
    Ok(())
}

fn percentile(sorted: &[Duration], p: f64) -> Option<Duration> {
    if sorted.is_empty() {
        return None;
    }
    Some(sorted[((sorted.len() - 1) as f64 * p).round() as usize])
}

fn ms(d: Option<Duration>) -> String {
    d.map_or("-".into(), |d| {
        format!("{:.1} ms", d.as_secs_f64() * 1000.0)
    })
}
