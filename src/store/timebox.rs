//! Time spent discussing each item in refinement: one row per timebox, and a
//! line in the item's history.

use std::time::Duration;

use rusqlite::params;

use super::change::{Entry, record};
use super::journal::{Journal, Table};
use super::row::get;
use super::{Result, Store};
use crate::domain::ItemId;
use crate::domain::timebox::spoken;

/// How long an item has been discussed in refinement, over how many timeboxes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TimeSpent {
    pub total: Duration,
    pub discussions: usize,
}

impl Store {
    /// Records that `id` was discussed for `spent` in a timebox of `planned`;
    /// the change log says so in the item's history, and `u` takes it back.
    pub fn record_time(
        &mut self,
        id: ItemId,
        spent: Duration,
        planned: Duration,
        who: &str,
    ) -> Result<()> {
        let tx = self.begin()?;
        let item = get(&tx, id)?;
        tx.prepare_cached(
            "INSERT INTO item_time(item_id, who, seconds, planned_seconds) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![
            id.0,
            who,
            spent.as_secs() as i64,
            planned.as_secs().max(1) as i64
        ])?;
        let mut journal = Journal::default();
        journal.created_id(Table::ItemTime, tx.last_insert_rowid());
        let over = spent.saturating_sub(planned);
        let overrun = if over.as_secs() > 0 {
            format!(", {} over", spoken(over))
        } else {
            String::new()
        };
        record(
            &tx,
            Entry {
                who,
                command: "timebox",
                item_id: Some(id),
                summary: format!(
                    "Discussed {} \"{}\" for {} in refinement (timebox {}{overrun})",
                    item.code(),
                    item.title,
                    spoken(spent),
                    spoken(planned)
                ),
                rows: journal.finish(&tx)?,
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The time an item has been discussed in refinement, all timeboxes together.
    pub fn time_spent(&self, id: ItemId) -> Result<TimeSpent> {
        let (seconds, n): (i64, i64) = self
            .conn
            .prepare_cached(
                "SELECT COALESCE(SUM(seconds), 0), COUNT(*) FROM item_time WHERE item_id = ?1",
            )?
            .query_row([id.0], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(TimeSpent {
            total: Duration::from_secs(seconds.max(0) as u64),
            discussions: n.max(0) as usize,
        })
    }
}
