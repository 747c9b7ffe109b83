//! The only code that speaks SQL: opening the file safely, migrations, queries, and
//! one transaction per command.

mod backlog;
mod bulk;
mod change;
mod checkpoint;
mod cycle;
mod dor;
mod error;
mod estimate;
mod export;
mod export_json;
mod export_read;
mod filter;
mod flow;
mod forecast;
mod foreign;
mod import;
mod item;
mod journal;
mod label;
mod lead_times;
mod lines;
mod lookup;
mod open;
mod portfolio;
mod question;
mod rank;
mod read_ahead;
mod release;
mod release_view;
mod row;
mod schema;
mod seed;
mod since;
mod site;
mod snapshot;
mod stakeholder;
mod team;
mod team_item;
mod text_index;
mod timebox;
mod transfer;
mod undo;

use std::path::PathBuf;

use rusqlite::{Connection, Transaction, TransactionBehavior};

pub use backlog::BacklogRow;
pub use change::Change;
pub use checkpoint::{Checkpoint, CheckpointError, Since};
pub use cycle::{
    CutLine, CycleCapacity, CycleEdit, CycleError, CycleLoad, ExportCapacity, ExportCycle, NewCycle,
};
pub use error::{
    ReleaseError, Result, SeedError, StakeholderError, StoreError, TeamError, narrate,
};
pub use estimate::{EstimateChange, PokerField, PokerRound, Vote};
pub use export::{
    Export, ExportChange, ExportItem, ExportPortfolioItem, ExportRelease, ExportStakeholder,
    ExportTeam, ExportTeamItem,
};
pub use export_json::ExportError;
pub use flow::{Gate, StateMove};
pub use forecast::{BurnPoint, FlowDay, LeadTimes, RECENT, ReleaseForecast, TeamVelocity};
pub use import::{
    Conflict, Created, ImportBatch, ImportItem, ImportParent, ImportPortfolioItem, ImportReport,
    ImportTeamItem, Imported, Updated, portfolio_state_of,
};
pub use item::{ItemDetail, ItemEdit, ItemFill, RankedItem};
pub use label::LabelChange;
pub use lines::ItemLine;
pub use portfolio::{DerivedRow, NewPortfolioItem, PortfolioEdit, PortfolioPlacement};
pub use question::QuestionError;
pub use rank::{Placement, RankMove, Step};
pub use read_ahead::{Look, look};
pub use release::{ITEMS_DONE, Shipped};
pub use release_view::{ReleaseHead, ReleaseItem, ReleaseStats};
pub use schema::SCHEMA_VERSION;
pub use seed::{
    Seed, SeedChange, SeedItem, SeedPortfolioItem, SeedRelease, SeedStakeholder, SeedTeam,
    SeedTeamItem,
};
pub use since::{Came, Changes, Crossed, Estimated, Released, Reranked, SincePoint};
pub use stakeholder::Stakeholder;
pub use team::{NewTeam, TeamEdit};
pub use team_item::{TeamPlacement, TeamRow};
pub use timebox::TimeSpent;
pub use transfer::{
    ClusterFile, FileItem, FilePokerRound, FilePortfolioItem, FileRelease, FileStakeholder,
    FileTeam, FileTeamItem, Loaded,
};

/// The damage check on its own connection, and the way to stop it early.
struct Check {
    handle: std::thread::JoinHandle<std::result::Result<(), String>>,
    interrupt: std::sync::mpsc::Receiver<rusqlite::InterruptHandle>,
}

impl Check {
    /// Interrupts the check and waits until its connection is closed. An
    /// interrupt that comes before the check's statement starts is lost, so
    /// it is repeated until the thread has ended.
    fn stop(self) {
        if let Ok(i) = self
            .interrupt
            .recv_timeout(std::time::Duration::from_secs(1))
        {
            while !self.handle.is_finished() {
                i.interrupt();
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
        }
        let _ = self.handle.join();
    }
}

impl Drop for Store {
    /// A check still running is stopped, so its connection closes before this
    /// one: the last connection to close folds the WAL back into the file.
    fn drop(&mut self) {
        if let Some(check) = self.check.take() {
            check.stop();
        }
    }
}

/// One open cluster database.
pub struct Store {
    conn: Connection,
    /// Where the file lives; `None` for the in-memory demo.
    path: Option<PathBuf>,
    /// A fixed "today" (YYYY-MM-DD) for reproducible views in tests.
    today: Option<String>,
    /// Opened for viewing only: the file or its directory cannot be written.
    read_only: bool,
    /// The damage check running beside the first frame; writes wait for it.
    check: Option<Check>,
    /// What the damage check found; a damaged file is never written.
    damage: Option<String>,
    /// The text filter's index and matches, read by `cb_text` in queries.
    text: text_index::TextFilter,
    /// The Reports view's lead and cycle times, kept and read ahead.
    lead: lead_times::LeadCache,
}

impl Store {
    /// Fixes what "today" is for date arithmetic, so snapshots do not age.
    #[doc(hidden)]
    pub fn pin_today(&mut self, date: &str) {
        self.today = Some(date.to_string());
    }

    /// Fixes the time the change log stamps on changes (`None`: the clock
    /// again), so tests can write a history with known days.
    #[doc(hidden)]
    pub fn pin_clock(&mut self, at: Option<&str>) -> Result<()> {
        self.conn.execute("DELETE FROM temp.clock", [])?;
        if let Some(at) = at {
            self.conn
                .execute("INSERT INTO temp.clock(at) VALUES (?1)", [at])?;
        }
        Ok(())
    }

    /// Starts the one transaction of a command. IMMEDIATE takes the write lock
    /// at once, so a second instance waits for it (the busy timeout) instead of
    /// failing after it has read.
    fn begin(&mut self) -> Result<Transaction<'_>> {
        if let Some(check) = self.check.take() {
            self.settle(check);
        }
        let path = || self.path.clone().unwrap_or_default();
        if let Some(detail) = &self.damage {
            return Err(StoreError::Damaged {
                path: path(),
                detail: detail.clone(),
            });
        }
        if self.read_only {
            return Err(StoreError::ReadOnlyOpen(path()));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate);
        tx.map_err(|e| {
            let e = StoreError::from(e);
            e.explain(self.path.as_deref())
        })
    }

    fn settle(&mut self, check: Check) {
        match check.handle.join() {
            Ok(Ok(())) => {}
            Ok(Err(detail)) => self.damage = Some(detail),
            Err(_) => self.damage = Some("the check of the file stopped unexpectedly".into()),
        }
    }

    /// Whether the file cannot be changed, and why, for the header: read-only
    /// permissions, or damage found by the check (without waiting for it).
    pub fn read_only_reason(&mut self) -> Option<&'static str> {
        if self.check.as_ref().is_some_and(|c| c.handle.is_finished())
            && let Some(check) = self.check.take()
        {
            self.settle(check);
        }
        if self.damage.is_some() {
            Some("damaged · read-only")
        } else if self.read_only {
            Some("read-only")
        } else {
            None
        }
    }

    /// The damage the check found, once it has answered (without waiting).
    pub fn damage(&mut self) -> Option<StoreError> {
        self.read_only_reason()?;
        self.damage.as_ref().map(|detail| StoreError::Damaged {
            path: self.path.clone().unwrap_or_default(),
            detail: detail.clone(),
        })
    }

    /// For a command that only reads (an export): stops the damage check
    /// instead of letting it read the whole file beside the command on
    /// another core. Damage a read meets is reported by `SQLite` as it meets
    /// it; as nothing may be written without the check's answer, the store
    /// refuses writes from here on.
    pub fn stop_check(&mut self) {
        if let Some(check) = self.check.take() {
            check.stop();
            self.read_only = true;
        }
    }

    /// Waits for the damage check (the command line does, before it writes).
    pub fn wait_for_check(&mut self) -> Result<()> {
        if let Some(check) = self.check.take() {
            self.settle(check);
        }
        match self.damage() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Writes a title as another program writing to the file might, unchecked,
    /// so tests can show that any stored text is drawn and exported safely.
    #[doc(hidden)]
    pub fn write_title_unchecked(&mut self, id: crate::domain::ItemId, title: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE items SET title = ?1 WHERE id = ?2",
            rusqlite::params![title, id.0],
        )?;
        Ok(())
    }

    /// How long a write waits for another program's lock before it says so.
    /// The board waits briefly and retries, so the screen never freezes.
    pub fn set_busy_timeout(&self, wait: std::time::Duration) -> Result<()> {
        Ok(self.conn.busy_timeout(wait)?)
    }

    pub fn path(&self) -> Option<&std::path::Path> {
        self.path.as_deref()
    }

    /// What changes whenever the data does: the file's `data_version`
    /// (another connection's commits) and this connection's change count.
    pub fn change_stamp(&self) -> Result<(i64, u64)> {
        Ok((self.data_version()?, self.conn.total_changes()))
    }

    /// Changes whenever another connection commits to the file, so a second
    /// instance can notice and reload.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }
}
