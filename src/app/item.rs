//! The item view (`Enter`): the whole item, and recording who requested it.

use super::{Action, App, Panel, Prompt, PromptKind};
use crate::store::StoreError;

/// How many of an item's changes its view lists.
pub(crate) const HISTORY_SHOWN: usize = 12;

impl App {
    pub(crate) fn open_item(&mut self) -> Result<(), StoreError> {
        match self.selected_id() {
            Some(id) => {
                let detail = self.store.item_detail(id, HISTORY_SHOWN)?;
                self.panel = Some(Panel::Item(Box::new(detail)));
            }
            None => self.nothing_selected(),
        }
        Ok(())
    }

    pub(crate) fn item_key(&mut self, action: Action) -> Result<(), StoreError> {
        match action {
            Action::Close | Action::Quit | Action::OpenItem => self.panel = None,
            Action::EditInEditor => {
                self.panel = None;
                self.start_editor()?;
            }
            Action::AddRequester => {
                self.prompt = Some(Prompt::new(PromptKind::Requester, ""));
            }
            _ => {}
        }
        Ok(())
    }
}
