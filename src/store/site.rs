//! Reads the stakeholder site needs beyond the export.

use super::{Result, Store};

impl Store {
    /// When the newest change in the log was made (`YYYY-MM-DDTHH:MM:SS.sssZ`).
    pub fn last_change_at(&self) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT max(at) FROM changes", [], |r| r.get(0))?)
    }
}
