//! Loading what the views show: counts, the rows on screen, and keeping the
//! selected item in view when the data or the view changes.

use super::layout::step_selection;
use super::{Action, App, View};
use crate::domain::ItemId;
use crate::store::StoreError;

impl App {
    pub(crate) fn show(&mut self, view: View) -> Result<(), StoreError> {
        // Carry the selected item across, so switching views keeps the focus.
        let selected = self.selected_id();
        self.view = view;
        if matches!(view, View::Teams | View::Releases | View::Reports) {
            return self.reload();
        }
        if view == View::Portfolio {
            self.load_portfolio_share()?;
            return self.reload();
        }
        match selected {
            // Load the new view once, around the item.
            Some(id) => {
                self.reload_counts()?;
                // The backlog draws the cycle's cut line; the board does not.
                self.load_cycle()?;
                if view == View::Backlog {
                    return self.select_item(id);
                }
                self.place_on_board(id)?;
                // Every column once; the others keep their own scroll.
                for i in 0..self.columns.len() {
                    self.load_column(i)?;
                }
                self.fit_columns();
                Ok(())
            }
            None => self.reload(),
        }
    }

    pub(crate) fn select_vertical(&mut self, action: Action) -> Result<(), StoreError> {
        match self.view {
            // The Teams and Releases views move their own selection.
            View::Teams | View::Releases | View::Portfolio | View::Reports => Ok(()),
            View::Board => {
                let page = self.geometry().cards_per_column;
                self.select_card(|c| step_selection(action, c.selected, c.count, page))
            }
            View::Backlog => {
                let b = &self.backlog;
                self.backlog.selected =
                    step_selection(action, b.selected, b.count, self.backlog_page());
                self.scroll_backlog()
            }
        }
    }

    /// Looks for commits by another session and reloads if there were any.
    pub(crate) fn watch(&mut self) -> Result<(), StoreError> {
        let v = self.store.data_version()?;
        if v != self.data_version {
            let selected = self.selected_id();
            self.reload_following(selected)?;
            self.narrate_others()?;
        }
        Ok(())
    }

    /// Reloads counts and the visible rows of the current view from the store.
    pub fn reload(&mut self) -> Result<(), StoreError> {
        self.reload_following(None)
    }

    /// `reload`, with `follow` selected wherever it stands now. The view's
    /// rows are read once, around it: reading them first and then again
    /// around the item cost a third of every refresh.
    fn reload_following(&mut self, follow: Option<ItemId>) -> Result<(), StoreError> {
        self.reload_counts()?;
        // Only the view on screen loads its rows; switching views reloads.
        match (self.view, follow) {
            (View::Board, _) => {
                if let Some(id) = follow {
                    self.place_on_board(id)?;
                }
                for i in 0..self.columns.len() {
                    self.load_column(i)?;
                }
                self.fit_columns();
            }
            (View::Backlog, Some(id)) => self.select_item(id)?,
            (View::Backlog, None) => self.load_backlog()?,
            // These select no item by its id.
            (View::Teams, _) => self.load_teams()?,
            (View::Releases, _) => self.load_releases()?,
            (View::Portfolio, _) => self.load_portfolio()?,
            (View::Reports, _) => self.load_reports()?,
        }
        self.load_cycle()?;
        self.refresh_facts()
    }

    /// Reloads the counts: cards per column, items shown and in all.
    pub(crate) fn reload_counts(&mut self) -> Result<(), StoreError> {
        // Unfiltered counts come from a table the store keeps; filtered ones are
        // counted, and only for the view on screen.
        let board = self.view == View::Board;
        let counts = if self.filter.is_empty() || board {
            Some(self.store.column_counts(&self.filter)?)
        } else {
            None
        };
        if let Some(counts) = &counts {
            for column in &mut self.columns {
                let state = column.config.state;
                column.count = counts
                    .iter()
                    .find(|&&(s, _)| s == state)
                    .map_or(0, |&(_, n)| n);
            }
        }
        if self.filter.is_empty() {
            self.total_items = counts.iter().flatten().map(|&(_, n)| n).sum();
            self.shown_items = self.total_items;
        } else {
            self.total_items = self.store.item_count()?;
            self.shown_items = match &counts {
                Some(c) => c.iter().map(|&(_, n)| n).sum(),
                None => self.store.backlog_count(&self.filter)?,
            };
        }
        self.backlog.count = self.shown_items;
        self.data_version = self.store.data_version()?;
        Ok(())
    }

    /// Points the board's selection at an item's column and place in it (if its
    /// column is shown); returns that column. Loads nothing.
    fn place_on_board(&mut self, id: ItemId) -> Result<Option<usize>, StoreError> {
        let state = self.store.item_shown(id)?.state;
        let Some(i) = self.columns.iter().position(|c| c.config.state == state) else {
            return Ok(None);
        };
        self.selected_column = i;
        self.columns[i].selected = self.store.index_in_column(id, &self.filter)?;
        Ok(Some(i))
    }

    /// Selects an item wherever it stands now, in the current view.
    pub(crate) fn select_item(&mut self, id: ItemId) -> Result<(), StoreError> {
        match self.view {
            // Team rows are team items; a cluster item has no row of its own there.
            View::Teams => self.load_teams()?,
            View::Releases => self.load_releases()?,
            View::Portfolio => self.load_portfolio()?,
            View::Reports => self.load_reports()?,
            View::Board => {
                if let Some(i) = self.place_on_board(id)? {
                    self.load_column(i)?;
                    self.fit_columns();
                }
            }
            View::Backlog => {
                let index = self.store.backlog_index(id, &self.filter)?;
                let key = self.store.item_shown(id)?.rank_key;
                self.load_backlog_at(index, &key)?;
            }
        }
        Ok(())
    }

    /// After this board's own change to the cards of columns `states` only
    /// (a card moved between two): reloads those columns, the counts and the
    /// cycle, keeping `id` selected. With another session's change since
    /// the board last read, or off the board, it reloads everything.
    pub(crate) fn refresh_columns(
        &mut self,
        id: ItemId,
        states: &[crate::domain::State],
    ) -> Result<(), StoreError> {
        let seen = self.store.data_version()?;
        if self.view != View::Board || seen != self.data_version {
            return self.refresh(Some(id));
        }
        self.reload_counts()?;
        // What came in after `seen` is for the next look to find.
        self.data_version = seen;
        let landed = self.place_on_board(id)?;
        for i in 0..self.columns.len() {
            if states.contains(&self.columns[i].config.state) && Some(i) != landed {
                self.load_column(i)?;
            }
        }
        if let Some(i) = landed {
            self.load_column(i)?;
            self.fit_columns();
        }
        self.load_cycle()?;
        self.refresh_facts()
    }

    /// After a change: reload everything and keep the changed item selected.
    pub(crate) fn refresh(&mut self, follow: Option<ItemId>) -> Result<(), StoreError> {
        self.reload_following(follow)
    }

    /// A click selects the card or row under the pointer.
    pub(crate) fn click(&mut self, x: u16, y: u16) -> Result<(), StoreError> {
        use super::layout::{FIRST_BACKLOG_ROW, FIRST_CARD_ROW, HEADER_ROWS, column_spans};
        // A taller header (a running timebox) moves everything down.
        let Some(y) = y.checked_sub(self.header_rows() - HEADER_ROWS) else {
            return Ok(());
        };
        match self.view {
            View::Releases | View::Reports => Ok(()),
            View::Portfolio => {
                let Some(row) = y.checked_sub(FIRST_BACKLOG_ROW) else {
                    return Ok(());
                };
                let index = self.portfolio.scroll + usize::from(row);
                if index < self.portfolio.scroll + self.portfolio.rows.len() {
                    self.portfolio.selected = index;
                }
                Ok(())
            }
            View::Teams => {
                // Rows start one line lower: the tab line sits above the table.
                let Some(row) = y.checked_sub(FIRST_BACKLOG_ROW + 1) else {
                    return Ok(());
                };
                let index = self.teams.scroll + usize::from(row);
                if index < self.teams.scroll + self.teams.rows.len() {
                    self.teams.selected = index;
                }
                Ok(())
            }
            View::Board => {
                let g = self.geometry();
                let first = self.first_column;
                let shown = g.visible_columns.min(self.columns.len() - first);
                let Some(slot) = column_spans(self.width, shown)
                    .iter()
                    .position(|&(cx, w)| (cx..cx + w).contains(&x))
                else {
                    return Ok(());
                };
                let i = first + slot;
                let Some(row) = y.checked_sub(FIRST_CARD_ROW) else {
                    return Ok(());
                };
                let column = &mut self.columns[i];
                let index = column.scroll + usize::from(row / g.card_rows);
                self.selected_column = i;
                if index < column.count {
                    column.selected = index;
                }
                self.load_column(i)
            }
            View::Backlog => {
                let Some(row) = y.checked_sub(FIRST_BACKLOG_ROW) else {
                    return Ok(());
                };
                let index = self.backlog.scroll + usize::from(row);
                if index < self.backlog.scroll + self.backlog.rows.len() {
                    self.backlog.selected = index;
                }
                Ok(())
            }
        }
    }
}
