//! `bench --e2e`: the real binary in a pseudo-terminal, timed from outside as
//! a person sees it: bytes in (a key) to the last byte of the frame out, and
//! its CPU time from /proc while idle and while another process writes.
//!
//! The pty comes from `portable-pty` (wezterm's, kept with it): it opens the
//! pair, makes the child a session leader with the pty as its controlling
//! terminal (so crossterm reads its size from it, as in a real terminal) and
//! does the unsafe parts itself, where this crate forbids unsafe code.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, anyhow, bail};
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

use super::median;
use crate::domain::ItemId;
use crate::domain::filter::Filter;
use crate::store::{Placement, Store};

/// The terminal the issue measured in.
const COLS: u16 = 160;
const ROWS: u16 = 45;
/// A frame is complete when no byte followed its last one for this long.
const QUIET: Duration = Duration::from_millis(40);
/// What the last row of the board's first frame ends with (the key hints).
const FIRST_FRAME_MARK: &[u8] = b"quit";

/// One run of the binary in a pty.
struct Session {
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
    keys: Box<dyn Write + Send>,
    out: Receiver<(Instant, Vec<u8>)>,
    pid: u32,
}

impl Session {
    /// Starts the board on `db`; returns it and when it was started.
    fn start(
        exe: &Path,
        db: &Path,
        trace: &Path,
        config_home: &Path,
    ) -> anyhow::Result<(Session, Instant, u128)> {
        let mut cmd = CommandBuilder::new(exe);
        // A pseudo-terminal's command starts in the home directory: a
        // relative path (the benchmark's own target/bench) would be lost.
        cmd.cwd(std::env::current_dir().context("cannot read the current directory")?);
        cmd.arg("--db");
        cmd.arg(db);
        cmd.env("XDG_CONFIG_HOME", config_home);
        cmd.env("CLUSTERBOARD_TRACE", trace);
        cmd.env_remove("CLUSTERBOARD_DB");
        cmd.env_remove("NO_COLOR");
        Session::spawn(cmd)
    }

    /// Starts a program in a new pseudo-terminal of `COLS`×`ROWS`.
    fn spawn(mut cmd: CommandBuilder) -> anyhow::Result<(Session, Instant, u128)> {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .map_err(|e| anyhow!("could not open a pseudo-terminal: {e}"))?;
        cmd.env("TERM", "xterm-256color");
        let mut reader = pair
            .master
            .try_clone_reader()
            .map_err(|e| anyhow!("could not read the pseudo-terminal: {e}"))?;
        let keys = pair
            .master
            .take_writer()
            .map_err(|e| anyhow!("could not write to the pseudo-terminal: {e}"))?;
        let (tx, out) = channel();
        thread::spawn(move || {
            let mut buf = vec![0u8; 1 << 16];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send((Instant::now(), buf[..n].to_vec())).is_err() {
                    break;
                }
            }
        });
        let argv = format!("{:?}", cmd.get_argv());
        let wall = unix_ns();
        let started = Instant::now();
        let child = pair
            .slave
            .spawn_command(cmd)
            .map_err(|e| anyhow!("could not start {argv}: {e}"))?;
        let pid = child.process_id().context("the board has no process id")?;
        Ok((
            Session {
                child,
                _master: pair.master,
                keys,
                out,
                pid,
            },
            started,
            wall,
        ))
    }

    /// Waits until `mark` was written, then until the output goes quiet;
    /// returns the moment of the last byte.
    fn until_mark(&self, mark: &[u8], limit: Duration) -> anyhow::Result<Instant> {
        let deadline = Instant::now() + limit;
        let mut seen = Vec::new();
        let mut last = None;
        while !contains(&seen, mark) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.out.recv_timeout(left) {
                Ok((at, bytes)) => {
                    seen.extend_from_slice(&bytes);
                    last = Some(at);
                }
                Err(_) => bail!("the board drew no first frame within {limit:?}"),
            }
        }
        Ok(self.quiet_after(last.unwrap_or_else(Instant::now)))
    }

    /// Reads until no byte came for `QUIET`; the moment of the last one.
    fn quiet_after(&self, mut last: Instant) -> Instant {
        loop {
            match self.out.recv_timeout(QUIET) {
                Ok((at, _)) => last = at,
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return last,
            }
        }
    }

    /// Drops whatever output is pending.
    fn drain(&self) {
        while self.out.try_recv().is_ok() {}
    }

    /// Sends a key and times it to the last byte of the frame it drew.
    fn key(&mut self, bytes: &[u8]) -> anyhow::Result<Duration> {
        self.drain();
        self.key_within(bytes, Duration::from_secs(5))
    }

    /// [`Session::key`], waiting up to `limit` for the answer.
    fn key_within(&mut self, bytes: &[u8], limit: Duration) -> anyhow::Result<Duration> {
        let sent = Instant::now();
        self.keys.write_all(bytes)?;
        self.keys.flush()?;
        let Ok((first, _)) = self.out.recv_timeout(limit) else {
            bail!(
                "the board did not answer {:?}",
                String::from_utf8_lossy(bytes)
            );
        };
        Ok(self.quiet_after(first) - sent)
    }

    /// CPU time the board used so far (all its threads), from /proc.
    fn cpu(&self) -> Duration {
        let mut ns = 0u64;
        if let Ok(tasks) = std::fs::read_dir(format!("/proc/{}/task", self.pid)) {
            for t in tasks.flatten() {
                let stat = std::fs::read_to_string(t.path().join("schedstat")).unwrap_or_default();
                ns += stat
                    .split_whitespace()
                    .next()
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or(0);
            }
        }
        Duration::from_nanos(ns)
    }

    /// The share of one core the board used over `span`, in percent.
    fn cpu_share(&self, span: Duration) -> f64 {
        let before = self.cpu();
        let start = Instant::now();
        thread::sleep(span);
        let used = self.cpu().saturating_sub(before);
        used.as_secs_f64() / start.elapsed().as_secs_f64() * 100.0
    }

    fn quit(mut self) -> anyhow::Result<()> {
        let _ = self.keys.write_all(b"q");
        let _ = self.keys.flush();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if self.child.try_wait()?.is_some() {
                return Ok(());
            }
            thread::sleep(Duration::from_millis(10));
        }
        self.child.kill()?;
        bail!("the board did not quit on q")
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn unix_ns() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

/// The moments the board wrote to its trace file, in ns since the epoch.
fn phases(trace: &Path) -> Vec<(String, u128)> {
    std::fs::read_to_string(trace)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            let (name, ns) = l.split_once(' ')?;
            Some((name.to_string(), ns.parse().ok()?))
        })
        .collect()
}

/// Writes 50 changes a second to the file from this process until stopped:
/// rank moves of items spread over the backlog, each its own transaction.
fn writer(
    db: PathBuf,
    stop: Arc<AtomicBool>,
    failed: Arc<Mutex<Option<String>>>,
) -> thread::JoinHandle<()> {
    thread::spawn(move || {
        let run = || -> anyhow::Result<()> {
            let mut store = Store::open(&db)?;
            let n = store.item_count()?;
            let mut ids: Vec<ItemId> = Vec::new();
            for k in 0..50 {
                let page = store.backlog_page(n * k / 50, 2, &Filter::default())?;
                ids.extend(page.into_iter().map(|r| r.item.id));
            }
            let mut i = 0usize;
            while !stop.load(Ordering::Relaxed) {
                let started = Instant::now();
                if ids.len() >= 2 {
                    let (a, b) = (ids[i % ids.len()], ids[(i + 1) % ids.len()]);
                    store.move_rank(a, Placement::After(b), "bench-writer")?;
                }
                i += 1;
                thread::sleep(Duration::from_millis(20).saturating_sub(started.elapsed()));
            }
            Ok(())
        };
        if let Err(e) = run()
            && let Ok(mut f) = failed.lock()
        {
            *f = Some(e.to_string());
        }
    })
}

/// Every end-to-end measure of one database, as rows of the table.
pub(super) fn measure(exe: &Path, db: &Path, runs: usize) -> anyhow::Result<Vec<(String, f64)>> {
    let dir = tempfile_dir(db)?;
    let trace = dir.join("trace");
    let mut rows = Vec::new();

    // The floor: starting the process at all (clap prints the version).
    let mut starts = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        std::process::Command::new(exe).arg("--version").output()?;
        starts.push(t.elapsed());
    }
    rows.push(("e2e: process start (--version)".to_string(), median(starts)));

    // The floor of this harness: a program that prints a line at once.
    let mut floor = Vec::new();
    for _ in 0..runs {
        let mut cmd = CommandBuilder::new("/bin/echo");
        cmd.arg("quit");
        let (s, started, _) = Session::spawn(cmd)?;
        floor.push(s.until_mark(FIRST_FRAME_MARK, Duration::from_secs(5))? - started);
        let mut s = s;
        let _ = s.child.wait();
    }
    rows.push(("e2e: floor: echo's first line".to_string(), median(floor)));

    // Launch → first frame, and where the time goes.
    let (mut first, mut open, mut term, mut load, mut draw) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let _ = std::fs::remove_file(&trace);
        let (s, started, wall) = Session::start(exe, db, &trace, &dir)?;
        let shown = s.until_mark(FIRST_FRAME_MARK, Duration::from_secs(20))?;
        first.push(shown - started);
        let p = phases(&trace);

        let at = |name: &str| p.iter().find(|(n, _)| n == name).map(|(_, ns)| *ns);
        let span = |a: Option<u128>, b: Option<u128>| match (a, b) {
            (Some(a), Some(b)) => Duration::from_nanos(b.saturating_sub(a) as u64),
            _ => Duration::ZERO,
        };
        open.push(span(Some(wall), at("opened")));
        term.push(span(at("opened"), at("terminal")));
        load.push(span(at("terminal"), at("loaded")));
        draw.push(span(at("loaded"), at("drawn")));
        s.quit()?;
    }
    rows.push(("e2e: launch → first frame".into(), median(first)));
    rows.push(("e2e:   start, config, open the file".into(), median(open)));
    rows.push(("e2e:   terminal set-up".into(), median(term)));
    rows.push(("e2e:   load the board".into(), median(load)));
    rows.push(("e2e:   first frame drawn".into(), median(draw)));

    // Keys, each timed to the last byte of its frame.
    let _ = std::fs::remove_file(&trace);
    let (mut s, _, _) = Session::start(exe, db, &trace, &dir)?;
    s.until_mark(FIRST_FRAME_MARK, Duration::from_secs(20))?;
    // The first write of a fresh board waits for its damage check (the
    // whole file read on a thread): timed on its own, then the keys.
    let first_write = s.key_within(b"L", Duration::from_secs(120))?;
    s.key(b"H")?;
    rows.push((
        "e2e: first card move after launch".into(),
        first_write.as_secs_f64() * 1_000.0,
    ));
    for (label, a, b) in [
        ("e2e: key: select next card", b"j", b"k"),
        ("e2e: key: move card one column", b"L", b"H"),
        ("e2e: key: move item one rank", b"J", b"K"),
    ] {
        let mut times = Vec::new();
        for _ in 0..runs {
            times.push(s.key(a)?);
            times.push(s.key(b)?);
        }
        rows.push((label.into(), median(times)));
    }

    // CPU: left alone, then with another process writing 50 changes a second.
    s.drain();
    thread::sleep(Duration::from_millis(600));
    rows.push((
        "e2e: CPU, board left alone (%)".into(),
        s.cpu_share(Duration::from_secs(5)),
    ));
    let stop = Arc::new(AtomicBool::new(false));
    let failed = Arc::new(Mutex::new(None));
    let w = writer(db.to_path_buf(), Arc::clone(&stop), Arc::clone(&failed));
    for (view, key) in [
        ("board", b"1"),
        ("backlog", b"2"),
        ("teams", b"3"),
        ("releases", b"4"),
    ] {
        s.key(key)?;
        thread::sleep(Duration::from_secs(1));
        let share = s.cpu_share(Duration::from_secs(5));
        rows.push((format!("e2e: CPU, 50 writes/s, {view} (%)"), share));
    }
    stop.store(true, Ordering::Relaxed);
    let _ = w.join();
    if let Ok(f) = failed.lock()
        && let Some(e) = f.as_ref()
    {
        bail!("the writing process failed: {e}");
    }
    s.quit()?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(rows)
}

/// A scratch folder beside the database for the trace and an empty config.
fn tempfile_dir(db: &Path) -> anyhow::Result<PathBuf> {
    let dir = db.with_extension("e2e");
    std::fs::create_dir_all(&dir).with_context(|| format!("could not create {}", dir.display()))?;
    Ok(dir)
}
