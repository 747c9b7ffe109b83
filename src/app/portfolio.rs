//! The Portfolio view (`5`): the ranked portfolio backlog as a tree. Each
//! portfolio item expands to the cluster items derived from it; it is
//! reordered as the backlog is (K/J, T/B, m) and moved across the portfolio
//! Kanban with H/L. Only the rows on screen are loaded.

use std::collections::{BTreeSet, HashMap};

use super::{Action, App, Confirm, Prompt, PromptKind, View, short_title};
use crate::domain::portfolio::{DerivedShare, PortfolioId, PortfolioItem, Rollup};
use crate::store::{DerivedRow, PortfolioPlacement, StoreError};

/// One row of the tree on screen.
#[derive(Debug, Clone, PartialEq)]
pub enum PortfolioRow {
    Item {
        rank: usize,
        item: Box<PortfolioItem>,
        rollup: Rollup,
        expanded: bool,
    },
    Derived {
        parent: PortfolioId,
        row: Box<DerivedRow>,
    },
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PortfolioView {
    /// Portfolio items, and rows in all (items plus the derived rows shown).
    pub items: usize,
    pub count: usize,
    pub selected: usize,
    pub scroll: usize,
    pub rows: Vec<PortfolioRow>,
    pub expanded: BTreeSet<PortfolioId>,
    pub share: DerivedShare,
    /// Roll-ups read while the data stayed as it is (keyed by `rollups_at`):
    /// moving through the tree, opening an item or reranking one reads none
    /// again.
    pub rollups: HashMap<PortfolioId, Rollup>,
    /// The file's data version and last change when `rollups` were read.
    pub rollups_at: Option<(i64, i64)>,
}

impl PortfolioView {
    pub fn selected_row(&self) -> Option<&PortfolioRow> {
        self.selected
            .checked_sub(self.scroll)
            .and_then(|i| self.rows.get(i))
    }
}

/// How many derived items one expanded portfolio item shows at most.
const DERIVED_SHOWN: usize = 200;

impl App {
    /// The portfolio item of the selected row, when it is a portfolio row.
    pub(crate) fn selected_portfolio_row(&self) -> Option<PortfolioId> {
        if self.view != View::Portfolio {
            return None;
        }
        match self.portfolio.selected_row()? {
            PortfolioRow::Item { item, .. } => Some(item.id),
            PortfolioRow::Derived { .. } => None,
        }
    }

    /// Where the data stands now, for the roll-ups kept.
    fn data_now(&self) -> Result<(i64, i64), StoreError> {
        Ok((self.store.data_version()?, self.store.last_change_id()?))
    }

    /// Forgets the roll-ups kept when the data changed since they were read.
    fn check_rollups(&mut self) -> Result<(), StoreError> {
        let now = self.data_now()?;
        if self.portfolio.rollups_at != Some(now) {
            self.portfolio.rollups.clear();
            self.portfolio.rollups_at = Some(now);
        }
        Ok(())
    }

    /// The data the roll-ups kept hold for, before a write that changes none.
    fn rollups_before_write(&mut self) -> Result<Option<(i64, i64)>, StoreError> {
        self.check_rollups()?;
        Ok(self.portfolio.rollups_at)
    }

    /// After a write that changes no roll-up (a rank or state move of a
    /// portfolio item): the ones kept still hold, unless another session
    /// wrote meanwhile (its change would be more than this one).
    fn keep_rollups(&mut self, before: Option<(i64, i64)>) -> Result<(), StoreError> {
        let now = self.data_now()?;
        if let Some((version, change)) = before
            && now == (version, change + 1)
        {
            self.portfolio.rollups_at = Some(now);
        }
        Ok(())
    }

    /// A portfolio item's roll-up, read once while the data stays as it is.
    fn rollup_of(&mut self, id: PortfolioId) -> Result<Rollup, StoreError> {
        if let Some(r) = self.portfolio.rollups.get(&id) {
            return Ok(*r);
        }
        let r = self.store.rollup(id)?;
        self.portfolio.rollups.insert(id, r);
        Ok(r)
    }

    /// Loads the tree's counts and the rows on screen.
    pub(crate) fn load_portfolio(&mut self) -> Result<(), StoreError> {
        self.check_rollups()?;
        let page = self.backlog_page().max(1);
        let items = self.store.portfolio_count()?;
        // Where each expanded item stands, and how many rows it opens.
        let mut opened: Vec<(usize, PortfolioId, usize)> = Vec::new();
        let mut gone = Vec::new();
        let expanded: Vec<PortfolioId> = self.portfolio.expanded.iter().copied().collect();
        for id in expanded {
            match self.store.portfolio_item(id) {
                Ok(p) if p.archived_at.is_none() => {
                    let at = self.store.portfolio_position(id)?.saturating_sub(1);
                    let n = self.rollup_of(id)?.items.min(DERIVED_SHOWN);
                    opened.push((at, id, n));
                }
                _ => gone.push(id),
            }
        }
        for id in gone {
            self.portfolio.expanded.remove(&id);
        }
        opened.sort_unstable();
        let count = items + opened.iter().map(|o| o.2).sum::<usize>();
        let v = &mut self.portfolio;
        v.items = items;
        v.count = count;
        (v.selected, v.scroll) = super::layout::fit_window(count, v.selected, v.scroll, page);
        // Find the portfolio item at the top of the window, and how far into its
        // derived rows the window starts.
        let (mut index, mut skip) = (v.scroll, 0usize);
        for &(at, _, n) in &opened {
            if at < index {
                if index <= at + n {
                    skip = index - at;
                    index = at;
                    break;
                }
                index -= n;
            }
        }
        let first = index;
        let portfolio = self.store.portfolio_page(first, page + 1)?;
        let mut rows = Vec::with_capacity(page);
        for (k, item) in portfolio.into_iter().enumerate() {
            let expanded = self.portfolio.expanded.contains(&item.id);
            let rollup = self.rollup_of(item.id)?;
            let id = item.id;
            if skip == 0 {
                rows.push(PortfolioRow::Item {
                    rank: first + k + 1,
                    item: Box::new(item),
                    rollup,
                    expanded,
                });
            }
            if rows.len() >= page {
                break;
            }
            if expanded {
                // Only the derived rows that fall on screen are read.
                let from = skip.saturating_sub(1);
                let room = (page - rows.len()).min(DERIVED_SHOWN.saturating_sub(from));
                for row in self.store.derived(id, from, room)? {
                    rows.push(PortfolioRow::Derived {
                        parent: id,
                        row: Box::new(row),
                    });
                }
                if rows.len() >= page {
                    break;
                }
            }
            skip = 0;
        }
        self.portfolio.rows = rows;
        Ok(())
    }

    /// Keys of the Portfolio view; false for the ones that work as everywhere.
    pub(crate) fn portfolio_key(&mut self, action: Action) -> Result<bool, StoreError> {
        let page = self.backlog_page();
        let selected = self.portfolio.selected_row().cloned();
        let pid = match &selected {
            Some(PortfolioRow::Item { item, .. }) => Some(item.id),
            _ => None,
        };
        match action {
            Action::SelectUp
            | Action::SelectDown
            | Action::SelectFirst
            | Action::SelectLast
            | Action::PageUp
            | Action::PageDown => {
                let v = &self.portfolio;
                let selected = super::layout::step_selection(action, v.selected, v.count, page);
                let (_, scroll) =
                    super::layout::fit_window(v.count, selected, v.scroll, page.max(1));
                self.portfolio.selected = selected;
                // Within the rows on screen nothing needs reading again.
                if scroll != self.portfolio.scroll || self.portfolio.rows.is_empty() {
                    self.load_portfolio()?;
                }
            }
            Action::Toggle | Action::SelectRight => match &selected {
                Some(PortfolioRow::Item { item, expanded, .. }) => {
                    if *expanded && action == Action::Toggle {
                        self.portfolio.expanded.remove(&item.id);
                    } else {
                        self.portfolio.expanded.insert(item.id);
                    }
                    self.load_portfolio()?;
                }
                Some(PortfolioRow::Derived { .. }) | None => {}
            },
            Action::SelectLeft => match &selected {
                Some(PortfolioRow::Item { item, .. }) => {
                    self.portfolio.expanded.remove(&item.id);
                    self.load_portfolio()?;
                }
                Some(PortfolioRow::Derived { parent, .. }) => {
                    let parent = *parent;
                    self.portfolio.expanded.remove(&parent);
                    self.select_portfolio(parent)?;
                }
                None => {}
            },
            Action::RankUp | Action::RankDown | Action::RankTop | Action::RankBottom => {
                let Some(id) = pid else {
                    self.warn(format!(
                        "{} reorder the portfolio: select a portfolio item ({} goes to it); cluster items are ranked in the backlog ({}).",
                        self.keymap.pair(super::Table::Normal, Action::RankUp, Action::RankDown),
                        self.keymap.normal(Action::SelectLeft),
                        self.keymap.normal(Action::ShowBacklog)
                    ));
                    return Ok(true);
                };
                let to = match action {
                    Action::RankUp => PortfolioPlacement::Up,
                    Action::RankDown => PortfolioPlacement::Down,
                    Action::RankTop => PortfolioPlacement::Top,
                    _ => PortfolioPlacement::Bottom,
                };
                self.rank_portfolio(id, to)?;
            }
            Action::RankTo => {
                if pid.is_some() {
                    self.prompt = Some(Prompt::new(PromptKind::Rank, ""));
                } else {
                    self.warn("m moves a portfolio item: select one first.");
                }
            }
            Action::MoveCardLeft | Action::MoveCardRight => {
                let Some(PortfolioRow::Item { item, .. }) = &selected else {
                    return Ok(false);
                };
                let states = &self.config.portfolio_states;
                let here = states.iter().position(|s| s.key == item.state);
                let step: isize = if action == Action::MoveCardLeft {
                    -1
                } else {
                    1
                };
                let target = here
                    .and_then(|h| h.checked_add_signed(step))
                    .filter(|&t| t < states.len())
                    .or(if here.is_none() { Some(0) } else { None });
                let Some(t) = target else {
                    let edge = if step < 0 { "first" } else { "last" };
                    self.warn(format!("{} is already in the {edge} state.", item.code()));
                    return Ok(true);
                };
                let to = states[t].clone();
                let from = here.map_or_else(|| item.state.clone(), |h| states[h].title.clone());
                let kept = self.rollups_before_write()?;
                let moved = self
                    .store
                    .move_portfolio(item.id, &to.key, &to.title, &self.who)?;
                self.keep_rollups(kept)?;
                self.load_portfolio()?;
                self.info(format!(
                    "Moved {} \"{}\" from {from} to {}.",
                    moved.code(),
                    short_title(&moved.title),
                    to.title
                ));
            }
            Action::Derive => {
                let Some(id) = pid.or(match &selected {
                    Some(PortfolioRow::Derived { parent, .. }) => Some(*parent),
                    _ => None,
                }) else {
                    self.warn("d derives a cluster item from a portfolio item: select one first.");
                    return Ok(true);
                };
                self.open_derive_form(id)?;
            }
            Action::NewItem | Action::NewItemTop => self.open_portfolio_form()?,
            Action::Archive if pid.is_some() => {
                let Some(PortfolioRow::Item { item, rollup, .. }) = &selected else {
                    return Ok(true);
                };
                self.confirm = Some(Confirm::ArchivePortfolio { id: item.id });
                self.warn(format!(
                    "Archive {} \"{}\"? Its {} derived item{} stay in the cluster backlog, still linked. {} archives it, {} keeps it.",
                    item.code(),
                    short_title(&item.title),
                    rollup.items,
                    if rollup.items == 1 { "" } else { "s" },
                    self.keymap.key(super::Table::Confirm, Action::Yes),
                    self.keymap.key(super::Table::Confirm, Action::No)
                ));
            }
            Action::OpenItem if pid.is_some() => {
                let Some(id) = pid else { return Ok(true) };
                self.open_portfolio_item(id)?;
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn rank_portfolio(
        &mut self,
        id: PortfolioId,
        to: PortfolioPlacement,
    ) -> Result<(), StoreError> {
        let kept = self.rollups_before_write()?;
        let (p, moved) = self.store.rank_portfolio(id, to, &self.who)?;
        self.keep_rollups(kept)?;
        self.select_portfolio(id)?;
        let rank = self.store.portfolio_position(id)?;
        if moved {
            self.info(format!(
                "Moved {} \"{}\" to portfolio rank {rank} of {}.",
                p.code(),
                short_title(&p.title),
                self.portfolio.items
            ));
        } else {
            let edge = match to {
                PortfolioPlacement::Up | PortfolioPlacement::Top => "at the top",
                PortfolioPlacement::Down | PortfolioPlacement::Bottom => "at the bottom",
                PortfolioPlacement::Rank(_) => "there",
            };
            self.warn(format!(
                "{} is already {edge} of the portfolio (rank {rank}).",
                p.code()
            ));
        }
        Ok(())
    }

    /// `m`, the number, Enter in the Portfolio view.
    pub(crate) fn portfolio_go_to_rank(&mut self, typed: &str) -> Result<(), StoreError> {
        let Some(id) = self.selected_portfolio_row() else {
            return Ok(());
        };
        match typed.trim().parse::<usize>() {
            Ok(n) if n >= 1 && n <= self.portfolio.items => {
                self.rank_portfolio(id, PortfolioPlacement::Rank(n))
            }
            _ => {
                self.warn(format!(
                    "{typed:?} is not a portfolio rank: type a number from 1 to {}.",
                    self.portfolio.items
                ));
                Ok(())
            }
        }
    }

    /// Selects a portfolio item's row, wherever it stands now.
    pub(crate) fn select_portfolio(&mut self, id: PortfolioId) -> Result<(), StoreError> {
        self.check_rollups()?;
        let at = self.store.portfolio_position(id)?.saturating_sub(1);
        let mut row = at;
        let expanded: Vec<PortfolioId> = self.portfolio.expanded.iter().copied().collect();
        for e in expanded {
            if e != id && self.store.portfolio_position(e)?.saturating_sub(1) < at {
                row += self.rollup_of(e)?.items.min(DERIVED_SHOWN);
            }
        }
        self.portfolio.selected = row;
        self.load_portfolio()
    }

    /// Shown when the view opens: the share of the backlog the portfolio drives.
    pub(crate) fn load_portfolio_share(&mut self) -> Result<(), StoreError> {
        self.portfolio.share = self.store.derived_share()?;
        Ok(())
    }
}
