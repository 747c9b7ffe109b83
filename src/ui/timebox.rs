//! The timebox in the header: the countdown three rows tall at the left, the
//! item it belongs to beside it, and when the time is up an alert in words
//! (`TIME IS UP`) as well as in the alert style.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::bigtext::{big, big_width};
use crate::app::{Action, App};
use crate::domain::text::{fit, sanitize};
use crate::domain::timebox::spoken;
use crate::theme::Theme;

/// Draws a running timebox into a three-row header; returns the one-row area
/// left for the title bar, or `None` when the header is one row (the bar then
/// shows the countdown itself).
pub fn draw(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) -> Option<Rect> {
    let t = app.screen.timebox.as_ref()?;
    if area.height < 3 {
        return None;
    }
    let (clock, up) = app.timebox_clock()?;
    let digits = big(&clock);
    let block_w = (big_width(&clock) + 4) as u16;
    let style = if up { theme.alert() } else { theme.timer() };
    frame.buffer_mut().set_style(
        Rect {
            width: block_w.min(area.width),
            ..area
        },
        style,
    );
    for (i, row) in digits.iter().enumerate() {
        frame.render_widget(
            Line::styled(format!("  {row}"), style),
            Rect {
                x: area.x,
                y: area.y + i as u16,
                width: block_w.min(area.width),
                height: 1,
            },
        );
    }
    let rest = Rect {
        x: area.x + block_w.min(area.width),
        width: area.width.saturating_sub(block_w),
        ..area
    };
    let w = usize::from(rest.width.saturating_sub(1));
    let key = app.keymap.normal(Action::Timebox);
    let about = format!("{} \"{}\"", t.code, sanitize(&t.title));
    let (first, second) = if up {
        (
            vec![
                Span::styled(" ⏰ TIME IS UP ", theme.alert()),
                Span::styled(
                    fit(&format!("  {about}"), w.saturating_sub(15)),
                    theme.title(),
                ),
            ],
            format!(
                " {} over the {} timebox · {key} on it stops it and records the time",
                spoken(t.over(app.screen.clock.now())),
                spoken(t.length)
            ),
        )
    } else {
        (
            vec![
                Span::styled(" ⏱ Timebox ", theme.timer()),
                Span::styled(fit(&about, w.saturating_sub(11)), theme.title()),
            ],
            format!(
                " {} left of {} · {key} on it stops it and records the time",
                crate::domain::timebox::clock(t.left(app.screen.clock.now())),
                spoken(t.length)
            ),
        )
    };
    frame.render_widget(
        Line::from(first),
        Rect {
            y: rest.y + 1,
            height: 1,
            ..rest
        },
    );
    frame.render_widget(
        Line::styled(fit(&second, w), theme.dim()),
        Rect {
            y: rest.y + 2,
            height: 1,
            ..rest
        },
    );
    Some(Rect { height: 1, ..rest })
}
