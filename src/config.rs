//! `config.toml`: the defaults ship in `assets/`, a user file overrides them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::Deserialize;

use crate::domain::State;
use crate::domain::dor::{DorPoint, default_checklist};
use crate::domain::poker::Deck;
use crate::domain::score::Method;

pub const DEFAULT_CONFIG: &str = include_str!("../assets/config.toml");

/// How long a timebox runs when the config does not say.
pub const DEFAULT_TIMEBOX: std::time::Duration = std::time::Duration::from_secs(5 * 60);

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    user: RawUser,
    #[serde(default)]
    ui: RawUi,
    board: Option<RawBoard>,
    #[serde(default)]
    estimation: RawEstimation,
    dor: Option<Vec<RawDorPoint>>,
    dod: Option<Vec<RawDorPoint>>,
    /// The cluster's own kinds of item, after the built-in ones.
    #[serde(default)]
    kinds: Vec<RawKind>,
    /// The portfolio Kanban and the kinds of portfolio item.
    portfolio: Option<RawPortfolio>,
    /// The shape new cluster cycles get.
    #[serde(default)]
    cycle: RawCycle,
    /// Per mode, key → action: layered over `assets/keymap.toml`.
    #[serde(default)]
    keys: BTreeMap<String, BTreeMap<toml::Spanned<String>, String>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEstimation {
    deck: Option<Vec<String>>,
    scoring: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCycle {
    iterations: Option<u32>,
    iteration_weeks: Option<u32>,
    inter_cycle_weeks: Option<u32>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPortfolio {
    kinds: Option<Vec<String>>,
    columns: Option<Vec<RawPortfolioColumn>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPortfolioColumn {
    state: String,
    title: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKind {
    key: String,
    #[serde(default)]
    label: String,
    letter: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDorPoint {
    key: String,
    text: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUser {
    name: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUi {
    #[serde(default)]
    mouse: bool,
    /// A built-in theme or a file `themes/NAME.toml` beside this config.
    theme: Option<String>,
    /// Ring the terminal bell when a timebox runs out.
    #[serde(default)]
    bell: bool,
    /// How long a timebox (`b`) runs: "5m", "90s", "4:30".
    timebox: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBoard {
    columns: Vec<RawColumn>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawColumn {
    state: String,
    title: Option<String>,
    wip: Option<u32>,
}

/// One `[keys.MODE]` line of a config file: a key bound to an action (or `none`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyOverride {
    pub mode: String,
    pub key: String,
    pub action: String,
    pub line: usize,
}

/// One board column as configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnConfig {
    pub state: State,
    pub title: String,
    pub wip: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub user_name: Option<String>,
    pub mouse: bool,
    /// The theme by name (`[ui] theme`, or `--theme`).
    pub theme: String,
    /// Ring the terminal bell when a timebox runs out (`[ui] bell`).
    pub bell: bool,
    /// How long a timebox started with `b` runs (`[ui] timebox`).
    pub timebox: std::time::Duration,
    pub columns: Vec<ColumnConfig>,
    pub deck: Deck,
    pub scoring: Method,
    pub dor: Vec<DorPoint>,
    /// The Cluster Definition of Done a release must meet to be accepted.
    pub dod: Vec<DorPoint>,
    /// The user's key bindings over the shipped keymap, in file order.
    pub keys: Vec<KeyOverride>,
    /// The cluster's own kinds: word, label, letter.
    pub kinds: Vec<(String, String, char)>,
    /// The portfolio Kanban, left to right.
    pub portfolio_states: Vec<crate::domain::portfolio::PortfolioState>,
    /// The kinds of portfolio item.
    pub portfolio_kinds: Vec<String>,
    /// Item templates: the shipped ones, or the user's of the same name.
    pub templates: Vec<crate::domain::template::Template>,
    /// The shape of a new cluster cycle (`[cycle]`).
    pub cycle: crate::domain::cycle::CycleShape,
    /// The file this came from, for messages; `None` for the shipped defaults.
    pub path: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        // The shipped file is checked by a test, so this cannot fail in a release.
        Config::parse(DEFAULT_CONFIG, Path::new("assets/config.toml")).unwrap_or_else(|_| Config {
            user_name: None,
            mouse: false,
            theme: crate::theme::DEFAULT_THEME.to_string(),
            bell: false,
            timebox: DEFAULT_TIMEBOX,
            columns: State::ALL
                .iter()
                .map(|&s| ColumnConfig {
                    state: s,
                    title: s.label().to_string(),
                    wip: None,
                })
                .collect(),
            deck: Deck::standard(),
            scoring: Method::Ratio,
            dor: default_checklist(),
            dod: default_dod(),
            keys: Vec::new(),
            kinds: Vec::new(),
            portfolio_states: crate::domain::portfolio::default_states(),
            portfolio_kinds: crate::domain::portfolio::default_kinds(),
            templates: crate::domain::template::load(None).unwrap_or_default(),
            cycle: crate::domain::cycle::CycleShape::default(),
            path: None,
        })
    }
}

impl Config {
    /// The title of a portfolio state key, as configured (the key itself if unknown).
    pub fn portfolio_state_title(&self, key: &str) -> String {
        self.portfolio_states
            .iter()
            .find(|s| s.key == key)
            .map_or_else(|| key.to_string(), |s| s.title.clone())
    }

    /// Reads `path` if given, else the user's config file if there is one, else defaults.
    pub fn load(path: Option<&Path>) -> anyhow::Result<Config> {
        // Templates live in `templates/` beside the config file, even with none.
        let templates_of = |file: &Path| file.parent().map(|d| d.join("templates"));
        let path = match path {
            Some(p) => p.to_path_buf(),
            None => match default_path() {
                Some(p) if p.exists() => p,
                other => {
                    let mut config = Config::default();
                    if let Some(dir) = other.as_deref().and_then(templates_of) {
                        config.templates = crate::domain::template::load(Some(&dir))
                            .map_err(|e| anyhow::anyhow!(e))?;
                    }
                    return Ok(config);
                }
            },
        };
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("could not read config file {}", path.display()))?;
        let mut config = Config::parse(&text, &path)?;
        if let Some(dir) = templates_of(&path) {
            config.templates =
                crate::domain::template::load(Some(&dir)).map_err(|e| anyhow::anyhow!(e))?;
        }
        config.path = Some(path);
        Ok(config)
    }

    pub fn parse(text: &str, path: &Path) -> anyhow::Result<Config> {
        let raw: RawConfig = toml::from_str(text)
            .map_err(|e| anyhow::anyhow!("config file {} is not valid: {e}", path.display()))?;
        let bad = |msg: String| anyhow::anyhow!("config file {}: {msg}", path.display());
        let columns = match raw.board {
            None => Config::default().columns,
            Some(board) => {
                if board.columns.is_empty() {
                    return Err(bad("[board] needs at least one column".into()));
                }
                let mut columns: Vec<ColumnConfig> = Vec::new();
                for (i, c) in board.columns.iter().enumerate() {
                    let state: State = c
                        .state
                        .parse()
                        .map_err(|e| bad(format!("board column {}: {e}", i + 1)))?;
                    if let Some(prev) = columns.last()
                        && prev.state >= state
                    {
                        return Err(bad(format!(
                            "board column {} ({}) must come after {} in flow order, and each state may appear once",
                            i + 1,
                            state,
                            prev.state
                        )));
                    }
                    if c.wip == Some(0) {
                        return Err(bad(format!(
                            "board column {} ({state}): a WIP limit of 0 allows nothing; leave `wip` out for no limit",
                            i + 1
                        )));
                    }
                    columns.push(ColumnConfig {
                        state,
                        title: c
                            .title
                            .clone()
                            .filter(|t| !t.trim().is_empty())
                            .unwrap_or_else(|| state.label().to_string()),
                        wip: c.wip,
                    });
                }
                columns
            }
        };
        let user_name = raw.user.name.filter(|n| !n.trim().is_empty());
        let deck = match raw.estimation.deck {
            None => Deck::standard(),
            Some(cards) => {
                Deck::parse(&cards).map_err(|e| bad(format!("[estimation] deck: {e}")))?
            }
        };
        let scoring = match raw.estimation.scoring.as_deref() {
            None | Some("ratio") => Method::Ratio,
            Some("wsjf") => Method::Wsjf,
            Some(other) => {
                return Err(bad(format!(
                    "[estimation] scoring {other:?} is unknown: use \"ratio\" or \"wsjf\""
                )));
            }
        };
        let dor = match raw.dor {
            None => default_checklist(),
            Some(points) => checklist(points, "DoR").map_err(bad)?,
        };
        let dod = match raw.dod {
            None => default_dod(),
            Some(points) => checklist(points, "DoD").map_err(bad)?,
        };
        let line_at = |offset: usize| {
            text.get(..offset)
                .map_or(1, |t| t.matches('\n').count() + 1)
        };
        let mut keys: Vec<KeyOverride> = raw
            .keys
            .into_iter()
            .flat_map(|(mode, bindings)| {
                bindings.into_iter().map(move |(key, action)| KeyOverride {
                    mode: mode.clone(),
                    line: line_at(key.span().start),
                    key: key.into_inner(),
                    action,
                })
            })
            .collect();
        keys.sort_by_key(|k| k.line);
        let mut kinds = Vec::new();
        for (i, k) in raw.kinds.into_iter().enumerate() {
            let mut letters = k.letter.trim().chars();
            let (Some(letter), None) = (letters.next(), letters.next()) else {
                return Err(bad(format!(
                    "[[kinds]] {}: letter {:?} is not one letter",
                    i + 1,
                    k.letter
                )));
            };
            kinds.push((k.key, k.label, letter));
        }
        let (portfolio_states, portfolio_kinds) = portfolio(raw.portfolio).map_err(bad)?;
        let theme = match raw.ui.theme {
            None => crate::theme::DEFAULT_THEME.to_string(),
            Some(t) if !t.trim().is_empty() => t.trim().to_string(),
            Some(_) => {
                return Err(bad(
                    "[ui] theme is empty: name a theme, e.g. \"light\", or leave it out".into(),
                ));
            }
        };
        let timebox = match raw.ui.timebox.as_deref() {
            None => DEFAULT_TIMEBOX,
            Some(t) => crate::domain::timebox::parse_length(t)
                .map_err(|e| bad(format!("[ui] timebox: {e}")))?,
        };
        let shape = crate::domain::cycle::CycleShape::default();
        let cycle = crate::domain::cycle::CycleShape {
            iterations: raw.cycle.iterations.unwrap_or(shape.iterations),
            iteration_weeks: raw.cycle.iteration_weeks.unwrap_or(shape.iteration_weeks),
            inter_weeks: raw.cycle.inter_cycle_weeks.unwrap_or(shape.inter_weeks),
        };
        if cycle.iterations == 0 || cycle.iteration_weeks == 0 {
            return Err(bad(
                "[cycle] needs at least one iteration of at least one week".into(),
            ));
        }
        Ok(Config {
            user_name,
            mouse: raw.ui.mouse,
            theme,
            bell: raw.ui.bell,
            timebox,
            columns,
            deck,
            scoring,
            dor,
            dod,
            keys,
            kinds,
            portfolio_states,
            portfolio_kinds,
            templates: crate::domain::template::load(None).map_err(bad)?,
            cycle,
            path: None,
        })
    }

    /// Where user themes live: `themes/` beside the config file in use, else in
    /// the default config directory.
    pub fn themes(&self) -> crate::theme::Themes {
        let dir = match &self.path {
            Some(p) => p.parent().map(|d| d.join("themes")),
            None => default_path().and_then(|p| p.parent().map(|d| d.join("themes"))),
        };
        crate::theme::Themes { dir }
    }

    /// Who the change log names: `user.name`, else the OS user.
    pub fn who(&self) -> String {
        self.user_name
            .clone()
            .or_else(|| whoami::username().ok())
            .or_else(|| std::env::var("USER").ok())
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| "unknown".to_string())
    }
}

type PortfolioSettings = (Vec<crate::domain::portfolio::PortfolioState>, Vec<String>);

/// The portfolio Kanban and kinds: the defaults, or the config's own.
fn portfolio(raw: Option<RawPortfolio>) -> Result<PortfolioSettings, String> {
    use crate::domain::portfolio::{PortfolioState, default_kinds, default_states};
    let Some(raw) = raw else {
        return Ok((default_states(), default_kinds()));
    };
    let states = match raw.columns {
        None => default_states(),
        Some(cols) if cols.is_empty() => {
            return Err("[portfolio] columns: name one column at least".into());
        }
        Some(cols) => {
            let mut out: Vec<PortfolioState> = Vec::new();
            for (i, c) in cols.into_iter().enumerate() {
                let key = c.state.trim().to_lowercase();
                if key.is_empty() || out.iter().any(|s| s.key == key) {
                    return Err(format!(
                        "[portfolio] column {}: the state {:?} is empty or listed twice",
                        i + 1,
                        c.state
                    ));
                }
                let title = c
                    .title
                    .filter(|t| !t.trim().is_empty())
                    .unwrap_or_else(|| c.state.trim().to_string());
                out.push(PortfolioState { key, title });
            }
            out
        }
    };
    let kinds = match raw.kinds {
        None => default_kinds(),
        Some(k) if k.iter().all(|k| k.trim().is_empty()) => {
            return Err("[portfolio] kinds: name one kind at least".into());
        }
        Some(k) => k
            .into_iter()
            .map(|k| k.trim().to_lowercase())
            .filter(|k| !k.is_empty())
            .collect(),
    };
    Ok((states, kinds))
}

/// A checklist from the config: keys given, unique, each with a text.
fn checklist(points: Vec<RawDorPoint>, what: &str) -> Result<Vec<DorPoint>, String> {
    let mut out: Vec<DorPoint> = Vec::new();
    for (i, p) in points.into_iter().enumerate() {
        let key = p.key.trim().to_string();
        if key.is_empty() || p.text.trim().is_empty() {
            return Err(format!("{what} point {}: needs a key and a text", i + 1));
        }
        if out.iter().any(|q| q.key == key) {
            return Err(format!("{what} point {}: key {key:?} is used twice", i + 1));
        }
        out.push(DorPoint {
            key,
            text: p.text.trim().to_string(),
        });
    }
    Ok(out)
}

/// The default Cluster Definition of Done (also in `assets/config.toml`).
pub fn default_dod() -> Vec<DorPoint> {
    [
        ("items", "All planned items are Done"),
        ("tests", "Release tests passed on every variant"),
        ("notes", "Release notes written"),
        ("docs", "User documentation updated"),
    ]
    .into_iter()
    .map(|(key, text)| DorPoint {
        key: key.into(),
        text: text.into(),
    })
    .collect()
}

pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "clusterboard")
        .map(|d| d.config_dir().join("config.toml"))
}

/// The default database: `$XDG_DATA_HOME/clusterboard/clusterboard.db`.
pub fn default_db_path() -> anyhow::Result<PathBuf> {
    let Some(dirs) = directories::ProjectDirs::from("", "", "clusterboard") else {
        bail!("cannot find your home directory to keep the database in: pass --db PATH");
    };
    Ok(dirs.data_dir().join("clusterboard.db"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_config_parses_into_the_eight_default_columns() {
        let c = Config::parse(DEFAULT_CONFIG, Path::new("assets/config.toml")).unwrap();
        let states: Vec<State> = c.columns.iter().map(|c| c.state).collect();
        assert_eq!(states, State::ALL);
        assert_eq!(c.columns[4].wip, Some(5));
        assert!(!c.mouse);
    }

    #[test]
    fn an_unknown_state_names_the_column_and_the_file() {
        let err = Config::parse(
            "[[board.columns]]\nstate = \"doing\"\n",
            Path::new("/x/config.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("/x/config.toml") && err.contains("column 1"),
            "{err}"
        );
        assert!(err.contains("\"doing\""), "{err}");
    }

    #[test]
    fn a_typo_in_a_key_is_reported_with_its_line() {
        let err = Config::parse("[ui]\nmuose = true\n", Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("muose") && err.contains("line 2"), "{err}");
    }

    #[test]
    fn columns_out_of_flow_order_are_refused() {
        let text = "[[board.columns]]\nstate = \"done\"\n[[board.columns]]\nstate = \"ready\"\n";
        let err = Config::parse(text, Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("flow order"), "{err}");
    }

    #[test]
    fn the_shipped_config_has_the_default_deck_and_dor() {
        let c = Config::parse(DEFAULT_CONFIG, Path::new("assets/config.toml")).unwrap();
        assert_eq!(c.deck, Deck::standard());
        assert_eq!(c.dor, default_checklist());
        assert_eq!(c.scoring, Method::Ratio);
    }

    #[test]
    fn bad_estimation_settings_are_named() {
        let err = Config::parse("[estimation]\nscoring = \"magic\"\n", Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("\"magic\""), "{err}");
        let err = Config::parse("[estimation]\ndeck = [\"5\", \"3\"]\n", Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("ascending"), "{err}");
        let dup = "[[dor]]\nkey = \"a\"\ntext = \"A\"\n[[dor]]\nkey = \"a\"\ntext = \"B\"\n";
        let err = Config::parse(dup, Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("used twice"), "{err}");
    }

    #[test]
    fn a_subset_of_columns_with_titles_is_allowed() {
        let text = "[[board.columns]]\nstate = \"ready\"\ntitle = \"Bereit\"\nwip = 4\n";
        let c = Config::parse(text, Path::new("c.toml")).unwrap();
        assert_eq!(
            c.columns,
            vec![ColumnConfig {
                state: State::Ready,
                title: "Bereit".into(),
                wip: Some(4)
            }]
        );
    }

    #[test]
    fn the_ui_section_takes_a_theme_a_bell_and_a_timebox_length() {
        let c = Config::parse(
            "[ui]\ntheme = \"light\"\nbell = true\ntimebox = \"8m\"\n",
            Path::new("c.toml"),
        )
        .unwrap();
        assert_eq!(c.theme, "light");
        assert!(c.bell);
        assert_eq!(c.timebox.as_secs(), 480);
        let err = Config::parse("[ui]\ntimebox = \"soon\"\n", Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("[ui] timebox: \"soon\" is not a length"),
            "{err}"
        );
        let err = Config::parse("[ui]\nthem = \"dark\"\n", Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("them") && err.contains("line 2"), "{err}");
    }

    #[test]
    fn key_bindings_keep_their_line_for_messages() {
        let text =
            "[ui]\nmouse = false\n\n[keys.normal]\n\"ctrl-k\" = \"rank_up\"\n\"x\" = \"fly\"\n";
        let c = Config::parse(text, Path::new("c.toml")).unwrap();
        assert_eq!(
            c.keys,
            vec![
                KeyOverride {
                    mode: "normal".into(),
                    key: "ctrl-k".into(),
                    action: "rank_up".into(),
                    line: 5
                },
                KeyOverride {
                    mode: "normal".into(),
                    key: "x".into(),
                    action: "fly".into(),
                    line: 6
                },
            ]
        );
    }
}
