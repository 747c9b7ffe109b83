//! The ranked cluster backlog as a table: the screen for reprioritising.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Row, Table};

use crate::app::App;
use crate::domain::dor::DorState;
use crate::domain::score;
use crate::domain::text::{fit, sanitize};
use crate::store::{BacklogRow, CutLine};
use crate::theme::Theme;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Rank,
    Id,
    Kind,
    Title,
    Value,
    Effort,
    Score,
    State,
    Dor,
    Teams,
    /// How it moved since the last checkpoint.
    Since,
    Releases,
}

impl Col {
    fn header(self) -> &'static str {
        match self {
            Col::Rank => "Rank",
            Col::Id => "ID",
            Col::Kind => "Kind",
            Col::Title => "Title",
            Col::Value => "Value",
            Col::Effort => "Effort",
            Col::Score => "Score",
            Col::State => "State",
            Col::Dor => "DoR",
            Col::Teams => "Teams",
            Col::Since => "Since",
            Col::Releases => "Releases",
        }
    }

    fn width(self) -> u16 {
        match self {
            Col::Rank => 5,
            Col::Id => 7,
            Col::Kind => 11,
            Col::Title => 0,
            Col::Value => 5,
            Col::Effort => 6,
            Col::Score => 9,
            Col::State => 12,
            Col::Dor => 5,
            Col::Teams => 20,
            Col::Since => 10,
            // Shares the room left over with the title; this is its minimum.
            Col::Releases => 16,
        }
    }

    fn right_aligned(self) -> bool {
        matches!(self, Col::Rank | Col::Value | Col::Effort | Col::Score)
    }
}

const ALL: [Col; 12] = [
    Col::Rank,
    Col::Id,
    Col::Kind,
    Col::Title,
    Col::Value,
    Col::Effort,
    Col::Score,
    Col::State,
    Col::Dor,
    Col::Teams,
    Col::Since,
    Col::Releases,
];
/// Dropped first to last when the title would get too narrow. The id's letter
/// already says the kind; the score sums up value and effort.
/// Progress (narrowed to its gauge) outlasts value: the score sums that up.
/// Since a checkpoint, how items moved outlasts their teams' progress.
const DROP_ORDER: [Col; 7] = [
    Col::Releases,
    Col::Kind,
    Col::Effort,
    Col::Value,
    Col::Teams,
    Col::Since,
    Col::State,
];
const MIN_TITLE: u16 = 22;
/// Longer than any column of any terminal.
const MAX_RULE: u16 = 500;

/// Widths of the columns whose content grows with the backlog.
#[derive(Debug, Clone, Copy)]
struct Widths {
    rank: u16,
    id: u16,
    /// The gauge alone on narrow screens, with team codes on wide ones.
    teams: u16,
    /// Zero when there is no checkpoint to count from.
    since: u16,
}

impl Widths {
    fn of(self, c: Col) -> u16 {
        match c {
            Col::Rank => self.rank,
            Col::Id => self.id,
            Col::Teams => self.teams,
            Col::Since => self.since,
            other => other.width(),
        }
    }
}

const NARROW: Widths = Widths {
    rank: 5,
    id: 7,
    teams: 9,
    since: 0,
};

/// The columns that fit `width`, in display order.
fn columns(width: u16, w: Widths) -> Vec<Col> {
    let mut cols: Vec<Col> = ALL.to_vec();
    if w.since == 0 {
        cols.retain(|&c| c != Col::Since);
    }
    // Borders, the selection mark and one space between columns.
    let fixed = |cols: &[Col]| -> u16 {
        cols.iter().map(|&c| w.of(c)).sum::<u16>() + cols.len() as u16 + 3
    };
    for drop in DROP_ORDER {
        if width.saturating_sub(fixed(&cols)) >= MIN_TITLE {
            break;
        }
        cols.retain(|&c| c != drop);
    }
    cols
}

fn cell_text(app: &App, row: &BacklogRow, col: Col, title_width: usize) -> String {
    let it = &row.item;
    let p = |v: Option<u32>| v.map_or_else(|| "–".to_string(), |v| v.to_string());
    match col {
        Col::Rank => row.rank.to_string(),
        Col::Id => it.code(),
        Col::Kind => it.kind.label().to_string(),
        Col::Title => fit(&sanitize(&it.title), title_width),
        Col::Value => p(it.value),
        Col::Effort => p(it.effort),
        Col::Score => score::label(score::score(&it.estimates(), app.config.scoring)),
        Col::State => it.state.label().to_string(),
        Col::Dor => DorState::of(&app.config.dor, &row.dor_met).label(),
        Col::Releases => sanitize(&row.releases.join(", ")),
        Col::Teams => {
            let gauge = row.progress.gauge(3);
            fit(format!("{gauge} {}", row.teams.join(" ")).trim(), 20)
        }
        Col::Since => app
            .screen
            .since
            .as_ref()
            .and_then(|s| s.marks.get(&it.id))
            .map(|m| m.label(title_width < 40))
            .unwrap_or_default(),
    }
}

pub fn draw(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let b = &app.backlog;
    let digits = |n: usize| n.max(1).ilog10() as u16 + 1;
    let w = Widths {
        rank: digits(app.total_items).max(4),
        id: b
            .rows
            .iter()
            .map(|r| r.item.code().len() as u16)
            .max()
            .unwrap_or(0)
            .max(NARROW.id),
        teams: if area.width >= 120 { 20 } else { NARROW.teams },
        since: match (&app.screen.since, area.width >= 120) {
            (None, _) => 0,
            (Some(_), true) => 20,
            (Some(_), false) => Col::Since.width(),
        },
    };
    let cols = columns(area.width, w);
    let fixed: u16 = cols.iter().map(|&c| w.of(c)).sum::<u16>() + cols.len() as u16 + 3;
    let spare = area.width.saturating_sub(fixed);
    // With a releases column, the title gets two thirds of the spare room.
    let title_width = if cols.contains(&Col::Releases) {
        usize::from((spare + Col::Releases.width()) * 2 / 3)
    } else {
        usize::from(spare)
    }
    .max(8);
    let header = Row::new(cols.iter().map(|c| {
        let text = if c.right_aligned() {
            Line::from(c.header()).right_aligned()
        } else {
            Line::from(c.header())
        };
        Cell::from(text)
    }))
    .style(theme.table_header());
    let cut = app.cycle.as_ref().and_then(|c| c.cut.as_ref());
    let below = |r: &BacklogRow| cut.is_some_and(|c| c.below(&r.item.rank_key));
    // The ruled line stands before the first row below the line, when the
    // row above it is on screen too (or it is the cut item itself).
    let ruler_at = cut.and_then(|c| {
        let (cut_id, _) = c.cut.as_ref()?;
        let i = b.rows.iter().position(&below)?;
        (i > 0 || b.rows[i].item.id == *cut_id).then_some(i)
    });
    let mut rows: Vec<Row> = b
        .rows
        .iter()
        .map(|r| {
            let row = Row::new(cols.iter().map(|&c| {
                let text = cell_text(app, r, c, title_width);
                let text = match c {
                    Col::Releases => fit(&text, usize::from(spare) / 3 + 16),
                    Col::Since => fit(&text, usize::from(w.since)),
                    // Narrow: the gauge and counts only.
                    Col::Teams if w.teams < 20 => r.progress.gauge(3),
                    _ => text,
                };
                let line = if c.right_aligned() {
                    Line::from(text).right_aligned()
                } else if c == Col::Id {
                    Line::from(Span::styled(text, theme.kind(r.item.kind)))
                } else if c == Col::Title
                    && let Some(p) = r.item.portfolio
                {
                    // The portfolio item it comes from, before the title, dim.
                    let tag = format!("{} ", p.code());
                    let rest = fit(
                        &sanitize(&r.item.title),
                        title_width.saturating_sub(tag.len()),
                    );
                    Line::from(vec![Span::styled(tag, theme.dim()), Span::raw(rest)])
                } else if c == Col::Score && text.starts_with("no") {
                    Line::from(Span::styled(text, theme.dim())).right_aligned()
                } else if c == Col::Since {
                    let style = if text.starts_with('(') {
                        theme.dim()
                    } else if text.starts_with('↑') {
                        theme.moved_up()
                    } else if text.starts_with('↓') {
                        theme.moved_down()
                    } else {
                        theme.added()
                    };
                    Line::from(Span::styled(text, style))
                } else {
                    Line::from(text)
                };
                Cell::from(line)
            }));
            if below(r) {
                row.style(theme.dim())
            } else {
                row
            }
        })
        .collect();
    if let (Some(i), Some(c)) = (ruler_at, cut) {
        rows.insert(i, ruler(&cols, title_width, c, theme));
    }
    let widths = cols.iter().map(|c| match c {
        Col::Title => Constraint::Fill(2),
        Col::Releases => Constraint::Fill(1),
        &other => Constraint::Length(w.of(other)),
    });
    let below = b.count.saturating_sub(b.scroll + b.rows.len());
    let mut block = Block::bordered()
        .border_style(theme.column_border(true, false))
        .title(Line::styled(
            fit(
                &format!(
                    "{}{}{} ",
                    if app.filter.is_empty() {
                        format!(" Cluster backlog · {} items in rank order", b.count)
                    } else {
                        format!(
                            " Cluster backlog · {} of {} items match \"{}\"",
                            b.count,
                            app.total_items,
                            sanitize(&app.filter.describe())
                        )
                    },
                    app.screen
                        .since
                        .as_ref()
                        .map_or_else(String::new, |s| format!(
                            " · since \"{}\"",
                            sanitize(&s.checkpoint)
                        )),
                    cut.map_or_else(String::new, |c| format!(
                        " · cycle {} {}: {}/{} points",
                        sanitize(&c.cycle),
                        if c.cut.is_some() { "cut" } else { "all fit" },
                        c.used,
                        c.capacity,
                    ))
                ),
                usize::from(area.width.saturating_sub(2)),
            ),
            theme.column_title(true),
        ));
    if let Some(note) = super::more_note(b.scroll, below, theme) {
        block = block.title_bottom(note);
    }
    // Each team's load against its capacity, in words, where there is room.
    if let Some(c) = &app.cycle
        && area.width >= 100
    {
        let label = format!(" Load: {} ", sanitize(&c.load.label()));
        block = block.title_bottom(
            Line::styled(
                fit(&label, usize::from(area.width) - 20),
                theme.column_title(true),
            )
            .left_aligned(),
        );
    }
    let table = Table::new(rows, widths).header(header).block(block);
    super::draw_list(
        frame,
        area,
        table,
        super::ListPlace {
            count: b.count,
            // The ruled line is a row of the table too.
            selected: b.selected
                + usize::from(ruler_at.is_some_and(|i| b.selected >= b.scroll + i)),
            scroll: b.scroll,
        },
        &format!(
            "No items yet: press {} to create one.",
            app.keymap.normal(crate::app::Action::NewItem)
        ),
        theme,
    );
}

/// The cut line as a row of the table: rules across every column, and in
/// the title's column what it means, in words.
fn ruler<'a>(cols: &[Col], title_width: usize, cut: &CutLine, theme: &Theme) -> Row<'a> {
    let words = format!(
        "✂ cut line · cycle {}: below it does not fit ",
        sanitize(&cut.cycle)
    );
    // Each cell is clipped to its column: rules longer than any column.
    let rule = "─".repeat(usize::from(MAX_RULE));
    Row::new(cols.iter().map(|&c| {
        let text = if c == Col::Title {
            format!("{}{rule}", fit(&words, title_width))
        } else {
            rule.clone()
        };
        Cell::from(text)
    }))
    .style(theme.warning())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_80_columns_kind_goes_first_and_the_title_keeps_room() {
        let cols = columns(80, NARROW);
        assert!(!cols.contains(&Col::Kind));
        assert!(cols.contains(&Col::Score) && cols.contains(&Col::Dor));
        let fixed: u16 = cols.iter().map(|&c| NARROW.of(c)).sum::<u16>() + cols.len() as u16 + 3;
        assert!(80 - fixed >= MIN_TITLE);
    }

    #[test]
    fn a_wide_screen_shows_every_column() {
        let since = Widths {
            since: 20,
            ..NARROW
        };
        assert_eq!(columns(200, since), ALL.to_vec());
        let without: Vec<Col> = ALL.into_iter().filter(|&c| c != Col::Since).collect();
        assert_eq!(
            columns(200, NARROW),
            without,
            "no checkpoint, no Since column"
        );
    }

    #[test]
    fn at_80_columns_how_items_moved_outlasts_their_teams() {
        let since = Widths {
            since: Col::Since.width(),
            ..NARROW
        };
        let cols = columns(80, since);
        assert!(cols.contains(&Col::Since) && cols.contains(&Col::State));
        assert!(!cols.contains(&Col::Teams));
    }

    #[test]
    fn releases_go_before_anything_else() {
        let cols = columns(110, NARROW);
        assert!(!cols.contains(&Col::Releases));
        assert!(cols.contains(&Col::Kind));
    }
}
