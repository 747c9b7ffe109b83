//! Ticking Definition of Ready points on an item.

use rusqlite::{OptionalExtension, params};

use serde_json::Value;

use super::change::{Entry, record};
use super::journal::{Journal, Table, key};
use super::row::{dor_met, live};
use super::{Result, Store, StoreError};
use crate::domain::ItemId;
use crate::domain::dor::DorPoint;

impl Store {
    /// The keys of the `DoR` points an item meets.
    pub fn dor_met(&self, id: ItemId) -> Result<Vec<String>> {
        // Whether it exists, without reading its texts (a megabyte, maybe).
        let found: Option<i64> = self
            .conn
            .prepare_cached("SELECT 1 FROM items WHERE id = ?1")?
            .query_row([id.0], |r| r.get(0))
            .optional()?;
        if found.is_none() {
            return Err(StoreError::NotFound(id));
        }
        dor_met(&self.conn, id)
    }

    /// Marks one point met or open; undoable.
    pub fn set_dor_point(
        &mut self,
        id: ItemId,
        point: &DorPoint,
        met: bool,
        who: &str,
    ) -> Result<()> {
        let tx = self.begin()?;
        let item = live(&tx, id)?;
        let already = dor_met(&tx, id)?.contains(&point.key);
        if already == met {
            return Ok(());
        }
        let mut journal = Journal::default();
        journal.watch(
            &tx,
            Table::ItemDor,
            key(&[
                ("item_id", Value::from(id.0)),
                ("point", Value::from(point.key.clone())),
            ]),
        )?;
        if met {
            tx.execute(
                "INSERT INTO item_dor(item_id, point) VALUES (?1, ?2)",
                params![id.0, point.key],
            )?;
        } else {
            tx.execute(
                "DELETE FROM item_dor WHERE item_id = ?1 AND point = ?2",
                params![id.0, point.key],
            )?;
        }
        record(
            &tx,
            Entry {
                who,
                command: "dor",
                item_id: Some(id),
                summary: format!(
                    "{} DoR point \"{}\" of {}",
                    if met { "Ticked" } else { "Unticked" },
                    point.text,
                    item.code()
                ),
                rows: journal.finish(&tx)?,
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Finds a configured `DoR` point by key, for the CLI.
    pub fn dor_point<'a>(checklist: &'a [DorPoint], key: &str) -> Result<&'a DorPoint> {
        checklist
            .iter()
            .find(|p| p.key == key)
            .ok_or_else(|| StoreError::UnknownDorPoint {
                key: key.to_string(),
                known: checklist.iter().map(|p| p.key.clone()).collect(),
            })
    }
}
