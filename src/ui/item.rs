//! Enter: the whole item in a panel that grows with the screen and scrolls:
//! the same facts as focus mode.

use crate::app::keymap::Keymap;
use crate::app::{Action, App, ItemPanel, Table};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Padding};

use crate::app::facts::laid_out;
use crate::domain::text::fit;
use crate::theme::Theme;

pub fn draw(
    app: &App,
    p: &ItemPanel,
    keymap: &Keymap,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let layout = app.item_frame();
    let rect = super::centered(
        area,
        crate::app::layout::item_panel_width(area.width),
        area.height,
    );
    let cols = laid_out(
        &p.facts,
        &app.config,
        app.total_items,
        layout.width,
        layout.two,
    );
    let close = keymap.key(Table::Item, Action::Close);
    let title = fit(
        &format!(" {} — {close} closes ", p.facts.item.code()),
        usize::from(rect.width.saturating_sub(2)),
    );
    super::clear(frame, rect, theme);
    let block = Block::bordered()
        .title(title)
        .border_style(theme.panel_border())
        .padding(Padding::horizontal(1));
    let inner = block.inner(rect);
    let mut y = inner.y;
    for l in &cols.head {
        if y >= inner.y + inner.height {
            break;
        }
        frame.render_widget(
            super::facts::line(l, theme),
            Rect {
                y,
                height: 1,
                ..inner
            },
        );
        y += 1;
    }
    y += 1;
    let body = Rect {
        y: y.min(inner.y + inner.height),
        height: (inner.y + inner.height).saturating_sub(y),
        ..inner
    };
    let (above, below) = super::facts::draw_columns(&cols, p.scroll, theme, frame, body);
    let mut block = block;
    if let Some(more) = super::facts::more(above, below) {
        let keys = keymap.pair(Table::Item, Action::SelectDown, Action::SelectUp);
        block = block.title_bottom(
            Line::styled(format!(" {more} · {keys} scroll "), theme.dim()).right_aligned(),
        );
    }
    frame.render_widget(block, rect);
}
