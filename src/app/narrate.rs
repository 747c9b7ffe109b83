//! Saying what other product owners did: changes another board, the command
//! line or another machine made are told from the change log, with who and
//! what, so the room watching this screen knows why it changed.

use super::App;
use crate::store::{Change, StoreError, narrate};

/// How many others' changes one sentence names before it sums up.
const NAMED: usize = 3;

/// One sentence for the changes others made since the board last looked.
pub fn sentence(changes: &[Change]) -> Option<String> {
    let first = changes.first()?;
    let one = |c: &Change| narrate(Some(&c.who), &c.summary);
    if changes.len() == 1 {
        return Some(format!("{}.", one(first)));
    }
    let mut people: Vec<&str> = Vec::new();
    for c in changes {
        if !people.contains(&c.who.as_str()) {
            people.push(&c.who);
        }
    }
    let named: Vec<String> = changes
        .iter()
        .rev()
        .take(NAMED)
        .map(|c| {
            if people.len() == 1 {
                narrate(None, &lower_first(&c.summary))
            } else {
                one(c)
            }
        })
        .collect();
    let more = if changes.len() > NAMED {
        format!("; and {} more", changes.len() - NAMED)
    } else {
        String::new()
    };
    let who = match people.as_slice() {
        [one] => (*one).to_string(),
        [a, b] => format!("{a} and {b}"),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        [] => String::new(),
    };
    Some(format!(
        "{who} made {} changes (newest first): {}{more}.",
        changes.len(),
        named.join("; ")
    ))
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl App {
    /// Tells the status line what others changed since the last look, if anything.
    pub(crate) fn narrate_others(&mut self) -> Result<(), StoreError> {
        let changes = self.store.changes_by_others(self.seen_change, 50)?;
        self.seen_change = self.store.last_change_id()?;
        match sentence(&changes) {
            Some(s) => self.info(super::short_sentence(&s)),
            None => self.info("The board was changed in another session; shown as it is now."),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(who: &str, summary: &str) -> Change {
        Change {
            id: 1,
            at: String::new(),
            who: who.into(),
            command: "move".into(),
            item_id: None,
            summary: summary.into(),
        }
    }

    #[test]
    fn one_change_is_told_as_who_did_what() {
        let s = sentence(&[change("ben", "Moved F-12 \"SSO\" from Ready to Planned")]);
        assert_eq!(
            s.as_deref(),
            Some("ben moved F-12 \"SSO\" from Ready to Planned.")
        );
    }

    #[test]
    fn several_are_summed_up_newest_first() {
        let s = sentence(&[
            change("ben", "Moved F-1 \"A\" from Funnel to Analysis"),
            change("ben", "Estimated F-2 \"B\": value 8"),
        ]);
        assert_eq!(
            s.as_deref(),
            Some(
                "ben made 2 changes (newest first): estimated F-2 \"B\": value 8; moved F-1 \"A\" from Funnel to Analysis."
            )
        );
        let many: Vec<Change> = (0..5)
            .map(|i| {
                change(
                    if i % 2 == 0 { "ann" } else { "ben" },
                    &format!("Ticked {i}"),
                )
            })
            .collect();
        let s = sentence(&many).unwrap();
        assert!(s.starts_with("ann and ben made 5 changes"), "{s}");
        assert!(s.ends_with("; and 2 more."), "{s}");
        assert_eq!(sentence(&[]), None);
    }
}
