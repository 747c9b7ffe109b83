//! Checkpoints: a refinement marked by name, with every item's place in the
//! cluster order and its column at that moment, so the backlog can say per row
//! how the item moved since (one indexed lookup per row on screen).

use rusqlite::{OptionalExtension, params};

use super::change::{Entry, record};
use super::journal::{Journal, Table, key};
use super::{Result, Store};
use crate::domain::{ItemId, State};

/// A marked refinement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub id: i64,
    pub name: String,
    pub at: String,
    pub who: String,
    /// The change log entry that marked it; later entries came after.
    pub change_id: i64,
    /// Items on the board when it was marked.
    pub items: usize,
}

/// Where an item stood at a checkpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Since {
    /// Not on the board then: added (or restored) since.
    New,
    /// Its 1-based place in the cluster order, its column and its rank key then.
    Was {
        position: usize,
        state: State,
        rank_key: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointError {
    #[error("there is a checkpoint {0:?} already: give this one another name")]
    Taken(String),
    #[error("a checkpoint needs a name of 1 to 80 characters, e.g. \"Refinement 12\"")]
    BadName,
    #[error("no checkpoint {name:?}: {}", known_list(known))]
    Unknown { name: String, known: Vec<String> },
    #[error(
        "no checkpoint yet: mark one with `checkpoint NAME` (c on the board), or say --since YYYY-MM-DD"
    )]
    NoneYet,
    #[error(
        "{given:?} is neither a checkpoint nor a date (YYYY-MM-DD): {}",
        known_list(known)
    )]
    BadSince { given: String, known: Vec<String> },
}

fn known_list(known: &[String]) -> String {
    if known.is_empty() {
        "there are no checkpoints yet".to_string()
    } else {
        format!("the checkpoints are {}", known.join(", "))
    }
}

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Checkpoint> {
    Ok(Checkpoint {
        id: r.get(0)?,
        name: r.get(1)?,
        at: r.get(2)?,
        who: r.get(3)?,
        change_id: r.get(4)?,
        items: r.get::<_, i64>(5)? as usize,
    })
}

/// The checkpoints in sight: an undone one keeps its rows for a redo.
const CHECKPOINT: &str =
    "SELECT c.id, c.name, c.at, c.who, c.change_id, c.items FROM checkpoints c WHERE c.live = 1";

impl Store {
    /// Marks a checkpoint: every item's place and column now, in one write (a
    /// row per item, however long the backlog). Without a name it is called
    /// "Refinement YYYY-MM-DD" (with "(2)", "(3)" on a second one that day).
    /// Undo takes it out of sight and redo brings it back, places and all.
    pub fn mark_checkpoint(&mut self, name: Option<&str>, who: &str) -> Result<Checkpoint> {
        let today = self.today.clone();
        let tx = self.begin()?;
        let name = if let Some(n) = name.map(str::trim) {
            if n.is_empty() || n.chars().count() > 80 {
                return Err(CheckpointError::BadName.into());
            }
            super::error::printable("checkpoint name", n)?;
            n.to_string()
        } else {
            let day: String =
                tx.query_row("SELECT COALESCE(?1, date('now'))", [&today], |r| r.get(0))?;
            let base = format!("Refinement {day}");
            let mut name = base.clone();
            let mut n = 1;
            while taken(&tx, &name)? {
                n += 1;
                name = format!("{base} ({n})");
            }
            name
        };
        if taken(&tx, &name)? {
            return Err(CheckpointError::Taken(name).into());
        }
        // Undone checkpoints this mark ends the redo of (this user's, as a new
        // change ends their redo chain) or takes the name of go for good.
        tx.prepare_cached("DELETE FROM checkpoints WHERE live = 0 AND (who = ?1 OR name = ?2)")?
            .execute(params![who, name])?;
        let items: i64 = tx.query_row("SELECT COUNT(*) FROM live_items", [], |r| r.get(0))?;
        // Made out of sight, then brought into it, so the log pictures the
        // one column undo and redo turn.
        tx.prepare_cached(
            "INSERT INTO checkpoints(name, who, change_id, items, live) VALUES (?1, ?2, 0, ?3, 0)",
        )?
        .execute(params![name, who, items])?;
        let id = tx.last_insert_rowid();
        let mut journal = Journal::default();
        journal.watch_columns(
            &tx,
            Table::Checkpoints,
            key(&[("id", id.into())]),
            Some(&["live"]),
        )?;
        tx.prepare_cached("UPDATE checkpoints SET live = 1 WHERE id = ?1")?
            .execute([id])?;
        tx.prepare_cached(
            "INSERT INTO checkpoint_items(checkpoint_id, item_id, position, state, rank)
             SELECT ?1, id, ROW_NUMBER() OVER (ORDER BY rank), state, rank FROM live_items",
        )?
        .execute([id])?;
        let change = record(
            &tx,
            Entry {
                who,
                command: "checkpoint",
                item_id: None,
                summary: format!(
                    "Marked checkpoint \"{name}\" ({items} item{} at their ranks and columns)",
                    if items == 1 { "" } else { "s" }
                ),
                rows: journal.finish(&tx)?,
            },
        )?;
        tx.prepare_cached("UPDATE checkpoints SET change_id = ?1 WHERE id = ?2")?
            .execute(params![change, id])?;
        let cp = tx
            .prepare_cached(&format!("{CHECKPOINT} AND c.id = ?1"))?
            .query_row([id], from_row)?;
        tx.commit()?;
        Ok(cp)
    }

    /// Every checkpoint, oldest first.
    pub fn checkpoints(&self) -> Result<Vec<Checkpoint>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{CHECKPOINT} ORDER BY c.id"))?;
        let rows = stmt.query_map([], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The newest checkpoint, if there is one.
    pub fn last_checkpoint(&self) -> Result<Option<Checkpoint>> {
        Ok(self
            .conn
            .prepare_cached(&format!("{CHECKPOINT} ORDER BY c.id DESC LIMIT 1"))?
            .query_row([], from_row)
            .optional()?)
    }

    /// A checkpoint by its name.
    pub fn checkpoint(&self, name: &str) -> Result<Checkpoint> {
        let found = self
            .conn
            .prepare_cached(&format!("{CHECKPOINT} AND c.name = ?1"))?
            .query_row([name.trim()], from_row)
            .optional()?;
        match found {
            Some(c) => Ok(c),
            None => Err(CheckpointError::Unknown {
                name: name.trim().to_string(),
                known: self.checkpoints()?.into_iter().map(|c| c.name).collect(),
            }
            .into()),
        }
    }

    /// Where an item stood at a checkpoint: one lookup by primary key.
    pub fn since(&self, checkpoint: i64, id: ItemId) -> Result<Since> {
        let was: Option<(i64, String, String)> = self
            .conn
            .prepare_cached(
                "SELECT position, state, rank FROM checkpoint_items
                 WHERE checkpoint_id = ?1 AND item_id = ?2",
            )?
            .query_row(params![checkpoint, id.0], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        Ok(match was {
            None => Since::New,
            Some((position, state, rank_key)) => Since::Was {
                position: position.max(0) as usize,
                state: state
                    .parse()
                    .map_err(|_| super::error::damaged("a checkpoint"))?,
                rank_key,
            },
        })
    }
}

fn taken(conn: &rusqlite::Connection, name: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM checkpoints WHERE name = ?1 AND live = 1")?
        .query_row([name], |_| Ok(()))
        .optional()?
        .is_some())
}
