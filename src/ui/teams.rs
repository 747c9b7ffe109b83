//! The Teams view: a tab per team and its backlog, each row linked to its parent.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table};

use crate::app::App;
use crate::domain::team::TeamState;
use crate::domain::text::{fit, sanitize, width, wrap};
use crate::theme::Theme;

/// `[ ]`, `[~]`, `[x]`: the state readable without colour.
fn state_mark(s: TeamState) -> &'static str {
    match s {
        TeamState::Todo => "[ ] to do",
        TeamState::Doing => "[~] doing",
        TeamState::Done => "[x] done",
    }
}

fn draw_tabs(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let t = &app.teams;
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for (i, team) in t.teams.iter().enumerate() {
        let label = if i == t.tab {
            format!("[{} {}]", team.code, sanitize(&team.name))
        } else {
            format!(" {} ", team.code)
        };
        used += width(&label) + 1;
        if used > usize::from(area.width) {
            spans.push(Span::raw("…"));
            break;
        }
        let style = if i == t.tab {
            theme.bar_accent()
        } else {
            theme.text()
        };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
    }
    if t.teams.is_empty() {
        spans.push(Span::styled(
            format!(
                "No teams yet: type {}team add PAY \"Payments\" --capacity 34",
                app.keymap.normal(crate::app::Action::OpenCommandLine)
            ),
            theme.dim(),
        ));
    }
    frame.render_widget(Line::from(spans), area);
}

/// The selected team item's details: what it is, where it hangs, and its
/// description, wrapped to the box.
fn draw_details(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(row) = app.teams.selected_row() else {
        frame.render_widget(Block::bordered().border_style(theme.dim()), area);
        return;
    };
    let it = &row.item;
    let inner_w = usize::from(area.width.saturating_sub(4));
    let effort = it
        .effort
        .map_or_else(|| "no effort".to_string(), |e| format!("{e} points"));
    let mut lines = vec![Line::styled(
        fit(
            &format!(
                "{} · {} · {effort} · under {} {}",
                it.item_type,
                it.state.label(),
                it.parent,
                sanitize(&it.parent_title)
            ),
            inner_w,
        ),
        theme.dim(),
    )];
    let room = usize::from(area.height.saturating_sub(3));
    if it.description.trim().is_empty() {
        lines.push(Line::styled(
            fit(
                &format!(
                    "(no description: {}team-item edit {} --description \"…\" writes one)",
                    app.keymap.normal(crate::app::Action::OpenCommandLine),
                    it.code()
                ),
                inner_w,
            ),
            theme.dim(),
        ));
    } else {
        let mut text: Vec<String> = Vec::new();
        for para in it.description.lines() {
            if text.len() >= room {
                break;
            }
            let para = sanitize(para);
            if para.trim().is_empty() {
                text.push(String::new());
            } else {
                text.extend(wrap(&para, inner_w, room - text.len()));
            }
        }
        lines.extend(text.into_iter().map(|l| Line::styled(l, theme.text())));
    }
    let title = fit(
        &format!(" {} {} ", it.code(), sanitize(&it.title)),
        usize::from(area.width.saturating_sub(2)),
    );
    let block = Block::bordered()
        .border_style(theme.column_border(false, false))
        .title(Line::styled(title, theme.column_title(false)))
        .padding(ratatui::widgets::Padding::horizontal(1));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

pub fn draw(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let [tabs, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    draw_tabs(app, theme, frame, tabs);
    let details = crate::app::layout::team_details_rows(app.height);
    let body = if details > 0 && app.teams.team().is_some() {
        let [table, below] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(details)]).areas(body);
        draw_details(app, theme, frame, below);
        table
    } else {
        body
    };
    let t = &app.teams;
    let Some(team) = t.team() else {
        frame.render_widget(Block::bordered().border_style(theme.dim()), body);
        return;
    };
    let wide = body.width >= 110;
    let inner_w = body.width.saturating_sub(3);
    // Rank, id, state, effort, type (wide only); title and parent share the rest.
    let fixed = 5 + 9 + 10 + 6 + if wide { 9 } else { 0 } + 6;
    let spare = inner_w.saturating_sub(fixed);
    let title_w = usize::from(spare * 3 / 5);
    let parent_w = usize::from(spare - spare * 3 / 5);
    let mut headers = vec!["Rank", "ID"];
    if wide {
        headers.push("Type");
    }
    headers.extend(["Title", "State", "Effort", "Cluster item"]);
    let header = Row::new(headers.into_iter().map(Cell::from)).style(theme.table_header());
    let rows = t.rows.iter().map(|r| {
        let it = &r.item;
        let mut cells = vec![
            Cell::from(Line::from(r.rank.to_string()).right_aligned()),
            Cell::from(it.code()),
        ];
        if wide {
            cells.push(Cell::from(it.item_type.as_str()));
        }
        cells.extend([
            Cell::from(fit(&sanitize(&it.title), title_w)),
            Cell::from(state_mark(it.state)),
            Cell::from(
                Line::from(it.effort.map_or_else(|| "–".to_string(), |e| e.to_string()))
                    .right_aligned(),
            ),
            Cell::from(fit(
                &format!("{} {}", it.parent, sanitize(&it.parent_title)),
                parent_w,
            )),
        ]);
        let style = if it.state == TeamState::Done {
            theme.dim()
        } else {
            theme.text()
        };
        Row::new(cells).style(style)
    });
    let mut widths = vec![Constraint::Length(5), Constraint::Length(9)];
    if wide {
        widths.push(Constraint::Length(9));
    }
    widths.extend([
        Constraint::Fill(3),
        Constraint::Length(10),
        Constraint::Length(6),
        Constraint::Fill(2),
    ]);
    let capacity = team
        .capacity
        .map_or_else(String::new, |c| format!(" · capacity {c} points/sprint"));
    let po = team
        .product_owner
        .as_deref()
        .map_or_else(String::new, |p| format!(" · PO {}", sanitize(p)));
    let title = fit(
        &format!(
            " {} {} · {} items{po}{capacity} ",
            team.code,
            sanitize(&team.name),
            t.count
        ),
        usize::from(body.width.saturating_sub(2)),
    );
    let below = t.count.saturating_sub(t.scroll + t.rows.len());
    let mut block = Block::bordered()
        .border_style(theme.column_border(true, false))
        .title(Line::styled(title, theme.column_title(true)));
    if let Some(note) = super::more_note(t.scroll, below, theme) {
        block = block.title_bottom(note);
    }
    let table = Table::new(rows, widths).header(header).block(block);
    super::draw_list(
        frame,
        body,
        table,
        super::ListPlace {
            count: t.count,
            selected: t.selected,
            scroll: t.scroll,
        },
        "(empty: split a cluster item to this team with s)",
        theme,
    );
}
