//! The stable JSON export (documented in the README): a snapshot of the cluster.

use rusqlite::params;
use serde::Serialize;

use super::estimate::PokerRound;
use super::schema::SCHEMA_VERSION;
use super::{Result, Store};
use crate::domain::dor::{DorPoint, open_points};
use crate::domain::score::{self, Method};
use crate::domain::team::{Progress, TeamItem};
use crate::domain::{Kind, State};

/// Bumped only when a field changes meaning or disappears; new fields may be added.
pub const EXPORT_FORMAT: u32 = 1;

#[derive(Debug, Serialize)]
pub struct Export {
    pub format: u32,
    pub schema: usize,
    pub items: Vec<ExportItem>,
    /// Archived items: off the board and out of the order (their `rank` is 0).
    pub archived: Vec<ExportItem>,
    pub teams: Vec<ExportTeam>,
    pub releases: Vec<ExportRelease>,
    pub stakeholders: Vec<ExportStakeholder>,
    /// Cluster cycles with the capacities set for them and their items
    /// (left out while there are none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cycles: Vec<super::ExportCycle>,
    /// The whole change log, oldest first (with `--with-history`, and always
    /// for `--out FILE`): who changed what and when, and what undo needs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<Vec<ExportChange>>,
}

/// One entry of the change log as the export carries it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ExportChange {
    pub id: i64,
    pub at: String,
    pub who: String,
    pub command: String,
    pub item: Option<i64>,
    pub summary: String,
    /// Each row the change touched, before and after (changes since schema 7).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rows: Option<serde_json::Value>,
    /// The pictures of older changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<serde_json::Value>,
    /// The change that undid this one, while it stays undone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undone_by: Option<i64>,
}

#[derive(Debug, Serialize)]
pub struct ExportItem {
    pub id: i64,
    pub code: String,
    pub kind: Kind,
    pub title: String,
    pub description: String,
    pub acceptance: String,
    /// Who can be asked about it.
    pub source: String,
    pub state: State,
    pub rank: usize,
    pub value: Option<u32>,
    pub effort: Option<u32>,
    pub business_value: Option<u32>,
    pub time_criticality: Option<u32>,
    pub risk_reduction: Option<u32>,
    /// The configured score (value ÷ effort or WSJF); null when an estimate is missing.
    pub score: Option<f64>,
    /// Why there is no score, e.g. "no effort".
    pub score_missing: Option<&'static str>,
    pub dor: ExportDor,
    pub poker_rounds: Vec<PokerRound>,
    /// Codes of the teams it is split to.
    pub teams: Vec<String>,
    pub progress: Progress,
    /// Its team backlog items.
    pub children: Vec<ExportTeamItem>,
    pub releases: Vec<String>,
    pub requested_by: Vec<String>,
    pub created_at: String,
    pub updated_at: String,
    pub archived_at: Option<String>,
    /// Its key in the tool it was imported from (a Jira key), if any.
    pub external_id: Option<String>,
}

/// A team item with the key it was imported under, if any.
#[derive(Debug, Serialize)]
pub struct ExportTeamItem {
    #[serde(flatten)]
    pub item: TeamItem,
    pub external_id: Option<String>,
}

/// A release with the Definition of Done points ticked for it.
#[derive(Debug, Serialize)]
pub struct ExportRelease {
    /// Its id, which the change log's pictures name.
    pub id: i64,
    #[serde(flatten)]
    pub release: crate::domain::release::Release,
    pub dod: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct ExportDor {
    pub met: Vec<String>,
    pub open: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct ExportTeam {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub product_owner: Option<String>,
    pub capacity: Option<u32>,
    /// The team backlog in team rank order.
    pub items: Vec<ExportTeamItem>,
}

#[derive(Debug, Serialize)]
pub struct ExportStakeholder {
    pub id: i64,
    pub name: String,
    pub group: Option<String>,
    pub contact: Option<String>,
}

impl Store {
    fn export_item(
        &self,
        r: super::RankedItem,
        dor: &[DorPoint],
        method: Method,
        keys: &ExternalIds,
    ) -> Result<ExportItem> {
        let met = self.dor_met(r.item.id)?;
        let open = open_points(dor, &met)
            .into_iter()
            .map(|p| p.key.clone())
            .collect();
        let met = dor
            .iter()
            .filter(|p| met.contains(&p.key))
            .map(|p| p.key.clone())
            .collect();
        let s = score::score(&r.item.estimates(), method);
        let poker_rounds = self.poker_rounds(r.item.id)?;
        let children = self.children(r.item.id)?;
        let mut teams: Vec<String> = children.iter().filter_map(|c| c.team.clone()).collect();
        teams.sort();
        teams.dedup();
        let progress = Progress::of(&children);
        let children = children.into_iter().map(|t| keys.team_item(t)).collect();
        Ok(ExportItem {
            id: r.item.id.0,
            code: r.item.code(),
            kind: r.item.kind,
            title: r.item.title,
            description: r.item.description,
            acceptance: r.item.acceptance,
            source: r.item.source,
            state: r.item.state,
            rank: r.rank,
            value: r.item.value,
            effort: r.item.effort,
            business_value: r.item.business_value,
            time_criticality: r.item.time_criticality,
            risk_reduction: r.item.risk_reduction,
            score: s.ok(),
            score_missing: s.err().map(score::Missing::label),
            dor: ExportDor { met, open },
            poker_rounds,
            teams,
            progress,
            children,
            releases: r.releases,
            requested_by: r.requested_by,
            created_at: r.item.created_at,
            updated_at: r.item.updated_at,
            archived_at: r.item.archived_at,
            external_id: keys.items.get(&r.item.id).cloned(),
        })
    }

    pub fn export(&self, dor: &[DorPoint], method: Method) -> Result<Export> {
        let (items_keys, team_keys) = self.external_ids()?;
        let keys = ExternalIds {
            items: items_keys,
            team_items: team_keys,
        };
        let mut items = Vec::new();
        for r in self.ranked_items(None)? {
            items.push(self.export_item(r, dor, method, &keys)?);
        }
        let mut archived = Vec::new();
        for item in self.archived_items()? {
            let detail = self.item_detail(item.id, 0)?;
            let r = super::RankedItem {
                rank: 0,
                item,
                releases: detail.releases,
                requested_by: detail.requested_by,
            };
            archived.push(self.export_item(r, dor, method, &keys)?);
        }
        let with_key = |t: TeamItem| keys.team_item(t);
        let mut teams = Vec::new();
        for t in self.teams()? {
            let items = self
                .team_backlog(t.id, 0, i64::MAX as usize)?
                .into_iter()
                .map(|r| with_key(r.item))
                .collect();
            teams.push(ExportTeam {
                id: t.id,
                code: t.code,
                name: t.name,
                product_owner: t.product_owner,
                capacity: t.capacity,
                items,
            });
        }
        // Each release with its state, when it reached it and who accepted it.
        let releases = self
            .releases()?
            .into_iter()
            .map(|release| {
                Ok(ExportRelease {
                    id: release.id,
                    dod: self.release_dod(&release)?,
                    release,
                })
            })
            .collect::<Result<_>>()?;
        let stakeholders = self
            .conn
            .prepare("SELECT id, name, grp, contact FROM stakeholders ORDER BY name")?
            .query_map(params![], |r| {
                Ok(ExportStakeholder {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    group: r.get(2)?,
                    contact: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Export {
            format: EXPORT_FORMAT,
            schema: SCHEMA_VERSION,
            items,
            archived,
            teams,
            releases,
            stakeholders,
            cycles: self.export_cycles()?,
            history: None,
        })
    }

    /// The whole change log, oldest first, for the export.
    pub fn change_log(&self) -> Result<Vec<ExportChange>> {
        let json = |t: Option<String>| t.and_then(|t| serde_json::from_str(&t).ok());
        let mut stmt = self.conn.prepare(
            "SELECT id, at, who, command, item_id, summary, rows, before, after, undone_by
             FROM changes ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ExportChange {
                id: r.get(0)?,
                at: r.get(1)?,
                who: r.get(2)?,
                command: r.get(3)?,
                item: r.get(4)?,
                summary: r.get(5)?,
                rows: json(r.get(6)?),
                before: json(r.get(7)?),
                after: json(r.get(8)?),
                undone_by: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// The keys imported items had in the tool they came from.
struct ExternalIds {
    items: std::collections::HashMap<crate::domain::ItemId, String>,
    team_items: std::collections::HashMap<i64, String>,
}

impl ExternalIds {
    fn team_item(&self, t: TeamItem) -> ExportTeamItem {
        ExportTeamItem {
            external_id: self.team_items.get(&t.id).cloned(),
            item: t,
        }
    }
}
