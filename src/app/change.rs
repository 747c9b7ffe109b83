//! The reducer's changes: column moves (with the `DoR` gate), reprioritising,
//! and undo/redo. Each is one store command and one sentence on the status line.

use super::{Action, App, Refused, View, short_sentence, short_title};
use crate::domain::{ItemId, State};
use crate::store::{Gate, Placement, RankMove, Step, StoreError};

impl App {
    /// Moves the selected item to the previous or next board column, from the
    /// column the user sees it in: if someone moved it meanwhile, nothing moves.
    pub(crate) fn move_card(&mut self, step: isize, force: bool) -> Result<(), StoreError> {
        let Some(id) = self.selected_id() else {
            self.nothing_selected();
            return Ok(());
        };
        let seen = match self.view {
            View::Board => self.selected_card().map(|c| c.state),
            View::Backlog => self.backlog.selected_row().map(|r| r.item.state),
            View::Teams | View::Releases | View::Portfolio | View::Reports => None,
        };
        let item = self.store.item(id)?;
        let from = seen.unwrap_or(item.state);
        let here = self.columns.iter().position(|c| c.config.state == from);
        let target = here
            .and_then(|h| h.checked_add_signed(step))
            .filter(|&t| t < self.columns.len());
        let Some(target) = target else {
            let edge = if step < 0 { "first" } else { "last" };
            self.warn(format!(
                "{} is already in the {edge} column ({}).",
                item.code(),
                self.column_title(from)
            ));
            return Ok(());
        };
        let to = self.columns[target].config.state;
        self.move_to(id, Some(from), to, force)
    }

    fn move_to(
        &mut self,
        id: ItemId,
        from: Option<State>,
        to: State,
        force: bool,
    ) -> Result<(), StoreError> {
        let moved = match self.store.move_from(
            id,
            from,
            to,
            &self.who,
            Gate {
                dor: &self.config.dor,
                force,
            },
        ) {
            Err(e @ StoreError::NotReady { .. }) => {
                self.refused = Some(Refused { id, to });
                return Err(e);
            }
            Err(e @ StoreError::Stale { .. }) => {
                // Show the board as it is now, the item still selected.
                self.refresh(Some(id))?;
                self.warn(format!("Not moved: {e}. The board shows it as it is now."));
                return Ok(());
            }
            other => other?,
        };
        self.refused = None;
        self.refresh_columns(id, &[moved.from, to])?;
        let mut text = format!(
            "Moved {} \"{}\" from {} to {}.",
            moved.item.code(),
            short_title(&moved.item.title),
            self.column_title(moved.from),
            self.column_title(to)
        );
        if !moved.overridden.is_empty() {
            text.push_str(&format!(
                " DoR overridden with {} open point{} (recorded).",
                moved.overridden.len(),
                if moved.overridden.len() == 1 { "" } else { "s" }
            ));
        }
        let column = self.columns.iter().find(|c| c.config.state == to);
        match column {
            Some(c) if c.over_wip() => {
                let msg = format!(
                    "{text} {} is over its WIP limit ({}/{}).",
                    c.config.title,
                    c.count,
                    c.config.wip.unwrap_or_default()
                );
                self.warn(msg);
            }
            _ if !moved.overridden.is_empty() => self.warn(text),
            _ => self.info(text),
        }
        Ok(())
    }

    pub(crate) fn force_move(&mut self) -> Result<(), StoreError> {
        if let Some(r) = self.refused.take() {
            self.move_to(r.id, None, r.to, true)
        } else {
            self.warn("Nothing to force: ! repeats a move the Definition of Ready refused.");
            Ok(())
        }
    }

    /// One place up or down: among the column's cards on the board, among all
    /// items in the backlog. The store finds the neighbour inside the write, so
    /// two people pressing J at once move the item down twice, never up.
    pub(crate) fn rank_step(&mut self, step: isize) -> Result<(), StoreError> {
        let Some(id) = self.selected_id() else {
            self.nothing_selected();
            return Ok(());
        };
        let within = match self.view {
            View::Board => self
                .columns
                .get(self.selected_column)
                .map(|c| c.config.state),
            View::Backlog | View::Teams | View::Releases | View::Portfolio | View::Reports => None,
        };
        let direction = if step < 0 { Step::Up } else { Step::Down };
        let moved = self
            .store
            .move_rank_step(id, direction, within, &self.filter, &self.who)?;
        if !moved.moved {
            let edge = if step < 0 { "top" } else { "bottom" };
            let of = match self.view {
                View::Board => self.columns[self.selected_column].config.title.clone(),
                View::Backlog | View::Teams | View::Releases | View::Portfolio | View::Reports => {
                    "the backlog".to_string()
                }
            };
            self.warn(format!(
                "{} is already at the {edge} of {of}.",
                moved.item.code()
            ));
            return Ok(());
        }
        // The item takes its neighbour's row (backlog) or place in the column
        // (board) — unless someone else changed the order meanwhile: then the
        // view finds it again, so the selection follows the item that moved.
        let others = self.store.data_version()? != self.data_version();
        let known = match self.view {
            _ if others => Landing::Unknown,
            View::Backlog => self
                .backlog
                .selected
                .checked_add_signed(step)
                .map_or(Landing::Unknown, Landing::BacklogRow),
            View::Board => self.columns[self.selected_column]
                .selected
                .checked_add_signed(step)
                .map_or(Landing::Unknown, Landing::ColumnRow),
            View::Teams | View::Releases | View::Portfolio | View::Reports => Landing::Unknown,
        };
        let how = if step < 0 { RankHow::Up } else { RankHow::Down };
        self.show_rank_move(&moved, how, known)
    }

    pub(crate) fn rank_edge(&mut self, top: bool) -> Result<(), StoreError> {
        let Some(id) = self.selected_id() else {
            self.nothing_selected();
            return Ok(());
        };
        let (placement, how) = if top {
            (Placement::Top, RankHow::Top)
        } else {
            (Placement::Bottom, RankHow::Bottom)
        };
        let known = match self.view {
            View::Backlog if top => Landing::BacklogRow(0),
            View::Backlog => Landing::BacklogRow(self.backlog.count.saturating_sub(1)),
            View::Board | View::Teams | View::Releases | View::Portfolio | View::Reports => {
                Landing::Unknown
            }
        };
        self.rank_move(id, placement, how, known)
    }

    /// `known`: where the item lands on screen, when the move says it.
    fn rank_move(
        &mut self,
        id: ItemId,
        placement: Placement,
        how: RankHow,
        known: Landing,
    ) -> Result<(), StoreError> {
        let moved = self.store.move_rank(id, placement, &self.who)?;
        let known = if moved.moved && self.store.data_version()? == self.data_version() {
            known
        } else {
            Landing::Unknown
        };
        self.show_rank_move(&moved, how, known)
    }

    /// Shows a rank move: the view around the item, and a sentence.
    fn show_rank_move(
        &mut self,
        moved: &RankMove,
        how: RankHow,
        known: Landing,
    ) -> Result<(), StoreError> {
        let id = moved.item.id;
        match known {
            // A rank move changes no count and, on the board, no other column.
            Landing::BacklogRow(row) => {
                self.reload_counts()?;
                self.load_backlog_at(row, &moved.item.rank_key)?;
                // The cycle's cut line walks the order that just changed.
                self.load_cycle()?;
            }
            Landing::ColumnRow(row) => {
                self.reload_counts()?;
                let i = self.selected_column;
                self.columns[i].selected = row;
                self.load_column(i)?;
            }
            Landing::Unknown => self.refresh(Some(id))?,
        }
        // Unfiltered, the backlog row is the rank; otherwise count.
        let rank = match known {
            Landing::BacklogRow(row) if self.filter.is_empty() => row + 1,
            _ => self.store.position(id)?,
        };
        if moved.moved {
            self.info(format!(
                "Moved {} \"{}\" {} of {}.",
                moved.item.code(),
                short_title(&moved.item.title),
                how.describe(rank),
                self.total_items
            ));
        } else {
            self.info(format!(
                "{} \"{}\" already stands at rank {rank}.",
                moved.item.code(),
                short_title(&moved.item.title)
            ));
        }
        Ok(())
    }

    /// `m`, the number, Enter: moves the selected item to that rank.
    pub(crate) fn go_to_rank(&mut self, typed: &str) -> Result<(), StoreError> {
        let Some(id) = self.selected_id() else {
            self.nothing_selected();
            return Ok(());
        };
        match typed.trim().parse::<usize>() {
            Ok(n) if n >= 1 && n <= self.total_items => {
                let known = if self.view == View::Backlog && self.filter.is_empty() {
                    Landing::BacklogRow(n - 1)
                } else {
                    Landing::Unknown
                };
                self.rank_move(id, Placement::Rank(n), RankHow::To, known)
            }
            _ => {
                self.warn(format!(
                    "{typed:?} is not a rank: type a number from 1 to {}.",
                    self.total_items
                ));
                Ok(())
            }
        }
    }

    /// `u`: undoes this user's last change, unless someone changed the same
    /// thing since; `anyway` (`U`) undoes it over their change, recorded.
    pub(crate) fn undo(&mut self, anyway: bool) -> Result<(), StoreError> {
        let id = self.selected_id();
        let done = if anyway {
            self.store.undo_anyway(&self.who)
        } else {
            self.store.undo(&self.who)
        };
        match done {
            Ok(summary) => {
                self.refresh(id)?;
                self.info(format!("{}.", short_sentence(&summary)));
            }
            Err(e @ StoreError::NothingToUndo { .. }) => self.warn(as_sentence(&e.to_string())),
            Err(e @ StoreError::Overwrite { .. }) => {
                self.refresh(id)?;
                self.warn(format!(
                    "{}. {} again would overwrite it — {} undoes anyway (recorded).",
                    short_sentence(&e.to_string()),
                    self.keymap.normal(Action::Undo),
                    self.keymap.normal(Action::UndoAnyway)
                ));
            }
            Err(e) => return Err(e),
        }
        Ok(())
    }

    pub(crate) fn redo(&mut self, anyway: bool) -> Result<(), StoreError> {
        let id = self.selected_id();
        let done = if anyway {
            self.store.redo_anyway(&self.who)
        } else {
            self.store.redo(&self.who)
        };
        match done {
            Ok(summary) => {
                self.refresh(id)?;
                self.info(format!("{}.", short_sentence(&summary)));
            }
            Err(e @ StoreError::NothingToRedo { .. }) => self.warn(as_sentence(&e.to_string())),
            Err(e @ StoreError::Overwrite { .. }) => {
                self.refresh(id)?;
                self.warn(format!(
                    "{}. Run `redo --force` on the command line to redo it anyway (recorded).",
                    short_sentence(&e.to_string())
                ));
            }
            Err(e) => return Err(e),
        }
        Ok(())
    }
}

/// How the user asked to reprioritise, for the sentence that reports the move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RankHow {
    /// One place up.
    Up,
    /// One place down.
    Down,
    Top,
    Bottom,
    /// To a rank the user typed.
    To,
}

impl RankHow {
    /// "up to rank 3", "to the top, rank 1", "to rank 7".
    fn describe(self, rank: usize) -> String {
        match self {
            RankHow::Up => format!("up to rank {rank}"),
            RankHow::Down => format!("down to rank {rank}"),
            RankHow::Top => format!("to the top, rank {rank}"),
            RankHow::Bottom => format!("to the bottom, rank {rank}"),
            RankHow::To => format!("to rank {rank}"),
        }
    }
}

/// Where a reprioritised item lands on screen, when the move itself says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Landing {
    Unknown,
    BacklogRow(usize),
    ColumnRow(usize),
}

/// A store's message as a sentence on the status line: capitalised, with
/// a full stop.
fn as_sentence(message: &str) -> String {
    let clean = crate::domain::text::sanitize(message);
    let mut chars = clean.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::RankHow;

    #[test]
    fn each_way_of_reprioritising_reads_as_its_own_sentence() {
        assert_eq!(RankHow::Up.describe(2), "up to rank 2");
        assert_eq!(RankHow::Down.describe(4), "down to rank 4");
        assert_eq!(RankHow::Top.describe(1), "to the top, rank 1");
        assert_eq!(RankHow::Bottom.describe(7), "to the bottom, rank 7");
        assert_eq!(RankHow::To.describe(5), "to rank 5");
    }
}
