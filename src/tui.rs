//! The terminal: setup, the event loop, and putting the terminal back on every exit.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::bail;
use ratatui::crossterm::event::{self, Event, KeyEventKind};

use crate::app::editor::{EditorOutcome, EditorRequest};
use crate::app::{Action, App, View};
use crate::config::Config;
use crate::store::Store;
use crate::terminal::{self, Screen};

/// How often we look for changes made by another session on the same file.
const WATCH_EVERY: Duration = Duration::from_millis(500);
/// How often a view waiting for a read on a thread looks whether it came.
const AWAIT_EVERY: Duration = Duration::from_millis(5);

/// Where the end-to-end benchmark asks for the moments of start-up.
const TRACE_VAR: &str = "CLUSTERBOARD_TRACE";

/// Appends `phase <unix time in ns>` to the file named by `CLUSTERBOARD_TRACE`
/// (the benchmark's `--e2e` mode), so it can say where start-up time goes.
fn trace(phase: &str) {
    let Some(path) = std::env::var_os(TRACE_VAR) else {
        return;
    };
    let ns = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        let _ = writeln!(f, "{phase} {ns}");
    }
}

/// Opens the board in the terminal on `store` and runs it until the user quits.
pub fn run(store: Store, config: &Config, demo: bool) -> anyhow::Result<()> {
    trace("opened");
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!("the board needs a terminal: run it in one, or use a subcommand (see --help)");
    }
    let stop = terminal::stop_signals()?;
    // A lock held by another program is waited for a moment, then retried on
    // the next tick, so the board never freezes for the whole busy timeout.
    store.set_busy_timeout(Duration::from_millis(200))?;
    let mouse = config.mouse;
    let mut screen = terminal::take(mouse)?;
    trace("terminal");
    watch_for_hang_up();
    let size = screen.size()?;
    let result = App::with_size(store, config, demo, (size.width, size.height), View::Board)
        .map_err(anyhow::Error::from)
        .and_then(|mut app| {
            trace("loaded");
            let result = event_loop(&mut screen, &mut app, mouse, &stop);
            // A timebox still running when the board closes: its time is recorded.
            app.finish_timebox();
            result
        });
    terminal::give_back();
    result
}

/// Ends the board once its terminal is gone. Closing a terminal sends a
/// hang-up that ends the process, but a board started with that signal
/// ignored (nohup, some harnesses) would stay, and crossterm reads the dead
/// terminal in a tight loop: one core burnt for nothing. A thread looks
/// once a second (an ioctl) and exits; every finished command is committed,
/// and there is no terminal left to restore.
fn watch_for_hang_up() {
    /// Exit status of a process ended by a hang-up (128 + SIGHUP).
    const HUNG_UP: i32 = 129;
    std::thread::spawn(|| {
        loop {
            std::thread::sleep(Duration::from_secs(1));
            if !std::io::stdin().is_terminal() {
                std::process::exit(HUNG_UP);
            }
        }
    });
}

fn event_loop(
    screen: &mut Screen,
    app: &mut App,
    mouse: bool,
    stop: &AtomicBool,
) -> anyhow::Result<()> {
    let mut dirty = true;
    let mut first = true;
    let mut last_watch = Instant::now();
    loop {
        if dirty {
            screen.draw(|frame| crate::ui::render(app, frame))?;
            if first {
                trace("drawn");
                first = false;
            }
            dirty = false;
        }
        // A quit, or a signal from outside: either way the terminal is given back.
        if app.quit || stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        // E: hand the terminal to the editor until it is done, as often as the
        // file has to be fixed.
        while let Some(req) = app.take_editor_request() {
            let outcome = run_editor(screen, &req, mouse)?;
            app.finish_editor(&req, outcome);
            dirty = true;
        }
        if dirty {
            screen.draw(|frame| crate::ui::render(app, frame))?;
            dirty = false;
        }
        let mut wait = WATCH_EVERY.saturating_sub(last_watch.elapsed());
        // A read left to a thread is shown the moment it comes.
        if app.awaiting() {
            wait = wait.min(AWAIT_EVERY);
        }
        if event::poll(wait)? {
            match event::read()? {
                Event::Key(key) if key.kind != KeyEventKind::Release => {
                    if let Some(action) = app.keymap.action_for(&key, app.mode()) {
                        app.update(action);
                        dirty = true;
                    }
                }
                Event::Mouse(m) if mouse => {
                    if let Some(action) = crate::app::keymap::mouse_action(&m) {
                        app.update(action);
                        dirty = true;
                    }
                }
                Event::Paste(text) => {
                    app.paste(&text);
                    dirty = true;
                }
                Event::Resize(w, h) => {
                    let (w, h) = terminal::resize(screen, w, h)?;
                    app.update(Action::Resize(w, h));
                    dirty = true;
                }
                _ => {}
            }
        }
        if app.awaiting() {
            app.update(Action::Arrived);
            dirty |= !app.awaiting();
        }
        if last_watch.elapsed() >= WATCH_EVERY {
            last_watch = Instant::now();

            let (seen, said) = (app.data_version(), app.status.clone());
            app.update(Action::Tick);
            // Redraw when another session committed, the tick said something new,
            // or a timebox counts down.
            dirty |=
                app.data_version() != seen || app.status != said || app.screen.timebox.is_some();
            if app.take_bell() {
                let mut out = std::io::stdout();
                let _ = std::io::Write::write_all(&mut out, b"\x07");
                let _ = std::io::Write::flush(&mut out);
            }
        }
    }
}

/// The editor the user asked for: `$VISUAL`, else `$EDITOR`, else `vi`, and
/// which of them said so.
fn editor_command() -> (String, &'static str) {
    for var in ["VISUAL", "EDITOR"] {
        if let Some(v) = std::env::var_os(var).filter(|v| !v.is_empty()) {
            return (v.to_string_lossy().into_owned(), var);
        }
    }
    ("vi".to_string(), "the default")
}

/// Leaves the board for the editor and comes back: the terminal is put back
/// as the shell had it, then taken again. No cursor-position query is made
/// on the way back (a fresh terminal and a full clear draw the board again).
fn run_editor(
    screen: &mut Screen,
    req: &EditorRequest,
    mouse: bool,
) -> anyhow::Result<EditorOutcome> {
    let path = std::env::temp_dir().join(format!(
        "clusterboard-{}-{}-{}.md",
        std::process::id(),
        req.code,
        fastrand::u32(..)
    ));
    if let Err(e) = std::fs::write(&path, &req.text) {
        return Ok(EditorOutcome::Failed(format!(
            "could not write {} for the editor: {e}",
            path.display()
        )));
    }
    let (command, from) = editor_command();
    let Some(words) = shlex::split(&command).filter(|w| !w.is_empty()) else {
        let _ = std::fs::remove_file(&path);
        return Ok(EditorOutcome::Failed(format!(
            "${from} ({command:?}) does not read as a command: set $VISUAL or $EDITOR to one"
        )));
    };
    terminal::give_back();
    let status = std::process::Command::new(&words[0])
        .args(&words[1..])
        .arg(&path)
        .status();
    terminal::take_back(screen, mouse)?;
    let outcome = match status {
        Err(e) => EditorOutcome::Failed(format!(
            "could not start the editor {:?} (from {from}): {e}; set $VISUAL or $EDITOR to an editor that exists",
            words[0]
        )),
        Ok(s) if !s.success() => {
            EditorOutcome::Failed(format!("the editor {:?} exited with {s}", words[0]))
        }
        Ok(_) => match std::fs::read_to_string(&path) {
            Ok(text) => EditorOutcome::Saved(text),
            Err(e) => EditorOutcome::Failed(format!(
                "could not read {} back from the editor: {e}",
                path.display()
            )),
        },
    };
    let _ = std::fs::remove_file(&path);
    Ok(outcome)
}
