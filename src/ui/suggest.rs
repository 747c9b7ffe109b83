//! `S`: the order the scores suggest, beside the current order.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Cell, Row, Table};

use crate::app::SuggestPanel;
use crate::domain::text::{fit, sanitize};
use crate::theme::Theme;

pub fn draw(p: &SuggestPanel, total: usize, theme: &Theme, frame: &mut Frame, area: Rect) {
    let rect = super::centered(
        area,
        area.width
            .saturating_sub(2)
            .min((area.width * 3 / 4).max(110)),
        area.height,
    );
    let title_w = usize::from(rect.width.saturating_sub(2 + 6 + 5 + 6 + 7 + 9 + 6));
    let header = Row::new(["Now", "Move", "Then", "ID", "Title", "Score"].map(Cell::from))
        .style(theme.table_header());
    let rows = p.rows.iter().map(|r| {
        let delta = match r.suggested.cmp(&r.current) {
            std::cmp::Ordering::Less => format!("↑{}", r.current - r.suggested),
            std::cmp::Ordering::Greater => format!("↓{}", r.suggested - r.current),
            std::cmp::Ordering::Equal => "=".to_string(),
        };
        Row::new([
            Cell::from(Line::from(r.current.to_string()).right_aligned()),
            Cell::from(Line::from(delta).centered()),
            Cell::from(Line::from(r.suggested.to_string()).right_aligned()),
            Cell::from(r.code.clone()),
            Cell::from(fit(&sanitize(&r.title), title_w)),
            Cell::from(Line::from(r.score.clone()).right_aligned()),
        ])
    });
    let widths = [
        Constraint::Length(5),
        Constraint::Length(4),
        Constraint::Length(5),
        Constraint::Length(7),
        Constraint::Fill(1),
        Constraint::Length(9),
    ];
    let state = if p.scoring {
        format!(" Suggested order · scoring {total} items… · Esc closes ")
    } else if p.confirming {
        format!(" Apply? y/n · {} of {total} items move ", p.moves)
    } else {
        format!(
            " Suggested order · {} of {total} items would move · a applies ",
            p.moves
        )
    };
    let block = Block::bordered()
        .title(fit(&state, usize::from(rect.width.saturating_sub(2))))
        .border_style(if p.confirming {
            theme.warning()
        } else {
            theme.heading()
        });
    super::clear(frame, rect, theme);
    frame.render_widget(
        Table::new(rows, widths)
            .header(header)
            .block(block)
            .column_spacing(1),
        rect,
    );
}
