//! Drawing. Every function here reads `App` and draws; none queries the
//! database or changes state.

mod board;
mod help;
mod item;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

use crate::app::keymap::keys_for;
use crate::app::layout::{FOOTER_ROWS, HEADER_ROWS};
use crate::app::{Action, App, Level, Panel};
use crate::domain::text::{fit, sanitize, width, wrap};
use theme::Theme;

pub fn render(app: &App, frame: &mut Frame) {
    let theme = Theme {
        color: !app.no_color,
    };
    let [header, body, status, hints] = Layout::vertical([
        Constraint::Length(HEADER_ROWS),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(FOOTER_ROWS - 1),
    ])
    .areas(frame.area());

    draw_header(app, theme, frame, header);
    board::draw(app, theme, frame, body);
    // A long message takes the hint row too, so it is never cut off mid-sentence.
    if draw_status(app, theme, frame, status.union(hints)) < 2 {
        draw_hints(theme, frame, hints);
    }

    match &app.panel {
        Some(Panel::Help) => help::draw(theme, frame, body),
        Some(Panel::Item(detail)) => item::draw(detail, app.total_items, theme, frame, body),
        None => {}
    }
}

fn draw_header(app: &App, theme: Theme, frame: &mut Frame, area: Rect) {
    let w = usize::from(area.width);
    let right = format!("{} items · ? keys · q quit ", app.total_items);
    let left_room = w.saturating_sub(width(&right) + 1);
    let left = fit(
        &format!(" clusterboard ▸ Board ▸ {}", sanitize(&app.source)),
        left_room,
    );
    let pad = w.saturating_sub(width(&left) + width(&right));
    let line = Line::from(vec![
        Span::styled(left, theme.bar_accent()),
        Span::styled(" ".repeat(pad), theme.bar()),
        Span::styled(fit(&right, w), theme.bar()),
    ]);
    frame.render_widget(line, area);
}

/// Draws the status message; returns how many rows it took.
fn draw_status(app: &App, theme: Theme, frame: &mut Frame, area: Rect) -> u16 {
    let (prefix, style) = match app.status.level {
        Level::Info => ("", ratatui::style::Style::new()),
        Level::Warning => ("Warning: ", theme.warning()),
        Level::Error => ("Error: ", theme.error()),
    };
    let text = format!("{prefix}{}", sanitize(&app.status.text));
    let lines = wrap(
        &text,
        usize::from(area.width.saturating_sub(1)),
        usize::from(area.height),
    );
    for (i, line) in lines.iter().enumerate() {
        let row = Rect {
            y: area.y + i as u16,
            height: 1,
            ..area
        };
        frame.render_widget(Line::styled(format!(" {line}"), style), row);
    }
    lines.len() as u16
}

fn first_key(action: Action) -> String {
    keys_for(action)
        .split(' ')
        .next()
        .unwrap_or_default()
        .to_string()
}

fn draw_hints(theme: Theme, frame: &mut Frame, area: Rect) {
    let pairs = [
        (
            format!(
                "{}{}{}{}/←↓↑→",
                first_key(Action::SelectLeft),
                first_key(Action::SelectDown),
                first_key(Action::SelectUp),
                first_key(Action::SelectRight)
            ),
            "select",
        ),
        (
            format!(
                "{}/{}",
                first_key(Action::MoveCardLeft),
                first_key(Action::MoveCardRight)
            ),
            "column",
        ),
        (
            format!(
                "{}/{}",
                first_key(Action::RankUp),
                first_key(Action::RankDown)
            ),
            "rank",
        ),
        (first_key(Action::OpenItem), "open"),
        (first_key(Action::ToggleHelp), "keys"),
        (first_key(Action::Quit), "quit"),
    ];
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for (keys, what) in pairs {
        let need = width(&keys) + 1 + what.len() + 3;
        if used + need > usize::from(area.width) {
            break;
        }
        used += need;
        spans.push(Span::styled(keys, theme.heading()));
        spans.push(Span::raw(format!(" {what}   ")));
    }
    frame.render_widget(Line::from(spans), area);
}

/// A rectangle of at most `w`×`h` centred in `area`.
pub(crate) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}
