//! `/` filters: words to find in titles, and `kind:`, `state:`, `release:` terms.

use nucleo_matcher::{Matcher, Utf32Str};

use super::item::ItemRef;
use super::{ItemId, Kind, State};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Every word must appear in the title (case-insensitive).
    pub words: Vec<String>,
    pub kind: Option<Kind>,
    pub state: Option<State>,
    /// Part of a release label, e.g. `pro 2.2` or `lite`.
    pub release: Option<String>,
    /// Only items split to this team (code).
    pub team: Option<String>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
            && self.kind.is_none()
            && self.state.is_none()
            && self.release.is_none()
            && self.team.is_none()
    }

    /// Parses what the user typed: `sso kind:feature state:ready release:pro`.
    pub fn parse(text: &str) -> Result<Filter, String> {
        let mut f = Filter::default();
        for term in text.split_whitespace() {
            match term.split_once(':') {
                Some((key, "")) if ["kind", "state", "release", "team"].contains(&key) => {
                    return Err(format!("{key}: needs a value, e.g. {key}:…"));
                }
                Some(("kind", v)) => f.kind = Some(v.parse().map_err(|e| format!("{e}"))?),
                Some(("state", v)) => f.state = Some(v.parse().map_err(|e| format!("{e}"))?),
                Some(("release", v)) => f.release = Some(v.replace('_', " ").to_lowercase()),
                Some(("team", v)) => f.team = Some(v.to_uppercase()),
                _ => f.words.push(term.to_lowercase()),
            }
        }
        Ok(f)
    }

    /// The filter as the user would type it, for the title bar.
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = self.words.clone();
        if let Some(k) = self.kind {
            parts.push(format!("kind:{k}"));
        }
        if let Some(s) = self.state {
            parts.push(format!("state:{s}"));
        }
        if let Some(r) = &self.release {
            parts.push(format!("release:{}", r.replace(' ', "_")));
        }
        if let Some(t) = &self.team {
            parts.push(format!("team:{t}"));
        }
        parts.join(" ")
    }
}

/// How one filter word is matched.
#[derive(Debug, Clone)]
enum Needle {
    /// An item code (`F-11`): that item.
    Code(ItemRef),
    /// Text: in the title as typed, or as a near miss (see [`Words::matches`]).
    Text { word: String, chars: Vec<char> },
}

/// Words shorter than this match only as typed, never as a near miss.
const NEAR_MISS_FROM: usize = 3;
/// How many letters of a title may stand between a word's letters for it
/// still to count as a near miss ("flet" finds "fleet").
const NEAR_MISS_GAP: u32 = 2;

/// A word as nucleo takes it: bytes when it is ASCII, like the titles it meets.
fn needle<'a>(word: &'a str, chars: &'a [char]) -> Utf32Str<'a> {
    if word.is_ascii() {
        Utf32Str::Ascii(word.as_bytes())
    } else {
        Utf32Str::Unicode(chars)
    }
}

/// The filter's words, ready to test many titles against.
pub struct Words {
    matcher: Matcher,
    needles: Vec<Needle>,
    indices: Vec<u32>,
    buf: Vec<char>,
}

impl Words {
    pub fn new(words: &[String]) -> Words {
        let needles = words
            .iter()
            .map(|w| match w.parse::<ItemRef>() {
                Ok(r) if r.prefix.is_some() => Needle::Code(r),
                _ => Needle::Text {
                    word: w.to_lowercase(),
                    chars: w.to_lowercase().chars().collect(),
                },
            })
            .collect();
        Words {
            matcher: Matcher::new(nucleo_matcher::Config::DEFAULT),
            needles,
            indices: Vec::new(),
            buf: Vec::new(),
        }
    }

    /// Whether an item passes every word: a code names it, or a word stands
    /// in its (lower-cased) title as typed or as a near miss, its letters in
    /// order with at most two others among them (nucleo-matcher finds them).
    pub fn matches(&mut self, id: ItemId, kind: Kind, title: &str) -> bool {
        let Words {
            matcher,
            needles,
            indices,
            buf,
        } = self;
        needles.iter().all(|n| match n {
            Needle::Code(r) => r.id == id && r.prefix == Some(kind.prefix()),
            Needle::Text { word, chars } => {
                if title.contains(word.as_str()) {
                    return true;
                }
                if chars.len() < NEAR_MISS_FROM {
                    return false;
                }
                indices.clear();
                let found = matcher
                    .fuzzy_indices(Utf32Str::new(title, buf), needle(word, chars), indices)
                    .is_some();
                found
                    && match (indices.first(), indices.last()) {
                        (Some(a), Some(b)) => b - a < chars.len() as u32 + NEAR_MISS_GAP,
                        _ => false,
                    }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passes(filter: &str, id: i64, kind: Kind, title: &str) -> bool {
        let f = Filter::parse(filter).unwrap();
        Words::new(&f.words).matches(ItemId(id), kind, &title.to_lowercase())
    }

    #[test]
    fn words_match_as_typed_as_near_misses_and_as_codes() {
        assert!(passes("crash", 1, Kind::Feature, "Crash detection"));
        assert!(passes("flet", 1, Kind::Feature, "Fleet dashboard"));
        assert!(passes(
            "dashbord fleet",
            1,
            Kind::Feature,
            "Fleet dashboard"
        ));
        assert!(passes("F-11", 11, Kind::Feature, "Anything"));
        assert!(passes("f-11 fleet", 11, Kind::Feature, "Fleet dashboard"));
        assert!(
            !passes("F-11", 11, Kind::Enabler, "Anything"),
            "E-11 is not F-11"
        );
        assert!(!passes("F-11", 110, Kind::Feature, "Anything"));
        // Letters scattered over a title are no near miss.
        assert!(!passes(
            "crash",
            1,
            Kind::Feature,
            "Secure theft alarm for commuters"
        ));
        assert!(
            !passes("fl", 1, Kind::Feature, "Find lost bikes"),
            "short words match as typed"
        );
    }

    #[test]
    fn words_and_terms_are_told_apart() {
        let f = Filter::parse("SSO  kind:Feature login state:ready release:pro_2.2").unwrap();
        assert_eq!(f.words, vec!["sso", "login"]);
        assert_eq!(f.kind, Some(Kind::Feature));
        assert_eq!(f.state, Some(State::Ready));
        assert_eq!(f.release.as_deref(), Some("pro 2.2"));
        assert_eq!(
            f.describe(),
            "sso login kind:feature state:ready release:pro_2.2"
        );
    }

    #[test]
    fn a_bad_term_names_the_problem() {
        let err = Filter::parse("kind:epic").unwrap_err();
        assert!(err.contains("\"epic\""), "{err}");
        assert!(
            Filter::parse("state:")
                .unwrap_err()
                .contains("needs a value")
        );
    }

    #[test]
    fn an_empty_filter_shows_everything() {
        assert!(Filter::parse("   ").unwrap().is_empty());
    }
}
