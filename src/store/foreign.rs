//! What another program may write into the file, which the app itself would
//! refuse: the benchmark uses it to show a title of any length costs no more.

use rusqlite::params;

use super::{Result, Store};
use crate::domain::{ItemId, State};

impl Store {
    /// Writes `title` and `description` into the first item of `state`
    /// straight into the table, unchecked and unlogged, as another program
    /// might; returns that item.
    #[doc(hidden)]
    pub fn write_foreign_text(
        &mut self,
        state: State,
        title: &str,
        description: &str,
    ) -> Result<Option<ItemId>> {
        let id: Option<i64> = self
            .conn
            .prepare_cached("SELECT id FROM live_items WHERE state = ?1 ORDER BY rank LIMIT 1")?
            .query_row([state.as_str()], |r| r.get(0))
            .ok();
        if let Some(id) = id {
            self.conn.execute(
                "UPDATE items SET title = ?1, description = ?2 WHERE id = ?3",
                params![title, description, id],
            )?;
        }
        Ok(id.map(ItemId))
    }
}
