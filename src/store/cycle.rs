//! Cluster cycles: adding, editing and closing them, each team's capacity
//! for one, pulling cluster items into one, and the load and cut line that
//! follow. Every write is one logged, undoable change.

use std::collections::BTreeMap;

use rusqlite::{OptionalExtension, Row, params};

use super::change::{Entry, record};
use super::error::printable;
use super::journal::{Journal, Table, key};
use super::{Result, Store};
use crate::domain::cycle::{Cycle, CycleShape, TeamLoad, clean_name, shares};
use crate::domain::release::clean_date;
use crate::domain::{ItemId, State};

#[derive(Debug, thiserror::Error)]
pub enum CycleError {
    #[error("there is a cycle {0:?} already: give this one another name")]
    Taken(String),
    #[error("{0}")]
    BadName(String),
    #[error("{0}")]
    BadDate(String),
    #[error("a cycle needs at least one iteration of at least one week")]
    Empty,
    #[error("no cycle {name:?}: {}", known_list(known))]
    Unknown { name: String, known: Vec<String> },
    #[error("cycle {0} is closed already")]
    Closed(String),
    #[error(
        "there is no open cycle: add one with `cycle add NAME --start YYYY-MM-DD` (or :cycle add on the board)"
    )]
    NoneOpen,
}

fn known_list(known: &[String]) -> String {
    if known.is_empty() {
        "there are no cycles yet: add one with `cycle add NAME --start YYYY-MM-DD`".to_string()
    } else {
        format!("the cycles are {}", known.join(", "))
    }
}

/// A new cycle as the user describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCycle {
    pub name: String,
    pub start: String,
    pub shape: CycleShape,
}

/// What `edit_cycle` changes; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CycleEdit {
    pub name: Option<String>,
    pub start: Option<String>,
    pub iterations: Option<u32>,
    pub iteration_weeks: Option<u32>,
    pub inter_weeks: Option<u32>,
}

/// A team's capacity for one cycle, and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CycleCapacity {
    pub team_id: i64,
    pub code: String,
    /// For the whole cycle; `None` when the team has no capacity set.
    pub points: Option<u32>,
    /// Set for this cycle (`cycle capacity`), not worked out.
    pub edited: bool,
}

/// A cycle's plan: each team's load against its capacity, and the load of
/// items not split to any team yet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CycleLoad {
    pub teams: Vec<TeamLoad>,
    /// Effort of items in the cycle that have no team items.
    pub unsplit: u32,
    pub items: usize,
}

impl CycleLoad {
    pub fn load(&self) -> u32 {
        self.teams.iter().map(|t| t.load).sum::<u32>() + self.unsplit
    }

    pub fn capacity(&self) -> u32 {
        self.teams.iter().filter_map(|t| t.capacity).sum()
    }

    /// `PAY 41/34 ‼ over · APP 20/40 · unsplit 8`.
    pub fn label(&self) -> String {
        let mut parts: Vec<String> = self.teams.iter().map(TeamLoad::label).collect();
        if self.unsplit > 0 {
            parts.push(format!("unsplit {}", self.unsplit));
        }
        parts.join(" · ")
    }
}

/// A cycle as the JSON export carries it, and reads it back: its shape,
/// the capacities set for it by team code, and its items by code.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExportCycle {
    pub id: i64,
    pub name: String,
    pub start: String,
    pub iterations: u32,
    pub iteration_weeks: u32,
    pub inter_weeks: u32,
    pub closed_at: Option<String>,
    #[serde(default)]
    pub capacity: Vec<ExportCapacity>,
    #[serde(default)]
    pub items: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExportCapacity {
    pub team: String,
    pub points: u32,
}

/// Where the backlog's cut line falls for a cycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CutLine {
    pub cycle: String,
    pub capacity: u32,
    /// Points of the items above the line.
    pub used: u32,
    /// The first item that does not fit, and its rank key: it and every
    /// item after it in the cluster order stand below the line.
    pub cut: Option<(ItemId, String)>,
}

impl CutLine {
    /// Whether an item with this rank key stands below the line.
    pub fn below(&self, rank_key: &str) -> bool {
        self.cut
            .as_ref()
            .is_some_and(|(_, k)| rank_key >= k.as_str())
    }
}

const COLUMNS: &str = "id, name, start_date, iterations, iteration_weeks, inter_weeks, closed_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Cycle> {
    Ok(Cycle {
        id: r.get(0)?,
        name: r.get(1)?,
        start: r.get(2)?,
        iterations: r.get(3)?,
        iteration_weeks: r.get(4)?,
        inter_weeks: r.get(5)?,
        closed_at: r.get(6)?,
    })
}

/// A team and its estimated points under an item, from `team_id,
/// sum(effort), count(effort)` at `col`: `None` when nothing is estimated.
fn team_estimate_at(r: &Row<'_>, col: usize) -> rusqlite::Result<(i64, Option<u32>)> {
    let n: i64 = r.get(col + 2)?;
    let sum: Option<i64> = r.get(col + 1)?;
    Ok((
        r.get(col)?,
        (n > 0).then(|| u32::try_from(sum.unwrap_or(0)).unwrap_or(u32::MAX)),
    ))
}

fn team_estimate(r: &Row<'_>) -> rusqlite::Result<(i64, Option<u32>)> {
    team_estimate_at(r, 0)
}

fn check_shape(shape: CycleShape) -> Result<()> {
    if shape.iterations == 0 || shape.iteration_weeks == 0 {
        return Err(CycleError::Empty.into());
    }
    Ok(())
}

impl Store {
    /// Today, YYYY-MM-DD (pinned in tests).
    pub fn today(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("SELECT COALESCE(?1, date('now'))", [&self.today], |r| {
                r.get(0)
            })?)
    }

    /// Every cycle, by start date.
    pub fn cycles(&self) -> Result<Vec<Cycle>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM cycles ORDER BY start_date, name"
        ))?;
        let rows = stmt.query_map([], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The cycle with this name, or an error that lists the names there are.
    pub fn cycle(&self, name: &str) -> Result<Cycle> {
        let found = self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM cycles WHERE name = ?1 COLLATE NOCASE"
            ))?
            .query_row([name.trim()], from_row)
            .optional()?;
        match found {
            Some(c) => Ok(c),
            None => Err(CycleError::Unknown {
                name: name.trim().to_string(),
                known: self.cycles()?.into_iter().map(|c| c.name).collect(),
            }
            .into()),
        }
    }

    /// The cycle the board plans for today (see [`crate::domain::cycle::current`]).
    pub fn current_cycle(&self) -> Result<Option<Cycle>> {
        let today = self.today()?;
        Ok(crate::domain::cycle::current(&self.cycles()?, &today).cloned())
    }

    /// The cycle named, or the current one.
    pub fn cycle_or_current(&self, name: Option<&str>) -> Result<Cycle> {
        match name {
            Some(n) => self.cycle(n),
            None => self
                .current_cycle()?
                .ok_or_else(|| CycleError::NoneOpen.into()),
        }
    }

    pub fn add_cycle(&mut self, new: &NewCycle, who: &str) -> Result<Cycle> {
        let name = clean_name(&new.name).map_err(CycleError::BadName)?;
        printable("cycle name", &name)?;
        let start = clean_date(&new.start).map_err(CycleError::BadDate)?;
        check_shape(new.shape)?;
        if self.cycle(&name).is_ok() {
            return Err(CycleError::Taken(name).into());
        }
        let tx = self.begin()?;
        tx.execute(
            "INSERT INTO cycles(name, start_date, iterations, iteration_weeks, inter_weeks)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                name,
                start,
                new.shape.iterations,
                new.shape.iteration_weeks,
                new.shape.inter_weeks
            ],
        )?;
        let mut journal = Journal::default();
        journal.created_id(Table::Cycles, tx.last_insert_rowid());
        record(
            &tx,
            Entry {
                who,
                command: "cycle-add",
                item_id: None,
                summary: format!(
                    "Added cycle {name} from {start}: {} iterations of {} weeks and {} inter-cycle week{}",
                    new.shape.iterations,
                    new.shape.iteration_weeks,
                    new.shape.inter_weeks,
                    if new.shape.inter_weeks == 1 { "" } else { "s" }
                ),
                rows: journal.finish(&tx)?,
            },
        )?;
        tx.commit()?;
        self.cycle(&name)
    }

    /// Changes a cycle's name, start or shape; logged, undoable.
    pub fn edit_cycle(&mut self, name: &str, edit: &CycleEdit, who: &str) -> Result<Cycle> {
        let c = self.cycle(name)?;
        let to_name = match &edit.name {
            Some(n) => clean_name(n).map_err(CycleError::BadName)?,
            None => c.name.clone(),
        };
        printable("cycle name", &to_name)?;
        if to_name != c.name
            && let Ok(other) = self.cycle(&to_name)
            && other.id != c.id
        {
            return Err(CycleError::Taken(to_name).into());
        }
        let start = match &edit.start {
            Some(s) => clean_date(s).map_err(CycleError::BadDate)?,
            None => c.start.clone(),
        };
        let shape = CycleShape {
            iterations: edit.iterations.unwrap_or(c.iterations),
            iteration_weeks: edit.iteration_weeks.unwrap_or(c.iteration_weeks),
            inter_weeks: edit.inter_weeks.unwrap_or(c.inter_weeks),
        };
        check_shape(shape)?;
        let tx = self.begin()?;
        let mut journal = Journal::default();
        journal.watch_id(&tx, Table::Cycles, c.id)?;
        tx.execute(
            "UPDATE cycles SET name = ?1, start_date = ?2, iterations = ?3,
             iteration_weeks = ?4, inter_weeks = ?5 WHERE id = ?6",
            params![
                to_name,
                start,
                shape.iterations,
                shape.iteration_weeks,
                shape.inter_weeks,
                c.id
            ],
        )?;
        let rows = journal.finish(&tx)?;
        if rows.is_empty() {
            drop(tx);
            return Ok(c);
        }
        let mut what = Vec::new();
        if to_name != c.name {
            what.push(format!("renamed to {to_name}"));
        }
        if start != c.start {
            what.push(format!("starts {start}"));
        }
        if shape.iterations != c.iterations
            || shape.iteration_weeks != c.iteration_weeks
            || shape.inter_weeks != c.inter_weeks
        {
            what.push(format!(
                "{} iterations of {} weeks and {} inter-cycle weeks",
                shape.iterations, shape.iteration_weeks, shape.inter_weeks
            ));
        }
        record(
            &tx,
            Entry {
                who,
                command: "cycle-edit",
                item_id: None,
                summary: format!("Edited cycle {}: {}", c.name, what.join(", ")),
                rows,
            },
        )?;
        tx.commit()?;
        self.cycle(&to_name)
    }

    /// Closes a cycle: it stays for the reports, and is no longer planned into.
    pub fn close_cycle(&mut self, name: &str, who: &str) -> Result<Cycle> {
        let c = self.cycle(name)?;
        if !c.is_open() {
            return Err(CycleError::Closed(c.name).into());
        }
        let tx = self.begin()?;
        let mut journal = Journal::default();
        journal.watch_id(&tx, Table::Cycles, c.id)?;
        tx.execute(
            "UPDATE cycles SET closed_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?1",
            [c.id],
        )?;
        let open: i64 = tx.query_row(
            "SELECT COUNT(*) FROM cycle_items ci JOIN live_items i ON i.id = ci.item_id
             WHERE ci.cycle_id = ?1 AND i.state NOT IN ('done', 'released')",
            [c.id],
            |r| r.get(0),
        )?;
        record(
            &tx,
            Entry {
                who,
                command: "cycle-close",
                item_id: None,
                summary: format!(
                    "Closed cycle {}; {open} of its items are not done (plan them into the next cycle)",
                    c.name
                ),
                rows: journal.finish(&tx)?,
            },
        )?;
        tx.commit()?;
        self.cycle(&c.name)
    }

    /// Each team's capacity for a cycle: as set for it, else the team's
    /// capacity per iteration × the iterations.
    pub fn cycle_capacities(&self, cycle: &Cycle) -> Result<Vec<CycleCapacity>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.id, t.code, t.capacity, cc.points FROM teams t
             LEFT JOIN cycle_capacity cc ON cc.team_id = t.id AND cc.cycle_id = ?1
             ORDER BY t.code",
        )?;
        let rows = stmt.query_map([cycle.id], |r| {
            let per: Option<u32> = super::row::points_at(r, 2)?;
            let set: Option<u32> = super::row::points_at(r, 3)?;
            Ok(CycleCapacity {
                team_id: r.get(0)?,
                code: r.get(1)?,
                points: set.or(per.map(|p| p * cycle.iterations)),
                edited: set.is_some(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Sets a team's capacity for a cycle (`None`: back to capacity ×
    /// iterations); logged, undoable.
    pub fn set_cycle_capacity(
        &mut self,
        cycle: &str,
        team: &str,
        points: Option<u32>,
        who: &str,
    ) -> Result<CycleCapacity> {
        let c = self.cycle(cycle)?;
        let t = self.team(team)?;
        let tx = self.begin()?;
        let mut journal = Journal::default();
        journal.watch(
            &tx,
            Table::CycleCapacity,
            key(&[("cycle_id", c.id.into()), ("team_id", t.id.into())]),
        )?;
        match points {
            Some(p) => tx.execute(
                "INSERT INTO cycle_capacity(cycle_id, team_id, points) VALUES (?1, ?2, ?3)
                 ON CONFLICT(cycle_id, team_id) DO UPDATE SET points = excluded.points",
                params![c.id, t.id, p],
            )?,
            None => tx.execute(
                "DELETE FROM cycle_capacity WHERE cycle_id = ?1 AND team_id = ?2",
                params![c.id, t.id],
            )?,
        };
        let rows = journal.finish(&tx)?;
        if rows.is_empty() {
            drop(tx);
        } else {
            let summary = match points {
                Some(p) => format!(
                    "Set {}'s capacity in cycle {} to {p} points",
                    t.code, c.name
                ),
                None => format!(
                    "Put {}'s capacity in cycle {} back to its capacity × {} iterations",
                    t.code, c.name, c.iterations
                ),
            };
            record(
                &tx,
                Entry {
                    who,
                    command: "cycle-capacity",
                    item_id: None,
                    summary,
                    rows,
                },
            )?;
            tx.commit()?;
        }
        let all = self.cycle_capacities(&c)?;
        all.into_iter().find(|x| x.team_id == t.id).ok_or_else(|| {
            super::TeamError::Unknown {
                code: t.code,
                known: Vec::new(),
            }
            .into()
        })
    }

    /// The cycle an item is planned into, if any.
    pub fn item_cycle(&self, id: ItemId) -> Result<Option<Cycle>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {} FROM cycles c JOIN cycle_items ci ON ci.cycle_id = c.id
                 WHERE ci.item_id = ?1",
                COLUMNS
                    .split(", ")
                    .map(|col| format!("c.{col}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))?
            .query_row([id.0], from_row)
            .optional()?)
    }

    /// Pulls an item into a cycle (out of any other), or takes it out with
    /// `None`; logged, undoable. Returns the sentence the log keeps, or
    /// `None` when nothing changed.
    pub fn plan_cycle(
        &mut self,
        id: ItemId,
        cycle: Option<&str>,
        who: &str,
    ) -> Result<Option<String>> {
        let item = self.item(id)?;
        let target = cycle.map(|n| self.cycle(n)).transpose()?;
        if let Some(c) = &target
            && !c.is_open()
        {
            return Err(CycleError::Closed(c.name.clone()).into());
        }
        let before = self.item_cycle(id)?;
        let tx = self.begin()?;
        let mut journal = Journal::default();
        journal.watch(&tx, Table::CycleItems, key(&[("item_id", id.0.into())]))?;
        match &target {
            Some(c) => tx.execute(
                "INSERT INTO cycle_items(item_id, cycle_id) VALUES (?1, ?2)
                 ON CONFLICT(item_id) DO UPDATE SET cycle_id = excluded.cycle_id",
                params![id.0, c.id],
            )?,
            None => tx.execute("DELETE FROM cycle_items WHERE item_id = ?1", [id.0])?,
        };
        let rows = journal.finish(&tx)?;
        if rows.is_empty() {
            return Ok(None);
        }
        let code = item.code();
        let title = &item.title;
        let summary = match (&before, &target) {
            (Some(b), Some(c)) => format!(
                "Moved {code} \"{title}\" from cycle {} to cycle {}",
                b.name, c.name
            ),
            (None, Some(c)) => format!("Pulled {code} \"{title}\" into cycle {}", c.name),
            (Some(b), None) => format!("Took {code} \"{title}\" out of cycle {}", b.name),
            (None, None) => return Ok(None),
        };
        record(
            &tx,
            Entry {
                who,
                command: "cycle-plan",
                item_id: Some(id),
                summary: summary.clone(),
                rows,
            },
        )?;
        tx.commit()?;
        Ok(Some(summary))
    }

    /// Every cycle for the JSON export.
    pub fn export_cycles(&self) -> Result<Vec<ExportCycle>> {
        let mut out = Vec::new();
        for c in self.cycles()? {
            let capacity = self
                .cycle_capacities(&c)?
                .into_iter()
                .filter(|x| x.edited)
                .filter_map(|x| {
                    x.points.map(|points| ExportCapacity {
                        team: x.code,
                        points,
                    })
                })
                .collect();
            let mut items = Vec::new();
            for id in self.cycle_items(&c)? {
                items.push(self.item(id)?.code());
            }
            out.push(ExportCycle {
                id: c.id,
                name: c.name,
                start: c.start,
                iterations: c.iterations,
                iteration_weeks: c.iteration_weeks,
                inter_weeks: c.inter_weeks,
                closed_at: c.closed_at,
                capacity,
                items,
            });
        }
        Ok(out)
    }

    /// The items planned into a cycle, in cluster rank order.
    pub fn cycle_items(&self, cycle: &Cycle) -> Result<Vec<ItemId>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT i.id FROM cycle_items ci JOIN live_items i ON i.id = ci.item_id
             WHERE ci.cycle_id = ?1 ORDER BY i.rank",
        )?;
        let rows = stmt.query_map([cycle.id], |r| Ok(ItemId(r.get(0)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Each team's load in a cycle against its capacity: the effort of its
    /// team items under the cycle's items, or, where a team's items under an
    /// item have no estimate, its even share of the item's effort.
    pub fn cycle_load(&self, cycle: &Cycle) -> Result<CycleLoad> {
        let capacities = self.cycle_capacities(cycle)?;
        let mut items: Vec<(i64, Option<u32>)> = Vec::new();
        {
            let mut stmt = self.conn.prepare_cached(
                "SELECT i.id, i.effort FROM cycle_items ci JOIN live_items i ON i.id = ci.item_id
                 WHERE ci.cycle_id = ?1",
            )?;
            for r in stmt.query_map([cycle.id], |r| {
                Ok((r.get(0)?, super::row::points_at(r, 1)?))
            })? {
                items.push(r?);
            }
        }
        // Per item, per team (in code order): the estimated points, if any.
        let mut split: BTreeMap<i64, Vec<(i64, Option<u32>)>> = BTreeMap::new();
        {
            let mut stmt = self.conn.prepare_cached(
                "SELECT ti.parent_id, ti.team_id, sum(ti.effort), count(ti.effort)
                 FROM cycle_items ci JOIN team_items ti ON ti.parent_id = ci.item_id
                 JOIN teams t ON t.id = ti.team_id
                 WHERE ci.cycle_id = ?1 GROUP BY ti.parent_id, ti.team_id
                 ORDER BY ti.parent_id, t.code",
            )?;
            for r in stmt.query_map([cycle.id], |r| {
                let (team, est) = team_estimate_at(r, 1)?;
                Ok((r.get::<_, i64>(0)?, team, est))
            })? {
                let (parent, team, est) = r?;
                split.entry(parent).or_default().push((team, est));
            }
        }
        let mut load: BTreeMap<i64, u32> = BTreeMap::new();
        let mut unsplit = 0;
        for (id, effort) in &items {
            match split.get(id) {
                Some(teams) => {
                    for (team, points) in shares(*effort, teams) {
                        *load.entry(team).or_default() += points;
                    }
                }
                None => unsplit += effort.unwrap_or(0),
            }
        }
        Ok(CycleLoad {
            teams: capacities
                .into_iter()
                .map(|c| TeamLoad {
                    load: load.get(&c.team_id).copied().unwrap_or(0),
                    code: c.code,
                    capacity: c.points,
                })
                .collect(),
            unsplit,
            items: items.len(),
        })
    }

    /// Where the cut line falls in the cluster backlog for a cycle: walking
    /// the cluster rank from the top over the open items and the items in
    /// the cycle (Done and Released items of no cycle take no capacity),
    /// the first whose points no longer fit what is left of the cluster's
    /// capacity. An item's points are its teams' loads (as in
    /// [`Store::cycle_load`]), or its effort while it is not split.
    pub fn cut_line(&self, cycle: &Cycle) -> Result<CutLine> {
        let capacity: u32 = self
            .cycle_capacities(cycle)?
            .iter()
            .filter_map(|c| c.points)
            .sum();
        let mut stmt = self.conn.prepare_cached(
            "SELECT i.id, i.rank, i.state, i.effort,
                EXISTS (SELECT 1 FROM team_items t WHERE t.parent_id = i.id AND t.team_id IS NOT NULL),
                EXISTS (SELECT 1 FROM cycle_items c WHERE c.item_id = i.id AND c.cycle_id = ?1)
             FROM live_items i ORDER BY i.rank",
        )?;
        let mut split = self.conn.prepare_cached(
            "SELECT ti.team_id, sum(ti.effort), count(ti.effort) FROM team_items ti
             JOIN teams t ON t.id = ti.team_id WHERE ti.parent_id = ?1
             GROUP BY ti.team_id ORDER BY t.code",
        )?;
        let mut rows = stmt.query([cycle.id])?;
        let mut used: u32 = 0;
        while let Some(r) = rows.next()? {
            let state: State = super::row::parsed_at(r, 2)?;
            let in_cycle: bool = r.get(5)?;
            if state >= State::Done && !in_cycle {
                continue;
            }
            let id: i64 = r.get(0)?;
            let effort = super::row::points_at(r, 3)?;
            let has_teams: bool = r.get(4)?;
            let size = if has_teams {
                let teams = split
                    .query_map([id], team_estimate)?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                shares(effort, &teams).iter().map(|&(_, p)| p).sum()
            } else {
                effort.unwrap_or(0)
            };
            if u64::from(used) + u64::from(size) > u64::from(capacity) {
                return Ok(CutLine {
                    cycle: cycle.name.clone(),
                    capacity,
                    used,
                    cut: Some((ItemId(id), r.get(1)?)),
                });
            }
            used += size;
        }
        Ok(CutLine {
            cycle: cycle.name.clone(),
            capacity,
            used,
            cut: None,
        })
    }
}
