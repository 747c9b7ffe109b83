//! Stakeholders and the items they asked for.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use serde_json::Value;

use super::change::{Entry, record};
use super::error::printable;
use super::journal::{Journal, Table, key};
use super::row::live;
use super::{Result, StakeholderError, Store};
use crate::domain::ItemId;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stakeholder {
    #[serde(skip)]
    pub id: i64,
    pub name: String,
    pub group: Option<String>,
    pub contact: Option<String>,
}

impl Store {
    pub fn stakeholders(&self) -> Result<Vec<Stakeholder>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, name, grp, contact FROM stakeholders ORDER BY name")?;
        let rows = stmt.query_map([], |r| {
            Ok(Stakeholder {
                id: r.get(0)?,
                name: r.get(1)?,
                group: r.get(2)?,
                contact: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The stakeholder with this name (any case), or an error listing the names.
    pub fn stakeholder(&self, name: &str) -> Result<Stakeholder> {
        let all = self.stakeholders()?;
        let known: Vec<String> = all.iter().map(|s| s.name.clone()).collect();
        all.into_iter()
            .find(|s| s.name.eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| {
                StakeholderError::Unknown {
                    name: name.to_string(),
                    known,
                }
                .into()
            })
    }

    pub fn add_stakeholder(
        &mut self,
        name: &str,
        group: Option<&str>,
        contact: Option<&str>,
        who: &str,
    ) -> Result<Stakeholder> {
        let name = name.trim();
        printable("stakeholder name", name)?;
        for (what, v) in [("group", group), ("contact", contact)] {
            if let Some(v) = v {
                printable(what, v)?;
            }
        }
        if name.is_empty() {
            return Err(StakeholderError::EmptyName.into());
        }
        if self.stakeholder(name).is_ok() {
            return Err(StakeholderError::Duplicate(name.to_string()).into());
        }
        let tx = self.begin()?;
        tx.execute(
            "INSERT INTO stakeholders(name, grp, contact) VALUES (?1, ?2, ?3)",
            params![name, group, contact],
        )?;
        let mut journal = Journal::default();
        journal.created_id(Table::Stakeholders, tx.last_insert_rowid());
        record(
            &tx,
            Entry {
                who,
                command: "stakeholder-add",
                item_id: None,
                summary: format!("Added stakeholder {name}"),
                rows: journal.finish(&tx)?,
            },
        )?;
        tx.commit()?;
        self.stakeholder(name)
    }

    /// Records that a stakeholder requested an item.
    pub fn add_request(&mut self, item: ItemId, stakeholder: &str, who: &str) -> Result<()> {
        let s = self.stakeholder(stakeholder)?;
        let tx = self.begin()?;
        let it = live(&tx, item)?;
        let exists = tx
            .query_row(
                "SELECT 1 FROM item_requesters WHERE item_id = ?1 AND stakeholder_id = ?2",
                params![item.0, s.id],
                |r| r.get::<_, i64>(0),
            )
            .optional()?
            .is_some();
        if !exists {
            tx.execute(
                "INSERT INTO item_requesters(item_id, stakeholder_id) VALUES (?1, ?2)",
                params![item.0, s.id],
            )?;
            let mut journal = Journal::default();
            journal.created(Table::ItemRequesters, request_key(item, s.id));
            record(
                &tx,
                Entry {
                    who,
                    command: "request",
                    item_id: Some(item),
                    summary: format!(
                        "Recorded that {} requested {} \"{}\"",
                        s.name,
                        it.code(),
                        it.title
                    ),
                    rows: journal.finish(&tx)?,
                },
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The items a stakeholder requested, in cluster rank order.
    /// Takes back a stakeholder's request for an item; logged, undoable.
    pub fn withdraw_request(&mut self, item: ItemId, stakeholder: &str, who: &str) -> Result<bool> {
        let s = self.stakeholder(stakeholder)?;
        let tx = self.begin()?;
        let it = live(&tx, item)?;
        let mut journal = Journal::default();
        journal.watch(&tx, Table::ItemRequesters, request_key(item, s.id))?;
        let n = tx.execute(
            "DELETE FROM item_requesters WHERE item_id = ?1 AND stakeholder_id = ?2",
            params![item.0, s.id],
        )?;
        if n > 0 {
            record(
                &tx,
                Entry {
                    who,
                    command: "withdraw",
                    item_id: Some(item),
                    summary: format!(
                        "Withdrew {}'s request for {} \"{}\"",
                        s.name,
                        it.code(),
                        it.title
                    ),
                    rows: journal.finish(&tx)?,
                },
            )?;
        }
        tx.commit()?;
        Ok(n > 0)
    }

    /// Renames a stakeholder or changes their group or contact; `Some(None)`
    /// clears the group or contact. Logged, undoable.
    pub fn edit_stakeholder(
        &mut self,
        name: &str,
        new_name: Option<&str>,
        group: Option<Option<&str>>,
        contact: Option<Option<&str>>,
        who: &str,
    ) -> Result<Stakeholder> {
        let s = self.stakeholder(name)?;
        let to_name = new_name.map_or(s.name.clone(), |n| n.trim().to_string());
        printable("stakeholder name", &to_name)?;
        if to_name.is_empty() {
            return Err(StakeholderError::EmptyName.into());
        }
        if !to_name.eq_ignore_ascii_case(&s.name) && self.stakeholder(&to_name).is_ok() {
            return Err(StakeholderError::Duplicate(to_name).into());
        }
        let tx = self.begin()?;
        let mut journal = Journal::default();
        journal.watch_id(&tx, Table::Stakeholders, s.id)?;
        tx.execute(
            "UPDATE stakeholders SET name = ?1,
             grp = CASE WHEN ?2 THEN ?3 ELSE grp END,
             contact = CASE WHEN ?4 THEN ?5 ELSE contact END WHERE id = ?6",
            params![
                to_name,
                group.is_some(),
                group.flatten(),
                contact.is_some(),
                contact.flatten(),
                s.id
            ],
        )?;
        let rows = journal.finish(&tx)?;
        if !rows.is_empty() {
            record(
                &tx,
                Entry {
                    who,
                    command: "stakeholder-edit",
                    item_id: None,
                    summary: format!("Edited stakeholder {}", s.name),
                    rows,
                },
            )?;
        }
        tx.commit()?;
        self.stakeholder(&to_name)
    }

    pub fn requests(&self, stakeholder: &Stakeholder) -> Result<Vec<ItemId>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT i.id FROM live_items i JOIN item_requesters q ON q.item_id = i.id
             WHERE q.stakeholder_id = ?1 ORDER BY i.rank",
        )?;
        let rows = stmt.query_map([stakeholder.id], |r| Ok(ItemId(r.get(0)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn request_key(item: ItemId, stakeholder: i64) -> super::journal::Row {
    key(&[
        ("item_id", Value::from(item.0)),
        ("stakeholder_id", Value::from(stakeholder)),
    ])
}
