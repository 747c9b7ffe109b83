//! The portfolio above the cluster: the systems, products and variants a
//! cluster delivers, each with its own strict portfolio rank and a state on
//! the portfolio Kanban. Cluster items are derived from them.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use super::business::BusinessCase;

/// The database id of a portfolio item; shown as `P-3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct PortfolioId(pub i64);

impl PortfolioId {
    pub fn code(self) -> String {
        format!("P-{}", self.0)
    }
}

impl fmt::Display for PortfolioId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "P-{}", self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a portfolio item: write it as P-3 (or 3)")]
pub struct BadPortfolioRef(pub String);

impl FromStr for PortfolioId {
    type Err = BadPortfolioRef;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let digits = t
            .strip_prefix("P-")
            .or_else(|| t.strip_prefix("p-"))
            .unwrap_or(t);
        match digits.parse::<i64>() {
            Ok(n) if n > 0 && digits.bytes().all(|b| b.is_ascii_digit()) => Ok(PortfolioId(n)),
            _ => Err(BadPortfolioRef(s.to_string())),
        }
    }
}

/// One column of the portfolio Kanban, as configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortfolioState {
    /// Stored with each item.
    pub key: String,
    pub title: String,
}

/// The portfolio Kanban when config.toml names none.
pub fn default_states() -> Vec<PortfolioState> {
    [
        ("funnel", "Funnel"),
        ("reviewing", "Reviewing"),
        ("analyzing", "Analyzing"),
        ("backlog", "Portfolio backlog"),
        ("implementing", "Implementing"),
        ("done", "Done"),
    ]
    .into_iter()
    .map(|(key, title)| PortfolioState {
        key: key.into(),
        title: title.into(),
    })
    .collect()
}

/// The kinds of portfolio item when config.toml names none.
pub fn default_kinds() -> Vec<String> {
    ["system", "product", "application variant", "market variant"]
        .into_iter()
        .map(String::from)
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PortfolioItem {
    pub id: PortfolioId,
    pub kind: String,
    pub title: String,
    pub description: String,
    /// The portfolio owner.
    pub owner: String,
    pub value: Option<u32>,
    #[serde(skip)]
    pub rank_key: String,
    pub state: String,
    pub business_case: Option<BusinessCase>,
    pub created_at: String,
    pub updated_at: String,
    pub archived_at: Option<String>,
}

impl PortfolioItem {
    pub fn code(&self) -> String {
        self.id.code()
    }
}

impl Rollup {
    /// The units done as a team-style progress, for the same gauge.
    pub fn progress(&self) -> crate::domain::team::Progress {
        crate::domain::team::Progress {
            done: self.units_done,
            total: self.units,
            done_points: u32::try_from(self.points_done).unwrap_or(u32::MAX),
            total_points: u32::try_from(self.points).unwrap_or(u32::MAX),
        }
    }
}

/// How far a portfolio item's derived cluster items are, counted through to
/// their team items: an item split to teams counts its team items, one not
/// split counts itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Rollup {
    /// Cluster items derived from it, and how many of them are Done or Released.
    pub items: usize,
    pub items_done: usize,
    /// Units of work (team items, or the cluster item itself when not split).
    pub units: usize,
    pub units_done: usize,
    /// Effort points of those units.
    pub points: u64,
    pub points_done: u64,
}

/// The share of the open cluster backlog derived from the portfolio, by items
/// and by effort points; the rest is the cluster's own work.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DerivedShare {
    pub open_items: usize,
    pub derived_items: usize,
    pub open_points: u64,
    pub derived_points: u64,
}

impl DerivedShare {
    /// `73%`, or `–` of nothing.
    pub fn percent(part: u64, whole: u64) -> String {
        match (part * 100 + whole / 2).checked_div(whole) {
            None => "–".to_string(),
            Some(p) => format!("{p}%"),
        }
    }

    /// "76% of open items, 77% of points from the portfolio", for a title bar.
    pub fn short(&self) -> String {
        format!(
            "{} of open items, {} of points from the portfolio",
            Self::percent(self.derived_items as u64, self.open_items as u64),
            Self::percent(self.derived_points, self.open_points)
        )
    }

    /// "derived from the portfolio: 28 of 37 open items (76%), 310 of 402 points (77%)"
    pub fn sentence(&self) -> String {
        format!(
            "derived from the portfolio: {} of {} open items ({}), {} of {} points ({}); the rest is the cluster's own work",
            self.derived_items,
            self.open_items,
            Self::percent(self.derived_items as u64, self.open_items as u64),
            self.derived_points,
            self.open_points,
            Self::percent(self.derived_points, self.open_points)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portfolio_codes_parse_with_or_without_the_letter() {
        assert_eq!("P-3".parse::<PortfolioId>(), Ok(PortfolioId(3)));
        assert_eq!("p-3".parse::<PortfolioId>(), Ok(PortfolioId(3)));
        assert_eq!("3".parse::<PortfolioId>(), Ok(PortfolioId(3)));
        assert!("F-3".parse::<PortfolioId>().is_err());
        assert!("P-0".parse::<PortfolioId>().is_err());
        assert_eq!(PortfolioId(12).code(), "P-12");
    }

    #[test]
    fn the_derived_share_reads_as_a_sentence() {
        let s = DerivedShare {
            open_items: 37,
            derived_items: 28,
            open_points: 402,
            derived_points: 310,
        };
        assert_eq!(
            s.sentence(),
            "derived from the portfolio: 28 of 37 open items (76%), 310 of 402 points (77%); the rest is the cluster's own work"
        );
        assert_eq!(DerivedShare::percent(1, 0), "–");
    }
}
