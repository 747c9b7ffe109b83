//! `import jira`, `import jira-map` and `import json`: every file is read and
//! checked before the database is opened, so a bad file never creates or
//! touches one; a real run is one transaction.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use anyhow::Context;

use crate::cli::ImportCommand;
use crate::config::Config;
use crate::domain::text::{fit, sanitize};
use crate::import::{JiraMap, JiraPlan, Problem, json, plan_jira, sheet};
use crate::store::{ImportReport, Store};

/// How the import gets at the database: it opens it only once the file is good.
pub struct Target<'a> {
    /// Whether the database file exists already (true for the in-memory demo).
    pub exists: bool,
    pub open: &'a dyn Fn() -> anyhow::Result<Store>,
}

pub fn import(
    cmd: &ImportCommand,
    target: &Target<'_>,
    config: &Config,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match cmd {
        ImportCommand::JiraMap => {
            out.write_all(crate::import::DEFAULT_MAP.as_bytes())?;
            Ok(())
        }
        ImportCommand::Jira { file, map, dry_run } => {
            jira(file, map.as_deref(), *dry_run, target, config, out)
        }
        ImportCommand::Json { file } => {
            let bytes = read(file)?;
            let cluster = json::parse(&bytes)
                .map_err(|e| anyhow::anyhow!("{}: {e}; nothing was imported", file.display()))?;
            let mut store = (target.open)()?;
            let report = store.load_cluster(&cluster, &config.who())?;
            writeln!(
                out,
                "Imported {}: {} portfolio items, {} items, {} team items, {} teams, {} releases, {} stakeholders",
                file.display(),
                report.portfolio,
                report.items,
                report.team_items,
                report.teams,
                report.releases,
                report.stakeholders
            )?;
            for key in &cluster.ignored {
                writeln!(
                    out,
                    "  not imported: the export's {:?} (this clusterboard does not read it yet)",
                    sanitize(key)
                )?;
            }
            Ok(())
        }
    }
}

fn read(file: &Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(file).with_context(|| {
        format!(
            "could not read {}: check the path; nothing was imported",
            file.display()
        )
    })
}

/// Problems a refusal names on its own; a dry run lists every one.
const PROBLEMS_SHOWN: usize = 10;

fn refuse(file: &Path, problems: &[Problem], listed: bool) -> anyhow::Error {
    let n = problems.len();
    let s = if n == 1 { "" } else { "s" };
    if listed {
        return anyhow::anyhow!(
            "{} has {n} problem{s}, listed above; nothing was imported",
            file.display()
        );
    }
    let mut msg = format!(
        "{} has {n} problem{s}; nothing was imported (--dry-run lists them all, and what the import would do):",
        file.display()
    );
    for p in problems.iter().take(PROBLEMS_SHOWN) {
        msg.push_str(&format!("\n  {p}"));
    }
    if n > PROBLEMS_SHOWN {
        msg.push_str(&format!("\n  … and {} more", n - PROBLEMS_SHOWN));
    }
    anyhow::anyhow!(msg)
}

fn jira(
    file: &Path,
    map: Option<&Path>,
    dry_run: bool,
    target: &Target<'_>,
    config: &Config,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let map = JiraMap::load(map)?;
    let bytes = read(file)?;
    let sheet = match sheet::read(&bytes) {
        Ok(s) => s,
        Err(p) => {
            if dry_run {
                writeln!(out, "Dry run of {}: nothing was written.", file.display())?;
                writeln!(out, "1 problem: a real run refuses the file\n  {p}")?;
            }
            return Err(refuse(file, &[p], false));
        }
    };
    let source = format!(
        "Jira export {}",
        file.file_name().map_or_else(
            || file.display().to_string(),
            |n| n.to_string_lossy().into_owned()
        )
    );
    let mut store = None;
    let known = if target.exists {
        let s = (target.open)()?;
        let known = s.imported()?;
        store = Some(s);
        known
    } else {
        HashMap::new()
    };
    let mut plan = plan_jira(&sheet, &map, &known, &source);
    plan.batch
        .portfolio_states
        .clone_from(&config.portfolio_states);
    // Portfolio kinds are the cluster's own (config.toml): the map must use one.
    for p in &plan.batch.portfolio {
        if !config.portfolio_kinds.iter().any(|k| k == &p.kind) {
            plan.problems.push(Problem::at(
                crate::import::Place::line(p.line),
                format!(
                    "{} maps to portfolio kind {:?}, which this cluster does not have: use one of {} \
                     in the map, or add it under [portfolio] kinds in config.toml",
                    p.external_id,
                    p.kind,
                    config
                        .portfolio_kinds
                        .iter()
                        .map(|k| format!("{k:?}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
    }
    if !plan.problems.is_empty() {
        if dry_run {
            print_plan(out, file, &plan, None)?;
            writeln!(
                out,
                "(what would be created and updated is listed once these are fixed)"
            )?;
        }
        return Err(refuse(file, &plan.problems, dry_run));
    }
    let mut store = match store {
        Some(s) => s,
        // A dry run on a file that does not exist yet creates none.
        None if dry_run => Store::open_in_memory()?,
        None => (target.open)()?,
    };
    let report = store.import_batch(&plan.batch, &config.who(), !dry_run)?;
    for c in &report.conflicts {
        plan.problems.push(Problem::at(
            crate::import::Place::line(c.line),
            c.message.clone(),
        ));
    }
    if dry_run {
        print_plan(out, file, &plan, Some(&report))?;
    } else if plan.problems.is_empty() {
        print_done(out, file, &plan, &report)?;
    }
    if plan.problems.is_empty() {
        Ok(())
    } else {
        Err(refuse(file, &plan.problems, dry_run))
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn created_counts(report: &ImportReport) -> String {
    let team = report.created.iter().filter(|c| c.team_item).count();
    let portfolio = report
        .created
        .iter()
        .filter(|c| c.what.starts_with("portfolio "))
        .count();
    let cluster = count(
        report.created.len() - team - portfolio,
        "cluster item",
        "cluster items",
    );
    let team = count(team, "team item", "team items");
    if portfolio == 0 {
        format!("{cluster} and {team}")
    } else {
        format!(
            "{}, {cluster} and {team}",
            count(portfolio, "portfolio item", "portfolio items")
        )
    }
}

fn print_additions(out: &mut dyn Write, verb: &str, report: &ImportReport) -> anyhow::Result<()> {
    for (what, list) in [
        ("teams", &report.teams_created),
        ("releases", &report.releases_created),
        ("stakeholders", &report.stakeholders_created),
    ] {
        if !list.is_empty() {
            let names: Vec<String> = list.iter().map(|n| sanitize(n)).collect();
            writeln!(out, "{verb} {what}: {}", names.join(", "))?;
        }
    }
    if report.labelled > 0 {
        writeln!(
            out,
            "labels: {} with Jira's labels and sprints (find them with /label:NAME)",
            count(report.labelled, "new item", "new items")
        )?;
    }
    if report.resolved > 0 {
        writeln!(
            out,
            "lead times: {} from Jira's Created to its Resolved day",
            count(report.resolved, "done item counts", "done items count")
        )?;
    }
    if report.past_ready > 0 {
        writeln!(
            out,
            "{} in Ready or beyond as Jira says, without a Definition of Ready check: \
             tick their DoR with `clusterboard dor`",
            count(report.past_ready, "item stands", "items stand")
        )?;
    }
    Ok(())
}

fn print_updates(out: &mut dyn Write, report: &ImportReport) -> anyhow::Result<()> {
    for u in &report.updated {
        writeln!(
            out,
            "  {} {}: {}",
            sanitize(&u.external_id),
            u.code,
            sanitize(&u.changes.join("; "))
        )?;
    }
    Ok(())
}

fn print_tail(out: &mut dyn Write, plan: &JiraPlan) -> anyhow::Result<()> {
    if !plan.skipped.is_empty() {
        writeln!(
            out,
            "skipped {}:",
            count(plan.skipped.len(), "issue", "issues")
        )?;
        for s in &plan.skipped {
            writeln!(
                out,
                "  line {} {}: {}",
                s.line,
                sanitize(&s.key),
                sanitize(&s.reason)
            )?;
        }
    }
    if !plan.notes.is_empty() {
        writeln!(out, "notes:")?;
        for n in &plan.notes {
            writeln!(out, "  {n}")?;
        }
    }
    Ok(())
}

/// What a dry run (or a refused run) would do, item by item.
fn print_plan(
    out: &mut dyn Write,
    file: &Path,
    plan: &JiraPlan,
    report: Option<&ImportReport>,
) -> anyhow::Result<()> {
    writeln!(
        out,
        "Dry run of {} ({} read): nothing was written.",
        file.display(),
        count(plan.rows, "issue", "issues")
    )?;
    if let Some(report) = report {
        let colon = if report.created.is_empty() { "" } else { ":" };
        writeln!(out, "would create {}{colon}", created_counts(report))?;
        for c in &report.created {
            writeln!(
                out,
                "  {:<12} {:<9} {:<24} {}",
                sanitize(&c.external_id),
                c.code,
                c.what,
                fit(&sanitize(&c.title), 60)
            )?;
        }
        writeln!(
            out,
            "would update {}{}",
            count(report.updated.len(), "item", "items"),
            if report.updated.is_empty() { "" } else { ":" }
        )?;
        print_updates(out, report)?;
        writeln!(out, "unchanged: {}", report.unchanged)?;
        print_additions(out, "would add", report)?;
    }
    print_tail(out, plan)?;
    if !plan.problems.is_empty() {
        writeln!(
            out,
            "{}: a real run refuses the file",
            count(plan.problems.len(), "problem", "problems")
        )?;
        for p in &plan.problems {
            writeln!(out, "  {p}")?;
        }
    }
    Ok(())
}

fn print_done(
    out: &mut dyn Write,
    file: &Path,
    plan: &JiraPlan,
    report: &ImportReport,
) -> anyhow::Result<()> {
    writeln!(
        out,
        "Imported {}: created {}, updated {}, {} unchanged, {} skipped.",
        file.display(),
        created_counts(report),
        count(report.updated.len(), "item", "items"),
        report.unchanged,
        plan.skipped.len()
    )?;
    print_updates(out, report)?;
    print_additions(out, "added", report)?;
    print_tail(out, plan)?;
    Ok(())
}
