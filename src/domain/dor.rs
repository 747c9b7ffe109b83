//! Definition of Ready: a configurable checklist, and the rule that an item does
//! not silently cross into Ready with points still open.

use super::State;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DorPoint {
    /// Stable identifier stored with each item, so the wording may change.
    pub key: String,
    pub text: String,
}

/// How many of the configured points an item meets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DorState {
    pub met: usize,
    pub total: usize,
}

impl DorState {
    pub fn of(checklist: &[DorPoint], met: &[String]) -> DorState {
        DorState {
            met: checklist.iter().filter(|p| met.contains(&p.key)).count(),
            total: checklist.len(),
        }
    }

    pub fn is_met(self) -> bool {
        self.met == self.total
    }

    /// `✓5/5` or `3/5`: readable without colour.
    pub fn label(self) -> String {
        if self.is_met() {
            format!("✓{}/{}", self.met, self.total)
        } else {
            format!("{}/{}", self.met, self.total)
        }
    }
}

/// The points an item has not met yet, in checklist order.
pub fn open_points<'a>(checklist: &'a [DorPoint], met: &[String]) -> Vec<&'a DorPoint> {
    checklist.iter().filter(|p| !met.contains(&p.key)).collect()
}

/// Each point of a checklist with whether it is met.
pub fn ticked(checklist: &[DorPoint], met: &[String]) -> Vec<(DorPoint, bool)> {
    checklist
        .iter()
        .map(|p| (p.clone(), met.contains(&p.key)))
        .collect()
}

/// Whether a move crosses the Ready line and so needs the `DoR` met.
pub fn move_needs_dor(from: State, to: State) -> bool {
    from < State::Ready && to >= State::Ready
}

/// The default checklist (also written out in `assets/config.toml`).
pub fn default_checklist() -> Vec<DorPoint> {
    [
        ("described", "Described from the user's view"),
        ("acceptance", "Acceptance criteria written"),
        ("source", "Source named (who can be asked)"),
        ("value", "Business value estimated"),
        ("dependencies", "Dependencies known"),
        ("effort", "Effort estimated by the system engineers"),
        ("release", "Fits a release"),
    ]
    .into_iter()
    .map(|(key, text)| DorPoint {
        key: key.into(),
        text: text.into(),
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_moves_across_the_ready_line_need_the_dor() {
        assert!(move_needs_dor(State::Analysis, State::Ready));
        assert!(move_needs_dor(State::Funnel, State::Implementing));
        assert!(!move_needs_dor(State::Ready, State::Planned));
        assert!(!move_needs_dor(State::Planned, State::Analysis));
        assert!(!move_needs_dor(State::Funnel, State::Analysis));
    }

    #[test]
    fn open_points_keep_checklist_order_and_ignore_unknown_keys() {
        let list = default_checklist();
        let met = vec![
            "value".to_string(),
            "gone".to_string(),
            "described".to_string(),
        ];
        let open: Vec<&str> = open_points(&list, &met)
            .iter()
            .map(|p| p.key.as_str())
            .collect();
        assert_eq!(
            open,
            ["acceptance", "source", "dependencies", "effort", "release"]
        );
        assert_eq!(DorState::of(&list, &met), DorState { met: 2, total: 7 });
    }

    #[test]
    fn the_label_marks_a_met_dor_with_a_tick() {
        assert_eq!(DorState { met: 6, total: 6 }.label(), "✓6/6");
        assert_eq!(DorState { met: 3, total: 6 }.label(), "3/6");
    }
}
