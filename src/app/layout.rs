//! Geometry shared by the reducer (to keep the selection in view and load only
//! visible rows) and the renderer (to draw them), so both agree.

/// Rows above the views (title bar) and below them (status line, key hints).
pub const HEADER_ROWS: u16 = 1;
pub const FOOTER_ROWS: u16 = 2;
/// From this height on, a running timebox's countdown is drawn three rows tall.
pub const TALL_HEADER_FROM: u16 = 20;
/// Narrower columns cut titles too short to read; below this we scroll sideways.
pub const MIN_COLUMN_WIDTH: u16 = 20;
/// From this height on, cards get two title lines, a line of releases and a gap.
pub const ROOMY_HEIGHT: u16 = 36;
/// `+` narrows columns down to this many cells, no further.
pub const NARROWEST_COLUMN: u16 = 14;
/// Rows a roomy card may take at most (its gap included), however tall the screen.
pub const TALLEST_CARD: u16 = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoardGeometry {
    pub visible_columns: usize,
    /// Rows each card takes, its gap included.
    pub card_rows: u16,
    /// Lines of text in a card.
    pub card_lines: u16,
    pub cards_per_column: usize,
}

pub fn board_geometry(width: u16, height: u16, columns: usize) -> BoardGeometry {
    let visible_columns = usize::from((width / MIN_COLUMN_WIDTH).max(1)).min(columns.max(1));
    let roomy = height >= ROOMY_HEIGHT;
    let (card_lines, card_rows) = if roomy { (4, 5) } else { (2, 2) };
    // Column borders take two rows.
    let inner = height.saturating_sub(HEADER_ROWS + FOOTER_ROWS + 2);
    let cards_per_column = usize::from((inner / card_rows).max(1));
    BoardGeometry {
        visible_columns,
        card_rows,
        card_lines,
        cards_per_column,
    }
}

/// What the board asks of the screen beyond its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BoardAsk {
    /// Columns shown at once, as `+`/`-` set it; `None`: as many as fit.
    pub columns: Option<usize>,
    /// Rows the header takes (more while a timebox runs).
    pub header_rows: u16,
    /// Cards in the fullest column: on a tall screen, cards grow until it fits.
    pub tallest: usize,
}

/// The most columns `width` shows at once, each at least [`NARROWEST_COLUMN`] wide.
pub fn max_columns(width: u16, columns: usize) -> usize {
    usize::from((width / NARROWEST_COLUMN).max(1)).min(columns.max(1))
}

/// The board's geometry for a screen, the columns asked for and the cards there are.
pub fn board_geometry_for(width: u16, height: u16, columns: usize, ask: BoardAsk) -> BoardGeometry {
    let header = ask.header_rows.max(HEADER_ROWS);
    // The rows the header takes beyond one come off the board.
    let body_height = height.saturating_sub(header - HEADER_ROWS);
    let mut g = board_geometry(width, body_height, columns);
    if let Some(n) = ask.columns {
        g.visible_columns = n.clamp(1, max_columns(width, columns));
    }
    if g.card_lines >= 4 {
        // Tall enough for roomy cards: let them grow while the fullest column fits.
        let inner = body_height.saturating_sub(HEADER_ROWS + FOOTER_ROWS + 2);
        let fits = inner / u16::try_from(ask.tallest.max(1)).unwrap_or(u16::MAX);
        g.card_rows = fits.clamp(g.card_rows, TALLEST_CARD);
        g.card_lines = g.card_rows - 1;
        g.cards_per_column = usize::from((inner / g.card_rows).max(1));
    }
    g
}

/// Where the item view and focus mode lay out an item's facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FactsFrame {
    /// Cells of text across (both columns and the gap between, when two).
    pub width: usize,
    /// Two columns side by side: a wide screen.
    pub two: bool,
    /// Rows for the head and the scrolled facts together.
    pub rows: usize,
    /// Rows the head takes beyond its lines (focus mode draws the id big).
    pub head_extra: usize,
}

/// From this width of text on, the facts stand in two columns.
pub const TWO_COLUMNS: usize = 130;

/// Focus mode fills the body: a margin each side, two columns on a wide screen.
pub fn focus_frame(width: u16, body_height: u16) -> FactsFrame {
    let margin = if width >= 120 { 4 } else { 1 };
    let text = usize::from(width.saturating_sub(2 * margin));
    FactsFrame {
        width: text,
        two: text >= TWO_COLUMNS,
        // A row under the facts says what scrolled out of view.
        rows: usize::from(body_height.saturating_sub(1)),
        head_extra: 2,
    }
}

/// The item view's panel width across a body `width` wide: it grows with the screen.
pub fn item_panel_width(width: u16) -> u16 {
    width.saturating_sub(4).min((width * 3 / 4).max(110))
}

/// The item view: a bordered panel, its text inside the border and a margin.
pub fn item_frame(width: u16, body_height: u16) -> FactsFrame {
    let text = usize::from(item_panel_width(width).saturating_sub(4));
    FactsFrame {
        width: text,
        two: text >= TWO_COLUMNS,
        rows: usize::from(body_height.saturating_sub(2)),
        head_extra: 0,
    }
}

/// Where each of `shown` board columns sits across `width` cells: (x, width).
pub fn column_spans(width: u16, shown: usize) -> Vec<(u16, u16)> {
    use ratatui::layout::{Constraint, Layout, Rect};
    if shown == 0 {
        return Vec::new();
    }
    Layout::horizontal(vec![Constraint::Ratio(1, shown as u32); shown])
        .split(Rect::new(0, 0, width, 1))
        .iter()
        .map(|r| (r.x, r.width))
        .collect()
}

/// The first screen row of board cards and of backlog rows.
pub const FIRST_CARD_ROW: u16 = HEADER_ROWS + 1;
pub const FIRST_BACKLOG_ROW: u16 = HEADER_ROWS + 2;

/// Rows the Teams view gives the selected team item's details (its
/// description) below the table: none on a short screen, where the table
/// needs every row it has.
pub fn team_details_rows(height: u16) -> u16 {
    if height >= 40 { 10 } else { 0 }
}

/// Rows of the backlog table on screen (borders and the header row excluded).
pub fn backlog_rows(height: u16) -> usize {
    usize::from(height.saturating_sub(HEADER_ROWS + FOOTER_ROWS + 3).max(1))
}

/// Where a selection-moving action takes the selection in a list of `count`
/// items with `page` rows on screen (clamped later by `fit_window`).
pub fn step_selection(action: super::Action, selected: usize, count: usize, page: usize) -> usize {
    use super::Action;
    match action {
        Action::SelectUp => selected.saturating_sub(1),
        Action::SelectDown => selected + 1,
        Action::SelectFirst => 0,
        Action::SelectLast => count.saturating_sub(1),
        Action::PageUp => selected.saturating_sub(page),
        Action::PageDown => selected + page,
        _ => selected,
    }
}

/// Keeps `selected` within `count` items and scrolls so it is one of the
/// `visible` rows on screen, never leaving empty rows below while items hide above.
/// Returns the new (selected, scroll).
pub fn fit_window(count: usize, selected: usize, scroll: usize, visible: usize) -> (usize, usize) {
    let visible = visible.max(1);
    let selected = selected.min(count.saturating_sub(1));
    let mut scroll = scroll;
    if selected < scroll {
        scroll = selected;
    } else if selected >= scroll + visible {
        scroll = selected + 1 - visible;
    }
    (selected, scroll.min(count.saturating_sub(visible)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_terminal_shows_four_columns_of_nine_two_line_cards() {
        let g = board_geometry(80, 24, 8);
        assert_eq!(g.visible_columns, 4);
        assert_eq!((g.card_lines, g.card_rows), (2, 2));
        assert_eq!(g.cards_per_column, 9);
    }

    #[test]
    fn a_large_terminal_shows_every_column_with_roomy_cards() {
        let g = board_geometry(200, 60, 8);
        assert_eq!(g.visible_columns, 8);
        assert_eq!(g.card_lines, 4);
        assert_eq!(g.cards_per_column, 11);
    }

    #[test]
    fn a_tiny_terminal_still_shows_one_column_and_one_card() {
        let g = board_geometry(10, 3, 8);
        assert_eq!((g.visible_columns, g.cards_per_column), (1, 1));
        assert_eq!(backlog_rows(3), 1);
    }

    #[test]
    fn plus_and_minus_ask_for_columns_within_what_the_width_allows() {
        let ask = |columns| BoardAsk {
            columns,
            header_rows: 1,
            tallest: 20,
        };
        assert_eq!(
            board_geometry_for(80, 24, 8, ask(Some(2))).visible_columns,
            2
        );
        assert_eq!(
            board_geometry_for(80, 24, 8, ask(Some(9))).visible_columns,
            5
        );
        assert_eq!(
            board_geometry_for(80, 24, 8, ask(Some(0))).visible_columns,
            1
        );
        assert_eq!(board_geometry_for(80, 24, 8, ask(None)).visible_columns, 4);
    }

    #[test]
    fn on_a_tall_screen_cards_grow_while_the_fullest_column_fits() {
        let ask = |tallest| BoardAsk {
            columns: None,
            header_rows: 1,
            tallest,
        };
        let few = board_geometry_for(200, 60, 8, ask(7));
        assert_eq!((few.card_rows, few.card_lines), (7, 6));
        assert!(few.cards_per_column >= 7);
        let many = board_geometry_for(200, 60, 8, ask(40));
        assert_eq!((many.card_rows, many.card_lines), (5, 4));
        let small = board_geometry_for(80, 24, 8, ask(3));
        assert_eq!(small.card_lines, 2, "a small screen keeps two-line cards");
    }

    #[test]
    fn a_taller_header_takes_its_rows_from_the_board() {
        let g = board_geometry_for(
            80,
            24,
            8,
            BoardAsk {
                columns: None,
                header_rows: 3,
                tallest: 9,
            },
        );
        assert_eq!(g.cards_per_column, 8);
    }

    #[test]
    fn the_backlog_shows_eighteen_rows_at_80x24() {
        assert_eq!(backlog_rows(24), 18);
    }
}
