//! Labels on cluster items: reading them, and adding and removing them in one
//! logged, undoable change.

use rusqlite::{Connection, params};

use super::change::{Entry, record};
use super::journal::{Journal, Row, Table, key};
use super::row::live;
use super::{Result, Store};
use crate::domain::ItemId;
use crate::domain::label::clean_labels;

/// What a label command did to one item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LabelChange {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// The item's labels afterwards.
    pub labels: Vec<String>,
}

impl LabelChange {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty()
    }

    /// `+mobile −ux`, as the log and the import report say it.
    pub fn words(&self) -> String {
        self.added
            .iter()
            .map(|l| format!("+{l}"))
            .chain(self.removed.iter().map(|l| format!("−{l}")))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

pub(super) fn label_key(id: ItemId, label: &str) -> Row {
    key(&[
        ("item_id", serde_json::Value::from(id.0)),
        ("label", serde_json::Value::from(label)),
    ])
}

/// An item's labels, sorted without regard to case.
pub(super) fn labels_of(conn: &Connection, id: ItemId) -> Result<Vec<String>> {
    Ok(conn
        .prepare_cached("SELECT label FROM item_labels WHERE item_id = ?1 ORDER BY label")?
        .query_map([id.0], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Adds and removes labels of an item inside the caller's transaction,
/// noting each row in the journal; what it did. A label already there (in any
/// case) is not added again, one that is not there is not removed.
pub(super) fn change_labels(
    conn: &Connection,
    journal: &mut Journal,
    id: ItemId,
    add: &[String],
    remove: &[String],
) -> Result<LabelChange> {
    let add = clean_labels(add)?;
    let remove = clean_labels(remove)?;
    let mut change = LabelChange::default();
    let had = labels_of(conn, id)?;
    let find = |l: &str| had.iter().find(|h| h.to_lowercase() == l.to_lowercase());
    for l in &remove {
        if let Some(stored) = find(l) {
            journal.watch(conn, Table::ItemLabels, label_key(id, stored))?;
            conn.prepare_cached("DELETE FROM item_labels WHERE item_id = ?1 AND label = ?2")?
                .execute(params![id.0, stored])?;
            change.removed.push(stored.clone());
        }
    }
    for l in &add {
        let removed_now = change
            .removed
            .iter()
            .any(|r| r.to_lowercase() == l.to_lowercase());
        if find(l).is_some() && !removed_now {
            continue;
        }
        conn.prepare_cached("INSERT INTO item_labels(item_id, label) VALUES (?1, ?2)")?
            .execute(params![id.0, l])?;
        journal.created(Table::ItemLabels, label_key(id, l));
        change.added.push(l.clone());
    }
    change.labels = labels_of(conn, id)?;
    Ok(change)
}

/// Sets the labels an import owns on an item to `wanted`: imported labels
/// no longer wanted come off, wanted ones missing are added (a label given on
/// the board stays as it is); the change, journalled by the import's
/// whole-table watch.
pub(super) fn set_imported_labels(
    conn: &Connection,
    id: ItemId,
    wanted: &[String],
) -> Result<LabelChange> {
    let wanted = clean_labels(wanted)?;
    let had: Vec<(String, bool)> = conn
        .prepare_cached(
            "SELECT label, imported FROM item_labels WHERE item_id = ?1 ORDER BY label",
        )?
        .query_map([id.0], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let same = |a: &str, b: &str| a.to_lowercase() == b.to_lowercase();
    let mut change = LabelChange::default();
    for (label, imported) in &had {
        if *imported && !wanted.iter().any(|w| same(w, label)) {
            conn.prepare_cached("DELETE FROM item_labels WHERE item_id = ?1 AND label = ?2")?
                .execute(params![id.0, label])?;
            change.removed.push(label.clone());
        }
    }
    for w in &wanted {
        if had.iter().any(|(l, _)| same(l, w)) {
            continue;
        }
        conn.prepare_cached(
            "INSERT INTO item_labels(item_id, label, imported) VALUES (?1, ?2, 1)",
        )?
        .execute(params![id.0, w])?;
        change.added.push(w.clone());
    }
    change.labels = labels_of(conn, id)?;
    Ok(change)
}

impl Store {
    /// An item's labels, sorted without regard to case.
    pub fn labels(&self, id: ItemId) -> Result<Vec<String>> {
        labels_of(&self.conn, id)
    }

    /// Every label in use on the board with how many items carry it, by name.
    pub fn label_counts(&self) -> Result<Vec<(String, usize)>> {
        Ok(self
            .conn
            .prepare(
                "SELECT min(l.label), COUNT(*) FROM item_labels l JOIN live_items i ON i.id = l.item_id
                 GROUP BY l.label ORDER BY l.label",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize)))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Adds and removes labels of an item in one logged, undoable change
    /// (none when nothing changes).
    pub fn set_labels(
        &mut self,
        id: ItemId,
        add: &[String],
        remove: &[String],
        who: &str,
    ) -> Result<LabelChange> {
        let tx = self.begin()?;
        let it = live(&tx, id)?;
        let mut journal = Journal::default();
        let change = change_labels(&tx, &mut journal, id, add, remove)?;
        if change.is_empty() {
            return Ok(change);
        }
        record(
            &tx,
            Entry {
                who,
                command: "label",
                item_id: Some(id),
                summary: format!(
                    "Labelled {} \"{}\": {}",
                    it.code(),
                    it.title,
                    change.words()
                ),
                rows: journal.finish(&tx)?,
            },
        )?;
        tx.commit()?;
        Ok(change)
    }
}
