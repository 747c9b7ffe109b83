//! Labels on cluster items: short tags such as `mobile` or `sprint:VELO
//! Sprint 12` that Jira brings along and a user adds; the `/` filter finds
//! them with `label:NAME`.

use super::item::is_unprintable;

/// The longest a label may be, in characters.
pub const LABEL_CHARS: usize = 100;

/// The label a sprint becomes: `sprint:NAME`.
pub const SPRINT_PREFIX: &str = "sprint:";

/// Why a label is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LabelError {
    #[error("a label cannot be empty: write a word, e.g. mobile")]
    Empty,
    #[error("a label is at most {LABEL_CHARS} characters; this one has {0}")]
    TooLong(usize),
    #[error("label {0:?} holds a control character: write letters, digits and signs")]
    ControlCharacter(String),
}

/// A label as stored: trimmed, runs of spaces squashed to one.
pub fn clean_label(label: &str) -> Result<String, LabelError> {
    let l = label.split_whitespace().collect::<Vec<_>>().join(" ");
    if l.is_empty() {
        return Err(LabelError::Empty);
    }
    if l.chars().any(is_unprintable) {
        return Err(LabelError::ControlCharacter(l));
    }
    let n = l.chars().count();
    if n > LABEL_CHARS {
        return Err(LabelError::TooLong(n));
    }
    Ok(l)
}

/// The label of a sprint: `sprint:VELO Sprint 12`.
pub fn sprint_label(sprint: &str) -> Result<String, LabelError> {
    clean_label(&format!("{SPRINT_PREFIX}{}", sprint.trim()))
}

/// Labels as one list: cleaned, each once (whatever its case), in the order given.
pub fn clean_labels<S: AsRef<str>>(labels: &[S]) -> Result<Vec<String>, LabelError> {
    let mut out: Vec<String> = Vec::new();
    for l in labels {
        let l = clean_label(l.as_ref())?;
        if !out.iter().any(|o| o.to_lowercase() == l.to_lowercase()) {
            out.push(l);
        }
    }
    Ok(out)
}

/// How a label is written in a filter: spaces as `_`, so it stays one word.
pub fn filter_word(label: &str) -> String {
    label.replace(' ', "_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_trimmed_squashed_and_kept_once_whatever_their_case() {
        assert_eq!(clean_label("  needs   design ").unwrap(), "needs design");
        assert_eq!(
            clean_labels(&["mobile", "Mobile", " ux ", "mobile"]).unwrap(),
            vec!["mobile", "ux"]
        );
        assert_eq!(
            sprint_label(" VELO Sprint 12 ").unwrap(),
            "sprint:VELO Sprint 12"
        );
        assert_eq!(
            filter_word("sprint:VELO Sprint 12"),
            "sprint:VELO_Sprint_12"
        );
    }

    #[test]
    fn an_empty_long_or_control_label_is_refused() {
        assert_eq!(clean_label("   "), Err(LabelError::Empty));
        assert_eq!(clean_label(&"x".repeat(101)), Err(LabelError::TooLong(101)));
        assert!(matches!(
            clean_label("a\u{1b}[31m"),
            Err(LabelError::ControlCharacter(_))
        ));
    }
}
