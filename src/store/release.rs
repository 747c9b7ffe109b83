//! Releases: adding and editing them, planning items into them (one release per
//! variant), the Cluster Definition of Done, accepting and shipping.

use rusqlite::{OptionalExtension, Row, params};

use serde_json::Value;

use super::change::{Entry, overriding, record};
use super::error::{printable, printable_lines};
use super::journal::{Journal, Table, key};
use super::rank::id_key;
use super::row::{live, parsed_at};
use super::{ReleaseError, Result, Store};
use crate::domain::dor::{DorPoint, open_points};
use crate::domain::release::{Release, ReleaseState, clean_date};
use crate::domain::{Item, ItemId, State};

pub(super) const COLUMNS: &str =
    "id, variant, version, target_date, state, notes, planned_at, accepted_at,
     accepted_by, released_at";

pub(super) fn from_row(r: &Row<'_>) -> rusqlite::Result<Release> {
    let variant: String = r.get(1)?;
    let version: String = r.get(2)?;
    Ok(Release {
        id: r.get(0)?,
        name: format!("{variant} {version}"),
        variant,
        version,
        target_date: r.get(3)?,
        state: parsed_at(r, 4)?,
        notes: r.get(5)?,
        planned_at: r.get(6)?,
        accepted_at: r.get(7)?,
        accepted_by: r.get(8)?,
        released_at: r.get(9)?,
    })
}

/// What shipping a release did: items moved to Released, and those left behind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shipped {
    pub release: Release,
    pub released: Vec<Item>,
    pub left_behind: Vec<Item>,
}

/// The `DoD` point that says every planned item is done: worked out from the
/// items, never ticked by hand.
pub const ITEMS_DONE: &str = "items";

impl Store {
    /// All releases, by target date.
    pub fn releases(&self) -> Result<Vec<Release>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM releases ORDER BY target_date IS NULL, target_date, variant, version"
        ))?;
        let rows = stmt.query_map([], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The release called `name` ("Pro 2.2"), or an error listing the names.
    pub fn release(&self, name: &str) -> Result<Release> {
        let wanted = name
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        let all = self.releases()?;
        let known: Vec<String> = all.iter().map(|r| r.name.clone()).collect();
        all.into_iter()
            .find(|r| r.name.to_lowercase() == wanted)
            .ok_or_else(|| {
                ReleaseError::Unknown {
                    name: name.to_string(),
                    known,
                }
                .into()
            })
    }

    /// Days from today to the release's target date (negative once passed).
    pub fn days_left(&self, release: &Release) -> Result<Option<i64>> {
        let Some(target) = &release.target_date else {
            return Ok(None);
        };
        Ok(self
            .conn
            .query_row(
                "SELECT CAST(julianday(?1) - julianday(COALESCE(?2, date('now'))) AS INTEGER)",
                params![target, self.today],
                |r| r.get(0),
            )
            .optional()?
            .flatten())
    }

    pub fn add_release(
        &mut self,
        variant: &str,
        version: &str,
        target: Option<&str>,
        notes: &str,
        who: &str,
    ) -> Result<Release> {
        let (variant, version) = (variant.trim(), version.trim());
        printable("release name", variant)?;
        printable("release name", version)?;
        printable_lines("release notes", notes)?;
        if variant.is_empty()
            || version.is_empty()
            || variant.contains(' ')
            || version.contains(' ')
        {
            return Err(ReleaseError::BadName.into());
        }
        let target = target
            .map(clean_date)
            .transpose()
            .map_err(ReleaseError::BadDate)?;
        let name = format!("{variant} {version}");
        if self.release(&name).is_ok() {
            return Err(ReleaseError::Duplicate(name).into());
        }
        let tx = self.begin()?;
        tx.execute(
            "INSERT INTO releases(variant, version, target_date, notes, planned_at)
             VALUES (?1, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%fZ','now'))",
            params![variant, version, target, notes],
        )?;
        let mut journal = Journal::default();
        journal.created_id(Table::Releases, tx.last_insert_rowid());
        record(
            &tx,
            Entry {
                who,
                command: "release-add",
                item_id: None,
                summary: format!("Added release {name}"),
                rows: journal.finish(&tx)?,
            },
        )?;
        tx.commit()?;
        self.release(&name)
    }

    pub fn edit_release(
        &mut self,
        name: &str,
        target: Option<&str>,
        notes: Option<&str>,
        who: &str,
    ) -> Result<Release> {
        let r = self.release(name)?;
        let target = target
            .map(clean_date)
            .transpose()
            .map_err(ReleaseError::BadDate)?;
        if let Some(n) = notes {
            printable_lines("release notes", n)?;
        }
        let tx = self.begin()?;
        let mut journal = Journal::default();
        journal.watch_id(&tx, Table::Releases, r.id)?;
        tx.execute(
            "UPDATE releases SET target_date = COALESCE(?1, target_date),
             notes = COALESCE(?2, notes) WHERE id = ?3",
            params![target, notes, r.id],
        )?;
        let rows = journal.finish(&tx)?;
        if !rows.is_empty() {
            let mut what = Vec::new();
            if let Some(t) = &target {
                what.push(format!("target {t}"));
            }
            if notes.is_some() {
                what.push("notes".to_string());
            }
            record(
                &tx,
                Entry {
                    who,
                    command: "release-edit",
                    item_id: None,
                    summary: format!("Edited release {}: {}", r.name, what.join(", ")),
                    rows,
                },
            )?;
        }
        tx.commit()?;
        self.release(&r.name)
    }

    /// Plans an item into a release, replacing its plan for that variant;
    /// with `release` None, clears its plan for `variant`. Undoable.
    pub fn plan(
        &mut self,
        item: ItemId,
        release: Option<&Release>,
        variant: &str,
        who: &str,
    ) -> Result<Item> {
        let tx = self.begin()?;
        let it = live(&tx, item)?;
        let mut journal = Journal::default();
        journal.watch_all(&tx, Table::ItemReleases, "item_id", item.0)?;
        if let Some(r) = release {
            journal.watch(&tx, Table::ItemReleases, plan_key(item, r.id))?;
        }
        let taken = tx.execute(
            "DELETE FROM item_releases WHERE item_id = ?1 AND release_id IN
               (SELECT id FROM releases WHERE lower(variant) = lower(?2))",
            params![item.0, variant],
        )?;
        // Said as stored ("Pro", not "pro"); taking out what is not there is refused.
        let stored: Option<String> = tx
            .query_row(
                "SELECT variant FROM releases WHERE lower(variant) = lower(?1) LIMIT 1",
                [variant],
                |r| r.get(0),
            )
            .optional()?;
        let variant = stored.as_deref().unwrap_or(variant);
        if release.is_none() && taken == 0 {
            let plans: Vec<String> = tx
                .prepare_cached(
                    "SELECT r.variant || ' ' || r.version FROM item_releases ir JOIN releases r ON r.id = ir.release_id
                     WHERE ir.item_id = ?1 ORDER BY r.target_date, r.variant",
                )?
                .query_map([item.0], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            return Err(ReleaseError::NotPlanned {
                code: it.code(),
                variant: variant.to_string(),
                plans,
            }
            .into());
        }
        if let Some(r) = release {
            tx.execute(
                "INSERT INTO item_releases(item_id, release_id) VALUES (?1, ?2)",
                params![item.0, r.id],
            )?;
        }
        let summary = match release {
            Some(r) => format!("Planned {} \"{}\" into {}", it.code(), it.title, r.name),
            None => format!(
                "Took {} \"{}\" out of the {variant} plan",
                it.code(),
                it.title
            ),
        };
        record(
            &tx,
            Entry {
                who,
                command: "plan",
                item_id: Some(item),
                summary,
                rows: journal.finish(&tx)?,
            },
        )?;
        tx.commit()?;
        Ok(it)
    }

    /// A release's items in cluster rank order.
    pub fn release_items(&self, release: &Release) -> Result<Vec<(usize, Item)>> {
        let ids: Vec<i64> = self
            .conn
            .prepare_cached(
                "SELECT i.id FROM live_items i JOIN item_releases ir ON ir.item_id = i.id
                 WHERE ir.release_id = ?1 ORDER BY i.rank",
            )?
            .query_map([release.id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter()
            .map(|id| Ok((self.position(ItemId(id))?, self.item(ItemId(id))?)))
            .collect()
    }

    /// The release's met `DoD` points: the ticked ones, and "items" when every
    /// item planned into it is Done or Released (worked out, never ticked).
    pub fn release_dod(&self, release: &Release) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT point FROM release_dod WHERE release_id = ?1 AND point != ?2 ORDER BY point",
        )?;
        let mut met: Vec<String> = stmt
            .query_map(params![release.id, ITEMS_DONE], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if self.not_done_in(release, 1)?.is_empty() {
            met.push(ITEMS_DONE.to_string());
            met.sort();
        }
        Ok(met)
    }

    /// How many items planned into the release are not Done or Released.
    pub fn not_done_count(&self, release: &Release) -> Result<usize> {
        let n: i64 = self
            .conn
            .prepare_cached(
                "SELECT COUNT(*) FROM item_releases ir JOIN live_items i ON i.id = ir.item_id
                 WHERE ir.release_id = ?1 AND i.state NOT IN ('done', 'released')",
            )?
            .query_row([release.id], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// Codes of up to `limit` items planned into the release that are not
    /// Done or Released, in rank order.
    pub fn not_done_in(&self, release: &Release, limit: usize) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT i.kind, i.id FROM item_releases ir JOIN live_items i ON i.id = ir.item_id
             WHERE ir.release_id = ?1 AND i.state NOT IN ('done', 'released')
             ORDER BY i.rank LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![release.id, limit as i64], |r| {
            let kind: crate::domain::Kind = super::row::parsed_at(r, 0)?;
            Ok(crate::domain::item::code(kind, ItemId(r.get(1)?)))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn set_release_dod(
        &mut self,
        release: &Release,
        point: &DorPoint,
        met: bool,
        who: &str,
    ) -> Result<()> {
        if point.key == ITEMS_DONE {
            return Err(ReleaseError::Computed {
                point: point.text.clone(),
                release: release.name.clone(),
            }
            .into());
        }
        let tx = self.begin()?;
        let mut journal = Journal::default();
        journal.watch(
            &tx,
            Table::ReleaseDod,
            key(&[
                ("release_id", Value::from(release.id)),
                ("point", Value::from(point.key.clone())),
            ]),
        )?;
        if met {
            tx.execute(
                "INSERT OR IGNORE INTO release_dod(release_id, point) VALUES (?1, ?2)",
                params![release.id, point.key],
            )?;
        } else {
            tx.execute(
                "DELETE FROM release_dod WHERE release_id = ?1 AND point = ?2",
                params![release.id, point.key],
            )?;
        }
        record(
            &tx,
            Entry {
                who,
                command: "release-dod",
                item_id: None,
                summary: format!(
                    "{} DoD point \"{}\" of {}",
                    if met { "Ticked" } else { "Unticked" },
                    point.text,
                    release.name
                ),
                rows: journal.finish(&tx)?,
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Accepts a planned release once its Definition of Done is met (or forced).
    pub fn accept(
        &mut self,
        release: &Release,
        dod: &[DorPoint],
        force: bool,
        who: &str,
    ) -> Result<Release> {
        if release.state != ReleaseState::Planned {
            return Err(ReleaseError::Already {
                name: release.name.clone(),
                state: release.state,
            }
            .into());
        }
        let met = self.release_dod(release)?;
        let open: Vec<String> = open_points(dod, &met)
            .into_iter()
            .map(|p| {
                if p.key != ITEMS_DONE {
                    return Ok(p.text.clone());
                }
                // Name what is not done, so the refusal says what to finish.
                let shown = 8;
                let codes = self.not_done_in(release, shown + 1)?;
                let more = if codes.len() > shown { ", …" } else { "" };
                Ok(format!(
                    "{} (not done: {}{more})",
                    p.text,
                    codes[..codes.len().min(shown)].join(", ")
                ))
            })
            .collect::<Result<_>>()?;
        if !open.is_empty() && !force {
            return Err(ReleaseError::DodOpen {
                name: release.name.clone(),
                open,
            }
            .into());
        }
        let tx = self.begin()?;
        let mut journal = Journal::default();
        journal.watch_id(&tx, Table::Releases, release.id)?;
        tx.execute(
            "UPDATE releases SET state = 'accepted', accepted_by = ?1,
             accepted_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?2",
            params![who, release.id],
        )?;
        let summary = format!(
            "Accepted release {}{}",
            release.name,
            overriding("DoD", &open)
        );
        record(
            &tx,
            Entry {
                who,
                command: "release-accept",
                item_id: None,
                summary,
                rows: journal.finish(&tx)?,
            },
        )?;
        tx.commit()?;
        self.release(&release.name)
    }

    /// Marks an accepted release released: its Done items move to Released and
    /// the date is stamped. Unfinished items stay where they are, still planned
    /// into it, so they are seen and re-planned. Undoable.
    pub fn ship(&mut self, release: &Release, who: &str) -> Result<Shipped> {
        if release.state != ReleaseState::Accepted {
            let name = release.name.clone();
            return Err(match release.state {
                ReleaseState::Planned => ReleaseError::NotAccepted(name),
                state => ReleaseError::Already { name, state },
            }
            .into());
        }
        let items: Vec<Item> = self
            .release_items(release)?
            .into_iter()
            .map(|(_, i)| i)
            .collect();
        let (done, left): (Vec<Item>, Vec<Item>) =
            items.into_iter().partition(|i| i.state >= State::Done);
        let moving: Vec<ItemId> = done
            .iter()
            .filter(|i| i.state == State::Done)
            .map(|i| i.id)
            .collect();
        let tx = self.begin()?;
        let mut journal = Journal::default();
        journal.watch_id(&tx, Table::Releases, release.id)?;
        for id in &moving {
            journal.watch_columns(&tx, Table::Items, id_key(*id), Some(&["state"]))?;
        }
        for id in &moving {
            tx.execute(
                "UPDATE items SET state = 'released',
                 updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?1",
                [id.0],
            )?;
        }
        tx.execute(
            "UPDATE releases SET state = 'released',
             released_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?1",
            [release.id],
        )?;
        record(
            &tx,
            Entry {
                who,
                command: "release-ship",
                item_id: None,
                summary: format!(
                    "Released {}: {} items moved to Released, {} unfinished left behind",
                    release.name,
                    moving.len(),
                    left.len()
                ),
                rows: journal.finish(&tx)?,
            },
        )?;
        tx.commit()?;
        let released = moving
            .iter()
            .map(|id| self.item(*id))
            .collect::<Result<_>>()?;
        Ok(Shipped {
            release: self.release(&release.name)?,
            released,
            left_behind: left,
        })
    }

    /// Ready items planned into no release, in rank order.
    pub fn unplanned_ready(&self, limit: usize) -> Result<Vec<Item>> {
        let ids: Vec<i64> = self
            .conn
            .prepare_cached(
                "SELECT id FROM live_items items WHERE state = 'ready'
                 AND NOT EXISTS (SELECT 1 FROM item_releases WHERE item_id = items.id)
                 ORDER BY rank LIMIT ?1",
            )?
            .query_map([limit as i64], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter().map(|id| self.item(ItemId(id))).collect()
    }
}

fn plan_key(item: ItemId, release: i64) -> super::journal::Row {
    key(&[
        ("item_id", Value::from(item.0)),
        ("release_id", Value::from(release)),
    ])
}
