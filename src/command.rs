//! The subcommands: the same store calls the board makes, with text output.

use std::io::Write;

use anyhow::Context;

use crate::cli::{Command, ExportFormat};
use crate::domain::NewItem;
use crate::domain::text::{fit, sanitize, width};
use crate::store::Store;

/// Runs one subcommand (not `init`, which main handles before opening).
pub fn run(
    command: &Command,
    store: &mut Store,
    who: &str,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match command {
        Command::Init { .. } => {}
        Command::Add {
            kind,
            title,
            state,
            value,
            effort,
            description,
        } => {
            let item = store.add_item(
                &NewItem {
                    kind: *kind,
                    title: title.clone(),
                    description: description.clone(),
                    state: *state,
                    value: *value,
                    effort: *effort,
                },
                who,
            )?;
            writeln!(out, "{}", item.id.0)?;
        }
        Command::Move { item, to } => {
            let item = store.resolve(*item)?;
            let moved = store.move_to_state(item.id, *to, who)?;
            if moved.from == *to {
                writeln!(out, "{} is already in {}", moved.item.code(), to.label())?;
            } else {
                writeln!(
                    out,
                    "Moved {} \"{}\" from {} to {}",
                    moved.item.code(),
                    sanitize(&moved.item.title),
                    moved.from.label(),
                    to.label()
                )?;
            }
        }
        Command::List { state } => {
            let rows = store.ranked_items(*state)?;
            writeln!(
                out,
                "{:>5}  {:<7} {:<12} {:<13} {:>5} {:>6}  TITLE",
                "RANK", "ID", "KIND", "STATE", "VALUE", "EFFORT"
            )?;
            for r in rows {
                let p = |v: Option<u32>| v.map_or_else(|| "-".to_string(), |v| v.to_string());
                let title = sanitize(&r.item.title);
                writeln!(
                    out,
                    "{:>5}  {:<7} {:<12} {:<13} {:>5} {:>6}  {}",
                    r.rank,
                    r.item.code(),
                    r.item.kind.as_str(),
                    r.item.state.as_str(),
                    p(r.item.value),
                    p(r.item.effort),
                    fit(&title, width(&title).max(1)),
                )?;
            }
        }
        Command::Export { format } => match format {
            ExportFormat::Json => {
                let export = store.export()?;
                serde_json::to_writer_pretty(&mut *out, &export)
                    .context("could not write the export")?;
                writeln!(out)?;
            }
        },
    }
    Ok(())
}
