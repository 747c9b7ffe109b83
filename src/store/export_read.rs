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
use super::row::{ITEM_COLUMNS, ITEM_WIDTH, item_from_row, parsed_at};
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

/// Which items an export reads and in what order, both on `items i`. The
/// items come off one query; their team items, releases, requesters and met
/// `DoR` keys off one query each that walks the same items in the same order
/// (`CROSS JOIN` keeps the items outside, walked by their index, so only
/// each item's own few rows are sorted): cursors side by side, so no item
/// costs a query of its own.
struct Selection {
    filter: &'static str,
    order: &'static str,
}

const LIVE: Selection = Selection {
    filter: "i.archived_at IS NULL",
    order: "i.rank",
};

const ARCHIVED: Selection = Selection {
    filter: "i.archived_at IS NOT NULL",
    order: "i.archived_at DESC, i.id",
};

impl Selection {
    /// The items, with their outside key and whether they have poker rounds
    /// (read only for the items that do).
    fn items(&self) -> String {
        format!(
            "SELECT {ITEM_COLUMNS}, external_id,
                    EXISTS (SELECT 1 FROM poker_rounds WHERE item_id = i.id)
             FROM items i WHERE {} ORDER BY {}",
            self.filter, self.order
        )
    }

    /// Their team items, by team and team rank.
    fn children(&self) -> String {
        format!(
            "SELECT {}, t.external_id
             FROM items i CROSS JOIN team_items t ON t.parent_id = i.id
             LEFT JOIN teams tm ON tm.id = t.team_id
             WHERE {} ORDER BY {}, tm.code, t.team_rank",
            TEAM_ITEM_COLUMNS, self.filter, self.order
        )
    }

    /// `Pro 2.1`: the releases each is planned into, by date.
    fn releases(&self) -> String {
        format!(
            "SELECT i.id, r.variant || ' ' || r.version
             FROM items i CROSS JOIN item_releases ir ON ir.item_id = i.id
             CROSS JOIN releases r ON r.id = ir.release_id
             WHERE {} ORDER BY {}, r.target_date, r.variant, ir.release_id",
            self.filter, self.order
        )
    }

    /// The stakeholders who asked for each, by name.
    fn requesters(&self) -> String {
        format!(
            "SELECT i.id, s.name
             FROM items i CROSS JOIN item_requesters q ON q.item_id = i.id
             CROSS JOIN stakeholders s ON s.id = q.stakeholder_id
             WHERE {} ORDER BY {}, s.name, q.stakeholder_id",
            self.filter, self.order
        )
    }

    /// The labels of each, by label.
    fn labels(&self) -> String {
        format!(
            "SELECT i.id, l.label FROM items i CROSS JOIN item_labels l ON l.item_id = i.id
             WHERE {} ORDER BY {}, l.label",
            self.filter, self.order
        )
    }

    /// The `DoR` points each meets.
    fn dor(&self) -> String {
        format!(
            "SELECT i.id, d.point FROM items i CROSS JOIN item_dor d ON d.item_id = i.id
             WHERE {} ORDER BY {}",
            self.filter, self.order
        )
    }
}

/// `team_item::COLUMNS` without the parent's title, which the export does
/// not write (it names the parent by its code).
const TEAM_ITEM_COLUMNS: &str = "t.id, t.parent_id, i.kind, '', t.team_id, tm.code, t.title,
     t.type, t.state, t.effort, t.team_rank, t.description";

/// A query beside the items' own, each row an item's id and one text, in
/// the items' order: each item takes the rows at its head that are its own.
struct Side<'s> {
    rows: rusqlite::Rows<'s>,
    next: Option<(i64, String)>,
}

impl<'s> Side<'s> {
    fn new(mut rows: rusqlite::Rows<'s>) -> rusqlite::Result<Side<'s>> {
        let next = Side::head(&mut rows)?;
        Ok(Side { rows, next })
    }

    fn head(rows: &mut rusqlite::Rows<'_>) -> rusqlite::Result<Option<(i64, String)>> {
        rows.next()?.map(|r| Ok((r.get(0)?, r.get(1)?))).transpose()
    }

    fn of(&mut self, id: i64) -> rusqlite::Result<Vec<String>> {
        let mut out = Vec::new();
        while let Some((_, text)) = self.next.take_if(|(of, _)| *of == id) {
            out.push(text);
            self.next = Side::head(&mut self.rows)?;
        }
        Ok(out)
    }
}

impl Store {
    /// Every item on the board, in cluster rank order, as the export holds it.
    pub fn export_items<E: From<StoreError>>(
        &self,
        dor: &[DorPoint],
        method: Method,
        each: impl FnMut(ExportItem) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        self.export_item_rows(&LIVE, true, dor, method, each)
    }

    /// Every archived item, the last archived first; their `rank` is 0.
    pub fn export_archived<E: From<StoreError>>(
        &self,
        dor: &[DorPoint],
        method: Method,
        each: impl FnMut(ExportItem) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        self.export_item_rows(&ARCHIVED, false, dor, method, each)
    }

    /// The items `which` selects, each with what its side queries bring.
    fn export_item_rows<E: From<StoreError>>(
        &self,
        which: &Selection,
        ranked: bool,
        dor: &[DorPoint],
        method: Method,
        mut each: impl FnMut(ExportItem) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let prepare = |sql: String| self.conn.prepare(&sql).map_err(db::<E>);
        let mut items = prepare(which.items())?;
        let mut children = prepare(which.children())?;
        let mut releases = prepare(which.releases())?;
        let mut requesters = prepare(which.requesters())?;
        let mut met = prepare(which.dor())?;
        let mut labels = prepare(which.labels())?;
        let mut rows = items.query([]).map_err(db)?;
        let mut kids = children.query([]).map_err(db)?;
        let mut next_kid = next_team_item(&mut kids).map_err(db)?;
        let mut releases = Side::new(releases.query([]).map_err(db)?).map_err(db)?;
        let mut requesters = Side::new(requesters.query([]).map_err(db)?).map_err(db)?;
        let mut met = Side::new(met.query([]).map_err(db)?).map_err(db)?;
        let mut labels = Side::new(labels.query([]).map_err(db)?).map_err(db)?;
        let mut rank = 0;
        while let Some(r) = rows.next().map_err(db)? {
            let item = item_from_row(r).map_err(db)?;
            let id = item.id.0;
            let row = ItemRow {
                releases: releases.of(id).map_err(db)?,
                requested_by: requesters.of(id).map_err(db)?,
                met: met.of(id).map_err(db)?,
                labels: labels.of(id).map_err(db)?,
                external_id: r.get(ITEM_WIDTH).map_err(db)?,
                has_rounds: r.get(ITEM_WIDTH + 1).map_err(db)?,
                item,
            };
            if ranked {
                rank += 1;
            }
            let mut children = Vec::new();
            while let Some(kid) = next_kid.take_if(|k| k.item.parent_id == id) {
                children.push(kid);
                next_kid = next_team_item(&mut kids).map_err(db)?;
            }
            let poker_rounds = if row.has_rounds {
                self.poker_rounds(row.item.id)?
            } else {
                Vec::new()
            };
            // Only knowledge gaps have questions: one read for each of those.
            let questions = if row.item.kind == crate::domain::Kind::KnowledgeGap {
                self.questions(row.item.id)?
            } else {
                Vec::new()
            };
            let mut item = export_item(row, rank, dor, method, children, poker_rounds);
            item.questions = questions;
            each(item)?;
        }
        Ok(())
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
                TEAM_ITEM_COLUMNS,
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

fn next_team_item(rows: &mut rusqlite::Rows<'_>) -> rusqlite::Result<Option<ExportTeamItem>> {
    rows.next()?.map(team_item_row).transpose()
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
    labels: Vec<String>,
    external_id: Option<String>,
    has_rounds: bool,
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
        labels,
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
        labels,
        created_at: item.created_at,
        updated_at: item.updated_at,
        archived_at: item.archived_at,
        external_id,
        portfolio: item.portfolio.map(PortfolioId::code),
        business_case: item.business_case,
        questions: Vec::new(),
    }
}
