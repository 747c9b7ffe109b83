//! Team backlog items: splitting a cluster item, each team's own order, the
//! team flow (todo → doing → done), moving between teams and parents.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::change::{Entry, record};
use super::journal::{Journal, Table};
use super::row::{live, parsed_at, points_at};
use super::{Result, Store, TeamError};
use crate::domain::item::clean_title;
use crate::domain::team::{NewTeamItem, TeamItem, TeamItemRef, TeamState};
use crate::domain::{ItemId, Kind, rank};

/// Where a team item goes in its team's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TeamPlacement {
    Top,
    Bottom,
    Before(i64),
    After(i64),
}

/// A team item with its 1-based place in its team's backlog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamRow {
    pub rank: usize,
    pub item: TeamItem,
}

pub(super) const COLUMNS: &str =
    "t.id, t.parent_id, i.kind, substr(i.title, 1, 500), t.team_id, tm.code, t.title, t.type,
     t.state, t.effort, t.team_rank, t.description";
/// How many columns `COLUMNS` selects; extra columns follow it.
pub(super) const WIDTH: usize = 12;
pub(super) const FROM: &str = "team_items t JOIN items i ON i.id = t.parent_id
     LEFT JOIN teams tm ON tm.id = t.team_id";

pub(super) fn from_row(r: &Row<'_>) -> rusqlite::Result<TeamItem> {
    let kind: Kind = parsed_at(r, 2)?;
    let parent_id: i64 = r.get(1)?;
    Ok(TeamItem {
        id: r.get(0)?,
        parent_id,
        parent: crate::domain::item::code(kind, ItemId(parent_id)),
        parent_title: r.get(3)?,
        team_id: r.get(4)?,
        team: r.get(5)?,
        title: r.get(6)?,
        item_type: parsed_at(r, 7)?,
        state: parsed_at(r, 8)?,
        effort: points_at(r, 9)?,
        team_rank: r.get(10)?,
        description: r.get(11)?,
    })
}

fn get_team_item(conn: &Connection, id: i64) -> Result<TeamItem> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM {FROM} WHERE t.id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or(TeamError::NoTeamItem(id).into())
}

fn last_key(conn: &Connection, team_id: i64) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT max(team_rank) FROM team_items WHERE team_id = ?1")?
        .query_row([team_id], |r| r.get(0))?)
}

impl Store {
    pub fn team_item(&self, id: i64) -> Result<TeamItem> {
        get_team_item(&self.conn, id)
    }

    /// Finds the team item a user named (`PAY-23` or `23`), checking the team.
    pub fn resolve_team_item(&self, r: &TeamItemRef) -> Result<TeamItem> {
        let it = get_team_item(&self.conn, r.id)?;
        if let Some(team) = &r.team
            && it.team.as_deref() != Some(team.as_str())
        {
            return Err(TeamError::WrongTeam {
                given: format!("{team}-{}", r.id),
                actual: it.code(),
            }
            .into());
        }
        Ok(it)
    }

    /// Splits a cluster item into team items, all or none.
    pub fn split(&mut self, parent: ItemId, new: &[NewTeamItem], who: &str) -> Result<Vec<i64>> {
        if new.is_empty() {
            return Err(TeamError::EmptySplit.into());
        }
        let teams = new
            .iter()
            .map(|n| self.team(&n.team))
            .collect::<Result<Vec<_>>>()?;
        let titles = new
            .iter()
            .map(|n| clean_title(&n.title))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let tx = self.begin()?;
        let parent_item = live(&tx, parent)?;
        let mut ids = Vec::new();
        let mut journal = Journal::default();
        for ((n, team), title) in new.iter().zip(&teams).zip(&titles) {
            let key = rank::between(last_key(&tx, team.id)?.as_deref(), None)?;
            tx.execute(
                "INSERT INTO team_items(parent_id, team_id, title, type, effort, team_rank)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    parent.0,
                    team.id,
                    title,
                    n.item_type.as_str(),
                    n.effort,
                    key
                ],
            )?;
            ids.push(tx.last_insert_rowid());
            journal.created_id(Table::TeamItems, tx.last_insert_rowid());
        }
        let codes: Vec<&str> = teams.iter().map(|t| t.code.as_str()).collect();
        record(
            &tx,
            Entry {
                who,
                command: "split",
                item_id: Some(parent),
                summary: format!(
                    "Split {} \"{}\" into {} team item{} for {}",
                    parent_item.code(),
                    parent_item.title,
                    ids.len(),
                    if ids.len() == 1 { "" } else { "s" },
                    codes.join(", ")
                ),
                rows: journal.finish(&tx)?,
            },
        )?;
        tx.commit()?;
        Ok(ids)
    }

    /// How many items a team's backlog holds.
    pub fn team_item_count(&self, team_id: i64) -> Result<usize> {
        let n: i64 = self
            .conn
            .prepare_cached("SELECT COUNT(*) FROM team_items WHERE team_id = ?1")?
            .query_row([team_id], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// A window of a team's backlog in team rank order.
    pub fn team_backlog(&self, team_id: i64, offset: usize, limit: usize) -> Result<Vec<TeamRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM {FROM} WHERE t.team_id = ?1
             ORDER BY t.team_rank LIMIT ?2 OFFSET ?3"
        ))?;
        let rows = stmt.query_map(params![team_id, limit as i64, offset as i64], from_row)?;
        let mut out = Vec::new();
        for (i, r) in rows.enumerate() {
            out.push(TeamRow {
                rank: offset + i + 1,
                item: r?,
            });
        }
        Ok(out)
    }

    /// The 0-based place of a team item in its team's backlog.
    pub fn team_index(&self, id: i64) -> Result<usize> {
        let it = get_team_item(&self.conn, id)?;
        let n: i64 = self
            .conn
            .prepare_cached(
                "SELECT COUNT(*) FROM team_items WHERE team_id IS ?1 AND team_rank < ?2",
            )?
            .query_row(params![it.team_id, it.team_rank], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// The team items split out of a cluster item, by team then team rank.
    pub fn children(&self, parent: ItemId) -> Result<Vec<TeamItem>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM {FROM} WHERE t.parent_id = ?1 ORDER BY tm.code, t.team_rank"
        ))?;
        let rows = stmt.query_map([parent.0], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn change_team_item(
        &mut self,
        id: i64,
        command: &str,
        summary: impl FnOnce(&TeamItem) -> String,
        apply: impl FnOnce(&Connection, &TeamItem) -> Result<()>,
        who: &str,
    ) -> Result<TeamItem> {
        let tx = self.begin()?;
        let before_item = get_team_item(&tx, id)?;
        live(&tx, ItemId(before_item.parent_id))?;
        let mut journal = Journal::default();
        journal.watch_id(&tx, Table::TeamItems, id)?;
        apply(&tx, &before_item)?;
        tx.execute(
            "UPDATE team_items SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?1",
            [id],
        )?;
        let after_item = get_team_item(&tx, id)?;
        record(
            &tx,
            Entry {
                who,
                command,
                item_id: Some(ItemId(after_item.parent_id)),
                summary: summary(&after_item),
                rows: journal.finish(&tx)?,
            },
        )?;
        tx.commit()?;
        Ok(after_item)
    }

    /// Changes a team item's title, effort, type or description in one
    /// logged, undoable step; `effort: Some(None)` clears the estimate.
    pub fn edit_team_item(
        &mut self,
        id: i64,
        title: Option<&str>,
        effort: Option<Option<u32>>,
        item_type: Option<crate::domain::team::ItemType>,
        description: Option<&str>,
        who: &str,
    ) -> Result<TeamItem> {
        let title = title.map(clean_title).transpose()?;
        let description = description.map(|d| d.trim().replace("\r\n", "\n"));
        let before = self.team_item(id)?.description;
        self.change_team_item(
            id,
            "team-edit",
            |t| {
                let effort = t
                    .effort
                    .map_or_else(|| "no effort".into(), |e| format!("{e} points"));
                let described = if t.description == before {
                    ""
                } else if t.description.is_empty() {
                    ", description cleared"
                } else {
                    ", description"
                };
                format!(
                    "Edited {} \"{}\" ({}, {effort}{described})",
                    t.code(),
                    t.title,
                    t.item_type
                )
            },
            |c, _| {
                if let Some(d) = &description {
                    c.execute(
                        "UPDATE team_items SET description = ?1 WHERE id = ?2",
                        params![d, id],
                    )?;
                }
                if let Some(t) = &title {
                    c.execute(
                        "UPDATE team_items SET title = ?1 WHERE id = ?2",
                        params![t, id],
                    )?;
                }
                if let Some(e) = effort {
                    c.execute(
                        "UPDATE team_items SET effort = ?1 WHERE id = ?2",
                        params![e, id],
                    )?;
                }
                if let Some(t) = item_type {
                    c.execute(
                        "UPDATE team_items SET type = ?1 WHERE id = ?2",
                        params![t.as_str(), id],
                    )?;
                }
                Ok(())
            },
            who,
        )
    }

    pub fn set_team_state(&mut self, id: i64, to: TeamState, who: &str) -> Result<TeamItem> {
        self.change_team_item(
            id,
            "team-state",
            |t| format!("Moved {} \"{}\" to {}", t.code(), t.title, to.label()),
            |c, _| {
                c.execute(
                    "UPDATE team_items SET state = ?1 WHERE id = ?2",
                    params![to.as_str(), id],
                )?;
                Ok(())
            },
            who,
        )
    }

    /// Reprioritises a team item within its team: one new key.
    pub fn rank_team_item(&mut self, id: i64, to: TeamPlacement, who: &str) -> Result<TeamItem> {
        self.change_team_item(
            id,
            "team-rank",
            |t| {
                format!(
                    "Reprioritised {} \"{}\" in team {}",
                    t.code(),
                    t.title,
                    t.team.as_deref().unwrap_or("-")
                )
            },
            |c, it| {
                const BELOW: &str = "SELECT team_rank FROM team_items WHERE team_id IS ?1
                    AND team_rank < ?2 AND id != ?3 ORDER BY team_rank DESC LIMIT 1";
                const ABOVE: &str = "SELECT team_rank FROM team_items WHERE team_id IS ?1
                    AND team_rank > ?2 AND id != ?3 ORDER BY team_rank ASC LIMIT 1";
                let neighbour = |sql: &str, key: &str| -> Result<Option<String>> {
                    Ok(c.prepare_cached(sql)?
                        .query_row(params![it.team_id, key, id], |r| r.get(0))
                        .optional()?)
                };
                let key_of = |other: i64| -> Result<String> {
                    let o = get_team_item(c, other)?;
                    if o.team_id != it.team_id {
                        return Err(TeamError::OtherTeam {
                            item: it.code(),
                            other: o.code(),
                        }
                        .into());
                    }
                    Ok(o.team_rank)
                };
                let (low, high) = match to {
                    TeamPlacement::Top => (None, neighbour(ABOVE, "")?),
                    TeamPlacement::Bottom => (neighbour(BELOW, "\u{7f}")?, None),
                    TeamPlacement::Before(o) => {
                        let k = key_of(o)?;
                        (neighbour(BELOW, &k)?, Some(k))
                    }
                    TeamPlacement::After(o) => {
                        let k = key_of(o)?;
                        (Some(k.clone()), neighbour(ABOVE, &k)?)
                    }
                };
                if let Some(key) = rank::moved(&it.team_rank, low.as_deref(), high.as_deref())? {
                    c.execute(
                        "UPDATE team_items SET team_rank = ?1 WHERE id = ?2",
                        params![key, id],
                    )?;
                }
                Ok(())
            },
            who,
        )
    }

    /// Moves a team item to the bottom of another team's backlog.
    pub fn move_to_team(&mut self, id: i64, code: &str, who: &str) -> Result<TeamItem> {
        let team = self.team(code)?;
        self.change_team_item(
            id,
            "team-move",
            |t| format!("Moved {} \"{}\" to team {}", t.code(), t.title, team.code),
            |c, _| {
                let key = rank::between(last_key(c, team.id)?.as_deref(), None)?;
                c.execute(
                    "UPDATE team_items SET team_id = ?1, team_rank = ?2 WHERE id = ?3",
                    params![team.id, key, id],
                )?;
                Ok(())
            },
            who,
        )
    }

    /// Hangs a team item under another cluster item.
    pub fn reparent(&mut self, id: i64, parent: ItemId, who: &str) -> Result<TeamItem> {
        let new_parent = live(&self.conn, parent)?;
        self.change_team_item(
            id,
            "team-reparent",
            |t| {
                format!(
                    "Moved {} \"{}\" under {}",
                    t.code(),
                    t.title,
                    new_parent.code()
                )
            },
            |c, _| {
                c.execute(
                    "UPDATE team_items SET parent_id = ?1 WHERE id = ?2",
                    params![parent.0, id],
                )?;
                Ok(())
            },
            who,
        )
    }
}
