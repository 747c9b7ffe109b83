//! Pictures of releases: their state and acceptance, and which releases
//! items are planned into.

use rusqlite::{Connection, params};
use serde_json::Value;

use crate::store::Result;
use crate::store::error::damaged;

/// Puts release rows and item plans back as a picture shows them.
pub(super) fn restore_releases(conn: &Connection, picture: &Value) -> Result<()> {
    if let Some(rows) = picture.get("releases") {
        for r in rows.as_array().ok_or_else(|| damaged("releases"))? {
            let id = r
                .get("id")
                .and_then(Value::as_i64)
                .ok_or_else(|| damaged("release id"))?;
            let s = |k: &str| r.get(k).and_then(Value::as_str);
            conn.execute(
                "UPDATE releases SET state = ?1, accepted_at = ?2, accepted_by = ?3,
                 released_at = ?4 WHERE id = ?5",
                params![
                    s("state").ok_or_else(|| damaged("release state"))?,
                    s("accepted_at"),
                    s("accepted_by"),
                    s("released_at"),
                    id
                ],
            )?;
        }
    }
    if let Some(plans) = picture.get("plans") {
        for p in plans.as_array().ok_or_else(|| damaged("plans"))? {
            let item = p
                .get("item")
                .and_then(Value::as_i64)
                .ok_or_else(|| damaged("plan item"))?;
            conn.execute("DELETE FROM item_releases WHERE item_id = ?1", [item])?;
            for rid in p
                .get("releases")
                .and_then(Value::as_array)
                .ok_or_else(|| damaged("plan"))?
            {
                let rid = rid.as_i64().ok_or_else(|| damaged("plan release"))?;
                conn.execute(
                    "INSERT INTO item_releases(item_id, release_id) VALUES (?1, ?2)",
                    params![item, rid],
                )?;
            }
        }
    }
    Ok(())
}
