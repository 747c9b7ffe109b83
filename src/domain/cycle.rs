//! Cluster cycles: a quarter or so of iterations plus an inter-cycle week,
//! the capacity teams bring to one, the load planned into it, and where the
//! cut line falls in the ranked backlog. Pure: dates come in as text.

use jiff::civil::Date;

/// One cluster cycle, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cycle {
    pub id: i64,
    pub name: String,
    /// The first day, YYYY-MM-DD.
    pub start: String,
    pub iterations: u32,
    pub iteration_weeks: u32,
    /// Weeks after the last iteration (the inter-cycle, or innovation and planning, week).
    pub inter_weeks: u32,
    /// When it was closed; `None` while open.
    pub closed_at: Option<String>,
}

/// The shape new cycles get unless told otherwise (`[cycle]` in config.toml).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CycleShape {
    pub iterations: u32,
    pub iteration_weeks: u32,
    pub inter_weeks: u32,
}

impl Default for CycleShape {
    fn default() -> Self {
        CycleShape {
            iterations: 4,
            iteration_weeks: 3,
            inter_weeks: 1,
        }
    }
}

fn date(s: &str) -> Option<Date> {
    s.get(..10)?.parse::<Date>().ok()
}

fn add_days(d: Date, days: i64) -> Option<Date> {
    d.checked_add(jiff::Span::new().try_days(days).ok()?).ok()
}

/// Days from `from` to `to` (negative when `to` comes first); `None` for a
/// text that is not a date.
pub fn days_between(from: &str, to: &str) -> Option<i64> {
    let (a, b) = (date(from)?, date(to)?);
    a.until(b).ok().map(|s| i64::from(s.get_days()))
}

/// The day `days` after `from`, as YYYY-MM-DD.
pub fn day_after(from: &str, days: i64) -> Option<String> {
    add_days(date(from)?, days).map(|d| d.to_string())
}

/// Where a day falls in a cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    /// Before its first day, this many days before.
    Before(i64),
    /// In week `week` of `weeks` (1-based), in iteration `iteration`
    /// (1-based), or in the inter-cycle weeks (`None`).
    In {
        week: u32,
        weeks: u32,
        iteration: Option<u32>,
    },
    /// After its last day.
    After,
}

impl Cycle {
    pub fn weeks(&self) -> u32 {
        self.iterations * self.iteration_weeks + self.inter_weeks
    }

    pub fn is_open(&self) -> bool {
        self.closed_at.is_none()
    }

    /// Its last day, YYYY-MM-DD.
    pub fn end(&self) -> String {
        day_after(&self.start, i64::from(self.weeks()) * 7 - 1).unwrap_or_default()
    }

    /// The first and last day of iteration `i` (1-based).
    pub fn iteration_days(&self, i: u32) -> Option<(String, String)> {
        if i == 0 || i > self.iterations {
            return None;
        }
        let len = i64::from(self.iteration_weeks) * 7;
        let first = i64::from(i - 1) * len;
        Some((
            day_after(&self.start, first)?,
            day_after(&self.start, first + len - 1)?,
        ))
    }

    /// Where `today` (YYYY-MM-DD) falls in the cycle.
    pub fn moment(&self, today: &str) -> Moment {
        let Some(days) = days_between(&self.start, today) else {
            return Moment::After;
        };
        if days < 0 {
            return Moment::Before(-days);
        }
        let week = (days / 7) as u32 + 1;
        if week > self.weeks() {
            return Moment::After;
        }
        let in_iterations = self.iterations * self.iteration_weeks;
        let iteration =
            (week <= in_iterations).then(|| (week - 1) / self.iteration_weeks.max(1) + 1);
        Moment::In {
            week,
            weeks: self.weeks(),
            iteration,
        }
    }

    /// The header's words: "Cycle 26.4 · iteration 2, week 5 of 13".
    pub fn describe(&self, today: &str) -> String {
        let when = match self.moment(today) {
            Moment::Before(d) => format!("starts in {d} day{}", if d == 1 { "" } else { "s" }),
            Moment::In {
                week,
                weeks,
                iteration: Some(i),
            } => format!("iteration {i}, week {week} of {weeks}"),
            Moment::In { week, weeks, .. } => format!("inter-cycle week, week {week} of {weeks}"),
            Moment::After if self.is_open() => format!("ended {}, not closed", self.end()),
            Moment::After => "closed".to_string(),
        };
        format!("Cycle {} · {when}", self.name)
    }
}

/// The cycle the board plans for on `today`: the open one running then, else
/// the next open one to start, else the last open one.
pub fn current<'a>(cycles: &'a [Cycle], today: &str) -> Option<&'a Cycle> {
    let open = || cycles.iter().filter(|c| c.is_open());
    open()
        .find(|c| matches!(c.moment(today), Moment::In { .. }))
        .or_else(|| {
            open()
                .filter_map(|c| match c.moment(today) {
                    Moment::Before(d) => Some((d, c)),
                    _ => None,
                })
                .min_by_key(|&(d, _)| d)
                .map(|(_, c)| c)
        })
        .or_else(|| open().max_by(|a, b| a.start.cmp(&b.start)))
}

/// Checks a cycle's name: printable, not empty, at most 40 characters.
pub fn clean_name(name: &str) -> Result<String, String> {
    let n = name.trim();
    if n.is_empty() {
        return Err("a cycle needs a name, e.g. 26.4".to_string());
    }
    if n.chars().count() > 40 {
        return Err(format!(
            "the cycle name {n:?} is longer than 40 characters: use a short one, e.g. 26.4"
        ));
    }
    Ok(n.to_string())
}

/// How a cluster item's effort falls to its teams. `teams` holds, per team
/// (in code order), the sum of its estimated team items under the item
/// (`None` when none of them has an estimate). The item's effort is split
/// evenly across all its teams, the remainder one point each to the first
/// teams; a team whose team items have estimates carries those instead.
pub fn shares<T: Copy>(effort: Option<u32>, teams: &[(T, Option<u32>)]) -> Vec<(T, u32)> {
    let n = teams.len() as u32;
    let whole = effort.unwrap_or(0);
    let each = whole.checked_div(n).unwrap_or(0);
    let extra = whole.checked_rem(n).unwrap_or(0);
    teams
        .iter()
        .enumerate()
        .map(|(i, &(t, e))| {
            let share = each + u32::from((i as u32) < extra);
            (t, e.unwrap_or(share))
        })
        .collect()
}

/// A team's load against its capacity in a cycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamLoad {
    pub code: String,
    pub load: u32,
    /// Capacity for the whole cycle; `None` when the team has none set.
    pub capacity: Option<u32>,
}

impl TeamLoad {
    pub fn is_over(&self) -> bool {
        self.capacity.is_some_and(|c| self.load > c)
    }

    /// `PAY 41/34 ‼ over`: the words carry it, not a colour.
    pub fn label(&self) -> String {
        match self.capacity {
            Some(c) if self.load > c => format!("{} {}/{c} ‼ over", self.code, self.load),
            Some(c) => format!("{} {}/{c}", self.code, self.load),
            None => format!("{} {}/– no capacity", self.code, self.load),
        }
    }
}

/// Where the cut line falls: walking `sizes` in rank order, the index of
/// the first item that no longer fits the capacity left; `None` when all fit.
pub fn cut_index(sizes: impl IntoIterator<Item = u32>, capacity: u32) -> Option<usize> {
    let mut used: u64 = 0;
    for (i, s) in sizes.into_iter().enumerate() {
        used += u64::from(s);
        if used > u64::from(capacity) {
            return Some(i);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cycle() -> Cycle {
        Cycle {
            id: 1,
            name: "26.4".into(),
            start: "2026-10-05".into(),
            iterations: 4,
            iteration_weeks: 3,
            inter_weeks: 1,
            closed_at: None,
        }
    }

    #[test]
    fn a_day_is_placed_in_its_iteration_and_week() {
        let c = cycle();
        // 2026-11-02 is 28 days in: week 5, in iteration 2 (weeks 4–6).
        assert_eq!(
            c.describe("2026-11-02"),
            "Cycle 26.4 · iteration 2, week 5 of 13"
        );
        // The 13th week (from day 84) is the inter-cycle week.
        assert_eq!(
            c.describe("2026-12-28"),
            "Cycle 26.4 · inter-cycle week, week 13 of 13"
        );
        assert_eq!(c.end(), "2027-01-03");
        assert_eq!(c.moment("2026-10-01"), Moment::Before(4));
        assert_eq!(c.moment("2027-01-04"), Moment::After);
        assert_eq!(
            c.iteration_days(2),
            Some(("2026-10-26".into(), "2026-11-15".into()))
        );
    }

    #[test]
    fn an_items_effort_is_split_evenly_over_teams_without_estimates() {
        // 10 points over three teams: 4, 3, 3 (the remainder to the first).
        assert_eq!(
            shares(Some(10), &[("A", None), ("B", None), ("C", None)]),
            vec![("A", 4), ("B", 3), ("C", 3)]
        );
        // 40 over two teams is 20 each; B estimated its own items at 12.
        assert_eq!(
            shares(Some(40), &[("A", None), ("B", Some(12))]),
            vec![("A", 20), ("B", 12)]
        );
        assert_eq!(shares(None, &[("A", None)]), vec![("A", 0)]);
    }

    #[test]
    fn the_cut_falls_on_the_first_item_that_no_longer_fits() {
        // 5 + 8 = 13 fits 15; 13 + 3 = 16 does not: the third item is cut.
        assert_eq!(cut_index([5, 8, 3, 1], 15), Some(2));
        assert_eq!(cut_index([5, 8], 13), None);
    }

    #[test]
    fn an_overloaded_team_says_so_in_words() {
        let over = TeamLoad {
            code: "PAY".into(),
            load: 41,
            capacity: Some(34),
        };
        assert_eq!(over.label(), "PAY 41/34 ‼ over");
        assert!(over.is_over());
    }
}
