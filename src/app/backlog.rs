//! The ranked backlog as the app holds it: a count, a scroll position, the
//! selected rank and only the rows on screen.

use super::App;
use crate::store::{BacklogRow, StoreError};

#[derive(Debug, Clone, Default)]
pub struct Backlog {
    pub count: usize,
    /// Index (rank − 1) of the first row on screen.
    pub scroll: usize,
    /// Index (rank − 1) of the selected row.
    pub selected: usize,
    pub rows: Vec<BacklogRow>,
}

impl Backlog {
    pub fn selected_row(&self) -> Option<&BacklogRow> {
        self.selected
            .checked_sub(self.scroll)
            .and_then(|i| self.rows.get(i))
    }

    /// Clamps the selection and scrolls it into view.
    pub fn fit_selection(&mut self, visible: usize) {
        (self.selected, self.scroll) =
            super::layout::fit_window(self.count, self.selected, self.scroll, visible);
    }
}

impl App {
    /// Shows the backlog around an item whose row is known, through the rank
    /// index rather than an offset scan (fast at the end of a long backlog).
    pub(crate) fn load_backlog_at(&mut self, index: usize, key: &str) -> Result<(), StoreError> {
        let visible = self.backlog_page();
        self.backlog.selected = index;
        self.backlog.fit_selection(visible);
        let before = index.saturating_sub(self.backlog.scroll);
        self.backlog.rows = self.store.backlog_window(
            key,
            index,
            before,
            visible - before.min(visible),
            &self.filter,
        )?;
        self.load_since()
    }

    /// After the selection moved (nothing changed): reuse the rows on screen,
    /// or anchor the new window on one of them instead of an offset scan.
    pub(crate) fn scroll_backlog(&mut self) -> Result<(), StoreError> {
        let visible = self.backlog_page();
        let old_scroll = self.backlog.scroll;
        self.backlog.fit_selection(visible);
        let scroll = self.backlog.scroll;
        if scroll == old_scroll && !self.backlog.rows.is_empty() {
            return Ok(());
        }
        let anchor = self
            .backlog
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| (old_scroll + i, r.item.rank_key.clone()))
            .find(|(index, _)| (scroll..scroll + visible).contains(index));
        match anchor {
            Some((index, key)) => {
                let selected = self.backlog.selected;
                let before = index - scroll;
                self.backlog.rows = self.store.backlog_window(
                    &key,
                    index,
                    before,
                    visible - before,
                    &self.filter,
                )?;
                self.backlog.selected = selected;
                self.load_since()
            }
            None => self.load_backlog(),
        }
    }

    pub(crate) fn load_backlog(&mut self) -> Result<(), StoreError> {
        let visible = self.backlog_page();
        self.backlog.fit_selection(visible);
        self.backlog.rows = self
            .store
            .backlog_page(self.backlog.scroll, visible, &self.filter)?;
        self.load_since()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_backlog_selection_scrolls_into_view() {
        let mut b = Backlog {
            count: 100,
            ..Backlog::default()
        };
        b.selected = 50;
        b.fit_selection(18);
        assert_eq!(b.scroll, 33);
        b.selected = 500;
        b.fit_selection(18);
        assert_eq!((b.selected, b.scroll), (99, 82));
    }
}
