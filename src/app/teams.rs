//! The Teams view: one tab per team, its backlog in team rank order, each row
//! linked to its cluster item; the team flow todo → doing → done.

use super::{Action, App, Prompt, PromptKind, short_title};
use crate::domain::item::ItemRef;
use crate::domain::team::Team;
use crate::store::{StoreError, TeamPlacement, TeamRow};

#[derive(Debug, Clone, Default)]
pub struct TeamsView {
    pub teams: Vec<Team>,
    /// The team shown.
    pub tab: usize,
    /// Items in that team's backlog.
    pub count: usize,
    pub scroll: usize,
    pub selected: usize,
    /// The rows on screen, from `scroll`.
    pub rows: Vec<TeamRow>,
}

impl TeamsView {
    pub fn team(&self) -> Option<&Team> {
        self.teams.get(self.tab)
    }

    pub fn selected_row(&self) -> Option<&TeamRow> {
        self.selected
            .checked_sub(self.scroll)
            .and_then(|i| self.rows.get(i))
    }
}

impl App {
    /// Loads the team tabs and the rows on screen of the team shown.
    pub(crate) fn load_teams(&mut self) -> Result<(), StoreError> {
        // The tab line takes one row from the table.
        let visible = self.team_page();
        let teams = self.store.teams()?;
        let t = &mut self.teams;
        t.tab = t.tab.min(teams.len().saturating_sub(1));
        t.teams = teams;
        let Some(team_id) = t.team().map(|t| t.id) else {
            t.count = 0;
            t.rows.clear();
            return Ok(());
        };
        t.count = self.store.team_item_count(team_id)?;
        (t.selected, t.scroll) = super::layout::fit_window(t.count, t.selected, t.scroll, visible);
        t.rows = self.store.team_backlog(team_id, t.scroll, visible)?;
        Ok(())
    }

    /// Rows of the team's table: the backlog's page less the tab line and
    /// the details below it.
    fn team_page(&self) -> usize {
        let details = usize::from(super::layout::team_details_rows(self.height));
        self.backlog_page().saturating_sub(1 + details).max(1)
    }

    fn selected_team_item(&mut self) -> Option<i64> {
        let id = self.teams.selected_row().map(|r| r.item.id);
        if id.is_none() {
            let team = self
                .teams
                .team()
                .map_or("this team".to_string(), |t| t.code.clone());
            self.warn(format!(
                "No team item selected: {team} has an empty backlog."
            ));
        }
        id
    }

    /// Selects a team item in its team's tab.
    fn select_team_item(&mut self, id: i64) -> Result<(), StoreError> {
        let item = self.store.team_item(id)?;
        if let Some(tab) = self
            .teams
            .teams
            .iter()
            .position(|t| Some(t.id) == item.team_id)
        {
            self.teams.tab = tab;
        }
        self.teams.selected = self.store.team_index(id)?;
        self.load_teams()
    }

    /// Keys that mean something else in the Teams view. Returns false for
    /// the ones that work as everywhere.
    pub(crate) fn teams_key(&mut self, action: Action) -> Result<bool, StoreError> {
        match action {
            Action::SelectLeft | Action::SelectRight => {
                let n = self.teams.teams.len();
                if n > 0 {
                    let tab =
                        self.teams.tab as isize + if action == Action::SelectLeft { -1 } else { 1 };
                    self.teams.tab = tab.rem_euclid(n as isize) as usize;
                    self.teams.selected = 0;
                    self.teams.scroll = 0;
                    self.load_teams()?;
                }
            }
            Action::SelectUp
            | Action::SelectDown
            | Action::SelectFirst
            | Action::SelectLast
            | Action::PageUp
            | Action::PageDown => {
                let page = self.team_page();
                let t = &self.teams;
                self.teams.selected =
                    super::layout::step_selection(action, t.selected, t.count, page);
                self.load_teams()?;
            }
            Action::MoveCardLeft | Action::MoveCardRight => {
                let Some(id) = self.selected_team_item() else {
                    return Ok(true);
                };
                let item = self.store.team_item(id)?;
                let forward = action == Action::MoveCardRight;
                match item.state.step(forward) {
                    Some(to) => {
                        let moved = self.store.set_team_state(id, to, &self.who)?;
                        self.refresh_teams(id)?;
                        self.info(format!(
                            "Moved {} \"{}\" from {} to {}.",
                            moved.code(),
                            short_title(&moved.title),
                            item.state.label(),
                            to.label()
                        ));
                    }
                    None => self.warn(format!(
                        "{} is already {}.",
                        item.code(),
                        if forward { "done" } else { "to do" }
                    )),
                }
            }
            Action::RankUp | Action::RankDown | Action::RankTop | Action::RankBottom => {
                let Some(id) = self.selected_team_item() else {
                    return Ok(true);
                };
                let t = &self.teams;
                let placement = match action {
                    Action::RankTop => Some(TeamPlacement::Top),
                    Action::RankBottom => Some(TeamPlacement::Bottom),
                    Action::RankUp => t
                        .selected
                        .checked_sub(1)
                        .and_then(|k| k.checked_sub(t.scroll))
                        .and_then(|k| t.rows.get(k))
                        .map(|r| TeamPlacement::Before(r.item.id)),
                    _ => (t.selected + 1)
                        .checked_sub(t.scroll)
                        .and_then(|k| t.rows.get(k))
                        .map(|r| TeamPlacement::After(r.item.id)),
                };
                self.team_rank(id, placement)?;
            }
            Action::RankTo => {
                if self.selected_team_item().is_some() {
                    self.prompt = Some(Prompt::new(PromptKind::Rank, ""));
                }
            }
            Action::MoveToTeam => {
                if self.selected_team_item().is_some() {
                    self.prompt = Some(Prompt::new(PromptKind::Team, ""));
                }
            }
            Action::Reparent => {
                if self.selected_team_item().is_some() {
                    self.prompt = Some(Prompt::new(PromptKind::Parent, ""));
                }
            }
            Action::OpenItem => {
                if let Some(row) = self.teams.selected_row() {
                    let parent = crate::domain::ItemId(row.item.parent_id);
                    self.show_item(parent)?;
                }
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn team_rank(&mut self, id: i64, placement: Option<TeamPlacement>) -> Result<(), StoreError> {
        let Some(placement) = placement else {
            let code = self.store.team_item(id)?.code();
            self.warn(format!(
                "{code} is already at that end of its team's backlog."
            ));
            return Ok(());
        };
        let moved = self.store.rank_team_item(id, placement, &self.who)?;
        self.refresh_teams(id)?;
        self.info(format!(
            "Moved {} \"{}\" to rank {} of team {}.",
            moved.code(),
            short_title(&moved.title),
            self.teams.selected + 1,
            moved.team.as_deref().unwrap_or("-")
        ));
        Ok(())
    }

    fn refresh_teams(&mut self, id: i64) -> Result<(), StoreError> {
        self.reload_counts()?;
        self.select_team_item(id)
    }

    /// `m`, the number, Enter in the Teams view: a place in the team's backlog.
    pub(crate) fn team_go_to_rank(&mut self, typed: &str) -> Result<(), StoreError> {
        let Some(id) = self.selected_team_item() else {
            return Ok(());
        };
        let (count, team_id) = (self.teams.count, self.teams.team().map(|t| t.id));
        let n = match typed.trim().parse::<usize>() {
            Ok(n) if (1..=count).contains(&n) => n,
            _ => {
                self.warn(format!(
                    "{typed:?} is not a rank: type a number from 1 to {count}."
                ));
                return Ok(());
            }
        };
        let Some(team_id) = team_id else {
            return Ok(());
        };
        let current = self.teams.selected + 1;
        let target = self.store.team_backlog(team_id, n - 1, 1)?;
        let placement = match target.first() {
            Some(t) if n < current => Some(TeamPlacement::Before(t.item.id)),
            Some(t) if n > current => Some(TeamPlacement::After(t.item.id)),
            _ => None,
        };
        if let Some(p) = placement {
            self.team_rank(id, Some(p))
        } else {
            self.info("It already stands there.");
            Ok(())
        }
    }

    /// `M`, a team code, Enter: moves the item to that team's backlog.
    pub(crate) fn team_move_to(&mut self, code: &str) -> Result<(), StoreError> {
        let Some(id) = self.selected_team_item() else {
            return Ok(());
        };
        let moved = self.store.move_to_team(id, code, &self.who)?;
        self.refresh_teams(id)?;
        self.info(format!(
            "Moved {} \"{}\" to team {}.",
            moved.code(),
            short_title(&moved.title),
            moved.team.as_deref().unwrap_or("-")
        ));
        Ok(())
    }

    /// `P`, a cluster item id, Enter: hangs the item under that cluster item.
    pub(crate) fn team_reparent(&mut self, typed: &str) -> Result<(), StoreError> {
        let Some(id) = self.selected_team_item() else {
            return Ok(());
        };
        let parent = match typed.parse::<ItemRef>() {
            Ok(r) => self.store.resolve(r)?,
            Err(e) => {
                self.warn(format!("{e}."));
                return Ok(());
            }
        };
        let moved = self.store.reparent(id, parent.id, &self.who)?;
        self.refresh_teams(id)?;
        self.info(format!(
            "Moved {} \"{}\" under {} \"{}\".",
            moved.code(),
            short_title(&moved.title),
            parent.code(),
            short_title(&parent.title)
        ));
        Ok(())
    }
}
