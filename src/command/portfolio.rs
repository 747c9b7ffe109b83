//! `portfolio`, `derive`, `link`, `unlink`: the portfolio above the cluster
//! from the command line, through the same store calls the Portfolio view makes.

use std::io::Write;

use crate::cli::{Command, PortfolioCommand};
use crate::config::Config;
use crate::domain::NewItem;
use crate::domain::business::BusinessCase;
use crate::domain::itemtext::{ItemText, Shape};
use crate::domain::portfolio::{PortfolioId, PortfolioState};
use crate::domain::text::sanitize;
use crate::store::{NewPortfolioItem, PortfolioEdit, PortfolioPlacement, Store};

/// A portfolio kind as configured, matched without regard to case.
fn kind_named(config: &Config, kind: &str) -> anyhow::Result<String> {
    config
        .portfolio_kinds
        .iter()
        .find(|k| k.eq_ignore_ascii_case(kind.trim()))
        .cloned()
        .ok_or_else(|| {
            anyhow::anyhow!(
                "{:?} is not a portfolio kind: use one of {} (config.toml [portfolio] kinds adds more)",
                kind,
                config.portfolio_kinds.join(", ")
            )
        })
}

/// A state of the portfolio Kanban, by key or title.
fn state_named<'a>(config: &'a Config, state: &str) -> anyhow::Result<&'a PortfolioState> {
    let s = state.trim();
    config
        .portfolio_states
        .iter()
        .find(|p| p.key.eq_ignore_ascii_case(s) || p.title.eq_ignore_ascii_case(s))
        .ok_or_else(|| {
            anyhow::anyhow!(
                "{state:?} is not a state of the portfolio Kanban: use one of {} (config.toml [portfolio] columns)",
                config
                    .portfolio_states
                    .iter()
                    .map(|p| p.key.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
}

/// A business case file as `E` writes it; empty clears the case.
pub(super) fn business_case_file(path: &std::path::Path) -> anyhow::Result<Option<BusinessCase>> {
    let text = super::read_text(path, "the business case")?;
    let parsed = ItemText::parse(&text, Shape::Business).map_err(|e| {
        anyhow::anyhow!(
            "{}, {e}; nothing was changed (`clusterboard portfolio show` and E show the headings)",
            path.display()
        )
    })?;
    Ok(Some(parsed.business).filter(|b| !b.is_empty()))
}

fn state_title(config: &Config, key: &str) -> String {
    config
        .portfolio_states
        .iter()
        .find(|s| s.key == key)
        .map_or_else(|| key.to_string(), |s| s.title.clone())
}

pub(super) fn portfolio(
    cmd: &PortfolioCommand,
    store: &mut Store,
    config: &Config,
    who: &str,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match cmd {
        PortfolioCommand::Add {
            title,
            kind,
            owner,
            value,
            state,
            description,
            template,
        } => {
            let business_case = template
                .as_deref()
                .map(|name| {
                    super::template_named(config, name)
                        .map(|t| t.fill(&ItemText::default()).business)
                })
                .transpose()?
                .filter(|b| !b.is_empty());
            let kind = match kind {
                Some(k) => kind_named(config, k)?,
                None => config
                    .portfolio_kinds
                    .first()
                    .cloned()
                    .unwrap_or_else(|| "system".to_string()),
            };
            let state = match state {
                Some(s) => state_named(config, s)?.key.clone(),
                None => config
                    .portfolio_states
                    .first()
                    .map_or_else(|| "funnel".to_string(), |s| s.key.clone()),
            };
            let p = store.add_portfolio_item(
                &NewPortfolioItem {
                    kind,
                    title: title.clone(),
                    description: description.clone(),
                    owner: owner.clone(),
                    value: *value,
                    state,
                    business_case,
                },
                who,
            )?;
            writeln!(out, "{}", p.code())?;
        }
        PortfolioCommand::List { archived, format } => {
            use super::listing::{Listing, col, num};
            use serde_json::json;
            let mut l = Listing::new(&[
                num("rank", "RANK"),
                col("id", "ID"),
                col("kind", "KIND"),
                col("title", "TITLE"),
                col("state", "STATE"),
                col("owner", "OWNER"),
                num("value", "VALUE"),
                num("items", "ITEMS"),
                num("items_done", "DONE"),
                num("points", "POINTS"),
                num("points_done", "PTS DONE"),
            ]);
            let items = if *archived {
                store.archived_portfolio()?
            } else {
                store.portfolio()?
            };
            for (i, p) in items.iter().enumerate() {
                let r = store.rollup(p.id)?;
                l.row(vec![
                    if *archived { json!(null) } else { json!(i + 1) },
                    json!(p.code()),
                    json!(p.kind),
                    json!(p.title),
                    json!(state_title(config, &p.state)),
                    json!(p.owner),
                    json!(p.value),
                    json!(r.items),
                    json!(r.items_done),
                    json!(r.points),
                    json!(r.points_done),
                ]);
            }
            l.write(*format, out)?;
            if !*archived && *format == crate::cli::ListFormat::Table {
                let share = store.derived_share()?;
                writeln!(out, "\nOf the open cluster backlog, {}.", share.sentence())?;
            }
        }
        PortfolioCommand::Show { item } => show(store, config, *item, out)?,
        PortfolioCommand::Rank {
            item,
            to,
            top,
            bottom,
            up,
            down,
        } => {
            let placement = if *top {
                PortfolioPlacement::Top
            } else if *bottom {
                PortfolioPlacement::Bottom
            } else if *up {
                PortfolioPlacement::Up
            } else if *down {
                PortfolioPlacement::Down
            } else if let Some(n) = to {
                let count = store.portfolio_count()?;
                if *n > count {
                    anyhow::bail!("rank {n} is out of range: the portfolio has ranks 1 to {count}");
                }
                PortfolioPlacement::Rank(*n)
            } else {
                anyhow::bail!("say where: --to N, --top, --bottom, --up or --down");
            };
            let (p, moved) = store.rank_portfolio(*item, placement, who)?;
            let rank = store.portfolio_position(p.id)?;
            if moved {
                writeln!(out, "Moved {} to portfolio rank {rank}", p.code())?;
            } else {
                writeln!(out, "{} already stands at portfolio rank {rank}", p.code())?;
            }
        }
        PortfolioCommand::Move { item, to } => {
            let to = state_named(config, to)?;
            let before = store.portfolio_item(*item)?;
            let p = store.move_portfolio(*item, &to.key, &to.title, who)?;
            if before.state == p.state && before.updated_at == p.updated_at {
                writeln!(out, "{} is already in {}", p.code(), to.title)?;
            } else {
                writeln!(
                    out,
                    "Moved {} \"{}\" from {} to {}",
                    p.code(),
                    sanitize(&p.title),
                    state_title(config, &before.state),
                    to.title
                )?;
            }
        }
        PortfolioCommand::Edit {
            item,
            title,
            description,
            owner,
            kind,
            value,
            business_case_file: file,
            template,
        } => {
            let mut edit = PortfolioEdit {
                title: title.clone(),
                description: description.clone(),
                owner: owner.clone(),
                kind: kind.as_deref().map(|k| kind_named(config, k)).transpose()?,
                value: value.map(Some),
                business_case: file.as_deref().map(business_case_file).transpose()?,
            };
            let before = store.portfolio_item(*item)?;
            if let Some(name) = template {
                let t = super::template_named(config, name)?;
                let now = ItemText {
                    title: before.title.clone(),
                    description: edit
                        .description
                        .clone()
                        .unwrap_or_else(|| before.description.clone()),
                    business: match &edit.business_case {
                        Some(c) => c.clone().unwrap_or_default(),
                        None => before.business_case.clone().unwrap_or_default(),
                    },
                    ..ItemText::default()
                };
                let filled = t.fill(&now);
                if filled.business == now.business && filled.description == now.description {
                    anyhow::bail!(
                        "{} already has every part the {} template writes: nothing to fill",
                        before.code(),
                        t.label
                    );
                }
                edit.description = Some(filled.description);
                edit.business_case = Some(Some(filled.business).filter(|b| !b.is_empty()));
            }
            let p = store.edit_portfolio(*item, &edit, who)?;
            if p == before {
                writeln!(out, "{} is unchanged", p.code())?;
            } else {
                writeln!(out, "Edited {} \"{}\"", p.code(), sanitize(&p.title))?;
            }
        }
        PortfolioCommand::Restore { item } => {
            let p = store.restore_portfolio(*item, who)?;
            let at = store.portfolio_position(p.id)?;
            writeln!(
                out,
                "Restored {} \"{}\" to {} at portfolio rank {at}",
                p.code(),
                sanitize(&p.title),
                config.portfolio_state_title(&p.state)
            )?;
        }
        PortfolioCommand::Archive { item } => {
            let p = store.archive_portfolio(*item, who)?;
            let r = store.rollup(p.id)?;
            writeln!(
                out,
                "Archived {} \"{}\"; its {} derived item{} stay linked; `clusterboard undo` brings it back",
                p.code(),
                sanitize(&p.title),
                r.items,
                if r.items == 1 { "" } else { "s" }
            )?;
        }
    }
    Ok(())
}

fn show(
    store: &Store,
    config: &Config,
    id: PortfolioId,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let p = store.portfolio_item(id)?;
    let r = store.rollup(id)?;
    let rank = if p.archived_at.is_some() {
        "archived".to_string()
    } else {
        format!("portfolio rank {}", store.portfolio_position(id)?)
    };
    writeln!(
        out,
        "{} {} · {} · {rank}",
        p.code(),
        sanitize(&p.kind),
        state_title(config, &p.state)
    )?;
    writeln!(out, "{}", sanitize(&p.title))?;
    if !p.owner.is_empty() {
        writeln!(out, "Owner: {}", sanitize(&p.owner))?;
    }
    if let Some(v) = p.value {
        writeln!(out, "Value: {v}")?;
    }
    if !p.description.trim().is_empty() {
        writeln!(out, "\n{}", sanitize(&p.description))?;
    }
    let text = ItemText {
        business: p.business_case.clone().unwrap_or_default(),
        ..ItemText::default()
    };
    if p.business_case.is_some() {
        writeln!(
            out,
            "\nBusiness case (as `portfolio edit --business-case-file` reads it):"
        )?;
        let body = text.render(&p.code(), Shape::Business);
        for line in body
            .lines()
            .filter(|l| !l.starts_with('#') || l.starts_with("##"))
        {
            writeln!(out, "{}", sanitize(line))?;
        }
    }
    writeln!(
        out,
        "\nDerived cluster items: {} ({} done), {} of {} points done",
        r.items, r.items_done, r.points_done, r.points
    )?;
    for d in store.derived(id, usize::MAX >> 1)? {
        writeln!(
            out,
            "  {:>5}  {}  {}  ({})",
            d.rank,
            d.item.code(),
            sanitize(&d.item.title),
            d.item.state.label()
        )?;
    }
    Ok(())
}

/// `derive`, `link`, `unlink`.
pub(super) fn derive_or_link(
    cmd: &Command,
    store: &mut Store,
    config: &Config,
    who: &str,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match cmd {
        Command::Derive {
            from,
            kind,
            title,
            state,
            value,
            effort,
            description,
            acceptance,
            source,
            template,
        } => {
            let parent = store.portfolio_item(*from)?.business_case;
            let (description, mut fill) = super::templated(
                config,
                template.as_deref(),
                description,
                acceptance,
                source,
                parent.as_ref(),
            )?;
            if fill.business_case == parent {
                // The store copies the parent's case itself.
                fill.business_case = None;
            }
            let item = store.derive(
                *from,
                &NewItem {
                    kind: *kind,
                    title: title.clone(),
                    description,
                    state: *state,
                    value: *value,
                    effort: *effort,
                },
                &fill,
                who,
            )?;
            writeln!(out, "{}", item.code())?;
        }
        Command::Link { item, under, to } => {
            let Some(to) = under.or(*to) else {
                anyhow::bail!("say under which portfolio item: link F-12 P-3");
            };
            let to = &to;
            let it = store.resolve(*item)?;
            let p = store.portfolio_item(*to)?;
            if it.portfolio == Some(*to) {
                writeln!(out, "{} already hangs under {}", it.code(), p.code())?;
            } else {
                let linked = store.link(it.id, Some(*to), who)?;
                writeln!(
                    out,
                    "{} \"{}\" now hangs under {} \"{}\"",
                    linked.code(),
                    sanitize(&linked.title),
                    p.code(),
                    sanitize(&p.title)
                )?;
            }
        }
        Command::Unlink { item } => {
            let it = store.resolve(*item)?;
            match it.portfolio {
                None => writeln!(out, "{} hangs under no portfolio item", it.code())?,
                Some(p) => {
                    store.link(it.id, None, who)?;
                    writeln!(
                        out,
                        "{} is the cluster's own work now, no longer under {}",
                        it.code(),
                        p.code()
                    )?;
                }
            }
        }
        _ => {}
    }
    Ok(())
}
