//! Lead and cycle times for the Reports view: read from `item_days`, one
//! row per item done in the window (11,600 at 100,000 items, 60 ms), so the
//! view keeps the last answer until the data changes and reads the next one
//! on a thread of its own while another chart is shown.

use rusqlite::Connection;

use super::forecast::LeadTimes;
use super::read_ahead::{Key, ReadAhead};
use super::{Result, Store};
use crate::domain::Kind;

pub(super) type LeadCache = ReadAhead<Vec<LeadTimes>>;

/// Lead and cycle times, in days, of the items that reached Done (on or after
/// `since`, if given), per kind (kinds with none are left out). An item with
/// no logged creation counts from its `created_at`.
fn read(conn: &Connection, since: Option<&str>) -> Result<Vec<LeadTimes>> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.kind,
                CAST(julianday(d.day) - julianday(COALESCE(c.day, substr(i.created_at, 1, 10))) AS INTEGER),
                CAST(julianday(d.day) - julianday(m.day) AS INTEGER)
         FROM item_days d JOIN live_items i ON i.id = d.item_id
         LEFT JOIN item_days c ON c.item_id = d.item_id AND c.state = 'created'
         LEFT JOIN item_days m ON m.item_id = d.item_id AND m.state = 'implementing'
         WHERE d.state = 'done' AND d.day >= COALESCE(?1, '') ORDER BY i.kind",
    )?;
    let mut out: Vec<LeadTimes> = Vec::new();
    let rows = stmt.query_map([since], |r| {
        Ok((
            super::row::parsed_at::<Kind>(r, 0)?,
            r.get::<_, Option<i64>>(1)?,
            r.get::<_, Option<i64>>(2)?,
        ))
    })?;
    for r in rows {
        let (kind, lead, cycle) = r?;
        let i = if let Some(i) = out.iter().position(|l| l.kind == kind) {
            i
        } else {
            out.push(LeadTimes {
                kind,
                lead: Vec::new(),
                cycle: Vec::new(),
            });
            out.len() - 1
        };
        let entry = &mut out[i];
        if let Some(l) = lead {
            entry.lead.push(l.max(0));
        }
        if let Some(c) = cycle {
            entry.cycle.push(c.max(0));
        }
    }
    Ok(out)
}

impl Store {
    /// Lead and cycle times of the items done on or after `since`, read
    /// from the file every time (the command line's and the benchmark's read).
    pub fn lead_times(&self, since: Option<&str>) -> Result<Vec<LeadTimes>> {
        read(&self.conn, since)
    }

    fn lead_key(&self, since: Option<&str>) -> Result<Key> {
        Ok(Key {
            version: self.change_stamp()?,
            args: since.unwrap_or_default().to_string(),
        })
    }

    /// `lead_times`, kept until the data changes: what a view redraws from.
    /// A read started by `warm_lead_times` for the same data is waited for.
    pub fn lead_times_kept(&self, since: Option<&str>) -> Result<Vec<LeadTimes>> {
        let key = self.lead_key(since)?;
        if let Some(times) = self.lead.take(&key) {
            return Ok(times);
        }
        let times = read(&self.conn, since)?;
        self.lead.keep(key, times.clone());
        Ok(times)
    }

    /// Whether the lead times for `since` are being read on a thread and
    /// have not come yet: a view shows that it waits instead of waiting.
    pub fn lead_times_waiting(&self, since: Option<&str>) -> Result<bool> {
        Ok(self.lead.waiting(&self.lead_key(since)?))
    }

    /// Starts reading the lead times for `since` on a thread, unless what is
    /// kept or being read is for the data as it is now.
    pub fn warm_lead_times(&self, since: Option<&str>) -> Result<()> {
        let key = self.lead_key(since)?;
        let since = since.map(str::to_string);
        self.lead.warm(key, self.path.clone(), move |conn| {
            read(conn, since.as_deref())
        });
        Ok(())
    }
}
