//! Pictures of releases: their state and acceptance, and which releases
//! items are planned into.

use rusqlite::{Connection, params};
use serde_json::{Value, json};

use super::items::{Field, capture};
use crate::domain::ItemId;
use crate::store::Result;
use crate::store::error::damaged;

/// The release rows and item plans a command touched, for undo.
pub(in crate::store) fn capture_release(
    conn: &Connection,
    release: i64,
    items: &[ItemId],
) -> Result<Value> {
    let r = conn.query_row(
        "SELECT state, accepted_at, accepted_by, released_at FROM releases WHERE id = ?1",
        [release],
        |r| {
            Ok(json!({
                "id": release,
                "state": r.get::<_, String>(0)?,
                "accepted_at": r.get::<_, Option<String>>(1)?,
                "accepted_by": r.get::<_, Option<String>>(2)?,
                "released_at": r.get::<_, Option<String>>(3)?,
            }))
        },
    )?;
    let mut picture = capture(conn, items, &[Field::State])?;
    picture["releases"] = json!([r]);
    picture["plans"] = json!(plans(conn, items)?);
    Ok(picture)
}

/// The picture of which releases these items are planned into.
pub(in crate::store) fn capture_plans(conn: &Connection, items: &[ItemId]) -> Result<Value> {
    Ok(json!({ "plans": plans(conn, items)? }))
}

fn plans(conn: &Connection, items: &[ItemId]) -> Result<Vec<Value>> {
    items
        .iter()
        .map(|id| Ok(json!({ "item": id.0, "releases": planned_ids(conn, *id)? })))
        .collect()
}

fn planned_ids(conn: &Connection, item: ItemId) -> Result<Vec<i64>> {
    let mut stmt =
        conn.prepare_cached("SELECT release_id FROM item_releases WHERE item_id = ?1 ORDER BY 1")?;
    let rows = stmt.query_map([item.0], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

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
