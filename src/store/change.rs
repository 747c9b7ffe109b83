//! The change log: who changed what and when, written in the same transaction
//! as the change itself so the log and the data never disagree.

use rusqlite::{Connection, params};
use serde::Serialize;

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

/// What one command did, for the log.
pub(super) struct Entry<'a> {
    pub who: &'a str,
    pub command: &'a str,
    pub item_id: Option<ItemId>,
    pub summary: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

pub(super) fn record(conn: &Connection, entry: Entry<'_>) -> Result<()> {
    conn.execute(
        "INSERT INTO changes(who, command, item_id, summary, before, after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            entry.who,
            entry.command,
            entry.item_id.map(|i| i.0),
            entry.summary,
            entry.before.map(|v| v.to_string()),
            entry.after.map(|v| v.to_string()),
        ],
    )?;
    Ok(())
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
    /// The newest changes to one item, newest first.
    pub fn history(&self, id: ItemId, limit: usize) -> Result<Vec<Change>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, at, who, command, item_id, summary FROM changes
             WHERE item_id = ?1 ORDER BY id DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![id.0, limit as i64], |r| {
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
