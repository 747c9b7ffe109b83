use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use super::{Kind, State};

/// The database id of a cluster item; shown with its kind's prefix (`F-12`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct ItemId(pub i64);

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// How a user names an item: `12`, or `F-12` with the kind's prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemRef {
    pub id: ItemId,
    pub prefix: Option<char>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an item id: write it as 12 or F-12")]
pub struct BadItemRef(pub String);

impl FromStr for ItemRef {
    type Err = BadItemRef;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadItemRef(s.to_string());
        let t = s.trim();
        let (prefix, digits) = match t.split_once('-') {
            Some((p, d)) => {
                let mut chars = p.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if c.is_ascii_alphabetic() => (Some(c.to_ascii_uppercase()), d),
                    _ => return Err(bad()),
                }
            }
            None => (None, t),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let id = digits.parse::<i64>().map_err(|_| bad())?;
        if id <= 0 {
            return Err(bad());
        }
        Ok(ItemRef {
            id: ItemId(id),
            prefix,
        })
    }
}

/// A cluster backlog item as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    pub id: ItemId,
    pub kind: Kind,
    pub title: String,
    pub description: String,
    pub state: State,
    /// The rank key; the 1-based cluster rank is its position among all keys.
    pub rank_key: String,
    pub value: Option<u32>,
    pub effort: Option<u32>,
    /// WSJF inputs: user-business value, time criticality, risk reduction.
    pub business_value: Option<u32>,
    pub time_criticality: Option<u32>,
    pub risk_reduction: Option<u32>,
    pub created_at: String,
    pub updated_at: String,
    /// Acceptance criteria, free text.
    pub acceptance: String,
    /// Who can be asked about it: a stakeholder or a person.
    pub source: String,
    /// When it was archived; archived items leave the board, the backlog and counts.
    pub archived_at: Option<String>,
    /// The portfolio item it was derived from, if any.
    pub portfolio: Option<super::portfolio::PortfolioId>,
    pub business_case: Option<super::business::BusinessCase>,
}

impl Item {
    pub fn estimates(&self) -> super::score::Estimates {
        super::score::Estimates {
            value: self.value,
            effort: self.effort,
            business_value: self.business_value,
            time_criticality: self.time_criticality,
            risk_reduction: self.risk_reduction,
        }
    }

    /// `F-12`: the kind's letter and the id, the way people say it in a meeting.
    pub fn code(&self) -> String {
        code(self.kind, self.id)
    }
}

pub fn code(kind: Kind, id: ItemId) -> String {
    format!("{}-{}", kind.prefix(), id.0)
}

/// What a board card needs, and no more, so a column loads cheaply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub id: ItemId,
    pub kind: Kind,
    pub title: String,
    pub state: State,
    pub rank_key: String,
    pub value: Option<u32>,
    pub effort: Option<u32>,
    /// Release labels such as `Pro 2.1`, in target-date order.
    pub releases: Vec<String>,
    /// Keys of the `DoR` points this item meets.
    pub dor_met: Vec<String>,
    /// Codes of the teams it is split to, and how far their items are.
    pub teams: Vec<String>,
    pub progress: super::team::Progress,
    /// The portfolio item it is derived from, shown as a `P-3` tag.
    pub portfolio: Option<super::portfolio::PortfolioId>,
}

impl Card {
    pub fn code(&self) -> String {
        code(self.kind, self.id)
    }
}

/// A new item as the user describes it; the store gives it an id and a rank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewItem {
    pub kind: Kind,
    pub title: String,
    pub description: String,
    pub state: State,
    pub value: Option<u32>,
    pub effort: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ItemError {
    #[error("the title is empty: give the item a title")]
    EmptyTitle,
    #[error("the title is {0} characters long: keep it under 500")]
    TitleTooLong(usize),
    #[error(
        "the title holds a control character (an escape, a tab or a bidi override) at character {0}: type it without one"
    )]
    ControlCharacter(usize),
}

/// Trims a title and checks it is worth storing.
pub fn clean_title(title: &str) -> Result<String, ItemError> {
    let t = title.trim();
    if t.is_empty() {
        return Err(ItemError::EmptyTitle);
    }
    let n = t.chars().count();
    if n > 500 {
        return Err(ItemError::TitleTooLong(n));
    }
    Ok(t.to_string())
}

/// A title as a user types it: `clean_title`, and no character the sanitiser
/// would have to drop or show as a symbol.
pub fn typed_title(title: &str) -> Result<String, ItemError> {
    let t = clean_title(title)?;
    if let Some(at) = t.chars().position(is_unprintable) {
        return Err(ItemError::ControlCharacter(at + 1));
    }
    Ok(t)
}

/// Control characters and the bidi controls that can reorder what follows.
pub fn is_unprintable(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_refs_accept_plain_and_prefixed_ids() {
        assert_eq!(
            "12".parse::<ItemRef>(),
            Ok(ItemRef {
                id: ItemId(12),
                prefix: None
            })
        );
        assert_eq!(
            "f-7".parse::<ItemRef>(),
            Ok(ItemRef {
                id: ItemId(7),
                prefix: Some('F')
            })
        );
    }

    #[test]
    fn malformed_item_refs_are_refused() {
        for bad in [
            "",
            "F-",
            "-3",
            "FX-3",
            "0",
            "12a",
            "F-1-2",
            "99999999999999999999",
        ] {
            assert!(bad.parse::<ItemRef>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn blank_titles_are_refused_and_others_trimmed() {
        assert_eq!(clean_title("   "), Err(ItemError::EmptyTitle));
        assert_eq!(clean_title("  SSO login "), Ok("SSO login".to_string()));
        assert!(matches!(
            clean_title(&"x".repeat(501)),
            Err(ItemError::TitleTooLong(501))
        ));
    }
}
