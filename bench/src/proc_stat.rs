//! A process's CPU time and resident memory, from Linux's `/proc/<pid>/stat` and `status`
//! (proc(5)): `utime` and `stime` are fields 14 and 15 of `stat`, in clock ticks.

/// Clock ticks per second: `sysconf(_SC_CLK_TCK)`, 100 on every Linux the project runs on.
const TICKS_PER_SECOND: f64 = 100.0;

/// One reading.
pub struct ProcessSample {
    /// User plus system CPU time so far, in seconds.
    pub cpu_seconds: f64,
    /// `VmRSS`, in KiB.
    pub rss_kib: u64,
}

impl ProcessSample {
    /// `None` when the process is gone or the files can't be read (not Linux).
    pub fn read(pid: u32) -> Option<Self> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // The command name (field 2) may hold spaces; the fields after it follow its `)`.
        let after_name = &stat[stat.rfind(')')? + 2..];
        let fields: Vec<&str> = after_name.split_whitespace().collect();
        // `after_name` starts at field 3, so utime (14) and stime (15) are at 11 and 12.
        let ticks: u64 =
            fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        let rss_kib = status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))?
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()?;
        Some(Self {
            cpu_seconds: ticks as f64 / TICKS_PER_SECOND,
            rss_kib,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_has_memory_and_its_cpu_time_grows() {
        let pid = std::process::id();
        let before = ProcessSample::read(pid).expect("our own /proc entry");
        assert!(before.rss_kib > 0);
        let started = std::time::Instant::now();
        let mut x = 0u64;
        while started.elapsed() < std::time::Duration::from_millis(300) {
            x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(7));
        }
        let after = ProcessSample::read(pid).expect("our own /proc entry");
        assert!(
            after.cpu_seconds > before.cpu_seconds,
            "{} then {}",
            before.cpu_seconds,
            after.cpu_seconds
        );
    }

    #[test]
    fn a_missing_process_reads_as_none() {
        assert!(ProcessSample::read(u32::MAX).is_none());
    }
}
