//! The terminal: setup, the event loop, and putting the terminal back on every exit.

use std::io::{BufWriter, IsTerminal, Stdout, Write};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyEventKind,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{EnterAlternateScreen, enable_raw_mode};

use crate::app::{Action, App, View};
use crate::config::Config;
use crate::store::Store;

/// How often we look for changes made by another session on the same file.
const WATCH_EVERY: Duration = Duration::from_millis(500);

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
    let mut terminal = init().context("could not set up the terminal")?;
    trace("terminal");
    watch_for_hang_up();
    let mouse = config.mouse;
    let size = terminal.size()?;
    let mut app = match App::with_size(store, config, demo, (size.width, size.height), View::Board)
    {
        Ok(app) => app,
        Err(e) => {
            ratatui::try_restore().context("could not restore the terminal")?;
            return Err(e.into());
        }
    };
    trace("loaded");
    let app = &mut app;
    // A paste arrives as text, so a pasted newline is never Enter.
    let _ = execute!(std::io::stdout(), EnableBracketedPaste);
    if mouse {
        let _ = execute!(std::io::stdout(), EnableMouseCapture);
    }
    let result = event_loop(&mut terminal, app, mouse);
    if mouse {
        let _ = execute!(std::io::stdout(), DisableMouseCapture);
    }
    let _ = execute!(std::io::stdout(), DisableBracketedPaste);
    ratatui::try_restore().context("could not restore the terminal")?;
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

/// The terminal, written through a buffer that holds a whole frame, so each
/// frame leaves in one write instead of one per kilobyte (`Stdout` flushes
/// its own 1 KB buffer as it fills).
type Screen = Terminal<CrosstermBackend<BufWriter<Stdout>>>;

/// Bytes a frame may take before it is written in two parts: a full
/// 200×60 frame with colours is about 60 KB.
const FRAME_BUFFER: usize = 256 * 1024;

/// Raw mode, the alternate screen, and a panic hook that puts the terminal
/// back before the panic message is printed (as `ratatui::init` does, but
/// with a buffer a frame fits in).
fn init() -> std::io::Result<Screen> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = ratatui::try_restore();
        hook(info);
    }));
    enable_raw_mode()?;
    execute!(std::io::stdout(), EnterAlternateScreen)?;
    Terminal::new(CrosstermBackend::new(BufWriter::with_capacity(
        FRAME_BUFFER,
        std::io::stdout(),
    )))
}

fn event_loop(terminal: &mut Screen, app: &mut App, mouse: bool) -> anyhow::Result<()> {
    let mut dirty = true;
    let mut first = true;
    let mut last_watch = Instant::now();
    loop {
        if dirty {
            terminal.draw(|frame| crate::ui::render(app, frame))?;
            if first {
                trace("drawn");
                first = false;
            }
            dirty = false;
        }
        if app.quit {
            return Ok(());
        }
        let wait = WATCH_EVERY.saturating_sub(last_watch.elapsed());
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
                    app.update(Action::Resize(w, h));
                    dirty = true;
                }
                _ => {}
            }
        }
        if last_watch.elapsed() >= WATCH_EVERY {
            last_watch = Instant::now();

            let (seen, said) = (app.data_version(), app.status.clone());
            app.update(Action::Tick);
            // Redraw when another session committed, or the tick said something new.
            dirty |= app.data_version() != seen || app.status != said;
        }
    }
}
