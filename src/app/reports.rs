//! The Reports view (`6`): a release burn-up, the cumulative flow over the
//! board's columns and lead and cycle times per kind, one at a time (`h`/`l`),
//! loaded from the per-day counts the store keeps.

use super::{Action, App};
use crate::domain::cycle::day_after;
use crate::domain::forecast::Iteration;
use crate::domain::release::Release;
use crate::store::{BurnPoint, FlowDay, LeadTimes, ReleaseForecast, StoreError};

/// Which chart the Reports view shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReportTab {
    #[default]
    Burnup,
    Flow,
    LeadTime,
}

impl ReportTab {
    pub const ALL: [ReportTab; 3] = [ReportTab::Burnup, ReportTab::Flow, ReportTab::LeadTime];

    pub fn title(self) -> &'static str {
        match self {
            ReportTab::Burnup => "Release burn-up",
            ReportTab::Flow => "Cumulative flow",
            ReportTab::LeadTime => "Lead and cycle time",
        }
    }
}

/// What the Reports view shows, loaded when it is opened.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportsView {
    pub tab: ReportTab,
    /// The releases to burn up, by target date; `release` is the one shown.
    pub releases: Vec<Release>,
    pub release: usize,
    pub iterations: Vec<Iteration>,
    pub burnup: Vec<BurnPoint>,
    pub forecast: Option<ReleaseForecast>,
    /// The cluster's done points in each of the last few iterations.
    pub velocity: crate::domain::forecast::Velocity,
    pub flow: Vec<FlowDay>,
    pub lead: Vec<LeadTimes>,
    /// What the burn-up and the flow were read for (the data's stamp and
    /// the day, the release or the width), so switching back to a chart
    /// reads nothing.
    burnup_for: Option<(Stamp, i64)>,
    flow_for: Option<(Stamp, u16)>,
    /// The lead times shown are being read on a thread, from this day.
    lead_waiting: Option<Option<String>>,
}

impl ReportsView {
    /// Whether the lead-time chart waits for its read.
    pub fn lead_waiting(&self) -> bool {
        self.lead_waiting.is_some()
    }
}

/// The data's stamp and today: a chart read for both is still right.
type Stamp = ((i64, u64), String);

/// The history a flow chart covers at most: two years.
pub const FLOW_DAYS: i64 = 730;
/// The lead-time chart counts the items done in the last 26 weeks.
pub const LEAD_DAYS: i64 = 182;
/// Iterations a burn-up shows, at most.
const BURNUP_ITERATIONS: usize = 12;

impl App {
    /// Loads the chart shown, for the screen's width.
    pub(crate) fn load_reports(&mut self) -> Result<(), StoreError> {
        let weeks = self.config.cycle.iteration_weeks;
        let r = &mut self.reports;
        r.releases = self
            .store
            .release_heads()?
            .into_iter()
            .map(|h| h.release)
            .collect();
        r.release = r.release.min(r.releases.len().saturating_sub(1));
        r.iterations = self.store.past_iterations(BURNUP_ITERATIONS, weeks)?;
        let stamp: Stamp = (self.store.change_stamp()?, self.store.today()?);
        let lead_since = day_after(&stamp.1, -LEAD_DAYS);
        match r.tab {
            ReportTab::Burnup => {
                let shown = r.releases.get(r.release).map(|rel| (stamp.clone(), rel.id));
                if shown.is_some() && r.burnup_for == shown {
                    // Read for this release and these data already.
                } else if let Some(rel) = r.releases.get(r.release).cloned() {
                    r.burnup_for = shown;
                    r.burnup = self.store.burnup(&rel, &r.iterations)?;
                    let recent: Vec<Iteration> = r
                        .iterations
                        .iter()
                        .rev()
                        .take(crate::store::RECENT)
                        .rev()
                        .cloned()
                        .collect();
                    let v = self.store.velocity(0, &recent)?;
                    r.forecast = Some(self.store.release_forecast(&rel, &recent, &v)?);
                    r.velocity = v;
                } else {
                    r.burnup.clear();
                    r.forecast = None;
                    r.burnup_for = None;
                }
            }
            ReportTab::Flow if r.flow_for.as_ref() == Some(&(stamp.clone(), self.width)) => {}
            ReportTab::Flow => {
                let today = stamp.1.clone();
                let first = self
                    .store
                    .first_flow_day()?
                    .unwrap_or_else(|| day_after(&today, -84).unwrap_or_default());
                let from = first
                    .max(day_after(&today, -FLOW_DAYS).unwrap_or_default())
                    .min(today.clone());
                let span = crate::domain::cycle::days_between(&from, &today).unwrap_or(0);
                // One column of the chart per step, as many as fit the screen.
                let columns = i64::from(self.width.saturating_sub(12).max(10));
                let step = (span / columns + 1).max(1);
                self.reports.flow = self.store.cumulative_flow(&from, &today, step)?;
                self.reports.flow_for = Some((stamp, self.width));
            }
            // At a million items the read takes half a second: no key waits
            // for it, the chart says it is coming.
            ReportTab::LeadTime if self.store.lead_times_waiting(lead_since.as_deref())? => {
                self.reports.lead_waiting = Some(lead_since.clone());
            }
            ReportTab::LeadTime => {
                self.reports.lead_waiting = None;
                self.reports.lead = self.store.lead_times_kept(lead_since.as_deref())?;
            }
        }
        if self.reports.tab != ReportTab::LeadTime {
            self.reports.lead_waiting = None;
            // The one chart slow to count is read ahead while another shows.
            self.store.warm_lead_times(lead_since.as_deref())?;
        }
        Ok(())
    }

    /// Whether the lead times the chart waits for have come.
    pub(crate) fn reports_arrived(&self) -> Result<bool, StoreError> {
        Ok(match &self.reports.lead_waiting {
            Some(since) => !self.store.lead_times_waiting(since.as_deref())?,
            None => false,
        })
    }

    /// The Reports view's own keys: `h`/`l` the chart, `j`/`k` the release.
    pub(crate) fn reports_key(&mut self, action: Action) -> Result<bool, StoreError> {
        let r = &mut self.reports;
        let i = ReportTab::ALL.iter().position(|&t| t == r.tab).unwrap_or(0);
        match action {
            Action::SelectLeft => r.tab = ReportTab::ALL[(i + 2) % 3],
            Action::SelectRight => r.tab = ReportTab::ALL[(i + 1) % 3],
            Action::SelectDown if r.tab == ReportTab::Burnup => {
                r.release = (r.release + 1).min(r.releases.len().saturating_sub(1));
            }
            Action::SelectUp if r.tab == ReportTab::Burnup => {
                r.release = r.release.saturating_sub(1);
            }
            _ => return Ok(false),
        }
        self.load_reports()?;
        let what = match self.reports.tab {
            ReportTab::Burnup => match self.reports.releases.get(self.reports.release) {
                Some(rel) => format!("Burn-up of {}", crate::domain::text::sanitize(&rel.name)),
                None => "Burn-up: there are no releases yet".to_string(),
            },
            other => other.title().to_string(),
        };
        self.info(format!("{what}."));
        Ok(true)
    }
}
