//! `?`: the keymap, generated from the live binding tables, scrollable.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::app::keymap::{Key, Keymap};
use crate::app::{Action, Table};
use crate::domain::text::{fit, width};
use crate::theme::Theme;

/// Every line of the help, so the view and its scrolling agree.
pub fn lines(keymap: &Keymap, theme: &Theme) -> Vec<Line<'static>> {
    let label = |keys: &[Key]| keys.iter().map(|k| k.label()).collect::<Vec<_>>().join(" ");
    let shown = || {
        keymap
            .sections()
            .iter()
            .filter(|s| s.bindings.iter().any(|b| !b.keys.is_empty()))
    };
    let key_width = shown()
        .flat_map(|s| s.bindings.iter())
        .map(|b| width(&label(&b.keys)))
        .max()
        .unwrap_or(8);
    let mut out = Vec::new();
    for (i, section) in shown().enumerate() {
        if i > 0 {
            out.push(Line::raw(""));
        }
        out.push(Line::styled(section.title.clone(), theme.heading()));
        for b in section.bindings.iter().filter(|b| !b.keys.is_empty()) {
            let keys = label(&b.keys);
            let pad = key_width.saturating_sub(width(&keys));
            out.push(Line::from(vec![
                Span::styled(format!("  {keys}{}", " ".repeat(pad)), theme.heading()),
                Span::raw(format!("  {}", b.help)),
            ]));
        }
    }
    out
}

pub fn draw(scroll: usize, keymap: &Keymap, theme: &Theme, frame: &mut Frame, area: Rect) {
    let all = lines(keymap, theme);
    let widest = all.iter().map(Line::width).max().unwrap_or(40) as u16;
    // On a wide screen the list stands in two columns, split between sections,
    // so half as much of it needs scrolling.
    let two = area.width >= 2 * widest + 7 && all.len() + 2 > usize::from(area.height);
    let columns: Vec<Vec<Line>> = if two {
        let half = all.len() / 2;
        let split = (half..all.len())
            .find(|&i| all[i].width() == 0)
            .unwrap_or(half);
        let mut left = all;
        let right: Vec<Line> = left.split_off(split).into_iter().skip(1).collect();
        vec![left, right]
    } else {
        vec![all]
    };
    let rows = columns.iter().map(Vec::len).max().unwrap_or(0);
    let width = if two { 2 * widest + 7 } else { widest + 4 };
    let rect = super::centered(area, width, rows as u16 + 2);
    let visible = usize::from(rect.height.saturating_sub(2));
    let scroll = scroll.min(rows.saturating_sub(visible));
    let more = rows > visible;
    let room = usize::from(rect.width.saturating_sub(2));
    let close = keymap.key(Table::Help, Action::Close);
    let title = fit(&format!(" Keys — {close} closes "), room);
    let mut block = Block::bordered()
        .title(title)
        .border_style(theme.panel_border());
    if more {
        let scroll = keymap.pair(Table::Help, Action::SelectDown, Action::SelectUp);
        block = block.title_bottom(Line::raw(format!(" {scroll} scroll ")).right_aligned());
    }
    super::clear(frame, rect, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let col_w = if two { widest + 2 } else { inner.width };
    for (i, column) in columns.into_iter().enumerate() {
        let shown: Vec<Line> = column.into_iter().skip(scroll).take(visible).collect();
        let x = inner.x + i as u16 * (col_w + 3);
        frame.render_widget(
            Paragraph::new(shown),
            Rect {
                x,
                width: col_w.min(inner.width.saturating_sub(x - inner.x)),
                ..inner
            },
        );
    }
}
