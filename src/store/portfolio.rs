//! The portfolio backlog: its items in their own strict rank (one key written
//! per move, as the cluster rank), their states, the cluster items derived
//! from them, and how far those are. Every write is one logged, undoable change.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::change::{Entry, record};
use super::journal::{Journal, Table, key};
use super::rank::id_key;
use super::row::{
    ITEM_COLUMNS_SHOWN, PROGRESS_OF, business_at, item_from_row, live, parse_progress, points_at,
};
use super::{Result, Store, StoreError};
use crate::domain::business::BusinessCase;
use crate::domain::item::typed_title;
use crate::domain::portfolio::{DerivedShare, PortfolioId, PortfolioItem, Rollup};
use crate::domain::{Item, ItemId, rank};

pub(super) const COLUMNS: &str = "id, kind, title, description, owner, value, rank, state, business_case, \
     created_at, updated_at, archived_at";

pub(super) fn from_row(r: &Row<'_>) -> rusqlite::Result<PortfolioItem> {
    Ok(PortfolioItem {
        id: PortfolioId(r.get(0)?),
        kind: r.get(1)?,
        title: r.get(2)?,
        description: r.get(3)?,
        owner: r.get(4)?,
        value: points_at(r, 5)?,
        rank_key: r.get(6)?,
        state: r.get(7)?,
        business_case: business_at(r, 8)?,
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
        archived_at: r.get(11)?,
    })
}

fn get(conn: &Connection, id: PortfolioId) -> Result<PortfolioItem> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM portfolio_items WHERE id = ?1"
    ))?
    .query_row([id.0], from_row)
    .optional()?
    .ok_or(StoreError::NoPortfolioItem(id.code()))
}

/// A portfolio item that is not archived.
fn live_portfolio(conn: &Connection, id: PortfolioId) -> Result<PortfolioItem> {
    let p = get(conn, id)?;
    if p.archived_at.is_some() {
        return Err(StoreError::Archived(p.code()));
    }
    Ok(p)
}

/// What a new portfolio item is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPortfolioItem {
    pub kind: String,
    pub title: String,
    pub description: String,
    pub owner: String,
    pub value: Option<u32>,
    pub state: String,
    pub business_case: Option<BusinessCase>,
}

/// What `edit_portfolio` changes; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PortfolioEdit {
    pub title: Option<String>,
    pub description: Option<String>,
    pub owner: Option<String>,
    pub kind: Option<String>,
    pub value: Option<Option<u32>>,
    pub business_case: Option<Option<BusinessCase>>,
}

/// Where a portfolio item goes in the portfolio rank.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortfolioPlacement {
    Top,
    Bottom,
    Up,
    Down,
    /// To this 1-based place.
    Rank(usize),
}

/// A derived cluster item, as the Portfolio view lists it under its parent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DerivedRow {
    pub rank: usize,
    pub item: Item,
    pub progress: crate::domain::team::Progress,
}

fn business_json(case: Option<&BusinessCase>) -> Result<Option<String>> {
    match case.filter(|c| !c.is_empty()) {
        None => Ok(None),
        Some(c) => serde_json::to_string(c)
            .map(Some)
            .map_err(|_| StoreError::DamagedLog {
                what: "a business case",
            }),
    }
}

/// The keys a portfolio key placed `to` must fall between.
fn bounds(
    conn: &Connection,
    item: &PortfolioItem,
    to: PortfolioPlacement,
) -> Result<Option<(Option<String>, Option<String>)>> {
    // Neighbours among all portfolio rows (keys are unique across the table);
    // steps move past the next live one.
    const BELOW: &str =
        "SELECT rank FROM portfolio_items WHERE rank < ?1 AND id != ?2 ORDER BY rank DESC LIMIT 1";
    const ABOVE: &str =
        "SELECT rank FROM portfolio_items WHERE rank > ?1 AND id != ?2 ORDER BY rank LIMIT 1";
    const LIVE_BELOW: &str = "SELECT rank FROM portfolio_items WHERE rank < ?1 AND id != ?2 AND archived_at IS NULL ORDER BY rank DESC LIMIT 1";
    const LIVE_ABOVE: &str = "SELECT rank FROM portfolio_items WHERE rank > ?1 AND id != ?2 AND archived_at IS NULL ORDER BY rank LIMIT 1";
    let one = |sql: &str, k: &str| -> Result<Option<String>> {
        Ok(conn
            .prepare_cached(sql)?
            .query_row(params![k, item.id.0], |r| r.get(0))
            .optional()?)
    };
    Ok(Some(match to {
        PortfolioPlacement::Top => (None, one(ABOVE, "")?),
        PortfolioPlacement::Bottom => (one(BELOW, "\u{7f}")?, None),
        PortfolioPlacement::Up => {
            let Some(next) = one(LIVE_BELOW, &item.rank_key)? else {
                return Ok(None);
            };
            (one(BELOW, &next)?, Some(next))
        }
        PortfolioPlacement::Down => {
            let Some(next) = one(LIVE_ABOVE, &item.rank_key)? else {
                return Ok(None);
            };
            (Some(next.clone()), one(ABOVE, &next)?)
        }
        PortfolioPlacement::Rank(n) => {
            let count: i64 = conn.query_row(
                "SELECT COUNT(*) FROM portfolio_items WHERE archived_at IS NULL",
                [],
                |r| r.get(0),
            )?;
            let n = n.clamp(1, count.max(1) as usize);
            let current = position(conn, &item.rank_key)?;
            if n == current {
                return Ok(None);
            }
            let target: String = conn.query_row(
                "SELECT rank FROM portfolio_items WHERE archived_at IS NULL ORDER BY rank LIMIT 1 OFFSET ?1",
                [n as i64 - 1],
                |r| r.get(0),
            )?;
            if n < current {
                (one(BELOW, &target)?, Some(target))
            } else {
                (Some(target.clone()), one(ABOVE, &target)?)
            }
        }
    }))
}

fn position(conn: &Connection, key: &str) -> Result<usize> {
    let n: i64 = conn.query_row(
        "SELECT COUNT(*) FROM portfolio_items WHERE archived_at IS NULL AND rank <= ?1",
        [key],
        |r| r.get(0),
    )?;
    Ok(n as usize)
}

impl Store {
    pub fn portfolio_item(&self, id: PortfolioId) -> Result<PortfolioItem> {
        get(&self.conn, id)
    }

    /// The portfolio backlog in portfolio rank (archived items left out).
    pub fn portfolio(&self) -> Result<Vec<PortfolioItem>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM portfolio_items WHERE archived_at IS NULL ORDER BY rank"
        ))?;
        let rows = stmt.query_map([], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Archived portfolio items, the last archived first.
    pub fn archived_portfolio(&self) -> Result<Vec<PortfolioItem>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM portfolio_items WHERE archived_at IS NOT NULL
             ORDER BY archived_at DESC"
        ))?;
        let rows = stmt.query_map([], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many live portfolio items there are.
    pub fn portfolio_count(&self) -> Result<usize> {
        let n: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM portfolio_items WHERE archived_at IS NULL",
            [],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }

    /// A window of the portfolio backlog, in rank.
    pub fn portfolio_page(&self, offset: usize, limit: usize) -> Result<Vec<PortfolioItem>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM portfolio_items WHERE archived_at IS NULL
             ORDER BY rank LIMIT ?1 OFFSET ?2"
        ))?;
        let rows = stmt.query_map(params![limit as i64, offset as i64], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The 1-based place of a portfolio item in the portfolio rank.
    pub fn portfolio_position(&self, id: PortfolioId) -> Result<usize> {
        let p = get(&self.conn, id)?;
        position(&self.conn, &p.rank_key)
    }

    /// Adds a portfolio item at the bottom of the portfolio rank.
    pub fn add_portfolio_item(
        &mut self,
        new: &NewPortfolioItem,
        who: &str,
    ) -> Result<PortfolioItem> {
        let title = typed_title(&new.title)?;
        let tx = self.begin()?;
        let last: Option<String> =
            tx.query_row("SELECT max(rank) FROM portfolio_items", [], |r| r.get(0))?;
        let key = rank::between(last.as_deref(), None)?;
        tx.execute(
            "INSERT INTO portfolio_items(kind, title, description, owner, value, rank, state, business_case)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                new.kind,
                title,
                new.description,
                new.owner.trim(),
                new.value,
                key,
                new.state,
                business_json(new.business_case.as_ref())?
            ],
        )?;
        let id = PortfolioId(tx.last_insert_rowid());
        let mut journal = Journal::default();
        journal.created_id(Table::PortfolioItems, id.0);
        let p = get(&tx, id)?;
        record(
            &tx,
            Entry {
                who,
                command: "portfolio-add",
                item_id: None,
                summary: format!("Added portfolio item {} \"{}\"", p.code(), p.title),
                rows: journal.finish(&tx)?,
            },
        )?;
        tx.commit()?;
        Ok(p)
    }

    /// Reprioritises a portfolio item: one new key, touching no other row.
    pub fn rank_portfolio(
        &mut self,
        id: PortfolioId,
        to: PortfolioPlacement,
        who: &str,
    ) -> Result<(PortfolioItem, bool)> {
        let tx = self.begin()?;
        let p = live_portfolio(&tx, id)?;
        let Some((low, high)) = bounds(&tx, &p, to)? else {
            return Ok((p, false));
        };
        let Some(key) = rank::moved(&p.rank_key, low.as_deref(), high.as_deref())? else {
            return Ok((p, false));
        };
        let mut journal = Journal::default();
        journal.watch_columns(&tx, Table::PortfolioItems, id_key_p(id), Some(&["rank"]))?;
        tx.execute(
            "UPDATE portfolio_items SET rank = ?1,
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?2",
            params![key, id.0],
        )?;
        let moved = get(&tx, id)?;
        let at = position(&tx, &moved.rank_key)?;
        record(
            &tx,
            Entry {
                who,
                command: "portfolio-rank",
                item_id: None,
                summary: format!(
                    "Reprioritised portfolio item {} \"{}\" to rank {at}",
                    moved.code(),
                    moved.title
                ),
                rows: journal.finish(&tx)?,
            },
        )?;
        tx.commit()?;
        Ok((moved, true))
    }

    /// Moves a portfolio item to another state of the portfolio Kanban.
    pub fn move_portfolio(
        &mut self,
        id: PortfolioId,
        to: &str,
        to_title: &str,
        who: &str,
    ) -> Result<PortfolioItem> {
        let tx = self.begin()?;
        let p = live_portfolio(&tx, id)?;
        if p.state == to {
            return Ok(p);
        }
        let mut journal = Journal::default();
        journal.watch_columns(&tx, Table::PortfolioItems, id_key_p(id), Some(&["state"]))?;
        tx.execute(
            "UPDATE portfolio_items SET state = ?1,
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?2",
            params![to, id.0],
        )?;
        record(
            &tx,
            Entry {
                who,
                command: "portfolio-move",
                item_id: None,
                summary: format!(
                    "Moved portfolio item {} \"{}\" to {to_title}",
                    p.code(),
                    p.title
                ),
                rows: journal.finish(&tx)?,
            },
        )?;
        tx.commit()?;
        get(&self.conn, id)
    }

    /// Changes a portfolio item's texts, kind, value or business case.
    pub fn edit_portfolio(
        &mut self,
        id: PortfolioId,
        edit: &PortfolioEdit,
        who: &str,
    ) -> Result<PortfolioItem> {
        let title = edit.title.as_deref().map(typed_title).transpose()?;
        let case = match &edit.business_case {
            Some(c) => Some(business_json(c.as_ref())?),
            None => None,
        };
        let tx = self.begin()?;
        let before = live_portfolio(&tx, id)?;
        let mut journal = Journal::default();
        journal.watch(&tx, Table::PortfolioItems, id_key_p(id))?;
        tx.execute(
            "UPDATE portfolio_items SET title = COALESCE(?1, title),
             description = COALESCE(?2, description), owner = COALESCE(?3, owner),
             kind = COALESCE(?4, kind),
             value = CASE WHEN ?5 THEN ?6 ELSE value END,
             business_case = CASE WHEN ?7 THEN ?8 ELSE business_case END,
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?9",
            params![
                title,
                edit.description,
                edit.owner.as_deref().map(str::trim),
                edit.kind,
                edit.value.is_some(),
                edit.value.flatten(),
                case.is_some(),
                case.flatten(),
                id.0
            ],
        )?;
        let rows = journal.finish(&tx)?;
        let after = get(&tx, id)?;
        if !rows.is_empty() {
            record(
                &tx,
                Entry {
                    who,
                    command: "portfolio-edit",
                    item_id: None,
                    summary: format!(
                        "Edited portfolio item {} \"{}\"",
                        before.code(),
                        before.title
                    ),
                    rows,
                },
            )?;
        }
        tx.commit()?;
        Ok(after)
    }

    /// Archives a portfolio item; its derived items stay linked to it.
    pub fn archive_portfolio(&mut self, id: PortfolioId, who: &str) -> Result<PortfolioItem> {
        self.set_portfolio_archived(id, true, who)
    }

    /// Puts an archived portfolio item back in its place in the portfolio rank.
    pub fn restore_portfolio(&mut self, id: PortfolioId, who: &str) -> Result<PortfolioItem> {
        self.set_portfolio_archived(id, false, who)
    }

    /// Archives (or restores) a portfolio item: one logged, undoable change.
    fn set_portfolio_archived(
        &mut self,
        id: PortfolioId,
        archive: bool,
        who: &str,
    ) -> Result<PortfolioItem> {
        let tx = self.begin()?;
        let p = if archive {
            live_portfolio(&tx, id)?
        } else {
            let p = get(&tx, id)?;
            if p.archived_at.is_none() {
                return Err(StoreError::NotArchived(p.code()));
            }
            p
        };
        let mut journal = Journal::default();
        journal.watch_columns(
            &tx,
            Table::PortfolioItems,
            id_key_p(id),
            Some(&["archived_at"]),
        )?;
        tx.execute(
            "UPDATE portfolio_items SET archived_at =
               CASE WHEN ?2 THEN strftime('%Y-%m-%dT%H:%M:%fZ','now') END WHERE id = ?1",
            params![id.0, archive],
        )?;
        let (command, done) = if archive {
            ("portfolio-archive", "Archived")
        } else {
            ("portfolio-restore", "Restored")
        };
        record(
            &tx,
            Entry {
                who,
                command,
                item_id: None,
                summary: format!("{done} portfolio item {} \"{}\"", p.code(), p.title),
                rows: journal.finish(&tx)?,
            },
        )?;
        tx.commit()?;
        get(&self.conn, id)
    }

    /// Hangs a cluster item under a portfolio item (or, with `None`, takes it
    /// off): logged and undoable.
    pub fn link(&mut self, item: ItemId, to: Option<PortfolioId>, who: &str) -> Result<Item> {
        let tx = self.begin()?;
        let it = live(&tx, item)?;
        let target = to.map(|p| live_portfolio(&tx, p)).transpose()?;
        if it.portfolio == to {
            return Ok(it);
        }
        let mut journal = Journal::default();
        journal.watch_columns(&tx, Table::Items, id_key(item), Some(&["portfolio_id"]))?;
        tx.execute(
            "UPDATE items SET portfolio_id = ?1,
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?2",
            params![to.map(|p| p.0), item.0],
        )?;
        let summary = match (&target, it.portfolio) {
            (Some(p), _) => format!(
                "Linked {} \"{}\" to {} \"{}\"",
                it.code(),
                it.title,
                p.code(),
                p.title
            ),
            (None, Some(old)) => format!(
                "Unlinked {} \"{}\" from {}",
                it.code(),
                it.title,
                old.code()
            ),
            (None, None) => format!("Unlinked {} \"{}\"", it.code(), it.title),
        };
        record(
            &tx,
            Entry {
                who,
                command: if to.is_some() { "link" } else { "unlink" },
                item_id: Some(item),
                summary,
                rows: journal.finish(&tx)?,
            },
        )?;
        tx.commit()?;
        super::row::get(&self.conn, item)
    }

    /// Creates a cluster item under a portfolio item: one change, one undo.
    pub fn derive(
        &mut self,
        from: PortfolioId,
        new: &crate::domain::NewItem,
        fill: &super::item::ItemFill,
        who: &str,
    ) -> Result<Item> {
        let title = typed_title(&new.title)?;
        let tx = self.begin()?;
        let p = live_portfolio(&tx, from)?;
        let last: Option<String> = tx.query_row("SELECT max(rank) FROM items", [], |r| r.get(0))?;
        let key = rank::between(last.as_deref(), None)?;
        let id = super::item::insert(
            &tx,
            &crate::domain::NewItem {
                title,
                ..new.clone()
            },
            &key,
        )?;
        tx.execute(
            "UPDATE items SET portfolio_id = ?1, business_case = ?2 WHERE id = ?3",
            params![from.0, business_json(p.business_case.as_ref())?, id.0],
        )?;
        let mut journal = Journal::default();
        journal.created(Table::Items, id_key(id));
        super::item::fill_new(&tx, &mut journal, id, fill)?;
        let item = super::row::get(&tx, id)?;
        record(
            &tx,
            Entry {
                who,
                command: "derive",
                item_id: Some(id),
                summary: format!(
                    "Derived {} \"{}\" from {} \"{}\"",
                    item.code(),
                    item.title,
                    p.code(),
                    p.title
                ),
                rows: journal.finish(&tx)?,
            },
        )?;
        tx.commit()?;
        Ok(item)
    }

    /// The cluster items derived from a portfolio item, in cluster rank, with
    /// their team progress: `limit` of them after the first `skip` (the rows
    /// a view shows; each counts its cluster rank). Titles as views read them.
    pub fn derived(&self, from: PortfolioId, skip: usize, limit: usize) -> Result<Vec<DerivedRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ITEM_COLUMNS_SHOWN}, {PROGRESS_OF} FROM live_items items
             WHERE portfolio_id = ?1 ORDER BY rank LIMIT ?2 OFFSET ?3"
        ))?;
        let rows = stmt
            .query_map(params![from.0, limit as i64, skip as i64], |r| {
                Ok((
                    item_from_row(r)?,
                    parse_progress(r.get(super::row::ITEM_WIDTH)?),
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(item, progress)| {
                Ok(DerivedRow {
                    rank: self.position(item.id)?,
                    item,
                    progress,
                })
            })
            .collect()
    }

    /// How far a portfolio item's derived items are, through to team items.
    pub fn rollup(&self, of: PortfolioId) -> Result<Rollup> {
        let row = self
            .conn
            .prepare_cached(
                // Each derived item once, with its team items joined and
                // counted beside it, then summed: its team items stand for an
                // item that has any. Grouped by rank (unique, like the id), the
                // groups come in the order of the portfolio index, unsorted.
                "SELECT COUNT(*), COALESCE(SUM(done), 0),
                        COALESCE(SUM(CASE WHEN n > 0 THEN n ELSE 1 END), 0),
                        COALESCE(SUM(CASE WHEN n > 0 THEN team_done ELSE done END), 0),
                        COALESCE(SUM(CASE WHEN n > 0 THEN points ELSE effort END), 0),
                        COALESCE(SUM(CASE WHEN n > 0 THEN done_points
                                          WHEN done THEN effort ELSE 0 END), 0)
                 FROM (SELECT i.state IN ('done','released') AS done,
                              COALESCE(i.effort, 0) AS effort,
                              COUNT(t.id) AS n,
                              COALESCE(SUM(t.state = 'done'), 0) AS team_done,
                              COALESCE(SUM(t.effort), 0) AS points,
                              COALESCE(SUM(CASE WHEN t.state = 'done' THEN t.effort ELSE 0 END), 0)
                                  AS done_points
                       FROM live_items i LEFT JOIN team_items t ON t.parent_id = i.id
                       WHERE i.portfolio_id = ?1 GROUP BY i.rank)",
            )?
            .query_row([of.0], |r| {
                Ok(Rollup {
                    items: r.get::<_, i64>(0)? as usize,
                    items_done: r.get::<_, i64>(1)? as usize,
                    units: r.get::<_, i64>(2)? as usize,
                    units_done: r.get::<_, i64>(3)? as usize,
                    points: r.get::<_, i64>(4)?.max(0) as u64,
                    points_done: r.get::<_, i64>(5)?.max(0) as u64,
                })
            })?;
        Ok(row)
    }

    /// What share of the open cluster backlog is derived from the portfolio.
    pub fn derived_share(&self) -> Result<DerivedShare> {
        Ok(self.conn.query_row(
            "SELECT COUNT(*), COALESCE(SUM(portfolio_id IS NOT NULL), 0),
                    COALESCE(SUM(effort), 0),
                    COALESCE(SUM(CASE WHEN portfolio_id IS NOT NULL THEN effort ELSE 0 END), 0)
             FROM live_items WHERE state NOT IN ('done', 'released')",
            [],
            |r| {
                Ok(DerivedShare {
                    open_items: r.get::<_, i64>(0)? as usize,
                    derived_items: r.get::<_, i64>(1)? as usize,
                    open_points: r.get::<_, i64>(2)?.max(0) as u64,
                    derived_points: r.get::<_, i64>(3)?.max(0) as u64,
                })
            },
        )?)
    }

    /// Sets an item's business case (a change of its own, from the editor or
    /// `edit --business-case-file`).
    pub fn set_business_case(
        &mut self,
        item: ItemId,
        case: Option<&BusinessCase>,
        who: &str,
    ) -> Result<Item> {
        let json = business_json(case)?;
        let tx = self.begin()?;
        let it = live(&tx, item)?;
        let mut journal = Journal::default();
        journal.watch_columns(&tx, Table::Items, id_key(item), Some(&["business_case"]))?;
        tx.execute(
            "UPDATE items SET business_case = ?1,
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?2",
            params![json, item.0],
        )?;
        let rows = journal.finish(&tx)?;
        if !rows.is_empty() {
            record(
                &tx,
                Entry {
                    who,
                    command: "business-case",
                    item_id: Some(item),
                    summary: format!("Wrote the business case of {} \"{}\"", it.code(), it.title),
                    rows,
                },
            )?;
        }
        tx.commit()?;
        super::row::get(&self.conn, item)
    }
}

fn id_key_p(id: PortfolioId) -> super::journal::Row {
    key(&[("id", serde_json::Value::from(id.0))])
}
