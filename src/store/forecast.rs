//! Reads for velocity, forecasts and the charts, from the per-day counts
//! migration 15 keeps (`flow_days`, `done_days`, `item_days`,
//! `release_days`): a few thousand rows over years, never the change log.

use rusqlite::params;

use super::{Result, Store};
use crate::domain::cycle::{day_after, days_between};
use crate::domain::forecast::{Forecast, Iteration, Velocity, forecast};
use crate::domain::release::{Release, ReleaseState};
use crate::domain::{Kind, State};

/// A team's (or the cluster's) velocity over the same iterations.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamVelocity {
    /// The team's code; "cluster" for the cluster's own items.
    pub code: String,
    pub velocity: Velocity,
}

/// A release and its forecast.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseForecast {
    pub release: Release,
    pub planned: u32,
    pub done: u32,
    pub forecast: Forecast,
}

/// One point of a release's burn-up: at the end of an iteration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BurnPoint {
    pub label: String,
    pub day: String,
    pub scope: i64,
    pub done: i64,
}

/// Items per column on one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowDay {
    pub day: String,
    /// One count per state, in `State::ALL` order.
    pub counts: Vec<i64>,
}

/// Lead time (created → Done) and cycle time (Implementing → Done) of the
/// items that reached Done, in days, per kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadTimes {
    pub kind: Kind,
    pub lead: Vec<i64>,
    pub cycle: Vec<i64>,
}

/// How many past iterations velocity and forecasts look at.
pub const RECENT: usize = 3;

impl Store {
    /// The last `n` iterations that have ended, oldest first: those of the
    /// cycles, else (with no cycle) windows of `weeks` weeks ending yesterday.
    pub fn past_iterations(&self, n: usize, weeks: u32) -> Result<Vec<Iteration>> {
        let today = self.today()?;
        let mut all: Vec<Iteration> = Vec::new();
        for c in self.cycles()? {
            for i in 1..=c.iterations {
                if let Some((from, to)) = c.iteration_days(i)
                    && to < today
                {
                    all.push(Iteration {
                        label: format!("{} it {i}", c.name),
                        from,
                        to,
                    });
                }
            }
        }
        if all.is_empty() {
            let len = i64::from(weeks.max(1)) * 7;
            for k in (1..=n as i64).rev() {
                let to = day_after(&today, -1 - (k - 1) * len).unwrap_or_default();
                let from = day_after(&to, 1 - len).unwrap_or_default();
                all.push(Iteration {
                    label: format!("to {to}"),
                    from,
                    to,
                });
            }
        }
        all.sort_by(|a, b| a.to.cmp(&b.to));
        let skip = all.len().saturating_sub(n);
        Ok(all.into_iter().skip(skip).collect())
    }

    /// Done points per iteration: of the cluster's items (`team` 0) or of
    /// one team's team items.
    pub fn velocity(&self, team: i64, iterations: &[Iteration]) -> Result<Velocity> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT COALESCE(sum(points), 0) FROM done_days
             WHERE team_id = ?1 AND day >= ?2 AND day <= ?3",
        )?;
        let mut points = Vec::new();
        for it in iterations {
            let p: i64 = stmt.query_row(params![team, it.from, it.to], |r| r.get(0))?;
            points.push(u32::try_from(p.max(0)).unwrap_or(u32::MAX));
        }
        Ok(Velocity { points })
    }

    /// The cluster's velocity and each team's, over the same iterations.
    pub fn velocities(&self, iterations: &[Iteration]) -> Result<Vec<TeamVelocity>> {
        let mut out = vec![TeamVelocity {
            code: "cluster".into(),
            velocity: self.velocity(0, iterations)?,
        }];
        for t in self.teams()? {
            out.push(TeamVelocity {
                code: t.code,
                velocity: self.velocity(t.id, iterations)?,
            });
        }
        Ok(out)
    }

    /// A release's forecast at the cluster's recent pace.
    pub fn release_forecast(
        &self,
        release: &Release,
        iterations: &[Iteration],
        velocity: &Velocity,
    ) -> Result<ReleaseForecast> {
        let stats = self.release_stats(release.id, &[], &[])?;
        let today = self.today()?;
        let days = iterations.last().map_or(21, Iteration::days);
        let remaining = if release.state == ReleaseState::Released {
            0
        } else {
            stats.points_planned.saturating_sub(stats.points_done)
        };
        Ok(ReleaseForecast {
            release: release.clone(),
            planned: stats.points_planned,
            done: stats.points_done,
            forecast: forecast(
                remaining,
                velocity,
                &today,
                days,
                release.target_date.as_deref(),
            ),
        })
    }

    /// Every release not yet released, with its forecast.
    pub fn release_forecasts(&self, weeks: u32) -> Result<Vec<ReleaseForecast>> {
        let iterations = self.past_iterations(RECENT, weeks)?;
        let velocity = self.velocity(0, &iterations)?;
        self.releases()?
            .into_iter()
            .filter(|r| r.state != ReleaseState::Released)
            .map(|r| self.release_forecast(&r, &iterations, &velocity))
            .collect()
    }

    /// A release's scope and done points at the end of each iteration (and
    /// today): the totals now, less what changed after each day.
    pub fn burnup(&self, release: &Release, iterations: &[Iteration]) -> Result<Vec<BurnPoint>> {
        let stats = self.release_stats(release.id, &[], &[])?;
        let today = self.today()?;
        let mut after = self.conn.prepare_cached(
            "SELECT COALESCE(sum(scope), 0), COALESCE(sum(done), 0) FROM release_days
             WHERE release_id = ?1 AND day > ?2",
        )?;
        let mut out = Vec::new();
        let mut days: Vec<(String, String)> = iterations
            .iter()
            .map(|i| (i.label.clone(), i.to.clone()))
            .collect();
        days.push(("today".into(), today));
        for (label, day) in days {
            let (scope, done): (i64, i64) =
                after.query_row(params![release.id, day], |r| Ok((r.get(0)?, r.get(1)?)))?;
            out.push(BurnPoint {
                label,
                day,
                scope: i64::from(stats.points_planned) - scope,
                done: i64::from(stats.points_done) - done,
            });
        }
        Ok(out)
    }

    /// Items per column on each day from `from` to `to`, stepping `step`
    /// days: the counts now, less what moved after each day.
    pub fn cumulative_flow(&self, from: &str, to: &str, step: i64) -> Result<Vec<FlowDay>> {
        let now: Vec<i64> = State::ALL
            .iter()
            .map(|s| {
                self.conn
                    .prepare_cached(
                        "SELECT COALESCE(sum(n), 0) FROM state_counts WHERE state = ?1",
                    )?
                    .query_row([s.as_str()], |r| r.get(0))
            })
            .collect::<rusqlite::Result<_>>()?;
        // Every change after `from`, per day and column, read once.
        let mut moves: Vec<(String, usize, i64)> = Vec::new();
        {
            let mut stmt = self.conn.prepare_cached(
                "SELECT day, state, n FROM flow_days WHERE day > ?1 ORDER BY day DESC",
            )?;
            let rows = stmt.query_map([from], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?))
            })?;
            for r in rows {
                let (day, state, n) = r?;
                if let Some(i) = State::ALL.iter().position(|s| s.as_str() == state) {
                    moves.push((day, i, n));
                }
            }
        }
        let span = days_between(from, to).unwrap_or(0).max(0);
        let step = step.max(1);
        let mut days: Vec<String> = (0..=span / step)
            .filter_map(|k| day_after(from, k * step))
            .collect();
        if days.last().map(String::as_str) != Some(to) {
            days.push(to.to_string());
        }
        // Walk back from today: subtract each later day's moves once.
        let mut counts = now;
        let mut next = 0;
        let mut out = Vec::with_capacity(days.len());
        for day in days.iter().rev() {
            while let Some((d, i, n)) = moves.get(next)
                && d.as_str() > day.as_str()
            {
                counts[*i] -= n;
                next += 1;
            }
            out.push(FlowDay {
                day: day.clone(),
                counts: counts.clone(),
            });
        }
        out.reverse();
        Ok(out)
    }

    /// The first day the per-day counts know of.
    pub fn first_flow_day(&self) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT min(day) FROM flow_days", [], |r| r.get(0))?)
    }
}

impl Store {
    /// Writes a made-up history of `days` days into the per-day counts, as
    /// the change log's trigger would have: each item created on some day,
    /// then walked column by column to where it stands now, a few days a
    /// step; its releases' scope and done points with it. For the benchmark
    /// only: the change log itself is left as it is.
    #[doc(hidden)]
    pub fn write_synthetic_history(&mut self, days: i64, seed: u64) -> Result<()> {
        use std::collections::HashMap;
        let today = self.today()?;
        let mut rng = fastrand::Rng::with_seed(seed);
        let tx = self.begin()?;
        let items: Vec<(i64, String, i64)> = tx
            .prepare("SELECT id, state, COALESCE(effort, 0) FROM live_items")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut plans: HashMap<i64, Vec<i64>> = HashMap::new();
        for r in tx
            .prepare("SELECT item_id, release_id FROM item_releases")?
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?
        {
            let (item, release) = r?;
            plans.entry(item).or_default().push(release);
        }
        let mut flow: HashMap<(String, &'static str), i64> = HashMap::new();
        let mut done: HashMap<String, (i64, i64)> = HashMap::new();
        let mut release: HashMap<(i64, String), (i64, i64)> = HashMap::new();
        {
            let mut first = tx.prepare(
                "INSERT OR IGNORE INTO item_days(item_id, state, day) VALUES (?1, ?2, ?3)",
            )?;
            for (id, state, effort) in &items {
                let Some(last) = State::ALL.iter().position(|s| s.as_str() == state) else {
                    continue;
                };
                let mut day = rng.i64(0..days.max(1));
                let at = |d: i64| day_after(&today, -d).unwrap_or_default();
                first.execute(params![id, "created", at(day)])?;
                *flow.entry((at(day), State::Funnel.as_str())).or_default() += 1;
                first.execute(params![id, State::Funnel.as_str(), at(day)])?;
                for rel in plans.get(id).into_iter().flatten() {
                    release.entry((*rel, at(day))).or_default().0 += effort;
                }
                for step in 1..=last {
                    day = (day - rng.i64(1..=14)).max(0);
                    let (from, to) = (State::ALL[step - 1], State::ALL[step]);
                    *flow.entry((at(day), from.as_str())).or_default() -= 1;
                    *flow.entry((at(day), to.as_str())).or_default() += 1;
                    first.execute(params![id, to.as_str(), at(day)])?;
                    if to == State::Done {
                        let d = done.entry(at(day)).or_default();
                        d.0 += effort;
                        d.1 += 1;
                        for rel in plans.get(id).into_iter().flatten() {
                            release.entry((*rel, at(day))).or_default().1 += effort;
                        }
                    }
                }
            }
        }
        let mut f = tx.prepare(
            "INSERT INTO flow_days(day, state, n) VALUES (?1, ?2, ?3)
             ON CONFLICT(day, state) DO UPDATE SET n = n + excluded.n",
        )?;
        for ((day, state), n) in &flow {
            f.execute(params![day, state, n])?;
        }
        let mut d = tx.prepare(
            "INSERT INTO done_days(day, team_id, points, n) VALUES (?1, 0, ?2, ?3)
             ON CONFLICT(day, team_id) DO UPDATE SET points = points + excluded.points, n = n + excluded.n",
        )?;
        for (day, (points, n)) in &done {
            d.execute(params![day, points, n])?;
        }
        let mut r = tx.prepare(
            "INSERT INTO release_days(release_id, day, scope, done) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(release_id, day) DO UPDATE SET scope = scope + excluded.scope, done = done + excluded.done",
        )?;
        for ((rel, day), (scope, done)) in &release {
            r.execute(params![rel, day, scope, done])?;
        }
        drop((f, d, r));
        tx.commit()?;
        Ok(())
    }
}
