//! Why an item is worth doing: an NABC (Need, Approach, Benefits per cost,
//! Competition) and the fields of a Lightweight Business Case — problem and
//! context, stakeholders, scope in and out, criticality, and options with what
//! each costs. Stored with the item as structured fields; edited as text.

use serde::{Deserialize, Serialize};

/// How urgent the case is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Criticality {
    #[default]
    Normal,
    /// Part of the strategy.
    Strategic,
    /// Bound to a date (a law, a trade fair, a contract).
    Scheduled,
}

impl Criticality {
    pub const ALL: [Criticality; 3] = [
        Criticality::Normal,
        Criticality::Strategic,
        Criticality::Scheduled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Criticality::Normal => "normal",
            Criticality::Strategic => "strategic",
            Criticality::Scheduled => "scheduled",
        }
    }

    pub fn parse(s: &str) -> Option<Criticality> {
        let s = s.trim().to_lowercase();
        Criticality::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// One way of doing it, and what it takes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessOption {
    pub name: String,
    #[serde(default)]
    pub dependencies: String,
    /// The teams involved, as the user wrote them (codes or names).
    #[serde(default)]
    pub teams: String,
    #[serde(default)]
    pub risks: String,
    pub effort: Option<u32>,
    /// Investment in money, in whole units of the cluster's currency.
    pub investment: Option<u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessCase {
    // NABC
    #[serde(default)]
    pub need: String,
    #[serde(default)]
    pub approach: String,
    #[serde(default)]
    pub benefits: String,
    #[serde(default)]
    pub competition: String,
    // Lightweight Business Case
    #[serde(default)]
    pub problem: String,
    #[serde(default)]
    pub stakeholders: String,
    #[serde(default)]
    pub in_scope: String,
    #[serde(default)]
    pub out_of_scope: String,
    #[serde(default)]
    pub criticality: Criticality,
    /// What happens if it is not done in time.
    #[serde(default)]
    pub if_late: String,
    #[serde(default)]
    pub options: Vec<BusinessOption>,
}

impl BusinessCase {
    pub fn is_empty(&self) -> bool {
        *self == BusinessCase::default()
    }

    /// Whether the NABC is written out (all four parts).
    pub fn has_nabc(&self) -> bool {
        [
            &self.need,
            &self.approach,
            &self.benefits,
            &self.competition,
        ]
        .iter()
        .all(|s| !s.trim().is_empty())
    }

    /// The priority the case argues for: value ÷ effort (of the cheapest
    /// option with an effort, else the item's own effort).
    pub fn priority(&self, value: Option<u32>, effort: Option<u32>) -> Option<f64> {
        let option_effort = self.options.iter().filter_map(|o| o.effort).min();
        let e = option_effort.or(effort).filter(|e| *e > 0)?;
        Some(f64::from(value?) / f64::from(e))
    }

    /// The text fields by heading, in the order the editor file has them.
    pub fn sections(&self) -> [(&'static str, &str); 8] {
        [
            ("NABC: Need", &self.need),
            ("NABC: Approach", &self.approach),
            ("NABC: Benefits per cost", &self.benefits),
            ("NABC: Competition", &self.competition),
            ("Problem and context", &self.problem),
            ("Stakeholders, users, markets", &self.stakeholders),
            ("In scope", &self.in_scope),
            ("Out of scope", &self.out_of_scope),
        ]
    }

    pub fn section_mut(&mut self, heading: &str) -> Option<&mut String> {
        Some(match heading {
            "NABC: Need" => &mut self.need,
            "NABC: Approach" => &mut self.approach,
            "NABC: Benefits per cost" => &mut self.benefits,
            "NABC: Competition" => &mut self.competition,
            "Problem and context" => &mut self.problem,
            "Stakeholders, users, markets" => &mut self.stakeholders,
            "In scope" => &mut self.in_scope,
            "Out of scope" => &mut self.out_of_scope,
            "If we do not do it in time" => &mut self.if_late,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_priority_is_value_over_the_cheapest_option_or_the_items_effort() {
        let mut case = BusinessCase::default();
        assert_eq!(case.priority(Some(40), Some(8)), Some(5.0));
        case.options.push(BusinessOption {
            name: "Buy".into(),
            effort: Some(5),
            ..BusinessOption::default()
        });
        case.options.push(BusinessOption {
            name: "Build".into(),
            effort: Some(20),
            ..BusinessOption::default()
        });
        assert_eq!(case.priority(Some(40), Some(8)), Some(8.0));
        assert_eq!(case.priority(None, Some(8)), None);
    }
}
