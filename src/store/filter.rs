//! Turning a `Filter` into SQL. Words are matched in memory (see
//! `text_index.rs`) and reach SQL as `cb_text(items.id)`; release labels
//! match with LIKE, escaped, so a `%` typed by the user is a percent sign.

use rusqlite::types::Value;

use super::{Result, Store};
use crate::domain::filter::Filter;

impl Store {
    /// ` AND ...` conditions on `items` and their parameters, numbered from
    /// `first`, with the filter's words matched for `cb_text` first.
    pub(super) fn conditions(&self, f: &Filter, first: usize) -> Result<(String, Vec<Value>)> {
        self.prepare_text(f)?;
        Ok(conditions(f, first))
    }
}

/// The conditions of [`Store::conditions`], for words already matched.
pub(super) fn conditions(f: &Filter, first: usize) -> (String, Vec<Value>) {
    let mut sql = String::new();
    let mut params: Vec<Value> = Vec::new();
    let next = |sql: &mut String, cond: &str, v: Value, params: &mut Vec<Value>| {
        let n = first + params.len();
        sql.push_str(" AND ");
        sql.push_str(&cond.replace("?N", &format!("?{n}")));
        params.push(v);
    };
    if !f.words.is_empty() {
        sql.push_str(" AND cb_text(items.id)");
    }
    if let Some(k) = f.kind {
        next(
            &mut sql,
            "items.kind = ?N",
            Value::Text(k.as_str().into()),
            &mut params,
        );
    }
    if let Some(s) = f.state {
        next(
            &mut sql,
            "items.state = ?N",
            Value::Text(s.as_str().into()),
            &mut params,
        );
    }
    if let Some(r) = &f.release {
        next(
            &mut sql,
            "EXISTS (SELECT 1 FROM item_releases ir JOIN releases rl ON rl.id = ir.release_id
              WHERE ir.item_id = items.id
                AND lower(rl.variant || ' ' || rl.version) LIKE ?N ESCAPE '\\')",
            containing(r),
            &mut params,
        );
    }
    if let Some(t) = &f.team {
        next(
            &mut sql,
            "EXISTS (SELECT 1 FROM team_items ti JOIN teams tm ON tm.id = ti.team_id
              WHERE ti.parent_id = items.id AND tm.code = ?N)",
            Value::Text(t.clone()),
            &mut params,
        );
    }
    if let Some(c) = &f.cycle {
        next(
            &mut sql,
            "EXISTS (SELECT 1 FROM cycle_items ci JOIN cycles cy ON cy.id = ci.cycle_id
              WHERE ci.item_id = items.id AND cy.name = ?N COLLATE NOCASE)",
            Value::Text(c.clone()),
            &mut params,
        );
    }
    if let Some(l) = &f.label {
        // A space in a label is `_` in the filter; `sprint:` takes every sprint.
        let pattern = if l.ends_with(':') {
            format!("{}%", escaped(l))
        } else {
            escaped(l)
        };
        next(
            &mut sql,
            "EXISTS (SELECT 1 FROM item_labels lb WHERE lb.item_id = items.id
              AND replace(lb.label, ' ', '_') LIKE ?N ESCAPE '\\')",
            Value::Text(pattern),
            &mut params,
        );
    }
    match f.portfolio {
        Some(Some(p)) => next(
            &mut sql,
            "items.portfolio_id = ?N",
            Value::Integer(p.0),
            &mut params,
        ),
        Some(None) => sql.push_str(" AND items.portfolio_id IS NULL"),
        None => {}
    }
    (sql, params)
}

/// A LIKE pattern (for `ESCAPE '\'`) that matches text containing `s` as typed.
fn containing(s: &str) -> Value {
    Value::Text(format!("%{}%", escaped(s)))
}

/// `s` for a LIKE pattern with `ESCAPE '\'`: its `%`, `_` and `\` as typed.
fn escaped(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}
