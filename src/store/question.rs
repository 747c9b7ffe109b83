//! A knowledge gap's open questions (issue 11's item type): each has a weight,
//! and the weights of the unanswered ones are the gap's remaining effort, kept
//! in the item's effort in the same write so every view and sum reads it.

use rusqlite::{Connection, params};

use super::change::{Entry, record};
use super::journal::{Journal, Table};
use super::rank::id_key;
use super::row::live;
use super::{Result, Store, StoreError};
use crate::domain::question::{Question, remaining};
use crate::domain::{Item, ItemId, Kind};

/// The longest question text kept.
const TEXT_CHARS: usize = 500;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuestionError {
    #[error(
        "{code} is a {kind}: open questions weigh the effort of a knowledge gap (K-…, --kind knowledge-gap)"
    )]
    NotAGap { code: String, kind: String },
    #[error("{code} has no question {number}: it has {count} (question list {code} shows them)")]
    Unknown {
        code: String,
        number: usize,
        count: usize,
    },
    #[error("a question needs a text of 1 to {TEXT_CHARS} characters")]
    BadText,
    #[error("a question's weight is a whole number from 1 to 1000, e.g. --weight 3")]
    BadWeight,
    #[error("question {number} of {code} is {state} already")]
    Already {
        code: String,
        number: usize,
        state: &'static str,
    },
}

fn question_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Question> {
    Ok(Question {
        id: r.get(0)?,
        text: r.get(1)?,
        weight: u32::try_from(r.get::<_, i64>(2)?).unwrap_or(0),
        answer: r.get(3)?,
        answered_at: r.get(4)?,
    })
}

fn read(conn: &Connection, item: ItemId) -> Result<Vec<Question>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, text, weight, answer, answered_at FROM item_questions
         WHERE item_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([item.0], question_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A knowledge gap on the board, or the refusal that says why not.
fn gap(conn: &Connection, id: ItemId) -> Result<Item> {
    let item = live(conn, id)?;
    if item.kind != Kind::KnowledgeGap {
        return Err(QuestionError::NotAGap {
            code: item.code(),
            kind: item.kind.label().to_lowercase(),
        }
        .into());
    }
    Ok(item)
}

/// Writes the remaining weight into the item's effort, watched for undo.
fn set_effort(conn: &Connection, journal: &mut Journal, id: ItemId) -> Result<u32> {
    journal.watch_columns(conn, Table::Items, id_key(id), Some(&["effort"]))?;
    let left = remaining(&read(conn, id)?);
    conn.prepare_cached("UPDATE items SET effort = ?2 WHERE id = ?1")?
        .execute(params![id.0, left])?;
    Ok(left)
}

impl Store {
    /// The item's questions, in the order they were asked (numbered from 1).
    pub fn questions(&self, id: ItemId) -> Result<Vec<Question>> {
        read(&self.conn, id)
    }

    /// Asks a new question of a knowledge gap; its effort grows by the weight.
    pub fn add_question(&mut self, id: ItemId, text: &str, weight: u32, who: &str) -> Result<u32> {
        let text = text.trim();
        if text.is_empty() || text.chars().count() > TEXT_CHARS {
            return Err(QuestionError::BadText.into());
        }
        if !(1..=1000).contains(&weight) {
            return Err(QuestionError::BadWeight.into());
        }
        super::error::printable("question", text)?;
        let tx = self.begin()?;
        let item = gap(&tx, id)?;
        let mut journal = Journal::default();
        tx.prepare_cached("INSERT INTO item_questions(item_id, text, weight) VALUES (?1, ?2, ?3)")?
            .execute(params![id.0, text, weight])?;
        journal.created_id(Table::ItemQuestions, tx.last_insert_rowid());
        let number = read(&tx, id)?.len();
        let left = set_effort(&tx, &mut journal, id)?;
        record(
            &tx,
            Entry {
                who,
                command: "question",
                item_id: Some(id),
                summary: format!(
                    "Asked question {number} of {} (weight {weight}): \"{text}\"; {left} points of questions open",
                    item.code()
                ),
                rows: journal.finish(&tx)?,
            },
        )?;
        tx.commit()?;
        Ok(left)
    }

    /// Answers question `number` (from 1), or with `answer: None` opens it
    /// again; the gap's effort follows. Returns the weight still open.
    pub fn answer_question(
        &mut self,
        id: ItemId,
        number: usize,
        answer: Option<&str>,
        who: &str,
    ) -> Result<u32> {
        if let Some(a) = answer {
            super::error::printable_lines("answer", a)?;
        }
        let tx = self.begin()?;
        let item = gap(&tx, id)?;
        let all = read(&tx, id)?;
        let q = number
            .checked_sub(1)
            .and_then(|i| all.get(i))
            .ok_or_else(|| QuestionError::Unknown {
                code: item.code(),
                number,
                count: all.len(),
            })?;
        match (q.is_open(), answer.is_some()) {
            (false, true) => {
                return Err(QuestionError::Already {
                    code: item.code(),
                    number,
                    state: "answered",
                }
                .into());
            }
            (true, false) => {
                return Err(QuestionError::Already {
                    code: item.code(),
                    number,
                    state: "open",
                }
                .into());
            }
            _ => {}
        }
        let mut journal = Journal::default();
        journal.watch_id(&tx, Table::ItemQuestions, q.id)?;
        tx.prepare_cached(
            "UPDATE item_questions SET answer = ?2,
                answered_at = CASE WHEN ?3 THEN strftime('%Y-%m-%dT%H:%M:%fZ','now') END
             WHERE id = ?1",
        )?
        .execute(params![q.id, answer.map(str::trim), answer.is_some()])?;
        let left = set_effort(&tx, &mut journal, id)?;
        let what = if answer.is_some() {
            "Answered"
        } else {
            "Opened again"
        };
        record(
            &tx,
            Entry {
                who,
                command: "question",
                item_id: Some(id),
                summary: format!(
                    "{what} question {number} of {} (weight {}): \"{}\"; {left} points of questions open",
                    item.code(),
                    q.weight,
                    q.text
                ),
                rows: journal.finish(&tx)?,
            },
        )?;
        tx.commit()?;
        Ok(left)
    }
}

impl From<QuestionError> for StoreError {
    fn from(e: QuestionError) -> StoreError {
        StoreError::Question(e)
    }
}
