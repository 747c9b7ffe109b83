//! Teams: adding, listing, renaming and removing them.

use rusqlite::{OptionalExtension, Row, params};

use super::change::{Entry, record};
use super::error::printable;
use super::journal::{Journal, Table};
use super::row::points_at;
use super::{Result, Store, TeamError};
use crate::domain::team::{Team, clean_code};

/// A team as the user describes it.
/// What `edit_team` changes; `None` leaves a field as it is, `Some(None)`
/// clears an optional one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TeamEdit {
    pub code: Option<String>,
    pub name: Option<String>,
    pub product_owner: Option<Option<String>>,
    pub capacity: Option<Option<u32>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewTeam {
    pub code: String,
    pub name: String,
    pub product_owner: Option<String>,
    pub capacity: Option<u32>,
}

fn team_from_row(r: &Row<'_>) -> rusqlite::Result<Team> {
    Ok(Team {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        product_owner: r.get(3)?,
        capacity: points_at(r, 4)?,
    })
}

const TEAM_COLUMNS: &str = "id, code, name, product_owner, capacity";

impl Store {
    pub fn teams(&self) -> Result<Vec<Team>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {TEAM_COLUMNS} FROM teams ORDER BY code"))?;
        let rows = stmt.query_map([], team_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The team with this code, or an error that lists the codes there are.
    pub fn team(&self, code: &str) -> Result<Team> {
        let wanted = code.trim().to_ascii_uppercase();
        let found = self
            .conn
            .prepare_cached(&format!("SELECT {TEAM_COLUMNS} FROM teams WHERE code = ?1"))?
            .query_row([&wanted], team_from_row)
            .optional()?;
        if let Some(t) = found {
            Ok(t)
        } else {
            let known = self.teams()?.into_iter().map(|t| t.code).collect();
            Err(TeamError::Unknown {
                code: wanted,
                known,
            }
            .into())
        }
    }

    pub fn add_team(&mut self, new: &NewTeam, who: &str) -> Result<Team> {
        let code = clean_code(&new.code).map_err(TeamError::BadCode)?;
        let name = new.name.trim();
        printable("team name", name)?;
        if let Some(o) = &new.product_owner {
            printable("product owner", o)?;
        }
        if name.is_empty() {
            return Err(TeamError::EmptyName.into());
        }
        let tx = self.begin()?;
        let exists: bool = tx.query_row(
            "SELECT EXISTS(SELECT 1 FROM teams WHERE code = ?1)",
            [&code],
            |r| r.get(0),
        )?;
        if exists {
            return Err(TeamError::Duplicate(code).into());
        }
        tx.execute(
            "INSERT INTO teams(code, name, product_owner, capacity) VALUES (?1, ?2, ?3, ?4)",
            params![code, name, new.product_owner, new.capacity],
        )?;
        let mut journal = Journal::default();
        journal.created_id(Table::Teams, tx.last_insert_rowid());
        record(
            &tx,
            Entry {
                who,
                command: "team-add",
                item_id: None,
                summary: format!("Added team {code} ({name})"),
                rows: journal.finish(&tx)?,
            },
        )?;
        tx.commit()?;
        self.team(&code)
    }

    /// Renames a team, its code, or both.
    pub fn rename_team(
        &mut self,
        code: &str,
        new_code: Option<&str>,
        new_name: Option<&str>,
        who: &str,
    ) -> Result<Team> {
        self.edit_team(
            code,
            &TeamEdit {
                code: new_code.map(str::to_string),
                name: new_name.map(str::to_string),
                ..TeamEdit::default()
            },
            who,
        )
    }

    /// Changes a team's code, name, product owner or capacity; logged, undoable.
    pub fn edit_team(&mut self, code: &str, edit: &TeamEdit, who: &str) -> Result<Team> {
        let team = self.team(code)?;
        let (new_code, new_name) = (edit.code.as_deref(), edit.name.as_deref());
        let to_code = match new_code {
            Some(c) => clean_code(c).map_err(TeamError::BadCode)?,
            None => team.code.clone(),
        };
        let to_name = new_name.map_or(team.name.clone(), |n| n.trim().to_string());
        printable("team name", &to_name)?;
        if let Some(Some(o)) = &edit.product_owner {
            printable("product owner", o)?;
        }
        if to_name.is_empty() {
            return Err(TeamError::EmptyName.into());
        }
        if to_code != team.code && self.team(&to_code).is_ok() {
            return Err(TeamError::Duplicate(to_code).into());
        }
        let tx = self.begin()?;
        let mut journal = Journal::default();
        journal.watch_id(&tx, Table::Teams, team.id)?;
        let owner = edit
            .product_owner
            .as_ref()
            .map(|o| o.as_deref().map(str::trim).filter(|o| !o.is_empty()));
        tx.execute(
            "UPDATE teams SET code = ?1, name = ?2,
             product_owner = CASE WHEN ?3 THEN ?4 ELSE product_owner END,
             capacity = CASE WHEN ?5 THEN ?6 ELSE capacity END WHERE id = ?7",
            params![
                to_code,
                to_name,
                owner.is_some(),
                owner.flatten(),
                edit.capacity.is_some(),
                edit.capacity.flatten(),
                team.id
            ],
        )?;
        let mut what = Vec::new();
        if to_code != team.code || to_name != team.name {
            what.push(format!("renamed to {to_code} ({to_name})"));
        }
        if let Some(o) = &owner {
            what.push(format!("product owner {}", o.unwrap_or("none")));
        }
        if let Some(c) = edit.capacity {
            what.push(match c {
                Some(c) => format!("capacity {c}"),
                None => "capacity cleared".to_string(),
            });
        }
        let rows = journal.finish(&tx)?;
        if rows.is_empty() {
            drop(tx);
            return self.team(&team.code);
        }
        record(
            &tx,
            Entry {
                who,
                command: "team-edit",
                item_id: None,
                summary: format!(
                    "Edited team {} ({}): {}",
                    team.code,
                    team.name,
                    what.join(", ")
                ),
                rows,
            },
        )?;
        tx.commit()?;
        self.team(&to_code)
    }

    /// Removes a team with no open items; its done items stay with their parents.
    pub fn remove_team(&mut self, code: &str, who: &str) -> Result<usize> {
        let team = self.team(code)?;
        let tx = self.begin()?;
        let (open, done): (i64, i64) = tx.query_row(
            "SELECT COALESCE(sum(state != 'done'), 0), COALESCE(sum(state = 'done'), 0)
             FROM team_items WHERE team_id = ?1",
            [team.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if open > 0 {
            return Err(TeamError::OpenItems {
                code: team.code,
                open: open as usize,
            }
            .into());
        }
        // Its done items stay with their parents, their team cleared by the
        // foreign key: pictured first, so undo gives them their team back.
        let mut journal = Journal::default();
        journal.watch_all(&tx, Table::TeamItems, "team_id", team.id)?;
        // Its capacities set for cycles go with it; undo brings them back.
        journal.watch_all(&tx, Table::CycleCapacity, "team_id", team.id)?;
        journal.watch_id(&tx, Table::Teams, team.id)?;
        tx.execute("DELETE FROM teams WHERE id = ?1", [team.id])?;
        record(
            &tx,
            Entry {
                who,
                command: "team-remove",
                item_id: None,
                summary: format!(
                    "Removed team {} ({}); {done} done items kept",
                    team.code, team.name
                ),
                rows: journal.finish(&tx)?,
            },
        )?;
        tx.commit()?;
        Ok(done as usize)
    }
}
