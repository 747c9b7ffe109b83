//! Exports and the release plan report, each run as the real command in a
//! process of its own: its wall time, and its peak memory read from /proc
//! while it runs (its output goes nowhere).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use super::median;

/// Peak resident memory of a running process so far, in MB.
fn peak_mb(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
}

/// Runs `exe --db db ARGS` `runs` times: the median time and the largest peak.
fn run(exe: &Path, db: &Path, args: &[&str], runs: usize) -> anyhow::Result<(f64, f64)> {
    let (mut times, mut peak) = (Vec::new(), 0.0f64);
    for _ in 0..runs {
        let start = Instant::now();
        let mut child = Command::new(exe)
            .arg("--db")
            .arg(db)
            .args(args)
            .env_remove("CLUSTERBOARD_DB")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .with_context(|| format!("could not run {args:?}"))?;
        let status = loop {
            if let Some(mb) = peak_mb(child.id()) {
                peak = peak.max(mb);
            }
            if let Some(status) = child.try_wait()? {
                break status;
            }
            std::thread::sleep(Duration::from_millis(2));
        };
        times.push(start.elapsed());
        if !status.success() {
            bail!("{args:?} failed on {}", db.display());
        }
    }
    Ok((median(times), peak))
}

pub(super) fn measure(exe: &Path, db: &Path, runs: usize) -> anyhow::Result<Vec<(String, f64)>> {
    let mut rows = Vec::new();
    for (name, args) in [
        ("export --format json", &["export", "--format", "json"][..]),
        ("export --format csv", &["export", "--format", "csv"][..]),
        (
            "report release-plan --format html",
            &["report", "release-plan", "--format", "html"][..],
        ),
    ] {
        let (ms, mb) = run(exe, db, args, runs)?;
        rows.push((format!("{name} (ms)"), ms));
        rows.push((format!("{name}: peak memory (MB)"), mb));
    }
    Ok(rows)
}
