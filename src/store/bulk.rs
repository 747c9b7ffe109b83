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
        Ok(store)
    }

    /// [`Store::load_seed`] with the secondary indexes dropped while the rows
    /// go in and built again after, from their own definitions in the
    /// schema: sorting each index once is faster than growing it row by row.
    /// Triggers stay, so the counts they keep are right.
    #[doc(hidden)]
    pub fn load_seed_in_bulk(&mut self, seed: &Seed, who: &str) -> Result<()> {
        let indexes: Vec<(String, String)> = self
            .conn
            .prepare(
                "SELECT name, sql FROM sqlite_master
                 WHERE type = 'index' AND sql IS NOT NULL AND name NOT LIKE 'sqlite_%'",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (name, _) in &indexes {
            self.conn
                .execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
        }
        let loaded = self.load_seed(seed, who);
        for (_, sql) in &indexes {
            self.conn.execute_batch(sql)?;
        }
        loaded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bulk_load_leaves_every_index_and_the_same_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.db");
        let seed = crate::bench::generate(300, 8);
        let mut bulk = Store::open_for_bulk_load(&path).unwrap();
        let before: Vec<String> = bulk
            .conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        bulk.load_seed_in_bulk(&seed, "t").unwrap();
        drop(bulk);
        let store = Store::open(&path).unwrap();
        let after: Vec<String> = store
            .conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(before, after);
        let mut plain = Store::open_in_memory().unwrap();
        plain.load_seed(&seed, "t").unwrap();
        let f = crate::domain::filter::Filter::default();
        assert_eq!(
            store.column_counts(&f).unwrap(),
            plain.column_counts(&f).unwrap()
        );
        assert_eq!(store.change_count().unwrap(), plain.change_count().unwrap());
        let ok: String = store
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
    }
}
