//! The Definition of Ready checklist of one item.

use crate::app::keymap::Keymap;
use crate::app::{Action, Table};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Padding, Paragraph};

use crate::app::DorPanel;
use crate::domain::text::{fit, sanitize};
use crate::theme::Theme;

pub fn draw(p: &DorPanel, keymap: &Keymap, theme: &Theme, frame: &mut Frame, area: Rect) {
    let height = p.points.len() as u16 + 6;
    // Wider on a wide screen, so every point reads on one line.
    let rect = super::centered(
        area,
        area.width.saturating_sub(4).min((area.width / 2).max(72)),
        height,
    );
    let inner_w = usize::from(rect.width.saturating_sub(4));
    let met = p.points.iter().filter(|(_, m)| *m).count();
    let mut lines = vec![
        Line::raw(fit(&format!("{}  {}", p.code, sanitize(&p.title)), inner_w)),
        Line::raw(""),
    ];
    for (i, (point, ok)) in p.points.iter().enumerate() {
        let mark = if *ok { "[x]" } else { "[ ]" };
        let cursor = if i == p.cursor { "▶" } else { " " };
        let style = if i == p.cursor {
            theme.selected()
        } else {
            theme.text()
        };
        lines.push(Line::styled(
            fit(&format!("{cursor}{mark} {}", point.text), inner_w),
            style,
        ));
    }
    lines.push(Line::raw(""));
    let (what, done) = match p.target {
        crate::app::dor::Checklist::Item(_) => ("Definition of Ready", "ready to move into Ready"),
        crate::app::dor::Checklist::Release(_) => {
            ("Definition of Done", "the release can be accepted")
        }
    };
    let summary = if met == p.points.len() {
        format!("✓ all {met} points met: {done}")
    } else {
        format!("{met} of {} points met", p.points.len())
    };
    lines.push(Line::styled(summary, theme.heading()));
    super::clear(frame, rect, theme);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .title(fit(
                    &format!(
                        " {what} · {} ticks · {} closes ",
                        keymap.key(Table::Dor, Action::Toggle),
                        keymap.key(Table::Dor, Action::Close)
                    ),
                    inner_w + 2,
                ))
                .border_style(theme.panel_border())
                .padding(Padding::horizontal(1)),
        ),
        rect,
    );
}
