//! Reading the export one row at a time: each reader hands every item,
//! portfolio item, team item or change to a callback as it comes off its
//! query, so neither the JSON nor the CSV export holds the backlog in memory.
//! A callback's own error (a failed write) stops the read and comes back as
//! it was.

use rusqlite::{Row, params};

use super::export::{
    ExportChange, ExportDor, ExportItem, ExportPortfolioItem, ExportRelease, ExportStakeholder,
    ExportTeamItem,
};
use super::row::{
    DOR_OF, ITEM_COLUMNS, ITEM_WIDTH, RELEASES_OF, REQUESTERS_OF, item_from_row, labels, parsed_at,
};
use super::{Result, Store, StoreError};
use crate::domain::dor::{DorPoint, open_points};
use crate::domain::portfolio::PortfolioId;
use crate::domain::score::{self, Method};
use crate::domain::team::Progress;
use crate::domain::{ItemId, Kind};

/// A database error in the callback's error type.
fn db<E: From<StoreError>>(e: rusqlite::Error) -> E {
    StoreError::from(e).into()
}

/// What an item row brings beside the item: its releases, requesters, met
/// `DoR` keys and outside key, and whether it has team items or poker rounds
/// (read only for the items that do).
const ITEM_EXTRAS: &str = "external_id,
     EXISTS (SELECT 1 FROM team_items WHERE parent_id = items.id),
     EXISTS (SELECT 1 FROM poker_rounds WHERE item_id = items.id)";

impl Store {
    /// Every item on the board, in cluster rank order, as the export holds it.
    pub fn export_items<E: From<StoreError>>(
        &self,
        dor: &[DorPoint],
        method: Method,
        each: impl FnMut(ExportItem) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        self.export_item_rows(
            &format!(
                "SELECT {ITEM_COLUMNS}, {RELEASES_OF}, {REQUESTERS_OF}, {DOR_OF}, {ITEM_EXTRAS}
                 FROM live_items items ORDER BY rank"
            ),
            true,
            dor,
            method,
            each,
        )
    }

    /// Every archived item, the last archived first; their `rank` is 0.
    pub fn export_archived<E: From<StoreError>>(
        &self,
        dor: &[DorPoint],
        method: Method,
        each: impl FnMut(ExportItem) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        self.export_item_rows(
            &format!(
                "SELECT {ITEM_COLUMNS}, {RELEASES_OF}, {REQUESTERS_OF}, {DOR_OF}, {ITEM_EXTRAS}
                 FROM items WHERE archived_at IS NOT NULL ORDER BY archived_at DESC, id"
            ),
            false,
            dor,
            method,
            each,
        )
    }

    fn export_item_rows<E: From<StoreError>>(
        &self,
        sql: &str,
        ranked: bool,
        dor: &[DorPoint],
        method: Method,
        mut each: impl FnMut(ExportItem) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut stmt = self.conn.prepare(sql).map_err(db)?;
        let mut rows = stmt.query([]).map_err(db)?;
        let mut rank = 0;
        while let Some(r) = rows.next().map_err(db)? {
            let row = ItemRow::read(r).map_err(db)?;
            if ranked {
                rank += 1;
            }
            let children = if row.has_children {
                self.export_children(row.item.id)?
            } else {
                Vec::new()
            };
            let poker_rounds = if row.has_rounds {
                self.poker_rounds(row.item.id)?
            } else {
                Vec::new()
            };
            each(export_item(row, rank, dor, method, children, poker_rounds))?;
        }
        Ok(())
    }

    /// An item's team items, by team and then team rank.
    fn export_children(&self, parent: ItemId) -> Result<Vec<ExportTeamItem>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {}, t.external_id FROM {} WHERE t.parent_id = ?1 ORDER BY tm.code, t.team_rank",
            super::team_item::COLUMNS,
            super::team_item::FROM
        ))?;
        let rows = stmt.query_map([parent.0], team_item_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A team's backlog in team rank order.
    pub fn export_team_items<E: From<StoreError>>(
        &self,
        team: i64,
        mut each: impl FnMut(ExportTeamItem) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {}, t.external_id FROM {} WHERE t.team_id = ?1 ORDER BY t.team_rank",
                super::team_item::COLUMNS,
                super::team_item::FROM
            ))
            .map_err(db)?;
        let mut rows = stmt.query([team]).map_err(db)?;
        while let Some(r) = rows.next().map_err(db)? {
            each(team_item_row(r).map_err(db)?)?;
        }
        Ok(())
    }

    /// The portfolio in portfolio rank, then its archived items (rank 0) in
    /// the order they had. `derived` gives each item's list of derived codes:
    /// read at once, or a reader the JSON export runs while it writes.
    pub fn export_portfolio<D, E: From<StoreError>>(
        &self,
        derived: impl Fn(PortfolioId) -> std::result::Result<D, E>,
        mut each: impl FnMut(ExportPortfolioItem<D>) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        for archived in [false, true] {
            let mut stmt = self
                .conn
                .prepare_cached(&format!(
                    "SELECT {} FROM portfolio_items WHERE (archived_at IS NOT NULL) = ?1
                     ORDER BY rank",
                    super::portfolio::COLUMNS
                ))
                .map_err(db)?;
            let mut rows = stmt.query([archived]).map_err(db)?;
            let mut rank = 0;
            while let Some(r) = rows.next().map_err(db)? {
                let p = super::portfolio::from_row(r).map_err(db)?;
                if !archived {
                    rank += 1;
                }
                each(ExportPortfolioItem {
                    id: p.id.0,
                    code: p.code(),
                    rollup: self.rollup(p.id)?,
                    derived: derived(p.id)?,
                    kind: p.kind,
                    title: p.title,
                    description: p.description,
                    owner: p.owner,
                    value: p.value,
                    state: p.state,
                    rank,
                    business_case: p.business_case,
                    created_at: p.created_at,
                    updated_at: p.updated_at,
                    archived_at: p.archived_at,
                })?;
            }
        }
        Ok(())
    }

    /// Codes of the items on the board derived from a portfolio item, in
    /// cluster rank.
    pub fn export_derived<E: From<StoreError>>(
        &self,
        of: PortfolioId,
        mut each: impl FnMut(String) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, kind FROM live_items WHERE portfolio_id = ?1 ORDER BY rank")
            .map_err(db)?;
        let mut rows = stmt.query([of.0]).map_err(db)?;
        while let Some(r) = rows.next().map_err(db)? {
            let id = ItemId(r.get(0).map_err(db)?);
            let kind: Kind = parsed_at(r, 1).map_err(db)?;
            each(crate::domain::item::code(kind, id))?;
        }
        Ok(())
    }

    /// The change log, oldest first.
    pub fn export_history<E: From<StoreError>>(
        &self,
        mut each: impl FnMut(ExportChange) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let json = |t: Option<String>| t.and_then(|t| serde_json::from_str(&t).ok());
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, at, who, command, item_id, summary, rows, before, after, undone_by
                 FROM changes ORDER BY id",
            )
            .map_err(db)?;
        let mut rows = stmt.query([]).map_err(db)?;
        while let Some(r) = rows.next().map_err(db)? {
            let read = || -> rusqlite::Result<ExportChange> {
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
            };
            each(read().map_err(db)?)?;
        }
        Ok(())
    }

    /// Each release with its state, when it reached it, who accepted it and
    /// its ticked Definition of Done.
    pub fn export_releases(&self) -> Result<Vec<ExportRelease>> {
        self.releases()?
            .into_iter()
            .map(|release| {
                Ok(ExportRelease {
                    id: release.id,
                    dod: self.release_dod(&release)?,
                    release,
                })
            })
            .collect()
    }

    pub fn export_stakeholders(&self) -> Result<Vec<ExportStakeholder>> {
        Ok(self
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
            .collect::<rusqlite::Result<_>>()?)
    }
}

fn team_item_row(r: &Row<'_>) -> rusqlite::Result<ExportTeamItem> {
    Ok(ExportTeamItem {
        item: super::team_item::from_row(r)?,
        external_id: r.get(super::team_item::WIDTH)?,
    })
}

/// One row of the export's item query.
struct ItemRow {
    item: crate::domain::Item,
    releases: Vec<String>,
    requested_by: Vec<String>,
    met: Vec<String>,
    external_id: Option<String>,
    has_children: bool,
    has_rounds: bool,
}

impl ItemRow {
    fn read(r: &Row<'_>) -> rusqlite::Result<ItemRow> {
        Ok(ItemRow {
            item: item_from_row(r)?,
            releases: labels(r.get(ITEM_WIDTH)?),
            requested_by: labels(r.get(ITEM_WIDTH + 1)?),
            met: labels(r.get(ITEM_WIDTH + 2)?),
            external_id: r.get(ITEM_WIDTH + 3)?,
            has_children: r.get(ITEM_WIDTH + 4)?,
            has_rounds: r.get(ITEM_WIDTH + 5)?,
        })
    }
}

fn export_item(
    row: ItemRow,
    rank: usize,
    dor: &[DorPoint],
    method: Method,
    children: Vec<ExportTeamItem>,
    poker_rounds: Vec<crate::store::PokerRound>,
) -> ExportItem {
    let ItemRow {
        item,
        releases,
        requested_by,
        met,
        external_id,
        ..
    } = row;
    let open = open_points(dor, &met)
        .into_iter()
        .map(|p| p.key.clone())
        .collect();
    let met = dor
        .iter()
        .filter(|p| met.contains(&p.key))
        .map(|p| p.key.clone())
        .collect();
    let s = score::score(&item.estimates(), method);
    let mut teams: Vec<String> = children
        .iter()
        .filter_map(|c| c.item.team.clone())
        .collect();
    teams.sort();
    teams.dedup();
    let progress = Progress::of(children.iter().map(|c| &c.item));
    ExportItem {
        id: item.id.0,
        code: item.code(),
        kind: item.kind,
        title: item.title,
        description: item.description,
        acceptance: item.acceptance,
        source: item.source,
        state: item.state,
        rank,
        value: item.value,
        effort: item.effort,
        business_value: item.business_value,
        time_criticality: item.time_criticality,
        risk_reduction: item.risk_reduction,
        score: s.ok(),
        score_missing: s.err().map(score::Missing::label),
        dor: ExportDor { met, open },
        poker_rounds,
        teams,
        progress,
        children,
        releases,
        requested_by,
        created_at: item.created_at,
        updated_at: item.updated_at,
        archived_at: item.archived_at,
        external_id,
        portfolio: item.portfolio.map(PortfolioId::code),
        business_case: item.business_case,
    }
}
