//! Releases: a system variant in a version, planned → accepted → released.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use super::State;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReleaseState {
    Planned,
    Accepted,
    Released,
}

impl ReleaseState {
    pub fn as_str(self) -> &'static str {
        match self {
            ReleaseState::Planned => "planned",
            ReleaseState::Accepted => "accepted",
            ReleaseState::Released => "released",
        }
    }
}

impl fmt::Display for ReleaseState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ReleaseState {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "planned" => Ok(ReleaseState::Planned),
            "accepted" => Ok(ReleaseState::Accepted),
            "released" => Ok(ReleaseState::Released),
            _ => Err(format!(
                "unknown release state {s:?}: use planned, accepted or released"
            )),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Release {
    #[serde(skip)]
    pub id: i64,
    pub name: String,
    pub variant: String,
    pub version: String,
    pub target_date: Option<String>,
    pub state: ReleaseState,
    pub notes: String,
    pub planned_at: Option<String>,
    pub accepted_at: Option<String>,
    pub accepted_by: Option<String>,
    pub released_at: Option<String>,
}

/// Effort points planned into a release and those of its items already done.
pub fn points<'a>(items: impl IntoIterator<Item = &'a super::Item>) -> (u32, u32) {
    items.into_iter().fold((0, 0), |(planned, done), i| {
        let e = i.effort.unwrap_or(0);
        (
            planned + e,
            if i.state >= State::Done {
                done + e
            } else {
                done
            },
        )
    })
}

/// Checks a date typed as YYYY-MM-DD.
pub fn clean_date(s: &str) -> Result<String, String> {
    let t = s.trim();
    let shaped = t.len() == 10
        && t.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shaped {
        return Err(format!(
            "{s:?} is not a date: write it as YYYY-MM-DD, e.g. 2027-03-31"
        ));
    }
    // The calendar itself (jiff) says whether the day exists: 2026-02-30 does not.
    if let Ok(d) = t.parse::<jiff::civil::Date>() {
        return Ok(d.to_string());
    }
    let (y, m) = (&t[..4], &t[5..7]);
    let days = format!("{y}-{m}-01")
        .parse::<jiff::civil::Date>()
        .map(|d| d.days_in_month().to_string());
    Err(match days {
        Ok(n) => format!(
            "{s:?} is not a day of the calendar: {y}-{m} has {n} days; write a real date, e.g. {y}-{m}-{n}"
        ),
        Err(_) => format!(
            "{s:?} is not a day of the calendar: the month is 01 to 12; write it as YYYY-MM-DD"
        ),
    })
}

/// Whether an item's state makes its release's date unlikely, given the days
/// left until the target (negative: the date has passed).
pub fn at_risk(state: State, days_left: i64) -> Option<&'static str> {
    if state >= State::Done {
        return None;
    }
    if days_left < 0 {
        return Some("the target date has passed");
    }
    if state <= State::Analysis && days_left <= 14 {
        return Some("not ready two weeks before the target");
    }
    if state <= State::Planned && days_left <= 7 {
        return Some("not started a week before the target");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_iso() {
        assert_eq!(clean_date(" 2027-03-31 "), Ok("2027-03-31".into()));
        for bad in ["31.03.2027", "2027-3-31", "2027-13-01", "tomorrow"] {
            assert!(clean_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn days_the_calendar_does_not_have_are_refused_with_the_reason() {
        for (bad, days) in [
            ("2026-02-30", "28"),
            ("2026-04-31", "30"),
            ("2026-02-29", "28"),
        ] {
            let err = clean_date(bad).unwrap_err();
            assert!(err.contains(&format!("has {days} days")), "{err}");
        }
        assert_eq!(
            clean_date("2028-02-29"),
            Ok("2028-02-29".into()),
            "a leap day"
        );
    }

    #[test]
    fn items_far_from_done_near_the_date_are_at_risk() {
        assert!(at_risk(State::Funnel, 7).is_some());
        assert!(at_risk(State::Funnel, 30).is_none());
        assert!(at_risk(State::Planned, 5).is_some());
        assert!(at_risk(State::Implementing, 5).is_none());
        assert!(at_risk(State::Review, -1).is_some());
        assert!(at_risk(State::Done, -10).is_none());
    }
}
