//! `clusterboard bench`: generates clusters of 1,000 to 100,000 items and
//! measures the real code paths (store, reducer, rendering into a terminal-sized
//! buffer), printing medians. Each size runs in a child process so its peak
//! memory is its own.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};

mod e2e;
mod exports;
mod generate;
mod keys;
mod screen;

pub use generate::generate;

use crate::app::View;
use crate::config::Config;
use crate::domain::{ItemId, State};
use crate::store::{Gate, Placement, Store};

/// The terminal the frames are drawn for: a large screen-shared one.
const WIDTH: u16 = 200;
const HEIGHT: u16 = 60;

/// What one size measured, in milliseconds (medians) and megabytes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Figures {
    pub items: usize,
    pub runs: usize,
    pub rows: Vec<(String, f64)>,
}

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort_unstable();
    let n = v.len();
    let mid = if n == 0 {
        Duration::ZERO
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2
    };
    mid.as_secs_f64() * 1_000.0
}

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Runs the board on one database in a pseudo-terminal; in its own process.
pub fn measure_e2e(path: &Path, runs: usize) -> anyhow::Result<Figures> {
    let exe =
        std::env::current_exe().context("cannot find this program to run the measurements")?;
    let items = Store::open(path)?.item_count()?;
    let rows = e2e::measure(&exe, path, runs)?;
    Ok(Figures { items, runs, rows })
}

/// One board's session in a process of its own, so its peak memory is a
/// board's, not the benchmark's (which holds several boards at once).
fn session(exe: &Path, path: &Path) -> anyhow::Result<Vec<(String, f64)>> {
    let out = Command::new(exe)
        .args(["bench", "--session", "--measure"])
        .arg(path)
        .env_remove("CLUSTERBOARD_DB")
        .output()
        .context("could not run the session's process")?;
    if !out.status.success() {
        bail!(
            "the session on {} failed: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    let figures: Figures = serde_json::from_slice(&out.stdout)
        .context("the session's process printed something unexpected")?;
    Ok(figures.rows)
}

/// A product owner's session on one board: every view, the filter, the
/// suggested order, the item view, the charts, the archive; its time and
/// its peak memory.
pub fn measure_session(path: &Path) -> anyhow::Result<Figures> {
    let config = Config::default();
    let start = Instant::now();
    let mut app = keys::open(path, &config, View::Board)?;
    let mut t = keys::terminal()?;
    let steps: Vec<crate::app::Action> = {
        use crate::app::Action as A;
        let mut v = vec![
            A::SelectDown,
            A::OpenItem,
            A::Close,
            A::ShowBacklog,
            A::StartFilter,
        ];
        v.extend("ride".chars().map(A::Type));
        v.extend([
            A::Confirm,
            A::Close,
            A::ShowSuggestion,
            A::Close,
            A::ShowTeams,
            A::SelectRight,
            A::ShowReleases,
            A::SelectDown,
            A::SelectDown,
            A::ShowPortfolio,
            A::ShowReports,
            A::SelectLeft,
            A::SelectLeft,
            A::ShowArchive,
            A::Close,
            A::ShowBoard,
        ]);
        v
    };
    for a in steps {
        app.update(a);
        keys::draw(&mut t, &app)?;
    }
    let items = app.total_items;
    let took = start.elapsed().as_secs_f64() * 1_000.0;
    Ok(Figures {
        items,
        runs: 1,
        rows: vec![
            ("one board's session, start to end (ms)".into(), took),
            (
                "one board's session: peak memory (MB)".into(),
                peak_rss_mb(),
            ),
        ],
    })
}

/// Measures one database; runs in its own process.
pub fn measure(path: &Path, runs: usize) -> anyhow::Result<Figures> {
    let config = Config::default();
    let items = Store::open(path)?.item_count()?;
    let mut k = keys::Keys::new(runs)?;
    let mut opens = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        drop(Store::open(path)?);
        opens.push(start.elapsed());
    }
    k.row("store: open the file", median(opens));
    for view in View::ALL {
        let ms = keys::first_frame(path, &config, view, runs)?;
        k.row(
            &format!("open → first {} frame", view.title().to_lowercase()),
            ms,
        );
    }
    keys::measure_keys(path, &config, &mut k)?;
    screen::portfolio(path, &config, &mut k)?;
    screen::focus(path, &config, &mut k)?;
    screen::theme(path, &config, &mut k)?;
    // Last of these, as each mark writes a row per item into the file.
    screen::checkpoints(path, &config, &mut k)?;
    let mut rows = k.rows;

    // The store alone: the charts' reads, then one command, to commit.
    let mut store = Store::open(path)?;
    reports(&store, runs, &mut rows)?;
    let ids: Vec<ItemId> = store
        .backlog_page(items / 2, 3, &crate::domain::filter::Filter::default())?
        .into_iter()
        .map(|r| r.item.id)
        .collect();
    if ids.len() == 3 {
        let (mut rank, mut column) = (Vec::new(), Vec::new());
        for i in 0..runs {
            let placement = if i % 2 == 0 {
                Placement::After(ids[2])
            } else {
                Placement::Before(ids[0])
            };
            let start = Instant::now();
            store.move_rank(ids[1], placement, "bench")?;
            rank.push(start.elapsed());
            let to = if i % 2 == 0 {
                State::Review
            } else {
                State::Done
            };
            let gate = Gate {
                dor: &[],
                force: false,
            };
            let start = Instant::now();
            store.move_to_state(ids[1], to, "bench", gate)?;
            column.push(start.elapsed());
        }
        rows.push(("store: rank move, to commit".into(), median(rank)));
        rows.push(("store: column move, to commit".into(), median(column)));
    }
    rows.push(("peak memory (RSS, MB)".into(), peak_rss_mb()));
    // Last, as it writes a megabyte into two items of the file.
    let mut k = keys::Keys::new(runs)?;
    keys::measure_long_text(path, &config, &mut k)?;
    rows.extend(k.rows);
    Ok(Figures { items, runs, rows })
}

/// A current cycle (13 weeks, started three weeks ago) with the top 50
/// items pulled in, so the backlog draws its cut line.
fn plan_a_cycle(store: &mut Store) -> anyhow::Result<()> {
    use crate::domain::cycle::{CycleShape, day_after};
    let today = store.today()?;
    store.add_cycle(
        &crate::store::NewCycle {
            name: "bench".into(),
            start: day_after(&today, -21).unwrap_or(today),
            shape: CycleShape::default(),
        },
        "bench",
    )?;
    let top: Vec<ItemId> = store
        .backlog_page(0, 50, &crate::domain::filter::Filter::default())?
        .into_iter()
        .map(|r| r.item.id)
        .collect();
    for id in top {
        store.plan_cycle(id, Some("bench"), "bench")?;
    }
    Ok(())
}

/// The charts' and the cycle's reads, alone.
fn reports(store: &Store, runs: usize, rows: &mut Vec<(String, f64)>) -> anyhow::Result<()> {
    use crate::domain::cycle::day_after;
    let today = store.today()?;
    let from = day_after(&today, -crate::app::reports::FLOW_DAYS).unwrap_or_default();
    let mut time = |label: &str, f: &mut dyn FnMut() -> anyhow::Result<()>| -> anyhow::Result<()> {
        let mut t = Vec::new();
        for _ in 0..runs {
            let start = Instant::now();
            f()?;
            t.push(start.elapsed());
        }
        rows.push((label.to_string(), median(t)));
        Ok(())
    };
    time("store: cumulative flow, 2 years by day", &mut || {
        store.cumulative_flow(&from, &today, 1)?;
        Ok(())
    })?;
    let release = store.releases()?.into_iter().next();
    time("store: release burn-up and forecast", &mut || {
        if let Some(r) = &release {
            let its = store.past_iterations(12, 3)?;
            store.burnup(r, &its)?;
            let v = store.velocity(0, &its)?;
            store.release_forecast(r, &its, &v)?;
        }
        Ok(())
    })?;
    let half_year = day_after(&today, -crate::app::reports::LEAD_DAYS);
    time("store: lead and cycle times, 26 weeks", &mut || {
        store.lead_times(half_year.as_deref())?;
        Ok(())
    })?;
    let cycle = store.current_cycle()?;
    time("store: cut line and load of the cycle", &mut || {
        if let Some(c) = &cycle {
            store.cut_line(c)?;
            store.cycle_load(c)?;
        }
        Ok(())
    })?;
    Ok(())
}

/// The parent: generate each size, measure it in a child process (or, with
/// `e2e`, run the real binary on it in a pseudo-terminal), print a table.
pub fn run(sizes: &[usize], runs: usize, dir: &Path, e2e: bool) -> anyhow::Result<()> {
    if cfg!(debug_assertions) {
        eprintln!(
            "note: this is a debug build; figures mean little. Use `cargo run --release -- bench`."
        );
    }
    std::fs::create_dir_all(dir).with_context(|| format!("could not create {}", dir.display()))?;
    let exe =
        std::env::current_exe().context("cannot find this program to run the measurements")?;
    let mut all = Vec::new();
    for &n in sizes {
        let path: PathBuf = dir.join(format!("bench-{n}.db"));
        for suffix in ["", "-wal", "-shm"] {
            let mut p = path.clone().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(p));
        }
        let start = Instant::now();
        let seed = generate(n, 42);
        let made = start.elapsed();
        let mut store = Store::open_for_bulk_load(&path)?;
        // The charts' two years of made-up history go in with the rows.
        store.load_seed_in_bulk(&seed, "bench", |s| {
            s.write_synthetic_history(crate::app::reports::FLOW_DAYS, 42)
        })?;
        // On the same connection: a store opened afresh would wait for its
        // damage check (5 s at a million items) before the cycle's first write.
        plan_a_cycle(&mut store)?;
        drop(store);
        drop(seed);
        eprintln!(
            "generated {n} items in {:.1} s ({:.1} s to make them, the rest to write {})",
            start.elapsed().as_secs_f64(),
            made.as_secs_f64(),
            path.display()
        );
        // Each export runs as the command itself, in a process of its own,
        // on the file as generated (the measures below write into it).
        let exported = if e2e {
            Vec::new()
        } else {
            exports::measure(&exe, &path, runs.min(5))?
        };
        // A small process of its own measures (and, with e2e, starts the
        // board): forking this one, grown by generating, would cost more.
        let mut measuring = Command::new(&exe);
        measuring
            .args(["bench", "--measure"])
            .arg(&path)
            .args(["--runs", &runs.to_string()]);
        if e2e {
            measuring.arg("--e2e");
        }
        let out = measuring
            .env_remove("CLUSTERBOARD_DB")
            .output()
            .context("could not run the measuring process")?;
        if !out.status.success() {
            bail!(
                "measuring {n} items failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        let mut figures: Figures = serde_json::from_slice(&out.stdout)
            .context("the measuring process printed something unexpected")?;
        figures.rows.extend(exported);
        if !e2e {
            figures.rows.extend(session(&exe, &path)?);
        }
        all.push(figures);
    }
    print_table(&all, runs, e2e);
    Ok(())
}

/// Width of the label column.
const LABEL: usize = 40;

fn print_table(all: &[Figures], runs: usize, e2e: bool) {
    let cores = std::thread::available_parallelism().map_or(0, std::num::NonZero::get);
    let frame = if e2e {
        "160×45 pseudo-terminal".to_string()
    } else {
        format!("{WIDTH}×{HEIGHT} frame")
    };
    println!(
        "clusterboard bench · {} build · {cores} cores · medians of {runs} runs · {frame} · times in ms",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    );
    let Some(first) = all.first() else {
        return;
    };
    print!("| {:<LABEL$} |", "measure");
    for f in all {
        print!(" {:>13} |", format!("{} items", thousands(f.items)));
    }
    println!();
    print!("|{:-<w$}|", "", w = LABEL + 2);
    for _ in all {
        print!("{:->14}:|", "");
    }
    println!();
    for (i, (label, _)) in first.rows.iter().enumerate() {
        print!("| {label:<LABEL$} |");
        for f in all {
            let v = f.rows.get(i).map_or(f64::NAN, |r| r.1);
            print!(" {:>13} |", format!("{v:.2}"));
        }
        println!();
    }
}

fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_measurements_run_on_a_small_cluster() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.db");
        let mut store = Store::open(&path).unwrap();
        store.load_seed(&generate(500, 3), "bench").unwrap();
        drop(store);
        let f = measure(&path, 3).unwrap();
        assert_eq!(f.items, 500);
        for wanted in [
            "first releases frame",
            "walk to the next release",
            "filter: type",
            "suggested order",
            "portfolio: open an item",
            "portfolio: move item one rank",
            "first focus mode frame",
            "focus: next / previous item",
            "checkpoint: mark one",
            "backlog frame (Since column)",
            "since: select next row",
            "switch theme",
        ] {
            assert!(f.rows.iter().any(|(l, _)| l.contains(wanted)), "{wanted}");
        }
        assert!(
            f.rows.iter().all(|(_, v)| v.is_finite() && *v >= 0.0),
            "{:?}",
            f.rows
        );
    }
}
