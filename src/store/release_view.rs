//! Reads for the Releases view, sized to the screen: every release's head (a
//! few hundred at most), and for the releases on screen their counts and sums
//! (kept by triggers, migration 19) and the window of their items that is
//! shown. Nothing here reads a whole release's items, whatever its size.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params, params_from_iter};

use super::release::{COLUMNS, from_row};
use super::row::{TITLE_SHOWN, parsed_at, points_at};
use super::{Result, Store};
use crate::domain::release::Release;
use crate::domain::{ItemId, Kind, State, item};

/// A release with the days left to its target date (negative once passed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseHead {
    pub release: Release,
    pub days_left: Option<i64>,
}

/// What the head lines of a release say, counted in SQL.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReleaseStats {
    pub items: usize,
    pub points_planned: u32,
    pub points_done: u32,
    /// Items meeting every point of the checklist passed in.
    pub dor_met: usize,
    /// Items in Done (they move to Released when the release ships).
    pub done: usize,
    /// Items not yet Done.
    pub unfinished: usize,
    /// Points of the checklist passed in that the release has ticked.
    pub dod_met: usize,
}

/// One item line of a release: what the line shows, and no more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseItem {
    pub id: ItemId,
    pub kind: Kind,
    /// The title, cut to the longest a title may be typed.
    pub title: String,
    pub state: State,
    pub effort: Option<u32>,
    pub rank_key: String,
}

impl ReleaseItem {
    pub fn code(&self) -> String {
        item::code(self.kind, self.id)
    }
}

fn release_item(r: &rusqlite::Row<'_>) -> rusqlite::Result<ReleaseItem> {
    Ok(ReleaseItem {
        id: ItemId(r.get(0)?),
        kind: parsed_at(r, 1)?,
        title: r.get(2)?,
        state: parsed_at(r, 3)?,
        effort: points_at(r, 4)?,
        rank_key: r.get(5)?,
    })
}

/// `?first, ?first+1, …` for `n` parameters.
fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// How many items have a rank key up to `?1`: the two-character buckets
/// before its prefix, the three-character ones inside that prefix before its
/// own, then a count inside its own (migrations 3 and 7 keep the buckets).
pub(super) const RANK_OF_KEY: &str = "SELECT
      (SELECT COALESCE(sum(n), 0) FROM rank_tops_all WHERE bucket < substr(?1, 1, 2))
    + (SELECT COALESCE(sum(n), 0) FROM rank_buckets_all
       WHERE bucket >= substr(?1, 1, 2) AND bucket < substr(?1, 1, 3))
    + (SELECT COUNT(*) FROM live_items WHERE rank >= substr(?1, 1, 3) AND rank <= ?1)";

/// How many cards of column `?2` have a rank key before `?1`, the same way.
pub(super) const INDEX_IN_COLUMN: &str = "SELECT
      (SELECT COALESCE(sum(n), 0) FROM rank_tops
       WHERE state = ?2 AND bucket < substr(?1, 1, 2))
    + (SELECT COALESCE(sum(n), 0) FROM rank_buckets
       WHERE state = ?2 AND bucket >= substr(?1, 1, 2) AND bucket < substr(?1, 1, 3))
    + (SELECT COUNT(*) FROM live_items
       WHERE state = ?2 AND rank >= substr(?1, 1, 3) AND rank < ?1)";

/// A gap in the rank order longer than this is measured through the rank
/// buckets instead of counted key by key.
const GAP_COUNTED: i64 = 2_000;

impl Store {
    /// Every release by target date, with the days left to it, in one query.
    pub fn release_heads(&self) -> Result<Vec<ReleaseHead>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS},
                    CAST(julianday(target_date) - julianday(COALESCE(?1, date('now'))) AS INTEGER)
             FROM releases ORDER BY target_date IS NULL, target_date, variant, version"
        ))?;
        let rows = stmt.query_map([&self.today], |r| {
            Ok(ReleaseHead {
                release: from_row(r)?,
                days_left: r.get(10)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many live items are planned into a release (kept by triggers,
    /// migration 19).
    pub fn release_item_count(&self, release: i64) -> Result<usize> {
        let n: Option<i64> = self
            .conn
            .prepare_cached("SELECT items FROM release_sums WHERE release_id = ?1")?
            .query_row([release], |r| r.get(0))
            .optional()?;
        Ok(n.unwrap_or(0).max(0) as usize)
    }

    /// A release's counts and sums, read from what the triggers of
    /// migration 19 keep: a row of sums and the items per set of ticked `DoR`
    /// points, whatever the release's size. `dor` and `dod` are the keys of
    /// the configured checklists.
    pub fn release_stats(
        &self,
        release: i64,
        dor: &[String],
        dod: &[String],
    ) -> Result<ReleaseStats> {
        let count = |v: i64| v.max(0) as usize;
        let points = |v: i64| u32::try_from(v.max(0)).unwrap_or(u32::MAX);
        let mut stats = self
            .conn
            .prepare_cached(
                "SELECT items, points_planned, points_done, done, unfinished
                 FROM release_sums WHERE release_id = ?1",
            )?
            .query_row([release], |r| {
                Ok(ReleaseStats {
                    items: count(r.get(0)?),
                    points_planned: points(r.get(1)?),
                    points_done: points(r.get(2)?),
                    dor_met: 0,
                    done: count(r.get(3)?),
                    unfinished: count(r.get(4)?),
                    dod_met: 0,
                })
            })
            .optional()?
            .unwrap_or_default();
        // An item meets the DoR when every configured key is among its ticks.
        let mut sets = self
            .conn
            .prepare_cached("SELECT ticks, n FROM release_tick_sets WHERE release_id = ?1")?;
        let mut rows = sets.query([release])?;
        while let Some(row) = rows.next()? {
            let ticks: String = row.get(0)?;
            let n: i64 = row.get(1)?;
            if dor
                .iter()
                .all(|k| ticks.split('\u{1f}').any(|t| t == k.as_str()))
            {
                stats.dor_met += count(n);
            }
        }
        // "All planned items done" is worked out from the items, never ticked.
        let computed = dod.iter().any(|k| k == super::release::ITEMS_DONE);
        if computed && stats.unfinished == 0 {
            stats.dod_met += 1;
        }
        let ticked: Vec<&String> = dod
            .iter()
            .filter(|k| *k != super::release::ITEMS_DONE)
            .collect();
        if !ticked.is_empty() {
            let sql = format!(
                "SELECT COUNT(*) FROM release_dod WHERE release_id = ?1 AND point IN ({})",
                placeholders(2, ticked.len())
            );
            let mut values: Vec<Value> = vec![Value::Integer(release)];
            values.extend(ticked.iter().map(|k| Value::Text((*k).clone())));
            let n: i64 = self
                .conn
                .prepare_cached(&sql)?
                .query_row(params_from_iter(values), |r| r.get(0))?;
            stats.dod_met += count(n);
        }
        Ok(stats)
    }

    /// The sums of [`Store::release_stats`] counted from the items
    /// themselves, to check the kept ones against.
    #[cfg(test)]
    pub(crate) fn release_stats_counted(
        &self,
        release: i64,
        dor: &[String],
    ) -> Result<ReleaseStats> {
        let dor_met = if dor.is_empty() {
            "1".to_string()
        } else {
            format!(
                "(SELECT COUNT(*) FROM item_dor d WHERE d.item_id = i.id AND d.point IN ({})) = {}",
                placeholders(2, dor.len()),
                dor.len()
            )
        };
        let sql = format!(
            "SELECT COUNT(*), COALESCE(sum(i.effort), 0),
                    COALESCE(sum(CASE WHEN i.state IN ('done', 'released') THEN i.effort END), 0),
                    COALESCE(sum({dor_met}), 0),
                    COALESCE(sum(i.state = 'done'), 0),
                    COALESCE(sum(i.state NOT IN ('done', 'released')), 0)
             FROM item_releases ir JOIN live_items i ON i.id = ir.item_id
             WHERE ir.release_id = ?1"
        );
        let mut values: Vec<Value> = vec![Value::Integer(release)];
        values.extend(dor.iter().map(|k| Value::Text(k.clone())));
        let count = |v: i64| v.max(0) as usize;
        let points = |v: i64| u32::try_from(v.max(0)).unwrap_or(u32::MAX);
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row(params_from_iter(values), |r| {
                Ok(ReleaseStats {
                    items: count(r.get(0)?),
                    points_planned: points(r.get(1)?),
                    points_done: points(r.get(2)?),
                    dor_met: count(r.get(3)?),
                    done: count(r.get(4)?),
                    unfinished: count(r.get(5)?),
                    dod_met: 0,
                })
            })?)
    }

    /// Items `range` of a release of `count` items, in cluster rank order,
    /// each with its 1-based cluster rank. A range nearer the end is read
    /// from the end, so the sort keeps only the rows asked for.
    pub fn release_items_page(
        &self,
        release: i64,
        range: std::ops::Range<usize>,
        count: usize,
    ) -> Result<Vec<(usize, ReleaseItem)>> {
        if range.is_empty() {
            return Ok(Vec::new());
        }
        let from_end = range.start + range.end > count;
        let (direction, offset) = if from_end {
            ("DESC", count.saturating_sub(range.end))
        } else {
            ("ASC", range.start)
        };
        let mut items: Vec<ReleaseItem> = self
            .conn
            .prepare_cached(&format!(
                "SELECT i.id, i.kind, substr(i.title, 1, {TITLE_SHOWN}), o.state, o.effort, o.rank
                 FROM release_order o CROSS JOIN items i ON i.id = o.item_id
                 WHERE o.release_id = ?1 ORDER BY o.rank {direction} LIMIT ?2 OFFSET ?3"
            ))?
            .query_map(
                params![release, range.len() as i64, offset as i64],
                release_item,
            )?
            .collect::<rusqlite::Result<_>>()?;
        if from_end {
            items.reverse();
        }
        let keys: Vec<&str> = items.iter().map(|i| i.rank_key.as_str()).collect();
        let ranks = self.ranks_of_sorted(&keys)?;
        Ok(ranks.into_iter().zip(items).collect())
    }

    /// Ready items planned into no release, in rank order.
    pub fn unplanned_ready_items(&self, limit: usize) -> Result<Vec<ReleaseItem>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT id, kind, substr(title, 1, {TITLE_SHOWN}), state, effort, rank FROM live_items items
             WHERE state = 'ready'
               AND NOT EXISTS (SELECT 1 FROM item_releases WHERE item_id = items.id)
             ORDER BY rank LIMIT ?1"
        ))?;
        let rows = stmt.query_map([limit as i64], release_item)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The 1-based cluster ranks of items whose rank keys are given in order:
    /// the first through the rank buckets, each next one by counting the keys
    /// between it and the one before (or through the buckets, for a long gap).
    pub(super) fn ranks_of_sorted(&self, keys: &[&str]) -> Result<Vec<usize>> {
        let mut out = Vec::with_capacity(keys.len());
        let mut gap = self.conn.prepare_cached(&format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM live_items WHERE rank > ?1 AND rank <= ?2 LIMIT {GAP_COUNTED})"
        ))?;
        let mut previous: Option<(&str, usize)> = None;
        for &key in keys {
            let rank = match previous {
                Some((before, at)) => {
                    let n: i64 = gap.query_row(params![before, key], |r| r.get(0))?;
                    if n < GAP_COUNTED {
                        at + n as usize
                    } else {
                        self.rank_of_key(key)?
                    }
                }
                None => self.rank_of_key(key)?,
            };
            out.push(rank);
            previous = Some((key, rank));
        }
        Ok(out)
    }

    /// The 1-based cluster rank of the item with this rank key.
    fn rank_of_key(&self, key: &str) -> Result<usize> {
        let n: i64 = self
            .conn
            .prepare_cached(RANK_OF_KEY)?
            .query_row([key], |r| r.get(0))?;
        Ok(n.max(0) as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_of_a_release_carries_cluster_ranks_and_the_stats_add_up() {
        let store = crate::demo::open().unwrap();
        let heads = store.release_heads().unwrap();
        let pro22 = heads.iter().find(|h| h.release.name == "Pro 2.2").unwrap();
        let id = pro22.release.id;
        let all = store.release_items(&pro22.release).unwrap();
        assert_eq!(store.release_item_count(id).unwrap(), all.len());
        for range in [3..7, 0..1, all.len() - 4..all.len(), 1..all.len()] {
            let page = store
                .release_items_page(id, range.clone(), all.len())
                .unwrap();
            let expected: Vec<(usize, ItemId)> =
                all[range].iter().map(|(r, i)| (*r, i.id)).collect();
            let got: Vec<(usize, ItemId)> = page.iter().map(|(r, i)| (*r, i.id)).collect();
            assert_eq!(got, expected);
        }

        let dor: Vec<String> = crate::domain::dor::default_checklist()
            .into_iter()
            .map(|p| p.key)
            .collect();
        let stats = store.release_stats(id, &dor, &[]).unwrap();
        let (planned, done) = crate::domain::release::points(all.iter().map(|(_, i)| i));
        assert_eq!(stats.items, all.len());
        assert_eq!((stats.points_planned, stats.points_done), (planned, done));
        let met = all
            .iter()
            .filter(|(_, i)| {
                crate::domain::dor::DorState::of(
                    &crate::domain::dor::default_checklist(),
                    &store.dor_met(i.id).unwrap(),
                )
                .is_met()
            })
            .count();
        assert_eq!(stats.dor_met, met);
        assert_eq!(
            stats.done + stats.unfinished,
            all.iter()
                .filter(|(_, i)| i.state != State::Released)
                .count()
        );
    }

    /// The kept sums, `DoR` counts and pages of every release against a count
    /// over the items, after every kind of change that touches them.
    #[test]
    fn kept_release_sums_and_pages_match_a_count_after_any_changes() {
        use crate::store::{Gate, Placement};
        let mut store = Store::open_in_memory().unwrap();
        store
            .load_seed(&crate::bench::generate(800, 3), "t")
            .unwrap();
        let releases = store.releases().unwrap();
        let points = crate::domain::dor::default_checklist();
        let dor: Vec<String> = points.iter().map(|p| p.key.clone()).collect();
        let check = |store: &Store, round: usize| {
            for r in &store.releases().unwrap() {
                for keys in [&dor[..], &dor[..1], &[]] {
                    let mut want = store.release_stats_counted(r.id, keys).unwrap();
                    if keys.is_empty() {
                        want.dor_met = want.items;
                    }
                    let got = store.release_stats(r.id, keys, &[]).unwrap();
                    assert_eq!(got, want, "release {} after round {round}", r.name);
                }
                let all = store.release_items(r).unwrap();
                let n = store.release_item_count(r.id).unwrap();
                assert_eq!(n, all.len(), "count of {} after round {round}", r.name);
                let page: Vec<(usize, ItemId)> = store
                    .release_items_page(r.id, 0..n, n)
                    .unwrap()
                    .iter()
                    .map(|(rank, i)| (*rank, i.id))
                    .collect();
                let want: Vec<(usize, ItemId)> =
                    all.iter().map(|(rank, i)| (*rank, i.id)).collect();
                assert_eq!(page, want, "page of {} after round {round}", r.name);
            }
        };
        check(&store, 0);
        let gate = Gate {
            dor: &[],
            force: true,
        };
        let mut rng = fastrand::Rng::with_seed(19);
        for round in 1..=600 {
            let id = ItemId(rng.i64(1..=800));
            let r = &releases[rng.usize(0..releases.len())];
            let _ = match rng.u8(0..13) {
                0 => store.move_rank(id, Placement::Top, "t").map(|_| ()),
                1 => store
                    .move_rank(id, Placement::Rank(rng.usize(1..50)), "t")
                    .map(|_| ()),
                2 => store
                    .move_to_state(id, State::ALL[rng.usize(0..State::ALL.len())], "t", gate)
                    .map(|_| ()),
                3 => store.archive(id, "t").map(|_| ()),
                4 => store.restore_item(id, "t").map(|_| ()),
                5 => store.undo("t").map(|_| ()),
                6 => store.redo("t").map(|_| ()),
                7 => store.plan(id, Some(r), &r.variant, "t").map(|_| ()),
                8 => store.plan(id, None, &r.variant, "t").map(|_| ()),
                9 => {
                    let p = &points[rng.usize(0..points.len())];
                    store.set_dor_point(id, p, rng.bool(), "t")
                }
                10 => store
                    .estimate(
                        id,
                        crate::store::EstimateChange {
                            effort: Some(Some(rng.u32(1..20))),
                            ..Default::default()
                        },
                        "t",
                    )
                    .map(|_| ()),
                11 => store.delete_item(id, "t").map(|_| ()),
                // As another program might: a planned item gone, which
                // the store itself refuses.
                _ => store
                    .conn
                    .execute("DELETE FROM items WHERE id = ?1", [id.0])
                    .map(|_| ())
                    .map_err(Into::into),
            };
            if round % 50 == 0 {
                check(&store, round);
            }
        }
        check(&store, 600);
    }

    #[test]
    fn a_file_from_before_migration_19_gets_its_release_sums_on_upgrade() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        Store::create_at_schema(&path, 18).unwrap();
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "INSERT INTO releases(id, variant, version) VALUES (1, 'Pro', '1'), (2, 'Pro', '2');
             INSERT INTO items(id, kind, title, state, rank, effort) VALUES
                 (1, 'feature', 'a', 'ready', 'b', 3), (2, 'feature', 'b', 'done', 'c', 5),
                 (3, 'feature', 'c', 'released', 'd', NULL), (4, 'feature', 'd', 'funnel', 'e', 8);
             UPDATE items SET archived_at = '2026-01-01' WHERE id = 4;
             INSERT INTO item_releases(item_id, release_id) VALUES (1, 1), (2, 1), (3, 1), (4, 1), (2, 2);
             INSERT INTO item_dor(item_id, point) VALUES (1, 'value'), (1, 'effort'), (2, 'value');",
        )
        .unwrap();
        drop(conn);
        let store = Store::open(&path).unwrap();
        let keys = vec!["value".to_string()];
        for r in [1, 2] {
            assert_eq!(
                store.release_stats(r, &keys, &[]).unwrap(),
                store.release_stats_counted(r, &keys).unwrap()
            );
        }
        let one = store.release_stats(1, &keys, &[]).unwrap();
        assert_eq!((one.items, one.points_planned, one.points_done), (3, 8, 5));
        assert_eq!((one.dor_met, one.done, one.unfinished), (2, 1, 1));
    }

    #[test]
    fn ranks_of_keys_far_apart_match_their_positions() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .load_seed(&crate::bench::generate(3_000, 5), "t")
            .unwrap();
        let rows = store
            .backlog_page(0, 3_000, &crate::domain::filter::Filter::default())
            .unwrap();
        // Every item, then a sparse pick with gaps longer than GAP_COUNTED.
        let picks = [0usize, 1, 2, 50, 2_500, 2_999];
        let keys: Vec<&str> = picks
            .iter()
            .map(|&k| rows[k].item.rank_key.as_str())
            .collect();
        let ranks = store.ranks_of_sorted(&keys).unwrap();
        assert_eq!(ranks, picks.iter().map(|k| k + 1).collect::<Vec<_>>());
    }
}
