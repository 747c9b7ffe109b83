//! Loading a whole cluster in one transaction: the demo, `init --demo`, the benchmark.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};
use serde::Deserialize;

use super::change::{Entry, record};
use super::item::insert_derived;
use super::{Result, SeedError, Store, StoreError};
use crate::domain::{Kind, NewItem, State, rank};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seed {
    #[serde(default)]
    pub teams: Vec<SeedTeam>,
    #[serde(default)]
    pub releases: Vec<SeedRelease>,
    #[serde(default)]
    pub stakeholders: Vec<SeedStakeholder>,
    /// In cluster rank order.
    #[serde(default)]
    pub items: Vec<SeedItem>,
    /// Past changes to keep in the change log (not undoable).
    #[serde(default)]
    pub history: Vec<SeedChange>,
    /// Team backlog items, in each team's order.
    #[serde(default)]
    pub team_items: Vec<SeedTeamItem>,
    /// The portfolio, in portfolio rank order.
    #[serde(default)]
    pub portfolio: Vec<SeedPortfolioItem>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedPortfolioItem {
    pub kind: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub owner: String,
    pub value: Option<u32>,
    pub state: String,
    pub business_case: Option<crate::domain::business::BusinessCase>,
    /// 1-based places in `items` of the cluster items derived from it.
    #[serde(default)]
    pub items: Vec<usize>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedTeamItem {
    /// 1-based place of the parent in `items`.
    pub parent: usize,
    pub team: String,
    pub title: String,
    #[serde(rename = "type", default = "story")]
    pub item_type: String,
    #[serde(default = "todo")]
    pub state: String,
    pub effort: Option<u32>,
    #[serde(default)]
    pub description: String,
}

fn story() -> String {
    "story".to_string()
}

fn todo() -> String {
    "todo".to_string()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedChange {
    /// 0-based index into `items`.
    pub item: usize,
    pub who: String,
    pub at: String,
    pub summary: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedTeam {
    pub code: String,
    pub name: String,
    pub product_owner: Option<String>,
    pub capacity: Option<u32>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedRelease {
    pub variant: String,
    pub version: String,
    pub target_date: Option<String>,
    #[serde(default = "planned")]
    pub state: String,
    /// Keys of the Definition of Done points ticked ("items" is worked out).
    #[serde(default)]
    pub dod: Vec<String>,
}

fn planned() -> String {
    "planned".to_string()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedStakeholder {
    pub name: String,
    pub group: Option<String>,
    pub contact: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedItem {
    pub kind: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub state: String,
    pub value: Option<u32>,
    pub effort: Option<u32>,
    /// Release labels, `"Pro 2.1"`: variant and version as in `releases`.
    #[serde(default)]
    pub releases: Vec<String>,
    #[serde(default)]
    pub requested_by: Vec<String>,
    /// Keys of the Definition of Ready points the item meets.
    #[serde(default)]
    pub dor: Vec<String>,
    #[serde(default)]
    pub acceptance: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub labels: Vec<String>,
}

impl Store {
    /// Loads a cluster into an empty database, all or nothing.
    pub fn load_seed(&mut self, seed: &Seed, who: &str) -> Result<()> {
        let existing = self.item_count()?;
        if existing > 0 {
            return Err(StoreError::NotEmpty(existing));
        }
        let tx = self.begin()?;
        for t in &seed.teams {
            tx.execute(
                "INSERT INTO teams(code, name, product_owner, capacity) VALUES (?1, ?2, ?3, ?4)",
                params![t.code, t.name, t.product_owner, t.capacity],
            )?;
        }
        let mut releases = HashMap::new();
        for r in &seed.releases {
            if !["planned", "accepted", "released"].contains(&r.state.as_str()) {
                return Err(SeedError::ReleaseState {
                    release: format!("{} {}", r.variant, r.version),
                    state: r.state.clone(),
                }
                .into());
            }
            tx.execute(
                "INSERT INTO releases(variant, version, target_date, state, planned_at)
                 VALUES (?1, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%fZ','now'))",
                params![r.variant, r.version, r.target_date, r.state],
            )?;
            let rid = tx.last_insert_rowid();
            for point in &r.dod {
                tx.execute(
                    "INSERT OR IGNORE INTO release_dod(release_id, point) VALUES (?1, ?2)",
                    params![rid, point],
                )?;
            }
            releases.insert(format!("{} {}", r.variant, r.version), rid);
        }
        let mut stakeholders = HashMap::new();
        for s in &seed.stakeholders {
            tx.execute(
                "INSERT INTO stakeholders(name, grp, contact) VALUES (?1, ?2, ?3)",
                params![s.name, s.group, s.contact],
            )?;
            stakeholders.insert(s.name.clone(), tx.last_insert_rowid());
        }
        // The portfolio first, so each derived item is written once, with its
        // portfolio item and the business case it inherits.
        let portfolio_keys = rank::sequence(None, seed.portfolio.len())?;
        // Per portfolio item its id and business case; per derived item's
        // place in the seed, which portfolio item it derives from.
        let mut portfolio: Vec<(i64, Option<String>)> = Vec::with_capacity(seed.portfolio.len());
        let mut derived: HashMap<usize, usize> = HashMap::new();
        for (n, (p, key)) in seed.portfolio.iter().zip(&portfolio_keys).enumerate() {
            let case = match &p.business_case {
                Some(c) if !c.is_empty() => {
                    Some(
                        serde_json::to_string(c).map_err(|_| StoreError::DamagedLog {
                            what: "a business case",
                        })?,
                    )
                }
                _ => None,
            };
            tx.execute(
                "INSERT INTO portfolio_items(kind, title, description, owner, value, rank, state, business_case)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![p.kind, p.title, p.description, p.owner, p.value, key, p.state, case],
            )?;
            portfolio.push((tx.last_insert_rowid(), case));
            for &place in &p.items {
                let index = place
                    .checked_sub(1)
                    .filter(|&i| i < seed.items.len())
                    .ok_or(SeedError::NoDerived {
                        portfolio: n + 1,
                        item: place,
                        count: seed.items.len(),
                    })?;
                derived.insert(index, n);
            }
        }
        let keys = rank::sequence(None, seed.items.len())?;
        let mut ids = Vec::with_capacity(seed.items.len());
        for (n, (it, key)) in seed.items.iter().zip(&keys).enumerate() {
            let item = n + 1;
            let new = NewItem {
                kind: it
                    .kind
                    .parse::<Kind>()
                    .map_err(|kind| SeedError::Kind { item, kind })?,
                title: it.title.clone(),
                description: it.description.clone(),
                state: it
                    .state
                    .parse::<State>()
                    .map_err(|state| SeedError::State { item, state })?,
                value: it.value,
                effort: it.effort,
            };
            let (from, case) = derived.get(&n).map_or((None, None), |&p| {
                (Some(portfolio[p].0), portfolio[p].1.as_deref())
            });
            let id = insert_derived(&tx, &new, key, from, case)?;
            ids.push(id.0);
            if !it.acceptance.is_empty() || !it.source.is_empty() {
                tx.execute(
                    "UPDATE items SET acceptance = ?1, source = ?2 WHERE id = ?3",
                    params![it.acceptance, it.source, id.0],
                )?;
            }
            // Ticks before plans: a plan then copies the ticks once (migration 19).
            for point in &it.dor {
                tx.prepare_cached(
                    "INSERT OR IGNORE INTO item_dor(item_id, point) VALUES (?1, ?2)",
                )?
                .execute(params![id.0, point])?;
            }
            for label in &it.releases {
                let rid = releases
                    .get(label)
                    .ok_or_else(|| SeedError::UnknownRelease {
                        item,
                        label: label.clone(),
                    })?;
                tx.prepare_cached(
                    "INSERT INTO item_releases(item_id, release_id) VALUES (?1, ?2)",
                )?
                .execute(params![id.0, rid])?;
            }
            for label in crate::domain::label::clean_labels(&it.labels)? {
                tx.prepare_cached("INSERT INTO item_labels(item_id, label) VALUES (?1, ?2)")?
                    .execute(params![id.0, label])?;
            }
            for name in &it.requested_by {
                let sid = stakeholders
                    .get(name)
                    .ok_or_else(|| SeedError::UnknownStakeholder {
                        item,
                        name: name.clone(),
                    })?;
                tx.prepare_cached(
                    "INSERT INTO item_requesters(item_id, stakeholder_id) VALUES (?1, ?2)",
                )?
                .execute(params![id.0, sid])?;
            }
        }
        let mut team_keys: HashMap<String, Option<String>> = HashMap::new();
        for (n, t) in seed.team_items.iter().enumerate() {
            let team_item = n + 1;
            let parent =
                t.parent
                    .checked_sub(1)
                    .and_then(|i| ids.get(i))
                    .ok_or(SeedError::NoParent {
                        team_item,
                        parent: t.parent,
                    })?;
            let team_id: i64 = tx
                .prepare_cached("SELECT id FROM teams WHERE code = ?1")?
                .query_row([&t.team], |r| r.get(0))
                .optional()?
                .ok_or_else(|| SeedError::UnknownTeam {
                    team_item,
                    team: t.team.clone(),
                })?;
            let item_type: crate::domain::team::ItemType = t
                .item_type
                .parse()
                .map_err(|reason| SeedError::ItemType { team_item, reason })?;
            let state: crate::domain::team::TeamState = t
                .state
                .parse()
                .map_err(|reason| SeedError::TeamState { team_item, reason })?;
            let last = team_keys.entry(t.team.clone()).or_insert(None);
            let key = rank::between(last.as_deref(), None)?;
            *last = Some(key.clone());
            tx.prepare_cached(
                "INSERT INTO team_items(parent_id, team_id, title, type, state, effort, team_rank,
                 description) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                parent,
                team_id,
                t.title,
                item_type.as_str(),
                state.as_str(),
                t.effort,
                key,
                t.description
            ])?;
        }
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO changes(at, who, command, item_id, summary) VALUES (?1, ?2, 'import', ?3, ?4)",
            )?;
            for c in &seed.history {
                let id = ids.get(c.item).ok_or(SeedError::History {
                    item: c.item + 1,
                    count: ids.len(),
                })?;
                stmt.execute(params![c.at, c.who, id, c.summary])?;
            }
            tx.execute_batch(
                "INSERT OR IGNORE INTO change_objects(object, change_id)
                 SELECT 'item:' || item_id, id FROM changes
                 WHERE command = 'import' AND item_id IS NOT NULL",
            )?;
        }
        record(
            &tx,
            Entry {
                who,
                command: "init",
                item_id: None,
                summary: format!("Loaded a cluster of {} items", seed.items.len()),
                rows: Vec::new(),
            },
        )?;
        tx.commit()?;
        Ok(())
    }
}
