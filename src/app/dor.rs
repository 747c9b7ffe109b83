//! The Definition of Ready checklist of the selected item, ticked with the keyboard.

use super::{Action, App, Panel};
use crate::domain::ItemId;
use crate::domain::dor::DorPoint;
use crate::store::StoreError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DorPanel {
    pub item: ItemId,
    pub code: String,
    pub title: String,
    pub points: Vec<(DorPoint, bool)>,
    pub cursor: usize,
}

impl App {
    fn dor_points(&self, id: ItemId) -> Result<Vec<(DorPoint, bool)>, StoreError> {
        let met = self.store.dor_met(id)?;
        Ok(self
            .config
            .dor
            .iter()
            .map(|p| (p.clone(), met.contains(&p.key)))
            .collect())
    }

    pub(crate) fn open_dor(&mut self) -> Result<(), StoreError> {
        let Some(id) = self.selected_id() else {
            self.nothing_selected();
            return Ok(());
        };
        let item = self.store.item(id)?;
        let points = self.dor_points(id)?;
        self.panel = Some(Panel::Dor(Box::new(DorPanel {
            item: id,
            code: item.code(),
            title: item.title,
            points,
            cursor: 0,
        })));
        Ok(())
    }

    pub(crate) fn dor_key(&mut self, action: Action) -> Result<(), StoreError> {
        let Some(Panel::Dor(p)) = self.panel.as_mut() else {
            return Ok(());
        };
        let n = p.points.len();
        match action {
            Action::SelectUp => p.cursor = p.cursor.saturating_sub(1),
            Action::SelectDown => p.cursor = (p.cursor + 1).min(n.saturating_sub(1)),
            Action::SelectFirst => p.cursor = 0,
            Action::SelectLast => p.cursor = n.saturating_sub(1),
            Action::Toggle | Action::Confirm => {
                let Some((point, met)) = p.points.get(p.cursor).cloned() else {
                    return Ok(());
                };
                let (id, code) = (p.item, p.code.clone());
                self.store.set_dor_point(id, &point, !met, &self.who)?;
                let points = self.dor_points(id)?;
                let open = points.iter().filter(|(_, m)| !m).count();
                if let Some(Panel::Dor(p)) = self.panel.as_mut() {
                    p.points = points;
                }
                self.reload()?;
                let what = if met { "Unticked" } else { "Ticked" };
                let rest = if open == 0 {
                    format!("{code} meets its Definition of Ready.")
                } else {
                    format!("{open} point{} open.", if open == 1 { "" } else { "s" })
                };
                self.info(format!("{what} \"{}\" for {code}; {rest}", point.text));
            }
            Action::Close | Action::Quit | Action::OpenDor => self.panel = None,
            _ => {}
        }
        Ok(())
    }
}
