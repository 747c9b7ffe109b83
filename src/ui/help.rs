//! `?`: the keymap, generated from the live bindings.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::theme::Theme;
use crate::app::keymap::{BINDINGS, Group};
use crate::domain::text::fit;

pub fn draw(theme: Theme, frame: &mut Frame, area: Rect) {
    let key_width = BINDINGS
        .iter()
        .map(|b| {
            b.keys
                .iter()
                .map(|k| k.label())
                .collect::<Vec<_>>()
                .join(" ")
                .chars()
                .count()
        })
        .max()
        .unwrap_or(8);
    let groups = [Group::Select, Group::Change, Group::View];
    let rows_needed = BINDINGS.len() + groups.len() * 2;
    let spacious = rows_needed + 2 <= usize::from(area.height);
    let mut lines = Vec::new();
    for group in groups {
        if spacious && !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(group.title(), theme.heading()));
        for b in BINDINGS.iter().filter(|b| b.group == group) {
            let keys = b
                .keys
                .iter()
                .map(|k| k.label())
                .collect::<Vec<_>>()
                .join(" ");
            let pad = key_width.saturating_sub(keys.chars().count());
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys}{}", " ".repeat(pad)), theme.heading()),
                Span::raw(format!("  {}", b.help)),
            ]));
        }
    }
    let width = lines.iter().map(Line::width).max().unwrap_or(40) as u16 + 4;
    let rect = super::centered(area, width, lines.len() as u16 + 2);
    let title = fit(
        " Keys — Esc or ? closes ",
        usize::from(rect.width.saturating_sub(2)),
    );
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(title).border_style(theme.heading())),
        rect,
    );
}
