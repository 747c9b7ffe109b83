//! Releases in the board: the `r` picker on an item, and the Releases view (4):
//! variants × versions by target date, accepting and shipping with a confirmation.

use super::{Action, App, Panel, Table, short_title};
use crate::domain::dor::DorState;
use crate::domain::release::{Release, ReleaseState, at_risk};
use crate::domain::{Item, ItemId, State};
use crate::store::{ReleaseError, StoreError};

/// `r`: which releases the selected item is planned into, to change that.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleasePicker {
    pub item: ItemId,
    pub code: String,
    pub title: String,
    pub releases: Vec<Release>,
    /// Names of the releases the item is planned into now.
    pub planned: Vec<String>,
    pub cursor: usize,
}

/// One release as the Releases view shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReleaseBlock {
    pub release: Release,
    pub days_left: Option<i64>,
    /// Items in cluster rank order, with their rank and a risk warning.
    pub items: Vec<(usize, Item, Option<&'static str>)>,
    pub points_planned: u32,
    pub points_done: u32,
    pub dor_met: usize,
    pub dod_met: usize,
    pub dod_total: usize,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReleasesView {
    pub blocks: Vec<ReleaseBlock>,
    pub selected: usize,
    pub unplanned_ready: Vec<Item>,
    /// Set while asking "ship this release?".
    pub confirm_ship: bool,
}

impl ReleasesView {
    pub fn selected_block(&self) -> Option<&ReleaseBlock> {
        self.blocks.get(self.selected)
    }
}

impl App {
    pub(crate) fn load_releases(&mut self) -> Result<(), StoreError> {
        let mut blocks = Vec::new();
        for r in self.store.releases()? {
            let days_left = self.store.days_left(&r)?;
            let mut items = Vec::new();
            let (mut planned, mut done, mut dor_met) = (0, 0, 0);
            for (rank, i) in self.store.release_items(&r)? {
                planned += i.effort.unwrap_or(0);
                if i.state >= State::Done {
                    done += i.effort.unwrap_or(0);
                }
                if DorState::of(&self.config.dor, &self.store.dor_met(i.id)?).is_met() {
                    dor_met += 1;
                }
                // A released release keeps its unfinished items in view to re-plan.
                let risk = if r.state == ReleaseState::Released {
                    (i.state < State::Done).then_some("left behind: re-plan it")
                } else {
                    days_left.and_then(|d| at_risk(i.state, d))
                };
                items.push((rank, i, risk));
            }
            let dod = self.store.release_dod(&r)?;
            blocks.push(ReleaseBlock {
                dod_met: self
                    .config
                    .dod
                    .iter()
                    .filter(|p| dod.contains(&p.key))
                    .count(),
                dod_total: self.config.dod.len(),
                release: r,
                days_left,
                items,
                points_planned: planned,
                points_done: done,
                dor_met,
            });
        }
        let v = &mut self.releases;
        v.selected = v.selected.min(blocks.len().saturating_sub(1));
        v.blocks = blocks;
        v.unplanned_ready = self.store.unplanned_ready(20)?;
        Ok(())
    }

    pub(crate) fn open_release_picker(&mut self) -> Result<(), StoreError> {
        let Some(id) = self.selected_id() else {
            self.nothing_selected();
            return Ok(());
        };
        let releases: Vec<Release> = self
            .store
            .releases()?
            .into_iter()
            .filter(|r| r.state != ReleaseState::Released)
            .collect();
        if releases.is_empty() {
            self.warn("No open release to plan into: add one with `clusterboard release add`.");
            return Ok(());
        }
        let d = self.store.item_detail(id, 0)?;
        self.panel = Some(Panel::Releases(Box::new(ReleasePicker {
            item: id,
            code: d.item.code(),
            title: d.item.title,
            releases,
            planned: d.releases,
            cursor: 0,
        })));
        Ok(())
    }

    pub(crate) fn picker_key(&mut self, action: Action) -> Result<(), StoreError> {
        let Some(Panel::Releases(p)) = self.panel.as_mut() else {
            return Ok(());
        };
        match action {
            Action::SelectUp => p.cursor = p.cursor.saturating_sub(1),
            Action::SelectDown => p.cursor = (p.cursor + 1).min(p.releases.len() - 1),
            Action::Toggle | Action::Confirm | Action::Back => {
                let r = p.releases[p.cursor].clone();
                let (id, code, title) = (p.item, p.code.clone(), p.title.clone());
                let clear = action == Action::Back || p.planned.contains(&r.name);
                if clear {
                    self.store.plan(id, None, &r.variant, &self.who)?;
                } else {
                    self.store.plan(id, Some(&r), &r.variant, &self.who)?;
                }
                let planned = self.store.item_detail(id, 0)?.releases;
                if let Some(Panel::Releases(p)) = self.panel.as_mut() {
                    p.planned = planned;
                }
                self.reload()?;
                self.info(if clear {
                    format!(
                        "Took {code} \"{}\" out of the {} plan.",
                        short_title(&title),
                        r.variant
                    )
                } else {
                    format!(
                        "Planned {code} \"{}\" into {}.",
                        short_title(&title),
                        r.name
                    )
                });
            }
            Action::Close | Action::Quit | Action::PlanRelease => self.panel = None,
            _ => {}
        }
        Ok(())
    }

    /// Keys of the Releases view. Returns false for the ones that work as everywhere.
    /// The answer to "Release Pro 2.1?".
    pub(crate) fn confirm_ship_key(&mut self, action: Action) -> Result<(), StoreError> {
        match action {
            Action::Yes | Action::Confirm => {
                self.releases.confirm_ship = false;
                self.ship_selected()?;
            }
            Action::No | Action::Close | Action::Quit => {
                self.releases.confirm_ship = false;
                self.info("Not released; nothing changed.");
            }
            _ => {}
        }
        Ok(())
    }

    pub(crate) fn releases_key(&mut self, action: Action) -> Result<bool, StoreError> {
        let n = self.releases.blocks.len();
        match action {
            Action::SelectUp | Action::SelectLeft => {
                self.releases.selected = self.releases.selected.saturating_sub(1);
            }
            Action::SelectDown | Action::SelectRight => {
                self.releases.selected = (self.releases.selected + 1).min(n.saturating_sub(1));
            }
            Action::SelectFirst => self.releases.selected = 0,
            Action::SelectLast => self.releases.selected = n.saturating_sub(1),
            Action::AcceptRelease => self.accept_selected()?,
            Action::OpenDor => self.open_release_dod()?,
            Action::ShipRelease => {
                let Some(b) = self.releases.selected_block() else {
                    return Ok(true);
                };
                if b.release.state != ReleaseState::Accepted {
                    let why = match b.release.state {
                        ReleaseState::Planned => format!(
                            "accept it first ({})",
                            self.keymap.normal(Action::AcceptRelease)
                        ),
                        _ => "it is released already".to_string(),
                    };
                    self.warn(format!("{} cannot be released: {why}.", b.release.name));
                    return Ok(true);
                }
                let done = b
                    .items
                    .iter()
                    .filter(|(_, i, _)| i.state == State::Done)
                    .count();
                let left = b
                    .items
                    .iter()
                    .filter(|(_, i, _)| i.state < State::Done)
                    .count();
                let question = format!(
                    "Release {}? Its {done} Done items move to Released and today is stamped; {left} unfinished items stay where they are, still planned. {} releases, {} keeps it.",
                    b.release.name,
                    self.keymap.key(Table::Confirm, Action::Yes),
                    self.keymap.key(Table::Confirm, Action::No)
                );
                self.releases.confirm_ship = true;
                self.warn(question);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn accept_selected(&mut self) -> Result<(), StoreError> {
        let Some(b) = self.releases.selected_block() else {
            return Ok(());
        };
        let r = b.release.clone();
        match self.store.accept(&r, &self.config.dod, false, &self.who) {
            Ok(r) => {
                self.load_releases()?;
                self.info(format!(
                    "Accepted {} (by {}).",
                    r.name,
                    r.accepted_by.unwrap_or_default()
                ));
            }
            Err(e @ StoreError::Release(ReleaseError::DodOpen { .. })) => self.warn(format!(
                "{e}. {} ticks them here.",
                self.keymap.normal(Action::OpenDor)
            )),
            Err(e) if e.is_refusal() => self.warn(format!("{e}.")),
            Err(e) => return Err(e),
        }
        Ok(())
    }

    fn ship_selected(&mut self) -> Result<(), StoreError> {
        let Some(b) = self.releases.selected_block() else {
            return Ok(());
        };
        let shipped = self.store.ship(&b.release.clone(), &self.who)?;
        self.reload()?;
        let left = if shipped.left_behind.is_empty() {
            String::new()
        } else {
            let codes: Vec<String> = shipped
                .left_behind
                .iter()
                .map(super::super::domain::item::Item::code)
                .collect();
            format!(" Left behind, still planned: {}.", codes.join(", "))
        };
        self.info(format!(
            "Released {}: {} items moved to Released.{left} {} undoes it.",
            shipped.release.name,
            shipped.released.len(),
            self.keymap.normal(Action::Undo)
        ));
        Ok(())
    }
}
