//! What a cluster backlog item is. The cluster model's kinds are built in, and
//! a cluster adds its own in config.toml (`[[kinds]]`): every kind is listed in
//! one place, this registry, with the word stored, its label and the letter
//! that prefixes an item's code (`F-12`).

use std::fmt;
use std::str::FromStr;
use std::sync::RwLock;

use serde::Serialize;

/// A kind, by its place in the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Kind(u8);

/// One kind as listed: the word stored, how it is shown, its letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindSpec {
    pub key: &'static str,
    pub label: &'static str,
    pub letter: char,
}

const BUILT_IN: [KindSpec; 7] = [
    KindSpec {
        key: "system",
        label: "System",
        letter: 'S',
    },
    KindSpec {
        key: "application",
        label: "Application",
        letter: 'A',
    },
    KindSpec {
        key: "feature",
        label: "Feature",
        letter: 'F',
    },
    KindSpec {
        key: "enabler",
        label: "Enabler",
        letter: 'E',
    },
    KindSpec {
        key: "improvement",
        label: "Improvement",
        letter: 'I',
    },
    // Open questions whose weighted sum is the remaining effort.
    KindSpec {
        key: "knowledge gap",
        label: "Knowledge gap",
        letter: 'K',
    },
    // A defect or impediment at cluster level.
    KindSpec {
        key: "issue",
        label: "Issue",
        letter: 'X',
    },
];

static REGISTRY: RwLock<Vec<KindSpec>> = RwLock::new(Vec::new());

fn with<T>(f: impl FnOnce(&[KindSpec]) -> T) -> T {
    let guard = REGISTRY
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if guard.is_empty() {
        f(&BUILT_IN)
    } else {
        f(&guard)
    }
}

// The built-in kinds keep the names the code has always used for them.
#[allow(non_upper_case_globals)]
impl Kind {
    pub const System: Kind = Kind(0);
    pub const Application: Kind = Kind(1);
    pub const Feature: Kind = Kind(2);
    pub const Enabler: Kind = Kind(3);
    pub const Improvement: Kind = Kind(4);
    pub const KnowledgeGap: Kind = Kind(5);
    pub const Issue: Kind = Kind(6);
}

/// Why a cluster's own kind cannot be added.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KindError {
    #[error("kind {key:?}: its letter {letter:?} is taken by {by}: choose another capital letter")]
    LetterTaken {
        key: String,
        letter: char,
        by: String,
    },
    #[error("kind {0:?}: a letter is one capital letter A to Z, other than P (portfolio items)")]
    BadLetter(String),
    #[error("kind {0:?} is listed twice")]
    Twice(String),
    #[error("a kind needs a word of letters and spaces, e.g. \"spike\"")]
    BadKey,
}

impl Kind {
    /// Every kind, built in first, in the order they are listed.
    pub fn all() -> Vec<Kind> {
        with(|all| (0..all.len()).map(|i| Kind(i as u8)).collect())
    }

    fn spec(self) -> KindSpec {
        with(|all| {
            all.get(usize::from(self.0))
                .cloned()
                .unwrap_or_else(|| BUILT_IN[2].clone())
        })
    }

    /// The word stored in the database and accepted on the command line.
    pub fn as_str(self) -> &'static str {
        self.spec().key
    }

    pub fn label(self) -> &'static str {
        self.spec().label
    }

    /// The letter that prefixes an item's id, so the kind is readable without colour.
    pub fn prefix(self) -> char {
        self.spec().letter
    }

    /// The kind whose letter this is.
    pub fn of_letter(letter: char) -> Option<Kind> {
        let letter = letter.to_ascii_uppercase();
        Kind::all().into_iter().find(|k| k.prefix() == letter)
    }

    /// Adds a cluster's own kinds from its config, after the built-in ones.
    /// Registering the same list again changes nothing.
    pub fn register(own: &[(String, String, char)]) -> Result<(), KindError> {
        let mut list: Vec<KindSpec> = BUILT_IN.to_vec();
        for (key, label, letter) in own {
            let key = key.trim().to_lowercase();
            if key.is_empty() || !key.chars().all(|c| c.is_alphabetic() || c == ' ') {
                return Err(KindError::BadKey);
            }
            let letter = letter.to_ascii_uppercase();
            if !letter.is_ascii_uppercase() || letter == 'P' {
                return Err(KindError::BadLetter(key));
            }
            if list.iter().any(|k| k.key == key) {
                return Err(KindError::Twice(key));
            }
            if let Some(by) = list.iter().find(|k| k.letter == letter) {
                return Err(KindError::LetterTaken {
                    key,
                    letter,
                    by: by.key.to_string(),
                });
            }
            let label = if label.trim().is_empty() {
                let mut c = key.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            } else {
                label.trim().to_string()
            };
            list.push(KindSpec {
                key: Box::leak(key.into_boxed_str()),
                label: Box::leak(label.into_boxed_str()),
                letter,
            });
        }
        let mut guard = REGISTRY
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // Known kinds keep their place, so a kind in use stays the same kind.
        if guard.len() <= list.len() && guard.iter().zip(&list).all(|(a, b)| a == b) {
            *guard = list;
        }
        Ok(())
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown kind {given:?}: use one of {}", kind_names())]
pub struct UnknownKind {
    pub given: String,
}

fn kind_names() -> String {
    Kind::all()
        .iter()
        // As they are typed: `--kind knowledge-gap`, one word on a command line.
        .map(|k| k.as_str().replace(' ', "-"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl FromStr for Kind {
    type Err = UnknownKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_lowercase().replace(['_', '-'], " ");
        Kind::all()
            .into_iter()
            .find(|k| k.as_str() == wanted)
            .ok_or_else(|| UnknownKind {
                given: s.to_string(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_case_insensitively_and_round_trip() {
        for kind in Kind::all() {
            assert_eq!(kind.as_str().parse::<Kind>(), Ok(kind));
            assert_eq!(kind.label().to_uppercase().parse::<Kind>(), Ok(kind));
        }
        assert_eq!("knowledge-gap".parse::<Kind>(), Ok(Kind::KnowledgeGap));
    }

    #[test]
    fn an_unknown_kind_names_the_word_and_the_choices() {
        let err = "epik".parse::<Kind>().unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("\"epik\""), "{msg}");
        assert!(
            msg.contains("feature") && msg.contains("knowledge-gap"),
            "{msg}"
        );
        assert!(!msg.contains("knowledge gap"), "named as typed: {msg}");
    }

    #[test]
    fn every_kind_has_its_own_prefix() {
        let all = Kind::all();
        let mut prefixes: Vec<char> = all.iter().map(|k| k.prefix()).collect();
        prefixes.sort_unstable();
        prefixes.dedup();
        assert_eq!(prefixes.len(), all.len());
        assert_eq!(Kind::of_letter('k'), Some(Kind::KnowledgeGap));
    }

    #[test]
    fn a_clusters_own_kind_needs_its_own_letter() {
        let taken = Kind::register(&[("spike".into(), String::new(), 'F')]);
        assert!(
            matches!(taken, Err(KindError::LetterTaken { .. })),
            "{taken:?}"
        );
        assert!(Kind::register(&[("spike".into(), String::new(), 'P')]).is_err());
        assert!(Kind::register(&[("feature".into(), String::new(), 'Z')]).is_err());
    }
}
