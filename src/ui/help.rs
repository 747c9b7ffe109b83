//! `?`: the keymap, generated from the live binding tables, scrollable.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::theme::Theme;
use crate::app::keymap::SECTIONS;
use crate::domain::text::{fit, width};

/// Every line of the help, so the view and its scrolling agree.
pub fn lines(theme: Theme) -> Vec<Line<'static>> {
    let label = |keys: &[crate::app::keymap::Key]| {
        keys.iter().map(|k| k.label()).collect::<Vec<_>>().join(" ")
    };
    let key_width = SECTIONS
        .iter()
        .flat_map(|s| s.bindings.iter())
        .map(|b| width(&label(b.keys)))
        .max()
        .unwrap_or(8);
    let mut out = Vec::new();
    for (i, section) in SECTIONS.iter().enumerate() {
        if i > 0 {
            out.push(Line::raw(""));
        }
        out.push(Line::styled(section.title, theme.heading()));
        for b in section.bindings {
            let keys = label(b.keys);
            let pad = key_width.saturating_sub(width(&keys));
            out.push(Line::from(vec![
                Span::styled(format!("  {keys}{}", " ".repeat(pad)), theme.heading()),
                Span::raw(format!("  {}", b.help)),
            ]));
        }
    }
    out
}

pub fn draw(scroll: usize, theme: Theme, frame: &mut Frame, area: Rect) {
    let all = lines(theme);
    let width = all.iter().map(Line::width).max().unwrap_or(40) as u16 + 4;
    let rect = super::centered(area, width, all.len() as u16 + 2);
    let visible = usize::from(rect.height.saturating_sub(2));
    let scroll = scroll.min(all.len().saturating_sub(visible));
    let more = all.len() > visible;
    let shown: Vec<Line> = all.into_iter().skip(scroll).take(visible).collect();
    let room = usize::from(rect.width.saturating_sub(2));
    let title = fit(" Keys — Esc closes ", room);
    let mut block = Block::bordered().title(title).border_style(theme.heading());
    if more {
        block = block.title_bottom(Line::raw(" j/k scroll ").right_aligned());
    }
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(shown).block(block), rect);
}
