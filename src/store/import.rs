//! Importing from another tool (Jira): each imported item keeps its key there
//! as an external id, so importing the same file again updates what the first
//! import created instead of adding it twice. One transaction, one change-log
//! entry; a dry run does the same work and rolls it back.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::change::{Entry, record};
use super::item::insert;
use super::journal::{Journal, Table};
use super::{NewTeam, Result, Store, StoreError};
use crate::domain::item::{clean_title, code};
use crate::domain::team::{ItemType, TeamState, clean_code};
use crate::domain::{ItemId, Kind, NewItem, State, rank};

/// What one import brings in; built by `crate::import` from a file.
#[derive(Debug, Clone, Default)]
pub struct ImportBatch {
    /// What the change log says was imported, e.g. `Jira export backlog.csv`.
    pub source: String,
    /// Cluster items in backlog order.
    pub items: Vec<ImportItem>,
    /// Team items in backlog order (each team's order follows it).
    pub team_items: Vec<ImportTeamItem>,
    /// The teams the team items name; created when missing.
    pub teams: Vec<NewTeam>,
    /// Release variants this import owns: an imported item's plans in them are
    /// set to what the file says; its plans in other variants are left alone.
    pub variants: Vec<String>,
    /// Portfolio items in backlog order, before the cluster items derived from them.
    pub portfolio: Vec<ImportPortfolioItem>,
    /// The portfolio Kanban's states, which a portfolio item's column maps onto
    /// (the shipped ones when empty).
    pub portfolio_states: Vec<crate::domain::portfolio::PortfolioState>,
}

/// A portfolio item from the other tool (a Jira initiative, say).
#[derive(Debug, Clone)]
pub struct ImportPortfolioItem {
    pub line: u64,
    pub external_id: String,
    /// Its portfolio kind, e.g. "product".
    pub kind: String,
    pub title: String,
    pub description: String,
    /// The cluster column its status maps to; see [`portfolio_state_of`].
    pub state: State,
    pub value: Option<u32>,
}

/// The portfolio state a cluster column stands for: the shipped states by
/// meaning, other configured ones by their place in the order.
pub fn portfolio_state_of(
    state: State,
    states: &[crate::domain::portfolio::PortfolioState],
) -> String {
    let meant = match state {
        State::Funnel => "funnel",
        State::Analysis => "analyzing",
        State::Ready | State::Planned => "backlog",
        State::Implementing | State::Review => "implementing",
        State::Done | State::Released => "done",
    };
    if states.is_empty() || states.iter().any(|s| s.key == meant) {
        return meant.to_string();
    }
    let at = State::ALL.iter().position(|s| *s == state).unwrap_or(0);
    let i = at * (states.len() - 1) / (State::ALL.len() - 1);
    states[i.min(states.len() - 1)].key.clone()
}

#[derive(Debug, Clone)]
pub struct ImportItem {
    /// Where it came from in the file, for messages.
    pub line: u64,
    pub external_id: String,
    pub kind: Kind,
    pub title: String,
    pub description: String,
    pub state: State,
    pub value: Option<u32>,
    pub effort: Option<u32>,
    /// `(variant, version)`, at most one per variant.
    pub releases: Vec<(String, String)>,
    pub requested_by: Vec<String>,
    /// Its labels in the other tool (with `sprint:NAME` for its sprints):
    /// the import owns these, and sets them again on every import; labels
    /// given on the board are left alone.
    pub labels: Vec<String>,
    /// When it was created in the other tool, `YYYY-MM-DDTHH:MM:SS.sssZ`.
    pub created_at: Option<String>,
    /// When it was done in the other tool (set only for an item in Done or
    /// Released): the lead-time charts count it from `created_at` to this day.
    pub resolved_at: Option<String>,
    /// The external id of the portfolio item it is derived from.
    pub portfolio: Option<String>,
}

/// The cluster item a team item hangs under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportParent {
    /// An item of this import, or of an earlier one, by its external id.
    External(String),
    /// An item already in the database.
    Item(ItemId),
}

#[derive(Debug, Clone)]
pub struct ImportTeamItem {
    pub line: u64,
    pub external_id: String,
    pub parent: ImportParent,
    /// The team's code.
    pub team: String,
    pub item_type: ItemType,
    pub state: TeamState,
    pub title: String,
    pub description: String,
    pub effort: Option<u32>,
}

/// What an external id already names in the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Imported {
    Item(ItemId),
    TeamItem { id: i64, parent: ItemId },
    Portfolio(crate::domain::portfolio::PortfolioId),
}

/// An item the import created (or, in a dry run, would create).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    pub external_id: String,
    /// `F-12` for a cluster item, `PAY-7` for a team item.
    pub code: String,
    pub title: String,
    /// "feature", "story under F-3".
    pub what: String,
    pub team_item: bool,
}

/// An item the import changed, with each change in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Updated {
    pub external_id: String,
    pub code: String,
    pub changes: Vec<String>,
}

/// Something in the file that contradicts what the database holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub line: u64,
    pub message: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub created: Vec<Created>,
    pub updated: Vec<Updated>,
    pub unchanged: usize,
    pub teams_created: Vec<String>,
    pub releases_created: Vec<String>,
    pub stakeholders_created: Vec<String>,
    pub conflicts: Vec<Conflict>,
    /// Cluster items the import put into Ready or beyond: their Definition
    /// of Ready was not checked (the import records the other tool's status).
    pub past_ready: usize,
    /// Cluster items the import created whose lead time runs from Jira's
    /// Created to its Resolved day (in Done or Released with a Resolved date).
    pub resolved: usize,
    /// Items the import created with labels (Jira's labels and sprints).
    pub labelled: usize,
    /// Whether the changes were committed (false for a dry run or a conflict).
    pub written: bool,
}

const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%fZ','now')";

impl Store {
    /// Every external id in the database and what it names.
    pub fn imported(&self) -> Result<HashMap<String, Imported>> {
        let mut out = HashMap::new();
        let mut stmt = self
            .conn
            .prepare("SELECT external_id, id FROM items WHERE external_id IS NOT NULL")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))? {
            let (k, id) = row?;
            out.insert(k, Imported::Item(ItemId(id)));
        }
        let mut stmt = self.conn.prepare(
            "SELECT external_id, id, parent_id FROM team_items WHERE external_id IS NOT NULL",
        )?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?)))? {
            let (k, id, parent) = row?;
            out.insert(
                k,
                Imported::TeamItem {
                    id,
                    parent: ItemId(parent),
                },
            );
        }
        let mut stmt = self
            .conn
            .prepare("SELECT external_id, id FROM portfolio_items WHERE external_id IS NOT NULL")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))? {
            let (k, id) = row?;
            out.insert(
                k,
                Imported::Portfolio(crate::domain::portfolio::PortfolioId(id)),
            );
        }
        Ok(out)
    }

    /// Imports a batch in one transaction with one change-log entry. With
    /// `write` false (a dry run), or when the file contradicts the database,
    /// everything is rolled back and the report says what would have happened.
    pub fn import_batch(
        &mut self,
        batch: &ImportBatch,
        who: &str,
        write: bool,
    ) -> Result<ImportReport> {
        let tx = self.begin()?;
        // Every row the import may add or change is pictured, so one undo
        // takes the whole import back.
        let mut journal = Journal::default();
        for table in [
            Table::Teams,
            Table::Releases,
            Table::Stakeholders,
            Table::Items,
            Table::ItemReleases,
            Table::ItemRequesters,
            Table::ItemLabels,
            Table::TeamItems,
            Table::PortfolioItems,
        ] {
            journal.watch_table(&tx, table)?;
        }
        let mut report = ImportReport::default();
        let teams = ensure_teams(&tx, &batch.teams, &mut report)?;
        let mut portfolio: HashMap<String, i64> = HashMap::new();
        let mut top: Option<String> =
            tx.query_row("SELECT max(rank) FROM portfolio_items", [], |r| r.get(0))?;
        for p in &batch.portfolio {
            if let Some(id) = import_portfolio_item(&tx, p, batch, &mut top, &mut report)? {
                portfolio.insert(p.external_id.clone(), id);
            }
        }
        let mut ids: HashMap<&str, ItemId> = HashMap::new();
        let mut last: Option<String> =
            tx.query_row("SELECT max(rank) FROM items", [], |r| r.get(0))?;
        for it in &batch.items {
            if let Some(id) = import_item(&tx, it, batch, &mut last, &mut report)? {
                ids.insert(it.external_id.as_str(), id);
                link_portfolio(&tx, id, it, &portfolio, &mut report)?;
            }
        }
        for t in &batch.team_items {
            import_team_item(&tx, t, &teams, &ids, &mut report)?;
        }
        record(
            &tx,
            Entry {
                who,
                command: "import",
                item_id: None,
                summary: summary(&batch.source, &report),
                rows: journal.finish(&tx)?,
            },
        )?;
        if write && report.conflicts.is_empty() {
            tx.commit()?;
            report.written = true;
        }
        Ok(report)
    }
}

fn summary(source: &str, r: &ImportReport) -> String {
    let team = r.created.iter().filter(|c| c.team_item).count();
    let portfolio = r
        .created
        .iter()
        .filter(|c| c.what.starts_with("portfolio "))
        .count();
    let items = r.created.len() - team - portfolio;
    let portfolio = if portfolio == 0 {
        String::new()
    } else {
        format!("{portfolio} portfolio items, ")
    };
    format!(
        "Imported {source}: created {portfolio}{items} items and {team} team items, updated {}, {} unchanged",
        r.updated.len(),
        r.unchanged
    )
}

/// A portfolio item as an earlier import left it: id, title, description,
/// state, value.
type OldPortfolio = (i64, String, String, String, Option<u32>);

/// Creates or updates one portfolio item; its id, or None after a conflict.
fn import_portfolio_item(
    conn: &Connection,
    p: &ImportPortfolioItem,
    batch: &ImportBatch,
    top: &mut Option<String>,
    report: &mut ImportReport,
) -> Result<Option<i64>> {
    let title = clean_title(&p.title)?;
    let state = portfolio_state_of(p.state, &batch.portfolio_states);
    let elsewhere: Option<String> = conn
        .prepare_cached(
            "SELECT 'cluster item ' || id FROM items WHERE external_id = ?1
             UNION ALL SELECT 'team item ' || id FROM team_items WHERE external_id = ?1",
        )?
        .query_row([&p.external_id], |r| r.get(0))
        .optional()?;
    if let Some(was) = elsewhere {
        report.conflicts.push(Conflict {
            line: p.line,
            message: format!(
                "{} was imported before as {was} and now maps to a portfolio item: change its \
                 type in the map back, or archive and delete {was} first",
                p.external_id
            ),
        });
        return Ok(None);
    }
    let old: Option<OldPortfolio> = conn
        .prepare_cached(
            "SELECT id, title, description, state, value FROM portfolio_items WHERE external_id = ?1",
        )?
        .query_row([&p.external_id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                super::row::points_at(r, 4)?,
            ))
        })
        .optional()?;
    let Some((id, old_title, old_description, old_state, old_value)) = old else {
        let key = rank::between(top.as_deref(), None)?;
        conn.prepare_cached(
            "INSERT INTO portfolio_items(kind, title, description, value, rank, state, external_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            p.kind,
            title,
            p.description,
            p.value,
            key,
            state,
            p.external_id
        ])?;
        let id = conn.last_insert_rowid();
        *top = Some(key);
        report.created.push(Created {
            external_id: p.external_id.clone(),
            code: crate::domain::portfolio::PortfolioId(id).code(),
            title,
            what: format!("portfolio {}", p.kind),
            team_item: false,
        });
        return Ok(Some(id));
    };
    let mut changes = Vec::new();
    if old_title != title {
        changes.push(format!("title \"{old_title}\" → \"{title}\""));
    }
    if old_description != p.description {
        changes.push("description".to_string());
    }
    if old_state != state {
        changes.push(format!("state {old_state} → {state}"));
    }
    if old_value != p.value {
        changes.push(format!("value {} → {}", points(old_value), points(p.value)));
    }
    if changes.is_empty() {
        report.unchanged += 1;
    } else {
        conn.prepare_cached(&format!(
            "UPDATE portfolio_items SET title = ?1, description = ?2, state = ?3, value = ?4,
             updated_at = {NOW} WHERE id = ?5"
        ))?
        .execute(params![title, p.description, state, p.value, id])?;
        report.updated.push(Updated {
            external_id: p.external_id.clone(),
            code: crate::domain::portfolio::PortfolioId(id).code(),
            changes,
        });
    }
    Ok(Some(id))
}

/// Hangs an imported cluster item under the portfolio item the file names
/// (of this import, or of an earlier one); one the file names none for keeps
/// the link it has, so links made in the board survive a re-import.
fn link_portfolio(
    conn: &Connection,
    id: ItemId,
    it: &ImportItem,
    portfolio: &HashMap<String, i64>,
    report: &mut ImportReport,
) -> Result<()> {
    let Some(ext) = &it.portfolio else {
        return Ok(());
    };
    let to: Option<i64> = match portfolio.get(ext) {
        Some(p) => Some(*p),
        None => conn
            .prepare_cached("SELECT id FROM portfolio_items WHERE external_id = ?1")?
            .query_row([ext], |r| r.get(0))
            .optional()?,
    };
    let Some(to) = to else {
        return Ok(());
    };
    let now: Option<i64> = conn.query_row(
        "SELECT portfolio_id FROM items WHERE id = ?1",
        [id.0],
        |r| r.get(0),
    )?;
    if now == Some(to) {
        return Ok(());
    }
    conn.prepare_cached("UPDATE items SET portfolio_id = ?1 WHERE id = ?2")?
        .execute(params![to, id.0])?;
    let code = crate::domain::portfolio::PortfolioId(to).code();
    // A new item already counts as created; an old one gains an update line.
    if let Some(u) = report
        .updated
        .iter_mut()
        .find(|u| u.external_id == it.external_id)
    {
        u.changes.push(format!("derived from {code}"));
    } else if !report
        .created
        .iter()
        .any(|c| c.external_id == it.external_id)
    {
        report.unchanged = report.unchanged.saturating_sub(1);
        report.updated.push(Updated {
            external_id: it.external_id.clone(),
            code: crate::domain::item::code(it.kind, id),
            changes: vec![format!("derived from {code}")],
        });
    }
    Ok(())
}

/// The id of each team the batch names, adding the missing ones.
fn ensure_teams(
    conn: &Connection,
    teams: &[NewTeam],
    report: &mut ImportReport,
) -> Result<HashMap<String, (i64, String)>> {
    let mut out = HashMap::new();
    for t in teams {
        let code = clean_code(&t.code).map_err(super::TeamError::BadCode)?;
        let found: Option<i64> = conn
            .query_row("SELECT id FROM teams WHERE code = ?1", [&code], |r| {
                r.get(0)
            })
            .optional()?;
        let id = if let Some(id) = found {
            id
        } else {
            let name = if t.name.trim().is_empty() {
                code.clone()
            } else {
                t.name.trim().to_string()
            };
            conn.execute(
                "INSERT INTO teams(code, name, product_owner, capacity) VALUES (?1, ?2, ?3, ?4)",
                params![code, name, t.product_owner, t.capacity],
            )?;
            report.teams_created.push(code.clone());
            conn.last_insert_rowid()
        };
        out.insert(code.clone(), (id, code));
    }
    Ok(out)
}

/// The stored fields of an imported cluster item that an import may change.
struct Stored {
    id: ItemId,
    kind: Kind,
    title: String,
    description: String,
    state: State,
    value: Option<u32>,
    effort: Option<u32>,
}

fn stored_item(conn: &Connection, external_id: &str) -> Result<Option<Stored>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, kind, title, description, state, value, effort FROM items
             WHERE external_id = ?1",
        )?
        .query_row([external_id], |r| {
            Ok(Stored {
                id: ItemId(r.get(0)?),
                kind: super::row::parsed_at(r, 1)?,
                title: r.get(2)?,
                description: r.get(3)?,
                state: super::row::parsed_at(r, 4)?,
                value: super::row::points_at(r, 5)?,
                effort: super::row::points_at(r, 6)?,
            })
        })
        .optional()?)
}

fn points(v: Option<u32>) -> String {
    v.map_or_else(|| "none".to_string(), |v| v.to_string())
}

/// Creates or updates one cluster item; its id, or None after a conflict.
fn import_item(
    conn: &Connection,
    it: &ImportItem,
    batch: &ImportBatch,
    last: &mut Option<String>,
    report: &mut ImportReport,
) -> Result<Option<ItemId>> {
    let title = clean_title(&it.title)?;
    let taken: Option<i64> = conn
        .prepare_cached("SELECT id FROM team_items WHERE external_id = ?1")?
        .query_row([&it.external_id], |r| r.get(0))
        .optional()?;
    if let Some(t) = taken {
        report.conflicts.push(Conflict {
            line: it.line,
            message: format!(
                "{} was imported before as team item {t} and now maps to a cluster item: \
                 change its type in the map back, or remove team item {t} first",
                it.external_id
            ),
        });
        return Ok(None);
    }
    let Some(old) = stored_item(conn, &it.external_id)? else {
        let key = rank::between(last.as_deref(), None)?;
        let id = insert(
            conn,
            &NewItem {
                kind: it.kind,
                title: title.clone(),
                description: it.description.clone(),
                state: it.state,
                value: it.value,
                effort: it.effort,
            },
            &key,
        )?;
        *last = Some(key);
        conn.prepare_cached(&format!(
            "UPDATE items SET external_id = ?1, created_at = COALESCE(?2, created_at),
             updated_at = {NOW} WHERE id = ?3"
        ))?
        .execute(params![it.external_id, it.created_at, id.0])?;
        set_days(conn, id, it)?;
        if it.resolved_at.is_some() {
            report.resolved += 1;
        }
        let labelled = super::label::set_imported_labels(conn, id, &it.labels)?;
        if !labelled.added.is_empty() {
            report.labelled += 1;
        }
        set_plans(conn, id, it, batch, report)?;
        add_requests(conn, id, &it.requested_by, report)?;
        if it.state >= State::Ready {
            report.past_ready += 1;
        }
        report.created.push(Created {
            external_id: it.external_id.clone(),
            code: code(it.kind, id),
            title,
            what: it.kind.as_str().to_string(),
            team_item: false,
        });
        return Ok(Some(id));
    };
    let mut changes = Vec::new();
    if old.title != title {
        changes.push(format!("title \"{}\" → \"{title}\"", old.title));
    }
    if old.description != it.description {
        changes.push("description".to_string());
    }
    if old.state != it.state {
        changes.push(format!(
            "state {} → {}",
            old.state.label(),
            it.state.label()
        ));
        if old.state < State::Ready && it.state >= State::Ready {
            report.past_ready += 1;
        }
    }
    if old.value != it.value {
        changes.push(format!(
            "value {} → {}",
            points(old.value),
            points(it.value)
        ));
    }
    if old.effort != it.effort {
        changes.push(format!(
            "effort {} → {}",
            points(old.effort),
            points(it.effort)
        ));
    }
    if !changes.is_empty() {
        conn.prepare_cached(&format!(
            "UPDATE items SET title = ?1, description = ?2, state = ?3, value = ?4, effort = ?5,
             updated_at = {NOW} WHERE id = ?6"
        ))?
        .execute(params![
            title,
            it.description,
            it.state.as_str(),
            it.value,
            it.effort,
            old.id.0
        ])?;
    }
    changes.extend(set_days(conn, old.id, it)?);
    let labelled = super::label::set_imported_labels(conn, old.id, &it.labels)?;
    if !labelled.is_empty() {
        changes.push(format!("labels {}", labelled.words()));
    }
    changes.extend(set_plans(conn, old.id, it, batch, report)?);
    changes.extend(add_requests(conn, old.id, &it.requested_by, report)?);
    if changes.is_empty() {
        report.unchanged += 1;
    } else {
        report.updated.push(Updated {
            external_id: it.external_id.clone(),
            code: code(old.kind, old.id),
            changes,
        });
    }
    Ok(Some(old.id))
}

/// Writes the other tool's Created and Resolved days into the per-day table
/// the lead-time chart reads (`item_days`), ahead of the change log's trigger,
/// which only adds the days it finds missing (the day of the import); the
/// changes in words.
fn set_days(conn: &Connection, id: ItemId, it: &ImportItem) -> Result<Vec<String>> {
    let mut changes = Vec::new();
    for (state, at) in [("created", &it.created_at), ("done", &it.resolved_at)] {
        let Some(day) = at.as_deref().and_then(|a| a.get(..10)) else {
            continue;
        };
        let old: Option<String> = conn
            .prepare_cached("SELECT day FROM item_days WHERE item_id = ?1 AND state = ?2")?
            .query_row(params![id.0, state], |r| r.get(0))
            .optional()?;
        if old.as_deref() == Some(day) {
            continue;
        }
        conn.prepare_cached(
            "INSERT INTO item_days(item_id, state, day) VALUES (?1, ?2, ?3)
             ON CONFLICT(item_id, state) DO UPDATE SET day = excluded.day",
        )?
        .execute(params![id.0, state, day])?;
        let what = if state == "done" {
            "resolved"
        } else {
            "created"
        };
        changes.push(match old {
            Some(old) => format!("{what} {old} → {day}"),
            None => format!("{what} {day}"),
        });
    }
    Ok(changes)
}

/// The release `variant version`, created when missing.
fn release_id(
    conn: &Connection,
    variant: &str,
    version: &str,
    report: &mut ImportReport,
) -> Result<i64> {
    if variant.trim().is_empty()
        || version.trim().is_empty()
        || variant.contains(char::is_whitespace)
        || version.contains(char::is_whitespace)
    {
        return Err(super::ReleaseError::BadName.into());
    }
    let found = conn
        .prepare_cached(
            "SELECT id FROM releases WHERE lower(variant) = lower(?1) AND lower(version) = lower(?2)",
        )?
        .query_row(params![variant, version], |r| r.get(0))
        .optional()?;
    if let Some(id) = found {
        return Ok(id);
    }
    conn.prepare_cached(&format!(
        "INSERT INTO releases(variant, version, planned_at) VALUES (?1, ?2, {NOW})"
    ))?
    .execute(params![variant, version])?;
    report.releases_created.push(format!("{variant} {version}"));
    Ok(conn.last_insert_rowid())
}

/// Sets an item's plan in each variant the import owns; the changes in words.
fn set_plans(
    conn: &Connection,
    id: ItemId,
    it: &ImportItem,
    batch: &ImportBatch,
    report: &mut ImportReport,
) -> Result<Vec<String>> {
    let mut changes = Vec::new();
    for variant in &batch.variants {
        let current: Vec<(i64, String)> = conn
            .prepare_cached(
                "SELECT r.id, r.variant || ' ' || r.version FROM item_releases ir
                 JOIN releases r ON r.id = ir.release_id
                 WHERE ir.item_id = ?1 AND lower(r.variant) = lower(?2)",
            )?
            .query_map(params![id.0, variant], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let wanted = it
            .releases
            .iter()
            .find(|(v, _)| v.eq_ignore_ascii_case(variant));
        let wanted = match wanted {
            Some((v, version)) => Some((release_id(conn, v, version, report)?, v, version)),
            None => None,
        };
        let keep = match (&wanted, current.as_slice()) {
            (Some((rid, ..)), [(cid, _)]) => rid == cid,
            (None, []) => true,
            _ => false,
        };
        if keep {
            continue;
        }
        conn.prepare_cached(
            "DELETE FROM item_releases WHERE item_id = ?1 AND release_id IN
               (SELECT id FROM releases WHERE lower(variant) = lower(?2))",
        )?
        .execute(params![id.0, variant])?;
        for (_, name) in &current {
            changes.push(format!("out of {name}"));
        }
        if let Some((rid, v, version)) = wanted {
            conn.prepare_cached("INSERT INTO item_releases(item_id, release_id) VALUES (?1, ?2)")?
                .execute(params![id.0, rid])?;
            changes.push(format!("planned into {v} {version}"));
        }
    }
    Ok(changes)
}

/// Records who requested an item (never removes a request); the changes in words.
fn add_requests(
    conn: &Connection,
    id: ItemId,
    names: &[String],
    report: &mut ImportReport,
) -> Result<Vec<String>> {
    let mut changes = Vec::new();
    for name in names {
        let name = name.trim();
        if name.is_empty() {
            continue;
        }
        let found: Option<i64> = conn
            .prepare_cached("SELECT id FROM stakeholders WHERE lower(name) = lower(?1)")?
            .query_row([name], |r| r.get(0))
            .optional()?;
        let sid = if let Some(sid) = found {
            sid
        } else {
            conn.prepare_cached("INSERT INTO stakeholders(name) VALUES (?1)")?
                .execute([name])?;
            report.stakeholders_created.push(name.to_string());
            conn.last_insert_rowid()
        };
        let n = conn
            .prepare_cached(
                "INSERT OR IGNORE INTO item_requesters(item_id, stakeholder_id) VALUES (?1, ?2)",
            )?
            .execute(params![id.0, sid])?;
        if n > 0 {
            changes.push(format!("requested by {name}"));
        }
    }
    Ok(changes)
}

/// The stored fields of an imported team item that an import may change.
struct StoredTeamItem {
    id: i64,
    parent: ItemId,
    team_id: Option<i64>,
    title: String,
    description: String,
    item_type: ItemType,
    state: TeamState,
    effort: Option<u32>,
}

fn stored_team_item(conn: &Connection, external_id: &str) -> Result<Option<StoredTeamItem>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, parent_id, team_id, title, type, state, effort, description FROM team_items
             WHERE external_id = ?1",
        )?
        .query_row([external_id], |r| {
            Ok(StoredTeamItem {
                id: r.get(0)?,
                parent: ItemId(r.get(1)?),
                team_id: r.get(2)?,
                title: r.get(3)?,
                item_type: super::row::parsed_at(r, 4)?,
                state: super::row::parsed_at(r, 5)?,
                effort: super::row::points_at(r, 6)?,
                description: r.get(7)?,
            })
        })
        .optional()?)
}

/// A new key at the bottom of a team's backlog.
fn team_bottom(conn: &Connection, team_id: i64) -> Result<String> {
    let last: Option<String> = conn
        .prepare_cached("SELECT max(team_rank) FROM team_items WHERE team_id = ?1")?
        .query_row([team_id], |r| r.get(0))?;
    Ok(rank::between(last.as_deref(), None)?)
}

fn item_code(conn: &Connection, id: ItemId) -> Result<String> {
    Ok(super::row::get(conn, id)?.code())
}

fn import_team_item(
    conn: &Connection,
    t: &ImportTeamItem,
    teams: &HashMap<String, (i64, String)>,
    ids: &HashMap<&str, ItemId>,
    report: &mut ImportReport,
) -> Result<()> {
    let title = clean_title(&t.title)?;
    let parent = match &t.parent {
        ImportParent::Item(id) => Some(*id),
        ImportParent::External(k) => match ids.get(k.as_str()) {
            Some(id) => Some(*id),
            None => conn
                .prepare_cached("SELECT id FROM items WHERE external_id = ?1")?
                .query_row([k], |r| r.get(0))
                .optional()?
                .map(ItemId),
        },
    };
    let Some(parent) = parent else {
        report.conflicts.push(Conflict {
            line: t.line,
            message: format!(
                "{}: its parent is neither in the file nor imported before",
                t.external_id
            ),
        });
        return Ok(());
    };
    let code_key = clean_code(&t.team).map_err(super::TeamError::BadCode)?;
    let Some((team_id, team_code)) = teams.get(&code_key).cloned() else {
        return Err(StoreError::Team(super::TeamError::Unknown {
            code: code_key,
            known: teams.keys().cloned().collect(),
        }));
    };
    let taken: Option<i64> = conn
        .prepare_cached("SELECT id FROM items WHERE external_id = ?1")?
        .query_row([&t.external_id], |r| r.get(0))
        .optional()?;
    if let Some(id) = taken {
        let c = item_code(conn, ItemId(id))?;
        report.conflicts.push(Conflict {
            line: t.line,
            message: format!(
                "{} was imported before as cluster item {c} and now maps to a team item: \
                 change its type in the map back, or give it a parent that stays",
                t.external_id
            ),
        });
        return Ok(());
    }
    let parent_code = item_code(conn, parent)?;
    let Some(old) = stored_team_item(conn, &t.external_id)? else {
        let key = team_bottom(conn, team_id)?;
        conn.prepare_cached(
            "INSERT INTO team_items(parent_id, team_id, title, type, state, effort, team_rank,
             external_id, description) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            parent.0,
            team_id,
            title,
            t.item_type.as_str(),
            t.state.as_str(),
            t.effort,
            key,
            t.external_id,
            t.description
        ])?;
        let id = conn.last_insert_rowid();
        report.created.push(Created {
            external_id: t.external_id.clone(),
            code: format!("{team_code}-{id}"),
            title,
            what: format!("{} under {parent_code}", t.item_type),
            team_item: true,
        });
        return Ok(());
    };
    let mut changes = Vec::new();
    if old.title != title {
        changes.push(format!("title \"{}\" → \"{title}\"", old.title));
    }
    if old.description != t.description {
        changes.push("description".to_string());
    }
    if old.item_type != t.item_type {
        changes.push(format!("type {} → {}", old.item_type, t.item_type));
    }
    if old.state != t.state {
        changes.push(format!("state {} → {}", old.state.label(), t.state.label()));
    }
    if old.effort != t.effort {
        changes.push(format!(
            "effort {} → {}",
            points(old.effort),
            points(t.effort)
        ));
    }
    if old.parent != parent {
        changes.push(format!(
            "moved from {} to {parent_code}",
            item_code(conn, old.parent)?
        ));
    }
    if old.team_id != Some(team_id) {
        changes.push(format!("moved to team {team_code}"));
        let key = team_bottom(conn, team_id)?;
        conn.prepare_cached("UPDATE team_items SET team_id = ?1, team_rank = ?2 WHERE id = ?3")?
            .execute(params![team_id, key, old.id])?;
    }
    if changes.is_empty() {
        report.unchanged += 1;
        return Ok(());
    }
    conn.prepare_cached(&format!(
        "UPDATE team_items SET parent_id = ?1, title = ?2, type = ?3, state = ?4, effort = ?5,
         description = ?6, updated_at = {NOW} WHERE id = ?7"
    ))?
    .execute(params![
        parent.0,
        title,
        t.item_type.as_str(),
        t.state.as_str(),
        t.effort,
        t.description,
        old.id
    ])?;
    report.updated.push(Updated {
        external_id: t.external_id.clone(),
        code: format!("{team_code}-{}", old.id),
        changes,
    });
    Ok(())
}
