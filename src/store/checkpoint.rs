//! Checkpoints: a refinement marked by name, so the backlog can say per row
//! how the item moved since. Marking copies the rank counts per key prefix;
//! an item keeps how it stood (`checkpoint_was`, by trigger) when it first
//! changes after the mark, and its place then is counted from both: a few
//! indexed lookups per row on screen, and a mark that costs the same at a
//! thousand items or a million. Checkpoints marked before migration 18 hold a
//! copy of every item's place (`checkpoint_items`) and are read from it.

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
    /// Marks a checkpoint: the rank counts now, so every item's place and
    /// column at this moment can be told later. Without a name it is called
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
        // Kept by triggers: counting the items took 30 ms at a million.
        let items: i64 = tx.query_row("SELECT COALESCE(sum(n), 0) FROM state_counts", [], |r| {
            r.get(0)
        })?;
        // Made out of sight, then brought into it, so the log pictures the
        // one column undo and redo turn.
        // Nothing is copied: the triggers of migrations 18 and 20 keep what
        // changes from here on.
        tx.prepare_cached(
            "INSERT INTO checkpoints(name, who, change_id, items, live, cow, lazy)
             VALUES (?1, ?2, 0, ?3, 0, 1, 1)",
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

    /// Whether nothing on the board has changed since a checkpoint marked
    /// since migration 20: no item moved, changed column, came, went or was
    /// archived, so every item stands where it stood then and no place needs
    /// counting (the Since column right after a mark).
    pub fn unchanged_since(&self, checkpoint: i64) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT lazy = 1
                AND NOT EXISTS (SELECT 1 FROM checkpoint_was WHERE checkpoint_id = ?1)
                AND NOT EXISTS (SELECT 1 FROM checkpoint_buckets WHERE checkpoint_id = ?1)
                AND NOT EXISTS (SELECT 1 FROM checkpoint_tops WHERE checkpoint_id = ?1)
             FROM checkpoints WHERE id = ?1",
            )?
            .query_row([checkpoint], |r| r.get(0))
            .optional()?
            .unwrap_or(false))
    }

    /// Where an item stood at a checkpoint.
    pub fn since(&self, checkpoint: i64, id: ItemId) -> Result<Since> {
        let (cow, lazy): (bool, bool) = self
            .conn
            .prepare_cached("SELECT cow, lazy FROM checkpoints WHERE id = ?1")?
            .query_row([checkpoint], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .unwrap_or((false, false));
        if cow {
            return self.since_kept(checkpoint, id, lazy);
        }
        // A checkpoint of before migration 18: one lookup in its full copy.
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

/// Inside the key's own three-character bucket: the items there now, less
/// those that changed since the checkpoint, plus where the changed ones stood.
macro_rules! inside_the_bucket_then {
    () => {
        "
    + (SELECT COUNT(*) FROM live_items WHERE rank >= substr(?2, 1, 3) AND rank < ?2)
    - (SELECT COUNT(*) FROM live_items i
       JOIN checkpoint_was w ON w.checkpoint_id = ?1 AND w.item_id = i.id
       WHERE i.rank >= substr(?2, 1, 3) AND i.rank < ?2)
    + (SELECT COUNT(*) FROM checkpoint_was
       WHERE checkpoint_id = ?1 AND present = 1 AND rank >= substr(?2, 1, 3) AND rank < ?2)"
    };
}

/// Items on the board at checkpoint `?1` with a rank key before `?2`: the
/// copied counts of the buckets before the key's own three-character bucket,
/// then inside that bucket the items there now, less those that changed
/// since (they were elsewhere, or not there, then), plus where the changed
/// ones stood then.
const BEFORE_THEN: &str = concat!(
    "SELECT
      (SELECT COALESCE(sum(n), 0) FROM checkpoint_tops
       WHERE checkpoint_id = ?1 AND bucket < substr(?2, 1, 2))
    + (SELECT COALESCE(sum(n), 0) FROM checkpoint_buckets
       WHERE checkpoint_id = ?1 AND bucket >= substr(?2, 1, 2) AND bucket < substr(?2, 1, 3))",
    inside_the_bucket_then!()
);

/// [`BEFORE_THEN`] for a checkpoint whose counts are kept when they first
/// change (migration 20): today's counts, corrected by the ones kept.
const BEFORE_THEN_LAZY: &str = concat!(
    "SELECT
      (SELECT COALESCE(sum(n), 0) FROM rank_tops_all WHERE bucket < substr(?2, 1, 2))
    + (SELECT COALESCE(sum(t.n - COALESCE(a.n, 0)), 0) FROM checkpoint_tops t
       LEFT JOIN rank_tops_all a ON a.bucket = t.bucket
       WHERE t.checkpoint_id = ?1 AND t.bucket < substr(?2, 1, 2))
    + (SELECT COALESCE(sum(n), 0) FROM rank_buckets_all
       WHERE bucket >= substr(?2, 1, 2) AND bucket < substr(?2, 1, 3))
    + (SELECT COALESCE(sum(b.n - COALESCE(a.n, 0)), 0) FROM checkpoint_buckets b
       LEFT JOIN rank_buckets_all a ON a.bucket = b.bucket
       WHERE b.checkpoint_id = ?1 AND b.bucket >= substr(?2, 1, 2) AND b.bucket < substr(?2, 1, 3))",
    inside_the_bucket_then!()
);

impl Store {
    /// `since` for a checkpoint kept by what changed after it.
    fn since_kept(&self, checkpoint: i64, id: ItemId, lazy: bool) -> Result<Since> {
        type Then = (bool, Option<String>, Option<String>);
        let then: Option<Then> = self
            .conn
            .prepare_cached(
                "SELECT present, state, rank FROM checkpoint_was
                 WHERE checkpoint_id = ?1 AND item_id = ?2",
            )?
            .query_row(params![checkpoint, id.0], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        let (state, rank_key) = match then {
            Some((false, _, _)) => return Ok(Since::New),
            Some((true, Some(state), Some(rank))) => (state, rank),
            Some(_) => return Err(super::error::damaged("a checkpoint")),
            // Unchanged since: as it stands now, if it is on the board.
            None => {
                let now: Option<(String, String, Option<String>)> = self
                    .conn
                    .prepare_cached("SELECT state, rank, archived_at FROM items WHERE id = ?1")?
                    .query_row([id.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                    .optional()?;
                match now {
                    Some((state, rank, None)) => (state, rank),
                    _ => return Ok(Since::New),
                }
            }
        };
        let before: i64 = self
            .conn
            .prepare_cached(if lazy { BEFORE_THEN_LAZY } else { BEFORE_THEN })?
            .query_row(params![checkpoint, rank_key], |r| r.get(0))?;
        Ok(Since::Was {
            position: usize::try_from(before).unwrap_or(0) + 1,
            state: state
                .parse()
                .map_err(|_| super::error::damaged("a checkpoint"))?,
            rank_key,
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

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::domain::NewItem;
    use crate::store::{Gate, ItemFill, Placement};

    /// Every live item's place, column and key now: what a full copy held.
    fn truth(store: &Store) -> HashMap<i64, Since> {
        let mut stmt = store
            .conn
            .prepare("SELECT id, ROW_NUMBER() OVER (ORDER BY rank), state, rank FROM live_items")
            .unwrap();
        stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })
        .unwrap()
        .map(|r| {
            let (id, position, state, rank_key) = r.unwrap();
            let since = Since::Was {
                position: position as usize,
                state: state.parse().unwrap(),
                rank_key,
            };
            (id, since)
        })
        .collect()
    }

    fn shake(store: &mut Store, rng: &mut fastrand::Rng, n: i64, rounds: usize) {
        let gate = Gate {
            dor: &[],
            force: true,
        };
        for _ in 0..rounds {
            let id = ItemId(rng.i64(1..=n));
            let _ = match rng.u8(0..9) {
                0 => store.move_rank(id, Placement::Top, "t").map(|_| ()),
                // Into the same few gaps, so keys share a bucket.
                1 | 7 | 8 => store
                    .move_rank(id, Placement::Rank(rng.usize(2..8)), "t")
                    .map(|_| ()),
                2 => store
                    .move_to_state(id, State::ALL[rng.usize(0..State::ALL.len())], "t", gate)
                    .map(|_| ()),
                3 => store.archive(id, "t").map(|_| ()),
                4 => store.restore_item(id, "t").map(|_| ()),
                5 => store.undo("t").map(|_| ()),
                _ => store.move_rank(id, Placement::Bottom, "t").map(|_| ()),
            };
        }
    }

    #[test]
    fn a_place_then_is_what_a_full_copy_would_say_after_any_changes() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .load_seed(&crate::bench::generate(600, 5), "t")
            .unwrap();
        for id in (1..=600).step_by(41) {
            store.archive(ItemId(id), "t").unwrap();
        }
        let mut rng = fastrand::Rng::with_seed(11);
        // Dense buckets before the mark: keys that share a prefix.
        shake(&mut store, &mut rng, 600, 400);
        let first = store.mark_checkpoint(Some("One"), "t").unwrap();
        let then_first = truth(&store);
        shake(&mut store, &mut rng, 600, 400);
        let second = store.mark_checkpoint(Some("Two"), "t").unwrap();
        let then_second = truth(&store);
        shake(&mut store, &mut rng, 600, 400);
        // Items made since, and one of them deleted again.
        for k in 0..5 {
            let made = store
                .add_item_at(
                    &NewItem {
                        kind: crate::domain::Kind::Feature,
                        title: format!("New {k}"),
                        description: String::new(),
                        state: State::Funnel,
                        value: None,
                        effort: None,
                    },
                    Placement::Rank(3),
                    &ItemFill::default(),
                    "t",
                )
                .unwrap();
            if k == 0 {
                store.delete_item(made.id, "t").unwrap();
            }
        }
        shake(&mut store, &mut rng, 605, 100);
        for (cp, then) in [(&first, &then_first), (&second, &then_second)] {
            for id in 1..=605 {
                let want = then.get(&id).cloned().unwrap_or(Since::New);
                assert_eq!(
                    store.since(cp.id, ItemId(id)).unwrap(),
                    want,
                    "item {id} at checkpoint {}",
                    cp.name
                );
            }
        }
    }

    #[test]
    fn a_checkpoint_marked_before_migration_20_is_read_from_its_copied_counts() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .load_seed(&crate::bench::generate(300, 4), "t")
            .unwrap();
        let mut rng = fastrand::Rng::with_seed(20);
        shake(&mut store, &mut rng, 300, 200);
        let cp = store.mark_checkpoint(Some("Copied"), "t").unwrap();
        let then = truth(&store);
        // As migration 18 marked it: every count copied, none kept lazily.
        store
            .conn
            .execute_batch(&format!(
                "UPDATE checkpoints SET lazy = 0 WHERE id = {id};
                 INSERT INTO checkpoint_tops(checkpoint_id, bucket, n)
                     SELECT {id}, bucket, n FROM rank_tops_all WHERE n != 0;
                 INSERT INTO checkpoint_buckets(checkpoint_id, bucket, n)
                     SELECT {id}, bucket, n FROM rank_buckets_all WHERE n != 0;",
                id = cp.id
            ))
            .unwrap();
        shake(&mut store, &mut rng, 300, 300);
        for id in 1..=300 {
            let want = then.get(&id).cloned().unwrap_or(Since::New);
            assert_eq!(store.since(cp.id, ItemId(id)).unwrap(), want, "item {id}");
        }
    }

    #[test]
    fn right_after_a_mark_every_item_stands_where_it_stands_now() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .load_seed(&crate::bench::generate(200, 4), "t")
            .unwrap();
        let cp = store.mark_checkpoint(Some("One"), "t").unwrap();
        assert!(store.unchanged_since(cp.id).unwrap());
        for id in 1..=200 {
            let now = store.item_shown(ItemId(id)).unwrap();
            if now.archived_at.is_some() {
                continue;
            }
            let want = Since::Was {
                position: store.position(ItemId(id)).unwrap(),
                state: now.state,
                rank_key: now.rank_key,
            };
            assert_eq!(store.since(cp.id, ItemId(id)).unwrap(), want, "item {id}");
        }
        store.move_rank(ItemId(7), Placement::Top, "t").unwrap();
        assert!(!store.unchanged_since(cp.id).unwrap());
    }

    #[test]
    fn marking_copies_nothing_and_a_count_is_kept_when_it_first_changes() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .load_seed(&crate::bench::generate(300, 4), "t")
            .unwrap();
        let count = |store: &Store| -> i64 {
            store
                .conn
                .query_row(
                    "SELECT (SELECT COUNT(*) FROM checkpoint_tops) + (SELECT COUNT(*) FROM checkpoint_buckets)",
                    [],
                    |r| r.get(0),
                )
                .unwrap()
        };
        store.mark_checkpoint(Some("One"), "t").unwrap();
        assert_eq!(count(&store), 0);
        store.move_rank(ItemId(300), Placement::Top, "t").unwrap();
        let kept = count(&store);
        assert!((1..=4).contains(&kept), "kept {kept} counts for one move");
        store.move_rank(ItemId(300), Placement::Top, "t").unwrap();
        assert_eq!(count(&store), kept, "a count is kept once");
    }

    #[test]
    fn a_checkpoint_marked_before_migration_18_is_read_from_its_copy() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .load_seed(&crate::bench::generate(50, 2), "t")
            .unwrap();
        let then = truth(&store);
        store
            .conn
            .execute_batch(
                "INSERT INTO checkpoints(id, name, who, change_id, items, cow) VALUES (9, 'Old', 't', 1, 50, 0);
                 INSERT INTO checkpoint_items(checkpoint_id, item_id, position, state, rank)
                 SELECT 9, id, ROW_NUMBER() OVER (ORDER BY rank), state, rank FROM live_items;",
            )
            .unwrap();
        store.move_rank(ItemId(7), Placement::Top, "t").unwrap();
        assert_eq!(store.since(9, ItemId(7)).unwrap(), then[&7]);
        assert_eq!(
            store
                .conn
                .query_row("SELECT COUNT(*) FROM checkpoint_was", [], |r| r
                    .get::<_, i64>(0))
                .unwrap(),
            0,
            "a full copy needs nothing kept"
        );
    }
}
