//! A few items read by id in one query, for the lines of a dialog: what a
//! line shows (code, a cut title, the estimates) and no more.

use rusqlite::params_from_iter;

use super::row::{TITLE_SHOWN, parsed_at, points_at};
use super::{Result, Store};
use crate::domain::score::Estimates;
use crate::domain::{ItemId, Kind, item};

/// One item as a line of a dialog shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemLine {
    pub id: ItemId,
    pub kind: Kind,
    /// At most a few hundred characters of the title.
    pub title: String,
    pub estimates: Estimates,
}

impl ItemLine {
    pub fn code(&self) -> String {
        item::code(self.kind, self.id)
    }
}

impl Store {
    /// The items with these ids, in the order given (ids not found are left out).
    pub fn item_lines(&self, ids: &[ItemId]) -> Result<Vec<ItemLine>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let marks = (1..=ids.len())
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT id, kind, substr(title, 1, {TITLE_SHOWN}), value, effort, business_value,
                    time_criticality, risk_reduction
             FROM items WHERE id IN ({marks})"
        ))?;
        let rows = stmt.query_map(params_from_iter(ids.iter().map(|i| i.0)), |r| {
            Ok(ItemLine {
                id: ItemId(r.get(0)?),
                kind: parsed_at(r, 1)?,
                title: r.get(2)?,
                estimates: Estimates {
                    value: points_at(r, 3)?,
                    effort: points_at(r, 4)?,
                    business_value: points_at(r, 5)?,
                    time_criticality: points_at(r, 6)?,
                    risk_reduction: points_at(r, 7)?,
                },
            })
        })?;
        let mut found: Vec<ItemLine> = rows.collect::<rusqlite::Result<_>>()?;
        let place = |id: ItemId| ids.iter().position(|&i| i == id).unwrap_or(usize::MAX);
        found.sort_by_key(|l| place(l.id));
        Ok(found)
    }
}
