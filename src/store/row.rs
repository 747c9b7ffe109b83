//! Reading rows: turning an `items` row into an `Item`, the SQL expressions
//! that gather what hangs off an item (releases, requesters, `DoR`, teams,
//! progress) into one column each, and the two reads every command starts from.

use std::fmt::Display;
use std::str::FromStr;

use rusqlite::types::Type;
use rusqlite::{Connection, OptionalExtension, Row};

use super::{Result, StoreError};
use crate::domain::business::BusinessCase;
use crate::domain::portfolio::PortfolioId;
use crate::domain::team::Progress;
use crate::domain::{Item, ItemId};

pub(super) const ITEM_COLUMNS: &str = "id, kind, title, description, state, rank, value, effort, \
     created_at, updated_at, business_value, time_criticality, risk_reduction, acceptance, source, \
     archived_at, portfolio_id, business_case";
/// `ITEM_COLUMNS` for a view's rows: the title cut to the longest a title
/// may be typed and the description to a line, so a megabyte of text written
/// by another program costs a row no more than a short title. A view's rows
/// never show the business case, so it is not read.
pub(super) const ITEM_COLUMNS_SHOWN: &str = "id, kind, substr(title, 1, 500), \
     substr(description, 1, 500), state, rank, value, effort, created_at, updated_at, \
     business_value, time_criticality, risk_reduction, substr(acceptance, 1, 500), \
     substr(source, 1, 500), archived_at, portfolio_id, NULL";
/// Characters of a title that views read: a title may be typed this long.
pub(crate) const TITLE_SHOWN: usize = 500;
/// How many columns `ITEM_COLUMNS` selects; extra columns follow it.
pub(super) const ITEM_WIDTH: usize = 18;

/// A text column parsed into a domain type (kind, state, team state...). Text
/// the domain does not know is a conversion error of that column, carrying the
/// domain's sentence.
pub(super) fn parsed_at<T>(row: &Row<'_>, col: usize) -> rusqlite::Result<T>
where
    T: FromStr,
    T::Err: Display,
{
    let s: String = row.get(col)?;
    s.parse().map_err(|e: T::Err| {
        rusqlite::Error::FromSqlConversionFailure(col, Type::Text, e.to_string().into())
    })
}

/// A count of points (an estimate, a capacity); one that does not fit is none.
pub(super) fn points_at(row: &Row<'_>, col: usize) -> rusqlite::Result<Option<u32>> {
    let v: Option<i64> = row.get(col)?;
    Ok(v.and_then(|v| u32::try_from(v).ok()))
}

/// The item in the first `ITEM_WIDTH` columns of a row that selected `ITEM_COLUMNS`.
pub(super) fn item_from_row(row: &Row<'_>) -> rusqlite::Result<Item> {
    Ok(Item {
        id: ItemId(row.get(0)?),
        kind: parsed_at(row, 1)?,
        title: row.get(2)?,
        description: row.get(3)?,
        state: parsed_at(row, 4)?,
        rank_key: row.get(5)?,
        value: points_at(row, 6)?,
        effort: points_at(row, 7)?,
        created_at: row.get(8)?,
        updated_at: row.get(9)?,
        business_value: points_at(row, 10)?,
        time_criticality: points_at(row, 11)?,
        risk_reduction: points_at(row, 12)?,
        acceptance: row.get(13)?,
        source: row.get(14)?,
        archived_at: row.get(15)?,
        portfolio: row.get::<_, Option<i64>>(16)?.map(PortfolioId),
        business_case: business_at(row, 17)?,
    })
}

/// Release labels of an item as one string, ordered by target date.
pub(super) const RELEASES_OF: &str = "(SELECT group_concat(label, char(31)) FROM (
        SELECT r.variant || ' ' || r.version AS label FROM item_releases ir
        JOIN releases r ON r.id = ir.release_id
        WHERE ir.item_id = items.id ORDER BY r.target_date, r.variant))";

/// Names of the stakeholders who asked for an item, as one string.
pub(super) const REQUESTERS_OF: &str = "(SELECT group_concat(name, char(31)) FROM (
        SELECT s.name AS name FROM item_requesters q
        JOIN stakeholders s ON s.id = q.stakeholder_id
        WHERE q.item_id = items.id ORDER BY s.name))";

/// Met `DoR` keys of an item as one string.
pub(super) const DOR_OF: &str =
    "(SELECT group_concat(point, char(31)) FROM item_dor WHERE item_id = items.id)";

/// Progress and team codes of a cluster item, as two SQL expressions on `items`.
pub(super) const PROGRESS_OF: &str = "(SELECT printf('%d|%d|%d|%d', COUNT(*),
        COALESCE(sum(state = 'done'), 0), COALESCE(sum(effort), 0),
        COALESCE(sum(CASE WHEN state = 'done' THEN effort ELSE 0 END), 0))
     FROM team_items WHERE parent_id = items.id)";
pub(super) const TEAMS_OF: &str = "(SELECT group_concat(code, char(31)) FROM (
        SELECT DISTINCT tm.code AS code FROM team_items t JOIN teams tm ON tm.id = t.team_id
        WHERE t.parent_id = items.id ORDER BY tm.code))";

/// The labels one of the `..._OF` expressions joined into one string.
pub(super) fn labels(joined: Option<String>) -> Vec<String> {
    joined
        .map(|s| s.split('\u{1f}').map(str::to_string).collect())
        .unwrap_or_default()
}

/// The counts `PROGRESS_OF` joined into one string.
pub(super) fn parse_progress(s: Option<String>) -> Progress {
    let s = s.unwrap_or_default();
    let mut it = s.split('|').map(|p| p.parse::<i64>().unwrap_or(0).max(0));
    let mut next = || it.next().unwrap_or(0);
    let (total, done, total_points, done_points) = (next(), next(), next(), next());
    Progress {
        done: done as usize,
        total: total as usize,
        done_points: u32::try_from(done_points).unwrap_or(u32::MAX),
        total_points: u32::try_from(total_points).unwrap_or(u32::MAX),
    }
}

/// A business case column: JSON, or none.
pub(super) fn business_at(row: &Row<'_>, col: usize) -> rusqlite::Result<Option<BusinessCase>> {
    let text: Option<String> = row.get(col)?;
    text.filter(|t| !t.is_empty())
        .map(|t| {
            serde_json::from_str(&t).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(col, Type::Text, Box::new(e))
            })
        })
        .transpose()
}

/// An item that is on the board; an archived one is refused (restore it first),
/// so a command from a view that still shows it changes nothing.
pub(super) fn live(conn: &Connection, id: ItemId) -> Result<Item> {
    let item = get(conn, id)?;
    if item.archived_at.is_some() {
        return Err(StoreError::Archived(item.code()));
    }
    Ok(item)
}

pub(super) fn get(conn: &Connection, id: ItemId) -> Result<Item> {
    conn.prepare_cached(&format!("SELECT {ITEM_COLUMNS} FROM items WHERE id = ?1"))?
        .query_row([id.0], item_from_row)
        .optional()?
        .ok_or(StoreError::NotFound(id))
}

/// `get` with the texts cut as views show them: for reads that need an
/// item's place, state or code, so a megabyte title costs them nothing.
pub(super) fn get_shown(conn: &Connection, id: ItemId) -> Result<Item> {
    conn.prepare_cached(&format!(
        "SELECT {ITEM_COLUMNS_SHOWN} FROM items WHERE id = ?1"
    ))?
    .query_row([id.0], item_from_row)
    .optional()?
    .ok_or(StoreError::NotFound(id))
}

/// The keys of the `DoR` points an item meets, sorted.
pub(super) fn dor_met(conn: &Connection, id: ItemId) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT point FROM item_dor WHERE item_id = ?1 ORDER BY point")?;
    let rows = stmt.query_map([id.0], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
