//! What every write changed, row by row, for the change log. A command notes
//! the rows it is about to touch (`watch`) or has just created (`created`);
//! `finish` reads them again and keeps each row's whole before and after.
//! Undo writes the before back, but only where the row still stands as the
//! change left it; redo the after, where it still stands as undo left it.

use rusqlite::types::{Value as Sql, ValueRef};
use rusqlite::{Connection, OptionalExtension, params_from_iter};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

use super::Result;
use super::error::damaged;
use crate::domain::rank;

/// A table the change log can picture, with the columns that name a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Table {
    Items,
    TeamItems,
    Teams,
    Releases,
    Stakeholders,
    ItemDor,
    ItemReleases,
    ItemRequesters,
    ReleaseDod,
    PokerRounds,
    PokerVotes,
    PortfolioItems,
    ItemQuestions,
    Cycles,
    CycleCapacity,
    CycleItems,
    Checkpoints,
    ItemTime,
    ItemLabels,
}

const ALL: [Table; 19] = [
    Table::Items,
    Table::TeamItems,
    Table::Teams,
    Table::Releases,
    Table::Stakeholders,
    Table::ItemDor,
    Table::ItemReleases,
    Table::ItemRequesters,
    Table::ReleaseDod,
    Table::PokerRounds,
    Table::PokerVotes,
    Table::PortfolioItems,
    Table::ItemQuestions,
    Table::Cycles,
    Table::CycleCapacity,
    Table::CycleItems,
    Table::Checkpoints,
    Table::ItemTime,
    Table::ItemLabels,
];

impl Table {
    pub(super) fn name(self) -> &'static str {
        match self {
            Table::Items => "items",
            Table::TeamItems => "team_items",
            Table::Teams => "teams",
            Table::Releases => "releases",
            Table::Stakeholders => "stakeholders",
            Table::ItemDor => "item_dor",
            Table::ItemReleases => "item_releases",
            Table::ItemRequesters => "item_requesters",
            Table::ReleaseDod => "release_dod",
            Table::PokerRounds => "poker_rounds",
            Table::PokerVotes => "poker_votes",
            Table::PortfolioItems => "portfolio_items",
            Table::ItemQuestions => "item_questions",
            Table::Cycles => "cycles",
            Table::CycleCapacity => "cycle_capacity",
            Table::CycleItems => "cycle_items",
            Table::Checkpoints => "checkpoints",
            Table::ItemTime => "item_time",
            Table::ItemLabels => "item_labels",
        }
    }

    fn key(self) -> &'static [&'static str] {
        match self {
            Table::ItemDor => &["item_id", "point"],
            Table::ItemReleases => &["item_id", "release_id"],
            Table::ItemRequesters => &["item_id", "stakeholder_id"],
            Table::ReleaseDod => &["release_id", "point"],
            Table::PokerVotes => &["round_id", "seat"],
            Table::CycleCapacity => &["cycle_id", "team_id"],
            Table::CycleItems => &["item_id"],
            Table::ItemLabels => &["item_id", "label"],
            _ => &["id"],
        }
    }

    fn parse(name: &str) -> Option<Table> {
        ALL.into_iter().find(|t| t.name() == name)
    }

    /// The column whose values must stay unique in order (a rank key), if any.
    fn rank_column(self) -> Option<&'static str> {
        match self {
            Table::Items | Table::PortfolioItems => Some("rank"),
            Table::TeamItems => Some("team_rank"),
            _ => None,
        }
    }
}

/// Columns that change with every write and say nothing about what was meant.
const VOLATILE: &[&str] = &["updated_at"];

pub(super) type Row = Map<String, Value>;

/// One row as a command found it and as it left it (`None`: absent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct RowChange {
    pub table: String,
    pub key: Row,
    pub before: Option<Row>,
    pub after: Option<Row>,
}

/// Which way a logged change is replayed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Way {
    Undo,
    Redo,
}

impl RowChange {
    pub(super) fn table(&self) -> Result<Table> {
        Table::parse(&self.table).ok_or_else(|| damaged("a row of an unknown table"))
    }

    /// The columns the change wrote: all of them for a row it created or removed.
    fn changed_columns(&self) -> Vec<String> {
        let names = |r: &Row| r.keys().cloned().collect::<Vec<_>>();
        match (&self.before, &self.after) {
            (Some(b), Some(a)) => names(a)
                .into_iter()
                .filter(|c| !VOLATILE.contains(&c.as_str()) && b.get(c) != a.get(c))
                .collect(),
            (Some(r), None) | (None, Some(r)) => names(r)
                .into_iter()
                .filter(|c| !VOLATILE.contains(&c.as_str()))
                .collect(),
            (None, None) => Vec::new(),
        }
    }

    /// What the row must look like now for the replay to overwrite nobody, and
    /// what it then becomes.
    fn ends(&self, way: Way) -> (Option<&Row>, Option<&Row>) {
        match way {
            Way::Undo => (self.after.as_ref(), self.before.as_ref()),
            Way::Redo => (self.before.as_ref(), self.after.as_ref()),
        }
    }

    /// The object this row belongs to for the history: `item:12`, `release:3`…
    pub(super) fn objects(&self) -> Vec<String> {
        let mut out = Vec::new();
        let Ok(table) = self.table() else {
            return out;
        };
        for row in [&self.before, &self.after].into_iter().flatten() {
            let id = |col: &str| row.get(col).and_then(Value::as_i64);
            let mut add = |kind: &str, v: Option<i64>| {
                if let Some(v) = v {
                    let o = format!("{kind}:{v}");
                    if !out.contains(&o) {
                        out.push(o);
                    }
                }
            };
            match table {
                Table::Items => {
                    add("item", id("id"));
                    add("portfolio", id("portfolio_id"));
                }
                Table::PortfolioItems => add("portfolio", id("id")),
                Table::TeamItems => {
                    add("team_item", id("id"));
                    add("item", id("parent_id"));
                }
                Table::Teams => add("team", id("id")),
                Table::Releases => add("release", id("id")),
                Table::Stakeholders => add("stakeholder", id("id")),
                Table::Checkpoints => add("checkpoint", id("id")),
                Table::ItemDor
                | Table::PokerRounds
                | Table::ItemQuestions
                | Table::ItemTime
                | Table::ItemLabels => {
                    add("item", id("item_id"));
                }
                Table::ItemReleases => {
                    add("item", id("item_id"));
                    add("release", id("release_id"));
                }
                Table::ItemRequesters => {
                    add("item", id("item_id"));
                    add("stakeholder", id("stakeholder_id"));
                }
                Table::ReleaseDod => add("release", id("release_id")),
                Table::PokerVotes => {}
                Table::Cycles => add("cycle", id("id")),
                Table::CycleCapacity => {
                    add("cycle", id("cycle_id"));
                    add("team", id("team_id"));
                }
                Table::CycleItems => {
                    add("item", id("item_id"));
                    add("cycle", id("cycle_id"));
                }
            }
        }
        out
    }
}

fn to_json(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => Number::from_f64(f).map_or(Value::Null, Value::Number),
        ValueRef::Text(t) | ValueRef::Blob(t) => Value::String(String::from_utf8_lossy(t).into()),
    }
}

fn to_sql(v: &Value) -> Result<Sql> {
    Ok(match v {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(i64::from(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Sql::Integer(i),
            None => Sql::Real(n.as_f64().ok_or_else(|| damaged("a number"))?),
        },
        Value::String(s) => Sql::Text(s.clone()),
        Value::Array(_) | Value::Object(_) => return Err(damaged("a column value")),
    })
}

fn where_key(table: Table) -> String {
    table
        .key()
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ?{}", i + 1))
        .collect::<Vec<_>>()
        .join(" AND ")
}

fn key_values(table: Table, key: &Row) -> Result<Vec<Sql>> {
    table
        .key()
        .iter()
        .map(|c| to_sql(key.get(*c).ok_or_else(|| damaged("a row key"))?))
        .collect()
}

/// A row as it stands now (all its columns, or only `cols` and its key), or `None`.
fn read(conn: &Connection, table: Table, key: &Row, cols: Option<&[&str]>) -> Result<Option<Row>> {
    let what = match cols {
        None => "*".to_string(),
        Some(cols) => table
            .key()
            .iter()
            .chain(cols)
            .copied()
            .collect::<Vec<_>>()
            .join(", "),
    };
    let sql = format!(
        "SELECT {what} FROM {} WHERE {}",
        table.name(),
        where_key(table)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let names: Vec<String> = stmt.column_names().into_iter().map(String::from).collect();
    Ok(stmt
        .query_row(params_from_iter(key_values(table, key)?), |r| {
            let mut row = Row::new();
            for (i, n) in names.iter().enumerate() {
                row.insert(n.clone(), to_json(r.get_ref(i)?));
            }
            Ok(row)
        })
        .optional()?)
}

/// A row key from column names and values.
pub(super) fn key(pairs: &[(&str, Value)]) -> Row {
    pairs
        .iter()
        .map(|(c, v)| ((*c).to_string(), v.clone()))
        .collect()
}

/// The rows one command touches, noted before it writes.
#[derive(Debug, Default)]
pub(super) struct Journal {
    rows: Vec<Watched>,
    /// Tables watched whole: rows they gained are found at the end.
    whole: Vec<Table>,
}

#[derive(Debug)]
struct Watched {
    table: Table,
    key: Row,
    /// Only these columns are pictured (a rank move of the whole backlog need
    /// not copy every title); `None` for the whole row.
    cols: Option<&'static [&'static str]>,
    before: Option<Row>,
}

impl Journal {
    /// Notes a row (or its absence) before the command writes it.
    pub(super) fn watch(&mut self, conn: &Connection, table: Table, key: Row) -> Result<()> {
        self.watch_columns(conn, table, key, None)
    }

    /// `watch` for a few columns of a row the command only updates.
    pub(super) fn watch_columns(
        &mut self,
        conn: &Connection,
        table: Table,
        key: Row,
        cols: Option<&'static [&'static str]>,
    ) -> Result<()> {
        if self.rows.iter().any(|w| w.table == table && w.key == key) {
            return Ok(());
        }
        let before = read(conn, table, &key, cols)?;
        self.rows.push(Watched {
            table,
            key,
            cols,
            before,
        });
        Ok(())
    }

    /// `watch` for a row with one integer id column.
    pub(super) fn watch_id(&mut self, conn: &Connection, table: Table, id: i64) -> Result<()> {
        self.watch(conn, table, key(&[("id", Value::from(id))]))
    }

    /// Notes every row of `table` whose `column` is `value` (an item's `DoR` ticks,
    /// its plans), before the command removes or changes them.
    pub(super) fn watch_all(
        &mut self,
        conn: &Connection,
        table: Table,
        column: &str,
        value: i64,
    ) -> Result<()> {
        let cols = table.key().join(", ");
        let sql = format!("SELECT {cols} FROM {} WHERE {column} = ?1", table.name());
        let keys: Vec<Row> = conn
            .prepare(&sql)?
            .query_map([value], |r| {
                let mut k = Row::new();
                for (i, c) in table.key().iter().enumerate() {
                    k.insert((*c).to_string(), to_json(r.get_ref(i)?));
                }
                Ok(k)
            })?
            .collect::<rusqlite::Result<_>>()?;
        for k in keys {
            self.watch(conn, table, k)?;
        }
        Ok(())
    }

    /// Notes every row of a whole table, for a command that may touch any of
    /// them (an import); `finish` keeps only the rows that changed.
    pub(super) fn watch_table(&mut self, conn: &Connection, table: Table) -> Result<()> {
        let cols = table.key().join(", ");
        let sql = format!("SELECT {cols} FROM {}", table.name());
        let keys: Vec<Row> = conn
            .prepare(&sql)?
            .query_map([], |r| {
                let mut k = Row::new();
                for (i, c) in table.key().iter().enumerate() {
                    k.insert((*c).to_string(), to_json(r.get_ref(i)?));
                }
                Ok(k)
            })?
            .collect::<rusqlite::Result<_>>()?;
        for k in keys {
            self.watch(conn, table, k)?;
        }
        self.whole.push(table);
        Ok(())
    }

    /// Notes a row the command has just created.
    pub(super) fn created(&mut self, table: Table, key: Row) {
        if !self.rows.iter().any(|w| w.table == table && w.key == key) {
            self.rows.push(Watched {
                table,
                key,
                cols: None,
                before: None,
            });
        }
    }

    pub(super) fn created_id(&mut self, table: Table, id: i64) {
        self.created(table, key(&[("id", Value::from(id))]));
    }

    /// Reads every noted row again; rows the command left as they were drop out.
    pub(super) fn finish(mut self, conn: &Connection) -> Result<Vec<RowChange>> {
        for table in std::mem::take(&mut self.whole) {
            let cols = table.key().join(", ");
            let sql = format!("SELECT {cols} FROM {}", table.name());
            let keys: Vec<Row> = conn
                .prepare(&sql)?
                .query_map([], |r| {
                    let mut k = Row::new();
                    for (i, c) in table.key().iter().enumerate() {
                        k.insert((*c).to_string(), to_json(r.get_ref(i)?));
                    }
                    Ok(k)
                })?
                .collect::<rusqlite::Result<_>>()?;
            for k in keys {
                self.created(table, k);
            }
        }
        let mut out = Vec::new();
        for w in self.rows {
            let after = read(conn, w.table, &w.key, w.cols)?;
            let change = RowChange {
                table: w.table.name().to_string(),
                key: w.key,
                before: w.before,
                after,
            };
            if !change.changed_columns().is_empty() {
                out.push(change);
            }
        }
        Ok(out)
    }
}

/// A row that no longer stands as a logged change left it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Drift {
    pub objects: Vec<String>,
}

/// The first row a replay would overwrite, if any.
pub(super) fn drift(conn: &Connection, rows: &[RowChange], way: Way) -> Result<Option<Drift>> {
    for rc in rows {
        let table = rc.table()?;
        let (expected, _) = rc.ends(way);
        let now = read(conn, table, &rc.key, None)?;
        let same = match (expected, &now) {
            (None, None) => true,
            (Some(e), Some(n)) => rc.changed_columns().iter().all(|c| e.get(c) == n.get(c)),
            _ => false,
        };
        if !same {
            return Ok(Some(Drift {
                objects: rc.objects(),
            }));
        }
    }
    Ok(None)
}

/// Writes each row back the way asked: undo in reverse order (children before
/// parents), redo in the order they were written.
pub(super) fn replay(conn: &Connection, rows: &[RowChange], way: Way) -> Result<()> {
    let ordered: Vec<&RowChange> = match way {
        Way::Undo => rows.iter().rev().collect(),
        Way::Redo => rows.iter().collect(),
    };
    // Several rank keys put back at once (a whole new order) are first moved
    // aside, so they never collide with each other on the way.
    let moving_ranks: Vec<&RowChange> = ordered
        .iter()
        .copied()
        .filter(|rc| {
            rc.table()
                .ok()
                .and_then(Table::rank_column)
                .is_some_and(|col| {
                    let (_, target) = rc.ends(way);
                    target.is_some() && rc.changed_columns().iter().any(|c| c == col)
                })
        })
        .collect();
    let parked = moving_ranks.len() > 1;
    if parked {
        for rc in &moving_ranks {
            let table = rc.table()?;
            if let Some(col) = table.rank_column() {
                let sql = format!(
                    "UPDATE {} SET {col} = '~' || {col} || '~' || id WHERE {}",
                    table.name(),
                    where_key(table)
                );
                conn.execute(&sql, params_from_iter(key_values(table, &rc.key)?))?;
            }
        }
    }
    for rc in ordered {
        write(conn, rc, way)?;
    }
    Ok(())
}

fn write(conn: &Connection, rc: &RowChange, way: Way) -> Result<()> {
    let table = rc.table()?;
    let (_, target) = rc.ends(way);
    let keys = key_values(table, &rc.key)?;
    let Some(target) = target else {
        let sql = format!("DELETE FROM {} WHERE {}", table.name(), where_key(table));
        conn.execute(&sql, params_from_iter(keys))?;
        return Ok(());
    };
    let mut target = target.clone();
    if let Some(col) = table.rank_column()
        && let Some(Value::String(k)) = target.get(col)
    {
        let free = free_rank(conn, table, col, k, &rc.key, &target)?;
        target.insert(col.to_string(), Value::String(free));
    }
    let exists = read(conn, table, &rc.key, None)?.is_some();
    if exists {
        let cols: Vec<String> = rc
            .changed_columns()
            .into_iter()
            .filter(|c| !table.key().contains(&c.as_str()))
            .collect();
        if cols.is_empty() {
            return Ok(());
        }
        let n = table.key().len();
        let set = cols
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c} = ?{}", n + i + 1))
            .collect::<Vec<_>>()
            .join(", ");
        let mut values = keys;
        for c in &cols {
            values.push(to_sql(target.get(c).unwrap_or(&Value::Null))?);
        }
        let sql = format!(
            "UPDATE {} SET {set} WHERE {}",
            table.name(),
            where_key(table)
        );
        conn.execute(&sql, params_from_iter(values))?;
    } else {
        let cols: Vec<&String> = target.keys().collect();
        let marks = (1..=cols.len())
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let names = cols
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let values = target.values().map(to_sql).collect::<Result<Vec<_>>>()?;
        let sql = format!("INSERT INTO {} ({names}) VALUES ({marks})", table.name());
        conn.execute(&sql, params_from_iter(values))?;
    }
    Ok(())
}

/// A rank key taken meanwhile by another row (keys are deterministic
/// midpoints) is replaced by a fresh key just before that row.
fn free_rank(
    conn: &Connection,
    table: Table,
    col: &str,
    wanted: &str,
    key: &Row,
    target: &Row,
) -> Result<String> {
    rank::validate(wanted)?;
    let id = key.get("id").and_then(Value::as_i64).unwrap_or(0);
    // Team ranks are unique within a team: look among the team the row goes
    // back to (a team move undone), not the one it stands in now.
    let (scope, team): (&str, Option<i64>) = match table {
        Table::TeamItems => {
            let team = match target.get("team_id") {
                Some(team) => team.as_i64(),
                None => read(conn, table, key, Some(&["team_id"]))?
                    .and_then(|r| r.get("team_id").and_then(Value::as_i64)),
            };
            ("AND team_id IS ?3", team)
        }
        _ => ("AND ?3 IS ?3", None),
    };
    let holder: Option<i64> = conn
        .query_row(
            &format!(
                "SELECT id FROM {} WHERE {col} = ?1 AND id != ?2 {scope}",
                table.name()
            ),
            rusqlite::params![wanted, id, team],
            |r| r.get(0),
        )
        .optional()?;
    if holder.is_none() {
        return Ok(wanted.to_string());
    }
    let below: Option<String> = conn
        .query_row(
            &format!(
                "SELECT {col} FROM {} WHERE {col} < ?1 AND id != ?2 {scope}
                 ORDER BY {col} DESC LIMIT 1",
                table.name()
            ),
            rusqlite::params![wanted, id, team],
            |r| r.get(0),
        )
        .optional()?;
    Ok(rank::between(below.as_deref(), Some(wanted))?)
}
