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
    /// List the archived items, to restore one.
    ShowArchive,
    Undo,
    /// Undo even over someone else's later change to the same thing (recorded).
    UndoAnyway,
    Redo,
    /// Type a filter: words in titles, `kind:`, `state:`, `release:`.
    StartFilter,
    ShowBoard,
    ShowTeams,
    ShowReleases,
    /// The ranked portfolio backlog as a tree.
    ShowPortfolio,
    /// The charts: release burn-up, cumulative flow, lead time.
    ShowReports,
    /// Portfolio view: create a cluster item derived from the portfolio item.
    Derive,
    /// Plan the selected item into a release, or take it out (a picker).
    PlanRelease,
    /// Releases view: accept the selected release (checks the `DoD`).
    AcceptRelease,
    /// Releases view: mark the selected release released (asks first).
    ShipRelease,
    /// Show only items split to the next team (board and backlog).
    CycleTeamFilter,
    /// Pull the selected item into the current cluster cycle, or take it out.
    PlanCycle,
    /// Show only the current cycle's items (the Cycle Backlog), or all again.
    CycleFilter,
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
    /// Open the `:` command line.
    OpenCommandLine,
    /// Create an item below the selected one (`n`), or at the top (`N`).
    NewItem,
    NewItemTop,
    /// Edit the selected item's title in place.
    EditTitle,
    /// Open the selected item in `$EDITOR`.
    EditInEditor,
    /// Archive the selected item (asks first).
    Archive,
    /// When asked to archive: delete it for good instead (only for a new mistake).
    Delete,
    NextView,
    /// Focus mode: the selected item alone, large; and in it, the next or
    /// previous item in rank order.
    Focus,
    NextItem,
    PreviousItem,
    /// Switch to the next theme (F2).
    NextTheme,
    /// Start a timebox on the selected item, or stop it (recording the time).
    Timebox,
    /// Mark a checkpoint: the backlog then shows how items moved since.
    Checkpoint,
    /// Show more (narrower) or fewer (wider) board columns at once.
    MoreColumns,
    FewerColumns,
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
    /// In a text field: move the cursor, or delete the next character, the
    /// word before the cursor or the whole line.
    CursorLeft,
    CursorRight,
    CursorHome,
    CursorEnd,
    DeleteNext,
    DeleteWord,
    DeleteLine,
    /// A mouse click at this column and row (only with `ui.mouse = true`).
    Click(u16, u16),
    /// The terminal now has this many columns and rows.
    Resize(u16, u16),
    /// Time passed: look for changes another session made to the file.
    Tick,
    /// A read a view left to a thread (the filter's titles, the lead
    /// times, the suggested order's scores) may have come: show it if it has.
    Arrived,
}

/// The actions a key can be bound to, by the names keymap files use.
const NAMED: &[(Action, &str)] = &[
    (Action::SelectLeft, "select_left"),
    (Action::SelectRight, "select_right"),
    (Action::SelectUp, "select_up"),
    (Action::SelectDown, "select_down"),
    (Action::SelectFirst, "select_first"),
    (Action::SelectLast, "select_last"),
    (Action::PageUp, "page_up"),
    (Action::PageDown, "page_down"),
    (Action::MoveCardLeft, "move_card_left"),
    (Action::MoveCardRight, "move_card_right"),
    (Action::ForceMove, "force_move"),
    (Action::RankUp, "rank_up"),
    (Action::RankDown, "rank_down"),
    (Action::RankTop, "rank_top"),
    (Action::RankBottom, "rank_bottom"),
    (Action::RankTo, "rank_to"),
    (Action::PokerValue, "poker_value"),
    (Action::PokerEffort, "poker_effort"),
    (Action::EstimateWsjf, "estimate_wsjf"),
    (Action::OpenDor, "open_dor"),
    (Action::ShowSuggestion, "show_suggestion"),
    (Action::ShowArchive, "show_archive"),
    (Action::Undo, "undo"),
    (Action::UndoAnyway, "undo_anyway"),
    (Action::Redo, "redo"),
    (Action::StartFilter, "start_filter"),
    (Action::ShowBoard, "show_board"),
    (Action::ShowTeams, "show_teams"),
    (Action::ShowReleases, "show_releases"),
    (Action::ShowPortfolio, "show_portfolio"),
    (Action::ShowReports, "show_reports"),
    (Action::Derive, "derive"),
    (Action::PlanRelease, "plan_release"),
    (Action::AcceptRelease, "accept_release"),
    (Action::ShipRelease, "ship_release"),
    (Action::CycleTeamFilter, "cycle_team_filter"),
    (Action::PlanCycle, "plan_cycle"),
    (Action::CycleFilter, "cycle_filter"),
    (Action::Split, "split"),
    (Action::NextField, "next_field"),
    (Action::PrevField, "prev_field"),
    (Action::AddRow, "add_row"),
    (Action::RemoveRow, "remove_row"),
    (Action::Template, "template"),
    (Action::AddRequester, "add_requester"),
    (Action::MoveToTeam, "move_to_team"),
    (Action::Reparent, "reparent"),
    (Action::ShowBacklog, "show_backlog"),
    (Action::OpenCommandLine, "command_line"),
    (Action::NewItem, "new_item"),
    (Action::NewItemTop, "new_item_top"),
    (Action::EditTitle, "edit_title"),
    (Action::EditInEditor, "edit_in_editor"),
    (Action::Archive, "archive"),
    (Action::Delete, "delete"),
    (Action::NextView, "next_view"),
    (Action::NextTheme, "next_theme"),
    (Action::Timebox, "timebox"),
    (Action::Checkpoint, "checkpoint"),
    (Action::Focus, "focus"),
    (Action::NextItem, "next_item"),
    (Action::PreviousItem, "previous_item"),
    (Action::MoreColumns, "more_columns"),
    (Action::FewerColumns, "fewer_columns"),
    (Action::OpenItem, "open_item"),
    (Action::ToggleHelp, "toggle_help"),
    (Action::Close, "close"),
    (Action::Quit, "quit"),
    (Action::Exit, "exit"),
    (Action::Confirm, "confirm"),
    (Action::Toggle, "toggle"),
    (Action::Back, "back"),
    (Action::Reveal, "reveal"),
    (Action::NameVoter, "name_voter"),
    (Action::Apply, "apply"),
    (Action::Yes, "yes"),
    (Action::No, "no"),
    (Action::CursorLeft, "cursor_left"),
    (Action::CursorRight, "cursor_right"),
    (Action::CursorHome, "cursor_home"),
    (Action::CursorEnd, "cursor_end"),
    (Action::DeleteNext, "delete_next"),
    (Action::DeleteWord, "delete_word"),
    (Action::DeleteLine, "delete_line"),
];

impl Action {
    /// Every action a key can be bound to.
    pub fn bindable() -> impl Iterator<Item = Action> {
        NAMED.iter().map(|&(a, _)| a)
    }

    /// The name keymap files use for this action; `None` for the ones no key
    /// stands for (typed characters, clicks, resizes, ticks).
    pub fn name(self) -> Option<&'static str> {
        NAMED.iter().find(|&&(a, _)| a == self).map(|&(_, n)| n)
    }

    pub fn from_name(name: &str) -> Option<Action> {
        NAMED.iter().find(|&&(_, n)| n == name).map(|&(a, _)| a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_name_is_unique_and_round_trips() {
        for (i, &(a, n)) in NAMED.iter().enumerate() {
            assert_eq!(Action::from_name(n), Some(a));
            assert_eq!(a.name(), Some(n));
            assert!(NAMED[i + 1..].iter().all(|&(b, m)| a != b && n != m), "{n}");
        }
        assert_eq!(Action::Tick.name(), None);
    }
}
