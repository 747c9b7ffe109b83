//! Normal mode: the board, the backlog and the other views with no panel or
//! prompt open. The Teams and Releases views take their own keys first.

use super::{Action, App, Panel, Prompt, PromptKind, View};
use crate::domain::filter::Filter;
use crate::store::{PokerField, StoreError};

impl App {
    pub(crate) fn normal_key(&mut self, action: Action) -> Result<(), StoreError> {
        if self.view == View::Teams && self.teams_key(action)? {
            return Ok(());
        }
        if self.view == View::Releases && self.releases_key(action)? {
            return Ok(());
        }
        if self.view == View::Portfolio && self.portfolio_key(action)? {
            return Ok(());
        }
        if self.view == View::Reports && self.reports_key(action)? {
            return Ok(());
        }
        match action {
            Action::Click(x, y) => self.click(x, y)?,
            Action::Quit => self.quit_or_ask()?,
            Action::NewItem => self.open_form(false)?,
            Action::NewItemTop => self.open_form(true)?,
            Action::EditTitle => self.start_title_edit()?,
            Action::EditInEditor => self.start_editor()?,
            Action::Archive => self.ask_archive()?,
            Action::Close if !self.filter.is_empty() => self.set_filter(Filter::default())?,
            Action::Close => {}
            Action::OpenCommandLine => self.open_command_line()?,
            Action::StartFilter => {
                // Read every title beside the typing, so the first key need not.
                self.store.warm_text_index();
                self.prompt = Some(Prompt::new(PromptKind::Filter, &self.filter.describe()));
            }
            Action::ToggleHelp => self.panel = Some(Panel::Help(0)),
            Action::ShowBoard => self.show(View::Board)?,
            Action::ShowBacklog => self.show(View::Backlog)?,
            Action::ShowTeams => self.show(View::Teams)?,
            Action::ShowReleases => self.show(View::Releases)?,
            Action::ShowPortfolio => self.show(View::Portfolio)?,
            Action::ShowReports => self.show(View::Reports)?,
            Action::PlanRelease => self.open_release_picker()?,
            Action::CycleTeamFilter => self.cycle_team_filter()?,
            Action::PlanCycle => self.toggle_cycle()?,
            Action::CycleFilter => self.toggle_cycle_filter()?,
            Action::NextView => {
                let next = match self.view {
                    View::Board => View::Backlog,
                    View::Backlog => View::Teams,
                    View::Teams => View::Releases,
                    View::Releases => View::Portfolio,
                    View::Portfolio => View::Reports,
                    View::Reports => View::Board,
                };
                self.show(next)?;
            }
            Action::SelectLeft | Action::SelectRight if self.view == View::Board => {
                self.select_column(if action == Action::SelectLeft { -1 } else { 1 })?;
            }
            Action::SelectUp
            | Action::SelectDown
            | Action::SelectFirst
            | Action::SelectLast
            | Action::PageUp
            | Action::PageDown => self.select_vertical(action)?,
            Action::MoveCardLeft => self.move_card(-1, false)?,
            Action::MoveCardRight => self.move_card(1, false)?,
            Action::ForceMove => self.force_move()?,
            Action::RankUp => self.rank_step(-1)?,
            Action::RankDown => self.rank_step(1)?,
            Action::RankTop => self.rank_edge(true)?,
            Action::RankBottom => self.rank_edge(false)?,
            Action::RankTo => match self.selected_id() {
                Some(_) => self.prompt = Some(Prompt::new(PromptKind::Rank, "")),
                None => self.nothing_selected(),
            },
            Action::EstimateWsjf => self.start_wsjf()?,
            Action::PokerValue => self.open_poker(PokerField::Value)?,
            Action::PokerEffort => self.open_poker(PokerField::Effort)?,
            Action::OpenDor => self.open_dor()?,
            Action::Split => self.open_split()?,
            Action::ShowSuggestion => self.open_suggestion()?,
            Action::ShowArchive => self.open_archive()?,
            Action::Undo => self.undo(false)?,
            Action::UndoAnyway => self.undo(true)?,
            Action::Redo => self.redo(false)?,
            Action::OpenItem => self.open_item()?,
            Action::NextTheme => self.switch_theme(None),
            Action::Focus => self.open_focus()?,
            Action::Timebox => self.toggle_timebox()?,
            Action::Checkpoint => self.mark_checkpoint()?,
            Action::MoreColumns => self.change_columns(1)?,
            Action::FewerColumns => self.change_columns(-1)?,
            _ => {}
        }
        Ok(())
    }
}
