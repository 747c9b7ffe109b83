//! Value and effort points, WSJF inputs, and the planning-poker rounds behind them.

use std::str::FromStr;

use rusqlite::params;
use serde::Serialize;

use serde_json::Value;

use super::change::{Entry, record};
use super::journal::{Journal, Table, key};
use super::rank::id_key;
use super::row::{get, live, parsed_at};
use super::snapshot::Field;
use super::{Result, Store};
use crate::domain::poker::PokerCard;
use crate::domain::{Item, ItemId};

/// Which estimates to change; `None` leaves a field as it is,
/// `Some(None)` clears it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EstimateChange {
    pub value: Option<Option<u32>>,
    pub effort: Option<Option<u32>>,
    pub business_value: Option<Option<u32>>,
    pub time_criticality: Option<Option<u32>>,
    pub risk_reduction: Option<Option<u32>>,
}

impl EstimateChange {
    fn fields(&self) -> Vec<(Field, Option<u32>)> {
        [
            (Field::Value, self.value),
            (Field::Effort, self.effort),
            (Field::BusinessValue, self.business_value),
            (Field::TimeCriticality, self.time_criticality),
            (Field::RiskReduction, self.risk_reduction),
        ]
        .into_iter()
        .filter_map(|(f, v)| v.map(|v| (f, v)))
        .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.fields().is_empty()
    }
}

/// Which estimate a poker round decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PokerField {
    Value,
    Effort,
}

impl PokerField {
    /// Its name, as the status line says it and `poker_rounds.field` stores it.
    pub fn label(self) -> &'static str {
        match self {
            PokerField::Value => "value",
            PokerField::Effort => "effort",
        }
    }
}

impl FromStr for PokerField {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        match s {
            "value" => Ok(PokerField::Value),
            "effort" => Ok(PokerField::Effort),
            _ => Err(format!("unknown poker field {s:?}")),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Vote {
    pub participant: String,
    pub card: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PokerRound {
    /// Its id, which the change log's pictures name.
    pub id: i64,
    pub field: PokerField,
    pub at: String,
    pub who: String,
    pub agreed: String,
    pub votes: Vec<Vote>,
}

/// The estimate columns of `items`, pictured together for the change log.
const ESTIMATES: [&str; 5] = [
    "value",
    "effort",
    "business_value",
    "time_criticality",
    "risk_reduction",
];

fn describe(change: &[(Field, Option<u32>)]) -> String {
    change
        .iter()
        .map(|(f, v)| {
            let name = f.key().replace('_', " ");
            match v {
                Some(v) => format!("{name} {v}"),
                None => format!("{name} cleared"),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl Store {
    /// Sets estimates in one transaction; undoable.
    pub fn estimate(&mut self, id: ItemId, change: EstimateChange, who: &str) -> Result<Item> {
        let tx = self.begin()?;
        live(&tx, id)?;
        let fields = change.fields();
        let mut journal = Journal::default();
        journal.watch_columns(&tx, Table::Items, id_key(id), Some(&ESTIMATES))?;
        for (f, v) in &fields {
            tx.execute(
                &format!(
                    "UPDATE items SET {} = ?1,
                     updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?2",
                    f.key()
                ),
                params![v, id.0],
            )?;
        }
        let item = get(&tx, id)?;
        record(
            &tx,
            Entry {
                who,
                command: "estimate",
                item_id: Some(id),
                summary: format!(
                    "Estimated {} \"{}\": {}",
                    item.code(),
                    item.title,
                    describe(&fields)
                ),
                rows: journal.finish(&tx)?,
            },
        )?;
        tx.commit()?;
        Ok(item)
    }

    /// Stores a finished poker round and sets the agreed estimate, together.
    pub fn finish_poker_round(
        &mut self,
        id: ItemId,
        field: PokerField,
        votes: &[(String, PokerCard)],
        agreed: u32,
        who: &str,
    ) -> Result<Item> {
        for (name, _) in votes {
            super::error::printable("voter name", name)?;
        }
        let tx = self.begin()?;
        live(&tx, id)?;
        let f = match field {
            PokerField::Value => Field::Value,
            PokerField::Effort => Field::Effort,
        };
        let mut journal = Journal::default();
        journal.watch_columns(&tx, Table::Items, id_key(id), Some(&ESTIMATES))?;
        tx.execute(
            "INSERT INTO poker_rounds(item_id, field, who, agreed) VALUES (?1, ?2, ?3, ?4)",
            params![id.0, field.label(), who, agreed.to_string()],
        )?;
        let round = tx.last_insert_rowid();
        journal.created_id(Table::PokerRounds, round);
        for (seat, (name, card)) in votes.iter().enumerate() {
            tx.execute(
                "INSERT INTO poker_votes(round_id, seat, participant, card) VALUES (?1, ?2, ?3, ?4)",
                params![round, seat as i64, name, card.to_string()],
            )?;
            journal.created(
                Table::PokerVotes,
                key(&[
                    ("round_id", Value::from(round)),
                    ("seat", Value::from(seat as i64)),
                ]),
            );
        }
        tx.execute(
            &format!(
                "UPDATE items SET {} = ?1,
                 updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?2",
                f.key()
            ),
            params![agreed, id.0],
        )?;
        let item = get(&tx, id)?;
        let cards: Vec<String> = votes.iter().map(|(_, c)| c.to_string()).collect();
        record(
            &tx,
            Entry {
                who,
                command: "poker",
                item_id: Some(id),
                summary: format!(
                    "Planning poker set {} of {} \"{}\" to {agreed} (votes {})",
                    field.label(),
                    item.code(),
                    item.title,
                    cards.join(" ")
                ),
                rows: journal.finish(&tx)?,
            },
        )?;
        tx.commit()?;
        Ok(item)
    }

    /// Every poker round of an item, oldest first, with its votes.
    pub fn poker_rounds(&self, id: ItemId) -> Result<Vec<PokerRound>> {
        let mut rounds = self.conn.prepare_cached(
            "SELECT id, field, at, who, agreed FROM poker_rounds WHERE item_id = ?1 ORDER BY id",
        )?;
        let mut votes = self.conn.prepare_cached(
            "SELECT participant, card FROM poker_votes WHERE round_id = ?1 ORDER BY seat",
        )?;
        let heads = rounds
            .query_map([id.0], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    parsed_at::<PokerField>(r, 1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut out = Vec::with_capacity(heads.len());
        for (round, field, at, who, agreed) in heads {
            let v = votes
                .query_map([round], |r| {
                    Ok(Vote {
                        participant: r.get(0)?,
                        card: r.get(1)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            out.push(PokerRound {
                id: round,
                field,
                at,
                who,
                agreed,
                votes: v,
            });
        }
        Ok(out)
    }
}
