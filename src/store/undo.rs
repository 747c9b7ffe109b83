//! Undo and redo from the change log, so they survive a restart. Each user
//! undoes their own changes, newest first; a new change ends the redo chain.
//! A change is only undone where its rows still stand as it left them: if
//! someone changed them since, undo refuses and says who did what, unless the
//! user asks to undo anyway (recorded).

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;

use super::change::{Entry, record};
use super::journal::{RowChange, Way, drift, replay};
use super::snapshot::restore;
use super::{Result, Store, StoreError};
use crate::domain::ItemId;

/// Commands that only record what happened; everything else can be undone.
/// (A Jira import pictures its rows and is undone whole; the entries a demo
/// seed brings along picture nothing, so they are passed over.)
const BOOKKEEPING: &str = "('undo', 'redo', 'init')";

/// The first change this database made itself: everything before it came
/// with a JSON import (`import json`), whose file carries its log, rows and
/// all. Those entries are history: another database's changes, undone and
/// redone there, never here (the import went into an empty database, so
/// the import itself is not undone either: the file before it was empty).
fn own_log_start(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        &format!(
            "SELECT COALESCE(max(id), 0) + 1 FROM changes WHERE {}",
            super::transfer::CLUSTER_IMPORT
        ),
        [],
        |r| r.get(0),
    )?)
}

/// A logged change and what it wrote.
struct Logged {
    id: i64,
    item_id: Option<i64>,
    summary: String,
    /// Rows before and after (changes since schema 7).
    rows: Option<String>,
    /// The picture to write back in the older format: "before" to undo,
    /// "after" to redo.
    legacy: Option<String>,
}

impl Logged {
    fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Logged> {
        Ok(Logged {
            id: r.get(0)?,
            item_id: r.get(1)?,
            summary: r.get(2)?,
            rows: r.get(3)?,
            legacy: r.get(4)?,
        })
    }

    fn rows(&self, way: Way) -> Result<Option<Vec<RowChange>>> {
        self.rows
            .as_deref()
            .map(|text| {
                serde_json::from_str(text).map_err(|e| {
                    let (change, detail) = (self.id, e.to_string());
                    match way {
                        Way::Undo => StoreError::CannotUndo { change, detail },
                        Way::Redo => StoreError::CannotRedo { change, detail },
                    }
                })
            })
            .transpose()
    }

    /// Writes it back, unless that would overwrite a later change and the user
    /// did not insist; logs the replay. Returns the log's summary.
    fn replay(&self, conn: &Connection, who: &str, way: Way, anyway: bool) -> Result<String> {
        let (command, done) = match way {
            Way::Undo => ("undo", "Undid"),
            Way::Redo => ("redo", "Redid"),
        };
        let mut logged_rows = Vec::new();
        let mut overwrote = String::new();
        if let Some(rows) = self.rows(way)? {
            if let Some(d) = drift(conn, &rows, way)? {
                let later = later_change(conn, self.id, &d.objects)?;
                if !anyway {
                    let (by, what) = match later {
                        Some((who, summary)) => (Some(who), summary),
                        None => (None, "it was changed".to_string()),
                    };
                    return Err(StoreError::Overwrite {
                        way: match way {
                            Way::Undo => "undone",
                            Way::Redo => "redone",
                        },
                        by,
                        what,
                    });
                }
                overwrote = match later {
                    Some((by, _)) => format!(" anyway, over a later change by {by}"),
                    None => " anyway, over a later change".to_string(),
                };
            }
            replay(conn, &rows, way).map_err(|e| match e {
                // A row made since hangs off one this would remove (an item
                // planned into a cycle whose creation is undone).
                StoreError::Sqlite(ref s)
                    if s.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) =>
                {
                    let detail = "what was made since depends on it (items planned into the cycle, capacities set for it): undo or clear those first".to_string();
                    match way {
                        Way::Undo => StoreError::CannotUndo {
                            change: self.id,
                            detail,
                        },
                        Way::Redo => StoreError::CannotRedo {
                            change: self.id,
                            detail,
                        },
                    }
                }
                e => e,
            })?;
            // The replay's own entry pictures what it wrote, the other way round.
            logged_rows = rows
                .into_iter()
                .map(|rc| match way {
                    Way::Undo => RowChange {
                        before: rc.after,
                        after: rc.before,
                        ..rc
                    },
                    Way::Redo => rc,
                })
                .collect();
        } else if let Some(text) = &self.legacy {
            let picture: Value = serde_json::from_str(text).map_err(|e| {
                let (change, detail) = (self.id, e.to_string());
                match way {
                    Way::Undo => StoreError::CannotUndo { change, detail },
                    Way::Redo => StoreError::CannotRedo { change, detail },
                }
            })?;
            restore(conn, &picture)?;
        }
        let summary = format!("{done}{overwrote}: {}", self.summary);
        record(
            conn,
            Entry {
                who,
                command,
                item_id: self.item_id.map(ItemId),
                summary: summary.clone(),
                rows: logged_rows,
            },
        )?;
        Ok(summary)
    }
}

/// The newest change after `since` that touched one of `objects` and still
/// stands: who made it, and its sentence.
fn later_change(
    conn: &Connection,
    since: i64,
    objects: &[String],
) -> Result<Option<(String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.who, c.summary FROM change_objects o JOIN changes c ON c.id = o.change_id
         WHERE o.object = ?1 AND o.change_id > ?2 AND c.undone_by IS NULL
         ORDER BY o.change_id DESC LIMIT 1",
    )?;
    let mut newest: Option<(String, String)> = None;
    for o in objects {
        if let Some(found) = stmt
            .query_row(params![o, since], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
        {
            newest = Some(found);
            break;
        }
    }
    Ok(newest)
}

/// The newest change about one object that still stands, for saying who
/// changed something meanwhile.
pub(super) fn latest_about(conn: &Connection, object: &str) -> Result<Option<(String, String)>> {
    later_change(conn, 0, &[object.to_string()])
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
    /// The day of the JSON import that brought this database's older log
    /// along, if there was one: undo and redo stop there.
    pub fn imported_log_day(&self) -> Result<Option<String>> {
        let at: Option<String> = self
            .conn
            .query_row(
                &format!(
                    "SELECT at FROM changes WHERE {} ORDER BY id DESC LIMIT 1",
                    super::transfer::CLUSTER_IMPORT
                ),
                [],
                |r| r.get(0),
            )
            .optional()?;
        Ok(at.map(|at| at.get(..10).unwrap_or(&at).to_string()))
    }

    /// Undoes this user's newest change that still stands. Returns what was
    /// undone; refuses (`Overwrite`) if someone changed the same rows since,
    /// and says why (`NothingToUndo`) when there is nothing to undo.
    pub fn undo(&mut self, who: &str) -> Result<String> {
        self.undo_with(who, false)
    }

    /// Undoes it even over a later change by someone else; the log says so.
    pub fn undo_anyway(&mut self, who: &str) -> Result<String> {
        self.undo_with(who, true)
    }

    fn undo_with(&mut self, who: &str, anyway: bool) -> Result<String> {
        let tx = self.begin()?;
        let target = tx
            .query_row(
                &format!(
                    "SELECT id, item_id, summary, rows, before FROM changes
                     WHERE who = ?1 AND undone_by IS NULL AND id >= ?2
                       AND (rows IS NOT NULL OR before IS NOT NULL)
                       AND command NOT IN {BOOKKEEPING}
                     ORDER BY id DESC LIMIT 1"
                ),
                params![who, own_log_start(&tx)?],
                Logged::from_row,
            )
            .optional()?;
        let Some(target) = target else {
            drop(tx);
            return Err(StoreError::NothingToUndo {
                who: who.to_string(),
                since_import: self.imported_log_day()?,
            });
        };
        let summary = target.replay(&tx, who, Way::Undo, anyway)?;
        let undo_id = tx.last_insert_rowid();
        tx.execute(
            "UPDATE changes SET undone_by = ?1 WHERE id = ?2",
            params![undo_id, target.id],
        )?;
        tx.commit()?;
        Ok(summary)
    }

    /// Redoes the change this user undid last, unless they changed something
    /// since; says why (`NothingToRedo`) when there is nothing to redo.
    pub fn redo(&mut self, who: &str) -> Result<String> {
        self.redo_with(who, false)
    }

    pub fn redo_anyway(&mut self, who: &str) -> Result<String> {
        self.redo_with(who, true)
    }

    fn redo_with(&mut self, who: &str, anyway: bool) -> Result<String> {
        let tx = self.begin()?;
        let target = tx
            .query_row(
                "SELECT id, item_id, summary, rows, after, undone_by FROM changes
                 WHERE who = ?1 AND undone_by IS NOT NULL AND id >= ?2
                 ORDER BY undone_by DESC LIMIT 1",
                params![who, own_log_start(&tx)?],
                |r| Ok((Logged::from_row(r)?, r.get::<_, i64>(5)?)),
            )
            .optional()?;
        let target = match target {
            Some((target, undone_by))
                if last_regular(&tx, who)?.is_none_or(|last| last <= undone_by) =>
            {
                target
            }
            _ => {
                drop(tx);
                return Err(StoreError::NothingToRedo {
                    who: who.to_string(),
                    since_import: self.imported_log_day()?,
                });
            }
        };
        let summary = target.replay(&tx, who, Way::Redo, anyway)?;
        tx.execute(
            "UPDATE changes SET undone_by = NULL WHERE id = ?1",
            [target.id],
        )?;
        tx.commit()?;
        Ok(summary)
    }
}
