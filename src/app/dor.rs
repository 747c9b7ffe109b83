//! Checklists ticked with the keyboard: the Definition of Ready of the selected
//! item, or (in the Releases view) the Definition of Done of the selected release.

use super::{Action, App, Panel};
use crate::domain::ItemId;
use crate::domain::dor::{DorPoint, ticked};
use crate::store::{ITEMS_DONE, StoreError};

/// What a checklist belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checklist {
    Item(ItemId),
    Release(Box<crate::domain::release::Release>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DorPanel {
    pub target: Checklist,
    pub code: String,
    pub title: String,
    pub points: Vec<(DorPoint, bool)>,
    pub cursor: usize,
}

impl App {
    fn dor_points(&self, id: ItemId) -> Result<Vec<(DorPoint, bool)>, StoreError> {
        Ok(ticked(&self.config.dor, &self.store.dor_met(id)?))
    }

    fn dod_points(
        &self,
        r: &crate::domain::release::Release,
    ) -> Result<Vec<(DorPoint, bool)>, StoreError> {
        let mut points = ticked(&self.config.dod, &self.store.release_dod(r)?);
        // The items point is worked out, not ticked: say so where it is read.
        for (p, _) in &mut points {
            if p.key == ITEMS_DONE {
                let open = self.store.not_done_count(r)?;
                p.text = if open == 0 {
                    format!("{} (worked out: all done)", p.text)
                } else {
                    format!("{} (worked out: {open} not done)", p.text)
                };
            }
        }
        Ok(points)
    }

    /// `D` in the Releases view: the selected release's Definition of Done.
    pub(crate) fn open_release_dod(&mut self) -> Result<(), StoreError> {
        let Some(b) = self.releases.selected_block() else {
            return Ok(());
        };
        let r = b.release.clone();
        let points = self.dod_points(&r)?;
        self.panel = Some(Panel::Dor(Box::new(DorPanel {
            code: r.name.clone(),
            title: format!(
                "{} release, target {}",
                r.state,
                r.target_date.as_deref().unwrap_or("not set")
            ),
            target: Checklist::Release(Box::new(r)),
            points,
            cursor: 0,
        })));
        Ok(())
    }

    pub(crate) fn open_dor(&mut self) -> Result<(), StoreError> {
        let Some(id) = self.selected_id() else {
            self.nothing_selected();
            return Ok(());
        };
        let item = self.store.item(id)?;
        let points = self.dor_points(id)?;
        self.panel = Some(Panel::Dor(Box::new(DorPanel {
            target: Checklist::Item(id),
            code: item.code(),
            title: crate::domain::text::shown(&item.title),
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
                let (target, code) = (p.target.clone(), p.code.clone());
                let points = match &target {
                    Checklist::Item(id) => {
                        self.store.set_dor_point(*id, &point, !met, &self.who)?;
                        self.dor_points(*id)?
                    }
                    Checklist::Release(r) if point.key == ITEMS_DONE => {
                        let codes = self.store.not_done_in(r, 6)?;
                        let more = if codes.len() > 5 { ", …" } else { "" };
                        self.warn(if codes.is_empty() {
                            format!("Every item planned into {code} is done: this point is met by itself.")
                        } else {
                            format!(
                                "This point is worked out, not ticked: finish the items planned into {code} ({}{more}).",
                                codes[..codes.len().min(5)].join(", ")
                            )
                        });
                        return Ok(());
                    }
                    Checklist::Release(r) => {
                        self.store.set_release_dod(r, &point, !met, &self.who)?;
                        self.dod_points(r)?
                    }
                };
                let open = points.iter().filter(|(_, m)| !m).count();
                if let Some(Panel::Dor(p)) = self.panel.as_mut() {
                    p.points = points;
                }
                self.reload()?;
                let what = if met { "Unticked" } else { "Ticked" };
                let which = match target {
                    Checklist::Item(_) => "Ready",
                    Checklist::Release(_) => "Done",
                };
                let rest = if open == 0 {
                    format!("{code} meets its Definition of {which}.")
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
