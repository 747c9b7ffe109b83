//! The change log: who changed what and when, written in the same transaction
//! as the change itself so the log and the data never disagree.

use rusqlite::{Connection, params};
use serde::Serialize;

use super::error::damaged;
use super::journal::RowChange;
use super::{Result, Store};
use crate::domain::ItemId;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub id: i64,
    pub at: String,
    pub who: String,
    pub command: String,
    pub item_id: Option<ItemId>,
    pub summary: String,
}

/// What one command did, for the log: a sentence, and every row it changed.
pub(super) struct Entry<'a> {
    pub who: &'a str,
    pub command: &'a str,
    pub item_id: Option<ItemId>,
    pub summary: String,
    pub rows: Vec<RowChange>,
}

/// Writes the entry and the objects it touched; returns its id.
/// The longest summary the log keeps, in characters.
const SUMMARY_CHARS: usize = 1000;

pub(super) fn record(conn: &Connection, entry: Entry<'_>) -> Result<i64> {
    let Entry {
        who,
        command,
        item_id,
        summary,
        rows,
    } = entry;
    // A title another program made a megabyte long would otherwise be copied
    // into every change that names it; the rows keep the whole text. The
    // start and the end are kept: the end says where an item went.
    let summary = if summary.char_indices().nth(SUMMARY_CHARS).is_some() {
        let head = crate::domain::text::prefix(&summary, SUMMARY_CHARS / 2);
        let tail_at = summary
            .char_indices()
            .rev()
            .nth(SUMMARY_CHARS / 2 - 1)
            .map_or(summary.len(), |(i, _)| i);
        format!("{head}…{}", &summary[tail_at..])
    } else {
        summary
    };
    let pictured = if rows.is_empty() {
        None
    } else {
        Some(serde_json::to_string(&rows).map_err(|_| damaged("a picture"))?)
    };
    conn.prepare_cached(
        "INSERT INTO changes(at, who, command, item_id, summary, rows, session)
         VALUES (COALESCE((SELECT at FROM temp.clock), strftime('%Y-%m-%dT%H:%M:%fZ','now')),
                 ?1, ?2, ?3, ?4, ?5, (SELECT id FROM temp.session))",
    )?
    .execute(params![
        who,
        command,
        item_id.map(|i| i.0),
        summary,
        pictured
    ])?;
    let id = conn.last_insert_rowid();
    let mut objects: Vec<String> = item_id
        .map(|i| format!("item:{}", i.0))
        .into_iter()
        .collect();
    for rc in rows {
        for o in rc.objects() {
            if !objects.contains(&o) {
                objects.push(o);
            }
        }
    }
    let mut add = conn.prepare_cached(
        "INSERT OR IGNORE INTO change_objects(object, change_id) VALUES (?1, ?2)",
    )?;
    for o in objects {
        add.execute(params![o, id])?;
    }
    Ok(id)
}

/// How a summary says a checklist ("`DoR`", "`DoD`") was overridden with these
/// points open; nothing when none were.
pub(super) fn overriding(checklist: &str, open: &[String]) -> String {
    if open.is_empty() {
        String::new()
    } else {
        format!(
            " overriding the {checklist} ({} open: {})",
            open.len(),
            open.join("; ")
        )
    }
}

impl Store {
    /// The newest changes to one item, newest first: its own, those of its
    /// team items, plans, ticks and requests, and the edits of the releases
    /// it is planned into since it was first planned (not other items' plans).
    pub fn history(&self, id: ItemId, limit: usize) -> Result<Vec<Change>> {
        self.item_log(id, None, None, limit)
    }

    /// `history`, since a day and by one user if given: `log ID`.
    pub fn item_log(
        &self,
        id: ItemId,
        since: Option<&str>,
        who: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Change>> {
        let mut stmt = self.conn.prepare_cached(
            "WITH rel(object, since) AS (
                 SELECT 'release:' || ir.release_id,
                        COALESCE((SELECT min(a.change_id) FROM change_objects a
                                  JOIN change_objects b ON b.change_id = a.change_id
                                   AND b.object = 'release:' || ir.release_id
                                  WHERE a.object = ?1), 0)
                 FROM item_releases ir WHERE ir.item_id = ?2)
             SELECT c.id, c.at, c.who, c.command, c.item_id, c.summary FROM changes c
             WHERE c.id IN (
                 SELECT change_id FROM change_objects WHERE object = ?1
                 UNION
                 SELECT o.change_id FROM rel
                 JOIN change_objects o ON o.object = rel.object AND o.change_id >= rel.since
                 JOIN changes r ON r.id = o.change_id
                 WHERE r.item_id IS NULL OR r.item_id = ?2)
               AND (?4 IS NULL OR c.at >= ?4)
               AND (?5 IS NULL OR c.who = ?5)
             ORDER BY c.id DESC LIMIT ?3",
        )?;
        let item = format!("item:{}", id.0);
        let rows = stmt.query_map(params![item, id.0, limit as i64, since, who], |r| {
            Ok(Change {
                id: r.get(0)?,
                at: r.get(1)?,
                who: r.get(2)?,
                command: r.get(3)?,
                item_id: r.get::<_, Option<i64>>(4)?.map(ItemId),
                summary: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The change log, newest first: all of it, or about one object
    /// (`item:12`, `team:3`…), since a day, by one user.
    pub fn log(
        &self,
        object: Option<&str>,
        since: Option<&str>,
        who: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Change>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id, c.at, c.who, c.command, c.item_id, c.summary FROM changes c
             WHERE (?1 IS NULL OR c.id IN (SELECT change_id FROM change_objects WHERE object = ?1))
               AND (?2 IS NULL OR c.at >= ?2)
               AND (?3 IS NULL OR c.who = ?3)
             ORDER BY c.id DESC LIMIT ?4",
        )?;
        let rows = stmt.query_map(params![object, since, who, limit as i64], |r| {
            Ok(Change {
                id: r.get(0)?,
                at: r.get(1)?,
                who: r.get(2)?,
                command: r.get(3)?,
                item_id: r.get::<_, Option<i64>>(4)?.map(ItemId),
                summary: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The newest change's id (0 for none), to narrate what comes after it.
    pub fn last_change_id(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT COALESCE(max(id), 0) FROM changes", [], |r| r.get(0))?)
    }

    /// Changes after `since` made by other sessions (other boards, the command
    /// line, other machines), oldest first, at most `limit`.
    pub fn changes_by_others(&self, since: i64, limit: usize) -> Result<Vec<Change>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, at, who, command, item_id, summary FROM changes
             WHERE id > ?1 AND (session IS NULL OR session != (SELECT id FROM temp.session))
             ORDER BY id LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![since, limit as i64], |r| {
            Ok(Change {
                id: r.get(0)?,
                at: r.get(1)?,
                who: r.get(2)?,
                command: r.get(3)?,
                item_id: r.get::<_, Option<i64>>(4)?.map(ItemId),
                summary: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many changes this open store itself has made (its session's).
    pub fn changes_made_here(&self) -> Result<usize> {
        let n: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM changes WHERE session = (SELECT id FROM temp.session)",
            [],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }

    /// How many changes the log holds (all commands, all users).
    pub fn change_count(&self) -> Result<usize> {
        let n: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM changes", [], |r| r.get(0))?;
        Ok(n as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::overriding;

    #[test]
    fn an_override_is_logged_with_the_points_left_open() {
        let open = vec!["Value estimated".to_string(), "Demo ready".to_string()];
        assert_eq!(
            overriding("DoD", &open),
            " overriding the DoD (2 open: Value estimated; Demo ready)"
        );
        assert_eq!(overriding("DoR", &[]), "");
    }
}
