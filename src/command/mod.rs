//! The subcommands: the same store calls the board makes, with text output.

mod release;

use crate::domain::dor::DorPoint;
mod team;

use std::io::Write;

use anyhow::Context;

use crate::cli::{Command, ExportFormat};
use crate::config::Config;
use crate::domain::NewItem;
use crate::domain::dor::DorState;
use crate::domain::score;
use crate::domain::text::sanitize;
use crate::store::{EstimateChange, Gate, Placement, Store};

/// Runs one subcommand (not `init`, which main handles before opening).
pub fn run(
    command: &Command,
    store: &mut Store,
    config: &Config,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let who = config.who();
    let who = who.as_str();
    match command {
        Command::Init { .. } | Command::Bench { .. } => {}
        Command::Team { action } => team::team(action, store, who, out)?,
        Command::Release { action } => release::release(action, store, config, out)?,
        Command::Stakeholder { action } => release::stakeholder(action, store, who, out)?,
        Command::Report { report } => release::report(report, store, config, out)?,
        Command::TeamItem { action } => team::team_item(action, store, who, out)?,
        cmd @ Command::Split { .. } => team::split(cmd, store, who, out)?,
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
        Command::Move { item, to, force } => {
            let item = store.resolve(*item)?;
            let gate = Gate {
                dor: &config.dor,
                force: *force,
            };
            let moved = store
                .move_to_state(item.id, *to, who, gate)
                .map_err(|e| match e {
                    crate::store::StoreError::NotReady { .. } => {
                        anyhow::anyhow!("{e}; pass --force to move it anyway (recorded)")
                    }
                    e => e.into(),
                })?;
            if moved.from == *to {
                writeln!(out, "{} is already in {}", moved.item.code(), to.label())?;
            } else {
                let mut line = format!(
                    "Moved {} \"{}\" from {} to {}",
                    moved.item.code(),
                    sanitize(&moved.item.title),
                    moved.from.label(),
                    to.label()
                );
                if !moved.overridden.is_empty() {
                    line.push_str(&format!(
                        " (DoR overridden: {})",
                        moved.overridden.join("; ")
                    ));
                }
                writeln!(out, "{line}")?;
            }
        }
        Command::Rank {
            item,
            to,
            top,
            bottom,
            above,
            below,
        } => {
            let item = store.resolve(*item)?;
            let placement = if *top {
                Placement::Top
            } else if *bottom {
                Placement::Bottom
            } else if let Some(n) = to {
                let count = store.item_count()?;
                if *n == 0 || *n > count {
                    anyhow::bail!("rank {n} is out of range: the backlog has ranks 1 to {count}");
                }
                Placement::Rank(*n)
            } else if let Some(a) = above {
                Placement::Before(store.resolve(*a)?.id)
            } else if let Some(b) = below {
                Placement::After(store.resolve(*b)?.id)
            } else {
                anyhow::bail!("say where: --to N, --top, --bottom, --above ID or --below ID");
            };
            let moved = store.move_rank(item.id, placement, who)?;
            let rank = store.position(item.id)?;
            if moved.moved {
                writeln!(out, "Moved {} to rank {rank}", moved.item.code())?;
            } else {
                writeln!(out, "{} already stands at rank {rank}", moved.item.code())?;
            }
        }
        Command::Estimate {
            item,
            value,
            effort,
            business_value,
            time_criticality,
            risk_reduction,
        } => {
            let item = store.resolve(*item)?;
            let change = EstimateChange {
                value: value.map(Some),
                effort: effort.map(Some),
                business_value: business_value.map(Some),
                time_criticality: time_criticality.map(Some),
                risk_reduction: risk_reduction.map(Some),
            };
            let item = store.estimate(item.id, change, who)?;
            let s = score::label(score::score(&item.estimates(), config.scoring));
            writeln!(out, "{}: score {s}", item.code())?;
        }
        Command::Dor { item, tick, untick } => {
            let item = store.resolve(*item)?;
            for (p, met) in checklist_changes(&config.dor, tick, untick)? {
                store.set_dor_point(item.id, p, met, who)?;
            }
            let met = store.dor_met(item.id)?;
            print_checklist(out, &config.dor, &met, 14)?;
            writeln!(
                out,
                "{}: DoR {}",
                item.code(),
                DorState::of(&config.dor, &met).label()
            )?;
        }
        Command::Undo => match store.undo(who)? {
            Some(s) => writeln!(out, "{}", sanitize(&s))?,
            None => anyhow::bail!("nothing to undo: {who} has no change to take back"),
        },
        Command::Redo => match store.redo(who)? {
            Some(s) => writeln!(out, "{}", sanitize(&s))?,
            None => anyhow::bail!("nothing to redo"),
        },
        Command::List { state } => {
            let rows = store.ranked_items(*state)?;
            writeln!(
                out,
                "{:>5}  {:<7} {:<12} {:<13} {:>5} {:>6} {:>9} {:>5}  TITLE",
                "RANK", "ID", "KIND", "STATE", "VALUE", "EFFORT", "SCORE", "DOR"
            )?;
            for r in rows {
                let p = |v: Option<u32>| v.map_or_else(|| "-".to_string(), |v| v.to_string());
                let met = store.dor_met(r.item.id)?;
                writeln!(
                    out,
                    "{:>5}  {:<7} {:<12} {:<13} {:>5} {:>6} {:>9} {:>5}  {}",
                    r.rank,
                    r.item.code(),
                    r.item.kind.as_str(),
                    r.item.state.as_str(),
                    p(r.item.value),
                    p(r.item.effort),
                    score::label(score::score(&r.item.estimates(), config.scoring)),
                    DorState::of(&config.dor, &met).label(),
                    sanitize(&r.item.title),
                )?;
            }
        }
        Command::Export { format } => {
            // Streamed from the store as it is written, through one buffer.
            let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
            match format {
                ExportFormat::Json => {
                    store
                        .write_export_json(&config.dor, config.scoring, &mut out)
                        .context("could not write the export")?;
                    writeln!(out)?;
                }
                ExportFormat::Csv => write_csv(store, config, &mut out)?,
            }
            out.flush()?;
        }
    }
    Ok(())
}

/// The ticks and unticks asked for, every key checked first so a typo
/// changes nothing.
fn checklist_changes<'a>(
    list: &'a [DorPoint],
    tick: &[String],
    untick: &[String],
) -> anyhow::Result<Vec<(&'a DorPoint, bool)>> {
    let mut out = Vec::new();
    for (keys, met) in [(tick, true), (untick, false)] {
        for k in keys {
            out.push((Store::dor_point(list, k)?, met));
        }
    }
    Ok(out)
}

/// A checklist as `[x] key  text` lines.
fn print_checklist(
    out: &mut dyn Write,
    list: &[DorPoint],
    met: &[String],
    key_width: usize,
) -> anyhow::Result<()> {
    for p in list {
        let mark = if met.contains(&p.key) { "[x]" } else { "[ ]" };
        writeln!(out, "{mark} {:<key_width$} {}", p.key, p.text)?;
    }
    Ok(())
}

/// Spreadsheets run cells that start with these; a leading ' keeps them text.
fn csv_text(s: &str) -> String {
    let s = sanitize(s);
    if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s
    }
}

fn write_csv(store: &Store, config: &Config, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "rank",
        "id",
        "kind",
        "title",
        "state",
        "value",
        "effort",
        "score",
        "dor_met",
        "dor_total",
        "releases",
        "teams",
        "team_items_done",
        "team_items",
    ])?;
    let n = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_default();
    store.export_items(&config.dor, config.scoring, |it| {
        w.write_record([
            it.rank.to_string(),
            it.code.clone(),
            it.kind.as_str().to_string(),
            csv_text(&it.title),
            it.state.as_str().to_string(),
            n(it.value),
            n(it.effort),
            it.score.map(|s| format!("{s:.2}")).unwrap_or_default(),
            it.dor.met.len().to_string(),
            config.dor.len().to_string(),
            csv_text(&it.releases.join("; ")),
            it.teams.join("; "),
            it.progress.done.to_string(),
            it.progress.total.to_string(),
        ])
        .map_err(anyhow::Error::from)
    })?;
    w.flush()?;
    Ok(())
}
