//! The subcommands: the same store calls the board makes, with text output.

mod export;
pub mod import;
mod label;
mod listing;
mod portfolio;
mod question;
mod release;
pub mod terminal;

use crate::domain::dor::DorPoint;
mod checkpoint;
mod cycle;
mod team;
mod theme;

use std::io::Write;

use anyhow::Context;

use crate::cli::Command;
use crate::config::Config;
use crate::domain::NewItem;
use crate::domain::dor::DorState;
use crate::domain::score;
use crate::domain::team::TeamState;
use crate::domain::text::sanitize;
use crate::store::{EstimateChange, Gate, ItemEdit, Placement, Step, Store};

/// The commands about the board itself (`theme`, `timebox`), which need no database.
pub fn board_setting(
    command: &Command,
    config: &Config,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match command {
        Command::Theme { name, format } => theme::theme(name.as_deref(), *format, config, out),
        Command::Timebox { .. } => anyhow::bail!(
            "a timebox is a countdown on the board: open clusterboard, select the item and press b, or type :timebox 5m"
        ),
        _ => Ok(()),
    }
}

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
        Command::Theme { .. } | Command::Timebox { .. } => board_setting(command, config, out)?,
        Command::Checkpoint { name, list, format } => {
            let list = list.then_some(*format);
            checkpoint::checkpoint(name.as_deref(), list, store, who, out)?;
        }
        Command::Completions { .. } | Command::Man => shell_files(command, out)?,
        Command::Import { .. } => anyhow::bail!(
            "import reads a file into the database in a process of its own: run \
             `clusterboard import …` in a shell"
        ),
        Command::Team { action } => team::team(action, store, who, out)?,
        Command::Cycle { action } => cycle::cycle(action, store, config, who, out)?,
        Command::Release { action } => release::release(action, store, config, out)?,
        Command::Stakeholder { action } => release::stakeholder(action, store, who, out)?,
        Command::Label { action } => label::label(action, store, who, out)?,
        Command::Question { action } => question::question(action, store, who, out)?,
        Command::Report { report } => release::report(report, store, config, out)?,
        Command::TeamItem { action } => team::team_item(action, store, who, out)?,
        Command::Portfolio { action } => portfolio::portfolio(action, store, config, who, out)?,
        cmd @ (Command::Derive { .. } | Command::Link { .. } | Command::Unlink { .. }) => {
            portfolio::derive_or_link(cmd, store, config, who, out)?;
        }
        cmd @ Command::Split { .. } => team::split(cmd, store, who, out)?,
        Command::Add {
            kind,
            title,
            state,
            value,
            effort,
            description,
            acceptance,
            source,
            template,
            force,
        } => {
            let (description, mut fill) = templated(
                config,
                template.as_deref(),
                description,
                acceptance,
                source,
                None,
            )?;
            // The same gate as `move`: an item does not start past Ready unready.
            let open = fill.open_points(*state, &config.dor);
            if !open.is_empty() && !*force {
                anyhow::bail!(
                    "a new item cannot start in {}: its Definition of Ready would have {} open point{}: {}; add it to an earlier column and move it when ready, or pass --force (recorded)",
                    state.label(),
                    open.len(),
                    if open.len() == 1 { "" } else { "s" },
                    open.join("; ")
                );
            }
            fill.dor_overridden = open;
            let item = store.add_item_at(
                &NewItem {
                    kind: *kind,
                    title: title.clone(),
                    description,
                    state: *state,
                    value: *value,
                    effort: *effort,
                },
                Placement::Bottom,
                &fill,
                who,
            )?;
            writeln!(out, "{}", item.code())?;
        }
        Command::Edit {
            item,
            title,
            description,
            description_file,
            acceptance,
            source,
            kind,
            business_case_file,
            template,
        } => {
            let it = store.resolve(*item)?;
            let business_case = business_case_file
                .as_deref()
                .map(portfolio::business_case_file)
                .transpose()?;
            let description = match description_file {
                Some(path) => Some(read_text(path, "the description")?),
                None => description.clone(),
            };
            let mut edit = ItemEdit {
                title: title.clone(),
                description,
                acceptance: acceptance.clone(),
                source: source.clone(),
                kind: *kind,
                business_case,
            };
            if let Some(name) = template {
                fill_from_template(config, name, &it, &mut edit)?;
            }
            let edited = store.edit_item(it.id, &edit, who)?;
            if edited == it {
                writeln!(out, "{} is unchanged", it.code())?;
            } else {
                writeln!(
                    out,
                    "Edited {} \"{}\"",
                    edited.code(),
                    sanitize(&edited.title)
                )?;
            }
        }
        Command::Archive { item, force } => {
            let it = store.resolve(*item)?;
            let open = store
                .children(it.id)?
                .iter()
                .filter(|t| t.state != TeamState::Done)
                .count();
            if open > 0 && !*force {
                anyhow::bail!(
                    "{} has {open} open team item{}: finish them, or pass --force to archive it anyway",
                    it.code(),
                    if open == 1 { "" } else { "s" }
                );
            }
            let archived = store.archive(it.id, who)?;
            writeln!(
                out,
                "Archived {} \"{}\"; `clusterboard restore {}` brings it back",
                archived.code(),
                sanitize(&archived.title),
                archived.code()
            )?;
        }
        Command::Restore { item } => {
            let it = store.resolve_any(*item)?;
            let restored = store.restore_item(it.id, who)?;
            writeln!(
                out,
                "Restored {} \"{}\" to {} at rank {}",
                restored.code(),
                sanitize(&restored.title),
                restored.state.label(),
                store.position(restored.id)?
            )?;
        }
        Command::Delete { item, .. } => {
            let it = store.resolve_any(*item)?;
            let deleted = store.delete_item(it.id, who)?;
            writeln!(
                out,
                "Deleted {} \"{}\" for good; `clusterboard undo` brings it back",
                deleted.code(),
                sanitize(&deleted.title)
            )?;
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
            up,
            down,
        } => {
            let item = store.resolve(*item)?;
            if *up || *down {
                let step = if *up { Step::Up } else { Step::Down };
                let none = crate::domain::filter::Filter::default();
                let moved = store.move_rank_step(item.id, step, None, &none, who)?;
                let rank = store.position(item.id)?;
                if moved.moved {
                    writeln!(out, "Moved {} to rank {rank}", moved.item.code())?;
                } else {
                    let edge = if *up { "top" } else { "bottom" };
                    writeln!(
                        out,
                        "{} is already at the {edge}, rank {rank}",
                        moved.item.code()
                    )?;
                }
                return Ok(());
            }
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
        Command::Undo { force } => {
            let done = if *force {
                store.undo_anyway(who)
            } else {
                store.undo(who)
            };
            writeln!(out, "{}", sanitize(&done.map_err(with_force)?))?;
        }
        Command::Redo { force } => {
            let done = if *force {
                store.redo_anyway(who)
            } else {
                store.redo(who)
            };
            writeln!(out, "{}", sanitize(&done.map_err(with_force)?))?;
        }
        Command::Log {
            of,
            since,
            user,
            limit,
            format,
        } => {
            let object = of
                .as_deref()
                .map(|of| object_named(store, of))
                .transpose()?;
            let since = since
                .as_deref()
                .map(crate::domain::release::clean_date)
                .transpose()
                .map_err(|e| anyhow::anyhow!("--since: {e}"))?;
            let mut l = listing::Listing::new(&[
                listing::num("id", "#"),
                listing::col("at", "WHEN"),
                listing::col("who", "WHO"),
                listing::col("command", "WHAT"),
                listing::col("summary", "CHANGE"),
            ]);
            // An item's log is its history as the item view shows it.
            let item = object
                .as_deref()
                .and_then(|o| o.strip_prefix("item:"))
                .and_then(|n| n.parse().ok())
                .map(crate::domain::ItemId);
            let changes = match item {
                Some(id) => store.item_log(id, since.as_deref(), user.as_deref(), *limit)?,
                None => store.log(object.as_deref(), since.as_deref(), user.as_deref(), *limit)?,
            };
            for c in changes {
                let at = if *format == crate::cli::ListFormat::Table {
                    c.at.get(..16).unwrap_or(&c.at).replace('T', " ")
                } else {
                    c.at.clone()
                };
                l.row(vec![
                    serde_json::json!(c.id),
                    serde_json::json!(at),
                    serde_json::json!(c.who),
                    serde_json::json!(c.command),
                    serde_json::json!(c.summary),
                ]);
            }
            l.write(*format, out)?;
        }
        Command::List { archived: true, .. } => {
            writeln!(
                out,
                "{:<7} {:<12} {:<13} {:<24}  TITLE",
                "ID", "KIND", "STATE", "ARCHIVED"
            )?;
            for it in store.archived_items()? {
                writeln!(
                    out,
                    "{:<7} {:<12} {:<13} {:<24}  {}",
                    it.code(),
                    it.kind.as_str(),
                    it.state.as_str(),
                    it.archived_at
                        .as_deref()
                        .unwrap_or("")
                        .get(..16)
                        .unwrap_or(""),
                    sanitize(&it.title)
                )?;
            }
        }
        Command::List { state, format, .. } => {
            use listing::{col, num};
            use serde_json::json;
            let mut l = listing::Listing::new(&[
                num("rank", "RANK"),
                col("id", "ID"),
                col("kind", "KIND"),
                col("state", "STATE"),
                num("value", "VALUE"),
                num("effort", "EFFORT"),
                num("score", "SCORE"),
                num("dor", "DOR"),
                col("title", "TITLE"),
            ]);
            for r in store.ranked_items(*state)? {
                let met = store.dor_met(r.item.id)?;
                let s = score::score(&r.item.estimates(), config.scoring);
                l.row(vec![
                    json!(r.rank),
                    json!(r.item.code()),
                    json!(r.item.kind.as_str()),
                    json!(r.item.state.as_str()),
                    json!(r.item.value),
                    json!(r.item.effort),
                    match (format, s) {
                        (crate::cli::ListFormat::Table, s) => json!(score::label(s)),
                        (_, Ok(v)) => json!((v * 100.0).round() / 100.0),
                        (_, Err(_)) => serde_json::Value::Null,
                    },
                    // Scripts get the number of points met; the table, ✓7/7.
                    match format {
                        crate::cli::ListFormat::Table => {
                            json!(DorState::of(&config.dor, &met).label())
                        }
                        _ => json!(config.dor.iter().filter(|p| met.contains(&p.key)).count()),
                    },
                    json!(r.item.title),
                ]);
            }
            l.write(*format, out)?;
        }
        Command::Export {
            format,
            out: path,
            with_history,
        } => {
            // A file is a whole cluster to move: it keeps who did what.
            let history = *with_history || path.is_some();
            // An export only reads: the damage check would read the whole
            // file again beside it.
            store.stop_check();
            export::export(*format, path.as_deref(), history, store, config, out)?;
        }
    }
    Ok(())
}

/// The change-log object a user named: an item, a team item, a team, a
/// release or a stakeholder, tried in that order.
fn object_named(store: &Store, of: &str) -> anyhow::Result<String> {
    use crate::domain::item::ItemRef;
    use crate::domain::team::TeamItemRef;
    if let Ok(r) = of.parse::<crate::domain::portfolio::PortfolioId>()
        && of.trim().to_ascii_uppercase().starts_with("P-")
    {
        return Ok(format!("portfolio:{}", store.portfolio_item(r)?.id.0));
    }
    if let Ok(r) = of.parse::<ItemRef>() {
        return Ok(format!("item:{}", store.resolve_any(r)?.id.0));
    }
    if let Ok(r) = of.parse::<TeamItemRef>() {
        return Ok(format!("team_item:{}", store.resolve_team_item(&r)?.id));
    }
    if let Ok(t) = store.team(of) {
        return Ok(format!("team:{}", t.id));
    }
    if let Ok(r) = store.release(of) {
        return Ok(format!("release:{}", r.id));
    }
    if let Ok(c) = store.cycle(of) {
        return Ok(format!("cycle:{}", c.id));
    }
    match store.stakeholder(of) {
        Ok(s) => Ok(format!("stakeholder:{}", s.id)),
        Err(_) => anyhow::bail!(
            "{of:?} names no item, team item, team, release, cycle or stakeholder: write e.g. F-12, PAY-23, PAY, \"Pro 2.1\", 26.4"
        ),
    }
}

/// A template by name, or a message listing the ones there are.
pub(crate) fn template_named<'a>(
    config: &'a Config,
    name: &str,
) -> anyhow::Result<&'a crate::domain::template::Template> {
    crate::domain::template::find(&config.templates, name).ok_or_else(|| {
        anyhow::anyhow!(
            "there is no template {name:?}: use one of {} (a file of that name in the templates folder beside config.toml replaces it)",
            config
                .templates
                .iter()
                .map(|t| t.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

/// A new item's texts: the flags, with a template filling what they leave empty.
fn templated(
    config: &Config,
    template: Option<&str>,
    description: &str,
    acceptance: &str,
    source: &str,
    business: Option<&crate::domain::business::BusinessCase>,
) -> anyhow::Result<(String, crate::store::ItemFill)> {
    use crate::domain::itemtext::ItemText;
    let given = ItemText {
        description: description.to_string(),
        acceptance: acceptance.to_string(),
        source: source.to_string(),
        business: business.cloned().unwrap_or_default(),
        ..ItemText::default()
    };
    let filled = match template {
        Some(name) => template_named(config, name)?.fill(&given),
        None => given.clone(),
    };
    let case_changed = filled.business != given.business || business.is_some();
    Ok((
        filled.description,
        crate::store::ItemFill {
            acceptance: filled.acceptance,
            source: filled.source,
            business_case: case_changed.then_some(filled.business),
            dor_overridden: Vec::new(),
        },
    ))
}

/// `edit --template`: the template's text into each field the item and the
/// other flags leave empty.
fn fill_from_template(
    config: &Config,
    name: &str,
    it: &crate::domain::Item,
    edit: &mut ItemEdit,
) -> anyhow::Result<()> {
    use crate::domain::itemtext::ItemText;
    let t = template_named(config, name)?;
    let now = ItemText {
        title: it.title.clone(),
        description: edit
            .description
            .clone()
            .unwrap_or_else(|| it.description.clone()),
        acceptance: edit
            .acceptance
            .clone()
            .unwrap_or_else(|| it.acceptance.clone()),
        source: edit.source.clone().unwrap_or_else(|| it.source.clone()),
        business: match &edit.business_case {
            Some(c) => c.clone().unwrap_or_default(),
            None => it.business_case.clone().unwrap_or_default(),
        },
    };
    let filled = t.fill(&now);
    if filled == now {
        anyhow::bail!(
            "{} already has every field the {} template writes: nothing to fill",
            it.code(),
            t.label
        );
    }
    edit.description = Some(filled.description);
    edit.acceptance = Some(filled.acceptance);
    edit.source = Some(filled.source);
    edit.business_case = Some(Some(filled.business).filter(|b| !b.is_empty()));
    Ok(())
}

/// A refusal to overwrite someone's later change, with how to insist.
fn with_force(e: crate::store::StoreError) -> anyhow::Error {
    match e {
        e @ crate::store::StoreError::Overwrite { .. } => {
            anyhow::anyhow!("{e}; pass --force to do it anyway (recorded)")
        }
        e => e.into(),
    }
}

/// Text from a file, or from standard input for `-`.
fn read_text(path: &std::path::Path, what: &str) -> anyhow::Result<String> {
    if path.as_os_str() == "-" {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
            .with_context(|| format!("could not read {what} from standard input"))?;
        return Ok(text);
    }
    std::fs::read_to_string(path)
        .with_context(|| format!("could not read {what} from {}", path.display()))
}

/// `completions SHELL` and `man`: files generated from the command line itself.
pub fn shell_files(command: &Command, out: &mut dyn Write) -> anyhow::Result<()> {
    use clap::CommandFactory;
    let mut cli = crate::cli::Cli::command();
    match command {
        // Generated into memory first: the generator panics on a write error.
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut cli, "clusterboard", &mut script);
            out.write_all(&script)?;
        }
        Command::Man => clap_mangen::Man::new(cli)
            .render(out)
            .context("could not write the manual page")?,
        _ => {}
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
pub(crate) fn csv_text(s: &str) -> String {
    let s = sanitize(s);
    if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s
    }
}
