use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// Where a cluster item stands in the cluster Kanban flow, in flow order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Funnel,
    Analysis,
    Ready,
    Planned,
    Implementing,
    Review,
    Done,
    Released,
}

impl State {
    pub const ALL: [State; 8] = [
        State::Funnel,
        State::Analysis,
        State::Ready,
        State::Planned,
        State::Implementing,
        State::Review,
        State::Done,
        State::Released,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            State::Funnel => "funnel",
            State::Analysis => "analysis",
            State::Ready => "ready",
            State::Planned => "planned",
            State::Implementing => "implementing",
            State::Review => "review",
            State::Done => "done",
            State::Released => "released",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            State::Funnel => "Funnel",
            State::Analysis => "Analysis",
            State::Ready => "Ready",
            State::Planned => "Planned",
            State::Implementing => "Implementing",
            State::Review => "Review",
            State::Done => "Done",
            State::Released => "Released",
        }
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown state {0:?}: use one of funnel, analysis, ready, planned, implementing, review, done, released"
)]
pub struct UnknownState(pub String);

impl FromStr for State {
    type Err = UnknownState;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        State::ALL
            .into_iter()
            .find(|st| st.as_str() == wanted)
            .ok_or_else(|| UnknownState(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_are_ordered_as_the_flow() {
        let mut sorted = State::ALL;
        sorted.sort();
        assert_eq!(sorted, State::ALL);
        assert!(State::Funnel < State::Ready && State::Done < State::Released);
    }

    #[test]
    fn states_parse_case_insensitively() {
        assert_eq!("Ready".parse::<State>(), Ok(State::Ready));
        assert_eq!(" implementing ".parse::<State>(), Ok(State::Implementing));
    }

    #[test]
    fn an_unknown_state_is_refused_with_the_choices() {
        let msg = "doing".parse::<State>().unwrap_err().to_string();
        assert!(
            msg.contains("\"doing\"") && msg.contains("released"),
            "{msg}"
        );
    }
}
