//! What can go wrong in the store, one variant per cause. The text of each is
//! what a user reads: it names the thing and, where there is one, the way out.
//! `tests/store_errors.rs` pins every message.

use std::path::PathBuf;

use crate::domain::item::ItemError;
use crate::domain::kind::UnknownKind;
use crate::domain::rank::RankError;
use crate::domain::release::ReleaseState;
use crate::domain::state::UnknownState;
use crate::domain::{ItemId, State};

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
    #[error(
        "database {0} is read-only (file or directory permissions): it is open for viewing and export; make it writable to change anything"
    )]
    ReadOnlyOpen(PathBuf),
    #[error(
        "database {path} is read-only and was written by another clusterboard (schema {found}, this build knows {known}): make it writable once so it can be upgraded, or use a matching clusterboard"
    )]
    ReadOnlyOld {
        path: PathBuf,
        found: i64,
        known: usize,
    },
    #[error(
        "{path} says its schema version is {found}, which no clusterboard writes: it is another program's file or damaged; the file was left untouched"
    )]
    BadVersion { path: PathBuf, found: i64 },
    #[error("database {path} is damaged ({detail}): nothing will be written to it; restore a backup (such as {path}.schemaN.bak) or rescue what is left with `sqlite3 {path} .recover | sqlite3 rescued.db`", path = path.display())]
    Damaged { path: PathBuf, detail: String },
    #[error("the disk holding {0} is full: free some space, then try again; nothing was changed")]
    DiskFull(PathBuf),
    #[error(
        "database {0} is locked by another program: nothing was changed; try again when it is done"
    )]
    Locked(PathBuf),
    #[error("could not back up {path} before upgrading its schema: {detail}")]
    Backup { path: PathBuf, detail: String },
    #[error("could not open {path}: {detail}")]
    Open { path: PathBuf, detail: String },
    #[error("no item {0} in this cluster")]
    NotFound(ItemId),
    /// An item named as the user wrote it (`F-9`), which no item is.
    #[error("no item {0} in this cluster")]
    NoItemNamed(String),
    #[error("{given} names the wrong kind: item {id} is {actual}")]
    WrongPrefix {
        given: String,
        id: ItemId,
        actual: String,
    },
    #[error("the database already holds {0} items: `init --demo` only fills an empty database")]
    NotEmpty(usize),
    #[error("{code} cannot move to {to}: its Definition of Ready has {n} open point{s}: {list}", to = to.label(), n = open.len(), s = plural(open.len()), list = open.join("; "))]
    NotReady {
        code: String,
        to: State,
        open: Vec<String>,
    },
    #[error("no DoR point {key:?}: the checklist has {}", known.join(", "))]
    UnknownDorPoint { key: String, known: Vec<String> },
    #[error("the backlog changed while the suggestion was shown: show it again")]
    OrderChanged,
    #[error(transparent)]
    Team(#[from] TeamError),
    #[error(transparent)]
    Release(#[from] ReleaseError),
    #[error(transparent)]
    Stakeholder(#[from] StakeholderError),
    #[error(transparent)]
    Seed(#[from] SeedError),
    #[error(transparent)]
    Checkpoint(#[from] super::checkpoint::CheckpointError),
    #[error(transparent)]
    Question(super::question::QuestionError),
    #[error(transparent)]
    Cycle(#[from] super::cycle::CycleError),
    #[error("the schema upgrade left {detail}: the backup beside the file holds it as it was")]
    Upgrade { detail: String },
    #[error("Not {way}: {} after your change", narrate(by.as_deref(), what))]
    Overwrite {
        /// "undone" or "redone".
        way: &'static str,
        /// Who changed it since, and what they did, as the log says it.
        by: Option<String>,
        what: String,
    },
    #[error("{code} changed meanwhile: {}; nothing was changed", narrate(by.as_deref(), what))]
    Stale {
        code: String,
        by: Option<String>,
        what: String,
    },
    #[error(
        "the {what} holds a control character (an escape, a tab or a bidi override) at character {at}: type it without one"
    )]
    Unprintable { what: &'static str, at: usize },
    #[error("no portfolio item {0} in this cluster: `portfolio list` shows them")]
    NoPortfolioItem(String),
    #[error("{0} is archived: restore it first (`restore {0}`)")]
    Archived(String),
    #[error("{0} is not archived: there is nothing to restore")]
    NotArchived(String),
    #[error(
        "{code} has {changes} changes in its history beyond its creation: archive it instead (`archive {code}`), or undo those changes first"
    )]
    HasHistory { code: String, changes: usize },
    #[error(
        "{code} {what}: archive it instead (`archive {code}`); only an item nothing hangs off is deleted for good"
    )]
    HasWork { code: String, what: String },
    #[error("the change log entry is damaged ({what}); it cannot be undone")]
    DamagedLog { what: &'static str },
    #[error("nothing to undo: {}", nothing_to_undo(who, since_import.as_deref()))]
    NothingToUndo {
        who: String,
        /// The day of the JSON import undo stops at, if there was one.
        since_import: Option<String>,
    },
    #[error("nothing to redo{}", nothing_to_redo(who, since_import.as_deref()))]
    NothingToRedo {
        who: String,
        since_import: Option<String>,
    },
    #[error("change {change} cannot be undone: {detail}")]
    CannotUndo { change: i64, detail: String },
    #[error("change {change} cannot be redone: {detail}")]
    CannotRedo { change: i64, detail: String },
    #[error(transparent)]
    Item(#[from] ItemError),
    #[error(transparent)]
    Label(#[from] crate::domain::label::LabelError),
    #[error("rank order is damaged: {0}")]
    Rank(#[from] RankError),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error(
        "the database already holds {items} items and {others} teams, releases or stakeholders: \
         a cluster file is imported into an empty database only (choose a new file with --db)"
    )]
    NotEmptyForImport { items: usize, others: usize },
}

/// Teams and their backlog items.
#[derive(Debug, thiserror::Error)]
pub enum TeamError {
    #[error(
        "no team {code}: {}",
        listing(
            code,
            known,
            "the teams are",
            "there are no teams yet (clusterboard team add)"
        )
    )]
    Unknown { code: String, known: Vec<String> },
    /// The domain's sentence for a code that is not 2 to 6 letters or digits.
    #[error("{0}")]
    BadCode(String),
    #[error("the team name is empty: give the team a name")]
    EmptyName,
    #[error("there is already a team {0}")]
    Duplicate(String),
    #[error("team {code} still has {open} open item{s}: move them to another team first", s = plural(*open))]
    OpenItems { code: String, open: usize },
    #[error("no team item {0}")]
    NoTeamItem(i64),
    #[error("a split needs at least one team item")]
    EmptySplit,
    #[error("{other} is in another team than {item}")]
    OtherTeam { item: String, other: String },
    #[error("{given} names the wrong team: that team item is {actual}")]
    WrongTeam { given: String, actual: String },
}

/// Releases: naming, planning, accepting and shipping them.
#[derive(Debug, thiserror::Error)]
pub enum ReleaseError {
    #[error(
        "no release {name:?}: {}",
        listing(
            name,
            known,
            "the releases are",
            "there are none yet (clusterboard release add)"
        )
    )]
    Unknown { name: String, known: Vec<String> },
    #[error("a release is a variant and a version, each one word: e.g. Pro 2.2")]
    BadName,
    /// The domain's sentence for a date that is not YYYY-MM-DD.
    #[error("{0}")]
    BadDate(String),
    #[error("there is already a release {0}")]
    Duplicate(String),
    #[error("{name} is already {state}")]
    Already { name: String, state: ReleaseState },
    #[error("{name} cannot be accepted: its Definition of Done has {n} open point{s}: {list}", n = open.len(), s = plural(open.len()), list = open.join("; "))]
    DodOpen { name: String, open: Vec<String> },
    #[error("{0} is not accepted yet: accept it first")]
    NotAccepted(String),
    #[error("{name} is already {state}: planning an item into it changes what was {state}")]
    Closed { name: String, state: ReleaseState },
    #[error(
        "\"{point}\" is worked out from the items, not ticked: it is met when every item planned into {release} is Done"
    )]
    Computed { point: String, release: String },
    #[error(
        "{code} is not planned into any {variant} release: {}",
        planned_in(plans)
    )]
    NotPlanned {
        code: String,
        variant: String,
        plans: Vec<String>,
    },
}

/// Stakeholders and their requests.
#[derive(Debug, thiserror::Error)]
pub enum StakeholderError {
    #[error(
        "no stakeholder {name:?}: {}",
        listing(name, known, "the stakeholders are", "the stakeholders are none yet")
    )]
    Unknown { name: String, known: Vec<String> },
    #[error("the stakeholder's name is empty")]
    EmptyName,
    #[error("there is already a stakeholder {0:?}")]
    Duplicate(String),
}

/// A cluster file (the demo, `init --demo`) that cannot be loaded; nothing was.
/// `item` and `team_item` count from 1, in the order of the file.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("release {release} has unknown state {state:?}: use planned, accepted or released")]
    ReleaseState { release: String, state: String },
    #[error("item {item}: {kind}")]
    Kind { item: usize, kind: UnknownKind },
    #[error("item {item}: {state}")]
    State { item: usize, state: UnknownState },
    #[error("item {item}: unknown release {label:?}")]
    UnknownRelease { item: usize, label: String },
    #[error("item {item}: unknown stakeholder {name:?}")]
    UnknownStakeholder { item: usize, name: String },
    #[error("team item {team_item}: no item {parent} to split")]
    NoParent { team_item: usize, parent: usize },
    #[error("team item {team_item}: unknown team {team:?}")]
    UnknownTeam { team_item: usize, team: String },
    /// The domain's sentence for an unknown team item type.
    #[error("team item {team_item}: {reason}")]
    ItemType { team_item: usize, reason: String },
    /// The domain's sentence for an unknown team state.
    #[error("team item {team_item}: {reason}")]
    TeamState { team_item: usize, reason: String },
    #[error("history names item {item} of {count}")]
    History { item: usize, count: usize },
    #[error("portfolio item {portfolio}: no item {item} of {count} to derive")]
    NoDerived {
        portfolio: usize,
        item: usize,
        count: usize,
    },
}

impl StoreError {
    /// True when the store refused what was asked and changed nothing, for a
    /// reason the user can put right: a name that is not there, one taken
    /// already, a rule the request breaks. False when the file, the database or
    /// the change log failed.
    /// An `SQLite` error of a cause a user can act on, named with the file:
    /// a full disk, a lock held by another program, a file that became
    /// read-only. Anything else is returned as it was.
    #[must_use]
    pub fn explain(self, path: Option<&std::path::Path>) -> StoreError {
        let (StoreError::Sqlite(e), Some(path)) = (&self, path) else {
            return self;
        };
        let path = path.to_path_buf();
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DiskFull) => StoreError::DiskFull(path),
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                StoreError::Locked(path)
            }
            Some(rusqlite::ErrorCode::ReadOnly) => StoreError::ReadOnlyOpen(path),
            Some(rusqlite::ErrorCode::DatabaseCorrupt) => StoreError::Damaged {
                path,
                detail: e.to_string(),
            },
            _ => self,
        }
    }

    pub fn is_refusal(&self) -> bool {
        match self {
            StoreError::NotFound(_)
            | StoreError::NoItemNamed(_)
            | StoreError::WrongPrefix { .. }
            | StoreError::NotEmpty(_)
            | StoreError::NotEmptyForImport { .. }
            | StoreError::NotReady { .. }
            | StoreError::UnknownDorPoint { .. }
            | StoreError::OrderChanged
            | StoreError::Overwrite { .. }
            | StoreError::Stale { .. }
            | StoreError::Archived(_)
            | StoreError::Unprintable { .. }
            | StoreError::NotArchived(_)
            | StoreError::NoPortfolioItem(_)
            | StoreError::HasHistory { .. }
            | StoreError::HasWork { .. }
            | StoreError::NothingToUndo { .. }
            | StoreError::NothingToRedo { .. }
            | StoreError::Team(_)
            | StoreError::Release(_)
            | StoreError::Stakeholder(_)
            | StoreError::Seed(_)
            | StoreError::Checkpoint(_)
            | StoreError::Question(_)
            | StoreError::Cycle(_)
            | StoreError::Item(_)
            | StoreError::Label(_) => true,
            StoreError::MissingDirectory(_)
            | StoreError::IsADirectory(_)
            | StoreError::NotADatabase(_)
            | StoreError::ForeignDatabase(_)
            | StoreError::Corrupt { .. }
            | StoreError::TooNew { .. }
            | StoreError::ReadOnly(_)
            | StoreError::Backup { .. }
            | StoreError::Open { .. }
            | StoreError::DamagedLog { .. }
            | StoreError::Upgrade { .. }
            | StoreError::ReadOnlyOpen(_)
            | StoreError::ReadOnlyOld { .. }
            | StoreError::BadVersion { .. }
            | StoreError::Damaged { .. }
            | StoreError::DiskFull(_)
            | StoreError::Locked(_)
            | StoreError::CannotUndo { .. }
            | StoreError::CannotRedo { .. }
            | StoreError::Rank(_)
            | StoreError::Sqlite(_)
            | StoreError::Migration(_) => false,
        }
    }
}

fn planned_in(plans: &[String]) -> String {
    if plans.is_empty() {
        "it is planned nowhere".to_string()
    } else {
        format!("its plans are {}", plans.join(", "))
    }
}

/// Refuses a name (of a team, release, stakeholder…) holding a character the
/// sanitiser would have to drop or show as a symbol, as titles are refused.
pub(super) fn printable(what: &'static str, text: &str) -> Result<()> {
    match text.chars().position(crate::domain::item::is_unprintable) {
        Some(i) => Err(StoreError::Unprintable { what, at: i + 1 }),
        None => Ok(()),
    }
}

/// Notes may run over lines; only the characters that act on a terminal are refused.
pub(super) fn printable_lines(what: &'static str, text: &str) -> Result<()> {
    match text
        .chars()
        .position(|c| c != '\n' && crate::domain::item::is_unprintable(c))
    {
        Some(i) => Err(StoreError::Unprintable { what, at: i + 1 }),
        None => Ok(()),
    }
}

/// A change log picture that does not read as the store wrote it.
pub(super) fn damaged(what: &'static str) -> StoreError {
    StoreError::DamagedLog { what }
}

/// "ben moved F-2 …" from who and the log's sentence ("Moved F-2 …").
pub fn narrate(by: Option<&str>, what: &str) -> String {
    match by {
        Some(who) => {
            let mut chars = what.chars();
            let what = match chars.next() {
                Some(c) => c.to_lowercase().chain(chars).collect::<String>(),
                None => String::new(),
            };
            format!("{who} {what}")
        }
        None => what.to_string(),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// "the teams are A, B", or what to say when there are none.
/// What to say after "no release X": the name meant, when one is close (a
/// typo), else the names there are.
fn listing(given: &str, known: &[String], some: &str, none: &str) -> String {
    // Letters a tired eye mistakes for digits count as the same.
    let plain = |s: &str| -> String {
        s.trim()
            .to_lowercase()
            .chars()
            .map(|c| match c {
                'l' => '1',
                'o' => '0',
                c => c,
            })
            .collect()
    };
    let given = plain(given);
    let scored: Vec<(f64, &String)> = known
        .iter()
        .map(|k| (strsim::normalized_damerau_levenshtein(&given, &plain(k)), k))
        .filter(|(score, _)| *score >= 0.6)
        .collect();
    let best = scored.iter().map(|(s, _)| *s).fold(0.0_f64, f64::max);
    let near: Vec<String> = scored
        .iter()
        .filter(|(s, _)| (*s - best).abs() < f64::EPSILON)
        .take(3)
        .map(|(_, k)| format!("{:?}", crate::domain::text::sanitize(k)))
        .collect();
    if !near.is_empty() {
        return format!("did you mean {}?", near.join(" or "));
    }
    if known.is_empty() {
        none.to_string()
    } else {
        let names: Vec<String> = known
            .iter()
            .map(|k| crate::domain::text::sanitize(k))
            .collect();
        format!("{some} {}", names.join(", "))
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

fn nothing_to_undo(who: &str, since_import: Option<&str>) -> String {
    let who = crate::domain::text::sanitize(who);
    match since_import {
        Some(day) => format!(
            "{who} has made no change since the JSON import of {day}; the changes before it came with the file as history (undo them where they were made)"
        ),
        None => format!("{who} has no change to take back"),
    }
}

fn nothing_to_redo(who: &str, since_import: Option<&str>) -> String {
    match since_import {
        Some(day) => format!(
            ": {} has undone nothing since the JSON import of {day}; the changes before it came with the file as history (redo them where they were made)",
            crate::domain::text::sanitize(who)
        ),
        None => String::new(),
    }
}
