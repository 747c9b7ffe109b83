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

/// The lines of block `b` that are on screen (`b.shown`).
/// Cells for a rank and for an item code, wide enough for the largest.
#[derive(Clone, Copy)]
struct Widths {
    rank: usize,
    code: usize,
}

impl Widths {
    fn for_items(total: usize) -> Widths {
        let digits = total.max(1).ilog10() as usize + 1;
        Widths {
            rank: digits.max(4),
            code: (digits + 2).max(7),
        }
    }
}

fn block_lines(
    b: &ReleaseBlock,
    dod_total: usize,
    selected: bool,
    (w, widths): (usize, Widths),
    theme: &Theme,
) -> Vec<Line<'static>> {
    let r = &b.release;
    let count = b.count.unwrap_or(0);
    let mut lines = Vec::with_capacity(b.shown.len());
    for line in b.shown.clone() {
        if line == 0 {
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
            lines.push(Line::styled(
                fit(
                    &format!(
                        "{marker}{}  {}  {when}{}",
                        sanitize(&r.name),
                        state_mark(r.state),
                        b.forecast
                            .as_ref()
                            .map_or_else(String::new, |f| format!(" · forecast {}", f.label()))
                    ),
                    w,
                ),
                head_style,
            ));
        } else if line == 1 {
            let s = b.stats.unwrap_or_default();
            lines.push(Line::raw(fit(
                &format!(
                    "    {count} items · {}/{} points done · DoR met by {}/{count} · DoD {}/{dod_total}{}",
                    s.points_done,
                    s.points_planned,
                    s.dor_met,
                    s.dod_met,
                    r.accepted_by
                        .as_deref()
                        .map_or_else(String::new, |by| format!(" · accepted by {}", sanitize(by)))
                ),
                w,
            )));
        } else if line + 1 == b.height() {
            lines.push(Line::raw(""));
        } else if count == 0 {
            lines.push(Line::styled(
                "    (nothing planned: r on an item plans it)",
                theme.dim(),
            ));
        } else if let Some((rank, item, risk)) = b.item_on_line(line) {
            let text = format!(
                "    {rank:>rw$} {:<cw$} {:<12} {}",
                item.code(),
                item.state.label(),
                sanitize(&item.title),
                rw = widths.rank,
                cw = widths.code,
            );
            match risk {
                Some(why) => lines.push(Line::from(vec![
                    Span::raw(fit(&text, w.saturating_sub(why.len() + 4))),
                    Span::styled(format!("  ⚠ {why}"), theme.warning()),
                ])),
                None => lines.push(Line::raw(fit(&text, w))),
            }
        } else {
            lines.push(Line::raw(""));
        }
    }
    lines
}

/// The view's title; while the selected release is longer than the screen,
/// it says which of its items are shown and how to page through them.
fn title(app: &App, visible: usize) -> String {
    let v = &app.releases;
    let Some(b) = v.selected_block().filter(|b| b.height() > visible) else {
        return " Releases by target date · A accepts · R releases ".to_string();
    };
    let (down, up) = (
        app.keymap.normal(Action::PageDown),
        app.keymap.normal(Action::PageUp),
    );
    let count = b.count.unwrap_or(0);
    if b.shown.start == 0 {
        return format!(
            " Releases by target date · {} has {count} items: {down} pages through them ",
            sanitize(&b.release.name)
        );
    }
    let first = (b.shown.start + 1).saturating_sub(2).clamp(1, count);
    let last = b.shown.end.saturating_sub(2).clamp(first, count);
    format!(
        " {} · items {first}–{last} of {count} · {down}/{up} pages ",
        sanitize(&b.release.name)
    )
}

/// Draws the releases on screen; the reducer loaded only their lines.
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
    let visible = usize::from(main.height.saturating_sub(2));
    let widths = Widths::for_items(app.total_items);
    let mut lines = Vec::with_capacity(visible);
    for (i, b) in v.blocks.iter().enumerate() {
        if !b.shown.is_empty() {
            let selected = i == v.selected;
            lines.extend(block_lines(b, v.dod_total, selected, (w, widths), theme));
        }
    }
    if side.is_none() && !v.unplanned_ready.is_empty() && v.end_shown() {
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
    lines.truncate(visible);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .border_style(theme.column_border(true, false))
                .title(Line::styled(
                    fit(&title(app, visible), w),
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
