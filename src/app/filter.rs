//! `/`: typing a filter, applying it to both views, clearing it with Esc.

use super::{Action, App};
use crate::domain::filter::Filter;
use crate::store::StoreError;

impl App {
    pub(crate) fn filter_key(&mut self, action: Action) -> Result<(), StoreError> {
        let Some(typed) = self.filter_prompt.as_mut() else {
            return Ok(());
        };
        match action {
            Action::Type(c) if typed.chars().count() < 80 => typed.push(c),
            Action::Back => {
                typed.pop();
            }
            Action::Close | Action::Quit => {
                self.filter_prompt = None;
                self.info("Filter unchanged.");
            }
            Action::Confirm => {
                let typed = self.filter_prompt.take().unwrap_or_default();
                match Filter::parse(&typed) {
                    Ok(f) => self.set_filter(f)?,
                    Err(e) => self.warn(format!("Filter not applied: {e}.")),
                }
            }
            _ => {}
        }
        Ok(())
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
                "Showing {} of {} items for \"{}\". Esc clears the filter.",
                self.shown_items,
                self.total_items,
                self.filter.describe()
            ));
        }
        Ok(())
    }
}
