//! The in-process measures: the real `App` (the reducer the keys drive) and
//! `ui::render` into a ratatui `TestBackend`, as a keypress costs in the event
//! loop, for every view and every dialog.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::bail;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::{HEIGHT, WIDTH, median};
use crate::app::{Action, App, Mode, View};
use crate::config::Config;
use crate::store::Store;

/// Collects the rows of the table while driving one app.
pub(super) struct Keys {
    t: Terminal<TestBackend>,
    pub runs: usize,
    pub rows: Vec<(String, f64)>,
}

pub(super) fn open(path: &Path, config: &Config, view: View) -> anyhow::Result<App> {
    let store = Store::open(path)?;
    Ok(App::with_size(store, config, false, (WIDTH, HEIGHT), view)?)
}

pub(super) fn terminal() -> anyhow::Result<Terminal<TestBackend>> {
    Ok(Terminal::new(TestBackend::new(WIDTH, HEIGHT))?)
}

pub(super) fn draw(t: &mut Terminal<TestBackend>, app: &App) -> anyhow::Result<()> {
    t.draw(|f| crate::ui::render(app, f))?;
    Ok(())
}

impl Keys {
    pub fn new(runs: usize) -> anyhow::Result<Keys> {
        Ok(Keys {
            t: terminal()?,
            runs,
            rows: Vec::new(),
        })
    }

    pub fn row(&mut self, label: &str, ms: f64) {
        self.rows.push((label.to_string(), ms));
    }

    /// One keypress: the reducer, then the whole redraw.
    pub fn press(&mut self, app: &mut App, action: Action) -> anyhow::Result<Duration> {
        let start = Instant::now();
        app.update(action);
        draw(&mut self.t, app)?;
        let took = start.elapsed();
        if app.status.level == crate::app::Level::Error {
            bail!(
                "{action:?} failed during the benchmark: {}",
                app.status.text
            );
        }
        Ok(took)
    }

    /// As the board's loop does after a key whose view waits for a read on
    /// a thread: looks every few milliseconds until it has come and draws
    /// it. The time from `start` until then.
    pub fn until_arrived(&mut self, app: &mut App, start: Instant) -> anyhow::Result<Duration> {
        while app.awaiting() {
            std::thread::sleep(Duration::from_millis(5));
            app.update(Action::Arrived);
        }
        draw(&mut self.t, app)?;
        Ok(start.elapsed())
    }

    /// Presses `a` then `b`, `runs` times; the medians of each.
    pub fn alternate(&mut self, app: &mut App, a: Action, b: Action) -> anyhow::Result<(f64, f64)> {
        let (mut ta, mut tb) = (Vec::new(), Vec::new());
        for _ in 0..self.runs {
            ta.push(self.press(app, a)?);
            tb.push(self.press(app, b)?);
        }
        Ok((median(ta), median(tb)))
    }

    /// The slower of a pair of opposite keys, as one row.
    pub fn pair(&mut self, app: &mut App, label: &str, a: Action, b: Action) -> anyhow::Result<()> {
        let (ta, tb) = self.alternate(app, a, b)?;
        self.row(label, ta.max(tb));
        Ok(())
    }

    /// A dialog opened with `open` and closed with `close`: one row each, and
    /// the dialog must open into `mode` and close back to normal.
    pub fn dialog(
        &mut self,
        app: &mut App,
        name: &str,
        open: Action,
        mode: fn(Mode) -> bool,
        close: Action,
    ) -> anyhow::Result<()> {
        let (mut to, mut tc) = (Vec::new(), Vec::new());
        for _ in 0..self.runs {
            to.push(self.press(app, open)?);
            if !mode(app.mode()) {
                bail!("{open:?} did not open {name}: {:?}", app.status.text);
            }
            tc.push(self.press(app, close)?);
            if app.mode() != Mode::Normal {
                bail!("{close:?} did not close {name}");
            }
        }
        self.row(&format!("dialog: open {name}"), median(to));
        self.row(&format!("dialog: close {name}"), median(tc));
        Ok(())
    }

    /// Keys inside a dialog: opens it, alternates `a`/`b`, closes it.
    pub fn inside(
        &mut self,
        app: &mut App,
        label: &str,
        open: Action,
        (a, b): (Action, Action),
        close: Action,
    ) -> anyhow::Result<()> {
        app.update(open);
        // A dialog that reads on a thread (the suggested order) has come.
        self.until_arrived(app, Instant::now())?;
        let (ta, tb) = self.alternate(app, a, b)?;
        app.update(close);
        if app.mode() != Mode::Normal {
            bail!("{close:?} did not close the dialog of {label}");
        }
        self.row(label, ta.max(tb));
        Ok(())
    }
}

/// open → first frame of `view`, `runs` times.
pub(super) fn first_frame(
    path: &Path,
    config: &Config,
    view: View,
    runs: usize,
) -> anyhow::Result<f64> {
    let mut times = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let app = open(path, config, view)?;
        let mut t = terminal()?;
        draw(&mut t, &app)?;
        times.push(start.elapsed());
    }
    Ok(median(times))
}

/// Every view and dialog, on the board as the benchmark leaves it.
pub(super) fn measure_keys(path: &Path, config: &Config, k: &mut Keys) -> anyhow::Result<()> {
    let mut app = open(path, config, View::Board)?;
    draw(&mut k.t, &app)?;

    // Selection in the long Funnel column.
    k.pair(
        &mut app,
        "key: select next card",
        Action::SelectDown,
        Action::SelectUp,
    )?;

    // A card one column right and back (Ready ↔ Planned: no DoR gate).
    app.update(Action::SelectRight);
    app.update(Action::SelectRight);
    app.update(Action::SelectFirst);
    k.pair(
        &mut app,
        "key: move card one column",
        Action::MoveCardRight,
        Action::MoveCardLeft,
    )?;

    // One place down and back up within the column.
    k.pair(
        &mut app,
        "key: move item one rank",
        Action::RankDown,
        Action::RankUp,
    )?;

    // Dialogs on the first Ready card.
    dialogs(&mut app, k)?;

    // The same deep in the order: the last card of the last column, whose
    // cluster rank (said on the status line) is counted.
    for _ in 0..app.columns.len() {
        app.update(Action::SelectRight);
    }
    app.update(Action::SelectLast);
    k.pair(
        &mut app,
        "key: move item one rank (last card)",
        Action::RankUp,
        Action::RankDown,
    )?;

    // Views, from the board and back.
    for (label, to) in [
        ("backlog", Action::ShowBacklog),
        ("teams", Action::ShowTeams),
        ("releases", Action::ShowReleases),
        ("reports", Action::ShowReports),
    ] {
        let (there, back) = k.alternate(&mut app, to, Action::ShowBoard)?;
        k.row(&format!("key: switch view (board → {label})"), there);
        k.row(&format!("key: switch view ({label} → board)"), back);
    }

    // Selection at the far end of the backlog table.
    app.update(Action::ShowBacklog);
    app.update(Action::SelectLast);
    k.pair(
        &mut app,
        "key: select row at the backlog's end",
        Action::SelectUp,
        Action::SelectDown,
    )?;

    // One place down and back in the backlog: the cut line is worked out again.
    app.update(Action::SelectFirst);
    k.pair(
        &mut app,
        "backlog: move item one rank (cut line)",
        Action::RankDown,
        Action::RankUp,
    )?;
    app.update(Action::SelectLast);

    // Bottom to top of the whole backlog, and back.
    let (top, bottom) = k.alternate(&mut app, Action::RankTop, Action::RankBottom)?;
    k.row("key: move item bottom → top", top);
    k.row("key: move item top → bottom", bottom);

    // A team backlog: its tab and a row.
    app.update(Action::ShowTeams);
    k.pair(
        &mut app,
        "key: switch team tab",
        Action::SelectRight,
        Action::SelectLeft,
    )?;
    k.pair(
        &mut app,
        "key: select next team row",
        Action::SelectDown,
        Action::SelectUp,
    )?;

    releases(&mut app, k)?;

    // The Reports view: burn-up ↔ cumulative flow (two years), and lead time.
    app.update(Action::ShowReports);
    k.pair(
        &mut app,
        "reports: burn-up ↔ cumulative flow",
        Action::SelectRight,
        Action::SelectLeft,
    )?;
    app.update(Action::SelectLeft);
    k.pair(
        &mut app,
        "reports: lead time ↔ burn-up",
        Action::SelectRight,
        Action::SelectLeft,
    )?;

    first_lead_chart(path, config, k)?;

    app.update(Action::ShowBacklog);
    filter(&mut app, k)?;
    first_filter_key(path, config, k)?;
    Ok(())
}

/// The lead-time chart first shown in a freshly opened Reports view, at once
/// and as a person looks at the burn-up first: it is read on a thread meanwhile.
fn first_lead_chart(path: &Path, config: &Config, k: &mut Keys) -> anyhow::Result<()> {
    let (mut now, mut paused, mut shown) = (Vec::new(), Vec::new(), Vec::new());
    for pause in [false, true] {
        for _ in 0..k.runs.min(5) {
            let mut app = open(path, config, View::Board)?;
            app.update(Action::ShowReports);
            if pause {
                std::thread::sleep(std::time::Duration::from_millis(300));
            }
            let start = Instant::now();
            let t = k.press(&mut app, Action::SelectLeft)?;
            let all = k.until_arrived(&mut app, start)?;
            if app.reports.tab != crate::app::reports::ReportTab::LeadTime {
                bail!("the lead-time chart did not show");
            }
            if pause {
                paused.push(t);
            } else {
                now.push(t);
                shown.push(all);
            }
        }
    }
    let mut flow = Vec::new();
    for _ in 0..k.runs.min(5) {
        let mut app = open(path, config, View::Board)?;
        app.update(Action::ShowReports);
        flow.push(k.press(&mut app, Action::SelectRight)?);
    }
    k.row("reports: first cumulative flow (2 years)", median(flow));
    k.row("reports: first lead-time chart, at once", median(now));
    k.row("reports: … its times on screen, at once", median(shown));
    k.row(
        "reports: first lead-time chart, 0.3 s after 6",
        median(paused),
    );
    Ok(())
}

/// The Releases view: a release down and up, walking through every release
/// (each one new on screen), and paging through one release's items.
fn releases(app: &mut App, k: &mut Keys) -> anyhow::Result<()> {
    app.update(Action::ShowReleases);
    k.pair(
        app,
        "releases: select next release",
        Action::SelectDown,
        Action::SelectUp,
    )?;
    let n = app.releases.blocks.len();
    app.update(Action::SelectFirst);
    let mut walk = Vec::new();
    for _ in 1..n {
        walk.push(k.press(app, Action::SelectDown)?);
    }
    k.row("releases: walk to the next release", median(walk));
    k.pair(
        app,
        "releases: page through a release",
        Action::PageDown,
        Action::PageUp,
    )?;
    k.pair(
        app,
        "releases: first ↔ last release",
        Action::SelectLast,
        Action::SelectFirst,
    )?;
    Ok(())
}

/// The dialogs, opened on the selected card.
fn dialogs(app: &mut App, k: &mut Keys) -> anyhow::Result<()> {
    k.dialog(
        app,
        "item view",
        Action::OpenItem,
        |m| m == Mode::Item,
        Action::Close,
    )?;
    k.dialog(
        app,
        "help",
        Action::ToggleHelp,
        |m| m == Mode::Help,
        Action::Close,
    )?;
    k.inside(
        app,
        "dialog: scroll help",
        Action::ToggleHelp,
        (Action::SelectDown, Action::SelectUp),
        Action::Close,
    )?;
    let poker = |m| matches!(m, Mode::Poker { .. });
    k.dialog(
        app,
        "poker (value)",
        Action::PokerValue,
        poker,
        Action::Close,
    )?;
    k.dialog(
        app,
        "poker (effort)",
        Action::PokerEffort,
        poker,
        Action::Close,
    )?;
    k.inside(
        app,
        "dialog: poker card",
        Action::PokerValue,
        (Action::SelectRight, Action::SelectLeft),
        Action::Close,
    )?;
    k.dialog(
        app,
        "DoR",
        Action::OpenDor,
        |m| m == Mode::Dor,
        Action::Close,
    )?;
    k.inside(
        app,
        "dialog: DoR point",
        Action::OpenDor,
        (Action::SelectDown, Action::SelectUp),
        Action::Close,
    )?;
    k.inside(
        app,
        "dialog: DoR tick and untick",
        Action::OpenDor,
        (Action::Toggle, Action::Toggle),
        Action::Close,
    )?;
    k.dialog(
        app,
        "split",
        Action::Split,
        |m| m == Mode::Split,
        Action::Close,
    )?;
    k.inside(
        app,
        "dialog: split field",
        Action::Split,
        (Action::NextField, Action::PrevField),
        Action::Close,
    )?;
    k.dialog(
        app,
        "release picker",
        Action::PlanRelease,
        |m| m == Mode::Picker,
        Action::Close,
    )?;
    k.inside(
        app,
        "dialog: release picker row",
        Action::PlanRelease,
        (Action::SelectDown, Action::SelectUp),
        Action::Close,
    )?;
    k.dialog(
        app,
        "new-item form",
        Action::NewItem,
        |m| m == Mode::Form,
        Action::Close,
    )?;
    k.inside(
        app,
        "dialog: type in the new-item form",
        Action::NewItem,
        (Action::Type('a'), Action::Back),
        Action::Close,
    )?;
    k.dialog(
        app,
        "title editor (i)",
        Action::EditTitle,
        |m| m == Mode::Typing,
        Action::Close,
    )?;
    k.inside(
        app,
        "dialog: type in the title editor",
        Action::EditTitle,
        (Action::Type('a'), Action::Back),
        Action::Close,
    )?;
    let suggest = |m| matches!(m, Mode::Suggest { .. });
    k.dialog(
        app,
        "suggested order",
        Action::ShowSuggestion,
        suggest,
        Action::Close,
    )?;
    let mut shown = Vec::new();
    for _ in 0..k.runs.min(5) {
        let start = Instant::now();
        k.press(app, Action::ShowSuggestion)?;
        shown.push(k.until_arrived(app, start)?);
        if !matches!(&app.panel, Some(crate::app::Panel::Suggest(p)) if !p.rows.is_empty()) {
            bail!("the suggested order showed no rows");
        }
        app.update(Action::Close);
    }
    k.row("dialog: … the suggested order on screen", median(shown));
    k.inside(
        app,
        "dialog: scroll suggested order",
        Action::ShowSuggestion,
        (Action::PageDown, Action::PageUp),
        Action::Close,
    )?;
    k.dialog(
        app,
        "command line",
        Action::OpenCommandLine,
        |m| m == Mode::Command,
        Action::Close,
    )?;
    // Typing on the command line, and Tab completing an item code.
    let (mut typed, mut tab) = (Vec::new(), Vec::new());
    for _ in 0..k.runs {
        app.update(Action::OpenCommandLine);
        for c in "estimate F-1".chars() {
            typed.push(k.press(app, Action::Type(c))?);
        }
        tab.push(k.press(app, Action::NextField)?);
        app.update(Action::Close);
    }
    k.row("dialog: type on the command line", median(typed));
    k.row("dialog: Tab completes an item code", median(tab));
    archive(app, k)
}

/// The archive list (`X`) with one item in a hundred archived, and its rows;
/// the items are restored after, so the other measures see the whole cluster.
fn archive(app: &mut App, k: &mut Keys) -> anyhow::Result<()> {
    let last = i64::try_from(app.total_items).unwrap_or(i64::MAX);
    let ids: Vec<crate::domain::ItemId> = (1..=last)
        .rev()
        .take((app.total_items / 100).max(1))
        .map(crate::domain::ItemId)
        .collect();
    for &id in &ids {
        app.store.archive(id, "bench")?;
    }
    app.reload()?;
    k.dialog(
        app,
        "archive list",
        Action::ShowArchive,
        |m| m == Mode::Archive,
        Action::Close,
    )?;
    k.inside(
        app,
        "dialog: archive list row",
        Action::ShowArchive,
        (Action::SelectDown, Action::SelectUp),
        Action::Close,
    )?;
    for &id in &ids {
        app.store.restore_item(id, "bench")?;
    }
    app.reload()?;
    Ok(())
}

/// The first key of a filter in a freshly opened board, which reads every
/// title into the filter's index first.
fn first_filter_key(path: &Path, config: &Config, k: &mut Keys) -> anyhow::Result<()> {
    let (mut times, mut shown) = (Vec::new(), Vec::new());
    for _ in 0..k.runs.min(5) {
        let mut app = open(path, config, View::Backlog)?;
        app.update(Action::StartFilter);
        let start = Instant::now();
        times.push(k.press(&mut app, Action::Type('c'))?);
        shown.push(k.until_arrived(&mut app, start)?);
        if app.filter.is_empty() {
            bail!("the filter's first key was not applied");
        }
    }
    k.row("filter: first key after /, at once", median(times));
    k.row("filter: … its matches on screen", median(shown));
    // As a person types: `/`, a moment to think, then the key; the titles
    // are read on their own thread meanwhile.
    let mut paused = Vec::new();
    for _ in 0..k.runs.min(5) {
        let mut app = open(path, config, View::Backlog)?;
        app.update(Action::StartFilter);
        std::thread::sleep(std::time::Duration::from_millis(300));
        let start = Instant::now();
        k.press(&mut app, Action::Type('c'))?;
        paused.push(k.until_arrived(&mut app, start)?);
    }
    k.row(
        "filter: first key and its matches, 0.3 s after /",
        median(paused),
    );
    Ok(())
}

/// A text filter typed key by key, applied, then cleared, in the backlog.
fn filter(app: &mut App, k: &mut Keys) -> anyhow::Result<()> {
    let (mut typing, mut apply, mut clear) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..k.runs {
        app.update(Action::StartFilter);
        for c in "crash".chars() {
            typing.push(k.press(app, Action::Type(c))?);
        }
        apply.push(k.press(app, Action::Confirm)?);
        clear.push(k.press(app, Action::Close)?);
    }
    k.row("filter: type a key", median(typing));
    k.row("filter: apply (Enter)", median(apply));
    k.row("filter: clear (Esc)", median(clear));
    Ok(())
}

/// The same keys with a 1 MB title and description on screen, written into
/// the file as another program might: they should cost what short ones do.
pub(super) fn measure_long_text(path: &Path, config: &Config, k: &mut Keys) -> anyhow::Result<()> {
    let title = format!("Huge {}", "ab".repeat(500_000));
    let description = "cd".repeat(500_000);
    let mut store = Store::open(path)?;
    for state in [crate::domain::State::Funnel, crate::domain::State::Ready] {
        store.write_foreign_text(state, &title, &description)?;
    }
    drop(store);
    let frame = first_frame(path, config, View::Board, k.runs)?;
    k.row("1 MB title: open → first board frame", frame);
    let mut app = open(path, config, View::Board)?;
    k.pair(
        &mut app,
        "1 MB title: select next card",
        Action::SelectDown,
        Action::SelectUp,
    )?;
    app.update(Action::SelectFirst);
    k.dialog(
        &mut app,
        "item view (1 MB title)",
        Action::OpenItem,
        |m| m == Mode::Item,
        Action::Close,
    )?;
    app.update(Action::SelectRight);
    app.update(Action::SelectRight);
    app.update(Action::SelectFirst);
    k.pair(
        &mut app,
        "1 MB title: move card one column",
        Action::MoveCardRight,
        Action::MoveCardLeft,
    )?;
    app.update(Action::ShowBacklog);
    app.update(Action::SelectFirst);
    k.pair(
        &mut app,
        "1 MB title: select next backlog row",
        Action::SelectDown,
        Action::SelectUp,
    )?;
    let mut typing = Vec::new();
    for _ in 0..k.runs {
        app.update(Action::StartFilter);
        for c in "huge".chars() {
            typing.push(k.press(&mut app, Action::Type(c))?);
        }
        app.update(Action::Close);
    }
    k.row("1 MB title: filter, a key", median(typing));
    Ok(())
}
