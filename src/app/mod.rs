//! Application state and the reducer: every user action is a plain function
//! call here, testable without a terminal. Views only read this state.

mod action;
pub mod board;
pub mod keymap;
pub mod layout;

pub use action::Action;
pub use board::Column;

use crate::config::Config;
use crate::domain::{Card, ItemId, State};
use crate::store::{ItemDetail, Placement, Store, StoreError};

use layout::{BoardGeometry, board_geometry};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warning,
    Error,
}

/// The line that tells the room, in words, what just happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub level: Level,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Panel {
    Help,
    Item(Box<ItemDetail>),
}

pub struct App {
    pub store: Store,
    pub columns: Vec<Column>,
    pub selected_column: usize,
    /// The leftmost column on screen.
    pub first_column: usize,
    pub panel: Option<Panel>,
    pub status: Status,
    pub width: u16,
    pub height: u16,
    pub total_items: usize,
    /// Where the board comes from, for the title bar.
    pub source: String,
    pub demo: bool,
    pub who: String,
    pub no_color: bool,
    pub quit: bool,
    data_version: i64,
}

impl App {
    pub fn new(store: Store, config: &Config, demo: bool) -> Result<App, StoreError> {
        let source = match store.path() {
            _ if demo => "demo cluster · not saved".to_string(),
            Some(p) => p.display().to_string(),
            None => "in-memory database".to_string(),
        };
        let data_version = store.data_version()?;
        let mut app = App {
            store,
            columns: config.columns.iter().cloned().map(Column::new).collect(),
            selected_column: 0,
            first_column: 0,
            panel: None,
            status: Status {
                level: Level::Info,
                text: "Press ? for the keys.".to_string(),
            },
            width: 80,
            height: 24,
            total_items: 0,
            source,
            demo,
            who: config.who(),
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
            quit: false,
            data_version,
        };
        app.reload()?;
        Ok(app)
    }

    pub fn geometry(&self) -> BoardGeometry {
        board_geometry(self.width, self.height, self.columns.len())
    }

    pub fn selected_card(&self) -> Option<&Card> {
        self.columns
            .get(self.selected_column)
            .and_then(Column::selected_card)
    }

    /// Carries out one action. Store failures become an error on the status line;
    /// nothing here panics or draws.
    pub fn update(&mut self, action: Action) {
        if let Err(e) = self.apply(action) {
            self.error(format!("{e}"));
        }
    }

    fn apply(&mut self, action: Action) -> Result<(), StoreError> {
        match action {
            Action::Quit => {
                if self.panel.is_some() {
                    self.panel = None;
                } else {
                    self.quit = true;
                }
            }
            Action::Close => self.panel = None,
            Action::ToggleHelp => {
                self.panel = match self.panel {
                    Some(Panel::Help) => None,
                    _ => Some(Panel::Help),
                }
            }
            Action::Resize(w, h) => {
                self.width = w;
                self.height = h;
                self.reload()?;
            }
            Action::Tick => {
                let v = self.store.data_version()?;
                if v != self.data_version {
                    self.data_version = v;
                    self.reload()?;
                    self.info("The board was changed in another session; shown as it is now.");
                }
            }
            Action::SelectLeft => self.select_column(-1)?,
            Action::SelectRight => self.select_column(1)?,
            Action::SelectUp => self.select_card(|c, _| c.selected.saturating_sub(1))?,
            Action::SelectDown => self.select_card(|c, _| c.selected + 1)?,
            Action::SelectFirst => self.select_card(|_, _| 0)?,
            Action::SelectLast => self.select_card(|c, _| c.count.saturating_sub(1))?,
            Action::PageUp => self.select_card(|c, page| c.selected.saturating_sub(page))?,
            Action::PageDown => self.select_card(|c, page| c.selected + page)?,
            Action::MoveCardLeft => self.move_card(-1)?,
            Action::MoveCardRight => self.move_card(1)?,
            Action::RankUp => self.rank_step(-1)?,
            Action::RankDown => self.rank_step(1)?,
            Action::OpenItem => match self.selected_card() {
                Some(card) => {
                    let detail = self.store.item_detail(card.id, 12)?;
                    self.panel = Some(Panel::Item(Box::new(detail)));
                }
                None => self.nothing_selected(),
            },
        }
        Ok(())
    }

    fn info(&mut self, text: impl Into<String>) {
        self.status = Status {
            level: Level::Info,
            text: text.into(),
        };
    }

    fn warn(&mut self, text: impl Into<String>) {
        self.status = Status {
            level: Level::Warning,
            text: text.into(),
        };
    }

    fn error(&mut self, text: impl Into<String>) {
        self.status = Status {
            level: Level::Error,
            text: text.into(),
        };
    }

    fn nothing_selected(&mut self) {
        let title = self
            .columns
            .get(self.selected_column)
            .map(|c| c.config.title.clone())
            .unwrap_or_default();
        self.warn(format!("No card selected: {title} is empty."));
    }

    /// Reloads counts and the visible cards of every column from the store.
    pub fn reload(&mut self) -> Result<(), StoreError> {
        let counts = self.store.column_counts()?;
        self.total_items = counts.iter().map(|&(_, n)| n).sum();
        for i in 0..self.columns.len() {
            let state = self.columns[i].config.state;
            self.columns[i].count = counts
                .iter()
                .find(|&&(s, _)| s == state)
                .map_or(0, |&(_, n)| n);
            self.load_column(i)?;
        }
        self.fit_columns();
        self.data_version = self.store.data_version()?;
        Ok(())
    }

    fn load_column(&mut self, i: usize) -> Result<(), StoreError> {
        let visible = self.geometry().cards_per_column;
        let column = &mut self.columns[i];
        column.fit_selection(visible);
        column.cards = self
            .store
            .column_page(column.config.state, column.scroll, visible)?;
        Ok(())
    }

    /// Keeps the selected column on screen.
    fn fit_columns(&mut self) {
        let visible = self.geometry().visible_columns;
        let n = self.columns.len();
        self.selected_column = self.selected_column.min(n.saturating_sub(1));
        if self.selected_column < self.first_column {
            self.first_column = self.selected_column;
        } else if self.selected_column >= self.first_column + visible {
            self.first_column = self.selected_column + 1 - visible;
        }
        self.first_column = self.first_column.min(n.saturating_sub(visible));
    }

    fn select_column(&mut self, step: isize) -> Result<(), StoreError> {
        let n = self.columns.len();
        let Some(target) = self
            .selected_column
            .checked_add_signed(step)
            .filter(|&t| t < n)
        else {
            return Ok(());
        };
        // Keep the selection on the same screen row, as the eye expects.
        let row = {
            let c = &self.columns[self.selected_column];
            c.selected.saturating_sub(c.scroll)
        };
        self.selected_column = target;
        let column = &mut self.columns[target];
        column.selected = column.scroll + row;
        self.load_column(target)?;
        self.fit_columns();
        Ok(())
    }

    fn select_card(&mut self, to: impl Fn(&Column, usize) -> usize) -> Result<(), StoreError> {
        let page = self.geometry().cards_per_column;
        let i = self.selected_column;
        let Some(column) = self.columns.get_mut(i) else {
            return Ok(());
        };
        let before = (column.selected, column.scroll);
        column.selected = to(column, page);
        column.fit_selection(page);
        if (column.selected, column.scroll) != before {
            self.load_column(i)?;
        }
        Ok(())
    }

    /// The card at an index of a column, loaded or not.
    fn card_at(&self, column: usize, index: usize) -> Result<Option<Card>, StoreError> {
        let c = &self.columns[column];
        if let Some(card) = index.checked_sub(c.scroll).and_then(|k| c.cards.get(k)) {
            return Ok(Some(card.clone()));
        }
        Ok(self
            .store
            .column_page(c.config.state, index, 1)?
            .into_iter()
            .next())
    }

    /// Selects an item wherever it now stands, after it moved.
    fn follow(&mut self, id: ItemId, state: State) -> Result<(), StoreError> {
        if let Some(i) = self.columns.iter().position(|c| c.config.state == state) {
            self.selected_column = i;
            self.columns[i].selected = self.store.index_in_column(id)?;
        }
        self.reload()
    }

    fn move_card(&mut self, step: isize) -> Result<(), StoreError> {
        let Some(card) = self.selected_card().cloned() else {
            self.nothing_selected();
            return Ok(());
        };
        let n = self.columns.len();
        let Some(target) = self
            .selected_column
            .checked_add_signed(step)
            .filter(|&t| t < n)
        else {
            let edge = if step < 0 { "first" } else { "last" };
            self.warn(format!(
                "{} is already in the {edge} column ({}).",
                card.code(),
                self.columns[self.selected_column].config.title
            ));
            return Ok(());
        };
        let to = self.columns[target].config.state;
        let moved = self.store.move_to_state(card.id, to, &self.who)?;
        self.follow(card.id, to)?;
        let column = &self.columns[target];
        let from = self
            .columns
            .iter()
            .find(|c| c.config.state == moved.from)
            .map_or_else(
                || moved.from.label().to_string(),
                |c| c.config.title.clone(),
            );
        let text = format!(
            "Moved {} \"{}\" from {from} to {}.",
            moved.item.code(),
            short_title(&moved.item.title),
            column.config.title
        );
        if column.over_wip() {
            let wip = column.config.wip.unwrap_or_default();
            self.warn(format!(
                "{text} {} is over its WIP limit ({}/{wip}).",
                column.config.title, column.count
            ));
        } else {
            self.info(text);
        }
        Ok(())
    }

    fn rank_step(&mut self, step: isize) -> Result<(), StoreError> {
        let Some(card) = self.selected_card().cloned() else {
            self.nothing_selected();
            return Ok(());
        };
        let i = self.selected_column;
        let index = self.columns[i].selected;
        let neighbour = match index.checked_add_signed(step) {
            Some(k) if k < self.columns[i].count => self.card_at(i, k)?,
            _ => None,
        };
        let Some(neighbour) = neighbour else {
            let edge = if step < 0 { "top" } else { "bottom" };
            self.warn(format!(
                "{} is already at the {edge} of {}.",
                card.code(),
                self.columns[i].config.title
            ));
            return Ok(());
        };
        let placement = if step < 0 {
            Placement::Before(neighbour.id)
        } else {
            Placement::After(neighbour.id)
        };
        let moved = self.store.move_rank(card.id, placement, &self.who)?;
        self.follow(card.id, card.state)?;
        let rank = self.store.position(card.id)?;
        let direction = if step < 0 { "up" } else { "down" };
        self.info(format!(
            "Moved {} \"{}\" {direction} to rank {rank} of {}.",
            moved.item.code(),
            short_title(&moved.item.title),
            self.total_items
        ));
        Ok(())
    }
}

/// Titles in status messages are cut so the whole sentence stays readable.
fn short_title(title: &str) -> String {
    crate::domain::text::fit(&crate::domain::text::sanitize(title), 32)
}
