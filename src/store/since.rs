//! What changed since a checkpoint or a date, read from the change log: every
//! logged change keeps the rows it touched before and after, so walking the
//! entries since then gives each item's net change (a change and its undo
//! cancel out) and who made it. For `report changes`; never per keystroke.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rusqlite::params;
use serde_json::Value;

use super::checkpoint::{Checkpoint, CheckpointError, Since};
use super::journal::RowChange;
use super::row::get;
use super::{Result, Store};
use crate::domain::{ItemId, State};

/// From where "since" counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SincePoint {
    Checkpoint(Checkpoint),
    /// A day (`YYYY-MM-DD`, UTC): the changes made on it and after.
    Date(String),
}

/// An item that moved in the cluster order (its own rank changed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reranked {
    pub code: String,
    pub title: String,
    /// Its place then and now (`None`: not on the board then, or now).
    pub then: Option<usize>,
    pub now: Option<usize>,
    pub who: Vec<String>,
}

/// An item that moved across the board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crossed {
    pub code: String,
    pub title: String,
    pub from: State,
    pub to: State,
    pub who: Vec<String>,
}

/// An item added (or restored, or archived, or deleted) since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Came {
    pub code: String,
    pub title: String,
    pub state: State,
    /// "added", "restored", "archived" or "deleted for good".
    pub how: &'static str,
    pub who: Vec<String>,
}

/// An item whose estimates changed: each field's value then and now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Estimated {
    pub code: String,
    pub title: String,
    pub fields: Vec<(String, Option<i64>, Option<i64>)>,
    pub who: Vec<String>,
}

/// A release marked released.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Released {
    pub name: String,
    pub at: String,
    pub who: Vec<String>,
}

/// Everything that changed since a point, net.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Changes {
    /// Log entries since the point, and the people who made them.
    pub entries: usize,
    pub people: Vec<String>,
    pub reranked: Vec<Reranked>,
    pub crossed: Vec<Crossed>,
    pub added: Vec<Came>,
    pub gone: Vec<Came>,
    pub estimated: Vec<Estimated>,
    pub released: Vec<Released>,
}

const ESTIMATES: [&str; 5] = [
    "value",
    "effort",
    "business_value",
    "time_criticality",
    "risk_reduction",
];

/// One row's net change over many log entries: each column's value before the
/// first and after the last, and who changed it.
#[derive(Debug, Default)]
struct Net {
    existed: Option<bool>,
    exists: bool,
    before: HashMap<String, Value>,
    after: HashMap<String, Value>,
    who: HashMap<String, BTreeSet<String>>,
    at: String,
}

impl Net {
    fn add(&mut self, rc: &RowChange, who: &str, at: &str) {
        if self.existed.is_none() {
            self.existed = Some(rc.before.is_some());
        }
        self.exists = rc.after.is_some();
        at.clone_into(&mut self.at);
        let cols: BTreeSet<&String> = rc
            .before
            .iter()
            .chain(rc.after.iter())
            .flat_map(|r| r.keys())
            .collect();
        for c in cols {
            let b = rc.before.as_ref().and_then(|r| r.get(c)).cloned();
            let a = rc.after.as_ref().and_then(|r| r.get(c)).cloned();
            self.before
                .entry(c.clone())
                .or_insert_with(|| b.clone().unwrap_or(Value::Null));
            self.after
                .insert(c.clone(), a.clone().unwrap_or(Value::Null));
            if b != a {
                self.who
                    .entry(c.clone())
                    .or_default()
                    .insert(who.to_string());
            }
        }
    }

    /// The column's value then and now, when it changed.
    fn changed(&self, col: &str) -> Option<(&Value, &Value)> {
        let (b, a) = (self.before.get(col)?, self.after.get(col)?);
        (b != a).then_some((b, a))
    }

    fn who(&self, cols: &[&str]) -> Vec<String> {
        let mut all = BTreeSet::new();
        for c in cols {
            if let Some(w) = self.who.get(*c) {
                all.extend(w.iter().cloned());
            }
        }
        all.into_iter().collect()
    }
}

fn state(v: &Value) -> Option<State> {
    v.as_str().and_then(|s| s.parse().ok())
}

impl Store {
    /// Reads `--since`: a checkpoint's name, else a date; without one, the
    /// last checkpoint.
    pub fn since_point(&self, given: Option<&str>) -> Result<SincePoint> {
        let Some(given) = given.map(str::trim) else {
            return match self.last_checkpoint()? {
                Some(c) => Ok(SincePoint::Checkpoint(c)),
                None => Err(CheckpointError::NoneYet.into()),
            };
        };
        if let Ok(c) = self.checkpoint(given) {
            return Ok(SincePoint::Checkpoint(c));
        }
        if let Ok(day) = crate::domain::release::clean_date(given) {
            return Ok(SincePoint::Date(day));
        }
        Err(CheckpointError::BadSince {
            given: given.to_string(),
            known: self.checkpoints()?.into_iter().map(|c| c.name).collect(),
        }
        .into())
    }

    /// What changed since a point: moved, added, archived, re-estimated and
    /// released, each net of undo, with who did it.
    pub fn changes_since(&self, point: &SincePoint) -> Result<Changes> {
        let read = |r: &rusqlite::Row<'_>| -> rusqlite::Result<(String, String, Option<String>)> {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        };
        let logged: Vec<(String, String, Option<String>)> = match point {
            SincePoint::Checkpoint(c) => self
                .conn
                .prepare("SELECT at, who, rows FROM changes WHERE id > ?1 ORDER BY id")?
                .query_map(params![c.change_id], read)?
                .collect::<rusqlite::Result<_>>()?,
            SincePoint::Date(d) => self
                .conn
                .prepare("SELECT at, who, rows FROM changes WHERE at >= ?1 ORDER BY id")?
                .query_map(params![d], read)?
                .collect::<rusqlite::Result<_>>()?,
        };
        let mut items: BTreeMap<i64, Net> = BTreeMap::new();
        let mut releases: BTreeMap<i64, Net> = BTreeMap::new();
        let mut people = BTreeSet::new();
        for (at, who, rows) in &logged {
            people.insert(who.clone());
            let Some(rows) = rows else { continue };
            // An entry this build cannot read is left out of the summary, not fatal.
            let Ok(rows) = serde_json::from_str::<Vec<RowChange>>(rows) else {
                continue;
            };
            for rc in rows {
                let id = rc.key.get("id").and_then(Value::as_i64);
                let nets = match rc.table.as_str() {
                    "items" => &mut items,
                    "releases" => &mut releases,
                    _ => continue,
                };
                if let Some(id) = id {
                    nets.entry(id).or_default().add(&rc, who, at);
                }
            }
        }
        let mut out = Changes {
            entries: logged.len(),
            people: people.into_iter().collect(),
            ..Changes::default()
        };
        let then = match point {
            SincePoint::Checkpoint(_) => HashMap::new(),
            SincePoint::Date(_) => self.positions_then(&items)?,
        };
        for (&id, net) in &items {
            let Ok(item) = get(&self.conn, ItemId(id)) else {
                // Deleted for good and gone from the file: its last picture says what it was.
                if net.existed == Some(true) && !net.exists {
                    let title = net
                        .before
                        .get("title")
                        .and_then(Value::as_str)
                        .unwrap_or("");
                    let kind = net.before.get("kind").and_then(Value::as_str).unwrap_or("");
                    let code = kind.parse::<crate::domain::Kind>().map_or_else(
                        |_| id.to_string(),
                        |k| crate::domain::item::code(k, ItemId(id)),
                    );
                    out.gone.push(Came {
                        code,
                        title: title.to_string(),
                        state: net
                            .before
                            .get("state")
                            .and_then(state)
                            .unwrap_or(State::Funnel),
                        how: "deleted for good",
                        who: net.who(&["id", "title"]),
                    });
                }
                continue;
            };
            let (code, title) = (item.code(), item.title.clone());
            if net.existed == Some(false) {
                if net.exists && item.archived_at.is_none() {
                    out.added.push(Came {
                        code,
                        title,
                        state: item.state,
                        how: "added",
                        who: net.who(&["id", "title"]),
                    });
                }
                continue;
            }
            if let Some((b, a)) = net.changed("archived_at") {
                let how = if b.is_null() && !a.is_null() {
                    "archived"
                } else {
                    "restored"
                };
                let came = Came {
                    code: code.clone(),
                    title: title.clone(),
                    state: item.state,
                    how,
                    who: net.who(&["archived_at"]),
                };
                if how == "archived" {
                    out.gone.push(came);
                } else {
                    out.added.push(came);
                }
            }
            if let Some((b, a)) = net.changed("state")
                && let (Some(from), Some(to)) = (state(b), state(a))
            {
                out.crossed.push(Crossed {
                    code: code.clone(),
                    title: title.clone(),
                    from,
                    to,
                    who: net.who(&["state"]),
                });
            }
            if net.changed("rank").is_some() {
                let now = if item.archived_at.is_none() {
                    Some(self.position(item.id)?)
                } else {
                    None
                };
                let was = match point {
                    SincePoint::Checkpoint(c) => match self.since(c.id, item.id)? {
                        Since::Was { position, .. } => Some(position),
                        Since::New => None,
                    },
                    SincePoint::Date(_) => then.get(&id).copied(),
                };
                if was != now {
                    out.reranked.push(Reranked {
                        code: code.clone(),
                        title: title.clone(),
                        then: was,
                        now,
                        who: net.who(&["rank"]),
                    });
                }
            }
            let fields: Vec<(String, Option<i64>, Option<i64>)> = ESTIMATES
                .iter()
                .filter_map(|f| {
                    net.changed(f)
                        .map(|(b, a)| (f.replace('_', " "), b.as_i64(), a.as_i64()))
                })
                .collect();
            if !fields.is_empty() {
                out.estimated.push(Estimated {
                    code,
                    title,
                    fields,
                    who: net.who(&ESTIMATES),
                });
            }
        }
        out.reranked.sort_by_key(|r| r.now.unwrap_or(usize::MAX));
        for (&id, net) in &releases {
            if let Some((b, a)) = net.changed("state")
                && a.as_str() == Some("released")
                && b.as_str() != Some("released")
            {
                let name = self
                    .conn
                    .query_row(
                        "SELECT variant || ' ' || version FROM releases WHERE id = ?1",
                        [id],
                        |r| r.get::<_, String>(0),
                    )
                    .unwrap_or_else(|_| format!("release {id}"));
                out.released.push(Released {
                    name,
                    at: net.at.clone(),
                    who: net.who(&["state"]),
                });
            }
        }
        Ok(out)
    }

    /// Every item's place in the cluster order as it was before the first of
    /// these changes: today's order with the rank keys, archive dates and
    /// creations the log took back. Reads every item once.
    fn positions_then(&self, nets: &BTreeMap<i64, Net>) -> Result<HashMap<i64, usize>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, rank, archived_at IS NULL FROM items")?;
        let mut then: Vec<(String, i64)> = Vec::new();
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, bool>(2)?,
            ))
        })? {
            let (id, rank, live) = row?;
            let (rank, live) = match nets.get(&id) {
                Some(n) if n.existed == Some(false) => continue,
                Some(n) => (
                    n.before
                        .get("rank")
                        .and_then(Value::as_str)
                        .map_or(rank, str::to_string),
                    n.before.get("archived_at").map_or(live, Value::is_null),
                ),
                None => (rank, live),
            };
            if live {
                then.push((rank, id));
            }
        }
        then.sort();
        Ok(then
            .into_iter()
            .enumerate()
            .map(|(i, (_, id))| (id, i + 1))
            .collect())
    }
}
