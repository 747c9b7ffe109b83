use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// What a cluster backlog item is; the kind's letter prefixes its id (`F-12`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    System,
    Application,
    Feature,
    Enabler,
    Improvement,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::System,
        Kind::Application,
        Kind::Feature,
        Kind::Enabler,
        Kind::Improvement,
    ];

    /// The word stored in the database and accepted on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::System => "system",
            Kind::Application => "application",
            Kind::Feature => "feature",
            Kind::Enabler => "enabler",
            Kind::Improvement => "improvement",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::System => "System",
            Kind::Application => "Application",
            Kind::Feature => "Feature",
            Kind::Enabler => "Enabler",
            Kind::Improvement => "Improvement",
        }
    }

    /// The letter that prefixes an item's id, so the kind is readable without colour.
    pub fn prefix(self) -> char {
        match self {
            Kind::System => 'S',
            Kind::Application => 'A',
            Kind::Feature => 'F',
            Kind::Enabler => 'E',
            Kind::Improvement => 'I',
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown kind {0:?}: use one of system, application, feature, enabler, improvement")]
pub struct UnknownKind(pub String);

impl FromStr for Kind {
    type Err = UnknownKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == wanted)
            .ok_or_else(|| UnknownKind(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_case_insensitively_and_round_trip() {
        for kind in Kind::ALL {
            assert_eq!(kind.as_str().parse::<Kind>(), Ok(kind));
            assert_eq!(kind.label().to_uppercase().parse::<Kind>(), Ok(kind));
        }
    }

    #[test]
    fn an_unknown_kind_names_the_word_and_the_choices() {
        let err = "epik".parse::<Kind>().unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("\"epik\""), "{msg}");
        assert!(msg.contains("feature"), "{msg}");
    }

    #[test]
    fn every_kind_has_its_own_prefix() {
        let mut prefixes: Vec<char> = Kind::ALL.iter().map(|k| k.prefix()).collect();
        prefixes.sort_unstable();
        prefixes.dedup();
        assert_eq!(prefixes.len(), Kind::ALL.len());
    }
}
