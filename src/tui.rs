//! The terminal: setup, the event loop, and putting the terminal back on every exit.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyEventKind,
};
use ratatui::crossterm::terminal::{
    self, Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::crossterm::{cursor, execute};

use crate::app::editor::{EditorOutcome, EditorRequest};
use crate::app::{Action, App, View};
use crate::config::Config;
use crate::store::Store;

/// How often we look for changes made by another session on the same file.
const WATCH_EVERY: Duration = Duration::from_millis(500);

/// Opens the board in the terminal on `store` and runs it until the user quits.
pub fn run(store: Store, config: &Config, demo: bool) -> anyhow::Result<()> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!("the board needs a terminal: run it in one, or use a subcommand (see --help)");
    }
    // ratatui::init enters raw mode and the alternate screen and installs a panic
    // hook that restores the terminal before the panic message is printed.
    let mut terminal = ratatui::try_init().context("could not set up the terminal")?;
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
    let app = &mut app;
    // A paste arrives as text, so a pasted newline is never Enter.
    let _ = execute!(std::io::stdout(), EnableBracketedPaste);
    if mouse {
        let _ = execute!(std::io::stdout(), EnableMouseCapture);
    }
    let result = event_loop(&mut terminal, app, mouse);
    // A timebox still running when the board closes: its time is recorded.
    app.finish_timebox();
    if mouse {
        let _ = execute!(std::io::stdout(), DisableMouseCapture);
    }
    let _ = execute!(std::io::stdout(), DisableBracketedPaste);
    ratatui::try_restore().context("could not restore the terminal")?;
    result
}

fn event_loop(terminal: &mut DefaultTerminal, app: &mut App, mouse: bool) -> anyhow::Result<()> {
    let mut dirty = true;
    let mut last_watch = Instant::now();
    loop {
        if dirty {
            terminal.draw(|frame| crate::ui::render(app, frame))?;
            dirty = false;
        }
        if app.quit {
            return Ok(());
        }
        // E: hand the terminal to the editor until it is done, as often as the
        // file has to be fixed.
        while let Some(req) = app.take_editor_request() {
            let outcome = run_editor(terminal, &req, mouse)?;
            app.finish_editor(&req, outcome);
            dirty = true;
        }
        if dirty {
            terminal.draw(|frame| crate::ui::render(app, frame))?;
            dirty = false;
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
    terminal: &mut DefaultTerminal,
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
    suspend(mouse);
    let status = std::process::Command::new(&words[0])
        .args(&words[1..])
        .arg(&path)
        .status();
    resume(terminal, mouse)?;
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

/// Gives the terminal back as it was before the board.
fn suspend(mouse: bool) {
    let mut out = std::io::stdout();
    if mouse {
        let _ = execute!(out, DisableMouseCapture);
    }
    let _ = execute!(
        out,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = terminal::disable_raw_mode();
}

/// Takes the terminal again after a suspension and clears it for a full redraw.
fn resume(term: &mut DefaultTerminal, mouse: bool) -> anyhow::Result<()> {
    terminal::enable_raw_mode().context("could not take the terminal back")?;
    let mut out = std::io::stdout();
    execute!(
        out,
        EnterAlternateScreen,
        Clear(ClearType::All),
        cursor::Hide,
        EnableBracketedPaste
    )
    .context("could not take the terminal back")?;
    if mouse {
        let _ = execute!(out, EnableMouseCapture);
    }
    *term = ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(std::io::stdout()))
        .context("could not take the terminal back")?;
    Ok(())
}
