//! Application state and the reducer: every user action is a plain function
//! call here, testable without a terminal. Views only read this state.

mod action;
pub mod archive;
pub mod backlog;
pub mod board;
mod change;
pub mod checkpoint;
mod complete;
pub mod cycle;
pub mod dor;
pub mod editor;
pub mod facts;
pub mod field;
mod filter;
pub mod focus;
pub mod form;
mod item;
pub mod keymap;
pub mod layout;
mod narrate;
mod normal;
pub mod palette;
pub mod poker;
pub mod portfolio;
pub mod portfolio_item;
mod prompt;
pub mod releases;
pub mod reports;
pub mod screen;
pub mod split;
pub mod suggest;
pub mod teams;
pub mod timebox;
mod view;

pub use action::Action;
pub use backlog::Backlog;
pub use board::Column;
pub use cycle::CycleView;
pub use dor::DorPanel;
pub use focus::{Focus, ItemPanel};
pub use form::{Confirm, FormField, ItemForm};
pub use keymap::{Keymap, Table};
pub use palette::{CommandLine, OutputPanel};
pub use poker::PokerPanel;
pub use portfolio::{PortfolioRow, PortfolioView};
pub use prompt::{Prompt, PromptKind};
pub use releases::{ReleaseBlock, ReleasePicker, ReleasesView};
pub use reports::{ReportTab, ReportsView};
pub use screen::Screen;
pub use split::{SplitField, SplitPanel};
pub use suggest::SuggestPanel;
pub use teams::TeamsView;

use crate::config::Config;
use crate::domain::filter::Filter;
use crate::domain::{ItemId, State};
use crate::store::{Store, StoreError};

use layout::{BoardGeometry, backlog_rows};

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Board,
    Backlog,
    Teams,
    Releases,
    Portfolio,
    Reports,
}

impl View {
    pub const ALL: [View; 6] = [
        View::Board,
        View::Backlog,
        View::Teams,
        View::Releases,
        View::Portfolio,
        View::Reports,
    ];

    pub fn title(self) -> &'static str {
        match self {
            View::Board => "Board",
            View::Backlog => "Backlog",
            View::Teams => "Teams",
            View::Releases => "Releases",
            View::Portfolio => "Portfolio",
            View::Reports => "Reports",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Panel {
    /// The keys, scrolled by this many lines.
    Help(usize),
    /// The item view (`Enter`): every fact about one item, scrolled.
    Item(Box<ItemPanel>),
    Poker(Box<PokerPanel>),
    Dor(Box<DorPanel>),
    Suggest(Box<SuggestPanel>),
    Split(Box<SplitPanel>),
    Releases(Box<ReleasePicker>),
    /// What a listing command run on the `:` line printed.
    Output(Box<OutputPanel>),
    /// The form that creates an item (`n`, `N`).
    Form(Box<ItemForm>),
    /// A portfolio item's details (Enter in the Portfolio view), scrolled.
    PortfolioItem(Box<portfolio_item::PortfolioDetail>),
    /// What was archived (`X`), to bring one back.
    Archive(Box<archive::ArchivePanel>),
}

/// What the keys mean right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Help,
    Item,
    Poker {
        revealed: bool,
    },
    Typing,
    Dor,
    Suggest {
        confirming: bool,
    },
    Split,
    Picker,
    ConfirmShip,
    /// Typing on the `:` command line.
    Command,
    /// Reading what a command printed.
    Output,
    /// Filling in the create form.
    Form,
    /// Answering a question (archive this item? quit the demo?).
    Confirm,
    /// Focus mode: one item large, walked in rank order.
    Focus,
    /// The list of archived items (`X`).
    Archive,
}

/// A move the Definition of Ready refused, which `!` can force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    pub id: ItemId,
    pub to: State,
}

pub struct App {
    pub store: Store,
    pub config: Config,
    /// What the keys mean, in every mode; hints and messages name keys from it.
    pub keymap: Keymap,
    pub view: View,
    pub columns: Vec<Column>,
    pub selected_column: usize,
    /// The leftmost column on screen.
    pub first_column: usize,
    pub backlog: Backlog,
    pub teams: TeamsView,
    pub releases: ReleasesView,
    pub portfolio: PortfolioView,
    pub reports: ReportsView,
    /// The current cluster cycle, if there is an open one.
    pub cycle: Option<CycleView>,
    pub panel: Option<Panel>,
    /// A line being typed: a rank after `m`, a filter after `/`, WSJF inputs after `w`.
    pub prompt: Option<Prompt>,
    /// The `:` command line, while it is open.
    pub command_line: Option<CommandLine>,
    /// A question waiting for y or n.
    pub confirm: Option<Confirm>,
    /// Text for `$EDITOR`, waiting for the terminal to hand it over.
    pub editor: Option<editor::EditorRequest>,
    /// The filter in force; the views show only matching items.
    pub filter: Filter,
    /// Items that pass the filter (all items when there is none).
    pub shown_items: usize,
    pub refused: Option<Refused>,
    pub status: Status,
    pub width: u16,
    pub height: u16,
    pub total_items: usize,
    /// Where the board comes from, for the title bar.
    pub source: String,
    pub demo: bool,
    pub who: String,
    pub no_color: bool,
    /// The theme, and what the shared screen shows beside the views.
    pub screen: Screen,
    pub quit: bool,
    data_version: i64,
    /// A change that met another program's lock, retried on each tick.
    retry: Option<(Action, Mode)>,
    /// Why the file cannot be changed, for the header (read-only, damaged).
    pub access: Option<&'static str>,
    told_damage: bool,
    /// The filter typed waits for its titles, read on a thread.
    filter_waiting: bool,
    /// The command line's parser, built on its first line (building it
    /// anew took 0.3 ms of every line).
    cli: Option<clap::Command>,
    /// The suggested order's scores, being read on a thread.
    scoring: Option<std::sync::mpsc::Receiver<Vec<crate::domain::score::Scored>>>,
    /// The newest change the status line has told of; newer ones by others
    /// are narrated on the next look.
    seen_change: i64,
}

/// A logged summary cut to fit the status line.
pub(crate) fn short_sentence(summary: &str) -> String {
    crate::domain::text::fit(&crate::domain::text::sanitize(summary), 150)
}

/// A path as the header shows it: under the home directory as `~/…`, so a
/// shared screen does not show whose home it is.
fn home_relative(path: &std::path::Path) -> String {
    let home = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
    match home.and_then(|h| path.strip_prefix(&h).ok().map(std::path::Path::to_path_buf)) {
        Some(rest) => format!("~/{}", rest.display()),
        None => path.display().to_string(),
    }
}

/// Titles in status messages are cut so the whole sentence stays readable.
pub(crate) fn short_title(title: &str) -> String {
    use crate::domain::text::{fit, prefix, sanitize};
    fit(&sanitize(prefix(title, 64)), 32)
}

impl App {
    pub fn new(store: Store, config: &Config, demo: bool) -> Result<App, StoreError> {
        App::with_size(store, config, demo, (80, 24), View::Board)
    }

    /// Opens the app already sized and on a view, so the first frame loads once.
    pub fn with_size(
        store: Store,
        config: &Config,
        demo: bool,
        (width, height): (u16, u16),
        view: View,
    ) -> Result<App, StoreError> {
        let source = match store.path() {
            _ if demo => "demo cluster · not saved".to_string(),
            Some(p) => home_relative(p),
            None => "in-memory database".to_string(),
        };
        let data_version = store.data_version()?;
        let seen_change = store.last_change_id()?;
        // main checks the keymap before the board opens; this only guards other callers.
        let (keymap, keymap_error) = match Keymap::for_config(config) {
            Ok(k) => (k, None),
            Err(e) => (Keymap::default(), Some(e.to_string())),
        };
        let mut app = App {
            store,
            config: config.clone(),
            keymap,
            view,
            columns: config.columns.iter().cloned().map(Column::new).collect(),
            selected_column: 0,
            first_column: 0,
            backlog: Backlog::default(),
            teams: TeamsView::default(),
            releases: ReleasesView::default(),
            portfolio: PortfolioView::default(),
            reports: ReportsView::default(),
            cycle: None,
            panel: None,
            prompt: None,
            command_line: None,
            confirm: None,
            editor: None,
            filter: Filter::default(),
            shown_items: 0,
            refused: None,
            status: Status {
                level: Level::Info,
                text: String::new(),
            },
            width,
            height,
            total_items: 0,
            source,
            demo,
            who: config.who(),
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
            screen: Screen::new(config),
            quit: false,
            data_version,
            retry: None,
            access: None,
            told_damage: false,
            filter_waiting: false,
            cli: None,
            scoring: None,
            seen_change,
        };
        app.reload()?;
        app.access = app.store.read_only_reason();
        if app.total_items == 0 {
            app.info(format!(
                "No items yet: press {} to create one, {} for the keys.",
                app.keymap.normal(Action::NewItem),
                app.keymap.normal(Action::ToggleHelp)
            ));
        } else {
            app.info(format!(
                "Press {} for the keys.",
                app.keymap.normal(Action::ToggleHelp)
            ));
        }
        if let Some(e) = keymap_error {
            app.error(format!("{e}; the shipped keys are in use."));
        }
        app.start_screen();
        Ok(app)
    }

    /// The store's data version the views were last loaded at.
    pub fn data_version(&self) -> i64 {
        self.data_version
    }

    pub fn geometry(&self) -> BoardGeometry {
        layout::board_geometry_for(
            self.width,
            self.height,
            self.columns.len(),
            self.board_ask(),
        )
    }

    pub fn backlog_page(&self) -> usize {
        // A taller header (a running timebox) takes its rows from the backlog.
        backlog_rows(
            self.height
                .saturating_sub(self.header_rows() - layout::HEADER_ROWS),
        )
    }

    pub fn mode(&self) -> Mode {
        if self.command_line.is_some() {
            return Mode::Command;
        }
        if self.prompt.is_some() {
            return Mode::Typing;
        }
        if self.confirm.is_some() {
            return Mode::Confirm;
        }
        match &self.panel {
            None if self.releases.confirm_ship => Mode::ConfirmShip,
            None if self.screen.focus.is_some() => Mode::Focus,
            None => Mode::Normal,
            Some(Panel::Help(_)) => Mode::Help,
            Some(Panel::Item(_)) => Mode::Item,
            Some(Panel::Poker(p)) if p.naming.is_some() => Mode::Typing,
            Some(Panel::Poker(p)) => Mode::Poker {
                revealed: p.revealed,
            },
            Some(Panel::Dor(_)) => Mode::Dor,
            Some(Panel::Suggest(s)) => Mode::Suggest {
                confirming: s.confirming,
            },
            Some(Panel::Split(_)) => Mode::Split,
            Some(Panel::Releases(_)) => Mode::Picker,
            Some(Panel::Output(_)) => Mode::Output,
            Some(Panel::Form(_)) => Mode::Form,
            Some(Panel::PortfolioItem(_)) => Mode::Item,
            Some(Panel::Archive(_)) => Mode::Archive,
        }
    }

    /// The selected card on the board (whichever view is shown).
    pub fn selected_card(&self) -> Option<&crate::domain::Card> {
        self.columns
            .get(self.selected_column)
            .and_then(Column::selected_card)
    }

    /// The item the next command acts on, in the current view.
    pub fn selected_id(&self) -> Option<ItemId> {
        match self.view {
            View::Board => self
                .columns
                .get(self.selected_column)
                .and_then(Column::selected_card)
                .map(|c| c.id),
            View::Backlog => self.backlog.selected_row().map(|r| r.item.id),
            View::Teams => self.teams.selected_row().map(|r| ItemId(r.item.parent_id)),
            View::Releases | View::Reports => None,
            View::Portfolio => match self.portfolio.selected_row()? {
                PortfolioRow::Derived { row, .. } => Some(row.item.id),
                PortfolioRow::Item { .. } => None,
            },
        }
    }

    /// Carries out one action. Store failures become an error on the status line;
    /// nothing here panics or draws.
    pub fn update(&mut self, action: Action) {
        // Esc gives up waiting for a lock; any other key is done now.
        if let Some(waiting) = self.retry.take()
            && action == Action::Tick
        {
            return self.retry_locked(waiting);
        }
        let mode = self.mode();
        let typing = self.command_line.is_some() || self.prompt.is_some();
        if let Err(e) = self.apply(action) {
            match e.explain(self.store.path()) {
                StoreError::Locked(path) if action != Action::Tick => {
                    self.retry = Some((action, mode));
                    self.warn(format!(
                        "Waiting: {} is locked by another program; trying again every half second ({} gives up).",
                        path.display(),
                        self.keymap.normal(Action::Close)
                    ));
                }
                StoreError::NotReady { code, to, open } => {
                    let force = self.keymap.all_keys(Table::Normal, Action::ForceMove);
                    let dor = self.keymap.normal(Action::OpenDor);
                    let n = open.len();
                    self.warn(format!(
                        "Not moved: {code} has {n} open DoR point{} for {}. {force} moves it anyway (recorded), {dor} shows the checklist. Open: {}.",
                        if n == 1 { "" } else { "s" },
                        to.label(),
                        open.join("; ")
                    ));
                }
                e => self.error(format!("{e}")),
            }
        }
        // A line opened now starts with a clean slate: what shows under it
        // is what this line was refused for.
        if !typing
            && (self.command_line.is_some() || self.prompt.is_some())
            && self.status.level != Level::Info
        {
            self.info(String::new());
        }
        if action == Action::Tick {
            self.access = self.store.read_only_reason();
            if !self.told_damage
                && let Some(e) = self.store.damage()
            {
                self.told_damage = true;
                self.error(format!("{e}"));
            }
        }
        // `!` forces only the refused move of the item still selected.
        if self
            .refused
            .is_some_and(|r| Some(r.id) != self.selected_id())
        {
            self.refused = None;
        }
    }

    /// Tries a change again that met another program's lock, if the board is
    /// still where it was when the key was pressed.
    fn retry_locked(&mut self, waiting: (Action, Mode)) {
        let (action, mode) = waiting;
        if self.mode() == mode {
            self.update(action);
        }
    }

    /// Routes an action to the one handler of the mode it arrived in.
    fn apply(&mut self, action: Action) -> Result<(), StoreError> {
        match action {
            Action::Resize(w, h) => {
                self.width = w;
                self.height = h;
                return self.reload();
            }
            Action::Tick => {
                self.tick_timebox();
                return self.watch();
            }
            Action::Arrived => return self.arrived(),
            Action::Exit => {
                self.quit = true;
                return Ok(());
            }
            _ => {}
        }
        match self.mode() {
            // Naming a voter is typed in the poker panel, not on the prompt line.
            Mode::Typing if self.prompt.is_none() => self.poker_key(action),
            Mode::Typing => self.prompt_key(action),
            Mode::Poker { .. } => self.poker_key(action),
            Mode::Dor => self.dor_key(action),
            Mode::Suggest { .. } => self.suggest_key(action),
            Mode::Split => self.split_key(action),
            Mode::Picker => self.picker_key(action),
            Mode::Help => {
                self.help_key(action);
                Ok(())
            }
            Mode::Item if matches!(self.panel, Some(Panel::PortfolioItem(_))) => {
                self.portfolio_item_key(action)
            }
            Mode::Item => self.item_key(action),
            Mode::ConfirmShip => self.confirm_ship_key(action),
            Mode::Command => self.command_key(action),
            Mode::Output => self.output_key(action),
            Mode::Form => self.form_key(action),
            Mode::Confirm => self.confirm_key(action),
            Mode::Focus => self.focus_key(action),
            Mode::Archive => self.archive_key(action),
            Mode::Normal => self.normal_key(action),
        }
    }

    fn help_key(&mut self, action: Action) {
        let Some(Panel::Help(scroll)) = &mut self.panel else {
            return;
        };
        match action {
            Action::SelectDown => *scroll += 1,
            Action::SelectUp => *scroll = scroll.saturating_sub(1),
            Action::PageDown => *scroll += 10,
            Action::PageUp => *scroll = scroll.saturating_sub(10),
            Action::Close | Action::Quit | Action::ToggleHelp | Action::Confirm => {
                self.panel = None;
            }
            _ => {}
        }
    }

    pub(crate) fn info(&mut self, text: impl Into<String>) {
        self.status = Status {
            level: Level::Info,
            text: text.into(),
        };
    }

    pub(crate) fn warn(&mut self, text: impl Into<String>) {
        self.status = Status {
            level: Level::Warning,
            text: text.into(),
        };
    }

    pub(crate) fn error(&mut self, text: impl Into<String>) {
        self.status = Status {
            level: Level::Error,
            text: text.into(),
        };
    }

    pub(crate) fn nothing_selected(&mut self) {
        let what = match self.view {
            View::Board => format!(
                "{} is empty",
                self.columns
                    .get(self.selected_column)
                    .map(|c| c.config.title.clone())
                    .unwrap_or_default()
            ),
            View::Backlog => "the backlog is empty".to_string(),
            View::Teams => "this team's backlog is empty".to_string(),
            View::Releases => "the Releases view selects releases, not items".to_string(),
            View::Reports => "the Reports view shows charts, not items".to_string(),
            View::Portfolio if self.portfolio.items == 0 => format!(
                "the portfolio is empty: {} adds a portfolio item",
                self.keymap.normal(Action::NewItem)
            ),
            View::Portfolio => format!(
                "this is a portfolio item: {} opens it to its cluster items",
                self.keymap.normal(Action::SelectRight)
            ),
        };
        self.warn(format!("No item selected: {what}."));
    }
}
