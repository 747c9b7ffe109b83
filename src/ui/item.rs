//! Enter: the whole item, large enough to read to a room.

use crate::app::keymap::Keymap;
use crate::app::{Action, Table};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::domain::text::{fit, sanitize};
use crate::store::ItemDetail;
use crate::theme::Theme;

fn list_or(items: &[String], none: &str) -> String {
    if items.is_empty() {
        none.to_string()
    } else {
        sanitize(&items.join(", "))
    }
}

pub fn draw(
    detail: &ItemDetail,
    total: usize,
    keymap: &Keymap,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let rect = super::centered(area, area.width.saturating_sub(4).min(110), area.height);
    let inner_w = usize::from(rect.width.saturating_sub(4));
    let it = &detail.item;
    let p = |v: Option<u32>| v.map_or_else(|| "not estimated".to_string(), |v| v.to_string());
    let label = |s: &'static str| Span::styled(s, theme.heading());
    let mut lines = vec![
        Line::from(vec![
            Span::styled(it.code(), theme.kind(it.kind)),
            Span::raw(format!(
                "  {}  ·  rank {} of {total}",
                it.kind.label(),
                detail.rank
            )),
        ]),
        Line::styled(sanitize(&it.title), theme.column_title(false)),
        Line::raw(""),
        Line::from(vec![label("State      "), Span::raw(it.state.label())]),
        Line::from(vec![
            label("Value      "),
            Span::raw(p(it.value)),
            label("    Effort  "),
            Span::raw(p(it.effort)),
        ]),
        Line::from(vec![
            label("Releases   "),
            Span::raw(list_or(&detail.releases, "not planned")),
        ]),
        Line::from(vec![
            label("Requested  "),
            Span::raw(list_or(&detail.requested_by, "no stakeholder recorded")),
        ]),
        Line::raw(""),
        Line::styled("Description", theme.heading()),
    ];
    if it.description.trim().is_empty() {
        lines.push(Line::styled("(none yet)", theme.dim()));
    } else {
        // Keep paragraph breaks; sanitise each line on its own.
        lines.extend(it.description.lines().map(|l| Line::raw(sanitize(l))));
    }
    lines.push(Line::raw(""));
    let progress = crate::domain::team::Progress::of(&detail.children);
    lines.push(Line::styled(
        if detail.children.is_empty() {
            "Team items".to_string()
        } else {
            format!(
                "Team items  {}  ·  {}/{} points done",
                progress.gauge(5),
                progress.done_points,
                progress.total_points
            )
        },
        theme.heading(),
    ));
    if detail.children.is_empty() {
        lines.push(Line::styled(
            "(not split to any team yet: s splits it)",
            theme.dim(),
        ));
    }
    for c in &detail.children {
        let mark = match c.state {
            crate::domain::team::TeamState::Todo => "[ ]",
            crate::domain::team::TeamState::Doing => "[~]",
            crate::domain::team::TeamState::Done => "[x]",
        };
        let effort = c.effort.map_or_else(String::new, |e| format!(" · {e} pts"));
        lines.push(Line::raw(fit(
            &format!(
                "{mark} {}  {} ({}){effort}",
                c.code(),
                sanitize(&c.title),
                c.item_type
            ),
            inner_w,
        )));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("History", theme.heading()));
    if detail.history.is_empty() {
        lines.push(Line::styled("(no changes recorded)", theme.dim()));
    }
    for c in &detail.history {
        let when = c.at.get(..16).unwrap_or(&c.at).replace('T', " ");
        lines.push(Line::raw(fit(
            &format!("{when}  {}  {}", sanitize(&c.who), sanitize(&c.summary)),
            inner_w,
        )));
    }
    let close = keymap.key(Table::Item, Action::Close);
    let title = fit(&format!(" {} — {close} closes ", it.code()), inner_w);
    super::panel(frame, rect, title, lines, theme);
}
