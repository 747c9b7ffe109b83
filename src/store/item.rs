//! Cluster items: adding and finding them, and the reads the board and the
//! item view need (counts per column, a window of cards, the whole item).

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};
use serde_json::json;

use super::change::{Change, Entry, record};
use super::row::{
    DOR_OF, ITEM_COLUMNS, ITEM_WIDTH, PROGRESS_OF, RELEASES_OF, REQUESTERS_OF, TEAMS_OF,
    TITLE_SHOWN, get, item_from_row, labels, parse_progress, parsed_at, points_at,
};
use super::{Result, Store, StoreError};
use crate::domain::filter::Filter;
use crate::domain::item::{ItemRef, clean_title};
use crate::domain::{Card, Item, ItemId, NewItem, State, rank};

/// An item with its 1-based position in the cluster order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RankedItem {
    pub rank: usize,
    pub item: Item,
    pub releases: Vec<String>,
    pub requested_by: Vec<String>,
}

/// Everything the item view shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemDetail {
    pub rank: usize,
    pub item: Item,
    pub releases: Vec<String>,
    pub requested_by: Vec<String>,
    pub history: Vec<Change>,
    /// Team items split out of it.
    pub children: Vec<crate::domain::team::TeamItem>,
}

fn last_key(conn: &Connection) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT max(rank) FROM items", [], |r| r.get(0))?)
}

pub(super) fn insert(conn: &Connection, new: &NewItem, key: &str) -> Result<ItemId> {
    let title = clean_title(&new.title)?;
    conn.prepare_cached(
        "INSERT INTO items(kind, title, description, state, rank, value, effort)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        new.kind.as_str(),
        title,
        new.description,
        new.state.as_str(),
        key,
        new.value,
        new.effort
    ])?;
    Ok(ItemId(conn.last_insert_rowid()))
}

impl Store {
    /// Adds an item at the bottom of the cluster order.
    pub fn add_item(&mut self, new: &NewItem, who: &str) -> Result<Item> {
        let tx = self.begin()?;
        let key = rank::between(last_key(&tx)?.as_deref(), None)?;
        let id = insert(&tx, new, &key)?;
        let item = get(&tx, id)?;
        record(
            &tx,
            Entry {
                who,
                command: "add",
                item_id: Some(id),
                summary: format!(
                    "Added {} \"{}\" to {}",
                    item.code(),
                    item.title,
                    item.state.label()
                ),
                before: None,
                after: Some(json!({ "state": item.state, "rank": item.rank_key })),
            },
        )?;
        tx.commit()?;
        Ok(item)
    }

    pub fn item(&self, id: ItemId) -> Result<Item> {
        get(&self.conn, id)
    }

    /// Finds the item a user named, checking the kind prefix if one was given.
    pub fn resolve(&self, r: ItemRef) -> Result<Item> {
        let item = get(&self.conn, r.id)?;
        if let Some(p) = r.prefix
            && p != item.kind.prefix()
        {
            return Err(StoreError::WrongPrefix {
                given: format!("{p}-{}", r.id.0),
                id: r.id,
                actual: format!("{} ({})", item.code(), item.kind),
            });
        }
        Ok(item)
    }

    /// The 1-based position of an item in the cluster order.
    pub fn position(&self, id: ItemId) -> Result<usize> {
        let item = get(&self.conn, id)?;
        // Whole buckets before the item's key prefix, then its own bucket.
        let n: i64 = self
            .conn
            .prepare_cached(super::release_view::RANK_OF_KEY)?
            .query_row([&item.rank_key], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// The 0-based index of an item among the (filtered) cards of its column.
    pub fn index_in_column(&self, id: ItemId, filter: &Filter) -> Result<usize> {
        let item = get(&self.conn, id)?;
        if filter.is_empty() {
            let n: i64 = self
                .conn
                .prepare_cached(super::release_view::INDEX_IN_COLUMN)?
                .query_row(params![item.rank_key, item.state.as_str()], |r| r.get(0))?;
            return Ok(n as usize);
        }
        let (cond, extra) = self.conditions(filter, 3)?;
        let mut params: Vec<Value> = vec![
            Value::Text(item.state.as_str().into()),
            Value::Text(item.rank_key),
        ];
        params.extend(extra);
        let n: i64 = self
            .conn
            .prepare_cached(&format!(
                "SELECT COUNT(*) FROM items WHERE state = ?1 AND rank < ?2{cond}"
            ))?
            .query_row(params_from_iter(params), |r| r.get(0))?;
        Ok(n as usize)
    }

    pub fn item_count(&self) -> Result<usize> {
        let n: i64 = self
            .conn
            .prepare_cached("SELECT COALESCE(sum(n), 0) FROM state_counts")?
            .query_row([], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// How many cards each column holds (that pass the filter), in flow order.
    pub fn column_counts(&self, filter: &Filter) -> Result<Vec<(State, usize)>> {
        if filter.is_empty() {
            // Kept by triggers: no counting.
            let mut stmt = self
                .conn
                .prepare_cached("SELECT n FROM state_counts WHERE state = ?1")?;
            return State::ALL
                .iter()
                .map(|&s| {
                    let n: i64 = stmt
                        .query_row([s.as_str()], |r| r.get(0))
                        .optional()?
                        .unwrap_or(0);
                    Ok((s, n.max(0) as usize))
                })
                .collect();
        }
        if let Some(counts) = self.counts_from_text(filter)? {
            return Ok(counts);
        }
        let (cond, extra) = self.conditions(filter, 2)?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT COUNT(*) FROM items WHERE state = ?1{cond}"
        ))?;
        State::ALL
            .iter()
            .map(|&s| {
                let mut params: Vec<Value> = vec![Value::Text(s.as_str().into())];
                params.extend(extra.iter().cloned());
                let n: i64 = stmt.query_row(params_from_iter(params), |r| r.get(0))?;
                Ok((s, n as usize))
            })
            .collect()
    }

    /// A window of one column's cards (that pass the filter) in cluster order.
    pub fn column_page(
        &self,
        state: State,
        offset: usize,
        limit: usize,
        filter: &Filter,
    ) -> Result<Vec<Card>> {
        let (cond, extra) = self.conditions(filter, 4)?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT id, kind, substr(title, 1, {TITLE_SHOWN}), state, rank, value, effort,
                    {RELEASES_OF}, {DOR_OF},
                    {TEAMS_OF}, {PROGRESS_OF}
             FROM items WHERE state = ?1{cond} ORDER BY rank LIMIT ?2 OFFSET ?3"
        ))?;
        let mut params: Vec<Value> = vec![
            Value::Text(state.as_str().into()),
            Value::Integer(limit as i64),
            Value::Integer(offset as i64),
        ];
        params.extend(extra);
        let rows = stmt.query_map(params_from_iter(params), |r| {
            Ok(Card {
                id: ItemId(r.get(0)?),
                kind: parsed_at(r, 1)?,
                title: r.get(2)?,
                state: parsed_at(r, 3)?,
                rank_key: r.get(4)?,
                value: points_at(r, 5)?,
                effort: points_at(r, 6)?,
                releases: labels(r.get(7)?),
                dor_met: labels(r.get(8)?),
                teams: labels(r.get(9)?),
                progress: parse_progress(r.get(10)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// All items in cluster order, optionally one column only.
    pub fn ranked_items(&self, state: Option<State>) -> Result<Vec<RankedItem>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT * FROM (
               SELECT {ITEM_COLUMNS}, ROW_NUMBER() OVER (ORDER BY rank) AS pos,
                      {RELEASES_OF}, {REQUESTERS_OF}
               FROM items)
             WHERE ?1 IS NULL OR state = ?1 ORDER BY rank"
        ))?;
        let rows = stmt.query_map([state.map(State::as_str)], |r| {
            Ok(RankedItem {
                item: item_from_row(r)?,
                rank: r.get::<_, i64>(ITEM_WIDTH)? as usize,
                releases: labels(r.get(ITEM_WIDTH + 1)?),
                requested_by: labels(r.get(ITEM_WIDTH + 2)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The whole item for the item view.
    pub fn item_detail(&self, id: ItemId, history: usize) -> Result<ItemDetail> {
        let (item, releases, requested_by) = self
            .conn
            .prepare_cached(&format!(
                "SELECT {ITEM_COLUMNS}, {RELEASES_OF}, {REQUESTERS_OF} FROM items WHERE id = ?1"
            ))?
            .query_row([id.0], |r| {
                Ok((
                    item_from_row(r)?,
                    labels(r.get(ITEM_WIDTH)?),
                    labels(r.get(ITEM_WIDTH + 1)?),
                ))
            })
            .optional()?
            .ok_or(StoreError::NotFound(id))?;
        Ok(ItemDetail {
            rank: self.position(id)?,
            item,
            releases,
            requested_by,
            history: self.history(id, history)?,
            children: self.children(id)?,
        })
    }
}
