//! Scoring: the order the numbers suggest. The product owner decides the rank.

use super::ItemId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Method {
    /// Value points ÷ effort points.
    #[default]
    Ratio,
    /// Cost of delay (business value + time criticality + risk reduction) ÷ job size (effort).
    Wsjf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Estimates {
    pub value: Option<u32>,
    pub effort: Option<u32>,
    pub business_value: Option<u32>,
    pub time_criticality: Option<u32>,
    pub risk_reduction: Option<u32>,
}

/// Why there is no score: said plainly instead of a made-up number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    Value,
    Effort,
    ZeroEffort,
    CostOfDelay,
}

impl Missing {
    pub fn label(self) -> &'static str {
        match self {
            Missing::Value => "no value",
            Missing::Effort => "no effort",
            Missing::ZeroEffort => "effort 0",
            Missing::CostOfDelay => "no WSJF",
        }
    }
}

pub fn score(e: &Estimates, method: Method) -> Result<f64, Missing> {
    let effort = match e.effort {
        None => return Err(Missing::Effort),
        Some(0) => return Err(Missing::ZeroEffort),
        Some(n) => f64::from(n),
    };
    match method {
        Method::Ratio => e.value.map(|v| f64::from(v) / effort).ok_or(Missing::Value),
        Method::Wsjf => match (e.business_value, e.time_criticality, e.risk_reduction) {
            (Some(b), Some(t), Some(r)) => Ok(f64::from(b + t + r) / effort),
            _ => Err(Missing::CostOfDelay),
        },
    }
}

/// Shows a score to two decimals, or why there is none.
pub fn label(s: Result<f64, Missing>) -> String {
    match s {
        Ok(v) => format!("{v:.2}"),
        Err(m) => m.label().to_string(),
    }
}

/// The order the scores suggest: highest score first; items without a score keep
/// their current relative order after the scored ones. `items` is in rank order.
pub fn suggested_order(items: &[(ItemId, Result<f64, Missing>)]) -> Vec<ItemId> {
    let mut scored: Vec<(usize, ItemId, f64)> = Vec::new();
    let mut unscored = Vec::new();
    for (i, (id, s)) in items.iter().enumerate() {
        match s {
            Ok(v) => scored.push((i, *id, *v)),
            Err(_) => unscored.push(*id),
        }
    }
    // Stable on ties: equal scores keep the product owner's order.
    scored.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
    scored
        .into_iter()
        .map(|(_, id, _)| id)
        .chain(unscored)
        .collect()
}

/// An item's score in rank order, and whether it is finished (Done, Released).
pub type Scored = (ItemId, Result<f64, Missing>, bool);

/// [`suggested_order`] for open work only: a finished item (Done, Released)
/// keeps its place, and the open items are reordered in the places between.
pub fn suggested_open_order(items: &[Scored]) -> Vec<ItemId> {
    suggested_open_places(items)
        .into_iter()
        .map(|i| items[i].0)
        .collect()
}

/// [`suggested_open_order`] as places in `items` (0-based, in rank order):
/// the suggested order and each item's current rank at once, with no map
/// from item to rank (a million items' worth of memory).
pub fn suggested_open_places(items: &[Scored]) -> Vec<usize> {
    let mut scored: Vec<(usize, f64)> = Vec::new();
    let mut unscored = Vec::new();
    for (i, (_, s, finished)) in items.iter().enumerate() {
        match s {
            _ if *finished => {}
            Ok(v) => scored.push((i, *v)),
            Err(_) => unscored.push(i),
        }
    }
    // Stable on ties: equal scores keep the product owner's order.
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut next = scored.into_iter().map(|(i, _)| i).chain(unscored);
    items
        .iter()
        .enumerate()
        .filter_map(|(i, (_, _, finished))| if *finished { Some(i) } else { next.next() })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn est(value: Option<u32>, effort: Option<u32>) -> Estimates {
        Estimates {
            value,
            effort,
            ..Estimates::default()
        }
    }

    #[test]
    fn the_default_score_is_value_over_effort() {
        assert_eq!(score(&est(Some(20), Some(8)), Method::Ratio), Ok(2.5));
        assert_eq!(label(score(&est(Some(20), Some(8)), Method::Ratio)), "2.50");
    }

    #[test]
    fn a_missing_estimate_says_what_is_missing_instead_of_a_number() {
        assert_eq!(
            score(&est(None, Some(8)), Method::Ratio),
            Err(Missing::Value)
        );
        assert_eq!(
            score(&est(Some(3), None), Method::Ratio),
            Err(Missing::Effort)
        );
        assert_eq!(
            score(&est(Some(3), Some(0)), Method::Ratio),
            Err(Missing::ZeroEffort)
        );
        assert_eq!(label(score(&est(None, None), Method::Ratio)), "no effort");
    }

    #[test]
    fn wsjf_divides_the_cost_of_delay_by_the_job_size() {
        let e = Estimates {
            value: Some(1),
            effort: Some(5),
            business_value: Some(8),
            time_criticality: Some(5),
            risk_reduction: Some(2),
        };
        assert_eq!(score(&e, Method::Wsjf), Ok(3.0));
        let partial = Estimates {
            risk_reduction: None,
            ..e
        };
        assert_eq!(score(&partial, Method::Wsjf), Err(Missing::CostOfDelay));
    }

    #[test]
    fn finished_items_keep_their_place_in_the_suggestion() {
        let items = [
            (ItemId(1), Ok(1.0), false),
            (ItemId(2), Ok(9.0), true),
            (ItemId(3), Ok(4.0), false),
            (ItemId(4), Err(Missing::Value), false),
            (ItemId(5), Ok(5.0), false),
        ];
        // F-2 is done and stays second; the open items are reordered around it.
        assert_eq!(
            suggested_open_order(&items),
            vec![ItemId(5), ItemId(2), ItemId(3), ItemId(1), ItemId(4)]
        );
    }

    #[test]
    fn the_suggestion_ranks_by_score_and_leaves_unscored_items_behind_in_order() {
        let items = [
            (ItemId(1), Ok(1.0)),
            (ItemId(2), Err(Missing::Value)),
            (ItemId(3), Ok(4.0)),
            (ItemId(4), Ok(1.0)),
            (ItemId(5), Err(Missing::Effort)),
        ];
        assert_eq!(
            suggested_order(&items),
            vec![ItemId(3), ItemId(1), ItemId(4), ItemId(2), ItemId(5)]
        );
    }
}
