//! Reprioritising: one new rank key per move, however long the backlog. Where
//! an item goes is worked out inside the write transaction, from the rows as
//! they are then, so two people moving the same item both move it the way
//! each asked, never the other way.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};

use super::change::{Entry, record};
use super::filter::conditions;
use super::journal::{Journal, Table};
use super::row::get;
use super::{Result, Store};
use crate::domain::filter::Filter;
use crate::domain::{Item, ItemId, State, rank};

/// Where a reprioritised (or new) item goes in the cluster order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    Top,
    Bottom,
    Before(ItemId),
    After(ItemId),
    /// To this 1-based rank (clamped to the backlog).
    Rank(usize),
}

/// One place up or down among the items a view shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Up,
    Down,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RankMove {
    pub item: Item,
    /// False when the item already stood there (or at the edge); nothing was written.
    pub moved: bool,
}

// Neighbours for new keys look at every row, archived ones too: keys are unique
// across the table.
const BELOW: &str =
    "SELECT rank FROM items WHERE rank < ?1 AND id != ?2 ORDER BY rank DESC LIMIT 1";
const ABOVE: &str = "SELECT rank FROM items WHERE rank > ?1 AND id != ?2 ORDER BY rank ASC LIMIT 1";

fn neighbour(
    conn: &Connection,
    sql: &str,
    key: &str,
    id: Option<ItemId>,
) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(sql)?
        .query_row(params![key, id.map_or(0, |i| i.0)], |r| r.get(0))
        .optional()?)
}

/// The 1-based position of a rank key among the items on the board.
pub(super) fn position_of(conn: &Connection, key: &str) -> Result<usize> {
    // Whole buckets before the key's prefix, then its own bucket.
    let n: i64 = conn
        .prepare_cached(super::release_view::RANK_OF_KEY)?
        .query_row([key], |r| r.get(0))?;
    Ok(n as usize)
}

fn live_count(conn: &Connection) -> Result<usize> {
    let n: i64 = conn
        .prepare_cached("SELECT COALESCE(sum(n), 0) FROM state_counts")?
        .query_row([], |r| r.get(0))?;
    Ok(n.max(0) as usize)
}

fn item_at_rank(conn: &Connection, rank: usize) -> Result<Option<ItemId>> {
    if rank == 0 {
        return Ok(None);
    }
    Ok(conn
        .prepare_cached("SELECT id FROM live_items ORDER BY rank LIMIT 1 OFFSET ?1")?
        .query_row([rank as i64 - 1], |r| r.get(0))
        .optional()?
        .map(ItemId))
}

/// The keys a key placed `to` must fall between. `moving` is the item being
/// placed (left out of its own neighbours), `None` for a new one.
pub(super) fn bounds(
    conn: &Connection,
    to: Placement,
    moving: Option<ItemId>,
) -> Result<(Option<String>, Option<String>)> {
    Ok(match to {
        Placement::Top => (None, neighbour(conn, ABOVE, "", moving)?),
        Placement::Bottom => (neighbour(conn, BELOW, "\u{7f}", moving)?, None),
        Placement::Before(t) => {
            let target = get(conn, t)?.rank_key;
            (neighbour(conn, BELOW, &target, moving)?, Some(target))
        }
        Placement::After(t) => {
            let target = get(conn, t)?.rank_key;
            (
                Some(target.clone()),
                neighbour(conn, ABOVE, &target, moving)?,
            )
        }
        Placement::Rank(n) => {
            let n = n.clamp(1, live_count(conn)?.max(1));
            let current = match moving {
                Some(id) => position_of(conn, &get(conn, id)?.rank_key)?,
                None => usize::MAX,
            };
            match item_at_rank(conn, n)? {
                Some(target) if Some(target) == moving => {
                    let key = get(conn, target)?.rank_key;
                    (Some(key.clone()), Some(key))
                }
                Some(target) if n < current => bounds(conn, Placement::Before(target), moving)?,
                Some(target) => bounds(conn, Placement::After(target), moving)?,
                None => bounds(conn, Placement::Bottom, moving)?,
            }
        }
    })
}

/// The item next to `item` the way `step` goes, among the items on the board
/// that pass `filter` (and stand in `within`, for a board column).
fn step_neighbour(
    conn: &Connection,
    item: &Item,
    step: Step,
    within: Option<State>,
    filter: &Filter,
) -> Result<Option<ItemId>> {
    let (cmp, order) = match step {
        Step::Up => ("<", "DESC"),
        Step::Down => (">", "ASC"),
    };
    let mut params: Vec<Value> = vec![Value::Text(item.rank_key.clone())];
    let state = match within {
        Some(s) => {
            params.push(Value::Text(s.as_str().into()));
            " AND items.state = ?2"
        }
        None => "",
    };
    let (filtered, extra) = conditions(filter, params.len() + 1);
    params.extend(extra);
    let sql = format!(
        "SELECT id FROM live_items items WHERE items.rank {cmp} ?1{state}{filtered}
         ORDER BY items.rank {order} LIMIT 1"
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params_from_iter(params), |r| r.get(0))
        .optional()?
        .map(ItemId))
}

impl Store {
    /// The item at a 1-based rank, if the backlog is that long.
    pub fn item_at_rank(&self, rank: usize) -> Result<Option<ItemId>> {
        item_at_rank(&self.conn, rank)
    }

    /// Reprioritises one item: writes one new rank key, touching no other row.
    pub fn move_rank(&mut self, id: ItemId, to: Placement, who: &str) -> Result<RankMove> {
        let tx = self.begin()?;
        let item = get(&tx, id)?;
        let moved = place(&tx, &item, to, who)?;
        tx.commit()?;
        Ok(moved)
    }

    /// Moves an item one place up or down among the items a view shows: its
    /// neighbour is found inside the write, from the order as it is then.
    pub fn move_rank_step(
        &mut self,
        id: ItemId,
        step: Step,
        within: Option<State>,
        filter: &Filter,
        who: &str,
    ) -> Result<RankMove> {
        // Words are matched before the write; the write reads the matches.
        self.prepare_text(filter)?;
        let tx = self.begin()?;
        let item = get(&tx, id)?;
        let Some(next) = step_neighbour(&tx, &item, step, within, filter)? else {
            return Ok(RankMove { item, moved: false });
        };
        let to = match step {
            Step::Up => Placement::Before(next),
            Step::Down => Placement::After(next),
        };
        let moved = place(&tx, &item, to, who)?;
        tx.commit()?;
        Ok(moved)
    }
}

/// Gives `item` a key at `to` inside the caller's transaction, logged.
fn place(conn: &Connection, item: &Item, to: Placement, who: &str) -> Result<RankMove> {
    let (low, high) = bounds(conn, to, Some(item.id))?;
    if low.is_some() && low == high {
        return Ok(RankMove {
            item: item.clone(),
            moved: false,
        });
    }
    let Some(key) = rank::moved(&item.rank_key, low.as_deref(), high.as_deref())? else {
        return Ok(RankMove {
            item: item.clone(),
            moved: false,
        });
    };
    let mut journal = Journal::default();
    journal.watch_columns(conn, Table::Items, id_key(item.id), Some(&["rank"]))?;
    conn.prepare_cached(
        "UPDATE items SET rank = ?1,
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?2",
    )?
    .execute(params![key, item.id.0])?;
    let moved = get(conn, item.id)?;
    record(
        conn,
        Entry {
            who,
            command: "rank",
            item_id: Some(item.id),
            summary: format!(
                "Reprioritised {} \"{}\" to rank {}",
                moved.code(),
                moved.title,
                position_of(conn, &moved.rank_key)?
            ),
            rows: journal.finish(conn)?,
        },
    )?;
    Ok(RankMove {
        item: moved,
        moved: true,
    })
}

pub(super) fn id_key(id: ItemId) -> super::journal::Row {
    super::journal::key(&[("id", serde_json::Value::from(id.0))])
}

/// The rank key of the card at 0-based place `n` of a column, found through
/// the per-column counts by rank-key prefix (two characters, then three)
/// and a short count inside one bucket: what `OFFSET n` would find, without
/// stepping over the `n` cards before it. `None` past the column's end.
pub(super) fn key_at_place(conn: &Connection, state: &str, n: usize) -> Result<Option<String>> {
    let n = i64::try_from(n).unwrap_or(i64::MAX);
    // The two-character bucket the place falls in, and the cards before it.
    let mut before = 0_i64;
    let mut top: Option<String> = None;
    {
        let mut stmt = conn
            .prepare_cached("SELECT bucket, n FROM rank_tops WHERE state = ?1 ORDER BY bucket")?;
        let mut rows = stmt.query([state])?;
        while let Some(r) = rows.next()? {
            let (bucket, count): (String, i64) = (r.get(0)?, r.get(1)?);
            if before + count > n {
                top = Some(bucket);
                break;
            }
            before += count;
        }
    }
    let Some(top) = top else {
        return Ok(None);
    };
    // The three-character bucket inside it.
    let mut bucket: Option<String> = None;
    {
        let mut stmt = conn.prepare_cached(
            "SELECT bucket, n FROM rank_buckets WHERE state = ?1 AND bucket >= ?2 ORDER BY bucket",
        )?;
        let mut rows = stmt.query(params![state, top])?;
        while let Some(r) = rows.next()? {
            let (b, count): (String, i64) = (r.get(0)?, r.get(1)?);
            if b.get(..b.len().min(2)) != Some(top.as_str()) {
                break;
            }
            if before + count > n {
                bucket = Some(b);
                break;
            }
            before += count;
        }
    }
    let Some(bucket) = bucket else {
        return Ok(None);
    };
    Ok(conn
        .prepare_cached(
            "SELECT rank FROM live_items WHERE state = ?1 AND rank >= ?2 ORDER BY rank LIMIT 1 OFFSET ?3",
        )?
        .query_row(params![state, bucket, n - before], |r| r.get(0))
        .optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cards from place `offset` on, as `OFFSET` finds them.
    fn stepped(store: &Store, state: &str, offset: usize) -> Option<String> {
        store
            .conn
            .query_row(
                "SELECT rank FROM live_items WHERE state = ?1 ORDER BY rank LIMIT 1 OFFSET ?2",
                params![state, offset as i64],
                |r| r.get(0),
            )
            .optional()
            .unwrap()
    }

    #[test]
    fn the_key_at_a_place_is_the_one_offset_finds_after_moves_and_archiving() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .load_seed(&crate::bench::generate(1_500, 3), "t")
            .unwrap();
        // Moves that pile keys into a few buckets, and items out of sight.
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..300 {
            let id = ItemId(rng.i64(1..=1_500));
            let to = if rng.bool() {
                Placement::Top
            } else {
                Placement::Rank(rng.usize(1..40))
            };
            let _ = store.move_rank(id, to, "t");
        }
        for id in (1..=1_500).step_by(37) {
            store.archive(ItemId(id), "t").unwrap();
        }
        for state in State::ALL {
            let s = state.as_str();
            let n: usize = store
                .conn
                .query_row(
                    "SELECT COUNT(*) FROM live_items WHERE state = ?1",
                    [s],
                    |r| r.get::<_, i64>(0),
                )
                .unwrap() as usize;
            for offset in (0..=n + 1).step_by(7).chain([n.saturating_sub(1), n]) {
                assert_eq!(
                    key_at_place(&store.conn, s, offset).unwrap(),
                    stepped(&store, s, offset),
                    "{s} place {offset} of {n}"
                );
            }
        }
    }
}
