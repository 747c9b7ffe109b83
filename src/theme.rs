//! Themes: every style the views use is a named slot, and a theme is a TOML
//! file that gives each slot its colours and modifiers. The built-in themes ship
//! as such files in `assets/themes/`; a user theme is one more file in the
//! config directory (`themes/NAME.toml`). Every meaning colour carries is also
//! carried by a symbol, a word or a modifier, so the board reads the same with
//! `NO_COLOR` or to a colour-blind eye.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

use crate::domain::Kind;

/// The built-in themes, in the order F2 steps through them.
pub const BUILT_IN: [(&str, &str); 4] = [
    ("terminal", include_str!("../assets/themes/terminal.toml")),
    ("light", include_str!("../assets/themes/light.toml")),
    ("dark", include_str!("../assets/themes/dark.toml")),
    (
        "high-contrast",
        include_str!("../assets/themes/high-contrast.toml"),
    ),
];

/// The theme used when none is chosen.
pub const DEFAULT_THEME: &str = "terminal";

macro_rules! slots {
    ($($slot:ident => $name:literal: $about:literal,)*) => {
        /// A named style a view draws with.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Slot {
            $($slot,)*
        }

        impl Slot {
            pub const ALL: &[Slot] = &[$(Slot::$slot,)*];

            /// The name theme files use.
            pub fn name(self) -> &'static str {
                match self {
                    $(Slot::$slot => $name,)*
                }
            }

            /// What the slot styles, for the README and error messages.
            pub fn about(self) -> &'static str {
                match self {
                    $(Slot::$slot => $about,)*
                }
            }
        }
    };
}

slots! {
    Text => "text": "all text, and the background of the whole screen",
    Dim => "dim": "secondary text: meta lines, \"more\" notes, empty lists",
    Heading => "heading": "section headings and field labels",
    TableHeader => "table_header": "the header row of a table",
    Key => "key": "key names in the hint line",
    Title => "title": "an item's title in the item view and focus mode",
    Bar => "bar": "the title bar",
    BarAccent => "bar_accent": "the current view's tab in the title bar",
    BarWarning => "bar_warning": "a warning in the title bar (the demo is not saved)",
    Selected => "selected": "the selected card, row or field",
    Border => "border": "the borders of board columns",
    BorderSelected => "border_selected": "the border of the selected column or list",
    BorderAlert => "border_alert": "the border of a column over its WIP limit",
    ColumnTitle => "column_title": "a column's title",
    ColumnTitleSelected => "column_title_selected": "the selected column's or list's title",
    PanelBorder => "panel_border": "the border of a dialog",
    Warning => "warning": "warnings",
    Error => "error": "errors",
    Alert => "alert": "a timebox that has run out",
    Timer => "timer": "a running timebox",
    MovedUp => "moved_up": "an item that moved up since the last checkpoint",
    MovedDown => "moved_down": "an item that moved down since the last checkpoint",
    Added => "added": "an item that is new, or changed column, since the last checkpoint",
    Card => "card": "a card of the planning-poker deck",
    CardChosen => "card_chosen": "the chosen card of the deck",
    KindSystem => "kind_system": "the id of a system",
    KindApplication => "kind_application": "the id of an application",
    KindFeature => "kind_feature": "the id of a feature",
    KindEnabler => "kind_enabler": "the id of an enabler",
    KindImprovement => "kind_improvement": "the id of an improvement",
}

impl Slot {
    fn index(self) -> usize {
        Slot::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    fn parse(name: &str) -> Option<Slot> {
        Slot::ALL.iter().copied().find(|s| s.name() == name)
    }

    fn names() -> String {
        Slot::ALL
            .iter()
            .map(|s| s.name())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ThemeError {
    #[error("{file} is not a valid theme: {detail}")]
    Parse { file: PathBuf, detail: String },
    #[error("could not read theme file {file}: {detail}")]
    Read { file: PathBuf, detail: String },
    #[error("{file}:{line}: there is no style slot {slot:?}: the slots are {slots}")]
    UnknownSlot {
        file: PathBuf,
        line: usize,
        slot: String,
        slots: String,
    },
    #[error(
        "{file}:{line}: {color:?} is not a colour: write a name (\"cyan\", \"darkgray\"), \"#rrggbb\", a number 0-255 or \"default\""
    )]
    BadColor {
        file: PathBuf,
        line: usize,
        color: String,
    },
    #[error("{file}: extends {base:?}, which is not a built-in theme: use one of {built_in}")]
    BadBase {
        file: PathBuf,
        base: String,
        built_in: String,
    },
    #[error(
        "there is no theme {name:?}: the themes are {known} (a theme of your own goes in {dir})"
    )]
    Unknown {
        name: String,
        known: String,
        dir: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    /// A built-in theme whose slots this one starts from.
    extends: Option<String>,
    #[serde(default)]
    slots: BTreeMap<toml::Spanned<String>, RawStyle>,
}

// A style as the file writes it: each modifier a flag of its own.
#[allow(clippy::struct_excessive_bools)]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStyle {
    fg: Option<toml::Spanned<String>>,
    bg: Option<toml::Spanned<String>>,
    #[serde(default)]
    bold: bool,
    #[serde(default)]
    italic: bool,
    #[serde(default)]
    underlined: bool,
    #[serde(default)]
    reversed: bool,
    #[serde(default)]
    dim: bool,
}

fn line_at(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(1, |t| t.matches('\n').count() + 1)
}

/// A colour as theme files write it.
fn color(spanned: &toml::Spanned<String>, file: &Path, source: &str) -> Result<Color, ThemeError> {
    let name = spanned.get_ref();
    if name.eq_ignore_ascii_case("default") {
        return Ok(Color::Reset);
    }
    Color::from_str(name).map_err(|_| ThemeError::BadColor {
        file: file.to_path_buf(),
        line: line_at(source, spanned.span().start),
        color: name.clone(),
    })
}

/// A set of styles, one per slot, with the name it was chosen by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub name: String,
    styles: Vec<Style>,
}

impl Default for Theme {
    fn default() -> Theme {
        Theme::built_in(DEFAULT_THEME).unwrap_or_else(|| Theme {
            name: DEFAULT_THEME.to_string(),
            styles: vec![Style::new(); Slot::ALL.len()],
        })
    }
}

impl Theme {
    /// A built-in theme by name. A test parses them all, so a release has them.
    pub fn built_in(name: &str) -> Option<Theme> {
        let (name, text) = BUILT_IN.iter().find(|(n, _)| *n == name)?;
        let file = PathBuf::from(format!("assets/themes/{name}.toml"));
        let (_, styles) = read(text, &file, vec![Style::new(); Slot::ALL.len()]).ok()?;
        Some(Theme {
            name: (*name).to_string(),
            styles,
        })
    }

    /// Reads a user's theme file: `[slots]` with a style per slot, over a
    /// built-in theme (`extends`; the default theme when not given), so a slot
    /// the file leaves out still has a style.
    pub fn parse(name: &str, text: &str, file: &Path) -> Result<Theme, ThemeError> {
        let base = Theme::default();
        let (extends, styles) = read(text, file, base.styles.clone())?;
        let styles = match extends {
            None => styles,
            Some(b) => {
                let Some(base) = Theme::built_in(&b) else {
                    return Err(ThemeError::BadBase {
                        file: file.to_path_buf(),
                        base: b,
                        built_in: built_in_names(),
                    });
                };
                read(text, file, base.styles)?.1
            }
        };
        Ok(Theme {
            name: name.to_string(),
            styles,
        })
    }

    /// The same styles without colours: what `NO_COLOR` asks for. The default
    /// theme's modifiers (reversed selection, bold headings) carry the meaning.
    pub fn monochrome(name: &str) -> Theme {
        let base = Theme::default();
        Theme {
            name: name.to_string(),
            styles: base
                .styles
                .iter()
                .map(|s| Style {
                    fg: None,
                    bg: None,
                    ..*s
                })
                .collect(),
        }
    }

    pub fn style(&self, slot: Slot) -> Style {
        self.styles.get(slot.index()).copied().unwrap_or_default()
    }

    pub fn text(&self) -> Style {
        self.style(Slot::Text)
    }

    pub fn dim(&self) -> Style {
        self.style(Slot::Dim)
    }

    pub fn heading(&self) -> Style {
        self.style(Slot::Heading)
    }

    pub fn table_header(&self) -> Style {
        self.style(Slot::TableHeader)
    }

    pub fn key(&self) -> Style {
        self.style(Slot::Key)
    }

    pub fn title(&self) -> Style {
        self.style(Slot::Title)
    }

    pub fn bar(&self) -> Style {
        self.style(Slot::Bar)
    }

    pub fn bar_accent(&self) -> Style {
        self.style(Slot::BarAccent)
    }

    pub fn bar_warning(&self) -> Style {
        self.style(Slot::BarWarning)
    }

    pub fn selected(&self) -> Style {
        self.style(Slot::Selected)
    }

    pub fn column_border(&self, selected: bool, over_wip: bool) -> Style {
        self.style(match (selected, over_wip) {
            (_, true) => Slot::BorderAlert,
            (true, false) => Slot::BorderSelected,
            (false, false) => Slot::Border,
        })
    }

    pub fn column_title(&self, selected: bool) -> Style {
        self.style(if selected {
            Slot::ColumnTitleSelected
        } else {
            Slot::ColumnTitle
        })
    }

    pub fn panel_border(&self) -> Style {
        self.style(Slot::PanelBorder)
    }

    pub fn warning(&self) -> Style {
        self.style(Slot::Warning)
    }

    pub fn error(&self) -> Style {
        self.style(Slot::Error)
    }

    pub fn alert(&self) -> Style {
        self.style(Slot::Alert)
    }

    pub fn timer(&self) -> Style {
        self.style(Slot::Timer)
    }

    pub fn moved_up(&self) -> Style {
        self.style(Slot::MovedUp)
    }

    pub fn moved_down(&self) -> Style {
        self.style(Slot::MovedDown)
    }

    pub fn added(&self) -> Style {
        self.style(Slot::Added)
    }

    pub fn card(&self) -> Style {
        self.style(Slot::Card)
    }

    pub fn card_chosen(&self) -> Style {
        self.style(Slot::CardChosen)
    }

    pub fn kind(&self, kind: Kind) -> Style {
        self.style(match kind {
            Kind::System => Slot::KindSystem,
            Kind::Application => Slot::KindApplication,
            Kind::Feature => Slot::KindFeature,
            Kind::Enabler => Slot::KindEnabler,
            Kind::Improvement => Slot::KindImprovement,
            // The letter on the card names the kind; these share a colour.
            Kind::KnowledgeGap => Slot::KindApplication,
            Kind::Issue => Slot::KindEnabler,
            _ => Slot::Text,
        })
    }
}

/// The styles a theme file gives, laid over `styles`, and the theme it extends.
fn read(
    text: &str,
    file: &Path,
    mut styles: Vec<Style>,
) -> Result<(Option<String>, Vec<Style>), ThemeError> {
    let raw: RawTheme = toml::from_str(text).map_err(|e| ThemeError::Parse {
        file: file.to_path_buf(),
        detail: e.to_string(),
    })?;
    for (slot_name, raw_style) in &raw.slots {
        let slot = Slot::parse(slot_name.get_ref()).ok_or_else(|| ThemeError::UnknownSlot {
            file: file.to_path_buf(),
            line: line_at(text, slot_name.span().start),
            slot: slot_name.get_ref().clone(),
            slots: Slot::names(),
        })?;
        let mut style = Style::new();
        if let Some(fg) = &raw_style.fg {
            style = style.fg(color(fg, file, text)?);
        }
        if let Some(bg) = &raw_style.bg {
            style = style.bg(color(bg, file, text)?);
        }
        for (on, m) in [
            (raw_style.bold, Modifier::BOLD),
            (raw_style.italic, Modifier::ITALIC),
            (raw_style.underlined, Modifier::UNDERLINED),
            (raw_style.reversed, Modifier::REVERSED),
            (raw_style.dim, Modifier::DIM),
        ] {
            if on {
                style = style.add_modifier(m);
            }
        }
        styles[slot.index()] = style;
    }
    Ok((raw.extends, styles))
}

fn built_in_names() -> String {
    BUILT_IN.map(|(n, _)| n).join(", ")
}

/// Where themes are found: the built-ins, and the files in a directory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Themes {
    /// `themes/` in the config directory; `None` when there is none to look in.
    pub dir: Option<PathBuf>,
}

impl Themes {
    /// The theme names there are: the built-ins first, then the user's files
    /// (a file named like a built-in replaces it, and is listed once).
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = BUILT_IN.iter().map(|(n, _)| (*n).to_string()).collect();
        let mut own: Vec<String> = self
            .dir
            .as_deref()
            .and_then(|d| std::fs::read_dir(d).ok())
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .filter_map(|e| {
                let path = e.path();
                (path.extension()? == "toml")
                    .then(|| path.file_stem()?.to_str().map(str::to_string))
                    .flatten()
            })
            .filter(|n| valid_name(n) && !names.contains(n))
            .collect();
        own.sort();
        names.append(&mut own);
        names
    }

    /// The file a user theme of this name lives in.
    pub fn file(&self, name: &str) -> Option<PathBuf> {
        self.dir.as_ref().map(|d| d.join(format!("{name}.toml")))
    }

    /// A theme by name: the user's file if there is one, else the built-in.
    pub fn load(&self, name: &str) -> Result<Theme, ThemeError> {
        if valid_name(name)
            && let Some(file) = self.file(name).filter(|f| f.is_file())
        {
            let text = std::fs::read_to_string(&file).map_err(|e| ThemeError::Read {
                file: file.clone(),
                detail: e.to_string(),
            })?;
            return Theme::parse(name, &text, &file);
        }
        Theme::built_in(name).ok_or_else(|| ThemeError::Unknown {
            name: name.to_string(),
            known: self.names().join(", "),
            dir: self.dir.as_ref().map_or_else(
                || "themes/NAME.toml beside config.toml".to_string(),
                |d| format!("{}", d.join("NAME.toml").display()),
            ),
        })
    }

    /// The theme after `name` in [`Themes::names`], round to the first.
    pub fn after(&self, name: &str) -> String {
        let names = self.names();
        let next = names
            .iter()
            .position(|n| n == name)
            .map_or(0, |i| (i + 1) % names.len());
        names
            .get(next)
            .cloned()
            .unwrap_or_else(|| DEFAULT_THEME.to_string())
    }
}

/// A theme name is a file name of letters, digits, `-` and `_`: never a path.
fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_theme_parses_and_names_every_slot() {
        for (name, text) in BUILT_IN {
            let raw: RawTheme = toml::from_str(text).unwrap();
            assert!(Theme::built_in(name).is_some(), "{name}");
            for slot in Slot::ALL {
                assert!(
                    raw.slots.keys().any(|k| k.get_ref() == slot.name()),
                    "{name} lacks {}",
                    slot.name()
                );
            }
        }
    }

    #[test]
    fn a_misspelt_slot_is_named_with_its_line() {
        let err = Theme::parse(
            "x",
            "[slots]\ntext = {}\nhedaing = { bold = true }\n",
            Path::new("x.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("x.toml:3: there is no style slot \"hedaing\""),
            "{err}"
        );
    }

    #[test]
    fn a_bad_colour_is_named_with_its_line() {
        let err = Theme::parse(
            "x",
            "[slots]\n\ntext = { fg = \"chartreuse-ish\" }\n",
            Path::new("x.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("x.toml:3: \"chartreuse-ish\" is not a colour"),
            "{err}"
        );
    }

    #[test]
    fn a_user_theme_extends_a_built_in_and_changes_one_slot() {
        let t = Theme::parse(
            "mine",
            "extends = \"dark\"\n[slots]\nheading = { fg = \"#ff0000\" }\n",
            Path::new("mine.toml"),
        )
        .unwrap();
        let dark = Theme::built_in("dark").unwrap();
        assert_eq!(t.heading(), Style::new().fg(Color::Rgb(255, 0, 0)));
        assert_eq!(t.text(), dark.text());
    }

    #[test]
    fn monochrome_keeps_the_modifiers_and_drops_every_colour() {
        let t = Theme::monochrome("dark");
        for slot in Slot::ALL {
            let s = t.style(*slot);
            assert!(s.fg.is_none() && s.bg.is_none(), "{}", slot.name());
        }
        assert!(t.selected().add_modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn theme_names_cannot_reach_outside_the_directory() {
        let themes = Themes {
            dir: Some(PathBuf::from("/nonexistent")),
        };
        assert!(themes.load("../etc/passwd").is_err());
        assert_eq!(themes.after("terminal"), "light");
        assert_eq!(themes.after("high-contrast"), "terminal");
    }
}
