//! `/`: typing a filter, applying it to both views, clearing it with Esc.

use super::App;
use crate::domain::filter::Filter;
use crate::store::StoreError;

impl App {
    /// `/`, the terms, Enter: applies the filter, or says what is wrong with it.
    pub(crate) fn apply_filter_text(&mut self, typed: &str) -> Result<(), StoreError> {
        match Filter::parse(typed) {
            Ok(f) => self.set_filter(f),
            Err(e) => {
                self.warn(format!("Filter not applied: {e}."));
                Ok(())
            }
        }
    }

    /// Applies a filter and selects the first item that passes it.
    pub(crate) fn set_filter(&mut self, filter: Filter) -> Result<(), StoreError> {
        self.filter = filter;
        self.backlog.scroll = 0;
        self.backlog.selected = 0;
        for c in &mut self.columns {
            c.scroll = 0;
            c.selected = 0;
        }
        self.reload()?;
        if self.filter.is_empty() {
            self.info(format!(
                "Filter cleared: all {} items shown.",
                self.total_items
            ));
        } else {
            self.info(format!(
                "Showing {} of {} items for \"{}\". {} clears the filter.",
                self.shown_items,
                self.total_items,
                self.filter.describe(),
                self.keymap.normal(super::Action::Close)
            ));
        }
        Ok(())
    }

    /// `t`: show only items split to the next team; after the last, all items.
    pub(crate) fn cycle_team_filter(&mut self) -> Result<(), StoreError> {
        let codes: Vec<String> = self.store.teams()?.into_iter().map(|t| t.code).collect();
        if codes.is_empty() {
            let colon = self.keymap.normal(super::Action::OpenCommandLine);
            self.warn(format!(
                "There are no teams yet: add one with {colon}team add PAY \"Payments\"."
            ));
            return Ok(());
        }
        let next = match &self.filter.team {
            None => codes.first().cloned(),
            Some(current) => codes
                .iter()
                .position(|c| c == current)
                .and_then(|i| codes.get(i + 1))
                .cloned(),
        };
        let filter = Filter {
            team: next,
            ..self.filter.clone()
        };
        self.set_filter(filter)
    }
}
