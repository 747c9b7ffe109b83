//! Moving items across the board, with the Definition of Ready as the gate.

use rusqlite::params;

use super::change::{Entry, overriding, record};
use super::journal::{Journal, Table};
use super::rank::id_key;
use super::row::{dor_met, get, live};
use super::undo::latest_about;
use super::{Result, Store, StoreError};
use crate::domain::dor::{DorPoint, move_needs_dor, open_points};
use crate::domain::{Item, ItemId, State};

/// What a move must respect: the checklist, unless the user overrides it.
#[derive(Debug, Clone, Copy)]
pub struct Gate<'a> {
    pub dor: &'a [DorPoint],
    /// Move even with open `DoR` points; the override is recorded.
    pub force: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateMove {
    pub item: Item,
    pub from: State,
    /// The `DoR` points that were open when the move was forced through.
    pub overridden: Vec<String>,
}

impl Store {
    /// Moves an item to another column; its cluster rank stays as it was.
    /// Crossing into Ready with open `DoR` points is refused unless forced.
    pub fn move_to_state(
        &mut self,
        id: ItemId,
        to: State,
        who: &str,
        gate: Gate<'_>,
    ) -> Result<StateMove> {
        self.move_from(id, None, to, who, gate)
    }

    /// Moves an item from the column the user saw it in: if someone moved it
    /// meanwhile, nothing changes and the error says who moved it where.
    pub fn move_from(
        &mut self,
        id: ItemId,
        seen: Option<State>,
        to: State,
        who: &str,
        gate: Gate<'_>,
    ) -> Result<StateMove> {
        let tx = self.begin()?;
        let before = live(&tx, id)?;
        if let Some(seen) = seen
            && seen != before.state
        {
            let (by, what) = match latest_about(&tx, &format!("item:{}", id.0))? {
                Some((by, what)) => (Some(by), what),
                None => (None, format!("it is in {} now", before.state.label())),
            };
            return Err(StoreError::Stale {
                code: before.code(),
                by,
                what,
            });
        }
        if before.state == to {
            return Ok(StateMove {
                from: to,
                item: before,
                overridden: vec![],
            });
        }
        let mut overridden = Vec::new();
        if move_needs_dor(before.state, to) {
            let met = dor_met(&tx, id)?;
            let open: Vec<String> = open_points(gate.dor, &met)
                .into_iter()
                .map(|p| p.text.clone())
                .collect();
            if !open.is_empty() {
                if !gate.force {
                    return Err(StoreError::NotReady {
                        code: before.code(),
                        to,
                        open,
                    });
                }
                overridden = open;
            }
        }
        let mut journal = Journal::default();
        journal.watch_columns(&tx, Table::Items, id_key(id), Some(&["state"]))?;
        tx.prepare_cached(
            "UPDATE items SET state = ?1,
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?2",
        )?
        .execute(params![to.as_str(), id.0])?;
        let item = get(&tx, id)?;
        let summary = format!(
            "Moved {} \"{}\" from {} to {}{}",
            item.code(),
            item.title,
            before.state.label(),
            to.label(),
            overriding("DoR", &overridden)
        );
        record(
            &tx,
            Entry {
                who,
                command: if overridden.is_empty() {
                    "move"
                } else {
                    "move-override"
                },
                item_id: Some(id),
                summary,
                rows: journal.finish(&tx)?,
            },
        )?;
        tx.commit()?;
        Ok(StateMove {
            item,
            from: before.state,
            overridden,
        })
    }
}
