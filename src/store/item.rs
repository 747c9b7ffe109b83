//! Cluster items: adding and finding them, and the reads the board and the
//! item view need (counts per column, a window of cards, the whole item).

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};

use super::change::{Change, Entry, record};
use super::journal::{Journal, Table};
use super::rank::{Placement, bounds, id_key, position_of};
use super::row::{
    DOR_OF, ITEM_COLUMNS, ITEM_COLUMNS_SHOWN, ITEM_WIDTH, PROGRESS_OF, RELEASES_OF, REQUESTERS_OF,
    TEAMS_OF, TITLE_SHOWN, get, get_shown, item_from_row, labels, live, parse_progress, parsed_at,
    points_at,
};
use super::{Result, Store, StoreError};
use crate::domain::dor::DorPoint;
use crate::domain::filter::Filter;
use crate::domain::item::{ItemRef, clean_title, typed_title};
use crate::domain::{Card, Item, ItemId, Kind, NewItem, State, rank};

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
    /// Its labels, sorted without regard to case.
    pub labels: Vec<String>,
    pub history: Vec<Change>,
    /// Team items split out of it.
    pub children: Vec<crate::domain::team::TeamItem>,
    /// The portfolio item it is derived from: its code and title.
    pub portfolio: Option<(String, String)>,
}

/// What a new item starts with beyond [`NewItem`]: from a template, or the
/// command line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemFill {
    pub acceptance: String,
    pub source: String,
    pub business_case: Option<crate::domain::business::BusinessCase>,
    /// Definition of Ready points left open by an item created in Ready or
    /// later with `--force`: the log records the override.
    pub dor_overridden: Vec<String>,
}

impl ItemFill {
    /// The `DoR` points a new item in `state` would leave open: every point but
    /// those its acceptance criteria and source tick; none before Ready.
    pub fn open_points(&self, state: crate::domain::State, dor: &[DorPoint]) -> Vec<String> {
        if !crate::domain::dor::move_needs_dor(crate::domain::State::Funnel, state) {
            return Vec::new();
        }
        let mut met = Vec::new();
        for (point, text) in [(AUTO_DOR[0], &self.acceptance), (AUTO_DOR[1], &self.source)] {
            if !text.trim().is_empty() {
                met.push(point.to_string());
            }
        }
        crate::domain::dor::open_points(dor, &met)
            .into_iter()
            .map(|p| p.text.clone())
            .collect()
    }
}

/// Writes a just-created item's fill, ticking the `DoR` points it meets, as
/// part of the creating change.
pub(super) fn fill_new(
    tx: &Connection,
    journal: &mut Journal,
    id: ItemId,
    fill: &ItemFill,
) -> Result<()> {
    if fill.acceptance.is_empty() && fill.source.is_empty() && fill.business_case.is_none() {
        return Ok(());
    }
    let case = match fill.business_case.as_ref().filter(|c| !c.is_empty()) {
        Some(c) => Some(
            serde_json::to_string(c).map_err(|_| StoreError::DamagedLog {
                what: "a business case",
            })?,
        ),
        None => None,
    };
    tx.prepare_cached(
        "UPDATE items SET acceptance = ?1, source = ?2,
         business_case = COALESCE(?3, business_case) WHERE id = ?4",
    )?
    .execute(params![fill.acceptance, fill.source.trim(), case, id.0])?;
    for (point, text) in [(AUTO_DOR[0], &fill.acceptance), (AUTO_DOR[1], &fill.source)] {
        if !text.trim().is_empty() {
            tx.prepare_cached("INSERT OR IGNORE INTO item_dor(item_id, point) VALUES (?1, ?2)")?
                .execute(params![id.0, point])?;
            journal.created(Table::ItemDor, dor_key(id, point));
        }
    }
    Ok(())
}

/// The `DoR` points ticked by a field being filled: acceptance criteria, source.
pub const AUTO_DOR: [&str; 2] = ["acceptance", "source"];

fn dor_key(id: ItemId, point: &str) -> super::journal::Row {
    super::journal::key(&[
        ("item_id", serde_json::Value::from(id.0)),
        ("point", serde_json::Value::from(point)),
    ])
}

pub(super) fn insert(conn: &Connection, new: &NewItem, key: &str) -> Result<ItemId> {
    insert_derived(conn, new, key, None, None)
}

/// [`insert`] of an item derived from a portfolio item, with the business
/// case it inherits: a load writes each item once.
pub(super) fn insert_derived(
    conn: &Connection,
    new: &NewItem,
    key: &str,
    portfolio: Option<i64>,
    business_case: Option<&str>,
) -> Result<ItemId> {
    let title = clean_title(&new.title)?;
    conn.prepare_cached(
        "INSERT INTO items(kind, title, description, state, rank, value, effort, portfolio_id,
                           business_case)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        new.kind.as_str(),
        title,
        new.description,
        new.state.as_str(),
        key,
        new.value,
        new.effort,
        portfolio,
        business_case
    ])?;
    Ok(ItemId(conn.last_insert_rowid()))
}

/// What `edit` changes; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemEdit {
    pub title: Option<String>,
    pub description: Option<String>,
    pub acceptance: Option<String>,
    pub source: Option<String>,
    pub kind: Option<Kind>,
    /// `Some(None)` removes the business case.
    pub business_case: Option<Option<crate::domain::business::BusinessCase>>,
}

impl ItemEdit {
    pub fn is_empty(&self) -> bool {
        *self == ItemEdit::default()
    }
}

/// The tables whose rows hang off an item, for deleting it whole (and putting
/// it back on undo): its ticks, labels, plans, requests, poker rounds and team items.
const DEPENDENTS: [(Table, &str); 6] = [
    (Table::ItemDor, "item_id"),
    (Table::ItemLabels, "item_id"),
    (Table::ItemReleases, "item_id"),
    (Table::ItemRequesters, "item_id"),
    (Table::PokerRounds, "item_id"),
    (Table::TeamItems, "parent_id"),
];

impl Store {
    /// Adds an item at the bottom of the cluster order.
    pub fn add_item(&mut self, new: &NewItem, who: &str) -> Result<Item> {
        self.add_item_at(new, Placement::Bottom, &ItemFill::default(), who)
    }

    /// Adds an item at a place in the cluster order, logged and undoable (undo
    /// removes it again, redo brings it back with the same id).
    pub fn add_item_at(
        &mut self,
        new: &NewItem,
        at: Placement,
        fill: &ItemFill,
        who: &str,
    ) -> Result<Item> {
        let title = typed_title(&new.title)?;
        let tx = self.begin()?;
        let (low, high) = bounds(&tx, at, None)?;
        let key = rank::between(low.as_deref(), high.as_deref())?;
        let id = insert(
            &tx,
            &NewItem {
                title,
                ..new.clone()
            },
            &key,
        )?;
        let mut journal = Journal::default();
        journal.created(Table::Items, id_key(id));
        fill_new(&tx, &mut journal, id, fill)?;
        let item = get(&tx, id)?;
        record(
            &tx,
            Entry {
                who,
                command: "add",
                item_id: Some(id),
                summary: format!(
                    "Added {} \"{}\" to {}{}",
                    item.code(),
                    item.title,
                    item.state.label(),
                    if fill.dor_overridden.is_empty() {
                        String::new()
                    } else {
                        format!(
                            " overriding the DoR ({} open: {})",
                            fill.dor_overridden.len(),
                            fill.dor_overridden.join("; ")
                        )
                    }
                ),
                rows: journal.finish(&tx)?,
            },
        )?;
        tx.commit()?;
        Ok(item)
    }

    /// Changes an item's texts and kind in one logged, undoable step.
    pub fn edit_item(&mut self, id: ItemId, edit: &ItemEdit, who: &str) -> Result<Item> {
        let title = edit.title.as_deref().map(typed_title).transpose()?;
        let case = match &edit.business_case {
            Some(c) => Some(match c.as_ref().filter(|c| !c.is_empty()) {
                Some(c) => Some(
                    serde_json::to_string(c).map_err(|_| StoreError::DamagedLog {
                        what: "a business case",
                    })?,
                ),
                None => None,
            }),
            None => None,
        };
        let tx = self.begin()?;
        let before = live(&tx, id)?;
        let mut journal = Journal::default();
        journal.watch(&tx, Table::Items, id_key(id))?;
        for point in AUTO_DOR {
            journal.watch(&tx, Table::ItemDor, dor_key(id, point))?;
        }
        tx.prepare_cached(
            "UPDATE items SET title = COALESCE(?1, title), description = COALESCE(?2, description),
             acceptance = COALESCE(?3, acceptance), source = COALESCE(?4, source),
             kind = COALESCE(?5, kind),
             business_case = CASE WHEN ?7 THEN ?8 ELSE business_case END,
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?6",
        )?
        .execute(params![
            title,
            edit.description,
            edit.acceptance,
            edit.source.as_deref().map(str::trim),
            edit.kind.map(Kind::as_str),
            id.0,
            case.is_some(),
            case.flatten()
        ])?;
        let item = get(&tx, id)?;
        // Filling in the acceptance criteria or the source ticks its DoR point;
        // emptying it opens the point again. Untouched fields leave ticks alone.
        for (point, was, now) in [
            (AUTO_DOR[0], &before.acceptance, &item.acceptance),
            (AUTO_DOR[1], &before.source, &item.source),
        ] {
            let (was, now) = (!was.trim().is_empty(), !now.trim().is_empty());
            if was != now {
                let sql = if now {
                    "INSERT OR IGNORE INTO item_dor(item_id, point) VALUES (?1, ?2)"
                } else {
                    "DELETE FROM item_dor WHERE item_id = ?1 AND point = ?2"
                };
                tx.prepare_cached(sql)?.execute(params![id.0, point])?;
            }
        }
        let rows = journal.finish(&tx)?;
        if rows.is_empty() {
            return Ok(item);
        }
        let mut what = Vec::new();
        if before.title != item.title {
            what.push(format!("title to \"{}\"", item.title));
        }
        for (name, a, b) in [
            ("description", &before.description, &item.description),
            ("acceptance criteria", &before.acceptance, &item.acceptance),
            ("source", &before.source, &item.source),
        ] {
            if a != b {
                what.push(name.to_string());
            }
        }
        if before.business_case != item.business_case {
            what.push("business case".to_string());
        }
        if before.kind != item.kind {
            what.push(format!("kind to {} (now {})", item.kind, item.code()));
        }
        record(
            &tx,
            Entry {
                who,
                command: "edit",
                item_id: Some(id),
                summary: format!(
                    "Edited {} \"{}\": {}",
                    before.code(),
                    before.title,
                    what.join(", ")
                ),
                rows,
            },
        )?;
        tx.commit()?;
        Ok(item)
    }

    /// Takes an item off the board, the backlog and every count; its history,
    /// team items and plans stay, and `restore` brings it back. Undoable.
    pub fn archive(&mut self, id: ItemId, who: &str) -> Result<Item> {
        let tx = self.begin()?;
        let item = live(&tx, id)?;
        let mut journal = Journal::default();
        journal.watch_columns(&tx, Table::Items, id_key(id), Some(&["archived_at"]))?;
        tx.execute(
            "UPDATE items SET archived_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?1",
            [id.0],
        )?;
        record(
            &tx,
            Entry {
                who,
                command: "archive",
                item_id: Some(id),
                summary: format!(
                    "Archived {} \"{}\" from {}",
                    item.code(),
                    item.title,
                    item.state.label()
                ),
                rows: journal.finish(&tx)?,
            },
        )?;
        tx.commit()?;
        get(&self.conn, id)
    }

    /// Puts an archived item back where it stood in the order and the board.
    pub fn restore_item(&mut self, id: ItemId, who: &str) -> Result<Item> {
        let tx = self.begin()?;
        let item = get(&tx, id)?;
        if item.archived_at.is_none() {
            return Err(StoreError::NotArchived(item.code()));
        }
        let mut journal = Journal::default();
        journal.watch_columns(&tx, Table::Items, id_key(id), Some(&["archived_at"]))?;
        tx.execute("UPDATE items SET archived_at = NULL WHERE id = ?1", [id.0])?;
        record(
            &tx,
            Entry {
                who,
                command: "restore",
                item_id: Some(id),
                summary: format!(
                    "Restored {} \"{}\" to {}",
                    item.code(),
                    item.title,
                    item.state.label()
                ),
                rows: journal.finish(&tx)?,
            },
        )?;
        tx.commit()?;
        get(&self.conn, id)
    }

    /// How many logged changes an item has beyond its creation.
    pub fn changes_since_creation(&self, id: ItemId) -> Result<usize> {
        let n: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM change_objects o JOIN changes c ON c.id = o.change_id
             WHERE o.object = ?1 AND c.command NOT IN ('add', 'import', 'init')",
            [format!("item:{}", id.0)],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }

    /// Why an item may not be deleted for good, if it may not: a history
    /// beyond its creation, or work hanging off it (team items, release
    /// plans, requesters: a seed or an import brings those without history).
    /// The board offers to delete by the same rule.
    pub fn not_deletable(&self, id: ItemId) -> Result<Option<StoreError>> {
        let item = get_shown(&self.conn, id)?;
        let changes = self.changes_since_creation(id)?;
        if changes > 0 {
            return Ok(Some(StoreError::HasHistory {
                code: item.code(),
                changes,
            }));
        }
        let (teams, plans, asked): (i64, i64, i64) = self
            .conn
            .prepare_cached(
                "SELECT (SELECT COUNT(*) FROM team_items WHERE parent_id = ?1),
                    (SELECT COUNT(*) FROM item_releases WHERE item_id = ?1),
                    (SELECT COUNT(*) FROM item_requesters WHERE item_id = ?1)",
            )?
            .query_row([id.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        let plural =
            |n: i64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut what = Vec::new();
        if teams > 0 {
            what.push(format!("has {}", plural(teams, "team item", "team items")));
        }
        if plans > 0 {
            what.push(format!(
                "is planned into {}",
                plural(plans, "release", "releases")
            ));
        }
        if asked > 0 {
            what.push(format!(
                "was asked for by {}",
                plural(asked, "stakeholder", "stakeholders")
            ));
        }
        Ok((!what.is_empty()).then(|| StoreError::HasWork {
            code: item.code(),
            what: what.join(", "),
        }))
    }

    /// Deletes an item for good: only for a mistake, an item nothing hangs
    /// off ([`Store::not_deletable`]). Undo puts it back whole, with the same id.
    pub fn delete_item(&mut self, id: ItemId, who: &str) -> Result<Item> {
        let item = self.item(id)?;
        if let Some(why) = self.not_deletable(id)? {
            return Err(why);
        }
        let tx = self.begin()?;
        let mut journal = Journal::default();
        for (table, column) in DEPENDENTS {
            journal.watch_all(&tx, table, column, id.0)?;
        }
        let rounds: Vec<i64> = tx
            .prepare("SELECT id FROM poker_rounds WHERE item_id = ?1")?
            .query_map([id.0], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for round in rounds {
            journal.watch_all(&tx, Table::PokerVotes, "round_id", round)?;
        }
        journal.watch(&tx, Table::Items, id_key(id))?;
        tx.execute("DELETE FROM items WHERE id = ?1", [id.0])?;
        record(
            &tx,
            Entry {
                who,
                command: "delete",
                item_id: Some(id),
                summary: format!("Deleted {} \"{}\" for good", item.code(), item.title),
                rows: journal.finish(&tx)?,
            },
        )?;
        tx.commit()?;
        Ok(item)
    }

    pub fn item(&self, id: ItemId) -> Result<Item> {
        get(&self.conn, id)
    }

    /// The item with its texts cut as a view shows them (500 characters).
    pub fn item_shown(&self, id: ItemId) -> Result<Item> {
        get_shown(&self.conn, id)
    }

    /// Finds the item a user named, checking the kind prefix if one was given.
    /// An archived item is found, but refused: restore it first.
    pub fn resolve(&self, r: ItemRef) -> Result<Item> {
        let item = self.resolve_any(r)?;
        if item.archived_at.is_some() {
            return Err(StoreError::Archived(item.code()));
        }
        Ok(item)
    }

    /// Finds the item a user named, archived or not.
    pub fn resolve_any(&self, r: ItemRef) -> Result<Item> {
        let item = get(&self.conn, r.id).map_err(|e| match (e, r.prefix) {
            // Named as it was typed: `F-9`, not a bare 9.
            (StoreError::NotFound(id), Some(p)) => StoreError::NoItemNamed(format!("{p}-{}", id.0)),
            (e, _) => e,
        })?;
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
        let item = get_shown(&self.conn, id)?;
        position_of(&self.conn, &item.rank_key)
    }

    /// A page of the archive, newest archived first, texts cut as a view
    /// shows them: the archive list reads it a page at a time.
    pub fn archived_page(&self, offset: usize, limit: usize) -> Result<Vec<Item>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ITEM_COLUMNS_SHOWN} FROM items WHERE archived_at IS NOT NULL
             ORDER BY archived_at DESC, id DESC LIMIT ?1 OFFSET ?2"
        ))?;
        let rows = stmt.query_map(
            params![
                i64::try_from(limit).unwrap_or(i64::MAX),
                i64::try_from(offset).unwrap_or(i64::MAX)
            ],
            item_from_row,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many items are archived.
    pub fn archived_count(&self) -> Result<usize> {
        let n: i64 = self
            .conn
            .prepare_cached("SELECT COUNT(*) FROM items WHERE archived_at IS NOT NULL")?
            .query_row([], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// Archived items, newest archived first.
    pub fn archived_items(&self) -> Result<Vec<Item>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ITEM_COLUMNS} FROM items WHERE archived_at IS NOT NULL
             ORDER BY archived_at DESC, id DESC"
        ))?;
        let rows = stmt.query_map([], item_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The 0-based index of an item among the (filtered) cards of its column.
    pub fn index_in_column(&self, id: ItemId, filter: &Filter) -> Result<usize> {
        let item = get_shown(&self.conn, id)?;
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
                "SELECT COUNT(*) FROM live_items items WHERE state = ?1 AND rank < ?2{cond}"
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
            "SELECT COUNT(*) FROM live_items items WHERE state = ?1{cond}"
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
        // Unfiltered, the window starts at the key of its first card, found
        // through the rank counts: no stepping over the cards above it.
        let from = if filter.is_empty() && offset > 0 {
            match super::rank::key_at_place(&self.conn, state.as_str(), offset)? {
                Some(key) => Some(key),
                None => return Ok(Vec::new()),
            }
        } else {
            None
        };
        let window = if from.is_some() {
            "AND rank >= ?3 ORDER BY rank LIMIT ?2"
        } else {
            "ORDER BY rank LIMIT ?2 OFFSET ?3"
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT id, kind, substr(title, 1, {TITLE_SHOWN}), state, rank, value, effort,
                    {RELEASES_OF}, {DOR_OF},
                    {TEAMS_OF}, {PROGRESS_OF}, portfolio_id
             FROM live_items items WHERE state = ?1{cond} {window}"
        ))?;
        let mut params: Vec<Value> = vec![
            Value::Text(state.as_str().into()),
            Value::Integer(limit as i64),
            match from {
                Some(key) => Value::Text(key),
                None => Value::Integer(offset as i64),
            },
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
                portfolio: r
                    .get::<_, Option<i64>>(11)?
                    .map(crate::domain::portfolio::PortfolioId),
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
               FROM live_items items)
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
        let portfolio = match item.portfolio {
            Some(p) => {
                let p = self.portfolio_item(p)?;
                Some((p.code(), p.title))
            }
            None => None,
        };
        Ok(ItemDetail {
            rank: position_of(&self.conn, &item.rank_key)?,
            item,
            releases,
            requested_by,
            labels: super::label::labels_of(&self.conn, id)?,
            history: self.history(id, history)?,
            children: self.children(id)?,
            portfolio,
        })
    }
}
