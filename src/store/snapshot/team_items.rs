//! Pictures of team backlog items: whole rows, or `absent` for one that did not
//! exist, so undo can create, change or remove it.

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Map, Value};

use crate::domain::rank;
use crate::store::Result;
use crate::store::error::damaged;

/// Puts team items back as a picture shows them (created, changed or removed).
pub(super) fn restore_team_items(conn: &Connection, picture: &Value) -> Result<()> {
    let Some(rows) = picture.get("team_items") else {
        return Ok(());
    };
    let rows = rows.as_array().ok_or_else(|| damaged("team_items"))?;
    for row in rows {
        let o: &Map<String, Value> = row.as_object().ok_or_else(|| damaged("team item"))?;
        let id = o
            .get("id")
            .and_then(Value::as_i64)
            .ok_or_else(|| damaged("team item id"))?;
        if o.get("absent").is_some() {
            conn.execute("DELETE FROM team_items WHERE id = ?1", [id])?;
            continue;
        }
        let s = |k: &'static str| o.get(k).and_then(Value::as_str).ok_or_else(|| damaged(k));
        let team_id = o.get("team_id").and_then(Value::as_i64);
        let mut key = s("team_rank")?.to_string();
        rank::validate(&key)?;
        // The key may have been taken in that team meanwhile: go just before it.
        let holder: Option<i64> = conn
            .query_row(
                "SELECT id FROM team_items WHERE team_id IS ?1 AND team_rank = ?2 AND id != ?3",
                params![team_id, key, id],
                |r| r.get(0),
            )
            .optional()?;
        if holder.is_some() {
            let below: Option<String> = conn
                .query_row(
                    "SELECT max(team_rank) FROM team_items WHERE team_id IS ?1 AND team_rank < ?2",
                    params![team_id, key],
                    |r| r.get(0),
                )
                .optional()?
                .flatten();
            key = rank::between(below.as_deref(), Some(&key))?;
        }
        conn.execute(
            "INSERT INTO team_items(id, parent_id, team_id, title, type, state, effort, team_rank)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT(id) DO UPDATE SET parent_id = excluded.parent_id,
               team_id = excluded.team_id, title = excluded.title, type = excluded.type,
               state = excluded.state, effort = excluded.effort, team_rank = excluded.team_rank,
               updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')",
            params![
                id,
                o.get("parent_id")
                    .and_then(Value::as_i64)
                    .ok_or_else(|| damaged("parent_id"))?,
                team_id,
                s("title")?,
                s("type")?,
                s("state")?,
                o.get("effort").and_then(Value::as_i64),
                key
            ],
        )?;
    }
    Ok(())
}
