//! Tab on the command line: subcommands and flags come from the clap definition
//! itself, values from the open database (item codes, team codes, release and
//! stakeholder names), so completion always offers what the command takes.

use clap::{Arg, CommandFactory};

use crate::cli::Cli;
use crate::domain::team::{ItemType, TeamState};
use crate::domain::{Kind, State};
use crate::store::{Store, StoreError};

/// How many candidates one Tab offers at most.
const MAX_CANDIDATES: usize = 40;

/// The candidates for the word under the cursor, and which one is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// The line before the word being completed.
    pub head: String,
    pub candidates: Vec<String>,
    pub index: usize,
}

impl Completion {
    /// The line with the current candidate in place of the word.
    pub fn line(&self) -> String {
        let word = self.candidates.get(self.index).map_or("", String::as_str);
        let quoted = if word.contains(' ') {
            format!("\"{word}\"")
        } else {
            word.to_string()
        };
        // A single candidate is taken whole, ready for the next word.
        let space = if self.candidates.len() == 1 { " " } else { "" };
        format!("{}{quoted}{space}", self.head)
    }

    pub fn step(&mut self, forward: bool) {
        let n = self.candidates.len().max(1);
        self.index = if forward {
            (self.index + 1) % n
        } else {
            (self.index + n - 1) % n
        };
    }
}

/// What kind of value an argument takes, judged by its name in the CLI.
fn values_for(
    command: &str,
    arg: &Arg,
    store: &Store,
    selected: Option<&str>,
    word: &str,
) -> Result<Vec<String>, StoreError> {
    let possible: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if !possible.is_empty() {
        return Ok(possible);
    }
    // The argument's type says which codes it takes, whatever its name.
    let ty = arg.get_value_parser().type_id();
    let digits = digits_of(word);
    if ty == std::any::TypeId::of::<crate::domain::portfolio::PortfolioId>() {
        return store.portfolio_numbered(&digits, MAX_CANDIDATES);
    }
    if ty == std::any::TypeId::of::<crate::domain::team::TeamItemRef>() {
        return store.team_items_numbered(&digits, MAX_CANDIDATES);
    }
    let id = arg.get_id().as_str();
    let value_name = arg
        .get_value_names()
        .and_then(|v| v.first())
        .map(|v| v.as_str().to_string())
        .unwrap_or_default();
    let states = || State::ALL.iter().map(|s| s.as_str().to_string()).collect();
    Ok(match (id, value_name.as_str()) {
        ("state", _) => states(),
        ("to", _) if command == "move" => states(),
        ("to", _) if command == "state" => TeamState::ALL
            .iter()
            .map(|s| s.as_str().to_string())
            .collect(),
        ("item_type", _) => ItemType::ALL
            .iter()
            .map(|t| t.as_str().to_string())
            .collect(),
        ("kind", _) => Kind::all().iter().map(|k| k.as_str().to_string()).collect(),
        ("item" | "above" | "below" | "to", _) => item_codes(store, selected, word)?,
        ("release", _) => store.releases()?.into_iter().map(|r| r.name).collect(),
        ("clear", _) => {
            let mut v: Vec<String> = store.releases()?.into_iter().map(|r| r.variant).collect();
            v.dedup();
            v
        }
        ("code" | "team", _) => store.teams()?.into_iter().map(|t| t.code).collect(),
        ("name", _) => store.stakeholders()?.into_iter().map(|s| s.name).collect(),
        _ => Vec::new(),
    })
}

/// Item codes whose number starts as typed (`F-1`, `12`), the selected one first.
fn item_codes(
    store: &Store,
    selected: Option<&str>,
    word: &str,
) -> Result<Vec<String>, StoreError> {
    let digits = digits_of(word);
    let letter = word.split_once('-').map(|(l, _)| l.to_ascii_uppercase());
    let mut out: Vec<String> = Vec::new();
    if let Some(s) = selected {
        out.push(s.to_string());
    }
    for (id, kind) in store.items_numbered(&digits, MAX_CANDIDATES)? {
        let code = format!("{}-{}", kind.prefix(), id.0);
        if letter
            .as_deref()
            .is_none_or(|l| l == kind.prefix().to_string())
            && !out.contains(&code)
        {
            out.push(code);
        }
    }
    Ok(out)
}

/// The number part of a code being typed (`PAY-2` → `2`).
fn digits_of(word: &str) -> String {
    word.rsplit('-')
        .next()
        .unwrap_or("")
        .chars()
        .filter(char::is_ascii_digit)
        .collect()
}

/// Splits what was typed into finished words and the word being typed.
fn split_words(typed: &str) -> (Vec<String>, String, usize) {
    let mut quote = None;
    let mut start = 0;
    for (i, c) in typed.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, c) if c.is_whitespace() => start = i + c.len_utf8(),
            _ => {}
        }
    }
    let done = shlex::split(&typed[..start]).unwrap_or_default();
    let word = typed[start..].trim_start_matches(['"', '\'']).to_string();
    (done, word, start)
}

/// The completion for the word before the cursor, or `None` when nothing fits.
pub fn complete(
    typed: &str,
    store: &Store,
    selected: Option<&str>,
) -> Result<Option<Completion>, StoreError> {
    let (done, word, start) = split_words(typed);
    let root = Cli::command();
    let mut cmd = &root;
    let mut wants_value: Option<&Arg> = None;
    let mut positional = 0;
    for w in &done {
        if wants_value.take().is_some() {
            continue;
        }
        if let Some(long) = w.strip_prefix("--") {
            let arg = cmd
                .get_arguments()
                .chain(root.get_arguments())
                .find(|a| a.get_long() == Some(long));
            wants_value = arg.filter(|a| a.get_action().takes_values());
            continue;
        }
        if let Some(sub) = cmd.find_subcommand(w) {
            cmd = sub;
            positional = 0;
            continue;
        }
        positional += 1;
    }
    let mut candidates: Vec<String> = if let Some(arg) = wants_value {
        values_for(cmd.get_name(), arg, store, selected, &word)?
    } else if word.starts_with('-') {
        cmd.get_arguments()
            .filter(|a| !a.is_hide_set())
            .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
            .chain(std::iter::once("--help".to_string()))
            .collect()
    } else if cmd.has_subcommands() {
        cmd.get_subcommands()
            .filter(|s| !s.is_hide_set() && s.get_name() != "bench")
            .map(|s| s.get_name().to_string())
            .collect()
    } else {
        match cmd.get_positionals().nth(positional) {
            Some(arg) => values_for(cmd.get_name(), arg, store, selected, &word)?,
            None => Vec::new(),
        }
    };
    let lower = word.to_lowercase();
    candidates.retain(|c| {
        c.to_lowercase().starts_with(&lower) || is_item_code(c) && word_is_number(&word)
    });
    candidates.truncate(MAX_CANDIDATES);
    if candidates.is_empty() {
        return Ok(None);
    }
    Ok(Some(Completion {
        head: typed[..start].to_string(),
        candidates,
        index: 0,
    }))
}

/// A code of any level (`F-12`, `PAY-23`, `P-3`): a typed number matches it.
fn is_item_code(c: &str) -> bool {
    c.split_once('-').is_some_and(|(p, n)| {
        !p.is_empty() && p.chars().all(|ch| ch.is_ascii_uppercase()) && n.parse::<u64>().is_ok()
    })
}

fn word_is_number(w: &str) -> bool {
    !w.is_empty() && w.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::NewItem;

    fn store() -> Store {
        let mut s = Store::open_in_memory().unwrap();
        for (n, kind) in [(1, Kind::Feature), (2, Kind::Enabler)] {
            let new = NewItem {
                kind,
                title: format!("Item {n}"),
                description: String::new(),
                state: State::Funnel,
                value: None,
                effort: None,
            };
            s.add_item(&new, "t").unwrap();
        }
        s
    }

    fn offered(typed: &str) -> Vec<String> {
        complete(typed, &store(), Some("E-2"))
            .unwrap()
            .map(|c| c.candidates)
            .unwrap_or_default()
    }

    #[test]
    fn subcommands_complete_from_the_cli_definition() {
        assert_eq!(offered("sta"), vec!["stakeholder".to_string()]);
        assert!(offered("team ").contains(&"add".to_string()));
        assert!(!offered("").contains(&"bench".to_string()));
    }

    #[test]
    fn flags_complete_for_the_subcommand_typed() {
        let flags = offered("estimate F-1 --");
        assert!(flags.contains(&"--business-value".to_string()), "{flags:?}");
        assert_eq!(offered("move F-1 --t"), vec!["--to".to_string()]);
    }

    #[test]
    fn values_come_from_the_cli_and_the_database() {
        assert_eq!(offered("move F-1 --to rea"), vec!["ready".to_string()]);
        // The selected item first, then items by number.
        assert_eq!(
            offered("estimate "),
            vec!["E-2".to_string(), "F-1".to_string()]
        );
        assert_eq!(offered("estimate F-"), vec!["F-1".to_string()]);
    }

    #[test]
    fn a_single_candidate_is_taken_with_a_space_after_it() {
        let c = complete("stak", &store(), None).unwrap().unwrap();
        assert_eq!(c.line(), "stakeholder ");
    }

    #[test]
    fn team_item_and_portfolio_codes_complete_where_they_are_taken() {
        let demo = crate::demo::open().unwrap();
        let offered = |typed: &str| {
            complete(typed, &demo, None)
                .unwrap()
                .map(|c| c.candidates)
                .unwrap_or_default()
        };
        let team_items = offered("team-item state ");
        assert!(!team_items.is_empty(), "the demo has team items");
        assert!(
            team_items
                .iter()
                .all(|c| c.split_once('-').is_some_and(|(t, _)| t.len() >= 2)),
            "team codes, not item codes: {team_items:?}"
        );
        let portfolio = offered("portfolio archive ");
        assert!(portfolio.contains(&"P-1".to_string()), "{portfolio:?}");
        assert!(
            portfolio.iter().all(|c| c.starts_with("P-")),
            "{portfolio:?}"
        );
        assert_eq!(offered("link F-2 --to P-"), offered("portfolio show P-"));
        assert!(offered("derive 1").contains(&"P-1".to_string()));
        // A cluster item argument still offers cluster codes.
        assert!(offered("archive F-1").iter().all(|c| c.starts_with("F-1")));
    }
}
