//! The text filter's matches, found in memory: every item's id, kind, state
//! and (cut, lower-cased) title are read once into an index, kept until the
//! data changes; each new set of words is matched against it (as typed, as a
//! near miss, or as a code) in one pass. Queries see the matches through the
//! SQL function `cb_text(id)`, and counts per column come from the same pass.

use std::cell::RefCell;
use std::sync::{Arc, RwLock};

use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;

use super::row::{TITLE_SHOWN, parsed_at};
use super::{Result, Store};
use crate::domain::filter::{Filter, Words};
use crate::domain::{ItemId, Kind, State};

/// Item ids that pass the words, sorted, shared with the SQL function.
type Hits = Arc<RwLock<Vec<i64>>>;

/// Every item as the text filter needs it.
struct Index {
    /// The data it was read at: (`PRAGMA data_version`, own changes).
    version: (i64, u64),
    ids: Vec<i64>,
    kinds: Vec<Kind>,
    states: Vec<State>,
    /// Lower-cased titles, one after another; `ends[i]` closes item i's.
    text: String,
    ends: Vec<usize>,
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

impl Store {
    fn text_version(&self) -> Result<(i64, u64)> {
        Ok((self.data_version()?, self.conn.total_changes()))
    }

    /// Makes `cb_text` answer for the filter's words, matching them anew only
    /// when the words or the data changed since the last match.
    pub(super) fn prepare_text(&self, filter: &Filter) -> Result<()> {
        if filter.words.is_empty() {
            return Ok(());
        }
        let version = self.text_version()?;
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
            *self.text.index.borrow_mut() = Some(self.read_index(version)?);
        }
        let index = self.text.index.borrow();
        let Some(index) = index.as_ref() else {
            return Ok(());
        };
        let mut words = Words::new(&filter.words);
        let mut ids = Vec::new();
        let mut found = Vec::new();
        let mut start = 0;
        for (i, &end) in index.ends.iter().enumerate() {
            let title = &index.text[start..end];
            start = end;
            if words.matches(ItemId(index.ids[i]), index.kinds[i], title) {
                ids.push(index.ids[i]);
                found.push((index.kinds[i], index.states[i]));
            }
        }
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

    fn read_index(&self, version: (i64, u64)) -> Result<Index> {
        let mut index = Index {
            version,
            ids: Vec::new(),
            kinds: Vec::new(),
            states: Vec::new(),
            text: String::new(),
            ends: Vec::new(),
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT id, kind, state, substr(title, 1, {TITLE_SHOWN}) FROM items ORDER BY id"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            index.ids.push(r.get(0)?);
            index.kinds.push(parsed_at(r, 1)?);
            index.states.push(parsed_at(r, 2)?);
            let title = r.get_ref(3)?.as_str().unwrap_or_default();
            if title.is_ascii() {
                index
                    .text
                    .extend(title.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            } else {
                index.text.push_str(&title.to_lowercase());
            }
            index.ends.push(index.text.len());
        }
        Ok(index)
    }

    /// Cards per column that pass a filter of words, kind and state, counted
    /// from the last match; `None` when the filter needs SQL to count.
    pub(super) fn counts_from_text(&self, filter: &Filter) -> Result<Option<Vec<(State, usize)>>> {
        if filter.words.is_empty() || filter.release.is_some() || filter.team.is_some() {
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
