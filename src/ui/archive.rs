//! `X`: the archived items, newest first, one of them selected to restore.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::App;
use crate::app::archive::ArchivePanel;
use crate::domain::text::{fit, sanitize, width};
use crate::theme::Theme;

pub fn draw(app: &App, p: &ArchivePanel, theme: &Theme, frame: &mut Frame, area: Rect) {
    // Wide enough for a title beside its code, column and date; never wider than the screen.
    let w = (area.width * 3 / 4)
        .clamp(60, 140)
        .max(area.width.saturating_sub(4).min(76))
        .min(area.width);
    let rows = usize::from(area.height.saturating_sub(6)).max(1);
    let h = u16::try_from(p.total.min(rows) + 4).unwrap_or(u16::MAX);
    let rect = super::centered(area, w, h.min(area.height));
    let inner = usize::from(rect.width.saturating_sub(4));
    // The window of rows around the cursor.
    let start = p.cursor.saturating_sub(rows.saturating_sub(1));
    let code_w = p.items.iter().map(|a| width(&a.code)).max().unwrap_or(4);
    let state_w = p.items.iter().map(|a| width(&a.state)).max().unwrap_or(6);
    // A narrow screen keeps the day, a wide one the time too.
    let at = |a: &str| -> String {
        if inner < 100 {
            a.get(..10).unwrap_or(a).to_string()
        } else {
            a.to_string()
        }
    };
    let mut lines = Vec::with_capacity(rows + 2);
    for (i, a) in p.items.iter().enumerate().skip(start).take(rows) {
        let here = i == p.cursor;
        let style = if here { theme.selected() } else { theme.text() };
        let head = format!("{} {:<code_w$}  ", if here { "▶" } else { " " }, a.code);
        let tail = format!("  {:<state_w$}  {}", a.state, at(&a.at));
        let title_w = inner.saturating_sub(width(&head) + width(&tail));
        let title = fit(&sanitize(&a.title), title_w);
        let pad = " ".repeat(title_w.saturating_sub(width(&title)));
        lines.push(Line::from(vec![
            Span::styled(head, style),
            Span::styled(format!("{title}{pad}"), style),
            Span::styled(tail, if here { style } else { theme.dim() }),
        ]));
    }
    lines.push(Line::raw(""));
    let shown = if p.total > rows {
        format!("{} of {} · ", p.cursor + 1, p.total)
    } else {
        String::new()
    };
    lines.push(Line::styled(
        fit(&format!("{shown}{}", app.archive_hint()), inner),
        theme.dim(),
    ));
    let what = if p.portfolio {
        "Archived portfolio items"
    } else {
        "Archived items"
    };
    super::panel(
        frame,
        rect,
        fit(&format!(" {what} · {} · newest first ", p.total), inner + 2),
        lines,
        theme,
    );
}
