//! The current cluster cycle on the board: its place in time for the header,
//! each team's load against capacity, the backlog's cut line, pulling the
//! selected item in or out (`C`) and showing only the Cycle Backlog (`o`).

use super::{Action, App, View};
use crate::domain::cycle::Cycle;
use crate::domain::filter::Filter;
use crate::store::{CutLine, CycleLoad, StoreError};

/// What the views show of the current cycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CycleView {
    pub cycle: Cycle,
    /// "Cycle 26.4 · iteration 2, week 5 of 13".
    pub said: String,
    /// The same for a narrow header: "26.4 · it 2 · wk 5/13".
    pub short: String,
    pub load: CycleLoad,
    /// Loaded for the backlog only.
    pub cut: Option<CutLine>,
}

impl CycleView {
    /// The header's short form: "26.4 · it 2 · wk 5/13".
    fn short_of(c: &Cycle, today: &str) -> String {
        use crate::domain::cycle::Moment;
        match c.moment(today) {
            Moment::In {
                week,
                weeks,
                iteration: Some(i),
            } => format!("{} · it {i} · wk {week}/{weeks}", c.name),
            Moment::In { week, weeks, .. } => format!("{} · inter · wk {week}/{weeks}", c.name),
            Moment::Before(d) => format!("{} in {d}d", c.name),
            Moment::After => format!("{} ended", c.name),
        }
    }
}

impl App {
    /// Loads the current cycle, its load and (on the backlog) its cut line.
    pub(crate) fn load_cycle(&mut self) -> Result<(), StoreError> {
        let Some(cycle) = self.store.current_cycle()? else {
            self.cycle = None;
            return Ok(());
        };
        let today = self.store.today()?;
        let load = self.store.cycle_load(&cycle)?;
        let cut = if self.view == View::Backlog {
            Some(self.store.cut_line(&cycle)?)
        } else {
            None
        };
        self.cycle = Some(CycleView {
            said: cycle.describe(&today),
            short: CycleView::short_of(&cycle, &today),
            cycle,
            load,
            cut,
        });
        Ok(())
    }

    /// `C`: pulls the selected item into the current cycle, or takes it out.
    pub(crate) fn toggle_cycle(&mut self) -> Result<(), StoreError> {
        let Some(id) = self.selected_id() else {
            self.nothing_selected();
            return Ok(());
        };
        let Some(current) = self.store.current_cycle()? else {
            let colon = self.keymap.normal(Action::OpenCommandLine);
            self.warn(format!(
                "There is no open cycle: add one with {colon}cycle add 26.4 --start YYYY-MM-DD."
            ));
            return Ok(());
        };
        let now = self.store.item_cycle(id)?;
        let target = match &now {
            Some(c) if c.id == current.id => None,
            _ => Some(current.name.as_str()),
        };
        let said = self.store.plan_cycle(id, target, &self.who)?;
        self.refresh(Some(id))?;
        let load = self
            .cycle
            .as_ref()
            .map(|c| c.load.label())
            .unwrap_or_default();
        let undo = self.keymap.normal(Action::Undo);
        match said {
            Some(s) => self.info(format!(
                "{}. Cycle {}: {load}. {undo} undoes it.",
                super::short_sentence(&s),
                current.name
            )),
            None => self.info(format!("Nothing changed in cycle {}.", current.name)),
        }
        Ok(())
    }

    /// `o`: the board and backlog show only the current cycle's items (the
    /// Cycle Backlog); again, all items.
    pub(crate) fn toggle_cycle_filter(&mut self) -> Result<(), StoreError> {
        if self.filter.cycle.is_some() {
            let filter = Filter {
                cycle: None,
                ..self.filter.clone()
            };
            return self.set_filter(filter);
        }
        let Some(current) = self.store.current_cycle()? else {
            let colon = self.keymap.normal(Action::OpenCommandLine);
            self.warn(format!(
                "There is no open cycle to show: add one with {colon}cycle add 26.4 --start YYYY-MM-DD."
            ));
            return Ok(());
        };
        let filter = Filter {
            cycle: Some(current.name),
            ..self.filter.clone()
        };
        self.set_filter(filter)
    }
}
