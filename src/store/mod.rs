//! The only code that speaks SQL: opening the file safely, migrations, queries, and
//! one transaction per command.

mod backlog;
mod bulk;
mod change;
mod dor;
mod error;
mod estimate;
mod export;
mod filter;
mod flow;
mod foreign;
mod item;
mod lines;
mod lookup;
mod open;
mod rank;
mod release;
mod release_view;
mod row;
mod schema;
mod seed;
mod snapshot;
mod stakeholder;
mod team;
mod team_item;
mod text_index;
mod undo;

use std::path::PathBuf;

use rusqlite::{Connection, Transaction, TransactionBehavior};

pub use backlog::BacklogRow;
pub use change::Change;
pub use error::{ReleaseError, Result, SeedError, StakeholderError, StoreError, TeamError};
pub use estimate::{EstimateChange, PokerField, PokerRound, Vote};
pub use export::{Export, ExportItem, ExportStakeholder, ExportTeam};
pub use flow::{Gate, StateMove};
pub use item::{ItemDetail, RankedItem};
pub use lines::ItemLine;
pub use rank::{Placement, RankMove};
pub use release::Shipped;
pub use release_view::{ReleaseHead, ReleaseItem, ReleaseStats};
pub use schema::SCHEMA_VERSION;
pub use seed::{Seed, SeedChange, SeedItem, SeedRelease, SeedStakeholder, SeedTeam, SeedTeamItem};
pub use stakeholder::Stakeholder;
pub use team::NewTeam;
pub use team_item::{TeamPlacement, TeamRow};

/// One open cluster database.
pub struct Store {
    conn: Connection,
    /// Where the file lives; `None` for the in-memory demo.
    path: Option<PathBuf>,
    /// A fixed "today" (YYYY-MM-DD) for reproducible views in tests.
    today: Option<String>,
    /// The text filter's index and matches, read by `cb_text` in queries.
    text: text_index::TextFilter,
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
