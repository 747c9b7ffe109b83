/// Everything a user can do. The keymap turns keys into these; `App::update`
/// carries them out without a terminal. Inside a panel, the selection actions
/// move within the panel.
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
    /// Repeat the move the Definition of Ready just refused, recording the override.
    ForceMove,
    RankUp,
    RankDown,
    RankTop,
    RankBottom,
    /// Ask for a rank number, then move the item there.
    RankTo,
    PokerValue,
    PokerEffort,
    /// Type the three WSJF inputs of the selected item.
    EstimateWsjf,
    OpenDor,
    ShowSuggestion,
    Undo,
    Redo,
    /// Type a filter: words in titles, `kind:`, `state:`, `release:`.
    StartFilter,
    ShowBoard,
    ShowTeams,
    ShowReleases,
    /// Plan the selected item into a release, or take it out (a picker).
    PlanRelease,
    /// Releases view: accept the selected release (checks the DoD).
    AcceptRelease,
    /// Releases view: mark the selected release released (asks first).
    ShipRelease,
    /// Show only items split to the next team (board and backlog).
    CycleTeamFilter,
    /// Split the selected cluster item into team items.
    Split,
    /// Split dialog: the next / previous field of a row.
    NextField,
    PrevField,
    /// Split dialog: add a row, remove the row, apply the next title template.
    AddRow,
    RemoveRow,
    Template,
    /// Item view: record a stakeholder who requested the item.
    AddRequester,
    /// Teams view: move the selected team item to another team.
    MoveToTeam,
    /// Teams view: hang the selected team item under another cluster item.
    Reparent,
    ShowBacklog,
    NextView,
    OpenItem,
    ToggleHelp,
    Close,
    /// Quit, or close the open panel first.
    Quit,
    /// Ctrl-c: quit at once, whatever is open.
    Exit,
    /// In a panel or prompt: accept (cast a vote, set the agreed card, go to the rank).
    Confirm,
    /// In a panel: tick or untick, or cast a vote.
    Toggle,
    /// In a panel or prompt: take back the last vote or character.
    Back,
    /// Planning poker: turn all votes face up.
    Reveal,
    /// Planning poker: type the next voter's name.
    NameVoter,
    /// Suggested order: ask to apply it.
    Apply,
    Yes,
    No,
    /// A character typed into a prompt or name field.
    Type(char),
    /// A mouse click at this column and row (only with `ui.mouse = true`).
    Click(u16, u16),
    /// The terminal now has this many columns and rows.
    Resize(u16, u16),
    /// Time passed: look for changes another session made to the file.
    Tick,
}
