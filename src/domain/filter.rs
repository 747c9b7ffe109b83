//! `/` filters: words to find in titles, and `kind:`, `state:`, `release:` terms.

use super::{Kind, State};

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

#[cfg(test)]
mod tests {
    use super::*;

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
