//! Planning poker: a deck of relative points, votes, and the spread to discuss.

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PokerCard {
    Points(u32),
    /// "I cannot estimate this yet."
    Unsure,
}

impl fmt::Display for PokerCard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PokerCard::Points(n) => write!(f, "{n}"),
            PokerCard::Unsure => f.write_str("?"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a poker card: use a whole number or ?")]
pub struct BadCard(pub String);

impl FromStr for PokerCard {
    type Err = BadCard;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "?" => Ok(PokerCard::Unsure),
            t => t
                .parse::<u32>()
                .map(PokerCard::Points)
                .map_err(|_| BadCard(s.to_string())),
        }
    }
}

/// The cards on the table, in ascending order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deck(pub Vec<PokerCard>);

impl Deck {
    pub fn parse(cards: &[String]) -> Result<Deck, String> {
        let cards = cards
            .iter()
            .map(|c| c.parse::<PokerCard>().map_err(|e| e.to_string()))
            .collect::<Result<Vec<_>, _>>()?;
        let points: Vec<u32> = cards
            .iter()
            .filter_map(|c| match c {
                PokerCard::Points(n) => Some(*n),
                PokerCard::Unsure => None,
            })
            .collect();
        if points.is_empty() {
            return Err("the deck needs at least one number card".into());
        }
        if points.windows(2).any(|w| w[0] >= w[1]) {
            return Err("the deck's numbers must be in ascending order, each once".into());
        }
        Ok(Deck(cards))
    }

    pub fn standard() -> Deck {
        let mut cards: Vec<PokerCard> = [1, 2, 3, 5, 8, 13, 20, 40, 100]
            .into_iter()
            .map(PokerCard::Points)
            .collect();
        cards.push(PokerCard::Unsure);
        Deck(cards)
    }

    fn points(&self) -> Vec<u32> {
        self.0
            .iter()
            .filter_map(|c| match c {
                PokerCard::Points(n) => Some(*n),
                PokerCard::Unsure => None,
            })
            .collect()
    }

    /// The deck card nearest to `x` (the higher one on a tie: estimates round up).
    pub fn nearest(&self, x: f64) -> u32 {
        let mut best = self.points()[0];
        for p in self.points() {
            if (f64::from(p) - x).abs() <= (f64::from(best) - x).abs() {
                best = p;
            }
        }
        best
    }

    /// Position of a number card in the deck's numbers.
    fn step(&self, n: u32) -> Option<usize> {
        self.points().iter().position(|&p| p == n)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Spread {
    pub min: u32,
    pub max: u32,
    pub median: f64,
    /// The deck card nearest the median: the proposal to agree on.
    pub proposal: u32,
    /// Seats whose vote is two or more deck steps from the proposal: ask them first.
    pub outliers: Vec<usize>,
    pub unsure: usize,
}

/// The spread of a round's votes, or `None` if nobody voted a number.
pub fn spread(deck: &Deck, votes: &[PokerCard]) -> Option<Spread> {
    let mut numbers: Vec<u32> = votes
        .iter()
        .filter_map(|v| match v {
            PokerCard::Points(n) => Some(*n),
            PokerCard::Unsure => None,
        })
        .collect();
    if numbers.is_empty() {
        return None;
    }
    numbers.sort_unstable();
    let n = numbers.len();
    let median = if n % 2 == 1 {
        f64::from(numbers[n / 2])
    } else {
        f64::midpoint(f64::from(numbers[n / 2 - 1]), f64::from(numbers[n / 2]))
    };
    let proposal = deck.nearest(median);
    let center = deck.step(proposal).unwrap_or(0);
    let outliers = votes
        .iter()
        .enumerate()
        .filter_map(|(seat, v)| match v {
            PokerCard::Points(p) => deck
                .step(*p)
                .filter(|&s| s.abs_diff(center) >= 2)
                .map(|_| seat),
            PokerCard::Unsure => None,
        })
        .collect();
    Some(Spread {
        min: numbers[0],
        max: numbers[n - 1],
        median,
        proposal,
        outliers,
        unsure: votes.len() - n,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn votes(v: &[&str]) -> Vec<PokerCard> {
        v.iter().map(|s| s.parse().unwrap()).collect()
    }

    #[test]
    fn the_spread_shows_min_max_median_and_the_outliers() {
        let deck = Deck::standard();
        let s = spread(&deck, &votes(&["5", "8", "8", "40", "?"])).unwrap();
        assert_eq!((s.min, s.max, s.median, s.proposal), (5, 40, 8.0, 8));
        assert_eq!(s.outliers, vec![3], "40 is three steps from 8");
        assert_eq!(s.unsure, 1);
    }

    #[test]
    fn an_even_number_of_votes_proposes_the_nearest_card_rounding_up() {
        let deck = Deck::standard();
        let s = spread(&deck, &votes(&["3", "5", "8", "13"])).unwrap();
        assert!((s.median - 6.5).abs() < f64::EPSILON, "{}", s.median);
        assert_eq!(s.proposal, 8);
        assert_eq!(s.outliers, vec![0], "3 is two steps below 8");
    }

    #[test]
    fn only_unsure_votes_give_no_spread() {
        assert_eq!(spread(&Deck::standard(), &votes(&["?", "?"])), None);
    }

    #[test]
    fn a_deck_must_hold_ascending_numbers() {
        let d = |v: &[&str]| {
            Deck::parse(
                &v.iter()
                    .map(std::string::ToString::to_string)
                    .collect::<Vec<_>>(),
            )
        };
        assert!(d(&["1", "2", "3", "?"]).is_ok());
        assert!(d(&["3", "2"]).is_err());
        assert!(d(&["?"]).is_err());
        assert!(d(&["1", "two"]).unwrap_err().contains("\"two\""));
    }
}
