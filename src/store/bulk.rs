//! Writing a whole generated cluster fast: the benchmark's million items.

use std::path::Path;

use super::{Result, Store};

impl Store {
    /// Opens a new file for one bulk load: no rollback journal and no sync
    /// (a crash mid-load leaves a file to delete, not one to keep) and a
    /// large page cache, so a million items are written in one pass. Open
    /// the file again with [`Store::open`] to use it.
    #[doc(hidden)]
    pub fn open_for_bulk_load(path: &Path) -> Result<Store> {
        let store = Store::open(path)?;
        store.conn.pragma_update(None, "journal_mode", "OFF")?;
        store.conn.pragma_update(None, "synchronous", "OFF")?;
        store.conn.pragma_update(None, "cache_size", -1_000_000)?;
        Ok(store)
    }
}
