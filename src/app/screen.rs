//! What the board looks like to the room: the theme, switched live with F2 or
//! `:theme NAME`.

use super::{Action, App};
use crate::config::Config;
use crate::theme::{Theme, Themes};

/// The state of the shared screen that is not about the backlog.
#[derive(Debug, Clone, Default)]
pub struct Screen {
    /// The styles the views draw with (without colours under `NO_COLOR`).
    pub theme: Theme,
    /// Where themes are looked up by name.
    pub themes: Themes,
}

impl Screen {
    pub fn new(config: &Config) -> Screen {
        Screen {
            theme: Theme::default(),
            themes: config.themes(),
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
