//! The item view (`Enter`): the whole item, scrolled, and recording who requested it.

use super::{Action, App, Prompt, PromptKind};
use crate::store::StoreError;

impl App {
    pub(crate) fn open_item(&mut self) -> Result<(), StoreError> {
        match self.selected_id() {
            Some(id) => self.show_item(id)?,
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
            Action::Focus => {
                self.panel = None;
                if self.screen.focus.is_none() {
                    self.open_focus()?;
                }
            }
            Action::NextTheme => self.switch_theme(None),
            a => self.scroll_item(a),
        }
        Ok(())
    }
}
