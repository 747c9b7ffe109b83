/// Everything a user can do. The keymap turns keys into these; `App::update`
/// carries them out without a terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    SelectLeft,
    SelectRight,
    SelectUp,
    SelectDown,
    SelectFirst,
    SelectLast,
    PageUp,
    PageDown,
    MoveCardLeft,
    MoveCardRight,
    RankUp,
    RankDown,
    OpenItem,
    ToggleHelp,
    Close,
    Quit,
    /// The terminal now has this many columns and rows.
    Resize(u16, u16),
    /// Time passed: look for changes another session made to the file.
    Tick,
}
