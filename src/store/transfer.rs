//! Loading a whole cluster, as `export --format json` wrote it, into an empty
//! database: every id, rank, timestamp and plan kept, so exporting again gives
//! the same document. One transaction, one change-log entry.

use std::collections::HashMap;

use rusqlite::params;

use super::change::{Entry, record};
use super::estimate::PokerField;
use super::{Result, Store, StoreError};
use crate::domain::business::BusinessCase;
use crate::domain::release::ReleaseState;
use crate::domain::team::{ItemType, TeamState};
use crate::domain::{Kind, State, rank};

/// A whole cluster to load; built by `crate::import::json` from an export.
#[derive(Debug, Clone, Default)]
pub struct ClusterFile {
    /// The portfolio in portfolio rank order, archived items after.
    pub portfolio: Vec<FilePortfolioItem>,
    /// In cluster rank order.
    pub items: Vec<FileItem>,
    /// Archived items; they go after the others in the order.
    pub archived: Vec<FileItem>,
    /// The change log, oldest first, with its ids.
    pub history: Vec<super::ExportChange>,
    pub teams: Vec<FileTeam>,
    pub releases: Vec<FileRelease>,
    pub stakeholders: Vec<FileStakeholder>,
    /// Cycles, checked: their teams and items are in the file.
    pub cycles: Vec<super::ExportCycle>,
    /// Top-level keys of the file that this version does not read.
    pub ignored: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct FileItem {
    pub id: i64,
    pub kind: Kind,
    pub title: String,
    pub description: String,
    pub state: State,
    pub value: Option<u32>,
    pub effort: Option<u32>,
    pub business_value: Option<u32>,
    pub time_criticality: Option<u32>,
    pub risk_reduction: Option<u32>,
    pub dor: Vec<String>,
    pub poker_rounds: Vec<FilePokerRound>,
    pub children: Vec<FileTeamItem>,
    /// Release names, `Pro 2.1`.
    pub releases: Vec<String>,
    pub requested_by: Vec<String>,
    pub labels: Vec<String>,
    /// `None`: now.
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub external_id: Option<String>,
    pub acceptance: String,
    pub source: String,
    pub archived_at: Option<String>,
    /// The id of the portfolio item it is derived from.
    pub portfolio: Option<i64>,
    pub business_case: Option<BusinessCase>,
    /// A knowledge gap's questions, in the order asked.
    pub questions: Vec<crate::domain::question::Question>,
}

#[derive(Debug, Clone)]
pub struct FilePortfolioItem {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub description: String,
    pub owner: String,
    pub value: Option<u32>,
    pub state: String,
    pub business_case: Option<BusinessCase>,
    /// `None`: now.
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub archived_at: Option<String>,
}

#[derive(Debug, Clone)]
pub struct FilePokerRound {
    /// Kept when the file gives it, so the change log's pictures still match.
    pub id: Option<i64>,
    pub field: PokerField,
    pub at: String,
    pub who: String,
    pub agreed: String,
    /// `(participant, card)` in seat order.
    pub votes: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub struct FileTeamItem {
    pub id: i64,
    /// `None` once its team was removed.
    pub team: Option<String>,
    pub title: String,
    pub item_type: ItemType,
    pub state: TeamState,
    pub effort: Option<u32>,
    pub external_id: Option<String>,
    pub description: String,
}

#[derive(Debug, Clone)]
pub struct FileTeam {
    pub id: Option<i64>,
    pub code: String,
    pub name: String,
    pub product_owner: Option<String>,
    pub capacity: Option<u32>,
    /// Ids of its team items in team rank order.
    pub order: Vec<i64>,
}

#[derive(Debug, Clone)]
pub struct FileRelease {
    pub id: Option<i64>,
    pub variant: String,
    pub version: String,
    pub target_date: Option<String>,
    pub state: ReleaseState,
    pub notes: String,
    pub planned_at: Option<String>,
    pub accepted_at: Option<String>,
    pub accepted_by: Option<String>,
    pub released_at: Option<String>,
    pub dod: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct FileStakeholder {
    pub id: Option<i64>,
    pub name: String,
    pub group: Option<String>,
    pub contact: Option<String>,
}

/// How much a load brought in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Loaded {
    pub portfolio: usize,
    pub items: usize,
    pub team_items: usize,
    pub teams: usize,
    pub releases: usize,
    pub stakeholders: usize,
}

/// Finds the log entry of a JSON import (`load_cluster`) among the changes:
/// it pictures no rows (a Jira import does), names no item and says what it
/// loaded in the words `load_cluster` writes.
pub(super) const CLUSTER_IMPORT: &str = "command = 'import' AND rows IS NULL
    AND before IS NULL AND item_id IS NULL
    AND summary GLOB 'Imported a cluster of * items and * team items'";

impl Store {
    /// Loads a whole cluster into an empty database, all or nothing.
    pub fn load_cluster(&mut self, file: &ClusterFile, who: &str) -> Result<Loaded> {
        let tx = self.begin()?;
        let (items, held): (i64, i64) = tx.query_row(
            "SELECT (SELECT COUNT(*) FROM items), (SELECT COUNT(*) FROM teams)
                  + (SELECT COUNT(*) FROM releases) + (SELECT COUNT(*) FROM stakeholders)
                  + (SELECT COUNT(*) FROM portfolio_items)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if items + held > 0 {
            return Err(StoreError::NotEmptyForImport {
                items: items as usize,
                others: held as usize,
            });
        }
        // The portfolio first: items point at it. Its order is the file's.
        let portfolio_keys = rank::sequence(None, file.portfolio.len())?;
        for (p, key) in file.portfolio.iter().zip(&portfolio_keys) {
            tx.prepare_cached(
                "INSERT INTO portfolio_items(id, kind, title, description, owner, value, rank,
                 state, business_case, created_at, updated_at, archived_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,
                 COALESCE(?10, strftime('%Y-%m-%dT%H:%M:%fZ','now')),
                 COALESCE(?11, strftime('%Y-%m-%dT%H:%M:%fZ','now')), ?12)",
            )?
            .execute(params![
                p.id,
                p.kind,
                p.title,
                p.description,
                p.owner,
                p.value,
                key,
                p.state,
                case_json(p.business_case.as_ref())?,
                p.created_at,
                p.updated_at,
                p.archived_at
            ])?;
        }
        let mut teams = HashMap::new();
        for t in &file.teams {
            tx.execute(
                "INSERT INTO teams(id, code, name, product_owner, capacity) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![t.id, t.code, t.name, t.product_owner, t.capacity],
            )?;
            teams.insert(t.code.as_str(), tx.last_insert_rowid());
        }
        let mut releases = HashMap::new();
        for r in &file.releases {
            tx.execute(
                "INSERT INTO releases(id, variant, version, target_date, state, notes, planned_at,
                 accepted_at, accepted_by, released_at)
                 VALUES (?10, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    r.variant,
                    r.version,
                    r.target_date,
                    r.state.as_str(),
                    r.notes,
                    r.planned_at,
                    r.accepted_at,
                    r.accepted_by,
                    r.released_at,
                    r.id
                ],
            )?;
            let id = tx.last_insert_rowid();
            // "All planned items done" is worked out from the items, not kept.
            for p in r.dod.iter().filter(|p| *p != super::release::ITEMS_DONE) {
                tx.execute(
                    "INSERT OR IGNORE INTO release_dod(release_id, point) VALUES (?1, ?2)",
                    params![id, p],
                )?;
            }
            releases.insert(format!("{} {}", r.variant, r.version), id);
        }
        let mut stakeholders = HashMap::new();
        for s in &file.stakeholders {
            tx.execute(
                "INSERT INTO stakeholders(id, name, grp, contact) VALUES (?1, ?2, ?3, ?4)",
                params![s.id, s.name, s.group, s.contact],
            )?;
            stakeholders.insert(s.name.as_str(), tx.last_insert_rowid());
        }
        // Each team's order; items of a removed team go after in file order.
        let mut team_rank: HashMap<i64, String> = HashMap::new();
        let mut team_last: HashMap<i64, Option<String>> = HashMap::new();
        for t in &file.teams {
            let keys = rank::sequence(None, t.order.len())?;
            if let Some(tid) = teams.get(t.code.as_str()) {
                team_last.insert(*tid, keys.last().cloned());
            }
            for (id, key) in t.order.iter().zip(keys) {
                team_rank.insert(*id, key);
            }
        }
        let all: Vec<&FileItem> = file.items.iter().chain(&file.archived).collect();
        let keys = rank::sequence(None, all.len())?;
        let mut loose: Option<String> = None;
        let mut loaded = Loaded {
            portfolio: file.portfolio.len(),
            items: all.len(),
            teams: file.teams.len(),
            releases: file.releases.len(),
            stakeholders: file.stakeholders.len(),
            team_items: 0,
        };
        for (it, key) in all.iter().zip(&keys) {
            tx.prepare_cached(
                "INSERT INTO items(id, kind, title, description, state, rank, value, effort,
                 business_value, time_criticality, risk_reduction, created_at, updated_at,
                 external_id, acceptance, source, archived_at, portfolio_id, business_case)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,
                 COALESCE(?12, strftime('%Y-%m-%dT%H:%M:%fZ','now')),
                 COALESCE(?13, strftime('%Y-%m-%dT%H:%M:%fZ','now')), ?14, ?15, ?16, ?17, ?18, ?19)",
            )?
            .execute(params![
                it.id,
                it.kind.as_str(),
                it.title,
                it.description,
                it.state.as_str(),
                key,
                it.value,
                it.effort,
                it.business_value,
                it.time_criticality,
                it.risk_reduction,
                it.created_at,
                it.updated_at,
                it.external_id,
                it.acceptance,
                it.source,
                it.archived_at,
                it.portfolio,
                case_json(it.business_case.as_ref())?
            ])?;
            for p in &it.dor {
                tx.prepare_cached(
                    "INSERT OR IGNORE INTO item_dor(item_id, point) VALUES (?1, ?2)",
                )?
                .execute(params![it.id, p])?;
            }
            for label in &it.releases {
                if let Some(rid) = releases.get(label) {
                    tx.prepare_cached(
                        "INSERT OR IGNORE INTO item_releases(item_id, release_id) VALUES (?1, ?2)",
                    )?
                    .execute(params![it.id, rid])?;
                }
            }
            for q in &it.questions {
                tx.prepare_cached(
                    "INSERT INTO item_questions(item_id, text, weight, answer, answered_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![
                    it.id,
                    q.text,
                    q.weight,
                    q.answer,
                    q.answered_at
                ])?;
            }
            for name in &it.requested_by {
                if let Some(sid) = stakeholders.get(name.as_str()) {
                    tx.prepare_cached(
                        "INSERT OR IGNORE INTO item_requesters(item_id, stakeholder_id) VALUES (?1, ?2)",
                    )?
                    .execute(params![it.id, sid])?;
                }
            }
            for label in crate::domain::label::clean_labels(&it.labels)? {
                tx.prepare_cached("INSERT INTO item_labels(item_id, label) VALUES (?1, ?2)")?
                    .execute(params![it.id, label])?;
            }
            for round in &it.poker_rounds {
                tx.prepare_cached(
                    "INSERT INTO poker_rounds(id, item_id, field, at, who, agreed)
                     VALUES (?6, ?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![
                    it.id,
                    round.field.label(),
                    round.at,
                    round.who,
                    round.agreed,
                    round.id
                ])?;
                let rid = tx.last_insert_rowid();
                for (seat, (name, card)) in round.votes.iter().enumerate() {
                    tx.prepare_cached(
                        "INSERT INTO poker_votes(round_id, seat, participant, card) VALUES (?1, ?2, ?3, ?4)",
                    )?
                    .execute(params![rid, seat as i64, name, card])?;
                }
            }
            for c in &it.children {
                let team_id = c.team.as_deref().and_then(|t| teams.get(t)).copied();
                let key = match (team_id, team_rank.get(&c.id)) {
                    (Some(_), Some(k)) => k.clone(),
                    // In a team but missing from its order: after the rest.
                    (Some(tid), None) => {
                        let last = team_last.entry(tid).or_default();
                        let k = rank::between(last.as_deref(), None)?;
                        *last = Some(k.clone());
                        k
                    }
                    (None, _) => {
                        let k = rank::between(loose.as_deref(), None)?;
                        loose = Some(k.clone());
                        k
                    }
                };
                tx.prepare_cached(
                    "INSERT INTO team_items(id, parent_id, team_id, title, type, state, effort,
                     team_rank, external_id, description)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                )?
                .execute(params![
                    c.id,
                    it.id,
                    team_id,
                    c.title,
                    c.item_type.as_str(),
                    c.state.as_str(),
                    c.effort,
                    key,
                    c.external_id,
                    c.description
                ])?;
                loaded.team_items += 1;
            }
        }
        for c in &file.cycles {
            tx.execute(
                "INSERT INTO cycles(id, name, start_date, iterations, iteration_weeks, inter_weeks, closed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    c.id,
                    c.name,
                    c.start,
                    c.iterations,
                    c.iteration_weeks,
                    c.inter_weeks,
                    c.closed_at
                ],
            )?;
            for cap in &c.capacity {
                if let Some(team) = teams.get(cap.team.as_str()) {
                    tx.execute(
                        "INSERT INTO cycle_capacity(cycle_id, team_id, points) VALUES (?1, ?2, ?3)",
                        params![c.id, team, cap.points],
                    )?;
                }
            }
            for code in &c.items {
                if let Ok(r) = code.parse::<crate::domain::item::ItemRef>() {
                    tx.execute(
                        "INSERT OR REPLACE INTO cycle_items(item_id, cycle_id) VALUES (?1, ?2)",
                        params![r.id.0, c.id],
                    )?;
                }
            }
        }
        load_history(&tx, &file.history)?;
        record(
            &tx,
            Entry {
                who,
                command: "import",
                item_id: None,
                // CLUSTER_IMPORT finds this entry by these words.
                summary: format!(
                    "Imported a cluster of {} items and {} team items",
                    loaded.items, loaded.team_items
                ),
                rows: Vec::new(),
            },
        )?;
        tx.commit()?;
        Ok(loaded)
    }
}

/// A business case as the file gave it, stored as it is so exporting again
/// gives the same document.
fn case_json(case: Option<&BusinessCase>) -> Result<Option<String>> {
    case.map(serde_json::to_string)
        .transpose()
        .map_err(|_| StoreError::DamagedLog {
            what: "a business case",
        })
}

/// Writes the change log of a file back with its ids, and which objects each
/// entry touched, so undo and every item's history work as they did there.
fn load_history(conn: &rusqlite::Connection, history: &[super::ExportChange]) -> Result<()> {
    let text = |v: &Option<serde_json::Value>| v.as_ref().map(ToString::to_string);
    for c in history {
        conn.prepare_cached(
            "INSERT INTO changes(id, at, who, command, item_id, summary, rows, before, after, undone_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![
            c.id,
            c.at,
            c.who,
            c.command,
            c.item,
            c.summary,
            text(&c.rows),
            text(&c.before),
            text(&c.after),
            c.undone_by
        ])?;
        let mut objects: Vec<String> = c.item.map(|i| format!("item:{i}")).into_iter().collect();
        if let Some(rows) = &c.rows
            && let Ok(rows) = serde_json::from_value::<Vec<super::journal::RowChange>>(rows.clone())
        {
            for rc in rows {
                objects.extend(rc.objects());
            }
        }
        for o in objects {
            conn.prepare_cached(
                "INSERT OR IGNORE INTO change_objects(object, change_id) VALUES (?1, ?2)",
            )?
            .execute(params![o, c.id])?;
        }
    }
    Ok(())
}
