//! Small reads for completing what a user types: item, team item and
//! portfolio codes by their number,
//! and the command-line history.

use rusqlite::params;

use super::{Result, Store};
use crate::domain::{ItemId, Kind};

/// How many lines of command-line history each user keeps.
const HISTORY_KEPT: i64 = 500;

impl Store {
    /// Items whose number starts with `digits` (all items for none), smallest
    /// numbers first, at most `limit`. Each decade is one indexed range, so this
    /// stays quick at any size.
    pub fn items_numbered(&self, digits: &str, limit: usize) -> Result<Vec<(ItemId, Kind)>> {
        let rows = self.numbered(
            "SELECT id, kind FROM items WHERE id BETWEEN ?1 AND ?2 ORDER BY id LIMIT ?3",
            digits,
            limit,
        )?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, kind)| kind.parse().ok().map(|k| (ItemId(id), k)))
            .collect())
    }

    /// Team item codes (`PAY-23`, or `23` once its team is gone) whose number
    /// starts with `digits`, as [`Store::items_numbered`].
    pub fn team_items_numbered(&self, digits: &str, limit: usize) -> Result<Vec<String>> {
        let rows = self.numbered(
            "SELECT t.id, COALESCE(tm.code, '') FROM team_items t
             LEFT JOIN teams tm ON tm.id = t.team_id
             WHERE t.id BETWEEN ?1 AND ?2 ORDER BY t.id LIMIT ?3",
            digits,
            limit,
        )?;
        Ok(rows
            .into_iter()
            .map(|(id, team)| {
                if team.is_empty() {
                    id.to_string()
                } else {
                    format!("{team}-{id}")
                }
            })
            .collect())
    }

    /// Portfolio item codes (`P-3`) whose number starts with `digits`.
    pub fn portfolio_numbered(&self, digits: &str, limit: usize) -> Result<Vec<String>> {
        let rows = self.numbered(
            "SELECT id, '' FROM portfolio_items WHERE id BETWEEN ?1 AND ?2 ORDER BY id LIMIT ?3",
            digits,
            limit,
        )?;
        Ok(rows
            .into_iter()
            .map(|(id, _)| crate::domain::portfolio::PortfolioId(id).code())
            .collect())
    }

    /// Rows `(id, label)` of `sql` (which takes a low id, a high id and a
    /// limit) for ids starting with `digits`, one decade range at a time.
    fn numbered(&self, sql: &str, digits: &str, limit: usize) -> Result<Vec<(i64, String)>> {
        let mut out = Vec::new();
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut push = |lo: i64, hi: i64, out: &mut Vec<(i64, String)>| -> Result<()> {
            let left = limit.saturating_sub(out.len()) as i64;
            let rows = stmt.query_map(params![lo, hi, left], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
            })?;
            for row in rows {
                out.push(row?);
            }
            Ok(())
        };
        let Ok(start) = digits.parse::<i64>() else {
            if digits.is_empty() {
                push(1, i64::MAX, &mut out)?;
            }
            return Ok(out);
        };
        let (mut lo, mut hi) = (start, start);
        while out.len() < limit && lo <= i64::MAX / 10 {
            push(lo, hi, &mut out)?;
            lo = lo.saturating_mul(10);
            hi = hi.saturating_mul(10).saturating_add(9);
        }
        Ok(out)
    }

    /// The lines this user ran on the board's command line, oldest first.
    pub fn command_history(&self, who: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT line FROM (SELECT id, line FROM command_history WHERE who = ?1
                               ORDER BY id DESC LIMIT ?2) ORDER BY id",
        )?;
        let rows = stmt.query_map(params![who, HISTORY_KEPT], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Remembers a line run on the command line (not a change to the cluster,
    /// so not in the change log), keeping the newest few hundred per user.
    pub fn remember_command(&mut self, who: &str, line: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO command_history(who, line) VALUES (?1, ?2)",
            params![who, line],
        )?;
        tx.execute(
            "DELETE FROM command_history WHERE who = ?1 AND id <= (
                 SELECT id FROM command_history WHERE who = ?1 ORDER BY id DESC LIMIT 1 OFFSET ?2)",
            params![who, HISTORY_KEPT],
        )?;
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{NewItem, State};

    #[test]
    fn items_are_found_by_the_start_of_their_number() {
        let mut store = Store::open_in_memory().unwrap();
        for n in 1..=130 {
            let new = NewItem {
                kind: Kind::Feature,
                title: format!("Item {n}"),
                description: String::new(),
                state: State::Funnel,
                value: None,
                effort: None,
            };
            store.add_item(&new, "t").unwrap();
        }
        let ids = |d: &str, l: usize| -> Vec<i64> {
            store
                .items_numbered(d, l)
                .unwrap()
                .iter()
                .map(|(i, _)| i.0)
                .collect()
        };
        assert_eq!(
            ids("12", 20),
            vec![12, 120, 121, 122, 123, 124, 125, 126, 127, 128, 129]
        );
        assert_eq!(ids("1", 3), vec![1, 10, 11]);
        assert_eq!(ids("", 2), vec![1, 2]);
        assert_eq!(ids("x", 2), Vec::<i64>::new());
    }

    #[test]
    fn the_history_keeps_each_users_lines_in_order() {
        let mut store = Store::open_in_memory().unwrap();
        store.remember_command("ann", "team list").unwrap();
        store.remember_command("ben", "list").unwrap();
        store.remember_command("ann", "release list").unwrap();
        assert_eq!(
            store.command_history("ann").unwrap(),
            vec!["team list".to_string(), "release list".to_string()]
        );
    }
}
