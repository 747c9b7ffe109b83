//! Keys to actions, one table per mode. The help overlay is generated from these
//! tables, so what `?` shows is always what the keys do.

use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use super::{Action, Mode};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Ctrl(char),
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
}

impl Key {
    pub fn matches(self, ev: &KeyEvent) -> bool {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let alt = ev.modifiers.contains(KeyModifiers::ALT);
        let shift = ev.modifiers.contains(KeyModifiers::SHIFT);
        match (self, ev.code) {
            (Key::Char(c), KeyCode::Char(k)) => !ctrl && !alt && c == k,
            (Key::Ctrl(c), KeyCode::Char(k)) => ctrl && c.eq_ignore_ascii_case(&k),
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
            (Key::Backspace, KeyCode::Backspace) => true,
            _ => false,
        }
    }

    pub fn label(self) -> String {
        match self {
            Key::Char(' ') => "Space".into(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{c}"),
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
        }
    }
}

pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub help: &'static str,
}

const fn bind(keys: &'static [Key], action: Action, help: &'static str) -> Binding {
    Binding { keys, action, help }
}

/// A titled group of bindings, as the help shows it.
pub struct Section {
    pub title: &'static str,
    pub bindings: &'static [Binding],
}

use Key::*;

pub const SELECT: &[Binding] = &[
    bind(
        &[Char('h'), Left],
        Action::SelectLeft,
        "select the column to the left",
    ),
    bind(
        &[Char('l'), Right],
        Action::SelectRight,
        "select the column to the right",
    ),
    bind(&[Char('k'), Up], Action::SelectUp, "select the item above"),
    bind(
        &[Char('j'), Down],
        Action::SelectDown,
        "select the item below",
    ),
    bind(
        &[Char('g'), Home],
        Action::SelectFirst,
        "select the first item",
    ),
    bind(
        &[Char('G'), End],
        Action::SelectLast,
        "select the last item",
    ),
    bind(&[PageUp, Ctrl('u')], Action::PageUp, "a page up"),
    bind(&[PageDown, Ctrl('d')], Action::PageDown, "a page down"),
];

pub const CHANGE: &[Binding] = &[
    bind(
        &[Char('H'), ShiftLeft],
        Action::MoveCardLeft,
        "move the item to the previous column (teams: state)",
    ),
    bind(
        &[Char('L'), ShiftRight],
        Action::MoveCardRight,
        "move the item to the next column (teams: state)",
    ),
    bind(
        &[Char('!')],
        Action::ForceMove,
        "move anyway after a DoR refusal (recorded)",
    ),
    bind(
        &[Char('K'), ShiftUp],
        Action::RankUp,
        "move the item up one place in the order",
    ),
    bind(
        &[Char('J'), ShiftDown],
        Action::RankDown,
        "move the item down one place",
    ),
    bind(
        &[Char('T')],
        Action::RankTop,
        "move the item to the top of the backlog",
    ),
    bind(
        &[Char('B')],
        Action::RankBottom,
        "move the item to the bottom of the backlog",
    ),
    bind(
        &[Char('m')],
        Action::RankTo,
        "move the item to a rank: m, the number, Enter",
    ),
    bind(
        &[Char('v')],
        Action::PokerValue,
        "planning poker for value points",
    ),
    bind(
        &[Char('e')],
        Action::PokerEffort,
        "planning poker for effort points",
    ),
    bind(
        &[Char('D')],
        Action::OpenDor,
        "tick the Definition of Ready",
    ),
    bind(
        &[Char('S')],
        Action::ShowSuggestion,
        "show the order the scores suggest",
    ),
    bind(
        &[Char('s')],
        Action::Split,
        "split the item into team backlog items",
    ),
    bind(
        &[Char('r')],
        Action::PlanRelease,
        "plan the item into a release, or take it out",
    ),
    bind(
        &[Char('A')],
        Action::AcceptRelease,
        "Releases view: accept the release (checks the DoD)",
    ),
    bind(
        &[Char('R')],
        Action::ShipRelease,
        "Releases view: mark the release released (asks first)",
    ),
    bind(
        &[Char('M')],
        Action::MoveToTeam,
        "Teams view: move the item to another team",
    ),
    bind(
        &[Char('P')],
        Action::Reparent,
        "Teams view: move the item under another cluster item",
    ),
    bind(&[Char('u')], Action::Undo, "undo your last change"),
    bind(&[Ctrl('r')], Action::Redo, "redo what you undid"),
];

pub const VIEW: &[Binding] = &[
    bind(
        &[Char('/')],
        Action::StartFilter,
        "filter: words, kind:…, state:…, release:…",
    ),
    bind(
        &[Char('t')],
        Action::CycleTeamFilter,
        "show only items of the next team",
    ),
    bind(&[Char('1')], Action::ShowBoard, "the cluster Kanban board"),
    bind(
        &[Char('3')],
        Action::ShowTeams,
        "the team backlogs, one tab per team",
    ),
    bind(
        &[Char('4')],
        Action::ShowReleases,
        "the releases by target date",
    ),
    bind(
        &[Char('2')],
        Action::ShowBacklog,
        "the ranked cluster backlog",
    ),
    bind(&[Tab], Action::NextView, "the next view"),
    bind(&[Enter], Action::OpenItem, "open the item's details"),
    bind(&[Char('?')], Action::ToggleHelp, "show this list of keys"),
    bind(
        &[Esc],
        Action::Close,
        "close the open panel, or clear the filter",
    ),
    bind(
        &[Char('q')],
        Action::Quit,
        "quit (closes an open panel first)",
    ),
    bind(&[Ctrl('c')], Action::Exit, "quit at once"),
];

pub const POKER: &[Binding] = &[
    bind(
        &[Char('h'), Left],
        Action::SelectLeft,
        "the card to the left",
    ),
    bind(
        &[Char('l'), Right],
        Action::SelectRight,
        "the card to the right",
    ),
    bind(
        &[Char(' '), Enter],
        Action::Toggle,
        "vote the card, face down (revealed: set it)",
    ),
    bind(&[Backspace], Action::Back, "take back the last vote"),
    bind(&[Char('n')], Action::NameVoter, "name the next voter"),
    bind(
        &[Char('r')],
        Action::Reveal,
        "reveal all votes and the spread",
    ),
    bind(
        &[Esc, Char('q')],
        Action::Close,
        "cancel the round, change nothing",
    ),
];

pub const DOR: &[Binding] = &[
    bind(&[Char('k'), Up], Action::SelectUp, "the point above"),
    bind(&[Char('j'), Down], Action::SelectDown, "the point below"),
    bind(
        &[Char(' '), Enter, Char('x')],
        Action::Toggle,
        "tick or untick the point (stored)",
    ),
    bind(
        &[Esc, Char('q'), Char('D')],
        Action::Close,
        "close the checklist",
    ),
];

pub const SUGGEST: &[Binding] = &[
    bind(&[Char('k'), Up], Action::SelectUp, "scroll up"),
    bind(&[Char('j'), Down], Action::SelectDown, "scroll down"),
    bind(&[PageUp], Action::PageUp, "a page up"),
    bind(&[PageDown], Action::PageDown, "a page down"),
    bind(
        &[Char('a')],
        Action::Apply,
        "apply this order (asks first; u undoes)",
    ),
    bind(&[Char('y')], Action::Yes, "yes, apply it"),
    bind(&[Char('n')], Action::No, "no, keep the order"),
    bind(&[Esc, Char('q'), Char('S')], Action::Close, "close"),
];

pub const SPLIT: &[Binding] = &[
    bind(
        &[Tab],
        Action::NextField,
        "the next field: team, type, effort, title",
    ),
    bind(&[BackTab], Action::PrevField, "the previous field"),
    bind(&[Up, Down], Action::SelectDown, "the row above / below"),
    bind(
        &[Left, Right],
        Action::SelectRight,
        "choose the team or the type",
    ),
    bind(
        &[Ctrl('n')],
        Action::AddRow,
        "add a row for another team item",
    ),
    bind(&[Ctrl('d')], Action::RemoveRow, "remove the row"),
    bind(
        &[Ctrl('t')],
        Action::Template,
        "title from the next template (user story, use case)",
    ),
    bind(&[Enter], Action::Confirm, "create every row, in one step"),
    bind(&[Esc], Action::Close, "cancel: create nothing"),
];

pub const PICKER: &[Binding] = &[
    bind(&[Char('k'), Up], Action::SelectUp, "the release above"),
    bind(&[Char('j'), Down], Action::SelectDown, "the release below"),
    bind(
        &[Char(' '), Enter],
        Action::Toggle,
        "plan into it (its variant's plan is replaced), or take out",
    ),
    bind(
        &[Backspace, Char('x')],
        Action::Back,
        "take the item out of that variant's plan",
    ),
    bind(&[Esc, Char('q'), Char('r')], Action::Close, "close"),
];

const CONFIRM: &[Binding] = &[
    bind(&[Char('y'), Enter], Action::Yes, "yes"),
    bind(&[Char('n'), Esc], Action::No, "no"),
];

const HELP: &[Binding] = &[
    bind(&[Char('j'), Down], Action::SelectDown, "scroll down"),
    bind(&[Char('k'), Up], Action::SelectUp, "scroll up"),
    bind(&[PageDown], Action::PageDown, "a page down"),
    bind(&[PageUp], Action::PageUp, "a page up"),
    bind(&[Esc, Char('q'), Char('?'), Enter], Action::Close, "close"),
];

pub const ITEM: &[Binding] = &[
    bind(
        &[Char('+')],
        Action::AddRequester,
        "record a stakeholder who requested it",
    ),
    bind(&[Esc, Char('q'), Enter], Action::Close, "close"),
];

/// Every section the help shows, in order.
pub const SECTIONS: &[Section] = &[
    Section {
        title: "Select",
        bindings: SELECT,
    },
    Section {
        title: "Change (stored at once, undoable)",
        bindings: CHANGE,
    },
    Section {
        title: "Views",
        bindings: VIEW,
    },
    Section {
        title: "In planning poker",
        bindings: POKER,
    },
    Section {
        title: "In the DoR checklist",
        bindings: DOR,
    },
    Section {
        title: "In the suggested order",
        bindings: SUGGEST,
    },
    Section {
        title: "In the split dialog (letters type the title or effort)",
        bindings: SPLIT,
    },
    Section {
        title: "In the release picker (r)",
        bindings: PICKER,
    },
    Section {
        title: "In the item view (Enter)",
        bindings: ITEM,
    },
];

fn find(table: &[Binding], ev: &KeyEvent) -> Option<Action> {
    table
        .iter()
        .find(|b| b.keys.iter().any(|k| k.matches(ev)))
        .map(|b| b.action)
}

/// The action a key stands for in the current mode.
pub fn action_for(ev: &KeyEvent, mode: Mode) -> Option<Action> {
    if Ctrl('c').matches(ev) {
        return Some(Action::Exit);
    }
    match mode {
        Mode::Normal => find(SELECT, ev)
            .or_else(|| find(CHANGE, ev))
            .or_else(|| find(VIEW, ev)),
        Mode::Help => find(HELP, ev),
        Mode::Item => find(ITEM, ev),
        Mode::Poker { .. } => find(POKER, ev),
        Mode::Dor => find(DOR, ev),
        Mode::Suggest { .. } => find(SUGGEST, ev),
        Mode::Picker => find(PICKER, ev),
        Mode::ConfirmShip => find(CONFIRM, ev),
        Mode::Split => match ev.code {
            KeyCode::Up => Some(Action::SelectUp),
            KeyCode::Down => Some(Action::SelectDown),
            KeyCode::Left => Some(Action::SelectLeft),
            KeyCode::Right => Some(Action::SelectRight),
            KeyCode::Backspace => Some(Action::Back),
            KeyCode::Char(c)
                if !ev.modifiers.contains(KeyModifiers::CONTROL)
                    && !ev.modifiers.contains(KeyModifiers::ALT) =>
            {
                Some(Action::Type(c))
            }
            _ => find(SPLIT, ev),
        },
        Mode::Typing => match ev.code {
            KeyCode::Enter => Some(Action::Confirm),
            KeyCode::Esc => Some(Action::Close),
            KeyCode::Backspace => Some(Action::Back),
            KeyCode::Char(c)
                if !ev.modifiers.contains(KeyModifiers::CONTROL)
                    && !ev.modifiers.contains(KeyModifiers::ALT) =>
            {
                Some(Action::Type(c))
            }
            _ => None,
        },
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

/// The keys bound to an action in normal mode, as hints show them.
pub fn keys_for(action: Action) -> String {
    [SELECT, CHANGE, VIEW]
        .iter()
        .flat_map(|t| t.iter())
        .filter(|b| b.action == action)
        .flat_map(|b| b.keys.iter().map(|k| k.label()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first key of an action in a table, for the hint line of a panel.
pub fn first_key_in(table: &[Binding], action: Action) -> String {
    table
        .iter()
        .find(|b| b.action == action)
        .and_then(|b| b.keys.first())
        .map(|k| k.label())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    fn normal(code: KeyCode, mods: KeyModifiers) -> Option<Action> {
        action_for(&key(code, mods), Mode::Normal)
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
    fn ctrl_c_exits_in_every_mode() {
        let ev = key(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for mode in [
            Mode::Normal,
            Mode::Typing,
            Mode::Dor,
            Mode::Poker { revealed: true },
        ] {
            assert_eq!(action_for(&ev, mode), Some(Action::Exit));
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
        assert_eq!(action_for(&ev, Mode::Item), None);
        assert_eq!(action_for(&ev, Mode::Dor), None);
    }

    #[test]
    fn typing_turns_keys_into_characters() {
        let ev = key(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(action_for(&ev, Mode::Typing), Some(Action::Type('q')));
        let enter = key(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(action_for(&enter, Mode::Typing), Some(Action::Confirm));
    }

    #[test]
    fn no_key_is_bound_twice_in_one_mode() {
        let tables: [&[&[Binding]]; 5] = [
            &[SELECT, CHANGE, VIEW],
            &[POKER],
            &[DOR],
            &[SUGGEST],
            &[HELP],
        ];
        for mode_tables in tables {
            let keys: Vec<Key> = mode_tables
                .iter()
                .flat_map(|t| t.iter())
                .flat_map(|b| b.keys.iter().copied())
                .collect();
            for (i, a) in keys.iter().enumerate() {
                assert!(!keys[i + 1..].contains(a), "{a:?} is bound twice");
            }
        }
    }
}
