//! Undo and redo from the change log, so they survive a restart. Each user
//! undoes their own changes, newest first; a new change ends the redo chain.

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;

use super::change::{Entry, record};
use super::snapshot::restore;
use super::{Result, Store, StoreError};
use crate::domain::ItemId;

/// Commands that only record what happened; everything else can be undone.
const BOOKKEEPING: &str = "('undo', 'redo', 'add', 'init', 'import')";

/// A logged change and the picture to write back: its "before" to undo it,
/// its "after" to redo it.
struct Undoable {
    id: i64,
    item_id: Option<i64>,
    summary: String,
    picture: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Way {
    Undo,
    Redo,
}

impl Undoable {
    /// Writes the picture back and logs that it did; returns the log's summary.
    fn replay(&self, conn: &Connection, who: &str, way: Way) -> Result<String> {
        let picture: Value = serde_json::from_str(&self.picture).map_err(|e| {
            let (change, detail) = (self.id, e.to_string());
            match way {
                Way::Undo => StoreError::CannotUndo { change, detail },
                Way::Redo => StoreError::CannotRedo { change, detail },
            }
        })?;
        restore(conn, &picture)?;
        let (command, done) = match way {
            Way::Undo => ("undo", "Undid"),
            Way::Redo => ("redo", "Redid"),
        };
        let summary = format!("{done}: {}", self.summary);
        record(
            conn,
            Entry {
                who,
                command,
                item_id: self.item_id.map(ItemId),
                summary: summary.clone(),
                before: None,
                after: None,
            },
        )?;
        Ok(summary)
    }
}

fn last_regular(conn: &Connection, who: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            &format!("SELECT max(id) FROM changes WHERE who = ?1 AND command NOT IN {BOOKKEEPING}"),
            [who],
            |r| r.get(0),
        )
        .optional()?
        .flatten())
}

impl Store {
    /// Undoes this user's newest change that still stands. Returns what was undone.
    pub fn undo(&mut self, who: &str) -> Result<Option<String>> {
        let tx = self.begin()?;
        let target = tx
            .query_row(
                &format!(
                    "SELECT id, item_id, summary, before FROM changes
                     WHERE who = ?1 AND undone_by IS NULL AND before IS NOT NULL
                       AND command NOT IN {BOOKKEEPING}
                     ORDER BY id DESC LIMIT 1"
                ),
                [who],
                |r| {
                    Ok(Undoable {
                        id: r.get(0)?,
                        item_id: r.get(1)?,
                        summary: r.get(2)?,
                        picture: r.get(3)?,
                    })
                },
            )
            .optional()?;
        let Some(target) = target else {
            return Ok(None);
        };
        let summary = target.replay(&tx, who, Way::Undo)?;
        let undo_id = tx.last_insert_rowid();
        tx.execute(
            "UPDATE changes SET undone_by = ?1 WHERE id = ?2",
            params![undo_id, target.id],
        )?;
        tx.commit()?;
        Ok(Some(summary))
    }

    /// Redoes the change this user undid last, unless they changed something since.
    pub fn redo(&mut self, who: &str) -> Result<Option<String>> {
        let tx = self.begin()?;
        let target = tx
            .query_row(
                "SELECT id, item_id, summary, after, undone_by FROM changes
                 WHERE who = ?1 AND undone_by IS NOT NULL
                 ORDER BY undone_by DESC LIMIT 1",
                [who],
                |r| {
                    Ok((
                        Undoable {
                            id: r.get(0)?,
                            item_id: r.get(1)?,
                            summary: r.get(2)?,
                            picture: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                        },
                        r.get::<_, i64>(4)?,
                    ))
                },
            )
            .optional()?;
        let Some((target, undone_by)) = target else {
            return Ok(None);
        };
        if last_regular(&tx, who)?.is_some_and(|last| last > undone_by) {
            return Ok(None);
        }
        let summary = target.replay(&tx, who, Way::Redo)?;
        tx.execute(
            "UPDATE changes SET undone_by = NULL WHERE id = ?1",
            [target.id],
        )?;
        tx.commit()?;
        Ok(Some(summary))
    }
}
