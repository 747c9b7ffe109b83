//! Keys to actions, one table per mode, read from `assets/keymap.toml` with the
//! user's `[keys]` overrides on top. The help overlay, the hint line and every
//! message that names a key read this one map, so they always say what the keys do.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use serde::Deserialize;

use super::{Action, Mode};
use crate::config::{Config, KeyOverride};

pub const DEFAULT_KEYMAP: &str = include_str!("../../assets/keymap.toml");
const DEFAULT_FILE: &str = "assets/keymap.toml";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    Char(char),
    Ctrl(char),
    F(u8),
    Left,
    Right,
    Up,
    Down,
    ShiftLeft,
    ShiftRight,
    ShiftUp,
    ShiftDown,
    Home,
    End,
    PageUp,
    PageDown,
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
}

/// Named keys as keymap files write them, beside how the screen shows them.
const NAMED_KEYS: &[(Key, &str)] = &[
    (Key::Char(' '), "space"),
    (Key::Left, "left"),
    (Key::Right, "right"),
    (Key::Up, "up"),
    (Key::Down, "down"),
    (Key::ShiftLeft, "shift-left"),
    (Key::ShiftRight, "shift-right"),
    (Key::ShiftUp, "shift-up"),
    (Key::ShiftDown, "shift-down"),
    (Key::Home, "home"),
    (Key::End, "end"),
    (Key::PageUp, "pgup"),
    (Key::PageDown, "pgdn"),
    (Key::Enter, "enter"),
    (Key::Esc, "esc"),
    (Key::Tab, "tab"),
    (Key::BackTab, "shift-tab"),
    (Key::Backspace, "backspace"),
    (Key::Delete, "delete"),
];

impl Key {
    pub fn matches(self, ev: &KeyEvent) -> bool {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let alt = ev.modifiers.contains(KeyModifiers::ALT);
        let shift = ev.modifiers.contains(KeyModifiers::SHIFT);
        match (self, ev.code) {
            (Key::Char(c), KeyCode::Char(k)) => !ctrl && !alt && c == k,
            (Key::Ctrl(c), KeyCode::Char(k)) => ctrl && c.eq_ignore_ascii_case(&k),
            (Key::F(n), KeyCode::F(k)) => n == k,
            (Key::Left, KeyCode::Left) => !shift,
            (Key::Right, KeyCode::Right) => !shift,
            (Key::Up, KeyCode::Up) => !shift,
            (Key::Down, KeyCode::Down) => !shift,
            (Key::ShiftLeft, KeyCode::Left) => shift,
            (Key::ShiftRight, KeyCode::Right) => shift,
            (Key::ShiftUp, KeyCode::Up) => shift,
            (Key::ShiftDown, KeyCode::Down) => shift,
            (Key::Home, KeyCode::Home) | (Key::End, KeyCode::End) => true,
            (Key::PageUp, KeyCode::PageUp) | (Key::PageDown, KeyCode::PageDown) => true,
            (Key::Enter, KeyCode::Enter) | (Key::Esc, KeyCode::Esc) => true,
            (Key::Tab, KeyCode::Tab) => !shift,
            (Key::BackTab, KeyCode::BackTab) => true,
            (Key::Backspace, KeyCode::Backspace) | (Key::Delete, KeyCode::Delete) => true,
            _ => false,
        }
    }

    /// How the screen names the key.
    pub fn label(self) -> String {
        match self {
            Key::Char(' ') => "Space".into(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{c}"),
            Key::F(n) => format!("F{n}"),
            Key::Left => "←".into(),
            Key::Right => "→".into(),
            Key::Up => "↑".into(),
            Key::Down => "↓".into(),
            Key::ShiftLeft => "Shift-←".into(),
            Key::ShiftRight => "Shift-→".into(),
            Key::ShiftUp => "Shift-↑".into(),
            Key::ShiftDown => "Shift-↓".into(),
            Key::Home => "Home".into(),
            Key::End => "End".into(),
            Key::PageUp => "PgUp".into(),
            Key::PageDown => "PgDn".into(),
            Key::Enter => "Enter".into(),
            Key::Esc => "Esc".into(),
            Key::Tab => "Tab".into(),
            Key::BackTab => "Shift-Tab".into(),
            Key::Backspace => "Backspace".into(),
            Key::Delete => "Delete".into(),
        }
    }

    /// Reads a key as keymap files write it: `k`, `K`, `ctrl-k`, `shift-up`, `f2`, `space`.
    pub fn parse(text: &str) -> Option<Key> {
        let mut chars = text.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return (!c.is_control() && c != ' ').then_some(Key::Char(c));
        }
        let lower = text.to_ascii_lowercase();
        if let Some(&(k, _)) = NAMED_KEYS.iter().find(|(_, n)| *n == lower) {
            return Some(k);
        }
        if let Some(rest) = lower.strip_prefix("ctrl-") {
            let mut cs = rest.chars();
            return match (cs.next(), cs.next()) {
                (Some(c), None) if c.is_ascii_alphabetic() => Some(Key::Ctrl(c)),
                _ => None,
            };
        }
        if let Some(n) = lower.strip_prefix('f') {
            return n
                .parse::<u8>()
                .ok()
                .filter(|n| (1..=12).contains(n))
                .map(Key::F);
        }
        None
    }
}

/// One table of bindings per mode; a mode reads exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Table {
    Normal,
    Poker,
    Dor,
    Suggest,
    Split,
    Picker,
    Item,
    Confirm,
    Typing,
    Command,
    Output,
    Form,
    Help,
    Focus,
    Archive,
}

impl Table {
    /// In the order the help lists them.
    pub const ALL: [Table; 15] = [
        Table::Normal,
        Table::Focus,
        Table::Poker,
        Table::Dor,
        Table::Suggest,
        Table::Split,
        Table::Picker,
        Table::Archive,
        Table::Item,
        Table::Confirm,
        Table::Typing,
        Table::Command,
        Table::Output,
        Table::Form,
        Table::Help,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Table::Normal => "normal",
            Table::Poker => "poker",
            Table::Dor => "dor",
            Table::Suggest => "suggest",
            Table::Split => "split",
            Table::Picker => "picker",
            Table::Item => "item",
            Table::Confirm => "confirm",
            Table::Typing => "typing",
            Table::Command => "command",
            Table::Output => "output",
            Table::Form => "form",
            Table::Help => "help",
            Table::Focus => "focus",
            Table::Archive => "archive",
        }
    }

    fn parse(name: &str) -> Option<Table> {
        Table::ALL.into_iter().find(|t| t.name() == name)
    }

    fn names() -> String {
        Table::ALL.map(Table::name).join(", ")
    }

    /// The table a mode reads its keys from.
    pub fn of(mode: Mode) -> Table {
        match mode {
            Mode::Normal => Table::Normal,
            Mode::Help => Table::Help,
            Mode::Item => Table::Item,
            Mode::Poker { .. } => Table::Poker,
            Mode::Typing => Table::Typing,
            Mode::Dor => Table::Dor,
            Mode::Suggest { .. } => Table::Suggest,
            Mode::Split => Table::Split,
            Mode::Picker => Table::Picker,
            Mode::ConfirmShip => Table::Confirm,
            Mode::Command => Table::Command,
            Mode::Output => Table::Output,
            Mode::Form => Table::Form,
            Mode::Confirm => Table::Confirm,
            Mode::Focus => Table::Focus,
            Mode::Archive => Table::Archive,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub keys: Vec<Key>,
    pub action: Action,
    pub help: String,
}

/// A titled group of bindings, as the help shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub table: Table,
    pub title: String,
    pub bindings: Vec<Binding>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeymapError {
    #[error(
        "{file}:{line}: {key:?} is not a key: write a character (\"k\"), a name (\"enter\", \"shift-up\", \"pgdn\", \"f2\") or \"ctrl-\" and a letter"
    )]
    BadKey {
        file: PathBuf,
        line: usize,
        key: String,
    },
    #[error(
        "{file}:{line}: {action:?} is not an action: use a name from the shipped keymap (e.g. \"rank_up\"), or \"none\" to unbind the key"
    )]
    UnknownAction {
        file: PathBuf,
        line: usize,
        action: String,
    },
    #[error("{file}:{line}: there is no mode {mode:?}: the modes are {modes}")]
    UnknownMode {
        file: PathBuf,
        line: usize,
        mode: String,
        modes: String,
    },
    #[error(
        "{file}:{line}: {key} is bound to {second} here and to {first} on line {first_line} in mode {mode}: a key stands for one action per mode"
    )]
    Conflict {
        file: PathBuf,
        line: usize,
        first_line: usize,
        key: String,
        mode: &'static str,
        first: &'static str,
        second: &'static str,
    },
    #[error("{file} is not a valid keymap: {detail}")]
    Parse { file: PathBuf, detail: String },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    section: String,
    bind: Vec<RawBinding>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBinding {
    keys: Vec<toml::Spanned<String>>,
    action: toml::Spanned<String>,
    help: String,
}

/// The 1-based line of `offset`, given where `text`'s line breaks are.
fn line_at(breaks: &[usize], offset: usize) -> usize {
    breaks.partition_point(|&b| b < offset) + 1
}

/// Where each key of one mode was bound, to report a second binding.
#[derive(Default)]
struct Seen(BTreeMap<(Table, String), (usize, Action)>);

impl Seen {
    fn check(
        &mut self,
        file: &Path,
        table: Table,
        key: Key,
        action: Action,
        line: usize,
    ) -> Result<(), KeymapError> {
        let slot = (table, format!("{key:?}"));
        match self.0.get(&slot) {
            Some(&(first_line, first)) if first != action => Err(KeymapError::Conflict {
                file: file.to_path_buf(),
                line,
                first_line,
                key: key.label(),
                mode: table.name(),
                first: first.name().unwrap_or("?"),
                second: action.name().unwrap_or("?"),
            }),
            _ => {
                self.0.insert(slot, (line, action));
                Ok(())
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    sections: Vec<Section>,
}

impl Default for Keymap {
    /// The shipped keymap. A test parses it, so a release always has it.
    fn default() -> Keymap {
        Keymap::parse(DEFAULT_KEYMAP, Path::new(DEFAULT_FILE)).unwrap_or(Keymap {
            sections: Vec::new(),
        })
    }
}

impl Keymap {
    /// Reads a keymap file: per mode, sections of `{ keys, action, help }` rows.
    pub fn parse(text: &str, file: &Path) -> Result<Keymap, KeymapError> {
        let raw: BTreeMap<String, Vec<RawSection>> =
            toml::from_str(text).map_err(|e| KeymapError::Parse {
                file: file.to_path_buf(),
                detail: e.to_string(),
            })?;
        let mut sections = Vec::new();
        let mut seen = Seen::default();
        // Counting the breaks before every binding anew took 3 ms a start.
        let breaks: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
        for table in Table::ALL {
            for raw in raw.get(table.name()).into_iter().flatten() {
                let mut bindings = Vec::new();
                for b in &raw.bind {
                    let line = line_at(&breaks, b.action.span().start);
                    let action = Action::from_name(b.action.get_ref()).ok_or_else(|| {
                        KeymapError::UnknownAction {
                            file: file.to_path_buf(),
                            line,
                            action: b.action.get_ref().clone(),
                        }
                    })?;
                    let mut keys = Vec::new();
                    for k in &b.keys {
                        let line = line_at(&breaks, k.span().start);
                        let key = Key::parse(k.get_ref()).ok_or_else(|| KeymapError::BadKey {
                            file: file.to_path_buf(),
                            line,
                            key: k.get_ref().clone(),
                        })?;
                        seen.check(file, table, key, action, line)?;
                        keys.push(key);
                    }
                    bindings.push(Binding {
                        keys,
                        action,
                        help: b.help.clone(),
                    });
                }
                sections.push(Section {
                    table,
                    title: raw.section.clone(),
                    bindings,
                });
            }
        }
        if let Some(mode) = raw.keys().find(|m| Table::parse(m).is_none()) {
            return Err(KeymapError::UnknownMode {
                file: file.to_path_buf(),
                line: 1,
                mode: mode.clone(),
                modes: Table::names(),
            });
        }
        Ok(Keymap { sections })
    }

    /// The keymap a config asks for: the shipped one with its `[keys]` on top.
    pub fn for_config(config: &Config) -> Result<Keymap, KeymapError> {
        let file = config.path.as_deref().unwrap_or(Path::new("config.toml"));
        Keymap::with_overrides(&config.keys, file)
    }

    /// The shipped keymap with a config file's `[keys]` lines on top.
    pub fn with_overrides(overrides: &[KeyOverride], file: &Path) -> Result<Keymap, KeymapError> {
        let mut map = Keymap::default();
        let mut seen = Seen::default();
        for o in overrides {
            let table = Table::parse(&o.mode).ok_or_else(|| KeymapError::UnknownMode {
                file: file.to_path_buf(),
                line: o.line,
                mode: o.mode.clone(),
                modes: Table::names(),
            })?;
            let key = Key::parse(&o.key).ok_or_else(|| KeymapError::BadKey {
                file: file.to_path_buf(),
                line: o.line,
                key: o.key.clone(),
            })?;
            let action = match o.action.as_str() {
                "none" => None,
                name => {
                    Some(
                        Action::from_name(name).ok_or_else(|| KeymapError::UnknownAction {
                            file: file.to_path_buf(),
                            line: o.line,
                            action: o.action.clone(),
                        })?,
                    )
                }
            };
            if let Some(action) = action {
                seen.check(file, table, key, action, o.line)?;
            }
            map.rebind(table, key, action);
        }
        Ok(map)
    }

    /// Binds `key` to `action` in one table (or unbinds it), taking it from
    /// whatever it stood for there before.
    fn rebind(&mut self, table: Table, key: Key, action: Option<Action>) {
        let default_help = Keymap::default()
            .binding(action)
            .map(|b| b.help.clone())
            .unwrap_or_default();
        let mut placed = false;
        for s in self.sections.iter_mut().filter(|s| s.table == table) {
            for b in &mut s.bindings {
                b.keys.retain(|k| *k != key);
                if Some(b.action) == action && !placed {
                    b.keys.push(key);
                    placed = true;
                }
            }
        }
        let Some(action) = action.filter(|_| !placed) else {
            return;
        };
        let binding = Binding {
            keys: vec![key],
            action,
            help: default_help,
        };
        match self.sections.iter_mut().rfind(|s| s.table == table) {
            Some(s) => s.bindings.push(binding),
            None => self.sections.push(Section {
                table,
                title: format!("Mode {}", table.name()),
                bindings: vec![binding],
            }),
        }
    }

    fn binding(&self, action: Option<Action>) -> Option<&Binding> {
        let action = action?;
        self.sections
            .iter()
            .flat_map(|s| &s.bindings)
            .find(|b| b.action == action)
    }

    /// Every section, in the order the help shows them.
    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    fn find(&self, table: Table, ev: &KeyEvent) -> Option<Action> {
        self.sections
            .iter()
            .filter(|s| s.table == table)
            .flat_map(|s| &s.bindings)
            .find(|b| b.keys.iter().any(|k| k.matches(ev)))
            .map(|b| b.action)
    }

    /// The action a key stands for in the current mode.
    pub fn action_for(&self, ev: &KeyEvent, mode: Mode) -> Option<Action> {
        if Key::Ctrl('c').matches(ev) {
            return Some(Action::Exit);
        }
        let table = Table::of(mode);
        self.find(table, ev).or_else(|| match (table, ev.code) {
            // Where text is typed, a character no binding claims is text.
            (Table::Split | Table::Typing | Table::Command | Table::Form, KeyCode::Char(c))
                if !ev
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                Some(Action::Type(c))
            }
            // A poker vote is typed, so the room never sees a card being chosen.
            (Table::Poker, KeyCode::Char(c)) if c.is_ascii_digit() || c == '?' => {
                Some(Action::Type(c))
            }
            _ => None,
        })
    }

    /// The keys bound to an action in one table.
    pub fn keys(&self, table: Table, action: Action) -> Vec<Key> {
        self.sections
            .iter()
            .filter(|s| s.table == table)
            .flat_map(|s| &s.bindings)
            .filter(|b| b.action == action)
            .flat_map(|b| b.keys.iter().copied())
            .collect()
    }

    /// The first key of an action in a table, as hints and messages name it.
    pub fn key(&self, table: Table, action: Action) -> String {
        self.keys(table, action)
            .first()
            .map_or_else(|| "(no key)".to_string(), |k| k.label())
    }

    /// The first key of a board action.
    pub fn normal(&self, action: Action) -> String {
        self.key(Table::Normal, action)
    }

    /// Two actions' first keys as one hint: `j/k`.
    pub fn pair(&self, table: Table, a: Action, b: Action) -> String {
        format!("{}/{}", self.key(table, a), self.key(table, b))
    }

    /// Two actions' arrow keys as one hint (`←→`), where both have one.
    pub fn arrows(&self, table: Table, a: Action, b: Action) -> String {
        let arrow = |action: Action| {
            self.keys(table, action)
                .into_iter()
                .find(|k| matches!(k, Key::Left | Key::Right | Key::Up | Key::Down))
        };
        match (arrow(a), arrow(b)) {
            (Some(x), Some(y)) => format!("{}{}", x.label(), y.label()),
            _ => self.pair(table, a, b),
        }
    }

    /// Every key of an action in a table, as the help lists them: `K Shift-↑`.
    pub fn all_keys(&self, table: Table, action: Action) -> String {
        self.keys(table, action)
            .iter()
            .map(|k| k.label())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl Keymap {
    /// Every section as a Markdown table, for the README (a test keeps the
    /// README's copy equal to this).
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        for (i, section) in self.sections.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&format!(
                "**{}**\n\n| keys | what it does |\n|---|---|\n",
                section.title
            ));
            for b in section.bindings.iter().filter(|b| !b.keys.is_empty()) {
                let keys = b
                    .keys
                    .iter()
                    .map(|k| format!("`{}`", k.label()))
                    .collect::<Vec<_>>()
                    .join(" ");
                out.push_str(&format!("| {keys} | {} |\n", b.help.replace('|', "\\|")));
            }
        }
        out
    }
}

/// The mouse, when `ui.mouse` turns it on: the wheel moves the selection,
/// a click selects what it hits.
pub fn mouse_action(ev: &MouseEvent) -> Option<Action> {
    match ev.kind {
        MouseEventKind::ScrollDown => Some(Action::SelectDown),
        MouseEventKind::ScrollUp => Some(Action::SelectUp),
        MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(ev.column, ev.row)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    fn normal(code: KeyCode, mods: KeyModifiers) -> Option<Action> {
        Keymap::default().action_for(&key(code, mods), Mode::Normal)
    }

    #[test]
    fn the_shipped_keymap_parses_and_binds_every_mode() {
        let map = Keymap::parse(DEFAULT_KEYMAP, Path::new(DEFAULT_FILE));
        let map = map.unwrap_or_else(|e| panic!("{e}"));
        for table in Table::ALL {
            assert!(
                map.sections().iter().any(|s| s.table == table),
                "{} has no keys",
                table.name()
            );
        }
    }

    #[test]
    fn vim_keys_and_arrows_select_alike() {
        let none = KeyModifiers::NONE;
        assert_eq!(normal(KeyCode::Char('h'), none), Some(Action::SelectLeft));
        assert_eq!(normal(KeyCode::Left, none), Some(Action::SelectLeft));
        assert_eq!(normal(KeyCode::Char('j'), none), Some(Action::SelectDown));
        assert_eq!(normal(KeyCode::Down, none), Some(Action::SelectDown));
    }

    #[test]
    fn shifted_letters_and_shifted_arrows_move_items() {
        let shift = KeyModifiers::SHIFT;
        assert_eq!(
            normal(KeyCode::Char('L'), shift),
            Some(Action::MoveCardRight)
        );
        assert_eq!(normal(KeyCode::Right, shift), Some(Action::MoveCardRight));
        assert_eq!(normal(KeyCode::Char('K'), shift), Some(Action::RankUp));
        assert_eq!(normal(KeyCode::Up, shift), Some(Action::RankUp));
    }

    #[test]
    fn w_types_the_wsjf_inputs() {
        assert_eq!(
            normal(KeyCode::Char('w'), KeyModifiers::NONE),
            Some(Action::EstimateWsjf)
        );
    }

    #[test]
    fn ctrl_c_exits_in_every_mode() {
        let ev = key(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for mode in [
            Mode::Normal,
            Mode::Typing,
            Mode::Dor,
            Mode::Split,
            Mode::Poker { revealed: true },
        ] {
            assert_eq!(Keymap::default().action_for(&ev, mode), Some(Action::Exit));
        }
    }

    #[test]
    fn ctrl_r_redoes_and_u_undoes() {
        assert_eq!(
            normal(KeyCode::Char('r'), KeyModifiers::CONTROL),
            Some(Action::Redo)
        );
        assert_eq!(
            normal(KeyCode::Char('u'), KeyModifiers::NONE),
            Some(Action::Undo)
        );
    }

    #[test]
    fn a_panel_swallows_board_keys() {
        let ev = key(KeyCode::Char('L'), KeyModifiers::SHIFT);
        let map = Keymap::default();
        assert_eq!(map.action_for(&ev, Mode::Item), None);
        assert_eq!(map.action_for(&ev, Mode::Dor), None);
    }

    #[test]
    fn typing_turns_keys_into_characters() {
        let map = Keymap::default();
        let ev = key(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(map.action_for(&ev, Mode::Typing), Some(Action::Type('q')));
        assert_eq!(map.action_for(&ev, Mode::Split), Some(Action::Type('q')));
        let enter = key(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(map.action_for(&enter, Mode::Typing), Some(Action::Confirm));
        let ctrl_d = key(KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(
            map.action_for(&ctrl_d, Mode::Split),
            Some(Action::RemoveRow)
        );
    }

    #[test]
    fn keys_parse_as_files_write_them() {
        assert_eq!(Key::parse("k"), Some(Key::Char('k')));
        assert_eq!(Key::parse("K"), Some(Key::Char('K')));
        assert_eq!(Key::parse("ctrl-K"), Some(Key::Ctrl('k')));
        assert_eq!(Key::parse("Shift-Up"), Some(Key::ShiftUp));
        assert_eq!(Key::parse("space"), Some(Key::Char(' ')));
        assert_eq!(Key::parse("f2"), Some(Key::F(2)));
        assert_eq!(Key::parse("f13"), None);
        assert_eq!(Key::parse("ctrl-"), None);
        assert_eq!(Key::parse("hyper-x"), None);
    }

    #[test]
    fn a_key_bound_twice_in_the_shipped_file_would_be_refused_with_both_lines() {
        let text = "[[normal]]\nsection = \"S\"\nbind = [\n  { keys = [\"k\"], action = \"select_up\", help = \"up\" },\n  { keys = [\"k\"], action = \"rank_up\", help = \"rank\" },\n]\n";
        let err = Keymap::parse(text, Path::new("keys.toml")).err();
        assert_eq!(
            err.map(|e| e.to_string()),
            Some("keys.toml:5: k is bound to rank_up here and to select_up on line 4 in mode normal: a key stands for one action per mode".to_string())
        );
    }

    fn over(mode: &str, key: &str, action: &str, line: usize) -> KeyOverride {
        KeyOverride {
            mode: mode.into(),
            key: key.into(),
            action: action.into(),
            line,
        }
    }

    #[test]
    fn an_override_takes_the_key_from_its_old_action() {
        let map = Keymap::with_overrides(
            &[
                over("normal", "ctrl-k", "rank_up", 3),
                over("normal", "K", "none", 4),
            ],
            Path::new("config.toml"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let ctrl_k = key(KeyCode::Char('k'), KeyModifiers::CONTROL);
        assert_eq!(map.action_for(&ctrl_k, Mode::Normal), Some(Action::RankUp));
        let big_k = key(KeyCode::Char('K'), KeyModifiers::SHIFT);
        assert_eq!(map.action_for(&big_k, Mode::Normal), None);
        assert_eq!(
            map.all_keys(Table::Normal, Action::RankUp),
            "Shift-↑ Ctrl-k"
        );
        // Rebinding j in normal mode leaves j in the DoR checklist alone.
        let map = Keymap::with_overrides(&[over("normal", "j", "undo", 2)], Path::new("c"))
            .unwrap_or_else(|e| panic!("{e}"));
        let j = key(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(map.action_for(&j, Mode::Normal), Some(Action::Undo));
        assert_eq!(map.action_for(&j, Mode::Dor), Some(Action::SelectDown));
    }

    #[test]
    fn bad_overrides_name_the_file_and_line() {
        let cases = [
            (
                over("normal", "hyper-k", "undo", 7),
                "c.toml:7: \"hyper-k\" is not a key",
            ),
            (
                over("normal", "k", "fly", 8),
                "c.toml:8: \"fly\" is not an action",
            ),
            (
                over("board", "k", "undo", 9),
                "c.toml:9: there is no mode \"board\"",
            ),
        ];
        for (o, start) in cases {
            let err = Keymap::with_overrides(&[o], Path::new("c.toml")).err();
            let text = err.map(|e| e.to_string()).unwrap_or_default();
            assert!(text.starts_with(start), "{text}");
        }
        let twice = [
            over("normal", "ctrl-k", "undo", 3),
            over("normal", "Ctrl-K", "redo", 5),
        ];
        let err = Keymap::with_overrides(&twice, Path::new("c.toml")).err();
        assert_eq!(
            err.map(|e| e.to_string()),
            Some("c.toml:5: Ctrl-k is bound to redo here and to undo on line 3 in mode normal: a key stands for one action per mode".to_string())
        );
    }

    #[test]
    fn every_action_a_user_is_meant_to_reach_has_a_key() {
        let map = Keymap::default();
        for action in Action::bindable() {
            let bound = Table::ALL.iter().any(|&t| !map.keys(t, action).is_empty());
            assert!(
                bound,
                "{} has no key in any mode",
                action.name().unwrap_or("?")
            );
        }
    }

    #[test]
    fn every_mode_has_a_way_out() {
        let map = Keymap::default();
        for table in Table::ALL.into_iter().filter(|t| *t != Table::Normal) {
            let out = [Action::Close, Action::No, Action::Quit];
            assert!(
                out.iter().any(|&a| !map.keys(table, a).is_empty()),
                "{} cannot be left",
                table.name()
            );
        }
    }
}
