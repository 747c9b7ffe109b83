//! Keys to actions. The help overlay is generated from this table, so what `?`
//! shows is always what the keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::Action;

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
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Select,
    Change,
    View,
}

impl Group {
    pub fn title(self) -> &'static str {
        match self {
            Group::Select => "Select",
            Group::Change => "Change (stored at once)",
            Group::View => "View",
        }
    }
}

pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub help: &'static str,
    pub group: Group,
}

pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[Key::Char('h'), Key::Left],
        action: Action::SelectLeft,
        help: "select the column to the left",
        group: Group::Select,
    },
    Binding {
        keys: &[Key::Char('l'), Key::Right],
        action: Action::SelectRight,
        help: "select the column to the right",
        group: Group::Select,
    },
    Binding {
        keys: &[Key::Char('k'), Key::Up],
        action: Action::SelectUp,
        help: "select the card above",
        group: Group::Select,
    },
    Binding {
        keys: &[Key::Char('j'), Key::Down],
        action: Action::SelectDown,
        help: "select the card below",
        group: Group::Select,
    },
    Binding {
        keys: &[Key::Char('g'), Key::Home],
        action: Action::SelectFirst,
        help: "select the first card of the column",
        group: Group::Select,
    },
    Binding {
        keys: &[Key::Char('G'), Key::End],
        action: Action::SelectLast,
        help: "select the last card of the column",
        group: Group::Select,
    },
    Binding {
        keys: &[Key::PageUp, Key::Ctrl('u')],
        action: Action::PageUp,
        help: "scroll the column up a page",
        group: Group::Select,
    },
    Binding {
        keys: &[Key::PageDown, Key::Ctrl('d')],
        action: Action::PageDown,
        help: "scroll the column down a page",
        group: Group::Select,
    },
    Binding {
        keys: &[Key::Char('H'), Key::ShiftLeft],
        action: Action::MoveCardLeft,
        help: "move the card to the previous column",
        group: Group::Change,
    },
    Binding {
        keys: &[Key::Char('L'), Key::ShiftRight],
        action: Action::MoveCardRight,
        help: "move the card to the next column",
        group: Group::Change,
    },
    Binding {
        keys: &[Key::Char('K'), Key::ShiftUp],
        action: Action::RankUp,
        help: "move the card up one place in the cluster order",
        group: Group::Change,
    },
    Binding {
        keys: &[Key::Char('J'), Key::ShiftDown],
        action: Action::RankDown,
        help: "move the card down one place in the cluster order",
        group: Group::Change,
    },
    Binding {
        keys: &[Key::Enter],
        action: Action::OpenItem,
        help: "open the card's details",
        group: Group::View,
    },
    Binding {
        keys: &[Key::Char('?')],
        action: Action::ToggleHelp,
        help: "show or hide this list of keys",
        group: Group::View,
    },
    Binding {
        keys: &[Key::Esc],
        action: Action::Close,
        help: "close the open panel",
        group: Group::View,
    },
    Binding {
        keys: &[Key::Char('q'), Key::Ctrl('c')],
        action: Action::Quit,
        help: "quit (closes the open panel first)",
        group: Group::View,
    },
];

/// The action a key stands for in the current mode.
pub fn action_for(ev: &KeyEvent, panel_open: bool) -> Option<Action> {
    if Key::Ctrl('c').matches(ev) {
        return Some(Action::Quit);
    }
    if panel_open {
        // In a panel, the keys that leave it close it; the rest are ignored so a
        // stray key never changes the board behind it.
        let closes = [Key::Esc, Key::Char('q'), Key::Enter];
        if closes.iter().any(|k| k.matches(ev)) {
            return Some(Action::Close);
        }
        if Key::Char('?').matches(ev) {
            return Some(Action::ToggleHelp);
        }
        return None;
    }
    BINDINGS
        .iter()
        .find(|b| b.keys.iter().any(|k| k.matches(ev)))
        .map(|b| b.action)
}

/// The keys bound to an action, as the help and the hint line show them.
pub fn keys_for(action: Action) -> String {
    BINDINGS
        .iter()
        .filter(|b| b.action == action)
        .flat_map(|b| b.keys.iter().map(|k| k.label()))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn vim_keys_and_arrows_select_alike() {
        let none = KeyModifiers::NONE;
        assert_eq!(
            action_for(&key(KeyCode::Char('h'), none), false),
            Some(Action::SelectLeft)
        );
        assert_eq!(
            action_for(&key(KeyCode::Left, none), false),
            Some(Action::SelectLeft)
        );
        assert_eq!(
            action_for(&key(KeyCode::Char('j'), none), false),
            Some(Action::SelectDown)
        );
        assert_eq!(
            action_for(&key(KeyCode::Down, none), false),
            Some(Action::SelectDown)
        );
    }

    #[test]
    fn shifted_letters_and_shifted_arrows_move_cards() {
        let shift = KeyModifiers::SHIFT;
        assert_eq!(
            action_for(&key(KeyCode::Char('L'), shift), false),
            Some(Action::MoveCardRight)
        );
        assert_eq!(
            action_for(&key(KeyCode::Right, shift), false),
            Some(Action::MoveCardRight)
        );
        assert_eq!(
            action_for(&key(KeyCode::Char('K'), shift), false),
            Some(Action::RankUp)
        );
        assert_eq!(
            action_for(&key(KeyCode::Up, shift), false),
            Some(Action::RankUp)
        );
    }

    #[test]
    fn ctrl_c_quits_even_with_a_panel_open() {
        let ev = key(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(action_for(&ev, false), Some(Action::Quit));
        assert_eq!(action_for(&ev, true), Some(Action::Quit));
    }

    #[test]
    fn an_open_panel_swallows_board_keys() {
        let ev = key(KeyCode::Char('L'), KeyModifiers::SHIFT);
        assert_eq!(action_for(&ev, true), None);
        assert_eq!(
            action_for(&key(KeyCode::Char('q'), KeyModifiers::NONE), true),
            Some(Action::Close)
        );
    }

    #[test]
    fn no_key_is_bound_twice() {
        let keys: Vec<Key> = BINDINGS
            .iter()
            .flat_map(|b| b.keys.iter().copied())
            .collect();
        for (i, a) in keys.iter().enumerate() {
            assert!(!keys[i + 1..].contains(a), "{a:?} is bound twice");
        }
    }
}
