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
        ReleaseCommand::List { format } => {
            use super::listing::{Listing, col, num};
            use serde_json::json;
            let mut l = Listing::new(&[
                col("release", "RELEASE"),
                col("state", "STATE"),
                col("target", "TARGET"),
                num("items", "ITEMS"),
                num("points_done", "DONE"),
                num("points", "POINTS"),
            ]);
            for r in store.releases()? {
                let items = store.release_items(&r)?;
                let (planned, done) = crate::domain::release::points(items.iter().map(|(_, i)| i));
                l.row(vec![
                    json!(r.name),
                    json!(r.state.as_str()),
                    json!(r.target_date),
                    json!(items.len()),
                    json!(done),
                    json!(planned),
                ]);
            }
            l.write(*format, out)?;
        }
        ReleaseCommand::Plan {
            item,
            release,
            clear,
            force,
        } => {
            let item = store.resolve(*item)?;
            match (release, clear) {
                (Some(name), _) => {
                    let r = store.release(name)?;
                    if r.state != crate::domain::release::ReleaseState::Planned && !*force {
                        let e = crate::store::ReleaseError::Closed {
                            name: r.name.clone(),
                            state: r.state,
                        };
                        anyhow::bail!("{e}; pass --force to plan it anyway (recorded)");
                    }
                    store.plan(item.id, Some(&r), &r.variant, &who)?;
                    writeln!(out, "Planned {} into {}", item.code(), r.name)?;
                }
                (None, Some(variant)) => {
                    store.plan(item.id, None, variant, &who)?;
                    let shown = store
                        .releases()?
                        .into_iter()
                        .find(|r| r.variant.eq_ignore_ascii_case(variant))
                        .map_or_else(|| variant.clone(), |r| r.variant);
                    writeln!(
                        out,
                        "Took {} out of the {} plan",
                        item.code(),
                        sanitize(&shown)
                    )?;
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
            if config.dod.iter().any(|p| p.key == crate::store::ITEMS_DONE) {
                writeln!(
                    out,
                    "({} is counted from the planned items, never ticked)",
                    crate::store::ITEMS_DONE
                )?;
            }
        }
        ReleaseCommand::Accept { release, force } => {
            let r = store.release(release)?;
            let r = store.accept(&r, &config.dod, *force, &who).map_err(|e| {
                // Only open DoD points are a matter of ticking, or of --force.
                if !matches!(
                    e,
                    crate::store::StoreError::Release(crate::store::ReleaseError::DodOpen { .. })
                ) {
                    return anyhow::Error::from(e);
                }
                let counted: Vec<&str> = config
                    .dod
                    .iter()
                    .filter(|p| p.key == crate::store::ITEMS_DONE)
                    .map(|p| p.text.as_str())
                    .collect();
                let crate::store::StoreError::Release(crate::store::ReleaseError::DodOpen {
                    open,
                    ..
                }) = &e
                else {
                    return anyhow::Error::from(e);
                };
                // The counted point's line carries the items not done after it.
                let is_counted = |o: &String| counted.iter().any(|c| o.starts_with(c));
                let items_open = open.iter().any(is_counted);
                let tickable = open.iter().any(|o| !is_counted(o));
                let how = match (tickable, items_open) {
                    (true, true) => "tick the others with `release dod` and finish its planned items (that point is counted from them), or pass --force",
                    (true, false) => "tick them with `release dod`, or pass --force",
                    _ => "finish its planned items first (that point is counted from them, never ticked), or pass --force",
                };
                anyhow::anyhow!("{e}; {how}")
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
        StakeholderCommand::List { format } => {
            use super::listing::{Listing, col, num};
            use serde_json::json;
            let mut l = Listing::new(&[
                col("name", "NAME"),
                col("group", "GROUP"),
                col("contact", "CONTACT"),
                num("requests", "REQUESTS"),
            ]);
            for s in store.stakeholders()? {
                let n = store.requests(&s)?.len();
                l.row(vec![
                    json!(s.name),
                    json!(s.group),
                    json!(s.contact),
                    json!(n),
                ]);
            }
            l.write(*format, out)?;
        }
        StakeholderCommand::Request { item, name } => {
            let it = store.resolve(*item)?;
            store.add_request(it.id, name, who)?;
            // As stored: the name is matched without regard to case.
            let s = store.stakeholder(name)?;
            writeln!(out, "{} requested {}", sanitize(&s.name), it.code())?;
        }
        StakeholderCommand::Withdraw { item, name } => {
            let it = store.resolve(*item)?;
            let s = store.stakeholder(name)?;
            if store.withdraw_request(it.id, &s.name, who)? {
                writeln!(
                    out,
                    "Withdrew {}'s request for {}",
                    sanitize(&s.name),
                    it.code()
                )?;
            } else {
                anyhow::bail!(
                    "{} had not requested {}: nothing to withdraw",
                    sanitize(&s.name),
                    it.code()
                );
            }
        }
        StakeholderCommand::Edit {
            name,
            rename,
            group,
            contact,
        } => {
            if rename.is_none() && group.is_none() && contact.is_none() {
                anyhow::bail!("say what changes: --rename NAME, --group GROUP or --contact WHO");
            }
            let s = store.edit_stakeholder(
                name,
                rename.as_deref(),
                cleared(group.as_deref()),
                cleared(contact.as_deref()),
                who,
            )?;
            writeln!(out, "Stakeholder is now {}", sanitize(&s.name))?;
        }
    }
    Ok(())
}

/// An optional text a user gave: "" means clear it.
fn cleared(v: Option<&str>) -> Option<Option<&str>> {
    v.map(|v| Some(v.trim()).filter(|v| !v.is_empty()))
}

pub(super) fn report(
    cmd: &ReportCommand,
    store: &Store,
    config: &Config,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let (mut doc, format, cases) = match cmd {
        // Written as it is read: the plan of a large cluster is long.
        ReportCommand::ReleasePlan {
            format,
            with_business_case,
        } => {
            let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
            report::write_release_plan(store, config, *format, *with_business_case, &mut out)?;
            out.flush()?;
            return Ok(());
        }
        ReportCommand::Stakeholder {
            name,
            format,
            with_business_case,
        } => (
            report::stakeholder(store, name)?,
            *format,
            *with_business_case,
        ),
        ReportCommand::ReleaseNotes {
            release,
            format,
            with_business_case,
        } => (
            report::release_notes(store, release)?,
            *format,
            *with_business_case,
        ),
        ReportCommand::Burnup { release, format } => {
            let r = report::charts::burnup(store, config, release)?;
            out.write_all(report::charts::render(&r, *format)?.as_bytes())?;
            return Ok(());
        }
        ReportCommand::Flow { from, to, format } => {
            let day = |d: &Option<String>, flag: &str| {
                d.as_deref()
                    .map(crate::domain::release::clean_date)
                    .transpose()
                    .map_err(|e| anyhow::anyhow!("--{flag}: {e}"))
            };
            let (from, to) = (day(from, "from")?, day(to, "to")?);
            if let (Some(a), Some(b)) = (&from, &to)
                && a > b
            {
                anyhow::bail!("--from {a} comes after --to {b}: swap them");
            }
            let r = report::charts::flow(store, config, from.as_deref(), to.as_deref())?;
            out.write_all(report::charts::render(&r, *format)?.as_bytes())?;
            return Ok(());
        }
        ReportCommand::LeadTime { from, format } => {
            let from = from
                .as_deref()
                .map(crate::domain::release::clean_date)
                .transpose()
                .map_err(|e| anyhow::anyhow!("--from: {e}"))?;
            let r = report::charts::lead_time(store, from.as_deref())?;
            out.write_all(report::charts::render(&r, *format)?.as_bytes())?;
            return Ok(());
        }
        ReportCommand::Changes { since, format } => {
            (report::changes(store, since.as_deref())?, *format, false)
        }
    };
    if cases {
        let ids = doc.items.clone();
        doc.sections
            .extend(report::business_case_sections(store, &ids)?);
    }
    out.write_all(report::render(&doc, format).as_bytes())?;
    Ok(())
}
