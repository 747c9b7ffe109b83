//! Pictures of cluster items: the fields a command touched (state, rank,
//! estimates, `DoR`), and writing them back.

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;

use crate::domain::{ItemId, rank};
use crate::store::Result;
use crate::store::error::damaged;
use crate::store::row::get;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::store) enum Field {
    State,
    Value,
    Effort,
    BusinessValue,
    TimeCriticality,
    RiskReduction,
}

impl Field {
    /// Its key in a picture, which is also its column in `items`.
    pub(in crate::store) fn key(self) -> &'static str {
        match self {
            Field::State => "state",
            Field::Value => "value",
            Field::Effort => "effort",
            Field::BusinessValue => "business_value",
            Field::TimeCriticality => "time_criticality",
            Field::RiskReduction => "risk_reduction",
        }
    }
}

/// Writes the items of a picture back. A rank key taken meanwhile by another
/// item (keys are deterministic midpoints) gets a fresh key just before that
/// item instead.
pub(super) fn restore_items(conn: &Connection, picture: &Value) -> Result<()> {
    let no_items = Vec::new();
    let items = match picture.get("items") {
        None => &no_items,
        Some(v) => v.as_array().ok_or_else(|| damaged("items is not a list"))?,
    };
    // A picture of many ranks (a whole new order) is put back as a whole.
    let many_ranks = items.iter().filter(|i| i.get("rank").is_some()).count() > 1;
    if many_ranks {
        let ids: Vec<ItemId> = items
            .iter()
            .filter(|i| i.get("rank").is_some())
            .filter_map(|i| i.get("id").and_then(Value::as_i64).map(ItemId))
            .collect();
        park(conn, &ids)?;
    }
    for entry in items {
        let obj = entry
            .as_object()
            .ok_or_else(|| damaged("item is not an object"))?;
        let id = ItemId(
            obj.get("id")
                .and_then(Value::as_i64)
                .ok_or_else(|| damaged("no id"))?,
        );
        get(conn, id)?;
        for f in [
            Field::State,
            Field::Value,
            Field::Effort,
            Field::BusinessValue,
            Field::TimeCriticality,
            Field::RiskReduction,
        ] {
            if let Some(v) = obj.get(f.key()) {
                let col = f.key();
                let sql_value: Option<rusqlite::types::Value> = match v {
                    Value::Null => None,
                    Value::String(s) => Some(s.clone().into()),
                    Value::Number(n) => Some(n.as_i64().ok_or_else(|| damaged(f.key()))?.into()),
                    _ => return Err(damaged(f.key())),
                };
                conn.execute(
                    &format!(
                        "UPDATE items SET {col} = ?1,
                         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?2"
                    ),
                    params![sql_value, id.0],
                )?;
            }
        }
        if let Some(key) = obj.get("rank") {
            let key = key.as_str().ok_or_else(|| damaged("rank"))?;
            rank::validate(key)?;
            let holder: Option<i64> = conn
                .query_row("SELECT id FROM items WHERE rank = ?1", [key], |r| r.get(0))
                .optional()?;
            let key = match holder {
                Some(h) if h != id.0 && !many_ranks => {
                    let below: Option<String> = conn
                        .query_row(
                            "SELECT rank FROM items WHERE rank < ?1 AND id != ?2
                             ORDER BY rank DESC LIMIT 1",
                            params![key, id.0],
                            |r| r.get(0),
                        )
                        .optional()?;
                    rank::between(below.as_deref(), Some(key))?
                }
                _ => key.to_string(),
            };
            conn.execute(
                "UPDATE items SET rank = ?1 WHERE id = ?2",
                params![key, id.0],
            )?;
        }
        if let Some(points) = obj.get("dor") {
            let points = points.as_array().ok_or_else(|| damaged("dor"))?;
            conn.execute("DELETE FROM item_dor WHERE item_id = ?1", [id.0])?;
            for p in points {
                let p = p.as_str().ok_or_else(|| damaged("dor point"))?;
                conn.execute(
                    "INSERT INTO item_dor(item_id, point) VALUES (?1, ?2)",
                    params![id.0, p],
                )?;
            }
        }
    }
    Ok(())
}

/// Moves these items' keys out of the way ('~' sorts after every rank digit),
/// so keys can be reassigned without two items sharing one mid-way.
pub(in crate::store) fn park(conn: &rusqlite::Connection, ids: &[ItemId]) -> Result<()> {
    let mut stmt = conn.prepare_cached("UPDATE items SET rank = '~' || rank WHERE id = ?1")?;
    for id in ids {
        stmt.execute([id.0])?;
    }
    Ok(())
}
