//! The text filter's matches, found in memory: every item's id, kind, state
//! and (cut, lower-cased) title are read once into an index, kept until the
//! data changes; each new set of words is matched against it (as typed, as a
//! near miss, or as a code) in one pass. Queries see the matches through the
//! SQL function `cb_text(id)`, and counts per column come from the same pass.

use std::cell::RefCell;
use std::sync::{Arc, RwLock};

use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, OptionalExtension};

use super::row::{TITLE_SHOWN, parsed_at};
use super::{Result, Store};
use crate::domain::filter::{Filter, Titles, Words};
use crate::domain::{Kind, State};

/// Item ids that pass the words, sorted, shared with the SQL function.
type Hits = Arc<RwLock<Vec<i64>>>;

/// Every item as the text filter needs it.
struct Index {
    /// The data it was read at: (`PRAGMA data_version`, own changes).
    version: (i64, u64),
    /// The last change-log entry it has seen, and how many items there were.
    last_change: i64,
    count: usize,
    ids: Vec<i64>,
    kinds: Vec<Kind>,
    states: Vec<State>,
    /// Lower-cased titles, one after another; `ends[i]` closes item i's.
    text: String,
    ends: Vec<usize>,
    /// Items whose titles are not plain ASCII.
    unicode: Vec<usize>,
}

/// What the last match found.
struct Matched {
    version: (i64, u64),
    words: Vec<String>,
    /// Per matching item: its kind and state, for counts without a query.
    found: Vec<(Kind, State)>,
}

#[derive(Default)]
pub(super) struct TextFilter {
    index: RefCell<Option<Index>>,
    matched: RefCell<Option<Matched>>,
    hits: Hits,
    /// An index being read on a thread of its own (see `warm_text_index`).
    pending: RefCell<Option<std::sync::mpsc::Receiver<Index>>>,
}

/// Registers `cb_text(id)`: whether the item passes the words last matched.
pub(super) fn register(conn: &Connection, text: &TextFilter) -> rusqlite::Result<()> {
    let hits = Arc::clone(&text.hits);
    conn.create_scalar_function("cb_text", 1, FunctionFlags::SQLITE_UTF8, move |ctx| {
        let id: i64 = ctx.get(0)?;
        let hits = hits
            .read()
            .map_err(|_| rusqlite::Error::UserFunctionError("the text filter failed".into()))?;
        Ok(hits.binary_search(&id).is_ok())
    })
}

/// A title as the index holds it: lower-cased.
fn lower(title: &str) -> String {
    if title.is_ascii() {
        title.to_ascii_lowercase()
    } else {
        title.to_lowercase()
    }
}

impl Store {
    /// Makes `cb_text` answer for the filter's words, matching them anew only
    /// when the words or the data changed since the last match.
    pub(super) fn prepare_text(&self, filter: &Filter) -> Result<()> {
        if filter.words.is_empty() {
            return Ok(());
        }
        let version = self.change_stamp()?;
        if self
            .text
            .matched
            .borrow()
            .as_ref()
            .is_some_and(|m| m.version == version && m.words == filter.words)
        {
            return Ok(());
        }
        let stale = self
            .text
            .index
            .borrow()
            .as_ref()
            .is_none_or(|i| i.version != version);
        if stale {
            let kept = self
                .text
                .index
                .borrow_mut()
                .take()
                .or_else(|| self.take_warm_index());
            let caught = match kept {
                Some(mut index) => self.catch_up(&mut index)?.map(|moved| (index, moved)),
                None => None,
            };
            match caught {
                Some((mut index, moved)) => {
                    index.version = version;
                    let kept_match = self.keep_match(&index, &moved, version, filter);
                    *self.text.index.borrow_mut() = Some(index);
                    if kept_match {
                        return Ok(());
                    }
                }
                None => *self.text.index.borrow_mut() = Some(self.read_index(version)?),
            }
        }
        let index = self.text.index.borrow();
        let Some(index) = index.as_ref() else {
            return Ok(());
        };
        let titles = Titles {
            text: &index.text,
            ends: &index.ends,
            ids: &index.ids,
            kinds: &index.kinds,
            unicode: &index.unicode,
        };
        let hits = Words::new(&filter.words).find_all(&titles);
        let ids = hits.iter().map(|&i| index.ids[i]).collect();
        let found = hits
            .iter()
            .map(|&i| (index.kinds[i], index.states[i]))
            .collect();
        match self.text.hits.write() {
            Ok(mut hits) => *hits = ids,
            Err(_) => return Err(rusqlite::Error::InvalidQuery.into()),
        }
        *self.text.matched.borrow_mut() = Some(Matched {
            version,
            words: filter.words.clone(),
            found,
        });
        Ok(())
    }

    /// After a catch-up: keeps the last match for the same words, with the
    /// new kind and state of the items that `moved`. False if there is none.
    fn keep_match(
        &self,
        index: &Index,
        moved: &[usize],
        version: (i64, u64),
        filter: &Filter,
    ) -> bool {
        let mut matched = self.text.matched.borrow_mut();
        let Some(m) = matched.as_mut().filter(|m| m.words == filter.words) else {
            return false;
        };
        let Ok(hits) = self.text.hits.read() else {
            return false;
        };
        for &i in moved {
            if let Ok(k) = hits.binary_search(&index.ids[i]) {
                m.found[k] = (index.kinds[i], index.states[i]);
            }
        }
        m.version = version;
        true
    }

    /// Brings an index up to date from the change log: the items changes
    /// since it was read name are read again. Most changes (a rank move)
    /// alter nothing it holds. Returns the items whose kind or state moved,
    /// or `None` when it must be read whole: a change not about one item,
    /// items added or removed, or a new title.
    fn catch_up(&self, index: &mut Index) -> Result<Option<Vec<usize>>> {
        let Ok(touched) = self
            .conn
            .prepare_cached("SELECT id, item_id FROM changes WHERE id > ?1 ORDER BY id LIMIT 1001")
            .and_then(|mut s| {
                s.query_map([index.last_change], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, Option<i64>>(1)?))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()
            })
        else {
            return Ok(None);
        };
        if touched.len() > 1000 || self.item_count()? != index.count {
            return Ok(None);
        }
        let mut moved = Vec::new();
        let mut row = self.conn.prepare_cached(&format!(
            "SELECT kind, state, substr(title, 1, {TITLE_SHOWN}) FROM live_items WHERE id = ?1"
        ))?;
        for &(change, item) in &touched {
            let Some(id) = item else {
                return Ok(None);
            };
            index.last_change = change;
            let Ok(i) = index.ids.binary_search(&id) else {
                return Ok(None);
            };
            let Some((kind, state, same)) = row
                .query_row([id], |r| {
                    let title = r.get_ref(2)?.as_str().unwrap_or_default();
                    let start = i.checked_sub(1).map_or(0, |j| index.ends[j]);
                    let same = lower(title) == index.text[start..index.ends[i]];
                    Ok((parsed_at(r, 0)?, parsed_at(r, 1)?, same))
                })
                .optional()?
            else {
                return Ok(None);
            };
            if !same {
                return Ok(None);
            }
            if (index.kinds[i], index.states[i]) != (kind, state) {
                index.kinds[i] = kind;
                index.states[i] = state;
                moved.push(i);
            }
        }
        Ok(Some(moved))
    }

    /// Starts reading the text index on a thread with a connection of its
    /// own, so the first key typed into the filter need not wait for every
    /// title (77 ms at 100,000 items). The index it reads is caught up from the
    /// change log when it is taken, like any index that fell behind.
    pub fn warm_text_index(&self) {
        let Some(path) = self.path.clone() else {
            return;
        };
        if self.text.index.borrow().is_some() || self.text.pending.borrow().is_some() {
            return;
        }
        // Never current for this connection: taken, it is caught up.
        let read = |conn: &Connection| read_index_from(conn, (-1, u64::MAX));
        if let Some(receive) = super::read_ahead::read_on_thread("text index", path, read) {
            *self.text.pending.borrow_mut() = Some(receive);
        }
    }

    /// Whether the index is being read on its thread and has not come yet,
    /// so that matching words now would wait for it. An index that has come
    /// meanwhile is kept (and caught up when it is next used).
    pub fn text_index_waiting(&self) -> bool {
        let mut pending = self.text.pending.borrow_mut();
        let Some(receive) = pending.as_ref() else {
            return false;
        };
        match super::read_ahead::look(receive) {
            super::read_ahead::Look::Came(index) => {
                *pending = None;
                let mut kept = self.text.index.borrow_mut();
                if kept.is_none() {
                    *kept = Some(index);
                }
                false
            }
            super::read_ahead::Look::Waiting => true,
            super::read_ahead::Look::Failed => {
                *pending = None;
                false
            }
        }
    }

    /// The index the warm-up thread read, if it started one (waiting for it).
    fn take_warm_index(&self) -> Option<Index> {
        let receive = self.text.pending.borrow_mut().take()?;
        receive.recv().ok()
    }

    fn read_index(&self, version: (i64, u64)) -> Result<Index> {
        read_index_from(&self.conn, version)
    }
}

/// Reads every live item's id, kind, state and shown title, in id order.
fn read_index_from(conn: &Connection, version: (i64, u64)) -> Result<Index> {
    let last_change: i64 = conn
        .query_row("SELECT COALESCE(max(id), 0) FROM changes", [], |r| r.get(0))
        .unwrap_or(i64::MAX);
    let mut index = Index {
        version,
        last_change,
        count: 0,
        ids: Vec::new(),
        kinds: Vec::new(),
        states: Vec::new(),
        text: String::new(),
        ends: Vec::new(),
        unicode: Vec::new(),
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, kind, state, substr(title, 1, {TITLE_SHOWN}) FROM live_items ORDER BY id"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        index.ids.push(r.get(0)?);
        index.kinds.push(parsed_at(r, 1)?);
        index.states.push(parsed_at(r, 2)?);
        let title = r.get_ref(3)?.as_str().unwrap_or_default();
        if !title.is_ascii() {
            index.unicode.push(index.ends.len());
        }
        index.text.push_str(&lower(title));
        index.ends.push(index.text.len());
    }
    index.count = index.ids.len();
    Ok(index)
}

impl Store {
    /// Cards per column that pass a filter of words, kind and state, counted
    /// from the last match; `None` when the filter needs SQL to count.
    pub(super) fn counts_from_text(&self, filter: &Filter) -> Result<Option<Vec<(State, usize)>>> {
        if filter.words.is_empty()
            || filter.release.is_some()
            || filter.team.is_some()
            || filter.portfolio.is_some()
        {
            return Ok(None);
        }
        self.prepare_text(filter)?;
        let matched = self.text.matched.borrow();
        let Some(m) = matched.as_ref() else {
            return Ok(None);
        };
        let mut counts: Vec<(State, usize)> = State::ALL.iter().map(|&s| (s, 0)).collect();
        for &(kind, state) in &m.found {
            if filter.kind.is_some_and(|k| k != kind) || filter.state.is_some_and(|s| s != state) {
                continue;
            }
            if let Some(c) = counts.iter_mut().find(|(s, _)| *s == state) {
                c.1 += 1;
            }
        }
        Ok(Some(counts))
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::State;
    use crate::domain::filter::Filter;
    use crate::store::{Gate, Placement, Store};

    #[test]
    fn filtered_counts_follow_changes_read_from_the_change_log() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .load_seed(&crate::bench::generate(400, 4), "t")
            .unwrap();
        let f = Filter::parse("crash").unwrap();
        let count = |store: &Store, s: State| {
            store
                .column_counts(&f)
                .unwrap()
                .into_iter()
                .find(|&(st, _)| st == s)
                .map_or(0, |(_, n)| n)
        };
        let rows = store.backlog_page(0, 400, &f).unwrap();
        let hit = rows.iter().find(|r| r.item.state == State::Funnel).unwrap();
        let (funnel, analysis) = (count(&store, State::Funnel), count(&store, State::Analysis));
        let gate = Gate {
            dor: &[],
            force: false,
        };
        store
            .move_to_state(hit.item.id, State::Analysis, "t", gate)
            .unwrap();
        let other = rows
            .iter()
            .find(|r| r.item.id != hit.item.id)
            .unwrap()
            .item
            .id;
        store.move_rank(other, Placement::Top, "t").unwrap();
        assert_eq!(count(&store, State::Funnel), funnel - 1);
        assert_eq!(count(&store, State::Analysis), analysis + 1);
        assert_eq!(store.backlog_count(&f).unwrap(), rows.len());
    }
}
