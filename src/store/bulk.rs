//! Writing a whole generated cluster fast: the benchmark's million items.

use std::path::Path;

use super::{Result, Seed, Store};

impl Store {
    /// Opens a new file for one bulk load: no rollback journal and no sync
    /// (a crash mid-load leaves a file to delete, not one to keep) and a
    /// large page cache, so a million items are written in one pass. Open
    /// the file again with [`Store::open`] to use it.
    #[doc(hidden)]
    pub fn open_for_bulk_load(path: &Path) -> Result<Store> {
        let mut store = Store::open(path)?;
        // The damage check reads on a connection of its own (quick on a new
        // file); leaving WAL needs the file to itself.
        store.wait_for_check()?;
        store.conn.pragma_update(None, "journal_mode", "OFF")?;
        store.conn.pragma_update(None, "synchronous", "OFF")?;
        store.conn.pragma_update(None, "cache_size", -1_000_000)?;
        // Each CHECK with an IN list builds a table of its values on every
        // insert (a quarter of the load's time); the seed's kinds, columns
        // and types are parsed before they are written.
        store
            .conn
            .pragma_update(None, "ignore_check_constraints", true)?;
        Ok(store)
    }

    /// [`Store::load_seed`] with the secondary indexes and the counting
    /// triggers dropped while the rows go in, then `then` (the benchmark's
    /// made-up history) before they are back. The counts are rebuilt in one
    /// pass each and the indexes from their own definitions in the schema:
    /// sorting once is faster than growing them row by row (a million items
    /// took 58 s with the triggers on). A test compares every table with a
    /// plain load's.
    #[doc(hidden)]
    pub fn load_seed_in_bulk(
        &mut self,
        seed: &Seed,
        who: &str,
        then: impl FnOnce(&mut Store) -> Result<()>,
    ) -> Result<()> {
        let schema = |kind: &str| -> Result<Vec<(String, String)>> {
            Ok(self
                .conn
                .prepare(
                    "SELECT name, sql FROM sqlite_master
                     WHERE type = ?1 AND sql IS NOT NULL AND name NOT LIKE 'sqlite_%'",
                )?
                .query_map([kind], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?)
        };
        let indexes = schema("index")?;
        let triggers: Vec<(String, String)> = schema("trigger")?
            .into_iter()
            .filter(|(name, _)| REBUILT.iter().any(|p| name.starts_with(p)))
            .collect();
        let quoted = |name: &str| format!("\"{}\"", name.replace('"', "\"\""));
        for (name, _) in &indexes {
            self.conn
                .execute_batch(&format!("DROP INDEX {}", quoted(name)))?;
        }
        for (name, _) in &triggers {
            self.conn
                .execute_batch(&format!("DROP TRIGGER {}", quoted(name)))?;
        }
        let loaded = self
            .load_seed(seed, who)
            .and_then(|()| Ok(self.conn.execute_batch(RECOUNT)?))
            .and_then(|()| then(self));
        for (_, sql) in indexes.iter().chain(&triggers) {
            self.conn.execute_batch(sql)?;
        }
        loaded
    }
}

/// Triggers a bulk load drops, by name: those keeping the counts that
/// [`RECOUNT`] rebuilds (migrations 3, 4, 7 and 19).
const REBUILT: &[&str] = &[
    "items_bucket_",
    "items_top_",
    "items_count_move",
    "items_archive",
    "items_restore",
    "release_order_",
];

/// The counts those triggers keep, counted afresh.
const RECOUNT: &str = r"
    DELETE FROM rank_buckets;
    DELETE FROM rank_buckets_all;
    DELETE FROM rank_tops;
    DELETE FROM rank_tops_all;
    INSERT INTO rank_buckets(state, bucket, n)
        SELECT state, substr(rank, 1, 3), COUNT(*) FROM items WHERE archived_at IS NULL GROUP BY 1, 2;
    INSERT INTO rank_buckets_all(bucket, n)
        SELECT substr(rank, 1, 3), COUNT(*) FROM items WHERE archived_at IS NULL GROUP BY 1;
    INSERT INTO rank_tops(state, bucket, n)
        SELECT state, substr(rank, 1, 2), COUNT(*) FROM items WHERE archived_at IS NULL GROUP BY 1, 2;
    INSERT INTO rank_tops_all(bucket, n)
        SELECT substr(rank, 1, 2), COUNT(*) FROM items WHERE archived_at IS NULL GROUP BY 1;
    UPDATE state_counts SET n =
        (SELECT COUNT(*) FROM items i WHERE i.state = state_counts.state AND i.archived_at IS NULL);
    DELETE FROM release_order;
    DELETE FROM release_sums;
    DELETE FROM release_tick_sets;
    INSERT INTO release_order(release_id, rank, item_id, state, effort, ticks)
        SELECT ir.release_id, i.rank, i.id, i.state, i.effort,
               COALESCE((SELECT group_concat(point, char(31))
                         FROM (SELECT point FROM item_dor d WHERE d.item_id = i.id ORDER BY point)), '')
        FROM item_releases ir JOIN items i ON i.id = ir.item_id
        WHERE i.archived_at IS NULL;
    INSERT INTO release_sums(release_id, items, points_planned, points_done, done, unfinished)
        SELECT release_id, COUNT(*), sum(COALESCE(effort, 0)),
               sum(CASE WHEN state IN ('done', 'released') THEN COALESCE(effort, 0) ELSE 0 END),
               sum(state = 'done'), sum(state NOT IN ('done', 'released'))
        FROM release_order GROUP BY release_id;
    INSERT INTO release_tick_sets(release_id, ticks, n)
        SELECT release_id, ticks, COUNT(*) FROM release_order GROUP BY release_id, ticks;
";

#[cfg(test)]
mod tests {
    use super::*;

    /// Every row of every table, times and session names masked (the two
    /// loads run at different moments, on different connections).
    fn every_table(store: &Store) -> Vec<(String, Vec<String>)> {
        let tables: Vec<String> = store
            .conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let time = |v: &str| v.len() >= 19 && v.as_bytes()[4] == b'-' && v.as_bytes()[10] == b'T';
        tables
            .into_iter()
            .map(|t| {
                let mut stmt = store
                    .conn
                    .prepare(&format!("SELECT * FROM \"{t}\""))
                    .unwrap();
                let n = stmt.column_count();
                let session: Vec<bool> = (0..n)
                    .map(|i| stmt.column_name(i).is_ok_and(|c| c == "session"))
                    .collect();
                let mut rows: Vec<String> = stmt
                    .query_map([], |r| {
                        Ok((0..n)
                            .map(|i| {
                                let v: rusqlite::types::Value = r.get(i)?;
                                Ok(match v {
                                    _ if session[i] => "<session>".into(),
                                    rusqlite::types::Value::Text(s) if time(&s) => "<time>".into(),
                                    v => format!("{v:?}"),
                                })
                            })
                            .collect::<rusqlite::Result<Vec<String>>>()?
                            .join("|"))
                    })
                    .unwrap()
                    .collect::<rusqlite::Result<_>>()
                    .unwrap();
                rows.sort();
                (t, rows)
            })
            .collect()
    }

    #[test]
    fn a_bulk_load_leaves_every_index_trigger_and_row_of_a_plain_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.db");
        let seed = crate::bench::generate(400, 8);
        let mut bulk = Store::open_for_bulk_load(&path).unwrap();
        let names = |store: &Store| -> Vec<String> {
            store
                .conn
                .prepare(
                    "SELECT type || ' ' || name FROM sqlite_master
                     WHERE type IN ('index', 'trigger') ORDER BY 1",
                )
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
        };
        let before = names(&bulk);
        bulk.load_seed_in_bulk(&seed, "t", |s| s.write_synthetic_history(90, 3))
            .unwrap();
        drop(bulk);
        let store = Store::open(&path).unwrap();
        assert_eq!(names(&store), before);
        let mut plain = Store::open_in_memory().unwrap();
        plain.load_seed(&seed, "t").unwrap();
        plain.write_synthetic_history(90, 3).unwrap();
        let (got, want) = (every_table(&store), every_table(&plain));
        assert_eq!(got.len(), want.len());
        for ((table, rows), (_, plain_rows)) in got.iter().zip(&want) {
            assert_eq!(rows.len(), plain_rows.len(), "rows of {table}");
            let differ = rows.iter().zip(plain_rows).find(|(a, b)| a != b);
            assert!(differ.is_none(), "table {table}: {differ:?}");
        }
        assert!(
            got.iter()
                .any(|(t, rows)| t == "release_sums" && !rows.is_empty()),
            "the generated cluster plans items into releases"
        );
        let ok: String = store
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
    }
}
