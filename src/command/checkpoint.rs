//! `checkpoint [NAME]`: mark a refinement; `checkpoint --list`: the ones marked.

use std::io::Write;

use crate::domain::text::sanitize;
use crate::store::Store;

pub(super) fn checkpoint(
    name: Option<&str>,
    list: bool,
    store: &mut Store,
    who: &str,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    if list {
        let all = store.checkpoints()?;
        if all.is_empty() {
            writeln!(
                out,
                "No checkpoints yet: `clusterboard checkpoint NAME` marks one."
            )?;
        }
        for c in all {
            writeln!(
                out,
                "{}  {}  {} items  by {}",
                crate::app::facts::when(&c.at),
                sanitize(&c.name),
                c.items,
                sanitize(&c.who)
            )?;
        }
        return Ok(());
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
