//! `release`, `stakeholder` and `report`: the release plan from the command line.

use std::io::Write;

use crate::cli::{ReleaseCommand, ReportCommand, StakeholderCommand};
use crate::config::Config;
use crate::domain::text::sanitize;
use crate::report;
use crate::store::Store;

pub(super) fn release(
    cmd: &ReleaseCommand,
    store: &mut Store,
    config: &Config,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let who = config.who();
    match cmd {
        ReleaseCommand::Add {
            variant,
            version,
            target,
            notes,
        } => {
            let r = store.add_release(variant, version, target.as_deref(), notes, &who)?;
            writeln!(out, "Added release {}", r.name)?;
        }
        ReleaseCommand::List => {
            writeln!(
                out,
                "{:<14} {:<10} {:<11} {:>5} {:>13}",
                "RELEASE", "STATE", "TARGET", "ITEMS", "POINTS DONE"
            )?;
            for r in store.releases()? {
                let items = store.release_items(&r)?;
                let (planned, done) = crate::domain::release::points(items.iter().map(|(_, i)| i));
                writeln!(
                    out,
                    "{:<14} {:<10} {:<11} {:>5} {:>13}",
                    sanitize(&r.name),
                    r.state.as_str(),
                    r.target_date.as_deref().unwrap_or("-"),
                    items.len(),
                    format!("{done}/{planned}")
                )?;
            }
        }
        ReleaseCommand::Plan {
            item,
            release,
            clear,
        } => {
            let item = store.resolve(*item)?;
            match (release, clear) {
                (Some(name), _) => {
                    let r = store.release(name)?;
                    store.plan(item.id, Some(&r), &r.variant, &who)?;
                    writeln!(out, "Planned {} into {}", item.code(), r.name)?;
                }
                (None, Some(variant)) => {
                    store.plan(item.id, None, variant, &who)?;
                    writeln!(out, "Took {} out of the {variant} plan", item.code())?;
                }
                (None, None) => {
                    anyhow::bail!("say where: --release \"Pro 2.2\" or --clear VARIANT")
                }
            }
        }
        ReleaseCommand::Dod {
            release,
            tick,
            untick,
        } => {
            let r = store.release(release)?;
            for (p, met) in super::checklist_changes(&config.dod, tick, untick)? {
                store.set_release_dod(&r, p, met, &who)?;
            }
            let met = store.release_dod(&r)?;
            super::print_checklist(out, &config.dod, &met, 8)?;
        }
        ReleaseCommand::Accept { release, force } => {
            let r = store.release(release)?;
            let r = store.accept(&r, &config.dod, *force, &who).map_err(|e| {
                anyhow::anyhow!("{e}; tick them with `release dod`, or pass --force")
            })?;
            writeln!(
                out,
                "Accepted {} (by {})",
                r.name,
                r.accepted_by.unwrap_or_default()
            )?;
        }
        ReleaseCommand::Ship { release } => {
            let r = store.release(release)?;
            let shipped = store.ship(&r, &who)?;
            writeln!(
                out,
                "Released {}: {} items moved to Released",
                shipped.release.name,
                shipped.released.len()
            )?;
            for i in &shipped.left_behind {
                writeln!(
                    out,
                    "  left behind, still planned: {} \"{}\" ({})",
                    i.code(),
                    sanitize(&i.title),
                    i.state.label()
                )?;
            }
        }
        ReleaseCommand::Edit {
            release,
            target,
            notes,
        } => {
            if target.is_none() && notes.is_none() {
                anyhow::bail!("say what changes: --target YYYY-MM-DD or --notes TEXT");
            }
            let r = store.edit_release(release, target.as_deref(), notes.as_deref(), &who)?;
            writeln!(
                out,
                "{}: target {}",
                r.name,
                r.target_date.as_deref().unwrap_or("not set")
            )?;
        }
    }
    Ok(())
}

pub(super) fn stakeholder(
    cmd: &StakeholderCommand,
    store: &mut Store,
    who: &str,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match cmd {
        StakeholderCommand::Add {
            name,
            group,
            contact,
        } => {
            let s = store.add_stakeholder(name, group.as_deref(), contact.as_deref(), who)?;
            writeln!(out, "Added stakeholder {}", sanitize(&s.name))?;
        }
        StakeholderCommand::List => {
            for s in store.stakeholders()? {
                let n = store.requests(&s)?.len();
                writeln!(
                    out,
                    "{:<24} {:<12} {n} requests",
                    sanitize(&s.name),
                    sanitize(s.group.as_deref().unwrap_or("-"))
                )?;
            }
        }
        StakeholderCommand::Request { item, name } => {
            let it = store.resolve(*item)?;
            store.add_request(it.id, name, who)?;
            writeln!(out, "{} requested {}", sanitize(name), it.code())?;
        }
    }
    Ok(())
}

pub(super) fn report(
    cmd: &ReportCommand,
    store: &Store,
    config: &Config,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let (doc, format) = match cmd {
        // Written as it is read: the plan of a large cluster is long.
        ReportCommand::ReleasePlan { format } => {
            let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
            report::write_release_plan(store, config, *format, &mut out)?;
            out.flush()?;
            return Ok(());
        }
        ReportCommand::Stakeholder { name, format } => (report::stakeholder(store, name)?, *format),
        ReportCommand::ReleaseNotes { release, format } => {
            (report::release_notes(store, release)?, *format)
        }
    };
    out.write_all(report::render(&doc, format).as_bytes())?;
    Ok(())
}
