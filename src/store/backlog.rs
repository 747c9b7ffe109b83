//! The ranked backlog: a window of rows for the table, scores for the
//! suggested order, and applying that order as one undoable command.

use rusqlite::params_from_iter;
use rusqlite::types::Value;

use rusqlite::params;

use super::change::{Entry, record};
use super::journal::{Journal, Table};
use super::rank::id_key;
use super::row::{
    DOR_OF, ITEM_COLUMNS_SHOWN, ITEM_WIDTH, PROGRESS_OF, RELEASES_OF, TEAMS_OF, item_from_row,
    labels, parse_progress, points_at,
};
use super::{Result, Store, StoreError};
use crate::domain::filter::Filter;
use crate::domain::score::{self, Method};
use crate::domain::{Item, ItemId, rank};

/// One row of the backlog table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BacklogRow {
    /// 1-based cluster rank.
    pub rank: usize,
    pub item: Item,
    pub releases: Vec<String>,
    pub dor_met: Vec<String>,
    pub teams: Vec<String>,
    pub progress: crate::domain::team::Progress,
}

/// Which rows a backlog query reads, in the order it reads them.
#[derive(Debug, Clone, Copy)]
enum Span<'a> {
    /// From the top of the backlog down.
    All,
    /// Upwards from just above the item with this rank key.
    Above(&'a str),
    /// Downwards from the item with this rank key.
    From(&'a str),
}

impl Store {
    /// Rows `offset..offset+limit` of the (filtered) cluster backlog in rank order.
    /// `rank` is always the place in the whole backlog.
    pub fn backlog_page(
        &self,
        offset: usize,
        limit: usize,
        filter: &Filter,
    ) -> Result<Vec<BacklogRow>> {
        let mut rows = self.backlog_query(Span::All, limit, offset, filter)?;
        if filter.is_empty() {
            for (i, r) in rows.iter_mut().enumerate() {
                r.rank = offset + i + 1;
            }
        }
        Ok(rows)
    }

    /// The rows around the item with rank key `key`: up to `before` rows above it
    /// and `after` rows from it on, found through the rank index without an
    /// offset scan. `index` is that item's row, to number unfiltered ranks.
    pub fn backlog_window(
        &self,
        key: &str,
        index: usize,
        before: usize,
        after: usize,
        filter: &Filter,
    ) -> Result<Vec<BacklogRow>> {
        let mut rows = self.backlog_query(Span::Above(key), before, 0, filter)?;
        rows.reverse();
        rows.extend(self.backlog_query(Span::From(key), after, 0, filter)?);
        if filter.is_empty() {
            let first = (index + 1).saturating_sub(before.min(index));
            for (i, r) in rows.iter_mut().enumerate() {
                r.rank = first + i;
            }
        }
        Ok(rows)
    }

    fn backlog_query(
        &self,
        span: Span<'_>,
        limit: usize,
        offset: usize,
        filter: &Filter,
    ) -> Result<Vec<BacklogRow>> {
        let (bound, direction, key) = match span {
            Span::All => ("", "ASC", None),
            Span::Above(k) => ("AND rank < ?3", "DESC", Some(k)),
            Span::From(k) => ("AND rank >= ?3", "ASC", Some(k)),
        };
        let first = if key.is_some() { 4 } else { 3 };
        let (cond, extra) = self.conditions(filter, first)?;
        // Unfiltered, the caller numbers the ranks; filtered, they are counted.
        let rank = if filter.is_empty() {
            "0"
        } else {
            "(SELECT COUNT(*) FROM live_items i2 WHERE i2.rank <= items.rank)"
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ITEM_COLUMNS_SHOWN}, {RELEASES_OF}, {DOR_OF}, {rank}, {TEAMS_OF}, {PROGRESS_OF}
             FROM live_items items WHERE 1 {bound}{cond} ORDER BY rank {direction} LIMIT ?1 OFFSET ?2"
        ))?;
        let mut params: Vec<Value> =
            vec![Value::Integer(limit as i64), Value::Integer(offset as i64)];
        if let Some(k) = key {
            params.push(Value::Text(k.to_string()));
        }
        params.extend(extra);
        let rows = stmt.query_map(params_from_iter(params), |r| {
            Ok(BacklogRow {
                item: item_from_row(r)?,
                releases: labels(r.get(ITEM_WIDTH)?),
                dor_met: labels(r.get(ITEM_WIDTH + 1)?),
                rank: r.get::<_, i64>(ITEM_WIDTH + 2)? as usize,
                teams: labels(r.get(ITEM_WIDTH + 3)?),
                progress: parse_progress(r.get(ITEM_WIDTH + 4)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many items pass the filter.
    pub fn backlog_count(&self, filter: &Filter) -> Result<usize> {
        if let Some(counts) = self.counts_from_text(filter)? {
            return Ok(counts.iter().map(|&(_, n)| n).sum());
        }
        let (cond, extra) = self.conditions(filter, 1)?;
        let n: i64 = self
            .conn
            .prepare_cached(&format!(
                "SELECT COUNT(*) FROM live_items items WHERE 1{cond}"
            ))?
            .query_row(params_from_iter(extra), |r| r.get(0))?;
        Ok(n as usize)
    }

    /// The 0-based index of an item among the items that pass the filter.
    pub fn backlog_index(&self, id: ItemId, filter: &Filter) -> Result<usize> {
        if filter.is_empty() {
            return Ok(self.position(id)?.saturating_sub(1));
        }
        let key = self.item(id)?.rank_key;
        let (cond, extra) = self.conditions(filter, 2)?;
        let mut params: Vec<Value> = vec![Value::Text(key)];
        params.extend(extra);
        let n: i64 = self
            .conn
            .prepare_cached(&format!(
                "SELECT COUNT(*) FROM live_items items WHERE rank < ?1{cond}"
            ))?
            .query_row(params_from_iter(params), |r| r.get(0))?;
        Ok(n as usize)
    }

    /// Every item's score in rank order, and whether it is finished (Done or
    /// Released), which the suggested order leaves in place.
    pub fn scores(&self, method: Method) -> Result<Vec<score::Scored>> {
        read_scores(&self.conn, method)
    }

    /// `scores`, read on a thread with a connection of its own: at a million
    /// items the read takes half a second, which no key should wait for.
    /// `None` without a file (the demo): read them with `scores`.
    pub fn scores_on_thread(
        &self,
        method: Method,
    ) -> Option<std::sync::mpsc::Receiver<Vec<score::Scored>>> {
        let path = self.path.clone()?;
        super::read_ahead::read_on_thread("scores", path, move |conn| read_scores(conn, method))
    }

    /// Puts the whole backlog in `order` (every item once) as one undoable change.
    /// Only items whose place changes get a new key.
    pub fn apply_order(&mut self, order: &[ItemId], who: &str) -> Result<usize> {
        let tx = self.begin()?;
        let all: Vec<(ItemId, bool)> = tx
            .prepare("SELECT id, archived_at IS NOT NULL FROM items ORDER BY rank")?
            .query_map([], |r| Ok((ItemId(r.get(0)?), r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let current: Vec<ItemId> = all.iter().filter(|(_, a)| !a).map(|(i, _)| *i).collect();
        let mut sorted_new = order.to_vec();
        sorted_new.sort();
        let mut sorted_cur = current.clone();
        sorted_cur.sort();
        if sorted_new != sorted_cur {
            return Err(StoreError::OrderChanged);
        }
        let changed = order.iter().zip(&current).filter(|(a, b)| a != b).count();
        if changed == 0 {
            return Ok(0);
        }
        // Archived items keep their keys' neighbourhood: each stays right after
        // the item it followed, so its key stays unique among the new ones.
        let mut full: Vec<ItemId> = Vec::with_capacity(all.len());
        let mut follows: Vec<(Option<ItemId>, ItemId)> = Vec::new();
        let mut last_live = None;
        for &(id, archived) in &all {
            if archived {
                follows.push((last_live, id));
            } else {
                last_live = Some(id);
            }
        }
        full.extend(follows.iter().filter(|(f, _)| f.is_none()).map(|(_, a)| *a));
        for id in order {
            full.push(*id);
            full.extend(
                follows
                    .iter()
                    .filter(|(f, _)| *f == Some(*id))
                    .map(|(_, a)| *a),
            );
        }
        // The whole order gets fresh, evenly spread keys; the log keeps every old
        // key so undo puts back exactly the order there was.
        let mut journal = Journal::default();
        for id in &full {
            journal.watch_columns(&tx, Table::Items, id_key(*id), Some(&["rank"]))?;
        }
        let keys = rank::sequence(None, full.len())?;
        // Move every key aside first, so the new ones never collide on the way.
        tx.execute("UPDATE items SET rank = '~' || rank", [])?;
        {
            let mut set = tx.prepare_cached("UPDATE items SET rank = ?1 WHERE id = ?2")?;
            for (id, key) in full.iter().zip(&keys) {
                set.execute(params![key, id.0])?;
            }
        }
        record(
            &tx,
            Entry {
                who,
                command: "apply-order",
                item_id: None,
                summary: format!("Applied the suggested order: {changed} items changed place"),
                rows: journal.finish(&tx)?,
            },
        )?;
        tx.commit()?;
        Ok(changed)
    }
}

/// Every live item's score, in rank order, and whether it is finished.
fn read_scores(conn: &rusqlite::Connection, method: Method) -> Result<Vec<score::Scored>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, value, effort, business_value, time_criticality, risk_reduction,
                state IN ('done', 'released')
         FROM live_items ORDER BY rank",
    )?;
    let rows = stmt.query_map([], |r| {
        let e = score::Estimates {
            value: points_at(r, 1)?,
            effort: points_at(r, 2)?,
            business_value: points_at(r, 3)?,
            time_criticality: points_at(r, 4)?,
            risk_reduction: points_at(r, 5)?,
        };
        Ok((ItemId(r.get(0)?), score::score(&e, method), r.get(6)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
