//! What a command run on the `:` line printed: a listing or a report, scrolled.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

use crate::app::keymap::Keymap;
use crate::app::{Action, OutputPanel, Table};
use crate::domain::text::{fit, sanitize};
use crate::theme::Theme;

pub fn draw(p: &OutputPanel, keymap: &Keymap, theme: &Theme, frame: &mut Frame, area: Rect) {
    // As wide as the widest line, and as much of the screen as the output needs.
    let widest = p
        .lines
        .iter()
        .map(|l| crate::domain::text::width(&sanitize(l)))
        .max()
        .unwrap_or(0);
    let w = (widest as u16).saturating_add(4).max(40);
    let h = (p.lines.len() as u16).saturating_add(2).max(5);
    let rect = super::centered(area, w, h);
    let inner_w = usize::from(rect.width.saturating_sub(2));
    let visible = usize::from(rect.height.saturating_sub(2));
    let scroll = p.scroll.min(p.lines.len().saturating_sub(visible));
    let shown: Vec<Line> = p
        .lines
        .iter()
        .skip(scroll)
        .take(visible)
        .map(|l| Line::raw(fit(&sanitize(l), inner_w)))
        .collect();
    let close = keymap.key(Table::Output, Action::Close);
    let title = fit(
        &format!(" {} — {close} closes ", sanitize(&p.title)),
        inner_w,
    );
    let mut block = Block::bordered()
        .title(title)
        .border_style(theme.panel_border());
    if p.lines.len() > visible {
        let below = p.lines.len() - scroll - visible.min(p.lines.len() - scroll);
        let keys = keymap.pair(Table::Output, Action::SelectDown, Action::SelectUp);
        block = block.title_bottom(
            Line::raw(format!(" {keys} scroll · ↑{scroll} ↓{below} ")).right_aligned(),
        );
    }
    super::clear(frame, rect, theme);
    frame.render_widget(Paragraph::new(shown).block(block), rect);
}
