//! `clusterboard question`: a knowledge gap's weighted open questions.

use std::io::Write;

use serde_json::Value;

use super::listing::{Listing, col, num};
use crate::cli::QuestionCommand;
use crate::domain::text::sanitize;
use crate::store::Store;

pub(super) fn question(
    cmd: &QuestionCommand,
    store: &mut Store,
    who: &str,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match cmd {
        QuestionCommand::Add { item, text, weight } => {
            let it = store.resolve(*item)?;
            let left = store.add_question(it.id, text, *weight, who)?;
            let n = store.questions(it.id)?.len();
            writeln!(
                out,
                "Asked question {n} of {}; {left} points of questions open (its effort)",
                it.code()
            )?;
        }
        QuestionCommand::List { item, format } => {
            let it = store.resolve(*item)?;
            let mut l = Listing::new(&[
                num("number", "#"),
                num("weight", "weight"),
                col("state", "state"),
                col("question", "question"),
                col("answer", "answer"),
            ]);
            for (i, q) in store.questions(it.id)?.iter().enumerate() {
                l.row(vec![
                    Value::from(i + 1),
                    Value::from(q.weight),
                    Value::from(if q.is_open() { "open" } else { "answered" }),
                    Value::from(q.text.clone()),
                    q.answer
                        .clone()
                        .filter(|a| !a.is_empty())
                        .map_or(Value::Null, Value::from),
                ]);
            }
            l.write(*format, out)?;
        }
        QuestionCommand::Answer {
            item,
            number,
            answer,
        } => {
            let it = store.resolve(*item)?;
            let left = store.answer_question(it.id, *number, Some(answer), who)?;
            writeln!(
                out,
                "Answered question {number} of {} \"{}\"; {left} points of questions open",
                it.code(),
                sanitize(&it.title)
            )?;
        }
        QuestionCommand::Reopen { item, number } => {
            let it = store.resolve(*item)?;
            let left = store.answer_question(it.id, *number, None, who)?;
            writeln!(
                out,
                "Opened question {number} of {} again; {left} points of questions open",
                it.code()
            )?;
        }
    }
    Ok(())
}
