//! `X`: what was archived, newest first, and `Enter` to bring one back. On the
//! board and in the backlog it lists cluster items, in the Portfolio view the
//! portfolio items.

use super::{Action, App, Panel, Table, View};
use crate::domain::ItemId;
use crate::domain::portfolio::PortfolioId;
use crate::store::StoreError;

/// One archived thing as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Archived {
    pub what: ArchivedId,
    pub code: String,
    pub title: String,
    /// Where it stood: its column, or its portfolio state.
    pub state: String,
    /// When it was archived (`YYYY-MM-DD HH:MM`).
    pub at: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchivedId {
    Item(ItemId),
    Portfolio(PortfolioId),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchivePanel {
    /// True for the portfolio's archive.
    pub portfolio: bool,
    /// The rows read so far, from the newest: cluster items are read a page
    /// at a time as the cursor goes down, so a long archive opens at once.
    pub items: Vec<Archived>,
    /// How many are archived in all.
    pub total: usize,
    pub cursor: usize,
}

/// Rows read at a time, and how near the end of what is read the cursor may
/// come before the next page is read.
const PAGE: usize = 200;
const AHEAD: usize = 60;

fn when(at: Option<&str>) -> String {
    at.map(super::facts::when).unwrap_or_default()
}

impl App {
    /// Opens the archive of the level the view shows.
    pub(crate) fn open_archive(&mut self) -> Result<(), StoreError> {
        let portfolio = self.view == View::Portfolio;
        let (items, total) = if portfolio {
            let items: Vec<Archived> = self
                .store
                .archived_portfolio()?
                .into_iter()
                .map(|p| Archived {
                    what: ArchivedId::Portfolio(p.id),
                    code: p.code(),
                    title: p.title.clone(),
                    state: self.config.portfolio_state_title(&p.state),
                    at: when(p.archived_at.as_deref()),
                })
                .collect();
            let n = items.len();
            (items, n)
        } else {
            (self.archived_page(0, PAGE)?, self.store.archived_count()?)
        };
        if items.is_empty() {
            self.info(format!(
                "Nothing is archived{}: {} on an item archives it.",
                if portfolio { " in the portfolio" } else { "" },
                self.keymap.normal(Action::Archive)
            ));
            return Ok(());
        }
        self.panel = Some(Panel::Archive(Box::new(ArchivePanel {
            portfolio,
            items,
            total,
            cursor: 0,
        })));
        Ok(())
    }

    fn archived_page(&self, offset: usize, limit: usize) -> Result<Vec<Archived>, StoreError> {
        Ok(self
            .store
            .archived_page(offset, limit)?
            .into_iter()
            .map(|i| Archived {
                what: ArchivedId::Item(i.id),
                code: i.code(),
                title: i.title.clone(),
                state: self.column_title(i.state),
                at: when(i.archived_at.as_deref()),
            })
            .collect())
    }

    /// Reads pages until the cursor has `AHEAD` rows below it (or the end).
    fn read_ahead(&mut self) -> Result<(), StoreError> {
        let (read, want) = match self.panel.as_ref() {
            Some(Panel::Archive(p)) if !p.portfolio => {
                (p.items.len(), (p.cursor + AHEAD + 1).min(p.total))
            }
            _ => return Ok(()),
        };
        if want <= read {
            return Ok(());
        }
        let more = self.archived_page(read, (want - read).max(PAGE))?;
        if let Some(Panel::Archive(p)) = self.panel.as_mut() {
            p.items.extend(more);
            // Rows archived or restored meanwhile shift the pages: the list
            // stays as read, and the end is what could be read.
            if p.items.len() < want {
                p.total = p.items.len();
            }
        }
        Ok(())
    }

    pub(crate) fn archive_key(&mut self, action: Action) -> Result<(), StoreError> {
        let Some(Panel::Archive(p)) = self.panel.as_mut() else {
            return Ok(());
        };
        let last = p.total.saturating_sub(1);
        match action {
            Action::SelectUp => p.cursor = p.cursor.saturating_sub(1),
            Action::SelectDown => p.cursor = (p.cursor + 1).min(last),
            Action::SelectFirst => p.cursor = 0,
            Action::SelectLast => p.cursor = last,
            Action::PageUp => p.cursor = p.cursor.saturating_sub(10),
            Action::PageDown => p.cursor = (p.cursor + 10).min(last),
            Action::Confirm => {
                let Some(a) = p.items.get(p.cursor).cloned() else {
                    return Ok(());
                };
                self.restore(&a)?;
            }
            Action::Close => {
                self.panel = None;
                return Ok(());
            }
            _ => {}
        }
        self.read_ahead()?;
        if let Some(Panel::Archive(p)) = self.panel.as_mut() {
            p.cursor = p.cursor.min(p.items.len().saturating_sub(1));
        }
        Ok(())
    }

    fn restore(&mut self, a: &Archived) -> Result<(), StoreError> {
        let undo = self.keymap.normal(Action::Undo);
        let done = match a.what {
            ArchivedId::Item(id) => self.store.restore_item(id, &self.who).map(|_| ()),
            ArchivedId::Portfolio(id) => self.store.restore_portfolio(id, &self.who).map(|_| ()),
        };
        match done {
            Ok(()) => {}
            // Someone else restored or deleted it meanwhile: say so, keep the list.
            Err(e) if e.is_refusal() => {
                self.warn(format!("Not restored: {e}."));
                return self.open_archive_again();
            }
            Err(e) => return Err(e),
        }
        self.panel = None;
        let at = match a.what {
            ArchivedId::Item(id) => {
                self.refresh(Some(id))?;
                format!("to {} at rank {}", a.state, self.store.position(id)?)
            }
            ArchivedId::Portfolio(id) => {
                self.load_portfolio()?;
                format!(
                    "to {} at portfolio rank {}",
                    a.state,
                    self.store.portfolio_position(id)?
                )
            }
        };
        self.info(format!(
            "Restored {} \"{}\" {at}. {undo} archives it again.",
            a.code,
            crate::domain::text::shown(&a.title)
        ));
        Ok(())
    }

    /// Reloads the list after a refusal, keeping the cursor where it was.
    fn open_archive_again(&mut self) -> Result<(), StoreError> {
        let cursor = match &self.panel {
            Some(Panel::Archive(p)) => p.cursor,
            _ => 0,
        };
        let status = self.status.clone();
        self.panel = None;
        self.open_archive()?;
        if let Some(Panel::Archive(p)) = self.panel.as_mut() {
            p.cursor = cursor.min(p.total.saturating_sub(1));
        }
        self.read_ahead()?;
        if let Some(Panel::Archive(p)) = self.panel.as_mut() {
            p.cursor = p.cursor.min(p.items.len().saturating_sub(1));
        }
        self.status = status;
        Ok(())
    }

    /// The hint for the archive's keys, named from the keymap.
    pub(crate) fn archive_hint(&self) -> String {
        format!(
            "{} restores · {} closes",
            self.keymap.key(Table::Archive, Action::Confirm),
            self.keymap.key(Table::Archive, Action::Close)
        )
    }
}
