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
        let visible = visible.max(1);
        self.selected = self.selected.min(self.count.saturating_sub(1));
        if self.selected < self.scroll {
            self.scroll = self.selected;
        } else if self.selected >= self.scroll + visible {
            self.scroll = self.selected + 1 - visible;
        }
        self.scroll = self.scroll.min(self.count.saturating_sub(visible));
    }
}

impl App {
    pub(crate) fn load_backlog(&mut self) -> Result<(), StoreError> {
        let visible = self.backlog_page();
        self.backlog.fit_selection(visible);
        self.backlog.rows = self
            .store
            .backlog_page(self.backlog.scroll, visible, &self.filter)?;
        Ok(())
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
