//! Velocity and release forecasts: done points per iteration, and when the
//! points left in a release will be done at the pace of recent iterations.
//! Pure arithmetic on numbers and dates given as text.

use super::cycle::{day_after, days_between};

/// One iteration of the past, by its first and last day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Iteration {
    /// "26.3 it 2", or "to 2026-11-15" for a window outside any cycle.
    pub label: String,
    pub from: String,
    pub to: String,
}

impl Iteration {
    pub fn days(&self) -> i64 {
        days_between(&self.from, &self.to).map_or(1, |d| d + 1)
    }
}

/// Done points in each of the last few iterations, oldest first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Velocity {
    pub points: Vec<u32>,
}

impl Velocity {
    pub fn mean(&self) -> Option<f64> {
        if self.points.is_empty() {
            None
        } else {
            Some(f64::from(self.points.iter().sum::<u32>()) / self.points.len() as f64)
        }
    }

    pub fn slowest(&self) -> Option<u32> {
        self.points.iter().copied().min()
    }

    pub fn fastest(&self) -> Option<u32> {
        self.points.iter().copied().max()
    }

    /// "31 points per iteration (24–38 over the last 3 iterations)".
    pub fn label(&self) -> String {
        match (self.mean(), self.slowest(), self.fastest()) {
            (Some(_), _, Some(0)) => format!(
                "no velocity yet (nothing done in {})",
                last_iterations(self.points.len())
            ),
            (Some(_), Some(lo), Some(_)) if self.points.len() == 1 => {
                format!("{lo} points per iteration (over {})", last_iterations(1))
            }
            (Some(m), Some(lo), Some(hi)) => format!(
                "{m:.0} points per iteration ({lo}–{hi} over {})",
                last_iterations(self.points.len())
            ),
            _ => "no velocity yet (no iteration has ended)".to_string(),
        }
    }
}

/// What a forecast says about the target date, in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outlook {
    /// Nothing left to do.
    Done,
    /// At the mean pace it is done by the target.
    OnTrack,
    /// Only at the fastest recent pace is it done by the target.
    AtRisk,
    /// Even at the fastest recent pace it is done after the target.
    Late,
    /// No target date to compare with.
    NoTarget,
    /// No iteration has done any points yet.
    NoVelocity,
}

impl Outlook {
    pub fn words(self) -> &'static str {
        match self {
            Outlook::Done => "done",
            Outlook::OnTrack => "on track",
            Outlook::AtRisk => "at risk",
            Outlook::Late => "late",
            Outlook::NoTarget => "no target date",
            Outlook::NoVelocity => "no velocity yet",
        }
    }
}

/// When the points left will be done: at the mean pace, and the range from
/// the fastest (earliest) to the slowest (latest, `None` when the slowest
/// iteration did nothing) recent iteration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forecast {
    pub remaining: u32,
    pub date: Option<String>,
    pub earliest: Option<String>,
    pub latest: Option<String>,
    pub outlook: Outlook,
}

/// "the last iteration", "the last 3 iterations".
fn last_iterations(n: usize) -> String {
    if n == 1 {
        "the last iteration".to_string()
    } else {
        format!("the last {n} iterations")
    }
}

impl Forecast {
    /// The forecast as a report says it, with the pace behind it:
    /// "Forecast 2027-02-14 (…) · at risk · at 31 points per iteration (…)".
    pub fn sentence(&self, velocity: &Velocity) -> String {
        match self.outlook {
            Outlook::Done => "Forecast: nothing left to do".to_string(),
            Outlook::NoVelocity => format!("No forecast: {}", velocity.label()),
            _ => format!("Forecast {} · at {}", self.label(), velocity.label()),
        }
    }

    /// "2027-02-14 (2027-01-31 to 2027-03-21) · at risk".
    pub fn label(&self) -> String {
        let range = match (&self.earliest, &self.latest) {
            (Some(a), Some(b)) if a != b => format!(" ({a} to {b})"),
            (Some(a), None) => format!(" ({a} or later)"),
            _ => String::new(),
        };
        match &self.date {
            Some(d) => format!("{d}{range} · {}", self.outlook.words()),
            None => self.outlook.words().to_string(),
        }
    }
}

/// The day the points left are done at `pace` points per iteration of
/// `days`: whole iterations from `today`, the last one counted to its end.
fn done_by(remaining: u32, pace: f64, today: &str, days: i64) -> Option<String> {
    if pace <= 0.0 {
        return None;
    }
    let iterations = (f64::from(remaining) / pace).ceil() as i64;
    day_after(today, iterations * days - 1)
}

/// Forecasts a release with `remaining` points left, from `velocity` over
/// iterations of `days` days, against its `target` date.
pub fn forecast(
    remaining: u32,
    velocity: &Velocity,
    today: &str,
    days: i64,
    target: Option<&str>,
) -> Forecast {
    if remaining == 0 {
        return Forecast {
            remaining,
            date: None,
            earliest: None,
            latest: None,
            outlook: Outlook::Done,
        };
    }
    let mean = velocity.mean().unwrap_or(0.0);
    let date = done_by(remaining, mean, today, days);
    let earliest = done_by(
        remaining,
        f64::from(velocity.fastest().unwrap_or(0)),
        today,
        days,
    );
    let latest = done_by(
        remaining,
        f64::from(velocity.slowest().unwrap_or(0)),
        today,
        days,
    );
    let outlook = match (&date, target) {
        (None, _) => Outlook::NoVelocity,
        (Some(_), None) => Outlook::NoTarget,
        (Some(d), Some(t)) if d.as_str() <= t => Outlook::OnTrack,
        (Some(_), Some(t)) if earliest.as_deref().is_some_and(|e| e <= t) => Outlook::AtRisk,
        (Some(_), Some(_)) => Outlook::Late,
    };
    Forecast {
        remaining,
        date,
        earliest,
        latest,
        outlook,
    }
}

/// The bins of the lead-time histogram, in days: a time falls in the first
/// bin whose bound it does not pass (the last one holds the rest).
pub const LEAD_BOUNDS: [i64; 6] = [7, 14, 30, 60, 90, i64::MAX];

/// How many of `days` fall in each bin of [`LEAD_BOUNDS`].
pub fn lead_histogram(days: impl IntoIterator<Item = i64>) -> [u64; LEAD_BOUNDS.len()] {
    let mut counts = [0; LEAD_BOUNDS.len()];
    for d in days {
        if let Some(i) = LEAD_BOUNDS.iter().position(|&b| d <= b) {
            counts[i] += 1;
        }
    }
    counts
}

/// The median and the 85th percentile of a list of days (nearest rank).
pub fn percentiles(values: &[i64]) -> Option<(i64, i64)> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_unstable();
    let rank = |p: f64| {
        let r = (p * v.len() as f64).ceil() as usize;
        v[r.clamp(1, v.len()) - 1]
    };
    Some((rank(0.5), rank(0.85)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_forecast_says_on_track_at_risk_or_late_in_words() {
        // 10, 20, 30 points: mean 20. 60 points left: 3 iterations of 14
        // days from 2026-11-02 end on 2026-12-13; fastest (30) 2, slowest (10) 6.
        let v = Velocity {
            points: vec![10, 20, 30],
        };
        let f = forecast(60, &v, "2026-11-02", 14, Some("2026-12-31"));
        assert_eq!(f.date.as_deref(), Some("2026-12-13"));
        assert_eq!(f.earliest.as_deref(), Some("2026-11-29"));
        assert_eq!(f.latest.as_deref(), Some("2027-01-24"));
        assert_eq!(f.outlook, Outlook::OnTrack);
        assert_eq!(
            forecast(60, &v, "2026-11-02", 14, Some("2026-12-01")).outlook,
            Outlook::AtRisk
        );
        assert_eq!(
            forecast(60, &v, "2026-11-02", 14, Some("2026-11-20")).outlook,
            Outlook::Late
        );
        assert_eq!(
            forecast(60, &Velocity::default(), "2026-11-02", 14, None).label(),
            "no velocity yet"
        );
    }

    #[test]
    fn a_forecast_sentence_reads_as_one_whatever_it_knows() {
        let none = Velocity { points: vec![0] };
        let f = forecast(60, &none, "2026-11-02", 14, Some("2026-12-31"));
        assert_eq!(
            f.sentence(&none),
            "No forecast: no velocity yet (nothing done in the last iteration)"
        );
        let v = Velocity {
            points: vec![10, 20, 30],
        };
        assert_eq!(
            forecast(0, &v, "2026-11-02", 14, None).sentence(&v),
            "Forecast: nothing left to do"
        );
        assert_eq!(
            forecast(60, &v, "2026-11-02", 14, Some("2026-12-31")).sentence(&v),
            "Forecast 2026-12-13 (2026-11-29 to 2027-01-24) · on track · at 20 points per iteration (10–30 over the last 3 iterations)"
        );
    }

    #[test]
    fn percentiles_take_the_nearest_rank() {
        // Ten values: the median is the 5th, the 85th percentile the 9th.
        assert_eq!(percentiles(&[9, 1, 2, 3, 4, 5, 6, 7, 8, 10]), Some((5, 9)));
        assert_eq!(percentiles(&[]), None);
    }
}
