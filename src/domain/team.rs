//! Teams, and the backlog items a cluster item is split into for them.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// A Scrum team of the cluster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Team {
    #[serde(skip)]
    pub id: i64,
    /// Short code shown on cards, e.g. `PAY`.
    pub code: String,
    pub name: String,
    pub product_owner: Option<String>,
    /// Points per sprint.
    pub capacity: Option<u32>,
}

/// Checks a team code: 2 to 6 letters or digits, stored in capitals.
pub fn clean_code(code: &str) -> Result<String, String> {
    let c = code.trim().to_ascii_uppercase();
    if (2..=6).contains(&c.len()) && c.chars().all(|ch| ch.is_ascii_alphanumeric()) {
        Ok(c)
    } else {
        Err(format!(
            "{code:?} is not a team code: use 2 to 6 letters or digits, e.g. PAY"
        ))
    }
}

/// How a user names a team item: `23`, or `PAY-23` as the board prints it
/// (the team's code and the number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamItemRef {
    pub id: i64,
    pub team: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a team item: write it as 23 or PAY-23, as the Teams view shows it")]
pub struct BadTeamItemRef(pub String);

impl std::str::FromStr for TeamItemRef {
    type Err = BadTeamItemRef;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadTeamItemRef(s.to_string());
        let t = s.trim();
        let (team, digits) = match t.rsplit_once('-') {
            Some((code, d)) => (Some(clean_code(code).map_err(|_| bad())?), d),
            None => (None, t),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let id = digits.parse::<i64>().map_err(|_| bad())?;
        if id <= 0 {
            return Err(bad());
        }
        Ok(TeamItemRef { id, team })
    }
}

/// What a team backlog item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum ItemType {
    #[serde(rename = "story")]
    Story,
    #[serde(rename = "use case")]
    UseCase,
    #[serde(rename = "task")]
    Task,
    #[serde(rename = "bug")]
    Bug,
}

impl ItemType {
    pub const ALL: [ItemType; 4] = [
        ItemType::Story,
        ItemType::UseCase,
        ItemType::Task,
        ItemType::Bug,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ItemType::Story => "story",
            ItemType::UseCase => "use case",
            ItemType::Task => "task",
            ItemType::Bug => "bug",
        }
    }
}

impl fmt::Display for ItemType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ItemType {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let w = s.trim().to_ascii_lowercase().replace(['-', '_'], " ");
        ItemType::ALL
            .into_iter()
            .find(|t| t.as_str() == w)
            .ok_or_else(|| format!("unknown type {s:?}: use story, use case, task or bug"))
    }
}

/// Where a team item stands in its team's flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TeamState {
    Todo,
    Doing,
    Done,
}

impl TeamState {
    pub const ALL: [TeamState; 3] = [TeamState::Todo, TeamState::Doing, TeamState::Done];

    pub fn as_str(self) -> &'static str {
        match self {
            TeamState::Todo => "todo",
            TeamState::Doing => "doing",
            TeamState::Done => "done",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TeamState::Todo => "To do",
            TeamState::Doing => "Doing",
            TeamState::Done => "Done",
        }
    }

    /// The next or previous state, if there is one.
    pub fn step(self, forward: bool) -> Option<TeamState> {
        let i = TeamState::ALL.iter().position(|s| *s == self)?;
        let j = if forward {
            i.checked_add(1)?
        } else {
            i.checked_sub(1)?
        };
        TeamState::ALL.get(j).copied()
    }
}

impl FromStr for TeamState {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let w = s.trim().to_ascii_lowercase();
        TeamState::ALL
            .into_iter()
            .find(|t| t.as_str() == w)
            .ok_or_else(|| format!("unknown team state {s:?}: use todo, doing or done"))
    }
}

/// How far a cluster item's team items are: counts and points.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub done_points: u32,
    pub total_points: u32,
}

impl Progress {
    /// The progress of a cluster item from its team items.
    pub fn of<'a>(children: impl IntoIterator<Item = &'a TeamItem>) -> Progress {
        children.into_iter().fold(Progress::default(), |mut p, c| {
            let e = c.effort.unwrap_or(0);
            p.total += 1;
            p.total_points += e;
            if c.state == TeamState::Done {
                p.done += 1;
                p.done_points += e;
            }
            p
        })
    }

    /// `▰▰▱ 2/3`: a gauge readable without colour; empty when not split.
    pub fn gauge(self, cells: usize) -> String {
        if self.total == 0 {
            return String::new();
        }
        let filled = (self.done * cells).div_ceil(self.total.max(1)).min(cells);
        let filled = if self.done < self.total {
            filled.min(cells - 1)
        } else {
            filled
        };
        format!(
            "{}{} {}/{}",
            "▰".repeat(filled),
            "▱".repeat(cells - filled),
            self.done,
            self.total
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn team_codes_are_short_and_capitalised() {
        assert_eq!(clean_code(" pay "), Ok("PAY".to_string()));
        assert!(clean_code("P").is_err());
        assert!(clean_code("PAY-1").is_err());
        assert!(clean_code("PAYMENTS").is_err());
    }

    #[test]
    fn item_types_parse_with_spaces_or_dashes() {
        assert_eq!("use-case".parse::<ItemType>(), Ok(ItemType::UseCase));
        assert_eq!("Story".parse::<ItemType>(), Ok(ItemType::Story));
        assert!("epic".parse::<ItemType>().unwrap_err().contains("\"epic\""));
    }

    #[test]
    fn team_states_step_forward_and_back_within_the_flow() {
        assert_eq!(TeamState::Todo.step(true), Some(TeamState::Doing));
        assert_eq!(TeamState::Done.step(true), None);
        assert_eq!(TeamState::Todo.step(false), None);
    }

    #[test]
    fn the_gauge_is_full_only_when_everything_is_done() {
        let p = |done, total| Progress {
            done,
            total,
            ..Progress::default()
        };
        assert_eq!(p(0, 0).gauge(3), "");
        assert_eq!(p(0, 3).gauge(3), "▱▱▱ 0/3");
        assert_eq!(p(2, 3).gauge(3), "▰▰▱ 2/3");
        assert_eq!(p(9, 10).gauge(3), "▰▰▱ 9/10");
        assert_eq!(p(3, 3).gauge(3), "▰▰▰ 3/3");
    }
}

/// A team backlog item, with what the team views show of its parent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeamItem {
    pub id: i64,
    #[serde(skip)]
    pub parent_id: i64,
    /// `F-12`: the cluster item it was split out of.
    pub parent: String,
    #[serde(skip)]
    pub parent_title: String,
    #[serde(skip)]
    pub team_id: Option<i64>,
    /// `None` once its team was removed.
    pub team: Option<String>,
    pub title: String,
    #[serde(rename = "type")]
    pub item_type: ItemType,
    pub state: TeamState,
    pub effort: Option<u32>,
    #[serde(skip)]
    pub team_rank: String,
    /// What it is about, in more words than its title.
    pub description: String,
}

impl TeamItem {
    /// `PAY-7`: the team's code and the item's number.
    pub fn code(&self) -> String {
        format!("{}-{}", self.team.as_deref().unwrap_or("T"), self.id)
    }
}

/// A team item to create in a split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTeamItem {
    pub team: String,
    pub title: String,
    pub item_type: ItemType,
    pub effort: Option<u32>,
}
