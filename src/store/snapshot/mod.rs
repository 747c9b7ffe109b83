//! The pictures of the change log before schema 7, so changes logged by an
//! older clusterboard can still be undone. Newer changes log whole rows
//! (`journal`). Undo writes the "before" picture back; redo the "after" one.
//!
//! Format: `{"items": [{"id": 3, "state": "ready", "rank": "a1V", "dor": ["value"]}],
//! "team_items": [...], "releases": [...], "plans": [...]}`; only the parts and
//! the fields the command touched are present.

mod items;
mod releases;
mod team_items;

use rusqlite::Connection;
use serde_json::Value;

use super::Result;

pub(super) use items::Field;

/// Writes a whole picture back: team items, releases and plans, then items.
pub(super) fn restore(conn: &Connection, picture: &Value) -> Result<()> {
    team_items::restore_team_items(conn, picture)?;
    releases::restore_releases(conn, picture)?;
    items::restore_items(conn, picture)
}
