//! The stable JSON export (documented in the README): a snapshot of the
//! cluster. The types here are the document's shape; `export_read` reads it
//! from the file one row at a time and `export_json` writes it while it reads,
//! so the `export` command's memory does not grow with the backlog.
//! [`Store::export`] gathers the same document in memory, for the stakeholder
//! site and small clusters.

use serde::Serialize;

use super::estimate::PokerRound;
use super::schema::SCHEMA_VERSION;
use super::{Result, Store, StoreError};
use crate::domain::business::BusinessCase;
use crate::domain::dor::DorPoint;
use crate::domain::portfolio::Rollup;
use crate::domain::score::Method;
use crate::domain::team::{Progress, TeamItem};
use crate::domain::{Kind, State};

/// Bumped only when a field changes meaning or disappears; new fields may be added.
pub const EXPORT_FORMAT: u32 = 1;

#[derive(Debug, Serialize)]
pub struct Export {
    pub format: u32,
    pub schema: usize,
    /// The portfolio backlog in portfolio rank, then its archived items.
    pub portfolio: Vec<ExportPortfolioItem>,
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

/// A portfolio item with how far its derived work is. `D` is the list of its
/// derived items' codes: a `Vec` in memory, read while written when streamed.
#[derive(Debug, Serialize)]
pub struct ExportPortfolioItem<D = Vec<String>> {
    pub id: i64,
    /// `P-3`.
    pub code: String,
    pub kind: String,
    pub title: String,
    pub description: String,
    /// The portfolio owner.
    pub owner: String,
    pub value: Option<u32>,
    /// Its key on the portfolio Kanban.
    pub state: String,
    /// The 1-based place in the portfolio rank; 0 once archived.
    pub rank: usize,
    pub business_case: Option<BusinessCase>,
    /// Its derived items' progress, counted through to their team items.
    pub rollup: Rollup,
    /// Codes of the cluster items derived from it (not archived), in cluster rank.
    pub derived: D,
    pub created_at: String,
    pub updated_at: String,
    pub archived_at: Option<String>,
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
    /// Its labels, sorted without regard to case (`sprint:NAME` for a Jira sprint).
    pub labels: Vec<String>,
    pub created_at: String,
    pub updated_at: String,
    pub archived_at: Option<String>,
    /// Its key in the tool it was imported from (a Jira key), if any.
    pub external_id: Option<String>,
    /// The portfolio item it is derived from (`P-3`), if any.
    pub portfolio: Option<String>,
    pub business_case: Option<BusinessCase>,
    /// A knowledge gap's weighted questions; left out for other kinds.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<crate::domain::question::Question>,
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

/// A team with its backlog: `I` is a `Vec` in memory, read while written when
/// streamed.
#[derive(Debug, Serialize)]
pub struct ExportTeam<I = Vec<ExportTeamItem>> {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub product_owner: Option<String>,
    pub capacity: Option<u32>,
    /// The team backlog in team rank order.
    pub items: I,
}

#[derive(Debug, Serialize)]
pub struct ExportStakeholder {
    pub id: i64,
    pub name: String,
    pub group: Option<String>,
    pub contact: Option<String>,
}

impl Store {
    /// The whole export in memory, without the change log (the stakeholder
    /// site, tests and small clusters; the `export` command streams it with
    /// [`Store::write_export_json`]).
    pub fn export(&self, dor: &[DorPoint], method: Method) -> Result<Export> {
        let mut portfolio = Vec::new();
        self.export_portfolio(
            |id| {
                let mut codes = Vec::new();
                self.export_derived(id, |c| {
                    codes.push(c);
                    Ok::<(), StoreError>(())
                })?;
                Ok(codes)
            },
            |p| {
                portfolio.push(p);
                Ok::<(), StoreError>(())
            },
        )?;
        let mut items = Vec::new();
        self.export_items(dor, method, |it| {
            items.push(it);
            Ok::<(), StoreError>(())
        })?;
        let mut archived = Vec::new();
        self.export_archived(dor, method, |it| {
            archived.push(it);
            Ok::<(), StoreError>(())
        })?;
        let mut teams = Vec::new();
        for t in self.teams()? {
            let mut items = Vec::new();
            self.export_team_items(t.id, |it| {
                items.push(it);
                Ok::<(), StoreError>(())
            })?;
            teams.push(ExportTeam {
                id: t.id,
                code: t.code,
                name: t.name,
                product_owner: t.product_owner,
                capacity: t.capacity,
                items,
            });
        }
        Ok(Export {
            format: EXPORT_FORMAT,
            schema: SCHEMA_VERSION,
            portfolio,
            items,
            archived,
            teams,
            releases: self.export_releases()?,
            stakeholders: self.export_stakeholders()?,
            cycles: self.export_cycles()?,
            history: None,
        })
    }

    /// The whole change log, oldest first, in memory.
    pub fn change_log(&self) -> Result<Vec<ExportChange>> {
        let mut log = Vec::new();
        self.export_history(|c| {
            log.push(c);
            Ok::<(), StoreError>(())
        })?;
        Ok(log)
    }
}
