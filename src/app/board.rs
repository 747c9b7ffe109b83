//! The board as the app holds it: per column a count, a scroll position, the
//! selected index and only the cards that are on screen.

use crate::config::ColumnConfig;
use crate::domain::Card;

#[derive(Debug, Clone)]
pub struct Column {
    pub config: ColumnConfig,
    /// All cards in the column, not only the loaded ones.
    pub count: usize,
    /// Index of the first card on screen.
    pub scroll: usize,
    /// Index of the selected card (meaningless when the column is empty).
    pub selected: usize,
    /// The cards from `scroll` on, as many as fit.
    pub cards: Vec<Card>,
}

impl Column {
    pub fn new(config: ColumnConfig) -> Column {
        Column {
            config,
            count: 0,
            scroll: 0,
            selected: 0,
            cards: Vec::new(),
        }
    }

    pub fn selected_card(&self) -> Option<&Card> {
        self.selected
            .checked_sub(self.scroll)
            .and_then(|i| self.cards.get(i))
    }

    pub fn over_wip(&self) -> bool {
        self.config.wip.is_some_and(|w| self.count > w as usize)
    }

    /// Clamps the selection to the cards there are and scrolls it into view.
    pub fn fit_selection(&mut self, visible: usize) {
        (self.selected, self.scroll) =
            super::layout::fit_window(self.count, self.selected, self.scroll, visible);
    }
}

use super::App;
use crate::store::StoreError;

impl App {
    pub(crate) fn load_column(&mut self, i: usize) -> Result<(), StoreError> {
        let visible = self.geometry().cards_per_column;
        let column = &mut self.columns[i];
        column.fit_selection(visible);
        column.cards =
            self.store
                .column_page(column.config.state, column.scroll, visible, &self.filter)?;
        Ok(())
    }

    /// Keeps the selected column on screen.
    pub(crate) fn fit_columns(&mut self) {
        let visible = self.geometry().visible_columns;
        let n = self.columns.len();
        self.selected_column = self.selected_column.min(n.saturating_sub(1));
        if self.selected_column < self.first_column {
            self.first_column = self.selected_column;
        } else if self.selected_column >= self.first_column + visible {
            self.first_column = self.selected_column + 1 - visible;
        }
        self.first_column = self.first_column.min(n.saturating_sub(visible));
    }

    pub(crate) fn select_column(&mut self, step: isize) -> Result<(), StoreError> {
        let n = self.columns.len();
        let Some(target) = self
            .selected_column
            .checked_add_signed(step)
            .filter(|&t| t < n)
        else {
            return Ok(());
        };
        // Keep the selection on the same screen row, as the eye expects.
        let row = {
            let c = &self.columns[self.selected_column];
            c.selected.saturating_sub(c.scroll)
        };
        self.selected_column = target;
        let column = &mut self.columns[target];
        column.selected = column.scroll + row;
        self.load_column(target)?;
        self.fit_columns();
        Ok(())
    }

    pub(crate) fn select_card(&mut self, to: impl Fn(&Column) -> usize) -> Result<(), StoreError> {
        let page = self.geometry().cards_per_column;
        let i = self.selected_column;
        let Some(column) = self.columns.get_mut(i) else {
            return Ok(());
        };
        let scroll = column.scroll;
        column.selected = to(column);
        column.fit_selection(page);
        // The cards on screen are loaded already unless the column scrolled.
        if column.scroll != scroll || column.cards.is_empty() {
            self.load_column(i)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::State;

    fn column(count: usize) -> Column {
        let mut c = Column::new(ColumnConfig {
            state: State::Ready,
            title: "Ready".into(),
            wip: Some(3),
        });
        c.count = count;
        c
    }

    #[test]
    fn the_selection_scrolls_into_view_both_ways() {
        let mut c = column(20);
        c.selected = 12;
        c.fit_selection(5);
        assert_eq!(c.scroll, 8);
        c.selected = 2;
        c.fit_selection(5);
        assert_eq!(c.scroll, 2);
    }

    #[test]
    fn a_shrinking_column_pulls_the_selection_back() {
        let mut c = column(20);
        c.selected = 19;
        c.fit_selection(5);
        c.count = 4;
        c.fit_selection(5);
        assert_eq!((c.selected, c.scroll), (3, 0));
    }

    #[test]
    fn a_column_over_its_limit_says_so() {
        assert!(!column(3).over_wip());
        assert!(column(4).over_wip());
    }
}
