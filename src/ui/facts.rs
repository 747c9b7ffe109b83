//! An item's facts, laid out by `app::facts`, drawn in the theme's styles.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::app::facts::{FactColumns, FactLine, Role};
use crate::theme::Theme;

pub fn style(role: Role, theme: &Theme) -> Style {
    match role {
        Role::Text => theme.text(),
        Role::Dim => theme.dim(),
        Role::Heading => theme.heading(),
        Role::Title => theme.title(),
        Role::Kind(k) => theme.kind(k),
        Role::Warning => theme.warning(),
        Role::Good => theme.moved_up(),
    }
}

pub fn line(l: &FactLine, theme: &Theme) -> Line<'static> {
    Line::from(
        l.0.iter()
            .map(|(role, text)| Span::styled(text.clone(), style(*role, theme)))
            .collect::<Vec<_>>(),
    )
}

/// `↑3 ↓12 more` for rows scrolled out of view, or nothing.
pub fn more(above: usize, below: usize) -> Option<String> {
    let mut parts = Vec::new();
    if above > 0 {
        parts.push(format!("↑{above}"));
    }
    if below > 0 {
        parts.push(format!("↓{below}"));
    }
    (!parts.is_empty()).then(|| format!("{} more", parts.join(" ")))
}

/// Draws the scrolled columns of facts into `area` (the head is drawn by the
/// caller); returns how many rows are hidden above and below.
pub fn draw_columns(
    cols: &FactColumns,
    scroll: usize,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) -> (usize, usize) {
    let visible = usize::from(area.height);
    let rows = cols.rows();
    let scroll = scroll.min(rows.saturating_sub(visible));
    let parts: Vec<(&[FactLine], Rect)> = if cols.right.is_empty() {
        vec![(&cols.left, area)]
    } else {
        let half = area.width.saturating_sub(3) / 2;
        vec![
            (
                &cols.left,
                Rect {
                    width: half,
                    ..area
                },
            ),
            (
                &cols.right,
                Rect {
                    x: area.x + half + 3,
                    width: area.width.saturating_sub(half + 3),
                    ..area
                },
            ),
        ]
    };
    for (lines, rect) in parts {
        for (i, l) in lines.iter().skip(scroll).take(visible).enumerate() {
            let row = Rect {
                y: rect.y + i as u16,
                height: 1,
                ..rect
            };
            frame.render_widget(line(l, theme), row);
        }
    }
    (scroll, rows.saturating_sub(scroll + visible))
}
