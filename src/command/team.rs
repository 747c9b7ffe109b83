//! `team`, `split` and `team-item`: teams and their backlogs from the command line.

use std::io::Write;

use crate::cli::{Command, TeamCommand, TeamItemCommand};
use crate::domain::team::{ItemType, NewTeamItem};
use crate::domain::text::sanitize;
use crate::store::{NewTeam, Store, TeamEdit};

pub(super) fn team(
    cmd: &TeamCommand,
    store: &mut Store,
    who: &str,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match cmd {
        TeamCommand::Add {
            code,
            name,
            product_owner,
            capacity,
        } => {
            let t = store.add_team(
                &NewTeam {
                    code: code.clone(),
                    name: name.clone(),
                    product_owner: product_owner.clone(),
                    capacity: *capacity,
                },
                who,
            )?;
            writeln!(out, "Added team {} ({})", t.code, sanitize(&t.name))?;
        }
        TeamCommand::List { format } => {
            use super::listing::{Listing, col, num};
            use serde_json::json;
            let mut l = Listing::new(&[
                col("code", "CODE"),
                col("name", "NAME"),
                col("product_owner", "PRODUCT OWNER"),
                num("capacity", "CAPACITY"),
                num("open", "OPEN"),
                num("done", "DONE"),
            ]);
            for t in store.teams()? {
                let rows = store.team_backlog(t.id, 0, usize::MAX >> 1)?;
                let done = rows
                    .iter()
                    .filter(|r| r.item.state == crate::domain::team::TeamState::Done)
                    .count();
                l.row(vec![
                    json!(t.code),
                    json!(t.name),
                    json!(t.product_owner),
                    json!(t.capacity),
                    json!(rows.len() - done),
                    json!(done),
                ]);
            }
            l.write(*format, out)?;
        }
        TeamCommand::Edit {
            code,
            code_to,
            name,
            product_owner,
            capacity,
            no_capacity,
        } => {
            let edit = TeamEdit {
                code: code_to.clone(),
                name: name.clone(),
                product_owner: product_owner
                    .clone()
                    .map(|o| Some(o).filter(|o| !o.trim().is_empty())),
                capacity: if *no_capacity {
                    Some(None)
                } else {
                    capacity.map(Some)
                },
            };
            if edit == TeamEdit::default() {
                anyhow::bail!(
                    "say what changes: --code-to NEW, --name \"New name\", --product-owner NAME or --capacity N"
                );
            }
            let t = store.edit_team(code, &edit, who)?;
            writeln!(
                out,
                "Team is now {} ({}), product owner {}, capacity {}",
                t.code,
                sanitize(&t.name),
                sanitize(t.product_owner.as_deref().unwrap_or("-")),
                t.capacity
                    .map_or_else(|| "-".to_string(), |c| c.to_string())
            )?;
        }
        TeamCommand::Remove { code } => {
            let done = store.remove_team(code, who)?;
            writeln!(
                out,
                "Removed team {}; {done} done items stay with their cluster items",
                code.to_uppercase()
            )?;
        }
    }
    Ok(())
}

/// Spreads `once_or_each` over `n` items: one value for all, or one per item.
fn per_item<T: Clone>(what: &str, values: &[T], n: usize) -> anyhow::Result<Vec<Option<T>>> {
    match values.len() {
        0 => Ok(vec![None; n]),
        1 => Ok(vec![Some(values[0].clone()); n]),
        k if k == n => Ok(values.iter().cloned().map(Some).collect()),
        k => anyhow::bail!("{k} --{what} values for {n} items: give one for all, or one per item"),
    }
}

pub(super) fn split(
    cmd: &Command,
    store: &mut Store,
    who: &str,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let Command::Split {
        item,
        team: teams,
        title: titles,
        item_type: types,
        effort: efforts,
    } = cmd
    else {
        return Ok(());
    };
    if teams.len() != titles.len() {
        anyhow::bail!(
            "{} --team but {} --title: give each new item a team and a title",
            teams.len(),
            titles.len()
        );
    }
    let parent = store.resolve(*item)?;
    let types = per_item("type", types, teams.len())?;
    let efforts = per_item("effort", efforts, teams.len())?;
    let new: Vec<NewTeamItem> = teams
        .iter()
        .zip(titles)
        .zip(types.into_iter().zip(efforts))
        .map(|((team, title), (t, e))| NewTeamItem {
            team: team.clone(),
            title: title.clone(),
            item_type: t.unwrap_or(ItemType::Story),
            effort: e,
        })
        .collect();
    let ids = store.split(parent.id, &new, who)?;
    // What a user reads, code first (the code is what every command takes).
    for id in ids {
        let t = store.team_item(id)?;
        writeln!(
            out,
            "{} {} \"{}\", under {}",
            t.code(),
            t.item_type,
            sanitize(&t.title),
            t.parent
        )?;
    }
    Ok(())
}

pub(super) fn team_item(
    cmd: &TeamItemCommand,
    store: &mut Store,
    who: &str,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let t = match cmd {
        TeamItemCommand::State { id, to } => {
            let it = store.resolve_team_item(id)?;
            store.set_team_state(it.id, *to, who)?
        }
        TeamItemCommand::Move { id, team } => {
            let it = store.resolve_team_item(id)?;
            store.move_to_team(it.id, team, who)?
        }
        TeamItemCommand::Edit {
            id,
            title,
            description,
            effort,
            no_effort,
            item_type,
        } => {
            let it = store.resolve_team_item(id)?;
            let effort = if *no_effort {
                Some(None)
            } else {
                effort.map(Some)
            };
            if title.is_none() && effort.is_none() && item_type.is_none() && description.is_none() {
                anyhow::bail!(
                    "say what to change: --title, --effort N (or --no-effort), --type TYPE or --description TEXT"
                );
            }
            let t = store.edit_team_item(
                it.id,
                title.as_deref(),
                effort,
                *item_type,
                description.as_deref(),
                who,
            )?;
            let shown = t
                .effort
                .map_or_else(|| "no effort".into(), |e| format!("{e} points"));
            writeln!(
                out,
                "Edited {} \"{}\": {}, {shown}, under {}",
                t.code(),
                sanitize(&t.title),
                t.item_type,
                t.parent
            )?;
            return Ok(());
        }
        TeamItemCommand::Reparent { id, to } => {
            let it = store.resolve_team_item(id)?;
            let parent = store.resolve(*to)?;
            store.reparent(it.id, parent.id, who)?
        }
    };
    writeln!(
        out,
        "{} \"{}\": {}, under {}",
        t.code(),
        sanitize(&t.title),
        t.state.label(),
        t.parent
    )?;
    Ok(())
}
