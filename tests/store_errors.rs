#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Tests stop on failure.
//! The sentence a user reads for every cause the store can fail with, and
//! whether it counts as a refusal (the user can put it right, nothing changed).
//! A new variant fails to compile in `cause` below until it has an arm there;
//! give it an example in `examples` too.

use std::path::PathBuf;

use clusterboard::domain::item::ItemError;
use clusterboard::domain::kind::UnknownKind;
use clusterboard::domain::label::LabelError;
use clusterboard::domain::rank::RankError;
use clusterboard::domain::release::{ReleaseState, clean_date};
use clusterboard::domain::state::UnknownState;
use clusterboard::domain::team::{ItemType, TeamState, clean_code};
use clusterboard::domain::{ItemId, State};
use clusterboard::store::{
    CheckpointError, CycleError, QuestionError, ReleaseError, SeedError, StakeholderError,
    StoreError, TeamError,
};

fn db() -> PathBuf {
    PathBuf::from("/x/c.db")
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(std::string::ToString::to_string).collect()
}

/// The name of the cause, one per variant (and per variant of the grouped enums).
fn cause(e: &StoreError) -> &'static str {
    match e {
        StoreError::MissingDirectory(_) => "MissingDirectory",
        StoreError::IsADirectory(_) => "IsADirectory",
        StoreError::NotADatabase(_) => "NotADatabase",
        StoreError::ForeignDatabase(_) => "ForeignDatabase",
        StoreError::Corrupt { .. } => "Corrupt",
        StoreError::TooNew { .. } => "TooNew",
        StoreError::ReadOnly(_) => "ReadOnly",
        StoreError::Backup { .. } => "Backup",
        StoreError::Open { .. } => "Open",
        StoreError::NotFound(_) => "NotFound",
        StoreError::NoItemNamed(_) => "NoItemNamed",
        StoreError::WrongPrefix { .. } => "WrongPrefix",
        StoreError::NotEmpty(_) => "NotEmpty",
        StoreError::NotReady { .. } => "NotReady",
        StoreError::UnknownDorPoint { .. } => "UnknownDorPoint",
        StoreError::OrderChanged => "OrderChanged",
        StoreError::Team(t) => match t {
            TeamError::Unknown { known, .. } if known.is_empty() => "Team::Unknown (none yet)",
            TeamError::Unknown { .. } => "Team::Unknown",
            TeamError::BadCode(_) => "Team::BadCode",
            TeamError::EmptyName => "Team::EmptyName",
            TeamError::Duplicate(_) => "Team::Duplicate",
            TeamError::OpenItems { .. } => "Team::OpenItems",
            TeamError::NoTeamItem(_) => "Team::NoTeamItem",
            TeamError::EmptySplit => "Team::EmptySplit",
            TeamError::OtherTeam { .. } => "Team::OtherTeam",
            TeamError::WrongTeam { .. } => "Team::WrongTeam",
        },
        StoreError::Release(r) => match r {
            ReleaseError::Unknown { known, .. } if known.is_empty() => {
                "Release::Unknown (none yet)"
            }
            ReleaseError::Unknown { .. } => "Release::Unknown",
            ReleaseError::BadName => "Release::BadName",
            ReleaseError::BadDate(_) => "Release::BadDate",
            ReleaseError::Duplicate(_) => "Release::Duplicate",
            ReleaseError::Already { .. } => "Release::Already",
            ReleaseError::DodOpen { .. } => "Release::DodOpen",
            ReleaseError::NotAccepted(_) => "Release::NotAccepted",
            ReleaseError::Closed { .. } => "Release::Closed",
            ReleaseError::Computed { .. } => "Release::Computed",
            ReleaseError::NotPlanned { .. } => "Release::NotPlanned",
        },
        StoreError::Stakeholder(s) => match s {
            StakeholderError::Unknown { known, .. } if known.is_empty() => {
                "Stakeholder::Unknown (none yet)"
            }
            StakeholderError::Unknown { .. } => "Stakeholder::Unknown",
            StakeholderError::EmptyName => "Stakeholder::EmptyName",
            StakeholderError::Duplicate(_) => "Stakeholder::Duplicate",
        },
        StoreError::Seed(s) => match s {
            SeedError::ReleaseState { .. } => "Seed::ReleaseState",
            SeedError::Kind { .. } => "Seed::Kind",
            SeedError::State { .. } => "Seed::State",
            SeedError::UnknownRelease { .. } => "Seed::UnknownRelease",
            SeedError::UnknownStakeholder { .. } => "Seed::UnknownStakeholder",
            SeedError::NoParent { .. } => "Seed::NoParent",
            SeedError::UnknownTeam { .. } => "Seed::UnknownTeam",
            SeedError::ItemType { .. } => "Seed::ItemType",
            SeedError::TeamState { .. } => "Seed::TeamState",
            SeedError::History { .. } => "Seed::History",
            SeedError::NoDerived { .. } => "Seed::NoDerived",
        },
        StoreError::Question(q) => match q {
            QuestionError::NotAGap { .. } => "Question::NotAGap",
            QuestionError::Unknown { .. } => "Question::Unknown",
            QuestionError::BadText => "Question::BadText",
            QuestionError::BadWeight => "Question::BadWeight",
            QuestionError::Already { .. } => "Question::Already",
        },
        StoreError::Checkpoint(c) => match c {
            CheckpointError::Taken(_) => "Checkpoint::Taken",
            CheckpointError::BadName => "Checkpoint::BadName",
            CheckpointError::Unknown { .. } => "Checkpoint::Unknown",
            CheckpointError::NoneYet => "Checkpoint::NoneYet",
            CheckpointError::BadSince { .. } => "Checkpoint::BadSince",
        },
        StoreError::Cycle(c) => match c {
            CycleError::Taken(_) => "Cycle::Taken",
            CycleError::BadName(_) => "Cycle::BadName",
            CycleError::BadDate(_) => "Cycle::BadDate",
            CycleError::Empty => "Cycle::Empty",
            CycleError::Unknown { known, .. } if known.is_empty() => "Cycle::Unknown (none yet)",
            CycleError::Unknown { .. } => "Cycle::Unknown",
            CycleError::Closed(_) => "Cycle::Closed",
            CycleError::NoneOpen => "Cycle::NoneOpen",
        },
        StoreError::DamagedLog { .. } => "DamagedLog",
        StoreError::Upgrade { .. } => "Upgrade",
        StoreError::ReadOnlyOpen(_) => "ReadOnlyOpen",
        StoreError::ReadOnlyOld { .. } => "ReadOnlyOld",
        StoreError::BadVersion { .. } => "BadVersion",
        StoreError::Damaged { .. } => "Damaged",
        StoreError::DiskFull(_) => "DiskFull",
        StoreError::Locked(_) => "Locked",
        StoreError::Overwrite { .. } => "Overwrite",
        StoreError::Stale { .. } => "Stale",
        StoreError::Archived(_) => "Archived",
        StoreError::NoPortfolioItem(_) => "NoPortfolioItem",
        StoreError::Unprintable { .. } => "Unprintable",
        StoreError::NotArchived(_) => "NotArchived",
        StoreError::HasHistory { .. } => "HasHistory",
        StoreError::HasWork { .. } => "HasWork",
        StoreError::NothingToUndo { .. } => "NothingToUndo",
        StoreError::NothingToRedo { .. } => "NothingToRedo",
        StoreError::CannotUndo { .. } => "CannotUndo",
        StoreError::CannotRedo { .. } => "CannotRedo",
        StoreError::Item(ItemError::EmptyTitle) => "Item::EmptyTitle",
        StoreError::Item(ItemError::TitleTooLong(_)) => "Item::TitleTooLong",
        StoreError::Item(ItemError::ControlCharacter(_)) => "Item::ControlCharacter",
        StoreError::Label(LabelError::Empty) => "Label::Empty",
        StoreError::Label(LabelError::TooLong(_)) => "Label::TooLong",
        StoreError::Label(LabelError::ControlCharacter(_)) => "Label::ControlCharacter",
        StoreError::Rank(_) => "Rank",
        StoreError::Sqlite(_) => "Sqlite",
        StoreError::Migration(_) => "Migration",
        StoreError::NotEmptyForImport { .. } => "NotEmptyForImport",
    }
}

/// One example of each cause: the error, its text, and whether it is a refusal.
fn examples() -> Vec<(StoreError, &'static str, bool)> {
    vec![
        (
            StoreError::MissingDirectory(PathBuf::from("/x")),
            "directory /x does not exist: create it first or choose another --db path",
            false,
        ),
        (
            StoreError::IsADirectory(PathBuf::from("/x")),
            "/x is a directory, not a database file: choose a file path with --db",
            false,
        ),
        (
            StoreError::NotADatabase(db()),
            "/x/c.db is not an SQLite database: choose another --db path; the file was left untouched",
            false,
        ),
        (
            StoreError::ForeignDatabase(db()),
            "/x/c.db is an SQLite database of another program, not a clusterboard database; the file was left untouched",
            false,
        ),
        (
            StoreError::Corrupt {
                path: db(),
                detail: "malformed page".into(),
            },
            "database /x/c.db is damaged (malformed page); the file was left untouched",
            false,
        ),
        (
            StoreError::TooNew {
                path: db(),
                found: 7,
                known: 5,
            },
            "database /x/c.db was written by a newer clusterboard (schema 7, this build knows 5): upgrade clusterboard",
            false,
        ),
        (
            StoreError::ReadOnly(db()),
            "database /x/c.db cannot be written (read-only file or directory): check its permissions",
            false,
        ),
        (
            StoreError::Backup {
                path: db(),
                detail: "disk full".into(),
            },
            "could not back up /x/c.db before upgrading its schema: disk full",
            false,
        ),
        (
            StoreError::Open {
                path: db(),
                detail: "permission denied".into(),
            },
            "could not open /x/c.db: permission denied",
            false,
        ),
        (
            StoreError::NotFound(ItemId(42)),
            "no item 42 in this cluster",
            true,
        ),
        (
            StoreError::NoItemNamed("F-42".into()),
            "no item F-42 in this cluster",
            true,
        ),
        (
            StoreError::WrongPrefix {
                given: "E-3".into(),
                id: ItemId(3),
                actual: "F-3 (feature)".into(),
            },
            "E-3 names the wrong kind: item 3 is F-3 (feature)",
            true,
        ),
        (
            StoreError::NotEmpty(12),
            "the database already holds 12 items: `init --demo` only fills an empty database",
            true,
        ),
        (
            QuestionError::NotAGap {
                code: "F-2".into(),
                kind: "feature".into(),
            }
            .into(),
            "F-2 is a feature: open questions weigh the effort of a knowledge gap (K-…, --kind knowledge-gap)",
            true,
        ),
        (
            QuestionError::Unknown {
                code: "K-1".into(),
                number: 7,
                count: 2,
            }
            .into(),
            "K-1 has no question 7: it has 2 (question list K-1 shows them)",
            true,
        ),
        (
            QuestionError::BadText.into(),
            "a question needs a text of 1 to 500 characters",
            true,
        ),
        (
            QuestionError::BadWeight.into(),
            "a question's weight is a whole number from 1 to 1000, e.g. --weight 3",
            true,
        ),
        (
            QuestionError::Already {
                code: "K-1".into(),
                number: 1,
                state: "answered",
            }
            .into(),
            "question 1 of K-1 is answered already",
            true,
        ),
        (
            CheckpointError::Taken("Refinement 12".into()).into(),
            "there is a checkpoint \"Refinement 12\" already: give this one another name",
            true,
        ),
        (
            CheckpointError::BadName.into(),
            "a checkpoint needs a name of 1 to 80 characters, e.g. \"Refinement 12\"",
            true,
        ),
        (
            CheckpointError::Unknown {
                name: "R9".into(),
                known: names(&["R1", "R2"]),
            }
            .into(),
            "no checkpoint \"R9\": the checkpoints are R1, R2",
            true,
        ),
        (
            CheckpointError::NoneYet.into(),
            "no checkpoint yet: mark one with `checkpoint NAME` (c on the board), or say --since YYYY-MM-DD",
            true,
        ),
        (
            CheckpointError::BadSince {
                given: "last week".into(),
                known: Vec::new(),
            }
            .into(),
            "\"last week\" is neither a checkpoint nor a date (YYYY-MM-DD): there are no checkpoints yet",
            true,
        ),
        (
            CycleError::Taken("26.4".into()).into(),
            "there is a cycle \"26.4\" already: give this one another name",
            true,
        ),
        (
            CycleError::BadName("a cycle needs a name, e.g. 26.4".into()).into(),
            "a cycle needs a name, e.g. 26.4",
            true,
        ),
        (
            CycleError::BadDate(clean_date("2026-13-01").unwrap_err()).into(),
            "\"2026-13-01\" is not a day of the calendar: the month is 01 to 12; write it as YYYY-MM-DD",
            true,
        ),
        (
            CycleError::Empty.into(),
            "a cycle needs at least one iteration of at least one week",
            true,
        ),
        (
            CycleError::Unknown {
                name: "27.1".into(),
                known: Vec::new(),
            }
            .into(),
            "no cycle \"27.1\": there are no cycles yet: add one with `cycle add NAME --start YYYY-MM-DD`",
            true,
        ),
        (
            CycleError::Unknown {
                name: "27.1".into(),
                known: names(&["26.3", "26.4"]),
            }
            .into(),
            "no cycle \"27.1\": the cycles are 26.3, 26.4",
            true,
        ),
        (
            CycleError::Closed("26.3".into()).into(),
            "cycle 26.3 is closed already",
            true,
        ),
        (
            CycleError::NoneOpen.into(),
            "there is no open cycle: add one with `cycle add NAME --start YYYY-MM-DD` (or :cycle add on the board)",
            true,
        ),
        (
            StoreError::NotEmptyForImport {
                items: 3,
                others: 2,
            },
            "the database already holds 3 items and 2 teams, releases or stakeholders: a cluster file is imported into an empty database only (choose a new file with --db)",
            true,
        ),
        (
            StoreError::NotReady {
                code: "F-3".into(),
                to: State::Ready,
                open: names(&["Value estimated", "Effort estimated"]),
            },
            "F-3 cannot move to Ready: its Definition of Ready has 2 open points: Value estimated; Effort estimated",
            true,
        ),
        (
            StoreError::UnknownDorPoint {
                key: "valeu".into(),
                known: names(&["value", "effort"]),
            },
            "no DoR point \"valeu\": the checklist has value, effort",
            true,
        ),
        (
            StoreError::OrderChanged,
            "the backlog changed while the suggestion was shown: show it again",
            true,
        ),
        (
            TeamError::Unknown {
                code: "XYZ".into(),
                known: names(&["CORE", "PAY"]),
            }
            .into(),
            "no team XYZ: the teams are CORE, PAY",
            true,
        ),
        (
            TeamError::Unknown {
                code: "PYA".into(),
                known: names(&["CORE", "PAY"]),
            }
            .into(),
            "no team PYA: did you mean \"PAY\"?",
            true,
        ),
        (
            TeamError::Unknown {
                code: "PAY".into(),
                known: vec![],
            }
            .into(),
            "no team PAY: there are no teams yet (clusterboard team add)",
            true,
        ),
        (
            TeamError::BadCode(clean_code("P").unwrap_err()).into(),
            "\"P\" is not a team code: use 2 to 6 letters or digits, e.g. PAY",
            true,
        ),
        (
            TeamError::EmptyName.into(),
            "the team name is empty: give the team a name",
            true,
        ),
        (
            TeamError::Duplicate("PAY".into()).into(),
            "there is already a team PAY",
            true,
        ),
        (
            TeamError::OpenItems {
                code: "PAY".into(),
                open: 1,
            }
            .into(),
            "team PAY still has 1 open item: move them to another team first",
            true,
        ),
        (TeamError::NoTeamItem(9).into(), "no team item 9", true),
        (
            TeamError::EmptySplit.into(),
            "a split needs at least one team item",
            true,
        ),
        (
            TeamError::OtherTeam {
                item: "PAY-1".into(),
                other: "CORE-2".into(),
            }
            .into(),
            "CORE-2 is in another team than PAY-1",
            true,
        ),
        (
            TeamError::WrongTeam {
                given: "PAY-23".into(),
                actual: "CORE-23".into(),
            }
            .into(),
            "PAY-23 names the wrong team: that team item is CORE-23",
            true,
        ),
        (
            ReleaseError::Unknown {
                name: "Pro 9".into(),
                known: names(&["Pro 2.2", "Lite 1.0"]),
            }
            .into(),
            "no release \"Pro 9\": the releases are Pro 2.2, Lite 1.0",
            true,
        ),
        (
            ReleaseError::Unknown {
                name: "Pro 2.l".into(),
                known: names(&["Pro 2.1", "Pro 2.2", "Lite 2.1"]),
            }
            .into(),
            "no release \"Pro 2.l\": did you mean \"Pro 2.1\"?",
            true,
        ),
        (
            ReleaseError::Unknown {
                name: "Pro 9".into(),
                known: vec![],
            }
            .into(),
            "no release \"Pro 9\": there are none yet (clusterboard release add)",
            true,
        ),
        (
            ReleaseError::BadName.into(),
            "a release is a variant and a version, each one word: e.g. Pro 2.2",
            true,
        ),
        (
            ReleaseError::BadDate(clean_date("31.3.2027").unwrap_err()).into(),
            "\"31.3.2027\" is not a date: write it as YYYY-MM-DD, e.g. 2027-03-31",
            true,
        ),
        (
            ReleaseError::Duplicate("Pro 2.2".into()).into(),
            "there is already a release Pro 2.2",
            true,
        ),
        (
            ReleaseError::Already {
                name: "Pro 2.2".into(),
                state: ReleaseState::Accepted,
            }
            .into(),
            "Pro 2.2 is already accepted",
            true,
        ),
        (
            ReleaseError::DodOpen {
                name: "Pro 2.2".into(),
                open: names(&["Release notes written"]),
            }
            .into(),
            "Pro 2.2 cannot be accepted: its Definition of Done has 1 open point: Release notes written",
            true,
        ),
        (
            ReleaseError::NotAccepted("Pro 2.2".into()).into(),
            "Pro 2.2 is not accepted yet: accept it first",
            true,
        ),
        (
            ReleaseError::Closed {
                name: "Pro 2.1".into(),
                state: ReleaseState::Released,
            }
            .into(),
            "Pro 2.1 is already released: planning an item into it changes what was released",
            true,
        ),
        (
            ReleaseError::NotPlanned {
                code: "F-19".into(),
                variant: "Lite".into(),
                plans: names(&["Pro 2.2"]),
            }
            .into(),
            "F-19 is not planned into any Lite release: its plans are Pro 2.2",
            true,
        ),
        (
            ReleaseError::Computed {
                point: "All planned items done".into(),
                release: "Pro 2.2".into(),
            }
            .into(),
            "\"All planned items done\" is worked out from the items, not ticked: it is met when every item planned into Pro 2.2 is Done",
            true,
        ),
        (
            StakeholderError::Unknown {
                name: "Ana".into(),
                known: names(&["Bo", "Cy"]),
            }
            .into(),
            "no stakeholder \"Ana\": the stakeholders are Bo, Cy",
            true,
        ),
        (
            StakeholderError::Unknown {
                name: "Ana".into(),
                known: vec![],
            }
            .into(),
            "no stakeholder \"Ana\": the stakeholders are none yet",
            true,
        ),
        (
            StakeholderError::EmptyName.into(),
            "the stakeholder's name is empty",
            true,
        ),
        (
            StakeholderError::Duplicate("Ana".into()).into(),
            "there is already a stakeholder \"Ana\"",
            true,
        ),
        (
            SeedError::ReleaseState {
                release: "Pro 2.2".into(),
                state: "shipped".into(),
            }
            .into(),
            "release Pro 2.2 has unknown state \"shipped\": use planned, accepted or released",
            true,
        ),
        (
            SeedError::Kind {
                item: 3,
                kind: UnknownKind {
                    given: "epik".into(),
                },
            }
            .into(),
            "item 3: unknown kind \"epik\": use one of system, application, feature, enabler, improvement, knowledge-gap, issue",
            true,
        ),
        (
            SeedError::State {
                item: 3,
                state: UnknownState("doing".into()),
            }
            .into(),
            "item 3: unknown state \"doing\": use one of funnel, analysis, ready, planned, implementing, review, done, released",
            true,
        ),
        (
            SeedError::UnknownRelease {
                item: 3,
                label: "Pro 9".into(),
            }
            .into(),
            "item 3: unknown release \"Pro 9\"",
            true,
        ),
        (
            SeedError::UnknownStakeholder {
                item: 3,
                name: "Ana".into(),
            }
            .into(),
            "item 3: unknown stakeholder \"Ana\"",
            true,
        ),
        (
            SeedError::NoParent {
                team_item: 2,
                parent: 40,
            }
            .into(),
            "team item 2: no item 40 to split",
            true,
        ),
        (
            SeedError::UnknownTeam {
                team_item: 2,
                team: "PYA".into(),
            }
            .into(),
            "team item 2: unknown team \"PYA\"",
            true,
        ),
        (
            SeedError::ItemType {
                team_item: 2,
                reason: "epic".parse::<ItemType>().unwrap_err(),
            }
            .into(),
            "team item 2: unknown type \"epic\": use story, use case, task or bug",
            true,
        ),
        (
            SeedError::TeamState {
                team_item: 2,
                reason: "open".parse::<TeamState>().unwrap_err(),
            }
            .into(),
            "team item 2: unknown team state \"open\": use todo, doing or done",
            true,
        ),
        (
            SeedError::History { item: 9, count: 8 }.into(),
            "history names item 9 of 8",
            true,
        ),
        (
            SeedError::NoDerived {
                portfolio: 2,
                item: 41,
                count: 40,
            }
            .into(),
            "portfolio item 2: no item 41 of 40 to derive",
            true,
        ),
        (
            StoreError::Upgrade {
                detail: "rows of item_dor pointing at rows that are gone".into(),
            },
            "the schema upgrade left rows of item_dor pointing at rows that are gone: the backup beside the file holds it as it was",
            false,
        ),
        (
            StoreError::ReadOnlyOpen(db()),
            "database /x/c.db is read-only (file or directory permissions): it is open for viewing and export; make it writable to change anything",
            false,
        ),
        (
            StoreError::ReadOnlyOld {
                path: db(),
                found: 5,
                known: 8,
            },
            "database /x/c.db is read-only and was written by another clusterboard (schema 5, this build knows 8): make it writable once so it can be upgraded, or use a matching clusterboard",
            false,
        ),
        (
            StoreError::BadVersion {
                path: db(),
                found: -1,
            },
            "/x/c.db says its schema version is -1, which no clusterboard writes: it is another program's file or damaged; the file was left untouched",
            false,
        ),
        (
            StoreError::Damaged {
                path: db(),
                detail: "*** in database main ***".into(),
            },
            "database /x/c.db is damaged (*** in database main ***): nothing will be written to it; restore a backup (such as /x/c.db.schemaN.bak) or rescue what is left with `sqlite3 /x/c.db .recover | sqlite3 rescued.db`",
            false,
        ),
        (
            StoreError::DiskFull(db()),
            "the disk holding /x/c.db is full: free some space, then try again; nothing was changed",
            false,
        ),
        (
            StoreError::Locked(db()),
            "database /x/c.db is locked by another program: nothing was changed; try again when it is done",
            false,
        ),
        (
            StoreError::Overwrite {
                way: "undone",
                by: Some("ben".into()),
                what: "Moved F-2 \"SSO login\" from Analysis to Ready".into(),
            },
            "Not undone: ben moved F-2 \"SSO login\" from Analysis to Ready after your change",
            true,
        ),
        (
            StoreError::Stale {
                code: "F-2".into(),
                by: Some("ben".into()),
                what: "Moved F-2 \"SSO login\" from Analysis to Ready".into(),
            },
            "F-2 changed meanwhile: ben moved F-2 \"SSO login\" from Analysis to Ready; nothing was changed",
            true,
        ),
        (
            StoreError::Unprintable {
                what: "release name",
                at: 3,
            },
            "the release name holds a control character (an escape, a tab or a bidi override) at character 3: type it without one",
            true,
        ),
        (
            StoreError::NoPortfolioItem("P-9".into()),
            "no portfolio item P-9 in this cluster: `portfolio list` shows them",
            true,
        ),
        (
            StoreError::Archived("F-12".into()),
            "F-12 is archived: restore it first (`restore F-12`)",
            true,
        ),
        (
            StoreError::NotArchived("F-12".into()),
            "F-12 is not archived: there is nothing to restore",
            true,
        ),
        (
            StoreError::HasHistory {
                code: "F-12".into(),
                changes: 3,
            },
            "F-12 has 3 changes in its history beyond its creation: archive it instead (`archive F-12`), or undo those changes first",
            true,
        ),
        (
            StoreError::HasWork {
                code: "F-12".into(),
                what: "has 2 team items, is planned into 1 release".into(),
            },
            "F-12 has 2 team items, is planned into 1 release: archive it instead (`archive F-12`); only an item nothing hangs off is deleted for good",
            true,
        ),
        (
            StoreError::NothingToUndo {
                who: "ann".into(),
                since_import: None,
            },
            "nothing to undo: ann has no change to take back",
            true,
        ),
        (
            StoreError::NothingToUndo {
                who: "ann".into(),
                since_import: Some("2026-11-30".into()),
            },
            "nothing to undo: ann has made no change since the JSON import of 2026-11-30; the changes before it came with the file as history (undo them where they were made)",
            true,
        ),
        (
            StoreError::NothingToRedo {
                who: "ann".into(),
                since_import: None,
            },
            "nothing to redo",
            true,
        ),
        (
            StoreError::NothingToRedo {
                who: "ann".into(),
                since_import: Some("2026-11-30".into()),
            },
            "nothing to redo: ann has undone nothing since the JSON import of 2026-11-30; the changes before it came with the file as history (redo them where they were made)",
            true,
        ),
        (
            StoreError::DamagedLog { what: "rank" },
            "the change log entry is damaged (rank); it cannot be undone",
            false,
        ),
        (
            StoreError::CannotUndo {
                change: 17,
                detail: "EOF while parsing a value at line 1 column 0".into(),
            },
            "change 17 cannot be undone: EOF while parsing a value at line 1 column 0",
            false,
        ),
        (
            StoreError::CannotRedo {
                change: 17,
                detail: "EOF while parsing a value at line 1 column 0".into(),
            },
            "change 17 cannot be redone: EOF while parsing a value at line 1 column 0",
            false,
        ),
        (
            ItemError::EmptyTitle.into(),
            "the title is empty: give the item a title",
            true,
        ),
        (
            ItemError::TitleTooLong(612).into(),
            "the title is 612 characters long: keep it under 500",
            true,
        ),
        (
            ItemError::ControlCharacter(4).into(),
            "the title holds a control character (an escape, a tab or a bidi override) at character 4: type it without one",
            true,
        ),
        (
            LabelError::Empty.into(),
            "a label cannot be empty: write a word, e.g. mobile",
            true,
        ),
        (
            LabelError::TooLong(120).into(),
            "a label is at most 100 characters; this one has 120",
            true,
        ),
        (
            LabelError::ControlCharacter("a\u{1b}".into()).into(),
            "label \"a\\u{1b}\" holds a control character: write letters, digits and signs",
            true,
        ),
        (
            RankError::Malformed("a!".into()).into(),
            "rank order is damaged: rank key \"a!\" is malformed",
            false,
        ),
        (
            rusqlite::Error::QueryReturnedNoRows.into(),
            "database error: Query returned no rows",
            false,
        ),
        (
            rusqlite_migration::Error::InvalidUserVersion.into(),
            "database migration failed: rusqlite_migration error: invalid user version received",
            false,
        ),
    ]
}

#[test]
fn every_store_error_reads_as_the_sentence_a_user_is_shown() {
    for (e, text, _) in examples() {
        assert_eq!(e.to_string(), text, "the text of {}", cause(&e));
    }
}

#[test]
fn only_what_the_user_can_put_right_counts_as_a_refusal() {
    for (e, _, refusal) in examples() {
        assert_eq!(e.is_refusal(), refusal, "is_refusal of {}", cause(&e));
    }
}

#[test]
fn sqlite_errors_a_user_can_act_on_are_named_with_the_file() {
    use rusqlite::ffi;
    let sqlite =
        |code: i32| StoreError::Sqlite(rusqlite::Error::SqliteFailure(ffi::Error::new(code), None));
    let path = PathBuf::from("/x/c.db");
    assert!(
        matches!(sqlite(ffi::SQLITE_FULL).explain(Some(&path)), StoreError::DiskFull(p) if p == path)
    );
    assert!(matches!(
        sqlite(ffi::SQLITE_BUSY).explain(Some(&path)),
        StoreError::Locked(_)
    ));
    assert!(matches!(
        sqlite(ffi::SQLITE_READONLY).explain(Some(&path)),
        StoreError::ReadOnlyOpen(_)
    ));
    // Said once: the message is the explained one, not "database or disk is full" twice.
    let text = sqlite(ffi::SQLITE_FULL).explain(Some(&path)).to_string();
    assert_eq!(text.matches("full").count(), 1, "{text}");
    assert!(matches!(
        sqlite(ffi::SQLITE_FULL).explain(None),
        StoreError::Sqlite(_)
    ));
}
