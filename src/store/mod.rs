//! The only code that speaks SQL: opening the file safely, migrations, queries, and
//! one transaction per command.

mod backlog;
mod change;
mod dor;
mod estimate;
mod export;
mod filter;
mod flow;
mod item;
mod lookup;
mod open;
mod rank;
mod release;
mod schema;
mod seed;
mod snapshot;
mod stakeholder;
mod team;
mod team_item;
mod undo;

use std::path::PathBuf;

use rusqlite::Connection;

pub use backlog::BacklogRow;
pub use change::Change;
pub use estimate::{EstimateChange, PokerField, PokerRound, Vote};
pub use export::{Export, ExportItem, ExportStakeholder, ExportTeam};
pub use flow::{Gate, StateMove};
pub use item::{ItemDetail, RankedItem};
pub use rank::{Placement, RankMove};
pub use release::Shipped;
pub use schema::SCHEMA_VERSION;
pub use seed::{Seed, SeedChange, SeedItem, SeedRelease, SeedStakeholder, SeedTeam, SeedTeamItem};
pub use stakeholder::Stakeholder;
pub use team::NewTeam;
pub use team_item::{TeamPlacement, TeamRow};

use crate::domain::ItemId;
use crate::domain::item::ItemError;
use crate::domain::rank::RankError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("directory {0} does not exist: create it first or choose another --db path")]
    MissingDirectory(PathBuf),
    #[error("{0} is a directory, not a database file: choose a file path with --db")]
    IsADirectory(PathBuf),
    #[error("{0} is not an SQLite database: choose another --db path; the file was left untouched")]
    NotADatabase(PathBuf),
    #[error(
        "{0} is an SQLite database of another program, not a clusterboard database; the file was left untouched"
    )]
    ForeignDatabase(PathBuf),
    #[error("database {path} is damaged ({detail}); the file was left untouched")]
    Corrupt { path: PathBuf, detail: String },
    #[error(
        "database {path} was written by a newer clusterboard (schema {found}, this build knows {known}): upgrade clusterboard"
    )]
    TooNew {
        path: PathBuf,
        found: usize,
        known: usize,
    },
    #[error("database {0} cannot be written (read-only file or directory): check its permissions")]
    ReadOnly(PathBuf),
    #[error("could not back up {path} before upgrading its schema: {detail}")]
    Backup { path: PathBuf, detail: String },
    #[error("could not open {path}: {detail}")]
    Open { path: PathBuf, detail: String },
    #[error("no item {0} in this cluster")]
    NotFound(ItemId),
    #[error("{given} names the wrong kind: item {id} is {actual}")]
    WrongPrefix {
        given: String,
        id: ItemId,
        actual: String,
    },
    #[error("the database already holds {0} items: `init --demo` only fills an empty database")]
    NotEmpty(usize),
    #[error("{0}")]
    Invalid(String),
    #[error("{code} cannot move to {to}: its Definition of Ready has {n} open point{s}: {list}", to = to.label(), n = open.len(), s = if open.len() == 1 { "" } else { "s" }, list = open.join("; "))]
    NotReady {
        code: String,
        to: crate::domain::State,
        open: Vec<String>,
    },
    #[error(transparent)]
    Item(#[from] ItemError),
    #[error("rank order is damaged: {0}")]
    Rank(#[from] RankError),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

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
