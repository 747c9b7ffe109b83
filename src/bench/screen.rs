//! The shared screen's measures: the Portfolio view, focus mode, the backlog
//! against a checkpoint (its Since column), marking a checkpoint and the
//! theme switch. The same real `App` and `ui::render` as the other keys.

use std::path::Path;
use std::time::Instant;

use anyhow::bail;

use super::keys::{Keys, draw, open, terminal};
use super::median;
use crate::app::{Action, Mode, View};
use crate::config::Config;

/// open → first frame of `view` with `then` pressed before the frame is drawn.
fn first_frame_after(
    path: &Path,
    config: &Config,
    view: View,
    then: Action,
    runs: usize,
) -> anyhow::Result<f64> {
    let mut times = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let mut app = open(path, config, view)?;
        app.update(then);
        let mut t = terminal()?;
        draw(&mut t, &app)?;
        times.push(start.elapsed());
    }
    Ok(median(times))
}

/// The Portfolio view: moving through the tree, opening an item to its
/// derived items, and reranking a portfolio item.
pub(super) fn portfolio(path: &Path, config: &Config, k: &mut Keys) -> anyhow::Result<()> {
    let mut app = open(path, config, View::Portfolio)?;
    if app.portfolio.items < 2 {
        return Ok(());
    }
    // A few rows down, so both keys move the selection.
    for _ in 0..3 {
        app.update(Action::SelectDown);
    }
    k.pair(
        &mut app,
        "portfolio: select next row",
        Action::SelectDown,
        Action::SelectUp,
    )?;
    let (open_it, close_it) = k.alternate(&mut app, Action::Toggle, Action::Toggle)?;
    k.row("portfolio: open an item (Space)", open_it);
    k.row("portfolio: close an item (Space)", close_it);
    // Open, the selection walks into its derived rows and back.
    app.update(Action::Toggle);
    k.pair(
        &mut app,
        "portfolio: select next row (item open)",
        Action::SelectDown,
        Action::SelectUp,
    )?;
    app.update(Action::Toggle);
    k.pair(
        &mut app,
        "portfolio: move item one rank (J/K)",
        Action::RankDown,
        Action::RankUp,
    )?;
    Ok(())
}

/// Focus mode, from the backlog's middle: its first frame, scrolling the
/// facts, and walking to the next and previous item.
pub(super) fn focus(path: &Path, config: &Config, k: &mut Keys) -> anyhow::Result<()> {
    let frame = first_frame_after(path, config, View::Backlog, Action::Focus, k.runs)?;
    k.row("open → first focus mode frame (f)", frame);
    let mut app = open(path, config, View::Backlog)?;
    for _ in 0..5 {
        app.update(Action::SelectDown);
    }
    let (on, off) = k.alternate(&mut app, Action::Focus, Action::Close)?;
    k.row("focus: open (f)", on);
    k.row("focus: close (Esc)", off);
    app.update(Action::Focus);
    if app.mode() != Mode::Focus {
        bail!("f did not open focus mode: {}", app.status.text);
    }
    k.pair(
        &mut app,
        "focus: scroll (j/k)",
        Action::SelectDown,
        Action::SelectUp,
    )?;
    k.pair(
        &mut app,
        "focus: next / previous item (n/p)",
        Action::NextItem,
        Action::PreviousItem,
    )?;
    Ok(())
}

/// Marks checkpoints through the command line (`:checkpoint`), each a
/// row per item on the board; then the backlog against the last one.
pub(super) fn checkpoints(path: &Path, config: &Config, k: &mut Keys) -> anyhow::Result<()> {
    let mut app = open(path, config, View::Backlog)?;
    let mut marks = Vec::new();
    // Each mark writes every item's place: a few are enough.
    for _ in 0..k.runs.min(5) {
        app.update(Action::OpenCommandLine);
        // Named after today, with (2), (3)… after the first.
        for c in "checkpoint".chars() {
            app.update(Action::Type(c));
        }
        marks.push(k.press(&mut app, Action::Confirm)?);
    }
    k.row("checkpoint: mark one (:checkpoint)", median(marks));
    if app.screen.since.is_none() {
        bail!("the backlog shows no Since column after a checkpoint");
    }
    let frame = super::keys::first_frame(path, config, View::Backlog, k.runs)?;
    k.row("open → first backlog frame (Since column)", frame);
    let mut app = open(path, config, View::Backlog)?;
    for _ in 0..5 {
        app.update(Action::SelectDown);
    }
    k.pair(
        &mut app,
        "since: select next row (j/k)",
        Action::SelectDown,
        Action::SelectUp,
    )?;
    k.pair(
        &mut app,
        "since: page down / up",
        Action::PageDown,
        Action::PageUp,
    )?;
    Ok(())
}

/// F2 on the board: the next theme, drawn.
pub(super) fn theme(path: &Path, config: &Config, k: &mut Keys) -> anyhow::Result<()> {
    let mut app = open(path, config, View::Board)?;
    k.pair(
        &mut app,
        "key: switch theme (F2)",
        Action::NextTheme,
        Action::NextTheme,
    )
}
