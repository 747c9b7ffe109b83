//! Taking the terminal and giving it back: raw mode, the alternate screen,
//! bracketed paste, the mouse. Every ending puts it back as the shell had it —
//! quitting, an error, a panic, and SIGTERM, SIGHUP, SIGINT or SIGQUIT sent from
//! outside — and no buffer is ever sized by what the terminal claims.

use std::io::{self, Stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Context;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::terminal::{
    self, Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::crossterm::{cursor, execute};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

/// The terminal, written through a buffer that holds a whole frame, so each
/// frame leaves in one write instead of one per kilobyte (`Stdout` flushes
/// its own 1 KB buffer as it fills).
pub type Screen = Terminal<CrosstermBackend<io::BufWriter<Stdout>>>;

/// Bytes a frame may take before it is written in two parts: a full
/// 200×60 frame with colours is about 60 KB.
const FRAME_BUFFER: usize = 256 * 1024;

/// The most cells drawn across and down, whatever size the terminal reports:
/// a terminal claiming 30000×30000 gets a board of this size, not an
/// allocation of 900 million cells.
pub const MAX_WIDTH: u16 = 1000;
pub const MAX_HEIGHT: u16 = 400;

/// Whether the mouse was taken, so giving the terminal back releases it.
static MOUSE: AtomicBool = AtomicBool::new(false);
/// Whether the terminal is ours now; restoring twice does nothing.
static TAKEN: AtomicBool = AtomicBool::new(false);

pub fn clamp(width: u16, height: u16) -> (u16, u16) {
    (width.clamp(1, MAX_WIDTH), height.clamp(1, MAX_HEIGHT))
}

/// A terminal drawing into a fixed, clamped area: resizes go through `resize`.
fn screen(width: u16, height: u16) -> io::Result<Screen> {
    let (w, h) = clamp(width, height);
    Terminal::with_options(
        CrosstermBackend::new(io::BufWriter::with_capacity(FRAME_BUFFER, io::stdout())),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, w, h)),
        },
    )
}

/// Enters raw mode and the alternate screen, and installs the panic hook that
/// gives the terminal back before the panic message is printed.
pub fn take(mouse: bool) -> anyhow::Result<Screen> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        give_back();
        previous(info);
    }));
    enter(mouse).context("could not set up the terminal")?;
    let (w, h) = terminal::size().unwrap_or((80, 24));
    screen(w, h).context("could not set up the terminal")
}

fn enter(mouse: bool) -> io::Result<()> {
    terminal::enable_raw_mode()?;
    TAKEN.store(true, Ordering::SeqCst);
    let mut out = io::stdout();
    execute!(
        out,
        EnterAlternateScreen,
        Clear(ClearType::All),
        cursor::Hide,
        // A paste arrives as text, so a pasted newline is never Enter.
        EnableBracketedPaste
    )?;
    if mouse {
        execute!(out, EnableMouseCapture)?;
        MOUSE.store(true, Ordering::SeqCst);
    }
    Ok(())
}

/// Puts the terminal back as the shell had it. Safe to call more than once,
/// from a panic or after a signal.
pub fn give_back() {
    if !TAKEN.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    if MOUSE.swap(false, Ordering::SeqCst) {
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

/// Takes the terminal again after an editor had it, cleared for a full redraw.
/// A fresh terminal draws everything without asking where the cursor is
/// (crossterm's cursor-position query hangs after some editors).
pub fn take_back(screen_ref: &mut Screen, mouse: bool) -> anyhow::Result<()> {
    enter(mouse).context("could not take the terminal back")?;
    let (w, h) = terminal::size().unwrap_or((80, 24));
    *screen_ref = screen(w, h).context("could not take the terminal back")?;
    Ok(())
}

/// Follows a resize, clamped.
pub fn resize(screen_ref: &mut Screen, width: u16, height: u16) -> io::Result<(u16, u16)> {
    let (w, h) = clamp(width, height);
    screen_ref.resize(Rect::new(0, 0, w, h))?;
    Ok((w, h))
}

/// A flag raised by SIGTERM, SIGHUP, SIGINT or SIGQUIT, which the event loop
/// reads to end as if the user had quit.
pub fn stop_signals() -> anyhow::Result<Arc<AtomicBool>> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let flag = Arc::new(AtomicBool::new(false));
    for sig in [SIGTERM, SIGHUP, SIGINT, SIGQUIT] {
        signal_hook::flag::register(sig, Arc::clone(&flag))
            .context("could not listen for signals")?;
    }
    Ok(flag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_absurd_size_is_clamped_and_a_zero_one_is_one() {
        assert_eq!(clamp(30_000, 30_000), (MAX_WIDTH, MAX_HEIGHT));
        assert_eq!(clamp(0, 0), (1, 1));
        assert_eq!(clamp(200, 60), (200, 60));
    }
}
