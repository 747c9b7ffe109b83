//! The Releases view (variants × versions by target date) and the `r` picker.

use crate::app::keymap::Keymap;
use crate::app::{Action, Table};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::app::{App, ReleaseBlock, ReleasePicker};
use crate::domain::release::ReleaseState;
use crate::domain::text::{fit, sanitize};
use crate::theme::Theme;

fn state_mark(s: ReleaseState) -> &'static str {
    match s {
        ReleaseState::Planned => "○ planned",
        ReleaseState::Accepted => "◐ accepted",
        ReleaseState::Released => "● released",
    }
}

fn block_lines(b: &ReleaseBlock, selected: bool, w: usize, theme: &Theme) -> Vec<Line<'static>> {
    let r = &b.release;
    let when = match (&r.target_date, b.days_left) {
        (Some(t), Some(d)) if r.state != ReleaseState::Released && d >= 0 => {
            format!("target {t} (in {d} days)")
        }
        (Some(t), Some(d)) if r.state != ReleaseState::Released => {
            format!("target {t} ({} days late)", -d)
        }
        (Some(t), _) => format!("target {t}"),
        (None, _) => "no target date".to_string(),
    };
    let head_style = if selected {
        theme.selected()
    } else {
        theme.heading()
    };
    let marker = if selected { "▶ " } else { "  " };
    let mut lines = vec![Line::styled(
        fit(
            &format!(
                "{marker}{}  {}  {when}",
                sanitize(&r.name),
                state_mark(r.state)
            ),
            w,
        ),
        head_style,
    )];
    lines.push(Line::raw(fit(
        &format!(
            "    {} items · {}/{} points done · DoR met by {}/{} · DoD {}/{}{}",
            b.items.len(),
            b.points_done,
            b.points_planned,
            b.dor_met,
            b.items.len(),
            b.dod_met,
            b.dod_total,
            r.accepted_by
                .as_deref()
                .map_or_else(String::new, |by| format!(" · accepted by {}", sanitize(by)))
        ),
        w,
    )));
    for (rank, item, risk) in &b.items {
        let text = format!(
            "    {rank:>4} {:<7} {:<12} {}",
            item.code(),
            item.state.label(),
            sanitize(&item.title)
        );
        match risk {
            Some(why) => lines.push(Line::from(vec![
                Span::raw(fit(&text, w.saturating_sub(why.len() + 4))),
                Span::styled(format!("  ⚠ {why}"), theme.warning()),
            ])),
            None => lines.push(Line::raw(fit(&text, w))),
        }
    }
    if b.items.is_empty() {
        lines.push(Line::styled(
            "    (nothing planned: r on an item plans it)",
            theme.dim(),
        ));
    }
    lines.push(Line::raw(""));
    lines
}

pub fn draw(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let v = &app.releases;
    let wide = area.width >= 120;
    let (main, side) = if wide {
        let [m, s] = Layout::horizontal([Constraint::Fill(3), Constraint::Fill(1)]).areas(area);
        (m, Some(s))
    } else {
        (area, None)
    };
    let w = usize::from(main.width.saturating_sub(2));
    let mut lines = Vec::new();
    let mut selected_line = 0;
    for (i, b) in v.blocks.iter().enumerate() {
        if i == v.selected {
            selected_line = lines.len();
        }
        lines.extend(block_lines(b, i == v.selected, w, theme));
    }
    if side.is_none() && !v.unplanned_ready.is_empty() {
        lines.push(Line::styled(
            "Ready but planned into no release",
            theme.heading(),
        ));
        for i in &v.unplanned_ready {
            lines.push(Line::raw(fit(
                &format!("    {:<7} {}", i.code(), sanitize(&i.title)),
                w,
            )));
        }
    }
    if v.blocks.is_empty() {
        lines.push(Line::styled(
            "No releases yet: clusterboard release add Pro 2.2 --target 2027-01-29",
            theme.dim(),
        ));
    }
    // Keep the selected release's head on screen.
    let visible = usize::from(main.height.saturating_sub(2));
    let scroll = selected_line.saturating_sub(visible / 3) as u16;
    frame.render_widget(
        Paragraph::new(lines).scroll((scroll, 0)).block(
            Block::bordered()
                .border_style(theme.column_border(true, false))
                .title(Line::styled(
                    fit(
                        " Releases by target date · A accepts · R releases ",
                        usize::from(main.width.saturating_sub(2)),
                    ),
                    theme.column_title(true),
                )),
        ),
        main,
    );
    if let Some(side) = side {
        let sw = usize::from(side.width.saturating_sub(2));
        let mut lines = Vec::new();
        for i in &v.unplanned_ready {
            lines.push(Line::raw(fit(
                &format!("{} {}", i.code(), sanitize(&i.title)),
                sw,
            )));
        }
        if lines.is_empty() {
            lines.push(Line::styled("(none)", theme.dim()));
        }
        frame.render_widget(
            Paragraph::new(lines).block(
                Block::bordered()
                    .border_style(theme.dim())
                    .title(fit(" Ready, not planned ", sw)),
            ),
            side,
        );
    }
}

pub fn draw_picker(
    p: &ReleasePicker,
    keymap: &Keymap,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let rect = super::centered(area, 60.min(area.width), p.releases.len() as u16 + 6);
    let w = usize::from(rect.width.saturating_sub(4));
    let mut lines = vec![
        Line::raw(fit(&format!("{}  {}", p.code, sanitize(&p.title)), w)),
        Line::raw(""),
    ];
    for (i, r) in p.releases.iter().enumerate() {
        let mark = if p.planned.contains(&r.name) {
            "[x]"
        } else {
            "[ ]"
        };
        let cursor = if i == p.cursor { "▶" } else { " " };
        let style = if i == p.cursor {
            theme.selected()
        } else {
            theme.text()
        };
        lines.push(Line::styled(
            fit(
                &format!(
                    "{cursor}{mark} {:<12} {:<10} {}",
                    sanitize(&r.name),
                    r.state.as_str(),
                    r.target_date.as_deref().unwrap_or("")
                ),
                w,
            ),
            style,
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        fit(
            &format!(
                "{} plans (one per variant) or takes out · {} closes",
                keymap.key(Table::Picker, Action::Toggle),
                keymap.key(Table::Picker, Action::Close)
            ),
            w,
        ),
        theme.dim(),
    ));
    super::panel(
        frame,
        rect,
        fit(" Plan into a release ", w + 2),
        lines,
        theme,
    );
}
