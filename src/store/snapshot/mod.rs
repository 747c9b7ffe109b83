//! Before/after pictures of what a command changed, stored in the change log.
//! Undo writes the "before" picture back; redo the "after" one.
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

pub(super) use items::{Field, capture, park};
pub(super) use releases::{capture_plans, capture_release};
pub(super) use team_items::{absent_team_items, capture_team_items};

/// Writes a whole picture back: team items, releases and plans, then items.
pub(super) fn restore(conn: &Connection, picture: &Value) -> Result<()> {
    team_items::restore_team_items(conn, picture)?;
    releases::restore_releases(conn, picture)?;
    items::restore_items(conn, picture)
}
