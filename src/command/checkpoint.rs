//! `checkpoint [NAME]`: mark a refinement; `checkpoint --list`: the ones marked.

use std::io::Write;

use serde_json::Value;

use super::listing::{Listing, col, num};
use crate::cli::ListFormat;
use crate::domain::text::sanitize;
use crate::store::Store;

/// Marks a checkpoint, or with `list` lists them in that format.
pub(super) fn checkpoint(
    name: Option<&str>,
    list: Option<ListFormat>,
    store: &mut Store,
    who: &str,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    if let Some(format) = list {
        let all = store.checkpoints()?;
        if all.is_empty() && format == ListFormat::Table {
            writeln!(
                out,
                "No checkpoints yet: `clusterboard checkpoint NAME` marks one."
            )?;
            return Ok(());
        }
        let mut l = Listing::new(&[
            col("at", "at"),
            col("name", "name"),
            num("items", "items"),
            col("who", "by"),
        ]);
        for c in all {
            l.row(vec![
                Value::from(if format == ListFormat::Table {
                    crate::app::facts::when(&c.at)
                } else {
                    c.at.clone()
                }),
                Value::from(c.name.clone()),
                Value::from(c.items),
                Value::from(c.who.clone()),
            ]);
        }
        return l.write(format, out);
    }
    let c = store.mark_checkpoint(name, who)?;
    writeln!(
        out,
        "Marked checkpoint \"{}\": {} items at their ranks and columns. `report changes` lists what moves since.",
        sanitize(&c.name),
        c.items
    )?;
    Ok(())
}
