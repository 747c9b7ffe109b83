//! Reprioritising: one new rank key per move, however long the backlog.

use rusqlite::{OptionalExtension, params};

use super::change::{Entry, record};
use super::row::get;
use super::snapshot::{Field, capture};
use super::{Result, Store};
use crate::domain::{Item, ItemId, rank};

/// Where a reprioritised item goes in the cluster order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    Top,
    Bottom,
    Before(ItemId),
    After(ItemId),
    /// To this 1-based rank (clamped to the backlog).
    Rank(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RankMove {
    pub item: Item,
    /// False when the item already stood there; nothing was written.
    pub moved: bool,
}

const BELOW: &str =
    "SELECT rank FROM items WHERE rank < ?1 AND id != ?2 ORDER BY rank DESC LIMIT 1";
const ABOVE: &str = "SELECT rank FROM items WHERE rank > ?1 AND id != ?2 ORDER BY rank ASC LIMIT 1";

impl Store {
    /// The item at a 1-based rank, if the backlog is that long.
    pub fn item_at_rank(&self, rank: usize) -> Result<Option<ItemId>> {
        if rank == 0 {
            return Ok(None);
        }
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM items ORDER BY rank LIMIT 1 OFFSET ?1")?
            .query_row([rank as i64 - 1], |r| r.get(0))
            .optional()?
            .map(ItemId))
    }

    /// Turns "to rank N" into a place next to the item now at N.
    fn resolve_rank(&self, id: ItemId, n: usize) -> Result<Placement> {
        let count = self.item_count()?;
        let n = n.clamp(1, count.max(1));
        let current = self.position(id)?;
        Ok(match self.item_at_rank(n)? {
            Some(target) if n < current => Placement::Before(target),
            Some(target) if n > current => Placement::After(target),
            _ => Placement::Before(id),
        })
    }

    /// Reprioritises one item: writes one new rank key, touching no other row.
    pub fn move_rank(&mut self, id: ItemId, to: Placement, who: &str) -> Result<RankMove> {
        let to = match to {
            Placement::Rank(n) => self.resolve_rank(id, n)?,
            other => other,
        };
        let tx = self.begin()?;
        let item = get(&tx, id)?;
        if to == Placement::Before(id) || to == Placement::After(id) {
            return Ok(RankMove { item, moved: false });
        }
        let neighbour = |sql: &str, key: &str| -> Result<Option<String>> {
            Ok(tx
                .prepare_cached(sql)?
                .query_row(params![key, id.0], |r| r.get(0))
                .optional()?)
        };
        let (low, high) = match to {
            Placement::Top => (None, neighbour(ABOVE, "")?),
            Placement::Bottom => (neighbour(BELOW, "\u{7f}")?, None),
            Placement::Before(t) => {
                let target = get(&tx, t)?.rank_key;
                (neighbour(BELOW, &target)?, Some(target))
            }
            Placement::After(t) => {
                let target = get(&tx, t)?.rank_key;
                (Some(target.clone()), neighbour(ABOVE, &target)?)
            }
            Placement::Rank(_) => (None, None), // resolved above
        };
        let Some(key) = rank::moved(&item.rank_key, low.as_deref(), high.as_deref())? else {
            return Ok(RankMove { item, moved: false });
        };
        let before = capture(&tx, &[id], &[Field::Rank])?;
        tx.prepare_cached(
            "UPDATE items SET rank = ?1,
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?2",
        )?
        .execute(params![key, id.0])?;
        let moved = get(&tx, id)?;
        record(
            &tx,
            Entry {
                who,
                command: "rank",
                item_id: Some(id),
                summary: format!("Reprioritised {} \"{}\"", moved.code(), moved.title),
                before: Some(before),
                after: Some(capture(&tx, &[id], &[Field::Rank])?),
            },
        )?;
        tx.commit()?;
        Ok(RankMove {
            item: moved,
            moved: true,
        })
    }
}
