//! The Portfolio view: portfolio items in rank order, each opening to the
//! cluster items derived from it, with how far they are through the teams.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Row, Table};

use crate::app::keymap::Keymap;
use crate::app::portfolio_item::PortfolioDetail;
use crate::app::{Action, App, PortfolioRow, Table as Keys};
use crate::domain::text::{fit, sanitize};
use crate::theme::Theme;

/// Title of a state key on the portfolio Kanban, as configured.
fn state_title(app: &App, key: &str) -> String {
    app.config.portfolio_state_title(key)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Rank,
    Id,
    Kind,
    Title,
    State,
    Value,
    Progress,
    Points,
    Owner,
}

impl Col {
    fn header(self) -> &'static str {
        match self {
            Col::Rank => "Rank",
            Col::Id => "ID",
            Col::Kind => "Kind",
            Col::Title => "Title",
            Col::State => "State",
            Col::Value => "Value",
            Col::Progress => "Done",
            Col::Points => "Points",
            Col::Owner => "Owner",
        }
    }

    fn right(self) -> bool {
        matches!(self, Col::Rank | Col::Value | Col::Points)
    }
}

const ALL: [Col; 9] = [
    Col::Rank,
    Col::Id,
    Col::Kind,
    Col::Title,
    Col::State,
    Col::Value,
    Col::Progress,
    Col::Points,
    Col::Owner,
];
/// Left out first to last when the title would get too narrow.
const DROP_ORDER: [Col; 5] = [Col::Kind, Col::Owner, Col::Points, Col::Value, Col::State];
const MIN_TITLE: u16 = 28;

fn width_of(c: Col, rank: u16, id: u16, state: u16) -> u16 {
    match c {
        Col::Rank => rank,
        Col::Id => id,
        Col::Kind => 19,
        Col::Title => 0,
        Col::State => state,
        Col::Value => 5,
        Col::Progress => 10,
        Col::Points => 11,
        Col::Owner => 16,
    }
}

fn cell<'a>(app: &App, row: &PortfolioRow, c: Col, title_w: usize, theme: &Theme) -> Line<'a> {
    let num = |v: Option<u32>| v.map_or_else(|| "–".to_string(), |n| n.to_string());
    let line = match row {
        PortfolioRow::Item {
            rank,
            item,
            rollup,
            expanded,
        } => match c {
            Col::Rank => Line::from(rank.to_string()),
            Col::Id => Line::styled(item.code(), theme.heading()),
            Col::Kind => Line::from(fit(&sanitize(&item.kind), 19)),
            Col::Title => {
                let mark = match (rollup.items, expanded) {
                    (0, _) => "  ",
                    (_, true) => "▾ ",
                    (_, false) => "▸ ",
                };
                Line::from(vec![
                    Span::raw(mark),
                    Span::styled(
                        fit(&sanitize(&item.title), title_w.saturating_sub(2)),
                        theme.title(),
                    ),
                ])
            }
            Col::State => Line::from(fit(&state_title(app, &item.state), 17)),
            Col::Value => Line::from(num(item.value)),
            Col::Progress if rollup.items == 0 => Line::styled("no items", theme.dim()),
            Col::Progress => Line::from(rollup.progress().gauge(3)),
            Col::Points if rollup.points == 0 => Line::from(""),
            Col::Points => Line::from(format!("{}/{}", rollup.points_done, rollup.points)),
            Col::Owner => Line::from(fit(&sanitize(&item.owner), 16)),
        },
        PortfolioRow::Derived { row, .. } => {
            let it = &row.item;
            match c {
                Col::Rank => Line::styled(row.rank.to_string(), theme.dim()),
                Col::Id => Line::styled(it.code(), theme.kind(it.kind)),
                Col::Kind => Line::styled(it.kind.label().to_string(), theme.dim()),
                Col::Title => Line::from(format!(
                    "  └ {}",
                    fit(&sanitize(&it.title), title_w.saturating_sub(4))
                )),
                Col::State => Line::from(it.state.label()),
                Col::Value => Line::from(num(it.value)),
                Col::Progress => Line::from(row.progress.gauge(3)),
                Col::Points => Line::from(it.effort.map_or_else(String::new, |e| e.to_string())),
                Col::Owner => Line::from(""),
            }
        }
    };
    if c.right() {
        line.right_aligned()
    } else {
        line
    }
}

pub fn draw(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let v = &app.portfolio;
    let digits = |n: usize| n.max(1).ilog10() as u16 + 1;
    let rank_w = digits(app.total_items.max(v.items)).max(4);
    let id_w = v
        .rows
        .iter()
        .map(|r| match r {
            PortfolioRow::Item { item, .. } => item.code().len(),
            PortfolioRow::Derived { row, .. } => row.item.code().len(),
        })
        .max()
        .unwrap_or(3)
        .max(3) as u16;
    let state_w = v
        .rows
        .iter()
        .map(|r| match r {
            PortfolioRow::Item { item, .. } => {
                crate::domain::text::width(&state_title(app, &item.state))
            }
            PortfolioRow::Derived { row, .. } => row.item.state.label().len(),
        })
        .max()
        .unwrap_or(5)
        .clamp(5, 17) as u16;
    let mut cols = ALL.to_vec();
    let fixed = |cols: &[Col]| -> u16 {
        cols.iter()
            .map(|&c| width_of(c, rank_w, id_w, state_w))
            .sum::<u16>()
            + cols.len() as u16
            + 3
    };
    for drop in DROP_ORDER {
        if area.width.saturating_sub(fixed(&cols)) >= MIN_TITLE {
            break;
        }
        cols.retain(|&c| c != drop);
    }
    let title_w = usize::from(area.width.saturating_sub(fixed(&cols))).max(8);
    let header = Row::new(cols.iter().map(|&c| {
        let l = Line::from(c.header());
        Cell::from(if c.right() { l.right_aligned() } else { l })
    }))
    .style(theme.table_header());
    let rows = v.rows.iter().map(|row| {
        Row::new(
            cols.iter()
                .map(|&c| Cell::from(cell(app, row, c, title_w, theme))),
        )
    });
    let widths = cols.iter().map(|&c| match c {
        Col::Title => Constraint::Fill(1),
        other => Constraint::Length(width_of(other, rank_w, id_w, state_w)),
    });
    let below = v.count.saturating_sub(v.scroll + v.rows.len());
    let room = usize::from(area.width.saturating_sub(2));
    let count = format!(
        " Portfolio · {} item{} in rank order",
        v.items,
        if v.items == 1 { "" } else { "s" }
    );
    let long = format!("{count} · {} ", v.share.sentence());
    let title = if crate::domain::text::width(&long) <= room {
        long
    } else {
        format!("{count} · {} ", v.share.short())
    };
    let mut block = Block::bordered()
        .border_style(theme.column_border(true, false))
        .title(Line::styled(fit(&title, room), theme.column_title(true)));
    if let Some(note) = super::more_note(v.scroll, below, theme) {
        block = block.title_bottom(note);
    }
    let table = Table::new(rows, widths).header(header).block(block);
    super::draw_list(
        frame,
        area,
        table,
        super::ListPlace {
            count: v.count,
            selected: v.selected,
            scroll: v.scroll,
        },
        &format!(
            "No portfolio items yet: press {} to add one, or run `clusterboard portfolio add`.",
            app.keymap.normal(Action::NewItem)
        ),
        theme,
    );
}

/// Enter on a portfolio item: its texts, business case and derived items.
pub fn draw_detail(
    d: &PortfolioDetail,
    keymap: &Keymap,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let rect = super::centered(area, area.width.saturating_sub(4).min(110), area.height);
    let inner_w = usize::from(rect.width.saturating_sub(4));
    let it = &d.item;
    let label = |s: &'static str| Span::styled(s, theme.heading());
    let mut lines = vec![
        Line::from(vec![
            Span::styled(it.code(), theme.heading()),
            Span::raw(format!(
                "  {}  ·  portfolio rank {}",
                sanitize(&it.kind),
                d.rank
            )),
        ]),
        Line::styled(sanitize(&it.title), theme.column_title(false)),
        Line::raw(""),
        Line::from(vec![label("State      "), Span::raw(sanitize(&d.state))]),
        Line::from(vec![
            label("Owner      "),
            Span::raw(if it.owner.is_empty() {
                "no portfolio owner named".to_string()
            } else {
                sanitize(&it.owner)
            }),
        ]),
        Line::from(vec![
            label("Value      "),
            Span::raw(
                it.value
                    .map_or_else(|| "not estimated".to_string(), |v| v.to_string()),
            ),
        ]),
        Line::raw(""),
        Line::styled("Description", theme.heading()),
    ];
    if it.description.trim().is_empty() {
        lines.push(Line::styled("(none yet)", theme.dim()));
    } else {
        lines.extend(it.description.lines().map(|l| Line::raw(sanitize(l))));
    }
    lines.push(Line::raw(""));
    let editor = keymap.normal(Action::EditInEditor);
    match &it.business_case {
        Some(case) if !case.is_empty() => {
            lines.push(Line::styled("Business case", theme.heading()));
            for (heading, text) in case.sections() {
                if text.trim().is_empty() {
                    continue;
                }
                lines.push(Line::styled(heading.to_string(), theme.dim()));
                lines.extend(text.lines().map(|l| Line::raw(sanitize(l))));
            }
            lines.push(Line::from(vec![
                Span::styled("Criticality  ", theme.dim()),
                Span::raw(case.criticality.as_str()),
                Span::raw(match case.priority(it.value, None) {
                    Some(p) => format!("  ·  value per effort point {p:.2}"),
                    None => String::new(),
                }),
            ]));
            if !case.if_late.trim().is_empty() {
                lines.push(Line::styled("If we do not do it in time", theme.dim()));
                lines.push(Line::raw(sanitize(&case.if_late)));
            }
            for o in &case.options {
                let mut facts = Vec::new();
                if let Some(e) = o.effort {
                    facts.push(format!("{e} pts"));
                }
                if let Some(m) = o.investment {
                    facts.push(format!("investment {m}"));
                }
                for (what, text) in [
                    ("teams", &o.teams),
                    ("risks", &o.risks),
                    ("depends on", &o.dependencies),
                ] {
                    if !text.trim().is_empty() {
                        facts.push(format!("{what}: {}", sanitize(text)));
                    }
                }
                lines.push(Line::raw(format!("Option: {}", sanitize(&o.name))));
                if !facts.is_empty() {
                    lines.push(Line::raw(format!("  {}", facts.join(" · "))));
                }
            }
        }
        _ => {
            lines.push(Line::styled("Business case", theme.heading()));
            lines.push(Line::styled(
                format!("(none yet: close this and press {editor} to write its NABC or lean business case)"),
                theme.dim(),
            ));
        }
    }
    lines.push(Line::raw(""));
    let r = &d.rollup;
    lines.push(Line::styled(
        if r.items == 0 {
            "Derived cluster items".to_string()
        } else {
            format!(
                "Derived cluster items  {}  ·  {} of {} done  ·  {}/{} points done",
                r.progress().gauge(5),
                r.items_done,
                r.items,
                r.points_done,
                r.points
            )
        },
        theme.heading(),
    ));
    if d.derived.is_empty() {
        lines.push(Line::styled(
            format!(
                "(none yet: close this and press {} to derive one)",
                keymap.normal(Action::Derive)
            ),
            theme.dim(),
        ));
    }
    for row in &d.derived {
        let item = &row.item;
        lines.push(Line::raw(fit(
            &format!(
                "{:>5}  {}  {}  ·  {}  {}",
                row.rank,
                item.code(),
                sanitize(&item.title),
                item.state.label(),
                row.progress.gauge(3)
            ),
            inner_w,
        )));
    }
    if r.items > d.derived.len() {
        lines.push(Line::styled(
            format!("… and {} more", r.items - d.derived.len()),
            theme.dim(),
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("History", theme.heading()));
    if d.history.is_empty() {
        lines.push(Line::styled("(no changes recorded)", theme.dim()));
    }
    for c in &d.history {
        let when = c.at.get(..16).unwrap_or(&c.at).replace('T', " ");
        lines.push(Line::raw(fit(
            &format!("{when}  {}  {}", sanitize(&c.who), sanitize(&c.summary)),
            inner_w,
        )));
    }
    let skip = d.scroll.min(lines.len().saturating_sub(1));
    let lines = lines.split_off(skip);
    let close = keymap.key(Keys::Item, Action::Close);
    let title = fit(
        &format!(" {} — {close} closes, ↑↓ scroll ", it.code()),
        inner_w,
    );
    super::panel(frame, rect, title, lines, theme);
}
