//! The only code that speaks SQL: opening the file safely, migrations, queries, and
//! one transaction per command.

mod backlog;
mod change;
mod checkpoint;
mod dor;
mod error;
mod estimate;
mod export;
mod filter;
mod flow;
mod import;
mod item;
mod journal;
mod lookup;
mod open;
mod rank;
mod release;
mod row;
mod schema;
mod seed;
mod since;
mod site;
mod snapshot;
mod stakeholder;
mod team;
mod team_item;
mod timebox;
mod transfer;
mod undo;

use std::path::PathBuf;

use rusqlite::{Connection, Transaction, TransactionBehavior};

pub use backlog::BacklogRow;
pub use change::Change;
pub use checkpoint::{Checkpoint, CheckpointError, Since};
pub use error::{
    ReleaseError, Result, SeedError, StakeholderError, StoreError, TeamError, narrate,
};
pub use estimate::{EstimateChange, PokerField, PokerRound, Vote};
pub use export::{
    Export, ExportItem, ExportRelease, ExportStakeholder, ExportTeam, ExportTeamItem,
};
pub use flow::{Gate, StateMove};
pub use import::{
    Conflict, Created, ImportBatch, ImportItem, ImportParent, ImportReport, ImportTeamItem,
    Imported, Updated,
};
pub use item::{ItemDetail, ItemEdit, RankedItem};
pub use rank::{Placement, RankMove, Step};
pub use release::Shipped;
pub use schema::SCHEMA_VERSION;
pub use seed::{Seed, SeedChange, SeedItem, SeedRelease, SeedStakeholder, SeedTeam, SeedTeamItem};
pub use since::{Came, Changes, Crossed, Estimated, Released, Reranked, SincePoint};
pub use stakeholder::Stakeholder;
pub use team::{NewTeam, TeamEdit};
pub use team_item::{TeamPlacement, TeamRow};
pub use timebox::TimeSpent;
pub use transfer::{
    ClusterFile, FileItem, FilePokerRound, FileRelease, FileStakeholder, FileTeam, FileTeamItem,
    Loaded,
};

/// One open cluster database.
pub struct Store {
    conn: Connection,
    /// Where the file lives; `None` for the in-memory demo.
    path: Option<PathBuf>,
    /// A fixed "today" (YYYY-MM-DD) for reproducible views in tests.
    today: Option<String>,
}

impl Store {
    /// Fixes what "today" is for date arithmetic, so snapshots do not age.
    #[doc(hidden)]
    pub fn pin_today(&mut self, date: &str) {
        self.today = Some(date.to_string());
    }

    /// Starts the one transaction of a command. IMMEDIATE takes the write lock
    /// at once, so a second instance waits for it (the busy timeout) instead of
    /// failing after it has read.
    fn begin(&mut self) -> Result<Transaction<'_>> {
        Ok(self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?)
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

    pub fn path(&self) -> Option<&std::path::Path> {
        self.path.as_deref()
    }

    /// Changes whenever another connection commits to the file, so a second
    /// instance can notice and reload.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }
}
