//! The open questions of a knowledge gap: their weights add up to what is left
//! to find out, which the cluster model counts as the gap's remaining effort.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub id: i64,
    pub text: String,
    pub weight: u32,
    pub answer: Option<String>,
    pub answered_at: Option<String>,
}

impl Question {
    pub fn is_open(&self) -> bool {
        self.answered_at.is_none()
    }
}

/// The weights of the questions still open: the remaining effort.
pub fn remaining(questions: &[Question]) -> u32 {
    questions
        .iter()
        .filter(|q| q.is_open())
        .map(|q| q.weight)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(weight: u32, answered: bool) -> Question {
        Question {
            id: 0,
            text: "why?".into(),
            weight,
            answer: answered.then(|| "because".into()),
            answered_at: answered.then(|| "2026-12-01".into()),
        }
    }

    #[test]
    fn the_remaining_effort_is_the_weight_of_the_open_questions() {
        assert_eq!(remaining(&[]), 0);
        // 5 + 3 open, 8 answered: 8 left.
        assert_eq!(remaining(&[q(5, false), q(8, true), q(3, false)]), 8);
    }
}
