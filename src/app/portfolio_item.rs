//! A portfolio item's details (Enter in the Portfolio view): what it is, who
//! owns it, its business case, and the cluster items derived from it with how
//! far they are.

use super::{Action, App, Panel};
use crate::domain::portfolio::{PortfolioId, PortfolioItem, Rollup};
use crate::store::{Change, DerivedRow, StoreError};

#[derive(Debug, Clone, PartialEq)]
pub struct PortfolioDetail {
    pub rank: usize,
    pub item: PortfolioItem,
    /// The state's title on the portfolio Kanban.
    pub state: String,
    pub rollup: Rollup,
    pub derived: Vec<DerivedRow>,
    pub history: Vec<Change>,
    /// Lines scrolled off the top.
    pub scroll: usize,
}

impl App {
    pub(crate) fn open_portfolio_item(&mut self, id: PortfolioId) -> Result<(), StoreError> {
        let item = self.store.portfolio_item(id)?;
        let state = self.config.portfolio_state_title(&item.state);
        let detail = PortfolioDetail {
            rank: self.store.portfolio_position(id)?,
            rollup: self.store.rollup(id)?,
            derived: self.store.derived(id, 50)?,
            history: self
                .store
                .log(Some(&format!("portfolio:{}", id.0)), None, None, 12)?,
            state,
            item,
            scroll: 0,
        };
        self.panel = Some(Panel::PortfolioItem(Box::new(detail)));
        Ok(())
    }

    pub(crate) fn portfolio_item_key(&mut self, action: Action) -> Result<(), StoreError> {
        let Some(Panel::PortfolioItem(d)) = self.panel.as_mut() else {
            return Ok(());
        };
        match action {
            Action::SelectDown => d.scroll += 1,
            Action::SelectUp => d.scroll = d.scroll.saturating_sub(1),
            Action::PageDown => d.scroll += 10,
            Action::PageUp => d.scroll = d.scroll.saturating_sub(10),
            Action::Close | Action::Quit | Action::OpenItem | Action::Confirm => self.panel = None,
            Action::EditInEditor => {
                self.panel = None;
                self.start_editor()?;
            }
            _ => {}
        }
        Ok(())
    }
}
