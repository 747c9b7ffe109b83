//! The stable JSON export (documented in the README): a snapshot of the cluster.

use rusqlite::params;
use serde::Serialize;

use super::estimate::PokerRound;
use super::row::{
    DOR_OF, ITEM_COLUMNS, ITEM_WIDTH, RELEASES_OF, REQUESTERS_OF, item_from_row, labels,
};
use super::schema::SCHEMA_VERSION;
use super::{Result, Store, StoreError};
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
    pub teams: Vec<ExportTeam>,
    pub releases: Vec<crate::domain::release::Release>,
    pub stakeholders: Vec<ExportStakeholder>,
}

#[derive(Debug, Serialize)]
pub struct ExportItem {
    pub id: i64,
    pub code: String,
    pub kind: Kind,
    pub title: String,
    pub description: String,
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
    pub children: Vec<TeamItem>,
    pub releases: Vec<String>,
    pub requested_by: Vec<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Serialize)]
pub struct ExportDor {
    pub met: Vec<String>,
    pub open: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct ExportTeam {
    pub code: String,
    pub name: String,
    pub product_owner: Option<String>,
    pub capacity: Option<u32>,
    /// The team backlog in team rank order.
    pub items: Vec<TeamItem>,
}

#[derive(Debug, Serialize)]
pub struct ExportStakeholder {
    pub name: String,
    pub group: Option<String>,
    pub contact: Option<String>,
}

impl Store {
    /// Calls `each` with every item in rank order, as the export holds it,
    /// reading one item at a time: memory does not grow with the backlog.
    /// Releases, requesters and `DoR` ticks come with each row; team items
    /// and poker rounds are read only for the items that have any.
    pub fn export_items<E: From<StoreError>>(
        &self,
        dor: &[DorPoint],
        method: Method,
        mut each: impl FnMut(ExportItem) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let with_children = self.ids_in("SELECT DISTINCT parent_id FROM team_items")?;
        let with_rounds = self.ids_in("SELECT DISTINCT item_id FROM poker_rounds")?;
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT {ITEM_COLUMNS}, {RELEASES_OF}, {REQUESTERS_OF}, {DOR_OF}
                 FROM items ORDER BY rank"
            ))
            .map_err(StoreError::from)?;
        let mut rows = stmt.query([]).map_err(StoreError::from)?;
        let mut rank = 0;
        while let Some(r) = rows.next().map_err(StoreError::from)? {
            rank += 1;
            let read = || -> rusqlite::Result<_> {
                Ok((
                    item_from_row(r)?,
                    labels(r.get(ITEM_WIDTH)?),
                    labels(r.get(ITEM_WIDTH + 1)?),
                    labels(r.get(ITEM_WIDTH + 2)?),
                ))
            };
            let (item, releases, requested_by, met) = read().map_err(StoreError::from)?;
            let children = if with_children.binary_search(&item.id.0).is_ok() {
                self.children(item.id)?
            } else {
                Vec::new()
            };
            let poker_rounds = if with_rounds.binary_search(&item.id.0).is_ok() {
                self.poker_rounds(item.id)?
            } else {
                Vec::new()
            };
            each(export_item(
                item,
                rank,
                dor,
                method,
                ExportParts {
                    releases,
                    requested_by,
                    met,
                    children,
                    poker_rounds,
                },
            ))?;
        }
        Ok(())
    }

    /// The ids a query selects, sorted.
    fn ids_in(&self, sql: &str) -> Result<Vec<i64>> {
        let mut ids: Vec<i64> = self
            .conn
            .prepare(sql)?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.sort_unstable();
        Ok(ids)
    }

    fn export_stakeholders(&self) -> Result<Vec<ExportStakeholder>> {
        Ok(self
            .conn
            .prepare("SELECT name, grp, contact FROM stakeholders ORDER BY name")?
            .query_map(params![], |r| {
                Ok(ExportStakeholder {
                    name: r.get(0)?,
                    group: r.get(1)?,
                    contact: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The whole export in memory (for tests and small clusters; the
    /// `export` command streams it with [`Store::write_export_json`]).
    pub fn export(&self, dor: &[DorPoint], method: Method) -> Result<Export> {
        let mut items = Vec::new();
        self.export_items(dor, method, |it| {
            items.push(it);
            Ok::<(), StoreError>(())
        })?;
        let mut teams = Vec::new();
        for t in self.teams()? {
            let items = self.team_items_of(t.id)?;
            teams.push(ExportTeam {
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
            items,
            teams,
            releases: self.releases()?,
            stakeholders: self.export_stakeholders()?,
        })
    }

    fn team_items_of(&self, team: i64) -> Result<Vec<TeamItem>> {
        Ok(self
            .team_backlog(team, 0, i64::MAX as usize)?
            .into_iter()
            .map(|r| r.item)
            .collect())
    }

    /// Writes the export as JSON (the layout of [`Export`], pretty-printed)
    /// while reading it: one item, and one team's backlog, at a time.
    pub fn write_export_json(
        &self,
        dor: &[DorPoint],
        method: Method,
        out: &mut dyn std::io::Write,
    ) -> serde_json::Result<()> {
        serde_json::to_writer_pretty(
            out,
            &Streamed {
                store: self,
                dor,
                method,
            },
        )
    }
}

/// What hangs off an item in the export, read beside it.
struct ExportParts {
    releases: Vec<String>,
    requested_by: Vec<String>,
    met: Vec<String>,
    children: Vec<TeamItem>,
    poker_rounds: Vec<PokerRound>,
}

fn export_item(
    item: crate::domain::Item,
    rank: usize,
    dor: &[DorPoint],
    method: Method,
    parts: ExportParts,
) -> ExportItem {
    let open = open_points(dor, &parts.met)
        .into_iter()
        .map(|p| p.key.clone())
        .collect();
    let met = dor
        .iter()
        .filter(|p| parts.met.contains(&p.key))
        .map(|p| p.key.clone())
        .collect();
    let s = score::score(&item.estimates(), method);
    let mut teams: Vec<String> = parts
        .children
        .iter()
        .filter_map(|c| c.team.clone())
        .collect();
    teams.sort();
    teams.dedup();
    let progress = Progress::of(&parts.children);
    ExportItem {
        id: item.id.0,
        code: item.code(),
        kind: item.kind,
        title: item.title,
        description: item.description,
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
        poker_rounds: parts.poker_rounds,
        teams,
        progress,
        children: parts.children,
        releases: parts.releases,
        requested_by: parts.requested_by,
        created_at: item.created_at,
        updated_at: item.updated_at,
    }
}

/// The export as serde sees it, read from the store while it is written.
struct Streamed<'a> {
    store: &'a Store,
    dor: &'a [DorPoint],
    method: Method,
}

/// The items, serialised one by one as they are read.
struct StreamedItems<'a>(&'a Streamed<'a>);

/// The teams, each with its backlog read as it is written.
struct StreamedTeams<'a>(&'a Store);

fn failed<E: serde::ser::Error>(e: &StoreError) -> E {
    E::custom(e)
}

impl Serialize for Streamed<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Export", 6)?;
        st.serialize_field("format", &EXPORT_FORMAT)?;
        st.serialize_field("schema", &SCHEMA_VERSION)?;
        st.serialize_field("items", &StreamedItems(self))?;
        st.serialize_field("teams", &StreamedTeams(self.store))?;
        st.serialize_field("releases", &self.store.releases().map_err(|e| failed(&e))?)?;
        st.serialize_field(
            "stakeholders",
            &self.store.export_stakeholders().map_err(|e| failed(&e))?,
        )?;
        st.end()
    }
}

/// Carries a serialiser's error through `export_items`.
enum Stop<E> {
    Store(StoreError),
    Write(E),
}

impl<E> From<StoreError> for Stop<E> {
    fn from(e: StoreError) -> Self {
        Stop::Store(e)
    }
}

impl Serialize for StreamedItems<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let Streamed { store, dor, method } = self.0;
        let mut seq = s.serialize_seq(None)?;
        let written = store.export_items(dor, *method, |it| {
            seq.serialize_element(&it).map_err(Stop::Write)
        });
        match written {
            Ok(()) => seq.end(),
            Err(Stop::Write(e)) => Err(e),
            Err(Stop::Store(e)) => Err(failed(&e)),
        }
    }
}

impl Serialize for StreamedTeams<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let teams = self.0.teams().map_err(|e| failed(&e))?;
        let mut seq = s.serialize_seq(Some(teams.len()))?;
        for t in teams {
            let id = t.id;
            seq.serialize_element(&ExportTeam {
                code: t.code,
                name: t.name,
                product_owner: t.product_owner,
                capacity: t.capacity,
                items: self.0.team_items_of(id).map_err(|e| failed(&e))?,
            })?;
        }
        seq.end()
    }
}
