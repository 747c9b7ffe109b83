//! Releases in the board: the `r` picker on an item, and the Releases view (4):
//! variants × versions by target date, accepting and shipping with a confirmation.

use std::ops::Range;

use super::layout::{FOOTER_ROWS, HEADER_ROWS};
use super::{Action, App, Panel, Table, short_title};
use crate::domain::release::{Release, ReleaseState, at_risk};
use crate::domain::{ItemId, State};
use crate::store::{ReleaseError, ReleaseHead, ReleaseItem, ReleaseStats, StoreError};

/// Ready items planned into no release that the view lists.
const UNPLANNED_SHOWN: usize = 20;

/// `r`: which releases the selected item is planned into, to change that.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleasePicker {
    pub item: ItemId,
    pub code: String,
    pub title: String,
    pub releases: Vec<Release>,
    /// Names of the releases the item is planned into now.
    pub planned: Vec<String>,
    pub cursor: usize,
    /// The accepted or released release the user was warned about: a
    /// second press on it plans the item anyway.
    pub warned: Option<usize>,
}

/// One release as the Releases view shows it: its head always, its counts
/// and the window of its items that is on screen only once it is on screen.
#[derive(Debug, Clone, PartialEq)]
pub struct ReleaseBlock {
    pub release: Release,
    pub days_left: Option<i64>,
    /// Items planned into it; known once the layout reached the block.
    pub count: Option<usize>,
    /// Counts and sums of its head lines; loaded once its head is on screen.
    pub stats: Option<ReleaseStats>,
    /// The block's lines on screen: 0 the head, 1 the sums, then one line per
    /// item (or one saying nothing is planned), then a blank line.
    pub shown: Range<usize>,
    /// The items on screen, from item `first` on, in cluster rank order, with
    /// their rank and a risk warning.
    pub first: usize,
    pub items: Vec<(usize, ReleaseItem, Option<&'static str>)>,
    /// When its points left are done at the cluster's recent pace; worked
    /// out with its sums, for a release not yet released.
    pub forecast: Option<crate::domain::forecast::Forecast>,
}

impl ReleaseBlock {
    fn new(head: ReleaseHead) -> ReleaseBlock {
        ReleaseBlock {
            release: head.release,
            days_left: head.days_left,
            count: None,
            stats: None,
            shown: 0..0,
            first: 0,
            items: Vec::new(),
            forecast: None,
        }
    }

    /// Lines the block takes: head, sums, its items (or a note), a gap.
    pub fn height(&self) -> usize {
        BLOCK_LINES + self.count.unwrap_or(0).max(1)
    }

    /// The item drawn on line `line` of the block, if it is loaded.
    pub fn item_on_line(&self, line: usize) -> Option<&(usize, ReleaseItem, Option<&'static str>)> {
        line.checked_sub(HEAD_LINES)
            .and_then(|i| i.checked_sub(self.first))
            .and_then(|i| self.items.get(i))
    }
}

/// Lines of a release block besides its items: head, sums and a gap.
const HEAD_LINES: usize = 2;
const BLOCK_LINES: usize = HEAD_LINES + 1;

/// Lines of releases on screen in a terminal `height` rows high (the view's
/// border takes two).
pub fn release_lines(height: u16) -> usize {
    usize::from(height.saturating_sub(HEADER_ROWS + FOOTER_ROWS + 2).max(1))
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReleasesView {
    /// Every release by target date (variants × versions: a few hundred at most).
    pub blocks: Vec<ReleaseBlock>,
    pub selected: usize,
    /// Lines scrolled into the selected release (page down and up), to reach items
    /// below the screen.
    pub offset: usize,
    pub unplanned_ready: Vec<ReleaseItem>,
    /// Points of the Cluster Definition of Done.
    pub dod_total: usize,
    /// Set while asking "ship this release?".
    pub confirm_ship: bool,
    /// The cluster's done points in its last iterations, for the forecasts,
    /// and how long an iteration runs, in days.
    pub velocity: crate::domain::forecast::Velocity,
    pub iteration_days: i64,
    pub today: String,
}

impl ReleasesView {
    pub fn selected_block(&self) -> Option<&ReleaseBlock> {
        self.blocks.get(self.selected)
    }

    /// Whether the lines after the last release are on screen.
    pub fn end_shown(&self) -> bool {
        self.blocks
            .last()
            .is_none_or(|b| !b.shown.is_empty() && b.shown.end == b.height())
    }
}

impl App {
    /// Loads the Releases view afresh: the release heads, then what is on
    /// screen. Counts and sums cached from before are dropped, as the data
    /// may have changed.
    pub(crate) fn load_releases(&mut self) -> Result<(), StoreError> {
        let blocks = self
            .store
            .release_heads()?
            .into_iter()
            .map(ReleaseBlock::new)
            .collect();
        let v = &mut self.releases;
        v.blocks = blocks;
        v.selected = v.selected.min(v.blocks.len().saturating_sub(1));
        v.dod_total = self.config.dod.len();
        v.unplanned_ready = self.store.unplanned_ready_items(UNPLANNED_SHOWN)?;
        let iterations = self
            .store
            .past_iterations(crate::store::RECENT, self.config.cycle.iteration_weeks)?;
        self.releases.velocity = self.store.velocity(0, &iterations)?;
        self.releases.iteration_days = iterations
            .last()
            .map_or(21, crate::domain::forecast::Iteration::days);
        self.releases.today = self.store.today()?;
        self.lay_out_releases()
    }

    /// Works out which lines are on screen, as if every release were drawn
    /// one below the other with the selected head a third down the screen,
    /// and loads only those: counts of the releases passed on the way, and
    /// sums and items of the ones shown. Known counts and sums are kept.
    fn lay_out_releases(&mut self) -> Result<(), StoreError> {
        let visible = release_lines(self.height);
        let n = self.releases.blocks.len();
        if n == 0 {
            return Ok(());
        }
        let sel = self.releases.selected.min(n - 1);
        self.releases.selected = sel;
        self.count_release(sel)?;
        let v = &mut self.releases;
        let above = visible / 3;
        // Paged down no further than the release's last line at the bottom.
        v.offset = v
            .offset
            .min((v.blocks[sel].height() + above).saturating_sub(visible));
        // Where the screen starts: (block, line in it).
        let mut start = (sel, v.offset.saturating_sub(above));
        let mut need = above.saturating_sub(v.offset);
        for j in (0..sel).rev() {
            if need == 0 {
                break;
            }
            self.count_release(j)?;
            let h = self.releases.blocks[j].height();
            if h >= need {
                start = (j, h - need);
                need = 0;
            } else {
                need -= h;
                start = (j, 0);
            }
        }
        // Fill the screen from there.
        let mut remaining = visible;
        let (mut b, mut line) = start;
        let mut shown = vec![0..0; n];
        while remaining > 0 && b < n {
            self.count_release(b)?;
            let h = self.releases.blocks[b].height();
            let take = (h - line.min(h)).min(remaining);
            shown[b] = line..line + take;
            remaining -= take;
            b += 1;
            line = 0;
        }
        for (i, range) in shown.into_iter().enumerate() {
            self.load_release_lines(i, range, i == sel)?;
        }
        Ok(())
    }

    /// Counts a release's items if that is not known yet.
    fn count_release(&mut self, i: usize) -> Result<(), StoreError> {
        if self.releases.blocks[i].count.is_none() {
            let id = self.releases.blocks[i].release.id;
            self.releases.blocks[i].count = Some(self.store.release_item_count(id)?);
        }
        Ok(())
    }

    /// Loads what lines `shown` of block `i` draw: its sums when its head is
    /// on screen (or it is selected: shipping asks with them), its items there.
    fn load_release_lines(
        &mut self,
        i: usize,
        shown: Range<usize>,
        selected: bool,
    ) -> Result<(), StoreError> {
        let b = &self.releases.blocks[i];
        let (id, release_state, days_left) = (b.release.id, b.release.state, b.days_left);
        let count = b.count.unwrap_or(0);
        let on_screen = !shown.is_empty() && shown.start < HEAD_LINES;
        let need_sums = b.stats.is_none() && (selected || on_screen);
        let first = shown.start.saturating_sub(HEAD_LINES).min(count);
        let last = shown.end.saturating_sub(HEAD_LINES).min(count);
        let keep = b.first == first && b.items.len() == last.saturating_sub(first);
        let stats = if need_sums {
            let dor: Vec<String> = self.config.dor.iter().map(|p| p.key.clone()).collect();
            let dod: Vec<String> = self.config.dod.iter().map(|p| p.key.clone()).collect();
            Some(self.store.release_stats(id, &dor, &dod)?)
        } else {
            None
        };
        let items = if keep || last <= first {
            None
        } else {
            Some(
                self.store
                    .release_items_page(id, first..last, count)?
                    .into_iter()
                    .map(|(rank, item)| {
                        // A released release keeps its unfinished items in view to re-plan.
                        let risk = if release_state == ReleaseState::Released {
                            (item.state < State::Done).then_some("left behind: re-plan it")
                        } else {
                            days_left.and_then(|d| at_risk(item.state, d))
                        };
                        (rank, item, risk)
                    })
                    .collect(),
            )
        };
        let v = &mut self.releases;
        let b = &mut v.blocks[i];
        if let Some(s) = stats {
            b.count = Some(s.items);
            b.stats = Some(s);
            b.forecast = (b.release.state != ReleaseState::Released).then(|| {
                crate::domain::forecast::forecast(
                    s.points_planned.saturating_sub(s.points_done),
                    &v.velocity,
                    &v.today,
                    v.iteration_days,
                    b.release.target_date.as_deref(),
                )
            });
        }
        match items {
            Some(items) => b.items = items,
            None if last <= first => b.items.clear(),
            None => {}
        }
        b.first = first;
        b.shown = shown;
        Ok(())
    }

    pub(crate) fn open_release_picker(&mut self) -> Result<(), StoreError> {
        let Some(id) = self.selected_id() else {
            self.nothing_selected();
            return Ok(());
        };
        // Open releases first; accepted and released ones after them, to
        // plan into after a warning (a late fix shipped with a release).
        let mut releases: Vec<Release> = self.store.releases()?;
        releases.sort_by_key(|r| r.state == ReleaseState::Released);
        if releases.is_empty() {
            self.warn("No release to plan into: add one with `:release add Pro 2.3`.");
            return Ok(());
        }
        let d = self.store.item_detail(id, 0)?;
        self.panel = Some(Panel::Releases(Box::new(ReleasePicker {
            item: id,
            code: d.item.code(),
            title: crate::domain::text::shown(&d.item.title),
            releases,
            planned: d.releases,
            cursor: 0,
            warned: None,
        })));
        Ok(())
    }

    pub(crate) fn picker_key(&mut self, action: Action) -> Result<(), StoreError> {
        let Some(Panel::Releases(p)) = self.panel.as_mut() else {
            return Ok(());
        };
        match action {
            Action::SelectUp => {
                p.cursor = p.cursor.saturating_sub(1);
                p.warned = None;
            }
            Action::SelectDown => {
                p.cursor = (p.cursor + 1).min(p.releases.len() - 1);
                p.warned = None;
            }
            Action::Toggle | Action::Confirm | Action::Back => {
                let r = p.releases[p.cursor].clone();
                let (id, code, title) = (p.item, p.code.clone(), p.title.clone());
                let clear = action == Action::Back || p.planned.contains(&r.name);
                let closed = r.state != crate::domain::release::ReleaseState::Planned;
                if !clear && closed && p.warned != Some(p.cursor) {
                    p.warned = Some(p.cursor);
                    let e = crate::store::ReleaseError::Closed {
                        name: r.name.clone(),
                        state: r.state,
                    };
                    let again = self.keymap.key(Table::Picker, action);
                    self.warn(format!(
                        "{e}. {again} again plans {code} into it anyway (recorded); another key leaves it."
                    ));
                    return Ok(());
                }
                if let Some(Panel::Releases(p)) = self.panel.as_mut() {
                    p.warned = None;
                }
                if clear {
                    self.store.plan(id, None, &r.variant, &self.who)?;
                } else {
                    self.store.plan(id, Some(&r), &r.variant, &self.who)?;
                }
                let planned = self.store.item_detail(id, 0)?.releases;
                if let Some(Panel::Releases(p)) = self.panel.as_mut() {
                    p.planned = planned;
                }
                self.reload()?;
                self.info(if clear {
                    format!(
                        "Took {code} \"{}\" out of the {} plan.",
                        short_title(&title),
                        r.variant
                    )
                } else {
                    format!(
                        "Planned {code} \"{}\" into {}.",
                        short_title(&title),
                        r.name
                    )
                });
            }
            Action::Close | Action::Quit | Action::PlanRelease => self.panel = None,
            _ => {}
        }
        Ok(())
    }

    /// Keys of the Releases view. Returns false for the ones that work as everywhere.
    /// The answer to "Release Pro 2.1?".
    pub(crate) fn confirm_ship_key(&mut self, action: Action) -> Result<(), StoreError> {
        match action {
            Action::Yes | Action::Confirm => {
                self.releases.confirm_ship = false;
                self.ship_selected()?;
            }
            Action::No | Action::Close | Action::Quit => {
                self.releases.confirm_ship = false;
                self.info("Not released; nothing changed.");
            }
            _ => {}
        }
        Ok(())
    }

    pub(crate) fn releases_key(&mut self, action: Action) -> Result<bool, StoreError> {
        let n = self.releases.blocks.len();
        let v = &mut self.releases;
        let page = release_lines(self.height).saturating_sub(HEAD_LINES).max(1);
        match action {
            Action::SelectUp
            | Action::SelectLeft
            | Action::SelectDown
            | Action::SelectRight
            | Action::SelectFirst
            | Action::SelectLast
            | Action::PageDown
            | Action::PageUp => {
                match action {
                    Action::SelectUp | Action::SelectLeft => {
                        v.selected = v.selected.saturating_sub(1);
                        v.offset = 0;
                    }
                    Action::SelectDown | Action::SelectRight => {
                        v.selected = (v.selected + 1).min(n.saturating_sub(1));
                        v.offset = 0;
                    }
                    Action::SelectFirst => (v.selected, v.offset) = (0, 0),
                    Action::SelectLast => (v.selected, v.offset) = (n.saturating_sub(1), 0),
                    Action::PageDown => v.offset += page,
                    _ => v.offset = v.offset.saturating_sub(page),
                }
                self.lay_out_releases()?;
            }
            Action::AcceptRelease => self.accept_selected()?,
            Action::OpenDor => self.open_release_dod()?,
            Action::ShipRelease => {
                let Some(b) = self.releases.selected_block() else {
                    return Ok(true);
                };
                if b.release.state != ReleaseState::Accepted {
                    let why = match b.release.state {
                        ReleaseState::Planned => format!(
                            "accept it first ({})",
                            self.keymap.normal(Action::AcceptRelease)
                        ),
                        _ => "it is released already".to_string(),
                    };
                    self.warn(format!("{} cannot be released: {why}.", b.release.name));
                    return Ok(true);
                }
                let (done, left) = b.stats.map_or((0, 0), |s| (s.done, s.unfinished));
                let question = format!(
                    "Release {}? Its {done} Done items move to Released and today is stamped; {left} unfinished items stay where they are, still planned. {} releases, {} keeps it.",
                    b.release.name,
                    self.keymap.key(Table::Confirm, Action::Yes),
                    self.keymap.key(Table::Confirm, Action::No)
                );
                self.releases.confirm_ship = true;
                self.warn(question);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn accept_selected(&mut self) -> Result<(), StoreError> {
        let Some(b) = self.releases.selected_block() else {
            return Ok(());
        };
        let r = b.release.clone();
        match self.store.accept(&r, &self.config.dod, false, &self.who) {
            Ok(r) => {
                self.load_releases()?;
                self.info(format!(
                    "Accepted {} (by {}).",
                    r.name,
                    r.accepted_by.unwrap_or_default()
                ));
            }
            Err(e @ StoreError::Release(ReleaseError::DodOpen { .. })) => self.warn(format!(
                "{e}. {} ticks them here.",
                self.keymap.normal(Action::OpenDor)
            )),
            Err(e) if e.is_refusal() => self.warn(format!("{e}.")),
            Err(e) => return Err(e),
        }
        Ok(())
    }

    fn ship_selected(&mut self) -> Result<(), StoreError> {
        let Some(b) = self.releases.selected_block() else {
            return Ok(());
        };
        let shipped = self.store.ship(&b.release.clone(), &self.who)?;
        self.reload()?;
        let left = if shipped.left_behind.is_empty() {
            String::new()
        } else {
            let codes: Vec<String> = shipped
                .left_behind
                .iter()
                .map(super::super::domain::item::Item::code)
                .collect();
            format!(" Left behind, still planned: {}.", codes.join(", "))
        };
        self.info(format!(
            "Released {}: {} items moved to Released.{left} {} undoes it.",
            shipped.release.name,
            shipped.released.len(),
            self.keymap.normal(Action::Undo)
        ));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::View;
    use crate::config::Config;
    use crate::store::Store;

    fn app(width: u16, height: u16) -> App {
        let mut store = Store::open_in_memory().unwrap();
        store
            .load_seed(&crate::bench::generate(2_000, 9), "t")
            .unwrap();
        App::with_size(
            store,
            &Config::default(),
            false,
            (width, height),
            View::Releases,
        )
        .unwrap()
    }

    /// The lines on screen, and that each block loaded exactly its items shown.
    fn check_window(app: &App) -> usize {
        let mut lines = 0;
        for b in &app.releases.blocks {
            if b.shown.is_empty() {
                assert!(b.items.is_empty(), "{} is off screen", b.release.name);
                continue;
            }
            lines += b.shown.len();
            let all = app.store.release_items(&b.release).unwrap();
            assert_eq!(b.count, Some(all.len()));
            let want: Vec<(usize, ItemId)> = all
                .iter()
                .enumerate()
                .filter(|(k, _)| b.shown.contains(&(k + HEAD_LINES)))
                .map(|(_, (rank, i))| (*rank, i.id))
                .collect();
            let got: Vec<(usize, ItemId)> = b.items.iter().map(|(r, i, _)| (*r, i.id)).collect();
            assert_eq!(got, want, "{}", b.release.name);
        }
        lines
    }

    #[test]
    fn the_view_loads_only_the_lines_on_screen_with_the_selected_head_a_third_down() {
        let mut app = app(80, 24);
        let visible = release_lines(24);
        assert!(app.releases.blocks.len() >= 3);
        assert_eq!(check_window(&app), visible);
        assert!(
            app.releases.blocks[2].shown.is_empty(),
            "far releases load nothing"
        );
        app.update(Action::SelectDown);
        assert_eq!(check_window(&app), visible);
        // The tail of the release before sits above the selected head.
        let before = &app.releases.blocks[0];
        assert_eq!(before.shown.end, before.height());
        assert_eq!(before.shown.len(), visible / 3);
        assert_eq!(app.releases.blocks[1].shown.start, 0);
        assert!(app.releases.blocks[1].stats.is_some());
    }

    #[test]
    fn paging_walks_through_a_release_longer_than_the_screen() {
        let mut app = app(80, 24);
        let count = app.releases.blocks[0].count.unwrap();
        assert!(count > 3 * release_lines(24));
        app.update(Action::PageDown);
        app.update(Action::PageDown);
        check_window(&app);
        let b = &app.releases.blocks[0];
        assert!(b.shown.start > HEAD_LINES, "the head is scrolled off");
        app.update(Action::PageUp);
        app.update(Action::PageUp);
        app.update(Action::PageUp);
        assert_eq!(app.releases.blocks[0].shown.start, 0);
        app.update(Action::SelectLast);
        for _ in 0..count {
            app.update(Action::PageDown);
        }
        check_window(&app);
        assert!(
            app.releases.end_shown(),
            "paged to the end of the last release"
        );
        let last = app.releases.blocks.last().unwrap();
        assert_eq!(last.shown.len(), release_lines(24), "the last page is full");
    }
}
