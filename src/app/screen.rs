//! What the board looks like to the room: the theme, switched live with F2 or
//! `:theme NAME`.

use super::layout::{BoardAsk, max_columns};
use super::{Action, App, View};
use crate::config::Config;
use crate::store::StoreError;
use crate::theme::{Theme, Themes};

/// The state of the shared screen that is not about the backlog.
#[derive(Debug, Clone, Default)]
pub struct Screen {
    /// The styles the views draw with (without colours under `NO_COLOR`).
    pub theme: Theme,
    /// Where themes are looked up by name.
    pub themes: Themes,
    /// Board columns shown at once, as `+`/`-` set it; `None`: as many as fit.
    pub columns_wanted: Option<usize>,
    /// Focus mode, while it is on.
    pub focus: Option<Box<super::Focus>>,
    /// The board's clock, for the timebox.
    pub clock: super::timebox::Clock,
    /// The countdown running for an item's discussion.
    pub timebox: Option<super::timebox::Timebox>,
    /// How long the next timebox runs (`[ui] timebox`, changed by `:timebox 8m`).
    pub timebox_length: std::time::Duration,
    /// The terminal should ring its bell (the timebox ran out).
    pub bell: bool,
    /// How the backlog rows on screen moved since the last checkpoint.
    pub since: Option<super::checkpoint::SinceRows>,
}

impl Screen {
    pub fn new(config: &Config) -> Screen {
        Screen {
            theme: Theme::default(),
            themes: config.themes(),
            columns_wanted: None,
            focus: None,
            clock: super::timebox::Clock::default(),
            timebox: None,
            timebox_length: config.timebox,
            bell: false,
            since: None,
        }
    }
}

impl App {
    /// Sets the theme the config asks for; says so if it cannot be read.
    pub(crate) fn start_screen(&mut self) {
        let name = self.config.theme.clone();
        if let Err(e) = self.use_theme(&name) {
            self.error(format!(
                "{e}; the {} theme is in use.",
                self.screen.theme.name
            ));
        }
    }

    /// Switches to a theme by name.
    fn use_theme(&mut self, name: &str) -> Result<(), crate::theme::ThemeError> {
        let theme = self.screen.themes.load(name)?;
        self.screen.theme = if self.no_color {
            Theme::monochrome(&theme.name)
        } else {
            theme
        };
        Ok(())
    }

    /// Rows the title bar takes.
    pub fn header_rows(&self) -> u16 {
        // A running timebox is drawn three rows tall, where there is room.
        if self.screen.timebox.is_some() && self.height >= super::layout::TALL_HEADER_FROM {
            3
        } else {
            super::layout::HEADER_ROWS
        }
    }

    /// What the board asks of the screen: the columns `+`/`-` chose, the
    /// header's rows and the fullest column (tall screens grow cards to fit it).
    pub(crate) fn board_ask(&self) -> BoardAsk {
        BoardAsk {
            columns: self.screen.columns_wanted,
            header_rows: self.header_rows(),
            tallest: self.columns.iter().map(|c| c.count).max().unwrap_or(0),
        }
    }

    /// `+` and `-`: show more (narrower) or fewer (wider) board columns at once.
    pub(crate) fn change_columns(&mut self, step: isize) -> Result<(), StoreError> {
        let now = self.geometry().visible_columns;
        let most = max_columns(self.width, self.columns.len());
        let next = now.saturating_add_signed(step).clamp(1, most);
        let (more, fewer) = (
            self.keymap.normal(Action::MoreColumns),
            self.keymap.normal(Action::FewerColumns),
        );
        if next == now {
            let why = if step > 0 {
                if most == self.columns.len() {
                    format!("all {most} columns are shown")
                } else {
                    format!("{most} columns are as many as fit this wide")
                }
            } else {
                "one column at a time is the fewest".to_string()
            };
            self.warn(format!("The board shows {now} at once: {why}."));
            return Ok(());
        }
        self.screen.columns_wanted = Some(next);
        self.fit_columns();
        if self.view == View::Board {
            self.reload()?;
        }
        let of = self.columns.len();
        self.info(format!(
            "The board shows {next} of {of} columns at once ({more} more, {fewer} fewer); ◀ ▶ mark the others."
        ));
        Ok(())
    }

    /// F2 and `:theme NAME`: switch the theme live and say so.
    pub(crate) fn switch_theme(&mut self, name: Option<&str>) {
        let name = name.map_or_else(
            || self.screen.themes.after(&self.screen.theme.name),
            str::to_string,
        );
        match self.use_theme(&name) {
            Ok(()) if self.no_color => self.info(format!(
                "Theme {name} chosen, but NO_COLOR is set: colours stay off."
            )),
            Ok(()) => self.info(format!(
                "Theme {name}. {} steps to the next; :theme NAME picks one ({}).",
                self.keymap.normal(Action::NextTheme),
                self.screen.themes.names().join(", ")
            )),
            Err(e) => self.error(format!("{e}.")),
        }
    }
}
