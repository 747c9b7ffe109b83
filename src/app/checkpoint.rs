//! Checkpoints on the board: `c` (or `:checkpoint NAME`) marks a refinement,
//! and the backlog then shows per row how the item moved since the last one:
//! `↑3`, `↓2`, `new`, `from Analysis`. Only the rows on screen are looked up.

use std::collections::HashMap;

use super::App;
use crate::domain::{ItemId, State};
use crate::store::{Since, StoreError};

/// How an item moved since a checkpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moved {
    /// Not on the board at the checkpoint.
    pub new: bool,
    /// Places up the cluster order (negative: down).
    pub up: i64,
    /// The column it was in, when it was in another.
    pub from: Option<State>,
    /// Its own rank is the same: others moved around it.
    pub pushed: bool,
}

impl Moved {
    /// How an item at `rank` in `state` with `key` moved since it stood as `since`.
    pub fn of(since: &Since, rank: usize, state: State, key: &str) -> Moved {
        match since {
            Since::New => Moved {
                new: true,
                up: 0,
                from: None,
                pushed: false,
            },
            Since::Was {
                position,
                state: was,
                rank_key,
            } => Moved {
                new: false,
                up: *position as i64 - rank as i64,
                from: (*was != state).then_some(*was),
                pushed: rank_key == key,
            },
        }
    }

    pub fn unchanged(self) -> bool {
        !self.new && self.up == 0 && self.from.is_none()
    }

    /// `↑3`, `↓2`, `new` or nothing; `(↓1)` when others moved, not it.
    pub fn places(self) -> String {
        let arrow = if self.new {
            return "new".to_string();
        } else if self.up > 0 {
            format!("↑{}", self.up)
        } else if self.up < 0 {
            format!("↓{}", -self.up)
        } else {
            return String::new();
        };
        if self.pushed {
            format!("({arrow})")
        } else {
            arrow
        }
    }

    /// The whole mark: `↑3 from Analysis`; in few cells `↑3 ◂Analysis`.
    pub fn label(self, short: bool) -> String {
        let places = self.places();
        match (self.from, short) {
            (None, _) => places,
            (Some(s), false) => format!("{places} from {}", s.label()).trim().to_string(),
            (Some(s), true) => format!("{places} ◂{}", s.label()).trim().to_string(),
        }
    }
}

/// The rows on screen, against the last checkpoint.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SinceRows {
    pub checkpoint: String,
    pub marks: HashMap<ItemId, Moved>,
}

impl App {
    /// Looks up the backlog rows on screen in the last checkpoint.
    pub(crate) fn load_since(&mut self) -> Result<(), StoreError> {
        let Some(cp) = self.store.last_checkpoint()? else {
            self.screen.since = None;
            return Ok(());
        };
        let mut marks = HashMap::with_capacity(self.backlog.rows.len());
        // Nothing changed since the mark: each row stands where it stood.
        let unchanged = self.store.unchanged_since(cp.id)?;
        for r in &self.backlog.rows {
            let since = if unchanged {
                Since::Was {
                    position: r.rank,
                    state: r.item.state,
                    rank_key: r.item.rank_key.clone(),
                }
            } else {
                self.store.since(cp.id, r.item.id)?
            };
            let moved = Moved::of(&since, r.rank, r.item.state, &r.item.rank_key);
            marks.insert(r.item.id, moved);
        }
        self.screen.since = Some(SinceRows {
            checkpoint: cp.name,
            marks,
        });
        Ok(())
    }

    /// `c`: marks a checkpoint now, named after today.
    pub(crate) fn mark_checkpoint(&mut self) -> Result<(), StoreError> {
        let selected = self.selected_id();
        let cp = self.store.mark_checkpoint(None, &self.who)?;
        self.refresh(selected)?;
        self.info(format!(
            "Marked checkpoint \"{}\" ({} items): the backlog counts moves from here. :checkpoint NAME names one.",
            cp.name, cp.items
        ));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_move_reads_as_places_and_the_column_it_came_from() {
        let was = |position, state| Since::Was {
            position,
            state,
            rank_key: "m".into(),
        };
        let m = Moved::of(&was(7, State::Analysis), 4, State::Ready, "c");
        assert_eq!(m.label(false), "↑3 from Analysis");
        assert_eq!(m.label(true), "↑3 ◂Analysis");
        let down = Moved::of(&was(2, State::Ready), 4, State::Ready, "x");
        assert_eq!(down.label(false), "↓2");
        let pushed = Moved::of(&was(2, State::Ready), 4, State::Ready, "m");
        assert_eq!(pushed.label(false), "(↓2)", "others moved above it");
        let new = Moved::of(&Since::New, 4, State::Ready, "m");
        assert_eq!(new.label(false), "new");
        let same = Moved::of(&was(4, State::Ready), 4, State::Ready, "m");
        assert!(same.unchanged() && same.label(false).is_empty());
        let crossed = Moved::of(&was(4, State::Analysis), 4, State::Ready, "m");
        assert_eq!(crossed.label(false), "from Analysis");
    }
}
