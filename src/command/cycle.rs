//! `cycle`: cluster cycles, their capacity and the items pulled into them.

use std::io::Write;

use serde_json::json;

use super::listing::{Listing, col, num};
use crate::cli::{CycleCommand, ListFormat};
use crate::config::Config;
use crate::domain::cycle::CycleShape;
use crate::domain::text::sanitize;
use crate::store::{CycleEdit, NewCycle, Store};

pub(super) fn cycle(
    cmd: &CycleCommand,
    store: &mut Store,
    config: &Config,
    who: &str,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match cmd {
        CycleCommand::Add {
            name,
            start,
            iterations,
            weeks,
            inter_weeks,
        } => {
            let d = config.cycle;
            let c = store.add_cycle(
                &NewCycle {
                    name: name.clone(),
                    start: start.clone(),
                    shape: CycleShape {
                        iterations: iterations.unwrap_or(d.iterations),
                        iteration_weeks: weeks.unwrap_or(d.iteration_weeks),
                        inter_weeks: inter_weeks.unwrap_or(d.inter_weeks),
                    },
                },
                who,
            )?;
            writeln!(
                out,
                "Added cycle {}: {} to {}, {} iterations of {} weeks and {} inter-cycle week{} ({} weeks)",
                sanitize(&c.name),
                c.start,
                c.end(),
                c.iterations,
                c.iteration_weeks,
                c.inter_weeks,
                if c.inter_weeks == 1 { "" } else { "s" },
                c.weeks()
            )?;
        }
        CycleCommand::List { format } => {
            let current = store.current_cycle()?.map(|c| c.id);
            let mut l = Listing::new(&[
                col("cycle", "CYCLE"),
                col("start", "START"),
                col("end", "END"),
                num("weeks", "WEEKS"),
                col("state", "STATE"),
                num("items", "ITEMS"),
                num("load", "LOAD"),
                num("capacity", "CAPACITY"),
                col("teams", "TEAMS"),
            ]);
            for c in store.cycles()? {
                let load = store.cycle_load(&c)?;
                let state = if !c.is_open() {
                    "closed".to_string()
                } else if current == Some(c.id) {
                    "current".to_string()
                } else {
                    "open".to_string()
                };
                let teams = if *format == ListFormat::Table {
                    json!(load.label())
                } else {
                    json!(
                        load.teams
                            .iter()
                            .map(|t| json!({"team": t.code, "load": t.load, "capacity": t.capacity, "over": t.is_over()}))
                            .collect::<Vec<_>>()
                    )
                };
                l.row(vec![
                    json!(c.name),
                    json!(c.start),
                    json!(c.end()),
                    json!(c.weeks()),
                    json!(state),
                    json!(load.items),
                    json!(load.load()),
                    json!(load.capacity()),
                    teams,
                ]);
            }
            l.write(*format, out)?;
        }
        CycleCommand::Show { name } => {
            let c = store.cycle_or_current(name.as_deref())?;
            let today = store.today()?;
            writeln!(out, "{}", sanitize(&c.describe(&today)))?;
            writeln!(
                out,
                "{} to {}: {} iterations of {} weeks, {} inter-cycle week{}",
                c.start,
                c.end(),
                c.iterations,
                c.iteration_weeks,
                c.inter_weeks,
                if c.inter_weeks == 1 { "" } else { "s" }
            )?;
            for i in 1..=c.iterations {
                if let Some((a, b)) = c.iteration_days(i) {
                    writeln!(out, "  iteration {i}: {a} to {b}")?;
                }
            }
            let load = store.cycle_load(&c)?;
            let capacities = store.cycle_capacities(&c)?;
            writeln!(
                out,
                "Load {} of {} points{} (the items pulled into the cycle)",
                load.load(),
                load.capacity(),
                if load.load() > load.capacity() {
                    " ‼ over"
                } else {
                    ""
                }
            )?;
            for (t, cap) in load.teams.iter().zip(&capacities) {
                let note = if cap.edited {
                    " (set for this cycle)"
                } else {
                    ""
                };
                writeln!(out, "  {}{note}", t.label())?;
            }
            if load.unsplit > 0 {
                writeln!(
                    out,
                    "  unsplit {} (items with no team items yet)",
                    load.unsplit
                )?;
            }
            let cut = store.cut_line(&c)?;
            match &cut.cut {
                Some((id, _)) => writeln!(
                    out,
                    "Cut line: {} is the first item that does not fit (the open backlog above it takes {} of {} points)",
                    store.item(*id)?.code(),
                    cut.used,
                    cut.capacity
                )?,
                None => writeln!(
                    out,
                    "Cut line: everything fits (the whole open backlog takes {} of {} points)",
                    cut.used, cut.capacity
                )?,
            }
            let iterations =
                store.past_iterations(crate::store::RECENT, config.cycle.iteration_weeks)?;
            writeln!(
                out,
                "Velocity, done points per iteration ({}):",
                iterations
                    .iter()
                    .map(|i| i.label.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )?;
            for v in store.velocities(&iterations)? {
                writeln!(
                    out,
                    "  {:<8} {:<16} {}",
                    v.code,
                    v.velocity
                        .points
                        .iter()
                        .map(u32::to_string)
                        .collect::<Vec<_>>()
                        .join(" "),
                    v.velocity.label()
                )?;
            }
            let items = store.cycle_items(&c)?;
            writeln!(out, "{} items in the cycle:", items.len())?;
            for id in items {
                let it = store.item(id)?;
                writeln!(
                    out,
                    "  {:<7} {:<12} {:>6}  {}",
                    it.code(),
                    it.state.label(),
                    it.effort.map_or_else(|| "–".to_string(), |e| e.to_string()),
                    sanitize(&it.title)
                )?;
            }
        }
        CycleCommand::Edit {
            name,
            rename,
            start,
            iterations,
            weeks,
            inter_weeks,
        } => {
            let edit = CycleEdit {
                name: rename.clone(),
                start: start.clone(),
                iterations: *iterations,
                iteration_weeks: *weeks,
                inter_weeks: *inter_weeks,
            };
            if edit == CycleEdit::default() {
                anyhow::bail!(
                    "say what to change: --rename, --start, --iterations, --weeks or --inter-weeks"
                );
            }
            let c = store.edit_cycle(name, &edit, who)?;
            writeln!(
                out,
                "Cycle {}: {} to {}, {} weeks",
                sanitize(&c.name),
                c.start,
                c.end(),
                c.weeks()
            )?;
        }
        CycleCommand::Close { name } => {
            let c = store.close_cycle(name, who)?;
            let open = store
                .cycle_items(&c)?
                .into_iter()
                .filter_map(|id| store.item(id).ok())
                .filter(|i| i.state < crate::domain::State::Done)
                .count();
            writeln!(
                out,
                "Closed cycle {}; {open} of its items are not done",
                sanitize(&c.name)
            )?;
        }
        CycleCommand::Capacity {
            cycle,
            team,
            points,
            reset,
        } => {
            let set = if *reset { None } else { *points };
            let cap = store.set_cycle_capacity(cycle, team, set, who)?;
            match cap.points {
                Some(p) => writeln!(
                    out,
                    "{} brings {p} points to cycle {}{}",
                    cap.code,
                    sanitize(cycle.trim()),
                    if cap.edited {
                        ""
                    } else {
                        " (its capacity × the iterations)"
                    }
                )?,
                None => writeln!(
                    out,
                    "{} has no capacity for cycle {}: set one with `team edit {} --capacity N` or `cycle capacity`",
                    cap.code,
                    sanitize(cycle.trim()),
                    cap.code
                )?,
            }
        }
        CycleCommand::Plan { item, cycle, clear } => {
            let it = store.resolve(*item)?;
            let target = if *clear {
                None
            } else {
                Some(store.cycle_or_current(cycle.as_deref())?.name)
            };
            match store.plan_cycle(it.id, target.as_deref(), who)? {
                Some(said) => writeln!(out, "{}", sanitize(&said))?,
                None => match &target {
                    Some(c) => writeln!(out, "{} is in cycle {} already", it.code(), sanitize(c))?,
                    None => writeln!(out, "{} is in no cycle", it.code())?,
                },
            }
            if let Some(c) = target {
                let c = store.cycle(&c)?;
                let load = store.cycle_load(&c)?;
                writeln!(out, "Cycle {}: {}", sanitize(&c.name), load.label())?;
            }
        }
    }
    Ok(())
}
